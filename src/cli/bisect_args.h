/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bisect_args.h - the command line of `culprit bisect` (src/cli/ internal):
 *
 *	culprit bisect [<options>] [<bad> [<good>...]] [-- <path>...]
 *
 * One table of options (bisect_args.c) drives getopt_long, --help and the
 * job keys they set, so `--runs=5` and `--runs 5` both work and a flag
 * means what the job-file key of the same name means. Precedence, lowest
 * first: the user's defaults (~/.config/culprit/config, [bisect] keys and
 * [kernel] defaults for kernel jobs), the job file (-f/--job), the flags.
 *
 * Output files are slots (enum bisect_output): a new kind of output is one
 * row in the table and one observer in cmd_bisect().
 */
#ifndef CULPRIT_CLI_BISECT_ARGS_H
#define CULPRIT_CLI_BISECT_ARGS_H

#include <stdbool.h>
#include <stdio.h>

struct bisect_job;

enum bisect_output {
	BISECT_OUT_LOG,		/* --log: the syzbot-format log (default: stdout) */
	BISECT_OUT_JSON,	/* --json: the result */
	BISECT_OUT_GITLOG,	/* --git-log: a file for `git bisect replay` */
	BISECT_OUT_NR,
};

struct bisect_opts {
	const char *out[BISECT_OUT_NR];	/* paths, or NULL */
	const char *term_old, *term_new; /* git bisect's terms for --git-log */
	bool replay;
	bool progress;		/* --no-progress clears it */
	bool quiet;		/* -q: no progress line, no log on stdout */
	bool kernel;		/* --kernel, a kernel flag, or a [kernel] section */
};

/*
 * Parse argv (argv[0] is "bisect") into the job and the options.
 * Returns 0, 1 when --help or --version printed what was asked (exit 0),
 * or -1 after error() (exit 2).
 */
int bisect_parse_args(int argc, const char **argv, struct bisect_job *job,
		      struct bisect_opts *o);

/* the user's defaults file: $XDG_CONFIG_HOME/culprit/config or ~/.config/culprit/config */
char *cli_user_config_path(void);

#endif
