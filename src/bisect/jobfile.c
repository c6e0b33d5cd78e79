// SPDX-License-Identifier: Apache-2.0
/*
 * jobfile.c - the job written back as a job file (show.h), and the
 * observer that leaves it in the work directory when a job starts, so
 * `culprit show WORKDIR` can replay the journal later without the command
 * line that made it.
 *
 * The file must name the same job as the journal's identity (engine.c's
 * job_identity(): mode, resolved bad and goods, the commands, the title and
 * every extra key in order), so commands, titles and extra keys are
 * written exactly as given; the revisions are written resolved, and the
 * repository and the work directory as absolute paths.
 */
#include <stdlib.h>
#include <string.h>

#include "show.h"
#include "bisect.h"
#include "../util/util.h"

/* a value in git-config syntax: always quoted, \\ \" \n \t escaped */
static void add_value(struct strbuf *out, const char *v)
{
	strbuf_addch(out, '"');
	for (; *v; v++) {
		switch (*v) {
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '"': strbuf_addstr(out, "\\\""); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		default: strbuf_addch(out, *v);
		}
	}
	strbuf_addstr(out, "\"\n");
}

static void add_key(struct strbuf *out, const char *key, const char *v)
{
	if (!v)
		return;
	strbuf_addf(out, "\t%s = ", key);
	add_value(out, v);
}

static void add_num(struct strbuf *out, const char *key, double v)
{
	if (v > 0)
		strbuf_addf(out, "\t%s = %.17g\n", key, v);
}

/* "section.sub.key=value" as [section "sub"] key = value */
static int add_extra(struct strbuf *out, const char *kv)
{
	const char *eq = strchr(kv, '='), *dot1 = strchr(kv, '.'), *dot2;

	if (!eq || !dot1 || dot1 > eq)
		return error("job key '%s' cannot be written to a job file", kv);
	for (dot2 = eq; dot2 > kv && *dot2 != '.'; dot2--)
		;
	if (dot2 == dot1) {
		strbuf_addf(out, "[%.*s]\n", (int)(dot1 - kv), kv);
	} else {
		strbuf_addf(out, "[%.*s \"", (int)(dot1 - kv), kv);
		for (const char *p = dot1 + 1; p < dot2; p++) {
			if (*p == '"' || *p == '\\' || *p == '\n')
				return error("job key '%s' cannot be written to a job file", kv);
			strbuf_addch(out, *p);
		}
		strbuf_addstr(out, "\"]\n");
	}
	strbuf_addf(out, "\t%.*s = ", (int)(eq - dot2 - 1), dot2 + 1);
	add_value(out, eq + 1);
	return 0;
}

int bisect_job_write_file(const struct bisect_job *job, const char *bad,
			  const struct strvec *goods, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *repo = job->repo ? real_path(job->repo) : NULL;
	char *workdir = bisect_job_workdir(job), *wd = real_path(workdir);
	int ret = 0;

	strbuf_addstr(&sb, "# written by culprit when the job started: `culprit show` replays\n"
		      "# the journal of this work directory with it\n[bisect]\n");
	add_key(&sb, "repo", repo ? repo : job->repo);
	add_key(&sb, "bad", bad ? bad : job->bad);
	for (size_t i = 0; i < goods->nr; i++)
		add_key(&sb, "good", goods->v[i]);
	add_key(&sb, "mode", bisect_mode_name(job->mode));
	add_key(&sb, "policy", bisect_policy_name(job->policy));
	add_key(&sb, "title", job->title);
	add_key(&sb, "build", job->build);
	add_key(&sb, "artifact", job->artifact);
	add_key(&sb, "test", job->test);
	add_num(&sb, "runs", job->runs);
	add_num(&sb, "jobs", job->jobs);
	add_num(&sb, "timeout", job->timeout);
	add_num(&sb, "build-timeout", job->build_timeout);
	add_num(&sb, "confidence", job->confidence);
	add_key(&sb, "workdir", wd ? wd : workdir);
	add_key(&sb, "release-pattern", job->release_pattern);
	add_key(&sb, "release-floor", job->release_floor);
	add_num(&sb, "release-limit", job->release_limit);
	add_num(&sb, "max-builds", job->max_builds);
	add_key(&sb, "backend", job->backend);
	add_key(&sb, "executor", job->executor_kind);
	if (job->no_verify)
		add_key(&sb, "verify", "no");
	/* what the journal's identity holds, and what chose the candidates */
	if (job->test_exit)
		add_key(&sb, "test-exit", "true");
	if (job->first_parent)
		add_key(&sb, "first-parent", "true");
	for (size_t i = 0; i < job->skips.nr; i++)
		add_key(&sb, "skip", job->skips.v[i]);
	for (size_t i = 0; i < job->paths.nr; i++)
		add_key(&sb, "path", job->paths.v[i]);
	add_num(&sb, "probes", job->probes);
	for (size_t i = 0; i < job->extra.nr && !ret; i++)
		ret = add_extra(&sb, job->extra.v[i]);
	if (!ret)
		ret = write_file_atomic(path, sb.buf, sb.len);
	strbuf_release(&sb);
	free(repo);
	free(workdir);
	free(wd);
	return ret;
}

/*
 * The goods as commits: through the job's history, else the repository.
 * A fix job without one ends at HEAD (engine.c): that commit, so the file
 * names the same job after HEAD moves on.
 */
static int resolve_goods(const struct bisect_job *job, struct strvec *out)
{
	struct bisect_history own = { 0 }, *h = job->history;
	bool head = job->mode == BISECT_FIX && !job->goods.nr;
	int ret = 0;

	if (!job->goods.nr && !head)
		return 0;
	if (!h) {
		if (!job->repo || bisect_history_vcs_open(job->repo, &own) < 0)
			return -1;
		h = &own;
	}
	for (size_t i = 0; i < job->goods.nr && !ret; i++) {
		char g[VCS_HEXSZ + 1];

		ret = h->resolve(h->ctx, job->goods.v[i], g);
		if (!ret)
			strvec_push(out, g);
	}
	if (head) {
		char g[VCS_HEXSZ + 1];

		ret = h->head ? h->head(h->ctx, g) : -1;
		if (!ret)
			strvec_push(out, g);
	}
	if (h == &own)
		bisect_history_vcs_close(&own);
	return ret;
}

static void jobfile_event(void *ctx, const struct bisect_event *ev)
{
	struct bisect_jobfile *jf = ctx;
	const struct bisect_job *job = ev->job;
	struct strvec goods = STRVEC_INIT;
	char *workdir, *path;

	if (ev->type != BISECT_EV_JOB_STARTED || job->replay || job->no_journal)
		return;
	workdir = bisect_job_workdir(job);
	path = xstrfmt("%s/" BISECT_JOB_FILE, workdir);
	if (resolve_goods(job, &goods) < 0 ||
	    bisect_job_write_file(job, ev->hash, &goods, path) < 0) {
		warning("cannot write %s: `culprit show` cannot replay this work directory", path);
		jf->failed = true;
	}
	strvec_clear(&goods);
	free(workdir);
	free(path);
}

const struct bisect_observer_ops bisect_jobfile_ops = {
	.name = "jobfile",
	.event = jobfile_event,
};
