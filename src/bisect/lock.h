/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lock.h - one owner per work directory.
 *
 * Two processes that build in the same tree and append to the same
 * journal credit one commit's runs to another: a work directory has one
 * owner for the life of the process. The owner holds an flock() on
 * <workdir>/lock (released by the kernel however the process ends, never
 * inherited by children: the descriptor is close-on-exec), and the file
 * says who it is: "<pid> <token>\n".
 *
 * The token is also in the environment of every child the owner starts
 * (children_set_marker(), src/util/run.h), so the next owner, once it
 * holds the lock, kills what a dead owner left running (a kill -9 reaches
 * only the direct children: make -> cc1 or sh -> sleep go on, writing
 * into the build tree the new owner is about to check out).
 *
 * A work directory of another user is refused, and so is a lock file
 * that is a symbolic link.
 *
 *	struct workdir_lock *l;
 *	int r = workdir_lock(dir, false, &l);	// 0, LOCK_ERR_INPUT or LOCK_ERR_INFRA
 *	...
 *	workdir_unlock(l);
 */
#ifndef CULPRIT_BISECT_LOCK_H
#define CULPRIT_BISECT_LOCK_H

#include <stdbool.h>

/* the work directory cannot be used: the job is wrong (exit 2) */
/*
 * The environment entry every child of the owner carries (children_set_marker());
 * a new owner kills the processes that carry the last owner's
 */
#define LOCK_MARKER_NAME "CULPRIT_WORKDIR_OWNER"

#define LOCK_ERR_INPUT (-1)
/* another process holds it, or it cannot be created (exit 4) */
#define LOCK_ERR_INFRA (-2)

struct workdir_lock;

/*
 * Create `workdir` if needed and become its owner. When another process
 * owns it: wait for it (`wait`, saying so once on stderr) or fail with an
 * error that names its pid. Returns 0 with *out set, or LOCK_ERR_* after
 * error().
 */
int workdir_lock(const char *workdir, bool wait, struct workdir_lock **out);

/*
 * The job could not start (disk full...): on unlock, remove what this
 * process created (the work directory when it made it, else the lock file
 * when it made that), so a failed start leaves nothing behind.
 */
void workdir_lock_discard(struct workdir_lock *l);

/* Give up the work directory (NULL: nothing). */
void workdir_unlock(struct workdir_lock *l);

/* the pid written in <workdir>/lock, or 0 (for messages and tests) */
int workdir_lock_holder(const char *workdir);

#endif
