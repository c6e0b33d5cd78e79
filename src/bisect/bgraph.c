// SPDX-License-Identifier: Apache-2.0
/*
 * bgraph.c - walks over the candidate slice of the DAG (see posterior.h).
 *
 * bgraph_mass() gives, for every X, the sum of a weight over anc(X). Along
 * a line, mass(X) = w(X) + mass(parent). A merge M with first parent P
 * adds the ancestors of its other parents that are not ancestors of P:
 *	mass(M) = w(M) + mass(P) + sum of w over excl(M),
 * excl(M) = anc(other parents) \ anc(P), a disjoint union. excl(M) depends
 * on the graph only, so it is found once, the way git finds merge bases:
 * a walk from all parents at once in decreasing index (indices are
 * topological), each node painted "from P" and/or "from another parent",
 * that stops when every node left to visit is painted "from P". The walk
 * visits excl(M) and the part of anc(P) down to where the branches forked,
 * so a kernel-like history (short-lived branches merged back) costs about
 * N + sum of |excl(M)|, instead of the sum of |anc(M)|, which is quadratic
 * in N (a trial on 10^6 commits with 10% merges took hours). A graph where
 * the walks would cost more than WALK_BUDGET (criss-cross merges of
 * branches that forked long ago) has its remaining merges summed by a walk
 * over anc(M) each time, as before.
 */
#include <stdlib.h>
#include <string.h>

#include "posterior.h"
#include "../util/util.h"

#define FROM_FIRST 1
#define FROM_OTHER 2
#define POPPED 4

/* visits allowed for all the painting walks of one graph */
#define WALK_BUDGET(n) (64 * (size_t)(n) + ((size_t)1 << 22))

void bgraph_init(struct bgraph *g, size_t n, size_t **parents, size_t *parents_nr)
{
	memset(g, 0, sizeof(*g));
	g->n = n;
	g->parents = parents;
	g->parents_nr = parents_nr;
	g->stamp = xcalloc(n ? n : 1, sizeof(*g->stamp));
	g->epoch = 0;
	g->stack = xmalloc((n ? n : 1) * sizeof(*g->stack));
}

void bgraph_release(struct bgraph *g)
{
	free(g->stamp);
	free(g->stack);
	free(g->excl_off);
	free(g->excl);
	memset(g, 0, sizeof(*g));
}

static uint32_t next_epoch(struct bgraph *g)
{
	if (++g->epoch == 0) {
		memset(g->stamp, 0, g->n * sizeof(*g->stamp));
		g->epoch = 1;
	}
	return g->epoch;
}

void bgraph_add_ancestors(struct bgraph *g, size_t x, uint64_t *set)
{
	size_t sp = 0;

	if (bitset_test(set, x))
		return;
	bitset_set(set, x);
	g->stack[sp++] = x;
	while (sp) {
		size_t v = g->stack[--sp];

		for (size_t i = 0; i < g->parents_nr[v]; i++) {
			size_t u = g->parents[v][i];

			if (!bitset_test(set, u)) {
				bitset_set(set, u);
				g->stack[sp++] = u;
			}
		}
	}
}

uint64_t *bgraph_ancestors(struct bgraph *g, size_t x)
{
	/* one spare word: callers size every set of this graph the same way */
	uint64_t *set = xcalloc(bitset_words(g->n) + 1, sizeof(uint64_t));

	bgraph_add_ancestors(g, x, set);
	return set;
}

/* sum of w over anc(x), by a walk (merges past the budget) */
static double walk_mass(struct bgraph *g, size_t x, const double *w)
{
	uint32_t e = next_epoch(g);
	size_t sp = 0;
	double sum = 0;

	g->stamp[x] = e;
	g->stack[sp++] = x;
	while (sp) {
		size_t v = g->stack[--sp];

		sum += w[v];
		for (size_t i = 0; i < g->parents_nr[v]; i++) {
			size_t u = g->parents[v][i];

			if (g->stamp[u] != e) {
				g->stamp[u] = e;
				g->stack[sp++] = u;
			}
		}
	}
	return sum;
}

/* the painting walk's scratch: a max-heap of indices, paints, what to clear */
struct paint {
	size_t *heap, heap_nr;
	unsigned char *flag;
	size_t *touched, touched_nr;
	size_t unfirst;		/* queued nodes not painted "from P" */
	size_t visits;
};

static void heap_push(struct paint *p, size_t v)
{
	size_t i = p->heap_nr++;

	while (i && p->heap[(i - 1) / 2] < v) {
		p->heap[i] = p->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	p->heap[i] = v;
}

static size_t heap_pop(struct paint *p)
{
	size_t top = p->heap[0], last = p->heap[--p->heap_nr], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= p->heap_nr)
			break;
		if (c + 1 < p->heap_nr && p->heap[c + 1] > p->heap[c])
			c++;
		if (p->heap[c] <= last)
			break;
		p->heap[i] = p->heap[c];
		i = c;
	}
	if (p->heap_nr)
		p->heap[i] = last;
	return top;
}

