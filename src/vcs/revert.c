// SPDX-License-Identifier: Apache-2.0
/*
 * revert.c - a culprit reverted on top of another commit, made in the build
 * tree (see vcs_build_tree_revert() in vcs.h).
 *
 * HOW IT WORKS
 * The build tree borrows the user's objects (objects/info/alternates), so
 * both commits can be read there. git_revert_commit() merges the culprit's
 * parent into `onto` with the culprit as the base (the three-way merge
 * `git revert` does) and returns an in-memory index; a conflict in it is
 * the answer "conflict". Otherwise the index is written as a tree, and a
 * commit with `onto` as its parent, into the build tree's own object
 * directory. Nothing is checked out, no ref or index of either repository
 * is written: the engine builds the commit like any other through its
 * executor (vcs_build_tree_checkout() finds it in the build tree).
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

static int lookup(git_repository *b, const char *hex, git_commit **out)
{
	git_oid oid;

	if (git_oid_fromstrn(&oid, hex, strlen(hex)) < 0 || strlen(hex) != VCS_HEXSZ)
		return error("'%s' is not a full commit hash", hex);
	if (git_commit_lookup(out, b, &oid) < 0)
		return error("commit %s is not in the repository", hex);
	return 0;
}

/* the conflicting paths of idx, one per line, into why */
static void list_conflicts(git_index *idx, struct strbuf *why)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *ours, *theirs;
	size_t n = 0;

	if (git_index_conflict_iterator_new(&it, idx) < 0)
		return;
	while (git_index_conflict_next(&anc, &ours, &theirs, it) == 0) {
		const git_index_entry *e = ours ? ours : theirs ? theirs : anc;

		if (e && e->path)
			strbuf_addf(why, "%s%s", n++ ? " " : "", e->path);
	}
	git_index_conflict_iterator_free(it);
}

/* "Revert \"<subject>\"\n\nThis reverts commit <hash>.\n", as git writes it */
static char *revert_message(git_commit *c, const char *hex)
{
	const char *summary = git_commit_summary(c);

	return xstrfmt("Revert \"%s\"\n\nThis reverts commit %s.\n", summary ? summary : "", hex);
}

static int write_commit(git_repository *b, const char *dir, git_index *idx, git_commit *c,
			git_commit *onto, const char *hex, char out[VCS_HEXSZ + 1])
{
	const git_signature *a = git_commit_author(c), *k = git_commit_committer(c);
	const git_commit *parents[1] = { onto };
	git_tree *tree = NULL;
	git_oid tree_oid, oid;
	char *msg = revert_message(c, hex);
	int ret = -1;

	if (git_index_write_tree_to(&tree_oid, idx, b) < 0) {
		vcs_git_fail("cannot write the reverted tree in build tree '%s'", dir);
		goto out;
	}
	if (git_tree_lookup(&tree, b, &tree_oid) < 0) {
		vcs_git_fail("cannot read the reverted tree in build tree '%s'", dir);
		goto out;
	}
	if (git_commit_create(&oid, b, NULL, a, k, "UTF-8", msg, tree, 1, parents) < 0) {
		vcs_git_fail("cannot write the revert commit in build tree '%s'", dir);
		goto out;
	}
	git_oid_tostr(out, VCS_HEXSZ + 1, &oid);
	ret = 0;
out:
	git_tree_free(tree);
	free(msg);
	return ret;
}

int vcs_build_tree_revert(struct vcs_repo *repo, const char *dir, const char *onto,
			  const char *commit, char out[VCS_HEXSZ + 1], struct strbuf *why)
{
	git_repository *b = NULL;
	git_commit *c = NULL, *o = NULL;
	git_index *idx = NULL;
	git_merge_options mo = GIT_MERGE_OPTIONS_INIT;
	char *abs = NULL, *gitdir = NULL;
	int ret = -1;

	if (vcs_build_tree_guard(repo, dir, &abs) < 0)
		return -1;
	gitdir = xstrfmt("%s/.git", abs);
	if (!is_directory(gitdir)) {
		error("no build tree at '%s' to revert in", abs);
		goto out;
	}
	if (git_repository_open_ext(&b, abs, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		vcs_git_fail("cannot open the build tree '%s'", abs);
		goto out;
	}
	if (lookup(b, commit, &c) < 0 || lookup(b, onto, &o) < 0)
		goto out;
	/* a merge is reverted against its first parent (git revert -m 1) */
	if (git_revert_commit(&idx, b, c, o, git_commit_parentcount(c) > 1 ? 1 : 0, &mo) < 0) {
		vcs_git_fail("cannot revert in build tree '%s'", abs);
		goto out;
	}
	if (git_index_has_conflicts(idx)) {
		list_conflicts(idx, why);
		ret = 1;
		goto out;
	}
	ret = write_commit(b, abs, idx, c, o, commit, out);
out:
	git_index_free(idx);
	git_commit_free(c);
	git_commit_free(o);
	git_repository_free(b);
	free(gitdir);
	free(abs);
	return ret;
}
