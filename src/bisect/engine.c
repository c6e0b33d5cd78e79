// SPDX-License-Identifier: Apache-2.0
/*
 * engine.c - the bisection loop (see bisect.h; the parts in engine.h).
 *
 * HOW IT WORKS
 * 1. The bad commit is tested first with the policy's first-test runs; its
 *    most frequent crash names the target (title + alt titles) and its runs
 *    give the first estimate of the reproduction probability p.
 * 2. The other end: the fixed end is tested (fix mode); given goods are
 *    trusted (tested only when the answer rests on one); with no good,
 *    release tags are walked back from bad (release.c).
 * 3. The slice (the candidate commits) is loaded and the policy picks
 *    probes round by round until it can name one commit (or proves it
 *    cannot: only skipped commits left, or out of builds).
 * 4. The answer (finish.c), then the RESULT event.
 * Every build and run goes through step.c, which first looks in the
 * journal, so a resumed job redoes nothing recorded and a replay builds and
 * runs nothing. The engine prints nothing: it emits events (event.h).
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lock.h"
#include "select.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* the job's runs and confidence when it names none */
#define DEFAULT_RUNS 10
#define DEFAULT_CONFIDENCE 0.99

/* ------------------------------------------------------------- helpers */

void engine_emit(struct engine *e, struct bisect_event *ev)
{
	ev->job = e->job;
	ev->res = e->res;
	for (size_t i = 0; i < e->job->observers_nr; i++) {
		const struct bisect_observer *o = &e->job->observers[i];

		o->ops->event(o->ctx, ev);
	}
}

const char *subject_of(struct engine *e, const char *hash, char **owned)
{
	struct vcs_commit c = { 0 };

	*owned = NULL;
	if (!e->h->commit_info || e->h->commit_info(e->h->ctx, hash, &c) < 0)
		return "";
	*owned = xstrdup(c.subject ? c.subject : "");
	if (e->h->release_commit)
		e->h->release_commit(e->h->ctx, &c);
	return *owned;
}

const char *bisect_verdict_name(enum bisect_verdict v)
{
	return v == BISECT_VERDICT_GOOD ? "good" : v == BISECT_VERDICT_BAD ? "bad" : "skip";
}

const char *bisect_decision_text(enum bisect_verdict v, bool fix_mode, bool git_terms)
{
	if (v == BISECT_VERDICT_SKIP)
		return "skip";
	if (git_terms)	/* git's terms: in fix mode the crashing side is "good" */
		return (v == BISECT_VERDICT_BAD) != fix_mode ? "bad" : "good";
	return bisect_verdict_name(v);
}

const struct bisect_policy_ops *bisect_policy_get(enum bisect_policy p)
{
	static const struct bisect_policy_ops *const policies[] = {
		[BISECT_POLICY_BAYES] = &bisect_policy_bayes,
		[BISECT_POLICY_SYZBOT] = &bisect_policy_syzbot,
	};

	return (size_t)p < ARRAY_SIZE(policies) ? policies[p] : &bisect_policy_bayes;
}

void bisect_answer_release(struct bisect_answer *a)
{
	free(a->candidates);
	free(a->probs);
	memset(a, 0, sizeof(*a));
}

static void policy_note(void *ctx, const char *text)
{
	struct bisect_event ev = { .type = BISECT_EV_NOTE, .text = text };

	engine_emit(ctx, &ev);
}

/* ------------------------------------------------------- executor host */

static void host_phase(void *ctx, const struct bisect_work *w, enum bisect_event_type phase)
{
	struct engine *e = ctx;
	struct bisect_event ev = { .type = phase, .hash = w->commit, .rebuild = w->rebuild };

	struct bisect_step *s = NULL;
	int total = e->step_runs;

	/* work of a round (round.c) has its own step; a build ahead has none */
	if (!round_work_info(e, w->id, &s, &total) && e->res->steps_nr)
		s = &e->res->steps[e->res->steps_nr - 1];
	if (phase == BISECT_EV_RUN_STARTED) {
		ev.run_index = w->nr ? w->indices[0] : 0;
		ev.run_count = (int)w->nr;
		ev.run_total = total;
	}
	ev.step = s;
	engine_emit(e, &ev);
}

