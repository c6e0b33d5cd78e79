// SPDX-License-Identifier: Apache-2.0
/*
 * engine.c - the bisection loop (see bisect.h).
 *
 * HOW IT WORKS
 * 1. The bad commit is tested with twice the usual runs (as syzbot's first
 *    test); its first crash names the target (title + alt titles) and its
 *    runs estimate the reproduction probability p.
 * 2. The other end: given goods are tested (cause) or the fixed end (fix);
 *    with no good, release tags are walked back from bad.
 * 3. The DAG slice is loaded and the policy picks commits until it can name
 *    one (or proves it cannot: only skipped commits left).
 * Every build and run goes through do_build()/do_runs(), which first look in
 * the journal, so a resumed job redoes nothing recorded and a replay builds
 * and runs nothing. Evidence lives in units, one per artifact signature: all
 * commits that build to the same bytes share their runs.
 *
 * LIMITATIONS
 * The bayes model assumes one culprit and runs independent given the
 * commit; a crash that needs two commits, or a flakiness that changes along
 * the history, is outside it (the confidence then says so, usually).
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bisect.h"
#include "journal.h"
#include "posterior.h"
#include "../util/strbuf.h"
#include "../util/util.h"

#define DEFAULT_RUNS 10
#define DEFAULT_CONFIDENCE 0.99
#define EPSILON 0.003		/* chance that a run without the culprit shows the target title */
#define P_QUANTILE 0.1		/* p is the lower 10% bound of its Beta posterior */

struct unit {
	char sig[SIGNATURE_HEXSZ + 1];
	uint64_t *set;		/* candidates that are ancestors of any of this unit's commits */
	uint64_t *all;		/* ... of all of them (NULL until one is in the slice) */
	int runs;		/* runs attributed (next run index) */
	int crashes, oks, others, skips;
	int any_crashes;	/* syzbot: crashes of any title */
	char *report_title, *report;
	char first_commit[VCS_HEXSZ + 1];
	struct jrun *jruns;	/* every run, in index order */
	size_t jruns_nr, jruns_alloc;
};

struct tcommit {
	char hash[VCS_HEXSZ + 1];
	int unit;		/* -1: no artifact */
	enum build_status status;
	char *reason, *compiler, *artifact_dir;
	long node;		/* index in the slice, -1 outside */
};

struct engine {
	const struct bisect_job *job;
	struct bisect_history *h;
	struct bisect_result *res;
	struct journal *jr;
	FILE *log;
	bool fix, syzbot;
	char *tree;
	int runs, jobs, cap;
	double conf, delta, eps;
	double t0;

	char *target;
	struct strvec target_alts;

	struct unit *units;
	size_t units_nr, units_alloc;
	struct tcommit *tested;
	size_t tested_nr, tested_alloc;
	int bad_unit;

	/* the slice */
	bool have_dag;
	struct vcs_dag dag;
	struct bgraph g;
	size_t *by_hash;	/* slice indices sorted by hash */
	bool *failed;		/* the commit does not build / cannot be tested */
	int *visits;
	double *post, *mass, *w;

	/* syzbot state */
	bool flaky;
	int syz_tests;

	bool have_post;		/* post[] holds a posterior */
	double p_last;		/* the p it was computed with */
	bool journal_ended;	/* replay ran out of records */
	bool infra;		/* an infrastructure failure stopped us */
	int infra_strikes;	/* steps in a row lost to infrastructure trouble */
	int est_steps;
};

/* ------------------------------------------------------------------ log */

