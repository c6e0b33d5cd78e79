// SPDX-License-Identifier: Apache-2.0
/*
 * json.c - the bisection result as JSON (bisect_result_to_json(), see
 * bisect.h), and the observer that writes it when the result is complete
 * (struct bisect_json_writer, event.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "bisect.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *strvec_json(const struct strvec *sv)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

static const char *outcome_name(enum bisect_outcome o)
{
	switch (o) {
	case BISECT_FOUND: return "found";
	case BISECT_INCONCLUSIVE: return "inconclusive";
	case BISECT_NO_REPRO: return "no-repro";
	case BISECT_ALREADY: return "already";
	case BISECT_BAD_INPUT: return "bad-input";
	case BISECT_INFRA: return "infra";
	case BISECT_NO_CULPRIT: return "no_culprit";
	}
	return "?";
}

static const char *verdict_name(enum run_verdict v)
{
	switch (v) {
	case RUN_OK: return "OK";
	case RUN_CRASHED: return "crashed";
	case RUN_BOOT_FAILED: return "boot failed";
	case RUN_TEST_FAILED: return "basic testing failed";
	case RUN_INFRA: return "infra problem";
	case RUN_TIMED_OUT: return "timed out";
	}
	return "?";
}

static json_t *step_json(const struct bisect_step *s)
{
	json_t *o = json_object(), *runs = json_array();

	json_object_set_new(o, "commit", json_string(s->hash));
	json_object_set_new(o, "subject", str_or_null(s->subject));
	if (s->tag)
		json_object_set_new(o, "release", json_string(s->tag));
	json_object_set_new(o, "build", json_string(s->build == BUILD_FAILED ? "failed" :
						     s->build != BUILD_OK ? "infra" :
						     s->same_inputs_as[0] ? "reused" : "built"));
	if (s->same_inputs_as[0])
		json_object_set_new(o, "same_inputs_as", json_string(s->same_inputs_as));
	if (s->build_reason)
		json_object_set_new(o, "build_error", json_string(s->build_reason));
	json_object_set_new(o, "signature", str_or_null(s->signature));
	json_object_set_new(o, "build_seconds", json_real(s->build_seconds));
	json_object_set_new(o, "test_seconds", json_real(s->test_seconds));
	for (size_t i = 0; i < s->runs_nr; i++) {
		const struct bisect_run *r = &s->runs[i];
		json_t *jr = json_object();

		json_object_set_new(jr, "verdict", json_string(verdict_name(r->verdict)));
		json_object_set_new(jr, "title", str_or_null(r->title));
		if (r->reason)
			json_object_set_new(jr, "reason", json_string(r->reason));
		json_object_set_new(jr, "target", json_boolean(r->target));
		if (r->reused)
			json_object_set_new(jr, "reused", json_true());
		if (r->machine[0]) {
			json_object_set_new(jr, "machine", json_string(r->machine));
			json_object_set_new(jr, "boot_seconds", json_real(r->boot_seconds));
		}
		json_array_append_new(runs, jr);
	}
	json_object_set_new(o, "runs", runs);
	json_object_set_new(o, "decision", str_or_null(s->decision));
	/* where a cluster executor did the step's work */
	if (s->job_ids.nr) {
		json_object_set_new(o, "executor", str_or_null(s->executor));
		json_object_set_new(o, "job_ids", strvec_json(&s->job_ids));
	}
	if (s->have_ccache) {
		json_t *c = json_object();
		unsigned long n = s->ccache_hits + s->ccache_misses;

		json_object_set_new(c, "hits", json_integer((json_int_t)s->ccache_hits));
		json_object_set_new(c, "misses", json_integer((json_int_t)s->ccache_misses));
		json_object_set_new(c, "remote_hits", json_integer((json_int_t)s->ccache_remote_hits));
		json_object_set_new(c, "hit_rate", n ? json_real((double)s->ccache_hits / (double)n) :
						       json_null());
		json_object_set_new(o, "ccache", c);
	}
	return o;
}

