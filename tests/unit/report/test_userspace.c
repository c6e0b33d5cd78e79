// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the user-space crash parser (src/report/userspace.c), on
 * logs of its own: real output of gcc/clang sanitizers and libFuzzer
 * (generated once on Debian 12 and pasted here, shadow-byte dumps cut), a
 * few hand-written ones, truncations, CRLF, garbage, huge lines, threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/userspace.h"
#include "util/strbuf.h"
#include "util/util.h"

/* report.c's crash_report_release() may not be on main yet: a local copy. */
/* gcc 12 -fsanitize=address: use_after_free() reads freed memory. */
static const char LOG_UAF[] =
	"=================================================================\n"
	"==6985==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000014 at pc 0x55afeab40227 bp 0x7ffc21696f40 sp 0x7ffc21696f38\n"
	"READ of size 4 at 0x602000000014 thread T0\n"
	"    #0 0x55afeab40226 in use_after_free /tmp/uaf/uaf.c:15\n"
	"    #1 0x55afeab40243 in main /tmp/uaf/uaf.c:21\n"
	"    #2 0x7f68fa245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"    #3 0x7f68fa245304 in __libc_start_main_impl ../csu/libc-start.c:360\n"
	"    #4 0x55afeab400c0 in _start (/tmp/uaf/uaf+0x10c0)\n"
	"\n"
	"0x602000000014 is located 4 bytes inside of 16-byte region [0x602000000010,0x602000000020)\n"
	"freed by thread T0 here:\n"
	"    #0 0x7f68fa4b76a8 in __interceptor_free ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:52\n"
	"    #1 0x55afeab401da in use_after_free /tmp/uaf/uaf.c:14\n"
	"    #2 0x55afeab40243 in main /tmp/uaf/uaf.c:21\n"
	"    #3 0x7f68fa245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"previously allocated by thread T0 here:\n"
	"    #0 0x7f68fa4b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n"
	"    #1 0x55afeab4019a in make_buffer /tmp/uaf/uaf.c:6\n"
	"    #2 0x55afeab401ca in use_after_free /tmp/uaf/uaf.c:13\n"
	"    #3 0x55afeab40243 in main /tmp/uaf/uaf.c:21\n"
	"    #4 0x7f68fa245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"SUMMARY: AddressSanitizer: heap-use-after-free /tmp/uaf/uaf.c:15 in use_after_free\n"
	"==6985==ABORTING\n";

static const char LOG_UAFMAIN[] =
	"=================================================================\n"
	"==6986==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000011 at pc 0x556e0fdc01e4 bp 0x7fff91cb81a0 sp 0x7fff91cb8198\n"
	"READ of size 1 at 0x602000000011 thread T0\n"
	"    #0 0x556e0fdc01e3 in main /tmp/uaf/uafmain.c:7\n"
	"    #1 0x7f52d0c45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"    #2 0x7f52d0c45304 in __libc_start_main_impl ../csu/libc-start.c:360\n"
	"    #3 0x556e0fdc00b0 in _start (/tmp/uaf/uafmain+0x10b0)\n"
	"\n"
	"0x602000000011 is located 1 bytes inside of 16-byte region [0x602000000010,0x602000000020)\n"
	"freed by thread T0 here:\n"
	"    #0 0x7f52d0eb76a8 in __interceptor_free ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:52\n"
	"    #1 0x556e0fdc01a1 in main /tmp/uaf/uafmain.c:6\n"
	"    #2 0x7f52d0c45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"previously allocated by thread T0 here:\n"
	"    #0 0x7f52d0eb89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n"
	"    #1 0x556e0fdc0191 in main /tmp/uaf/uafmain.c:4\n"
	"    #2 0x7f52d0c45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"SUMMARY: AddressSanitizer: heap-use-after-free /tmp/uaf/uafmain.c:7 in main\n"
	"==6986==ABORTING\n";

static const char LOG_HBO[] =
	"=================================================================\n"
	"==7003==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x60200000001a at pc 0x56444af615c4 bp 0x7ffeb14dfa60 sp 0x7ffeb14dfa58\n"
	"WRITE of size 1 at 0x60200000001a thread T0\n"
	"    #0 0x56444af615c3 in heap_overflow /tmp/uaf/many.c:8\n"
	"    #1 0x56444af61cae in main /tmp/uaf/many.c:22\n"
	"    #2 0x7f43ac645249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"    #3 0x7f43ac645304 in __libc_start_main_impl ../csu/libc-start.c:360\n"
	"    #4 0x56444af611f0 in _start (/tmp/uaf/many_asan+0x21f0)\n"
	"\n"
	"0x60200000001a is located 2 bytes to the right of 8-byte region [0x602000000010,0x602000000018)\n"
	"allocated by thread T0 here:\n"
	"    #0 0x7f43ad0b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n"
	"    #1 0x56444af6152b in heap_overflow /tmp/uaf/many.c:8\n"
	"    #2 0x56444af61cae in main /tmp/uaf/many.c:22\n"
	"    #3 0x7f43ac645249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"SUMMARY: AddressSanitizer: heap-buffer-overflow /tmp/uaf/many.c:8 in heap_overflow\n"
	"==7003==ABORTING\n";

