// SPDX-License-Identifier: Apache-2.0
/*
 * Tests of src/build/: artifact signatures on real gcc builds, the first
 * error of real gcc/clang/ld/make failures, and the generic builder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build.h"
#include "util/run.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

static char tmp[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/culprit-test-build-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(tmp);
	return 0;
}

static char *path_of(const char *rel)
{
	return xstrfmt("%s/%s", tmp, rel);
}

static void put(const char *rel, const char *text)
{
	char *p = path_of(rel);
	char *d = xstrdup(p);

	*strrchr(d, '/') = '\0';
	assert_int_equal(mkdir_p(d, 0777), 0);
	assert_int_equal(write_file_atomic(p, text, strlen(text)), 0);
	free(d);
	free(p);
}

/* run a command in tmp (NULL-terminated argv); its merged output, exit status in *status */
static char *run_in(const char *dir, int *status, const char *const *argv)
{
	struct child c = CHILD_INIT;
	char *out;

	for (; *argv; argv++)
		strvec_push(&c.args, *argv);
	strvec_push(&c.env, "LC_ALL=C");
	c.dir = dir ? dir : tmp;
	c.timeout = 120;
	c.merge_stderr = true;
	assert_int_equal(child_run(&c), 0);
	*status = c.status;
	out = strbuf_detach(&c.out, NULL);
	child_release(&c);
	return out;
}

#define RUN(st, ...) run_in(NULL, st, (const char *const[]){ __VA_ARGS__, NULL })

static bool have(const char *prog)
{
	char *p = find_in_path(prog);
	bool ok = p != NULL;

	free(p);
	return ok;
}

static void test_sha256(void **state)
{
	char hex[SIGNATURE_HEXSZ + 1];

	(void)state;
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_signature_plain_file(void **state)
{
	char got[SIGNATURE_HEXSZ + 1], want[SIGNATURE_HEXSZ + 1];
	char *p = path_of("plain.txt"), *big = path_of("big.bin");
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	put("plain.txt", "not an ELF file\n");
	assert_int_equal(artifact_signature(p, got), 0);
	sha256_hex("not an ELF file\n", 16, want);
	assert_string_equal(got, want);
	/* bigger than one read buffer */
	for (int i = 0; i < 100000; i++)
		strbuf_addf(&sb, "%d,", i);
	assert_int_equal(write_file_atomic(big, sb.buf, sb.len), 0);
	assert_int_equal(artifact_signature(big, got), 0);
	sha256_hex(sb.buf, sb.len, want);
	assert_string_equal(got, want);

	set_error_quiet(true);
	assert_int_equal(artifact_signature("/nonexistent/file", got), -1);
	assert_int_equal(artifact_signature("/dev/null", got), -1);	/* not a regular file */
	put("fake.elf", "\177ELF but not really");
	free(p);
	p = path_of("fake.elf");
	assert_int_equal(artifact_signature(p, got), -1);
	set_error_quiet(false);
	strbuf_release(&sb);
	free(big);
	free(p);
}

static const char prog_v1[] =
	"#include <stdio.h>\n"
	"/* a comment */\n"
	"static int table[64];\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\ttable[argc] = argc * 3;\n"
	"\tprintf(\"%d %s\\n\", table[argc], argv[0]);\n"
	"\treturn 0;\n"
	"}\n";

static void sign_build(const char *src, const char *out, const char *extra,
		       char sig[SIGNATURE_HEXSZ + 1])
{
	char *s = path_of(src), *o = path_of(out);
	int st;
	/* random build ids (same note size in every build): the bytes always differ */
	char *log = RUN(&st, "gcc", "-O2", "-g", "-Wl,--build-id=uuid", extra, "-o", o, s);

	if (st != 0)
		fail_msg("gcc failed: %s", log);
	assert_int_equal(artifact_signature(o, sig), 0);
	free(log);
	free(s);
	free(o);
}

static bool files_equal(const char *a, const char *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	char *pa = path_of(a), *pb = path_of(b);
	bool eq;

	strbuf_read_file(&x, pa);
	strbuf_read_file(&y, pb);
	eq = x.len == y.len && !memcmp(x.buf, y.buf, x.len);
	strbuf_release(&x);
	strbuf_release(&y);
	free(pa);
	free(pb);
	return eq;
}

static void test_signature_elf(void **state)
{
	char s1[SIGNATURE_HEXSZ + 1], s2[SIGNATURE_HEXSZ + 1], s3[SIGNATURE_HEXSZ + 1];
	char s4[SIGNATURE_HEXSZ + 1], s5[SIGNATURE_HEXSZ + 1], bytes[SIGNATURE_HEXSZ + 1];
	char *p;

	(void)state;
	if (!have("gcc"))
		skip();
	put("sig/prog.c", prog_v1);
	/* two builds of the same source, with random build ids: bytes differ */
	sign_build("sig/prog.c", "sig/a.out", "-g", s1);
	sign_build("sig/prog.c", "sig/b.out", "-g", s2);
	assert_false(files_equal("sig/a.out", "sig/b.out"));
	assert_string_equal(s1, s2);
	p = path_of("sig/a.out");
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_read_file(&sb, p);
		sha256_hex(sb.buf, sb.len, bytes);
		strbuf_release(&sb);
	}
	assert_string_not_equal(s1, bytes);	/* the ELF path was taken */
	free(p);

	/* more debug info (not allocated): same signature */
	sign_build("sig/prog.c", "sig/g3.out", "-g3", s3);
	assert_false(files_equal("sig/a.out", "sig/g3.out"));
	assert_string_equal(s1, s3);

	/* a comment changed on its own line: same code, same signature */
	put("sig/prog.c", "#include <stdio.h>\n"
		"/* another, longer comment text */\n"
		"static int table[64];\n"
		"int main(int argc, char **argv)\n"
		"{\n"
		"\ttable[argc] = argc * 3;\n"
		"\tprintf(\"%d %s\\n\", table[argc], argv[0]);\n"
		"\treturn 0;\n"
		"}\n");
	sign_build("sig/prog.c", "sig/c.out", "-g", s4);
	assert_string_equal(s1, s4);

	/* a code change: another signature */
	put("sig/prog.c", "#include <stdio.h>\n"
		"/* a comment */\n"
		"static int table[64];\n"
		"int main(int argc, char **argv)\n"
		"{\n"
		"\ttable[argc] = argc * 4;\n"
		"\tprintf(\"%d %s\\n\", table[argc], argv[0]);\n"
		"\treturn 0;\n"
		"}\n");
	sign_build("sig/prog.c", "sig/d.out", "-g", s5);
	assert_string_not_equal(s1, s5);
}

