// SPDX-License-Identifier: Apache-2.0
/*
 * step.c - one tested commit: its build, its runs and their journal
 * records, through the executor (see engine.h).
 *
 * Every build and run first looks in this process's evidence, then in the
 * journal, so a resumed job redoes nothing recorded and a replay (whose
 * executor refuses work) builds and runs nothing. Builds and runs are
 * journalled as they finish; the journal is the engine's alone.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../util/util.h"

struct bisect_step *step_append(struct engine *e, const char *hash, const char *tag,
				enum bisect_step_kind kind)
{
	struct bisect_result *res = e->res;
	struct bisect_step *s;
	char *subj;

	ALLOC_GROW(res->steps, res->steps_nr + 1, res->steps_alloc);
	s = &res->steps[res->steps_nr++];
	memset(s, 0, sizeof(*s));
	strvec_init(&s->job_ids);
	s->kind = kind;
	strcpy(s->hash, hash);
	subject_of(e, hash, &subj);
	s->subject = subj ? subj : xstrdup("");
	s->tag = tag ? xstrdup(tag) : NULL;
	return s;
}

void step_announce(struct engine *e, struct bisect_step *s)
{
	struct bisect_event ev = { .type = BISECT_EV_STEP_STARTED, .hash = s->hash, .step = s };

	engine_emit(e, &ev);
}

static struct bisect_step *new_step(struct engine *e, const char *hash, const char *tag,
				    enum bisect_step_kind kind)
{
	struct bisect_step *s = step_append(e, hash, tag, kind);

	step_announce(e, s);
	return s;
}

void step_set_decision(struct bisect_step *s, const char *d)
{
	free(s->decision);
	s->decision = xstrdup(d);
}

void step_decide_text(struct engine *e, struct bisect_step *s, enum bisect_verdict v,
		      const char *text)
{
	struct bisect_event ev = { .type = BISECT_EV_STEP_DECIDED, .step = s, .hash = s->hash,
				   .verdict = v };

	step_set_decision(s, text);
	engine_emit(e, &ev);
}

void step_decide(struct engine *e, struct bisect_step *s, enum bisect_verdict v, bool git_terms)
{
	step_decide_text(e, s, v, bisect_decision_text(v, e->st.fix, git_terms));
}

enum bisect_verdict step_verdict(struct engine *e, const struct bisect_step *s,
				 const struct tcommit *t)
{
	if (!t || t->status != BUILD_OK)
		return BISECT_VERDICT_SKIP;
	return e->pol->verdict(e->ps, &e->st, s, &e->st.units[t->unit]);
}

/* ------------------------------------------------------------ executor */

/*
 * Wait for the completion of work w; completions of other work in flight
 * (builds ahead of a round, round.c) are taken care of on the way.
 */
static int wait_for(struct engine *e, const struct bisect_work *w, struct bisect_done *d)
{
	for (;;) {
		memset(d, 0, sizeof(*d));
		if (e->ex->wait(e->ex->ctx, d) < 0)
			return -1;
		if (d->id == w->id)
			return 0;
		if (round_absorb(e, d) < 0)
			return -1;
	}
}

int engine_submit(struct engine *e, const struct bisect_work *w)
{
	int r = e->ex->submit(e->ex->ctx, w);

	if (r > 0)
		e->journal_ended = true;
	return r ? -1 : 0;
}

/*
 * Check out `hash` in the build tree and build it (journalled as a
 * checkout before the work starts). 0 with *d filled, or -1 (stop).
 */
static int build_now(struct engine *e, const char *hash, bool rebuild, struct bisect_done *d)
{
	struct bisect_work w = { .id = ++e->tickets, .kind = BISECT_WORK_BUILD, .tree = e->tree,
				 .rebuild = rebuild };
	struct bisect_event ev = { .type = BISECT_EV_BUILD_FINISHED, .hash = hash };

	strcpy(w.commit, hash);
	if (engine_submit(e, &w) < 0)
		return -1;
	if (journal_add_checkout(e->jr, hash) < 0) {
		if (e->ex->cancel)
			e->ex->cancel(e->ex->ctx);
		return -1;
	}
	if (wait_for(e, &w, d) < 0)
		return -1;
	if (d->ret < 0) {
		e->infra = true;
		bisect_done_release(d);
		return -1;
	}
	ev.build = &d->build;
	engine_emit(e, &ev);
	return 0;
}

