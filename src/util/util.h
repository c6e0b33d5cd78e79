/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.h - memory, errors and small helpers shared by every subsystem.
 *
 * Errors come in tiers, as in git:
 *   - error(fmt, ...) prints "error: ..." on stderr and returns -1, so library
 *     code writes `return error("cannot open %s", path);`.
 *   - warning(fmt, ...) prints "warning: ..." and goes on.
 *   - BUG(fmt, ...) is a broken invariant: prints and aborts.
 *   - die(fmt, ...) prints "fatal: ..." and exits 2; only the command layer
 *     (src/cli/, src/main.c) may call it.
 *
 * The x*() allocators never return NULL: running out of memory aborts.
 */
#ifndef CULPRIT_UTIL_H
#define CULPRIT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

void *xmalloc(size_t size);
/*
 * Called (if set) when an x*alloc() fails, before the "out of memory"
 * abort: a command may say which input was too big and exit its own way.
 */
void set_oom_handler(void (*fn)(void));
/* An allocation outside x*alloc() failed: the handler, then abort. */
NORETURN void out_of_memory(void);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xstrfmt(const char *fmt, ...) PRINTF_LIKE(1, 2);

/*
 * Grow array `x` (with `alloc` slots) so that it holds at least `nr` elements.
 * Typical use: ALLOC_GROW(v, n + 1, alloc); v[n++] = item;
 */
#define ALLOC_GROW(x, nr, alloc)                                              \
	do {                                                                  \
		if ((size_t)(nr) > (size_t)(alloc)) {                         \
			size_t alloc_grow_n_ = (alloc) < 8 ? 16 : (alloc) * 2; \
			if (alloc_grow_n_ < (size_t)(nr))                     \
				alloc_grow_n_ = (nr);                         \
			(x) = xrealloc((x), alloc_grow_n_ * sizeof(*(x)));    \
			(alloc) = alloc_grow_n_;                              \
		}                                                             \
	} while (0)

int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
NORETURN void die(const char *fmt, ...) PRINTF_LIKE(1, 2);
NORETURN void BUG_fl(const char *file, int line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
#define BUG(...) BUG_fl(__FILE__, __LINE__, __VA_ARGS__)

/*
 * Called before (before = true) and after every error()/warning() line, from
 * whatever thread prints it: a terminal status line clears itself and comes
 * back (src/cli/progress.c). NULL: none.
 */
void set_message_hook(void (*hook)(void *data, bool before), void *data);
/* Silence error()/warning() output (tests and quiet library probes). */
void set_error_quiet(bool quiet);

/* Monotonic clock in seconds. */
double now_seconds(void);

/* "2h51m3.9s" style, as in syzbot's log ("1h12m9.345047393s"). */
char *format_duration(double seconds);

bool starts_with(const char *s, const char *prefix);
bool ends_with(const char *s, const char *suffix);
/* Like starts_with(); on success *out points after the prefix. */
bool skip_prefix(const char *s, const char *prefix, const char **out);

/* mkdir -p; returns 0 or error(). */
int mkdir_p(const char *path, unsigned mode);
/* Remove a tree (like rm -rf) without spawning a process. Returns 0 or -1. */
int remove_tree(const char *path);
/* Write a whole file atomically (temp file + rename). Returns 0 or error(). */
int write_file_atomic(const char *path, const void *buf, size_t len);
bool file_exists(const char *path);
bool is_directory(const char *path);
/* Absolute, normalised path of an existing file or directory (malloced), or NULL. */
char *real_path(const char *path);
/* The path of the running program (/proc/self/exe; malloced), or NULL after error(). */
char *self_exe_path(void);

/*
 * FNV-1a, 64 bits: a fast hash of len bytes for tables and short names
 * (not for anything an attacker chooses to collide; sha256.h for that).
 */
uint64_t fnv1a64(const void *buf, size_t len);

/*
 * The culprit cache directory: $CULPRIT_CACHE, else $XDG_CACHE_HOME/culprit,
 * else $HOME/.cache/culprit. Malloced; not created. NULL after error() when
 * none is set (never a directory shared with other users).
 */
char *cache_dir(void);

#endif
