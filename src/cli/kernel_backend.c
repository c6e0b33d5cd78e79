// SPDX-License-Identifier: Apache-2.0
/*
 * The kernel backend of culprit bisect (see backend.h): the job's [kernel]
 * keys checked up front, then the kernel builder and the QEMU runner.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "../bisect/minimize.h"
#include "../build/compilers.h"
#include "../util/parse.h"
#include "../util/util.h"
#include "../vcs/vcs.h"

int kernel_backend_start(struct kernel_backend *be, struct bisect_job *job,
			 const struct kernel_build_opts *ko, const struct qemu_opts *qo)
{
	memset(be, 0, sizeof(*be));
	be->kb = kernel_builder_new(ko);
	if (!be->kb)
		return -1;
	if (qo->workdir && mkdir_p(qo->workdir, 0777) < 0) {
		error("cannot create %s: %s", qo->workdir, strerror(errno));
		kernel_backend_stop(be);
		return -1;
	}
	be->q = qemu_runner_new(qo);
	if (!be->q) {
		kernel_backend_stop(be);
		return -1;
	}
	be->bops = kernel_builder_ops(be->kb);
	qemu_runner_ops(be->q, &be->rops);
	job->builder = &be->bops;
	job->runner = &be->rops;
	if (job->jobs <= 0)
		job->jobs = be->rops.parallel > 0 ? be->rops.parallel : 1;
	return 0;
}

void kernel_backend_stop(struct kernel_backend *be)
{
	qemu_runner_free(be->q);
	kernel_builder_free(be->kb);
	be->q = NULL;
	be->kb = NULL;
}

/* ---------------------------------------------------------------- setup */

struct kernel_state {
	struct kernel_backend be;
	struct compiler_table compilers;
	struct vcs_repo *repo;		/* for release_of (compiler table only) */
	char *release_pattern;
	struct strvec targets;
	char *config, *repro, *qwd;
	/* kernel.minimize-config: the builder's options kept to make it again */
	struct kernel_build_opts ko;
	struct bisect_prepare prepare;
	const char *baseline;	/* NULL: off; "tinyconfig", "defconfig" */
	char *workdir;
};

static char *release_of(void *data, const char *commit)
{
	struct kernel_state *st = data;
	struct strvec tags = STRVEC_INIT, commits = STRVEC_INIT;
	char *ret = NULL;

	if (vcs_release_tags(st->repo, commit, st->release_pattern, &tags, &commits) == 0 &&
	    tags.nr)
		ret = xstrdup(tags.v[0]);
	strvec_clear(&tags);
	strvec_clear(&commits);
	return ret;
}

/* error() for input the user got wrong */
#define bad_input(...) (error(__VA_ARGS__), KERNEL_SETUP_BAD_INPUT)

/* ------------------------------------------------- config minimisation */

static void kconfig_from(struct bisect_kconfig *k, const char *original,
			 const struct minimize_result *mr)
{
	k->tried = true;
	k->used = mr->status == MINIMIZE_OK;
	k->original = xstrdup(original);
	k->config = k->used && mr->config ? xstrdup(mr->config) : NULL;
	k->reason = !k->used && mr->reason ? xstrdup(mr->reason) : NULL;
	k->options_before = mr->options_before;
	k->options_after = mr->options_after;
	k->image_before = mr->image_before;
	k->image_after = mr->image_after;
	k->build_before = mr->build_before;
	k->build_after = mr->build_after;
	k->tests = mr->tests;
	k->builds = mr->builds;
	k->runs = mr->runs;
	k->seconds = mr->seconds;
}

/*
 * The job's prepare step (kernel.minimize-config): minimise the user's
 * config at the crashing commit (minimize.h) and, when the answer
 * reproduces there and not at the clean end, make the builder again with
 * it. Whatever goes wrong, the original stays.
 */
