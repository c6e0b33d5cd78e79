// SPDX-License-Identifier: Apache-2.0
/*
 * HOW IT WORKS
 *
 * qemu_runner_new() compiles the reproducer and writes one initramfs; every
 * run boots it with "culprit.run=<index>" on the kernel command line. A run
 * is one child_run() of QEMU whose stdout is the guest's serial console.
 * The output callback follows the init script's markers through the phases
 * BOOT -> CHECK -> REPRO -> END and asks report_contains_crash() (at most
 * every 50 ms of new lines) whether a complete report is there; from then
 * on the VM is stopped as soon as the console is quiet for CRASH_QUIET (the
 * rest of the report and the reports right after it are wanted too), at
 * most CRASH_DRAIN later. The tick callback enforces these and each phase's
 * deadline even when the console is silent.
 * When QEMU is gone (powered off, or stopped by a callback), the verdict
 * comes from the phase reached, why it stopped, and report_parse() of the
 * whole console.
 */
#include "qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/run.h"
#include "../util/sha256.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../util/util.h"
#include "initramfs.h"
#include "qemu-int.h"
#include "symbolize.h"

#define MARK_BOOT "CULPRIT-BOOT-OK"
#define MARK_CHECK "CULPRIT-CHECK-OK"
#define MARK_CHECK_FAILED "CULPRIT-CHECK-FAILED: "
#define MARK_START "CULPRIT-REPRO-START"
#define MARK_END "CULPRIT-REPRO-END status="

/* and after the end marker, this long to power off */
#define POWEROFF_GRACE 20.0
/*
 * A KVM probe boot that works prints kernel messages within a second and
 * reaches userspace in a few; a broken /dev/kvm (nested) often just hangs.
 */
#define PROBE_TIMEOUT 20.0
/* after a complete report: stop at this much silence, or this long after it */
#define CRASH_QUIET 1.0
#define CRASH_DRAIN 10.0
#define PROBE_SILENCE 8.0

static const char init_script[] =
	"#!/bin/sh\n"
	"export PATH=/bin:/sbin:/usr/bin:/usr/sbin\n"
	"mount -t proc proc /proc\n"
	"mount -t sysfs sysfs /sys\n"
	"mount -t devtmpfs devtmpfs /dev 2>/dev/null\n"
	"echo \"" MARK_BOOT " $(uname -r)\"\n"
	"run=0\n"
	"for a in $(cat /proc/cmdline); do\n"
	"\tcase \"$a\" in\n"
	"\tculprit.run=*) run=${a#culprit.run=} ;;\n"
	"\tesac\n"
	"done\n"
	"why=\n"
	"[ -r /proc/self/status ] || why=\"/proc is not mounted\"\n"
	"[ -n \"$why\" ] || [ \"$(echo ok | cat)\" = ok ] || why=\"cannot run a pipeline\"\n"
	"[ -n \"$why\" ] || ls / >/dev/null 2>&1 || why=\"cannot run ls\"\n"
	"[ -n \"$why\" ] || [ -x /repro ] || why=\"no executable /repro\"\n"
	"if [ -n \"$why\" ]; then\n"
	"\techo \"" MARK_CHECK_FAILED "$why\"\n"
	"\tpoweroff -f\n"
	"\tsleep 1000000\n"
	"fi\n"
	"echo " MARK_CHECK "\n"
	"export CULPRIT_RUN=$run\n"
	"cd /tmp\n"
	"echo " MARK_START "\n"
	"timeout -s KILL REPRO_TIMEOUT /repro \"$run\"\n"
	"echo \"" MARK_END "$?\"\n"
	"poweroff -f\n"
	/* if poweroff fails, do not let init exit (that is a panic) */
	"sleep 1000000\n";

static const char *dup_opt(struct qemu_runner *q, const char *s)
{
	return s ? strvec_push(&q->strings, s) : NULL;
}

/*
 * <workdir>/repro/<hash of source and command>, compiled once. `bad`: set
 * when the reproducer is wrong (unreadable, the compiler said no), not the
 * machine.
 */
