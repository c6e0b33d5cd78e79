// SPDX-License-Identifier: Apache-2.0
/*
 * bk_set.c - making an input set (see buildkey.h, bk_internal.h): the tree
 * of directories and files, what the learnt commit's files say about which
 * names matter (include targets, Makefile tokens), and the values at the
 * learnt commit.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_internal.h"
#include "cppscan.h"
#include "../util/util.h"

struct buildkey_set *bk_set_new(const char *commit, const char *context)
{
	struct buildkey_set *s = xcalloc(1, sizeof(*s));

	snprintf(s->commit, sizeof(s->commit), "%s", commit);
	s->context = xstrdup(context ? context : "");
	strvec_init(&s->search);
	strvec_init(&s->generated);
	strvec_init(&s->compilers);
	bk_node_get(s, "");
	return s;
}

void buildkey_set_free(struct buildkey_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->files_nr; i++)
		free(s->files[i].path);
	for (size_t i = 0; i < s->nodes_nr; i++) {
		free(s->nodes[i].path);
		free(s->nodes[i].kids);
		free(s->nodes[i].files);
	}
	for (size_t i = 0; i < s->names_nr; i++)
		free(s->names[i]);
	for (size_t i = 0; i < s->targets_nr; i++) {
		free(s->targets[i].name);
		strvec_clear(&s->targets[i].argv);
		free(s->targets[i].deps);
	}
	free(s->files);
	free(s->nodes);
	free(s->names);
	free(s->targets);
	bk_map_release(&s->file_index);
	bk_map_release(&s->node_index);
	strvec_clear(&s->search);
	strvec_clear(&s->generated);
	strvec_clear(&s->compilers);
	free(s->rdeps_start);
	free(s->rdeps);
	free(s->context);
	free(s->tree);
	free(s->kbuild);
	free(s->dir);
	free(s);
}

size_t bk_node_get(struct buildkey_set *s, const char *path)
{
	size_t n = bk_map_get(&s->node_index, path), parent = BK_NONE;
	const char *slash;
	struct bk_node *node;

	if (n != BK_NONE)
		return n;
	if (*path) {
		slash = strrchr(path, '/');
		if (slash) {
			char *up = xstrndup(path, slash - path);

			parent = bk_node_get(s, up);
			free(up);
		} else {
			parent = bk_node_get(s, "");
		}
	}
	ALLOC_GROW(s->nodes, s->nodes_nr + 1, s->nodes_alloc);
	n = s->nodes_nr++;
	node = &s->nodes[n];
	memset(node, 0, sizeof(*node));
	node->path = xstrdup(path);
	slash = strrchr(node->path, '/');
	node->name = slash ? slash + 1 : node->path;
	node->parent = parent;
	bk_map_put(&s->node_index, path, n);
	if (parent != BK_NONE) {
		struct bk_node *p = &s->nodes[parent];

		ALLOC_GROW(p->kids, p->kids_nr + 1, p->kids_alloc);
		p->kids[p->kids_nr++] = n;
	}
	return n;
}

size_t bk_file_add(struct buildkey_set *s, const char *path, unsigned cls)
{
	size_t f = bk_map_get(&s->file_index, path);
	const char *slash = strrchr(path, '/');
	struct bk_node *node;

	if (f != BK_NONE) {
		s->files[f].cls |= cls;
		return f;
	}
	ALLOC_GROW(s->files, s->files_nr + 1, s->files_alloc);
	f = s->files_nr++;
	memset(&s->files[f], 0, sizeof(s->files[f]));
	s->files[f].path = xstrdup(path);
	s->files[f].name = slash ? s->files[f].path + (slash - path) + 1 : s->files[f].path;
	s->files[f].cls = cls;
	if (slash) {
		char *dir = xstrndup(path, slash - path);

		s->files[f].node = bk_node_get(s, dir);
		free(dir);
	} else {
		s->files[f].node = 0;
	}
	bk_map_put(&s->file_index, path, f);
	node = &s->nodes[s->files[f].node];
	ALLOC_GROW(node->files, node->files_nr + 1, node->files_alloc);
	node->files[node->files_nr++] = f;
	return f;
}

void bk_node_whole(struct buildkey_set *s, const char *path)
{
	size_t n = bk_node_get(s, path);

	s->nodes[n].whole = true;
}

void bk_node_list(struct buildkey_set *s, const char *path, enum bk_list list)
{
	size_t n = bk_node_get(s, path);

	if (s->nodes[n].list < list)
		s->nodes[n].list = list;
}

/* ---- names: what a directory listing keeps ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void bk_name_add(struct buildkey_set *s, const char *name)
{
	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return;
	ALLOC_GROW(s->names, s->names_nr + 1, s->names_alloc);
	s->names[s->names_nr++] = xstrdup(name);
}

/* every component of a path ("a/b/c.h" -> a, b, c.h) */
static void bk_names_add_path(struct buildkey_set *s, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;

	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save))
		bk_name_add(s, c);
	free(copy);
}

