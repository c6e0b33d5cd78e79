// SPDX-License-Identifier: Apache-2.0
/*
 * round.c - several probes a round (the job's `probes`), builds ahead of
 * the next round, and the build trees they need (see engine.h).
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
 * While the executor has a free slot (struct bisect_executor's `slots`
 * beyond the work in flight) and the policy can tell what the next round
 * will most likely probe (policy speculate()), the free slot builds one of
 * those commits ahead. A build ahead is journalled as any build; the step
 * that later needs it takes it over (in flight or done), so it is never
 * built twice; one nobody needed is counted and forgotten (a build still
 * in flight when the engine ends is cancelled with the executor's work).
 *
 * BUILD TREES. On one machine builds share nothing but the machine: each
 * slot has its own tree, <workdir>/tree-<n> (n = 1..slots), so a step's
 * runs find its build in place while other slots build. The single-step
 * path (step.c: the ends, release tags, one probe a round) keeps
 * <workdir>/tree. What each tree holds is journalled as notes
 * ("tree-<n>" = "<commit>" when checked out, "<commit> built" once built),
 * so a resumed job knows which builds are in place.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../util/util.h"

struct slot {
	char *path;
	char commit[VCS_HEXSZ + 1];	/* checked out there ("": unknown) */
	bool built;			/* ... and built since */
	int task;			/* the round's step holding it, or -1 */
	bool building;			/* a build is in flight there */
	unsigned long used;		/* when last taken (least recently used goes first) */
};

enum pend_kind { PEND_BUILD, PEND_AHEAD, PEND_RUNS };

/* Work in flight (kept until its last completion came back). */
struct pending {
	struct bisect_work w;
	enum pend_kind kind;
	int task;			/* the round's step it serves, or -1 */
	int slot;
	bool finished, failed;		/* failed: the executor could not do it at all */
	/* RUNS */
	struct build_result br;
	int *index;
	struct jrun *runs;
	size_t got;
};

struct round_state {
	struct slot *slots;
	size_t slots_nr;
	unsigned long clock;
	struct pending **pend;
	size_t pend_nr, pend_alloc;
	struct strvec ahead;		/* built ahead, not used yet */
	/* the current round (for live events and builds ahead) */
	struct task *tasks;
	size_t tasks_nr;
	const struct bisect_round *round;
	size_t *spec;			/* what to build ahead, best first */
	size_t spec_nr;
	int spec_settled;		/* settled steps when spec was computed (-1: never) */
};

enum task_state { T_BUILD, T_READY, T_RUNS, T_DONE };

struct task {
	const struct bisect_probe *probe;
	size_t step;			/* its index in res->steps */
	char hash[VCS_HEXSZ + 1];
	enum task_state state;
	int slot;			/* the tree it uses, or -1 */
	bool reused;			/* its build came from the journal */
	struct pending *build;		/* its build in flight */
	int unit;			/* its artifact's unit once built OK, else -1 */
	int from, to, limit;		/* the step's runs of the unit: [from, to), at most limit */
	bool same_sig;			/* the unit had runs before: SAME_SIGNATURE */
	char other[VCS_HEXSZ + 1];
	int other_count;
	struct pending *batch;		/* its batch of this wave */
	int batch_first, batch_nr;
	struct jrun *batch_runs;
};

static struct bisect_step *task_step(struct engine *e, const struct task *t)
{
	return &e->res->steps[t->step];
}

/* ---------------------------------------------------------------- state */

bool round_wanted(const struct engine *e)
{
	return e->probes > 1 || e->ex->slots > (size_t)e->probes;
}

static struct round_state *rs_get(struct engine *e)
{
	struct round_state *rs = e->rs;

	if (rs)
		return rs;
	rs = e->rs = xcalloc(1, sizeof(*rs));
	rs->slots_nr = e->ex->slots > (size_t)e->probes ? e->ex->slots : (size_t)e->probes;
	rs->slots = xcalloc(rs->slots_nr, sizeof(*rs->slots));
	strvec_init(&rs->ahead);
	rs->spec_settled = -1;
	for (size_t i = 0; i < rs->slots_nr; i++) {
		struct slot *sl = &rs->slots[i];
		char *key = xstrfmt("tree-%zu", i + 1);
		const char *v = journal_find_note(e->jr, key);

		sl->path = xstrfmt("%s-%zu", e->tree, i + 1);
		sl->task = -1;
		if (v && strlen(v) >= VCS_HEXSZ) {
			memcpy(sl->commit, v, VCS_HEXSZ);
			sl->built = !strcmp(v + VCS_HEXSZ, " built");
		}
		free(key);
	}
	return rs;
}

