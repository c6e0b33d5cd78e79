// SPDX-License-Identifier: Apache-2.0
/*
 * regex.c - PCRE2 compile + JIT, with the error said once.
 */
#include <stdio.h>

#include "regex.h"
#include "util.h"

pcre2_code *regex_compile_nojit(const char *pattern, size_t len, uint32_t flags, char *err,
				size_t errlen)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern,
				       len == (size_t)-1 ? PCRE2_ZERO_TERMINATED : len, flags,
				       &code, &off, NULL);

	if (!re) {
		PCRE2_UCHAR msg[256];

		if (code == PCRE2_ERROR_HEAP_FAILED)
			out_of_memory();

		pcre2_get_error_message(code, msg, sizeof(msg));
		if (err && errlen)
			snprintf(err, errlen, "%s at offset %zu", (char *)msg, (size_t)off);
		return NULL;
	}
	return re;
}

pcre2_code *regex_compile(const char *pattern, size_t len, uint32_t flags, char *err,
			  size_t errlen)
{
	pcre2_code *re = regex_compile_nojit(pattern, len, flags, err, errlen);

	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter runs it */
	return re;
}

pcre2_code *regex_compile_internal(const char *pattern, size_t len, uint32_t flags)
{
	char err[300];
	pcre2_code *re = regex_compile(pattern, len, flags, err, sizeof(err));

	if (!re)
		BUG("internal pattern /%s/: %s", pattern, err);
	return re;
}