static void test_signature_directory(void **state)
{
	char s1[SIGNATURE_HEXSZ + 1], s2[SIGNATURE_HEXSZ + 1], s3[SIGNATURE_HEXSZ + 1];
	char *d = path_of("dir"), *p;

	(void)state;
	put("dir/a.txt", "a\n");
	put("dir/sub/b.txt", "b\n");
	put("dir/.git/HEAD", "ref: x\n");
	assert_int_equal(artifact_signature(d, s1), 0);
	/* .git does not count */
	put("dir/.git/HEAD", "ref: y\n");
	put("dir/.git/index", "zzz");
	assert_int_equal(artifact_signature(d, s2), 0);
	assert_string_equal(s1, s2);
	/* content and names do */
	put("dir/sub/b.txt", "B\n");
	assert_int_equal(artifact_signature(d, s3), 0);
	assert_string_not_equal(s1, s3);
	put("dir/sub/b.txt", "b\n");
	assert_int_equal(artifact_signature(d, s2), 0);
	assert_string_equal(s1, s2);
	p = path_of("dir/sub/b.txt");
	{
		char *q = path_of("dir/sub/c.txt");

		assert_int_equal(rename(p, q), 0);
		assert_int_equal(artifact_signature(d, s3), 0);
		assert_string_not_equal(s1, s3);
		assert_int_equal(rename(q, p), 0);
		free(q);
	}
	/* ELF files inside are signed by their loaded sections */
	if (have("gcc")) {
		put("sig2/prog.c", prog_v1);
		sign_build("sig2/prog.c", "dir/prog", "-g", s2);
		assert_int_equal(artifact_signature(d, s1), 0);
		sign_build("sig2/prog.c", "dir/prog", "-g3", s2);
		assert_int_equal(artifact_signature(d, s3), 0);
		assert_string_equal(s1, s3);
	}
	free(p);
	free(d);
}

/* ---------------------------------------------------- build_first_error */

static char *first_error_of(const char *text)
{
	return build_first_error(text, strlen(text));
}

static void expect_error(const char *log, const char *want)
{
	char *got = first_error_of(log);

	if (!want) {
		if (got)
			fail_msg("expected no error, got '%s' from:\n%s", got, log);
		return;
	}
	if (!got || strcmp(got, want))
		fail_msg("expected '%s', got '%s' from:\n%s", want, got ? got : "(null)", log);
	free(got);
}

