// SPDX-License-Identifier: Apache-2.0
/*
 * release.c - the other end of the range: with no good commit, release tags
 * are walked back from bad until one does not crash (as syzbot does); with
 * given good commits, the culprit's parents among them are tested before
 * the answer rests on them (see engine.h).
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../util/util.h"

/* Release tags tried at most when the job sets no release-limit. */
#define DEFAULT_RELEASE_LIMIT 20

/*
 * A tag as vX.Y[.Z][-rcN]: *sub is true for X.Y.Z and release candidates,
 * false for X.Y and for tags of another shape (as syzkaller's
 * ParseReleaseTag() and pickReleaseTags() count them).
 */
static bool is_sub_release(const char *tag)
{
	const char *s = tag[0] == 'v' ? tag + 1 : tag;
	int dots = 0;

	if (!(*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++) {
		if (*s == '.')
			dots++;
		else if (!strncmp(s, "-rc", 3))
			return true;
		else if (!(*s >= '0' && *s <= '9'))
			return false;
	}
	return dots >= 2;
}

/*
 * syzbot's thinning of the tags to try (newest first): the 2 newest
 * sub-releases before the first X.Y release (and their middle one when
 * there are more than 5), then X.Y releases with a step growing from 1 to
 * 2 (from the 4th) and 3 (from the 12th), the oldest always kept.
 */
static void thin_tags(struct strvec *tags, struct strvec *commits)
{
	struct strvec t = STRVEC_INIT, c = STRVEC_INIT;
	size_t subs = 0, rel = 0, nrel = 0;	/* rel: index among the X.Y releases */

	while (subs < tags->nr && is_sub_release(tags->v[subs]))
		subs++;
	for (size_t i = subs; i < tags->nr; i++)
		nrel += !is_sub_release(tags->v[i]);
	for (size_t i = 0; i < subs; i++) {
		if (i < 2 || (subs > 5 && i == subs / 2)) {
			strvec_push(&t, tags->v[i]);
			strvec_push(&c, commits->v[i]);
		}
	}
	for (size_t i = subs; i < tags->nr; i++) {
		size_t step = rel >= 11 ? 3 : rel >= 3 ? 2 : 1;

		if (is_sub_release(tags->v[i]))
			continue;	/* sub-releases of older versions: not tried */
		if (rel % step == 0 || rel == nrel - 1) {
			strvec_push(&t, tags->v[i]);
			strvec_push(&c, commits->v[i]);
		}
		rel++;
	}
	strvec_clear(tags);
	strvec_clear(commits);
	*tags = t;
	*commits = c;
}

int release_walk(struct engine *e, const char *bad, char good[VCS_HEXSZ + 1],
		 char last_bad[VCS_HEXSZ + 1])
{
	struct strvec tags = STRVEC_INIT, commits = STRVEC_INIT;
	int limit = e->job->release_limit > 0 ? e->job->release_limit : DEFAULT_RELEASE_LIMIT;
	int tried = 0, ret = 0;

	if (!e->h->release_tags ||
	    e->h->release_tags(e->h->ctx, bad, e->job->release_pattern, &tags, &commits) < 0) {
		ret = -2;
		goto out;
	}
	if (e->job->policy == BISECT_POLICY_SYZBOT)
		thin_tags(&tags, &commits);
	for (size_t i = 0; i < tags.nr && tried < limit; i++) {
		struct bisect_step *s;
		struct tcommit *t;
		enum bisect_verdict v;

		if (!strcmp(commits.v[i], bad))
			continue;
		tried++;
		s = test_commit(e, commits.v[i], tags.v[i], BISECT_STEP_RELEASE, BISECT_PLAN_CHECK,
				&t);
		if (!s) {
			ret = -1;
			goto out;
		}
		v = step_verdict(e, s, t);
		step_decide(e, s, v, false);
		if (v == BISECT_VERDICT_GOOD) {
			strcpy(good, commits.v[i]);
			ret = 1;
			goto out;
		}
		if (v == BISECT_VERDICT_BAD)
			strcpy(last_bad, commits.v[i]);
		if (e->job->release_floor && !strcmp(tags.v[i], e->job->release_floor))
			break;
	}
	if (!tried)
		ret = -2;
out:
	strvec_clear(&tags);
	strvec_clear(&commits);
	return ret;
}

int check_good_parents(struct engine *e, size_t culprit, const struct strvec *goods, bool again)
{
	struct vcs_commit info = { 0 };
	int ret = 0;

	if (!e->h->commit_info ||
	    e->h->commit_info(e->h->ctx, e->st.dag.hash[culprit], &info) < 0)
		return 0;
	for (size_t i = 0; i < info.parents_nr && !ret; i++) {
		const char *par = info.parents[i];
		bool is_good = false;
		struct bisect_step *s;
		struct tcommit *t;
		enum bisect_verdict v;

		for (size_t k = 0; k < goods->nr; k++)
			is_good |= !strcmp(goods->v[k], par);
		if (!is_good || (bisect_find_tested(&e->st, par) && !again))
			continue;
		s = test_commit(e, par, NULL, BISECT_STEP_GOOD, BISECT_PLAN_CHECK, &t);
		if (!s) {
			ret = -1;
			break;
		}
		v = step_verdict(e, s, t);
		step_decide(e, s, v, false);
		bisect_posterior(&e->st);
		/* crashing at the rate of the bad side: the policy answers "no culprit" */
		if (v == BISECT_VERDICT_BAD && !e->st.sum.top_is_none && !again) {
			char *msg = xstrfmt("the good commit %s crashes too", par);

			engine_fail(e, BISECT_BAD_INPUT, msg);
			free(msg);
			ret = 1;
		} else {
			ret = 2;	/* new evidence: the policy looks again */
		}
	}
	if (e->h->release_commit)
		e->h->release_commit(e->h->ctx, &info);
	return ret;
}
