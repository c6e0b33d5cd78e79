// SPDX-License-Identifier: Apache-2.0
/*
 * sim.c - the simulated oracle behind `culprit sim` (see sim.h).
 *
 * The engine sees commits named by 40-hex-digit strings (the slice index
 * plus one; the good end is all zeros), signatures by 64 hex digits (the
 * index of the commit whose artifact it is, plus one), and crash lists as
 * the report parser would give them.
 */
#include <math.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "executor.h"
#include "sim.h"
#include "../util/util.h"

#define TARGET_TITLE "KASAN: use-after-free Read in sim_target"

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	/* splitmix64 */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double rng_unit(struct rng *r)
{
	return (rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

struct world {
	size_t n;
	size_t **parents;
	size_t *parents_nr;
	bool *is_merge;
	/* per trial */
	size_t culprit;
	bool *failed;		/* does not build */
	size_t *rep;		/* whose artifact: itself, or its parent's (noop); n = the good end's */
	bool *has;		/* contains the culprit */
	const struct sim_params *prm;
	struct rng rng;
};

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void hash_of(size_t i, char out[VCS_HEXSZ + 1])
{
	snprintf(out, VCS_HEXSZ + 1, "%040zx", i + 1);
}

/*
 * A revert (verification) of commit c on the crashing end: "fe" and c + 1
 * in 38 digits (no commit's hash: theirs start with zeros); its artifact's
 * signature is REVERT_SIG + c.
 */
#define REVERT_SIG (1ULL << 40)

static void revert_hash_of(size_t c, char out[VCS_HEXSZ + 1])
{
	snprintf(out, VCS_HEXSZ + 1, "fe%038zx", c + 1);
}

static bool is_revert(const char *hash)
{
	return !strncmp(hash, "fe", 2);
}

/* the commit's index (a revert's: the reverted commit's), -1 the good end, -2 unknown */
static long index_of(const struct world *w, const char *hash)
{
	char *end;
	unsigned long long v;

	if (strlen(hash) != VCS_HEXSZ)
		return -2;
	v = strtoull(hash + (is_revert(hash) ? 2 : 0), &end, 16);
	if (*end || v > w->n)
		return -2;
	return (long)v - 1;	/* -1: the good end */
}

/* --- history --- */

static int h_resolve(void *ctx, const char *rev, char out[VCS_HEXSZ + 1])
{
	struct world *w = ctx;

	if (index_of(w, rev) < -1)
		return error("sim: unknown revision %s", rev);
	strcpy(out, rev);
	return 0;
}

static int h_load_dag(void *ctx, const char *head, const char *const *bases, size_t bases_nr,
		      struct vcs_dag *out)
{
	struct world *w = ctx;

	(void)head;
	(void)bases;
	(void)bases_nr;
	out->nr = w->n;
	out->hash = xmalloc(w->n * sizeof(*out->hash));
	for (size_t i = 0; i < w->n; i++)
		hash_of(i, out->hash[i]);
	out->parents = w->parents;	/* borrowed: release_dag leaves them */
	out->parents_nr = w->parents_nr;
	out->is_merge = w->is_merge;
	return 0;
}

static void h_release_dag(void *ctx, struct vcs_dag *dag)
{
	(void)ctx;
	free(dag->hash);
	memset(dag, 0, sizeof(*dag));
}

static int h_commit_info(void *ctx, const char *hash, struct vcs_commit *out)
{
	struct world *w = ctx;
	long i = index_of(w, hash);

	memset(out, 0, sizeof(*out));
	if (i < -1)
		return -1;
	strcpy(out->hash, hash);
	out->subject = i < 0 ? xstrdup("sim: the good end") : xstrfmt("sim: commit %ld", i);
	if (i < 0)
		return 0;
	out->parents_nr = w->parents_nr[i] ? w->parents_nr[i] : 1;
	out->parents = xcalloc(out->parents_nr, sizeof(char *));
	for (size_t k = 0; k < out->parents_nr; k++) {
		out->parents[k] = xmalloc(VCS_HEXSZ + 1);
		if (w->parents_nr[i])
			hash_of(w->parents[i][k], out->parents[k]);
		else
			snprintf(out->parents[k], VCS_HEXSZ + 1, "%040d", 0);
	}
	return 0;
}

static void h_release_commit(void *ctx, struct vcs_commit *c)
{
	(void)ctx;
	for (size_t k = 0; k < c->parents_nr; k++)
		free(c->parents[k]);
	free(c->parents);
	free(c->subject);
	memset(c, 0, sizeof(*c));
}

static int h_revert(void *ctx, const char *dir, const char *onto, const char *commit,
		    char out[VCS_HEXSZ + 1], struct strbuf *why)
{
	long c = index_of(ctx, commit);

	(void)dir;
	(void)onto;	/* always the crashing end, which has the culprit (or lacks the fix) */
	(void)why;
	if (c < 0 || is_revert(commit))
		return error("sim: cannot revert %s", commit);
	revert_hash_of((size_t)c, out);
	return 0;
}

static int h_checkout(void *ctx, const char *dir, const char *hash)
{
	(void)ctx;
	(void)dir;
	(void)hash;
	return 0;
}

/* --- builder --- */

static int b_build(void *ctx, const char *commit, const char *tree, struct build_result *out)
{
	struct world *w = ctx;
	long i = index_of(w, commit);

	(void)tree;
	memset(out, 0, sizeof(*out));
	out->seconds = w->prm->build_cost;
	if (i >= 0 && w->failed[i] && !is_revert(commit)) {
		out->status = BUILD_FAILED;
		out->reason = xstrdup("sim.c:1: error: this commit does not build");
		return 0;
	}
	out->status = BUILD_OK;
	if (is_revert(commit))
		snprintf(out->signature, sizeof(out->signature), "%064llx",
			 REVERT_SIG + (unsigned long long)i);
	else
		snprintf(out->signature, sizeof(out->signature), "%064zx",
			 i < 0 ? (size_t)0 : w->rep[i] + 1);
	return 0;
}

/* --- runner --- */

static void add_crash(struct run_result *out, const char *title)
{
	out->crashes.items = xcalloc(1, sizeof(struct crash_report));
	out->crashes.nr = out->crashes.alloc = 1;
	out->crashes.items[0].title = xstrdup(title);
	out->title = xstrdup(title);
	out->verdict = RUN_CRASHED;
}

static int r_run(void *ctx, const struct build_result *build, const char *tree, int index,
		 struct run_result *out)
{
	struct world *w = ctx;
	unsigned long long sig = strtoull(build->signature + 48, NULL, 16);
	const struct sim_params *p = w->prm;
	bool contains = sig > 0 && sig <= w->n && w->has[sig - 1];

	/* the crashing end without commit c: it lacks the culprit (or has the fix) only when c is it */
	if (sig >= REVERT_SIG)
		contains = sig - REVERT_SIG != w->culprit;
	/* cause: commits with the culprit crash; fix: commits without the fix do */
	bool bad = p->no_culprit || (p->mode == BISECT_FIX ? !contains : contains);

	(void)tree;
	(void)index;
	memset(out, 0, sizeof(*out));
	out->seconds = p->run_cost;
	if (rng_unit(&w->rng) < p->infra_rate) {
		out->verdict = RUN_INFRA;
		out->reason = xstrdup("sim: lost connection to the test machine");
		return 0;
	}
	if (rng_unit(&w->rng) < (bad ? p->p : p->fp)) {
		add_crash(out, TARGET_TITLE);
		return 0;
	}
	if (rng_unit(&w->rng) < p->other) {
		static const char *const others[] = {
			"WARNING in sim_unrelated_a", "general protection fault in sim_unrelated_b",
			"INFO: task hung in sim_unrelated_c",
		};

		add_crash(out, others[rng_next(&w->rng) % ARRAY_SIZE(others)]);
		return 0;
	}
	out->verdict = RUN_OK;
	return 0;
}

/*
 * --- executor ---
 *
 * The engine's work on `workers` modelled machines: a build takes
 * build_cost, a batch of runs run_cost for every `vms` of its runs. The
 * clock is modelled: it moves only in wait(), to the end of the earliest
 * piece in flight; work submitted in between starts then (or when a
 * machine frees up, in submission order). The wall time of a trial is the
 * clock at its end. The work itself (b_build(), r_run()) is done when it
 * completes, in the order of completions, so a trial stays reproducible.
 */
struct vpiece {
	const struct bisect_work *w;
	double end;
	unsigned long seq;
};

struct vexec {
	struct world *w;
	struct bisect_executor *ex;
	size_t workers;
	double now;
	unsigned long seq;
	struct vpiece *busy;
	size_t busy_nr;
	const struct bisect_work **queue;
	size_t queue_nr, queue_alloc;
};

static int v_submit(void *ctx, const struct bisect_work *w)
{
	struct vexec *v = ctx;

	ALLOC_GROW(v->queue, v->queue_nr + 1, v->queue_alloc);
	v->queue[v->queue_nr++] = w;
	return 0;
}

static double v_cost(const struct vexec *v, const struct bisect_work *w)
{
	const struct sim_params *p = v->w->prm;
	size_t vms = p->vms > 0 ? (size_t)p->vms : 1;

	if (w->kind == BISECT_WORK_BUILD)
		return p->build_cost;
	return p->run_cost * (double)((w->nr + vms - 1) / vms);
}

/* start queued work on free machines, now */
static void v_start(struct vexec *v)
{
	const struct bisect_executor_host *h = v->ex->host;

	while (v->queue_nr && v->busy_nr < v->workers) {
		const struct bisect_work *w = v->queue[0];

		memmove(v->queue, v->queue + 1, --v->queue_nr * sizeof(*v->queue));
		v->busy[v->busy_nr++] = (struct vpiece){ w, v->now + v_cost(v, w), v->seq++ };
		if (h && w->kind == BISECT_WORK_BUILD) {
			h->phase(h->ctx, w, BISECT_EV_CHECKOUT);
			h->phase(h->ctx, w, BISECT_EV_BUILD_STARTED);
		} else if (h) {
			h->phase(h->ctx, w, BISECT_EV_RUN_STARTED);
		}
	}
}

static int v_wait(void *ctx, struct bisect_done *d)
{
	struct vexec *v = ctx;
	const struct bisect_work *w;
	size_t first = 0;

	memset(d, 0, sizeof(*d));
	v_start(v);
	if (!v->busy_nr)
		return error("sim: nothing to wait for");
	for (size_t i = 1; i < v->busy_nr; i++)
		if (v->busy[i].end < v->busy[first].end ||
		    (v->busy[i].end == v->busy[first].end && v->busy[i].seq < v->busy[first].seq))
			first = i;
	w = v->busy[first].w;
	v->now = v->busy[first].end;
	v->busy[first] = v->busy[--v->busy_nr];
	d->id = w->id;
	d->kind = w->kind;
	if (w->kind == BISECT_WORK_BUILD)
		return b_build(v->w, w->commit, w->tree, &d->build);
	d->runs = xcalloc(w->nr + 1, sizeof(*d->runs));
	d->runs_nr = w->nr;
	for (size_t i = 0; i < w->nr; i++)
		r_run(v->w, w->build, w->tree, w->indices[i], &d->runs[i]);
	return 0;
}

static void v_cancel(void *ctx)
{
	struct vexec *v = ctx;

	v->queue_nr = 0;
	v->busy_nr = 0;
}

static void v_init(struct vexec *v, struct world *w, struct bisect_executor *ex, size_t workers)
{
	memset(v, 0, sizeof(*v));
	v->w = w;
	v->ex = ex;
	v->workers = workers ? workers : 1;
	v->busy = xcalloc(v->workers, sizeof(*v->busy));
	*ex = (struct bisect_executor){ .name = "sim", .ctx = v, .slots = v->workers,
					.submit = v_submit, .wait = v_wait, .cancel = v_cancel };
}

static void v_release(struct vexec *v)
{
	free(v->busy);
	free(v->queue);
}

/* --- DAGs --- */

static void add_parent(struct world *w, size_t i, size_t p)
{
	w->parents[i] = xrealloc(w->parents[i], (w->parents_nr[i] + 1) * sizeof(size_t));
	w->parents[i][w->parents_nr[i]++] = p;
}

static void world_alloc(struct world *w, size_t n)
{
	w->n = n;
	w->parents = xcalloc(n, sizeof(*w->parents));
	w->parents_nr = xcalloc(n, sizeof(*w->parents_nr));
	w->is_merge = xcalloc(n, sizeof(*w->is_merge));
}

/*
 * A main line with side branches forked from it and merged back (the
 * merge commits are merge_share of all); every commit is an ancestor of
 * the last one.
 */
static void synth_dag(struct world *w, size_t n, double merge_share, struct rng *r)
{
	size_t *open = xmalloc(n * sizeof(*open)), open_nr = 0, main_tip = 0;

	world_alloc(w, n);
	for (size_t i = 1; i < n; i++) {
		size_t remaining = n - i;
		double x = rng_unit(r);

		if (open_nr && (remaining <= open_nr || x < merge_share)) {
			size_t k = rng_next(r) % open_nr;

			add_parent(w, i, main_tip);
			add_parent(w, i, open[k]);
			w->is_merge[i] = true;
			open[k] = open[--open_nr];
			main_tip = i;
		} else if (x < merge_share * 1.5 && open_nr + 2 < remaining) {
			add_parent(w, i, main_tip);
			open[open_nr++] = i;
		} else if (open_nr && x < 0.55) {
			size_t k = rng_next(r) % open_nr;

			add_parent(w, i, open[k]);
			open[k] = i;
		} else {
			add_parent(w, i, main_tip);
			main_tip = i;
		}
	}
	free(open);
}

static int real_dag(struct world *w, const struct sim_params *p)
{
	struct bisect_history h = { 0 };
	struct vcs_dag d = { 0 };
	char bad[VCS_HEXSZ + 1], good[VCS_HEXSZ + 1];
	const char *goods[1];
	int ret = -1;

	if (bisect_history_vcs_open(p->repo, &h) < 0)
		return -1;
	if (h.resolve(h.ctx, p->bad ? p->bad : "HEAD", bad) < 0 || !p->good ||
	    h.resolve(h.ctx, p->good, good) < 0) {
		error("sim: --repo needs --bad and --good revisions that resolve");
		goto out;
	}
	goods[0] = good;
	if (h.load_dag(h.ctx, bad, goods, 1, &d) < 0)
		goto out;
	world_alloc(w, d.nr);
	for (size_t i = 0; i < d.nr; i++) {
		for (size_t k = 0; k < d.parents_nr[i]; k++)
			add_parent(w, i, d.parents[i][k]);
		w->is_merge[i] = d.is_merge ? d.is_merge[i] : d.parents_nr[i] > 1;
	}
	ret = d.nr ? 0 : error("sim: no commits between %s and %s", p->good, p->bad);
	h.release_dag(h.ctx, &d);
out:
	bisect_history_vcs_close(&h);
	return ret;
}

static void world_release(struct world *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->parents[i]);
	free(w->parents);
	free(w->parents_nr);
	free(w->is_merge);
	free(w->failed);
	free(w->rep);
	free(w->has);
}

static void new_trial(struct world *w, struct rng *r)
{
	const struct sim_params *p = w->prm;
	size_t n = w->n;

	w->culprit = rng_next(r) % n;
	for (size_t i = 0; i < n; i++) {
		bool noop = false;

		w->failed[i] = i != n - 1 && rng_unit(r) < p->skip_rate;
		w->has[i] = i == w->culprit;
		for (size_t k = 0; k < w->parents_nr[i]; k++)
			w->has[i] |= w->has[w->parents[i][k]];
		if (i != w->culprit && i != n - 1 && !w->is_merge[i] && w->parents_nr[i] <= 1)
			noop = rng_unit(r) < p->noop_rate;
		if (!noop)
			w->rep[i] = i;
		else if (w->parents_nr[i])
			w->rep[i] = w->rep[w->parents[i][0]];
		else
			w->rep[i] = (size_t)-1;	/* the good end's artifact */
	}
}

static const double bucket_edges[SIM_CALIBRATION_BUCKETS + 1] = { 0, 0.5, 0.9, 0.99, 0.999, 1.0001 };

/* one trial's outcome into the stats; a culprit counts as found only when reliable */
static void count_trial(struct sim_stats *st, const struct sim_params *p,
			const struct bisect_result *res, const char *culprit, double lg)
{
	bool right = !p->no_culprit && res->outcome == BISECT_FOUND && !strcmp(res->culprit, culprit);

	st->trials++;
	if (res->outcome == BISECT_FOUND) {
		for (int b = 0; b < SIM_CALIBRATION_BUCKETS; b++) {
			if (res->confidence >= bucket_edges[b] && res->confidence < bucket_edges[b + 1]) {
				st->calibration[b].trials++;
				st->calibration[b].right += right;
			}
		}
	}
	if (res->outcome == BISECT_FOUND && res->reliable) {
		st->exact += right;
		st->wrong += !right;
		if (right && (double)res->steps_nr <= lg + 2)
			st->max_builds_exact_ok++;
	} else {
		st->inconclusive++;
		st->no_repro += res->outcome == BISECT_NO_REPRO;
		st->no_culprit += res->outcome == BISECT_NO_CULPRIT;
	}
	if (right) {
		st->in_result++;
	} else if (res->outcome == BISECT_INCONCLUSIVE && !p->no_culprit) {
		for (size_t i = 0; i < res->candidates_nr; i++)
			if (!strcmp(res->candidates[i].hash, culprit))
				st->in_result++;
	}
}

int sim_run(const struct sim_params *p, enum bisect_policy policy, struct sim_stats *st)
{
	struct world w = { 0 };
	struct rng dag_rng = { p->seed * 7919 + 17 };
	double t0 = cpu_now(), lg;
	char good[VCS_HEXSZ + 1], bad[VCS_HEXSZ + 1];

	memset(st, 0, sizeof(*st));
	for (int b = 0; b < SIM_CALIBRATION_BUCKETS; b++) {
		st->calibration[b].min = bucket_edges[b];
		st->calibration[b].max = b + 1 < SIM_CALIBRATION_BUCKETS ? bucket_edges[b + 1] : 1;
	}
	w.prm = p;
	if (p->repo) {
		if (real_dag(&w, p) < 0)
			return -1;
	} else {
		if (p->commits < 2)
			return error("sim: --commits must be at least 2");
		synth_dag(&w, p->commits, p->merge_share, &dag_rng);
	}
	w.failed = xcalloc(w.n, sizeof(bool));
	w.rep = xcalloc(w.n, sizeof(size_t));
	w.has = xcalloc(w.n, sizeof(bool));
	st->dag_size = w.n;
	lg = ceil(log2((double)w.n));
	snprintf(good, sizeof(good), "%040d", 0);
	hash_of(w.n - 1, bad);
	for (int trial = 0; trial < p->trials; trial++) {
		struct rng tr = { p->seed * 1000003ULL + (uint64_t)trial };
		struct bisect_history h = {
			.ctx = &w, .resolve = h_resolve, .load_dag = h_load_dag,
			.release_dag = h_release_dag, .checkout = h_checkout,
			.commit_info = h_commit_info, .release_commit = h_release_commit,
			.revert = h_revert,
		};
		struct builder_ops b = { .ctx = &w, .build = b_build };
		struct runner_ops r = { .ctx = &w, .parallel = 1, .run = r_run };
		struct bisect_job job = BISECT_JOB_INIT;
		struct bisect_result res = BISECT_RESULT_INIT;
		struct bisect_log log;
		struct bisect_executor ex;
		struct vexec vx;
		char culprit[VCS_HEXSZ + 1];

		new_trial(&w, &tr);
		/* the policies draw different runs (a seed of their own, fixed for reproducible sims) */
		w.rng.s = rng_next(&tr) ^ (policy == BISECT_POLICY_SYZBOT ? 0x5a5a : 0);
		hash_of(w.culprit, culprit);
		job.bad = bad;
		strvec_push(&job.goods, good);
		job.mode = p->mode;
		job.policy = policy;
		job.runs = p->runs;
		job.jobs = p->vms > 0 ? p->vms : 1;
		job.confidence = p->confidence;
		job.history = &h;
		job.builder = &b;
		job.runner = &r;
		job.no_journal = true;
		job.probes = p->probes;
		job.round_quantiles = p->quantiles;
		v_init(&vx, &w, &ex, (size_t)(p->workers > p->probes ? p->workers : p->probes));
		job.executor = &ex;
		/* syzbot verifies nothing; bayes as culprit bisect, or the search alone */
		job.no_verify = !p->verify || policy == BISECT_POLICY_SYZBOT;
		if (!p->title_unknown)
			job.title = xstrdup(TARGET_TITLE);
		if (p->log) {
			bisect_log_init(&log, p->log);
			bisect_job_add_observer(&job, &bisect_log_ops, &log);
			bisect_log_printf(&log, "=== trial %d: culprit %s\n", trial, culprit);
		}
		if (p->mode == BISECT_FIX) {
			/* crashing end: the good end of the synthetic history */
			job.bad = good;
			strvec_clear(&job.goods);
			strvec_push(&job.goods, bad);
		}
		if (bisect_run(&job, &res) < 0) {
			v_release(&vx);
			job.bad = NULL;
			bisect_job_release(&job);
			bisect_result_release(&res);
			world_release(&w);
			return -1;
		}
		count_trial(st, p, &res, culprit, lg);
		st->builds += res.builds;
		st->runs += res.runs;
		st->work += res.build_seconds + res.test_seconds;
		st->wall += vx.now;
		st->rounds += res.rounds;
		st->speculative_builds += res.speculative_builds;
		st->speculative_used += res.speculative_used;
		v_release(&vx);
		if (res.builds > st->max_builds)
			st->max_builds = res.builds;
		if ((int)res.steps_nr > st->max_tested)
			st->max_tested = (int)res.steps_nr;
		job.bad = NULL;	/* not owned */
		bisect_job_release(&job);
		bisect_result_release(&res);
	}
	world_release(&w);
	st->cpu_seconds = cpu_now() - t0;
	return 0;
}
