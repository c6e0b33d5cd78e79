// SPDX-License-Identifier: Apache-2.0
/*
 * first_error.c - the first error line of a build log, as "file: message".
 *
 * HOW IT WORKS
 *
 * The log is read line by line (colour escapes and CRs dropped). Each line
 * is offered to a small table of recognisers, most specific first; a
 * recogniser either declines or returns the "file: message" form and a
 * strength. The first strong match in log order wins: that is the error
 * the developer would fix first (later errors are often consequences).
 * Weak matches (collect2's "ld returned 1 exit status", make's "Error 2",
 * clang's "linker command failed") only say that something failed; the
 * first of them is used when no strong one exists.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "../util/strbuf.h"
#include "../util/util.h"

enum strength { NONE, WEAK, STRONG };

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * Split "file:line[:col]" off the end of prefix[0..len): returns the
 * length of `file`, or 0 when the prefix does not end in a line number.
 */
static size_t file_of_location(const char *p, size_t len)
{
	for (int comps = 0; comps < 2; comps++) {
		const char *colon = memrchr(p, ':', len);

		if (!colon || !all_digits(colon + 1, p + len - colon - 1))
			return comps ? len : 0;
		len = colon - p;
	}
	return len;
}

static const char *base_name(const char *p, size_t len, size_t *blen)
{
	const char *slash = memrchr(p, '/', len);
	const char *b = slash ? slash + 1 : p;

	*blen = p + len - b;
	return b;
}

static bool is_linker(const char *p, size_t len)
{
	size_t blen;
	const char *b = base_name(p, len, &blen);

	return (blen == 2 && !memcmp(b, "ld", 2)) ||
	       (blen > 3 && !memcmp(b, "ld.", 3)) ||
	       (blen > 3 && !memcmp(b + blen - 3, "-ld", 3));
}

/* drop "  Stop." (make) and trailing blanks */
static char *finish(char *s)
{
	size_t n = strlen(s);

	if (n >= 7 && !strcmp(s + n - 7, "  Stop.")) {
		n -= 7;
		s[n] = '\0';
	}
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* "f.c:3:5: error: m", "f.c:1:10: fatal error: m", "ld.lld: error: m", "gcc: error: m" */
static enum strength diag(const char *l, char **out)
{
	/* ": Error: " is GNU as ("entry_64.S:12: Error: no such instruction: `x'") */
	static const char *const keys[] = { ": fatal error: ", ": error: ", ": Error: " };

	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		const char *e = strstr(l, keys[k]);
		const char *msg, *who;
		size_t plen, flen, wlen;

		if (!e)
			continue;
		msg = e + strlen(keys[k]);
		plen = e - l;
		flen = file_of_location(l, plen);
		if (flen) {
			*out = finish(xstrfmt("%.*s: %s", (int)flen, l, msg));
			return STRONG;
		}
		/* a tool: "collect2", "/usr/bin/ld", "clang", "ld.lld" */
		if (memchr(l, ' ', plen))
			return NONE;
		who = base_name(l, plen, &wlen);
		*out = finish(xstrfmt("%.*s: %s", (int)wlen, who, msg));
		if ((wlen == 8 && !memcmp(who, "collect2", 8)) ||
		    starts_with(msg, "linker command failed"))
			return WEAK;
		return STRONG;
	}
	return NONE;
}

/* "f.c:(.text+0x9): undefined reference to `x'", with or without "/usr/bin/ld: " */
static enum strength ld_symbol(const char *l, char **out)
{
	static const char *const keys[] = { ": undefined reference to ", ": multiple definition of " };

	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		const char *e = strstr(l, keys[k]), *colon;
		size_t flen;

		if (!e)
			continue;
		colon = strchr(l, ':');
		/* skip a leading "/usr/bin/ld: " */
		if (colon && colon < e && colon[1] == ' ' && is_linker(l, colon - l))
			l = colon + 2;
		/* the file is what comes before "(.text+0x..)" or ":line" */
		flen = strcspn(l, ":(");
		if (!flen || l + flen > e)
			flen = e - l;
		/* "...; d.o:d.c:(.text+0x0): first defined here" adds nothing */
		*out = finish(xstrfmt("%.*s: %.*s", (int)flen, l, (int)strcspn(e + 2, ";"), e + 2));
		return STRONG;
	}
	return NONE;
}