static char *compile_repro(struct qemu_runner *q, bool *bad)
{
	struct strbuf src = STRBUF_INIT;
	struct child c = CHILD_INIT;
	const char *cc = q->o.cc ? q->o.cc : "gcc";
	char hash[65], *dir, *bin, *tmp;

	if (strbuf_read_file(&src, q->o.repro_c) < 0) {
		error("cannot read reproducer '%s': %s", q->o.repro_c, strerror(errno));
		strbuf_release(&src);
		*bad = true;
		return NULL;
	}
	strbuf_addf(&src, "%c%s -static -O2 -pthread", 0, cc);
	sha256_hex(src.buf, src.len, hash);
	strbuf_release(&src);
	dir = xstrfmt("%s/repro", q->o.workdir);
	bin = xstrfmt("%s/%.32s", dir, hash);
	if (file_exists(bin)) {
		free(dir);
		return bin;
	}
	if (mkdir_p(dir, 0755) < 0) {
		free(dir);
		free(bin);
		return NULL;
	}
	tmp = xstrfmt("%s.tmp%d", bin, (int)getpid());
	strvec_pushl(&c.args, cc, "-static", "-O2", "-pthread", "-o", tmp, q->o.repro_c, NULL);
	c.timeout = 300;
	c.merge_stderr = true;
	if (child_run(&c) < 0 || !child_ok(&c) || rename(tmp, bin)) {
		char *how = child_describe(&c);

		strbuf_rtrim(&c.out);
		/* the compiler ran and said no: the reproducer is wrong, not the machine */
		if (!c.timed_out && c.status > 0)
			*bad = true;
		error("cannot compile reproducer '%s' (%s)%s%s", q->o.repro_c, how,
		      c.out.len ? ":\n" : "", c.out.buf);
		free(how);
		unlink(tmp);
		free(bin);
		bin = NULL;
	}
	child_release(&c);
	free(tmp);
	free(dir);
	return bin;
}

/*
 * The VM has no dynamic loader or libraries: a given reproducer must be a
 * static ELF (no PT_INTERP) or a script for busybox's sh.
 */
static int check_static(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char head[4] = { 0 };
	Elf *elf;
	size_t n = 0;
	bool dynamic = false;

	if (fd < 0)
		return error("cannot open reproducer '%s': %s", path, strerror(errno));
	if (read(fd, head, sizeof(head)) >= 2 && head[0] == '#' && head[1] == '!') {
		close(fd);
		return 0;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getphdrnum(elf, &n)) {
		if (elf)
			elf_end(elf);
		close(fd);
		return error("reproducer '%s' is neither an ELF binary nor a script", path);
	}
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP)
			dynamic = true;
	}
	elf_end(elf);
	close(fd);
	if (dynamic)
		return error("reproducer '%s' is dynamically linked; the VM has no libraries "
			     "(link it -static, or give the C file)", path);
	return 0;
}

static int make_initramfs(struct qemu_runner *q)
{
	struct initramfs ird = INITRAMFS_INIT;
	static const char *const dirs[] = { "dev", "proc", "sys", "tmp", "root", "etc",
					    "bin", "sbin", "usr", "usr/bin", "usr/sbin" };
	struct strbuf script = STRBUF_INIT;
	char secs[32];
	const char *p;
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		initramfs_add_dir(&ird, dirs[i], !strcmp(dirs[i], "tmp") ? 01777 : 0755);
	initramfs_add_chardev(&ird, "dev/console", 0600, 5, 1);
	initramfs_add_chardev(&ird, "dev/null", 0666, 1, 3);
	ret = initramfs_add_busybox(&ird, q->o.busybox);
	if (!ret)
		ret = initramfs_add_host_file(&ird, "repro", 0755, q->repro);
	if (!ret) {
		snprintf(secs, sizeof(secs), "%d", (int)(q->o.repro_timeout + 0.5));
		p = strstr(init_script, "REPRO_TIMEOUT");
		strbuf_add(&script, init_script, (size_t)(p - init_script));
		strbuf_addstr(&script, secs);
		strbuf_addstr(&script, p + strlen("REPRO_TIMEOUT"));
		initramfs_add_file(&ird, "init", 0755, script.buf, script.len);
		static atomic_uint runners;

		q->initramfs = xstrfmt("%s/initramfs-%d-%u.cpio", q->o.workdir, (int)getpid(),
				       atomic_fetch_add(&runners, 1));
		ret = initramfs_write(&ird, q->initramfs);
	}
	strbuf_release(&script);
	initramfs_release(&ird);
	return ret;
}

