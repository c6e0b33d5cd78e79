// SPDX-License-Identifier: Apache-2.0
/*
 * finish.c - the result of a bisection: the culprit with its signatures,
 * confidence, runner-ups and recipients; the candidate set when
 * inconclusive; the failures (see engine.h). Observers print it from the
 * RESULT event.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* runner-up candidates reported with a found culprit: at most, and their least mass */
#define RUNNER_UPS 3
#define RUNNER_UP_MIN_MASS 1e-4

static void add_candidate(struct engine *e, size_t x, double prob)
{
	struct bisect_result *res = e->res;
	struct bisect_candidate *c;
	char *subj;

	ALLOC_GROW(res->candidates, res->candidates_nr + 1, res->candidates_alloc);
	c = &res->candidates[res->candidates_nr++];
	strcpy(c->hash, e->st.dag.hash[x]);
	subject_of(e, e->st.dag.hash[x], &subj);
	c->subject = subj ? subj : xstrdup("");
	c->probability = prob;
}

/* the signature of `hash`, building it (no runs) when it was not tested */
static const char *signature_of(struct engine *e, const char *hash)
{
	struct tcommit *t = bisect_find_tested(&e->st, hash);

	if (!t) {
		/* a build for the signature only, as syzbot does */
		struct bisect_event ev = { .type = BISECT_EV_SIGNATURE_BUILD, .hash = hash };

		engine_emit(e, &ev);
		t = build_only(e, hash);
		if (!t)
			return "";
	}
	return t->unit >= 0 ? e->st.units[t->unit].sig : "";
}

static void culprit_info(struct engine *e, const char *hash, struct vcs_commit *info,
			 bool *have_info)
{
	struct bisect_result *res = e->res;

	*have_info = e->h->commit_info && e->h->commit_info(e->h->ctx, hash, info) == 0;
	if (*have_info) {
		time_t tt = (time_t)info->author_time;
		struct tm tm;
		char buf[64];

		res->subject = xstrdup(info->subject ? info->subject : "");
		res->author = xstrdup(info->author_name ? info->author_name : "");
		res->author_email = xstrdup(info->author_email ? info->author_email : "");
		gmtime_r(&tt, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		res->date = xstrdup(buf);
	} else {
		res->subject = xstrdup("");
	}
}

void finish_found(struct engine *e, size_t c, double confidence)
{
	struct bisect_result *res = e->res;
	const char *hash = e->st.dag.hash[c];
	struct vcs_commit info = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct bisect_event ev = { .type = BISECT_EV_CULPRIT, .hash = hash };
	size_t *set;
	bool have_info;

	res->outcome = BISECT_FOUND;
	strcpy(res->culprit, hash);
	res->confidence = confidence;
	culprit_info(e, hash, &info, &have_info);
	if (e->h->show_stat && e->h->show_stat(e->h->ctx, hash, &sb) == 0) {
		strbuf_rtrim(&sb);
		ev.text = sb.buf;
	}
	engine_emit(e, &ev);
	strbuf_release(&sb);

	/* signatures: the culprit's and its (first) parent's */
	snprintf(res->culprit_signature, sizeof(res->culprit_signature), "%s", signature_of(e, hash));
	/* as syzbot: a no-op change is only looked for when there is one parent */
	res->culprit_parents = have_info ? (int)info.parents_nr : 0;
	if (have_info && info.parents_nr == 1)
		snprintf(res->parent_signature, sizeof(res->parent_signature), "%s",
			 signature_of(e, info.parents[0]));

	/* the culprit checked: reruns, its parent(s), the revert (verify.c) */
	verify_culprit(e, c, have_info ? &info : NULL, &confidence);
	res->confidence = confidence;

	if (e->st.dag.is_merge && e->st.dag.is_merge[c])
		strvec_push(&res->unreliable_reasons, "the culprit is a merge commit");
	if (res->culprit_signature[0] && !strcmp(res->culprit_signature, res->parent_signature))
		strvec_push(&res->unreliable_reasons,
			    "the culprit's artifact signature equals its parent's (no-op change)");
	if (confidence < e->st.conf)
		strvec_pushf(&res->unreliable_reasons, "confidence %.3f is under the threshold %.3f",
			     confidence, e->st.conf);
	res->reliable = res->unreliable_reasons.nr == 0;

	/* what syzbot lacks: how sure we are, and who came next */
	bisect_credible_set(&e->st, 1, &set);
	for (size_t i = 0, shown = 0; i < e->st.dag.nr && shown < RUNNER_UPS; i++) {
		if (set[i] == c)
			continue;
		if (e->st.post[set[i]] < RUNNER_UP_MIN_MASS)
			break;
		add_candidate(e, set[i], e->st.post[set[i]]);
		shown++;
	}
	free(set);
	if (e->job->recipients)
		e->job->recipients(e->job->recipients_ctx, e->job->repo, hash, &res->to, &res->cc);
	if (have_info && e->h->release_commit)
		e->h->release_commit(e->h->ctx, &info);
}

void set_crash(struct engine *e, const char *hash)
{
	struct tcommit *t = hash ? bisect_find_tested(&e->st, hash) : NULL;
	struct unit *u = NULL;

	if (t && t->unit >= 0 && e->st.units[t->unit].report)
		u = &e->st.units[t->unit];
	else if (e->st.bad_unit >= 0)
		u = &e->st.units[e->st.bad_unit];
	if (!e->st.target)
		return;
	e->res->crash_title = xstrdup(e->st.target);
	if (u && u->report)
		e->res->crash_report = xstrdup(u->report);
}

void finish_no_culprit(struct engine *e)
{
	struct bisect_result *res = e->res;

	res->outcome = BISECT_NO_CULPRIT;
	res->confidence = e->st.sum.none;
	/* the policy answers it only at the job's confidence */
	res->reliable = res->confidence >= e->st.conf;
	/* the bad side: the bad end's unit; the good side: the units outside the slice */
	if (e->st.bad_unit >= 0) {
		const struct unit *u = &e->st.units[e->st.bad_unit];

		res->bad_crashes = u->crashes;
		res->bad_runs = u->crashes + u->oks;
	}
	res->good_runs = bisect_good_side_runs(&e->st, &res->good_crashes);
}

void finish_inconclusive(struct engine *e, const struct bisect_answer *a, bool skipped_only)
{
	e->res->outcome = BISECT_INCONCLUSIVE;
	e->res->skipped_only = skipped_only;
	for (size_t i = 0; i < a->nr; i++)
		add_candidate(e, a->candidates[i], a->probs ? a->probs[i] : 0);
}

void engine_fail(struct engine *e, enum bisect_outcome o, const char *msg)
{
	e->res->outcome = o;
	free(e->res->error);
	e->res->error = xstrdup(msg);
}

void engine_stopped(struct engine *e)
{
	if (e->journal_ended) {
		engine_fail(e, BISECT_INCONCLUSIVE,
			    "the journal ends here: the bisection was interrupted");
	} else {
		engine_fail(e, BISECT_INFRA,
			    "infrastructure failure: could not build or test (see the errors above)");
	}
}

void engine_finish(struct engine *e)
{
	struct bisect_event ev = { .type = BISECT_EV_RESULT };
	struct bisect_result *res = e->res;

	res->total_seconds = e->job->replay ? res->build_seconds + res->test_seconds :
					      now_seconds() - e->t0;
	engine_emit(e, &ev);
}