static void pending_free(struct pending *p)
{
	for (size_t k = 0; p->runs && k < p->w.nr; k++)
		jrun_release(&p->runs[k]);
	free(p->runs);
	free(p->index);
	free(p);
}

void round_release(struct engine *e)
{
	struct round_state *rs = e->rs;

	if (!rs)
		return;
	for (size_t i = 0; i < rs->slots_nr; i++)
		free(rs->slots[i].path);
	free(rs->slots);
	for (size_t i = 0; i < rs->pend_nr; i++)
		pending_free(rs->pend[i]);
	free(rs->pend);
	strvec_clear(&rs->ahead);
	free(rs->spec);
	free(rs);
	e->rs = NULL;
}

static int tree_note(struct engine *e, size_t slot, const char *commit, bool built)
{
	char *key = xstrfmt("tree-%zu", slot + 1);
	char *value = xstrfmt("%s%s", commit, built ? " built" : "");
	int ret = journal_add_note(e->jr, key, value);

	free(key);
	free(value);
	return ret;
}

static size_t in_flight(const struct round_state *rs)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->pend_nr; i++)
		n += !rs->pend[i]->finished;
	return n;
}

static struct pending *find_pending(struct round_state *rs, unsigned long id)
{
	for (size_t i = 0; i < rs->pend_nr; i++)
		if (rs->pend[i]->w.id == id)
			return rs->pend[i];
	return NULL;
}

static struct pending *ahead_in_flight(struct round_state *rs, const char *hash)
{
	for (size_t i = 0; i < rs->pend_nr; i++) {
		struct pending *p = rs->pend[i];

		if (p->kind == PEND_AHEAD && !p->finished && !strcmp(p->w.commit, hash))
			return p;
	}
	return NULL;
}

static void drop_pending(struct round_state *rs, struct pending *p)
{
	for (size_t i = 0; i < rs->pend_nr; i++) {
		if (rs->pend[i] != p)
			continue;
		memmove(rs->pend + i, rs->pend + i + 1, (rs->pend_nr - i - 1) * sizeof(*rs->pend));
		rs->pend_nr--;
		break;
	}
	pending_free(p);
}

static bool is_ahead(const struct round_state *rs, const char *hash)
{
	for (size_t i = 0; i < rs->ahead.nr; i++)
		if (!strcmp(rs->ahead.v[i], hash))
			return true;
	return false;
}

/*
 * A tree for `hash` (task: the round's step, or -1 for a build ahead): one
 * holding it, else the least recently used free one, trees that hold an
 * unused build ahead last (never, for another build ahead). -1 if none.
 */
static int slot_take(struct round_state *rs, const char *hash, int task)
{
	long best = -1;
	bool best_keep = true;

	for (size_t i = 0; i < rs->slots_nr; i++) {
		struct slot *sl = &rs->slots[i];
		bool keep = sl->built && is_ahead(rs, sl->commit);

		if (sl->task >= 0 || sl->building)
			continue;
		if (task >= 0 && !strcmp(sl->commit, hash)) {
			best = (long)i;
			break;
		}
		if (keep && task < 0)
			continue;
		if (best < 0 || (best_keep && !keep) ||
		    (best_keep == keep && sl->used < rs->slots[best].used)) {
			best = (long)i;
			best_keep = keep;
		}
	}
	if (best >= 0) {
		rs->slots[best].task = task;
		rs->slots[best].used = ++rs->clock;
	}
	return (int)best;
}

/* ---------------------------------------------------------- completions */

/* submit a build of `hash` in `slot` (tree noted first): the pending, or NULL */
static struct pending *submit_build(struct engine *e, const char *hash, int slot,
				    enum pend_kind kind, int task, bool rebuild)
{
	struct round_state *rs = e->rs;
	struct pending *p = xcalloc(1, sizeof(*p));
	struct slot *sl = &rs->slots[slot];

