/* SPDX-License-Identifier: Apache-2.0 */
/*
 * event.h - what the engine tells the world: typed events, delivered in
 * order to every observer of the job (struct bisect_job's observers). The
 * engine prints nothing itself; the syzbot-format log (log.c), the JSON
 * result (json.c), the terminal progress line (src/cli/progress.c) and
 * whatever comes next (an HTML page, a mail, a git bisect log) are
 * observers. `--replay` runs the engine against an executor that refuses
 * new work, so the journal's evidence flows through the same events.
 *
 * Events of one job, in order (a step is one tested commit, res->steps[]):
 *
 *	JOB_STARTED		the bad commit resolved, the journal open
 *	  PREPARE		a line of the backend's work before the search
 *				(job->prepare: the config minimisation): text
 *	  PREPARED		... done: res->kconfig holds what it found
 *	  STEP_CHOSEN		the policy picked a commit to probe (before its step);
 *				text = its subject
 *	  STEP_STARTED		a step begins: step (kind, hash, tag)
 *	    CHECKOUT		the executor moves a build tree (actual work only)
 *	    BUILD_STARTED	the executor builds (actual work only)
 *	    BUILD_FINISHED	... and finished: build
 *	    STEP_BUILT		the step has its build (built now or earlier, or taken
 *				from the journal); step NULL for a build made only
 *				for a signature (after SIGNATURE_BUILD)
 *	    SAME_SIGNATURE	the artifact equals an earlier commit's (other):
 *				its `count` runs count here too
 *	    RUN_STARTED		runs begin (actual work): run_index .. + run_count - 1
 *	    RUN_FINISHED	one run finished (actual work): run
 *	    RUNS_DONE		the step's runs are all in step->runs
 *	    NOTE		a remark of the policy for the log (text)
 *	  STEP_DECIDED		step->decision is final (verdict in cause-mode sense)
 *	  SEARCH_STARTED	the slice is loaded: hash = where the search starts,
 *				hashes = the other end(s), candidates = its size
 *	  POSTERIOR		the posterior over the slice after res->steps_nr
 *				steps (bayes rounds, and once after any search)
 *	  CULPRIT		the answer is a commit: hash, text = its `git show --stat`
 *	  SIGNATURE_BUILD	hash is built (no runs) for its signature
 *	RESULT			res is complete (every outcome)
 *
 * Pointers in an event are valid during the call only; copy what you keep.
 * `res` is the result as it stands (steps so far) in every event.
 */
#ifndef CULPRIT_BISECT_EVENT_H
#define CULPRIT_BISECT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "../build/build.h"
#include "../util/util.h"
#include "../vcs/vcs.h"

struct bisect_job;
struct bisect_result;
struct bisect_step;
struct bisect_run;

enum bisect_event_type {
	BISECT_EV_JOB_STARTED,
	BISECT_EV_PREPARE,
	BISECT_EV_PREPARED,
	BISECT_EV_STEP_CHOSEN,
	BISECT_EV_STEP_STARTED,
	BISECT_EV_CHECKOUT,
	BISECT_EV_BUILD_STARTED,
	BISECT_EV_BUILD_FINISHED,
	BISECT_EV_STEP_BUILT,
	BISECT_EV_SAME_SIGNATURE,
	BISECT_EV_RUN_STARTED,
	BISECT_EV_RUN_FINISHED,
	BISECT_EV_RUNS_DONE,
	BISECT_EV_NOTE,
	BISECT_EV_STEP_DECIDED,
	BISECT_EV_SEARCH_STARTED,
	BISECT_EV_POSTERIOR,
	BISECT_EV_CULPRIT,
	BISECT_EV_SIGNATURE_BUILD,
	BISECT_EV_RESULT,
};

/* A step's verdict, in cause-mode sense: bad = shows the target crash. */
enum bisect_verdict { BISECT_VERDICT_GOOD, BISECT_VERDICT_BAD, BISECT_VERDICT_SKIP };

struct bisect_event {
	enum bisect_event_type type;
	const struct bisect_job *job;
	const struct bisect_result *res;
	const struct bisect_step *step;	/* the step it is about, or NULL */
	const char *hash;		/* the commit it is about */
	const char *text;		/* STEP_CHOSEN: subject; NOTE; CULPRIT: show --stat */

	/* STEP_CHOSEN: git bisect's counts for the probe */
	size_t remaining;		/* candidates left */
	size_t reaches;			/* of them, ancestors of (or equal to) hash */
	int steps_left;			/* git's estimate after this one */

	/* BUILD_STARTED: the tree moved since hash was built (built again for runs) */
	bool rebuild;
	/* BUILD_FINISHED, STEP_BUILT: status, signature, compiler, reason, seconds */
	const struct build_result *build;
	/* STEP_BUILT: the build came from this process or the journal */
	bool reused;

	/* SAME_SIGNATURE: the commit whose artifact this is, and its runs so far */
	const char *other;
	int count;

	/* RUN_STARTED: runs [run_index, run_index + run_count) of run_total for the step */
	int run_index, run_count, run_total;
	/* RUN_FINISHED */
	const struct bisect_run *run;

	/* STEP_DECIDED */
	enum bisect_verdict verdict;

	/* SEARCH_STARTED: the other end(s) */
	const char *const *hashes;
	size_t hashes_nr;

	/* SEARCH_STARTED, POSTERIOR: the slice (candidate commits, parents first) */
	const struct vcs_dag *dag;
	/* POSTERIOR: P(culprit = dag->hash[i]) for i < dag->nr */
	const double *posterior;
	double p;			/* the reproduction probability it assumed */
	double none;			/* P(no culprit in range): posterior sums to 1 - none */
};

struct bisect_observer_ops {
	const char *name;
	void (*event)(void *ctx, const struct bisect_event *ev);
};

struct bisect_observer {
	const struct bisect_observer_ops *ops;
	void *ctx;
};

/* "found", "inconclusive", ... of bisect_result_to_json(); "good"/"bad"/"skip" */
const char *bisect_verdict_name(enum bisect_verdict v);

/*
 * The decision text of a step: "skip", or "good"/"bad" in git's terms.
 * With git_terms in fix mode the crashing side is "good" (git bisect's old
 * side); without, "bad" always means "crashes" (how the ends and release
 * tags are reported).
 */
const char *bisect_decision_text(enum bisect_verdict v, bool fix_mode, bool git_terms);

/* ---- observers shipped with the engine ---- */

/*
 * The syzbot-format bisection log (syzkaller's pkg/bisect log, git bisect's
 * lines) on a stdio stream:
 *	struct bisect_log log;
 *	bisect_log_init(&log, stdout);
 *	bisect_job_add_observer(&job, &bisect_log_ops, &log);
 */
struct bisect_log {
	FILE *f;
};

extern const struct bisect_observer_ops bisect_log_ops;
void bisect_log_init(struct bisect_log *log, FILE *f);
/* a line of the caller's own in the same stream (`culprit sim --verbose`) */
void bisect_log_printf(struct bisect_log *log, const char *fmt, ...) PRINTF_LIKE(2, 3);

/*
 * The JSON result (bisect_result_to_json()) written to `path` when the
 * result is complete; `failed` is set (after error()) when it could not be.
 */
struct bisect_json_writer {
	const char *path;
	bool failed;
};

extern const struct bisect_observer_ops bisect_json_ops;

#endif
