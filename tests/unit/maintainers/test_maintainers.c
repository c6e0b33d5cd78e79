// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of src/maintainers/: small MAINTAINERS files of our own, each
 * exercising one rule of get_maintainer.pl (the expected outputs were
 * checked against get_maintainer.pl v0.26 run on the same inputs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "maintainers/maintainers.h"
#include "maintainers/maint.h"	/* internals: the literal filter */
#include "util/strbuf.h"
#include "util/util.h"

/* A fake tree: files with contents, and directories. */
struct fake_file {
	const char *path, *content;
};

struct fake_tree {
	const struct fake_file *files;
	const char *const *dirs;
};

static int fake_is_dir(void *data, const char *path)
{
	const struct fake_tree *t = data;

	for (size_t i = 0; t->dirs && t->dirs[i]; i++)
		if (!strcmp(t->dirs[i], path))
			return 1;
	return 0;
}

static int fake_read_file(void *data, const char *path, struct strbuf *out)
{
	const struct fake_tree *t = data;

	for (size_t i = 0; t->files && t->files[i].path; i++) {
		if (!strcmp(t->files[i].path, path)) {
			strbuf_addstr(out, t->files[i].content);
			return 0;
		}
	}
	return -1;
}

static const char base[] =
	"List of maintainers\n"
	"===================\n"
	"\n"
	"\tM: *Mail* patches to: FullName <address@domain>\n"
	"\n"
	"Maintainers List\n"
	"----------------\n"
	"\n"
	"FOO DRIVER\n"
	"M:\tAlice Example <alice@example.org>\n"
	"R:\tBob Review <bob@example.org>\n"
	"L:\tfoo-devel@lists.example.org\n"
	"S:\tMaintained\n"
	"F:\tdrivers/foo/\n"
	"F:\tinclude/linux/foo*.h\n"
	"\n"
	"FOO DRIVER CORE\n"
	"M:\tCarol Core <carol@example.org>\n"
	"M:\tAlice Example <ALICE@example.org>\n"
	"L:\tfoo-core@lists.example.org (moderated for non-subscribers)\n"
	"L:\tsecret@lists.example.org (subscribers-only)\n"
	"S:\tSupported\n"
	"F:\tdrivers/foo/core/\n"
	"X:\tdrivers/foo/core/legacy.c\n"
	"\n"
	"BAR SUBSYSTEM\n"
	"M:\t\"James E.J. Bar\" <jej@example.org>\n"
	"M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
	"S:\tOdd Fixes\n"
	"F:\tdrivers/bar\n"
	"N:\tbarlike\n"
	"\n"
	"KEYWORD WATCHERS\n"
	"M:\tKeith Word <kw@example.org>\n"
	"S:\tMaintained\n"
	"K:\t\\bmagic_(?:call|jump)\\b\n"
	"\n"
	"THE REST\n"
	"M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
	"L:\tlinux-kernel@vger.kernel.org\n"
	"S:\tBuried alive in reporters\n"
	"F:\t*\n"
	"F:\t*/\n";

static struct maintainers *load(const char *text)
{
	return maintainers_parse("MAINTAINERS", text, strlen(text));
}

/* The query's output, one "email" per line (roles too if `roles`). */
static char *query(struct maintainers *m, const struct fake_tree *tree, bool roles,
		   const char *file)
{
	struct maintainers_source src = { fake_is_dir, fake_read_file, (void *)tree };
	struct maintainers_result r = MAINTAINERS_RESULT_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *files[] = { file };

	assert_int_equal(maintainers_query(m, files, 1, tree ? &src : NULL, &r), 0);
	for (size_t i = 0; i < r.nr; i++) {
		strbuf_addstr(&sb, r.v[i].email);
		if (roles)
			strbuf_addf(&sb, " (%s)", r.v[i].role);
		strbuf_addch(&sb, '\n');
	}
	maintainers_result_release(&r);
	return strbuf_detach(&sb, NULL);
}

#define assert_query(m, tree, roles, file, want)                       \
	do {                                                           \
		char *got_ = query(m, tree, roles, file);              \
		assert_string_equal(got_, want);                       \
		free(got_);                                            \
	} while (0)

static void test_sections_and_order(void **state)
{
	struct maintainers *m = load(base);

	(void)state;
	assert_int_equal(maintainers_sections(m), 5);
	assert_int_equal(maintainers_warnings(m), 0);
	/* people first (most specific section first), then lists; Linus dropped */
	assert_query(m, NULL, true, "drivers/foo/main.c",
		     "Alice Example <alice@example.org> (maintainer:FOO DRIVER)\n"
		     "Bob Review <bob@example.org> (reviewer:FOO DRIVER)\n"
		     "foo-devel@lists.example.org (open list:FOO DRIVER)\n"
		     "linux-kernel@vger.kernel.org (open list)\n");
	/* the deeper section comes first; Alice is deduplicated by name */
	assert_query(m, NULL, true, "drivers/foo/core/dev.c",
		     "Carol Core <carol@example.org> (supporter:FOO DRIVER CORE)\n"
		     "Alice Example <ALICE@example.org> (supporter:FOO DRIVER CORE)\n"
		     "Bob Review <bob@example.org> (reviewer:FOO DRIVER)\n"
		     "foo-core@lists.example.org (moderated list:FOO DRIVER CORE)\n"
		     "foo-devel@lists.example.org (open list:FOO DRIVER)\n"
		     "linux-kernel@vger.kernel.org (open list)\n");
	maintainers_free(m);
}

static void test_exclude_and_globs(void **state)
{
	struct maintainers *m = load(base);

	(void)state;
	/* X: takes the whole section out */
	assert_query(m, NULL, false, "drivers/foo/core/legacy.c",
		     "Alice Example <alice@example.org>\n"
		     "Bob Review <bob@example.org>\n"
		     "foo-devel@lists.example.org\n"
		     "linux-kernel@vger.kernel.org\n");
	/* a glob without '/' at the end matches in its own directory only */
	assert_query(m, NULL, false, "include/linux/foo_bar.h",
		     "Alice Example <alice@example.org>\n"
		     "Bob Review <bob@example.org>\n"
		     "foo-devel@lists.example.org\n"
		     "linux-kernel@vger.kernel.org\n");
	assert_query(m, NULL, false, "include/linux/foo/bar.h", "linux-kernel@vger.kernel.org\n");
	/* '.' in a glob is literal */
	assert_query(m, NULL, false, "include/linux/fooXh", "linux-kernel@vger.kernel.org\n");
	/* "./" and "//" are normalised like File::Spec->canonpath */
	assert_query(m, NULL, false, "./drivers//foo/main.c",
		     "Alice Example <alice@example.org>\n"
		     "Bob Review <bob@example.org>\n"
		     "foo-devel@lists.example.org\n"
		     "linux-kernel@vger.kernel.org\n");
	maintainers_free(m);
}

static void test_directory_patterns(void **state)
{
	static const char *const dirs[] = { "drivers/bar", NULL };
	struct fake_tree tree = { NULL, dirs };
	struct fake_tree nodirs = { NULL, NULL };
	struct maintainers *m = load(base);
	struct maintainers *m2 = load(base);

	(void)state;
	/* "F: drivers/bar" names a directory: it gets a '/', so covers the tree */
	assert_query(m, &tree, false, "drivers/bar/x/y.c",
		     "\"James E.J. Bar\" <jej@example.org>\n"
		     "linux-kernel@vger.kernel.org\n");
	/* ... and no longer matches drivers/bar.c */
	assert_query(m, &tree, false, "drivers/bar.c", "linux-kernel@vger.kernel.org\n");
	/* when it is not a directory, it is a prefix in drivers/ only */
	assert_query(m2, &nodirs, false, "drivers/bar.c",
		     "\"James E.J. Bar\" <jej@example.org>\n"
		     "linux-kernel@vger.kernel.org\n");
	assert_query(m2, &nodirs, false, "drivers/bar/x/y.c", "linux-kernel@vger.kernel.org\n");
	maintainers_free(m);
	maintainers_free(m2);
}

static void test_n_and_k(void **state)
{
	static const struct fake_file files[] = {
		{ "lib/util.c", "int f(void) { return magic_call(1); }\n" },
		{ "lib/other.c", "int g(void) { return magic_callx(1); }\n" },
		{ NULL, NULL },
	};
	struct fake_tree tree = { files, NULL };
	struct maintainers *m = load(base);

	(void)state;
	/* N: is a regex on the path, anywhere in it */
	assert_query(m, NULL, true, "arch/x/barlike-board.c",
		     "\"James E.J. Bar\" <jej@example.org> (odd fixer:BAR SUBSYSTEM)\n"
		     "linux-kernel@vger.kernel.org (open list)\n");
	/* K: is a regex on the content; its sections come last */
	assert_query(m, &tree, true, "lib/util.c",
		     "Keith Word <kw@example.org> (maintainer:KEYWORD WATCHERS)\n"
		     "linux-kernel@vger.kernel.org (open list)\n");
	assert_query(m, &tree, false, "lib/other.c", "linux-kernel@vger.kernel.org\n");
	maintainers_free(m);
}

static void test_keyword_order_is_string_order(void **state)
{
	/* two K: sections; Perl sorts their line indices as strings */
	struct strbuf sb = STRBUF_INIT;
	static const struct fake_file files[] = { { "x.c", "alpha beta\n" }, { NULL, NULL } };
	struct fake_tree tree = { files, NULL };
	struct maintainers *m;

	(void)state;
	strbuf_addstr(&sb, "A\nM:\tA <a@x.org>\nF:\tn1/\nF:\tn2/\nF:\tn3/\nK:\tbeta\n");
	for (int i = 0; i < 2; i++)
		strbuf_addf(&sb, "FILL%d\nM:\tF%d <f%d@x.org>\nF:\tnone%d/\n", i, i, i, i);
	strbuf_addstr(&sb, "B\nM:\tB <b@x.org>\nK:\talpha\n");
	m = maintainers_parse("M", sb.buf, sb.len);
	/* index of "K: beta" is 5, of "K: alpha" 14: "14" < "5" as strings */
	assert_query(m, &tree, false, "x.c", "B <b@x.org>\nA <a@x.org>\n");
	maintainers_free(m);
	strbuf_release(&sb);
}

/*
 * K: regexes are skipped on files lacking a literal every match holds; the
 * result must be what the regex alone says, whatever the regex looks like.
 */
static void test_keyword_prefilter(void **state)
{
	static const struct {
		const char *re, *text;
		bool match;
	} cases[] = {
		{ "(?i)pidfd", "x = PIDFD_open();", true },
		{ "\\b(?i:clang|llvm)\\b", "built with LLVM 15", true },
		{ "\\b(?i:clang|llvm)\\b", "allvm", false },
		{ "phylink\\.h|struct\\s+phylink|>phylink_", "struct \t phylink *pl;", true },
		{ "phylink\\.h|struct\\s+phylink|>phylink_", "phylinkh", false },
		{ "ab?c", "ac", true },
		{ "ab*c", "ac", true },
		{ "ab{0,3}c", "ac", true },
		{ "ab+c", "abbbc", true },
		{ "(?:foo)?barx", "barx", true },
		{ "\\b(clone_args|kernel_clone_args)\\b", "struct kernel_clone_args a;", true },
		{ "\\b(pstore|ramoops)", "ramoops_init", true },
		{ "\\b(pstore|ramoops)", "xpstore", false },
		{ "a\\.b", "a.b", true },
		{ "a\\.b", "axb", false },
		{ "a.b", "axb", true },
		{ "x [y] z", "xyz", true },	/* /x: white space is ignored */
		{ "q # comment", "q", true },
		{ "(devm_)?hwmon_device_(un)?register(|_with_info)", "hwmon_device_register()",
		  true },
		{ "[^@]sifive", "@sifive", false },
		{ "[^@]sifive", " sifive", true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake_file files[] = { { "f.c", cases[i].text }, { NULL, NULL } };
		struct fake_tree tree = { files, NULL };
		char *text = xstrfmt("S\nM:\tK <k@x.org>\nK:\t%s\n", cases[i].re);
		struct maintainers *m = load(text);
		char *got = query(m, &tree, false, "f.c");

		if (strcmp(got, cases[i].match ? "K <k@x.org>\n" : ""))
			fail_msg("K: %s on '%s': got '%s'", cases[i].re, cases[i].text, got);
		free(got);
		free(text);
		maintainers_free(m);
	}
}

/* M:/R: values with commas: RFC 822 lists, names with commas, comments. */
static void test_address_lists(void **state)
{
	static const char text[] =
		"LISTS\n"
		"M:\ta@b.org, c@d.org\n"
		"M:\t\"A Person\" <ap@b.org>, Bee Person <bp@d.org>\n"
		"M:\tPan, Xinhui <Xinhui.Pan@amd.com>\n"
		"M:\t\"Lee, Chun-Yi\" <jlee@suse.com>\n"
		"R:\tPaulo Alcantara <pc@cjr.nz> (DFS, global name space)\n"
		"M:\tEnrico Weigelt, metux IT consult <info@metux.net>\n"
		"M:\tGrp: g1@x.org, G Two <g2@x.org>;\n"
		"S:\tMaintained\n"
		"F:\tlists/\n";
	struct maintainers *m = load(text);

	(void)state;
	/* as get_maintainer.pl v0.26 prints it */
	assert_query(m, NULL, false, "lists/a.c",
		     "a@b.org\n"
		     "c@d.org\n"
		     "A Person <ap@b.org>\n"
		     "Bee Person <bp@d.org>\n"
		     "\"Pan, Xinhui\" <Xinhui.Pan@amd.com>\n"
		     "\"Lee, Chun-Yi\" <jlee@suse.com>\n"
		     "Paulo Alcantara <pc@cjr.nz>\n"
		     "\"Enrico Weigelt, metux IT consult\" <info@metux.net>\n"
		     "\"Grp: g1@x.org, G Two\" <g2@x.org>\n");
	maintainers_free(m);
}

/* Outputs below were checked against get_maintainer.pl v0.26 (--notree). */
static const char regex_syntax[] =
	"FOO DRIVER\n"
	"M:\tAlice Example <alice@example.org>\n"
	"R:\tBob Review <bob@example.org>\n"
	"L:\tfoo-devel@lists.example.org\n"
	"S:\tMaintained\n"
	"F:\tdrivers/foo/\n"
	"\n"
	"ALT GLOB\n"
	"M:\tAlt Person <alt@example.org>\n"
	"S:\tMaintained\n"
	"F:\tx|lib/y\n"
	"\n"
	"QUANT GLOB\n"
	"M:\tQuant Person <quant@example.org>\n"
	"S:\tMaintained\n"
	"F:\tab{0}c\n"
	"\n"
	"KEYWORD WATCHERS\n"
	"M:\tKeith Word <kw@example.org>\n"
	"S:\tMaintained\n"
	"K:\t\\bmagic_(?:call|jump)\\b\n"
	"\n"
	"ALTERNATION KEYWORD\n"
	"M:\tAl Ternate <alt2@example.org>\n"
	"S:\tMaintained\n"
	"K:\tzzfoo|zzbar\n"
	"\n"
	"THE REST\n"
	"M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
	"L:\tlinux-kernel@vger.kernel.org\n"
	"S:\tBuried alive in reporters\n"
	"F:\t*\n"
	"F:\t*/\n";

/* F: globs are regexes after conversion: '|' and '{' defeat a plain prefix test */
static void test_glob_regex_syntax(void **state)
{
	struct maintainers *m = load(regex_syntax);

	(void)state;
	/* m@^x|lib/y@ is (^x)|(lib/y) */
	assert_query(m, NULL, false, "lib/y.c", "Alt Person <alt@example.org>\n"
						"linux-kernel@vger.kernel.org\n");
	/* m@^ab{0}c@ matches "ac" */
	assert_query(m, NULL, false, "ac", "Quant Person <quant@example.org>\n"
					   "linux-kernel@vger.kernel.org\n");
	assert_query(m, NULL, false, "abc", "linux-kernel@vger.kernel.org\n");
	maintainers_free(m);
}

static char *query_patches(struct maintainers *m, const char *const *patches, size_t n)
{
	struct maintainers_input in[4] = { { NULL, NULL, 0 } };
	struct maintainers_result r = MAINTAINERS_RESULT_INIT;
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		in[i].path = "x.patch";
		in[i].patch = patches[i];
		in[i].patch_len = strlen(patches[i]);
	}
	if (maintainers_query_inputs(m, in, n, NULL, &r) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	for (size_t i = 0; i < r.nr; i++)
		strbuf_addf(&sb, "%s\n", r.v[i].email);
	maintainers_result_release(&r);
	return strbuf_detach(&sb, NULL);
}

static const char patch1[] =
	"From 1234 Mon Sep 17 00:00:00 2001\n"
	"From: A <a@example.org>\n"
	"Subject: [PATCH] lib: use magic_call\n"
	"\n"
	"Fixes: 0123456789ab (\"x\")\n"
	"--- a note\n"
	"---\n"
	" lib/y.c | 1 +\n"
	" 1 file changed\n"
	"\n"
	"diff --git a/lib/y.c b/lib/y.c\n"
	"index 1..2 100644\n"
	"--- a/lib/y.c\n"
	"+++ b/lib/y.c\n"
	"@@ -1,3 +1,4 @@\n"
	" context zzbar here\n"
	"+added line\n"
	"-removed zzfoo\n";

static const char patch2[] =
	"Subject: rename and mode\n"
	"\n"
	"diff --git a/drivers/foo/old.c b/drivers/foo/new.c\n"
	"similarity index 100%\n"
	"rename from drivers/foo/old.c\n"
	"rename to drivers/foo/new.c\n"
	"diff --git a/ac b/ac\n"
	"old mode 100644\n"
	"new mode 100755\n"
	"diff --git a/new.txt b/new.txt\n"
	"new file mode 100644\n"
	"--- /dev/null\n"
	"+++ b/new.txt\n"
	"@@ -0,0 +1 @@\n"
	"+ context magic_jump";	/* no '\n' at the end */

static void test_patches(void **state)
{
	struct maintainers *m = load(regex_syntax);
	const char *one[] = { patch1 }, *two[] = { patch2 }, *both[] = { patch1, patch2 };
	const char *junk[] = { "hello\n" };
	struct strvec files = STRVEC_INIT;
	char *got;

	(void)state;
	/*
	 * K: in the subject (before the diff: any line); "zzfoo|zzbar" with
	 * the diff's "^[+-].*" in front is (^[+-].*zzfoo)|(zzbar), so zzbar on a
	 * context line counts. "--- a note" names a file "a".
	 */
	got = query_patches(m, one, 1);
	assert_string_equal(got, "Alt Person <alt@example.org>\n"
				 "Keith Word <kw@example.org>\n"
				 "Al Ternate <alt2@example.org>\n"
				 "linux-kernel@vger.kernel.org\n");
	free(got);
	/* renames, mode changes, /dev/null; files sorted ("ac" first) */
	got = query_patches(m, two, 1);
	assert_string_equal(got, "Quant Person <quant@example.org>\n"
				 "Alice Example <alice@example.org>\n"
				 "Bob Review <bob@example.org>\n"
				 "Keith Word <kw@example.org>\n"
				 "linux-kernel@vger.kernel.org\n"
				 "foo-devel@lists.example.org\n");
	free(got);
	got = query_patches(m, both, 2);
	assert_string_equal(got, "Quant Person <quant@example.org>\n"
				 "Alice Example <alice@example.org>\n"
				 "Bob Review <bob@example.org>\n"
				 "Alt Person <alt@example.org>\n"
				 "Keith Word <kw@example.org>\n"
				 "Al Ternate <alt2@example.org>\n"
				 "linux-kernel@vger.kernel.org\n"
				 "foo-devel@lists.example.org\n");
	free(got);
	/* not a patch: an error, not an empty answer */
	set_error_quiet(true);
	assert_null(query_patches(m, junk, 1));
	set_error_quiet(false);
	patch_files(patch2, strlen(patch2), &files);
	/* diff --git (2), rename from/to, diff --git (2) x 2, --- and +++ */
	assert_int_equal(files.nr, 10);
	assert_string_equal(files.v[0], "drivers/foo/old.c");
	assert_string_equal(files.v[2], "drivers/foo/old.c");	/* rename from */
	assert_string_equal(files.v[8], "dev/null");
	assert_string_equal(files.v[9], "new.txt");
	strvec_clear(&files);
	maintainers_free(m);
}

/* The one-pass literal filter says what the per-regex one says. */
static void test_literal_scan_many(void **state)
{
	static const char *const res[] = {
		"(?i)pidfd", "\\b(?i:clang|llvm)\\b", "phylink\\.h|struct\\s+phylink|>phylink_",
		"ab+c", "\\b(pstore|ramoops)", "[^@]sifive", "a", "(?i)Q", "x y", "__NO_FORTIFY",
		"mediatek", "\\bSGX_", "(devm_)?hwmon_device_(un)?register(|_with_info)",
	};
	static const char alphabet[] = "aAbBcClLpPdDiIfFvVmMsSgGxX_ .>-+QqeEtTkKhHoOrRyYwWnNuU@";
	struct strbuf sb = STRBUF_INIT;
	struct kre *ks[ARRAY_SIZE(res)];
	bool many[ARRAY_SIZE(res)];
	struct maintainers *m;
	uint32_t x = 777;

	(void)state;
	strbuf_addstr(&sb, "S\nM:\tK <k@x.org>\n");
	for (size_t i = 0; i < ARRAY_SIZE(res); i++)
		strbuf_addf(&sb, "K:\t%s\n", res[i]);
	m = maintainers_parse("M", sb.buf, sb.len);
	{
		struct mcursor c;
		struct mline l;
		size_t k = 0;

		mcursor_init(m, &c, 0, 1);
		while (mfile_next(m, &c, &l))
			if (l.type == 'K')
				ks[k++] = kre_get(m, &l);
		assert_int_equal(k, ARRAY_SIZE(res));
	}
	for (int round = 0; round < 2000; round++) {
		char text[64];
		size_t len = round % 40;

		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245 + 12345;
			text[i] = alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
		}
		/* plant a literal now and then */
		if (round % 3 == 0 && len > 12)
			memcpy(text + (x >> 8) % (len - 12), round % 2 ? "PidFD" : "mediatek", 5);
		kre_may_match_many(ks, ARRAY_SIZE(res), text, len, many);
		for (size_t k = 0; k < ARRAY_SIZE(res); k++)
			if (many[k] != kre_may_match(ks[k], text, len))
				fail_msg("%s on '%.*s': one pass says %d", res[k], (int)len, text,
					 many[k]);
	}
	maintainers_free(m);
	strbuf_release(&sb);
}

static void test_mailmap(void **state)
{
	static const char mailmap[] =
		"# comment\n"
		"Alice New <alice@new.org> <alice@example.org>\n"
		"<bob@new.org> <bob@example.org>\n";
	struct maintainers *m = load(base);

	(void)state;
	maintainers_set_mailmap(m, mailmap, strlen(mailmap));
	assert_query(m, NULL, false, "drivers/foo/main.c",
		     "Alice New <alice@new.org>\n"
		     "Bob Review <bob@new.org>\n"
		     "foo-devel@lists.example.org\n"
		     "linux-kernel@vger.kernel.org\n");
	maintainers_free(m);
}

static void test_yaml_file_emails(void **state)
{
	static const struct fake_file files[] = {
		{ "Documentation/devicetree/bindings/foo.yaml",
		  "title: Foo\n\nmaintainers:\n  - Dana Tree <dana@example.org>\n"
		  "  - Alice Example <alice@example.org>\n" },
		{ NULL, NULL },
	};
	struct fake_tree tree = { files, NULL };
	struct maintainers *m = load(base);

	(void)state;
	assert_query(m, &tree, true, "Documentation/devicetree/bindings/foo.yaml",
		     "Dana Tree <dana@example.org> (in file)\n"
		     "Alice Example <alice@example.org> (in file)\n"
		     "linux-kernel@vger.kernel.org (open list)\n");
	maintainers_free(m);
}

static void test_malformed(void **state)
{
	static const struct fake_file files[] = { { "src/a.c", "int x;\n" }, { NULL, NULL } };
	struct fake_tree tree = { files, NULL };
	struct strbuf sb = STRBUF_INIT;
	struct maintainers *m;

	(void)state;
	set_error_quiet(true);
	strbuf_addstr(&sb, "BROKEN\nM:\tNo Address Here\nN:\tfoo[\nK:\t(unclosed\n"
			   "F:\tdrivers/[broken\nZ:\tunknown letter\nS:\tMaintained\n"
			   "stray text line\nF:\tsrc/\n");
	strbuf_addstr(&sb, "HUGE\nF:\t");
	for (int i = 0; i < 70000; i++)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, "\nNUL\nF:\tx");
	strbuf_addch(&sb, '\0');
	strbuf_addstr(&sb, "y/\nOK\nM:\tOk Person <ok@example.org>\nF:\tdrivers/\n");
	m = maintainers_parse("M", sb.buf, sb.len);
	/* lines: unknown Z:, the huge line, the NUL line (once, on the first pass) */
	assert_int_equal(maintainers_warnings(m), 3);
	assert_int_equal(maintainers_sections(m), 3);	/* BROKEN, "stray text line", OK */
	assert_int_equal(maintainers_warnings(m), 3);
	/*
	 * regexes and globs when first used: the bad N: (no literal rules it
	 * out) and the broken F: glob, which never match
	 */
	assert_query(m, NULL, false, "drivers/[broken", "Ok Person <ok@example.org>\n");
	assert_int_equal(maintainers_warnings(m), 5);
	assert_query(m, NULL, false, "drivers/[broken", "Ok Person <ok@example.org>\n");
	assert_int_equal(maintainers_warnings(m), 5);
	/* "M: No Address Here" is skipped (no address), not a crash; K: is bad */
	assert_query(m, &tree, false, "src/a.c", "");
	assert_int_equal(maintainers_warnings(m), 6);
	maintainers_free(m);
	strbuf_release(&sb);
	/* empty and garbage input */
	m = maintainers_parse("M", "", 0);
	assert_query(m, NULL, false, "a.c", "");
	maintainers_free(m);
	m = maintainers_parse("M", "F:\n\n:::\nM:\n", 12);
	assert_query(m, NULL, false, "a.c", "");
	maintainers_free(m);
	set_error_quiet(false);
}