struct qemu_runner *qemu_runner_new(const struct qemu_opts *opts)
{
	struct qemu_runner *q = xcalloc(1, sizeof(*q));
	const char *kvm = opts->kvm ? opts->kvm : "auto";
	bool bad_repro = false;

	if (!opts->workdir) {
		error("qemu runner: no work directory");
		goto fail_early;
	}
	if (!!opts->repro_c == !!opts->repro_bin) {
		error("qemu runner: give a C reproducer or a static binary (one of them)");
		goto fail_early;
	}
	if (strcmp(kvm, "auto") && strcmp(kvm, "on") && strcmp(kvm, "off")) {
		error("qemu runner: kvm must be auto, on or off, not '%s'", kvm);
		goto fail_early;
	}
	if (opts->machine && strcmp(opts->machine, "auto") && strcmp(opts->machine, "pc") &&
	    strcmp(opts->machine, "microvm")) {
		error("qemu runner: machine must be auto, pc or microvm, not '%s'", opts->machine);
		goto fail_early;
	}
	q->o = *opts;
	q->o.bad_repro = NULL;	/* the caller's: answered below, never kept */
	q->o.workdir = dup_opt(q, opts->workdir);
	q->o.repro_c = dup_opt(q, opts->repro_c);
	q->o.repro_bin = dup_opt(q, opts->repro_bin);
	q->o.cc = dup_opt(q, opts->cc);
	q->o.qemu = dup_opt(q, opts->qemu ? opts->qemu : "qemu-system-x86_64");
	q->o.busybox = dup_opt(q, opts->busybox ? opts->busybox : "/bin/busybox");
	q->o.kvm = dup_opt(q, kvm);
	q->o.kvm_device = dup_opt(q, opts->kvm_device);
	q->o.machine = dup_opt(q, opts->machine ? opts->machine : "auto");
	q->o.append = dup_opt(q, opts->append);
	q->o.kernel_name = dup_opt(q, opts->kernel_name ? opts->kernel_name : "bzImage");
	q->o.vmlinux_name = dup_opt(q, opts->vmlinux_name ? opts->vmlinux_name : "vmlinux");
	if (q->o.vms <= 0)
		q->o.vms = 2;
	if (q->o.cpus <= 0)
		q->o.cpus = 2;
	if (q->o.mem_mb <= 0)
		q->o.mem_mb = 512;
	if (q->o.boot_timeout <= 0)
		q->o.boot_timeout = 120;
	if (q->o.repro_timeout <= 0)
		q->o.repro_timeout = 60;
	if (q->o.hang_grace <= 0)
		q->o.hang_grace = 30;
	pthread_mutex_init(&q->lock, NULL);
	q->logdir = xstrfmt("%s/logs", q->o.workdir);
	if (mkdir_p(q->logdir, 0755) < 0)
		goto fail;
	if (!file_exists(q->o.busybox)) {
		error("no static busybox at '%s' (package busybox-static)", q->o.busybox);
		goto fail;
	}
	if (q->o.repro_bin && check_static(q->o.repro_bin) < 0) {
		bad_repro = true;
		goto fail;
	}
	q->repro = q->o.repro_c ? compile_repro(q, &bad_repro) : xstrdup(q->o.repro_bin);
	if (!q->repro)
		goto fail;
	if (make_initramfs(q) < 0)
		goto fail;
	return q;
fail:
	if (bad_repro && opts->bad_repro)
		*opts->bad_repro = true;
	qemu_runner_free(q);
	return NULL;
fail_early:
	free(q);
	return NULL;
}

void qemu_runner_free(struct qemu_runner *q)
{
	if (!q)
		return;
	if (q->initramfs)
		unlink(q->initramfs);
	free(q->initramfs);
	free(q->repro);
	free(q->logdir);
	free(q->accel_note);
	free(q->kvm_cpu);
	for (size_t i = 0; i < q->machines_nr; i++)
		free(q->machines[i].note);
	free(q->machines);
	pthread_mutex_destroy(&q->lock);
	strvec_clear(&q->strings);
	free(q);
}

