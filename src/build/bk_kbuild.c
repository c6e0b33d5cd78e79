// SPDX-License-Identifier: Apache-2.0
/*
 * bk_kbuild.c - what a kernel build read, from kbuild's own records (see
 * buildkey.h for the rules; this file only reads).
 *
 * Every ".<target>.cmd" under O= holds make syntax written by kbuild's
 * if_changed machinery (6.1: "cmd_<t> := ...", 6.2+: "savedcmd_<t> :=
 * ..."), with "$" written "$$" and "#" written "$(pound)"; those of
 * compiler targets also hold "source_<t> := <file>" and "deps_<t> := \"
 * with every file the compiler read (fixdep's output) and
 * "$(wildcard include/config/X)" entries for the config options it tested
 * (the config is in the key already). Paths are absolute, or relative to O=
 * ("../tree/include/linux/mm.h" when ccache's base_dir shortened them,
 * "include/generated/autoconf.h" for generated files). objtool's own
 * build (tools/build) writes the same format with absolute target names.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bk_internal.h"
#include "../util/util.h"

struct kb {
	struct buildkey_set *s;
	struct vcs_repo *repo;
	const char *tree, *kbuild;	/* absolute, symlinks resolved */
	struct bk_map visited;		/* tree-relative dirs kbuild descended into */
	struct bk_map search;		/* tree-relative -I directories */
	struct bk_map gen;		/* O=-relative generated inputs */
	struct strbuf cmd;		/* scratch */
};

/* "a/./b/../c" -> "a/c" in place; ".." above a relative start is kept, above "/" dropped */
static void normalize(char *path)
{
	char *copy = xstrdup(path), *save = NULL, **stack;
	size_t nr = 0;
	bool abs = *path == '/';
	struct strbuf out = STRBUF_INIT;

	stack = xcalloc(strlen(path) / 2 + 2, sizeof(*stack));
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..") && nr && strcmp(stack[nr - 1], ".."))
			nr--;
		else if (!strcmp(c, "..") && abs)
			continue;
		else
			stack[nr++] = c;
	}
	if (abs)
		strbuf_addch(&out, '/');
	for (size_t i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(&out, '/');
		strbuf_addstr(&out, stack[i]);
	}
	memcpy(path, out.buf, out.len + 1);	/* never longer than the input */
	strbuf_release(&out);
	free(stack);
	free(copy);
}

enum where { OUTSIDE, IN_TREE, IN_OBJ };

/*
 * Where a path a record names lives: in the source tree (*rel: relative to
 * it), in O= (*rel: relative to O=), or elsewhere. Relative paths are
 * relative to `base` (O= for kbuild's records). *rel is malloced.
 */
static enum where locate(const struct kb *k, const char *path, const char *base, char **rel)
{
	char *abs = *path == '/' ? xstrdup(path) : xstrfmt("%s/%s", base, path);
	size_t tl = strlen(k->tree), ol = strlen(k->kbuild);
	enum where w = OUTSIDE;

	normalize(abs);
	*rel = NULL;
	if (!strncmp(abs, k->tree, tl) && (abs[tl] == '/' || !abs[tl])) {
		*rel = xstrdup(abs[tl] ? abs + tl + 1 : "");
		w = IN_TREE;
	} else if (!strncmp(abs, k->kbuild, ol) && (abs[ol] == '/' || !abs[ol])) {
		*rel = xstrdup(abs[ol] ? abs + ol + 1 : "");
		w = IN_OBJ;
	}
	free(abs);
	return w;
}

/* ---- shell words of a recorded command ---- */

/*
 * Split the first command of a shell command line into words: quotes and
 * backslashes as sh reads them, stopping at an unquoted ';', '&', '|',
 * newline or redirection. Returns the rest (after the separator) or NULL
 * at the end; *plain is false when the command needs sh for more than
 * quoting ($, `, globs, redirections): level 2 does not run such commands.
 */
