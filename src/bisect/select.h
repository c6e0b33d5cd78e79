/* SPDX-License-Identifier: Apache-2.0 */
/*
 * select.h - git bisect's selection of the candidates (src/bisect/
 * internal): what `git bisect start --first-parent BAD GOOD -- PATH...` and
 * `git bisect skip` leave to test, applied to the slice the engine loaded.
 */
#ifndef CULPRIT_BISECT_SELECT_H
#define CULPRIT_BISECT_SELECT_H

#include "bisect.h"

struct bisect_state;

/*
 * Cut the slice in place to the commits git bisect would consider: with
 * job->first_parent, the first-parent chain of its last commit; with
 * job->paths, the commits git's default history simplification keeps (a
 * commit that changes none of the paths goes; a merge that changes none
 * against one of its parents goes, and only that parent is followed). The
 * last commit (the search's end) always stays. Parents are rewired to the
 * nearest kept ancestors. Nothing to do without either option. 0, or -1
 * after error().
 */
int bisect_select_slice(const struct bisect_job *job, struct bisect_history *h,
			struct vcs_dag *dag);

/*
 * job->skips (REV or A..B, as `git bisect skip` takes them): the
 * candidates they name are never tested (st->failed), though they stay
 * candidates. 0, or -1 after error().
 */
int bisect_select_skips(const struct bisect_job *job, struct bisect_history *h,
			struct bisect_state *st);

#endif
