// SPDX-License-Identifier: Apache-2.0
/*
 * local.c - the local runner: the job's test command on this machine.
 *
 * HOW IT WORKS
 *
 * Each run starts the test command in the build tree (still at the built
 * commit) with CULPRIT_RUN=<n>, CULPRIT_SIGNATURE and CULPRIT_ARTIFACT_DIR in
 * its environment, stdout and stderr merged, under a timeout. Every byte of
 * the output goes through the parser's stream (report_stream_*), however
 * much there is, in bounded memory; <workdir>/runs/run-<signature>-<n>.log
 * keeps its head and tail. The verdict:
 *   - a crash report that is not suppressed      -> RUN_CRASHED (its title);
 *   - else the timeout hit                        -> RUN_TIMED_OUT;
 *   - else the command could not start, sh said 126/127 (not executable,
 *     not found), or it was SIGKILLed by someone else (the OOM killer)
 *                                                 -> RUN_INFRA;
 *   - else                                        -> RUN_OK.
 * A run that goes on after its crash report is stopped once the report is
 * complete (see on_tick()), not left to the timeout.
 * RUN_OK whatever the exit status: a sanitizer crash always prints a report,
 * and a reproducer that merely fails (exit 1, a non-sanitizer signal) has not
 * shown the crash; the status is kept in `reason` as a note ("exit status 1").
 *
 * The command string follows the generic builder's rule (build.h): the
 * user's own text, split into words when it has no shell syntax, else
 * `sh -c`.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"
#include "../util/run.h"
#include "../util/strbuf.h"
#include "../util/util.h"

void local_runner_setup(struct local_runner *lr, const char *command, const char *workdir,
			double timeout, int parallel)
{
	free(lr->command);
	free(lr->workdir);
	lr->command = command ? xstrdup(command) : NULL;
	lr->workdir = xstrdup(workdir);
	lr->timeout = timeout;
	lr->parallel = parallel > 0 ? parallel : 1;
}

void local_runner_exit_status(struct local_runner *lr, const char *title)
{
	lr->exit_status = true;
	free(lr->title);
	lr->title = title ? xstrdup(title) : NULL;
}

void local_runner_release(struct local_runner *lr)
{
	free(lr->command);
	free(lr->workdir);
	free(lr->title);
	lr->title = NULL;
	strvec_clear(&lr->argv);
	strvec_clear(&lr->env);
	lr->command = lr->workdir = NULL;
}

/* a fresh log path: run-<sig12>-<n>.log, or .1.log, .2.log... if taken */
static char *new_log_path(const char *dir, const struct build_result *build, int index)
{
	char sig[13];

	snprintf(sig, sizeof(sig), "%.12s", build && build->signature[0] ? build->signature
									   : "unsigned");
	for (int k = 0;; k++) {
		char *p = k ? xstrfmt("%s/run-%s-%d.%d.log", dir, sig, index, k)
			    : xstrfmt("%s/run-%s-%d.log", dir, sig, index);
		int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

		if (fd >= 0) {
			close(fd);
			return p;
		}
		free(p);
		if (errno != EEXIST)
			return NULL;
	}
}

/*
 * Early stop: a reproducer may go on after its report (UBSan and TSan do not
 * halt by default, a server loops), and waiting for the timeout would cost
 * minutes per run. Once the output holds a crash report, the run is stopped
 * when the output has been quiet for STOP_QUIET seconds (the report is
 * complete) or STOP_AFTER seconds after the report, whichever comes first.
 */
#define STOP_QUIET 2.0
#define STOP_AFTER 10.0

/*
 * The output is read whole, in bounded memory: every byte goes through the
 * parser's stream (report_stream_*, windows of STREAM_WINDOW bytes, so a
 * report after gigabytes of output is still seen), the early stop looks at
 * the last RECENT bytes, the capture keeps only a head (OUT_CAP: the
 * shell's "not found"), and the log on disk its head and tail (LOG_CAP).
 * Of the crashes, only the first keeps its report text (the journal's).
 */
#define STREAM_WINDOW (4u << 20)
#define RECENT (1u << 20)
#define OUT_CAP (64u << 10)
#define LOG_CAP (512u << 10)

struct watch {
	struct report_stream *stream;
	struct report_list crashes;
	struct strbuf recent;		/* the last RECENT to 2 * RECENT bytes */
	size_t total, seen_total;
	double last_growth, found_at, checked_at;
	bool found;
};

