// SPDX-License-Identifier: Apache-2.0
/*
 * anchors.c - one scan of the input for every anchor of both halves of the
 * parser (see anchors.h): a union of 2-byte filters (8 KiB of bits), each
 * candidate then checked against the literal sets and trigger words.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "anchors.h"
#include "formats.h"
#include "usint.h"
#include "util/util.h"

static void push(struct offsets *o, size_t v)
{
	ALLOC_GROW(o->v, o->nr + 1, o->alloc);
	o->v[o->nr++] = v;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* the union of the first filters: the same for every input */
static uint64_t bits[1024];
static struct litset near_lits;
static pthread_once_t bits_once = PTHREAD_ONCE_INIT;

static void bits_init(void)
{
	const struct ctable *t = formats_get();

	litset_init(&near_lits, anchor_lits);
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		bits[i] = t->prefilter.first2[i] | t->suppression_lits.first2[i] | near_lits.first2[i];
	us_trigger_pairs(bits);
}

void anchors_scan(const char *buf, size_t len, struct anchors *a)
{
	const struct ctable *t = formats_get();
	const unsigned char *b = (const unsigned char *)buf;
	bool sorted = true;

	_Static_assert(ARRAY_SIZE(a->near) == A__COUNT, "one offsets array per user-space anchor");
	memset(a, 0, sizeof(*a));
	pthread_once(&bits_once, bits_init);
	if (len && us_glog_start(buf, len))
		push(&a->trig, 0);
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned pair = b[i] | b[i + 1] << 8;
		size_t at[8], n;

		if (!(bits[pair / 64] & (1ull << (pair % 64))))
			continue;
		if ((t->prefilter.first2[pair / 64] & (1ull << (pair % 64))) &&
		    litset_at(&t->prefilter, buf, len, i))
			push(&a->pre, i);
		if ((t->suppression_lits.first2[pair / 64] & (1ull << (pair % 64))) &&
		    litset_at(&t->suppression_lits, buf, len, i))
			push(&a->sup, i);
		if (near_lits.first2[pair / 64] & (1ull << (pair % 64))) {
			int w = litset_which(&near_lits, buf, len, i);

			if (w >= 0)
				push(&a->near[w], i);
		}
		n = us_triggers_at(buf, len, i, at, ARRAY_SIZE(at));
		for (size_t k = 0; k < n; k++) {
			if (a->trig.nr && at[k] <= a->trig.v[a->trig.nr - 1]) {
				if (at[k] == a->trig.v[a->trig.nr - 1])
					continue;
				sorted = false;
			}
			push(&a->trig, at[k]);
		}
	}
	if (!sorted) {
		/* a word found by a pair further in: by start, once each */
		size_t kept = 0;

		qsort(a->trig.v, a->trig.nr, sizeof(*a->trig.v), cmp_size);
		for (size_t i = 0; i < a->trig.nr; i++)
			if (!kept || a->trig.v[kept - 1] != a->trig.v[i])
				a->trig.v[kept++] = a->trig.v[i];
		a->trig.nr = kept;
	}
}

void anchors_release(struct anchors *a)
{
	free(a->pre.v);
	free(a->sup.v);
	free(a->trig.v);
	for (size_t i = 0; i < ARRAY_SIZE(a->near); i++)
		free(a->near[i].v);
	memset(a, 0, sizeof(*a));
}

size_t offsets_from(const struct offsets *o, size_t pos)
{
	size_t lo = 0, hi = o->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->v[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
