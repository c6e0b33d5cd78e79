// SPDX-License-Identifier: Apache-2.0
#include "util.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static bool error_quiet;

void set_error_quiet(bool quiet)
{
	error_quiet = quiet;
}

static void (*oom_handler)(void);

void set_oom_handler(void (*fn)(void))
{
	oom_handler = fn;
}

void out_of_memory(void)
{
	if (oom_handler)
		oom_handler();
	fputs("fatal: out of memory\n", stderr);
	abort();
}

static void *check_alloc(void *p)
{
	if (!p)
		out_of_memory();
	return p;
}

void *xmalloc(size_t size)
{
	return check_alloc(malloc(size ? size : 1));
}

void *xcalloc(size_t nmemb, size_t size)
{
	return check_alloc(calloc(nmemb ? nmemb : 1, size ? size : 1));
}

void *xrealloc(void *ptr, size_t size)
{
	return check_alloc(realloc(ptr, size ? size : 1));
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
	return check_alloc(strndup(s, n));
}

char *xstrfmt(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

static void (*message_hook)(void *data, bool before);
static void *message_hook_data;

void set_message_hook(void (*hook)(void *data, bool before), void *data)
{
	message_hook = hook;
	message_hook_data = data;
}

static void report(const char *prefix, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (message_hook)
		message_hook(message_hook_data, true);
	fprintf(stderr, "%s%s\n", prefix, msg);
	if (message_hook)
		message_hook(message_hook_data, false);
}

int error(const char *fmt, ...)
{
	va_list ap;

	if (!error_quiet) {
		va_start(ap, fmt);
		report("error: ", fmt, ap);
		va_end(ap);
	}
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	if (error_quiet)
		return;
	va_start(ap, fmt);
	report("warning: ", fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("fatal: ", fmt, ap);
	va_end(ap);
	exit(2);
}

void BUG_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char prefix[256];

	snprintf(prefix, sizeof(prefix), "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	report(prefix, fmt, ap);
	va_end(ap);
	abort();
}

double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

char *format_duration(double seconds)
{
	long long whole;
	double frac;
	long long h, m, s;

	if (seconds < 0)
		seconds = 0;
	whole = (long long)seconds;
	frac = seconds - whole;
	h = whole / 3600;
	m = (whole / 60) % 60;
	s = whole % 60;
	if (h)
		return xstrfmt("%lldh%lldm%.3fs", h, m, s + frac);
	if (m)
		return xstrfmt("%lldm%.3fs", m, s + frac);
	return xstrfmt("%.3fs", s + frac);
}

bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !memcmp(s + ls - lx, suffix, lx);
}

bool skip_prefix(const char *s, const char *prefix, const char **out)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return false;
	if (out)
		*out = s + n;
	return true;
}

int mkdir_p(const char *path, unsigned mode)
{
	char *p = xstrdup(path);
	char *q;

	for (q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, mode) && errno != EEXIST) {
			int e = errno;

			free(p);
			return error("cannot create directory '%s': %s", path, strerror(e));
		}
		*q = '/';
	}
	if (mkdir(p, mode) && errno != EEXIST) {
		int e = errno;

		free(p);
		return error("cannot create directory '%s': %s", path, strerror(e));
	}
	free(p);
	if (!is_directory(path))
		return error("'%s' exists and is not a directory", path);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

int remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return nftw(path, remove_one, 64, FTW_DEPTH | FTW_PHYS);
}

int write_file_atomic(const char *path, const void *buf, size_t len)
{
	char *tmp = xstrfmt("%s.tmp.%d", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const char *p = buf;

	if (fd < 0) {
		int e = errno;

		free(tmp);
		return error("cannot write '%s': %s", path, strerror(e));
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;

			close(fd);
			unlink(tmp);
			free(tmp);
			return error("cannot write '%s': %s", path, strerror(e));
		}
		p += n;
		len -= n;
	}
	if (fsync(fd) || close(fd) || rename(tmp, path)) {
		int e = errno;

		unlink(tmp);
		free(tmp);
		return error("cannot write '%s': %s", path, strerror(e));
	}
	free(tmp);
	return 0;
}

bool file_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

bool is_directory(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

char *real_path(const char *path)
{
	char *r = realpath(path, NULL);

	return r ? check_alloc(r) : NULL;
}

char *self_exe_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0) {
		error("cannot find this program (/proc/self/exe): %s", strerror(errno));
		return NULL;
	}
	buf[n] = '\0';
	return xstrdup(buf);
}

uint64_t fnv1a64(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

char *cache_dir(void)
{
	const char *e = getenv("CULPRIT_CACHE");

	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_CACHE_HOME");
	if (e && *e)
		return xstrfmt("%s/culprit", e);
	e = getenv("HOME");
	if (e && *e)
		return xstrfmt("%s/.cache/culprit", e);
	/*
	 * No shared fallback (/tmp/.cache/culprit): another local user could
	 * create the job's directory there first and feed it a journal.
	 */
	error("HOME is not set: say where culprit keeps its cache and work directories "
	      "with CULPRIT_CACHE=<dir> (a directory of your own), or use --workdir");
	return NULL;
}