static void names_sort(struct buildkey_set *s)
{
	size_t out = 0;

	if (!s->names_nr)
		return;
	qsort(s->names, s->names_nr, sizeof(*s->names), cmp_str);
	for (size_t i = 0; i < s->names_nr; i++) {
		if (out && !strcmp(s->names[out - 1], s->names[i]))
			free(s->names[i]);
		else
			s->names[out++] = s->names[i];
	}
	s->names_nr = out;
}

bool bk_name_kept(const struct buildkey_set *s, const char *name)
{
	if (starts_with(name, "Makefile") || starts_with(name, "Kbuild") ||
	    starts_with(name, "Kconfig"))
		return true;
	return bsearch(&name, s->names, s->names_nr, sizeof(*s->names), cmp_str) != NULL;
}

/* ---- shape ---- */

static struct buildkey_set *sort_set;

static int cmp_kid(const void *a, const void *b)
{
	return strcmp(sort_set->nodes[*(const size_t *)a].name,
		      sort_set->nodes[*(const size_t *)b].name);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(sort_set->files[*(const size_t *)a].name,
		      sort_set->files[*(const size_t *)b].name);
}

/* sort kids and files by name, mark what lies inside whole subtrees */
static void shape(struct buildkey_set *s)
{
	sort_set = s;
	for (size_t i = 0; i < s->nodes_nr; i++) {
		struct bk_node *n = &s->nodes[i];

		if (n->kids_nr)
			qsort(n->kids, n->kids_nr, sizeof(*n->kids), cmp_kid);
		if (n->files_nr)
			qsort(n->files, n->files_nr, sizeof(*n->files), cmp_file);
		n->under_whole = false;
	}
	sort_set = NULL;
	/* parents come before kids in index order */
	for (size_t i = 1; i < s->nodes_nr; i++) {
		struct bk_node *p = &s->nodes[s->nodes[i].parent];

		s->nodes[i].under_whole = p->whole || p->under_whole;
	}
}

/* ---- what the files at the learnt commit say ---- */

static void add_tokens(struct buildkey_set *s, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *q = p;

		while (q < end && (isalnum((unsigned char)*q) || strchr("_.+-", *q)))
			q++;
		if (q > p && q - p < 256) {
			char *t = xstrndup(p, q - p);

			bk_name_add(s, t);
			free(t);
		}
		p = q + 1;
	}
}

struct scan {
	struct buildkey_set *s;
	size_t file;			/* the file whose directives these are */
	struct bk_map prefixes;		/* directory parts of include targets */
	struct bk_map probes;		/* __has_include names: 1 a path, 2 on the search path */
	struct strbuf defines;		/* "NAME body\n" of every #define */
	struct strbuf tests;		/* every #if/#elif/#ifdef/#include line */
};

static void add_dir_prefixes(struct bk_map *m, const char *name)
{
	char *d = xstrdup(name), *slash;

	while ((slash = strrchr(d, '/'))) {
		*slash = '\0';
		bk_map_put(m, d, 1);
	}
	free(d);
}