static const char LOG_DF[] =
	"=================================================================\n"
	"==7014==ERROR: AddressSanitizer: attempting double-free on 0x602000000010 in thread T0:\n"
	"    #0 0x7f1aac0b76a8 in __interceptor_free ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:52\n"
	"    #1 0x55fd885a1a3b in double_free /tmp/uaf/many.c:12\n"
	"    #2 0x55fd885a1d47 in main /tmp/uaf/many.c:26\n"
	"    #3 0x7f1aab645249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"    #4 0x7f1aab645304 in __libc_start_main_impl ../csu/libc-start.c:360\n"
	"    #5 0x55fd885a11f0 in _start (/tmp/uaf/many_asan+0x21f0)\n"
	"\n"
	"0x602000000010 is located 0 bytes inside of 8-byte region [0x602000000010,0x602000000018)\n"
	"freed by thread T0 here:\n"
	"    #0 0x7f1aac0b76a8 in __interceptor_free ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:52\n"
	"    #1 0x55fd885a1a2f in double_free /tmp/uaf/many.c:12\n"
	"    #2 0x55fd885a1d47 in main /tmp/uaf/many.c:26\n"
	"    #3 0x7f1aab645249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"previously allocated by thread T0 here:\n"
	"    #0 0x7f1aac0b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n"
	"    #1 0x55fd885a1a1f in double_free /tmp/uaf/many.c:12\n"
	"    #2 0x55fd885a1d47 in main /tmp/uaf/many.c:26\n"
	"    #3 0x7f1aab645249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"SUMMARY: AddressSanitizer: double-free ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:52 in __interceptor_free\n"
	"==7014==ABORTING\n";

static const char LOG_LEAK[] =
	"\n"
	"=================================================================\n"
	"==7015==ERROR: LeakSanitizer: detected memory leaks\n"
	"\n"
	"Direct leak of 123 byte(s) in 1 object(s) allocated from:\n"
	"    #0 0x7f6a256b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n"
	"    #1 0x55cd6e5eea86 in leak /tmp/uaf/many.c:14\n"
	"    #2 0x55cd6e5eed80 in main /tmp/uaf/many.c:28\n"
	"    #3 0x7f6a24c45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"\n"
	"SUMMARY: AddressSanitizer: 123 byte(s) leaked in 1 allocation(s).\n";

static const char LOG_MSAN[] =
	"==7025==WARNING: MemorySanitizer: use-of-uninitialized-value\n"
	"    #0 0x555cee3793ee in pick /tmp/uaf/msan.c:3:31\n"
	"    #1 0x555cee379570 in main /tmp/uaf/msan.c:4:89\n"
	"    #2 0x7f66c696c249 in __libc_start_call_main csu/../sysdeps/nptl/libc_start_call_main.h:58:16\n"
	"    #3 0x7f66c696c304 in __libc_start_main csu/../csu/libc-start.c:360:3\n"
	"    #4 0x555cee2f32a0 in _start (/tmp/uaf/msan+0x212a0) (BuildId: 4dcbd787b627435e7bd61e21f76d6bc1f7dddf76)\n"
	"\n"
	"SUMMARY: MemorySanitizer: use-of-uninitialized-value /tmp/uaf/msan.c:3:31 in pick\n"
	"Exiting\n";

static const char LOG_OOM[] =
	"INFO: Running with entropic power schedule (0xFF, 100).\n"
	"INFO: Seed: 3773820531\n"
	"INFO: Loaded 1 modules   (11 inline 8-bit counters): 11 [0x55a4b969ef90, 0x55a4b969ef9b), \n"
	"INFO: Loaded 1 PC tables (11 PCs): 11 [0x55a4b969efa0,0x55a4b969f050), \n"
	"./fz: Running 1 inputs 1 time(s) each.\n"
	"Running: M\n"
	"==7326== ERROR: libFuzzer: out-of-memory (used: 1015Mb; limit: 200Mb)\n"
	"   To change the out-of-memory limit use -rss_limit_mb=<N>\n"
	"\n"
	"SUMMARY: libFuzzer: out-of-memory\n";

static const char LOG_SO[] =
	"AddressSanitizer:DEADLYSIGNAL\n"
	"=================================================================\n"
	"==7048==ERROR: AddressSanitizer: stack-overflow on address 0x7fffd58b1f0c (pc 0x564cbab5a2cd bp 0x7fffd58b20a0 sp 0x7fffd58b1f00 T0)\n"
	"    #0 0x564cbab5a2cd in depth /tmp/uaf/many.c:7\n"
	"    #1 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #2 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #3 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #4 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #5 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #6 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #7 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #8 0x564cbab5a409 in depth /tmp/uaf/many.c:7\n"
	"    #12 0x55601acd8409 in depth /tmp/uaf/many.c:7\n";

