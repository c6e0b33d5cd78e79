// SPDX-License-Identifier: Apache-2.0
/*
 * Tests of src/vcs/ against the git command line: every answer of the
 * library is compared with what git itself prints for the same repository
 * (rev-parse, show --stat, rev-list, merge-base, interpret-trailers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "util/run.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"
#include "vcs/vcs.h"

#include "vcs_fixture.h"

static void test_resolve(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	const char *revs[] = { "HEAD", "HEAD~2", "master", "side", "v6.1", "v6.2", "v5.19",
			       "v6.2^2", "v6.10", "HEAD~2^2", "dangling" };
	char out[VCS_HEXSZ + 1];

	(void)state;
	assert_non_null(r);
	for (size_t i = 0; i < ARRAY_SIZE(revs); i++) {
		char *want = rev_parse(revs[i]);
		char abbrev[12];

		assert_int_equal(vcs_resolve(r, revs[i], out), 0);
		assert_string_equal(out, want);
		/* hash and abbreviation resolve to themselves */
		assert_int_equal(vcs_resolve(r, want, out), 0);
		assert_string_equal(out, want);
		memcpy(abbrev, want, 10);
		abbrev[10] = '\0';
		assert_int_equal(vcs_resolve(r, abbrev, out), 0);
		assert_string_equal(out, want);
		free(want);
	}
	set_error_quiet(true);
	assert_int_equal(vcs_resolve(r, "no-such-ref", out), -1);
	assert_int_equal(vcs_resolve(r, "HEAD~100", out), -1);
	assert_int_equal(vcs_resolve(r, "", out), -1);
	set_error_quiet(false);
	vcs_close(r);

	/* opening from a subdirectory finds the repository */
	{
		char *sub = xstrfmt("%s/src", repo_dir);

		r = vcs_open(sub);
		assert_non_null(r);
		vcs_close(r);
		free(sub);
	}
	set_error_quiet(true);
	assert_null(vcs_open("/nonexistent/dir"));
	set_error_quiet(false);
}

static void test_commit_info(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	char *revs = GIT("rev-list", "--all");
	char *save = NULL;

	(void)state;
	for (char *rev = strtok_r(revs, "\n", &save); rev; rev = strtok_r(NULL, "\n", &save)) {
		struct vcs_commit c;
		char *subject = trim(GIT("log", "-1", "--format=%s", rev));
		char *body = GIT("log", "-1", "--format=%b", rev);
		char *meta = trim(GIT("log", "-1", "--format=%an|%ae|%at|%cn|%ce|%ct|%P", rev));
		char *trailers = GIT("log", "-1", "--format=%(trailers:only,unfold)", rev);
		struct strbuf got = STRBUF_INIT, parents = STRBUF_INIT;

		assert_int_equal(vcs_commit_info(r, rev, &c), 0);
		assert_string_equal(c.hash, rev);
		/* subjects here are one line, so %s is the first line */
		assert_string_equal(c.subject, subject);
		for (size_t i = 0; i < c.parents_nr; i++)
			strbuf_addf(&parents, "%s%s", i ? " " : "", c.parents[i]);
		strbuf_addf(&got, "%s|%s|%lld|%s|%s|%lld|%s", c.author_name, c.author_email,
			    (long long)c.author_time, c.committer_name, c.committer_email,
			    (long long)c.commit_time, parents.buf);
		assert_string_equal(got.buf, meta);
		assert_int_equal(c.author_tz, -480);
		/* %b is the body with a final newline; ours is the raw rest */
		strbuf_reset(&got);
		strbuf_addstr(&got, c.body);
		strbuf_rtrim(&got);
		{
			struct strbuf b = STRBUF_INIT;

			strbuf_addstr(&b, body);
			strbuf_rtrim(&b);
			assert_string_equal(got.buf, b.buf);
			strbuf_release(&b);
		}
		strbuf_reset(&got);
		for (size_t i = 0; i < c.trailers_nr; i++)
			strbuf_addf(&got, "%s: %s\n", c.trailers[i].key, c.trailers[i].value);
		strbuf_addch(&got, '\n');	/* the newline of --format's tformat */
		/* git keeps the CR of CRLF messages in trailer values, we do not */
		{
			char *w = trailers;

			for (char *q = trailers; *q; q++)
				if (*q != '\r')
					*w++ = *q;
			*w = '\0';
		}
		for (size_t i = 0; i < c.trailers_nr; i++)
			assert_null(strchr(c.trailers[i].value, '\r'));
		assert_string_equal(got.buf, trailers);
		strbuf_release(&got);
		strbuf_release(&parents);
		free(subject);
		free(body);
		free(meta);
		free(trailers);
		vcs_commit_release(&c);
		vcs_commit_release(&c); /* harmless */
	}
	free(revs);

	/* explicit check of a parsed trailer block */
	{
		struct vcs_commit c;

		assert_int_equal(vcs_commit_info(r, "v6.1-rc1", &c), 0);
		assert_int_equal(c.trailers_nr, 3);
		assert_string_equal(c.trailers[0].key, "Signed-off-by");
		assert_string_equal(c.trailers[0].value, "Ann Author <ann@example.com>");
		assert_string_equal(c.trailers[2].key, "Link");
		assert_string_equal(c.subject, "add a big file");
		vcs_commit_release(&c);
		assert_int_equal(vcs_commit_info(r, "HEAD~5", &c), 0);
		vcs_commit_release(&c);
	}
	vcs_close(r);
}

