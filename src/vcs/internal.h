/* SPDX-License-Identifier: Apache-2.0 */
/*
 * internal.h - libgit2 helpers shared by the files of src/vcs/ (repo.c,
 * commit.c, stat.c, dag.c, tags.c, buildtree.c, write.c, ...); not part of
 * the vcs interface, which never shows libgit2 types.
 *
 *	vcs_lock(repo);
 *	if (vcs_lookup_commit(repo->repo, rev, &c) < 0)	// error() said why
 *		...
 *	if (vcs_tree_read_blob(repo->repo, tree, "Makefile", &sb) < 0)
 *		...	// no such path, or not a file
 *	vcs_unlock(repo);
 *
 * Functions taking a git_repository expect the caller to hold the lock of
 * the struct vcs_repo it belongs to (public functions take it).
 */
#ifndef CULPRIT_VCS_INTERNAL_H
#define CULPRIT_VCS_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <git2.h>
#include "../util/strbuf.h"
#include "../util/util.h"

struct vcs_repo {
	git_repository *repo;
	pthread_mutex_t lock;
};

void vcs_lock(struct vcs_repo *r);
void vcs_unlock(struct vcs_repo *r);

/* error() with libgit2's last message appended; returns -1 */
int vcs_git_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* rev -> commit (tags peeled); the caller frees it; quiet: no error() */
int vcs_lookup_commit_q(git_repository *repo, const char *rev, git_commit **out, bool quiet);
int vcs_lookup_commit(git_repository *repo, const char *rev, git_commit **out);
int vcs_resolve_oid(git_repository *repo, const char *rev, git_oid *oid);

/* error() for a shallow clone (libgit2 cannot walk past its boundary), else 0 */
int vcs_refuse_shallow(git_repository *repo);

/*
 * Diff of a commit against its first parent (the empty tree for a root
 * commit), with git's rename rules when `renames`. error() on failure.
 */
int vcs_first_parent_diff(git_repository *repo, git_commit *c, bool renames, git_diff **out);

/*
 * Append the contents of the file at `path` in `tree` (of `repo`) to `out`.
 * Returns 0, or -1 without a message when the path is missing, is not a
 * file, or its blob cannot be read (callers decide whether that is an error).
 */
int vcs_tree_read_blob(git_repository *repo, git_tree *tree, const char *path,
		       struct strbuf *out);

/* open addressing from object id to an index (SIZE_MAX: absent) */
struct vcs_oidmap {
	size_t mask;
	git_oid *keys;
	size_t *vals;		/* SIZE_MAX: empty */
};

void vcs_oidmap_init(struct vcs_oidmap *m, size_t nr);
size_t vcs_oidmap_slot(const struct vcs_oidmap *m, const git_oid *oid);
void vcs_oidmap_put(struct vcs_oidmap *m, const git_oid *oid, size_t val);
size_t vcs_oidmap_get(const struct vcs_oidmap *m, const git_oid *oid);
void vcs_oidmap_release(struct vcs_oidmap *m);

/*
 * `dir` as a build tree of `repo`: created if missing, and never the
 * repository itself (error()). 0 with its absolute path in *abs (malloced).
 */
int vcs_build_tree_guard(struct vcs_repo *repo, const char *dir, char **abs);

#endif /* CULPRIT_VCS_INTERNAL_H */
