/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - the command layer: one file per subcommand, each parses its own
 * argv, prints, and maps results to exit codes. Only this layer (and
 * main.c) exits or calls die().
 */
#ifndef CULPRIT_CLI_H
#define CULPRIT_CLI_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

struct bisect_result;
struct bisect_observer_ops;

/*
 * Exit codes, stable and documented in the README; exit.c holds their one
 * table (meanings for --help) and the mapping of bisection outcomes.
 */
enum culprit_exit {
	EXIT_FOUND = 0,		/* culprit found / command succeeded */
	EXIT_INCONCLUSIVE = 1,	/* bisection ended without a single culprit */
	EXIT_USAGE = 2,		/* bad usage or bad input; nothing was changed */
	EXIT_NO_REPRO = 3,	/* the bad commit does not reproduce the crash */
	EXIT_INFRA = 4,		/* infrastructure failure: could not build or test */
};

/* the exit code of a bisection outcome */
int cli_exit_code(const struct bisect_result *res);
/* "Exit codes:" and one line per code, for --help */
void cli_print_exit_codes(FILE *f);
/* "culprit version X" on stdout (culprit --version, culprit <command> --version) */
void cli_print_version(void);

/*
 * The status line on stderr (progress.c), observers of a bisection; drawn
 * only when stderr is a terminal, cleared before anything else is printed:
 *	struct cli_progress p;
 *	cli_progress_init(&p);
 *	p.log_path = "bisect.log";          // optional: a summary at the end
 *	cli_progress_attach(&p, &job);      // after the other observers
 *	bisect_run(&job, &res);
 *	cli_progress_release(&p);
 */
struct cli_progress {
	bool on;		/* stderr is a terminal */
	const char *log_path;	/* the log went there: print a summary on stderr */
	/* private */
	pthread_mutex_t lock;	/* recursive: held from the first observer to the last */
	pthread_t thread;
	bool ticking, stop, active, drawn, have_post;
	double t0, step_t0, phase_t0;
	size_t step, steps_done;
	int left;		/* steps left after this one; -1 unknown */
	int run_done, run_total;
	char phase[48];
	char hash[13], leader[13];
	double leader_p;
};

struct bisect_job;
void cli_progress_init(struct cli_progress *p);
void cli_progress_attach(struct cli_progress *p, struct bisect_job *job);
void cli_progress_release(struct cli_progress *p);

/*
 * --git-log (gitlog.c): the bisection as a git bisect log in `path`, written
 * with the result; `git bisect replay` of it in a clone ends on culprit's
 * answer. Terms: NULL for git's defaults (fix mode: broken/fixed).
 *	struct cli_git_log g = { .path = "bisect.log" };
 *	bisect_job_add_observer(&job, &cli_git_log_ops, &g);
 */
struct cli_git_log {
	const char *path;
	const char *term_old, *term_new;
	bool failed;		/* set after error() when it could not be written */
};

extern const struct bisect_observer_ops cli_git_log_ops;

int cmd_report(int argc, const char **argv);
int cmd_bisect(int argc, const char **argv);
int cmd_sim(int argc, const char **argv);
int cmd_show(int argc, const char **argv);
int cmd_maintainers(int argc, const char **argv);

/*
 * The lean `culprit` front (main.c built with CULPRIT_FRONT) runs a few
 * commands itself and execs culprit-core for the rest; a command it runs
 * returns CLI_RUN_CORE, before printing anything, when its arguments need
 * what only culprit-core links (git).
 */
#define CLI_RUN_CORE (-1)
/* `culprit maintainers` on paths and patches; CLI_RUN_CORE for --commit */
int cmd_maintainers_paths(int argc, const char **argv);
struct recipients;
typedef int cli_maintainers_commit_fn(const char *repo, const char *rev, struct recipients *out);
/* the command, with `commit` answering --commit (NULL: CLI_RUN_CORE) */
int cli_maintainers(int argc, const char **argv, cli_maintainers_commit_fn *commit);
int cmd_demo(int argc, const char **argv);
int cmd_run_kernel(int argc, const char **argv);
/* the node side of a Slurm job (cli/step.c; internal) */
int cmd_step(int argc, const char **argv);

#endif
