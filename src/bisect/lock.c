// SPDX-License-Identifier: Apache-2.0
/*
 * lock.c - one owner per work directory (see lock.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock.h"
#include "../util/run.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* the environment entry that marks the owner's children */
#define MARKER_NAME LOCK_MARKER_NAME

struct workdir_lock {
	int fd;
	char *dir, *path;
	char *created;		/* the topmost directory this process made, or NULL */
	bool made_file;		/* the lock file is this process's */
	bool discard;
};

/* the first directory of `path` that does not exist yet (malloced), or NULL */
static char *first_missing(const char *path)
{
	char *p = xstrdup(path), *missing = NULL;
	struct stat st;

	for (;;) {
		char *slash;

		if (!lstat(p, &st))
			break;
		free(missing);
		missing = xstrdup(p);
		slash = strrchr(p, '/');
		while (slash && slash > p && slash[1] == '\0') {
			*slash = '\0';
			slash = strrchr(p, '/');
		}
		if (!slash || slash == p)
			break;
		*slash = '\0';
	}
	free(p);
	return missing;
}

/* "<pid> <token>" of the lock file, read at fd */
static void read_holder(int fd, int *pid, struct strbuf *token)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *sp;

	*pid = 0;
	strbuf_reset(token);
	if (n <= 0)
		return;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	*pid = atoi(buf);
	sp = strchr(buf, ' ');
	if (sp && strspn(sp + 1, "0123456789abcdef") == strlen(sp + 1) && sp[1])
		strbuf_addstr(token, sp + 1);
}

int workdir_lock_holder(const char *workdir)
{
	char *path = xstrfmt("%s/lock", workdir);
	struct strbuf token = STRBUF_INIT;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), pid = 0;

	if (fd >= 0) {
		read_holder(fd, &pid, &token);
		close(fd);
	}
	strbuf_release(&token);
	free(path);
	return pid;
}

/* the work directory: made if needed, a directory of ours. 0 or LOCK_ERR_* */
static int check_dir(struct workdir_lock *l)
{
	struct stat st;

	l->created = first_missing(l->dir);
	if (mkdir_p(l->dir, 0755) < 0)
		return LOCK_ERR_INFRA;
	if (stat(l->dir, &st) < 0)
		return error("cannot use work directory '%s': %s", l->dir, strerror(errno)),
		       LOCK_ERR_INFRA;
	if (st.st_uid != geteuid()) {
		error("work directory '%s' belongs to another user (uid %u): culprit works only in "
		      "a directory of its own user; use another --workdir",
		      l->dir, (unsigned)st.st_uid);
		return LOCK_ERR_INPUT;
	}
	return 0;
}

