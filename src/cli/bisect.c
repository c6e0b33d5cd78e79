// SPDX-License-Identifier: Apache-2.0
/*
 * culprit bisect - find the commit that introduced (or fixed) a crash.
 *
 * Flags and job files (-c job.conf, git-config syntax) set the same keys
 * through bisect_job_set(); the file is read first so flags override it.
 * A backend (a row of backends[]) turns the job into a builder and a
 * runner: "generic" runs the job's build and test commands; "kernel" is
 * the kernel builder + QEMU runner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "backend.h"
#include "../bisect/bisect.h"
#include "../build/build.h"
#include "../maintainers/maintainers.h"
#include "../runner/runner.h"
#include "../util/util.h"

static const char usage_text[] =
	"usage: culprit bisect [-c <job.conf>] [<options>]\n"
	"\n"
	"  -c <file>              job file (git-config syntax: [bisect] keys below; flags win)\n"
	"  --repo <dir>           the repository (never written to)\n"
	"  --bad <rev>            a commit that shows the crash\n"
	"  --good <rev>           a commit that does not (repeatable; none: walk release tags)\n"
	"  --mode cause|fix       find what introduced (default) or what fixed the crash\n"
	"  --build <cmd>          build command, run in the build tree\n"
	"  --artifact <path>      build output to fingerprint (relative to the tree)\n"
	"  --test <cmd>           reproducer command; output read by the crash parser;\n"
	"                         gets CULPRIT_RUN=<n>\n"
	"  --runs <n>             runs per commit (10; twice that on the bad commit; bayes\n"
	"                         adapts a step's runs around it, syzbot doubles them once\n"
	"                         the reproducer proved flaky)\n"
	"  --jobs <n>             runs in parallel (1)\n"
	"  --timeout <secs>       per run (600)      --build-timeout <secs>  per build (3600)\n"
	"  --policy bayes|syzbot  decision policy (bayes)\n"
	"  --confidence <p>       stop when one commit holds this posterior (0.99)\n"
	"  --title <title>        the target crash (default: what the bad commit shows)\n"
	"  --workdir <dir>        journal, build tree, artifacts (default: in the cache)\n"
	"  --wait                 wait for another culprit that owns the work directory\n"
	"                         (default: exit 4 saying which process owns it)\n"
	"  --release-pattern <glob> --release-floor <tag> --release-limit <n>\n"
	"  --max-builds <n>       give up after this many builds\n"
	"  --probes <k>           commits tested at once per round (1; each in its own\n"
	"                         build tree; bayes picks the k most informative)\n"
	"  --verify yes|no        check the culprit: rerun it and its parent, test the bad\n"
	"                         commit with the culprit reverted (yes)\n"
	"  --build-keys on|off    know which commits build the same thing before building\n"
	"                         them, from the first build's inputs (on; build.keys)\n"
	"  --kernel               use the kernel backend (or a [kernel] section):\n"
	"    --kconfig <file>     a full kernel .config        (kernel.config)\n"
	"    --repro <file>       C reproducer or static binary (kernel.repro)\n"
	"    --vms <n>            VMs at once (2)  --cpus <n> per VM (2)\n"
	"    --memory <size>      per VM, MiB or with M/G (512)\n"
	"    --kvm auto|on|off    accelerator (auto: used when a real boot works)\n"
	"                         [kernel] keys of the job file only: targets (bzImage),\n"
	"                         compilers (a compiler table file), make-jobs,\n"
	"                         boot-timeout (120), repro-timeout (--timeout, else 60),\n"
	"                         append (kernel command line)\n"
	"  --log <file>           the log there instead of stdout\n"
	"  --json <file>          the result as JSON\n"
	"  --replay               print the log from the journal alone (build and run nothing)\n"
	"  --no-progress          no progress line on stderr\n"
	"\n";

/* ----------------------------------------------------------- backends */

struct backend_state {
	struct generic_builder gb;
	struct local_runner lr;
	struct builder_ops bops;
	struct runner_ops rops;
};

