/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write.h - writing git history through libgit2: creating a repository,
 * importing a directory as a tree, editing trees, commits, refs and tags.
 *
 * Used to generate repositories (the embedded demo kernel history, test
 * fixtures); bisection itself never writes to the user's repository.
 *
 *	struct vcs_writer *w = vcs_writer_open(path, true);   // bare repo
 *	vcs_write_tree_from_dir(w, srcdir, tree);              // every file, forced
 *	vcs_write_commit(w, tree, NULL, 0, &who, &who, "msg\n", commit);
 *	struct vcs_edit e = { .path = "mm/x.c", .data = buf, .len = n };
 *	vcs_write_tree_edit(w, tree, &e, 1, tree2);            // only that path
 *	vcs_write_ref(w, "refs/heads/master", commit2);
 *	vcs_write_tag(w, "v1.0", commit2, &who, "v1.0\n");
 *	vcs_writer_close(w);
 *
 * Objects depend only on contents, names and the given times, so the same
 * inputs always give the same hashes. Hashes are 40-hex-digit strings.
 * All int functions return 0, or -1 after error().
 */
#ifndef CULPRIT_VCS_WRITE_H
#define CULPRIT_VCS_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vcs.h"

struct vcs_writer;

/*
 * Open the repository at `path` (a bare repository when it is created
 * because `create` is true and nothing is there). NULL after error().
 */
struct vcs_writer *vcs_writer_open(const char *path, bool create);
void vcs_writer_close(struct vcs_writer *w);

/* Add the objects directory `objects_dir` as an alternate (info/alternates). */
int vcs_write_alternate(struct vcs_writer *w, const char *objects_dir);

/*
 * Write every file under `dir` (regular files with their executable bit,
 * symlinks; ignore rules do not apply; ".git" entries and empty directories
 * are left out) and return the root tree.
 */
int vcs_write_tree_from_dir(struct vcs_writer *w, const char *dir, char tree[VCS_HEXSZ + 1]);

struct vcs_edit {
	const char *path;	/* "dir/file" relative to the root */
	const void *data;	/* new content (ignored when remove) */
	size_t len;
	bool remove;		/* delete the path */
	bool executable;
};

/* A new tree: `base` with the edits applied (only the touched paths are rewritten). */
int vcs_write_tree_edit(struct vcs_writer *w, const char *base, const struct vcs_edit *edits,
			size_t nr, char tree[VCS_HEXSZ + 1]);

/* Content of `path` in `tree` (a tree or commit hash) into out; -1 (quiet) if absent. */
int vcs_write_read_file(struct vcs_writer *w, const char *tree, const char *path,
			struct strbuf *out);

struct vcs_person {
	const char *name, *email;
	int64_t time;		/* seconds since the epoch */
	int tz;			/* minutes east of UTC */
};

int vcs_write_commit(struct vcs_writer *w, const char *tree, const char *const *parents,
		     size_t parents_nr, const struct vcs_person *author,
		     const struct vcs_person *committer, const char *message,
		     char commit[VCS_HEXSZ + 1]);

/* Create or move `refname` ("refs/heads/x") to `commit`; HEAD is pointed at it. */
int vcs_write_ref(struct vcs_writer *w, const char *refname, const char *commit);

/* Annotated tag `name` on `commit` (replaced if it exists). */
int vcs_write_tag(struct vcs_writer *w, const char *name, const char *commit,
		  const struct vcs_person *tagger, const char *message);

#endif
