// SPDX-License-Identifier: Apache-2.0
/*
 * dag.c - the slice of the commit graph between good and bad commits, and
 * ancestry. The slice comes from one revwalk (topological, reversed) and one
 * open-addressing hash table from object id to index (struct vcs_oidmap,
 * shared with tags.c), so loading N commits costs O(N) lookups.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

void vcs_oidmap_init(struct vcs_oidmap *m, size_t nr)
{
	size_t cap = 16;

	while (cap < nr * 2)
		cap <<= 1;
	m->mask = cap - 1;
	m->keys = xmalloc(cap * sizeof(*m->keys));
	m->vals = xmalloc(cap * sizeof(*m->vals));
	for (size_t i = 0; i < cap; i++)
		m->vals[i] = SIZE_MAX;
}

size_t vcs_oidmap_slot(const struct vcs_oidmap *m, const git_oid *oid)
{
	size_t h;

	memcpy(&h, oid->id, sizeof(h));
	h &= m->mask;
	while (m->vals[h] != SIZE_MAX && !git_oid_equal(&m->keys[h], oid))
		h = (h + 1) & m->mask;
	return h;
}

void vcs_oidmap_put(struct vcs_oidmap *m, const git_oid *oid, size_t val)
{
	size_t h = vcs_oidmap_slot(m, oid);

	git_oid_cpy(&m->keys[h], oid);
	m->vals[h] = val;
}

size_t vcs_oidmap_get(const struct vcs_oidmap *m, const git_oid *oid)
{
	return m->vals[vcs_oidmap_slot(m, oid)];
}

void vcs_oidmap_release(struct vcs_oidmap *m)
{
	free(m->keys);
	free(m->vals);
}

/*
 * The parents of a commit straight from its raw object ("tree X\nparent Y\n
 * parent Z\nauthor ..."): cheaper than git_commit_lookup(), which also
 * parses identities and copies the message, on hundreds of thousands of
 * commits. *pv starts as a caller's array of *palloc entries and is
 * malloced when it must grow.
 */
static int commit_parents(git_odb *odb, const git_oid *oid, git_oid **pv, size_t *pc,
			  size_t *palloc)
{
	git_odb_object *obj;
	const char *p, *end;

	if (git_odb_read(&obj, odb, oid) < 0)
		return -1;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(obj);
		return -1;
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);

		if (!nl)
			break;
		if ((size_t)(nl - p) == 7 + VCS_HEXSZ && !memcmp(p, "parent ", 7)) {
			if (*pc == *palloc) {
				git_oid *n = xmalloc(2 * *palloc * sizeof(*n));

				memcpy(n, *pv, *pc * sizeof(*n));
				if (*palloc > 64)
					free(*pv);
				*pv = n;
				*palloc *= 2;
			}
			if (git_oid_fromstrn(&(*pv)[*pc], p + 7, VCS_HEXSZ) < 0)
				break;
			(*pc)++;
		} else if (!starts_with(p, "tree ")) {
			break;	/* parents come right after the tree */
		}
		p = nl + 1;
	}
	git_odb_object_free(obj);
	return 0;
}

/*
 * libgit2 1.5 cannot walk past a shallow clone's boundary (and leaks when it
 * tries); even a walk that hides a good commit reaches it. Say so up front.
 */
int vcs_refuse_shallow(git_repository *repo)
{
	if (git_repository_is_shallow(repo) != 1)
		return 0;
	return error("'%s' is a shallow clone: culprit needs the history between the good "
		     "and bad commits (git fetch --unshallow)",
		     git_repository_workdir(repo) ? git_repository_workdir(repo)
						  : git_repository_path(repo));
}

