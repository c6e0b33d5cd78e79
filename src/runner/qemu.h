/* SPDX-License-Identifier: Apache-2.0 */
/*
 * qemu.h - the runner for kernels: boot the built bzImage in QEMU with an
 * initramfs culprit makes itself, run the reproducer, read the console
 * (after syzkaller's vm/qemu and pkg/instance).
 *
 * The initramfs (made once per runner, see initramfs.h) holds a static
 * busybox with its applet links, /dev/console, the reproducer as /repro and
 * an /init script that
 *	1. mounts proc, sys and devtmpfs, prints the boot marker;
 *	2. checks that userspace works (runs commands, reads /proc, finds an
 *	   executable /repro) and prints the check marker, or the failure;
 *	3. runs `/repro <index>` (also in $CULPRIT_RUN) under busybox timeout,
 *	   prints the end marker with its exit status, and `poweroff -f`s.
 * The run index reaches the VM as "culprit.run=<index>" on the kernel
 * command line, so a reproducer can behave differently per run.
 *
 * The console is the first serial port, captured to
 * <workdir>/logs/run-<seq>-<index>.log (a header with the QEMU command line
 * and the accelerator note, then the raw console). Verdicts:
 *	- no boot marker within boot_timeout, or QEMU ended before it:
 *	  RUN_BOOT_FAILED "boot failed: <why>" (the crash title when the console
 *	  holds a report, e.g. a panic; else "timed out after Ns ..." or how
 *	  QEMU ended, with the last console line);
 *	- the userspace check fails (or a report appears before it passed):
 *	  RUN_TEST_FAILED "basic kernel testing failed: <why>";
 *	- a complete crash report after the check marker: the VM is stopped
 *	  once the console has been quiet for a second (at most 10 s after the
 *	  report), the console is parsed (report_parse()), each report
 *	  symbolized against vmlinux when there is one: RUN_CRASHED with the
 *	  first title (crashes lists the kernel's reports first, in order, then
 *	  the suppressed ones);
 *	- the reproducer ends, or is killed when repro_timeout is up (a hang is
 *	  not a crash; the reason then says "reproducer timed out after Ns"):
 *	  RUN_OK;
 *	- no end marker by repro_timeout + hang_grace (the kernel itself hung,
 *	  with no report): RUN_TIMED_OUT;
 *	- QEMU missing, cannot start, or rejects its arguments; no bzImage;
 *	  the VM's shell cannot run /repro (status 126/127): RUN_INFRA.
 * Every QEMU runs in its own process group through run.h and is killed on
 * every path (stop, timeouts, culprit exiting or killed).
 *
 * Accelerator: kvm "off" uses TCG. "auto" (default) probes with real boots
 * of the kernel under KVM to userspace (QEMU often starts on a /dev/kvm that
 * cannot actually run a guest, e.g. nested: `-cpu host` aborts on MSR
 * 0x10a, other models hang), trying `-cpu host`, `host,-arch-capabilities`,
 * then `max`, and falls back to TCG when none works. "on" probes the same
 * way but never falls back: if KVM does not work, every run is RUN_INFRA.
 * The outcome (with why each model failed) is noted in every run log (and
 * on stderr unless quiet), and kept in <workdir>/probe-accel: runners of the
 * same work directory do not probe again (unless QEMU, the host or the
 * options changed).
 *
 * Machine: "auto" (default) boots on microvm (no PCI to probe, no BIOS, a
 * faster power-off) when the kernel's config has a console there: the
 * 8250 serial port (SERIAL_8250_CONSOLE), else a virtio console over
 * virtio-mmio (VIRTIO_CONSOLE, VIRTIO_MMIO, VIRTIO_MMIO_CMDLINE_DEVICES:
 * console=hvc0; it shows nothing before its driver is up, so it is second);
 * and with CONFIG_PVH, vmlinux itself is booted through its PVH entry (no
 * bzImage decompression). microvm also gets tsc_early_khz=<the host's TSC
 * rate> (the guest's TSC is the host's, and microvm has no HPET or PM timer
 * to calibrate it against: under TCG the kernel hung). Else, and whenever a run on
 * microvm does not reach userspace, the run is done on pc with the bzImage
 * (the way that always worked; its log says why); when pc boots where
 * microvm did not, that config stays on pc. A first boot on microvm is
 * given up after 30 s without console output (half of boot_timeout at
 * most). The config is the .config beside the image (the kernel builder's
 * artifacts) or at the top of its build directory; without one, the image
 * is tried on microvm. The choice per config is kept in
 * <workdir>/probe-machine-<hash>. "pc" and "microvm" force the machine (no
 * fallback). Each run reports its machine and its boot time
 * (run_result.machine, .boot_seconds).
 */
#ifndef CULPRIT_QEMU_H
#define CULPRIT_QEMU_H

#include "runner.h"

struct qemu_opts {
	const char *workdir;	/* required: logs, initramfs, compiled reproducer */
	const char *repro_c;	/* C reproducer, compiled `cc -static -O2 -pthread` */
	const char *repro_bin;	/* ... or a static binary or a script (one of the two) */
	const char *cc;		/* host compiler for repro_c; NULL: "gcc" */
	bool *bad_repro;	/* optional: set by a failing qemu_runner_new() when the
				   reproducer itself is wrong (does not compile, cannot
				   be read, not static): bad input. Not kept. */
	const char *qemu;	/* NULL: "qemu-system-x86_64" */
	const char *busybox;	/* NULL: "/bin/busybox" */
	const char *kvm;	/* "auto" (NULL), "on", "off" */
	const char *kvm_device;	/* NULL: "/dev/kvm" (tests point it elsewhere) */
	const char *machine;	/* "auto" (NULL), "pc", "microvm" */
	int vms;		/* VMs at once; <= 0: 2 */
	int cpus;		/* per VM; <= 0: 2 */
	int mem_mb;		/* per VM; <= 0: 512 */
	double boot_timeout;	/* to the boot marker, seconds; <= 0: 120 */
	double repro_timeout;	/* the reproducer's time, seconds; <= 0: 60 */
	double hang_grace;	/* then, to the end marker, seconds; <= 0: 30 */
	const char *append;	/* more kernel command line, or NULL */
	const char *kernel_name;	/* in build_result.artifact_dir; NULL: "bzImage" */
	const char *vmlinux_name;	/* idem, for symbolization; NULL: "vmlinux" */
	bool no_symbolize;
	bool quiet;		/* no progress lines on stderr */
};

struct qemu_runner;

/*
 * Check the options, compile the reproducer (cached under the workdir by the
 * hash of source and compiler command), write the initramfs. Returns NULL
 * with an error() on failure (no compiler, reproducer does not compile...).
 */
struct qemu_runner *qemu_runner_new(const struct qemu_opts *opts);
void qemu_runner_free(struct qemu_runner *q);

/* runner_ops for the engine: run() boots artifact_dir/kernel_name. */
void qemu_runner_ops(struct qemu_runner *q, struct runner_ops *ops);

/*
 * One run against explicit files (vmlinux and src_root may be NULL; the
 * source root is what file names in symbolized reports are relative to).
 * Thread-safe. Returns 0, or -1 when the result is RUN_INFRA.
 */
int qemu_run_kernel(struct qemu_runner *q, const char *bzimage, const char *vmlinux,
		    const char *src_root, int index, struct run_result *out);

/* The accelerator runs use ("kvm", "tcg", or "none" when kvm = on and KVM
 * does not work), probing if needed (once per work directory; thread-safe). */
const char *qemu_accel(struct qemu_runner *q, const char *bzimage);

#endif
