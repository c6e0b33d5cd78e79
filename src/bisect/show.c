// SPDX-License-Identifier: Apache-2.0
/*
 * show.c - the observer behind the page and the mail (show.h): what the
 * events tell that the result does not (the slice, each posterior, the
 * policy's verdicts and remarks, the log), kept in a struct show_record
 * (showint.h), then the page and the mail written when the result is
 * complete. Also the same from a JSON result alone.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "showint.h"
#include "../util/util.h"
#include "../vcs/vcs.h"

struct show_record *show_record_new(void)
{
	struct show_record *rec = xcalloc(1, sizeof(*rec));

	strvec_init(&rec->bases);
	strvec_init(&rec->culprit_parents);
	return rec;
}

void show_record_free(struct show_record *rec)
{
	if (!rec)
		return;
	json_decref(rec->res);
	free(rec->origin);
	free(rec->build);
	free(rec->test);
	free(rec->artifact);
	free(rec->backend);
	free(rec->config);
	free(rec->repro);
	free(rec->from);
	free(rec->in_reply_to);
	free(rec->bucket_merges);
	free(rec->index);
	free(rec->head);
	strvec_clear(&rec->bases);
	for (size_t i = 0; i < rec->strips_nr; i++)
		free(rec->strips[i].mass);
	free(rec->strips);
	for (size_t i = 0; i < rec->steps_nr; i++) {
		free(rec->steps[i].same_as);
		strvec_clear(&rec->steps[i].notes);
	}
	free(rec->steps);
	free(rec->show_stat);
	if (rec->log_f)
		fclose(rec->log_f);
	free(rec->log_buf);
	free(rec->log);
	free(rec->culprit_date);
	strvec_clear(&rec->culprit_parents);
	free(rec);
}

/* ------------------------------------------------------------ the job */

static void set_copy(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

/* the value of an extra key ("kernel.config") of the job, or NULL */
static const char *job_extra(const struct bisect_job *job, const char *key)
{
	size_t len = strlen(key);
	const char *v = NULL;

	for (size_t i = 0; i < job->extra.nr; i++)
		if (!strncmp(job->extra.v[i], key, len) && job->extra.v[i][len] == '=')
			v = job->extra.v[i] + len + 1;	/* the last one wins */
	return v;
}

static void record_job(struct show_record *rec, const struct bisect_job *job)
{
	set_copy(&rec->build, job->build);
	set_copy(&rec->test, job->test);
	set_copy(&rec->artifact, job->artifact);
	set_copy(&rec->backend, job->backend);
	set_copy(&rec->config, job_extra(job, "kernel.config"));
	if (!rec->config)
		set_copy(&rec->config, job_extra(job, "kernel.kconfig"));
	set_copy(&rec->repro, job_extra(job, "kernel.repro"));
	set_copy(&rec->from, job_extra(job, "report.from"));
	set_copy(&rec->in_reply_to, job_extra(job, "report.in-reply-to"));
}

/* ---------------------------------------------------------- the slice */

static int commit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct show_commit *)a)->hash, ((const struct show_commit *)b)->hash);
}

long show_position(const struct show_record *rec, const char *hash)
{
	struct show_commit key, *c;

	if (!rec->have_range)
		return SHOW_POS_UNKNOWN;
	if (!hash || strlen(hash) != VCS_HEXSZ)
		return SHOW_POS_OUTSIDE;
	memcpy(key.hash, hash, sizeof(key.hash));
	c = bsearch(&key, rec->index, rec->range_nr, sizeof(*rec->index), commit_cmp);
	return c ? c->pos : SHOW_POS_OUTSIDE;
}

static struct show_step *step_slot(struct show_record *rec, size_t i)
{
	if (i >= rec->steps_nr) {
		ALLOC_GROW(rec->steps, i + 1, rec->steps_alloc);
		for (size_t k = rec->steps_nr; k <= i; k++) {
			memset(&rec->steps[k], 0, sizeof(rec->steps[k]));
			rec->steps[k].verdict = -1;
			rec->steps[k].pos = SHOW_POS_UNKNOWN;
			strvec_init(&rec->steps[k].notes);
		}
		rec->steps_nr = i + 1;
	}
	return &rec->steps[i];
}

/* positions of the steps of res not placed yet */
static void place_steps(struct show_record *rec, const struct bisect_result *res)
{
	for (size_t i = 0; i < res->steps_nr; i++) {
		struct show_step *s = step_slot(rec, i);

		if (s->pos == SHOW_POS_UNKNOWN)
			s->pos = show_position(rec, res->steps[i].hash);
	}
}

