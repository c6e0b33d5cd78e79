// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of what a bisection leaves behind (src/bisect/show.h): the web
 * page and the mail made from a JSON result whose strings are hostile
 * (markup, line breaks in headers, bytes that are not UTF-8), the
 * verification block, mail headers as mail software wants them (RFC 2047,
 * folding, no injected header), mboxrd quoting, and the job file written
 * back and read again.
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
#include "bisect/show.h"
#include "bisect/showint.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

#define C1 "1111111111111111111111111111111111111111"
#define C2 "2222222222222222222222222222222222222222"
#define C3 "3333333333333333333333333333333333333333"

/* a result with hostile strings: markup, a header line, a byte that is not UTF-8 */
static const char hostile[] =
	"{\"outcome\": \"found\", \"mode\": \"cause\", \"policy\": \"syzbot\","
	" \"bad\": \"" C3 "\", \"good\": \"" C1 "\","
	" \"culprit\": {\"hash\": \"" C2 "\", \"subject\": \"mm: </pre><script>x()</script>\","
	"  \"author\": \"J\\u00f6rg \\\"Q\\\" M\\u00fcller\", \"author_email\": \"jm@example.org\","
	"  \"date\": \"2024-02-03T04:05:06Z\"},"
	" \"confidence\": 0.97, \"reliable\": false,"
	" \"unreliable_reasons\": [\"the culprit is a merge commit\"],"
	" \"candidates\": [],"
	" \"steps\": ["
	"  {\"commit\": \"" C3 "\", \"subject\": \"head\", \"build\": \"ok\", \"signature\": \"aa\","
	"   \"runs\": [{\"verdict\": \"crashed\", \"title\": \"t\", \"target\": true}],"
	"   \"decision\": \"bad\"},"
	"  {\"commit\": \"" C2 "\", \"subject\": \"mm: </pre><script>x()</script>\", \"build\": \"ok\","
	"   \"signature\": \"bb\", \"runs\": [{\"verdict\": \"crashed\", \"target\": true},"
	"   {\"verdict\": \"OK\", \"target\": false}], \"decision\": \"bad\"},"
	"  {\"commit\": \"" C1 "\", \"subject\": \"base\", \"build\": \"ok\", \"signature\": \"bb\","
	"   \"runs\": [{\"verdict\": \"OK\", \"target\": false}], \"decision\": \"good\"}],"
	" \"crash\": {\"title\": \"KASAN: use-after-free in f\\nBcc: evil@example.com\\u00e9\","
	"  \"report\": \"From the start\\n<b>bold</b>\\u0001\\n\"},"
	" \"recipients\": {\"to\": [\"a@example.org\", \"bad\\naddress\", \"B <b@example.org>\"],"
	"  \"cc\": [\"c@example.org\"]},"
	" \"verification\": {\"enabled\": true, \"verified\": true, \"revert_onto\": \"" C3 "\","
	"  \"culprit\": {\"status\": \"crashes\", \"commit\": \"" C2 "\", \"runs\": 10,"
	"   \"crashes\": 9, \"note\": \"<i>n</i>\"},"
	"  \"parent\": {\"status\": \"clean\", \"runs\": 10, \"crashes\": 0},"
	"  \"revert\": {\"status\": \"clean\", \"runs\": 8, \"crashes\": 0}}}";

static void test_html_from_hostile_json(void **state)
{
	struct show_record *rec = show_record_from_json(hostile, "result.json");
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_non_null(rec);
	assert_int_equal(bisect_html_render(rec, &out), 0);
	/* markup from data is text; no script, no raw control or invalid byte */
	assert_null(strstr(out.buf, "<script"));
	assert_non_null(strstr(out.buf, "&lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt;"));
	assert_non_null(strstr(out.buf, "&lt;b&gt;bold&lt;/b&gt;"));
	assert_null(strchr(out.buf, '\001'));
	assert_non_null(strstr(out.buf, "J\xc3\xb6rg &quot;Q&quot; M\xc3\xbcller"));
	/* the answer, the flags, the shared signature, the verification */
	assert_non_null(strstr(out.buf, C2));
	assert_non_null(strstr(out.buf, "merge commit"));
	assert_non_null(strstr(out.buf, "class=\"grp\""));
	assert_non_null(strstr(out.buf, "id=\"verification\""));
	assert_non_null(strstr(out.buf, "crashes: 9 of 10 runs crashed (&lt;i&gt;n&lt;/i&gt;)"));
	assert_non_null(strstr(out.buf, "<span class=\"flag ok\">passed</span>"));
	assert_non_null(strstr(out.buf, "clean: 0 of 8 runs crashed"));
	assert_non_null(strstr(out.buf, "Fixes: 222222222222 (&quot;mm: &lt;/pre&gt;"));
	strbuf_release(&out);
	show_record_free(rec);
}