static void include_name(void *data, const char *name, bool quoted, bool probe)
{
	struct scan *sc = data;
	const char *dir = sc->s->files[sc->file].path;
	const char *slash = strrchr(dir, '/');

	bk_names_add_path(sc->s, name);
	add_dir_prefixes(&sc->prefixes, name);
	if (probe && !strstr(name, "..")) {
		/* next to the file, and on the search path (resolved later) */
		char *p = xstrfmt("%.*s%s%s", slash ? (int)(slash - dir) : 0, dir,
				  slash ? "/" : "", name);

		bk_map_put(&sc->probes, p, 1);
		bk_map_put(&sc->probes, name, 2);
		free(p);
	}
	if (quoted && strchr(name, '/')) {
		/* "sub/x.h" next to the file: list includer-dir/sub */
		char *p = xstrfmt("%.*s%s%s", slash ? (int)(slash - dir) : 0, dir,
				  slash ? "/" : "", name);
		char *last = strrchr(p, '/');

		*last = '\0';
		/* no ".." above the top: a lexical path inside the tree */
		if (!strstr(p, "..") && *p)
			bk_node_list(sc->s, p, BK_LIST_FILTER);
		free(p);
	}
}

static void keep_version_lines(struct scan *sc, const char *d)
{
	while (*d) {
		const char *nl = strchr(d, '\n');
		size_t len = nl ? (size_t)(nl - d) : strlen(d);

		if (!strncmp(d, "#define ", 8)) {
			strbuf_add(&sc->defines, d + 8, len - 8);
			strbuf_addch(&sc->defines, '\n');
		} else if (!strncmp(d, "#if", 3) || !strncmp(d, "#el", 3) ||
			   !strncmp(d, "#include", 8) || !strncmp(d, "#line", 5)) {
			strbuf_add(&sc->tests, d, len);
			strbuf_addch(&sc->tests, '\n');
		}
		d = nl ? nl + 1 : d + len;
	}
}

struct below {
	struct strvec dirs, ids;
	const char *dir;
};

static int collect_dir(void *data, const struct vcs_tree_entry *e)
{
	struct below *b = data;

	if (e->mode == VCS_MODE_TREE) {
		strvec_pushf(&b->dirs, "%s/%s", b->dir, e->name);
		strvec_push(&b->ids, e->id);
	}
	return 0;
}

/* every directory below `dir` (tree `id`) gets its whole listing */
static int list_all_in(struct buildkey_set *s, struct vcs_repo *repo, const char *dir,
		       const char *id)
{
	struct below b = { STRVEC_INIT, STRVEC_INIT, dir };
	int ret = vcs_tree_foreach(repo, id, collect_dir, &b);

	for (size_t i = 0; !ret && i < b.dirs.nr; i++) {
		bk_node_list(s, b.dirs.v[i], BK_LIST_ALL);
		ret = list_all_in(s, repo, b.dirs.v[i], b.ids.v[i]);
	}
	strvec_clear(&b.dirs);
	strvec_clear(&b.ids);
	return ret < 0 ? -1 : 0;
}

static int list_all_below(struct buildkey_set *s, struct vcs_repo *repo, const char *dir)
{
	char id[VCS_HEXSZ + 1];
	unsigned mode = 0;

	if (vcs_path_id(repo, s->commit, dir, id, &mode) != 0 || mode != VCS_MODE_TREE)
		return 0;
	return list_all_in(s, repo, dir, id);
}