/* report texts past the first crash's are never used: drop them as they come */
static void keep_first_text(struct report_list *l)
{
	for (size_t i = 1; i < l->nr; i++) {
		free(l->items[i].report);
		l->items[i].report = NULL;
		l->items[i].report_len = 0;
	}
}

static void on_data(void *data, const char *buf, size_t len)
{
	struct watch *w = data;

	w->total += len;
	report_stream_feed(w->stream, buf, len, &w->crashes);
	keep_first_text(&w->crashes);
	strbuf_add(&w->recent, buf, len);
	if (w->recent.len > 2 * RECENT) {
		memmove(w->recent.buf, w->recent.buf + w->recent.len - RECENT, RECENT);
		strbuf_setlen(&w->recent, RECENT);
	}
}

static bool on_tick(void *data, const struct strbuf *out)
{
	struct watch *w = data;
	double now = now_seconds();

	(void)out;
	if (w->total != w->seen_total) {
		w->seen_total = w->total;
		w->last_growth = now;
		if (!w->found && (w->crashes.nr || now - w->checked_at >= 0.2)) {
			w->checked_at = now;
			w->found = w->crashes.nr ||
				   report_contains_crash(w->recent.buf, w->recent.len);
			if (w->found)
				w->found_at = now;
		}
	}
	return w->found && (now - w->last_growth >= STOP_QUIET || now - w->found_at >= STOP_AFTER);
}

static void set_verdict(struct run_result *out, enum run_verdict v, char *reason)
{
	out->verdict = v;
	free(out->reason);
	out->reason = reason;
}

/* the crash of the output titled `title` (or one of its other names), or NULL */
static const struct crash_report *crash_titled(const struct report_list *l, const char *title)
{
	for (size_t i = 0; i < l->nr; i++) {
		if (!l->items[i].suppressed && report_matches_title(&l->items[i], title))
			return &l->items[i];
	}
	return NULL;
}

/* a crash titled LOCAL_RUNNER_EXIT_TITLE, first in the list (the run's first crash) */
static void add_exit_crash(struct report_list *l, int status)
{
	struct crash_report cr = { 0 };

	cr.title = xstrdup(LOCAL_RUNNER_EXIT_TITLE);
	cr.alt_titles = xcalloc(1, sizeof(*cr.alt_titles));
	cr.type = xstrdup("EXIT-STATUS");
	cr.report = xstrfmt("the test exited with status %d\n", status);
	cr.report_len = strlen(cr.report);
	cr.userspace = true;
	ALLOC_GROW(l->items, l->nr + 1, l->alloc);
	memmove(l->items + 1, l->items, l->nr * sizeof(*l->items));
	l->items[0] = cr;
	l->nr++;
}

/*
 * --test-exit: the verdict from the exit status, as `git bisect run` reads
 * it (`out` has no verdict or title yet)
 */
static void exit_status_verdict(const struct local_runner *lr, const struct child *c,
				struct run_result *out)
{
	int st = c->signo ? 128 + c->signo : c->status;
	const struct crash_report *cr;

	if (c->timed_out) {
		set_verdict(out, RUN_TIMED_OUT, NULL);
	} else if (st < 0 || st >= 128) {
		set_verdict(out, RUN_INFRA,
			    xstrfmt("the test exited with status %d (>= 128, %s): the bisection "
				    "stops, as git bisect run does", st,
				    c->signo ? "killed by a signal" : "git bisect run's abort"));
		out->abort = true;
	} else if (st == 126 || st == 127) {
		set_verdict(out, RUN_INFRA,
			    xstrfmt("test command not runnable (exit status %d)", st));
	} else if (st == 125) {
		set_verdict(out, RUN_TEST_FAILED,
			    xstrdup("exit status 125: untestable (git bisect run's skip)"));
	} else if (st == 0) {
		set_verdict(out, RUN_OK, NULL);
	} else if (!lr->title) {
		set_verdict(out, RUN_CRASHED, xstrfmt("exit status %d", st));
		add_exit_crash(&out->crashes, st);
		out->title = xstrdup(LOCAL_RUNNER_EXIT_TITLE);
	} else if ((cr = crash_titled(&out->crashes, lr->title))) {
		set_verdict(out, RUN_CRASHED, xstrfmt("exit status %d", st));
		out->title = xstrdup(cr->title);
	} else {
		/* bad needs both the status and the crash */
		set_verdict(out, RUN_OK, xstrfmt("exit status %d, but no '%s' in the output", st,
						 lr->title));
	}
}

