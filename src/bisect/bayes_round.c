// SPDX-License-Identifier: Apache-2.0
/*
 * bayes_round.c - K probes a round and the builds ahead of the next one
 * (see round.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "round.h"
#include "../util/util.h"

/* two gains within TIE are equal (the earlier commit wins) */
#define TIE 1e-12

/* a cell lighter than this is not worth a build ahead */
#define SPECULATE_MIN_CELL 0.02

/* builds ahead look at this many of the most likely cells at most */
#define SPECULATE_CELLS 3

/* The cells the chosen probes cut the candidates into. */
struct cells {
	size_t n;		/* candidates */
	size_t nr;		/* cells */
	size_t *of;		/* the cell of each candidate */
	double *mass;		/* the weight of each cell */
	/* per-cell weight below each commit: row x holds nr entries */
	double *below;
	size_t below_alloc;
	/* a walk's scratch */
	uint32_t *stamp;
	uint32_t epoch;
	size_t *stack;
};

static void cells_init(struct cells *cl, size_t n)
{
	memset(cl, 0, sizeof(*cl));
	cl->n = n;
	cl->nr = 1;
	cl->of = xcalloc(n + 1, sizeof(*cl->of));
	cl->mass = xcalloc(n + 1, sizeof(*cl->mass));
	cl->stamp = xcalloc(n + 1, sizeof(*cl->stamp));
	cl->stack = xmalloc((n + 1) * sizeof(*cl->stack));
}

static void cells_release(struct cells *cl)
{
	free(cl->of);
	free(cl->mass);
	free(cl->below);
	free(cl->stamp);
	free(cl->stack);
}

static void cells_weigh(struct cells *cl, const double *w)
{
	memset(cl->mass, 0, cl->nr * sizeof(*cl->mass));
	for (size_t c = 0; c < cl->n; c++)
		cl->mass[cl->of[c]] += w[c];
}

/* row x of `below`: the weight of each cell among anc(x), by a walk */
static void walk_row(struct cells *cl, const struct bgraph *g, const double *w, size_t x,
		     double *row)
{
	size_t sp = 0;

	if (++cl->epoch == 0) {
		memset(cl->stamp, 0, cl->n * sizeof(*cl->stamp));
		cl->epoch = 1;
	}
	memset(row, 0, cl->nr * sizeof(*row));
	cl->stamp[x] = cl->epoch;
	cl->stack[sp++] = x;
	while (sp) {
		size_t v = cl->stack[--sp];

		row[cl->of[v]] += w[v];
		for (size_t i = 0; i < g->parents_nr[v]; i++) {
			size_t u = g->parents[v][i];

			if (cl->stamp[u] != cl->epoch) {
				cl->stamp[u] = cl->epoch;
				cl->stack[sp++] = u;
			}
		}
	}
}

/*
 * below[x][i] = the weight of cell i among anc(x), for every x at once: as
 * bgraph_mass(), a row per commit, copied from the first parent; a merge
 * adds its excl() list (bgraph.c) or, past the walk budget, is walked.
 */
static void cells_below(struct cells *cl, struct bgraph *g, const double *w)
{
	size_t nr = cl->nr;

	bgraph_excl(g);
	ALLOC_GROW(cl->below, cl->n * nr + 1, cl->below_alloc);
	for (size_t x = 0; x < cl->n; x++) {
		double *row = cl->below + x * nr;

		if (g->parents_nr[x] > 1 && g->excl_off[x] != SIZE_MAX) {
			size_t end = bgraph_excl_end(g, x);

			memcpy(row, cl->below + g->parents[x][0] * nr, nr * sizeof(*row));
			row[cl->of[x]] += w[x];
			for (size_t k = g->excl_off[x]; k < end; k++)
				row[cl->of[g->excl[k]]] += w[g->excl[k]];
		} else if (g->parents_nr[x] == 1) {
			memcpy(row, cl->below + g->parents[x][0] * nr, nr * sizeof(*row));
			row[cl->of[x]] += w[x];
		} else if (g->parents_nr[x] == 0) {
			memset(row, 0, nr * sizeof(*row));
			row[cl->of[x]] = w[x];
		} else {
			walk_row(cl, g, w, x, row);
		}
	}
}

/* cut every cell by anc(x) */
static void cells_split(struct cells *cl, struct bgraph *g, size_t x)
{
	uint64_t *anc = bgraph_ancestors(g, x);
	size_t *id = xmalloc(2 * cl->nr * sizeof(*id)), nr = 0;

	for (size_t i = 0; i < 2 * cl->nr; i++)
		id[i] = (size_t)-1;
	for (size_t c = 0; c < cl->n; c++) {
		size_t k = 2 * cl->of[c] + bitset_test(anc, c);

		if (id[k] == (size_t)-1)
			id[k] = nr++;
		cl->of[c] = id[k];
	}
	cl->nr = nr;
	free(id);
	free(anc);
}

/* what x adds, given the cells: see round.h */
static double gain(const struct cells *cl, const struct round_pick_in *in, const double *row,
		   bool fix)
{
	double sum = 0;

	for (size_t i = 0; i < cl->nr; i++) {
		if (cl->mass[i] <= 0)
			continue;
		sum += cl->mass[i] * probe_information(row[i] / cl->mass[i], in->p_step,
						       in->eps_step, fix);
	}
	return sum;
}

static int cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