static int scan_file(struct scan *sc, struct vcs_repo *repo, size_t f)
{
	struct buildkey_set *s = sc->s;
	struct bk_file *file = &s->files[f];
	struct strbuf blob = STRBUF_INIT, d = STRBUF_INIT;

	if (!file->id[0] || file->mode == VCS_MODE_TREE || file->mode == VCS_MODE_COMMIT)
		return 0;
	if (vcs_read_blob(repo, file->id, &blob) < 0)
		return -1;
	if (file->cls & BK_BUILD) {
		add_tokens(s, blob.buf, blob.len);
		/* a Makefile that globs: its directory and those below count whole (not the top's) */
		if ((starts_with(file->name, "Makefile") || starts_with(file->name, "Kbuild")) &&
		    strstr(blob.buf, "$(wildcard") && file->node != 0 &&
		    s->nodes[file->node].list != BK_LIST_ALL) {
			s->nodes[file->node].list = BK_LIST_ALL;
			if (list_all_below(s, repo, s->nodes[file->node].path) < 0) {
				strbuf_release(&blob);
				return -1;
			}
		}
	}
	if (file->cls & BK_COMPILED) {
		cpp_directives(blob.buf, blob.len, &d);
		sc->file = f;
		cpp_include_names(d.buf, include_name, sc);
		keep_version_lines(sc, d.buf);
	}
	strbuf_release(&blob);
	strbuf_release(&d);
	return 0;
}

/* ---- version lines of the top Makefile ---- */

static bool is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* does text mention an identifier of m? */
static bool mentions(const char *p, const char *end, const struct bk_map *m)
{
	while (p < end) {
		const char *q;

		while (p < end && !is_ident((unsigned char)*p))
			p++;
		for (q = p; q < end && is_ident((unsigned char)*q); q++)
			;
		if (q > p && !isdigit((unsigned char)*p)) {
			char *id = xstrndup(p, q - p);
			bool hit = bk_map_get(m, id) != BK_NONE;

			free(id);
			if (hit)
				return true;
		}
		p = q;
	}
	return false;
}

static void define_names(const char *text, struct bk_map *m)
{
	for (const char *p = text; (p = strstr(p, "#define ")); p += 8) {
		const char *q = p + 8, *e = q;

		while (is_ident((unsigned char)*e))
			e++;
		if (e > q) {
			char *id = xstrndup(q, e - q);

			bk_map_put(m, id, 1);
			free(id);
		}
	}
}

/*
 * Does any directive that selects files (#if, #elif, #include ...) of the
 * compiled files test the kernel version, directly or through #defines?
 * Then a change of the top Makefile's version lines can change what is
 * read, and makes the set stale.
 */
static bool version_sensitive(struct scan *sc, const struct buildkey_set *s)
{
	static const char *const seeds[] = {
		"LINUX_VERSION_CODE", "LINUX_VERSION_MAJOR", "LINUX_VERSION_PATCHLEVEL",
		"LINUX_VERSION_SUBLEVEL", "UTS_RELEASE",
	};
	static const char *const headers[] = {
		"include/generated/uapi/linux/version.h", "include/generated/utsrelease.h",
	};
	struct bk_map taint = BK_MAP_INIT;
	bool changed = true, hit;

	for (size_t i = 0; i < ARRAY_SIZE(seeds); i++)
		bk_map_put(&taint, seeds[i], 1);
	for (size_t i = 0; s->kbuild && i < ARRAY_SIZE(headers); i++) {
		char *p = xstrfmt("%s/%s", s->kbuild, headers[i]);
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_read_file(&sb, p) >= 0)
			define_names(sb.buf, &taint);
		strbuf_release(&sb);
		free(p);
	}
	/* KERNEL_VERSION(a,b,c) computes from its arguments only */
	while (changed) {
		const char *d = sc->defines.buf;

		changed = false;
		while (*d) {
			const char *nl = strchr(d, '\n'), *e = d;

			while (is_ident((unsigned char)*e))
				e++;
			if (e > d) {
				char *id = xstrndup(d, e - d);

				if (bk_map_get(&taint, id) == BK_NONE && mentions(e, nl, &taint)) {
					bk_map_put(&taint, id, 1);
					changed = true;
				}
				free(id);
			}
			d = nl + 1;
		}
	}
	hit = mentions(sc->tests.buf, sc->tests.buf + sc->tests.len, &taint);
	bk_map_release(&taint);
	return hit;
}

/* ---- finishing ---- */

