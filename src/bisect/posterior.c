// SPDX-License-Identifier: Apache-2.0
/*
 * posterior.c - the Bayesian posterior, probe information and
 * syzbot's verdict rule (see posterior.h for the model).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "posterior.h"
#include "../util/util.h"

static double safe_log(double x)
{
	return log(x > 1e-300 ? x : 1e-300);
}

static void add_over_set(double *post, size_t n, const uint64_t *set, double d)
{
	size_t words = bitset_words(n);

	if (d == 0)
		return;
	for (size_t wi = 0; wi < words; wi++) {
		uint64_t bits = set[wi];

		while (bits) {
			size_t c = wi * 64 + (size_t)__builtin_ctzll(bits);

			bits &= bits - 1;
			if (c < n)
				post[c] += d;
		}
	}
}

size_t posterior_compute(size_t n, const struct evidence_unit *units, size_t units_nr,
			 double p, double eps, bool fix_mode, double *post)
{
	double in_crash = fix_mode ? eps : p, out_crash = fix_mode ? p : eps;
	double base = 0, max;
	size_t best = 0;

	for (size_t c = 0; c < n; c++)
		post[c] = 0;
	for (size_t u = 0; u < units_nr; u++) {
		const struct evidence_unit *e = &units[u];
		double dc = e->crashes * (safe_log(in_crash) - safe_log(out_crash));
		double dk = e->oks * (safe_log(1 - in_crash) - safe_log(1 - out_crash));
		const uint64_t *all = e->all_set ? e->all_set : e->set;
		/* cause: crashes speak of all_set, OKs of set; fix: the reverse */
		const uint64_t *crash_set = fix_mode ? e->set : all;
		const uint64_t *ok_set = fix_mode ? all : e->set;

		base += e->crashes * safe_log(out_crash) + e->oks * safe_log(1 - out_crash);
		if (crash_set == ok_set) {
			add_over_set(post, n, crash_set, dc + dk);
		} else {
			add_over_set(post, n, crash_set, dc);
			add_over_set(post, n, ok_set, dk);
		}
	}
	(void)base;
	max = -INFINITY;
	for (size_t c = 0; c < n; c++) {
		if (post[c] > max) {
			max = post[c];
			best = c;
		}
	}
	if (n == 0)
		return 0;
	{
		double sum = 0;

		for (size_t c = 0; c < n; c++) {
			post[c] = exp(post[c] - max);
			sum += post[c];
		}
		for (size_t c = 0; c < n; c++)
			post[c] /= sum;
	}
	return best;
}

static double log_choose(int n, int k)
{
	return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0);
}

double beta_cdf_int(int a, int b, double x)
{
	/* I_x(a, b) = P(Binomial(a + b - 1, x) >= a) */
	int m = a + b - 1;
	double sum = 0;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	for (int j = a; j <= m; j++)
		sum += exp(log_choose(m, j) + j * log(x) + (m - j) * log1p(-x));
	return sum > 1 ? 1 : sum;
}

double posterior_p_estimate(int k, int n, double q)
{
	double lo = 0, hi = 1;

	if (k <= 0)
		return 0;
	if (k > n)
		k = n;
	/* find x with I_x(1 + k, 1 + n - k) = q */
	for (int i = 0; i < 60; i++) {
		double mid = (lo + hi) / 2;

		if (beta_cdf_int(1 + k, 1 + n - k, mid) < q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double entropy2(double x)
{
	if (x <= 0 || x >= 1)
		return 0;
	return -x * log2(x) - (1 - x) * log2(1 - x);
}

double probe_information(double a, double p, double eps, bool fix_mode)
{
	double in_crash = fix_mode ? eps : p, out_crash = fix_mode ? p : eps;

	if (a < 0)
		a = 0;
	if (a > 1)
		a = 1;
	return entropy2(a * in_crash + (1 - a) * out_crash) - a * entropy2(in_crash) -
	       (1 - a) * entropy2(out_crash);
}

enum syz_verdict syzbot_verdict(int crashes, int oks, int total, bool flaky, bool *became_flaky)
{
	int want_good = flaky ? total * 3 / 4 : total / 2;
	int want_total = total / 2;
	int want_crashes = total >= 20 ? 3 : 2;

	if (crashes == 0 && oks >= want_good && oks > 0)
		return SYZ_GOOD;
	if (crashes >= want_crashes && crashes + oks >= want_total) {
		if (became_flaky && crashes * 2 < crashes + oks)
			*became_flaky = true;
		return SYZ_BAD;
	}
	return SYZ_SKIP;
}

int git_bisect_steps(size_t all)
{
	size_t e = 1;
	int n = 0;

	if (all < 3)
		return 0;
	while (e * 2 <= all) {
		e *= 2;
		n++;
	}
	return e < 3 * (all - e) ? n : n - 1;
}
