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
	char *report;		/* the report text (prefixes stripped, no NULs), NUL-terminated */
	size_t report_len;	/* its length */
	size_t prefix_len;	/* report[0..prefix_len) are context lines before the crash */

	/*
	 * ClusterFuzz's stack-analyzer fields, for user-space crashes (and
	 * kernel reports read the same way): NULL when not known.
	 */
	char *crash_type;	/* "Heap-buffer-overflow\nREAD 4" */
	char *crash_state;	/* top three meaningful frames, one per line */
	char *crash_address;	/* "0x602000000010", or "" */
	bool security;		/* the crash has security implications */
	bool userspace;		/* found by the user-space formats (not the kernel's) */
};

/*
 * Report text kept per user-space crash (struct crash_report.report), and
 * shown of any crash (report_excerpt()): a longer report is cut at a line
 * end, with a last line saying how much was left out. A kernel report keeps
 * its context lines and 256 KiB (its title, frames and guilty file come
 * from up to 1 MiB).
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
 * The same for an input that comes in pieces (a pipe, a VM's console), in
 * bounded memory: the input is parsed in windows of `window` bytes (0: the
 * default) that overlap by an eighth, so a crash is found whole unless its
 * report is longer than that. report_stream_feed() appends to `list` the
 * crashes that can no longer change; report_stream_finish() the rest. Every
 * crash is given once, with offsets in the whole input. Past
 * REPORT_MAX_CRASHES crashes are counted in list->dropped (an input with
 * over a thousand crashes in one window may count a few twice).
 */
#define REPORT_STREAM_WINDOW (32u << 20)
struct report_stream;
struct report_stream *report_stream_new(size_t window);
void report_stream_feed(struct report_stream *s, const char *buf, size_t len, struct report_list *list);
void report_stream_finish(struct report_stream *s, struct report_list *list);
size_t report_stream_fed(const struct report_stream *s);	/* bytes fed so far */
void report_stream_free(struct report_stream *s);

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

/*
 * What to show of a report (`culprit report`, and the JSON "report"): its
 * text from the first line of the crash (the context lines before it left
 * out) to the end of its stack: a kernel report stops at "---[ end trace",
 * a KASAN-style "=====" line, "Kernel Offset:", the header of another
 * crash, or after 16 lines that are neither stack nor registers; a
 * user-space report is shown whole (it ends at its SUMMARY line). At most
 * REPORT_TEXT_MAX bytes, cut at a line end; never empty for a crash (its
 * first line at least). Points into r->report.
 */
void report_excerpt(const struct crash_report *r, const char **text, size_t *len);

/* One stack frame of a report (report_frames()). */
struct report_frame {
	char *function;		/* "bar_read", "codec::RoundTripCheck" (parameters cut) */
	char *file;		/* "fs/bar.c" as printed, or NULL */
	unsigned line;		/* 0 when not printed */
	bool inlined;		/* "[inline]": inlined into the frame below it */
};

struct report_frames {
	struct report_frame *v;
	size_t nr, alloc;
};

#define REPORT_FRAMES_INIT { NULL, 0, 0 }
/* At most this many frames are read from one text. */
#define REPORT_FRAMES_MAX 256

/*
 * The stack frames of text[0..len) (a report or its excerpt), in order, in
 * the formats the parser reads: kernel call traces (" f+0x1/0x2 file.c:12",
 * "[inline]", "[<addr>] f+0x1/0x2"; " ? f" frames and "RIP:" lines left
 * out), sanitizer and Chrome "#N 0x... in f file:line", Go, Python,
 * Java, JavaScript, Rust, Windows cdb. Appends to `out`; returns how many.
 */
size_t report_frames(const char *text, size_t len, struct report_frames *out);
void report_frames_release(struct report_frames *f);

void crash_report_release(struct crash_report *r);
void report_list_release(struct report_list *list);

#endif
