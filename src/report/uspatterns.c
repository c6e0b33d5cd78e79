// SPDX-License-Identifier: Apache-2.0
/*
 * uspatterns.c - the user-space tables: every regex, the frame-skipping
 * rules, the marker lists and the trigger words; compiled once.
 *
 * The regexes and rules are ClusterFuzz's stack analyzer's (constants.py
 * of google/clusterfuzz, src/clusterfuzz/stacktraces/, Apache-2.0) so that
 * crash_type and crash_state come out as ClusterFuzz gives them; the ones
 * marked "culprit" are additions for generic repositories (current Rust
 * panics, plain JVM exceptions and Python tracebacks, modern TSan frames).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "usint.h"
#include "util/util.h"

#define A PCRE2_ANCHORED	/* Python's re.match(): anchored at the start */
#define I PCRE2_CASELESS

/* ClusterFuzz's C_CPP_EXTENSIONS and GOOGLE_LOG_FATAL_PREFIX */
#define SRC_EXT "(?:c|cc|cpp|cxx|h|hh|hpp|hxx)"
#define GLOG_FATAL "F\\d{4}\\s+\\d{2}:\\d{2}:\\d{2}\\.\\d+\\s+\\d+\\s+(.*):\\d+\\]"
#define GO_PANIC "(?:.* )?panic( in .*)?: runtime error: "
/* a Chrome log prefix "[pid:tid:time:FATAL:file.cc(12)]" or "...:file.cc:12]" */
#define CHROME_PREFIX "\\s*\\[[^\\]]*[:]([^\\](]*\\([0-9]+\\)|[^\\]:]*[:][0-9]+).*\\]"

