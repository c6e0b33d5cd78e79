// SPDX-License-Identifier: Apache-2.0
/*
 * buildkey.c - build keys (see buildkey.h): the walk of a set's
 * directories at a commit, whether the set vouches for the commit, keys
 * and classes.
 *
 * HOW IT WORKS
 * A node's digest covers its files (name, blob id, mode), its listing
 * (names kept by the set's filter, with their types) and its kids'
 * digests, so the root's digest covers the whole set at a commit. A walk
 * starts at the commit's root tree and descends only into directories
 * whose tree id differs from the learnt commit's: the digest of an
 * unchanged subtree is the learnt one. Results per (node, tree id) are
 * memoised with the differences found below, so the commits of a range,
 * which share most trees, cost a few tree reads each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_internal.h"
#include "cppscan.h"
#include "../util/util.h"

struct memo {
	unsigned char digest[SHA256_RAWSZ];
	size_t diffs_start, diffs_nr;	/* into the set's memo pool */
};

struct bk_setstate {
	struct buildkey_set *set;
	struct bk_map memo_index;	/* "node:treeid" -> memo */
	struct memo *memo;
	size_t memo_nr, memo_alloc;
	struct bk_diff *pool;		/* the memoised differences */
	size_t pool_nr, pool_alloc;
	struct bk_map directives;	/* "idL:idC" -> 1 same, 2 different */
	struct bk_pp *pp;
};

struct buildkeys {
	struct vcs_repo *repo;
	struct bk_setstate *sets;
	size_t sets_nr, sets_alloc;
};

struct bk_walk {
	struct buildkey_set *s;
	struct vcs_repo *repo;
	struct bk_setstate *st;		/* NULL when learning */
	bool listings;			/* learning: compute listings too */
	struct bk_diff *diffs;
	size_t diffs_nr, diffs_alloc;
};

static void add_diff(struct bk_walk *w, enum bk_diff_kind kind, size_t index, const char *id,
		     unsigned mode)
{
	struct bk_diff *d;

	ALLOC_GROW(w->diffs, w->diffs_nr + 1, w->diffs_alloc);
	d = &w->diffs[w->diffs_nr++];
	d->kind = kind;
	d->index = index;
	snprintf(d->id, sizeof(d->id), "%s", id ? id : "");
	d->mode = mode;
}

/* ---- a tree's entries, by name ---- */

struct entry {
	char *name;
	char id[VCS_HEXSZ + 1];
	unsigned mode;
};

struct entries {
	struct entry *v;
	size_t nr, alloc;
};

