// SPDX-License-Identifier: Apache-2.0
/*
 * commit.c - recipients of a commit of a git repository: MAINTAINERS,
 * .mailmap and the changed files as they are at that commit (through vcs.h).
 */
#include <stdlib.h>
#include <string.h>

#include "maintainers.h"
#include "../vcs/vcs.h"
#include "../util/run.h"
#include "../util/util.h"

/* ------------------------------------------------ files of a commit's tree */

struct tree_source {
	struct vcs_repo *repo;
	const char *rev;
	const struct strvec *changed;
};

static int tree_read_file(void *data, const char *path, struct strbuf *out)
{
	struct tree_source *ts = data;

	return vcs_read_file(ts->repo, ts->rev, path, out);
}

/*
 * Is `path` a directory at the commit (Perl's -d on the F:/X: value)? vcs.h
 * cannot tell a tree from a missing path, so in order: a changed file
 * below it says yes; a changed file or a blob at that path says no; a value
 * holding regex syntax names nothing real; else ask git itself (rare: only
 * when being a directory changes whether a changed file matches).
 */
static int tree_is_dir(void *data, const char *path)
{
	struct tree_source *ts = data;
	struct strbuf sb = STRBUF_INIT;
	struct child cp = CHILD_INIT;
	size_t len = strlen(path);
	char *objects, *gitdir, *slash;
	int r;

	for (size_t i = 0; i < ts->changed->nr; i++) {
		const char *f = ts->changed->v[i];

		if (!strncmp(f, path, len) && f[len] == '/')
			return 1;
		if (!strcmp(f, path))
			return 0;
	}
	if (strpbrk(path, "\\*[") || !len)
		return 0;
	r = vcs_read_file(ts->repo, ts->rev, path, &sb);
	strbuf_release(&sb);
	if (!r)
		return 0;
	objects = vcs_objects_dir(ts->repo);
	if (!objects)
		return 0;
	gitdir = xstrdup(objects);
	if ((slash = strrchr(gitdir, '/')) && slash != gitdir)
		*slash = '\0';
	strvec_pushl(&cp.args, "git", NULL);
	strvec_pushf(&cp.args, "--git-dir=%s", gitdir);
	strvec_pushl(&cp.args, "cat-file", "-t", NULL);
	strvec_pushf(&cp.args, "%s:%s", ts->rev, path);
	cp.timeout = 60;
	r = child_run(&cp) == 0 && child_ok(&cp) && starts_with(cp.out.buf, "tree");
	child_release(&cp);
	free(gitdir);
	free(objects);
	return r;
}

int maintainers_commit_recipients(struct vcs_repo *repo, const char *rev,
				  struct recipients *out)
{
	struct vcs_commit c = { 0 };
	struct strvec files = STRVEC_INIT, keys = STRVEC_INIT, values = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct maintainers *m = NULL;
	struct maintainers_commit mc = { 0 };
	struct maintainers_source src = { 0 };
	struct tree_source ts;
	char *author = NULL;
	int ret = -1;

	if (vcs_commit_info(repo, rev, &c) < 0)
		return -1;
	if (vcs_changed_files(repo, c.hash, &files) < 0)
		goto out;
	if (vcs_read_file(repo, c.hash, "MAINTAINERS", &sb) == 0) {
		char *name = xstrfmt("%.12s:MAINTAINERS", c.hash);

		m = maintainers_parse(name, sb.buf, sb.len);
		free(name);
		strbuf_reset(&sb);
		if (vcs_read_file(repo, c.hash, ".mailmap", &sb) == 0)
			maintainers_set_mailmap(m, sb.buf, sb.len);
	}
	if (c.author_email)
		author = xstrfmt("%s <%s>", c.author_name ? c.author_name : "", c.author_email);
	for (size_t i = 0; i < c.trailers_nr; i++) {
		strvec_push(&keys, c.trailers[i].key);
		strvec_push(&values, c.trailers[i].value);
	}
	mc.author = author;
	mc.trailer_keys = keys.v;
	mc.trailer_values = values.v;
	mc.trailers_nr = keys.nr;
	ts.repo = repo;
	ts.rev = c.hash;
	ts.changed = &files;
	src.is_dir = tree_is_dir;
	src.read_file = tree_read_file;
	src.data = &ts;
	if (maintainers_recipients(m, &mc, files.v, files.nr, &src, out) < 0)
		goto out;
	ret = m ? 0 : MAINTAINERS_ABSENT;
out:
	maintainers_free(m);
	free(author);
	strbuf_release(&sb);
	strvec_clear(&files);
	strvec_clear(&keys);
	strvec_clear(&values);
	vcs_commit_release(&c);
	return ret;
}

int maintainers_repo_recipients(const char *path, const char *rev, struct recipients *out)
{
	struct vcs_repo *repo = vcs_open(path);
	int ret;

	if (!repo)
		return -1;
	ret = maintainers_commit_recipients(repo, rev, out);
	vcs_close(repo);
	return ret;
}

int maintainers_bisect_recipients(void *ctx, const char *repo, const char *commit,
				  struct strvec *to, struct strvec *cc)
{
	struct recipients r = RECIPIENTS_INIT;
	int ret;

	(void)ctx;
	ret = maintainers_repo_recipients(repo, commit, &r);
	if (ret >= 0) {
		strvec_pushv(to, r.to.v);
		strvec_pushv(cc, r.cc.v);
	}
	recipients_release(&r);
	return ret < 0 ? -1 : 0;
}
