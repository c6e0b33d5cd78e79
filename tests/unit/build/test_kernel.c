// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the kernel builder's pure parts (compiler table, build
 * error extraction, deterministic environment) and of its flow against a
 * fake kernel tree whose Makefile imitates kbuild's targets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build/compilers.h"
#include "build/kernel.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

static void test_release_cmp(void **state)
{
	(void)state;
	assert_true(release_cmp("v4.9", "v4.19") < 0);
	assert_true(release_cmp("v4.19", "v5.0") < 0);
	assert_true(release_cmp("v5.0-rc1", "v5.0") < 0);
	assert_true(release_cmp("v5.0-rc2", "v5.0-rc10") < 0);
	assert_true(release_cmp("v5.0", "v5.0.1") < 0);
	assert_true(release_cmp("v6.1.10", "v6.1.9") > 0);
	assert_true(release_cmp("v6.1.192", "v6.1.193") < 0);
	assert_int_equal(release_cmp("v6.1", "v6.1"), 0);
	assert_true(release_cmp("v6.2", "v6.1.999") > 0);
}

static void test_compiler_table(void **state)
{
	struct compiler_table t = COMPILER_TABLE_INIT;

	(void)state;
	/* an empty table: the host gcc */
	assert_string_equal(compiler_table_lookup(&t, "v6.1"), "gcc");
	assert_string_equal(compiler_table_lookup(&t, NULL), "gcc");
	assert_int_equal(compiler_table_parse(&t,
		"# compilers by release\n"
		"default gcc-12\n"
		"v4.19   gcc-8   # old LTS\n"
		"\n"
		"v5.10 ccache gcc-10\n"
		"v4.9 gcc-6", "table"), 0);
	assert_int_equal(t.nr, 4);
	assert_string_equal(compiler_table_lookup(&t, "v4.4"), "gcc-12");
	assert_string_equal(compiler_table_lookup(&t, "v4.9"), "gcc-6");
	assert_string_equal(compiler_table_lookup(&t, "v4.14.3"), "gcc-6");
	assert_string_equal(compiler_table_lookup(&t, "v4.19"), "gcc-8");
	assert_string_equal(compiler_table_lookup(&t, "v5.10-rc3"), "gcc-8");
	assert_string_equal(compiler_table_lookup(&t, "v5.10"), "ccache gcc-10");
	assert_string_equal(compiler_table_lookup(&t, "v6.1.192"), "ccache gcc-10");
	assert_string_equal(compiler_table_lookup(&t, NULL), "gcc-12");
	/* a later row for the same release replaces it */
	assert_int_equal(compiler_table_parse(&t, "v4.19 gcc-9\n", "more"), 0);
	assert_int_equal(t.nr, 4);
	assert_string_equal(compiler_table_lookup(&t, "v5.4"), "gcc-9");
	set_error_quiet(true);
	assert_int_equal(compiler_table_parse(&t, "v5.0\n", "bad"), -1);
	assert_int_equal(compiler_table_read(&t, "/nonexistent/compilers"), -1);
	set_error_quiet(false);
	compiler_table_release(&t);
	assert_int_equal(t.nr, 0);
}

static void test_compiler_identity(void **state)
{
	const char *id, *id2;
	char *n;

	(void)state;
	id = compiler_identity("gcc");
	assert_non_null(id);
	assert_true(starts_with(id, "gcc"));
	assert_null(strchr(id, '\n'));
	/* "ccache gcc" is the same compiler */
	id2 = compiler_identity("ccache gcc");
	assert_non_null(id2);
	assert_string_equal(id, id2);
	assert_ptr_equal(compiler_identity("gcc"), id);	/* cached */
	set_error_quiet(true);
	assert_null(compiler_identity("/nonexistent/gcc-0"));
	set_error_quiet(false);
	n = compiler_identity_normalize("  gcc (GCC) 12.2.0 \nCopyright (C) 2022\n");
	assert_string_equal(n, "gcc (GCC) 12.2.0");
	free(n);
}

