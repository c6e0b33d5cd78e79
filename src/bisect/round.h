/* SPDX-License-Identifier: Apache-2.0 */
/*
 * round.h - several probes a round (src/bisect/ internal): how a policy
 * picks K commits to test at once and which commits it would build ahead
 * for the round after (bayes_round.c), shared by bayes.c and syzbot.c.
 *
 * K probes split the candidates into cells: candidates c with the same
 * answers to "is c an ancestor of probe j" for every j. With exact steps
 * the round tells which cell holds the culprit, so rounds drop from
 * log2 N towards log_(K+1) N.
 *
 * Two ways to pick (culprit sim --round-choice measures both):
 *   - quantiles: for i = 1..K the eligible commit whose weight below it is
 *     nearest to i/(K+1) of the total (syzbot's K-section of the range);
 *   - greedy (bayes' default): probe after probe, the commit that adds the
 *     most information given the cells the earlier ones made,
 *	gain(x) = sum over cells i of P(i) * I(P(x splits i) ; one step),
 *     with I the information of one step (probe_information(), its runs
 *     folded into p_step / eps_step). On a line both pick about the same;
 *     on a DAG quantiles can pick two probes that split the same branch.
 */
#ifndef CULPRIT_BISECT_ROUND_H
#define CULPRIT_BISECT_ROUND_H

#include "policy.h"

struct round_pick_in {
	/* the weight of each candidate (need not be normalised) */
	const double *w;
	/* candidates that may be probed */
	const bool *eligible;
	/* one step's channel (see bayes.c's best_probe()) */
	double p_step, eps_step;
	bool quantiles;
};

/*
 * Up to `max` distinct eligible probes into out[] (slice indices), the
 * most useful first (greedy) or by quantile. Returns how many; 0 when
 * nothing eligible splits any weight.
 */
size_t round_pick(struct bisect_state *st, const struct round_pick_in *in, size_t max,
		  size_t *out);
/* probes in slice order (parents first): how a round is tested and logged */
void round_sort(size_t *probes, size_t nr);

/*
 * Builds ahead: while the k probes of a round are tested, the probes the
 * next round would pick in the cells most likely to hold the culprit
 * (under st->post, which the round's settled runs already moved), most
 * likely cell first. `delta` bounds the masses of eligible probes inside
 * a cell as bayes.c's probes are bounded. At most max into out[]; returns
 * how many. in->w and in->eligible are ignored (the cell's are used).
 */
size_t round_speculate(struct bisect_state *st, const struct round_pick_in *in,
		       const size_t *probes, size_t k, double delta, size_t *out, size_t max);

#endif