void step_emit_built(struct engine *e, struct bisect_step *s, const struct tcommit *t,
		     bool reused)
{
	struct build_result view = { .status = t->status, .reason = t->reason,
				     .compiler = t->compiler, .artifact_dir = t->artifact_dir,
				     .seconds = s ? s->build_seconds : 0 };
	struct bisect_event ev = { .type = BISECT_EV_STEP_BUILT, .step = s, .hash = t->hash,
				   .build = &view, .reused = reused };

	if (t->status == BUILD_OK)
		strcpy(view.signature, e->st.units[t->unit].sig);
	engine_emit(e, &ev);
}

void step_add_job(struct engine *e, struct bisect_step *s, const char *job_id)
{
	for (size_t i = 0; i < s->job_ids.nr; i++)
		if (!strcmp(s->job_ids.v[i], job_id))
			return;
	strvec_push(&s->job_ids, job_id);
	s->executor = e->ex->name;
}

/*
 * What a cluster executor tells of a build beyond the journal's build
 * record: its job id ("jobs.<commit>") and compiler cache counters
 * ("ccache.<commit>" = "<hits> <misses> <remote hits>"), kept as journal
 * notes so that a step taken from the journal shows them too.
 */
int step_note_build(struct engine *e, const char *hash, const struct bisect_done *d)
{
	char *key, *value;
	int ret = 0;

	if (d->job_id) {
		const char *was;

		key = xstrfmt("jobs.%s", hash);
		was = journal_find_note(e->jr, key);
		value = was ? xstrfmt("%s %s", was, d->job_id) : xstrdup(d->job_id);
		ret |= journal_add_note(e->jr, key, value);
		free(key);
		free(value);
	}
	if (d->have_ccache) {
		key = xstrfmt("ccache.%s", hash);
		value = xstrfmt("%lu %lu %lu", d->ccache.hits, d->ccache.misses,
				d->ccache.remote_hits);
		ret |= journal_add_note(e->jr, key, value);
		free(key);
		free(value);
	}
	return ret ? -1 : 0;
}

void step_recall_build(struct engine *e, struct bisect_step *s)
{
	char *key = xstrfmt("jobs.%s", s->hash);
	const char *v = journal_find_note(e->jr, key);
	unsigned long h, m, r;

	for (; v && *v; v += strspn(v, " ")) {
		size_t len = strcspn(v, " ");
		char *id = xstrndup(v, len);

		step_add_job(e, s, id);
		free(id);
		v += len;
	}
	free(key);
	key = xstrfmt("ccache.%s", s->hash);
	v = journal_find_note(e->jr, key);
	if (v && sscanf(v, "%lu %lu %lu", &h, &m, &r) == 3) {
		s->have_ccache = true;
		s->ccache_hits = h;
		s->ccache_misses = m;
		s->ccache_remote_hits = r;
	}
	free(key);
}

int step_journal_build(struct engine *e, const char *hash, const struct bisect_done *d,
		       struct jbuild *nb)
{
	memset(nb, 0, sizeof(*nb));
	strcpy(nb->hash, hash);
	nb->status = d->build.status;
	strcpy(nb->signature, d->build.status == BUILD_OK ? d->build.signature : "");
	nb->seconds = d->build.seconds;
	nb->compiler = d->build.compiler ? xstrdup(d->build.compiler) : NULL;
	nb->artifact_dir = d->build.artifact_dir ? xstrdup(d->build.artifact_dir) : NULL;
	nb->reason = d->build.reason ? xstrdup(d->build.reason) : NULL;
	if (journal_add_build(e->jr, nb) < 0) {
		jbuild_release(nb);
		return -1;
	}
	e->res->builds++;
	return step_note_build(e, hash, d);
}

struct tcommit *step_tested(struct engine *e, const struct jbuild *jb, struct bisect_step *s)
{
	struct tcommit *t = bisect_add_tested(&e->st, jb);

	e->res->revisions_tested++;
	e->res->build_seconds += jb->seconds;
	if (s)
		s->build_seconds = jb->seconds;
	return t;
}

void step_set_build(struct engine *e, struct bisect_step *s, const struct tcommit *t)
{
	s->build = t->status;
	if (t->status == BUILD_OK) {
		strcpy(s->signature, e->st.units[t->unit].sig);
	} else {
		free(s->build_reason);
		s->build_reason = xstrdup(t->reason ? t->reason : "build failed");
	}
	step_recall_build(e, s);
}

