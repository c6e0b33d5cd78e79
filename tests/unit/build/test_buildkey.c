// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of build keys (src/build/buildkey.h): the directive scanner,
 * and the rules of the input set on a small fake kernel (a git history
 * written with vcs/write.h and a fake O= directory holding kbuild's .cmd
 * records): which changes keep a commit's key, which give it a new one,
 * which make the set stale (a unique key), the preprocessed level with a
 * real gcc -E, saving and loading a set.
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

#include "build/bk_map.h"
#include "build/buildkey.h"
#include "build/cppscan.h"
#include "util/strbuf.h"
#include "util/util.h"
#include "vcs/vcs.h"
#include "vcs/write.h"

/* ---- the directive scanner ---- */

static char *directives(const char *src)
{
	struct strbuf sb = STRBUF_INIT;

	cpp_directives(src, strlen(src), &sb);
	return strbuf_detach(&sb, NULL);
}

static void assert_same_directives(const char *a, const char *b, bool same)
{
	char *x = directives(a), *y = directives(b);

	if (same)
		assert_string_equal(x, y);
	else
		assert_string_not_equal(x, y);
	free(x);
	free(y);
}

static void test_cpp_directives(void **state)
{
	char *d;

	(void)state;
	d = directives("#include <linux/mm.h>\n"
		       "  #  define X  1 /* one */\n"
		       "int x = X; /* #include <no.h> */\n"
		       "/*\n#include <also_no.h>\n*/\n"
		       "const char *s = \"/* not a comment\";\n"
		       "#if X\n"
		       "%:include \"digraph.h\"\n"
		       "#endif\n"
		       "#define LONG a \\\n  b\n"
		       "/* lead */ #include <after_comment.h>\n"
		       "x = 1; #define NOT_A_DIRECTIVE\n");
	assert_string_equal(d, "#include <linux/mm.h>\n#define X 1\n#if X\n#include \"digraph.h\"\n"
			       "#endif\n#define LONG a b\n#include <after_comment.h>\n");
	free(d);
	/* __LINE__ in a directive: where it stands matters */
	d = directives("\n\n#if __LINE__ > 2\n#endif\n");
	assert_string_equal(d, "#if __LINE__ > 2 @3\n#endif\n");
	free(d);
	/* comments and code: the same directives */
	assert_same_directives("#include <a.h>\n/* c */\nint f(void) { return 1; }\n",
			       "#include <a.h>\n/* comment, longer */\nint f(void) { return 2; }\n",
			       true);
	assert_same_directives("#define A 1\n", "#define A 2\n", false);
	assert_same_directives("#include <a.h>\n", "/*\n#include <a.h>\n*/\n", false);
	/* an unterminated quote in an assembler comment ends with its line */
	assert_same_directives("# don't\n#include <a.h>\n", "# don't\n#include <a.h>\n", true);
	d = directives("movl $'a', %eax # it's\n#include <b.h>\n");
	assert_string_equal(d, "#include <b.h>\n");
	free(d);
}

struct names {
	struct strbuf sb;
};

static void collect(void *data, const char *name, bool quoted, bool probe)
{
	struct names *n = data;

	strbuf_addf(&n->sb, "%s%s%s;", probe ? "?" : "", quoted ? "\"" : "<", name);
}

static void test_cpp_include_names(void **state)
{
	struct names n = { STRBUF_INIT };
	char *d = directives("#include <linux/mm.h>\n#include \"internal.h\"\n"
			     "#include_next <limits.h>\n#include MACRO\n"
			     "#if __has_include(<asm/x.h>) && __has_include_next(\"y.h\")\n#endif\n");

	(void)state;
	cpp_include_names(d, collect, &n);
	assert_string_equal(n.sb.buf, "<linux/mm.h;\"internal.h;<limits.h;?<asm/x.h;?\"y.h;");
	strbuf_release(&n.sb);
	free(d);
}

static void test_bk_map(void **state)
{
	struct bk_map m = BK_MAP_INIT;
	char key[32];

	(void)state;
	assert_true(bk_map_get(&m, "x") == BK_NONE);
	for (size_t i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		bk_map_put(&m, key, i);
	}
	bk_map_put(&m, "k7", 70);
	assert_int_equal(bk_map_get(&m, "k7"), 70);
	assert_int_equal(bk_map_get(&m, "k999"), 999);
	assert_true(bk_map_get(&m, "k1000") == BK_NONE);
	assert_int_equal(m.nr, 1000);
	bk_map_release(&m);
}

