/* SPDX-License-Identifier: Apache-2.0 */
/*
 * usint.h - the user-space half of src/report/, between its files
 * (internal; the interface is userspace.h):
 *
 *	uspatterns.c  the tables: regexes, frame-skipping rules, markers,
 *	              trigger words; compiled once
 *	usstate.c     parser state and its primitives (a match updates the
 *	              state; a frame goes into the crash state)
 *	usrules.c     one line of output: the ordered rule table, one block of
 *	              rules per family
 *	usfinish.c    a finished report: crash state clean-up, type, title,
 *	              security flag, the struct crash_report
 *	userspace.c   the driver: triggers, report boundaries, anchors
 *
 * crash_type, crash_address, crash_state and the security flag follow
 * ClusterFuzz's stack analyzer (google/clusterfuzz, src/clusterfuzz/
 * stacktraces/ and crash_analysis/crash_analyzer.py, Apache-2.0): the same
 * line-by-line state machine and rules, re-expressed as tables.
 */
#ifndef CULPRIT_REPORT_USINT_H
#define CULPRIT_REPORT_USINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "util/regex.h"
#include "util/strbuf.h"

#define MAX_STATE_FRAMES 3	/* frames in crash_state */
#define LINE_LENGTH_CAP 80	/* characters per crash_state line */
#define MAX_CYCLE_LENGTH 10	/* stack-overflow recursion detection */
#define REPEATED_CYCLE_COUNT 3
#define MAX_RAW_FRAMES 1024	/* frames kept for cycle detection */
#define MAX_LINE (1024 * 1024)	/* longer lines are ignored */
#define NULL_DEREF_BOUNDARY 0x1000
#define TITLE_MAX 120

