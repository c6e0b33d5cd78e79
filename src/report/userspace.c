// SPDX-License-Identifier: Apache-2.0
/*
 * User-space crash formats: sanitizers, libFuzzer, assertions, CHECK
 * failures, Go and Rust panics, Java exceptions, Python tracebacks, gdb.
 *
 * crash_type and crash_state follow ClusterFuzz's stack analyzer
 * (google/clusterfuzz, src/clusterfuzz/stacktraces/, Apache-2.0): the same
 * line-by-line state machine and the same pattern and frame-ignore rules,
 * re-expressed here as one table (PATTERNS) and one ignore list
 * (FRAME_IGNORE). Kernel, Windows cdb, Mac, Android kernel and Atheris
 * rules are left out: the kernel half of src/report/ owns kernel output,
 * and the others do not occur in the consoles culprit reads. Added for
 * generic repos: current Rust panics, plain JVM exceptions and Python
 * tracebacks, modern TSan frames, and the title/type/frame naming of
 * userspace.h.
 *
 * Driving (report_parse_userspace() at the end): TRIGGERS are found in one
 * pass over the input (a byte-pair table); from each trigger line, lines go
 * through parse_line() until the report ends (a SUMMARY line, the next
 * sanitizer report, or IDLE_LINES lines without effect), then the state
 * becomes one struct crash_report. Each PATTERN names literals that must be
 * in a line before its regex runs, so ordinary lines cost a few memmem()s.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>


#include "userspace.h"
#include "util/regex.h"
#include "util/strbuf.h"
#include "util/util.h"

#define MAX_STATE_FRAMES 3	/* frames in crash_state */
#define LINE_LENGTH_CAP 80	/* characters per crash_state line */
#define MAX_CYCLE_LENGTH 10	/* stack-overflow recursion detection */
#define REPEATED_CYCLE_COUNT 3
#define MAX_RAW_FRAMES 1024	/* frames kept for cycle detection */
#define MAX_LINE (1024 * 1024)	/* longer lines are ignored */
#define IDLE_LINES 256		/* a report ends after this many silent lines */
#define SETTLED_LINES 4096	/* ... or this many once its state is complete */
#define GOLANG_WINDOW (4u << 20)	/* Go frames are looked for this far */
#define NULL_DEREF_BOUNDARY 0x1000
#define TITLE_MAX 120

/* ------------------------------------------------------------------ */
/* The pattern table.                                                   */

enum pat {
	/* assertions */
	P_ASSERT,
	P_ASSERT_GLIBC,
	P_ASSERT_GLIBC_SUFFIXED,
	P_RUST_ASSERT,
	P_ASSERT_NOT_REACHED,
	P_ASSERT_GLIBC_FUNCTION,
	P_RUST_PANIC,
	P_RUST_FRAME,
	/* gdb */
	P_GDB_CRASH_TYPE,
	P_GDB_CRASH_ADDRESS,
	P_GDB_CRASH_ADDRESS_NO_REGS,
	/* sanitizers */
	P_MSAN_TSAN,
	P_LSAN_DIRECT,
	P_LSAN_INDIRECT,
	P_UBSAN_VPTR,
	P_UBSAN_VPTR_INVALID_DOWNCAST,
	P_CFI_INVALID_DOWNCAST,
	P_UBSAN_VPTR_INVALID_VPTR,
	P_CFI_INVALID_VPTR,
	P_CFI_FUNC_DEFINED_HERE,
	P_UBSAN_VPTR_INVALID_OFFSET,
	P_CFI_ERROR,
	P_CFI_NODEBUG,
	P_GOLANG_DIV_ZERO,
	P_GOLANG_INDEX_OOR,
	P_GOLANG_INVALID_ADDR,
	P_GOLANG_MAKESLICE,
	P_GOLANG_SLICE_BOUNDS,
	P_GOLANG_STACK_OVERFLOW,
	P_UBSAN_RUNTIME_ERROR,
	P_UBSAN_DIV_ZERO,	/* UBSan reasons: first match wins, in order */
	P_UBSAN_FLOAT_CAST,
	P_UBSAN_IMPLICIT_CONV,
	P_UBSAN_BAD_FUNC_PTR,
	P_UBSAN_INDEX_OOB,
	P_UBSAN_INVALID_BOOL,
	P_UBSAN_INVALID_BUILTIN,
	P_UBSAN_MISALIGNED,
	P_UBSAN_NO_RETURN,
	P_UBSAN_NULL_ARG,
	P_UBSAN_NULL_READ,
	P_UBSAN_NULL_REF,
	P_UBSAN_NULL_WRITE,
	P_UBSAN_OBJECT_SIZE,
	P_UBSAN_PTR_OVERFLOW,
	P_UBSAN_NONNULL_RETURN,
	P_UBSAN_SHIFT,
	P_UBSAN_UNREACHABLE,
	P_UBSAN_UNSIGNED_OVERFLOW,
	P_UBSAN_VLA_BOUND,
	P_UBSAN_ASSUMPTION,
	P_UBSAN_INVALID_ENUM,
	P_UBSAN_INT_OVERFLOW,	/* last UBSan reason */
	P_ASAN_MEMCPY_OVERLAP,
	P_SAN_SEGV,
	P_ASAN_INVALID_FREE,
	P_ASAN_DOUBLE_FREE,
	P_SAN_FPE,
	P_SAN_ADDR,
	P_WINDOWS_SAN_ILL,
	P_SAN_SEGV_CRASH_TYPE,
	P_SAN_CRASH_TYPE_ADDRESS,
	P_ANDROID_SEGV,
	P_ANDROID_ABORT,
	P_EXTRA_SHELL,
	P_EXTRA_FILE_OPEN,
	P_EXTRA_DNS,
	P_EXTRA_PYSECSAN,
	P_SAN_CHECK_FAILURE,
	P_SECURITY_CHECK,
	P_SECURITY_DCHECK,
	P_LIBFUZZER_TIMEOUT,
	P_CENTIPEDE_TIMEOUT,
	P_OUT_OF_MEMORY,
	P_ASAN,
	P_HWASAN_TAIL_ADDRESS,
	P_GPU_FAILURE,
	P_JAZZER_SECURITY,
	P_JAZZER_EXCEPTION,
	P_JAVA_UNCAUGHT,
	P_JAVA_EXCEPTION_CLASS,
	P_PYTHON_TRACEBACK,
	P_PYTHON_FRAME,
	P_ANDROID_FATAL_EXCEPTION,
	P_GOOGLE_LOG_FATAL,
	P_CHROME_CHECK,
	P_GOOGLE_CHECK,
	P_FATAL_ERROR,
	P_GOLANG_FATAL_ERROR,
	P_V8_ABORT,
	P_V8_ABORT_METADATA,
	P_V8_ERROR,
	P_GENERIC_SEGV,
	P_LIBFUZZER_DEADLY_SIGNAL,
	P_LIBFUZZER_EXITED,
	P_LIBFUZZER_OVERWRITES_INPUT,
	P_LIBRARY_NOT_FOUND_ANDROID,
	P_LIBRARY_NOT_FOUND_LINUX,
	P_FATAL_ERROR_LINE,
	P_FATAL_ERROR_DCHECK,
	P_FATAL_ERROR_CHECK,
	P_FATAL_ERROR_GENERIC,
	P_FATAL_ERROR_UNREACHABLE,
	/* signals that only matter after a more specific crash */
	P_SAN_DEADLYSIGNAL,
	P_SAN_ABRT,
	P_SAN_BREAKPOINT,
	P_SAN_ILL,
	P_SAN_TRAP,
	/* stack frames */
	P_SAN_STACK_FRAME,
	P_CHROME_STACK_FRAME,
	P_CHROME_WIN_STACK_FRAME,
	P_TSAN_STACK_FRAME,
	P_JAVA_EXCEPTION_FRAME,
	P_GOLANG_STACK_FRAME,
	P_STRIP_IN,
	P_STRIP_PARENS,
	/* clean-up of crash states */
	P_FIX_FAILED_VS,
	P_FIX_PAREN_VS,
	P_FIX_QUOTED_VALUE,
	P_STATE_OFFSET,
	P_STATE_ADDRESS,
	P_STATE_NUMBER,
	P_ACCESS_SIZE,
	P_REPORT_HEADER,
	P_SIGNAL_HEADER,
	P_KERNEL_LINE,
	/* built at start-up from FRAME_IGNORE[] */
	P_FRAME_IGNORE,		/* the rules anchored at the start */
	P_FRAME_IGNORE_ANYWHERE,	/* the ".*" rules, searched unanchored */
	P_FRAME_IGNORE_SYMBOLIZED,
	P__COUNT
};

#define A PCRE2_ANCHORED	/* Python re.match(): anchored at the start */
#define I PCRE2_CASELESS

/*
 * `need`: literals separated by '|', one of which must be in the subject
 * for the regex to be tried (compared without case with PCRE2_CASELESS):
 * it keeps the backtracking of ".*"-led patterns off ordinary lines.
 */