static int host_record(void *ctx, const char *key, const char *value)
{
	return journal_add_note(((struct engine *)ctx)->jr, key, value);
}

static const char *host_recall(void *ctx, const char *key)
{
	return journal_find_note(((struct engine *)ctx)->jr, key);
}

/* ----------------------------------------------------------- the search */

static void emit_posterior(struct engine *e)
{
	struct bisect_event ev = { .type = BISECT_EV_POSTERIOR, .dag = &e->st.dag,
				   .posterior = e->st.post, .p = e->st.p_last,
				   .none = e->st.sum.none };

	engine_emit(e, &ev);
}

/* A probe the policy chose: its step and verdict. -1 when the engine must stop. */
static int test_probe(struct engine *e, const struct bisect_probe *probe)
{
	struct bisect_event ev = { .type = BISECT_EV_STEP_CHOSEN };
	struct bisect_step *s;
	struct tcommit *t;
	enum bisect_verdict v;
	char *subj;

	ev.hash = e->st.dag.hash[probe->node];
	ev.remaining = probe->remaining;
	ev.reaches = probe->reaches;
	ev.steps_left = git_bisect_steps(probe->remaining);
	ev.text = subject_of(e, ev.hash, &subj);
	engine_emit(e, &ev);
	free(subj);
	s = test_commit(e, ev.hash, NULL, BISECT_STEP_PROBE, BISECT_PLAN_PROBE, &t);
	if (!s)
		return -1;
	v = step_verdict(e, s, t);
	e->pol->update(e->ps, &e->st, probe, v, s, t);
	step_decide(e, s, v, true);
	return 0;
}

/* times verification's reruns may send the search back before it answers */
#define VERIFY_RECHECKS 3

/* The ends are known: load the slice, run the policy's rounds, answer. */
static void search_slice(struct engine *e, const char *bad, struct strvec *goods,
			 const char *last_bad)
{
	const char *head = e->st.fix ? goods->v[0] : e->pol->from_last_bad ? last_bad : bad;
	const char *const *bases = e->st.fix ? &bad : (const char *const *)goods->v;
	size_t bases_nr = e->st.fix ? 1 : goods->nr, culprit = 0;
	struct bisect_event ev = { .type = BISECT_EV_SEARCH_STARTED, .hash = head,
				   .hashes = bases, .hashes_nr = bases_nr };
	struct bisect_probe *probes = xcalloc((size_t)e->probes, sizeof(*probes));
	struct bisect_round round = { .max = (size_t)e->probes, .probes = probes };
	struct bisect_answer answer;
	struct vcs_dag dag = { 0 };
	enum bisect_search_end end;
	int rechecks = 0;
	long node;

	if (e->h->load_dag(e->h->ctx, e->st.fix ? goods->v[0] : bad, bases, bases_nr, &dag) < 0) {
		engine_fail(e, BISECT_BAD_INPUT,
			    "cannot load the commits between the good and the bad end");
		goto out;
	}
	/* git bisect's selection: --first-parent, -- <path>... */
	if (bisect_select_slice(e->job, e->h, &dag) < 0) {
		if (e->h->release_dag)
			e->h->release_dag(e->h->ctx, &dag);
		engine_fail(e, BISECT_BAD_INPUT, "cannot select the candidates");
		goto out;
	}
	if (!dag.nr) {
		if (e->h->release_dag)
			e->h->release_dag(e->h->ctx, &dag);
		error("no commits between the good and the bad end");
		engine_fail(e, BISECT_BAD_INPUT,
			    "cannot load the commits between the good and the bad end");
		goto out;
	}
	bisect_state_set_slice(&e->st, &dag);
	if (bisect_select_skips(e->job, e->h, &e->st) < 0) {	/* --skip */
		engine_fail(e, BISECT_BAD_INPUT, "cannot mark the commits to skip");
		goto out;
	}
	ev.dag = &e->st.dag;
	engine_emit(e, &ev);
	classes_slice(e, bases, bases_nr);
	node = bisect_node_of(&e->st, head);
	e->pol->search_begin(e->ps, &e->st, node < 0 ? e->st.dag.nr - 1 : (size_t)node);
	for (;;) {
		round.good_again = false;
		e->pol->next(e->ps, &e->st, &round);
		if (e->st.have_post)
			emit_posterior(e);
		if (!round.nr && round.end == BISECT_SEARCH_FOUND && !e->st.fix) {
			/* the answer rests on its good parents: test them, then look again */
			int r = check_good_parents(e, round.culprit, goods, round.good_again);

			if (r < 0)
				engine_stopped(e);
			if (r == 1 || r < 0)
				goto out;
			if (r == 2)
				continue;
		}
		/* verification's reruns of the answer and its parents may undo it */
		if (!round.nr && round.end == BISECT_SEARCH_FOUND && rechecks < VERIFY_RECHECKS &&
		    verify_recheck(e, round.culprit)) {
			rechecks++;
			continue;
		}
		if (!round.nr) {
			end = round.end;
			culprit = round.culprit;
			break;
		}
		/* several probes (or workers to build ahead): at once; else one by one */
		if (round_wanted(e)) {
			if (round_test(e, &round) < 0) {
				engine_stopped(e);
				goto out;
			}
			continue;
		}
		for (size_t i = 0; i < round.nr; i++) {
			if (test_probe(e, &round.probes[i]) < 0) {
				engine_stopped(e);
				goto out;
			}
		}
	}
	bisect_posterior(&e->st);
	emit_posterior(e);
	e->pol->answer(e->ps, &e->st, end, culprit, &answer);
	if (answer.no_culprit) {
		finish_no_culprit(e);
		set_crash(e, NULL);
	} else if (answer.found) {
		finish_found(e, culprit, e->st.post[culprit]);
		set_crash(e, e->st.fix ? NULL : e->st.dag.hash[culprit]);
	} else {
		finish_inconclusive(e, &answer, end == BISECT_SEARCH_SKIPPED_ONLY);
	}
	bisect_answer_release(&answer);
out:
	free(probes);
}

