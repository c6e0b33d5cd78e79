/* SPDX-License-Identifier: Apache-2.0 */
/*
 * anchors.h - the cheap anchors of the whole input, found by one scan
 * (internal to src/report/).
 *
 * report_parse() scans its input once for every pair of bytes that may
 * start a kernel header or marker (the prefilter), a suppression's literal,
 * or a user-space trigger word, and checks each candidate: the kernel half
 * (next_hit(), scan_output()) and the user-space half (its triggers) then
 * walk these sorted offsets instead of searching the input again.
 */
#ifndef CULPRIT_REPORT_ANCHORS_H
#define CULPRIT_REPORT_ANCHORS_H

#include <stddef.h>

struct offsets {
	size_t *v;
	size_t nr, alloc;
};

struct anchors {
	struct offsets pre;	/* kernel prefilter literals (headers and markers) */
	struct offsets sup;	/* suppression literals, panic and hang-up markers */
	struct offsets trig;	/* user-space trigger words and glog lines (word starts) */
	struct offsets near[6];	/* the user-space anchors (usint.h's enum anchor_id) */
};

void anchors_scan(const char *buf, size_t len, struct anchors *a);
void anchors_release(struct anchors *a);
/* Index of the first offset >= pos in o (o->nr when none). */
size_t offsets_from(const struct offsets *o, size_t pos);

#endif