static const struct pattern {
	enum pat id;
	unsigned flags;
	const char *re;
	const char *need;
	const char *type;	/* the crash type it names, for Go and UBSan reasons */
} PATTERNS[] = {
	{ P_ASSERT, A | I, "(?:\\[.*?\\]|.*\\.(?:c|cc|cpp|cxx|h|hh|hpp|hxx):.*)?"
		"\\s*(?:ASSERT(?:ION)? FAIL(?:URE|ED)|panic): (.*)",
	  "panic: |assert" },
	{ P_ASSERT_GLIBC, A | I, ".*:\\s*assertion [`'\"]?(.*?)[`'\"]? failed\\.?$",
	  "assertion" },
	{ P_ASSERT_GLIBC_SUFFIXED, A, ".*\\S.*\\/.*:\\d+:\\s*assertion .* failed:\\s*(\\S.*)",
	  "assertion " },
	{ P_RUST_ASSERT, A | I, "thread\\s.*\\spanicked at '([^']*)",
	  "panicked at" },
	{ P_ASSERT_NOT_REACHED, A, "\\s*SHOULD NEVER BE REACHED\\s*$" },
	/* Rust >= 1.73: "thread 'main' (12) panicked at src/x.rs:5:5:", message below */
	{ P_RUST_PANIC, A, "thread '[^']*'(?: \\(\\d+\\))? panicked at ([^ ]+?):\\d+:\\d+:\\s*$",
	  "panicked at" },
	{ P_RUST_FRAME, A, "\\s*\\d+: (\\S.*)$" },
	/* glibc: "prog: file.c:12: func: Assertion `x' failed." names the function */
	{ P_ASSERT_GLIBC_FUNCTION, A, ".*?:\\d+: ([^:]+): Assertion [`'\"]",
	  ": Assertion " },

	{ P_GDB_CRASH_TYPE, A, "Program received signal ([a-zA-Z]+)," },
	{ P_GDB_CRASH_ADDRESS, A, "rip[ ]+([xX0-9a-fA-F]+)" },
	{ P_GDB_CRASH_ADDRESS_NO_REGS, A, "(0[xX][0-9a-fA-F]+)\\s+in\\s+" },

	{ P_MSAN_TSAN, A, ".*(ThreadSanitizer|MemorySanitizer):\\s+(?!ABRT)(?!ILL)([^(:]+)",
	  "Sanitizer:" },
	{ P_LSAN_DIRECT, A, "Direct leak of " },
	{ P_LSAN_INDIRECT, A, "Indirect leak of " },
	{ P_UBSAN_VPTR, A, "(.*): runtime error: (member access within|member call on|downcast of)"
		" address ([xX0-9a-fA-F]+) .* of type (.*)",
	  "runtime error: " },
	{ P_UBSAN_VPTR_INVALID_DOWNCAST, A, ".*note: object is of type (.*)",
	  "note: object is of type" },
	{ P_CFI_INVALID_DOWNCAST, A, ".*note: vtable is of type (.*)",
	  "note: vtable is of type" },
	{ P_UBSAN_VPTR_INVALID_VPTR, A, ".*note: object has invalid vptr",
	  "note: object has invalid vptr" },
	{ P_CFI_INVALID_VPTR, A, ".*note: invalid vtable$",
	  "note: invalid vtable" },
	{ P_CFI_FUNC_DEFINED_HERE, A, ".*note: .* defined here$",
	  "note: " },
	{ P_UBSAN_VPTR_INVALID_OFFSET, A, ".*at offset (\\d+) within object of type (.*)",
	  " within object of type " },
	{ P_CFI_ERROR, A, "(.*): runtime error: control flow integrity check for type (.*) "
		"failed during (.*vtable address ([xX0-9a-fA-F]+)|.*)",
	  "runtime error: control flow integrity" },
	{ P_CFI_NODEBUG, A, "CFI: Most likely a control flow integrity violation;.*" },

	{ P_GOLANG_DIV_ZERO, A, "panic: runtime error: integer divide by zero", NULL,
	  "Integer divide by zero" },
	{ P_GOLANG_INDEX_OOR, A, "panic: runtime error: index out of range", NULL,
	  "Index out of range" },
	{ P_GOLANG_INVALID_ADDR, A, "panic: runtime error: invalid memory address", NULL,
	  "Invalid memory address" },
	{ P_GOLANG_MAKESLICE, A, "panic: runtime error: makeslice: len out of range", NULL,
	  "Makeslice: len out of range" },
	{ P_GOLANG_SLICE_BOUNDS, A, "panic: runtime error: slice bounds out of range", NULL,
	  "Slice bounds out of range" },
	{ P_GOLANG_STACK_OVERFLOW, A, "fatal error: stack overflow", NULL,
	  "Stack overflow" },

	{ P_UBSAN_RUNTIME_ERROR, A, "(.*): runtime error: (.*)",
	  ": runtime error: " },
	{ P_UBSAN_DIV_ZERO, A, ".*division by zero", NULL,
	  "Divide-by-zero" },
	{ P_UBSAN_FLOAT_CAST, A, ".*outside the range of representable values", NULL,
	  "Float-cast-overflow" },
	{ P_UBSAN_IMPLICIT_CONV, A, ".*implicit conversion from type", NULL,
	  "Implicit-conversion" },
	{ P_UBSAN_BAD_FUNC_PTR, A, ".*call to function [^\\s]+ through pointer to incorrect function type", NULL,
	  "Incorrect-function-pointer-type" },
	{ P_UBSAN_INDEX_OOB, A, ".*out of bounds for type", NULL,
	  "Index-out-of-bounds" },
	{ P_UBSAN_INVALID_BOOL, A, ".*not a valid value for type '(bool|BOOL)'", NULL,
	  "Invalid-bool-value" },
	{ P_UBSAN_INVALID_BUILTIN, A, ".*, which is not a valid argument", NULL,
	  "Invalid-builtin-use" },
	{ P_UBSAN_MISALIGNED, A, ".*misaligned address", NULL,
	  "Misaligned-address" },
	{ P_UBSAN_NO_RETURN, A, ".*reached the end of a value-returning function", NULL,
	  "No-return-value" },
	{ P_UBSAN_NULL_ARG, A, ".*null pointer passed as .*, which is declared to never be null", NULL,
	  "Invalid-null-argument" },
	{ P_UBSAN_NULL_READ, A, ".*load of null pointer", NULL,
	  "Null-dereference READ" },
	{ P_UBSAN_NULL_REF, A, ".*(binding to|access within|call on) null pointer", NULL,
	  "Null-dereference" },
	{ P_UBSAN_NULL_WRITE, A, ".*store to null pointer", NULL,
	  "Null-dereference WRITE" },
	{ P_UBSAN_OBJECT_SIZE, A, ".*address .* with insufficient space for an object of type", NULL,
	  "Object-size" },
	{ P_UBSAN_PTR_OVERFLOW, A, ".*((addition|subtraction) of unsigned offset |"
		"pointer index expression with base |"
		"applying non-zero offset [0-9]+ to null pointer|"
		"applying zero offset to null pointer)", NULL,
	  "Pointer-overflow" },
	{ P_UBSAN_NONNULL_RETURN, A, ".*null pointer returned from function declared to never return null", NULL,
	  "Invalid-null-return" },
	{ P_UBSAN_SHIFT, A, ".*shift", NULL,
	  "Undefined-shift" },
	{ P_UBSAN_UNREACHABLE, A, ".*execution reached an unreachable program point", NULL,
	  "Unreachable code" },
	{ P_UBSAN_UNSIGNED_OVERFLOW, A, ".*unsigned integer overflow", NULL,
	  "Unsigned-integer-overflow" },
	{ P_UBSAN_VLA_BOUND, A, ".*variable length array bound evaluates to non-positive value", NULL,
	  "Non-positive-vla-bound-value" },
	{ P_UBSAN_ASSUMPTION, A, ".*assumption is violated", NULL,
	  "Assumption-violation" },
	{ P_UBSAN_INVALID_ENUM, A, ".*not a valid value for type", NULL,
	  "Invalid-enum-value" },
	{ P_UBSAN_INT_OVERFLOW, A, ".*(integer overflow|(negation|division) of.*cannot be represented in type)", NULL,
	  "Integer-overflow" },

	{ P_ASAN_MEMCPY_OVERLAP, A, ".*(AddressSanitizer).*memcpy-param-overlap[^\\[]*([\\[].*[)])",
	  "memcpy-param-overlap" },
	{ P_SAN_SEGV, A, ".*([a-zA-Z]+Sanitizer).*(SEGV|access-violation) on unknown address ([xX0-9a-fA-F]+)",
	  " on unknown address " },
	{ P_ASAN_INVALID_FREE, A, ".*AddressSanitizer: attempting free on address which was not"
		" malloc\\(\\)-ed: ([xX0-9a-fA-F]+)",
	  "attempting free on address" },
	{ P_ASAN_DOUBLE_FREE, A, ".*(AddressSanitizer).*double-free on (unknown address |address |)([xX0-9a-fA-F]+)",
	  "double-free" },
	{ P_SAN_FPE, A, ".*[a-zA-Z]+Sanitizer: FPE ",
	  "Sanitizer: FPE " },
	{ P_SAN_ADDR, A, ".*(ERROR: [a-zA-Z]+Sanitizer)[: ]*(.*) on (unknown address |address |)([xX0-9a-fA-F]+)",
	  "Sanitizer" },
	{ P_WINDOWS_SAN_ILL, A, ".*[a-zA-Z]+Sanitizer: illegal-instruction",
	  "Sanitizer: illegal-instruction" },
	{ P_SAN_SEGV_CRASH_TYPE, A, ".*The signal is caused by a ([A-Z]+) memory access.",
	  "The signal is caused by a " },
	{ P_SAN_CRASH_TYPE_ADDRESS, A, "[ ]*([^ ]*|Atomic [^ ]*) of size ([^ ]*) at ([^ ]*)",
	  " of size " },
	{ P_ANDROID_SEGV, A, ".*signal.*\\(SIG.*fault addr ([^ ]*)(.*)",
	  "fault addr" },
	{ P_ANDROID_ABORT, A, "Abort message: (.*)" },
	{ P_EXTRA_SHELL, A, "===BUG DETECTED: Shell (corruption|injection)===" },
	{ P_EXTRA_FILE_OPEN, A, "===BUG DETECTED: Arbitrary file open===" },
	{ P_EXTRA_DNS, A, "===BUG DETECTED: Arbitrary domain name resolution===" },
	{ P_EXTRA_PYSECSAN, A, "===BUG DETECTED: PySecSan:" },
	{ P_SAN_CHECK_FAILURE, A, ".*Sanitizer CHECK failed[:]\\s*[^ ]*\\s*(.*)",
	  "Sanitizer CHECK failed" },
	{ P_SECURITY_CHECK, A, ".*\\[[^\\]]*[:]([^\\](]*).*\\].*Security CHECK failed[:]\\s*(.*)\\.\\s*",
	  "Security CHECK failed" },
	{ P_SECURITY_DCHECK, A, ".*\\[[^\\]]*[:]([^\\](]*).*\\].*Security DCHECK failed[:]\\s*(.*)\\.\\s*",
	  "Security DCHECK failed" },
	{ P_LIBFUZZER_TIMEOUT, A, ".*ERROR:\\s*libFuzzer:\\s*timeout",
	  "libFuzzer" },
	{ P_CENTIPEDE_TIMEOUT, A, "========= Per-input timeout exceeded:" },
	{ P_OUT_OF_MEMORY, A, ".*(?:# Allocation failed.*out of memory|::OnNoMemory"
		"|ERROR.*Sanitizer failed to allocate|FatalProcessOutOfMemory"
		"|Fatal (?:process|JavaScript) out of memory:|Fatal JavaScript invalid size error"
		"|FX_OutOfMemoryTerminate|Out of memory\\. Dying.|Out of memory\\. size="
		"|Sanitizer: allocation-size-too-big|Sanitizer: calloc-overflow"
		"|Sanitizer: calloc parameters overflow"
		"|Sanitizer: requested allocation size.*exceeds maximum supported size"
		"|Sanitizer: out of memory|TerminateBecauseOutOfMemory"
		"|allocator is out of memory trying to allocate|blinkGCOutOfMemory"
		"|couldnt allocate.*Out of memory|libFuzzer: out-of-memory \\("
		"|rss limit exhausted|in rust_oom|========= RSS limit exceeded:)",
	  "ut of memory|OutOfMemory|OnNoMemory|failed to allocate|invalid size error|allocation-size-too-big|calloc-overflow|calloc parameters overflow|requested allocation size|rss limit exhausted|rust_oom|RSS limit exceeded|out-of-memory (" },
	{ P_ASAN, A, ".*ERROR: (HWAddressSanitizer|AddressSanitizer)[: ]*[ ]*([^(:;]+)",
	  "Sanitizer" },
	{ P_HWASAN_TAIL_ADDRESS, A, ".*ERROR: HWAddressSanitizer: allocation-tail-overwritten; "
		"heap object \\[([xX0-9a-fA-F]+),.*of size",
	  "allocation-tail-overwritten" },
	{ P_GPU_FAILURE, A, ".*GPU process exited unexpectedly",
	  "GPU process exited unexpectedly" },
	{ P_JAZZER_SECURITY, A, "== Java Exception: .*FuzzerSecurityIssue",
	  "FuzzerSecurityIssue" },
	{ P_JAZZER_EXCEPTION, A, "== Java Exception: " },
	/* a plain JVM: 'Exception in thread "main" java.lang.Foo: message' */
	{ P_JAVA_UNCAUGHT, A, "Exception in thread \"[^\"]*\" " },
	{ P_JAVA_EXCEPTION_CLASS, A, "(?:== Java Exception: |Exception in thread \"[^\"]*\" )"
		"([^\\s:]+)" },
	/* Python: frames, outermost first, then "ValueError: message" */
	{ P_PYTHON_TRACEBACK, A, "Traceback \\(most recent call last\\):" },
	{ P_PYTHON_FRAME, A, "\\s+File \"([^\"]*)\", line (\\d+), in (.+)$" },
	{ P_ANDROID_FATAL_EXCEPTION, A, ".*FATAL EXCEPTION.*:",
	  "FATAL EXCEPTION" },
	{ P_GOOGLE_LOG_FATAL, A, "F\\d{4}\\s+\\d{2}:\\d{2}:\\d{2}\\.\\d+\\s+\\d+\\s+(.*):\\d+\\]\\s*(.*)",
	  "]" },
	{ P_CHROME_CHECK, A, "\\s*\\[[^\\]]*[:]([^\\](]*).*\\].*Check failed[:]\\s*(.*)",
	  "Check failed" },
	{ P_GOOGLE_CHECK, A, "F\\d{4}\\s+\\d{2}:\\d{2}:\\d{2}\\.\\d+\\s+\\d+\\s+(.*):\\d+\\]"
		"\\s*Check failed[:]\\s*(.*)",
	  "Check failed" },
	{ P_FATAL_ERROR, A, "#\\s*Fatal error in (.*)" },
	{ P_GOLANG_FATAL_ERROR, A, "fatal error: (.*)" },
	{ P_V8_ABORT, A, "abort: (CSA_ASSERT failed:.*)" },
	{ P_V8_ABORT_METADATA, A, "(.*) \\[(.*):\\d+\\]$" },
	{ P_V8_ERROR, A, "\\s*\\[[^\\]]*\\] V8 error: (.+)\\.$" },
	{ P_GENERIC_SEGV, A, "Received signal 11 SEGV_[A-Z]+ ([0-9a-f]*)" },
	{ P_LIBFUZZER_DEADLY_SIGNAL, A, ".*ERROR:\\s*libFuzzer:\\s*deadly signal",
	  "libFuzzer" },
	{ P_LIBFUZZER_EXITED, A, ".*ERROR:\\s*libFuzzer:\\s*fuzz target exited",
	  "libFuzzer" },
	{ P_LIBFUZZER_OVERWRITES_INPUT, A, ".*ERROR:\\s*libFuzzer:\\s*fuzz target overwrites its const input",
	  "libFuzzer" },
	{ P_LIBRARY_NOT_FOUND_ANDROID, A, ".*: library ([`'\"])(.*)\\1 not found",
	  " not found" },
	{ P_LIBRARY_NOT_FOUND_LINUX, A, ".*error while loading shared libraries: ([^:]*): "
		"cannot open shared object file",
	  "error while loading shared libraries" },
	{ P_FATAL_ERROR_LINE, A, "#\\s*Fatal error in (.*), line [0-9]+" },
	{ P_FATAL_ERROR_DCHECK, A, "#\\s+(Debug check failed: )(.*)" },
	{ P_FATAL_ERROR_CHECK, A, "#\\s+(Check failed: |RepresentationChangerError: node #\\d+:)(.*)" },
	{ P_FATAL_ERROR_GENERIC, A, "#\\s+()(.*)" },
	{ P_FATAL_ERROR_UNREACHABLE, A, "# un(reachable|implemented) code" },

	{ P_SAN_DEADLYSIGNAL, A, "(Address|Leak|Memory|UndefinedBehavior|Thread)Sanitizer:DEADLYSIGNAL" },
	{ P_SAN_ABRT, A, ".*[a-zA-Z]+Sanitizer: ABRT ",
	  "Sanitizer: ABRT " },
	{ P_SAN_BREAKPOINT, A, ".*[a-zA-Z]+Sanitizer: breakpoint ",
	  "Sanitizer: breakpoint " },
	{ P_SAN_ILL, A, ".*[a-zA-Z]+Sanitizer: ILL ",
	  "Sanitizer: ILL " },
	{ P_SAN_TRAP, A, ".*[a-zA-Z]+Sanitizer: TRAP ",
	  "Sanitizer: TRAP " },

	/*
	 * "#N 0xADDR in func file:line:col" and its variants; group 3 is the
	 * frame, function (7, 5, 23), file (12, 16), module offset (21, 32).
	 */
	{ P_SAN_STACK_FRAME, A, "\\s*#(?P<frame_id>\\d+)\\s+([xX0-9a-fA-F]+)\\s+"
		"((in\\s*(((.*)\\+([xX0-9a-fA-F]+))|(.*)) "
		"((([^ ]+):(\\d+):(\\d+))|(([^ ]+):(\\d+))"
		"|(\\(([^+]+)(\\+([xX0-9a-fA-F]+))?\\))))"
		"|(in\\s*(((.*)\\+([xX0-9a-fA-F]+))|(.*)))"
		"|(\\((((.*)\\+([xX0-9a-fA-F]+))|(.*))\\)))" },
	{ P_CHROME_STACK_FRAME, A, "[ ]*(#(?P<frame_id>[0-9]+)[ ]([xX0-9a-fA-F]+)[ ])([^/\\\\]+)$" },
	{ P_CHROME_WIN_STACK_FRAME, A, "[ ]*([^/\\\\]+) \\[([xX0-9a-fA-F]+)\\+(\\d+)\\]( \\((.*):(\\d+)\\))?",
	  " [" },
	/* TSan: "#N func file:line (module+0xoff)", no address */
	{ P_TSAN_STACK_FRAME, A, "\\s*#\\d+\\s+(?!0x)(.+) \\([^ ()]+\\+0x[0-9a-fA-F]+\\)$" },
	{ P_JAVA_EXCEPTION_FRAME, A, "\\s*at (.*)\\(.*\\)" },
	{ P_GOLANG_STACK_FRAME, A, "([0-9a-zA-Z\\.\\-\\_\\\\\\/\\(\\)\\*]+)\\([x0-9a-f\\s,\\.{}]*\\)$" },
	{ P_STRIP_IN, A, "in (.*)" },
	{ P_STRIP_PARENS, A, "\\((.*)\\)$" },

	{ P_FIX_FAILED_VS, 0, "(?<=failed): .*\\svs\\.\\s.*$" },
	{ P_FIX_PAREN_VS, 0, " \\(.*\\s+vs\\.\\s+.*" },
	{ P_FIX_QUOTED_VALUE, 0, "\\s*[:=]\\s*(['\"]).*\\1$" },
	{ P_STATE_OFFSET, 0, "\\+0x[0-9a-fA-F]+\\n" },
	{ P_STATE_ADDRESS, 0, "0x[a-fA-F0-9]{4,}[U]*" },
	{ P_STATE_NUMBER, 0, "(?<![:0-9.])(?:[0-9.]{4,}|(?<=[@#])[0-9]+)(?![A-Za-z0-9.])" },
	{ P_ACCESS_SIZE, A | PCRE2_DOTALL, "([^0-9]+)([0-9]+)" },
	/* ... on a signal: an assertion's or a panic's abort() looks like this */
	{ P_SIGNAL_HEADER, A, ".*Sanitizer: (?:ABRT|SEGV|ILL|TRAP|BUS|FPE|breakpoint|"
		"illegal-instruction) ", "Sanitizer: " },
	/* printk timestamps: kernel lines belong to the kernel formats */
	{ P_KERNEL_LINE, A, "\\[\\s*\\d+\\.\\d+\\]", "[" },
	/* a sanitizer report that starts a new crash */
	{ P_REPORT_HEADER, A, ".*(?:(?:ERROR|WARNING): [A-Za-z]+Sanitizer: |: runtime error: )",
	  "Sanitizer: |: runtime error: " },
};

