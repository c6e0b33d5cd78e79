// SPDX-License-Identifier: Apache-2.0
/*
 * The config minimiser's pieces that need no kernel build: .config files,
 * the Kconfig dependency reader (on a small tree written here, and on the
 * real linux-source-6.1 tree when the test cache has it), what a crash
 * needs (stack files, Makefile lines, guards, debug options).
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

#include "bisect/kconfig.h"
#include "bisect/minimize_int.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/util.h"

static char *tmpdir;

static void put(const char *rel, const char *text)
{
	char *path = xstrfmt("%s/%s", tmpdir, rel);
	char *slash = strrchr(path, '/');

	*slash = '\0';
	assert_int_equal(mkdir_p(path, 0777), 0);
	*slash = '/';
	assert_int_equal(write_file_atomic(path, text, strlen(text)), 0);
	free(path);
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/culprit-test-minimize-XXXXXX";

	(void)state;
	if (!mkdtemp(tmpl))
		return -1;
	tmpdir = xstrdup(tmpl);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(tmpdir);
	free(tmpdir);
	return 0;
}

static void test_config_file(void **state)
{
	static const char text[] = "#\n# Automatically generated file; DO NOT EDIT.\n"
				   "CONFIG_CC_VERSION_TEXT=\"gcc (Debian 12.2.0-14) 12.2.0\"\n"
				   "CONFIG_64BIT=y\n"
				   "# CONFIG_SLOB is not set\n"
				   "CONFIG_NR_CPUS=64\n"
				   "CONFIG_E1000=m\n"
				   "CONFIG_LOCALVERSION=\"\"\n"
				   "# Not a CONFIG_ line\n"
				   "CONFIG_BROKEN\n";
	struct kconfig_file f = KCONFIG_FILE_INIT, g = KCONFIG_FILE_INIT;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	kconfig_file_parse(&f, text, strlen(text));
	assert_int_equal(f.nr, 6);
	assert_string_equal(kconfig_get(&f, "64BIT"), "y");
	assert_string_equal(kconfig_get(&f, "SLOB"), "n");
	assert_string_equal(kconfig_get(&f, "NR_CPUS"), "64");
	assert_null(kconfig_get(&f, "BROKEN"));
	assert_null(kconfig_get(&f, "NUMA"));
	assert_true(kconfig_enabled(&f, "E1000"));
	assert_false(kconfig_enabled(&f, "SLOB"));
	/* on: y, m and values, not "n" nor an empty string */
	assert_int_equal(kconfig_count_on(&f), 4);
	kconfig_set(&f, "NUMA", "y");
	kconfig_set(&f, "64BIT", "n");
	kconfig_file_format(&f, &sb);
	assert_non_null(strstr(sb.buf, "# CONFIG_64BIT is not set\n"));
	assert_non_null(strstr(sb.buf, "CONFIG_NUMA=y\n"));
	/* sorted by name, so equal configs format equally */
	assert_true(strstr(sb.buf, "CONFIG_64BIT") < strstr(sb.buf, "CONFIG_CC_VERSION"));
	kconfig_file_parse(&g, sb.buf, sb.len);
	assert_int_equal(g.nr, f.nr);
	for (size_t i = 0; i < f.nr; i++) {
		assert_string_equal(g.items[i].name, f.items[i].name);
		assert_string_equal(g.items[i].value, f.items[i].value);
	}
	strbuf_release(&sb);
	kconfig_file_release(&f);
	kconfig_file_release(&g);
}

