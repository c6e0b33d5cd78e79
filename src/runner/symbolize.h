/* SPDX-License-Identifier: Apache-2.0 */
/*
 * symbolize.h - source locations for the frames of a kernel crash report,
 * from the DWARF of vmlinux (elfutils libdw), as syzkaller's report
 * symbolizer prints them.
 *
 * A frame line such as
 *	" dump_stack+0x77/0x97"
 * becomes one line per function the address is in, innermost first, the
 * inlined ones renamed and marked:
 *	" __dump_stack lib/dump_stack.c:79 [inline]"
 *	" dump_stack+0x77/0x97 lib/dump_stack.c:120"
 * Every line with a "func+0xOFF/0xSIZE" (call traces, "RIP: 0010:func+..",
 * lockdep's "at: func+..") is rewritten that way; other lines are copied.
 * Return addresses are looked up at address - 1 (the call instruction),
 * except on RIP/IP lines, which hold the exact faulting address. `func` is
 * found in vmlinux's symbol table; when several symbols share the name, the
 * one whose size is SIZE wins. Lines whose function is unknown, or whose
 * address has no line information, are copied unchanged.
 *
 * File names are made relative to the kernel source root: a name under one
 * of `roots` loses that prefix; an absolute name from another tree (objects
 * reused from ccache keep the directory of the build that made them) is cut
 * to the longest tail that exists under roots[0]; else a name under the
 * directory holding init/main.c (start_kernel's file) loses that prefix, so
 * a kernel needs no roots at all in the common case; leading "./" go.
 *
 * The libdw session of each vmlinux (keyed by path, inode, size and mtime)
 * is kept in a small thread-safe cache, so symbolizing the reports of many
 * runs against one kernel reads its 80 MB of DWARF once.
 */
#ifndef CULPRIT_SYMBOLIZE_H
#define CULPRIT_SYMBOLIZE_H

#include <stddef.h>
#include "../util/strbuf.h"

/*
 * Symbolize text[0..len) against `vmlinux` into `out` (appended). `roots`
 * is a NULL-terminated list of directories to strip from file names (the
 * source tree first, then e.g. the build directory), or NULL. Returns the
 * number of frames that got a location, or -1 with an error() when vmlinux
 * cannot be read (then `out` holds the text unchanged).
 */
int symbolize_report(const char *vmlinux, const char *const *roots, const char *text,
		     size_t len, struct strbuf *out);

/* One address: "file:line" of the innermost function, and that function's
 * name (both malloced), for tests and tools. Returns 0, or -1 if unknown. */
int symbolize_addr(const char *vmlinux, const char *const *roots, unsigned long long pc,
		   char **file_line, char **func);

/* Drop every cached libdw session (tests; frees memory). */
void symbolize_cache_clear(void);

#endif
