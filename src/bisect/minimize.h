/* SPDX-License-Identifier: Apache-2.0 */
/*
 * minimize.h - kernel config minimisation before a bisection (after
 * syzkaller's pkg/kconfig Minimize and pkg/bisect's use of it): given the
 * user's large .config, find a much smaller one on which the crashing commit
 * still crashes with the same title and the clean end still does not, so
 * every build of the bisection is cheaper.
 *
 * Steps (every predicate below is "build the kernel at the crashing commit
 * with this config, boot it, run the reproducer `runs` times: at least one
 * run, and at least min(1/3, the original's rate) of them, crash with the
 * target title"):
 *  1. The original config at the crashing commit: its crash gives the target
 *     title (or checks the given one), the crash rate, and the source files
 *     of the crash's stack. If it does not crash, nothing is minimised.
 *  2. The baseline: `make tinyconfig` (or `baseline`, e.g. "defconfig", or a
 *     .config file), plus what booting in culprit's VM needs (the fragment,
 *     src/build/kconfig/; where the original sets one of its options, the
 *     original's value: the user's preemption model, allocator... stay),
 *     plus what the crash needs that the original has on: the options that
 *     compile the files of its stack (their Makefiles' obj-$(CONFIG_X)
 *     lines, up the directories) and the debug options of its crash type
 *     (KASAN for KASAN reports, lockdep for lock reports,
 *     DEBUG_ATOMIC_SLEEP for sleeping-in-atomic, ...), then olddefconfig.
 *     If the baseline reproduces, it is the answer. Else the =y options
 *     named in CONFIG_ guards of those files (#ifdef, IS_ENABLED) are tried
 *     as one group on top of it, and narrowed down as in 3 when that
 *     reproduces.
 *  3. Else the options the original enables and the baseline does not (the
 *     difference; modules are left out: culprit boots no module) are
 *     bisected in groups, ddmin style: a candidate is the baseline, plus the
 *     original's number and string values, plus a group of the difference
 *     with the Kconfig dependencies it needs (kconfig.h), then olddefconfig.
 *     Halves first; when neither half reproduces, the complements of
 *     quarters, eighths...; at most `max_tests` candidates. The last
 *     candidate that reproduced (the smallest group) is the answer; it
 *     must have fewer options than the original.
 *  4. The answer at the clean commit: `runs` runs must show no crash with
 *     the title (and it must build and boot), else the answer is refused.
 * The result says whether the minimised config is to be used (MINIMIZE_OK)
 * or why not (the original is then used as is: never a worse bisection).
 *
 * Work directory: the job's. Builds go where the kernel builder puts them
 * (one O= directory, <workdir>/kbuild, artifacts per signature), so with
 * the build tree at <workdir>/tree, as the engine has it, the minimiser's
 * builds and the bisection's share ccache entries (same relative paths) and
 * the O= directory. The minimiser's own files are in <workdir>/minimize/:
 * every build and its runs are recorded in results/<key>, key = SHA-256 of
 * the resolved .config, the commit, the compiler and the runs asked; a
 * rerun (after a crash or kill) redoes nothing recorded. Configs are kept
 * as configs/<key>.config; the answer as minimized.config.
 *
 * Wiring (`--minimize-config`, `kernel.minimize-config`): the kernel
 * backend's prepare step (src/cli/kernel_backend.c, bisect.h's struct
 * bisect_prepare) runs this after the engine resolved the ends, with the
 * job's kernel_build_opts, the QEMU runner, the engine's build tree
 * (<workdir>/tree) and the history's checkout, the bad commit as `crashing`
 * and the first good as `clean` (fix bisections: the old crashing commit
 * and the fixed end). On MINIMIZE_OK the job's kernel builder is made again
 * with result.config; else the original stays (never a worse bisection).
 * The minimiser prints nothing itself: `log` gets each line of its progress
 * (the engine's PREPARE events: the bisection log); the result's numbers go
 * to the bisection result (bisect_result.kconfig, its JSON).
 */
