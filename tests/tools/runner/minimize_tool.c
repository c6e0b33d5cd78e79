// SPDX-License-Identifier: Apache-2.0
/*
 * minimize-tool - kernel config minimisation (src/bisect/minimize.h) of a
 * crash in a git repository: builds in a build tree under the work
 * directory, boots with the QEMU runner, prints the minimiser's log lines
 * and then "key value" lines:
 *
 *	status ok|refused
 *	config <minimised .config>
 *	title <crash title>
 *	options <before> <after>
 *	build-seconds <before> <after>
 *	tests <n> builds <n> runs <n> cached <n>
 *	seconds <total>
 *	reason <why refused, or empty>
 *
 * usage: minimize-tool --repo R --workdir W --config C --crashing REV --repro F
 *                      [--clean REV] [--title T] [--baseline B] [--runs N]
 *                      [--max-tests N] [--no-crash-needs] [--kvm K] [--jobs N]
 *                      [--vms N]
 *        minimize-tool --repo R --workdir W --crashing REV --checkout-only
 *	  (only puts the build tree <W>/tree at REV and prints "tree <path>": a
 *	  benchmark builds there as the minimiser will)
 * Exit 0 when it ran (ok or refused), 1 on a hard error, 2 on bad usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bisect/minimize.h"
#include "build/kernel.h"
#include "runner/qemu.h"
#include "util/run.h"
#include "util/util.h"
#include "vcs/vcs.h"

static int checkout(void *ctx, const char *dir, const char *hash)
{
	return vcs_build_tree_checkout(ctx, dir, hash);
}

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'R' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "config", required_argument, NULL, 'c' },
		{ "crashing", required_argument, NULL, 'b' },
		{ "clean", required_argument, NULL, 'g' },
		{ "repro", required_argument, NULL, 'r' },
		{ "title", required_argument, NULL, 't' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "runs", required_argument, NULL, 'n' },
		{ "max-tests", required_argument, NULL, 'x' },
		{ "no-crash-needs", no_argument, NULL, 'N' },
		{ "kvm", required_argument, NULL, 'k' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "vms", required_argument, NULL, 'v' },
		{ "checkout-only", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 },
	};
	struct minimize_opts mo = { .checkout = checkout, .log = log_line };
	struct kernel_build_opts ko = { 0 };
	struct qemu_opts qo = { .quiet = true };
	struct minimize_result res;
	struct runner_ops rops;
	struct qemu_runner *q;
	struct vcs_repo *repo;
	const char *repo_path = NULL, *crashing = NULL, *clean = NULL;
	char bad[VCS_HEXSZ + 1], good[VCS_HEXSZ + 1];
	char *tree, *qwd;
	bool checkout_only = false;
	int c, ret;

	children_install_cleanup();
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'R': repo_path = optarg; break;
		case 'w': mo.workdir = optarg; break;
		case 'c': mo.config = optarg; break;
		case 'b': crashing = optarg; break;
		case 'g': clean = optarg; break;
		case 'r':
			if (ends_with(optarg, ".c"))
				qo.repro_c = optarg;
			else
				qo.repro_bin = optarg;
			break;
		case 't': mo.title = optarg; break;
		case 'B': mo.baseline = optarg; break;
		case 'n': mo.runs = atoi(optarg); break;
		case 'x': mo.max_tests = atoi(optarg); break;
		case 'N': mo.no_crash_needs = true; break;
		case 'k': qo.kvm = optarg; break;
		case 'j': ko.jobs = atoi(optarg); break;
		case 'v': qo.vms = atoi(optarg); break;
		case 'O': checkout_only = true; break;
		default: return 2;
		}
	}
	if (!repo_path || !mo.workdir || !crashing ||
	    (!checkout_only && (!mo.config || (!qo.repro_c && !qo.repro_bin)))) {
		fputs("usage: minimize-tool --repo R --workdir W --config C --crashing REV "
		      "--repro F [--clean REV] [options]\n", stderr);
		return 2;
	}
	repo = vcs_open(repo_path);
	if (!repo || vcs_resolve(repo, crashing, bad) < 0 ||
	    (clean && vcs_resolve(repo, clean, good) < 0))
		return 2;
	if (mkdir_p(mo.workdir, 0777) < 0)
		return 1;
	/* the engine's layout: <wd>/tree beside the builder's <wd>/kbuild */
	tree = xstrfmt("%s/tree", mo.workdir);
	if (checkout_only) {
		ret = checkout(repo, tree, bad);
		if (!ret)
			printf("tree %s\n", tree);
		vcs_close(repo);
		free(tree);
		return ret ? 1 : 0;
	}
	qwd = xstrfmt("%s/qemu", mo.workdir);
	qo.workdir = qwd;
	if (mkdir_p(qwd, 0777) < 0 || !(q = qemu_runner_new(&qo)))
		return 1;
	qemu_runner_ops(q, &rops);
	mo.crashing = bad;
	mo.clean = clean ? good : NULL;
	mo.tree = tree;
	mo.checkout_ctx = repo;
	mo.build = &ko;
	mo.runner = &rops;
	ret = kernel_minimize_config(&mo, &res);
	if (!ret) {
		printf("status %s\n", res.status == MINIMIZE_OK ? "ok" : "refused");
		printf("config %s\n", res.config ? res.config : "");
		printf("title %s\n", res.title ? res.title : "");
		printf("options %d %d\n", res.options_before, res.options_after);
		printf("build-seconds %.1f %.1f\n", res.build_before, res.build_after);
		printf("tests %d builds %d runs %d cached %d\n", res.tests, res.builds, res.runs,
		       res.cached);
		printf("seconds %.1f\n", res.seconds);
		printf("reason %s\n", res.reason ? res.reason : "");
	}
	minimize_result_release(&res);
	qemu_runner_free(q);
	vcs_close(repo);
	free(tree);
	free(qwd);
	return ret ? 1 : 0;
}
