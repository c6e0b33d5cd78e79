// SPDX-License-Identifier: Apache-2.0
/*
 * journal.c - the append-only bisection journal (see journal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	struct strvec params;	/* key, value, ... (the last value of a key wins) */
	double timeout;		/* the "timeout" param in force: runs are made under it; -1 */
	int version;		/* of the header; 0: none seen */
	bool records;		/* a record other than the header was seen */
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
	copy_run(&j->runs[j->runs_nr], r);
	j->runs[j->runs_nr++].timeout = j->timeout;
}

static void keep_param(struct journal *j, const char *key, const char *value)
{
	strvec_push(&j->params, key);
	strvec_push(&j->params, value);
	if (!strcmp(key, "timeout")) {
		char *end;
		double t = strtod(value, &end);

		j->timeout = *end || !(t >= 0) ? -1 : t;
	}
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
	const char *v;
	int ret = 0;

	split_tabs(line, &f);
	if (skip_prefix(f.v[0], "culprit-journal ", &v) && f.nr == 1) {
		if (!j->version && !j->records)
			j->version = atoi(v) > 0 ? atoi(v) : -1;
		goto out;
	}
	if (f.v[0][0] != '#')
		j->records = true;
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
	} else if (!strcmp(f.v[0], "param") && f.nr >= 3) {
		char *key = unescape(f.v[1]), *value = unescape(f.v[2]);

		keep_param(j, key, value);
		free(key);
		free(value);
	} else if (!strcmp(f.v[0], "note") && f.nr >= 3) {
		char *key = unescape(f.v[1]), *value = unescape(f.v[2]);

		strvec_push(&j->notes, key);
		strvec_push(&j->notes, value);
		free(key);
		free(value);
	} else if (!strcmp(f.v[0], "report") && f.nr >= 4) {
		/* attach to the latest run with that key */
		for (size_t i = j->runs_nr; i-- > 0;) {
			if (!strcmp(j->runs[i].signature, f.v[1]) && j->runs[i].index == atoi(f.v[2])) {
				free(j->runs[i].report);
				j->runs[i].report = unescape(f.v[3]);
				break;
			}
		}
	} else if (f.v[0][0] != '#') {
		goto bad;
	}
	goto out;
bad:
	ret = -1;
out:
	strvec_clear(&f);
	return ret;
}

/* the newest journal format this code writes and reads */
#define JOURNAL_VERSION 2

