// SPDX-License-Identifier: Apache-2.0
/*
 * report.c - the public side of the crash-report parser: every kernel
 * report in order (like syzkaller's ParseAll), normalised titles, types,
 * frames, guilty files, then the user-space reports merged by position.
 */
#include <stdlib.h>
#include <string.h>

#include "anchors.h"
#include "linux.h"
#include "text.h"
#include "report.h"
#include "userspace.h"
#include "util/util.h"

/*
 * At most this many crashes are kept from one output (the text of each is
 * bounded too, see fill_report()); the ones past it are counted in
 * report_list.dropped, never dropped silently.
 */
#define MAX_REPORTS REPORT_MAX_CRASHES
/*
 * Like syzkaller, the first report runs to the end of the output; the later
 * ones to the next report, and at most this far from their start.
 */
#define LATER_REPORT_WINDOW (256 * 1024)
/*
 * Kernel report text kept per crash after its context lines (the first
 * report runs to the end of the output): its first 256 KiB, then a line
 * saying how much was left out. An "INFO: task hung" with every task's
 * stack is under 100 KiB.
 */
#define KERNEL_TEXT_MAX (256 * 1024)

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void fill_report(struct lctx *c, struct linux_report *lr, size_t base,
			const struct output_marks *m, struct crash_report *cr)
{
	char *g;

	memset(cr, 0, sizeof(*cr));
	cr->title = sanitize_title(c, lr->title);
	cr->alt_nr = lr->alts.nr;
	cr->alt_titles = xcalloc(lr->alts.nr + 1, sizeof(*cr->alt_titles));
	for (size_t i = 0; i < lr->alts.nr; i++)
		cr->alt_titles[i] = sanitize_title(c, lr->alts.v[i]);
	qsort(cr->alt_titles, cr->alt_nr, sizeof(*cr->alt_titles), cmp_str);
	cr->type = xstrdup(title_to_type(cr->title));
	cr->frame = frame_from_title(c, cr->title);
	cr->corrupted = lr->corrupted || m->hangup;
	cr->suppressed = m->suppressed;
	/* like syzkaller: a panic anywhere after where this parse started */
	cr->panicked = m->panicked && m->last_panic >= base;
	cr->start = base + lr->start;
	cr->end = base + lr->end;
	g = guilty_file(c, cr->title, lr->report.buf + lr->prefix_len,
			lr->report.len - lr->prefix_len);
	cr->guilty_file = g;
	/* the text kept: titles, frames and guilty file came from all of it */
	text_cap(&lr->report, lr->prefix_len + KERNEL_TEXT_MAX);
	cr->report_len = lr->report.len;
	cr->report = strbuf_detach(&lr->report, NULL);
	cr->prefix_len = lr->prefix_len;
}

/*
 * A catch-all (the raw line as title) with no kernel console context is a
 * user-space line that happens to start like an oops ("WARNING: Failed to
 * initialize DbgHelp!", libFuzzer's "INFO: Seed: 42", "WARNING:
 * MemorySanitizer: ..." without its "in func"): not a crash. A catch-all in a kernel console is kept, like syzkaller
 * does, but yields to a structured user-space report it overlaps.
 */
static bool believed(const struct linux_report *lr)
{
	return !lr->catch_all || lr->kernel_context;
}

/*
 * Kernel reports of buf[0..len) into `list`; `weak[i]` (grown with it; may
 * be NULL) tells which are catch-alls. With `first_only`, stops at the
 * first one (report_contains_crash()).
 */
static size_t parse_kernel(const char *buf, size_t len, const struct anchors *a,
			   struct report_list *list, bool **weak, size_t *weak_alloc, bool first_only)
{
	struct lctx c;
	size_t skip = 0, found = 0, tries = 0;
	struct output_marks marks;
	bool checked = false;