int local_run(struct local_runner *lr, const struct build_result *build, const char *tree,
	      int index, struct run_result *out)
{
	struct child c = CHILD_INIT;
	struct watch w = { .last_growth = now_seconds(), .crashes = REPORT_LIST_INIT,
			   .recent = STRBUF_INIT };
	char *dir;

	memset(out, 0, sizeof(*out));
	if ((!lr->command || !*lr->command) && !lr->argv.nr) {
		set_verdict(out, RUN_INFRA, xstrdup("no test command"));
		return 0;
	}
	dir = xstrfmt("%s/runs", lr->workdir);
	if (mkdir_p(dir, 0777) < 0 || !(out->log_path = new_log_path(dir, build, index))) {
		set_verdict(out, RUN_INFRA, xstrfmt("cannot create a log in %s", dir));
		free(dir);
		return 0;
	}
	free(dir);

	if (lr->argv.nr)
		strvec_pushv(&c.args, lr->argv.v);
	else
		child_push_command(&c.args, lr->command);
	strvec_pushv(&c.env, lr->env.v);
	strvec_pushf(&c.env, "CULPRIT_RUN=%d", index);
	if (build && build->signature[0])
		strvec_pushf(&c.env, "CULPRIT_SIGNATURE=%s", build->signature);
	if (build && build->artifact_dir)
		strvec_pushf(&c.env, "CULPRIT_ARTIFACT_DIR=%s", build->artifact_dir);
	c.dir = tree;
	c.timeout = lr->timeout > 0 ? lr->timeout : 600;
	c.merge_stderr = true;
	c.out_cap = OUT_CAP;
	c.log_path = out->log_path;
	c.log_cap = LOG_CAP;
	c.on_data = on_data;
	/* a crash stops the run early, except when the status must be the test's own */
	c.on_tick = lr->exit_status ? NULL : on_tick;
	c.data = &w;
	w.stream = report_stream_new(STREAM_WINDOW);

	if (child_run(&c) < 0) {
		/* ENOENT, EACCES, ETXTBSY...: the test was not run, nothing was seen */
		set_verdict(out, RUN_INFRA, xstrfmt("cannot start test command '%s'", c.args.v[0]));
		out->seconds = c.seconds;
		report_stream_free(w.stream);
		report_list_release(&w.crashes);
		strbuf_release(&w.recent);
		child_release(&c);
		return 0;
	}
	out->seconds = c.seconds;
	report_stream_finish(w.stream, &w.crashes);
	keep_first_text(&w.crashes);
	report_stream_free(w.stream);
	strbuf_release(&w.recent);
	out->crashes = w.crashes;
	if (lr->exit_status) {
		exit_status_verdict(lr, &c, out);
		child_release(&c);
		return 0;
	}
	for (size_t i = 0; i < out->crashes.nr; i++) {
		if (out->crashes.items[i].suppressed)
			continue;
		out->verdict = RUN_CRASHED;
		out->title = xstrdup(out->crashes.items[i].title);
		break;
	}
	if (out->verdict == RUN_CRASHED) {
		/* the crash says it all, even if the run then hung */
	} else if (c.timed_out) {
		/* (a crash stops the run early: c.stopped goes with RUN_CRASHED only) */
		set_verdict(out, RUN_TIMED_OUT, NULL);
	} else if (c.status == 126 || c.status == 127) {
		/* sh could not run the command (or a program it names) */
		char *last = c.out.len ? xstrndup(c.out.buf, strcspn(c.out.buf, "\n")) : NULL;

		set_verdict(out, RUN_INFRA,
			    last && *last ? xstrfmt("test command not runnable: %s", last)
					  : xstrfmt("test command not runnable (exit status %d)",
						    c.status));
		free(last);
	} else if (c.signo == SIGKILL) {
		set_verdict(out, RUN_INFRA, xstrdup("test command killed by SIGKILL (out of memory?)"));
	} else {
		/* no crash: OK for the bisection, whatever the exit status */
		set_verdict(out, RUN_OK, child_ok(&c) ? NULL : child_describe(&c));
	}
	child_release(&c);
	return 0;
}

static int ops_run(void *ctx, const struct build_result *build, const char *tree, int index,
		   struct run_result *out)
{
	return local_run(ctx, build, tree, index, out);
}

void local_runner_ops(struct local_runner *lr, struct runner_ops *ops)
{
	ops->ctx = lr;
	ops->parallel = lr->parallel > 0 ? lr->parallel : 1;
	ops->run = ops_run;
}
