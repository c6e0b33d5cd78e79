// SPDX-License-Identifier: Apache-2.0
/*
 * maintainers.c - a port of scripts/get_maintainer.pl's matching (see
 * maintainers.h for what it does). Function names follow the Perl subs they
 * reproduce, so the two can be read side by side.
 *
 * Speed: get_maintainer.pl turns ~7000 F: globs into regexes and runs them
 * all for every file. Here a glob made of literals, '.', '.*' and [classes]
 * (all but a handful) runs on a tiny backtracking matcher after a literal
 * prefix check; the rest go through PCRE2, compiled on first use. Which
 * patterns name directories is asked lazily (only when it changes a match).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maintainers.h"
#include "../util/regex.h"
#include "../util/util.h"

/* Longest MAINTAINERS line we keep; longer ones are warned about and dropped. */
#define MAX_LINE 65536
/* Backtracking budget for regexes from the file (Perl would just be slow). */
#define MATCH_LIMIT 10000000

enum { T_LIT, T_ANY, T_STAR, T_CLASS };

struct ftok {
	unsigned char kind;
	unsigned char c;
	unsigned char set[32];	/* T_CLASS bitmap */
};

/*
 * An F:/X: pattern. read_maintainer_file() converts the glob to a regex
 * ('.' -> '\.', '*' -> '.*', '?' -> '.'); we keep the glob, check its
 * literal prefix first, and convert/tokenise only patterns that get past it.
 */
struct fpat {
	const char *glob;	/* the value as written (in m->buf) */
	unsigned prefix_len;	/* literal prefix of the glob */
	int slashes;		/* '/' in the value */
	signed char dir;	/* -1 not asked yet, 0 no, 1 names a directory */
	signed char native;	/* -1 not tokenised yet, 1 tokens, 0 PCRE2 */
	bool bad;		/* does not compile: never matches */
	char *value;		/* converted regex text (on first use) */
	struct ftok *tok;
	size_t ntok;
	pcre2_code *re[2];	/* "^value", "^value/" (PCRE2 path, on first use) */
};

struct tv {
	const char *value;	/* the value (typed) or the whole line, in m->buf */
	char *text;		/* "T:value" when needed as a section name */
	union {
		struct fpat *pat;	/* F:, X: (into m->pats) */
		pcre2_code *re;		/* N:, K: (NULL if it did not compile) */
		struct strvec *split;	/* M:, R: what push_email_addresses() finds */
	};
	unsigned lineno;
	char type;		/* 'A'..'Z', or 0 for an untyped line */
	bool jit;		/* K: */
	bool split_warn;	/* M:, R: "Invalid MAINTAINERS address" */
};

struct section {
	size_t tvi, start, end;
	size_t *x, nx;		/* X: indices */
	size_t *fn, nfn;	/* F: and N: indices, in order */
};

struct mm_entry {
	char *key, *val;
	struct mm_entry *next;
};

struct mailmap {
	struct mm_entry **bucket;
	size_t nbucket;
};

struct maintainers {
	char *name;
	char *buf;		/* the text, lines NUL-terminated */
	struct fpat *pats;
	size_t npats;
	char *mailmap;		/* .mailmap text, parsed per address looked up */
	size_t mailmap_len;
	struct tv *tv;
	size_t nr, alloc;
	struct section *sec;
	size_t nsec, sec_alloc;
	size_t nsections;	/* all sections, matchable or not */
	size_t *keywords;	/* K: indices */
	struct strvec *kw_lits;	/* per K: literals one of which any match holds */
	size_t nkeywords, kw_alloc;
	size_t warnings;
	/* regexes of parse_email(), rfc822 validation, file emails */
	pcre2_code *re_pe[3];
	pcre2_code *re_rfc_valid, *re_rfc_list, *re_rfc_iter, *re_rfc_comment;
	pcre2_code *re_file_email, *re_clean_email;
	pcre2_code *re_mm[4];
	pcre2_match_context *mctx;
	pcre2_match_data *pe_md;	/* for parse_email() */
};

/* ---------------------------------------------------------------- helpers */

static pcre2_code *compile(const char *pat, uint32_t flags, char *errbuf, size_t errlen)
{
	return regex_compile_nojit(pat, (size_t)-1, flags, errbuf, errlen);
}

static pcre2_code *compile_internal(const char *pat, uint32_t flags)
{
	char err[300];
	pcre2_code *re = compile(pat, flags, err, sizeof(err));

	if (!re)
		BUG("internal regex /%s/: %s", pat, err);
	return re;
}

/* Match re on s[0..len) from offset; fills ov (pairs) on success. */
static int rmatch(const struct maintainers *m, pcre2_code *re, const char *s, size_t len,
		  size_t offset, pcre2_match_data *md)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, offset, 0, md, m->mctx);
}

static bool re_test(const struct maintainers *m, pcre2_code *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = rmatch(m, re, s, len, 0, md);

	pcre2_match_data_free(md);
	return rc >= 0;
}

