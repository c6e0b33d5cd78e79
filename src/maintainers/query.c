// SPDX-License-Identifier: Apache-2.0
/*
 * query.c - get_maintainers(): which sections a query takes, and in which
 * order (see maintainers.h for the rules). One pass over MAINTAINERS
 * matches every path of the query against every section's X:, F: and N:
 * lines and notes the K: lines; then the keywords are looked for in the
 * files' contents (or the patch), and the sections are handed to people.c
 * in the script's order.
 *
 * The one order the script does not define: sections of equal depth come
 * out of a Perl hash, in an order randomised per process. We take them in
 * MAINTAINERS order, which is one of the script's possible answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maint.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* One path of the query, as the pass sees it. */
struct qfile {
	struct qpath q;
	int depth;		/* of the last matching F:/N: line of this section */
	bool hit, excluded;	/* in this section */
	struct hit {
		size_t sec;	/* into pass.secs */
		int depth;
	} *hits;
	size_t nhits, ahits;
};

struct pass {
	struct qfile *files;
	size_t nfiles;
	size_t *touched, ntouched;	/* files with a hit or an X: in this section */
	struct msec *secs;	/* sections with a hit or a K: line */
	size_t nsecs, asecs;
	struct kw_line *kws;	/* every K: line */
	size_t nkws, akws;
	size_t run_kws;		/* K: lines of the current section (kws' tail) */
};

static void touch(struct pass *ps, size_t i)
{
	struct qfile *f = &ps->files[i];

	if (!f->hit && !f->excluded)
		ps->touched[ps->ntouched++] = i;
}

/* One typed line of a section, against every path. */
static void match_line(struct maintainers *m, struct pass *ps, const struct mline *l,
		       size_t entry, const struct maintainers_source *src)
{
	struct kre *k;
	int depth;

	switch (l->type) {
	case 'X':
		for (size_t i = 0; i < ps->nfiles; i++) {
			struct qfile *f = &ps->files[i];

			if (!f->excluded && fpat_match(m, l, &f->q, src, &depth)) {
				touch(ps, i);
				f->excluded = true;
			}
		}
		break;
	case 'F':
		for (size_t i = 0; i < ps->nfiles; i++) {
			struct qfile *f = &ps->files[i];

			if (fpat_match(m, l, &f->q, src, &depth)) {
				touch(ps, i);
				f->hit = true;
				f->depth = depth;
			}
		}
		break;
	case 'N':
		k = kre_get(m, l);
		for (size_t i = 0; i < ps->nfiles; i++) {
			struct qfile *f = &ps->files[i];

			if (kre_may_match(k, f->q.path, f->q.len) &&
			    kre_match(m, l, k, false, f->q.path, f->q.len)) {
				touch(ps, i);
				f->hit = true;
				f->depth = 0;
			}
		}
		break;
	case 'K':
		ALLOC_GROW(ps->kws, ps->nkws + 1, ps->akws);
		ps->kws[ps->nkws].entry = entry;
		ps->kws[ps->nkws].sec = SIZE_MAX;
		ps->kws[ps->nkws++].line = *l;
		ps->run_kws++;
		break;
	}
}

/* The end of a section: file its hits, and its K: lines. */
static void end_section(struct pass *ps, struct msec *sec, size_t end_off)
{
	bool keep = ps->run_kws > 0;

	for (size_t t = 0; t < ps->ntouched; t++) {
		struct qfile *f = &ps->files[ps->touched[t]];

		if (f->hit && !f->excluded) {
			ALLOC_GROW(f->hits, f->nhits + 1, f->ahits);
			f->hits[f->nhits].sec = ps->nsecs;
			f->hits[f->nhits++].depth = f->depth;
			keep = true;
		}
		f->hit = f->excluded = false;
	}
	ps->ntouched = 0;
	for (size_t k = ps->nkws - ps->run_kws; k < ps->nkws; k++)
		ps->kws[k].sec = ps->nsecs;
	ps->run_kws = 0;
	if (keep) {
		sec->end_off = end_off;
		ALLOC_GROW(ps->secs, ps->nsecs + 1, ps->asecs);
		ps->secs[ps->nsecs++] = *sec;
	}
}

/*
 * The pass: sections are runs of typed entries, each named by the untyped
 * entry before it (or by its own first line, at the very top), as
 * get_maintainers() walks them with find_starting_index() and
 * find_ending_index().
 */
