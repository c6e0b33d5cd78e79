/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcs.h - git repositories through libgit2 (after syzkaller's pkg/vcs).
 *
 * Only src/vcs/ includes libgit2. Commits are named by 40-hex-digit strings.
 *
 * The user's repository is opened read-only: culprit never writes to it (no
 * worktree metadata, no refs, no index). Builds happen in a "build tree", a
 * separate repository under the work directory that borrows the user's
 * objects through objects/info/alternates and is moved from commit to commit
 * with a forced checkout, so only changed files are rewritten (their mtimes
 * change, the rest keep theirs and incremental builds stay incremental).
 *
 * All functions return 0 on success and -1 after error() unless noted.
 * A struct vcs_repo may be shared by threads (calls are serialised).
 */
#ifndef CULPRIT_VCS_H
#define CULPRIT_VCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/strbuf.h"
#include "../util/strvec.h"

#define VCS_HEXSZ 40

struct vcs_repo;	/* opaque */

/* Open a repository (work tree or bare) at or above `path`. NULL after error(). */
struct vcs_repo *vcs_open(const char *path);
void vcs_close(struct vcs_repo *repo);
/* Directory of the repository's objects (for alternates), malloced. */
char *vcs_objects_dir(struct vcs_repo *repo);

/* Resolve any revision (hash, abbreviation, ref, tag, "HEAD~3") to a commit. */
int vcs_resolve(struct vcs_repo *repo, const char *rev, char out[VCS_HEXSZ + 1]);
/* Whether rev names a commit of the repository (quiet: no error()). */
bool vcs_has_commit(struct vcs_repo *repo, const char *rev);

struct vcs_commit {
	char hash[VCS_HEXSZ + 1];
	char **parents;		/* hex hashes */
	size_t parents_nr;
	char *author_name, *author_email;
	int64_t author_time;	/* seconds since the epoch */
	int author_tz;		/* minutes east of UTC */
	char *committer_name, *committer_email;
	int64_t commit_time;
	char *subject;		/* first line of the message */
	char *body;		/* the rest of the message (after the blank line), may be "" */
	char *message;		/* the raw message */
	/* "Signed-off-by: A <a@b>" -> key "Signed-off-by", value "A <a@b>" (never a CR) */
	struct vcs_trailer { char *key, *value; } *trailers;
	size_t trailers_nr;
};

int vcs_commit_info(struct vcs_repo *repo, const char *rev, struct vcs_commit *out);
void vcs_commit_release(struct vcs_commit *c);

/* Paths changed by a commit against its first parent (all for a root commit). */
int vcs_changed_files(struct vcs_repo *repo, const char *rev, struct strvec *paths);
/* ... against its nth parent (0: the first; all paths when it has no such parent) */
int vcs_changed_files_parent(struct vcs_repo *repo, const char *rev, unsigned int nth,
			     struct strvec *paths);

/*
 * Append what `git show --stat --format=medium` prints for the commit (the
 * "commit/Author/Date" header, indented message, blank line, diffstat with
 * " N files changed, N insertions(+), N deletions(-)"), as in syzbot's log.
 */
int vcs_format_show_stat(struct vcs_repo *repo, const char *rev, struct strbuf *out);

/*
 * A slice of the commit graph: the commits reachable from `bad` and not from
 * any of `goods` (all ancestors of `bad` when goods_nr == 0), merges
 * included, in topological order with parents before children (index 0 is
 * the oldest; `bad` is last). parents[i] lists indices into the slice;
 * parents outside the slice (good commits and beyond) are left out.
 * Shallow clones are refused (libgit2 cannot walk past their boundary).
 * limit > 0 guards against a forgotten good commit: a slice of more than
 * `limit` commits is an error. Cost: one revwalk plus one commit lookup per
 * commit (a hash table maps ids to indices), fine for a Linux-sized range.
 */
struct vcs_dag {
	size_t nr;
	char (*hash)[VCS_HEXSZ + 1];
	size_t **parents;
	size_t *parents_nr;
	bool *is_merge;		/* has more than one parent in the whole history */
};

int vcs_load_dag(struct vcs_repo *repo, const char *bad, const char *const *goods,
		 size_t goods_nr, size_t limit, struct vcs_dag *out);
void vcs_dag_release(struct vcs_dag *dag);

/* true when `ancestor` is `descendant` or one of its ancestors; -1 on error */
int vcs_is_ancestor(struct vcs_repo *repo, const char *ancestor, const char *descendant);

