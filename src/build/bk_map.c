// SPDX-License-Identifier: Apache-2.0
/*
 * bk_map.c - the build keys' string map (see bk_map.h).
 */
#include "bk_map.h"

#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

static size_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

static size_t slot(const struct bk_map *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void grow(struct bk_map *m)
{
	struct bk_map n = { NULL, NULL, 0, m->cap ? m->cap * 2 : 64 };

	n.keys = xcalloc(n.cap, sizeof(*n.keys));
	n.vals = xcalloc(n.cap, sizeof(*n.vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t s = slot(&n, m->keys[i]);

		n.keys[s] = m->keys[i];
		n.vals[s] = m->vals[i];
		n.nr++;
	}
	free(m->keys);
	free(m->vals);
	*m = n;
}

void bk_map_put(struct bk_map *m, const char *key, size_t val)
{
	size_t s;

	if ((m->nr + 1) * 2 > m->cap)
		grow(m);
	s = slot(m, key);
	if (!m->keys[s]) {
		m->keys[s] = xstrdup(key);
		m->nr++;
	}
	m->vals[s] = val;
}

size_t bk_map_get(const struct bk_map *m, const char *key)
{
	size_t s;

	if (!m->cap)
		return BK_NONE;
	s = slot(m, key);
	return m->keys[s] ? m->vals[s] : BK_NONE;
}

void bk_map_release(struct bk_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
