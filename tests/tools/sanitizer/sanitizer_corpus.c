// SPDX-License-Identifier: Apache-2.0
/*
 * sanitizer-corpus DIR [-v]
 *
 * Runs the user-space crash parser over every log listed in DIR/INDEX.tsv
 * (the sanitizer corpus: ClusterFuzz's stack analyzer test data, see
 * DIR/../README.md) and prints how many give exactly the expected
 * crash_type and crash_state:
 *	SCORE sanitizer crash_type 33/35 94.3%
 *	SCORE sanitizer crash_state 32/35 91.4%
 * A file whose crash_type cell is empty expects no crash. With -v every
 * mismatch is shown. Exit status 0, or 2 when the corpus cannot be read.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/userspace.h"
#include "util/strbuf.h"
#include "util/util.h"

static void release_list(struct report_list *list)
{
	for (size_t i = 0; i < list->nr; i++) {
		struct crash_report *r = &list->items[i];

		free(r->title);
		for (size_t j = 0; j < r->alt_nr; j++)
			free(r->alt_titles[j]);
		free(r->alt_titles);
		free(r->type);
		free(r->frame);
		free(r->guilty_file);
		free(r->report);
		free(r->crash_type);
		free(r->crash_state);
	}
	free(list->items);
	list->items = NULL;
	list->nr = list->alloc = 0;
}

/* INDEX.tsv escapes \\, \t and \n. */
static char *unescape(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[++i];

			strbuf_addch(&sb, c == 'n' ? '\n' : c == 't' ? '\t' : c);
		} else {
			strbuf_addch(&sb, s[i]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void show(const char *what, const char *s)
{
	printf("    %s: \"", what);
	for (; s && *s; s++)
		if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	printf("\"%s\n", s ? "" : " (none)");
}

int main(int argc, char **argv)
{
	struct strbuf index = STRBUF_INIT;
	const char *dir;
	char *path, *line, *save = NULL;
	int verbose = argc > 2 && !strcmp(argv[2], "-v");
	int total = 0, type_ok = 0, state_ok = 0, listed = 0, files = 0;
	DIR *d;
	struct dirent *de;

	if (argc < 2) {
		fprintf(stderr, "usage: sanitizer-corpus DIR [-v]\n");
		return 2;
	}
	dir = argv[1];
	path = xstrfmt("%s/INDEX.tsv", dir);
	if (strbuf_read_file(&index, path) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		return 2;
	}
	free(path);

	for (line = strtok_r(index.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cells[8] = { 0 }, *p = line;
		struct strbuf log = STRBUF_INIT, clean = STRBUF_INIT;
		struct report_list list = REPORT_LIST_INIT;
		char *want_type, *want_state;
		const char *got_type = "", *got_state = "";
		int nc = 0;
		bool t_ok, s_ok;

		while (nc < 8) {
			char *tab = strchr(p, '\t');

			cells[nc++] = p;
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (nc < 5 || !strcmp(cells[0], "file"))
			continue;
		listed++;
		path = xstrfmt("%s/%s", dir, cells[0]);
		if (strbuf_read_file(&log, path) < 0) {
			fprintf(stderr, "cannot read %s\n", path);
			return 2;
		}
		free(path);
		for (size_t i = 0; i < log.len; i++)
			if (log.buf[i] != '\r')
				strbuf_addch(&clean, log.buf[i]);

		report_parse_userspace(clean.buf, clean.len, &list);
		if (list.nr) {
			got_type = list.items[0].crash_type ? list.items[0].crash_type : "";
			got_state = list.items[0].crash_state ? list.items[0].crash_state : "";
		}
		want_type = unescape(cells[2], strlen(cells[2]));
		want_state = unescape(cells[4], strlen(cells[4]));
		if (!*want_type) {
			/* no crash expected */
			t_ok = s_ok = !list.nr;
		} else {
			t_ok = list.nr && !strcmp(got_type, want_type);
			s_ok = list.nr && !strcmp(got_state, want_state);
		}
		total++;
		type_ok += t_ok;
		state_ok += s_ok;
		if (verbose || !t_ok || !s_ok) {
			printf("%s %s: %s\n", t_ok && s_ok ? "ok  " : "MISS", cells[0],
			       list.nr ? list.items[0].title : "(no crash)");
			if (!t_ok) {
				show("want type ", want_type);
				show("got type  ", list.nr ? got_type : NULL);
			}
			if (!s_ok) {
				show("want state", want_state);
				show("got state ", list.nr ? got_state : NULL);
			}
			if (verbose && list.nr)
				printf("    type %s frame %s\n", list.items[0].type,
				       list.items[0].frame ? list.items[0].frame : "(none)");
		}
		free(want_type);
		free(want_state);
		release_list(&list);
		strbuf_release(&log);
		strbuf_release(&clean);
	}
	strbuf_release(&index);

	d = opendir(dir);
	if (d) {
		while ((de = readdir(d)))
			if (ends_with(de->d_name, ".txt"))
				files++;
		closedir(d);
	}
	if (files != listed)
		printf("note: %d .txt files, %d listed in INDEX.tsv\n", files, listed);
	if (!total)
		total = 1;
	printf("SCORE sanitizer crash_type %d/%d %.1f%%\n", type_ok, total, 100.0 * type_ok / total);
	printf("SCORE sanitizer crash_state %d/%d %.1f%%\n", state_ok, total, 100.0 * state_ok / total);
	return 0;
}