static const struct pattern PATTERNS[] = {
	/* ---- assertions ---- */
	{ P_ASSERT, A | I, "(?:\\[.*?\\]|.*\\." SRC_EXT ":.*)?"
		"\\s*(?:ASSERT(?:ION)? FAIL(?:URE|ED)|panic): (.*)", "panic: |assert" },
	{ P_ASSERT_GOOGLE, A, GLOG_FATAL ".*assertion failed at\\s.*\\sin\\s*.*: (.*)",
	  "assertion failed at" },
	{ P_ASSERT_GLIBC, A | I, ".*:\\s*assertion [`'\"]?(.*?)[`'\"]? failed\\.?$", "assertion" },
	{ P_ASSERT_GLIBC_SUFFIXED, A, "(?=.*assertion .* failed:.).*\\S.*\\/.*:\\d+:\\s*"
		"assertion .* failed:\\s*(\\S.*)", "assertion " },
	{ P_RUST_ASSERT, A | I, "thread\\s.*\\spanicked at '([^']*)", "panicked at" },
	{ P_ASSERT_NOT_REACHED, A, "\\s*SHOULD NEVER BE REACHED\\s*$" },
	/* culprit: glibc's "prog: file.c:12: func: Assertion `x' failed." names the function */
	{ P_ASSERT_GLIBC_FUNCTION, A, ".*?:\\d+: ([^:]+): Assertion [`'\"]", ": Assertion " },
	/* culprit: Rust >= 1.73, "thread 'main' (12) panicked at src/x.rs:5:5:", message below */
	{ P_RUST_PANIC, A, "thread '[^']*'(?: \\(\\d+\\))? panicked at ([^ ]+?):\\d+:\\d+:\\s*$",
	  "panicked at" },
	{ P_RUST_FRAME, A, "\\s*\\d+: (\\S.*)$" },

	/* ---- debuggers ---- */
	{ P_GDB_CRASH_TYPE, A, "Program received signal ([a-zA-Z]+)," },
	{ P_GDB_CRASH_ADDRESS, A, "rip[ ]+([xX0-9a-fA-F]+)" },
	{ P_GDB_CRASH_ADDRESS_NO_REGS, A, "(0[xX][0-9a-fA-F]+)\\s+in\\s+" },
	{ P_MAC_GDB_CRASH_ADDRESS, A, "Reason:.*at address[^0-9]*([0-9a-zA-Z]+)" },
	{ P_CDB_CRASH_TYPE_ADDRESS, A, "Attempt to (.*) [^ ]* address (.*)" },
	{ P_CDB_STACK_OVERFLOW, A, ".*ExceptionCode: .*\\(Stack overflow\\).*", "Stack overflow" },
	{ P_CDB_CRASH_TYPE, A, ".*DEFAULT_BUCKET_ID[ ]*[:][ ]*([a-zA-Z_]+)", "DEFAULT_BUCKET_ID" },
	{ P_CDB_STACK_START, A, "ChildEBP RetAddr" },

	/* ---- sanitizers ---- */
	{ P_MSAN_TSAN, A, ".*(ThreadSanitizer|MemorySanitizer):\\s+(?!ABRT)(?!ILL)([^(:]+)", "Sanitizer:" },
	{ P_LSAN_DIRECT, A, "Direct leak of " },
	{ P_LSAN_INDIRECT, A, "Indirect leak of " },
	{ P_UBSAN_VPTR, A, "(.*): runtime error: (member access within|member call on|downcast of)"
		" address ([xX0-9a-fA-F]+) .* of type (.*)", "runtime error: " },
	{ P_UBSAN_VPTR_INVALID_DOWNCAST, A, ".*note: object is of type (.*)", "note: object is of type" },
	{ P_CFI_INVALID_DOWNCAST, A, ".*note: vtable is of type (.*)", "note: vtable is of type" },
	{ P_UBSAN_VPTR_INVALID_VPTR, A, ".*note: object has invalid vptr", "note: object has invalid vptr" },
	{ P_CFI_INVALID_VPTR, A, ".*note: invalid vtable$", "note: invalid vtable" },
	{ P_CFI_FUNC_DEFINED_HERE, A, ".*note: .* defined here$", "note: " },
	{ P_UBSAN_VPTR_INVALID_OFFSET, A, ".*at offset (\\d+) within object of type (.*)",
	  " within object of type " },
	{ P_CFI_ERROR, A, "(.*): runtime error: control flow integrity check for type (.*) "
		"failed during (.*vtable address ([xX0-9a-fA-F]+)|.*)", "runtime error: control flow integrity" },
	{ P_CFI_NODEBUG, A, "CFI: Most likely a control flow integrity violation;.*" },

	{ P_GOLANG_DIV_ZERO, A | I, GO_PANIC "integer divide by zero", "runtime error: ",
	  "Integer divide by zero" },
	{ P_GOLANG_INDEX_OOR, A | I, GO_PANIC "index out of range", "runtime error: ",
	  "Index out of range" },
	{ P_GOLANG_INVALID_ADDR, A | I, GO_PANIC "invalid memory address", "runtime error: ",
	  "Invalid memory address" },
	{ P_GOLANG_MAKESLICE, A | I, GO_PANIC "makeslice: len out of range", "runtime error: ",
	  "Makeslice: len out of range" },
	{ P_GOLANG_SLICE_BOUNDS, A | I, GO_PANIC "slice bounds out of range", "runtime error: ",
	  "Slice bounds out of range" },
	{ P_GOLANG_STACK_OVERFLOW, A, "fatal error: stack overflow", NULL, "Stack overflow" },

	{ P_UBSAN_RUNTIME_ERROR, A, "(.*): runtime error: (.*)", ": runtime error: " },
	{ P_UBSAN_DIV_ZERO, A, ".*division by zero", NULL, "Divide-by-zero" },
	{ P_UBSAN_FLOAT_CAST, A, ".*outside the range of representable values", NULL, "Float-cast-overflow" },
	{ P_UBSAN_IMPLICIT_CONV, A, ".*implicit conversion from type", NULL, "Implicit-conversion" },
	{ P_UBSAN_BAD_FUNC_PTR, A, ".*call to function [^\\s]+ through pointer to incorrect function type",
	  NULL, "Incorrect-function-pointer-type" },
	{ P_UBSAN_INDEX_OOB, A, ".*out of bounds for type", NULL, "Index-out-of-bounds" },
	{ P_UBSAN_INVALID_BOOL, A, ".*not a valid value for type '(bool|BOOL)'", NULL, "Invalid-bool-value" },
	{ P_UBSAN_INVALID_BUILTIN, A, ".*, which is not a valid argument", NULL, "Invalid-builtin-use" },
	{ P_UBSAN_MISALIGNED, A, ".*misaligned address", NULL, "Misaligned-address" },
	{ P_UBSAN_NO_RETURN, A, ".*reached the end of a value-returning function", NULL, "No-return-value" },
	{ P_UBSAN_NULL_ARG, A, ".*null pointer passed as .*, which is declared to never be null", NULL,
	  "Invalid-null-argument" },
	{ P_UBSAN_NULL_READ, A, ".*load of null pointer", NULL, "Null-dereference READ" },
	{ P_UBSAN_NULL_REF, A, ".*(binding to|access within|call on) null pointer", NULL, "Null-dereference" },
	{ P_UBSAN_NULL_WRITE, A, ".*store to null pointer", NULL, "Null-dereference WRITE" },
	{ P_UBSAN_OBJECT_SIZE, A, ".*address .* with insufficient space for an object of type", NULL,
	  "Object-size" },
	{ P_UBSAN_PTR_OVERFLOW, A, ".*((addition|subtraction) of unsigned offset |"
		"pointer index expression with base |applying non-zero offset [0-9]+ to null pointer|"
		"applying zero offset to null pointer)", NULL, "Pointer-overflow" },
	{ P_UBSAN_NONNULL_RETURN, A, ".*null pointer returned from function declared to never return null",
	  NULL, "Invalid-null-return" },
	{ P_UBSAN_SHIFT, A, ".*shift", NULL, "Undefined-shift" },
	{ P_UBSAN_UNREACHABLE, A, ".*execution reached an unreachable program point", NULL, "Unreachable code" },
	{ P_UBSAN_UNSIGNED_OVERFLOW, A, ".*unsigned integer overflow", NULL, "Unsigned-integer-overflow" },
	{ P_UBSAN_UPCAST_NULL, A, ".*upcast of null pointer of type", NULL, "Upcast-of-null-pointer" },
	{ P_UBSAN_VLA_BOUND, A, ".*variable length array bound evaluates to non-positive value", NULL,
	  "Non-positive-vla-bound-value" },
	/* supersets of other reasons: last */
	{ P_UBSAN_INVALID_ENUM, A, ".*not a valid value for type", NULL, "Invalid-enum-value" },
	{ P_UBSAN_INT_OVERFLOW, A, ".*(integer overflow|(negation|division) of.*cannot be represented in type)",
	  NULL, "Integer-overflow" },
	{ P_UBSAN_ASSUMPTION, A, ".*assumption is violated", NULL, "Assumption-violation" },

	{ P_ASAN_MEMCPY_OVERLAP, A, ".*(AddressSanitizer).*memcpy-param-overlap[^\\[]*([\\[].*[)])",
	  "memcpy-param-overlap" },
	{ P_PYTHON_UNHANDLED, A, "\\s*=== Uncaught Python exception: ===$" },
	{ P_JS_UNCAUGHT, A, "\\s*==\\d+== Uncaught Exception: Jazzer.js: .*", "Jazzer.js" },
	{ P_SAN_SEGV, A, ".*([a-zA-Z]+Sanitizer).*(SEGV|access-violation) on unknown address ([xX0-9a-fA-F]+)",
	  " on unknown address " },
	{ P_ASAN_INVALID_FREE, A, ".*AddressSanitizer: attempting free on address which was not"
		" malloc\\(\\)-ed: ([xX0-9a-fA-F]+)", "attempting free on address" },
	{ P_ASAN_DOUBLE_FREE, A, ".*(AddressSanitizer).*double-free on (unknown address |address |)([xX0-9a-fA-F]+)",
	  "double-free" },
	{ P_SAN_FPE, A, ".*[a-zA-Z]+Sanitizer: FPE ", "Sanitizer: FPE " },
	{ P_SAN_ADDR, A, ".*(ERROR: [a-zA-Z]+Sanitizer)[: ]*(.*) on (unknown address |address |)([xX0-9a-fA-F]+)",
	  "Sanitizer" },
	{ P_WINDOWS_SAN_ILL, A, ".*[a-zA-Z]+Sanitizer: illegal-instruction", "Sanitizer: illegal-instruction" },
	{ P_SAN_SEGV_CRASH_TYPE, A, ".*The signal is caused by a ([A-Z]+) memory access.",
	  "The signal is caused by a " },
	{ P_SAN_CRASH_TYPE_ADDRESS, A, "[ ]*([^ ]*|Atomic [^ ]*) of size ([^ ]*) at ([^ ]*)", " of size " },

	/* ---- Android, and kernels read as user-space stacks ---- */
	{ P_ANDROID_SEGV, A, ".*signal.*\\(SIG.*fault addr ([^ ]*)(.*)", "fault addr" },
	{ P_ANDROID_PROCESS_NAME, A, ".*[(](.*)[)]$" },
	{ P_ANDROID_SIGTRAP, A, ".*signal.*\\(SIGTRAP.*fault addr ([^ ]*)(.*)", "SIGTRAP" },
	{ P_ANDROID_SIGABRT, A, ".*signal.*\\(SIGABRT.*fault addr --------", "SIGABRT" },
	{ P_ANDROID_ABORT, A, "Abort message: (.*)" },
	{ P_ANDROID_KERNEL_ERROR, A, ".*Internal error: (Oops)?( -|:) (BUG|[0-9a-fA-F]+)", "Internal error" },
	{ P_KERNEL_PANIC, A, "Kernel panic - not syncing: (.*)" },
	{ P_KERNEL_BUG, A, "kernel BUG at (.*)" },
	{ P_KASAN_TYPE_ADDRESS, A, "BUG: KASAN: (.*) (in|on).*(addr|address) ([a-f0-9]+)" },
	{ P_KASAN_TYPE_RANGE, A, "KASAN: (.*?) (in|on) range \\[([a-z0-9]+)-([a-z0-9]+)\\]" },
	{ P_KASAN_TYPE_FUNCTION, A, "BUG: KASAN: (.*) (in|on).* ([\\w]+)\\+([\\w]+)\\/([\\w]+)" },
	{ P_KASAN_GPF, A, "general protection fault:.*KASAN" },
	{ P_KASAN_ACCESS_ADDRESS, A, "(Read|Write) of size ([0-9]+) at (addr|address) ([a-f0-9]+)" },
	{ P_KASAN_ACCESS, A, "(Read|Write) of size ([0-9]+)" },
	{ P_KERNEL_TIME, A, "\\[\\s*\\d+\\.\\d+\\]\\s" },
	{ P_ANDROID_FATAL_EXCEPTION, A, ".*FATAL EXCEPTION.*:", "FATAL EXCEPTION" },

	/* ---- extra sanitizers ---- */
	{ P_EXTRA_SHELL, A, "===BUG DETECTED: Shell (corruption|injection)===" },
	{ P_EXTRA_FILE_OPEN, A, "===BUG DETECTED: Arbitrary file open===" },
	{ P_EXTRA_DNS, A, "===BUG DETECTED: Arbitrary domain name resolution===" },
	{ P_EXTRA_PYSECSAN, A, "===BUG DETECTED: PySecSan:" },
	{ P_SAN_CHECK_FAILURE, A, ".*Sanitizer CHECK failed[:]\\s*[^ ]*\\s*(.*)", "Sanitizer CHECK failed" },
	{ P_SECURITY_CHECK, A, ".*\\[[^\\]]*[:]([^\\](]*).*\\].*Security CHECK failed[:]\\s*(.*)\\.\\s*",
	  "Security CHECK failed" },
	{ P_SECURITY_DCHECK, A, ".*\\[[^\\]]*[:]([^\\](]*).*\\].*Security DCHECK failed[:]\\s*(.*)\\.\\s*",
	  "Security DCHECK failed" },

	/* ---- fuzzing engines ---- */
	{ P_LIBFUZZER_TIMEOUT, A, ".*ERROR:\\s*libFuzzer:\\s*timeout", "libFuzzer" },
	{ P_CENTIPEDE_TIMEOUT, A, "(?:========= Timeout of \\d+ seconds exceeded; exiting"
		"|========= Per-input timeout exceeded:)", "=========" },
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
		"|rss limit exhausted|in rust_oom|Failure description: out-of-memory"
		"|========= RSS limit exceeded:|A device memory allocation has failed\\."
		"|__rust_alloc_error_handler)",
	  "ut of memory|OutOfMemory|OnNoMemory|failed to allocate|invalid size error|allocation-size-too-big"
	  "|calloc-overflow|calloc parameters overflow|requested allocation size|rss limit exhausted"
	  "|rust_oom|RSS limit exceeded|out-of-memory|memory allocation has failed|alloc_error_handler" },
	{ P_CENTIPEDE_STACK_LIMIT, A, "========= Stack limit exceeded: \\d+ > \\d+ \\(byte\\); aborting$" },
	{ P_V8_SANDBOX_VIOLATION, A, "## V8 sandbox violation detected!$" },
	{ P_ASAN, A, ".*ERROR: (HWAddressSanitizer|AddressSanitizer)[: ]*[ ]*([^(:;]+)", "Sanitizer" },
	{ P_HWASAN_TAIL_ADDRESS, A, ".*ERROR: HWAddressSanitizer: allocation-tail-overwritten; "
		"heap object \\[([xX0-9a-fA-F]+),.*of size", "allocation-tail-overwritten" },
	{ P_GPU_FAILURE, A, ".*GPU process exited unexpectedly", "GPU process exited unexpectedly" },

	/* ---- exceptions, logging, CHECKs ---- */
	{ P_JAZZER_SECURITY, A, "== Java Exception: .*FuzzerSecurityIssue", "FuzzerSecurityIssue" },
	{ P_JAZZER_EXCEPTION, A, "== Java Exception: " },
	{ P_WYCHEPROOF, A, ".*\\) (.*\\(com\\.google\\.security\\.wycheproof\\.[a-zA-Z0-9]*\\))", "wycheproof" },
	/* culprit: a plain JVM, 'Exception in thread "main" java.lang.Foo: message' */
	{ P_JAVA_UNCAUGHT, A, "Exception in thread \"[^\"]*\" " },
	{ P_JAVA_EXCEPTION_CLASS, A, "(?:== Java Exception: |Exception in thread \"[^\"]*\" )([^\\s:]+)" },
	/* culprit: plain Python, frames outermost first, then "ValueError: message" */
	{ P_PYTHON_TRACEBACK, A, "Traceback \\(most recent call last\\):" },
	{ P_PYTHON_FRAME, A, "\\s+File \"([^\"]*)\", line (\\d+), in (.+)$" },
	{ P_GOOGLE_LOG_FATAL, A, GLOG_FATAL "\\s*(.*)", "]" },
	{ P_CHROME_CHECK, A, CHROME_PREFIX ".*(?:Check failed:|NOTREACHED hit.)\\s*(.*)",
	  "Check failed:|NOTREACHED hit" },
	{ P_CHROME_DCHECK, A, CHROME_PREFIX ".*(?:DCHECK failed:)\\s*(.*)", "DCHECK failed:" },
	{ P_GOOGLE_CHECK, A, GLOG_FATAL "\\s*Check failed[:]\\s*(.*)", "Check failed" },
	{ P_FATAL_ERROR, A, "#\\s*Fatal error in (.*)" },
	{ P_GOLANG_FATAL_ERROR, A, "fatal error: (.*)" },
	{ P_V8_ABORT, A, "abort: (CSA_(?:ASSERT|DCHECK) failed: .*)" },
	{ P_V8_ABORT_METADATA, A, "(.*?) \\[(.*):\\d+\\]$" },
	{ P_V8_ERROR, A, "\\s*\\[[^\\]]*\\] V8 error: (.+)\\.$", "V8 error: " },
	{ P_V8_CORRECTNESS_FAILURE, A, "#\\s*V8 correctness failure" },
	{ P_GENERIC_SEGV, A, "Received signal 11 (?:SEGV_[A-Z]+|<unknown>) ([0-9a-f]*)" },
	{ P_LIBFUZZER_DEADLY_SIGNAL, A, ".*ERROR:\\s*libFuzzer:\\s*deadly signal", "libFuzzer" },
	{ P_LIBFUZZER_EXITED, A, ".*ERROR:\\s*libFuzzer:\\s*fuzz target exited", "libFuzzer" },
	{ P_LIBFUZZER_OVERWRITES_INPUT, A, ".*ERROR:\\s*libFuzzer:\\s*fuzz target overwrites its const input",
	  "libFuzzer" },
	{ P_LIBRARY_NOT_FOUND_ANDROID, A, ".*: library ([`'\"])(.*)\\1 not found", " not found" },
	{ P_LIBRARY_NOT_FOUND_LINUX, A, ".*error while loading shared libraries: ([^:]*): "
		"cannot open shared object file", "error while loading shared libraries" },
	{ P_SYMBOL_NOT_FOUND, A, ".*: cannot locate symbol ([`'\"])(.*)\\1 referenced by",
	  "cannot locate symbol" },
	{ P_FATAL_ERROR_LINE, A, "#\\s*Fatal error in (.*), line [0-9]+" },
	{ P_FATAL_ERROR_DCHECK, A, "#\\s+(Debug check failed: )(.*)" },
	{ P_FATAL_ERROR_CHECK, A, "#\\s+(Check failed: |RepresentationChangerError: node #\\d+:)(.*)" },
	{ P_FATAL_ERROR_GENERIC, A, "#\\s+()(.*)" },
	{ P_FATAL_ERROR_UNREACHABLE, A, "# un(reachable|implemented) code" },

	{ P_SAN_DEADLYSIGNAL, A, "(Address|Leak|Memory|UndefinedBehavior|Thread)Sanitizer:DEADLYSIGNAL" },
	{ P_SAN_ABRT, A, ".*[a-zA-Z]+Sanitizer: ABRT ", "Sanitizer: ABRT " },
	{ P_SAN_BREAKPOINT, A, ".*[a-zA-Z]+Sanitizer: breakpoint ", "Sanitizer: breakpoint " },
	{ P_SAN_ILL, A, ".*[a-zA-Z]+Sanitizer: ILL ", "Sanitizer: ILL " },
	{ P_SAN_TRAP, A, ".*[a-zA-Z]+Sanitizer: TRAP ", "Sanitizer: TRAP " },

	/* ---- stack frames ---- */
	{ P_CDB_STACK_FRAME, A, "([0-9a-zA-Z`]+) ([0-9a-zA-Z`]+) ([0-9a-zA-Z_]+)!(.*)\\+([xX0-9a-fA-F]+)", "!" },
	/*
	 * "#N 0xADDR in func file:line:col" and its variants; group 3 is the
	 * frame, function (7, 5, 23), file (12, 16), module offset (21, 32).
	 */
	{ P_SAN_STACK_FRAME, A, "\\s*#(?P<frame_id>\\d+)\\s+([xX0-9a-fA-F]+)\\s+"
		"((in\\s*(((.*)\\+([xX0-9a-fA-F]+))|(.*)) "
		"((([^ ]+):(\\d+):(\\d+))|(([^ ]+):(\\d+))"
		"|(\\(([^+]+)(\\+([xX0-9a-fA-F]+))?\\))))"
		"|(in\\s*(((.*)\\+([xX0-9a-fA-F]+))|(.*)))"
		"|(\\((((.*)\\+([xX0-9a-fA-F]+))|(.*))\\)))", "#" },
	{ P_CHROME_STACK_FRAME, A, "[ ]*(#(?P<frame_id>[0-9]+)[ ]([xX0-9a-fA-F]+)[ ])([^/\\\\]+)$", "#" },
	{ P_CHROME_MAC_STACK_FRAME, A, "(?P<frame_id>\\d+)\\s+(([\\w ]+)|(\\?\\?\\?))\\s+([xX0-9a-fA-F]+)\\s+"
		"([^/\\\\]+)\\s*\\+\\s*(\\d+)", "+" },
	{ P_CHROME_WIN_STACK_FRAME, A, "[ ]*([^/\\\\]+) \\[([xX0-9a-fA-F]+)\\+(\\d+)\\]( \\((.*):(\\d+)\\))?", " [" },
	{ P_JAVA_EXCEPTION_FRAME, A, "\\s*at (.*)\\(.*\\)", "at " },
	{ P_ANDROID_KERNEL_FRAME, A, "[^(]*\\[\\<([x0-9a-fA-F]+)\\>\\]\\s+\\(?(([\\w]+)\\+([\\w]+)/[\\w]+)\\)?", "[<" },
	{ P_ANDROID_KERNEL_FRAME_NO_ADDR, A, "\\(?(([\\w]+)\\+([\\w]+)/[\\w]+)\\)?", "+" },
	{ P_V8_CORRECTNESS_METADATA, A, "#\\s*V8 correctness ((configs|sources|suppression): .*)" },
	{ P_GOLANG_STACK_FRAME, A, "([0-9a-zA-Z\\.\\-\\_\\\\\\/\\(\\)\\*]+)\\([x0-9a-f\\s,\\.{}]*\\)$" },
	{ P_PYTHON_STACK_FRAME, A, "\\s*File \"([^\"]+)\", line (\\d+), in (.+)$", "File \"" },
	{ P_JS_STACK_FRAME, A, "\\s* at ([^\\s]+) \\(.*:\\d+:\\d+\\)", " at " },
	{ P_TRUSTY_STACK_FRAME, A, "(uSP)\\+([a-zA-Z0-9]{6}): (0x[a-fA-F0-9]{16}) in (\\w+)", "uSP+" },
	/* culprit: TSan's "#N func file:line (module+0xoff)", no address */
	{ P_TSAN_STACK_FRAME, A, "\\s*#\\d+\\s+(?!0x)(.+) \\([^ ()]+\\+0x[0-9a-fA-F]+\\)$", "#" },
	{ P_STRIP_IN, A, "in (.*)" },
	{ P_STRIP_PARENS, A, "\\((.*)\\)$" },

	/* ---- clean-up of crash states ---- */
	{ P_FIX_FAILED_VS, 0, "(?<=failed): .*\\svs\\.\\s.*$" },
	{ P_FIX_PAREN_VS, 0, " \\(.*\\s+vs\\.\\s+.*" },
	{ P_FIX_QUOTED_VALUE, 0, "\\s*[:=]\\s*(['\"]).*\\1$" },
	{ P_STATE_OFFSET, 0, "\\+0x[0-9a-fA-F]+\\n" },
	{ P_STATE_ADDRESS, 0, "0x[a-fA-F0-9]{4,}[U]*" },
	{ P_STATE_NUMBER, 0, "(?<![:0-9.])(?:[0-9.]{4,}|(?<=[@#])[0-9]+)(?![A-Za-z0-9.])" },
	{ P_ACCESS_SIZE, A | PCRE2_DOTALL, "([^0-9]+)([0-9]+)" },
	/* culprit: an assertion's or a panic's abort() looks like this */
	{ P_SIGNAL_HEADER, A, ".*Sanitizer: (?:ABRT|SEGV|ILL|TRAP|BUS|FPE|breakpoint|"
		"illegal-instruction) ", "Sanitizer: " },
	/* culprit: printk timestamps; kernel lines belong to the kernel formats */
	{ P_KERNEL_LINE, A, "\\[\\s*\\d+\\.\\d+\\](?!\\[\\d)", "[" },
	/* culprit: a sanitizer report that starts a new crash */
	{ P_REPORT_HEADER, A, ".*(?:(?:ERROR|WARNING): [A-Za-z]+Sanitizer: |: runtime error: )",
	  "Sanitizer: |: runtime error: " },
};