/*
 * The merge bases of a and b (git merge-base --all): how many (0: the
 * histories are unrelated), the first in out; -1 on error.
 */
int vcs_merge_bases(struct vcs_repo *repo, const char *a, const char *b, char out[VCS_HEXSZ + 1]);

/*
 * Release tags reachable from `rev` whose names match the glob `pattern`
 * (default "v[0-9]*.[0-9]*" with rc tags excluded when NULL), newest release
 * first by version order (v6.2 before v6.1 before v5.19). Each entry is
 * "tagname" and its commit hash in tag_commits. An explicit pattern keeps
 * rc tags it matches (they then sort before their release: v6.2 > v6.2-rc7).
 */
int vcs_release_tags(struct vcs_repo *repo, const char *rev, const char *pattern,
		     struct strvec *tags, struct strvec *tag_commits);

/*
 * Version order of tag names (<0, 0, >0 like strcmp): digit runs compare as
 * numbers; "v6.1.1" > "v6.1" > "v6.1-rc3" > "v6.0" > "v5.19".
 */
int vcs_version_cmp(const char *a, const char *b);

/*
 * The build tree: create (or reuse) a repository at `dir` borrowing the
 * objects of `repo`, and check out `rev` in it, detached, forcing away any
 * local change and removing untracked files that the previous commit
 * tracked. Files that did not change keep their mtimes. Build outputs that
 * are ignored or untracked are left in place (out-of-tree build directories
 * should live outside `dir` anyway). Writes only under `dir`: the user's
 * repository, index, HEAD, refs and work tree are never written (`dir` being
 * the repository itself is an error). Stale locks of a killed checkout are
 * removed; a build tree made for another repository is recreated. A full
 * hash the repository lacks is looked up in the build tree (a revert).
 */
int vcs_build_tree_checkout(struct vcs_repo *repo, const char *dir, const char *rev);

/*
 * Trees and blobs by id, without a checkout (for build keys: the same paths
 * read at many commits; unchanged directories keep their tree ids, so a
 * walk can stop where a subtree did not change).
 */
#define VCS_MODE_TREE 0040000u
#define VCS_MODE_BLOB 0100644u
#define VCS_MODE_EXEC 0100755u
#define VCS_MODE_LINK 0120000u
#define VCS_MODE_COMMIT 0160000u	/* a submodule */

struct vcs_tree_entry {
	const char *name;	/* valid during the callback only */
	char id[VCS_HEXSZ + 1];
	unsigned mode;		/* VCS_MODE_* */
};

/* The id of the root tree of commit `rev`. */
int vcs_commit_tree_id(struct vcs_repo *repo, const char *rev, char out[VCS_HEXSZ + 1]);

/*
 * Call fn for each entry of the tree `tree_id`, in git's order (by name,
 * directories as if they ended with '/'). A nonzero return of fn stops the
 * walk and is returned; -1 after error() when the tree cannot be read. The
 * repository is locked during the walk: fn must not call vcs functions.
 */
int vcs_tree_foreach(struct vcs_repo *repo, const char *tree_id,
		     int (*fn)(void *data, const struct vcs_tree_entry *e), void *data);

/* Append the blob `blob_id` to out. 0, or -1 after error(). */
int vcs_read_blob(struct vcs_repo *repo, const char *blob_id, struct strbuf *out);

/* Id and mode of rev:path ("" is the root tree): 0, 1 when absent, -1 after error(). */
int vcs_path_id(struct vcs_repo *repo, const char *rev, const char *path,
		char out[VCS_HEXSZ + 1], unsigned *mode);

/*
 * Revert `commit` on top of `onto` in the build tree `dir` (made by
 * vcs_build_tree_checkout(); both commits come from the user's objects),
 * as `git revert --no-edit` would (mainline 1 for a merge), without
 * touching the build tree's files: the tree and a commit are written to
 * the build tree's own object store only. The commit's author, committer
 * and dates come from `commit`, so the same revert always gets the same
 * hash (a resumed job finds its build). Returns 0 with the commit in
 * `out`; 1 when the revert conflicts (the conflicting paths are appended
 * to `why`); -1 after error(). Check it out with vcs_build_tree_checkout().
 */
int vcs_build_tree_revert(struct vcs_repo *repo, const char *dir, const char *onto,
			  const char *commit, char out[VCS_HEXSZ + 1], struct strbuf *why);

/* The file content at rev:path into out (0), or -1 (quiet) if absent. */
int vcs_read_file(struct vcs_repo *repo, const char *rev, const char *path, struct strbuf *out);

#endif
