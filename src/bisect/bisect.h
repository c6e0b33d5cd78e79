/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bisect.h - the bisection engine: find the commit that introduced (cause)
 * or fixed (fix) a crash, after syzkaller's pkg/bisect, with a Bayesian
 * policy for flaky reproducers next to a faithful copy of syzbot's rule.
 *
 * The engine takes its parts as small ops structs, so the generic command
 * backend, the kernel backend, `culprit sim` and the unit tests all drive
 * the same code:
 *   - a history (struct bisect_history): resolve revisions, load the commit
 *     DAG, commit metadata, release tags, check out the build tree. The
 *     default one (bisect_history_vcs) is src/vcs/ on the user's repository.
 *   - an executor (executor.h) that builds commits and runs the reproducer:
 *     by default the local one, made of the job's builder (struct
 *     builder_ops, src/build/build.h) and runner (struct runner_ops,
 *     src/runner/runner.h);
 *   - a policy (policy.h): bayes.c or syzbot.c, by the job's `policy`;
 *   - observers (event.h) that get every event: the syzbot-format log, the
 *     JSON result, a progress line. The engine prints nothing itself.
 *
 * Steps:
 *	struct bisect_job job = BISECT_JOB_INIT;
 *	struct bisect_result res = BISECT_RESULT_INIT;
 *	struct bisect_log log;
 *	bisect_job_set(&job, "repo", "/src/prog");     // or bisect_job_read_file()
 *	bisect_job_set(&job, "bad", "HEAD");
 *	...
 *	job.builder = &my_builder; job.runner = &my_runner;  // a backend fills them
 *	bisect_log_init(&log, stdout);
 *	bisect_job_add_observer(&job, &bisect_log_ops, &log);
 *	if (bisect_run(&job, &res) < 0)             // -1: could not even start
 *		...;
 *	switch (res.outcome) { case BISECT_FOUND: ... }
 *	bisect_result_to_json(&job, &res, &json);
 *	bisect_result_release(&res);
 *	bisect_job_release(&job);
 *
 * Verdicts. Each run gives a struct run_result. The target crash is the one
 * the bad commit shows (its most frequent first crash's title and alt
 * titles, or the job's `title`); a run counts as the target crash when any
 * crash in it matches. A run that crashed only with other titles is an
 * "other crash": recorded, reported, never evidence. Build failures, boot
 * failures, failed basic testing and infrastructure problems are skips,
 * never good or bad.
 *
 * Policies (policy.h):
 *   - BISECT_POLICY_BAYES (default, bayes.c): a posterior over the candidate
 *     commits, recomputed from every recorded run (see posterior.h); probes
 *     where the evidence splits best; runs per step adapt; stops at
 *     `confidence`.
 *   - BISECT_POLICY_SYZBOT (syzbot.c): syzbot's rule (10 runs, 20 on the
 *     first test and once flaky; bad at >= 2 crashes (3 of 20) with >= half
 *     the runs OK or crashed; good with no crash and >= half OK, 3/4 once
 *     flaky; else skip; any crash counts) with git-bisect midpoints on the
 *     DAG.
 *
 * Journal. Every build, signature and run is appended (and fsync'd) to
 * <workdir>/journal as it happens (journal.h). Running the same job again
 * redoes nothing recorded; job.replay = true builds and runs nothing (the
 * executor refuses all work) and gives the same events from the journal.
 *
 * Modes. Cause: `bad` crashes, `good`s do not and are its ancestors (no good:
 * release tags are walked backwards from bad until one does not crash).
 * Fix: `bad` is the old commit that crashes, `good` the newer fixed end
 * (default: the repository's HEAD); the answer is the first commit without
 * the crash.
 *
 * Nothing here exits; errors are error() and -1, outcomes are in the result.
 */
#ifndef CULPRIT_BISECT_H
#define CULPRIT_BISECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "event.h"
#include "../build/build.h"
#include "../runner/runner.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../vcs/vcs.h"

enum bisect_mode { BISECT_CAUSE, BISECT_FIX };

/* the most probes a round may have (job key "probes") */
#define BISECT_MAX_PROBES 64
enum bisect_policy { BISECT_POLICY_BAYES, BISECT_POLICY_SYZBOT };

/*
 * What the engine needs of a history. Every function returns 0 or -1 after
 * error(). `ctx` is the implementation's. The engine never writes to the
 * repository; checkout() moves the separate build tree.
 */
struct workdir_lock;

struct bisect_history {
	void *ctx;
	int (*resolve)(void *ctx, const char *rev, char out[VCS_HEXSZ + 1]);
	/* see vcs_load_dag(): reachable from head, not from any of bases */
	int (*load_dag)(void *ctx, const char *head, const char *const *bases, size_t bases_nr,
			struct vcs_dag *out);
	void (*release_dag)(void *ctx, struct vcs_dag *dag);
	int (*commit_info)(void *ctx, const char *hash, struct vcs_commit *out);
	void (*release_commit)(void *ctx, struct vcs_commit *c);
	int (*show_stat)(void *ctx, const char *hash, struct strbuf *out);
	/* newest first; see vcs_release_tags() */
	int (*release_tags)(void *ctx, const char *rev, const char *pattern,
			    struct strvec *tags, struct strvec *commits);
	int (*is_ancestor)(void *ctx, const char *ancestor, const char *descendant);
	/* see vcs_merge_bases(): how many (the first in out), -1; may be NULL */
	int (*merge_bases)(void *ctx, const char *a, const char *b, char out[VCS_HEXSZ + 1]);
	/* move the build tree `dir` to `hash`; may be NULL (nothing to check out) */
	int (*checkout)(void *ctx, const char *dir, const char *hash);
	/* the repository's HEAD (fix mode default good end) */
	int (*head)(void *ctx, char out[VCS_HEXSZ + 1]);
	/* paths hash changes against its nth parent (-- PATH...); may be NULL */
	int (*changed_files)(void *ctx, const char *hash, unsigned int nth, struct strvec *paths);
	/*
	 * A commit that reverts `commit` on top of `onto`, written in the build
	 * tree `dir` (never the repository), to be built like any commit: 0
	 * with out set, 1 when the revert conflicts (the paths appended to
	 * `why`), -1 after error(). May be NULL (verification cannot revert).
	 */
	int (*revert)(void *ctx, const char *dir, const char *onto, const char *commit,
		      char out[VCS_HEXSZ + 1], struct strbuf *why);
};

/* Open `path` with src/vcs/ and fill `h`. bisect_history_vcs_close() frees. */
int bisect_history_vcs_open(const char *path, struct bisect_history *h);
void bisect_history_vcs_close(struct bisect_history *h);

/*
 * The kernel config minimisation before the search (kernel.minimize-config,
 * minimize.h), as the result reports it. All zero when none was asked for.
 */
struct bisect_kconfig {
	bool tried;		/* asked for and done (used or refused) */
	bool used;		/* the bisection built with `config` */
	char *original;		/* the user's config */
	char *config;		/* the minimised one (used), else NULL */
	char *reason;		/* why the original stays (not used) */
	int options_before, options_after;	/* options on (y, m, values) */
	long long image_before, image_after;	/* bytes of the kernel image, 0: unknown */
	double build_before, build_after;	/* seconds of their builds at the
						 * crashing commit, as done there */
	int tests;		/* configs tried */
	int builds, runs;	/* of them, done in this process (not read back) */
	double seconds;		/* the minimisation's time in this process */
};

/*
 * A backend's work before the search (never on replay), once the ends are
 * resolved: the kernel backend minimises the config there. It may build
 * and run in the build tree (`moved`: it did; the engine then checks the
 * tree out again). Progress goes to line() (BISECT_EV_PREPARE events);
 * what it found to *kconfig (BISECT_EV_PREPARED, then the result).
 */
struct bisect_prepare_args {
	const char *crashing;	/* cause: bad; fix: the old commit that crashes */
	const char *clean;	/* cause: the first good; fix: the fixed end; NULL: none */
	const char *title;	/* the job's target title, or NULL */
	const char *tree;	/* the engine's build tree (<workdir>/tree) */
	int (*checkout)(void *ctx, const char *dir, const char *hash);	/* the history's */
	void *checkout_ctx;
	void (*line)(void *ctx, const char *line);
	void *line_ctx;
	struct bisect_kconfig *kconfig;
	bool *moved;
};

struct bisect_prepare {
	void *ctx;
	/* 0; -1 after error(): the engine goes on as if nothing was prepared */
	int (*run)(void *ctx, const struct bisect_prepare_args *a);
};

/*
 * Recipients of the culprit commit: maintainers_bisect_recipients()
 * (src/maintainers/maintainers.h) for a real repository; NULL: empty lists.
 */
typedef int (*bisect_recipients_fn)(void *ctx, const char *repo, const char *commit,
				    struct strvec *to, struct strvec *cc);

struct bisect_job {
	/* --- what to bisect (owned strings, set with bisect_job_set()) --- */
	char *repo;		/* "repo": the user's repository (never written) */
	char *bad;		/* "bad": a revision that shows the crash */
	struct strvec goods;	/* "good" (repeatable): revisions that do not */
	enum bisect_mode mode;	/* "mode": cause | fix */
	enum bisect_policy policy; /* "policy": bayes | syzbot */
	char *title;		/* "title": target crash title; NULL: what bad shows */

	/* --- the generic backend's commands (the kernel backend ignores them) --- */
	char *build;		/* "build": shell command run in the build tree */
	char *artifact;		/* "artifact": build output to fingerprint */
	char *test;		/* "test": command run per run, CULPRIT_RUN=<n> */

	/* "test-exit": the test's exit status is the verdict, as `git bisect run` reads it */
	bool test_exit;

	int runs;		/* "runs": per commit (syzbot) / cap per step (bayes); 0: default */
	int jobs;		/* "vms" (or the older "jobs"): runs in parallel; 0: 1 */
	int make_jobs;		/* "make-jobs": make -j for the build (backends apply it); 0: theirs */
	double timeout;		/* "timeout": seconds per run; 0: 600 */
	double build_timeout;	/* "build-timeout": seconds per build; 0: 3600 */
	double confidence;	/* "confidence": stop at this posterior; 0: 0.99 */
	char *workdir;		/* "workdir": journal, build tree, artifacts */
	char *release_pattern;	/* "release-pattern": glob of release tags */
	char *release_floor;	/* "release-floor": oldest tag to try */
	int release_limit;	/* "release-limit": tags to try at most; 0: 20 */
	int max_builds;		/* "max-builds": give up after this many; 0: automatic */
	bool no_verify;		/* "verify" = no: skip the verification of the culprit */
	char *backend;		/* "backend": "generic" (default) or "kernel" */
	int probes;		/* "probes": commits tested at once per round (round.c); 0: 1 */
	char *executor_kind;	/* "executor": "local" (default) or "slurm"; its keys: executor.* */
	bool wait;		/* "wait": wait for the work directory's owner (else exit 4) */
	/* git bisect's selection: "first-parent", "path" (repeatable), "skip" (REV or A..B) */
	bool first_parent;
	struct strvec paths;
	struct strvec skips;
	/* other sections ("kernel.config=...") for the backend, "key=value" */
	struct strvec extra;

	/* --- plumbing (not owned) --- */
	struct builder_ops *builder;	/* for the local executor */
	struct runner_ops *runner;
	struct bisect_executor *executor; /* NULL: the local one (replay: one that refuses work) */
	struct bisect_history *history; /* NULL: bisect_run() opens `repo` with vcs */
	bool replay;		/* journal only: build nothing, run nothing */
	/* the work directory, when the caller took it first (bisect_job_lock()); owned */
	struct workdir_lock *lock;
	bool no_journal;	/* keep the journal in memory (culprit sim) */
	bool round_quantiles;	/* probes > 1: a round at posterior quantiles, not greedy (sim) */
	bisect_recipients_fn recipients;
	void *recipients_ctx;
	struct bisect_prepare *prepare;	/* NULL: nothing before the search */
	/* who hears the events (the array is owned; see bisect_job_add_observer()) */
	struct bisect_observer *observers;
	size_t observers_nr, observers_alloc;
};

#define BISECT_JOB_INIT { .goods = STRVEC_INIT, .extra = STRVEC_INIT, .paths = STRVEC_INIT, \
			  .skips = STRVEC_INIT }

void bisect_job_init(struct bisect_job *job);
void bisect_job_release(struct bisect_job *job);

/* Add an observer of the job's events (in order of addition). */
void bisect_job_add_observer(struct bisect_job *job, const struct bisect_observer_ops *ops,
			     void *ctx);

/*
 * Set one job key (the names in quotes above; "kernel.x" and other dotted
 * keys go to `extra`). Returns 0, or -1 after error() for an unknown key or
 * a bad value. "good", "path" and "skip" append. Boolean keys ("test-exit",
 * "first-parent") take git-config's booleans; a NULL value is true.
 */
int bisect_job_set(struct bisect_job *job, const char *key, const char *value);

/*
 * Read a job file in git-config syntax:
 *	[bisect]
 *		repo = /src/prog
 *		bad = HEAD
 *		runs = 10
 *	[kernel]
 *		config = .config
 * Keys of [bisect] (or [job]) are job keys; other sections go to `extra` as
 * "section.key=value". Relative paths stay relative to the caller's cwd.
 */
int bisect_job_read_file(struct bisect_job *job, const char *path);

/*
 * The job's work directory: `workdir` if set, else a directory of the
 * cache named after the job (repository, revisions, mode, commands,
 * policy, title), so running the same job again finds its journal.
 * Malloced; NULL after error() when there is no cache directory.
 */
char *bisect_job_workdir(const struct bisect_job *job);

/*
 * Become the owner of the job's work directory (src/bisect/lock.h) before
 * the backend writes there; bisect_run() takes it itself otherwise (a
 * replay writes nothing and takes none). Waits when job->wait. 0,
 * BISECT_ERR_INPUT (another user's directory) or BISECT_ERR_INFRA (another
 * process owns it, or it cannot be made) after error().
 */
int bisect_job_lock(struct bisect_job *job, const char *workdir);
/*
 * The job could not start (its input is wrong, or the machine failed it):
 * the work directory is left as it was found (what this process created
 * goes when the job is released).
 */
void bisect_job_discard(struct bisect_job *job);

/* Check the job is complete and consistent; -1 after error(). */
int bisect_job_check(const struct bisect_job *job);

/*
 * The job's build.keys (--build-keys): on (the default) or off. 0, or -1
 * after error() for another value.
 */
int bisect_job_build_keys(const struct bisect_job *job, bool *on);

/* 0 when the name parses, else -1 (quiet) */
int bisect_parse_mode(const char *s, enum bisect_mode *out);
int bisect_parse_policy(const char *s, enum bisect_policy *out);
const char *bisect_mode_name(enum bisect_mode m);
const char *bisect_policy_name(enum bisect_policy p);

/* ---------------------------------------------------------------- result */

enum bisect_outcome {
	BISECT_FOUND,		/* one culprit (check `reliable`) */
	BISECT_INCONCLUSIVE,	/* candidates[] holds the possible culprits */
	BISECT_NO_REPRO,	/* bad does not crash (fix: the fixed end still crashes) */
	BISECT_ALREADY,		/* cause: crashes on the oldest release tried; fix: still on the good end */
	BISECT_BAD_INPUT,	/* the job is wrong (unknown revision, good crashes...) */
	BISECT_INFRA,		/* could not build or test at all */
	BISECT_NO_CULPRIT,	/* the crash happens on the good end too, at the same rate */
};

/* One run as the engine saw it. */
struct bisect_run {
	enum run_verdict verdict;
	bool target;		/* showed the target crash */
	bool reused;		/* recorded earlier (journal or equal signature) */
	char *title;		/* first crash title, or NULL */
	char *reason;		/* for boot/test/infra failures */
	double seconds;
	double boot_seconds;	/* to the guest's userspace (QEMU runner), 0: none */
	char machine[64];	/* "microvm, TCG", "pc, KVM -cpu max"; "" for others */
};

/* Why a commit was tested. */
enum bisect_step_kind {
	BISECT_STEP_BAD,	/* the bad end (fix mode: the old crashing commit) */
	BISECT_STEP_GOOD,	/* the other end: the fixed end, or a given good parent */
	BISECT_STEP_RELEASE,	/* a release tag walked back from bad */
	BISECT_STEP_PROBE,	/* a commit the policy chose inside the slice */
};

/* One tested commit. */
struct bisect_step {
	enum bisect_step_kind kind;
	char hash[VCS_HEXSZ + 1];
	char *subject;
	char *tag;		/* "v6.1" when testing a release, else NULL */
	enum build_status build;
	char *build_reason;
	char signature[SIGNATURE_HEXSZ + 1];
	/* the build is this commit's (same build key: see classes.c), "" when built */
	char same_inputs_as[VCS_HEXSZ + 1];
	double build_seconds, test_seconds;
	struct bisect_run *runs;
	size_t runs_nr, runs_alloc;
	char *decision;		/* "good", "bad", "skip", "other crash", ... */
	/* a cluster executor's jobs for this step (build, run batches), and its name */
	struct strvec job_ids;
	const char *executor;
	/* the build's compiler cache statistics (a cluster build), when known */
	bool have_ccache;
	unsigned long ccache_hits, ccache_misses, ccache_remote_hits;
};

struct bisect_candidate {
	char hash[VCS_HEXSZ + 1];
	char *subject;
	double probability;	/* bayes posterior; 0 for syzbot */
};

/* What one check of the verification saw (see verify.c). */
enum bisect_verify_status {
	BISECT_VERIFY_SKIPPED,		/* not done: --verify=no, nothing to test, stopped */
	BISECT_VERIFY_CRASHES,		/* the target crash showed, at the bug's rate */
	BISECT_VERIFY_CLEAN,		/* runs finished without it, or with look-alikes
					 * (crashes at the look-alike rate) only */
	BISECT_VERIFY_CONFLICT,		/* the revert does not apply */
	BISECT_VERIFY_BUILD_FAILED,	/* it does not build */
};

struct bisect_verify_check {
	enum bisect_verify_status status;
	char hash[VCS_HEXSZ + 1];	/* what was tested ("" when nothing) */
	int runs, crashes;	/* runs in evidence (reused ones too), target crashes */
	char *note;		/* why skipped, the conflicting paths, the build error */
};

/*
 * The culprit checked after the answer: rerun the culprit and its
 * parent(s) until each verdict holds at the job's confidence, then the
 * crashing end with the culprit reverted. `verified`: every check came
 * out as a right culprit predicts (cause mode: culprit crashes, parent and
 * revert clean; fix mode: the other way round).
 */
struct bisect_verification {
	bool enabled;		/* asked for (the job's "verify"), and the outcome is found */
	bool verified;
	struct bisect_verify_check culprit, parent, revert;
	char onto[VCS_HEXSZ + 1];	/* the commit the revert was made on */
};

const char *bisect_verify_status_name(enum bisect_verify_status s);

struct bisect_result {
	enum bisect_outcome outcome;
	enum bisect_mode mode;
	char bad[VCS_HEXSZ + 1];
	char good[VCS_HEXSZ + 1];	/* "" when none was found */
	/* fix mode, bad not an ancestor of good: the old end searched from ("": none) */
	char merge_base[VCS_HEXSZ + 1];
	/* culprit (BISECT_FOUND; for BISECT_ALREADY: the oldest/newest commit tried) */
	char culprit[VCS_HEXSZ + 1];
	char *subject, *author, *author_email, *date;
	char culprit_signature[SIGNATURE_HEXSZ + 1];
	char parent_signature[SIGNATURE_HEXSZ + 1];
	int culprit_parents;	/* parents of the culprit (1: the signatures were compared) */
	double confidence;
	bool reliable;
	struct strvec unreliable_reasons;
	bool skipped_only;	/* inconclusive: only untestable commits were left */
	/* inconclusive: the set; found: the runner-ups (most probable first) */
	struct bisect_candidate *candidates;
	size_t candidates_nr, candidates_alloc;
	struct bisect_step *steps;
	size_t steps_nr, steps_alloc;
	/* the slice: its commits, and with build keys its classes and no-op commits */
	struct {
		size_t commits;
		bool keyed;	/* build_classes and noop_commits are known */
		size_t build_classes, noop_commits;
	} range;
	int revisions_tested;	/* builds done or taken from the journal */
	int builds;		/* builds actually done in this process */
	int runs;		/* runs actually done in this process */
	int runs_total;		/* runs in evidence (done + reused) */
	/* rounds: phases of work the engine waited for (one per step when one probe a round) */
	int rounds;
	int probes;		/* probes a round (1: one commit at a time) */
	int speculative_builds;	/* builds made ahead for a round that might need them */
	int speculative_used;	/* ... of them, used by a later step */
	double total_seconds, build_seconds, test_seconds;
	char *crash_title, *crash_report;
	struct bisect_kconfig kconfig;	/* the config minimisation, if any */
	struct strvec other_titles;	/* other crashes seen on the way */
	struct strvec to, cc;
	char *error;		/* why, for NO_REPRO / BAD_INPUT / INFRA */
	/* NO_CULPRIT: target crashes and runs counted on the bad and on the good side */
	int bad_crashes, bad_runs, good_crashes, good_runs;
	struct bisect_verification verification;	/* BISECT_FOUND */
};

#define BISECT_RESULT_INIT { .unreliable_reasons = STRVEC_INIT, .other_titles = STRVEC_INIT, \
			     .to = STRVEC_INIT, .cc = STRVEC_INIT }

