// SPDX-License-Identifier: Apache-2.0
/*
 * Table-driven tests of the user-space crash families beyond
 * ASan/UBSan/MSan/TSan (src/report/us*.c), one test per family, through the
 * whole pipeline (report_parse()): crash_type, crash_state, crash_address
 * and security of the first crash, as ClusterFuzz's stack analyzer gives
 * them. The logs are our own, written after each tool's documented output
 * (not ClusterFuzz's test data); then one table of frame-skipping cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/strbuf.h"
#include "util/util.h"

struct family_case {
	const char *name, *log;
	const char *crash_type, *crash_state, *crash_address;
	bool security;
};

static void check_case(const struct family_case *c)
{
	struct report_list list = REPORT_LIST_INIT;
	const struct crash_report *r;

	report_parse(c->log, strlen(c->log), &list);
	if (!list.nr)
		fail_msg("%s: no crash found", c->name);
	r = &list.items[0];
	if (!r->crash_type || strcmp(r->crash_type, c->crash_type))
		fail_msg("%s: crash_type \"%s\", want \"%s\"", c->name,
			 r->crash_type ? r->crash_type : "(null)", c->crash_type);
	if (!r->crash_state || strcmp(r->crash_state, c->crash_state))
		fail_msg("%s: crash_state \"%s\", want \"%s\"", c->name,
			 r->crash_state ? r->crash_state : "(null)", c->crash_state);
	if (strcmp(r->crash_address ? r->crash_address : "", c->crash_address))
		fail_msg("%s: crash_address \"%s\", want \"%s\"", c->name,
			 r->crash_address ? r->crash_address : "(null)", c->crash_address);
	if (r->security != c->security)
		fail_msg("%s: security %d, want %d", c->name, r->security, c->security);
	/* the report is never empty, and holds the crash's first line */
	assert_non_null(r->report);
	assert_true(r->report_len > 0);
	assert_non_null(r->title);
	assert_true(r->title[0] != '\0');
	report_list_release(&list);
}

/* ---- Go panics ---- */

static const char GO_INDEX[] =
	"panic: runtime error: index out of range [7] with length 4\n"
	"\n"
	"goroutine 1 [running]:\n"
	"github.com/acme/parser.(*Reader).peek(...)\n"
	"\t/src/parser/reader.go:88\n"
	"github.com/acme/parser.(*Reader).next(0xc000012345, 0x3)\n"
	"\t/src/parser/reader.go:102 +0x1d1\n"
	"github.com/acme/parser.Decode({0xc0000a4000, 0x10, 0x10})\n"
	"\t/src/parser/decode.go:41 +0x8e\n"
	"github.com/acme/parser.FuzzDecode({0xc0000a4000, 0x10, 0x10})\n"
	"\t/src/parser/fuzz.go:9 +0x45\n"
	"exit status 2\n";

static const char GO_HEADER[] =
	"2024/03/11 17:22:05 conn.go:88: [E] Panic in handler: runtime error: slice bounds out of range [:12] with capacity 8\n"
	"goroutine 34 [running]:\n"
	"acme.io/srv/proto.readFrame({0xc0001c0000, 0x8, 0x8})\n"
	"\t/go/src/acme.io/srv/proto/frame.go:57 +0x3d0\n"
	"acme.io/srv/proto.(*Conn).Read(0xc00009e1e0)\n"
	"\t/go/src/acme.io/srv/proto/conn.go:140 +0x12a\n"
	"acme.io/srv.serve(0xc00009e1e0)\n"
	"\t/go/src/acme.io/srv/server.go:77 +0x99\n"
	"created by acme.io/srv.Listen\n"
	"\t/go/src/acme.io/srv/server.go:40 +0x1f2\n";

static const char GO_NIL[] =
	"panic: runtime error: invalid memory address or nil pointer dereference\n"
	"[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x5b1e2f]\n"
	"\n"
	"goroutine 7 [running]:\n"
	"github.com/acme/kv/store.(*Table).Get(0x0, {0xc000014120, 0x5})\n"
	"\t/home/u/kv/store/table.go:64 +0x2f\n"
	"github.com/acme/kv/store.(*DB).Lookup(0xc00007c000, {0xc000014120, 0x5})\n"
	"\t/home/u/kv/store/db.go:31 +0x6b\n"
	"github.com/acme/kv/api.handleGet(0xc0000b4000)\n"
	"\t/home/u/kv/api/get.go:22 +0x91\n";

static const char GO_STACK[] =
	"runtime: goroutine stack exceeds 1000000000-byte limit\n"
	"runtime: sp=0xc020160388 stack=[0xc020160000, 0xc040160000]\n"
	"fatal error: stack overflow\n"
	"\n"
	"runtime stack:\n"
	"runtime.throw({0x52b8a1, 0xe})\n"
	"\t/usr/lib/go/src/runtime/panic.go:1047 +0x5d\n"
	"runtime.newstack()\n"
	"\t/usr/lib/go/src/runtime/stack.go:1103 +0x5cc\n"
	"\n"
	"goroutine 1 [running]:\n"
	"github.com/acme/expr.(*parser).unary(0xc000044060)\n"
	"\t/src/expr/parse.go:210 +0x185 fp=0xc020160398 sp=0xc020160390 pc=0x4d1a25\n"
	"github.com/acme/expr.(*parser).binary(0xc000044060, 0x1)\n"
	"\t/src/expr/parse.go:188 +0x4f fp=0xc0201603e8 sp=0xc020160398 pc=0x4d17af\n"
	"github.com/acme/expr.(*parser).unary(0xc000044060)\n"
	"\t/src/expr/parse.go:212 +0x1a9 fp=0xc020160438 sp=0xc0201603e8 pc=0x4d1a49\n";

static const char GO_CUSTOM[] =
	"panic: invalid opcode 0x3f\n"
	"\n"
	"goroutine 1 [running]:\n"
	"github.com/acme/vm.(*Machine).step(0xc000100000)\n"
	"\t/src/vm/machine.go:140 +0x3b1\n"
	"github.com/acme/vm.(*Machine).Run(0xc000100000, 0x100)\n"
	"\t/src/vm/machine.go:98 +0x65\n"
	"github.com/acme/vm.Fuzz({0x7f1e2d3c4000, 0x4, 0x4})\n"
	"\t/src/vm/fuzz.go:11 +0x9d\n";

static const struct family_case go_cases[] = {
	{ "go_index", GO_INDEX, "Index out of range",
	  "parser.(*Reader).peek\nparser.(*Reader).next\nparser.Decode\n",
	  "", false },
	{ "go_header", GO_HEADER, "Slice bounds out of range",
	  "proto.readFrame\nproto.(*Conn).Read\nsrv.serve\n",
	  "", false },
	{ "go_nil", GO_NIL, "Invalid memory address",
	  "store.(*Table).Get\nstore.(*DB).Lookup\napi.handleGet\n",
	  "", true },
	{ "go_stack", GO_STACK, "Stack overflow",
	  "expr.(*parser).unary\nexpr.(*parser).binary\nexpr.(*parser).unary\n",
	  "", false },
	{ "go_custom", GO_CUSTOM, "ASSERT",
	  "invalid opcode 0x3f\nvm.(*Machine).step\nvm.(*Machine).Run\n",
	  "", true },
};

/* ---- Python (Atheris) uncaught exceptions and PySecSan ---- */

