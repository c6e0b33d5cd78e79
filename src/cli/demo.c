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
#include "util/strbuf.h"
#include "util/util.h"

static const char usage_text[] =
	"usage: culprit demo [--json FILE] [--cache DIR] [--workdir DIR]\n"
	"                    [--commits N] [--seed N] [--generate-only]\n"
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o = { .verbose = true };
	struct demo_repo r;
	const char *json = NULL, *workdir = NULL;
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
	(void)json;
	(void)workdir;
	fprintf(stderr, "culprit demo: the QEMU runner (src/runner/qemu.h) is not available in "
			"this build yet; the history was generated, nothing was bisected\n");
	demo_repo_release(&r);
	return EXIT_INFRA;
}