static int minimize_config(void *ctx, const struct bisect_prepare_args *a)
{
	struct kernel_state *st = ctx;
	struct minimize_result mr;
	struct minimize_opts mo = {
		.workdir = st->workdir, .config = st->config, .crashing = a->crashing,
		.clean = a->clean, .title = a->title, .baseline = st->baseline, .tree = a->tree,
		.checkout = a->checkout, .checkout_ctx = a->checkout_ctx, .build = &st->ko,
		.runner = &st->be.rops, .log = a->line, .log_ctx = a->line_ctx,
	};
	struct kernel_build_opts ko = st->ko;
	struct kernel_builder *kb;
	int ret = kernel_minimize_config(&mo, &mr);

	*a->moved = mr.builds > 0 || ret < 0;
	kconfig_from(a->kconfig, st->config, &mr);
	if (ret < 0 && !a->kconfig->reason)
		a->kconfig->reason = xstrdup("the minimisation failed (see the errors above)");
	if (ret < 0 || mr.status != MINIMIZE_OK)
		goto out;
	ko.config = mr.config;
	kb = kernel_builder_new(&ko);
	if (!kb) {
		a->kconfig->used = false;
		free(a->kconfig->reason);
		a->kconfig->reason = xstrdup("cannot make a kernel builder with the minimized config");
		ret = -1;
		goto out;
	}
	kernel_builder_free(st->be.kb);
	st->be.kb = kb;
	st->be.bops = kernel_builder_ops(kb);	/* job->builder points here */
out:
	minimize_result_release(&mr);
	return ret;
}

/* A readable regular file; else an error naming `what`. */
static int check_file(const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return bad_input("%s '%s' does not exist", what, path);
	if (!S_ISREG(st.st_mode))
		return bad_input("%s '%s' is not a regular file", what, path);
	if (access(path, R_OK) < 0)
		return bad_input("%s '%s' cannot be read: %s", what, path, strerror(errno));
	if (!st.st_size)
		return bad_input("%s '%s' is empty", what, path);
	return 0;
}

/* Numbers, durations and sizes go through util/parse.h, as flags do. */
static int parse_count(const char *key, const char *v, int max, int *out)
{
	long n;

	if (parse_int_range(v, 1, max, &n, NULL, 0) < 0)
		return bad_input("kernel.%s: '%s' is not a number from 1 to %d", key, v, max);
	*out = (int)n;
	return 0;
}

/* a duration: 90, 90s, 10m, 1h30m (as --timeout) */
static int parse_seconds(const char *key, const char *v, double *out)
{
	char err[160];
	double d;

	if (parse_duration(v, 0, 1e6, &d, err, sizeof(err)) < 0)
		return bad_input("kernel.%s: %s", key, err);
	if (!(d > 0))
		return bad_input("kernel.%s: '%s' is not a positive duration", key, v);
	*out = d;
	return 0;
}

/* "512", "512M", "512MiB", "2G", "2GiB" (MiB) */
static int parse_memory(const char *v, int *out)
{
	long n;

	if (parse_size_mib(v, 64, 1024 * 1024, &n, NULL, 0) < 0)
		return bad_input("kernel.memory: '%s' is not a size from 64M on (e.g. 512 or 1G)", v);
	*out = (int)n;
	return 0;
}

/* ELF or #! script: run as is; anything else is taken for C source. */
static bool is_binary(const char *path)
{
	char head[4] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return (n == 4 && !memcmp(head, "\177ELF", 4)) || (n >= 2 && head[0] == '#' && head[1] == '!');
}

/* A kernel .config has CONFIG_ lines. */
static int check_config(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (check_file("kernel config", path) < 0)
		return KERNEL_SETUP_BAD_INPUT;
	if (strbuf_read_file(&sb, path) < 0)
		ret = bad_input("kernel config '%s' cannot be read", path);
	else if (strncmp(sb.buf, "CONFIG_", 7) && !strstr(sb.buf, "\nCONFIG_") &&
		 !strstr(sb.buf, "# CONFIG_"))
		ret = bad_input("kernel config '%s' has no CONFIG_ lines: not a kernel .config",
				path);
	strbuf_release(&sb);
	return ret;
}

