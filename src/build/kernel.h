/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kernel.h - the Linux kernel builder (after syzkaller's pkg/build/linux.go).
 *
 * One persistent out-of-tree build directory per job (<workdir>/kbuild, the
 * kernel's O=), so each step of a bisection recompiles only what changed
 * between the commits (the engine moves one build tree with a checkout that
 * keeps the mtimes of unchanged files). A step: copy the job's .config,
 * `make olddefconfig`, `make -jN <targets>` (bzImage by default, which
 * links vmlinux too).
 *
 * Builds are deterministic: KBUILD_BUILD_TIMESTAMP/_USER/_HOST/_VERSION are
 * fixed and LOCALVERSION is set empty (so setlocalversion adds no "+" in a
 * git tree), so one source gives one binary. ccache is used when installed
 * (CCACHE_DIR=<cache>/ccache, CCACHE_NOHASHDIR, CCACHE_BASEDIR so that other
 * work directories hit too); CC is kept constant ("ccache gcc") because a
 * change of CC rebuilds everything.
 *
 * Results: the kernel signature is artifact_signature(vmlinux); bzImage,
 * vmlinux, System.map and .config are kept in
 * <workdir>/artifacts/<signature>/ (out->artifact_dir). A commit that does
 * not compile is BUILD_FAILED with the first compiler error as the reason
 * ("mm/mempolicy.c:1630:9: error: expected ';' before 'return'"); a timeout,
 * a killed make or a full disk is BUILD_INFRA.
 *
 *	struct kernel_build_opts o = { .workdir = wd, .config = cfg };
 *	struct kernel_builder *kb = kernel_builder_new(&o);
 *	struct builder_ops ops = kernel_builder_ops(kb);
 *	ops.build(ops.ctx, commit, tree, &res);   // from the engine
 *	kernel_builder_free(kb);
 */
#ifndef CULPRIT_BUILD_KERNEL_H
#define CULPRIT_BUILD_KERNEL_H

#include <stdbool.h>
#include "build.h"
#include "compilers.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"

struct kernel_build_opts {
	const char *workdir;	/* kbuild/ and artifacts/ go here (required) */
	const char *config;	/* the job's .config (required) */
	const char *arch;	/* ARCH=, default "x86_64" */
	const char *const *targets; /* NULL-terminated; default { "bzImage", NULL } */
	int jobs;		/* make -j; 0: number of CPUs */
	double timeout;		/* seconds per build; 0: 3600 */
	const char *cache;	/* for ccache; NULL: cache_dir() */
	bool no_ccache;		/* do not use ccache even when installed */
	bool clean;		/* remove the build directory before each build (bench) */
	const struct compiler_table *compilers; /* NULL: host gcc for all */
	/* newest release tag reachable from commit (malloced), or NULL */
	char *(*release_of)(void *data, const char *commit);
	void *release_data;
	bool verbose;		/* echo make's output to stderr */
};

struct kernel_builder;

struct kernel_builder *kernel_builder_new(const struct kernel_build_opts *opts);
void kernel_builder_free(struct kernel_builder *kb);
struct builder_ops kernel_builder_ops(struct kernel_builder *kb);

/*
 * Values on a make command line. make expands "$(...)" in them and the
 * kernel's Makefiles paste them unquoted into shell commands, so instead of
 * escaping ("$" -> "$$" only moves "$(...)" to the shell) anything but
 * letters, digits, '_' and (for paths, targets and words) "/.+-@" is
 * refused, as is a leading '-' (make would read an option: "--eval=...").
 * KERNEL_MAKE_WORDS also allows single spaces ("ccache gcc").
 */
enum kernel_make_value {
	KERNEL_MAKE_PATH,	/* O=, -C, the cache directory of CCACHE_DIR */
	KERNEL_MAKE_NAME,	/* ARCH= */
	KERNEL_MAKE_TARGET,	/* bzImage, olddefconfig */
	KERNEL_MAKE_WORDS,	/* CC= */
};

/* 0, or error() naming `what` and the offending character. */
int kernel_make_value_check(const char *what, const char *value, enum kernel_make_value kind);

/*
 * The argv (make -C tree O=... ARCH=... CC=... [KCFLAGS=...]) and extra
 * environment of a kernel make in `tree` with compiler `cc`, without the
 * targets; -1 after error() when a value is refused (see above). Every
 * value was checked: kernel_builder_new() refuses an unsafe work directory,
 * cache directory, arch, target or compiler table entry up front.
 */
int kernel_make_argv(struct kernel_builder *kb, const char *tree, const char *cc,
		     struct strvec *args, struct strvec *env);

/*
 * What a kernel build of `commit` depends on besides its source tree, for
 * build keys (buildkey.h): "kernel arch=x86_64 targets=bzImage cc=ccache
 * gcc compiler=gcc (Debian 12.2.0-14) 12.2.0 config=<sha256 of the job's
 * config>". Malloced.
 */
char *kernel_builder_context(struct kernel_builder *kb, const char *commit);

/*
 * Learn the build-key input set (buildkey.h) of the successful build of
 * `commit` the builder just made in `tree`, with this builder's context and
 * compilers; level 2 keeps its files in `dir` (one per set; NULL: no level
 * 2). Returns what buildkey_learn_kbuild() returns.
 */
struct buildkey_set;
struct vcs_repo;
int kernel_builder_learn(struct kernel_builder *kb, struct vcs_repo *repo, const char *commit,
			 const char *tree, const char *dir, struct buildkey_set **out);

/* The compiler command for `commit` (table + release_of); never NULL. */
const char *kernel_builder_cc(struct kernel_builder *kb, const char *commit);

/*
 * The environment entries of a deterministic kernel build (appended to env):
 * KBUILD_BUILD_TIMESTAMP, _USER, _HOST, _VERSION, LOCALVERSION (empty),
 * and one locale (LANG=C.UTF-8, LC_CTYPE and LC_MESSAGES unset).
 */
void kernel_build_env(struct strvec *env);

/*
 * The first error in a kernel build's output (make -s, stdout and stderr
 * merged): build_first_error()'s "file: message" with the file made
 * relative to the source tree `srcdir` (absolute "srcdir/" and the
 * "../<tree>/" form that ccache's base_dir gives are removed):
 * "kernel/sys.c: expected ';' before '}' token" (gcc's UTF-8 quotes made
 * plain). NULL when there is none.
 * Malloced.
 */
char *kernel_build_error(const char *output, const char *srcdir);

/*
 * Make a kernel config: `make tinyconfig` (or `base`, e.g. "defconfig") in
 * an out-of-tree directory `objdir`, then the fragment's "CONFIG_X=y|n|val"
 * lines with scripts/config, then `make olddefconfig`; the result is
 * written to `out`. 0 or error().
 */
int kernel_make_config(const char *srcdir, const char *objdir, const char *base,
		       const char *fragment, const char *arch, const char *out);

/* The built-in config fragment (src/build/kconfig/culprit-x86_64.fragment). */
extern const char kernel_default_fragment[];

#endif