static void elog(struct engine *e, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void elog(struct engine *e, const char *fmt, ...)
{
	va_list ap;

	if (!e->log)
		return;
	va_start(ap, fmt);
	vfprintf(e->log, fmt, ap);
	va_end(ap);
	fputc('\n', e->log);
	fflush(e->log);
}

static void progress(struct engine *e, const char *hash, const char *phase)
{
	double el;
	char *els;

	if (!e->job->progress || !isatty(2))
		return;
	el = now_seconds() - e->t0;
	els = format_duration(el);
	fprintf(stderr, "\r\033[K[step %zu of about %d] %.12s %s, elapsed %s", e->res->steps_nr,
		e->est_steps > 0 ? e->est_steps : 1, hash, phase, els);
	if (e->res->steps_nr > 1 && e->est_steps > (int)e->res->steps_nr) {
		char *eta = format_duration(el / e->res->steps_nr *
					    (e->est_steps - (int)e->res->steps_nr));

		fprintf(stderr, ", ETA %s", eta);
		free(eta);
	}
	fflush(stderr);
	free(els);
}

static void progress_done(struct engine *e)
{
	if (e->job->progress && isatty(2))
		fputs("\r\033[K", stderr);
}

/* ------------------------------------------------------- small helpers */

static const char *subject_of(struct engine *e, const char *hash, char **owned)
{
	struct vcs_commit c = { 0 };

	*owned = NULL;
	if (!e->h->commit_info || e->h->commit_info(e->h->ctx, hash, &c) < 0)
		return "";
	*owned = xstrdup(c.subject ? c.subject : "");
	if (e->h->release_commit)
		e->h->release_commit(e->h->ctx, &c);
	return *owned;
}

static bool jcrash_matches(const struct engine *e, const struct jcrash *c)
{
	if (!e->target)
		return false;
	if (c->title && !strcmp(c->title, e->target))
		return true;
	for (size_t i = 0; i < c->alts_nr; i++)
		if (!strcmp(c->alts[i], e->target))
			return true;
	for (size_t i = 0; i < e->target_alts.nr; i++)
		if (c->title && !strcmp(c->title, e->target_alts.v[i]))
			return true;
	return false;
}

static bool jrun_is_target(const struct engine *e, const struct jrun *r)
{
	for (size_t i = 0; i < r->crashes_nr; i++)
		if (jcrash_matches(e, &r->crashes[i]))
			return true;
	return false;
}

static char *describe_jrun(const struct jrun *r)
{
	switch (r->verdict) {
	case RUN_OK:
		return xstrdup("OK");
	case RUN_CRASHED:
		return xstrfmt("crashed: %s", r->crashes_nr ? r->crashes[0].title : "?");
	case RUN_BOOT_FAILED:
		return xstrfmt("boot failed: %s", r->reason ? r->reason : "?");
	case RUN_TEST_FAILED:
		return xstrfmt("basic kernel testing failed: %s", r->reason ? r->reason : "?");
	case RUN_INFRA:
		return xstrfmt("infra problem: %s", r->reason ? r->reason : "?");
	case RUN_TIMED_OUT:
		return xstrdup("timed out");
	}
	return xstrdup("?");
}

static struct tcommit *find_tested(struct engine *e, const char *hash)
{
	for (size_t i = 0; i < e->tested_nr; i++)
		if (!strcmp(e->tested[i].hash, hash))
			return &e->tested[i];
	return NULL;
}

static int find_unit(struct engine *e, const char *sig)
{
	for (size_t i = 0; i < e->units_nr; i++)
		if (!strcmp(e->units[i].sig, sig))
			return (int)i;
	return -1;
}

static int cmp_hash_idx(const void *a, const void *b, void *arg)
{
	const struct vcs_dag *d = arg;

	return strcmp(d->hash[*(const size_t *)a], d->hash[*(const size_t *)b]);
}

static long node_of(struct engine *e, const char *hash)
{
	size_t lo = 0, hi;

	if (!e->have_dag)
		return -1;
	hi = e->dag.nr;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(e->dag.hash[e->by_hash[mid]], hash);

		if (!c)
			return (long)e->by_hash[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Put commit t (with a unit) into its unit's ancestor set. */
static void attach_to_slice(struct engine *e, struct tcommit *t)
{
	t->node = node_of(e, t->hash);
	if (t->node < 0)
		return;
	if (t->unit < 0) {
		e->failed[t->node] = true;
		return;
	}
	{
		struct unit *u = &e->units[t->unit];
		uint64_t *anc = bgraph_ancestors(&e->g, (size_t)t->node);
		size_t words = bitset_words(e->dag.nr) + 1;

		for (size_t w = 0; w < words; w++)
			u->set[w] |= anc[w];
		if (!u->all) {
			u->all = anc;
		} else {
			for (size_t w = 0; w < words; w++)
				u->all[w] &= anc[w];
			free(anc);
		}
	}
}

static int new_unit(struct engine *e, const char *sig, const char *hash)
{
	struct unit *u;

	ALLOC_GROW(e->units, e->units_nr + 1, e->units_alloc);
	u = &e->units[e->units_nr];
	memset(u, 0, sizeof(*u));
	strcpy(u->sig, sig);
	strcpy(u->first_commit, hash);
	if (e->have_dag)
		u->set = xcalloc(bitset_words(e->dag.nr) + 1, sizeof(uint64_t));
	return (int)e->units_nr++;
}

/* --------------------------------------------------------------- steps */

static struct bisect_step *new_step(struct engine *e, const char *hash, const char *tag)
{
	struct bisect_result *res = e->res;
	struct bisect_step *s;
	char *subj;

	ALLOC_GROW(res->steps, res->steps_nr + 1, res->steps_alloc);
	s = &res->steps[res->steps_nr++];
	memset(s, 0, sizeof(*s));
	strcpy(s->hash, hash);
	subject_of(e, hash, &subj);
	s->subject = subj ? subj : xstrdup("");
	s->tag = tag ? xstrdup(tag) : NULL;
	return s;
}

static void set_decision(struct bisect_step *s, const char *d)
{
	free(s->decision);
	s->decision = xstrdup(d);
}

/*
 * Build `hash` (or take its build from this process or the journal).
 * Returns the tested record, or NULL on a hard error / end of replay.
 */
static struct tcommit *do_build(struct engine *e, const char *hash, struct bisect_step *s)
{
	struct tcommit *t = find_tested(e, hash);
	const struct jbuild *jb;
	struct jbuild nb = { 0 };
	const char *compiler = NULL;

	if (t)
		goto have;
	jb = journal_find_build(e->jr, hash);
	if (jb && jb->status == BUILD_INFRA)
		jb = NULL;	/* infrastructure trouble is retried */
	if (!jb) {
		struct build_result br = { 0 };

		if (e->job->replay) {
			e->journal_ended = true;
			return NULL;
		}
		if (!e->job->builder || !e->job->builder->build)
			return error("no builder"), NULL;
		progress(e, hash, "checking out");
		if (journal_add_checkout(e->jr, hash) < 0)
			return NULL;
		if (e->h->checkout && e->h->checkout(e->h->ctx, e->tree, hash) < 0) {
			e->infra = true;
			return NULL;
		}
		progress(e, hash, "building");
		if (e->job->builder->build(e->job->builder->ctx, hash, e->tree, &br) < 0) {
			build_result_release(&br);
			e->infra = true;
			return NULL;
		}
		strcpy(nb.hash, hash);
		nb.status = br.status;
		strcpy(nb.signature, br.status == BUILD_OK ? br.signature : "");
		nb.seconds = br.seconds;
		nb.compiler = br.compiler ? xstrdup(br.compiler) : NULL;
		if (!nb.compiler && e->job->builder->compiler) {
			compiler = e->job->builder->compiler(e->job->builder->ctx, hash);
			nb.compiler = compiler ? xstrdup(compiler) : NULL;
		}
		nb.artifact_dir = br.artifact_dir ? xstrdup(br.artifact_dir) : NULL;
		nb.reason = br.reason ? xstrdup(br.reason) : NULL;
		build_result_release(&br);
		if (journal_add_build(e->jr, &nb) < 0) {
			jbuild_release(&nb);
			return NULL;
		}
		e->res->builds++;
		jb = &nb;
	}
	ALLOC_GROW(e->tested, e->tested_nr + 1, e->tested_alloc);
	t = &e->tested[e->tested_nr++];
	memset(t, 0, sizeof(*t));
	strcpy(t->hash, hash);
	t->status = jb->status;
	t->reason = jb->reason ? xstrdup(jb->reason) : NULL;
	t->compiler = jb->compiler ? xstrdup(jb->compiler) : NULL;
	t->artifact_dir = jb->artifact_dir ? xstrdup(jb->artifact_dir) : NULL;
	t->unit = -1;
	t->node = -1;
	e->res->revisions_tested++;
	e->res->build_seconds += jb->seconds;
	s->build_seconds = jb->seconds;
	if (jb->status == BUILD_OK) {
		t->unit = find_unit(e, jb->signature);
		if (t->unit < 0)
			t->unit = new_unit(e, jb->signature, hash);
	}
	jbuild_release(&nb);
	if (e->have_dag)
		attach_to_slice(e, t);
have:
	s->build = t->status;
	if (t->status == BUILD_OK) {
		strcpy(s->signature, e->units[t->unit].sig);
	} else {
		free(s->build_reason);
		s->build_reason = xstrdup(t->reason ? t->reason : "build failed");
	}
	if (t->compiler)
		elog(e, "testing commit %s with %s", hash, t->compiler);
	else
		elog(e, "testing commit %s", hash);
	if (t->status == BUILD_OK)
		elog(e, "kernel signature: %s", e->units[t->unit].sig);
	else
		elog(e, "failed building %s: %s", hash, t->reason ? t->reason : "unknown error");
	return t;
}

/* ---------------------------------------------------------------- runs */

static void unit_recount(struct engine *e, struct unit *u)
{
	u->crashes = u->oks = u->others = u->skips = u->any_crashes = 0;
	for (size_t i = 0; i < u->jruns_nr; i++) {
		const struct jrun *r = &u->jruns[i];

		if (r->verdict == RUN_OK) {
			u->oks++;
		} else if (r->verdict == RUN_CRASHED) {
			u->any_crashes++;
			if (jrun_is_target(e, r)) {
				u->crashes++;
				if (!u->report && r->report) {
					u->report = xstrdup(r->report);
					u->report_title = xstrdup(e->target);
				}
			} else {
				u->others++;
			}
		} else {
			u->skips++;
		}
	}
}

static void jrun_from_result(struct jrun *jr, const char *sig, int index, struct run_result *rr)
{
	memset(jr, 0, sizeof(*jr));
	strcpy(jr->signature, sig);
	jr->index = index;
	jr->verdict = rr->verdict;
	jr->seconds = rr->seconds;
	jr->reason = rr->reason ? xstrdup(rr->reason) : NULL;
	if (rr->verdict == RUN_CRASHED && rr->crashes.nr == 0 && rr->title) {
		/* a runner that only gave a title */
		jr->crashes = xcalloc(1, sizeof(*jr->crashes));
		jr->crashes[0].title = xstrdup(rr->title);
		jr->crashes_nr = 1;
	} else if (rr->crashes.nr) {
		jr->crashes = xcalloc(rr->crashes.nr, sizeof(*jr->crashes));
		for (size_t i = 0; i < rr->crashes.nr; i++) {
			const struct crash_report *c = &rr->crashes.items[i];

			jr->crashes[i].title = xstrdup(c->title ? c->title : "");
			jr->crashes[i].alts_nr = c->alt_nr;
			jr->crashes[i].alts = c->alt_nr ? xcalloc(c->alt_nr, sizeof(char *)) : NULL;
			for (size_t k = 0; k < c->alt_nr; k++)
				jr->crashes[i].alts[k] = xstrdup(c->alt_titles[k]);
		}
		jr->crashes_nr = rr->crashes.nr;
		if (rr->crashes.items[0].report)
			jr->report = xstrdup(rr->crashes.items[0].report);
	}
	if (jr->verdict == RUN_CRASHED && !jr->crashes_nr) {
		jr->crashes = xcalloc(1, sizeof(*jr->crashes));
		jr->crashes[0].title = xstrdup("unknown crash");
		jr->crashes_nr = 1;
	}
}

struct run_slot {
	struct engine *e;
	struct build_result *br;
	int index;
	struct run_result out;
	int ret;
};

static void *run_thread(void *arg)
{
	struct run_slot *sl = arg;
	const struct runner_ops *ops = sl->e->job->runner;

	sl->ret = ops->run(ops->ctx, sl->br, sl->e->tree, sl->index, &sl->out);
	return NULL;
}

/* Make sure the build tree holds t's build (for runs after a move or a resume). */
static int ensure_tree(struct engine *e, struct tcommit *t)
{
	bool built;
	const char *tc = journal_tree_commit(e->jr, &built);
	struct build_result br = { 0 };
	struct jbuild nb = { 0 };
	int ret = 0;

	if (!strcmp(tc, t->hash) && built)
		return 0;
	if (!e->h->checkout)
		return 0;	/* nothing to check out: the artifact is all */
	if (journal_add_checkout(e->jr, t->hash) < 0 ||
	    e->h->checkout(e->h->ctx, e->tree, t->hash) < 0)
		return -1;
	progress(e, t->hash, "rebuilding");
	if (e->job->builder->build(e->job->builder->ctx, t->hash, e->tree, &br) < 0 ||
	    br.status != BUILD_OK) {
		build_result_release(&br);
		return error("commit %s no longer builds", t->hash);
	}
	strcpy(nb.hash, t->hash);
	nb.status = BUILD_OK;
	strcpy(nb.signature, br.signature);
	nb.seconds = br.seconds;
	nb.artifact_dir = br.artifact_dir ? xstrdup(br.artifact_dir) : NULL;
	e->res->builds++;
	e->res->build_seconds += br.seconds;
	ret = journal_add_build(e->jr, &nb);
	jbuild_release(&nb);
	free(t->artifact_dir);
	t->artifact_dir = br.artifact_dir ? xstrdup(br.artifact_dir) : NULL;
	build_result_release(&br);
	return ret;
}

/*
 * Run batch [first, first + nr) of unit u (from the journal when recorded).
 * Appends to u->jruns. Returns 0, or -1 (hard error / end of replay).
 */
static int run_batch(struct engine *e, struct tcommit *t, struct unit *u, int first, int nr,
		     double *batch_seconds)
{
	struct run_slot *slots = xcalloc(nr, sizeof(*slots));
	bool *have = xcalloc(nr, sizeof(*have));
	struct jrun *got = xcalloc(nr, sizeof(*got));
	struct build_result br = { 0 };
	int missing = 0, ret = 0;

	for (int i = 0; i < nr; i++) {
		const struct jrun *jr = journal_find_run(e->jr, u->sig, first + i);

		if (jr) {
			struct jrun tmp = *jr;

			/* deep copy through the journal's own copier */
			memset(&got[i], 0, sizeof(got[i]));
			got[i] = tmp;
			got[i].reason = tmp.reason ? xstrdup(tmp.reason) : NULL;
			got[i].report = tmp.report ? xstrdup(tmp.report) : NULL;
			got[i].crashes = tmp.crashes_nr ? xcalloc(tmp.crashes_nr, sizeof(struct jcrash)) : NULL;
			for (size_t k = 0; k < tmp.crashes_nr; k++) {
				got[i].crashes[k].title = xstrdup(tmp.crashes[k].title);
				got[i].crashes[k].alts_nr = tmp.crashes[k].alts_nr;
				got[i].crashes[k].alts = tmp.crashes[k].alts_nr ?
					xcalloc(tmp.crashes[k].alts_nr, sizeof(char *)) : NULL;
				for (size_t a = 0; a < tmp.crashes[k].alts_nr; a++)
					got[i].crashes[k].alts[a] = xstrdup(tmp.crashes[k].alts[a]);
			}
			have[i] = true;
		} else {
			missing++;
		}
	}
	if (missing) {
		const struct runner_ops *ops = e->job->runner;

		if (e->job->replay) {
			e->journal_ended = true;
			ret = -1;
			goto out;
		}
		if (!ops || !ops->run) {
			ret = error("no runner");
			goto out;
		}
		if (ensure_tree(e, t) < 0) {
			e->infra = true;
			ret = -1;
			goto out;
		}
		strcpy(br.signature, u->sig);
		br.status = BUILD_OK;
		br.artifact_dir = t->artifact_dir;
		br.compiler = t->compiler;
		progress(e, t->hash, "running");
		if (ops->parallel > 1 && missing > 1) {
			pthread_t *th = xcalloc(nr, sizeof(*th));
			bool *started = xcalloc(nr, sizeof(*started));

			for (int i = 0; i < nr; i++) {
				if (have[i])
					continue;
				slots[i] = (struct run_slot){ e, &br, first + i, { 0 }, 0 };
				started[i] = !pthread_create(&th[i], NULL, run_thread, &slots[i]);
				if (!started[i])
					run_thread(&slots[i]);
			}
			for (int i = 0; i < nr; i++)
				if (started[i])
					pthread_join(th[i], NULL);
			free(th);
			free(started);
		} else {
			for (int i = 0; i < nr; i++) {
				if (have[i])
					continue;
				slots[i] = (struct run_slot){ e, &br, first + i, { 0 }, 0 };
				run_thread(&slots[i]);
			}
		}
		for (int i = 0; i < nr; i++) {
			if (have[i])
				continue;
			if (slots[i].ret < 0 && slots[i].out.verdict != RUN_INFRA) {
				slots[i].out.verdict = RUN_INFRA;
				if (!slots[i].out.reason)
					slots[i].out.reason = xstrdup("the runner failed");
			}
			jrun_from_result(&got[i], u->sig, first + i, &slots[i].out);
			run_result_release(&slots[i].out);
			if (journal_add_run(e->jr, &got[i]) < 0)
				ret = -1;
			e->res->runs++;
		}
	}
	*batch_seconds = 0;
	for (int i = 0; i < nr; i++) {
		if (got[i].seconds > *batch_seconds)
			*batch_seconds = got[i].seconds;
		ALLOC_GROW(u->jruns, u->jruns_nr + 1, u->jruns_alloc);
		u->jruns[u->jruns_nr++] = got[i];
		memset(&got[i], 0, sizeof(got[i]));
		u->runs++;
	}
	e->res->runs_total += nr;
out:
	for (int i = 0; i < nr; i++)
		jrun_release(&got[i]);
	free(got);
	free(have);
	free(slots);
	return ret;
}

/* ----------------------------------------------------------- posterior */

static double set_mass(struct engine *e, const uint64_t *set);

/*
 * p from the runs at the crashing end, pooled with the runs at commits the
 * posterior already puts on the crashing side (weighted by how sure it is;
 * the posterior of the previous round, so this never recurses). A commit is
 * put there by a crash, but the runs before the crash count too and a
 * stopping rule does not bias the likelihood; the lower bound of the Beta
 * credible interval keeps the estimate on the low side.
 */
static double p_estimate(struct engine *e)
{
	const struct unit *u = &e->units[e->bad_unit];
	double k = u->crashes, n = u->crashes + u->oks, p;

	if (e->have_post) {
		for (size_t i = 0; i < e->units_nr; i++) {
			const struct unit *v = &e->units[i];
			double a;

			if ((int)i == e->bad_unit || !v->set || !(v->crashes + v->oks))
				continue;
			a = set_mass(e, v->set);
			if (e->fix)
				a = 1 - a;
			if (a < 0.9)
				continue;
			k += a * v->crashes;
			n += a * (v->crashes + v->oks);
		}
	}
	p = posterior_p_estimate((int)lround(k), (int)lround(n), P_QUANTILE);
	return p < 0.01 ? 0.01 : p;
}

static void compute_posterior(struct engine *e)
{
	struct evidence_unit *ev = xcalloc(e->units_nr + 1, sizeof(*ev));
	size_t nr = 0;

	for (size_t i = 0; i < e->units_nr; i++) {
		if (!e->units[i].set || (!e->units[i].crashes && !e->units[i].oks))
			continue;
		ev[nr].set = e->units[i].set;
		/* a unit seen only outside the slice (the good end) is in no commit of it */
		ev[nr].all_set = e->units[i].all ? e->units[i].all : e->units[i].set;
		ev[nr].crashes = e->units[i].crashes;
		ev[nr].oks = e->units[i].oks;
		nr++;
	}
	e->p_last = p_estimate(e);
	posterior_compute(e->dag.nr, ev, nr, e->p_last, e->eps, e->fix, e->post);
	e->have_post = true;
	free(ev);
}

static double set_mass(struct engine *e, const uint64_t *set)
{
	double sum = 0;

	for (size_t c = 0; c < e->dag.nr; c++)
		if (bitset_test(set, c))
			sum += e->post[c];
	return sum;
}

static size_t top_candidate(struct engine *e)
{
	size_t best = 0;

	for (size_t c = 1; c < e->dag.nr; c++)
		if (e->post[c] > e->post[best])
			best = c;
	return best;
}

static int cmp_post_desc(const void *a, const void *b, void *arg)
{
	const double *post = arg;
	double x = post[*(const size_t *)a], y = post[*(const size_t *)b];

	return x < y ? 1 : x > y ? -1 : (*(const size_t *)a > *(const size_t *)b) -
					   (*(const size_t *)a < *(const size_t *)b);
}

/* indices of the smallest set holding `level` of the mass, most probable first */
static size_t credible_set(struct engine *e, double level, size_t **out)
{
	size_t *idx = xmalloc((e->dag.nr + 1) * sizeof(*idx)), k = 0;
	double sum = 0;

	for (size_t c = 0; c < e->dag.nr; c++)
		idx[c] = c;
	qsort_r(idx, e->dag.nr, sizeof(*idx), cmp_post_desc, e->post);
	while (k < e->dag.nr && sum < level)
		sum += e->post[idx[k++]];
	*out = idx;
	return k;
}

/*
 * Runs per step at most: twice the job's runs, more for a poor reproducer
 * (enough OK runs to leave 5% of a side standing), because a rebuild to
 * come back later costs more than runs on a built commit.
 */
static int step_cap(struct engine *e)
{
	double p = e->have_post ? e->p_last : e->bad_unit >= 0 ? p_estimate(e) : 0.5;
	int n = (int)ceil(log(0.05) / log(1 - (p < 0.99 ? p : 0.99)));

	if (n < e->cap)
		n = e->cap;
	if (n > 4 * e->cap)
		n = 4 * e->cap;
	return n;
}

/* -------------------------------------------------------------- testing */

enum plan { PLAN_FIRST, PLAN_CHECK, PLAN_PROBE };

static bool bayes_step_done(struct engine *e, struct unit *u, int step_first)
{
	bool crashed = false;
	double a;

	for (size_t i = step_first; i < u->jruns_nr; i++)
		crashed |= u->jruns[i].verdict == RUN_CRASHED && jrun_is_target(e, &u->jruns[i]);
	if (!e->have_dag || !u->set)
		return crashed;
	compute_posterior(e);
	if (e->post[top_candidate(e)] >= e->conf)
		return true;
	/*
	 * A target crash is strong evidence and usually settles the step at
	 * once (the runs stop at the first one); OK runs are weak and
	 * accumulate until the side is settled or the cap is reached. Going
	 * on here is cheaper than a rebuild later.
	 */
	/*
	 * The side the runs speak against (a crash: the commits without the
	 * culprit; only OK runs: those with it) must end up below the
	 * culprit's own mass, which grows as the other side is split further;
	 * so weigh it against the best single candidate of the other side.
	 */
	a = set_mass(e, u->set);
	{
		bool against_in = crashed == e->fix;	/* the runs speak against c <= X */
		double excluded = against_in ? a : 1 - a, best_other = 0;

		for (size_t c = 0; c < e->dag.nr; c++)
			if (bitset_test(u->set, c) != against_in && e->post[c] > best_other)
				best_other = e->post[c];
		return excluded < e->delta * best_other || excluded > 1 - e->delta;
	}
}

static void log_runs(struct engine *e, struct unit *u, int from, struct bisect_step *s)
{
	struct strvec desc = STRVEC_INIT;
	bool same = true;

	for (size_t i = from; i < u->jruns_nr; i++) {
		struct jrun *r = &u->jruns[i];
		struct bisect_run *br;
		char *d = describe_jrun(r);

		ALLOC_GROW(s->runs, s->runs_nr + 1, s->runs_alloc);
		br = &s->runs[s->runs_nr++];
		memset(br, 0, sizeof(*br));
		br->verdict = r->verdict;
		br->target = r->verdict == RUN_CRASHED && jrun_is_target(e, r);
		br->title = r->crashes_nr ? xstrdup(r->crashes[0].title) : NULL;
		br->reason = r->reason ? xstrdup(r->reason) : NULL;
		br->seconds = r->seconds;
		if (desc.nr && strcmp(desc.v[0], d))
			same = false;
		strvec_push(&desc, d);
		free(d);
		if (r->verdict == RUN_CRASHED && !br->target) {
			bool seen = false;

			for (size_t k = 0; k < e->res->other_titles.nr; k++)
				seen |= !strcmp(e->res->other_titles.v[k], br->title);
			if (!seen)
				strvec_push(&e->res->other_titles, br->title);
		}
	}
	if (desc.nr && same)
		elog(e, "all runs: %s", desc.v[0]);
	else
		for (size_t i = 0; i < desc.nr; i++)
			elog(e, "run #%zu: %s", i, desc.v[i]);
	strvec_clear(&desc);
}

/*
 * Test one commit: build, then runs as the plan and policy say.
 * Returns the step, or NULL when the engine must stop (hard error,
 * infrastructure, end of replay). *t_out gets the tested record.
 */
static struct bisect_step *test_commit(struct engine *e, const char *hash, const char *tag,
				       enum plan plan, struct tcommit **t_out)
{
	struct bisect_step *s = new_step(e, hash, tag);
	struct tcommit *t = do_build(e, hash, s);
	struct unit *u;
	int from, limit;
	double secs;

	*t_out = t;
	if (!t)
		return NULL;
	if (t->status == BUILD_INFRA) {
		/* we could not build (timeout, disk, tools): a skip, but not forever */
		if (++e->infra_strikes >= 3) {
			e->infra = true;
			return NULL;
		}
	}
	if (t->status != BUILD_OK) {
		set_decision(s, "skip");
		if (t->node >= 0)
			e->failed[t->node] = true;
		return s;
	}
	u = &e->units[t->unit];
	from = u->runs;
	if (strcmp(u->first_commit, hash) && u->runs)
		elog(e, "same signature as %s: its %d runs count here too", u->first_commit, u->runs);
	if (e->syzbot) {
		int n = (plan == PLAN_FIRST || e->flaky) ? 2 * e->runs : e->runs;

		limit = n > u->runs ? n : u->runs;
	} else if (plan == PLAN_FIRST) {
		limit = u->runs + 2 * e->runs;
	} else if (plan == PLAN_CHECK) {
		double p = e->bad_unit >= 0 ? p_estimate(e) : 0.5;
		int n = (int)ceil(log(e->delta) / log(1 - p));

		if (n < e->runs)
			n = e->runs;
		if (n > 4 * e->runs)
			n = 4 * e->runs;
		limit = u->runs >= n ? u->runs : n;
	} else {
		limit = u->runs + step_cap(e);
	}
	if (!e->syzbot && plan == PLAN_PROBE && bayes_step_done(e, u, from))
		limit = u->runs;	/* shared evidence already settles it */
	while (u->runs < limit) {
		int nr = limit - u->runs < e->jobs ? limit - u->runs : e->jobs;

		if (run_batch(e, t, u, u->runs, nr, &secs) < 0) {
			unit_recount(e, u);
			log_runs(e, u, from, s);
			return NULL;
		}
		s->test_seconds += secs;
		e->res->test_seconds += secs;
		if (e->syzbot || plan == PLAN_FIRST)
			continue;
		if (plan == PLAN_CHECK) {
			bool crashed = false;

			for (size_t i = from; i < u->jruns_nr; i++)
				crashed |= u->jruns[i].verdict == RUN_CRASHED &&
					   jrun_is_target(e, &u->jruns[i]);
			if (crashed)
				break;
			continue;
		}
		unit_recount(e, u);
		if (bayes_step_done(e, u, from))
			break;
	}
	unit_recount(e, u);
	log_runs(e, u, from, s);
	{
		bool all_infra = s->runs_nr > 0;

		for (size_t i = 0; i < s->runs_nr; i++)
			all_infra &= s->runs[i].verdict == RUN_INFRA;
		if (!all_infra && s->runs_nr)
			e->infra_strikes = 0;
		if (all_infra && ++e->infra_strikes >= 3) {
			e->infra = true;
			return NULL;
		}
	}
	return s;
}

/* counts over the runs of one step */
static void step_counts(const struct bisect_step *s, int *target, int *any, int *oks)
{
	*target = *any = *oks = 0;
	for (size_t i = 0; i < s->runs_nr; i++) {
		*target += s->runs[i].target;
		*any += s->runs[i].verdict == RUN_CRASHED;
		*oks += s->runs[i].verdict == RUN_OK;
	}
}

/* good / bad / skip for a tested step (cause-mode sense: bad = crashes) */
static enum syz_verdict step_verdict(struct engine *e, struct bisect_step *s, struct tcommit *t)
{
	const struct unit *u;
	int target, any, oks;

	if (!t || t->status != BUILD_OK)
		return SYZ_SKIP;
	u = &e->units[t->unit];
	if (e->syzbot) {
		/* the verdict is over the unit's runs (the latest 10 or 20) */
		bool became = false;
		enum syz_verdict v;

		step_counts(s, &target, &any, &oks);
		if (!s->runs_nr) {
			any = u->any_crashes;
			oks = u->oks;
			v = syzbot_verdict(any, oks, u->runs, e->flaky, &became);
		} else {
			v = syzbot_verdict(any, oks, (int)s->runs_nr, e->flaky, &became);
		}
		if (became && !e->flaky) {
			e->flaky = true;
			elog(e, "the reproducer is flaky: more runs from now on");
		}
		return v;
	}
	if (u->crashes)
		return SYZ_BAD;
	if (u->oks && u->oks * 2 >= u->runs)
		return SYZ_GOOD;
	return SYZ_SKIP;
}

/* ------------------------------------------------------------ the slice */

static int load_slice(struct engine *e, const char *head, const char *const *bases,
		      size_t bases_nr)
{
	size_t n;

	if (e->h->load_dag(e->h->ctx, head, bases, bases_nr, &e->dag) < 0)
		return -1;
	n = e->dag.nr;
	if (!n)
		return error("no commits between the good and the bad end");
	e->have_dag = true;
	bgraph_init(&e->g, n, e->dag.parents, e->dag.parents_nr);
	e->by_hash = xmalloc(n * sizeof(*e->by_hash));
	for (size_t i = 0; i < n; i++)
		e->by_hash[i] = i;
	qsort_r(e->by_hash, n, sizeof(*e->by_hash), cmp_hash_idx, &e->dag);
	e->failed = xcalloc(n, sizeof(*e->failed));
	e->visits = xcalloc(n, sizeof(*e->visits));
	e->post = xcalloc(n, sizeof(double));
	e->mass = xcalloc(n, sizeof(double));
	e->w = xcalloc(n, sizeof(double));
	for (size_t i = 0; i < e->units_nr; i++)
		e->units[i].set = xcalloc(bitset_words(n) + 1, sizeof(uint64_t));
	for (size_t i = 0; i < e->tested_nr; i++)
		attach_to_slice(e, &e->tested[i]);
	return 0;
}

static void log_bisecting(struct engine *e, size_t all, size_t reaches, size_t x)
{
	long nr = (long)all - (long)reaches - 1;
	int steps = git_bisect_steps(all);
	char *subj;

	if (nr < 0)
		nr = 0;
	elog(e, "Bisecting: %ld revision%s left to test after this (roughly %d step%s)", nr,
	     nr == 1 ? "" : "s", steps, steps == 1 ? "" : "s");
	elog(e, "[%s] %s", e->dag.hash[x], subject_of(e, e->dag.hash[x], &subj));
	free(subj);
	elog(e, "%s", "");
	e->est_steps = (int)e->res->steps_nr + 1 + steps;
}

static void log_git_verdict(struct engine *e, enum syz_verdict v, const char *hash)
{
	/* git's terms: in fix mode the crashing side is "good" */
	const char *word = v == SYZ_SKIP ? "skip" :
			   (v == SYZ_BAD) != e->fix ? "bad" : "good";

	elog(e, "# git bisect %s %s", word, hash);
}

static void add_candidate(struct engine *e, size_t x, double prob)
{
	struct bisect_result *res = e->res;
	struct bisect_candidate *c;
	char *subj;

	ALLOC_GROW(res->candidates, res->candidates_nr + 1, res->candidates_alloc);
	c = &res->candidates[res->candidates_nr++];
	strcpy(c->hash, e->dag.hash[x]);
	subject_of(e, e->dag.hash[x], &subj);
	c->subject = subj ? subj : xstrdup("");
	c->probability = prob;
}

enum search_end { SEARCH_FOUND, SEARCH_SKIPPED_ONLY, SEARCH_BUDGET, SEARCH_STOP };

/*
 * The probes' split masses, with the candidates that would cost one more
 * build if found weighed twice: a culprit whose only parent was never
 * tested (excluded through a good descendant, or the untested good end)
 * needs its parent built for the signature. Weighing them like two
 * candidates puts them higher in the decision tree (as Huffman coding
 * does with costly symbols), so the total builds stay within git bisect's.
 */
static void boundary_weights(struct engine *e, double *wmass)
{
	size_t n = e->dag.nr;
	bool *tested = xcalloc(n, sizeof(*tested));
	double sum = 0;

	for (size_t i = 0; i < e->tested_nr; i++)
		if (e->tested[i].node >= 0)
			tested[e->tested[i].node] = true;
	for (size_t c = 0; c < n; c++) {
		bool costly;

		if (e->g.parents_nr[c] == 0) {
			costly = true;
		} else if (e->g.parents_nr[c] == 1) {
			size_t par = e->g.parents[c][0];

			costly = !tested[par] && e->post[par] < 0.1 * e->post[c];
		} else {
			costly = false;
		}
		e->w[c] = e->post[c] * (costly ? 2 : 1);
		sum += e->w[c];
	}
	for (size_t c = 0; c < n; c++)
		e->w[c] /= sum;
	bgraph_mass(&e->g, e->w, wmass);
	free(tested);
}

static enum search_end bayes_search_in(struct engine *e, size_t *culprit, double *wmass)
{
	size_t n = e->dag.nr;
	int max_builds = e->job->max_builds;

	if (!max_builds) {
		int lg = 1;

		while (((size_t)1 << lg) < n + 1)
			lg++;
		max_builds = 4 * lg + 20;
	}
	for (;;) {
		double p, p_step, eps_step, best_info = -1, best_a = 0;
		long best = -1;
		size_t top, *set, all, reaches;
		struct bisect_step *s;
		struct tcommit *t;
		enum syz_verdict v;

		compute_posterior(e);
		top = top_candidate(e);
		*culprit = top;
		if (e->post[top] >= e->conf)
			return SEARCH_FOUND;
		if ((int)e->res->steps_nr >= max_builds)
			return SEARCH_BUDGET;
		bgraph_mass(&e->g, e->post, e->mass);
		p = e->p_last;
		p_step = 1 - pow(1 - p, step_cap(e));
		eps_step = 1 - pow(1 - e->eps, step_cap(e));
		if (p > 0.8)
			boundary_weights(e, wmass);
		else
			memcpy(wmass, e->mass, n * sizeof(*wmass));
		for (size_t x = 0; x < n; x++) {
			double a = wmass[x], info;

			if (e->failed[x] || e->mass[x] < e->delta || e->mass[x] > 1 - e->delta)
				continue;
			info = probe_information(a, p_step, eps_step, e->fix);
			if (info > best_info + 1e-12 ||
			    (info > best_info - 1e-12 && fabs(a - 0.5) < fabs(best_a - 0.5) - 1e-12) ||
			    /* equal splits: a candidate itself may double as a parent build */
			    (best >= 0 && info > best_info - 1e-12 &&
			     fabs(a - 0.5) < fabs(best_a - 0.5) + 1e-12 &&
			     e->post[x] > e->post[best] + 1e-12)) {
				best_info = info;
				best = (long)x;
				best_a = a;
			}
		}
		if (best < 0)
			return SEARCH_SKIPPED_ONLY;
		all = credible_set(e, e->conf, &set);
		reaches = 0;
		{
			uint64_t *anc = bgraph_ancestors(&e->g, (size_t)best);

			for (size_t k = 0; k < all; k++)
				reaches += bitset_test(anc, set[k]);
			free(anc);
		}
		free(set);
		log_bisecting(e, all, reaches, (size_t)best);
		s = test_commit(e, e->dag.hash[best], NULL, PLAN_PROBE, &t);
		if (!s)
			return SEARCH_STOP;
		if (++e->visits[best] >= 6)
			e->failed[best] = true;	/* asked enough; do not come back forever */
		v = step_verdict(e, s, t);
		if (v == SYZ_SKIP && t && t->status == BUILD_OK && !s->runs_nr)
			v = SYZ_SKIP;
		set_decision(s, v == SYZ_SKIP ? "skip" : (v == SYZ_BAD) != e->fix ? "bad" : "good");
		if (t && t->status == BUILD_OK && s->runs_nr && !e->units[t->unit].crashes &&
		    !e->units[t->unit].oks)
			e->failed[best] = true;	/* runs give no evidence here (boot failures...) */
		log_git_verdict(e, v, e->dag.hash[best]);
	}
}

/*
 * The bayes search. Returns how it ended; *culprit is the answer for
 * SEARCH_FOUND / SEARCH_BUDGET.
 */
static enum search_end bayes_search(struct engine *e, size_t *culprit)
{
	double *wmass = xcalloc(e->dag.nr, sizeof(*wmass));
	enum search_end end = bayes_search_in(e, culprit, wmass);

	free(wmass);
	return end;
}

/* git bisect's search with syzbot's verdicts. */
static enum search_end syzbot_search(struct engine *e, const char *bad_end_hash, size_t *culprit,
				     struct strvec *left)
{
	size_t n = e->dag.nr, words = bitset_words(n) + 1;
	long bad_end = node_of(e, bad_end_hash);
	uint64_t *goodset = xcalloc(words, sizeof(uint64_t));
	uint64_t *cand = NULL;
	bool *skipped = xcalloc(n, sizeof(bool));
	enum search_end ret;

	if (bad_end < 0)
		bad_end = (long)n - 1;
	for (;;) {
		size_t all = 0;
		long best = -1;
		double best_score = -1;
		struct bisect_step *s;
		struct tcommit *t;
		enum syz_verdict v;
		uint64_t *anc = bgraph_ancestors(&e->g, (size_t)bad_end);

		free(cand);
		cand = anc;
		for (size_t w = 0; w < words; w++)
			cand[w] &= ~goodset[w];
		for (size_t x = 0; x < n; x++) {
			e->w[x] = bitset_test(cand, x);
			all += bitset_test(cand, x);
		}
		bgraph_mass(&e->g, e->w, e->mass);
		if (all <= 1) {
			*culprit = (size_t)bad_end;
			ret = SEARCH_FOUND;
			break;
		}
		for (size_t x = 0; x < n; x++) {
			double score;

			if (!bitset_test(cand, x) || (long)x == bad_end || skipped[x] || e->failed[x])
				continue;
			score = fmin(e->mass[x], all - e->mass[x]);
			if (score > best_score) {
				best_score = score;
				best = (long)x;
			}
		}
		if (best < 0) {
			for (size_t x = 0; x < n; x++)
				if (bitset_test(cand, x))
					strvec_push(left, e->dag.hash[x]);
			*culprit = (size_t)bad_end;
			ret = SEARCH_SKIPPED_ONLY;
			break;
		}
		log_bisecting(e, all, (size_t)e->mass[best], (size_t)best);
		s = test_commit(e, e->dag.hash[best], NULL, PLAN_PROBE, &t);
		if (!s) {
			ret = SEARCH_STOP;
			break;
		}
		v = step_verdict(e, s, t);
		set_decision(s, v == SYZ_SKIP ? "skip" : (v == SYZ_BAD) != e->fix ? "bad" : "good");
		log_git_verdict(e, v, e->dag.hash[best]);
		/* git's labels: the side with the culprit in it is "bad" */
		if (v == SYZ_SKIP)
			skipped[best] = true;
		else if ((v == SYZ_BAD) != e->fix)
			bad_end = best;
		else
			bgraph_add_ancestors(&e->g, (size_t)best, goodset);
	}
	free(cand);
	free(goodset);
	free(skipped);
	return ret;
}

/* -------------------------------------------------------------- finish */

static void log_times(struct engine *e)
{
	char *tot, *b, *t;
	double total = e->job->replay ? e->res->build_seconds + e->res->test_seconds :
					now_seconds() - e->t0;

	e->res->total_seconds = total;
	tot = format_duration(total);
	b = format_duration(e->res->build_seconds);
	t = format_duration(e->res->test_seconds);
	elog(e, "revisions tested: %zu, total time: %s (build: %s, test: %s)", e->res->steps_nr,
	     tot, b, t);
	free(tot);
	free(b);
	free(t);
}

static void quote_list(struct strbuf *sb, const struct strvec *v)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < v->nr; i++)
		strbuf_addf(sb, "%s\"%s\"", i ? " " : "", v->v[i]);
	strbuf_addch(sb, ']');
}

/* the signature of `hash`, building it (no runs) when it was not tested */
static const char *signature_of(struct engine *e, const char *hash)
{
	struct tcommit *t = find_tested(e, hash);

	if (!t) {
		struct bisect_step tmp = { 0 };
		FILE *saved = e->log;

		elog(e, "building %s for its signature", hash);
		e->log = NULL;	/* a build for the signature only, as syzbot does */
		t = do_build(e, hash, &tmp);
		e->log = saved;
		free(tmp.build_reason);
		if (!t)
			return "";
	}
	return t->unit >= 0 ? e->units[t->unit].sig : "";
}

static void finish_found(struct engine *e, size_t c, double confidence)
{
	struct bisect_result *res = e->res;
	const char *hash = e->dag.hash[c];
	struct vcs_commit info = { 0 };
	struct strbuf sb = STRBUF_INIT;
	bool have_info;
	const char *what = e->fix ? "good" : "bad";

	res->outcome = BISECT_FOUND;
	strcpy(res->culprit, hash);
	res->confidence = confidence;
	have_info = e->h->commit_info && e->h->commit_info(e->h->ctx, hash, &info) == 0;
	if (have_info) {
		res->subject = xstrdup(info.subject ? info.subject : "");
		res->author = xstrdup(info.author_name ? info.author_name : "");
		res->author_email = xstrdup(info.author_email ? info.author_email : "");
		{
			time_t tt = (time_t)info.author_time;
			struct tm tm;
			char buf[64];

			gmtime_r(&tt, &tm);
			strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
			res->date = xstrdup(buf);
		}
	} else {
		res->subject = xstrdup("");
	}
	elog(e, "%s is the first bad commit", hash);
	if (e->h->show_stat && e->h->show_stat(e->h->ctx, hash, &sb) == 0) {
		strbuf_rtrim(&sb);
		elog(e, "%s", sb.buf);
		elog(e, "%s", "");
	}
	strbuf_release(&sb);

	/* signatures: the culprit's and its (first) parent's */
	snprintf(res->culprit_signature, sizeof(res->culprit_signature), "%s", signature_of(e, hash));
	/* as syzbot: a no-op change is only looked for when there is one parent */
	if (have_info && info.parents_nr == 1) {
		snprintf(res->parent_signature, sizeof(res->parent_signature), "%s",
			 signature_of(e, info.parents[0]));
		elog(e, "culprit signature: %s", res->culprit_signature);
		elog(e, "parent  signature: %s", res->parent_signature);
	}

	res->reliable = true;
	if (e->dag.is_merge && e->dag.is_merge[c])
		strvec_push(&res->unreliable_reasons, "the culprit is a merge commit");
	if (res->culprit_signature[0] && !strcmp(res->culprit_signature, res->parent_signature))
		strvec_push(&res->unreliable_reasons,
			    "the culprit's artifact signature equals its parent's (no-op change)");
	if (confidence < e->conf)
		strvec_pushf(&res->unreliable_reasons, "confidence %.3f is under the threshold %.3f",
			     confidence, e->conf);
	res->reliable = res->unreliable_reasons.nr == 0;

	log_times(e);
	elog(e, "first %s commit: %s %s", what, hash, res->subject);
	/* what syzbot lacks: how sure we are, and who came next */
	if (!e->syzbot || e->have_dag) {
		size_t *set, k = credible_set(e, 1, &set);

		(void)k;
		strbuf_addf(&sb, "confidence: %.4f", confidence);
		for (size_t i = 0, shown = 0; i < e->dag.nr && shown < 3; i++) {
			if (set[i] == c)
				continue;
			if (e->post[set[i]] < 1e-4)
				break;
			add_candidate(e, set[i], e->post[set[i]]);
			strbuf_addf(&sb, "%s %.12s (%.4f)", shown ? "," : ", runner-up candidates:",
				    e->dag.hash[set[i]], e->post[set[i]]);
			shown++;
		}
		free(set);
		elog(e, "%s", sb.buf);
		strbuf_reset(&sb);
	}
	if (!res->reliable) {
		for (size_t i = 0; i < res->unreliable_reasons.nr; i++)
			strbuf_addf(&sb, "%s%s", i ? "; " : "", res->unreliable_reasons.v[i]);
		elog(e, "the result may be wrong: %s", sb.buf);
		strbuf_reset(&sb);
	}
	if (e->job->recipients)
		e->job->recipients(e->job->recipients_ctx, e->job->repo, hash, &res->to, &res->cc);
	quote_list(&sb, &res->to);
	elog(e, "recipients (to): %s", sb.buf);
	strbuf_reset(&sb);
	quote_list(&sb, &res->cc);
	elog(e, "recipients (cc): %s", sb.buf);
	strbuf_release(&sb);
	if (have_info && e->h->release_commit)
		e->h->release_commit(e->h->ctx, &info);
}

static void set_crash(struct engine *e, const char *hash)
{
	struct tcommit *t = hash ? find_tested(e, hash) : NULL;
	struct unit *u = NULL;

	if (t && t->unit >= 0 && e->units[t->unit].report)
		u = &e->units[t->unit];
	else if (e->bad_unit >= 0)
		u = &e->units[e->bad_unit];
	if (!e->target)
		return;
	e->res->crash_title = xstrdup(e->target);
	if (u && u->report)
		e->res->crash_report = xstrdup(u->report);
	elog(e, "crash: %s", e->target);
	if (u && u->report) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, u->report);
		strbuf_rtrim(&sb);
		elog(e, "%s", sb.buf);
		strbuf_release(&sb);
	}
}