/* the headers of a message: up to the first empty line */
static char *headers_of(const char *msg)
{
	const char *end = strstr(msg, "\n\n");

	assert_non_null(end);
	return xstrndup(msg, (size_t)(end - msg) + 1);
}

static void test_mbox_from_hostile_json(void **state)
{
	struct show_record *rec = show_record_from_json(hostile, "result.json");
	struct bisect_show_opts o = { .from = "Bi S\xc3\xa9" "ctor <bs@example.net>",
				      .in_reply_to = "<id.1@example.com>\nBcc: x@y" };
	struct strbuf out = STRBUF_INIT;
	char *h, *line, *save = NULL;

	(void)state;
	assert_non_null(rec);
	assert_int_equal(bisect_mbox_render(rec, &o, &out), 0);
	assert_true(starts_with(out.buf, "From bs@example.net "));
	h = headers_of(out.buf);
	/* nothing from data starts a header line; every header is ASCII and short */
	for (line = strtok_r(h, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		assert_false(starts_with(line, "Bcc:"));
		assert_true(strlen(line) <= 78 || !strchr(line, ' '));
		for (const char *p = line; *p; p++)
			assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
	}
	free(h);
	h = headers_of(out.buf);
	assert_non_null(strstr(h, "\nFrom: =?UTF-8?Q?Bi_S=C3=A9ctor?= <bs@example.net>\n"));
	/* the bad address is left out, the others kept in order */
	assert_non_null(strstr(h, "\nTo: a@example.org, B <b@example.org>\n"));
	assert_non_null(strstr(h, "\nCc: c@example.org\n"));
	/* plain words stay plain, the others are encoded words */
	assert_non_null(strstr(h, "\nSubject: Re: [culprit] KASAN: use-after-free in f Bcc:\n"
			       " =?UTF-8?Q?evil=40example=2Ecom=C3=A9?=\n"));
	assert_non_null(strstr(h, "\nIn-Reply-To: <id.1@example.com>\n"));
	free(h);
	/* the body: the mail's shape, mboxrd quoting of "From " */
	assert_non_null(strstr(out.buf, "bisection found the first bad commit with confidence 0.9700"));
	assert_non_null(strstr(out.buf, "\ncommit " C2 "\n"));
	assert_non_null(strstr(out.buf, "\nFixes: 222222222222 (\"mm: </pre><script>x()</script>\")\n"));
	assert_non_null(strstr(out.buf, "\n  verification:    passed\n"));
	assert_non_null(strstr(out.buf, "\n  revert check:    clean: 0 of 8 runs crashed\n"));
	assert_non_null(strstr(out.buf, "\n>From the start\n"));
	assert_non_null(strstr(out.buf, "  - the culprit is a merge commit\n"));
	strbuf_release(&out);
	show_record_free(rec);
}

static void test_not_a_result(void **state)
{
	(void)state;
	assert_null(show_record_from_json("{\"x\": 1}", "x.json"));
	assert_null(show_record_from_json("[1, 2", "y.json"));
	assert_null(show_record_from_json("", "z.json"));
}

static void test_mail_parts(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct strvec atoms = STRVEC_INIT;
	char *long_line = xmalloc(2001);

	(void)state;
	mail_mboxrd(&out, "From a\n>From b\nFromage\n");
	assert_string_equal(out.buf, ">From a\n>>From b\nFromage\n");
	strbuf_reset(&out);
	/* a long unstructured header folds; a non-ASCII one is encoded words */
	mail_text_header(&out, "Subject", "[culprit] a very long crash title that goes on and on "
			 "and on past the seventy-eight columns of a header line");
	assert_non_null(strstr(out.buf, "\n "));
	for (char *p = out.buf, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		assert_true(nl - p <= 78);
	strbuf_reset(&out);
	assert_int_equal(mail_address(&atoms, "Name With, Comma <n@example.org>", true), 0);
	assert_string_equal(atoms.v[0], "\"Name With, Comma\"");
	strvec_clear(&atoms);
	assert_true(mail_address(&atoms, "no address here", true) < 0);
	strvec_clear(&atoms);
	memset(long_line, 'x', 2000);
	long_line[2000] = '\0';
	assert_true(mail_needs_qp(long_line));
	assert_false(mail_needs_qp("short\nlines\n"));
	mail_qp(&out, long_line);
	for (char *p = out.buf, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		assert_true(nl - p <= 76);
	free(long_line);
	strvec_clear(&atoms);
	strbuf_release(&out);
}

static void test_job_file_round_trip(void **state)
{
	struct bisect_job job = BISECT_JOB_INIT, back = BISECT_JOB_INIT;
	struct strvec goods = STRVEC_INIT;
	char dir[] = "/tmp/culprit-show-XXXXXX", *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xstrfmt("%s/job.conf", dir);
	bisect_job_set(&job, "repo", dir);
	bisect_job_set(&job, "bad", "HEAD");
	bisect_job_set(&job, "mode", "fix");
	bisect_job_set(&job, "policy", "syzbot");
	bisect_job_set(&job, "build", "make \"CC=gcc -O2\" # not a comment\\ \tx; echo ';'");
	bisect_job_set(&job, "test", "./t\nsecond line");
	bisect_job_set(&job, "title", "KASAN: x [y]");
	bisect_job_set(&job, "runs", "7");
	bisect_job_set(&job, "verify", "no");
	bisect_job_set(&job, "timeout", "1m30s");
	bisect_job_set(&job, "workdir", dir);
	bisect_job_set(&job, "kernel.config", "rel/.config");
	bisect_job_set(&job, "report.from", "A <a@b.c>");
	bisect_job_set(&job, "kernel.repro", "r.c");
	bisect_job_set(&job, "test-exit", NULL);
	bisect_job_set(&job, "first-parent", "true");
	bisect_job_set(&job, "path", "drivers/net");
	bisect_job_set(&job, "skip", "v1..v2");
	bisect_job_set(&job, "probes", "3");
	strvec_push(&goods, C1);
	assert_int_equal(bisect_job_write_file(&job, C3, &goods, path), 0);
	assert_int_equal(bisect_job_read_file(&back, path), 0);
	assert_string_equal(back.bad, C3);
	assert_int_equal(back.goods.nr, 1);
	assert_string_equal(back.goods.v[0], C1);
	assert_int_equal(back.mode, BISECT_FIX);
	assert_int_equal(back.policy, BISECT_POLICY_SYZBOT);
	assert_string_equal(back.build, job.build);
	assert_string_equal(back.test, job.test);
	assert_string_equal(back.title, job.title);
	assert_int_equal(back.runs, 7);
	assert_true(back.no_verify);
	assert_true(back.timeout == 90);
	/* test-exit is in the journal's identity; the others chose the candidates */
	assert_true(back.test_exit);
	assert_true(back.first_parent);
	assert_int_equal(back.paths.nr, 1);
	assert_string_equal(back.paths.v[0], "drivers/net");
	assert_int_equal(back.skips.nr, 1);
	assert_string_equal(back.skips.v[0], "v1..v2");
	assert_int_equal(back.probes, 3);
	/* the extra keys in the same order: the journal's identity of the job */
	assert_int_equal(back.extra.nr, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(back.extra.v[i], job.extra.v[i]);
	unlink(path);
	rmdir(dir);
	free(path);
	strvec_clear(&goods);
	bisect_job_release(&job);
	bisect_job_release(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_from_hostile_json),
		cmocka_unit_test(test_mbox_from_hostile_json),
		cmocka_unit_test(test_not_a_result),
		cmocka_unit_test(test_mail_parts),
		cmocka_unit_test(test_job_file_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
