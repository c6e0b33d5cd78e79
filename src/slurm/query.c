// SPDX-License-Identifier: Apache-2.0
/*
 * States of Slurm jobs: squeue while the controller remembers them, the job
 * history (sacct, or sacct --completion on a job completion log) after;
 * polling until they end; re-attaching to a recorded id.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include "slurm.h"
#include "internal.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/util.h"

static const struct {
	const char *word;
	enum slurm_state state;
} state_words[] = {
	{ "PENDING", SLURM_PENDING },
	{ "CONFIGURING", SLURM_PENDING },
	{ "RUNNING", SLURM_RUNNING },
	{ "RESIZING", SLURM_RUNNING },
	{ "SIGNALING", SLURM_RUNNING },
	{ "SUSPENDED", SLURM_SUSPENDED },
	{ "STOPPED", SLURM_SUSPENDED },
	{ "COMPLETING", SLURM_COMPLETING },
	{ "STAGE_OUT", SLURM_COMPLETING },
	{ "REQUEUED", SLURM_REQUEUED },
	{ "REQUEUE_HOLD", SLURM_REQUEUED },
	{ "REQUEUE_FED", SLURM_REQUEUED },
	{ "RESV_DEL_HOLD", SLURM_REQUEUED },
	{ "COMPLETED", SLURM_COMPLETED },
	{ "FAILED", SLURM_FAILED },
	{ "CANCELLED", SLURM_CANCELLED },
	{ "TIMEOUT", SLURM_TIMEOUT },
	{ "PREEMPTED", SLURM_PREEMPTED },
	{ "NODE_FAIL", SLURM_NODE_FAIL },
	{ "BOOT_FAIL", SLURM_BOOT_FAIL },
	{ "OUT_OF_MEMORY", SLURM_OUT_OF_MEMORY },
	{ "DEADLINE", SLURM_DEADLINE },
	{ "REVOKED", SLURM_OTHER_END },
	{ "SPECIAL_EXIT", SLURM_OTHER_END },
};

static const char *const state_names[] = {
	[SLURM_UNKNOWN] = "UNKNOWN",
	[SLURM_PENDING] = "PENDING",
	[SLURM_RUNNING] = "RUNNING",
	[SLURM_SUSPENDED] = "SUSPENDED",
	[SLURM_COMPLETING] = "COMPLETING",
	[SLURM_REQUEUED] = "REQUEUED",
	[SLURM_COMPLETED] = "COMPLETED",
	[SLURM_FAILED] = "FAILED",
	[SLURM_CANCELLED] = "CANCELLED",
	[SLURM_TIMEOUT] = "TIMEOUT",
	[SLURM_PREEMPTED] = "PREEMPTED",
	[SLURM_NODE_FAIL] = "NODE_FAIL",
	[SLURM_BOOT_FAIL] = "BOOT_FAIL",
	[SLURM_OUT_OF_MEMORY] = "OUT_OF_MEMORY",
	[SLURM_DEADLINE] = "DEADLINE",
	[SLURM_OTHER_END] = "OTHER_END",
};

enum slurm_state slurm_state_parse(const char *word)
{
	/* "CANCELLED by 0" (sacct), "CANCELLED+" (sacct, cut to its width) */
	size_t len = strcspn(word, " +");

	for (size_t i = 0; i < ARRAY_SIZE(state_words); i++)
		if (strlen(state_words[i].word) == len && !strncmp(word, state_words[i].word, len))
			return state_words[i].state;
	return len ? SLURM_OTHER_END : SLURM_UNKNOWN;
}

enum slurm_outcome slurm_state_outcome(enum slurm_state state)
{
	switch (state) {
	case SLURM_PENDING:
	case SLURM_RUNNING:
	case SLURM_SUSPENDED:
	case SLURM_COMPLETING:
	case SLURM_REQUEUED:
		return SLURM_ACTIVE;
	case SLURM_COMPLETED:
	case SLURM_FAILED:
		return SLURM_DONE;
	default:
		return SLURM_INFRA;
	}
}

const char *slurm_state_name(enum slurm_state state)
{
	if ((size_t)state < ARRAY_SIZE(state_names) && state_names[state])
		return state_names[state];
	return "?";
}

const char *slurm_outcome_name(enum slurm_outcome outcome)
{
	switch (outcome) {
	case SLURM_ACTIVE:
		return "active";
	case SLURM_DONE:
		return "done";
	case SLURM_INFRA:
		return "infra";
	}
	return "?";
}

static void status_unknown(struct slurm_status *st, unsigned long id)
{
	memset(st, 0, sizeof(*st));
	st->id = id;
	st->state = SLURM_UNKNOWN;
	st->outcome = SLURM_INFRA;
	st->exit_code = -1;
	snprintf(st->state_name, sizeof(st->state_name), "UNKNOWN");
	st->source = "none";
}

