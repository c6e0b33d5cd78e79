// SPDX-License-Identifier: Apache-2.0
/*
 * bk_depfile.c - input sets of generic builds from Make-style depfiles
 * (see buildkey_learn_depfiles() in buildkey.h).
 *
 * A generic build is any command: nothing says which files it reads, so
 * every tracked file counts as a build file and every directory's listing
 * counts whole, except the one thing depfiles make safe: a C, C++ or
 * assembler source or header that no depfile names is not read by any
 * compiler that wrote a depfile. So the rule needs every compiler run to
 * have written one: an object file (*.o) without a depfile naming it
 * means no set. Files the depfiles name are "compiled" (a change that
 * keeps their directives keeps the set exact).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bk_internal.h"
#include "../util/util.h"

struct dep {
	struct buildkey_set *s;
	struct vcs_repo *repo;
	const char *tree;
	struct bk_map deps;		/* tree-relative files a depfile names */
	struct bk_map targets;		/* basenames of depfile targets */
	struct strvec objects;		/* tree-relative *.o */
	size_t depfiles;
};

static bool source_like(const char *name)
{
	static const char *const exts[] = { ".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hh",
					    ".hpp", ".hxx", ".h++", ".S", ".s", ".inc", ".ipp",
					    ".tcc", ".m", ".mm" };

	for (size_t i = 0; i < ARRAY_SIZE(exts); i++)
		if (ends_with(name, exts[i]))
			return true;
	return false;
}

/* "a/b/../c" relative to the tree, or NULL outside it */
static char *tree_path(const struct dep *d, const char *dir, const char *p)
{
	char *abs = *p == '/' ? xstrdup(p) : xstrfmt("%s/%s/%s", d->tree, dir, p);
	char *real = real_path(abs), *rel = NULL;
	size_t tl = strlen(d->tree);

	if (real && !strncmp(real, d->tree, tl) && real[tl] == '/')
		rel = xstrdup(real + tl + 1);
	free(real);
	free(abs);
	return rel;
}

/* "target: dep dep \\\n dep" (gcc -MD, -MP's phony targets too) */
static void read_depfile(struct dep *d, const char *dir, char *text)
{
	char *p = text;

	for (char *q = text; *q; q++)
		if (q[0] == '\\' && q[1] == '\n')
			q[0] = q[1] = ' ';
	while (p && *p) {
		char *nl = strchr(p, '\n'), *colon, *save = NULL;

		if (nl)
			*nl = '\0';
		colon = strstr(p, ": ");
		if (!colon && ends_with(p, ":"))
			colon = p + strlen(p) - 1;
		if (colon) {
			*colon = '\0';
			for (char *t = strtok_r(p, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
				const char *base = strrchr(t, '/');

				bk_map_put(&d->targets, base ? base + 1 : t, 1);
			}
			save = NULL;
			for (char *w = strtok_r(colon + 1, " \t", &save); w;
			     w = strtok_r(NULL, " \t", &save)) {
				/* relative to the build's directory: the top, or the depfile's */
				char *rel = tree_path(d, "", w);

				if (!rel)
					rel = tree_path(d, dir, w);
				if (rel)
					bk_map_put(&d->deps, rel, 1);
				free(rel);
			}
		}
		p = nl ? nl + 1 : NULL;
	}
}

static int build_file(void *data, const char *path, const char *dir, const char *name)
{
	struct dep *d = data;
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char *rel;

	if (ends_with(name, ".o")) {
		rel = *dir ? xstrfmt("%s/%s", dir, name) : xstrdup(name);
		strvec_push(&d->objects, rel);
		free(rel);
	} else if (ends_with(name, ".d") && !stat(path, &st) && st.st_size < (64 << 20) &&
		   strbuf_read_file(&sb, path) >= 0 && strchr(sb.buf, ':')) {
		read_depfile(d, dir, sb.buf);
		d->depfiles++;
	}
	strbuf_release(&sb);
	return 0;
}

struct tracked {
	struct dep *d;
	const char *dir;
	struct strvec subdirs, subids;	/* walked after the listing (the repository is locked) */
};

static int add_tracked(void *data, const struct vcs_tree_entry *e)
{
	struct tracked *t = data;
	char *p = *t->dir ? xstrfmt("%s/%s", t->dir, e->name) : xstrdup(e->name);

	if (e->mode == VCS_MODE_TREE) {
		strvec_push(&t->subdirs, p);
		strvec_push(&t->subids, e->id);
	} else if (bk_map_get(&t->d->deps, p) != BK_NONE) {
		bk_file_add(t->d->s, p, BK_COMPILED);
	} else if (!source_like(e->name)) {
		bk_file_add(t->d->s, p, BK_BUILD);
	}
	free(p);
	return 0;
}

/* every tracked file but unread sources, every listing whole */
static int walk_tracked(struct dep *d, const char *dir, const char *tree_id)
{
	struct tracked t = { d, dir, STRVEC_INIT, STRVEC_INIT };
	int ret;

	bk_node_list(d->s, dir, BK_LIST_ALL);
	ret = vcs_tree_foreach(d->repo, tree_id, add_tracked, &t);
	for (size_t i = 0; !ret && i < t.subdirs.nr; i++)
		ret = walk_tracked(d, t.subdirs.v[i], t.subids.v[i]);
	strvec_clear(&t.subdirs);
	strvec_clear(&t.subids);
	return ret;
}

int buildkey_learn_depfiles(struct vcs_repo *repo, const struct buildkey_learn_opts *o,
			    struct buildkey_set **out)
{
	double start = now_seconds();
	char hash[VCS_HEXSZ + 1], root[VCS_HEXSZ + 1];
	struct dep d = { .repo = repo, .deps = BK_MAP_INIT, .targets = BK_MAP_INIT,
			 .objects = STRVEC_INIT };
	char *tree;
	int ret = -1;

	*out = NULL;
	if (!o->tree || !o->commit)
		return error("buildkey: tree and commit are required");
	if (vcs_resolve(repo, o->commit, hash) < 0 || vcs_commit_tree_id(repo, hash, root) < 0)
		return -1;
	tree = real_path(o->tree);
	if (!tree)
		return error("buildkey: %s does not exist", o->tree);
	d.tree = tree;
	d.s = bk_set_new(hash, o->context);
	d.s->tree = xstrdup(tree);
	if (bk_walk_dir(tree, "", (const char *const[]){ ".git", NULL }, build_file, &d) < 0)
		goto out;
	ret = 1;
	if (!d.depfiles)
		goto out;
	for (size_t i = 0; i < d.objects.nr; i++) {
		const char *base = strrchr(d.objects.v[i], '/');

		if (bk_map_get(&d.targets, base ? base + 1 : d.objects.v[i]) == BK_NONE)
			goto out;	/* compiled without a depfile: nothing is safe */
	}
	ret = -1;
	if (walk_tracked(&d, "", root) < 0 || bk_set_finish(d.s, repo) < 0)
		goto out;
	d.s->seconds = now_seconds() - start;
	*out = d.s;
	d.s = NULL;
	ret = 0;
out:
	buildkey_set_free(d.s);
	bk_map_release(&d.deps);
	bk_map_release(&d.targets);
	strvec_clear(&d.objects);
	free(tree);
	return ret;
}