/*
 * Build `hash` (or take its build from this process or the journal); s may
 * be NULL (a build for the signature only). Returns the tested record, or
 * NULL on a hard error / end of replay.
 */
static struct tcommit *do_build(struct engine *e, const char *hash, struct bisect_step *s)
{
	struct tcommit *t = bisect_find_tested(&e->st, hash);
	const struct jbuild *jb;
	struct jbuild nb = { 0 };
	bool reused = true;
	const char *same;
	int ahead, r = 0;

	if (t)
		goto have;
	/* a build made ahead of its round (round.c) is this process's own */
	ahead = round_built_ahead(e, hash);
	if (ahead < 0)
		return NULL;
	reused = !ahead;
	jb = journal_find_build(e->jr, hash);
	if (jb && jb->status == BUILD_INFRA)
		jb = NULL;	/* infrastructure trouble is retried */
	/* a commit with the build key of a tested one takes its build */
	if (!jb && (r = classes_reuse(e, hash, &nb)) < 0)
		return NULL;
	if (!jb && !r) {
		struct bisect_done d;
		int jr;

		if (build_now(e, hash, false, &d) < 0)
			return NULL;
		jr = step_journal_build(e, hash, &d, &nb);
		bisect_done_release(&d);
		if (jr < 0)
			return NULL;
		if (nb.status == BUILD_OK)
			classes_learn(e, hash);	/* the tree holds the build: what did it read? */
		jb = &nb;
		reused = false;
	}
	if (jb && jb->status == BUILD_OK) {
		bool built;

		/* a resumed job: learn from the build the tree still holds */
		if (!strcmp(journal_tree_commit(e->jr, &built), hash) && built && e->ex->tree_holds &&
		    e->ex->tree_holds(e->ex->ctx, e->tree, jb->signature) == 1)
			classes_learn(e, hash);
	}
	if (!jb) {
		/* taken from a class member: journalled as its own build, not made */
		if (journal_add_build(e->jr, &nb) < 0) {
			jbuild_release(&nb);
			return NULL;
		}
		jb = &nb;
		reused = false;
	}
	t = step_tested(e, jb, s);
	jbuild_release(&nb);
	same = classes_same_as(e, hash);
	if (same)
		classes_announce(e, hash, same);
have:
	same = classes_same_as(e, hash);
	if (s && same)
		snprintf(s->same_inputs_as, sizeof(s->same_inputs_as), "%s", same);
	if (s)
		step_set_build(e, s, t);
	step_emit_built(e, s, t, reused);
	return t;
}

struct tcommit *build_only(struct engine *e, const char *hash)
{
	if (!bisect_find_tested(&e->st, hash))
		e->res->rounds++;
	return do_build(e, hash, NULL);
}

/* ---------------------------------------------------------------- runs */

void jrun_from_result(struct jrun *jr, const char *sig, int index, struct run_result *rr)
{
	memset(jr, 0, sizeof(*jr));
	strcpy(jr->signature, sig);
	jr->index = index;
	jr->verdict = rr->verdict;
	jr->seconds = rr->seconds;
	jr->boot_seconds = rr->boot_seconds;
	memcpy(jr->machine, rr->machine, sizeof(jr->machine));
	jr->machine[sizeof(jr->machine) - 1] = '\0';
	jr->reason = rr->reason ? xstrdup(rr->reason) : NULL;
	if (rr->verdict == RUN_CRASHED && rr->crashes.nr == 0 && rr->title) {
		/* a runner that only gave a title */
		jr->crashes = xcalloc(1, sizeof(*jr->crashes));
		jr->crashes[0].title = xstrdup(rr->title);
		jr->crashes_nr = 1;
	} else if (rr->crashes.nr) {
		jr->crashes = xcalloc(rr->crashes.nr, sizeof(*jr->crashes));
		for (size_t i = 0; i < rr->crashes.nr; i++) {
			const struct crash_report *c = &rr->crashes.items[i];

			jr->crashes[i].title = xstrdup(c->title ? c->title : "");
			jr->crashes[i].alts_nr = c->alt_nr;
			jr->crashes[i].alts = c->alt_nr ? xcalloc(c->alt_nr, sizeof(char *)) : NULL;
			for (size_t k = 0; k < c->alt_nr; k++)
				jr->crashes[i].alts[k] = xstrdup(c->alt_titles[k]);
		}
		jr->crashes_nr = rr->crashes.nr;
		if (rr->crashes.items[0].report)
			jr->report = xstrdup(rr->crashes.items[0].report);
	}
	if (jr->verdict == RUN_CRASHED && !jr->crashes_nr) {
		jr->crashes = xcalloc(1, sizeof(*jr->crashes));
		jr->crashes[0].title = xstrdup("unknown crash");
		jr->crashes_nr = 1;
	}
}

