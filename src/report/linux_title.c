// SPDX-License-Identifier: Apache-2.0
/*
 * linux_title.c - a kernel report's title and alternative titles from its
 * format's regexes and stack frames (syzkaller's extractDescription and
 * frame extractors), its corruption checks, title normalisation, and the
 * properties of the whole output (scan_output)
 */
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "linux.h"
#include "text.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

/* ---- stack frames ---- */

struct xframe {
	char *canonical, *raw;
};

static const char *strip_frame(const char *frame)
{
	const char *best = frame;

	for (size_t i = 0; strip_frame_prefixes[i]; i++) {
		const char *rest;

		if (skip_prefix(frame, strip_frame_prefixes[i], &rest) && strlen(rest) < strlen(best))
			best = rest;
	}
	return best;
}

static int stall_extractor(struct lctx *c, const char *const *frames, size_t nr, const char **out)
{
	const char *prev = frames[0];
	int prev_idx = 0;

	for (size_t i = 0; i < nr; i++) {
		if (lx_re_match(c, c->t->stall_anchor, frames[i])) {
			if (strstr(frames[i], "smp_call_function")) {
				/* several variants follow; keep this one */
				prev = "smp_call_function";
				prev_idx = (int)i;
			}
			*out = prev;
			return prev_idx;
		}
		prev = frames[i];
		prev_idx = (int)i;
	}
	return -1;
}

static int hang_extractor(const char *const *frames, size_t nr, const char **out)
{
	static const char *const anchors[][2] = {
		{ "rtnl_lock", NULL },
		{ "synchronize_rcu", "synchronize_rcu" },
		{ "synchronize_srcu", "synchronize_rcu" },
		{ "synchronize_net", "synchronize_rcu" },
		{ "synchronize_sched", "synchronize_rcu" },
	};
	static const char *const skip[] = {
		"sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait",
		"synchronize", "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier",
	};

	/* hangs on synchronize_rcu and rtnl_lock are buckets of their own */
	for (size_t i = 0; i < nr; i++)
		for (size_t a = 0; a < ARRAY_SIZE(anchors); a++)
			if (strstr(frames[i], anchors[a][0])) {
				*out = anchors[a][1] ? anchors[a][1] : frames[i];
				return (int)i;
			}
	for (size_t i = 0; i < nr; i++) {
		size_t k;

		for (k = 0; k < ARRAY_SIZE(skip); k++)
			if (strstr(frames[i], skip[k]))
				break;
		if (k == ARRAY_SIZE(skip)) {
			*out = frames[i];
			return (int)i;
		}
	}
	return -1;
}

static void key_frame(struct lctx *c, const struct cstack *st, struct strvec *raw, struct xframe *out)
{
	const char **stripped;
	const char *frame = NULL;
	int idx = -1;

	out->canonical = out->raw = NULL;
	if (!raw->nr)
		return;
	stripped = xcalloc(raw->nr, sizeof(*stripped));
	for (size_t i = 0; i < raw->nr; i++)
		stripped[i] = strip_frame(raw->v[i]);
	switch (st->extractor) {
	case EXTRACT_FIRST:
		frame = stripped[0];
		idx = 0;
		break;
	case EXTRACT_STALL:
		idx = stall_extractor(c, stripped, raw->nr, &frame);
		break;
	case EXTRACT_HANG:
		idx = hang_extractor(stripped, raw->nr, &frame);
		break;
	}
	if (idx >= 0 && frame && *frame) {
		out->canonical = xstrdup(frame);
		out->raw = xstrdup(raw->v[idx]);
	}
	free(stripped);
}

static void append_frames(struct lctx *c, const struct cstack *st, const pcre2_code *re,
			  const struct slice *ln, struct strvec *raw)
{
	struct strvec groups = STRVEC_INIT;

	lx_captures(c, re, ln->p, &groups);
	for (size_t i = 0; i < groups.nr; i++) {
		char *f;

		/* unset (or empty) groups are not frames */
		if (!groups.v[i][0])
			continue;
		f = demangle_symbol(groups.v[i]);
		if (!st->skip || !lx_re_match(c, st->skip, f))
			strvec_push(raw, f);
		free(f);
	}
	strvec_clear(&groups);
}

static bool any_match(struct lctx *c, pcre2_code *const *res, size_t nr, const struct slice *ln,
		      const pcre2_code **which)
{
	for (size_t i = 0; i < nr; i++)
		if (lx_re_find(c, res[i], ln->p, ln->n)) {
			if (which)
				*which = res[i];
			return true;
		}
	return false;
}

