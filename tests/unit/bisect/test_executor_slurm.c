// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the Slurm executor's files and keys (executor_slurm_io.c):
 * the [executor] keys are checked (bad ones named, nothing accepted that
 * sbatch would read as more than asked); a request and a result written
 * by one side read back the same on the other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bisect/bisect.h"
#include "bisect/executor.h"
#include "report/report.h"
#include "util/util.h"

/* the job of the last parse(): the options borrow its strings */
static struct bisect_job job = BISECT_JOB_INIT;

/* parse a job made of `keys` ("executor.x=y" entries, NULL-ended) */
static int parse(const char *kind, const char *workdir, const char *const *keys,
		 struct bisect_slurm_opts *o)
{
	struct bisect_job blank = BISECT_JOB_INIT;

	bisect_job_release(&job);
	job = blank;
	for (size_t i = 0; keys[i]; i++)
		strvec_push(&job.extra, keys[i]);
	job.executor_kind = kind ? xstrdup(kind) : NULL;
	job.workdir = workdir ? xstrdup(workdir) : NULL;
	return bisect_slurm_opts_parse(&job, o);
}

static void test_keys(void **state)
{
	struct bisect_slurm_opts o;
	const char *good[] = { "executor.partition=batch", "executor.account=kernel-ci",
			       "executor.time-limit=30m", "executor.sbatch-args=--qos=low",
			       "executor.sbatch-args=--mem=4G", "executor.shared-dir=/tmp",
			       "executor.poll=0.5", NULL };
	const char *bad[][3] = {
		{ "executor.partition=a b", NULL },
		{ "executor.partition=x;rm", NULL },
		{ "executor.time-limit=soon", NULL },
		{ "executor.sbatch-args=qos", NULL },
		{ "executor.sbatch-args=--wrap=true", NULL },
		{ "executor.sbatch-args=-o/tmp/x", NULL },
		{ "executor.sbatch-args=--output=/tmp/x", NULL },
		{ "executor.shared-dir=relative", NULL },
		{ "executor.shared-dir=/nonexistent/dir", NULL },
		{ "executor.colour=blue", NULL },
		{ "executor.ccache-remote=https://x", NULL },
		{ "executor.icecc=maybe", NULL },
	};

	(void)state;
	assert_int_equal(parse("slurm", NULL, good, &o), 0);
	assert_true(o.slurm);
	assert_string_equal(o.partition, "batch");
	assert_string_equal(o.account, "kernel-ci");
	assert_true(o.time_limit == 1800);
	assert_true(o.poll == 0.5);
	assert_int_equal(o.sbatch_args.nr, 2);
	assert_string_equal(o.sbatch_args.v[1], "--mem=4G");
	assert_string_equal(o.shared_dir, "/tmp");
	bisect_slurm_opts_release(&o);
	/* "-p" is culprit's, "--priority" is not; "--mem" is not "-m..." */
	{
		const char *k[] = { "executor.sbatch-args=--priority=5", "executor.sbatch-args=-N1",
				    "executor.shared-dir=/tmp", NULL };

		assert_int_equal(parse("slurm", NULL, k, &o), 0);
		bisect_slurm_opts_release(&o);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *k[] = { bad[i][0], "executor.shared-dir=/tmp", NULL };

		assert_int_equal(parse("slurm", NULL, k, &o), -1);
	}
	/* executor keys of a local job, and a Slurm job nothing shared */
	assert_int_equal(parse(NULL, NULL, good, &o), -1);
	{
		const char *none[] = { NULL }, *kind[] = { "executor.kind=slurm", NULL };

		assert_int_equal(parse("slurm", NULL, none, &o), -1);
		assert_int_equal(parse("slurm", "/tmp/w", none, &o), 0);
		bisect_slurm_opts_release(&o);
		assert_int_equal(parse(NULL, "/tmp/w", kind, &o), 0);
		assert_true(o.slurm);
		bisect_slurm_opts_release(&o);
		assert_int_equal(parse(NULL, NULL, none, &o), 0);
		assert_false(o.slurm);
		bisect_slurm_opts_release(&o);
	}
	bisect_job_release(&job);
}

