// SPDX-License-Identifier: Apache-2.0
/*
 * commit.c - recipients of a commit of a git repository: MAINTAINERS,
 * .mailmap and the changed files as they are at that commit (through vcs.h).
 */
#include <stdlib.h>
#include <string.h>

#include "maintainers.h"
#include "../vcs/vcs.h"
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
 * vcs.h cannot list trees, so a path is taken for a directory when a file
 * changed by the commit lies below it, or else when it is not a file at the
 * commit (a pattern naming nothing at all is then treated as a directory;
 * that can only differ from get_maintainer.pl for stale MAINTAINERS lines).
 */
static int tree_is_dir(void *data, const char *path)
{
	struct tree_source *ts = data;
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(path);
	int r;

	for (size_t i = 0; i < ts->changed->nr; i++) {
		const char *f = ts->changed->v[i];

		if (!strncmp(f, path, len) && f[len] == '/')
			return 1;
	}
	r = vcs_read_file(ts->repo, ts->rev, path, &sb) == 0 ? 0 : 1;
	strbuf_release(&sb);
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
	struct maintainers_source src;
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