static const char *shell_words(const char *p, struct strvec *argv, bool *plain)
{
	struct strbuf w = STRBUF_INIT;
	bool in_word = false;

	*plain = true;
	for (;; p++) {
		char c = *p;

		if (!c || c == ';' || c == '&' || c == '|' || c == '\n' || c == ' ' ||
		    c == '\t' || c == '<' || c == '>') {
			if (in_word)
				strvec_push(argv, w.buf);
			strbuf_reset(&w);
			in_word = false;
			if (c == '<' || c == '>')
				*plain = false;
			if (!c || c == ';' || c == '&' || c == '|' || c == '\n') {
				strbuf_release(&w);
				if (!c)
					return NULL;
				while (p[1] == '&' || p[1] == '|')
					p++;
				return p + 1;
			}
			continue;
		}
		in_word = true;
		if (c == '\'') {
			const char *e = strchr(p + 1, '\'');

			if (!e)
				e = p + strlen(p);
			strbuf_add(&w, p + 1, e - p - 1);
			p = *e ? e : e - 1;
		} else if (c == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] && strchr("$`\"\\\n", p[1]))
					p++;
				else if (*p == '$' || *p == '`')
					*plain = false;
				strbuf_addch(&w, *p);
			}
			if (!*p)
				p--;
		} else if (c == '\\' && p[1]) {
			strbuf_addch(&w, *++p);
		} else {
			if (strchr("$`*?[~(){}", c))
				*plain = false;
			strbuf_addch(&w, c);
		}
	}
}

/* kbuild's .cmd escaping: "$$" -> "$", "$(pound)" -> "#" */
static void unescape_make(const char *v, struct strbuf *out)
{
	strbuf_reset(out);
	while (*v) {
		if (v[0] == '$' && v[1] == '$') {
			strbuf_addch(out, '$');
			v += 2;
		} else if (starts_with(v, "$(pound)")) {
			strbuf_addch(out, '#');
			v += 8;
		} else {
			strbuf_addch(out, *v++);
		}
	}
}

static bool is_compiler(const char *argv0)
{
	const char *b = strrchr(argv0, '/');

	b = b ? b + 1 : argv0;
	return !strcmp(b, "cc") || !strcmp(b, "gcc") || !strcmp(b, "clang") ||
	       strstr(b, "-gcc") || starts_with(b, "gcc-") || starts_with(b, "clang-");
}

/* ---- what a command line names ---- */

/*
 * A path named on a command line, in the tree: a build input. A directory
 * counts whole (a script reading a directory), a file by its blob id.
 */
static void add_named(struct kb *k, const char *rel)
{
	char id[VCS_HEXSZ + 1];
	unsigned mode = 0;

	if (!*rel)
		return;
	if (vcs_path_id(k->repo, k->s->commit, rel, id, &mode) == 0 && mode == VCS_MODE_TREE)
		bk_node_whole(k->s, rel);
	else
		bk_file_add(k->s, rel, BK_BUILD);
}

/* tree paths inside a word: "/t/x", "-T/t/x", "--file=/t/x", "-Wl,-T,/t/x", "$(cat /t/x)" */
static void scan_word(struct kb *k, const char *word)
{
	size_t tl = strlen(k->tree);

	for (const char *p = word; (p = strstr(p, k->tree)); p += tl) {
		char *path, *rel;

		/* the tree's path starts a path here (not ".../x/tree/" of another) */
		if (p != word && (isalnum((unsigned char)p[-1]) || strchr("_.+-/~@", p[-1])) &&
		    !(p - word == 2 && p[-2] == '-'))
			continue;
		/* up to a ',' (-Wl,...) or the end of a $(...) or a quote around it */
		path = xstrndup(p, strcspn(p, ",)'\"`;"));
		if (locate(k, path, k->kbuild, &rel) == IN_TREE && !strchr(rel, '='))
			add_named(k, rel);
		free(rel);
		free(path);
	}
	if (starts_with(word, "../")) {
		char *rel;

		if (locate(k, word, k->kbuild, &rel) == IN_TREE)
			add_named(k, rel);
		free(rel);
	}
}

static void add_search_dir(struct kb *k, const char *dir)
{
	char *rel;

	if (locate(k, dir, k->kbuild, &rel) == IN_TREE)
		bk_map_put(&k->search, rel, 1);
	free(rel);
}