/* byte-for-byte against `git show --stat --format=medium` for every commit */
static void test_show_stat(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	char *revs = GIT("rev-list", "--all");
	char *save = NULL;
	int n = 0;

	(void)state;
	for (char *rev = strtok_r(revs, "\n", &save); rev; rev = strtok_r(NULL, "\n", &save)) {
		char *want = GIT("show", "--stat", "--format=medium", rev);
		struct strbuf got = STRBUF_INIT;

		assert_int_equal(vcs_format_show_stat(r, rev, &got), 0);
		if (strcmp(got.buf, want))
			fail_msg("show --stat of %s differs:\n--- git\n%s\n--- culprit\n%s", rev,
				 want, got.buf);
		strbuf_release(&got);
		free(want);
		n++;
	}
	assert_true(n >= 19);
	free(revs);
	vcs_close(r);

	/* git show maps authors through the work tree's .mailmap */
	write_text(".mailmap", "Ann Mapped <ann@mapped.org> <ann@example.com>\n");
	r = vcs_open(repo_dir);
	{
		char *want = GIT("show", "--stat", "--format=medium", "HEAD~1");
		struct strbuf got = STRBUF_INIT;

		assert_non_null(strstr(want, "Author: Ann Mapped <ann@mapped.org>"));
		assert_int_equal(vcs_format_show_stat(r, "HEAD~1", &got), 0);
		assert_string_equal(got.buf, want);
		strbuf_release(&got);
		free(want);
	}
	vcs_close(r);
	{
		char *p = xstrfmt("%s/.mailmap", repo_dir);

		unlink(p);
		free(p);
	}
}

static void sort_lines(struct strvec *v, char *text)
{
	char *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		strvec_push(v, l);
}

static void test_changed_files(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	char *revs = GIT("rev-list", "--all");
	char *save = NULL;

	(void)state;
	for (char *rev = strtok_r(revs, "\n", &save); rev; rev = strtok_r(NULL, "\n", &save)) {
		struct strvec got = STRVEC_INIT, want = STRVEC_INIT;
		char *parent = xstrfmt("%s^1", rev);
		const char *pargs[] = { "rev-parse", "--verify", "-q", parent, NULL };
		char *has_parent = git_in(repo_dir, pargs, false);
		char *out = has_parent ? GIT("diff", "-z", "--no-renames", "--name-only", parent, rev)
				       : GIT("diff-tree", "-z", "--root", "--no-commit-id",
					     "--name-only", "-r", rev);

		free(has_parent);
		free(parent);
		for (size_t i = 0; i < git_out_len; i += strlen(out + i) + 1)
			strvec_push(&want, out + i);
		assert_int_equal(vcs_changed_files(r, rev, &got), 0);
		assert_int_equal(got.nr, want.nr);
		for (size_t i = 0; i < got.nr; i++)
			assert_string_equal(got.v[i], want.v[i]);
		strvec_clear(&got);
		strvec_clear(&want);
		free(out);
	}
	free(revs);
	vcs_close(r);
}