static json_t *pair(json_t *before, json_t *after)
{
	json_t *o = json_object();

	json_object_set_new(o, "before", before);
	json_object_set_new(o, "after", after);
	return o;
}

/* the config minimisation (kernel.minimize-config) */
static json_t *kconfig_json(const struct bisect_kconfig *k)
{
	json_t *o = json_object();

	json_object_set_new(o, "used", json_boolean(k->used));
	json_object_set_new(o, "original", str_or_null(k->original));
	json_object_set_new(o, "config", str_or_null(k->config));
	if (k->reason)
		json_object_set_new(o, "reason", json_string(k->reason));
	json_object_set_new(o, "options", pair(json_integer(k->options_before),
					       json_integer(k->options_after)));
	json_object_set_new(o, "image_bytes", pair(json_integer(k->image_before),
						   json_integer(k->image_after)));
	json_object_set_new(o, "build_seconds", pair(json_real(k->build_before),
						     json_real(k->build_after)));
	json_object_set_new(o, "tests", json_integer(k->tests));
	json_object_set_new(o, "builds", json_integer(k->builds));
	json_object_set_new(o, "runs", json_integer(k->runs));
	json_object_set_new(o, "seconds", json_real(k->seconds));
	return o;
}

static json_t *check_json(const struct bisect_verify_check *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "status", json_string(bisect_verify_status_name(c->status)));
	json_object_set_new(o, "commit", str_or_null(c->hash));
	json_object_set_new(o, "runs", json_integer(c->runs));
	json_object_set_new(o, "crashes", json_integer(c->crashes));
	if (c->note)
		json_object_set_new(o, "note", json_string(c->note));
	return o;
}

static json_t *verification_json(const struct bisect_result *res)
{
	const struct bisect_verification *v = &res->verification;
	json_t *o;

	if (res->outcome != BISECT_FOUND)
		return json_null();
	o = json_object();
	json_object_set_new(o, "enabled", json_boolean(v->enabled));
	json_object_set_new(o, "verified", json_boolean(v->verified));
	json_object_set_new(o, "culprit", check_json(&v->culprit));
	json_object_set_new(o, "parent", check_json(&v->parent));
	json_object_set_new(o, "revert", check_json(&v->revert));
	json_object_set_new(o, "revert_onto", str_or_null(v->onto));
	return o;
}

int bisect_result_to_json(const struct bisect_job *job, const struct bisect_result *res,
			  struct strbuf *out)
{
	json_t *o = json_object(), *a;
	char *text;

