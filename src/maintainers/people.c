// SPDX-License-Identifier: Apache-2.0
/*
 * people.c - what get_maintainers() collects from the sections a query
 * takes, and how it turns that into the output: add_categories() (M:, R:
 * and L: lines, with their roles), push_email_address() (a person already
 * in, by name or address, case-insensitively, is not added again),
 * deduplicate_email() and .mailmap, the chief penguin left out, the
 * addresses found in .yaml files, merge_email().
 */
#include <stdlib.h>
#include <string.h>

#include "maint.h"
#include "../util/strbuf.h"
#include "../util/util.h"

struct pair {
	char *email;
	char *role;
	enum maintainers_kind kind;
};

struct dedup {
	char *key, *name, *address;
};

struct people {
	struct maintainers *m;
	struct pair *email_to, *list_to;
	size_t n_email, a_email, n_list, a_list;
	/* %email_hash_name, %email_hash_address, %hash_list_to: lower case */
	struct strvec hash_name, hash_address, hash_list;
	/* %deduplicate_name_hash, %deduplicate_address_hash */
	struct dedup *dn, *da;
	size_t n_dn, a_dn, n_da, a_da;
	struct strvec file_emails;
};

struct people *people_new(struct maintainers *m)
{
	struct people *p = xcalloc(1, sizeof(*p));

	p->m = m;
	strvec_init(&p->hash_name);
	strvec_init(&p->hash_address);
	strvec_init(&p->hash_list);
	strvec_init(&p->file_emails);
	return p;
}

static bool sv_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

static void sv_push_lc(struct strvec *sv, const char *s)
{
	sv_push_take(sv, maint_lc(s));
}

static bool sv_has_lc(const struct strvec *sv, const char *s)
{
	char *l = maint_lc(s);
	bool r = sv_has(sv, l);

	free(l);
	return r;
}

static void push_pair(struct pair **v, size_t *n, size_t *alloc, char *email, const char *role,
		      enum maintainers_kind kind)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n].email = email;
	(*v)[*n].role = xstrdup(role);
	(*v)[*n].kind = kind;
	(*n)++;
}

/* ------------------------------------------------------- pushing */

static bool email_inuse(struct people *p, const char *name, const char *address)
{
	if (!*name && !*address)
		return true;
	return (*name && sv_has_lc(&p->hash_name, name)) ||
	       (*address && sv_has_lc(&p->hash_address, address));
}

static bool push_email_address(struct people *p, const char *line, const char *role,
			       enum maintainers_kind kind)
{
	char *name, *address;
	bool pushed = false;

	parse_email(p->m, line, &name, &address);
	if (*address) {
		pushed = true;
		if (!email_inuse(p, name, address)) {
			push_pair(&p->email_to, &p->n_email, &p->a_email,
				  format_email(name, address), role, kind);
			if (*name)
				sv_push_lc(&p->hash_name, name);
			sv_push_lc(&p->hash_address, address);
		}
	}
	free(name);
	free(address);
	return pushed;
}

static void push_email_addresses(struct people *p, const struct mline *l, const char *role,
				 enum maintainers_kind kind)
{
	struct strvec split = STRVEC_INIT;
	char *value = xstrndup(l->value, l->vlen);
	bool warn;

	split_addresses(p->m, value, &split, &warn);
	for (size_t k = 0; k < split.nr; k++)
		if (!push_email_address(p, split.v[k], role, kind) && warn)
			warning("%s:%u: invalid MAINTAINERS address: '%s'", p->m->name, l->lineno,
				value);
	strvec_clear(&split);
	free(value);
}

/* ---------------------------------------------------------- roles */

/* get_subsystem_name(): the section's name, cut to 50 bytes (malloced) */
static char *subsystem_name(struct maintainers *m, const struct msec *sec)
{
	struct mcursor c;
	struct mline l;
	char *s;
	size_t len;

	mcursor_init(m, &c, sec->hdr_off, sec->hdr_lineno);
	if (!mfile_next(m, &c, &l))
		return xstrdup("");
	if (!l.type) {
		s = xstrndup(l.value, l.vlen);
	} else if (l.type == 'F' || l.type == 'X') {
		char *re = fpat_regex(l.value, l.vlen);

		s = xstrfmt("%c:%s", l.type, re);
		free(re);
	} else {
		s = xstrfmt("%c:%.*s", l.type, (int)l.vlen, l.value);
	}
	len = strlen(s);
	if (len > 50) {
		len = 47;
		while (len && maint_space((unsigned char)s[len - 1]))
			len--;
		strcpy(s + len, "...");
	}
	return s;
}