static int has(const struct strvec *v, const char *s)
{
	for (size_t i = 0; v && i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

static void test_kconfig_deps(void **state)
{
	struct kconfig_deps *d;
	const struct strvec *v;
	int line;

	(void)state;
	put("Kconfig", "mainmenu \"Test\"\n"
		       "source \"arch/$(SRCARCH)/Kconfig\"\n"
		       "source \"mm/Kconfig\"\n"
		       "source \"drivers/missing/Kconfig\"\n");
	put("arch/x86/Kconfig", "config 64BIT\n\tbool \"64-bit kernel\"\n"
				"config X86\n\tdef_bool y\n\tselect HAVE_THING\n");
	put("mm/Kconfig",
	    "menu \"Memory\"\n"
	    "\tdepends on MMU\n"
	    "config NUMA\n"
	    "\tbool \"NUMA\"\n"
	    "\tdepends on SMP && \\\n"
	    "\t\t(64BIT || !X86_32)\n"
	    "\thelp\n"
	    "\t  This help text says: depends on NOT_A_DEP\n"
	    "\n"
	    "\t  config NOT_A_CONFIG either.\n"
	    "\n"
	    "if NUMA\n"
	    "config MIGRATION\n"
	    "\tbool\n"
	    "\tdepends on $(cc-option,-mfoo) && \"x\" = \"y\"\n"
	    "endif\n"
	    "choice\n"
	    "\tprompt \"Allocator\"\n"
	    "\tdepends on EXPERT\n"
	    "config SLUB\n\tbool \"SLUB\"\n"
	    "config SLOB\n\tbool \"SLOB\"\n"
	    "endchoice\n"
	    "endmenu\n"
	    "config AFTER_MENU\n\tbool\n\tdepends on FOO=y\n");
	d = kconfig_deps_load(tmpdir, "x86");
	assert_non_null(d);
	v = kconfig_deps_of(d, "NUMA");
	assert_non_null(v);
	assert_true(has(v, "SMP") && has(v, "64BIT") && has(v, "X86_32") && has(v, "MMU"));
	assert_false(has(v, "NOT_A_DEP"));
	assert_null(kconfig_deps_of(d, "NOT_A_CONFIG"));
	v = kconfig_deps_of(d, "MIGRATION");
	assert_true(has(v, "NUMA") && has(v, "MMU"));
	assert_int_equal(v->nr, 2);	/* nothing from $(...) or strings */
	v = kconfig_deps_of(d, "SLOB");
	assert_true(has(v, "EXPERT") && has(v, "MMU"));
	assert_int_not_equal(kconfig_deps_choice(d, "SLOB"), 0);
	assert_int_equal(kconfig_deps_choice(d, "SLOB"), kconfig_deps_choice(d, "SLUB"));
	assert_int_equal(kconfig_deps_choice(d, "NUMA"), 0);
	v = kconfig_deps_of(d, "AFTER_MENU");
	assert_true(has(v, "FOO"));
	assert_false(has(v, "MMU"));
	assert_string_equal(kconfig_deps_where(d, "NUMA", &line), "mm/Kconfig");
	assert_int_equal(line, 3);
	assert_string_equal(kconfig_deps_where(d, "64BIT", &line), "arch/x86/Kconfig");
	assert_int_equal(kconfig_deps_count(d), 7);
	kconfig_deps_free(d);
	assert_null(kconfig_deps_load("/nonexistent-culprit", "x86"));
}

/* the real tree: known dependencies of linux 6.1 */
static void test_kconfig_deps_linux(void **state)
{
	const char *cache = getenv("CULPRIT_TEST_CACHE");
	char *src = cache ? xstrfmt("%s/linux-source-6.1", cache) : NULL;
	char *mark = src ? xstrfmt("%s/.culprit-unpacked", src) : NULL;
	struct kconfig_deps *d;
	double t0;

	(void)state;
	if (!mark || !file_exists(mark)) {
		free(src);
		free(mark);
		skip();
	}
	t0 = now_seconds();
	d = kconfig_deps_load(src, "x86");
	assert_non_null(d);
	print_message("%zu symbols in %.2fs\n", kconfig_deps_count(d), now_seconds() - t0);
	assert_true(kconfig_deps_count(d) > 10000);
	assert_true(has(kconfig_deps_of(d, "MIGRATION"), "NUMA"));
	assert_true(has(kconfig_deps_of(d, "PROVE_LOCKING"), "DEBUG_KERNEL"));
	assert_true(has(kconfig_deps_of(d, "VIRTIO_MMIO_CMDLINE_DEVICES"), "VIRTIO_MMIO"));
	/* under "if HYPERVISOR_GUEST" in arch/x86/Kconfig */
	assert_true(has(kconfig_deps_of(d, "PVH"), "HYPERVISOR_GUEST"));
	/* drivers/net/ethernet/intel/Kconfig: "if NET_VENDOR_INTEL" */
	assert_true(has(kconfig_deps_of(d, "E1000"), "NET_VENDOR_INTEL"));
	assert_true(has(kconfig_deps_of(d, "E1000"), "PCI"));
	assert_int_equal(kconfig_deps_choice(d, "SLUB"), kconfig_deps_choice(d, "SLOB"));
	assert_int_not_equal(kconfig_deps_choice(d, "SLUB"), 0);
	assert_int_equal(kconfig_deps_choice(d, "PREEMPT"), kconfig_deps_choice(d, "PREEMPT_NONE"));
	assert_string_equal(kconfig_deps_where(d, "NUMA", NULL), "arch/x86/Kconfig");
	kconfig_deps_free(d);
	free(src);
	free(mark);
}

static void test_stack_files(void **state)
{
	static const char report[] =
		"BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1542\n"
		"Call Trace:\n"
		" <TASK>\n"
		" __dump_stack lib/dump_stack.c:88 [inline]\n"
		" __might_resched.cold+0xe0/0xf3 kernel/sched/core.c:9936\n"
		" down_read_killable+0x1a/0x190 kernel/locking/rwsem.c:1542\n"
		" mm_access+0x1f/0xc0 kernel/fork.c:1405\n"
		" kernel_migrate_pages mm/mempolicy.c:1630 [inline]\n"
		" __do_sys_migrate_pages mm/mempolicy.c:1687 [inline]\n"
		" do_syscall_64+0x2b/0x50 arch/x86/entry/common.c:50\n"
		" copy_from_user include/linux/uaccess.h:161 [inline]\n"
		" entry_SYSCALL_64_after_hwframe+0x4b/0xb5\n"
		"RIP: 0033:0x438c99\n";
	struct strvec files = STRVEC_INIT;

	(void)state;
	minimize_stack_files(report, &files);
	assert_int_equal(files.nr, 2);
	assert_string_equal(files.v[0], "kernel/fork.c");
	assert_string_equal(files.v[1], "mm/mempolicy.c");
	strvec_clear(&files);
}

static void test_crash_needs(void **state)
{
	static const char report[] = " foo+0x1/0x2 mm/sub/foo.c:10\n bar+0x1 mm/mempolicy.c:5\n";
	static const char orig_text[] = "CONFIG_NUMA=y\nCONFIG_SUB=y\nCONFIG_FOO_EXTRA=y\n"
					"CONFIG_GUARD=y\nCONFIG_GUARD_OFF=m\n# CONFIG_OTHER is not set\n"
					"CONFIG_ENABLED_IN_FILE=y\nCONFIG_UNRELATED=y\n"
					"CONFIG_MIGRATION=y\n";
	struct kconfig_file orig = KCONFIG_FILE_INIT;
	struct minimize_needs needs = MINIMIZE_NEEDS_INIT;

	(void)state;
	put("mm/Makefile", "obj-y := memory.o\n"
			   "obj-$(CONFIG_NUMA) += mempolicy.o \\\n\tother.o\n"
			   "obj-$(CONFIG_SUB) += sub/\n"
			   "obj-$(CONFIG_UNRELATED) += unrelated.o\n");
	put("mm/sub/Makefile", "obj-y += combo.o\ncombo-$(CONFIG_FOO_EXTRA) += foo.o\n");
	put("mm/sub/foo.c", "#ifdef CONFIG_GUARD\nint x;\n#endif\n"
			    "#if defined(CONFIG_OTHER) || defined(CONFIG_GUARD_OFF)\n#endif\n"
			    "/* CONFIG_UNRELATED in a comment */\n"
			    "\tif (IS_ENABLED(CONFIG_ENABLED_IN_FILE)) return;\n");
	put("mm/mempolicy.c", "int y;\n");
	kconfig_file_parse(&orig, orig_text, strlen(orig_text));
	minimize_crash_needs(tmpdir, report, &orig, &needs);
	assert_true(has(&needs.names, "FOO_EXTRA"));
	assert_true(has(&needs.names, "SUB"));
	assert_true(has(&needs.names, "NUMA"));
	/* guards are hints */
	assert_true(has(&needs.hints, "GUARD"));
	assert_true(has(&needs.hints, "ENABLED_IN_FILE"));
	assert_false(has(&needs.names, "GUARD"));
	/* off, a module, or not in a condition: nothing */
	assert_false(has(&needs.hints, "OTHER"));
	assert_false(has(&needs.hints, "GUARD_OFF"));
	assert_false(has(&needs.hints, "UNRELATED") || has(&needs.names, "UNRELATED"));
	assert_int_equal(needs.names.nr, needs.why.nr);
	assert_int_equal(needs.hints.nr, needs.hints_why.nr);
	minimize_needs_release(&needs);

	/* the crash type: the debug options it needs, when the original has them */
	kconfig_set(&orig, "DEBUG_ATOMIC_SLEEP", "y");
	kconfig_set(&orig, "KALLSYMS", "y");
	kconfig_set(&orig, "KASAN", "y");
	minimize_type_needs("BUG: sleeping function called from invalid context in mm_access",
			    &orig, &needs);
	assert_true(has(&needs.names, "DEBUG_ATOMIC_SLEEP"));
	assert_true(has(&needs.names, "KALLSYMS"));
	assert_false(has(&needs.names, "KASAN"));
	minimize_needs_release(&needs);
	minimize_type_needs("KASAN: use-after-free Read in foo", &orig, &needs);
	assert_true(has(&needs.names, "KASAN"));
	assert_false(has(&needs.names, "DEBUG_ATOMIC_SLEEP"));
	minimize_needs_release(&needs);
	kconfig_file_release(&orig);
	assert_null(minimize_debug_options("general protection fault in foo")[0]);
	assert_string_equal(minimize_debug_options("possible deadlock in foo")[0], "PROVE_LOCKING");
}

/* ---- the whole minimisation, with make, builds and runs simulated ---- */

struct fake {
	char *tree;
	int builds, runs, makes;
	bool clean_crashes;	/* the bug is at the clean end too */
	struct strvec checkouts;
};

static struct fake fk;

/* the simulated Kconfig: NEED2 and B need another symbol */
static const char *dep_of(const char *name)
{
	if (!strcmp(name, "NEED2"))
		return "NEED1";
	if (!strcmp(name, "B"))
		return "A";
	return NULL;
}

/* tinyconfig: BASE only; olddefconfig: drop what misses its dependency */
static int fake_make(void *ctx, const char *tree, const char *objdir, const char *target)
{
	char *dot = xstrfmt("%s/.config", objdir);
	struct kconfig_file f = KCONFIG_FILE_INIT;

	(void)ctx;
	(void)tree;
	fk.makes++;
	if (!strcmp(target, "tinyconfig")) {
		write_file_atomic(dot, "CONFIG_BASE=y\n", 14);
	} else {
		assert_string_equal(target, "olddefconfig");
		assert_int_equal(kconfig_file_read(&f, dot), 0);
		for (size_t i = 0; i < f.nr; i++) {
			const char *d = dep_of(f.items[i].name);

			if (d && !kconfig_enabled(&f, d))
				kconfig_set(&f, f.items[i].name, "n");
		}
		kconfig_set(&f, "CC_VERSION_TEXT", "\"gcc (fake)\"");
		assert_int_equal(kconfig_file_write(&f, dot), 0);
	}
	kconfig_file_release(&f);
	free(dot);
	return 0;
}

/* a "kernel" is a directory with the config and the commit; seconds: options on */
static int fake_build(void *ctx, const char *config, const char *commit, const char *tree,
		      struct build_result *out)
{
	struct kconfig_file f = KCONFIG_FILE_INIT;
	struct strbuf sb = STRBUF_INIT;
	char hash[SHA256_HEXSZ + 1], *dir, *p;

	(void)ctx;
	(void)tree;
	fk.builds++;
	memset(out, 0, sizeof(*out));
	assert_true(strbuf_read_file(&sb, config) > 0);
	kconfig_file_parse(&f, sb.buf, sb.len);
	strbuf_addstr(&sb, commit);
	sha256_hex(sb.buf, sb.len, hash);
	dir = xstrfmt("%s/kernels/%.16s", tmpdir, hash);
	assert_int_equal(mkdir_p(dir, 0777), 0);
	p = xstrfmt("%s/.config", dir);
	write_file_atomic(p, sb.buf, sb.len - strlen(commit));
	free(p);
	p = xstrfmt("%s/commit", dir);
	write_file_atomic(p, commit, strlen(commit));
	free(p);
	out->status = BUILD_OK;
	memcpy(out->signature, hash, sizeof(out->signature));
	out->artifact_dir = dir;
	out->seconds = (double)kconfig_count_on(&f);
	kconfig_file_release(&f);
	strbuf_release(&sb);
	return 0;
}

/* crashes at "bad" when NEED1, NEED2 and FRAG are on */
static int fake_run(void *ctx, const struct build_result *build, const char *tree, int index,
		    struct run_result *out)
{
	struct kconfig_file f = KCONFIG_FILE_INIT;
	struct strbuf commit = STRBUF_INIT;
	char *p = xstrfmt("%s/.config", build->artifact_dir);
	bool crash;

	(void)ctx;
	(void)tree;
	(void)index;
	__atomic_add_fetch(&fk.runs, 1, __ATOMIC_SEQ_CST);
	memset(out, 0, sizeof(*out));
	assert_int_equal(kconfig_file_read(&f, p), 0);
	free(p);
	p = xstrfmt("%s/commit", build->artifact_dir);
	assert_true(strbuf_read_file(&commit, p) > 0);
	free(p);
	crash = kconfig_enabled(&f, "NEED1") && kconfig_enabled(&f, "NEED2") &&
		kconfig_enabled(&f, "FRAG") && (!strcmp(commit.buf, "bad") || fk.clean_crashes);
	if (crash) {
		out->verdict = RUN_CRASHED;
		out->title = xstrdup("BUG: test crash in need_function");
		out->crashes.items = xcalloc(1, sizeof(*out->crashes.items));
		out->crashes.nr = out->crashes.alloc = 1;
		out->crashes.items[0].title = xstrdup(out->title);
		out->crashes.items[0].report =
			xstrdup("BUG: test crash in need_function\nCall Trace:\n"
				" need_function+0x1/0x2 mm/need.c:10\n"
				" do_syscall_64+0x2b/0x50 arch/x86/entry/common.c:50\n");
	}
	kconfig_file_release(&f);
	strbuf_release(&commit);
	return 0;
}

static int fake_checkout(void *ctx, const char *dir, const char *hash)
{
	(void)ctx;
	assert_string_equal(dir, fk.tree);
	strvec_push(&fk.checkouts, hash);
	return 0;
}

static void collect_log(void *ctx, const char *line)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "%s\n", line);
}

