// SPDX-License-Identifier: Apache-2.0
/*
 * culprit bisect - find the commit that introduced (or fixed) a crash.
 *
 * Flags and job files (-f job.conf, git-config syntax) set the same keys
 * through bisect_job_set() (bisect_args.c: the command line).
 * A backend (a row of backends[]) turns the job into a builder and a
 * runner: "generic" runs the job's build and test commands; "kernel" is
 * the kernel builder + QEMU runner. Who hears the bisection: the log, the
 * JSON result, the git bisect log, the progress line (observers).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "backend.h"
#include "bisect_args.h"
#include "../bisect/bisect.h"
#include "../bisect/executor.h"
#include "../bisect/show.h"
#include "../build/build.h"
#include "../maintainers/maintainers.h"
#include "../runner/runner.h"
#include "../util/run.h"
#include "../util/util.h"

/* ----------------------------------------------------------- backends */

struct backend_state {
	struct generic_builder gb;
	struct local_runner lr;
	struct builder_ops bops;
	struct runner_ops rops;
};

static int generic_setup(struct bisect_job *job, const char *workdir, void **state)
{
	struct backend_state *st = xcalloc(1, sizeof(*st));
	struct generic_builder gb = GENERIC_BUILDER_INIT;
	struct local_runner lr = LOCAL_RUNNER_INIT;

	st->gb = gb;
	st->lr = lr;
	generic_builder_setup(&st->gb, job->build, job->artifact ? job->artifact : ".",
			      workdir, job->build_timeout);
	local_runner_setup(&st->lr, job->test, workdir, job->timeout,
			   job->jobs > 0 ? job->jobs : 1);
	if (job->test_exit)
		local_runner_exit_status(&st->lr, job->title);
	if (job->make_jobs > 0)	/* make -j for a make in the build command */
		strvec_pushf(&st->gb.env, "MAKEFLAGS=-j%d", job->make_jobs);
	generic_builder_ops(&st->gb, &st->bops);
	local_runner_ops(&st->lr, &st->rops);
	job->builder = &st->bops;
	job->runner = &st->rops;
	*state = st;
	return 0;
}

static void generic_teardown(void *state)
{
	struct backend_state *st = state;

	if (!st)
		return;
	generic_builder_release(&st->gb);
	local_runner_release(&st->lr);
	free(st);
}

/*
 * The backends. The kernel backend (kernel builder + QEMU runner) plugs in
 * here: a setup that fills job->builder / job->runner from the job (its
 * [kernel] keys are in job->extra as "kernel.<key>=<value>") and a
 * teardown. setup returns 0, -1 (infrastructure: exit 4) or
 * KERNEL_SETUP_BAD_INPUT (the job is wrong and nothing was made: exit 2).
 */
static const struct backend {
	const char *name;
	int (*setup)(struct bisect_job *job, const char *workdir, void **state);
	void (*teardown)(void *state);
} backends[] = {
	{ "generic", generic_setup, generic_teardown },
	{ "kernel", kernel_setup, kernel_teardown },
};

static const struct backend *backend_get(const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(backends); k++)
		if (!strcmp(backends[k].name, name ? name : "generic"))
			return &backends[k];
	return NULL;
}

int cli_backend_setup(struct bisect_job *job, const char *workdir, void (**teardown)(void *),
		      void **state)
{
	const struct backend *be = backend_get(job->backend);

	*teardown = NULL;
	*state = NULL;
	if (!be || !be->setup) {
		error("the %s backend is not available in this build", job->backend);
		return KERNEL_SETUP_BAD_INPUT;
	}
	*teardown = be->teardown;
	return be->setup(job, workdir, state);
}

/* ----------------------------------------------------------------- main */

/*
 * --json and --log are checked before anything is built: a path that
 * cannot be written is bad input (exit 2), found now, not after hours.
 * The JSON file is made at the end, the log once the work directory is
 * locked; a file made here to try goes again.
 */
static int check_writable(const char *path, const char *flag)
{
	struct stat st;
	bool existed = !stat(path, &st);
	FILE *f;

	/* a FIFO's reader would see our open and close as the whole log */
	if (existed && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		if (access(path, W_OK))
			return error("cannot write %s %s: %s", flag, path, strerror(errno));
		return 0;
	}
	f = fopen(path, "a");
	if (!f)
		return error("cannot write %s %s: %s", flag, path, strerror(errno));
	fclose(f);
	if (!existed)
		unlink(path);
	return 0;
}

static bool is_slurm(const struct bisect_job *job)
{
	struct bisect_slurm_opts so;
	bool slurm;

	if (bisect_slurm_opts_parse(job, &so) < 0)
		return false;	/* bisect_job_check() said why */
	slurm = so.slurm;
	bisect_slurm_opts_release(&so);
	return slurm;
}

/*
 * The backend's setup, then the Slurm executor when the job asks for it
 * (each build and batch of runs one Slurm job): 0, or the exit code.
 */
static int start_backend(const struct backend *be, struct bisect_job *job, const char *workdir,
			 void **state, struct bisect_executor *slurm_ex)
{
	int r = be->setup(job, workdir, state);

	/* KERNEL_SETUP_BAD_INPUT: the job is wrong, nothing was made */
	if (r < 0)
		return r == KERNEL_SETUP_BAD_INPUT ? EXIT_USAGE : EXIT_INFRA;
	if (is_slurm(job)) {
		if (bisect_executor_slurm(slurm_ex, job, workdir, job->builder) < 0)
			return EXIT_INFRA;
		job->executor = slurm_ex;
	}
	return 0;
}

