/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strvec.h - NULL-terminated arrays of malloced strings (argv, envp).
 *
 * `v` is never NULL; STRVEC_INIT allocates nothing; strvec_clear() frees and
 * leaves the strvec re-usable.
 */
#ifndef CULPRIT_STRVEC_H
#define CULPRIT_STRVEC_H

#include <stddef.h>
#include "util.h"

struct strvec {
	const char **v;
	size_t nr;
	size_t alloc;
};

extern const char *empty_strvec[];
#define STRVEC_INIT { .v = empty_strvec, .nr = 0, .alloc = 0 }

void strvec_init(struct strvec *sv);
const char *strvec_push(struct strvec *sv, const char *s);
const char *strvec_pushf(struct strvec *sv, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Push each argument up to a terminating NULL. */
void strvec_pushl(struct strvec *sv, ...);
void strvec_pushv(struct strvec *sv, const char **items);
void strvec_pop(struct strvec *sv);
void strvec_clear(struct strvec *sv);
/* Split on runs of ASCII whitespace (no quoting) and push the words. */
void strvec_split(struct strvec *sv, const char *s);

#endif
