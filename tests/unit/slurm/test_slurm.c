// SPDX-License-Identifier: Apache-2.0
/*
 * src/slurm/ without a cluster: the parsers of squeue's and sacct's output,
 * the classification of end states, the argv and environment sbatch gets
 * (through fake Slurm tools in PATH that record what they were given), the
 * history fallbacks, the errors of an unreachable controller, and the
 * ccache environment and statistics. tests/e2e/t070*-slurm-*.sh run the
 * same code against a real cluster.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slurm/ccache.h"
#include "slurm/internal.h"
#include "slurm/slurm.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

static char *tmpdir;
static char *old_path;

static void write_tool(const char *name, const char *body)
{
	char *path = xstrfmt("%s/bin/%s", tmpdir, name);
	char *text = xstrfmt("#!/bin/sh\nT='%s'\n%s", tmpdir, body);

	assert_int_equal(write_file_atomic(path, text, strlen(text)), 0);
	assert_int_equal(chmod(path, 0755), 0);
	free(path);
	free(text);
}

static char *read_text(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = xstrfmt("%s/%s", tmpdir, name);

	if (strbuf_read_file(&sb, path) < 0)
		strbuf_addstr(&sb, "<missing>");
	free(path);
	return strbuf_detach(&sb, NULL);
}

/* PATH = dir:/usr/bin:/bin */
static void set_path(const char *dir)
{
	char *p = xstrfmt("%s:/usr/bin:/bin", dir);

	setenv("PATH", p, 1);
	free(p);
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/culprit-test-slurm.XXXXXX";
	char *bin;

	(void)state;
	tmpdir = xstrdup(mkdtemp(tmpl));
	bin = xstrfmt("%s/bin", tmpdir);
	assert_int_equal(mkdir_p(bin, 0755), 0);
	old_path = xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	/* the fakes first; sh, cat, printf from the system */
	set_path(bin);
	free(bin);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	setenv("PATH", old_path, 1);
	remove_tree(tmpdir);
	free(tmpdir);
	free(old_path);
	return 0;
}

static void test_states(void **state)
{
	(void)state;
	assert_int_equal(slurm_state_parse("COMPLETED"), SLURM_COMPLETED);
	assert_int_equal(slurm_state_parse("CANCELLED by 0"), SLURM_CANCELLED);
	assert_int_equal(slurm_state_parse("CANCELLED+"), SLURM_CANCELLED);
	assert_int_equal(slurm_state_parse("NODE_FAIL"), SLURM_NODE_FAIL);
	assert_int_equal(slurm_state_parse("REQUEUE_HOLD"), SLURM_REQUEUED);
	assert_int_equal(slurm_state_parse("CONFIGURING"), SLURM_PENDING);
	assert_int_equal(slurm_state_parse("SOMETHING_NEW"), SLURM_OTHER_END);
	assert_int_equal(slurm_state_parse(""), SLURM_UNKNOWN);
	/* the script ran to its end: a verdict may be read from it */
	assert_int_equal(slurm_state_outcome(SLURM_COMPLETED), SLURM_DONE);
	assert_int_equal(slurm_state_outcome(SLURM_FAILED), SLURM_DONE);
	/* the cluster ended or lost it: never good or bad */
	for (enum slurm_state s = SLURM_CANCELLED; s <= SLURM_OTHER_END; s++)
		assert_int_equal(slurm_state_outcome(s), SLURM_INFRA);
	assert_int_equal(slurm_state_outcome(SLURM_UNKNOWN), SLURM_INFRA);
	for (enum slurm_state s = SLURM_PENDING; s <= SLURM_REQUEUED; s++)
		assert_int_equal(slurm_state_outcome(s), SLURM_ACTIVE);
	assert_string_equal(slurm_state_name(SLURM_TIMEOUT), "TIMEOUT");
	assert_string_equal(slurm_outcome_name(SLURM_INFRA), "infra");
}

static void test_parse_squeue(void **state)
{
	struct slurm_status st;

	(void)state;
	assert_int_equal(slurm_parse_squeue_line("8|FAILED|768|NonZeroExitCode|exit3|\n", &st), 0);
	assert_int_equal(st.id, 8);
	assert_int_equal(st.state, SLURM_FAILED);
	assert_int_equal(st.outcome, SLURM_DONE);
	assert_int_equal(st.exit_code, 3);
	assert_int_equal(st.signo, 0);
	assert_string_equal(st.reason, "NonZeroExitCode");
	assert_string_equal(st.name, "exit3");
	assert_int_equal(slurm_parse_squeue_line("3|CANCELLED|15|None|a|b|", &st), 0);
	assert_int_equal(st.outcome, SLURM_INFRA);
	assert_int_equal(st.signo, 15);
	assert_int_equal(st.exit_code, -1);
	assert_string_equal(st.reason, "");
	assert_string_equal(st.name, "a|b");
	assert_int_equal(slurm_parse_squeue_line("5|RUNNING|0|None|x|", &st), 0);
	assert_int_equal(st.outcome, SLURM_ACTIVE);
	assert_int_equal(slurm_parse_squeue_line("5_1|RUNNING|0|None|x|", &st), -1);
	assert_int_equal(slurm_parse_squeue_line("5|RUNNING|zero|None|x|", &st), -1);
	assert_int_equal(slurm_parse_squeue_line("5|RUNNING|0|None|x", &st), -1);
	assert_int_equal(slurm_parse_squeue_line("JOBID|STATE", &st), -1);
	assert_int_equal(slurm_parse_squeue_line("", &st), -1);
}

