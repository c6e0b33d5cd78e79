// SPDX-License-Identifier: Apache-2.0
/*
 * Tests of the local runner (src/runner/local.c) and the shared run_result
 * helpers: real sanitizer crashes, exit statuses, timeouts, missing
 * commands, the environment, logs and parallel runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "runner/runner.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/util.h"

static char tmp[256], tree[300], work[300];

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/culprit-test-runner-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	snprintf(tree, sizeof(tree), "%s/tree", tmp);
	snprintf(work, sizeof(work), "%s/work", tmp);
	assert_int_equal(mkdir_p(tree, 0777), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(tmp);
	return 0;
}

static void put(const char *rel, const char *text)
{
	char *p = xstrfmt("%s/%s", tree, rel);

	assert_int_equal(write_file_atomic(p, text, strlen(text)), 0);
	free(p);
}

static struct build_result fake_build(void)
{
	struct build_result b = { .status = BUILD_OK };

	memset(b.signature, 'a', SIGNATURE_HEXSZ);
	b.signature[SIGNATURE_HEXSZ] = '\0';
	b.artifact_dir = xstrfmt("%s/artifacts/x", work);
	return b;
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	assert_true(strbuf_read_file(&sb, path) >= 0);
	return strbuf_detach(&sb, NULL);
}

static void test_describe(void **state)
{
	struct run_result r = { 0 };
	char *s;

	(void)state;
	r.verdict = RUN_OK;
	s = run_verdict_describe(&r);
	assert_string_equal(s, "OK");
	free(s);
	r.verdict = RUN_TIMED_OUT;
	s = run_verdict_describe(&r);
	assert_string_equal(s, "timed out");
	free(s);
	r.verdict = RUN_CRASHED;
	r.title = xstrdup("KASAN: use-after-free Read in foo");
	s = run_verdict_describe(&r);
	assert_string_equal(s, "crashed: KASAN: use-after-free Read in foo");
	free(s);
	r.reason = xstrdup("no output");
	r.verdict = RUN_BOOT_FAILED;
	s = run_verdict_describe(&r);
	assert_string_equal(s, "boot failed: no output");
	free(s);
	r.verdict = RUN_TEST_FAILED;
	s = run_verdict_describe(&r);
	assert_string_equal(s, "basic kernel testing failed: no output");
	free(s);
	r.verdict = RUN_INFRA;
	s = run_verdict_describe(&r);
	assert_string_equal(s, "infra problem: no output");
	free(s);
	run_result_release(&r);
	run_result_release(&r);
	assert_null(r.title);
}

/* a real AddressSanitizer crash, parsed as report_parse() parses it */
static void test_asan_crash(void **state)
{
	struct local_runner lr = LOCAL_RUNNER_INIT;
	struct build_result b = fake_build();
	struct run_result r;
	struct report_list want = REPORT_LIST_INIT;
	struct child cc = CHILD_INIT;
	char *log;

	(void)state;
	put("bug.c", "#include <stdlib.h>\n"
		     "int main(int argc, char **argv)\n{\n"
		     "\tint *p = malloc(4 * sizeof(int));\n"
		     "\t(void)argv;\n"
		     "\tp[argc + 3] = 1;\n"
		     "\tfree(p);\n\treturn 0;\n}\n");
	strvec_pushl(&cc.args, "gcc", "-g", "-fsanitize=address", "-o", "bug", "bug.c", NULL);
	cc.dir = tree;
	cc.timeout = 120;
	if (child_run(&cc) < 0 || !child_ok(&cc)) {
		child_release(&cc);
		skip();
	}
	child_release(&cc);

	local_runner_setup(&lr, "./bug", work, 60, 1);
	strvec_push(&lr.env, "ASAN_OPTIONS=detect_leaks=0");
	assert_int_equal(local_run(&lr, &b, tree, 0, &r), 0);
	log = slurp(r.log_path);
	assert_non_null(strstr(log, "heap-buffer-overflow"));
	report_parse(log, strlen(log), &want);
	if (!want.nr) {
		/* the user-space half of the parser has not landed yet */
		assert_int_equal(r.verdict, RUN_OK);
		report_list_release(&want);
		free(log);
		run_result_release(&r);
		local_runner_release(&lr);
		build_result_release(&b);
		skip();
	}
	assert_int_equal(r.verdict, RUN_CRASHED);
	assert_non_null(r.title);
	assert_true(r.crashes.nr >= 1);
	assert_string_equal(r.title, want.items[0].title);
	{
		char *d = run_verdict_describe(&r);
		char *expect = xstrfmt("crashed: %s", want.items[0].title);

		assert_string_equal(d, expect);
		free(d);
		free(expect);
	}
	report_list_release(&want);
	free(log);
	run_result_release(&r);
	local_runner_release(&lr);
	build_result_release(&b);
}

