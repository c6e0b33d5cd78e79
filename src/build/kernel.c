// SPDX-License-Identifier: Apache-2.0
/*
 * The kernel builder (see kernel.h).
 *
 * HOW IT WORKS
 * One step is two makes in the persistent O= directory: olddefconfig (also
 * picks up Kconfig changes between commits) and the targets. The job's
 * config is copied in only when it differs from the one used last, so an
 * unchanged config never dirties the build. Artifacts are copied (bzImage,
 * .config, System.map) or hard-linked (vmlinux: the linker replaces it with
 * a new inode on the next link, so the kept copy stays valid) into
 * artifacts/<signature>/ once per signature.
 */
#include "kernel.h"
#include "buildkey.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/run.h"
#include "../util/sha256.h"
#include "../util/strbuf.h"
#include "../util/util.h"

#define KBUILD_TIMESTAMP "Thu Jan  1 00:00:00 UTC 2026"

struct kernel_builder {
	struct kernel_build_opts o;
	char *workdir, *config, *arch, *cache, *kbuild;
	struct strvec targets;
	bool ccache;
	int jobs;
};

void kernel_build_env(struct strvec *env)
{
	strvec_push(env, "KBUILD_BUILD_TIMESTAMP=" KBUILD_TIMESTAMP);
	strvec_push(env, "KBUILD_BUILD_USER=culprit");
	strvec_push(env, "KBUILD_BUILD_HOST=culprit");
	strvec_push(env, "KBUILD_BUILD_VERSION=1");
	/* set but empty: setlocalversion then adds no "+" for a git tree */
	strvec_push(env, "LOCALVERSION=");
	/*
	 * One locale whatever the user's: ccache hashes LANG, LC_ALL, LC_CTYPE
	 * and LC_MESSAGES, and the kernel's Makefile unexports LC_ALL, so the
	 * compiler sees exactly LANG=C.UTF-8 (built into glibc; its quotes
	 * are made plain by kernel_build_error()).
	 */
	strvec_push(env, "LC_ALL=C");
	strvec_push(env, "LANG=C.UTF-8");
	strvec_push(env, "LC_CTYPE");
	strvec_push(env, "LC_MESSAGES");
}

/*
 * Every value culprit puts on a kernel make command line (O=, ARCH=, CC=,
 * KCFLAGS=, the targets, -C) or in make's environment (CCACHE_DIR,
 * CCACHE_BASEDIR: make imports the environment as variables). make expands
 * "$(...)" in a command-line variable, and the kernel's Makefiles then paste
 * the values unquoted into shell commands ("$(shell mkdir -p
 * $(KBUILD_OUTPUT) && cd $(KBUILD_OUTPUT) && pwd)"), so escaping "$" as
 * "$$" for make would hand the shell "$(...)" instead: both interpreters
 * must see plain words. (The kernel itself refuses spaces and colons in its
 * directories.) So anything outside a conservative set is refused, with a
 * clear error, before make runs.
 */
static const char *make_unsafe_char(const char *value, enum kernel_make_value kind)
{
	if (!*value)
		return value;
	if (kind != KERNEL_MAKE_NAME && *value == '-')
		return value;	/* an option ("--eval=..."), not a value */
	for (const char *p = value; *p; p++) {
		unsigned char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_')
			continue;
		if (kind == KERNEL_MAKE_NAME)
			return p;
		/* words: "ccache gcc", but no word that is an option */
		if (c == ' ' && kind == KERNEL_MAKE_WORDS && p[1] && p[1] != ' ' && p[1] != '-')
			continue;
		if (strchr("/.+-@", c))
			continue;
		return p;
	}
	return NULL;
}

int kernel_make_value_check(const char *what, const char *value, enum kernel_make_value kind)
{
	const char *bad = make_unsafe_char(value, kind);

	if (!bad)
		return 0;
	if (!*value)
		return error("%s is empty", what);
	if (bad == value && *value == '-')
		return error("%s '%s' starts with '-': make would take it for an option", what,
			     value);
	if ((unsigned char)*bad < 0x20 || (unsigned char)*bad >= 0x7f)
		return error("%s holds a control or non-ASCII byte (0x%02x): make and the "
			     "kernel's shell commands would read it", what, (unsigned char)*bad);
	return error("%s '%s' holds '%c', which make or the kernel's shell commands would "
		     "interpret; use only letters, digits and %s", what, value, *bad,
		     kind == KERNEL_MAKE_NAME ? "'_'" :
		     kind == KERNEL_MAKE_WORDS ? "'_/.+-@' (and single spaces between words)"
					      : "'_/.+-@'");
}

