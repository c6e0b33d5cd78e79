// SPDX-License-Identifier: Apache-2.0
/*
 * journal.c - the append-only bisection journal (see journal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal.h"
#include "../util/strbuf.h"
#include "../util/util.h"

struct journal {
	char *path;
	int fd;			/* -1: in memory or read-only */
	struct jbuild *builds;
	size_t builds_nr, builds_alloc;
	struct jrun *runs;
	size_t runs_nr, runs_alloc;
	char tree[VCS_HEXSZ + 1];
	bool tree_built;
	struct strvec notes;	/* key, value, key, value... */
};

static const char *const verdict_names[] = {
	[RUN_OK] = "ok", [RUN_CRASHED] = "crashed", [RUN_BOOT_FAILED] = "boot-failed",
	[RUN_TEST_FAILED] = "test-failed", [RUN_INFRA] = "infra", [RUN_TIMED_OUT] = "timed-out",
};

const char *journal_verdict_name(enum run_verdict v)
{
	return (size_t)v < ARRAY_SIZE(verdict_names) ? verdict_names[v] : "infra";
}

int journal_parse_verdict(const char *s, enum run_verdict *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(verdict_names); i++) {
		if (!strcmp(s, verdict_names[i])) {
			*out = (enum run_verdict)i;
			return 0;
		}
	}
	return -1;
}

static void add_escaped(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': strbuf_addstr(sb, "\\\\"); break;
		case '\t': strbuf_addstr(sb, "\\t"); break;
		case '\n': strbuf_addstr(sb, "\\n"); break;
		case '\r': strbuf_addstr(sb, "\\r"); break;
		default: strbuf_addch(sb, *s);
		}
	}
}