/* The bad end: does it crash, and with what? 0 to go on, -1 when the outcome is set. */
static int test_bad_end(struct engine *e, const char *bad)
{
	struct bisect_step *s;
	struct tcommit *t;
	struct unit *u;

	s = test_commit(e, bad, NULL, BISECT_STEP_BAD, BISECT_PLAN_FIRST, &t);
	if (!s) {
		engine_stopped(e);
		return -1;
	}
	if (t->status != BUILD_OK) {
		step_decide(e, s, BISECT_VERDICT_SKIP, false);
		if (t->status == BUILD_INFRA)
			engine_fail(e, BISECT_INFRA,
				    "infrastructure failure: the bad commit could not be built");
		else
			engine_fail(e, BISECT_NO_REPRO,
				    "the bad commit does not build, so the crash cannot be reproduced");
		return -1;
	}
	e->st.bad_unit = t->unit;
	u = &e->st.units[t->unit];
	bisect_choose_target(&e->st);
	unit_recount(&e->st, u);
	for (size_t i = 0; i < s->runs_nr && i < u->jruns_nr; i++)
		s->runs[i].target = u->jruns[i].verdict == RUN_CRASHED &&
				    jrun_is_target(&e->st, &u->jruns[i]);
	if (step_verdict(e, s, t) == BISECT_VERDICT_BAD) {
		step_decide(e, s, BISECT_VERDICT_BAD, false);
		return 0;
	}
	if (!u->oks && !u->any_crashes) {
		engine_fail(e, BISECT_INFRA, "infrastructure failure: no run of the bad commit finished");
		return -1;
	}
	step_decide_text(e, s, BISECT_VERDICT_GOOD, "no crash");
	engine_fail(e, BISECT_NO_REPRO, e->st.target ?
		    "the crash wasn't reproduced on the original commit (not often enough)" :
		    "the crash wasn't reproduced on the original commit");
	return -1;
}

/*
 * The other end: the fixed end (fix mode), the given goods, or a release
 * walk. 0 with goods->v[0] the good end, -1 when the outcome is set.
 */
