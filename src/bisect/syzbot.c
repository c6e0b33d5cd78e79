// SPDX-License-Identifier: Apache-2.0
/*
 * syzbot.c - the `syzbot` policy: a faithful copy of syzbot's rule, the
 * baseline `bayes` is measured against (culprit sim), after syzkaller's
 * pkg/bisect and pkg/vcs:
 *   - runs: 10 per commit (the job's runs), 20 on the first test and once
 *     the reproducer was seen to be flaky;
 *   - verdict: syzbot_verdict() (posterior.c): bad at >= 2 crashes (3 of 20)
 *     with at least half the runs OK or crashed; good with no crash and at
 *     least half OK (3/4 once flaky); else skip. Any crash counts, whatever
 *     its title;
 *   - search: git bisect's midpoints on the DAG (the commit that splits the
 *     candidates most evenly), skipped commits avoided, from the oldest
 *     crashing release the release walk found.
 * Its confidence is the Bayesian model's posterior of its answer (bayes.c),
 * so both policies report the same measure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "round.h"
#include "../util/util.h"

/* syzbot's first test and its flaky mode double the runs */
#define FLAKY_RUNS_FACTOR 2

struct syzbot {
	bool flaky;		/* the reproducer was seen to be flaky */
	long bad_end;		/* the newest commit known to hold the culprit */
	uint64_t *goodset;	/* commits known not to */
	bool *skipped;
	size_t *left;		/* the candidates when only skipped ones are left */
	size_t left_nr;
};

static void *syzbot_start(struct bisect_state *st)
{
	(void)st;
	return xcalloc(1, sizeof(struct syzbot));
}

static void syzbot_release(void *ps)
{
	struct syzbot *z = ps;

	if (!z)
		return;
	free(z->goodset);
	free(z->skipped);
	free(z->left);
	free(z);
}

static int syzbot_runs_wanted(void *ps, struct bisect_state *st, const struct unit *u,
			      enum bisect_plan plan)
{
	struct syzbot *z = ps;
	int n = (plan == BISECT_PLAN_FIRST || z->flaky) ? FLAKY_RUNS_FACTOR * st->runs : st->runs;

	return n > u->runs ? n : u->runs;
}

/* syzbot never stops a step early */
static bool syzbot_settled(void *ps, struct bisect_state *st, const struct unit *u, int from,
			   enum bisect_plan plan)
{
	(void)ps;
	(void)st;
	(void)u;
	(void)from;
	(void)plan;
	return false;
}

/*
 * syzbot ignores a crash titled "lost connection to test machine" (the VM
 * went away, not a kernel report): neither a crash nor an OK run.
 */
#define LOST_CONNECTION "lost connection to test machine"

static bool lost_connection(const char *title)
{
	return title && !strcmp(title, LOST_CONNECTION);
}

/* the verdict over the step's runs (the latest 10 or 20), else the unit's */
static enum bisect_verdict syzbot_step_verdict(void *ps, struct bisect_state *st,
					       const struct bisect_step *s, const struct unit *u)
{
	struct syzbot *z = ps;
	bool became = false;
	int any = 0, oks = 0;
	enum syz_verdict v;

	if (!s->runs_nr) {
		any = u->any_crashes;
		for (size_t i = 0; i < u->jruns_nr; i++)
			any -= u->jruns[i].verdict == RUN_CRASHED && u->jruns[i].crashes_nr &&
			       lost_connection(u->jruns[i].crashes[0].title);
		v = syzbot_verdict(any, u->oks, u->runs, z->flaky, &became);
	} else {
		for (size_t i = 0; i < s->runs_nr; i++) {
			any += s->runs[i].verdict == RUN_CRASHED && !lost_connection(s->runs[i].title);
			oks += s->runs[i].verdict == RUN_OK;
		}
		v = syzbot_verdict(any, oks, (int)s->runs_nr, z->flaky, &became);
	}
	if (became && !z->flaky) {
		z->flaky = true;
		bisect_state_note(st, "the reproducer is flaky: more runs from now on");
	}
	return v == SYZ_BAD ? BISECT_VERDICT_BAD :
	       v == SYZ_GOOD ? BISECT_VERDICT_GOOD : BISECT_VERDICT_SKIP;
}

static void syzbot_search_begin(void *ps, struct bisect_state *st, size_t head)
{
	struct syzbot *z = ps;
	size_t n = st->dag.nr;

	z->bad_end = (long)head;
	z->goodset = xcalloc(bitset_words(n) + 1, sizeof(uint64_t));
	z->skipped = xcalloc(n, sizeof(bool));
}

/*
 * Several probes a round: the K-section of the candidates, the commits
 * with i/(K+1) of them below (i = 1..K), as git bisect's midpoint is the
 * 1/2-section; st->w and st->mass hold the candidates and their counts.
 */
