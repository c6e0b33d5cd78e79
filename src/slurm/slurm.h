/* SPDX-License-Identifier: Apache-2.0 */
/*
 * slurm.h - a small client of Slurm's command-line tools (sbatch, squeue,
 * sacct, scancel, scontrol), for the Slurm executor.
 *
 * Every call runs the tools through util/run.h: an argv (never a shell
 * string built from data) and a timeout (struct slurm's `timeout`). The
 * cluster is the one SLURM_CONF names (s->conf, else the inherited
 * environment, else the system's /etc/slurm/slurm.conf).
 *
 * A job is a batch script written to <script_dir>/<name>.sbatch and
 * submitted with `sbatch --parsable`; its arguments go on sbatch's command
 * line after the script, its environment is sbatch's own (exported, as
 * Slurm does by default). Its id is what the caller records in its journal.
 *
 * Reading a job's end: squeue knows a job while it runs and for MinJobAge
 * seconds after (300 by default); after that only the job history knows it:
 * `sacct` with accounting (slurmdbd), else `sacct --completion` with a job
 * completion log (JobCompType=jobcomp/filetxt, as scripts/slurm-local.sh
 * configures). slurm_query() asks squeue first, the history for the rest.
 * `sbatch --wait` is never used: its exit status is 1 for a cancelled, a
 * killed and a failed job alike, and it ties a process to each job.
 *
 * Classification (enum slurm_outcome): a job that ran its script to the end
 * (COMPLETED, FAILED) is SLURM_DONE with the script's exit status; a job the
 * cluster ended (TIMEOUT, PREEMPTED, NODE_FAIL, BOOT_FAIL, CANCELLED,
 * OUT_OF_MEMORY, DEADLINE, ...) or that Slurm no longer knows is SLURM_INFRA:
 * infrastructure trouble, never a verdict on what the script tested.
 *
 * Steps:
 *	struct slurm s = SLURM_INIT;
 *	s.conf = getenv("SLURM_CONF");         // optional
 *	if (slurm_check(&s) < 0) ...;          // tools missing, controller down
 *	struct slurm_job_spec j = SLURM_JOB_SPEC_INIT;
 *	j.name = "culprit-3f2a-build"; j.script_dir = dir; j.argv = argv;
 *	if (slurm_submit(&s, &j, &id) < 0) ...;   // record id in the journal
 *	slurm_wait(&s, &id, 1, SLURM_WAIT_ALL, 3600, &st);
 *	if (st.outcome == SLURM_DONE) ... st.exit_code ...; else infra (st.state)
 * After a restart: slurm_attach(&s, id, name, &st), then slurm_wait() again
 * while st.outcome == SLURM_ACTIVE; SLURM_INFRA with SLURM_UNKNOWN means
 * Slurm forgot the job (or the id now names someone else's): resubmit.
 *
 * A struct slurm is used by one thread at a time (slurm_wait() sets its
 * `quiet`, the first history lookup its `history`); calls on different
 * structs may run in parallel.
 */
#ifndef CULPRIT_SLURM_H
#define CULPRIT_SLURM_H

#include <stdbool.h>
#include <stddef.h>

/* How finished jobs are found once squeue has forgotten them. */
enum slurm_history {
	SLURM_HISTORY_UNPROBED = 0,
	SLURM_HISTORY_SACCT,		/* accounting (slurmdbd): sacct */
	SLURM_HISTORY_JOBCOMP,		/* job completion log: sacct --completion */
	SLURM_HISTORY_NONE,		/* neither: only squeue, for MinJobAge */
};

struct slurm {
	const char *conf;	/* SLURM_CONF for every tool; NULL: inherited */
	double timeout;		/* seconds per tool call; 0: 30 */
	double poll;		/* seconds between polls of slurm_wait(); 0: 2 */
	double grace;		/* seconds slurm_wait() bears an unreachable controller; 0: 120 */
	/* slurm_wait() returns early (1) when this says so (e.g. SIGINT seen) */
	bool (*interrupted)(void *data);
	void *data;
	/* learned by the first history lookup */
	enum slurm_history history;
	/* set by slurm_wait() while it bears an unreachable controller: no error() */
	bool quiet;
};
#define SLURM_INIT { .conf = NULL }

/*
 * The tools are installed and the controller answers (`scontrol ping`).
 * Returns 0, or -1 with an error() that says which.
 */
int slurm_check(struct slurm *s);

struct slurm_job_spec {
	const char *name;	/* job name, also the script's file name: [A-Za-z0-9._-], at most 100 */
	const char *script_dir;	/* <script_dir>/<name>.sbatch is written (must exist) */
	const char *script;	/* the batch script; NULL: "#!/bin/sh\nexec \"$@\"\n" */
	const char *const *argv;	/* the script's arguments, NULL-terminated; NULL: none */
	const char *workdir;	/* --chdir; NULL: script_dir */
	const char *output;	/* --output; NULL: <script_dir>/<name>.out */
	const char *error;	/* --error; NULL: into output */
	const char *partition;	/* --partition; NULL: the cluster's default */
	const char *account;	/* --account; NULL: the user's default */
	double time_limit;	/* seconds (Slurm rounds up to minutes); 0: partition's */
	const char *const *extra_args;	/* more sbatch options, NULL-terminated ("--qos=x") */
	const char *const *env;	/* "NAME=value" added to the job's environment */
	bool requeue;		/* let Slurm requeue after a node failure (default: --no-requeue,
				 * so a lost node reaches the caller as NODE_FAIL) */
};
#define SLURM_JOB_SPEC_INIT { .name = NULL }

