// SPDX-License-Identifier: Apache-2.0
/*
 * kbuild-tool - build one kernel tree with the kernel builder and print the
 * result as "key value" lines (status, signature, reason, compiler,
 * artifacts, seconds, cpu_seconds), for the kernel e2e tests and the
 * benchmarks. cpu_seconds: user + system time of every process the build
 * ran (make, the compilers), which a busy machine inflates far less than
 * the wall-clock seconds.
 *
 * usage: kbuild-tool --workdir W --config C --tree T [--commit H] [--clean]
 *                    [--jobs N] [--timeout S] [--verbose] [--no-ccache]
 *                    [--cache DIR]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "build/kernel.h"
#include "util/run.h"

static double children_cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_CHILDREN, &ru) < 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "workdir", required_argument, NULL, 'w' },
		{ "config", required_argument, NULL, 'c' },
		{ "tree", required_argument, NULL, 't' },
		{ "commit", required_argument, NULL, 'm' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "clean", no_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-ccache", no_argument, NULL, 'N' },
		{ "cache", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 },
	};
	struct kernel_build_opts o = { 0 };
	const char *tree = NULL, *commit = "HEAD";
	struct build_result res;
	int c;

	children_install_cleanup();	/* a killed tool takes its make along */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'w': o.workdir = optarg; break;
		case 'c': o.config = optarg; break;
		case 't': tree = optarg; break;
		case 'm': commit = optarg; break;
		case 'j': o.jobs = atoi(optarg); break;
		case 'T': o.timeout = atof(optarg); break;
		case 'C': o.clean = true; break;
		case 'v': o.verbose = true; break;
		case 'N': o.no_ccache = true; break;
		case 'K': o.cache = optarg; break;
		default: return 2;
		}
	}
	if (!o.workdir || !o.config || !tree) {
		fputs("usage: kbuild-tool --workdir W --config C --tree T [--commit H] [--clean]\n",
		      stderr);
		return 2;
	}
	struct kernel_builder *kb = kernel_builder_new(&o);

	if (!kb)
		return 2;
	struct builder_ops ops = kernel_builder_ops(kb);

	printf("compiler %s\n", ops.compiler(ops.ctx, commit));
	if (ops.build(ops.ctx, commit, tree, &res) < 0) {
		kernel_builder_free(kb);
		return 2;
	}
	printf("status %s\n", res.status == BUILD_OK ? "ok" :
			      res.status == BUILD_FAILED ? "failed" : "infra");
	printf("signature %s\n", res.signature);
	printf("reason %s\n", res.reason ? res.reason : "");
	printf("artifacts %s\n", res.artifact_dir ? res.artifact_dir : "");
	printf("seconds %.1f\n", res.seconds);
	printf("cpu_seconds %.1f\n", children_cpu_seconds());
	build_result_release(&res);
	kernel_builder_free(kb);
	return 0;
}
