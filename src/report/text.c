// SPDX-License-Identifier: Apache-2.0
/*
 * text.c - console text helpers (see text.h).
 */
#include <string.h>

#include "text.h"

static inline bool garbage(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
}

bool has_garbage(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++)
		if (garbage(p[i]))
			return true;
	return false;
}

/* Length of the escape sequence at s[0] == ESC (at most n). */
static size_t escape_len(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (n < 2)
		return n;
	if (s[1] != '[')
		return 2;	/* ESC and one character: "\ec", "\e(B"'s first half */
	/* CSI: parameters and intermediates, then a final byte 0x40-0x7e */
	for (i = 2; i < n && s[i] >= 0x20 && s[i] <= 0x3f; i++)
		;
	return i < n && s[i] >= 0x40 && s[i] <= 0x7e ? i + 1 : i;
}

void add_clean(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;

	if (!has_garbage(s, n)) {
		strbuf_add(sb, s, n);
		return;
	}
	while (p < end) {
		if (!garbage(*p)) {
			p++;
			continue;
		}
		strbuf_add(sb, run, p - run);
		p += *p == 0x1b ? escape_len(p, end - p) : 1;
		run = p;
	}
	strbuf_add(sb, run, end - run);
}

void text_cap(struct strbuf *sb, size_t max)
{
	size_t cut = max, left;

	if (sb->len <= max)
		return;
	while (cut > 0 && sb->buf[cut - 1] != '\n')
		cut--;
	if (!cut)
		cut = max;
	left = sb->len - cut;
	strbuf_setlen(sb, cut);
	if (cut && sb->buf[cut - 1] != '\n')
		strbuf_addch(sb, '\n');
	strbuf_addf(sb, "[... %zu more bytes of this report not kept]\n", left);
}
