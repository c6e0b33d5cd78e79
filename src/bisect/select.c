// SPDX-License-Identifier: Apache-2.0
/*
 * select.c - git bisect's selection of candidates (see select.h):
 * --first-parent, -- PATH... and --skip on the slice the engine loaded.
 *
 * The slice is walked from its last commit towards its parents (children
 * before parents: the slice is in topological order). Each reached commit
 * decides which of its parents are followed and whether it stays, as git's
 * revision walk does with its default history simplification
 * (try_to_simplify_commit()): a merge TREESAME to a parent (no change to
 * the paths against it) is dropped and only that parent followed; any
 * other commit stays when it changes the paths. Then, parents first, each
 * commit's nearest kept ancestors along followed edges become the parents
 * of the kept ones.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"
#include "evidence.h"

/* literal pathspecs (a file or a directory) and globs, as git reads them */
static bool path_matches(const char *path, const struct strvec *specs)
{
	for (size_t i = 0; i < specs->nr; i++) {
		const char *s = specs->v[i];
		size_t n = strlen(s);

		while (n && s[n - 1] == '/')
			n--;
		if (!n || !strcmp(s, "."))
			return true;
		if (!strncmp(path, s, n) && (path[n] == '\0' || path[n] == '/'))
			return true;
		if (strpbrk(s, "*?[") && !fnmatch(s, path, 0))
			return true;
	}
	return false;
}

/* 1 when hash changes none of the paths against its nth parent, 0, -1 */
static int treesame(struct bisect_history *h, const char *hash, unsigned int nth,
		    const struct strvec *specs)
{
	struct strvec changed = STRVEC_INIT;
	int ret = 1;

	if (h->changed_files(h->ctx, hash, nth, &changed) < 0)
		return -1;
	for (size_t i = 0; i < changed.nr && ret; i++)
		if (path_matches(changed.v[i], specs))
			ret = 0;
	strvec_clear(&changed);
	return ret;
}

struct walk {
	const struct vcs_dag *dag;
	size_t *by_hash;	/* indices sorted by hash */
	bool *keep, *reach;
	size_t **follow;	/* followed parents, slice indices */
	size_t *follow_nr;
};

static int cmp_idx(const void *a, const void *b, void *arg)
{
	const struct vcs_dag *d = arg;

	return strcmp(d->hash[*(const size_t *)a], d->hash[*(const size_t *)b]);
}

