// SPDX-License-Identifier: Apache-2.0
/*
 * HOW IT WORKS
 *
 * fork() + execve() with everything the child needs (resolved program path,
 * environment block, file descriptors) prepared before fork(), so that the
 * child only calls async-signal-safe functions; this keeps child_run() usable
 * from several threads. The child makes itself a process-group leader and
 * asks the kernel for SIGKILL when its parent thread dies (PR_SET_PDEATHSIG),
 * which covers `kill -9` of culprit. Live groups are kept in a small
 * lock-free table so that a signal handler or atexit hook can kill them all.
 *
 * The parent polls the output pipes with a deadline. Output beyond out_cap is
 * dropped (truncated is set) but the pipe keeps being drained, so a chatty
 * child never blocks. When the direct child has exited, the group is killed,
 * which also ends grandchildren that kept the pipes open.
 */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_LIVE 512
static atomic_int live_groups[MAX_LIVE];

static void live_add(pid_t pid)
{
	for (int i = 0; i < MAX_LIVE; i++) {
		int expected = 0;

		if (atomic_compare_exchange_strong(&live_groups[i], &expected, pid))
			return;
	}
}

static void live_del(pid_t pid)
{
	for (int i = 0; i < MAX_LIVE; i++) {
		int expected = pid;

		if (atomic_compare_exchange_strong(&live_groups[i], &expected, 0))
			return;
	}
}

void children_kill_all(void)
{
	for (int i = 0; i < MAX_LIVE; i++) {
		int pid = atomic_load(&live_groups[i]);

		if (pid > 0)
			kill(-pid, SIGKILL);
	}
}

static const char *volatile interrupt_message;

void children_set_interrupt_message(const char *msg)
{
	interrupt_message = msg;
}

static void cleanup_signal(int sig)
{
	const char *msg = interrupt_message;

	children_kill_all();
	if (msg && sig != SIGHUP && write(2, msg, strlen(msg)) < 0)
		msg = NULL;	/* nothing else to do in a signal handler */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void cleanup_atexit(void)
{
	children_kill_all();
}

void children_install_cleanup(void)
{
	static bool installed;
	struct sigaction sa;

	if (installed)
		return;
	installed = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cleanup_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(cleanup_atexit);
}

void child_init(struct child *c)
{
	struct child blank = CHILD_INIT;

	*c = blank;
}

void child_release(struct child *c)
{
	strvec_clear(&c->args);
	strvec_clear(&c->env);
	strbuf_release(&c->out);
	strbuf_release(&c->err);
	c->status = -1;
	c->signo = 0;
	c->timed_out = c->stopped = c->truncated = false;
	c->seconds = 0;
}

bool child_ok(const struct child *c)
{
	return !c->timed_out && !c->stopped && c->signo == 0 && c->status == 0;
}

char *child_describe(const struct child *c)
{
	if (c->timed_out)
		return xstrfmt("timed out after %.0fs", c->timeout);
	if (c->stopped)
		return xstrdup("stopped early");
	if (c->signo)
		return xstrfmt("killed by signal %d", c->signo);
	return xstrfmt("exit status %d", c->status);
}

/* true when `cmd` uses shell syntax (operators, quotes, expansions, VAR=x) */
static bool needs_shell(const char *cmd)
{
	const char *first_end;

	if (strpbrk(cmd, "|&;<>()$`\\\"'*?[]#~{}!\n"))
		return true;
	/* a leading assignment ("CC=clang make") is shell syntax too */
	cmd += strspn(cmd, " \t");
	first_end = cmd + strcspn(cmd, " \t");
	return memchr(cmd, '=', first_end - cmd) != NULL;
}

void child_push_command(struct strvec *args, const char *cmd)
{
	if (needs_shell(cmd))
		strvec_pushl(args, "sh", "-c", cmd, NULL);
	else
		strvec_split(args, cmd);
}

char *find_in_path(const char *prog)
{
	const char *path = getenv("PATH");
	const char *p;

	if (strchr(prog, '/'))
		return access(prog, X_OK) ? NULL : xstrdup(prog);
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;;) {
		const char *e = strchrnul(p, ':');
		char *cand = xstrfmt("%.*s/%s", (int)(e - p), e == p ? "." : p, prog);
		struct stat st;

		if (!stat(cand, &st) && S_ISREG(st.st_mode) && !access(cand, X_OK))
			return cand;
		free(cand);
		if (!*e)
			return NULL;
		p = e + 1;
	}
}

static char *marker;	/* "NAME=value" every child gets (children_set_marker()) */

void children_set_marker(const char *entry)
{
	free(marker);
	marker = entry ? xstrdup(entry) : NULL;
}

