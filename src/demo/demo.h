/* SPDX-License-Identifier: Apache-2.0 */
/*
 * demo.h - the embedded demo: a generated Linux kernel history with a real
 * bug to bisect (`culprit demo`, `make demo`, the kernel e2e tests).
 *
 * demo_prepare() builds, once, in <cache>/demo/:
 *   - base.git: Debian's linux-source-6.1 tree as one root commit, tagged
 *     with its release (v6.1.192); Debian's packaging stanza at the end of
 *     .gitignore (which hides the whole tree from git) is dropped, and the
 *     commit message says so;
 *   - config: tinyconfig + the culprit fragment + olddefconfig;
 *   - repro.c: the reproducer (migrate_pages(2) twice);
 *   - h<N>-<seed>.git: N generated commits on top of the base (objects
 *     borrowed from base.git through alternates), deterministic for a seed:
 *     comment-only edits of built files that move no line, real code edits
 *     of built files (printk strings), edits of drivers the config does not
 *     build and of documentation, release commits ("Linux 6.1.193", the
 *     Makefile's SUBLEVEL) tagged every ~N/6 commits, a build break fixed
 *     three commits later, an unrelated crash (a WARN_ON_ONCE the
 *     reproducer hits) added and removed again before the culprit, and the
 *     culprit: kernel_migrate_pages() calling mm_access() under
 *     rcu_read_lock(), which sleeps in atomic context.
 * What was injected where is recorded in h<N>-<seed>.git/demo.info and
 * returned in struct demo_repo. Generation is locked (flock) against
 * concurrent culprit processes; a finished history is reused as is.
 */
#ifndef CULPRIT_DEMO_H
#define CULPRIT_DEMO_H

#include <stdbool.h>
#include <stdint.h>
#include "../vcs/vcs.h"

struct demo_opts {
	const char *cache;	/* NULL: cache_dir() */
	const char *tarball;	/* NULL: /usr/src/linux-source-6.1.tar.xz */
	int commits;		/* generated commits on top of the base; 0: 240 */
	uint64_t seed;		/* 0: the default seed */
	bool verbose;		/* progress on stderr */
};

struct demo_repo {
	char *dir;		/* the repository to bisect */
	char *config;		/* kernel .config */
	char *repro;		/* reproducer C source */
	int commits;
	char base[VCS_HEXSZ + 1];	/* the imported tree (a good commit) */
	char bad[VCS_HEXSZ + 1];	/* the newest commit (crashes) */
	char culprit[VCS_HEXSZ + 1];	/* the injected bug */
	char break_commit[VCS_HEXSZ + 1], break_fix[VCS_HEXSZ + 1];
	char warn_commit[VCS_HEXSZ + 1], warn_fix[VCS_HEXSZ + 1];
	char *culprit_subject;
};

int demo_prepare(const struct demo_opts *opts, struct demo_repo *out);
void demo_repo_release(struct demo_repo *r);

/* The reproducer's C source (src/demo/repro.c). */
extern const char demo_repro_source[];

#endif
