/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcs_fixture.h - the repository every test of test_vcs.c reads: git run
 * through util/run.h, small file and commit helpers, and setup_repo(),
 * which builds tags, merges, renames over git's limits, packs and a
 * dangling branch. Included by test_vcs.c only (static functions).
 */
#ifndef CULPRIT_TEST_VCS_FIXTURE_H
#define CULPRIT_TEST_VCS_FIXTURE_H

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

#endif
