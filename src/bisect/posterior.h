/* SPDX-License-Identifier: Apache-2.0 */
/*
 * posterior.h - the arithmetic of the bisection policies, kept free of I/O
 * so unit tests and `culprit sim` exercise exactly what `culprit bisect` runs.
 *
 * THE GRAPH. A struct bgraph is the candidate slice of the commit DAG
 * (struct vcs_dag: parents before children, indices). The only question the
 * model asks of it is "is candidate c an ancestor of (or equal to) X". Two
 * tools answer it without N^2 memory:
 *   - bgraph_ancestors(): a bitset of anc(X), by a walk over parents
 *     (O(|anc(X)|)), computed once per tested commit and cached by the caller;
 *   - bgraph_mass(): for every X at once, the sum of a weight over anc(X).
 *     A commit with at most one parent in the slice has
 *     mass(X) = w(X) + mass(parent) (git bisect's trick for linear runs);
 *     a merge adds the ancestors of its other parents that its first
 *     parent lacks, found once per graph (bgraph.c). So one pass costs
 *     O(N + sum over merges of those), near-linear for kernel-like
 *     histories (10^6 commits with 10% merges).
 *
 * THE MODEL (bayes; the glue and its constants are in bayes.c). The
 * hypotheses are "candidate c is the culprit" for every c, and "no culprit
 * in range" (the crash is not introduced between the ends: it happens at
 * the same rate everywhere, the good end included). In cause mode a run at X
 * shows the target crash with probability p if c is an ancestor of X
 * (c <= X), else eps (a look-alike crash); in fix mode with eps if c <= X,
 * else p; under "no culprit" with p everywhere. OK runs are the complement;
 * other runs carry no evidence. Neither rate is assumed: each has a prior
 * (a mixture of Beta distributions) and is integrated out, so the
 * likelihood of a hypothesis depends on the runs only through four counts,
 * the target crashes and OK runs on its crashing side and on its other side:
 *	L(h) = B_p(K_in, N_in) * B_eps(K_out, N_out) * P(eps < r p | runs),
 *	B(K, N) = sum_j w_j Beta(a_j + K, b_j + N) / Beta(a_j, b_j).
 * The last factor is the prior's bound eps < r p (r = eps_ratio): with
 * independent rates a candidate whose look-alike rate matches its crash
 * rate explains a crash that happens everywhere as well as "no culprit"
 * does, so "no culprit" could never win; the bound makes such a candidate
 * pay for it. Its probability under the two rates' posteriors is taken
 * with a normal approximation of eps - r p (the prior's own mass of the
 * bound is near 1 and the same for every candidate).
 * Evidence is grouped in units (one per artifact signature): a unit has k
 * target crashes and n OK runs and the candidates that are ancestors of any
 * (`set`) and of all (`all_set`) of the commits that built to it. A
 * candidate in set but not in all_set is one the artifact did not change at
 * (a no-op commit): under it the unit's runs count on the non-crashing
 * side, and the hypothesis pays NOOP for the coincidence (a culprit that
 * leaves the artifact unchanged is unlikely), so every hypothesis gives a
 * proper distribution of the runs. The posterior is recomputed from
 * scratch from the recorded runs each time (stateless).
 *
 * PROBES. For each X, a(X) = P(c <= X). The information one run at X gives
 * about "c <= X" is H(a p + (1-a) eps) - a H(p) - (1-a) H(eps) (cause); the
 * probe is the testable X that maximises it (near a ~ 0.4-0.5).
 */
#ifndef CULPRIT_BISECT_POSTERIOR_H
#define CULPRIT_BISECT_POSTERIOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bgraph {
	size_t n;
	size_t **parents;	/* in-slice parents, indices < own index */
	size_t *parents_nr;
	/* scratch for walks (owned) */
	uint32_t *stamp;
	uint32_t epoch;
	size_t *stack;
	/* excl(merge) = anc(other parents) \ anc(first parent), see bgraph.c */
	size_t *excl_off, *excl, excl_nr;
};

/* Borrow the parent lists (not copied); allocate scratch. */
void bgraph_init(struct bgraph *g, size_t n, size_t **parents, size_t *parents_nr);
void bgraph_release(struct bgraph *g);

/* Bitsets of n bits. */
static inline size_t bitset_words(size_t n) { return (n + 63) / 64; }
static inline bool bitset_test(const uint64_t *b, size_t i) { return b[i / 64] >> (i % 64) & 1; }
static inline void bitset_set(uint64_t *b, size_t i) { b[i / 64] |= (uint64_t)1 << (i % 64); }

/* anc(x) (x included) as a new bitset of bitset_words(n) + 1 words (free()). */
uint64_t *bgraph_ancestors(struct bgraph *g, size_t x);
/* OR the ancestors of x into `set` (which may already hold bits). */
void bgraph_add_ancestors(struct bgraph *g, size_t x, uint64_t *set);