static void test_build_env(void **state)
{
	struct strvec env = STRVEC_INIT;
	bool ts = false, user = false, host = false, ver = false, lv = false;

	(void)state;
	kernel_build_env(&env);
	for (size_t i = 0; i < env.nr; i++) {
		const char *v;

		if (skip_prefix(env.v[i], "KBUILD_BUILD_TIMESTAMP=", &v))
			ts = *v != '\0';
		if (skip_prefix(env.v[i], "KBUILD_BUILD_USER=", &v))
			user = *v != '\0';
		if (skip_prefix(env.v[i], "KBUILD_BUILD_HOST=", &v))
			host = *v != '\0';
		if (!strcmp(env.v[i], "KBUILD_BUILD_VERSION=1"))
			ver = true;
		if (!strcmp(env.v[i], "LOCALVERSION="))
			lv = true;	/* set and empty: no "+" from setlocalversion */
	}
	assert_true(ts && user && host && ver && lv);
	/* twice the same: nothing depends on the time or the host */
	struct strvec env2 = STRVEC_INIT;

	kernel_build_env(&env2);
	assert_int_equal(env.nr, env2.nr);
	for (size_t i = 0; i < env.nr; i++)
		assert_string_equal(env.v[i], env2.v[i]);
	strvec_clear(&env);
	strvec_clear(&env2);
	/* the built-in fragment */
	assert_non_null(strstr(kernel_default_fragment, "\nCONFIG_64BIT=y\n"));
	assert_non_null(strstr(kernel_default_fragment, "\nCONFIG_LOCALVERSION_AUTO=n\n"));
	assert_non_null(strstr(kernel_default_fragment, "\nCONFIG_DEBUG_ATOMIC_SLEEP=y\n"));
}

/*
 * Real output of `make -s -j2 bzImage` (O= outside the tree) on the demo
 * history's build break, kernel/sys.c getpid() missing a semicolon.
 */
static const char real_break[] =
	"/work/cache/kbtest/tree/kernel/sys.c: In function '__do_sys_getpid':\n"
	"/work/cache/kbtest/tree/kernel/sys.c:953:40: error: expected ';' before '}' token\n"
	"  953 |         return task_tgid_vnr(current)\n"
	"      |                                        ^\n"
	"      |                                        ;\n"
	"  954 | }\n"
	"      | ~                                       \n"
	"make[3]: *** [/work/cache/kbtest/tree/scripts/Makefile.build:250: kernel/sys.o] Error 1\n"
	"make[2]: *** [/work/cache/kbtest/tree/scripts/Makefile.build:500: kernel] Error 2\n"
	"make[1]: *** [/work/cache/kbtest/tree/Makefile:2012: .] Error 2\n"
	"make: *** [Makefile:226: __sub-make] Error 2\n";

static void test_build_error(void **state)
{
	char *e;

	(void)state;
	e = kernel_build_error(real_break, "/work/cache/kbtest/tree");
	assert_string_equal(e, "kernel/sys.c: expected ';' before '}' token");
	free(e);
	/* gcc in a UTF-8 locale quotes with U+2018/U+2019 */
	e = kernel_build_error("/t/kernel/sys.c:953:40: error: expected \xe2\x80\x98;\xe2\x80\x99 "
			       "before \xe2\x80\x98}\xe2\x80\x99 token\n", "/t");
	assert_string_equal(e, "kernel/sys.c: expected ';' before '}' token");
	free(e);
	/* without knowing the tree: the path stays whole */
	e = kernel_build_error(real_break, NULL);
	assert_string_equal(e, "/work/cache/kbtest/tree/kernel/sys.c: "
			       "expected ';' before '}' token");
	free(e);
	/* relative source paths seen from O= (ccache base_dir) */
	e = kernel_build_error("In file included from ../tree/mm/slub.c:12:\n"
			       "../tree/include/linux/x.h:3:1: fatal error: y.h: No such file or directory\n",
			       "/w/tree");
	assert_string_equal(e, "include/linux/x.h: y.h: No such file or directory");
	free(e);
	/* a linker error */
	e = kernel_build_error("ld: vmlinux.o: in function `foo':\n"
			       "mm/mempolicy.c:(.text+0x12): undefined reference to `bar'\n"
			       "make[1]: *** [Makefile:1164: vmlinux] Error 1\n", "/t");
	assert_non_null(e);
	assert_non_null(strstr(e, "undefined reference to `bar'"));
	free(e);
	/* warnings are not errors */
	assert_null(kernel_build_error("mm/x.c:1:2: warning: unused variable 'x'\n", "/t"));
	assert_null(kernel_build_error("", "/t"));
}