static const char LOG_TIMEOUT[] =
	"INFO: Running with entropic power schedule (0xFF, 100).\n"
	"INFO: Seed: 1514625529\n"
	"INFO: Loaded 1 modules   (11 inline 8-bit counters): 11 [0x55d60cffaf90, 0x55d60cffaf9b), \n"
	"INFO: Loaded 1 PC tables (11 PCs): 11 [0x55d60cffafa0,0x55d60cffb050), \n"
	"./fz: Running 1 inputs 1 time(s) each.\n"
	"Running: T\n"
	"ALARM: working on the last Unit for 1 seconds\n"
	"       and the timeout value is 1 (use -timeout=N to change)\n"
	"==7061== ERROR: libFuzzer: timeout after 1 seconds\n"
	"    #0 0x55d60cfd7d44 in __sanitizer_print_stack_trace (/tmp/uaf/fz+0x68d44) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"    #1 0x55d60cfae818 in fuzzer::PrintStackTrace() (/tmp/uaf/fz+0x3f818) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"    #2 0x55d60cf94059 in fuzzer::Fuzzer::AlarmCallback() (/tmp/uaf/fz+0x25059) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"    #3 0x7febab45a04f  (/lib/x86_64-linux-gnu/libc.so.6+0x3c04f) (BuildId: 93ac61ec5a8eb1396f9fbd350e3169a558528a40)\n"
	"    #4 0x7febab4ed544 in clock_nanosleep time/../sysdeps/unix/sysv/linux/clock_nanosleep.c:48:7\n"
	"    #5 0x7febab4f1e52 in __nanosleep posix/../sysdeps/unix/sysv/linux/nanosleep.c:25:13\n"
	"    #6 0x7febab51d294 in usleep misc/../sysdeps/posix/usleep.c:31:10\n"
	"    #7 0x55d60cfd80eb in LLVMFuzzerTestOneInput /tmp/uaf/fz.c:9:39\n"
	"    #8 0x55d60cf954d3 in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) (/tmp/uaf/fz+0x264d3) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"    #9 0x55d60cf7f4df in fuzzer::RunOneTest(fuzzer::Fuzzer*, char const*, unsigned long) (/tmp/uaf/fz+0x104df) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"    #10 0x55d60cf85216 in fuzzer::FuzzerDriver(int*, char***, int (*)(unsigned char const*, unsigned long)) (/tmp/uaf/fz+0x16216) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"    #11 0x55d60cfaf052 in main (/tmp/uaf/fz+0x40052) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"    #12 0x7febab445249 in __libc_start_call_main csu/../sysdeps/nptl/libc_start_call_main.h:58:16\n"
	"    #13 0x7febab445304 in __libc_start_main csu/../csu/libc-start.c:360:3\n"
	"    #14 0x55d60cf79b70 in _start (/tmp/uaf/fz+0xab70) (BuildId: 2b5a31403d73cf022f56c81906889aa9afe05221)\n"
	"\n"
	"SUMMARY: libFuzzer: timeout\n";

static const char LOG_TSAN[] =
	"==================\n"
	"WARNING: ThreadSanitizer: data race (pid=7021)\n"
	"  Read of size 4 at 0x557d305d80b0 by main thread:\n"
	"    #0 main /tmp/uaf/many.c:30 (many_tsan+0x1679)\n"
	"\n"
	"  Previous write of size 4 at 0x557d305d80b0 by thread T1:\n"
	"    #0 racer /tmp/uaf/many.c:16 (many_tsan+0x148e)\n"
	"\n"
	"  Location is global 'shared' of size 4 at 0x557d305d80b0 (many_tsan+0x40b0)\n"
	"\n"
	"  Thread T1 (tid=7023, finished) created by main thread at:\n"
	"    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)\n"
	"    #1 main /tmp/uaf/many.c:30 (many_tsan+0x166a)\n"
	"\n"
	"SUMMARY: ThreadSanitizer: data race /tmp/uaf/many.c:30 in main\n"
	"==================\n"
	"ThreadSanitizer: reported 1 warnings\n";

static const char LOG_UBSAN[] =
	"many.c:13:39: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'\n"
	"    #0 0x5635c9f4ba70 in signed_overflow /tmp/uaf/many.c:13\n"
	"    #1 0x5635c9f4bd5b in main /tmp/uaf/many.c:27\n"
	"    #2 0x7fc4f9c45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"    #3 0x7fc4f9c45304 in __libc_start_main_impl ../csu/libc-start.c:360\n"
	"    #4 0x5635c9f4b1f0 in _start (/tmp/uaf/many_asan+0x21f0)\n";

static const char LOG_UBSAN_SEGV[] =
	"many.c:11:33: runtime error: load of null pointer of type 'int'\n"
	"    #0 0x55d12c8609ce in null_deref /tmp/uaf/many.c:11\n"
	"    #1 0x55d12c860d3d in main /tmp/uaf/many.c:25\n"
	"    #2 0x7fb9024cc249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"    #3 0x7fb9024cc304 in __libc_start_main_impl ../csu/libc-start.c:360\n"
	"    #4 0x55d12c8601f0 in _start (/tmp/uaf/many_asan+0x21f0)\n"
	"\n"
	"AddressSanitizer:DEADLYSIGNAL\n"
	"=================================================================\n"
	"==7019==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x55d12c860a0a bp 0x7ffc71a988a0 sp 0x7ffc71a98890 T0)\n"
	"==7019==The signal is caused by a READ memory access.\n"
	"==7019==Hint: address points to the zero page.\n"
	"    #0 0x55d12c860a0a in null_deref /tmp/uaf/many.c:11\n"
	"    #1 0x55d12c860d3d in main /tmp/uaf/many.c:25\n"
	"    #2 0x7fb9024cc249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
	"    #3 0x7fb9024cc304 in __libc_start_main_impl ../csu/libc-start.c:360\n"
	"    #4 0x55d12c8601f0 in _start (/tmp/uaf/many_asan+0x21f0)\n"
	"\n"
	"AddressSanitizer can not provide additional info.\n"
	"SUMMARY: AddressSanitizer: SEGV /tmp/uaf/many.c:11 in null_deref\n"
	"==7019==ABORTING\n";

