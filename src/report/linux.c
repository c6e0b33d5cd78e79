// SPDX-License-Identifier: Apache-2.0
/*
 * linux.c - the engine that applies the format table (formats.c) to kernel
 * console output: find the first oops line, collect the lines of the same
 * printk context into a report, derive title, alternative titles, guilty
 * frame, corruption; after syzkaller's pkg/report/linux.go and report.go.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "anchors.h"
#include "demangle.h"
#include "linux.h"
#include "text.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

#define MAX_PREFIX_SCAN (1u << 20)	/* bytes scanned back for context lines */
/*
 * Report text kept for titles, frames and corruption checks. syzkaller
 * keeps every line; past a megabyte a report is one task's endless output,
 * and its title comes from its first lines.
 */
#define REPORT_SCAN_MAX (1u << 20)
/* Lines of a report looked at for kernel context (see has_kernel_context()). */
#define CONTEXT_LINES 64


/* ---- regex helpers ---- */

/*
 * Matching state is costly to make (the JIT stack is an mmap()): each
 * thread keeps the last one released for its next lctx_init().
 */
struct lctx_spare {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
};

static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_free(void *p)
{
	struct lctx_spare *s = p;

	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit);
	free(s);
}

static void spare_init(void)
{
	if (pthread_key_create(&spare_key, spare_free))
		BUG("pthread_key_create");
}

void lctx_init(struct lctx *c)
{
	struct lctx_spare *s;

	memset(c, 0, sizeof(*c));
	c->t = formats_get();
	pthread_once(&spare_once, spare_init);
	s = pthread_getspecific(spare_key);
	if (s) {
		pthread_setspecific(spare_key, NULL);
		c->md = s->md;
		c->mctx = s->mctx;
		c->jit = s->jit;
		free(s);
		return;
	}
	c->md = pcre2_match_data_create(64, NULL);
	c->mctx = pcre2_match_context_create(NULL);
	c->jit = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
	pcre2_jit_stack_assign(c->mctx, NULL, c->jit);
	/* Go's regexp is linear; PCRE2 backtracks: bound the work per match. */
	pcre2_set_match_limit(c->mctx, 10 * 1000 * 1000);
	pcre2_set_depth_limit(c->mctx, 100 * 1000);
	if (!c->md || !c->mctx || !c->jit)
		out_of_memory();
}

void lctx_set_output(struct lctx *c, const char *buf, size_t len, const struct anchors *a)
{
	c->whole = buf;
	c->whole_len = len;
	c->scanned = 0;
	c->hits_nr = 0;
	if (a) {
		if (!c->hits_borrowed)
			free(c->hits);
		c->hits = a->pre.v;
		c->hits_nr = a->pre.nr;
		c->hits_alloc = 0;
		c->hits_borrowed = true;
		c->scanned = len;
		c->sup = a->sup.v;
		c->sup_nr = a->sup.nr;
		c->have_sup = true;
	}
}

void lctx_release(struct lctx *c)
{
	struct lctx_spare *s;

	if (!c->hits_borrowed)
		free(c->hits);
	c->hits = NULL;

	if (!pthread_getspecific(spare_key)) {
		s = xmalloc(sizeof(*s));
		s->md = c->md;
		s->mctx = c->mctx;
		s->jit = c->jit;
		pthread_setspecific(spare_key, s);
		return;
	}
	pcre2_match_data_free(c->md);
	pcre2_match_context_free(c->mctx);
	pcre2_jit_stack_free(c->jit);
}

/* Search; on success c->ov holds the offsets (relative to s). */
bool lx_re_find(struct lctx *c, const pcre2_code *re, const char *s, size_t n)
{
	int rc;

	if (!re)
		return false;
	rc = pcre2_match(re, (PCRE2_SPTR)(n ? s : ""), n, 0, 0, c->md, c->mctx);
	if (rc <= 0)
		return false;
	c->ov = pcre2_get_ovector_pointer(c->md);
	c->ovn = (size_t)rc;
	return true;
}

bool lx_re_match(struct lctx *c, const pcre2_code *re, const char *s)
{
	return lx_re_find(c, re, s, strlen(s));
}

