// SPDX-License-Identifier: Apache-2.0
/*
 * culprit report [--all] [--json|--title-only] [FILE|-] - print the crashes
 * found in a console log: the first crash (every crash with --all) as its
 * title, a blank line and its report; with --title-only just the title;
 * with --json one JSON object per crash per line. No crash: prints nothing
 * and exits 0. Unreadable input: exit 2; out of memory: exit 4.
 *
 * A regular file is mapped and parsed whole; anything else (a pipe, a
 * device) is read in bounded windows (report_stream_*), at most
 * STREAM_MAX bytes of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "report/report.h"
#include "util/strbuf.h"
#include "util/util.h"

/* a stream (not a regular file) is read up to this much: /dev/zero ends */
#define STREAM_MAX ((size_t)2 << 30)
/*
 * The JSON "report" texts of one run share this budget; past it each is
 * cut to JSON_REPORT_SMALL bytes (at a line end, with a note).
 */
#define JSON_REPORT_BUDGET ((size_t)16 << 20)
#define JSON_REPORT_SMALL 4096

static const char usage_text[] =
	"usage: culprit report [--all] [--json | --title-only] [FILE|-]\n"
	"\n"
	"Find kernel and user-space crash reports in a console log (FILE, or\n"
	"standard input when FILE is '-' or absent) and print the first one: its\n"
	"title, a blank line, and its report from its first line to the end of\n"
	"its stack.\n"
	"\n"
	"    --all         every crash, not only the first one (at most 1000 are\n"
	"                  kept; a last line says how many more were found)\n"
	"    --title-only  only the titles, one per line\n"
	"    --json        one JSON object per crash and line: title, alt_titles,\n"
	"                  type, frame, guilty_file, corrupted, suppressed,\n"
	"                  panicked, start, end, report (at most 64 KiB; 4 KiB each\n"
	"                  once 16 MiB were printed), frames (function, file, line,\n"
	"                  inline), crash_type, crash_state, crash_address, security\n"
	"                  (ClusterFuzz's names; null when unknown); with --all a\n"
	"                  last {\"more_crashes\": N, \"max_crashes\": 1000} object\n"
	"                  when more were found\n"
	"\n"
	"Prints nothing and exits 0 when there is no crash; exits 2 when the\n"
	"input cannot be read (or a stream does not end within 2 GiB), 4 when\n"
	"memory runs out.\n";

/* JSON strings must be UTF-8: replace invalid bytes with U+FFFD. */
static json_t *json_bytesn(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p, *end;
	json_t *j;

	if (!s)
		return json_null();
	p = (const unsigned char *)s;
	end = p + len;
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

static json_t *json_opt(const char *s)
{
	return s ? json_bytes(s) : json_null();
}

static json_t *json_frames(const char *text, size_t len)
{
	struct report_frames f = REPORT_FRAMES_INIT;
	json_t *a = json_array();

	report_frames(text, len, &f);
	for (size_t i = 0; i < f.nr; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "function", json_bytes(f.v[i].function));
		json_object_set_new(o, "file", json_opt(f.v[i].file));
		json_object_set_new(o, "line", f.v[i].line ? json_integer(f.v[i].line) : json_null());
		json_object_set_new(o, "inline", json_boolean(f.v[i].inlined));
		json_array_append_new(a, o);
	}
	report_frames_release(&f);
	return a;
}

/* At most `max` bytes of text, cut at a line end, with a note of the rest. */
static json_t *json_text(const char *text, size_t len, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;
	size_t n = len;

	if (len <= max)
		return json_bytesn(text, len);
	while (n > 0 && (n > max || text[n - 1] != '\n'))
		n--;
	if (!n)
		n = max;
	strbuf_add(&sb, text, n);
	strbuf_addf(&sb, "%s[... %zu more bytes of this report left out]\n",
		    n && text[n - 1] != '\n' ? "\n" : "", len - n);
	j = json_bytesn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j;
}

static void print_json(FILE *out, const struct crash_report *r, size_t *budget)
{
	json_t *o = json_object(), *alts = json_array();
	const char *text;
	size_t len;
	char *s;

	report_excerpt(r, &text, &len);
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
	json_object_set_new(o, "report", json_text(text, len, *budget >= len ? len : JSON_REPORT_SMALL));
	*budget -= *budget >= len ? len : *budget;
	json_object_set_new(o, "frames", json_frames(text, len));
	json_object_set_new(o, "crash_type", json_opt(r->crash_type));
	json_object_set_new(o, "crash_state", json_opt(r->crash_state));
	json_object_set_new(o, "crash_address", json_opt(r->crash_address && *r->crash_address ?
							  r->crash_address : NULL));
	json_object_set_new(o, "security", r->crash_type ? json_boolean(r->security) : json_null());
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (s) {
		fputs(s, out);
		fputc('\n', out);
	}
	free(s);
	json_decref(o);
}