/* ---- a fake kernel ---- */

struct fake {
	char dir[64];
	char *repo, *tree, *kbuild, *ppdir;
	struct vcs_writer *w;
	char head[VCS_HEXSZ + 1], treeid[VCS_HEXSZ + 1];
	int64_t time;
};

static void put(const char *dir, const char *path, const char *text)
{
	char *p = xstrfmt("%s/%s", dir, path);
	char *slash = strrchr(p, '/');

	*slash = '\0';
	assert_int_equal(mkdir_p(p, 0777), 0);
	*slash = '/';
	assert_int_equal(write_file_atomic(p, text, strlen(text)), 0);
	free(p);
}

static const char a_c[] =
	"#include <linux/x.h>\n"
	"#include \"internal.h\"\n"
	"/*\n"
	" * A comment that commits edit.\n"
	" */\n"
	"int a(void)\n"
	"{\n"
	"\treturn X + INTERNAL + CONFIG_FOO;\n"
	"}\n";

static void commit(struct fake *f, const char *path, const char *text, char out[VCS_HEXSZ + 1])
{
	struct vcs_edit e = { .path = path, .data = text, .len = text ? strlen(text) : 0,
			      .remove = !text };
	struct vcs_person p = { "T", "t@example.org", f->time += 60, 0 };
	const char *parents[] = { f->head };

	assert_int_equal(vcs_write_tree_edit(f->w, f->treeid, &e, 1, f->treeid), 0);
	assert_int_equal(vcs_write_commit(f->w, f->treeid, parents, 1, &p, &p, "change\n",
					  f->head), 0);
	memcpy(out, f->head, VCS_HEXSZ + 1);
}

