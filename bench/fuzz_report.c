// SPDX-License-Identifier: Apache-2.0
/*
 * fuzz_report - libFuzzer target for the whole `culprit report` pipeline.
 *
 * Built and run by bench/fuzz.sh (clang -fsanitize=fuzzer,address,undefined).
 * Any input must go through what `culprit report` does without a crash,
 * leak, sanitizer report or timeout: report_parse() on the whole input, the
 * same input fed in pieces to a small streaming window, then the three
 * outputs of the command (text, --title-only, --json, printed by
 * src/cli/report.c's own code) with every JSON line valid JSON with a
 * non-empty "report", the excerpt inside the report, frames read from it;
 * and the reports' fields must hold their invariants.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* src/cli/report.c: what `culprit report` prints ('t'ext, 'T'itles, 'j'son) */
void report_print_list(FILE *out, const struct report_list *list, int mode, bool all);

static void check_report(const struct crash_report *r, size_t size)
{
	struct report_frames f = REPORT_FRAMES_INIT;
	const char *text;
	size_t len;

	if (!r->title || !r->type || !r->report || r->start > r->end || r->end > size ||
	    strlen(r->title) > 120 || r->prefix_len > r->report_len || r->report[r->report_len] != '\0')
		abort();
	if (!report_matches_title(r, r->title))
		abort();
	for (size_t k = 0; k < r->alt_nr; k++)
		if (!r->alt_titles[k] || !report_matches_title(r, r->alt_titles[k]))
			abort();
	report_excerpt(r, &text, &len);
	if (text < r->report || text + len > r->report + r->report_len || len > REPORT_TEXT_MAX ||
	    (r->report_len && !len))
		abort();
	report_frames(text, len, &f);
	if (f.nr > REPORT_FRAMES_MAX)
		abort();
	for (size_t i = 0; i < f.nr; i++)
		if (!f.v[i].function || !*f.v[i].function)
			abort();
	report_frames_release(&f);
}

/* the command's three outputs; every JSON line parses and has a report */
static void check_output(const struct report_list *list)
{
	static const int modes[] = { 't', 'T', 'j' };

	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		char *out = NULL, *line, *save = NULL;
		size_t outlen = 0;
		FILE *f = open_memstream(&out, &outlen);

		if (!f)
			abort();
		report_print_list(f, list, modes[m], true);
		fclose(f);
		if (modes[m] == 'j')
			for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
				json_t *o = json_loads(line, 0, NULL), *r;

				if (!o)
					abort();
				r = json_object_get(o, "report");
				if (!json_object_get(o, "more_crashes") && (!json_is_string(r) || !json_string_length(r)))
					abort();
				json_decref(o);
			}
		free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_list list = REPORT_LIST_INIT, streamed = REPORT_LIST_INIT;
	const char *buf = (const char *)data;
	struct report_stream *s;
	size_t piece = size % 61 + 1;

	report_parse(buf, size, &list);
	for (size_t i = 0; i < list.nr; i++) {
		check_report(&list.items[i], size);
		if (i && list.items[i].start < list.items[i - 1].start)
			abort();	/* in order of appearance */
	}
	if (list.nr && !report_contains_crash(buf, size))
		abort();
	check_output(&list);

	/* the same input in pieces, through a window of 4 KiB */
	s = report_stream_new(4096);
	for (size_t pos = 0; pos < size; pos += piece)
		report_stream_feed(s, buf + pos, size - pos < piece ? size - pos : piece, &streamed);
	report_stream_finish(s, &streamed);
	report_stream_free(s);
	for (size_t i = 0; i < streamed.nr; i++) {
		if (streamed.items[i].end > size)
			abort();
		if (i && streamed.items[i].start <= streamed.items[i - 1].start)
			abort();	/* each crash given once, in order */
	}
	if (size <= 4096 - 512 && streamed.nr != list.nr)
		abort();	/* one window: the same as a whole parse */
	report_list_release(&streamed);
	report_list_release(&list);
	return 0;
}
