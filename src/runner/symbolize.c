// SPDX-License-Identifier: Apache-2.0
/*
 * HOW IT WORKS
 *
 * vmlinux is reported to an offline Dwfl once (a cache entry per file).
 * Its symbol table goes into a hash table name -> (address, size) so that
 * "mm_access+0x1d/0x90" gives an address. For the address, the line table
 * (dwfl_module_getsrc) gives the innermost location, and the scopes around
 * the innermost DIE (dwarf_getscopes_die()) give the nest: each
 * DW_TAG_inlined_subroutine is an inlined function whose DW_AT_call_file /
 * DW_AT_call_line is the location in the function around it, up to the
 * DW_TAG_subprogram, the real function the frame names.
 *
 * libdw is not safe for concurrent queries on one Dwfl, so each entry has a
 * lock held while it answers; entries are reference-counted so that one in
 * use is never evicted.
 */
#include "symbolize.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/strvec.h"
#include "../util/util.h"

#define CACHE_MAX 4

struct sym {
	const char *name;	/* in the ELF string table, alive with the Dwfl */
	unsigned long long addr, size;
};

struct symb {
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	struct sym *syms;	/* open-addressed hash table, by name */
	size_t syms_alloc;	/* a power of two */
	char *root;		/* source root read off start_kernel's file, or NULL */
	pthread_mutex_t lock;
	int refs;
	unsigned long long used;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct symb *cache[CACHE_MAX];
static unsigned long long cache_clock;

static size_t hash_name(const char *s, size_t len)
{
	return (size_t)fnv1a64(s, len);
}

static void sym_insert(struct symb *s, const char *name, unsigned long long addr,
		       unsigned long long size)
{
	size_t mask = s->syms_alloc - 1;
	size_t i = hash_name(name, strlen(name)) & mask;

	while (s->syms[i].name)
		i = (i + 1) & mask;
	s->syms[i] = (struct sym){ name, addr, size };
}

/*
 * Start of the symbol `name` (len bytes, not NUL-terminated) whose size is
 * `size` if there is one, else of the first with that name (as syzkaller).
 */
static bool sym_lookup(const struct symb *s, const char *name, size_t len,
		       unsigned long long size, unsigned long long *addr)
{
	size_t mask = s->syms_alloc - 1;
	bool found = false;

	for (size_t i = hash_name(name, len) & mask; s->syms[i].name; i = (i + 1) & mask) {
		const struct sym *e = &s->syms[i];

		if (strncmp(e->name, name, len) || e->name[len])
			continue;
		if (!found || e->size == size)
			*addr = e->addr;
		found = true;
	}
	return found;
}

static void symb_free(struct symb *s)
{
	if (!s)
		return;
	if (s->dwfl)
		dwfl_end(s->dwfl);
	pthread_mutex_destroy(&s->lock);
	free(s->root);
	free(s->syms);
	free(s->path);
	free(s);
}

static char *normalize_path(const char *in);

/*
 * A kernel's source root, for callers that do not know it: the directory
 * that init/main.c (start_kernel's file) is in, as the DWARF names it.
 */
static void guess_root(struct symb *s)
{
	unsigned long long addr = 0;
	Dwfl_Line *l;
	const char *file;
	char *norm;

	if (!sym_lookup(s, "start_kernel", strlen("start_kernel"), 0, &addr))
		return;
	l = dwfl_module_getsrc(s->mod, addr);
	file = l ? dwfl_lineinfo(l, NULL, NULL, NULL, NULL, NULL) : NULL;
	if (!file)
		return;
	norm = normalize_path(file);
	if (ends_with(norm, "/init/main.c"))
		s->root = xstrndup(norm, strlen(norm) - strlen("init/main.c"));
	free(norm);
}

static struct symb *symb_load(const char *path, const struct stat *st)
{
	static const Dwfl_Callbacks callbacks = {
		.find_elf = dwfl_build_id_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
	};
	struct symb *s = xcalloc(1, sizeof(*s));
	int n;

