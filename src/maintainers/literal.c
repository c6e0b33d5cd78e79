// SPDX-License-Identifier: Apache-2.0
/*
 * literal.c - N: and K: regexes (Perl /x), compiled only when they might
 * match. Most of them hold a literal string that every match contains
 * ("sun[x456789]i" needs "sun", "\b(?i:clang|llvm)\b" needs "clang" or
 * "llvm" in any case): a path or a file without any of a regex's literals
 * is ruled out by a plain search, and the regex is never compiled. A regex
 * that does not compile is warned about when first needed and never
 * matches.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "maint.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* What was prepared for one N: or K: line (m->regexes). */
struct kre {
	struct strvec lits;	/* one of these is in any match */
	bool filter;		/* lits is usable (else: always try the regex) */
	bool tried[2];		/* compile attempted: plain, with the diff prefix */
	bool jit[2];
	bool gave_up;		/* hit the match limit once (warned) */
	pcre2_code *re[2];
};

/* The prefix get_maintainer.pl puts before K: once a patch's diff starts */
#define DIFF_PREFIX "^[+-].*"
/* K: regexes are JIT-compiled for texts this big (a fresh process: 10% less CPU on 370 KB) */
#define JIT_MIN_TEXT 32768

/*
 * After a quantifier: drop the character it applies to from the current
 * run of plain characters, and step over the quantifier's own syntax.
 */
static const char *skip_quantifier(const char *p, const char *end, struct strbuf *run)
{
	if (run->len)
		strbuf_setlen(run, run->len - 1);
	if (*p == '{') {
		while (p + 1 < end && p[1] != '}')
			p++;
		if (p + 1 < end)
			p++;
	}
	if (p + 1 < end && (p[1] == '?' || p[1] == '+'))
		p++;	/* lazy, possessive */
	return p;
}

/* The end of the bracketed class starting at p ('['), or NULL. */
static const char *skip_class(const char *p, const char *end)
{
	p++;
	if (p < end && *p == '^')
		p++;
	if (p < end && *p == ']')
		p++;
	while (p < end && *p != ']')
		p += (*p == '\\' && p + 1 < end) ? 2 : 1;
	return p < end ? p : NULL;
}

struct lits_state {
	struct strbuf run, best;	/* plain characters in a row; the longest */
	struct strvec grp;		/* literals of this branch's first group */
	bool have_grp;
};

static void keep_run(struct lits_state *s)
{
	if (s->run.len > s->best.len) {
		strbuf_reset(&s->best);
		strbuf_addbuf(&s->best, &s->run);
	}
	strbuf_reset(&s->run);
}

static bool req_lits(const char *p, const char *end, bool ci, struct strvec *out);

/*
 * A group at p ('('): its literals become the branch's if it is the first
 * unquantified one. Returns its closing ')', or NULL if not understood.
 */
static const char *group_lits(const char *p, const char *end, bool ci, struct lits_state *s)
{
	const char *body = p + 1;
	int depth = 1;

	keep_run(s);
	if (body < end && *body == '?') {
		if (body + 2 < end && body[1] == 'i' && body[2] == ':') {
			ci = true;
			body += 3;
		} else if (body + 1 < end && body[1] == ':') {
			body += 2;
		} else if (body + 1 < end && strchr("=!<", body[1])) {
			body = NULL;	/* look-around: nothing consumed */
		} else {
			return NULL;	/* inline options */
		}
	}
	while (depth && ++p < end) {
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
	}
	if (p >= end)
		return NULL;
	if (body && !s->have_grp && !(p + 1 < end && strchr("?*+{", p[1]))) {
		struct strvec sub = STRVEC_INIT;

		if (req_lits(body, p, ci, &sub)) {
			strvec_pushv(&s->grp, sub.v);
			s->have_grp = true;
		}
		strvec_clear(&sub);
	}
	return p;
}

/* The end of a top-level alternative: its literal goes to out; false if none. */
static bool end_branch(struct lits_state *s, bool ci, struct strvec *out)
{
	keep_run(s);
	if (s->best.len) {
		if (ci)
			strvec_pushf(out, "\1%s", s->best.buf);
		else
			strvec_push(out, s->best.buf);
	} else if (s->have_grp) {
		strvec_pushv(out, s->grp.v);
	} else {
		return false;
	}
	strbuf_reset(&s->best);
	strvec_clear(&s->grp);
	s->have_grp = false;
	return true;
}

/*
 * Literals one of which must appear in any match of a regex (Perl /x
 * syntax). Each top-level alternative contributes its longest run of plain
 * characters that are not quantified and not in a group, or else the
 * literals of its first unquantified group. Literals of case-insensitive
 * parts ("(?i)" in front, "(?i:...)" groups) start with '\1'. Returns false
 * (no filter) for anything not understood: other inline options, \Q, white
 * space or comments (/x), an alternative without a literal.
 */
