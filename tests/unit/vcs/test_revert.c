// SPDX-License-Identifier: Apache-2.0
/*
 * Tests of vcs_build_tree_revert() against git itself: the reverted tree
 * must be the one `git revert --no-commit` gives, a conflict must be one
 * for git too, and the user's repository must stay byte for byte the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/run.h"
#include "util/strbuf.h"
#include "util/util.h"
#include "vcs/vcs.h"

static char *tmp, *repo, *tree;
static int tick;

/* git in dir (deterministic environment); stdout, or NULL when it failed and !must */
static char *git(const char *dir, bool must, const char *const *args)
{
	struct child c = CHILD_INIT;
	char *out = NULL;

	strvec_push(&c.args, "git");
	for (; *args; args++)
		strvec_push(&c.args, *args);
	strvec_pushf(&c.env, "HOME=%s", tmp);
	strvec_push(&c.env, "GIT_CONFIG_NOSYSTEM=1");
	strvec_push(&c.env, "GIT_AUTHOR_NAME=Ann Author");
	strvec_push(&c.env, "GIT_AUTHOR_EMAIL=ann@example.com");
	strvec_push(&c.env, "GIT_COMMITTER_NAME=Cy Committer");
	strvec_push(&c.env, "GIT_COMMITTER_EMAIL=cy@example.com");
	strvec_pushf(&c.env, "GIT_AUTHOR_DATE=%d +0000", 1600000000 + tick * 60);
	strvec_pushf(&c.env, "GIT_COMMITTER_DATE=%d +0000", 1600000000 + tick * 60);
	tick++;
	c.dir = dir;
	c.timeout = 60;
	assert_int_equal(child_run(&c), 0);
	if (must && !child_ok(&c))
		fail_msg("git %s failed: %s", c.args.v[1], c.err.buf);
	if (child_ok(&c)) {
		out = strbuf_detach(&c.out, NULL);
		for (size_t n = strlen(out); n && out[n - 1] == '\n'; n--)
			out[n - 1] = '\0';
	}
	child_release(&c);
	return out;
}

#define GIT(dir, ...) git(dir, true, (const char *const[]){ __VA_ARGS__, NULL })
#define GIT_RUN(dir, ...) free(GIT(dir, __VA_ARGS__))

static void put(const char *rel, const char *text)
{
	char *p = xstrfmt("%s/%s", repo, rel);

	assert_int_equal(write_file_atomic(p, text, strlen(text)), 0);
	free(p);
}

static char *commit(const char *msg)
{
	GIT_RUN(repo, "add", "-A");
	GIT_RUN(repo, "commit", "-q", "-m", msg);
	return GIT(repo, "rev-parse", "HEAD");
}

/* every file of the repository (work tree and .git), hashed */
static char *fingerprint(void)
{
	struct child c = CHILD_INIT;
	char *out;

	strvec_pushl(&c.args, "sh", "-c",
		     "find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum",
		     NULL);
	c.dir = repo;
	c.timeout = 60;
	assert_int_equal(child_run(&c), 0);
	assert_true(child_ok(&c));
	out = strbuf_detach(&c.out, NULL);
	child_release(&c);
	return out;
}

/* the tree `git revert --no-commit culprit` gives on onto, in a scratch clone */
static char *git_revert_tree(const char *onto, const char *culprit)
{
	char *dir = xstrfmt("%s/scratch", tmp), *t;

	GIT_RUN(tmp, "clone", "-q", "--no-checkout", repo, dir);
	GIT_RUN(dir, "checkout", "-q", onto);
	GIT_RUN(dir, "revert", "--no-commit", culprit);
	t = GIT(dir, "write-tree");
	assert_int_equal(remove_tree(dir), 0);
	free(dir);
	return t;
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/culprit-test-revert-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	tmp = xstrdup(tmpl);
	repo = xstrfmt("%s/repo", tmp);
	tree = xstrfmt("%s/work/tree", tmp);
	assert_int_equal(mkdir_p(repo, 0777), 0);
	GIT_RUN(repo, "init", "-q", "-b", "master");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(tmp);
	free(tmp);
	free(repo);
	free(tree);
	return 0;
}

