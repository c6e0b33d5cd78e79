// SPDX-License-Identifier: Apache-2.0
/*
 * executor_slurm_io.c - what the Slurm executor (executor_slurm.c) and its
 * node side (`culprit step`, cli/step.c) share: the [executor] keys of a
 * job, checked; the request a job reads and the result it writes, as JSON
 * files in the work directory's slurm/ (every node sees it).
 *
 * The node side writes only its result file: the journal is written by
 * the culprit that holds the work directory, from what it reads here.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "bisect.h"
#include "executor.h"
#include "../report/report.h"
#include "../util/parse.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* ---------------------------------------------------------- the keys */

static const char *const known_keys[] = {
	"kind", "partition", "account", "time-limit", "sbatch-args", "shared-dir", "poll",
	"ccache-dir", "ccache-remote", "ccache-remote-only", "icecc",
};

/* sbatch options culprit sets itself: a job that overrides them is not culprit's */
static const char *const own_sbatch[] = {
	"--wrap", "--output", "--error", "--chdir", "--job-name", "--parsable", "--wait",
	"--export", "--partition", "--account", "--time", "--requeue", "--no-requeue",
	"--array", "--dependency", "-o", "-e", "-D", "-J", "-W", "-p", "-A", "-t", "-a", "-d",
};

/* a partition or account name: Slurm's names, nothing sbatch would read as more */
static bool slurm_name_ok(const char *v)
{
	if (!*v || strlen(v) > 64)
		return false;
	for (; *v; v++)
		if (!(('a' <= *v && *v <= 'z') || ('A' <= *v && *v <= 'Z') ||
		      ('0' <= *v && *v <= '9') || strchr("._-", *v)))
			return false;
	return true;
}

static int check_sbatch_arg(const char *v)
{
	size_t n;

	if (v[0] != '-')
		return error("executor.sbatch-args: '%s' is not an option (each line is one sbatch "
			     "option, e.g. --qos=low)", v);
	if (strpbrk(v, "\n\r"))
		return error("executor.sbatch-args: a line break in '%s'", v);
	for (size_t i = 0; i < ARRAY_SIZE(own_sbatch); i++) {
		n = strlen(own_sbatch[i]);
		if (!strncmp(v, own_sbatch[i], n) &&
		    (!v[n] || v[n] == '=' || (own_sbatch[i][1] != '-' && v[n] != '-')))
			return error("executor.sbatch-args: culprit sets %s itself (use the executor's "
				     "own keys: partition, account, time-limit)", own_sbatch[i]);
	}
	return 0;
}

static int parse_bool_word(const char *key, const char *v, bool *out)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
		 !strcmp(v, "0"))
		*out = false;
	else
		return error("executor.%s: '%s' is neither true nor false", key, v);
	return 0;
}

static int parse_dur(const char *key, const char *v, double lo, double *out)
{
	char err[160];

	if (parse_duration(v, lo, 366 * 24 * 3600.0, out, err, sizeof(err)) < 0)
		return error("executor.%s: %s", key, err);
	return 0;
}

static int set_key(struct bisect_slurm_opts *o, const char *key, const char *v, const char **kind)
{
	bool b = false;

	if (!strcmp(key, "kind")) {
		if (strcmp(v, "local") && strcmp(v, "slurm"))
			return error("executor.kind: '%s' is neither 'local' nor 'slurm'", v);
		*kind = v;
	} else if (!strcmp(key, "partition") || !strcmp(key, "account")) {
		if (!slurm_name_ok(v))
			return error("executor.%s: '%s' is not a Slurm name (letters, digits, . _ -)",
				     key, v);
		*(key[0] == 'p' ? &o->partition : &o->account) = v;
	} else if (!strcmp(key, "time-limit")) {
		return parse_dur(key, v, 1, &o->time_limit);
	} else if (!strcmp(key, "poll")) {
		return parse_dur(key, v, 0.1, &o->poll);
	} else if (!strcmp(key, "sbatch-args")) {
		if (check_sbatch_arg(v) < 0)
			return -1;
		strvec_push(&o->sbatch_args, v);
	} else if (!strcmp(key, "shared-dir")) {
		if (v[0] != '/')
			return error("executor.shared-dir: '%s' is not an absolute path", v);
		if (!is_directory(v))
			return error("executor.shared-dir: %s is not a directory", v);
		o->shared_dir = v;
	} else if (!strcmp(key, "ccache-dir")) {
		if (v[0] != '/')
			return error("executor.ccache-dir: '%s' is not an absolute path", v);
		o->ccache.dir = v;
		o->have_ccache = true;
	} else if (!strcmp(key, "ccache-remote")) {
		o->ccache.remote = v;
		o->have_ccache = true;
	} else if (!strcmp(key, "ccache-remote-only") || !strcmp(key, "icecc")) {
		if (parse_bool_word(key, v, &b) < 0)
			return -1;
		if (key[0] == 'i')
			o->ccache.prefix = b ? "icecc" : NULL;
		else
			o->ccache.remote_only = b;
		o->have_ccache |= b;
	}
	return 0;
}