/* get_maintainer_role(): from the section's last S: line */
static char *maintainer_role(struct maintainers *m, const struct msec *sec, const char *name)
{
	static const char *const roles[][2] = {
		{ "supported", "supporter" },	{ "maintained", "maintainer" },
		{ "odd fixes", "odd fixer" },	{ "orphan", "orphan minder" },
		{ "obsolete", "obsolete minder" }, { "buried alive in reporters", "chief penguin" },
	};
	struct mcursor c;
	struct mline l;
	char *status = xstrdup("unknown"), *lower, *r;
	const char *role;

	mcursor_init(m, &c, sec->body_off, sec->body_lineno);
	while (mfile_next(m, &c, &l) && l.off < sec->end_off) {
		if (l.type == 'S') {
			free(status);
			status = xstrndup(l.value, l.vlen);
		}
	}
	lower = maint_lc(status);
	role = lower;
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (!strcmp(lower, roles[i][0]))
			role = roles[i][1];
	r = xstrfmt("%s:%s", role, name);
	free(lower);
	free(status);
	return r;
}

/* An L: line: the list, unless subscribers-only (--nos) or already in. */
static void add_list(struct people *p, const struct mline *l, const char *name)
{
	char *address = xstrndup(l->value, l->vlen), *role;
	const char *additional = "", *sub = strcmp(name, "THE REST") ? name : "";
	size_t sp;

	/* m/([^\s]+)\s+(.*)$/: the first word, and what follows its spaces */
	for (sp = 0; address[sp] && !maint_space((unsigned char)address[sp]); sp++)
		;
	if (sp && address[sp]) {
		size_t a = sp;

		while (address[a] && maint_space((unsigned char)address[a]))
			a++;
		additional = address + a;
		address[sp] = '\0';
	}
	if (strstr(additional, "subscribers-only") || sv_has_lc(&p->hash_list, address)) {
		free(address);
		return;
	}
	sv_push_lc(&p->hash_list, address);
	role = xstrfmt("%s list%s%s", strstr(additional, "moderated") ? "moderated" : "open",
		       *sub ? ":" : "", sub);
	push_pair(&p->list_to, &p->n_list, &p->a_list, xstrdup(address), role, MAINT_LIST);
	free(role);
	free(address);
}

void people_add_section(struct people *p, const struct msec *sec)
{
	struct maintainers *m = p->m;
	char *name = subsystem_name(m, sec), *mrole = NULL;
	struct mcursor c;
	struct mline l;

	mcursor_init(m, &c, sec->body_off, sec->body_lineno);
	while (mfile_next(m, &c, &l) && l.off < sec->end_off) {
		if (l.type == 'L') {
			add_list(p, &l, name);
		} else if (l.type == 'M') {
			if (!mrole)
				mrole = maintainer_role(m, sec, name);
			push_email_addresses(p, &l, mrole, MAINT_PERSON);
		} else if (l.type == 'R') {
			char *role = xstrfmt("reviewer:%s", name);

			push_email_addresses(p, &l, role, MAINT_REVIEWER);
			free(role);
		}
	}
	free(mrole);
	free(name);
}

void people_file_emails(struct people *p, const char *text, size_t len)
{
	file_emails(p->m, text, len, &p->file_emails);
}

/* ---------------------------------------------------------- output */

static struct dedup *dedup_find(struct dedup *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].key, key))
			return &v[i];
	return NULL;
}

