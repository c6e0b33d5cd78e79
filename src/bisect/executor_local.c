// SPDX-License-Identifier: Apache-2.0
/*
 * executor_local.c - the local executor (the history's checkout, the job's
 * builder and runner, in this process) and the replay executor (refuses
 * all work); see executor.h.
 *
 * With one worker the local executor queues submitted work and does it in
 * wait(), one piece at a time in submission order. The runs of a batch go
 * on in parallel threads when the runner allows it.
 *
 * With several workers (several probes a round, each in its own build
 * tree: round.c), pieces go on at once in threads, within what one
 * machine bears: one build at a time (a build already uses every core,
 * and the kernel builder keeps one object directory), and batches of runs
 * beside it while the runner's VMs (its `parallel`) allow. Checkouts
 * (libgit2, one repository object) are done in the thread that calls
 * wait(), before the build's thread starts, so the history is only ever
 * used from that thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "executor.h"
#include "../util/run.h"
#include "../util/util.h"

void bisect_done_release(struct bisect_done *d)
{
	build_result_release(&d->build);
	for (size_t i = 0; i < d->runs_nr; i++)
		run_result_release(&d->runs[i]);
	free(d->runs);
	free(d->job_id);
	memset(d, 0, sizeof(*d));
}

/* a piece of work in a thread of its own (several workers) */
struct busy {
	const struct bisect_work *w;
	struct local *l;
	pthread_t th;
	struct bisect_done d;
	bool done;
};

struct local {
	struct bisect_executor *ex;
	struct bisect_history *h;
	const struct builder_ops *b;
	const struct runner_ops *r;
	const struct bisect_work **queue;
	size_t queue_nr, queue_alloc;
	/* several workers */
	size_t workers;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct busy **busy;
	size_t busy_nr, busy_alloc;
};

static void phase(struct local *l, const struct bisect_work *w, enum bisect_event_type p)
{
	const struct bisect_executor_host *host = l->ex->host;

	if (host && host->phase)
		host->phase(host->ctx, w, p);
}

static int local_submit(void *ctx, const struct bisect_work *w)
{
	struct local *l = ctx;

	if (w->kind == BISECT_WORK_BUILD && (!l->b || !l->b->build))
		return error("no builder");
	if (w->kind == BISECT_WORK_RUNS && (!l->r || !l->r->run))
		return error("no runner");
	ALLOC_GROW(l->queue, l->queue_nr + 1, l->queue_alloc);
	l->queue[l->queue_nr++] = w;
	return 0;
}

/* check out the build tree (and tell): d->ret = -1 when it cannot be */
static void checkout(struct local *l, const struct bisect_work *w, struct bisect_done *d)
{
	phase(l, w, BISECT_EV_CHECKOUT);
	if (l->h && l->h->checkout && l->h->checkout(l->h->ctx, w->tree, w->commit) < 0) {
		d->ret = -1;
		return;
	}
	phase(l, w, BISECT_EV_BUILD_STARTED);
}

/* the build itself (the tree is checked out) */
static void threaded_build(struct local *l, const struct bisect_work *w, struct bisect_done *d)
{
	const char *compiler;

	if (l->b->build(l->b->ctx, w->commit, w->tree, &d->build) < 0) {
		build_result_release(&d->build);
		d->ret = -1;
		return;
	}
	if (!d->build.compiler && l->b->compiler) {
		compiler = l->b->compiler(l->b->ctx, w->commit);
		d->build.compiler = compiler ? xstrdup(compiler) : NULL;
	}
}

static void do_build(struct local *l, const struct bisect_work *w, struct bisect_done *d)
{
	checkout(l, w, d);
	if (d->ret == 0)
		threaded_build(l, w, d);
}

struct run_slot {
	const struct runner_ops *r;
	const struct bisect_work *w;
	int index;
	struct run_result *out;
	int ret;
};

static void *run_thread(void *arg)
{
	struct run_slot *sl = arg;

	sl->ret = sl->r->run(sl->r->ctx, sl->w->build, sl->w->tree, sl->index, sl->out);
	return NULL;
}

