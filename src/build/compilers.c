// SPDX-License-Identifier: Apache-2.0
/*
 * The compiler table (see compilers.h). Lookups walk the rows: tables have
 * a handful of rows, one per compiler generation.
 */
#include "compilers.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../util/run.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../util/util.h"

static void add_row(struct compiler_table *t, const char *since, const char *cc)
{
	for (size_t i = 0; i < t->nr; i++) {
		struct compiler_row *r = &t->rows[i];

		if ((!since && !r->since) || (since && r->since && !strcmp(since, r->since))) {
			free(r->cc);
			r->cc = xstrdup(cc);
			return;
		}
	}
	ALLOC_GROW(t->rows, t->nr + 1, t->alloc);
	t->rows[t->nr].since = since ? xstrdup(since) : NULL;
	t->rows[t->nr].cc = xstrdup(cc);
	t->nr++;
}

int compiler_table_parse(struct compiler_table *t, const char *text, const char *origin)
{
	struct strbuf line = STRBUF_INIT;
	int lineno = 0, ret = 0;

	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		struct strvec words = STRVEC_INIT;
		char *hash;

		lineno++;
		strbuf_reset(&line);
		strbuf_add(&line, text, len);
		text += len + (nl ? 1 : 0);
		hash = strchr(line.buf, '#');
		if (hash)
			strbuf_setlen(&line, hash - line.buf);
		strvec_split(&words, line.buf);
		if (words.nr == 0) {
			strvec_clear(&words);
			continue;
		}
		if (words.nr < 2) {
			ret = error("%s:%d: expected \"<release tag|default> <compiler>\"",
				    origin, lineno);
			strvec_clear(&words);
			break;
		}
		/* the compiler may be several words ("ccache gcc-10") */
		struct strbuf cc = STRBUF_INIT;

		for (size_t i = 1; i < words.nr; i++) {
			if (i > 1)
				strbuf_addch(&cc, ' ');
			strbuf_addstr(&cc, words.v[i]);
		}
		add_row(t, strcmp(words.v[0], "default") ? words.v[0] : NULL, cc.buf);
		strbuf_release(&cc);
		strvec_clear(&words);
	}
	strbuf_release(&line);
	return ret;
}

int compiler_table_read(struct compiler_table *t, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&sb, path) < 0)
		return error("cannot read compiler table %s: %s", path, strerror(errno));
	ret = compiler_table_parse(t, sb.buf, path);
	strbuf_release(&sb);
	return ret;
}

void compiler_table_release(struct compiler_table *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		free(t->rows[i].since);
		free(t->rows[i].cc);
	}
	free(t->rows);
	t->rows = NULL;
	t->nr = t->alloc = 0;
}

const char *compiler_table_lookup(const struct compiler_table *t, const char *release)
{
	const char *best = NULL, *best_since = NULL, *def = "gcc";

	for (size_t i = 0; i < t->nr; i++) {
		const struct compiler_row *r = &t->rows[i];

		if (!r->since) {
			def = r->cc;
			continue;
		}
		if (!release || release_cmp(r->since, release) > 0)
			continue;
		if (!best_since || release_cmp(r->since, best_since) > 0) {
			best_since = r->since;
			best = r->cc;
		}
	}
	return best ? best : def;
}

/*
 * Next component of a version: a number (returns 1, *num set), an -rc
 * marker (returns 2, *num = rc number), or the end (0). Other text is
 * compared as a number 0.
 */
static int next_part(const char **s, unsigned long *num)
{
	const char *p = *s;

	while (*p && !isdigit((unsigned char)*p) && *p != '-')
		p++;
	if (!*p) {
		*s = p;
		return 0;
	}
	if (*p == '-') {
		int rc = !strncmp(p, "-rc", 3);

		p += rc ? 3 : 1;
		*num = strtoul(p, (char **)&p, 10);
		*s = p;
		return rc ? 2 : next_part(s, num);
	}
	*num = strtoul(p, (char **)&p, 10);
	*s = p;
	return 1;
}

int release_cmp(const char *a, const char *b)
{
	for (;;) {
		unsigned long na = 0, nb = 0;
		int ka = next_part(&a, &na), kb = next_part(&b, &nb);

		if (ka != kb) {
			/* release (end) > rc; more numbers > end; rc < end */
			int ra = ka == 1 ? 2 : ka == 0 ? 1 : 0;
			int rb = kb == 1 ? 2 : kb == 0 ? 1 : 0;

			return ra - rb;
		}
		if (!ka)
			return 0;
		if (na != nb)
			return na < nb ? -1 : 1;
	}
}

char *compiler_identity_normalize(const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	const char *nl = strchr(line, '\n');

	strbuf_add(&sb, line, nl ? (size_t)(nl - line) : strlen(line));
	strbuf_trim(&sb);
	return strbuf_detach(&sb, NULL);
}

static pthread_mutex_t ident_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ident { char *cc, *id; } *idents;
static size_t idents_nr, idents_alloc;

const char *compiler_identity(const char *cc)
{
	struct strvec words = STRVEC_INIT;
	struct child c = CHILD_INIT;
	const char *ret = NULL;
	size_t i;

	pthread_mutex_lock(&ident_lock);
	for (i = 0; i < idents_nr; i++)
		if (!strcmp(idents[i].cc, cc))
			break;
	if (i < idents_nr) {
		ret = idents[i].id;
		goto out;
	}
	strvec_split(&words, cc);
	i = words.nr > 1 && !strcmp(words.v[0], "ccache") ? 1 : 0;
	if (i >= words.nr) {
		error("empty compiler command '%s'", cc);
		goto out;
	}
	strvec_push(&c.args, words.v[i]);
	strvec_push(&c.args, "--version");
	strvec_push(&c.env, "LC_ALL=C");
	c.timeout = 60;
	if (child_run(&c) < 0)
		goto out;
	if (!child_ok(&c) || !c.out.len) {
		char *how = child_describe(&c);

		error("%s --version: %s", words.v[i], how);
		free(how);
		goto out;
	}
	ALLOC_GROW(idents, idents_nr + 1, idents_alloc);
	idents[idents_nr].cc = xstrdup(cc);
	idents[idents_nr].id = compiler_identity_normalize(c.out.buf);
	ret = idents[idents_nr++].id;
out:
	pthread_mutex_unlock(&ident_lock);
	child_release(&c);
	strvec_clear(&words);
	return ret;
}
