// SPDX-License-Identifier: Apache-2.0
/*
 * job.c - a bisection job from flags and job files (see bisect.h).
 *
 * Flags and job-file entries go through the same bisect_job_set(), so a
 * key means the same thing in both and the CLI gets "flags override the
 * file" by reading the file first.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bisect.h"
#include "executor.h"
#include "lock.h"
#include "../util/parse.h"
#include "../vcs/config.h"

/* the longest duration a job may set (a year: anything longer is a typo) */
#define MAX_SECONDS (366 * 24 * 3600.0)

void bisect_job_init(struct bisect_job *job)
{
	struct bisect_job blank = BISECT_JOB_INIT;

	*job = blank;
}

void bisect_job_release(struct bisect_job *job)
{
	free(job->repo);
	free(job->bad);
	strvec_clear(&job->goods);
	free(job->title);
	free(job->build);
	free(job->artifact);
	free(job->test);
	free(job->workdir);
	free(job->release_pattern);
	free(job->release_floor);
	free(job->backend);
	free(job->executor_kind);
	strvec_clear(&job->extra);
	strvec_clear(&job->paths);
	strvec_clear(&job->skips);
	free(job->observers);
	workdir_unlock(job->lock);
	bisect_job_init(job);
}

void bisect_job_add_observer(struct bisect_job *job, const struct bisect_observer_ops *ops,
			     void *ctx)
{
	ALLOC_GROW(job->observers, job->observers_nr + 1, job->observers_alloc);
	job->observers[job->observers_nr].ops = ops;
	job->observers[job->observers_nr++].ctx = ctx;
}

int bisect_parse_mode(const char *s, enum bisect_mode *out)
{
	if (!strcmp(s, "cause"))
		*out = BISECT_CAUSE;
	else if (!strcmp(s, "fix"))
		*out = BISECT_FIX;
	else
		return -1;
	return 0;
}

int bisect_parse_policy(const char *s, enum bisect_policy *out)
{
	if (!strcmp(s, "bayes"))
		*out = BISECT_POLICY_BAYES;
	else if (!strcmp(s, "syzbot"))
		*out = BISECT_POLICY_SYZBOT;
	else
		return -1;
	return 0;
}

const char *bisect_mode_name(enum bisect_mode m)
{
	return m == BISECT_FIX ? "fix" : "cause";
}

const char *bisect_policy_name(enum bisect_policy p)
{
	return p == BISECT_POLICY_SYZBOT ? "syzbot" : "bayes";
}

static int parse_int(const char *key, const char *v, int lo, int hi, int *out)
{
	char err[160];
	long n;

	if (parse_int_range(v, lo, hi, &n, err, sizeof(err)) < 0)
		return error("%s: %s", key, err);
	*out = (int)n;
	return 0;
}

/* a positive duration: 90, 90s, 10m, 1h30m (util/parse.h) */
static int parse_seconds(const char *key, const char *v, double *out)
{
	char err[160];
	double d;

	if (parse_duration(v, 0, MAX_SECONDS, &d, err, sizeof(err)) < 0)
		return error("%s: %s", key, err);
	if (!(d > 0))
		return error("%s: '%s' is not a positive duration", key, v);
	*out = d;
	return 0;
}