/* Captured groups 1..N of the last match as strings ("" when unset). */
void lx_captures(struct lctx *c, const pcre2_code *re, const char *s, struct strvec *out)
{
	uint32_t ngroups = 0;

	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	for (uint32_t i = 1; i <= ngroups; i++) {
		if (i < c->ovn && c->ov[2 * i] != PCRE2_UNSET) {
			char *v = xstrndup(s + c->ov[2 * i], c->ov[2 * i + 1] - c->ov[2 * i]);

			strvec_push(out, v);
			free(v);
		} else {
			strvec_push(out, "");
		}
	}
}

const char *lx_memmem(const char *h, size_t hn, const char *needle)
{
	return memmem(h, hn, needle, strlen(needle));
}

bool lx_contains(const char *h, size_t hn, const char *needle)
{
	return lx_memmem(h, hn, needle) != NULL;
}

size_t lx_split_lines(const char *s, size_t n, struct slice **out)
{
	size_t nr = 0, alloc = 0;
	const char *end = s + n;

	*out = NULL;
	for (;;) {
		const char *nl = memchr(s, '\n', end - s);

		ALLOC_GROW(*out, nr + 1, alloc);
		(*out)[nr].p = s;
		(*out)[nr].n = (nl ? nl : end) - s;
		nr++;
		if (!nl)
			break;
		s = nl + 1;
	}
	return nr;
}

/* ---- printk context ---- */

/* "[ 12.345678]" optionally followed by "[ T123]"/"[C1]", then ' '. */
static bool match_timestamp(const char *p, const char *end, struct line_ctx *lc)
{
	if (p < end && *p == '<') {
		const char *q = p + 1;

		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == p + 1 || q >= end || *q != '>')
			return false;
		p = q + 1;
	}
	if (p >= end || *p++ != '[')
		return false;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p >= end || *p++ != '.')
		return false;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p >= end || *p++ != ']')
		return false;
	if (p < end && *p == '[') {
		const char *q = p + 1;

		while (q < end && *q == ' ')
			q++;
		if (q < end && (*q == 'C' || *q == 'T')) {
			const char *d = ++q;

			while (q < end && *q >= '0' && *q <= '9')
				q++;
			if (q > d && q + 1 < end && *q == ']' && q[1] == ' ') {
				lc->kind = CTX_CALLER;
				lc->ctx = p;
				lc->ctx_len = q + 1 - p;
				return true;
			}
		}
	}
	if (p >= end || *p != ' ')
		return false;
	lc->kind = CTX_CONSOLE;
	lc->ctx = "console";
	lc->ctx_len = 7;
	return true;
}

static bool match_console_at(const char *base, const char *end, struct line_ctx *lc)
{
	const char *hits[16];
	size_t nhits = 0;
	const char *p = base;

	/*
	 * The prefix regex starts with a greedy (?:.* login: )?: it would
	 * rather skip to the last " login: " before a timestamp. Lines that
	 * start with a timestamp keep it (a login prompt then a second
	 * timestamp on the same line is not worth a search of every line).
	 */
	if (match_timestamp(base, end, lc))
		return true;
	while (nhits < ARRAY_SIZE(hits)) {
		const char *h = memmem(p, end - p, " login: ", 8);

		if (!h)
			break;
		hits[nhits++] = h;
		p = h + 1;
	}
	while (nhits--)
		if (match_timestamp(hits[nhits] + 8, end, lc))
			return true;
	return false;
}

/* " ? " (a questionable frame) in s[0..n) */
static const char *find_questionable(const char *s, size_t n)
{
	const char *end = s + n, *q = s;

	while ((q = memchr(q, '?', end - q))) {
		if (q > s && q[-1] == ' ' && q + 1 < end && q[1] == ' ')
			return q - 1;
		q++;
	}
	return NULL;
}

