/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.h - the engine's own state, shared by its files (src/bisect/
 * internal):
 *	engine.c	bisect_run(): the ends, the slice, the search loop
 *	step.c		one tested commit: build, runs, journal, through the executor
 *	round.c		several probes a round at once
 *	round_work.c	its work in flight, builds ahead, build trees
 *	release.c	the release-tag walk and the check of given good parents
 *	finish.c	the result: found, inconclusive, failures
 *	verify.c	the culprit checked: reruns, its parent, the revert
 */
#ifndef CULPRIT_BISECT_ENGINE_H
#define CULPRIT_BISECT_ENGINE_H

#include "bisect.h"
#include "executor.h"
#include "journal.h"
#include "policy.h"

/*
 * Steps in a row lost to infrastructure trouble (a build that could not be
 * made, or runs that all failed for the machine's reasons) before the
 * engine gives up: one bad step is a skip, three say the machine is broken.
 */
#define INFRA_STRIKES 3

struct engine {
	const struct bisect_job *job;
	struct bisect_history *h;
	struct bisect_result *res;
	struct journal *jr;
	struct bisect_state st;		/* what the policy sees */
	const struct bisect_policy_ops *pol;
	void *ps;			/* the policy's state */
	struct bisect_executor own_ex;	/* when the job brings none */
	struct bisect_executor *ex;
	struct bisect_executor_host host;
	unsigned long tickets;		/* work submitted so far */
	char *tree;			/* the build tree */
	char *runner_note;		/* the runner's last remark (NOTE once per change) */
	double t0;
	int jobs;			/* runs per batch */
	int step_runs;			/* runs the current step aims at (RUN_STARTED) */
	bool journal_ended;		/* replay ran out of records */
	bool infra;			/* an infrastructure failure stopped us */
	int infra_strikes;		/* steps in a row lost to infrastructure trouble */
	int probes;			/* probes a round (the job's, 1 by default) */
	struct round_state *rs;		/* round.c's (NULL until a round needs it) */
	struct bisect_classes *cls;	/* build classes (classes.c), NULL: none */
	struct workdir_lock *own_lock;	/* the work directory, when the job brought no lock */
	/* fix mode, bad not an ancestor of the fixed end: their merge base ("": none) */
	char merge_base[VCS_HEXSZ + 1];
	/* the culprit whose revert verify.c made (its second look takes the journal's) */
	char revert_made[VCS_HEXSZ + 1];
};

/* Deliver an event (type and its fields set; job and res are filled in). */
void engine_emit(struct engine *e, struct bisect_event *ev);

/* the commit's subject ("" when unknown); *owned is to be freed */
const char *subject_of(struct engine *e, const char *hash, char **owned);

/* ---- step.c ---- */

/*
 * Test one commit: a new step of `kind`, its build, then runs as the policy
 * says for `plan`. Returns the step, or NULL when the engine must stop
 * (hard error, infrastructure, end of replay). *t_out gets the tested
 * record (NULL when the build could not be had).
 */
struct bisect_step *test_commit(struct engine *e, const char *hash, const char *tag,
				enum bisect_step_kind kind, enum bisect_plan plan,
				struct tcommit **t_out);
/* build `hash` for its signature only (no step, no runs); NULL on a stop */
struct tcommit *build_only(struct engine *e, const char *hash);
/*
 * nr more runs of t's unit (built OK) outside any step (verify.c), taken
 * from the journal when recorded; 0, or -1 when the engine must stop
 */
int unit_run_more(struct engine *e, struct tcommit *t, int nr);
/* the policy's verdict of a tested step (skip when it did not build) */
enum bisect_verdict step_verdict(struct engine *e, const struct bisect_step *s,
				 const struct tcommit *t);
/* set the step's decision text and tell the observers (git_terms: see bisect_decision_text) */
void step_decide(struct engine *e, struct bisect_step *s, enum bisect_verdict v, bool git_terms);
/* ... with a decision text of the caller's ("no crash") */
void step_decide_text(struct engine *e, struct bisect_step *s, enum bisect_verdict v,
		      const char *text);

/* the parts of a step round.c uses too */
struct bisect_step *step_append(struct engine *e, const char *hash, const char *tag,
				enum bisect_step_kind kind);
void step_announce(struct engine *e, struct bisect_step *s);
void step_set_decision(struct bisect_step *s, const char *d);
/* submit w: 0, or -1 (refused: the journal ended; or an error) */
int engine_submit(struct engine *e, const struct bisect_work *w);
/* journal a finished build (nb gets the record; free with jbuild_release()) */
int step_journal_build(struct engine *e, const char *hash, const struct bisect_done *d,
		       struct jbuild *nb);
/* a build record taken as tested (counts its time; s may be NULL) */
struct tcommit *step_tested(struct engine *e, const struct jbuild *jb, struct bisect_step *s);
/* the step's build fields from t (and the notes of a cluster build) */
void step_set_build(struct engine *e, struct bisect_step *s, const struct tcommit *t);
void step_emit_built(struct engine *e, struct bisect_step *s, const struct tcommit *t,
		     bool reused);
