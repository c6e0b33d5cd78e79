/* SPDX-License-Identifier: Apache-2.0 */
/*
 * formats.h - the kernel crash format table, internal to src/report/.
 *
 * The table itself (formats.c) is data: one row per kind of oops, after
 * syzkaller's pkg/report/linux.go. Its regexes use Perl syntax plus these
 * placeholders, expanded once at compile time:
 *	{{ADDR}}	0x-prefixed hex address
 *	{{PC}}		"[<ffffffff81234567>]" style program counter
 *	{{FUNC}}	a function name, captured, followed by '.' or '+'
 *	{{SRC}}		"path/file.c:123", captured
 *	{{RIP}}		the "RIP: func+0x.." line of x86 (and the IP/pc lines of
 *			other arches), capturing the function
 *	{{CALLTRACE}}	"Call Trace:" / "Backtrace:"
 * A stack part that is exactly STACK ("{{STACK}}") means "parse a stack
 * trace from here".
 *
 * Titles are Go-style templates: "%[N]v" is the N-th argument (1-based):
 * first the groups captured by the report regex (or by the title regex when
 * there is no report regex), then one guilty frame per stack trace parsed.
 *
 * formats_get() compiles everything once (pthread_once, PCRE2 JIT) and never
 * fails: a pattern that does not compile is a bug in the table (BUG()).
 */
#ifndef CULPRIT_REPORT_FORMATS_H
#define CULPRIT_REPORT_FORMATS_H

#include "../util/regex.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STACK "{{STACK}}"

enum frame_extractor {
	EXTRACT_FIRST = 0,	/* the first frame that is not skipped */
	EXTRACT_STALL,		/* rcu stalls, lockups: a representative frame deeper down */
	EXTRACT_HANG,		/* hung tasks: rtnl_lock / synchronize_rcu buckets */
};

struct stack_fmt {
	const char *parts[6];	/* NULL-terminated */
	const char *parts2[6];	/* tried when parts fail; NULL-terminated */
	const char *skip[24];	/* extra frames to skip (regexes); NULL-terminated */
	enum frame_extractor extractor;
};

struct oops_format {
	const char *title;	/* regex searched in the report */
	const char *report;	/* stricter regex; title matched but not this: corrupted */
	const char *fmt;	/* title template */
	const char *alt[3];	/* alternative title templates */
	const struct stack_fmt *stack;
	bool no_stack_trace;	/* the report legitimately has no "Call Trace" */
	bool corrupted;		/* this format only matches cut reports */
};

struct oops {
	const char *header;			/* literal substring that starts a report */
	const struct oops_format *formats;	/* terminated by a row with fmt == NULL */
	const char *const *suppressions;	/* line regexes that are not this oops; NULL-terminated */
};

/* ---- compiled form ---- */

struct cpart {
	pcre2_code *re;		/* NULL for a STACK part */
	bool is_stack;
};

struct cstack {
	struct cpart parts[6], parts2[6];
	size_t nparts, nparts2;
	pcre2_code *skip;	/* every skip pattern joined with '|' */
	enum frame_extractor extractor;
};

struct cformat {
	const struct oops_format *src;
	pcre2_code *title, *report;
	/* a literal every match of `title` starts with (NULL: none known) */
	const char *title_lit;
	size_t title_lit_len;
	struct cstack *stack;	/* NULL if no stack */
};

struct coops {
	const struct oops *src;
	size_t header_len;
	struct cformat *formats;
	size_t nformats;
	pcre2_code *suppress;	/* NULL if none */
	size_t index;		/* row number in the table */
};

/*
 * A set of literals (>= 4 bytes each) found together in one pass: a bitmap
 * of hashed 4-byte heads, then memcmp on the rare hits. Much faster than a
 * regex alternation on lowercase-heavy console text.
 */
struct litset {
	uint64_t first2[1024];	/* first two bytes */
	uint64_t bits[1024];	/* hash of the first four bytes */
	struct {
		const char *s;
		size_t len;
		uint32_t head;
	} lits[64];
	size_t nr;
};

/* A set of the NULL-terminated literals (at least 4 bytes each), in that order. */
void litset_init(struct litset *ls, const char *const *lits);
/* True when a literal of `ls` starts at buf[i] (its first two bytes are in first2). */
bool litset_at(const struct litset *ls, const char *buf, size_t len, size_t i);
/* The index of the literal of `ls` that starts at buf[i], or -1. */
int litset_which(const struct litset *ls, const char *buf, size_t len, size_t i);
/* Offset of the first literal of `ls` at or after pos, or len. */
size_t litset_find(const struct litset *ls, const char *buf, size_t len, size_t pos);
/* Bit i set: the i-th literal added to `ls` is somewhere in buf[0..len). */
uint64_t litset_mask(const struct litset *ls, const char *buf, size_t len);

/* The kernel panicked: output after it is not trustworthy. */
#define PANIC_MARKER "Kernel panic - not syncing"
/* GCE console connection lost: the report is probably cut. */
#define HANGUP_MARKER "serialport: VM disconnected."

struct ctable {
	struct coops *oopses;
	size_t noopses;
	struct litset prefilter;	/* any header or interesting marker */
	struct litset headers;		/* any header */
	pcre2_code *suppressions;	/* whole-output suppressions (not a bug of the kernel) */
	struct litset suppression_lits;	/* a literal of each suppression */
	pcre2_code *corrupted_title;	/* title regexes that mean "corrupted" */
	pcre2_code *report_start_ignores;
	pcre2_code *stack_start;	/* stackStartRes, one per entry */
	pcre2_code **stack_starts;
	size_t nstack_starts;
	pcre2_code *riscv_stack_start;
	pcre2_code **frame_res;
	size_t nframe_res;
	pcre2_code *skip_common;	/* linuxStackParams.skipPatterns */
	pcre2_code *corrupted_lines;
	pcre2_code *stall_anchor;
	/*
	 * Lines only a kernel console prints near an oops ("CPU: 0 PID: 1",
	 * "Call Trace:", "[ cut here ]", "func+0x1/0x2" frames...): what a
	 * catch-all report needs before it is taken for a kernel crash.
	 * kernel_msg_prefix: a dev_printk() prefix before the header on its
	 * line ("usb 5-1: WARNING: ...").
	 */
	pcre2_code *kernel_context;
	pcre2_code *kernel_msg_prefix;
	pcre2_code **title_repl;	/* dynamic title replacements */
	const char *const *title_repl_with;
	size_t ntitle_repl;
	pcre2_code *frame_from_title;
	pcre2_code *guilty_ignore;
	pcre2_code *guilty_line_ignore;
	pcre2_code *deeper_path;
};

extern const struct oops linux_oopses[];
extern const size_t linux_oopses_nr;
extern const char *const info_messages_with_stack[];
extern const char *const strip_frame_prefixes[];

/* crash type from title (title_to_type table); "" when unknown */
const char *title_to_type(const char *title);

const struct ctable *formats_get(void);

/* Compile with the table's options and placeholder expansion; BUG() on error. */
pcre2_code *formats_compile(const char *pattern);

#endif