/*
 * Frames that never name the guilty function: sanitizer runtimes, libc,
 * allocators, logging and crash helpers, fuzzing engines and harnesses,
 * language runtimes. Anchored at the start of "function file:line".
 * A leading '~' marks "soft" rules: such a frame (main) still names the
 * report when nothing better is left.
 */
static const char *const FRAME_IGNORE[] = {
	/* exact function names */
	"abort$", "exit$", "pthread_create$", "pthread_kill$", "raise$", "tgkill$",
	"__chk_fail$", "__fortify_fail$",
	/* prefixes */
	"(|__)aeabi_", "(|__)memcmp", "(|__)memcpy", "(|__)memmove", "(|__)memset",
	"(|__)strcmp", "(|__)strcpy", "(|__)strdup", "(|__)strlen", "(|__)strncpy",
	"<null>", "Abort\\(", "CFCrash", "ExitCallback", "IsSandboxedProcess",
	"LLVMFuzzerTestOneInput", "MSanAtExitWrapper", "New", "RaiseException",
	"SbSystemBreakIntoDebugger", "SignalAction", "SignalHandler", "TestOneProtoInput",
	"WTF::", "WTFCrash", "X11Error", "_L_unlock_", "_\\$LT\\$", "__GI_", "__asan::",
	"__asan_", "__assert_", "__cxa_atexit", "__cxa_rethrow", "__cxa_throw",
	"__dump_stack", "__hwasan::", "__hwasan_", "__interceptor_", "__kasan_",
	"__libc_", "__lsan::", "__lsan_", "__msan::", "__msan_", "__pthread_kill",
	"__run_exit_handlers", "__rust_try", "__sanitizer::", "__sanitizer_", "__tsan::",
	"__tsan_", "__ubsan::", "__ubsan_", "_asan_", "_hwasan_", "_lsan_", "_msan_",
	"_objc_terminate", "_sanitizer_", "_start", "_tsan_", "_ubsan_", "abort",
	"alloc::", "android\\.app\\.ActivityManagerProxy\\.", "android\\.os\\.Parcel\\.",
	"art::Thread::CreateNativeThread", "asan_", "asan\\.module_ctor",
	"asan\\.module_dtor", "calloc", "check_memory_region", "common_exit",
	"core::fmt::write", "delete", "demangling_terminate_handler", "dump_backtrace",
	"dump_stack", "exit_or_terminate_process", "fpehandler\\(", "free", "fuzzer::",
	"g_log", "generic_cpp_", "gsignal", "kasan_", "libfuzzer_sys::initialize",
	"~main", "malloc", "mozalloc_", "new", "object_err", "operator", "panic_abort::",
	"print_trailer", "realloc", "rust_begin_unwind", "rust_fuzzer_test_input",
	"rust_oom", "rust_panic", "scanf", "show_stack", "std::__terminate",
	"std::io::Write::write_fmt", "std::panic", "std::process::abort",
	"std::sys::unix::abort", "std::sys_common::backtrace", "__rust_start_panic",
	"__scrt_common_main_seh", "libgcc_s.so.*",
	/* googletest, centipede and skia crash helpers */
	"testing::", "centipede::", ".*/googletest/", "SkAbort_FileLine", "SkMutex::",
	/* contains */
	".*ASAN_OnSIGSEGV", ".*BaseThreadInitThunk", ".*DebugBreak", ".*DefaultDcheckHandler",
	".*ForceCrashOnSigAbort", ".*MemoryProtection::CMemoryProtector", ".*PartitionAlloc",
	".*RtlFreeHeap", ".*RtlInitializeExceptionChain", ".*RtlReportCriticalFailure",
	".*RtlUserThreadStart", ".*RtlpHeapHandleError", ".*RtlpLogHeapFailure",
	".*SkDebugf", ".*StackDumpSignalHandler", ".*__android_log_assert",
	".*__tmainCRTStartup", ".*_asan_rtl_", ".*agent::asan::", ".*allocator_shim",
	".*asan_Heap", ".*asan_check_access", ".*asan_osx_dynamic\\.dylib", ".*assert",
	".*base::FuzzedDataProvider", ".*base::allocator", ".*base::android::CheckException",
	".*base::debug::BreakDebugger", ".*base::debug::CollectStackTrace",
	".*base::debug::StackTrace::StackTrace", ".*ieee754\\-", ".*libpthread", ".*logger",
	".*logging::CheckError", ".*logging::ErrnoLogMessage", ".*logging::LogMessage",
	".*stdext::exception::what", ".*v8::base::OS::Abort",
	/* file paths */
	".* base/callback", ".* /rust(|c)/", ".*/AOSP\\-toolchain/", ".*/bindings/ToV8\\.h",
	".*/crosstool/", ".*/gcc/", ".*/glibc\\-", ".*/jemalloc/", ".*/libc\\+\\+",
	".*/libc/", ".*/llvm\\-build/", ".*/minkernel/crts/", ".*/sanitizer_common/",
	".*/tcmalloc/", ".*/vc/include/", ".*/vctools/crt/", ".*/win_toolchain/",
	".*libc\\+\\+/", "c:/clusterfuzz/bot/build", ".*/memorycmp\\.c",
	/* others */
	".*\\+Unknown", ".*<unknown module>", ".*Inline Function @", "<unknown>$",
	"\\[vdso\\]$", "linux-gate.so.*$",
	/* Go */
	"panic$", "runtime\\.",
	/* Fuchsia */
	"CrashTrampolineAsm", "libc_io_functions_not_implemented_use_fdio_instead",
	"<libclang_rt.asan.so>", "__zx_panic", "syslog::LogMessage",
	"print_address_description", "_etext",
	/* Rust standard library on the way to a panic */
	"__rustc::", "core::panicking::", "core::result::unwrap_failed",
	"core::option::unwrap_failed", "core::option::expect_failed",
	"core::result::Result<.*>::(?:expect|unwrap)", "core::option::Option<.*>::(?:expect|unwrap)",
	"core::ops::function::", "std::rt::", "std::sys::backtrace::",
	/* the JDK's own modules, Python's library */
	"java\\.base/", ".* [^ ]*/lib/python[0-9.]*/",
	/* Swift, fuzztest, V8, abseil */
	"_swift_stdlib_", ".*fuzztest::internal::", "V8_Fatal", "blink::ReportV8FatalError",
	"v8::api_internal::ToLocalEmpty", "absl::log_internal::",
};

/*
 * libc functions a crash passes through on its way to the signal: they stay
 * in crash_state (as in ClusterFuzz) but do not name the title.
 */
static const char *const TITLE_SKIP[] = {
	"raise", "abort", "gsignal", "pthread_kill", "__pthread_kill_implementation",
	"__pthread_kill_internal", "__GI_raise", "__GI_abort", "__libc_message",
	"__assert_fail", "__assert_fail_base", "clock_nanosleep", "__nanosleep",
	"nanosleep", "usleep", "sleep", "poll", "__poll", "epoll_wait", "select",
	"read", "__libc_read", "write", "__libc_write", "syscall", "wait4", "waitpid",
	"do_system", "system", "futex_wait", "__futex_abstimed_wait_common",
	"pthread_cond_wait", "pthread_mutex_lock", "__lll_lock_wait",
};

/* Ignored only when frames are symbolized (always, for us). */
static const char *const FRAME_IGNORE_SYMBOLIZED[] = {
	".*libc\\.so", ".*libc\\+\\+\\.so", ".*libc\\+\\+_shared\\.so",
	".*libstdc\\+\\+\\.so", ".*libc-.*\\.so",
};

/* A later signal report does not replace these crash types. */
static const char *const KEEP_ON_SIGNAL_TYPES[] = {
	"Arbitrary file open", "ASSERT", "CHECK failure", "Command injection",
	"DCHECK failure", "Fatal error", "Security CHECK failure",
	"Security DCHECK failure", "V8 API error",
};

/* Once the state has a frame, these lines end frame collection. */
static const char *const STATE_STOP_MARKERS[] = {
	"Direct leak of", "Uninitialized value was stored to memory at",
	"allocated by thread", "created by main thread at",
	"located in stack of thread", "previously allocated by",
};

/* Lines shown in reports but never used to classify. */
static const char *const IGNORED_LINE_MARKERS[] = {
	":INFO:CONSOLE", "SUMMARY:", "WARNING: AddressSanitizer",
	"failed to mprotect 0x00010000", "text run at (",
	"Please include Java exception stack in crash report",
};

/* Lines that end a report. */
static const char *const REPORT_END_MARKERS[] = { "SUMMARY: ", "==ABORTING" };

/* Asserts crash on these addresses on purpose (crash_analyzer.py). */
static const unsigned long long ASSERT_CRASH_ADDRESSES[] = {
	0xbbadbeefULL, 0xfbadbeefULL, 0x1f75b7ddULL, 0x977537ddULL, 0x9f7537ddULL,
};

/*
 * Cheap prefilter: a report can only start on a line holding one of these
 * (case-sensitive, searched with memmem()).
 */
static const char *const TRIGGERS[] = {
	"Sanitizer", "runtime error:", "libFuzzer:", "ssert", "SSERT", "anic: ",
	"ANIC: ", "panicked at", "SHOULD NEVER BE REACHED", "Program received signal",
	"leak of ", "CFI: Most likely", "fatal error: ", "===BUG DETECTED",
	"fault addr", "Abort message: ", "CHECK failed", "Check failed",
	"ut of memory", "OutOfMemory", "OnNoMemory", "rss limit exhausted",
	"=========", "GPU process exited", "== Java Exception: ", "FATAL EXCEPTION",
	"Fatal error in", "V8 error:", "Received signal 11", ": library ",
	"error while loading shared libraries", "invalid size error", "rust_oom",
	"# un", "Allocation failed", "Exception in thread \"", "Traceback (most recent",
};

/* ------------------------------------------------------------------ */
/* Compiling the table once.                                            */

static pcre2_code *rx[P__COUNT];
static const char *rx_type[P__COUNT];
static pthread_once_t rx_once = PTHREAD_ONCE_INIT;

#define MAX_NEEDS 16
static struct need {
	char *lit[MAX_NEEDS];	/* lower case when `caseless` */
	size_t len[MAX_NEEDS];
	int nr;
	bool caseless;
} needs[P__COUNT];

static void need_init(struct need *nd, const char *spec, bool caseless)
{
	nd->caseless = caseless;
	while (spec && *spec) {
		const char *bar = strchr(spec, '|');
		size_t n = bar ? (size_t)(bar - spec) : strlen(spec);

		if (nd->nr == MAX_NEEDS)
			BUG("too many needs: %s", spec);
		nd->lit[nd->nr] = xstrndup(spec, n);
		nd->len[nd->nr] = n;
		if (caseless)
			for (size_t i = 0; i < n; i++)
				nd->lit[nd->nr][i] = tolower((unsigned char)nd->lit[nd->nr][i]);
		nd->nr++;
		spec = bar ? bar + 1 : NULL;
	}
}

static bool memmem_caseless(const char *s, size_t n, const char *lit, size_t ln)
{
	for (size_t i = 0; i + ln <= n; i++) {
		size_t j = 0;

		while (j < ln && tolower((unsigned char)s[i + j]) == lit[j])
			j++;
		if (j == ln)
			return true;
	}
	return false;
}