static void test_files(void **state)
{
	char dir[] = "/tmp/culprit-sx-XXXXXX", *req, *res;
	int idx[] = { 4, 5, 6 };
	struct bisect_step_request r = { .kind = BISECT_WORK_RUNS, .indices = idx, .nr = 3 }, back;
	struct bisect_done d = { .kind = BISECT_WORK_RUNS }, got = { .kind = BISECT_WORK_RUNS };
	struct crash_report *c;

	(void)state;
	assert_non_null(mkdtemp(dir));
	req = xstrfmt("%s/a.req", dir);
	res = xstrfmt("%s/a.res", dir);
	memset(r.commit, 'a', VCS_HEXSZ);
	r.jobfile = "/w/slurm/job.conf";
	r.workdir = "/w";
	r.tree = "/w/tree-1";
	r.result = res;
	r.build.status = BUILD_OK;
	memset(r.build.signature, 'b', SIGNATURE_HEXSZ);
	r.build.artifact_dir = "/w/artifacts/bb";
	assert_int_equal(bisect_step_request_write(req, &r), 0);
	assert_int_equal(bisect_step_request_read(req, &back), 0);
	assert_int_equal(back.kind, BISECT_WORK_RUNS);
	assert_string_equal(back.commit, r.commit);
	assert_string_equal(back.tree, "/w/tree-1");
	assert_string_equal(back.result, res);
	assert_string_equal(back.build.signature, r.build.signature);
	assert_string_equal(back.build.artifact_dir, "/w/artifacts/bb");
	assert_int_equal(back.nr, 3);
	assert_int_equal(back.indices[2], 6);
	bisect_step_request_release(&back);

	d.runs = xcalloc(2, sizeof(*d.runs));
	d.runs_nr = 2;
	d.runs[0].verdict = RUN_OK;
	d.runs[1].verdict = RUN_CRASHED;
	d.runs[1].title = xstrdup("KASAN: use-after-free in f");
	d.runs[1].log_path = xstrdup("/w/runs/1.log");
	d.runs[1].seconds = 1.5;
	d.runs[1].crashes.items = c = xcalloc(1, sizeof(*c));
	d.runs[1].crashes.nr = d.runs[1].crashes.alloc = 1;
	c->title = xstrdup("KASAN: use-after-free in f");
	c->type = xstrdup("KASAN");
	c->alt_titles = xcalloc(1, sizeof(char *));
	c->alt_titles[0] = xstrdup("KASAN: use-after-free Read in f");
	c->alt_nr = 1;
	c->report = xstrdup("BUG: KASAN ...\n");
	assert_int_equal(bisect_step_result_write(res, &d), 0);
	assert_int_equal(bisect_step_result_read(res, &got), 0);
	assert_int_equal(got.runs_nr, 2);
	assert_int_equal(got.runs[1].verdict, RUN_CRASHED);
	assert_string_equal(got.runs[1].title, "KASAN: use-after-free in f");
	assert_string_equal(got.runs[1].log_path, "/w/runs/1.log");
	assert_int_equal(got.runs[1].crashes.nr, 1);
	assert_string_equal(got.runs[1].crashes.items[0].alt_titles[0],
			    "KASAN: use-after-free Read in f");
	assert_string_equal(got.runs[1].crashes.items[0].report, "BUG: KASAN ...\n");
	bisect_done_release(&got);
	bisect_done_release(&d);

	/* a build result; a file that is not one */
	d.kind = got.kind = BISECT_WORK_BUILD;
	d.build.status = BUILD_FAILED;
	d.build.reason = xstrdup("prog.c: error: x");
	assert_int_equal(bisect_step_result_write(res, &d), 0);
	assert_int_equal(bisect_step_result_read(res, &got), 0);
	assert_int_equal(got.build.status, BUILD_FAILED);
	assert_string_equal(got.build.reason, "prog.c: error: x");
	bisect_done_release(&got);
	bisect_done_release(&d);
	assert_int_equal(write_file_atomic(res, "[1]", 3), 0);
	got.kind = BISECT_WORK_BUILD;
	assert_int_equal(bisect_step_result_read(res, &got), -1);
	bisect_done_release(&got);
	unlink(req);
	unlink(res);
	rmdir(dir);
	free(req);
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
