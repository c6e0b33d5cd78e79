// SPDX-License-Identifier: Apache-2.0
/*
 * usrules.c - one line of user-space output through ClusterFuzz's stack
 * analyzer (StackParser.parse(), src/clusterfuzz/stacktraces/__init__.py):
 * an ordered table of rules, one block per family, then the frame formats.
 *
 * A rule runs when its guard holds: a regex whose match updates the state
 * the way update_state_on_match() does (struct upd), optionally followed by
 * a step for what data cannot say, or a step alone. `stop` is ClusterFuzz's
 * `continue`: the rest of the line is not looked at.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "usint.h"
#include "util/util.h"

enum guard {
	G_ALWAYS,
	G_NOT_KERNEL_FAILURE,	/* the type does not start with "Kernel failure" */
	G_UNTYPED,		/* no crash type yet */
	G_UNTYPED_OR_INDIRECT,	/* ... or only an indirect leak */
	G_BLOCK,		/* ClusterFuzz's "if not crash_type:" block, untyped on entry */
	G_BLOCK_GOLANG,		/* the same, in Go output */
	G_GOLANG,		/* Go output (".go:" near the report) */
	G_PYTHON,		/* an Atheris report ('.py", line' near it) */
	G_JS,			/* a Jazzer.js report */
	G_NOT_KASAN,		/* no "KASAN" near the report */
	G_SAN_ADDR,		/* no kernel, Go or Python crash before */
	G_NOT_KEPT_TYPE,	/* the type yields to a signal */
	G_FATAL_ERROR,		/* after a V8/Go "# Fatal error in" line */
};

typedef bool (*step_fn)(struct ps *st, const char *line, size_t len);

struct rule {
	enum guard guard;
	enum pat id;		/* P__COUNT: `step` alone */
	struct upd u;
	step_fn step;		/* after a match (its groups still valid), or alone */
	bool stop;
};

static bool guard_ok(struct ps *st, enum guard g)
{
	switch (g) {
	case G_ALWAYS:
		return true;
	case G_NOT_KERNEL_FAILURE:
		return strncmp(st->type.buf, "Kernel failure", 14) != 0;
	case G_UNTYPED:
		return !st->type.len;
	case G_UNTYPED_OR_INDIRECT:
		return !st->type.len || type_is(st, "Indirect-leak");
	case G_BLOCK:
	case G_BLOCK_GOLANG:
		if (st->block_untyped < 0)
			st->block_untyped = !st->type.len;
		return st->block_untyped && (g == G_BLOCK || st_near(st, A_GO));
	case G_GOLANG:
		return st_near(st, A_GO);
	case G_PYTHON:
		return st->is_python;
	case G_JS:
		return st_near(st, A_JS);
	case G_NOT_KASAN:
		return !st_near(st, A_KASAN);
	case G_SAN_ADDR:
		return strncmp(st->type.buf, "Kernel failure", 14) && !st->found_golang &&
		       !st->found_python;
	case G_NOT_KEPT_TYPE:
		return !type_in(st, keep_on_signal_types);
	case G_FATAL_ERROR:
		return st->fatal_error;
	}
	return false;
}

/* ---- the table ---- */

#define R(g, id, ...) { g, id, { __VA_ARGS__ }, NULL, false }
#define RS(g, id, step, ...) { g, id, { __VA_ARGS__ }, step, false }
#define RSTOP(g, id, step, ...) { g, id, { __VA_ARGS__ }, step, true }
#define STEP(g, step) { g, P__COUNT, { 0 }, step, false }