/* Every regex of the tables (uspatterns.c). */
enum pat {
	/* assertions */
	P_ASSERT, P_ASSERT_GOOGLE, P_ASSERT_GLIBC, P_ASSERT_GLIBC_SUFFIXED, P_RUST_ASSERT,
	P_ASSERT_NOT_REACHED, P_ASSERT_GLIBC_FUNCTION, P_RUST_PANIC, P_RUST_FRAME,
	/* debuggers: gdb, cdb */
	P_GDB_CRASH_TYPE, P_GDB_CRASH_ADDRESS, P_GDB_CRASH_ADDRESS_NO_REGS, P_MAC_GDB_CRASH_ADDRESS,
	P_CDB_CRASH_TYPE_ADDRESS, P_CDB_STACK_OVERFLOW, P_CDB_CRASH_TYPE, P_CDB_STACK_START,
	/* sanitizers */
	P_MSAN_TSAN, P_LSAN_DIRECT, P_LSAN_INDIRECT, P_UBSAN_VPTR, P_UBSAN_VPTR_INVALID_DOWNCAST,
	P_CFI_INVALID_DOWNCAST, P_UBSAN_VPTR_INVALID_VPTR, P_CFI_INVALID_VPTR,
	P_CFI_FUNC_DEFINED_HERE, P_UBSAN_VPTR_INVALID_OFFSET, P_CFI_ERROR, P_CFI_NODEBUG,
	P_GOLANG_DIV_ZERO, P_GOLANG_INDEX_OOR, P_GOLANG_INVALID_ADDR, P_GOLANG_MAKESLICE,
	P_GOLANG_SLICE_BOUNDS, P_GOLANG_STACK_OVERFLOW,
	P_UBSAN_RUNTIME_ERROR,
	P_UBSAN_DIV_ZERO,	/* UBSan reasons: first match wins, in order */
	P_UBSAN_FLOAT_CAST, P_UBSAN_IMPLICIT_CONV, P_UBSAN_BAD_FUNC_PTR, P_UBSAN_INDEX_OOB,
	P_UBSAN_INVALID_BOOL, P_UBSAN_INVALID_BUILTIN, P_UBSAN_MISALIGNED, P_UBSAN_NO_RETURN,
	P_UBSAN_NULL_ARG, P_UBSAN_NULL_READ, P_UBSAN_NULL_REF, P_UBSAN_NULL_WRITE,
	P_UBSAN_OBJECT_SIZE, P_UBSAN_PTR_OVERFLOW, P_UBSAN_NONNULL_RETURN, P_UBSAN_SHIFT,
	P_UBSAN_UNREACHABLE, P_UBSAN_UNSIGNED_OVERFLOW, P_UBSAN_UPCAST_NULL, P_UBSAN_VLA_BOUND,
	P_UBSAN_INVALID_ENUM, P_UBSAN_INT_OVERFLOW,
	P_UBSAN_ASSUMPTION,	/* last UBSan reason */
	P_ASAN_MEMCPY_OVERLAP, P_PYTHON_UNHANDLED, P_JS_UNCAUGHT, P_SAN_SEGV, P_ASAN_INVALID_FREE,
	P_ASAN_DOUBLE_FREE, P_SAN_FPE, P_SAN_ADDR, P_WINDOWS_SAN_ILL, P_SAN_SEGV_CRASH_TYPE,
	P_SAN_CRASH_TYPE_ADDRESS,
	/* Android and the kernel read as user-space stacks */
	P_ANDROID_SEGV, P_ANDROID_PROCESS_NAME, P_ANDROID_SIGTRAP, P_ANDROID_SIGABRT,
	P_ANDROID_ABORT, P_ANDROID_KERNEL_ERROR, P_KERNEL_PANIC, P_KERNEL_BUG,
	P_KASAN_TYPE_ADDRESS, P_KASAN_TYPE_RANGE, P_KASAN_TYPE_FUNCTION, P_KASAN_GPF,
	P_KASAN_ACCESS_ADDRESS, P_KASAN_ACCESS, P_KERNEL_TIME, P_ANDROID_FATAL_EXCEPTION,
	/* extra sanitizers */
	P_EXTRA_SHELL, P_EXTRA_FILE_OPEN, P_EXTRA_DNS, P_EXTRA_PYSECSAN,
	P_SAN_CHECK_FAILURE, P_SECURITY_CHECK, P_SECURITY_DCHECK,
	/* fuzzing engines */
	P_LIBFUZZER_TIMEOUT, P_CENTIPEDE_TIMEOUT, P_OUT_OF_MEMORY, P_CENTIPEDE_STACK_LIMIT,
	P_V8_SANDBOX_VIOLATION, P_ASAN, P_HWASAN_TAIL_ADDRESS, P_GPU_FAILURE,
	/* exceptions, logging, CHECKs */
	P_JAZZER_SECURITY, P_JAZZER_EXCEPTION, P_WYCHEPROOF, P_JAVA_UNCAUGHT, P_JAVA_EXCEPTION_CLASS,
	P_PYTHON_TRACEBACK, P_PYTHON_FRAME, P_GOOGLE_LOG_FATAL, P_CHROME_CHECK, P_CHROME_DCHECK,
	P_GOOGLE_CHECK, P_FATAL_ERROR, P_GOLANG_FATAL_ERROR, P_V8_ABORT, P_V8_ABORT_METADATA,
	P_V8_ERROR, P_V8_CORRECTNESS_FAILURE, P_GENERIC_SEGV, P_LIBFUZZER_DEADLY_SIGNAL,
	P_LIBFUZZER_EXITED, P_LIBFUZZER_OVERWRITES_INPUT, P_LIBRARY_NOT_FOUND_ANDROID,
	P_LIBRARY_NOT_FOUND_LINUX, P_SYMBOL_NOT_FOUND,
	P_FATAL_ERROR_LINE, P_FATAL_ERROR_DCHECK, P_FATAL_ERROR_CHECK, P_FATAL_ERROR_GENERIC,
	P_FATAL_ERROR_UNREACHABLE,
	/* signals that only matter after a more specific crash */
	P_SAN_DEADLYSIGNAL, P_SAN_ABRT, P_SAN_BREAKPOINT, P_SAN_ILL, P_SAN_TRAP,
	/* stack frames */
	P_CDB_STACK_FRAME, P_SAN_STACK_FRAME, P_CHROME_STACK_FRAME, P_CHROME_MAC_STACK_FRAME,
	P_CHROME_WIN_STACK_FRAME, P_JAVA_EXCEPTION_FRAME, P_ANDROID_KERNEL_FRAME,
	P_ANDROID_KERNEL_FRAME_NO_ADDR, P_V8_CORRECTNESS_METADATA, P_GOLANG_STACK_FRAME,
	P_PYTHON_STACK_FRAME, P_JS_STACK_FRAME, P_TRUSTY_STACK_FRAME, P_TSAN_STACK_FRAME,
	P_STRIP_IN, P_STRIP_PARENS,
	/* clean-up of crash states */
	P_FIX_FAILED_VS, P_FIX_PAREN_VS, P_FIX_QUOTED_VALUE, P_STATE_OFFSET, P_STATE_ADDRESS,
	P_STATE_NUMBER, P_ACCESS_SIZE, P_REPORT_HEADER, P_SIGNAL_HEADER, P_KERNEL_LINE,
	/* built at start-up from the frame-skipping table */
	P_FRAME_IGNORE,		/* the rules anchored at the start */
	P_FRAME_IGNORE_ANYWHERE,	/* the ".*" rules, searched unanchored */
	P_FRAME_IGNORE_SYMBOLIZED,
	P__COUNT
};

