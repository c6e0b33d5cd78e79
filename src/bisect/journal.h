/* SPDX-License-Identifier: Apache-2.0 */
/*
 * journal.h - the bisection journal: an append-only, human-readable record
 * of every checkout, build, signature and run, written (and fsync'd) as it
 * happens, after git's BISECT_LOG.
 *
 * Format: one record per line, fields separated by tabs, with "\\", "\t",
 * "\n" and "\r" escaped as \\ \t \n \r:
 *	culprit-journal 2
 *	job	<what identifies the job: bad, goods, mode, commands>
 *	param	<key>	<value>	(a job parameter; see below)
 *	checkout	<commit>
 *	build	<commit>	ok|failed|infra	<signature>	<seconds>	<compiler>	<artifact dir>	<reason>
 *	run	<signature>	<index>	<verdict>	<seconds>	<reason>	<n crashes>	{<title>	<n alts>	<alt>...}
 *	report	<signature>	<index>	<report text of the run's first crash>
 *	note	<key>	<value>		(an executor's fact, e.g. a cluster job id)
 * <verdict> is ok, crashed, boot-failed, test-failed, infra or timed-out.
 * A line cut short by a kill (no final newline) is ignored, so a journal is
 * always readable, and cut off when the journal is opened for writing, so
 * the next record starts a line of its own. The last record for a commit
 * (or signature and index) wins.
 *
 * The header ("culprit-journal", "job" and the first params) is written
 * to a temporary file renamed into place: a journal never exists without
 * it, and one that holds records but no header is refused (it cannot say
 * whose they are). Format 1 (no params) is still read.
 *
 * Params are the job's settings that change what a record means without
 * changing the job: "policy" (the rule that chose how many runs to make)
 * and "timeout" (seconds per run; 0: the backend's default). A param
 * record holds from where it stands on: each run remembers the timeout
 * it was made under (struct jrun.timeout; -1 when the journal did not say).
 *
 * Runs are keyed by artifact signature and run index, not by commit: two
 * commits that build to the same signature share their runs.
 */
#ifndef CULPRIT_BISECT_JOURNAL_H
#define CULPRIT_BISECT_JOURNAL_H

#include <stdbool.h>
#include "../build/build.h"
#include "../runner/runner.h"
#include "../util/strvec.h"
#include "../vcs/vcs.h"

struct jcrash {
	char *title;
	char **alts;
	size_t alts_nr;
};

struct jbuild {
	char hash[VCS_HEXSZ + 1];
	enum build_status status;
	char signature[SIGNATURE_HEXSZ + 1];
	double seconds;
	char *compiler, *artifact_dir, *reason;
};

struct jrun {
	char signature[SIGNATURE_HEXSZ + 1];
	int index;
	enum run_verdict verdict;
	double seconds;
	char *reason;
	struct jcrash *crashes;
	size_t crashes_nr;
	char *report;		/* first crash's report, or NULL */
	double timeout;		/* the "timeout" param it was made under; -1: unknown */
};

struct journal;

/* why journal_open() failed */
enum journal_error {
	JOURNAL_REFUSED = 1,	/* another job's, no header, a link, not ours, newer: exit 2 */
	JOURNAL_IO,		/* cannot be read or written (disk full...): exit 4 */
};

/*
 * Open (creating) the journal at `path`, or an in-memory one when path is
 * NULL. `job` identifies the job: an existing journal of another job is
 * refused, so a work directory is never mixed up. `params` ("key", "value",
 * ... pairs; may be NULL) go into a new journal's header. The file is
 * opened without following links and must be a regular file of this
 * user. With `read_only` nothing is ever written (replay). NULL after
 * error(), with *why (may be NULL) set.
 */
struct journal *journal_open(const char *path, const char *job, const struct strvec *params,
			     bool read_only, enum journal_error *why);

/* the last value of a param, or NULL (a format 1 journal has none) */
const char *journal_param(const struct journal *j, const char *key);
/* record a param when it differs from the last value; 0 or error() */
int journal_set_param(struct journal *j, const char *key, const char *value);
void journal_close(struct journal *j);

const struct jbuild *journal_find_build(const struct journal *j, const char *hash);
const struct jrun *journal_find_run(const struct journal *j, const char *signature, int index);
/* the commit last checked out in the build tree ("" if none), and whether it was built since */
const char *journal_tree_commit(const struct journal *j, bool *built);

/* Append records (also kept in memory). Return 0 or error(). */
int journal_add_checkout(struct journal *j, const char *hash);
int journal_add_build(struct journal *j, const struct jbuild *b);
int journal_add_run(struct journal *j, const struct jrun *r);

/*
 * An executor's facts (executor.h's record/recall): the last value of key,
 * or NULL.
 */
int journal_add_note(struct journal *j, const char *key, const char *value);
const char *journal_find_note(const struct journal *j, const char *key);

/* Free the strings of a jrun / jbuild that the caller filled. */
void jrun_release(struct jrun *r);
void jbuild_release(struct jbuild *b);

/* verdict names used in the journal: "ok", "crashed", ... */
const char *journal_verdict_name(enum run_verdict v);
int journal_parse_verdict(const char *s, enum run_verdict *out);

#endif
