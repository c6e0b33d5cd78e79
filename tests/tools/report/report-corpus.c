// SPDX-License-Identifier: Apache-2.0
/*
 * report-corpus - score the crash-report parser against the crash-log
 * corpus (../shared/corpus, see its README.md for the file formats).
 *
 * usage: report-corpus [-v] [--only NAME] CORPUS_DIR
 *
 * For each folder prints "SCORE <folder> <field> <matched> <total> <percent>"
 * lines; with -v also one "MISMATCH <file> <field>: got | want" line per
 * difference. Checks its own splitter against INDEX.tsv's log_bytes (a
 * mismatch there is an error: exit 2).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

enum field {
	F_TITLE, F_NOCRASH, F_ALT, F_TYPE, F_FRAME, F_CORRUPTED, F_SUPPRESSED, F_PANICKED,
	F_REPORT, F_STARTEND, F_REPARSE, F_GUILTY, F_CRASH_TYPE, F_CRASH_STATE, F_NR
};

static const char *const field_names[F_NR] = {
	"title", "nocrash", "alt_titles", "type", "frame", "corrupted", "suppressed", "panicked",
	"report", "start_end", "reparse", "guilty_file", "crash_type", "crash_state",
};

struct score {
	size_t ok[F_NR], total[F_NR];
};

static int verbose;
static const char *only;

static void count(struct score *s, enum field f, bool ok, const char *file, const char *got,
		  const char *want)
{
	s->total[f]++;
	if (ok) {
		s->ok[f]++;
		return;
	}
	if (verbose) {
		printf("MISMATCH %s %s: got '%s' | want '%s'\n", file, field_names[f],
		       got ? got : "(none)", want ? want : "(none)");
	}
}

static void print_scores(const char *folder, const struct score *s)
{
	for (int f = 0; f < F_NR; f++) {
		if (!s->total[f])
			continue;
		printf("SCORE %s %s %zu %zu %.1f%%\n", folder, field_names[f], s->ok[f], s->total[f],
		       100.0 * s->ok[f] / s->total[f]);
	}
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* INDEX.tsv: file -> log_bytes */
struct index_row {
	char *file;
	long log_bytes;
};

static struct index_row *index_rows;
static size_t index_nr, index_alloc;

