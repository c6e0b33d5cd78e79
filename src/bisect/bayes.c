// SPDX-License-Identifier: Apache-2.0
/*
 * bayes.c - the Bayesian model of a bisection and the `bayes` policy.
 *
 * THE MODEL (both policies report its posterior as their confidence).
 * Exactly one candidate is the culprit. A run at commit X shows the target
 * crash with probability p when the culprit is in X (an ancestor of X, or
 * X), else with the small rate EPSILON (a look-alike crash); in fix mode the
 * other way round. Runs with another title, boot failures and infrastructure
 * trouble carry no evidence. The posterior is recomputed from every recorded
 * run each time (posterior_compute(), posterior.c), so the search is
 * stateless and a resumed job picks up exactly where it was. p is not known:
 * it is estimated low from the runs at the crashing end, because
 * overestimating p is what makes answers wrong (at a true p = 0.1, assuming
 * 0.2 drops exact answers to about two thirds; assuming 0.05 costs runs,
 * not accuracy).
 *
 * THE POLICY. Probe the testable commit whose "culprit is in it" mass gives
 * the most information per run (near a split of 0.4-0.5 for this lopsided
 * channel); run it until the step is settled (one target crash usually
 * settles it; OK runs are weak and accumulate up to a cap); stop when one
 * candidate holds the job's confidence, or after a build budget.
 *
 * LIMITATIONS. One culprit, runs independent given the commit: a crash that
 * needs two commits, or a flakiness that changes along the history, is
 * outside the model (the confidence then usually says so).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "round.h"
#include "../util/util.h"

/* ------------------------------------------------------------ constants */

/*
 * The priors of the model (see posterior.h). p, the crash rate where the
 * culprit is: uniform (the runs at the bad end estimate it). eps, the
 * look-alike rate where it is not: a mixture of "practically never"
 * (EPS_RARE_W of Beta(1, EPS_RARE_B), mean 1/2001) and "now and then"
 * (Beta(1, EPS_SOME_B), mean 1/41): a single look-alike crash is then
 * weak evidence once the other side has many OK runs, and the rate is
 * learned from the runs on the good side (the good end included).
 */
#define P_PRIOR_A 1.0
#define P_PRIOR_B 1.0
#define EPS_RARE_W 0.9
#define EPS_RARE_B 2000.0
#define EPS_SOME_B 100.0
/*
 * and it is below EPS_RATIO times p: a candidate is one where the rate
 * changes. The bound is the line between a culprit and "no culprit": at
 * 0.5, a reproducer at 10% with look-alikes at 5% sits on it (7% of such
 * trials answered "no culprit"; 0.6: 3%, --no-culprit p 0.1 unchanged;
 * 200 trials, seed 1).
 */
#define EPS_RATIO 0.6
/* an answer with look-alikes under it holds at this upper bound of their rate too */
#define EPS_HIGH_Q 0.9

/*
 * The prior of "no culprit in range" (the crash happens at the same rate
 * on the good end: an older bug), and the factor a candidate pays per
 * unit whose artifact it leaves unchanged (a culprit that changes nothing
 * is unlikely: the same binary behaves the same).
 */
#define NONE_PRIOR 0.02

/*
 * The good end is tested when "no culprit" holds at least NONE_TEST_SHARE
 * and a run there tells more than a run at any probe; once tested, again
 * (a check's runs at a time, up to GOOD_MAX_FACTOR times the job's runs in
 * all) while "no culprit" holds more than delta and a run there still
 * tells more: at p = 0.1 one check (40 runs) often leaves "no culprit"
 * short of the confidence, and a search that cannot split the slice then
 * runs out of builds.
 *
 * Measured with `culprit sim --no-culprit --p 0.1`, 200 trials, seeds 1-5
 * (the seed-1 grid alone flattered the old value): GOOD_MAX_FACTOR 16
 * answered "no culprit" in 91-95.5% (mean 92.8%: a good end whose rate
 * came out low by chance left the candidates next to it alive, and the
 * search spent its builds there); 128: 94.5-97% (96.2%). Where a culprit
 * exists (the 18 grid cells where the cap can bind: fp 0.05 at p 0.1 and
 * 0.2, fp 0.01 at p 0.05; seed 1): no wrong answer, "no culprit" 38 of
 * 1,200 at p 0.1 (37 with 16), 1-4.5 fewer builds, 2-11% more runs. A
 * NONE_PRIOR of 0.03 (with 128) gave 97.5% but "no culprit" in 12.5% of
 * trials at p = look-alikes = 0.05 (8.5% at 0.02), 0.97% of the grid's
 * normal trials, and one wrong answer at >= 0.99 in a cell of 71; 0.1
 * (with 32) gave 98.9% but 17% at p 0.1 with look-alikes at 5%.
 */
