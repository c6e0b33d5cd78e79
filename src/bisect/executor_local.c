// SPDX-License-Identifier: Apache-2.0
/*
 * executor_local.c - the local executor (the history's checkout, the job's
 * builder and runner, in this process) and the replay executor (refuses
 * all work); see executor.h.
 *
 * The local executor queues submitted work and does it in wait(), one
 * piece at a time in submission order: one build tree, one machine. The
 * runs of a batch go on in parallel threads when the runner allows it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "executor.h"
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

struct local {
	struct bisect_executor *ex;
	struct bisect_history *h;
	const struct builder_ops *b;
	const struct runner_ops *r;
	const struct bisect_work **queue;
	size_t queue_nr, queue_alloc;
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

static void do_build(struct local *l, const struct bisect_work *w, struct bisect_done *d)
{
	const char *compiler;

	phase(l, w, BISECT_EV_CHECKOUT);
	if (l->h && l->h->checkout && l->h->checkout(l->h->ctx, w->tree, w->commit) < 0) {
		d->ret = -1;
		return;
	}
	phase(l, w, BISECT_EV_BUILD_STARTED);
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

static void do_runs(struct local *l, const struct bisect_work *w, struct bisect_done *d)
{
	struct run_slot *slots = xcalloc(w->nr + 1, sizeof(*slots));

	d->runs = xcalloc(w->nr + 1, sizeof(*d->runs));
	d->runs_nr = w->nr;
	d->first = 0;
	for (size_t i = 0; i < w->nr; i++)
		slots[i] = (struct run_slot){ l->r, w, w->indices[i], &d->runs[i], 0 };
	phase(l, w, BISECT_EV_RUN_STARTED);
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

static int local_wait(void *ctx, struct bisect_done *d)
{
	struct local *l = ctx;
	const struct bisect_work *w;

	memset(d, 0, sizeof(*d));
	if (!l->queue_nr)
		return error("executor local: nothing to wait for");
	w = l->queue[0];
	memmove(l->queue, l->queue + 1, --l->queue_nr * sizeof(*l->queue));
	d->id = w->id;
	d->kind = w->kind;
	if (w->kind == BISECT_WORK_BUILD)
		do_build(l, w, d);
	else
		do_runs(l, w, d);
	return 0;
}

static int local_tree_holds(void *ctx, const char *tree, const char *signature)
{
	struct local *l = ctx;

	return l->b && l->b->verify ? l->b->verify(l->b->ctx, tree, signature) : -1;
}

static void local_cancel(void *ctx)
{
	((struct local *)ctx)->queue_nr = 0;
}

static void local_release(void *ctx)
{
	struct local *l = ctx;

	free(l->queue);
	free(l);
}

void bisect_executor_local(struct bisect_executor *ex, struct bisect_history *h,
			   const struct builder_ops *b, const struct runner_ops *r)
{
	struct local *l = xcalloc(1, sizeof(*l));

	l->ex = ex;
	l->h = h;
	l->b = b;
	l->r = r;
	*ex = (struct bisect_executor){
		.name = "local", .ctx = l, .submit = local_submit, .wait = local_wait,
		.tree_holds = local_tree_holds, .cancel = local_cancel, .release = local_release,
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