/* ---- the builder against a fake kernel tree ---- */

static const char fake_makefile[] =
	"olddefconfig:\n"
	"\t@test -f $(O)/.config\n"
	"bzImage:\n"
	"\t@if grep -q SLEEP $(CURDIR)/src.c; then sleep 30; fi\n"
	"\t@if grep -q BREAK $(CURDIR)/src.c; then "
	"echo \"$(CURDIR)/src.c:3:5: error: expected ';' before '}' token\" >&2; exit 2; fi\n"
	"\t@mkdir -p $(O)/arch/x86/boot\n"
	"\t@cp $(CURDIR)/src.c $(O)/vmlinux\n"
	"\t@cp $(CURDIR)/src.c $(O)/arch/x86/boot/bzImage\n"
	"\t@echo \"$$KBUILD_BUILD_TIMESTAMP/$$LOCALVERSION/$(ARCH)\" >$(O)/System.map\n";

struct fake {
	char dir[64];
	char *tree, *work, *config;
};

static int fake_setup(void **state)
{
	struct fake *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/culprit-test-kernel-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->tree = xstrfmt("%s/tree", f->dir);
	f->work = xstrfmt("%s/work", f->dir);
	f->config = xstrfmt("%s/config", f->dir);
	assert_int_equal(mkdir_p(f->tree, 0777), 0);
	char *mk = xstrfmt("%s/Makefile", f->tree);

	assert_int_equal(write_file_atomic(mk, fake_makefile, strlen(fake_makefile)), 0);
	free(mk);
	assert_int_equal(write_file_atomic(f->config, "CONFIG_X=y\n", 11), 0);
	*state = f;
	return 0;
}

static int fake_teardown(void **state)
{
	struct fake *f = *state;

	remove_tree(f->dir);
	free(f->tree);
	free(f->work);
	free(f->config);
	free(f);
	return 0;
}

static void write_src(struct fake *f, const char *text)
{
	char *p = xstrfmt("%s/src.c", f->tree);

	assert_int_equal(write_file_atomic(p, text, strlen(text)), 0);
	free(p);
}

static void test_builder_fake(void **state)
{
	struct fake *f = *state;
	struct kernel_build_opts o = { .workdir = f->work, .config = f->config, .jobs = 1,
				       .no_ccache = true, .timeout = 20 };
	struct kernel_builder *kb = kernel_builder_new(&o);
	struct builder_ops ops;
	struct build_result r1, r2, r3;
	struct strbuf sb = STRBUF_INIT;
	char *p;

	assert_non_null(kb);
	ops = kernel_builder_ops(kb);
	assert_true(starts_with(ops.compiler(ops.ctx, "abc"), "gcc"));

	write_src(f, "int x;\n");
	assert_int_equal(ops.build(ops.ctx, "c1", f->tree, &r1), 0);
	assert_int_equal(r1.status, BUILD_OK);
	assert_int_equal(strlen(r1.signature), SIGNATURE_HEXSZ);
	assert_non_null(r1.artifact_dir);
	assert_true(ends_with(r1.artifact_dir, r1.signature));
	p = xstrfmt("%s/bzImage", r1.artifact_dir);
	assert_true(file_exists(p));
	free(p);
	p = xstrfmt("%s/.config", r1.artifact_dir);
	assert_true(strbuf_read_file(&sb, p) > 0);
	assert_string_equal(sb.buf, "CONFIG_X=y\n");
	free(p);
	strbuf_reset(&sb);
	/* the deterministic environment reached make */
	p = xstrfmt("%s/System.map", r1.artifact_dir);
	assert_true(strbuf_read_file(&sb, p) > 0);
	assert_non_null(strstr(sb.buf, "2026//x86_64"));
	free(p);
	strbuf_reset(&sb);

	/* same source again: same signature */
	assert_int_equal(ops.build(ops.ctx, "c1", f->tree, &r2), 0);
	assert_int_equal(r2.status, BUILD_OK);
	assert_string_equal(r1.signature, r2.signature);
	build_result_release(&r2);

	/* different source: different signature */
	write_src(f, "int y;\n");
	assert_int_equal(ops.build(ops.ctx, "c2", f->tree, &r2), 0);
	assert_int_equal(r2.status, BUILD_OK);
	assert_string_not_equal(r1.signature, r2.signature);
	build_result_release(&r2);

	/* a compile error: a skip with the error as the reason */
	write_src(f, "BREAK\n");
	assert_int_equal(ops.build(ops.ctx, "c3", f->tree, &r3), 0);
	assert_int_equal(r3.status, BUILD_FAILED);
	assert_string_equal(r3.signature, "");
	assert_string_equal(r3.reason, "src.c: expected ';' before '}' token");
	build_result_release(&r3);
	build_result_release(&r1);
	strbuf_release(&sb);
	kernel_builder_free(kb);

	/* a timeout is an infrastructure problem */
	o.timeout = 1;
	kb = kernel_builder_new(&o);
	ops = kernel_builder_ops(kb);
	write_src(f, "SLEEP\n");
	assert_int_equal(ops.build(ops.ctx, "c4", f->tree, &r3), 0);
	assert_int_equal(r3.status, BUILD_INFRA);
	assert_non_null(strstr(r3.reason, "timed out"));
	build_result_release(&r3);
	kernel_builder_free(kb);

	/* a missing config is refused up front */
	o.config = "/nonexistent/config";
	set_error_quiet(true);
	assert_null(kernel_builder_new(&o));
	set_error_quiet(false);
}