static int find_good_end(struct engine *e, const char *bad, struct strvec *goods,
			 char last_bad[VCS_HEXSZ + 1])
{
	struct bisect_result *res = e->res;
	char good[VCS_HEXSZ + 1];
	int r;

	if (e->st.fix) {
		struct bisect_step *s;
		struct tcommit *t;
		enum bisect_verdict v;

		s = test_commit(e, goods->v[0], NULL, BISECT_STEP_GOOD, BISECT_PLAN_CHECK, &t);
		if (!s) {
			engine_stopped(e);
			return -1;
		}
		v = step_verdict(e, s, t);
		step_decide(e, s, v, false);
		if (v == BISECT_VERDICT_BAD) {
			engine_fail(e, BISECT_NO_REPRO, "the crash still happens on the fixed end");
			return -1;
		}
		if (t->status != BUILD_OK) {
			engine_fail(e, BISECT_BAD_INPUT, "the fixed end does not build");
			return -1;
		}
		strcpy(res->good, goods->v[0]);
		return 0;
	}
	if (goods->nr) {
		/*
		 * Given goods are trusted as git bisect trusts them, and tested
		 * only when the answer rests on one (the culprit's parent): a
		 * good that crashes too then turns into a clear error.
		 */
		strcpy(res->good, goods->v[0]);
		return 0;
	}
	r = release_walk(e, bad, good, last_bad);
	if (r == -1) {
		engine_stopped(e);
		return -1;
	}
	if (r == -2) {
		engine_fail(e, BISECT_BAD_INPUT,
			    "no good commit given and no release tags before the bad commit");
		return -1;
	}
	if (r == 0) {
		res->outcome = BISECT_ALREADY;
		strcpy(res->culprit, last_bad);
		set_crash(e, last_bad);
		return -1;
	}
	strvec_push(goods, good);
	strcpy(res->good, good);
	return 0;
}

static void prepare_line(void *ctx, const char *line)
{
	struct bisect_event ev = { .type = BISECT_EV_PREPARE, .text = line };

	engine_emit(ctx, &ev);
}

/*
 * The backend's work before the search (the config minimisation). What it
 * fails at, it leaves as it was: the search goes on either way.
 */
static void prepare(struct engine *e, const char *bad, const struct strvec *goods)
{
	const struct bisect_job *job = e->job;
	struct bisect_event ev = { .type = BISECT_EV_PREPARED };
	bool moved = false;
	struct bisect_prepare_args a = {
		.crashing = bad, .clean = goods->nr ? goods->v[0] : NULL, .title = job->title,
		.tree = e->tree, .checkout = e->h->checkout, .checkout_ctx = e->h->ctx,
		.line = prepare_line, .line_ctx = e, .kconfig = &e->res->kconfig,
		.moved = &moved,
	};

	if (!job->prepare || job->replay)
		return;
	job->prepare->run(job->prepare->ctx, &a);
	/* the tree is where the journal last saw it no more: back to bad, not built */
	if (moved && e->h->checkout && e->h->checkout(e->h->ctx, e->tree, bad) == 0)
		journal_add_checkout(e->jr, bad);
	engine_emit(e, &ev);
}

/*
 * Fix mode from a merge base (fix_merge_base()), in syzbot's words: it
 * must crash too, or there is no known bad commit on the fixed end's
 * history. 0 to go on from it, -1 when the outcome is set.
 */
static int test_merge_base(struct engine *e, const char *bad, const char *good)
{
	struct bisect_step *s;
	struct tcommit *t;
	enum bisect_verdict v;
	char *subj, *text;

	text = xstrfmt("determining the merge base between %s and %s", bad, good);
	policy_note(e, text);
	free(text);
	text = xstrfmt("%s/%s is a merge base, check if it has the bug", e->merge_base,
		       subject_of(e, e->merge_base, &subj));
	policy_note(e, text);
	free(text);
	free(subj);
	s = test_commit(e, e->merge_base, NULL, BISECT_STEP_BAD, BISECT_PLAN_CHECK, &t);
	if (!s) {
		engine_stopped(e);
		return -1;
	}
	v = step_verdict(e, s, t);
	step_decide(e, s, v, false);
	if (t->status == BUILD_INFRA) {
		engine_fail(e, BISECT_INFRA,
			    "infrastructure failure: the merge base could not be built");
		return -1;
	}
	if (t->status != BUILD_OK) {
		engine_fail(e, BISECT_NO_REPRO,
			    "the merge base does not build, so there's no known bad commit");
		return -1;
	}
	if (v != BISECT_VERDICT_BAD) {
		engine_fail(e, BISECT_NO_REPRO,
			    "reproducer does not crash the merge base, so there's no known bad commit");
		return -1;
	}
	return 0;
}

