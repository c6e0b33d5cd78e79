// SPDX-License-Identifier: Apache-2.0
/*
 * runner-tool - boot a kernel with the QEMU runner `--runs` times (one VM
 * at a time, so the times are not shared with another VM) on the machine
 * asked, and print one line per run and the means:
 *
 *	run 0: OK machine "microvm, TCG" boot 1.23 total 2.01
 *	runs 10 ok 10 boot-mean 1.25 total-mean 2.03 machine "microvm, TCG"
 *
 * usage: runner-tool --bzimage F --repro R.c --workdir W [--machine auto|pc|microvm]
 *                    [--kvm auto|on|off] [--runs N] [--cpus N] [--vmlinux F]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/qemu.h"
#include "util/run.h"
#include "util/util.h"

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "bzimage", required_argument, NULL, 'b' },
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "repro", required_argument, NULL, 'r' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "machine", required_argument, NULL, 'm' },
		{ "kvm", required_argument, NULL, 'k' },
		{ "runs", required_argument, NULL, 'n' },
		{ "cpus", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct qemu_opts o = { .quiet = true };
	const char *bzimage = NULL, *vmlinux = NULL;
	double boot = 0, total = 0;
	int runs = 1, ok = 0, booted = 0, c;
	char machine[64] = "";
	struct qemu_runner *q;

	children_install_cleanup();
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': bzimage = optarg; break;
		case 'v': vmlinux = optarg; break;
		case 'r':
			if (ends_with(optarg, ".c"))
				o.repro_c = optarg;
			else
				o.repro_bin = optarg;
			break;
		case 'w': o.workdir = optarg; break;
		case 'm': o.machine = optarg; break;
		case 'k': o.kvm = optarg; break;
		case 'n': runs = atoi(optarg); break;
		case 'c': o.cpus = atoi(optarg); break;
		default: return 2;
		}
	}
	if (!bzimage || !o.workdir || (!o.repro_c && !o.repro_bin) || runs < 1) {
		fputs("usage: runner-tool --bzimage F --repro R --workdir W [--machine M] "
		      "[--kvm K] [--runs N] [--cpus N]\n", stderr);
		return 2;
	}
	if (mkdir_p(o.workdir, 0777) < 0 || !(q = qemu_runner_new(&o)))
		return 2;
	fprintf(stderr, "accel: %s\n", qemu_accel(q, bzimage));
	for (int i = 0; i < runs; i++) {
		struct run_result r;
		char *desc;

		qemu_run_kernel(q, bzimage, vmlinux, NULL, i, &r);
		desc = run_verdict_describe(&r);
		printf("run %d: %s machine \"%s\" boot %.2f total %.2f\n", i, desc, r.machine,
		       r.boot_seconds, r.seconds);
		fflush(stdout);
		ok += r.verdict == RUN_OK || r.verdict == RUN_CRASHED;
		if (r.boot_seconds > 0) {
			booted++;
			boot += r.boot_seconds;
		}
		total += r.seconds;
		snprintf(machine, sizeof(machine), "%s", r.machine);
		free(desc);
		run_result_release(&r);
	}
	printf("runs %d ok %d boot-mean %.3f total-mean %.3f machine \"%s\"\n", runs, ok,
	       booted ? boot / booted : 0, total / runs, machine);
	qemu_runner_free(q);
	return ok == runs ? 0 : 1;
}