static char *unescape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			strbuf_addch(&sb, *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s);
		} else {
			strbuf_addch(&sb, *s);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* NULL for an empty field */
static char *field_dup(const char *s)
{
	return s && *s ? unescape(s) : NULL;
}

void jrun_release(struct jrun *r)
{
	free(r->reason);
	for (size_t i = 0; i < r->crashes_nr; i++) {
		free(r->crashes[i].title);
		for (size_t k = 0; k < r->crashes[i].alts_nr; k++)
			free(r->crashes[i].alts[k]);
		free(r->crashes[i].alts);
	}
	free(r->crashes);
	free(r->report);
	memset(r, 0, sizeof(*r));
}

void jbuild_release(struct jbuild *b)
{
	free(b->compiler);
	free(b->artifact_dir);
	free(b->reason);
	memset(b, 0, sizeof(*b));
}

static void copy_build(struct jbuild *dst, const struct jbuild *src)
{
	*dst = *src;
	dst->compiler = src->compiler ? xstrdup(src->compiler) : NULL;
	dst->artifact_dir = src->artifact_dir ? xstrdup(src->artifact_dir) : NULL;
	dst->reason = src->reason ? xstrdup(src->reason) : NULL;
}

static void copy_run(struct jrun *dst, const struct jrun *src)
{
	*dst = *src;
	dst->reason = src->reason ? xstrdup(src->reason) : NULL;
	dst->report = src->report ? xstrdup(src->report) : NULL;
	dst->crashes = src->crashes_nr ? xcalloc(src->crashes_nr, sizeof(*dst->crashes)) : NULL;
	for (size_t i = 0; i < src->crashes_nr; i++) {
		dst->crashes[i].title = xstrdup(src->crashes[i].title ? src->crashes[i].title : "");
		dst->crashes[i].alts_nr = src->crashes[i].alts_nr;
		dst->crashes[i].alts = src->crashes[i].alts_nr ?
			xcalloc(src->crashes[i].alts_nr, sizeof(char *)) : NULL;
		for (size_t k = 0; k < src->crashes[i].alts_nr; k++)
			dst->crashes[i].alts[k] = xstrdup(src->crashes[i].alts[k]);
	}
}

static void keep_build(struct journal *j, const struct jbuild *b)
{
	ALLOC_GROW(j->builds, j->builds_nr + 1, j->builds_alloc);
	copy_build(&j->builds[j->builds_nr++], b);
	if (!strcmp(j->tree, b->hash))
		j->tree_built = b->status == BUILD_OK;
}

static void keep_run(struct journal *j, const struct jrun *r)
{
	ALLOC_GROW(j->runs, j->runs_nr + 1, j->runs_alloc);
	copy_run(&j->runs[j->runs_nr++], r);
}

static void split_tabs(char *line, struct strvec *f)
{
	char *s = line;

	for (;;) {
		char *t = strchr(s, '\t');

		if (t)
			*t = '\0';
		strvec_push(f, s);
		if (!t)
			break;
		s = t + 1;
	}
}

static bool is_hex(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return false;
	return true;
}

static int parse_line(struct journal *j, char *line, struct strbuf *job_seen)
{
	struct strvec f = STRVEC_INIT;
	int ret = 0;

	split_tabs(line, &f);
	if (!strcmp(f.v[0], "job") && f.nr >= 2) {
		char *s = unescape(f.v[1]);

		strbuf_reset(job_seen);
		strbuf_addstr(job_seen, s);
		free(s);
	} else if (!strcmp(f.v[0], "checkout") && f.nr >= 2 && is_hex(f.v[1], VCS_HEXSZ)) {
		strcpy(j->tree, f.v[1]);
		j->tree_built = false;
	} else if (!strcmp(f.v[0], "build") && f.nr >= 9 && is_hex(f.v[1], VCS_HEXSZ)) {
		struct jbuild b = { 0 };

		strcpy(b.hash, f.v[1]);
		b.status = !strcmp(f.v[2], "ok") ? BUILD_OK :
			   !strcmp(f.v[2], "failed") ? BUILD_FAILED : BUILD_INFRA;
		if (strlen(f.v[3]) <= SIGNATURE_HEXSZ)
			strcpy(b.signature, f.v[3]);
		b.seconds = atof(f.v[4]);
		b.compiler = field_dup(f.v[5]);
		b.artifact_dir = field_dup(f.v[6]);
		b.reason = field_dup(f.v[7]);
		keep_build(j, &b);
		jbuild_release(&b);
	} else if (!strcmp(f.v[0], "run") && f.nr >= 8) {
		struct jrun r = { 0 };
		size_t k = 8, n;

		if (strlen(f.v[1]) > SIGNATURE_HEXSZ || journal_parse_verdict(f.v[3], &r.verdict))
			goto bad;
		strcpy(r.signature, f.v[1]);
		r.index = atoi(f.v[2]);
		r.seconds = atof(f.v[4]);
		r.reason = field_dup(f.v[5]);
		n = strtoul(f.v[6], NULL, 10);
		if (n > 1000)
			goto bad_run;
		r.crashes = n ? xcalloc(n, sizeof(*r.crashes)) : NULL;
		k = 7;
		for (size_t i = 0; i < n; i++) {
			size_t na;

			if (k + 1 >= f.nr)
				goto bad_run;
			r.crashes[i].title = unescape(f.v[k++]);
			r.crashes_nr = i + 1;
			na = strtoul(f.v[k++], NULL, 10);
			if (na > 1000 || k + na > f.nr)
				goto bad_run;
			r.crashes[i].alts = na ? xcalloc(na, sizeof(char *)) : NULL;
			for (size_t a = 0; a < na; a++)
				r.crashes[i].alts[a] = unescape(f.v[k++]);
			r.crashes[i].alts_nr = na;
		}
		keep_run(j, &r);
		jrun_release(&r);
		goto out;
bad_run:
		jrun_release(&r);
		goto bad;
	} else if (!strcmp(f.v[0], "note") && f.nr >= 3) {
		char *key = unescape(f.v[1]), *value = unescape(f.v[2]);

		strvec_push(&j->notes, key);
		strvec_push(&j->notes, value);
		free(key);
		free(value);
	} else if (!strcmp(f.v[0], "boot") && f.nr >= 5) {
		/* the machine and boot time of the latest run with that key */
		for (size_t i = j->runs_nr; i-- > 0;) {
			if (!strcmp(j->runs[i].signature, f.v[1]) && j->runs[i].index == atoi(f.v[2])) {
				char *m = unescape(f.v[4]);

				j->runs[i].boot_seconds = atof(f.v[3]);
				snprintf(j->runs[i].machine, sizeof(j->runs[i].machine), "%s", m);
				free(m);
				break;
			}
		}
	} else if (!strcmp(f.v[0], "report") && f.nr >= 4) {
		/* attach to the latest run with that key */
		for (size_t i = j->runs_nr; i-- > 0;) {
			if (!strcmp(j->runs[i].signature, f.v[1]) && j->runs[i].index == atoi(f.v[2])) {
				free(j->runs[i].report);
				j->runs[i].report = unescape(f.v[3]);
				break;
			}
		}
	} else if (!starts_with(f.v[0], "culprit-journal") && f.v[0][0] != '#') {
		goto bad;
	}
	goto out;
bad:
	ret = -1;
out:
	strvec_clear(&f);
	return ret;
}

static int load(struct journal *j, const char *job)
{
	struct strbuf sb = STRBUF_INIT, job_seen = STRBUF_INIT;
	char *p, *end;
	int lineno = 0, ret = 0;

	if (strbuf_read_file(&sb, j->path) < 0) {
		strbuf_release(&sb);
		return errno == ENOENT ? 0 : error("cannot read journal %s: %s", j->path, strerror(errno));
	}
	for (p = sb.buf; (end = memchr(p, '\n', sb.buf + sb.len - p)); p = end + 1) {
		*end = '\0';
		lineno++;
		if (parse_line(j, p, &job_seen) < 0)
			warning("%s:%d: unreadable journal line ignored", j->path, lineno);
	}
	if (job_seen.len && strcmp(job_seen.buf, job))
		ret = error("%s belongs to another job (%s);\n"
			    "use another work directory or remove it", j->path, job_seen.buf);
	strbuf_release(&job_seen);
	strbuf_release(&sb);
	return ret;
}

static int append(struct journal *j, const struct strbuf *line)
{
	const char *p = line->buf;
	size_t left = line->len;

	if (j->fd < 0)
		return 0;
	while (left) {
		ssize_t n = write(j->fd, p, left);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return error("cannot write journal %s: %s", j->path, strerror(errno));
		}
		p += n;
		left -= n;
	}
	if (fsync(j->fd) < 0 && errno != EINVAL)
		return error("cannot sync journal %s: %s", j->path, strerror(errno));
	return 0;
}