static void test_ok_and_statuses(void **state)
{
	struct local_runner lr = LOCAL_RUNNER_INIT;
	struct build_result b = fake_build();
	struct run_result r;
	char *log, *first_log;

	(void)state;
	/* the environment, and a nonzero exit without a report: OK, noted */
	local_runner_setup(&lr, "echo run=$CULPRIT_RUN sig=$CULPRIT_SIGNATURE dir=$CULPRIT_ARTIFACT_DIR; "
				"echo to stderr >&2; exit 1", work, 60, 1);
	assert_int_equal(local_run(&lr, &b, tree, 3, &r), 0);
	assert_int_equal(r.verdict, RUN_OK);
	assert_string_equal(r.reason, "exit status 1");
	assert_int_equal(r.crashes.nr, 0);
	log = slurp(r.log_path);
	assert_true(starts_with(r.log_path, work));
	assert_non_null(strstr(log, "run=3 sig=aaaaaaaa"));
	assert_non_null(strstr(log, b.artifact_dir));
	assert_non_null(strstr(log, "to stderr"));
	free(log);
	{
		char *d = run_verdict_describe(&r);

		assert_string_equal(d, "OK");
		free(d);
	}
	first_log = xstrdup(r.log_path);
	run_result_release(&r);

	/* the same run again keeps the first log */
	assert_int_equal(local_run(&lr, &b, tree, 3, &r), 0);
	assert_string_not_equal(first_log, r.log_path);
	assert_true(file_exists(first_log));
	free(first_log);
	run_result_release(&r);

	/* exit 0 without a report: OK, no note; run in the build tree */
	put("marker", "here\n");
	local_runner_setup(&lr, "cat marker", work, 60, 1);
	assert_int_equal(local_run(&lr, &b, tree, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_OK);
	assert_null(r.reason);
	run_result_release(&r);

	/* timeout */
	local_runner_setup(&lr, "sleep 30", work, 0.3, 1);
	assert_int_equal(local_run(&lr, &b, tree, 1, &r), 0);
	assert_int_equal(r.verdict, RUN_TIMED_OUT);
	assert_true(r.seconds < 10);
	run_result_release(&r);

	/* cannot start: infrastructure, directly or through sh */
	set_error_quiet(true);
	local_runner_setup(&lr, "no-such-test-tool-xyz --flag", work, 60, 1);
	assert_int_equal(local_run(&lr, &b, tree, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_INFRA);
	set_error_quiet(false);
	run_result_release(&r);
	local_runner_setup(&lr, "no-such-test-tool-xyz < /dev/null", work, 60, 1);
	assert_int_equal(local_run(&lr, &b, tree, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_INFRA);
	assert_non_null(strstr(r.reason, "no-such-test-tool-xyz"));
	run_result_release(&r);

	/* killed by SIGKILL from outside (as the OOM killer would): infrastructure */
	local_runner_setup(&lr, "kill -9 $$", work, 60, 1);
	assert_int_equal(local_run(&lr, &b, tree, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_INFRA);
	run_result_release(&r);

	local_runner_release(&lr);
	local_runner_release(&lr);
	build_result_release(&b);
}

/* a report, then the program goes on: stopped once the report is complete */
static void test_stop_after_report(void **state)
{
	struct local_runner lr = LOCAL_RUNNER_INIT;
	struct build_result b = fake_build();
	struct run_result r;
	struct report_list want = REPORT_LIST_INIT;
	struct child cc = CHILD_INIT;
	char *log;

	(void)state;
	put("ub.c", "#include <limits.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
		    "#include <unistd.h>\n"
		    "int main(int argc, char **argv)\n{\n"
		    "\tint x = INT_MAX - 1 + argc;\n"
		    "\tx += argc;\n"
		    "\tprintf(\"%d\\n\", x);\n"
		    "\tfflush(stdout);\n"
		    "\tsleep(argc > 1 ? atoi(argv[1]) : 0);\n"
		    "\treturn 0;\n}\n");
	strvec_pushl(&cc.args, "gcc", "-g", "-fsanitize=undefined", "-o", "ub", "ub.c", NULL);
	cc.dir = tree;
	cc.timeout = 120;
	if (child_run(&cc) < 0 || !child_ok(&cc)) {
		child_release(&cc);
		skip();
	}
	child_release(&cc);

	local_runner_setup(&lr, "./ub 60", work, 120, 1);
	strvec_push(&lr.env, "UBSAN_OPTIONS=halt_on_error=0");
	assert_int_equal(local_run(&lr, &b, tree, 0, &r), 0);
	log = xstrdup(r.log_path);
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_read_file(&sb, log);
		report_parse(sb.buf, sb.len, &want);
		strbuf_release(&sb);
	}
	if (!want.nr) {
		/* the parser does not know UBSan: the run went to its end */
		report_list_release(&want);
		free(log);
		run_result_release(&r);
		local_runner_release(&lr);
		build_result_release(&b);
		skip();
	}
	assert_int_equal(r.verdict, RUN_CRASHED);
	assert_string_equal(r.title, want.items[0].title);
	assert_true(r.seconds < 30);	/* not the 60 s of the program */
	report_list_release(&want);
	free(log);
	run_result_release(&r);
	local_runner_release(&lr);
	build_result_release(&b);
}

struct par_arg {
	struct runner_ops *ops;
	struct build_result *b;
	int index;
	struct run_result r;
};

static void *par_run(void *p)
{
	struct par_arg *a = p;

	a->ops->run(a->ops->ctx, a->b, tree, a->index, &a->r);
	return NULL;
}

static void test_parallel(void **state)
{
	struct local_runner lr = LOCAL_RUNNER_INIT;
	struct build_result b = fake_build();
	struct runner_ops ops;
	struct par_arg args[6];
	pthread_t th[6];

	(void)state;
	local_runner_setup(&lr, "sleep 0.2; echo run $CULPRIT_RUN", work, 60, 3);
	local_runner_ops(&lr, &ops);
	assert_int_equal(ops.parallel, 3);
	for (int i = 0; i < 6; i++) {
		args[i] = (struct par_arg){ .ops = &ops, .b = &b, .index = 10 + i };
		assert_int_equal(pthread_create(&th[i], NULL, par_run, &args[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		char *log, *want = xstrfmt("run %d\n", 10 + i);

		pthread_join(th[i], NULL);
		assert_int_equal(args[i].r.verdict, RUN_OK);
		log = slurp(args[i].r.log_path);
		assert_string_equal(log, want);
		free(log);
		free(want);
		run_result_release(&args[i].r);
	}
	local_runner_release(&lr);
	build_result_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_asan_crash),
		cmocka_unit_test(test_ok_and_statuses),
		cmocka_unit_test(test_stop_after_report),
		cmocka_unit_test(test_parallel),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