struct pattern {
	enum pat id;
	unsigned flags;		/* PCRE2_ANCHORED (Python's re.match()), _CASELESS */
	const char *re;
	/*
	 * Literals separated by '|', one of which must be in the subject for
	 * the regex to be tried (without case with PCRE2_CASELESS): keeps
	 * the backtracking of ".*"-led patterns off ordinary lines.
	 */
	const char *need;
	const char *type;	/* the crash type it names (Go, UBSan reasons) */
};

/* One row of the frame-skipping table: a rule, and why. */
enum skip_kind {
	SKIP_EXACT,		/* the whole function name */
	SKIP_PREFIX,		/* a function name or a frame's start */
	SKIP_CONTAINS,		/* anywhere in the frame */
	SKIP_SOFT,		/* a prefix that still names a title (main) */
	SKIP_SYMBOLIZED,	/* anywhere, symbolized frames only */
};

struct skip_rule {
	enum skip_kind kind;
	const char *re;
	const char *why;	/* runtime, sanitizer, allocator, abort... (docs and tests) */
};

extern const struct skip_rule frame_skip_rules[];
extern const size_t frame_skip_rules_nr;

extern pcre2_code *us_rx[P__COUNT];
extern const char *us_rx_type[P__COUNT];

/* Lists (uspatterns.c), each NULL-terminated. */
extern const char *const title_skip_frames[];	/* libc on the way to a signal */
extern const char *const keep_on_signal_types[];	/* a later ABRT/ILL/TRAP does not replace */
extern const char *const state_stop_markers[];	/* end frame collection */
extern const char *const ignored_line_markers[];	/* shown, never used to classify */
extern const char *const report_end_markers[];
extern const char *const trigger_words[];	/* a report starts on a line with one */
extern const unsigned long long assert_crash_addresses[];

/* Compile the tables once (thread-safe). */
void us_init(void);
bool us_need_met(enum pat id, const char *s, size_t n);
/* Offset of the start of the next line at or after pos holding a trigger word, or len. */
size_t us_next_trigger(const char *buf, size_t len, size_t pos);
/* for one scan of the input (anchors.c): the pairs of bytes the trigger words are looked for by */
void us_trigger_pairs(uint64_t bits[1024]);
/* Starts of the trigger words (and glog lines) whose pair is at buf[i], into at[0..max); how many. */
size_t us_triggers_at(const char *buf, size_t len, size_t i, size_t *at, size_t max);
/* a glog "F0101 12:34:56.789 ..." line at buf[0] */
bool us_glog_start(const char *buf, size_t len);

/* ---- parser state (ClusterFuzz's CrashInfo plus what a title needs) ---- */

/* Where the title's "tool: kind" comes from. */
enum origin {
	O_KEEP,		/* leave as is */
	O_LINE,		/* the sanitizer/libFuzzer words on this line */
	O_TYPE,		/* `tool`, and the crash type in lower case */
	O_NONE,		/* no tool: the title is the crash type */
};