static void scan(struct maintainers *m, struct pass *ps, const struct maintainers_source *src)
{
	struct mcursor c;
	struct mline l;
	struct msec sec = { 0 }, name = { 0 };
	size_t entry = 0;
	bool in_run = false;

	mcursor_init(m, &c, 0, 1);
	while (mfile_next(m, &c, &l)) {
		if (!l.type) {
			if (in_run)
				end_section(ps, &sec, l.off);
			in_run = false;
			name.hdr_off = l.off;
			name.hdr_lineno = l.lineno;
			name.body_off = c.off;
			name.body_lineno = c.lineno;
			entry++;
			continue;
		}
		if (!in_run) {
			sec = name;
			sec.first = entry;
			if (!entry) {
				sec.hdr_off = l.off;
				sec.hdr_lineno = l.lineno;
				sec.body_off = c.off;
				sec.body_lineno = c.lineno;
			}
			in_run = true;
		}
		match_line(m, ps, &l, entry, src);
		entry++;
	}
	if (in_run)
		end_section(ps, &sec, m->len);
}

/* Sections deepest first; equally deep ones in MAINTAINERS order (stable). */
static void sort_hits(struct hit *h, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct hit x = h[i];
		size_t j = i;

		for (; j > 0 && h[j - 1].depth < x.depth; j--)
			h[j] = h[j - 1];
		h[j] = x;
	}
}

/* sort_and_uniq() of @keyword_tvi: Perl's sort compares the numbers as strings */
static int cmp_entry_str(const void *a, const void *b)
{
	char x[32], y[32];

	snprintf(x, sizeof(x), "%zu", ((const struct kw_line *)a)->entry);
	snprintf(y, sizeof(y), "%zu", ((const struct kw_line *)b)->entry);
	return strcmp(x, y);
}