/* The values of a builder's options that reach make, checked before anything is made. */
static int check_make_opts(const struct kernel_build_opts *opts)
{
	const char *arch = opts->arch ? opts->arch : "x86_64";

	if (kernel_make_value_check("the kernel work directory", opts->workdir,
				    KERNEL_MAKE_PATH) < 0 ||
	    kernel_make_value_check("kernel.arch", arch, KERNEL_MAKE_NAME) < 0)
		return -1;
	for (size_t i = 0; opts->targets && opts->targets[i]; i++)
		if (kernel_make_value_check("the kernel target", opts->targets[i],
					    KERNEL_MAKE_TARGET) < 0)
			return -1;
	for (size_t i = 0; opts->compilers && i < opts->compilers->nr; i++)
		if (kernel_make_value_check("the compiler", opts->compilers->rows[i].cc,
					    KERNEL_MAKE_WORDS) < 0)
			return -1;
	return 0;
}

struct kernel_builder *kernel_builder_new(const struct kernel_build_opts *opts)
{
	struct kernel_builder *kb;
	char *ccache, *wd;

	if (!opts->workdir || !opts->config) {
		error("kernel builder: workdir and config are required");
		return NULL;
	}
	if (!file_exists(opts->config)) {
		error("kernel config %s does not exist", opts->config);
		return NULL;
	}
	if (check_make_opts(opts) < 0)
		return NULL;
	wd = real_path(opts->workdir);
	if (!wd && (mkdir_p(opts->workdir, 0777) < 0 || !(wd = real_path(opts->workdir)))) {
		error("cannot create %s", opts->workdir);
		return NULL;
	}
	/* the absolute path (symlinks resolved) is what make sees */
	if (kernel_make_value_check("the kernel work directory", wd, KERNEL_MAKE_PATH) < 0) {
		free(wd);
		return NULL;
	}
	kb = xcalloc(1, sizeof(*kb));
	kb->o = *opts;
	kb->workdir = wd;
	kb->config = real_path(opts->config);
	kb->arch = xstrdup(opts->arch ? opts->arch : "x86_64");
	kb->cache = opts->cache ? xstrdup(opts->cache) : cache_dir();
	kb->kbuild = xstrfmt("%s/kbuild", kb->workdir);
	strvec_init(&kb->targets);
	if (opts->targets && opts->targets[0])
		strvec_pushv(&kb->targets, (const char **)opts->targets);
	else
		strvec_push(&kb->targets, "bzImage");
	ccache = opts->no_ccache ? NULL : find_in_path("ccache");
	kb->ccache = ccache != NULL;
	free(ccache);
	/* ccache's directories reach make through the environment */
	if (kb->ccache && kernel_make_value_check("the cache directory", kb->cache,
						  KERNEL_MAKE_PATH) < 0) {
		kernel_builder_free(kb);
		return NULL;
	}
	kb->jobs = opts->jobs > 0 ? opts->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (kb->jobs < 1)
		kb->jobs = 1;
	return kb;
}

void kernel_builder_free(struct kernel_builder *kb)
{
	if (!kb)
		return;
	free(kb->workdir);
	free(kb->config);
	free(kb->arch);
	free(kb->cache);
	free(kb->kbuild);
	strvec_clear(&kb->targets);
	free(kb);
}

const char *kernel_builder_cc(struct kernel_builder *kb, const char *commit)
{
	char *release = NULL;
	const char *cc;

	if (!kb->o.compilers)
		return "gcc";
	if (kb->o.release_of && commit)
		release = kb->o.release_of(kb->o.release_data, commit);
	cc = compiler_table_lookup(kb->o.compilers, release);
	free(release);
	return cc;
}