/* directories cpp searches: each -I directory and its subdirectories on the way to a header */
static void search_nodes(struct buildkey_set *s, struct scan *sc)
{
	for (size_t f = 0; f < s->files_nr; f++) {
		if (!(s->files[f].cls & BK_COMPILED))
			continue;
		for (size_t d = 0; d < s->search.nr; d++) {
			const char *rest;

			if (skip_prefix(s->files[f].path, s->search.v[d], &rest) && *rest == '/')
				add_dir_prefixes(&sc->prefixes, rest + 1);
		}
	}
	for (size_t d = 0; d < s->search.nr; d++) {
		bk_node_list(s, s->search.v[d], BK_LIST_FILTER);
		for (size_t i = 0; i < sc->prefixes.cap; i++) {
			char *p;

			if (!sc->prefixes.keys[i] || strstr(sc->prefixes.keys[i], ".."))
				continue;
			p = *s->search.v[d] ? xstrfmt("%s/%s", s->search.v[d], sc->prefixes.keys[i])
					    : xstrdup(sc->prefixes.keys[i]);
			bk_node_list(s, p, BK_LIST_FILTER);
			free(p);
		}
	}
}

/*
 * Files that __has_include finds exist and the scratch tree of level 2
 * must have them too: they join the compiled files (their absence is in
 * the listings already).
 */
static int probe_files(struct buildkey_set *s, struct scan *sc, struct vcs_repo *repo)
{
	for (size_t i = 0; i < sc->probes.cap; i++) {
		const char *name = sc->probes.keys[i];

		if (!name)
			continue;
		for (size_t d = 0; d <= s->search.nr; d++) {
			char id[VCS_HEXSZ + 1], *p;
			unsigned mode = 0;
			int r;

			if (sc->probes.vals[i] == 1 && d)
				break;
			if (sc->probes.vals[i] == 2 && !d)
				continue;
			p = d ? xstrfmt("%s/%s", s->search.v[d - 1], name) : xstrdup(name);
			r = vcs_path_id(repo, s->commit, p, id, &mode);
			if (r < 0) {
				free(p);
				return -1;
			}
			if (!r && mode != VCS_MODE_TREE)
				bk_file_add(s, p, BK_COMPILED);
			free(p);
		}
	}
	return 0;
}

static void reverse_deps(struct buildkey_set *s)
{
	size_t *count = xcalloc(s->files_nr + 1, sizeof(*count)), total = 0;

	for (size_t t = 0; t < s->targets_nr; t++)
		for (size_t i = 0; i < s->targets[t].deps_nr; i++)
			count[s->targets[t].deps[i]]++;
	free(s->rdeps_start);
	free(s->rdeps);
	s->rdeps_start = xcalloc(s->files_nr + 1, sizeof(*s->rdeps_start));
	for (size_t f = 0; f < s->files_nr; f++) {
		s->rdeps_start[f] = total;
		total += count[f];
		count[f] = s->rdeps_start[f];
	}
	s->rdeps_start[s->files_nr] = total;
	s->rdeps = xcalloc(total + 1, sizeof(*s->rdeps));
	for (size_t t = 0; t < s->targets_nr; t++)
		for (size_t i = 0; i < s->targets[t].deps_nr; i++)
			s->rdeps[count[s->targets[t].deps[i]]++] = t;
	free(count);
}

static void shape_digest(const struct buildkey_set *s, size_t n, struct sha256 *h)
{
	const struct bk_node *node = &s->nodes[n];
	char hdr[64];

	snprintf(hdr, sizeof(hdr), "%d%d%d", (int)node->list, node->whole, node->under_whole);
	sha256_update(h, node->path, strlen(node->path) + 1);
	sha256_update(h, hdr, strlen(hdr) + 1);
	for (size_t i = 0; i < node->files_nr; i++) {
		const struct bk_file *f = &s->files[node->files[i]];

		snprintf(hdr, sizeof(hdr), "%u", f->cls);
		sha256_update(h, f->name, strlen(f->name) + 1);
		sha256_update(h, hdr, strlen(hdr) + 1);
	}
	for (size_t i = 0; i < node->kids_nr; i++)
		shape_digest(s, node->kids[i], h);
}