static const struct minimize_hooks hooks = { .make = fake_make, .build = fake_build };
static struct runner_ops fake_runner = { .parallel = 2, .run = fake_run };
static struct kernel_build_opts fake_kopts;

static void flow_setup(struct minimize_opts *o, const char *name, const char *full,
		       struct strbuf *log)
{
	char *cfg = xstrfmt("%s/%s.config", tmpdir, name);

	memset(&fk, 0, sizeof(fk));
	strvec_init(&fk.checkouts);
	fk.tree = xstrfmt("%s/tree", tmpdir);
	put("tree/Kconfig", "config BASE\n\tbool\nconfig FRAG\n\tbool\nconfig A\n\tbool\n"
			    "config B\n\tbool\n\tdepends on A\nconfig NEED1\n\tbool\n"
			    "config NEED2\n\tbool \"need 2\"\n\tdepends on NEED1\n"
			    "config X1\n\tbool\nconfig X2\n\tbool\nconfig X3\n\tbool\n"
			    "config X4\n\tbool\nconfig X5\n\tbool\nconfig X6\n\tbool\n"
			    "config V\n\tint\nconfig M\n\ttristate\n");
	write_file_atomic(cfg, full, strlen(full));
	memset(o, 0, sizeof(*o));
	o->workdir = xstrfmt("%s/mz-%s", tmpdir, name);
	o->config = cfg;
	o->crashing = "bad";
	o->clean = "good";
	o->fragment = "CONFIG_FRAG=y\n";
	o->tree = fk.tree;
	o->checkout = fake_checkout;
	o->build = &fake_kopts;
	o->runner = &fake_runner;
	o->runs = 3;
	o->log = collect_log;
	o->log_ctx = log;
	o->hooks = &hooks;
}