	s->path = xstrdup(path);
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime = st->st_mtim;
	pthread_mutex_init(&s->lock, NULL);
	s->dwfl = dwfl_begin(&callbacks);
	if (!s->dwfl) {
		error("libdw: %s", dwfl_errmsg(-1));
		goto fail;
	}
	s->mod = dwfl_report_offline(s->dwfl, "vmlinux", path, -1);
	if (!s->mod || dwfl_report_end(s->dwfl, NULL, NULL)) {
		error("cannot read '%s': %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	n = dwfl_module_getsymtab(s->mod);
	if (n < 0) {
		error("'%s' has no symbol table: %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	s->syms_alloc = 64;
	while (s->syms_alloc < (size_t)n * 2)
		s->syms_alloc *= 2;
	s->syms = xcalloc(s->syms_alloc, sizeof(*s->syms));
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		const char *name = dwfl_module_getsym_info(s->mod, i, &sym, &addr, NULL, NULL,
							   NULL);
		int type;

		if (!name || !*name || sym.st_shndx == SHN_UNDEF)
			continue;
		type = GELF_ST_TYPE(sym.st_info);
		if (type != STT_FUNC && type != STT_NOTYPE)
			continue;
		sym_insert(s, name, addr, sym.st_size);
	}
	guess_root(s);
	return s;
fail:
	symb_free(s);
	return NULL;
}

/* The cache entry for `path`, loaded if needed, with a reference taken. */
static struct symb *symb_get(const char *path)
{
	struct stat st;
	struct symb *s = NULL;
	int slot = -1;

	if (stat(path, &st))
		return error("cannot read '%s': %s", path, strerror(errno)), NULL;
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_MAX; i++) {
		struct symb *c = cache[i];

		if (c && c->dev == st.st_dev && c->ino == st.st_ino && c->size == st.st_size &&
		    c->mtime.tv_sec == st.st_mtim.tv_sec &&
		    c->mtime.tv_nsec == st.st_mtim.tv_nsec && !strcmp(c->path, path)) {
			s = c;
			break;
		}
	}
	if (!s) {
		/* an empty slot, else the least recently used idle one */
		for (int i = 0; i < CACHE_MAX; i++) {
			if (!cache[i]) {
				slot = i;
				break;
			}
			if (!cache[i]->refs && (slot < 0 || cache[i]->used < cache[slot]->used))
				slot = i;
		}
		s = symb_load(path, &st);
		if (s && slot >= 0) {
			symb_free(cache[slot]);
			cache[slot] = s;
		}
		/* with every slot busy, s lives only for this call (refs < 0) */
		if (s && slot < 0)
			s->refs = -1000000;
	}
	if (s) {
		s->refs++;
		s->used = ++cache_clock;
	}
	pthread_mutex_unlock(&cache_lock);
	return s;
}

static void symb_put(struct symb *s)
{
	bool orphan;

	pthread_mutex_lock(&cache_lock);
	s->refs--;
	orphan = s->refs < 0;
	pthread_mutex_unlock(&cache_lock);
	if (orphan)
		symb_free(s);
}

void symbolize_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_MAX; i++) {
		if (cache[i] && !cache[i]->refs) {
			symb_free(cache[i]);
			cache[i] = NULL;
		}
	}
	pthread_mutex_unlock(&cache_lock);
}

/* --- file names --- */

/* Collapse "//", "/./" and "dir/../" without touching the file system. */
static char *normalize_path(const char *in)
{
	struct strvec parts = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	bool abs = *in == '/';

	for (const char *p = in; *p;) {
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (parts.nr && strcmp(parts.v[parts.nr - 1], ".."))
				strvec_pop(&parts);
			else if (!abs)
				strvec_push(&parts, "..");
		} else if (n && !(n == 1 && *p == '.')) {
			char *part = xstrndup(p, n);

			strvec_push(&parts, part);
			free(part);
		}
		p = *e ? e + 1 : e;
	}
	if (abs)
		strbuf_addch(&sb, '/');
	for (size_t i = 0; i < parts.nr; i++) {
		if (i)
			strbuf_addch(&sb, '/');
		strbuf_addstr(&sb, parts.v[i]);
	}
	strvec_clear(&parts);
	return strbuf_detach(&sb, NULL);
}

