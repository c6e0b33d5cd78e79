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
	"  --runs <n>             runs per commit (10; syzbot doubles on the first test)\n"
	"  --jobs <n>             runs in parallel (1)\n"
	"  --timeout <secs>       per run (600)      --build-timeout <secs>  per build (3600)\n"
	"  --policy bayes|syzbot  decision policy (bayes)\n"
	"  --confidence <p>       stop when one commit holds this posterior (0.99)\n"
	"  --title <title>        the target crash (default: what the bad commit shows)\n"
	"  --workdir <dir>        journal, build tree, artifacts (default: in the cache)\n"
	"  --release-pattern <glob> --release-floor <tag> --release-limit <n>\n"
	"  --max-builds <n>       give up after this many builds\n"
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
	"\n"
	"Exit codes: 0 found, 1 inconclusive, 2 bad usage or input, 3 the bad commit does\n"
	"not reproduce, 4 infrastructure failure.\n";

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

/* ---------------------------------------------------------- recipients */

static int recipients_hook(void *ctx, const char *repo, const char *commit, struct strvec *to,
			   struct strvec *cc)
{
	struct recipients r = RECIPIENTS_INIT;

	(void)ctx;
	if (maintainers_repo_recipients(repo, commit, &r) < 0) {
		recipients_release(&r);
		return -1;
	}
	for (size_t i = 0; i < r.to.nr; i++)
		strvec_push(to, r.to.v[i]);
	for (size_t i = 0; i < r.cc.nr; i++)
		strvec_push(cc, r.cc.v[i]);
	recipients_release(&r);
	return 0;
}

/* ----------------------------------------------------------------- main */

static const char *const value_flags[] = {
	"repo", "bad", "good", "mode", "build", "artifact", "test", "runs", "jobs", "timeout",
	"build-timeout", "policy", "confidence", "title", "workdir", "release-pattern",
	"release-floor", "release-limit", "max-builds",
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
	};

	for (size_t i = 0; i < ARRAY_SIZE(kernel_flags); i++)
		if (!strcmp(flag, kernel_flags[i][0]))
			return kernel_flags[i][1];
	return flag;
}

int cmd_bisect(int argc, const char **argv)
{
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	const char *log_path = NULL, *json_path = NULL, *conf = NULL;
	bool replay = false, progress = true, kernel = false;
	const struct backend *be = NULL;
	void *state = NULL;
	char *workdir = NULL;
	FILE *log = stdout;
	int ret = EXIT_USAGE;

	/* the job file first, so flags override it */
	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc)
			conf = argv[++i];
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			return EXIT_FOUND;
		}
	}
	if (conf && bisect_job_read_file(&job, conf) < 0)
		goto out;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name;
		bool known = false;

		if (!strcmp(a, "-c") || !strcmp(a, "--config")) {
			i++;
			continue;
		}
		if (!strcmp(a, "--log") || !strcmp(a, "--json")) {
			if (i + 1 >= argc) {
				error("%s needs a file", a);
				goto out;
			}
			*(a[2] == 'l' ? &log_path : &json_path) = argv[++i];
			continue;
		}
		if (!strcmp(a, "--replay")) {
			replay = true;
			continue;
		}
		if (!strcmp(a, "--no-progress")) {
			progress = false;
			continue;
		}
		if (!strcmp(a, "--kernel")) {
			kernel = true;
			continue;
		}
		if (!skip_prefix(a, "--", &name)) {
			error("unexpected argument '%s' (see culprit bisect --help)", a);
			goto out;
		}
		for (size_t k = 0; k < ARRAY_SIZE(value_flags); k++) {
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			if (strlen(value_flags[k]) != len || strncmp(value_flags[k], name, len))
				continue;
			known = true;
			if (!eq && i + 1 >= argc) {
				error("--%s needs a value", value_flags[k]);
				goto out;
			}
			if (bisect_job_set(&job, flag_key(value_flags[k]), eq ? eq + 1 : argv[++i]) < 0)
				goto out;
			if (starts_with(flag_key(value_flags[k]), "kernel."))
				kernel = true;	/* --kconfig, --repro...: a kernel job */
			break;
		}
		if (!known) {
			error("unknown option '%s' (see culprit bisect --help)", a);
			goto out;
		}
	}
	if (kernel)
		bisect_job_set(&job, "backend", "kernel");
	if (!replay && bisect_job_check(&job) < 0)
		goto out;
	if (replay && (!job.repo || !job.bad)) {
		error("--replay needs the job (repo, bad, ...) to find its journal");
		goto out;
	}
	if (!is_directory(job.repo)) {
		error("repository '%s' does not exist", job.repo);
		goto out;
	}
	for (size_t k = 0; k < ARRAY_SIZE(backends); k++)
		if (!strcmp(backends[k].name, job.backend ? job.backend : "generic"))
			be = &backends[k];
	if (!be || (!be->setup && !replay)) {
		error("the %s backend is not available in this build", job.backend);
		goto out;
	}
	workdir = bisect_job_workdir(&job);
	if (!replay) {
		int r = be->setup(&job, workdir, &state);

		if (r < 0) {
			/* KERNEL_SETUP_BAD_INPUT: the job is wrong, nothing was made */
			ret = r == KERNEL_SETUP_BAD_INPUT ? EXIT_USAGE : EXIT_INFRA;
			goto out;
		}
	}
	if (log_path) {
		log = fopen(log_path, "w");
		if (!log) {
			error("cannot write %s", log_path);
			log = stdout;
			goto out;
		}
	}
	job.log = log;
	job.progress = progress;
	job.replay = replay;
	job.recipients = recipients_hook;
	if (bisect_run(&job, &res) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	ret = cli_exit_code(&res);
	if (res.error && res.outcome != BISECT_FOUND)
		fprintf(stderr, "culprit bisect: %s\n", res.error);
	if (json_path) {
		struct strbuf sb = STRBUF_INIT;

		if (bisect_result_to_json(&job, &res, &sb) < 0 || strbuf_write_file(&sb, json_path) < 0)
			ret = ret ? ret : EXIT_INFRA;
		strbuf_release(&sb);
	}
out:
	if (log && log != stdout)
		fclose(log);
	if (be && be->teardown)
		be->teardown(state);
	free(workdir);
	bisect_result_release(&res);
	bisect_job_release(&job);
	return ret;
}