void jrun_copy(struct jrun *dst, const struct jrun *src)
{
	*dst = *src;
	dst->reason = src->reason ? xstrdup(src->reason) : NULL;
	dst->report = src->report ? xstrdup(src->report) : NULL;
	dst->crashes = src->crashes_nr ? xcalloc(src->crashes_nr, sizeof(struct jcrash)) : NULL;
	for (size_t k = 0; k < src->crashes_nr; k++) {
		const struct jcrash *c = &src->crashes[k];

		dst->crashes[k].title = xstrdup(c->title);
		dst->crashes[k].alts_nr = c->alts_nr;
		dst->crashes[k].alts = c->alts_nr ? xcalloc(c->alts_nr, sizeof(char *)) : NULL;
		for (size_t a = 0; a < c->alts_nr; a++)
			dst->crashes[k].alts[a] = xstrdup(c->alts[a]);
	}
}

/* the public view of a journal run */
void run_view(const struct bisect_state *st, const struct jrun *r, struct bisect_run *out)
{
	memset(out, 0, sizeof(*out));
	out->verdict = r->verdict;
	out->target = r->verdict == RUN_CRASHED && jrun_is_target(st, r);
	out->title = r->crashes_nr ? r->crashes[0].title : NULL;
	out->reason = r->reason;
	out->seconds = r->seconds;
	out->boot_seconds = r->boot_seconds;
	memcpy(out->machine, r->machine, sizeof(out->machine));
}

/*
 * Make sure the build tree holds t's build (for runs after a move or a
 * resume). The journal says what the tree holds, but a journal cut short
 * (or anything else) may be behind the tree: the executor checks the
 * artifact's signature when it can, and a tree that no longer holds it is
 * built again. A build again must give the same signature, or the runs
 * would be filed under an artifact they did not run.
 */
static int ensure_tree(struct engine *e, struct tcommit *t)
{
	bool built;
	const char *tc = journal_tree_commit(e->jr, &built);
	const char *sig = e->st.units[t->unit].sig;
	struct bisect_done d;
	struct jbuild nb = { 0 };
	int ret;

	if (!e->h->checkout)
		return 0;	/* nothing to check out: the artifact is all */
	/* the tree holds this build (or one of a commit with the same build key) */
	if ((!strcmp(tc, t->hash) || classes_same_inputs(e, tc, t->hash)) && built &&
	    (!e->ex->tree_holds || e->ex->tree_holds(e->ex->ctx, e->tree, sig) != 0))
		return 0;
	if (build_now(e, t->hash, true, &d) < 0)
		return -1;
	if (d.build.status != BUILD_OK) {
		bisect_done_release(&d);
		return error("commit %s no longer builds", t->hash);
	}
	strcpy(nb.hash, t->hash);
	nb.status = BUILD_OK;
	strcpy(nb.signature, d.build.signature);
	nb.seconds = d.build.seconds;
	nb.artifact_dir = d.build.artifact_dir ? xstrdup(d.build.artifact_dir) : NULL;
	e->res->builds++;
	e->res->build_seconds += d.build.seconds;
	ret = journal_add_build(e->jr, &nb);
	jbuild_release(&nb);
	if (!ret && strcmp(d.build.signature, sig))
		ret = error("commit %.12s built again to another artifact (signature %.12s, "
			    "was %.12s): its build is not reproducible, so runs cannot be "
			    "filed under it", t->hash, d.build.signature, sig);
	free(t->artifact_dir);
	t->artifact_dir = d.build.artifact_dir ? xstrdup(d.build.artifact_dir) : NULL;
	bisect_done_release(&d);
	return ret;
}

/* the runner's remark on how it runs (accelerator, machine), once each time it changes */
static void runner_note(struct engine *e, const struct run_result *rr)
{
	struct bisect_event ev = { .type = BISECT_EV_NOTE };

	if (!rr->note || (e->runner_note && !strcmp(e->runner_note, rr->note)))
		return;
	free(e->runner_note);
	e->runner_note = xstrdup(rr->note);
	ev.text = e->runner_note;
	engine_emit(e, &ev);
}