/* mass[x] = sum of w[c] over c in anc(x), for every x. */
void bgraph_mass(struct bgraph *g, const double *w, double *mass);
/*
 * excl(x) of every merge x, found once per graph: g->excl[g->excl_off[x] ..
 * bgraph_excl_end(g, x)); excl_off[x] == SIZE_MAX for a merge past the walk
 * budget (walk its ancestors instead).
 */
void bgraph_excl(struct bgraph *g);
size_t bgraph_excl_end(const struct bgraph *g, size_t x);

/* ---- evidence and posterior ---- */

/*
 * A unit is one artifact signature; several commits may build to it (no-op
 * changes). `set` holds the candidates that are ancestors of ANY of them,
 * `all_set` those that are ancestors of ALL of them (NULL: the same).
 */
struct evidence_unit {
	const uint64_t *set;
	const uint64_t *all_set;
	int crashes;		/* target crashes */
	int oks;		/* OK runs */
};

/*
 * The prior of a rate: a mixture of up to RATE_PRIOR_MAX Beta(a, b)
 * distributions with weights w (summing to 1); nr == 0 is a point mass at
 * `point` (a rate assumed, not estimated: for measurements).
 */
#define RATE_PRIOR_MAX 2
struct rate_prior {
	size_t nr;
	double w[RATE_PRIOR_MAX], a[RATE_PRIOR_MAX], b[RATE_PRIOR_MAX];
	double point;
};

struct model_prior {
	struct rate_prior p;	/* the crash rate on the crashing side */
	struct rate_prior eps;	/* the look-alike rate on the other side */
	/*
	 * eps < eps_ratio * p under a candidate (0: no such bound): a
	 * look-alike is rarer than the crash itself, else the candidate is
	 * no culprit at all (see posterior_compute()).
	 */
	double eps_ratio;
	double none;		/* prior of "no culprit in range" (0: not a hypothesis) */
	double noop;		/* factor of a hypothesis per unit it is a no-op candidate of */
};

/* log of B(K, N) above: the marginal likelihood of K crashes and N OK runs */
double rate_log_marginal(const struct rate_prior *r, int k, int n);
/* the posterior mean of the rate after K crashes and N OK runs */
double rate_posterior_mean(const struct rate_prior *r, int k, int n);
/* ... and its variance (0 for a point prior) */
double rate_posterior_var(const struct rate_prior *r, int k, int n);

/* Scratch memory of posterior_compute(), reused between calls (zero-init). */
struct posterior_work {
	int *kin, *nin, *amb;	/* per candidate: crashing-side counts, no-op units */
	size_t cap;
};
void posterior_work_release(struct posterior_work *w);

/* What posterior_compute() found besides post[]. */
struct posterior_summary {
	double none;		/* P(no culprit in range) */
	size_t top;		/* the most probable candidate */
	bool top_is_none;	/* "no culprit" is more probable than any candidate */
	/* the counts under the most probable hypothesis: crashing side, other side */
	int k_in, n_in, k_out, n_out;
	double p_mean, eps_mean;	/* the rates' posterior means under it */
};

/*
 * post[c] for c < n: P(c is the culprit); with `none` the candidates sum
 * to 1 - summary->none. fix_mode flips which side crashes. Returns the index
 * of the most probable candidate.
 */
size_t posterior_compute(size_t n, const struct evidence_unit *units, size_t units_nr,
			 const struct model_prior *mp, bool fix_mode, struct posterior_work *w,
			 double *post, struct posterior_summary *sum);

/*
 * Lower bound of the central credible interval of Beta(1 + k, 1 + n - k) at
 * level `q` (e.g. 0.1): the p that k crashes in n runs support
 * "conservatively".
 */
double posterior_p_estimate(int k, int n, double q);

/* The regularized incomplete beta function I_x(a, b) (a, b > 0). */
double beta_inc(double a, double b, double x);

/* Binary entropy in bits. */
double entropy2(double x);

/* Information (bits) about "c <= X" from one run at X with a = P(c <= X). */
double probe_information(double a, double p, double eps, bool fix_mode);


/* ---- syzbot's rule ---- */

enum syz_verdict { SYZ_GOOD, SYZ_BAD, SYZ_SKIP };

/*
 * syzbot's verdict on one commit's runs: `crashes` runs crashed (any title),
 * `oks` were OK, `total` runs were made (the rest failed to boot, failed
 * testing, hit infrastructure trouble or timed out), `flaky` once the
 * reproducer was seen to be flaky.
 *	bad  when crashes >= 2 (3 when total >= 20) and crashes + oks >= total/2
 *	good when crashes == 0 and oks >= total/2 (3/4 of total when flaky)
 *	skip otherwise
 * *became_flaky is set when a bad verdict had fewer than half the runs crash.
 */
enum syz_verdict syzbot_verdict(int crashes, int oks, int total, bool flaky, bool *became_flaky);

/* git's estimate_bisect_steps(): the "(roughly K steps)" of the log */
int git_bisect_steps(size_t all);

#endif
