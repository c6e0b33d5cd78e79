/* SPDX-License-Identifier: Apache-2.0 */
/*
 * executor.h - where a step's work runs. The engine decides what to build
 * and run and keeps the journal; an executor does the work: the build of a
 * commit (check out the build tree + build + signature) and batches of runs
 * of a built artifact.
 *
 * The interface is asynchronous so that several builds and run batches can
 * be in flight at once: the engine submits work (each piece with its own
 * ticket) and then waits for any completion. A batch of runs may come back
 * in parts (one completion per finished run, or all at once). Executors:
 *   - local (executor_local.c): the job's builder + runner (struct
 *     builder_ops / runner_ops) and the history's checkout, in this process;
 *     one piece of work at a time, the runs of a batch in parallel threads
 *     when the runner allows (runner_ops.parallel);
 *   - replay: refuses all work, so the engine can only use the journal;
 *   - a cluster executor (each build and each batch of runs one `sbatch`
 *     job) plugs in the same way: fill struct bisect_executor and point
 *     job->executor at it; the host below lets it keep its job ids in the
 *     journal (record/recall) so a resumed engine can re-attach to them.
 *
 *	struct bisect_work w = { .id = 1, .kind = BISECT_WORK_BUILD, .tree = tree };
 *	strcpy(w.commit, hash);
 *	if (ex->submit(ex->ctx, &w) == 0 && ex->wait(ex->ctx, &done) == 0)
 *		... done.build ...; bisect_done_release(&done);
 */
#ifndef CULPRIT_BISECT_EXECUTOR_H
#define CULPRIT_BISECT_EXECUTOR_H

#include <stdbool.h>
#include <stddef.h>
#include "event.h"
#include "../build/build.h"
#include "../runner/runner.h"
#include "../slurm/ccache.h"
#include "../util/strvec.h"
#include "../vcs/vcs.h"

struct bisect_history;

enum bisect_work_kind { BISECT_WORK_BUILD, BISECT_WORK_RUNS };

/*
 * One piece of work. The engine keeps it (and what it points to) alive and
 * unchanged until its last completion came back from wait().
 */
struct bisect_work {
	unsigned long id;		/* the engine's ticket, unique in the job */
	enum bisect_work_kind kind;
	char commit[VCS_HEXSZ + 1];	/* BUILD: what to build; RUNS: whose build it is */
	const char *tree;		/* the build tree the engine assigned */
	bool rebuild;			/* BUILD: built before, the tree moved since */
	/* RUNS: the artifact and the run numbers (each run sees its number) */
	const struct build_result *build;
	const int *indices;
	size_t nr;
};

/* A finished piece (or, for RUNS, part) of work; bisect_done_release() frees. */
struct bisect_done {
	unsigned long id;
	enum bisect_work_kind kind;
	/* 0, or -1 (after error()): the work could not be done at all (infrastructure) */
	int ret;
	/* BUILD: status (OK / FAILED / INFRA), signature, compiler, artifact_dir, reason */
	struct build_result build;
	/*
	 * RUNS: results of work.indices[first .. first + runs_nr), in that
	 * order; a run the runner could not do is RUN_INFRA with a reason
	 */
	struct run_result *runs;
	size_t first, runs_nr;
	char *job_id;			/* the executor's name for the job (a Slurm id), or NULL */
	/* BUILD: the build's compiler cache counters, when the executor read them */
	bool have_ccache;
	struct ccache_stats ccache;
};

void bisect_done_release(struct bisect_done *d);

/* What the engine offers an executor. */
struct bisect_executor_host {
	void *ctx;
	/*
	 * w entered a phase: BISECT_EV_CHECKOUT, BISECT_EV_BUILD_STARTED or
	 * BISECT_EV_RUN_STARTED (becomes an event; call it from the thread
	 * that calls wait())
	 */
	void (*phase)(void *ctx, const struct bisect_work *w, enum bisect_event_type phase);
	/* keep a fact ("slurm.build.<commit>" = "<job id>") in the journal; 0 or -1 */
	int (*record)(void *ctx, const char *key, const char *value);
	/* the last value recorded under key (this process or the journal), or NULL */
	const char *(*recall)(void *ctx, const char *key);
};