static int collect_entry(void *data, const struct vcs_tree_entry *e)
{
	struct entries *es = data;

	ALLOC_GROW(es->v, es->nr + 1, es->alloc);
	es->v[es->nr].name = xstrdup(e->name);
	memcpy(es->v[es->nr].id, e->id, sizeof(e->id));
	es->v[es->nr].mode = e->mode;
	es->nr++;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static const struct entry *find_entry(const struct entries *es, const char *name)
{
	struct entry key = { .name = (char *)name };

	return bsearch(&key, es->v, es->nr, sizeof(*es->v), cmp_entry);
}

static void entries_release(struct entries *es)
{
	for (size_t i = 0; i < es->nr; i++)
		free(es->v[i].name);
	free(es->v);
}

/* ---- the walk ---- */

static void listing_digest(const struct buildkey_set *s, const struct bk_node *n,
			   const struct entries *es, unsigned char out[SHA256_RAWSZ])
{
	struct sha256 h;

	sha256_init(&h);
	/* es is in strcmp order: the same order whatever libgit2 lists */
	for (size_t i = 0; i < es->nr; i++) {
		char type = es->v[i].mode == VCS_MODE_TREE ? 'd' :
			    es->v[i].mode == VCS_MODE_LINK ? 'l' :
			    es->v[i].mode == VCS_MODE_COMMIT ? 'm' : 'f';

		if (n->list == BK_LIST_FILTER && !bk_name_kept(s, es->v[i].name))
			continue;
		sha256_update(&h, es->v[i].name, strlen(es->v[i].name) + 1);
		sha256_update(&h, &type, 1);
	}
	sha256_final(&h, out);
}

/* the files of node n at a tree whose entries are es */
static void walk_files(struct bk_walk *w, struct bk_node *n, const struct entries *es,
		       struct sha256 *h)
{
	bool learn = !w->st;

	for (size_t i = 0; i < n->files_nr; i++) {
		struct bk_file *f = &w->s->files[n->files[i]];
		const struct entry *e = es ? find_entry(es, f->name) : NULL;
		const char *id = e && e->mode != VCS_MODE_TREE ? e->id : "";
		unsigned mode = e && e->mode != VCS_MODE_TREE ? e->mode : 0;
		char m[16];

		snprintf(m, sizeof(m), "%o", mode);
		sha256_update(h, "F", 1);
		sha256_update(h, f->name, strlen(f->name) + 1);
		sha256_update(h, *id ? id : "-", *id ? VCS_HEXSZ : 1);
		sha256_update(h, m, strlen(m) + 1);
		if (learn) {
			memcpy(f->id, id, strlen(id) + 1);
			f->mode = mode;
		} else if (strcmp(f->id, id) || f->mode != mode) {
			add_diff(w, BK_DIFF_FILE, n->files[i], id, mode);
		}
	}
}

static int walk_present(struct bk_walk *w, size_t ni, const char *tree_id, struct sha256 *h)
{
	struct bk_node *n = &w->s->nodes[ni];
	struct entries es = { 0 };
	bool learn = !w->st;
	int ret = 0;

	if (vcs_tree_foreach(w->repo, tree_id, collect_entry, &es) < 0)
		return -1;
	qsort(es.v, es.nr, sizeof(*es.v), cmp_entry);
	walk_files(w, n, &es, h);
	if (n->list != BK_LIST_NONE && (!learn || w->listings)) {
		unsigned char ld[SHA256_RAWSZ];

		listing_digest(w->s, n, &es, ld);
		sha256_update(h, "L", 1);
		sha256_update(h, ld, sizeof(ld));
		if (learn)
			memcpy(n->list_digest, ld, sizeof(ld));
		else if (memcmp(n->list_digest, ld, sizeof(ld)))
			add_diff(w, BK_DIFF_LIST, ni, NULL, 0);
	}
	for (size_t i = 0; i < n->kids_nr && !ret; i++) {
		size_t k = n->kids[i];
		const struct entry *e = find_entry(&es, w->s->nodes[k].name);
		unsigned char kd[SHA256_RAWSZ];

		ret = bk_walk_node(w, k, e && e->mode == VCS_MODE_TREE ? e->id : "", kd);
		sha256_update(h, "K", 1);
		sha256_update(h, w->s->nodes[k].name, strlen(w->s->nodes[k].name) + 1);
		sha256_update(h, kd, sizeof(kd));
	}
	entries_release(&es);
	return ret;
}

static char *memo_key(size_t ni, const char *tree_id)
{
	return xstrfmt("%zu:%s", ni, tree_id);
}

int bk_walk_node(struct bk_walk *w, size_t ni, const char *tree_id,
		 unsigned char digest[SHA256_RAWSZ])
{
	struct bk_node *n = &w->s->nodes[ni];
	struct bk_setstate *st = w->st;
	size_t start = w->diffs_nr, m = BK_NONE;
	char *mk = NULL;
	struct sha256 h;
	int ret = 0;

	if (st && !strcmp(tree_id, n->tree_id)) {
		memcpy(digest, n->digest, SHA256_RAWSZ);
		return 0;
	}
	if (st) {
		mk = memo_key(ni, tree_id);
		m = bk_map_get(&st->memo_index, mk);
		if (m != BK_NONE) {
			memcpy(digest, st->memo[m].digest, SHA256_RAWSZ);
			for (size_t i = 0; i < st->memo[m].diffs_nr; i++) {
				ALLOC_GROW(w->diffs, w->diffs_nr + 1, w->diffs_alloc);
				w->diffs[w->diffs_nr++] = st->pool[st->memo[m].diffs_start + i];
			}
			free(mk);
			return 0;
		}
	}
	sha256_init(&h);
	sha256_update(&h, "N", 1);
	sha256_update(&h, n->path, strlen(n->path) + 1);
	if (!*tree_id) {
		sha256_update(&h, "A", 1);	/* absent: its files and kids too */
		if (st)
			add_diff(w, BK_DIFF_NODE, ni, NULL, 0);
		for (size_t i = 0; !st && i < n->kids_nr; i++) {
			unsigned char kd[SHA256_RAWSZ];

			/* learning: the kids' own (absent) values */
			bk_walk_node(w, n->kids[i], "", kd);
			n = &w->s->nodes[ni];
		}
		for (size_t i = 0; !st && i < n->files_nr; i++) {
			w->s->files[n->files[i]].id[0] = '\0';
			w->s->files[n->files[i]].mode = 0;
		}
	} else if (n->whole) {
		sha256_update(&h, "W", 1);
		sha256_update(&h, tree_id, VCS_HEXSZ);
		if (st)
			add_diff(w, BK_DIFF_WHOLE, ni, tree_id, 0);
	} else {
		if (st && !*n->tree_id)
			add_diff(w, BK_DIFF_NODE, ni, tree_id, 0);
		ret = walk_present(w, ni, tree_id, &h);
	}
	sha256_final(&h, digest);
	if (!st) {
		snprintf(n->tree_id, sizeof(n->tree_id), "%s", tree_id);
		memcpy(n->digest, digest, SHA256_RAWSZ);
	} else if (!ret) {
		struct memo *e;

		ALLOC_GROW(st->memo, st->memo_nr + 1, st->memo_alloc);
		e = &st->memo[st->memo_nr];
		memcpy(e->digest, digest, SHA256_RAWSZ);
		e->diffs_start = st->pool_nr;
		e->diffs_nr = w->diffs_nr - start;
		for (size_t i = start; i < w->diffs_nr; i++) {
			ALLOC_GROW(st->pool, st->pool_nr + 1, st->pool_alloc);
			st->pool[st->pool_nr++] = w->diffs[i];
		}
		bk_map_put(&st->memo_index, mk, st->memo_nr++);
	}
	free(mk);
	return ret;
}

int bk_walk_learn(struct buildkey_set *s, struct vcs_repo *repo, bool listings)
{
	struct bk_walk w = { .s = s, .repo = repo, .listings = listings };
	char root[VCS_HEXSZ + 1];
	unsigned char digest[SHA256_RAWSZ];
	int ret;

	if (vcs_commit_tree_id(repo, s->commit, root) < 0)
		return -1;
	ret = bk_walk_node(&w, 0, root, digest);
	free(w.diffs);
	return ret;
}

/* ---- does the set vouch for the commit? ---- */

static bool version_line(const char *l)
{
	static const char *const vars[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION",
					    "NAME" };

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *p;

		if (skip_prefix(l, vars[i], &p)) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '=')
				return true;
		}
	}
	return false;
}