/* git-config's booleans: true/yes/on/1, false/no/off/0/""; NULL (a bare key) is true */
static int parse_bool(const char *key, const char *v, bool *out)
{
	static const char *const words[] = { "false", "no", "off", "0", "", "true", "yes", "on", "1" };

	if (!v) {
		*out = true;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if (!strcasecmp(v, words[i])) {
			*out = i > 4;
			return 0;
		}
	}
	return error("%s: '%s' is not a boolean (true or false)", key, v);
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

int bisect_job_set(struct bisect_job *job, const char *key, const char *value)
{
	if (!strcmp(key, "test-exit"))
		return parse_bool(key, value, &job->test_exit);
	if (!strcmp(key, "first-parent"))
		return parse_bool(key, value, &job->first_parent);
	if (!value)
		return error("%s: missing value", key);
	if (!strcmp(key, "repo"))
		set_str(&job->repo, value);
	else if (!strcmp(key, "bad"))
		set_str(&job->bad, value);
	else if (!strcmp(key, "good"))
		strvec_push(&job->goods, value);
	else if (!strcmp(key, "mode")) {
		if (bisect_parse_mode(value, &job->mode) < 0)
			return error("mode: '%s' is neither 'cause' nor 'fix'", value);
	} else if (!strcmp(key, "policy")) {
		if (bisect_parse_policy(value, &job->policy) < 0)
			return error("policy: '%s' is neither 'bayes' nor 'syzbot'", value);
	} else if (!strcmp(key, "title"))
		set_str(&job->title, value);
	else if (!strcmp(key, "build"))
		set_str(&job->build, value);
	else if (!strcmp(key, "artifact"))
		set_str(&job->artifact, value);
	else if (!strcmp(key, "test"))
		set_str(&job->test, value);
	else if (!strcmp(key, "runs"))
		return parse_int(key, value, 1, 1000, &job->runs);
	else if (!strcmp(key, "vms") || !strcmp(key, "jobs"))	/* "jobs": its older name */
		return parse_int(key, value, 1, 256, &job->jobs);
	else if (!strcmp(key, "make-jobs"))
		return parse_int(key, value, 1, 1024, &job->make_jobs);
	else if (!strcmp(key, "timeout"))
		return parse_seconds(key, value, &job->timeout);
	else if (!strcmp(key, "build-timeout"))
		return parse_seconds(key, value, &job->build_timeout);
	else if (!strcmp(key, "confidence")) {
		double d;

		if (parse_double_range(value, 0, 1, &d, NULL, 0) < 0 || !(d > 0.5 && d < 1))
			return error("confidence: '%s' is not a probability in (0.5, 1)", value);
		job->confidence = d;
	} else if (!strcmp(key, "wait")) {
		return parse_bool(key, value, &job->wait);
	} else if (!strcmp(key, "workdir"))
		set_str(&job->workdir, value);
	else if (!strcmp(key, "release-pattern"))
		set_str(&job->release_pattern, value);
	else if (!strcmp(key, "release-floor"))
		set_str(&job->release_floor, value);
	else if (!strcmp(key, "release-limit"))
		return parse_int(key, value, 1, 10000, &job->release_limit);
	else if (!strcmp(key, "max-builds"))
		return parse_int(key, value, 1, 100000, &job->max_builds);
	else if (!strcmp(key, "verify")) {
		if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "on"))
			job->no_verify = false;
		else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "off"))
			job->no_verify = true;
		else
			return error("verify: '%s' is neither 'yes' nor 'no'", value);
	}
	else if (!strcmp(key, "backend")) {
		if (strcmp(value, "generic") && strcmp(value, "kernel"))
			return error("backend: '%s' is neither 'generic' nor 'kernel'", value);
		set_str(&job->backend, value);
	} else if (!strcmp(key, "probes")) {
		return parse_int(key, value, 1, BISECT_MAX_PROBES, &job->probes);
	} else if (!strcmp(key, "executor")) {
		if (strcmp(value, "local") && strcmp(value, "slurm"))
			return error("executor: '%s' is neither 'local' nor 'slurm'", value);
		set_str(&job->executor_kind, value);
	} else if (!strcmp(key, "path")) {
		if (!*value)
			return error("path: an empty path");
		strvec_push(&job->paths, value);
	} else if (!strcmp(key, "skip")) {
		if (!*value)
			return error("skip: an empty revision");
		strvec_push(&job->skips, value);
	} else if (strchr(key, '.'))
		strvec_pushf(&job->extra, "%s=%s", key, value);
	else
		return error("unknown job key '%s'", key);
	return 0;
}

static int config_entry(const char *key, const char *value, void *data)
{
	struct bisect_job *job = data;
	const char *name;

	if (skip_prefix(key, "bisect.", &name) || skip_prefix(key, "job.", &name)) {
		if (strchr(name, '.'))
			return error("job file: unexpected subsection in '%s'", key);
		if (bisect_job_set(job, name, value) < 0)
			return -1;
		return 0;
	}
	if (!value)
		return error("job file: '%s' has no value", key);
	if (skip_prefix(key, "kernel.", &name) && !job->backend)
		job->backend = xstrdup("kernel");
	strvec_pushf(&job->extra, "%s=%s", key, value);
	return 0;
}

/* the sections a job file may have: a typo ([kernal]) would run another job */
static bool known_section(const char *name, size_t len)
{
	static const char *const known[] = { "bisect", "job", "kernel", "build", "report", "executor" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i]) == len && !strncasecmp(name, known[i], len))
			return true;
	return false;
}

/*
 * What the config reader lets through: unknown sections and a quote left
 * open at the end of a line (a value then swallows the keys after it).
 * 0, or -1 after an error naming file:line, as git config does.
 */
