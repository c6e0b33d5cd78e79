// SPDX-License-Identifier: Apache-2.0
/*
 * Writing history with libgit2 (see write.h). Trees are built with tree
 * builders, one per directory, from the leaves up; edits go through
 * git_tree_create_updated(), which rewrites only the trees on the edited
 * paths, so a commit that touches three files costs three blobs and a few
 * trees whatever the size of the repository.
 */
#include "write.h"
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/strbuf.h"
#include "../util/util.h"

struct vcs_writer {
	git_repository *repo;
	char *path;
};

static int git_fail(const char *what)
{
	const git_error *e = git_error_last();

	return error("%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

static int parse_oid(git_oid *oid, const char *hex)
{
	if (!hex || strlen(hex) != VCS_HEXSZ || git_oid_fromstr(oid, hex) < 0)
		return error("bad object name '%s'", hex ? hex : "(null)");
	return 0;
}

struct vcs_writer *vcs_writer_open(const char *path, bool create)
{
	git_repository *repo = NULL;

	git_libgit2_init();
	if (git_repository_open(&repo, path) < 0) {
		if (!create) {
			git_fail(path);
			git_libgit2_shutdown();
			return NULL;
		}
		if (mkdir_p(path, 0777) < 0 || git_repository_init(&repo, path, 1) < 0) {
			git_fail(path);
			git_libgit2_shutdown();
			return NULL;
		}
	}
	struct vcs_writer *w = xcalloc(1, sizeof(*w));

	w->repo = repo;
	w->path = xstrdup(path);
	return w;
}

void vcs_writer_close(struct vcs_writer *w)
{
	if (!w)
		return;
	git_repository_free(w->repo);
	free(w->path);
	free(w);
	git_libgit2_shutdown();
}

int vcs_write_alternate(struct vcs_writer *w, const char *objects_dir)
{
	const char *gitdir = git_repository_path(w->repo);
	char *info = xstrfmt("%sobjects/info", gitdir);
	char *file = xstrfmt("%s/alternates", info);
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&sb, file) < 0)
		strbuf_reset(&sb);
	if (!strstr(sb.buf, objects_dir)) {
		if (sb.len && sb.buf[sb.len - 1] != '\n')
			strbuf_addch(&sb, '\n');
		strbuf_addf(&sb, "%s\n", objects_dir);
		ret = mkdir_p(info, 0777) < 0 ? -1 : write_file_atomic(file, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	free(info);
	free(file);
	if (ret)
		return ret;
	/* reopen so that the object database sees the alternate */
	git_repository *repo;

	if (git_repository_open(&repo, w->path) < 0)
		return git_fail(w->path);
	git_repository_free(w->repo);
	w->repo = repo;
	return 0;
}

/* Returns 1 when the directory holds something, 0 when empty, -1 on error. */
static int tree_from_dir(git_repository *repo, struct strbuf *path, git_oid *out)
{
	DIR *d = opendir(path->buf);
	git_treebuilder *tb = NULL;
	struct dirent *de;
	size_t base = path->len;
	int ret = -1;

	if (!d)
		return error("cannot open %s: %s", path->buf, strerror(errno));
	if (git_treebuilder_new(&tb, repo, NULL) < 0) {
		git_fail("treebuilder");
		goto out;
	}
	while ((de = readdir(d))) {
		struct stat st;
		git_oid oid;
		git_filemode_t mode;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		strbuf_setlen(path, base);
		strbuf_addf(path, "/%s", de->d_name);
		if (lstat(path->buf, &st) < 0) {
			error("cannot stat %s: %s", path->buf, strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			int r = tree_from_dir(repo, path, &oid);

			if (r < 0)
				goto out;
			if (!r)
				continue;
			mode = GIT_FILEMODE_TREE;
		} else if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t n = readlink(path->buf, target, sizeof(target));

			if (n < 0 || (size_t)n >= sizeof(target)) {
				error("cannot read link %s", path->buf);
				goto out;
			}
			if (git_blob_create_from_buffer(&oid, repo, target, n) < 0) {
				git_fail(path->buf);
				goto out;
			}
			mode = GIT_FILEMODE_LINK;
		} else if (S_ISREG(st.st_mode)) {
			if (git_blob_create_from_disk(&oid, repo, path->buf) < 0) {
				git_fail(path->buf);
				goto out;
			}
			mode = (st.st_mode & 0100) ? GIT_FILEMODE_BLOB_EXECUTABLE
						   : GIT_FILEMODE_BLOB;
		} else {
			continue;	/* sockets, fifos: not content */
		}
		if (git_treebuilder_insert(NULL, tb, de->d_name, &oid, mode) < 0) {
			git_fail(path->buf);
			goto out;
		}
	}
	if (!git_treebuilder_entrycount(tb)) {
		ret = 0;
		goto out;
	}
	if (git_treebuilder_write(out, tb) < 0) {
		git_fail("tree write");
		goto out;
	}
	ret = 1;
out:
	strbuf_setlen(path, base);
	git_treebuilder_free(tb);
	closedir(d);
	return ret;
}

int vcs_write_tree_from_dir(struct vcs_writer *w, const char *dir, char tree[VCS_HEXSZ + 1])
{
	struct strbuf path = STRBUF_INIT;
	git_oid oid;
	int r;

	strbuf_addstr(&path, dir);
	while (path.len > 1 && path.buf[path.len - 1] == '/')
		strbuf_setlen(&path, path.len - 1);
	r = tree_from_dir(w->repo, &path, &oid);
	strbuf_release(&path);
	if (r < 0)
		return -1;
	if (r == 0) {
		git_treebuilder *tb;

		if (git_treebuilder_new(&tb, w->repo, NULL) < 0)
			return git_fail("treebuilder");
		r = git_treebuilder_write(&oid, tb);
		git_treebuilder_free(tb);
		if (r < 0)
			return git_fail("tree write");
	}
	git_oid_tostr(tree, VCS_HEXSZ + 1, &oid);
	return 0;
}

static int lookup_tree(git_repository *repo, const char *hex, git_tree **tree)
{
	git_oid oid;
	git_object *obj;

	if (parse_oid(&oid, hex) < 0)
		return -1;
	if (git_object_lookup(&obj, repo, &oid, GIT_OBJECT_ANY) < 0)
		return git_fail(hex);
	int r = git_object_peel((git_object **)tree, obj, GIT_OBJECT_TREE);

	git_object_free(obj);
	return r < 0 ? git_fail(hex) : 0;
}

int vcs_write_tree_edit(struct vcs_writer *w, const char *base, const struct vcs_edit *edits,
			size_t nr, char tree[VCS_HEXSZ + 1])
{
	git_tree *baseline;
	git_tree_update *up;
	git_oid oid;
	int ret = -1;

	if (lookup_tree(w->repo, base, &baseline) < 0)
		return -1;
	up = xcalloc(nr ? nr : 1, sizeof(*up));
	for (size_t i = 0; i < nr; i++) {
		up[i].path = edits[i].path;
		if (edits[i].remove) {
			up[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = edits[i].executable ? GIT_FILEMODE_BLOB_EXECUTABLE
						     : GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&up[i].id, w->repo, edits[i].data,
						edits[i].len) < 0) {
			git_fail(edits[i].path);
			goto out;
		}
	}
	if (git_tree_create_updated(&oid, w->repo, baseline, nr, up) < 0) {
		git_fail("tree update");
		goto out;
	}
	git_oid_tostr(tree, VCS_HEXSZ + 1, &oid);
	ret = 0;
out:
	free(up);
	git_tree_free(baseline);
	return ret;
}

int vcs_write_read_file(struct vcs_writer *w, const char *tree, const char *path,
			struct strbuf *out)
{
	git_tree *t;
	int ret;

	if (lookup_tree(w->repo, tree, &t) < 0)
		return -1;
	ret = vcs_tree_read_blob(w->repo, t, path, out);
	git_tree_free(t);
	return ret;
}

static int make_sig(git_signature **sig, const struct vcs_person *p)
{
	if (git_signature_new(sig, p->name, p->email, (git_time_t)p->time, p->tz) < 0)
		return git_fail("signature");
	return 0;
}

int vcs_write_commit(struct vcs_writer *w, const char *tree, const char *const *parents,
		     size_t parents_nr, const struct vcs_person *author,
		     const struct vcs_person *committer, const char *message,
		     char commit[VCS_HEXSZ + 1])
{
	git_signature *a = NULL, *c = NULL;
	git_tree *t = NULL;
	git_commit **pc = xcalloc(parents_nr ? parents_nr : 1, sizeof(*pc));
	git_oid oid;
	int ret = -1;

	if (lookup_tree(w->repo, tree, &t) < 0)
		goto out;
	for (size_t i = 0; i < parents_nr; i++) {
		if (parse_oid(&oid, parents[i]) < 0)
			goto out;
		if (git_commit_lookup(&pc[i], w->repo, &oid) < 0) {
			git_fail(parents[i]);
			goto out;
		}
	}
	if (make_sig(&a, author) < 0 || make_sig(&c, committer) < 0)
		goto out;
	if (git_commit_create(&oid, w->repo, NULL, a, c, "UTF-8", message, t, parents_nr,
			      (const git_commit **)pc) < 0) {
		git_fail("commit");
		goto out;
	}
	git_oid_tostr(commit, VCS_HEXSZ + 1, &oid);
	ret = 0;
out:
	for (size_t i = 0; i < parents_nr; i++)
		git_commit_free(pc[i]);
	free(pc);
	git_signature_free(a);
	git_signature_free(c);
	git_tree_free(t);
	return ret;
}

int vcs_write_ref(struct vcs_writer *w, const char *refname, const char *commit)
{
	git_reference *ref = NULL;
	git_oid oid;

	if (parse_oid(&oid, commit) < 0)
		return -1;
	if (git_reference_create(&ref, w->repo, refname, &oid, 1, "culprit") < 0)
		return git_fail(refname);
	git_reference_free(ref);
	if (git_repository_set_head(w->repo, refname) < 0)
		return git_fail("HEAD");
	return 0;
}

int vcs_write_tag(struct vcs_writer *w, const char *name, const char *commit,
		  const struct vcs_person *tagger, const char *message)
{
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_oid oid;
	int ret = -1;

	if (parse_oid(&oid, commit) < 0)
		return -1;
	if (git_object_lookup(&target, w->repo, &oid, GIT_OBJECT_COMMIT) < 0) {
		git_fail(commit);
		goto out;
	}
	if (make_sig(&sig, tagger) < 0)
		goto out;
	if (git_tag_create(&oid, w->repo, name, target, sig, message, 1) < 0) {
		git_fail(name);
		goto out;
	}
	ret = 0;
out:
	git_signature_free(sig);
	git_object_free(target);
	return ret;
}