char *kernel_builder_context(struct kernel_builder *kb, const char *commit)
{
	const char *cc = kernel_builder_cc(kb, commit), *id = compiler_identity(cc);
	struct strbuf sb = STRBUF_INIT, cfg = STRBUF_INIT;
	char hex[SHA256_HEXSZ + 1] = "-";

	if (strbuf_read_file(&cfg, kb->config) >= 0)
		sha256_hex(cfg.buf, cfg.len, hex);
	strbuf_addf(&sb, "kernel arch=%s targets=", kb->arch);
	for (size_t i = 0; i < kb->targets.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", kb->targets.v[i]);
	strbuf_addf(&sb, " cc=%s%s compiler=%s config=%s", kb->ccache ? "ccache " : "", cc,
		    id ? id : "?", hex);
	strbuf_release(&cfg);
	return strbuf_detach(&sb, NULL);
}

int kernel_builder_learn(struct kernel_builder *kb, struct vcs_repo *repo, const char *commit,
			 const char *tree, const char *dir, struct buildkey_set **out)
{
	char *ctx = kernel_builder_context(kb, commit);
	const char *cc = kernel_builder_cc(kb, commit);
	/* CC (after ccache) for the kernel's units, gcc for host programs */
	const char *ccs[] = { cc, "gcc", NULL };
	struct buildkey_learn_opts o = { .kbuild = kb->kbuild, .tree = tree, .commit = commit,
					 .context = ctx, .compilers = ccs, .dir = dir };
	int ret;

	/* a compiler with arguments ("gcc -m64") is not run by level 2 */
	if (strchr(cc, ' '))
		o.compilers = NULL;
	ret = buildkey_learn_kbuild(repo, &o, out);
	free(ctx);
	return ret;
}

static const char *kernel_compiler(void *ctx, const char *commit)
{
	const char *id = compiler_identity(kernel_builder_cc(ctx, commit));

	return id ? id : kernel_builder_cc(ctx, commit);
}

/* Longest common directory prefix of two absolute paths (malloced). */
static char *common_dir(const char *a, const char *b)
{
	size_t i = 0, last = 0;

	while (a[i] && a[i] == b[i]) {
		if (a[i] == '/')
			last = i;
		i++;
	}
	if ((!a[i] || a[i] == '/') && (!b[i] || b[i] == '/'))
		last = i;
	return last ? xstrndup(a, last) : xstrdup("/");
}

int kernel_make_argv(struct kernel_builder *kb, const char *tree, const char *cc,
		     struct strvec *args, struct strvec *env)
{
	if (kernel_make_value_check("the build tree", tree, KERNEL_MAKE_PATH) < 0 ||
	    kernel_make_value_check("the compiler", cc, KERNEL_MAKE_WORDS) < 0)
		return -1;
	strvec_pushl(args, "make", "-C", tree, NULL);
	strvec_pushf(args, "O=%s", kb->kbuild);
	strvec_pushf(args, "ARCH=%s", kb->arch);
	if (kb->ccache) {
		char *base = common_dir(tree, kb->kbuild);
		struct strbuf rel = STRBUF_INIT;
		size_t bl = strcmp(base, "/") ? strlen(base) : 0;

		strvec_pushf(args, "CC=ccache %s", cc);
		strvec_pushf(env, "CCACHE_DIR=%s/ccache", kb->cache);
		strvec_push(env, "CCACHE_NOHASHDIR=true");
		strvec_pushf(env, "CCACHE_BASEDIR=%s", base);
		/*
		 * ccache hands gcc the source tree as a path relative to O=
		 * ("../tree/mm/x.c"), which the kernel's absolute
		 * -fmacro-prefix-map misses: map the relative form too, so
		 * __FILE__ (and "BUG: ... at kernel/locking/rwsem.c:1542")
		 * stays relative to the tree.
		 */
		for (const char *p = kb->kbuild + bl; *p; p++)
			if (*p == '/')
				strbuf_addstr(&rel, "../");
		strbuf_addstr(&rel, tree[bl] == '/' ? tree + bl + 1 : tree + bl);
		strvec_pushf(args, "KCFLAGS=-fmacro-prefix-map=%s/=", rel.buf);
		strbuf_release(&rel);
		free(base);
	} else {
		strvec_pushf(args, "CC=%s", cc);
	}
	kernel_build_env(env);
	return 0;
}

static int make_args(struct kernel_builder *kb, struct child *c, const char *tree,
		     const char *cc)
{
	c->dir = tree;
	c->merge_stderr = true;
	c->timeout = kb->o.timeout > 0 ? kb->o.timeout : 3600;
	return kernel_make_argv(kb, tree, cc, &c->args, &c->env);
}

static bool echo_output(void *data, const struct strbuf *out)
{
	size_t *done = data;

	if (out->len > *done) {
		fwrite(out->buf + *done, 1, out->len - *done, stderr);
		*done = out->len;
	}
	return false;
}

static bool same_file_content(const char *a, const char *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same = strbuf_read_file(&x, a) >= 0 && strbuf_read_file(&y, b) >= 0 &&
		    x.len == y.len && !memcmp(x.buf, y.buf, x.len);

	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

static int copy_file(const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&sb, from) < 0)
		return error("cannot read %s: %s", from, strerror(errno));
	ret = write_file_atomic(to, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

static void set_reason(struct build_result *out, enum build_status st, char *reason)
{
	out->status = st;
	free(out->reason);
	out->reason = reason;
}

/* Hard link, or copy across file systems. */
static int link_or_copy(const char *from, const char *to)
{
	unlink(to);
	if (!link(from, to))
		return 0;
	return copy_file(from, to);
}

static int keep_artifacts(struct kernel_builder *kb, const char *commit, const char *cc,
			  struct build_result *out)
{
	char *dir = xstrfmt("%s/artifacts/%s", kb->workdir, out->signature);
	char *tmp = xstrfmt("%s.tmp%ld", dir, (long)getpid());
	char *bz = xstrfmt("%s/arch/%s/boot/bzImage", kb->kbuild,
			   !strcmp(kb->arch, "x86_64") || !strcmp(kb->arch, "i386") ? "x86"
										 : kb->arch);
	struct {
		const char *from;
		const char *name;
		bool link;
	} files[] = {
		{ bz, "bzImage", false },
		{ NULL, "vmlinux", true },
		{ NULL, "System.map", false },
		{ NULL, ".config", false },
	};
	int ret = 0;

	out->artifact_dir = xstrdup(dir);
	if (is_directory(dir))
		goto done;
	remove_tree(tmp);
	if (mkdir_p(tmp, 0777) < 0) {
		ret = -1;
		goto done;
	}
	for (size_t i = 0; i < ARRAY_SIZE(files) && !ret; i++) {
		char *from = files[i].from ? xstrdup(files[i].from)
					   : xstrfmt("%s/%s", kb->kbuild, files[i].name);
		char *to = xstrfmt("%s/%s", tmp, files[i].name);

		if (file_exists(from))
			ret = files[i].link ? link_or_copy(from, to) : copy_file(from, to);
		free(from);
		free(to);
	}
	if (!ret) {
		char *info = xstrfmt("commit %s\ncompiler %s\nsignature %s\n", commit, cc,
				     out->signature);
		char *path = xstrfmt("%s/info", tmp);

		ret = write_file_atomic(path, info, strlen(info));
		free(info);
		free(path);
	}
	if (!ret && rename(tmp, dir) < 0 && !is_directory(dir))
		ret = error("cannot rename %s: %s", tmp, strerror(errno));
	if (ret)
		remove_tree(tmp);
done:
	free(bz);
	free(tmp);
	free(dir);
	return ret;
}

static int kernel_build(void *ctx, const char *commit, const char *tree, struct build_result *out)
{
	struct kernel_builder *kb = ctx;
	const char *cc = kernel_builder_cc(kb, commit);
	const char *id = compiler_identity(cc);
	double start = now_seconds();
	char *last_config = xstrfmt("%s/.culprit-config", kb->kbuild);
	char *dotconfig = xstrfmt("%s/.config", kb->kbuild);
	char *vmlinux = xstrfmt("%s/vmlinux", kb->kbuild);
	char *abs_tree = real_path(tree);
	struct child c = CHILD_INIT;
	size_t echoed = 0;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	out->compiler = xstrdup(id ? id : cc);
	if (!abs_tree) {
		set_reason(out, BUILD_INFRA, xstrfmt("build tree %s does not exist", tree));
		goto done;
	}
	if (!id) {
		set_reason(out, BUILD_INFRA, xstrfmt("compiler %s cannot be run", cc));
		goto done;
	}
	if (kb->o.clean)
		remove_tree(kb->kbuild);
	if (mkdir_p(kb->kbuild, 0777) < 0) {
		set_reason(out, BUILD_INFRA, xstrfmt("cannot create %s", kb->kbuild));
		goto done;
	}
	if (!file_exists(dotconfig) || !same_file_content(kb->config, last_config)) {
		if (copy_file(kb->config, dotconfig) < 0 || copy_file(kb->config, last_config) < 0) {
			set_reason(out, BUILD_INFRA, xstrfmt("cannot copy the config"));
			goto done;
		}
	}

	for (int step = 0; step < 2; step++) {
		child_init(&c);
		if (make_args(kb, &c, abs_tree, cc) < 0) {
			set_reason(out, BUILD_INFRA, xstrdup("unsafe value on the make command line"));
			goto done;
		}
		if (step == 0) {
			strvec_push(&c.args, "olddefconfig");
			c.timeout = 600;
		} else {
			strvec_pushf(&c.args, "-j%d", kb->jobs);
			strvec_push(&c.args, "-s");
			strvec_pushv(&c.args, kb->targets.v);
		}
		if (kb->o.verbose) {
			echoed = 0;
			c.on_output = echo_output;
			c.data = &echoed;
		}
		if (child_run(&c) < 0) {
			set_reason(out, BUILD_INFRA, xstrdup("cannot run make"));
			goto done;
		}
		if (c.timed_out) {
			set_reason(out, BUILD_INFRA,
				   xstrfmt("kernel build timed out after %.0fs", c.timeout));
			goto done;
		}
		if (c.signo) {
			set_reason(out, BUILD_INFRA, xstrfmt("make killed by signal %d", c.signo));
			goto done;
		}
		if (c.status != 0) {
			char *why = kernel_build_error(c.out.buf, abs_tree);

			if (strstr(c.out.buf, "No space left on device"))
				set_reason(out, BUILD_INFRA, xstrdup("no space left on device"));
			else
				set_reason(out, BUILD_FAILED,
					   why ? xstrdup(why)
					       : xstrfmt("make %s failed", step ? "" : "olddefconfig"));
			free(why);
			goto done;
		}
		child_release(&c);
	}
	if (artifact_signature(vmlinux, out->signature) < 0) {
		set_reason(out, BUILD_INFRA, xstrdup("cannot read vmlinux for its signature"));
		goto done;
	}
	if (keep_artifacts(kb, commit, out->compiler, out) < 0) {
		out->signature[0] = '\0';
		set_reason(out, BUILD_INFRA, xstrdup("cannot keep the build artifacts"));
		goto done;
	}
	out->status = BUILD_OK;
done:
	if (out->status != BUILD_OK)
		out->signature[0] = '\0';
	child_release(&c);
	out->seconds = now_seconds() - start;
	free(abs_tree);
	free(last_config);
	free(dotconfig);
	free(vmlinux);
	return ret;
}

static char *kernel_context_op(void *ctx, const char *commit)
{
	return kernel_builder_context(ctx, commit);
}

static int kernel_learn_op(void *ctx, struct vcs_repo *repo, const char *commit, const char *tree,
			   const char *dir, struct buildkey_set **out)
{
	return kernel_builder_learn(ctx, repo, commit, tree, dir, out);
}

struct builder_ops kernel_builder_ops(struct kernel_builder *kb)
{
	struct builder_ops ops = { .ctx = kb, .compiler = kernel_compiler, .build = kernel_build,
				   .context = kernel_context_op, .learn = kernel_learn_op };

	return ops;
}

/* ---- build error extraction ---- */

char *kernel_build_error(const char *output, const char *srcdir)
{
	char *e = build_first_error(output, strlen(output));
	const char *p = e;
	size_t sl = srcdir ? strlen(srcdir) : 0;
	char *ret;

	if (!e)
		return NULL;
	if (sl && !strncmp(p, srcdir, sl) && p[sl] == '/') {
		p += sl + 1;
	} else if (starts_with(p, "../")) {
		/* relative to O= (ccache's base_dir rewrites): "../tree/mm/x.c" */
		const char *base = srcdir ? strrchr(srcdir, '/') : NULL;
		size_t bl = base ? strlen(base + 1) : 0;

		while (starts_with(p, "../"))
			p += 3;
		if (bl && !strncmp(p, base + 1, bl) && p[bl] == '/')
			p += bl + 1;
	}
	/* gcc quotes with U+2018/U+2019 in UTF-8 locales: plain quotes */
	struct strbuf sb = STRBUF_INIT;

	for (; *p; p++) {
		if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0x98 || (unsigned char)p[2] == 0x99)) {
			strbuf_addch(&sb, '\'');
			p += 2;
		} else {
			strbuf_addch(&sb, *p);
		}
	}
	ret = strbuf_detach(&sb, NULL);
	free(e);
	return ret;
}

