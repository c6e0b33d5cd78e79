/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bk_map.h - a string -> size_t hash map for the build keys (paths to
 * indices, memo keys to memo slots). Open addressing, FNV-1a, keys copied.
 *
 *	struct bk_map m = BK_MAP_INIT;
 *	bk_map_put(&m, "mm/mmap.c", 3);
 *	size_t v = bk_map_get(&m, "mm/mmap.c");	// BK_NONE when absent
 *	bk_map_release(&m);
 */
#ifndef CULPRIT_BUILD_BK_MAP_H
#define CULPRIT_BUILD_BK_MAP_H

#include <stddef.h>
#include <stdint.h>

#define BK_NONE SIZE_MAX

struct bk_map {
	char **keys;
	size_t *vals;
	size_t nr, cap;
};

#define BK_MAP_INIT { NULL, NULL, 0, 0 }

/* Set key -> val (val != BK_NONE); replaces an existing value. */
void bk_map_put(struct bk_map *m, const char *key, size_t val);
/* The value of key, or BK_NONE. */
size_t bk_map_get(const struct bk_map *m, const char *key);
void bk_map_release(struct bk_map *m);

#endif