static void drop_version_lines(struct strbuf *sb)
{
	struct strbuf out = STRBUF_INIT;

	for (const char *l = sb->buf; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l + 1) : strlen(l);

		if (!version_line(l))
			strbuf_add(&out, l, len);
		l += len;
	}
	strbuf_release(sb);
	*sb = out;
}

/*
 * 1: a and b (blob ids) are the same but for `version` lines (the top
 * Makefile) or their directives (compiled files); 0: not; -1: error.
 */
static int same_except(struct bk_setstate *st, struct vcs_repo *repo, const char *a,
		       const char *b, bool version)
{
	char *key = xstrfmt("%c%s:%s", version ? 'v' : 'd', a, b);
	size_t v = bk_map_get(&st->directives, key);
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT, dx = STRBUF_INIT, dy = STRBUF_INIT;
	int ret = -1;

	if (v != BK_NONE) {
		free(key);
		return v == 1;
	}
	if (vcs_read_blob(repo, a, &x) < 0 || vcs_read_blob(repo, b, &y) < 0)
		goto out;
	if (version) {
		drop_version_lines(&x);
		drop_version_lines(&y);
		ret = x.len == y.len && !memcmp(x.buf, y.buf, x.len);
	} else {
		cpp_directives(x.buf, x.len, &dx);
		cpp_directives(y.buf, y.len, &dy);
		ret = dx.len == dy.len && !memcmp(dx.buf, dy.buf, dx.len);
	}
	bk_map_put(&st->directives, key, ret ? 1 : 2);
out:
	strbuf_release(&x);
	strbuf_release(&y);
	strbuf_release(&dx);
	strbuf_release(&dy);
	free(key);
	return ret;
}

/*
 * 0 when the differences leave the set exact for the commit (then only
 * compiled files with the same directives, or the top Makefile's version
 * lines, changed), 1 when the set is stale (why says), -1 on error.
 */
