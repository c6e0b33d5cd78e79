// SPDX-License-Identifier: Apache-2.0
/*
 * exit.c - culprit's exit codes: one table, read by the outcome mapping,
 * `culprit --help` and `culprit bisect --help`, so code and docs cannot drift.
 */
#include <stdio.h>

#include "cli.h"
#include "../bisect/bisect.h"

static const struct {
	enum culprit_exit code;
	const char *meaning;
} exit_codes[] = {
	{ EXIT_FOUND, "culprit found (or the command succeeded)" },
	{ EXIT_INCONCLUSIVE, "bisection inconclusive (the candidates are listed)" },
	{ EXIT_USAGE, "bad usage or bad input; nothing was changed" },
	{ EXIT_NO_REPRO, "the bad commit does not reproduce the crash" },
	{ EXIT_INFRA, "infrastructure failure (could not build or test)" },
};

void cli_print_version(void)
{
	printf("culprit version %s\n", CULPRIT_VERSION);
}

void cli_print_exit_codes(FILE *f)
{
	fputs("Exit codes:\n", f);
	for (size_t i = 0; i < sizeof(exit_codes) / sizeof(exit_codes[0]); i++)
		fprintf(f, "   %d  %s\n", (int)exit_codes[i].code, exit_codes[i].meaning);
}

int cli_exit_code(const struct bisect_result *res)
{
	switch (res->outcome) {
	case BISECT_FOUND:
		return EXIT_FOUND;
	case BISECT_INCONCLUSIVE:
	case BISECT_ALREADY:
		return EXIT_INCONCLUSIVE;
	case BISECT_NO_REPRO:
		return EXIT_NO_REPRO;
	case BISECT_BAD_INPUT:
		return EXIT_USAGE;
	case BISECT_INFRA:
		return EXIT_INFRA;
	}
	return EXIT_INFRA;
}
