// SPDX-License-Identifier: Apache-2.0
/*
 * recipients.c - who hears about a culprit commit, split into "to" and "cc"
 * as syzbot does (see maintainers.h). The vcs-based wrapper is in commit.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "maintainers.h"
#include "../util/util.h"

#define LKML "linux-kernel@vger.kernel.org"

void recipients_release(struct recipients *r)
{
	strvec_clear(&r->to);
	strvec_clear(&r->cc);
}

/* The address of "Name <addr>", "<addr>" or "addr" (malloced), or NULL. */
static char *bare_address(const char *s)
{
	const char *lt = strrchr(s, '<'), *gt;
	char *a;

	if (lt && (gt = strchr(lt, '>')))
		a = xstrndup(lt + 1, gt - lt - 1);
	else
		a = xstrdup(s);
	/* trim, and drop a trailing "(comment)" or words after the address */
	{
		char *p = a, *q;

		while (*p == ' ' || *p == '\t')
			p++;
		memmove(a, p, strlen(p) + 1);
		for (q = a; *q && *q != ' ' && *q != '\t'; q++)
			;
		*q = '\0';
		/* "a@x.org," in a list of several */
		while (q > a && (q[-1] == ',' || q[-1] == ';'))
			*--q = '\0';
	}
	if (!strchr(a, '@') || a[0] == '@') {
		free(a);
		return NULL;
	}
	return a;
}

static bool has_addr(const struct strvec *sv, const char *a)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (!strcasecmp(sv->v[i], a))
			return true;
	return false;
}

static void add_addr(struct strvec *sv, const char *a)
{
	if (a && !has_addr(sv, a))
		strvec_push(sv, a);
}

static int cmp_addr(const void *a, const void *b)
{
	/* byte order, as Go's sort.Strings in syzbot */
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

/*
 * Trailers whose people syzbot writes to (pkg/vcs's ccRes, which reads
 * every line of the message): Signed-off-by, Reviewed-*, Acked-*, Tested-*
 * and the "X-and-reviewed-by" forms. Case is not significant here.
 */
static bool trailer_to(const char *key)
{
	static const char *const starts[] = { "Reviewed-", "Acked-", "Tested-" };
	static const char *const inside[] = { "-and-reviewed-", "-and-acked-", "-and-tested-" };

	if (!strcasecmp(key, "Signed-off-by"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(starts); i++)
		if (has_prefix_ci(key, starts[i]))
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(inside); i++)
		if (strcasestr(key, inside[i]))
			return true;
	return false;
}

/* The other people a commit names: Cc: and Reported-by: (and Reported-*). */
static bool trailer_cc(const char *key)
{
	return !strcasecmp(key, "Cc") || has_prefix_ci(key, "Reported-");
}

int maintainers_recipients(struct maintainers *m, const struct maintainers_commit *c,
			   const char *const *files, size_t nr,
			   const struct maintainers_source *src, struct recipients *out)
{
	struct strvec to = STRVEC_INIT, cc = STRVEC_INIT;
	bool other_list = false, lkml = false;
	char *a;

	if (c && c->author) {
		a = bare_address(c->author);
		add_addr(&to, a);
		free(a);
	}
	for (size_t i = 0; c && i < c->trailers_nr; i++) {
		bool is_to = trailer_to(c->trailer_keys[i]);

		if (!is_to && !trailer_cc(c->trailer_keys[i]))
			continue;
		a = bare_address(c->trailer_values[i]);
		add_addr(is_to ? &to : &cc, a);
		free(a);
	}
	if (m && nr) {
		struct maintainers_result r = MAINTAINERS_RESULT_INIT;

		if (maintainers_query(m, files, nr, src, &r) < 0) {
			strvec_clear(&to);
			return -1;
		}
		for (size_t i = 0; i < r.nr; i++) {
			const struct maintainers_entry *e = &r.v[i];

			if (!e->address || !strchr(e->address, '@'))
				continue;
			switch (e->kind) {
			case MAINT_LIST:
				if (!strcasecmp(e->address, LKML)) {
					lkml = true;
					break;
				}
				other_list = true;
				add_addr(&to, e->address);
				break;
			case MAINT_PERSON:
				add_addr(&to, e->address);
				break;
			case MAINT_REVIEWER:
			case MAINT_FILE_EMAIL:
				add_addr(&cc, e->address);
				break;
			}
		}
		if (lkml)
			add_addr(other_list ? &cc : &to, LKML);
		maintainers_result_release(&r);
	}
	for (size_t i = 0; i < cc.nr; i++)
		if (!has_addr(&to, cc.v[i]))
			strvec_push(&out->cc, cc.v[i]);
	for (size_t i = 0; i < to.nr; i++)
		strvec_push(&out->to, to.v[i]);
	qsort(out->to.v, out->to.nr, sizeof(char *), cmp_addr);
	qsort(out->cc.v, out->cc.nr, sizeof(char *), cmp_addr);
	strvec_clear(&to);
	strvec_clear(&cc);
	return 0;
}
