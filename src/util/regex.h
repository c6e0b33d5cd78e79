/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regex.h - the one way culprit compiles a PCRE2 pattern: compiled, then
 * JIT-compiled when the platform has a JIT (the interpreter otherwise).
 *
 *	pcre2_code *re = regex_compile(pat, len, flags, err, sizeof(err));
 *	if (!re) return error("bad pattern: %s", err);   // user-supplied
 *	...
 *	pcre2_code_free(re);
 *
 * For the project's own pattern tables, regex_compile_internal() treats a
 * pattern that does not compile as a bug (BUG() with the message).
 */
#ifndef CULPRIT_UTIL_REGEX_H
#define CULPRIT_UTIL_REGEX_H

#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* Length (size_t)-1: NUL-terminated. NULL on error, with "msg at offset N" in err. */
pcre2_code *regex_compile(const char *pattern, size_t len, uint32_t flags, char *err,
			  size_t errlen);
/* Never NULL: a pattern of ours that does not compile is a BUG(). */
pcre2_code *regex_compile_internal(const char *pattern, size_t len, uint32_t flags);
/*
 * regex_compile() without the JIT step, for patterns that are compiled by the
 * thousand and mostly never matched (the caller may pcre2_jit_compile() the
 * ones it uses often).
 */
pcre2_code *regex_compile_nojit(const char *pattern, size_t len, uint32_t flags, char *err,
				size_t errlen);

#endif