	p->w = (struct bisect_work){ .id = ++e->tickets, .kind = BISECT_WORK_BUILD,
				     .tree = sl->path, .rebuild = rebuild };
	strcpy(p->w.commit, hash);
	p->kind = kind;
	p->task = task;
	p->slot = slot;
	if (tree_note(e, (size_t)slot, hash, false) < 0 ||
	    (kind == PEND_AHEAD ? e->ex->submit(e->ex->ctx, &p->w) != 0 :
				  engine_submit(e, &p->w) < 0)) {
		free(p);
		return NULL;
	}
	strcpy(sl->commit, hash);
	sl->built = false;
	sl->building = true;
	ALLOC_GROW(rs->pend, rs->pend_nr + 1, rs->pend_alloc);
	rs->pend[rs->pend_nr++] = p;
	return p;
}

static int build_done(struct engine *e, struct pending *p, struct bisect_done *d)
{
	struct round_state *rs = e->rs;
	struct slot *sl = &rs->slots[p->slot];
	struct bisect_event ev = { .type = BISECT_EV_BUILD_FINISHED, .hash = p->w.commit,
				   .build = &d->build };
	struct jbuild nb;
	int ret;

	sl->building = false;
	p->finished = true;
	if (d->ret < 0) {
		p->failed = true;
		return 0;
	}
	if (p->task >= 0)
		ev.step = task_step(e, &rs->tasks[p->task]);
	engine_emit(e, &ev);
	ret = step_journal_build(e, p->w.commit, d, &nb);
	if (p->w.rebuild && !ret)
		e->res->build_seconds += nb.seconds;
	jbuild_release(&nb);
	if (d->build.status == BUILD_OK) {
		sl->built = true;
		ret |= tree_note(e, (size_t)p->slot, p->w.commit, true);
	}
	/* a build ahead counts as a build once a step uses it */
	if (p->kind == PEND_AHEAD) {
		e->res->builds--;
		if (p->task >= 0) {
			e->res->builds++;
			e->res->speculative_used++;
		} else if (d->build.status != BUILD_INFRA) {
			strvec_push(&rs->ahead, p->w.commit);
		}
	}
	return ret;
}

static int runs_done(struct engine *e, struct pending *p, struct bisect_done *d)
{
	struct task *t = p->task >= 0 ? &e->rs->tasks[p->task] : NULL;
	int ret = 0;

	if (!d->runs_nr)
		return error("executor %s: a batch of runs came back empty", e->ex->name);
	for (size_t i = 0; i < d->runs_nr && d->first + i < p->w.nr; i++) {
		size_t m = d->first + i;
		struct jrun *jr = &p->runs[m];
		struct bisect_run view;
		struct bisect_event ev = { .type = BISECT_EV_RUN_FINISHED, .hash = p->w.commit,
					   .run = &view, .run_index = p->index[m] };

		jrun_release(jr);
		jrun_from_result(jr, p->br.signature, p->index[m], &d->runs[i]);
		if (journal_add_run(e->jr, jr) < 0)
			ret = -1;
		e->res->runs++;
		p->got++;
		run_view(&e->st, jr, &view);
		if (t)
			ev.step = task_step(e, t);
		engine_emit(e, &ev);
	}
	if (d->job_id && t)
		step_add_job(e, task_step(e, t), d->job_id);
	p->finished = p->got >= p->w.nr;
	return ret;
}

int round_absorb(struct engine *e, struct bisect_done *d)
{
	struct pending *p = e->rs ? find_pending(e->rs, d->id) : NULL;
	int ret;

	if (!p || p->finished) {
		bisect_done_release(d);
		return error("executor %s: a completion of work never asked for", e->ex->name);
	}
	if (p->w.kind == BISECT_WORK_BUILD) {
		ret = build_done(e, p, d);
		if (d->job_id && p->task >= 0)
			step_add_job(e, task_step(e, &e->rs->tasks[p->task]), d->job_id);
	} else {
		ret = runs_done(e, p, d);
	}
	bisect_done_release(d);
	/* a build ahead nobody waits for is over once journalled */
	if (p->finished && p->kind == PEND_AHEAD && p->task < 0)
		drop_pending(e->rs, p);
	return ret;
}

/* wait for one completion and take care of it */
static int pump(struct engine *e)
{
	struct bisect_done d;

	memset(&d, 0, sizeof(d));
	if (e->ex->wait(e->ex->ctx, &d) < 0)
		return -1;
	return round_absorb(e, &d);
}

