/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sim.h - `culprit sim`: the bisection engine (bisect_run(), unchanged)
 * against a simulated history, builder and runner, for accuracy and cost
 * statistics that real builds cannot give.
 *
 * Per trial: a DAG (synthetic, or the shape of a real repository's slice),
 * a culprit drawn uniformly from it, commits that fail to build
 * (skip_rate), commits whose artifact equals their parent's (noop_rate;
 * never the culprit or a merge), and runs that show the target crash with
 * probability p on commits that contain the culprit and fp on the others,
 * an unrelated crash with probability `other`, and infrastructure failures
 * (infra_rate); with no_culprit every commit crashes at p, the good end
 * too (the answer should be "no culprit in range"). The job names the
 * target title unless title_unknown; with verify, bayes checks its culprit
 * (verify.c: culprit, parents, the revert on the crashing end). Builds and runs cost build_cost / run_cost modelled
 * seconds; `vms` runs go in parallel. With `probes` > 1 each round tests
 * that many commits at once on `workers` modelled machines (more workers
 * than probes build ahead of the next round); the wall time is the
 * modelled clock (sim.c's executor). Nothing touches the disk: the
 * journal stays in memory.
 *
 *	struct sim_params p = SIM_PARAMS_INIT;
 *	struct sim_stats st;
 *	p.commits = 1000; p.p = 0.3;
 *	if (sim_run(&p, BISECT_POLICY_BAYES, &st) < 0) ...;
 *	printf("%.1f%% exact\n", 100.0 * st.exact / st.trials);
 */
#ifndef CULPRIT_BISECT_SIM_H
#define CULPRIT_BISECT_SIM_H

#include <stdint.h>
#include "bisect.h"

struct sim_params {
	size_t commits;		/* synthetic DAG size */
	double merge_share;	/* share of merge commits in it */
	const char *repo, *bad, *good;	/* or a real repository's slice */
	double p, fp, other, skip_rate, infra_rate, noop_rate;
	int trials;
	uint64_t seed;
	double build_cost, run_cost;
	int vms;
	int probes;		/* job "probes": commits tested at once (0: 1) */
	int workers;		/* modelled machines (at least probes; more build ahead) */
	bool quantiles;		/* a round's probes at posterior quantiles, not greedy */
	int runs;		/* job "runs" (0: default) */
	double confidence;	/* job "confidence" (0: default) */
	enum bisect_mode mode;
	bool title_unknown;	/* the job names no title: the engine picks one */
	bool no_culprit;	/* every commit (the good end too) crashes at p */
	bool verify;		/* bayes verifies its culprit as `culprit bisect` does
				 * by default (the revert of commit c on the
				 * crashing end crashes at p unless c is the
				 * culprit); false: the search alone. Default on */
	FILE *log;		/* the engine's log of every trial, or NULL */
};

#define SIM_PARAMS_INIT { .commits = 1000, .merge_share = 0.1, .p = 1.0, .trials = 100, \
			  .seed = 1, .build_cost = 600, .run_cost = 60, .vms = 1, .verify = true }

/* Found results by their reported confidence: [min, max). */
#define SIM_CALIBRATION_BUCKETS 5
struct sim_bucket {
	double min, max;
	int trials, right;
};

struct sim_stats {
	int trials;
	/*
	 * exact/wrong: reliable culprits; inconclusive: the rest (unreliable
	 * culprits included); no_culprit: answered "no culprit in range" (right
	 * with --no-culprit); in_result: the culprit is the answer or in the
	 * candidate set.
	 */
	int exact, wrong, inconclusive, no_repro, no_culprit, in_result;
	struct sim_bucket calibration[SIM_CALIBRATION_BUCKETS];
	double builds, runs;		/* sums over trials */
	double wall;			/* modelled wall time, `workers` machines at once */
	double work;			/* modelled machine time (builds + run batches) */
	double rounds;			/* rounds of work the engine waited for */
	double speculative_builds, speculative_used;
	int max_builds;			/* the most builds of any trial */
	int max_tested;			/* the most revisions tested (steps) of any trial */
	int max_builds_exact_ok;	/* exact within ceil(log2 N)+2 revisions tested */
	size_t dag_size;
	double cpu_seconds;
};

/* Run all trials of one policy. Returns 0, or -1 after error(). */
int sim_run(const struct sim_params *params, enum bisect_policy policy, struct sim_stats *out);

#endif
