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
#include <pthread.h>
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

static void step_build(struct bisect_job *job, const struct bisect_step_request *r,
		       struct bisect_done *d)
{
	struct bisect_history h = { 0 };
	const char *compiler;

	if (bisect_history_vcs_open(job->repo, &h) < 0) {
		d->ret = -1;
		return;
	}
	if (h.checkout && h.checkout(h.ctx, r->tree, r->commit) < 0) {
		d->ret = -1;
	} else if (!job->builder || job->builder->build(job->builder->ctx, r->commit, r->tree,
							 &d->build) < 0) {
		build_result_release(&d->build);
		d->ret = -1;
	} else if (!d->build.compiler && job->builder->compiler) {
		compiler = job->builder->compiler(job->builder->ctx, r->commit);
		d->build.compiler = compiler ? xstrdup(compiler) : NULL;
	}
	bisect_history_vcs_close(&h);
}

struct run_slot {
	const struct runner_ops *ro;
	const struct bisect_step_request *r;
	size_t i;
	struct run_result *out;
};

static void *run_one(void *arg)
{
	struct run_slot *sl = arg;
	const struct runner_ops *ro = sl->ro;

	/* a runner's hard error is infrastructure trouble, never a verdict */
	if (!ro || !ro->run ||
	    ro->run(ro->ctx, &sl->r->build, sl->r->tree, sl->r->indices[sl->i], sl->out) < 0) {
		if (sl->out->verdict != RUN_INFRA) {
			sl->out->verdict = RUN_INFRA;
			free(sl->out->reason);
			sl->out->reason = xstrdup("the runner failed");
		}
	}
	return NULL;
}

/* the runs, as many at once as the runner allows (vms), as the local executor does */
static void step_runs(struct bisect_job *job, const struct bisect_step_request *r,
		      struct bisect_done *d)
{
	const struct runner_ops *ro = job->runner;
	size_t at_once = ro && ro->parallel > 1 ? (size_t)ro->parallel : 1;
	struct run_slot *sl = xcalloc(r->nr + 1, sizeof(*sl));
	pthread_t *th = xcalloc(r->nr + 1, sizeof(*th));
	bool *started = xcalloc(r->nr + 1, sizeof(*started));

	d->runs = xcalloc(r->nr + 1, sizeof(*d->runs));
	d->runs_nr = r->nr;
	for (size_t i = 0; i < r->nr; i++)
		sl[i] = (struct run_slot){ ro, r, i, &d->runs[i] };
	for (size_t first = 0; first < r->nr; first += at_once) {
		size_t end = first + at_once < r->nr ? first + at_once : r->nr;

		for (size_t i = first; i < end; i++) {
			started[i] = at_once > 1 && !pthread_create(&th[i], NULL, run_one, &sl[i]);
			if (!started[i])
				run_one(&sl[i]);
		}
		for (size_t i = first; i < end; i++)
			if (started[i])
				pthread_join(th[i], NULL);
	}
	free(sl);
	free(th);
	free(started);
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
	d.kind = r.kind;
	if (r.kind == BISECT_WORK_BUILD)
		step_build(&job, &r, &d);
	else
		step_runs(&job, &r, &d);
	ret = bisect_step_result_write(r.result, &d) < 0 ? EXIT_INFRA : 0;
out:
	bisect_done_release(&d);
	if (teardown)
		teardown(state);
	bisect_job_release(&job);
	bisect_step_request_release(&r);
	return ret;
}
