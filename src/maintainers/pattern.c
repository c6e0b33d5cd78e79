// SPDX-License-Identifier: Apache-2.0
/*
 * pattern.c - F:/X: patterns, as read_maintainer_file() and
 * file_match_pattern() treat them.
 *
 * The script turns each glob into a regex ('.' -> '\.', '*' -> '.*',
 * '?' -> '.'), appends '/' when the result names a directory (Perl's -d),
 * and matches it with m@^$pattern@: a pattern ending in '/' matches every
 * path below it, any other only paths with as many '/' as the pattern.
 *
 * ~7,000 F: lines are tried for every path, so: the glob's literal prefix
 * is compared first, in place, without preparing anything (almost every
 * line fails there); the few that get past it are converted and tokenised
 * for a small backtracking matcher, or compiled with PCRE2 when they use
 * regex syntax the matcher does not know. Whether a pattern names a
 * directory is asked only when that changes the answer (the depth is the
 * same either way).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "maint.h"
#include "../util/strbuf.h"
#include "../util/util.h"

enum { T_LIT, T_ANY, T_STAR, T_CLASS };

struct ftok {
	unsigned char kind;
	unsigned char c;
	unsigned char set[32];	/* T_CLASS bitmap */
};

/* What was prepared for one F:/X: line (m->pats). */
struct fpat {
	signed char dir;	/* -1 not asked yet, 0 no, 1 names a directory */
	signed char native;	/* -1 not tokenised yet, 1 tokens, 0 PCRE2 */
	bool bad;		/* does not compile: never matches */
	char *value;		/* the converted regex (on first use) */
	struct ftok *tok;
	size_t ntok;
	pcre2_code *re[2];	/* "^value", "^value/" (PCRE2 path, on first use) */
};

/* Characters that end a glob's literal prefix (regex syntax after conversion). */
static const bool glob_special[256] = {
	['*'] = 1, ['?'] = 1, ['['] = 1, ['\\'] = 1, ['+'] = 1, ['('] = 1, [')'] = 1,
	['{'] = 1, ['}'] = 1, ['|'] = 1, ['^'] = 1, ['$'] = 1,
};

char *fpat_regex(const char *glob, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	/* s@\.@\\\.@g; s/\*\/\.\*\/g; s/\?/\./g; */
	for (size_t i = 0; i < len; i++) {
		if (glob[i] == '.')
			strbuf_addstr(&sb, "\\.");
		else if (glob[i] == '*')
			strbuf_addstr(&sb, ".*");
		else if (glob[i] == '?')
			strbuf_addch(&sb, '.');
		else
			strbuf_addch(&sb, glob[i]);
	}
	return strbuf_detach(&sb, NULL);
}

void fpat_free(void *v)
{
	struct fpat *p = v;

	free(p->value);
	free(p->tok);
	pcre2_code_free(p->re[0]);
	pcre2_code_free(p->re[1]);
	free(p);
}

static struct fpat *fpat_get(struct maintainers *m, const struct mline *l)
{
	struct fpat *p = offmap_get(&m->pats, l->off);

	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->dir = -1;
		p->native = -1;
		offmap_put(&m->pats, l->off, p);
	}
	if (!p->value)
		p->value = fpat_regex(l->value, l->vlen);
	return p;
}

/* ----------------------------------------------- the small matcher */

static void class_set(unsigned char *set, unsigned c)
{
	set[c >> 3] |= 1u << (c & 7);
}

static bool class_has(const unsigned char *set, unsigned c)
{
	return set[c >> 3] & (1u << (c & 7));
}