/*
 * A run of the journal, made by an earlier process: is it evidence for
 * this job? Infrastructure trouble is never evidence: tried again, as a
 * build that could not be made. A run made under another timeout counts
 * when its outcome would be the same under this one: it did not time out
 * and it took no longer than this timeout.
 */
static bool run_reusable(const struct engine *e, const struct jrun *r)
{
	double now = e->job->timeout > 0 ? e->job->timeout : 0;

	if (e->job->replay)
		return true;	/* replay shows what was recorded */
	if (r->verdict == RUN_INFRA)
		return false;
	if (r->timeout == now)
		return true;
	if (r->verdict == RUN_TIMED_OUT)
		return false;
	return !(now > 0) || r->seconds <= now;
}

/*
 * Runs the executor has to do: got[pos[m]] for each index[m] (m < nr),
 * journalled as they come back. 0, or -1 (stop).
 */
static int run_missing(struct engine *e, struct tcommit *t, struct unit *u, const int *index,
		       const int *pos, size_t nr, struct jrun *got)
{
	struct build_result br = { .status = BUILD_OK, .artifact_dir = t->artifact_dir,
				   .compiler = t->compiler };
	struct bisect_work w = { .id = ++e->tickets, .kind = BISECT_WORK_RUNS, .tree = e->tree,
				 .build = &br, .indices = index, .nr = nr };
	size_t done = 0;
	int ret = 0;

	strcpy(w.commit, t->hash);
	strcpy(br.signature, u->sig);
	if (engine_submit(e, &w) < 0)
		return -1;
	while (done < nr) {
		struct bisect_done d;

		if (wait_for(e, &w, &d) < 0)
			return -1;
		for (size_t i = 0; i < d.runs_nr && d.first + i < nr; i++) {
			size_t m = d.first + i;
			struct jrun *jr = &got[pos[m]];
			struct bisect_run view;
			struct bisect_event ev = { .type = BISECT_EV_RUN_FINISHED, .hash = t->hash,
						   .run = &view, .run_index = index[m] };

			if (d.runs[i].abort) {
				/* the run stops the bisection (--test-exit, >= 128): not evidence */
				ret = error("%s", d.runs[i].reason);
				e->infra = true;
				done++;
				continue;
			}
			jrun_from_result(jr, u->sig, index[m], &d.runs[i]);
			runner_note(e, &d.runs[i]);
			if (journal_add_run(e->jr, jr) < 0)
				ret = -1;
			if (d.job_id && e->res->steps_nr)
				step_add_job(e, &e->res->steps[e->res->steps_nr - 1], d.job_id);
			e->res->runs++;
			done++;
			run_view(&e->st, jr, &view);
			engine_emit(e, &ev);
		}
		if (!d.runs_nr)
			ret = error("executor %s: a batch of runs came back empty", e->ex->name);
		bisect_done_release(&d);
		if (ret < 0 && done < nr)
			break;
	}
	return ret;
}

/*
 * Runs [first, first + nr) of unit u (from the journal when recorded),
 * appended to u's runs. Returns 0, or -1 (hard error / end of replay).
 */
static int run_batch(struct engine *e, struct tcommit *t, struct unit *u, int first, int nr,
		     double *batch_seconds)
{
	struct jrun *got = xcalloc(nr, sizeof(*got));
	int *index = xcalloc(nr, sizeof(*index)), *pos = xcalloc(nr, sizeof(*pos));
	size_t missing = 0;
	int ret = 0;

	for (int i = 0; i < nr; i++) {
		const struct jrun *jr = journal_find_run(e->jr, u->sig, first + i);

		if (jr && run_reusable(e, jr)) {
			jrun_copy(&got[i], jr);
		} else {
			index[missing] = first + i;
			pos[missing++] = i;
		}
	}
	if (missing) {
		if (ensure_tree(e, t) < 0) {
			e->infra = true;
			ret = -1;
			goto out;
		}
		if (run_missing(e, t, u, index, pos, missing, got) < 0) {
			ret = -1;
			goto out;
		}
	}
	*batch_seconds = 0;
	for (int i = 0; i < nr; i++) {
		if (got[i].seconds > *batch_seconds)
			*batch_seconds = got[i].seconds;
		unit_add_run(u, &got[i]);
	}
	e->res->runs_total += nr;
out:
	for (int i = 0; i < nr; i++)
		jrun_release(&got[i]);
	free(got);
	free(index);
	free(pos);
	return ret;
}