void line_context(const char *line, size_t n, struct line_ctx *lc)
{
	static const char dropped[] = "** ";
	const char *end;

	/* serial consoles end lines with "\r\n" */
	if (n && line[n - 1] == '\r')
		n--;
	end = line + n;

	/* console garbage before the prefix: NULs, an ANSI colour ("\e[1;31m") */
	while (line < end && (*line == '\0' || *line == '\033')) {
		if (*line++ == '\033' && line < end && *line == '[') {
			while (++line < end && ((*line >= '0' && *line <= '9') || *line == ';'))
				;
			if (line < end)
				line++;	/* the final byte, "m" */
		}
	}
	n = end - line;
	lc->kind = CTX_NONE;
	lc->ctx = "";
	lc->ctx_len = 0;
	lc->stripped = line;
	lc->slen = n;
	lc->questionable = false;
	if (n >= 3 && !memcmp(line, dropped, 3)) {
		const char *q = line + 3, *d = q;

		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q > d && (size_t)(end - q) >= 28 && !memcmp(q, " printk messages dropped ** ", 28) &&
		    match_console_at(q + 28, end, lc))
			goto strip;
	}
	if (!memchr(line, '[', n) || !match_console_at(line, end, lc))
		return;
strip:
	{
		const char *s = memmem(line, n, "] ", 2);
		const char *q;
		bool unreliable;

		if (!s)
			return;
		s += 2;
		lc->stripped = s;
		lc->slen = end - s;
		q = find_questionable(s, end - s);
		unreliable = lc->slen >= 13 && !memcmp(end - 13, " (unreliable)", 13);
		if ((!q && !unreliable) || lx_contains(s, end - s, "<EOI>"))
			return;
		if (q) {
			lc->stripped = q + 2;
			lc->slen = end - (q + 2);
		} else {
			lc->slen -= 13;
		}
		lc->questionable = true;
	}
}

static bool same_ctx(const struct line_ctx *a, const struct line_ctx *b)
{
	return a->kind == b->kind && a->ctx_len == b->ctx_len && !memcmp(a->ctx, b->ctx, a->ctx_len);
}

static bool is_task_ctx(const struct line_ctx *lc)
{
	return lc->kind == CTX_CALLER && memchr(lc->ctx, 'T', lc->ctx_len);
}

static bool is_cpu_ctx(const struct line_ctx *lc)
{
	return lc->kind == CTX_CALLER && memchr(lc->ctx, 'C', lc->ctx_len);
}

/* ---- finding oopses ---- */

static bool match_oops(struct lctx *c, const char *line, size_t n, const struct coops *o)
{
	if (!memmem(line, n, o->src->header, o->header_len))
		return false;
	if (o->suppress && lx_re_find(c, o->suppress, line, n))
		return false;
	return true;
}

/*
 * The first oops (in table order) whose header is on this line and whose
 * suppressions do not match it, or NULL. The headers literal set has one
 * literal per oops, in table order.
 */
static const struct coops *line_oops(struct lctx *c, const char *line, size_t n)
{
	uint64_t mask = litset_mask(&c->t->headers, line, n);

	for (size_t i = 0; mask && i < c->t->noopses; i++, mask >>= 1)
		if ((mask & 1) && match_oops(c, line, n, &c->t->oopses[i]))
			return &c->t->oopses[i];
	return NULL;
}

/*
 * Offset of the next prefilter hit at or after pos, or len. The last
 * answer is kept: the search for the first oops and findReport ask about
 * the same stretches of the output again.
 */
static size_t next_hit(struct lctx *c, const char *buf, size_t len, size_t pos)
{
	const char *from = buf + pos, *end = buf + len;

	if (pos >= len)
		return len;
	if (c->whole && from >= c->whole && end <= c->whole + c->whole_len) {
		size_t a = from - c->whole, lo = 0, hi = c->hits_nr;

		/* the first hit at or after a: known ones, else the pass goes on */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (c->hits[mid] < a)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo == c->hits_nr && c->scanned < c->whole_len) {
			size_t h = litset_find(&c->t->prefilter, c->whole, c->whole_len, c->scanned);

			c->scanned = h < c->whole_len ? h + 1 : c->whole_len;
			if (h < c->whole_len) {
				ALLOC_GROW(c->hits, c->hits_nr + 1, c->hits_alloc);
				c->hits[c->hits_nr++] = h;
				if (h < a)
					lo = c->hits_nr;
			}
		}
		if (lo < c->hits_nr && c->whole + c->hits[lo] < end)
			return c->whole + c->hits[lo] - buf;
		return len;
	}
	if (end == c->hit_end && c->hit_from <= from && from <= c->hit_at)
		return c->hit_at - buf;
	c->hit_from = from;
	c->hit_at = buf + litset_find(&c->t->prefilter, buf, len, pos);
	c->hit_end = end;
	return c->hit_at - buf;
}

