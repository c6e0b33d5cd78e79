// SPDX-License-Identifier: Apache-2.0
/*
 * evidence.c - units of evidence, tested commits, the target crash and the
 * slice (see evidence.h). The model that turns them into a posterior is in
 * bayes.c.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "../util/util.h"

void bisect_state_init(struct bisect_state *st, const struct bisect_job *job,
		       struct bisect_result *res)
{
	memset(st, 0, sizeof(*st));
	st->job = job;
	st->res = res;
	st->fix = job->mode == BISECT_FIX;
	strvec_init(&st->target_alts);
	st->bad_unit = -1;
}

void bisect_state_release(struct bisect_state *st)
{
	for (size_t i = 0; i < st->units_nr; i++) {
		struct unit *u = &st->units[i];

		free(u->set);
		free(u->all);
		free(u->report);
		free(u->report_title);
		for (size_t k = 0; k < u->jruns_nr; k++)
			jrun_release(&u->jruns[k]);
		free(u->jruns);
	}
	free(st->units);
	for (size_t i = 0; i < st->tested_nr; i++) {
		free(st->tested[i].reason);
		free(st->tested[i].compiler);
		free(st->tested[i].artifact_dir);
	}
	free(st->tested);
	if (st->have_dag)
		bgraph_release(&st->g);
	free(st->by_hash);
	free(st->failed);
	free(st->visits);
	free(st->post);
	free(st->mass);
	free(st->w);
	posterior_work_release(&st->pw);
	free(st->target);
	strvec_clear(&st->target_alts);
}

void bisect_state_note(struct bisect_state *st, const char *text)
{
	if (st->note)
		st->note(st->note_ctx, text);
}

/* ------------------------------------------------------------- target */

static bool jcrash_matches(const struct bisect_state *st, const struct jcrash *c)
{
	if (!st->target)
		return false;
	if (c->title && !strcmp(c->title, st->target))
		return true;
	for (size_t i = 0; i < c->alts_nr; i++)
		if (!strcmp(c->alts[i], st->target))
			return true;
	for (size_t i = 0; i < st->target_alts.nr; i++)
		if (c->title && !strcmp(c->title, st->target_alts.v[i]))
			return true;
	return false;
}

bool jrun_is_target(const struct bisect_state *st, const struct jrun *r)
{
	for (size_t i = 0; i < r->crashes_nr; i++)
		if (jcrash_matches(st, &r->crashes[i]))
			return true;
	return false;
}

void bisect_choose_target(struct bisect_state *st)
{
	const struct unit *u = &st->units[st->bad_unit];
	const struct jcrash *best = NULL;
	int best_count = 0, runs = 0;
	struct strbuf seen = STRBUF_INIT;

	if (st->job->title) {
		st->target = xstrdup(st->job->title);
		return;
	}
	/*
	 * The most frequent first-crash title of the bad commit's runs (the
	 * earliest on a tie): an unrelated crash that happens to come first
	 * must not become the target.
	 */
	for (size_t i = 0; i < u->jruns_nr; i++) {
		const struct jrun *r = &u->jruns[i];
		int count = 0;

		bool first = true;

		runs += r->verdict == RUN_OK || r->verdict == RUN_CRASHED;
		if (r->verdict != RUN_CRASHED || !r->crashes_nr)
			continue;
		for (size_t k = 0; k < u->jruns_nr; k++) {
			bool same = u->jruns[k].verdict == RUN_CRASHED && u->jruns[k].crashes_nr &&
				    !strcmp(u->jruns[k].crashes[0].title, r->crashes[0].title);

			count += same;
			first &= !(same && k < i);
		}
		if (first)
			strbuf_addf(&seen, "%s\"%s\" x%d", seen.len ? ", " : "", r->crashes[0].title,
				    count);
		if (count > best_count) {
			best_count = count;
			best = &r->crashes[0];
		}
	}
	if (!best) {
		strbuf_release(&seen);
		return;
	}
	st->target = xstrdup(best->title);
	{
		char *note = xstrfmt("target crash: \"%s\", the most frequent first crash of the "
				     "bad commit (%d of %d runs; titles seen: %s)", best->title,
				     best_count, runs, seen.buf);

		bisect_state_note(st, note);
		free(note);
	}
	strbuf_release(&seen);
	for (size_t k = 0; k < best->alts_nr; k++)
		strvec_push(&st->target_alts, best->alts[k]);
}

/* -------------------------------------------------------------- units */

struct tcommit *bisect_find_tested(struct bisect_state *st, const char *hash)
{
	for (size_t i = 0; i < st->tested_nr; i++)
		if (!strcmp(st->tested[i].hash, hash))
			return &st->tested[i];
	return NULL;
}

static int find_unit(const struct bisect_state *st, const char *sig)
{
	for (size_t i = 0; i < st->units_nr; i++)
		if (!strcmp(st->units[i].sig, sig))
			return (int)i;
	return -1;
}

static int new_unit(struct bisect_state *st, const char *sig, const char *hash)
{
	struct unit *u;

	ALLOC_GROW(st->units, st->units_nr + 1, st->units_alloc);
	u = &st->units[st->units_nr];
	memset(u, 0, sizeof(*u));
	strcpy(u->sig, sig);
	strcpy(u->first_commit, hash);
	if (st->have_dag)
		u->set = xcalloc(bitset_words(st->dag.nr) + 1, sizeof(uint64_t));
	return (int)st->units_nr++;
}

