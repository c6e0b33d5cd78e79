// SPDX-License-Identifier: Apache-2.0
/*
 * address.c - names and addresses as get_maintainer.pl reads and writes
 * them: parse_email(), format_email(), the RFC 822 validation that splits
 * an M:/R: value holding several addresses, and the addresses found in a
 * file's text (maintainers_in_file(), clean_file_emails()). The regexes are
 * the script's, compiled once per struct maintainers when first needed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "maint.h"
#include "../util/strbuf.h"
#include "../util/util.h"

struct addr_res {
	pcre2_code *pe[3];		/* parse_email() */
	pcre2_match_data *md;
	pcre2_code *rfc_valid, *rfc_list, *rfc_iter, *rfc_comment;
	pcre2_code *file_email, *clean_email;
};

int maint_match(const struct maintainers *m, pcre2_code *re, const char *s, size_t len,
		size_t off, pcre2_match_data *md)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, off, 0, md, m->mctx);
}

static pcre2_code *compile(const char *pat, uint32_t flags)
{
	return regex_compile_internal(pat, (size_t)-1, flags);
}

static struct addr_res *res(struct maintainers *m)
{
	if (!m->addr) {
		m->addr = xcalloc(1, sizeof(*m->addr));
		/* the interpreter: these run a few dozen times per query */
		m->addr->pe[0] = regex_compile_nojit("^([^<]+)<(.+@.*)>.*$", (size_t)-1, 0,
						     NULL, 0);
		m->addr->pe[1] = regex_compile_nojit("^\\s*<(.+@\\S*)>.*$", (size_t)-1, 0,
						     NULL, 0);
		m->addr->pe[2] = regex_compile_nojit("^(.+@\\S*).*$", (size_t)-1, 0, NULL, 0);
		if (!m->addr->pe[0] || !m->addr->pe[1] || !m->addr->pe[2])
			BUG("parse_email() regexes");
		m->addr->md = pcre2_match_data_create(4, NULL);
	}
	return m->addr;
}

void addr_free(struct maintainers *m)
{
	struct addr_res *r = m->addr;

	if (!r)
		return;
	for (size_t i = 0; i < 3; i++)
		pcre2_code_free(r->pe[i]);
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->rfc_valid);
	pcre2_code_free(r->rfc_list);
	pcre2_code_free(r->rfc_iter);
	pcre2_code_free(r->rfc_comment);
	pcre2_code_free(r->file_email);
	pcre2_code_free(r->clean_email);
	free(r);
	m->addr = NULL;
}

char *maint_group(pcre2_match_data *md, const char *s, int n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (ov[2 * n] == PCRE2_UNSET)
		return xstrdup("");
	return xstrndup(s + ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
}

void maint_trim(char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len && maint_space((unsigned char)s[i]))
		i++;
	memmove(s, s + i, len - i + 1);
	len -= i;
	while (len && maint_space((unsigned char)s[len - 1]))
		s[--len] = '\0';
}

char *maint_lc(const char *s)
{
	char *r = xstrdup(s);

	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return r;
}

/* The "must quote" rule: /[^\w \-]/i (ASCII \w); quotes inside are escaped. */
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

void parse_email(struct maintainers *m, const char *formatted, char **name, char **address)
{
	struct addr_res *r = res(m);
	size_t len = strlen(formatted);

	*name = NULL;
	*address = NULL;
	if (maint_match(m, r->pe[0], formatted, len, 0, r->md) >= 0) {
		*name = maint_group(r->md, formatted, 1);
		*address = maint_group(r->md, formatted, 2);
	} else if (maint_match(m, r->pe[1], formatted, len, 0, r->md) >= 0) {
		*address = maint_group(r->md, formatted, 1);
	} else if (maint_match(m, r->pe[2], formatted, len, 0, r->md) >= 0) {
		*address = maint_group(r->md, formatted, 1);
	}
	if (!*name)
		*name = xstrdup("");
	if (!*address)
		*address = xstrdup("");
	maint_trim(*name);
	strip_quotes(*name);
	maint_trim(*address);
	*name = quote_name(*name);
}

char *format_email(const char *name_in, const char *address_in)
{
	char *name = xstrdup(name_in), *address = xstrdup(address_in), *r;

	maint_trim(name);
	strip_quotes(name);
	maint_trim(address);
	name = quote_name(name);
	if (*name)
		r = xstrfmt("%s <%s>", name, address);
	else
		r = xstrdup(address);
	free(name);
	free(address);
	return r;
}

/* ------------------------------------------------- RFC 822 (the script's) */

/*
 * make_rfc822re()'s grammar with each rule written once and called by name
 * (PCRE2 10.30+ backtracks into subroutine calls, as the script's pasted-in
 * strings do): the pasted version is ~20 KB per regex, and compiling the
 * three took longer than a whole query (tests/unit: the same answers).
 */
