/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strbuf.h - growable byte buffers, after git's strbuf.
 *
 * Invariants: `buf` is never NULL and always NUL-terminated at buf[len]
 * (the buffer may hold NUL bytes before that); the empty state (STRBUF_INIT)
 * allocates nothing. strbuf_release() frees and leaves the strbuf re-usable,
 * so a second release is harmless. strbuf_detach() hands the buffer to the
 * caller (free() it) and resets the strbuf.
 */
#ifndef CULPRIT_STRBUF_H
#define CULPRIT_STRBUF_H

#include <stddef.h>
#include <stdarg.h>
#include "util.h"

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { .alloc = 0, .len = 0, .buf = strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
static inline void strbuf_reset(struct strbuf *sb) { strbuf_setlen(sb, 0); }

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);

void strbuf_rtrim(struct strbuf *sb);
void strbuf_trim(struct strbuf *sb);

/*
 * Append the whole content of a file (or of stdin when path is "-").
 * Returns the number of bytes read, or -1 (errno set, nothing printed).
 */
long strbuf_read_file(struct strbuf *sb, const char *path);
/* Append everything readable from fd until EOF. Returns bytes read or -1. */
long strbuf_read_fd(struct strbuf *sb, int fd);

/* Write the buffer to a file (truncate). Returns 0 or error(). */
int strbuf_write_file(const struct strbuf *sb, const char *path);

#endif