static const char LOG_ASSERT[] =
	"many_asan: many.c:17: check_input: Assertion `n < 3 && \"input too large\"' failed.\n";

/* rustc 1.95, RUST_BACKTRACE=1: an index out of bounds in lookup() */
static const char LOG_RUST[] =
	"\n"
	"thread 'main' (28893) panicked at p.rs:5:5:\n"
	"index out of bounds: the len is 3 but the index is 6\n"
	"stack backtrace:\n"
	"   0: __rustc::rust_begin_unwind\n"
	"             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5\n"
	"   1: core::panicking::panic_fmt\n"
	"             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:80:14\n"
	"   2: core::panicking::panic_bounds_check\n"
	"             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:271:5\n"
	"   3: p::lookup\n"
	"             at ./p.rs:5:5\n"
	"   4: p::main\n"
	"             at ./p.rs:13:20\n"
	"   5: core::ops::function::FnOnce::call_once\n"
	"             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/ops/function.rs:250:5\n"
	"note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\n";

/* the same without a backtrace */
static const char LOG_RUST_SHORT[] =
	"\n"
	"thread 'main' (28721) panicked at p.rs:5:5:\n"
	"index out of bounds: the len is 3 but the index is 6\n"
	"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

/* UBSan without print_stacktrace: the file names the report */
static const char LOG_UBSAN_NO_STACK[] =
	"src/x.c:13:39: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'\n"
	"SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior src/x.c:13:39 in \n";

/* OpenJDK 17: Integer.parseInt("x") called from Main.parse */
static const char LOG_JAVA[] =
	"Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"x\"\n"
	"\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n"
	"\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n"
	"\tat java.base/java.lang.Integer.parseInt(Integer.java:786)\n"
	"\tat Main.parse(Main.java:2)\n"
	"\tat Main.main(Main.java:5)\n";

/* Python 3.11: a chained exception; the last traceback is the crash */
static const char LOG_PYTHON[] =
	"Traceback (most recent call last):\n"
	"  File \"/tmp/jp/t2.py\", line 4, in load\n"
	"    return json.loads(s)\n"
	"           ^^^^^^^^^^^^^\n"
	"  File \"/root/.pyenv/versions/3.11.7/lib/python3.11/json/__init__.py\", line 346, in loads\n"
	"    return _default_decoder.decode(s)\n"
	"           ^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
	"  File \"/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py\", line 353, in raw_decode\n"
	"    obj, end = self.scan_once(s, idx)\n"
	"               ^^^^^^^^^^^^^^^^^^^^^^\n"
	"json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\n"
	"\n"
	"The above exception was the direct cause of the following exception:\n"
	"\n"
	"Traceback (most recent call last):\n"
	"  File \"/tmp/jp/t2.py\", line 7, in <module>\n"
	"    load(\"{\")\n"
	"  File \"/tmp/jp/t2.py\", line 6, in load\n"
	"    raise RuntimeError(\"bad config\") from e\n"
	"RuntimeError: bad config\n";

static const char LOG_HWASAN[] =
	"==872==ERROR: HWAddressSanitizer: tag-mismatch on address 0x0040e1287be0 at pc 0x007618899e7c\n"
	"READ of size 8 at 0x0040e1287be0 tags: 0f/47 (ptr/mem) in thread T31\n"
	"    #0 0x7618899e78 in parse_header /src/p/parse.c:10:3\n"
	"    #1 0x761889ddb8 in parse_file /src/p/parse.c:40:9\n"
	"\n"
	"freed by thread T0 here:\n"
	"    #0 0x761a68a9dc in free\n";

static const char LOG_DEADLY_SIGNAL[] =
	"INFO: Seed: 1\n"
	"==42108== ERROR: libFuzzer: deadly signal\n"
	"    #0 0x49f071 in __sanitizer_print_stack_trace /src/llvm/compiler-rt/lib/asan/asan_stack.cpp:86:3\n"
	"    #1 0x56236d in fuzzer::PrintStackTrace() /src/libfuzzer/FuzzerUtil.cpp:205:5\n"
	"    #2 0x7faa7c80b38f  (/lib/x86_64-linux-gnu/libpthread.so.0+0x1138f)\n"
	"    #3 0x4f6b78 in decode_block(unsigned char const*) /src/codec/decode.cc:76:7\n"
	"    #4 0x4f6c08 in decode_all /src/codec/decode.cc:99:3\n"
	"\n"
	"NOTE: libFuzzer has rudimentary signal handlers.\n"
	"SUMMARY: libFuzzer: deadly signal\n";

