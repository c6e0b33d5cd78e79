// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the bisection engine: posterior math, probe choice,
 * syzbot's rule table, the journal round trip, job files, and scenario
 * tables run through `culprit sim`'s oracle (the same engine code).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bisect/bisect.h"
#include "bisect/journal.h"
#include "bisect/posterior.h"
#include "bisect/sim.h"
#include "util/strbuf.h"
#include "util/util.h"

/* a small DAG: 0 - 1 - 2 - 5(merge of 2 and 4) - 6, with 3 - 4 forked from 1 */
static size_t p1[] = { 0 }, p2[] = { 1 }, p3[] = { 1 }, p4[] = { 3 }, p5[] = { 2, 4 }, p6[] = { 5 };
static size_t *dag_parents[] = { NULL, p1, p2, p3, p4, p5, p6 };
static size_t dag_parents_nr[] = { 0, 1, 1, 1, 1, 2, 1 };

static void test_ancestors_and_mass(void **state)
{
	struct bgraph g;
	double w[7] = { 1, 2, 4, 8, 16, 32, 64 }, mass[7];
	uint64_t *anc;

	(void)state;
	bgraph_init(&g, 7, dag_parents, dag_parents_nr);
	anc = bgraph_ancestors(&g, 4);
	assert_true(bitset_test(anc, 0) && bitset_test(anc, 1) && bitset_test(anc, 3) &&
		    bitset_test(anc, 4));
	assert_false(bitset_test(anc, 2) || bitset_test(anc, 5) || bitset_test(anc, 6));
	free(anc);
	bgraph_mass(&g, w, mass);
	/* brute force: sum of w over ancestors (bits of the index set) */
	assert_true(mass[2] == 1 + 2 + 4);
	assert_true(mass[4] == 1 + 2 + 8 + 16);
	assert_true(mass[5] == 1 + 2 + 4 + 8 + 16 + 32);	/* a merge counts shared ones once */
	assert_true(mass[6] == 127);
	bgraph_release(&g);
}

/*
 * bgraph_mass() against a walk over every ancestor, on random DAGs with
 * merges of old and new commits, octopus merges, back merges (the other
 * parent an ancestor of the first) and repeated parents.
 */
static void test_mass_random_dags(void **state)
{
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 200; round++) {
		size_t n = 2 + (size_t)(rand_r(&seed) % 120);
		size_t **par = calloc(n, sizeof(*par)), *nr = calloc(n, sizeof(*nr));
		double *w = calloc(n, sizeof(*w)), *mass = calloc(n, sizeof(*mass));
		struct bgraph g;

		for (size_t x = 1; x < n; x++) {
			size_t k = rand_r(&seed) % 4 == 0 ? 2 + (size_t)(rand_r(&seed) % 3) : 1;

			par[x] = calloc(k, sizeof(size_t));
			nr[x] = k;
			par[x][0] = x - 1 - (size_t)(rand_r(&seed) % (x < 3 ? x : 3));
			for (size_t i = 1; i < k; i++)
				par[x][i] = (size_t)rand_r(&seed) % x;
		}
		for (size_t x = 0; x < n; x++)
			w[x] = (double)(1 + rand_r(&seed) % 1000);
		bgraph_init(&g, n, par, nr);
		bgraph_mass(&g, w, mass);
		for (size_t x = 0; x < n; x++) {
			uint64_t *anc = bgraph_ancestors(&g, x);
			double want = 0;

			for (size_t c = 0; c < n; c++)
				if (bitset_test(anc, c))
					want += w[c];
			assert_true(mass[x] == want);	/* integers: exact */
			free(anc);
		}
		/* a second pass reuses what the first found */
		for (size_t x = 0; x < n; x++)
			w[x] = 1;
		bgraph_mass(&g, w, mass);
		for (size_t x = 0; x < n; x++) {
			uint64_t *anc = bgraph_ancestors(&g, x);
			double want = 0;

			for (size_t c = 0; c < n; c++)
				want += bitset_test(anc, c);
			assert_true(mass[x] == want);
			free(anc);
		}
		bgraph_release(&g);
		for (size_t x = 0; x < n; x++)
			free(par[x]);
		free(par);
		free(nr);
		free(w);
		free(mass);
	}
}

