/* SPDX-License-Identifier: Apache-2.0 */
/*
 * show.h - what a bisection leaves behind besides its log and JSON: a web
 * page and a mail, both observers of the engine's events (event.h), and
 * the job file that lets `culprit show WORKDIR` replay a work directory.
 *
 * The page (html.c, html_chart.c): one self-contained HTML file (inline
 * CSS and SVG, no script, no network): the answer first, a chart of the
 * search (the range as a line of commits, each tested commit as a point
 * coloured by its verdict, the posterior after each step as a heat map),
 * the per-step table, the crash, the verification, the log.
 *
 * The mail (mbox.c): an mbox holding one message in syzbot's bisection-mail
 * shape, for `git send-email`, `mutt -f` or any mail client. Nothing is
 * sent.
 *
 *	struct bisect_show show;
 *	struct bisect_show_opts o = { .html_path = "report.html" };
 *	bisect_show_init(&show, &o);
 *	bisect_job_add_observer(&job, &bisect_show_ops, &show);
 *	bisect_run(&job, &res);        // or a --replay of the journal
 *	if (show.failed) ...;          // a file could not be written (error() said why)
 *	bisect_show_release(&show);
 *
 * Both also work from a JSON result alone (bisect_show_json()), with less
 * detail: a JSON result has no commit range, no posterior, no per-step
 * verdict of the policy, no log, no `git show --stat` and nothing of the
 * job but its repository, mode and policy.
 */
#ifndef CULPRIT_BISECT_SHOW_H
#define CULPRIT_BISECT_SHOW_H

#include <stdbool.h>
#include "event.h"
#include "../util/strbuf.h"

struct bisect_job;
struct show_record;

struct bisect_show_opts {
	const char *html_path;		/* write the page here (NULL: no page) */
	const char *mbox_path;		/* write the mail here (NULL: no mail) */
	const char *from;		/* "Name <addr>"; NULL: the job's report.from, else git's */
	const char *in_reply_to;	/* a Message-ID; NULL: the job's report.in-reply-to */
};

struct bisect_show {
	struct bisect_show_opts o;
	bool failed;			/* a file could not be written */
	struct show_record *rec;	/* what the events told so far */
};

extern const struct bisect_observer_ops bisect_show_ops;
void bisect_show_init(struct bisect_show *s, const struct bisect_show_opts *o);
void bisect_show_release(struct bisect_show *s);

/*
 * The page and the mail from a JSON result (the text of bisect_result_to_json()
 * output); `origin` names it in the page. 0, or -1 after error().
 */
int bisect_show_json(const char *json, const char *origin, const struct bisect_show_opts *o);

/*
 * Render into a buffer instead of a file (tests): the page, or the mail
 * (mbox format, one message). `rec` comes from a bisect_show after RESULT
 * (show.rec) or from show_record_from_json(). 0, or -1 after error().
 */
int bisect_html_render(const struct show_record *rec, struct strbuf *out);
int bisect_mbox_render(const struct show_record *rec, const struct bisect_show_opts *o,
		       struct strbuf *out);
struct show_record *show_record_from_json(const char *json, const char *origin);
void show_record_free(struct show_record *rec);

/* ------------------------------------------------------------ job file */

/*
 * The job in git-config syntax (bisect_job_read_file() reads it back):
 * [bisect] keys, then the other sections. The repository, the work
 * directory and the kernel's config, reproducer and compiler table become
 * absolute paths, `bad` and the goods the commits they resolved to (so the
 * file names the same job after the branches move on).
 */
int bisect_job_write_file(const struct bisect_job *job, const char *bad,
			  const struct strvec *goods, const char *path);

/*
 * An observer that writes <workdir>/job.conf when the job starts (never
 * on a replay or a journal kept in memory), so `culprit show WORKDIR` can
 * replay the work directory later. `failed` after a warning().
 */
struct bisect_jobfile {
	bool failed;
};

extern const struct bisect_observer_ops bisect_jobfile_ops;

/* the job file's name in a work directory */
#define BISECT_JOB_FILE "job.conf"

#endif