const struct coops *find_first_oops(struct lctx *c, const char *buf, size_t len, size_t *start)
{
	size_t pos = 0;

	while (pos < len) {
		size_t hit = next_hit(c, buf, len, pos), ls, le;
		const char *nl;
		const struct coops *o;

		if (hit >= len)
			return NULL;
		ls = hit;
		while (ls > pos && buf[ls - 1] != '\n')
			ls--;
		nl = memchr(buf + hit, '\n', len - hit);
		le = nl ? (size_t)(nl - buf) : len;
		o = line_oops(c, buf + ls, le - ls);
		if (o) {
			*start = ls;
			return o;
		}
		pos = le + 1;
	}
	return NULL;
}

/* ---- report extraction (findReport) ---- */

struct found_report {
	size_t end_pos;		/* end of the last oops line */
	size_t report_end;	/* length of report before a second report */
	size_t scan_end;	/* end of the last line looked at */
	struct strbuf report;
	struct strbuf prefix;
};

static size_t report_min_lines(const char *oops_line, size_t n)
{
	/* KMSAN reports have no "Call Trace" line and friends */
	return lx_contains(oops_line, n, "BUG: KMSAN:") ? 16 : 22;
}

static void collect_prefix(const char *buf, size_t start, const struct line_ctx *ctx,
			   struct strbuf *out)
{
	size_t max = is_task_ctx(ctx) ? 50 : 5, nr = 0;
	struct slice lines[50];
	size_t end = start, limit = start > MAX_PREFIX_SCAN ? start - MAX_PREFIX_SCAN : 0;

	/* walk back over the lines before start, newest first */
	while (end > limit && nr < max) {
		size_t le = end - 1, ls = le;	/* buf[le] is '\n' */
		struct line_ctx lc;

		while (ls > 0 && buf[ls - 1] != '\n')
			ls--;
		line_context(buf + ls, le - ls, &lc);
		if (same_ctx(&lc, ctx) && lc.slen && !lc.questionable) {
			lines[nr].p = lc.stripped;
			lines[nr].n = lc.slen;
			nr++;
		}
		end = ls;
	}
	while (nr--) {
		add_clean(out, lines[nr].p, lines[nr].n);
		strbuf_addch(out, '\n');
	}
}

static bool matches_info_message(const char *line, size_t n)
{
	for (size_t i = 0; info_messages_with_stack[i]; i++)
		if (lx_contains(line, n, info_messages_with_stack[i]))
			return true;
	return false;
}

/*
 * The first line at or after pos (a line start) that find_report() must
 * look at: a line with a prefilter hit, or one of the report's own context
 * when its text is still taken. Lines of other tasks ("[ T1234]") are
 * stepped over with a memmem() of the report's caller id instead of being
 * split and parsed one by one: the first report runs to the end of the
 * output.
 */
static size_t next_line_to_look(struct lctx *c, const char *buf, size_t len, size_t pos,
				const struct line_ctx *ctx, bool any_ctx, bool full)
{
	size_t to = next_hit(c, buf, len, pos);

	if (!full) {
		const char *p;

		if (any_ctx || ctx->kind != CTX_CALLER)
			return pos;
		p = memmem(buf + pos, to - pos, ctx->ctx, ctx->ctx_len);
		if (p)
			to = p - buf;
	}
	while (to > pos && buf[to - 1] != '\n')
		to--;
	return to;
}

/*
 * The lines of the report that starts at buf[start] (syzkaller's
 * findReport): the lines of the same printk context, to the end of the
 * output, or with `to_next` only up to the next report (a later report of
 * --all: the work per report is then bounded by the distance to the next
 * one, and a log of nothing but headers stays linear). With max_lines, at
 * most that many lines of the report are taken. The text kept is cut at
 * REPORT_SCAN_MAX (the scan goes on, for end_pos).
 */
