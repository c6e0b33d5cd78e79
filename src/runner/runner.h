/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runner.h - running the reproducer against a built artifact and turning
 * the output into a verdict (after syzkaller's vm/ and pkg/instance).
 *
 * A verdict keeps "the code under test did this" (OK, crashed, failed to
 * boot, failed basic testing, hung) apart from "we could not test"
 * (RUN_INFRA): an infrastructure failure is never read as good.
 */
#ifndef CULPRIT_RUNNER_H
#define CULPRIT_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include "../build/build.h"
#include "../report/report.h"
#include "../util/strvec.h"

enum run_verdict {
	RUN_OK,
	RUN_CRASHED,		/* `title` set */
	RUN_BOOT_FAILED,	/* "boot failed: <reason>" */
	RUN_TEST_FAILED,	/* "basic kernel testing failed: <reason>" */
	RUN_INFRA,		/* "infra problem: <reason>" */
	RUN_TIMED_OUT,		/* "timed out" */
};

struct run_result {
	enum run_verdict verdict;
	char *title;		/* first crash's title when RUN_CRASHED */
	struct report_list crashes; /* every crash seen in the output */
	char *reason;		/* for BOOT_FAILED / TEST_FAILED / INFRA */
	char *log_path;		/* the run's full output, under the work directory */
	double seconds;
	/* the run says the bisection must stop (--test-exit: status >= 128); reason says why */
	bool abort;
};

void run_result_release(struct run_result *r);

/* "OK", "crashed: T", "boot failed: R", "basic kernel testing failed: R",
 * "infra problem: R", "timed out" (malloced) */
char *run_verdict_describe(const struct run_result *r);

struct runner_ops {
	void *ctx;
	int parallel;		/* runs that may go on at once (>= 1) */
	/*
	 * Run the reproducer once (run number `index`, from 0) against the
	 * build. `tree` is the build tree, still at the built commit. Fills
	 * `out`. Thread-safe when parallel > 1. Returns 0, or -1 on a hard error
	 * (out is then RUN_INFRA).
	 */
	int (*run)(void *ctx, const struct build_result *build, const char *tree, int index,
		   struct run_result *out);
};

/*
 * The local runner: the job's `test` command run in the build tree, once per
 * run, with CULPRIT_RUN=<index>, CULPRIT_SIGNATURE=<artifact signature> and
 * CULPRIT_ARTIFACT_DIR=<kept artifacts> in its environment; stdout and stderr
 * are read with report_parse() and saved to
 * <workdir>/runs/run-<signature>-<index>.log (log_path).
 *
 * Verdicts: a crash report (not suppressed) -> RUN_CRASHED with its title,
 * even if the run then hung (a run that goes on after a complete report is
 * stopped: 2 s without output or 10 s after the report); else the timeout -> RUN_TIMED_OUT; else the
 * command could not start, sh answered 126/127, or it was SIGKILLed by
 * someone else (the OOM killer) -> RUN_INFRA; else RUN_OK whatever the exit
 * status (a sanitizer crash always prints a report; a nonzero status is
 * kept in `reason` as a note, e.g. "exit status 1").
 *
 * The command: `argv` when non-empty; else the user's `command` string,
 * split into words when it has no shell syntax, else run with `sh -c` (the
 * user wrote it for a shell; nothing culprit computes is pasted into it).
 *
 * Steps:
 *	struct local_runner lr = LOCAL_RUNNER_INIT;
 *	local_runner_setup(&lr, "./build/prog < repro", workdir, 60, 2);
 *	struct runner_ops ops;
 *	local_runner_ops(&lr, &ops);
 *	ops.run(ops.ctx, &build, tree, 0, &res); ... run_result_release(&res);
 *	local_runner_release(&lr);
 * Thread-safe: runs may go on in parallel (ops.parallel = `parallel`).
 */
struct local_runner {
	char *command;		/* the job's test command, or NULL */
	struct strvec argv;	/* used when non-empty */
	struct strvec env;	/* extra "NAME=value" for every run */
	char *workdir;
	double timeout;		/* seconds per run; 0: 600 */
	int parallel;
	/*
	 * The exit status is the verdict, as `git bisect run` reads it
	 * (local_runner_exit_status()): 0 RUN_OK; 125 RUN_TEST_FAILED (the
	 * commit is untestable: a skip); 1-127 RUN_CRASHED, titled
	 * LOCAL_RUNNER_EXIT_TITLE, or with `title` set only when the output
	 * also shows that crash (else RUN_OK); >= 128 or a signal: RUN_INFRA
	 * with `abort` (git bisect run stops there). 126/127 stay RUN_INFRA
	 * (sh could not run the command). The output is not stopped early.
	 */
	bool exit_status;
	char *title;
};

#define LOCAL_RUNNER_EXIT_TITLE "test failed (exit status 1-127)"
void local_runner_exit_status(struct local_runner *lr, const char *title);

#define LOCAL_RUNNER_INIT { .argv = STRVEC_INIT, .env = STRVEC_INIT, .parallel = 1 }

void local_runner_setup(struct local_runner *lr, const char *command, const char *workdir,
			double timeout, int parallel);
void local_runner_release(struct local_runner *lr);
void local_runner_ops(struct local_runner *lr, struct runner_ops *ops);
int local_run(struct local_runner *lr, const struct build_result *build, const char *tree,
	      int index, struct run_result *out);

#endif
