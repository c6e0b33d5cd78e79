// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of what build classes do to the search (classes.c): the
 * candidates no class allows get no posterior mass, the bayes policy never
 * probes one of them (a class weighs as one commit: its possible member is
 * probed) and needs fewer probes on the smaller effective range; the
 * build.keys job key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bisect/bisect.h"
#include "bisect/policy.h"
#include "util/util.h"

#define TITLE "BUG: sleeping function called from invalid context in f"
#define N 60
#define CULPRIT 37

#include "engine_fixture.h"

/*
 * Bisect the linear slice with bayes, a perfect reproducer, `impossible`
 * (NULL: none) as classes.c would set it. Returns the probes made; fails
 * when one is an impossible candidate.
 */
static int bisect(const uint64_t *impossible)
{
	const struct bisect_policy_ops *pol = &bisect_policy_bayes;
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct bisect_state st;
	struct bisect_probe probe;
	struct bisect_round round = { .max = 1, .probes = &probe };
	struct vcs_dag dag;
	struct unit *u;
	int probes = 0;
	void *ps;

	bisect_state_init(&st, &job, &res);
	st.runs = 6;
	st.conf = 0.99;
	ps = pol->start(&st);
	linear_dag(&dag, N);
	bisect_state_set_slice(&st, &dag);
	st.impossible = impossible;
	u = tested(&st, N - 1);
	st.bad_unit = (int)(u - st.units);
	for (int i = 0; i < 12; i++)
		add_run(&st, u, true);
	bisect_choose_target(&st);
	unit_recount(&st, u);
	pol->search_begin(ps, &st, N - 1);
	for (;;) {
		struct bisect_step s = { 0 };
		bool crashes;
		int from, limit;

		pol->next(ps, &st, &round);
		if (!round.nr)
			break;
		if (impossible)
			assert_false(bitset_test(impossible, probe.node));
		crashes = probe.node >= CULPRIT;
		u = tested(&st, probe.node);
		from = u->runs;
		limit = pol->runs_wanted(ps, &st, u, BISECT_PLAN_PROBE);
		while (u->runs < limit && !pol->settled(ps, &st, u, from, BISECT_PLAN_PROBE))
			add_run(&st, u, crashes);
		pol->update(ps, &st, &probe, pol->verdict(ps, &st, &s, u), &s,
			    &st.tested[st.tested_nr - 1]);
		res.steps_nr++;
		assert_true(++probes < 30);
	}
	assert_int_equal(round.end, BISECT_SEARCH_FOUND);
	assert_int_equal(round.culprit, CULPRIT);
	bisect_posterior(&st);
	for (size_t c = 0; impossible && c < N; c++)
		if (bitset_test(impossible, c))
			assert_true(st.post[c] == 0);
	pol->release(ps);
	bisect_state_release(&st);
	dag_free(&dag);
	res.steps_nr = 0;
	bisect_result_release(&res);
	return probes;
}

/*
 * Two commits in three are no-ops (the key of their parent): with the
 * classes the 60 candidates are 20, the culprit comes out all the same,
 * never through a probe of a no-op commit, and with fewer probes.
 */
static void test_noop_commits(void **state)
{
	uint64_t imp[2] = { 0 };
	int with, without;

	(void)state;
	for (size_t c = 0; c < N; c++)
		if (c % 3 && c != CULPRIT)
			bitset_set(imp, c);
	with = bisect(imp);
	without = bisect(NULL);
	print_message("probes: %d with no-op commits known, %d without\n", with, without);
	assert_true(with < without);
}

/* the posterior over the possible candidates only, renormalised; none possible: unchanged */
static void test_restrict(void **state)
{
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct bisect_state st;
	struct vcs_dag dag;
	uint64_t imp[2] = { 0 };
	double sum = 0;

	(void)state;
	bisect_state_init(&st, &job, &res);
	linear_dag(&dag, 4);
	bisect_state_set_slice(&st, &dag);
	for (size_t c = 0; c < 4; c++)
		st.post[c] = 0.25;
	bitset_set(imp, 1);
	st.impossible = imp;
	bisect_restrict_posterior(&st);
	assert_true(st.post[1] == 0);
	for (size_t c = 0; c < 4; c++)
		sum += st.post[c];
	assert_true(sum > 0.999999 && sum < 1.000001);
	assert_true(st.post[0] > 0.333 && st.post[0] < 0.334);
	/* runs that put all the mass on impossible candidates win over the classes */
	st.post[0] = st.post[2] = st.post[3] = 0;
	st.post[1] = 1;
	bisect_restrict_posterior(&st);
	assert_true(st.post[1] == 1);
	bisect_state_release(&st);
	dag_free(&dag);
}

static void test_job_key(void **state)
{
	struct bisect_job job = BISECT_JOB_INIT;
	bool on = false;

	(void)state;
	assert_int_equal(bisect_job_build_keys(&job, &on), 0);
	assert_true(on);
	assert_int_equal(bisect_job_set(&job, "build.keys", "off"), 0);
	assert_int_equal(bisect_job_build_keys(&job, &on), 0);
	assert_false(on);
	assert_int_equal(bisect_job_set(&job, "build.keys", "sometimes"), 0);
	assert_int_equal(bisect_job_build_keys(&job, &on), -1);
	bisect_job_release(&job);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_noop_commits),
		cmocka_unit_test(test_restrict),
		cmocka_unit_test(test_job_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