static void record_slice(struct show_record *rec, const struct bisect_event *ev)
{
	const struct vcs_dag *dag = ev->dag;

	if (!dag || !dag->nr || rec->have_range)
		return;
	rec->range_nr = dag->nr;
	rec->buckets = dag->nr < SHOW_BUCKETS ? dag->nr : SHOW_BUCKETS;
	rec->bucket_merges = xcalloc(rec->buckets, sizeof(*rec->bucket_merges));
	rec->index = xmalloc(dag->nr * sizeof(*rec->index));
	for (size_t i = 0; i < dag->nr; i++) {
		memcpy(rec->index[i].hash, dag->hash[i], sizeof(rec->index[i].hash));
		rec->index[i].pos = (long)i;
		if (dag->is_merge && dag->is_merge[i]) {
			rec->bucket_merges[i * rec->buckets / dag->nr]++;
			rec->merges_nr++;
		}
	}
	qsort(rec->index, dag->nr, sizeof(*rec->index), commit_cmp);
	rec->have_range = true;
	set_copy(&rec->head, ev->hash);
	for (size_t i = 0; i < ev->hashes_nr; i++)
		strvec_push(&rec->bases, ev->hashes[i]);
	place_steps(rec, ev->res);
}

static void record_posterior(struct show_record *rec, const struct bisect_event *ev)
{
	const struct vcs_dag *dag = ev->dag;
	struct show_strip *s;

	if (!rec->have_range || !dag || dag->nr != rec->range_nr || !ev->posterior)
		return;
	if (rec->strips_nr && rec->strips[rec->strips_nr - 1].after == ev->res->steps_nr) {
		s = &rec->strips[rec->strips_nr - 1];	/* the same steps: the later one */
	} else if (rec->strips_nr >= SHOW_STRIPS_MAX) {
		s = &rec->strips[rec->strips_nr - 1];	/* bounded: keep the latest */
	} else {
		ALLOC_GROW(rec->strips, rec->strips_nr + 1, rec->strips_alloc);
		s = &rec->strips[rec->strips_nr++];
		s->mass = xcalloc(rec->buckets, sizeof(*s->mass));
	}
	s->after = ev->res->steps_nr;
	s->p = ev->p;
	memset(s->mass, 0, rec->buckets * sizeof(*s->mass));
	for (size_t i = 0; i < dag->nr; i++)
		s->mass[i * rec->buckets / dag->nr] += (float)ev->posterior[i];
}

/* the step an event is about (its index in res->steps), or -1 */
static long step_index(const struct bisect_event *ev)
{
	const struct bisect_result *res = ev->res;

	if (!ev->step || !res->steps_nr || ev->step < res->steps ||
	    ev->step >= res->steps + res->steps_nr)
		return -1;
	return (long)(ev->step - res->steps);
}

static void record_step(struct show_record *rec, const struct bisect_event *ev)
{
	long i = step_index(ev);
	struct show_step *s;

	if (ev->type == BISECT_EV_NOTE && i < 0 && ev->res->steps_nr)
		i = (long)ev->res->steps_nr - 1;	/* a remark after the last step */
	if (i < 0)
		return;
	s = step_slot(rec, (size_t)i);
	switch (ev->type) {
	case BISECT_EV_STEP_DECIDED:
		s->verdict = (int)ev->verdict;
		s->pos = show_position(rec, ev->step->hash);
		break;
	case BISECT_EV_SAME_SIGNATURE:
		set_copy(&s->same_as, ev->other);
		s->same_count = ev->count;
		break;
	case BISECT_EV_NOTE:
		if (ev->text && s->notes.nr < 64)
			strvec_push(&s->notes, ev->text);
		break;
	default:
		break;
	}
}

/* the log observer writes into memory; the complete text when the result is in */
static void finish_log(struct show_record *rec)
{
	if (!rec->log_f)
		return;
	fclose(rec->log_f);
	rec->log_f = NULL;
	rec->log = rec->log_buf ? rec->log_buf : xstrdup("");
	rec->log_buf = NULL;
}

static void record_result(struct show_record *rec, const struct bisect_event *ev)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t jerr;

	place_steps(rec, ev->res);
	step_slot(rec, ev->res->steps_nr ? ev->res->steps_nr - 1 : 0);
	finish_log(rec);
	json_decref(rec->res);
	rec->res = NULL;
	if (bisect_result_to_json(ev->job, ev->res, &sb) == 0)
		rec->res = json_loads(sb.buf, 0, &jerr);
	strbuf_release(&sb);
	show_record_commit_info(rec);
}

