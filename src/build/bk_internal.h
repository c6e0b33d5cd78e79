/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bk_internal.h - the build keys' data, shared by buildkey.c (keys),
 * bk_set.c (making a set and its values at the learnt commit, save/load),
 * bk_kbuild.c (reading kbuild's records), bk_pp.c (the second level).
 * Not an interface: see buildkey.h.
 *
 * A set is a tree of directory nodes (the root is ""), each with the files
 * of the set in it, whether its listing counts (filtered by the set's
 * names, or whole) or its whole subtree counts by tree id, and its
 * values at the learnt commit (tree id, digest), so that a walk at another
 * commit stops wherever a tree id did not change.
 */
#ifndef CULPRIT_BUILD_BK_INTERNAL_H
#define CULPRIT_BUILD_BK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "bk_map.h"
#include "buildkey.h"
#include "../util/sha256.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../vcs/vcs.h"

/* file classes (bits) */
#define BK_COMPILED 1u	/* read through #include: changes checked by directives */
#define BK_BUILD 2u	/* build system: a change makes the set stale */
#define BK_TOPMAKE 4u	/* the top Makefile: its version lines may change */

enum bk_list { BK_LIST_NONE, BK_LIST_FILTER, BK_LIST_ALL };

struct bk_file {
	char *path;		/* tree-relative */
	const char *name;	/* last component, into path */
	size_t node;		/* its directory */
	unsigned cls;
	char id[VCS_HEXSZ + 1];	/* at the learnt commit; "" when absent */
	unsigned mode;
};

struct bk_node {
	char *path;		/* "" for the root, "mm", "include/linux" */
	const char *name;	/* last component, into path */
	size_t parent;		/* BK_NONE for the root */
	size_t *kids, kids_nr, kids_alloc;	/* sorted by name after bk_set_finish() */
	size_t *files, files_nr, files_alloc;	/* sorted by name */
	enum bk_list list;
	bool whole;		/* the subtree counts by its tree id */
	bool under_whole;	/* inside a whole subtree: never walked */
	char tree_id[VCS_HEXSZ + 1];	/* at the learnt commit; "" when absent */
	unsigned char digest[SHA256_RAWSZ];
	unsigned char list_digest[SHA256_RAWSZ];
};

struct bk_target {
	char *name;		/* kbuild's target, relative to O= */
	struct strvec argv;	/* the compiler command, if level 2 may run it */
	bool reads_version;	/* it read a generated header holding the kernel version */
	size_t *deps, deps_nr, deps_alloc;	/* files of the set it reads */
};

struct buildkey_set {
	char commit[VCS_HEXSZ + 1];
	char *context;
	char *tree, *kbuild;	/* absolute paths at learning time (commands name them) */
	char *dir;		/* level 2's directory, or NULL */
	struct bk_file *files;
	size_t files_nr, files_alloc;
	struct bk_map file_index;	/* path -> index into files */
	struct bk_node *nodes;
	size_t nodes_nr, nodes_alloc;
	struct bk_map node_index;	/* path -> index into nodes */
	char **names;		/* sorted: the names listings keep */
	size_t names_nr, names_alloc;
	struct bk_target *targets;
	size_t targets_nr, targets_alloc;
	struct strvec search;		/* tree-relative -I directories */
	struct strvec generated;	/* O=-relative files level 2 copies */
	struct strvec compilers;	/* what level 2 may run */
	bool version_sensitive;
	char structure[SHA256_HEXSZ + 1];	/* digest of the shape (no values) */
	char id[SHA256_HEXSZ + 1];	/* digest of shape and values */
	/* filled by bk_set_finish(): which targets read each file */
	size_t *rdeps_start, *rdeps;
	double seconds;
};

/* ---- bk_set.c ---- */
struct buildkey_set *bk_set_new(const char *commit, const char *context);
size_t bk_node_get(struct buildkey_set *s, const char *path);
/* mark a node (created if needed) whole, or raise its listing to `list` */
void bk_node_whole(struct buildkey_set *s, const char *path);
void bk_node_list(struct buildkey_set *s, const char *path, enum bk_list list);
/* add a file (and its directories) with class bits; returns its index */
size_t bk_file_add(struct buildkey_set *s, const char *path, unsigned cls);
void bk_name_add(struct buildkey_set *s, const char *name);
bool bk_name_kept(const struct buildkey_set *s, const char *name);
/*
 * Finish a set: sort, mark whole subtrees, compute the values at the
 * learnt commit (tree ids, blob ids, digests), shape and set digests, the
 * reverse dependencies. 0 or error().
 */
int bk_set_finish(struct buildkey_set *s, struct vcs_repo *repo);
/* after loading a saved set: sort, shape, digests, reverse dependencies */
void bk_set_reload(struct buildkey_set *s);

/* ---- buildkey.c: the walk shared by learning and keys ---- */
enum bk_diff_kind { BK_DIFF_FILE, BK_DIFF_LIST, BK_DIFF_WHOLE, BK_DIFF_NODE };

struct bk_diff {
	enum bk_diff_kind kind;
	size_t index;		/* file or node */
	char id[VCS_HEXSZ + 1];	/* BK_DIFF_FILE: the id at the commit ("" absent) */
	unsigned mode;
};

/*
 * The digest of node n whose tree at the commit is tree_id ("" absent).
 * With `ref` (the set's own values) unchanged subtrees reuse their learnt
 * digests and the differences are appended to diffs; without, every value
 * is read and stored into the set (learning). 0 or error().
 */
struct bk_walk;
int bk_walk_node(struct bk_walk *w, size_t n, const char *tree_id,
		 unsigned char digest[SHA256_RAWSZ]);
int bk_walk_learn(struct buildkey_set *s, struct vcs_repo *repo, bool listings);

/* ---- bk_pp.c ---- */
struct bk_pp;
struct bk_pp *bk_pp_new(struct vcs_repo *repo, struct buildkey_set *s);
void bk_pp_free(struct bk_pp *pp);
/*
 * The second-level key of a commit whose differences from the set's commit
 * are `diffs` (compiled files only, directives unchanged): 0 with out
 * filled ("p1:..."), 1 when the second level does not apply (why says),
 * -1 after error().
 */
int bk_pp_key(struct bk_pp *pp, const char *context, const struct bk_diff *diffs,
	      size_t nr, char out[BUILDKEY_MAX], size_t *units, char *why, size_t why_len);

/* copy the generated files level 2 needs from the set's O= into dir; sets s->dir */
int bk_pp_snapshot(struct buildkey_set *s, const char *dir);

/* ---- bk_kbuild.c ---- */
/*
 * Call fn for every regular file under root/rel (symlinks not followed),
 * with its path, its directory relative to root and its name; entries
 * named in skip are left out ("/x": only at the top). Stops at the first
 * nonzero return of fn, which is returned; -1 after error().
 */
int bk_walk_dir(const char *root, const char *rel, const char *const *skip,
		int (*fn)(void *data, const char *path, const char *dir, const char *name),
		void *data);
/* Read kbuild's records under s->kbuild into the set (learning): 0, 1 (unkeyable), -1. */
int bk_kbuild_read(struct buildkey_set *s, struct vcs_repo *repo);

#endif