static void finish_inconclusive(struct engine *e, const struct strvec *hashes, const double *probs,
				bool skipped_only)
{
	const char *what = e->fix ? "good" : "bad";

	e->res->outcome = BISECT_INCONCLUSIVE;
	if (skipped_only)
		elog(e, "There are only 'skip'ped commits left to test.");
	elog(e, "bisection is inconclusive, the first %s commit could be any of:", what);
	for (size_t i = 0; i < hashes->nr; i++) {
		long x = node_of(e, hashes->v[i]);

		elog(e, "%s", hashes->v[i]);
		if (x >= 0)
			add_candidate(e, (size_t)x, probs ? probs[i] : 0);
	}
	log_times(e);
}

static void fail(struct engine *e, enum bisect_outcome o, const char *msg)
{
	e->res->outcome = o;
	free(e->res->error);
	e->res->error = xstrdup(msg);
	elog(e, "%s", msg);
}

/* ---------------------------------------------------------------- main */

static int resolve(struct engine *e, const char *rev, char out[VCS_HEXSZ + 1])
{
	if (e->h->resolve(e->h->ctx, rev, out) < 0)
		return error("cannot resolve '%s' to a commit", rev);
	return 0;
}

static char *job_identity(const struct bisect_job *job, const char *bad, const struct strvec *goods)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "mode=%s bad=%s", bisect_mode_name(job->mode), bad);
	for (size_t i = 0; i < goods->nr; i++)
		strbuf_addf(&sb, " good=%s", goods->v[i]);
	if (job->build)
		strbuf_addf(&sb, " build=%s", job->build);
	if (job->artifact)
		strbuf_addf(&sb, " artifact=%s", job->artifact);
	if (job->test)
		strbuf_addf(&sb, " test=%s", job->test);
	if (job->title)
		strbuf_addf(&sb, " title=%s", job->title);
	for (size_t i = 0; i < job->extra.nr; i++)
		strbuf_addf(&sb, " %s", job->extra.v[i]);
	return strbuf_detach(&sb, NULL);
}

