/* SPDX-License-Identifier: Apache-2.0 */
/*
 * evidence.h - what a bisection knows so far, as the policies see it
 * (src/bisect/ internal; policy.h builds on it).
 *
 * Evidence lives in units, one per artifact signature: every commit that
 * builds to the same bytes shares its runs. A unit holds its runs (journal
 * records, in run-index order) and their counts against the target crash.
 * Tested commits (struct tcommit) point at their unit. Once the slice (the
 * candidate commits between the good and the bad end) is loaded, each unit
 * knows which candidates are ancestors of its commits, and the model
 * (bisect_posterior(), bayes.c) turns the units into a posterior over the
 * candidates: P(candidate c is the culprit).
 */
#ifndef CULPRIT_BISECT_EVIDENCE_H
#define CULPRIT_BISECT_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bisect.h"
#include "journal.h"
#include "posterior.h"

struct unit {
	char sig[SIGNATURE_HEXSZ + 1];
	uint64_t *set;		/* candidates that are ancestors of any of this unit's commits */
	uint64_t *all;		/* ... of all of them (NULL until one is in the slice) */
	int runs;		/* runs attributed (next run index) */
	int crashes, oks, others, skips;	/* target crashes, OK runs, other crashes, the rest */
	int any_crashes;	/* crashes of any title (syzbot counts them all) */
	char *report_title, *report;	/* the first target crash's report */
	char first_commit[VCS_HEXSZ + 1];
	struct jrun *jruns;	/* every run, in index order */
	size_t jruns_nr, jruns_alloc;
};

struct tcommit {
	char hash[VCS_HEXSZ + 1];
	int unit;		/* -1: no artifact */
	enum build_status status;
	char *reason, *compiler, *artifact_dir;
	long node;		/* index in the slice, -1 outside */
};

/* What the engine knows, as its policy sees it. */
struct bisect_state {
	const struct bisect_job *job;
	struct bisect_result *res;	/* res->steps so far */
	bool fix;		/* fix mode: the crashing side is the old one */
	int runs;		/* the job's runs (default 10) */
	double conf;		/* stop at this posterior (default 0.99) */

	/* the target crash: title and alternative titles */
	char *target;
	struct strvec target_alts;

	struct unit *units;
	size_t units_nr, units_alloc;
	int bad_unit;		/* the bad commit's unit, -1 before it is built */
	struct tcommit *tested;
	size_t tested_nr, tested_alloc;

	/* the slice (once have_dag) */
	bool have_dag;
	struct vcs_dag dag;
	struct bgraph g;
	size_t *by_hash;	/* slice indices sorted by hash */
	bool *failed;		/* does not build / cannot be tested / asked enough */
	int *visits;		/* probes per candidate */
	double *post, *mass, *w;	/* posterior, scratch for masses and weights */

	/* the model (bisect_posterior()) */
	bool have_post;		/* post[] holds a posterior */
	double p_last;		/* a low estimate of p (for step sizes) */
	double eps;		/* the look-alike rate's posterior mean (for probes) */
	struct posterior_work pw;	/* scratch of posterior_compute() */
	struct posterior_summary sum;	/* "no culprit", the rates and counts */
	/* candidates that cannot be the culprit (build classes, classes.c), or NULL */
	const uint64_t *impossible;

	/* events of the policy (NOTE): the engine's emitter, may be NULL */
	void (*note)(void *ctx, const char *text);
	void *note_ctx;
};

void bisect_state_init(struct bisect_state *st, const struct bisect_job *job,
		       struct bisect_result *res);
/* frees all but the dag itself (the history that loaded it releases it) */
void bisect_state_release(struct bisect_state *st);

/* A note for the log ("the reproducer is flaky: ..."). */
void bisect_state_note(struct bisect_state *st, const char *text);

/* ---- the target crash ---- */

bool jrun_is_target(const struct bisect_state *st, const struct jrun *r);
/*
 * Pick the target from the bad commit's unit: the job's title, else the
 * most frequent first-crash title of its runs (the earliest on a tie).
 */
void bisect_choose_target(struct bisect_state *st);

/* ---- units and tested commits ---- */

struct tcommit *bisect_find_tested(struct bisect_state *st, const char *hash);
/* A tested commit from its build record (a new unit for a new signature). */
struct tcommit *bisect_add_tested(struct bisect_state *st, const struct jbuild *b);
/* Append a run (taken over: *r is cleared) to u. */
void unit_add_run(struct unit *u, struct jrun *r);
/* Recount u's runs against the current target. */
void unit_recount(const struct bisect_state *st, struct unit *u);
/* Target crashes among u's runs from index `from` on. */
bool unit_crashed_since(const struct bisect_state *st, const struct unit *u, size_t from);

/* ---- the slice ---- */

/*
 * Take `dag` (loaded by the history; st keeps it until the caller releases
 * it) as the slice and put every tested commit in it.
 */
void bisect_state_set_slice(struct bisect_state *st, const struct vcs_dag *dag);
/* the slice index of hash, or -1 */
long bisect_node_of(const struct bisect_state *st, const char *hash);
/*
 * The good end's side: finished runs of the units outside every candidate
 * (the good end, parents outside the slice; never the bad end's unit),
 * their target crashes in *crashes (may be NULL).
 */
int bisect_good_side_runs(const struct bisect_state *st, int *crashes);

/* ---- the model (bayes.c) ---- */

/* Recompute post[] from every unit (and p_last, the p it assumed). */
void bisect_posterior(struct bisect_state *st);
/* zero post[] of the impossible candidates (and renormalise); classes.c */
void bisect_restrict_posterior(struct bisect_state *st);
/* p from the runs at the crashing end (pooled with sure ones elsewhere) */
double bisect_p_estimate(struct bisect_state *st);
/* the posterior mass of a candidate set */
double bisect_set_mass(const struct bisect_state *st, const uint64_t *set);
size_t bisect_top_candidate(const struct bisect_state *st);
/* indices of the smallest set holding `level` of the mass, most probable first (free()) */
size_t bisect_credible_set(const struct bisect_state *st, double level, size_t **out);

#endif