static char *group(pcre2_match_data *md, const char *s, int n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (ov[2 * n] == PCRE2_UNSET)
		return xstrdup("");
	return xstrndup(s + ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* s/^\s+|\s+$//g in place */
static void trim(char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len && is_space((unsigned char)s[i]))
		i++;
	memmove(s, s + i, len - i + 1);
	len -= i;
	while (len && is_space((unsigned char)s[len - 1]))
		s[--len] = '\0';
}

/* Perl's lc() on a byte string: ASCII only. */
static char *lc(const char *s)
{
	char *r = xstrdup(s);

	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return r;
}

static int count_char(const char *s, int c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* ---------------------------------------------------------------- mailmap */

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void mm_set(struct mailmap *mm, const char *key, const char *val)
{
	struct mm_entry *e;
	size_t b;

	if (!mm->nbucket) {
		mm->nbucket = 16;
		mm->bucket = xcalloc(mm->nbucket, sizeof(*mm->bucket));
	}
	b = hash_str(key) % mm->nbucket;
	for (e = mm->bucket[b]; e; e = e->next) {
		if (!strcmp(e->key, key)) {
			free(e->val);
			e->val = xstrdup(val);
			return;
		}
	}
	e = xmalloc(sizeof(*e));
	e->key = xstrdup(key);
	e->val = xstrdup(val);
	e->next = mm->bucket[b];
	mm->bucket[b] = e;
}

static const char *mm_get(const struct mailmap *mm, const char *key)
{
	if (!mm->nbucket)
		return NULL;
	for (struct mm_entry *e = mm->bucket[hash_str(key) % mm->nbucket]; e; e = e->next)
		if (!strcmp(e->key, key))
			return e->val;
	return NULL;
}

static void mm_clear(struct mailmap *mm)
{
	for (size_t i = 0; i < mm->nbucket; i++) {
		struct mm_entry *e = mm->bucket[i];

		while (e) {
			struct mm_entry *next = e->next;

			free(e->key);
			free(e->val);
			free(e);
			e = next;
		}
	}
	free(mm->bucket);
	mm->bucket = NULL;
	mm->nbucket = 0;
}

/* ------------------------------------------------ parse_email, format_email */

/* The "must quote" rule of parse_email()/format_email(). */
static char *quote_name(char *name)
{
	struct strbuf sb = STRBUF_INIT;
	bool must = false;

	for (const char *p = name; *p; p++) {
		unsigned char c = *p;

		if (!(isalnum(c) && c < 128) && c != '_' && c != ' ' && c != '-')
			must = true;
	}
	if (!must)
		return name;
	strbuf_addch(&sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"' && (p == name || p[-1] != '\\'))
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	strbuf_addch(&sb, '"');
	free(name);
	return strbuf_detach(&sb, NULL);
}

/* s/^\"|\"$//g */
static void strip_quotes(char *s)
{
	size_t len;

	if (s[0] == '"')
		memmove(s, s + 1, strlen(s));
	len = strlen(s);
	if (len && s[len - 1] == '"')
		s[len - 1] = '\0';
}

static void parse_email(const struct maintainers *m, const char *formatted, char **name,
			char **address)
{
	size_t len = strlen(formatted);
	pcre2_match_data *md = m->pe_md;

	*name = NULL;
	*address = NULL;
	if (rmatch(m, m->re_pe[0], formatted, len, 0, md) >= 0) {
		*name = group(md, formatted, 1);
		*address = group(md, formatted, 2);
	} else if (rmatch(m, m->re_pe[1], formatted, len, 0, md) >= 0) {
		*address = group(md, formatted, 1);
	} else if (rmatch(m, m->re_pe[2], formatted, len, 0, md) >= 0) {
		*address = group(md, formatted, 1);
	}
	if (!*name)
		*name = xstrdup("");
	if (!*address)
		*address = xstrdup("");
	trim(*name);
	strip_quotes(*name);
	trim(*address);
	*name = quote_name(*name);
}

static char *format_email(const char *name_in, const char *address_in, bool usename)
{
	char *name = xstrdup(name_in), *address = xstrdup(address_in), *r;

	trim(name);
	strip_quotes(name);
	trim(address);
	name = quote_name(name);
	if (usename && *name)
		r = xstrfmt("%s <%s>", name, address);
	else
		r = xstrdup(address);
	free(name);
	free(address);
	return r;
}

static const char *const mailmap_pats[] = {
	"^([^<]+)<([^>]+)>$",
	"^<([^>]+)>\\s*<([^>]+)>$",
	"^(.+)<([^>]+)>\\s*<([^>]+)>$",
	"^(.+)<([^>]+)>\\s*(.+)\\s*<([^>]+)>$",
};

/* One line of .mailmap into the maps, as read_mailmap() does. */
static void mailmap_line(const struct maintainers *m, const char *text, size_t n,
			 struct mailmap *names, struct mailmap *addresses)
{
	pcre2_match_data *md;
	char *line = xstrndup(text, n), *hash, *g1, *g2, *g3, *g4, *nm, *ad;
	size_t len;

	if ((hash = strchr(line, '#')))
		*hash = '\0';
	trim(line);
	len = strlen(line);
	if (!len) {
		free(line);
		return;
	}
	md = pcre2_match_data_create(8, NULL);
	if (rmatch(m, m->re_mm[0], line, len, 0, md) >= 0) {
		g1 = group(md, line, 1);
		g2 = group(md, line, 2);
		trim(g1);
		ad = xstrfmt("%s <%s>", g1, g2);
		parse_email(m, ad, &nm, &g3);
		mm_set(names, g3, nm);
		free(ad);
		free(nm);
		free(g3);
		free(g1);
		free(g2);
	} else if (rmatch(m, m->re_mm[1], line, len, 0, md) >= 0) {
		g1 = group(md, line, 1);
		g2 = group(md, line, 2);
		mm_set(addresses, g2, g1);
		free(g1);
		free(g2);
	} else if (rmatch(m, m->re_mm[2], line, len, 0, md) >= 0) {
		g1 = group(md, line, 1);
		g2 = group(md, line, 2);
		g3 = group(md, line, 3);
		trim(g1);
		ad = xstrfmt("%s <%s>", g1, g2);
		parse_email(m, ad, &nm, &g4);
		mm_set(names, g3, nm);
		mm_set(addresses, g3, g4);
		free(ad);
		free(nm);
		free(g4);
		free(g1);
		free(g2);
		free(g3);
	} else if (rmatch(m, m->re_mm[3], line, len, 0, md) >= 0) {
		char *rn, *ra, *wn, *wa, *wrong;

		g1 = group(md, line, 1);
		g2 = group(md, line, 2);
		g3 = group(md, line, 3);
		g4 = group(md, line, 4);
		trim(g1);
		ad = xstrfmt("%s <%s>", g1, g2);
		parse_email(m, ad, &rn, &ra);
		free(ad);
		trim(g3);
		ad = xstrfmt("%s <%s>", g3, g4);
		parse_email(m, ad, &wn, &wa);
		free(ad);
		wrong = format_email(wn, wa, true);
		mm_set(names, wrong, rn);
		mm_set(addresses, wrong, ra);
		free(wrong);
		free(rn);
		free(ra);
		free(wn);
		free(wa);
		free(g1);
		free(g2);
		free(g3);
		free(g4);
	}
	pcre2_match_data_free(md);
	free(line);
}

/*
 * mailmap_email(). Every key read_mailmap() could file an address under
 * ("addr" or "Name <addr>") holds the address, so only the lines of
 * .mailmap that contain it are parsed (in order: later lines win, as in
 * the Perl hash).
 */
static char *mailmap_email(const struct maintainers *m, const char *line)
{
	char *name, *address, *email, *r;
	const char *real_name, *real_address, *n = NULL, *a = NULL;
	struct mailmap names = { 0 }, addresses = { 0 };

	parse_email(m, line, &name, &address);
	email = format_email(name, address, true);
	real_name = name;
	real_address = address;
	if (m->mailmap) {
		const char *p = m->mailmap, *end = m->mailmap + m->mailmap_len;
		size_t alen = strlen(address);

		while (p < end) {
			const char *hit = alen ? memmem(p, end - p, address, alen) : p;
			const char *bol, *eol;

			if (!hit)
				break;
			for (bol = hit; bol > m->mailmap && bol[-1] != '\n'; bol--)
				;
			eol = memchr(hit, '\n', end - hit);
			if (!eol)
				eol = end;
			mailmap_line(m, bol, eol - bol, &names, &addresses);
			p = eol + 1;
		}
		n = mm_get(&names, email);
		a = mm_get(&addresses, email);
		if (!n && !a) {
			n = mm_get(&names, address);
			a = mm_get(&addresses, address);
		}
		if (n)
			real_name = n;
		if (a)
			real_address = a;
	}
	r = format_email(real_name, real_address, true);
	mm_clear(&names);
	mm_clear(&addresses);
	free(name);
	free(address);
	free(email);
	return r;
}

void maintainers_set_mailmap(struct maintainers *m, const char *text, size_t len)
{
	free(m->mailmap);
	m->mailmap = xmalloc(len + 1);
	m->mailmap_len = 0;
	/* NUL bytes would cut lines short in the regexes: drop such lines */
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (!memchr(p, '\0', n)) {
			memcpy(m->mailmap + m->mailmap_len, p, n);
			m->mailmap_len += n;
		}
		p += n;
	}
	m->mailmap[m->mailmap_len] = '\0';
	if (!m->re_mm[0])
		for (size_t i = 0; i < 4; i++)
			m->re_mm[i] = compile_internal(mailmap_pats[i], 0);
}

/* --------------------------------------------------------- rfc822 (Perl) */

static char *make_rfc822re(void)
{
	const char *lwsp = "(?:(?:\\r\\n)?[ \\t])";
	const char *specials = "()<>@,;:\\\\\".\\[\\]";
	const char *controls = "\\000-\\037\\177";
	char *dtext = xstrdup("[^\\[\\]\\r\\\\]");
	char *domain_literal = xstrfmt("\\[(?:%s|\\\\.)*\\]%s*", dtext, lwsp);
	char *quoted_string = xstrfmt("\"(?:[^\\\"\\r\\\\]|\\\\.|%s)*\"%s*", lwsp, lwsp);
	char *atom = xstrfmt("[^%s %s]+(?:%s+|\\Z|(?=[\\[\"%s]))", specials, controls, lwsp,
			     specials);
	char *word = xstrfmt("(?:%s|%s)", atom, quoted_string);
	char *localpart = xstrfmt("%s(?:\\.%s*%s)*", word, lwsp, word);
	char *sub_domain = xstrfmt("(?:%s|%s)", atom, domain_literal);
	char *domain = xstrfmt("%s(?:\\.%s*%s)*", sub_domain, lwsp, sub_domain);
	char *addr_spec = xstrfmt("%s@%s*%s", localpart, lwsp, domain);
	char *phrase = xstrfmt("%s*", word);
	char *route = xstrfmt("(?:@%s(?:,@%s*%s)*:%s*)", domain, lwsp, domain, lwsp);
	char *route_addr = xstrfmt("\\<%s*%s?%s\\>%s*", lwsp, route, addr_spec, lwsp);
	char *mailbox = xstrfmt("(?:%s|%s%s)", addr_spec, phrase, route_addr);
	char *grp = xstrfmt("%s:%s*(?:%s(?:,\\s*%s)*)?;\\s*", phrase, lwsp, mailbox, mailbox);
	char *address = xstrfmt("(?:%s|%s)", mailbox, grp);
	char *r = xstrfmt("%s*%s", lwsp, address);

	free(dtext);
	free(domain_literal);
	free(quoted_string);
	free(atom);
	free(word);
	free(localpart);
	free(sub_domain);
	free(domain);
	free(addr_spec);
	free(phrase);
	free(route);
	free(route_addr);
	free(mailbox);
	free(grp);
	free(address);
	return r;
}

static void compile_rfc822(struct maintainers *m)
{
	char *re, *p;

	if (m->re_rfc_valid)
		return;
	re = make_rfc822re();
	p = xstrfmt("^%s$", re);
	m->re_rfc_valid = compile_internal(p, PCRE2_DOTALL);
	free(p);
	p = xstrfmt("^(?:%s)?(?:,(?:%s)?)*$", re, re);
	m->re_rfc_list = compile_internal(p, PCRE2_DOTALL);
	free(p);
	p = xstrfmt("(?:^|,(?:(?:\\r\\n)?[ \\t])*)(%s)", re);
	m->re_rfc_iter = compile_internal(p, PCRE2_DOTALL);
	free(p);
	m->re_rfc_comment = compile_internal(
		"^((?:[^\"\\\\]|\\\\.)*"
		"(?:\"(?:[^\"\\\\]|\\\\.)*\"(?:[^\"\\\\]|\\\\.)*)*)"
		"\\((?:[^()\\\\]|\\\\.)*\\)",
		PCRE2_DOTALL);
	free(re);
}

static char *rfc822_strip_comments(struct maintainers *m, const char *s)
{
	char *r = xstrdup(s);
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);

	for (int guard = 0; guard < 1000; guard++) {
		PCRE2_SIZE *ov;
		char *n;

		if (rmatch(m, m->re_rfc_comment, r, strlen(r), 0, md) < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		n = xstrfmt("%.*s %s", (int)(ov[3] - ov[2]), r + ov[2], r + ov[1]);
		free(r);
		r = n;
	}
	pcre2_match_data_free(md);
	return r;
}

/* push_email_addresses(): the addresses an M:/R: value stands for. */
static void split_addresses(struct maintainers *m, struct tv *t)
{
	const char *value = t->value;
	char *s;
	pcre2_match_data *md;

	t->split = xmalloc(sizeof(*t->split));
	strvec_init(t->split);
	/*
	 * Without a ',' the Perl code pushes the value as it is whichever
	 * branch it takes (valid, or invalid and pushed anyway), except that
	 * an empty value is a valid empty list: nothing is pushed.
	 */
	if (!strchr(value, ',')) {
		if (*value)
			strvec_push(t->split, value);
		t->split_warn = true;
		return;
	}
	compile_rfc822(m);
	s = rfc822_strip_comments(m, value);
	md = pcre2_match_data_create_from_pattern(m->re_rfc_iter, NULL);
	if (rmatch(m, m->re_rfc_valid, s, strlen(s), 0, md) >= 0) {
		strvec_push(t->split, value);
	} else if (rmatch(m, m->re_rfc_list, s, strlen(s), 0, md) >= 0) {
		size_t off = 0, len = strlen(s);

		while (off <= len && rmatch(m, m->re_rfc_iter, s, len, off, md) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			char *e = group(md, s, 1);

			if (!*e || !strcmp(e, "0")) {	/* while (my $entry = shift) */
				free(e);
				break;
			}
			strvec_push(t->split, e);
			free(e);
			off = ov[1] > off ? ov[1] : off + 1;
		}
	} else {
		strvec_push(t->split, value);
		t->split_warn = true;
	}
	pcre2_match_data_free(md);
	free(s);
}

/* ----------------------------------------------------------- F:/X: globs */

static void class_set(unsigned char *set, unsigned c)
{
	set[c >> 3] |= 1u << (c & 7);
}

static bool class_has(const unsigned char *set, unsigned c)
{
	return set[c >> 3] & (1u << (c & 7));
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
			if (v[i + 1] == '*') {
				t.kind = T_STAR;
				i += 2;
			} else {
				t.kind = T_ANY;
				i++;
			}
		} else if (c == '[') {
			size_t j = i + 1;
			bool neg = false;
			int prev = -1;

			t.kind = T_CLASS;
			if (v[j] == '^') {
				neg = true;
				j++;
			}
			if (v[j] == ']') {
				class_set(t.set, ']');
				j++;
			}
			while (j < len && v[j] != ']') {
				unsigned char d = v[j];

				if (d == '\\' || (d == '[' && (v[j + 1] == ':' || v[j + 1] == '.' ||
							       v[j + 1] == '=')))
					return false;
				if (d == '-' && prev >= 0 && v[j + 1] && v[j + 1] != ']') {
					unsigned char hi = v[j + 1];

					if (hi == '\\' || hi < prev)
						return false;
					for (unsigned k = prev; k <= hi; k++)
						class_set(t.set, k);
					prev = -1;
					j += 2;
					continue;
				}
				class_set(t.set, d);
				prev = d;
				j++;
			}
			if (j >= len)
				return false;	/* unterminated: let PCRE2 say why */
			if (neg) {
				for (size_t k = 0; k < 32; k++)
					t.set[k] = ~t.set[k];
				class_set(t.set, 0); /* never matches the end */
				t.set[0] &= ~1u;
			}
			i = j + 1;
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

/* Does the pattern match a prefix of s (then, with slash, a '/')? */
static bool tok_match(const struct ftok *t, size_t n, const char *s, bool slash)
{
	for (; n; t++, n--) {
		switch (t->kind) {
		case T_STAR:
			for (const char *q = s;; q++) {
				if (tok_match(t + 1, n - 1, q, slash))
					return true;
				if (!*q || *q == '\n')
					return false;
			}
		case T_LIT:
			if (*s != (char)t->c)
				return false;
			s++;
			break;
		case T_ANY:
			if (!*s || *s == '\n')
				return false;
			s++;
			break;
		default:
			if (!*s || !class_has(t->set, (unsigned char)*s))
				return false;
			s++;
			break;
		}
	}
	return !slash || *s == '/';
}

/* characters that end the literal prefix of an F:/X: glob */
static const bool glob_special[256] = {
	['*'] = 1, ['?'] = 1, ['['] = 1, ['\\'] = 1, ['+'] = 1, ['('] = 1, [')'] = 1,
	['{'] = 1, ['}'] = 1, ['|'] = 1, ['^'] = 1, ['$'] = 1,
};

static void fpat_init(struct fpat *p, const char *glob)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->glob = glob;
	for (i = 0; glob[i] && !glob_special[(unsigned char)glob[i]]; i++)
		;
	p->prefix_len = i;
	p->slashes = count_char(glob, '/');
	p->dir = -1;
	p->native = -1;
}

/* The regex read_maintainer_file() makes of the glob. */
static const char *fpat_value(struct fpat *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (p->value)
		return p->value;
	/* s@\.@\\\.@g; s/\*\/\.\*\/g; s/\?/\./g; */
	for (const char *c = p->glob; *c; c++) {
		if (*c == '.')
			strbuf_addstr(&sb, "\\.");
		else if (*c == '*')
			strbuf_addstr(&sb, ".*");
		else if (*c == '?')
			strbuf_addch(&sb, '.');
		else
			strbuf_addch(&sb, *c);
	}
	p->value = strbuf_detach(&sb, NULL);
	return p->value;
}

static void fpat_release(struct fpat *p)
{
	free(p->value);
	free(p->tok);
	pcre2_code_free(p->re[0]);
	pcre2_code_free(p->re[1]);
}

/* m@^$pattern@ (with the directory slash when `slash`) */
static bool fpat_prefix_match(struct maintainers *m, struct tv *t, const char *file, bool slash)
{
	struct fpat *p = t->pat;

	if (p->bad || strncmp(file, p->glob, p->prefix_len))
		return false;
	if (p->native < 0) {
		fpat_value(p);
		p->native = tokenise(p);
	}
	if (p->native)
		return tok_match(p->tok + p->prefix_len, p->ntok - p->prefix_len,
				 file + p->prefix_len, slash);
	if (!p->re[slash]) {
		char err[300];
		char *src = xstrfmt("^%s%s", p->value, slash ? "/" : "");

		p->re[slash] = compile(src, 0, err, sizeof(err));
		free(src);
		if (!p->re[slash]) {
			warning("%s:%u: bad pattern '%s': %s", m->name, t->lineno, t->value, err);
			m->warnings++;
			p->bad = true;
			return false;
		}
	}
	return re_test(m, p->re[slash], file, strlen(file));
}

/* file_match_pattern(), with the pattern's directory '/' decided lazily. */
static bool file_match_pattern(struct maintainers *m, struct tv *t, const char *file,
			       int file_slashes, const struct maintainers_source *src,
			       const char **value_out)
{
	struct fpat *p = t->pat;
	size_t vlen = strlen(p->glob);
	bool ends_slash = vlen && p->glob[vlen - 1] == '/';
	bool as_file, as_dir;

	*value_out = NULL;
	if (ends_slash)
		return fpat_prefix_match(m, t, file, false);
	as_file = fpat_prefix_match(m, t, file, false) && file_slashes == p->slashes;
	if (p->dir == 0 || !vlen)
		return as_file;
	as_dir = fpat_prefix_match(m, t, file, true);
	if (p->dir < 0 && as_dir != as_file)
		p->dir = src && src->is_dir ? src->is_dir(src->data, fpat_value(p)) == 1 : 0;
	if (p->dir == 1)
		*value_out = "/";
	return p->dir == 1 ? as_dir : as_file;
}

/* -------------------------------------------------------------- parsing */

static void tv_free(struct tv *t)
{
	free(t->text);
	if (t->type == 'N' || t->type == 'K') {
		pcre2_code_free(t->re);
	} else if ((t->type == 'M' || t->type == 'R') && t->split) {
		strvec_clear(t->split);
		free(t->split);
	}
}

static bool is_typed(const struct maintainers *m, size_t i)
{
	return m->tv[i].type != 0;
}

static size_t find_starting_index(const struct maintainers *m, size_t index)
{
	while (index > 0) {
		if (!is_typed(m, index))
			break;
		index--;
	}
	return index;
}

static size_t find_ending_index(const struct maintainers *m, size_t index)
{
	while (index < m->nr) {
		if (!is_typed(m, index))
			break;
		index++;
	}
	return index;
}

/*
 * Literals one of which must appear in any match of a K: regex (Perl /x
 * syntax), so that most regexes are ruled out on a file by a plain search.
 * Each top-level alternative contributes its longest run of plain
 * characters that are not quantified and not in a group, or else the
 * literals of its first unquantified group. Literals of case-insensitive
 * parts ("(?i)" in front, "(?i:...)" groups) start with '\1'. Returns false
 * (no filter) for anything not understood: other inline options, \Q, white
 * space or comments (/x), an alternative without a literal.
 */
static bool req_lits(const char *p, const char *end, bool ci, struct strvec *out)
{
	struct strbuf run = STRBUF_INIT, best = STRBUF_INIT;
	struct strvec grp = STRVEC_INIT;
	bool ok = true, have_grp = false;

#define KEEP_RUN()                                            \
	do {                                                  \
		if (run.len > best.len) {                     \
			strbuf_reset(&best);                  \
			strbuf_addbuf(&best, &run);           \
		}                                             \
		strbuf_reset(&run);                           \
	} while (0)

	for (;; p++) {
		char c = p < end ? *p : '\0';

		if (c == '?' || c == '*' || c == '+' || c == '{') {
			/* a quantifier takes the last character off the run */
			if (run.len)
				strbuf_setlen(&run, run.len - 1);
			KEEP_RUN();
			if (c == '{')
				while (p + 1 < end && p[1] != '}')
					p++;
			if (c == '{' && p + 1 < end)
				p++;
			if (p + 1 < end && (p[1] == '?' || p[1] == '+'))
				p++;	/* lazy, possessive */
		} else if (c == '\\') {
			if (p + 1 >= end || p[1] == 'Q') {
				ok = false;
				break;
			}
			p++;
			if (isalnum((unsigned char)*p)) {
				KEEP_RUN();	/* \b, \d, \x..: not a plain character */
			} else {
				strbuf_addch(&run, *p);
			}
		} else if (c == '[') {
			KEEP_RUN();
			p++;
			if (p < end && *p == '^')
				p++;
			if (p < end && *p == ']')
				p++;
			while (p < end && *p != ']')
				p += (*p == '\\' && p + 1 < end) ? 2 : 1;
			if (p >= end) {
				ok = false;
				break;
			}
		} else if (c == '(') {
			const char *body = p + 1;
			bool gci = ci;
			int depth = 1;

			KEEP_RUN();
			if (body < end && *body == '?') {
				if (body + 2 < end && body[1] == 'i' && body[2] == ':') {
					gci = true;
					body += 3;
				} else if (body + 1 < end && body[1] == ':') {
					body += 2;
				} else if (body + 1 < end && strchr("=!<", body[1])) {
					body = NULL;	/* look-around: nothing consumed */
				} else {
					ok = false;	/* inline options */
					break;
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
			if (p >= end) {
				ok = false;
				break;
			}
			/* an unquantified group's literals, if this branch has no run */
			if (body && !have_grp &&
			    !(p + 1 < end && strchr("?*+{", p[1]))) {
				struct strvec sub = STRVEC_INIT;

				if (req_lits(body, p, gci, &sub)) {
					strvec_pushv(&grp, sub.v);
					have_grp = true;
				}
				strvec_clear(&sub);
			}
		} else if (c == '.' || c == '^' || c == '$') {
			KEEP_RUN();
		} else if (is_space((unsigned char)c) || c == '#') {
			ok = false;
			break;
		} else if (c == '|' || !c) {
			KEEP_RUN();
			if (best.len) {
				if (ci)
					strvec_pushf(out, "\1%s", best.buf);
				else
					strvec_push(out, best.buf);
			} else if (have_grp) {
				strvec_pushv(out, grp.v);
			} else {
				ok = false;
				break;
			}
			strbuf_reset(&best);
			strvec_clear(&grp);
			have_grp = false;
			if (!c)
				break;
		} else {
			strbuf_addch(&run, c);
		}
	}
#undef KEEP_RUN
	strbuf_release(&run);
	strbuf_release(&best);
	strvec_clear(&grp);
	if (!ok)
		strvec_clear(out);
	return ok;
}

static void required_literals(const char *re, struct strvec *out)
{
	bool ci = skip_prefix(re, "(?i)", &re);

	req_lits(re, re + strlen(re), ci, out);
}

/* Is literal `lit` (see req_lits()) in text[0..len)? */
static bool has_literal(const char *text, size_t len, const char *lit)
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

/* One line of read_maintainer_file(); `line` is NUL-terminated in m->buf. */
static void add_line(struct maintainers *m, char *line, size_t len, unsigned lineno)
{
	struct tv t = { 0 };
	size_t i;

	t.lineno = lineno;
	/* m/^([A-Z]):\s*(.*)/ */
	if (len >= 2 && line[0] >= 'A' && line[0] <= 'Z' && line[1] == ':') {
		char *v = line + 2;

		while (is_space((unsigned char)*v))
			v++;
		t.type = line[0];
		t.value = v;
		if (t.type == 'F' || t.type == 'X') {
			t.pat = &m->pats[m->npats];
			fpat_init(&m->pats[m->npats++], v);
		} else if (t.type == 'N' || t.type == 'K') {
			char err[300];

			t.re = compile(t.value, PCRE2_EXTENDED, err, sizeof(err));
			if (!t.re) {
				warning("%s:%u: bad %c: regex '%s': %s", m->name, lineno, t.type,
					t.value, err);
				m->warnings++;
			}
		} else if (!strchr("MRLSTWQBCP", t.type)) {
			warning("%s:%u: unknown field '%c:'", m->name, lineno, t.type);
			m->warnings++;
		}
	} else {
		/* blank and '#' lines are dropped */
		for (i = 0; i < len && is_space((unsigned char)line[i]); i++)
			;
		if (i == len || line[i] == '#')
			return;
		t.value = line;
	}
	if (t.type == 'K') {
		size_t a = m->kw_alloc;

		ALLOC_GROW(m->keywords, m->nkeywords + 1, m->kw_alloc);
		ALLOC_GROW(m->kw_lits, m->nkeywords + 1, a);
		strvec_init(&m->kw_lits[m->nkeywords]);
		if (t.re)
			required_literals(t.value, &m->kw_lits[m->nkeywords]);
		m->keywords[m->nkeywords++] = m->nr;
	}
	ALLOC_GROW(m->tv, m->nr + 1, m->alloc);
	m->tv[m->nr++] = t;
}

/* The entry as pushed to @typevalue: "T:value" (F:/X: converted), or the line. */
static const char *tv_text(struct maintainers *m, size_t i)
{
	struct tv *t = &m->tv[i];

	if (!t->type)
		return t->value;
	if (!t->text)
		t->text = xstrfmt("%c:%s", t->type,
			  t->type == 'F' || t->type == 'X' ? fpat_value(t->pat) : t->value);
	return t->text;
}

static void build_sections(struct maintainers *m)
{
	size_t tvi = 0, alloc = 0;

	/* find_first_section() */
	while (tvi < m->nr && !is_typed(m, tvi))
		tvi++;
	while (tvi < m->nr) {
		struct section s = { 0 };
		size_t xa = 0, fa = 0;

		s.tvi = tvi;
		s.start = find_starting_index(m, tvi);
		s.end = find_ending_index(m, tvi);
		for (size_t i = s.start; i < s.end; i++) {
			char type = m->tv[i].type;

			if (type == 'X') {
				ALLOC_GROW(s.x, s.nx + 1, xa);
				s.x[s.nx++] = i;
			} else if (type == 'F' || type == 'N') {
				ALLOC_GROW(s.fn, s.nfn + 1, fa);
				s.fn[s.nfn++] = i;
			}
		}
		if (s.end > s.start + 1 || is_typed(m, s.start))
			m->nsections++;
		/* only sections with F:, N: or X: lines can match a path */
		if (s.nx || s.nfn) {
			ALLOC_GROW(m->sec, m->nsec + 1, alloc);
			m->sec[m->nsec++] = s;
		}
		tvi = s.end + 1;
	}
	m->sec_alloc = alloc;
}

/* maintainers_parse() on a malloced, NUL-terminated buffer it takes over */
static struct maintainers *parse_buffer(const char *name, char *text, size_t len)
{
	struct maintainers *m = xcalloc(1, sizeof(*m));
	char *p, *end;
	unsigned lineno = 1;
	size_t npats = 0;
	bool has_nul;

	m->name = xstrdup(name ? name : "MAINTAINERS");
	m->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	m->re_pe[0] = compile_internal("^([^<]+)<(.+@.*)>.*$", 0);
	m->re_pe[1] = compile_internal("^\\s*<(.+@\\S*)>.*$", 0);
	m->re_pe[2] = compile_internal("^(.+@\\S*).*$", 0);
	m->pe_md = pcre2_match_data_create(4, NULL);
	/* JIT: the interpreter allocates its backtracking frames on each call */
	for (size_t i = 0; i < 3; i++)
		pcre2_jit_compile(m->re_pe[i], PCRE2_JIT_COMPLETE);
	m->buf = text;
	/* count lines and F:/X: lines, so m->tv and m->pats never move */
	m->alloc = 1;
	for (const char *q = text, *qend = text + len; q < qend; m->alloc++) {
		const char *nl;

		if ((q[0] == 'F' || q[0] == 'X') && q + 1 < qend && q[1] == ':')
			npats++;
		if (!(nl = memchr(q, '\n', qend - q)))
			break;
		q = nl + 1;
	}
	m->pats = xcalloc(npats + 1, sizeof(*m->pats));
	m->tv = xmalloc(m->alloc * sizeof(*m->tv));
	has_nul = memchr(text, '\0', len) != NULL;
	for (p = m->buf, end = m->buf + len; p < end; lineno++) {
		char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		p[n] = '\0';	/* chomp */
		if (n > MAX_LINE) {
			warning("%s:%u: line of %zu bytes ignored", m->name, lineno, n);
			m->warnings++;
		} else if (has_nul && strlen(p) != n) {
			warning("%s:%u: NUL byte, line ignored", m->name, lineno);
			m->warnings++;
		} else {
			add_line(m, p, n, lineno);
		}
		p += n + 1;
	}
	build_sections(m);
	return m;
}

struct maintainers *maintainers_parse(const char *name, const char *text, size_t len)
{
	char *buf = xmalloc(len + 1);

	memcpy(buf, text, len);
	buf[len] = '\0';
	return parse_buffer(name, buf, len);
}

/* The whole file in one read into an exact-size buffer; NULL with errno. */
static char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (!errno || S_ISDIR(st.st_mode))
			errno = EISDIR;
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	for (;;) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0 || (n += r) == (size_t)st.st_size)
			break;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

size_t maintainers_sections(const struct maintainers *m)
{
	return m->nsections;
}

size_t maintainers_warnings(const struct maintainers *m)
{
	return m->warnings;
}

void maintainers_free(struct maintainers *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nr; i++)
		tv_free(&m->tv[i]);
	free(m->tv);
	for (size_t i = 0; i < m->npats; i++)
		fpat_release(&m->pats[i]);
	for (size_t i = 0; i < m->nsec; i++) {
		free(m->sec[i].x);
		free(m->sec[i].fn);
	}
	free(m->sec);
	free(m->keywords);
	for (size_t i = 0; i < m->nkeywords; i++)
		strvec_clear(&m->kw_lits[i]);
	free(m->kw_lits);
	free(m->mailmap);
	free(m->buf);
	free(m->pats);
	for (size_t i = 0; i < 4; i++)
		pcre2_code_free(m->re_mm[i]);
	for (size_t i = 0; i < 3; i++)
		pcre2_code_free(m->re_pe[i]);
	pcre2_code_free(m->re_rfc_valid);
	pcre2_code_free(m->re_rfc_list);
	pcre2_code_free(m->re_rfc_iter);
	pcre2_code_free(m->re_rfc_comment);
	pcre2_code_free(m->re_file_email);
	pcre2_code_free(m->re_clean_email);
	pcre2_match_context_free(m->mctx);
	pcre2_match_data_free(m->pe_md);
	free(m->name);
	free(m);
}

/* ------------------------------------------------------------- sources */

static int dir_is_dir(void *data, const char *path)
{
	char *full = xstrfmt("%s/%s", (const char *)data, path);
	int r = is_directory(full);

	free(full);
	return r;
}

static int dir_read_file(void *data, const char *path, struct strbuf *out)
{
	char *full = xstrfmt("%s/%s", (const char *)data, path);
	struct stat st;
	int r = -1;

	if (!stat(full, &st) && S_ISREG(st.st_mode) && strbuf_read_file(out, full) >= 0)
		r = 0;
	free(full);
	return r;
}

void maintainers_source_dir(struct maintainers_source *src, const char *root)
{
	src->is_dir = dir_is_dir;
	src->read_file = dir_read_file;
	src->data = (void *)root;
}

struct maintainers *maintainers_load_dir(const char *root)
{
	char *path = xstrfmt("%s/MAINTAINERS", root), *buf;
	struct maintainers *m;
	size_t len;

	if (!(buf = read_whole(path, &len))) {
		error("cannot read %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	m = parse_buffer(path, buf, len);
	free(path);
	path = xstrfmt("%s/.mailmap", root);
	if ((buf = read_whole(path, &len))) {
		maintainers_set_mailmap(m, buf, len);
		free(buf);
	}
	free(path);
	return m;
}

/* -------------------------------------------------------------- queries */

struct pair {
	char *email;
	char *role;
	enum maintainers_kind kind;
	char *pname, *paddr;	/* parse_email(email), cached by add_role() */
};

struct state {
	struct maintainers *m;
	struct pair *email_to, *list_to;
	size_t n_email, a_email, n_list, a_list;
	struct strvec hash_name, hash_address, hash_list;
	struct dedup { char *key, *name, *address; } *dn, *da;
	size_t n_dn, a_dn, n_da, a_da;
	struct strvec file_emails;
};

static bool sv_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

static void push_pair(struct pair **v, size_t *n, size_t *alloc, char *email, const char *role,
		      enum maintainers_kind kind)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n].email = email;
	(*v)[*n].role = xstrdup(role);
	(*v)[*n].kind = kind;
	(*v)[*n].pname = (*v)[*n].paddr = NULL;
	(*n)++;
}

static bool email_inuse(struct state *st, const char *name, const char *address)
{
	char *l;
	bool r = false;

	if (!*name && !*address)
		return true;
	if (*name) {
		l = lc(name);
		r = sv_has(&st->hash_name, l);
		free(l);
	}
	if (!r && *address) {
		l = lc(address);
		r = sv_has(&st->hash_address, l);
		free(l);
	}
	return r;
}

static bool push_email_address(struct state *st, const char *line, const char *role,
			       enum maintainers_kind kind)
{
	char *name, *address;

	parse_email(st->m, line, &name, &address);
	if (!*address) {
		free(name);
		free(address);
		return false;
	}
	if (!email_inuse(st, name, address)) {
		char *l;

		push_pair(&st->email_to, &st->n_email, &st->a_email,
			  format_email(name, address, true), role, kind);
		if (*name) {
			l = lc(name);
			strvec_push(&st->hash_name, l);
			free(l);
		}
		l = lc(address);
		strvec_push(&st->hash_address, l);
		free(l);
	}
	free(name);
	free(address);
	return true;
}

static const char *subsystem_name(struct maintainers *m, size_t index, char *buf,
				  size_t buflen)
{
	const char *s = tv_text(m, find_starting_index(m, index));
	size_t len = strlen(s);

	if (len <= 50)
		return s;
	len = 47;
	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	snprintf(buf, buflen, "%.*s...", (int)len, s);
	return buf;
}

static char *maintainer_role(struct maintainers *m, size_t index)
{
	size_t start = find_starting_index(m, index), end = find_ending_index(m, index);
	const char *role = "unknown";
	char buf[64], *r, *l;

	for (size_t i = start + 1; i < end; i++)
		if (m->tv[i].type == 'S')
			role = m->tv[i].value;
	l = lc(role);
	if (!strcmp(l, "supported"))
		role = "supporter";
	else if (!strcmp(l, "maintained"))
		role = "maintainer";
	else if (!strcmp(l, "odd fixes"))
		role = "odd fixer";
	else if (!strcmp(l, "orphan"))
		role = "orphan minder";
	else if (!strcmp(l, "obsolete"))
		role = "obsolete minder";
	else if (!strcmp(l, "buried alive in reporters"))
		role = "chief penguin";
	else
		role = l;
	r = xstrfmt("%s:%s", role, subsystem_name(m, index, buf, sizeof(buf)));
	free(l);
	return r;
}

static void push_email_addresses(struct state *st, size_t i, const char *role,
				 enum maintainers_kind kind)
{
	struct tv *t = &st->m->tv[i];

	if (!t->split)
		split_addresses(st->m, t);
	for (size_t k = 0; k < t->split->nr; k++) {
		if (!push_email_address(st, t->split->v[k], role, kind) && t->split_warn) {
			warning("%s:%u: invalid MAINTAINERS address: '%s'", st->m->name,
				t->lineno, t->value);
		}
	}
}

static void add_categories(struct state *st, size_t index)
{
	struct maintainers *m = st->m;
	size_t start = find_starting_index(m, index), end = find_ending_index(m, index);
	char buf[64];

	for (size_t i = start + 1; i < end; i++) {
		struct tv *t = &m->tv[i];

		if (t->type == 'L') {
			const char *sub = subsystem_name(m, i, buf, sizeof(buf));
			char *address = xstrdup(t->value), *additional = NULL, *role, *l;
			const char *sp;
			bool moderated;

			if (!strcmp(sub, "THE REST"))
				sub = "";
			/* m/([^\s]+)\s+(.*)$/ */
			for (sp = address; *sp && !is_space((unsigned char)*sp); sp++)
				;
			if (sp != address && *sp) {
				const char *a = sp;

				while (*a && is_space((unsigned char)*a))
					a++;
				if (a > sp) {
					/* \s+ backtracks: (.*) may be empty */
					additional = xstrdup(a);
					address[sp - address] = '\0';
				}
			}
			if (additional && strstr(additional, "subscribers-only")) {
				free(address);
				free(additional);
				continue;	/* --nos: subscriber-only lists are left out */
			}
			l = lc(address);
			if (sv_has(&st->hash_list, l)) {
				free(l);
				free(address);
				free(additional);
				continue;
			}
			strvec_push(&st->hash_list, l);
			free(l);
			moderated = additional && strstr(additional, "moderated");
			role = xstrfmt("%s list%s%s", moderated ? "moderated" : "open",
				       *sub ? ":" : "", sub);
			push_pair(&st->list_to, &st->n_list, &st->a_list, address, role,
				  MAINT_LIST);
			free(role);
			free(additional);
		} else if (t->type == 'M') {
			char *role = maintainer_role(m, i);

			push_email_addresses(st, i, role, MAINT_PERSON);
			free(role);
		} else if (t->type == 'R') {
			char *role = xstrfmt("reviewer:%s", subsystem_name(m, i, buf, sizeof(buf)));

			push_email_addresses(st, i, role, MAINT_REVIEWER);
			free(role);
		}
	}
}

static struct dedup *dedup_find(struct dedup *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].key, key))
			return &v[i];
	return NULL;
}