/* File::Spec canonpath() for the paths we are given. */
static char *canon_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = path;

	while (*p) {
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);

		if (n && !(n == 1 && p[0] == '.')) {
			if (sb.len || path[0] == '/')
				strbuf_addch(&sb, '/');
			strbuf_add(&sb, p, n);
		}
		if (!q)
			break;
		p = q + 1;
	}
	if (!sb.len)
		strbuf_addstr(&sb, path[0] == '/' ? "/" : ".");
	return strbuf_detach(&sb, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* @files = sort_and_uniq(@files) */
static void sort_and_uniq(struct strvec *files)
{
	size_t j = 0;

	if (files->nr > 1)
		qsort(files->v, files->nr, sizeof(*files->v), cmp_str);
	for (size_t i = 0; i < files->nr; i++) {
		if (j && !strcmp(files->v[j - 1], files->v[i])) {
			free((char *)files->v[i]);
			continue;
		}
		files->v[j++] = files->v[i];
	}
	files->nr = j;
	files->v[j] = NULL;
}

/*
 * The -f/patch loop over the arguments: the paths in `files`, the -f paths
 * whose content the K: lines are run on in `contents`.
 */
static int read_inputs(const struct maintainers_input *in, size_t nr,
		       const struct maintainers_source *src, struct strvec *files,
		       struct strvec *contents)
{
	for (size_t i = 0; i < nr; i++) {
		char *file;
		size_t before = files->nr;

		if (in[i].patch) {
			patch_files(in[i].patch, in[i].patch_len, files);
			if (files->nr == before)
				return error("%s: does not look like a patch (no file in it)",
					     in[i].path ? in[i].path : "patch");
			sort_and_uniq(files);
			continue;
		}
		file = canon_path(in[i].path);
		/* a directory gets a '/' */
		if (src && src->is_dir && strcmp(file, ".") && src->is_dir(src->data, file) == 1) {
			char *d = xstrfmt("%s/", file);

			free(file);
			file = d;
		}
		strvec_push(files, file);
		if (strcmp(file, "MAINTAINERS"))
			strvec_push(contents, file);
		free(file);
	}
	return 0;
}

/* A file's content, mapped by the source when it can, else read. */
struct content {
	const char *text;
	size_t len;
	bool mapped;
	struct strbuf sb;
};

static int content_read(const struct maintainers_source *src, const char *path,
			struct content *c)
{
	c->mapped = false;
	strbuf_reset(&c->sb);
	if (!src)
		return -1;
	if (src->map_file && src->unmap_file) {
		if (src->map_file(src->data, path, &c->text, &c->len) < 0)
			return -1;
		c->mapped = true;
		return 0;
	}
	if (!src->read_file || src->read_file(src->data, path, &c->sb) < 0)
		return -1;
	c->text = c->sb.buf;
	c->len = c->sb.len;
	return 0;
}

static void content_done(const struct maintainers_source *src, struct content *c)
{
	if (c->mapped)
		src->unmap_file(src->data, c->text, c->len);
	c->mapped = false;
}

/* The K: lines matching the files' contents or the patches (@keyword_tvi). */
static void keywords(struct maintainers *m, struct pass *ps, const struct maintainers_input *in,
		     size_t nr, const struct strvec *contents, const struct maintainers_source *src,
		     bool *hit)
{
	struct content text = { .sb = STRBUF_INIT };
	struct kre **res = xcalloc(ps->nkws + 1, sizeof(*res));
	bool *maybe = xcalloc(ps->nkws + 1, sizeof(*maybe));

	for (size_t k = 0; k < ps->nkws; k++)
		res[k] = kre_get(m, &ps->kws[k].line);
	for (size_t i = 0; i < contents->nr; i++) {
		if (content_read(src, contents->v[i], &text) < 0)
			continue;
		kre_may_match_many(res, ps->nkws, text.text, text.len, maybe);
		for (size_t k = 0; k < ps->nkws; k++)
			if (!hit[k] && maybe[k] &&
			    kre_match(m, &ps->kws[k].line, res[k], false, text.text, text.len))
				hit[k] = true;
		content_done(src, &text);
	}
	free(res);
	free(maybe);
	for (size_t i = 0; i < nr; i++)
		if (in[i].patch)
			patch_keywords(m, in[i].patch, in[i].patch_len, ps->kws, ps->nkws, hit);
	strbuf_release(&text.sb);
}

static void pass_release(struct pass *ps)
{
	for (size_t i = 0; i < ps->nfiles; i++)
		free(ps->files[i].hits);
	free(ps->files);
	free(ps->touched);
	free(ps->secs);
	free(ps->kws);
}

int maintainers_query_inputs(struct maintainers *m, const struct maintainers_input *in,
			     size_t nr, const struct maintainers_source *src,
			     struct maintainers_result *out)
{
	struct strvec files = STRVEC_INIT, contents = STRVEC_INIT;
	struct content text = { .sb = STRBUF_INIT };
	struct pass ps = { 0 };
	struct people *people;
	bool *hit;

	if (read_inputs(in, nr, src, &files, &contents) < 0) {
		strvec_clear(&files);
		strvec_clear(&contents);
		return -1;
	}
	ps.nfiles = files.nr;
	ps.files = xcalloc(files.nr + 1, sizeof(*ps.files));
	ps.touched = xcalloc(files.nr + 1, sizeof(*ps.touched));
	for (size_t i = 0; i < files.nr; i++) {
		struct qpath *q = &ps.files[i].q;

		q->path = files.v[i];
		q->len = strlen(q->path);
		for (size_t k = 0; k < q->len; k++)
			q->slashes += q->path[k] == '/';
	}
	scan(m, &ps, src);

	hit = xcalloc(ps.nkws + 1, sizeof(*hit));
	keywords(m, &ps, in, nr, &contents, src, hit);

	people = people_new(m);
	for (size_t i = 0; i < ps.nfiles; i++) {
		struct qfile *f = &ps.files[i];

		sort_hits(f->hits, f->nhits);
		for (size_t k = 0; k < f->nhits; k++)
			people_add_section(people, &ps.secs[f->hits[k].sec]);
		/* maintainers_in_file(): addresses written in .yaml files */
		if (ends_with(f->q.path, ".yaml") && content_read(src, f->q.path, &text) == 0) {
			people_file_emails(people, text.text, text.len);
			content_done(src, &text);
		}
	}
	/* keywords last, in the string order of their line indices */
	{
		size_t n = 0;

		for (size_t k = 0; k < ps.nkws; k++)
			if (hit[k])
				ps.kws[n++] = ps.kws[k];
		if (n > 1)
			qsort(ps.kws, n, sizeof(*ps.kws), cmp_entry_str);
		for (size_t k = 0; k < n; k++)
			people_add_section(people, &ps.secs[ps.kws[k].sec]);
	}
	people_finish(people, out);

	free(hit);
	pass_release(&ps);
	strbuf_release(&text.sb);
	strvec_clear(&files);
	strvec_clear(&contents);
	return 0;
}

int maintainers_query(struct maintainers *m, const char *const *files, size_t nr,
		      const struct maintainers_source *src, struct maintainers_result *out)
{
	struct maintainers_input *in = xcalloc(nr + 1, sizeof(*in));
	int ret;

	for (size_t i = 0; i < nr; i++)
		in[i].path = files[i];
	ret = maintainers_query_inputs(m, in, nr, src, out);
	free(in);
	return ret;
}

void maintainers_result_release(struct maintainers_result *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		free(r->v[i].email);
		free(r->v[i].address);
		free(r->v[i].role);
	}
	free(r->v);
	r->v = NULL;
	r->nr = r->alloc = 0;
}