/* open path without following a link; a regular file of this user. fd, or -1 */
static int open_checked(const char *path, int flags, enum journal_error *why)
{
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0644);
	struct stat st;

	if (fd < 0) {
		int e = errno;

		if (e == ENOENT && !(flags & O_CREAT))
			return -1;
		*why = e == ELOOP ? JOURNAL_REFUSED : JOURNAL_IO;
		error("cannot open journal %s: %s", path,
		      e == ELOOP ? "it is a symbolic link" : strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		*why = JOURNAL_REFUSED;
		error("journal %s is not a file of this user: refused", path);
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/*
 * Read the records. *complete: the length of the whole lines (a last line
 * cut short by a kill is ignored), *size: the file's. 0, or -1 after
 * error() with *why set.
 */
static int load(struct journal *j, const char *job, size_t *complete, size_t *size,
		enum journal_error *why)
{
	struct strbuf sb = STRBUF_INIT, job_seen = STRBUF_INIT;
	char *p, *end;
	int lineno = 0, ret = 0, fd;

	*complete = *size = 0;
	fd = open_checked(j->path, O_RDONLY, why);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (strbuf_read_fd(&sb, fd) < 0) {
		*why = JOURNAL_IO;
		ret = error("cannot read journal %s: %s", j->path, strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	*size = sb.len;
	for (p = sb.buf; (end = memchr(p, '\n', sb.buf + sb.len - p)); p = end + 1) {
		*end = '\0';
		lineno++;
		if (parse_line(j, p, &job_seen) < 0)
			warning("%s:%d: unreadable journal line ignored", j->path, lineno);
	}
	*complete = (size_t)(p - sb.buf);
	*why = JOURNAL_REFUSED;
	if (j->records && j->version <= 0)
		ret = error("%s holds records but no culprit-journal header: it cannot be "
			    "trusted; remove it (or use another work directory)", j->path);
	else if (j->version > JOURNAL_VERSION)
		ret = error("%s was written by a newer culprit (format %d)", j->path, j->version);
	else if (j->records && !job_seen.len)
		ret = error("%s names no job: it cannot be trusted; remove it", j->path);
	else if (job_seen.len && strcmp(job_seen.buf, job))
		ret = error("%s belongs to another job (%s);\n"
			    "use another work directory or remove it", j->path, job_seen.buf);
out:
	strbuf_release(&job_seen);
	strbuf_release(&sb);
	return ret;
}

static int write_all(int fd, const char *p, size_t left)
{
	while (left) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

static int append(struct journal *j, const struct strbuf *line)
{
	if (j->fd < 0)
		return 0;
	if (write_all(j->fd, line->buf, line->len) < 0)
		return error("cannot write journal %s: %s", j->path, strerror(errno));
	if (fsync(j->fd) < 0 && errno != EINVAL)
		return error("cannot sync journal %s: %s", j->path, strerror(errno));
	return 0;
}

static void add_param_line(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addstr(sb, "param\t");
	add_escaped(sb, key);
	strbuf_addch(sb, '\t');
	add_escaped(sb, value);
	strbuf_addch(sb, '\n');
}

/*
 * A new journal: its header (the format, the job, the parameters) to a
 * temporary file, then renamed into place, so a journal never exists
 * without its header (a kill or a full disk leaves none at all).
 */
static int write_header(struct journal *j, const char *job, const struct strvec *params)
{
	struct strbuf sb = STRBUF_INIT;
	char *tmp = xstrfmt("%s.new", j->path), *dir, *slash;
	int fd, e = 0;

	strbuf_addf(&sb, "culprit-journal %d\njob\t", JOURNAL_VERSION);
	add_escaped(&sb, job);
	strbuf_addch(&sb, '\n');
	for (size_t i = 0; params && i + 1 < params->nr; i += 2)
		add_param_line(&sb, params->v[i], params->v[i + 1]);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || write_all(fd, sb.buf, sb.len) < 0 || fsync(fd) < 0)
		e = errno;
	if (fd >= 0 && close(fd) < 0 && !e)
		e = errno;
	if (!e && rename(tmp, j->path) < 0)
		e = errno;
	if (e)
		unlink(tmp);
	/* the rename itself must survive a crash: sync the directory */
	dir = xstrdup(j->path);
	slash = strrchr(dir, '/');
	if (!e && slash) {
		*slash = '\0';
		fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	free(dir);
	free(tmp);
	strbuf_release(&sb);
	if (e)
		return error("cannot write journal %s: %s", j->path, strerror(e));
	j->version = JOURNAL_VERSION;
	for (size_t i = 0; params && i + 1 < params->nr; i += 2)
		keep_param(j, params->v[i], params->v[i + 1]);
	return 0;
}

struct journal *journal_open(const char *path, const char *job, const struct strvec *params,
			     bool read_only, enum journal_error *why)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	enum journal_error dummy;
	size_t complete, size;

	if (!why)
		why = &dummy;
	*why = JOURNAL_IO;
	j->fd = -1;
	j->timeout = -1;
	strvec_init(&j->notes);
	strvec_init(&j->params);
	if (!path) {
		for (size_t i = 0; params && i + 1 < params->nr; i += 2)
			keep_param(j, params->v[i], params->v[i + 1]);
		return j;
	}
	j->path = xstrdup(path);
	if (load(j, job, &complete, &size, why) < 0)
		goto fail;
	if (read_only)
		return j;
	*why = JOURNAL_IO;
	/* none yet, empty, or a header cut short: a fresh one, header first */
	if (!j->records && write_header(j, job, params) < 0)
		goto fail;
	j->fd = open_checked(path, O_WRONLY | O_APPEND, why);
	if (j->fd < 0)
		goto fail;
	/* a last line cut short by a kill goes, so the next record starts a line */
	if (j->records && complete < size && ftruncate(j->fd, (off_t)complete) < 0) {
		error("cannot cut the torn last line of %s: %s", path, strerror(errno));
		goto fail;
	}
	return j;
fail:
	journal_close(j);
	return NULL;
}

const char *journal_param(const struct journal *j, const char *key)
{
	for (size_t i = j->params.nr; i >= 2; i -= 2)
		if (!strcmp(j->params.v[i - 2], key))
			return j->params.v[i - 1];
	return NULL;
}

int journal_set_param(struct journal *j, const char *key, const char *value)
{
	const char *cur = journal_param(j, key);
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (cur && !strcmp(cur, value))
		return 0;
	add_param_line(&sb, key, value);
	ret = append(j, &sb);
	strbuf_release(&sb);
	keep_param(j, key, value);
	return ret;
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
	strvec_clear(&j->params);
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
