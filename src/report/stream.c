// SPDX-License-Identifier: Apache-2.0
/*
 * stream.c - crashes of an input fed in pieces, in bounded memory.
 *
 * The input is kept in a window of at most `window` bytes. When the window
 * is full it is parsed whole (report_parse()); the crashes that start more
 * than `overlap` bytes before its end are given to the caller, the others
 * wait for the next window, which keeps the last `overlap` bytes (from the
 * start of their first line). A crash
 * is given once: by its start offset in the whole input. A report longer
 * than the overlap is cut (its text is bounded anyway).
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util/util.h"

struct report_stream {
	char *buf;
	size_t len, window, overlap;
	size_t base;		/* offset of buf[0] in the whole input */
	size_t given_to;	/* crashes starting before this were given */
	size_t fed;		/* bytes fed in all */
};

struct report_stream *report_stream_new(size_t window)
{
	struct report_stream *s = xcalloc(1, sizeof(*s));

	s->window = window ? window : REPORT_STREAM_WINDOW;
	if (s->window < 4096)
		s->window = 4096;
	s->overlap = s->window / 8;
	s->buf = xmalloc(s->window);
	return s;
}

/*
 * The next window starts at the line that holds the byte `overlap` before
 * the end (a report found again starts where it started before), unless
 * that line is longer than the overlap.
 */
static size_t keep_from(const struct report_stream *s)
{
	size_t k = s->len - s->overlap, min = s->len - 2 * s->overlap;

	while (k > min && s->buf[k - 1] != '\n')
		k--;
	/* no line start near: cut the (huge) line, the window must move on */
	return k > min ? k : s->len - s->overlap;
}

static void give(struct report_stream *s, struct report_list *list, bool final)
{
	struct report_list w = REPORT_LIST_INIT;
	size_t settled = s->base + (final ? s->len : keep_from(s));

	report_parse(s->buf, s->len, &w);
	for (size_t i = 0; i < w.nr; i++) {
		struct crash_report *r = &w.items[i];
		size_t start = s->base + r->start;

		if (start < s->given_to || start >= settled) {
			crash_report_release(r);
			continue;
		}
		if (list->nr >= REPORT_MAX_CRASHES) {
			list->dropped++;
			crash_report_release(r);
			continue;
		}
		r->start = start;
		r->end += s->base;
		ALLOC_GROW(list->items, list->nr + 1, list->alloc);
		list->items[list->nr++] = *r;
	}
	/*
	 * Past the cap inside this window (a window of over a thousand
	 * crashes): counted here; one in the overlap may be counted again.
	 */
	list->dropped += w.dropped;
	free(w.items);
	s->given_to = settled;
}

void report_stream_feed(struct report_stream *s, const char *buf, size_t len, struct report_list *list)
{
	s->fed += len;
	while (len) {
		size_t n = s->window - s->len;

		if (n > len)
			n = len;
		memcpy(s->buf + s->len, buf, n);
		s->len += n;
		buf += n;
		len -= n;
		if (s->len == s->window) {
			size_t k = keep_from(s);

			give(s, list, false);
			memmove(s->buf, s->buf + k, s->len - k);
			s->base += k;
			s->len -= k;
		}
	}
}

void report_stream_finish(struct report_stream *s, struct report_list *list)
{
	/* the crashes of the last window's overlap have not been given yet */
	give(s, list, true);
	s->len = 0;
}

size_t report_stream_fed(const struct report_stream *s)
{
	return s->fed;
}

void report_stream_free(struct report_stream *s)
{
	if (!s)
		return;
	free(s->buf);
	free(s);
}
