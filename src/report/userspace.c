// SPDX-License-Identifier: Apache-2.0
/*
 * userspace.c - the driver of the user-space formats (see userspace.h and
 * usint.h): where reports start and end in a console.
 *
 * Trigger words are found in one pass over the input (a byte-pair table,
 * uspatterns.c); from each trigger line, lines go through parse_line()
 * (usrules.c) until the report ends (a SUMMARY line, the next sanitizer
 * report, or IDLE_LINES lines without effect), then the state becomes one
 * struct crash_report (usfinish.c).
 *
 * ClusterFuzz decides some rules on the whole input ("KASAN" anywhere,
 * ".go:" anywhere...): here on the report's neighbourhood (st_near()).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "userspace.h"
#include "anchors.h"
#include "usint.h"
#include "util/util.h"

#define IDLE_LINES 256		/* a report ends after this many silent lines */
#define SETTLED_LINES 4096	/* ... or this many once its state is complete */
#define PYTHON_MAX_LINES 4096	/* lines of an Atheris report read backwards */

/* ------------------------------------------------------------------ */

struct line_reader {
	const char *buf;
	size_t len, pos;
	struct strbuf line;	/* current line without '\r' and console garbage */
	size_t start, end;	/* its bytes in buf (end after '\n') */
	bool partial;		/* no '\n' at its end */
	struct ps *st;		/* to know whether to drop timestamps */
};

/* The next line; a Linux Kernel Library's "[  12.345678] " is dropped. */
static bool next_line(struct line_reader *lr)
{
	const char *nl;
	size_t e;

	if (lr->pos >= lr->len)
		return false;
	nl = memchr(lr->buf + lr->pos, '\n', lr->len - lr->pos);
	e = nl ? (size_t)(nl - lr->buf) : lr->len;
	lr->start = lr->pos;
	lr->end = nl ? e + 1 : e;
	lr->partial = !nl;
	strbuf_reset(&lr->line);
	if (e - lr->pos <= MAX_LINE)
		add_clean(&lr->line, lr->buf + lr->pos, e - lr->pos);
	else
		strbuf_add(&lr->line, lr->buf + lr->pos, MAX_LINE + 1); /* ignored */
	if (lr->line.len && lr->line.buf[0] == '[' && st_near(lr->st, A_LKL)) {
		const char *p = lr->line.buf + 1, *end = lr->line.buf + lr->line.len;

		while (p < end && *p == ' ')
			p++;
		if (p < end && isdigit((unsigned char)*p)) {
			while (p < end && (isdigit((unsigned char)*p) || *p == '.'))
				p++;
			if (end - p >= 2 && p[0] == ']' && isspace((unsigned char)p[1])) {
				size_t cut = p + 2 - lr->line.buf;

				memmove(lr->line.buf, lr->line.buf + cut, lr->line.len - cut);
				strbuf_setlen(&lr->line, lr->line.len - cut);
			}
		}
	}
	lr->pos = lr->end;
	return true;
}

/*
 * Feed a line, splitting "text<Tool>Sanitizer:DEADLYSIGNAL" (a crash line
 * glued to the sanitizer's signal banner) in two first.
 */