/* --- one VM --- */

enum phase { PH_BOOT, PH_CHECK, PH_REPRO, PH_END };

enum stop {
	STOP_NONE,
	STOP_CRASH,		/* a complete report is in the console */
	STOP_CHECK_FAILED,	/* the init script said why */
	STOP_DEADLINE,		/* the phase's deadline passed */
	STOP_PROBE_DONE,	/* a probe boot reached userspace */
};

struct vm {
	const struct qemu_runner *q;
	const struct vm_spec *spec;
	bool probe;		/* stop once userspace works */
	double boot_timeout;
	enum phase phase;
	enum stop stop;
	double t_start, t_phase;	/* when the current phase began */
	double t_boot;		/* when the boot marker came, or 0 */
	double t_repro, t_end;
	size_t scanned;		/* console bytes already searched for markers */
	bool dirty;		/* complete lines not yet shown to the parser */
	double last_crash_check;
	double t_crash;		/* when a complete report was first seen, or 0 */
	double t_output;	/* when the console last said something */
	size_t ignored;		/* console bytes holding only suppressed reports */
	char *check_why;
	int repro_status;
	bool silent;		/* a probe stopped for saying nothing at all */
	bool stalled;		/* the boot stopped for saying nothing for spec->stall */
};

static void vm_phase(struct vm *vm, enum phase ph)
{
	vm->phase = ph;
	vm->t_phase = now_seconds();
	if (ph == PH_REPRO)
		vm->t_repro = vm->t_phase;
	if (ph == PH_END)
		vm->t_end = vm->t_phase;
}

static void vm_line(struct vm *vm, const char *l, size_t len)
{
	char *line = xstrndup(l, len);
	const char *p;

	if (vm->phase == PH_BOOT && strstr(line, MARK_BOOT)) {
		vm_phase(vm, PH_CHECK);
		vm->t_boot = vm->t_phase;
	}
	if (vm->phase == PH_CHECK && (p = strstr(line, MARK_CHECK_FAILED))) {
		p += strlen(MARK_CHECK_FAILED);
		free(vm->check_why);
		vm->check_why = xstrndup(p, strcspn(p, "\r\n"));
		vm->stop = STOP_CHECK_FAILED;
	} else if (vm->phase == PH_CHECK && strstr(line, MARK_CHECK)) {
		vm_phase(vm, PH_REPRO);
		if (vm->probe)
			vm->stop = STOP_PROBE_DONE;
	} else if (vm->phase == PH_REPRO && (p = strstr(line, MARK_END))) {
		vm->repro_status = atoi(p + strlen(MARK_END));
		vm_phase(vm, PH_END);
	}
	free(line);
}

static bool vm_crash_check(struct vm *vm, const struct strbuf *out)
{
	double now = now_seconds();

	struct report_list list = REPORT_LIST_INIT;
	size_t end = vm->ignored;
	bool real = false;

	if (vm->t_crash || !vm->dirty || now - vm->last_crash_check < 0.05)
		return false;
	vm->dirty = false;
	vm->last_crash_check = now;
	if (!report_contains_crash(out->buf + vm->ignored, out->len - vm->ignored))
		return false;
	/* reports that are not the kernel's bug (suppressed) do not stop the VM */
	report_parse(out->buf + vm->ignored, out->len - vm->ignored, &list);
	for (size_t i = 0; i < list.nr; i++) {
		if (!list.items[i].suppressed)
			real = true;
		else if (vm->ignored + list.items[i].end > end)
			end = vm->ignored + list.items[i].end;
	}
	report_list_release(&list);
	if (real)
		vm->t_crash = now;
	else
		vm->ignored = end;
	return false;
}

/*
 * Once a report is complete, the VM goes on until its console has been
 * quiet a moment (the rest of the report, the reports that follow it, e.g.
 * lockdep's after a sleeping-in-atomic BUG), but not much longer.
 */