static void dedup_set(struct dedup **v, size_t *n, size_t *alloc, char *key, const char *name,
		      const char *address)
{
	struct dedup *d = dedup_find(*v, *n, key);

	if (d) {
		free(key);
		free(d->name);
		free(d->address);
	} else {
		ALLOC_GROW(*v, *n + 1, *alloc);
		d = &(*v)[(*n)++];
		d->key = key;
	}
	d->name = xstrdup(name);
	d->address = xstrdup(address);
}

static char *deduplicate_email(struct state *st, const char *in)
{
	struct maintainers *m = st->m;
	char *name, *address, *email, *mapped, *l;
	struct dedup *d = NULL;

	parse_email(m, in, &name, &address);
	email = format_email(name, address, true);
	mapped = mailmap_email(m, email);
	free(email);
	free(name);
	free(address);
	parse_email(m, mapped, &name, &address);
	free(mapped);
	if (*name) {
		l = lc(name);
		d = dedup_find(st->dn, st->n_dn, l);
		free(l);
	}
	if (!d) {
		l = lc(address);
		d = dedup_find(st->da, st->n_da, l);
		free(l);
	}
	if (d) {
		char *n2 = xstrdup(d->name), *a2 = xstrdup(d->address);

		free(name);
		free(address);
		name = n2;
		address = a2;
	} else {
		dedup_set(&st->dn, &st->n_dn, &st->a_dn, lc(name), name, address);
		dedup_set(&st->da, &st->n_da, &st->a_da, lc(address), name, address);
	}
	email = format_email(name, address, true);
	mapped = mailmap_email(m, email);
	free(email);
	free(name);
	free(address);
	return mapped;
}