#define NONE_TEST_SHARE 0.3
#define GOOD_MAX_FACTOR 128
#define NOOP_FACTOR 0.001

/*
 * p for step sizes is the lower P_QUANTILE bound of its Beta posterior
 * over the crashing side's runs: 10% keeps the estimate on the low side,
 * where mistakes cost runs rather than wrong answers; at least P_STEP_MIN
 * so a step stays finite (the likelihood itself has no floor: p is
 * integrated out).
 */
#define P_QUANTILE 0.1
#define P_STEP_MIN 0.01

/*
 * Runs on other commits count towards p when the posterior already puts
 * them on the crashing side with at least this mass (weighted by it): more
 * runs tighten the estimate, but only sure ones so a wrong side cannot
 * drag p down.
 */
#define P_POOL_MASS 0.9

/*
 * Share of the job's runs the bad end gets, as syzbot's first test (20 of
 * 10): the bad end names the target crash and gives the first estimate of
 * p, which every later step uses.
 */
#define FIRST_TEST_RUNS_FACTOR 2

/*
 * The bad end runs on (up to TITLE_MAX_RUNS) until the target crash is seen
 * and, with no title given, until
 * one first-crash title has at least TITLE_MIN_CRASHES crashes and leads
 * the next one by TITLE_LEAD: an unrelated crash that came first or as
 * often must not become the target. 120 runs miss a crash of p = 0.05 in
 * 0.2% of jobs (80: 1.7%, measured 2.5% "does not reproduce" at p = 0.05).
 */
#define TITLE_MAX_RUNS 120
#define TITLE_MIN_CRASHES 2
#define TITLE_LEAD 2

/*
 * A step's runs: at least the cap (STEP_CAP_FACTOR times the job's runs),
 * more for a poor reproducer, up to STEP_CAP_MAX_FACTOR times the cap:
 * enough OK runs that a side wrongly excluded keeps STEP_MISS of its mass,
 * because a rebuild to come back later costs more than runs on a built
 * commit. p above P_RUNS_CEIL counts as P_RUNS_CEIL (log(1 - p) stays finite).
 */
#define STEP_CAP_FACTOR 2
#define STEP_CAP_MAX_FACTOR 4
#define STEP_MISS 0.05
#define P_RUNS_CEIL 0.99

/*
 * A check of an end or a release (is the crash there?) runs until a side
 * would keep less than delta of its mass (see DELTA_SHARE), between the
 * job's runs and CHECK_MAX_FACTOR times them; it stops at the first target
 * crash.
 */
#define CHECK_MAX_FACTOR 4

/*
 * delta = (1 - confidence) / DELTA_SHARE: the mass under which a side
 * counts as settled (and a probe as useless). A tenth of what the
 * confidence leaves, so settled sides cannot add up to a wrong answer.
 */
#define DELTA_SHARE 10

/*
 * Builds at most, when the job sets no max-builds: BUDGET_PER_BIT per bit
 * of the slice (log2 of its size) plus BUDGET_EXTRA, room for a flaky
 * reproducer (several probes per bit) and for build failures.
 */
#define BUDGET_PER_BIT 4
#define BUDGET_EXTRA 20

/*
 * A candidate probed this often is not probed again: with a flaky
 * reproducer the search may keep asking the same commit; six answers from
 * it are all it can give.
 */
#define MAX_VISITS 6

/*
 * With a reproducer better than COSTLY_P, candidates that would cost one
 * more build when found (their parent was never tested, for the signature
 * check) weigh COSTLY_WEIGHT times in the probe choice, which keeps the
 * builds within git bisect's ceil(log2 N) + 2. A parent counts as
 * untested-and-unlikely below COSTLY_PARENT_SHARE of the candidate's mass.
 */
#define COSTLY_P 0.8
#define COSTLY_WEIGHT 2
#define COSTLY_PARENT_SHARE 0.1

/* two probes within TIE of each other's information are equally good */
#define TIE 1e-12