void show_record_event(struct show_record *rec, const struct bisect_event *ev)
{
	if (ev->type == BISECT_EV_JOB_STARTED) {
		rec->events = true;
		record_job(rec, ev->job);
		if (!rec->log_f) {
			rec->log_f = open_memstream(&rec->log_buf, &rec->log_len);
			bisect_log_init(&rec->logw, rec->log_f);
		}
	}
	if (rec->log_f)
		bisect_log_ops.event(&rec->logw, ev);
	switch (ev->type) {
	case BISECT_EV_SEARCH_STARTED:
		record_slice(rec, ev);
		break;
	case BISECT_EV_POSTERIOR:
		record_posterior(rec, ev);
		break;
	case BISECT_EV_STEP_DECIDED:
	case BISECT_EV_SAME_SIGNATURE:
	case BISECT_EV_NOTE:
		record_step(rec, ev);
		break;
	case BISECT_EV_CULPRIT:
		set_copy(&rec->show_stat, ev->text);
		break;
	case BISECT_EV_RESULT:
		record_result(rec, ev);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------- the culprit from git */

static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const month[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* git's default date format, in the author's time zone */
static char *git_date(int64_t t, int tz_minutes)
{
	time_t local = (time_t)(t + (int64_t)tz_minutes * 60);
	int tz = tz_minutes < 0 ? -tz_minutes : tz_minutes;
	struct tm tm;

	gmtime_r(&local, &tm);
	return xstrfmt("%s %s %d %02d:%02d:%02d %d %c%02d%02d", wday[tm.tm_wday % 7],
		       month[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		       tm.tm_year + 1900, tz_minutes < 0 ? '-' : '+', tz / 60, tz % 60);
}

void show_git_date(const char *iso, char *buf, size_t size)
{
	struct tm tm = { 0 };
	char *end, *s;

	buf[0] = '\0';
	if (!iso || !(end = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm)) || (*end && strcmp(end, "Z")))
		return;
	s = git_date((int64_t)timegm(&tm), 0);
	snprintf(buf, size, "%s", s);
	free(s);
}

void show_record_commit_info(struct show_record *rec)
{
	const json_t *c = jobj(rec->res, "culprit");
	const char *repo_path = jstr(rec->res, "repo"), *hash = jstr(c, "hash");
	struct vcs_commit info = { 0 };
	struct vcs_repo *repo;

	if (!hash || !repo_path || !is_directory(repo_path) || rec->have_commit)
		return;
	repo = vcs_open(repo_path);
	if (!repo)
		return;
	if (vcs_commit_info(repo, hash, &info) == 0) {
		rec->have_commit = true;
		rec->culprit_date = git_date(info.author_time, info.author_tz);
		for (size_t i = 0; i < info.parents_nr; i++)
			strvec_push(&rec->culprit_parents, info.parents[i]);
		vcs_commit_release(&info);
	}
	vcs_close(repo);
}

/* ------------------------------------------------------------ writing */

static int write_outputs(const struct show_record *rec, const struct bisect_show_opts *o)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (!rec->res)
		return error("no result to show");
	if (o->html_path) {
		if (bisect_html_render(rec, &sb) < 0 ||
		    write_file_atomic(o->html_path, sb.buf, sb.len) < 0)
			ret = -1;
		strbuf_reset(&sb);
	}
	if (o->mbox_path) {
		if (bisect_mbox_render(rec, o, &sb) < 0 ||
		    write_file_atomic(o->mbox_path, sb.buf, sb.len) < 0)
			ret = -1;
	}
	strbuf_release(&sb);
	return ret;
}

void bisect_show_init(struct bisect_show *s, const struct bisect_show_opts *o)
{
	memset(s, 0, sizeof(*s));
	if (o)
		s->o = *o;
}

void bisect_show_release(struct bisect_show *s)
{
	show_record_free(s->rec);
	s->rec = NULL;
}

static void show_event(void *ctx, const struct bisect_event *ev)
{
	struct bisect_show *s = ctx;

	if (!s->rec)
		s->rec = show_record_new();
	show_record_event(s->rec, ev);
	if (ev->type == BISECT_EV_RESULT) {
		set_copy(&s->rec->origin, ev->job->replay ? "the journal (replay)" : NULL);
		if (write_outputs(s->rec, &s->o) < 0)
			s->failed = true;
	}
}

const struct bisect_observer_ops bisect_show_ops = {
	.name = "show",
	.event = show_event,
};

/* --------------------------------------------------- from a JSON result */

struct show_record *show_record_from_json(const char *json, const char *origin)
{
	struct show_record *rec;
	json_error_t jerr;
	json_t *res = json_loads(json, 0, &jerr);

	if (!res || !json_is_object(res) || !jstr(res, "outcome")) {
		if (res)
			error("%s is not a culprit result (no \"outcome\")", origin);
		else
			error("%s: line %d: %s", origin, jerr.line, jerr.text);
		json_decref(res);
		return NULL;
	}
	rec = show_record_new();
	rec->res = res;
	rec->origin = xstrdup(origin);
	show_record_commit_info(rec);
	return rec;
}

int bisect_show_json(const char *json, const char *origin, const struct bisect_show_opts *o)
{
	struct show_record *rec = show_record_from_json(json, origin);
	int ret;

	if (!rec)
		return -1;
	ret = write_outputs(rec, o);
	show_record_free(rec);
	return ret;
}
