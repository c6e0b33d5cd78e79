/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy.h - a bisection policy: what to probe next, how many runs a step
 * needs, the verdict of a step, when to stop, and the answer. The engine
 * (engine.c) drives any policy the same way; `bayes` (bayes.c) and
 * `syzbot` (syzbot.c) implement it.
 *
 * The engine's loop, with a policy `pol` and its state `ps`:
 *
 *	each step (the bad end, the other end, release tags, probes):
 *		limit = pol->runs_wanted(ps, st, unit, plan);
 *		if (pol->settled(ps, st, unit, from, plan))
 *			limit = unit->runs;             // earlier evidence settles it
 *		while (unit->runs < limit) {
 *			a batch of runs;
 *			if (pol->settled(ps, st, unit, from, plan))
 *				break;
 *		}
 *		v = pol->verdict(ps, st, step, unit);
 *	the search:
 *		pol->search_begin(ps, st, head);
 *		for (;;) {
 *			pol->next(ps, st, &round);       // up to round.max probes
 *			if (!round.nr) break;            // round.end, round.culprit
 *			each probe: its step, then pol->update(ps, st, probe, v, step, t);
 *		}
 *		pol->answer(ps, st, end, culprit, &answer);
 *
 * Everything a policy reads is in struct bisect_state (evidence.h): the
 * slice, the units of evidence and the model's posterior. Policies write
 * only their own state and the slice's failed[] / visits[] marks.
 */
#ifndef CULPRIT_BISECT_POLICY_H
#define CULPRIT_BISECT_POLICY_H

#include "evidence.h"

/* Why a step is tested: the runs it gets depend on it. */
enum bisect_plan {
	BISECT_PLAN_FIRST,	/* the bad end: the target crash is not known yet */
	BISECT_PLAN_CHECK,	/* an end or a release tag: is the crash there? */
	BISECT_PLAN_PROBE,	/* a commit inside the slice */
};

enum bisect_search_end {
	BISECT_SEARCH_FOUND,		/* the policy names one culprit */
	BISECT_SEARCH_SKIPPED_ONLY,	/* only untestable commits are left */
	BISECT_SEARCH_BUDGET,		/* out of builds */
	BISECT_SEARCH_STOP,		/* (the engine's) the work could not go on */
};

struct bisect_probe {
	size_t node;		/* slice index of the commit to test */
	size_t remaining;	/* candidates left (for git's "Bisecting:" line) */
	size_t reaches;		/* of them, ancestors of (or equal to) node */
};

/* One round of the search: up to `max` probes the engine may test at once. */
struct bisect_round {
	size_t max;		/* set by the engine: the job's probes (1 by default) */
	struct bisect_probe *probes;	/* max entries, owned by the engine */
	size_t nr;		/* 0: the search ends */
	/* when nr == 0 */
	enum bisect_search_end end;
	size_t culprit;		/* the answer for FOUND / BUDGET, else the bad side's end */
	/*
	 * FOUND only: not an answer yet, the policy wants (more) runs at the
	 * good parents of `culprit` (the good end), tested before or not; a
	 * crash there is evidence, not an error. The engine clears it.
	 */
	bool good_again;
};

struct bisect_answer {
	bool found;		/* one culprit (the round's), else inconclusive */
	bool no_culprit;	/* "no culprit in range" holds the confidence */
	/* inconclusive: the possible culprits (slice indices), most probable first */
	size_t *candidates;	/* malloced */
	double *probs;		/* their posterior, or NULL (not given) */
	size_t nr;
};

struct bisect_policy_ops {
	const char *name;
	/*
	 * The search starts at the oldest crashing release the release walk
	 * found rather than at the bad commit (syzbot restarts git bisect
	 * there; bayes keeps the whole slice and weighs the walk's runs).
	 */
	bool from_last_bad;

	void *(*start)(struct bisect_state *st);
	void (*release)(void *ps);

	/* the runs unit u should have when the step ends (counting those it has) */
	int (*runs_wanted)(void *ps, struct bisect_state *st, const struct unit *u,
			   enum bisect_plan plan);
	/*
	 * Before the step's first batch and after each batch (the step's runs
	 * start at index `from` of u's runs; u is recounted): true when the
	 * evidence settles the step and no more runs are needed.
	 */
	bool (*settled)(void *ps, struct bisect_state *st, const struct unit *u, int from,
			enum bisect_plan plan);
	/* the verdict of a step whose build is OK (u its unit) */
	enum bisect_verdict (*verdict)(void *ps, struct bisect_state *st,
				       const struct bisect_step *s, const struct unit *u);

	/* the slice is loaded; `head` is the slice index where the search starts */
	void (*search_begin)(void *ps, struct bisect_state *st, size_t head);
	/* fill the round (see struct bisect_round) */
	void (*next)(void *ps, struct bisect_state *st, struct bisect_round *round);
	/* a probe's step is decided (t: its tested commit, NULL when it stopped) */
	void (*update)(void *ps, struct bisect_state *st, const struct bisect_probe *probe,
		       enum bisect_verdict v, const struct bisect_step *s, const struct tcommit *t);
	/* the answer after the search ended with `end` (the posterior is fresh) */
	void (*answer)(void *ps, struct bisect_state *st, enum bisect_search_end end,
		       size_t culprit, struct bisect_answer *out);
	/*
	 * Optional (NULL: no builds ahead). While the probes of `round` are
	 * tested: the commits the next round most likely probes (slice
	 * indices, best first, at most max) for a worker with nothing else to
	 * do to build ahead (round.c). Returns how many.
	 */
	size_t (*speculate)(void *ps, struct bisect_state *st, const struct bisect_round *round,
			    size_t *out, size_t max);
};

extern const struct bisect_policy_ops bisect_policy_bayes;
extern const struct bisect_policy_ops bisect_policy_syzbot;

/* the policy of a job's `policy` key */
const struct bisect_policy_ops *bisect_policy_get(enum bisect_policy p);

void bisect_answer_release(struct bisect_answer *a);

#endif
