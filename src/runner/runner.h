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

#endif