static void check_dag(struct vcs_repo *r, const char *bad, const char *const *goods, size_t nr)
{
	struct vcs_dag dag;
	struct strvec args = STRVEC_INIT, want = STRVEC_INIT;
	char *out;

	strvec_pushl(&args, "rev-list", "--parents", bad, NULL);
	for (size_t i = 0; i < nr; i++)
		strvec_pushf(&args, "^%s", goods[i]);
	out = git_in(repo_dir, args.v, true);
	sort_lines(&want, out);

	assert_int_equal(vcs_load_dag(r, bad, goods, nr, 0, &dag), 0);
	assert_int_equal(dag.nr, want.nr);
	{
		char *b = rev_parse(bad);

		assert_string_equal(dag.hash[dag.nr - 1], b);
		free(b);
	}
	for (size_t i = 0; i < want.nr; i++) {
		/* "<commit> <parent>...": every in-slice parent, and merge-ness */
		char *line = xstrdup(want.v[i]), *sp = NULL;
		char *c = strtok_r(line, " ", &sp);
		size_t idx = SIZE_MAX, pnr = 0, in_slice = 0;

		for (size_t j = 0; j < dag.nr; j++)
			if (!strcmp(dag.hash[j], c))
				idx = j;
		assert_true(idx != SIZE_MAX);
		for (char *p = strtok_r(NULL, " ", &sp); p; p = strtok_r(NULL, " ", &sp)) {
			pnr++;
			for (size_t j = 0; j < dag.nr; j++) {
				if (strcmp(dag.hash[j], p))
					continue;
				in_slice++;
				assert_true(j < idx);	/* parents first */
				bool found = false;
				for (size_t k = 0; k < dag.parents_nr[idx]; k++)
					found |= dag.parents[idx][k] == j;
				assert_true(found);
			}
		}
		assert_int_equal(dag.parents_nr[idx], in_slice);
		assert_int_equal(dag.is_merge[idx], pnr > 1);
		free(line);
	}
	vcs_dag_release(&dag);
	vcs_dag_release(&dag);
	strvec_clear(&args);
	strvec_clear(&want);
	free(out);
}

static void test_load_dag(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	const char *g1[] = { "v5.19" };
	const char *g2[] = { "v6.1", "side~1" };
	const char *g3[] = { "side" };
	struct vcs_dag dag;

	(void)state;
	check_dag(r, "HEAD", NULL, 0);
	check_dag(r, "HEAD", g1, 1);
	check_dag(r, "v6.10", g2, 2);
	check_dag(r, "master", g3, 1);
	check_dag(r, "dangling", g1, 1);

	set_error_quiet(true);
	assert_int_equal(vcs_load_dag(r, "HEAD", g1, 1, 3, &dag), -1);
	assert_int_equal(vcs_load_dag(r, "nope", NULL, 0, 0, &dag), -1);
	set_error_quiet(false);
	assert_int_equal(vcs_load_dag(r, "HEAD", g1, 1, 100, &dag), 0);
	/* a good commit equal to bad: empty slice */
	vcs_dag_release(&dag);
	{
		const char *g[] = { "HEAD" };

		assert_int_equal(vcs_load_dag(r, "HEAD", g, 1, 0, &dag), 0);
		assert_int_equal(dag.nr, 0);
		vcs_dag_release(&dag);
	}
	vcs_close(r);
}

static void test_is_ancestor(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	const char *revs[] = { "v5.19", "v6.1", "side", "side~1", "master", "dangling", "v6.2",
			       "HEAD~1" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(revs); i++)
		for (size_t j = 0; j < ARRAY_SIZE(revs); j++) {
			const char *args[] = { "merge-base", "--is-ancestor", revs[i], revs[j],
					       NULL };
			char *out = git_in(repo_dir, args, false);
			int want = out != NULL;

			free(out);
			assert_int_equal(vcs_is_ancestor(r, revs[i], revs[j]), want);
		}
	set_error_quiet(true);
	assert_int_equal(vcs_is_ancestor(r, "bogus", "HEAD"), -1);
	set_error_quiet(false);
	vcs_close(r);
}

