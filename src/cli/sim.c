// SPDX-License-Identifier: Apache-2.0
#include <stdio.h>
#include "cli.h"

int cmd_sim(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	fputs("culprit sim: not implemented yet\n", stderr);
	return EXIT_USAGE;
}
