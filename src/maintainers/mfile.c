// SPDX-License-Identifier: Apache-2.0
/*
 * mfile.c - the MAINTAINERS text: loading it (mapped, not copied), and
 * reading it entry by entry as read_maintainer_file() does. Also the
 * per-line cache (struct offmap) and the checked-out tree as a source.
 *
 * Start-up is most of what a `culprit maintainers FILE` costs, and on a
 * virtual machine most of that is page faults: the file is mapped with
 * MAP_POPULATE (one fault-free read of the page cache) and nothing is built
 * per line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maint.h"
#include "../util/util.h"

/* ------------------------------------------------------------- offmap */

static size_t offmap_slot(const struct offmap *map, size_t off)
{
	size_t mask = map->alloc - 1, i = (off * 0x9E3779B97F4A7C15ull) >> 7 & mask;

	while (map->keys[i] && map->keys[i] != off + 1)
		i = (i + 1) & mask;
	return i;
}

void *offmap_get(const struct offmap *map, size_t off)
{
	size_t i;

	if (!map->alloc)
		return NULL;
	i = offmap_slot(map, off);
	return map->keys[i] ? map->vals[i] : NULL;
}

void offmap_put(struct offmap *map, size_t off, void *val)
{
	size_t i;

	if (2 * (map->nr + 1) > map->alloc) {
		struct offmap bigger = { 0 };

		bigger.alloc = map->alloc ? 2 * map->alloc : 64;
		bigger.keys = xcalloc(bigger.alloc, sizeof(*bigger.keys));
		bigger.vals = xcalloc(bigger.alloc, sizeof(*bigger.vals));
		for (size_t k = 0; k < map->alloc; k++)
			if (map->keys[k])
				offmap_put(&bigger, map->keys[k] - 1, map->vals[k]);
		free(map->keys);
		free(map->vals);
		*map = bigger;
	}
	i = offmap_slot(map, off);
	if (!map->keys[i]) {
		map->keys[i] = off + 1;
		map->nr++;
	}
	map->vals[i] = val;
}

void offmap_clear(struct offmap *map, void (*free_fn)(void *))
{
	for (size_t k = 0; k < map->alloc; k++)
		if (map->keys[k] && free_fn)
			free_fn(map->vals[k]);
	free(map->keys);
	free(map->vals);
	memset(map, 0, sizeof(*map));
}

void sv_push_take(struct strvec *sv, char *s)
{
	strvec_push(sv, s);
	free(s);
}

/* ------------------------------------------------------------ reading */

void mcursor_init(const struct maintainers *m, struct mcursor *c, size_t off, unsigned lineno)
{
	c->off = off;
	c->lineno = lineno;
	c->prev_typed = false;
	c->first_pass = !m->scanned && off == 0;
}

/* the letters read_maintainer_file() knows (others are warned about) */
static const bool known_type[256] = {
	['M'] = 1, ['R'] = 1, ['L'] = 1, ['S'] = 1, ['T'] = 1, ['W'] = 1, ['Q'] = 1,
	['B'] = 1, ['C'] = 1, ['P'] = 1, ['F'] = 1, ['X'] = 1, ['N'] = 1, ['K'] = 1,
};

/* Warnings about lines are given once, on the first whole pass. */
static bool warn_now(struct maintainers *m, const struct mcursor *c)
{
	if (!c->first_pass)
		return false;
	m->warnings++;
	return true;
}

bool mfile_next(struct maintainers *m, struct mcursor *c, struct mline *l)
{
	while (c->off < m->len) {
		const char *p = m->text + c->off;
		const char *nl = memchr(p, '\n', m->len - c->off);
		size_t n = nl ? (size_t)(nl - p) : m->len - c->off, i;

		l->off = c->off;
		l->len = n;
		l->lineno = c->lineno;
		c->off += n + (nl != NULL);
		c->lineno++;
		if (n > MAINT_MAX_LINE) {
			if (warn_now(m, c))
				warning("%s:%u: line of %zu bytes ignored", m->name, l->lineno, n);
			continue;
		}
		if (m->has_nul && memchr(p, '\0', n)) {
			if (warn_now(m, c))
				warning("%s:%u: NUL byte, line ignored", m->name, l->lineno);
			continue;
		}
		/* m/^([A-Z]):\s*(.*)/ */
		if (n >= 2 && p[0] >= 'A' && p[0] <= 'Z' && p[1] == ':') {
			for (i = 2; i < n && maint_space((unsigned char)p[i]); i++)
				;
			l->type = p[0];
			l->value = p + i;
			l->vlen = n - i;
			if (!known_type[(unsigned char)l->type] && warn_now(m, c))
				warning("%s:%u: unknown field '%c:'", m->name, l->lineno, l->type);
			if (c->first_pass && !c->prev_typed)
				m->nsections++;
			c->prev_typed = true;
			return true;
		}
		/* blank and '#' lines are not entries */
		for (i = 0; i < n && maint_space((unsigned char)p[i]); i++)
			;
		if (i == n || p[i] == '#')
			continue;
		l->type = 0;
		l->value = p;
		l->vlen = n;
		c->prev_typed = false;
		return true;
	}
	if (c->first_pass)
		m->scanned = true;
	return false;
}

