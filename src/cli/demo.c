// SPDX-License-Identifier: Apache-2.0
/*
 * culprit demo: generate (once) the demo kernel history and bisect it for
 * real: kernel builds in a persistent O= directory, QEMU runs of the
 * reproducer, the syzbot-style log. Exits non-zero unless the culprit is
 * the commit the generator injected.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo/demo.h"
#include "build/kernel.h"
#include "bisect/bisect.h"
#include "maintainers/maintainers.h"
#include "util/strbuf.h"
#include "util/util.h"
#include "runner/qemu.h"
#include "backend.h"

/*
 * Bisect the demo history: cause mode from its newest commit, with the
 * imported tree as the good end, the kernel builder and the QEMU runner.
 */
static int demo_bisect(const struct demo_repo *r, const char *cache, const char *workdir,
		       const char *json, const char *policy, const char *keys)
{
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct bisect_log logw;
	struct bisect_json_writer jsonw = { .path = json };
	struct cli_progress prog;
	struct kernel_build_opts ko = { 0 };
	struct qemu_opts qo = { 0 };
	struct kernel_backend be = { 0 };
	char *cachedir = cache ? xstrdup(cache) : cache_dir();
	char *wd = workdir ? xstrdup(workdir)
			   : xstrfmt("%s/demo/work-%d-%s%s", cachedir, r->commits,
				     policy ? policy : "bayes",
				     keys && !strcmp(keys, "off") ? "-nokeys" : "");
	char *qwd = xstrfmt("%s/qemu", wd);
	int code = EXIT_INFRA, r_run;

	bisect_job_init(&job);
	if (bisect_job_set(&job, "repo", r->dir) < 0 || bisect_job_set(&job, "bad", r->bad) < 0 ||
	    bisect_job_set(&job, "good", r->base) < 0 || bisect_job_set(&job, "workdir", wd) < 0 ||
	    bisect_job_set(&job, "backend", "kernel") < 0 ||
	    (policy && bisect_job_set(&job, "policy", policy) < 0) ||
	    (keys && bisect_job_set(&job, "build.keys", keys) < 0) || bisect_job_check(&job) < 0) {
		code = EXIT_USAGE;
		goto out;
	}
	ko.workdir = wd;
	ko.config = r->config;
	ko.cache = cachedir;
	qo.workdir = qwd;
	qo.repro_c = r->repro;
	qo.vms = 2;
	qo.cpus = 1;
	qo.repro_timeout = 30;
	qo.boot_timeout = 90;
	/* the same wiring as `culprit bisect --kernel` (sets builder, runner, jobs) */
	if (kernel_backend_start(&be, &job, &ko, &qo) < 0)
		goto out;
	/*
	 * The reproducer crashes on every boot of a bad kernel: 6 runs a step
	 * (12 on the bad commit) are plenty and keep the demo in its budget.
	 * The syzbot policy keeps syzbot's own 10 (20), for comparisons.
	 */
	if (!job.runs && job.policy == BISECT_POLICY_BAYES)
		job.runs = 6;
	bisect_log_init(&logw, stdout);
	bisect_job_add_observer(&job, &bisect_log_ops, &logw);
	bisect_job_add_observer(&job, &bisect_json_ops, &jsonw);
	cli_progress_init(&prog);
	cli_progress_attach(&prog, &job);
	job.recipients = maintainers_bisect_recipients;
	r_run = bisect_run(&job, &res);
	cli_progress_release(&prog);
	if (r_run < 0) {
		code = EXIT_USAGE;
		goto out;
	}
	if (jsonw.failed)
		goto out;
	code = cli_exit_code(&res);
	if (res.outcome == BISECT_FOUND && !strcmp(res.culprit, r->culprit)) {
		printf("\ndemo: found the injected commit %s %s\n", r->culprit, r->culprit_subject);
		code = EXIT_FOUND;
	} else {
		printf("\ndemo: FAILED: the injected commit is %s %s, the bisection said %s\n",
		       r->culprit, r->culprit_subject,
		       res.outcome == BISECT_FOUND ? res.culprit : "no single culprit");
		if (code == EXIT_FOUND)
			code = EXIT_INCONCLUSIVE;
	}
out:
	bisect_result_release(&res);
	bisect_job_release(&job);
	kernel_backend_stop(&be);
	free(cachedir);
	free(wd);
	free(qwd);
	return code;
}

static const char usage_text[] =
	"usage: culprit demo [--json FILE] [--cache DIR] [--workdir DIR]\n"
	"                    [--commits N] [--seed N] [--policy bayes|syzbot]\n"
	"                    [--build-keys on|off] [--generate-only]\n"
	"\n"
	"Builds once, in the cache, a Linux 6.1 git history with an injected bug\n"
	"(from /usr/src/linux-source-6.1.tar.xz), then bisects it for real:\n"
	"kernel builds, QEMU boots, the reproducer; prints the bisection log.\n"
	"\n"
	"  --json FILE        write the bisection result as JSON\n"
	"  --cache DIR        culprit's cache (default $CULPRIT_CACHE or ~/.cache/culprit)\n"
	"  --workdir DIR      bisection work directory (default <cache>/demo/work-<N>)\n"
	"  --commits N        generated commits on top of the base (default 240)\n"
	"  --seed N           generator seed (default: the fixed demo seed)\n"
	"  --policy P         bisection policy: bayes (default) or syzbot\n"
	"  --build-keys on|off  know which commits build the same kernel before\n"
	"                     building them (default on)\n"
	"  --generate-only    generate the history and print what was injected\n";

int cmd_demo(int argc, const char **argv)
{
	static const struct option longopts[] = {
		{ "json", required_argument, NULL, 'j' },
		{ "cache", required_argument, NULL, 'c' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "commits", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "generate-only", no_argument, NULL, 'g' },
		{ "policy", required_argument, NULL, 'p' },
		{ "build-keys", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o = { .verbose = true };
	struct demo_repo r;
	const char *json = NULL, *workdir = NULL, *policy = NULL, *keys = NULL;
	bool generate_only = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, (char *const *)argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = optarg;
			break;
		case 'c':
			o.cache = optarg;
			break;
		case 'w':
			workdir = optarg;
			break;
		case 'n':
			o.commits = atoi(optarg);
			if (o.commits < 12) {
				fprintf(stderr, "culprit demo: --commits must be at least 12\n");
				return EXIT_USAGE;
			}
			break;
		case 's':
			o.seed = strtoull(optarg, NULL, 0);
			break;
		case 'g':
			generate_only = true;
			break;
		case 'p':
			policy = optarg;
			break;
		case 'k':
			keys = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	double t0 = now_seconds();

	if (demo_prepare(&o, &r) < 0)
		return EXIT_INFRA;
	fprintf(stderr, "demo: history ready in %.1fs: %s (%d commits)\n", now_seconds() - t0,
		r.dir, r.commits);
	if (generate_only) {
		printf("repo %s\nconfig %s\nrepro %s\nbase %s\nbad %s\nculprit %s %s\n"
		       "break %s\nbreak_fix %s\nwarn %s\nwarn_fix %s\n",
		       r.dir, r.config, r.repro, r.base, r.bad, r.culprit, r.culprit_subject,
		       r.break_commit, r.break_fix, r.warn_commit, r.warn_fix);
		demo_repo_release(&r);
		return 0;
	}
	c = demo_bisect(&r, o.cache, workdir, json, policy, keys);
	fprintf(stderr, "demo: total %.1fs\n", now_seconds() - t0);
	demo_repo_release(&r);
	return c;
}
