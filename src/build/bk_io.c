// SPDX-License-Identifier: Apache-2.0
/*
 * bk_io.c - saving and loading input sets (see buildkey.h), so a resumed
 * bisection keeps the keys it journalled.
 *
 * A text file, one record a line; strings are written "<length>:<bytes>" so
 * no byte needs escaping. Nodes are written in index order (a parent
 * before its kids), files too, so loading re-creates the same indices.
 *
 *	culprit-buildkey-set 1
 *	commit <hex> / context, tree, kbuild, dir <string> / flags <v>
 *	compilers|search|generated|names <n>, then n strings
 *	nodes <n>: <list> <whole> <tree id|-> <digest> <listing digest> <path>
 *	files <n>: <class> <mode> <blob id|-> <path>
 *	targets <n>: <deps> <argc> <reads version> <name>, the argv strings,
 *		the deps' indices
 *	end
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_internal.h"
#include "../util/util.h"

#define MAGIC "culprit-buildkey-set 1\n"

static void put_str(struct strbuf *sb, const char *s)
{
	strbuf_addf(sb, "%zu:%s", strlen(s), s);
}

static void put_strvec(struct strbuf *sb, const char *what, const struct strvec *v)
{
	strbuf_addf(sb, "%s %zu\n", what, v->nr);
	for (size_t i = 0; i < v->nr; i++) {
		put_str(sb, v->v[i]);
		strbuf_addch(sb, '\n');
	}
}

static void put_digest(struct strbuf *sb, const unsigned char d[SHA256_RAWSZ])
{
	char hex[SHA256_HEXSZ + 1];

	hex_encode(d, SHA256_RAWSZ, hex);
	strbuf_addstr(sb, hex);
}

static void put_targets(struct strbuf *sb, const struct buildkey_set *s)
{
	strbuf_addf(sb, "targets %zu\n", s->targets_nr);
	for (size_t t = 0; t < s->targets_nr; t++) {
		const struct bk_target *tg = &s->targets[t];

		strbuf_addf(sb, "%zu %zu %d ", tg->deps_nr, tg->argv.nr, tg->reads_version);
		put_str(sb, tg->name);
		strbuf_addch(sb, '\n');
		for (size_t i = 0; i < tg->argv.nr; i++) {
			put_str(sb, tg->argv.v[i]);
			strbuf_addch(sb, '\n');
		}
		for (size_t i = 0; i < tg->deps_nr; i++)
			strbuf_addf(sb, "%s%zu", i ? " " : "", tg->deps[i]);
		strbuf_addch(sb, '\n');
	}
}

int buildkey_set_save(const struct buildkey_set *s, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec names = STRVEC_INIT;
	int ret;

	strbuf_addstr(&sb, MAGIC);
	strbuf_addf(&sb, "commit %s\ncontext ", s->commit);
	put_str(&sb, s->context);
	strbuf_addstr(&sb, "\ntree ");
	put_str(&sb, s->tree ? s->tree : "");
	strbuf_addstr(&sb, "\nkbuild ");
	put_str(&sb, s->kbuild ? s->kbuild : "");
	strbuf_addstr(&sb, "\ndir ");
	put_str(&sb, s->dir ? s->dir : "");
	strbuf_addf(&sb, "\nflags %d\nseconds %.3f\n", s->version_sensitive, s->seconds);
	put_strvec(&sb, "compilers", &s->compilers);
	put_strvec(&sb, "search", &s->search);
	put_strvec(&sb, "generated", &s->generated);
	for (size_t i = 0; i < s->names_nr; i++)
		strvec_push(&names, s->names[i]);
	put_strvec(&sb, "names", &names);
	strvec_clear(&names);
	strbuf_addf(&sb, "nodes %zu\n", s->nodes_nr);
	for (size_t i = 0; i < s->nodes_nr; i++) {
		const struct bk_node *n = &s->nodes[i];

		strbuf_addf(&sb, "%d %d %s ", (int)n->list, n->whole, *n->tree_id ? n->tree_id : "-");
		put_digest(&sb, n->digest);
		strbuf_addch(&sb, ' ');
		put_digest(&sb, n->list_digest);
		strbuf_addch(&sb, ' ');
		put_str(&sb, n->path);
		strbuf_addch(&sb, '\n');
	}
	strbuf_addf(&sb, "files %zu\n", s->files_nr);
	for (size_t i = 0; i < s->files_nr; i++) {
		const struct bk_file *f = &s->files[i];

		strbuf_addf(&sb, "%u %o %s ", f->cls, f->mode, *f->id ? f->id : "-");
		put_str(&sb, f->path);
		strbuf_addch(&sb, '\n');
	}
	put_targets(&sb, s);
	strbuf_addstr(&sb, "end\n");
	ret = write_file_atomic(path, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

/* ---- loading ---- */