static void feed(struct ps *st, const char *line, size_t len)
{
	static const char banner[] = "Sanitizer:DEADLYSIGNAL";
	const size_t bl = sizeof(banner) - 1;

	if (len > bl && !memcmp(line + len - bl, banner, bl)) {
		const char *b = line + len - bl;

		while (b > line && isalpha((unsigned char)b[-1]))
			b--;
		if (b > line) {
			bool text = false;

			for (const char *p = line; p < b; p++)
				if (!isspace((unsigned char)*p))
					text = true;
			if (text) {
				parse_line(st, line, b - line);
				parse_line(st, b, line + len - b);
				return;
			}
		}
	}
	parse_line(st, line, len);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * An Atheris report ("=== Uncaught Python exception: ===" or PySecSan) is
 * followed by its traceback, outermost frame first: ClusterFuzz reads the
 * lines after its title backwards, up to the sanitizer's report. Feeds
 * them, and returns the end of the last line fed.
 */
static size_t feed_python(struct ps *st, struct line_reader *lr)
{
	size_t *starts = xmalloc(PYTHON_MAX_LINES * sizeof(*starts));
	size_t n = 0, end = lr->end, title_start = lr->start;
	struct strbuf title = STRBUF_INIT;

	strbuf_addbuf(&title, &lr->line);
	while (n < PYTHON_MAX_LINES && next_line(lr)) {
		if (has(lr->line.buf, lr->line.len, "=========") ||
		    has(lr->line.buf, lr->line.len, "== ERROR: ")) {
			lr->pos = lr->start;
			break;
		}
		starts[n++] = lr->start;
		end = lr->end;
	}
	(void)title_start;
	feed(st, title.buf, title.len);
	while (n--) {
		lr->pos = starts[n];
		next_line(lr);
		feed(st, lr->line.buf, lr->line.len);
	}
	lr->pos = end;
	free(starts);
	strbuf_release(&title);
	return end;
}

/*
 * An uncaught Python or JavaScript exception makes libFuzzer say "fuzz
 * target exited" (or "deadly signal") and print its SUMMARY line: the same
 * crash, not another one (ClusterFuzz reads the whole log as one). Takes
 * those lines, and the blank ones before them, into the report; returns its
 * new end.
 */
static size_t engine_tail(struct ps *st, struct line_reader *lr, size_t end)
{
	size_t pos = lr->pos, lines = 0;
	bool took = false;

	lr->pos = end;
	while (lines++ < 8 && next_line(lr)) {
		const char *l = lr->line.buf;
		size_t n = lr->line.len;

		if (blank(l, n))
			continue;
		if (st_match(st, P_LIBFUZZER_EXITED, l, n) || st_match(st, P_LIBFUZZER_DEADLY_SIGNAL, l, n) ||
		    (took && has(l, n, "SUMMARY: libFuzzer:"))) {
			end = lr->end;
			took = true;
			lines = 0;
			continue;
		}
		break;
	}
	lr->pos = took ? end : pos;
	return end;
}

struct driver {
	struct ps st;
	struct line_reader lr;
	size_t hdr_start, hdr_end;	/* the "ERROR: LeakSanitizer:" line before a report */
};

/*
 * One report from the trigger line at `pos`: returns where the next search
 * starts. A report ends at its end markers, at the next sanitizer report
 * (but for the signal that ends an assertion or a panic), after IDLE_LINES
 * silent lines, or SETTLED_LINES lines after its state is complete.
 */
static size_t parse_report(struct driver *d, size_t pos, struct report_list *list)
{
	struct ps *st = &d->st;
	struct line_reader *lr = &d->lr;
	size_t start = pos, end = pos, idle = 0, settled = 0, sig_type = 0, sig_state = 0;
	bool typed = false, header = false;

	lr->pos = pos;
	st_start(st, pos);
	while (next_line(lr)) {
		int ev = st->events;

		if (typed && st->saw_frame && st_match(st, P_REPORT_HEADER, lr->line.buf, lr->line.len) &&
		    (ends_with(st->tool.buf, "Sanitizer") ||
		     !st_match(st, P_SIGNAL_HEADER, lr->line.buf, lr->line.len))) {
			/* the next sanitizer report: parse it on its own */
			lr->pos = lr->start;
			break;
		}
		st->partial_line = lr->partial;
		if (!typed && (st_match(st, P_PYTHON_UNHANDLED, lr->line.buf, lr->line.len) ||
			       st_match(st, P_EXTRA_PYSECSAN, lr->line.buf, lr->line.len)) &&
		    st_near(st, A_PYTHON)) {
			st->is_python = true;
			start = lr->start;
			end = feed_python(st, lr);
			typed = st->type.len != 0;
			break;
		}
		feed(st, lr->line.buf, lr->line.len);
		if (!st->type.len && !st->python && !typed) {
			/* the trigger line did not start a report */
			header = st_match(st, P_REPORT_HEADER, lr->line.buf, lr->line.len);
			break;
		}
		if (!typed) {
			/* a report may start at a header just before */
			start = d->hdr_end <= lr->start && blank(st->buf + d->hdr_end, lr->start - d->hdr_end)
				? d->hdr_start : lr->start;
		}
		typed = true;
		if (st->events != ev) {
			idle = 0;
			end = lr->end;
		} else if (lr->line.len && ++idle >= IDLE_LINES) {
			break;
		}
		/* endless frames (a dump of 10^5 goroutines) add nothing */
		if (st->frame_count >= MAX_STATE_FRAMES && st->type.len == sig_type &&
		    st->state.len == sig_state) {
			if (++settled >= SETTLED_LINES)
				break;
		} else {
			settled = 0;
			sig_type = st->type.len;
			sig_state = st->state.len;
		}
		if (has_any(lr->line.buf, lr->line.len, report_end_markers)) {
			end = lr->end;
			break;
		}
	}
	if (typed && st->type.len && st->found_python)
		end = engine_tail(st, lr, end);
	if (typed && st->type.len)
		emit(st, list, start, end);
	st_clear(st);
	d->hdr_start = header ? lr->start : st->len;
	d->hdr_end = header ? lr->end : st->len;
	return lr->pos > pos ? lr->pos : lr->end;
}

/* The start of the line of the first trigger word at or after pos (not before pos), or len. */
static size_t next_trigger(const char *buf, size_t len, size_t pos, const struct offsets *trig,
			   size_t *cursor)
{
	size_t at;

	if (!trig)
		return us_next_trigger(buf, len, pos);
	while (*cursor < trig->nr && trig->v[*cursor] < pos)
		(*cursor)++;
	if (*cursor >= trig->nr)
		return len;
	at = trig->v[*cursor];
	while (at > pos && buf[at - 1] != '\n')
		at--;
	return at;
}

size_t report_parse_userspace_at(const char *buf, size_t len, const struct offsets *trig,
				 const struct offsets *near, struct report_list *list)
{
	struct driver d = { .lr = { .buf = buf, .len = len, .line = STRBUF_INIT } };
	size_t before = list->nr, pos = 0, cursor = 0;

	if (!buf || !len)
		return 0;
	us_init();
	st_init(&d.st, buf, len);
	d.st.anchor_hits = near;
	d.st.first_item = list->nr;
	d.lr.st = &d.st;
	d.hdr_start = d.hdr_end = len;
	while ((pos = next_trigger(buf, len, pos, trig, &cursor)) < len)
		pos = parse_report(&d, pos, list);
	strbuf_release(&d.lr.line);
	st_release(&d.st);
	return list->nr - before;
}

size_t report_parse_userspace(const char *buf, size_t len, struct report_list *list)
{
	return report_parse_userspace_at(buf, len, NULL, NULL, list);
}

void report_userspace_fields(const char *text, size_t len, const char *type, struct crash_report *r)
{
	struct line_reader lr = { .buf = text, .len = len, .line = STRBUF_INIT };
	struct ps st;

	if (!text || !len)
		return;
	us_init();
	if (!type && us_next_trigger(text, len, 0) >= len)
		return;	/* nothing ClusterFuzz would look at */
	st_init(&st, text, len);
	st_start(&st, 0);
	if (type) {
		/* the frames of the stack, as the user-space parser would skip them */
		struct report_frames f = REPORT_FRAMES_INIT;

		strbuf_addstr(&st.type, type);
		report_frames(text, len, &f);
		for (size_t i = 0; i < f.nr && st.frame_count < MAX_STATE_FRAMES; i++) {
			char *ff;

			if (ignore_frame(&st, f.v[i].function))
				continue;
			ff = filter_frame(f.v[i].function);
			strbuf_addf(&st.state, "%s\n", ff);
			st.frame_count++;
			free(ff);
		}
		report_frames_release(&f);
		fill_fields(&st, r, 0, len);
		st_release(&st);
		return;
	}
	lr.st = &st;
	while (next_line(&lr)) {
		const char *l = lr.line.buf;
		size_t n = lr.line.len;

		/* an old Android console's "c2 " CPU prefix */
		if (n > 3 && l[0] == 'c' && isdigit((unsigned char)l[1])) {
			size_t i = 1;

			while (i < n && isdigit((unsigned char)l[i]))
				i++;
			if (i < n && l[i] == ' ') {
				l += i + 1;
				n -= i + 1;
			}
		}
		while (n && (*l == ' ' || *l == '\t')) {
			l++;
			n--;
		}
		parse_line(&st, l, n);
	}
	if (st.type.len)
		fill_fields(&st, r, 0, len);
	strbuf_release(&lr.line);
	st_release(&st);
}

size_t report_userspace_drop_overlaps(struct report_list *user, const struct report_list *kernel,
				      const char *buf, size_t len)
{
	size_t kept = 0, k = 0;

	for (size_t i = 0; i < user->nr; i++) {
		struct crash_report *u = &user->items[i];
		bool same = false;

		/* both lists are in order of start: kernel reports before u are passed for good */
		while (k < kernel->nr && kernel->items[k].start < u->start) {
			const struct crash_report *kr = &kernel->items[k];
			const char *nl = kr->start < len ? memchr(buf + kr->start, '\n', len - kr->start) : NULL;
			size_t line_end = nl ? (size_t)(nl - buf) : len;

			if (u->start <= line_end) {
				same = true;	/* u starts on the kernel report's first line */
				break;
			}
			k++;
		}
		if (!same && k < kernel->nr && kernel->items[k].start < (u->end > u->start ? u->end : u->start + 1))
			same = true;	/* a kernel report starts inside u */
		if (same)
			crash_report_release(u);
		else
			user->items[kept++] = *u;
	}
	user->nr = kept;
	return kept;
}