/* p known (a point mass), eps a point: the old fixed-rate model */
static const struct model_prior fixed_prior = {
	.p = { .nr = 0, .point = 0.9 }, .eps = { .nr = 0, .point = 1e-4 },
};

static void test_posterior(void **state)
{
	size_t n = 7;
	uint64_t set_x[2] = { 0 }, set_y[2] = { 0 }, set_none[2] = { 0 };
	struct evidence_unit ev[3];
	struct posterior_work pw = { 0 };
	struct posterior_summary sum;
	struct model_prior mp = fixed_prior;
	double post[7], total = 0;
	size_t best;
	struct bgraph g;

	(void)state;
	bgraph_init(&g, n, dag_parents, dag_parents_nr);
	bgraph_add_ancestors(&g, 4, set_x);	/* crashes at 4: culprit in {0,1,3,4} */
	bgraph_add_ancestors(&g, 1, set_y);	/* OK at 1: not in {0,1} */
	ev[0] = (struct evidence_unit){ set_x, NULL, 1, 0 };
	ev[1] = (struct evidence_unit){ set_y, NULL, 0, 10 };
	best = posterior_compute(n, ev, 2, &mp, false, &pw, post, &sum);
	for (size_t i = 0; i < n; i++)
		total += post[i];
	assert_true(fabs(total - 1) < 1e-9);
	assert_true(best == 3 || best == 4);
	assert_true(fabs(post[3] - post[4]) < 1e-12);	/* nothing tells them apart */
	assert_true(post[3] + post[4] > 0.99);
	assert_true(post[2] < 1e-3 && post[6] < 1e-3);
	/* fix mode mirrors it: a crash at 4 says the fix is not in anc(4) */
	posterior_compute(n, ev, 1, &mp, true, &pw, post, &sum);
	assert_true(post[0] + post[1] + post[3] + post[4] < 1e-3);

	/* rates integrated out: the same answer, with "no culprit" in the running */
	mp = (struct model_prior){
		.p = { .nr = 1, .w = { 1 }, .a = { 1 }, .b = { 1 } },
		.eps = { .nr = 1, .w = { 1 }, .a = { 1 }, .b = { 100 } },
		.none = 0.05, .noop = 0.2,
	};
	ev[0] = (struct evidence_unit){ set_x, NULL, 5, 0 };
	best = posterior_compute(n, ev, 2, &mp, false, &pw, post, &sum);
	total = sum.none;
	for (size_t i = 0; i < n; i++)
		total += post[i];
	assert_true(fabs(total - 1) < 1e-9);
	assert_true(best == 3 || best == 4);
	assert_false(sum.top_is_none);
	assert_true(sum.none < 0.01);	/* 10 OK runs against 5 crashes */
	assert_true(sum.k_in == 5 && sum.n_in == 0 && sum.k_out == 0 && sum.n_out == 10);
	/* crashes at one rate on both ends (the good end: in no candidate): no culprit */
	ev[1] = (struct evidence_unit){ set_y, NULL, 5, 5 };
	ev[2] = (struct evidence_unit){ set_none, NULL, 5, 5 };
	posterior_compute(n, ev, 3, &mp, false, &pw, post, &sum);
	assert_true(sum.top_is_none && sum.none > 0.5);
	posterior_work_release(&pw);
	bgraph_release(&g);
}

/*
 * A crash at one rate (0.1) everywhere, the good end included: a
 * candidate whose look-alike rate is that rate explains it as well as "no
 * culprit" unless the look-alike rate is bound below the crash rate.
 */
