/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface between qemu.c (one VM) and probe.c (which VM). */
#ifndef CULPRIT_RUNNER_QEMU_INT_H
#define CULPRIT_RUNNER_QEMU_INT_H

#include <pthread.h>
#include "qemu.h"

/* ACCEL_NONE: kvm = on, and KVM does not work: every run is RUN_INFRA */
enum accel { ACCEL_UNKNOWN, ACCEL_KVM, ACCEL_TCG, ACCEL_NONE };

enum machine { MACHINE_PC, MACHINE_MICROVM };

/* microvm's console: its ISA serial port (ttyS0), or virtio-mmio (hvc0) */
enum console { CONSOLE_SERIAL, CONSOLE_VIRTIO };

struct vm_spec {
	bool kvm;
	const char *cpu;	/* -cpu under KVM; NULL: QEMU's default */
	enum machine machine;
	enum console console;
	/*
	 * microvm: the guest's TSC runs at the host's, and microvm has no
	 * HPET or PM timer to calibrate it against (under TCG the kernel hangs
	 * after "tsc: Marking TSC unstable due to could not calculate TSC
	 * khz"): tsc_early_khz=<host TSC kHz> on the command line; 0: none.
	 */
	unsigned tsc_khz;
	/* give the boot up after this long without console output; 0: never */
	double stall;
	/*
	 * Boot vmlinux itself through its PVH entry point (CONFIG_PVH): no
	 * decompression of the bzImage, which costs about half a second of a
	 * boot under TCG.
	 */
	bool pvh;
};

/* The machine for the kernels of one config (key: its hash, or the image's). */
struct machine_choice {
	char key[33];
	enum machine machine;
	enum console console;
	bool pvh;		/* the config has CONFIG_PVH */
	bool confirmed;		/* a boot reached userspace on it */
	char *note;
};

struct qemu_runner {
	struct qemu_opts o;
	struct strvec strings;	/* copies of the option strings */
	char *initramfs;
	char *repro;
	char *logdir;
	pthread_mutex_t lock;
	unsigned seq;
	enum accel accel;
	char *accel_note;
	char *kvm_cpu;		/* the -cpu that works under KVM */
	unsigned tsc_khz;	/* the host's TSC, measured once (0: not x86, or not yet) */
	bool tsc_measured;
	struct machine_choice *machines;
	size_t machines_nr;
};

/* "microvm, TCG" (for logs and run_result.machine) into buf */
void vm_spec_name(const struct vm_spec *spec, char *buf, size_t size);

/*
 * Boot one VM (qemu.c). `probe`: stop as soon as userspace works (the
 * result is then RUN_OK). Fills `out` (boot_seconds, machine too).
 */
int run_vm(struct qemu_runner *q, const struct vm_spec *spec, bool probe, const char *note,
	   const char *bzimage, const char *vmlinux, const char *src_root, int index,
	   const char *log_path, struct run_result *out);

/* A log file name no other run of this work directory has (malloced), or NULL. */
char *new_run_log(struct qemu_runner *q, int index, struct run_result *out);

#endif
