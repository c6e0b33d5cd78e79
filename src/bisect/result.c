// SPDX-License-Identifier: Apache-2.0
/*
 * result.c - the bisection result's lifetime (its JSON form: json.c).
 */
#include <stdlib.h>
#include <string.h>

#include "bisect.h"

void bisect_result_init(struct bisect_result *res)
{
	struct bisect_result blank = BISECT_RESULT_INIT;

	*res = blank;
}

static void step_release(struct bisect_step *s)
{
	free(s->subject);
	free(s->tag);
	free(s->build_reason);
	free(s->decision);
	for (size_t i = 0; i < s->runs_nr; i++) {
		free(s->runs[i].title);
		free(s->runs[i].reason);
	}
	free(s->runs);
	strvec_clear(&s->job_ids);
}

const char *bisect_verify_status_name(enum bisect_verify_status s)
{
	switch (s) {
	case BISECT_VERIFY_SKIPPED: return "skipped";
	case BISECT_VERIFY_CRASHES: return "crashes";
	case BISECT_VERIFY_CLEAN: return "clean";
	case BISECT_VERIFY_CONFLICT: return "conflict";
	case BISECT_VERIFY_BUILD_FAILED: return "build-failed";
	}
	return "?";
}

void bisect_result_release(struct bisect_result *res)
{
	free(res->subject);
	free(res->author);
	free(res->author_email);
	free(res->date);
	strvec_clear(&res->unreliable_reasons);
	for (size_t i = 0; i < res->candidates_nr; i++)
		free(res->candidates[i].subject);
	free(res->candidates);
	for (size_t i = 0; i < res->steps_nr; i++)
		step_release(&res->steps[i]);
	free(res->steps);
	free(res->crash_title);
	free(res->crash_report);
	free(res->kconfig.original);
	free(res->kconfig.config);
	free(res->kconfig.reason);
	strvec_clear(&res->other_titles);
	strvec_clear(&res->to);
	strvec_clear(&res->cc);
	free(res->error);
	free(res->verification.culprit.note);
	free(res->verification.parent.note);
	free(res->verification.revert.note);
	bisect_result_init(res);
}