static void k_section(struct syzbot *z, struct bisect_state *st, const uint64_t *cand,
		      size_t all, struct bisect_round *r)
{
	size_t n = st->dag.nr, *picks = xcalloc(r->max + 1, sizeof(*picks));
	bool *eligible = xcalloc(n + 1, sizeof(*eligible));
	struct round_pick_in in = { .w = st->w, .eligible = eligible, .p_step = 1,
				    .quantiles = true };

	for (size_t x = 0; x < n; x++)
		eligible[x] = bitset_test(cand, x) && (long)x != z->bad_end && !z->skipped[x] &&
			      !st->failed[x];
	r->nr = round_pick(st, &in, r->max, picks);
	round_sort(picks, r->nr);
	for (size_t i = 0; i < r->nr; i++)
		r->probes[i] = (struct bisect_probe){ picks[i], all, (size_t)st->mass[picks[i]] };
	free(picks);
	free(eligible);
}

static void syzbot_next(void *ps, struct bisect_state *st, struct bisect_round *r)
{
	struct syzbot *z = ps;
	size_t n = st->dag.nr, words = bitset_words(n) + 1, all = 0;
	uint64_t *cand = bgraph_ancestors(&st->g, (size_t)z->bad_end);
	double best_score = -1;
	long best = -1;

	r->nr = 0;
	r->culprit = (size_t)z->bad_end;
	for (size_t w = 0; w < words; w++)
		cand[w] &= ~z->goodset[w];
	for (size_t x = 0; x < n; x++) {
		st->w[x] = bitset_test(cand, x);
		all += bitset_test(cand, x);
	}
	bgraph_mass(&st->g, st->w, st->mass);
	if (all <= 1) {
		r->end = BISECT_SEARCH_FOUND;
		goto out;
	}
	for (size_t x = 0; x < n; x++) {
		double score;

		if (!bitset_test(cand, x) || (long)x == z->bad_end || z->skipped[x] || st->failed[x])
			continue;
		score = fmin(st->mass[x], all - st->mass[x]);
		if (score > best_score) {
			best_score = score;
			best = (long)x;
		}
	}
	if (best < 0) {
		free(z->left);
		z->left = xcalloc(all + 1, sizeof(*z->left));
		z->left_nr = 0;
		for (size_t x = 0; x < n; x++)
			if (bitset_test(cand, x))
				z->left[z->left_nr++] = x;
		r->end = BISECT_SEARCH_SKIPPED_ONLY;
		goto out;
	}
	if (r->max > 1) {
		k_section(z, st, cand, all, r);
		goto out;
	}
	r->probes[0] = (struct bisect_probe){ (size_t)best, all, (size_t)st->mass[best] };
	r->nr = 1;
out:
	free(cand);
}

/* git's labels: the side with the culprit in it is "bad" */
static void syzbot_update(void *ps, struct bisect_state *st, const struct bisect_probe *probe,
			  enum bisect_verdict v, const struct bisect_step *s, const struct tcommit *t)
{
	struct syzbot *z = ps;

	(void)s;
	(void)t;
	if (v == BISECT_VERDICT_SKIP) {
		z->skipped[probe->node] = true;
	} else if ((v == BISECT_VERDICT_BAD) != st->fix) {
		/* of a round's bad probes, the one below the others bounds the range */
		uint64_t *anc = bgraph_ancestors(&st->g, (size_t)z->bad_end);

		if (bitset_test(anc, probe->node))
			z->bad_end = (long)probe->node;
		free(anc);
	} else
		bgraph_add_ancestors(&st->g, probe->node, z->goodset);
}

static void syzbot_answer(void *ps, struct bisect_state *st, enum bisect_search_end end,
			  size_t culprit, struct bisect_answer *out)
{
	struct syzbot *z = ps;

	(void)st;
	(void)culprit;
	memset(out, 0, sizeof(*out));
	if (end == BISECT_SEARCH_FOUND) {
		out->found = true;
		return;
	}
	/* only skipped commits left: all of them, as git bisect lists them */
	out->candidates = xcalloc(z->left_nr + 1, sizeof(*out->candidates));
	memcpy(out->candidates, z->left, z->left_nr * sizeof(*out->candidates));
	out->nr = z->left_nr;
}

const struct bisect_policy_ops bisect_policy_syzbot = {
	.name = "syzbot",
	.from_last_bad = true,
	.start = syzbot_start,
	.release = syzbot_release,
	.runs_wanted = syzbot_runs_wanted,
	.settled = syzbot_settled,
	.verdict = syzbot_step_verdict,
	.search_begin = syzbot_search_begin,
	.next = syzbot_next,
	.update = syzbot_update,
	.answer = syzbot_answer,
};
