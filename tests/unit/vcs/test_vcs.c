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

static char tmp[256];	/* the test's temp dir (HOME of every git call too) */
static char repo_dir[300];
static int clock_tick;
static size_t git_out_len;	/* length of the last git_in() output (it may hold NULs) */

/* Run git in `dir` with a clean, deterministic environment; returns stdout. */
static char *git_in(const char *dir, const char *const *args, bool must_pass)
{
	struct child c = CHILD_INIT;
	char *out;

	strvec_push(&c.args, "git");
	for (; *args; args++)
		strvec_push(&c.args, *args);
	strvec_pushf(&c.env, "HOME=%s", tmp);
	strvec_push(&c.env, "GIT_CONFIG_NOSYSTEM=1");
	strvec_push(&c.env, "COLUMNS");
	strvec_push(&c.env, "GIT_PAGER=cat");
	strvec_push(&c.env, "LC_ALL=C");
	strvec_push(&c.env, "TZ=UTC");
	strvec_push(&c.env, "GIT_AUTHOR_NAME=Ann Author");
	strvec_push(&c.env, "GIT_AUTHOR_EMAIL=ann@example.com");
	strvec_push(&c.env, "GIT_COMMITTER_NAME=Cy Committer");
	strvec_push(&c.env, "GIT_COMMITTER_EMAIL=cy@example.com");
	/* distinct, increasing dates in a zone west of UTC */
	strvec_pushf(&c.env, "GIT_AUTHOR_DATE=%d -0800", 1600000000 + clock_tick * 3600);
	strvec_pushf(&c.env, "GIT_COMMITTER_DATE=%d +0530", 1600000000 + clock_tick * 3600);
	clock_tick++;
	c.dir = dir;
	c.timeout = 60;
	assert_int_equal(child_run(&c), 0);
	if (must_pass && !child_ok(&c))
		fail_msg("git %s failed: %s", c.args.v[1], c.err.buf);
	out = must_pass || child_ok(&c) ? strbuf_detach(&c.out, &git_out_len) : NULL;
	child_release(&c);
	return out;
}

#define GIT(...) git_in(repo_dir, (const char *const[]){ __VA_ARGS__, NULL }, true)
#define GIT_RUN(...) free(GIT(__VA_ARGS__))

static char *trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

static char *rev_parse(const char *rev)
{
	char *spec = xstrfmt("%s^{commit}", rev);
	char *out = trim(GIT("rev-parse", "--verify", spec));

	free(spec);
	return out;
}