/* the tree of rev in the build tree */
static char *tree_of(const char *rev)
{
	char *spec = xstrfmt("%s^{tree}", rev), *t = GIT(tree, "rev-parse", spec);

	free(spec);
	return t;
}

static void test_revert(void **state)
{
	char *base, *culprit, *later, *clash, *want, *got, *before, *after, *s, *msg;
	char out[VCS_HEXSZ + 1], again[VCS_HEXSZ + 1];
	struct strbuf why = STRBUF_INIT;
	struct vcs_repo *r;

	(void)state;
	put("a.c", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
	put("b.h", "#define B 0\n");
	base = commit("base");
	put("a.c", "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\n");
	culprit = commit("a: shout three");
	put("b.h", "#define B 1\n");
	put("a.c", "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nNINE\n");
	later = commit("later: other lines");
	put("a.c", "one\ntwo\nTHREE!\nfour\nfive\nsix\nseven\neight\nNINE\n");
	clash = commit("clash: the same line");
	before = fingerprint();

	r = vcs_open(repo);
	assert_non_null(r);
	/* no build tree yet: nothing to revert in */
	set_error_quiet(true);
	assert_int_equal(vcs_build_tree_revert(r, tree, later, culprit, out, &why), -1);
	/* never in the repository itself */
	assert_int_equal(vcs_build_tree_revert(r, repo, later, culprit, out, &why), -1);
	set_error_quiet(false);
	assert_int_equal(vcs_build_tree_checkout(r, tree, base), 0);

	/* a clean revert: git's tree, on top of `later`, with git's message */
	assert_int_equal(vcs_build_tree_revert(r, tree, later, culprit, out, &why), 0);
	want = git_revert_tree(later, culprit);
	got = tree_of(out);
	assert_string_equal(got, want);
	free(got);
	s = xstrfmt("%s^", out);
	got = GIT(tree, "rev-parse", s);
	assert_string_equal(got, later);
	free(got);
	free(s);
	msg = xstrfmt("Revert \"a: shout three\"\n\nThis reverts commit %s.", culprit);
	got = GIT(tree, "log", "-1", "--format=%B", out);
	assert_string_equal(got, msg);
	free(got);
	free(msg);
	/* the same revert, the same commit (a resumed job finds its build) */
	assert_int_equal(vcs_build_tree_revert(r, tree, later, culprit, again, &why), 0);
	assert_string_equal(again, out);
	/* it is not in the repository, and the build tree checks it out */
	assert_null(git(repo, false, (const char *const[]){ "cat-file", "-e", out, NULL }));
	assert_int_equal(vcs_build_tree_checkout(r, tree, out), 0);
	got = GIT(tree, "rev-parse", "HEAD");
	assert_string_equal(got, out);
	free(got);
	got = GIT(tree, "status", "--porcelain", "--untracked-files=no");
	assert_string_equal(got, "");
	free(got);

	/* a later commit rewrote the culprit's line: a conflict, for git too */
	assert_string_equal(why.buf, "");
	assert_int_equal(vcs_build_tree_revert(r, tree, clash, culprit, out, &why), 1);
	assert_string_equal(why.buf, "a.c");
	{
		char *dir = xstrfmt("%s/scratch", tmp);

		GIT_RUN(tmp, "clone", "-q", repo, dir);
		assert_null(git(dir, false, (const char *const[]){ "revert", "--no-commit",
								   culprit, NULL }));
		assert_int_equal(remove_tree(dir), 0);
		free(dir);
	}
	vcs_close(r);

	after = fingerprint();
	assert_string_equal(before, after);
	free(base);
	free(culprit);
	free(later);
	free(clash);
	free(want);
	free(before);
	free(after);
	strbuf_release(&why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revert),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
