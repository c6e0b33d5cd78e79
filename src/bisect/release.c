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
#define DEFAULT_RELEASE_LIMIT 10

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

int check_good_parents(struct engine *e, size_t culprit, const struct strvec *goods)
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
		if (!is_good || bisect_find_tested(&e->st, par))
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
		if (v == BISECT_VERDICT_BAD && !e->st.sum.top_is_none) {
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