	json_object_set_new(o, "outcome", json_string(outcome_name(res->outcome)));
	json_object_set_new(o, "mode", json_string(bisect_mode_name(res->mode)));
	json_object_set_new(o, "policy", json_string(bisect_policy_name(job->policy)));
	json_object_set_new(o, "repo", str_or_null(job->repo));
	json_object_set_new(o, "bad", str_or_null(res->bad));
	json_object_set_new(o, "good", str_or_null(res->good));
	if (res->merge_base[0])
		json_object_set_new(o, "merge_base", json_string(res->merge_base));
	if (res->outcome == BISECT_NO_CULPRIT) {
		json_t *r = json_object();

		json_object_set_new(r, "bad", json_pack("{s:i,s:i,s:f}", "crashes", res->bad_crashes,
							"runs", res->bad_runs, "rate",
							res->bad_runs ? (double)res->bad_crashes / res->bad_runs : 0.0));
		json_object_set_new(r, "good", json_pack("{s:i,s:i,s:f}", "crashes", res->good_crashes,
							 "runs", res->good_runs, "rate",
							 res->good_runs ? (double)res->good_crashes / res->good_runs : 0.0));
		json_object_set_new(o, "rates", r);
	}
	if (res->culprit[0] && res->outcome == BISECT_FOUND) {
		json_t *c = json_object();

		json_object_set_new(c, "hash", json_string(res->culprit));
		json_object_set_new(c, "subject", str_or_null(res->subject));
		json_object_set_new(c, "author", str_or_null(res->author));
		json_object_set_new(c, "author_email", str_or_null(res->author_email));
		json_object_set_new(c, "date", str_or_null(res->date));
		json_object_set_new(c, "signature", str_or_null(res->culprit_signature));
		json_object_set_new(c, "parent_signature", str_or_null(res->parent_signature));
		json_object_set_new(o, "culprit", c);
	} else {
		json_object_set_new(o, "culprit", json_null());
	}
	json_object_set_new(o, "confidence", json_real(res->confidence));
	json_object_set_new(o, "reliable", json_boolean(res->reliable));
	json_object_set_new(o, "unreliable_reasons", strvec_json(&res->unreliable_reasons));
	a = json_array();
	for (size_t i = 0; i < res->candidates_nr; i++) {
		json_t *c = json_object();

		json_object_set_new(c, "hash", json_string(res->candidates[i].hash));
		json_object_set_new(c, "subject", str_or_null(res->candidates[i].subject));
		json_object_set_new(c, "probability", json_real(res->candidates[i].probability));
		json_array_append_new(a, c);
	}
	json_object_set_new(o, "candidates", a);
	if (res->range.commits) {
		json_t *r = json_object();

		json_object_set_new(r, "commits", json_integer((json_int_t)res->range.commits));
		json_object_set_new(r, "build_classes", res->range.keyed ?
				    json_integer((json_int_t)res->range.build_classes) : json_null());
		json_object_set_new(r, "noop_commits", res->range.keyed ?
				    json_integer((json_int_t)res->range.noop_commits) : json_null());
		json_object_set_new(o, "range", r);
	}
	a = json_array();
	for (size_t i = 0; i < res->steps_nr; i++)
		json_array_append_new(a, step_json(&res->steps[i]));
	json_object_set_new(o, "steps", a);
	json_object_set_new(o, "revisions_tested", json_integer(res->revisions_tested));
	json_object_set_new(o, "builds", json_integer(res->builds));
	json_object_set_new(o, "runs", json_integer(res->runs_total));
	json_object_set_new(o, "total_seconds", json_real(res->total_seconds));
	json_object_set_new(o, "build_seconds", json_real(res->build_seconds));
	json_object_set_new(o, "test_seconds", json_real(res->test_seconds));
	if (res->probes > 1 || res->speculative_builds) {
		json_object_set_new(o, "probes", json_integer(res->probes));
		json_object_set_new(o, "rounds", json_integer(res->rounds));
		json_object_set_new(o, "speculative_builds", json_integer(res->speculative_builds));
		json_object_set_new(o, "speculative_used", json_integer(res->speculative_used));
	}
	if (res->crash_title) {
		json_t *c = json_object();

		json_object_set_new(c, "title", json_string(res->crash_title));
		json_object_set_new(c, "report", str_or_null(res->crash_report));
		json_object_set_new(o, "crash", c);
	} else {
		json_object_set_new(o, "crash", json_null());
	}
	json_object_set_new(o, "other_crashes", strvec_json(&res->other_titles));
	if (res->kconfig.tried)
		json_object_set_new(o, "kconfig", kconfig_json(&res->kconfig));
	a = json_object();
	json_object_set_new(a, "to", strvec_json(&res->to));
	json_object_set_new(a, "cc", strvec_json(&res->cc));
	json_object_set_new(o, "recipients", a);
	json_object_set_new(o, "verification", verification_json(res));
	if (res->error)
		json_object_set_new(o, "error", json_string(res->error));
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!text)
		return error("cannot format the result as JSON");
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	free(text);
	return 0;
}

static void json_event(void *ctx, const struct bisect_event *ev)
{
	struct bisect_json_writer *w = ctx;
	struct strbuf sb = STRBUF_INIT;

	if (ev->type != BISECT_EV_RESULT || !w->path)
		return;
	if (bisect_result_to_json(ev->job, ev->res, &sb) < 0 || strbuf_write_file(&sb, w->path) < 0)
		w->failed = true;
	strbuf_release(&sb);
}

const struct bisect_observer_ops bisect_json_ops = {
	.name = "json",
	.event = json_event,
};