static bool extract_frames_impl(struct lctx *c, const struct cstack *st, const struct cpart *parts,
				size_t nparts, struct slice *lines, size_t nlines,
				struct xframe *res, size_t *nres)
{
	struct strvec raw = STRVEC_INIT;
	size_t li = 0, num_stacks = 0;
	bool ok = true;

	*nres = 0;
	for (size_t pi = 0;; pi++) {
		if (pi == nparts || (parts[pi].is_stack && num_stacks > 0)) {
			struct xframe kf;

			key_frame(c, st, &raw, &kf);
			if (!kf.canonical) {
				kf.canonical = xstrdup("corrupted");
				kf.raw = xstrdup("corrupted");
				ok = false;
			}
			res[(*nres)++] = kf;
			strvec_clear(&raw);
		}
		if (pi == nparts)
			break;
		if (parts[pi].is_stack) {
			num_stacks++;
			while (li < nlines) {
				struct slice *ln = &lines[li++];
				const pcre2_code *fre = NULL;

				if (lx_re_find(c, c->t->corrupted_lines, ln->p, ln->n)) {
					ok = false;
					goto next_part;
				}
				if (lx_re_find(c, c->t->stack_start, ln->p, ln->n))
					goto next_part;
				if (pi != nparts - 1 && parts[pi + 1].re &&
				    lx_re_find(c, parts[pi + 1].re, ln->p, ln->n)) {
					append_frames(c, st, parts[pi + 1].re, ln, &raw);
					pi++;
					goto next_part;
				}
				if (any_match(c, c->t->frame_res, c->t->nframe_res, ln, &fre))
					append_frames(c, st, fre, ln, &raw);
			}
		} else {
			while (li < nlines) {
				struct slice *ln = &lines[li++];

				if (lx_re_find(c, c->t->corrupted_lines, ln->p, ln->n)) {
					ok = false;
					goto next_part;
				}
				if (!lx_re_find(c, parts[pi].re, ln->p, ln->n))
					continue;
				append_frames(c, st, parts[pi].re, ln, &raw);
				break;
			}
		}
next_part:;
	}
	strvec_clear(&raw);
	return ok;
}

static void free_frames(struct xframe *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].canonical);
		free(f[i].raw);
	}
}

static bool extract_stack_frame(struct lctx *c, const struct cstack *st, const char *text,
				size_t n, struct xframe *res, size_t *nres)
{
	struct slice *lines;
	size_t nlines = lx_split_lines(text, n, &lines);
	bool ok;

	ok = extract_frames_impl(c, st, st->parts, st->nparts, lines, nlines, res, nres);
	if (!ok && st->nparts2) {
		free_frames(res, *nres);
		ok = extract_frames_impl(c, st, st->parts2, st->nparts2, lines, nlines, res, nres);
	}
	free(lines);
	return ok;
}

/* ---- titles ---- */

/* Go's fmt.Sprintf for the "%[N]v" / "%[N]s" verbs the table uses. */
static void go_format(struct strbuf *out, const char *fmt, const char *const *args, size_t nargs)
{
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == '%') {
			strbuf_addch(out, '%');
			p++;
		} else if (p[0] == '%' && p[1] == '[') {
			char *end;
			unsigned long idx = strtoul(p + 2, &end, 10);

			if (end[0] == ']' && (end[1] == 'v' || end[1] == 's')) {
				if (idx >= 1 && idx <= nargs)
					strbuf_addstr(out, args[idx - 1]);
				else
					strbuf_addf(out, "%%!%c(BADINDEX)", end[1]);
				p = end + 1;
			} else {
				strbuf_addch(out, *p);
			}
		} else {
			strbuf_addch(out, *p);
		}
	}
}

static char *format_title(const char *fmt, const struct strvec *prefix, const char *const *frames,
			  size_t nframes)
{
	struct strbuf sb = STRBUF_INIT;
	const char **args = xcalloc(prefix->nr + nframes + 1, sizeof(*args));

	for (size_t i = 0; i < prefix->nr; i++)
		args[i] = prefix->v[i];
	for (size_t i = 0; i < nframes; i++)
		args[prefix->nr + i] = frames[i];
	go_format(&sb, fmt, args, prefix->nr + nframes);
	free(args);
	return strbuf_detach(&sb, NULL);
}

static void push_unique(struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return;
	strvec_push(v, s);
}

static void push_owned(struct strvec *v, char *s)
{
	push_unique(v, s);
	free(s);
}

void description_release(struct description *d)
{
	strbuf_release(&d->title);
	strvec_clear(&d->alts);
}

#define TITLE_SCAN (64 * 1024)