/* add the paint `add` to u, queueing it when first reached */
static void paint_node(struct paint *p, size_t u, unsigned char add)
{
	unsigned char f = p->flag[u];

	if ((f & POPPED) || (f & add) == add)
		return;
	if (!f) {
		heap_push(p, u);
		p->touched[p->touched_nr++] = u;
		if (!(add & FROM_FIRST))
			p->unfirst++;
	} else if ((add & FROM_FIRST) && !(f & FROM_FIRST)) {
		p->unfirst--;
	}
	p->flag[u] = f | add;
}

/*
 * Append excl(m) to g->excl. Returns false (nothing appended) when the walk
 * would go past `budget` visits.
 */
static bool paint_excl(struct bgraph *g, struct paint *p, size_t m, size_t *cap, size_t budget)
{
	size_t start = g->excl_nr;
	bool ok = true;

	paint_node(p, g->parents[m][0], FROM_FIRST);
	for (size_t i = 1; i < g->parents_nr[m]; i++)
		paint_node(p, g->parents[m][i], FROM_OTHER);
	while (p->unfirst) {
		size_t v = heap_pop(p);
		unsigned char f = p->flag[v];

		if (++p->visits > budget) {
			ok = false;
			break;
		}
		p->flag[v] = f | POPPED;
		if (!(f & FROM_FIRST)) {
			p->unfirst--;
			if (g->excl_nr == *cap) {
				*cap = *cap ? 2 * *cap : 1024;
				g->excl = xrealloc(g->excl, *cap * sizeof(*g->excl));
			}
			g->excl[g->excl_nr++] = v;
		}
		for (size_t i = 0; i < g->parents_nr[v]; i++)
			paint_node(p, g->parents[v][i], f & (FROM_FIRST | FROM_OTHER));
	}
	for (size_t i = 0; i < p->touched_nr; i++)
		p->flag[p->touched[i]] = 0;
	p->touched_nr = 0;
	p->heap_nr = 0;
	p->unfirst = 0;
	if (!ok)
		g->excl_nr = start;
	return ok;
}

/*
 * excl(M) of every merge: g->excl[g->excl_off[M] .. g->excl_off[M + 1]);
 * a merge past the budget gets excl_off[M] = SIZE_MAX (walked each time).
 */
static void find_excl(struct bgraph *g)
{
	struct paint p = { 0 };
	size_t n = g->n, cap = 0, budget = WALK_BUDGET(n);
	bool over = false;

	g->excl_off = xmalloc((n + 1) * sizeof(*g->excl_off));
	p.heap = xmalloc((n ? n : 1) * sizeof(*p.heap));
	p.touched = xmalloc((n ? n : 1) * sizeof(*p.touched));
	p.flag = xcalloc(n ? n : 1, 1);
	for (size_t x = 0; x < n; x++) {
		g->excl_off[x] = g->excl_nr;
		if (g->parents_nr[x] < 2)
			continue;
		if (over || !paint_excl(g, &p, x, &cap, budget)) {
			over = true;
			g->excl_off[x] = SIZE_MAX;
		}
	}
	g->excl_off[n] = g->excl_nr;
	free(p.heap);
	free(p.touched);
	free(p.flag);
}

void bgraph_excl(struct bgraph *g)
{
	if (!g->excl_off)
		find_excl(g);
}

/* the end of excl(x): the next offset that is not a walked merge's */
size_t bgraph_excl_end(const struct bgraph *g, size_t x)
{
	size_t y = x + 1;

	while (g->excl_off[y] == SIZE_MAX)
		y++;
	return g->excl_off[y];
}

void bgraph_mass(struct bgraph *g, const double *w, double *mass)
{
	bgraph_excl(g);
	/* indices are topological: parents come first */
	for (size_t x = 0; x < g->n; x++) {
		if (g->parents_nr[x] == 0) {
			mass[x] = w[x];
		} else if (g->parents_nr[x] == 1) {
			mass[x] = w[x] + mass[g->parents[x][0]];
		} else if (g->excl_off[x] == SIZE_MAX) {
			mass[x] = walk_mass(g, x, w);
		} else {
			double sum = w[x] + mass[g->parents[x][0]];

			for (size_t i = g->excl_off[x], end = bgraph_excl_end(g, x); i < end; i++)
				sum += w[g->excl[i]];
			mass[x] = sum;
		}
	}
}