static bool req_lits(const char *p, const char *end, bool ci, struct strvec *out)
{
	struct lits_state s = { STRBUF_INIT, STRBUF_INIT, STRVEC_INIT, false };
	bool ok = true;

	for (;; p++) {
		char c = p < end ? *p : '\0';

		if (c == '?' || c == '*' || c == '+' || c == '{') {
			p = skip_quantifier(p, end, &s.run);
			keep_run(&s);
		} else if (c == '\\') {
			if (p + 1 >= end || p[1] == 'Q') {
				ok = false;
				break;
			}
			p++;
			if (isalnum((unsigned char)*p))
				keep_run(&s);	/* \b, \d, \x..: not a plain character */
			else
				strbuf_addch(&s.run, *p);
		} else if (c == '[') {
			keep_run(&s);
			if (!(p = skip_class(p, end))) {
				ok = false;
				break;
			}
		} else if (c == '(') {
			if (!(p = group_lits(p, end, ci, &s))) {
				ok = false;
				break;
			}
		} else if (c == '.' || c == '^' || c == '$') {
			keep_run(&s);
		} else if (maint_space((unsigned char)c) || c == '#') {
			ok = false;
			break;
		} else if (c == '|' || !c) {
			if (!end_branch(&s, ci, out)) {
				ok = false;
				break;
			}
			if (!c)
				break;
		} else {
			strbuf_addch(&s.run, c);
		}
	}
	strbuf_release(&s.run);
	strbuf_release(&s.best);
	strvec_clear(&s.grp);
	if (!ok)
		strvec_clear(out);
	return ok;
}

bool required_literals(const char *re, size_t len, struct strvec *out)
{
	const char *end = re + len;
	bool ci = false;

	if (len >= 4 && !memcmp(re, "(?i)", 4)) {
		ci = true;
		re += 4;
	}
	/* a NUL in the value would end the scan early: no filter */
	if (memchr(re, '\0', end - re))
		return false;
	return req_lits(re, end, ci, out);
}

bool has_literal(const char *text, size_t len, const char *lit)
{
	size_t n;

	if (lit[0] != '\1')
		return memmem(text, len, lit, strlen(lit)) != NULL;
	lit++;
	n = strlen(lit);
	for (size_t i = 0; i + n <= len; i++)
		if (tolower((unsigned char)text[i]) == tolower((unsigned char)lit[0]) &&
		    !strncasecmp(text + i, lit, n))
			return true;
	return false;
}

/* ---------------------------------------------------- the regexes */

struct kre *kre_get(struct maintainers *m, const struct mline *l)
{
	struct kre *k = offmap_get(&m->regexes, l->off);

	if (!k) {
		k = xcalloc(1, sizeof(*k));
		strvec_init(&k->lits);
		k->filter = required_literals(l->value, l->vlen, &k->lits);
		offmap_put(&m->regexes, l->off, k);
	}
	return k;
}

void kre_free(void *v)
{
	struct kre *k = v;

	strvec_clear(&k->lits);
	pcre2_code_free(k->re[0]);
	pcre2_code_free(k->re[1]);
	free(k);
}

bool kre_may_match(const struct kre *k, const char *text, size_t len)
{
	if (!k->filter)
		return true;
	for (size_t i = 0; i < k->lits.nr; i++)
		if (has_literal(text, len, k->lits.v[i]))
			return true;
	return false;
}

/* One literal of one regex, under one of its first two bytes' spellings. */
struct litkey {
	unsigned key;		/* first two bytes */
	const char *lit;	/* without kre.lits' '\1' */
	size_t len;
	bool ci;		/* case-insensitive */
	size_t owner;		/* index of its regex */
};

static int cmp_litkey(const void *a, const void *b)
{
	unsigned x = ((const struct litkey *)a)->key, y = ((const struct litkey *)b)->key;

	return x < y ? -1 : x > y;
}

/* Add lit under every spelling of its first two bytes. */
static void add_keys(struct litkey **v, size_t *nr, size_t *alloc, const char *lit, size_t owner)
{
	bool ci = lit[0] == '\1';
	const unsigned char *s = (const unsigned char *)lit + ci;
	unsigned char a[2] = { s[0], (unsigned char)tolower(s[0]) };
	unsigned char b[2] = { s[1], (unsigned char)tolower(s[1]) };

	if (ci) {
		a[0] = (unsigned char)toupper(s[0]);
		b[0] = (unsigned char)toupper(s[1]);
	}
	for (int i = 0; i < (ci ? 2 : 1); i++) {
		for (int j = 0; j < (ci ? 2 : 1); j++) {
			struct litkey *k;

			if ((i && a[1] == a[0]) || (j && b[1] == b[0]))
				continue;
			ALLOC_GROW(*v, *nr + 1, *alloc);
			k = &(*v)[(*nr)++];
			k->key = (unsigned)a[i] << 8 | b[j];
			k->lit = (const char *)s;
			k->len = strlen(k->lit);
			k->ci = ci;
			k->owner = owner;
		}
	}
}