/* ------------------------------------------------------------ the model */

double bisect_set_mass(const struct bisect_state *st, const uint64_t *set)
{
	double sum = 0;

	for (size_t c = 0; c < st->dag.nr; c++)
		if (bitset_test(set, c))
			sum += st->post[c];
	return sum;
}

/*
 * p from the runs at the crashing end, pooled with the runs at commits the
 * posterior already puts on the crashing side (weighted by how sure it is;
 * the posterior of the previous round, so this never recurses). A commit is
 * put there by a crash, but the runs before the crash count too and a
 * stopping rule does not bias the likelihood; the lower bound of the Beta
 * credible interval keeps the estimate on the low side.
 */
double bisect_p_estimate(struct bisect_state *st)
{
	const struct unit *u = &st->units[st->bad_unit];
	double k = u->crashes, n = u->crashes + u->oks, p;

	if (st->have_post) {
		for (size_t i = 0; i < st->units_nr; i++) {
			const struct unit *v = &st->units[i];
			double a;

			if ((int)i == st->bad_unit || !v->set || !(v->crashes + v->oks))
				continue;
			a = bisect_set_mass(st, v->set);
			if (st->fix)
				a = 1 - a;
			if (a < P_POOL_MASS)
				continue;
			k += a * v->crashes;
			n += a * (v->crashes + v->oks);
		}
	}
	p = posterior_p_estimate((int)lround(k), (int)lround(n), P_QUANTILE);
	return p < P_STEP_MIN ? P_STEP_MIN : p;
}

static const struct model_prior bayes_prior = {
	.p = { .nr = 1, .w = { 1 }, .a = { P_PRIOR_A }, .b = { P_PRIOR_B } },
	.eps = { .nr = 2, .w = { EPS_RARE_W, 1 - EPS_RARE_W }, .a = { 1, 1 },
		 .b = { EPS_RARE_B, EPS_SOME_B } },
	.eps_ratio = EPS_RATIO,
	.none = NONE_PRIOR,
	.noop = NOOP_FACTOR,
};

/*
 * Candidates the build classes rule out get no mass; the rest and "no
 * culprit" share it in proportion (bisect_restrict_posterior() normalises
 * the candidates alone).
 */
static void restrict_posterior(struct bisect_state *st)
{
	double keep = 0, z;

	if (!st->impossible || !st->have_dag)
		return;
	for (size_t c = 0; c < st->dag.nr; c++)
		if (!bitset_test(st->impossible, c))
			keep += st->post[c];
	if (!(keep > 0))
		return;
	bisect_restrict_posterior(st);
	z = keep + st->sum.none;
	for (size_t c = 0; c < st->dag.nr; c++)
		st->post[c] *= keep / z;
	st->sum.none /= z;
	st->sum.top_is_none = st->sum.none > st->post[bisect_top_candidate(st)];
}

/*
 * The answer holds the confidence but look-alikes were seen under it: the
 * rate they were learned at is uncertain (a few runs, a prior that expects
 * them rarely), and two look-alikes on the commit before the culprit then
 * look like proof. The confidence must also hold with the look-alike rate
 * at the upper EPS_HIGH_Q bound of the runs on the answer's good side
 * (a point, not integrated); that posterior is the one kept (lower at the
 * answer, and a probe then splits where it is unsure). Measured at
 * look-alikes 5%, other 0/5%, p 0.2-0.5, 60 trials a cell: right at
 * >= 0.99 in 270/277 -> 271/273, +1-3% runs; no look-alike, no change.
 */
static void posterior_eps_high(struct bisect_state *st, const struct evidence_unit *ev,
			       size_t nr)
{
	struct model_prior mp = bayes_prior;

	mp.eps.nr = 0;
	mp.eps.point = posterior_p_estimate(st->sum.k_out, st->sum.k_out + st->sum.n_out,
					    EPS_HIGH_Q);
	posterior_compute(st->dag.nr, ev, nr, &mp, st->fix, &st->pw, st->post, &st->sum);
}