/* Can the subject match at all? */
static bool need_met(enum pat id, const char *s, size_t n)
{
	const struct need *nd = &needs[id];

	if (!nd->nr)
		return true;
	for (int i = 0; i < nd->nr; i++)
		if (nd->caseless ? memmem_caseless(s, n, nd->lit[i], nd->len[i])
				 : memmem(s, n, nd->lit[i], nd->len[i]) != NULL)
			return true;
	return false;
}

static pcre2_code *compile(const char *re, unsigned flags)
{
	return regex_compile_internal(re, (size_t)-1, flags);
}

/*
 * One alternation of the rules of `list` that start with ".*" (anywhere),
 * or of the others (anchored). "^.*x" is a search for "x": searching keeps
 * the cost linear in the frame's length.
 */
static pcre2_code *compile_list(const char *const *list, size_t nr, bool anywhere)
{
	struct strbuf sb = STRBUF_INIT;
	pcre2_code *code;
	size_t n = 0;

	strbuf_addstr(&sb, "(?:");
	for (size_t i = 0; i < nr; i++) {
		const char *p = list[i];

		if (*p == '~')
			p++;
		if (!strncmp(p, ".*", 2) != anywhere)
			continue;
		if (anywhere)
			p += 2;
		if (n++)
			strbuf_addch(&sb, '|');
		strbuf_addf(&sb, "(?:%s)", p);
	}
	if (!n)
		strbuf_addstr(&sb, "(*FAIL)");
	strbuf_addch(&sb, ')');
	code = compile(sb.buf, anywhere ? 0 : PCRE2_ANCHORED);
	strbuf_release(&sb);
	return code;
}

/*
 * Trigger search: one pass, testing each byte pair against a bitmap of the
 * rarest byte pair of every trigger word, and comparing the words only on
 * a hit (about a nanosecond a byte).
 */
_Static_assert(ARRAY_SIZE(TRIGGERS) < 255, "trigger indexes fit a byte");
static struct trigger {
	const char *s;
	size_t len, off;	/* s[off], s[off + 1]: the pair looked for */
	unsigned pair;
	uint8_t next;		/* 1 + next trigger with the same pair, or 0 */
} triggers[ARRAY_SIZE(TRIGGERS)];
static uint8_t trigger_pairs[65536];	/* pair -> 1 + first trigger, or 0 */

static int rarity(unsigned char c)
{
	if (strchr(" etaoinsrhldcu0123456789", c))
		return 0;
	if (strchr(".,:-_/=[]()", c))
		return 1;
	return 2;
}

static void trigger_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(TRIGGERS); i++) {
		struct trigger *t = &triggers[i];
		int best = -1;

		t->s = TRIGGERS[i];
		t->len = strlen(t->s);
		if (t->len < 2)
			BUG("trigger too short: %s", t->s);
		for (size_t k = 0; k + 1 < t->len; k++) {
			int r = rarity(t->s[k]) + rarity(t->s[k + 1]);

			if (r > best) {
				best = r;
				t->off = k;
			}
		}
		t->pair = (unsigned char)t->s[t->off] | (unsigned char)t->s[t->off + 1] << 8;
		t->next = trigger_pairs[t->pair];
		trigger_pairs[t->pair] = i + 1;
	}
}

static void rx_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(PATTERNS); i++) {
		if (rx[PATTERNS[i].id])
			BUG("pattern %d defined twice", (int)PATTERNS[i].id);
		rx[PATTERNS[i].id] = compile(PATTERNS[i].re, PATTERNS[i].flags);
		rx_type[PATTERNS[i].id] = PATTERNS[i].type;
		need_init(&needs[PATTERNS[i].id], PATTERNS[i].need,
			  PATTERNS[i].flags & PCRE2_CASELESS);
	}
	rx[P_FRAME_IGNORE] = compile_list(FRAME_IGNORE, ARRAY_SIZE(FRAME_IGNORE), false);
	rx[P_FRAME_IGNORE_ANYWHERE] = compile_list(FRAME_IGNORE, ARRAY_SIZE(FRAME_IGNORE), true);
	rx[P_FRAME_IGNORE_SYMBOLIZED] = compile_list(FRAME_IGNORE_SYMBOLIZED,
						     ARRAY_SIZE(FRAME_IGNORE_SYMBOLIZED), true);
	for (size_t i = 0; i < ARRAY_SIZE(FRAME_IGNORE_SYMBOLIZED); i++)
		if (strncmp(FRAME_IGNORE_SYMBOLIZED[i], ".*", 2))
			BUG("symbolized-only rules are searched: %s", FRAME_IGNORE_SYMBOLIZED[i]);
	trigger_init();
	for (int i = 0; i < P__COUNT; i++)
		if (!rx[i])
			BUG("pattern %d missing", i);
	for (int i = P_GOLANG_DIV_ZERO; i <= P_UBSAN_INT_OVERFLOW; i++)
		if (i != P_UBSAN_RUNTIME_ERROR && !rx_type[i])
			BUG("pattern %d names no crash type", i);
}

/* ------------------------------------------------------------------ */
/* Parser state (ClusterFuzz's CrashInfo plus what a title needs).      */

struct ps {
	pcre2_match_data *md;
	const char *subj;	/* subject of the last successful match */
	int is_golang;		/* -1 unknown, else ".go:" follows seg_start */
	size_t seg_start;	/* where the current report's search began */
	size_t go_from, go_at;	/* the first ".go:" at or after go_from is at go_at */
	int san_signal;		/* -1 unknown, else "SCARINESS: N (signal)" seen */
	const char *buf;
	size_t len;

	struct strbuf type, state, address, check_file;
	int frame_count;
	bool process_died, found_java, bad_cast_end, fatal_error, found_golang;
	char **raw;		/* filtered frames, for stack-overflow cycles */
	size_t raw_nr, raw_alloc;
	char *title_frame;	/* first frame put into the state, not in TITLE_SKIP */
	char *first_frame;	/* first frame put into the state */
	char *title_file;	/* source file of title_frame, if printed */
	char *soft_frame;	/* first frame ignored only by a soft rule */
	bool saw_frame;		/* a stack frame line was seen */
	bool stopped;		/* past the crash stack (allocation stacks...) */
	bool partial_line;	/* the line has no '\n': the input was cut */
	bool rust;		/* a Rust panic: "N: function" frames */
	bool want_message;	/* the panic message is the next line */
	bool python;		/* inside a Python traceback */
	struct strbuf py_frames;	/* its functions, '\n'-separated, outermost first */
	struct strbuf tool, kind;	/* "AddressSanitizer", "heap-use-after-free" */
	int events;		/* state changes and frames, to tell silent lines */
	size_t first_item;	/* list->nr when this parse began */
};

static bool match(struct ps *st, enum pat id, const char *s, size_t n)
{
	int rc;

	if (!need_met(id, s, n))
		return false;
	rc = pcre2_match(rx[id], (PCRE2_SPTR)s, n, 0, 0, st->md, NULL);
	if (rc < 0)
		return false;
	st->subj = s;
	return true;
}

/* Group `g` of the last match, or false (and "") when it did not take part. */
static bool group(struct ps *st, int g, const char **p, size_t *n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);

	if ((uint32_t)g >= pcre2_get_ovector_count(st->md) || ov[2 * g] == PCRE2_UNSET) {
		*p = "";
		*n = 0;
		return false;
	}
	*p = st->subj + ov[2 * g];
	*n = ov[2 * g + 1] - ov[2 * g];
	return true;
}

static void group_to(struct ps *st, int g, struct strbuf *out)
{
	const char *p;
	size_t n;

	strbuf_reset(out);
	if (group(st, g, &p, &n))
		strbuf_add(out, p, n);
}

static bool has(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

static bool has_any(const char *s, size_t n, const char *const *list, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		if (has(s, n, list[i]))
			return true;
	return false;
}

static bool type_is(struct ps *st, const char *t)
{
	return !strcmp(st->type.buf, t);
}

static bool keep_on_signal(struct ps *st)
{
	for (size_t i = 0; i < ARRAY_SIZE(KEEP_ON_SIGNAL_TYPES); i++)
		if (type_is(st, KEEP_ON_SIGNAL_TYPES[i]))
			return true;
	return false;
}

/* Python's str.strip(chars) on a strbuf. */
static void strip_chars(struct strbuf *sb, const char *chars)
{
	size_t b = 0, e = sb->len;

	while (b < e && strchr(chars, sb->buf[b]))
		b++;
	while (e > b && strchr(chars, sb->buf[e - 1]))
		e--;
	memmove(sb->buf, sb->buf + b, e - b);
	strbuf_setlen(sb, e - b);
}

static void strip_ws(struct strbuf *sb)
{
	strip_chars(sb, " \t\n\r\v\f");
}

static void capitalize(struct strbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++)
		sb->buf[i] = i ? tolower((unsigned char)sb->buf[i])
			       : toupper((unsigned char)sb->buf[i]);
}

static void upper(struct strbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++)
		sb->buf[i] = toupper((unsigned char)sb->buf[i]);
}

/* Remove the first match of `id` from sb. */
static void remove_match(struct ps *st, enum pat id, struct strbuf *sb)
{
	PCRE2_SIZE *ov;
	size_t b, e;

	if (pcre2_match(rx[id], (PCRE2_SPTR)sb->buf, sb->len, 0, 0, st->md, NULL) < 0)
		return;
	ov = pcre2_get_ovector_pointer(st->md);
	b = ov[0];
	e = ov[1];
	memmove(sb->buf + b, sb->buf + e, sb->len - e);
	strbuf_setlen(sb, sb->len - (e - b));
}

/* Replace every match of `id` in sb with `repl` (literal). */
static void replace_all(struct ps *st, enum pat id, struct strbuf *sb, const char *repl)
{
	struct strbuf out = STRBUF_INIT;
	size_t pos = 0, last = 0;

	while (pos <= sb->len &&
	       pcre2_match(rx[id], (PCRE2_SPTR)sb->buf, sb->len, pos, 0, st->md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);

		strbuf_add(&out, sb->buf + last, ov[0] - last);
		strbuf_addstr(&out, repl);
		last = ov[1];
		pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	}
	if (!last && !out.len) {
		strbuf_release(&out);
		return;
	}
	strbuf_add(&out, sb->buf + last, sb->len - last);
	strbuf_reset(sb);
	strbuf_addbuf(sb, &out);
	strbuf_release(&out);
}

/* ------------------------------------------------------------------ */
/* State updates.                                                       */

static int type_rank(const char *t)
{
	if (!strcmp(t, "V8 sandbox violation"))
		return 2;
	if (!strcmp(t, "Timeout"))
		return 1;
	return 0;
}

static void update_type(struct ps *st, const char *t, size_t n)
{
	char *nt = xstrndup(t, n);

	if (type_rank(nt) >= type_rank(st->type.buf)) {
		strbuf_reset(&st->type);
		strbuf_addstr(&st->type, nt);
	}
	free(nt);
}

/*
 * ClusterFuzz's reset: a new crash starts. Its state and address go, and
 * so does what names the title; raw frames stay (cycle detection).
 */
static void reset_state(struct ps *st)
{
	strbuf_reset(&st->address);
	strbuf_reset(&st->state);
	st->frame_count = 0;
	st->stopped = false;
	free(st->title_frame);
	free(st->title_file);
	free(st->first_frame);
	free(st->soft_frame);
	st->title_frame = st->title_file = st->first_frame = st->soft_frame = NULL;
}

/* Where the title's "tool: kind" comes from. */
enum origin {
	O_KEEP,		/* leave as is */
	O_LINE,		/* the sanitizer/libFuzzer words on this line */
	O_TYPE,		/* `tool`, and the crash type in lower case */
	O_NONE,		/* no tool: the title is the crash type */
};

static void set_origin_line(struct ps *st, const char *line, size_t len)
{
	static const char *const cuts[] = { " on ", " (", " at ", ": ", " for ",
					    " after ", " 0x", "; ", " of " };
	const char *p = NULL, *tool;
	size_t tl = 0;

	strbuf_reset(&st->tool);
	strbuf_reset(&st->kind);
	for (const char *s = line; (s = memmem(s, line + len - s, "Sanitizer", 9)); s += 9) {
		const char *b = s;

		while (b > line && isalpha((unsigned char)b[-1]))
			b--;
		if (s + 9 < line + len && s[9] == ':' && s + 10 < line + len &&
		    s[10] == ' ') {
			tool = b;
			tl = s + 9 - b;
			p = s + 11;
			break;
		}
	}
	if (!p) {
		const char *f = memmem(line, len, "libFuzzer: ", 11);

		if (!f)
			return;
		tool = "libFuzzer";
		tl = 9;
		p = f + 11;
	}
	strbuf_add(&st->tool, tool, tl);
	while (p < line + len && *p == ' ')
		p++;
	strbuf_add(&st->kind, p, line + len - p);
	for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
		char *c = memmem(st->kind.buf, st->kind.len, cuts[i], strlen(cuts[i]));

		if (c)
			strbuf_setlen(&st->kind, c - st->kind.buf);
	}
	strip_chars(&st->kind, " \t:;,.");
}

static void set_origin(struct ps *st, enum origin o, const char *tool,
		       const char *line, size_t len)
{
	switch (o) {
	case O_KEEP:
		break;
	case O_LINE:
		set_origin_line(st, line, len);
		break;
	case O_TYPE:
		strbuf_reset(&st->tool);
		strbuf_addstr(&st->tool, tool);
		strbuf_reset(&st->kind);
		for (size_t i = 0; i < st->type.len && st->type.buf[i] != '\n'; i++)
			strbuf_addch(&st->kind, tolower((unsigned char)st->type.buf[i]));
		break;
	case O_NONE:
		strbuf_reset(&st->tool);
		strbuf_reset(&st->kind);
		break;
	}
}

