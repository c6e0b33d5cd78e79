/* SPDX-License-Identifier: Apache-2.0 */
/*
 * round_int.h - internal interface between round.c (a round: its builds,
 * runs and report) and round_work.c (build trees, work in flight, builds
 * ahead).
 */
#ifndef CULPRIT_BISECT_ROUND_INT_H
#define CULPRIT_BISECT_ROUND_INT_H

#include "engine.h"

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

static inline struct bisect_step *task_step(struct engine *e, const struct task *t)
{
	return &e->res->steps[t->step];
}

/* e->rs, made (its slots from the journal's tree notes) when first needed */
struct round_state *rs_get(struct engine *e);
/* work submitted and not finished */
size_t rs_in_flight(const struct round_state *rs);
/* the build ahead of hash still in flight, or NULL */
struct pending *rs_ahead_in_flight(struct round_state *rs, const char *hash);
/* forget p (its completions all came back) */
void rs_drop_pending(struct round_state *rs, struct pending *p);
/*
 * A tree for `hash` (task: the round's step, or -1 for a build ahead): one
 * holding it, else the least recently used free one. -1 if none.
 */
int rs_slot_take(struct round_state *rs, const char *hash, int task);
/* submit a build of `hash` in `slot` (tree noted first): the pending, or NULL */
struct pending *rs_submit_build(struct engine *e, const char *hash, int slot, enum pend_kind kind,
				int task, bool rebuild);
/* wait for one completion and take care of it */
int rs_pump(struct engine *e);
/* give free slots of the executor builds the next round most likely needs */
void rs_build_ahead(struct engine *e);

#endif