void bisect_posterior(struct bisect_state *st)
{
	struct evidence_unit *ev = xcalloc(st->units_nr + 1, sizeof(*ev));
	size_t nr = 0;

	for (size_t i = 0; i < st->units_nr; i++) {
		const struct unit *u = &st->units[i];

		if (!u->set || (!u->crashes && !u->oks))
			continue;
		ev[nr].set = u->set;
		/* a unit seen only outside the slice (the good end) is in no commit of it */
		ev[nr].all_set = u->all ? u->all : u->set;
		ev[nr].crashes = u->crashes;
		ev[nr].oks = u->oks;
		nr++;
	}
	st->p_last = bisect_p_estimate(st);
	posterior_compute(st->dag.nr, ev, nr, &bayes_prior, st->fix, &st->pw, st->post, &st->sum);
	if (!st->sum.top_is_none && st->sum.k_out > 0 && st->post[st->sum.top] >= st->conf)
		posterior_eps_high(st, ev, nr);
	st->eps = st->sum.eps_mean;
	restrict_posterior(st);
	st->have_post = true;
	free(ev);
}

size_t bisect_top_candidate(const struct bisect_state *st)
{
	size_t best = 0;

	for (size_t c = 1; c < st->dag.nr; c++)
		if (st->post[c] > st->post[best])
			best = c;
	return best;
}

static int cmp_post_desc(const void *a, const void *b, void *arg)
{
	const double *post = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double x = post[i], y = post[j];

	return x < y ? 1 : x > y ? -1 : (i > j) - (i < j);
}

size_t bisect_credible_set(const struct bisect_state *st, double level, size_t **out)
{
	size_t *idx = xmalloc((st->dag.nr + 1) * sizeof(*idx)), k = 0;
	double sum = 0;

	for (size_t c = 0; c < st->dag.nr; c++)
		idx[c] = c;
	qsort_r(idx, st->dag.nr, sizeof(*idx), cmp_post_desc, st->post);
	while (k < st->dag.nr && sum < level)
		sum += st->post[idx[k++]];
	*out = idx;
	return k;
}

/* ----------------------------------------------------------- the policy */

struct bayes {
	int cap;		/* the step cap's floor: STEP_CAP_FACTOR * runs */
	double delta;		/* see DELTA_SHARE */
	int max_builds;
	double *wmass;		/* probe weights' masses */
	double good_info;	/* information of a probe at the good end (best_probe()) */
	bool good_more;		/* the good end is asked for more runs (runs_wanted()) */
};

static void *bayes_start(struct bisect_state *st)
{
	struct bayes *b = xcalloc(1, sizeof(*b));

	b->cap = STEP_CAP_FACTOR * st->runs;
	b->delta = (1 - st->conf) / DELTA_SHARE;
	return b;
}

static void bayes_release(void *ps)
{
	struct bayes *b = ps;

	if (b)
		free(b->wmass);
	free(b);
}

/* see STEP_CAP_FACTOR */
static int step_cap(struct bayes *b, struct bisect_state *st)
{
	double p = st->have_post ? st->p_last : st->bad_unit >= 0 ? bisect_p_estimate(st) : 0.5;
	int n = (int)ceil(log(STEP_MISS) / log(1 - (p < P_RUNS_CEIL ? p : P_RUNS_CEIL)));

	if (n < b->cap)
		n = b->cap;
	if (n > STEP_CAP_MAX_FACTOR * b->cap)
		n = STEP_CAP_MAX_FACTOR * b->cap;
	return n;
}

static int bayes_runs_wanted(void *ps, struct bisect_state *st, const struct unit *u,
			     enum bisect_plan plan)
{
	struct bayes *b = ps;
	double p;
	int n;

	switch (plan) {
	case BISECT_PLAN_FIRST:
		/* up to TITLE_MAX_RUNS: settled() ends the step (see first_settled()) */
		n = FIRST_TEST_RUNS_FACTOR * st->runs;
		return u->runs + (n > TITLE_MAX_RUNS ? n : TITLE_MAX_RUNS);
	case BISECT_PLAN_CHECK:
		p = st->bad_unit >= 0 ? bisect_p_estimate(st) : 0.5;
		n = (int)ceil(log(b->delta) / log(1 - p));
		if (n < st->runs)
			n = st->runs;
		if (n > CHECK_MAX_FACTOR * st->runs)
			n = CHECK_MAX_FACTOR * st->runs;
		if (b->good_more)	/* more runs at the good end: another check's worth */
			return u->runs + n;
		return u->runs >= n ? u->runs : n;
	case BISECT_PLAN_PROBE:
		break;
	}
	return u->runs + step_cap(b, st);
}

