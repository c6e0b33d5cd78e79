// SPDX-License-Identifier: Apache-2.0
/*
 * history_vcs.c - the engine's view of a real repository through src/vcs/
 * (read-only; builds happen in the separate build tree).
 */
#include <stdlib.h>

#include "bisect.h"

static int h_resolve(void *ctx, const char *rev, char out[VCS_HEXSZ + 1])
{
	return vcs_resolve(ctx, rev, out);
}

static int h_load_dag(void *ctx, const char *head, const char *const *bases, size_t bases_nr,
		      struct vcs_dag *out)
{
	return vcs_load_dag(ctx, head, bases, bases_nr, 0, out);
}

static void h_release_dag(void *ctx, struct vcs_dag *dag)
{
	(void)ctx;
	vcs_dag_release(dag);
}

static int h_commit_info(void *ctx, const char *hash, struct vcs_commit *out)
{
	return vcs_commit_info(ctx, hash, out);
}

static void h_release_commit(void *ctx, struct vcs_commit *c)
{
	(void)ctx;
	vcs_commit_release(c);
}

static int h_show_stat(void *ctx, const char *hash, struct strbuf *out)
{
	return vcs_format_show_stat(ctx, hash, out);
}

static int h_release_tags(void *ctx, const char *rev, const char *pattern, struct strvec *tags,
			  struct strvec *commits)
{
	return vcs_release_tags(ctx, rev, pattern, tags, commits);
}

static int h_is_ancestor(void *ctx, const char *a, const char *d)
{
	return vcs_is_ancestor(ctx, a, d);
}

static int h_merge_bases(void *ctx, const char *a, const char *b, char out[VCS_HEXSZ + 1])
{
	return vcs_merge_bases(ctx, a, b, out);
}

static int h_checkout(void *ctx, const char *dir, const char *hash)
{
	return vcs_build_tree_checkout(ctx, dir, hash);
}

static int h_head(void *ctx, char out[VCS_HEXSZ + 1])
{
	return vcs_resolve(ctx, "HEAD", out);
}

static int h_changed_files(void *ctx, const char *hash, unsigned int nth, struct strvec *paths)
{
	return vcs_changed_files_parent(ctx, hash, nth, paths);
}

static int h_revert(void *ctx, const char *dir, const char *onto, const char *commit,
		    char out[VCS_HEXSZ + 1], struct strbuf *why)
{
	return vcs_build_tree_revert(ctx, dir, onto, commit, out, why);
}

int bisect_history_vcs_open(const char *path, struct bisect_history *h)
{
	struct vcs_repo *repo = vcs_open(path);

	if (!repo)
		return -1;
	*h = (struct bisect_history){
		.ctx = repo,
		.resolve = h_resolve,
		.load_dag = h_load_dag,
		.release_dag = h_release_dag,
		.commit_info = h_commit_info,
		.release_commit = h_release_commit,
		.show_stat = h_show_stat,
		.release_tags = h_release_tags,
		.is_ancestor = h_is_ancestor,
		.merge_bases = h_merge_bases,
		.checkout = h_checkout,
		.head = h_head,
		.changed_files = h_changed_files,
		.revert = h_revert,
	};
	return 0;
}

void bisect_history_vcs_close(struct bisect_history *h)
{
	if (h->ctx)
		vcs_close(h->ctx);
	h->ctx = NULL;
}