/* Patterns and regexes that backtrack without end are given up, with a warning. */
static void test_backtracking(void **state)
{
	static const struct fake_file files[] = {
		{ "src/k.c", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n" },
		{ NULL, NULL },
	};
	struct fake_tree tree = { files, NULL };
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	struct maintainers *m;
	double t0 = now_seconds();

	(void)state;
	set_error_quiet(true);
	strbuf_addstr(&sb, "STARS\nM:\tS <s@x.org>\nF:\t");
	for (int i = 0; i < 30; i++)
		strbuf_addstr(&sb, "a*");
	strbuf_addstr(&sb, "c\nREGEX\nM:\tR <r@x.org>\nK:\t(a|aa)+$\n"
			   "OK\nM:\tOk <ok@x.org>\nF:\tsrc/\n");
	for (int i = 0; i < 200; i++)
		strbuf_addch(&path, 'a');
	m = maintainers_parse("M", sb.buf, sb.len);
	assert_query(m, NULL, false, path.buf, "");
	assert_query(m, &tree, false, "src/k.c", "Ok <ok@x.org>\n");
	assert_true(maintainers_warnings(m) >= 1);
	/* bounded: far from the centuries a naive backtracker would take */
	assert_true(now_seconds() - t0 < 20);
	maintainers_free(m);
	strbuf_release(&sb);
	strbuf_release(&path);
	set_error_quiet(false);
}

/* Mutated MAINTAINERS and .mailmap text: warnings at most, never a crash. */
static void test_mutations(void **state)
{
	static const char junk[] = "*?[]()\\|^$.+{}<>\",@:# \t\n\r\0\xff\xc3";
	static const struct fake_file files[] = {
		{ "lib/util.c", "magic_call(x) <a@b.c> \"Q\" (y)" },
		{ "Documentation/devicetree/bindings/foo.yaml", "maintainers:\n - X <x@y.z>\n" },
		{ NULL, NULL },
	};
	static const char *const dirs[] = { "drivers/bar", "drivers/foo", NULL };
	struct fake_tree tree = { files, dirs };
	const char *paths[] = { "drivers/foo/core/dev.c", "lib/util.c", "drivers/bar",
				"Documentation/devicetree/bindings/foo.yaml", "include/linux/foo.h" };
	uint32_t x = 12345;
	size_t len = strlen(base);

	(void)state;
	set_error_quiet(true);
	for (int round = 0; round < 300; round++) {
		char *text = xmalloc(len + 1);
		struct maintainers *m;
		struct maintainers_source src = { fake_is_dir, fake_read_file, &tree };
		struct maintainers_result r = MAINTAINERS_RESULT_INIT;

		memcpy(text, base, len + 1);
		for (int k = 0; k < 1 + round % 8; k++) {
			x = x * 1103515245 + 12345;
			text[(x >> 8) % len] = junk[(x >> 20) % (sizeof(junk) - 1)];
		}
		m = maintainers_parse("M", text, len);
		maintainers_set_mailmap(m, text, len);	/* garbage as a .mailmap too */
		assert_int_equal(maintainers_query(m, paths, 5, &src, &r), 0);
		for (size_t i = 0; i < r.nr; i++)
			assert_non_null(r.v[i].email);
		maintainers_result_release(&r);
		/* mutated patches, on the mutated file */
		{
			char *p = xstrdup(round % 2 ? patch1 : patch2);
			size_t plen = strlen(p);
			struct maintainers_input in[] = { { "x.patch", p, plen } };

			for (int k = 0; k < 1 + round % 6; k++) {
				x = x * 1103515245 + 12345;
				p[(x >> 8) % plen] = junk[(x >> 20) % (sizeof(junk) - 1)];
			}
			if (maintainers_query_inputs(m, in, 1, &src, &r) == 0)
				for (size_t i = 0; i < r.nr; i++)
					assert_non_null(r.v[i].email);
			maintainers_result_release(&r);
			free(p);
		}
		maintainers_free(m);
		free(text);
	}
	set_error_quiet(false);
}

static char *joined(const struct strvec *sv)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sv->nr; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", sv->v[i]);
	return strbuf_detach(&sb, NULL);
}