static void load_index(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = xstrfmt("%s/INDEX.tsv", dir);
	char *save = NULL;

	if (strbuf_read_file(&sb, path) < 0) {
		free(path);
		return;
	}
	for (char *line = strtok_r(sb.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cols[14];
		int n = 0;
		char *p = line;

		while (n < 14) {
			cols[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (n < 13 || !strcmp(cols[0], "file"))
			continue;
		ALLOC_GROW(index_rows, index_nr + 1, index_alloc);
		index_rows[index_nr].file = xstrdup(cols[0]);
		index_rows[index_nr].log_bytes = atol(cols[12]);
		index_nr++;
	}
	strbuf_release(&sb);
	free(path);
}

static long index_log_bytes(const char *name)
{
	for (size_t i = 0; i < index_nr; i++)
		if (!strcmp(index_rows[i].file, name))
			return index_rows[i].log_bytes;
	return -1;
}

struct test {
	char *title, *type, *frame, *start, *end;
	struct strvec alts;
	bool has_title, corrupted, suppressed, panicked, has_report;
	struct strbuf log, report;
};

static void strip_cr(struct strbuf *sb)
{
	size_t j = 0;

	for (size_t i = 0; i < sb->len; i++)
		if (sb->buf[i] != '\r')
			sb->buf[j++] = sb->buf[i];
	strbuf_setlen(sb, j);
}

/* Split per the corpus README; works on bytes (logs may hold NULs). */
static void parse_test(struct strbuf *data, struct test *t)
{
	const char *p, *end;
	bool in_report = false, prev_empty = false, header = true;

	memset(t, 0, sizeof(*t));
	t->alts = (struct strvec)STRVEC_INIT;
	strbuf_init(&t->log, 0);
	strbuf_init(&t->report, 0);
	strip_cr(data);
	p = data->buf;
	end = data->buf + data->len;
	if (p < end && *p == '\n') {
		header = false;	/* no header: expects no crash */
		p++;
	}
	while (header && p < end) {
		const char *nl = memchr(p, '\n', end - p);
		char *l = xstrndup(p, (nl ? nl : end) - p);
		const char *v;

		p = nl ? nl + 1 : end;
		if (!*l) {
			free(l);
			break;
		}
		if (skip_prefix(l, "TITLE: ", &v)) {
			t->title = xstrdup(v);
			t->has_title = *v != '\0';
		} else if (skip_prefix(l, "ALT: ", &v)) {
			strvec_push(&t->alts, v);
		} else if (skip_prefix(l, "TYPE: ", &v)) {
			t->type = xstrdup(v);
		} else if (skip_prefix(l, "FRAME: ", &v)) {
			t->frame = xstrdup(v);
		} else if (skip_prefix(l, "START: ", &v)) {
			t->start = xstrdup(v);
		} else if (skip_prefix(l, "END: ", &v)) {
			t->end = xstrdup(v);
		} else if (skip_prefix(l, "CORRUPTED: ", &v)) {
			t->corrupted = !strcmp(v, "Y");
		} else if (skip_prefix(l, "SUPPRESSED: ", &v)) {
			t->suppressed = !strcmp(v, "Y");
		} else if (skip_prefix(l, "PANICKED: ", &v)) {
			t->panicked = !strcmp(v, "Y");
		}
		free(l);
	}
	/* every later line plus '\n'; a final newline starts no new line */
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;

		if (!in_report && prev_empty && n == 7 && !memcmp(p, "REPORT:", 7)) {
			in_report = true;
			t->has_report = true;
		} else {
			prev_empty = n == 0;
			strbuf_add(in_report ? &t->report : &t->log, p, n);
			strbuf_addch(in_report ? &t->report : &t->log, '\n');
		}
		p = nl ? nl + 1 : end;
	}
}

static void free_test(struct test *t)
{
	free(t->title);
	free(t->type);
	free(t->frame);
	free(t->start);
	free(t->end);
	strvec_clear(&t->alts);
	strbuf_release(&t->log);
	strbuf_release(&t->report);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static char *join_alts(char **v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? " | " : "", v[i]);
	return strbuf_detach(&sb, NULL);
}

static int splitter_errors;

static void run_kernel_file(const char *dir, const char *folder, const char *name, struct score *s)
{
	char *path = xstrfmt("%s/%s/%s", dir, folder, name);
	char *key = xstrfmt("%s/%s", folder, name);
	struct strbuf data = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;
	struct test t;
	long want_bytes;
	struct crash_report *r;

	if (strbuf_read_file(&data, path) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		splitter_errors++;
		goto out;
	}
	parse_test(&data, &t);
	want_bytes = index_log_bytes(key);
	if (want_bytes >= 0 && (size_t)want_bytes != t.log.len) {
		fprintf(stderr, "splitter: %s log is %zu bytes, INDEX.tsv says %ld\n", key, t.log.len,
			want_bytes);
		splitter_errors++;
	}
	report_parse(t.log.buf, t.log.len, &list);
	r = list.nr ? &list.items[0] : NULL;
	if (!t.has_title) {
		count(s, F_TITLE, !r, key, r ? r->title : NULL, NULL);
		count(s, F_NOCRASH, !r, key, r ? r->title : NULL, NULL);
	} else {
		char *want_alts, *got_alts = NULL;
		const char *gtype = r ? r->type : NULL;

		count(s, F_TITLE, r && !strcmp(r->title, t.title), key, r ? r->title : NULL, t.title);
		qsort(t.alts.v, t.alts.nr, sizeof(*t.alts.v), cmp_str);
		want_alts = join_alts((char **)t.alts.v, t.alts.nr);
		if (r)
			got_alts = join_alts(r->alt_titles, r->alt_nr);
		count(s, F_ALT, r && !strcmp(got_alts, want_alts), key, got_alts, want_alts);
		count(s, F_TYPE, r && !strcmp(gtype, t.type ? t.type : ""), key, gtype, t.type);
		count(s, F_CORRUPTED, r && r->corrupted == t.corrupted, key,
		      r ? (r->corrupted ? "Y" : "N") : NULL, t.corrupted ? "Y" : "N");
		count(s, F_SUPPRESSED, r && r->suppressed == t.suppressed, key,
		      r ? (r->suppressed ? "Y" : "N") : NULL, t.suppressed ? "Y" : "N");
		count(s, F_PANICKED, r && r->panicked == t.panicked, key,
		      r ? (r->panicked ? "Y" : "N") : NULL, t.panicked ? "Y" : "N");
		if (t.frame)
			count(s, F_FRAME, r && r->frame && !strcmp(r->frame, t.frame), key,
			      r ? r->frame : NULL, t.frame);
		if (t.has_report)
			count(s, F_REPORT, r && !strcmp(r->report, t.report.buf), key,
			      verbose > 1 && r ? r->report : "...", verbose > 1 ? t.report.buf : "...");
		if (t.start) {
			const char *end = t.end ? t.end : t.start;
			const char *sp = memmem(t.log.buf, t.log.len, t.start, strlen(t.start));
			const char *ep = memmem(t.log.buf, t.log.len, end, strlen(end));
			size_t ws = sp ? (size_t)(sp - t.log.buf) : 0;
			size_t we = ep ? (size_t)(ep - t.log.buf) + strlen(end) : 0;
			char got[64], want[64];

			snprintf(got, sizeof(got), "%zu-%zu", r ? r->start : 0, r ? r->end : 0);
			snprintf(want, sizeof(want), "%zu-%zu", ws, we);
			count(s, F_STARTEND, r && r->start == ws && r->end == we, key, got, want);
		}
		if (r) {
			/* parsing again from the report's start gives the same title;
			 * from its end, not the same report again */
			struct report_list again = REPORT_LIST_INIT, after = REPORT_LIST_INIT;
			bool ok;

			report_parse(t.log.buf + r->start, t.log.len - r->start, &again);
			report_parse(t.log.buf + r->end, t.log.len - r->end, &after);
			ok = again.nr && !strcmp(again.items[0].title, r->title) &&
			     again.items[0].start == 0 &&
			     !(after.nr && after.items[0].start == 0 && !strcmp(after.items[0].title, r->title));
			count(s, F_REPARSE, ok, key, again.nr ? again.items[0].title : NULL, r->title);
			report_list_release(&again);
			report_list_release(&after);
		}
		free(want_alts);
		free(got_alts);
	}
	report_list_release(&list);
	free_test(&t);
out:
	strbuf_release(&data);
	free(path);
	free(key);
}

static void run_guilty_file(const char *dir, const char *name, struct score *s)
{
	char *path = xstrfmt("%s/linux_guilty/%s", dir, name);
	char *key = xstrfmt("linux_guilty/%s", name);
	struct strbuf data = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;
	char *want = NULL, *got = NULL, *sep;
	const char *body, *v;

	if (strbuf_read_file(&data, path) < 0) {
		splitter_errors++;
		goto out;
	}
	strip_cr(&data);
	sep = strstr(data.buf, "\n\n");
	if (!sep) {
		splitter_errors++;
		goto out;
	}
	*sep = '\0';
	body = sep + 2;
	if (skip_prefix(data.buf, "FILE: ", &v))
		want = xstrdup(v);
	else
		want = xstrdup("");
	/*
	 * Like syzkaller's guilty test: parse the symbolized report, then take
	 * the guilty file from the report text starting at the crash.
	 */
	report_parse(body, data.buf + data.len - body, &list);
	if (list.nr) {
		const struct crash_report *r = &list.items[0];
		size_t len = data.buf + data.len - body - r->start;

		got = report_guilty_file(r->title, body + r->start, len);
	}
	count(s, F_GUILTY, !strcmp(got ? got : "", want), key, got, want);
out:
	free(got);
	free(want);
	report_list_release(&list);
	strbuf_release(&data);
	free(path);
	free(key);
}

static char *unescape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1]) {
			s++;
			strbuf_addch(&sb, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
		} else {
			strbuf_addch(&sb, *s);
		}
	}
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