/*
 * A compiler's first command: search directories, inputs named by options
 * other than the usual ones, and (for level 2) the argv when it can be
 * rerun with -E: plain words, -c (an object) or -E (a linker script).
 */
static void compile_command(struct kb *k, struct bk_target *t, const struct strvec *argv,
			    bool plain)
{
	static const char *const dir_opts[] = { "-I", "-iquote", "-isystem", "-idirafter" };
	bool c_or_lds = false;

	for (size_t i = 1; i < argv->nr; i++) {
		const char *a = argv->v[i];
		bool done = false;

		for (size_t o = 0; o < ARRAY_SIZE(dir_opts) && !done; o++) {
			size_t ol = strlen(dir_opts[o]);

			if (strncmp(a, dir_opts[o], ol))
				continue;
			if (a[ol])
				add_search_dir(k, a + ol);
			else if (i + 1 < argv->nr)
				add_search_dir(k, argv->v[++i]);
			done = true;
		}
		if (done)
			continue;
		if (!strcmp(a, "-o") || !strcmp(a, "-include") || !strcmp(a, "-imacros") ||
		    !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ")) {
			i++;	/* outputs, or inputs the deps list anyway */
			continue;
		}
		if (!strcmp(a, "-c") || (!strcmp(a, "-E") && ends_with(t->name, ".lds")))
			c_or_lds = true;
		if (*a == '-')
			scan_word(k, a);	/* -T/x, -fplugin=/x ...; operands are deps */
	}
	if (plain && c_or_lds)
		strvec_pushv(&t->argv, (const char **)argv->v);
}

static void command_line(struct kb *k, struct bk_target *t, const char *cmd, bool deps)
{
	const char *p = cmd;
	bool first = true;

	while (p) {
		struct strvec argv = STRVEC_INIT;
		bool plain;

		p = shell_words(p, &argv, &plain);
		if (argv.nr) {
			size_t skip = !strcmp(argv.v[0], "ccache") && argv.nr > 1;

			if (first && deps && is_compiler(argv.v[skip])) {
				struct strvec cc = STRVEC_INIT;

				strvec_pushv(&cc, (const char **)argv.v + skip);
				compile_command(k, t, &cc, plain);
				strvec_clear(&cc);
			} else {
				for (size_t i = 0; i < argv.nr; i++)
					scan_word(k, argv.v[i]);
			}
			first = false;
		}
		strvec_clear(&argv);
	}
}

/* ---- one .cmd file ---- */

/* the value of "name := value" lines, backslash-newlines joined */
static void each_assignment(char *text, void (*fn)(struct kb *k, const char *var,
						   const char *value, void *data),
			    struct kb *k, void *data)
{
	char *line = text;

	/* join continuation lines in place */
	for (char *p = text; *p; p++)
		if (p[0] == '\\' && p[1] == '\n')
			p[0] = p[1] = ' ';
	while (line && *line) {
		char *nl = strchr(line, '\n'), *eq;

		if (nl)
			*nl = '\0';
		eq = strstr(line, " := ");
		if (eq) {
			*eq = '\0';
			fn(k, line, eq + 4, data);
		}
		line = nl ? nl + 1 : NULL;
	}
}

struct record {
	char *target;		/* from cmd_/savedcmd_ */
	char *cmd;
	char *source;
	char *deps;
};

static void record_var(struct kb *k, const char *var, const char *value, void *data)
{
	struct record *r = data;
	const char *t;

	(void)k;
	if (skip_prefix(var, "cmd_", &t) || skip_prefix(var, "savedcmd_", &t)) {
		free(r->target);
		free(r->cmd);
		r->target = xstrdup(t);
		r->cmd = xstrdup(value);
	} else if (skip_prefix(var, "source_", &t)) {
		free(r->source);
		r->source = xstrdup(value);
	} else if (skip_prefix(var, "deps_", &t)) {
		free(r->deps);
		r->deps = xstrdup(value);
	}
}

/* "$(wildcard include/config/X)" entries removed: the config is in the key */
static void drop_wildcards(char *s)
{
	char *p;

	while ((p = strstr(s, "$(wildcard"))) {
		char *e = strchr(p, ')');

		if (!e) {
			*p = '\0';
			return;
		}
		memset(p, ' ', e - p + 1);
	}
}

