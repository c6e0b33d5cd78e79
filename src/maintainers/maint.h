/* SPDX-License-Identifier: Apache-2.0 */
/*
 * maint.h - what the files of src/maintainers/ share; not an interface for
 * other subsystems (that is maintainers.h).
 *
 *	mfile.c     the MAINTAINERS text: loading, reading it entry by entry
 *	pattern.c   F:/X: globs (file_match_pattern() and the directory '/')
 *	literal.c   N:/K: regexes, and the literals that rule them out cheaply
 *	address.c   parse_email(), format_email(), RFC 822 lists, file emails
 *	mailmap.c   .mailmap (mailmap_email())
 *	query.c     get_maintainers(): which sections, in which order
 *	people.c    what a section adds: people, lists; dedup, roles, output
 *	patch.c     the files and keyword lines of a patch
 *
 * The text is never copied into per-line structures: one query reads
 * MAINTAINERS once from top to bottom (about 0.7 MB, 23,000 lines) and only
 * the sections that match are looked at again. What a pattern or regex
 * costs to prepare is cached per line (keyed by the line's offset), so a
 * struct maintainers answers repeated queries without redoing it.
 */
#ifndef CULPRIT_MAINT_H
#define CULPRIT_MAINT_H

#include <stdbool.h>
#include <stddef.h>

#include "maintainers.h"
#include "../util/regex.h"

/* Longest MAINTAINERS line we keep; longer ones are warned about and skipped. */
#define MAINT_MAX_LINE 65536
/* Backtracking budget for regexes from the file (Perl would just be slow). */
#define MAINT_MATCH_LIMIT 10000000

/* ------------------------------------------------------------ mfile.c */

/* A map from a line's offset to what was prepared for it. */
struct offmap {
	size_t *keys;		/* offset + 1; 0 is a free slot */
	void **vals;
	size_t nr, alloc;	/* alloc: a power of two, or 0 */
};
void *offmap_get(const struct offmap *map, size_t off);
void offmap_put(struct offmap *map, size_t off, void *val);
/* Calls free_fn on every value, then empties the map. */
void offmap_clear(struct offmap *map, void (*free_fn)(void *));

struct addr_res;

struct maintainers {
	char *name;		/* for warnings: "MAINTAINERS:123" */
	const char *text;	/* MAINTAINERS, not NUL-terminated */
	size_t len;
	void *map;		/* text is mmap()ed (map_len bytes), or */
	size_t map_len;
	char *owned;		/* text is malloced */
	bool has_nul;		/* lines holding a NUL are skipped */
	bool scanned;		/* a whole pass was made: warnings issued, sections counted */
	size_t nsections, warnings;

	const char *mailmap;	/* .mailmap without lines holding a NUL, or NULL */
	size_t mailmap_len;
	char *mailmap_owned;
	void *mailmap_map;
	size_t mailmap_map_len;
	pcre2_code *mailmap_re[4];	/* read_mailmap()'s line formats */

	struct offmap pats;	/* F:/X: line -> struct fpat (pattern.c) */
	size_t *alt_lines;	/* offsets of the F:/X: lines holding a '|' ... */
	size_t nalt;
	bool alt_known;		/* ... once looked for */
	struct offmap regexes;	/* N:/K: line -> struct kre (literal.c) */
	struct addr_res *addr;	/* address.c's regexes, compiled on first use */
	pcre2_match_context *mctx;
};

/* One entry of get_maintainer.pl's @typevalue. */
struct mline {
	size_t off;		/* of the line in m->text */
	size_t len;		/* without the '\n' */
	const char *value;	/* typed: after "T:" and white space; untyped: the line */
	size_t vlen;
	unsigned lineno;
	char type;		/* 'A'..'Z', or 0 for an untyped line (a section's name) */
};

/* Reading position in m->text. */
struct mcursor {
	size_t off;
	unsigned lineno;
	bool prev_typed;
	bool first_pass;	/* the first whole pass: warn, count sections */
};

void mcursor_init(const struct maintainers *m, struct mcursor *c, size_t off, unsigned lineno);
/*
 * The next entry at or after c->off: "X: value" lines and other non-blank,
 * non-comment lines, as read_maintainer_file() keeps them. False at the end.
 */
bool mfile_next(struct maintainers *m, struct mcursor *c, struct mline *l);

/* Perl's \s on a byte */
static inline bool maint_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* strvec_push() of a malloced string, which is then freed */
void sv_push_take(struct strvec *sv, char *s);

/* ---------------------------------------------------------- pattern.c */

/* A path being matched: relative to the tree's top, as the script has it. */
struct qpath {
	const char *path;
	size_t len;
	int slashes;		/* '/' in path */
};