void extract_description(struct lctx *c, const char *text, size_t n, const struct coops *o,
			 struct description *d)
{
	/*
	 * A title is on the report's first lines (the earliest match wins):
	 * look for it in the first line and TITLE_SCAN bytes after it, not in
	 * the whole rest of a console that the first report runs to.
	 */
	const char *nl = memchr(text, '\n', n);
	size_t start = n, tn = nl ? (size_t)(nl - text) + TITLE_SCAN : n;
	bool matched_title = false;

	if (tn > n)
		tn = n;
	strbuf_init(&d->title, 0);
	d->alts = (struct strvec)STRVEC_INIT;
	d->corrupted = NULL;
	d->format = NULL;
	d->catch_all = false;
	for (size_t i = 0; i < o->nformats; i++) {
		const struct cformat *f = &o->formats[i];
		const struct oops_format *sf = f->src;
		const pcre2_code *argre = f->title;
		struct strvec args = STRVEC_INIT;
		struct xframe frames[8];
		size_t nframes = 0, m0;
		const char **canon, **raws;

		if (f->title_lit && !memmem(text, tn, f->title_lit, f->title_lit_len))
			continue;
		if (!lx_re_find(c, f->title, text, tn))
			continue;
		m0 = c->ov[0];
		if (m0 > start || (m0 == start && d->title.len))
			continue;
		if (m0 < start) {
			strbuf_reset(&d->title);
			d->format = NULL;
			start = m0;
		}
		matched_title = true;
		if (f->report) {
			if (!lx_re_find(c, f->report, text, n))
				continue;
			argre = f->report;
		}
		m0 = c->ov[0];
		lx_captures(c, argre, text, &args);
		d->corrupted = NULL;
		if (f->stack && !extract_stack_frame(c, f->stack, text + m0, n - m0, frames, &nframes))
			d->corrupted = CORRUPTED_NO_FRAMES;
		canon = xcalloc(nframes + 1, sizeof(*canon));
		raws = xcalloc(nframes + 1, sizeof(*raws));
		for (size_t k = 0; k < nframes; k++) {
			canon[k] = frames[k].canonical;
			raws[k] = frames[k].raw;
		}
		{
			char *t = format_title(sf->fmt, &args, canon, nframes);

			strbuf_reset(&d->title);
			strbuf_addstr(&d->title, t);
			free(t);
		}
		for (size_t a = 0; a < ARRAY_SIZE(sf->alt) && sf->alt[a]; a++)
			push_owned(&d->alts, format_title(sf->alt[a], &args, canon, nframes));
		/* partially stripped syscall prefixes give more names for the same bug */
		for (size_t p = 0;; p++) {
			const char *prefix = p ? strip_frame_prefixes[p - 1] : "";
			bool add = p == 0;
			const char **list;

			if (!prefix)
				break;
			list = xcalloc(nframes + 1, sizeof(*list));
			for (size_t k = 0; k < nframes; k++) {
				const char *r = raws[k], *rest;

				if (*prefix && skip_prefix(r, prefix, &rest)) {
					list[k] = rest;
					add = true;
				} else {
					list[k] = r;
				}
			}
			if (add) {
				char *alt = format_title(sf->fmt, &args, list, nframes);

				if (strcmp(alt, d->title.buf))
					push_unique(&d->alts, alt);
				free(alt);
				for (size_t a = 0; a < ARRAY_SIZE(sf->alt) && sf->alt[a]; a++)
					push_owned(&d->alts, format_title(sf->alt[a], &args, list, nframes));
			}
			free(list);
		}
		free(canon);
		free(raws);
		free_frames(frames, nframes);
		strvec_clear(&args);
		d->format = f;
	}
	if (!d->title.len) {
		const char *h, *e;

		if (matched_title)
			d->corrupted = "matched title but not report regexp";
		else
			d->catch_all = true;
		h = memmem(text, n, o->src->header, o->header_len);
		if (!h)
			return;
		e = memchr(h, '\n', text + n - h);
		strbuf_add(&d->title, h, (e ? e : text + n) - h);
	}
	if (!d->corrupted && d->format && d->format->src->corrupted)
		d->corrupted = "report format is marked as corrupted";
}

/* ---- corruption ---- */

