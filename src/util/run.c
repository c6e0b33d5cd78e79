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

static void cleanup_signal(int sig)
{
	children_kill_all();
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

static bool env_name_eq(const char *a, const char *b)
{
	size_t la = strcspn(a, "="), lb = strcspn(b, "=");

	return la == lb && !strncmp(a, b, la);
}

static char **build_env(const struct strvec *extra)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + extra->nr + 1, sizeof(*env));
	for (size_t i = 0; i < n; i++) {
		bool overridden = false;

		for (size_t j = 0; j < extra->nr; j++)
			if (env_name_eq(environ[i], extra->v[j]))
				overridden = true;
		if (!overridden)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < extra->nr; j++)
		if (strchr(extra->v[j], '='))
			env[k++] = (char *)extra->v[j];
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

int child_run(struct child *c)
{
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, rep[2] = { -1, -1 };
	int in_fd = -1, log_fd = -1;
	char *prog;
	char **envp;
	pid_t pid, self = getpid();
	double start = now_seconds(), deadline;
	int exec_errno = 0;
	bool exited = false;
	int wstatus = 0;

	if (!c->args.nr)
		BUG("child_run() without a program");
	if (c->timeout <= 0)
		BUG("child_run() of '%s' without a timeout", c->args.v[0]);
	c->status = -1;
	c->signo = 0;
	c->timed_out = c->stopped = c->truncated = false;

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
	if (!prog)
		return error("cannot run '%s': not found in PATH", c->args.v[0]);
	if (c->dir && !is_directory(c->dir)) {
		free(prog);
		return error("cannot run '%s': no directory '%s'", c->args.v[0], c->dir);
	}
	in_fd = open(c->stdin_path ? c->stdin_path : "/dev/null", O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		int e = errno;

		free(prog);
		return error("cannot open '%s': %s", c->stdin_path ? c->stdin_path : "/dev/null",
			     strerror(e));
	}
	if (c->log_path) {
		log_fd = open(c->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (log_fd < 0) {
			int e = errno;

			close(in_fd);
			free(prog);
			return error("cannot open '%s': %s", c->log_path, strerror(e));
		}
	}
	if (pipe2(rep, O_CLOEXEC) ||
	    (!c->no_capture && (pipe2(outp, O_CLOEXEC) ||
				(!c->merge_stderr && pipe2(errp, O_CLOEXEC))))) {
		int e = errno;

		for (int i = 0; i < 2; i++) {
			if (outp[i] >= 0)
				close(outp[i]);
			if (errp[i] >= 0)
				close(errp[i]);
			if (rep[i] >= 0)
				close(rep[i]);
		}
		close(in_fd);
		if (log_fd >= 0)
			close(log_fd);
		free(prog);
		return error("cannot create pipe: %s", strerror(e));
	}
	envp = build_env(&c->env);

	pid = fork();
	if (pid == 0)
		child_exec(c, prog, envp, in_fd, outp[1],
			   c->merge_stderr ? outp[1] : errp[1], rep[1], self);
	free(envp);
	free(prog);
	close(in_fd);
	close(rep[1]);
	if (outp[1] >= 0)
		close(outp[1]);
	if (errp[1] >= 0)
		close(errp[1]);
	if (pid < 0) {
		int e = errno;

		close(rep[0]);
		if (outp[0] >= 0)
			close(outp[0]);
		if (errp[0] >= 0)
			close(errp[0]);
		if (log_fd >= 0)
			close(log_fd);
		return error("cannot fork: %s", strerror(e));
	}
	setpgid(pid, pid);
	live_add(pid);

	/* exec succeeded when the report pipe closes with nothing in it */
	if (read(rep[0], &exec_errno, sizeof(exec_errno)) != (ssize_t)sizeof(exec_errno))
		exec_errno = 0;
	close(rep[0]);

	deadline = start + c->timeout;
	while (!exec_errno) {
		struct pollfd fds[2];
		int nfds = 0;
		double left = deadline - now_seconds();
		int ms;

		if (left <= 0) {
			c->timed_out = true;
			break;
		}
		if (outp[0] >= 0)
			fds[nfds++] = (struct pollfd){ .fd = outp[0], .events = POLLIN };
		if (errp[0] >= 0)
			fds[nfds++] = (struct pollfd){ .fd = errp[0], .events = POLLIN };
		if (!nfds) {
			/* nothing to read: wait for exit */
			pid_t r = waitpid(pid, &wstatus, WNOHANG);

			if (r == pid) {
				exited = true;
				break;
			}
			if (c->on_tick && c->on_tick(c->data, &c->out)) {
				c->stopped = true;
				goto finish;
			}
			usleep(left > 0.02 ? 20000 : (useconds_t)(left * 1e6));
			continue;
		}
		ms = left > 0.2 ? 200 : (int)(left * 1000) + 1;
		if (poll(fds, (nfds_t)nfds, ms) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < nfds; i++) {
			char buf[65536];
			ssize_t n;
			bool is_out = fds[i].fd == outp[0];

			if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(fds[i].fd, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				if (is_out)
					outp[0] = -1;
				else
					errp[0] = -1;
				continue;
			}
			if (log_fd >= 0 && write(log_fd, buf, (size_t)n) < 0)
				warning("cannot write '%s': %s", c->log_path, strerror(errno));
			append_capped(c, is_out ? &c->out : &c->err, buf, (size_t)n);
			if (is_out && c->on_output && c->on_output(c->data, &c->out)) {
				c->stopped = true;
				goto finish;
			}
		}
		if (c->on_tick && c->on_tick(c->data, &c->out)) {
			c->stopped = true;
			goto finish;
		}
		if (!exited && waitpid(pid, &wstatus, WNOHANG) == pid) {
			exited = true;
			/* drain what is already in the pipes, then stop waiting */
			for (int k = 0; k < 2; k++) {
				int fd = k ? errp[0] : outp[0];
				char buf[65536];
				ssize_t n;

				if (fd < 0)
					continue;
				fcntl(fd, F_SETFL, O_NONBLOCK);
				while ((n = read(fd, buf, sizeof(buf))) > 0) {
					if (log_fd >= 0 && write(log_fd, buf, (size_t)n) < 0)
						break;
					append_capped(c, k ? &c->err : &c->out, buf, (size_t)n);
				}
			}
			if (c->on_output && c->out.len && c->on_output(c->data, &c->out))
				c->stopped = false; /* it ended by itself anyway */
			break;
		}
	}
finish:
	kill(-pid, SIGKILL);
	if (!exited) {
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;
	}
	live_del(pid);
	if (outp[0] >= 0)
		close(outp[0]);
	if (errp[0] >= 0)
		close(errp[0]);
	if (log_fd >= 0)
		close(log_fd);
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
