/* SPDX-License-Identifier: Apache-2.0 */
/*
 * showint.h - the record behind the page and the mail (show.h), shared by
 * show.c (the observer that fills it from the events, or from a JSON
 * result), html.c, html_chart.c and mbox.c; src/bisect/ internal.
 *
 * The result itself is kept as its JSON (bisect_result_to_json()), so the
 * page and the mail read one document whichever way it came, and fields
 * that newer engines add (a verification block, more outcomes) are read
 * where present. What only the events tell is kept beside it, bounded:
 * the slice's commits are drawn in at most SHOW_BUCKETS buckets, and each
 * posterior is kept per bucket, so a range of 10^5 commits gives a page of
 * the same size as one of 10^3.
 */
#ifndef CULPRIT_BISECT_SHOWINT_H
#define CULPRIT_BISECT_SHOWINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bisect.h"
#include "show.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"

/* the range is drawn in at most this many buckets of commits */
#define SHOW_BUCKETS 360
/* posteriors kept at most (the first and the last ones when there are more) */
#define SHOW_STRIPS_MAX 400

/* position of a commit in the slice: outside it (an end, a release), or unknown */
#define SHOW_POS_OUTSIDE (-1L)
#define SHOW_POS_UNKNOWN (-2L)

/* a posterior over the range, per bucket */
struct show_strip {
	size_t after;		/* steps done when it was computed */
	double p;		/* the reproduction probability it assumed */
	float *mass;		/* [buckets] */
};

/* what the events add to a step of the result (same index as its "steps") */
struct show_step {
	int verdict;		/* enum bisect_verdict (cause sense), or -1: not known */
	long pos;		/* in the slice, or SHOW_POS_* */
	char *same_as;		/* SAME_SIGNATURE: whose runs count here too */
	int same_count;
	struct strvec notes;	/* the policy's remarks while it ran */
};

/* a commit of the slice, for finding positions (sorted by hash) */
struct show_commit {
	char hash[VCS_HEXSZ + 1];
	long pos;
};

struct show_record {
	json_t *res;		/* the result as JSON */
	bool events;		/* made from the events (else from a JSON result) */
	char *origin;		/* "the journal", "result.json" */

	/* the job (events only): what was built and run */
	char *build, *test, *artifact, *backend;
	char *config, *repro;	/* kernel.config, kernel.repro */
	char *from, *in_reply_to; /* report.from, report.in-reply-to */

	/* the slice (SEARCH_STARTED) */
	bool have_range;
	size_t range_nr, merges_nr, buckets;
	unsigned *bucket_merges;	/* [buckets]: merges in each */
	struct show_commit *index;	/* [range_nr], sorted */
	char *head;			/* where the search started */
	struct strvec bases;		/* the other end(s) */

	struct show_strip *strips;
	size_t strips_nr, strips_alloc;
	struct show_step *steps;
	size_t steps_nr, steps_alloc;
	char *show_stat;		/* CULPRIT: git show --stat */

	/* the syzbot-format log (events only) */
	FILE *log_f;
	char *log_buf;
	size_t log_len;
	struct bisect_log logw;
	char *log;			/* once complete */

	/* the culprit as git tells it (show_record_commit_info()) */
	bool have_commit;
	char *culprit_date;		/* "Mon Jan 1 00:00:00 2024 +0100" */
	struct strvec culprit_parents;
};

struct show_record *show_record_new(void);
/* take the event (SEARCH_STARTED, POSTERIOR, STEP_DECIDED, ...) into rec */
void show_record_event(struct show_record *rec, const struct bisect_event *ev);
/* the culprit's date and parents from its repository; quiet when it cannot */
void show_record_commit_info(struct show_record *rec);

/* ---- reading the result JSON (NULL / 0 when absent) ---- */
const char *jstr(const json_t *o, const char *key);
double jnum(const json_t *o, const char *key);
json_t *jobj(const json_t *o, const char *key);	/* an object, or NULL */
json_t *jarr(const json_t *o, const char *key);	/* an array, or NULL */
size_t jlen(const json_t *a);