struct cursor {
	const char *p, *end;
	bool bad;
};

static void expect(struct cursor *c, const char *word)
{
	size_t l = strlen(word);

	if (c->bad || (size_t)(c->end - c->p) < l || memcmp(c->p, word, l))
		c->bad = true;
	else
		c->p += l;
}

static size_t get_num(struct cursor *c, int base)
{
	char *e;
	uintmax_t v;

	if (c->bad || c->p >= c->end || !(*c->p >= '0' && *c->p <= '9')) {
		c->bad = true;
		return 0;
	}
	errno = 0;
	v = strtoumax(c->p, &e, base);
	if (errno || v > SIZE_MAX / 2)
		c->bad = true;
	c->p = e;
	if (c->p < c->end && (*c->p == ' ' || *c->p == '\n'))
		c->p++;
	return (size_t)v;
}

/* "<len>:<bytes>" then a space or newline; malloced ("" when bad) */
static char *get_str(struct cursor *c)
{
	size_t len = get_num(c, 10);
	char *s;

	expect(c, ":");	/* get_num stopped at it */
	if (c->bad || (size_t)(c->end - c->p) < len) {
		c->bad = true;
		return xstrdup("");
	}
	s = xstrndup(c->p, len);
	c->p += len;
	if (c->p < c->end && (*c->p == ' ' || *c->p == '\n'))
		c->p++;
	return s;
}

static void get_word(struct cursor *c, char *out, size_t size)
{
	size_t n = 0;

	while (c->p < c->end && *c->p != ' ' && *c->p != '\n' && n + 1 < size)
		out[n++] = *c->p++;
	out[n] = '\0';
	if (c->p < c->end && (*c->p == ' ' || *c->p == '\n'))
		c->p++;
	else
		c->bad = true;
}

static void get_digest(struct cursor *c, unsigned char out[SHA256_RAWSZ])
{
	char hex[SHA256_HEXSZ + 2];

	get_word(c, hex, sizeof(hex));
	if (strlen(hex) != SHA256_HEXSZ) {
		c->bad = true;
		return;
	}
	for (size_t i = 0; i < SHA256_RAWSZ; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			c->bad = true;
		out[i] = (unsigned char)v;
	}
}

static void get_strvec(struct cursor *c, const char *what, struct strvec *v)
{
	size_t n;

	expect(c, what);
	expect(c, " ");
	n = get_num(c, 10);
	for (size_t i = 0; i < n && !c->bad; i++) {
		char *s = get_str(c);

		strvec_push(v, s);
		free(s);
	}
}

static void get_id(struct cursor *c, char out[VCS_HEXSZ + 1])
{
	get_word(c, out, VCS_HEXSZ + 1);
	if (!strcmp(out, "-"))
		out[0] = '\0';
	else if (strlen(out) != VCS_HEXSZ)
		c->bad = true;
}