enum type_filter { TF_NONE, TF_UPPER, TF_CAPITALIZE, TF_SANITIZER, TF_CDB, TF_KASAN,
		   TF_KERNEL_PANIC, TF_ANDROID_KERNEL };

/* ClusterFuzz's update_state_on_match() arguments. */
struct upd {
	const char *new_type;
	const char *new_state;
	bool set_frame_count;
	int new_frame_count;
	const char *new_address;
	int address_group, type_group, state_group;	/* 0: none */
	enum type_filter type_filter;
	bool address_0x;	/* "0x" before the address taken */
	bool reset;
	enum origin origin;
	const char *tool;
};

/*
 * What ClusterFuzz decides on the whole input ("KASAN" anywhere, ".go:"
 * anywhere...). A console holds many reports: such an anchor counts when
 * it is within ANCHOR_WINDOW bytes after where the report's search began.
 * Each remembers its next occurrence, and is looked for only when a rule
 * needs it: the input is searched once for each, however many reports.
 */
enum anchor_id { A_GO, A_KASAN, A_LKL, A_PYTHON, A_JS, A_TRUSTY, A__COUNT };
/* their literals, in that order, NULL-terminated */
extern const char *const anchor_lits[A__COUNT + 1];

struct anchor {
	const char *lit;
	size_t from, at;	/* the first one at or after `from` is at `at` */
};

/* Lines that name a fuzz target ("Command: ...", "./fuzzer: Running 1 inputs"). */
struct target_finder {
	const char *lits[2];
	size_t scanned[2];	/* bytes before this were looked at */
	char *target;		/* the last target named, or NULL */
	size_t at;		/* its line's start */
};

struct offsets;

struct ps {
	pcre2_match_data *md;
	const char *subj;	/* subject of the last successful match */
	const char *buf;	/* the whole input */
	size_t len;

	/* the report's neighbourhood (ClusterFuzz: the input) */
	size_t seg_pos;		/* where the report's search began */
	struct anchor anchors[A__COUNT];
	const struct offsets *anchor_hits;	/* [A__COUNT] from anchors.c's scan, or NULL */
	signed char near[A__COUNT];	/* -1: not looked for yet */
	bool is_python;		/* an Atheris report, read backwards */
	int san_signal;		/* -1 unknown, else "SCARINESS: N (signal)" seen */
	struct target_finder targets;

	struct strbuf type, state, address, check_file, process_name;
	int frame_count;
	bool process_died, found_java, bad_cast_end, fatal_error, found_golang;
	bool found_python, found_android_kernel;
	int block_untyped;	/* -1: not known yet on this line */
	char **raw;		/* filtered frames, for stack-overflow cycles */
	size_t raw_nr, raw_alloc;
	char *title_frame;	/* first frame put into the state, not in title_skip_frames */
	char *first_frame;	/* first frame put into the state */
	char *title_file;	/* source file of title_frame, if printed */
	char *soft_frame;	/* first frame ignored only by a soft rule */
	bool saw_frame;		/* a stack frame line was seen */
	bool stopped;		/* past the crash stack (allocation stacks...) */
	bool partial_line;	/* the line has no '\n': the input was cut */
	bool rust;		/* a Rust panic: "N: function" frames */
	bool want_message;	/* the panic message is the next line */
	bool python;		/* inside a plain Python traceback */
	struct strbuf py_frames;	/* its functions, '\n'-separated, outermost first */
	struct strbuf tool, kind;	/* "AddressSanitizer", "heap-use-after-free" */
	int events;		/* state changes and frames, to tell silent lines */
	size_t first_item;	/* list->nr when this parse began */
};