static const char PY_ATHERIS[] =
	"INFO: Using built-in libfuzzer\n"
	"INFO: Running with entropic power schedule (0xFF, 100).\n"
	"INFO: Seed: 1523017872\n"
	"#2\tINITED cov: 4 ft: 4 corp: 1/1b exec/s: 0 rss: 38Mb\n"
	"\n"
	" === Uncaught Python exception: ===\n"
	"KeyError: 'core'\n"
	"Traceback (most recent call last):\n"
	"  File \"/src/fuzz_conf.py\", line 22, in TestOneInput\n"
	"    confparse.load(fdp.ConsumeUnicode(64))\n"
	"  File \"/usr/local/lib/python3.11/site-packages/confparse/__init__.py\", line 57, in load\n"
	"    return _merge(parse(text), DEFAULTS)\n"
	"  File \"/usr/local/lib/python3.11/site-packages/confparse/__init__.py\", line 101, in _merge\n"
	"    base = lookup_section(defaults, name)\n"
	"  File \"/usr/local/lib/python3.11/site-packages/confparse/__init__.py\", line 130, in lookup_section\n"
	"    return table[name]\n"
	"KeyError: 'core'\n"
	"\n"
	"==48== ERROR: libFuzzer: fuzz target exited\n"
	"SUMMARY: libFuzzer: fuzz target exited\n"
	"MS: 1 ChangeByte-; base unit: adc83b19e793491b1c6ea0fd8b46cd9f32e592fc\n";

static const char PY_SECSAN[] =
	"INFO: Seed: 77210344\n"
	"#2\tINITED cov: 12 ft: 12 corp: 1/1b exec/s: 0 rss: 41Mb\n"
	"=================================================================\n"
	"===BUG DETECTED: PySecSan: Shell injection ===\n"
	"[PYSECSAN] Shell metacharacters reached subprocess.Popen\n"
	"[PYSECSAN] Stacktrace:\n"
	"  File \"/src/fuzz_pack.py\", line 18, in TestOneInput\n"
	"    packer.compress(name)\n"
	"  File \"/src/packer/cli.py\", line 40, in compress\n"
	"    run_tool([\"gzip\", \"-9\", name])\n"
	"  File \"/src/packer/cli.py\", line 22, in run_tool\n"
	"    return subprocess.Popen(\" \".join(cmd), shell=True)\n"
	"  File \"/usr/local/lib/python3.11/site-packages/pysecsan/command_injection.py\", line 61, in hook_pre_exec_subprocess_Popen\n"
	"    sanlib.abort_with_issue(msg, \"Shell injection\")\n"
	"  File \"/usr/local/lib/python3.11/site-packages/pysecsan/sanlib.py\", line 97, in abort_with_issue\n"
	"    traceback.print_stack()\n"
	"[PYSECSAN] Exiting\n";

static const struct family_case python_cases[] = {
	{ "py_atheris", PY_ATHERIS, "Uncaught exception",
	  "lookup_section\n_merge\nload\n",
	  "", false },
	{ "py_secsan", PY_SECSAN, "PySecSan",
	  "hook_pre_exec_subprocess_Popen\nrun_tool\ncompress\n",
	  "", true },
};

/* ---- Jazzer.js (JavaScript, TypeScript) ---- */

static const char JS_PLAIN[] =
	"INFO: Running with entropic power schedule (0xFF, 100).\n"
	"INFO: Seed: 3318840067\n"
	"#2\tINITED cov: 8 ft: 8 corp: 1/1b exec/s: 0 rss: 64Mb\n"
	"==19== Uncaught Exception: Jazzer.js: TypeError: Cannot read properties of undefined (reading 'name')\n"
	"    at parseManifest (/src/plugin-host/lib/manifest.js:41:28)\n"
	"    at loadPlugins (/src/plugin-host/lib/loader.js:88:17)\n"
	"    at module.exports.fuzz (/src/plugin-host/fuzz/manifest.fuzz.js:9:3)\n"
	"    at /src/node_modules/@jazzer.js/fuzzer/dist/fuzz.js:52:10\n"
	"MS: 2 CopyPart-InsertByte-; base unit: 0b1e3a2f\n"
	"0x7b,0x22,\n"
	"{\\\"\n"
	"artifact_prefix='./'; Test unit written to ./crash-4e2d1c0a\n";

static const char JS_TS[] =
	"INFO: Seed: 12\n"
	"==7== Uncaught Exception: Jazzer.js: RangeError: Offset is outside the bounds of the DataView\n"
	"    at DataView.prototype.getUint32 (<anonymous>)\n"
	"    at readHeader (/src/bmp/src/header.ts:33:21)\n"
	"    at decode (/src/bmp/src/index.ts:12:18)\n"
	"    at fuzz (/src/bmp/fuzz/decode.fuzz.ts:5:9)\n"
	"    at /src/bmp/node_modules/@jazzer.js/core/dist/core.js:301:14\n"
	"    at node:internal/process/task_queues:95:5\n"
	"SUMMARY: libFuzzer: fuzz target exited\n";

static const struct family_case jazzer_js_cases[] = {
	{ "js_plain", JS_PLAIN, "Uncaught exception",
	  "parseManifest\nloadPlugins\nmodule.exports.fuzz\n",
	  "", false },
	{ "js_ts", JS_TS, "Uncaught exception",
	  "readHeader\ndecode\nfuzz\n",
	  "", false },
};

/* ---- libFuzzer timeouts and out-of-memory ---- */

static const char LF_TIMEOUT[] =
	"INFO: Running with entropic power schedule (0xFF, 100).\n"
	"INFO: Seed: 4011\n"
	"INFO: Loaded 1 modules   (8812 inline 8-bit counters): 8812 [0x5633ab0, 0x5635d1c),\n"
	"/out/xml_fuzzer: Running 1 inputs 1 time(s) each.\n"
	"Running: /testcase\n"
	"ALARM: working on the last Unit for 25 seconds\n"
	"       and the timeout value is 25 (use -timeout=N to change)\n"
	"==13== ERROR: libFuzzer: timeout after 25 seconds\n"
	"    #0 0x4b4f21 in __sanitizer_print_stack_trace /src/llvm-project/compiler-rt/lib/asan/asan_stack.cpp:87:3\n"
	"    #1 0x45a118 in fuzzer::PrintStackTrace() /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerUtil.cpp:210:5\n"
	"    #2 0x43e9d3 in fuzzer::Fuzzer::AlarmCallback() /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:301:5\n"
	"    #3 0x7f2b5d8b741f  (/lib/x86_64-linux-gnu/libpthread.so.0+0x1441f)\n"
	"    #4 0x4e5a12 in xmlParseCharData /src/libxml2/parser.c:4480:9\n"
	"    #5 0x4e1733 in xmlParseContent /src/libxml2/parser.c:9931:6\n"
	"    #6 0x4f0c21 in LLVMFuzzerTestOneInput /src/xml_fuzzer.cc:41:3\n"
	"\n"
	"SUMMARY: libFuzzer: timeout\n";

static const char LF_RSS[] =
	"/out/png_fuzzer: Running 1 inputs 1 time(s) each.\n"
	"Running: /crash\n"
	"==21== ERROR: libFuzzer: out-of-memory (used: 2561Mb; exceeds: 2560Mb)\n"
	"   To change the out-of-memory limit use -rss_limit_mb=<N>\n"
	"\n"
	"Live Heap Allocations: 2620318123 bytes in 12 chunks; quarantined: 1234 bytes in 3 chunks; 8021 other chunks; total chunks: 8036; showing top 95% (at most 8 unique contexts)\n"
	"2621440000 byte(s) (99%) in 1 allocation(s)\n"
	"    #0 0x52a3cd in malloc /src/llvm-project/compiler-rt/lib/asan/asan_malloc_linux.cpp:69:3\n"
	"    #1 0x5fa1c2 in png_malloc_base /src/libpng/png.c:120:10\n"
	"    #2 0x5d0e31 in png_read_row /src/libpng/pngread.c:455:7\n"
	"\n"
	"MS: 0 ; base unit: 0000000000000000000000000000000000000000\n"
	"SUMMARY: libFuzzer: out-of-memory\n";

