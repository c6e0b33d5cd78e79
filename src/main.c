// SPDX-License-Identifier: Apache-2.0
/*
 * culprit - find the commit that introduced (or fixed) a crash.
 *
 * One binary, git-style subcommands; each is a row of commands[].
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/run.h"
#include "util/util.h"

struct command {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "bisect", cmd_bisect, "find the commit that introduced or fixed a crash" },
	{ "report", cmd_report, "find crash reports in a console log" },
	{ "sim", cmd_sim, "measure bisection policies against a simulated oracle" },
	{ "maintainers", cmd_maintainers, "who should hear about files or a commit" },
	{ "demo", cmd_demo, "bisect a real kernel bug on the embedded demo history" },
	{ "run-kernel", cmd_run_kernel, "boot a kernel in QEMU and run a reproducer in it" },
};

static void usage(FILE *f)
{
	fputs("usage: culprit [--version] [--help] <command> [<args>]\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
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

					return commands[i].fn(2, av);
				}
			}
		}
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("culprit version %s\n", CULPRIT_VERSION);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, argv[1]))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "culprit: '%s' is not a culprit command. See 'culprit --help'.\n", argv[1]);
	return EXIT_USAGE;
}
