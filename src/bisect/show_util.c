// SPDX-License-Identifier: Apache-2.0
/*
 * show_util.c - reading the result JSON and cleaning untrusted text for the
 * page and the mail (showint.h).
 */
#include <stdlib.h>
#include <string.h>

#include "showint.h"
#include "../util/util.h"

/* -------------------------------------------------------------- JSON */

const char *jstr(const json_t *o, const char *key)
{
	json_t *v = o && json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

double jnum(const json_t *o, const char *key)
{
	json_t *v = o && json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_number(v) ? json_number_value(v) : 0;
}

json_t *jobj(const json_t *o, const char *key)
{
	json_t *v = o && json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_object(v) ? v : NULL;
}

json_t *jarr(const json_t *o, const char *key)
{
	json_t *v = o && json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_array(v) ? v : NULL;
}

size_t jlen(const json_t *a)
{
	return a && json_is_array(a) ? json_array_size(a) : 0;
}

/* ------------------------------------------------------------- steps */

const struct show_step *show_step_at(const struct show_record *rec, size_t i)
{
	return rec->events && i < rec->steps_nr ? &rec->steps[i] : NULL;
}

void show_step_runs(const json_t *step, struct show_runs *out)
{
	const json_t *runs = jarr(step, "runs");

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < jlen(runs); i++) {
		const json_t *r = json_array_get(runs, i);
		const char *v = jstr(r, "verdict");

		out->n++;
		if (json_is_true(json_object_get(r, "target")))
			out->target++;
		else if (v && !strcmp(v, "crashed"))
			out->other++;
		else if (v && !strcmp(v, "OK"))
			out->ok++;
		else
			out->failed++;
	}
}

bool show_build_failed(const json_t *step)
{
	const char *b = jstr(step, "build");

	/* "ok" (older results), "built", "reused": it built */
	return b && (!strcmp(b, "failed") || !strcmp(b, "infra"));
}

enum bisect_verdict show_step_verdict(const struct show_record *rec, size_t i)
{
	const struct show_step *s = show_step_at(rec, i);
	const json_t *step = json_array_get(jarr(rec->res, "steps"), i);
	const char *decision = jstr(step, "decision");
	struct show_runs r;

	if (s && s->verdict >= 0)
		return (enum bisect_verdict)s->verdict;
	/* read from its runs: a target crash is the crash, OK runs without one are not */
	if (show_build_failed(step) || (decision && !strcmp(decision, "skip")))
		return BISECT_VERDICT_SKIP;
	show_step_runs(step, &r);
	if (r.target)
		return BISECT_VERDICT_BAD;
	return r.ok ? BISECT_VERDICT_GOOD : BISECT_VERDICT_SKIP;
}

const json_t *show_find_step(const struct show_record *rec, const char *hash, size_t *index)
{
	const json_t *steps = jarr(rec->res, "steps");
	const json_t *found = NULL;

	if (!hash)
		return NULL;
	/* the last test of a commit holds all its runs */
	for (size_t i = 0; i < jlen(steps); i++) {
		const char *c = jstr(json_array_get(steps, i), "commit");

		if (c && !strcmp(c, hash)) {
			found = json_array_get(steps, i);
			if (index)
				*index = i;
		}
	}
	return found;
}

const json_t *show_runs_holder(const struct show_record *rec, const json_t *step)
{
	const json_t *steps = jarr(rec->res, "steps"), *best = step;
	const char *sig = jstr(step, "signature");
	size_t most = 0;

	if (!step || jlen(jarr(step, "runs")) || !sig || !*sig)
		return step;
	for (size_t i = 0; i < jlen(steps); i++) {
		const json_t *s = json_array_get(steps, i);
		const char *si = jstr(s, "signature");

		if (si && !strcmp(si, sig) && jlen(jarr(s, "runs")) > most) {
			most = jlen(jarr(s, "runs"));
			best = s;
		}
	}
	return best;
}

void show_step_runs_phrase(const struct show_record *rec, struct strbuf *out, const json_t *step)
{
	const json_t *holder = show_runs_holder(rec, step);
	char buf[13];

	show_runs_phrase(out, holder);
	if (holder != step)
		strbuf_addf(out, " (the runs of %s: the same artifact)",
			    show_short(jstr(holder, "commit"), 12, buf));
}

bool show_is_fix(const struct show_record *rec)
{
	const char *m = jstr(rec->res, "mode");

	return m && !strcmp(m, "fix");
}

const char *show_outcome(const struct show_record *rec, char *buf, size_t size)
{
	const char *o = jstr(rec->res, "outcome");

	snprintf(buf, size, "%s", o ? o : "unknown");
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
	return buf;
}