/*
 * Write the script and submit it. On success *id is the job id and 0 is
 * returned; -1 with an error() carrying sbatch's message otherwise (no job
 * was queued, or, after a timeout of sbatch itself, perhaps one was:
 * slurm_find() by name tells).
 */
int slurm_submit(struct slurm *s, const struct slurm_job_spec *spec, unsigned long *id);

enum slurm_state {
	SLURM_UNKNOWN = 0,	/* Slurm does not know the job (anymore) */
	/* active */
	SLURM_PENDING,
	SLURM_RUNNING,
	SLURM_SUSPENDED,
	SLURM_COMPLETING,
	SLURM_REQUEUED,		/* REQUEUED, REQUEUE_HOLD, REQUEUE_FED, RESV_DEL_HOLD */
	/* ended by its script */
	SLURM_COMPLETED,
	SLURM_FAILED,
	/* ended by the cluster */
	SLURM_CANCELLED,
	SLURM_TIMEOUT,
	SLURM_PREEMPTED,
	SLURM_NODE_FAIL,
	SLURM_BOOT_FAIL,
	SLURM_OUT_OF_MEMORY,
	SLURM_DEADLINE,
	SLURM_OTHER_END,	/* REVOKED, SPECIAL_EXIT, anything newer */
};

enum slurm_outcome {
	SLURM_ACTIVE,		/* not finished yet */
	SLURM_DONE,		/* the script ran to its end: exit_code/signo say how */
	SLURM_INFRA,		/* the cluster ended it, or lost it: neither good nor bad */
};

struct slurm_status {
	unsigned long id;
	enum slurm_state state;
	enum slurm_outcome outcome;
	int exit_code;		/* SLURM_DONE: the script's exit status; -1 if killed by a signal */
	int signo;		/* the signal that ended the script, else 0 */
	char state_name[32];	/* Slurm's word ("NODE_FAIL"), "UNKNOWN" */
	char reason[64];	/* squeue's reason ("TimeLimit"), "" when none */
	char name[128];		/* the job's name as Slurm knows it, "" when unknown */
	const char *source;	/* "squeue", "sacct", "jobcomp" (sacct --completion), "none" */
};

/*
 * Slurm's state word as squeue and sacct print it ("TIMEOUT", "CANCELLED by
 * 0", "CANCELLED+") to a state; a word it does not know gives
 * SLURM_OTHER_END (an end, so infrastructure), "" gives SLURM_UNKNOWN.
 */
enum slurm_state slurm_state_parse(const char *word);
enum slurm_outcome slurm_state_outcome(enum slurm_state state);
const char *slurm_state_name(enum slurm_state state);
const char *slurm_outcome_name(enum slurm_outcome outcome);

/*
 * Current status of n jobs into st[0..n-1]: squeue for the jobs it knows,
 * the job history for the others, SLURM_UNKNOWN for the rest. Returns 0, or
 * -1 with an error() when the controller cannot be asked.
 */
int slurm_query(struct slurm *s, const unsigned long *ids, size_t n, struct slurm_status *st);

enum slurm_wait_mode { SLURM_WAIT_ALL, SLURM_WAIT_ANY };

/*
 * Poll (every s->poll seconds) until all (or any) of the jobs have ended,
 * at most `timeout` seconds (0: no limit). st[] holds the last status of
 * each. Returns 0 when the condition was met, 1 at the timeout or when
 * s->interrupted() said so, -1 with an error() when the controller stayed
 * unreachable for s->grace seconds.
 */
int slurm_wait(struct slurm *s, const unsigned long *ids, size_t n,
	       enum slurm_wait_mode mode, double timeout, struct slurm_status *st);

/*
 * Re-attach to a job recorded before a restart: its status, with a check
 * that the id still names the job called `name` (ids restart from 1 when a
 * cluster loses its state). A job that is not, or no longer, that job is
 * SLURM_UNKNOWN (SLURM_INFRA): resubmit it. Returns 0 or -1 as slurm_query().
 */
int slurm_attach(struct slurm *s, unsigned long id, const char *name, struct slurm_status *st);

/*
 * Ids of this user's active jobs called `name` (a submission whose sbatch
 * was killed before the id was recorded). Returns how many were found (at
 * most max), or -1 with an error().
 */
int slurm_find(struct slurm *s, const char *name, unsigned long *ids, size_t max);

/*
 * Cancel jobs (scancel; a job already ended is not an error). Returns 0, or
 * -1 with an error() when scancel could not be run or refused.
 */
int slurm_cancel(struct slurm *s, const unsigned long *ids, size_t n);

#endif