static const char rfc822_defs[] =
	"(?(DEFINE)"
	"(?<lwsp>(?:\\r\\n)?[ \\t])"
	"(?<domain_literal>\\[(?:[^\\[\\]\\r\\\\]|\\\\.)*\\](?&lwsp)*)"
	"(?<quoted_string>\"(?:[^\\\"\\r\\\\]|\\\\.|(?&lwsp))*\"(?&lwsp)*)"
	"(?<atom>[^()<>@,;:\\\\\".\\[\\] \\000-\\037\\177]+"
	"(?:(?&lwsp)+|\\Z|(?=[\\[\"()<>@,;:\\\\\".\\[\\]])))"
	"(?<word>(?:(?&atom)|(?&quoted_string)))"
	"(?<localpart>(?&word)(?:\\.(?&lwsp)*(?&word))*)"
	"(?<sub_domain>(?:(?&atom)|(?&domain_literal)))"
	"(?<domain>(?&sub_domain)(?:\\.(?&lwsp)*(?&sub_domain))*)"
	"(?<addr_spec>(?&localpart)@(?&lwsp)*(?&domain))"
	"(?<phrase>(?&word)*)"
	"(?<route>(?:@(?&domain)(?:,@(?&lwsp)*(?&domain))*:(?&lwsp)*))"
	"(?<route_addr>\\<(?&lwsp)*(?&route)?(?&addr_spec)\\>(?&lwsp)*)"
	"(?<mailbox>(?:(?&addr_spec)|(?&phrase)(?&route_addr)))"
	"(?<group>(?&phrase):(?&lwsp)*(?:(?&mailbox)(?:,\\s*(?&mailbox))*)?;\\s*)"
	"(?<address>(?:(?&mailbox)|(?&group)))"
	"(?<re>(?&lwsp)*(?&address))"	/* $rfc822re */
	")";

#if PCRE2_MAJOR < 10 || (PCRE2_MAJOR == 10 && PCRE2_MINOR < 30)
#error "PCRE2 before 10.30 treats subroutine calls as atomic: rfc822_defs needs 10.30+"
#endif

/* the interpreter: these run on a dozen M:/R: values in all MAINTAINERS */
static pcre2_code *compile_rfc(const char *head)
{
	char *p = xstrfmt("%s%s", head, rfc822_defs);
	char err[300];
	pcre2_code *re = regex_compile_nojit(p, (size_t)-1, PCRE2_DOTALL, err, sizeof(err));

	if (!re)
		BUG("RFC 822 regex: %s", err);
	free(p);
	return re;
}

static void compile_rfc822(struct addr_res *r)
{
	if (r->rfc_valid)
		return;
	r->rfc_valid = compile_rfc("^(?&re)$");
	r->rfc_list = compile_rfc("^(?&re)?(?:,(?&re)?)*$");
	/* the address is group 1: the named groups come after it */
	r->rfc_iter = compile_rfc("(?:^|,(?:(?:\\r\\n)?[ \\t])*)((?&re))");
	r->rfc_comment = compile_rfc("^((?:[^\"\\\\]|\\\\.)*"
				     "(?:\"(?:[^\"\\\\]|\\\\.)*\"(?:[^\"\\\\]|\\\\.)*)*)"
				     "\\((?:[^()\\\\]|\\\\.)*\\)");
}

static char *rfc822_strip_comments(struct maintainers *m, const char *s)
{
	char *r = xstrdup(s);
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);

	for (int guard = 0; guard < 1000; guard++) {
		PCRE2_SIZE *ov;
		char *n;

		if (maint_match(m, m->addr->rfc_comment, r, strlen(r), 0, md) < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		n = xstrfmt("%.*s %s", (int)(ov[3] - ov[2]), r + ov[2], r + ov[1]);
		free(r);
		r = n;
	}
	pcre2_match_data_free(md);
	return r;
}

void split_addresses(struct maintainers *m, const char *value, struct strvec *out,
		     bool *warn_if_unpushed)
{
	struct addr_res *r = res(m);
	pcre2_match_data *md;
	char *s;

	*warn_if_unpushed = false;
	/*
	 * Without a ',' the script pushes the value as it is whichever branch
	 * it takes (valid, or invalid and pushed anyway), except that an empty
	 * value is a valid empty list: nothing is pushed.
	 */
	if (!strchr(value, ',')) {
		if (*value)
			strvec_push(out, value);
		*warn_if_unpushed = true;
		return;
	}
	compile_rfc822(r);
	s = rfc822_strip_comments(m, value);
	md = pcre2_match_data_create_from_pattern(r->rfc_iter, NULL);
	if (maint_match(m, r->rfc_valid, s, strlen(s), 0, md) >= 0) {
		strvec_push(out, value);
	} else if (maint_match(m, r->rfc_list, s, strlen(s), 0, md) >= 0) {
		size_t off = 0, len = strlen(s);

		while (off <= len && maint_match(m, r->rfc_iter, s, len, off, md) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			char *e = maint_group(md, s, 1);

			if (!*e || !strcmp(e, "0")) {	/* while (my $entry = shift) */
				free(e);
				break;
			}
			strvec_push(out, e);
			free(e);
			off = ov[1] > off ? ov[1] : off + 1;
		}
	} else {
		strvec_push(out, value);
		*warn_if_unpushed = true;
	}
	pcre2_match_data_free(md);
	free(s);
}