static int open_lock_file(struct workdir_lock *l)
{
	struct stat st;

	/* two processes may both find no lock file: the one that makes it owns
	 * "made_file", the other opens what it made */
	for (int tries = 0; tries < 100; tries++) {
		l->fd = open(l->path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
		if (l->fd >= 0 || errno != ENOENT)
			break;
		l->fd = open(l->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
		l->made_file = l->fd >= 0;
		if (l->fd >= 0 || errno != EEXIST)
			break;
	}
	if (l->fd < 0) {
		int e = errno;

		error("cannot open %s: %s", l->path,
		      e == ELOOP ? "it is a symbolic link" : strerror(e));
		return e == ELOOP ? LOCK_ERR_INPUT : LOCK_ERR_INFRA;
	}
	if (fstat(l->fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		error("%s is not a file of this user: refused", l->path);
		return LOCK_ERR_INPUT;
	}
	return 0;
}

/* take the flock (waiting when asked); 0 or LOCK_ERR_INFRA */
static int take(struct workdir_lock *l, bool wait)
{
	struct strbuf token = STRBUF_INIT;
	int pid;

	if (!flock(l->fd, LOCK_EX | LOCK_NB))
		return 0;
	if (errno != EWOULDBLOCK)
		return error("cannot lock %s: %s", l->path, strerror(errno)), LOCK_ERR_INFRA;
	read_holder(l->fd, &pid, &token);
	strbuf_release(&token);
	if (!wait) {
		if (pid > 0)
			error("work directory '%s' is in use by process %d (another culprit); "
			      "wait for it (--wait) or use another --workdir", l->dir, pid);
		else
			error("work directory '%s' is in use by another culprit; "
			      "wait for it (--wait) or use another --workdir", l->dir);
		return LOCK_ERR_INFRA;
	}
	if (pid > 0)
		fprintf(stderr, "culprit: waiting for process %d, which holds %s\n", pid, l->dir);
	else
		fprintf(stderr, "culprit: waiting for the culprit that holds %s\n", l->dir);
	while (flock(l->fd, LOCK_EX) < 0) {
		if (errno != EINTR)
			return error("cannot lock %s: %s", l->path, strerror(errno)), LOCK_ERR_INFRA;
	}
	return 0;
}

/* kill what the last owner left running, then write ourselves in */
static int own(struct workdir_lock *l)
{
	struct strbuf old = STRBUF_INIT, line = STRBUF_INIT;
	unsigned char rnd[16];
	char *marker;
	int pid, ret = 0;

	read_holder(l->fd, &pid, &old);
	if (old.len) {
		int killed;

		marker = xstrfmt(MARKER_NAME "=%s", old.buf);
		killed = children_kill_marked(marker);
		if (killed)
			warning("killed %d process%s left running by process %d, the last owner "
				"of %s", killed, killed == 1 ? "" : "es", pid, l->dir);
		free(marker);
	}
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		/* no entropy source: the pid and the time still tell owners apart */
		double t = now_seconds();

		memset(rnd, 0, sizeof(rnd));
		memcpy(rnd, &t, sizeof(t));
		memcpy(rnd + sizeof(t), &(int){ getpid() }, sizeof(int));
	}
	strbuf_addf(&line, "%d ", (int)getpid());
	for (size_t i = 0; i < sizeof(rnd); i++)
		strbuf_addf(&line, "%02x", rnd[i]);
	marker = xstrfmt(MARKER_NAME "=%s", line.buf + strcspn(line.buf, " ") + 1);
	strbuf_addch(&line, '\n');
	if (ftruncate(l->fd, 0) < 0 || pwrite(l->fd, line.buf, line.len, 0) != (ssize_t)line.len ||
	    fsync(l->fd) < 0) {
		error("cannot write %s: %s", l->path, strerror(errno));
		ret = LOCK_ERR_INFRA;
	} else {
		children_set_marker(marker);
	}
	free(marker);
	strbuf_release(&old);
	strbuf_release(&line);
	return ret;
}

/* rmdir the directories this process made, from the work directory up, while empty */
static void remove_empty(struct workdir_lock *l)
{
	char *p = xstrdup(l->dir);

	while (l->created && strlen(p) >= strlen(l->created) && !rmdir(p)) {
		char *slash = strrchr(p, '/');

		if (!slash || slash == p)
			break;
		*slash = '\0';
	}
	free(p);
}

int workdir_lock(const char *workdir, bool wait, struct workdir_lock **out)
{
	struct workdir_lock *l = xcalloc(1, sizeof(*l));
	int r;

	*out = NULL;
	l->fd = -1;
	l->dir = xstrdup(workdir);
	l->path = xstrfmt("%s/lock", workdir);
	if ((r = check_dir(l)) < 0 || (r = open_lock_file(l)) < 0 || (r = take(l, wait)) < 0) {
		/*
		 * Not ours (or not usable): only the empty directories this
		 * process made go; a lock file stays (another may hold it).
		 */
		remove_empty(l);
		workdir_unlock(l);
		return r;
	}
	if ((r = own(l)) < 0) {
		workdir_lock_discard(l);
		workdir_unlock(l);
		return r;
	}
	*out = l;
	return 0;
}

void workdir_lock_discard(struct workdir_lock *l)
{
	if (l)
		l->discard = true;
}

void workdir_unlock(struct workdir_lock *l)
{
	if (!l)
		return;
	if (l->discard) {
		if (l->created)
			remove_tree(l->created);
		else if (l->made_file)
			unlink(l->path);
	}
	if (l->fd >= 0)
		close(l->fd);
	children_set_marker(NULL);
	free(l->dir);
	free(l->path);
	free(l->created);
	free(l);
}
