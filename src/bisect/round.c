// SPDX-License-Identifier: Apache-2.0
/*
 * round.c - several probes a round (the job's `probes`): their builds, runs
 * and report (see engine.h). The build trees, the work in flight and the
 * builds ahead of the next round are round_work.c's.
 *
 * HOW A ROUND GOES
 * 1. Every probe gets its step; the builds they need go to the executor
 *    at once (a build made ahead is taken over, a journalled one reused),
 *    each in a build tree of its own.
 * 2. Runs go in waves: one batch (the job's `jobs` runs) per step that is
 *    not settled, all submitted, all waited for; then, in probe order, the
 *    policy's settled() on what the wave brought. Steps whose commits
 *    built to one artifact share its runs, so they take turns. A wave's
 *    decisions depend on its runs only, never on the order completions
 *    came in, so a replay from the journal takes the same decisions.
 * 3. The steps are reported one after the other, in probe order, as if
 *    tested one at a time (STEP_CHOSEN ... STEP_DECIDED); the live events
 *    of the work (CHECKOUT, BUILD_*, RUN_*) come while it goes, each with
 *    its step.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "round_int.h"
#include "../util/util.h"

/* ---------------------------------------------------------------- builds */

/* a tested commit with t's build keys lends it its build: 1 (t is ready), 0, -1 */
static int class_build(struct engine *e, struct task *t)
{
	struct jbuild nb = { 0 };
	int r = classes_reuse(e, t->hash, &nb);

	if (r <= 0)
		return r;
	if (journal_add_build(e->jr, &nb) < 0) {
		jbuild_release(&nb);
		return -1;
	}
	step_tested(e, &nb, task_step(e, t));
	jbuild_release(&nb);
	t->reused = false;
	t->state = T_READY;
	return 1;
}

/* the build of task i: taken from earlier, taken over, or submitted. -1: stop */
static int task_build(struct engine *e, size_t i)
{
	struct round_state *rs = e->rs;
	struct task *t = &rs->tasks[i];
	struct pending *p = rs_ahead_in_flight(rs, t->hash);
	const struct jbuild *jb;
	int ahead;

	if (bisect_find_tested(&e->st, t->hash)) {
		t->reused = true;
		t->state = T_READY;
		return 0;
	}
	if (p) {
		/* built ahead and still building: this step waits for it */
		p->task = (int)i;
		t->build = p;
		t->slot = p->slot;
		rs->slots[p->slot].task = (int)i;
		return 0;
	}
	ahead = round_built_ahead(e, t->hash);
	if (ahead < 0)
		return -1;
	t->reused = !ahead;
	jb = journal_find_build(e->jr, t->hash);
	if (jb && jb->status != BUILD_INFRA) {
		step_tested(e, jb, task_step(e, t));
		t->state = T_READY;
		return 0;
	}
	if (class_build(e, t) != 0)
		return t->state == T_READY ? 0 : -1;
	t->reused = false;
	if (t->slot >= 0)
		rs->slots[t->slot].task = -1;	/* claimed for a stale tree: build anew */
	while ((t->slot = rs_slot_take(rs, t->hash, (int)i)) < 0)
		if (rs_pump(e) < 0)	/* every tree is building ahead: wait for one */
			return -1;
	t->build = rs_submit_build(e, t->hash, t->slot, PEND_BUILD, (int)i, false);
	if (!t->build) {
		rs->slots[t->slot].task = -1;
		return -1;
	}
	return 0;
}

/* a free tree that holds hash built (a build ahead, an earlier round's): task i's */
static void claim_holding(struct round_state *rs, struct task *t, size_t i)
{
	for (size_t k = 0; k < rs->slots_nr; k++) {
		struct slot *sl = &rs->slots[k];

		if (sl->task < 0 && !sl->building && sl->built && !strcmp(sl->commit, t->hash)) {
			sl->task = (int)i;
			sl->used = ++rs->clock;
			t->slot = (int)k;
			return;
		}
	}
}

static int builds_phase(struct engine *e)
{
	struct round_state *rs = e->rs;
	bool waiting;

	/* trees that hold a probe's build stay its own (new builds go elsewhere) */
	for (size_t i = 0; i < rs->tasks_nr; i++)
		claim_holding(rs, &rs->tasks[i], i);
	for (size_t i = 0; i < rs->tasks_nr; i++)
		if (task_build(e, i) < 0)
			return -1;
	rs_build_ahead(e);
	do {
		waiting = false;
		for (size_t i = 0; i < rs->tasks_nr; i++)
			waiting |= rs->tasks[i].build && !rs->tasks[i].build->finished;
		if (waiting && rs_pump(e) < 0)
			return -1;
	} while (waiting);
	for (size_t i = 0; i < rs->tasks_nr; i++) {
		struct task *t = &rs->tasks[i];
		const struct jbuild *jb;

		if (!t->build)
			continue;
		if (t->build->failed) {
			e->infra = true;	/* the executor could not build at all */
			return -1;
		}
		rs_drop_pending(rs, t->build);
		t->build = NULL;
		jb = journal_find_build(e->jr, t->hash);
		if (!jb)
			return error("the build of %s is not in the journal", t->hash);
		step_tested(e, jb, task_step(e, t));
		t->state = T_READY;
	}
	return 0;
}