/* true when /proc/<pid>/environ holds `entry` exactly */
static bool environ_holds(const char *pid, const char *entry)
{
	char path[300], *buf;
	size_t got = 0, cap = 1u << 16;
	bool found = false;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	buf = xmalloc(cap + 1);
	while ((n = read(fd, buf + got, cap - got)) > 0) {
		got += (size_t)n;
		if (got == cap) {
			cap *= 2;
			if (cap > (64u << 20))
				break;
			buf = xrealloc(buf, cap + 1);
		}
	}
	close(fd);
	buf[got] = '\0';
	for (size_t i = 0; i < got && !found; i += strlen(buf + i) + 1)
		found = !strcmp(buf + i, entry);
	free(buf);
	return found;
}

int children_kill_marked(const char *entry)
{
	int killed = 0;

	/* a process may start another between our look and our kill: look again */
	for (int round = 0; round < 20; round++) {
		DIR *d = opendir("/proc");
		struct dirent *de;
		int hits = 0;

		if (!d)
			return killed;
		while ((de = readdir(d))) {
			char *end;
			long pid = strtol(de->d_name, &end, 10);

			if (*end || pid <= 1 || pid == (long)getpid() || !environ_holds(de->d_name, entry))
				continue;
			if (!kill((pid_t)pid, SIGKILL)) {
				hits++;
				killed++;
			}
		}
		closedir(d);
		if (!hits)
			break;
		usleep(50000);	/* (a killed process's environ reads empty once it is gone) */
	}
	return killed;
}

static bool env_name_eq(const char *a, const char *b)
{
	size_t la = strcspn(a, "="), lb = strcspn(b, "=");

	return la == lb && !strncmp(a, b, la);
}

static char **build_env(const struct strvec *extra, bool unmarked)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + extra->nr + 2, sizeof(*env));
	for (size_t i = 0; i < n; i++) {
		bool overridden = marker && env_name_eq(environ[i], marker);

		for (size_t j = 0; j < extra->nr; j++)
			if (env_name_eq(environ[i], extra->v[j]))
				overridden = true;
		if (!overridden)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < extra->nr; j++)
		if (strchr(extra->v[j], '=') && !(marker && env_name_eq(extra->v[j], marker)))
			env[k++] = (char *)extra->v[j];
	/* last, and never overridden: every descendant carries it */
	if (marker && !unmarked)
		env[k++] = marker;
	env[k] = NULL;
	return env;
}

static void append_capped(struct child *c, struct strbuf *sb, const char *buf, size_t n)
{
	size_t cap = c->out_cap ? c->out_cap : 4u << 20;

	if (sb->len >= cap) {
		c->truncated = true;
		return;
	}
	if (sb->len + n > cap) {
		n = cap - sb->len;
		c->truncated = true;
	}
	strbuf_add(sb, buf, n);
}

/*
 * A log on disk, bounded: the first head bytes go straight to the file,
 * the rest through a window of the last `tail` bytes, written when the
 * child ends after a line that says how much was left out.
 */
struct logcap {
	int fd;
	const char *path;
	size_t head, tail, written;
	char *ring;
	size_t ring_len, ring_pos;	/* bytes in the window; where the next goes */
	unsigned long long past;	/* bytes after the head */
	bool failed;
};

#define LOG_CAP_DEFAULT (512u << 10)

static void log_init(struct logcap *lc, int fd, const struct child *c)
{
	size_t cap = c->log_cap ? c->log_cap : LOG_CAP_DEFAULT;

	memset(lc, 0, sizeof(*lc));
	lc->fd = fd;
	lc->path = c->log_path;
	lc->head = cap == SIZE_MAX ? SIZE_MAX : cap / 2;
	lc->tail = cap == SIZE_MAX ? 0 : cap - cap / 2;
}

static void log_write(struct logcap *lc, const char *buf, size_t n)
{
	while (n && !lc->failed) {
		ssize_t w = write(lc->fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			warning("cannot write '%s': %s", lc->path, strerror(errno));
			lc->failed = true;
			return;
		}
		buf += w;
		n -= (size_t)w;
	}
}

static void log_add(struct logcap *lc, const char *buf, size_t n)
{
	if (lc->fd < 0)
		return;
	if (lc->written < lc->head) {
		size_t k = n < lc->head - lc->written ? n : lc->head - lc->written;

		log_write(lc, buf, k);
		lc->written += k;
		buf += k;
		n -= k;
	}
	if (!n || !lc->tail)
		return;
	lc->past += n;
	if (!lc->ring)
		lc->ring = xmalloc(lc->tail);
	if (n > lc->tail) {
		buf += n - lc->tail;
		n = lc->tail;
	}
	while (n) {
		size_t k = lc->tail - lc->ring_pos < n ? lc->tail - lc->ring_pos : n;

		memcpy(lc->ring + lc->ring_pos, buf, k);
		lc->ring_pos = (lc->ring_pos + k) % lc->tail;
		if (lc->ring_len < lc->tail)
			lc->ring_len = lc->ring_len + k < lc->tail ? lc->ring_len + k : lc->tail;
		buf += k;
		n -= k;
	}
}