/* A [class] of the converted pattern at v[i]; false if PCRE2 must do it. */
static bool tokenise_class(const char *v, size_t len, size_t *i, struct ftok *t)
{
	size_t j = *i + 1;
	bool neg = false;
	int prev = -1;

	t->kind = T_CLASS;
	if (v[j] == '^') {
		neg = true;
		j++;
	}
	if (v[j] == ']') {
		class_set(t->set, ']');
		j++;
	}
	while (j < len && v[j] != ']') {
		unsigned char d = v[j];

		if (d == '\\' ||
		    (d == '[' && (v[j + 1] == ':' || v[j + 1] == '.' || v[j + 1] == '=')))
			return false;
		if (d == '-' && prev >= 0 && v[j + 1] && v[j + 1] != ']') {
			unsigned char hi = v[j + 1];

			if (hi == '\\' || hi < prev)
				return false;
			for (unsigned k = prev; k <= hi; k++)
				class_set(t->set, k);
			prev = -1;
			j += 2;
			continue;
		}
		class_set(t->set, d);
		prev = d;
		j++;
	}
	if (j >= len)
		return false;	/* unterminated: let PCRE2 say why */
	if (neg) {
		for (size_t k = 0; k < 32; k++)
			t->set[k] = ~t->set[k];
		t->set[0] &= ~1u;	/* never matches the end */
	}
	*i = j + 1;
	return true;
}

/* Tokenise the converted pattern; false if it needs a real regex engine. */
static bool tokenise(struct fpat *p)
{
	const char *v = p->value;
	size_t len = strlen(v), alloc = 0;

	for (size_t i = 0; i < len;) {
		struct ftok t = { 0 };
		unsigned char c = v[i];

		if (c == '\\') {
			if (i + 1 >= len || isalnum((unsigned char)v[i + 1]))
				return false;
			t.kind = T_LIT;
			t.c = v[i + 1];
			i += 2;
		} else if (c == '.') {
			t.kind = v[i + 1] == '*' ? T_STAR : T_ANY;
			i += t.kind == T_STAR ? 2 : 1;
		} else if (c == '[') {
			if (!tokenise_class(v, len, &i, &t))
				return false;
		} else if (strchr("+?*(){}|^$", c)) {
			return false;
		} else {
			t.kind = T_LIT;
			t.c = c;
			i++;
		}
		ALLOC_GROW(p->tok, p->ntok + 1, alloc);
		p->tok[p->ntok++] = t;
	}
	return true;
}

/* Steps the small matcher may take on one path before PCRE2 (and its limit) takes over */
#define TOK_BUDGET 100000

/*
 * Does the pattern match a prefix of s (then, with slash, a '/')? 1 or 0;
 * -1 when *budget runs out (many '*' can backtrack exponentially).
 */
static int tok_match(const struct ftok *t, size_t n, const char *s, bool slash, long *budget)
{
	for (; n; t++, n--) {
		if (--*budget < 0)
			return -1;
		switch (t->kind) {
		case T_STAR:
			for (const char *q = s;; q++) {
				int r = tok_match(t + 1, n - 1, q, slash, budget);

				if (r)
					return r;
				if (!*q || *q == '\n')
					return 0;
			}
		case T_LIT:
			if (*s != (char)t->c)
				return 0;
			s++;
			break;
		case T_ANY:
			if (!*s || *s == '\n')
				return 0;
			s++;
			break;
		default:
			if (!*s || !class_has(t->set, (unsigned char)*s))
				return 0;
			s++;
			break;
		}
	}
	return !slash || *s == '/';
}

/*
 * m@^$value@ (with the directory '/' when `slash`) for a pattern whose
 * first `plen` characters are known to match.
 */
static bool regex_match(struct maintainers *m, const struct mline *l, const struct qpath *f,
			size_t plen, bool slash)
{
	struct fpat *p = fpat_get(m, l);
	pcre2_match_data *md;
	int rc;

	if (p->bad)
		return false;
	if (p->native < 0)
		p->native = tokenise(p);
	if (p->native) {
		long budget = TOK_BUDGET;
		int r;

		/* each character of the literal prefix is one token */
		if (plen > p->ntok)
			plen = 0;
		r = tok_match(p->tok + plen, p->ntok - plen, f->path + plen, slash, &budget);
		if (r >= 0)
			return r;
		p->native = 0;	/* too much backtracking: PCRE2, with its limit */
	}
	if (!p->re[slash]) {
		char err[300];
		char *src = xstrfmt("^%s%s", p->value, slash ? "/" : "");

		p->re[slash] = regex_compile_nojit(src, (size_t)-1, 0, err, sizeof(err));
		free(src);
		if (!p->re[slash]) {
			warning("%s:%u: bad pattern '%.*s': %s", m->name, l->lineno, (int)l->vlen,
				l->value, err);
			m->warnings++;
			p->bad = true;
			return false;
		}
	}
	md = pcre2_match_data_create_from_pattern(p->re[slash], NULL);
	rc = maint_match(m, p->re[slash], f->path, f->len, 0, md);
	pcre2_match_data_free(md);
	if (rc < PCRE2_ERROR_NOMATCH) {
		warning("%s:%u: pattern '%.*s' given up on '%s' (too much backtracking)",
			m->name, l->lineno, (int)l->vlen, l->value, f->path);
		m->warnings++;
		p->bad = true;
	}
	return rc >= 0;
}

