/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_fixture.h - helpers the bisect unit tests share: a linear slice
 * and tested commits with runs, without the engine. The includer defines
 * TITLE, the title of the crashes add_run() records.
 */
#ifndef CULPRIT_TEST_ENGINE_FIXTURE_H
#define CULPRIT_TEST_ENGINE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bisect/bisect.h"
#include "util/util.h"

#ifndef TITLE
#error "define TITLE before including engine_fixture.h"
#endif

static inline void hash_of(size_t i, char out[VCS_HEXSZ + 1])
{
	snprintf(out, VCS_HEXSZ + 1, "%040zx", i + 1);
}

/* a linear slice 0..n-1 (hashes as hash_of) */
static inline void linear_dag(struct vcs_dag *d, size_t n)
{
	memset(d, 0, sizeof(*d));
	d->nr = n;
	d->hash = xcalloc(n, sizeof(*d->hash));
	d->parents = xcalloc(n, sizeof(*d->parents));
	d->parents_nr = xcalloc(n, sizeof(*d->parents_nr));
	for (size_t i = 0; i < n; i++) {
		hash_of(i, d->hash[i]);
		if (i) {
			d->parents[i] = xmalloc(sizeof(size_t));
			d->parents[i][0] = i - 1;
			d->parents_nr[i] = 1;
		}
	}
}

static inline void dag_free(struct vcs_dag *d)
{
	for (size_t i = 0; i < d->nr; i++)
		free(d->parents[i]);
	free(d->parents);
	free(d->parents_nr);
	free(d->hash);
}

/* a tested commit of the slice with its own artifact; its unit */
static inline struct unit *tested(struct bisect_state *st, size_t node)
{
	struct jbuild b = { 0 };
	struct tcommit *t;

	hash_of(node, b.hash);
	b.status = BUILD_OK;
	snprintf(b.signature, sizeof(b.signature), "%064zx", node + 1);
	t = bisect_add_tested(st, &b);
	return &st->units[t->unit];
}

/* a run of u that crashed with TITLE or passed */
static inline void add_run(struct bisect_state *st, struct unit *u, bool crash)
{
	struct jrun r = { 0 };

	strcpy(r.signature, u->sig);
	r.index = u->runs;
	r.verdict = crash ? RUN_CRASHED : RUN_OK;
	if (crash) {
		r.crashes = xcalloc(1, sizeof(*r.crashes));
		r.crashes[0].title = xstrdup(TITLE);
		r.crashes_nr = 1;
	}
	unit_add_run(u, &r);
	unit_recount(st, u);
}

#endif
