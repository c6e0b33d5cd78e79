// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the history writer the demo generator is built on
 * (src/vcs/write.h): import a directory (executable bits, symlinks, dot
 * files, no .git, no empty directories), edit a few paths of a tree,
 * commit, tag, alternates; read back through src/vcs/ (libgit2) and check
 * that the same inputs give the same hashes.
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

#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"
#include "vcs/vcs.h"
#include "vcs/write.h"

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

static void make_tree(const char *src)
{
	char *p;

	put(src, "Makefile", "SUBLEVEL = 1\n");
	put(src, ".gitignore", ".*\n");
	put(src, "mm/a.c", "int a;\n");
	put(src, "scripts/run.sh", "#!/bin/sh\n");
	put(src, ".git/HEAD", "not a repository\n");
	p = xstrfmt("%s/scripts/run.sh", src);
	assert_int_equal(chmod(p, 0755), 0);
	free(p);
	p = xstrfmt("%s/mm/link.c", src);
	assert_int_equal(symlink("a.c", p), 0);
	free(p);
	p = xstrfmt("%s/empty/deeper", src);
	assert_int_equal(mkdir_p(p, 0777), 0);
	free(p);
}

static void test_history_write(void **state)
{
	char dir[] = "/tmp/culprit-test-history-XXXXXX";
	struct vcs_person who = { "A U Thor", "a@example.org", 1767614400, 60 };
	char tree[VCS_HEXSZ + 1], tree2[VCS_HEXSZ + 1], c1[VCS_HEXSZ + 1], c2[VCS_HEXSZ + 1];
	char again[VCS_HEXSZ + 1], c1b[VCS_HEXSZ + 1], out[VCS_HEXSZ + 1];
	struct strbuf sb = STRBUF_INIT;
	struct strvec tags = STRVEC_INIT, tag_commits = STRVEC_INIT, paths = STRVEC_INIT;
	struct vcs_writer *w;
	struct vcs_repo *repo;
	char *src, *git, *git2, *objects;

	(void)state;
	assert_non_null(mkdtemp(dir));
	src = xstrfmt("%s/src", dir);
	git = xstrfmt("%s/base.git", dir);
	git2 = xstrfmt("%s/hist.git", dir);
	objects = xstrfmt("%s/objects", git);
	make_tree(src);

	w = vcs_writer_open(git, true);
	assert_non_null(w);
	assert_int_equal(vcs_write_tree_from_dir(w, src, tree), 0);
	/* the same directory gives the same tree */
	assert_int_equal(vcs_write_tree_from_dir(w, src, again), 0);
	assert_string_equal(tree, again);
	assert_int_equal(vcs_write_commit(w, tree, NULL, 0, &who, &who, "Linux 6.1.1\n", c1), 0);
	assert_int_equal(vcs_write_commit(w, tree, NULL, 0, &who, &who, "Linux 6.1.1\n", c1b), 0);
	assert_string_equal(c1, c1b);
	assert_int_equal(vcs_write_ref(w, "refs/heads/master", c1), 0);
	assert_int_equal(vcs_write_tag(w, "v6.1.1", c1, &who, "Linux 6.1.1\n"), 0);
	/* ignore rules do not apply; .git and empty directories are left out */
	assert_int_equal(vcs_write_read_file(w, c1, ".gitignore", &sb), 0);
	assert_string_equal(sb.buf, ".*\n");
	strbuf_reset(&sb);
	set_error_quiet(true);
	assert_int_equal(vcs_write_read_file(w, c1, ".git/HEAD", &sb), -1);
	assert_int_equal(vcs_write_read_file(w, c1, "empty/deeper", &sb), -1);
	assert_int_equal(vcs_write_read_file(w, tree, "nope.c", &sb), -1);
	set_error_quiet(false);
	vcs_writer_close(w);

	/* a second repository borrowing the objects, with an edit on top */
	w = vcs_writer_open(git2, true);
	assert_non_null(w);
	assert_int_equal(vcs_write_alternate(w, objects), 0);
	struct vcs_edit edits[] = {
		{ .path = "mm/a.c", .data = "int a = 1;\n", .len = 11 },
		{ .path = "mm/new/b.c", .data = "int b;\n", .len = 7 },
		{ .path = "scripts/run.sh", .remove = true },
	};
	assert_int_equal(vcs_write_tree_edit(w, c1, edits, ARRAY_SIZE(edits), tree2), 0);
	const char *parents[] = { c1 };

	assert_int_equal(vcs_write_commit(w, tree2, parents, 1, &who, &who,
					  "mm: change a\n\nSigned-off-by: A U Thor <a@example.org>\n",
					  c2), 0);
	assert_int_equal(vcs_write_ref(w, "refs/heads/master", c2), 0);
	assert_int_equal(vcs_write_tag(w, "v6.1.1", c1, &who, "Linux 6.1.1\n"), 0);
	assert_int_equal(vcs_write_tag(w, "v6.1.2", c2, &who, "Linux 6.1.2\n"), 0);
	vcs_writer_close(w);

	/* read back through src/vcs/ */
	repo = vcs_open(git2);
	assert_non_null(repo);
	assert_int_equal(vcs_resolve(repo, "HEAD", out), 0);
	assert_string_equal(out, c2);
	assert_int_equal(vcs_resolve(repo, "v6.1.1", out), 0);
	assert_string_equal(out, c1);
	assert_int_equal(vcs_read_file(repo, c2, "mm/a.c", &sb), 0);
	assert_string_equal(sb.buf, "int a = 1;\n");
	strbuf_reset(&sb);
	assert_int_equal(vcs_read_file(repo, c2, "mm/new/b.c", &sb), 0);
	strbuf_reset(&sb);
	assert_int_equal(vcs_read_file(repo, c2, "scripts/run.sh", &sb), -1);
	assert_int_equal(vcs_read_file(repo, c1, "scripts/run.sh", &sb), 0);
	strbuf_reset(&sb);
	assert_int_equal(vcs_read_file(repo, c1, "mm/link.c", &sb), 0);
	assert_string_equal(sb.buf, "a.c");	/* a symlink's blob is its target */
	assert_int_equal(vcs_changed_files(repo, c2, &paths), 0);
	assert_int_equal(paths.nr, 3);
	assert_int_equal(vcs_release_tags(repo, c2, NULL, &tags, &tag_commits), 0);
	assert_int_equal(tags.nr, 2);
	assert_string_equal(tags.v[0], "v6.1.2");
	assert_string_equal(tag_commits.v[0], c2);
	assert_string_equal(tags.v[1], "v6.1.1");
	vcs_close(repo);

	strbuf_release(&sb);
	strvec_clear(&tags);
	strvec_clear(&tag_commits);
	strvec_clear(&paths);
	remove_tree(dir);
	free(src);
	free(git);
	free(git2);
	free(objects);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