/*
 * Does the F:/X: line at `off` hold a '|' (an alternative: no prefix test)?
 * The text is searched for '|' once; MAINTAINERS has none in F:/X: lines.
 */
static bool has_alternative(struct maintainers *m, size_t off)
{
	if (!m->alt_known) {
		size_t alloc = 0;

		for (const char *p = m->text, *end = m->text + m->len;
		     (p = memchr(p, '|', end - p)); p++) {
			const char *bol = p;

			while (bol > m->text && bol[-1] != '\n')
				bol--;
			if ((bol[0] == 'F' || bol[0] == 'X') && bol + 1 < end && bol[1] == ':' &&
			    (!m->nalt || m->alt_lines[m->nalt - 1] != (size_t)(bol - m->text))) {
				ALLOC_GROW(m->alt_lines, m->nalt + 1, alloc);
				m->alt_lines[m->nalt++] = bol - m->text;
			}
		}
		m->alt_known = true;
	}
	for (size_t lo = 0, hi = m->nalt; lo < hi;) {	/* offsets ascend */
		size_t mid = lo + (hi - lo) / 2;

		if (m->alt_lines[mid] == off)
			return true;
		if (m->alt_lines[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int count_slashes(const char *s, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '/';
	return k;
}

/* Does `value` name a directory of the tree (Perl's -d on the converted value)? */
static bool names_dir(struct maintainers *m, const struct mline *l,
		      const struct maintainers_source *src)
{
	struct fpat *p = fpat_get(m, l);

	if (p->dir < 0)
		p->dir = src && src->is_dir && src->is_dir(src->data, p->value) == 1;
	return p->dir == 1;
}

bool fpat_match(struct maintainers *m, const struct mline *l, const struct qpath *f,
		const struct maintainers_source *src, int *depth)
{
	const char *v = l->value, *file = f->path;
	size_t n = l->vlen, i = 0;
	bool ends_slash = n && v[n - 1] == '/', literal, as_file, as_dir;
	int slashes;

	/*
	 * The literal prefix must match (as the regex is anchored), unless a
	 * '|' makes an alternative of the rest; a '{' may quantify away the
	 * character before it.
	 */
	if (!has_alternative(m, l->off)) {
		for (; i < n && !glob_special[(unsigned char)v[i]]; i++) {
			if (file[i] == v[i])
				continue;
			if (i + 1 < n && v[i + 1] == '{')
				break;	/* "b{0}" may match nothing */
			return false;
		}
		if (i < n && v[i] == '{' && i)
			i--;
	}
	literal = i == n;
	slashes = count_slashes(v, n);
	if (ends_slash) {
		if (!literal && !regex_match(m, l, f, i, false))
			return false;
	} else {
		as_file = (literal || regex_match(m, l, f, i, false)) && f->slashes == slashes;
		/* an empty value names no directory */
		as_dir = n && (literal ? file[n] == '/' : regex_match(m, l, f, i, true));
		if (as_dir != as_file && names_dir(m, l, src))
			as_file = as_dir;
		if (!as_file)
			return false;
	}
	/* depth: '/' in the value (with a directory's '/'), +1 if none at the end */
	*depth = slashes + !ends_slash;
	if (n && v[0] == '*')	/* m/^\.\*\/ */
		*depth = -1;
	return true;
}