static bool vm_crash_drained(struct vm *vm)
{
	double now = now_seconds();

	if (!vm->t_crash)
		return false;
	if (now - vm->t_output < CRASH_QUIET && now - vm->t_crash < CRASH_DRAIN)
		return false;
	vm->stop = STOP_CRASH;
	return true;
}

static bool vm_output(void *data, const struct strbuf *out)
{
	struct vm *vm = data;
	const char *end = out->buf + out->len;
	const char *p = out->buf + vm->scanned;

	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break;
		vm_line(vm, p, (size_t)(nl - p));
		vm->dirty = true;
		p = nl + 1;
	}
	vm->scanned = (size_t)(p - out->buf);
	vm->t_output = now_seconds();
	if (vm->stop != STOP_NONE)
		return true;
	vm_crash_check(vm, out);
	return false;
}

static bool vm_tick(void *data, const struct strbuf *out)
{
	struct vm *vm = data;
	double now = now_seconds(), limit;

	vm_crash_check(vm, out);
	if (vm_crash_drained(vm))
		return true;
	if (vm->probe && !out->len && now - vm->t_start > PROBE_SILENCE) {
		vm->stop = STOP_DEADLINE;
		vm->silent = true;
		return true;
	}
	if (vm->spec->stall > 0 && vm->phase == PH_BOOT && out->len &&
	    now - vm->t_output > vm->spec->stall) {
		vm->stop = STOP_DEADLINE;
		vm->stalled = true;
		return true;
	}
	switch (vm->phase) {
	case PH_BOOT:
		limit = vm->t_start + vm->boot_timeout;
		break;
	case PH_CHECK:
		limit = vm->t_phase + vm->boot_timeout;
		break;
	case PH_REPRO:
		limit = vm->t_phase + vm->q->o.repro_timeout + vm->q->o.hang_grace;
		break;
	default:
		limit = vm->t_phase + POWEROFF_GRACE;
		break;
	}
	if (now < limit)
		return false;
	vm->stop = STOP_DEADLINE;
	return true;
}

/* the last non-empty console line (for "boot failed: ..." reasons) */
static char *last_line(const struct strbuf *out)
{
	size_t e = out->len, b;

	while (e && (out->buf[e - 1] == '\n' || out->buf[e - 1] == '\r' ||
		     out->buf[e - 1] == ' '))
		e--;
	b = e;
	while (b && out->buf[b - 1] != '\n')
		b--;
	if (e - b > 200)
		b = e - 200;
	return xstrndup(out->buf + b, e - b);
}

void vm_spec_name(const struct vm_spec *spec, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s, %s%s%s", spec->machine == MACHINE_MICROVM ? "microvm" : "pc",
		 spec->machine == MACHINE_MICROVM && spec->console == CONSOLE_VIRTIO ?
			 " (virtio console)" : "", spec->pvh ? " (PVH)" : "",
		 spec->kvm ? "KVM" : "TCG", spec->kvm && spec->cpu ? " -cpu " : "",
		 spec->kvm && spec->cpu ? spec->cpu : "");
}

static void qemu_argv(const struct qemu_runner *q, struct strvec *args,
		      const struct vm_spec *spec, const char *kernel, int index)
{
	bool virtio = spec->machine == MACHINE_MICROVM && spec->console == CONSOLE_VIRTIO;

	strvec_push(args, q->o.qemu);
	strvec_pushl(args, "-nodefaults", "-display", "none", "-monitor", "none", "-no-reboot",
		     "-nic", "none", NULL);
	if (spec->machine == MACHINE_MICROVM)
		/* no option ROMs to run; virtio console: no ISA serial port either */
		strvec_pushl(args, "-machine",
			     virtio ? "microvm,x-option-roms=off,isa-serial=off"
				    : "microvm,x-option-roms=off", NULL);
	if (virtio)
		strvec_pushl(args, "-chardev", "stdio,id=con0", "-device", "virtio-serial-device",
			     "-device", "virtconsole,chardev=con0", NULL);
	else
		strvec_pushl(args, "-serial", "stdio", NULL);
	strvec_push(args, "-m");
	strvec_pushf(args, "%d", q->o.mem_mb);
	strvec_push(args, "-smp");
	strvec_pushf(args, "%d", q->o.cpus);
	if (spec->kvm) {
		strvec_pushl(args, "-accel", "kvm", NULL);
		if (spec->cpu)
			strvec_pushl(args, "-cpu", spec->cpu, NULL);
	} else {
		strvec_pushl(args, "-accel", q->o.cpus > 1 ? "tcg,thread=multi" : "tcg", NULL);
	}
	strvec_pushl(args, "-kernel", kernel, "-initrd", q->initramfs, "-append", NULL);
	/*
	 * no_timer_check: under TCG on a loaded host the IO-APIC timer check
	 * can fail ("Kernel panic - not syncing: IO-APIC + timer doesn't
	 * work!"), a boot failure that is the emulator's, not the kernel's.
	 */
	strvec_pushf(args, "console=%s panic=-1 no_timer_check culprit.run=%d%s%.0u%s%s",
		     virtio ? "hvc0" : "ttyS0", index, spec->tsc_khz ? " tsc_early_khz=" : "",
		     spec->tsc_khz, q->o.append ? " " : "", q->o.append ? q->o.append : "");
}