/*
 * file_match_pattern() for the F:/X: line `l`, with read_maintainer_file()'s
 * "a directory gets a '/'" decided only when it changes the answer. On a
 * match, *depth is the pattern's depth as get_maintainers() computes it.
 */
bool fpat_match(struct maintainers *m, const struct mline *l, const struct qpath *f,
		const struct maintainers_source *src, int *depth);
/* The regex read_maintainer_file() makes of a glob (malloced). */
char *fpat_regex(const char *glob, size_t len);
void fpat_free(void *p);

/* ---------------------------------------------------------- literal.c */

/* An N: or K: regex, compiled on first use; NULL code if it does not compile. */
struct kre;
struct kre *kre_get(struct maintainers *m, const struct mline *l);
/* False when no match of the regex can be in text[0..len) (a cheap test). */
bool kre_may_match(const struct kre *k, const char *text, size_t len);
/* The same for ks[0..n) at once, in one pass over the text: maybe[k] */
void kre_may_match_many(struct kre *const *ks, size_t n, const char *text, size_t len,
			bool *maybe);
/*
 * m/PREFIX$value/x on text[0..len): PREFIX is "" or the "^[+-].*" the
 * script puts in front of K: while reading a patch's diff.
 */
bool kre_match(struct maintainers *m, const struct mline *l, struct kre *k, bool diff_prefix,
	       const char *text, size_t len);
void kre_free(void *p);
/* For tests: the literals one of which is in any match of `re` (Perl /x). */
bool required_literals(const char *re, size_t len, struct strvec *out);
bool has_literal(const char *text, size_t len, const char *lit);

/* ---------------------------------------------------------- address.c */

/* Perl's lc() and s/^\s+|\s+$//g on byte strings (in place / malloced) */
char *maint_lc(const char *s);
void maint_trim(char *s);
/* parse_email(): both malloced, never NULL */
void parse_email(struct maintainers *m, const char *formatted, char **name, char **address);
/* format_email($name, $address, 1) (malloced) */
char *format_email(const char *name, const char *address);
/* push_email_addresses()'s view of an M:/R: value: the addresses to push. */
void split_addresses(struct maintainers *m, const char *value, struct strvec *out,
		     bool *warn_if_unpushed);
/* maintainers_in_file() on a file's text: the cleaned addresses, in order. */
void file_emails(struct maintainers *m, const char *text, size_t len, struct strvec *out);
void addr_free(struct maintainers *m);
/* capture group n of a match on s (malloced; "" when unset) */
char *maint_group(pcre2_match_data *md, const char *s, int n);
/* pcre2_match() with the file's match limit */
int maint_match(const struct maintainers *m, pcre2_code *re, const char *s, size_t len,
		size_t off, pcre2_match_data *md);

/* ---------------------------------------------------------- mailmap.c */

/* mailmap_email(): the "Name <address>" .mailmap makes of `line` (malloced). */
char *mailmap_email(struct maintainers *m, const char *line);
void mailmap_release(struct maintainers *m);

/* ----------------------------------------------------------- people.c */

/* A section found by a pass (the lines of one run of typed entries). */
struct msec {
	size_t first;		/* @typevalue index of its first typed line */
	size_t hdr_off;		/* its name: the untyped line before (or the first line) */
	unsigned hdr_lineno;
	size_t body_off;	/* what add_categories() reads: after the name ... */
	unsigned body_lineno;
	size_t end_off;		/* ... up to the next untyped entry */
};

/* The people and lists collected by a query (get_maintainers()'s globals). */
struct people;
struct people *people_new(struct maintainers *m);
/* add_categories() */
void people_add_section(struct people *p, const struct msec *sec);
/* maintainers_in_file() on a .yaml file's text */
void people_file_emails(struct people *p, const char *text, size_t len);
/* dedup, .mailmap, the chief penguin, file emails: the result, then freed */
void people_finish(struct people *p, struct maintainers_result *out);

/* ------------------------------------------------------------ patch.c */

/* A K: line, as a pass over MAINTAINERS found it (query.c). */
struct kw_line {
	size_t entry;		/* its index in @typevalue */
	size_t sec;		/* its section, in the pass's table */
	struct mline line;
};
/* The files named by a patch, pushed to `files` in the order found. */
void patch_files(const char *text, size_t len, struct strvec *files);
/* Which K: lines match the patch as the script reads it: hit[i] for kws[i]. */
void patch_keywords(struct maintainers *m, const char *text, size_t len,
		    const struct kw_line *kws, size_t nkws, bool *hit);

#endif