static void write_bytes(const char *rel, const char *text, size_t len)
{
	char *p = xstrfmt("%s/%s", repo_dir, rel);
	char *d = xstrdup(p);

	*strrchr(d, '/') = '\0';
	assert_int_equal(mkdir_p(d, 0777), 0);
	{
		/* plain stdio: write_file_atomic() fsyncs, too slow for thousands of files */
		FILE *f = fopen(p, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(text, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
	}
	free(d);
	free(p);
}

static void write_text(const char *rel, const char *text)
{
	write_bytes(rel, text, strlen(text));
}

static void commit_all(const char *msg)
{
	GIT_RUN("add", "-A");
	GIT_RUN("commit", "-q", "--allow-empty", "-m", msg);
}

static char *lines(int n, const char *fmt)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n; i++) {
		strbuf_addf(&sb, fmt, i);
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * The fixture history (main line, a side branch merged back, tags):
 *   root: a few files; v5.19
 *   many small and big changes (diffstat scaling), binary file, rename,
 *   a long path (name truncation), tabs and trailers in messages,
 *   v6.1-rc1, v6.1 (annotated), side branch + merge, v6.2, v6.10, an
 *   unreachable tag on a dangling branch.
 */
static int setup_repo(void **state)
{
	char *t;

	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/culprit-test-vcs-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	snprintf(repo_dir, sizeof(repo_dir), "%s/repo", tmp);
	assert_int_equal(mkdir_p(repo_dir, 0777), 0);
	GIT_RUN("init", "-q", "-b", "master", ".");

	write_text("README", "hello\n");
	write_text("src/main.c", "int main(void)\n{\n\treturn 0;\n}\n");
	write_text(".gitignore", "*.o\n");
	commit_all("root commit\n\nThe first one.");
	GIT_RUN("tag", "v5.19");

	t = lines(300, "line %d");
	write_text("src/big.c", t);
	free(t);
	write_text("README", "hello\nworld\n");
	commit_all("add a big file\n\nwith a body\tand a tab\n\n\tindented\tline\n"
		   "x\ty\n\nSigned-off-by: Ann Author <ann@example.com>\n"
		   "Reported-by: syzbot+1234@syzkaller.appspotmail.com\n"
		   "Link: https://lore.kernel.org/r/1234");
	GIT_RUN("tag", "v6.1-rc1");

	t = lines(200, "changed %d");
	write_text("src/big.c", t);
	free(t);
	write_text("drivers/a/very/long/path/name/that/goes/on/and/on/for/ever/file_name.c",
		   "x\n");
	write_bytes("bin.dat", "\x01\x02\x00\x03 binary", 11);
	commit_all("change lots\n\nNot: a trailer here\n\nbecause this paragraph is prose.");

	GIT_RUN("mv", "src/main.c", "src/prog.c");
	write_text("src/prog.c", "int main(void)\n{\n\treturn 0;\n}\n/* tail */\n");
	commit_all("rename main.c   \n\n\n\ntrailing blank lines\n\n\n");
	GIT_RUN("tag", "-a", "-m", "Linux 6.1", "v6.1");

	GIT_RUN("checkout", "-q", "-b", "side");
	write_text("side.txt", "side\n");
	commit_all("side work");
	write_text("side.txt", "side\nmore\n");
	commit_all("more side work\n\nSigned-off-by: Sid <sid@example.com>");
	GIT_RUN("checkout", "-q", "master");
	write_text("README", "hello\nworld\nagain\n");
	commit_all("master work");
	GIT_RUN("merge", "-q", "--no-ff", "-m", "Merge branch 'side'", "side");
	GIT_RUN("tag", "v6.2");
	commit_all("empty commit");
	write_bytes("bin.dat", "\x01\x02\x00\x03 binary changed and longer", 29);
	GIT_RUN("rm", "-q", "README");
	commit_all("binary change, delete README");
	GIT_RUN("tag", "-a", "-m", "Linux 6.10", "v6.10");
	GIT_RUN("tag", "v6.10-rc2", "HEAD~1");
	GIT_RUN("tag", "not-a-release");

	/* diffstat corner cases on a branch of their own */
	GIT_RUN("checkout", "-q", "-b", "extra", "v6.10");
	GIT_RUN("mv", "src/prog.c", "src/program.c");
	write_text("src/program.c", "int main(void)\n{\n\treturn 1;\n}\n/* tail */\n");
	GIT_RUN("update-index", "--chmod=+x", "src/big.c");
	write_text("docs/index.txt", "docs\n");
	GIT_RUN("mv", "side.txt", "docs/side.txt");
	write_text("na\xc3\xafve file.txt", "unicode name\n");
	write_text("with space.txt", "space\n");
	write_text("tab\tname", "tab\n");
	for (int i = 0; i < 12; i++) {
		char name[64], *body = lines(i * 37 + 1, "row %d");

		snprintf(name, sizeof(name), "many/file%02d.h", i);
		write_text(name, body);
		free(body);
	}
	t = lines(1500, "x%d");
	write_text("huge.txt", t);
	free(t);
	write_text(".mailmap", "Ann Mapped <ann@mapped.org> <ann@example.com>\n");
	commit_all("assorted\n\n\tcode\tblock\n    spaces\t\tthen tabs\n"
		   "caf\xc3\xa9\tcol\n\xe6\x97\xa5\xe6\x9c\xac\tcjk\te\xcc\x81\tcombining\n"
		   "bad \xff utf8\tno expansion\n\n"
		   "Fixes: 0123456789ab (\"root commit\")\n"
		   "Cc: <stable@vger.kernel.org> # 6.1\n");
	t = lines(1499, "x%d");
	write_text("huge.txt", t);
	free(t);
	write_text("many/file00.h", "row 0\nrow 1\n");
	commit_all("one deletion in a huge file, one insertion in a small one");
	/* empty messages (git then prints no blank line after Date:), CRLF */
	GIT_RUN("commit", "-q", "--allow-empty", "--allow-empty-message", "-m", "");
	write_text("many/file01.h", "changed\n");
	GIT_RUN("add", "-A");
	GIT_RUN("commit", "-q", "--allow-empty-message", "-m", "");
	write_text("crlf.msg", "subject\r\n\r\nbody\r\n\r\nSigned-off-by: A <a@b>\r\n");
	{
		char *m = xstrfmt("%s/crlf.msg", repo_dir);

		GIT_RUN("commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", m);
		unlink(m);
		free(m);
	}
	GIT_RUN("checkout", "-q", "master");

	/*
	 * More than 2^14 packed objects (fast-import writes a pack; they stay
	 * unreachable and are never repacked here): git abbreviates to 8
	 * digits, as the "Merge:" line of the merge must (git counts packed
	 * objects only, alternates included).
	 */
	{
		struct strbuf fi = STRBUF_INIT;
		struct child c = CHILD_INIT;
		char *in = xstrfmt("%s/blobs.fi", tmp);

		for (int i = 0; i < 17000; i++)
			strbuf_addf(&fi, "blob\ndata %d\nblob %05d\n", 10, i);
		assert_int_equal(write_file_atomic(in, fi.buf, fi.len), 0);
		strvec_pushl(&c.args, "git", "fast-import", "--quiet", NULL);
		c.dir = repo_dir;
		c.stdin_path = in;
		c.timeout = 600; /* a loaded machine: fast-import of 17,000 blobs took over 120 s at load 30 */
		assert_int_equal(child_run(&c), 0);
		assert_true(child_ok(&c));
		child_release(&c);
		strbuf_release(&fi);
		free(in);
	}

	/*
	 * git's rename limit: 1010 edited moves make 1010x1010 candidate pairs,
	 * more than 1000x1000, so git shows them as deletions and additions;
	 * 900 of them are shown as renames.
	 */
	GIT_RUN("checkout", "-q", "-b", "limits", "v5.19");
	for (int i = 0; i < 1010; i++) {
		char name[64], text[128];

		snprintf(name, sizeof(name), "old/f%d", i);
		snprintf(text, sizeof(text), "file %d\nline two\nline three\nline four\nfive\n", i);
		write_text(name, text);
	}
	commit_all("many files");
	for (int n = 1010; n >= 900; n -= 110) {
		GIT_RUN("rm", "-rq", n == 1010 ? "old" : "new");
		for (int i = 0; i < n; i++) {
			char name[64], text[128];

			snprintf(name, sizeof(name), "%s/g%d", n == 1010 ? "new" : "old", i);
			snprintf(text, sizeof(text),
				 "file %d\nline two\nline three\nline four\nfive %d\n", i, n);
			write_text(name, text);
		}
		commit_all(n == 1010 ? "move 1010 files, over the rename limit"
				     : "move 900 files back, under the rename limit");
	}
	GIT_RUN("checkout", "-q", "master");

	GIT_RUN("checkout", "-q", "-b", "dangling", "v6.1");
	write_text("other.txt", "other\n");
	commit_all("dangling");
	GIT_RUN("tag", "v7.0");
	GIT_RUN("checkout", "-q", "master");
	return 0;
}

static int teardown_repo(void **state)
{
	(void)state;
	remove_tree(tmp);
	return 0;
}

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