static void find_report(struct lctx *c, const char *buf, size_t len, size_t start,
			const struct line_ctx *ctx, bool to_next, size_t max_lines,
			struct found_report *fr)
{
	size_t second = 0, text_lines = 0, min_lines = 0, hit = 0;
	bool skip_text = false, cpu_traceback = false, full = false;

	strbuf_init(&fr->report, 0);
	strbuf_init(&fr->prefix, 0);
	fr->end_pos = 0;
	fr->report_end = 0;
	fr->scan_end = start;
	collect_prefix(buf, start, ctx, &fr->prefix);
	hit = next_hit(c, buf, len, start);
	for (size_t pos = start, next; pos < len; pos = next + 1) {
		const char *nl, *line;
		size_t n;
		bool is_oops = pos == start, skip_line, interesting;
		struct line_ctx lc;

		if (!is_oops) {
			pos = next_line_to_look(c, buf, len, pos, ctx, cpu_traceback, full);
			if (pos >= len)
				break;
		}
		nl = memchr(buf + pos, '\n', len - pos);
		line = buf + pos;
		next = nl ? (size_t)(nl - buf) : len;
		n = next - pos;
		if (hit < pos)
			hit = next_hit(c, buf, len, pos);
		interesting = hit < next;
		line_context(line, n, &lc);
		if (is_oops)
			min_lines = report_min_lines(line, n);
		if (interesting) {
			bool matched = line_oops(c, line, n) != NULL;

			if (!is_oops && !second && matches_info_message(line, n))
				second = pos;
			if (matched && !is_oops && to_next && ctx->kind == CTX_CALLER &&
			    same_ctx(&lc, ctx) && !lx_re_find(c, c->t->report_start_ignores, line, n))
				break;	/* the next report of this task */
			if (matched) {
				fr->end_pos = next;
				if (!is_oops && !second && !lx_re_find(c, c->t->report_start_ignores, line, n))
					second = pos;
			}
			hit = next_hit(c, buf, len, next);
		}
		if (to_next && second && ctx->kind != CTX_CALLER)
			break;
		fr->scan_end = next < len ? next + 1 : len;
		if (!is_oops && (lc.questionable ||
				 (!same_ctx(&lc, ctx) && (!cpu_traceback || !is_cpu_ctx(&lc)))))
			continue;
		if (max_lines && text_lines == max_lines)
			break;
		text_lines++;
		skip_line = skip_text;
		if (interesting) {
			if (lx_contains(line, n, "Disabling lock debugging due to kernel taint")) {
				skip_line = true;
			} else if (lx_contains(line, n, "Sending NMI from CPU")) {
				/* all-CPU backtraces come from other contexts */
				cpu_traceback = true;
			} else if ((lx_contains(line, n, "Kernel panic - not syncing") ||
				    lx_contains(line, n, "WARNING: possible circular locking dependency detected")) &&
				   text_lines > min_lines) {
				/* panic_on_warn's own stack, or lockdep noise caused by the oops */
				skip_text = true;
				skip_line = true;
			}
		}
		if (!is_oops && skip_line)
			continue;
		if (full || fr->report.len + lc.slen >= REPORT_SCAN_MAX) {
			full = true;
			continue;
		}
		add_clean(&fr->report, lc.stripped, lc.slen);
		strbuf_addch(&fr->report, '\n');
		if (!second || (ctx->kind == CTX_CALLER))
			fr->report_end = fr->report.len;
	}
}

/* ---- one report ---- */

/* "usb 5-1: WARNING: ...": the header follows a dev_printk() prefix */
static bool msg_prefix(struct lctx *c, const struct line_ctx *ctx, const struct coops *o)
{
	const char *h = memmem(ctx->stripped, ctx->slen, o->src->header, o->header_len);

	return h && h > ctx->stripped &&
	       lx_re_find(c, c->t->kernel_msg_prefix, ctx->stripped, h - ctx->stripped);
}

/*
 * Kernel context is printed right around the oops line: look at the first
 * lines of the report only (a catch-all at the top of a long user-space log
 * would otherwise scan, and be vouched for by, the whole rest of it).
 */