#ifndef CULPRIT_BISECT_MINIMIZE_H
#define CULPRIT_BISECT_MINIMIZE_H

#include <stdbool.h>
#include "../build/build.h"
#include "../build/kernel.h"
#include "../runner/runner.h"
#include "../vcs/vcs.h"

/*
 * For tests: what the minimiser runs, replaced (NULL members: the real
 * ones). make(): `make -C tree O=objdir <target>` (tinyconfig,
 * olddefconfig); build(): build `commit`, checked out in `tree`, with
 * `config`, as builder_ops.build() (the real one: the kernel builder in
 * the work directory).
 */
struct minimize_hooks {
	void *ctx;
	int (*make)(void *ctx, const char *tree, const char *objdir, const char *target);
	int (*build)(void *ctx, const char *config, const char *commit, const char *tree,
		     struct build_result *out);
};

struct minimize_opts {
	const char *workdir;	/* required: the job's work directory (see above) */
	const char *config;	/* required: the user's full .config */
	const char *crashing;	/* required: commit that crashes (cause: bad) */
	const char *clean;	/* commit that does not (cause: good); NULL: not checked */
	const char *title;	/* target crash title; NULL: the original's first crash */
	const char *baseline;	/* a make target ("tinyconfig", "defconfig") or a
				 * .config path; NULL: "tinyconfig" */
	const char *fragment;	/* "CONFIG_X=y" lines the VM needs; NULL:
				 * kernel_default_fragment */
	bool no_crash_needs;	/* do not add the stack's options to the baseline */
	/* the build tree and how to move it (the engine's history checkout) */
	const char *tree;
	int (*checkout)(void *ctx, const char *dir, const char *hash);
	void *checkout_ctx;
	/* builds: copied, `config` and `workdir` set by the minimiser */
	const struct kernel_build_opts *build;
	const struct runner_ops *runner;
	int runs;		/* runs per test; <= 0: 4 */
	int max_tests;		/* candidates tried on the difference; <= 0: 8 */
	/* progress, one line at a time (no newline); may be NULL */
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
	const struct minimize_hooks *hooks;	/* NULL: make and the kernel builder */
};

enum minimize_status {
	MINIMIZE_OK,		/* use `config` */
	MINIMIZE_REFUSED,	/* the original stays: `reason` says why */
};

struct minimize_result {
	enum minimize_status status;
	char *config;		/* <workdir>/minimize/minimized.config when OK */
	char *reason;		/* why refused; or a note */
	char *title;		/* the target title */
	int options_before, options_after;	/* options on (y, m, values) */
	double build_before, build_after;	/* seconds of the two builds at
						 * the crashing commit (as built
						 * here: incremental, ccache) */
	long long image_before, image_after;	/* bytes of their kernel images
						 * (bzImage), 0: unknown */
	int tests;		/* candidate configs tried (baseline included) */
	int builds, runs;	/* done now (not read back from the cache) */
	int cached;		/* tests read back from the cache */
	double seconds;
};

void minimize_result_release(struct minimize_result *r);

/*
 * Minimise. Returns 0 with `out` filled (OK or REFUSED), or -1 after
 * error() on a hard error (cannot write the work directory, no kernel
 * tree, infrastructure trouble that leaves no verdict): the caller then
 * goes on with the original config too.
 */
int kernel_minimize_config(const struct minimize_opts *opts, struct minimize_result *out);

/*
 * The debug options a crash title needs, as a NULL-terminated list of
 * option names without CONFIG_ (a static table: "KASAN: ..." ->
 * KASAN, KASAN_GENERIC, ...; "possible deadlock" -> PROVE_LOCKING, ...).
 * Never NULL; empty when the title names no debug facility.
 */
const char *const *minimize_debug_options(const char *title);

#endif