static void flow_teardown(struct minimize_opts *o)
{
	free((char *)o->workdir);
	free((char *)o->config);
	free(fk.tree);
	strvec_clear(&fk.checkouts);
}

static const char full_config[] = "CONFIG_BASE=y\nCONFIG_FRAG=y\nCONFIG_A=y\nCONFIG_B=y\n"
				  "CONFIG_NEED1=y\nCONFIG_NEED2=y\nCONFIG_X1=y\nCONFIG_X2=y\n"
				  "CONFIG_X3=y\nCONFIG_X4=y\nCONFIG_X5=y\nCONFIG_X6=y\n"
				  "CONFIG_V=5\nCONFIG_M=m\n";

/* the difference is bisected down to the two options the crash needs */
static void test_minimize_search(void **state)
{
	struct strbuf log = STRBUF_INIT;
	struct minimize_opts o;
	struct minimize_result r;
	struct kconfig_file min = KCONFIG_FILE_INIT;

	(void)state;
	flow_setup(&o, "search", full_config, &log);
	o.no_crash_needs = true;
	assert_int_equal(kernel_minimize_config(&o, &r), 0);
	assert_int_equal(r.status, MINIMIZE_OK);
	assert_string_equal(r.title, "BUG: test crash in need_function");
	assert_non_null(r.config);
	assert_int_equal(kconfig_file_read(&min, r.config), 0);
	assert_true(kconfig_enabled(&min, "NEED1") && kconfig_enabled(&min, "NEED2"));
	assert_true(kconfig_enabled(&min, "FRAG") && kconfig_enabled(&min, "BASE"));
	assert_false(kconfig_enabled(&min, "X1") || kconfig_enabled(&min, "X6"));
	assert_false(kconfig_enabled(&min, "A") || kconfig_enabled(&min, "M"));
	/* values are carried over as they are */
	assert_string_equal(kconfig_get(&min, "V"), "5");
	assert_int_equal(r.options_before, 15);	/* and CC_VERSION_TEXT */
	assert_int_equal(r.options_after, (int)kconfig_count_on(&min));
	assert_true(r.options_after < r.options_before);
	assert_true(r.build_after < r.build_before);
	assert_int_equal(r.builds, r.tests);
	assert_int_equal(r.runs, 3 * r.builds);
	assert_int_equal(fk.runs, r.runs);
	assert_int_equal(r.cached, 0);
	/* original, baseline, a few candidates, the clean end */
	assert_true(r.tests >= 4 && r.tests <= 12);
	assert_non_null(strstr(log.buf, "bisecting the 10 options"));
	assert_non_null(strstr(log.buf, "the minimized config at the clean end good: OK (0 of 3"));
	assert_string_equal(fk.checkouts.v[fk.checkouts.nr - 1], "good");
	minimize_result_release(&r);

	/* again, in the same work directory: every test is read back */
	strbuf_reset(&log);
	fk.builds = fk.runs = 0;
	assert_int_equal(kernel_minimize_config(&o, &r), 0);
	assert_int_equal(r.status, MINIMIZE_OK);
	assert_int_equal(r.builds, 0);
	assert_int_equal(fk.builds, 0);
	assert_int_equal(fk.runs, 0);
	assert_int_equal(r.cached, r.tests);
	assert_non_null(strstr(log.buf, ", recorded)"));
	minimize_result_release(&r);
	kconfig_file_release(&min);
	flow_teardown(&o);
	strbuf_release(&log);
}

