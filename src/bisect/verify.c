// SPDX-License-Identifier: Apache-2.0
/*
 * verify.c - the culprit checked after the answer (see struct
 * bisect_verification in bisect.h), as syzbot's users and KernelCI ask:
 * the culprit crashes, its parent does not, and the crashing end with the
 * culprit reverted does not (fix mode: the other way round).
 *
 * HOW IT WORKS
 * 1. The culprit and each parent are built (a build the bisection made is
 *    reused) and run until their verdict holds at the job's confidence:
 *    a "crashes" verdict at VERIFY_CRASHES target crashes; a "clean" one
 *    once the chance of missing the crash, (1 - p)^n with the engine's
 *    estimate of p, is under 1 - confidence (at least VERIFY_MIN_RUNS OK
 *    runs). Runs are the unit's (evidence.h): runs the bisection made, or
 *    the journal holds, count and are never redone; new runs go to the
 *    journal, so a killed job resumes without redoing them. At most
 *    VERIFY_MAX_RUNS new runs per commit.
 * 2. The revert: the history writes a commit reverting the culprit on the
 *    crashing end (bad; fix mode: the fixed end) in the build tree
 *    (src/vcs/revert.c; never the user's repository), with a hash that
 *    depends only on the two commits, so a resumed job finds its build in
 *    the journal. A conflict or a failed build is reported as such, never
 *    as a pass. It is built and run through the executor like any commit.
 * 3. The culprit's and parent's runs are evidence of the model: the
 *    posterior is recomputed. A revert that still shows the crash weighs
 *    the confidence down by its likelihood ratio (the crash at rate p when
 *    the culprit is wrong, at the look-alike rate when it is right), and
 *    every check that disagrees with the culprit adds an unreliable reason.
 * Verification makes no steps: res->steps stay the bisection's.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* target crashes that settle a "crashes" verdict (KernelCI asks for 3 fails of 3) */
#define VERIFY_CRASHES 2
/* OK runs a "clean" verdict needs at least (KernelCI: 3 passes) */
#define VERIFY_MIN_RUNS 3
/* new runs per checked commit at most */
#define VERIFY_MAX_RUNS 60
/* runs lost to build, boot or infrastructure trouble before a check gives up */
#define VERIFY_MAX_SKIPS 6
/* the look-alike rate below which the model's is never taken */
#define VERIFY_MIN_EPS 1e-3

/* the reproduction probability the verdicts assume */
static double verify_p(struct engine *e)
{
	double p = e->st.have_post ? e->st.p_last : bisect_p_estimate(&e->st);

	if (!(p > 0.01))
		p = 0.01;
	return p > 1 ? 1 : p;
}

/* OK runs that make "clean" hold at the job's confidence */
static int clean_runs(struct engine *e)
{
	double p = verify_p(e);
	int n;

	if (p >= 0.999)
		return VERIFY_MIN_RUNS;
	n = (int)ceil(log(1 - e->st.conf) / log(1 - p));
	return n < VERIFY_MIN_RUNS ? VERIFY_MIN_RUNS : n;
}

static void set_note(struct bisect_verify_check *c, const char *note)
{
	free(c->note);
	c->note = note ? xstrdup(note) : NULL;
}

