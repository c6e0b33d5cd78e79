/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buildkey.h - input-addressed builds: which commits build the same kernel,
 * known before building them (issue 12, section 1).
 *
 * WHAT A KEY IS
 * A build reads files: sources, headers, Makefiles, Kconfig files,
 * scripts. kbuild records most of them itself: next to every object in the
 * O= directory a ".<target>.cmd" file holds the command line and the
 * source and every header the compiler read (gcc -MD, through fixdep);
 * include/config/auto.conf.cmd lists the Kconfig files. A build key of a
 * commit is a SHA-256 over the git blob ids, at that commit, of every file
 * of that "input set", plus what the set knows nothing about (the context:
 * arch, targets, compiler and its identity, the job's .config). Blob ids
 * come from tree lookups in the object database: no checkout. Two commits
 * with equal keys build the same kernel, so a commit whose key equals its
 * parent's cannot be the culprit and the evidence of one is the other's.
 *
 * THE INPUT SET (struct buildkey_set), learnt from one successful build:
 *  - every file in the deps_ and source_ lines of the .cmd files (class
 *    "compiled": read by a compiler through #include);
 *  - the build system (class "build"): Makefile* and Kbuild* of every
 *    directory kbuild descended into (and the absence of a Kbuild that would
 *    take precedence), the Kconfig files of auto.conf.cmd, files named on
 *    the command lines of other targets (syscall tables, gen_initramfs.sh
 *    inputs, the atomic headers' checks), files a string of the .config
 *    names, and whole subtrees (their tree ids): scripts/, and for objtool
 *    tools/build, tools/scripts, tools/<tool>, tools/lib/<lib>;
 *  - directory listings (names and types, not contents) of the directories
 *    cpp searches (the -I/-iquote/-isystem directories and their
 *    subdirectories on the way to each header, the directories of the files
 *    read) and of the directories kbuild descended into, restricted to the
 *    names the build could look up (components of every include target and
 *    __has_include argument of the files read, of every path of the set,
 *    tokens of the Makefiles and Kconfig files, Makefile*, Kbuild*,
 *    Kconfig*). A directory whose Makefile uses $(wildcard) counts whole.
 * Files outside the tree (the compiler's headers, system headers for host
 * programs) count through the compiler identity in the context. Generated
 * files (include/generated, asm-offsets.h, generated asm wrappers) are
 * functions of the set.
 *
 * WHEN A SET VOUCHES FOR A COMMIT ("exact" keys)
 * The set was learnt at commit L. At another commit C it is the exact list
 * of what C's build reads when C differs from L only in (a) compiled files
 * whose directive lines are the same (cppscan.h: #include, #define, #if ...
 * unchanged, only code and comments differ), and (b) the version lines of
 * the top Makefile (VERSION, PATCHLEVEL, SUBLEVEL, EXTRAVERSION, NAME),
 * unless a file the set reads tests the version in a directive. Then C's
 * key is exact: equal exact keys (of any sets with the same structure) mean
 * the same files with the same contents are read: the same kernel. In every
 * other case - a build-system file changed, a file added or removed where
 * cpp or kbuild looks, a compiled file added, removed, turned into a
 * symlink, or with other directive lines, another compiler or config - the
 * set is STALE for C and C gets a unique key ("u1:<commit>"): never equal to
 * another commit's. When in doubt, a new key.
 * What makes a set stale is exactly that list. The cure is another set: a
 * commit with a unique key gets built (it differs from its neighbours
 * anyway, or cannot be vouched for), and its own build is learnt. Keys of
 * commits the older sets vouch for do not change when sets are added.
 *
 * SECOND LEVEL: PREPROCESSED KEYS ("p1:")
 * For a commit the set vouches for, every translation unit that reads a
 * changed file is preprocessed (gcc -E, its recorded command line, in a
 * scratch tree holding its inputs at that commit and the generated headers
 * of L's build) and the output hashed; a unit whose output equals its
 * output at L drops out of the key, the others are in it with their
 * output's hash (and the top Makefile's blob id when its version lines
 * differ from L's). Equal preprocessed output is an equal object:
 * comment-only changes that move no line vanish, a change that moves a
 * line does not (line markers, __LINE__). Only compiler invocations with
 * -c, or the -E of linker scripts, qualify; any other affected target (a
 * .s that generates a header), or, when the version differs from L's, a
 * unit that reads the generated version headers, leaves the commit at its
 * first-level key.
 *
 * COSTS (the demo kernel, 2 shared cores; bench/kernel-buildkey.sh)
 *  - buildkey_learn_kbuild(): 6 s once per build learnt (the first build of
 *    a job, then builds of commits with unique keys): 1474 .cmd files, 5297
 *    files in the set (2936 compiled), 13378 directories, 81k names; the
 *    saved set is 8.6 MB, level 2's generated headers 1 MB.
 *  - buildkeys_of(), first level: a walk of the changed directories only
 *    (an unchanged subtree keeps its tree id, its learnt digest is reused):
 *    5 ms per commit (the 240 demo commits in 1.2 s).
 *  - second level: one gcc -E (0.35 s of CPU) per changed translation unit
 *    and state, memoised by the blob ids it reads; the first call also
 *    writes the scratch tree (the 2936 compiled files, 3-5 s). The 240 demo
 *    commits: 156 runs, 0.46 s per commit on average. It merges comment-only
 *    commits (54 classes instead of 139), so it pays when it saves one
 *    build (10-40 s) per ~50 commits keyed: compute the first level for the
 *    whole range, the second where a class boundary matters.
 *
 * USE (the engine)
 *	struct buildkeys *bk = buildkeys_new(repo);
 *	... after the first successful build of commit L in tree/kbuild:
 *	struct buildkey_learn_opts lo = { .kbuild = kb, .tree = tree, .commit = L,
 *					  .context = ctx, .compilers = ccs, .dir = d };
 *	if (buildkey_learn_kbuild(repo, &lo, &set) == 0)
 *		buildkeys_add_set(bk, set);		// bk owns it; save it for resume
 *	for each commit c: buildkeys_of(bk, c, context_of(c), true, &keys[i]);
 *	n = buildkey_classes(keys, nr, class_of);	// classes of equal keys
 *	buildkey_same(&keys[i], &keys[parent]);		// a no-op commit
 * Keys are strings: journal them; sets are saved with buildkey_set_save()
 * and reloaded with buildkey_set_load() on resume.
 * A struct buildkeys is not thread-safe: call it from one thread.
 */
#ifndef CULPRIT_BUILD_BUILDKEY_H
#define CULPRIT_BUILD_BUILDKEY_H

#include <stdbool.h>
#include <stddef.h>
#include "../vcs/vcs.h"

struct buildkey_set;
struct buildkeys;

struct buildkey_learn_opts {
	const char *kbuild;	/* O= directory of a successful build */
	const char *tree;	/* the source tree it was built from */
	const char *commit;	/* the commit checked out there */
	const char *context;	/* see kernel_builder_context() */
	/* compilers level 2 may run (argv[0] after "ccache"); NULL: no level 2 */
	const char *const *compilers;
	/* where level 2 keeps its scratch tree and generated headers; NULL: no level 2 */
	const char *dir;
};

/*
 * Learn the input set of the kernel build in opts->kbuild. Only after a
 * build that succeeded (a failed build left .cmd files of part of the
 * tree), made with LOCALVERSION set in the environment (as the kernel
 * builder does: else setlocalversion reads the tree's git state). 0; 1 (no
 * set, after a warning) when the config makes the kernel depend on more
 * than its sources (CONFIG_LOCALVERSION_AUTO: the commit id is in the
 * release string; CONFIG_IKHEADERS: every header is archived); -1 after
 * error().
 */
int buildkey_learn_kbuild(struct vcs_repo *repo, const struct buildkey_learn_opts *opts,
			  struct buildkey_set **out);

/*
 * The generic backend: learn from the Make-style depfiles ("*.d": "obj:
 * src hdr ...", gcc -MD) the build left under opts->tree. Every tracked
 * file counts (build class) except C/C++/assembler sources and headers
 * that no depfile names; directories count whole. Returns 1 (no set, not
 * an error) when there is no depfile or an object file (*.o) has none:
 * then nothing is known before building. 0, or -1 after error().
 */
int buildkey_learn_depfiles(struct vcs_repo *repo, const struct buildkey_learn_opts *opts,
			    struct buildkey_set **out);

int buildkey_set_save(const struct buildkey_set *set, const char *path);
/* NULL after error() (missing, truncated or from another version). */
struct buildkey_set *buildkey_set_load(const char *path);
void buildkey_set_free(struct buildkey_set *set);

struct buildkey_set_stats {
	const char *commit;	/* the commit learnt */
	size_t files;		/* files whose blob ids count */
	size_t compiled;	/* of which read by a compiler */
	size_t dirs;		/* directories in the set (listings, whole trees) */
	size_t targets;		/* kbuild targets (.cmd files) */
	size_t preprocessable;	/* targets level 2 can preprocess */
	size_t names;		/* names listings are restricted to */
	bool version_sensitive;	/* a directive tests the kernel version */
	double seconds;		/* learning time */
};

void buildkey_set_stats(const struct buildkey_set *set, struct buildkey_set_stats *out);

enum buildkey_kind {
	BUILDKEY_UNIQUE,	/* no set vouches for the commit: "u1:<commit>" */
	BUILDKEY_INPUTS,	/* blob ids of the inputs: "i1:<sha256>" */
	BUILDKEY_PREPROCESSED,	/* preprocessed units: "p1:<sha256>" */
};

#define BUILDKEY_MAX 72

struct buildkey {
	char key[BUILDKEY_MAX];
	enum buildkey_kind kind;
	/*
	 * UNIQUE: why ("mm/Makefile changed"); INPUTS when the second level
	 * was asked for: why it did not apply; else "".
	 */
	char why[160];
	size_t changed;		/* inputs that differ from the set's commit */
	size_t units;		/* translation units preprocessed for it (level 2) */
	double seconds;		/* time spent on this key */
};

struct buildkeys *buildkeys_new(struct vcs_repo *repo);
void buildkeys_free(struct buildkeys *bk);
/* Add a set (taken over); sets are tried in the order they were added. */
void buildkeys_add_set(struct buildkeys *bk, struct buildkey_set *set);

/*
 * The key of `commit` built in `context`: the first set that vouches for it
 * gives an exact key (preprocessed when `preprocess` and the second level
 * applies), else a unique key. 0, or -1 after error() (unreadable objects,
 * a failed gcc -E is not an error: that unit keeps the first level).
 */
int buildkeys_of(struct buildkeys *bk, const char *commit, const char *context,
		 bool preprocess, struct buildkey *out);

/* true when a and b name the same kernel (equal keys; never for unique keys of two commits) */
bool buildkey_same(const struct buildkey *a, const struct buildkey *b);

/*
 * Classes of equal keys: class_of[i] in 0..n-1, numbered in order of first
 * appearance. Returns the number of classes.
 */
size_t buildkey_classes(const struct buildkey *keys, size_t nr, size_t *class_of);

#endif