/*
 * The frame-skipping rules, one table: frames that never name the guilty
 * function. A frame is skipped when a rule matches: EXACT the whole name,
 * PREFIX its start, CONTAINS anywhere (frames carry their file: path rules
 * are CONTAINS), SYMBOLIZED anywhere in symbolized frames. A SOFT frame
 * (main) is skipped too, but still names a report when nothing better is
 * left.
 */
#define EX(re, why) { SKIP_EXACT, re, why }
#define PR(re, why) { SKIP_PREFIX, re, why }
#define CO(re, why) { SKIP_CONTAINS, re, why }
const struct skip_rule frame_skip_rules[] = {
	EX("abort", "abort"), EX("exit", "exit"), EX("pthread_create", "libc"),
	EX("pthread_kill", "signal"), EX("raise", "signal"), EX("tgkill", "signal"),
	EX("__chk_fail", "libc fortify"), EX("__fortify_fail", "libc fortify"),
	PR("(|__)aeabi_", "libc"), PR("(|__)memcmp", "libc"), PR("(|__)memcpy", "libc"),
	PR("(|__)memmove", "libc"), PR("(|__)memset", "libc"), PR("(|__)strcmp", "libc"),
	PR("(|__)strcpy", "libc"), PR("(|__)strdup", "libc"), PR("(|__)strlen", "libc"),
	PR("(|__)strncpy", "libc"), PR("<null>", "unknown"), PR("Abort\\(", "abort"),
	PR("CFCrash", "abort"), PR("ExitCallback", "fuzzer"), PR("IsSandboxedProcess", "runtime"),
	PR("LLVMFuzzerTestOneInput", "fuzzer entry"), PR("MSanAtExitWrapper", "sanitizer"),
	PR("New", "allocation"), PR("RaiseException", "signal"),
	PR("SbSystemBreakIntoDebugger", "abort"), PR("SignalAction", "signal"),
	PR("SignalHandler", "signal"), PR("TestOneProtoInput", "fuzzer entry"),
	PR("WTF::", "allocation"), PR("WTFCrash", "abort"), PR("X11Error", "runtime"),
	PR("_L_unlock_", "libc"), PR("_\\$LT\\$", "rust mangling"), PR("__GI_", "libc"),
	PR("___interceptor_backtrace", "sanitizer"),
	PR("__asan::", "sanitizer"), PR("__asan_", "sanitizer"), PR("__assert_", "assert"),
	PR("__cxa_atexit", "libc++abi"), PR("__cxa_rethrow", "libc++abi"),
	PR("__cxa_throw", "libc++abi"), PR("__dump_stack", "kernel dump"),
	PR("__hwasan::", "sanitizer"), PR("__hwasan_", "sanitizer"),
	PR("__interceptor_", "sanitizer"), PR("__kasan_", "sanitizer"), PR("__libc_", "libc"),
	PR("__lsan::", "sanitizer"), PR("__lsan_", "sanitizer"), PR("__msan::", "sanitizer"),
	PR("__msan_", "sanitizer"), PR("__pthread_kill", "signal"),
	PR("__run_exit_handlers", "exit"), PR("__rust_try", "rust runtime"),
	PR("__sanitizer::", "sanitizer"), PR("__sanitizer_", "sanitizer"),
	PR("__tsan::", "sanitizer"), PR("__tsan_", "sanitizer"), PR("__ubsan::", "sanitizer"),
	PR("__ubsan_", "sanitizer"), PR("_asan_", "sanitizer"), PR("_hwasan_", "sanitizer"),
	PR("_lsan_", "sanitizer"), PR("_msan_", "sanitizer"), PR("_objc_terminate", "runtime"),
	PR("_sanitizer_", "sanitizer"), PR("_start", "entry"), PR("_tsan_", "sanitizer"),
	PR("_ubsan_", "sanitizer"), PR("abort", "abort"), PR("alloc::", "rust allocation"),
	PR("android\\.app\\.ActivityManagerProxy\\.", "android runtime"),
	PR("android\\.os\\.Parcel\\.", "android runtime"),
	PR("art::Thread::CreateNativeThread", "android runtime"), PR("asan_", "sanitizer"),
	PR("asan\\.module_ctor", "sanitizer"), PR("asan\\.module_dtor", "sanitizer"),
	PR("calloc", "allocation"), PR("check_memory_region", "sanitizer"),
	PR("common_exit", "exit"), PR("core::fmt::write", "rust runtime"),
	PR("delete", "allocation"), PR("demangling_terminate_handler", "libc++abi"),
	PR("dump_backtrace", "kernel dump"), PR("dump_stack", "kernel dump"),
	PR("exit_or_terminate_process", "exit"), PR("fpehandler\\(", "signal"),
	PR("free", "allocation"), PR("fuzzer::", "fuzzer"), PR("g_log", "logging"),
	PR("generic_cpp_", "runtime"), PR("gsignal", "signal"), PR("kasan_", "sanitizer"),
	PR("libfuzzer_sys::initialize", "fuzzer"), { SKIP_SOFT, "main", "entry" },
	PR("malloc", "allocation"), PR("mozalloc_", "allocation"), PR("new", "allocation"),
	PR("object_err", "sanitizer"), PR("operator", "allocation"),
	PR("panic_abort::", "rust runtime"), PR("print_trailer", "sanitizer"),
	PR("realloc", "allocation"), PR("rust_begin_unwind", "rust runtime"),
	PR("rust_fuzzer_test_input", "fuzzer"), PR("rust_oom", "rust runtime"),
	PR("rust_panic", "rust runtime"), PR("scanf", "libc"), PR("show_stack", "kernel dump"),
	PR("core::panic", "rust runtime"), PR("std::__terminate", "libc++abi"),
	PR("std::io::Write::write_fmt", "rust runtime"), PR("std::panic", "rust runtime"),
	PR("std::process::abort", "abort"), PR("std::sys::unix::abort", "abort"),
	PR("std::sys::backtrace", "rust runtime"), PR("std::sys_common::backtrace", "rust runtime"),
	PR("__rust_start_panic", "rust runtime"), PR("__scrt_common_main_seh", "entry"),
	PR("libgcc_s.so.*", "runtime"),
	CO("ASAN_OnSIGSEGV", "sanitizer"), CO("BaseThreadInitThunk", "entry"),
	CO("DebugBreak", "abort"), CO("DefaultDcheckHandler", "logging"),
	CO("ForceCrashOnSigAbort", "abort"), CO("MemoryProtection::CMemoryProtector", "allocation"),
	CO("PartitionAlloc", "allocation"), CO("RtlFreeHeap", "allocation"),
	CO("RtlInitializeExceptionChain", "entry"), CO("RtlReportCriticalFailure", "abort"),
	CO("RtlUserThreadStart", "entry"), CO("RtlpHeapHandleError", "allocation"),
	CO("RtlpLogHeapFailure", "allocation"), CO("SkDebugf", "logging"),
	CO("StackDumpSignalHandler", "signal"), CO("__android_log_assert", "assert"),
	CO("__tmainCRTStartup", "entry"), CO("_asan_rtl_", "sanitizer"),
	CO("agent::asan::", "sanitizer"), CO("allocator_shim", "allocation"),
	CO("asan_Heap", "sanitizer"), CO("asan_check_access", "sanitizer"),
	CO("asan_osx_dynamic\\.dylib", "sanitizer"), CO("assert", "assert"),
	CO("base::FuzzedDataProvider", "fuzzer"), CO("base::allocator", "allocation"),
	CO("base::android::CheckException", "runtime"), CO("base::debug::BreakDebugger", "abort"),
	CO("base::debug::CollectStackTrace", "logging"),
	CO("base::debug::StackTrace::StackTrace", "logging"), CO("ieee754\\-", "libc"),
	CO("libpthread", "libc"), CO("logger", "logging"), CO("logging::CheckError", "logging"),
	CO("logging::.*LogMessage", "logging"), CO("logging::.*NoreturnError", "logging"),
	CO("stdext::exception::what", "runtime"), CO("v8::base::OS::Abort", "abort"),
	CO("Runtime_AbortCSADcheck", "abort"),
	CO(" base/callback", "path: callbacks"), CO(" /rust(|c)/", "path: rust std"),
	CO("/AOSP\\-toolchain/", "path: toolchain"), CO("/bindings/ToV8\\.h", "path: bindings"),
	CO("/crosstool/", "path: toolchain"), CO("/gcc/", "path: toolchain"),
	CO("/glibc\\-", "path: libc"), CO("/googletest/", "path: googletest"),
	CO("/jemalloc/", "path: allocation"), CO("/libc\\+\\+", "path: libc++"),
	CO("/libc/", "path: libc"), CO("/llvm\\-build/", "path: toolchain"),
	CO("/minkernel/crts/", "path: libc"), CO("/sanitizer_common/", "path: sanitizer"),
	CO("/tcmalloc/", "path: allocation"), CO("/vc/include/", "path: libc"),
	CO("/vctools/crt/", "path: libc"), CO("/win_toolchain/", "path: toolchain"),
	CO("libc\\+\\+/", "path: libc++"), PR("c:/clusterfuzz/bot/build", "path: fuzzer"),
	CO("third_party/fuzztest/", "path: fuzzer"), CO("/memorycmp\\.c", "path: fuzzer"),
	CO("\\+Unknown", "unknown"), CO("<unknown module>", "unknown"),
	CO("Inline Function @", "unknown"), EX("<unknown>", "unknown"), EX("\\[vdso\\]", "kernel"),
	EX("linux-gate.so.*", "kernel"),
	EX("panic", "go runtime"), PR("runtime\\.", "go runtime"),
	PR("CrashTrampolineAsm", "fuchsia"),
	PR("libc_io_functions_not_implemented_use_fdio_instead", "fuchsia"),
	PR("<libclang_rt.asan.so>", "fuchsia"), PR("__zx_panic", "fuchsia"),
	PR("syslog::LogMessage", "fuchsia"),
	PR("print_address_description", "kernel sanitizer"), PR("_etext", "kernel"),
	PR("_swift_stdlib_", "swift runtime"), CO("centipede::", "fuzzer"),
	CO("fuzztest::internal::", "fuzzer"),
	PR("V8_Fatal", "abort"), PR("blink::ReportV8FatalError", "abort"),
	PR("v8::api_internal::ToLocalEmpty", "abort"), PR("absl::log_internal::", "logging"),
	PR("SkAbort_FileLine", "abort"), PR("SkMutex::~SkMutex", "exit"),
	/* culprit: the Rust standard library on the way to a panic */
	PR("__rustc::", "rust runtime"), PR("core::result::unwrap_failed", "rust runtime"),
	PR("core::option::unwrap_failed", "rust runtime"),
	PR("core::option::expect_failed", "rust runtime"),
	PR("core::result::Result<.*>::(?:expect|unwrap)", "rust runtime"),
	PR("core::option::Option<.*>::(?:expect|unwrap)", "rust runtime"),
	PR("core::ops::function::", "rust runtime"), PR("std::rt::", "rust runtime"),
	/* culprit: the C++ library's allocation wrappers around operator new */
	PR("std::(?:__1::|__Cr::)?(?:__libcpp_allocate|__libcpp_operator_new|allocator<|"
	   "allocator_traits<|__new_allocator<)", "std:: allocation"),
	PR("__gnu_cxx::new_allocator<", "std:: allocation"),
	/* culprit: the JDK's own modules, Python's library */
	PR("java\\.base/", "jvm"), CO(" [^ ]*/lib/python[0-9.]*/", "path: python"),
	{ SKIP_SYMBOLIZED, "libc\\.so", "libc" }, { SKIP_SYMBOLIZED, "libc\\+\\+\\.so", "libc++" },
	{ SKIP_SYMBOLIZED, "libc\\+\\+_shared\\.so", "libc++" },
	{ SKIP_SYMBOLIZED, "libstdc\\+\\+\\.so", "libstdc++" },
	{ SKIP_SYMBOLIZED, "libc-.*\\.so", "libc" },
};
const size_t frame_skip_rules_nr = ARRAY_SIZE(frame_skip_rules);

