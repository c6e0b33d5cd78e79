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
 * 3. The culprit's, parent's and revert's runs are evidence of the model:
 *    the posterior is recomputed. They are made before the answer is given
 *    (verify_recheck()): when the posterior no longer holds the answer, the
 *    search goes on with them (a revert that crashes 2 times in 10 sent
 *    trials of p 0.2 with 5% look-alikes back to the search; they used to
 *    end on the wrong commit marked unreliable). Past engine.c's
 *    VERIFY_RECHECKS answers, a revert that still shows the crash weighs
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
/*
 * runs of each end before "no culprit" is believed (VERIFY_MAX_RUNS more
 * than the search made at most, per check): 40 let a good end that showed
 * look-alikes at twice their rate by chance (7 of 40 at 5%) answer "no
 * culprit" (p 0.1, look-alikes 5%, 200 trials: 7.0% of them with 40, 5.0%
 * with 80; with bayes.c's 0.6 p bound 3.0% with 80, 2.0% with 120, for
 * more runs in every "no culprit" answer; --no-culprit p 0.1: 95.5% each)
 */
#define NONE_MIN_RUNS 80
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

/* the look-alike rate the verdicts assume */
static double verify_eps(struct engine *e)
{
	return e->st.eps > VERIFY_MIN_EPS ? e->st.eps : VERIFY_MIN_EPS;
}

/*
 * How much likelier a commit's runs are if it has the bug (target crashes
 * at rate p) than if it has not (look-alikes at eps), as a log.
 */
static double crash_llr(struct engine *e, int crashes, int oks)
{
	double p = verify_p(e), eps = verify_eps(e);

	if (p > 0.999)
		p = 0.999;
	if (!(p > eps))
		return 0;
	return crashes * log(p / eps) + oks * (log1p(-p) - log1p(-eps));
}

/*
 * The verdict of a unit's runs, once it holds at the job's confidence:
 * "crashes" at VERIFY_CRASHES target crashes or more that are that much
 * likelier at rate p than as look-alikes; "clean" with no crash after
 * want_ok OK runs, or with the crashes that much likelier look-alikes (a
 * look-alike on the parent is not "the parent crashes too"). 0: not yet.
 */
static enum bisect_verify_status settled(struct engine *e, const struct unit *u, int want_ok)
{
	double need = log(e->st.conf / (1 - e->st.conf)), llr = crash_llr(e, u->crashes, u->oks);

	if (u->crashes >= VERIFY_CRASHES && llr >= need)
		return BISECT_VERIFY_CRASHES;
	if (u->oks >= want_ok && (!u->crashes || -llr >= need))
		return BISECT_VERIFY_CLEAN;
	return 0;
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
	while (!settled(e, u, want_ok) && added < VERIFY_MAX_RUNS &&
	       u->skips + u->others - skips0 < VERIFY_MAX_SKIPS) {
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
	c->status = settled(e, u, want_ok);
	if (c->status)
		return 0;
	/* not settled within the caps: the likelier side, said so */
	if (!u->crashes && !u->oks) {
		set_note(c, "no run finished");
	} else if (!u->crashes) {
		c->status = BISECT_VERIFY_CLEAN;
		set_note(c, "fewer OK runs than the confidence needs");
	} else {
		c->status = crash_llr(e, u->crashes, u->oks) > 0 ? BISECT_VERIFY_CRASHES :
								    BISECT_VERIFY_CLEAN;
		set_note(c, c->status == BISECT_VERIFY_CRASHES ?
			 "not settled at the job's confidence: the crashes may be look-alikes" :
			 "not settled at the job's confidence: the crashes look like look-alikes");
	}
	return 0;
}

/*
 * The parents, as one check: crashes if any does, clean if all are. With
 * --first-parent the first only (a merge is the culprit against it, as
 * git bisect --first-parent says).
 */
static int check_parents(struct engine *e, const struct vcs_commit *info,
			 struct bisect_verify_check *out)
{
	bool all_clean = true, any_crash = false;