enum type_filter { TF_NONE, TF_UPPER, TF_CAPITALIZE, TF_SANITIZER };

struct upd {
	const char *new_type;
	const char *new_state;
	bool set_frame_count;
	int new_frame_count;
	const char *new_address;
	int address_group, type_group, state_group;	/* 0: none */
	enum type_filter type_filter;
	bool address_0x;
	bool reset;
	enum origin origin;
	const char *tool;
};

static void filter_type(struct strbuf *t, enum type_filter f)
{
	switch (f) {
	case TF_NONE:
		break;
	case TF_UPPER:
		upper(t);
		break;
	case TF_CAPITALIZE:
		capitalize(t);
		break;
	case TF_SANITIZER: {
		char *p;

		for (size_t i = 0; i < t->len; i++)
			if (t->buf[i] == '_')
				t->buf[i] = '-';
		capitalize(t);
		p = strstr(t->buf, "Int-divide-by-zero");
		if (p) {
			struct strbuf o = STRBUF_INIT;

			strbuf_add(&o, t->buf, p - t->buf);
			strbuf_addstr(&o, "Divide-by-zero");
			strbuf_addstr(&o, p + strlen("Int-divide-by-zero"));
			strbuf_reset(t);
			strbuf_addbuf(t, &o);
			strbuf_release(&o);
		}
		break;
	}
	}
}

/* ClusterFuzz's update_state_on_match(). */
static bool upd_match(struct ps *st, enum pat id, const char *line, size_t len,
		      const struct upd *u)
{
	struct strbuf tmp = STRBUF_INIT, addr = STRBUF_INIT, stg = STRBUF_INIT;
	bool have_type = false, have_addr = false, have_state = false;
	const char *p;
	size_t n;

	if (!match(st, id, line, len))
		return false;
	st->events++;
	/* Copy the groups first: nothing below may run another match. */
	if (u->type_group && group(st, u->type_group, &p, &n)) {
		strbuf_add(&tmp, p, n);
		have_type = true;
	}
	if (u->address_group) {
		group_to(st, u->address_group, &addr);
		have_addr = true;
	}
	if (u->state_group) {
		group_to(st, u->state_group, &stg);
		have_state = true;
	}

	if (u->reset) {
		reset_state(st);
	}
	if (u->new_type)
		update_type(st, u->new_type, strlen(u->new_type));
	if (u->new_state) {
		strbuf_reset(&st->state);
		strbuf_addstr(&st->state, u->new_state);
	}
	if (u->set_frame_count)
		st->frame_count = u->new_frame_count;
	if (u->new_address) {
		strbuf_reset(&st->address);
		strbuf_addstr(&st->address, u->new_address);
	}
	if (have_type) {
		filter_type(&tmp, u->type_filter);
		strip_ws(&tmp);
		update_type(st, tmp.buf, tmp.len);
	}
	if (have_addr) {
		strbuf_reset(&st->address);
		if (u->address_0x)
			strbuf_addstr(&st->address, "0x");
		strbuf_addbuf(&st->address, &addr);
		strip_ws(&st->address);
	}
	if (have_state) {
		strbuf_reset(&st->state);
		strbuf_addbuf(&st->state, &stg);
	}
	set_origin(st, u->origin, u->tool, line, len);
	strbuf_release(&tmp);
	strbuf_release(&addr);
	strbuf_release(&stg);
	return true;
}

static void fix_check_failure(struct ps *st, struct strbuf *s)
{
	static const char prefix[] = "Check failed: ";

	if (!strncmp(s->buf, prefix, strlen(prefix))) {
		memmove(s->buf, s->buf + strlen(prefix), s->len - strlen(prefix));
		strbuf_setlen(s, s->len - strlen(prefix));
	}
	remove_match(st, P_FIX_FAILED_VS, s);
	remove_match(st, P_FIX_PAREN_VS, s);
	remove_match(st, P_FIX_QUOTED_VALUE, s);
	strip_chars(s, " .'\"[]");
}

static void fix_filename(struct strbuf *s)
{
	char *p;

	strip_chars(s, " .'\"[]");
	p = strchr(s->buf, ':');
	if (p)
		strbuf_setlen(s, p - s->buf);
	p = strchr(s->buf, '(');
	if (p)
		strbuf_setlen(s, p - s->buf);
	for (size_t i = 0; i < s->len; i++)
		if (s->buf[i] == '\\')
			s->buf[i] = '/';
	p = strrchr(s->buf, '/');
	if (p) {
		size_t n = s->buf + s->len - (p + 1);

		memmove(s->buf, p + 1, n);
		strbuf_setlen(s, n);
	}
}

static void check_failure(struct ps *st, enum pat id, const char *line, size_t len,
			  const char *type)
{
	struct strbuf file = STRBUF_INIT, msg = STRBUF_INIT;

	if (!upd_match(st, id, line, len, &(struct upd){ .new_type = type, .reset = true,
			.set_frame_count = true, .new_frame_count = 1, .origin = O_NONE }))
		return;
	/* upd_match() ran no other match: the groups are still valid */
	group_to(st, 1, &file);
	group_to(st, 2, &msg);
	fix_check_failure(st, &msg);
	fix_filename(&file);
	strbuf_reset(&st->state);
	strbuf_addf(&st->state, "%s in %s\n", msg.buf, file.buf);
	if (file.len) {
		/* names the report when no frame follows */
		free(st->soft_frame);
		st->soft_frame = strbuf_detach(&file, NULL);
	}
	strbuf_release(&file);
	strbuf_release(&msg);
}

static void match_assert(struct ps *st, enum pat id, const char *line, size_t len, int g)
{
	const char *p;
	size_t n;

	if (!upd_match(st, id, line, len, &(struct upd){ .new_type = "ASSERT",
			.set_frame_count = true, .new_frame_count = 1, .origin = O_NONE }))
		return;
	if (group(st, g, &p, &n) && n) {
		strbuf_reset(&st->state);
		strbuf_add(&st->state, p, n);
		strbuf_addch(&st->state, '\n');
	}
}

/* ClusterFuzz's _filter_stack_frame(). */
static char *filter_frame(const char *frame)
{
	static const char *const anon[] = { "non-virtual thunk to ",
					    "(anonymous namespace)::",
					    "`anonymous namespace'::" };
	struct strbuf sb = STRBUF_INIT;
	const char *p, *g;
	size_t n;
	char *bang;

	strbuf_addstr(&sb, frame);
	for (size_t i = 0; i < ARRAY_SIZE(anon); i++) {
		char *q;

		while ((q = strstr(sb.buf, anon[i]))) {
			size_t l = strlen(anon[i]);

			memmove(q, q + l, sb.buf + sb.len - (q + l) + 1);
			sb.len -= l;
		}
	}
	bang = strrchr(sb.buf, '!');
	p = bang ? bang + 1 : sb.buf;
	/* the text before the first '(' or '[', when there is some */
	g = p;
	n = strcspn(p, "([");
	if (p[n] && n) {
		struct strbuf o = STRBUF_INIT;

		strbuf_add(&o, g, n);
		strip_ws(&o);
		strbuf_release(&sb);
		return strbuf_detach(&o, NULL);
	}
	{
		struct strbuf o = STRBUF_INIT;
		const char *sp;

		strbuf_addstr(&o, p);
		strip_ws(&o);
		sp = strchr(o.buf, ' ');
		if (sp)
			strbuf_setlen(&o, sp - o.buf);
		strbuf_release(&sb);
		return strbuf_detach(&o, NULL);
	}
}

static bool title_skip(const char *frame)
{
	for (size_t i = 0; i < ARRAY_SIZE(TITLE_SKIP); i++)
		if (!strcmp(frame, TITLE_SKIP[i]))
			return true;
	return false;
}

static bool is_soft_ignored(const char *frame)
{
	return !strncmp(frame, "main", 4);
}

static bool ignore_frame(struct ps *st, const char *frame)
{
	struct strbuf n = STRBUF_INIT;
	bool ret;

	if (strlen(frame) < 3)
		return true;
	strbuf_addstr(&n, frame);
	for (size_t i = 0; i < n.len; i++)
		if (n.buf[i] == '\\')
			n.buf[i] = '/';
	ret = match(st, P_FRAME_IGNORE, n.buf, n.len) ||
	      match(st, P_FRAME_IGNORE_ANYWHERE, n.buf, n.len) ||
	      match(st, P_FRAME_IGNORE_SYMBOLIZED, n.buf, n.len);
	strbuf_release(&n);
	return ret;
}

enum frame_kind { FK_PLAIN, FK_SAN, FK_GOLANG };

/* ClusterFuzz's add_frame_on_match(). */
static bool add_frame(struct ps *st, enum pat id, const char *line, size_t len, int g,
		      enum frame_kind kind)
{
	struct strbuf frame = STRBUF_INIT, file = STRBUF_INIT;
	bool identity = false;
	const char *p;
	size_t n;
	char *filtered;

	if (!match(st, id, line, len))
		return false;
	st->saw_frame = true;
	st->events++;
	group_to(st, g, &frame);
	strip_ws(&frame);
	if (kind == FK_SAN) {
		bool fn = false, modoff = false;
		static const int fn_groups[] = { 7, 5, 23 };
		static const int file_groups[] = { 12, 16 };
		static const int modoff_groups[] = { 21, 32 };

		for (size_t i = 0; i < ARRAY_SIZE(fn_groups); i++)
			if (group(st, fn_groups[i], &p, &n) && n)
				fn = true;
		for (size_t i = 0; i < ARRAY_SIZE(modoff_groups); i++)
			if (group(st, modoff_groups[i], &p, &n) && n)
				modoff = true;
		for (size_t i = 0; i < ARRAY_SIZE(file_groups); i++)
			if (group(st, file_groups[i], &p, &n) && n) {
				strbuf_add(&file, p, n);
				strip_ws(&file);
				break;
			}
		identity = modoff && !fn;
	}
	/* sanitizers prefix functions with "in " and wrap bare modules */
	if (match(st, P_STRIP_IN, frame.buf, frame.len) ||
	    match(st, P_STRIP_PARENS, frame.buf, frame.len)) {
		struct strbuf in = STRBUF_INIT;

		group_to(st, 1, &in);
		strbuf_reset(&frame);
		strbuf_addbuf(&frame, &in);
		strbuf_release(&in);
	}
	if (kind == FK_SAN && !strncmp(frame.buf, "LLVMFuzzerTestOneInput", 22) && file.len) {
		/* the fuzz target's file names it better than the entry point */
		struct strbuf o = STRBUF_INIT;
		const char *base;
		char *q;

		for (size_t i = 0; i < file.len; i++)
			if (file.buf[i] == '\\')
				file.buf[i] = '/';
		base = strrchr(file.buf, '/');
		base = base ? base + 1 : file.buf;
		for (const char *s = frame.buf; (q = strstr(s, "LLVMFuzzerTestOneInput"));
		     s = q + 22) {
			strbuf_add(&o, s, q - s);
			strbuf_addstr(&o, base);
			if (!strstr(q + 22, "LLVMFuzzerTestOneInput")) {
				strbuf_addstr(&o, q + 22);
				break;
			}
		}
		strbuf_reset(&frame);
		strbuf_addbuf(&frame, &o);
		strbuf_release(&o);
	}
	if (!frame.len || ignore_frame(st, frame.buf)) {
		if (frame.len && !st->soft_frame && is_soft_ignored(frame.buf))
			st->soft_frame = filter_frame(frame.buf);
		goto out;
	}
	if (identity) {
		filtered = xstrdup(frame.buf);
	} else if (kind == FK_GOLANG) {
		const char *slash = strrchr(frame.buf, '/');

		filtered = xstrdup(slash ? slash + 1 : frame.buf);
	} else {
		filtered = filter_frame(frame.buf);
	}
	if (st->raw_nr < MAX_RAW_FRAMES) {
		ALLOC_GROW(st->raw, st->raw_nr + 1, st->raw_alloc);
		st->raw[st->raw_nr++] = xstrdup(filtered);
	}
	if (st->frame_count < MAX_STATE_FRAMES) {
		strbuf_addstr(&st->state, filtered);
		strbuf_addch(&st->state, '\n');
		st->frame_count++;
		if (!st->first_frame)
			st->first_frame = xstrdup(filtered);
	}
	if (!st->title_frame && !st->stopped && !title_skip(filtered)) {
		st->title_frame = xstrdup(filtered);
		if (file.len)
			st->title_file = xstrdup(file.buf);
	}
	free(filtered);
out:
	strbuf_release(&frame);
	strbuf_release(&file);
	return true;
}

/*
 * Go source in the report's neighbourhood (ClusterFuzz: in the input). The
 * next ".go:" is remembered: reports start further on each time, so the
 * whole input is searched once, however many reports it holds.
 */
static bool is_golang(struct ps *st)
{
	if (st->is_golang < 0) {
		if (st->seg_start < st->go_from || st->seg_start > st->go_at) {
			const char *p = memmem(st->buf + st->seg_start, st->len - st->seg_start, ".go:", 4);

			st->go_from = st->seg_start;
			st->go_at = p ? (size_t)(p - st->buf) : st->len;
		}
		st->is_golang = st->go_at < st->len && st->go_at - st->seg_start < GOLANG_WINDOW;
	}
	return st->is_golang;
}

static bool san_signal(struct ps *st)
{
	if (st->san_signal < 0) {
		const char *p = st->buf, *end = st->buf + st->len;

		st->san_signal = 0;
		while ((p = memmem(p, end - p, "SCARINESS: ", 11))) {
			const char *q = p + 11;

			while (q < end && isdigit((unsigned char)*q))
				q++;
			if (q > p + 11 && (size_t)(end - q) >= 9 && !memcmp(q, " (signal)", 9)) {
				st->san_signal = 1;
				break;
			}
			p += 11;
		}
	}
	return st->san_signal;
}