static void test_posterior_rate_bound(void **state)
{
	size_t n = 7;
	uint64_t set_x[2] = { 0 }, set_y[2] = { 0 }, set_none[2] = { 0 }, set_bad[2] = { 0x7f };
	struct evidence_unit ev[4];
	struct posterior_work pw = { 0 };
	struct posterior_summary sum;
	struct model_prior mp = {
		.p = { .nr = 1, .w = { 1 }, .a = { 1 }, .b = { 1 } },
		.eps = { .nr = 1, .w = { 1 }, .a = { 1 }, .b = { 10 } },
		.none = 0.02, .noop = 0.001,
	};
	double post[7], unbound;
	struct bgraph g;

	(void)state;
	bgraph_init(&g, n, dag_parents, dag_parents_nr);
	bgraph_add_ancestors(&g, 4, set_x);
	bgraph_add_ancestors(&g, 1, set_y);
	ev[0] = (struct evidence_unit){ set_x, NULL, 8, 72 };
	ev[1] = (struct evidence_unit){ set_y, NULL, 8, 72 };
	ev[2] = (struct evidence_unit){ set_none, NULL, 8, 72 };
	ev[3] = (struct evidence_unit){ set_bad, NULL, 8, 72 };	/* the bad end: all of them */
	posterior_compute(n, ev, 4, &mp, false, &pw, post, &sum);
	unbound = sum.none;
	mp.eps_ratio = 0.5;
	posterior_compute(n, ev, 4, &mp, false, &pw, post, &sum);
	printf("# none: %g unbound, %g with eps < p / 2\n", unbound, sum.none);
	assert_true(sum.top_is_none && sum.none > 0.5 && sum.none > 5 * unbound);
	/* a rate that changes (crashes at 4 only) still names a candidate */
	ev[1] = (struct evidence_unit){ set_y, NULL, 0, 80 };
	ev[2] = (struct evidence_unit){ set_none, NULL, 0, 80 };
	posterior_compute(n, ev, 4, &mp, false, &pw, post, &sum);
	assert_false(sum.top_is_none);
	assert_true(sum.none < 0.01);
	posterior_work_release(&pw);
	bgraph_release(&g);
}

/* a no-op candidate: its likelihood is a distribution of the runs (sums to 1) */
static void test_posterior_noop(void **state)
{
	/* a chain 0 <- 1; one unit built from both commits (1 is a no-op) */
	uint64_t any[1] = { 3 }, all[1] = { 1 };
	struct model_prior mp = fixed_prior;
	struct posterior_work pw = { 0 };
	struct posterior_summary sum;
	double post[2], like[2][2];

	(void)state;
	mp.p.point = 0.3;
	mp.eps.point = 0.01;
	mp.noop = 1;	/* no penalty: the bare likelihoods */
	for (int crash = 0; crash < 2; crash++) {
		struct evidence_unit ev = { any, all, crash, !crash };

		posterior_compute(2, &ev, 1, &mp, false, &pw, post, &sum);
		like[crash][0] = post[0];
		like[crash][1] = post[1];
	}
	/* under "1 is the culprit", the unit's artifact lacks it: eps, 1 - eps */
	assert_true(fabs(like[1][0] / like[1][1] - 0.3 / 0.01) < 1e-9);
	assert_true(fabs(like[0][0] / like[0][1] - 0.7 / 0.99) < 1e-9);
	posterior_work_release(&pw);
}

static void test_rates(void **state)
{
	struct rate_prior u = { .nr = 1, .w = { 1 }, .a = { 1 }, .b = { 1 } };
	double s = 0;

	(void)state;
	/* uniform prior: P(k crashes in n runs, in this order) = 1 / ((n+1) C(n,k)) */
	assert_true(fabs(exp(rate_log_marginal(&u, 2, 1)) - 1.0 / 12) < 1e-12);
	/* the marginal is a distribution over sequences of 3 runs */
	for (int k = 0; k <= 3; k++) {
		double c = k == 0 || k == 3 ? 1 : 3;

		s += c * exp(rate_log_marginal(&u, k, 3 - k));
	}
	assert_true(fabs(s - 1) < 1e-12);
	assert_true(fabs(rate_posterior_mean(&u, 3, 1) - 4.0 / 6) < 1e-12);
}