static void note(struct engine *e, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void note(struct engine *e, const char *fmt, ...)
{
	struct bisect_event ev = { .type = BISECT_EV_NOTE };
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ev.text = sb.buf;
	engine_emit(e, &ev);
	strbuf_release(&sb);
}

/*
 * Build `hash` and run it until its verdict holds: c filled. 0, or -1 when
 * the engine cannot go on (c says so).
 */
static int check_commit(struct engine *e, const char *hash, struct bisect_verify_check *c)
{
	struct tcommit *t = build_only(e, hash);
	int want_ok = clean_runs(e), added = 0, skips0;
	struct unit *u;

	strcpy(c->hash, hash);
	if (!t) {
		set_note(c, e->journal_ended ? "the journal ends here" :
			 "could not build or test (infrastructure)");
		return -1;
	}
	if (t->status != BUILD_OK) {
		c->status = t->status == BUILD_FAILED ? BISECT_VERIFY_BUILD_FAILED :
							BISECT_VERIFY_SKIPPED;
		set_note(c, t->reason ? t->reason : "build failed");
		return 0;
	}
	u = &e->st.units[t->unit];
	unit_recount(&e->st, u);
	skips0 = u->skips + u->others;
	while (u->crashes < VERIFY_CRASHES && !(u->crashes == 0 && u->oks >= want_ok) &&
	       added < VERIFY_MAX_RUNS && u->skips + u->others - skips0 < VERIFY_MAX_SKIPS) {
		int nr = u->crashes ? 1 : want_ok - u->oks;

		if (nr > e->jobs)
			nr = e->jobs;
		if (nr < 1)
			nr = 1;
		if (nr > VERIFY_MAX_RUNS - added)
			nr = VERIFY_MAX_RUNS - added;
		e->step_runs = u->runs + nr;
		if (unit_run_more(e, t, nr) < 0) {
			set_note(c, e->journal_ended ? "the journal ends here" :
				 "could not test (infrastructure)");
			c->runs = u->runs;
			c->crashes = u->crashes;
			return -1;
		}
		added += nr;
	}
	c->runs = u->runs;
	c->crashes = u->crashes;
	if (u->crashes)
		c->status = BISECT_VERIFY_CRASHES;
	else if (u->oks)
		c->status = BISECT_VERIFY_CLEAN;
	else
		set_note(c, "no run finished");
	if (c->status == BISECT_VERIFY_CLEAN && u->oks < want_ok)
		set_note(c, "fewer OK runs than the confidence needs");
	return 0;
}

/* the parents, as one check: crashes if any does, clean if all are */
static int check_parents(struct engine *e, const struct vcs_commit *info,
			 struct bisect_verify_check *out)
{
	bool all_clean = true, any_crash = false;

	if (!info || !info->parents_nr) {
		set_note(out, info ? "the culprit has no parent" : "the culprit's parents are unknown");
		return 0;
	}
	for (size_t i = 0; i < info->parents_nr; i++) {
		struct bisect_verify_check c = { 0 };
		int r = check_commit(e, info->parents[i], &c);

		if (!i || c.status == BISECT_VERIFY_CRASHES)
			strcpy(out->hash, c.hash);
		out->runs += c.runs;
		out->crashes += c.crashes;
		any_crash |= c.status == BISECT_VERIFY_CRASHES;
		all_clean &= c.status == BISECT_VERIFY_CLEAN;
		if (c.note && !out->note)
			out->note = xstrdup(c.note);
		if (!any_crash && !all_clean && c.status != BISECT_VERIFY_CLEAN)
			out->status = c.status;
		free(c.note);
		if (r < 0)
			return -1;
	}
	if (any_crash)
		out->status = BISECT_VERIFY_CRASHES;
	else if (all_clean)
		out->status = BISECT_VERIFY_CLEAN;
	return 0;
}

/*
 * The revert commit of culprit on v->onto: 0 with hash set, 1 when it
 * conflicts (why), -1 when it cannot be had (out->note says why). It is
 * made once and kept in the journal ("verify.revert.<culprit>.<onto>" =
 * the commit, or "conflict <paths>"), so a replay, which touches no build
 * tree, finds the same commit (its build and runs are in the journal too).
 */
static int make_revert(struct engine *e, const char *culprit, char hash[VCS_HEXSZ + 1],
		       struct strbuf *why, struct bisect_verify_check *out)
{
	struct bisect_verification *v = &e->res->verification;
	char *key = xstrfmt("verify.revert.%s.%s", culprit, v->onto);
	const char *rec = journal_find_note(e->jr, key), *paths;
	struct strbuf val = STRBUF_INIT;
	int r;

	if (!e->h->revert) {
		set_note(out, "this history cannot revert a commit");
		free(key);
		return -1;
	}
	if (e->job->replay) {
		r = -1;
		if (!rec) {
			set_note(out, "the journal ends here");
		} else if (skip_prefix(rec, "conflict ", &paths)) {
			strbuf_addstr(why, paths);
			r = 1;
		} else if (strlen(rec) == VCS_HEXSZ) {
			strcpy(hash, rec);
			r = 0;
		} else {
			set_note(out, "the journal's revert record is damaged");
		}
		free(key);
		return r;
	}
	r = e->h->revert(e->h->ctx, e->tree, v->onto, culprit, hash, why);
	if (r < 0)
		set_note(out, "the revert could not be made (see the errors above)");
	else if (r > 0)
		strbuf_addf(&val, "conflict %s", why->buf);
	else
		strbuf_addstr(&val, hash);
	if (r >= 0 && (!rec || strcmp(rec, val.buf)) && journal_add_note(e->jr, key, val.buf) < 0)
		r = -1;
	strbuf_release(&val);
	free(key);
	return r;
}

/* the crashing end with the culprit reverted; -1 when the engine cannot go on */
static int check_revert(struct engine *e, const char *culprit, struct bisect_verify_check *out)
{
	struct bisect_verification *v = &e->res->verification;
	struct strbuf why = STRBUF_INIT;
	char hash[VCS_HEXSZ + 1];
	int r;

	strcpy(v->onto, e->st.fix ? e->res->good : e->res->bad);
	r = make_revert(e, culprit, hash, &why, out);
	if (r > 0) {
		out->status = BISECT_VERIFY_CONFLICT;
		set_note(out, why.len ? why.buf : "the revert conflicts");
		note(e, "reverting %s on %s conflicts: %s", culprit, v->onto, out->note);
	}
	strbuf_release(&why);
	if (r)
		return 0;
	note(e, "testing %s (%s reverted on %s)", hash, culprit, v->onto);
	return check_commit(e, hash, out);
}

/* P(culprit right) after `crashes` of `n` finished runs where a right culprit predicts `crash` */
static double weigh(struct engine *e, double conf, bool crash, int crashes, int n)
{
	double p = verify_p(e), eps = e->st.eps > VERIFY_MIN_EPS ? e->st.eps : VERIFY_MIN_EPS;
	double right = crash ? p : eps, wrong = crash ? eps : p;
	double l1 = crashes * log(right) + (n - crashes) * log1p(-right);
	double l0 = crashes * log(wrong) + (n - crashes) * log1p(-wrong);

	if (right >= 1 || wrong >= 1)	/* p = 1: one outcome is impossible under one side */
		return (right >= 1) == (crashes == n) ? conf : 0;
	return conf / (conf + (1 - conf) * exp(l0 - l1));
}

static void judge(struct engine *e, double *confidence)
{
	struct bisect_verification *v = &e->res->verification;
	struct strvec *why = &e->res->unreliable_reasons;
	enum bisect_verify_status yes = BISECT_VERIFY_CRASHES, no = BISECT_VERIFY_CLEAN;
	const char *crashing = e->st.fix ? "fixed end" : "bad commit";

	if (e->st.fix) {
		yes = BISECT_VERIFY_CLEAN;
		no = BISECT_VERIFY_CRASHES;
	}
	v->verified = v->culprit.status == yes && v->parent.status == no && v->revert.status == no;
	if (v->culprit.status == no)
		strvec_pushf(why, "verification: the culprit %s (%d of %d runs crashed)",
			     e->st.fix ? "still crashes" : "does not crash", v->culprit.crashes,
			     v->culprit.runs);
	if (v->parent.status == yes)
		strvec_pushf(why, "verification: the culprit's parent %s (%d of %d runs crashed)",
			     e->st.fix ? "does not crash" : "crashes too", v->parent.crashes,
			     v->parent.runs);
	if (v->revert.status == yes) {
		int n = v->revert.runs;	/* skips count as neither */
		struct tcommit *t = bisect_find_tested(&e->st, v->revert.hash);

		if (t && t->unit >= 0)
			n = e->st.units[t->unit].oks + e->st.units[t->unit].crashes;
		*confidence = weigh(e, *confidence, e->st.fix, v->revert.crashes, n);
		strvec_pushf(why, "verification: the %s with the culprit reverted %s (%d of %d runs crashed)",
			     crashing, e->st.fix ? "does not crash" : "still crashes",
			     v->revert.crashes, v->revert.runs);
	}
}

void verify_culprit(struct engine *e, size_t c, const struct vcs_commit *info,
		    double *confidence)
{
	struct bisect_verification *v = &e->res->verification;
	const char *hash = e->st.dag.hash[c];

	v->enabled = !e->job->no_verify;
	if (!v->enabled) {
		set_note(&v->culprit, "--verify=no");
		set_note(&v->parent, "--verify=no");
		set_note(&v->revert, "--verify=no");
		return;
	}
	note(e, "verifying the culprit %s (runs until each verdict holds at %.3f)", hash,
	     e->st.conf);
	if (check_commit(e, hash, &v->culprit) < 0 || check_parents(e, info, &v->parent) < 0 ||
	    check_revert(e, hash, &v->revert) < 0) {
		strvec_push(&e->res->unreliable_reasons,
			    "verification: could not be completed (see the verification block)");
		return;
	}
	/* the new runs of the culprit and its parent are evidence of the model */
	bisect_posterior(&e->st);
	*confidence = e->st.post[c];
	judge(e, confidence);
}