/*
 * libc functions a crash passes through on its way to the signal: they stay
 * in crash_state (as in ClusterFuzz) but do not name the title.
 */
const char *const title_skip_frames[] = {
	"raise", "abort", "gsignal", "pthread_kill", "__pthread_kill_implementation",
	"__pthread_kill_internal", "__GI_raise", "__GI_abort", "__libc_message",
	"__assert_fail", "__assert_fail_base", "clock_nanosleep", "__nanosleep",
	"nanosleep", "usleep", "sleep", "poll", "__poll", "epoll_wait", "select",
	"read", "__libc_read", "write", "__libc_write", "syscall", "wait4", "waitpid",
	"do_system", "system", "futex_wait", "__futex_abstimed_wait_common",
	"pthread_cond_wait", "pthread_mutex_lock", "__lll_lock_wait",
	/* libFuzzer's malloc hooks, on the way to a malloc-limit report */
	"MallocHook", "MallocFreeTracer::Malloc",
	/* V8's API failure reporting */
	"v8::Utils::ReportApiFailure", NULL,
};

/* A later ABRT, breakpoint, ILL or TRAP report does not replace these. */
const char *const keep_on_signal_types[] = {
	"Arbitrary file open", "ASSERT", "CHECK failure", "Command injection",
	"DCHECK failure", "Fatal error", "Security CHECK failure", "Security DCHECK failure",
	"Stack-overflow", "Out-of-memory", "Timeout", "Unreachable code", "V8 API error",
	"V8 sandbox violation", NULL,
};