static char *release_of(void *data, const char *commit)
{
	(void)data;
	return !strcmp(commit, "old") ? xstrdup("v4.20") : NULL;
}

static void test_builder_compiler(void **state)
{
	struct fake *f = *state;
	struct compiler_table t = COMPILER_TABLE_INIT;
	struct kernel_build_opts o = { .workdir = f->work, .config = f->config,
				       .compilers = &t, .release_of = release_of };
	struct kernel_builder *kb;

	assert_int_equal(compiler_table_parse(&t, "default gcc\nv4.19 gcc-8\n", "t"), 0);
	kb = kernel_builder_new(&o);
	assert_string_equal(kernel_builder_cc(kb, "old"), "gcc-8");
	assert_string_equal(kernel_builder_cc(kb, "new"), "gcc");
	kernel_builder_free(kb);
	compiler_table_release(&t);
}

/* ---- values on make's command line (issue 17 §5) ---- */

/* like the kernel's top Makefile: O= reaches make's $(shell) and the shell */
static const char shell_makefile[] =
	"abs_objtree := $(shell mkdir -p $(O) && cd $(O) && pwd)\n"
	"olddefconfig:\n"
	"\t@test -f $(abs_objtree)/.config\n"
	"bzImage:\n"
	"\t@mkdir -p $(abs_objtree)/arch/x86/boot\n"
	"\t@cp $(CURDIR)/src.c $(abs_objtree)/vmlinux\n"
	"\t@cp $(CURDIR)/src.c $(abs_objtree)/arch/x86/boot/bzImage\n";