static const char LF_MALLOC[] =
	"Command: /mnt/scratch0/clusterfuzz/bot/builds/libfuzzer_asan_zlib/revisions/zlib_inflate_fuzzer -rss_limit_mb=2560 -timeout=60 -runs=100 /mnt/scratch0/clusterfuzz/bot/inputs/fuzzer-testcases/crash-0a1b\n"
	"Time ran: 0.91\n"
	"\n"
	"INFO: Seed: 3129\n"
	"==25== ERROR: libFuzzer: out-of-memory (malloc(4294967295))\n"
	"   To change the out-of-memory limit use -rss_limit_mb=<N>\n"
	"\n"
	"    #0 0x51fb1d in __sanitizer_print_stack_trace /src/llvm-project/compiler-rt/lib/asan/asan_stack.cpp:87:3\n"
	"    #1 0x46b2f8 in fuzzer::PrintStackTrace() /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerUtil.cpp:210:5\n"
	"    #2 0x44e0a5 in fuzzer::Fuzzer::HandleMalloc(unsigned long) /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:131:3\n"
	"    #3 0x44dfba in MallocHook(void const volatile*, unsigned long) /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:100:18\n"
	"    #4 0x524cf7 in __sanitizer::RunMallocHooks(void*, unsigned long) /src/llvm-project/compiler-rt/lib/sanitizer_common/sanitizer_common.cpp:313:5\n"
	"    #5 0x4a0e33 in __asan::Allocator::Allocate(unsigned long, unsigned long, __sanitizer::BufferedStackTrace*, __asan::AllocType, bool) /src/llvm-project/compiler-rt/lib/asan/asan_allocator.cpp:601:5\n"
	"    #6 0x4a0a11 in __asan::asan_malloc(unsigned long, __sanitizer::BufferedStackTrace*) /src/llvm-project/compiler-rt/lib/asan/asan_allocator.cpp:1013:34\n"
	"    #7 0x514e53 in malloc /src/llvm-project/compiler-rt/lib/asan/asan_malloc_linux.cpp:69:3\n"
	"    #8 0x55c8d1 in inflateBack9 /src/zlib/contrib/infback9/infback9.c:280:30\n"
	"    #9 0x552b21 in LLVMFuzzerTestOneInput /src/zlib_inflate_fuzzer.cc:30:5\n"
	"\n"
	"SUMMARY: libFuzzer: out-of-memory\n";

static const struct family_case libfuzzer_cases[] = {
	{ "lf_timeout", LF_TIMEOUT, "Timeout",
	  "xml_fuzzer\n",
	  "", false },
	{ "lf_rss", LF_RSS, "Out-of-memory",
	  "png_fuzzer\n",
	  "", false },
	{ "lf_malloc", LF_MALLOC, "Out-of-memory",
	  "zlib_inflate_fuzzer\n",
	  "", false },
};

/* ---- googletest (an abort in a test body) ---- */

static const char GTEST_ABRT[] =
	"[==========] Running 3 tests from 1 test suite.\n"
	"[ RUN      ] CodecTest.RoundTrip\n"
	"AddressSanitizer:DEADLYSIGNAL\n"
	"=================================================================\n"
	"==3310==ERROR: AddressSanitizer: ABRT on unknown address 0x000000000cee (pc 0x7f3c1d0a8e2c bp 0x000000000cef sp 0x7ffd3b2b7c40 T0)\n"
	"    #0 0x7f3c1d0a8e2c in pthread_kill (/lib/x86_64-linux-gnu/libc.so.6+0x8ee2c)\n"
	"    #1 0x7f3c1d05afb1 in raise (/lib/x86_64-linux-gnu/libc.so.6+0x3bfb1)\n"
	"    #2 0x7f3c1d045471 in abort (/lib/x86_64-linux-gnu/libc.so.6+0x26471)\n"
	"    #3 0x55d0a2c1e3b7 in codec::RoundTripCheck(std::vector<unsigned char, std::allocator<unsigned char> > const&) /src/codec/test/codec_test.cc:48:5\n"
	"    #4 0x55d0a2c1e901 in codec::CodecTest_RoundTrip_Test::TestBody() /src/codec/test/codec_test.cc:61:3\n"
	"    #5 0x55d0a2d4b2a6 in void testing::internal::HandleSehExceptionsInMethodIfSupported<testing::Test, void>(testing::Test*, void (testing::Test::*)(), char const*) /src/googletest/googletest/src/gtest.cc:2599:10\n"
	"    #6 0x55d0a2d2e6c3 in void testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>(testing::Test*, void (testing::Test::*)(), char const*) /src/googletest/googletest/src/gtest.cc:2635:14\n"
	"    #7 0x55d0a2d0d8b5 in testing::Test::Run() /src/googletest/googletest/src/gtest.cc:2674:5\n"
	"    #8 0x55d0a2d0e5e7 in testing::TestInfo::Run() /src/googletest/googletest/src/gtest.cc:2853:11\n"
	"    #9 0x55d0a2d0f0f7 in testing::TestSuite::Run() /src/googletest/googletest/src/gtest.cc:3012:30\n"
	"    #10 0x55d0a2d1f9a2 in testing::internal::UnitTestImpl::RunAllTests() /src/googletest/googletest/src/gtest.cc:5870:44\n"
	"    #11 0x55d0a2c1f0a0 in main /src/googletest/googletest/src/gtest_main.cc:52:10\n"
	"\n"
	"AddressSanitizer can not provide additional info.\n"
	"SUMMARY: AddressSanitizer: ABRT (/lib/x86_64-linux-gnu/libc.so.6+0x8ee2c) in pthread_kill\n"
	"==3310==ABORTING\n";

static const struct family_case googletest_cases[] = {
	{ "gtest_abrt", GTEST_ABRT, "Abrt",
	  "codec::RoundTripCheck\ncodec::CodecTest_RoundTrip_Test::TestBody\n",
	  "0x000000000cee", false },
};

/* ---- glog and abseil LOG(FATAL) and CHECK ---- */

