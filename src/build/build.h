/* SPDX-License-Identifier: Apache-2.0 */
/*
 * build.h - building the commit under test and fingerprinting the result
 * (after syzkaller's pkg/build).
 *
 * A builder turns the build tree (checked out at one commit) into an
 * artifact and its signature: SHA-256 over what the commit compiles to, so
 * two commits that give the same binary share their test evidence.
 *
 * A builder is a small ops struct so the engine, `culprit sim` and tests can
 * plug in the generic command builder, the kernel builder or a fake.
 */
#ifndef CULPRIT_BUILD_H
#define CULPRIT_BUILD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "../util/strvec.h"

struct vcs_repo;
struct buildkey_set;

enum build_status {
	BUILD_OK,
	BUILD_FAILED,	/* the commit does not build: a skip, never good or bad */
	BUILD_INFRA,	/* we could not build (disk full, tool missing, timeout) */
};

#define SIGNATURE_HEXSZ 64

struct build_result {
	enum build_status status;
	char signature[SIGNATURE_HEXSZ + 1];	/* "" unless BUILD_OK */
	char *reason;		/* why it failed: first compiler error "file: message" */
	char *compiler;		/* "gcc (GCC) 12.2.0", or NULL */
	char *artifact_dir;	/* directory holding the outputs, kept per signature */
	double seconds;
};

void build_result_release(struct build_result *r);

struct builder_ops {
	void *ctx;
	/* compiler used for `commit` (for "testing commit X with <compiler>"); may be NULL */
	const char *(*compiler)(void *ctx, const char *commit);
	/*
	 * Build `tree` (already checked out at `commit`). Fills `out`. Returns 0
	 * when `out` holds a verdict (OK, FAILED or INFRA), -1 on a hard error.
	 */
	int (*build)(void *ctx, const char *commit, const char *tree, struct build_result *out);
	/*
	 * Build keys (buildkey.h); both may be NULL (no keys). context: what a
	 * build of `commit` depends on besides its tree (malloced). learn: the
	 * input set of the successful build of `commit` just made in `tree`,
	 * before anything else is built there, level 2's files kept in `dir`
	 * (one per set); 0 with *out set, 1 when this build cannot be keyed,
	 * -1 after error().
	 */
	char *(*context)(void *ctx, const char *commit);
	int (*learn)(void *ctx, struct vcs_repo *repo, const char *commit, const char *tree,
		     const char *dir, struct buildkey_set **out);
	/*
	 * Does `tree` still hold the artifact that was signed `signature`?
	 * 1 yes, 0 no (changed or gone: build again before running it), -1
	 * cannot tell. May be NULL (the runs do not use the tree).
	 */
	int (*verify)(void *ctx, const char *tree, const char *signature);
};

/*
 * Signature of a file: for ELF files, SHA-256 over the SHA-256 of each
 * allocated section that has contents (not NOBITS, not NOTE), in section
 * order, so build ids and debug info do not matter; for other files, the
 * SHA-256 of the bytes; for a directory, SHA-256 over each file's relative
 * path and signature in path order (.git left out). Returns 0 or error().
 */
int artifact_signature(const char *path, char out[SIGNATURE_HEXSZ + 1]);

/*
 * The first error a build printed, as "file: message" (malloced), or NULL
 * when none is recognised. Understands gcc and clang diagnostics
 * ("f.c:3:5: error: m" and "fatal error"), ld/lld ("f.c:(.text+0x1):
 * undefined reference to `x'", "ld.lld: error: m", "ld: cannot find -lx"),
 * make ("Makefile:3: *** m.  Stop.", "No rule to make target"), kernel
 * modpost; "collect2: error" and make's "Error N" lines count only when
 * nothing better is found. Colour escapes are ignored. Reused by every
 * builder for BUILD_FAILED reasons.
 */
char *build_first_error(const char *log, size_t len);

/*
 * The generic builder: runs the job's build command in the build tree with
 * a timeout, then signs the artifact (a path relative to the tree) and
 * keeps a copy in <workdir>/artifacts/<signature>/ (artifact_dir). A
 * directory artifact is signed but not copied (artifact_dir stays NULL): "."
 * works when a job names no artifact, but then every source change gives a
 * new signature and no evidence is shared.
 *
 * The command: `argv` when given (run as is); else `command`, the job's
 * `build` string, which the user wrote as a shell command: when it holds
 * no shell syntax ("make -j2") it is split into words and run directly;
 * otherwise ("make clean && make", "CC=clang make") it is run with
 * `sh -c`. Only the user's own text ever reaches the shell, never data.
 *
 * Verdicts: exit 0 and the artifact signed -> BUILD_OK; a nonzero exit, or
 * exit 0 without the artifact -> BUILD_FAILED with reason
 * build_first_error() of the output (or "build failed: exit status N");
 * the command cannot start, sh says 126/127 (not executable / not found),
 * the build was killed by a signal, timed out, or the artifact cannot be
 * read -> BUILD_INFRA. Each build's output goes to
 * <workdir>/logs/build-<commit>.log.
 *
 * Steps:
 *	struct generic_builder gb = GENERIC_BUILDER_INIT;
 *	generic_builder_setup(&gb, "make -j2", "build/prog", workdir, 3600);
 *	struct builder_ops ops;
 *	generic_builder_ops(&gb, &ops);     // ops.ctx = &gb
 *	ops.build(ops.ctx, commit, tree, &res); ... build_result_release(&res);
 *	generic_builder_release(&gb);
 * Thread-safe: several builds may run at once in different trees.
 */
struct generic_builder {
	char *command;		/* the job's shell command, or NULL */
	struct strvec argv;	/* used when non-empty */
	char *artifact;		/* relative to the build tree */
	char *workdir;
	double timeout;		/* seconds; 0: 3600 */
	struct strvec env;	/* extra "NAME=value" for the build */
	char *compiler;		/* cached first line of `$CC --version` */
	bool compiler_probed;
	pthread_mutex_t lock;
};

#define GENERIC_BUILDER_INIT { .argv = STRVEC_INIT, .env = STRVEC_INIT, \
			       .lock = PTHREAD_MUTEX_INITIALIZER }

/* Copies the strings. command may be NULL when gb->argv is filled instead. */
void generic_builder_setup(struct generic_builder *gb, const char *command,
			   const char *artifact, const char *workdir, double timeout);
void generic_builder_release(struct generic_builder *gb);
void generic_builder_ops(struct generic_builder *gb, struct builder_ops *ops);
/* builder_ops.verify: the artifact in `tree` signs to `signature` */
int generic_verify(struct generic_builder *gb, const char *tree, const char *signature);
int generic_build(struct generic_builder *gb, const char *commit, const char *tree,
		  struct build_result *out);
/* "gcc (Debian 12.2.0-14) 12.2.0" for $CC (default cc), or NULL */
const char *generic_builder_compiler(struct generic_builder *gb);

/*
 * What a generic build depends on besides the tree, for build keys
 * (buildkey.h): the command, the artifact, the extra environment and the
 * compiler identity. Malloced.
 */
char *generic_builder_context(struct generic_builder *gb);

#endif