/* "/usr/bin/ld: cannot find -lfoo: No such file or directory" */
static enum strength ld_other(const char *l, char **out)
{
	const char *colon = strchr(l, ':');
	size_t blen;
	const char *b;

	if (!colon || colon[1] != ' ' || !is_linker(l, colon - l))
		return NONE;
	if (!starts_with(colon + 2, "cannot find ") && !starts_with(colon + 2, "cannot open "))
		return NONE;
	b = base_name(l, colon - l, &blen);
	*out = finish(xstrfmt("%.*s: %s", (int)blen, b, colon + 2));
	return STRONG;
}

/* kernel: "ERROR: modpost: "foo" [drivers/x.ko] undefined!" */
static enum strength modpost(const char *l, char **out)
{
	const char *p;

	if (!skip_prefix(l, "ERROR: modpost: ", &p))
		return NONE;
	*out = finish(xstrfmt("modpost: %s", p));
	return STRONG;
}

/*
 * make: "Makefile:3: *** missing separator.  Stop." (strong),
 * "make[1]: *** No rule to make target 'x'.  Stop." (strong),
 * "make: *** [Makefile:2: all] Error 1" (weak).
 */
static enum strength make_line(const char *l, char **out)
{
	const char *e = strstr(l, ": *** "), *msg;
	size_t plen, flen;

	if (!e)
		return NONE;
	msg = e + 6;
	plen = e - l;
	flen = file_of_location(l, plen);
	if (flen) {
		*out = finish(xstrfmt("%.*s: %s", (int)flen, l, msg));
		return STRONG;
	}
	if (!starts_with(l, "make") || memchr(l, ' ', plen))
		return NONE;
	*out = finish(xstrfmt("make: %s", msg));
	return *msg == '[' ? WEAK : STRONG;
}

/* "sh: 1: gcc-99: not found", "/bin/sh: line 1: foo: command not found" */
static enum strength shell_not_found(const char *l, char **out)
{
	const char *p = l, *colon = strchr(l, ':');
	size_t blen;
	const char *b;

	if (!colon || colon[1] != ' ')
		return NONE;
	b = base_name(l, colon - l, &blen);
	if (!(blen == 2 && !memcmp(b, "sh", 2)) && !(blen == 4 && !memcmp(b, "bash", 4)))
		return NONE;
	p = colon + 2;
	skip_prefix(p, "line ", &p);
	while (isdigit((unsigned char)*p))
		p++;
	if (!skip_prefix(p, ": ", &p))
		return NONE;
	if (!ends_with(p, ": not found") && !ends_with(p, ": command not found"))
		return NONE;
	*out = finish(xstrfmt("sh: %s", p));
	return STRONG;
}

static enum strength (*const recognisers[])(const char *, char **) = {
	modpost, ld_symbol, ld_other, diag, make_line, shell_not_found,
};

/* one log line without colour escapes and CRs */
static void clean_line(struct strbuf *sb, const char *p, size_t len)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\033' && i + 1 < len && p[i + 1] == '[') {
			i += 2;
			while (i < len && !isalpha((unsigned char)p[i]))
				i++;
			continue;
		}
		if (p[i] == '\r' || p[i] == '\0')
			continue;
		strbuf_addch(sb, p[i]);
	}
	while (sb->len && isspace((unsigned char)sb->buf[sb->len - 1]))
		strbuf_setlen(sb, sb->len - 1);
}

char *build_first_error(const char *log, size_t len)
{
	struct strbuf line = STRBUF_INIT;
	char *weak = NULL, *strong = NULL;
	const char *p = log, *end = log + len;

	while (p < end && !strong) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		clean_line(&line, p, n);
		p += n + 1;
		for (size_t i = 0; i < ARRAY_SIZE(recognisers); i++) {
			char *got = NULL;
			enum strength s = recognisers[i](line.buf, &got);

			if (s == STRONG) {
				strong = got;
				break;
			}
			if (s == WEAK && !weak) {
				weak = got;
				break;
			}
			free(got);
			if (s == WEAK)
				break;
		}
	}
	strbuf_release(&line);
	if (strong) {
		free(weak);
		return strong;
	}
	return weak;
}