static void test_parse_sacct(void **state)
{
	struct slurm_status st;

	(void)state;
	assert_int_equal(slurm_parse_sacct_line("1|j.sh|FAILED|3:0\n", &st), 0);
	assert_int_equal(st.id, 1);
	assert_int_equal(st.exit_code, 3);
	assert_string_equal(st.name, "j.sh");
	assert_string_equal(st.source, "sacct");
	assert_int_equal(slurm_parse_sacct_line("3|s|CANCELLED by 0|0:15", &st), 0);
	assert_int_equal(st.state, SLURM_CANCELLED);
	assert_int_equal(st.signo, 15);
	assert_string_equal(st.state_name, "CANCELLED by 0");
	assert_int_equal(slurm_parse_sacct_line("2|na|me|TIMEOUT|0:0", &st), 0);
	assert_string_equal(st.name, "na|me");
	assert_int_equal(st.state, SLURM_TIMEOUT);
	assert_int_equal(slurm_parse_sacct_line("2||COMPLETED|0:0", &st), 0);
	assert_string_equal(st.name, "");
	assert_int_equal(slurm_parse_sacct_line("8.batch|batch|COMPLETED|0:0", &st), -1);
	assert_int_equal(slurm_parse_sacct_line("8|x|COMPLETED|0", &st), -1);
	assert_int_equal(slurm_parse_sacct_line("8|x|COMPLETED|0:0:1", &st), -1);
	assert_int_equal(slurm_parse_sacct_line("8|COMPLETED", &st), -1);
}

/* a fake sbatch records its arguments and environment, and answers an id */
static void test_submit_argv(void **state)
{
	struct slurm s = SLURM_INIT;
	struct slurm_job_spec j = SLURM_JOB_SPEC_INIT;
	const char *argv[] = { "make", "-j2", "a b", "$(x)", NULL };
	const char *env[] = { "CCACHE_DIR=/shared/cc", NULL };
	const char *extra[] = { "--qos=debug", NULL };
	unsigned long id = 0;
	char *args, *envout, *script, *dir = xstrfmt("%s/jobs", tmpdir);

	(void)state;
	assert_int_equal(mkdir_p(dir, 0755), 0);
	write_tool("sbatch", "for a in \"$@\"; do printf '%s\\n' \"$a\"; done >\"$T/args\"\n"
		   "printf '%s|%s\\n' \"$CCACHE_DIR\" \"$SLURM_CONF\" >\"$T/env\"\n"
		   "echo '42;cluster'\n");
	s.conf = "/x/slurm.conf";
	j.name = "culprit-step3-build";
	j.script_dir = dir;
	j.argv = argv;
	j.env = env;
	j.extra_args = extra;
	j.partition = "debug";
	j.time_limit = 61;
	j.output = "/shared/out%j.log";
	assert_int_equal(slurm_submit(&s, &j, &id), 0);
	assert_int_equal(id, 42);
	args = read_text("args");
	envout = read_text("env");
	char *expect = xstrfmt("--parsable\n--job-name=culprit-step3-build\n--chdir=%s\n"
			       "--output=/shared/out%%%%j.log\n--partition=debug\n--time=2\n"
			       "--no-requeue\n--qos=debug\n%s/culprit-step3-build.sbatch\n"
			       "make\n-j2\na b\n$(x)\n", dir, dir);
	assert_string_equal(args, expect);
	assert_string_equal(envout, "/shared/cc|/x/slurm.conf\n");
	script = read_text("jobs/culprit-step3-build.sbatch");
	assert_non_null(strstr(script, "exec \"$@\""));
	free(args);
	free(envout);
	free(script);
	free(expect);

	/* refused before sbatch runs */
	args = xstrfmt("%s/args", tmpdir);
	unlink(args);
	free(args);
	j.name = "bad name";
	assert_int_equal(slurm_submit(&s, &j, &id), -1);
	j.name = "-x";
	assert_int_equal(slurm_submit(&s, &j, &id), -1);
	j.name = "ok";
	j.output = "/a\\b";
	assert_int_equal(slurm_submit(&s, &j, &id), -1);
	args = read_text("args");
	assert_string_equal(args, "<missing>");
	free(args);

	/* sbatch's own refusal reaches the caller; a garbled answer is an error */
	j.output = NULL;
	write_tool("sbatch", "echo 'sbatch: error: Batch job submission failed: Invalid "
		   "partition name specified' >&2; exit 1\n");
	assert_int_equal(slurm_submit(&s, &j, &id), -1);
	write_tool("sbatch", "echo 'Submitted batch job 7'\n");
	assert_int_equal(slurm_submit(&s, &j, &id), -1);
	free(dir);
}