/*
 * The stack's file needs NEED1 (its Makefile): the baseline has it; NEED2
 * guards code in it: the hint that makes the crash, found without bisecting.
 */
static void test_minimize_needs(void **state)
{
	struct strbuf log = STRBUF_INIT;
	struct minimize_opts o;
	struct minimize_result r;

	(void)state;
	flow_setup(&o, "needs", full_config, &log);
	put("tree/mm/Makefile", "obj-$(CONFIG_NEED1) += need.o\n");
	put("tree/mm/need.c", "#ifdef CONFIG_NEED2\nint need;\n#endif\n");
	assert_int_equal(kernel_minimize_config(&o, &r), 0);
	assert_int_equal(r.status, MINIMIZE_OK);
	assert_non_null(strstr(log.buf, "the crash needs: NEED1 (builds mm/need.c)"));
	assert_non_null(strstr(log.buf, "maybe also (guards in its stack's files): NEED2 (guards "
					"code in mm/need.c)\n"));
	assert_non_null(strstr(log.buf, "candidate 3: baseline + the guards in the stack's files "
					"(1 with dependencies): 6 options: crashed: "));
	assert_null(strstr(log.buf, "bisecting"));
	/* original, baseline, baseline + hints, clean end */
	assert_int_equal(r.tests, 4);
	assert_int_equal(r.options_after, 6);	/* BASE FRAG NEED1 NEED2 V CC_VERSION_TEXT */
	minimize_result_release(&r);
	flow_teardown(&o);
	strbuf_release(&log);
}

