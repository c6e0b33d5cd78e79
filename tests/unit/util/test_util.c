// SPDX-License-Identifier: Apache-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "util/parse.h"
#include "util/regex.h"
#include "util/run.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

static void test_strbuf_basics(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_non_null(sb.buf);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "hello");
	strbuf_addch(&sb, ' ');
	strbuf_addf(&sb, "%d-%s", 42, "x");
	assert_string_equal(sb.buf, "hello 42-x");
	strbuf_add(&sb, "\0z", 2);
	assert_int_equal(sb.len, 12);
	assert_int_equal(sb.buf[12], '\0');
	strbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb); /* a second release is harmless */
	strbuf_addstr(&sb, "  trim me \n");
	strbuf_trim(&sb);
	assert_string_equal(sb.buf, "trim me");
	strbuf_release(&sb);
}

static void test_strbuf_large(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *d;
	size_t len;

	(void)state;
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "0123456789");
	assert_int_equal(sb.len, 1000000);
	d = strbuf_detach(&sb, &len);
	assert_int_equal(len, 1000000);
	assert_int_equal(sb.len, 0);
	free(d);
}

static void test_strvec(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	assert_null(sv.v[0]);
	strvec_pushl(&sv, "a", "b", NULL);
	strvec_pushf(&sv, "c=%d", 3);
	strvec_split(&sv, "  d  e\tf ");
	assert_int_equal(sv.nr, 6);
	assert_string_equal(sv.v[2], "c=3");
	assert_string_equal(sv.v[5], "f");
	assert_null(sv.v[6]);
	strvec_pop(&sv);
	assert_int_equal(sv.nr, 5);
	strvec_clear(&sv);
	assert_int_equal(sv.nr, 0);
	strvec_clear(&sv);
}

static void test_duration(void **state)
{
	char *s;

	(void)state;
	s = format_duration(10263.914);
	assert_string_equal(s, "2h51m3.914s");
	free(s);
	s = format_duration(59.5);
	assert_string_equal(s, "59.500s");
	free(s);
}