/* Once the state has a frame, these lines end frame collection. */
const char *const state_stop_markers[] = {
	"Direct leak of", "Uninitialized value was stored to memory at",
	"allocated by thread", "created by main thread at",
	"located in stack of thread", "previously allocated by", NULL,
};

/* Lines shown in reports but never used to classify. */
const char *const ignored_line_markers[] = {
	":INFO:CONSOLE", "SUMMARY:", "WARNING: AddressSanitizer",
	"failed to mprotect 0x00010000", "text run at (",
	"Please include Java exception stack in crash report", NULL,
};

/* Lines that end a report. */
const char *const report_end_markers[] = { "SUMMARY: ", "==ABORTING", NULL };

/* Asserts crash on these addresses on purpose (crash_analyzer.py). */
const unsigned long long assert_crash_addresses[] = {
	0xbbadbeefULL, 0xfbadbeefULL, 0x1f75b7ddULL, 0x977537ddULL, 0x9f7537ddULL, 0,
};

/*
 * A report can only start on a line holding one of these (case-sensitive),
 * or on a glog "F0101 12:34:56.789 ..." line (see us_next_trigger()).
 */
const char *const trigger_words[] = {
	"Sanitizer", "runtime error:", "libFuzzer:", "ssert", "SSERT", "anic: ",
	"ANIC: ", "panicked at", "SHOULD NEVER BE REACHED", "Program received signal",
	"leak of ", "CFI: Most likely", "fatal error: ", "===BUG DETECTED",
	"fault addr", "Abort message: ", "CHECK failed", "Check failed",
	"ut of memory", "OutOfMemory", "OnNoMemory", "rss limit exhausted",
	"=========", "GPU process exited", "== Java Exception: ", "FATAL EXCEPTION",
	"Fatal error in", "V8 error:", "Received signal 11", ": library ",
	"error while loading shared libraries", "invalid size error", "rust_oom",
	"# un", "Allocation failed", "Exception in thread \"", "Traceback (most recent",
	/* families of ClusterFuzz's newer analyzer */
	"Panic in ", "panic in ", "Uncaught Python exception", "Uncaught Exception: Jazzer.js",
	"KASAN", "Kernel panic - not syncing", "Internal error:", "kernel BUG at",
	"general protection fault:", "Attempt to ", "DEFAULT_BUCKET_ID", "(Stack overflow)",
	"ChildEBP RetAddr", "Trusted App crash", "NOTREACHED hit", "V8 sandbox violation",
	"abort: CSA_", "cannot locate symbol", "out-of-memory", "__rust_alloc_error_handler",
	"FatalProcess", "Failure description", NULL,
};