/* ---- config generation ---- */

static int run_make(const char *srcdir, const char *objdir, const char *arch, const char *target,
		    double timeout)
{
	struct child c = CHILD_INIT;
	int ret = 0;

	if (kernel_make_value_check("the kernel source tree", srcdir, KERNEL_MAKE_PATH) < 0 ||
	    kernel_make_value_check("the config directory", objdir, KERNEL_MAKE_PATH) < 0 ||
	    kernel_make_value_check("kernel.arch", arch, KERNEL_MAKE_NAME) < 0 ||
	    kernel_make_value_check("the config target", target, KERNEL_MAKE_TARGET) < 0)
		return -1;
	strvec_pushl(&c.args, "make", "-C", srcdir, NULL);
	strvec_pushf(&c.args, "O=%s", objdir);
	strvec_pushf(&c.args, "ARCH=%s", arch);
	strvec_push(&c.args, target);
	kernel_build_env(&c.env);
	c.merge_stderr = true;
	c.timeout = timeout;
	if (child_run(&c) < 0)
		ret = -1;
	else if (!child_ok(&c)) {
		char *how = child_describe(&c);

		ret = error("make %s: %s\n%s", target, how, c.out.buf);
		free(how);
	}
	child_release(&c);
	return ret;
}

int kernel_make_config(const char *srcdir, const char *objdir, const char *base,
		       const char *fragment, const char *arch, const char *out)
{
	struct child c = CHILD_INIT;
	char *script = xstrfmt("%s/scripts/config", srcdir);
	char *dotconfig = xstrfmt("%s/.config", objdir);
	const char *line = fragment;
	int ret = -1;

	if (!arch)
		arch = "x86_64";
	if (mkdir_p(objdir, 0777) < 0)
		goto out;
	if (run_make(srcdir, objdir, arch, base ? base : "tinyconfig", 600) < 0)
		goto out;
	strvec_pushl(&c.args, script, "--file", dotconfig, NULL);
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *l = xstrndup(line, len);
		char *eq = strchr(l, '=');

		line = nl ? nl + 1 : NULL;
		if (starts_with(l, "CONFIG_") && eq) {
			*eq = '\0';
			const char *name = l + 7, *val = eq + 1;

			if (!strcmp(val, "y"))
				strvec_pushl(&c.args, "-e", name, NULL);
			else if (!strcmp(val, "n"))
				strvec_pushl(&c.args, "-d", name, NULL);
			else if (!strcmp(val, "m"))
				strvec_pushl(&c.args, "-m", name, NULL);
			else
				strvec_pushl(&c.args, "--set-val", name, val, NULL);
		}
		free(l);
	}
	c.timeout = 120;
	c.merge_stderr = true;
	if (child_run(&c) < 0)
		goto out;
	if (!child_ok(&c)) {
		error("scripts/config failed: %s", c.out.buf);
		goto out;
	}
	if (run_make(srcdir, objdir, arch, "olddefconfig", 600) < 0)
		goto out;
	ret = copy_file(dotconfig, out);
out:
	child_release(&c);
	free(script);
	free(dotconfig);
	return ret;
}
