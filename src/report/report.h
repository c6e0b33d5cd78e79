/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.h - reading crash reports out of console output (after syzkaller's
 * pkg/report).
 *
 * Input is raw bytes of any size: possibly cut, interleaved with other
 * output, not UTF-8, with printk prefixes ("[  12.345678][ T1234] ", "[C1]").
 * Output is the list of crashes found, in order of appearance.
 *
 * Steps:
 *	struct report_list list = REPORT_LIST_INIT;
 *	report_parse(buf, len, &list);      // never fails; may find nothing
 *	for (size_t i = 0; i < list.nr; i++)
 *		puts(list.items[i].title);
 *	report_list_release(&list);
 *
 * The format table (src/report/formats.c) is compiled once, lazily and
 * thread-safely, with PCRE2 JIT; report_parse() is safe to call from several
 * threads at once.
 */
#ifndef CULPRIT_REPORT_H
#define CULPRIT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

struct crash_report {
	char *title;		/* "KASAN: use-after-free Read in foo" */
	char **alt_titles;	/* other names of the same crash; sorted */
	size_t alt_nr;
	char *type;		/* "KASAN-USE-AFTER-FREE-READ", "LOCKDEP", "WARNING", ... ("" if unknown) */
	char *frame;		/* guilty function, or NULL */
	char *guilty_file;	/* "mm/mempolicy.c" when frames carry file:line, or NULL */
	bool corrupted;		/* the report is cut or garbled; title may be "... in corrupted" */
	bool suppressed;	/* a report that is not a bug in the kernel under test */
	bool panicked;		/* the kernel panicked (output after it is not trustworthy) */
	size_t start, end;	/* byte offsets of the report in the input */
	char *report;		/* the report text (prefixes stripped), NUL-terminated */
	size_t report_len;	/* its length (the text may hold NUL bytes) */
	size_t prefix_len;	/* report[0..prefix_len) are context lines before the crash */

	/*
	 * ClusterFuzz's stack-analyzer fields, for user-space crashes (and
	 * kernel reports read the same way): NULL when not known.
	 */
	char *crash_type;	/* "Heap-buffer-overflow\nREAD 4" */
	char *crash_state;	/* top three meaningful frames, one per line */
	char *crash_address;	/* "0x602000000010", or "" */
	bool security;		/* the crash has security implications */
};

/*
 * Report text kept per crash (struct crash_report.report): a longer report
 * is cut at a line end, with a last line saying how much was left out.
 */
#define REPORT_TEXT_MAX (64 * 1024)

struct report_list {
	struct crash_report *items;
	size_t nr, alloc;
	/* crashes found past the cap on crashes kept (REPORT_MAX_CRASHES) */
	size_t dropped;
};

#define REPORT_LIST_INIT { NULL, 0, 0, 0 }
/* At most this many crashes are kept from one output; see `dropped`. */
#define REPORT_MAX_CRASHES 1000

/*
 * Find every crash in buf[0..len). Appends to `list`. Returns the number of
 * crashes appended.
 */
size_t report_parse(const char *buf, size_t len, struct report_list *list);

/*
 * Quick check used while a VM is running: true when buf holds at least one
 * complete crash report (so the VM can be stopped). Cheaper than
 * report_parse(); may be called on a growing buffer repeatedly.
 */
bool report_contains_crash(const char *buf, size_t len);

/* true when `title` equals the report's title or one of its alt titles */
bool report_matches_title(const struct crash_report *r, const char *title);

/*
 * Guilty source file of an already symbolized report (frames carry
 * "file.c:123"): the first file that is not a generic one (headers, lib/,
 * mm internals, locking, scheduler...), refined by a deeper path of the same
 * directory further down. `title` may be NULL. Malloced, or NULL.
 */
char *report_guilty_file(const char *title, const char *text, size_t len);

/* Crash type of a kernel title ("WARNING", "KASAN-READ", ...; "" if unknown). */
const char *report_title_type(const char *title);

void crash_report_release(struct crash_report *r);
void report_list_release(struct report_list *list);

#endif