static const char LOG_CHECK[] =
	"[1234:1234:0101/000000.000:FATAL:render_frame.cc(512)] Check failed: frame_count > 0 (0 vs. 1)\n"
	"#0 0x7f0000001000 base::debug::CollectStackTrace()\n"
	"#1 0x7f0000002000 content::RenderFrame::Commit()\n"
	"#2 0x7f0000003000 content::Navigator::Navigate()\n";

static const char LOG_GO_PANIC[] =
	"panic: runtime error: index out of range [5] with length 3\n"
	"\n"
	"goroutine 1 [running]:\n"
	"example.com/tool/table.lookup(...)\n"
	"\t/home/u/tool/table/table.go:8\n"
	"example.com/tool/table.Get(0xc000012345)\n"
	"\t/home/u/tool/table/table.go:12 +0x1d\n"
	"main.main()\n"
	"\t/home/u/tool/main.go:20 +0x25\n"
	"exit status 2\n";

static const char LOG_KERNEL[] =
	"[   12.345678][ T1234] ==================================================================\n"
	"[   12.345679][ T1234] BUG: KASAN: use-after-free in ext4_find_dest_de+0x4e1/0x5a0\n"
	"[   12.345680][ T1234] Read of size 4 at addr ffff88801d6e2000 by task syz-executor/1234\n"
	"[   12.345681][ T1234] Call Trace:\n"
	"[   12.345682][ T1234]  dump_stack+0x10/0x20\n"
	"[   12.345683][ T1234]  ext4_find_dest_de+0x4e1/0x5a0\n"
	"[   12.345684][ T1234] ==================================================================\n"
	"[   13.000000][    C0] UBSAN: shift-out-of-bounds in net/core/dev.c:1234:5\n"
	"[   13.000001][    C0] shift exponent 64 is too large for 64-bit type 'long unsigned int'\n"
	"[   14.000000][    C0] Kernel panic - not syncing: panic_on_warn set ...\n";

struct expect {
	const char *name, *log;
	const char *title, *type, *frame, *crash_type, *crash_state;
	bool corrupted;
};

static const struct expect EXPECT[] = {
	{ "uaf", LOG_UAF, "AddressSanitizer: heap-use-after-free in use_after_free",
	  "ASAN-HEAP-USE-AFTER-FREE-READ", "use_after_free", "Heap-use-after-free\nREAD 4",
	  /* ClusterFuzz keeps the frame of the free stack too */
	  "use_after_free\nuse_after_free\n", false },
	{ "uaf in main", LOG_UAFMAIN, "AddressSanitizer: heap-use-after-free in main",
	  "ASAN-HEAP-USE-AFTER-FREE-READ", "main", "Heap-use-after-free\nREAD 1", "NULL", false },
	{ "heap-buffer-overflow", LOG_HBO, "AddressSanitizer: heap-buffer-overflow in heap_overflow",
	  "ASAN-HEAP-BUFFER-OVERFLOW-WRITE", "heap_overflow", "Heap-buffer-overflow\nWRITE 1",
	  "heap_overflow\n", false },
	{ "double-free", LOG_DF, "AddressSanitizer: attempting double-free in double_free",
	  "ASAN-HEAP-DOUBLE-FREE", "double_free", "Heap-double-free",
	  "double_free\ndouble_free\n", false },
	{ "leak", LOG_LEAK, "LeakSanitizer: direct-leak in leak", "LSAN-DIRECT-LEAK", "leak",
	  "Direct-leak", "leak\n", false },
	{ "msan", LOG_MSAN, "MemorySanitizer: use-of-uninitialized-value in pick",
	  "MSAN-USE-OF-UNINITIALIZED-VALUE", "pick", "Use-of-uninitialized-value", "pick\n", false },
	{ "libfuzzer oom", LOG_OOM, "libFuzzer: out-of-memory", "LIBFUZZER-OUT-OF-MEMORY", NULL,
	  "Out-of-memory", "fz\n", false },
	{ "stack-overflow", LOG_SO, "AddressSanitizer: stack-overflow in depth",
	  "ASAN-STACK-OVERFLOW", "depth", "Stack-overflow", "depth\n", false },
	{ "libfuzzer timeout", LOG_TIMEOUT, "libFuzzer: timeout in fz.c", "LIBFUZZER-TIMEOUT",
	  "fz.c", "Timeout", "fz\n", false },
	{ "tsan", LOG_TSAN, "ThreadSanitizer: data race in racer", "TSAN-DATA-RACE-READ", "racer",
	  "Data race\nREAD 4", "racer\n", false },
	{ "ubsan", LOG_UBSAN, "UndefinedBehaviorSanitizer: integer-overflow in signed_overflow",
	  "UBSAN-INTEGER-OVERFLOW", "signed_overflow", "Integer-overflow", "signed_overflow\n",
	  false },
	{ "glibc assert", LOG_ASSERT, "ASSERT in check_input", "ASSERT", "check_input", "ASSERT",
	  "n < 3 && \"input too large\"\n", false },
	{ "hwasan", LOG_HWASAN, "HWAddressSanitizer: tag-mismatch in parse_header",
	  "HWASAN-TAG-MISMATCH-READ", "parse_header", "Tag-mismatch\nREAD 8",
	  "parse_header\nparse_file\n", false },
	{ "libfuzzer deadly signal", LOG_DEADLY_SIGNAL, "libFuzzer: deadly signal in decode_block",
	  "LIBFUZZER-FATAL-SIGNAL", "decode_block", "Fatal-signal", "decode_block\ndecode_all\n",
	  false },
	{ "chrome check", LOG_CHECK, "CHECK failure in content::RenderFrame::Commit",
	  "CHECK-FAILURE", "content::RenderFrame::Commit", "CHECK failure",
	  "frame_count > 0 in render_frame.cc\ncontent::RenderFrame::Commit\n"
	  "content::Navigator::Navigate\n", false },
	{ "rust panic", LOG_RUST, "ASSERT in p::lookup", "ASSERT", "p::lookup", "ASSERT",
	  "index out of bounds: the len is 3 but the index is 6\np::lookup\np::main\n", false },
	{ "rust panic, no backtrace", LOG_RUST_SHORT, "ASSERT in p.rs", "ASSERT", "p.rs", "ASSERT",
	  "index out of bounds: the len is 3 but the index is 6\n", false },
	{ "ubsan without stack", LOG_UBSAN_NO_STACK,
	  "UndefinedBehaviorSanitizer: integer-overflow in x.c", "UBSAN-INTEGER-OVERFLOW", "x.c",
	  "Integer-overflow", "NULL", false },
	{ "java", LOG_JAVA, "Java: java.lang.NumberFormatException in Main.parse",
	  "JAVA-UNCAUGHT-EXCEPTION", "Main.parse", "Uncaught exception", "Main.parse\nMain.main\n",
	  false },
	{ "python", LOG_PYTHON, "Python: RuntimeError in load", "PYTHON-UNCAUGHT-EXCEPTION", "load",
	  "Uncaught exception", "load\n<module>\n", false },
	{ "glog check", "F0813 00:29:27.775753  384244 file.cc:130] Check failed: "
	  "query failed: \"fuzzed456$data\"\n", "CHECK failure in file.cc", "CHECK-FAILURE",
	  "file.cc", "CHECK failure", "query failed in file.cc\n", false },
	{ "go panic", LOG_GO_PANIC, "Index out of range in table.lookup", "INDEX-OUT-OF-RANGE",
	  "table.lookup", "Index out of range", "table.lookup\ntable.Get\n", false },
};