/* ------------------------------------------------------------------ runs */

/* an earlier step of the round still runs on the same artifact */
static bool unit_busy(const struct round_state *rs, size_t i, int unit)
{
	for (size_t k = 0; k < i; k++)
		if (rs->tasks[k].unit == unit && rs->tasks[k].state == T_RUNS)
			return true;
	return false;
}

/* the step's runs begin: how many the policy wants, and perhaps none at all */
static void runs_begin(struct engine *e, struct task *t)
{
	struct tcommit *tc = bisect_find_tested(&e->st, t->hash);
	struct unit *u;

	t->unit = tc && tc->status == BUILD_OK ? tc->unit : -1;
	if (t->unit < 0) {
		t->state = T_DONE;
		return;
	}
	if (unit_busy(e->rs, (size_t)(t - e->rs->tasks), t->unit))
		return;
	u = &e->st.units[t->unit];
	t->from = u->runs;
	if (strcmp(u->first_commit, t->hash) && u->runs) {
		t->same_sig = true;
		strcpy(t->other, u->first_commit);
		t->other_count = u->runs;
	}
	t->limit = e->pol->runs_wanted(e->ps, &e->st, u, BISECT_PLAN_PROBE);
	unit_recount(&e->st, u);
	t->state = u->runs >= t->limit ||
		   e->pol->settled(e->ps, &e->st, u, t->from, BISECT_PLAN_PROBE) ? T_DONE : T_RUNS;
	t->to = u->runs;
}

/* does t's tree hold its build (for runs that are not journalled)? */
static bool tree_ready(struct engine *e, struct task *t)
{
	struct round_state *rs = e->rs;

	if (!e->h->checkout)
		return true;	/* nothing to check out: the artifact is all */
	if (t->slot >= 0 && !strcmp(rs->slots[t->slot].commit, t->hash) && rs->slots[t->slot].built)
		return true;
	if (t->slot < 0)
		t->slot = rs_slot_take(rs, t->hash, (int)(t - rs->tasks));
	return t->slot >= 0 && !strcmp(rs->slots[t->slot].commit, t->hash) &&
	       rs->slots[t->slot].built;
}

/* the wave's batch of t: from the journal, else submitted (after its tree) */
static int batch_plan(struct engine *e, struct task *t, struct pending **rebuild)
{
	struct unit *u = &e->st.units[t->unit];
	int nr = t->limit - u->runs < e->jobs ? t->limit - u->runs : e->jobs;
	size_t missing = 0;

	t->batch_first = u->runs;
	t->batch_nr = nr;
	t->batch_runs = xcalloc(nr + 1, sizeof(*t->batch_runs));
	for (int k = 0; k < nr; k++) {
		const struct jrun *jr = journal_find_run(e->jr, u->sig, u->runs + k);

		if (jr)
			jrun_copy(&t->batch_runs[k], jr);
		else
			missing++;
	}
	*rebuild = NULL;
	if (!missing || tree_ready(e, t))
		return 0;
	while (t->slot < 0) {
		/* every tree builds ahead: wait for one */
		if (!rs_in_flight(e->rs))
			return error("no build tree free for %s", t->hash);
		if (rs_pump(e) < 0)
			return -1;
		t->slot = rs_slot_take(e->rs, t->hash, (int)(t - e->rs->tasks));
	}
	*rebuild = rs_submit_build(e, t->hash, t->slot, PEND_BUILD, (int)(t - e->rs->tasks), true);
	return *rebuild ? 0 : -1;
}