/* $_->[0] =~ /Linus Torvalds <torvalds@linux-foundation.org>/ ('.' is any char) */
static bool is_chief_penguin(const char *email)
{
	static const char pat[] = "Linus Torvalds <torvalds@linux-foundation.org>";
	size_t plen = sizeof(pat) - 1, len = strlen(email);

	for (size_t i = 0; i + plen <= len; i++) {
		size_t k;

		for (k = 0; k < plen; k++) {
			char c = email[i + k];

			if (pat[k] == '.' ? c == '\n' : c != pat[k])
				break;
		}
		if (k == plen)
			return true;
	}
	return false;
}

/* split /[^A-Za-z\x80-\xc3\',.+-]/ with Perl's dropping of trailing empty fields */
static bool name_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0x80 && c <= 0xc3) ||
	       c == '\'' || c == ',' || c == '.' || c == '+' || c == '-';
}

static char *clean_file_email(struct state *st, const char *raw)
{
	struct maintainers *m = st->m;
	PCRE2_UCHAR *out = NULL;
	PCRE2_SIZE outlen = 0;
	char *name, *address, *r;
	struct strvec nw = STRVEC_INIT;
	size_t len;
	int rc;

	/* s/[\(\<\{]{0,1}(addr)[\)\>\}]{0,1}/\<$1\>/g */
	rc = pcre2_substitute(m->re_clean_email, (PCRE2_SPTR)raw, strlen(raw), 0,
			      PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, NULL,
			      m->mctx, (PCRE2_SPTR) "<$1>", 4, (PCRE2_UCHAR *)"", &outlen);
	if (rc == PCRE2_ERROR_NOMEMORY) {
		out = xmalloc(outlen + 1);
		outlen++;
		rc = pcre2_substitute(m->re_clean_email, (PCRE2_SPTR)raw, strlen(raw), 0,
				      PCRE2_SUBSTITUTE_GLOBAL, NULL, m->mctx, (PCRE2_SPTR) "<$1>",
				      4, out, &outlen);
	}
	if (rc < 0 || !out) {
		free(out);
		out = (PCRE2_UCHAR *)xstrdup(raw);
	}
	parse_email(m, (char *)out, &name, &address);
	free(out);
	if (!strcmp(name, "\"[,\\.]\""))
		name[0] = '\0';
	for (const char *p = name;;) {
		const char *q = p;

		while (*q && name_char((unsigned char)*q))
			q++;
		strvec_push(&nw, "");
		free((char *)nw.v[nw.nr - 1]);
		nw.v[nw.nr - 1] = xstrndup(p, q - p);
		if (!*q)
			break;
		p = q + 1;
	}
	while (nw.nr && !*nw.v[nw.nr - 1])
		strvec_pop(&nw);
	if (nw.nr > 2) {
		const char *first = nw.v[nw.nr - 3], *middle = nw.v[nw.nr - 2];
		const char *last = nw.v[nw.nr - 1];
		size_t fl = strlen(first), ml = strlen(middle);
		char *n;

		if ((fl == 1 && isalpha((unsigned char)first[0]) && (unsigned char)first[0] < 128) ||
		    (fl == 2 && first[1] == '.') || ml == 1 || (ml == 2 && middle[1] == '.'))
			n = xstrfmt("%s %s %s", first, middle, last);
		else
			n = xstrfmt("%s %s", middle, last);
		free(name);
		name = n;
	}
	strvec_clear(&nw);
	len = strlen(name);
	if (len && (name[len - 1] == ',' || name[len - 1] == '.')) {
		name[--len] = '\0';
	} else if (len >= 2 && name[len - 1] == '"' &&
		   (name[len - 2] == ',' || name[len - 2] == '.')) {
		name[len - 2] = '"';
		name[--len] = '\0';
	}
	if (len && (name[0] == ',' || name[0] == '.')) {
		memmove(name, name + 1, len--);
	} else if (len >= 2 && name[0] == '"' && (name[1] == ',' || name[1] == '.')) {
		memmove(name + 1, name + 2, len - 1);
		len--;
	}
	r = format_email(name, address, true);
	free(name);
	free(address);
	return r;
}

