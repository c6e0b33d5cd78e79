// SPDX-License-Identifier: Apache-2.0
/*
 * culprit - find the commit that introduced (or fixed) a crash.
 *
 * Git-style subcommands; each is a row of commands[].
 *
 * This file builds two programs. culprit-core has every command. `culprit`
 * (built with CULPRIT_FRONT) links only what its quick commands need and
 * execs culprit-core, installed next to it, for the others: loading libgit2,
 * libdw and OpenSSL (about 25 shared libraries) costs more than answering
 * `culprit maintainers FILE` does (bench/maintainers.sh).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/run.h"
#include "util/util.h"

struct command {
	const char *name;
	int (*fn)(int argc, const char **argv);	/* NULL: culprit-core runs it */
	const char *help;
};

#ifdef CULPRIT_FRONT
#define CORE(fn) NULL
#define FRONT(front_fn, core_fn) front_fn
#else
#define CORE(fn) fn
#define FRONT(front_fn, core_fn) core_fn
#endif

static const struct command commands[] = {
	{ "bisect", CORE(cmd_bisect), "find the commit that introduced or fixed a crash" },
	{ "report", CORE(cmd_report), "find crash reports in a console log" },
	{ "show", CORE(cmd_show), "the web page and the mail of a bisection that ran" },
	{ "sim", CORE(cmd_sim), "measure bisection policies against a simulated oracle" },
	{ "maintainers", FRONT(cmd_maintainers_paths, cmd_maintainers),
	  "who should hear about files, patches or a commit" },
	{ "demo", CORE(cmd_demo), "bisect a real kernel bug on the embedded demo history" },
	{ "run-kernel", CORE(cmd_run_kernel), "boot a kernel in QEMU and run a reproducer in it" },
	{ "step", CORE(cmd_step), NULL },	/* internal: a Slurm job's node side */
};

/* exec culprit-core (next to this program) with the same arguments */
static int run_core(const char **argv)
{
	char *self = self_exe_path(), *slash, *core;

	if (!self)
		return EXIT_INFRA;
	slash = strrchr(self, '/');
	core = xstrfmt("%.*s/culprit-core", slash ? (int)(slash - self) : 0, self);
	free(self);
	execv(core, (char *const *)argv);
	error("cannot run %s: %s", core, strerror(errno));
	free(core);
	return EXIT_INFRA;
}

static int run(const struct command *c, int argc, const char **argv, const char **all)
{
	int ret;

	if (!c->fn)
		return run_core(all);
	ret = c->fn(argc, argv);
	return ret == CLI_RUN_CORE ? run_core(all) : ret;
}

static void usage(FILE *f)
{
	fputs("usage: culprit [--version] [--help] <command> [<args>]\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].help)
			fprintf(f, "   %-12s %s\n", commands[i].name, commands[i].help);
	fputs("\nSee 'culprit <command> --help' for the options of each command.\n\n", f);
	cli_print_exit_codes(f);
}

int main(int argc, const char **argv)
{
	children_install_cleanup();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
				if (!strcmp(commands[i].name, argv[2])) {
					const char *av[] = { argv[2], "--help", NULL };

					return run(&commands[i], 2, av, argv);
				}
			}
		}
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		cli_print_version();
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].name, argv[1]))
			continue;
		/* culprit <command> --version, for every command (culprit(1)) */
		if (argc == 3 && !strcmp(argv[2], "--version")) {
			cli_print_version();
			return 0;
		}
		return run(&commands[i], argc - 1, argv + 1, argv);
	}
	fprintf(stderr, "culprit: '%s' is not a culprit command. See 'culprit --help'.\n", argv[1]);
	return EXIT_USAGE;
}