static int batch_submit(struct engine *e, struct task *t)
{
	struct tcommit *tc = bisect_find_tested(&e->st, t->hash);
	struct unit *u = &e->st.units[t->unit];
	struct pending *p;
	size_t nr = 0;

	for (int k = 0; k < t->batch_nr; k++)
		nr += !t->batch_runs[k].signature[0];
	if (!nr)
		return 0;
	p = xcalloc(1, sizeof(*p));
	p->kind = PEND_RUNS;
	p->task = (int)(t - e->rs->tasks);
	p->slot = t->slot;
	p->index = xcalloc(nr, sizeof(*p->index));
	p->runs = xcalloc(nr, sizeof(*p->runs));
	for (int k = 0, m = 0; k < t->batch_nr; k++)
		if (!t->batch_runs[k].signature[0])
			p->index[m++] = t->batch_first + k;
	p->br = (struct build_result){ .status = BUILD_OK, .artifact_dir = tc->artifact_dir,
				       .compiler = tc->compiler };
	strcpy(p->br.signature, u->sig);
	p->w = (struct bisect_work){ .id = ++e->tickets, .kind = BISECT_WORK_RUNS,
				     .tree = t->slot >= 0 ? e->rs->slots[t->slot].path : e->tree,
				     .build = &p->br, .indices = p->index, .nr = nr };
	strcpy(p->w.commit, t->hash);
	ALLOC_GROW(e->rs->pend, e->rs->pend_nr + 1, e->rs->pend_alloc);
	e->rs->pend[e->rs->pend_nr++] = p;
	t->batch = p;
	return engine_submit(e, &p->w);
}

/* the wave's runs into t's unit, in index order; then is the step settled? */
static void batch_absorb(struct engine *e, struct task *t)
{
	struct unit *u = &e->st.units[t->unit];
	struct bisect_step *s = task_step(e, t);
	double secs = 0;

	for (int k = 0, m = 0; k < t->batch_nr; k++) {
		struct jrun *jr = &t->batch_runs[k];

		if (!jr->signature[0]) {
			jrun_copy(jr, &t->batch->runs[m++]);
		}
		if (jr->seconds > secs)
			secs = jr->seconds;
		unit_add_run(u, jr);
	}
	s->test_seconds += secs;
	e->res->test_seconds += secs;
	e->res->runs_total += t->batch_nr;
	for (int k = 0; k < t->batch_nr; k++)
		jrun_release(&t->batch_runs[k]);
	free(t->batch_runs);
	t->batch_runs = NULL;
	if (t->batch) {
		rs_drop_pending(e->rs, t->batch);
		t->batch = NULL;
	}
	unit_recount(&e->st, u);
	t->to = u->runs;
	if (u->runs >= t->limit || e->pol->settled(e->ps, &e->st, u, t->from, BISECT_PLAN_PROBE))
		t->state = T_DONE;
}

/* wait until every pending of the wave (and each rebuild) is back */
static int wave_wait(struct engine *e, bool rebuilds)
{
	struct round_state *rs = e->rs;

	for (;;) {
		bool waiting = false;

		for (size_t i = 0; i < rs->pend_nr; i++) {
			struct pending *p = rs->pend[i];

			if (p->finished || p->task < 0)
				continue;
			if (rebuilds ? p->w.rebuild : p->kind == PEND_RUNS)
				waiting = true;
		}
		if (!waiting)
			return 0;
		if (rs_pump(e) < 0)
			return -1;
	}
}

/* the rebuilds a wave needed are back: each tree holds its build again */
static int rebuilds_done(struct engine *e, struct pending **rebuild)
{
	for (size_t i = 0; i < e->rs->tasks_nr; i++) {
		struct pending *p = rebuild[i];
		struct tcommit *tc;
		const struct jbuild *jb;

		if (!p)
			continue;
		tc = bisect_find_tested(&e->st, p->w.commit);
		jb = journal_find_build(e->jr, p->w.commit);
		if (p->failed || !jb || jb->status != BUILD_OK || !tc) {
			e->infra = true;
			return error("commit %s no longer builds", p->w.commit);
		}
		free(tc->artifact_dir);
		tc->artifact_dir = jb->artifact_dir ? xstrdup(jb->artifact_dir) : NULL;
		rs_drop_pending(e->rs, p);
	}
	return 0;
}

/* one wave: a batch of every step still running. 1 when none ran, 0, -1: stop */
static int wave(struct engine *e)
{
	struct round_state *rs = e->rs;
	struct pending **rebuild = xcalloc(rs->tasks_nr, sizeof(*rebuild));
	bool any = false, rebuilt = false;
	int ret = -1;

	for (size_t i = 0; i < rs->tasks_nr; i++) {
		struct task *t = &rs->tasks[i];

		if (t->state == T_READY)
			runs_begin(e, t);
		if (t->state != T_RUNS || unit_busy(rs, i, t->unit) || t->batch_runs)
			continue;
		if (batch_plan(e, t, &rebuild[i]) < 0)
			goto out;
		any = true;
		rebuilt |= rebuild[i] != NULL;
	}
	if (rebuilt && (wave_wait(e, true) < 0 || rebuilds_done(e, rebuild) < 0))
		goto out;
	for (size_t i = 0; i < rs->tasks_nr; i++)
		if (rs->tasks[i].batch_runs && batch_submit(e, &rs->tasks[i]) < 0)
			goto out;
	rs_build_ahead(e);
	if (wave_wait(e, false) < 0)
		goto out;
	for (size_t i = 0; i < rs->tasks_nr; i++) {
		struct task *t = &rs->tasks[i];

		if (t->batch_runs)
			batch_absorb(e, t);
		/* a settled step's tree may build ahead now */
		if (t->state == T_DONE && t->slot >= 0 && rs->slots[t->slot].task == (int)i)
			rs->slots[t->slot].task = -1;
	}
	ret = any ? 0 : 1;
out:
	free(rebuild);
	return ret;
}