	if (!info || !info->parents_nr) {
		set_note(out, info ? "the culprit has no parent" : "the culprit's parents are unknown");
		return 0;
	}
	for (size_t i = 0; i < (e->job->first_parent ? 1 : info->parents_nr); i++) {
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
 * tree, finds the same commit (its build and runs are in the journal too),
 * and so does a second look in this process (`again`: made here already).
 */
static int make_revert(struct engine *e, const char *culprit, bool again,
		       char hash[VCS_HEXSZ + 1], struct strbuf *why,
		       struct bisect_verify_check *out)
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
	if (e->job->replay || again) {
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

/*
 * The revert's runs are evidence of the model: under every candidate but
 * the culprit the crashing end without it still has the bug (fix mode: the
 * fix), under the culprit it has not; so the revert's unit is on the
 * crashing side (fix mode: the fixed side) of every candidate but the
 * culprit, and the posterior weighs a clean revert for the culprit and one
 * that crashes against it. -1 when it cannot be built (as check_commit()).
 */
static int revert_unit(struct engine *e, const char *culprit, const char *hash)
{
	struct tcommit *t = build_only(e, hash);
	long c = bisect_node_of(&e->st, culprit);
	size_t words = bitset_words(e->st.dag.nr) + 1;
	struct unit *u;

	if (!t)
		return -1;
	if (t->status != BUILD_OK || c < 0 || t->node >= 0)
		return 0;
	u = &e->st.units[t->unit];
	if (!u->set)
		return 0;
	for (size_t x = 0; x < e->st.dag.nr; x++)
		if (x != (size_t)c)
			bitset_set(u->set, x);
	free(u->all);
	u->all = xmalloc(words * sizeof(uint64_t));
	memcpy(u->all, u->set, words * sizeof(uint64_t));
	return 0;
}

/*
 * The crashing end with the culprit reverted; -1 when the engine cannot go
 * on. verify_recheck() checks it before the answer and verify_culprit()
 * again for the block: the second time the revert is the journal's, its
 * build and runs the unit's (nothing is redone), and nothing is said again.
 */
static int check_revert(struct engine *e, const char *culprit, struct bisect_verify_check *out)
{
	struct bisect_verification *v = &e->res->verification;
	struct strbuf why = STRBUF_INIT;
	char hash[VCS_HEXSZ + 1];
	bool again = !strcmp(e->revert_made, culprit);
	int r;

	strcpy(v->onto, e->st.fix ? e->res->good : e->res->bad);
	r = make_revert(e, culprit, again, hash, &why, out);
	if (r >= 0)
		strcpy(e->revert_made, culprit);
	if (r > 0) {
		out->status = BISECT_VERIFY_CONFLICT;
		set_note(out, why.len ? why.buf : "the revert conflicts");
		if (!again)
			note(e, "reverting %s on %s conflicts: %s", culprit, v->onto, out->note);
	}
	strbuf_release(&why);
	if (r)
		return 0;
	if (!again)
		note(e, "testing %s (%s reverted on %s)", hash, culprit, v->onto);
	if (revert_unit(e, culprit, hash) < 0)
		return -1;
	return check_commit(e, hash, out);
}

static void judge(struct engine *e)
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
	if (v->revert.status == yes)
		strvec_pushf(why, "verification: the %s with the culprit reverted %s (%d of %d runs crashed)",
			     crashing, e->st.fix ? "does not crash" : "still crashes",
			     v->revert.crashes, v->revert.runs);
}

/* run t until its unit has `want` finished runs (VERIFY_MAX_RUNS more at most); -1 to stop */
static int run_to(struct engine *e, struct tcommit *t, int want)
{
	struct unit *u = &e->st.units[t->unit];
	int added = 0;

	while (u->crashes + u->oks < want && added < VERIFY_MAX_RUNS) {
		int left = want - (u->crashes + u->oks), nr = e->jobs < left ? e->jobs : left;

		e->step_runs = u->runs + nr;
		if (unit_run_more(e, t, nr) < 0)
			return -1;
		added += nr;
	}
	return 0;
}

/*
 * "No culprit" says the crash shows at one rate at both ends; ends run a
 * few times cannot say so (a reproducer at 20% that crashed 2 times in 20
 * against look-alikes at 9% in 122; 2 look-alikes in 9 runs of the good
 * end). Before it is believed, the good end (cause mode) runs at least
 * NONE_MIN_RUNS times and the bad end at least as many times as the good
 * side (VERIFY_MAX_RUNS more each at most). 1 when "no culprit" then no
 * longer holds.
 */
/* bad-end runs that "no culprit" wants against good_runs on the good side */
static int bad_runs_wanted(int good_runs)
{
	return good_runs > NONE_MIN_RUNS ? good_runs : NONE_MIN_RUNS;
}

static int recheck_no_culprit(struct engine *e)
{
	struct tcommit *bad, *good = NULL;
	struct unit *u;
	int good_runs = bisect_good_side_runs(&e->st, NULL);

	if (e->st.bad_unit < 0)
		return 0;
	u = &e->st.units[e->st.bad_unit];
	bad = bisect_find_tested(&e->st, u->first_commit);
	if (!e->st.fix && e->res->good[0])
		good = bisect_find_tested(&e->st, e->res->good);
	if (good && (good->status != BUILD_OK || good->unit < 0 || good->unit == e->st.bad_unit))
		good = NULL;
	if (!bad || (u->crashes + u->oks >= bad_runs_wanted(good_runs) &&
		     (!good || good_runs >= NONE_MIN_RUNS)))
		return 0;
	note(e, "checking \"no culprit\": more runs of the ends (bad end %d so far, good side %d)",
	     u->crashes + u->oks, good_runs);
	if (good && good_runs < NONE_MIN_RUNS) {
		struct unit *g = &e->st.units[good->unit];

		if (run_to(e, good, g->crashes + g->oks + NONE_MIN_RUNS - good_runs) < 0)
			return 0;	/* the answer says what stopped it */
		good_runs = bisect_good_side_runs(&e->st, NULL);
	}
	if (run_to(e, bad, bad_runs_wanted(good_runs)) < 0)
		return 0;
	bisect_posterior(&e->st);
	return !(e->st.sum.top_is_none && e->st.sum.none >= e->st.conf);
}

/* the posterior with the new runs: 1 when it no longer holds candidate c */
static int answer_undone(struct engine *e, size_t c)
{
	bisect_posterior(&e->st);
	return e->st.sum.top_is_none || e->st.post[c] < e->st.conf;
}

int verify_recheck(struct engine *e, size_t c)
{
	const char *hash = e->st.dag.hash[c];
	struct bisect_verify_check a = { 0 }, b = { 0 }, rv = { 0 };
	struct vcs_commit info = { 0 };
	bool parents;
	int r = 0;

	if (e->job->no_verify || e->job->policy != BISECT_POLICY_BAYES)
		return 0;
	if (e->st.sum.top_is_none)
		return recheck_no_culprit(e);
	/*
	 * --first-parent, -- PATH...: parents outside the slice that are not
	 * the good end's would count as its runs (outside every candidate);
	 * they are checked after the answer only. The culprit is in the slice
	 * and the revert's unit says where it stands (revert_unit()).
	 */
	parents = !e->job->first_parent && !e->job->paths.nr && e->h->commit_info &&
		  e->h->commit_info(e->h->ctx, hash, &info) == 0;
	/* the revert last: one that still crashes sends the search on too */
	if (check_commit(e, hash, &a) == 0 && (!parents || check_parents(e, &info, &b) == 0))
		r = answer_undone(e, c) || (check_revert(e, hash, &rv) == 0 && answer_undone(e, c));
	free(a.note);
	free(b.note);
	free(rv.note);
	if (parents && e->h->release_commit)
		e->h->release_commit(e->h->ctx, &info);
	return r;
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
	judge(e);
}
