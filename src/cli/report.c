// SPDX-License-Identifier: Apache-2.0
/*
 * culprit report [--all] [--json] [FILE|-] - print the crashes found in a
 * console log: the first crash's title (every crash with --all), or with
 * --json one JSON object per crash per line. No crash: prints nothing and
 * exits 0. Unreadable input: exit 2.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report/report.h"
#include "util/strbuf.h"
#include "util/util.h"

static const char usage_text[] =
	"usage: culprit report [--all] [--json] [FILE|-]\n"
	"\n"
	"Find kernel (and user-space sanitizer) crash reports in a console log\n"
	"(FILE, or standard input when FILE is '-' or absent).\n"
	"\n"
	"    --all     print every crash, not only the first one\n"
	"    --json    one JSON object per crash and line: title, alt_titles, type,\n"
	"              frame, guilty_file, corrupted, suppressed, panicked, start,\n"
	"              end, report (and crash_type, crash_state for sanitizers)\n"
	"\n"
	"Prints nothing and exits 0 when there is no crash; exits 2 when the\n"
	"input cannot be read.\n";

/* JSON strings must be UTF-8: replace invalid bytes with U+FFFD. */
static json_t *json_bytesn(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	json_t *j;

	if (!s)
		return json_null();
	while (p < end) {
		size_t n = 0;

		if (*p < 0x80)
			n = 1;
		else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
			n = 2;
		else if ((*p & 0xf0) == 0xe0)
			n = 3;
		else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
			n = 4;
		if (n > (size_t)(end - p))
			n = 0;
		for (size_t k = 1; k < n; k++)
			if ((p[k] & 0xc0) != 0x80)
				n = 0;
		/* overlong and surrogate forms */
		if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0)))
			n = 0;
		if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90)))
			n = 0;
		if (n) {
			strbuf_add(&sb, p, n);
			p += n;
		} else {
			strbuf_addstr(&sb, "\xef\xbf\xbd");
			p++;
		}
	}
	j = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j ? j : json_string("");
}

static json_t *json_bytes(const char *s)
{
	return json_bytesn(s, s ? strlen(s) : 0);
}

static void print_json(const struct crash_report *r)
{
	json_t *o = json_object(), *alts = json_array();
	char *s;

	for (size_t i = 0; i < r->alt_nr; i++)
		json_array_append_new(alts, json_bytes(r->alt_titles[i]));
	json_object_set_new(o, "title", json_bytes(r->title));
	json_object_set_new(o, "alt_titles", alts);
	json_object_set_new(o, "type", json_bytes(r->type ? r->type : ""));
	json_object_set_new(o, "frame", json_bytes(r->frame));
	json_object_set_new(o, "guilty_file", json_bytes(r->guilty_file));
	json_object_set_new(o, "corrupted", json_boolean(r->corrupted));
	json_object_set_new(o, "suppressed", json_boolean(r->suppressed));
	json_object_set_new(o, "panicked", json_boolean(r->panicked));
	json_object_set_new(o, "start", json_integer((json_int_t)r->start));
	json_object_set_new(o, "end", json_integer((json_int_t)r->end));
	json_object_set_new(o, "report", json_bytesn(r->report ? r->report : "", r->report ? r->report_len : 0));
	if (r->crash_type)
		json_object_set_new(o, "crash_type", json_bytes(r->crash_type));
	if (r->crash_state)
		json_object_set_new(o, "crash_state", json_bytes(r->crash_state));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (s)
		puts(s);
	free(s);
	json_decref(o);
}

int cmd_report(int argc, const char **argv)
{
	bool all = false, json = false;
	const char *path = NULL;
	struct strbuf in = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all")) {
			all = true;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "culprit report: unknown option '%s'\n%s", argv[i], usage_text);
			return EXIT_USAGE;
		} else if (path) {
			fprintf(stderr, "culprit report: more than one input\n%s", usage_text);
			return EXIT_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (!path)
		path = "-";
	if (is_directory(path)) {
		fprintf(stderr, "culprit report: cannot read '%s': Is a directory\n", path);
		return EXIT_USAGE;
	}
	if (strbuf_read_file(&in, path) < 0) {
		fprintf(stderr, "culprit report: cannot read '%s': %s\n",
			strcmp(path, "-") ? path : "standard input", strerror(errno));
		strbuf_release(&in);
		return EXIT_USAGE;
	}
	report_parse(in.buf, in.len, &list);
	for (size_t i = 0; i < list.nr && (all || i == 0); i++) {
		if (json)
			print_json(&list.items[i]);
		else
			puts(list.items[i].title);
	}
	report_list_release(&list);
	strbuf_release(&in);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "culprit report: cannot write output\n");
		return EXIT_USAGE;
	}
	return 0;
}