static void search(struct engine *e, const char *bad, struct strvec *goods)
{
	struct bisect_event ev = { .type = BISECT_EV_JOB_STARTED, .hash = bad };
	char last_bad[VCS_HEXSZ + 1];

	engine_emit(e, &ev);
	prepare(e, bad, goods);
	if (test_bad_end(e, bad) < 0)
		return;
	if (e->merge_base[0]) {		/* fix mode: the search starts from it */
		strcpy(e->res->merge_base, e->merge_base);
		if (test_merge_base(e, bad, goods->v[0]) < 0)
			return;
		bad = e->merge_base;
	}
	strcpy(last_bad, bad);
	if (find_good_end(e, bad, goods, last_bad) < 0)
		return;
	search_slice(e, bad, goods, last_bad);
}

/* ----------------------------------------------------------------- main */

static char *job_identity(const struct bisect_job *job, const char *bad, const struct strvec *goods)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "mode=%s bad=%s", bisect_mode_name(job->mode), bad);
	for (size_t i = 0; i < goods->nr; i++)
		strbuf_addf(&sb, " good=%s", goods->v[i]);
	if (job->build)
		strbuf_addf(&sb, " build=%s", job->build);
	if (job->artifact)
		strbuf_addf(&sb, " artifact=%s", job->artifact);
	if (job->test)
		strbuf_addf(&sb, " test=%s", job->test);
	if (job->title)
		strbuf_addf(&sb, " title=%s", job->title);
	if (job->test_exit)	/* runs read by another rule are other evidence */
		strbuf_addstr(&sb, " test-exit");
	for (size_t i = 0; i < job->extra.nr; i++)
		if (!starts_with(job->extra.v[i], "executor."))	/* where, not what */
			strbuf_addf(&sb, " %s", job->extra.v[i]);
	return strbuf_detach(&sb, NULL);
}

/* bad and the goods as hashes (fix mode: the repository's HEAD as the default good) */
static int resolve_ends(struct engine *e, char bad[VCS_HEXSZ + 1], struct strvec *goods)
{
	const struct bisect_job *job = e->job;

	if (!job->bad)
		return error("no bad commit given");
	if (e->h->resolve(e->h->ctx, job->bad, bad) < 0)
		return error("cannot resolve '%s' to a commit", job->bad);
	for (size_t i = 0; i < job->goods.nr; i++) {
		char g[VCS_HEXSZ + 1];

		if (e->h->resolve(e->h->ctx, job->goods.v[i], g) < 0)
			return error("cannot resolve '%s' to a commit", job->goods.v[i]);
		strvec_push(goods, g);
	}
	if (e->st.fix && !goods->nr) {
		char head[VCS_HEXSZ + 1];

		if (!e->h->head || e->h->head(e->h->ctx, head) < 0)
			return error("fix mode needs the fixed end (good); the repository has no HEAD");
		strvec_push(goods, head);
	}
	return 0;
}

/*
 * Fix mode, the crash seen on a branch the fixed end does not contain
 * (another tree, or a side branch): as syzbot does, the fix is searched
 * from their merge base, which must have the bug too (search() tests it).
 * No merge base, or more than one, is refused. 0, or -1 after error().
 */
static int fix_merge_base(struct engine *e, const char *bad, const char *g, const char *gname)
{
	const char *b = e->job->bad;
	int n;

	if (!e->h->merge_bases)
		return error("--good %s (the fixed end) does not descend from --bad %s: "
			     "in fix mode the fix is searched between them", gname, b);
	n = e->h->merge_bases(e->h->ctx, bad, g, e->merge_base);
	if (n < 0)
		return -1;
	if (n == 0)
		return error("--good %s (the fixed end) and --bad %s have no merge base: their "
			     "histories are unrelated, so no fix can be searched between them",
			     gname, b);
	if (n > 1)
		return error("--good %s (the fixed end) and --bad %s have %d merge bases "
			     "(expected 1 merge base, got %d): give one of them as --bad",
			     gname, b, n, n);
	return 0;
}

/*
 * The ends make sense, before anything is built: good and bad differ, and
 * the good end is on the right side of the bad one (cause: not newer than
 * it; fix: newer). 0, or -1 after error() saying which end is wrong.
 */