struct journal *journal_open(const char *path, const char *job, bool read_only)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	bool fresh;

	j->fd = -1;
	strvec_init(&j->notes);
	if (!path)
		return j;
	j->path = xstrdup(path);
	fresh = !file_exists(path);
	if (load(j, job) < 0)
		goto fail;
	if (read_only)
		return j;
	j->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (j->fd < 0) {
		error("cannot open journal %s: %s", path, strerror(errno));
		goto fail;
	}
	if (fresh) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, "culprit-journal 1\njob\t");
		add_escaped(&sb, job);
		strbuf_addch(&sb, '\n');
		if (append(j, &sb) < 0) {
			strbuf_release(&sb);
			goto fail;
		}
		strbuf_release(&sb);
	}
	return j;
fail:
	journal_close(j);
	return NULL;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	for (size_t i = 0; i < j->builds_nr; i++)
		jbuild_release(&j->builds[i]);
	free(j->builds);
	for (size_t i = 0; i < j->runs_nr; i++)
		jrun_release(&j->runs[i]);
	free(j->runs);
	strvec_clear(&j->notes);
	free(j->path);
	free(j);
}

const struct jbuild *journal_find_build(const struct journal *j, const char *hash)
{
	for (size_t i = j->builds_nr; i-- > 0;)
		if (!strcmp(j->builds[i].hash, hash))
			return &j->builds[i];
	return NULL;
}

