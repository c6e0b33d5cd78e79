// SPDX-License-Identifier: Apache-2.0
/*
 * mailmap.c - .mailmap as get_maintainer.pl reads it (read_mailmap(),
 * mailmap_email()). The script fills two hashes from every line; here only
 * the lines holding the address being looked up are parsed, in order (a
 * later line wins, as a later assignment does in the Perl hash): every key
 * under which a line could file an address ("addr" or "Name <addr>")
 * contains that address.
 */
#include <stdlib.h>
#include <string.h>

#include "maint.h"
#include "../util/util.h"

struct mm_entry {
	char *key, *val;
	struct mm_entry *next;
};

struct mm_hash {
	struct mm_entry *head;	/* a few entries at most: a list */
};

static void mm_set(struct mm_hash *h, const char *key, const char *val)
{
	struct mm_entry *e;

	for (e = h->head; e; e = e->next) {
		if (!strcmp(e->key, key)) {
			free(e->val);
			e->val = xstrdup(val);
			return;
		}
	}
	e = xmalloc(sizeof(*e));
	e->key = xstrdup(key);
	e->val = xstrdup(val);
	e->next = h->head;
	h->head = e;
}

static const char *mm_get(const struct mm_hash *h, const char *key)
{
	for (const struct mm_entry *e = h->head; e; e = e->next)
		if (!strcmp(e->key, key))
			return e->val;
	return NULL;
}

static void mm_clear(struct mm_hash *h)
{
	while (h->head) {
		struct mm_entry *next = h->head->next;

		free(h->head->key);
		free(h->head->val);
		free(h->head);
		h->head = next;
	}
}

static const char *const mailmap_pats[] = {
	"^([^<]+)<([^>]+)>$",			/* name1 <mail1> */
	"^<([^>]+)>\\s*<([^>]+)>$",		/* <mail1> <mail2> */
	"^(.+)<([^>]+)>\\s*<([^>]+)>$",		/* name1 <mail1> <mail2> */
	"^(.+)<([^>]+)>\\s*(.+)\\s*<([^>]+)>$",	/* name1 <mail1> name2 <mail2> */
};

/* parse_email("$name <$address>") after $name =~ s/\s+$// */
static void parse_pair(struct maintainers *m, char *name, const char *address, char **n,
		       char **a)
{
	char *s;

	maint_trim(name);
	s = xstrfmt("%s <%s>", name, address);
	parse_email(m, s, n, a);
	free(s);
}

/* The regex of read_mailmap() that `line` matches (groups in md), or -1. */
static int line_format(struct maintainers *m, const char *line, pcre2_match_data *md)
{
	for (int i = 0; i < 4; i++) {
		if (!m->mailmap_re[i])
			m->mailmap_re[i] = regex_compile_internal(mailmap_pats[i], (size_t)-1, 0);
		if (maint_match(m, m->mailmap_re[i], line, strlen(line), 0, md) >= 0)
			return i;
	}
	return -1;
}

/* One line of .mailmap into the hashes, as read_mailmap() does. */
static void mailmap_line(struct maintainers *m, const char *text, size_t n,
			 struct mm_hash *names, struct mm_hash *addresses)
{
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	char *line = xstrndup(text, n), *hash, *g[5] = { NULL }, *rn = NULL, *ra = NULL;
	int fmt, ngroups[] = { 2, 2, 3, 4 };

	if ((hash = strchr(line, '#')))
		*hash = '\0';
	maint_trim(line);
	fmt = *line ? line_format(m, line, md) : -1;
	for (int i = 1; fmt >= 0 && i <= ngroups[fmt]; i++)
		g[i] = maint_group(md, line, i);
	if (fmt == 0) {
		parse_pair(m, g[1], g[2], &rn, &ra);
		mm_set(names, ra, rn);
	} else if (fmt == 1) {
		mm_set(addresses, g[2], g[1]);
	} else if (fmt == 2) {
		parse_pair(m, g[1], g[2], &rn, &ra);
		mm_set(names, g[3], rn);
		mm_set(addresses, g[3], ra);
	} else if (fmt == 3) {
		char *wn, *wa, *wrong;

		parse_pair(m, g[1], g[2], &rn, &ra);
		parse_pair(m, g[3], g[4], &wn, &wa);
		wrong = format_email(wn, wa);
		mm_set(names, wrong, rn);
		mm_set(addresses, wrong, ra);
		free(wrong);
		free(wn);
		free(wa);
	}
	for (int i = 0; i < 5; i++)
		free(g[i]);
	free(rn);
	free(ra);
	pcre2_match_data_free(md);
	free(line);
}

char *mailmap_email(struct maintainers *m, const char *line)
{
	char *name, *address, *email, *r;
	const char *real_name, *real_address, *n = NULL, *a = NULL;
	struct mm_hash names = { NULL }, addresses = { NULL };

	parse_email(m, line, &name, &address);
	email = format_email(name, address);
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
	r = format_email(real_name, real_address);
	mm_clear(&names);
	mm_clear(&addresses);
	free(name);
	free(address);
	free(email);
	return r;
}
