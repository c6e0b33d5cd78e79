// SPDX-License-Identifier: Apache-2.0
/*
 * culprit step --request FILE - the node side of a Slurm job (internal:
 * src/bisect/executor_slurm.c submits it, nobody types it).
 *
 * Reads the request (a JSON file in the work directory's slurm/: the job
 * file, the build tree, the commit, the runs), sets up the job's backend
 * as `culprit bisect` does, and does what the local executor would: check
 * out the build tree and build, or run the reproducer for each run number.
 * The result goes to the request's result file (written atomically), and
 * nowhere else: the journal belongs to the culprit that submitted the job.
 *
 * Exit status: 0 when the result file was written (whatever the build or
 * the runs gave), 2 for a bad request, 4 when no result could be written.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "backend.h"
#include "../bisect/bisect.h"
#include "../bisect/executor.h"
#include "../util/util.h"

/*
 * The piece of work, done by the local executor (one worker: the whole
 * build, or every run of the batch, as many at once as the runner allows)
 * exactly as `culprit bisect` does it without Slurm. The repository is
 * opened for a build only (the runs use the artifact, not the tree's
 * history). d->ret = -1 when it could not be done at all.
 */
static void step_work(struct bisect_job *job, const struct bisect_step_request *r,
		      struct bisect_done *d)
{
	struct bisect_history h = { 0 };
	bool build = r->kind == BISECT_WORK_BUILD;
	struct bisect_executor ex;
	struct bisect_work w = { .id = 1, .kind = r->kind, .tree = r->tree, .build = &r->build,
				 .indices = r->indices, .nr = r->nr };

	d->kind = r->kind;
	if (build && bisect_history_vcs_open(job->repo, &h) < 0) {
		d->ret = -1;
		return;
	}
	strcpy(w.commit, r->commit);
	bisect_executor_local(&ex, build ? &h : NULL, job->builder, job->runner, 1);
	if (ex.submit(ex.ctx, &w) < 0 || ex.wait(ex.ctx, d) < 0) {
		bisect_done_release(d);
		d->kind = r->kind;
		d->ret = -1;
	}
	ex.release(ex.ctx);
	if (build)
		bisect_history_vcs_close(&h);
}

int cmd_step(int argc, const char **argv)
{
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_step_request r;
	struct bisect_done d = { 0 };
	void (*teardown)(void *) = NULL;
	void *state = NULL;
	int ret = EXIT_USAGE, s;

	if (argc != 3 || strcmp(argv[1], "--request")) {
		fputs("usage: culprit step --request <file>\n"
		      "(internal: the node side of a Slurm job of culprit bisect --executor slurm)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (bisect_step_request_read(argv[2], &r) < 0)
		return EXIT_USAGE;
	/* the job file's relative paths (a kernel config, a reproducer) are the submitter's */
	if (r.cwd && chdir(r.cwd) < 0)
		warning("cannot enter %s (relative paths of the job will not be found): %s", r.cwd,
			strerror(errno));
	if (bisect_job_read_file(&job, r.jobfile) < 0)
		goto out;
	s = cli_backend_setup(&job, r.workdir, &teardown, &state);
	if (s < 0) {
		ret = s == KERNEL_SETUP_BAD_INPUT ? EXIT_USAGE : EXIT_INFRA;
		goto out;
	}
	step_work(&job, &r, &d);
	ret = bisect_step_result_write(r.result, &d) < 0 ? EXIT_INFRA : 0;
out:
	bisect_done_release(&d);
	if (teardown)
		teardown(state);
	bisect_job_release(&job);
	bisect_step_request_release(&r);
	return ret;
}