static const struct rule RULES[] = {
	/* assertions, and Rust panics (culprit: the current format) */
	RS(G_NOT_KERNEL_FAILURE, P_ASSERT, s_assert_g1, .new_type = "ASSERT", .set_frame_count = true,
	   .new_frame_count = 1, .origin = O_NONE),
	RS(G_NOT_KERNEL_FAILURE, P_ASSERT_GOOGLE, s_assert_g2, .new_type = "ASSERT", .set_frame_count = true,
	   .new_frame_count = 1, .origin = O_NONE),
	RS(G_NOT_KERNEL_FAILURE, P_ASSERT_GLIBC, s_assert_g1, .new_type = "ASSERT", .set_frame_count = true,
	   .new_frame_count = 1, .origin = O_NONE),
	STEP(G_ALWAYS, s_assert_function),
	RS(G_NOT_KERNEL_FAILURE, P_ASSERT_GLIBC_SUFFIXED, s_assert_g1, .new_type = "ASSERT",
	   .set_frame_count = true, .new_frame_count = 1, .origin = O_NONE),
	RS(G_NOT_KERNEL_FAILURE, P_RUST_ASSERT, s_assert_g1, .new_type = "ASSERT", .set_frame_count = true,
	   .new_frame_count = 1, .origin = O_NONE),
	STEP(G_ALWAYS, s_rust_message),
	RSTOP(G_ALWAYS, P_RUST_PANIC, s_rust_panic, .new_type = "ASSERT", .reset = true, .origin = O_NONE),
	R(G_ALWAYS, P_ASSERT_NOT_REACHED, .new_type = "ASSERT_NOT_REACHED", .reset = true, .origin = O_NONE),

	/* debuggers: gdb, Windows cdb */
	R(G_ALWAYS, P_GDB_CRASH_TYPE, .type_group = 1, .type_filter = TF_UPPER, .origin = O_NONE),
	R(G_ALWAYS, P_GDB_CRASH_ADDRESS, .address_group = 1),
	R(G_ALWAYS, P_GDB_CRASH_ADDRESS_NO_REGS, .address_group = 1),
	R(G_ALWAYS, P_MAC_GDB_CRASH_ADDRESS, .address_group = 1),
	RS(G_ALWAYS, P_CDB_CRASH_TYPE_ADDRESS, s_address_0x, .type_group = 1, .address_group = 2,
	   .type_filter = TF_UPPER, .origin = O_NONE),

	/* MemorySanitizer, ThreadSanitizer, LeakSanitizer */
	STEP(G_ALWAYS, s_msan_tsan),
	R(G_UNTYPED_OR_INDIRECT, P_LSAN_DIRECT, .new_type = "Direct-leak", .reset = true, .origin = O_TYPE,
	  .tool = "LeakSanitizer"),
	R(G_UNTYPED, P_LSAN_INDIRECT, .new_type = "Indirect-leak", .reset = true, .origin = O_TYPE,
	  .tool = "LeakSanitizer"),

	/* UBSan's vptr and CFI bad casts */
	RS(G_UNTYPED, P_UBSAN_VPTR, s_ubsan_vptr, .new_type = "Bad-cast", .set_frame_count = true,
	   .address_group = 3, .origin = O_TYPE, .tool = "UndefinedBehaviorSanitizer"),
	STEP(G_ALWAYS, s_bad_cast_source),
	RS(G_UNTYPED, P_CFI_ERROR, s_cfi_error, .new_type = "Bad-cast", .set_frame_count = true,
	   .origin = O_TYPE, .tool = "UndefinedBehaviorSanitizer"),
	R(G_UNTYPED, P_CFI_NODEBUG, .new_type = "Bad-cast", .set_frame_count = true, .origin = O_TYPE,
	  .tool = "UndefinedBehaviorSanitizer"),

	/* Go runtime errors (before UBSan: the same "runtime error:") */
	RS(G_GOLANG, P_GOLANG_DIV_ZERO, s_found_golang, .new_type = "Integer divide by zero", .origin = O_NONE),
	RS(G_GOLANG, P_GOLANG_INDEX_OOR, s_found_golang, .new_type = "Index out of range", .origin = O_NONE),
	RS(G_GOLANG, P_GOLANG_INVALID_ADDR, s_found_golang, .new_type = "Invalid memory address",
	   .origin = O_NONE),
	RS(G_GOLANG, P_GOLANG_MAKESLICE, s_found_golang, .new_type = "Makeslice: len out of range",
	   .origin = O_NONE),
	RS(G_GOLANG, P_GOLANG_SLICE_BOUNDS, s_found_golang, .new_type = "Slice bounds out of range",
	   .origin = O_NONE),
	RS(G_GOLANG, P_GOLANG_STACK_OVERFLOW, s_found_golang, .new_type = "Stack overflow", .origin = O_NONE),

	/* UBSan: the reason names the type */
	STEP(G_ALWAYS, s_ubsan_runtime_error),
	R(G_ALWAYS, P_ASAN_MEMCPY_OVERLAP, .new_type = "Memcpy-param-overlap", .reset = true,
	  .address_group = 2, .origin = O_LINE),

	/* Atheris (Python), PySecSan, Jazzer.js */
	RS(G_PYTHON, P_PYTHON_UNHANDLED, s_found_python, .new_type = "Uncaught exception", .origin = O_NONE),
	RS(G_PYTHON, P_EXTRA_PYSECSAN, s_found_python, .new_type = "PySecSan", .origin = O_NONE),
	RSTOP(G_JS, P_JS_UNCAUGHT, s_found_python, .new_type = "Uncaught exception", .origin = O_NONE),
	STEP(G_ALWAYS, s_trusty),

	/* AddressSanitizer and friends */
	STEP(G_ALWAYS, s_san_segv),
	RSTOP(G_ALWAYS, P_ASAN_INVALID_FREE, NULL, .new_type = "Invalid-free", .reset = true,
	      .address_group = 1, .origin = O_LINE),
	RSTOP(G_ALWAYS, P_ASAN_DOUBLE_FREE, NULL, .new_type = "Heap-double-free", .reset = true,
	      .address_group = 3, .origin = O_LINE),
	RSTOP(G_ALWAYS, P_SAN_FPE, NULL, .new_type = "Floating-point-exception", .reset = true,
	      .origin = O_LINE),
	R(G_SAN_ADDR, P_SAN_ADDR, .type_group = 2, .address_group = 4, .reset = true,
	  .type_filter = TF_SANITIZER, .origin = O_LINE),
	R(G_ALWAYS, P_WINDOWS_SAN_ILL, .new_type = "Ill"),
	STEP(G_ALWAYS, s_unknown_crash),
	RS(G_NOT_KASAN, P_SAN_CRASH_TYPE_ADDRESS, s_access_size, .address_group = 3),

	/* Android */
	STEP(G_ALWAYS, s_android_segv),
	STEP(G_NOT_KEPT_TYPE, s_android_sigtrap),
	R(G_NOT_KEPT_TYPE, P_ANDROID_SIGABRT, .new_type = "Abort", .new_address = "", .origin = O_NONE),
	RS(G_ALWAYS, P_ANDROID_ABORT, s_android_abort, .new_type = "CHECK failure", .new_address = "",
	   .origin = O_NONE),

	/* kernels read as user-space stacks: Android, LKL, KASAN */
	R(G_NOT_KASAN, P_ANDROID_KERNEL_ERROR, .new_type = "Kernel failure", .reset = true, .type_group = 3,
	  .type_filter = TF_ANDROID_KERNEL, .origin = O_NONE),
	R(G_NOT_KASAN, P_KERNEL_PANIC, .new_type = "Kernel failure", .reset = true, .type_group = 1,
	  .type_filter = TF_KERNEL_PANIC, .origin = O_NONE),
	R(G_ALWAYS, P_KERNEL_BUG, .new_type = "Kernel failure", .type_group = 1, .type_filter = TF_KASAN,
	  .origin = O_NONE),
	RS(G_ALWAYS, P_KASAN_TYPE_ADDRESS, s_address_0x, .new_type = "Kernel failure", .type_group = 1,
	   .address_group = 4, .type_filter = TF_KASAN, .origin = O_NONE),
	R(G_ALWAYS, P_KASAN_TYPE_RANGE, .new_type = "Kernel failure", .type_group = 1, .address_group = 3,
	  .type_filter = TF_KASAN, .origin = O_NONE),
	R(G_ALWAYS, P_KASAN_TYPE_FUNCTION, .new_type = "Kernel failure", .type_group = 1,
	  .type_filter = TF_KASAN, .origin = O_NONE),
	R(G_ALWAYS, P_KASAN_GPF, .new_type = "Kernel failure\nGeneral-protection-fault", .origin = O_NONE),

	/* extra sanitizers */
	R(G_ALWAYS, P_EXTRA_SHELL, .new_type = "Command injection", .origin = O_NONE),
	R(G_ALWAYS, P_EXTRA_FILE_OPEN, .new_type = "Arbitrary file open", .origin = O_NONE),
	R(G_ALWAYS, P_EXTRA_DNS, .new_type = "Arbitrary DNS resolution", .origin = O_NONE),
	R(G_ALWAYS, P_EXTRA_PYSECSAN, .new_type = "PySecSan", .origin = O_NONE),
	STEP(G_ALWAYS, s_kasan_details),
	RSTOP(G_ALWAYS, P_SAN_CHECK_FAILURE, s_sanitizer_check, .new_type = "Sanitizer CHECK failure",
	      .new_address = "", .set_frame_count = true, .new_frame_count = MAX_STATE_FRAMES,
	      .origin = O_NONE),
	RS(G_ALWAYS, P_SECURITY_CHECK, s_check_failure, .new_type = "Security CHECK failure", .reset = true,
	   .set_frame_count = true, .new_frame_count = 1, .origin = O_NONE),
	RS(G_ALWAYS, P_SECURITY_DCHECK, s_check_failure, .new_type = "Security DCHECK failure", .reset = true,
	   .set_frame_count = true, .new_frame_count = 1, .origin = O_NONE),

	/* fuzzing engines' limits, V8's sandbox */
	STEP(G_ALWAYS, s_engine_limit),
	R(G_ALWAYS, P_CENTIPEDE_STACK_LIMIT, .new_type = "Stack-overflow", .origin = O_NONE),
	R(G_ALWAYS, P_V8_SANDBOX_VIOLATION, .new_type = "V8 sandbox violation", .origin = O_NONE),

	/* signatures that start a crash but never replace one */
	R(G_BLOCK, P_CDB_STACK_OVERFLOW, .new_type = "Stack-overflow", .origin = O_NONE),
	R(G_BLOCK, P_CDB_CRASH_TYPE, .type_group = 1, .type_filter = TF_CDB, .origin = O_NONE),
	R(G_BLOCK, P_ASAN, .reset = true, .type_group = 2, .type_filter = TF_SANITIZER, .origin = O_LINE),
	R(G_BLOCK, P_HWASAN_TAIL_ADDRESS, .address_group = 1),
	R(G_BLOCK, P_GPU_FAILURE, .new_type = "GPU failure", .new_state = "", .reset = true, .origin = O_NONE),
	RS(G_BLOCK, P_JAZZER_SECURITY, s_found_java, .new_type = "Security exception"),
	RS(G_BLOCK, P_JAZZER_EXCEPTION, s_found_java, .new_type = "Uncaught exception"),
	RS(G_BLOCK, P_JAVA_UNCAUGHT, s_found_java, .new_type = "Uncaught exception"),
	RS(G_BLOCK, P_WYCHEPROOF, s_found_java_plain, .new_type = "Wycheproof error", .state_group = 1,
	   .origin = O_NONE),
	RS(G_BLOCK, P_ANDROID_FATAL_EXCEPTION, s_found_java_plain, .new_type = "Fatal Exception",
	   .reset = true, .origin = O_NONE),
	RS(G_BLOCK, P_GOOGLE_LOG_FATAL, s_check_failure, .new_type = "Fatal error", .reset = true,
	   .set_frame_count = true, .new_frame_count = 1, .origin = O_NONE),
	RS(G_BLOCK, P_CHROME_CHECK, s_check_failure, .new_type = "CHECK failure", .reset = true,
	   .set_frame_count = true, .new_frame_count = 1, .origin = O_NONE),
	RS(G_BLOCK, P_CHROME_DCHECK, s_check_failure, .new_type = "DCHECK failure", .reset = true,
	   .set_frame_count = true, .new_frame_count = 1, .origin = O_NONE),
	RS(G_BLOCK, P_GOOGLE_CHECK, s_check_failure, .new_type = "CHECK failure", .reset = true,
	   .set_frame_count = true, .new_frame_count = 1, .origin = O_NONE),
	RS(G_BLOCK, P_FATAL_ERROR, s_fatal_error, .new_type = "Fatal error", .reset = true, .origin = O_NONE),
	RS(G_BLOCK_GOLANG, P_GOLANG_FATAL_ERROR, s_message_is_state, .new_type = "Fatal error", .reset = true,
	   .origin = O_NONE),
	RS(G_BLOCK, P_V8_ABORT, s_v8_abort, .new_type = "ASSERT", .reset = true, .origin = O_NONE),
	RS(G_BLOCK, P_V8_ERROR, s_message_is_state, .new_type = "V8 API error", .reset = true, .origin = O_NONE),
	R(G_BLOCK, P_V8_CORRECTNESS_FAILURE, .new_type = "V8 correctness failure", .reset = true,
	  .origin = O_NONE),
	R(G_BLOCK, P_GENERIC_SEGV, .new_type = "UNKNOWN", .address_group = 1, .address_0x = true,
	  .reset = true, .origin = O_NONE),
	R(G_BLOCK, P_LIBFUZZER_DEADLY_SIGNAL, .new_type = "Fatal-signal", .reset = true, .origin = O_LINE),
	R(G_BLOCK, P_LIBFUZZER_EXITED, .new_type = "Unexpected-exit", .reset = true, .origin = O_LINE),
	R(G_BLOCK, P_LIBFUZZER_OVERWRITES_INPUT, .new_type = "Overwrites-const-input", .reset = true,
	  .origin = O_LINE),
	R(G_BLOCK, P_LIBRARY_NOT_FOUND_ANDROID, .new_type = "Missing-library", .state_group = 2,
	  .reset = true, .origin = O_NONE),
	R(G_BLOCK, P_LIBRARY_NOT_FOUND_LINUX, .new_type = "Missing-library", .state_group = 1,
	  .reset = true, .origin = O_NONE),
	R(G_BLOCK, P_SYMBOL_NOT_FOUND, .new_type = "Missing-library", .state_group = 2, .reset = true,
	  .origin = O_NONE),

	/* the lines after "# Fatal error in" */
	STEP(G_FATAL_ERROR, s_fatal_error_lines),
	R(G_ALWAYS, P_CDB_STACK_START, .new_state = "", .set_frame_count = true, .new_frame_count = 0),
	STEP(G_ALWAYS, s_state_stop),
};

