// SPDX-License-Identifier: Apache-2.0
/*
 * maintainers_commit.c - `culprit maintainers` in culprit-core: the whole
 * command of maintainers.c, with --commit (which reads the repository
 * through libgit2). Kept apart so that the lean `culprit` front, which
 * links maintainers.c, does not pull in git.
 */
#include "cli.h"
#include "maintainers/maintainers.h"

int cmd_maintainers(int argc, const char **argv)
{
	return cli_maintainers(argc, argv, maintainers_repo_recipients);
}
