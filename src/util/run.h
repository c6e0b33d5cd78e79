/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run.h - the one place that starts child processes (after git's run-command).
 *
 * Every child gets an argv vector (never a shell string built from data), an
 * optional set of extra environment entries, a working directory, and a
 * mandatory timeout. Its output is captured into capped buffers. A child runs
 * in its own process group; on timeout, on an early stop requested by the
 * output callback, and when culprit itself exits (normally, by a fatal signal
 * it catches, or even by SIGKILL through PR_SET_PDEATHSIG) the whole group is
 * killed, so no QEMU or build is ever orphaned.
 *
 * Steps:
 *	struct child c = CHILD_INIT;
 *	strvec_pushl(&c.args, "make", "-j2", NULL);
 *	c.dir = worktree;
 *	c.timeout = 3600;
 *	if (child_run(&c) < 0)         // could not start: infrastructure trouble
 *		...;
 *	if (c.timed_out) ... else if (c.status != 0) ...;  // c.out holds output
 *	child_release(&c);
 *
 * child_run() is thread-safe: runners call it from several threads at once to
 * drive parallel VMs.
 */
#ifndef CULPRIT_RUN_H
#define CULPRIT_RUN_H

#include <stdbool.h>
#include <sys/types.h>
#include "strbuf.h"
#include "strvec.h"

struct child {
	/* --- input --- */
	struct strvec args;	/* args.v[0] is searched in PATH */
	struct strvec env;	/* extra "NAME=value" (or "NAME" to unset) entries */
	const char *dir;	/* working directory; NULL: culprit's own */
	double timeout;		/* seconds, must be > 0 */
	size_t out_cap;		/* cap per captured stream; 0: 4 MiB */
	bool merge_stderr;	/* stderr goes into `out`, interleaved */
	bool no_capture;	/* inherit stdout/stderr instead of capturing */
	const char *stdin_path; /* NULL: /dev/null */
	/*
	 * Not the leftovers' marker (children_set_marker()): a child whose
	 * descendants are not culprit's to kill after a kill -9 (sbatch: the
	 * jobs it starts are the cluster's, and culprit re-attaches to them).
	 */
	bool unmarked;
	/*
	 * If set, the output is also appended here, bounded: its first and
	 * last log_cap / 2 bytes, with a line saying how much was left out
	 * between them (written when the child ends).
	 */
	const char *log_path;
	size_t log_cap;		/* 0: 512 KiB; SIZE_MAX: everything */
	/*
	 * Called with every chunk of stdout (and merged stderr) as it is
	 * read, capped or not: a reader that must see the whole stream (a
	 * crash parser) takes it from here, in bounded memory of its own.
	 */
	void (*on_data)(void *data, const char *buf, size_t len);
	/*
	 * Called with each chunk of stdout (and merged stderr) as it arrives,
	 * after it is appended to `out`. Return true to stop the child now
	 * (its group is killed; `stopped` is set).
	 */
	bool (*on_output)(void *data, const struct strbuf *out);
	/*
	 * Called about every 200 ms while the child runs, output or not (for
	 * deadlines of their own, e.g. "no boot marker within 60 s"). Return
	 * true to stop the child now, as with on_output.
	 */
	bool (*on_tick)(void *data, const struct strbuf *out);
	void *data;	/* for on_data, on_output and on_tick */

	/* --- output --- */
	struct strbuf out;	/* captured stdout (+stderr if merged) */
	struct strbuf err;	/* captured stderr */
	int status;		/* exit status if exited normally, else -1 */
	int signo;		/* signal that killed it, else 0 */
	bool timed_out;		/* killed by us at the timeout */
	bool stopped;		/* killed by us because on_output asked */
	bool truncated;		/* some output beyond out_cap was dropped */
	double seconds;		/* wall time */
};

#define CHILD_INIT { .args = STRVEC_INIT, .env = STRVEC_INIT, .out = STRBUF_INIT, \
		     .err = STRBUF_INIT, .status = -1 }

void child_init(struct child *c);
/* Frees args, env and the captured output; the struct may be reused. */
void child_release(struct child *c);

/*
 * Run to completion (or timeout / stop). Returns 0 when the child was started
 * (inspect status/signo/timed_out), -1 with an error() when it could not be
 * started at all (missing program, fork failure, bad directory): that is
 * never a verdict on what the child would have done.
 */
int child_run(struct child *c);

/* true when the child exited with status 0 (not killed, not timed out) */
bool child_ok(const struct child *c);

/*
 * Short description of how the child ended, for logs: "exit status 2",
 * "killed by signal 9", "timed out after 30s". Malloced.
 */
char *child_describe(const struct child *c);

/*
 * Kill every child still running (process groups) now. Called by the
 * handlers culprit installs; safe from a signal handler.
 */
void children_kill_all(void);

/*
 * Install SIGINT/SIGTERM/SIGHUP handlers and an atexit hook that kill every
 * live child group before culprit exits. Call once from main().
 */
void children_install_cleanup(void);

/*
 * A line for stderr when one of those signals ends culprit ("culprit
 * bisect: interrupted; run the same command to resume"); NULL: none.
 * The string must live until exit.
 */
void children_set_interrupt_message(const char *msg);

/*
 * Leftovers. PR_SET_PDEATHSIG reaches only a direct child, and a child's
 * group only while culprit lives: after a kill -9, a build's or a test's
 * grandchildren (make -> cc1, sh -> sleep) go on. So every child gets
 * `entry` ("NAME=value", unique to the process that owns a work
 * directory; set once, before any child starts) in its environment,
 * which every descendant inherits, and children_kill_marked() kills, by
 * /proc, every process (culprit itself excepted) whose environment holds
 * that exact entry, until none is left. Returns how many were killed.
 */
void children_set_marker(const char *entry);
int children_kill_marked(const char *entry);

/*
 * Append to `args` the argv that runs the command line `cmd` the user gave
 * (a build or reproducer command): "sh -c cmd" when it uses shell syntax
 * (operators, quotes, expansions, a leading VAR=x), else `cmd` split on
 * blanks, so simple commands run without a shell.
 */
void child_push_command(struct strvec *args, const char *cmd);

/* Path of a program found in PATH (malloced), or NULL. */
char *find_in_path(const char *prog);

#endif