static void log_header(const char *path, const struct strvec *args, const char *note)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "# culprit qemu run:");
	for (size_t i = 0; i < args->nr; i++)
		strbuf_addf(&sb, " %s", args->v[i]);
	strbuf_addf(&sb, "\n# %s\n", note);
	if (strbuf_write_file(&sb, path) < 0)
		warning("cannot write '%s'", path);
	strbuf_release(&sb);
}

static void set_verdict(struct run_result *out, enum run_verdict v, char *reason)
{
	out->verdict = v;
	free(out->reason);
	out->reason = reason;
}

/* Returns the number of frames symbolized. */
static int symbolize_crashes(struct run_result *out, const char *vmlinux, const char *src_root)
{
	int total = 0;
	char *objdir = NULL;
	const char *roots[3] = { src_root, NULL, NULL };
	const char *slash = strrchr(vmlinux, '/');

	objdir = slash ? xstrndup(vmlinux, (size_t)(slash - vmlinux)) : xstrdup(".");
	if (!src_root)
		roots[0] = objdir;
	else
		roots[1] = objdir;
	for (size_t i = 0; i < out->crashes.nr; i++) {
		struct crash_report *r = &out->crashes.items[i];
		struct strbuf sb = STRBUF_INIT;
		size_t len, pre;
		char *guilty;
		int n;

		if (!r->report)
			continue;
		len = strlen(r->report);
		pre = r->prefix_len <= len ? r->prefix_len : 0;
		/* the context lines and the report proper, each on its own */
		n = symbolize_report(vmlinux, roots, r->report, pre, &sb);
		r->prefix_len = sb.len;
		if (n >= 0)
			n += symbolize_report(vmlinux, roots, r->report + pre, len - pre, &sb);
		if (n <= 0) {
			r->prefix_len = pre;
			strbuf_release(&sb);
			continue;
		}
		total += n;
		free(r->report);
		r->report = strbuf_detach(&sb, NULL);
		/* file:line in the frames lets the parser name the guilty file */
		guilty = report_guilty_file(r->title, r->report + r->prefix_len,
					    strlen(r->report + r->prefix_len));
		if (guilty) {
			free(r->guilty_file);
			r->guilty_file = guilty;
		}
	}
	free(objdir);
	return total;
}

static void log_stderr(const char *path, const struct strbuf *err)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return;
	fprintf(f, "\n# qemu stderr:\n%s", err->buf);
	fclose(f);
}

static void log_reports(const char *path, const struct run_result *out, int frames,
			double secs)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return;
	if (frames >= 0)
		fprintf(f, "\n# culprit: symbolized %d frames in %.0f ms\n", frames, secs * 1000);
	for (size_t i = 0; i < out->crashes.nr; i++)
		fprintf(f, "\n# culprit: report %zu: %s\n%s", i + 1, out->crashes.items[i].title,
			out->crashes.items[i].report ? out->crashes.items[i].report : "");
	fclose(f);
}

/*
 * Reports of the kernel's bugs first, suppressed ones after them, each in
 * the order they appeared: users of the list take items[0] as the crash.
 */
