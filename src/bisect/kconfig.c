// SPDX-License-Identifier: Apache-2.0
/*
 * Kernel .config files and Kconfig dependencies (see kconfig.h).
 *
 * HOW IT WORKS
 * The Kconfig reader walks the files line by line with a stack of open
 * blocks (if, menu, choice), each holding the symbols its condition names;
 * a `source` line reads the named file with the symbols of every block open
 * at that point. `depends on` applies to the entry it follows (a config, a
 * menu or a choice). Help texts are skipped by indentation, as the kconfig
 * lexer does: they end at the first line indented less than their first.
 */
#include "kconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

/* ---- .config files ---- */

void kconfig_file_release(struct kconfig_file *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		free(f->items[i].name);
		free(f->items[i].value);
	}
	free(f->items);
	memset(f, 0, sizeof(*f));
}

/* Index of name, or -(insertion point) - 1. */
static long find(const struct kconfig_file *f, const char *name)
{
	size_t lo = 0, hi = f->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(f->items[mid].name, name);

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

const char *kconfig_get(const struct kconfig_file *f, const char *name)
{
	long i = find(f, name);

	return i >= 0 ? f->items[i].value : NULL;
}

bool kconfig_enabled(const struct kconfig_file *f, const char *name)
{
	const char *v = kconfig_get(f, name);

	return v && (!strcmp(v, "y") || !strcmp(v, "m"));
}

static void set_n(struct kconfig_file *f, const char *name, size_t nlen, const char *value,
		  size_t vlen)
{
	char *key = xstrndup(name, nlen);
	long i = find(f, key);

	if (i >= 0) {
		free(f->items[i].value);
		f->items[i].value = xstrndup(value, vlen);
		free(key);
		return;
	}
	i = -i - 1;
	if (f->nr == f->alloc) {
		f->alloc = f->alloc ? 2 * f->alloc : 256;
		f->items = xrealloc(f->items, f->alloc * sizeof(*f->items));
	}
	memmove(f->items + i + 1, f->items + i, (f->nr - (size_t)i) * sizeof(*f->items));
	f->items[i].name = key;
	f->items[i].value = xstrndup(value, vlen);
	f->nr++;
}

void kconfig_set(struct kconfig_file *f, const char *name, const char *value)
{
	set_n(f, name, strlen(name), value, strlen(value));
}

static bool is_sym_char(int c)
{
	return isalnum(c) || c == '_';
}

void kconfig_file_parse(struct kconfig_file *f, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q = p, *name;
		size_t n;

		if (le - q > 2 && q[0] == '#' && q[1] == ' ')
			q += 2;
		if (le - q > 7 && !strncmp(q, "CONFIG_", 7)) {
			name = q + 7;
			for (n = 0; name + n < le && is_sym_char((unsigned char)name[n]); n++)
				;
			if (n && q != p && le - (name + n) >= 11 && !strncmp(name + n, " is not set", 11))
				set_n(f, name, n, "n", 1);
			else if (n && q == p && name + n < le && name[n] == '=')
				set_n(f, name, n, name + n + 1, (size_t)(le - (name + n + 1)));
		}
		p = nl ? nl + 1 : end;
	}
}

int kconfig_file_read(struct kconfig_file *f, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return error("cannot read %s: %s", path, strerror(errno));
	}
	kconfig_file_parse(f, sb.buf, sb.len);
	strbuf_release(&sb);
	return 0;
}

void kconfig_file_format(const struct kconfig_file *f, struct strbuf *out)
{
	for (size_t i = 0; i < f->nr; i++) {
		if (!strcmp(f->items[i].value, "n"))
			strbuf_addf(out, "# CONFIG_%s is not set\n", f->items[i].name);
		else
			strbuf_addf(out, "CONFIG_%s=%s\n", f->items[i].name, f->items[i].value);
	}
}

