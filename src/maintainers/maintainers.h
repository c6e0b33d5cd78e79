/* SPDX-License-Identifier: Apache-2.0 */
/*
 * maintainers.h - who should hear about a file or a commit: the kernel's
 * MAINTAINERS file, matched exactly as
 *
 *	scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f FILE...
 *
 * does it (get_maintainer.pl v0.26, as in Linux 6.1), natively and fast.
 *
 * HOW IT WORKS (what get_maintainer.pl does, and so what we do)
 *   - MAINTAINERS is read into a flat list of entries: "X: value" lines
 *     (any capital letter) and every other non-blank, non-comment line (the
 *     section headers, stray text). A section is a run of typed lines plus the
 *     untyped line before it (its name).
 *   - F:/X: patterns are globs turned into regexes ('.' literal, '*' -> '.*',
 *     '?' -> '.'); a pattern naming an existing directory gets a trailing '/'.
 *     A pattern ending in '/' matches every path below it; any other pattern
 *     matches only paths with as many '/' as the pattern (so "drivers/foo*"
 *     matches files in drivers/ only).
 *   - For each file, every section without a matching X: is tried: each
 *     matching F: line sets the section's depth to the pattern's number of
 *     components (-1 for patterns starting with '*', as THE REST's), each
 *     matching N: regex (Perl /x, on the path) sets it to 0 - the last
 *     matching line of the section wins. Sections are then taken deepest
 *     first. (get_maintainer.pl leaves the order of equally deep sections to
 *     Perl's randomised hash order; we take them in MAINTAINERS order.)
 *   - K: regexes (Perl /x) are run on the content of the files; the sections
 *     of matching K: lines come after all F:/N: sections, in the string order
 *     of their line numbers (as Perl's sort does).
 *   - Each section taken adds its M: people (role from its last S: line),
 *     R: reviewers and L: lists (subscribers-only lists are skipped,
 *     moderated ones kept). People are deduplicated by name or address
 *     (case-insensitively), lists by address, then everyone goes through
 *     .mailmap; Linus Torvalds is dropped (he is the "chief penguin").
 *   - For .yaml files (devicetree bindings), addresses written in the file
 *     are added after the MAINTAINERS people ("in file").
 *   - The output is the people, then the lists, as "Name <address>" (names
 *     quoted when they hold anything but letters, digits, '_', ' ', '-').
 *   - A patch (the script's argument without -f) stands for the files its
 *     diff names; K: regexes run on its lines (maintainers_query_inputs()).
 *     The script also adds the signers of a "Fixes:" commit when run in a
 *     git checkout; we do not (the same as the script outside one).
 *
 * USE
 *	struct maintainers *m = maintainers_load_dir(root);  // or maintainers_parse()
 *	struct maintainers_result r = MAINTAINERS_RESULT_INIT;
 *	maintainers_query(m, files, nr, &src, &r);  // src reads the same tree
 *	for (i = 0; i < r.nr; i++) puts(r.v[i].email);
 *	maintainers_result_release(&r);
 *	maintainers_free(m);
 *
 * A struct maintainers is tied to the tree its MAINTAINERS came from: it
 * caches which F:/X: patterns name directories, asked lazily through the
 * source's is_dir(). It is not thread-safe (queries fill caches); use one per
 * thread. Malformed input (bad regexes, stray lines, unknown letters, huge
 * lines) gives a warning naming "file:line" and is skipped; nothing aborts.
 *
 * Recipients of a commit (syzbot's split): the author and the people of the
 * Signed-off-by, Reviewed-*, Acked-*, Tested-* (and "X-and-tested-by")
 * trailers, as syzbot's pkg/vcs reads them, and the maintainers (M:, any
 * status) and lists of the changed files go to "to"; the commit's other
 * people (Cc:, Reported-by:), reviewers (R:) and addresses found in .yaml
 * files go to "cc" (syzbot leaves Cc: out on purpose, syzkaller issue
 * #1441; we keep them as "cc"); linux-kernel@vger.kernel.org goes to "cc"
 * when a more specific list is in "to". Addresses only, deduplicated
 * case-insensitively (an address in "to" is not repeated in "cc": a
 * reviewer named by a Reviewed-by: stays in "to"), each list sorted in byte
 * order (as syzbot's Go code sorts them).
 *
 * Return values: 0 on success, -1 after error(); maintainers_commit_recipients()
 * returns MAINTAINERS_ABSENT (1) when the tree has no MAINTAINERS file.
 */
#ifndef CULPRIT_MAINTAINERS_H
#define CULPRIT_MAINTAINERS_H

#include <stdbool.h>
#include <stddef.h>
#include "../util/strbuf.h"
#include "../util/strvec.h"

struct maintainers;	/* opaque: a parsed MAINTAINERS (+ .mailmap) */

/* Where the files named in a query live (a checkout, or a commit's tree). */
struct maintainers_source {
	/* 1 when `path` (relative to the tree's top) is a directory, else 0 */
	int (*is_dir)(void *data, const char *path);
	/* the content of a regular file into out (0), or -1 if absent (quiet) */
	int (*read_file)(void *data, const char *path, struct strbuf *out);
	void *data;
	/*
	 * Optional (NULL: read_file is used): the content of a regular file
	 * without a copy, 0 and *text, *len set until unmap_file(), or -1.
	 */
	int (*map_file)(void *data, const char *path, const char **text, size_t *len);
	void (*unmap_file)(void *data, const char *text, size_t len);
};