	lctx_init(&c);
	lctx_set_output(&c, buf, len, a);
	while (skip < len) {
		struct linux_report lr;
		struct crash_report *cr;
		const char *nl;
		size_t skip_pos;

		/*
		 * Only the first header is parsed to the end of the output; the
		 * later ones to the next report: a user-space log full of
		 * "INFO:" lines stays linear. The quick check (first_only)
		 * never needs the whole rest.
		 */
		if (!linux_parse_one(&c, buf + skip, len - skip,
				     tries++ || first_only ? LATER_REPORT_WINDOW : 0, &lr))
			break;
		if (!believed(&lr) || list->nr >= MAX_REPORTS) {
			/* not a crash, or one past the cap (counted): on to the next line */
			if (believed(&lr))
				list->dropped++;
			nl = memchr(buf + skip + lr.start, '\n', len - skip - lr.start);
			skip_pos = nl ? (size_t)(nl - buf) : len;
			linux_report_release(&lr);
			if (skip_pos <= skip)
				break;
			skip = skip_pos;
			continue;
		}
		if (!checked) {
			/* properties of the whole output */
			scan_output(&c, buf, len, &marks);
			checked = true;
		}
		ALLOC_GROW(list->items, list->nr + 1, list->alloc);
		if (weak) {
			ALLOC_GROW(*weak, list->nr + 1, *weak_alloc);
			(*weak)[list->nr] = lr.catch_all;
		}
		cr = &list->items[list->nr++];
		fill_report(&c, &lr, skip, &marks, cr);
		linux_report_release(&lr);
		found++;
		if (first_only)
			break;
		nl = memchr(buf + cr->start, '\n', len - cr->start);
		skip_pos = nl ? (size_t)(nl - buf) : len;
		if (cr->end < skip_pos)
			cr->end = skip_pos;
		if (skip_pos <= skip)
			break;
		skip = skip_pos;
	}
	lctx_release(&c);
	return found;
}

/*
 * Drop the kernel catch-alls that overlap a structured user-space report.
 * Both lists are in order of start and the user-space reports do not
 * overlap each other: only the user report just before a kernel report's
 * start, and the ones from its start on, can overlap it. Linear.
 */
static void drop_weak_kernel(struct report_list *kernel, const bool *weak,
			     const struct report_list *user)
{
	size_t kept = 0, j = 0;

	for (size_t i = 0; i < kernel->nr; i++) {
		struct crash_report *k = &kernel->items[i];
		bool drop = false;

		while (j < user->nr && user->items[j].start < k->start)
			j++;
		if (weak[i]) {
			drop = (j > 0 && user->items[j - 1].end > k->start) ||
			       (j < user->nr && (user->items[j].start == k->start ||
						 user->items[j].start < k->end));
		}
		if (drop)
			crash_report_release(k);
		else
			kernel->items[kept++] = *k;
	}
	kernel->nr = kept;
}

/*
 * A kernel report and a user-space one that start on the same line are one
 * crash read twice (a Go "panic: ..." is both syzkaller's and clusterfuzz's):
 * the kernel report, which wins the overlap, keeps clusterfuzz's crash_type
 * and crash_state too. Both lists in order of start: linear.
 */
static void adopt_user_fields(const char *buf, size_t len, struct report_list *kernel,
			      const struct report_list *user)
{
	size_t j = 0;

	for (size_t i = 0; i < kernel->nr; i++) {
		struct crash_report *k = &kernel->items[i];
		const char *nl = memchr(buf + k->start, '\n', len - k->start);
		size_t line_end = nl ? (size_t)(nl - buf) : len;
		const struct crash_report *u;

		while (j < user->nr && user->items[j].start < k->start)
			j++;
		for (size_t m = j; m < user->nr && user->items[m].start <= line_end && !k->crash_type; m++) {
			u = &user->items[m];
			if (!u->crash_type)
				continue;
			k->crash_type = xstrdup(u->crash_type);
			k->crash_state = u->crash_state ? xstrdup(u->crash_state) : NULL;
			k->crash_address = u->crash_address ? xstrdup(u->crash_address) : NULL;
			k->security = u->security;
		}
	}
}

/*
 * ClusterFuzz's fields of a kernel report: read from its text when
 * ClusterFuzz knows the kind (KASAN, Oops, panic...); else the crash type
 * is "Kernel failure" and the kind of the title ("WARNING", "INFO: task
 * hung"), the state the first three frames of its stack, and it is a
 * security bug when it is a memory-safety one (KASAN, KFENCE, a bad access).
 */
