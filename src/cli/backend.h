/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backend.h - the kernel backend of `culprit bisect`: the kernel builder
 * (src/build/kernel.h) and the QEMU runner (src/runner/qemu.h) made from a
 * job's [kernel] keys (job->extra, "kernel.<key>=<value>"):
 *
 *	config / kconfig   a full kernel .config (required)
 *	repro              the reproducer: a C file (compiled statically on
 *	                   the host) or a static binary / #! script (required)
 *	vms                VMs at once (2); also the engine's parallel runs
 *	cpus               CPUs per VM (2)
 *	memory             memory per VM: MiB, or with a suffix M / G (512)
 *	kvm                auto | on | off (auto: probed with a real boot)
 *	targets            make targets, space or comma separated (bzImage)
 *	compilers          a compiler table file (src/build/compilers.h),
 *	                   looked up by the commit's newest release tag (the
 *	                   job's release-pattern)
 *	make-jobs          make -j (number of CPUs)
 *	boot-timeout       seconds to the boot marker (120)
 *	repro-timeout      seconds the reproducer may run (the job's timeout
 *	                   when given, else 60)
 *	append             more kernel command line
 *	minimize-config    true | false (default) | tinyconfig | defconfig:
 *	                   before the search, minimise the config from that
 *	                   baseline (true: tinyconfig; src/bisect/minimize.h)
 *	                   and build with the result when it reproduces at the
 *	                   bad end and not at the good one (job->prepare)
 * Work files: <workdir>/kbuild, <workdir>/artifacts (the builder) and
 * <workdir>/qemu (the runner).
 *
 * kernel_setup() checks every key and file before it creates anything:
 * returns 0, KERNEL_SETUP_BAD_INPUT (-2) after error() for a bad key or
 * value, a missing or unreadable config or reproducer (the caller exits 2,
 * nothing changed), or -1 after error() when the builder or the runner
 * cannot be made (the caller exits 4). kernel_teardown(state) frees what
 * setup made (NULL is fine).
 *
 * kernel_backend_start() is the wiring under kernel_setup, for callers that
 * fill the options themselves (culprit demo): it makes the builder and the
 * runner from `ko` / `qo` and points job->builder / job->runner (and
 * job->jobs when unset) at them.
 */
#ifndef CULPRIT_CLI_BACKEND_H
#define CULPRIT_CLI_BACKEND_H

#include "../bisect/bisect.h"
#include "../build/kernel.h"
#include "../runner/qemu.h"

#define KERNEL_SETUP_BAD_INPUT (-2)

struct kernel_backend {
	struct kernel_builder *kb;
	struct qemu_runner *q;
	struct builder_ops bops;
	struct runner_ops rops;
};

/* 0, or -1 after error() (nothing is left to free then). */
int kernel_backend_start(struct kernel_backend *be, struct bisect_job *job,
			 const struct kernel_build_opts *ko, const struct qemu_opts *qo);
void kernel_backend_stop(struct kernel_backend *be);

int kernel_setup(struct bisect_job *job, const char *workdir, void **state);
void kernel_teardown(void *state);

/*
 * The backend a job names (job->backend; NULL: generic), set up as `culprit
 * bisect` does (a Slurm job's node side: cli/step.c): returns what its setup
 * returns; *teardown(*state) undoes it (*teardown may be NULL).
 */
int cli_backend_setup(struct bisect_job *job, const char *workdir, void (**teardown)(void *),
		      void **state);

#endif