static void test_p_estimate(void **state)
{
	(void)state;
	/* Beta CDF sanity: Beta(1,1) is uniform; Beta(2,1) has CDF x^2 */
	assert_true(fabs(beta_inc(1, 1, 0.3) - 0.3) < 1e-12);
	assert_true(fabs(beta_inc(2, 1, 0.5) - 0.25) < 1e-12);
	assert_true(fabs(beta_inc(2, 3, 0.4) - 0.5248) < 1e-10);
	/* 20 crashes in 20 runs: lower 10% bound of Beta(21, 1) is 0.1^(1/21) */
	assert_true(fabs(posterior_p_estimate(20, 20, 0.1) - pow(0.1, 1.0 / 21)) < 1e-6);
	/* conservative: below the plain ratio */
	assert_true(posterior_p_estimate(6, 20, 0.1) < 0.3);
	assert_true(posterior_p_estimate(6, 20, 0.1) > 0.1);
	assert_true(posterior_p_estimate(0, 20, 0.1) == 0);
}

static void test_probe_information(void **state)
{
	double best_a = 0, best = -1;

	(void)state;
	/* a perfect reproducer: the best split is the middle */
	for (int i = 1; i < 100; i++) {
		double a = i / 100.0, info = probe_information(a, 1, 0, false);

		if (info > best) {
			best = info;
			best_a = a;
		}
	}
	assert_true(fabs(best_a - 0.5) < 0.011);
	assert_true(fabs(best - 1) < 1e-3);
	/* a flaky one (Z channel): below the middle, and less than a bit */
	best = -1;
	for (int i = 1; i < 100; i++) {
		double a = i / 100.0, info = probe_information(a, 0.3, 0, false);

		if (info > best) {
			best = info;
			best_a = a;
		}
	}
	assert_true(best_a > 0.35 && best_a < 0.5);
	assert_true(best < 0.3);
	assert_true(probe_information(0, 0.3, 1e-4, false) < 1e-6);
}

static void test_syzbot_rule(void **state)
{
	static const struct {
		int crashes, oks, total;
		bool flaky;
		enum syz_verdict want;
		bool want_flaky;
	} rows[] = {
		{ 0, 10, 10, false, SYZ_GOOD, false },
		{ 0, 5, 10, false, SYZ_GOOD, false },	/* half OK is enough */
		{ 0, 4, 10, false, SYZ_SKIP, false },	/* too many boot failures */
		{ 0, 6, 10, true, SYZ_SKIP, false },	/* flaky: 3/4 OK wanted */
		{ 0, 8, 10, true, SYZ_GOOD, false },
		{ 1, 9, 10, false, SYZ_SKIP, false },	/* one crash is not enough */
		{ 2, 8, 10, false, SYZ_BAD, true },	/* bad, but under half crashed */
		{ 10, 0, 10, false, SYZ_BAD, false },
		{ 2, 18, 20, false, SYZ_SKIP, false },	/* 3 of 20 wanted */
		{ 3, 17, 20, false, SYZ_BAD, true },
		{ 3, 2, 10, false, SYZ_BAD, false },	/* 5 of 10 ended OK or crashed */
		{ 3, 1, 10, false, SYZ_SKIP, false },	/* the rest failed to boot */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		bool flaky = false;
		enum syz_verdict v = syzbot_verdict(rows[i].crashes, rows[i].oks, rows[i].total,
						    rows[i].flaky, &flaky);

		if (v != rows[i].want || flaky != rows[i].want_flaky)
			fail_msg("row %zu: verdict %d flaky %d", i, v, flaky);
	}
	/* git's "(roughly N steps)", checked against syzbot's log */
	assert_int_equal(git_bisect_steps(17043), 13);
	assert_int_equal(git_bisect_steps(2), 0);
	assert_int_equal(git_bisect_steps(4), 1);
	assert_int_equal(git_bisect_steps(1000), 9);
}