/* A whole pass, for the counters (queries make one anyway). */
static void scan_once(struct maintainers *m)
{
	struct mcursor c;
	struct mline l;

	if (m->scanned)
		return;
	mcursor_init(m, &c, 0, 1);
	while (mfile_next(m, &c, &l))
		;
}

size_t maintainers_sections(struct maintainers *m)
{
	scan_once(m);
	return m->nsections;
}

size_t maintainers_warnings(struct maintainers *m)
{
	scan_once(m);
	return m->warnings;
}

/* ------------------------------------------------------------ loading */

static struct maintainers *new_maintainers(const char *name)
{
	struct maintainers *m = xcalloc(1, sizeof(*m));

	m->name = xstrdup(name ? name : "MAINTAINERS");
	m->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(m->mctx, MAINT_MATCH_LIMIT);
	return m;
}

struct maintainers *maintainers_parse(const char *name, const char *text, size_t len)
{
	struct maintainers *m = new_maintainers(name);

	m->owned = xmalloc(len + 1);
	memcpy(m->owned, text, len);
	m->owned[len] = '\0';
	m->text = m->owned;
	m->len = len;
	m->has_nul = memchr(text, '\0', len) != NULL;
	return m;
}

/*
 * A regular file, mapped read-only (MAP_POPULATE: no fault per page later).
 * NULL with errno set; an empty file is a valid empty mapping.
 */
static void *map_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (!errno || S_ISDIR(st.st_mode))
			errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		return NULL;
	}
	*len = (size_t)st.st_size;
	if (!*len) {
		close(fd);
		return xstrdup("");	/* freed as malloced: see unmap_file() */
	}
	p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static void unmap_file(void *p, size_t len)
{
	if (!p)
		return;
	if (len)
		munmap(p, len);
	else
		free(p);
}

struct maintainers *maintainers_load_dir(const char *root)
{
	char *path = xstrfmt("%s/MAINTAINERS", root);
	struct maintainers *m;
	size_t len;
	void *p = map_file(path, &len);

	if (!p) {
		error("cannot read %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	m = new_maintainers(path);
	m->map = p;
	m->map_len = len;
	m->text = p;
	m->len = len;
	m->has_nul = memchr(p, '\0', len) != NULL;
	free(path);

	path = xstrfmt("%s/.mailmap", root);
	p = map_file(path, &len);
	if (p && (!len || memchr(p, '\0', len))) {
		/* empty, or NUL bytes to filter: a copy (maintainers_set_mailmap) */
		maintainers_set_mailmap(m, p, len);
		unmap_file(p, len);
	} else if (p) {
		m->mailmap_map = p;
		m->mailmap_map_len = len;
		m->mailmap = p;
		m->mailmap_len = len;
	}
	free(path);
	return m;
}

void maintainers_set_mailmap(struct maintainers *m, const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);
	size_t n = 0;

	/* NUL bytes would cut lines short in the regexes: drop such lines */
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', end - p);
		size_t k = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (!memchr(p, '\0', k)) {
			memcpy(copy + n, p, k);
			n += k;
		}
		p += k;
	}
	copy[n] = '\0';
	mailmap_release(m);
	m->mailmap_owned = copy;
	m->mailmap = copy;
	m->mailmap_len = n;
}

void mailmap_release(struct maintainers *m)
{
	free(m->mailmap_owned);
	unmap_file(m->mailmap_map, m->mailmap_map_len);
	m->mailmap_owned = NULL;
	m->mailmap_map = NULL;
	m->mailmap = NULL;
	m->mailmap_len = m->mailmap_map_len = 0;
}

void maintainers_free(struct maintainers *m)
{
	if (!m)
		return;
	offmap_clear(&m->pats, fpat_free);
	free(m->alt_lines);
	offmap_clear(&m->regexes, kre_free);
	addr_free(m);
	mailmap_release(m);
	for (size_t i = 0; i < ARRAY_SIZE(m->mailmap_re); i++)
		pcre2_code_free(m->mailmap_re[i]);
	unmap_file(m->map, m->map_len);
	free(m->owned);
	pcre2_match_context_free(m->mctx);
	free(m->name);
	free(m);
}

/* ------------------------------------------------ a checked-out tree */

static int dir_is_dir(void *data, const char *path)
{
	char *full = xstrfmt("%s/%s", (const char *)data, path);
	int r = is_directory(full);

	free(full);
	return r;
}

static int dir_map_file(void *data, const char *path, const char **text, size_t *len)
{
	char *full = xstrfmt("%s/%s", (const char *)data, path);
	void *p = map_file(full, len);

	free(full);
	*text = p;
	return p ? 0 : -1;
}

static void dir_unmap_file(void *data, const char *text, size_t len)
{
	(void)data;
	unmap_file((void *)text, len);
}

static int dir_read_file(void *data, const char *path, struct strbuf *out)
{
	const char *text;
	size_t len;

	if (dir_map_file(data, path, &text, &len) < 0)
		return -1;
	strbuf_add(out, text, len);
	dir_unmap_file(data, text, len);
	return 0;
}

void maintainers_source_dir(struct maintainers_source *src, const char *root)
{
	src->is_dir = dir_is_dir;
	src->read_file = dir_read_file;
	src->data = (void *)root;
	src->map_file = dir_map_file;
	src->unmap_file = dir_unmap_file;
}