static void check_one(const struct expect *e, const struct crash_report *r)
{
	print_message("case %s: %s\n", e->name, r->title);
	assert_string_equal(r->title, e->title);
	assert_string_equal(r->type, e->type);
	if (e->frame)
		assert_string_equal(r->frame, e->frame);
	else
		assert_null(r->frame);
	assert_string_equal(r->crash_type, e->crash_type);
	assert_string_equal(r->crash_state, e->crash_state);
	assert_int_equal(r->corrupted, e->corrupted);
	assert_true(r->start < r->end);
	assert_non_null(r->report);
	assert_true(strlen(r->report) <= r->end - r->start);
}

static void test_formats(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(EXPECT); i++) {
		const struct expect *e = &EXPECT[i];
		struct report_list list = REPORT_LIST_INIT;

		assert_int_equal(report_parse_userspace(e->log, strlen(e->log), &list), 1);
		assert_int_equal(list.nr, 1);
		check_one(e, &list.items[0]);
		/* the report text is the input from start to end */
		assert_memory_equal(list.items[0].report, e->log + list.items[0].start,
				    list.items[0].end - list.items[0].start);
		report_list_release(&list);
	}
}

static void test_uaf_offsets(void **state)
{
	struct report_list list = REPORT_LIST_INIT;
	const char *hdr = strstr(LOG_UAF, "==6985==ERROR");
	const char *sum = strstr(LOG_UAF, "SUMMARY:");
	const struct crash_report *r;

	(void)state;
	assert_int_equal(report_parse_userspace(LOG_UAF, strlen(LOG_UAF), &list), 1);
	r = &list.items[0];
	/* from the ERROR line to the end of the SUMMARY line */
	assert_int_equal(r->start, hdr - LOG_UAF);
	assert_int_equal(r->end, strchr(sum, '\n') + 1 - LOG_UAF);
	assert_true(strstr(r->report, "freed by thread T0 here:") != NULL);
	assert_string_equal(r->guilty_file, "/tmp/uaf/uaf.c");
	report_list_release(&list);
}