static void test_journal_round_trip(void **state)
{
	char dir[] = "/tmp/culprit-test-journal-XXXXXX";
	char *path;
	struct journal *j;
	struct jbuild b = { 0 };
	struct jrun r = { 0 };
	const struct jrun *got;
	const struct jbuild *gb;
	char *alts[] = { "KASAN: use-after-free Read in g" };
	struct jcrash crashes[2] = {
		{ "KASAN: use-after-free Read in f", alts, 1 },
		{ "WARNING in h\twith a tab", NULL, 0 },
	};
	bool built;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xstrfmt("%s/journal", dir);
	j = journal_open(path, "mode=cause bad=x", NULL, false, NULL);
	assert_non_null(j);
	memset(b.hash, 'a', VCS_HEXSZ);
	b.status = BUILD_OK;
	memset(b.signature, 'b', SIGNATURE_HEXSZ);
	b.seconds = 12.5;
	b.compiler = "gcc (GCC) 12.2.0";
	assert_int_equal(journal_add_checkout(j, b.hash), 0);
	assert_int_equal(journal_add_build(j, &b), 0);
	strcpy(r.signature, b.signature);
	r.index = 3;
	r.verdict = RUN_CRASHED;
	r.seconds = 1.25;
	r.crashes = crashes;
	r.crashes_nr = 2;
	r.report = "line one\nline\\two\n";
	assert_int_equal(journal_add_run(j, &r), 0);
	journal_close(j);

	/* a record cut short by kill -9 is ignored */
	f = fopen(path, "a");
	fputs("run\tbbbb\t4\tok", f);
	fclose(f);

	j = journal_open(path, "mode=cause bad=x", NULL, true, NULL);
	assert_non_null(j);
	gb = journal_find_build(j, b.hash);
	assert_non_null(gb);
	assert_int_equal(gb->status, BUILD_OK);
	assert_string_equal(gb->signature, b.signature);
	assert_string_equal(gb->compiler, "gcc (GCC) 12.2.0");
	assert_string_equal(journal_tree_commit(j, &built), b.hash);
	assert_true(built);
	got = journal_find_run(j, b.signature, 3);
	assert_non_null(got);
	assert_int_equal(got->verdict, RUN_CRASHED);
	assert_int_equal(got->crashes_nr, 2);
	assert_string_equal(got->crashes[0].alts[0], alts[0]);
	assert_string_equal(got->crashes[1].title, "WARNING in h\twith a tab");
	assert_string_equal(got->report, "line one\nline\\two\n");
	assert_null(journal_find_run(j, b.signature, 4));
	journal_close(j);

	/* another job's journal is refused */
	set_error_quiet(true);
	assert_null(journal_open(path, "mode=cause bad=y", NULL, true, NULL));
	set_error_quiet(false);
	unlink(path);
	rmdir(dir);
	free(path);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* a journal proves what it holds: header first, torn tails cut, links and headless files refused */
static void test_journal_header(void **state)
{
	char dir[] = "/tmp/culprit-test-journal-XXXXXX";
	char *path, *link;
	struct journal *j;
	struct jrun r = { 0 };
	struct strvec params = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	enum journal_error why;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xstrfmt("%s/journal", dir);
	link = xstrfmt("%s/link", dir);
	strvec_pushl(&params, "policy", "bayes", "timeout", "60", NULL);
	memset(r.signature, 'b', SIGNATURE_HEXSZ);
	r.verdict = RUN_TIMED_OUT;

	/* a 0-byte journal (a kill between create and header) gets its header */
	write_text(path, "");
	j = journal_open(path, "mode=cause bad=x", &params, false, NULL);
	assert_non_null(j);
	assert_string_equal(journal_param(j, "policy"), "bayes");
	assert_int_equal(journal_add_run(j, &r), 0);
	journal_close(j);
	assert_true(strbuf_read_file(&sb, path) > 0);
	assert_true(starts_with(sb.buf, "culprit-journal 2\njob\tmode=cause bad=x\n"
					"param\tpolicy\tbayes\nparam\ttimeout\t60\nrun\t"));
	strbuf_reset(&sb);
	/* ... so another job cannot take its records */
	set_error_quiet(true);
	assert_null(journal_open(path, "mode=cause bad=x test=true", &params, false, &why));
	assert_int_equal(why, JOURNAL_REFUSED);

	/* runs remember their timeout; a new timeout is recorded once */
	j = journal_open(path, "mode=cause bad=x", &params, false, NULL);
	assert_non_null(j);
	assert_true(journal_find_run(j, r.signature, 0)->timeout == 60);
	assert_int_equal(journal_set_param(j, "timeout", "60"), 0);
	assert_int_equal(journal_set_param(j, "timeout", "120"), 0);
	r.index = 1;
	assert_int_equal(journal_add_run(j, &r), 0);
	assert_true(journal_find_run(j, r.signature, 1)->timeout == 120);
	journal_close(j);

	/* a torn last line is cut when the journal is opened for writing */
	{
		FILE *f = fopen(path, "a");

		fputs("run\tbbbb\t4\tcrash", f);
		fclose(f);
	}
	j = journal_open(path, "mode=cause bad=x", &params, true, NULL);
	assert_non_null(j);
	journal_close(j);
	j = journal_open(path, "mode=cause bad=x", &params, false, NULL);
	assert_non_null(j);
	r.index = 2;
	assert_int_equal(journal_add_run(j, &r), 0);
	journal_close(j);
	assert_true(strbuf_read_file(&sb, path) > 0);
	assert_null(strstr(sb.buf, "crash"));
	assert_non_null(strstr(sb.buf, "\nrun\t"));
	assert_true(ends_with(sb.buf, "\n"));
	j = journal_open(path, "mode=cause bad=x", &params, true, NULL);
	assert_true(journal_find_run(j, r.signature, 1)->timeout == 120);
	assert_true(journal_find_run(j, r.signature, 2)->timeout == 120);
	journal_close(j);
	strbuf_reset(&sb);

	/* records without a header are nobody's: refused */
	write_text(path, "job\tmode=cause bad=x\nrun\tbbbb\t0\tok\t1.0\t\t0\t\n");
	assert_null(journal_open(path, "mode=cause bad=x", &params, false, &why));
	assert_int_equal(why, JOURNAL_REFUSED);
	write_text(path, "checkout\t0000000000000000000000000000000000000000\n");
	assert_null(journal_open(path, "mode=cause bad=x", &params, true, &why));
	/* a newer format is refused, an old one read */
	write_text(path, "culprit-journal 3\njob\tmode=cause bad=x\n");
	assert_null(journal_open(path, "mode=cause bad=x", &params, true, &why));
	write_text(path, "culprit-journal 1\njob\tmode=cause bad=x\n"
			 "run\tbbbb\t0\ttimed-out\t1.0\t\t0\t\n");
	j = journal_open(path, "mode=cause bad=x", &params, true, NULL);
	assert_non_null(j);
	assert_null(journal_param(j, "policy"));
	assert_true(journal_find_run(j, "bbbb", 0)->timeout == -1);
	journal_close(j);

	/* a link is never followed */
	unlink(path);
	write_text(link, "");
	assert_int_equal(symlink(link, path), 0);
	assert_null(journal_open(path, "mode=cause bad=x", &params, false, &why));
	assert_int_equal(why, JOURNAL_REFUSED);
	assert_true(strbuf_read_file(&sb, link) == 0);
	set_error_quiet(false);

	strbuf_release(&sb);
	strvec_clear(&params);
	unlink(path);
	unlink(link);
	rmdir(dir);
	free(path);
	free(link);
}

static void test_job_file(void **state)
{
	char path[] = "/tmp/culprit-test-job-XXXXXX";
	int fd = mkstemp(path);
	struct bisect_job job = BISECT_JOB_INIT;
	const char text[] = "[bisect]\n\trepo = /src/prog\n\tbad = HEAD\n\tgood = v1.0\n"
			    "\tgood = v1.1\n\truns = 7\n\tpolicy = syzbot\n\ttimeout = 2m\n"
			    "[kernel]\n\tconfig = k.config\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	assert_int_equal(bisect_job_read_file(&job, path), 0);
	assert_string_equal(job.repo, "/src/prog");
	assert_int_equal(job.goods.nr, 2);
	assert_string_equal(job.goods.v[1], "v1.1");
	assert_int_equal(job.runs, 7);
	assert_int_equal(job.policy, BISECT_POLICY_SYZBOT);
	assert_true(job.timeout == 120);
	assert_string_equal(job.backend, "kernel");
	assert_string_equal(job.extra.v[0], "kernel.config=k.config");
	/* flags override */
	assert_int_equal(bisect_job_set(&job, "runs", "3"), 0);
	assert_int_equal(job.runs, 3);
	set_error_quiet(true);
	assert_int_equal(bisect_job_set(&job, "runs", "many"), -1);
	assert_int_equal(bisect_job_set(&job, "colour", "red"), -1);
	assert_int_equal(bisect_job_set(&job, "mode", "sideways"), -1);
	set_error_quiet(false);
	bisect_job_release(&job);
	bisect_job_release(&job);	/* harmless twice */
	unlink(path);
}

/* scenario table: the same engine against the simulated oracle */
static void test_sim_scenarios(void **state)
{
	static const struct {
		const char *name;
		double p, other, skip, noop, merges;
		enum bisect_mode mode;
		enum bisect_policy policy;
		double min_exact;
	} rows[] = {
		{ "deterministic", 1, 0, 0, 0, 0.1, BISECT_CAUSE, BISECT_POLICY_BAYES, 1.0 },
		{ "deterministic syzbot", 1, 0, 0, 0, 0.1, BISECT_CAUSE, BISECT_POLICY_SYZBOT, 1.0 },
		{ "flaky with noise", 0.3, 0.05, 0, 0, 0.1, BISECT_CAUSE, BISECT_POLICY_BAYES, 0.9 },
		{ "fix mode", 0.5, 0, 0, 0, 0.1, BISECT_FIX, BISECT_POLICY_BAYES, 0.9 },
		{ "linear, no-op commits", 1, 0, 0, 0.2, 0, BISECT_CAUSE, BISECT_POLICY_BAYES, 1.0 },
		{ "broken builds", 1, 0, 0.1, 0, 0.1, BISECT_CAUSE, BISECT_POLICY_BAYES, 0.5 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct sim_params p = SIM_PARAMS_INIT;
		struct sim_stats st;
		int right = 0;

		p.commits = 300;
		p.trials = 40;
		p.p = rows[i].p;
		p.other = rows[i].other;
		p.skip_rate = rows[i].skip;
		p.noop_rate = rows[i].noop;
		p.merge_share = rows[i].merges;
		p.mode = rows[i].mode;
		assert_int_equal(sim_run(&p, rows[i].policy, &st), 0);
		/* the right commit named (unreliable ones too: a merge culprit is flagged) */
		for (int b = 0; b < SIM_CALIBRATION_BUCKETS; b++)
			right += st.calibration[b].right;
		assert_true(st.exact <= right);
		if (right < rows[i].min_exact * st.trials)
			fail_msg("%s: %d of %d right", rows[i].name, right, st.trials);
		/* a deterministic reproducer never misleads bayes */
		if (rows[i].p == 1 && rows[i].policy == BISECT_POLICY_BAYES)
			assert_int_equal(st.wrong, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ancestors_and_mass),
		cmocka_unit_test(test_mass_random_dags),
		cmocka_unit_test(test_posterior),
		cmocka_unit_test(test_posterior_rate_bound),
		cmocka_unit_test(test_p_estimate),
		cmocka_unit_test(test_posterior_noop),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_probe_information),
		cmocka_unit_test(test_syzbot_rule),
		cmocka_unit_test(test_journal_round_trip),
		cmocka_unit_test(test_journal_header),
		cmocka_unit_test(test_job_file),
		cmocka_unit_test(test_sim_scenarios),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