/* outputs captured from gcc 12, clang 14, GNU ld 2.40, lld and make 4.3 */
static void test_first_error_literal(void **state)
{
	(void)state;
	expect_error("a.c: In function 'main':\n"
		     "a.c:3:16: error: 'y' undeclared (first use in this function)\n"
		     "    3 |         return y;\n"
		     "      |                ^\n"
		     "a.c:3:16: note: each undeclared identifier is reported only once\n"
		     "a.c:5:1: error: expected ';' before '}' token\n",
		     "a.c: 'y' undeclared (first use in this function)");
	expect_error("In file included from src/main.c:2:\n"
		     "src/util.h:7:10: fatal error: nosuch.h: No such file or directory\n"
		     "compilation terminated.\n",
		     "src/util.h: nosuch.h: No such file or directory");
	expect_error("\033[01m\033[Ka.c:3:9:\033[m\033[K \033[01;31m\033[Kerror: \033[m\033[K"
		     "use of undeclared identifier 'y'\r\n1 error generated.\n",
		     "a.c: use of undeclared identifier 'y'");
	expect_error("/usr/bin/ld: /tmp/ccsTmzy2.o: in function `main':\n"
		     "b.c:(.text+0x5): undefined reference to `foo'\n"
		     "collect2: error: ld returned 1 exit status\n",
		     "b.c: undefined reference to `foo'");
	expect_error("/usr/bin/ld: /tmp/ccauxEmw.o: in function `main':\n"
		     "/tmp/fe/b.c:4: undefined reference to `foo'\n"
		     "collect2: error: ld returned 1 exit status\n",
		     "/tmp/fe/b.c: undefined reference to `foo'");
	expect_error("/usr/bin/ld: e.o: in function `foo':\n"
		     "e.c:(.text+0x0): multiple definition of `foo'; d.o:d.c:(.text+0x0): first "
		     "defined here\ncollect2: error: ld returned 1 exit status\n",
		     "e.c: multiple definition of `foo'");
	expect_error("ld.lld: error: undefined symbol: foo\n>>> referenced by b.c\n"
		     "clang: error: linker command failed with exit code 1 (use -v to see "
		     "invocation)\n",
		     "ld.lld: undefined symbol: foo");
	expect_error("/usr/bin/ld: cannot find -lnosuch: No such file or directory\n"
		     "collect2: error: ld returned 1 exit status\n",
		     "ld: cannot find -lnosuch: No such file or directory");
	expect_error("Makefile:2: *** missing separator.  Stop.\n", "Makefile: missing separator.");
	expect_error("make: *** No rule to make target 'nosuch.c', needed by 'all'.  Stop.\n",
		     "make: No rule to make target 'nosuch.c', needed by 'all'.");
	expect_error("make[2]: *** No rule to make target 'x.c'.  Stop.\n"
		     "make[1]: *** [Makefile:5: sub] Error 2\n",
		     "make: No rule to make target 'x.c'.");
	/* weak lines only */
	expect_error("false\nmake: *** [Makefile:2: all] Error 1\n", "make: [Makefile:2: all] Error 1");
	expect_error("collect2: error: ld returned 1 exit status\n",
		     "collect2: ld returned 1 exit status");
	/* a weak line before a strong one: the strong one wins */
	expect_error("make[1]: *** [Makefile:2: a] Error 1\nx.c:1:1: error: boom\n", "x.c: boom");
	/* kernel */
	expect_error("  MODPOST Module.symvers\n"
		     "ERROR: modpost: \"foo_bar\" [drivers/net/x.ko] undefined!\n"
		     "make[1]: *** [scripts/Makefile.modpost:126: Module.symvers] Error 1\n",
		     "modpost: \"foo_bar\" [drivers/net/x.ko] undefined!");
	expect_error("  CC      kernel/fork.o\n"
		     "kernel/fork.c:1234:5: error: implicit declaration of function 'foo' "
		     "[-Werror=implicit-function-declaration]\n"
		     "cc1: some warnings being treated as errors\n"
		     "make[2]: *** [scripts/Makefile.build:250: kernel/fork.o] Error 1\n",
		     "kernel/fork.c: implicit declaration of function 'foo' "
		     "[-Werror=implicit-function-declaration]");
	expect_error("arch/x86/entry/entry_64.S: Assembler messages:\n"
		     "arch/x86/entry/entry_64.S:123: Error: no such instruction: `foo %rax'\n",
		     "arch/x86/entry/entry_64.S: no such instruction: `foo %rax'");
	expect_error("sh: 1: gcc-99: not found\n", "sh: gcc-99: not found");
	expect_error("/bin/sh: line 1: nosuchtool: command not found\n",
		     "sh: nosuchtool: command not found");
	/* nothing recognisable */
	expect_error("", NULL);
	expect_error("all good\nwarning: something\nan error: in prose, not a diagnostic\n", NULL);
	{
		char *got = build_first_error("x.c:1:2: error: no newline at end", 18);

		assert_string_equal(got, "x.c: no");	/* honours len */
		free(got);
	}
}

