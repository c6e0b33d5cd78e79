// SPDX-License-Identifier: Apache-2.0
/*
 * posterior.c - graph walks, the Bayesian posterior, probe information and
 * syzbot's verdict rule (see posterior.h for the model).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "posterior.h"
#include "../util/util.h"

/* ------------------------------------------------------------ rates */

static double lbeta(double a, double b)
{
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

double rate_log_marginal(const struct rate_prior *r, int k, int n)
{
	double t[RATE_PRIOR_MAX], max = -INFINITY, sum = 0;

	if (!r->nr) {
		double v = r->point;

		return (k ? k * log(v > 1e-300 ? v : 1e-300) : 0) +
		       (n ? n * log1p(-(v < 1 - 1e-16 ? v : 1 - 1e-16)) : 0);
	}
	for (size_t j = 0; j < r->nr; j++) {
		t[j] = log(r->w[j]) + lbeta(r->a[j] + k, r->b[j] + n) - lbeta(r->a[j], r->b[j]);
		if (t[j] > max)
			max = t[j];
	}
	for (size_t j = 0; j < r->nr; j++)
		sum += exp(t[j] - max);
	return max + log(sum);
}

double rate_posterior_mean(const struct rate_prior *r, int k, int n)
{
	double t[RATE_PRIOR_MAX], max = -INFINITY, sum = 0, mean = 0;

	if (!r->nr)
		return r->point;
	for (size_t j = 0; j < r->nr; j++) {
		t[j] = log(r->w[j]) + lbeta(r->a[j] + k, r->b[j] + n) - lbeta(r->a[j], r->b[j]);
		if (t[j] > max)
			max = t[j];
	}
	for (size_t j = 0; j < r->nr; j++) {
		double w = exp(t[j] - max);

		sum += w;
		mean += w * (r->a[j] + k) / (r->a[j] + r->b[j] + k + n);
	}
	return mean / sum;
}

double rate_posterior_var(const struct rate_prior *r, int k, int n)
{
	double t[RATE_PRIOR_MAX], max = -INFINITY, sum = 0, m1 = 0, m2 = 0;

	if (!r->nr)
		return 0;
	for (size_t j = 0; j < r->nr; j++) {
		t[j] = log(r->w[j]) + lbeta(r->a[j] + k, r->b[j] + n) - lbeta(r->a[j], r->b[j]);
		if (t[j] > max)
			max = t[j];
	}
	for (size_t j = 0; j < r->nr; j++) {
		double w = exp(t[j] - max), a = r->a[j] + k, b = r->b[j] + n;

		sum += w;
		m1 += w * a / (a + b);
		m2 += w * a * (a + 1) / ((a + b) * (a + b + 1));
	}
	m1 /= sum;
	m2 /= sum;
	return m2 > m1 * m1 ? m2 - m1 * m1 : 0;
}

/*
 * log P(eps < ratio * p) under the rates' posteriors after (k, n) on the
 * crashing side and (ko, no) on the other, eps - ratio * p taken as normal.
 */
static double log_rate_bound(const struct model_prior *mp, int k, int n, int ko, int no)
{
	double mp_ = rate_posterior_mean(&mp->p, k, n), me = rate_posterior_mean(&mp->eps, ko, no);
	double v = mp->eps_ratio * mp->eps_ratio * rate_posterior_var(&mp->p, k, n) +
		   rate_posterior_var(&mp->eps, ko, no);
	double d = mp->eps_ratio * mp_ - me, c;

	if (!(v > 0))
		return d > 0 ? 0 : log(1e-300);
	c = 0.5 * erfc(-d / sqrt(2 * v));
	return log(c > 1e-300 ? c : 1e-300);
}

/* ------------------------------------------------------- the posterior */

void posterior_work_release(struct posterior_work *w)
{
	free(w->kin);
	free(w->nin);
	free(w->amb);
	memset(w, 0, sizeof(*w));
}

/* v[c] += d for every c in set (c < n) */
static void add_over_set(int *v, size_t n, const uint64_t *set, int d)
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
				v[c] += d;
		}
	}
}

static void work_reset(struct posterior_work *w, size_t n)
{
	if (w->cap < n) {
		free(w->kin);
		free(w->nin);
		free(w->amb);
		w->kin = xmalloc(n * sizeof(int));
		w->nin = xmalloc(n * sizeof(int));
		w->amb = xmalloc(n * sizeof(int));
		w->cap = n;
	}
	memset(w->kin, 0, n * sizeof(int));
	memset(w->nin, 0, n * sizeof(int));
	memset(w->amb, 0, n * sizeof(int));
}