static int check_job_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *end;
	int lineno = 0, ret = 0;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return 0;	/* the config reader says why */
	}
	for (p = sb.buf, end = sb.buf + sb.len; p < end && !ret; p++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
		bool quoted = false;

		eol = eol ? eol : end;
		lineno++;
		q = p + strspn(p, " \t");
		if (q < eol && *q == '[') {
			size_t len = strcspn(q + 1, "] \t\"\n");

			if (!known_section(q + 1, len)) {
				ret = error("%s:%d: unknown section [%.*s] (a job file has [bisect], [kernel], "
					    "[build], [report] and [executor])", path, lineno, (int)len, q + 1);
				break;
			}
		}
		for (; q < eol; q++) {
			if (*q == '\\' && q + 1 < eol)
				q++;
			else if (*q == '"')
				quoted = !quoted;
			else if (!quoted && (*q == '#' || *q == ';'))
				break;
		}
		if (quoted && !(eol > p && eol[-1] == '\\'))
			ret = error("%s:%d: a quote is not closed", path, lineno);
		p = eol;
	}
	strbuf_release(&sb);
	return ret;
}

int bisect_job_read_file(struct bisect_job *job, const char *path)
{
	if (check_job_file(path) < 0)
		return -1;
	return vcs_config_read(path, config_entry, job) ? -1 : 0;
}

int bisect_job_check(const struct bisect_job *job)
{
	bool kernel = job->backend && !strcmp(job->backend, "kernel"), keys;
	struct bisect_slurm_opts so;

	if (!job->repo)
		return error("no repository given (repo / --repo)");
	if (!job->bad)
		return error("no bad commit given (bad / --bad)");
	if (!kernel && !job->history) {
		if (!job->build || !*job->build)
			return error("no build command given (build / --build)");
		if (!job->test || !*job->test)
			return error("no test command given (test / --test)");
	}
	if (job->mode == BISECT_FIX && job->goods.nr > 1)
		return error("fix mode takes at most one good (fixed) commit");
	if (bisect_slurm_opts_parse(job, &so) < 0)
		return -1;
	bisect_slurm_opts_release(&so);
	return bisect_job_build_keys(job, &keys);
}

/* <executor.shared-dir> for a Slurm job that names one, else the cache */
static char *shared_dir(const struct bisect_job *job)
{
	const char *v = NULL;

	for (size_t i = 0; i < job->extra.nr; i++)
		if (skip_prefix(job->extra.v[i], "executor.shared-dir=", &v))
			break;
	if (v && *v)
		return xstrdup(v);
	return cache_dir();
}

char *bisect_job_workdir(const struct bisect_job *job)
{
	uint64_t h;
	struct strbuf sb = STRBUF_INIT;
	char *cache, *repo, *ret;

	if (job->workdir)
		return xstrdup(job->workdir);
	repo = job->repo ? real_path(job->repo) : NULL;
	strbuf_addf(&sb, "%s\n%s\n%s\n", repo ? repo : job->repo ? job->repo : "",
		    job->bad ? job->bad : "", bisect_mode_name(job->mode));
	for (size_t i = 0; i < job->goods.nr; i++)
		strbuf_addf(&sb, "good %s\n", job->goods.v[i]);
	strbuf_addf(&sb, "%s\n%s\n%s\n", job->build ? job->build : "",
		    job->artifact ? job->artifact : "", job->test ? job->test : "");
	if (job->test_exit)
		strbuf_addstr(&sb, "test-exit\n");
	/* where the work runs (executor.*) is not what the job is */
	for (size_t i = 0; i < job->extra.nr; i++)
		if (!starts_with(job->extra.v[i], "executor."))
			strbuf_addf(&sb, "%s\n", job->extra.v[i]);
	/* what the journal keeps apart too: the title is in its job, the policy a param */
	if (job->policy != BISECT_POLICY_BAYES)
		strbuf_addf(&sb, "policy %s\n", bisect_policy_name(job->policy));
	if (job->title)
		strbuf_addf(&sb, "title %s\n", job->title);
	h = fnv1a64(sb.buf, sb.len);
	/* the Slurm executor's work directories are where every node sees them */
	cache = shared_dir(job);
	if (!cache) {
		free(repo);
		strbuf_release(&sb);
		return NULL;
	}
	ret = xstrfmt("%s/bisect/%016llx", cache, (unsigned long long)h);
	free(cache);
	free(repo);
	strbuf_release(&sb);
	return ret;
}

int bisect_job_lock(struct bisect_job *job, const char *workdir)
{
	int r;

	if (job->lock)
		return 0;
	r = workdir_lock(workdir, job->wait, &job->lock);
	return r == LOCK_ERR_INPUT ? BISECT_ERR_INPUT : r < 0 ? BISECT_ERR_INFRA : 0;
}

void bisect_job_discard(struct bisect_job *job)
{
	workdir_lock_discard(job->lock);
}