static void kernel_fields(struct crash_report *kr)
{
	const char *text = kr->report + kr->prefix_len;
	size_t len = kr->report_len - kr->prefix_len;
	const char *in;
	char *type;

	if (kr->crash_type)
		return;
	report_userspace_fields(text, len, NULL, kr);
	if (kr->crash_type)
		return;
	in = strstr(kr->title, " in ");
	type = xstrfmt("Kernel failure\n%.*s", in ? (int)(in - kr->title) : (int)strlen(kr->title),
		       kr->title);
	report_userspace_fields(text, len, type, kr);
	free(type);
	kr->security = kr->type && (!strncmp(kr->type, "KASAN", 5) || !strncmp(kr->type, "KFENCE", 6) ||
				    !strcmp(kr->type, "MEMORY_SAFETY_BUG"));
}

size_t report_parse(const char *buf, size_t len, struct report_list *list)
{
	struct report_list kernel = REPORT_LIST_INIT, user = REPORT_LIST_INIT;
	size_t i = 0, j = 0, n, weak_alloc = 0;
	bool *weak = NULL;
	struct anchors a;

	if (!buf)
		len = 0;
	if (!len)
		buf = "";
	/* one scan of the input for the anchors of both halves */
	anchors_scan(buf, len, &a);
	parse_kernel(buf, len, &a, &kernel, &weak, &weak_alloc, false);
	report_parse_userspace_at(buf, len, &a.trig, a.near, &user);
	anchors_release(&a);
	if (user.nr) {
		drop_weak_kernel(&kernel, weak, &user);
		adopt_user_fields(buf, len, &kernel, &user);
	}
	for (size_t k = 0; k < kernel.nr; k++)
		kernel_fields(&kernel.items[k]);
	free(weak);
	report_userspace_drop_overlaps(&user, &kernel, buf, len);
	n = kernel.nr + user.nr;
	ALLOC_GROW(list->items, list->nr + n, list->alloc);
	list->dropped += kernel.dropped + user.dropped;
	n = 0;
	/* merge by start; kernel first on ties; at most MAX_REPORTS in all */
	while (i < kernel.nr || j < user.nr) {
		struct crash_report *r;

		if (j >= user.nr || (i < kernel.nr && kernel.items[i].start <= user.items[j].start))
			r = &kernel.items[i++];
		else
			r = &user.items[j++];
		if (n >= MAX_REPORTS) {
			crash_report_release(r);
			list->dropped++;
			continue;
		}
		list->items[list->nr++] = *r;
		n++;
	}
	free(kernel.items);
	free(user.items);
	return n;
}

bool report_contains_crash(const char *buf, size_t len)
{
	struct lctx c;
	size_t start;
	bool found;

	if (!buf || !len)
		return false;
	lctx_init(&c);
	lctx_set_output(&c, buf, len, NULL);
	found = find_first_oops(&c, buf, len, &start) != NULL;
	lctx_release(&c);
	if (found) {
		/* a header: is it a kernel crash, or a user-space catch-all? */
		struct report_list kernel = REPORT_LIST_INIT;

		found = parse_kernel(buf, len, NULL, &kernel, NULL, NULL, true) > 0;
		report_list_release(&kernel);
	}
	if (!found) {
		struct report_list user = REPORT_LIST_INIT;

		found = report_parse_userspace(buf, len, &user) > 0;
		report_list_release(&user);
	}
	return found;
}

bool report_matches_title(const struct crash_report *r, const char *title)
{
	if (!title)
		return false;
	if (r->title && !strcmp(r->title, title))
		return true;
	for (size_t i = 0; i < r->alt_nr; i++)
		if (!strcmp(r->alt_titles[i], title))
			return true;
	return false;
}

char *report_guilty_file(const char *title, const char *text, size_t len)
{
	struct lctx c;
	char *res;

	lctx_init(&c);
	res = guilty_file(&c, title, text ? text : "", text ? len : 0);
	lctx_release(&c);
	return res;
}

const char *report_title_type(const char *title)
{
	return title_to_type(title ? title : "");
}

void crash_report_release(struct crash_report *r)
{
	free(r->title);
	for (size_t i = 0; i < r->alt_nr; i++)
		free(r->alt_titles[i]);
	free(r->alt_titles);
	free(r->type);
	free(r->frame);
	free(r->guilty_file);
	free(r->report);
	free(r->crash_type);
	free(r->crash_state);
	free(r->crash_address);
	memset(r, 0, sizeof(*r));
}

void report_list_release(struct report_list *list)
{
	for (size_t i = 0; i < list->nr; i++)
		crash_report_release(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->nr = list->alloc = 0;
}