int *show_signature_groups(const struct show_record *rec, int *groups_nr)
{
	const json_t *steps = jarr(rec->res, "steps");
	size_t n = jlen(steps);
	int *group = xcalloc(n ? n : 1, sizeof(*group)), next = 0;

	for (size_t i = 0; i < n; i++) {
		const char *si = jstr(json_array_get(steps, i), "signature");

		if (group[i] || !si || !*si)
			continue;
		for (size_t k = i + 1; k < n; k++) {
			const char *sk = jstr(json_array_get(steps, k), "signature");

			if (sk && !strcmp(si, sk)) {
				if (!group[i])
					group[i] = ++next;
				group[k] = group[i];
			}
		}
	}
	*groups_nr = next;
	return group;
}

/* -------------------------------------------------------------- text */

/* length of the valid UTF-8 sequence at s (0: not valid), its code point in *cp */
static size_t utf8_seq(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2, min = 0x80, c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, min = 0x800, c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

void show_clean(struct strbuf *out, const char *s)
{
	static const char repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	while (*p) {
		unsigned cp;
		size_t len = utf8_seq(p, &cp);

		if (!len) {
			strbuf_addstr(out, repl);
			p++;
		} else if (cp == '\r' || cp == 0x7f) {
			p += len;	/* CRs of a console, DEL: dropped */
		} else if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x80 && cp < 0xa0)) {
			strbuf_addstr(out, repl);
			p += len;
		} else {
			strbuf_add(out, p, len);
			p += len;
		}
	}
}

void html_esc(struct strbuf *out, const char *s)
{
	struct strbuf clean = STRBUF_INIT;

	if (!s)
		return;
	show_clean(&clean, s);
	for (size_t i = 0; i < clean.len; i++) {
		switch (clean.buf[i]) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, clean.buf[i]);
		}
	}
	strbuf_release(&clean);
}

const char *show_short(const char *hash, int n, char *buf)
{
	snprintf(buf, (size_t)n + 1, "%s", hash ? hash : "");
	return buf;
}

/* ---------------------------------------------------------- phrases */

void show_runs_phrase(struct strbuf *out, const json_t *step)
{
	struct show_runs r;

	if (!step) {
		strbuf_addstr(out, "not tested");
		return;
	}
	show_step_runs(step, &r);
	if (!r.n) {
		strbuf_addstr(out, show_build_failed(step) ?
			      "did not build" : "no runs");
		return;
	}
	strbuf_addf(out, "%d of %d run%s crashed", r.target, r.n, r.n == 1 ? "" : "s");
	if (r.other)
		strbuf_addf(out, ", %d with another crash", r.other);
	if (r.failed)
		strbuf_addf(out, ", %d failed to run", r.failed);
}

void show_verify_phrase(struct strbuf *out, const json_t *v)
{
	const char *status = jstr(v, "status");
	json_t *runs = v ? json_object_get(v, "runs") : NULL;

	strbuf_addstr(out, status ? status : "unknown");
	if (json_is_integer(runs) && json_integer_value(runs) > 0)
		strbuf_addf(out, ": %lld of %lld runs crashed",
			    (long long)jnum(v, "crashes"), (long long)json_integer_value(runs));
	if (jstr(v, "note") && *jstr(v, "note"))
		strbuf_addf(out, " (%s)", jstr(v, "note"));
}

const char *show_verified(const json_t *v)
{
	json_t *enabled = v ? json_object_get(v, "enabled") : NULL;
	json_t *verified = v ? json_object_get(v, "verified") : NULL;

	if (!v || json_is_false(enabled))
		return "not done";
	if (json_is_boolean(verified))
		return json_is_true(verified) ? "passed" : "failed";
	return NULL;	/* an older block without the summary */
}

const char *show_headline(const struct show_record *rec)
{
	bool fix = show_is_fix(rec);
	char o[32];

	show_outcome(rec, o, sizeof(o));
	if (!strcmp(o, "found"))
		return fix ? "Fixing commit found" : "First bad commit found";
	if (!strcmp(o, "inconclusive"))
		return "Bisection inconclusive";
	if (!strcmp(o, "no_culprit"))
		return "No culprit in this range";
	if (!strcmp(o, "no_repro"))
		return "The crash did not reproduce";
	if (!strcmp(o, "already"))
		return fix ? "The crash still happens on the newest commit" :
			     "The crash happens on the oldest release tested";
	if (!strcmp(o, "bad_input"))
		return "The job is wrong";
	if (!strcmp(o, "infra"))
		return "Infrastructure failure";
	return "Bisection result";
}

void show_duration(struct strbuf *out, double s)
{
	long t = (long)(s + 0.5);

	if (s < 60)
		strbuf_addf(out, "%.1fs", s);
	else if (t < 3600)
		strbuf_addf(out, "%ldm%02lds", t / 60, t % 60);
	else
		strbuf_addf(out, "%ldh%02ldm", t / 3600, t / 60 % 60);
}

const json_t *show_parent_step(const struct show_record *rec, const char **hash)
{
	*hash = rec->culprit_parents.nr ? rec->culprit_parents.v[0] : NULL;
	return show_find_step(rec, *hash, NULL);
}