/* ------------------------------------------------------------------ */
/* Compiling the tables once.                                           */

pcre2_code *us_rx[P__COUNT];
const char *us_rx_type[P__COUNT];
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

bool us_need_met(enum pat id, const char *s, size_t n)
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

/* One alternation of the frame-skipping rules of the kinds in `mask`. */
static pcre2_code *compile_skip(unsigned mask, bool anchored)
{
	struct strbuf sb = STRBUF_INIT;
	pcre2_code *code;
	size_t n = 0;

	strbuf_addstr(&sb, "(?:");
	for (size_t i = 0; i < frame_skip_rules_nr; i++) {
		const struct skip_rule *r = &frame_skip_rules[i];

		if (!(mask & (1u << r->kind)))
			continue;
		if (n++)
			strbuf_addch(&sb, '|');
		strbuf_addf(&sb, "(?:%s)%s", r->re, r->kind == SKIP_EXACT ? "$" : "");
	}
	if (!n)
		strbuf_addstr(&sb, "(*FAIL)");
	strbuf_addch(&sb, ')');
	code = regex_compile_internal(sb.buf, (size_t)-1, anchored ? PCRE2_ANCHORED : 0);
	strbuf_release(&sb);
	return code;
}

/*
 * Trigger search: one pass, testing each byte pair against a bitmap of the
 * rarest byte pair of every trigger word, and comparing the words only on
 * a hit (about a nanosecond a byte).
 */
