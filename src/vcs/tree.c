// SPDX-License-Identifier: Apache-2.0
/*
 * tree.c - trees and blobs by id, without a checkout (see vcs.h): what the
 * build keys read at many commits. Each call is one object lookup in
 * libgit2's object cache; a tree listing converts each entry's id to hex
 * once.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

int vcs_commit_tree_id(struct vcs_repo *repo, const char *rev, char out[VCS_HEXSZ + 1])
{
	git_commit *c;
	int ret;

	vcs_lock(repo);
	ret = vcs_lookup_commit(repo->repo, rev, &c);
	if (!ret) {
		git_oid_tostr(out, VCS_HEXSZ + 1, git_commit_tree_id(c));
		git_commit_free(c);
	}
	vcs_unlock(repo);
	return ret;
}

static int parse_id(const char *hex, git_oid *oid)
{
	if (!hex || strlen(hex) != VCS_HEXSZ || git_oid_fromstr(oid, hex) < 0)
		return error("bad object id '%s'", hex ? hex : "(null)");
	return 0;
}

int vcs_tree_foreach(struct vcs_repo *repo, const char *tree_id,
		     int (*fn)(void *data, const struct vcs_tree_entry *e), void *data)
{
	git_oid oid;
	git_tree *tree = NULL;
	int ret = 0;

	if (parse_id(tree_id, &oid) < 0)
		return -1;
	vcs_lock(repo);
	if (git_tree_lookup(&tree, repo->repo, &oid) < 0) {
		vcs_unlock(repo);
		return vcs_git_fail("cannot read tree %s", tree_id);
	}
	for (size_t i = 0, n = git_tree_entrycount(tree); i < n && !ret; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		struct vcs_tree_entry e;

		e.name = git_tree_entry_name(te);
		e.mode = (unsigned)git_tree_entry_filemode(te);
		git_oid_tostr(e.id, sizeof(e.id), git_tree_entry_id(te));
		ret = fn(data, &e);
	}
	git_tree_free(tree);
	vcs_unlock(repo);
	return ret;
}

int vcs_read_blob(struct vcs_repo *repo, const char *blob_id, struct strbuf *out)
{
	git_oid oid;
	git_blob *blob = NULL;

	if (parse_id(blob_id, &oid) < 0)
		return -1;
	vcs_lock(repo);
	if (git_blob_lookup(&blob, repo->repo, &oid) < 0) {
		vcs_unlock(repo);
		return vcs_git_fail("cannot read blob %s", blob_id);
	}
	strbuf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	vcs_unlock(repo);
	return 0;
}

int vcs_path_id(struct vcs_repo *repo, const char *rev, const char *path,
		char out[VCS_HEXSZ + 1], unsigned *mode)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int ret = -1;

	vcs_lock(repo);
	if (vcs_lookup_commit(repo->repo, rev, &c) < 0)
		goto out;
	if (git_commit_tree(&tree, c) < 0) {
		vcs_git_fail("cannot read the tree of %s", rev);
		goto out;
	}
	if (!*path) {
		git_oid_tostr(out, VCS_HEXSZ + 1, git_tree_id(tree));
		*mode = VCS_MODE_TREE;
		ret = 0;
	} else if (git_tree_entry_bypath(&e, tree, path) < 0) {
		ret = 1;
	} else {
		git_oid_tostr(out, VCS_HEXSZ + 1, git_tree_entry_id(e));
		*mode = (unsigned)git_tree_entry_filemode(e);
		ret = 0;
	}
out:
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	vcs_unlock(repo);
	return ret;
}