static void print_text(FILE *out, const struct crash_report *r, bool first)
{
	const char *text;
	size_t len;

	report_excerpt(r, &text, &len);
	fprintf(out, "%s%s\n\n", first ? "" : "\n", r->title);
	fwrite(text, 1, len, out);
	if (len && text[len - 1] != '\n')
		fputc('\n', out);
}

/*
 * Print `list` as `culprit report` does (mode: 't'ext, 'T'itle only,
 * 'j'son); every crash with `all`, else the first one. Also called by the
 * fuzz target (bench/fuzz_report.c) on whatever the parser returns.
 */
void report_print_list(FILE *out, const struct report_list *list, int mode, bool all);
void report_print_list(FILE *out, const struct report_list *list, int mode, bool all)
{
	size_t budget = JSON_REPORT_BUDGET;

	for (size_t i = 0; i < list->nr && (all || i == 0); i++) {
		if (mode == 'j')
			print_json(out, &list->items[i], &budget);
		else if (mode == 'T')
			fprintf(out, "%s\n", list->items[i].title);
		else
			print_text(out, &list->items[i], i == 0);
	}
	if (!all || !list->dropped)
		return;
	if (mode == 'j')
		fprintf(out, "{\"more_crashes\":%zu,\"max_crashes\":%d}\n", list->dropped, REPORT_MAX_CRASHES);
	else
		fprintf(out, "%s... %zu more crashes found, not shown (at most %d are kept)\n",
			mode == 'T' ? "" : "\n", list->dropped, REPORT_MAX_CRASHES);
}

static const char *oom_input;

static void oom_exit(void)
{
	/* no allocation here: say which input was too big, and go */
	static const char a[] = "culprit report: out of memory reading '";
	static const char b[] = "'\n";

	if (write(STDERR_FILENO, a, sizeof(a) - 1) >= 0 && oom_input &&
	    write(STDERR_FILENO, oom_input, strlen(oom_input)) >= 0 &&
	    write(STDERR_FILENO, b, sizeof(b) - 1) >= 0)
		fflush(stderr);
	_exit(EXIT_INFRA);
}

/* A pipe or a device, window by window. Returns -1 (errno set), or 1 when cut at STREAM_MAX. */
static int read_stream(int fd, struct report_list *list)
{
	struct report_stream *s = report_stream_new(0);
	size_t bufsz = 1 << 20;
	char *buf = xmalloc(bufsz);
	int ret = 0;

	for (;;) {
		ssize_t n = read(fd, buf, bufsz);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -1;
			break;
		}
		if (!n)
			break;
		report_stream_feed(s, buf, (size_t)n, list);
		if (report_stream_fed(s) >= STREAM_MAX) {
			ret = 1;
			break;
		}
	}
	if (ret >= 0)
		report_stream_finish(s, list);
	free(buf);
	report_stream_free(s);
	return ret;
}

/* Returns 0, -1 (errno set), or 1 when a stream was cut at STREAM_MAX. */
static int read_input(const char *path, struct report_list *list)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	struct stat st;
	int ret;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		ret = -1;
	} else if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		ret = -1;
	} else if (S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size < SIZE_MAX) {
		size_t size = (size_t)st.st_size;
		void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (map == MAP_FAILED) {
			ret = read_stream(fd, list);
		} else {
			madvise(map, size, MADV_SEQUENTIAL);
			report_parse(map, size, list);
			munmap(map, size);
			ret = 0;
		}
	} else {
		ret = read_stream(fd, list);
	}
	if (fd != STDIN_FILENO) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return ret;
}

int cmd_report(int argc, const char **argv)
{
	bool all = false;
	int mode = 't', rc;
	const char *path = NULL, *name;
	struct report_list list = REPORT_LIST_INIT;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all")) {
			all = true;
		} else if (!strcmp(argv[i], "--json")) {
			mode = 'j';
		} else if (!strcmp(argv[i], "--title-only")) {
			mode = 'T';
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
	name = strcmp(path, "-") ? path : "standard input";
	oom_input = name;
	set_oom_handler(oom_exit);
	/*
	 * A report's text grows to a MiB and goes: keep freed memory for the
	 * next one rather than giving it back to the kernel after each.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	rc = read_input(path, &list);
	if (rc < 0) {
		fprintf(stderr, "culprit report: cannot read '%s': %s\n", name, strerror(errno));
		report_list_release(&list);
		return EXIT_USAGE;
	}
	report_print_list(stdout, &list, mode, all);
	report_list_release(&list);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "culprit report: cannot write output\n");
		return EXIT_USAGE;
	}
	if (rc > 0) {
		fprintf(stderr, "culprit report: '%s' did not end within %zu GiB: read that much only\n",
			name, STREAM_MAX >> 30);
		return EXIT_USAGE;
	}
	return 0;
}
