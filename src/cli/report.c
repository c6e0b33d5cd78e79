// SPDX-License-Identifier: Apache-2.0
#include <stdio.h>
#include "cli.h"

int cmd_report(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	fputs("culprit report: not implemented yet\n", stderr);
	return EXIT_USAGE;
}
