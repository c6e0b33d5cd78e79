// SPDX-License-Identifier: Apache-2.0
/*
 * commit.c - what a commit says (vcs_commit_info: identities, subject,
 * body, trailers) and which paths it changed (the first-parent diff, with
 * git's rename rules for `git show --stat`, without renames for
 * vcs_changed_files()).
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

static void split_message(const char *msg, char **subject, char **body)
{
	const char *nl, *rest;
	size_t len;

	while (*msg == '\n')
		msg++;
	nl = strchr(msg, '\n');
	if (!nl) {
		*subject = xstrdup(msg);
		*body = xstrdup("");
		return;
	}
	len = nl - msg;
	if (len && msg[len - 1] == '\r')
		len--;
	*subject = xstrndup(msg, len);
	rest = nl + 1;
	/* the body starts after the blank line(s) that end the subject ("\r\n" too) */
	for (;;) {
		const char *p = rest;

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p != '\n')
			break;
		rest = p + 1;
	}
	*body = xstrdup(rest);
}

/* CRLF messages: no CR in trailer values (they become e-mail recipients) */
static char *strip_cr(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++)
		if (*r != '\r')
			*w++ = *r;
	*w = '\0';
	return s;
}

static int fill_commit(git_commit *c, struct vcs_commit *out)
{
	const git_signature *a = git_commit_author(c), *m = git_commit_committer(c);
	const char *msg = git_commit_message(c);
	git_message_trailer_array tr = { 0 };

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->hash, sizeof(out->hash), git_commit_id(c));
	out->parents_nr = git_commit_parentcount(c);
	out->parents = xcalloc(out->parents_nr + 1, sizeof(*out->parents));
	for (size_t i = 0; i < out->parents_nr; i++) {
		out->parents[i] = xmalloc(VCS_HEXSZ + 1);
		git_oid_tostr(out->parents[i], VCS_HEXSZ + 1, git_commit_parent_id(c, i));
	}
	out->author_name = xstrdup(a->name ? a->name : "");
	out->author_email = xstrdup(a->email ? a->email : "");
	out->author_time = a->when.time;
	out->author_tz = a->when.offset;
	out->committer_name = xstrdup(m->name ? m->name : "");
	out->committer_email = xstrdup(m->email ? m->email : "");
	out->commit_time = m->when.time;
	out->message = xstrdup(msg ? msg : "");
	split_message(out->message, &out->subject, &out->body);
	if (git_message_trailers(&tr, out->message) == 0) {
		out->trailers = xcalloc(tr.count + 1, sizeof(*out->trailers));
		for (size_t i = 0; i < tr.count; i++) {
			out->trailers[i].key = xstrdup(tr.trailers[i].key);
			out->trailers[i].value = strip_cr(xstrdup(tr.trailers[i].value));
		}
		out->trailers_nr = tr.count;
		git_message_trailer_array_free(&tr);
	}
	return 0;
}

int vcs_commit_info(struct vcs_repo *repo, const char *rev, struct vcs_commit *out)
{
	git_commit *c;
	int ret;

	memset(out, 0, sizeof(*out));
	vcs_lock(repo);
	ret = vcs_lookup_commit(repo->repo, rev, &c);
	if (!ret) {
		ret = fill_commit(c, out);
		git_commit_free(c);
	}
	vcs_unlock(repo);
	return ret;
}

void vcs_commit_release(struct vcs_commit *c)
{
	for (size_t i = 0; i < c->parents_nr; i++)
		free(c->parents[i]);
	free(c->parents);
	free(c->author_name);
	free(c->author_email);
	free(c->committer_name);
	free(c->committer_email);
	free(c->subject);
	free(c->body);
	free(c->message);
	for (size_t i = 0; i < c->trailers_nr; i++) {
		free(c->trailers[i].key);
		free(c->trailers[i].value);
	}
	free(c->trailers);
	memset(c, 0, sizeof(*c));
}

/* git's diff.renameLimit default: inexact renames only up to 1000x1000 pairs */
#define RENAME_LIMIT 1000

static void count_unpaired(git_diff *diff, size_t *adds, size_t *dels)
{
	*adds = *dels = 0;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		git_delta_t st = git_diff_get_delta(diff, i)->status;

		*adds += st == GIT_DELTA_ADDED;
		*dels += st == GIT_DELTA_DELETED;
	}
}