bool report_is_corrupted(struct lctx *c, const char *title, const char *rep, size_t n,
			 const struct cformat *f)
{
	bool has_stack = false;

	if (lx_re_match(c, c->t->corrupted_title, title))
		return true;
	if (!f || f->src->no_stack_trace)
		return false;
	/* after "Call Trace", "Allocated", "Freed"... at least one frame */
	for (size_t k = 0; k < c->t->nstack_starts; k++) {
		const pcre2_code *key = c->t->stack_starts[k];
		struct slice *lines;
		size_t nlines;
		bool corrupted = true;

		if (!lx_re_find(c, key, rep, n))
			continue;
		nlines = lx_split_lines(rep + c->ov[0], n - c->ov[0], &lines);
		if (nlines < 4) {
			free(lines);
			return true;
		}
		for (size_t i = 1; i < 16 && i < nlines; i++) {
			struct slice *ln = &lines[i];

			if (lx_re_find(c, c->t->stack_start, ln->p, ln->n))
				break;
			if (lx_contains(ln->p, ln->n, "(stack is not available)") ||
			    any_match(c, c->t->frame_res, c->t->nframe_res, ln, NULL)) {
				has_stack = true;
				corrupted = false;
				break;
			}
		}
		free(lines);
		if (key != c->t->riscv_stack_start && corrupted)
			return true;
	}
	return !has_stack;
}

/* ---- title normalisation ---- */

char *sanitize_title(struct lctx *c, const char *title)
{
	/* the result keeps 120 bytes: a long prefix is enough, and bounds the work */
	size_t len = strnlen(title, 4096);
	PCRE2_UCHAR *cur = (PCRE2_UCHAR *)xstrndup(title, len);
	struct strbuf out = STRBUF_INIT;
	char prev = ' ';

	for (size_t i = 0; i < c->t->ntitle_repl; i++) {
		for (int iter = 0; iter < 64; iter++) {
			PCRE2_SIZE olen = len * 2 + 64;
			PCRE2_UCHAR *res = xmalloc(olen + 1);
			int rc = pcre2_substitute(c->t->title_repl[i], cur, len, 0,
						  PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
						  c->md, c->mctx, (PCRE2_SPTR)c->t->title_repl_with[i],
						  PCRE2_ZERO_TERMINATED, res, &olen);

			if (rc == PCRE2_ERROR_NOMEMORY) {
				res = xrealloc(res, olen + 1);
				rc = pcre2_substitute(c->t->title_repl[i], cur, len, 0,
						      PCRE2_SUBSTITUTE_GLOBAL, c->md, c->mctx,
						      (PCRE2_SPTR)c->t->title_repl_with[i],
						      PCRE2_ZERO_TERMINATED, res, &olen);
			}
			if (rc <= 0 || (olen == len && !memcmp(res, cur, len))) {
				free(res);
				break;
			}
			free(cur);
			cur = res;
			len = olen;
		}
	}
	for (size_t i = 0; i < len && i < 120; i++) {
		char ch = (char)cur[i];

		if (ch == '\t')
			ch = ' ';
		else if ((unsigned char)ch < 0x20 || (unsigned char)ch >= 0x7f)
			continue;
		if (ch == ' ' && prev == ' ')
			continue;
		strbuf_addch(&out, ch);
		prev = ch;
	}
	free(cur);
	strbuf_trim(&out);
	return strbuf_detach(&out, NULL);
}

char *frame_from_title(struct lctx *c, const char *title)
{
	if (!lx_re_match(c, c->t->frame_from_title, title) || c->ovn < 2 || c->ov[2] == PCRE2_UNSET)
		return NULL;
	return xstrndup(title + c->ov[2], c->ov[3] - c->ov[2]);
}

void scan_output(struct lctx *c, const char *buf, size_t len, struct output_marks *m)
{
	size_t pos = 0;
	const size_t plen = strlen(PANIC_MARKER), hlen = strlen(HANGUP_MARKER);

	memset(m, 0, sizeof(*m));
	/* every suppression is a single-line regex with a literal in it */
	for (size_t k = 0;; k++) {
		size_t ls, le;
		const char *nl;

		if (c->have_sup && buf == c->whole) {
			/* the hits of report_parse()'s one scan */
			if (k >= c->sup_nr)
				break;
			pos = c->sup[k];
		} else if ((pos = litset_find(&c->t->suppression_lits, buf, len, pos)) >= len) {
			break;
		}
		ls = pos;
		if (len - pos >= plen && !memcmp(buf + pos, PANIC_MARKER, plen)) {
			m->panicked = true;
			m->last_panic = pos;
		}
		if (len - pos >= hlen && !memcmp(buf + pos, HANGUP_MARKER, hlen))
			m->hangup = true;
		while (ls > 0 && buf[ls - 1] != '\n')
			ls--;
		nl = memchr(buf + pos, '\n', len - pos);
		le = nl ? (size_t)(nl - buf) : len;
		if (!m->suppressed && lx_re_find(c, c->t->suppressions, buf + ls, le - ls))
			m->suppressed = true;
		pos++;
	}
}