static void get_nodes_files(struct cursor *c, struct buildkey_set *s)
{
	size_t n;

	expect(c, "nodes ");
	n = get_num(c, 10);
	for (size_t i = 0; i < n && !c->bad; i++) {
		int list = (int)get_num(c, 10), whole = (int)get_num(c, 10);
		char id[VCS_HEXSZ + 1], *path;
		unsigned char d[SHA256_RAWSZ], ld[SHA256_RAWSZ];
		size_t ni;

		get_id(c, id);
		get_digest(c, d);
		get_digest(c, ld);
		path = get_str(c);
		ni = bk_node_get(s, path);
		if (ni != i || list > BK_LIST_ALL)
			c->bad = true;
		s->nodes[ni].list = (enum bk_list)list;
		s->nodes[ni].whole = whole;
		memcpy(s->nodes[ni].tree_id, id, sizeof(id));
		memcpy(s->nodes[ni].digest, d, sizeof(d));
		memcpy(s->nodes[ni].list_digest, ld, sizeof(ld));
		free(path);
	}
	expect(c, "files ");
	n = get_num(c, 10);
	for (size_t i = 0; i < n && !c->bad; i++) {
		unsigned cls = (unsigned)get_num(c, 10), mode = (unsigned)get_num(c, 8);
		char id[VCS_HEXSZ + 1], *path;
		size_t f;

		get_id(c, id);
		path = get_str(c);
		f = bk_file_add(s, path, cls);
		if (f != i || !*path)
			c->bad = true;
		memcpy(s->files[f].id, id, sizeof(id));
		s->files[f].mode = mode;
		free(path);
	}
}

static void get_targets(struct cursor *c, struct buildkey_set *s)
{
	size_t n;

	expect(c, "targets ");
	n = get_num(c, 10);
	for (size_t t = 0; t < n && !c->bad; t++) {
		size_t deps = get_num(c, 10), argc = get_num(c, 10);
		bool version = get_num(c, 10) != 0;
		struct bk_target *tg;

		ALLOC_GROW(s->targets, s->targets_nr + 1, s->targets_alloc);
		tg = &s->targets[s->targets_nr++];
		memset(tg, 0, sizeof(*tg));
		strvec_init(&tg->argv);
		tg->name = get_str(c);
		tg->reads_version = version;
		for (size_t i = 0; i < argc && !c->bad; i++) {
			char *a = get_str(c);

			strvec_push(&tg->argv, a);
			free(a);
		}
		if (c->bad || deps > s->files_nr)
			break;
		tg->deps = xcalloc(deps + 1, sizeof(*tg->deps));
		for (size_t i = 0; i < deps && !c->bad; i++) {
			tg->deps[i] = get_num(c, 10);
			if (tg->deps[i] >= s->files_nr)
				c->bad = true;
		}
		tg->deps_nr = deps;
		tg->deps_alloc = deps + 1;
		if (!deps)
			expect(c, "\n");
	}
}

static struct buildkey_set *parse(struct cursor *c)
{
	char commit[VCS_HEXSZ + 1], *context, *dir;
	struct buildkey_set *s;
	char seconds[32];

	expect(c, MAGIC);
	expect(c, "commit ");
	get_id(c, commit);
	if (c->bad || !*commit)
		return NULL;
	expect(c, "context ");
	context = get_str(c);
	s = bk_set_new(commit, context);
	free(context);
	expect(c, "tree ");
	s->tree = get_str(c);
	expect(c, "kbuild ");
	s->kbuild = get_str(c);
	expect(c, "dir ");
	dir = get_str(c);
	s->dir = *dir ? dir : NULL;
	if (!s->dir)
		free(dir);
	expect(c, "flags ");
	s->version_sensitive = get_num(c, 10) != 0;
	expect(c, "seconds ");
	get_word(c, seconds, sizeof(seconds));
	s->seconds = atof(seconds);
	get_strvec(c, "compilers", &s->compilers);
	get_strvec(c, "search", &s->search);
	get_strvec(c, "generated", &s->generated);
	{
		struct strvec names = STRVEC_INIT;

		get_strvec(c, "names", &names);
		for (size_t i = 0; i < names.nr; i++)
			bk_name_add(s, names.v[i]);
		strvec_clear(&names);
	}
	get_nodes_files(c, s);
	get_targets(c, s);
	expect(c, "end\n");
	return s;
}

struct buildkey_set *buildkey_set_load(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct cursor c;
	struct buildkey_set *s;

	if (strbuf_read_file(&sb, path) < 0) {
		error("cannot read %s: %s", path, strerror(errno));
		strbuf_release(&sb);
		return NULL;
	}
	c.p = sb.buf;
	c.end = sb.buf + sb.len;
	c.bad = false;
	s = parse(&c);
	if (s && !c.bad && c.p == c.end)
		bk_set_reload(s);
	else {
		buildkey_set_free(s);
		s = NULL;
		error("%s is not a build-key set of this version (truncated or damaged?)", path);
	}
	strbuf_release(&sb);
	return s;
}