/* maintainers_in_file() */
static void maintainers_in_file(struct state *st, const char *file, const char *text,
				size_t len)
{
	struct maintainers *m = st->m;
	pcre2_match_data *md;
	size_t off = 0;

	if (!m->re_file_email) {
		m->re_file_email = compile_internal(
			"[A-Za-z\\x80-\\xc3\"' ,.+-]*\\s*[,]*\\s*[(<{]{0,1}[A-Za-z0-9_.+-]+@"
			"[A-Za-z0-9.-]+\\.[A-Za-z0-9]+[)>}]{0,1}", 0);
		pcre2_jit_compile(m->re_file_email, PCRE2_JIT_COMPLETE);
		m->re_clean_email = compile_internal(
			"[(<{]{0,1}([A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+)[)>}]{0,1}", 0);
	}
	(void)file;
	md = pcre2_match_data_create_from_pattern(m->re_file_email, NULL);
	while (off < len && rmatch(m, m->re_file_email, text, len, off, md) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		char *raw = xstrndup(text + ov[0], ov[1] - ov[0]);

		if (!memchr(text + ov[0], '\0', ov[1] - ov[0])) {
			char *e = clean_file_email(st, raw);

			strvec_push(&st->file_emails, e);
			free(e);
		}
		free(raw);
		off = ov[1] > off ? ov[1] : off + 1;
	}
	pcre2_match_data_free(md);
}