/* Several reports in one log come out in order, each on its own. */
static void test_several(void **state)
{
	struct report_list list = REPORT_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(report_parse_userspace(LOG_UBSAN_SEGV, strlen(LOG_UBSAN_SEGV), &list), 2);
	assert_string_equal(list.items[0].title,
			    "UndefinedBehaviorSanitizer: null-dereference read in null_deref");
	assert_string_equal(list.items[0].crash_type, "Null-dereference READ");
	assert_string_equal(list.items[1].title, "AddressSanitizer: SEGV in null_deref");
	assert_string_equal(list.items[1].crash_type, "Null-dereference READ");
	assert_string_equal(list.items[1].type, "ASAN-NULL-DEREFERENCE-READ");
	assert_true(list.items[0].end <= list.items[1].start);
	report_list_release(&list);

	/* three programs' output back to back, with noise between */
	strbuf_addstr(&sb, "make: Entering directory\n");
	strbuf_addstr(&sb, LOG_HBO);
	strbuf_addstr(&sb, "some output\nPASS: 12 tests\n");
	strbuf_addstr(&sb, LOG_MSAN);
	strbuf_addstr(&sb, LOG_LEAK);
	assert_int_equal(report_parse_userspace(sb.buf, sb.len, &list), 3);
	assert_string_equal(list.items[0].frame, "heap_overflow");
	assert_string_equal(list.items[1].frame, "pick");
	assert_string_equal(list.items[2].frame, "leak");
	for (size_t i = 1; i < list.nr; i++)
		assert_true(list.items[i - 1].end <= list.items[i].start);
	/* appending keeps what the list already holds */
	assert_int_equal(report_parse_userspace(LOG_TSAN, strlen(LOG_TSAN), &list), 1);
	assert_int_equal(list.nr, 4);
	assert_string_equal(list.items[0].frame, "heap_overflow");
	report_list_release(&list);
	strbuf_release(&sb);
}

/* An indirect leak does not matter next to a direct one (ClusterFuzz). */
static void test_leak_priority(void **state)
{
	static const char log[] =
		"==1==ERROR: LeakSanitizer: detected memory leaks\n"
		"Indirect leak of 8 byte(s) in 1 object(s) allocated from:\n"
		"    #0 0x1 in malloc\n"
		"    #1 0x2 in make_node /src/list.c:3\n"
		"SUMMARY: AddressSanitizer: 8 byte(s) leaked in 1 allocation(s).\n"
		"==2==ERROR: LeakSanitizer: detected memory leaks\n"
		"Direct leak of 16 byte(s) in 1 object(s) allocated from:\n"
		"    #0 0x1 in malloc\n"
		"    #1 0x3 in make_list /src/list.c:9\n"
		"SUMMARY: AddressSanitizer: 16 byte(s) leaked in 1 allocation(s).\n";
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	assert_int_equal(report_parse_userspace(log, strlen(log), &list), 1);
	assert_string_equal(list.items[0].crash_type, "Direct-leak");
	assert_string_equal(list.items[0].crash_state, "make_list\n");
	assert_int_equal(list.items[0].start, 0);
	report_list_release(&list);
}

static void test_nothing(void **state)
{
	static const char *const logs[] = {
		"",
		"hello\nworld\n",
		"all tests passed\nno AddressSanitizer errors\n",
		"Running: ./input\nExecuted ./input in 1 ms\n",
		/* prose about sanitizers is no report */
		"This file lists symbols built with AddressSanitizer (see the ASan wiki).\n"
		"___asan_report_load1 ___asan_report_store16\n"
		"if (x) panic(\"never\"); assert(y); Check failed? no.\n",
		LOG_KERNEL,
	};
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	assert_int_equal(report_parse_userspace(NULL, 0, &list), 0);
	for (size_t i = 0; i < ARRAY_SIZE(logs); i++) {
		assert_int_equal(report_parse_userspace(logs[i], strlen(logs[i]), &list), 0);
		assert_int_equal(list.nr, 0);
	}
}

/* Every prefix of a log parses; once the first frame is in, the title is final. */
static void test_truncated(void **state)
{
	const char *frame0 = strstr(LOG_UAF, "    #0 ");
	const char *hdr = strstr(LOG_UAF, "==6985==ERROR");
	size_t need = strchr(frame0, '\n') + 1 - LOG_UAF;
	size_t len = strlen(LOG_UAF);

	(void)state;
	for (size_t n = 0; n <= len; n++) {
		struct report_list list = REPORT_LIST_INIT;
		char *copy = xstrndup(LOG_UAF, n); /* exact size: ASan sees overreads */

		report_parse_userspace(copy, n, &list);
		if (n >= need) {
			assert_int_equal(list.nr, 1);
			assert_string_equal(list.items[0].title,
					    "AddressSanitizer: heap-use-after-free in use_after_free");
			assert_false(list.items[0].corrupted);
		} else if (n > (size_t)(strchr(hdr, '\n') - LOG_UAF)) {
			/* header only: a cut report without a frame */
			assert_int_equal(list.nr, 1);
			assert_string_equal(list.items[0].title,
					    "AddressSanitizer: heap-use-after-free");
			assert_null(list.items[0].frame);
			assert_true(list.items[0].corrupted);
		}
		report_list_release(&list);
		free(copy);
	}
}

static void test_crlf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	for (const char *p = LOG_UAF; *p; p++) {
		if (*p == '\n')
			strbuf_addch(&sb, '\r');
		strbuf_addch(&sb, *p);
	}
	assert_int_equal(report_parse_userspace(sb.buf, sb.len, &list), 1);
	check_one(&EXPECT[0], &list.items[0]);
	assert_null(strchr(list.items[0].report, '\r'));
	assert_memory_equal(sb.buf + list.items[0].start, "==6985==ERROR", 13);
	report_list_release(&list);
	strbuf_release(&sb);
}