static int generic_setup(struct bisect_job *job, const char *workdir, void **state)
{
	struct backend_state *st = xcalloc(1, sizeof(*st));
	struct generic_builder gb = GENERIC_BUILDER_INIT;
	struct local_runner lr = LOCAL_RUNNER_INIT;

	st->gb = gb;
	st->lr = lr;
	generic_builder_setup(&st->gb, job->build, job->artifact ? job->artifact : ".",
			      workdir, job->build_timeout);
	local_runner_setup(&st->lr, job->test, workdir, job->timeout,
			   job->jobs > 0 ? job->jobs : 1);
	generic_builder_ops(&st->gb, &st->bops);
	local_runner_ops(&st->lr, &st->rops);
	job->builder = &st->bops;
	job->runner = &st->rops;
	*state = st;
	return 0;
}

static void generic_teardown(void *state)
{
	struct backend_state *st = state;

	if (!st)
		return;
	generic_builder_release(&st->gb);
	local_runner_release(&st->lr);
	free(st);
}

/*
 * The backends. The kernel backend (kernel builder + QEMU runner) plugs in
 * here: a setup that fills job->builder / job->runner from the job (its
 * [kernel] keys are in job->extra as "kernel.<key>=<value>") and a
 * teardown. setup returns 0, -1 (infrastructure: exit 4) or
 * KERNEL_SETUP_BAD_INPUT (the job is wrong and nothing was made: exit 2).
 */
static const struct backend {
	const char *name;
	int (*setup)(struct bisect_job *job, const char *workdir, void **state);
	void (*teardown)(void *state);
} backends[] = {
	{ "generic", generic_setup, generic_teardown },
	{ "kernel", kernel_setup, kernel_teardown },
};

/* ----------------------------------------------------------------- main */

static const char *const value_flags[] = {
	"repo", "bad", "good", "mode", "build", "artifact", "test", "runs", "jobs", "timeout",
	"build-timeout", "policy", "confidence", "title", "workdir", "release-pattern",
	"release-floor", "release-limit", "max-builds", "probes", "verify", "build-keys",
	/* the kernel backend's keys (backend.h) */
	"kconfig", "repro", "vms", "cpus", "memory", "kvm",
};

/* The job key a value flag sets: its name, or the [kernel] key for kernel flags. */
static const char *flag_key(const char *flag)
{
	static const char *const kernel_flags[][2] = {
		{ "kconfig", "kernel.config" }, { "repro", "kernel.repro" },
		{ "vms", "kernel.vms" },	{ "cpus", "kernel.cpus" },
		{ "memory", "kernel.memory" },	{ "kvm", "kernel.kvm" },
		{ "build-keys", "build.keys" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(kernel_flags); i++)
		if (!strcmp(flag, kernel_flags[i][0]))
			return kernel_flags[i][1];
	return flag;
}

/* what the command line says beyond the job's keys */
struct bisect_opts {
	const char *log_path, *json_path;
	bool replay, progress, kernel;
};

/* one value flag (--runs 5, --runs=5): 1 when it is none, 0, or -1 after error() */
static int value_flag(struct bisect_job *job, struct bisect_opts *o, const char *name,
		      int argc, const char **argv, int *i)
{
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);

	for (size_t k = 0; k < ARRAY_SIZE(value_flags); k++) {
		if (strlen(value_flags[k]) != len || strncmp(value_flags[k], name, len))
			continue;
		if (!eq && *i + 1 >= argc)
			return error("--%s needs a value", value_flags[k]);
		if (bisect_job_set(job, flag_key(value_flags[k]), eq ? eq + 1 : argv[++*i]) < 0)
			return -1;
		if (starts_with(flag_key(value_flags[k]), "kernel."))
			o->kernel = true;	/* --kconfig, --repro...: a kernel job */
		return 0;
	}
	return 1;
}