/* add_role() */
static void add_role(struct state *st, const char *line, const char *role)
{
	char *name, *address;

	parse_email(st->m, line, &name, &address);
	for (size_t i = 0; i < st->n_email; i++) {
		struct pair *e = &st->email_to[i];

		if (!e->pname)
			parse_email(st->m, e->email, &e->pname, &e->paddr);
		if ((!strcmp(name, e->pname) || !strcmp(address, e->paddr)) &&
		    (!*role || !strstr(e->role, role))) {
			char *r = *e->role ? xstrfmt("%s,%s", e->role, role) : xstrdup(role);

			free(e->role);
			e->role = r;
		}
	}
	free(name);
	free(address);
}

/* File::Spec canonpath() for the relative paths we are given. */
static char *canon_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = path;

	while (*p) {
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);

		if (n && !(n == 1 && p[0] == '.')) {
			if (sb.len || path[0] == '/')
				strbuf_addch(&sb, '/');
			strbuf_add(&sb, p, n);
		}
		if (!q)
			break;
		p = q + 1;
	}
	if (!sb.len)
		strbuf_addstr(&sb, path[0] == '/' ? "/" : ".");
	return strbuf_detach(&sb, NULL);
}

struct hit {
	size_t tvi;
	int depth;
};

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth > y->depth ? -1 : 1;
	return x->tvi < y->tvi ? -1 : x->tvi > y->tvi;
}

