/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h - console text helpers shared by the kernel and user-space halves
 * of src/report/ (internal).
 */
#ifndef CULPRIT_REPORT_TEXT_H
#define CULPRIT_REPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/*
 * Append s[0..n) to sb without console garbage: NUL bytes and the other
 * control characters but tab and newline (a serial console's '\r', a stray backspace
 * or bell), DEL, and ANSI escape sequences ("\e[1;31m"). A title or a frame
 * broken by them is whole again; offsets into the input are unaffected (the
 * input itself is not changed).
 */
void add_clean(struct strbuf *sb, const char *s, size_t n);

/*
 * Cut sb to at most `max` bytes at a line end, with a last line saying how
 * many bytes were left out. Does nothing when sb is short enough.
 */
void text_cap(struct strbuf *sb, size_t max);

/* True when s[0..n) holds a byte that add_clean() would drop. */
bool has_garbage(const char *s, size_t n);

#endif