void bisect_result_init(struct bisect_result *res);
void bisect_result_release(struct bisect_result *res);

/* bisect_run() could not start: the job is wrong (exit 2) */
#define BISECT_ERR_INPUT (-1)
/* ... or the machine failed it: the work directory is busy, the disk full (exit 4) */
#define BISECT_ERR_INFRA (-2)

/*
 * Run the job. Returns 0 when `res` holds an outcome (even NO_REPRO or
 * INFRA), or BISECT_ERR_INPUT / BISECT_ERR_INFRA after error() when the
 * job could not start; nothing was built then.
 */
int bisect_run(const struct bisect_job *job, struct bisect_result *res);

/*
 * The result as JSON, appended to `out`: an object with
 *	outcome		"found", "inconclusive", "no-repro", "already", "bad-input", "infra",
 *			"no_culprit" (with "rates": {bad, good: {crashes, runs, rate}})
 *	mode, policy, repo, bad, good
 *	culprit		{hash, subject, author, author_email, date, signature,
 *			 parent_signature} or null
 *	confidence	posterior of the culprit (bayes model, both policies)
 *	reliable, unreliable_reasons (reliable: a culprit, or "no culprit",
 *			that holds at the job's confidence and passed every check)
 *	candidates	[{hash, subject, probability}]: the possible culprits when
 *			inconclusive, the runner-ups when found
 *	range		{commits, build_classes, noop_commits}: the slice's commits,
 *			how many different builds they make and how many change
 *			no build input (null without build keys); absent before a slice
 *	steps		[{commit, subject, release?, build ("built", "reused",
 *			  "failed", "infra"), same_inputs_as? (reused: the commit
 *			  whose build it takes, equal build keys),
 *			  build_error?, signature, build_seconds, test_seconds,
 *			  runs: [{verdict, title, reason?, target, reused?,
 *				  machine?, boot_seconds?}], decision,
 *			  executor?, job_ids? (a cluster executor's jobs),
 *			  ccache? {hits, misses, remote_hits, hit_rate}}]
 *			(machine and boot_seconds: runners that boot a machine)
 *	revisions_tested, builds, runs, total_seconds, build_seconds, test_seconds
 *	probes, rounds, speculative_builds, speculative_used (only with probes > 1
 *			or speculative builds)
 *	crash		{title, report} or null
 *	other_crashes	titles of unrelated crashes seen on the way
 *	kconfig		the config minimisation (kernel.minimize-config), when asked:
 *			{used, original, config, reason?, options: {before, after},
 *			 image_bytes: {before, after}, build_seconds: {before, after},
 *			 tests, builds, runs, seconds}
 *	recipients	{to: [...], cc: [...]}
 *	error		why, for the outcomes other than found / inconclusive
 *	verification	found: {verified, culprit, parent, revert}, each check
 *			{status ("crashes", "clean", "conflict", "build-failed",
 *			"skipped"), commit, runs, crashes, note?}; null otherwise
 */
int bisect_result_to_json(const struct bisect_job *job, const struct bisect_result *res,
			  struct strbuf *out);

#endif