/* a cluster job of the step (once), and what a build's completion tells beyond its record */
void step_add_job(struct engine *e, struct bisect_step *s, const char *job_id);
int step_note_build(struct engine *e, const char *hash, const struct bisect_done *d);
void step_recall_build(struct engine *e, struct bisect_step *s);
void jrun_from_result(struct jrun *jr, const char *sig, int index, struct run_result *rr);
void jrun_copy(struct jrun *dst, const struct jrun *src);
void run_view(const struct bisect_state *st, const struct jrun *r, struct bisect_run *out);
/* u's runs [from, to) into s, then RUNS_DONE */
void step_runs_done(struct engine *e, struct unit *u, int from, size_t to, struct bisect_step *s);

/* ---- round.c, round_work.c ---- */

/* the rounds go through round.c: several probes, or workers to build ahead */
bool round_wanted(const struct engine *e);
/*
 * Test the round's probes at once and decide them in order (policy
 * update, STEP_DECIDED). 0, or -1 when the engine must stop.
 */
int round_test(struct engine *e, const struct bisect_round *r);
/*
 * A completion that is not the work the caller waits for: a build ahead
 * or a round's work. 0, or -1 after error() (never asked for).
 */
int round_absorb(struct engine *e, struct bisect_done *d);
/*
 * `hash` was built ahead in this process and not used yet: 1 (now used),
 * 0 (not built ahead), -1 (the build ahead in flight could not be waited for).
 */
int round_built_ahead(struct engine *e, const char *hash);
/* the step and its runs total of work in flight (live events); false when not a round's */
bool round_work_info(struct engine *e, unsigned long id, struct bisect_step **s, int *run_total);
void round_release(struct engine *e);

/* ---- classes.c: build classes from build keys (NULL e->cls: no keys) ---- */

struct jbuild;
/* NULL when the job has build.keys off or cannot key its builds */
struct bisect_classes *classes_open(struct engine *e, const char *workdir);
void classes_close(struct bisect_classes *c);
/* after the first successful build made in e->tree (hash): learn its input set */
void classes_learn(struct engine *e, const char *hash);
/* the slice is loaded (bases: the other ends): keys, classes, no-ops, res->range */
void classes_slice(struct engine *e, const char *const *bases, size_t bases_nr);
/*
 * hash has a tested class member: 1 with *out its build (journalled with a
 * note), 0 when none, -1 after error()
 */
int classes_reuse(struct engine *e, const char *hash, struct jbuild *out);
/* the commit whose build hash took (this process or the journal), or NULL */
const char *classes_same_as(struct engine *e, const char *hash);
/* the log's line for it */
void classes_announce(struct engine *e, const char *hash, const char *other);
/* a and b have equal build keys */
bool classes_same_inputs(struct engine *e, const char *a, const char *b);

/* ---- release.c ---- */

/*
 * Walk release tags back from bad. Returns 1 with `good` set, 0 when none
 * was good (last_bad: the oldest crashing one), -1 to stop, -2 when there
 * are no tags to walk.
 */
int release_walk(struct engine *e, const char *bad, char good[VCS_HEXSZ + 1],
		 char last_bad[VCS_HEXSZ + 1]);
/*
 * Test the culprit's parents that are given good commits and were not
 * tested (`again`: tested or not, for more runs). 0 when none was left to
 * test, 2 after testing one (the policy looks again), 1 when one crashes
 * and the posterior does not say "no culprit" (the job is wrong: outcome
 * set; never with `again`), -1 to stop.
 */
int check_good_parents(struct engine *e, size_t culprit, const struct strvec *goods, bool again);

/* ---- verify.c ---- */

/*
 * Verify the culprit (slice index c; info: its commit, NULL when unknown)
 * as the job asks: res->verification, unreliable reasons, and *confidence
 * updated with what the checks saw.
 */
void verify_culprit(struct engine *e, size_t c, const struct vcs_commit *info,
		    double *confidence);
/*
 * Before the answer (bayes): the culprit's and its parents' checks (runs
 * until each verdict holds; verify_culprit() later finds them done), then
 * the revert's, each time the posterior with their runs (a revert that
 * still crashes is evidence against the culprit, for every other
 * candidate; with --first-parent or paths the parents wait for the
 * answer). 1 when the answer no longer holds at the job's confidence (the
 * search goes on with the new evidence), else 0 (also when the checks
 * could not be made: verify_culprit() says so).
 */
int verify_recheck(struct engine *e, size_t c);

/* ---- finish.c ---- */

void finish_found(struct engine *e, size_t culprit, double confidence);
/* "no culprit in range": the posterior's counts on both sides */
void finish_no_culprit(struct engine *e);
void finish_inconclusive(struct engine *e, const struct bisect_answer *a, bool skipped_only);
/* the crash title and report of the result (from hash's unit, else the bad end's) */
void set_crash(struct engine *e, const char *hash);
void engine_fail(struct engine *e, enum bisect_outcome o, const char *msg);
/* the engine cannot go on: the journal ended (replay) or infrastructure */
void engine_stopped(struct engine *e);
/* the result is complete: times, then RESULT to the observers */
void engine_finish(struct engine *e);

#endif