static int fake_setup(void **state)
{
	struct fake *f = xcalloc(1, sizeof(*f));
	struct vcs_person p = { "T", "t@example.org", 1700000000, 0 };
	char *cmd;

	f->time = p.time;
	strcpy(f->dir, "/tmp/culprit-test-buildkey-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->repo = xstrfmt("%s/repo.git", f->dir);
	f->tree = xstrfmt("%s/tree", f->dir);
	f->kbuild = xstrfmt("%s/kbuild", f->dir);
	f->ppdir = xstrfmt("%s/pp", f->dir);
	put(f->tree, "Makefile", "VERSION = 6\nSUBLEVEL = 1\nobj-y += mm/\n");
	put(f->tree, "Kconfig", "config FOO\n\tbool \"foo\"\n");
	put(f->tree, "mm/Makefile", "obj-y += a.o $(notdir $(wildcard $(src)/sub/*.S))\n");
	put(f->tree, "mm/sub/README", "globbed\n");
	put(f->tree, "localversion-test", "-test\n");
	put(f->tree, "mm/a.c", a_c);
	put(f->tree, "mm/internal.h", "#define INTERNAL 2\n");
	put(f->tree, "include/linux/x.h", "#define X 1\n");
	put(f->tree, "include/linux/unused.h", "#define UNUSED 1\n");
	put(f->tree, "include/linux/list.txt", "a b\n");
	put(f->tree, "scripts/run.sh", "echo\n");
	put(f->tree, "Documentation/a.rst", "doc\n");
	put(f->tree, "drivers/off/off.c", "int off;\n");
	f->w = vcs_writer_open(f->repo, true);
	assert_non_null(f->w);
	assert_int_equal(vcs_write_tree_from_dir(f->w, f->tree, f->treeid), 0);
	assert_int_equal(vcs_write_commit(f->w, f->treeid, NULL, 0, &p, &p, "base\n", f->head), 0);
	assert_int_equal(vcs_write_ref(f->w, "refs/heads/master", f->head), 0);

	/* what kbuild leaves in O= after building the base */
	put(f->kbuild, "include/config/auto.conf.cmd", "deps_config := \\\n\tKconfig\n");
	put(f->kbuild, "include/generated/autoconf.h", "#define CONFIG_FOO 1\n");
	put(f->kbuild, ".config", "CONFIG_FOO=y\n");
	cmd = xstrfmt("cmd_mm/a.o := gcc -Wp,-MMD,mm/.a.o.d -nostdinc -I%s/include "
		      "-I./include/generated -include ./include/generated/autoconf.h "
		      "-DKBUILD_MODNAME='\"a\"' -c -o mm/a.o %s/mm/a.c ; "
		      "./tools/objtool/objtool --orc mm/a.o\n\n"
		      "source_mm/a.o := %s/mm/a.c\n\n"
		      "deps_mm/a.o := \\\n  %s/include/linux/x.h \\\n"
		      "    $(wildcard include/config/FOO) \\\n  ../tree/mm/internal.h \\\n"
		      "  include/generated/autoconf.h \\\n\nmm/a.o: $(deps_mm/a.o)\n\n"
		      "$(deps_mm/a.o):\n", f->tree, f->tree, f->tree, f->tree);
	put(f->kbuild, "mm/.a.o.cmd", cmd);
	free(cmd);
	/* kbuild's escaping: $$ for $, $(pound) for # */
	cmd = xstrfmt("cmd_vmlinux := sh %s/scripts/run.sh mm/built-in.a; "
		      "echo \"$$(cat %s/include/linux/list.txt)\" $(pound) \n", f->tree, f->tree);
	put(f->kbuild, ".vmlinux.cmd", cmd);
	free(cmd);
	put(f->kbuild, "mm/.built-in.a.cmd", "cmd_mm/built-in.a := rm -f mm/built-in.a; "
					     "ar cDPrST mm/built-in.a mm/a.o\n");
	*state = f;
	return 0;
}

static int fake_teardown(void **state)
{
	struct fake *f = *state;

	vcs_writer_close(f->w);
	remove_tree(f->dir);
	free(f->repo);
	free(f->tree);
	free(f->kbuild);
	free(f->ppdir);
	free(f);
	return 0;
}

static void key_of(struct buildkeys *bk, const char *c, bool pp, struct buildkey *k)
{
	assert_int_equal(buildkeys_of(bk, c, "ctx", pp, k), 0);
}

static char *replace(const char *s, const char *old, const char *new)
{
	const char *hit = strstr(s, old);

	assert_non_null(hit);
	return xstrfmt("%.*s%s%s", (int)(hit - s), s, new, hit + strlen(old));
}

struct expect {
	const char *what;
	const char *path, *text;	/* the change (text NULL: remove) */
	enum buildkey_kind kind;	/* of the new commit's key with the second level */
	int same_as_base;		/* first level: 1 equal to the base's key, 0 not */
	int pp_same_as_base;		/* second level: 1, 0, or -1 (not computed) */
	bool revert;			/* then a commit restoring the file */
	const char *why;		/* UNIQUE: in the reason given */
};

static void test_fake_kernel(void **state)
{
	struct fake *f = *state;
	const char *ccs[] = { "gcc", NULL };
	char base[VCS_HEXSZ + 1], c[VCS_HEXSZ + 1], setfile[128];
	struct buildkey_learn_opts lo = { .kbuild = f->kbuild, .tree = f->tree, .context = "ctx",
					  .compilers = ccs, .dir = f->ppdir };
	struct buildkey_set *set;
	struct buildkey_set_stats st;
	struct vcs_repo *repo;
	struct buildkeys *bk;
	struct buildkey kb, kbp, k, kp, again;
	char *comment = replace(a_c, "edit.", "edit (and more)."),
	     *moved = replace(a_c, " * A comment", " * Another line.\n * A comment"),
	     *code = replace(a_c, "X + INTERNAL", "X - INTERNAL"),
	     *inc = replace(a_c, "#include \"internal.h\"\n",
			    "#include \"internal.h\"\n#include <linux/unused.h>\n");
	const struct expect steps[] = {
		{ "documentation", "Documentation/a.rst", "new doc\n", BUILDKEY_PREPROCESSED, 1, 1,
		  false },
		{ "a file not built", "drivers/off/off.c", "int off2;\n", BUILDKEY_PREPROCESSED, 1, 1,
		  false },
		{ "a header not read", "include/linux/unused.h", "#define UNUSED 2\n",
		  BUILDKEY_PREPROCESSED, 1, 1, false },
		{ "a new header no one names", "include/linux/new.h", "#define NEW\n",
		  BUILDKEY_PREPROCESSED, 1, 1, true },
		{ "a comment, no line moved", "mm/a.c", comment, BUILDKEY_PREPROCESSED, 0, 1, true },
		{ "a comment line added", "mm/a.c", moved, BUILDKEY_PREPROCESSED, 0, 0, true },
		{ "code", "mm/a.c", code, BUILDKEY_PREPROCESSED, 0, 0, true },
		{ "a #define", "mm/internal.h", "#define INTERNAL 3\n", BUILDKEY_UNIQUE, 0, -1, true,
		  "#define/#if lines changed in mm/internal.h" },
		{ "an #include", "mm/a.c", inc, BUILDKEY_UNIQUE, 0, -1, true, "in mm/a.c" },
		{ "a header that may shadow", "mm/x.h", "#define X 5\n", BUILDKEY_UNIQUE, 0, -1, true,
		  "added or removed in mm/" },
		{ "the version", "Makefile", "VERSION = 6\nSUBLEVEL = 2\nobj-y += mm/\n",
		  BUILDKEY_PREPROCESSED, 0, 0, true },
		{ "the top Makefile", "Makefile", "VERSION = 6\nSUBLEVEL = 1\nobj-y += mm/ k/\n",
		  BUILDKEY_UNIQUE, 0, -1, true, "Makefile changed" },
		{ "a Makefile", "mm/Makefile", "obj-y += a.o b.o\n", BUILDKEY_UNIQUE, 0, -1, true,
		  "mm/Makefile changed" },
		{ "a Kbuild file", "mm/Kbuild", "obj-y += a.o\n", BUILDKEY_UNIQUE, 0, -1, true,
		  "mm/Kbuild added" },
		{ "Kconfig", "Kconfig", "config FOO\n\tbool \"Foo\"\n", BUILDKEY_UNIQUE, 0, -1, true,
		  "Kconfig changed" },
		{ "a script", "scripts/run.sh", "echo 2\n", BUILDKEY_UNIQUE, 0, -1, true,
		  "scripts/ changed" },
		{ "a file a command reads", "include/linux/list.txt", "a b c\n", BUILDKEY_UNIQUE, 0, -1,
		  true, "include/linux/list.txt changed (build system)" },
		{ "a file where a Makefile globs", "mm/sub/b.S", "nop\n", BUILDKEY_UNIQUE, 0, -1,
		  true, "in mm/sub/" },
		{ "a localversion file", "localversion-test", "-other\n", BUILDKEY_UNIQUE, 0, -1,
		  true, "localversion-test changed" },
	};

	memcpy(base, f->head, sizeof(base));
	lo.commit = base;
	repo = vcs_open(f->repo);
	assert_non_null(repo);
	assert_int_equal(buildkey_learn_kbuild(repo, &lo, &set), 0);
	buildkey_set_stats(set, &st);
	assert_int_equal(st.targets, 3);
	assert_int_equal(st.preprocessable, 1);
	assert_true(st.compiled >= 3);	/* a.c, internal.h, x.h */
	snprintf(setfile, sizeof(setfile), "%s/set", f->dir);
	assert_int_equal(buildkey_set_save(set, setfile), 0);
	bk = buildkeys_new(repo);
	buildkeys_add_set(bk, set);
	key_of(bk, base, false, &kb);
	key_of(bk, base, true, &kbp);
	assert_int_equal(kb.kind, BUILDKEY_INPUTS);
	assert_int_equal(kbp.kind, BUILDKEY_PREPROCESSED);
	assert_int_equal(kb.changed, 0);

	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		const struct expect *e = &steps[i];
		struct strbuf old = STRBUF_INIT;
		bool existed = vcs_read_file(repo, f->head, e->path, &old) == 0;

		print_message("step: %s\n", e->what);
		commit(f, e->path, e->text, c);
		key_of(bk, c, false, &k);
		key_of(bk, c, true, &kp);
		if (e->kind == BUILDKEY_UNIQUE) {
			assert_int_equal(k.kind, BUILDKEY_UNIQUE);
			assert_int_equal(kp.kind, BUILDKEY_UNIQUE);
			if (!strstr(k.why, e->why))
				fail_msg("%s: why '%s', want '%s'", e->what, k.why, e->why);
			assert_false(buildkey_same(&k, &kb));
		} else {
			assert_int_equal(k.kind, BUILDKEY_INPUTS);
			assert_int_equal(kp.kind, e->kind);
			assert_int_equal(buildkey_same(&k, &kb), e->same_as_base);
		}
		if (e->pp_same_as_base >= 0)
			assert_int_equal(buildkey_same(&kp, &kbp), e->pp_same_as_base);
		/* the same answer again (memoised) */
		key_of(bk, c, true, &again);
		assert_string_equal(again.key, kp.key);
		if (e->revert) {
			commit(f, e->path, existed ? old.buf : NULL, c);
			key_of(bk, c, false, &k);
			key_of(bk, c, true, &kp);
			assert_string_equal(k.key, kb.key);
			assert_string_equal(kp.key, kbp.key);
		}
		strbuf_release(&old);
	}

	/* a new version, then a comment: the same kernel as the new version */
	{
		struct buildkey kv;

		commit(f, "Makefile", "VERSION = 6\nSUBLEVEL = 2\nobj-y += mm/\n", c);
		key_of(bk, c, true, &kv);
		commit(f, "mm/a.c", comment, c);
		key_of(bk, c, true, &kp);
		assert_int_equal(kp.kind, BUILDKEY_PREPROCESSED);
		assert_string_equal(kp.key, kv.key);
		assert_string_not_equal(kp.key, kbp.key);
		commit(f, "mm/a.c", code, c);
		key_of(bk, c, true, &kp);
		assert_string_not_equal(kp.key, kv.key);
		commit(f, "mm/a.c", a_c, c);
		commit(f, "Makefile", "VERSION = 6\nSUBLEVEL = 1\nobj-y += mm/\n", c);
		key_of(bk, c, true, &kp);
		assert_string_equal(kp.key, kbp.key);
	}

	/* another compiler or config: the set does not vouch */
	assert_int_equal(buildkeys_of(bk, base, "other", false, &k), 0);
	assert_int_equal(k.kind, BUILDKEY_UNIQUE);

	/* a saved set gives the same keys */
	{
		struct buildkeys *bk2 = buildkeys_new(repo);
		struct buildkey_set *loaded = buildkey_set_load(setfile);

		assert_non_null(loaded);
		buildkeys_add_set(bk2, loaded);
		key_of(bk2, base, false, &k);
		assert_string_equal(k.key, kb.key);
		key_of(bk2, base, true, &kp);
		assert_string_equal(kp.key, kbp.key);
		commit(f, "mm/a.c", comment, c);
		key_of(bk2, c, true, &kp);
		assert_string_equal(kp.key, kbp.key);
		key_of(bk, c, false, &k);
		key_of(bk2, c, false, &again);
		assert_string_equal(k.key, again.key);
		buildkeys_free(bk2);
		/* a damaged file is refused */
		assert_int_equal(truncate(setfile, 100), 0);
		set_error_quiet(true);
		assert_null(buildkey_set_load(setfile));
		set_error_quiet(false);
	}
	buildkeys_free(bk);
	/* a kernel whose release string holds the commit id: no set */
	put(f->kbuild, ".config", "CONFIG_FOO=y\nCONFIG_LOCALVERSION_AUTO=y\n");
	set_error_quiet(true);
	assert_int_equal(buildkey_learn_kbuild(repo, &lo, &set), 1);
	set_error_quiet(false);
	assert_null(set);
	vcs_close(repo);
	free(comment);
	free(moved);
	free(code);
	free(inc);
}