int cmd_bisect(int argc, const char **argv)
{
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct bisect_opts o = { 0 };
	struct bisect_log logw;
	struct bisect_json_writer jsonw = { 0 };
	struct cli_git_log gitlog = { 0 };
	struct bisect_jobfile jobfile = { 0 };
	struct bisect_show show = { 0 };
	struct bisect_show_opts so = { 0 };
	struct cli_progress prog;
	const struct backend *be = NULL;
	struct bisect_executor slurm_ex = { 0 };
	void *state = NULL;
	char *workdir = NULL;
	FILE *log = stdout;
	int ret = EXIT_USAGE, r = bisect_parse_args(argc, argv, &job, &o);

	if (r) {
		ret = r > 0 ? EXIT_FOUND : EXIT_USAGE;
		goto out;
	}
	be = backend_get(job.backend);
	if (!be || (!be->setup && !o.replay)) {
		error("the %s backend is not available in this build", job.backend);
		goto out;
	}
	children_set_interrupt_message("culprit bisect: interrupted; run the same command to resume\n");
	if (o.out[BISECT_OUT_JSON] && check_writable(o.out[BISECT_OUT_JSON], "--json") < 0)
		goto out;
	if (o.out[BISECT_OUT_LOG] && check_writable(o.out[BISECT_OUT_LOG], "--log") < 0)
		goto out;
	workdir = bisect_job_workdir(&job);
	if (!workdir)
		goto out;
	/* a kernel work directory that make would expand: refused before the lock creates it */
	if (!o.replay && !strcmp(be->name, "kernel") &&
	    kernel_make_value_check("the kernel work directory", workdir, KERNEL_MAKE_PATH) < 0)
		goto out;
	/* the work directory is this process's before the backend writes there */
	if (!o.replay && (r = bisect_job_lock(&job, workdir)) < 0) {
		ret = r == BISECT_ERR_INFRA ? EXIT_INFRA : EXIT_USAGE;
		goto out;
	}
	/* truncated only once the lock is ours: a loser leaves the holder's log alone */
	if (o.out[BISECT_OUT_LOG]) {
		log = fopen(o.out[BISECT_OUT_LOG], "w");
		if (!log) {
			error("cannot write --log %s: %s", o.out[BISECT_OUT_LOG], strerror(errno));
			log = stdout;
			bisect_job_discard(&job);
			goto out;
		}
	}
	if (!o.replay && (ret = start_backend(be, &job, workdir, &state, &slurm_ex)) != 0) {
		bisect_job_discard(&job);
		goto out;
	}
	/* who hears the bisection: the log, the JSON result, the git bisect log */
	bisect_log_init(&logw, log);
	if (!o.quiet || log != stdout)	/* -q: no log on stdout */
		bisect_job_add_observer(&job, &bisect_log_ops, &logw);
	jsonw.path = o.out[BISECT_OUT_JSON];
	bisect_job_add_observer(&job, &bisect_json_ops, &jsonw);
	gitlog.path = o.out[BISECT_OUT_GITLOG];
	gitlog.term_old = o.term_old;
	gitlog.term_new = o.term_new;
	bisect_job_add_observer(&job, &cli_git_log_ops, &gitlog);
	/* the page and the mail; the job file that lets `culprit show` replay later */
	so.html_path = o.out[BISECT_OUT_HTML];
	so.mbox_path = o.out[BISECT_OUT_MBOX];
	bisect_show_init(&show, &so);
	if (so.html_path || so.mbox_path)
		bisect_job_add_observer(&job, &bisect_show_ops, &show);
	bisect_job_add_observer(&job, &bisect_jobfile_ops, &jobfile);
	/* the status line (a terminal only) and, with --log, the summary on stderr */
	cli_progress_init(&prog);
	prog.on &= o.progress;
	prog.log_path = o.quiet ? NULL : o.out[BISECT_OUT_LOG];
	cli_progress_attach(&prog, &job);
	job.replay = o.replay;
	job.recipients = maintainers_bisect_recipients;
	r = bisect_run(&job, &res);
	cli_progress_release(&prog);
	if (r < 0) {
		ret = r == BISECT_ERR_INFRA ? EXIT_INFRA : EXIT_USAGE;
		goto out;
	}
	ret = cli_exit_code(&res);
	if (res.error && res.outcome != BISECT_FOUND)
		fprintf(stderr, "culprit bisect: %s\n", res.error);
	if (jsonw.failed || gitlog.failed || show.failed)
		ret = ret ? ret : EXIT_INFRA;
	/* a log that could not be written (stdout >/dev/full) is not a success */
	if (fflush(log) || ferror(log)) {
		error("cannot write the log%s%s: %s", o.out[BISECT_OUT_LOG] ? " " : "",
		      o.out[BISECT_OUT_LOG] ? o.out[BISECT_OUT_LOG] : " to stdout", strerror(errno));
		ret = ret ? ret : EXIT_INFRA;
	}
out:
	if (slurm_ex.release)
		slurm_ex.release(slurm_ex.ctx);
	if (log != stdout)
		fclose(log);
	if (be && be->teardown)
		be->teardown(state);
	free(workdir);
	bisect_show_release(&show);
	bisect_result_release(&res);
	bisect_job_release(&job);
	return ret;
}