static char *relative_name(const struct symb *s, const char *file, const char *const *roots)
{
	char *norm = normalize_path(file);
	const char *rel = NULL;
	char *ret;

	for (size_t i = 0; roots && roots[i]; i++) {
		char *root = normalize_path(roots[i]);
		size_t n = strlen(root);

		if (n > 1 && !strncmp(norm, root, n) && norm[n] == '/')
			rel = norm + n + 1;
		free(root);
		if (rel)
			break;
	}
	if (!rel && *norm == '/' && roots && roots[0]) {
		/* the longest tail of the name that the source tree has */
		for (const char *p = strchr(norm + 1, '/'); p; p = strchr(p + 1, '/')) {
			char *cand = xstrfmt("%s/%s", roots[0], p + 1);
			struct stat st;
			bool ok = !stat(cand, &st) && S_ISREG(st.st_mode);

			free(cand);
			if (ok) {
				rel = p + 1;
				break;
			}
		}
	}
	if (!rel && s->root && starts_with(norm, s->root))
		rel = norm + strlen(s->root);
	if (!rel)
		rel = norm;
	while (*rel == '.' || *rel == '/')
		rel++;
	ret = xstrdup(rel);
	free(norm);
	return ret;
}

/* --- one address --- */

struct frame {
	const char *func;	/* NULL for the outermost (the symbol's own) */
	const char *file;
	int line;
	bool is_inline;
};

/* Frames at `pc`, innermost first; returns their number (0: unknown). */
static size_t frames_at(struct symb *s, unsigned long long pc, struct frame *fr, size_t max)
{
	Dwfl_Line *l = dwfl_module_getsrc(s->mod, pc);
	const char *file = NULL;
	int line = 0;
	Dwarf_Addr bias = 0;
	Dwarf_Die *cu, *scopes = NULL;
	Dwarf_Files *files = NULL;
	size_t nfiles = 0, nr = 0;
	bool pending = false;
	int n;

	if (l)
		file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
	if (!file)
		return 0;
	cu = dwfl_module_addrdie(s->mod, pc, &bias);
	n = cu ? dwarf_getscopes(cu, pc - bias, &scopes) : 0;
	if (n > 0) {
		/*
		 * Past an inlined instance, dwarf_getscopes() goes on with the
		 * scopes of its abstract definition; the concrete nest (which
		 * function it was inlined into) comes from the innermost DIE.
		 */
		Dwarf_Die inner = scopes[0];

		free(scopes);
		scopes = NULL;
		n = dwarf_getscopes_die(&inner, &scopes);
	}
	if (cu && dwarf_getsrcfiles(cu, &files, &nfiles))
		files = NULL;
	for (int i = 0; i < n && nr < max; i++) {
		Dwarf_Die *d = &scopes[i];
		int tag = dwarf_tag(d);
		Dwarf_Attribute a;
		Dwarf_Word cf = 0, cl = 0;

		if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
			continue;
		fr[nr++] = (struct frame){
			.func = dwarf_diename(d), .file = file, .line = line,
			.is_inline = tag == DW_TAG_inlined_subroutine,
		};
		pending = false;
		if (tag == DW_TAG_subprogram)
			break;
		/* where the function around this one called it */
		if (!files || !dwarf_attr(d, DW_AT_call_file, &a) || dwarf_formudata(&a, &cf) ||
		    !dwarf_attr(d, DW_AT_call_line, &a) || dwarf_formudata(&a, &cl))
			break;
		file = dwarf_filesrc(files, cf, NULL, NULL);
		line = (int)cl;
		if (!file)
			break;
		pending = true;
	}
	/* an inlined call with no function scope around it: still name the place */
	if (pending && nr && nr < max)
		fr[nr++] = (struct frame){ .file = file, .line = line };
	free(scopes);
	if (!nr)
		fr[nr++] = (struct frame){ .file = file, .line = line };
	/* the outermost frame is the symbol itself, printed as the report had it */
	fr[nr - 1].is_inline = false;
	return nr;
}

int symbolize_addr(const char *vmlinux, const char *const *roots, unsigned long long pc,
		   char **file_line, char **func)
{
	struct symb *s = symb_get(vmlinux);
	struct frame fr[64];
	size_t n;
	int ret = -1;

	*file_line = *func = NULL;
	if (!s)
		return -1;
	pthread_mutex_lock(&s->lock);
	n = frames_at(s, pc, fr, ARRAY_SIZE(fr));
	if (n) {
		char *rel = relative_name(s, fr[0].file, roots);

		*file_line = xstrfmt("%s:%d", rel, fr[0].line);
		*func = fr[0].func ? xstrdup(fr[0].func) : NULL;
		free(rel);
		ret = 0;
	}
	pthread_mutex_unlock(&s->lock);
	symb_put(s);
	return ret;
}