static void dedup_add(struct dedup **v, size_t *n, size_t *alloc, char *key, const char *name,
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

/* mailmap_email(format_email($name, $address, 1)); frees name and address */
static char *mapped_email(struct maintainers *m, char *name, char *address)
{
	char *email = format_email(name, address), *r;

	free(name);
	free(address);
	r = mailmap_email(m, email);
	free(email);
	return r;
}

/* deduplicate_email(): the first name (or address) seen keeps its address */
static char *deduplicate_email(struct people *p, const char *in)
{
	struct maintainers *m = p->m;
	char *name, *address, *email, *l;
	struct dedup *d = NULL;

	parse_email(m, in, &name, &address);
	email = mapped_email(m, name, address);
	parse_email(m, email, &name, &address);
	free(email);
	if (*name) {
		l = maint_lc(name);
		d = dedup_find(p->dn, p->n_dn, l);
		free(l);
	}
	if (!d) {
		l = maint_lc(address);
		d = dedup_find(p->da, p->n_da, l);
		free(l);
	}
	if (d) {
		free(name);
		free(address);
		name = xstrdup(d->name);
		address = xstrdup(d->address);
	} else {
		dedup_add(&p->dn, &p->n_dn, &p->a_dn, maint_lc(name), name, address);
		dedup_add(&p->da, &p->n_da, &p->a_da, maint_lc(address), name, address);
	}
	return mapped_email(m, name, address);
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

/* add_role() */
static void add_role(struct people *p, const char *line, const char *role)
{
	char *name, *address;

	parse_email(p->m, line, &name, &address);
	for (size_t i = 0; i < p->n_email; i++) {
		struct pair *e = &p->email_to[i];
		char *en, *ea;

		parse_email(p->m, e->email, &en, &ea);
		if ((!strcmp(name, en) || !strcmp(address, ea)) &&
		    (!*role || !strstr(e->role, role))) {
			char *r = *e->role ? xstrfmt("%s,%s", e->role, role) : xstrdup(role);

			free(e->role);
			e->role = r;
		}
		free(en);
		free(ea);
	}
	free(name);
	free(address);
}

/* merge_email(): each "Name <address>" once */
static void result_push(struct maintainers *m, struct maintainers_result *out,
			const struct pair *pr)
{
	struct maintainers_entry *e;
	char *name, *address;

	for (size_t i = 0; i < out->nr; i++)
		if (!strcmp(out->v[i].email, pr->email))
			return;
	parse_email(m, pr->email, &name, &address);
	free(name);
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	e = &out->v[out->nr++];
	e->email = xstrdup(pr->email);
	e->address = address;
	e->role = xstrdup(pr->role);
	e->kind = pr->kind;
}

static void people_free(struct people *p)
{
	for (size_t i = 0; i < p->n_email; i++) {
		free(p->email_to[i].email);
		free(p->email_to[i].role);
	}
	for (size_t i = 0; i < p->n_list; i++) {
		free(p->list_to[i].email);
		free(p->list_to[i].role);
	}
	free(p->email_to);
	free(p->list_to);
	strvec_clear(&p->hash_name);
	strvec_clear(&p->hash_address);
	strvec_clear(&p->hash_list);
	for (size_t i = 0; i < p->n_dn; i++) {
		free(p->dn[i].key);
		free(p->dn[i].name);
		free(p->dn[i].address);
	}
	for (size_t i = 0; i < p->n_da; i++) {
		free(p->da[i].key);
		free(p->da[i].name);
		free(p->da[i].address);
	}
	free(p->dn);
	free(p->da);
	strvec_clear(&p->file_emails);
	free(p);
}

void people_finish(struct people *p, struct maintainers_result *out)
{
	struct maintainers *m = p->m;
	size_t j = 0;

	for (size_t i = 0; i < p->n_email; i++) {
		char *e = deduplicate_email(p, p->email_to[i].email);

		free(p->email_to[i].email);
		p->email_to[i].email = e;
	}
	for (size_t i = 0; i < p->n_list; i++) {
		char *e = deduplicate_email(p, p->list_to[i].email);

		free(p->list_to[i].email);
		p->list_to[i].email = e;
	}
	/* the chief penguin is left out (--nogit-chief-penguins) */
	for (size_t i = 0; i < p->n_email; i++) {
		if (is_chief_penguin(p->email_to[i].email)) {
			free(p->email_to[i].email);
			free(p->email_to[i].role);
			continue;
		}
		p->email_to[j++] = p->email_to[i];
	}
	p->n_email = j;
	for (size_t i = 0; i < p->file_emails.nr; i++) {
		char *mapped = mailmap_email(m, p->file_emails.v[i]);
		char *name, *address, *tmp;

		parse_email(m, mapped, &name, &address);
		tmp = format_email(name, address);
		push_email_address(p, tmp, "", MAINT_FILE_EMAIL);
		add_role(p, tmp, "in file");
		free(tmp);
		free(name);
		free(address);
		free(mapped);
	}
	for (size_t i = 0; i < p->n_email; i++)
		result_push(m, out, &p->email_to[i]);
	for (size_t i = 0; i < p->n_list; i++)
		result_push(m, out, &p->list_to[i]);
	people_free(p);
}