static const char GLOG_FATAL[] =
	"INFO: Seed: 2270\n"
	"F0312 14:22:05.123456  4711 session_fuzzer.cc:88] Unexpected state transition: OPEN -> OPEN\n"
	"*** Check failure stack trace: ***\n"
	"    @     0x55e0b4c1a2f3  absl::log_internal::LogMessage::SendToLog()\n"
	"    @     0x55e0b4c19a01  absl::log_internal::LogMessage::Flush()\n"
	"    @     0x55e0b4c1b7aa  absl::log_internal::LogMessageFatal::~LogMessageFatal()\n"
	"    @     0x55e0b4a0c3d2  session::Machine::Apply()\n"
	"==4711== ERROR: libFuzzer: deadly signal\n"
	"    #0 0x55e0b49b6e71 in __sanitizer_print_stack_trace /src/llvm-project/compiler-rt/lib/asan/asan_stack.cpp:87:3\n"
	"    #1 0x55e0b48f1a18 in fuzzer::PrintStackTrace() /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerUtil.cpp:210:5\n"
	"    #2 0x55e0b48d6aa3 in fuzzer::Fuzzer::CrashCallback() /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:231:3\n"
	"    #3 0x7f0d3b2a741f  (/lib/x86_64-linux-gnu/libpthread.so.0+0x1441f)\n"
	"    #4 0x7f0d3b09a00a in raise (/lib/x86_64-linux-gnu/libc.so.6+0x4300a)\n"
	"    #5 0x7f0d3b079858 in abort (/lib/x86_64-linux-gnu/libc.so.6+0x22858)\n"
	"    #6 0x55e0b4c1b7b9 in absl::log_internal::LogMessageFatal::~LogMessageFatal() /src/abseil-cpp/absl/log/internal/log_message.cc:580:3\n"
	"    #7 0x55e0b4a0c3d2 in session::Machine::Apply(session::Event const&) /src/session/machine.cc:88:5\n"
	"    #8 0x55e0b4a0b1e0 in session::Machine::Feed(unsigned char const*, unsigned long) /src/session/machine.cc:41:7\n"
	"    #9 0x55e0b4a01c44 in LLVMFuzzerTestOneInput /src/session/session_fuzzer.cc:19:3\n"
	"\n"
	"NOTE: libFuzzer has rudimentary signal handlers.\n"
	"      Combine libFuzzer with AddressSanitizer or similar for better crash reports.\n"
	"SUMMARY: libFuzzer: deadly signal\n";

static const char GLOG_CHECK[] =
	"F0312 14:22:05.654321  9001 ring_buffer.cc:57] Check failed: head_ < capacity_ (16 vs. 16) \n"
	"*** Check failure stack trace: ***\n"
	"    @     0x7f41a3c2a2f3  google::LogMessage::Fail()\n"
	"    @     0x7f41a3c2d5a1  google::LogMessage::SendToLog()\n"
	"    @     0x7f41a3c29e93  google::LogMessage::Flush()\n"
	"    @     0x7f41a3c2ab6e  google::LogMessageFatal::~LogMessageFatal()\n"
	"    @     0x5621f0a1c0d9  RingBuffer::Push()\n"
	"    @     0x5621f0a1b8f7  main\n"
	"    @     0x7f41a36c2083  __libc_start_main\n"
	"Aborted (core dumped)\n";

static const char ABSL_CHECK_SEMI[] =
	"F0312 14:22:05.118211    1305 table.cc:204] Check failed: slot != nullptr ; no slot for key 17\n"
	"*** Check failure stack trace: ***\n"
	"    @     0x55a1c2f0a2d4  absl::log_internal::LogMessage::SendToLog()\n"
	"    @     0x55a1c2f098b1  absl::log_internal::LogMessage::Flush()\n"
	"    @     0x55a1c2e01d9f  store::Table::Find()\n";

static const struct family_case glog_cases[] = {
	{ "glog_fatal", GLOG_FATAL, "Fatal error",
	  "Unexpected state transition: OPEN -> OPEN in session_fuzzer.cc\nsession::Machine::Apply\nsession::Machine::Feed\n",
	  "", false },
	{ "glog_check", GLOG_CHECK, "CHECK failure",
	  "head_ < capacity_ in ring_buffer.cc\n",
	  "", false },
	{ "absl_check_semi", ABSL_CHECK_SEMI, "CHECK failure",
	  "slot != nullptr ; no slot for key 17 in table.cc\n",
	  "", false },
};

/* ---- Chrome CHECK, DCHECK, NOTREACHED ---- */

static const char CHROME_CHECK[] =
	"[1:1:0312/142205.123456:FATAL:render_frame_host_impl.cc(4211)] Check failed: !frame_tree_node_->IsMainFrame(). \n"
	"#0 0x5599a1c3e8b2 base::debug::CollectStackTrace()\n"
	"#1 0x5599a1b9c4a3 base::debug::StackTrace::StackTrace()\n"
	"#2 0x5599a1bb0d61 logging::LogMessage::~LogMessage()\n"
	"#3 0x5599a1bb1a5e logging::LogMessage::~LogMessage()\n"
	"#4 0x5599a1b7e55c logging::CheckError::~CheckError()\n"
	"#5 0x55999f2c4d18 content::RenderFrameHostImpl::DidCommitNavigation()\n"
	"#6 0x55999f2b9a20 content::RenderFrameHostImpl::CommitNavigation()\n"
	"Received signal 6\n";

static const char CHROME_DCHECK[] =
	"[9731:9731:0312/142205.654321:FATAL:layout_box.cc:1822] DCHECK failed: !NeedsLayout(). \n"
	"#0 0x7f3a11c3e8b2 base::debug::CollectStackTrace()\n"
	"#1 0x7f3a11b9c4a3 base::debug::StackTrace::StackTrace()\n"
	"#2 0x7f3a11bb0d61 logging::LogMessage::~LogMessage()\n"
	"#3 0x7f3a0f2c4d18 blink::LayoutBox::PhysicalLocation()\n"
	"#4 0x7f3a0f2b9a20 blink::LayoutBox::LocationContainer()\n"
	"Received signal 6\n";

static const char CHROME_NOTREACHED[] =
	"[2044:2051:0312/142207.000111:FATAL:navigation_request.cc(977)] NOTREACHED hit. \n"
	"#0 0x55d3e1c3e8b2 base::debug::CollectStackTrace()\n"
	"#1 0x55d3e1b9c4a3 base::debug::StackTrace::StackTrace()\n"
	"#2 0x55d3e1bb0d61 logging::LogMessage::~LogMessage()\n"
	"#3 0x55d3df2c4d18 content::NavigationRequest::BeginNavigation()\n"
	"Received signal 6\n";

static const struct family_case chrome_cases[] = {
	{ "chrome_check", CHROME_CHECK, "CHECK failure",
	  "!frame_tree_node_->IsMainFrame() in render_frame_host_impl.cc\ncontent::RenderFrameHostImpl::DidCommitNavigation\ncontent::RenderFrameHostImpl::CommitNavigation\n",
	  "", false },
	{ "chrome_dcheck", CHROME_DCHECK, "DCHECK failure",
	  "!NeedsLayout() in layout_box.cc\nblink::LayoutBox::PhysicalLocation\nblink::LayoutBox::LocationContainer\n",
	  "", true },
	{ "chrome_notreached", CHROME_NOTREACHED, "CHECK failure",
	  " in navigation_request.cc\ncontent::NavigationRequest::BeginNavigation\n",
	  "", false },
};

/* ---- V8 fatal errors, CSA DCHECKs, sandbox violations, API errors, unreachable code ---- */

static const char V8_FATAL[] =
	"#\n"
	"# Fatal error in ../../src/heap/mark-compact.cc, line 1874\n"
	"# Check failed: IsMarked(object).\n"
	"#\n"
	"#\n"
	"#\n"
	"#FailureMessage Object: 0x7ffd5c3b1a40\n"
	"==== C stack trace ===============================\n"
	"\n"
	"    /out/d8(v8::base::debug::StackTrace::StackTrace()+0x13) [0x55b4c1e7e0a3]\n"
	"    /out/d8(+0x1b1c3e1) [0x55b4c1e7c3e1]\n"
	"    /out/d8(V8_Fatal(char const*, int, char const*, ...)+0x1a4) [0x55b4c1e74b14]\n"
	"    /out/d8(v8::internal::MarkCompactCollector::VerifyMarking()+0x61) [0x55b4c0a15c31]\n"
	"Received signal 6\n";