/* pick the target crash from the bad commit's runs */
static void choose_target(struct engine *e)
{
	struct unit *u = &e->units[e->bad_unit];

	if (e->job->title) {
		e->target = xstrdup(e->job->title);
		return;
	}
	/*
	 * The most frequent first-crash title of the bad commit's runs (the
	 * earliest on a tie): an unrelated crash that happens to come first
	 * must not become the target.
	 */
	{
		const struct jcrash *best = NULL;
		int best_count = 0;

		for (size_t i = 0; i < u->jruns_nr; i++) {
			const struct jrun *r = &u->jruns[i];
			int count = 0;

			if (r->verdict != RUN_CRASHED || !r->crashes_nr)
				continue;
			for (size_t k = 0; k < u->jruns_nr; k++)
				count += u->jruns[k].verdict == RUN_CRASHED && u->jruns[k].crashes_nr &&
					 !strcmp(u->jruns[k].crashes[0].title, r->crashes[0].title);
			if (count > best_count) {
				best_count = count;
				best = &r->crashes[0];
			}
		}
		if (!best)
			return;
		e->target = xstrdup(best->title);
		for (size_t k = 0; k < best->alts_nr; k++)
			strvec_push(&e->target_alts, best->alts[k]);
	}
}

static void engine_release(struct engine *e)
{
	for (size_t i = 0; i < e->units_nr; i++) {
		free(e->units[i].set);
		free(e->units[i].all);
		free(e->units[i].report);
		free(e->units[i].report_title);
		for (size_t k = 0; k < e->units[i].jruns_nr; k++)
			jrun_release(&e->units[i].jruns[k]);
		free(e->units[i].jruns);
	}
	free(e->units);
	for (size_t i = 0; i < e->tested_nr; i++) {
		free(e->tested[i].reason);
		free(e->tested[i].compiler);
		free(e->tested[i].artifact_dir);
	}
	free(e->tested);
	if (e->have_dag) {
		bgraph_release(&e->g);
		if (e->h->release_dag)
			e->h->release_dag(e->h->ctx, &e->dag);
	}
	free(e->by_hash);
	free(e->failed);
	free(e->visits);
	free(e->post);
	free(e->mass);
	free(e->w);
	free(e->target);
	strvec_clear(&e->target_alts);
	free(e->tree);
	journal_close(e->jr);
}