/* A source reading a checked-out tree at `root` (the data is the root). */
void maintainers_source_dir(struct maintainers_source *src, const char *root);

/*
 * Parse MAINTAINERS text. `name` is used in warnings ("MAINTAINERS:123").
 * Never fails on content; malformed lines are warned about and skipped.
 */
struct maintainers *maintainers_parse(const char *name, const char *text, size_t len);
/* Add a .mailmap (git-shortlog format), as get_maintainer.pl reads it. */
void maintainers_set_mailmap(struct maintainers *m, const char *text, size_t len);
/*
 * Read root/MAINTAINERS and root/.mailmap (if present). NULL after error()
 * when MAINTAINERS cannot be read.
 */
struct maintainers *maintainers_load_dir(const char *root);
void maintainers_free(struct maintainers *m);

/*
 * Number of sections, and of warnings issued so far (for tests). The text
 * is read lazily: lines are warned about on the first whole pass over it
 * (the first query, or these calls), a bad regex or pattern when first used.
 */
size_t maintainers_sections(struct maintainers *m);
size_t maintainers_warnings(struct maintainers *m);

enum maintainers_kind {
	MAINT_PERSON,		/* an M: line */
	MAINT_REVIEWER,		/* an R: line */
	MAINT_LIST,		/* an L: line */
	MAINT_FILE_EMAIL,	/* an address found in a .yaml file */
};

struct maintainers_entry {
	char *email;		/* as get_maintainer.pl prints it: "Name <addr>" or "addr" */
	char *address;		/* the bare address */
	char *role;		/* get_maintainer.pl's role: "maintainer:SUBSYSTEM", ... */
	enum maintainers_kind kind;
};

struct maintainers_result {
	struct maintainers_entry *v;
	size_t nr, alloc;
};
#define MAINTAINERS_RESULT_INIT { NULL, 0, 0 }
void maintainers_result_release(struct maintainers_result *r);

/*
 * The people and lists for `files` (paths relative to the tree's top, as
 * given to get_maintainer.pl -f; "./" and repeated '/' are normalised), in
 * get_maintainer.pl's order. `src` may be NULL: no K:/yaml content checks,
 * no pattern is taken for a directory.
 */
int maintainers_query(struct maintainers *m, const char *const *files, size_t nr,
		      const struct maintainers_source *src, struct maintainers_result *out);

/* What a query asks about: a path of the tree, or a patch. */
struct maintainers_input {
	const char *path;	/* as for maintainers_query(); a patch's name for messages */
	const char *patch;	/* a patch's text (NULL: `path` is a path of the tree) */
	size_t patch_len;
};

/*
 * maintainers_query() for paths and patches, as get_maintainer.pl takes
 * files (-f) and patch files: a patch stands for the files its diff names
 * (after each patch the list of files is sorted and made unique, as the
 * script does), and K: regexes run on its lines (any line before the diff,
 * then only '+' and '-' lines). The files are read from `src` only for .yaml
 * addresses. -1 after error() when a patch names no file.
 */
int maintainers_query_inputs(struct maintainers *m, const struct maintainers_input *in,
			     size_t nr, const struct maintainers_source *src,
			     struct maintainers_result *out);

struct recipients {
	struct strvec to;
	struct strvec cc;
};
#define RECIPIENTS_INIT { STRVEC_INIT, STRVEC_INIT }
void recipients_release(struct recipients *r);

/* What of a commit the recipients depend on (filled from a struct vcs_commit). */
struct maintainers_commit {
	const char *author;	/* "Name <addr>" or "addr"; may be NULL */
	/* trailers as key ("Signed-off-by") and value ("Name <addr>") */
	const char *const *trailer_keys;
	const char *const *trailer_values;
	size_t trailers_nr;
};

/*
 * The to/cc split for a commit changing `files`; `m` may be NULL (no
 * MAINTAINERS: only the author and trailers).
 */
int maintainers_recipients(struct maintainers *m, const struct maintainers_commit *c,
			   const char *const *files, size_t nr,
			   const struct maintainers_source *src, struct recipients *out);

#define MAINTAINERS_ABSENT 1

struct vcs_repo;
/*
 * Recipients of commit `rev` of `repo`, with MAINTAINERS and .mailmap as
 * they are at that commit. Returns 0, MAINTAINERS_ABSENT (out then holds
 * only the author and trailer people), or -1 after error().
 */
int maintainers_commit_recipients(struct vcs_repo *repo, const char *rev,
				  struct recipients *out);
/* The same for the repository at or above `path` (opened and closed here). */
int maintainers_repo_recipients(const char *path, const char *rev, struct recipients *out);

/*
 * For the bisection engine (bisect.h's bisect_recipients_fn): appends the
 * "to" and "cc" addresses of `commit` in `repo`; without a MAINTAINERS file
 * only the author and trailer people. `ctx` is unused. 0, or -1 after error().
 *	job.recipients = maintainers_bisect_recipients;
 */
int maintainers_bisect_recipients(void *ctx, const char *repo, const char *commit,
				  struct strvec *to, struct strvec *cc);

#endif