static void run_sanitizer(const char *dir, struct score *s)
{
	struct strbuf idx = STRBUF_INIT;
	char *path = xstrfmt("%s/sanitizer/INDEX.tsv", dir);
	char *save = NULL;

	if (strbuf_read_file(&idx, path) < 0)
		goto out;
	for (char *line = strtok_r(idx.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cols[8], *p = line, *fpath, *ct, *cs, *gt, *gs;
		int n = 0;
		struct strbuf data = STRBUF_INIT;
		struct report_list list = REPORT_LIST_INIT;
		const struct crash_report *r = NULL;

		while (n < 8) {
			cols[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (n < 5 || !strcmp(cols[0], "file"))
			continue;
		if (only && strcmp(only, cols[0]))
			continue;
		fpath = xstrfmt("%s/sanitizer/%s", dir, cols[0]);
		if (strbuf_read_file(&data, fpath) < 0) {
			free(fpath);
			continue;
		}
		report_parse(data.buf, data.len, &list);
		/* the first crash, as culprit reads it (not the first sanitizer one) */
		if (list.nr)
			r = &list.items[0];
		ct = unescape(cols[2]);
		cs = unescape(cols[4]);
		gt = xstrdup(r && r->crash_type ? r->crash_type : "");
		gs = r && r->crash_state ? unescape(r->crash_state) : xstrdup("");
		count(s, F_CRASH_TYPE, !strcmp(ct, gt), cols[0], gt, ct);
		count(s, F_CRASH_STATE, !strcmp(cs, gs), cols[0], gs, cs);
		free(ct);
		free(cs);
		free(gt);
		free(gs);
		free(fpath);
		report_list_release(&list);
		strbuf_release(&data);
	}
out:
	strbuf_release(&idx);
	free(path);
}

static int cmp_names(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

static void list_dir(const char *dir, const char *folder, struct strvec *out)
{
	char *path = xstrfmt("%s/%s", dir, folder);
	DIR *d = opendir(path);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d)))
			if (all_digits(e->d_name) && (!only || !strcmp(only, e->d_name)))
				strvec_push(out, e->d_name);
		closedir(d);
	}
	qsort(out->v, out->nr, sizeof(*out->v), cmp_names);
	free(path);
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	static const char *const folders[] = { "linux_report", "all_report" };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose++;
		else if (!strcmp(argv[i], "-vv"))
			verbose += 2;
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else
			dir = argv[i];
	}
	if (!dir) {
		fputs("usage: report-corpus [-v] [--only NAME] CORPUS_DIR\n", stderr);
		return 2;
	}
	if (!is_directory(dir)) {
		fprintf(stderr, "report-corpus: no corpus at %s\n", dir);
		return 2;
	}
	load_index(dir);
	for (size_t f = 0; f < ARRAY_SIZE(folders); f++) {
		struct strvec names = STRVEC_INIT;
		struct score s = { 0 };

		list_dir(dir, folders[f], &names);
		for (size_t i = 0; i < names.nr; i++)
			run_kernel_file(dir, folders[f], names.v[i], &s);
		print_scores(folders[f], &s);
		strvec_clear(&names);
	}
	{
		struct strvec names = STRVEC_INIT;
		struct score s = { 0 };

		list_dir(dir, "linux_guilty", &names);
		for (size_t i = 0; i < names.nr; i++)
			run_guilty_file(dir, names.v[i], &s);
		print_scores("linux_guilty", &s);
		strvec_clear(&names);
	}
	{
		struct score s = { 0 };

		run_sanitizer(dir, &s);
		print_scores("sanitizer", &s);
	}
	for (size_t i = 0; i < index_nr; i++)
		free(index_rows[i].file);
	free(index_rows);
	if (splitter_errors) {
		fprintf(stderr, "report-corpus: %d splitter errors\n", splitter_errors);
		return 2;
	}
	return 0;
}
