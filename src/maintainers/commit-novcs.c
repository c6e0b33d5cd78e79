// SPDX-License-Identifier: Apache-2.0
/*
 * commit-novcs.c - built instead of commit.c while src/vcs/ has no
 * implementation yet (meson picks commit.c as soon as src/vcs/vcs.c exists).
 */
#include "maintainers.h"
#include "../util/util.h"

int maintainers_commit_recipients(struct vcs_repo *repo, const char *rev,
				  struct recipients *out)
{
	(void)repo;
	(void)out;
	return error("cannot read commit %s: culprit was built without git support", rev);
}

int maintainers_repo_recipients(const char *path, const char *rev, struct recipients *out)
{
	(void)path;
	return maintainers_commit_recipients(NULL, rev, out);
}