/* usstate.c */
void st_init(struct ps *st, const char *buf, size_t len);
void st_release(struct ps *st);
void st_start(struct ps *st, size_t pos);	/* a report's search begins */
bool st_near(struct ps *st, enum anchor_id a);
char *st_fuzz_target(struct ps *st);	/* malloced, or NULL */
bool st_match(struct ps *st, enum pat id, const char *s, size_t n);
bool st_group(struct ps *st, int g, const char **p, size_t *n);
void st_group_to(struct ps *st, int g, struct strbuf *out);
bool has(const char *s, size_t n, const char *needle);
bool has_any(const char *s, size_t n, const char *const *list);
bool type_is(struct ps *st, const char *t);
bool type_in(struct ps *st, const char *const *list);
void strip_chars(struct strbuf *sb, const char *chars);
void strip_ws(struct strbuf *sb);
void st_update_type(struct ps *st, const char *t, size_t n);
void st_reset(struct ps *st);
void st_clear(struct ps *st);
void st_set_state(struct ps *st, const char *s, size_t n, bool newline);
void set_origin(struct ps *st, enum origin o, const char *tool, const char *line, size_t len);
bool upd_match(struct ps *st, enum pat id, const char *line, size_t len, const struct upd *u);
void fix_check_failure(struct ps *st, struct strbuf *s);
void fix_filename(struct strbuf *s);
char *filter_frame(const char *frame);
bool title_skip(const char *frame);
bool ignore_frame(struct ps *st, const char *frame);
enum frame_kind {
	FK_PLAIN,	/* ClusterFuzz's _filter_stack_frame() */
	FK_SAN,		/* a sanitizer frame: module+offset kept as is, the fuzz target's file */
	FK_GOLANG,	/* Go: the last path element */
	FK_RAW,		/* as printed */
	FK_DEMANGLE,	/* a mangled C++ name first demangled (c++filt -n) */
};
bool add_frame(struct ps *st, enum pat id, const char *line, size_t len, int g, enum frame_kind kind);
unsigned long long address_value(const char *s);
bool san_signal(struct ps *st);

/* ussteps.c: steps of the rule table, true to end the line */
bool s_assert_g1(struct ps *st, const char *line, size_t len);
bool s_assert_g2(struct ps *st, const char *line, size_t len);
bool s_assert_function(struct ps *st, const char *line, size_t len);
bool s_rust_message(struct ps *st, const char *line, size_t len);
bool s_rust_panic(struct ps *st, const char *line, size_t len);
bool s_address_0x(struct ps *st, const char *line, size_t len);
bool s_msan_tsan(struct ps *st, const char *line, size_t len);
bool s_ubsan_vptr(struct ps *st, const char *line, size_t len);
bool s_cfi_error(struct ps *st, const char *line, size_t len);
bool s_bad_cast_source(struct ps *st, const char *line, size_t len);
bool s_found_golang(struct ps *st, const char *line, size_t len);
bool s_found_python(struct ps *st, const char *line, size_t len);
bool s_ubsan_runtime_error(struct ps *st, const char *line, size_t len);
bool s_trusty(struct ps *st, const char *line, size_t len);
bool s_san_segv(struct ps *st, const char *line, size_t len);
bool s_unknown_crash(struct ps *st, const char *line, size_t len);
bool s_access_size(struct ps *st, const char *line, size_t len);
bool s_android_segv(struct ps *st, const char *line, size_t len);
bool s_android_sigtrap(struct ps *st, const char *line, size_t len);
bool s_android_abort(struct ps *st, const char *line, size_t len);
bool s_kasan_details(struct ps *st, const char *line, size_t len);
bool s_sanitizer_check(struct ps *st, const char *line, size_t len);
bool s_check_failure(struct ps *st, const char *line, size_t len);
bool s_engine_limit(struct ps *st, const char *line, size_t len);
bool s_found_java(struct ps *st, const char *line, size_t len);
bool s_found_java_plain(struct ps *st, const char *line, size_t len);
bool s_fatal_error(struct ps *st, const char *line, size_t len);
bool s_message_is_state(struct ps *st, const char *line, size_t len);
bool s_v8_abort(struct ps *st, const char *line, size_t len);
bool s_fatal_error_lines(struct ps *st, const char *line, size_t len);
bool s_state_stop(struct ps *st, const char *line, size_t len);

/* usrules.c */
bool python_line(struct ps *st, const char *line, size_t len);
void parse_line(struct ps *st, const char *line, size_t len);

/* usfinish.c */
void emit(struct ps *st, struct report_list *list, size_t start, size_t end);
/* crash_type, crash_state, crash_address and security of a report, from `st` */
void fill_fields(struct ps *st, struct crash_report *r, size_t start, size_t end);
bool crash_is_security(const char *text, size_t len, const char *type, const char *address);

#endif
