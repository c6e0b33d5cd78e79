// SPDX-License-Identifier: Apache-2.0
/*
 * linux_guilty.c - the guilty source file of a symbolized kernel report
 * (syzkaller's getGuiltyFile: the first frame's file that is not generic)
 */
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "linux.h"
#include "text.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

/* ---- guilty file ---- */

/* filepath.Clean for relative kernel paths */
static char *clean_path(const char *p, size_t n)
{
	struct strvec parts = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;
	bool abs = n && p[0] == '/';
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		char *seg;

		while (j < n && p[j] != '/')
			j++;
		seg = xstrndup(p + i, j - i);
		if (!*seg || !strcmp(seg, ".")) {
			/* skip */
		} else if (!strcmp(seg, "..")) {
			if (parts.nr && strcmp(parts.v[parts.nr - 1], ".."))
				strvec_pop(&parts);
			else if (!abs)
				strvec_push(&parts, "..");
		} else {
			strvec_push(&parts, seg);
		}
		free(seg);
		i = j + 1;
	}
	if (abs)
		strbuf_addch(&out, '/');
	for (size_t k = 0; k < parts.nr; k++) {
		if (k)
			strbuf_addch(&out, '/');
		strbuf_addstr(&out, parts.v[k]);
	}
	if (!out.len)
		strbuf_addch(&out, '.');
	strvec_clear(&parts);
	return strbuf_detach(&out, NULL);
}

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	char *d, *res;

	if (!s)
		return xstrdup(".");
	d = xstrndup(path, s - path);
	res = clean_path(d, strlen(d));
	free(d);
	return res;
}

static bool is_path_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-' || ch == '.' || ch == '/';
}

/*
 * The first "path/file.c:123" (or .h) of a line, like the regex
 * ([a-zA-Z0-9_\-\./]*[a-zA-Z0-9_\-]+\.(c|h)):[0-9]+ but linear (a
 * backtracking engine is quadratic on long runs of path characters).
 */
static bool find_filename(const char *line, size_t n, struct slice *file)
{
	const char *end = line + n, *p = line;

	while ((p = memchr(p, ':', end - p))) {
		const char *s = p;

		if (p + 1 < end && p[1] >= '0' && p[1] <= '9' && p - line >= 3 &&
		    (p[-1] == 'c' || p[-1] == 'h') && p[-2] == '.' && is_path_char(p[-3]) &&
		    p[-3] != '.' && p[-3] != '/') {
			while (s > line && is_path_char(s[-1]))
				s--;
			file->p = s;
			file->n = p - s;
			return true;
		}
		p++;
	}
	return false;
}

static char *guilty_impl(struct lctx *c, const char *rep, size_t n)
{
	struct slice *lines;
	size_t nlines = lx_split_lines(rep, n, &lines), i = 0;
	char *guilty = NULL, *deepest;

	for (; i < nlines; i++) {
		struct slice *ln = &lines[i], fs;
		char *file;

		if (!find_filename(ln->p, ln->n, &fs))
			continue;
		file = xstrndup(fs.p, fs.n);
		if (!guilty)
			guilty = xstrdup(file);	/* better than no file at all */
		if (lx_re_match(c, c->t->guilty_ignore, file) ||
		    lx_re_find(c, c->t->guilty_line_ignore, ln->p, ln->n)) {
			free(file);
			continue;
		}
		free(guilty);
		guilty = clean_path(file, strlen(file));
		free(file);
		i++;
		break;
	}
	if (!guilty) {
		free(lines);
		return NULL;
	}
	/* a deeper path below the first guilty file's directory is more precise */
	deepest = dir_of(guilty);
	for (; i < nlines; i++) {
		struct slice *ln = &lines[i], fs;
		char *file, *clean;

		if (!find_filename(ln->p, ln->n, &fs))
			continue;
		file = xstrndup(fs.p, fs.n);
		if (lx_re_match(c, c->t->guilty_ignore, file) ||
		    lx_re_find(c, c->t->guilty_line_ignore, ln->p, ln->n)) {
			free(file);
			continue;
		}
		clean = clean_path(file, strlen(file));
		free(file);
		if (starts_with(clean, deepest) &&
		    lx_re_match(c, c->t->deeper_path, clean + strlen(deepest))) {
			free(guilty);
			guilty = clean;
			free(deepest);
			deepest = dir_of(guilty);
		} else {
			free(clean);
		}
	}
	free(deepest);
	free(lines);
	return guilty;
}

char *guilty_file(struct lctx *c, const char *title, const char *rep, size_t n)
{
	static const char *const irq_ends[] = { "apic_timer_interrupt+0x", "el1h_64_irq+0x",
						"Exception stack" };

	if (title && starts_with(title, "INFO: rcu detected stall")) {
		/* too many frames to skip before the interrupt entry */
		for (size_t i = 0; i < ARRAY_SIZE(irq_ends); i++) {
			const char *p = lx_memmem(rep, n, irq_ends[i]);

			if (p) {
				char *f = guilty_impl(c, p, rep + n - p);

				if (f)
					return f;
			}
		}
	}
	return guilty_impl(c, rep, n);
}