/* ---- a generic build with depfiles ---- */

static void test_depfiles(void **state)
{
	struct fake *f = *state;
	struct vcs_person p = { "T", "t@example.org", 1700000000, 0 };
	struct buildkey_learn_opts lo = { .tree = f->tree, .context = "gen" };
	char base[VCS_HEXSZ + 1], c[VCS_HEXSZ + 1];
	struct buildkey_set *set = NULL;
	struct vcs_repo *repo;
	struct buildkeys *bk;
	struct buildkey kb, k;
	const char *gen_files[][2] = {
		{ "Makefile", "prog: a.o\n" }, { "README", "hello\n" }, { "a.c", a_c },
		{ "include/linux/x.h", "#define X 1\n" }, { "internal.h", "#define INTERNAL 2\n" },
		{ "tests/t.c", "int t;\n" },
	};

	remove_tree(f->tree);
	for (size_t i = 0; i < ARRAY_SIZE(gen_files); i++)
		put(f->tree, gen_files[i][0], gen_files[i][1]);
	assert_int_equal(vcs_write_tree_from_dir(f->w, f->tree, f->treeid), 0);
	assert_int_equal(vcs_write_commit(f->w, f->treeid, NULL, 0, &p, &p, "gen\n", f->head), 0);
	memcpy(base, f->head, sizeof(base));
	lo.commit = base;
	repo = vcs_open(f->repo);
	assert_non_null(repo);
	/* no depfile: nothing known */
	put(f->tree, "a.o", "obj");
	assert_int_equal(buildkey_learn_depfiles(repo, &lo, &set), 1);
	/* an object without its depfile: nothing known either */
	put(f->tree, "other.d", "other.o: a.c\n");
	assert_int_equal(buildkey_learn_depfiles(repo, &lo, &set), 1);
	put(f->tree, "a.d", "a.o: a.c include/linux/x.h \\\n internal.h /usr/include/stdio.h\n");
	assert_int_equal(buildkey_learn_depfiles(repo, &lo, &set), 0);
	bk = buildkeys_new(repo);
	buildkeys_add_set(bk, set);
	assert_int_equal(buildkeys_of(bk, base, "gen", true, &kb), 0);
	assert_int_equal(kb.kind, BUILDKEY_INPUTS);	/* no second level without commands */
	/* a source no depfile names: the same key */
	commit(f, "tests/t.c", "int t2;\n", c);
	assert_int_equal(buildkeys_of(bk, c, "gen", true, &k), 0);
	assert_string_equal(k.key, kb.key);
	/* a compiled file whose directives change: unique; back: the same key again */
	commit(f, "a.c", a_c + 1, c);	/* "include ..." without '#': a directive gone */
	assert_int_equal(buildkeys_of(bk, c, "gen", true, &k), 0);
	assert_int_equal(k.kind, BUILDKEY_UNIQUE);
	commit(f, "a.c", a_c, c);
	assert_int_equal(buildkeys_of(bk, c, "gen", true, &k), 0);
	assert_string_equal(k.key, kb.key);
	/* code, same directives: a new exact key */
	{
		char *code = replace(a_c, "X + INTERNAL", "X - INTERNAL");

		commit(f, "a.c", code, c);
		free(code);
	}
	assert_int_equal(buildkeys_of(bk, c, "gen", true, &k), 0);
	assert_int_equal(k.kind, BUILDKEY_INPUTS);
	assert_string_not_equal(k.key, kb.key);
	/* anything else: a new build file, a README, a new file anywhere */
	commit(f, "README", "hello again\n", c);
	assert_int_equal(buildkeys_of(bk, c, "gen", true, &k), 0);
	assert_int_equal(k.kind, BUILDKEY_UNIQUE);
	commit(f, "README", "hello\n", c);
	commit(f, "tests/new.c", "int n;\n", c);
	assert_int_equal(buildkeys_of(bk, c, "gen", true, &k), 0);
	assert_int_equal(k.kind, BUILDKEY_UNIQUE);
	buildkeys_free(bk);
	vcs_close(repo);
}

static void test_classes(void **state)
{
	struct buildkey k[5] = { { .key = "i1:a" }, { .key = "i1:b" }, { .key = "i1:a" },
				 { .key = "u1:x" }, { .key = "i1:b" } };
	size_t cls[5];

	(void)state;
	assert_int_equal(buildkey_classes(k, 5, cls), 3);
	assert_int_equal(cls[0], 0);
	assert_int_equal(cls[1], 1);
	assert_int_equal(cls[2], 0);
	assert_int_equal(cls[3], 2);
	assert_int_equal(cls[4], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpp_directives),
		cmocka_unit_test(test_cpp_include_names),
		cmocka_unit_test(test_bk_map),
		cmocka_unit_test(test_classes),
		cmocka_unit_test_setup_teardown(test_fake_kernel, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(test_depfiles, fake_setup, fake_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