/* refusals: the clean end crashes too; the original does not crash */
static void test_minimize_refused(void **state)
{
	struct strbuf log = STRBUF_INIT;
	struct minimize_opts o;
	struct minimize_result r;

	(void)state;
	flow_setup(&o, "clean-crashes", full_config, &log);
	o.no_crash_needs = true;
	fk.clean_crashes = true;
	assert_int_equal(kernel_minimize_config(&o, &r), 0);
	assert_int_equal(r.status, MINIMIZE_REFUSED);
	assert_null(r.config);
	assert_non_null(strstr(r.reason, "the minimized config at the clean end good: crashed: "
					 "BUG: test crash in need_function (3 of 3 runs"));
	assert_non_null(strstr(log.buf, "keeping the original config: "));
	minimize_result_release(&r);
	flow_teardown(&o);

	strbuf_reset(&log);
	flow_setup(&o, "no-crash", "CONFIG_BASE=y\nCONFIG_NEED1=y\nCONFIG_X1=y\n", &log);
	assert_int_equal(kernel_minimize_config(&o, &r), 0);
	assert_int_equal(r.status, MINIMIZE_REFUSED);
	assert_non_null(strstr(r.reason, "the original config does not reproduce the crash at bad: "
					 "OK (0 of 3 runs; build 4s)"));
	assert_int_equal(r.tests, 1);
	minimize_result_release(&r);
	flow_teardown(&o);

	/* a title asked for that the original does not show */
	strbuf_reset(&log);
	flow_setup(&o, "other-title", full_config, &log);
	o.title = "KASAN: use-after-free in other";
	assert_int_equal(kernel_minimize_config(&o, &r), 0);
	assert_int_equal(r.status, MINIMIZE_REFUSED);
	assert_non_null(strstr(log.buf, "(other crash; 0 of 3 runs"));
	minimize_result_release(&r);
	flow_teardown(&o);
	strbuf_release(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_kconfig_deps),
		cmocka_unit_test(test_kconfig_deps_linux),
		cmocka_unit_test(test_stack_files),
		cmocka_unit_test(test_crash_needs),
		cmocka_unit_test(test_minimize_search),
		cmocka_unit_test(test_minimize_needs),
		cmocka_unit_test(test_minimize_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
