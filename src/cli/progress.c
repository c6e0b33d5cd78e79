// SPDX-License-Identifier: Apache-2.0
/*
 * progress.c - the terminal status line of `culprit bisect` and `culprit
 * demo`, an observer of the engine's events (src/bisect/event.h), on
 * stderr and only when stderr is a terminal:
 *
 *	step 4, about 3 more: 1a2b3c4d5e6f run 3 of 10 (12s) | 2m10s, ETA 4m | 5cc9cd1cecef 62%
 *
 * One line, redrawn in place, never wider than the terminal (a wrapped
 * line cannot be redrawn). It is cleared before anything else is printed:
 * two observers bracket the others (cli_progress_attach()): the first
 * clears the line and takes the lock, the last draws it again and lets go,
 * and error()/warning() lines do the same through util's message hook. A
 * thread redraws it every second, so the clock moves during long builds and
 * runs. The steps left come from the posterior (its entropy in bits: what
 * halving steps would need to single out one commit; git's estimate before
 * there is one); under bayes the leading candidate and its probability
 * close the line. With --log FILE a summary goes to stderr at the end.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../bisect/bisect.h"
#include "../util/strbuf.h"
#include "../util/util.h"

static int columns(void)
{
	struct winsize ws;

	if (!ioctl(2, TIOCGWINSZ, &ws) && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

static void clear_line(struct cli_progress *p)
{
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->drawn = false;
	}
}

static void draw(struct cli_progress *p)
{
	double now = now_seconds(), el = now - p->t0;
	struct strbuf sb = STRBUF_INIT;
	char *s;
	int width = columns() - 1;

	if (!p->on || !p->active || !p->step)
		return;
	strbuf_addf(&sb, "step %zu", p->step);
	if (p->left > 0)
		strbuf_addf(&sb, ", about %d more", p->left);
	else if (p->left == 0)
		strbuf_addstr(&sb, ", the last");
	strbuf_addf(&sb, ": %.12s %s", p->hash, p->phase);
	s = format_duration(now - p->phase_t0);
	strbuf_addf(&sb, " (%s)", s);
	free(s);
	s = format_duration(el);
	strbuf_addf(&sb, " | %s", s);
	free(s);
	if (p->steps_done && p->left >= 0) {
		double per = (p->step_t0 - p->t0) / p->steps_done;
		double rest = per * p->left + (per > now - p->step_t0 ? per - (now - p->step_t0) : 0);

		s = format_duration(rest);
		strbuf_addf(&sb, ", ETA %s", s);
		free(s);
	}
	if (p->leader[0])
		strbuf_addf(&sb, " | %.12s %.0f%%", p->leader, p->leader_p * 100);
	if (width > 0 && sb.len > (size_t)width)
		strbuf_setlen(&sb, (size_t)width);
	fprintf(stderr, "\r\033[K%s", sb.buf);
	fflush(stderr);
	p->drawn = true;
	strbuf_release(&sb);
}

static void set_phase(struct cli_progress *p, const char *fmt, int a, int b)
{
	snprintf(p->phase, sizeof(p->phase), fmt, a, b);
	p->phase_t0 = now_seconds();
}

/* the posterior's entropy in bits (the steps left) and its leader */
static void read_posterior(struct cli_progress *p, const struct bisect_event *ev)
{
	double h = 0, best = -1;
	size_t lead = 0;

	for (size_t i = 0; i < ev->dag->nr; i++) {
		double q = ev->posterior[i];

		if (q > 0)
			h -= q * log2(q);
		if (q > best) {
			best = q;
			lead = i;
		}
	}
	p->left = (int)ceil(h - 1e-9);
	if (ev->job->policy == BISECT_POLICY_BAYES && best > 0) {
		snprintf(p->leader, sizeof(p->leader), "%.12s", ev->dag->hash[lead]);
		p->leader_p = best;
	}
	p->have_post = true;
}

static void summary(const struct cli_progress *p, const struct bisect_result *res)
{
	if (res->outcome == BISECT_FOUND)
		fprintf(stderr, "first bad commit: %s %s\nconfidence: %.4f\n", res->culprit,
			res->subject ? res->subject : "", res->confidence);
	else if (res->outcome == BISECT_INCONCLUSIVE)
		fprintf(stderr, "bisection is inconclusive: %zu candidates\n", res->candidates_nr);
	fprintf(stderr, "the log is in %s\n", p->log_path);
}

static void *ticker(void *arg)
{
	struct cli_progress *p = arg;
	const struct timespec tick = { 0, 200 * 1000 * 1000 };

	for (int n = 1;; n++) {
		bool stop;

		nanosleep(&tick, NULL);
		pthread_mutex_lock(&p->lock);
		stop = p->stop;
		if (!stop && n % 5 == 0)
			draw(p);
		pthread_mutex_unlock(&p->lock);
		if (stop)
			return NULL;
	}
}