/*
 * A probe's step is settled when one candidate holds the confidence, or
 * when the side its runs speak against is settled (see below). A target
 * crash is strong evidence and usually settles the step at once; OK runs
 * are weak and accumulate until the side is settled or the cap is reached.
 * Going on here is cheaper than a rebuild later.
 */
static bool probe_settled(struct bayes *b, struct bisect_state *st, const struct unit *u,
			  int from)
{
	bool crashed = unit_crashed_since(st, u, (size_t)from);
	bool against_in;
	double a, excluded, best_other = 0;

	if (!st->have_dag || !u->set)
		return crashed;
	bisect_posterior(st);
	if (st->post[bisect_top_candidate(st)] >= st->conf)
		return true;
	/*
	 * The side the runs speak against (a crash: the commits without the
	 * culprit; only OK runs: those with it) must end up below the
	 * culprit's own mass, which grows as the other side is split further;
	 * so weigh it against the best single candidate of the other side.
	 */
	a = bisect_set_mass(st, u->set);
	against_in = crashed == st->fix;	/* the runs speak against c <= X */
	excluded = against_in ? a : 1 - a;
	for (size_t c = 0; c < st->dag.nr; c++)
		if (bitset_test(u->set, c) != against_in && st->post[c] > best_other)
			best_other = st->post[c];
	return excluded < b->delta * best_other || excluded > 1 - b->delta;
}

/*
 * An end or a release: a target crash settles it, until the slice is
 * loaded; then (the good parent of an answer) a crash there must also
 * leave the answer standing, or make "no culprit" hold the confidence.
 */
static bool check_settled(struct bisect_state *st, const struct unit *u, int from)
{
	bool crashed = unit_crashed_since(st, u, (size_t)from);

	if (!st->have_dag)
		return crashed;
	bisect_posterior(st);
	if (st->sum.none >= st->conf)
		return true;
	return crashed && st->post[bisect_top_candidate(st)] >= st->conf;
}

/* one first-crash title of u's runs has a clear lead (see TITLE_LEAD) */
static bool title_leads(const struct unit *u)
{
	int best = 0, second = 0;

	for (size_t i = 0; i < u->jruns_nr; i++) {
		const struct jrun *r = &u->jruns[i];
		bool seen = false;
		int n = 0;

		if (r->verdict != RUN_CRASHED || !r->crashes_nr)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = u->jruns[k].verdict == RUN_CRASHED && u->jruns[k].crashes_nr &&
			       !strcmp(u->jruns[k].crashes[0].title, r->crashes[0].title);
		if (seen)
			continue;
		for (size_t k = i; k < u->jruns_nr; k++)
			n += u->jruns[k].verdict == RUN_CRASHED && u->jruns[k].crashes_nr &&
			     !strcmp(u->jruns[k].crashes[0].title, r->crashes[0].title);
		if (n > best) {
			second = best;
			best = n;
		} else if (n > second) {
			second = n;
		}
	}
	return best >= TITLE_MIN_CRASHES && best - second >= TITLE_LEAD;
}

/*
 * The bad end: the first test's runs (they estimate p), then on until the
 * crash is seen (a poor reproducer is not "does not reproduce" after 20
 * runs) and, with no title given, until one title leads.
 */
static bool first_settled(const struct bisect_state *st, const struct unit *u, int from)
{
	int target = 0;

	if (u->runs - from < FIRST_TEST_RUNS_FACTOR * st->runs)
		return false;
	if (!st->job->title)
		return title_leads(u);
	/* the target is chosen after this step: match the job's title here */
	for (size_t i = (size_t)from; i < u->jruns_nr; i++) {
		const struct jrun *r = &u->jruns[i];

		for (size_t k = 0; r->verdict == RUN_CRASHED && k < r->crashes_nr; k++) {
			target += r->crashes[k].title && !strcmp(r->crashes[k].title, st->job->title);
			for (size_t a = 0; a < r->crashes[k].alts_nr; a++)
				target += !strcmp(r->crashes[k].alts[a], st->job->title);
		}
	}
	return target > 0;
}

static bool bayes_settled(void *ps, struct bisect_state *st, const struct unit *u, int from,
			  enum bisect_plan plan)
{
	switch (plan) {
	case BISECT_PLAN_FIRST:
		return first_settled(st, u, from);
	case BISECT_PLAN_CHECK:
		return check_settled(st, u, from);
	case BISECT_PLAN_PROBE:
		break;
	}
	return probe_settled(ps, st, u, from);
}

