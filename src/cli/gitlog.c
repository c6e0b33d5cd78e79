// SPDX-License-Identifier: Apache-2.0
/*
 * gitlog.c - `culprit bisect --git-log FILE`: the bisection as a git bisect
 * log, an observer of the engine's events (src/bisect/event.h) written
 * when the result is complete, so that `git bisect replay FILE` in a clone
 * of the repository ends on culprit's answer.
 *
 * The start line carries the ends and git's selection (--first-parent,
 * -- <path>...). Each tested commit gets its final classification under
 * the answer, not the verdict of the moment (a flaky reproducer under
 * bayes may have looked good on a commit the answer says is bad): the
 * culprit's descendants are "new" (bad; fix mode: fixed), the others
 * "old" (good; fix mode: broken), untestable commits "skip". The culprit
 * comes last of the "new" lines: git keeps the last bad mark as its bad
 * end. Without a culprit, the steps' own decisions are written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../bisect/bisect.h"
#include "../util/strbuf.h"
#include "../util/util.h"
#include "../vcs/vcs.h"

/* git's sq_quote: 'it'\''s' */
static void sq(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

static void terms(const struct cli_git_log *g, const struct bisect_job *job,
		  const char **old, const char **new)
{
	bool fix = job->mode == BISECT_FIX;

	*old = g->term_old ? g->term_old : fix ? "broken" : "good";
	*new = g->term_new ? g->term_new : fix ? "fixed" : "bad";
}

static void start_line(struct strbuf *sb, const struct cli_git_log *g,
		       const struct bisect_job *job, const struct bisect_result *res)
{
	bool fix = job->mode == BISECT_FIX;
	const char *old, *new;

	terms(g, job, &old, &new);
	strbuf_addstr(sb, "git bisect start");
	if (strcmp(old, "good") || strcmp(new, "bad")) {
		char *t = xstrfmt("--term-old=%s", old);

		strbuf_addch(sb, ' ');
		sq(sb, t);
		free(t);
		t = xstrfmt("--term-new=%s", new);
		strbuf_addch(sb, ' ');
		sq(sb, t);
		free(t);
	}
	if (job->first_parent)
		strbuf_addstr(sb, " '--first-parent'");
	/* the new end, then the old one(s): fix mode's new end is the fixed one */
	if (fix && res->good[0]) {
		strbuf_addch(sb, ' ');
		sq(sb, res->good);
	}
	strbuf_addch(sb, ' ');
	sq(sb, res->bad);
	if (fix && res->merge_base[0]) {	/* bad on a side branch: git would test it */
		strbuf_addch(sb, ' ');
		sq(sb, res->merge_base);
	}
	if (!fix && res->good[0]) {
		strbuf_addch(sb, ' ');
		sq(sb, res->good);
	}
	if (job->paths.nr)
		strbuf_addstr(sb, " '--'");
	for (size_t i = 0; i < job->paths.nr; i++) {
		strbuf_addch(sb, ' ');
		sq(sb, job->paths.v[i]);
	}
	strbuf_addch(sb, '\n');
}

/* 1: the step is untestable, 0: it has a verdict */
static bool is_skip(const struct bisect_step *s)
{
	return s->build != BUILD_OK || !s->decision || !strcmp(s->decision, "skip");
}

/* the class of step s: "new", "old" or "skip" (-1 on a git error) */
static int classify(struct vcs_repo *repo, const struct bisect_result *res,
		    const struct bisect_step *s, bool fix, const char **cls)
{
	int d;

	if (is_skip(s)) {
		*cls = "skip";
		return 0;
	}
	if (res->outcome != BISECT_FOUND || !repo) {
		/* the step's own decision, in cause-mode words: bad = crashes */
		bool crashes = !strcmp(s->decision, "bad");

		*cls = crashes != fix ? "new" : "old";
		return 0;
	}
	d = vcs_is_ancestor(repo, res->culprit, s->hash);
	if (d < 0)
		return -1;
	*cls = d ? "new" : "old";
	return 0;
}

static void mark(struct strbuf *sb, const char *term, const struct bisect_step *s)
{
	strbuf_addf(sb, "# %s: [%s] %s\ngit bisect %s %s\n", term, s->hash,
		    s->subject ? s->subject : "", term, s->hash);
}

static int write_log(struct cli_git_log *g, const struct bisect_job *job,
		     const struct bisect_result *res)
{
	struct vcs_repo *repo = res->outcome == BISECT_FOUND ? vcs_open(job->repo) : NULL;
	struct strbuf sb = STRBUF_INIT;
	bool fix = job->mode == BISECT_FIX;
	const struct bisect_step *culprit_step = NULL;
	/* each step's class, once (NULL: a commit an earlier step tested) */
	const char **cls = xcalloc(res->steps_nr + 1, sizeof(*cls));
	const char *old, *new;
	int ret = 0;

	terms(g, job, &old, &new);
	start_line(&sb, g, job, res);
	for (size_t i = 0; i < res->steps_nr && !ret; i++) {
		bool seen = false;

		for (size_t k = 0; k < i; k++)
			seen |= !strcmp(res->steps[k].hash, res->steps[i].hash);
		if (!seen && classify(repo, res, &res->steps[i], fix, &cls[i]) < 0)
			ret = -1;
	}
	/* old and skip first, then new, the culprit last */
	for (size_t i = 0; i < res->steps_nr && !ret; i++)
		if (cls[i] && strcmp(cls[i], "new"))
			mark(&sb, !strcmp(cls[i], "skip") ? "skip" : old, &res->steps[i]);
	for (size_t i = 0; i < res->steps_nr && !ret; i++) {
		if (!cls[i] || strcmp(cls[i], "new"))
			continue;
		if (strcmp(res->steps[i].hash, res->culprit))
			mark(&sb, new, &res->steps[i]);
		else
			culprit_step = &res->steps[i];
	}
	free(cls);
	if (culprit_step)
		mark(&sb, new, culprit_step);
	if (res->outcome == BISECT_FOUND)
		strbuf_addf(&sb, "# first %s commit: [%s] %s\n", new, res->culprit,
			    res->subject ? res->subject : "");
	if (repo)
		vcs_close(repo);
	if (!ret && write_file_atomic(g->path, sb.buf, sb.len) < 0)
		ret = -1;
	if (ret < 0)
		error("cannot write the git bisect log %s", g->path);
	strbuf_release(&sb);
	return ret;
}

static void git_log_event(void *ctx, const struct bisect_event *ev)
{
	struct cli_git_log *g = ctx;

	if (ev->type != BISECT_EV_RESULT || !g->path)
		return;
	if (write_log(g, ev->job, ev->res) < 0)
		g->failed = true;
}

const struct bisect_observer_ops cli_git_log_ops = {
	.name = "git-log",
	.event = git_log_event,
};