static void search(struct engine *e, const char *bad, struct strvec *goods);

int bisect_run(const struct bisect_job *job, struct bisect_result *res)
{
	struct engine e = { .job = job, .res = res, .target_alts = STRVEC_INIT, .bad_unit = -1 };
	struct bisect_history own = { 0 };
	char bad[VCS_HEXSZ + 1];
	struct strvec goods = STRVEC_INIT;
	char *ident = NULL, *workdir = NULL;
	int ret = -1;

	bisect_result_init(res);
	res->mode = job->mode;
	e.t0 = now_seconds();
	e.log = job->log;
	e.fix = job->mode == BISECT_FIX;
	e.syzbot = job->policy == BISECT_POLICY_SYZBOT;
	e.runs = job->runs > 0 ? job->runs : DEFAULT_RUNS;
	e.jobs = job->jobs > 0 ? job->jobs : 1;
	e.cap = 2 * e.runs;
	e.conf = job->confidence > 0 ? job->confidence : DEFAULT_CONFIDENCE;
	e.delta = (1 - e.conf) / 10;
	e.eps = EPSILON;
	if (job->history) {
		e.h = job->history;
	} else {
		if (!job->repo)
			return error("no repository given");
		if (bisect_history_vcs_open(job->repo, &own) < 0)
			return -1;
		e.h = &own;
	}
	if (!job->bad) {
		error("no bad commit given");
		goto out;
	}
	if (resolve(&e, job->bad, bad) < 0)
		goto out;
	for (size_t i = 0; i < job->goods.nr; i++) {
		char g[VCS_HEXSZ + 1];

		if (resolve(&e, job->goods.v[i], g) < 0)
			goto out;
		strvec_push(&goods, g);
	}
	if (e.fix && !goods.nr) {
		char head[VCS_HEXSZ + 1];

		if (!e.h->head || e.h->head(e.h->ctx, head) < 0) {
			error("fix mode needs the fixed end (good); the repository has no HEAD");
			goto out;
		}
		strvec_push(&goods, head);
	}
	strcpy(res->bad, bad);
	ident = job_identity(job, bad, &goods);
	if (job->no_journal) {
		e.jr = journal_open(NULL, ident, false);
	} else {
		char *path;

		workdir = bisect_job_workdir(job);
		if (!job->replay && mkdir_p(workdir, 0755) < 0)
			goto out;
		path = xstrfmt("%s/journal", workdir);
		if (job->replay && !file_exists(path)) {
			error("no journal in %s: nothing to replay", workdir);
			free(path);
			goto out;
		}
		e.jr = journal_open(path, ident, job->replay);
		free(path);
		if (!e.jr)
			goto out;
	}
	e.tree = xstrfmt("%s/tree", workdir ? workdir : ".");
	search(&e, bad, &goods);
	progress_done(&e);
	ret = 0;
out:
	free(ident);
	free(workdir);
	strvec_clear(&goods);
	engine_release(&e);
	if (e.h == &own)
		bisect_history_vcs_close(&own);
	return ret;
}

