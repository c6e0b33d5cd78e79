// SPDX-License-Identifier: Apache-2.0
/*
 * buildtree.c - the build tree: a plain non-bare repository created with
 * git_repository_init() whose objects/info/alternates points at the user's
 * object directory; a forced checkout of the target tree against the
 * previous HEAD rewrites only files whose content or mode changed, deletes
 * files the previous commit tracked and the new one does not, and leaves
 * untracked and ignored files (build outputs) alone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

static int ensure_alternates(const char *dir, const char *objects)
{
	char *path = xstrfmt("%s/.git/objects/info/alternates", dir);
	char *want = xstrfmt("%s\n", objects);
	struct strbuf cur = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&cur, path) < 0 || strcmp(cur.buf, want)) {
		char *info = xstrfmt("%s/.git/objects/info", dir);

		ret = mkdir_p(info, 0777);
		if (!ret)
			ret = write_file_atomic(path, want, strlen(want));
		free(info);
	}
	strbuf_release(&cur);
	free(want);
	free(path);
	return ret;
}

static int build_tree_checkout(const char *objects, const char *dir, const git_oid *oid)
{
	git_repository *b = NULL;
	git_commit *c = NULL;
	git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
	char *gitdir = xstrfmt("%s/.git", dir);
	int ret = -1;
	bool fresh = false;

again:
	if (!is_directory(gitdir)) {
		git_repository_init_options io = GIT_REPOSITORY_INIT_OPTIONS_INIT;

		if (mkdir_p(dir, 0777) < 0)
			goto out;
		io.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
		if (git_repository_init_ext(&b, dir, &io) < 0) {
			vcs_git_fail("cannot create build tree at '%s'", dir);
			goto out;
		}
		git_repository_free(b);
		b = NULL;
	}
	if (ensure_alternates(dir, objects) < 0)
		goto out;
	/*
	 * Locks left by a culprit killed mid-checkout (kill -9): the build tree
	 * is ours alone (the engine holds the work directory), so they are stale.
	 */
	{
		static const char *const locks[] = { "index.lock", "HEAD.lock" };

		for (size_t i = 0; i < ARRAY_SIZE(locks); i++) {
			char *lock = xstrfmt("%s/.git/%s", dir, locks[i]);

			if (unlink(lock) < 0 && errno != ENOENT)
				warning("cannot remove stale %s: %s", lock, strerror(errno));
			free(lock);
		}
	}
	/* open after writing alternates: they are read when the odb loads */
	if (git_repository_open_ext(&b, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		vcs_git_fail("cannot open build tree at '%s'", dir);
		goto out;
	}
	/*
	 * A build tree whose HEAD is not in the objects it now borrows was made
	 * for another repository: its files cannot be compared with anything,
	 * so start afresh (it is ours, under the work directory).
	 */
	if (!fresh && git_repository_head_unborn(b) == 0) {
		git_oid head;
		git_odb *odb = NULL;
		bool known;

		/* (not git_revparse_single(): libgit2 1.5 leaks when it fails) */
		known = !git_reference_name_to_id(&head, b, "HEAD") &&
			!git_repository_odb(&odb, b) && git_odb_exists(odb, &head);
		git_odb_free(odb);
		if (!known) {
			warning("build tree '%s' was made for another repository: recreating it",
				dir);
			git_repository_free(b);
			b = NULL;
			if (remove_tree(dir) < 0) {
				error("cannot remove '%s'", dir);
				goto out;
			}
			fresh = true;
			goto again;
		}
	}
	if (git_commit_lookup(&c, b, oid) < 0) {
		vcs_git_fail("build tree at '%s' cannot read the commit", dir);
		goto out;
	}
	/*
	 * FORCE: overwrite local changes (a build may touch tracked files).
	 * Files the old HEAD tracked and the new tree lacks are removed;
	 * untracked and ignored files (build outputs) are kept: neither
	 * REMOVE_UNTRACKED nor REMOVE_IGNORED. Unchanged files are not
	 * rewritten, so their mtimes stay and builds stay incremental.
	 */
	opts.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (git_checkout_tree(b, (git_object *)c, &opts) < 0) {
		vcs_git_fail("checkout in build tree '%s' failed", dir);
		goto out;
	}
	if (git_repository_set_head_detached(b, oid) < 0) {
		vcs_git_fail("cannot move HEAD of build tree '%s'", dir);
		goto out;
	}
	ret = 0;
out:
	git_commit_free(c);
	git_repository_free(b);
	free(gitdir);
	return ret;
}

int vcs_build_tree_guard(struct vcs_repo *repo, const char *dir, char **abs_out)
{
	char *abs_dir, *git, *mine, *theirs, *common;
	bool same;

	if (mkdir_p(dir, 0777) < 0)
		return -1;
	abs_dir = real_path(dir);
	/* never the user's own repository: the build tree is written and may be wiped */
	git = xstrfmt("%s/.git", abs_dir ? abs_dir : dir);
	mine = real_path(git);
	vcs_lock(repo);
	theirs = real_path(git_repository_path(repo->repo));
	common = real_path(git_repository_commondir(repo->repo));
	vcs_unlock(repo);
	same = mine && ((theirs && !strcmp(mine, theirs)) || (common && !strcmp(mine, common)));
	free(git);
	free(mine);
	free(theirs);
	free(common);
	if (same) {
		free(abs_dir);
		return error("'%s' is the repository itself, not a build tree", dir);
	}
	*abs_out = abs_dir ? abs_dir : xstrdup(dir);
	return 0;
}

int vcs_build_tree_checkout(struct vcs_repo *repo, const char *dir, const char *rev)
{
	git_oid oid;
	git_commit *c = NULL;
	char *objects, *abs_dir;
	int ret;

	vcs_lock(repo);
	ret = vcs_lookup_commit_q(repo->repo, rev, &c, true);
	if (!ret) {
		git_oid_cpy(&oid, git_commit_id(c));
		git_commit_free(c);
	} else if (strlen(rev) == VCS_HEXSZ && git_oid_fromstrn(&oid, rev, VCS_HEXSZ) == 0) {
		/* a commit only the build tree holds (vcs_build_tree_revert()) */
		ret = 0;
	} else {
		ret = vcs_resolve_oid(repo->repo, rev, &oid);	/* says why */
	}
	vcs_unlock(repo);
	if (ret < 0)
		return -1;
	if (vcs_build_tree_guard(repo, dir, &abs_dir) < 0)
		return -1;
	objects = vcs_objects_dir(repo);
	ret = build_tree_checkout(objects, abs_dir, &oid);
	free(abs_dir);
	free(objects);
	return ret;
}