#define NTRIGGERS 80
static struct trigger {
	const char *s;
	size_t len, off;	/* s[off], s[off + 1]: the pair looked for */
	uint8_t next;		/* 1 + next trigger with the same pair, or 0 */
} triggers[NTRIGGERS];
static uint8_t trigger_pairs[65536];	/* pair -> 1 + first trigger, or 0 */
/* the same pairs, and "\nF" (glog), as 8 KiB of bits: the scan's cheap first look */
static uint64_t trigger_bits[65536 / 64];

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
	size_t i;

	for (i = 0; trigger_words[i]; i++) {
		struct trigger *t = &triggers[i];
		unsigned pair;
		int best = -1;

		if (i + 1 >= NTRIGGERS)
			BUG("too many trigger words");
		t->s = trigger_words[i];
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
		pair = (unsigned char)t->s[t->off] | (unsigned char)t->s[t->off + 1] << 8;
		t->next = trigger_pairs[pair];
		trigger_pairs[pair] = i + 1;
		trigger_bits[pair / 64] |= 1ull << (pair % 64);
	}
	trigger_bits[('\n' | 'F' << 8) / 64] |= 1ull << (('\n' | 'F' << 8) % 64);
}

/* glog: "F0101 12:34:56.789012 1234 file.cc:12] ..." at s[0] */
static bool glog_fatal_at(const char *s, const char *end)
{
	static const char shape[] = "F9999 99:99:99.";

	if (end - s < (ptrdiff_t)sizeof(shape))
		return false;
	for (size_t i = 0; i + 1 < sizeof(shape); i++)
		if (shape[i] == '9' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return false;
	return true;
}

void us_trigger_pairs(uint64_t bits[1024])
{
	us_init();
	for (size_t i = 0; i < 1024; i++)
		bits[i] |= trigger_bits[i];
}

size_t us_triggers_at(const char *buf, size_t len, size_t i, size_t *at, size_t max)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t n = 0;
	unsigned pair, k;

	if (i + 1 >= len)
		return 0;
	pair = b[i] | b[i + 1] << 8;
	if (!(trigger_bits[pair / 64] & (1ull << (pair % 64))))
		return 0;
	if (b[i] == '\n' && b[i + 1] == 'F' && glog_fatal_at(buf + i + 1, buf + len) && n < max)
		at[n++] = i + 1;
	for (k = trigger_pairs[pair]; k && n < max; k = triggers[k - 1].next) {
		const struct trigger *t = &triggers[k - 1];

		if (i < t->off || i - t->off + t->len > len || buf[i - t->off] != t->s[0] ||
		    buf[i - t->off + t->len - 1] != t->s[t->len - 1] || memcmp(buf + i - t->off, t->s, t->len))
			continue;
		at[n++] = i - t->off;
	}
	return n;
}