static void stopped(struct engine *e)
{
	if (e->journal_ended) {
		e->res->outcome = BISECT_INCONCLUSIVE;
		free(e->res->error);
		e->res->error = xstrdup("the journal ends here: the bisection was interrupted");
		elog(e, "%s", e->res->error);
	} else {
		fail(e, BISECT_INFRA, "infrastructure failure: could not build or test (see the errors above)");
	}
	log_times(e);
}

/* Walk release tags back from bad; returns 1 with good set, 0 when none was good, -1 stop. */
static int release_walk(struct engine *e, const char *bad, char good[VCS_HEXSZ + 1],
			char last_bad[VCS_HEXSZ + 1])
{
	struct strvec tags = STRVEC_INIT, commits = STRVEC_INIT;
	int limit = e->job->release_limit > 0 ? e->job->release_limit : 10, tried = 0, ret = 0;

	if (!e->h->release_tags ||
	    e->h->release_tags(e->h->ctx, bad, e->job->release_pattern, &tags, &commits) < 0) {
		ret = -2;
		goto out;
	}
	for (size_t i = 0; i < tags.nr && tried < limit; i++) {
		struct bisect_step *s;
		struct tcommit *t;
		enum syz_verdict v;

		if (!strcmp(commits.v[i], bad))
			continue;
		tried++;
		elog(e, "testing release %s", tags.v[i]);
		s = test_commit(e, commits.v[i], tags.v[i], PLAN_CHECK, &t);
		if (!s) {
			ret = -1;
			goto out;
		}
		v = step_verdict(e, s, t);
		set_decision(s, v == SYZ_GOOD ? "good" : v == SYZ_BAD ? "bad" : "skip");
		if (v == SYZ_GOOD) {
			strcpy(good, commits.v[i]);
			ret = 1;
			goto out;
		}
		if (v == SYZ_BAD)
			strcpy(last_bad, commits.v[i]);
		if (e->job->release_floor && !strcmp(tags.v[i], e->job->release_floor))
			break;
	}
	if (!tried)
		ret = -2;
out:
	strvec_clear(&tags);
	strvec_clear(&commits);
	return ret;
}

