// SPDX-License-Identifier: Apache-2.0
/*
 * progress.c - the terminal progress line of `culprit bisect` and `culprit
 * demo`: an observer of the engine's events (src/bisect/event.h) that
 * redraws one line on stderr, and only when stderr is a terminal.
 */
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "../bisect/bisect.h"
#include "../util/util.h"

static void draw(struct cli_progress *p, const struct bisect_event *ev, const char *phase)
{
	size_t step = ev->res->steps_nr;
	double el = now_seconds() - p->t0;
	char *els = format_duration(el);

	fprintf(stderr, "\r\033[K[step %zu of about %d] %.12s %s, elapsed %s", step,
		p->est_steps > 0 ? p->est_steps : 1, ev->hash, phase, els);
	if (step > 1 && p->est_steps > (int)step) {
		char *eta = format_duration(el / step * (p->est_steps - (int)step));

		fprintf(stderr, ", ETA %s", eta);
		free(eta);
	}
	fflush(stderr);
	free(els);
}

static void progress_event(void *ctx, const struct bisect_event *ev)
{
	struct cli_progress *p = ctx;

	if (!p->on)
		return;
	switch (ev->type) {
	case BISECT_EV_JOB_STARTED:
		p->t0 = now_seconds();
		break;
	case BISECT_EV_STEP_CHOSEN:
		/* this step and git's estimate of the ones after it */
		p->est_steps = (int)ev->res->steps_nr + 1 + ev->steps_left;
		break;
	case BISECT_EV_CHECKOUT:
		draw(p, ev, "checking out");
		break;
	case BISECT_EV_BUILD_STARTED:
		draw(p, ev, ev->rebuild ? "rebuilding" : "building");
		break;
	case BISECT_EV_RUN_STARTED:
		draw(p, ev, "running");
		break;
	case BISECT_EV_RESULT:
		fputs("\r\033[K", stderr);
		break;
	default:
		break;
	}
}

const struct bisect_observer_ops cli_progress_ops = {
	.name = "progress",
	.event = progress_event,
};

void cli_progress_init(struct cli_progress *p)
{
	p->on = isatty(2);
	p->t0 = now_seconds();
	p->est_steps = 0;
}
