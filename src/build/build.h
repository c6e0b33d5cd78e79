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

#include <stdbool.h>
#include <stddef.h>

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
};

/*
 * Signature of a file: for ELF files, SHA-256 over the SHA-256 of each
 * allocated section that has contents (not NOBITS, not NOTE), in section
 * order, so build ids and debug info do not matter; for other files, the
 * SHA-256 of the bytes. Returns 0 or error().
 */
int artifact_signature(const char *path, char out[SIGNATURE_HEXSZ + 1]);

/* SHA-256 of a buffer as hex. */
void sha256_hex(const void *buf, size_t len, char out[SIGNATURE_HEXSZ + 1]);

#endif