static void log_finish(struct logcap *lc)
{
	if (lc->fd < 0)
		return;
	if (lc->past > lc->ring_len) {
		/* the window is full: its oldest byte is at ring_pos; start at a line */
		struct strbuf sb = STRBUF_INIT;
		size_t from = lc->ring_pos, skip;
		const char *nl;
		char line[96];
		int len;

		strbuf_add(&sb, lc->ring + from, lc->tail - from);
		strbuf_add(&sb, lc->ring, from);
		nl = memchr(sb.buf, '\n', sb.len);
		skip = nl ? (size_t)(nl - sb.buf) + 1 : 0;
		len = snprintf(line, sizeof(line), "\n[culprit: %llu bytes of output left out here]\n",
			       lc->past - lc->ring_len + skip);
		log_write(lc, line, (size_t)len);
		log_write(lc, sb.buf + skip, sb.len - skip);
		strbuf_release(&sb);
	} else if (lc->ring_len) {
		log_write(lc, lc->ring, lc->ring_len);
	}
	free(lc->ring);
	close(lc->fd);
	lc->ring = NULL;
	lc->fd = -1;
}

/* a chunk of the child's output: the log, the capture, the readers */
static void take(struct child *c, struct logcap *lc, bool is_out, const char *buf, size_t n)
{
	log_add(lc, buf, n);
	append_capped(c, is_out ? &c->out : &c->err, buf, n);
	if (is_out && c->on_data)
		c->on_data(c->data, buf, n);
}