/* Put commit t into the slice (and its unit's ancestor sets). */
static void attach_to_slice(struct bisect_state *st, struct tcommit *t)
{
	struct unit *u;
	uint64_t *anc;
	size_t words = bitset_words(st->dag.nr) + 1;

	t->node = bisect_node_of(st, t->hash);
	if (t->node < 0)
		return;
	if (t->unit < 0) {
		st->failed[t->node] = true;
		return;
	}
	u = &st->units[t->unit];
	anc = bgraph_ancestors(&st->g, (size_t)t->node);
	for (size_t w = 0; w < words; w++)
		u->set[w] |= anc[w];
	if (!u->all) {
		u->all = anc;
	} else {
		for (size_t w = 0; w < words; w++)
			u->all[w] &= anc[w];
		free(anc);
	}
}

struct tcommit *bisect_add_tested(struct bisect_state *st, const struct jbuild *b)
{
	struct tcommit *t;

	ALLOC_GROW(st->tested, st->tested_nr + 1, st->tested_alloc);
	t = &st->tested[st->tested_nr++];
	memset(t, 0, sizeof(*t));
	strcpy(t->hash, b->hash);
	t->status = b->status;
	t->reason = b->reason ? xstrdup(b->reason) : NULL;
	t->compiler = b->compiler ? xstrdup(b->compiler) : NULL;
	t->artifact_dir = b->artifact_dir ? xstrdup(b->artifact_dir) : NULL;
	t->unit = -1;
	t->node = -1;
	if (b->status == BUILD_OK) {
		t->unit = find_unit(st, b->signature);
		if (t->unit < 0)
			t->unit = new_unit(st, b->signature, b->hash);
	}
	if (st->have_dag)
		attach_to_slice(st, t);
	return t;
}

void unit_add_run(struct unit *u, struct jrun *r)
{
	ALLOC_GROW(u->jruns, u->jruns_nr + 1, u->jruns_alloc);
	u->jruns[u->jruns_nr++] = *r;
	memset(r, 0, sizeof(*r));
	u->runs++;
}

void unit_recount(const struct bisect_state *st, struct unit *u)
{
	u->crashes = u->oks = u->others = u->skips = u->any_crashes = 0;
	for (size_t i = 0; i < u->jruns_nr; i++) {
		const struct jrun *r = &u->jruns[i];

		if (r->verdict == RUN_OK) {
			u->oks++;
		} else if (r->verdict == RUN_CRASHED) {
			u->any_crashes++;
			if (jrun_is_target(st, r)) {
				u->crashes++;
				if (!u->report && r->report) {
					u->report = xstrdup(r->report);
					u->report_title = xstrdup(st->target);
				}
			} else {
				u->others++;
			}
		} else {
			u->skips++;
		}
	}
}

bool unit_crashed_since(const struct bisect_state *st, const struct unit *u, size_t from)
{
	for (size_t i = from; i < u->jruns_nr; i++)
		if (u->jruns[i].verdict == RUN_CRASHED && jrun_is_target(st, &u->jruns[i]))
			return true;
	return false;
}

/* -------------------------------------------------------------- slice */

static int cmp_hash_idx(const void *a, const void *b, void *arg)
{
	const struct vcs_dag *d = arg;

	return strcmp(d->hash[*(const size_t *)a], d->hash[*(const size_t *)b]);
}

int bisect_good_side_runs(const struct bisect_state *st, int *crashes)
{
	int n = 0, k = 0;

	for (size_t i = 0; i < st->units_nr; i++) {
		const struct unit *u = &st->units[i];
		bool outside = (int)i != st->bad_unit;

		for (size_t w = 0; u->set && w < bitset_words(st->dag.nr) && outside; w++)
			outside = !u->set[w];
		if (outside) {
			n += u->crashes + u->oks;
			k += u->crashes;
		}
	}
	if (crashes)
		*crashes = k;
	return n;
}

long bisect_node_of(const struct bisect_state *st, const char *hash)
{
	size_t lo = 0, hi;

	if (!st->have_dag)
		return -1;
	hi = st->dag.nr;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(st->dag.hash[st->by_hash[mid]], hash);

		if (!c)
			return (long)st->by_hash[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

void bisect_state_set_slice(struct bisect_state *st, const struct vcs_dag *dag)
{
	size_t n = dag->nr;

	st->dag = *dag;
	st->have_dag = true;
	bgraph_init(&st->g, n, st->dag.parents, st->dag.parents_nr);
	st->by_hash = xmalloc(n * sizeof(*st->by_hash));
	for (size_t i = 0; i < n; i++)
		st->by_hash[i] = i;
	qsort_r(st->by_hash, n, sizeof(*st->by_hash), cmp_hash_idx, &st->dag);
	st->failed = xcalloc(n, sizeof(*st->failed));
	st->visits = xcalloc(n, sizeof(*st->visits));
	st->post = xcalloc(n, sizeof(double));
	st->mass = xcalloc(n, sizeof(double));
	st->w = xcalloc(n, sizeof(double));
	for (size_t i = 0; i < st->units_nr; i++)
		st->units[i].set = xcalloc(bitset_words(n) + 1, sizeof(uint64_t));
	for (size_t i = 0; i < st->tested_nr; i++)
		attach_to_slice(st, &st->tested[i]);
}