static int cmp_kw(const void *a, const void *b)
{
	char x[32], y[32];

	snprintf(x, sizeof(x), "%zu", *(const size_t *)a);
	snprintf(y, sizeof(y), "%zu", *(const size_t *)b);
	return strcmp(x, y);
}

static void file_sections(struct state *st, const char *file,
			  const struct maintainers_source *src, struct hit **hits, size_t *nhits,
			  size_t *ahits)
{
	struct maintainers *m = st->m;
	int file_pd = count_char(file, '/');
	size_t flen = strlen(file);

	*nhits = 0;
	for (size_t s = 0; s < m->nsec; s++) {
		struct section *sec = &m->sec[s];
		bool exclude = false, hit = false;
		int depth = 0;

		for (size_t k = 0; k < sec->nx && !exclude; k++) {
			const char *extra;

			exclude = file_match_pattern(m, &m->tv[sec->x[k]], file, file_pd, src,
						     &extra);
		}
		if (exclude)
			continue;
		for (size_t k = 0; k < sec->nfn; k++) {
			struct tv *t = &m->tv[sec->fn[k]];

			if (t->type == 'F') {
				const char *extra;
				int value_pd;
				size_t vlen;

				if (!file_match_pattern(m, t, file, file_pd, src, &extra))
					continue;
				vlen = strlen(t->pat->glob);
				value_pd = t->pat->slashes + (extra ? 1 : 0);
				if (!extra && !(vlen && t->pat->glob[vlen - 1] == '/'))
					value_pd++;
				if (t->pat->glob[0] == '*')	/* m/^\.\*\/ */
					value_pd = -1;
				hit = true;
				depth = value_pd;
			} else if (t->re) {
				if (re_test(m, t->re, file, flen)) {
					hit = true;
					depth = 0;
				}
			}
		}
		if (hit) {
			ALLOC_GROW(*hits, *nhits + 1, *ahits);
			(*hits)[*nhits].tvi = sec->tvi;
			(*hits)[(*nhits)++].depth = depth;
		}
	}
	if (*nhits > 1)
		qsort(*hits, *nhits, sizeof(**hits), cmp_hit);
}