static void child_exec(const struct child *c, const char *prog, char **envp,
		       int in_fd, int out_fd, int err_fd, int report_fd, pid_t parent)
{
	sigset_t all;
	int e;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	if (in_fd >= 0 && dup2(in_fd, 0) < 0)
		goto fail;
	if (out_fd >= 0 && dup2(out_fd, 1) < 0)
		goto fail;
	if (err_fd >= 0 && dup2(err_fd, 2) < 0)
		goto fail;
	if (c->dir && chdir(c->dir))
		goto fail;
	execve(prog, (char *const *)c->args.v, envp);
fail:
	e = errno;
	if (write(report_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* the program to exec (malloced), or NULL after error() */
static char *resolve_prog(const struct child *c)
{
	char *prog;

	if (c->dir && c->args.v[0][0] != '/' && strchr(c->args.v[0], '/')) {
		/* "./build/prog" names a file in the child's directory, as for execve there */
		char *abs_dir = real_path(c->dir);
		char *rel = xstrfmt("%s/%s", abs_dir ? abs_dir : c->dir, c->args.v[0]);

		prog = find_in_path(rel);
		free(rel);
		free(abs_dir);
	} else {
		prog = find_in_path(c->args.v[0]);
	}
	if (!prog) {
		error("cannot run '%s': not found in PATH", c->args.v[0]);
		return NULL;
	}
	if (c->dir && !is_directory(c->dir)) {
		free(prog);
		error("cannot run '%s': no directory '%s'", c->args.v[0], c->dir);
		return NULL;
	}
	return prog;
}

/* the file descriptors of one child_run() (-1: none) */
struct fds {
	int in, log, out[2], err[2], rep[2];
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void close_all(struct fds *f)
{
	close_fd(&f->in);
	close_fd(&f->log);
	for (int i = 0; i < 2; i++) {
		close_fd(&f->out[i]);
		close_fd(&f->err[i]);
		close_fd(&f->rep[i]);
	}
}

/* stdin, the log and the pipes: 0, or -1 after error() (all closed) */
static int open_fds(const struct child *c, struct fds *f)
{
	const char *in = c->stdin_path ? c->stdin_path : "/dev/null";

	*f = (struct fds){ -1, -1, { -1, -1 }, { -1, -1 }, { -1, -1 } };
	f->in = open(in, O_RDONLY | O_CLOEXEC);
	if (f->in < 0)
		return error("cannot open '%s': %s", in, strerror(errno));
	if (c->log_path) {
		f->log = open(c->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (f->log < 0) {
			int e = errno;

			close_all(f);
			return error("cannot open '%s': %s", c->log_path, strerror(e));
		}
	}
	if (pipe2(f->rep, O_CLOEXEC) ||
	    (!c->no_capture && (pipe2(f->out, O_CLOEXEC) ||
				(!c->merge_stderr && pipe2(f->err, O_CLOEXEC))))) {
		int e = errno;

		close_all(f);
		return error("cannot create pipe: %s", strerror(e));
	}
	return 0;
}

/* what is already in the pipes of a child that has exited */
static void drain(struct child *c, struct logcap *lc, struct fds *f)
{
	for (int k = 0; k < 2; k++) {
		int fd = k ? f->err[0] : f->out[0];
		char buf[65536];
		ssize_t n;

		if (fd < 0)
			continue;
		fcntl(fd, F_SETFL, O_NONBLOCK);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			take(c, lc, !k, buf, (size_t)n);
	}
}

/*
 * Read the child's output until it exits (then drain the pipes), the
 * timeout, or a callback asks to stop. *exited when it was reaped.
 */
static void pump(struct child *c, struct logcap *lc, struct fds *f, pid_t pid, double deadline,
		 bool *exited, int *wstatus)
{
	for (;;) {
		struct pollfd pfd[2];
		int nfds = 0;
		double left = deadline - now_seconds();

		if (left <= 0) {
			c->timed_out = true;
			return;
		}
		if (f->out[0] >= 0)
			pfd[nfds++] = (struct pollfd){ .fd = f->out[0], .events = POLLIN };
		if (f->err[0] >= 0)
			pfd[nfds++] = (struct pollfd){ .fd = f->err[0], .events = POLLIN };
		if (!nfds) {
			/* nothing to read: wait for exit */
			if (waitpid(pid, wstatus, WNOHANG) == pid) {
				*exited = true;
				return;
			}
			if (c->on_tick && c->on_tick(c->data, &c->out)) {
				c->stopped = true;
				return;
			}
			usleep(left > 0.02 ? 20000 : (useconds_t)(left * 1e6));
			continue;
		}
		if (poll(pfd, (nfds_t)nfds, left > 0.2 ? 200 : (int)(left * 1000) + 1) < 0 &&
		    errno != EINTR)
			return;
		for (int i = 0; i < nfds; i++) {
			bool is_out = pfd[i].fd == f->out[0];
			char buf[65536];
			ssize_t n;

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				close_fd(is_out ? &f->out[0] : &f->err[0]);
				continue;
			}
			take(c, lc, is_out, buf, (size_t)n);
			if (is_out && c->on_output && c->on_output(c->data, &c->out)) {
				c->stopped = true;
				return;
			}
		}
		if (c->on_tick && c->on_tick(c->data, &c->out)) {
			c->stopped = true;
			return;
		}
		if (waitpid(pid, wstatus, WNOHANG) == pid) {
			*exited = true;
			drain(c, lc, f);
			if (c->on_output && c->out.len)
				c->on_output(c->data, &c->out);	/* it ended by itself anyway */
			return;
		}
	}
}

int child_run(struct child *c)
{
	struct fds f;
	struct logcap lc;
	char *prog;
	char **envp;
	pid_t pid, self = getpid();
	double start = now_seconds();
	int exec_errno = 0, wstatus = 0;
	bool exited = false;

	if (!c->args.nr)
		BUG("child_run() without a program");
	if (c->timeout <= 0)
		BUG("child_run() of '%s' without a timeout", c->args.v[0]);
	c->status = -1;
	c->signo = 0;
	c->timed_out = c->stopped = c->truncated = false;
	prog = resolve_prog(c);
	if (!prog)
		return -1;
	if (open_fds(c, &f) < 0) {
		free(prog);
		return -1;
	}
	envp = build_env(&c->env, c->unmarked);
	pid = fork();
	if (pid == 0)
		child_exec(c, prog, envp, f.in, f.out[1], c->merge_stderr ? f.out[1] : f.err[1],
			   f.rep[1], self);
	free(envp);
	free(prog);
	close_fd(&f.in);
	close_fd(&f.rep[1]);
	close_fd(&f.out[1]);
	close_fd(&f.err[1]);
	if (pid < 0) {
		int e = errno;

		close_all(&f);
		return error("cannot fork: %s", strerror(e));
	}
	setpgid(pid, pid);
	live_add(pid);
	log_init(&lc, f.log, c);
	f.log = -1;	/* lc's now */

	/* exec succeeded when the report pipe closes with nothing in it */
	if (read(f.rep[0], &exec_errno, sizeof(exec_errno)) != (ssize_t)sizeof(exec_errno))
		exec_errno = 0;
	close_fd(&f.rep[0]);
	if (!exec_errno)
		pump(c, &lc, &f, pid, start + c->timeout, &exited, &wstatus);
	kill(-pid, SIGKILL);
	if (!exited) {
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;
	}
	live_del(pid);
	close_all(&f);
	log_finish(&lc);
	c->seconds = now_seconds() - start;
	if (exec_errno)
		return error("cannot run '%s': %s", c->args.v[0], strerror(exec_errno));
	if (c->timed_out || c->stopped) {
		c->status = -1;
		c->signo = 0;
	} else if (WIFEXITED(wstatus)) {
		c->status = WEXITSTATUS(wstatus);
	} else if (WIFSIGNALED(wstatus)) {
		c->signo = WTERMSIG(wstatus);
	}
	return 0;
}
