// SPDX-License-Identifier: Apache-2.0
/*
 * generic.c - the generic builder: the job's own build command, any repo.
 *
 * The verdict rules and the shell rule are in build.h. Why the shell at all:
 * the job's `build = make clean && make` is text the user wrote for a shell,
 * exactly like a Makefile recipe, so running it with `sh -c` is what they
 * asked for; nothing culprit computes (paths, hashes) is ever pasted into
 * it. A plain "make -j2" needs no shell and is run directly, so a missing
 * program is reported as such (BUILD_INFRA) instead of sh's status 127.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "buildkey.h"
#include "../util/run.h"
#include "../util/strbuf.h"
#include "../util/util.h"

void generic_builder_setup(struct generic_builder *gb, const char *command,
			   const char *artifact, const char *workdir, double timeout)
{
	free(gb->command);
	free(gb->artifact);
	free(gb->workdir);
	gb->command = command ? xstrdup(command) : NULL;
	gb->artifact = xstrdup(artifact);
	gb->workdir = xstrdup(workdir);
	gb->timeout = timeout;
}

void generic_builder_release(struct generic_builder *gb)
{
	free(gb->command);
	free(gb->artifact);
	free(gb->workdir);
	free(gb->compiler);
	strvec_clear(&gb->argv);
	strvec_clear(&gb->env);
	gb->command = gb->artifact = gb->workdir = gb->compiler = NULL;
	gb->compiler_probed = false;
}

static void command_args(const struct generic_builder *gb, struct strvec *args)
{
	if (gb->argv.nr)
		strvec_pushv(args, gb->argv.v);
	else
		child_push_command(args, gb->command);
}

/* a CC=<word> in the build command ("make CC=clang"), malloced, or NULL */
static char *command_cc(const char *cmd)
{
	for (const char *p = cmd; p && (p = strstr(p, "CC=")); p += 3) {
		size_t n;

		if (p != cmd && p[-1] != ' ' && p[-1] != '\t')
			continue;	/* HOSTCC=, KBUILD_CC= are other compilers */
		n = strcspn(p + 3, " \t;&|\"'`$()<>");
		if (n)
			return xstrndup(p + 3, n);
	}
	return NULL;
}

/* the compiler the build invokes: CC= in its command, its env, ours, else cc */
const char *generic_builder_compiler(struct generic_builder *gb)
{
	pthread_mutex_lock(&gb->lock);
	if (!gb->compiler_probed) {
		struct child c = CHILD_INIT;
		const char *cc = getenv("CC");
		char *own = command_cc(gb->command);

		for (size_t i = 0; i < gb->env.nr; i++)
			skip_prefix(gb->env.v[i], "CC=", &cc);
		if (own)
			cc = own;
		strvec_pushl(&c.args, cc && *cc ? cc : "cc", "--version", NULL);
		free(own);
		c.timeout = 20;
		if (!child_run(&c) && child_ok(&c) && c.out.len)
			gb->compiler = xstrndup(c.out.buf, strcspn(c.out.buf, "\n"));
		child_release(&c);
		gb->compiler_probed = true;
	}
	pthread_mutex_unlock(&gb->lock);
	return gb->compiler;
}

char *generic_builder_context(struct generic_builder *gb)
{
	struct strbuf sb = STRBUF_INIT;
	const char *cc = generic_builder_compiler(gb);

	strbuf_addstr(&sb, "generic build=");
	if (gb->argv.nr)
		for (size_t i = 0; i < gb->argv.nr; i++)
			strbuf_addf(&sb, "%s%zu:%s", i ? " " : "", strlen(gb->argv.v[i]),
				    gb->argv.v[i]);
	else
		strbuf_addstr(&sb, gb->command ? gb->command : "");
	strbuf_addf(&sb, "\nartifact=%s\ncompiler=%s", gb->artifact ? gb->artifact : "",
		    cc ? cc : "?");
	for (size_t i = 0; i < gb->env.nr; i++)
		strbuf_addf(&sb, "\nenv=%s", gb->env.v[i]);
	return strbuf_detach(&sb, NULL);
}