static size_t pick_greedy(struct bisect_state *st, const struct round_pick_in *in, size_t max,
			  size_t *out)
{
	size_t n = st->dag.nr, got = 0;
	bool *taken = xcalloc(n + 1, sizeof(*taken));
	struct cells cl;
	double total = 0;

	cells_init(&cl, n);
	for (size_t c = 0; c < n; c++)
		total += in->w[c];
	/* cells stay about got + 1 on a line; a DAG may cut more, bounded here */
	while (got < max && total > 0 && cl.nr <= 4 * max + 16) {
		double best_gain = TIE;
		long best = -1;

		cells_weigh(&cl, in->w);
		cells_below(&cl, &st->g, in->w);
		for (size_t x = 0; x < n; x++) {
			double gx;

			if (!in->eligible[x] || taken[x])
				continue;
			gx = gain(&cl, in, cl.below + x * cl.nr, st->fix) / total;
			if (gx > best_gain + TIE) {
				best_gain = gx;
				best = (long)x;
			}
		}
		if (best < 0)
			break;
		taken[best] = true;
		out[got++] = (size_t)best;
		cells_split(&cl, &st->g, (size_t)best);
	}
	cells_release(&cl);
	free(taken);
	return got;
}

static size_t pick_quantiles(struct bisect_state *st, const struct round_pick_in *in, size_t max,
			     size_t *out)
{
	size_t n = st->dag.nr, got = 0;
	double *below = xcalloc(n + 1, sizeof(*below)), total = 0;
	bool *taken = xcalloc(n + 1, sizeof(*taken));

	for (size_t c = 0; c < n; c++)
		total += in->w[c];
	bgraph_mass(&st->g, in->w, below);
	for (size_t i = 1; i <= max && total > 0; i++) {
		double target = total * (double)i / (double)(max + 1), best_d = INFINITY;
		long best = -1;

		for (size_t x = 0; x < n; x++) {
			double d = fabs(below[x] - target);

			/* a probe that splits nothing tells nothing */
			if (!in->eligible[x] || taken[x] || below[x] <= 0 || below[x] >= total)
				continue;
			if (d < best_d - TIE) {
				best_d = d;
				best = (long)x;
			}
		}
		if (best < 0)
			break;
		taken[best] = true;
		out[got++] = (size_t)best;
	}
	free(below);
	free(taken);
	return got;
}

size_t round_pick(struct bisect_state *st, const struct round_pick_in *in, size_t max,
		  size_t *out)
{
	return in->quantiles ? pick_quantiles(st, in, max, out) : pick_greedy(st, in, max, out);
}

void round_sort(size_t *probes, size_t nr)
{
	qsort(probes, nr, sizeof(*probes), cmp_index);
}

/* ------------------------------------------------------ builds ahead */

struct cell_order {
	size_t id;
	double mass;
};

static int cmp_cell_mass(const void *a, const void *b)
{
	const struct cell_order *x = a, *y = b;

	if (x->mass != y->mass)
		return x->mass < y->mass ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

static bool listed(const size_t *v, size_t nr, size_t x)
{
	for (size_t i = 0; i < nr; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* the probes the next round would pick if the culprit is in `cell` */
static size_t speculate_cell(struct bisect_state *st, const struct round_pick_in *tmpl,
			     const struct cells *cl, size_t cell, double delta, size_t k,
			     size_t *out)
{
	size_t n = st->dag.nr, got;
	double *w = xcalloc(n + 1, sizeof(*w)), *below = xcalloc(n + 1, sizeof(*below));
	bool *eligible = xcalloc(n + 1, sizeof(*eligible));
	struct round_pick_in in = *tmpl;

	for (size_t c = 0; c < n; c++)
		w[c] = cl->of[c] == cell ? st->post[c] / cl->mass[cell] : 0;
	bgraph_mass(&st->g, w, below);
	for (size_t x = 0; x < n; x++)
		eligible[x] = !st->failed[x] && below[x] >= delta && below[x] <= 1 - delta;
	in.w = w;
	in.eligible = eligible;
	got = round_pick(st, &in, k, out);
	free(w);
	free(below);
	free(eligible);
	return got;
}

size_t round_speculate(struct bisect_state *st, const struct round_pick_in *in,
		       const size_t *probes, size_t k, double delta, size_t *out, size_t max)
{
	size_t n = st->dag.nr, got = 0, *picks = xcalloc(k + 1, sizeof(*picks));
	struct cell_order *order;
	struct cells cl;

	cells_init(&cl, n);
	for (size_t j = 0; j < k; j++)
		cells_split(&cl, &st->g, probes[j]);
	cells_weigh(&cl, st->post);
	order = xcalloc(cl.nr + 1, sizeof(*order));
	for (size_t i = 0; i < cl.nr; i++)
		order[i] = (struct cell_order){ i, cl.mass[i] };
	qsort(order, cl.nr, sizeof(*order), cmp_cell_mass);
	for (size_t i = 0; i < cl.nr && i < SPECULATE_CELLS && got < max; i++) {
		size_t m;

		if (order[i].mass < SPECULATE_MIN_CELL)
			break;
		m = speculate_cell(st, in, &cl, order[i].id, delta, k, picks);
		for (size_t j = 0; j < m && got < max; j++)
			if (!listed(probes, k, picks[j]) && !listed(out, got, picks[j]))
				out[got++] = picks[j];
	}
	free(order);
	free(picks);
	cells_release(&cl);
	return got;
}
