// SPDX-License-Identifier: Apache-2.0
/*
 * repo.c - opening a repository, resolving revisions, reading files out of
 * trees (the shared plumbing of src/vcs/, see internal.h).
 *
 * The user's repository is opened with git_repository_open_ext() and only
 * ever read: revparse, commit lookups, tree diffs, revwalks and tag
 * iteration. No call in src/vcs/ except write.c writes to a repository (no
 * index, no refs, no config). libgit2 objects must not be used by two
 * threads at once, so every public function takes the repository's mutex;
 * libgit2 itself is initialised once through pthread_once().
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;

static void libgit2_init_once(void)
{
	git_libgit2_init();
}

static void vcs_global_init(void)
{
	pthread_once(&libgit2_once, libgit2_init_once);
}

int vcs_git_fail(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	const git_error *e = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (e && e->message)
		strbuf_addf(&sb, ": %s", e->message);
	error("%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

struct vcs_repo *vcs_open(const char *path)
{
	struct vcs_repo *r;
	git_repository *repo;

	vcs_global_init();
	if (git_repository_open_ext(&repo, path, 0, NULL) < 0) {
		const git_error *e = git_error_last();

		/* libgit2's words for git's ownership check say nothing of what to do */
		if (e && e->message && strstr(e->message, "safe.directory")) {
			error("cannot open git repository at '%s': it belongs to another user, and "
			      "git trusts such a repository only when listed in safe.directory: run "
			      "culprit as its owner, or run `git config --global --add safe.directory "
			      "%s`%s", path, path,
			      getenv("HOME") ? "" : " (with HOME set: git reads it from ~/.gitconfig)");
			return NULL;
		}
		vcs_git_fail("cannot open git repository at '%s'", path);
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->repo = repo;
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

void vcs_close(struct vcs_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->repo);
	pthread_mutex_destroy(&repo->lock);
	free(repo);
}

void vcs_lock(struct vcs_repo *r)
{
	pthread_mutex_lock(&r->lock);
}

void vcs_unlock(struct vcs_repo *r)
{
	pthread_mutex_unlock(&r->lock);
}

char *vcs_objects_dir(struct vcs_repo *repo)
{
	const char *common;
	char *dir, *abs;

	vcs_lock(repo);
	common = git_repository_commondir(repo->repo);
	dir = xstrfmt("%s%sobjects", common, ends_with(common, "/") ? "" : "/");
	vcs_unlock(repo);
	abs = real_path(dir);
	if (abs) {
		free(dir);
		return abs;
	}
	return dir;
}

/* rev -> commit (peeling tags); the caller frees the commit; quiet: no error() */
int vcs_lookup_commit_q(git_repository *repo, const char *rev, git_commit **out, bool quiet)
{
	git_object *obj = NULL, *peeled = NULL;

	if (!rev || !*rev)
		return quiet ? -1 : error("empty revision");
	if (git_revparse_single(&obj, repo, rev) < 0)
		return quiet ? -1 : vcs_git_fail("bad revision '%s'", rev);
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return quiet ? -1 : vcs_git_fail("'%s' does not name a commit", rev);
	}
	git_object_free(obj);
	*out = (git_commit *)peeled;
	return 0;
}

int vcs_lookup_commit(git_repository *repo, const char *rev, git_commit **out)
{
	return vcs_lookup_commit_q(repo, rev, out, false);
}

int vcs_resolve_oid(git_repository *repo, const char *rev, git_oid *oid)
{
	git_commit *c;

	if (vcs_lookup_commit(repo, rev, &c) < 0)
		return -1;
	git_oid_cpy(oid, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int vcs_resolve(struct vcs_repo *repo, const char *rev, char out[VCS_HEXSZ + 1])
{
	git_oid oid;
	int ret;

	vcs_lock(repo);
	ret = vcs_resolve_oid(repo->repo, rev, &oid);
	vcs_unlock(repo);
	if (ret < 0)
		return -1;
	git_oid_tostr(out, VCS_HEXSZ + 1, &oid);
	return 0;
}

bool vcs_has_commit(struct vcs_repo *repo, const char *rev)
{
	git_commit *c = NULL;
	int ret;

	vcs_lock(repo);
	ret = vcs_lookup_commit_q(repo->repo, rev, &c, true);
	vcs_unlock(repo);
	git_commit_free(c);
	return ret == 0;
}

int vcs_tree_read_blob(git_repository *repo, git_tree *tree, const char *path,
		       struct strbuf *out)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int ret = -1;

	if (git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0)
		goto out;
	strbuf_add(out, git_blob_rawcontent(blob), git_blob_rawsize(blob));
	ret = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return ret;
}

int vcs_read_file(struct vcs_repo *repo, const char *rev, const char *path, struct strbuf *out)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	int ret = -1;

	vcs_lock(repo);
	if (vcs_lookup_commit_q(repo->repo, rev, &c, true) < 0)
		goto out;
	if (git_commit_tree(&tree, c) < 0)
		goto out;
	ret = vcs_tree_read_blob(repo->repo, tree, path, out);
out:
	git_tree_free(tree);
	git_commit_free(c);
	vcs_unlock(repo);
	return ret;
}
