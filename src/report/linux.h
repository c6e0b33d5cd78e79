/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.h - the kernel-console engine behind report_parse(), internal to
 * src/report/.
 *
 * A struct lctx holds per-call matching state (PCRE2 match data, JIT stack,
 * limits); make one per thread/call with lctx_init() and free it with
 * lctx_release(). linux_parse_one() finds the first report in buf[0..len)
 * like syzkaller's linux.Parse (offsets relative to buf); the caller does
 * the title normalisation, suppression and frame steps (report.c).
 */
#ifndef CULPRIT_REPORT_LINUX_H
#define CULPRIT_REPORT_LINUX_H

#include "formats.h"
#include "util/strbuf.h"
#include "util/strvec.h"

struct lctx {
	const struct ctable *t;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	PCRE2_SIZE *ov;		/* ovector of the last successful match */
	size_t ovn;
	/* the last prefilter search: from hit_from, first hit at hit_at */
	const char *hit_from, *hit_at, *hit_end;
	/*
	 * The prefilter hits of the whole output (lctx_set_output()), found
	 * lazily in one pass however often the reports ask: hits[] are
	 * offsets in whole[0..scanned).
	 */
	const char *whole;
	size_t whole_len, scanned;
	size_t *hits, hits_nr, hits_alloc;
	bool hits_borrowed;	/* hits[] are an anchors' (not freed here) */
	const size_t *sup;	/* the anchors' suppression hits (when have_sup) */
	size_t sup_nr;
	bool have_sup;
};

/* helpers shared by linux.c, linux_title.c, linux_guilty.c */
struct slice {
	const char *p;
	size_t n;
};

/* Search; on success c->ov holds the offsets (relative to s). */
bool lx_re_find(struct lctx *c, const pcre2_code *re, const char *s, size_t n);
bool lx_re_match(struct lctx *c, const pcre2_code *re, const char *s);
/* Captured groups 1..N of the last match as strings ("" when unset). */
void lx_captures(struct lctx *c, const pcre2_code *re, const char *s, struct strvec *out);
const char *lx_memmem(const char *h, size_t hn, const char *needle);
bool lx_contains(const char *h, size_t hn, const char *needle);
size_t lx_split_lines(const char *s, size_t n, struct slice **out);

void lctx_init(struct lctx *c);
/*
 * buf[0..len) is the whole output: prefilter searches inside it share one
 * pass, or use the anchors found by report_parse()'s scan (a may be NULL).
 */
struct anchors;
void lctx_set_output(struct lctx *c, const char *buf, size_t len, const struct anchors *a);
void lctx_release(struct lctx *c);

enum ctx_kind { CTX_NONE, CTX_CONSOLE, CTX_CALLER };

/* printk context of one line: none, "console" (timestamp only), "[ T12]"/"[C1]" */
struct line_ctx {
	enum ctx_kind kind;
	const char *ctx;
	size_t ctx_len;
	const char *stripped;	/* the line without its printk prefix */
	size_t slen;
	bool questionable;	/* "? func+0x1/0x2" frames: not reliable */
};

void line_context(const char *line, size_t n, struct line_ctx *lc);

#define CORRUPTED_NO_FRAMES "extracted no frames"

struct description {
	struct strbuf title;
	struct strvec alts;
	const char *corrupted;		/* reason, or NULL */
	const struct cformat *format;	/* format that gave the title, or NULL */
	bool catch_all;			/* the title is the raw line: no format matched */
};

void extract_description(struct lctx *c, const char *text, size_t n, const struct coops *o,
			 struct description *d);
void description_release(struct description *d);

const struct coops *find_first_oops(struct lctx *c, const char *buf, size_t len, size_t *start);

bool report_is_corrupted(struct lctx *c, const char *title, const char *rep, size_t n,
			 const struct cformat *f);

struct linux_report {
	const struct coops *oops;
	size_t start, end;
	char *title;			/* raw, not normalised */
	struct strvec alts;		/* raw */
	bool corrupted;
	struct strbuf report;		/* context prefix lines + report */
	size_t prefix_len;
	/*
	 * catch_all: the title is the raw header line (no format of the oops
	 * matched: "INFO: Seed: 42", "WARNING: Failed to initialize DbgHelp!").
	 * kernel_context: the header line has a printk or dev_printk prefix
	 * ("[   12.3] ", "usb 5-1: "), or the report
	 * or its prefix lines hold what only a kernel console prints (see
	 * struct ctable's kernel_context; only looked for in catch-alls, true
	 * otherwise). A catch-all without kernel context is user-space
	 * output, not a kernel crash (report.c drops it).
	 */
	bool catch_all;
	bool kernel_context;
};

/*
 * The first report of buf[0..len). With a non-zero window, the report (its
 * text and end) is looked for only in the `window` bytes after its start:
 * --all on a log with thousands of crashes stays linear.
 */
bool linux_parse_one(struct lctx *c, const char *buf, size_t len, size_t window,
		     struct linux_report *r);
void linux_report_release(struct linux_report *r);

/* NUM/ADDR normalisation, 120 characters, printable ASCII (malloced). */
char *sanitize_title(struct lctx *c, const char *title);
/* "... in foo" -> "foo" (malloced), or NULL. */
char *frame_from_title(struct lctx *c, const char *title);
/* Properties of a whole output, found in one pass. */
struct output_marks {
	bool suppressed;	/* a non-kernel failure (fuzzer OOM...) */
	bool hangup;		/* the console connection was lost */
	bool panicked;		/* "Kernel panic - not syncing" somewhere... */
	size_t last_panic;	/* ...the last one here */
};

void scan_output(struct lctx *c, const char *buf, size_t len, struct output_marks *m);
/* Guilty source file from file:line frames of a report (malloced), or NULL. */
char *guilty_file(struct lctx *c, const char *title, const char *rep, size_t n);

#endif