static void state_release(struct state *st)
{
	for (size_t i = 0; i < st->n_email; i++) {
		free(st->email_to[i].email);
		free(st->email_to[i].role);
		free(st->email_to[i].pname);
		free(st->email_to[i].paddr);
	}
	for (size_t i = 0; i < st->n_list; i++) {
		free(st->list_to[i].email);
		free(st->list_to[i].role);
	}
	free(st->email_to);
	free(st->list_to);
	strvec_clear(&st->hash_name);
	strvec_clear(&st->hash_address);
	strvec_clear(&st->hash_list);
	for (size_t i = 0; i < st->n_dn; i++) {
		free(st->dn[i].key);
		free(st->dn[i].name);
		free(st->dn[i].address);
	}
	for (size_t i = 0; i < st->n_da; i++) {
		free(st->da[i].key);
		free(st->da[i].name);
		free(st->da[i].address);
	}
	free(st->dn);
	free(st->da);
	strvec_clear(&st->file_emails);
}

static void result_push(struct maintainers *m, struct maintainers_result *out,
			const struct pair *p)
{
	struct maintainers_entry *e;
	char *name, *address;

	for (size_t i = 0; i < out->nr; i++)
		if (!strcmp(out->v[i].email, p->email))
			return;	/* merge_email() */
	parse_email(m, p->email, &name, &address);
	free(name);
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	e = &out->v[out->nr++];
	e->email = xstrdup(p->email);
	e->address = address;
	e->role = xstrdup(p->role);
	e->kind = p->kind;
}

int maintainers_query(struct maintainers *m, const char *const *files, size_t nr,
		      const struct maintainers_source *src, struct maintainers_result *out)
{
	struct state st = { .m = m };
	struct hit *hits = NULL;
	size_t nhits = 0, ahits = 0, *kw = NULL, nkw = 0, akw = 0;
	struct strbuf text = STRBUF_INIT;
	struct strvec canon = STRVEC_INIT;

	st.hash_name = (struct strvec)STRVEC_INIT;
	st.hash_address = (struct strvec)STRVEC_INIT;
	st.hash_list = (struct strvec)STRVEC_INIT;
	st.file_emails = (struct strvec)STRVEC_INIT;

	/* the -f loop: names, and the K: keywords of each file's content */
	for (size_t i = 0; i < nr; i++) {
		char *file = canon_path(files[i]);
		bool have_text;

		if (src && src->is_dir && strcmp(file, ".") && src->is_dir(src->data, file) == 1) {
			char *d = xstrfmt("%s/", file);

			free(file);
			file = d;
		}
		strvec_push(&canon, file);
		strbuf_reset(&text);
		have_text = src && src->read_file && strcmp(file, "MAINTAINERS") &&
			    src->read_file(src->data, file, &text) == 0;
		if (have_text) {
			pcre2_match_data *md = pcre2_match_data_create(1, NULL);

			for (size_t k = 0; k < m->nkeywords; k++) {
				struct tv *t = &m->tv[m->keywords[k]];

				const struct strvec *lits = &m->kw_lits[k];
				bool maybe = !lits->nr;

				if (!t->re)
					continue;
				for (size_t l = 0; l < lits->nr && !maybe; l++)
					maybe = has_literal(text.buf, text.len, lits->v[l]);
				if (!maybe)
					continue;	/* cannot match: skip the regex */
				/* JIT pays off on big files only */
				if (!t->jit && text.len > 32768) {
					pcre2_jit_compile(t->re, PCRE2_JIT_COMPLETE);
					t->jit = true;
				}
				if (pcre2_match(t->re, (PCRE2_SPTR)text.buf, text.len, 0, 0, md,
						m->mctx) >= 0) {
					ALLOC_GROW(kw, nkw + 1, akw);
					kw[nkw++] = m->keywords[k];
				}
			}
			pcre2_match_data_free(md);
		}
		free(file);
	}

	for (size_t i = 0; i < canon.nr; i++) {
		const char *file = canon.v[i];

		file_sections(&st, file, src, &hits, &nhits, &ahits);
		for (size_t k = 0; k < nhits; k++)
			add_categories(&st, hits[k].tvi);
		/* maintainers_in_file() */
		if (src && src->read_file && ends_with(file, ".yaml")) {
			strbuf_reset(&text);
			if (src->read_file(src->data, file, &text) == 0)
				maintainers_in_file(&st, file, text.buf, text.len);
		}
	}

	/* keywords: sort_and_uniq (string order of the indices) */
	if (nkw > 1)
		qsort(kw, nkw, sizeof(*kw), cmp_kw);
	for (size_t k = 0; k < nkw; k++)
		if (!k || kw[k] != kw[k - 1])
			add_categories(&st, kw[k]);

	for (size_t i = 0; i < st.n_email; i++) {
		char *e = deduplicate_email(&st, st.email_to[i].email);

		free(st.email_to[i].email);
		st.email_to[i].email = e;
	}
	for (size_t i = 0; i < st.n_list; i++) {
		char *e = deduplicate_email(&st, st.list_to[i].email);

		free(st.list_to[i].email);
		st.list_to[i].email = e;
	}

	/* the chief penguin is left out (--nogit-chief-penguins) */
	{
		size_t j = 0;

		for (size_t i = 0; i < st.n_email; i++) {
			if (is_chief_penguin(st.email_to[i].email)) {
				free(st.email_to[i].email);
				free(st.email_to[i].role);
				continue;
			}
			st.email_to[j++] = st.email_to[i];
		}
		st.n_email = j;
	}

	for (size_t i = 0; i < st.file_emails.nr; i++) {
		char *mapped = mailmap_email(m, st.file_emails.v[i]);
		char *name, *address, *tmp;

		parse_email(m, mapped, &name, &address);
		tmp = format_email(name, address, true);
		push_email_address(&st, tmp, "", MAINT_FILE_EMAIL);
		add_role(&st, tmp, "in file");
		free(tmp);
		free(name);
		free(address);
		free(mapped);
	}

	for (size_t i = 0; i < st.n_email; i++)
		result_push(m, out, &st.email_to[i]);
	for (size_t i = 0; i < st.n_list; i++)
		result_push(m, out, &st.list_to[i]);

	free(hits);
	free(kw);
	strbuf_release(&text);
	strvec_clear(&canon);
	state_release(&st);
	return 0;
}

void maintainers_result_release(struct maintainers_result *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		free(r->v[i].email);
		free(r->v[i].address);
		free(r->v[i].role);
	}
	free(r->v);
	r->v = NULL;
	r->nr = r->alloc = 0;
}