static const char V8_CSA[] =
	"abort: CSA_DCHECK failed: IsNumber(value) [../../src/codegen/code-stub-assembler.cc:1632]\n"
	"\n"
	"==== JS stack trace =========================================\n"
	"\n"
	"    0: ExitFrame [pc: 0x7f4a1c0b2d3d]\n"
	"    1: StubFrame [pc: 0x7f4a1c11e6c2]\n"
	"    2: f [0x1d2b08294a11] [test.js:3] [bytecode=0x1d2b08294b01 offset=12](this=0x1d2b08041b29 <JSGlobalProxy>,0x1d2b08294a89 <Object map = 0x1d2b08283a21>)\n"
	"\n"
	"==== C stack trace ===============================\n"
	"\n"
	"    /out/d8(v8::base::debug::StackTrace::StackTrace()+0x13) [0x55f1a2e7e0a3]\n"
	"    /out/d8(v8::internal::Runtime_AbortCSADcheck(int, unsigned long*, v8::internal::Isolate*)+0x1b4) [0x55f1a1a3c8d4]\n"
	"Received signal 6\n";

static const char V8_SANDBOX[] =
	"\n"
	"## V8 sandbox violation detected!\n"
	"\n"
	"AddressSanitizer:DEADLYSIGNAL\n"
	"=================================================================\n"
	"==1288==ERROR: AddressSanitizer: SEGV on unknown address 0x7e2a00041414 (pc 0x55d1f3c1a2b4 bp 0x7ffc8a2b5e10 sp 0x7ffc8a2b5de0 T0)\n"
	"==1288==The signal is caused by a WRITE memory access.\n"
	"    #0 0x55d1f3c1a2b4 in v8::internal::FixedArray::set(int, v8::internal::Tagged<v8::internal::Object>) src/objects/fixed-array-inl.h:102:3\n"
	"    #1 0x55d1f3c19e21 in v8::internal::JSArray::SetLengthWouldNormalize(unsigned int) src/objects/js-array.cc:211:5\n"
	"    #2 0x55d1f3b2ea90 in v8::internal::Builtin_ArrayPrototypeFill(int, unsigned long*, v8::internal::Isolate*) src/builtins/builtins-array.cc:745:9\n"
	"\n"
	"AddressSanitizer can not provide additional info.\n"
	"SUMMARY: AddressSanitizer: SEGV src/objects/fixed-array-inl.h:102:3 in v8::internal::FixedArray::set(int, v8::internal::Tagged<v8::internal::Object>)\n"
	"==1288==ABORTING\n"
	"\n";

static const char V8_TOLOCAL[] =
	"[1288:1288:0312/142209.000222:ERROR:v8_initializer.cc(797)] V8 error: v8::ToLocalChecked Empty MaybeLocal.\n"
	"#0 0x55d9e1c3e8b2 base::debug::CollectStackTrace()\n"
	"#1 0x55d9e1b9c4a3 base::debug::StackTrace::StackTrace()\n"
	"#2 0x55d9e1ba0d61 blink::ReportV8FatalError()\n"
	"#3 0x55d9e0f24d10 v8::Utils::ReportApiFailure()\n"
	"#4 0x55d9e0f21a31 v8::api_internal::ToLocalEmpty()\n"
	"#5 0x55d9dfc2d918 blink::ScriptPromiseResolver::Resolve()\n"
	"#6 0x55d9dfc2b011 blink::ReadableStreamReader::Read()\n"
	"#7 0x55d9dfc2a7a2 blink::ReadableStream::Pipe()\n"
	"Received signal 6\n";

static const char V8_UNREACHABLE[] =
	"#\n"
	"# Fatal error in ../../src/compiler/typer.cc, line 1213\n"
	"# unreachable code\n"
	"#\n"
	"#\n"
	"#\n"
	"#FailureMessage Object: 0x7ffe8c1b3a40\n"
	"==== C stack trace ===============================\n"
	"\n"
	"    /out/d8(v8::base::debug::StackTrace::StackTrace()+0x13) [0x5612c1e7e0a3]\n"
	"    /out/d8(V8_Fatal(char const*, int, char const*, ...)+0x1a4) [0x5612c1e74b14]\n"
	"Received signal 6\n";

static const struct family_case v8_cases[] = {
	{ "v8_fatal", V8_FATAL, "CHECK failure",
	  "IsMarked(object) in mark-compact.cc\n",
	  "", false },
	{ "v8_csa", V8_CSA, "ASSERT",
	  "CSA_DCHECK failed: IsNumber(value)\ncode-stub-assembler.cc\n",
	  "", true },
	{ "v8_sandbox", V8_SANDBOX, "V8 sandbox violation",
	  "v8::internal::FixedArray::set\nv8::internal::JSArray::SetLengthWouldNormalize\nv8::internal::Builtin_ArrayPrototypeFill\n",
	  "0x7e2a00041414", true },
	{ "v8_tolocal", V8_TOLOCAL, "V8 API error",
	  "v8::ToLocalChecked Empty MaybeLocal\nv8::Utils::ReportApiFailure\nblink::ScriptPromiseResolver::Resolve\nblink::ReadableStreamReader::Read\n",
	  "", true },
	{ "v8_unreachable", V8_UNREACHABLE, "Unreachable code",
	  "typer.cc\n",
	  "", false },
};

/* ---- UBSan's less common checks ---- */

static const char UBSAN_UPCAST[] =
	"/src/skia/src/core/SkPicture.cpp:91:23: runtime error: upcast of null pointer of type 'const SkPictureData'\n"
	"    #0 0x55a3e1c0d2f1 in SkPicture::MakeFromData(SkPictureData const*) /src/skia/src/core/SkPicture.cpp:91:23\n"
	"    #1 0x55a3e1c0c8a0 in SkPicture::MakeFromStream(SkStream*, SkDeserialProcs const*, SkTypefacePlayback*, int) /src/skia/src/core/SkPicture.cpp:170:12\n"
	"    #2 0x55a3e1a01bc3 in LLVMFuzzerTestOneInput /src/skia/fuzz/oss_fuzz/FuzzSKP.cpp:40:5\n"
	"    #3 0x55a3e19b7d21 in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:614:13\n"
	"\n"
	"SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /src/skia/src/core/SkPicture.cpp:91:23 in \n";

static const char UBSAN_IMPLICIT[] =
	"/src/libtiff/libtiff/tif_dirread.c:4433:31: runtime error: implicit conversion from type 'int' of value -1 (32-bit, signed) to type 'uint16_t' (aka 'unsigned short') changed the value to 65535 (16-bit, unsigned)\n"
	"    #0 0x5603f1c0d2f1 in TIFFFetchNormalTag /src/libtiff/libtiff/tif_dirread.c:4433:31\n"
	"    #1 0x5603f1c0a8a0 in TIFFReadDirectory /src/libtiff/libtiff/tif_dirread.c:3921:10\n"
	"    #2 0x5603f1bd1234 in TIFFClientOpenExt /src/libtiff/libtiff/tif_open.c:728:13\n"
	"    #3 0x5603f1a01bc3 in LLVMFuzzerTestOneInput /src/libtiff/contrib/oss-fuzz/tiff_read_rgba_fuzzer.cc:61:16\n"
	"\n"
	"SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /src/libtiff/libtiff/tif_dirread.c:4433:31 in \n";

static const struct family_case ubsan_cases[] = {
	{ "ubsan_upcast", UBSAN_UPCAST, "Upcast-of-null-pointer",
	  "SkPicture::MakeFromData\nSkPicture::MakeFromStream\nFuzzSKP.cpp\n",
	  "", false },
	{ "ubsan_implicit", UBSAN_IMPLICIT, "Implicit-conversion",
	  "TIFFFetchNormalTag\nTIFFReadDirectory\nTIFFClientOpenExt\n",
	  "", false },
};