/*
 * kre_may_match() for many regexes at once: one pass over the text, which
 * stops only at positions whose two bytes start one of the literals (a
 * bitmap of the pairs), then tries the literals filed under that pair.
 */
void kre_may_match_many(struct kre *const *ks, size_t n, const char *text, size_t len,
			bool *maybe)
{
	unsigned char bits[65536 / 8] = { 0 };
	size_t first[257] = { 0 };	/* keys of first byte b: [first[b], first[b + 1]) */
	struct litkey *keys = NULL;
	size_t nkeys = 0, akeys = 0, pending = 0;

	for (size_t k = 0; k < n; k++) {
		maybe[k] = !ks[k]->filter;
		for (size_t i = 0; !maybe[k] && i < ks[k]->lits.nr; i++) {
			const char *lit = ks[k]->lits.v[i];

			if (strlen(lit + (lit[0] == '\1')) < 2)
				maybe[k] = has_literal(text, len, lit);
			else
				add_keys(&keys, &nkeys, &akeys, lit, k);
		}
		pending += !maybe[k];
	}
	if (nkeys > 1)
		qsort(keys, nkeys, sizeof(*keys), cmp_litkey);
	for (size_t i = 0; i < nkeys; i++) {
		bits[keys[i].key >> 3] |= 1u << (keys[i].key & 7);
		first[(keys[i].key >> 8) + 1] = i + 1;
	}
	for (size_t b = 1; b < 257; b++)	/* first byte b starts where b - 1 ends */
		if (first[b] < first[b - 1])
			first[b] = first[b - 1];
	for (size_t i = 0; pending && i + 1 < len; i++) {
		unsigned char c0 = text[i];
		unsigned key = (unsigned)c0 << 8 | (unsigned char)text[i + 1];

		if (!(bits[key >> 3] & (1u << (key & 7))))
			continue;
		for (size_t e = first[c0]; e < first[c0 + 1]; e++) {
			const struct litkey *k = &keys[e];

			if (k->key != key || maybe[k->owner] || k->len > len - i)
				continue;
			if (k->ci ? !strncasecmp(text + i, k->lit, k->len)
				  : !memcmp(text + i, k->lit, k->len)) {
				maybe[k->owner] = true;
				pending--;
			}
		}
	}
	free(keys);
}

static pcre2_code *kre_code(struct maintainers *m, const struct mline *l, struct kre *k,
			    bool prefix)
{
	char err[300];

	if (k->tried[prefix])
		return k->re[prefix];
	k->tried[prefix] = true;
	if (prefix) {
		/* m/${patch_prefix}$value/x: the strings are joined, then compiled */
		char *src = xstrfmt(DIFF_PREFIX "%.*s", (int)l->vlen, l->value);

		k->re[1] = regex_compile_nojit(src, (size_t)-1, PCRE2_EXTENDED, err, sizeof(err));
		free(src);
	} else {
		k->re[0] = regex_compile_nojit(l->value, l->vlen, PCRE2_EXTENDED, err, sizeof(err));
	}
	if (!k->re[prefix]) {
		warning("%s:%u: bad %c: regex '%.*s': %s", m->name, l->lineno, l->type,
			(int)l->vlen, l->value, err);
		m->warnings++;
	}
	return k->re[prefix];
}

bool kre_match(struct maintainers *m, const struct mline *l, struct kre *k, bool diff_prefix,
	       const char *text, size_t len)
{
	pcre2_code *re = kre_code(m, l, k, diff_prefix);
	pcre2_match_data *md;
	int rc;

	if (!re)
		return false;
	if (!k->jit[diff_prefix] && len > JIT_MIN_TEXT) {
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
		k->jit[diff_prefix] = true;
	}
	md = pcre2_match_data_create(1, NULL);
	rc = maint_match(m, re, text, len, 0, md);
	pcre2_match_data_free(md);
	if (rc < PCRE2_ERROR_NOMATCH && !k->gave_up) {
		warning("%s:%u: %c: regex '%.*s' given up (too much backtracking): no match",
			m->name, l->lineno, l->type, (int)l->vlen, l->value);
		m->warnings++;
		k->gave_up = true;
	}
	return rc >= 0;
}