/* one input a record names: a file of the set, a generated file, or outside */
static void record_input(struct kb *k, struct bk_target *t, const char *path, unsigned cls,
			 bool tools)
{
	char *rel;
	enum where w;

	if (tools && *path != '/')
		return;	/* relative to the tool's source directory: whole anyway */
	w = locate(k, path, k->kbuild, &rel);
	if (w == IN_TREE && *rel) {
		size_t f = bk_file_add(k->s, rel, cls);

		ALLOC_GROW(t->deps, t->deps_nr + 1, t->deps_alloc);
		t->deps[t->deps_nr++] = f;
		if (tools && starts_with(rel, "tools/lib/")) {
			char *lib = xstrndup(rel, 10 + strcspn(rel + 10, "/"));

			bk_node_whole(k->s, lib);
			free(lib);
		}
	} else if (w == IN_OBJ && *rel && cls == BK_COMPILED) {
		static const char *const version[] = {
			"include/generated/utsrelease.h", "include/generated/uapi/linux/version.h",
			"include/generated/compile.h", "include/generated/utsversion.h",
			"include/config/kernel.release",
		};

		bk_map_put(&k->gen, rel, 1);
		for (size_t i = 0; i < ARRAY_SIZE(version); i++)
			if (!strcmp(rel, version[i]))
				t->reads_version = true;
	}
	free(rel);
}