static bool has_kernel_context(struct lctx *c, const char *text, size_t n)
{
	const char *p = text, *end = text + n;

	for (size_t i = 0; i < CONTEXT_LINES && p < end; i++) {
		const char *nl = memchr(p, '\n', end - p);

		p = nl ? nl + 1 : end;
	}
	return lx_re_find(c, c->t->kernel_context, text, p - text);
}

/* find_report() and the title of what it found, into r (text and all). */
static void parse_found(struct lctx *c, const char *buf, size_t len, size_t start,
			const struct line_ctx *ctx, const struct coops *o, bool to_next,
			size_t max_lines, struct linux_report *r, const struct cformat **format)
{
	struct found_report fr;
	struct description d;
	const char *text;
	size_t text_len;
	bool fallback = false;

	find_report(c, buf, len, start, ctx, to_next, max_lines, &fr);
	extract_description(c, fr.report.buf, fr.report_end, o, &d);
	text = fr.report.buf;
	text_len = fr.report.len;
	if (!d.title.len) {
		description_release(&d);
		fallback = true;
		text = buf + start;
		text_len = fr.end_pos > start ? fr.end_pos - start : 0;
		extract_description(c, text, text_len, o, &d);
		if (!d.title.len)
			BUG("non matching oops for '%s'", o->src->header);
	}
	r->oops = o;
	r->start = start;
	r->end = fr.end_pos;
	r->title = strbuf_detach(&d.title, NULL);
	r->alts = d.alts;
	r->corrupted = d.corrupted != NULL;
	strbuf_init(&r->report, 0);
	if (!fallback)
		strbuf_addbuf(&r->report, &fr.prefix);
	r->prefix_len = r->report.len;
	if (fallback)
		add_clean(&r->report, text, text_len);
	else
		strbuf_add(&r->report, text, text_len);
	r->catch_all = d.catch_all;
	/* only a catch-all needs it */
	r->kernel_context = !r->catch_all || ctx->kind != CTX_NONE || msg_prefix(c, ctx, o) ||
			    has_kernel_context(c, fr.prefix.buf, fr.prefix.len) ||
			    has_kernel_context(c, text, fallback ? text_len : fr.report_end);
	*format = d.format;
	strbuf_release(&fr.report);
	strbuf_release(&fr.prefix);
}

bool linux_parse_one(struct lctx *c, const char *buf, size_t len, size_t window,
		     struct linux_report *r)
{
	const struct coops *o;
	const struct cformat *format;
	size_t start, nl_end;
	struct line_ctx ctx;

	memset(r, 0, sizeof(*r));
	o = find_first_oops(c, buf, len, &start);
	if (!o)
		return false;
	{
		const char *nl = memchr(buf + start, '\n', len - start);

		nl_end = nl ? (size_t)(nl - buf) : len;
	}
	line_context(buf + start, nl_end - start, &ctx);
	if (window && len - start > window) {
		/* cut at a line end after the window */
		const char *nl = memchr(buf + start + window, '\n', len - start - window);

		len = nl ? (size_t)(nl - buf) + 1 : len;
	}
	/*
	 * A header without a printk prefix may be user-space output ("INFO:
	 * Seed: 42"): its first lines decide whether it is a catch-all
	 * without kernel context (the caller drops those), as the whole
	 * report would: every title of a row starts with the row's header
	 * (so a title is found on the header line, the next header ends the
	 * report), and kernel context is looked for in CONTEXT_LINES lines.
	 * Then a later report runs to the next report, the first one to the
	 * end of the output.
	 */
	if (ctx.kind == CTX_NONE && !msg_prefix(c, &ctx, o)) {
		parse_found(c, buf, len, start, &ctx, o, true, CONTEXT_LINES, r, &format);
		if (!r->kernel_context)
			return true;
		linux_report_release(r);
	}
	parse_found(c, buf, len, start, &ctx, o, window != 0, 0, r, &format);
	if (!r->corrupted)
		r->corrupted = report_is_corrupted(c, r->title, r->report.buf + r->prefix_len,
						   r->report.len - r->prefix_len, format);
	return true;
}

void linux_report_release(struct linux_report *r)
{
	free(r->title);
	strvec_clear(&r->alts);
	strbuf_release(&r->report);
}