static int vouch(struct bk_setstate *st, struct vcs_repo *repo, const struct bk_diff *d,
		 size_t nr, char *why, size_t why_len)
{
	const struct buildkey_set *s = st->set;

	for (size_t i = 0; i < nr; i++) {
		/* index is a node's unless the difference is a file's */
		const struct bk_file *f = d[i].kind == BK_DIFF_FILE ? &s->files[d[i].index] : NULL;
		const char *path = f ? f->path : s->nodes[d[i].index].path;
		int r;

		switch (d[i].kind) {
		case BK_DIFF_NODE:
			snprintf(why, why_len, "directory %s/ %s", path,
				 *d[i].id ? "added" : "removed");
			return 1;
		case BK_DIFF_WHOLE:
			snprintf(why, why_len, "%s/ changed", path);
			return 1;
		case BK_DIFF_LIST:
			snprintf(why, why_len, "files added or removed in %s/", *path ? path : ".");
			return 1;
		case BK_DIFF_FILE:
			break;
		}
		if (!*f->id || !*d[i].id) {
			snprintf(why, why_len, "%s %s", path, *f->id ? "removed" : "added");
			return 1;
		}
		if (f->mode == VCS_MODE_LINK || d[i].mode == VCS_MODE_LINK ||
		    f->mode == VCS_MODE_COMMIT || d[i].mode == VCS_MODE_COMMIT) {
			snprintf(why, why_len, "%s: a symlink or submodule changed", path);
			return 1;
		}
		if ((f->cls & BK_TOPMAKE) && !s->version_sensitive) {
			r = same_except(st, repo, f->id, d[i].id, true);
			if (r < 0)
				return -1;
			/* (level 2 checks that no changed unit reads the version) */
			if (r)
				continue;
		}
		if (f->cls & BK_BUILD) {
			snprintf(why, why_len, "%s changed (build system)", path);
			return 1;
		}
		r = same_except(st, repo, f->id, d[i].id, false);
		if (r < 0)
			return -1;
		if (!r) {
			snprintf(why, why_len, "#include/#define/#if lines changed in %s", path);
			return 1;
		}
	}
	return 0;
}

/* ---- keys ---- */

static void key_hex(const char *prefix, const char *const *parts, size_t nr,
		    char out[BUILDKEY_MAX])
{
	struct sha256 h;
	char hex[SHA256_HEXSZ + 1];

	sha256_init(&h);
	sha256_update(&h, prefix, strlen(prefix) + 1);
	for (size_t i = 0; i < nr; i++)
		sha256_update(&h, parts[i], strlen(parts[i]) + 1);
	sha256_final_hex(&h, hex);
	snprintf(out, BUILDKEY_MAX, "%s%s", prefix, hex);
}

/* 0: exact key in out; 1: the set does not vouch (out->why); -1: error */
static int key_with_set(struct buildkeys *bk, struct bk_setstate *st, const char *commit,
			const char *context, bool preprocess, struct buildkey *out)
{
	struct buildkey_set *s = st->set;
	struct bk_walk w = { .s = s, .repo = bk->repo, .st = st };
	char root[VCS_HEXSZ + 1], digest_hex[SHA256_HEXSZ + 1];
	unsigned char digest[SHA256_RAWSZ];
	int ret;

	if (strcmp(context, s->context)) {
		snprintf(out->why, sizeof(out->why), "another compiler, config or target than %.12s's",
			 s->commit);
		return 1;
	}
	if (vcs_commit_tree_id(bk->repo, commit, root) < 0 ||
	    bk_walk_node(&w, 0, root, digest) < 0) {
		free(w.diffs);
		return -1;
	}
	out->changed = w.diffs_nr;
	ret = vouch(st, bk->repo, w.diffs, w.diffs_nr, out->why, sizeof(out->why));
	if (!ret) {
		const char *parts[] = { s->structure, s->context, digest_hex };

		hex_encode(digest, SHA256_RAWSZ, digest_hex);
		key_hex("i1:", parts, ARRAY_SIZE(parts), out->key);
		out->kind = BUILDKEY_INPUTS;
		out->why[0] = '\0';
		if (preprocess && st->pp) {
			char why[160];
			int r = bk_pp_key(st->pp, context, w.diffs, w.diffs_nr, out->key,
					  &out->units, why, sizeof(why));

			if (r < 0)
				ret = -1;
			else if (!r)
				out->kind = BUILDKEY_PREPROCESSED;
			else
				snprintf(out->why, sizeof(out->why), "%s", why);
		}
	}
	free(w.diffs);
	return ret;
}