static int check_ends(struct engine *e, const char *bad, const struct strvec *goods)
{
	const struct bisect_job *job = e->job;

	for (size_t i = 0; i < goods->nr; i++) {
		const char *g = goods->v[i], *gname = i < job->goods.nr ? job->goods.v[i] : "HEAD";
		int r;

		if (!strcmp(g, bad))
			return error("--good %s and --bad %s are the same commit (%.12s): "
				     "there is nothing to bisect", gname, job->bad, g);
		if (!e->h->is_ancestor)
			continue;
		if (e->st.fix) {
			/* the fixed end must descend from the crashing one */
			r = e->h->is_ancestor(e->h->ctx, bad, g);
			if (r < 0)
				return -1;
			if (r)
				continue;
			if (e->h->is_ancestor(e->h->ctx, g, bad) == 1)
				return error("--good %s (the fixed end) is older than --bad %s: in fix "
					     "mode --bad is the old commit that crashes and --good a newer "
					     "one without the crash; swap them?", gname, job->bad);
			if (fix_merge_base(e, bad, g, gname) < 0)
				return -1;
			continue;
		}
		/* cause: a good newer than bad is a mistake (unrelated ones are git's merge bases) */
		r = e->h->is_ancestor(e->h->ctx, bad, g);
		if (r < 0)
			return -1;
		if (r)
			return error("--good %s is newer than --bad %s (it descends from it): the "
				     "good commit must be older; swap them, or bisect a fix with "
				     "--mode fix?", gname, job->bad);
	}
	return 0;
}

/* a number as the shortest text that reads back the same */
static char *number_text(double d)
{
	for (int prec = 6; prec < 17; prec++) {
		char *t = xstrfmt("%.*g", prec, d);

		if (strtod(t, NULL) == d)
			return t;
		free(t);
	}
	return xstrfmt("%.17g", d);
}

/*
 * The params of the journal (journal.h): the policy chose how many runs
 * each commit got, so a journal of another policy is refused (its runs
 * would replay as this policy's); the timeout is recorded, and each run
 * keeps the one it was made under (see run_reusable() in step.c).
 */
static void journal_params(const struct bisect_job *job, struct strvec *params)
{
	char *timeout = number_text(job->timeout > 0 ? job->timeout : 0);

	strvec_pushl(params, "policy", bisect_policy_name(job->policy), "timeout", timeout, NULL);
	free(timeout);
}

/* the open journal's params against params: 0, -1 (another policy), BISECT_ERR_INFRA */
static int journal_check_params(struct engine *e, const struct strvec *params)
{
	const char *policy = bisect_policy_name(e->job->policy);
	const char *had = journal_param(e->jr, "policy");
	int ret = 0;

	if (had && strcmp(had, policy))
		return error("the journal in this work directory is of a bisection with --policy %s; "
			     "its runs were made by that rule: use another --workdir, or --policy %s",
			     had, had);
	if (e->job->replay)
		return 0;
	for (size_t i = 0; i + 1 < params->nr && !ret; i += 2)
		ret = journal_set_param(e->jr, params->v[i], params->v[i + 1]);
	return ret < 0 ? BISECT_ERR_INFRA : 0;
}

/*
 * The work directory (locked for the life of the job, unless a replay)
 * and its journal, or an in-memory one; the directory in *workdir.
 * 0, BISECT_ERR_INPUT or BISECT_ERR_INFRA.
 */
static int open_journal(struct engine *e, const char *ident, char **workdir)
{
	const struct bisect_job *job = e->job;
	struct strvec params = STRVEC_INIT;
	enum journal_error why = JOURNAL_IO;
	char *path = NULL;
	int r = 0;

	if (job->no_journal) {
		journal_params(job, &params);
		e->jr = journal_open(NULL, ident, &params, false, NULL);
		strvec_clear(&params);
		return 0;
	}
	*workdir = bisect_job_workdir(job);
	if (!*workdir)
		return BISECT_ERR_INPUT;
	if (!job->replay && !job->lock) {
		r = workdir_lock(*workdir, job->wait, &e->own_lock);
		if (r < 0)
			return r == LOCK_ERR_INPUT ? BISECT_ERR_INPUT : BISECT_ERR_INFRA;
	}
	path = xstrfmt("%s/journal", *workdir);
	if (job->replay && !file_exists(path)) {
		r = error("no journal in %s: nothing to replay", *workdir);
		goto out;
	}
	journal_params(job, &params);
	e->jr = journal_open(path, ident, &params, job->replay, &why);
	if (!e->jr) {
		r = why == JOURNAL_IO ? BISECT_ERR_INFRA : BISECT_ERR_INPUT;
		goto out;
	}
	r = journal_check_params(e, &params);
out:
	strvec_clear(&params);
	free(path);
	return r < 0 ? (r == BISECT_ERR_INFRA ? r : BISECT_ERR_INPUT) : 0;
}