static void read_record(struct kb *k, const char *dir, struct record *r)
{
	struct bk_target *t;
	bool tools = *r->target == '/', compiler;
	struct strvec argv = STRVEC_INIT;
	bool plain;
	size_t skip;

	unescape_make(r->cmd, &k->cmd);
	shell_words(k->cmd.buf, &argv, &plain);
	skip = argv.nr > 1 && !strcmp(argv.v[0], "ccache");
	compiler = r->deps && argv.nr && is_compiler(argv.v[skip]);
	strvec_clear(&argv);
	ALLOC_GROW(k->s->targets, k->s->targets_nr + 1, k->s->targets_alloc);
	t = &k->s->targets[k->s->targets_nr++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(r->target);
	strvec_init(&t->argv);
	if (tools) {
		/* objtool & co: tools/build, their Makefiles and sources count whole */
		const char *sub = r->target + strlen(k->kbuild);
		char *tool;

		if (skip_prefix(sub, "/tools/", &sub)) {
			tool = xstrfmt("tools/%.*s", (int)strcspn(sub, "/"), sub);
			bk_node_whole(k->s, tool);
			free(tool);
		}
		bk_node_whole(k->s, "tools/build");
		bk_node_whole(k->s, "tools/scripts");
	} else if (*dir) {
		bk_map_put(&k->visited, dir, 1);
	}
	command_line(k, t, k->cmd.buf, compiler && !tools);
	if (r->source)
		record_input(k, t, r->source, compiler && !tools ? BK_COMPILED : BK_BUILD, tools);
	if (r->deps) {
		char *save = NULL;

		drop_wildcards(r->deps);
		for (char *w = strtok_r(r->deps, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
			record_input(k, t, w, compiler && !tools ? BK_COMPILED : BK_BUILD, tools);
	}
	if (!t->deps_nr || tools)
		strvec_clear(&t->argv);
}

static int read_cmd_file(struct kb *k, const char *path, const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	struct record r = { 0 };

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return error("cannot read %s: %s", path, strerror(errno));
	}
	each_assignment(sb.buf, record_var, k, &r);
	if (r.target && r.cmd)
		read_record(k, dir, &r);
	free(r.target);
	free(r.cmd);
	free(r.source);
	free(r.deps);
	strbuf_release(&sb);
	return 0;
}

int bk_walk_dir(const char *root, const char *rel, const char *const *skip,
		int (*fn)(void *data, const char *path, const char *dir, const char *name),
		void *data)
{
	char *dir = *rel ? xstrfmt("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		ret = error("cannot read %s: %s", dir, strerror(errno));
		free(dir);
		return ret;
	}
	while (!ret && (de = readdir(d))) {
		char *path, *sub;
		struct stat st;
		bool skipped = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");

		for (size_t i = 0; skip && skip[i] && !skipped; i++)
			skipped = (*skip[i] != '/' || !*rel) &&
				  !strcmp(de->d_name, skip[i] + (*skip[i] == '/'));
		if (skipped)
			continue;
		path = xstrfmt("%s/%s", dir, de->d_name);
		sub = *rel ? xstrfmt("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (lstat(path, &st) < 0)
			ret = error("cannot stat %s: %s", path, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			ret = bk_walk_dir(root, sub, skip, fn, data);
		else if (S_ISREG(st.st_mode))
			ret = fn(data, path, rel, de->d_name);
		free(sub);
		free(path);
	}
	closedir(d);
	free(dir);
	return ret;
}

/* every .<target>.cmd under O= */
static int cmd_file(void *data, const char *path, const char *dir, const char *name)
{
	if (name[0] != '.' || !ends_with(name, ".cmd"))
		return 0;
	return read_cmd_file(data, path, dir);
}

/* ---- the build system around the records ---- */

/* include/config/auto.conf.cmd: "deps_config := \ Kconfig files" */
static void kconfig_var(struct kb *k, const char *var, const char *value, void *data)
{
	char *v, *save = NULL;

	(void)data;
	if (strcmp(var, "deps_config"))
		return;
	v = xstrdup(value);
	for (char *w = strtok_r(v, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char *rel;

		/* relative to the source tree, or absolute */
		if (*w == '/' ? locate(k, w, k->kbuild, &rel) == IN_TREE
			      : (rel = xstrdup(w)) != NULL)
			bk_file_add(k->s, rel, BK_BUILD);
		free(rel);
	}
	free(v);
}

static int read_kconfig_deps(struct kb *k)
{
	char *path = xstrfmt("%s/include/config/auto.conf.cmd", k->kbuild);
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&sb, path) < 0)
		ret = error("cannot read %s: %s (not a finished kernel build?)", path,
			    strerror(errno));
	else
		each_assignment(sb.buf, kconfig_var, k, NULL);
	strbuf_release(&sb);
	free(path);
	return ret;
}

/*
 * Options whose kernels read more than kbuild records: the git state of the
 * tree (LOCALVERSION_AUTO puts the commit's id in the release string), or
 * every header (IKHEADERS archives include/). No set for such builds.
 */
static const char *const unkeyable[] = {
	"CONFIG_LOCALVERSION_AUTO=y", "CONFIG_IKHEADERS=y", "CONFIG_IKHEADERS=m",
};

/*
 * The .config of the build: 1 (no set) for an option of unkeyable[], else
 * the files its string options name (CONFIG_INITRAMFS_SOURCE,
 * CONFIG_SYSTEM_TRUSTED_KEYS, CONFIG_EXTRA_FIRMWARE...) join the set.
 */
static int config_paths(struct kb *k)
{
	char *path = xstrfmt("%s/.config", k->kbuild);
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&sb, path) < 0) {
		ret = error("cannot read %s: %s", path, strerror(errno));
	} else {
		char *save = NULL;

		for (char *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *q = strstr(l, "=\""), *e, *ws = NULL;

			for (size_t i = 0; i < ARRAY_SIZE(unkeyable); i++)
				if (!strcmp(l, unkeyable[i])) {
					warning("build keys: %s: this kernel depends on more than "
						"its sources (no keys)", l);
					ret = 1;
				}
			if (*l == '#' || !q || !(e = strrchr(q + 2, '"')) || e == q + 1)
				continue;
			*e = '\0';
			/* space-separated lists (CONFIG_EXTRA_FIRMWARE) */
			for (char *w = strtok_r(q + 2, " ", &ws); w; w = strtok_r(NULL, " ", &ws)) {
				char *rel = NULL;

				if (!strchr(w, '/') && !strchr(w, '.'))
					continue;
				if (locate(k, w, k->tree, &rel) == IN_TREE && *rel)
					add_named(k, rel);
				free(rel);
			}
		}
	}
	strbuf_release(&sb);
	free(path);
	return ret;
}

struct make_names {
	struct kb *k;
	const char *dir;
};

static int add_make_file(void *data, const struct vcs_tree_entry *e)
{
	struct make_names *m = data;

	/* the top's localversion* files end up in the release string (setlocalversion) */
	if (e->mode != VCS_MODE_TREE &&
	    (starts_with(e->name, "Makefile") || starts_with(e->name, "Kbuild") ||
	     (!*m->dir && starts_with(e->name, "localversion")))) {
		char *p = *m->dir ? xstrfmt("%s/%s", m->dir, e->name) : xstrdup(e->name);

		bk_file_add(m->k->s, p, BK_BUILD);
		free(p);
	}
	return 0;
}

/*
 * A directory kbuild descended into: its Makefile* and Kbuild* files, and
 * "Kbuild" and "Makefile" even when absent (a new Kbuild takes precedence);
 * at the top also localversion* (their absence shows in the top's listing).
 */
static int visit_dir(struct kb *k, const char *dir)
{
	char id[VCS_HEXSZ + 1];
	unsigned mode = 0;
	struct make_names m = { k, dir };
	char *kb = *dir ? xstrfmt("%s/Kbuild", dir) : xstrdup("Kbuild");
	char *mk = *dir ? xstrfmt("%s/Makefile", dir) : xstrdup("Makefile");
	int ret = 0;

	bk_file_add(k->s, kb, BK_BUILD);
	bk_file_add(k->s, mk, *dir ? BK_BUILD : BK_BUILD | BK_TOPMAKE);
	bk_node_list(k->s, dir, BK_LIST_FILTER);
	if (vcs_path_id(k->repo, k->s->commit, dir, id, &mode) == 0 && mode == VCS_MODE_TREE)
		ret = vcs_tree_foreach(k->repo, id, add_make_file, &m);
	free(kb);
	free(mk);
	return ret < 0 ? -1 : 0;
}

static int visit_dirs(struct kb *k)
{
	struct strvec dirs = STRVEC_INIT;

	/* the directories and their parents, and the top */
	for (size_t i = 0; i < k->visited.cap; i++) {
		char *d;

		if (!k->visited.keys[i])
			continue;
		d = xstrdup(k->visited.keys[i]);
		for (;;) {
			char *slash = strrchr(d, '/');

			strvec_push(&dirs, d);
			if (!slash)
				break;
			*slash = '\0';
		}
		free(d);
	}
	strvec_push(&dirs, "");
	for (size_t i = 0; i < dirs.nr; i++) {
		char id[VCS_HEXSZ + 1];
		unsigned mode = 0;

		/* O= directories with no source counterpart (include/generated) */
		if (*dirs.v[i] && (vcs_path_id(k->repo, k->s->commit, dirs.v[i], id, &mode) != 0 ||
				   mode != VCS_MODE_TREE))
			continue;
		if (bk_map_get(&k->visited, dirs.v[i]) == 2)
			continue;
		bk_map_put(&k->visited, dirs.v[i], 2);
		if (visit_dir(k, dirs.v[i]) < 0) {
			strvec_clear(&dirs);
			return -1;
		}
	}
	strvec_clear(&dirs);
	return 0;
}

static void map_to_strvec(const struct bk_map *m, struct strvec *out)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			strvec_push(out, m->keys[i]);
}

int bk_kbuild_read(struct buildkey_set *s, struct vcs_repo *repo)
{
	struct kb k = { .s = s, .repo = repo, .tree = s->tree, .kbuild = s->kbuild,
			.visited = BK_MAP_INIT, .search = BK_MAP_INIT, .gen = BK_MAP_INIT,
			.cmd = STRBUF_INIT };
	int ret;

	bk_node_whole(s, "scripts");
	ret = read_kconfig_deps(&k);
	if (!ret)
		ret = bk_walk_dir(k.kbuild, "", (const char *const[]){ "/source", NULL }, cmd_file,
				  &k);
	if (!ret)
		ret = visit_dirs(&k);
	if (!ret)
		ret = config_paths(&k);
	if (!ret) {
		map_to_strvec(&k.search, &s->search);
		map_to_strvec(&k.gen, &s->generated);
	}
	bk_map_release(&k.visited);
	bk_map_release(&k.search);
	bk_map_release(&k.gen);
	strbuf_release(&k.cmd);
	return ret;
}