/* bad on any target crash; good when at least half the runs were OK */
static enum bisect_verdict bayes_verdict(void *ps, struct bisect_state *st,
					 const struct bisect_step *s, const struct unit *u)
{
	(void)ps;
	(void)st;
	(void)s;
	if (u->crashes)
		return BISECT_VERDICT_BAD;
	if (u->oks && u->oks * 2 >= u->runs)
		return BISECT_VERDICT_GOOD;
	return BISECT_VERDICT_SKIP;
}

static void bayes_search_begin(void *ps, struct bisect_state *st, size_t head)
{
	struct bayes *b = ps;
	int lg = 1;

	(void)head;	/* the whole slice: the walk's runs are evidence in it */
	b->max_builds = st->job->max_builds;
	if (!b->max_builds) {
		while (((size_t)1 << lg) < st->dag.nr + 1)
			lg++;
		b->max_builds = BUDGET_PER_BIT * lg + BUDGET_EXTRA;
	}
	free(b->wmass);
	b->wmass = xcalloc(st->dag.nr, sizeof(*b->wmass));
}

/*
 * The probes' split masses, with the candidates that would cost one more
 * build if found weighed more (see COSTLY_P): a culprit whose only parent
 * was never tested (excluded through a good descendant, or the untested
 * good end) needs its parent built for the signature. Weighing them like
 * two candidates puts them higher in the decision tree (as Huffman coding
 * does with costly symbols).
 */
static void boundary_weights(struct bisect_state *st, double *wmass)
{
	size_t n = st->dag.nr;
	bool *tested = xcalloc(n, sizeof(*tested));
	double sum = 0;

	for (size_t i = 0; i < st->tested_nr; i++)
		if (st->tested[i].node >= 0)
			tested[st->tested[i].node] = true;
	for (size_t c = 0; c < n; c++) {
		bool costly;

		if (st->g.parents_nr[c] == 0) {
			costly = true;
		} else if (st->g.parents_nr[c] == 1) {
			size_t par = st->g.parents[c][0];

			costly = !tested[par] && st->post[par] < COSTLY_PARENT_SHARE * st->post[c];
		} else {
			costly = false;
		}
		st->w[c] = st->post[c] * (costly ? COSTLY_WEIGHT : 1);
		sum += st->w[c];
	}
	for (size_t c = 0; c < n; c++)
		st->w[c] /= sum;
	bgraph_mass(&st->g, st->w, wmass);
	free(tested);
}

/* the testable commit whose split gives the most information per step, or -1 */
static long best_probe(struct bayes *b, struct bisect_state *st, double *info_out)
{
	size_t n = st->dag.nr, cap = (size_t)step_cap(b, st);
	double p = st->p_last, best_info = -1, best_a = 0;
	double p_step = 1 - pow(1 - p, cap), eps_step = 1 - pow(1 - st->eps, cap);
	long best = -1;

	if (p > COSTLY_P)
		boundary_weights(st, b->wmass);
	else
		memcpy(b->wmass, st->mass, n * sizeof(*b->wmass));
	for (size_t x = 0; x < n; x++) {
		double a = b->wmass[x], info;

		if (st->failed[x] || st->mass[x] < b->delta || st->mass[x] > 1 - b->delta)
			continue;
		info = probe_information(a, p_step, eps_step, st->fix);
		if (info > best_info + TIE ||
		    (info > best_info - TIE && fabs(a - 0.5) < fabs(best_a - 0.5) - TIE) ||
		    /* equal splits: a candidate itself may double as a parent build */
		    (best >= 0 && info > best_info - TIE &&
		     fabs(a - 0.5) < fabs(best_a - 0.5) + TIE &&
		     st->post[x] > st->post[best] + TIE)) {
			best_info = info;
			best = (long)x;
			best_a = a;
		}
	}
	/* the good end as a probe: "no culprit" is on its crashing side */
	*info_out = best_info;
	b->good_info = st->fix ? 0 : probe_information(st->sum.none, p_step, eps_step, false);
	return best;
}

/*
 * "No culprit" and a candidate whose parents are all outside the slice
 * (the good end) hold the confidence between them: only runs at the good
 * end tell them apart, and the engine makes them before it answers.
 */
static bool good_end_tested(const struct bisect_state *st)
{
	return bisect_good_side_runs(st, NULL) > 0;
}