/* the extras of step i (NULL from a JSON result) */
const struct show_step *show_step_at(const struct show_record *rec, size_t i);
/* the step's build failed ("failed", "infra"; not "ok", "built", "reused") */
bool show_build_failed(const json_t *step);
/* verdict of step i in cause sense (the policy's, else read from its runs) */
enum bisect_verdict show_step_verdict(const struct show_record *rec, size_t i);
/* runs of a step: all, target crashes, other crashes, OK, failures (not a verdict) */
struct show_runs {
	int n, target, other, ok, failed;
};
void show_step_runs(const json_t *step, struct show_runs *out);
/*
 * The step whose runs count for `step`: itself, or when it has none, the
 * step with the most runs of the same artifact (signature): they share
 * their runs. NULL stays NULL.
 */
const json_t *show_runs_holder(const struct show_record *rec, const json_t *step);
/* show_runs_phrase() of the runs that count for step, naming the step they came from */
void show_step_runs_phrase(const struct show_record *rec, struct strbuf *out, const json_t *step);
/* the step that tested `hash`, or NULL */
const json_t *show_find_step(const struct show_record *rec, const char *hash, size_t *index);
/* position of a commit in the slice (SHOW_POS_*) */
long show_position(const struct show_record *rec, const char *hash);
/* "found", "no_culprit", ... normalized ('-' as '_') into buf */
const char *show_outcome(const struct show_record *rec, char *buf, size_t size);
/* the bisection looked for a fix (mode "fix") */
bool show_is_fix(const struct show_record *rec);

/*
 * Shared-evidence groups: steps whose artifacts have the same signature
 * share their runs. group[i] = 0 (alone) or 1, 2, ... for each group of
 * two or more steps, in order of first appearance. Malloced [steps].
 */
int *show_signature_groups(const struct show_record *rec, int *groups_nr);

/* "10 of 10 runs crashed" (+ other crashes, failures), or "not tested" */
void show_runs_phrase(struct strbuf *out, const json_t *step);
/*
 * A check of the result's "verification" ({status, commit, runs, crashes,
 * note}): "clean: 0 of 10 runs crashed (note)"
 */
void show_verify_phrase(struct strbuf *out, const json_t *v);
/* the verification as a whole: "passed", "failed", "not done" (NULL: not said) */
const char *show_verified(const json_t *verification);
/* the answer in a few words: "First bad commit", "Inconclusive", ... */
const char *show_headline(const struct show_record *rec);
/* "1.9s", "2m05s", "1h12m" */
void show_duration(struct strbuf *out, double seconds);
/* the runs of the culprit's parent (first parent), or NULL; its hash in *hash */
const json_t *show_parent_step(const struct show_record *rec, const char **hash);

/* ---- text ---- */
/* s as valid UTF-8 without control characters but \n and \t (U+FFFD for the rest) */
void show_clean(struct strbuf *out, const char *s);
/* HTML-escape (text and attribute values) of the cleaned s */
void html_esc(struct strbuf *out, const char *s);
/* the first n characters of a hash */
const char *show_short(const char *hash, int n, char *buf);
/* "2024-01-01T00:00:00Z" to git's "Mon Jan 1 00:00:00 2024 +0000" ("" if unparsable) */
void show_git_date(const char *iso, char *buf, size_t size);

/* ---- mail (mail_mime.c) ---- */
/* "Name: text", RFC 2047-encoded when not plain ASCII, folded */
void mail_text_header(struct strbuf *out, const char *name, const char *text);
/* "Name: a, b <c>" from a JSON array of addresses (bad ones left out, warned); how many */
int mail_address_header(struct strbuf *out, const char *name, const json_t *list);
/* one address ("Name <addr>" or "addr") as header atoms; -1 when it is not one */
int mail_address(struct strvec *atoms, const char *spec, bool last);
/* a line longer than RFC 5322's 998 characters: the body must be quoted-printable */
bool mail_needs_qp(const char *body);
void mail_qp(struct strbuf *out, const char *body);
/* body with mboxrd quoting: ">From ", ">>From " for lines that start with >*From */
void mail_mboxrd(struct strbuf *out, const char *body);

/* ---- parts of the page ---- */
void html_chart(const struct show_record *rec, struct strbuf *out);

#endif
