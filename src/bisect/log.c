// SPDX-License-Identifier: Apache-2.0
/*
 * log.c - the syzbot-format bisection log, an observer of the engine's
 * events (event.h): the lines syzkaller's pkg/bisect prints ("testing
 * commit X with <compiler>", "kernel signature: S" ("build signature" for
 * other than kernels), "run #0: OK", git
 * bisect's "Bisecting: N revisions left..." and "# git bisect bad X"), then
 * what syzbot lacks (the confidence, runner-up candidates, recipients).
 * Each line is flushed as it is written, so a log file can be followed.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "../util/strbuf.h"

static void vprint(struct bisect_log *log, bool newline, const char *fmt, va_list ap)
{
	if (!log->f)
		return;
	vfprintf(log->f, fmt, ap);
	if (newline)
		fputc('\n', log->f);
	fflush(log->f);
}

static void line(struct bisect_log *log, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void line(struct bisect_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(log, true, fmt, ap);
	va_end(ap);
}

void bisect_log_init(struct bisect_log *log, FILE *f)
{
	log->f = f;
}

void bisect_log_printf(struct bisect_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(log, false, fmt, ap);
	va_end(ap);
}

static char *describe_run(const struct bisect_run *r)
{
	switch (r->verdict) {
	case RUN_OK:
		return xstrdup("OK");
	case RUN_CRASHED:
		return xstrfmt("crashed: %s", r->title ? r->title : "?");
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

/*
 * "boot: 1.3s-2.1s on microvm, TCG (4 runs)": how long the runs that
 * reached userspace took to get there, on which machines (runners that
 * boot machines only)
 */
static void log_boots(struct bisect_log *log, const struct bisect_step *s)
{
	struct strvec machines = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	double lo = 0, hi = 0;
	int booted = 0;

	for (size_t i = 0; i < s->runs_nr; i++) {
		const struct bisect_run *r = &s->runs[i];
		bool seen = false;

		if (!r->machine[0])
			continue;
		for (size_t k = 0; k < machines.nr; k++)
			seen |= !strcmp(machines.v[k], r->machine);
		if (!seen)
			strvec_push(&machines, r->machine);
		if (!(r->boot_seconds > 0))
			continue;
		if (!booted++ || r->boot_seconds < lo)
			lo = r->boot_seconds;
		if (r->boot_seconds > hi)
			hi = r->boot_seconds;
	}
	if (!machines.nr) {
		strvec_clear(&machines);
		return;
	}
	for (size_t k = 0; k < machines.nr; k++)
		strbuf_addf(&sb, "%s%s", k ? "; " : "", machines.v[k]);
	if (!booted)
		line(log, "boot: no run reached userspace (on %s)", sb.buf);
	else if (hi - lo < 0.05)
		line(log, "boot: %.1fs on %s (%d of %zu runs)", lo, sb.buf, booted, s->runs_nr);
	else
		line(log, "boot: %.1fs-%.1fs on %s (%d of %zu runs)", lo, hi, sb.buf, booted,
		     s->runs_nr);
	strbuf_release(&sb);
	strvec_clear(&machines);
}

/* "all runs: OK" when every run reads the same, else one line per run */
static void log_runs(struct bisect_log *log, const struct bisect_step *s)
{
	struct strvec desc = STRVEC_INIT;
	bool same = true;

	for (size_t i = 0; i < s->runs_nr; i++) {
		char *d = describe_run(&s->runs[i]);

		if (desc.nr && strcmp(desc.v[0], d))
			same = false;
		strvec_push(&desc, d);
		free(d);
	}
	if (desc.nr && same)
		line(log, "all runs: %s", desc.v[0]);
	else
		for (size_t i = 0; i < desc.nr; i++)
			line(log, "run #%zu: %s", i, desc.v[i]);
	strvec_clear(&desc);
	log_boots(log, s);
}

static void log_step_started(struct bisect_log *log, const struct bisect_event *ev)
{
	const struct bisect_step *s = ev->step;

	if (s->tag)
		line(log, "testing release %s", s->tag);
	else if (s->kind == BISECT_STEP_GOOD && ev->job->mode == BISECT_FIX &&
		 !ev->job->goods.nr)
		line(log, "testing current HEAD %s", s->hash);
}

static void log_built(struct bisect_log *log, const struct bisect_event *ev)
{
	const struct build_result *b = ev->build;

	if (!ev->step)
		return;	/* a build for the signature only, as syzbot does */
	if (b->compiler)
		line(log, "testing commit %s with %s", ev->hash, b->compiler);
	else
		line(log, "testing commit %s", ev->hash);
	if (b->status == BUILD_OK)	/* syzbot's words for kernels; other builds are builds */
		line(log, "%s signature: %s",
		     ev->job->backend && !strcmp(ev->job->backend, "kernel") ? "kernel" : "build",
		     b->signature);
	else
		line(log, "failed building %s: %s", ev->hash, b->reason ? b->reason : "unknown error");
}