/*
 * Rename detection as git diff does it by default: exact renames always;
 * inexact ones only when the files left unpaired after exact matching make
 * at most RENAME_LIMIT^2 candidate pairs (git's too_many_rename_candidates()).
 * libgit2's own per-file limit is lifted so only git's rule applies.
 */
static int find_renames(git_repository *repo, git_tree *ptree, git_tree *tree, git_diff **diff)
{
	git_diff_find_options fopts = GIT_DIFF_FIND_OPTIONS_INIT;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	size_t adds, dels;

	count_unpaired(*diff, &adds, &dels);
	fopts.rename_limit = (size_t)RENAME_LIMIT * RENAME_LIMIT;
	if ((unsigned long long)adds * dels <= (unsigned long long)RENAME_LIMIT * RENAME_LIMIT) {
		fopts.flags = GIT_DIFF_FIND_RENAMES;
		return git_diff_find_similar(*diff, &fopts);
	}
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_EXACT_MATCH_ONLY;
	if (git_diff_find_similar(*diff, &fopts) < 0)
		return -1;
	count_unpaired(*diff, &adds, &dels);
	if ((unsigned long long)adds * dels > (unsigned long long)RENAME_LIMIT * RENAME_LIMIT)
		return 0;
	/* few enough left after exact matching: start over with inexact renames */
	git_diff_free(*diff);
	*diff = NULL;
	if (git_diff_tree_to_tree(diff, repo, ptree, tree, &opts) < 0)
		return -1;
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	return git_diff_find_similar(*diff, &fopts);
}

static int parent_diff(git_repository *repo, git_commit *c, unsigned int nth, bool renames,
		       git_diff **out);

/* diff of a commit against its first parent (empty tree for a root commit) */
int vcs_first_parent_diff(git_repository *repo, git_commit *c, bool renames, git_diff **out)
{
	return parent_diff(repo, c, 0, renames, out);
}

/* ... against its nth parent (the empty tree when it has none) */
static int parent_diff(git_repository *repo, git_commit *c, unsigned int nth, bool renames,
		       git_diff **out)
{
	git_tree *tree = NULL, *ptree = NULL;
	git_commit *parent = NULL;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	int ret = -1;

	if (git_commit_tree(&tree, c) < 0) {
		vcs_git_fail("cannot read tree of commit");
		goto out;
	}
	if (git_commit_parentcount(c) > nth) {
		if (git_commit_parent(&parent, c, nth) < 0 || git_commit_tree(&ptree, parent) < 0) {
			vcs_git_fail("cannot read parent of commit");
			goto out;
		}
	}
	if (git_diff_tree_to_tree(out, repo, ptree, tree, &opts) < 0) {
		vcs_git_fail("cannot diff commit");
		goto out;
	}
	if (renames && find_renames(repo, ptree, tree, out) < 0) {
		git_diff_free(*out);
		*out = NULL;
		vcs_git_fail("rename detection failed");
		goto out;
	}
	ret = 0;
out:
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int vcs_changed_files(struct vcs_repo *repo, const char *rev, struct strvec *paths)
{
	return vcs_changed_files_parent(repo, rev, 0, paths);
}

int vcs_changed_files_parent(struct vcs_repo *repo, const char *rev, unsigned int nth,
			     struct strvec *paths)
{
	git_commit *c = NULL;
	git_diff *diff = NULL;
	char **names;
	size_t n, nr = 0;
	int ret = -1;

	vcs_lock(repo);
	if (vcs_lookup_commit(repo->repo, rev, &c) < 0)
		goto out;
	/* no rename detection: a move changes both paths, both matter */
	if (parent_diff(repo->repo, c, nth, false, &diff) < 0)
		goto out;
	n = git_diff_num_deltas(diff);
	names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;

		names[nr++] = (char *)p;
	}
	qsort(names, nr, sizeof(*names), cmp_str);
	for (size_t i = 0; i < nr; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			strvec_push(paths, names[i]);
	free(names);
	ret = 0;
out:
	git_diff_free(diff);
	git_commit_free(c);
	vcs_unlock(repo);
	return ret;
}