/* ---- kernel reports read as user-space stacks (LKL, Android) ---- */

static const char LKL_KASAN[] =
	"INFO: Seed: 1170\n"
	"[    0.001000] Linux version 5.10.43 (builder@buildhost) (clang version 14.0.0) #1 Thu Mar 12 14:22:00 UTC 2024\n"
	"[   12.345678] ==================================================================\n"
	"[   12.345701] BUG: KASAN: use-after-free in usb_hub_port_status+0x5c/0x1a0\n"
	"[   12.345712] Read of size 8 at addr 00007f11c2a0e310 by task lkl/1\n"
	"[   12.345720] \n"
	"[   12.345725] CPU: 0 PID: 1 Comm: lkl Not tainted 5.10.43 #1\n"
	"[   12.345731] Call Trace:\n"
	"[   12.345740]  lkl_dump_stack+0x1d/0x30\n"
	"[   12.345752]  print_address_description+0x2e/0x3f0\n"
	"[   12.345761]  kasan_report+0x41/0x60\n"
	"[   12.345770]  usb_hub_port_status+0x5c/0x1a0\n"
	"[   12.345781]  hub_port_init+0x3b1/0x1e60\n"
	"[   12.345790]  hub_port_connect+0x228/0x1020\n"
	"[   12.345810] ==================================================================\n"
	"==1== ERROR: libFuzzer: deadly signal\n"
	"    #0 0x5619a1b6e871 in __sanitizer_print_stack_trace /src/llvm-project/compiler-rt/lib/asan/asan_stack.cpp:87:3\n"
	"    #1 0x5619a1aa1a18 in fuzzer::PrintStackTrace() /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerUtil.cpp:210:5\n"
	"    #2 0x5619a1a86aa3 in fuzzer::Fuzzer::CrashCallback() /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerLoop.cpp:231:3\n"
	"    #3 0x7f0d3b2a741f  (/lib/x86_64-linux-gnu/libpthread.so.0+0x1441f)\n"
	"    #4 0x7f0d3b09a00a in raise (/lib/x86_64-linux-gnu/libc.so.6+0x4300a)\n"
	"    #5 0x7f0d3b079858 in abort (/lib/x86_64-linux-gnu/libc.so.6+0x22858)\n"
	"    #6 0x5619a1c0b1e0 in kasan_report /src/lkl/mm/kasan/report.c:412:2\n"
	"    #7 0x5619a1c0b51f in __asan_load8 /src/lkl/mm/kasan/generic.c:256:1\n"
	"    #8 0x5619a1d2e1c0 in usb_hub_port_status /src/lkl/drivers/usb/core/hub.c:590:9\n"
	"    #9 0x5619a1d2f9a3 in hub_port_init /src/lkl/drivers/usb/core/hub.c:4711:12\n"
	"    #10 0x5619a1d31201 in hub_port_connect /src/lkl/drivers/usb/core/hub.c:5177:11\n"
	"\n"
	"Linux Kernel Library Stack Trace:\n"
	"#0 0x5619a1d2e1c0 in usb_hub_port_status /src/lkl/drivers/usb/core/hub.c:590:9\n"
	"#1 0x5619a1d2f9a3 in hub_port_init /src/lkl/drivers/usb/core/hub.c:4711:12\n"
	"#2 0x5619a1d31201 in hub_port_connect /src/lkl/drivers/usb/core/hub.c:5177:11\n"
	"#3 0x5619a1a01c44 in LLVMFuzzerTestOneInput /src/usb_hub_fuzzer.cc:52:3\n"
	"\n"
	"SUMMARY: libFuzzer: deadly signal\n";

static const char ANDROID_KASAN[] =
	"[   41.301228] c2 ==================================================================\n"
	"[   41.301330] c2 BUG: KASAN: slab-out-of-bounds in ion_ioctl+0x3b4/0x5e0 at addr ffffffc0b5d1f6c0\n"
	"[   41.301410] c2 Write of size 4 by task ion_fuzzer/3124\n"
	"[   41.301493] c2 CPU: 2 PID: 3124 Comm: ion_fuzzer Tainted: G        W       4.4.21-g7fd33d7 #1\n"
	"[   41.301540] c2 Call trace:\n"
	"[   41.301601] c2 [<ffffffc00008b1e4>] dump_backtrace+0x0/0x270\n"
	"[   41.301655] c2 [<ffffffc00008b468>] show_stack+0x14/0x1c\n"
	"[   41.301710] c2 [<ffffffc0003d2f24>] dump_stack+0xb8/0xe8\n"
	"[   41.301762] c2 [<ffffffc000212d7c>] kasan_report_error+0x360/0x548\n"
	"[   41.301811] c2 [<ffffffc000213100>] kasan_report+0x40/0x4c\n"
	"[   41.301862] c2 [<ffffffc0002117f8>] __asan_store4+0x80/0x88\n"
	"[   41.301914] c2 [<ffffffc00079e2c8>] ion_ioctl+0x3b4/0x5e0\n"
	"[   41.301968] c2 [<ffffffc00024fd8c>] do_vfs_ioctl+0x5bc/0x8d0\n"
	"[   41.302021] c2 [<ffffffc000250134>] SyS_ioctl+0x94/0xb8\n"
	"[   41.302070] c2 ==================================================================\n";

static const char ANDROID_PANIC_MODULE[] =
	"[  305.118621] Kernel panic - not syncing: dpu fence check: bad fence state 3\n"
	"[  305.118702] CPU: 5 PID: 812 Comm: composer@2.4-se Tainted: G        W  OE     5.10.107-android13 #1\n"
	"[  305.118735] Hardware name: Generic board (DT)\n"
	"[  305.118749] Call trace:\n"
	"[  305.118764]  dump_backtrace+0x0/0x1c4\n"
	"[  305.118781]  show_stack+0x18/0x24\n"
	"[  305.118799]  dump_stack_lvl+0x6c/0x9c\n"
	"[  305.118815]  panic+0x17c/0x3a4\n"
	"[  305.118834]  dpu_fence_check+0x10c/0x120 [msm_drm]\n"
	"[  305.118852]  dpu_crtc_commit_kickoff+0x3a8/0x5f0 [msm_drm]\n"
	"[  305.118869]  dpu_kms_commit+0x64/0xd0 [msm_drm]\n"
	"[  305.118887]  msm_atomic_commit_tail+0x2a4/0x5c0 [msm_drm]\n";

static const char ANDROID_OOPS[] =
	"[  218.412190] Unable to handle kernel paging request at virtual address 00000000deadbeef\n"
	"[  218.412256] pgd = ffffffc0e1b93000\n"
	"[  218.412301] Internal error: Oops: 96000005 [#1] PREEMPT SMP\n"
	"[  218.412342] Modules linked in: wlan(O)\n"
	"[  218.412390] CPU: 3 PID: 2217 Comm: vold Tainted: G        W  O    4.9.112 #1\n"
	"[  218.412431] PC is at binder_transaction_buffer_release+0x1c0/0x3a0\n"
	"[  218.412475] LR is at binder_transaction_buffer_release+0x1a8/0x3a0\n"
	"[  218.412520] Call trace:\n"
	"[  218.412560] [<ffffff80088c1d2c>] binder_transaction_buffer_release+0x1c0/0x3a0\n"
	"[  218.412601] [<ffffff80088c4f10>] binder_free_buf+0x98/0xd4\n"
	"[  218.412645] [<ffffff80088c6b18>] binder_thread_write+0x3b0/0x1350\n"
	"[  218.412690] [<ffffff80088c8140>] binder_ioctl+0x1f4/0x6f0\n";

