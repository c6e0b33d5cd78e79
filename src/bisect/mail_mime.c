// SPDX-License-Identifier: Apache-2.0
/*
 * mail_mime.c - the parts of a mail that mail software is strict about
 * (showint.h): addresses ("Name <addr>", quoted or RFC 2047-encoded when
 * the name needs it), unstructured headers (RFC 2047 encoded-words of at
 * most 75 characters, never splitting a character), folding at 78
 * columns, quoted-printable bodies, and mboxrd ">From " quoting. Header
 * values never carry a line break from data (no header injection).
 */
#include <string.h>

#include "showint.h"
#include "../util/util.h"

#define FOLD_AT 78
/* an encoded-word at most: RFC 2047 allows 75, and 76 columns for its line, "Subject: " too */
#define EW_MAX 66
#define EW_OVERHEAD 12			/* "=?UTF-8?Q?" and "?=" */

static bool is_ascii_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* length of the UTF-8 character at s (the text is clean: show_clean()) */
static size_t char_len(const unsigned char *s)
{
	return *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : 4;
}

/*
 * s as RFC 2047 "Q" encoded-words, each an atom in `atoms`; `phrase`
 * keeps to the characters allowed in a display name.
 */
static void encode_words(struct strvec *atoms, const char *s, bool phrase)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf w = STRBUF_INIT;

	while (*p) {
		struct strbuf c = STRBUF_INIT;
		size_t len = char_len(p);

		for (size_t i = 0; i < len && p[i]; i++) {
			unsigned char b = p[i];

			if (b == ' ')
				strbuf_addch(&c, '_');
			else if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
				 (b >= '0' && b <= '9') || strchr("!*+-/", b) ||
				 (!phrase && b > 0x20 && b < 0x7f && !strchr("=?_\"()<>,;:@\\.[]", b)))
				strbuf_addch(&c, b);
			else
				strbuf_addf(&c, "=%02X", b);
		}
		if (w.len && w.len + c.len > EW_MAX - EW_OVERHEAD) {
			strvec_pushf(atoms, "=?UTF-8?Q?%s?=", w.buf);
			strbuf_reset(&w);
		}
		strbuf_addbuf(&w, &c);
		strbuf_release(&c);
		p += len;
	}
	if (w.len)
		strvec_pushf(atoms, "=?UTF-8?Q?%s?=", w.buf);
	strbuf_release(&w);
}

/* one line of cleaned text: no line breaks, no tabs, no leading or trailing blanks */
static void one_line(struct strbuf *out, const char *s)
{
	struct strbuf clean = STRBUF_INIT;

	show_clean(&clean, s);
	for (size_t i = 0; i < clean.len; i++)
		if (clean.buf[i] == '\n' || clean.buf[i] == '\t')
			clean.buf[i] = ' ';
	strbuf_trim(&clean);
	strbuf_addbuf(out, &clean);
	strbuf_release(&clean);
}

/* "Name: atom atom, atom" folded before an atom that would pass FOLD_AT */
static void fold(struct strbuf *out, const char *name, const struct strvec *atoms)
{
	size_t col = strlen(name) + 1;

	strbuf_addf(out, "%s:", name);
	for (size_t i = 0; i < atoms->nr; i++) {
		size_t len = strlen(atoms->v[i]);

		if (i && col + 1 + len > FOLD_AT) {
			strbuf_addstr(out, "\n");
			col = 0;
		}
		strbuf_addch(out, ' ');
		strbuf_addstr(out, atoms->v[i]);
		col += 1 + len;
	}
	strbuf_addch(out, '\n');
}

/* a word that can stay as it is in an unstructured header */
static bool plain_word(const char *w)
{
	return is_ascii_printable(w) && strlen(w) <= EW_MAX && !strstr(w, "=?");
}

void mail_text_header(struct strbuf *out, const char *name, const char *text)
{
	struct strbuf line = STRBUF_INIT, run = STRBUF_INIT;
	struct strvec words = STRVEC_INIT, atoms = STRVEC_INIT;

	one_line(&line, text);
	strvec_split(&words, line.buf);
	/*
	 * Plain words stay plain; each run of other words becomes encoded
	 * words together (the blanks between two encoded words do not count,
	 * so the run's own blanks are encoded inside it).
	 */
	for (size_t i = 0; i <= words.nr; i++) {
		if (i < words.nr && !plain_word(words.v[i])) {
			if (run.len)
				strbuf_addch(&run, ' ');
			strbuf_addstr(&run, words.v[i]);
			continue;
		}
		if (run.len)
			encode_words(&atoms, run.buf, false);
		strbuf_reset(&run);
		if (i < words.nr)
			strvec_push(&atoms, words.v[i]);
	}
	fold(out, name, &atoms);
	strvec_clear(&words);
	strvec_clear(&atoms);
	strbuf_release(&run);
	strbuf_release(&line);
}

