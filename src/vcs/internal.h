/* SPDX-License-Identifier: Apache-2.0 */
/*
 * internal.h - libgit2 helpers shared by the files of src/vcs/ (vcs.c,
 * write.c); not part of the vcs interface, which never shows libgit2 types.
 *
 *	if (vcs_tree_read_blob(repo, tree, "Makefile", &sb) < 0)
 *		...	// no such path, or not a file
 */
#ifndef CULPRIT_VCS_INTERNAL_H
#define CULPRIT_VCS_INTERNAL_H

#include <git2.h>
#include "../util/strbuf.h"

/*
 * Append the contents of the file at `path` in `tree` (of `repo`) to `out`.
 * Returns 0, or -1 without a message when the path is missing, is not a
 * file, or its blob cannot be read (callers decide whether that is an error).
 */
int vcs_tree_read_blob(git_repository *repo, git_tree *tree, const char *path,
		       struct strbuf *out);

struct vcs_repo;

/*
 * `dir` as a build tree of `repo`: created if missing, and never the
 * repository itself (error()). 0 with its absolute path in *abs (malloced).
 */
int vcs_build_tree_guard(struct vcs_repo *repo, const char *dir, char **abs);

#endif /* CULPRIT_VCS_INTERNAL_H */