/* ---- frames ---- */

/* Android kernel frames: the address of the first one is the crash's. */
static bool android_kernel_frame(struct ps *st, const char *line, size_t len)
{
	struct strbuf addr = STRBUF_INIT;
	int before = st->frame_count;

	if (!st_match(st, P_ANDROID_KERNEL_FRAME, line, len))
		return false;
	st_group_to(st, 1, &addr);
	add_frame(st, P_ANDROID_KERNEL_FRAME, line, len, 3, FK_PLAIN);
	st->found_android_kernel = true;
	if (st->frame_count == 1 && before == 0 && !st_near(st, A_KASAN)) {
		strbuf_reset(&st->address);
		strbuf_addf(&st->address, "0x%s", addr.buf);
	}
	strbuf_release(&addr);
	return true;
}

static bool java_frame(struct ps *st, const char *line, size_t len)
{
	static const char *const java_types[] = { "CHECK failure", "Fatal Exception",
						  "Uncaught exception", "Security exception", NULL };

	if (!st->found_java || !type_in(st, java_types))
		return false;
	add_frame(st, P_JAVA_EXCEPTION_FRAME, line, len, 1, FK_PLAIN);
	return true;	/* ClusterFuzz: a Java report takes no other frames */
}

/* Stack frames in every format, once a crash type is known; the first that matches. */
static void parse_frame_line(struct ps *st, const char *line, size_t len)
{
	if (add_frame(st, P_CDB_STACK_FRAME, line, len, 4, FK_PLAIN) ||
	    add_frame(st, P_SAN_STACK_FRAME, line, len, 3, FK_SAN) ||
	    add_frame(st, P_CHROME_STACK_FRAME, line, len, 4, FK_PLAIN) ||
	    add_frame(st, P_CHROME_MAC_STACK_FRAME, line, len, 6, FK_DEMANGLE) ||
	    add_frame(st, P_CHROME_WIN_STACK_FRAME, line, len, 1, FK_PLAIN) ||
	    java_frame(st, line, len) || android_kernel_frame(st, line, len) ||
	    add_frame(st, P_ANDROID_KERNEL_FRAME_NO_ADDR, line, len, 2, FK_PLAIN) ||
	    add_frame(st, P_V8_CORRECTNESS_METADATA, line, len, 1, FK_RAW))
		return;
	if (st_near(st, A_GO) && add_frame(st, P_GOLANG_STACK_FRAME, line, len, 1, FK_GOLANG))
		return;
	if (st->is_python && add_frame(st, P_PYTHON_STACK_FRAME, line, len, 3, FK_PLAIN))
		return;
	if (st_near(st, A_JS) && add_frame(st, P_JS_STACK_FRAME, line, len, 1, FK_PLAIN))
		return;
	if (st_near(st, A_TRUSTY) && add_frame(st, P_TRUSTY_STACK_FRAME, line, len, 4, FK_PLAIN))
		return;
	/* culprit: current Rust backtraces, TSan without addresses */
	if (st->rust && add_frame(st, P_RUST_FRAME, line, len, 1, FK_PLAIN))
		return;
	add_frame(st, P_TSAN_STACK_FRAME, line, len, 1, FK_PLAIN);
}