static void test_parse(void **state)
{
	static const struct {
		const char *in;
		double want;	/* < 0: an error */
	} durations[] = {
		{ "90", 90 }, { "90s", 90 }, { "1.5", 1.5 }, { "10m", 600 }, { "1h", 3600 },
		{ "1h30m", 5400 }, { "2m30s", 150 }, { "500ms", 0.5 }, { "1h2m3s", 3723 },
		{ "1m500ms", 60.5 }, { "", -1 }, { "m", -1 }, { "10x", -1 }, { "30m1h", -1 },
		{ "1m1m", -1 }, { "-5", -1 }, { "1e3", -1 }, { "nan", -1 }, { "inf", -1 },
		{ " 5", -1 }, { "5 ", -1 }, { "0", 0 },
	};
	char err[128];
	double d;
	long n;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(durations); i++) {
		int r = parse_duration(durations[i].in, 0, 1e9, &d, err, sizeof(err));

		if (durations[i].want < 0) {
			assert_int_equal(r, -1);
			assert_non_null(strstr(err, "not a duration"));
		} else {
			assert_int_equal(r, 0);
			assert_true(d == durations[i].want);
		}
	}
	assert_int_equal(parse_duration("0", 0.001, 10, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "out of range"));

	assert_int_equal(parse_int_range("12", 1, 100, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 12);
	assert_int_equal(parse_int_range("1e9", 1, 100, &n, err, sizeof(err)), -1);
	assert_int_equal(parse_int_range("101", 1, 100, &n, err, sizeof(err)), -1);
	assert_int_equal(parse_int_range("99999999999999999999", 1, 100, &n, err, sizeof(err)), -1);
	assert_int_equal(parse_int_range("+3", 1, 100, &n, err, sizeof(err)), -1);
	assert_int_equal(parse_int_range("", 1, 100, &n, err, sizeof(err)), -1);

	assert_int_equal(parse_double_range("0.25", 0, 1, &d, err, sizeof(err)), 0);
	assert_true(d == 0.25);
	assert_int_equal(parse_double_range("nan", 0, 1, &d, err, sizeof(err)), -1);
	assert_int_equal(parse_double_range("1.5", 0, 1, &d, err, sizeof(err)), -1);

	assert_int_equal(parse_size_mib("512", 64, 65536, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 512);
	assert_int_equal(parse_size_mib("2G", 64, 65536, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2048);
	assert_int_equal(parse_size_mib("1GiB", 64, 65536, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 1024);
	assert_int_equal(parse_size_mib("5e9", 64, 65536, &n, err, sizeof(err)), -1);
	assert_int_equal(parse_size_mib("99999999999G", 64, 65536, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "out of range"));
	assert_int_equal(parse_size_mib("32", 64, 65536, &n, err, sizeof(err)), -1);
}

static void test_sha256_regex(void **state)
{
	char hex[SHA256_HEXSZ + 1], err[300];
	struct sha256 h;
	pcre2_code *re;

	(void)state;
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_init(&h);
	sha256_update(&h, "a", 1);
	sha256_update(&h, "bc", 2);
	sha256_final_hex(&h, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	re = regex_compile("a(b", (size_t)-1, 0, err, sizeof(err));
	assert_null(re);
	assert_non_null(strstr(err, "at offset"));
	re = regex_compile("^a+b$", (size_t)-1, 0, err, sizeof(err));
	assert_non_null(re);
	{
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);

		assert_true(pcre2_match(re, (PCRE2_SPTR) "aab", 3, 0, 0, md, NULL) > 0);
		assert_true(pcre2_match(re, (PCRE2_SPTR) "ab c", 4, 0, 0, md, NULL) < 0);
		pcre2_match_data_free(md);
	}
	pcre2_code_free(re);
}

static void test_run_capture(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	strvec_pushl(&c.args, "sh", "-c", "echo out; echo err >&2; echo $CULPRIT_X; exit 3", NULL);
	strvec_push(&c.env, "CULPRIT_X=42");
	c.timeout = 10;
	assert_int_equal(child_run(&c), 0);
	assert_int_equal(c.status, 3);
	assert_false(c.timed_out);
	assert_string_equal(c.out.buf, "out\n42\n");
	assert_string_equal(c.err.buf, "err\n");
	assert_false(child_ok(&c));
	child_release(&c);
}

/* alive and not a zombie waiting for a reaper */
static bool process_alive(int pid)
{
	char path[64], buf[512];
	FILE *f;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	p = p ? strrchr(buf, ')') : NULL;
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

static void test_run_timeout_kills_group(void **state)
{
	struct child c = CHILD_INIT;
	double t0 = now_seconds();

	(void)state;
	/* a grandchild that would outlive the shell must die with the group */
	strvec_pushl(&c.args, "sh", "-c", "sleep 30 & echo $! ; sleep 30", NULL);
	c.timeout = 0.5;
	assert_int_equal(child_run(&c), 0);
	assert_true(c.timed_out);
	assert_true(now_seconds() - t0 < 5);
	{
		int gpid = atoi(c.out.buf);

		assert_true(gpid > 0);
		usleep(200000);
		assert_false(process_alive(gpid));
	}
	child_release(&c);
}

static bool stop_on_marker(void *data, const struct strbuf *out)
{
	(void)data;
	return strstr(out->buf, "MARKER") != NULL;
}

static void test_run_stop_early(void **state)
{
	struct child c = CHILD_INIT;
	double t0 = now_seconds();

	(void)state;
	strvec_pushl(&c.args, "sh", "-c", "echo MARKER; sleep 30", NULL);
	c.timeout = 20;
	c.on_output = stop_on_marker;
	assert_int_equal(child_run(&c), 0);
	assert_true(c.stopped);
	assert_false(c.timed_out);
	assert_true(now_seconds() - t0 < 5);
	child_release(&c);
}

static void test_run_missing_program(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	set_error_quiet(true);
	strvec_push(&c.args, "culprit-no-such-program");
	c.timeout = 5;
	assert_int_equal(child_run(&c), -1);
	child_release(&c);
	strvec_push(&c.args, "true");
	c.dir = "/nonexistent/dir";
	c.timeout = 5;
	assert_int_equal(child_run(&c), -1);
	set_error_quiet(false);
	child_release(&c);
}

static void test_run_output_cap(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	strvec_pushl(&c.args, "sh", "-c", "yes | head -c 1000000", NULL);
	c.timeout = 10;
	c.out_cap = 1000;
	assert_int_equal(child_run(&c), 0);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.out.len, 1000);
	assert_true(c.truncated);
	child_release(&c);
}

static void count_bytes(void *data, const char *buf, size_t len)
{
	size_t *n = data;

	(void)buf;
	*n += len;
}

/* the whole stream reaches on_data; the log keeps its head and tail, and says what it left out */
static void test_run_stream_and_log_cap(void **state)
{
	char dir[] = "/tmp/culprit-test-log-XXXXXX";
	struct child c = CHILD_INIT;
	struct strbuf log = STRBUF_INIT;
	size_t seen = 0;
	char *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xstrfmt("%s/log", dir);
	strvec_pushl(&c.args, "sh", "-c",
		     "echo FIRST; yes 0123456789 | head -c 3000000; echo; echo LAST", NULL);
	c.timeout = 20;
	c.out_cap = 1000;
	c.log_path = path;
	c.log_cap = 20000;
	c.on_data = count_bytes;
	c.data = &seen;
	assert_int_equal(child_run(&c), 0);
	assert_int_equal(c.status, 0);
	assert_int_equal(seen, 6 + 3000000 + 1 + 5);
	assert_int_equal(c.out.len, 1000);
	assert_true(strbuf_read_file(&log, path) >= 0);
	assert_true(log.len <= 20000 + 100);
	assert_true(starts_with(log.buf, "FIRST\n"));
	assert_true(ends_with(log.buf, "\nLAST\n"));
	assert_non_null(strstr(log.buf, "bytes of output left out here]\n0123456789\n"));
	strbuf_release(&log);
	child_release(&c);

	/* a short output is kept whole */
	unlink(path);
	strvec_pushl(&c.args, "sh", "-c", "echo one; echo two", NULL);
	c.timeout = 20;
	c.log_path = path;
	c.log_cap = 8;
	assert_int_equal(child_run(&c), 0);
	assert_true(strbuf_read_file(&log, path) >= 0);
	assert_string_equal(log.buf, "one\ntwo\n");
	strbuf_release(&log);
	child_release(&c);
	unlink(path);
	rmdir(dir);
	free(path);
}

/*
 * With the marker `entry` set (unique to this test): a child that starts a
 * grandchild leaving its group, as a daemon would, and prints the
 * grandchild's pid, then "mark=<the marker's value, or unset>". The sleep:
 * setsid must leave the group before the child's end kills it. Returns the
 * grandchild's pid.
 */
static int run_daemon_maker(struct child *c, char *entry, size_t size, bool unmarked)
{
	int gpid;

	snprintf(entry, size, "CULPRIT_TEST_MARK=%d-%.0f", (int)getpid(), now_seconds() * 1e6);
	children_set_marker(entry);
	strvec_pushl(&c->args, "sh", "-c",
		     "setsid sleep 60 </dev/null >/dev/null 2>&1 & echo $!;"
		     "echo \"mark=${CULPRIT_TEST_MARK-unset}\"; sleep 0.3", NULL);
	c->timeout = 10;
	c->unmarked = unmarked;
	assert_int_equal(child_run(c), 0);
	gpid = atoi(c->out.buf);
	assert_true(gpid > 0);
	usleep(100000);
	assert_true(process_alive(gpid));
	return gpid;
}

/* what a kill -9 of culprit leaves (a grandchild in its own group) is found and killed */
static void test_run_kill_marked(void **state)
{
	struct child c = CHILD_INIT;
	char entry[64];
	int gpid;

	(void)state;
	gpid = run_daemon_maker(&c, entry, sizeof(entry), false);
	assert_non_null(strstr(c.out.buf, strchr(entry, '=') + 1));
	assert_true(children_kill_marked(entry) >= 1);
	usleep(100000);
	assert_false(process_alive(gpid));
	assert_int_equal(children_kill_marked(entry), 0);
	children_set_marker(NULL);
	child_release(&c);
}

/* an unmarked child (sbatch) and its descendants carry no marker: not ours to kill */
static void test_run_unmarked(void **state)
{
	struct child c = CHILD_INIT;
	char entry[64];
	int gpid;

	(void)state;
	/* an inherited one is not passed on either */
	setenv("CULPRIT_TEST_MARK", "inherited", 1);
	gpid = run_daemon_maker(&c, entry, sizeof(entry), true);
	assert_non_null(strstr(c.out.buf, "mark=unset"));
	assert_int_equal(children_kill_marked(entry), 0);
	assert_true(process_alive(gpid));
	kill(gpid, SIGKILL);
	children_set_marker(NULL);
	unsetenv("CULPRIT_TEST_MARK");
	child_release(&c);
}

static void test_push_command(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	/* plain words: no shell */
	child_push_command(&sv, "  make -j2\tall ");
	assert_int_equal(sv.nr, 3);
	assert_string_equal(sv.v[0], "make");
	assert_string_equal(sv.v[2], "all");
	strvec_clear(&sv);
	/* '=' past the first word is an argument, not an assignment */
	child_push_command(&sv, "make CC=clang");
	assert_int_equal(sv.nr, 2);
	assert_string_equal(sv.v[1], "CC=clang");
	strvec_clear(&sv);
	/* shell syntax: operators, quotes, expansions, a leading VAR=x */
	const char *shell[] = { "a | b", "a && b", "echo 'x y'", "echo $HOME",
				"ls *.c", " CC=clang make" };
	for (size_t i = 0; i < sizeof(shell) / sizeof(shell[0]); i++) {
		child_push_command(&sv, shell[i]);
		assert_int_equal(sv.nr, 3);
		assert_string_equal(sv.v[0], "sh");
		assert_string_equal(sv.v[1], "-c");
		assert_string_equal(sv.v[2], shell[i]);
		strvec_clear(&sv);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_basics),
		cmocka_unit_test(test_strbuf_large),
		cmocka_unit_test(test_strvec),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_sha256_regex),
		cmocka_unit_test(test_run_capture),
		cmocka_unit_test(test_run_timeout_kills_group),
		cmocka_unit_test(test_run_stop_early),
		cmocka_unit_test(test_run_missing_program),
		cmocka_unit_test(test_run_output_cap),
		cmocka_unit_test(test_run_stream_and_log_cap),
		cmocka_unit_test(test_run_kill_marked),
		cmocka_unit_test(test_run_unmarked),
		cmocka_unit_test(test_push_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