/* stream copy to a temp file, then rename: a crash leaves no half artifact */
static int copy_file(const char *src, const char *dst, mode_t mode)
{
	char *tmp = xstrfmt("%s.tmp.%d", dst, (int)getpid());
	char buf[65536];
	int in, out, ret = -1;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return error("cannot open %s: %s", src, strerror(errno));
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode & 0777);
	if (out < 0) {
		error("cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error("cannot read %s: %s", src, strerror(errno));
			goto out;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, n - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				error("cannot write %s: %s", tmp, strerror(errno));
				goto out;
			}
			off += w;
		}
	}
	if (close(out) < 0) {
		out = -1;
		error("cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	out = -1;
	if (rename(tmp, dst) < 0) {
		error("cannot rename %s: %s", tmp, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (out >= 0)
		close(out);
	close(in);
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

/* keep the artifact under <workdir>/artifacts/<signature>/<basename> */
static int keep_artifact(const struct generic_builder *gb, const char *path,
			 struct build_result *out)
{
	const char *base = strrchr(gb->artifact, '/');
	char *dir = xstrfmt("%s/artifacts/%s", gb->workdir, out->signature);
	char *dst = xstrfmt("%s/%s", dir, base ? base + 1 : gb->artifact);
	struct stat st;
	int ret = 0;

	if (is_directory(path)) {
		/* signed, not copied: a tree can be huge ("." when no artifact is named) */
		free(dir);
		free(dst);
		return 0;
	}
	if (mkdir_p(dir, 0777) < 0 || stat(path, &st) < 0)
		ret = -1;
	else if (!file_exists(dst))
		ret = copy_file(path, dst, st.st_mode);
	if (!ret)
		out->artifact_dir = dir;
	else
		free(dir);
	free(dst);
	return ret;
}

static void set_status(struct build_result *out, enum build_status st, char *reason)
{
	out->status = st;
	free(out->reason);
	out->reason = reason;
}

int generic_build(struct generic_builder *gb, const char *commit, const char *tree,
		  struct build_result *out)
{
	struct child c = CHILD_INIT;
	char *logdir, *artifact = NULL;
	double start = now_seconds();
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if ((!gb->command || !*gb->command) && !gb->argv.nr) {
		set_status(out, BUILD_INFRA, xstrdup("no build command"));
		return 0;
	}
	{
		const char *cc = generic_builder_compiler(gb);

		out->compiler = cc ? xstrdup(cc) : NULL;
	}
	logdir = xstrfmt("%s/logs", gb->workdir);
	if (mkdir_p(logdir, 0777) < 0) {
		set_status(out, BUILD_INFRA, xstrfmt("cannot create %s", logdir));
		free(logdir);
		return 0;
	}
	command_args(gb, &c.args);
	strvec_pushv(&c.env, gb->env.v);
	c.dir = tree;
	c.timeout = gb->timeout > 0 ? gb->timeout : 3600;
	c.merge_stderr = true;
	{
		char *log = xstrfmt("%s/build-%s.log", logdir, commit);

		unlink(log);	/* the log of this build only, not of an earlier try */
		c.log_path = log;
	}

	if (child_run(&c) < 0) {
		set_status(out, BUILD_INFRA, xstrfmt("cannot run build command '%s'", c.args.v[0]));
	} else if (c.timed_out) {
		set_status(out, BUILD_INFRA, xstrfmt("build timed out after %.0fs", c.timeout));
	} else if (c.signo) {
		set_status(out, BUILD_INFRA, child_describe(&c));
	} else if (c.status == 126 || c.status == 127) {
		char *why = build_first_error(c.out.buf, c.out.len);

		set_status(out, BUILD_INFRA,
			   why ? why : xstrfmt("build command not runnable (exit status %d)",
					       c.status));
	} else if (c.status != 0) {
		char *why = build_first_error(c.out.buf, c.out.len);

		set_status(out, BUILD_FAILED,
			   why ? why : xstrfmt("build failed: exit status %d", c.status));
	} else {
		artifact = xstrfmt("%s/%s", tree, gb->artifact);
		if (!file_exists(artifact)) {
			set_status(out, BUILD_FAILED,
				   xstrfmt("build did not produce %s", gb->artifact));
		} else if (artifact_signature(artifact, out->signature) < 0) {
			out->signature[0] = '\0';
			set_status(out, BUILD_INFRA, xstrfmt("cannot sign %s", gb->artifact));
		} else if (keep_artifact(gb, artifact, out) < 0) {
			out->signature[0] = '\0';
			set_status(out, BUILD_INFRA, xstrfmt("cannot keep %s", gb->artifact));
		} else {
			set_status(out, BUILD_OK, NULL);
		}
	}
	out->seconds = now_seconds() - start;
	free((char *)c.log_path);
	c.log_path = NULL;
	child_release(&c);
	free(artifact);
	free(logdir);
	return ret;
}

static const char *ops_compiler(void *ctx, const char *commit)
{
	(void)commit;
	return generic_builder_compiler(ctx);
}

static int ops_build(void *ctx, const char *commit, const char *tree, struct build_result *out)
{
	return generic_build(ctx, commit, tree, out);
}

static char *ops_context(void *ctx, const char *commit)
{
	(void)commit;
	return generic_builder_context(ctx);
}

static int ops_learn(void *ctx, struct vcs_repo *repo, const char *commit, const char *tree,
		     const char *dir, struct buildkey_set **out)
{
	char *context = generic_builder_context(ctx);
	struct buildkey_learn_opts o = { .tree = tree, .commit = commit, .context = context };
	int ret;

	(void)dir;	/* no commands to preprocess: no level 2 */
	ret = buildkey_learn_depfiles(repo, &o, out);
	free(context);
	return ret;
}

int generic_verify(struct generic_builder *gb, const char *tree, const char *signature)
{
	char *artifact = xstrfmt("%s/%s", tree, gb->artifact);
	char sig[SIGNATURE_HEXSZ + 1];
	int ret;

	if (!file_exists(artifact))
		ret = 0;
	else
		ret = artifact_signature(artifact, sig) < 0 ? -1 : !strcmp(sig, signature);
	free(artifact);
	return ret;
}

static int ops_verify(void *ctx, const char *tree, const char *signature)
{
	return generic_verify(ctx, tree, signature);
}

void generic_builder_ops(struct generic_builder *gb, struct builder_ops *ops)
{
	memset(ops, 0, sizeof(*ops));
	ops->ctx = gb;
	ops->compiler = ops_compiler;
	ops->build = ops_build;
	ops->context = ops_context;
	ops->learn = ops_learn;
	ops->verify = ops_verify;
}