static void suppressed_last(struct report_list *l)
{
	struct crash_report *tmp = xcalloc(l->nr ? l->nr : 1, sizeof(*tmp));
	size_t k = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->nr; i++)
			if (l->items[i].suppressed == (pass == 1))
				tmp[k++] = l->items[i];
	if (l->nr)
		memcpy(l->items, tmp, l->nr * sizeof(*tmp));
	free(tmp);
}

/* The verdict from the VM's phase and stop, and the parsed console. */
static void classify(const struct vm *vm, const struct child *c, struct run_result *out)
{
	const struct crash_report *first = NULL;
	double repro_secs = vm->t_end - vm->t_repro;
	char *last = last_line(&c->out);
	char *how = child_describe(c);
	struct strbuf console = STRBUF_INIT;

	/* a serial console ends its lines with "\r\n" */
	strbuf_grow(&console, c->out.len);
	for (size_t i = 0; i < c->out.len; i++)
		if (c->out.buf[i] != '\r')
			strbuf_addch(&console, c->out.buf[i]);
	report_parse(console.buf, console.len, &out->crashes);
	strbuf_release(&console);
	suppressed_last(&out->crashes);
	if (out->crashes.nr && !out->crashes.items[0].suppressed)
		first = &out->crashes.items[0];

	if (vm->phase == PH_BOOT) {
		if (first)
			set_verdict(out, RUN_BOOT_FAILED, xstrdup(first->title));
		else if (vm->silent)
			set_verdict(out, RUN_BOOT_FAILED,
				    xstrfmt("no console output in %.0fs", PROBE_SILENCE));
		else if (vm->stalled)
			set_verdict(out, RUN_BOOT_FAILED,
				    xstrfmt("no console output for %.0fs while booting%s%s",
					    vm->spec->stall, *last ? "; last output: " : "", last));
		else if (vm->stop == STOP_DEADLINE)
			set_verdict(out, RUN_BOOT_FAILED,
				    xstrfmt("timed out after %.0fs waiting for the boot marker%s%s",
					    vm->boot_timeout, *last ? "; last output: " : "",
					    last));
		else if (!c->out.len && c->status != 0 && c->err.len)
			set_verdict(out, RUN_INFRA,
				    xstrfmt("qemu failed (%s): %.*s", how,
					    (int)strcspn(c->err.buf, "\n"), c->err.buf));
		else
			set_verdict(out, RUN_BOOT_FAILED,
				    xstrfmt("qemu ended (%s) before the boot marker%s%s", how,
					    *last ? "; last output: " : "", last));
	} else if (vm->phase == PH_CHECK) {
		if (vm->stop == STOP_CHECK_FAILED)
			set_verdict(out, RUN_TEST_FAILED, xstrdup(vm->check_why));
		else if (first)
			set_verdict(out, RUN_TEST_FAILED, xstrdup(first->title));
		else if (vm->stop == STOP_DEADLINE)
			set_verdict(out, RUN_TEST_FAILED,
				    xstrfmt("timed out after %.0fs waiting for the userspace check",
					    vm->boot_timeout));
		else
			set_verdict(out, RUN_TEST_FAILED,
				    xstrfmt("qemu ended (%s) before the userspace check%s%s", how,
					    *last ? "; last output: " : "", last));
	} else if (first) {
		out->verdict = RUN_CRASHED;
		out->title = xstrdup(first->title);
	} else if (vm->phase == PH_REPRO && vm->stop == STOP_DEADLINE) {
		set_verdict(out, RUN_TIMED_OUT,
			    xstrfmt("no end of the reproducer %.0fs after its time was up "
				    "(the kernel hung without a report)", vm->q->o.hang_grace));
	} else if (vm->phase == PH_REPRO && !vm->probe && vm->stop == STOP_NONE) {
		/* the machine went away under the reproducer: as syzkaller */
		out->verdict = RUN_CRASHED;
		out->title = xstrdup("lost connection to test machine");
		out->reason = xstrfmt("qemu ended (%s) while the reproducer ran%s%s", how,
				      *last ? "; last output: " : "", last);
	} else if (vm->phase == PH_END && (vm->repro_status == 126 || vm->repro_status == 127)) {
		/* the shell could not run /repro at all: nothing was tested */
		set_verdict(out, RUN_INFRA,
			    xstrfmt("the reproducer could not be run in the VM (exit status %d)",
				    vm->repro_status));
	} else {
		out->verdict = RUN_OK;
		if (vm->phase == PH_END && vm->repro_status == 137 &&
		    repro_secs >= vm->q->o.repro_timeout - 1)
			out->reason = xstrfmt("reproducer timed out after %.0fs",
					      vm->q->o.repro_timeout);
		else if (vm->phase == PH_END && vm->stop == STOP_DEADLINE)
			out->reason = xstrdup("the VM did not power off");
	}
	free(last);
	free(how);
}