static void set_state(struct slurm_status *st, const char *word, size_t len)
{
	snprintf(st->state_name, sizeof(st->state_name), "%.*s", (int)len, word);
	st->state = slurm_state_parse(st->state_name);
	st->outcome = slurm_state_outcome(st->state);
}

/*
 * A job whose script was killed by a signal is FAILED in Slurm's words
 * (Reason "JobLaunchFailure" even); it ran, so it is done, with a signal.
 */
static void set_exit(struct slurm_status *st, int status, int signo)
{
	st->exit_code = signo ? -1 : status;
	st->signo = signo;
}

/* next '|'-terminated field of *p, or NULL */
static const char *field(const char **p, size_t *len)
{
	const char *start = *p, *bar = strchr(start, '|');

	if (!bar)
		return NULL;
	*len = (size_t)(bar - start);
	*p = bar + 1;
	return start;
}

static bool parse_ulong(const char *s, size_t len, unsigned long *out)
{
	char buf[24], *end;

	if (!len || len >= sizeof(buf) || s[0] < '0' || s[0] > '9')
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return !errno && !*end;
}

int slurm_parse_squeue_line(const char *line, struct slurm_status *st)
{
	const char *p = line, *f[4];
	size_t len[4], rest;
	unsigned long id, ws;

	for (int i = 0; i < 4; i++)
		if (!(f[i] = field(&p, &len[i])))
			return -1;
	if (!parse_ulong(f[0], len[0], &id) || !parse_ulong(f[2], len[2], &ws))
		return -1;
	rest = strcspn(p, "\n");
	if (!rest || p[rest - 1] != '|')
		return -1;
	status_unknown(st, id);
	set_state(st, f[1], len[1]);
	snprintf(st->reason, sizeof(st->reason), "%.*s", (int)len[3], f[3]);
	if (!strcmp(st->reason, "None"))
		st->reason[0] = '\0';
	snprintf(st->name, sizeof(st->name), "%.*s", (int)(rest - 1), p);
	/* a wait status: 768 is "exit 3", 15 is "killed by SIGTERM" */
	if (WIFSIGNALED((int)ws))
		set_exit(st, -1, WTERMSIG((int)ws));
	else
		set_exit(st, WEXITSTATUS((int)ws), 0);
	st->source = "squeue";
	return 0;
}

int slurm_parse_sacct_line(const char *line, struct slurm_status *st)
{
	size_t n = strcspn(line, "\n");
	const char *first = memchr(line, '|', n), *last, *state;
	unsigned long id;
	int status, signo, used = 0;
	char exitbuf[32];

	if (!first || !parse_ulong(line, (size_t)(first - line), &id))
		return -1;
	/* ExitCode is the last field, State the one before: the name may hold '|' */
	for (last = line + n; last > first && last[-1] != '|'; last--)
		;
	for (state = last - 1; state > first && state[-1] != '|'; state--)
		;
	if (state <= first || (size_t)(line + n - last) >= sizeof(exitbuf))
		return -1;
	snprintf(exitbuf, sizeof(exitbuf), "%.*s", (int)(line + n - last), last);
	if (sscanf(exitbuf, "%d:%d%n", &status, &signo, &used) != 2 || exitbuf[used])
		return -1;
	status_unknown(st, id);
	set_state(st, state, (size_t)(last - 1 - state));
	snprintf(st->name, sizeof(st->name), "%.*s", (int)(state - 1 - (first + 1)), first + 1);
	set_exit(st, status, signo);
	st->source = "sacct";
	return 0;
}

static struct slurm_status *find_status(struct slurm_status *st, size_t n, unsigned long id)
{
	for (size_t i = 0; i < n; i++)
		if (st[i].id == id)
			return &st[i];
	return NULL;
}