static void log_chosen(struct bisect_log *log, const struct bisect_event *ev)
{
	long nr = (long)ev->remaining - (long)ev->reaches - 1;

	if (nr < 0)
		nr = 0;
	line(log, "Bisecting: %ld revision%s left to test after this (roughly %d step%s)", nr,
	     nr == 1 ? "" : "s", ev->steps_left, ev->steps_left == 1 ? "" : "s");
	line(log, "[%s] %s", ev->hash, ev->text);
	line(log, "%s", "");
}

static void log_search_started(struct bisect_log *log, const struct bisect_event *ev)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, ev->hash);
	for (size_t i = 0; i < ev->hashes_nr; i++)
		strbuf_addf(&sb, " %s", ev->hashes[i]);
	line(log, "# git bisect start %s", sb.buf);
	strbuf_release(&sb);
}

static void log_times(struct bisect_log *log, const struct bisect_result *res)
{
	char *tot = format_duration(res->total_seconds), *b = format_duration(res->build_seconds);
	char *t = format_duration(res->test_seconds);

	line(log, "revisions tested: %zu, total time: %s (build: %s, test: %s)", res->steps_nr,
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

static void log_crash(struct bisect_log *log, const struct bisect_result *res)
{
	struct strbuf sb = STRBUF_INIT;

	if (!res->crash_title)
		return;
	line(log, "crash: %s", res->crash_title);
	if (res->crash_report) {
		strbuf_addstr(&sb, res->crash_report);
		strbuf_rtrim(&sb);
		line(log, "%s", sb.buf);
	}
	strbuf_release(&sb);
}

static void log_check(struct bisect_log *log, const char *what,
		      const struct bisect_verify_check *c)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "  %-8s %s", what, bisect_verify_status_name(c->status));
	if (c->status == BISECT_VERIFY_CRASHES || c->status == BISECT_VERIFY_CLEAN)
		strbuf_addf(&sb, " (%d of %d runs crashed)", c->crashes, c->runs);
	if (c->hash[0])
		strbuf_addf(&sb, ", commit %.12s", c->hash);
	if (c->note)
		strbuf_addf(&sb, ": %s", c->note);
	line(log, "%s", sb.buf);
	strbuf_release(&sb);
}

/* the verification block (struct bisect_verification) */
static void log_verification(struct bisect_log *log, const struct bisect_result *res)
{
	const struct bisect_verification *v = &res->verification;

	if (!v->enabled) {
		line(log, "verification: skipped (--verify=no)");
		return;
	}
	line(log, "verification: %s", v->verified ? "passed" : "not passed");
	log_check(log, "culprit", &v->culprit);
	log_check(log, "parent", &v->parent);
	if (v->onto[0])
		line(log, "  revert of the culprit on %s:", v->onto);
	log_check(log, "revert", &v->revert);
}

static void log_found(struct bisect_log *log, const struct bisect_result *res)
{
	const char *what = res->mode == BISECT_FIX ? "good" : "bad";
	struct strbuf sb = STRBUF_INIT;

	if (res->culprit_parents == 1) {
		line(log, "culprit signature: %s", res->culprit_signature);
		line(log, "parent  signature: %s", res->parent_signature);
	}
	log_times(log, res);
	line(log, "first %s commit: %s %s", what, res->culprit, res->subject ? res->subject : "");
	log_verification(log, res);
	/* what syzbot lacks: how sure we are, and who came next */
	strbuf_addf(&sb, "confidence: %.4f", res->confidence);
	for (size_t i = 0; i < res->candidates_nr; i++)
		strbuf_addf(&sb, "%s %.12s (%.4f)", i ? "," : ", runner-up candidates:",
			    res->candidates[i].hash, res->candidates[i].probability);
	line(log, "%s", sb.buf);
	strbuf_reset(&sb);
	if (!res->reliable) {
		for (size_t i = 0; i < res->unreliable_reasons.nr; i++)
			strbuf_addf(&sb, "%s%s", i ? "; " : "", res->unreliable_reasons.v[i]);
		line(log, "the result may be wrong: %s", sb.buf);
		strbuf_reset(&sb);
	}
	quote_list(&sb, &res->to);
	line(log, "recipients (to): %s", sb.buf);
	strbuf_reset(&sb);
	quote_list(&sb, &res->cc);
	line(log, "recipients (cc): %s", sb.buf);
	strbuf_release(&sb);
	log_crash(log, res);
}