bool us_glog_start(const char *buf, size_t len)
{
	return glog_fatal_at(buf, buf + len);
}

size_t us_next_trigger(const char *buf, size_t len, size_t pos)
{
	const unsigned char *b = (const unsigned char *)buf;

	if (pos == 0 && glog_fatal_at(buf, buf + len))
		return 0;
	for (size_t i = pos; i + 1 < len; i++) {
		unsigned pair = b[i] | b[i + 1] << 8, k;

		if (!(trigger_bits[pair / 64] & (1ull << (pair % 64))))
			continue;
		k = trigger_pairs[pair];
		if (b[i] == '\n' && b[i + 1] == 'F' && glog_fatal_at(buf + i + 1, buf + len))
			return i + 1;
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

static void rx_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(PATTERNS); i++) {
		if (us_rx[PATTERNS[i].id])
			BUG("pattern %d defined twice", (int)PATTERNS[i].id);
		us_rx[PATTERNS[i].id] = regex_compile_internal(PATTERNS[i].re, (size_t)-1,
							       PATTERNS[i].flags);
		us_rx_type[PATTERNS[i].id] = PATTERNS[i].type;
		need_init(&needs[PATTERNS[i].id], PATTERNS[i].need, PATTERNS[i].flags & PCRE2_CASELESS);
	}
	us_rx[P_FRAME_IGNORE] = compile_skip(1u << SKIP_EXACT | 1u << SKIP_PREFIX | 1u << SKIP_SOFT, true);
	us_rx[P_FRAME_IGNORE_ANYWHERE] = compile_skip(1u << SKIP_CONTAINS, false);
	us_rx[P_FRAME_IGNORE_SYMBOLIZED] = compile_skip(1u << SKIP_SYMBOLIZED, false);
	trigger_init();
	for (int i = 0; i < P__COUNT; i++)
		if (!us_rx[i])
			BUG("pattern %d missing", i);
	for (int i = P_GOLANG_DIV_ZERO; i <= P_GOLANG_STACK_OVERFLOW; i++)
		if (!us_rx_type[i])
			BUG("pattern %d names no crash type", i);
	for (int i = P_UBSAN_DIV_ZERO; i <= P_UBSAN_ASSUMPTION; i++)
		if (!us_rx_type[i])
			BUG("pattern %d names no crash type", i);
}

void us_init(void)
{
	pthread_once(&rx_once, rx_init);
}