/* real failures of the tools installed here */
static void expect_real(const char *want_prefix, const char *want_part, const char *const *argv)
{
	int st;
	char *log = run_in(NULL, &st, argv);
	char *got = first_error_of(log);

	assert_int_not_equal(st, 0);
	if (!got || !starts_with(got, want_prefix) || !strstr(got, want_part))
		fail_msg("from %s: expected '%s...%s', got '%s' from:\n%s", argv[0], want_prefix,
			 want_part, got ? got : "(null)", log);
	free(got);
	free(log);
}

#define REAL(pfx, part, ...) expect_real(pfx, part, (const char *const[]){ __VA_ARGS__, NULL })

static void test_first_error_real_tools(void **state)
{
	(void)state;
	if (!have("gcc") || !have("make"))
		skip();
	put("fe/undecl.c", "int main(void)\n{\n\treturn y;\n}\n");
	put("fe/inc.c", "#include \"nosuch.h\"\nint x;\n");
	put("fe/undef.c", "int foo(void);\nint main(void)\n{\n\treturn foo();\n}\n");
	put("fe/d.c", "int foo(void) { return 0; }\n");
	put("fe/e.c", "int foo(void) { return 1; }\nint main(void) { return 0; }\n");
	put("fe/Makefile.sep", "all:\n  echo x\n");
	put("fe/Makefile.norule", "all: nosuch.c\n");

	REAL("fe/undecl.c: ", "undeclared", "gcc", "-c", "-o", "/dev/null", "fe/undecl.c");
	REAL("fe/inc.c: ", "nosuch.h", "gcc", "-c", "-o", "/dev/null", "fe/inc.c");
	/* ld names the compilation unit without its directory */
	REAL("undef.c: undefined reference to ", "foo", "gcc", "-o", "/dev/null",
	     "fe/undef.c");
	REAL("e.c: multiple definition of ", "foo", "gcc", "-o", "/dev/null", "fe/d.c",
	     "fe/e.c");
	REAL("ld: cannot find -lnosuchlib", "", "gcc", "-o", "/dev/null", "fe/d.c",
	     "-lnosuchlib");
	put("fe/bad.S", "\tfoo %rax\n");
	REAL("fe/bad.S: ", "foo", "gcc", "-c", "-o", "/dev/null", "fe/bad.S");
	REAL("Makefile.sep: missing separator", "", "make", "-C", "fe", "-f", "Makefile.sep");
	REAL("make: No rule to make target", "nosuch.c", "make", "-C", "fe", "-f",
	     "Makefile.norule");
	if (have("clang")) {
		REAL("fe/undecl.c: ", "undeclared identifier", "clang", "-c", "-o", "/dev/null",
		     "fe/undecl.c");
		REAL("fe/inc.c: ", "nosuch.h", "clang", "-c", "-o", "/dev/null", "fe/inc.c");
		if (have("ld.lld"))
			REAL("ld.lld: undefined symbol: foo", "", "clang", "-fuse-ld=lld", "-o",
			     "/dev/null", "fe/undef.c");
	}
}

/* ---------------------------------------------------- the generic builder */