int unit_run_more(struct engine *e, struct tcommit *t, int nr)
{
	struct unit *u = &e->st.units[t->unit];
	double secs = 0;
	int ret = run_batch(e, t, u, u->runs, nr, &secs);

	if (!ret)
		e->res->test_seconds += secs;
	unit_recount(&e->st, u);
	return ret;
}

void step_runs_done(struct engine *e, struct unit *u, int from, size_t to, struct bisect_step *s)
{
	struct bisect_event ev = { .type = BISECT_EV_RUNS_DONE, .step = s, .hash = s->hash };
	struct bisect_result *res = e->res;

	for (size_t i = from; i < to && i < u->jruns_nr; i++) {
		struct bisect_run *br;
		bool seen = false;

		ALLOC_GROW(s->runs, s->runs_nr + 1, s->runs_alloc);
		br = &s->runs[s->runs_nr++];
		run_view(&e->st, &u->jruns[i], br);
		br->title = br->title ? xstrdup(br->title) : NULL;
		br->reason = br->reason ? xstrdup(br->reason) : NULL;
		if (br->verdict != RUN_CRASHED || br->target)
			continue;
		for (size_t k = 0; k < res->other_titles.nr; k++)
			seen |= !strcmp(res->other_titles.v[k], br->title);
		if (!seen)
			strvec_push(&res->other_titles, br->title);
	}
	engine_emit(e, &ev);
}

/* runs as the policy says; -1 when the engine must stop */
static int step_runs(struct engine *e, struct bisect_step *s, struct tcommit *t,
		     enum bisect_plan plan)
{
	struct unit *u = &e->st.units[t->unit];
	int from = u->runs, limit;
	double secs;

	if (strcmp(u->first_commit, t->hash) && u->runs) {
		struct bisect_event ev = { .type = BISECT_EV_SAME_SIGNATURE, .step = s,
					   .hash = t->hash, .other = u->first_commit,
					   .count = u->runs };

		engine_emit(e, &ev);
	}
	limit = e->pol->runs_wanted(e->ps, &e->st, u, plan);
	e->step_runs = limit;
	unit_recount(&e->st, u);
	if (e->pol->settled(e->ps, &e->st, u, from, plan))
		limit = u->runs;	/* earlier evidence already settles it */
	while (u->runs < limit) {
		int nr = limit - u->runs < e->jobs ? limit - u->runs : e->jobs;

		if (run_batch(e, t, u, u->runs, nr, &secs) < 0) {
			unit_recount(&e->st, u);
			step_runs_done(e, u, from, u->jruns_nr, s);
			return -1;
		}
		s->test_seconds += secs;
		e->res->test_seconds += secs;
		unit_recount(&e->st, u);
		if (e->pol->settled(e->ps, &e->st, u, from, plan))
			break;
	}
	unit_recount(&e->st, u);
	step_runs_done(e, u, from, u->jruns_nr, s);
	return 0;
}

struct bisect_step *test_commit(struct engine *e, const char *hash, const char *tag,
				enum bisect_step_kind kind, enum bisect_plan plan,
				struct tcommit **t_out)
{
	struct bisect_step *s = new_step(e, hash, tag, kind);
	struct tcommit *t;
	bool all_infra;

	e->res->rounds++;
	t = do_build(e, hash, s);
	*t_out = t;
	if (!t)
		return NULL;
	/* we could not build (timeout, disk, tools): a skip, but not forever */
	if (t->status == BUILD_INFRA && ++e->infra_strikes >= INFRA_STRIKES) {
		e->infra = true;
		return NULL;
	}
	if (t->status != BUILD_OK) {
		step_set_decision(s, "skip");
		if (t->node >= 0)
			e->st.failed[t->node] = true;
		return s;
	}
	if (step_runs(e, s, t, plan) < 0)
		return NULL;
	all_infra = s->runs_nr > 0;
	for (size_t i = 0; i < s->runs_nr; i++)
		all_infra &= s->runs[i].verdict == RUN_INFRA;
	if (!all_infra && s->runs_nr)
		e->infra_strikes = 0;
	if (all_infra && ++e->infra_strikes >= INFRA_STRIKES) {
		e->infra = true;
		return NULL;
	}
	return s;
}