static const struct family_case kernel_cases[] = {
	{ "lkl_kasan", LKL_KASAN, "Kernel failure\nUse-after-free\nREAD 8",
	  "usb_hub_port_status\nhub_port_init\nhub_port_connect\n",
	  "0x7f11c2a0e310", true },
	{ "android_kasan", ANDROID_KASAN, "Kernel failure\nSlab-out-of-bounds\nWRITE 4",
	  "ion_ioctl\ndo_vfs_ioctl\nSyS_ioctl\n",
	  "0xffffffc0b5d1f6c0", true },
	{ "android_panic_module", ANDROID_PANIC_MODULE, "Kernel failure\ndpu-fence-check:-bad-fence-state-3",
	  "dpu_fence_check\ndpu_crtc_commit_kickoff\ndpu_kms_commit\n",
	  "", true },
	{ "android_oops", ANDROID_OOPS, "Kernel failure\nREAD Translation Fault, Section ({*})",
	  "binder_transaction_buffer_release\nbinder_free_buf\nbinder_thread_write\n",
	  "0xffffff80088c1d2c", true },
};

/* ---- Fuchsia ---- */

static const char FUCHSIA[] =
	"[00012.345678][1234][5678][klog] INFO: ==1234== ERROR: libFuzzer: deadly signal\n"
	"   #0    0x000042b8a1c3e8b2 in __sanitizer_print_stack_trace compiler-rt/lib/asan/asan_stack.cpp:87 <libclang_rt.asan.so>+0x3e8b2\n"
	"   #1    0x000042b8a1b9c4a3 in fuzzer::PrintStackTrace() compiler-rt/lib/fuzzer/FuzzerUtil.cpp:210 <decompress_fuzzer>+0x9c4a3\n"
	"   #2    0x000042b8a1bb0d61 in fuzzer::Fuzzer::CrashCallback() compiler-rt/lib/fuzzer/FuzzerLoop.cpp:231 <decompress_fuzzer>+0xb0d61\n"
	"   #3    0x000042b8a1c11e00 in CrashTrampolineAsm <decompress_fuzzer>+0x111e00\n"
	"   #4    0x000042b8a0f2c4d1 in zlib_inflate ../../third_party/zlib/inflate.c:812 <decompress_fuzzer>+0x2c4d1\n"
	"   #5    0x000042b8a0f2b9a2 in DecompressBlock(Stream*) ../../src/lib/compress/decompress.cc:97 <decompress_fuzzer>+0x2b9a2\n"
	"   #6    0x000042b8a0f2a7b3 in LLVMFuzzerTestOneInput ../../src/lib/compress/decompress_fuzzer.cc:18 <decompress_fuzzer>+0x2a7b3\n"
	"   #7    0x000042b8a1b7e55c in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) compiler-rt/lib/fuzzer/FuzzerLoop.cpp:614 <decompress_fuzzer>+0x7e55c\n"
	"\n"
	"SUMMARY: libFuzzer: deadly signal\n";

static const struct family_case fuchsia_cases[] = {
	{ "fuchsia", FUCHSIA, "Fatal-signal",
	  "zlib_inflate\nDecompressBlock\ndecompress_fuzzer.cc\n",
	  "", false },
};

/* ---- Trusty ---- */

static const char TRUSTY[] =
	"trusty_app_crash: keymaster (app 3) crashed, pc 0x412c3a\n"
	"---- Trusted App crash stacktrace ----\n"
	"Backtrace for thread: keymaster\n"
	"uSP+0x0f30: 0x0000000000412c3a in asn1_decode_integer\n"
	"uSP+0x0f70: 0x00000000004108b1 in km_parse_key_blob\n"
	"uSP+0x0fb0: 0x000000000040f3e2 in km_import_key\n"
	"uSP+0x0ff0: 0x000000000040a011 in keymaster_dispatch\n"
	"---- End of Trusted App crash stacktrace ----\n";

static const struct family_case trusty_cases[] = {
	{ "trusty", TRUSTY, "Trusted app crash",
	  "asn1_decode_integer\nkm_parse_key_blob\nkm_import_key\n",
	  "", true },
};

/* ---- Windows cdb ---- */

static const char CDB_READ[] =
	"(1a2c.3f10): Access violation - code c0000005 (first chance)\n"
	"First chance exceptions are reported before any exception handling.\n"
	"This exception may be expected and handled.\n"
	"eax=00000000 ebx=0137f6a8 ecx=00000004 edx=0137f7c0 esi=0137f6a8 edi=00000000\n"
	"eip=71a2c3b5 esp=0137f650 ebp=0137f670 iopl=0         nv up ei pl zr na pe nc\n"
	"imgdec!DecodeRow+0x35:\n"
	"71a2c3b5 8b01            mov     eax,dword ptr [ecx]  ds:002b:00000004=????????\n"
	"0:000> !analyze -v\n"
	"Attempt to read from address 00000004\n"
	"DEFAULT_BUCKET_ID:  NULL_CLASS_PTR_READ\n"
	"ChildEBP RetAddr\n"
	"0137f670 71a2c8e1 imgdec!DecodeRow+0x35\n"
	"0137f6b0 71a2d013 imgdec!DecodeImage+0x101\n"
	"0137f6f0 00f21a44 viewer!main+0x44\n"
	"0137f738 75b27ba9 viewer!__scrt_common_main_seh+0xfa\n";

static const char CDB_INTOVERFLOW[] =
	"(2b10.2c44): Integer overflow - code c0000095 (first chance)\n"
	"First chance exceptions are reported before any exception handling.\n"
	"rax=7fffffffffffffff rbx=0000000000000002 rcx=0000000000000002\n"
	"calc!SafeMul+0x1b:\n"
	"00007ff6`4c2a1c3b 0f0b            ud2\n"
	"0:000> !analyze -v\n"
	"DEFAULT_BUCKET_ID:  STATUS_INTEGER_OVERFLOW\n"
	"Child-SP          RetAddr           Call Site\n"
	"000000c4`d23ff6a0 00007ff6`4c2a2d14 calc!SafeMul+0x1b\n"
	"000000c4`d23ff6e0 00007ff6`4c2a3e70 calc!Evaluate+0x84\n"
	"000000c4`d23ff750 00007ff6`4c2a51f2 calc!RunScript+0x120\n"
	"000000c4`d23ff7d0 00007ff6`4c2a6b0c calc!main+0x52\n";

static const char CDB_DIVZERO[] =
	"(3c08.1d7c): Integer divide-by-zero - code c0000094 (first chance)\n"
	"calc!Divide+0x12:\n"
	"00007ff6`4c2a1b52 48f7f9          idiv    rax,rcx\n"
	"0:000> !analyze -v\n"
	"DEFAULT_BUCKET_ID:  STATUS_INTEGER_DIVIDE_BY_ZERO\n"
	"Child-SP          RetAddr           Call Site\n"
	"000000c4`d23ff6a0 00007ff6`4c2a2d14 calc!Divide+0x12\n"
	"000000c4`d23ff6e0 00007ff6`4c2a3e70 calc!Evaluate+0x64\n"
	"000000c4`d23ff750 00007ff6`4c2a51f2 calc!RunScript+0x120\n";