/* ---- one line ---- */

static bool should_ignore_line(struct ps *st, const char *line, size_t len)
{
	if (st->process_died || len > MAX_LINE)
		return true;
	/* culprit: a kernel console's lines belong to the kernel formats */
	if (len && line[0] == '[' && st_match(st, P_KERNEL_LINE, line, len) && !st_near(st, A_LKL))
		return true;
	if (has_any(line, len, ignored_line_markers))
		return true;
	return st_match(st, P_SAN_DEADLYSIGNAL, line, len);
}

/*
 * culprit: a plain Python traceback (not Atheris') lists frames outermost
 * first and names the exception last: collect the frames, then on the
 * exception line add them innermost first. True when the line was part of
 * a traceback.
 */
bool python_line(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	if (st->is_python)
		return false;	/* Atheris: ClusterFuzz's own rules */
	if (st_match(st, P_PYTHON_TRACEBACK, line, len)) {
		/* a new (or chained) traceback starts over */
		st_reset(st);
		strbuf_reset(&st->type);
		strbuf_reset(&st->py_frames);
		st->python = true;
		st->events++;
		return true;
	}
	if (!st->python)
		return false;
	st->events++;
	if (len && isspace((unsigned char)line[0])) {
		if (st_match(st, P_PYTHON_FRAME, line, len) && st_group(st, 3, &p, &n)) {
			/* as a sanitizer frame: "function file:line" */
			const char *f, *l;
			size_t fn, ln;

			strbuf_add(&st->py_frames, p, n);
			if (st_group(st, 1, &f, &fn) && st_group(st, 2, &l, &ln)) {
				strbuf_addch(&st->py_frames, ' ');
				strbuf_add(&st->py_frames, f, fn);
				strbuf_addch(&st->py_frames, ':');
				strbuf_add(&st->py_frames, l, ln);
			}
			strbuf_addch(&st->py_frames, '\n');
		}
		return true;	/* a frame, or its source line */
	}
	if (!len)
		return true;
	st->python = false;
	st_update_type(st, "Uncaught exception", 18);
	strbuf_reset(&st->tool);
	strbuf_addstr(&st->tool, "Python");
	strbuf_reset(&st->kind);
	n = strcspn(line, ": \t");
	strbuf_add(&st->kind, line, n < len ? n : len);
	/* innermost first, through the usual ignore rules */
	while (st->py_frames.len) {
		char *nl, *fr;
		struct strbuf one = STRBUF_INIT;

		strbuf_setlen(&st->py_frames, st->py_frames.len - 1);	/* its '\n' */
		nl = strrchr(st->py_frames.buf, '\n');
		fr = nl ? nl + 1 : st->py_frames.buf;
		strbuf_addf(&one, "    #0 0x0 in %s", fr);
		add_frame(st, P_SAN_STACK_FRAME, one.buf, one.len, 3, FK_PLAIN);
		strbuf_release(&one);
		strbuf_setlen(&st->py_frames, fr - st->py_frames.buf);
	}
	return true;
}