/* vcs_merge_bases() against git merge-base --all: as many, the first among them */
static void test_merge_bases(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	const char *revs[] = { "v5.19", "v6.1", "side", "side~1", "master", "dangling", "v6.2" };
	char base[VCS_HEXSZ + 1];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(revs); i++)
		for (size_t j = 0; j < ARRAY_SIZE(revs); j++) {
			const char *args[] = { "merge-base", "--all", revs[i], revs[j], NULL };
			char *out = git_in(repo_dir, args, false);
			int want = 0;

			for (const char *p = out; p && *p; p++)
				want += *p == '\n';
			assert_int_equal(vcs_merge_bases(r, revs[i], revs[j], base), want);
			if (want)
				assert_non_null(strstr(out, base));
			free(out);
		}
	set_error_quiet(true);
	assert_int_equal(vcs_merge_bases(r, "bogus", "HEAD", base), -1);
	set_error_quiet(false);
	vcs_close(r);
}

static void test_version_cmp(void **state)
{
	const char *order[] = { "v6.10", "v6.2", "v6.2-rc7", "v6.2-rc1", "v6.1.12", "v6.1.2",
				"v6.1", "v6.1-rc1", "v5.19", "v5.2", "v4.20" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		for (size_t j = 0; j < ARRAY_SIZE(order); j++) {
			int c = vcs_version_cmp(order[i], order[j]);

			if (i == j)
				assert_int_equal(c, 0);
			else if (i < j)
				assert_true(c > 0);
			else
				assert_true(c < 0);
		}
}

static void expect_tags(struct vcs_repo *r, const char *rev, const char *pattern,
			const char *const *want, size_t nr)
{
	struct strvec tags = STRVEC_INIT, commits = STRVEC_INIT;

	assert_int_equal(vcs_release_tags(r, rev, pattern, &tags, &commits), 0);
	assert_int_equal(tags.nr, nr);
	assert_int_equal(commits.nr, nr);
	for (size_t i = 0; i < nr; i++) {
		char *c = rev_parse(want[i]);

		assert_string_equal(tags.v[i], want[i]);
		assert_string_equal(commits.v[i], c);
		free(c);
	}
	strvec_clear(&tags);
	strvec_clear(&commits);
}

static void test_release_tags(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	const char *all[] = { "v6.10", "v6.2", "v6.1", "v5.19" };
	const char *at_side[] = { "v6.1", "v5.19" };
	const char *rc[] = { "v6.10", "v6.10-rc2", "v6.2", "v6.1", "v6.1-rc1" };
	const char *dangling[] = { "v7.0", "v6.1", "v5.19" };

	(void)state;
	expect_tags(r, "HEAD", NULL, all, ARRAY_SIZE(all));
	expect_tags(r, "side", NULL, at_side, ARRAY_SIZE(at_side));
	expect_tags(r, "HEAD", "v6*", rc, ARRAY_SIZE(rc));
	expect_tags(r, "dangling", NULL, dangling, ARRAY_SIZE(dangling));
	expect_tags(r, "HEAD", "nomatch*", NULL, 0);
	vcs_close(r);
}

static void test_read_file(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(vcs_read_file(r, "v5.19", "README", &sb), 0);
	assert_string_equal(sb.buf, "hello\n");
	strbuf_reset(&sb);
	assert_int_equal(vcs_read_file(r, "v6.1", "src/prog.c", &sb), 0);
	assert_non_null(strstr(sb.buf, "tail"));
	strbuf_reset(&sb);
	assert_int_equal(vcs_read_file(r, "v6.10", "bin.dat", &sb), 0);
	assert_int_equal(sb.len, 29);
	strbuf_reset(&sb);
	/* absent: -1 and nothing printed (quiet) */
	assert_int_equal(vcs_read_file(r, "HEAD", "README", &sb), -1);
	assert_int_equal(vcs_read_file(r, "HEAD", "src", &sb), -1);
	assert_int_equal(vcs_read_file(r, "no-such-rev", "README", &sb), -1);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	vcs_close(r);
}

/* trees and blobs by id, against git ls-tree / rev-parse / cat-file */
static int ls_one(void *data, const struct vcs_tree_entry *e)
{
	strbuf_addf(data, "%06o %s %s\t%s\n", e->mode,
		    e->mode == VCS_MODE_TREE ? "tree" : e->mode == VCS_MODE_COMMIT ? "commit" : "blob",
		    e->id, e->name);
	return 0;
}

static int stop_at_two(void *data, const struct vcs_tree_entry *e)
{
	(void)e;
	return ++*(int *)data == 2 ? 7 : 0;
}

static void test_tree_ids(void **state)
{
	struct vcs_repo *r = vcs_open(repo_dir);
	struct strbuf sb = STRBUF_INIT;
	char id[VCS_HEXSZ + 1], *want;
	unsigned mode = 0;
	int n = 0;

	(void)state;
	assert_int_equal(vcs_commit_tree_id(r, "v6.1", id), 0);
	want = trim(GIT("rev-parse", "v6.1^{tree}"));
	assert_string_equal(id, want);
	free(want);
	assert_int_equal(vcs_tree_foreach(r, id, ls_one, &sb), 0);
	want = GIT("ls-tree", "v6.1");
	assert_string_equal(sb.buf, want);
	free(want);
	/* a nonzero return stops the walk and is returned */
	assert_int_equal(vcs_tree_foreach(r, id, stop_at_two, &n), 7);
	assert_int_equal(n, 2);
	/* by path: a file, a directory, the root, absent */
	assert_int_equal(vcs_path_id(r, "v6.1", "src/prog.c", id, &mode), 0);
	assert_int_equal(mode, VCS_MODE_BLOB);
	want = trim(GIT("rev-parse", "v6.1:src/prog.c"));
	assert_string_equal(id, want);
	free(want);
	strbuf_reset(&sb);
	assert_int_equal(vcs_read_blob(r, id, &sb), 0);
	want = GIT("cat-file", "blob", "v6.1:src/prog.c");
	assert_string_equal(sb.buf, want);
	free(want);
	assert_int_equal(vcs_path_id(r, "v6.1", "src", id, &mode), 0);
	assert_int_equal(mode, VCS_MODE_TREE);
	assert_int_equal(vcs_path_id(r, "v6.1", "", id, &mode), 0);
	want = trim(GIT("rev-parse", "v6.1^{tree}"));
	assert_string_equal(id, want);
	free(want);
	assert_int_equal(vcs_path_id(r, "v6.1", "no/such/file", id, &mode), 1);
	set_error_quiet(true);
	assert_int_equal(vcs_read_blob(r, "not-an-id", &sb), -1);
	assert_int_equal(vcs_tree_foreach(r, "0000000000000000000000000000000000000000", ls_one,
					  &sb), -1);
	set_error_quiet(false);
	strbuf_release(&sb);
	vcs_close(r);
}

/* fingerprint of a directory tree: every path, mode, size, mtime and content */
static struct strbuf *fp_out;

static int fp_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	strbuf_addf(fp_out, "%s %o %lld %lld.%09ld\n", path, st->st_mode, (long long)st->st_size,
		    (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	if (type == FTW_F)
		strbuf_read_file(fp_out, path);
	return 0;
}

static char *fingerprint(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;

	fp_out = &sb;
	assert_int_equal(nftw(dir, fp_one, 32, FTW_PHYS), 0);
	return strbuf_detach(&sb, NULL);
}

static double mtime_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
}

static void set_old_mtime(const char *path)
{
	struct timeval tv[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

	assert_int_equal(utimes(path, tv), 0);
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static void test_build_tree(void **state)
{
	char *before, *after, *tree = xstrfmt("%s/work/tree", tmp);
	char *p_readme = xstrfmt("%s/README", tree), *p_big = xstrfmt("%s/src/big.c", tree);
	char *p_prog = xstrfmt("%s/src/prog.c", tree), *p_main = xstrfmt("%s/src/main.c", tree);
	char *p_obj = xstrfmt("%s/src/big.o", tree), *p_out = xstrfmt("%s/out.bin", tree);
	char *p_gitignore = xstrfmt("%s/.gitignore", tree);
	struct vcs_repo *r;
	char *s;

	(void)state;
	/* the user's checkout is dirty: it must stay exactly so */
	write_text("README", "local edit\n");
	write_text("untracked.txt", "mine\n");
	before = fingerprint(repo_dir);

	r = vcs_open(repo_dir);
	assert_non_null(r);
	assert_int_equal(vcs_build_tree_checkout(r, tree, "v6.1-rc1"), 0);
	s = slurp(p_readme);
	assert_string_equal(s, "hello\nworld\n");
	free(s);
	assert_true(file_exists(p_main));
	{
		char *alt = xstrfmt("%s/.git/objects/info/alternates", tree);
		char *objs = vcs_objects_dir(r);

		s = slurp(alt);
		assert_non_null(s);
		assert_non_null(strstr(s, objs));
		free(s);
		free(objs);
		free(alt);
	}

	/* build outputs (ignored and untracked), an old mtime, a local edit */
	assert_int_equal(write_file_atomic(p_obj, "obj", 3), 0);
	assert_int_equal(write_file_atomic(p_out, "out", 3), 0);
	set_old_mtime(p_gitignore);
	assert_int_equal(write_file_atomic(p_readme, "build touched it\n", 17), 0);

	/* v6.1: big.c changes, main.c -> prog.c, README unchanged vs rc1 */
	assert_int_equal(vcs_build_tree_checkout(r, tree, "v6.1"), 0);
	s = slurp(p_readme);
	assert_string_equal(s, "hello\nworld\n");	/* local edit forced away */
	free(s);
	assert_false(file_exists(p_main));		/* tracked before, not now */
	assert_true(file_exists(p_prog));
	s = slurp(p_big);
	assert_true(starts_with(s, "changed 0\n"));
	free(s);
	assert_true(file_exists(p_obj));		/* ignored output kept */
	assert_true(file_exists(p_out));		/* untracked output kept */
	assert_true(mtime_of(p_gitignore) < 1000000001); /* unchanged file not rewritten */

	/* the build tree's HEAD is detached at the commit, its status clean */
	{
		const char *args[] = { "rev-parse", "HEAD", NULL };
		const char *st[] = { "status", "--porcelain", "--untracked-files=no", NULL };
		char *want = rev_parse("v6.1");
		char *head = trim(git_in(tree, args, true));
		char *status = git_in(tree, st, true);

		assert_string_equal(head, want);
		assert_string_equal(status, "");
		free(want);
		free(head);
		free(status);
	}

	/* backwards in history and to a merge */
	assert_int_equal(vcs_build_tree_checkout(r, tree, "v5.19"), 0);
	assert_true(file_exists(p_main));
	assert_false(file_exists(p_big));
	assert_int_equal(vcs_build_tree_checkout(r, tree, "v6.2"), 0);
	s = xstrfmt("%s/side.txt", tree);
	assert_true(file_exists(s));
	free(s);
	set_error_quiet(true);
	assert_int_equal(vcs_build_tree_checkout(r, tree, "no-such-rev"), -1);
	assert_int_equal(vcs_build_tree_checkout(r, repo_dir, "HEAD"), -1);
	set_error_quiet(false);
	vcs_close(r);

	/* reopened from scratch: the existing build tree is reused, even after
	 * a kill -9 in the middle of a checkout (stale lock, half-moved files) */
	r = vcs_open(repo_dir);
	s = xstrfmt("%s/.git/index.lock", tree);
	assert_int_equal(write_file_atomic(s, "", 0), 0);
	free(s);
	assert_int_equal(write_file_atomic(p_prog, "half written", 12), 0);
	assert_int_equal(vcs_build_tree_checkout(r, tree, "v6.1"), 0);
	s = slurp(p_prog);
	assert_non_null(strstr(s, "tail"));
	free(s);
	assert_int_equal(vcs_build_tree_checkout(r, tree, "HEAD"), 0);
	assert_false(file_exists(p_readme));
	vcs_close(r);

	after = fingerprint(repo_dir);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* restore the fixture */
	s = xstrfmt("%s/untracked.txt", repo_dir);
	unlink(s);
	free(s);
	s = xstrfmt("%s/README", repo_dir);
	unlink(s);
	free(s);
	free(tree);
	free(p_readme);
	free(p_big);
	free(p_prog);
	free(p_main);
	free(p_obj);
	free(p_out);
	free(p_gitignore);
}

static void test_bare_repo(void **state)
{
	char *bare = xstrfmt("%s/bare.git", tmp), *tree = xstrfmt("%s/work/bare-tree", tmp);
	/* --shared: the bare clone borrows the fixture's objects (alternates) */
	const char *clone[] = { "clone", "-q", "--bare", "--shared", repo_dir, bare, NULL };
	char out[VCS_HEXSZ + 1], *want, *before, *after, *p;
	struct vcs_repo *r;
	struct vcs_dag dag;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	free(git_in(tmp, clone, true));
	before = fingerprint(bare);
	r = vcs_open(bare);
	assert_non_null(r);
	want = rev_parse("v6.2");
	assert_int_equal(vcs_resolve(r, "v6.2", out), 0);
	assert_string_equal(out, want);
	assert_int_equal(vcs_load_dag(r, "v6.2", NULL, 0, 0, &dag), 0);
	assert_string_equal(dag.hash[dag.nr - 1], want);
	vcs_dag_release(&dag);
	assert_int_equal(vcs_format_show_stat(r, "v6.2", &sb), 0);
	{
		const char *show[] = { "show", "--stat", "--format=medium", "v6.2", NULL };
		char *w = git_in(bare, show, true);

		assert_string_equal(sb.buf, w);
		free(w);
	}
	assert_int_equal(vcs_build_tree_checkout(r, tree, "v6.2"), 0);
	p = xstrfmt("%s/side.txt", tree);
	assert_true(file_exists(p));
	free(p);
	vcs_close(r);

	/* a build tree made for another repository is recreated, not trusted */
	{
		char *other = xstrfmt("%s/other", tmp);
		const char *init[] = { "init", "-q", other, NULL };
		const char *commit[] = { "commit", "-q", "--allow-empty", "-m", "other", NULL };
		struct vcs_repo *o;

		free(git_in(tmp, init, true));
		free(git_in(other, commit, true));
		o = vcs_open(other);
		assert_non_null(o);
		set_error_quiet(true);
		assert_int_equal(vcs_build_tree_checkout(o, tree, "HEAD"), 0);
		set_error_quiet(false);
		p = xstrfmt("%s/side.txt", tree);
		assert_false(file_exists(p));
		free(p);
		vcs_close(o);
		free(other);
	}
	after = fingerprint(bare);
	assert_string_equal(before, after);
	strbuf_release(&sb);
	free(before);
	free(after);
	free(want);
	free(bare);
	free(tree);
}

/* a shallow clone: what is there works, walks past the boundary fail cleanly */
static void test_shallow(void **state)
{
	char *url = xstrfmt("file://%s", repo_dir), *dir = xstrfmt("%s/shallow", tmp);
	const char *clone[] = { "clone", "-q", "--depth", "2", url, dir, NULL };
	struct vcs_repo *r;
	struct vcs_dag dag;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	free(git_in(tmp, clone, true));
	r = vcs_open(dir);
	assert_non_null(r);
	assert_int_equal(vcs_read_file(r, "HEAD", "bin.dat", &sb), 0);
	set_error_quiet(true);
	assert_int_equal(vcs_load_dag(r, "HEAD", NULL, 0, 0, &dag), -1);
	{
		const char *g[] = { "HEAD~1" };
		struct strvec t = STRVEC_INIT, c = STRVEC_INIT;

		assert_int_equal(vcs_load_dag(r, "HEAD", g, 1, 0, &dag), -1);
		assert_int_equal(vcs_release_tags(r, "HEAD", NULL, &t, &c), -1);
		strvec_clear(&t);
		strvec_clear(&c);
	}
	set_error_quiet(false);
	vcs_close(r);
	strbuf_release(&sb);
	free(url);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_commit_info),
		cmocka_unit_test(test_show_stat),
		cmocka_unit_test(test_changed_files),
		cmocka_unit_test(test_load_dag),
		cmocka_unit_test(test_is_ancestor),
		cmocka_unit_test(test_merge_bases),
		cmocka_unit_test(test_version_cmp),
		cmocka_unit_test(test_release_tags),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_tree_ids),
		cmocka_unit_test(test_build_tree),
		cmocka_unit_test(test_bare_repo),
		cmocka_unit_test(test_shallow),
	};

	return cmocka_run_group_tests(tests, setup_repo, teardown_repo);
}