static void message_hook(void *data, bool before)
{
	struct cli_progress *p = data;

	if (before) {
		pthread_mutex_lock(&p->lock);
		clear_line(p);
	} else {
		draw(p);
		pthread_mutex_unlock(&p->lock);
	}
}

static void stop_ticker(struct cli_progress *p)
{
	if (!p->ticking)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	p->ticking = false;
}

static void update(struct cli_progress *p, const struct bisect_event *ev)
{
	switch (ev->type) {
	case BISECT_EV_JOB_STARTED:
		p->t0 = now_seconds();
		p->active = true;
		if (p->on && !p->ticking)
			p->ticking = !pthread_create(&p->thread, NULL, ticker, p);
		break;
	case BISECT_EV_STEP_CHOSEN:
		if (!p->have_post)
			p->left = ev->steps_left;
		break;
	case BISECT_EV_STEP_STARTED:
		p->step = ev->res->steps_nr;
		p->step_t0 = now_seconds();
		snprintf(p->hash, sizeof(p->hash), "%.12s", ev->hash);
		set_phase(p, "starting", 0, 0);
		break;
	case BISECT_EV_CHECKOUT:
		set_phase(p, "checkout", 0, 0);
		break;
	case BISECT_EV_BUILD_STARTED:
		set_phase(p, ev->rebuild ? "rebuild" : "build", 0, 0);
		break;
	case BISECT_EV_RUN_STARTED:
		p->run_done = ev->run_index;
		p->run_total = ev->run_total > 0 ? ev->run_total : ev->run_index + ev->run_count;
		set_phase(p, "run %d of %d", p->run_done + 1, p->run_total);
		break;
	case BISECT_EV_RUN_FINISHED:
		if (p->run_done + 1 < p->run_total)
			p->run_done++;
		snprintf(p->phase, sizeof(p->phase), "run %d of %d", p->run_done + 1, p->run_total);
		break;
	case BISECT_EV_STEP_DECIDED:
		p->steps_done++;
		set_phase(p, "decided", 0, 0);
		break;
	case BISECT_EV_SEARCH_STARTED:
		if (!p->have_post && ev->dag && ev->dag->nr)
			p->left = (int)ceil(log2((double)ev->dag->nr));
		break;
	case BISECT_EV_POSTERIOR:
		if (ev->dag && ev->posterior)
			read_posterior(p, ev);
		break;
	case BISECT_EV_RESULT:
		p->active = false;
		break;
	default:
		break;
	}
}

/* first of the observers: clear the line, hold the lock through the others */
static void progress_before(void *ctx, const struct bisect_event *ev)
{
	struct cli_progress *p = ctx;

	pthread_mutex_lock(&p->lock);
	clear_line(p);
	update(p, ev);
}

/* last of them: what they printed is out, the line comes back */
static void progress_after(void *ctx, const struct bisect_event *ev)
{
	struct cli_progress *p = ctx;

	fflush(stdout);
	if (ev->type == BISECT_EV_RESULT && p->log_path)
		summary(p, ev->res);
	draw(p);
	pthread_mutex_unlock(&p->lock);
}

static const struct bisect_observer_ops progress_before_ops = {
	.name = "progress-clear",
	.event = progress_before,
};

static const struct bisect_observer_ops progress_after_ops = {
	.name = "progress",
	.event = progress_after,
};

void cli_progress_init(struct cli_progress *p)
{
	pthread_mutexattr_t attr;

	memset(p, 0, sizeof(*p));
	p->on = isatty(2);
	p->t0 = now_seconds();
	p->left = -1;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&p->lock, &attr);
	pthread_mutexattr_destroy(&attr);
}

void cli_progress_attach(struct cli_progress *p, struct bisect_job *job)
{
	bisect_job_add_observer(job, &progress_before_ops, p);
	/* ... moved to the front: it clears the line before the others print */
	memmove(job->observers + 1, job->observers,
		(job->observers_nr - 1) * sizeof(*job->observers));
	job->observers[0] = (struct bisect_observer){ &progress_before_ops, p };
	bisect_job_add_observer(job, &progress_after_ops, p);
	if (p->on)
		set_message_hook(message_hook, p);
}

void cli_progress_release(struct cli_progress *p)
{
	stop_ticker(p);
	set_message_hook(NULL, NULL);
	pthread_mutex_lock(&p->lock);
	clear_line(p);
	pthread_mutex_unlock(&p->lock);
	pthread_mutex_destroy(&p->lock);
}