static void state_free(struct kernel_state *st)
{
	if (!st)
		return;
	kernel_backend_stop(&st->be);
	compiler_table_release(&st->compilers);
	if (st->repo)
		vcs_close(st->repo);
	strvec_clear(&st->targets);
	free(st->release_pattern);
	free(st->config);
	free(st->repro);
	free(st->qwd);
	free(st->workdir);
	free(st);
}

/* the job's files and lists among its [kernel] keys (the rest go to ko / qo) */
struct kernel_keys {
	const char *config, *repro, *compilers, *targets;
	const char *minimize;	/* the baseline, or NULL */
};

/* kernel.minimize-config: true/false, or the baseline (tinyconfig, defconfig) */
static int parse_minimize(const char *v, const char **out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = "tinyconfig";
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = NULL;
	else if (!strcmp(v, "tinyconfig") || !strcmp(v, "defconfig"))
		*out = v;
	else
		return bad_input("kernel.minimize-config must be true, false, tinyconfig or "
				 "defconfig (the baseline), not '%s'", v);
	return 0;
}

/* Every kernel.* key of the job, checked: 0, or KERNEL_SETUP_BAD_INPUT after error(). */
static int read_keys(const struct bisect_job *job, struct kernel_build_opts *ko,
		     struct qemu_opts *qo, struct kernel_keys *k)
{
	for (size_t i = 0; i < job->extra.nr; i++) {
		const char *kv = job->extra.v[i], *key, *eq = strchr(kv, '=');
		char name[64];
		const char *v;

		if (!skip_prefix(kv, "kernel.", &key) || !eq)
			continue;	/* other sections are not ours */
		if ((size_t)(eq - key) >= sizeof(name)) {
			error("unknown kernel key '%.*s'", (int)(eq - kv), kv);
			return KERNEL_SETUP_BAD_INPUT;
		}
		memcpy(name, key, eq - key);
		name[eq - key] = '\0';
		v = eq + 1;
		if (!strcmp(name, "config") || !strcmp(name, "kconfig"))
			k->config = v;
		else if (!strcmp(name, "repro"))
			k->repro = v;
		else if (!strcmp(name, "vms")) {
			if (parse_count(name, v, 64, &qo->vms) < 0)
				return KERNEL_SETUP_BAD_INPUT;
		} else if (!strcmp(name, "cpus")) {
			if (parse_count(name, v, 64, &qo->cpus) < 0)
				return KERNEL_SETUP_BAD_INPUT;
		} else if (!strcmp(name, "memory")) {
			if (parse_memory(v, &qo->mem_mb) < 0)
				return KERNEL_SETUP_BAD_INPUT;
		} else if (!strcmp(name, "kvm")) {
			if (strcmp(v, "auto") && strcmp(v, "on") && strcmp(v, "off")) {
				error("kernel.kvm must be auto, on or off, not '%s'", v);
				return KERNEL_SETUP_BAD_INPUT;
			}
			qo->kvm = v;
		} else if (!strcmp(name, "targets"))
			k->targets = v;
		else if (!strcmp(name, "compilers"))
			k->compilers = v;
		else if (!strcmp(name, "make-jobs")) {
			if (parse_count(name, v, 1024, &ko->jobs) < 0)
				return KERNEL_SETUP_BAD_INPUT;
		} else if (!strcmp(name, "boot-timeout")) {
			if (parse_seconds(name, v, &qo->boot_timeout) < 0)
				return KERNEL_SETUP_BAD_INPUT;
		} else if (!strcmp(name, "repro-timeout")) {
			if (parse_seconds(name, v, &qo->repro_timeout) < 0)
				return KERNEL_SETUP_BAD_INPUT;
		} else if (!strcmp(name, "append")) {
			qo->append = v;
		} else if (!strcmp(name, "minimize-config")) {
			if (parse_minimize(v, &k->minimize) < 0)
				return KERNEL_SETUP_BAD_INPUT;
		} else {
			error("unknown kernel key '%s' (config, repro, vms, cpus, memory, kvm, "
			      "targets, compilers, make-jobs, boot-timeout, repro-timeout, append, "
			      "minimize-config)", name);
			return KERNEL_SETUP_BAD_INPUT;
		}
	}
	return 0;
}