static long index_of(const struct walk *w, const char *hash)
{
	size_t lo = 0, hi = w->dag->nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w->dag->hash[w->by_hash[mid]], hash);

		if (!c)
			return (long)w->by_hash[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* follow parent `hash` of node i (when it is in the slice) */
static void follow(struct walk *w, size_t i, const char *hash)
{
	long p = index_of(w, hash);

	if (p < 0)
		return;
	w->reach[p] = true;
	w->follow[i] = xrealloc(w->follow[i], (w->follow_nr[i] + 1) * sizeof(size_t));
	w->follow[i][w->follow_nr[i]++] = (size_t)p;
}

/* node i: which parents are followed, and does it stay? 0 or -1 */
static int visit(const struct bisect_job *job, struct bisect_history *h, struct walk *w, size_t i)
{
	struct vcs_commit c = { 0 };
	const char *hash = w->dag->hash[i];
	int ret = 0, same = 0;

	if (h->commit_info(h->ctx, hash, &c) < 0)
		return -1;
	if (job->first_parent || c.parents_nr <= 1) {
		if (job->paths.nr)
			same = treesame(h, hash, 0, &job->paths);
		w->keep[i] = same == 0;
		if (c.parents_nr)
			follow(w, i, c.parents[0]);
	} else {
		/* a merge: the first parent it is TREESAME to is all that is followed */
		for (size_t j = 0; j < c.parents_nr && !same; j++) {
			same = treesame(h, hash, (unsigned int)j, &job->paths);
			if (same == 1)
				follow(w, i, c.parents[j]);
		}
		w->keep[i] = same == 0;
		for (size_t j = 0; j < c.parents_nr && !same; j++)
			follow(w, i, c.parents[j]);
	}
	if (same < 0)
		ret = -1;
	if (h->release_commit)
		h->release_commit(h->ctx, &c);
	return ret;
}

static void add_unique(size_t **v, size_t *nr, size_t x)
{
	for (size_t k = 0; k < *nr; k++)
		if ((*v)[k] == x)
			return;
	*v = xrealloc(*v, (*nr + 1) * sizeof(**v));
	(*v)[(*nr)++] = x;
}

/* the kept nodes, their parents the nearest kept ancestors; dag cut in place */
static void rewire(struct walk *w, struct vcs_dag *dag)
{
	size_t n = dag->nr, kept = 0;
	size_t **near = xcalloc(n + 1, sizeof(*near)), *near_nr = xcalloc(n + 1, sizeof(*near_nr));
	size_t *newidx = xcalloc(n + 1, sizeof(*newidx));

	for (size_t i = 0; i < n; i++) {
		if (!w->reach[i])
			continue;
		for (size_t k = 0; k < w->follow_nr[i]; k++) {
			size_t p = w->follow[i][k];

			if (w->keep[p]) {
				add_unique(&near[i], &near_nr[i], p);
				continue;
			}
			for (size_t m = 0; m < near_nr[p]; m++)
				add_unique(&near[i], &near_nr[i], near[p][m]);
		}
		if (w->keep[i])
			newidx[i] = kept++;
	}
	kept = 0;
	for (size_t i = 0; i < n; i++) {
		free(dag->parents[i]);
		if (!w->reach[i] || !w->keep[i]) {
			free(near[i]);
			continue;
		}
		for (size_t k = 0; k < near_nr[i]; k++)
			near[i][k] = newidx[near[i][k]];
		memmove(dag->hash[kept], dag->hash[i], sizeof(dag->hash[i]));
		dag->is_merge[kept] = dag->is_merge[i];
		dag->parents[kept] = near[i];
		dag->parents_nr[kept] = near_nr[i];
		kept++;
	}
	dag->nr = kept;
	free(near);
	free(near_nr);
	free(newidx);
}

int bisect_select_slice(const struct bisect_job *job, struct bisect_history *h,
			struct vcs_dag *dag)
{
	size_t n = dag->nr;
	struct walk w = { .dag = dag };
	int ret = 0;

	if ((!job->first_parent && !job->paths.nr) || !n)
		return 0;
	if (!h->commit_info || (job->paths.nr && !h->changed_files))
		return error("this history cannot select commits by parent or by path");
	w.by_hash = xmalloc(n * sizeof(*w.by_hash));
	for (size_t i = 0; i < n; i++)
		w.by_hash[i] = i;
	qsort_r(w.by_hash, n, sizeof(*w.by_hash), cmp_idx, (void *)dag);
	w.keep = xcalloc(n, sizeof(*w.keep));
	w.reach = xcalloc(n, sizeof(*w.reach));
	w.follow = xcalloc(n, sizeof(*w.follow));
	w.follow_nr = xcalloc(n, sizeof(*w.follow_nr));
	w.reach[n - 1] = true;
	for (size_t i = n; i-- > 0 && !ret;)
		if (w.reach[i] && visit(job, h, &w, i) < 0)
			ret = error("cannot read commit %s to select the candidates", dag->hash[i]);
	w.keep[n - 1] = true;	/* the end of the search stays */
	if (!ret)
		rewire(&w, dag);
	for (size_t i = 0; i < n; i++)
		free(w.follow[i]);
	free(w.follow);
	free(w.follow_nr);
	free(w.keep);
	free(w.reach);
	free(w.by_hash);
	return ret;
}

/* mark the candidates of A..B (reachable from B, not from A) */
static int skip_range(struct bisect_history *h, struct bisect_state *st, const char *spec,
		      const char *dots)
{
	char a[VCS_HEXSZ + 1], b[VCS_HEXSZ + 1];
	char *left = xstrndup(spec, (size_t)(dots - spec));
	int ret = 0;

	if (h->resolve(h->ctx, *left ? left : "HEAD", a) < 0 ||
	    h->resolve(h->ctx, dots[2] ? dots + 2 : "HEAD", b) < 0) {
		free(left);
		return error("--skip %s: cannot resolve the range", spec);
	}
	free(left);
	for (size_t x = 0; x + 1 < st->dag.nr; x++) {
		int in_b = h->is_ancestor(h->ctx, st->dag.hash[x], b);
		int in_a = in_b == 1 ? h->is_ancestor(h->ctx, st->dag.hash[x], a) : 0;

		if (in_b < 0 || in_a < 0) {
			ret = -1;
			break;
		}
		if (in_b && !in_a)
			st->failed[x] = true;
	}
	return ret;
}

int bisect_select_skips(const struct bisect_job *job, struct bisect_history *h,
			struct bisect_state *st)
{
	for (size_t i = 0; i < job->skips.nr; i++) {
		const char *spec = job->skips.v[i], *dots = strstr(spec, "..");
		char hash[VCS_HEXSZ + 1];
		long node;

		if (dots) {
			if (!h->is_ancestor)
				return error("--skip %s: this history cannot walk ranges", spec);
			if (skip_range(h, st, spec, dots) < 0)
				return -1;
			continue;
		}
		if (h->resolve(h->ctx, spec, hash) < 0)
			return error("--skip %s: cannot resolve it", spec);
		node = bisect_node_of(st, hash);
		if (node >= 0 && (size_t)node + 1 < st->dag.nr)	/* never the search's end */
			st->failed[node] = true;
	}
	return 0;
}