/* --------------------------------------------- addresses in a file */

/* split /[^A-Za-z\x80-\xc3\',.+-]/ */
static bool name_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0x80 && c <= 0xc3) ||
	       c == '\'' || c == ',' || c == '.' || c == '+' || c == '-';
}

/* s/[\(\<\{]{0,1}(addr)[\)\>\}]{0,1}/\<$1\>/g (malloced) */
static char *bracket_addresses(struct maintainers *m, const char *raw)
{
	PCRE2_UCHAR *out = NULL;
	PCRE2_SIZE outlen = 0;
	int rc;

	rc = pcre2_substitute(m->addr->clean_email, (PCRE2_SPTR)raw, strlen(raw), 0,
			      PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, NULL,
			      m->mctx, (PCRE2_SPTR) "<$1>", 4, (PCRE2_UCHAR *)"", &outlen);
	if (rc == PCRE2_ERROR_NOMEMORY) {
		out = xmalloc(outlen + 1);
		outlen++;
		rc = pcre2_substitute(m->addr->clean_email, (PCRE2_SPTR)raw, strlen(raw), 0,
				      PCRE2_SUBSTITUTE_GLOBAL, NULL, m->mctx, (PCRE2_SPTR) "<$1>",
				      4, out, &outlen);
	}
	if (rc < 0 || !out) {
		free(out);
		return xstrdup(raw);
	}
	return (char *)out;
}

/* The last three words of a name, or two (clean_file_emails()). */
static char *short_name(char *name)
{
	struct strvec nw = STRVEC_INIT;
	const char *first, *middle, *last;
	size_t fl, ml;
	char *n;

	for (const char *p = name;;) {
		const char *q = p;

		while (*q && name_char((unsigned char)*q))
			q++;
		sv_push_take(&nw, xstrndup(p, q - p));
		if (!*q)
			break;
		p = q + 1;
	}
	while (nw.nr && !*nw.v[nw.nr - 1])	/* split drops trailing empty fields */
		strvec_pop(&nw);
	if (nw.nr <= 2) {
		strvec_clear(&nw);
		return name;
	}
	first = nw.v[nw.nr - 3];
	middle = nw.v[nw.nr - 2];
	last = nw.v[nw.nr - 1];
	fl = strlen(first);
	ml = strlen(middle);
	if ((fl == 1 && isalpha((unsigned char)first[0]) && (unsigned char)first[0] < 128) ||
	    (fl == 2 && first[1] == '.') || ml == 1 || (ml == 2 && middle[1] == '.'))
		n = xstrfmt("%s %s %s", first, middle, last);
	else
		n = xstrfmt("%s %s", middle, last);
	strvec_clear(&nw);
	free(name);
	return n;
}

static char *clean_file_email(struct maintainers *m, const char *raw)
{
	char *bracketed = bracket_addresses(m, raw), *name, *address, *r;
	size_t len;

	parse_email(m, bracketed, &name, &address);
	free(bracketed);
	if (!strcmp(name, "\"[,\\.]\""))
		name[0] = '\0';
	name = short_name(name);
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
	r = format_email(name, address);
	free(name);
	free(address);
	return r;
}

void file_emails(struct maintainers *m, const char *text, size_t len, struct strvec *out)
{
	struct addr_res *r = res(m);
	pcre2_match_data *md;
	size_t off = 0;

	if (!r->file_email) {
		r->file_email = compile("[A-Za-z\\x80-\\xc3\"' ,.+-]*\\s*[,]*\\s*[(<{]{0,1}"
					"[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9]+[)>}]{0,1}",
					0);
		pcre2_jit_compile(r->file_email, PCRE2_JIT_COMPLETE);
		r->clean_email = compile("[(<{]{0,1}([A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+)[)>}]{0,1}",
					 0);
	}
	md = pcre2_match_data_create_from_pattern(r->file_email, NULL);
	while (off < len && maint_match(m, r->file_email, text, len, off, md) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		if (!memchr(text + ov[0], '\0', ov[1] - ov[0])) {
			char *raw = xstrndup(text + ov[0], ov[1] - ov[0]);

			sv_push_take(out, clean_file_email(m, raw));
			free(raw);
		}
		off = ov[1] > off ? ov[1] : off + 1;
	}
	pcre2_match_data_free(md);
}