static void log_result(struct bisect_log *log, const struct bisect_result *res)
{
	switch (res->outcome) {
	case BISECT_FOUND:
		log_found(log, res);
		return;
	case BISECT_INCONCLUSIVE:
		if (res->error)
			break;	/* the journal ended */
		if (res->skipped_only)
			line(log, "There are only 'skip'ped commits left to test.");
		line(log, "bisection is inconclusive, the first %s commit could be any of:",
		     res->mode == BISECT_FIX ? "good" : "bad");
		for (size_t i = 0; i < res->candidates_nr; i++)
			line(log, "%s", res->candidates[i].hash);
		log_times(log, res);
		return;
	case BISECT_NO_CULPRIT:
		line(log, "no culprit in range: the crash happens on the good end too "
		     "(bad side %d of %d runs, good side %d of %d)", res->bad_crashes,
		     res->bad_runs, res->good_crashes, res->good_runs);
		log_times(log, res);
		log_crash(log, res);
		return;
	case BISECT_ALREADY:
		line(log, "the crash already happened on the oldest tested release");
		log_times(log, res);
		log_crash(log, res);
		return;
	case BISECT_NO_REPRO:
	case BISECT_BAD_INPUT:
	case BISECT_INFRA:
		break;
	}
	if (res->error)
		line(log, "%s", res->error);
	log_times(log, res);
}

static char *mib(long long bytes)
{
	return bytes > 0 ? xstrfmt("%.1f MiB", bytes / 1048576.0) : xstrdup("?");
}

/* what the config minimisation gave (its own lines said how) */
static void log_kconfig(struct bisect_log *log, const struct bisect_kconfig *k)
{
	char *ib, *ia;

	if (!k->tried)
		return;
	if (!k->used) {
		line(log, "kernel config: the original %s (%s)", k->original ? k->original : "",
		     k->reason ? k->reason : "not minimised");
		return;
	}
	ib = mib(k->image_before);
	ia = mib(k->image_after);
	line(log, "kernel config: minimized %s: %d options (original %d), image %s (original %s), "
	     "build %.0fs (original %.0fs) at the crashing commit as built here "
	     "(incremental, ccache: bench/minimize.sh compares builds from clean)",
	     k->config, k->options_after, k->options_before, ia, ib, k->build_after,
	     k->build_before);
	free(ib);
	free(ia);
}

static void log_event(void *ctx, const struct bisect_event *ev)
{
	struct bisect_log *log = ctx;

	switch (ev->type) {
	case BISECT_EV_JOB_STARTED:
		if (ev->job->mode == BISECT_FIX)
			line(log, "bisecting fixing commit since %s", ev->hash);
		else
			line(log, "bisecting cause commit starting from %s", ev->hash);
		break;
	case BISECT_EV_STEP_CHOSEN:
		log_chosen(log, ev);
		break;
	case BISECT_EV_STEP_STARTED:
		log_step_started(log, ev);
		break;
	case BISECT_EV_STEP_BUILT:
		log_built(log, ev);
		break;
	case BISECT_EV_SAME_SIGNATURE:
		line(log, "same signature as %s: its %d runs count here too", ev->other, ev->count);
		break;
	case BISECT_EV_RUNS_DONE:
		log_runs(log, ev->step);
		break;
	case BISECT_EV_NOTE:
	case BISECT_EV_PREPARE:
		line(log, "%s", ev->text);
		break;
	case BISECT_EV_PREPARED:
		log_kconfig(log, &ev->res->kconfig);
		break;
	case BISECT_EV_STEP_DECIDED:
		if (ev->step->kind == BISECT_STEP_PROBE)
			line(log, "# git bisect %s %s", ev->step->decision, ev->hash);
		break;
	case BISECT_EV_SEARCH_STARTED:
		log_search_started(log, ev);
		break;
	case BISECT_EV_CULPRIT:
		line(log, "%s is the first bad commit", ev->hash);
		if (ev->text) {
			line(log, "%s", ev->text);
			line(log, "%s", "");
		}
		break;
	case BISECT_EV_SIGNATURE_BUILD:
		line(log, "building %s for its signature", ev->hash);
		break;
	case BISECT_EV_RESULT:
		log_result(log, ev->res);
		break;
	case BISECT_EV_CHECKOUT:
	case BISECT_EV_BUILD_STARTED:
	case BISECT_EV_BUILD_FINISHED:
	case BISECT_EV_RUN_STARTED:
	case BISECT_EV_RUN_FINISHED:
	case BISECT_EV_POSTERIOR:
		break;
	}
}

const struct bisect_observer_ops bisect_log_ops = {
	.name = "log",
	.event = log_event,
};