static int load_dag(git_repository *repo, const char *bad, const char *const *goods,
		    size_t goods_nr, size_t limit, struct vcs_dag *out)
{
	git_revwalk *walk = NULL;
	git_odb *odb = NULL;
	git_oid oid, *oids = NULL;
	size_t nr = 0, alloc = 0;
	struct vcs_oidmap map;
	int ret = -1, err;

	if (vcs_refuse_shallow(repo) < 0 || vcs_resolve_oid(repo, bad, &oid) < 0)
		return -1;
	if (git_revwalk_new(&walk, repo) < 0)
		return vcs_git_fail("cannot walk history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_push(walk, &oid) < 0) {
		vcs_git_fail("cannot walk from '%s'", bad);
		goto out;
	}
	for (size_t i = 0; i < goods_nr; i++) {
		git_oid g;

		if (vcs_resolve_oid(repo, goods[i], &g) < 0)
			goto out;
		if (git_revwalk_hide(walk, &g) < 0) {
			vcs_git_fail("cannot hide '%s'", goods[i]);
			goto out;
		}
	}
	while (!(err = git_revwalk_next(&oid, walk))) {
		if (limit && nr >= limit) {
			error("more than %zu commits between the good and bad commits", limit);
			goto out;
		}
		ALLOC_GROW(oids, nr + 1, alloc);
		git_oid_cpy(&oids[nr++], &oid);
	}
	if (err != GIT_ITEROVER) {
		vcs_git_fail("history walk failed");
		goto out;
	}

	vcs_oidmap_init(&map, nr);
	for (size_t i = 0; i < nr; i++)
		vcs_oidmap_put(&map, &oids[i], i);
	out->nr = nr;
	out->hash = xcalloc(nr + 1, sizeof(*out->hash));
	out->parents = xcalloc(nr + 1, sizeof(*out->parents));
	out->parents_nr = xcalloc(nr + 1, sizeof(*out->parents_nr));
	out->is_merge = xcalloc(nr + 1, sizeof(*out->is_merge));
	if (git_repository_odb(&odb, repo) < 0) {
		vcs_git_fail("cannot read the object database");
		vcs_oidmap_release(&map);
		vcs_dag_release(out);
		goto out;
	}
	for (size_t i = 0; i < nr; i++) {
		git_oid parents[64], *pv = parents;
		size_t pc = 0, palloc = ARRAY_SIZE(parents);

		git_oid_tostr(out->hash[i], VCS_HEXSZ + 1, &oids[i]);
		if (commit_parents(odb, &oids[i], &pv, &pc, &palloc) < 0) {
			vcs_git_fail("cannot read commit %s", out->hash[i]);
			if (pv != parents)
				free(pv);
			vcs_oidmap_release(&map);
			vcs_dag_release(out);
			goto out;
		}
		out->is_merge[i] = pc > 1;
		out->parents[i] = xcalloc(pc + 1, sizeof(**out->parents));
		for (size_t p = 0; p < pc; p++) {
			size_t idx = vcs_oidmap_get(&map, &pv[p]);

			if (idx == SIZE_MAX)
				continue;	/* outside the slice */
			if (idx >= i)
				BUG("revwalk gave a child before its parent");
			out->parents[i][out->parents_nr[i]++] = idx;
		}
		if (pv != parents)
			free(pv);
	}
	vcs_oidmap_release(&map);
	ret = 0;
out:
	git_odb_free(odb);
	free(oids);
	git_revwalk_free(walk);
	return ret;
}

int vcs_load_dag(struct vcs_repo *repo, const char *bad, const char *const *goods,
		 size_t goods_nr, size_t limit, struct vcs_dag *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	vcs_lock(repo);
	ret = load_dag(repo->repo, bad, goods, goods_nr, limit, out);
	vcs_unlock(repo);
	return ret;
}

void vcs_dag_release(struct vcs_dag *dag)
{
	if (dag->parents)
		for (size_t i = 0; i < dag->nr; i++)
			free(dag->parents[i]);
	free(dag->parents);
	free(dag->parents_nr);
	free(dag->hash);
	free(dag->is_merge);
	memset(dag, 0, sizeof(*dag));
}

int vcs_is_ancestor(struct vcs_repo *repo, const char *ancestor, const char *descendant)
{
	git_oid a, d;
	int ret;

	vcs_lock(repo);
	if (vcs_resolve_oid(repo->repo, ancestor, &a) < 0 ||
	    vcs_resolve_oid(repo->repo, descendant, &d) < 0) {
		vcs_unlock(repo);
		return -1;
	}
	if (git_oid_equal(&a, &d))
		ret = 1;
	else if ((ret = git_graph_descendant_of(repo->repo, &d, &a)) < 0)
		vcs_git_fail("cannot test ancestry of %s and %s", ancestor, descendant);
	vcs_unlock(repo);
	return ret < 0 ? -1 : ret;
}

int vcs_merge_bases(struct vcs_repo *repo, const char *a, const char *b, char out[VCS_HEXSZ + 1])
{
	git_oid oa, ob;
	git_oidarray bases = { 0 };
	int ret;

	vcs_lock(repo);
	if (vcs_resolve_oid(repo->repo, a, &oa) < 0 || vcs_resolve_oid(repo->repo, b, &ob) < 0) {
		vcs_unlock(repo);
		return -1;
	}
	ret = git_merge_bases(&bases, repo->repo, &oa, &ob);
	if (ret == GIT_ENOTFOUND) {
		ret = 0;
	} else if (ret < 0) {
		vcs_git_fail("cannot find the merge base of %s and %s", a, b);
		ret = -1;
	} else {
		git_oid_tostr(out, VCS_HEXSZ + 1, &bases.ids[0]);
		ret = bases.count > INT_MAX ? INT_MAX : (int)bases.count;
		git_oidarray_dispose(&bases);
	}
	vcs_unlock(repo);
	return ret;
}