static void test_query_history(void **state)
{
	struct slurm s = SLURM_INIT;
	unsigned long ids[] = { 1, 2, 3 };
	struct slurm_status st[3];

	(void)state;
	/* squeue knows 1; sacct has no accounting; the completion log knows 2 */
	write_tool("squeue", "echo '1|RUNNING|0|None|one|'\n");
	write_tool("sacct", "case \" $* \" in\n"
		   "*\" --completion \"*) echo '2|two|OUT_OF_MEMORY|0:9' ;;\n"
		   "*) echo 'Slurm accounting storage is disabled' >&2; exit 1 ;;\nesac\n");
	assert_int_equal(slurm_query(&s, ids, 3, st), 0);
	assert_int_equal(st[0].outcome, SLURM_ACTIVE);
	assert_string_equal(st[0].source, "squeue");
	assert_int_equal(st[1].state, SLURM_OUT_OF_MEMORY);
	assert_int_equal(st[1].outcome, SLURM_INFRA);
	assert_string_equal(st[1].source, "jobcomp");
	assert_int_equal(st[2].state, SLURM_UNKNOWN);
	assert_int_equal(st[2].outcome, SLURM_INFRA);
	assert_int_equal(s.history, SLURM_HISTORY_JOBCOMP);

	/* one unknown id: squeue's error is no error */
	write_tool("squeue", "echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1\n");
	assert_int_equal(slurm_query(&s, &ids[2], 1, st), 0);
	assert_int_equal(st[0].state, SLURM_UNKNOWN);

	/* no history at all */
	s.history = SLURM_HISTORY_UNPROBED;
	write_tool("sacct", "echo 'Slurm accounting storage is disabled' >&2\n"
		   "echo 'sacct: error: Slurm job completion logging is disabled' >&2; exit 1\n");
	assert_int_equal(slurm_query(&s, ids, 1, st), 0);
	assert_int_equal(s.history, SLURM_HISTORY_NONE);
}

static bool interrupted_after_two(void *data)
{
	return ++*(int *)data > 2;
}

static void test_unreachable(void **state)
{
	struct slurm s = SLURM_INIT;
	unsigned long id = 5;
	struct slurm_status st;
	double t;
	int calls = 0;
	char *path;

	(void)state;
	write_tool("squeue", "echo 'slurm_load_jobs error: Unable to contact slurm controller "
		   "(connect failure)' >&2; exit 1\n");
	write_tool("scontrol", "echo 'Slurmctld(primary) at head is DOWN'; exit 1\n");
	assert_int_equal(slurm_query(&s, &id, 1, &st), -1);
	assert_int_equal(slurm_check(&s), -1);
	/* wait bears it for the grace, then gives up */
	s.poll = 0.2;
	s.grace = 0.5;
	t = now_seconds();
	assert_int_equal(slurm_wait(&s, &id, 1, SLURM_WAIT_ALL, 0, &st), -1);
	assert_true(now_seconds() - t >= 0.5);
	/* a job that stays active: the timeout, or the caller's interruption */
	write_tool("squeue", "echo '5|PENDING|0|Resources|five|'\n");
	assert_int_equal(slurm_wait(&s, &id, 1, SLURM_WAIT_ALL, 0.5, &st), 1);
	assert_int_equal(st.state, SLURM_PENDING);
	s.interrupted = interrupted_after_two;
	s.data = &calls;
	assert_int_equal(slurm_wait(&s, &id, 1, SLURM_WAIT_ALL, 0, &st), 1);
	/* the tools are missing altogether */
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(slurm_check(&s), -1);
	assert_int_equal(slurm_query(&s, &id, 1, &st), -1);
	path = xstrfmt("%s/bin", tmpdir);
	set_path(path);
	free(path);
}