/* ---------------------------------------------------------------- report */

/*
 * Task i is reported and decided as a step tested alone would be (see
 * test_commit() and the engine's test_probe()). -1: the engine stops here.
 */
static int task_decide(struct engine *e, struct task *t)
{
	struct bisect_step *s = task_step(e, t);
	struct tcommit *tc = bisect_find_tested(&e->st, t->hash);
	struct bisect_event ev = { .type = BISECT_EV_STEP_CHOSEN, .hash = t->hash,
				   .remaining = t->probe->remaining,
				   .reaches = t->probe->reaches,
				   .steps_left = git_bisect_steps(t->probe->remaining) };
	enum bisect_verdict v;
	char *subj;

	if (!tc)
		return error("%s has no build", t->hash);
	ev.text = subject_of(e, t->hash, &subj);
	engine_emit(e, &ev);
	free(subj);
	step_announce(e, s);
	if (classes_same_as(e, t->hash)) {
		const char *same = classes_same_as(e, t->hash);

		classes_announce(e, t->hash, same);
		snprintf(s->same_inputs_as, sizeof(s->same_inputs_as), "%s", same);
	}
	step_set_build(e, s, tc);
	step_emit_built(e, s, tc, t->reused);
	if (tc->status == BUILD_INFRA && ++e->infra_strikes >= INFRA_STRIKES) {
		e->infra = true;
		return -1;
	}
	if (tc->status != BUILD_OK) {
		step_set_decision(s, "skip");
		if (tc->node >= 0)
			e->st.failed[tc->node] = true;
	} else {
		struct unit *u = &e->st.units[tc->unit];
		bool all_infra;

		if (t->same_sig) {
			struct bisect_event sev = { .type = BISECT_EV_SAME_SIGNATURE, .step = s,
						    .hash = t->hash, .other = t->other,
						    .count = t->other_count };

			engine_emit(e, &sev);
		}
		unit_recount(&e->st, u);
		step_runs_done(e, u, t->from, (size_t)t->to, s);
		all_infra = s->runs_nr > 0;
		for (size_t k = 0; k < s->runs_nr; k++)
			all_infra &= s->runs[k].verdict == RUN_INFRA;
		if (!all_infra && s->runs_nr)
			e->infra_strikes = 0;
		if (all_infra && ++e->infra_strikes >= INFRA_STRIKES) {
			e->infra = true;
			return -1;
		}
	}
	v = step_verdict(e, s, tc);
	e->pol->update(e->ps, &e->st, t->probe, v, s, tc);
	step_decide(e, s, v, true);
	return 0;
}

int round_test(struct engine *e, const struct bisect_round *r)
{
	struct round_state *rs = rs_get(e);
	struct task *tasks = xcalloc(r->nr, sizeof(*tasks));
	int ret = -1, w;

	e->res->rounds++;
	rs->tasks = tasks;
	rs->tasks_nr = r->nr;
	rs->round = r;
	rs->spec_settled = -1;
	for (size_t i = 0; i < r->nr; i++) {
		tasks[i].probe = &r->probes[i];
		tasks[i].step = e->res->steps_nr;
		tasks[i].slot = -1;
		tasks[i].unit = -1;
		strcpy(tasks[i].hash, e->st.dag.hash[r->probes[i].node]);
		step_append(e, tasks[i].hash, NULL, BISECT_STEP_PROBE);
	}
	if (builds_phase(e) < 0)
		goto out;
	while ((w = wave(e)) == 0)
		;
	if (w < 0)
		goto out;
	ret = 0;
	for (size_t i = 0; i < r->nr && !ret; i++)
		ret = task_decide(e, &tasks[i]);
out:
	for (size_t i = 0; i < rs->slots_nr; i++)
		if (rs->slots[i].task >= 0)
			rs->slots[i].task = -1;
	for (size_t i = 0; i < r->nr; i++) {
		for (int k = 0; tasks[i].batch_runs && k < tasks[i].batch_nr; k++)
			jrun_release(&tasks[i].batch_runs[k]);
		free(tasks[i].batch_runs);
	}
	/* work of the round still in flight (a stop) no longer has a step */
	for (size_t i = 0; i < rs->pend_nr; i++)
		rs->pend[i]->task = -1;
	rs->tasks = NULL;
	rs->tasks_nr = 0;
	rs->round = NULL;
	free(tasks);
	return ret;
}