int kernel_setup(struct bisect_job *job, const char *workdir, void **state)
{
	struct kernel_state *st = xcalloc(1, sizeof(*st));
	struct kernel_build_opts ko = { 0 };
	struct qemu_opts qo = { 0 };
	const char *config, *repro, *compilers, *targets;
	struct kernel_keys keys = { 0 };
	int ret = KERNEL_SETUP_BAD_INPUT;
	bool bad_repro = false;

	strvec_init(&st->targets);
	*state = NULL;
	qo.kvm = "auto";
	if (read_keys(job, &ko, &qo, &keys) < 0)
		goto fail;
	/* the job's --vms and --make-jobs, unless [kernel] keys say otherwise */
	if (qo.vms <= 0 && job->jobs > 0)
		qo.vms = job->jobs;
	if (ko.jobs <= 0 && job->make_jobs > 0)
		ko.jobs = job->make_jobs;
	config = keys.config;
	repro = keys.repro;
	compilers = keys.compilers;
	targets = keys.targets;
	if (!config) {
		error("no kernel config given (kernel.config in the job file, or --kconfig)");
		goto fail;
	}
	if (!repro) {
		error("no reproducer given (kernel.repro in the job file, or --repro)");
		goto fail;
	}
	if (check_config(config) < 0 || check_file("reproducer", repro) < 0)
		goto fail;
	st->config = real_path(config);
	st->repro = real_path(repro);
	if (!st->config || !st->repro) {
		error("cannot resolve the paths of %s and %s", config, repro);
		goto fail;
	}
	if (targets) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, targets);
		for (size_t i = 0; i < sb.len; i++)
			if (sb.buf[i] == ',')
				sb.buf[i] = ' ';
		strvec_split(&st->targets, sb.buf);
		strbuf_release(&sb);
		if (!st->targets.nr) {
			error("kernel.targets is empty");
			goto fail;
		}
		ko.targets = (const char *const *)st->targets.v;
	}
	if (compilers) {
		if (check_file("compiler table", compilers) < 0 ||
		    compiler_table_read(&st->compilers, compilers) < 0)
			goto fail;
		st->repo = vcs_open(job->repo);
		if (!st->repo)
			goto fail;
		st->release_pattern = job->release_pattern ? xstrdup(job->release_pattern) : NULL;
		ko.compilers = &st->compilers;
		ko.release_of = release_of;
		ko.release_data = st;
	}

	/* everything checked: from here on, failures are the machine's */
	ret = -1;
	st->qwd = xstrfmt("%s/qemu", workdir);
	ko.workdir = workdir;
	ko.config = st->config;
	ko.timeout = job->build_timeout;
	if (is_binary(st->repro))
		qo.repro_bin = st->repro;
	else
		qo.repro_c = st->repro;
	qo.workdir = st->qwd;
	if (!(qo.repro_timeout > 0) && job->timeout > 0)
		qo.repro_timeout = job->timeout;
	qo.bad_repro = &bad_repro;
	if (kernel_backend_start(&st->be, job, &ko, &qo) < 0) {
		/* a reproducer that does not compile is the job's fault (exit 2) */
		if (bad_repro)
			ret = KERNEL_SETUP_BAD_INPUT;
		goto fail;
	}
	if (keys.minimize) {
		st->ko = ko;
		st->baseline = keys.minimize;
		st->workdir = xstrdup(workdir);
		st->prepare = (struct bisect_prepare){ st, minimize_config };
		job->prepare = &st->prepare;
	}
	*state = st;
	return 0;
fail:
	state_free(st);
	return ret;
}

void kernel_teardown(void *state)
{
	state_free(state);
}