static void test_make_values(void **state)
{
	struct fake *f = *state;
	char *mk = xstrfmt("%s/Makefile", f->tree);
	char *marker = xstrfmt("%s/X", f->dir);
	char *evil = xstrfmt("%s/w$(shell touch %s)", f->dir, marker);
	struct kernel_build_opts o = { .config = f->config, .jobs = 1, .no_ccache = true,
				       .timeout = 20 };
	struct strvec args = STRVEC_INIT, env = STRVEC_INIT;
	struct kernel_builder *kb;
	struct build_result r;
	struct child c = CHILD_INIT;

	assert_int_equal(write_file_atomic(mk, shell_makefile, strlen(shell_makefile)), 0);
	write_src(f, "int x;\n");
	/* the danger is real: make itself runs the command in O= */
	strvec_pushl(&c.args, "make", "-s", "-C", f->tree, NULL);
	strvec_pushf(&c.args, "O=%s", evil);
	strvec_push(&c.args, "olddefconfig");
	c.timeout = 20;
	assert_int_equal(child_run(&c), 0);
	assert_true(file_exists(marker));
	child_release(&c);
	unlink(marker);

	/* culprit refuses such a work directory before make runs (or mkdir) */
	set_error_quiet(true);
	o.workdir = evil;
	assert_null(kernel_builder_new(&o));
	assert_false(file_exists(marker));
	assert_false(is_directory(evil));
	/* and the other values that reach make */
	o.workdir = f->work;
	o.arch = "x86$(shell id)";
	assert_null(kernel_builder_new(&o));
	o.arch = NULL;
	o.targets = (const char *const[]){ "--eval=$(shell touch X)", NULL };
	assert_null(kernel_builder_new(&o));
	o.targets = (const char *const[]){ "bzImage", "V=1", NULL };
	assert_null(kernel_builder_new(&o));
	o.targets = NULL;
	o.cache = "/tmp/c`id`";
	o.no_ccache = false;
	if ((kb = kernel_builder_new(&o))) {	/* refused only when ccache is used */
		char *cc = find_in_path("ccache");

		assert_null(cc);
		kernel_builder_free(kb);
	}
	o.cache = NULL;
	o.no_ccache = true;
	assert_int_equal(kernel_make_value_check("x", "a b", KERNEL_MAKE_PATH), -1);
	assert_int_equal(kernel_make_value_check("x", "a\nb", KERNEL_MAKE_PATH), -1);
	assert_int_equal(kernel_make_value_check("x", "", KERNEL_MAKE_PATH), -1);
	assert_int_equal(kernel_make_value_check("x", "ccache gcc", KERNEL_MAKE_WORDS), 0);
	assert_int_equal(kernel_make_value_check("x", "gcc -Dx=$(y)", KERNEL_MAKE_WORDS), -1);
	assert_int_equal(kernel_make_value_check("x", "gcc --eval", KERNEL_MAKE_WORDS), -1);
	assert_int_equal(kernel_make_value_check("x", "/opt/gcc-12/bin/x86_64-linux-gnu-gcc",
						 KERNEL_MAKE_WORDS), 0);
	set_error_quiet(false);

	/* the argv builder: every value checked, nothing else on the line */
	kb = kernel_builder_new(&o);
	assert_non_null(kb);
	set_error_quiet(true);
	assert_int_equal(kernel_make_argv(kb, "/t/$(shell id)", "gcc", &args, &env), -1);
	assert_int_equal(kernel_make_argv(kb, "/t", "gcc;id", &args, &env), -1);
	set_error_quiet(false);
	assert_int_equal(args.nr, 0);
	assert_int_equal(kernel_make_argv(kb, f->tree, "gcc", &args, &env), 0);
	assert_string_equal(args.v[0], "make");
	for (size_t i = 0; i < args.nr; i++)
		assert_null(strchr(args.v[i], '$'));
	assert_true(starts_with(args.v[3], "O="));
	assert_string_equal(args.v[4], "ARCH=x86_64");
	assert_string_equal(args.v[5], "CC=gcc");
	kernel_builder_free(kb);
	strvec_clear(&args);
	strvec_clear(&env);

	/* a real make with every allowed character in the work directory */
	free(evil);
	evil = xstrfmt("%s/w+x-y@z.1_2", f->dir);
	o.workdir = evil;
	kb = kernel_builder_new(&o);
	assert_non_null(kb);
	struct builder_ops ops = kernel_builder_ops(kb);

	assert_int_equal(ops.build(ops.ctx, "c1", f->tree, &r), 0);
	assert_int_equal(r.status, BUILD_OK);
	build_result_release(&r);
	kernel_builder_free(kb);
	assert_false(file_exists(marker));
	free(evil);
	free(marker);
	free(mk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_cmp),
		cmocka_unit_test(test_compiler_table),
		cmocka_unit_test(test_compiler_identity),
		cmocka_unit_test(test_build_env),
		cmocka_unit_test(test_build_error),
		cmocka_unit_test_setup_teardown(test_builder_fake, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(test_builder_compiler, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(test_make_values, fake_setup, fake_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