/* --- report lines --- */

struct match {
	size_t name, name_end;	/* "mm_access" */
	size_t end;		/* just after the size's hex digits */
	unsigned long long off, size;
};

static bool is_sym_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

static size_t hex_at(const char *s, size_t i, size_t len, unsigned long long *v)
{
	size_t start = i;

	*v = 0;
	for (; i < len; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (d < 0 || i - start >= 16)
			break;
		*v = *v * 16 + (unsigned)d;
	}
	return i - start;
}

/* syzkaller's `[ \t]+\(?(?:[0-9]+:)?([a-zA-Z0-9_.]+)\+0x([0-9a-f]+)/0x([0-9a-f]+)` */
static bool match_frame(const char *l, size_t len, struct match *m)
{
	for (size_t ws = 0; ws < len; ws++) {
		size_t i = ws, d, k;

		if (l[ws] != ' ' && l[ws] != '\t')
			continue;
		while (i < len && (l[i] == ' ' || l[i] == '\t'))
			i++;
		ws = i - 1;
		if (i < len && l[i] == '(')
			i++;
		for (d = i; d < len && l[d] >= '0' && l[d] <= '9'; d++)
			;
		if (d > i && d < len && l[d] == ':')
			i = d + 1;
		m->name = i;
		while (i < len && is_sym_char(l[i]))
			i++;
		m->name_end = i;
		if (m->name_end == m->name || i + 3 > len || memcmp(l + i, "+0x", 3))
			continue;
		i += 3;
		k = hex_at(l, i, len, &m->off);
		if (!k)
			continue;
		i += k;
		if (i + 3 > len || memcmp(l + i, "/0x", 3))
			continue;
		i += 3;
		k = hex_at(l, i, len, &m->size);
		if (!k)
			continue;
		m->end = i + k;
		return true;
	}
	return false;
}

/* "RIP: 0010:func+.." and friends hold the exact address, not a return address */
static bool is_ip_line(const char *l, size_t name)
{
	static const char *const tags[] = { "IP: ", "NIP: ", "pc : ", "PC is at: " };
	char *pre = xstrndup(l, name);
	bool ret = false;

	for (size_t i = 0; i < ARRAY_SIZE(tags) && !ret; i++)
		ret = strstr(pre, tags[i]) != NULL;
	free(pre);
	return ret;
}

/* Appends the symbolized form of line l[0..len) (with its '\n', if any). */
static int symbolize_line(struct symb *s, const char *const *roots, const char *l,
			  size_t len, struct strbuf *out)
{
	struct match m;
	unsigned long long start = 0, pc;
	struct frame fr[64];
	size_t n;

	if (!match_frame(l, len, &m) ||
	    !sym_lookup(s, l + m.name, m.name_end - m.name, m.size, &start)) {
		strbuf_add(out, l, len);
		return 0;
	}
	pc = start + m.off;
	if (!is_ip_line(l, m.name) && pc > 0)
		pc--;
	n = frames_at(s, pc, fr, ARRAY_SIZE(fr));
	if (!n) {
		strbuf_add(out, l, len);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		char *rel = relative_name(s, fr[i].file, roots);

		strbuf_add(out, l, m.name);
		if (fr[i].is_inline && fr[i].func)
			strbuf_addstr(out, fr[i].func);
		else
			strbuf_add(out, l + m.name, m.end - m.name);
		strbuf_addf(out, " %s:%d", rel, fr[i].line);
		if (fr[i].is_inline && fr[i].func)
			strbuf_addstr(out, " [inline]");
		strbuf_add(out, l + m.end, len - m.end);
		if (!len || l[len - 1] != '\n')
			strbuf_addch(out, '\n');
		free(rel);
	}
	/* the last line keeps the input's ending */
	if (!len || l[len - 1] != '\n')
		strbuf_setlen(out, out->len - 1);
	return 1;
}

int symbolize_report(const char *vmlinux, const char *const *roots, const char *text,
		     size_t len, struct strbuf *out)
{
	struct symb *s = symb_get(vmlinux);
	int frames = 0;

	if (!s) {
		strbuf_add(out, text, len);
		return -1;
	}
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) + 1 : len;

		frames += symbolize_line(s, roots, text + i, e - i, out);
		i = e;
	}
	pthread_mutex_unlock(&s->lock);
	symb_put(s);
	return frames;
}