/* ClusterFuzz's signals that yield to the crash they end (an assert's abort()). */
static bool signal_after_crash(struct ps *st, const char *line, size_t len)
{
	if ((st_match(st, P_SAN_ABRT, line, len) || st_match(st, P_SAN_BREAKPOINT, line, len) ||
	     st_match(st, P_SAN_ILL, line, len) || st_match(st, P_SAN_TRAP, line, len)) &&
	    type_in(st, keep_on_signal_types)) {
		st->events++;
		return true;
	}
	return false;
}

/* One line of ClusterFuzz's StackParser.parse() loop. */
void parse_line(struct ps *st, const char *line, size_t len)
{
	static const char jni[] = "JNI DETECTED ERROR IN APPLICATION:";

	if (should_ignore_line(st, line, len) || python_line(st, line, len) ||
	    signal_after_crash(st, line, len))
		return;
	st->block_untyped = -1;
	for (size_t i = 0; i < ARRAY_SIZE(RULES); i++) {
		const struct rule *r = &RULES[i];
		bool stop;

		/* the cheap literal test first: guards may search the input */
		if (r->id != P__COUNT && !us_need_met(r->id, line, len))
			continue;
		if (!guard_ok(st, r->guard))
			continue;
		if (r->id == P__COUNT) {
			stop = r->step(st, line, len);
		} else {
			if (!upd_match(st, r->id, line, len, &r->u))
				continue;
			stop = r->step && r->step(st, line, len);
			stop = stop || r->stop;
		}
		if (stop)
			return;
	}
	/* no frames before a crash type; a cut last line would name a cut function */
	if (!st->type.len || st->partial_line)
		return;
	if (has(st->state.buf, st->state.len, jni) && has(line, len, "/art/runtime/"))
		return;
	parse_frame_line(st, line, len);
}
