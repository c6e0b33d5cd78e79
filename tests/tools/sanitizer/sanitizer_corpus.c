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
 *
 * sanitizer-corpus --bench MB
 * times the parser on MB megabytes of made-up kernel console lines with no
 * user-space crash, then with one ASan report at the end, and prints
 *	SCORE sanitizer throughput no-crash 850.1 MB/s (100 MB, 0.123 s CPU)
 *	SCORE sanitizer throughput crash-at-end 843.0 MB/s (100 MB, 0.124 s CPU)
 */
#include <dirent.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/userspace.h"
#include "util/strbuf.h"
#include "util/util.h"

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

static const char ASAN_REPORT[] =
	"==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000014 at pc 0x1 bp 0x2 sp 0x3\n"
	"READ of size 4 at 0x602000000014 thread T0\n"
	"    #0 0x55afeab40226 in use_after_free /tmp/uaf.c:15\n"
	"    #1 0x55afeab40243 in main /tmp/uaf.c:21\n"
	"SUMMARY: AddressSanitizer: heap-use-after-free /tmp/uaf.c:15 in use_after_free\n";

static double seconds(void)
{
	struct timespec ts;

	/* CPU time: the machine is shared, wall time says little */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bench(size_t mb)
{
	static const char *const lines[] = {
		"[%5u.%06u][ T%u] audit: type=1400 audit(%u.123:%u): avc:  denied  { read } for  pid=%u comm=\"syz-executor\" name=\"ptmx\"\n",
		"[%5u.%06u][ T%u] EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none. %u %u %u\n",
		"[%5u.%06u][ T%u] ==================================================================%u %u %u\n",
		"executing program %u %u %u %u %u %u\n",
		"r0 = openat$ptmx(0xffffffffffffff9c, &(0x7f0000000000), 0x0, 0x%x) %u %u %u %u\n",
		"[%5u.%06u][ T%u] check failed? no: assertion of nothing, panic none %u %u %u\n",
	};
	struct strbuf sb = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;
	unsigned n = 0;
	double t, a, b;

	while (sb.len < mb << 20) {
		strbuf_addf(&sb, lines[n % ARRAY_SIZE(lines)], n / 1000, n % 1000000, n % 9000,
			    n, n * 7, n * 13);
		n++;
	}
	/* compile the patterns first; then the best of three runs */
	report_parse_userspace(ASAN_REPORT, strlen(ASAN_REPORT), &list);
	report_list_release(&list);
	a = b = 1e9;
	for (int i = 0; i < 3; i++) {
		report_list_release(&list);
		t = seconds();
		report_parse_userspace(sb.buf, sb.len, &list);
		t = seconds() - t;
		a = t < a ? t : a;
	}
	if (list.nr)
		printf("note: %zu crashes in the no-crash log, first: %s\n", list.nr,
		       list.items[0].title);
	report_list_release(&list);
	strbuf_addstr(&sb, ASAN_REPORT);
	for (int i = 0; i < 3; i++) {
		report_list_release(&list);
		t = seconds();
		report_parse_userspace(sb.buf, sb.len, &list);
		t = seconds() - t;
		b = t < b ? t : b;
	}
	if (!list.nr || strcmp(list.items[list.nr - 1].title,
			       "AddressSanitizer: heap-use-after-free in use_after_free")) {
		printf("FAIL: the crash at the end was not found\n");
		return 1;
	}
	report_list_release(&list);
	printf("SCORE sanitizer throughput no-crash %.1f MB/s (%zu MB, %.3f s CPU)\n",
	       sb.len / 1e6 / a, mb, a);
	printf("SCORE sanitizer throughput crash-at-end %.1f MB/s (%zu MB, %.3f s CPU)\n",
	       sb.len / 1e6 / b, mb, b);
	strbuf_release(&sb);
	return 0;
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
		fprintf(stderr, "usage: sanitizer-corpus DIR [-v] | --bench MB\n");
		return 2;
	}
	if (!strcmp(argv[1], "--bench"))
		return bench(argc > 2 ? (size_t)atol(argv[2]) : 100);
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
		report_list_release(&list);
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
