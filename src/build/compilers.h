/* SPDX-License-Identifier: Apache-2.0 */
/*
 * compilers.h - which compiler builds which commit (after syzbot, which
 * builds old kernels with the compilers of their time).
 *
 * A table maps release tags to compilers: each row "since" (a release tag
 * such as "v5.10", or "default") and a compiler command ("gcc-10",
 * "/opt/gcc-8/bin/gcc"). A commit is built with the row of the newest
 * "since" not newer than the commit's release (the newest release tag
 * reachable from it); commits older than every row, or with no release,
 * get the default row; no default row means the host's "gcc".
 *
 * Text form (a file, or compiler_table_parse()), one row a line, '#'
 * comments:
 *	default gcc
 *	v4.19   gcc-8
 *	v5.10   gcc-10
 *
 * compiler_identity() runs "<cc> --version" once per compiler and keeps
 * the first line, as printed in the log: "gcc (Debian 12.2.0-14) 12.2.0".
 */
#ifndef CULPRIT_BUILD_COMPILERS_H
#define CULPRIT_BUILD_COMPILERS_H

#include <stddef.h>

struct compiler_row {
	char *since;		/* release tag; NULL for the default row */
	char *cc;
};

struct compiler_table {
	struct compiler_row *rows;
	size_t nr, alloc;
};

#define COMPILER_TABLE_INIT { NULL, 0, 0 }

/* Add the rows of `text`; `origin` names it in errors. 0 or error(). */
int compiler_table_parse(struct compiler_table *t, const char *text, const char *origin);
int compiler_table_read(struct compiler_table *t, const char *path);
void compiler_table_release(struct compiler_table *t);

/* The compiler for a commit whose release is `release` (may be NULL). Never NULL. */
const char *compiler_table_lookup(const struct compiler_table *t, const char *release);

/*
 * Order of release tags by version: "v4.9" < "v4.19" < "v5.0-rc1" <
 * "v5.0" < "v5.0.1" (numbers compare as numbers; an -rc comes before its
 * release). <0, 0, >0 like strcmp.
 */
int release_cmp(const char *a, const char *b);

/*
 * First line of "<cc> --version" (the compiler's first word is run, with
 * a leading "ccache" skipped), cached per command; thread-safe. NULL
 * after error() when it cannot be run. The string lives until exit.
 */
const char *compiler_identity(const char *cc);

/* Normalise a --version first line (trim; malloced). */
char *compiler_identity_normalize(const char *line);

#endif