int run_vm(struct qemu_runner *q, const struct vm_spec *spec, bool probe, const char *note,
	   const char *bzimage, const char *vmlinux, const char *src_root, int index,
	   const char *log_path, struct run_result *out)
{
	struct child c = CHILD_INIT;
	struct vm vm = { .q = q, .spec = spec, .probe = probe, .repro_status = -1 };
	double boot = probe ? (q->o.boot_timeout < PROBE_TIMEOUT ? q->o.boot_timeout : PROBE_TIMEOUT)
			    : q->o.boot_timeout;
	double t;
	int ret = 0, frames = -1;

	free(out->log_path);
	out->log_path = xstrdup(log_path);
	vm_spec_name(spec, out->machine, sizeof(out->machine));
	if (!file_exists(bzimage)) {
		set_verdict(out, RUN_INFRA, xstrfmt("no kernel image '%s'", bzimage));
		return -1;
	}
	if (spec->pvh && (!vmlinux || !file_exists(vmlinux))) {
		set_verdict(out, RUN_INFRA, xstrfmt("no vmlinux to boot with PVH"));
		return -1;
	}
	qemu_argv(q, &c.args, spec, spec->pvh ? vmlinux : bzimage, index);
	log_header(log_path, &c.args, note);
	c.log_path = log_path;
	c.timeout = 2 * boot + q->o.repro_timeout + q->o.hang_grace + POWEROFF_GRACE;
	c.out_cap = 16u << 20;
	c.on_output = vm_output;
	c.on_tick = vm_tick;
	c.data = &vm;
	vm.boot_timeout = boot;
	vm.t_start = vm.t_phase = now_seconds();
	if (child_run(&c) < 0) {
		set_verdict(out, RUN_INFRA, xstrfmt("cannot start %s", q->o.qemu));
		ret = -1;
	} else {
		if (c.timed_out)
			vm.stop = STOP_DEADLINE;
		if (c.err.len)
			log_stderr(log_path, &c.err);
		classify(&vm, &c, out);
		if (out->verdict == RUN_INFRA)
			ret = -1;
		t = now_seconds();
		if (vmlinux && !q->o.no_symbolize && out->crashes.nr && file_exists(vmlinux))
			frames = symbolize_crashes(out, vmlinux, src_root);
		if (out->crashes.nr)
			log_reports(log_path, out, frames, now_seconds() - t);
	}
	out->seconds = c.seconds;
	out->boot_seconds = vm.t_boot ? vm.t_boot - vm.t_start : 0;
	free(vm.check_why);
	child_release(&c);
	return ret;
}

static int ops_run(void *ctx, const struct build_result *build, const char *tree, int index,
		   struct run_result *out)
{
	struct qemu_runner *q = ctx;
	char *bz, *vml;
	int ret;

	if (!build || !build->artifact_dir) {
		memset(out, 0, sizeof(*out));
		out->verdict = RUN_INFRA;
		out->reason = xstrdup("no build artifacts to boot");
		return -1;
	}
	bz = xstrfmt("%s/%s", build->artifact_dir, q->o.kernel_name);
	vml = xstrfmt("%s/%s", build->artifact_dir, q->o.vmlinux_name);
	ret = qemu_run_kernel(q, bz, vml, tree, index, out);
	free(bz);
	free(vml);
	return ret;
}

void qemu_runner_ops(struct qemu_runner *q, struct runner_ops *ops)
{
	ops->ctx = q;
	ops->parallel = q->o.vms;
	ops->run = ops_run;
}