static void set_digests(struct buildkey_set *s)
{
	struct sha256 h;
	char root[SHA256_HEXSZ + 1];

	sha256_init(&h);
	sha256_update(&h, "culprit-buildkey-shape-1", 25);
	shape_digest(s, 0, &h);
	for (size_t i = 0; i < s->names_nr; i++)
		sha256_update(&h, s->names[i], strlen(s->names[i]) + 1);
	sha256_update(&h, s->version_sensitive ? "v" : "-", 1);
	sha256_final_hex(&h, s->structure);
	hex_encode(s->nodes[0].digest, SHA256_RAWSZ, root);
	sha256_init(&h);
	sha256_update(&h, s->structure, SHA256_HEXSZ);
	sha256_update(&h, root, SHA256_HEXSZ);
	sha256_update(&h, s->context, strlen(s->context) + 1);
	sha256_final_hex(&h, s->id);
}

/* blob ids of files inside whole subtrees (level 2 may need them) */
static int whole_ids(struct buildkey_set *s, struct vcs_repo *repo)
{
	for (size_t f = 0; f < s->files_nr; f++) {
		struct bk_file *file = &s->files[f];
		int r;

		if (!s->nodes[file->node].whole && !s->nodes[file->node].under_whole)
			continue;
		r = vcs_path_id(repo, s->commit, file->path, file->id, &file->mode);
		if (r < 0)
			return -1;
		if (r > 0) {
			file->id[0] = '\0';
			file->mode = 0;
		}
	}
	return 0;
}

int bk_set_finish(struct buildkey_set *s, struct vcs_repo *repo)
{
	struct scan sc = { .s = s, .prefixes = BK_MAP_INIT, .probes = BK_MAP_INIT,
			   .defines = STRBUF_INIT, .tests = STRBUF_INIT };
	int ret = -1;

	shape(s);
	if (bk_walk_learn(s, repo, false) < 0 || whole_ids(s, repo) < 0)
		goto out;
	for (size_t f = 0; f < s->files_nr; f++) {
		bk_names_add_path(s, s->files[f].path);
		if (scan_file(&sc, repo, f) < 0)
			goto out;
		if (s->nodes[s->files[f].node].list == BK_LIST_NONE)
			s->nodes[s->files[f].node].list = BK_LIST_FILTER;
	}
	search_nodes(s, &sc);
	if (probe_files(s, &sc, repo) < 0)
		goto out;
	for (size_t n = 0; n < s->nodes_nr; n++)
		bk_names_add_path(s, s->nodes[n].path);
	s->version_sensitive = version_sensitive(&sc, s);
	names_sort(s);
	shape(s);
	if (bk_walk_learn(s, repo, true) < 0 || whole_ids(s, repo) < 0)
		goto out;
	set_digests(s);
	reverse_deps(s);
	ret = 0;
out:
	bk_map_release(&sc.prefixes);
	bk_map_release(&sc.probes);
	strbuf_release(&sc.defines);
	strbuf_release(&sc.tests);
	return ret;
}

void bk_set_reload(struct buildkey_set *s)
{
	names_sort(s);
	shape(s);
	set_digests(s);
	reverse_deps(s);
}

void buildkey_set_stats(const struct buildkey_set *s, struct buildkey_set_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->commit = s->commit;
	out->files = s->files_nr;
	for (size_t f = 0; f < s->files_nr; f++)
		out->compiled += !!(s->files[f].cls & BK_COMPILED);
	out->dirs = s->nodes_nr;
	out->targets = s->targets_nr;
	for (size_t t = 0; t < s->targets_nr; t++)
		out->preprocessable += s->targets[t].argv.nr > 0;
	out->names = s->names_nr;
	out->version_sensitive = s->version_sensitive;
	out->seconds = s->seconds;
}
