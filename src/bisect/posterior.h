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
 *     only merges need a walk. So one pass costs O(N + sum over merges of
 *     |anc(merge)|), which is N for linear history and stays fast for
 *     kernel-like histories with tens of thousands of commits.
 *
 * THE MODEL (bayes; the glue and its constants are in bayes.c). Exactly one
 * candidate c is the culprit. In cause mode a run at X shows the target crash
 * with probability p if c is an ancestor of X (c <= X), else eps; in fix mode
 * with eps if c <= X, else p. OK runs are the complement; other runs carry
 * no evidence. Evidence is grouped in units (one per artifact signature): a
 * unit has k target crashes and n OK runs and the set of candidates that are
 * ancestors of any commit that built to it. The log posterior of c is
 *	log prior(c) + sum over units of (c in set ? A_u : B_u),
 * with A_u = k log p + n log(1-p) (cause) and B_u likewise with eps; it is
 * recomputed from scratch from the recorded runs each time (stateless).
 *
 * p is not known: posterior_p_estimate() takes the lower bound of a Beta
 * credible interval over the runs at the known-crashing end, because
 * overestimating p is what breaks accuracy.
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

/* ---- evidence and posterior ---- */

/*
 * A unit is one artifact signature; several commits may build to it (no-op
 * changes). `set` holds the candidates that are ancestors of ANY of them,
 * `all_set` those that are ancestors of ALL of them (NULL: the same). A
 * crash of that binary says the culprit is in every one of those commits
 * (all_set), an OK run says it is in none (set); in fix mode the other way
 * round. So a no-op commit is never blamed for its parent's crash.
 */
struct evidence_unit {
	const uint64_t *set;
	const uint64_t *all_set;
	int crashes;		/* target crashes */
	int oks;		/* OK runs */
};

/*
 * post[c] for c < n (normalised to sum 1). fix_mode flips which side
 * crashes. Returns the index of the most probable candidate.
 */
size_t posterior_compute(size_t n, const struct evidence_unit *units, size_t units_nr,
			 double p, double eps, bool fix_mode, double *post);

/*
 * Lower bound of the central credible interval of Beta(1 + k, 1 + n - k) at
 * level `q` (e.g. 0.1): the p that the runs at the crashing end support
 * "conservatively". k crashes in n runs.
 */
double posterior_p_estimate(int k, int n, double q);

/* Binary entropy in bits. */
double entropy2(double x);

/* Information (bits) about "c <= X" from one run at X with a = P(c <= X). */
double probe_information(double a, double p, double eps, bool fix_mode);

/*
 * Beta(a, b) CDF at x for integer a, b >= 1 (a binomial tail). Exposed for
 * the unit tests.
 */
double beta_cdf_int(int a, int b, double x);

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