static void test_wait_any_and_cancel(void **state)
{
	struct slurm s = SLURM_INIT;
	unsigned long ids[] = { 7, 8 };
	struct slurm_status st[2];
	char *args;

	(void)state;
	s.poll = 0.2;
	write_tool("squeue", "echo '7|RUNNING|0|None|a|'; echo '8|COMPLETED|0|None|b|'\n");
	assert_int_equal(slurm_wait(&s, ids, 2, SLURM_WAIT_ANY, 5, st), 0);
	assert_int_equal(st[1].outcome, SLURM_DONE);
	assert_int_equal(slurm_wait(&s, ids, 2, SLURM_WAIT_ALL, 0.5, st), 1);
	/* a job already gone is not an error; a refusal is */
	write_tool("scancel", "echo \"$@\" >\"$T/cancelled\"\necho 'scancel: error: Kill job "
		   "error on job id 8: Job/step already completing or completed' >&2; exit 1\n");
	assert_int_equal(slurm_cancel(&s, ids, 2), 0);
	args = read_text("cancelled");
	assert_string_equal(args, "7 8\n");
	free(args);
	write_tool("scancel", "echo 'scancel: error: Kill job error on job id 7: Access/"
		   "permission denied' >&2; exit 1\n");
	assert_int_equal(slurm_cancel(&s, ids, 1), -1);
}

static void test_ccache_env(void **state)
{
	struct ccache_config cfg = CCACHE_CONFIG_INIT;
	struct strvec env = STRVEC_INIT;

	(void)state;
	cfg.dir = "/local/cc";
	cfg.remote = "file:/shared/cc|umask=002 http://127.0.0.1:8080/cache|layout=bazel";
	cfg.prefix = "icecc";
	cfg.statslog = "/shared/step1/ccache.log";
	assert_int_equal(ccache_env(&cfg, &env), 0);
	assert_int_equal(env.nr, 4);
	assert_string_equal(env.v[0], "CCACHE_DIR=/local/cc");
	assert_string_equal(env.v[1], "CCACHE_REMOTE_STORAGE=file:/shared/cc|umask=002 "
			    "http://127.0.0.1:8080/cache|layout=bazel");
	assert_string_equal(env.v[2], "CCACHE_PREFIX=icecc");
	assert_string_equal(env.v[3], "CCACHE_STATSLOG=/shared/step1/ccache.log");
	strvec_clear(&env);
	cfg = (struct ccache_config)CCACHE_CONFIG_INIT;
	cfg.remote = "redis://cache:6379 redis+unix:/run/redis.sock";
	cfg.remote_only = true;
	assert_int_equal(ccache_env(&cfg, &env), 0);
	assert_string_equal(env.v[1], "CCACHE_REMOTE_ONLY=true");
	strvec_clear(&env);
	cfg.remote = "https://cache/x";
	assert_int_equal(ccache_env(&cfg, &env), -1);
	cfg.remote = "file:relative";
	assert_int_equal(ccache_env(&cfg, &env), -1);
	cfg.remote = "ftp://x";
	assert_int_equal(ccache_env(&cfg, &env), -1);
	cfg.remote = "  ";
	assert_int_equal(ccache_env(&cfg, &env), -1);	/* remote-only, no remote */
	assert_int_equal(env.nr, 0);
}

static void test_ccache_stats(void **state)
{
	static const char log[] =
		"# a.c\ncache_miss\ndirect_cache_miss\nlocal_storage_miss\nremote_storage_miss\n"
		"# b.c\ndirect_cache_hit\nlocal_storage_miss\nremote_storage_hit\n"
		"# c.c\npreprocessed_cache_hit\nlocal_storage_hit\n"
		"# m.o\ncalled_for_link\n"
		"# bad.c\ncompile_failed\n"
		"# d.c\ncache_miss\nremote_storage_error\n";
	struct ccache_stats cs;
	char *path = xstrfmt("%s/stats.log", tmpdir);

	(void)state;
	assert_int_equal(write_file_atomic(path, log, strlen(log)), 0);
	assert_int_equal(ccache_stats_read(path, &cs), 0);
	assert_int_equal(cs.calls, 6);
	assert_int_equal(cs.hits, 2);
	assert_int_equal(cs.direct_hits, 1);
	assert_int_equal(cs.preprocessed_hits, 1);
	assert_int_equal(cs.misses, 2);
	assert_int_equal(cs.remote_hits, 1);
	assert_int_equal(cs.local_hits, 1);
	assert_int_equal(cs.uncacheable, 2);
	assert_int_equal(cs.errors, 1);
	assert_true(ccache_hit_rate(&cs) == 0.5);
	unlink(path);
	assert_int_equal(ccache_stats_read(path, &cs), 0);	/* no compile: zeros */
	assert_int_equal(cs.calls, 0);
	assert_true(ccache_hit_rate(&cs) < 0);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_parse_squeue),
		cmocka_unit_test(test_parse_sacct),
		cmocka_unit_test(test_submit_argv),
		cmocka_unit_test(test_query_history),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_wait_any_and_cancel),
		cmocka_unit_test(test_ccache_env),
		cmocka_unit_test(test_ccache_stats),
	};

	set_error_quiet(true);
	return cmocka_run_group_tests(tests, setup, teardown);
}