static const char CDB_STACKOVERFLOW[] =
	"(4f1c.2a08): Stack overflow - code c00000fd (first chance)\n"
	"0:000> !analyze -v\n"
	"EXCEPTION_RECORD:  (.exr -1)\n"
	"ExceptionAddress: 00007ffb1c2a1c3b (parser!ParseExpr+0x000000000000001b)\n"
	"   ExceptionCode: c00000fd (Stack overflow)\n"
	"  ExceptionFlags: 00000000\n"
	"Child-SP          RetAddr           Call Site\n"
	"000000c4`d1e03000 00007ffb`1c2a2d14 parser!ParseExpr+0x1b\n"
	"000000c4`d1e03060 00007ffb`1c2a1c3b parser!ParseUnary+0x84\n"
	"000000c4`d1e030c0 00007ffb`1c2a2d14 parser!ParseExpr+0x120\n"
	"000000c4`d1e03120 00007ffb`1c2a1c3b parser!ParseUnary+0x84\n"
	"000000c4`d1e03180 00007ffb`1c2a2d14 parser!ParseExpr+0x120\n"
	"000000c4`d1e031e0 00007ffb`1c2a1c3b parser!ParseUnary+0x84\n";

static const struct family_case cdb_cases[] = {
	{ "cdb_read", CDB_READ, "READ",
	  "DecodeRow\nDecodeImage\n",
	  "0x00000004", false },
	{ "cdb_intoverflow", CDB_INTOVERFLOW, "Integer-overflow",
	  "SafeMul\nEvaluate\nRunScript\n",
	  "", false },
	{ "cdb_divzero", CDB_DIVZERO, "Divide-by-zero",
	  "Divide\nEvaluate\nRunScript\n",
	  "", false },
	{ "cdb_stackoverflow", CDB_STACKOVERFLOW, "Stack-overflow",
	  "ParseExpr\nParseUnary\nParseExpr\n",
	  "", false },
};

#define FAMILY_TEST(fam)                                                  \
	static void test_##fam(void **state)                              \
	{                                                                 \
		(void)state;                                              \
		for (size_t i = 0; i < ARRAY_SIZE(fam##_cases); i++)      \
			check_case(&fam##_cases[i]);                      \
	}

FAMILY_TEST(go)
FAMILY_TEST(python)
FAMILY_TEST(jazzer_js)
FAMILY_TEST(libfuzzer)
FAMILY_TEST(googletest)
FAMILY_TEST(glog)
FAMILY_TEST(chrome)
FAMILY_TEST(v8)
FAMILY_TEST(ubsan)
FAMILY_TEST(kernel)
FAMILY_TEST(fuchsia)
FAMILY_TEST(trusty)
FAMILY_TEST(cdb)

/*
 * The frame-skipping rules (src/report/uspatterns.c, frame_skip_rules[]),
 * one case per kind of rule: the frame is put at the top of an ASan stack
 * above "kept_frame"; a skipped frame leaves "kept_frame" first.
 */
static const struct {
	const char *frame;	/* what follows "#0 0x4f2a10 in " */
	bool skipped;
	const char *why;
	const char *kept_as;	/* its name in the state when it is kept */
} SKIP_CASES[] = {
	{ "raise (/lib/x86_64-linux-gnu/libc.so.6+0x3bfb1)", true, "libc, unsymbolized (symbolized rule)" },
	{ "abort", true, "abort (exact)" },
	{ "abort_with_issue /src/x.py:3", true, "abort (prefix)" },
	{ "__asan_memcpy /src/llvm-project/compiler-rt/lib/asan/asan_interceptors.cpp:22:3", true, "sanitizer internals" },
	{ "__sanitizer::Die() /src/sanitizer_common/sanitizer_termination.cpp:58:7", true, "sanitizer internals" },
	{ "fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) /src/FuzzerLoop.cpp:611:15", true, "fuzzing engine" },
	{ "malloc /src/asan_malloc_linux.cpp:69:3", true, "allocation" },
	{ "operator new(unsigned long) /src/asan_new_delete.cpp:95:3", true, "allocation" },
	{ "std::__1::__libcpp_operator_new[abi:v15000]<unsigned long>(unsigned long) /usr/include/c++/v1/new:246:10", true, "std:: allocation" },
	{ "std::__1::allocator<char>::allocate[abi:v15000](unsigned long) /usr/include/c++/v1/__memory/allocator.h:114:38", true, "std:: allocation" },
	{ "__gnu_cxx::new_allocator<int>::allocate(unsigned long, void const*) /usr/include/c++/12/ext/new_allocator.h:137:27", true, "std:: allocation" },
	{ "testing::Test::Run() /src/googletest/googletest/src/gtest.cc:2674:5", true, "googletest path" },
	{ "runtime.gopanic /usr/lib/go/src/runtime/panic.go:914", true, "Go runtime" },
	{ "core::result::unwrap_failed /rustc/0123abcd/library/core/src/result.rs:1651:5", true, "Rust runtime" },
	{ "__pthread_kill_implementation nptl/pthread_kill.c:44:76", true, "signal" },
	{ "main /src/tool/main.c:12:3", true, "entry (soft)" },
	{ "parse_header /src/lib/header.c:88:12", false, "a project frame", "parse_header" },
	{ "raise_level /src/game/level.c:12:3", false, "not raise", "raise_level" },
	{ "std::__1::vector<int, std::__1::allocator<int> >::push_back(int const&) /usr/include/c++/v1/vector:1543:9",
	  false, "a container, not an allocator", "std::__1::vector<int, std::__1::allocator<int> >::push_back" },
};

static void test_frame_skip_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(SKIP_CASES); i++) {
		struct report_list list = REPORT_LIST_INIT;
		struct strbuf log = STRBUF_INIT;
		struct strbuf want = STRBUF_INIT;

		strbuf_addf(&log,
			    "==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x4f2a10 bp 0x7ffc0 sp 0x7ffb8\n"
			    "READ of size 4 at 0x602000000010 thread T0\n"
			    "    #0 0x4f2a10 in %s\n"
			    "    #1 0x4f2b20 in kept_frame /src/lib/kept.c:10:2\n"
			    "    #2 0x4f2c30 in second_frame /src/lib/kept.c:20:2\n"
			    "    #3 0x4f2d40 in third_frame /src/lib/kept.c:30:2\n"
			    "    #4 0x4f2e50 in fourth_frame /src/lib/kept.c:40:2\n\n"
			    "SUMMARY: AddressSanitizer: heap-use-after-free\n", SKIP_CASES[i].frame);
		report_parse(log.buf, log.len, &list);
		assert_int_equal(list.nr, 1);
		if (SKIP_CASES[i].skipped) {
			strbuf_addstr(&want, "kept_frame\nsecond_frame\nthird_frame\n");
		} else {
			strbuf_addf(&want, "%s\nkept_frame\nsecond_frame\n", SKIP_CASES[i].kept_as);
		}
		if (strcmp(list.items[0].crash_state, want.buf))
			fail_msg("frame \"%s\" (%s): crash_state \"%s\", want \"%s\"", SKIP_CASES[i].frame,
				 SKIP_CASES[i].why, list.items[0].crash_state, want.buf);
		report_list_release(&list);
		strbuf_release(&log);
		strbuf_release(&want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go),
		cmocka_unit_test(test_python),
		cmocka_unit_test(test_jazzer_js),
		cmocka_unit_test(test_libfuzzer),
		cmocka_unit_test(test_googletest),
		cmocka_unit_test(test_glog),
		cmocka_unit_test(test_chrome),
		cmocka_unit_test(test_v8),
		cmocka_unit_test(test_ubsan),
		cmocka_unit_test(test_kernel),
		cmocka_unit_test(test_fuchsia),
		cmocka_unit_test(test_trusty),
		cmocka_unit_test(test_cdb),
		cmocka_unit_test(test_frame_skip_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