/*
 * The culprit's parents that are given good commits and were not tested
 * yet are tested now. Returns 0, 1 when one crashes (the job is wrong),
 * -1 to stop.
 */
static int check_good_parents(struct engine *e, size_t c, const struct strvec *goods)
{
	struct vcs_commit info = { 0 };
	int ret = 0;

	if (!e->h->commit_info || e->h->commit_info(e->h->ctx, e->dag.hash[c], &info) < 0)
		return 0;
	for (size_t i = 0; i < info.parents_nr && !ret; i++) {
		const char *par = info.parents[i];
		bool is_good = false;
		struct bisect_step *s;
		struct tcommit *t;
		enum syz_verdict v;

		for (size_t k = 0; k < goods->nr; k++)
			is_good |= !strcmp(goods->v[k], par);
		if (!is_good || find_tested(e, par))
			continue;
		s = test_commit(e, par, NULL, PLAN_CHECK, &t);
		if (!s) {
			ret = -1;
			break;
		}
		v = step_verdict(e, s, t);
		set_decision(s, v == SYZ_GOOD ? "good" : v == SYZ_BAD ? "bad" : "skip");
		if (v == SYZ_BAD) {
			char *msg = xstrfmt("the good commit %s crashes too", par);

			fail(e, BISECT_BAD_INPUT, msg);
			free(msg);
			ret = 1;
		}
	}
	if (e->h->release_commit)
		e->h->release_commit(e->h->ctx, &info);
	return ret;
}