/* the most probable candidate with no parent in the slice: false when none */
static bool slice_root(const struct bisect_state *st, size_t *root)
{
	long best = -1;

	for (size_t c = 0; c < st->dag.nr; c++)
		if (st->g.parents_nr[c] == 0 && (best < 0 || st->post[c] > st->post[best]))
			best = (long)c;
	if (best < 0)
		return false;
	*root = (size_t)best;
	return true;
}

/*
 * "No culprit" holds a share and the good end has no runs yet: only runs there
 * tell it from the candidates next to it. *root: the most probable
 * candidate with no parent in the slice (its parent is the good end,
 * which the engine tests before it takes that answer).
 */
static bool none_needs_good_end(const struct bayes *b, const struct bisect_state *st,
				size_t *root)
{
	int n = bisect_good_side_runs(st, NULL);

	if (st->fix || st->sum.none < (n ? b->delta : NONE_TEST_SHARE) ||
	    n >= GOOD_MAX_FACTOR * st->runs)
		return false;
	return slice_root(st, root);
}

/*
 * Several probes a round (round.h): the same weights and step channel as
 * best_probe(), the same bounds on a probe's mass; st->mass is fresh.
 */
static void round_inputs(struct bayes *b, struct bisect_state *st, struct round_pick_in *in,
			 bool *eligible)
{
	int cap = step_cap(b, st);

	in->p_step = 1 - pow(1 - st->p_last, cap);
	in->eps_step = 1 - pow(1 - st->eps, cap);
	in->quantiles = st->job->round_quantiles;
	in->w = st->post;
	if (st->p_last > COSTLY_P) {
		boundary_weights(st, b->wmass);
		in->w = st->w;
	}
	for (size_t x = 0; x < st->dag.nr; x++)
		eligible[x] = !st->failed[x] && st->mass[x] >= b->delta &&
			      st->mass[x] <= 1 - b->delta;
	in->eligible = eligible;
}

/* K probes (r->max > 1), with git's counts for each */
static void bayes_round(struct bayes *b, struct bisect_state *st, struct bisect_round *r)
{
	size_t n = st->dag.nr, max = r->max, *set, all;
	bool *eligible = xcalloc(n + 1, sizeof(*eligible));
	size_t *picks = xcalloc(max + 1, sizeof(*picks));
	struct round_pick_in in;

	/* a job's max-builds caps the steps, so the last round may be smaller */
	if (st->job->max_builds && (size_t)(b->max_builds - (int)st->res->steps_nr) < max)
		max = (size_t)(b->max_builds - (int)st->res->steps_nr);
	round_inputs(b, st, &in, eligible);
	r->nr = round_pick(st, &in, max, picks);
	round_sort(picks, r->nr);
	all = bisect_credible_set(st, st->conf, &set);
	for (size_t i = 0; i < r->nr; i++) {
		uint64_t *anc = bgraph_ancestors(&st->g, picks[i]);
		size_t reaches = 0;

		for (size_t k = 0; k < all; k++)
			reaches += bitset_test(anc, set[k]);
		free(anc);
		r->probes[i] = (struct bisect_probe){ picks[i], all, reaches };
	}
	if (!r->nr)
		r->end = BISECT_SEARCH_SKIPPED_ONLY;
	free(set);
	free(picks);
	free(eligible);
}

/*
 * Out of builds: with one probe a round, steps count; with several, a
 * job's max-builds caps the steps and the automatic budget the rounds.
 */
static bool budget_spent(struct bayes *b, struct bisect_state *st, const struct bisect_round *r)
{
	if (r->max <= 1 || st->job->max_builds)
		return (int)st->res->steps_nr >= b->max_builds;
	return st->res->rounds >= b->max_builds;
}

static size_t bayes_speculate(void *ps, struct bisect_state *st, const struct bisect_round *r,
			      size_t *out, size_t max)
{
	struct bayes *b = ps;
	size_t probes[BISECT_MAX_PROBES], got;
	bool *eligible = xcalloc(st->dag.nr + 1, sizeof(*eligible));
	struct round_pick_in in;

	bisect_posterior(st);
	bgraph_mass(&st->g, st->post, st->mass);
	round_inputs(b, st, &in, eligible);
	for (size_t i = 0; i < r->nr && i < BISECT_MAX_PROBES; i++)
		probes[i] = r->probes[i].node;
	got = round_speculate(st, &in, probes, r->nr < BISECT_MAX_PROBES ? r->nr :
				BISECT_MAX_PROBES, b->delta, out, max);
	free(eligible);
	return got;
}

