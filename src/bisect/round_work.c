// SPDX-License-Identifier: Apache-2.0
/*
 * round_work.c - the work of rounds (round.c) in flight: the build trees
 * (slots), the work submitted to the executor and its completions, and
 * builds ahead of the next round.
 *
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
#include "round_int.h"
#include "../util/util.h"

/* ---------------------------------------------------------------- state */

bool round_wanted(const struct engine *e)
{
	return e->probes > 1 || e->ex->slots > (size_t)e->probes;
}

struct round_state *rs_get(struct engine *e)
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

size_t rs_in_flight(const struct round_state *rs)
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

struct pending *rs_ahead_in_flight(struct round_state *rs, const char *hash)
{
	for (size_t i = 0; i < rs->pend_nr; i++) {
		struct pending *p = rs->pend[i];

		if (p->kind == PEND_AHEAD && !p->finished && !strcmp(p->w.commit, hash))
			return p;
	}
	return NULL;
}

void rs_drop_pending(struct round_state *rs, struct pending *p)
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
int rs_slot_take(struct round_state *rs, const char *hash, int task)
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
struct pending *rs_submit_build(struct engine *e, const char *hash, int slot,
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
		rs_drop_pending(e->rs, p);
	return ret;
}

/* wait for one completion and take care of it */
int rs_pump(struct engine *e)
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
	while ((p = rs_ahead_in_flight(rs, hash)))
		if (rs_pump(e) < 0)
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
void rs_build_ahead(struct engine *e)
{
	struct round_state *rs = e->rs;

	if (!e->pol->speculate || !rs->round || e->ex->slots <= 1)
		return;
	while (rs_in_flight(rs) < e->ex->slots) {
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
		slot = rs_slot_take(rs, "", -1);
		if (slot < 0)
			return;
		if (!rs_submit_build(e, e->st.dag.hash[rs->spec[i]], slot, PEND_AHEAD, -1, false))
			return;	/* refused (replay) or failed: the round goes on without */
		e->res->speculative_builds++;
	}
}