static void test_generic_builder(void **state)
{
	struct generic_builder gb = GENERIC_BUILDER_INIT;
	struct builder_ops ops;
	struct build_result res;
	char *tree = path_of("tree"), *work = path_of("work"), *p;
	char sig[SIGNATURE_HEXSZ + 1];

	(void)state;
	if (!have("gcc") || !have("make"))
		skip();
	put("tree/Makefile", "build/prog: prog.c\n\tmkdir -p build\n\tgcc -O2 -o $@ prog.c\n");
	put("tree/prog.c", prog_v1);

	generic_builder_setup(&gb, "make", "build/prog", work, 60);
	generic_builder_ops(&gb, &ops);
	assert_ptr_equal(ops.ctx, &gb);
	assert_int_equal(ops.build(ops.ctx, "c0ffee", tree, &res), 0);
	assert_int_equal(res.status, BUILD_OK);
	assert_null(res.reason);
	p = path_of("tree/build/prog");
	assert_int_equal(artifact_signature(p, sig), 0);
	free(p);
	assert_string_equal(res.signature, sig);
	assert_true(res.seconds > 0);
	p = xstrfmt("%s/artifacts/%s", work, sig);
	assert_string_equal(res.artifact_dir, p);
	free(p);
	p = xstrfmt("%s/prog", res.artifact_dir);
	assert_true(file_exists(p));
	assert_int_equal(access(p, X_OK), 0);	/* mode kept */
	free(p);
	p = xstrfmt("%s/logs/build-c0ffee.log", work);
	assert_true(file_exists(p));
	free(p);
	if (ops.compiler(ops.ctx, "c0ffee"))
		assert_non_null(res.compiler);
	build_result_release(&res);
	build_result_release(&res);

	/* a compile error: BUILD_FAILED with the first error as reason */
	put("tree/prog.c", "int main(void)\n{\n\treturn y;\n}\n");
	assert_int_equal(generic_build(&gb, "bad1", tree, &res), 0);
	assert_int_equal(res.status, BUILD_FAILED);
	assert_non_null(res.reason);
	assert_true(starts_with(res.reason, "prog.c: "));
	assert_string_equal(res.signature, "");
	build_result_release(&res);

	/* a shell command the user wrote: run through sh -c */
	put("tree/prog.c", prog_v1);
	generic_builder_setup(&gb, "rm -f build/prog && make && test -x build/prog",
			      "build/prog", work, 60);
	assert_int_equal(generic_build(&gb, "shell", tree, &res), 0);
	assert_int_equal(res.status, BUILD_OK);
	assert_string_equal(res.signature, sig);
	build_result_release(&res);

	/* exit 0 without the artifact: the commit's fault */
	generic_builder_setup(&gb, "true", "build/none", work, 60);
	assert_int_equal(generic_build(&gb, "noart", tree, &res), 0);
	assert_int_equal(res.status, BUILD_FAILED);
	assert_string_equal(res.reason, "build did not produce build/none");
	build_result_release(&res);

	/* failure without a recognisable error line */
	generic_builder_setup(&gb, "sh -c 'exit 3'", "build/prog", work, 60);
	assert_int_equal(generic_build(&gb, "exit3", tree, &res), 0);
	assert_int_equal(res.status, BUILD_FAILED);
	assert_string_equal(res.reason, "build failed: exit status 3");
	build_result_release(&res);

	/* missing tool, run directly or through sh: infrastructure */
	set_error_quiet(true);
	generic_builder_setup(&gb, "no-such-build-tool-xyz -j2", "build/prog", work, 60);
	assert_int_equal(generic_build(&gb, "missing", tree, &res), 0);
	assert_int_equal(res.status, BUILD_INFRA);
	build_result_release(&res);
	set_error_quiet(false);
	generic_builder_setup(&gb, "no-such-build-tool-xyz && make", "build/prog", work, 60);
	assert_int_equal(generic_build(&gb, "missing2", tree, &res), 0);
	assert_int_equal(res.status, BUILD_INFRA);
	assert_non_null(strstr(res.reason, "no-such-build-tool-xyz"));
	build_result_release(&res);

	/* timeout: infrastructure */
	generic_builder_setup(&gb, "sleep 20", "build/prog", work, 0.5);
	assert_int_equal(generic_build(&gb, "slow", tree, &res), 0);
	assert_int_equal(res.status, BUILD_INFRA);
	assert_non_null(strstr(res.reason, "timed out"));
	assert_true(res.seconds < 10);
	build_result_release(&res);

	/* a directory artifact ("." when the job names none): signed, not copied */
	generic_builder_setup(&gb, "make", ".", work, 60);
	assert_int_equal(generic_build(&gb, "dot", tree, &res), 0);
	assert_int_equal(res.status, BUILD_OK);
	assert_int_equal(strlen(res.signature), SIGNATURE_HEXSZ);
	assert_null(res.artifact_dir);
	build_result_release(&res);

	/* an argv vector, no shell involved */
	generic_builder_setup(&gb, NULL, "build/prog", work, 60);
	strvec_pushl(&gb.argv, "make", "-s", NULL);
	assert_int_equal(generic_build(&gb, "argv", tree, &res), 0);
	assert_int_equal(res.status, BUILD_OK);
	build_result_release(&res);

	generic_builder_release(&gb);
	generic_builder_release(&gb);
	free(tree);
	free(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_signature_plain_file),
		cmocka_unit_test(test_signature_elf),
		cmocka_unit_test(test_signature_directory),
		cmocka_unit_test(test_first_error_literal),
		cmocka_unit_test(test_first_error_real_tools),
		cmocka_unit_test(test_generic_builder),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