struct bisect_executor {
	const char *name;
	void *ctx;
	/*
	 * Pieces of work it does at once (0 or 1: one after the other). With
	 * more than a round's probes, the engine gives the spare ones builds
	 * ahead of the next round (round.c).
	 */
	size_t slots;
	const struct bisect_executor_host *host;	/* set by the engine before submit */
	/* 0: accepted; 1: refused (nothing new may be done: replay); -1 after error() */
	int (*submit)(void *ctx, const struct bisect_work *w);
	/*
	 * Wait until some submitted work finishes (or, for RUNS, some of its
	 * runs): 0 with *out filled, or -1 after error() when nothing is in
	 * flight.
	 */
	int (*wait)(void *ctx, struct bisect_done *out);
	/*
	 * Before runs of an artifact built earlier (a resumed job): does the
	 * build tree still hold the artifact signed `signature`? 1 yes, 0 no
	 * (the engine builds again), -1 cannot tell (trusted). Synchronous;
	 * may be NULL (the runs do not use the tree).
	 */
	int (*tree_holds)(void *ctx, const char *tree, const char *signature);
	/* drop all queued work (the engine stops); may be NULL */
	void (*cancel)(void *ctx);
	void (*release)(void *ctx);
};

/*
 * The local executor: `h->checkout` (may be NULL: nothing to check out),
 * then `b->build`; runs with `r->run`, in threads when r->parallel > 1.
 * With `workers` > 1 pieces go on at once in threads (one build at a
 * time, runs beside it as the runner's VMs allow; b->build and r->run must
 * be thread-safe, as the generic, kernel and QEMU ones are). Missing ops
 * are an error when work needs them. Borrows h, b and r.
 */
void bisect_executor_local(struct bisect_executor *ex, struct bisect_history *h,
			   const struct builder_ops *b, const struct runner_ops *r,
			   size_t workers);

/* An executor that refuses all work (replay: the journal only). */
void bisect_executor_replay(struct bisect_executor *ex);

/* ------------------------------------------------------------- Slurm */

struct bisect_job;

/*
 * The Slurm executor's settings, from the job's [executor] keys
 * (job->extra "executor.<key>=<value>"; the strings are borrowed from it):
 *	kind           local | slurm (also the job key "executor", --executor)
 *	partition      sbatch --partition
 *	account        sbatch --account
 *	time-limit     sbatch --time, a duration (90s, 30m, 2h)
 *	sbatch-args    one more sbatch option per line (repeatable; "--qos=low")
 *	shared-dir     a directory every node sees: the default work directory
 *	               (work trees, artifacts, journal) is made under it
 *	poll           seconds between polls of the cluster (2)
 *	ccache-dir, ccache-remote, ccache-remote-only, icecc
 *	               the build jobs' compiler cache (src/slurm/ccache.h)
 */
struct bisect_slurm_opts {
	bool slurm;			/* the executor is Slurm */
	const char *partition, *account, *shared_dir;
	double time_limit, poll;
	struct strvec sbatch_args;
	bool have_ccache;		/* a ccache key was given */
	struct ccache_config ccache;
};

/*
 * Read and check the executor keys of a job: 0, or -1 after an error()
 * that names the key (bad input: the caller exits 2). Release with
 * bisect_slurm_opts_release().
 */
int bisect_slurm_opts_parse(const struct bisect_job *job, struct bisect_slurm_opts *o);
void bisect_slurm_opts_release(struct bisect_slurm_opts *o);

/*
 * The Slurm executor (executor_slurm.c): each build and each batch of runs
 * is one sbatch job running `<self> step --request <file>` (cli/step.c) on
 * a node, with the job written as a job file under <workdir>/slurm. b (may
 * be NULL) answers tree_holds() here. 0, or -1 after error() (the tools
 * are missing or the controller does not answer: infrastructure).
 */
int bisect_executor_slurm(struct bisect_executor *ex, const struct bisect_job *job,
			  const char *workdir, const struct builder_ops *b);

/*
 * What a Slurm job's node side reads and writes (executor_slurm_io.c):
 * the request (JSON) and the result (a struct bisect_done as JSON).
 */
struct bisect_step_request {
	enum bisect_work_kind kind;
	char commit[VCS_HEXSZ + 1];
	char *jobfile, *workdir, *tree, *result;
	char *cwd;			/* the submitter's: relative paths of the job file */
	struct build_result build;	/* RUNS: the artifact */
	int *indices;
	size_t nr;
};

int bisect_step_request_write(const char *path, const struct bisect_step_request *r);
int bisect_step_request_read(const char *path, struct bisect_step_request *r);
void bisect_step_request_release(struct bisect_step_request *r);
/* 0, or -1 after error() */
int bisect_step_result_write(const char *path, const struct bisect_done *d);
int bisect_step_result_read(const char *path, struct bisect_done *d);

#endif