static void engine_setup(struct engine *e, const struct bisect_job *job, struct bisect_result *res)
{
	bisect_result_init(res);
	res->mode = job->mode;
	e->job = job;
	e->res = res;
	e->t0 = now_seconds();
	bisect_state_init(&e->st, job, res);
	e->st.runs = job->runs > 0 ? job->runs : DEFAULT_RUNS;
	e->st.conf = job->confidence > 0 ? job->confidence : DEFAULT_CONFIDENCE;
	e->st.note = policy_note;
	e->st.note_ctx = e;
	e->jobs = job->jobs > 0 ? job->jobs : 1;
	e->probes = job->probes > 0 ? job->probes : 1;
	res->probes = e->probes;
	e->pol = bisect_policy_get(job->policy);
	e->ps = e->pol->start(&e->st);
	e->host = (struct bisect_executor_host){ e, host_phase, host_record, host_recall };
}

static void engine_release(struct engine *e)
{
	if (e->ex && e->ex->cancel)
		e->ex->cancel(e->ex->ctx);
	if (e->ex)
		e->ex->host = NULL;	/* the host lives on this call's stack */
	round_release(e);
	if (e->ex == &e->own_ex && e->own_ex.release)
		e->own_ex.release(e->own_ex.ctx);
	e->pol->release(e->ps);
	if (e->st.have_dag && e->h && e->h->release_dag)
		e->h->release_dag(e->h->ctx, &e->st.dag);
	bisect_state_release(&e->st);
	classes_close(e->cls);
	free(e->tree);
	free(e->runner_note);
	journal_close(e->jr);
	workdir_unlock(e->own_lock);
}

int bisect_run(const struct bisect_job *job, struct bisect_result *res)
{
	struct engine e = { 0 };
	struct bisect_history own = { 0 };
	char bad[VCS_HEXSZ + 1];
	struct strvec goods = STRVEC_INIT;
	char *ident = NULL, *workdir = NULL;
	int ret = BISECT_ERR_INPUT, r;

	engine_setup(&e, job, res);
	if (job->history) {
		e.h = job->history;
	} else if (!job->repo) {
		error("no repository given");
		goto out;
	} else if (bisect_history_vcs_open(job->repo, &own) < 0) {
		goto out;
	} else {
		e.h = &own;
	}
	if (resolve_ends(&e, bad, &goods) < 0 || check_ends(&e, bad, &goods) < 0)
		goto out;
	strcpy(res->bad, bad);
	ident = job_identity(job, bad, &goods);
	if ((r = open_journal(&e, ident, &workdir)) < 0) {
		ret = r;
		goto out;
	}
	e.tree = xstrfmt("%s/tree", workdir ? workdir : ".");
	if (job->executor)
		e.ex = job->executor;
	else if (job->replay)
		bisect_executor_replay(e.ex = &e.own_ex);
	else
		bisect_executor_local(e.ex = &e.own_ex, e.h, job->builder, job->runner,
				      (size_t)e.probes);
	e.ex->host = &e.host;
	e.cls = classes_open(&e, workdir);
	search(&e, bad, &goods);
	engine_finish(&e);
	ret = 0;
out:
	/* a job that could not start changes nothing: what it made goes */
	if (ret < 0)
		workdir_lock_discard(e.own_lock ? e.own_lock : job->lock);
	free(ident);
	free(workdir);
	strvec_clear(&goods);
	engine_release(&e);
	if (e.h == &own)
		bisect_history_vcs_close(&own);
	return ret;
}