/* the value of "executor.<key>=<value>" in job->extra, or NULL */
static int split_key(const char *kv, char *key, size_t cap, const char **value)
{
	const char *eq = strchr(kv, '=');
	size_t n;

	if (!eq)
		return -1;
	n = (size_t)(eq - kv);
	if (n >= cap)
		n = cap - 1;
	memcpy(key, kv, n);
	key[n] = '\0';
	*value = eq + 1;
	return 0;
}

static bool known(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_keys); i++)
		if (!strcmp(known_keys[i], key))
			return true;
	return false;
}

int bisect_slurm_opts_parse(const struct bisect_job *job, struct bisect_slurm_opts *o)
{
	const char *kind = NULL, *v, *first = NULL;
	struct strvec env = STRVEC_INIT;
	char key[64];
	int ret = 0;

	memset(o, 0, sizeof(*o));
	strvec_init(&o->sbatch_args);
	for (size_t i = 0; i < job->extra.nr && !ret; i++) {
		const char *kv = job->extra.v[i], *name;

		if (!skip_prefix(kv, "executor.", &name) || split_key(name, key, sizeof(key), &v) < 0)
			continue;
		if (!known(key)) {
			ret = error("unknown key executor.%s (the [executor] keys: kind, partition, "
				    "account, time-limit, sbatch-args, shared-dir, poll, ccache-dir, "
				    "ccache-remote, ccache-remote-only, icecc)", key);
			break;
		}
		ret = set_key(o, key, v, &kind);
		if (!first && strcmp(key, "kind"))
			first = kv;
	}
	if (!ret && job->executor_kind)
		kind = job->executor_kind;
	o->slurm = kind && !strcmp(kind, "slurm");
	if (!ret && !o->slurm && first)
		ret = error("%.*s: the [executor] keys are for --executor slurm (this job runs "
			    "locally)", (int)strcspn(first, "="), first);
	if (!ret && o->have_ccache)	/* the URLs' checks */
		ret = ccache_env(&o->ccache, &env);
	if (!ret && o->slurm && !o->shared_dir && !job->workdir)
		ret = error("--executor slurm needs a work directory every node sees: "
			    "executor.shared-dir or --workdir");
	strvec_clear(&env);
	if (ret)
		bisect_slurm_opts_release(o);
	return ret;
}

void bisect_slurm_opts_release(struct bisect_slurm_opts *o)
{
	strvec_clear(&o->sbatch_args);
}

/* ---------------------------------------------------------- the files */

static json_t *str_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static char *json_dup(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? xstrdup(s) : NULL;
}

static int write_json(const char *path, json_t *o)
{
	char *text = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
	int ret;

	json_decref(o);
	if (!text)
		return error("cannot format %s", path);
	ret = write_file_atomic(path, text, strlen(text));
	free(text);
	return ret;
}