static void test_recipients(void **state)
{
	static const char *const keys[] = {
		"Signed-off-by", "Cc", "Reviewed-by", "Link", "Signed-off-by", "Reported-by",
		"Acked-by", "tested-by", "Reported-and-tested-by", "Cc", "Suggested-by", "Cc",
		"Co-developed-by",
	};
	static const char *const values[] = {
		"Zed Author <Zed@Example.org>", "Cc Person <cc@example.org>",
		"Bob Review <BOB@example.org>", "https://lore.kernel.org/r/x",
		"Carol Core <carol@example.org>",
		"syzbot+0123@syzkaller.appspotmail.com", "Ack Er <ack@example.org>",
		"Tess Ter <tess@example.org>", "Rita Port <rita@example.org>",
		"<stable@vger.kernel.org> # 6.1", "Sue Gest <sue@example.org>",
		"Carol Core <CAROL@example.org>", "Dev Two <dev2@example.org>",
	};
	struct maintainers_commit c = { "Zed Author <zed@example.org>", keys, values,
					ARRAY_SIZE(keys) };
	const char *files[] = { "drivers/foo/core/dev.c", "drivers/foo/main.c" };
	struct recipients r = RECIPIENTS_INIT;
	struct maintainers *m = load(base);
	char *to, *cc;

	(void)state;
	assert_int_equal(maintainers_recipients(m, &c, files, 2, NULL, &r), 0);
	to = joined(&r.to);
	cc = joined(&r.cc);
	/*
	 * "to": the author, Signed-off-by, Reviewed-*, Acked-*, Tested-* (any
	 * case, and X-and-tested-by) as syzbot, the maintainers and lists;
	 * reviewer Bob is in "to" through his trailer, so not repeated in "cc".
	 * "cc": Cc: and Reported-by: (Carol's Cc: is already in "to").
	 * Suggested-by and Co-developed-by are nobody's.
	 */
	assert_string_equal(to, "ALICE@example.org BOB@example.org ack@example.org "
				"carol@example.org foo-core@lists.example.org "
				"foo-devel@lists.example.org rita@example.org tess@example.org "
				"zed@example.org");
	assert_string_equal(cc, "cc@example.org linux-kernel@vger.kernel.org "
				"stable@vger.kernel.org syzbot+0123@syzkaller.appspotmail.com");
	free(to);
	free(cc);
	recipients_release(&r);

	/* no MAINTAINERS: author and trailers only */
	assert_int_equal(maintainers_recipients(NULL, &c, files, 2, NULL, &r), 0);
	to = joined(&r.to);
	cc = joined(&r.cc);
	assert_string_equal(to, "BOB@example.org ack@example.org carol@example.org "
				"rita@example.org tess@example.org zed@example.org");
	assert_string_equal(cc, "cc@example.org stable@vger.kernel.org "
				"syzbot+0123@syzkaller.appspotmail.com");
	free(to);
	free(cc);
	recipients_release(&r);

	/* only the catch-all list: LKML stays in "to"; reviewers go to "cc" */
	c.trailers_nr = 0;
	files[0] = "lib/x.c";
	assert_int_equal(maintainers_recipients(m, &c, files, 1, NULL, &r), 0);
	to = joined(&r.to);
	assert_string_equal(to, "linux-kernel@vger.kernel.org zed@example.org");
	free(to);
	recipients_release(&r);
	files[0] = "drivers/foo/a.c";
	assert_int_equal(maintainers_recipients(m, &c, files, 1, NULL, &r), 0);
	cc = joined(&r.cc);
	assert_string_equal(cc, "bob@example.org linux-kernel@vger.kernel.org");
	free(cc);
	recipients_release(&r);
	recipients_release(&r);	/* harmless twice */
	maintainers_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_and_order),
		cmocka_unit_test(test_exclude_and_globs),
		cmocka_unit_test(test_directory_patterns),
		cmocka_unit_test(test_n_and_k),
		cmocka_unit_test(test_keyword_order_is_string_order),
		cmocka_unit_test(test_keyword_prefilter),
		cmocka_unit_test(test_address_lists),
		cmocka_unit_test(test_glob_regex_syntax),
		cmocka_unit_test(test_patches),
		cmocka_unit_test(test_literal_scan_many),
		cmocka_unit_test(test_mailmap),
		cmocka_unit_test(test_yaml_file_emails),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_backtracking),
		cmocka_unit_test(test_recipients),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