/* a valid addr-spec: printable ASCII, one @, nothing that ends or quotes it */
static bool valid_addr(const char *a)
{
	const char *at = strchr(a, '@');

	if (!at || at == a || !at[1] || strchr(at + 1, '@'))
		return false;
	for (; *a; a++)
		if ((unsigned char)*a <= 0x20 || (unsigned char)*a >= 0x7f ||
		    strchr("<>()[]\\,;:\"", *a))
			return false;
	return true;
}

int mail_address(struct strvec *atoms, const char *spec, bool last)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT, addr = STRBUF_INIT;
	const char *lt, *gt;
	int ret = 0;

	one_line(&sb, spec);
	lt = strrchr(sb.buf, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt && !gt[1]) {
		strbuf_add(&addr, lt + 1, gt - lt - 1);
		strbuf_add(&name, sb.buf, lt - sb.buf);
		strbuf_trim(&name);
		if (name.len >= 2 && name.buf[0] == '"' && name.buf[name.len - 1] == '"') {
			memmove(name.buf, name.buf + 1, name.len - 2);
			strbuf_setlen(&name, name.len - 2);
		}
	} else {
		strbuf_addbuf(&addr, &sb);
	}
	if (!valid_addr(addr.buf)) {
		ret = -1;
		goto out;
	}
	if (name.len && !is_ascii_printable(name.buf)) {
		encode_words(atoms, name.buf, true);
	} else if (name.len) {
		struct strbuf q = STRBUF_INIT;
		bool special = strpbrk(name.buf, "()<>[]:;@\\,.\"") != NULL;

		if (special)
			strbuf_addch(&q, '"');
		for (size_t i = 0; i < name.len; i++) {
			if (special && (name.buf[i] == '"' || name.buf[i] == '\\'))
				strbuf_addch(&q, '\\');
			strbuf_addch(&q, name.buf[i]);
		}
		if (special)
			strbuf_addch(&q, '"');
		strvec_push(atoms, q.buf);
		strbuf_release(&q);
	}
	strvec_pushf(atoms, name.len ? "<%s>%s" : "%s%s", addr.buf, last ? "" : ",");
out:
	strbuf_release(&sb);
	strbuf_release(&name);
	strbuf_release(&addr);
	return ret;
}

int mail_address_header(struct strbuf *out, const char *name, const json_t *list)
{
	struct strvec atoms = STRVEC_INIT;
	size_t n = jlen(list), written = 0;

	for (size_t i = 0; i < n; i++) {
		const char *a = json_string_value(json_array_get(list, i));

		if (!a || mail_address(&atoms, a, i + 1 == n) < 0) {
			struct strbuf sb = STRBUF_INIT;

			one_line(&sb, a ? a : "?");
			warning("%s: leaving out '%s': not a mail address", name, sb.buf);
			strbuf_release(&sb);
			continue;
		}
		written++;
	}
	/* a left-out last address leaves a trailing comma */
	if (atoms.nr && ends_with(atoms.v[atoms.nr - 1], ",")) {
		char *last = xstrndup(atoms.v[atoms.nr - 1], strlen(atoms.v[atoms.nr - 1]) - 1);

		strvec_pop(&atoms);
		strvec_push(&atoms, last);
		free(last);
	}
	if (written)
		fold(out, name, &atoms);
	strvec_clear(&atoms);
	return (int)written;
}

bool mail_needs_qp(const char *body)
{
	size_t col = 0;

	for (const char *p = body; *p; p++) {
		col = *p == '\n' ? 0 : col + 1;
		if (col > 998)
			return true;
	}
	return false;
}

void mail_qp(struct strbuf *out, const char *body)
{
	size_t col = 0;

	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		char enc[4];
		bool eol = p[1] == '\n' || !p[1];

		if (*p == '\n') {
			strbuf_addch(out, '\n');
			col = 0;
			continue;
		}
		if ((*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !eol))
			snprintf(enc, sizeof(enc), "%c", *p);
		else
			snprintf(enc, sizeof(enc), "=%02X", *p);
		if (col + strlen(enc) > 75) {
			strbuf_addstr(out, "=\n");
			col = 0;
		}
		strbuf_addstr(out, enc);
		col += strlen(enc);
	}
}

void mail_mboxrd(struct strbuf *out, const char *body)
{
	const char *p = body;

	while (*p) {
		const char *nl = strchr(p, '\n'), *q = p;
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);

		while (*q == '>')
			q++;
		if (starts_with(q, "From "))
			strbuf_addch(out, '>');
		strbuf_add(out, p, len);
		p += len;
	}
}