/*
 * The counts per candidate: crashes and OK runs on its crashing side (in
 * fix mode first those of the units it is in, turned around below), and
 * the units it is a no-op candidate of. K, N: the totals.
 */
static void count_sides(size_t n, const struct evidence_unit *units, size_t units_nr,
			bool fix_mode, struct posterior_work *w, int *K, int *N)
{
	work_reset(w, n);
	*K = *N = 0;
	for (size_t u = 0; u < units_nr; u++) {
		const struct evidence_unit *e = &units[u];
		const uint64_t *all = e->all_set ? e->all_set : e->set;
		/* cause: the crashing side is in all of the commits; fix: in none */
		const uint64_t *side = fix_mode ? e->set : all;

		*K += e->crashes;
		*N += e->oks;
		add_over_set(w->kin, n, side, e->crashes);
		add_over_set(w->nin, n, side, e->oks);
		if (all != e->set) {
			add_over_set(w->amb, n, e->set, 1);
			add_over_set(w->amb, n, all, -1);
		}
	}
	if (fix_mode) {
		for (size_t c = 0; c < n; c++) {
			w->kin[c] = *K - w->kin[c];
			w->nin[c] = *N - w->nin[c];
		}
	}
}

size_t posterior_compute(size_t n, const struct evidence_unit *units, size_t units_nr,
			 const struct model_prior *mp, bool fix_mode, struct posterior_work *w,
			 double *post, struct posterior_summary *sum)
{
	double max = -INFINITY, total = 0, none_ll = -INFINITY, ll = 0, lnoop;
	int K, N, pk = -1, pn = -1, pa = -1;
	size_t best = 0;

	memset(sum, 0, sizeof(*sum));
	if (n == 0)
		return 0;
	count_sides(n, units, units_nr, fix_mode, w, &K, &N);
	lnoop = log(mp->noop > 0 ? mp->noop : 1e-300);
	for (size_t c = 0; c < n; c++) {
		int k = w->kin[c], m = w->nin[c], a = w->amb[c];

		/* neighbours often share their counts: reuse the last value */
		if (k != pk || m != pn || a != pa) {
			ll = rate_log_marginal(&mp->p, k, m) +
			     rate_log_marginal(&mp->eps, K - k, N - m) + a * lnoop;
			if (mp->eps_ratio > 0)
				ll += log_rate_bound(mp, k, m, K - k, N - m);
			pk = k;
			pn = m;
			pa = a;
		}
		post[c] = ll;
		if (ll > max) {
			max = ll;
			best = c;
		}
	}
	if (mp->none > 0) {
		/* its prior against one candidate's (1 - none) / n */
		none_ll = rate_log_marginal(&mp->p, K, N) + log(mp->none) -
			  log((1 - mp->none) / (double)n);
		if (none_ll > max)
			max = none_ll;
	}
	for (size_t c = 0; c < n; c++) {
		post[c] = exp(post[c] - max);
		total += post[c];
	}
	sum->none = mp->none > 0 ? exp(none_ll - max) : 0;
	total += sum->none;
	for (size_t c = 0; c < n; c++)
		post[c] /= total;
	sum->none /= total;
	sum->top = best;
	sum->top_is_none = sum->none > post[best];
	if (sum->top_is_none) {
		sum->k_in = K;
		sum->n_in = N;
	} else {
		sum->k_in = w->kin[best];
		sum->n_in = w->nin[best];
		sum->k_out = K - sum->k_in;
		sum->n_out = N - sum->n_in;
	}
	sum->p_mean = rate_posterior_mean(&mp->p, sum->k_in, sum->n_in);
	sum->eps_mean = rate_posterior_mean(&mp->eps, sum->k_out, sum->n_out);
	return best;
}

/* the continued fraction of the incomplete beta function (modified Lentz) */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap, h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;

		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-13)
			break;
	}
	return h;
}

double beta_inc(double a, double b, double x)
{
	double bt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return bt * beta_cf(a, b, x) / a;
	return 1 - bt * beta_cf(b, a, 1 - x) / b;
}

double posterior_p_estimate(int k, int n, double q)
{
	double lo = 0, hi = 1;

	if (k <= 0)
		return 0;
	if (k > n)
		k = n;
	/* find x with I_x(1 + k, 1 + n - k) = q */
	for (int i = 0; i < 50; i++) {
		double mid = (lo + hi) / 2;

		if (beta_inc(1 + k, 1 + n - k, mid) < q)
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
