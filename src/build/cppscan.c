// SPDX-License-Identifier: Apache-2.0
/*
 * cppscan.c - the preprocessor directives of a C or assembler source, as
 * text (see cppscan.h).
 *
 * A small lexer in the order of translation phases 1-3: backslash-newlines
 * are spliced first, then comments become one space and string and
 * character literals are skipped (a comment opener in a string opens
 * nothing), and a
 * logical line whose first token is '#' (or the digraph "%:") is a
 * directive. An unterminated literal ends at the end of its line, as cpp
 * reads assembler sources ("don't" in a comment of a .S file). Comments
 * inside a directive become one space, runs of blanks one space.
 */
#include "cppscan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

struct lexer {
	const char *p, *end;
	size_t line;		/* physical line of p, from 1 */
};

/* the next character after splicing backslash-newlines; '\0' at the end */
static int peek(struct lexer *lx, size_t k)
{
	const char *p = lx->p;

	for (;;) {
		while (p < lx->end && *p == '\\' &&
		       ((p + 1 < lx->end && p[1] == '\n') ||
			(p + 2 < lx->end && p[1] == '\r' && p[2] == '\n')))
			p += p[1] == '\n' ? 2 : 3;
		if (p >= lx->end)
			return '\0';
		if (!k--)
			return (unsigned char)*p;
		p++;
	}
}

static void advance(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p == '\\' &&
	       ((lx->p + 1 < lx->end && lx->p[1] == '\n') ||
		(lx->p + 2 < lx->end && lx->p[1] == '\r' && lx->p[2] == '\n'))) {
		lx->p += lx->p[1] == '\n' ? 2 : 3;
		lx->line++;
	}
	if (lx->p < lx->end) {
		if (*lx->p == '\n')
			lx->line++;
		lx->p++;
	}
}

/* skip a comment starting at lx->p ("/" then "*" or "/"); true if one was there */
static bool skip_comment(struct lexer *lx)
{
	if (peek(lx, 0) != '/')
		return false;
	if (peek(lx, 1) == '*') {
		advance(lx);
		advance(lx);
		while (lx->p < lx->end && !(peek(lx, 0) == '*' && peek(lx, 1) == '/'))
			advance(lx);
		advance(lx);
		advance(lx);
		return true;
	}
	if (peek(lx, 1) == '/') {
		while (lx->p < lx->end && peek(lx, 0) != '\n')
			advance(lx);
		return true;
	}
	return false;
}

/* skip a string or character literal (at its quote); copies it to out if given */
static void skip_literal(struct lexer *lx, struct strbuf *out)
{
	int q = peek(lx, 0);

	if (out)
		strbuf_addch(out, (char)q);
	advance(lx);
	while (lx->p < lx->end) {
		int c = peek(lx, 0);

		if (c == '\n' || c == '\0')
			return;	/* unterminated: ends with the line */
		if (out)
			strbuf_addch(out, (char)c);
		advance(lx);
		if (c == q)
			return;
		if (c == '\\' && lx->p < lx->end && peek(lx, 0) != '\n') {
			if (out)
				strbuf_addch(out, (char)peek(lx, 0));
			advance(lx);
		}
	}
}

/* the rest of a directive line, comments as one space, blanks squeezed */
static void read_directive(struct lexer *lx, struct strbuf *out)
{
	bool blank = false;

	while (lx->p < lx->end) {
		int c = peek(lx, 0);

		if (c == '\n' || c == '\0')
			break;
		if (c == '/' && (peek(lx, 1) == '*' || peek(lx, 1) == '/')) {
			skip_comment(lx);
			blank = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r') {
			advance(lx);
			blank = true;
			continue;
		}
		if (blank && out->len && out->buf[out->len - 1] != '#')
			strbuf_addch(out, ' ');
		blank = false;
		if (c == '"' || c == '\'') {
			skip_literal(lx, out);
			continue;
		}
		strbuf_addch(out, (char)c);
		advance(lx);
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		strbuf_setlen(out, out->len - 1);
}

void cpp_directives(const char *buf, size_t len, struct strbuf *out)
{
	struct lexer lx = { buf, buf + len, 1 };
	bool line_start = true;

	while (lx.p < lx.end) {
		int c = peek(&lx, 0);

		if (c == '\n') {
			advance(&lx);
			line_start = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r') {
			advance(&lx);
			continue;
		}
		if (skip_comment(&lx))
			continue;
		if (line_start && (c == '#' || (c == '%' && peek(&lx, 1) == ':'))) {
			size_t start = out->len, line = lx.line;

			advance(&lx);
			if (c == '%')
				advance(&lx);
			strbuf_addch(out, '#');
			read_directive(&lx, out);
			/* __LINE__ in a directive: its line number matters too */
			if (strstr(out->buf + start, "__LINE__"))
				strbuf_addf(out, " @%zu", line);
			strbuf_addch(out, '\n');
			line_start = false;
			continue;
		}
		line_start = false;
		if (c == '"' || c == '\'') {
			skip_literal(&lx, NULL);
			continue;
		}
		advance(&lx);
	}
}

/* "#include <a/b.h>" -> kind '<', name "a/b.h"; false if not an include-like directive */
static bool include_target(const char *d, size_t len, const char **name, size_t *nlen)
{
	const char *p = d + 1, *e = d + len, *close;

	while (p < e && *p == ' ')
		p++;
	if (!(e - p > 7 && !strncmp(p, "include", 7)) && !(e - p > 6 && !strncmp(p, "import", 6)))
		return false;
	while (p < e && isalnum((unsigned char)*p))
		p++;
	if (p < e && *p == '_')	/* include_next */
		while (p < e && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
	while (p < e && *p == ' ')
		p++;
	if (p >= e || (*p != '<' && *p != '"'))
		return false;	/* a computed include */
	close = memchr(p + 1, *p == '<' ? '>' : '"', e - p - 1);
	if (!close)
		return false;
	*name = p + 1;
	*nlen = close - p - 1;
	return true;
}

static void add_components(const char *name, size_t len, bool quoted, bool probe,
			   void (*fn)(void *data, const char *name, bool quoted, bool probe),
			   void *data)
{
	char *s = xstrndup(name, len);

	fn(data, s, quoted, probe);
	free(s);
}

void cpp_include_names(const char *directives,
		       void (*fn)(void *data, const char *name, bool quoted, bool probe),
		       void *data)
{
	const char *d = directives;

	while (*d) {
		const char *nl = strchr(d, '\n');
		size_t len = nl ? (size_t)(nl - d) : strlen(d);
		const char *name, *p;
		size_t nlen;

		if (include_target(d, len, &name, &nlen))
			add_components(name, nlen, name[-1] == '"', false, fn, data);
		/* __has_include(<x>), __has_include_next("x") anywhere in a directive */
		for (p = d; (p = memmem(p, d + len - p, "__has_include", 13)); p += 13) {
			const char *q = p + 13, *e = d + len, *close;

			while (q < e && (isalnum((unsigned char)*q) || *q == '_'))
				q++;
			while (q < e && (*q == ' ' || *q == '('))
				q++;
			if (q >= e || (*q != '<' && *q != '"'))
				continue;
			close = memchr(q + 1, *q == '<' ? '>' : '"', e - q - 1);
			if (close)
				add_components(q + 1, close - q - 1, *q == '"', true, fn, data);
		}
		d = nl ? nl + 1 : d + len;
	}
}