static unsigned long long address_value(const char *s)
{
	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
		s += 2;
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return 0;
	return strtoull(s, NULL, 16);
}

static bool should_ignore_line(struct ps *st, const char *line, size_t len)
{
	if (st->process_died || len > MAX_LINE)
		return true;
	if (len && line[0] == '[' && match(st, P_KERNEL_LINE, line, len))
		return true;
	if (has_any(line, len, IGNORED_LINE_MARKERS, ARRAY_SIZE(IGNORED_LINE_MARKERS)))
		return true;
	return match(st, P_SAN_DEADLYSIGNAL, line, len);
}

/* "Java: java.lang.IllegalStateException" for the title. */
static void set_origin_java(struct ps *st, const char *line, size_t len)
{
	strbuf_reset(&st->tool);
	strbuf_reset(&st->kind);
	if (!match(st, P_JAVA_EXCEPTION_CLASS, line, len))
		return;
	strbuf_addstr(&st->tool, "Java");
	group_to(st, 1, &st->kind);
}

/*
 * Python tracebacks list frames outermost first and name the exception
 * last: collect the frames, then on the exception line add them innermost
 * first. Returns true when the line was part of a traceback.
 */
static bool python_line(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	if (match(st, P_PYTHON_TRACEBACK, line, len)) {
		/* a new (or chained) traceback starts over */
		reset_state(st);
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
		if (match(st, P_PYTHON_FRAME, line, len) && group(st, 3, &p, &n)) {
			/* as a sanitizer frame: "function file:line" */
			const char *f, *l;
			size_t fn, ln;

			strbuf_add(&st->py_frames, p, n);
			if (group(st, 1, &f, &fn) && group(st, 2, &l, &ln)) {
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
	update_type(st, "Uncaught exception", 18);
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

/* Signatures that start a crash but never replace one (the type is empty). */
static void parse_untyped_line(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	upd_match(st, P_ASAN, line, len, &(struct upd){ .reset = true,
		.type_group = 2, .type_filter = TF_SANITIZER, .origin = O_LINE });
	upd_match(st, P_HWASAN_TAIL_ADDRESS, line, len, &(struct upd){ .address_group = 1 });
	upd_match(st, P_GPU_FAILURE, line, len, &(struct upd){ .new_type = "GPU failure",
		.new_state = "", .reset = true, .origin = O_NONE });
	if (upd_match(st, P_JAZZER_SECURITY, line, len, &(struct upd){
			.new_type = "Security exception" }) ||
	    upd_match(st, P_JAZZER_EXCEPTION, line, len, &(struct upd){
			.new_type = "Uncaught exception" }) ||
	    upd_match(st, P_JAVA_UNCAUGHT, line, len, &(struct upd){
			.new_type = "Uncaught exception" })) {
		st->found_java = true;
		set_origin_java(st, line, len);
	}
	if (upd_match(st, P_ANDROID_FATAL_EXCEPTION, line, len, &(struct upd){
			.new_type = "Fatal Exception", .reset = true, .origin = O_NONE }))
		st->found_java = true;

	check_failure(st, P_GOOGLE_LOG_FATAL, line, len, "Fatal error");
	check_failure(st, P_CHROME_CHECK, line, len, "CHECK failure");
	check_failure(st, P_GOOGLE_CHECK, line, len, "CHECK failure");

	if (upd_match(st, P_FATAL_ERROR, line, len, &(struct upd){
			.new_type = "Fatal error", .reset = true, .origin = O_NONE })) {
		char *f, *g1;

		st->fatal_error = true;
		group(st, 1, &p, &n);
		g1 = xstrndup(p, n);
		f = filter_frame(g1);
		strbuf_reset(&st->state);
		strbuf_addstr(&st->state, f);
		free(f);
		free(g1);
	}

	if (is_golang(st) && upd_match(st, P_GOLANG_FATAL_ERROR, line, len, &(struct upd){
			.new_type = "Fatal error", .reset = true, .origin = O_NONE })) {
		group(st, 1, &p, &n);
		strbuf_reset(&st->state);
		strbuf_add(&st->state, p, n);
		strbuf_addch(&st->state, '\n');
	}

	if (upd_match(st, P_V8_ABORT, line, len, &(struct upd){ .new_type = "ASSERT",
			.reset = true, .origin = O_NONE })) {
		struct strbuf err = STRBUF_INIT;

		group_to(st, 1, &err);
		strbuf_reset(&st->state);
		if (match(st, P_V8_ABORT_METADATA, err.buf, err.len)) {
			struct strbuf a = STRBUF_INIT, f = STRBUF_INIT;

			group_to(st, 1, &a);
			group_to(st, 2, &f);
			fix_filename(&f);
			strbuf_addf(&st->state, "%s\n%s", a.buf, f.buf);
			strbuf_release(&a);
			strbuf_release(&f);
		} else {
			strbuf_addbuf(&st->state, &err);
		}
		st->frame_count = MAX_STATE_FRAMES;
		strbuf_release(&err);
	}

	if (upd_match(st, P_V8_ERROR, line, len, &(struct upd){
			.new_type = "V8 API error", .reset = true, .origin = O_NONE })) {
		group(st, 1, &p, &n);
		strbuf_reset(&st->state);
		strbuf_add(&st->state, p, n);
		strbuf_addch(&st->state, '\n');
	}

	upd_match(st, P_GENERIC_SEGV, line, len, &(struct upd){ .new_type = "UNKNOWN",
		.address_group = 1, .address_0x = true, .reset = true, .origin = O_NONE });
	upd_match(st, P_LIBFUZZER_DEADLY_SIGNAL, line, len, &(struct upd){
		.new_type = "Fatal-signal", .reset = true, .origin = O_LINE });
	upd_match(st, P_LIBFUZZER_EXITED, line, len, &(struct upd){
		.new_type = "Unexpected-exit", .reset = true, .origin = O_LINE });
	upd_match(st, P_LIBFUZZER_OVERWRITES_INPUT, line, len, &(struct upd){
		.new_type = "Overwrites-const-input", .reset = true, .origin = O_LINE });
	upd_match(st, P_LIBRARY_NOT_FOUND_ANDROID, line, len, &(struct upd){
		.new_type = "Missing-library", .state_group = 2, .reset = true,
		.origin = O_NONE });
	upd_match(st, P_LIBRARY_NOT_FOUND_LINUX, line, len, &(struct upd){
		.new_type = "Missing-library", .state_group = 1, .reset = true,
		.origin = O_NONE });
}

/* V8 and Go "# Fatal error in ..." follow-up lines. True when consumed. */
static bool parse_fatal_error_line(struct ps *st, const char *line, size_t len)
{
	bool cf;

	if (upd_match(st, P_FATAL_ERROR_LINE, line, len, &(struct upd){
			.new_type = "Fatal error" })) {
		group_to(st, 1, &st->check_file);
		fix_filename(&st->check_file);
		strbuf_reset(&st->state);
		strbuf_addf(&st->state, "%s\n", st->check_file.buf);
		return true;
	}
	cf = upd_match(st, P_FATAL_ERROR_DCHECK, line, len, &(struct upd){
		.new_type = "DCHECK failure", .reset = true });
	if (!cf)
		cf = upd_match(st, P_FATAL_ERROR_CHECK, line, len, &(struct upd){
			.new_type = "CHECK failure", .reset = true });
	if (!cf)
		cf = upd_match(st, P_FATAL_ERROR_GENERIC, line, len,
			       &(struct upd){ .reset = true });
	if (cf) {
		struct strbuf msg = STRBUF_INIT;

		group_to(st, 2, &msg);
		strip_ws(&msg);
		if (msg.len) {
			fix_check_failure(st, &msg);
			strbuf_reset(&st->state);
			if (st->check_file.len)
				strbuf_addf(&st->state, "%s in %s\n", msg.buf,
					    st->check_file.buf);
			else
				strbuf_addf(&st->state, "%s\n", msg.buf);
			st->frame_count = 1;
		}
		strbuf_release(&msg);
	}
	if (st->check_file.len) {
		char *ns = xstrfmt("%s\n", st->check_file.buf);

		upd_match(st, P_FATAL_ERROR_UNREACHABLE, line, len, &(struct upd){
			.new_state = ns, .new_type = "Unreachable code", .reset = true });
		free(ns);
	} else {
		upd_match(st, P_FATAL_ERROR_UNREACHABLE, line, len, &(struct upd){
			.new_type = "Unreachable code", .reset = true });
	}
	return false;
}

/* Stack frames in all the formats, once a crash type is known. */
static void parse_frame_line(struct ps *st, const char *line, size_t len)
{
	if (add_frame(st, P_SAN_STACK_FRAME, line, len, 3, FK_SAN))
		return;
	if (add_frame(st, P_CHROME_STACK_FRAME, line, len, 4, FK_PLAIN))
		return;
	if (add_frame(st, P_CHROME_WIN_STACK_FRAME, line, len, 1, FK_PLAIN))
		return;
	if (st->found_java && (type_is(st, "CHECK failure") || type_is(st, "Fatal Exception") ||
			       type_is(st, "Uncaught exception") ||
			       type_is(st, "Security exception"))) {
		add_frame(st, P_JAVA_EXCEPTION_FRAME, line, len, 1, FK_PLAIN);
		return;
	}
	if (is_golang(st) && add_frame(st, P_GOLANG_STACK_FRAME, line, len, 1, FK_GOLANG))
		return;
	if (st->rust && add_frame(st, P_RUST_FRAME, line, len, 1, FK_PLAIN))
		return;
	add_frame(st, P_TSAN_STACK_FRAME, line, len, 1, FK_PLAIN);
}

/* One line of ClusterFuzz's StackParser.parse() loop. */
static void parse_line(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	if (should_ignore_line(st, line, len))
		return;
	if (python_line(st, line, len))
		return;

	if ((match(st, P_SAN_ABRT, line, len) || match(st, P_SAN_BREAKPOINT, line, len) ||
	     match(st, P_SAN_ILL, line, len) || match(st, P_SAN_TRAP, line, len)) &&
	    keep_on_signal(st)) {
		st->events++;
		return;
	}

	match_assert(st, P_ASSERT, line, len, 1);
	match_assert(st, P_ASSERT_GLIBC, line, len, 1);
	if (!st->soft_frame && type_is(st, "ASSERT") &&
	    match(st, P_ASSERT_GLIBC_FUNCTION, line, len) && group(st, 1, &p, &n)) {
		char *f = xstrndup(p, n);

		st->soft_frame = filter_frame(f);
		free(f);
	}
	match_assert(st, P_ASSERT_GLIBC_SUFFIXED, line, len, 1);
	match_assert(st, P_RUST_ASSERT, line, len, 1);
	if (st->want_message && len) {
		st->want_message = false;
		st->events++;
		strbuf_reset(&st->state);
		strbuf_add(&st->state, line, len);
		strbuf_addch(&st->state, '\n');
		st->frame_count = 1;
		return;
	}
	if (upd_match(st, P_RUST_PANIC, line, len, &(struct upd){ .new_type = "ASSERT",
			.reset = true, .origin = O_NONE })) {
		struct strbuf f = STRBUF_INIT;

		group_to(st, 1, &f);
		fix_filename(&f);
		free(st->soft_frame);
		st->soft_frame = strbuf_detach(&f, NULL);
		st->rust = st->want_message = true;
		return;
	}

	upd_match(st, P_ASSERT_NOT_REACHED, line, len, &(struct upd){
		.new_type = "ASSERT_NOT_REACHED", .reset = true, .origin = O_NONE });
	upd_match(st, P_GDB_CRASH_TYPE, line, len, &(struct upd){
		.type_group = 1, .type_filter = TF_UPPER, .origin = O_NONE });
	upd_match(st, P_GDB_CRASH_ADDRESS, line, len, &(struct upd){ .address_group = 1 });
	upd_match(st, P_GDB_CRASH_ADDRESS_NO_REGS, line, len, &(struct upd){ .address_group = 1 });

	if (!has(line, len, " suppressions") && !has(line, len, " warnings"))
		upd_match(st, P_MSAN_TSAN, line, len, &(struct upd){ .reset = true,
			.type_group = 2, .type_filter = TF_CAPITALIZE, .origin = O_LINE });

	if (!st->type.len || type_is(st, "Indirect-leak"))
		upd_match(st, P_LSAN_DIRECT, line, len, &(struct upd){ .new_type = "Direct-leak",
			.reset = true, .origin = O_TYPE, .tool = "LeakSanitizer" });
	if (!st->type.len)
		upd_match(st, P_LSAN_INDIRECT, line, len, &(struct upd){ .new_type = "Indirect-leak",
			.reset = true, .origin = O_TYPE, .tool = "LeakSanitizer" });

	if (!st->type.len && upd_match(st, P_UBSAN_VPTR, line, len, &(struct upd){
			.new_type = "Bad-cast", .set_frame_count = true, .address_group = 3,
			.origin = O_TYPE, .tool = "UndefinedBehaviorSanitizer" })) {
		struct strbuf t = STRBUF_INIT;

		group_to(st, 4, &t);
		strip_chars(&t, "'");
		strbuf_reset(&st->state);
		strbuf_addf(&st->state, "Bad-cast to %s", t.buf);
		strbuf_release(&t);
		st->bad_cast_end = false;
	}

	if (type_is(st, "Bad-cast") && !st->bad_cast_end) {
		if (match(st, P_UBSAN_VPTR_INVALID_DOWNCAST, line, len) ||
		    match(st, P_CFI_INVALID_DOWNCAST, line, len)) {
			struct strbuf t = STRBUF_INIT;

			group_to(st, 1, &t);
			strip_chars(&t, "'");
			strbuf_addf(&st->state, " from %s", t.buf);
			strbuf_release(&t);
			st->bad_cast_end = true;
		}
		if (match(st, P_UBSAN_VPTR_INVALID_VPTR, line, len) ||
		    match(st, P_CFI_INVALID_VPTR, line, len)) {
			strbuf_addstr(&st->state, " from invalid vptr");
			st->bad_cast_end = true;
		}
		if (match(st, P_CFI_FUNC_DEFINED_HERE, line, len))
			st->bad_cast_end = true;
		if (match(st, P_UBSAN_VPTR_INVALID_OFFSET, line, len) && group(st, 1, &p, &n)) {
			strbuf_addstr(&st->state, " from base class subobject at offset ");
			strbuf_add(&st->state, p, n);
			st->bad_cast_end = true;
		}
		if (st->bad_cast_end) {
			st->events++;
			strbuf_addch(&st->state, '\n');
			st->frame_count++;
		}
	}

	if (!st->type.len && upd_match(st, P_CFI_ERROR, line, len, &(struct upd){
			.new_type = "Bad-cast", .set_frame_count = true,
			.origin = O_TYPE, .tool = "UndefinedBehaviorSanitizer" })) {
		struct strbuf t = STRBUF_INIT;

		group_to(st, 2, &t);
		strip_chars(&t, "'");
		strbuf_reset(&st->state);
		strbuf_addf(&st->state, "Bad-cast to %s", t.buf);
		if (group(st, 4, &p, &n) && n) {
			strbuf_reset(&st->address);
			strbuf_add(&st->address, p, n);
		}
		strbuf_release(&t);
		st->bad_cast_end = false;
	}

	if (!st->type.len)
		upd_match(st, P_CFI_NODEBUG, line, len, &(struct upd){ .new_type = "Bad-cast",
			.set_frame_count = true, .origin = O_TYPE,
			.tool = "UndefinedBehaviorSanitizer" });

	if (is_golang(st)) {
		for (int i = P_GOLANG_DIV_ZERO; i <= P_GOLANG_STACK_OVERFLOW; i++)
			if (upd_match(st, i, line, len, &(struct upd){
					.new_type = rx_type[i], .origin = O_NONE })) {
				st->found_golang = true;
				strbuf_reset(&st->state);
				st->frame_count = 0;
			}
	}

	if (!st->type.len && match(st, P_UBSAN_RUNTIME_ERROR, line, len)) {
		struct strbuf reason = STRBUF_INIT, where = STRBUF_INIT;

		st->events++;
		reset_state(st);
		group_to(st, 2, &reason);
		/* "dir/file.c:12:3": without a stack, the file names the report */
		group_to(st, 1, &where);
		fix_filename(&where);
		if (where.len)
			st->soft_frame = strbuf_detach(&where, NULL);
		strbuf_release(&where);
		strbuf_reset(&st->type);
		strbuf_addstr(&st->type, "UNKNOWN");
		for (int i = P_UBSAN_DIV_ZERO; i <= P_UBSAN_INT_OVERFLOW; i++)
			if (match(st, i, reason.buf, reason.len)) {
				update_type(st, rx_type[i], strlen(rx_type[i]));
				break;
			}
		set_origin(st, O_TYPE, "UndefinedBehaviorSanitizer", line, len);
		strbuf_release(&reason);
	}

	upd_match(st, P_ASAN_MEMCPY_OVERLAP, line, len, &(struct upd){
		.new_type = "Memcpy-param-overlap", .reset = true, .address_group = 2,
		.origin = O_LINE });

	if (match(st, P_SAN_SEGV, line, len)) {
		struct strbuf a = STRBUF_INIT;

		st->events++;
		group_to(st, 3, &a);
		if (strstr(st->type.buf, "ASSERT")) {
			unsigned long long v = address_value(a.buf);
			bool assert_addr = false;

			for (size_t i = 0; i < ARRAY_SIZE(ASSERT_CRASH_ADDRESSES); i++)
				if (v == ASSERT_CRASH_ADDRESSES[i])
					assert_addr = true;
			if (assert_addr || san_signal(st)) {
				strbuf_release(&a);
				return;
			}
		}
		update_type(st, "UNKNOWN", 7);
		strbuf_reset(&st->address);
		strbuf_addbuf(&st->address, &a);
		strbuf_reset(&st->state);
		st->frame_count = 0;
		set_origin(st, O_LINE, NULL, line, len);
		strbuf_release(&a);
		return;
	}

	if (upd_match(st, P_ASAN_INVALID_FREE, line, len, &(struct upd){
			.new_type = "Invalid-free", .reset = true, .address_group = 1,
			.origin = O_LINE }))
		return;
	if (upd_match(st, P_ASAN_DOUBLE_FREE, line, len, &(struct upd){
			.new_type = "Heap-double-free", .reset = true, .address_group = 3,
			.origin = O_LINE }))
		return;
	if (upd_match(st, P_SAN_FPE, line, len, &(struct upd){
			.new_type = "Floating-point-exception", .reset = true, .origin = O_LINE }))
		return;

	if (!st->found_golang)
		upd_match(st, P_SAN_ADDR, line, len, &(struct upd){ .type_group = 2,
			.address_group = 4, .reset = true, .type_filter = TF_SANITIZER,
			.origin = O_LINE });

	upd_match(st, P_WINDOWS_SAN_ILL, line, len, &(struct upd){ .new_type = "Ill" });

	if (type_is(st, "Unknown-crash")) {
		strbuf_reset(&st->type);
		strbuf_addstr(&st->type, "UNKNOWN");
	}

	if (match(st, P_SAN_SEGV_CRASH_TYPE, line, len) && type_is(st, "UNKNOWN") &&
	    group(st, 1, &p, &n) && !(n == 7 && !memcmp(p, "UNKNOWN", 7))) {
		st->events++;
		strbuf_addch(&st->type, ' ');
		strbuf_add(&st->type, p, n);
	}

	if (match(st, P_SAN_CRASH_TYPE_ADDRESS, line, len)) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

		st->events++;
		group_to(st, 3, &st->address);
		strip_ws(&st->address);
		if (strncmp(st->type.buf, "UNKNOWN", 7)) {
			group_to(st, 1, &a);
			group_to(st, 2, &b);
			upper(&a);
			strbuf_addf(&st->type, "\n%s %s", a.buf, b.buf);
		}
		strbuf_release(&a);
		strbuf_release(&b);
	}

	if (strncmp(st->type.buf, "UNKNOWN", 7) || !has(line, len, "Fatal signal")) {
		if (upd_match(st, P_ANDROID_SEGV, line, len, &(struct upd){
				.new_type = "UNKNOWN", .reset = true, .origin = O_NONE })) {
			struct strbuf a = STRBUF_INIT;

			group_to(st, 1, &a);
			st->found_java = false;
			if (has(line, len, "SIGSEGV")) {
				strbuf_reset(&st->address);
				if (strncmp(a.buf, "0x", 2))
					strbuf_addstr(&st->address, "0x");
				strbuf_addbuf(&st->address, &a);
			}
			strbuf_release(&a);
		}
	}

	if (upd_match(st, P_ANDROID_ABORT, line, len, &(struct upd){
			.new_type = "CHECK failure", .new_address = "", .origin = O_NONE })) {
		struct strbuf msg = STRBUF_INIT, file = STRBUF_INIT;
		char *sp;

		group_to(st, 1, &msg);
		st->found_java = true;
		sp = strchr(msg.buf, ' ');
		if (sp) {
			struct strbuf f = STRBUF_INIT;
			char *fatal;

			strbuf_add(&file, msg.buf, sp - msg.buf);
			while ((fatal = strstr(file.buf, "FATAL:"))) {
				memmove(fatal, fatal + 6, file.buf + file.len - (fatal + 6) + 1);
				file.len -= 6;
			}
			strbuf_addstr(&f, sp + 1);
			fix_check_failure(st, &f);
			fix_filename(&file);
			strbuf_reset(&st->state);
			strbuf_addf(&st->state, "%s in %s\n", f.buf, file.buf);
			strbuf_release(&f);
		} else {
			fix_check_failure(st, &msg);
			strbuf_reset(&st->state);
			strbuf_addf(&st->state, "%s\n", msg.buf);
		}
		st->frame_count = 1;
		strbuf_release(&msg);
		strbuf_release(&file);
	}

	upd_match(st, P_EXTRA_SHELL, line, len, &(struct upd){
		.new_type = "Command injection", .origin = O_NONE });
	upd_match(st, P_EXTRA_FILE_OPEN, line, len, &(struct upd){
		.new_type = "Arbitrary file open", .origin = O_NONE });
	upd_match(st, P_EXTRA_DNS, line, len, &(struct upd){
		.new_type = "Arbitrary DNS resolution", .origin = O_NONE });
	upd_match(st, P_EXTRA_PYSECSAN, line, len, &(struct upd){
		.new_type = "PySecSan", .origin = O_NONE });

	if (upd_match(st, P_SAN_CHECK_FAILURE, line, len, &(struct upd){
			.new_type = "Sanitizer CHECK failure", .new_address = "",
			.set_frame_count = true, .new_frame_count = MAX_STATE_FRAMES,
			.origin = O_NONE })) {
		group(st, 1, &p, &n);
		strbuf_reset(&st->state);
		strbuf_add(&st->state, p, n);
		strbuf_addch(&st->state, '\n');
		st->process_died = true;
		return;
	}

	check_failure(st, P_SECURITY_CHECK, line, len, "Security CHECK failure");
	check_failure(st, P_SECURITY_DCHECK, line, len, "Security DCHECK failure");

	/* culprit always reports timeouts and OOMs */
	upd_match(st, P_LIBFUZZER_TIMEOUT, line, len, &(struct upd){
		.new_type = "Timeout", .reset = true, .origin = O_LINE });
	upd_match(st, P_CENTIPEDE_TIMEOUT, line, len, &(struct upd){
		.new_type = "Timeout", .reset = true, .origin = O_NONE });
	upd_match(st, P_OUT_OF_MEMORY, line, len, &(struct upd){
		.new_type = "Out-of-memory", .reset = true, .origin = O_LINE });

	if (!st->type.len)
		parse_untyped_line(st, line, len);
	if (st->fatal_error && parse_fatal_error_line(st, line, len))
		return;

	if (st->state.len && has_any(line, len, STATE_STOP_MARKERS,
				     ARRAY_SIZE(STATE_STOP_MARKERS))) {
		st->frame_count = MAX_STATE_FRAMES;
		st->stopped = true;
		st->events++;
		return;
	}

	/* a cut last line would name a cut function */
	if (st->type.len && !st->partial_line)
		parse_frame_line(st, line, len);
}

/* ------------------------------------------------------------------ */
/* Finishing a report.                                                  */

static bool frames_equal(struct ps *st, size_t a, size_t b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(st->raw[a + i], st->raw[b + i]))
			return false;
	return true;
}

/* A stack overflow names the recursion cycle, not wherever it was cut. */
static void stack_overflow_cycle(struct ps *st)
{
	if (!type_is(st, "Stack-overflow"))
		return;
	for (size_t start = 0; start < st->raw_nr; start++) {
		for (size_t cl = 1; cl <= MAX_CYCLE_LENGTH; cl++) {
			bool ok = true;

			if (start + REPEATED_CYCLE_COUNT * cl >= st->raw_nr)
				continue;
			for (size_t r = 1; r < REPEATED_CYCLE_COUNT && ok; r++)
				ok = frames_equal(st, start, start + r * cl, cl);
			if (ok) {
				strbuf_reset(&st->state);
				for (size_t i = 0; i < cl && i < MAX_STATE_FRAMES; i++) {
					if (i)
						strbuf_addch(&st->state, '\n');
					strbuf_addstr(&st->state, st->raw[start + i]);
				}
				strbuf_addch(&st->state, '\n');
				free(st->title_frame);
				free(st->title_file);
				st->title_frame = xstrdup(st->raw[start]);
				st->title_file = NULL;
				return;
			}
		}
	}
}

/* ClusterFuzz's filter_crash_parameters(). */
static void finish_params(struct ps *st)
{
	struct strbuf out = STRBUF_INIT;
	const char *p, *e;
	size_t n;

	/* printable ASCII and whitespace only */
	for (size_t i = 0; i < st->state.len; i++) {
		unsigned char c = st->state.buf[i];

		if ((c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r'))
			strbuf_addch(&out, c);
	}
	strbuf_reset(&st->state);
	strbuf_addbuf(&st->state, &out);
	strbuf_reset(&out);

	replace_all(st, P_STATE_OFFSET, &st->state, "\n");
	replace_all(st, P_STATE_ADDRESS, &st->state, "ADDRESS");
	replace_all(st, P_STATE_NUMBER, &st->state, "NUMBER");

	/* lines of at most LINE_LENGTH_CAP characters, except Bad-cast ones */
	for (p = st->state.buf; p < st->state.buf + st->state.len; p = e + 1) {
		size_t l;

		e = memchr(p, '\n', st->state.buf + st->state.len - p);
		if (!e)
			e = st->state.buf + st->state.len;
		l = e - p;
		if (strncmp(p, "Bad-cast", 8) && l > LINE_LENGTH_CAP)
			l = LINE_LENGTH_CAP;
		strbuf_add(&out, p, l);
		strbuf_addch(&out, '\n');
	}
	strbuf_reset(&st->state);
	strbuf_addbuf(&st->state, &out);
	strbuf_release(&out);

	n = 0;
	for (size_t i = 0; i < st->state.len; i++)
		if (!isspace((unsigned char)st->state.buf[i]))
			n++;
	if (st->type.len && !n) {
		strbuf_reset(&st->state);
		strbuf_addstr(&st->state, "NULL");
	}
	if (st->state.len && strcmp(st->state.buf, "NULL") &&
	    st->state.buf[st->state.len - 1] != '\n')
		strbuf_addch(&st->state, '\n');

	/* access sizes above 16 bytes are all alike */
	if (match(st, P_ACCESS_SIZE, st->type.buf, st->type.len) && group(st, 2, &p, &n)) {
		size_t head = p - st->type.buf, tail = head + n;
		unsigned long long v = strtoull(p, NULL, 10);
		struct strbuf t = STRBUF_INIT;

		strbuf_add(&t, st->type.buf, head);
		if (n > 18 || v > 16)
			strbuf_addstr(&t, "{*}");
		else
			strbuf_addf(&t, "%llu", v);
		strbuf_addstr(&t, st->type.buf + tail);
		strbuf_reset(&st->type);
		strbuf_addbuf(&st->type, &t);
		strbuf_release(&t);
	}

	if (st->address.len && !strncmp(st->type.buf, "UNKNOWN", 7) &&
	    address_value(st->address.buf) < NULL_DEREF_BOUNDARY) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addstr(&t, "Null-dereference");
		strbuf_addstr(&t, st->type.buf + 7);
		strbuf_reset(&st->type);
		strbuf_addbuf(&st->type, &t);
		strbuf_release(&t);
	}
}

static const struct {
	const char *tool, *prefix;
} TOOL_PREFIXES[] = {
	{ "AddressSanitizer", "ASAN" }, { "HWAddressSanitizer", "HWASAN" },
	{ "MemorySanitizer", "MSAN" }, { "ThreadSanitizer", "TSAN" },
	{ "LeakSanitizer", "LSAN" }, { "UndefinedBehaviorSanitizer", "UBSAN" },
	{ "libFuzzer", "LIBFUZZER" },
};

static void add_type_word(struct strbuf *t, const char *s, size_t n)
{
	bool dash = t->len && t->buf[t->len - 1] != '-';

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (isalnum(c)) {
			if (dash)
				strbuf_addch(t, '-');
			dash = false;
			strbuf_addch(t, toupper(c));
		} else if (t->len && t->buf[t->len - 1] != '-') {
			dash = true;
		}
	}
}

static char *make_type(struct ps *st)
{
	struct strbuf t = STRBUF_INIT;
	const char *nl = strchr(st->type.buf, '\n');
	const char *paren = strstr(st->type.buf, " (");
	size_t first = nl ? (size_t)(nl - st->type.buf) : st->type.len;

	/* "Alloc-dealloc-mismatch (operator new [] vs free)": the kind only */
	if (paren && (size_t)(paren - st->type.buf) < first)
		first = paren - st->type.buf;

	for (size_t i = 0; i < ARRAY_SIZE(TOOL_PREFIXES); i++)
		if (!strcmp(st->tool.buf, TOOL_PREFIXES[i].tool))
			strbuf_addstr(&t, TOOL_PREFIXES[i].prefix);
	if (!t.len && st->tool.len)
		add_type_word(&t, st->tool.buf, st->tool.len);
	add_type_word(&t, st->type.buf, first);
	if (nl) {
		/* "READ 4": the access kind, not its size */
		const char *w = nl + 1, *we = w;

		while (*we && *we != ' ' && *we != '\n')
			we++;
		add_type_word(&t, w, we - w);
	}
	return strbuf_detach(&t, NULL);
}

/* "0x1234abcd" -> "ADDR"; cut to TITLE_MAX. */
static char *make_title(struct ps *st, const char *frame)
{
	struct strbuf t = STRBUF_INIT;

	if (st->tool.len && st->kind.len) {
		strbuf_addf(&t, "%s: %s", st->tool.buf, st->kind.buf);
	} else {
		const char *nl = strchr(st->type.buf, '\n');

		strbuf_add(&t, st->type.buf, nl ? (size_t)(nl - st->type.buf) : st->type.len);
	}
	if (frame)
		strbuf_addf(&t, " in %s", frame);
	replace_all(st, P_STATE_ADDRESS, &t, "ADDR");
	for (size_t i = 0; i < t.len; i++)
		if ((unsigned char)t.buf[i] < 0x20 || (unsigned char)t.buf[i] >= 0x7f)
			t.buf[i] = '?';
	if (t.len > TITLE_MAX)
		strbuf_setlen(&t, TITLE_MAX);
	return strbuf_detach(&t, NULL);
}

static void emit(struct ps *st, struct report_list *list, size_t start, size_t end)
{
	struct crash_report *r;
	struct strbuf text = STRBUF_INIT;
	const char *frame;

	stack_overflow_cycle(st);
	finish_params(st);
	frame = st->title_frame ? st->title_frame
		: st->first_frame ? st->first_frame
		: st->raw_nr ? st->raw[0] : st->soft_frame;

	if (list->nr > st->first_item && type_is(st, "Direct-leak") &&
	    list->items[list->nr - 1].crash_type &&
	    !strcmp(list->items[list->nr - 1].crash_type, "Indirect-leak")) {
		/* an indirect leak does not matter next to a direct one */
		r = &list->items[list->nr - 1];
		start = r->start;
		crash_report_release(r);
	} else {
		ALLOC_GROW(list->items, list->nr + 1, list->alloc);
		r = &list->items[list->nr++];
	}
	memset(r, 0, sizeof(*r));
	r->title = make_title(st, frame);
	r->type = make_type(st);
	r->frame = frame ? xstrdup(frame) : NULL;
	if (frame && frame == st->title_frame && st->title_file)
		r->guilty_file = xstrdup(st->title_file);
	/* a sanitizer report without a single usable frame was cut or garbled */
	r->corrupted = !frame && ends_with(st->tool.buf, "Sanitizer");
	r->start = start;
	r->end = end;
	for (size_t i = start; i < end; i++)
		if (st->buf[i] != '\r')
			strbuf_addch(&text, st->buf[i]);
	r->report = strbuf_detach(&text, NULL);
	r->crash_type = xstrdup(st->type.buf);
	r->crash_state = xstrdup(st->state.buf);
}

static void state_clear(struct ps *st)
{
	strbuf_reset(&st->type);
	strbuf_reset(&st->state);
	strbuf_reset(&st->address);
	strbuf_reset(&st->check_file);
	strbuf_reset(&st->tool);
	strbuf_reset(&st->kind);
	st->frame_count = 0;
	st->process_died = st->found_java = st->bad_cast_end = false;
	st->fatal_error = st->found_golang = st->saw_frame = st->stopped = false;
	st->rust = st->want_message = st->python = false;
	strbuf_reset(&st->py_frames);
	for (size_t i = 0; i < st->raw_nr; i++)
		free(st->raw[i]);
	st->raw_nr = 0;
	free(st->title_frame);
	free(st->title_file);
	st->title_file = NULL;
	free(st->first_frame);
	free(st->soft_frame);
	st->title_frame = st->first_frame = st->soft_frame = NULL;
}

/* ------------------------------------------------------------------ */
/* Driving: triggers, lines, reports.                                   */

struct line_reader {
	const char *buf;
	size_t len, pos;
	struct strbuf line;	/* current line without '\r' */
	size_t start, end;	/* its bytes in buf (end after '\n') */
	bool partial;		/* no '\n' at its end */
};

static bool next_line(struct line_reader *lr)
{
	const char *nl;
	size_t e;

	if (lr->pos >= lr->len)
		return false;
	nl = memchr(lr->buf + lr->pos, '\n', lr->len - lr->pos);
	e = nl ? (size_t)(nl - lr->buf) : lr->len;
	lr->start = lr->pos;
	lr->end = nl ? e + 1 : e;
	lr->partial = !nl;
	strbuf_reset(&lr->line);
	if (e - lr->pos <= MAX_LINE) {
		const char *p = lr->buf + lr->pos, *end = lr->buf + e, *cr;

		while ((cr = memchr(p, '\r', end - p))) {
			strbuf_add(&lr->line, p, cr - p);
			p = cr + 1;
		}
		strbuf_add(&lr->line, p, end - p);
	} else {
		strbuf_add(&lr->line, lr->buf + lr->pos, MAX_LINE + 1); /* ignored */
	}
	lr->pos = lr->end;
	return true;
}

/*
 * Feed a line, splitting "text<Tool>Sanitizer:DEADLYSIGNAL" (a crash line
 * glued to the sanitizer's signal banner) in two first.
 */
static void feed(struct ps *st, const char *line, size_t len)
{
	static const char banner[] = "Sanitizer:DEADLYSIGNAL";
	const size_t bl = sizeof(banner) - 1;

	if (len > bl && !memcmp(line + len - bl, banner, bl)) {
		const char *b = line + len - bl;

		while (b > line && isalpha((unsigned char)b[-1]))
			b--;
		if (b > line) {
			bool text = false;

			for (const char *p = line; p < b; p++)
				if (!isspace((unsigned char)*p))
					text = true;
			if (text) {
				parse_line(st, line, b - line);
				parse_line(st, b, line + len - b);
				return;
			}
		}
	}
	parse_line(st, line, len);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* Start of the first line at or after pos that holds a trigger, or len. */
static size_t next_trigger(const char *buf, size_t len, size_t pos)
{
	const unsigned char *b = (const unsigned char *)buf;

	for (size_t i = pos; i + 1 < len; i++) {
		unsigned k = trigger_pairs[b[i] | b[i + 1] << 8];

		for (; k; k = triggers[k - 1].next) {
			const struct trigger *t = &triggers[k - 1];
			size_t at;

			if (i < pos + t->off)
				continue;
			at = i - t->off;
			if (at + t->len > len || memcmp(buf + at, t->s, t->len))
				continue;
			while (at > pos && buf[at - 1] != '\n')
				at--;
			return at;
		}
	}
	return len;
}

size_t report_parse_userspace(const char *buf, size_t len, struct report_list *list)
{
	struct ps st = { 0 };
	struct line_reader lr = { .buf = buf, .len = len, .line = STRBUF_INIT };
	size_t before = list->nr, pos = 0;
	size_t hdr_start = len, hdr_end = len;	/* "ERROR: LeakSanitizer:" line */

	if (!buf || !len)
		return 0;
	pthread_once(&rx_once, rx_init);
	st.md = pcre2_match_data_create(40, NULL);
	st.buf = buf;
	st.len = len;
	st.san_signal = -1;
	st.first_item = list->nr;
	st.is_golang = -1;
	st.go_from = st.go_at = len;
	strbuf_init(&st.type, 0);
	strbuf_init(&st.state, 0);
	strbuf_init(&st.address, 0);
	strbuf_init(&st.check_file, 0);
	strbuf_init(&st.tool, 0);
	strbuf_init(&st.kind, 0);
	strbuf_init(&st.py_frames, 0);

	while ((pos = next_trigger(buf, len, pos)) < len) {
		size_t start = pos, end = pos, idle = 0, settled = 0;
		size_t sig_type = 0, sig_state = 0;
		bool typed = false, header = false;

		lr.pos = pos;
		st.seg_start = pos;
		st.is_golang = -1;
		while (next_line(&lr)) {
			int ev = st.events;

			if (typed && st.saw_frame &&
			    match(&st, P_REPORT_HEADER, lr.line.buf, lr.line.len) &&
			    (ends_with(st.tool.buf, "Sanitizer") ||
			     !match(&st, P_SIGNAL_HEADER, lr.line.buf, lr.line.len))) {
				/*
				 * The next sanitizer report: parse it on its own,
				 * unless it is the signal that ends an assertion.
				 */
				lr.pos = lr.start;
				break;
			}
			st.partial_line = lr.partial;
			feed(&st, lr.line.buf, lr.line.len);
			if (!st.type.len && !st.python && !typed) {
				/* the trigger line did not start a report */
				header = match(&st, P_REPORT_HEADER, lr.line.buf, lr.line.len);
				break;
			}
			if (!typed) {
				/* a report may start at a header just before */
				start = hdr_end <= lr.start && blank(buf + hdr_end, lr.start - hdr_end)
					? hdr_start : lr.start;
			}
			typed = true;
			if (st.events != ev) {
				idle = 0;
				end = lr.end;
			} else if (lr.line.len) {
				if (++idle >= IDLE_LINES)
					break;
			}
			/* endless frames (a dump of 10^5 goroutines) add nothing */
			if (st.frame_count >= MAX_STATE_FRAMES && st.type.len == sig_type &&
			    st.state.len == sig_state) {
				if (++settled >= SETTLED_LINES)
					break;
			} else {
				settled = 0;
				sig_type = st.type.len;
				sig_state = st.state.len;
			}
			if (has_any(lr.line.buf, lr.line.len, REPORT_END_MARKERS,
				    ARRAY_SIZE(REPORT_END_MARKERS))) {
				end = lr.end;
				break;
			}
		}
		if (typed && st.type.len)
			emit(&st, list, start, end);
		state_clear(&st);
		hdr_start = header ? lr.start : len;
		hdr_end = header ? lr.end : len;
		pos = lr.pos;
	}

	strbuf_release(&lr.line);
	state_clear(&st);
	free(st.raw);
	strbuf_release(&st.type);
	strbuf_release(&st.state);
	strbuf_release(&st.address);
	strbuf_release(&st.check_file);
	strbuf_release(&st.tool);
	strbuf_release(&st.kind);
	strbuf_release(&st.py_frames);
	pcre2_match_data_free(st.md);
	return list->nr - before;
}

size_t report_userspace_drop_overlaps(struct report_list *user,
				      const struct report_list *kernel)
{
	size_t kept = 0, k = 0;

	for (size_t i = 0; i < user->nr; i++) {
		struct crash_report *u = &user->items[i];
		bool overlap = false;

		/* both lists are in order of start */
		while (k < kernel->nr && kernel->items[k].end <= u->start &&
		       kernel->items[k].start != u->start)
			k++;
		for (size_t j = k; j < kernel->nr && kernel->items[j].start <= u->end; j++) {
			const struct crash_report *kr = &kernel->items[j];

			if (kr->start == u->start || (kr->start < u->end && u->start < kr->end))
				overlap = true;
		}
		if (overlap)
			crash_report_release(u);
		else
			user->items[kept++] = *u;
	}
	user->nr = kept;
	return kept;
}