static void search(struct engine *e, const char *bad, struct strvec *goods)
{
	struct bisect_result *res = e->res;
	struct bisect_step *s;
	struct tcommit *t;
	struct unit *u;
	char last_bad[VCS_HEXSZ + 1];
	size_t culprit = 0;
	enum search_end end;
	struct strvec left = STRVEC_INIT;
	bool reproduced;

	if (e->fix)
		elog(e, "bisecting fixing commit since %s", bad);
	else
		elog(e, "bisecting cause commit starting from %s", bad);
	s = test_commit(e, bad, NULL, PLAN_FIRST, &t);
	if (!s) {
		stopped(e);
		return;
	}
	if (t->status == BUILD_INFRA) {
		fail(e, BISECT_INFRA, "infrastructure failure: the bad commit could not be built");
		log_times(e);
		return;
	}
	if (t->status != BUILD_OK) {
		fail(e, BISECT_NO_REPRO, "the bad commit does not build, so the crash cannot be reproduced");
		log_times(e);
		return;
	}
	e->bad_unit = t->unit;
	u = &e->units[t->unit];
	choose_target(e);
	unit_recount(e, u);
	for (size_t i = 0; i < s->runs_nr && i < u->jruns_nr; i++)
		s->runs[i].target = u->jruns[i].verdict == RUN_CRASHED && jrun_is_target(e, &u->jruns[i]);
	if (e->syzbot)
		reproduced = step_verdict(e, s, t) == SYZ_BAD;
	else
		reproduced = u->crashes > 0;
	if (!reproduced && !u->oks && !u->any_crashes) {
		fail(e, BISECT_INFRA, "infrastructure failure: no run of the bad commit finished");
		log_times(e);
		return;
	}
	if (!reproduced) {
		set_decision(s, "no crash");
		fail(e, BISECT_NO_REPRO, e->target ?
		     "the crash wasn't reproduced on the original commit (not often enough)" :
		     "the crash wasn't reproduced on the original commit");
		log_times(e);
		return;
	}
	set_decision(s, "bad");
	strcpy(last_bad, bad);

	if (e->fix) {
		enum syz_verdict v;

		if (!e->job->goods.nr)
			elog(e, "testing current HEAD %s", goods->v[0]);
		s = test_commit(e, goods->v[0], NULL, PLAN_CHECK, &t);
		if (!s) {
			stopped(e);
			return;
		}
		v = step_verdict(e, s, t);
		set_decision(s, v == SYZ_GOOD ? "good" : v == SYZ_BAD ? "bad" : "skip");
		if (v == SYZ_BAD) {
			res->outcome = BISECT_NO_REPRO;
			fail(e, BISECT_NO_REPRO, "the crash still happens on the fixed end");
			log_times(e);
			return;
		}
		if (t->status != BUILD_OK) {
			fail(e, BISECT_BAD_INPUT, "the fixed end does not build");
			log_times(e);
			return;
		}
		strcpy(res->good, goods->v[0]);
	} else if (goods->nr) {
		/*
		 * Given goods are trusted as git bisect trusts them, and tested
		 * only when the answer rests on one (the culprit's parent): a
		 * good that crashes too then turns into a clear error.
		 */
		strcpy(res->good, goods->v[0]);
	} else {
		char good[VCS_HEXSZ + 1];
		int r = release_walk(e, bad, good, last_bad);

		if (r == -1) {
			stopped(e);
			return;
		}
		if (r == -2) {
			fail(e, BISECT_BAD_INPUT, "no good commit given and no release tags before the bad commit");
			log_times(e);
			return;
		}
		if (r == 0) {
			elog(e, "the crash already happened on the oldest tested release");
			res->outcome = BISECT_ALREADY;
			strcpy(res->culprit, last_bad);
			log_times(e);
			set_crash(e, last_bad);
			return;
		}
		strvec_push(goods, good);
		strcpy(res->good, good);
	}

	if ((e->fix ? load_slice(e, goods->v[0], &bad, 1) :
		      load_slice(e, bad, goods->v, goods->nr)) < 0) {
		fail(e, BISECT_BAD_INPUT, "cannot load the commits between the good and the bad end");
		log_times(e);
		return;
	}
	{
		struct strbuf sb = STRBUF_INIT;

		if (e->fix) {
			strbuf_addf(&sb, "%s %s", goods->v[0], bad);
		} else {
			strbuf_addstr(&sb, e->syzbot ? last_bad : bad);
			for (size_t i = 0; i < goods->nr; i++)
				strbuf_addf(&sb, " %s", goods->v[i]);
		}
		elog(e, "# git bisect start %s", sb.buf);
		strbuf_release(&sb);
	}
	if (e->syzbot)
		end = syzbot_search(e, e->fix ? goods->v[0] : last_bad, &culprit, &left);
	else
		end = bayes_search(e, &culprit);
	if (end == SEARCH_STOP) {
		strvec_clear(&left);
		stopped(e);
		return;
	}
	if (end == SEARCH_FOUND && !e->fix) {
		int r = check_good_parents(e, culprit, goods);

		if (r < 0) {
			strvec_clear(&left);
			stopped(e);
			return;
		}
		if (r > 0) {
			strvec_clear(&left);
			log_times(e);
			return;
		}
	}
	compute_posterior(e);
	if (end == SEARCH_FOUND || (end == SEARCH_BUDGET && e->post[culprit] >= 0.5)) {
		finish_found(e, culprit, e->post[culprit]);
		set_crash(e, e->fix ? NULL : e->dag.hash[culprit]);
	} else {
		double *probs = NULL;

		if (!left.nr) {
			size_t *set, k = credible_set(e, e->conf, &set);

			probs = xcalloc(k + 1, sizeof(double));
			for (size_t i = 0; i < k; i++) {
				strvec_push(&left, e->dag.hash[set[i]]);
				probs[i] = e->post[set[i]];
			}
			free(set);
		}
		finish_inconclusive(e, &left, probs, end == SEARCH_SKIPPED_ONLY);
		free(probs);
	}
	strvec_clear(&left);
}
