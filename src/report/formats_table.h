/* SPDX-License-Identifier: Apache-2.0 */
/*
 * formats_table.h - what the two halves of the kernel format table
 * (formats.c, formats_bug.c) share: stack shapes used by several rows and
 * the rows that live in formats_bug.c. Internal to src/report/.
 */
#ifndef CULPRIT_REPORT_FORMATS_TABLE_H
#define CULPRIT_REPORT_FORMATS_TABLE_H

#include "formats.h"

#define RIP_CALLTRACE_STACK { .parts = { "{{RIP}}", "{{CALLTRACE}}", STACK } }
#define CALLTRACE_STACK { .parts = { "{{CALLTRACE}}", STACK } }

/* WARNINGs trap on an invalid opcode: the stack starts after the RIP line. */
#define WARNING_STACK(...)                                                        \
	(&(const struct stack_fmt){                                               \
		.parts = { "(?:{{RIP}}|--- interrupt: [0-9]+ at {{FUNC}})", STACK }, \
		.parts2 = { "{{CALLTRACE}}", STACK },                             \
		.skip = { __VA_ARGS__ },                                          \
	})

#define FMT_END { .fmt = NULL }

extern const struct stack_fmt rip_calltrace, calltrace, rip_only;

/* formats_bug.c: the "BUG:" and "WARNING:" rows, the largest two */
extern const struct oops_format bug_formats[], warning_formats[];
extern const char *const bug_suppressions[], *const warning_suppressions[];

#endif