int kconfig_file_write(const struct kconfig_file *f, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	kconfig_file_format(f, &sb);
	ret = write_file_atomic(path, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

void kconfig_file_copy(struct kconfig_file *dst, const struct kconfig_file *src)
{
	kconfig_file_release(dst);
	dst->alloc = dst->nr = src->nr;
	dst->items = xcalloc(src->nr ? src->nr : 1, sizeof(*dst->items));
	for (size_t i = 0; i < src->nr; i++) {
		dst->items[i].name = xstrdup(src->items[i].name);
		dst->items[i].value = xstrdup(src->items[i].value);
	}
}

size_t kconfig_count_on(const struct kconfig_file *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nr; i++)
		if (strcmp(f->items[i].value, "n") && strcmp(f->items[i].value, "\"\""))
			n++;
	return n;
}

/* ---- Kconfig dependencies ---- */

struct sym {
	char *name;
	const char *file;	/* shared with the file table */
	int line;
	int choice;		/* the choice block it is a member of, or 0 */
	struct strvec deps;
};

struct kconfig_deps {
	struct sym *syms;	/* open addressing, size a power of 2 */
	size_t size, nr;
	struct strvec files;	/* every file read, in order (owns the names) */
	char *srcdir, *srcarch;
};

static uint64_t hash_str(const char *s)
{
	return fnv1a64(s, strlen(s));
}

static struct sym *sym_slot(struct kconfig_deps *d, const char *name)
{
	size_t i = (size_t)hash_str(name) & (d->size - 1);

	while (d->syms[i].name && strcmp(d->syms[i].name, name))
		i = (i + 1) & (d->size - 1);
	return &d->syms[i];
}

static struct sym *sym_get(struct kconfig_deps *d, const char *name, const char *file, int line)
{
	struct sym *s;

	if (2 * (d->nr + 1) > d->size) {
		struct sym *old = d->syms;
		size_t n = d->size;

		d->size = n ? 2 * n : 4096;
		d->syms = xcalloc(d->size, sizeof(*d->syms));
		for (size_t i = 0; i < n; i++)
			if (old[i].name)
				*sym_slot(d, old[i].name) = old[i];
		free(old);
	}
	s = sym_slot(d, name);
	if (!s->name) {
		s->name = xstrdup(name);
		s->file = file;
		s->line = line;
		strvec_init(&s->deps);
		d->nr++;
	}
	return s;
}

static const struct sym *sym_find(const struct kconfig_deps *d, const char *name)
{
	size_t i;

	if (!d->size)
		return NULL;
	i = (size_t)hash_str(name) & (d->size - 1);
	while (d->syms[i].name) {
		if (!strcmp(d->syms[i].name, name))
			return &d->syms[i];
		i = (i + 1) & (d->size - 1);
	}
	return NULL;
}

static void add_unique(struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return;
	strvec_push(v, s);
}

/* The symbols an expression names ("A && (B || !C) && D=y" -> A B C D). */
static void expr_symbols(const char *e, struct strvec *out)
{
	while (*e) {
		if (*e == '"' || *e == '\'') {
			char q = *e++;

			while (*e && *e != q)
				e++;
			if (*e)
				e++;
		} else if (*e == '$' && e[1] == '(') {
			int depth = 0;

			e++;
			do {
				depth += *e == '(' ? 1 : *e == ')' ? -1 : 0;
				e++;
			} while (*e && depth > 0);
		} else if (*e == '#') {
			return;
		} else if (is_sym_char((unsigned char)*e)) {
			const char *b = e;
			bool digits = true;

			while (is_sym_char((unsigned char)*e)) {
				digits = digits && isdigit((unsigned char)*e);
				e++;
			}
			char *w = xstrndup(b, (size_t)(e - b));

			if (!digits && strcmp(w, "y") && strcmp(w, "n") && strcmp(w, "m") &&
			    strcmp(w, "if"))
				add_unique(out, w);
			free(w);
		} else {
			e++;
		}
	}
}

enum block_kind { BLOCK_IF, BLOCK_MENU, BLOCK_CHOICE };

struct block {
	enum block_kind kind;
	int choice;		/* BLOCK_CHOICE: its number */
	struct strvec deps;
};

struct reader {
	struct kconfig_deps *d;
	struct block *stack;
	size_t depth, alloc;
	int level;		/* source nesting, against loops */
	int choices;		/* choice blocks seen */
};

static void push_block(struct reader *r, enum block_kind kind)
{
	if (r->depth == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 16;
		r->stack = xrealloc(r->stack, r->alloc * sizeof(*r->stack));
	}
	r->stack[r->depth].kind = kind;
	r->stack[r->depth].choice = kind == BLOCK_CHOICE ? ++r->choices : 0;
	strvec_init(&r->stack[r->depth].deps);
	r->depth++;
}

static void pop_block(struct reader *r, enum block_kind kind)
{
	/* an unbalanced end (a broken file) closes nothing beyond its file */
	if (!r->depth || r->stack[r->depth - 1].kind != kind)
		return;
	r->depth--;
	strvec_clear(&r->stack[r->depth].deps);
}

static int indent_of(const char *l)
{
	int col = 0;

	for (; *l == ' ' || *l == '\t'; l++)
		col = *l == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return col;
}

/* The keyword at the start of a line and what follows it. */
static bool keyword(const char *l, const char *kw, const char **rest)
{
	size_t n = strlen(kw);

	while (*l == ' ' || *l == '\t')
		l++;
	if (strncmp(l, kw, n) || (l[n] && l[n] != ' ' && l[n] != '\t'))
		return false;
	l += n;
	while (*l == ' ' || *l == '\t')
		l++;
	*rest = l;
	return true;
}

static void read_file(struct reader *r, const char *rel);

/* `source "path"`: $(SRCARCH) and $(srctree)/ expanded */
static void read_source(struct reader *r, const char *arg)
{
	struct strbuf path = STRBUF_INIT;
	const char *p = arg;

	if (*p == '"')
		p++;
	for (; *p && *p != '"'; p++) {
		if (starts_with(p, "$(SRCARCH)")) {
			strbuf_addstr(&path, r->d->srcarch);
			p += strlen("$(SRCARCH)") - 1;
		} else if (starts_with(p, "$(srctree)/")) {
			p += strlen("$(srctree)/") - 1;
		} else {
			strbuf_addch(&path, *p);
		}
	}
	if (path.len && !strchr(path.buf, '$') && !strchr(path.buf, '*'))
		read_file(r, path.buf);
	strbuf_release(&path);
}

/* the symbols of every open block (the file's and those it was sourced under) */
static void inherited(const struct reader *r, struct strvec *out)
{
	for (size_t i = 0; i < r->depth; i++)
		for (size_t j = 0; j < r->stack[i].deps.nr; j++)
			add_unique(out, r->stack[i].deps.v[j]);
}

static void parse_line(struct reader *r, const char *file, int lineno, const char *l,
		       struct sym **cur, struct strvec **cur_deps, bool *help, int *help_indent)
{
	const char *rest;

	if (keyword(l, "config", &rest) || keyword(l, "menuconfig", &rest)) {
		char *name = xstrndup(rest, strcspn(rest, " \t#"));

		*cur = sym_get(r->d, name, file, lineno);
		free(name);
		/* a member of the innermost choice open here */
		for (size_t i = r->depth; i-- > 0;) {
			if (r->stack[i].kind == BLOCK_CHOICE) {
				if (!(*cur)->choice)
					(*cur)->choice = r->stack[i].choice;
				break;
			}
		}
		*cur_deps = &(*cur)->deps;
		inherited(r, *cur_deps);
	} else if (keyword(l, "depends", &rest) && keyword(rest, "on", &rest)) {
		if (*cur_deps)
			expr_symbols(rest, *cur_deps);
	} else if (keyword(l, "help", &rest) || keyword(l, "---help---", &rest)) {
		*help = true;
		*help_indent = -1;
	} else if (keyword(l, "if", &rest)) {
		push_block(r, BLOCK_IF);
		expr_symbols(rest, &r->stack[r->depth - 1].deps);
		*cur_deps = NULL;
	} else if (keyword(l, "endif", &rest)) {
		pop_block(r, BLOCK_IF);
		*cur_deps = NULL;
	} else if (keyword(l, "menu", &rest) || keyword(l, "choice", &rest)) {
		bool menu = keyword(l, "menu", &rest);

		push_block(r, menu ? BLOCK_MENU : BLOCK_CHOICE);
		*cur_deps = &r->stack[r->depth - 1].deps;
		*cur = NULL;
	} else if (keyword(l, "endmenu", &rest) || keyword(l, "endchoice", &rest)) {
		pop_block(r, keyword(l, "endmenu", &rest) ? BLOCK_MENU : BLOCK_CHOICE);
		*cur_deps = NULL;
	} else if (keyword(l, "source", &rest) || keyword(l, "osource", &rest)) {
		read_source(r, rest);
		*cur_deps = NULL;
	} else if (keyword(l, "comment", &rest) || keyword(l, "mainmenu", &rest)) {
		*cur_deps = NULL;
	}
}

static void read_file(struct reader *r, const char *rel)
{
	char *path = xstrfmt("%s/%s", r->d->srcdir, rel);
	struct strbuf sb = STRBUF_INIT;
	struct sym *cur = NULL;
	struct strvec *cur_deps = NULL;
	size_t depth = r->depth;
	const char *file, *p;
	bool help = false;
	int help_indent = -1, help_base = 0, lineno = 0;

	if (r->level > 32 || strbuf_read_file(&sb, path) < 0) {
		free(path);
		strbuf_release(&sb);
		return;
	}
	free(path);
	file = strvec_push(&r->d->files, rel);
	r->level++;
	for (p = sb.buf; p && *p;) {
		const char *nl = strchr(p, '\n');
		struct strbuf line = STRBUF_INIT;
		int start = lineno + 1;

		/* join continuation lines */
		for (;;) {
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			lineno++;
			if (n && p[n - 1] == '\\' && nl) {
				strbuf_add(&line, p, n - 1);
				p = nl + 1;
				nl = strchr(p, '\n');
				continue;
			}
			strbuf_add(&line, p, n);
			p = nl ? nl + 1 : NULL;
			break;
		}
		if (help) {
			const char *q = line.buf;

			while (*q == ' ' || *q == '\t')
				q++;
			if (!*q) {
				strbuf_release(&line);
				continue;
			}
			if (help_indent < 0)
				help_indent = indent_of(line.buf) > help_base ? indent_of(line.buf)
									      : help_base + 1;
			if (indent_of(line.buf) >= help_indent) {
				strbuf_release(&line);
				continue;
			}
			help = false;
		}
		if (!help) {
			help_base = indent_of(line.buf);
			parse_line(r, file, start, line.buf, &cur, &cur_deps, &help, &help_indent);
		}
		strbuf_release(&line);
	}
	/* blocks a file leaves open end with it */
	while (r->depth > depth) {
		r->depth--;
		strvec_clear(&r->stack[r->depth].deps);
	}
	r->level--;
	strbuf_release(&sb);
}

struct kconfig_deps *kconfig_deps_load(const char *srcdir, const char *srcarch)
{
	struct kconfig_deps *d = xcalloc(1, sizeof(*d));
	struct reader r = { .d = d };
	char *top = xstrfmt("%s/Kconfig", srcdir);

	if (!file_exists(top)) {
		error("no Kconfig in %s", srcdir);
		free(top);
		free(d);
		return NULL;
	}
	free(top);
	strvec_init(&d->files);
	d->srcdir = xstrdup(srcdir);
	d->srcarch = xstrdup(srcarch ? srcarch : "x86");
	read_file(&r, "Kconfig");
	free(r.stack);
	return d;
}

void kconfig_deps_free(struct kconfig_deps *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->size; i++) {
		if (!d->syms[i].name)
			continue;
		free(d->syms[i].name);
		strvec_clear(&d->syms[i].deps);
	}
	free(d->syms);
	strvec_clear(&d->files);
	free(d->srcdir);
	free(d->srcarch);
	free(d);
}

const struct strvec *kconfig_deps_of(const struct kconfig_deps *d, const char *name)
{
	const struct sym *s = sym_find(d, name);

	return s ? &s->deps : NULL;
}

const char *kconfig_deps_where(const struct kconfig_deps *d, const char *name, int *line)
{
	const struct sym *s = sym_find(d, name);

	if (line)
		*line = s ? s->line : 0;
	return s ? s->file : NULL;
}

int kconfig_deps_choice(const struct kconfig_deps *d, const char *name)
{
	const struct sym *s = sym_find(d, name);

	return s ? s->choice : 0;
}

size_t kconfig_deps_count(const struct kconfig_deps *d)
{
	return d ? d->nr : 0;
}