/* the runs of a batch (RUN_STARTED told already) */
static void runs_body(struct local *l, const struct bisect_work *w, struct bisect_done *d)
{
	struct run_slot *slots = xcalloc(w->nr + 1, sizeof(*slots));

	d->runs = xcalloc(w->nr + 1, sizeof(*d->runs));
	d->runs_nr = w->nr;
	d->first = 0;
	for (size_t i = 0; i < w->nr; i++)
		slots[i] = (struct run_slot){ l->r, w, w->indices[i], &d->runs[i], 0 };
	if (l->r->parallel > 1 && w->nr > 1) {
		pthread_t *th = xcalloc(w->nr, sizeof(*th));
		bool *started = xcalloc(w->nr, sizeof(*started));

		for (size_t i = 0; i < w->nr; i++) {
			started[i] = !pthread_create(&th[i], NULL, run_thread, &slots[i]);
			if (!started[i])
				run_thread(&slots[i]);
		}
		for (size_t i = 0; i < w->nr; i++)
			if (started[i])
				pthread_join(th[i], NULL);
		free(th);
		free(started);
	} else {
		for (size_t i = 0; i < w->nr; i++)
			run_thread(&slots[i]);
	}
	/* a runner's hard error is infrastructure trouble, never a verdict */
	for (size_t i = 0; i < w->nr; i++) {
		if (slots[i].ret < 0 && d->runs[i].verdict != RUN_INFRA) {
			d->runs[i].verdict = RUN_INFRA;
			if (!d->runs[i].reason)
				d->runs[i].reason = xstrdup("the runner failed");
		}
	}
	free(slots);
}

static void do_runs(struct local *l, const struct bisect_work *w, struct bisect_done *d)
{
	phase(l, w, BISECT_EV_RUN_STARTED);
	runs_body(l, w, d);
}

static const struct bisect_work *dequeue(struct local *l, size_t i)
{
	const struct bisect_work *w = l->queue[i];

	memmove(l->queue + i, l->queue + i + 1, (l->queue_nr - i - 1) * sizeof(*l->queue));
	l->queue_nr--;
	return w;
}

/* ------------------------------------------------------ several workers */

static void *busy_thread(void *arg)
{
	struct busy *b = arg;

	if (b->w->kind == BISECT_WORK_BUILD) {
		if (b->d.ret == 0)
			threaded_build(b->l, b->w, &b->d);
	} else {
		runs_body(b->l, b->w, &b->d);
	}
	pthread_mutex_lock(&b->l->mu);
	b->done = true;
	pthread_cond_broadcast(&b->l->cv);
	pthread_mutex_unlock(&b->l->mu);
	return NULL;
}

/* may w start now? one build at a time; runs while the runner's VMs allow */
static bool may_start(const struct local *l, const struct bisect_work *w)
{
	size_t runs = 0;
	bool build = false;

	for (size_t i = 0; i < l->busy_nr; i++) {
		if (l->busy[i]->done)
			continue;
		if (l->busy[i]->w->kind == BISECT_WORK_BUILD)
			build = true;
		else
			runs += l->busy[i]->w->nr;
	}
	if (l->busy_nr >= l->workers)
		return false;
	if (w->kind == BISECT_WORK_BUILD)
		return !build;
	return !runs || runs + w->nr <= (size_t)(l->r->parallel > 1 ? l->r->parallel : 1);
}

/* start what may start, in submission order (called with mu held) */
static void start_queued(struct local *l)
{
	for (size_t i = 0; i < l->queue_nr;) {
		const struct bisect_work *w = l->queue[i];
		struct busy *b;

		if (!may_start(l, w)) {
			i++;
			continue;
		}
		dequeue(l, i);
		b = xcalloc(1, sizeof(*b));
		b->w = w;
		b->l = l;
		b->d.id = w->id;
		b->d.kind = w->kind;
		ALLOC_GROW(l->busy, l->busy_nr + 1, l->busy_alloc);
		l->busy[l->busy_nr++] = b;
		/* the history is used from this thread only (phases too) */
		pthread_mutex_unlock(&l->mu);
		if (w->kind == BISECT_WORK_BUILD)
			checkout(l, w, &b->d);
		else
			phase(l, w, BISECT_EV_RUN_STARTED);
		pthread_mutex_lock(&l->mu);
		if (pthread_create(&b->th, NULL, busy_thread, b)) {
			pthread_mutex_unlock(&l->mu);
			busy_thread(b);
			pthread_mutex_lock(&l->mu);
			b->th = pthread_self();
		}
	}
}