int buildkeys_of(struct buildkeys *bk, const char *commit, const char *context,
		 bool preprocess, struct buildkey *out)
{
	double start = now_seconds();
	char hash[VCS_HEXSZ + 1];
	char first_why[sizeof(out->why)] = "";

	memset(out, 0, sizeof(*out));
	if (vcs_resolve(bk->repo, commit, hash) < 0)
		return -1;
	for (size_t i = 0; i < bk->sets_nr; i++) {
		int r = key_with_set(bk, &bk->sets[i], hash, context ? context : "", preprocess,
				     out);

		if (r < 0)
			return -1;
		if (!r) {
			out->seconds = now_seconds() - start;
			return 0;
		}
		if (!first_why[0])
			memcpy(first_why, out->why, sizeof(first_why));
	}
	snprintf(out->key, sizeof(out->key), "u1:%s", hash);
	out->kind = BUILDKEY_UNIQUE;
	snprintf(out->why, sizeof(out->why), "%s", first_why[0] ? first_why : "no build learnt yet");
	out->seconds = now_seconds() - start;
	return 0;
}

bool buildkey_same(const struct buildkey *a, const struct buildkey *b)
{
	return !strcmp(a->key, b->key);
}

size_t buildkey_classes(const struct buildkey *keys, size_t nr, size_t *class_of)
{
	struct bk_map seen = BK_MAP_INIT;
	size_t classes = 0;

	for (size_t i = 0; i < nr; i++) {
		size_t c = bk_map_get(&seen, keys[i].key);

		if (c == BK_NONE) {
			c = classes++;
			bk_map_put(&seen, keys[i].key, c);
		}
		class_of[i] = c;
	}
	bk_map_release(&seen);
	return classes;
}

struct buildkeys *buildkeys_new(struct vcs_repo *repo)
{
	struct buildkeys *bk = xcalloc(1, sizeof(*bk));

	bk->repo = repo;
	return bk;
}

void buildkeys_add_set(struct buildkeys *bk, struct buildkey_set *set)
{
	struct bk_setstate *st;

	ALLOC_GROW(bk->sets, bk->sets_nr + 1, bk->sets_alloc);
	st = &bk->sets[bk->sets_nr++];
	memset(st, 0, sizeof(*st));
	st->set = set;
	if (set->dir && set->compilers.nr)
		st->pp = bk_pp_new(bk->repo, set);
}

void buildkeys_free(struct buildkeys *bk)
{
	if (!bk)
		return;
	for (size_t i = 0; i < bk->sets_nr; i++) {
		struct bk_setstate *st = &bk->sets[i];

		bk_map_release(&st->memo_index);
		bk_map_release(&st->directives);
		free(st->memo);
		free(st->pool);
		bk_pp_free(st->pp);
		buildkey_set_free(st->set);
	}
	free(bk->sets);
	free(bk);
}

/* ---- learning ---- */

int buildkey_learn_kbuild(struct vcs_repo *repo, const struct buildkey_learn_opts *o,
			  struct buildkey_set **out)
{
	double start = now_seconds();
	char hash[VCS_HEXSZ + 1];
	struct buildkey_set *s;
	int ret;

	*out = NULL;
	if (!o->kbuild || !o->tree || !o->commit)
		return error("buildkey: kbuild, tree and commit are required");
	if (vcs_resolve(repo, o->commit, hash) < 0)
		return -1;
	s = bk_set_new(hash, o->context);
	s->tree = real_path(o->tree);
	s->kbuild = real_path(o->kbuild);
	if (!s->tree || !s->kbuild) {
		buildkey_set_free(s);
		return error("buildkey: %s or %s does not exist", o->tree, o->kbuild);
	}
	for (size_t i = 0; o->compilers && o->compilers[i]; i++)
		strvec_push(&s->compilers, o->compilers[i]);
	ret = bk_kbuild_read(s, repo);
	if (!ret && (bk_set_finish(s, repo) < 0 || (o->dir && bk_pp_snapshot(s, o->dir) < 0)))
		ret = -1;
	if (ret) {
		buildkey_set_free(s);
		return ret;
	}
	s->seconds = now_seconds() - start;
	*out = s;
	return 0;
}