const struct jrun *journal_find_run(const struct journal *j, const char *signature, int index)
{
	for (size_t i = j->runs_nr; i-- > 0;)
		if (j->runs[i].index == index && !strcmp(j->runs[i].signature, signature))
			return &j->runs[i];
	return NULL;
}

const char *journal_tree_commit(const struct journal *j, bool *built)
{
	if (built)
		*built = j->tree_built;
	return j->tree;
}

int journal_add_checkout(struct journal *j, const char *hash)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strcpy(j->tree, hash);
	j->tree_built = false;
	strbuf_addf(&sb, "checkout\t%s\n", hash);
	ret = append(j, &sb);
	strbuf_release(&sb);
	return ret;
}

int journal_add_build(struct journal *j, const struct jbuild *b)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addf(&sb, "build\t%s\t%s\t%s\t%.3f\t", b->hash,
		    b->status == BUILD_OK ? "ok" : b->status == BUILD_FAILED ? "failed" : "infra",
		    b->signature, b->seconds);
	add_escaped(&sb, b->compiler);
	strbuf_addch(&sb, '\t');
	add_escaped(&sb, b->artifact_dir);
	strbuf_addch(&sb, '\t');
	add_escaped(&sb, b->reason);
	strbuf_addstr(&sb, "\t\n");
	ret = append(j, &sb);
	strbuf_release(&sb);
	keep_build(j, b);
	return ret;
}

int journal_add_run(struct journal *j, const struct jrun *r)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (!j->path)
		return 0;
	strbuf_addf(&sb, "run\t%s\t%d\t%s\t%.3f\t", r->signature, r->index,
		    journal_verdict_name(r->verdict), r->seconds);
	add_escaped(&sb, r->reason);
	strbuf_addf(&sb, "\t%zu", r->crashes_nr);
	for (size_t i = 0; i < r->crashes_nr; i++) {
		strbuf_addch(&sb, '\t');
		add_escaped(&sb, r->crashes[i].title);
		strbuf_addf(&sb, "\t%zu", r->crashes[i].alts_nr);
		for (size_t k = 0; k < r->crashes[i].alts_nr; k++) {
			strbuf_addch(&sb, '\t');
			add_escaped(&sb, r->crashes[i].alts[k]);
		}
	}
	strbuf_addstr(&sb, "\t\n");
	if (r->machine[0] || r->boot_seconds > 0) {
		/* its own record: journals of runners without machines stay as they were */
		strbuf_addf(&sb, "boot\t%s\t%d\t%.3f\t", r->signature, r->index, r->boot_seconds);
		add_escaped(&sb, r->machine);
		strbuf_addstr(&sb, "\t\n");
	}
	if (r->report) {
		strbuf_addf(&sb, "report\t%s\t%d\t", r->signature, r->index);
		add_escaped(&sb, r->report);
		strbuf_addch(&sb, '\n');
	}
	ret = append(j, &sb);
	strbuf_release(&sb);
	if (j->path)	/* in memory (culprit sim) nothing is ever looked up again */
		keep_run(j, r);
	return ret;
}

int journal_add_note(struct journal *j, const char *key, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addstr(&sb, "note\t");
	add_escaped(&sb, key);
	strbuf_addch(&sb, '\t');
	add_escaped(&sb, value);
	strbuf_addch(&sb, '\n');
	ret = append(j, &sb);
	strbuf_release(&sb);
	strvec_push(&j->notes, key);
	strvec_push(&j->notes, value);
	return ret;
}

const char *journal_find_note(const struct journal *j, const char *key)
{
	for (size_t i = j->notes.nr; i >= 2; i -= 2)
		if (!strcmp(j->notes.v[i - 2], key))
			return j->notes.v[i - 1];
	return NULL;
}