static uint64_t rnd_state = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Binary garbage, then garbage made of the words the parser looks for. */
static void test_garbage(void **state)
{
	static const char *const words[] = {
		"Sanitizer", "ERROR: AddressSanitizer: ", "runtime error: ", "assert",
		"ASSERT", "panic: ", "Check failed: ", "#0 0x1234 in ", "(", ")", "[", "]",
		"\n", "\n", "    #1 0x55 in foo bar.c:1:2\n", "READ of size 99 at 0x1 ",
		"Direct leak of ", "SUMMARY: ", "==ABORTING\n", "libFuzzer: deadly signal\n",
		"\xff\xfe", "\0", "Program received signal SIGSEGV,", " on address 0x0 ",
		"Stack-overflow", "stack-overflow on address 0x7 ", "SEGV on unknown address 0x1",
		"\tat Foo.bar(Foo.java:1)\n", "== Java Exception: x\n", "fatal error: y\n",
		".go:", "===BUG DETECTED: Shell injection===\n", "\r",
	};
	struct strbuf sb = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	for (size_t i = 0; i < (4u << 20); i++)
		strbuf_addch(&sb, (char)(rnd() & 0xff));
	assert_int_equal(report_parse_userspace(sb.buf, sb.len, &list), 0);

	for (int round = 0; round < 20; round++) {
		strbuf_reset(&sb);
		for (int i = 0; i < 20000; i++) {
			const char *w = words[rnd() % ARRAY_SIZE(words)];

			strbuf_add(&sb, w, *w ? strlen(w) : 1);
		}
		report_parse_userspace(sb.buf, sb.len, &list);
		for (size_t i = 0; i < list.nr; i++) {
			assert_non_null(list.items[i].title);
			assert_true(strlen(list.items[i].title) <= 120);
			assert_true(list.items[i].start < list.items[i].end);
			assert_true(list.items[i].end <= sb.len);
			if (i)
				assert_true(list.items[i - 1].end <= list.items[i].start);
		}
		report_list_release(&list);
	}
	strbuf_release(&sb);
}

/* A line longer than any report is skipped, not choked on. */
static void test_huge_line(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;
	size_t pad = 3u << 20;

	(void)state;
	for (size_t i = 0; i < pad; i++)
		strbuf_addch(&sb, i % 1000 ? 'A' : 'S');
	strbuf_addstr(&sb, "Sanitizer runtime error: assert\n");
	strbuf_addstr(&sb, LOG_UAF);
	assert_int_equal(report_parse_userspace(sb.buf, sb.len, &list), 1);
	check_one(&EXPECT[0], &list.items[0]);
	assert_true(list.items[0].start > pad);
	report_list_release(&list);
	strbuf_release(&sb);
}

/* A dump of every goroutine ends the report once its frames are known. */
static void test_endless_frames(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	strbuf_addstr(&sb, LOG_GO_PANIC);
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&sb, "goroutine %d [chan receive]:\n"
			    "example.com/tool/pool.worker(0xc000%06x)\n"
			    "\t/home/u/tool/pool/pool.go:10 +0x2f\n", i + 2, i);
	assert_int_equal(report_parse_userspace(sb.buf, sb.len, &list), 1);
	assert_string_equal(list.items[0].title, "Index out of range in table.lookup");
	assert_true(list.items[0].end < sb.len / 2);
	report_list_release(&list);
	strbuf_release(&sb);
}

/* A crash both halves found is kept once, as the kernel half's. */
static void test_drop_overlaps(void **state)
{
	struct report_list user = REPORT_LIST_INIT;
	struct report_list kernel = REPORT_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t second;

	(void)state;
	strbuf_addstr(&sb, LOG_GO_PANIC);
	second = sb.len;
	strbuf_addstr(&sb, LOG_UAF);
	assert_int_equal(report_parse_userspace(sb.buf, sb.len, &user), 2);
	/* the kernel half's Go panic: its first line only */
	kernel.items = xcalloc(1, sizeof(*kernel.items));
	kernel.nr = kernel.alloc = 1;
	kernel.items[0].start = 0;
	kernel.items[0].end = strchr(LOG_GO_PANIC, '\n') - LOG_GO_PANIC;
	assert_int_equal(report_userspace_drop_overlaps(&user, &kernel, sb.buf, sb.len), 1);
	assert_int_equal(user.nr, 1);
	assert_true(user.items[0].start >= second);
	/* nothing overlaps any more */
	assert_int_equal(report_userspace_drop_overlaps(&user, &kernel, sb.buf, sb.len), 1);
	report_list_release(&user);
	free(kernel.items);
	strbuf_release(&sb);
}

static void *parse_many(void *arg)
{
	int *ok = arg;

	for (int i = 0; i < 100; i++) {
		struct report_list list = REPORT_LIST_INIT;

		report_parse_userspace(LOG_UAF, strlen(LOG_UAF), &list);
		if (list.nr == 1 && !strcmp(list.items[0].title,
					    "AddressSanitizer: heap-use-after-free in use_after_free"))
			(*ok)++;
		report_list_release(&list);
	}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[4];
	int ok[4] = { 0 };

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, parse_many, &ok[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(ok[i], 100);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_uaf_offsets),
		cmocka_unit_test(test_several),
		cmocka_unit_test(test_leak_priority),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_endless_frames),
		cmocka_unit_test(test_drop_overlaps),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