/* The job file first (flags override it), then the flags. 0, 1 after --help, -1. */
static int parse_args(int argc, const char **argv, struct bisect_job *job, struct bisect_opts *o)
{
	const char *conf = NULL;

	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc) {
			conf = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			cli_print_exit_codes(stdout);
			return 1;
		}
	}
	if (conf && bisect_job_read_file(job, conf) < 0)
		return -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name;
		int r;

		if (!strcmp(a, "-c") || !strcmp(a, "--config")) {
			i++;
		} else if (!strcmp(a, "--log") || !strcmp(a, "--json")) {
			if (i + 1 >= argc)
				return error("%s needs a file", a);
			*(a[2] == 'l' ? &o->log_path : &o->json_path) = argv[++i];
		} else if (!strcmp(a, "--replay")) {
			o->replay = true;
		} else if (!strcmp(a, "--no-progress")) {
			o->progress = false;
		} else if (!strcmp(a, "--kernel")) {
			o->kernel = true;
		} else if (!strcmp(a, "--wait")) {
			bisect_job_set(job, "wait", "true");
		} else if (!skip_prefix(a, "--", &name)) {
			return error("unexpected argument '%s' (see culprit bisect --help)", a);
		} else if ((r = value_flag(job, o, name, argc, argv, &i)) != 0) {
			return r < 0 ? -1 : error("unknown option '%s' (see culprit bisect --help)", a);
		}
	}
	if (o->kernel)
		bisect_job_set(job, "backend", "kernel");
	if (!o->replay && bisect_job_check(job) < 0)
		return -1;
	if (o->replay && (!job->repo || !job->bad))
		return error("--replay needs the job (repo, bad, ...) to find its journal");
	if (!is_directory(job->repo))
		return error("repository '%s' does not exist", job->repo);
	return 0;
}

int cmd_bisect(int argc, const char **argv)
{
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct bisect_opts o = { .progress = true };
	struct bisect_log logw;
	struct bisect_json_writer jsonw = { 0 };
	struct cli_progress prog;
	const struct backend *be = NULL;
	void *state = NULL;
	char *workdir = NULL;
	FILE *log = stdout;
	int ret = EXIT_USAGE, r = parse_args(argc, argv, &job, &o);

	if (r) {
		ret = r > 0 ? EXIT_FOUND : EXIT_USAGE;
		goto out;
	}
	for (size_t k = 0; k < ARRAY_SIZE(backends); k++)
		if (!strcmp(backends[k].name, job.backend ? job.backend : "generic"))
			be = &backends[k];
	if (!be || (!be->setup && !o.replay)) {
		error("the %s backend is not available in this build", job.backend);
		goto out;
	}
	workdir = bisect_job_workdir(&job);
	if (!workdir)
		goto out;
	/* the work directory is this process's before the backend writes there */
	if (!o.replay && (r = bisect_job_lock(&job, workdir)) < 0) {
		ret = r == BISECT_ERR_INFRA ? EXIT_INFRA : EXIT_USAGE;
		goto out;
	}
	if (!o.replay) {
		r = be->setup(&job, workdir, &state);
		if (r < 0) {
			/* KERNEL_SETUP_BAD_INPUT: the job is wrong, nothing was made */
			ret = r == KERNEL_SETUP_BAD_INPUT ? EXIT_USAGE : EXIT_INFRA;
			goto out;
		}
	}
	if (o.log_path) {
		log = fopen(o.log_path, "w");
		if (!log) {
			error("cannot write %s", o.log_path);
			log = stdout;
			goto out;
		}
	}
	/* who hears the bisection: the log, the JSON result, the progress line */
	bisect_log_init(&logw, log);
	bisect_job_add_observer(&job, &bisect_log_ops, &logw);
	jsonw.path = o.json_path;
	bisect_job_add_observer(&job, &bisect_json_ops, &jsonw);
	if (o.progress) {
		cli_progress_init(&prog);
		bisect_job_add_observer(&job, &cli_progress_ops, &prog);
	}
	job.replay = o.replay;
	job.recipients = maintainers_bisect_recipients;
	if ((r = bisect_run(&job, &res)) < 0) {
		ret = r == BISECT_ERR_INFRA ? EXIT_INFRA : EXIT_USAGE;
		goto out;
	}
	ret = cli_exit_code(&res);
	if (res.error && res.outcome != BISECT_FOUND)
		fprintf(stderr, "culprit bisect: %s\n", res.error);
	if (jsonw.failed)
		ret = ret ? ret : EXIT_INFRA;
out:
	if (log != stdout)
		fclose(log);
	if (be && be->teardown)
		be->teardown(state);
	free(workdir);
	bisect_result_release(&res);
	bisect_job_release(&job);
	return ret;
}