static int workers_wait(struct local *l, struct bisect_done *d)
{
	pthread_mutex_lock(&l->mu);
	for (;;) {
		start_queued(l);
		for (size_t i = 0; i < l->busy_nr; i++) {
			struct busy *b = l->busy[i];

			if (!b->done)
				continue;
			memmove(l->busy + i, l->busy + i + 1, (l->busy_nr - i - 1) * sizeof(*l->busy));
			l->busy_nr--;
			pthread_mutex_unlock(&l->mu);
			if (!pthread_equal(b->th, pthread_self()))
				pthread_join(b->th, NULL);
			*d = b->d;
			free(b);
			return 0;
		}
		if (!l->busy_nr) {
			pthread_mutex_unlock(&l->mu);
			return error("executor local: nothing to wait for");
		}
		pthread_cond_wait(&l->cv, &l->mu);
	}
}

/* ----------------------------------------------------------------- ops */

static int local_wait(void *ctx, struct bisect_done *d)
{
	struct local *l = ctx;
	const struct bisect_work *w;

	memset(d, 0, sizeof(*d));
	if (l->workers > 1)
		return workers_wait(l, d);
	if (!l->queue_nr)
		return error("executor local: nothing to wait for");
	w = dequeue(l, 0);
	d->id = w->id;
	d->kind = w->kind;
	if (w->kind == BISECT_WORK_BUILD)
		do_build(l, w, d);
	else
		do_runs(l, w, d);
	return 0;
}

/* the work in threads cannot be taken back: its processes are killed, the threads joined */
static void drain(struct local *l)
{
	pthread_mutex_lock(&l->mu);
	l->queue_nr = 0;
	if (l->busy_nr)
		children_kill_all();
	while (l->busy_nr) {
		struct busy *b = l->busy[--l->busy_nr];

		while (!b->done)
			pthread_cond_wait(&l->cv, &l->mu);
		pthread_mutex_unlock(&l->mu);
		if (!pthread_equal(b->th, pthread_self()))
			pthread_join(b->th, NULL);
		bisect_done_release(&b->d);
		free(b);
		pthread_mutex_lock(&l->mu);
	}
	pthread_mutex_unlock(&l->mu);
}

static int local_tree_holds(void *ctx, const char *tree, const char *signature)
{
	struct local *l = ctx;

	return l->b && l->b->verify ? l->b->verify(l->b->ctx, tree, signature) : -1;
}

static void local_cancel(void *ctx)
{
	struct local *l = ctx;

	if (l->workers > 1)
		drain(l);
	l->queue_nr = 0;
}

static void local_release(void *ctx)
{
	struct local *l = ctx;

	if (l->workers > 1) {
		drain(l);
		pthread_mutex_destroy(&l->mu);
		pthread_cond_destroy(&l->cv);
	}
	free(l->busy);
	free(l->queue);
	free(l);
}

void bisect_executor_local(struct bisect_executor *ex, struct bisect_history *h,
			   const struct builder_ops *b, const struct runner_ops *r,
			   size_t workers)
{
	struct local *l = xcalloc(1, sizeof(*l));

	l->ex = ex;
	l->h = h;
	l->b = b;
	l->r = r;
	l->workers = workers > 1 ? workers : 1;
	if (l->workers > 1) {
		pthread_mutex_init(&l->mu, NULL);
		pthread_cond_init(&l->cv, NULL);
	}
	*ex = (struct bisect_executor){
		.name = "local", .ctx = l, .slots = l->workers, .submit = local_submit,
		.wait = local_wait, .tree_holds = local_tree_holds, .cancel = local_cancel,
		.release = local_release,
	};
}

/* ------------------------------------------------------------- replay */

static int replay_submit(void *ctx, const struct bisect_work *w)
{
	(void)ctx;
	(void)w;
	return 1;
}

static int replay_wait(void *ctx, struct bisect_done *d)
{
	(void)ctx;
	memset(d, 0, sizeof(*d));
	return error("executor replay: nothing is ever in flight");
}

void bisect_executor_replay(struct bisect_executor *ex)
{
	*ex = (struct bisect_executor){ .name = "replay", .submit = replay_submit,
					.wait = replay_wait };
}