static json_t *read_json(const char *path)
{
	json_error_t err;
	json_t *o = json_load_file(path, 0, &err);

	if (!o)
		error("cannot read %s: %s (line %d)", path, err.text, err.line);
	else if (!json_is_object(o)) {
		error("%s: not a JSON object", path);
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *build_json(const struct build_result *b)
{
	json_t *o = json_object();

	json_object_set_new(o, "status", json_integer(b->status));
	json_object_set_new(o, "signature", json_string(b->signature));
	json_object_set_new(o, "reason", str_json(b->reason));
	json_object_set_new(o, "compiler", str_json(b->compiler));
	json_object_set_new(o, "artifact_dir", str_json(b->artifact_dir));
	json_object_set_new(o, "seconds", json_real(b->seconds));
	return o;
}

static int build_from(json_t *o, struct build_result *b)
{
	const char *sig = json_string_value(json_object_get(o, "signature"));
	json_int_t st = json_integer_value(json_object_get(o, "status"));

	if (!json_is_object(o) || !sig || strlen(sig) > SIGNATURE_HEXSZ ||
	    st < BUILD_OK || st > BUILD_INFRA)
		return -1;
	b->status = (enum build_status)st;
	strcpy(b->signature, sig);
	b->reason = json_dup(o, "reason");
	b->compiler = json_dup(o, "compiler");
	b->artifact_dir = json_dup(o, "artifact_dir");
	b->seconds = json_number_value(json_object_get(o, "seconds"));
	return 0;
}

int bisect_step_request_write(const char *path, const struct bisect_step_request *r)
{
	json_t *o = json_object(), *idx = json_array();

	json_object_set_new(o, "kind", json_string(r->kind == BISECT_WORK_BUILD ? "build" : "runs"));
	json_object_set_new(o, "commit", json_string(r->commit));
	json_object_set_new(o, "jobfile", str_json(r->jobfile));
	json_object_set_new(o, "workdir", str_json(r->workdir));
	json_object_set_new(o, "tree", str_json(r->tree));
	json_object_set_new(o, "result", str_json(r->result));
	json_object_set_new(o, "cwd", str_json(r->cwd));
	if (r->kind == BISECT_WORK_RUNS)
		json_object_set_new(o, "build", build_json(&r->build));
	for (size_t i = 0; i < r->nr; i++)
		json_array_append_new(idx, json_integer(r->indices[i]));
	json_object_set_new(o, "indices", idx);
	return write_json(path, o);
}

int bisect_step_request_read(const char *path, struct bisect_step_request *r)
{
	json_t *o = read_json(path), *idx;
	const char *kind, *commit;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	if (!o)
		return -1;
	kind = json_string_value(json_object_get(o, "kind"));
	commit = json_string_value(json_object_get(o, "commit"));
	idx = json_object_get(o, "indices");
	r->jobfile = json_dup(o, "jobfile");
	r->workdir = json_dup(o, "workdir");
	r->tree = json_dup(o, "tree");
	r->result = json_dup(o, "result");
	r->cwd = json_dup(o, "cwd");
	if (!kind || !commit || strlen(commit) > VCS_HEXSZ || !r->jobfile || !r->workdir ||
	    !r->tree || !r->result || !json_is_array(idx)) {
		ret = error("%s: not a step request", path);
		goto out;
	}
	strcpy(r->commit, commit);
	r->kind = !strcmp(kind, "build") ? BISECT_WORK_BUILD : BISECT_WORK_RUNS;
	if (r->kind == BISECT_WORK_RUNS && build_from(json_object_get(o, "build"), &r->build) < 0) {
		ret = error("%s: no build in a request for runs", path);
		goto out;
	}
	r->nr = json_array_size(idx);
	r->indices = xcalloc(r->nr + 1, sizeof(*r->indices));
	for (size_t i = 0; i < r->nr; i++)
		r->indices[i] = (int)json_integer_value(json_array_get(idx, i));
out:
	json_decref(o);
	return ret;
}

void bisect_step_request_release(struct bisect_step_request *r)
{
	free(r->jobfile);
	free(r->workdir);
	free(r->tree);
	free(r->result);
	free(r->cwd);
	free(r->indices);
	build_result_release(&r->build);
	memset(r, 0, sizeof(*r));
}

/* what the engine keeps of a crash (step.c: title, other titles, the first report) */
static json_t *crash_json(const struct crash_report *c)
{
	json_t *o = json_object(), *alts = json_array();

	json_object_set_new(o, "title", str_json(c->title));
	for (size_t k = 0; k < c->alt_nr; k++)
		json_array_append_new(alts, json_string(c->alt_titles[k]));
	json_object_set_new(o, "alts", alts);
	json_object_set_new(o, "type", str_json(c->type));
	json_object_set_new(o, "report", str_json(c->report));
	return o;
}

static void crash_from(json_t *o, struct report_list *l)
{
	json_t *alts = json_object_get(o, "alts");
	struct crash_report *c;

	ALLOC_GROW(l->items, l->nr + 1, l->alloc);
	c = &l->items[l->nr++];
	memset(c, 0, sizeof(*c));
	c->title = json_dup(o, "title");
	c->type = json_dup(o, "type");
	if (!c->type)
		c->type = xstrdup("");
	c->report = json_dup(o, "report");
	c->report_len = c->report ? strlen(c->report) : 0;
	c->alt_nr = json_array_size(alts);
	c->alt_titles = c->alt_nr ? xcalloc(c->alt_nr, sizeof(char *)) : NULL;
	for (size_t k = 0; k < c->alt_nr; k++) {
		const char *a = json_string_value(json_array_get(alts, k));

		c->alt_titles[k] = xstrdup(a ? a : "");
	}
}

static json_t *run_json(const struct run_result *r)
{
	json_t *o = json_object(), *cr = json_array();

	json_object_set_new(o, "verdict", json_integer(r->verdict));
	json_object_set_new(o, "title", str_json(r->title));
	json_object_set_new(o, "reason", str_json(r->reason));
	json_object_set_new(o, "log_path", str_json(r->log_path));
	json_object_set_new(o, "note", str_json(r->note));
	json_object_set_new(o, "machine", json_string(r->machine));
	json_object_set_new(o, "seconds", json_real(r->seconds));
	json_object_set_new(o, "boot_seconds", json_real(r->boot_seconds));
	json_object_set_new(o, "abort", json_boolean(r->abort));
	for (size_t i = 0; i < r->crashes.nr; i++)
		json_array_append_new(cr, crash_json(&r->crashes.items[i]));
	json_object_set_new(o, "crashes", cr);
	return o;
}

static int run_from(json_t *o, struct run_result *r)
{
	json_int_t v = json_integer_value(json_object_get(o, "verdict"));
	const char *m = json_string_value(json_object_get(o, "machine"));
	json_t *cr = json_object_get(o, "crashes");

	if (!json_is_object(o) || v < RUN_OK || v > RUN_TIMED_OUT)
		return -1;
	r->verdict = (enum run_verdict)v;
	r->title = json_dup(o, "title");
	r->reason = json_dup(o, "reason");
	r->log_path = json_dup(o, "log_path");
	r->note = json_dup(o, "note");
	snprintf(r->machine, sizeof(r->machine), "%s", m ? m : "");
	r->seconds = json_number_value(json_object_get(o, "seconds"));
	r->boot_seconds = json_number_value(json_object_get(o, "boot_seconds"));
	r->abort = json_is_true(json_object_get(o, "abort"));
	for (size_t i = 0; i < json_array_size(cr); i++)
		crash_from(json_array_get(cr, i), &r->crashes);
	return 0;
}

int bisect_step_result_write(const char *path, const struct bisect_done *d)
{
	json_t *o = json_object(), *runs = json_array();

	json_object_set_new(o, "kind", json_string(d->kind == BISECT_WORK_BUILD ? "build" : "runs"));
	json_object_set_new(o, "ret", json_integer(d->ret));
	if (d->kind == BISECT_WORK_BUILD)
		json_object_set_new(o, "build", build_json(&d->build));
	for (size_t i = 0; i < d->runs_nr; i++)
		json_array_append_new(runs, run_json(&d->runs[i]));
	json_object_set_new(o, "runs", runs);
	return write_json(path, o);
}

int bisect_step_result_read(const char *path, struct bisect_done *d)
{
	json_t *o = read_json(path), *runs;
	int ret = 0;

	if (!o)
		return -1;
	d->ret = (int)json_integer_value(json_object_get(o, "ret"));
	if (d->kind == BISECT_WORK_BUILD && d->ret == 0 &&
	    build_from(json_object_get(o, "build"), &d->build) < 0)
		ret = error("%s: no build result", path);
	runs = json_object_get(o, "runs");
	if (!ret && d->kind == BISECT_WORK_RUNS) {
		d->runs_nr = json_array_size(runs);
		d->runs = xcalloc(d->runs_nr + 1, sizeof(*d->runs));
		for (size_t i = 0; i < d->runs_nr && !ret; i++)
			if (run_from(json_array_get(runs, i), &d->runs[i]) < 0)
				ret = error("%s: run %zu is not a run result", path, i);
	}
	json_decref(o);
	return ret;
}