/* apply each parsable line of out to the matching entry of st */
static void apply_lines(const char *out, struct slurm_status *st, size_t n, bool sacct,
			const char *source)
{
	for (const char *p = out; *p;) {
		struct slurm_status one, *dst;
		int ok = sacct ? slurm_parse_sacct_line(p, &one) : slurm_parse_squeue_line(p, &one);

		if (!ok && (dst = find_status(st, n, one.id))) {
			*dst = one;
			dst->source = source;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
}

static int squeue_chunk(struct slurm *s, const unsigned long *ids, size_t n,
			struct slurm_status *st)
{
	struct child c = CHILD_INIT;
	int ret = 0;

	strvec_pushl(&c.args, "squeue", "--noheader", "--states=all", NULL);
	strvec_push(&c.args, "--jobs");
	slurm_push_id_list(&c.args, ids, n);
	strvec_push(&c.args, "--Format=JobID:|,State:|,exit_code:|,Reason:|,Name:|");
	if (slurm_tool_run(s, &c) < 0)
		ret = -1;
	else if (child_ok(&c))
		apply_lines(c.out.buf, st, n, false, "squeue");
	/* one id squeue does not know is an error; several give no line */
	else if (!strstr(c.err.buf, "Invalid job id specified"))
		ret = slurm_tool_error(s, &c);
	child_release(&c);
	return ret;
}

/*
 * sacct, or sacct --completion: 0 when it answered (lines applied), 1 when
 * that kind of history is off here, -1 on other errors.
 */
static int sacct_chunk(struct slurm *s, bool completion, const unsigned long *ids, size_t n,
		       struct slurm_status *st)
{
	struct child c = CHILD_INIT;
	int ret = 0;

	strvec_pushl(&c.args, "sacct", "--noheader", "--parsable2", "--allocations", NULL);
	if (completion)
		strvec_push(&c.args, "--completion");
	strvec_push(&c.args, "--jobs");
	slurm_push_id_list(&c.args, ids, n);
	strvec_push(&c.args, "--format=JobID,JobName,State,ExitCode");
	if (slurm_tool_run(s, &c) < 0) {
		ret = -1;
	} else if (strstr(c.err.buf, "accounting storage is disabled") ||
		   strstr(c.err.buf, "completion logging is disabled") ||
		   strstr(c.err.buf, "jobcomp/none")) {
		/* exit status 1 or 0, depending on the version */
		ret = 1;
	} else if (!child_ok(&c)) {
		ret = slurm_tool_error(s, &c);
	} else {
		apply_lines(c.out.buf, st, n, true, completion ? "jobcomp" : "sacct");
	}
	child_release(&c);
	return ret;
}

/* the history for the entries of st still UNKNOWN */
static int history(struct slurm *s, struct slurm_status *st, size_t n)
{
	unsigned long *ids = xcalloc(n ? n : 1, sizeof(*ids));
	size_t k = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		if (st[i].state == SLURM_UNKNOWN)
			ids[k++] = st[i].id;
	if (!k || s->history == SLURM_HISTORY_NONE)
		goto out;
	if (s->history == SLURM_HISTORY_UNPROBED || s->history == SLURM_HISTORY_SACCT) {
		ret = sacct_chunk(s, false, ids, k, st);
		if (ret == 0)
			s->history = SLURM_HISTORY_SACCT;
		if (ret != 1)
			goto out;
		s->history = SLURM_HISTORY_JOBCOMP;
	}
	ret = sacct_chunk(s, true, ids, k, st);
	if (ret == 1) {
		s->history = SLURM_HISTORY_NONE;
		ret = 0;
	}
out:
	free(ids);
	return ret < 0 ? -1 : 0;
}

int slurm_query(struct slurm *s, const unsigned long *ids, size_t n, struct slurm_status *st)
{
	for (size_t i = 0; i < n; i++)
		status_unknown(&st[i], ids[i]);
	for (size_t done = 0; done < n; done += SLURM_IDS_PER_CALL) {
		size_t k = n - done < SLURM_IDS_PER_CALL ? n - done : SLURM_IDS_PER_CALL;

		if (squeue_chunk(s, ids + done, k, st + done) < 0 ||
		    history(s, st + done, k) < 0)
			return -1;
	}
	return 0;
}

static void nap(double seconds)
{
	struct timespec ts = { .tv_sec = (time_t)seconds,
			       .tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int slurm_wait(struct slurm *s, const unsigned long *ids, size_t n,
	       enum slurm_wait_mode mode, double timeout, struct slurm_status *st)
{
	double start = now_seconds(), poll = s->poll > 0 ? s->poll : 2;
	double grace = s->grace > 0 ? s->grace : 120, down_since = -1;

	for (;;) {
		size_t ended = 0;
		bool last_try = down_since >= 0 && now_seconds() - down_since >= grace;
		int ret;

		/* an unreachable controller is borne quietly until the grace ends */
		s->quiet = !last_try;
		ret = slurm_query(s, ids, n, st);
		s->quiet = false;
		if (ret < 0) {
			if (last_try)
				return error("slurm: the controller stayed unreachable for %.0fs",
					     now_seconds() - down_since);
			if (down_since < 0)
				down_since = now_seconds();
		} else {
			down_since = -1;
			for (size_t i = 0; i < n; i++)
				ended += st[i].outcome != SLURM_ACTIVE;
			if (ended == n || (mode == SLURM_WAIT_ANY && ended))
				return 0;
		}
		for (double slept = 0; slept < poll; slept += 0.2) {
			if (s->interrupted && s->interrupted(s->data))
				return 1;
			if (timeout > 0 && now_seconds() - start >= timeout)
				return 1;
			nap(0.2);
		}
	}
}

int slurm_attach(struct slurm *s, unsigned long id, const char *name, struct slurm_status *st)
{
	if (slurm_query(s, &id, 1, st) < 0)
		return -1;
	if (st->state != SLURM_UNKNOWN && name && strcmp(st->name, name)) {
		char other[sizeof(st->name)];

		/* the id was reused: the cluster lost its state since */
		memcpy(other, st->name, sizeof(other));
		status_unknown(st, id);
		snprintf(st->reason, sizeof(st->reason), "id now names job '%.40s'", other);
	}
	return 0;
}
