/* SPDX-License-Identifier: Apache-2.0 */
/*
 * userspace.h - user-space crash formats, internal to src/report/.
 *
 * Formats: AddressSanitizer (heap-use-after-free, heap/stack/global buffer
 * overflows, stack-overflow, double-free, invalid free, SEGV/ILL/ABRT/FPE/
 * breakpoint on unknown address, container-overflow, memcpy-param-overlap,
 * allocation failures, ...), HWAddressSanitizer, MemorySanitizer,
 * ThreadSanitizer, UndefinedBehaviorSanitizer ("runtime error:", CFI
 * bad-casts), LeakSanitizer, libFuzzer (deadly signal, timeout,
 * out-of-memory, fuzz target exited), glibc/generic assertions, Rust panics
 * (with or without a backtrace), Chrome
 * and glog CHECK failures, V8 fatal errors, Go panics, uncaught Java
 * exceptions (JVM and Jazzer), Python tracebacks, gdb "Program received
 * signal", ClusterFuzz's extra sanitizers (shell injection, arbitrary file
 * open, DNS resolution).
 *
 * report_parse() calls report_parse_userspace() after the kernel formats. It
 * appends one struct crash_report per crash found, in order of appearance,
 * and returns how many it appended. A report ends at its "SUMMARY:" or
 * "==ABORTING" line, at the next sanitizer report (but for the signal that
 * ends an assertion or a panic), after 256 lines that
 * say nothing, or 4096 lines after its three frames are known (a dump of
 * every goroutine); an indirect leak is dropped when a direct leak follows
 * it. Never fails; cost is linear in `len` (one pass to find trigger words,
 * regexes only on the lines of a report). Thread-safe.
 *
 * Fields filled:
 *   crash_type, crash_state  exactly as ClusterFuzz's stack analyzer gives
 *       them: "Heap-use-after-free\nREAD 4", and the top three meaningful
 *       frames one per line ("foo\nbar\nbaz\n"; an assertion's or CHECK's
 *       message comes first; "NULL" when no frame is meaningful).
 *   title    "<tool>: <kind> in <frame>", where <tool> is the sanitizer or
 *       "libFuzzer" as printed and <kind> its words for the bug up to the
 *       address ("AddressSanitizer: heap-use-after-free in use_after_free",
 *       "AddressSanitizer: SEGV in parse", "libFuzzer: timeout in fuzz.c");
 *       UBSan and LSan use the crash type in lower case
 *       ("UndefinedBehaviorSanitizer: integer-overflow in add",
 *       "LeakSanitizer: direct-leak in make_node"); Java and Python give the
 *       exception class ("Python: KeyError in lookup"). Crashes without a tool
 *       use the crash type: "ASSERT in check_input", "CHECK failure in
 *       Foo::Bar", "Index out of range in table.lookup". " in <frame>" is
 *       left out when no frame is known. Addresses become "ADDR"; at most
 *       120 characters.
 *   frame    the first frame of the crash stack that is not a sanitizer,
 *       libc, allocator, logging or fuzzing-engine frame, nor a libc
 *       function on the way to a signal (raise, usleep, ...); "main" only
 *       when nothing else is left. NULL when there is none.
 *   type     "<TOOL>-<CRASH TYPE>[-READ|-WRITE]" in upper case with dashes:
 *       ASAN-HEAP-USE-AFTER-FREE-READ, ASAN-NULL-DEREFERENCE-READ,
 *       ASAN-STACK-OVERFLOW, HWASAN-TAG-MISMATCH-READ,
 *       MSAN-USE-OF-UNINITIALIZED-VALUE, TSAN-DATA-RACE-WRITE,
 *       UBSAN-INTEGER-OVERFLOW, LSAN-DIRECT-LEAK, LIBFUZZER-FATAL-SIGNAL,
 *       LIBFUZZER-TIMEOUT, LIBFUZZER-OUT-OF-MEMORY, JAVA-UNCAUGHT-EXCEPTION,
 *       PYTHON-UNCAUGHT-EXCEPTION; without a tool just the
 *       crash type: ASSERT, CHECK-FAILURE, UNCAUGHT-EXCEPTION, SIGTRAP.
 *   corrupted  a sanitizer report with no usable frame (cut or garbled).
 *   start, end, report  the report's bytes (from its header line to its
 *       SUMMARY line) and their text without '\r'.
 *   guilty_file  the source file printed with that frame ("/src/foo.c"), or
 *       NULL.
 * alt_titles, suppressed and panicked stay empty/false.
 * Everything is malloc()ed; crash_report_release() frees it.
 */
#ifndef CULPRIT_REPORT_USERSPACE_H
#define CULPRIT_REPORT_USERSPACE_H

#include "report.h"

size_t report_parse_userspace(const char *buf, size_t len, struct report_list *list);
/*
 * The same, with the trigger words and the anchors (near[], one per
 * anchor) already found by one scan (anchors.h).
 */
struct offsets;
size_t report_parse_userspace_at(const char *buf, size_t len, const struct offsets *trig,
				 const struct offsets *near, struct report_list *list);

/*
 * The same crash found by both halves (a Go panic is a syzkaller format
 * too; an LKL KASAN report inside a libFuzzer one): drop, and free, the
 * user-space reports that start on the first line of a report of `kernel`,
 * or inside which a report of `kernel` starts. Both lists in order of
 * start; buf[0..len) is the input. Linear. Returns how many stay.
 */
size_t report_userspace_drop_overlaps(struct report_list *user, const struct report_list *kernel,
				      const char *buf, size_t len);

/*
 * ClusterFuzz's crash_type, crash_state, crash_address and security of a
 * report the kernel formats found (KASAN, "Internal error: Oops", "Kernel
 * panic - not syncing", "kernel BUG at"), read from its text (prefixes
 * stripped) the way ClusterFuzz reads a whole log; culprit also takes
 * indented " func+0x1/0x2" call-trace lines and drops "c2 " CPU prefixes.
 * Leaves `r` as it is when nothing in the text gives a crash type. With
 * `type`, the crash type is that from the start, and the text gives the
 * frames of the state (a kernel crash ClusterFuzz has no name for).
 */
void report_userspace_fields(const char *text, size_t len, const char *type, struct crash_report *r);

#endif