int round_built_ahead(struct engine *e, const char *hash)
{
	struct round_state *rs = e->rs;
	struct pending *p;

	if (!rs)
		return 0;
	while ((p = ahead_in_flight(rs, hash)))
		if (pump(e) < 0)
			return -1;
	for (size_t i = 0; i < rs->ahead.nr; i++) {
		if (strcmp(rs->ahead.v[i], hash))
			continue;
		free((char *)rs->ahead.v[i]);
		memmove(rs->ahead.v + i, rs->ahead.v + i + 1,
			(rs->ahead.nr - i) * sizeof(*rs->ahead.v));	/* and the NULL */
		rs->ahead.nr--;
		e->res->builds++;
		e->res->speculative_used++;
		return 1;
	}
	return 0;
}

bool round_work_info(struct engine *e, unsigned long id, struct bisect_step **s, int *run_total)
{
	struct pending *p = e->rs ? find_pending(e->rs, id) : NULL;

	if (!p)
		return false;
	*s = NULL;
	*run_total = 0;
	if (p->task >= 0 && e->rs->tasks) {
		struct task *t = &e->rs->tasks[p->task];

		*s = task_step(e, t);
		*run_total = t->limit - t->from;
	}
	return true;
}

/* ----------------------------------------------------------- builds ahead */

static bool worth_ahead(struct engine *e, size_t x)
{
	struct round_state *rs = e->rs;
	const char *hash = e->st.dag.hash[x];
	const struct jbuild *jb;

	if (e->st.failed[x] || bisect_find_tested(&e->st, hash))
		return false;
	jb = journal_find_build(e->jr, hash);
	if (jb && jb->status != BUILD_INFRA)
		return false;
	/* any work in flight on it (a build ahead among them) */
	for (size_t i = 0; i < rs->pend_nr; i++)
		if (!rs->pend[i]->finished && !strcmp(rs->pend[i]->w.commit, hash))
			return false;
	for (size_t i = 0; i < rs->tasks_nr; i++)
		if (!strcmp(rs->tasks[i].hash, hash))
			return false;
	return true;
}

/* settled steps of the round (builds ahead are chosen again when it changes) */
static int settled_count(const struct round_state *rs)
{
	int n = 0;

	for (size_t i = 0; i < rs->tasks_nr; i++)
		n += rs->tasks[i].state == T_DONE;
	return n;
}

/* give free slots of the executor builds the next round most likely needs */
static void build_ahead(struct engine *e)
{
	struct round_state *rs = e->rs;

	if (!e->pol->speculate || !rs->round || e->ex->slots <= 1)
		return;
	while (in_flight(rs) < e->ex->slots) {
		size_t i = 0, max = 2 * rs->slots_nr + 2;
		int slot;

		if (rs->spec_settled != settled_count(rs)) {
			free(rs->spec);
			rs->spec = xcalloc(max, sizeof(*rs->spec));
			rs->spec_nr = e->pol->speculate(e->ps, &e->st, rs->round, rs->spec, max);
			rs->spec_settled = settled_count(rs);
		}
		while (i < rs->spec_nr && !worth_ahead(e, rs->spec[i]))
			i++;
		if (i == rs->spec_nr)
			return;
		slot = slot_take(rs, "", -1);
		if (slot < 0)
			return;
		if (!submit_build(e, e->st.dag.hash[rs->spec[i]], slot, PEND_AHEAD, -1, false))
			return;	/* refused (replay) or failed: the round goes on without */
		e->res->speculative_builds++;
	}
}

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
	struct pending *p = ahead_in_flight(rs, t->hash);
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
	while ((t->slot = slot_take(rs, t->hash, (int)i)) < 0)
		if (pump(e) < 0)	/* every tree is building ahead: wait for one */
			return -1;
	t->build = submit_build(e, t->hash, t->slot, PEND_BUILD, (int)i, false);
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
	build_ahead(e);
	do {
		waiting = false;
		for (size_t i = 0; i < rs->tasks_nr; i++)
			waiting |= rs->tasks[i].build && !rs->tasks[i].build->finished;
		if (waiting && pump(e) < 0)
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
		drop_pending(rs, t->build);
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
		t->slot = slot_take(rs, t->hash, (int)(t - rs->tasks));
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
		if (!in_flight(e->rs))
			return error("no build tree free for %s", t->hash);
		if (pump(e) < 0)
			return -1;
		t->slot = slot_take(e->rs, t->hash, (int)(t - e->rs->tasks));
	}
	*rebuild = submit_build(e, t->hash, t->slot, PEND_BUILD, (int)(t - e->rs->tasks), true);
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
		drop_pending(e->rs, t->batch);
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
		if (pump(e) < 0)
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
		drop_pending(e->rs, p);
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
	build_ahead(e);
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