static void bayes_next(void *ps, struct bisect_state *st, struct bisect_round *r)
{
	struct bayes *b = ps;
	size_t top, *set, all, reaches = 0;
	uint64_t *anc;
	double info;
	long best;

	b->good_more = false;
	bisect_posterior(st);
	top = bisect_top_candidate(st);
	r->nr = 0;
	r->culprit = top;
	if (st->post[top] >= st->conf || st->sum.none >= st->conf) {
		/* FOUND: the engine tests the good parent before the answer */
		r->end = BISECT_SEARCH_FOUND;
		return;
	}
	if (budget_spent(b, st, r)) {
		r->end = BISECT_SEARCH_BUDGET;
		return;
	}
	bgraph_mass(&st->g, st->post, st->mass);
	if (!st->fix)	/* under "no culprit" every commit is on the crashing side */
		for (size_t x = 0; x < st->dag.nr; x++)
			st->mass[x] += st->sum.none;
	best = best_probe(b, st, &info);
	if (none_needs_good_end(b, st, &r->culprit) && (b->good_info > info || best < 0)) {
		/* the engine tests the good parent of that root, then the policy looks again */
		r->end = BISECT_SEARCH_FOUND;
		r->good_again = b->good_more = true;
		return;
	}
	/*
	 * Nothing left to probe in the slice (a range of one commit: the bad
	 * end) and the good end untested: only runs there can settle the
	 * answer against "no culprit", so the engine tests it and asks again.
	 */
	if (best < 0 && !st->fix && !good_end_tested(st) && slice_root(st, &r->culprit)) {
		r->end = BISECT_SEARCH_FOUND;
		r->good_again = b->good_more = true;
		return;
	}
	if (r->max > 1) {
		bayes_round(b, st, r);
		return;
	}
	if (best < 0) {
		r->end = BISECT_SEARCH_SKIPPED_ONLY;
		return;
	}
	all = bisect_credible_set(st, st->conf, &set);
	anc = bgraph_ancestors(&st->g, (size_t)best);
	for (size_t k = 0; k < all; k++)
		reaches += bitset_test(anc, set[k]);
	free(anc);
	free(set);
	r->probes[0] = (struct bisect_probe){ (size_t)best, all, reaches };
	r->nr = 1;
}

static void bayes_update(void *ps, struct bisect_state *st, const struct bisect_probe *probe,
			 enum bisect_verdict v, const struct bisect_step *s, const struct tcommit *t)
{
	(void)ps;
	(void)v;
	if (++st->visits[probe->node] >= MAX_VISITS)
		st->failed[probe->node] = true;
	/* runs that gave no evidence (boot failures...): do not come back */
	if (t && t->status == BUILD_OK && s->runs_nr && !st->units[t->unit].crashes &&
	    !st->units[t->unit].oks)
		st->failed[probe->node] = true;
}

static void bayes_answer(void *ps, struct bisect_state *st, enum bisect_search_end end,
			 size_t culprit, struct bisect_answer *out)
{
	size_t *set, k;

	(void)ps;
	(void)end;
	memset(out, 0, sizeof(*out));
	if (st->sum.top_is_none && st->sum.none >= st->conf) {
		out->no_culprit = true;
		return;
	}
	/* found only at the confidence: out of builds at 0.5 is a candidate set */
	if (st->post[culprit] >= st->conf) {
		out->found = true;
		return;
	}
	k = bisect_credible_set(st, st->conf, &set);
	out->candidates = set;
	out->nr = k;
	out->probs = xcalloc(k + 1, sizeof(double));
	for (size_t i = 0; i < k; i++)
		out->probs[i] = st->post[set[i]];
}

const struct bisect_policy_ops bisect_policy_bayes = {
	.name = "bayes",
	.from_last_bad = false,
	.start = bayes_start,
	.release = bayes_release,
	.runs_wanted = bayes_runs_wanted,
	.settled = bayes_settled,
	.verdict = bayes_verdict,
	.search_begin = bayes_search_begin,
	.next = bayes_next,
	.update = bayes_update,
	.answer = bayes_answer,
	.speculate = bayes_speculate,
};
