// SPDX-License-Identifier: Apache-2.0
/*
 * patch.c - a patch file as get_maintainer.pl reads one (its argument
 * without -f), line by line:
 *
 *	" mode change 100644 => 100755 PATH"	PATH
 *	"rename from PATH", "rename to PATH"	PATH
 *	"diff --git a/PATH1 b/PATH2"		PATH1 and PATH2
 *	"+++ X/PATH", "--- X/PATH"		PATH (the first component dropped:
 *						"--- /dev/null" gives "dev/null");
 *						from here on K: only counts on
 *						lines starting with '+' or '-'
 *	"@@ -N,M ..."				(blame ranges: not used)
 *	"Fixes: HASH"				(the fixed commit's signers, with git:
 *						not used without a repository)
 *	any other line				K: regexes are run on it (with its
 *						'\n'), so the mail headers and the
 *						commit message count too
 *
 * The script's patterns are written out by hand; "\s" is Perl's (space,
 * \t, \n, \r, \f, \v) and a path is a run of non-spaces.
 */
#include <stdlib.h>
#include <string.h>

#include "maint.h"
#include "../util/util.h"

/* A cursor over one line. */
struct lp {
	const char *p, *end;
};

static bool lit(struct lp *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return false;
	s->p += n;
	return true;
}

/* \s+ (at least one) or \s* */
static bool spaces(struct lp *s, bool one)
{
	const char *start = s->p;

	while (s->p < s->end && maint_space((unsigned char)*s->p))
		s->p++;
	return !one || s->p > start;
}

/* (\S+): the word (malloced), or NULL */
static char *word(struct lp *s)
{
	const char *start = s->p;

	while (s->p < s->end && !maint_space((unsigned char)*s->p))
		s->p++;
	return s->p > start ? xstrndup(start, s->p - start) : NULL;
}

/* \s*$ : only white space to the end of the line */
static bool at_end(struct lp *s)
{
	spaces(s, false);
	return s->p == s->end;
}

static bool octal_digits(struct lp *s)
{
	const char *start = s->p;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '7')
		s->p++;
	return s->p > start;
}

/* m/^ mode change [0-7]+ => [0-7]+ (\S+)\s*$/, m/^rename (?:from|to) (\S+)\s*$/ */
static char *mode_or_rename(const char *line, size_t n)
{
	struct lp s = { line, line + n };
	char *w;

	if (lit(&s, " mode change ")) {
		if (!octal_digits(&s) || !lit(&s, " => ") || !octal_digits(&s) || !lit(&s, " "))
			return NULL;
	} else if (!lit(&s, "rename ") || !(lit(&s, "from ") || lit(&s, "to "))) {
		return NULL;
	}
	w = word(&s);
	if (w && !at_end(&s)) {
		free(w);
		return NULL;
	}
	return w;
}

/* m/^diff --git a\/(\S+) b\/(\S+)\s*$/ */
static bool diff_git(const char *line, size_t n, struct strvec *files)
{
	struct lp s = { line, line + n };
	char *a, *b;

	if (!lit(&s, "diff --git a/") || !(a = word(&s)))
		return false;
	/* (\S+) cannot hold the space of " b/": no other way to match */
	if (!lit(&s, " b/") || !(b = word(&s))) {
		free(a);
		return false;
	}
	if (!at_end(&s)) {
		free(a);
		free(b);
		return false;
	}
	strvec_push(files, a);
	strvec_push(files, b);
	free(a);
	free(b);
	return true;
}

/* m/^\+\+\+\s+(\S+)/ or m/^---\s+(\S+)/, then s@^[^/]*\/@@ */
static char *plus_minus_file(const char *line, size_t n)
{
	struct lp s = { line, line + n };
	char *w, *slash;

	if (!lit(&s, "+++") && !lit(&s, "---"))
		return NULL;
	if (!spaces(&s, true) || !(w = word(&s)))
		return NULL;
	if ((slash = strchr(w, '/')))
		memmove(w, slash + 1, strlen(slash + 1) + 1);
	return w;
}

/* m/^Fixes:\s+([0-9a-fA-F]{6,40})/ */
static bool fixes_line(const char *line, size_t n)
{
	struct lp s = { line, line + n };
	size_t k = 0;

	if (!lit(&s, "Fixes:") || !spaces(&s, true))
		return false;
	while (s.p + k < s.end && strchr("0123456789abcdefABCDEF", s.p[k]) && s.p[k])
		k++;
	return k >= 6;
}

/* m/^\@\@ -(\d+),(\d+)/ */
static bool hunk_line(const char *line, size_t n)
{
	struct lp s = { line, line + n };
	const char *d;

	if (!lit(&s, "@@ -"))
		return false;
	for (d = s.p; s.p < s.end && *s.p >= '0' && *s.p <= '9'; s.p++)
		;
	if (s.p == d || !lit(&s, ","))
		return false;
	return s.p < s.end && *s.p >= '0' && *s.p <= '9';
}

enum line_kind { L_OTHER, L_FILES, L_DIFF_FILE, L_SKIP };

/* What the script's elsif chain makes of one line (files pushed to `files`). */
static enum line_kind classify(const char *line, size_t n, struct strvec *files)
{
	char *f;

	if ((f = mode_or_rename(line, n))) {
		sv_push_take(files, f);
		return L_FILES;
	}
	if (diff_git(line, n, files))
		return L_FILES;
	if (fixes_line(line, n))
		return L_SKIP;
	if ((f = plus_minus_file(line, n))) {
		sv_push_take(files, f);
		return L_DIFF_FILE;
	}
	if (hunk_line(line, n))
		return L_SKIP;
	return L_OTHER;
}

void patch_files(const char *text, size_t len, struct strvec *files)
{
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		classify(p, n, files);
		p += n + (nl != NULL);
	}
}

void patch_keywords(struct maintainers *m, const char *text, size_t len,
		    const struct kw_line *kws, size_t nkws, bool *hit)
{
	struct strvec scratch = STRVEC_INIT;
	bool *maybe = xcalloc(nkws + 1, sizeof(*maybe)), any = false, in_diff = false;

	/* the K: lines that cannot match anywhere in the patch are out */
	for (size_t k = 0; k < nkws; k++) {
		maybe[k] = !hit[k] && kre_may_match(kre_get(m, &kws[k].line), text, len);
		any |= maybe[k];
	}
	for (const char *p = text, *end = text + len; any && p < end;) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		enum line_kind kind = classify(p, n, &scratch);

		if (kind == L_DIFF_FILE)
			in_diff = true;
		for (size_t k = 0; kind == L_OTHER && k < nkws; k++) {
			struct kre *re;

			if (!maybe[k] || hit[k])
				continue;
			re = kre_get(m, &kws[k].line);
			/* the line with its '\n', as <$patch> reads it */
			if (kre_may_match(re, p, n + (nl != NULL)) &&
			    kre_match(m, &kws[k].line, re, in_diff, p, n + (nl != NULL)))
				hit[k] = true;
		}
		strvec_clear(&scratch);
		p += n + (nl != NULL);
	}
	free(maybe);
}
