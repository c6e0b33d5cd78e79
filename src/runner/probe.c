// SPDX-License-Identifier: Apache-2.0
/*
 * Which VM a run gets (see qemu.h, "Accelerator" and "Machine").
 *
 * HOW IT WORKS
 * The accelerator is probed once per work directory: with a usable
 * /dev/kvm, a probe boot of the kernel on the pc machine under KVM for each
 * CPU model in turn (host, host without arch-capabilities, max) until one
 * reaches userspace; else TCG. The answer and its note go to
 * <workdir>/probe-accel with a key (QEMU binary, host, kvm mode): a later
 * runner of the same work directory reads it back instead of probing.
 * The machine is chosen per kernel config (the .config next to the image,
 * else the image itself): microvm when the config has a console microvm
 * can show, else pc. The first run on microvm is the probe: if it does not
 * reach userspace, the same run is done again on pc, and if pc gets there
 * microvm is dropped for that config. Once a machine reached userspace, the
 * choice is kept in <workdir>/probe-machine-<key>. A boot failure on a
 * confirmed microvm is still retried on pc (a kernel that cannot boot on
 * microvm is not a bad kernel): a boot failure costs one boot more.
 */
#include "qemu-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../util/run.h"
#include "../util/sha256.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/*
 * A boot on microvm not yet known to work for a config is given up after
 * this long without console output (and done on pc), not at boot_timeout
 * (at most half of it).
 */
#define MICROVM_FIRST_STALL 30.0

/* tried in this order under KVM (nested /dev/kvm: host aborts on MSR 0x10a) */
static const char *const kvm_cpus[] = { "host", "host,-arch-capabilities", "max" };

/* "key value" lines of a small state file: the value of `key`, malloced, or NULL */
static char *state_get(const struct strbuf *sb, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = sb->buf; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > kl && !strncmp(p, key, kl) && p[kl] == ' ')
			return xstrndup(p + kl + 1, len - kl - 1);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* What the accelerator answer depends on: QEMU, the host, the kvm mode. */
static char *accel_key(const struct qemu_runner *q, const char *kvm_dev)
{
	char *qemu = find_in_path(q->o.qemu);
	struct stat st = { 0 };
	struct utsname u = { 0 };
	char *key;

	if (qemu)
		stat(qemu, &st);
	uname(&u);
	key = xstrfmt("%s:%lld:%lld:%s:%s:%s:%s:%d", qemu ? qemu : q->o.qemu, (long long)st.st_size,
		      (long long)st.st_mtime, q->o.kvm, kvm_dev, u.nodename, u.release,
		      q->o.cpus);
	free(qemu);
	return key;
}

static bool accel_read(struct qemu_runner *q, const char *path, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	char *k, *accel, *note;
	bool ok = false;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return false;
	}
	k = state_get(&sb, "key");
	accel = state_get(&sb, "accel");
	note = state_get(&sb, "note");
	if (k && accel && note && !strcmp(k, key)) {
		ok = true;
		if (!strcmp(accel, "kvm"))
			q->accel = ACCEL_KVM;
		else if (!strcmp(accel, "tcg"))
			q->accel = ACCEL_TCG;
		else if (!strcmp(accel, "none"))
			q->accel = ACCEL_NONE;
		else
			ok = false;
		if (ok) {
			q->kvm_cpu = state_get(&sb, "cpu");
			q->accel_note = xstrfmt("%s (probed before: %s)", note, path);
		}
	}
	free(k);
	free(accel);
	free(note);
	strbuf_release(&sb);
	return ok;
}

static void accel_write(const struct qemu_runner *q, const char *path, const char *key)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "key %s\naccel %s\n", key,
		    q->accel == ACCEL_KVM ? "kvm" : q->accel == ACCEL_TCG ? "tcg" : "none");
	if (q->kvm_cpu)
		strbuf_addf(&sb, "cpu %s\n", q->kvm_cpu);
	strbuf_addf(&sb, "note %s\n", q->accel_note);
	if (write_file_atomic(path, sb.buf, sb.len) < 0)
		warning("cannot record the accelerator in %s", path);
	strbuf_release(&sb);
}

/* Probe boots under KVM, one CPU model after the other. Called locked. */
static void accel_probe(struct qemu_runner *q, const char *bzimage, bool on, const char *dev)
{
	struct strbuf tried = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(kvm_cpus); i++) {
		struct vm_spec spec = { .kvm = true, .cpu = kvm_cpus[i], .machine = MACHINE_PC };
		struct run_result r = { 0 };
		char *log = xstrfmt("%s/kvm-probe-%zu.log", q->logdir, i);
		char *note = xstrfmt("KVM probe boot, -cpu %s", kvm_cpus[i]);

		run_vm(q, &spec, true, note, bzimage, NULL, NULL, 0, log, &r);
		if (r.verdict == RUN_OK) {
			q->accel = ACCEL_KVM;
			q->kvm_cpu = xstrdup(kvm_cpus[i]);
			q->accel_note = xstrfmt("accel: KVM -cpu %s (a probe boot reached userspace "
						"in %.1fs%s%s)", kvm_cpus[i], r.seconds,
						tried.len ? "; " : "", tried.buf);
		} else {
			char *why = run_verdict_describe(&r);

			strbuf_addf(&tried, "%s-cpu %s: %s, see %s", tried.len ? "; " : "",
				    kvm_cpus[i], why, log);
			free(why);
		}
		run_result_release(&r);
		free(note);
		free(log);
		if (q->accel == ACCEL_KVM)
			break;
	}
	if (q->accel != ACCEL_KVM) {
		q->accel = on ? ACCEL_NONE : ACCEL_TCG;
		q->accel_note = xstrfmt("accel: %s (%s is there but no probe boot under KVM "
					"reached userspace: %s)",
					on ? "none, kvm = on" : "TCG", dev, tried.buf);
	}
	strbuf_release(&tried);
}

const char *qemu_accel(struct qemu_runner *q, const char *bzimage)
{
	const char *ret;

	pthread_mutex_lock(&q->lock);
	if (q->accel == ACCEL_UNKNOWN) {
		bool on = !strcmp(q->o.kvm, "on");
		const char *dev = q->o.kvm_device ? q->o.kvm_device : "/dev/kvm";
		char *key = accel_key(q, dev);
		char *path = xstrfmt("%s/probe-accel", q->o.workdir);

		if (!strcmp(q->o.kvm, "off")) {
			q->accel = ACCEL_TCG;
			q->accel_note = xstrdup("accel: TCG (kvm = off)");
		} else if (access(dev, R_OK | W_OK)) {
			q->accel = on ? ACCEL_NONE : ACCEL_TCG;
			q->accel_note = xstrfmt("accel: %s (%s: %s)", on ? "none, kvm = on" : "TCG",
						dev, strerror(errno));
		} else if (!accel_read(q, path, key)) {
			accel_probe(q, bzimage, on, dev);
			accel_write(q, path, key);
		}
		free(key);
		free(path);
		if (!q->o.quiet)
			fprintf(stderr, "%s\n", q->accel_note);
	}
	ret = q->accel == ACCEL_KVM ? "kvm" : q->accel == ACCEL_TCG ? "tcg" : "none";
	pthread_mutex_unlock(&q->lock);
	return ret;
}

/* ---- the machine ---- */

/* The kernel's .config: beside the image (artifacts), or at the top of O= */
static char *find_config(const char *bzimage)
{
	char *real = real_path(bzimage);
	char *slash, *path;

	if (!real)
		return NULL;
	slash = strrchr(real, '/');
	if (slash)
		*slash = '\0';
	path = xstrfmt("%s/.config", real);
	if (!file_exists(path)) {
		free(path);
		path = xstrfmt("%s/../../../.config", real);
		if (!file_exists(path) || !ends_with(real, "/arch/x86/boot")) {
			free(path);
			path = NULL;
		}
	}
	free(real);
	return path;
}

static bool config_on(const struct strbuf *cfg, const char *name)
{
	char *line = xstrfmt("\nCONFIG_%s=y\n", name);
	bool on = strstr(cfg->buf, line) || !strncmp(cfg->buf, line + 1, strlen(line + 1));

	free(line);
	return on;
}

/*
 * A first choice for a kernel: microvm with the console its config has
 * (virtio console over virtio-mmio; else the 8250 serial port), pc when it
 * has neither or when the machine is forced.
 */
static void first_choice(const struct qemu_runner *q, const char *bzimage,
			 struct machine_choice *m)
{
	char *config = find_config(bzimage);
	struct strbuf sb = STRBUF_INIT;
	char hash[SHA256_HEXSZ + 1];

	if (config && strbuf_read_file(&sb, config) >= 0) {
		sha256_hex(sb.buf, sb.len, hash);
		memcpy(m->key, hash, 32);
		m->machine = MACHINE_MICROVM;
		m->pvh = config_on(&sb, "PVH");
		/* measured: the 8250 port is no slower, and shows the earliest output */
		if (config_on(&sb, "SERIAL_8250_CONSOLE")) {
			m->console = CONSOLE_SERIAL;
		} else if (config_on(&sb, "VIRTIO_CONSOLE") && config_on(&sb, "VIRTIO_MMIO") &&
			   config_on(&sb, "VIRTIO_MMIO_CMDLINE_DEVICES")) {
			m->console = CONSOLE_VIRTIO;
		} else {
			m->machine = MACHINE_PC;
			m->note = xstrdup("machine: pc (the kernel config has no console microvm "
					  "has: neither SERIAL_8250_CONSOLE nor VIRTIO_CONSOLE over "
					  "VIRTIO_MMIO)");
		}
	} else {
		struct stat st = { 0 };
		char *id;

		stat(bzimage, &st);
		id = xstrfmt("image:%s:%lld:%lld", bzimage, (long long)st.st_size,
			     (long long)st.st_mtime);
		sha256_hex(id, strlen(id), hash);
		memcpy(m->key, hash, 32);
		free(id);
		m->machine = MACHINE_MICROVM;
		m->console = CONSOLE_SERIAL;
	}
	m->key[32] = '\0';
	if (q->o.machine && strcmp(q->o.machine, "auto")) {
		m->machine = !strcmp(q->o.machine, "microvm") ? MACHINE_MICROVM : MACHINE_PC;
		m->confirmed = true;
		free(m->note);
		m->note = xstrfmt("machine: %s (machine = %s)", q->o.machine, q->o.machine);
	}
	strbuf_release(&sb);
	free(config);
}

static char *machine_path(const struct qemu_runner *q, const char *key)
{
	return xstrfmt("%s/probe-machine-%s", q->o.workdir, key);
}

static void machine_read(const struct qemu_runner *q, struct machine_choice *m)
{
	char *path = machine_path(q, m->key);
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path) >= 0) {
		char *mach = state_get(&sb, "machine"), *con = state_get(&sb, "console");
		char *note = state_get(&sb, "note");

		if (mach && con && note) {
			m->machine = !strcmp(mach, "microvm") ? MACHINE_MICROVM : MACHINE_PC;
			m->console = !strcmp(con, "virtio") ? CONSOLE_VIRTIO : CONSOLE_SERIAL;
			m->confirmed = true;
			free(m->note);
			m->note = note;
			note = NULL;
		}
		free(mach);
		free(con);
		free(note);
	}
	strbuf_release(&sb);
	free(path);
}

static void machine_write(const struct qemu_runner *q, const struct machine_choice *m)
{
	char *path = machine_path(q, m->key);
	char *text = xstrfmt("machine %s\nconsole %s\nnote %s\n",
			     m->machine == MACHINE_MICROVM ? "microvm" : "pc",
			     m->console == CONSOLE_VIRTIO ? "virtio" : "serial", m->note);

	if (write_file_atomic(path, text, strlen(text)) < 0)
		warning("cannot record the machine in %s", path);
	free(text);
	free(path);
}

/* The choice for this kernel (a copy; its note malloced). */
static void machine_for(struct qemu_runner *q, const char *bzimage, struct machine_choice *out)
{
	struct machine_choice m = { 0 };

	first_choice(q, bzimage, &m);
	pthread_mutex_lock(&q->lock);
	for (size_t i = 0; i < q->machines_nr; i++) {
		if (!strcmp(q->machines[i].key, m.key)) {
			free(m.note);
			m = q->machines[i];
			m.note = q->machines[i].note ? xstrdup(q->machines[i].note) : NULL;
			pthread_mutex_unlock(&q->lock);
			*out = m;
			return;
		}
	}
	if (!m.confirmed)
		machine_read(q, &m);
	q->machines = xrealloc(q->machines, (q->machines_nr + 1) * sizeof(*q->machines));
	q->machines[q->machines_nr] = m;
	q->machines[q->machines_nr].note = m.note ? xstrdup(m.note) : NULL;
	q->machines_nr++;
	pthread_mutex_unlock(&q->lock);
	*out = m;
}

/* Record what a run showed about the machine of `key`. */
static void machine_learn(struct qemu_runner *q, const struct machine_choice *m)
{
	pthread_mutex_lock(&q->lock);
	for (size_t i = 0; i < q->machines_nr; i++) {
		struct machine_choice *c = &q->machines[i];

		if (strcmp(c->key, m->key) || c->confirmed)
			continue;
		c->machine = m->machine;
		c->console = m->console;
		c->confirmed = true;
		free(c->note);
		c->note = xstrdup(m->note);
		machine_write(q, c);
	}
	pthread_mutex_unlock(&q->lock);
}

char *new_run_log(struct qemu_runner *q, int index, struct run_result *out)
{
	for (;;) {
		unsigned seq;
		char *log;
		int fd;

		pthread_mutex_lock(&q->lock);
		seq = ++q->seq;
		pthread_mutex_unlock(&q->lock);
		log = xstrfmt("%s/run-%u-%d.log", q->logdir, seq, index);
		fd = open(log, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0) {
			close(fd);
			return log;
		}
		if (errno != EEXIST) {
			out->verdict = RUN_INFRA;
			free(out->reason);
			out->reason = xstrfmt("cannot create '%s': %s", log, strerror(errno));
			free(out->log_path);
			out->log_path = log;
			return NULL;
		}
		free(log);
	}
}

/*
 * The host's TSC rate in kHz, which is the guest's (under TCG QEMU's rdtsc
 * gives the host's counter; KVM does not scale it unless asked): the TSC read against CLOCK_MONOTONIC_RAW over 50 ms,
 * each end bracketed by two clock reads so a preemption between them is
 * seen and the sample retaken. 0 on other hosts.
 */
static unsigned measure_tsc_khz(void)
{
#if defined(__x86_64__) || defined(__i386__)
	double t[2] = { 0, 0 };
	unsigned long long c[2] = { 0, 0 };

	for (int end = 0; end < 2; end++) {
		if (end) {
			struct timespec ts = { 0, 50 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
		for (int tries = 0; tries < 20; tries++) {
			struct timespec a, b;

			clock_gettime(CLOCK_MONOTONIC_RAW, &a);
			c[end] = __builtin_ia32_rdtsc();
			clock_gettime(CLOCK_MONOTONIC_RAW, &b);
			t[end] = (a.tv_sec + b.tv_sec) / 2.0 + (a.tv_nsec + b.tv_nsec) / 2e9;
			if ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec) < 20000)
				break;
		}
	}
	if (t[1] - t[0] < 0.01 || c[1] <= c[0])
		return 0;
	return (unsigned)((double)(c[1] - c[0]) / (t[1] - t[0]) / 1000 + 0.5);
#else
	return 0;
#endif
}

static unsigned host_tsc_khz(struct qemu_runner *q)
{
	unsigned khz;

	pthread_mutex_lock(&q->lock);
	if (!q->tsc_measured) {
		q->tsc_khz = measure_tsc_khz();
		q->tsc_measured = true;
	}
	khz = q->tsc_khz;
	pthread_mutex_unlock(&q->lock);
	return khz;
}

/* did not get to userspace, for a reason that may be the machine's */
static bool no_boot(const struct run_result *r)
{
	return !r->boot_seconds && (r->verdict == RUN_BOOT_FAILED || r->verdict == RUN_INFRA);
}

int qemu_run_kernel(struct qemu_runner *q, const char *bzimage, const char *vmlinux,
		    const char *src_root, int index, struct run_result *out)
{
	const char *accel = qemu_accel(q, bzimage);
	struct machine_choice m;
	struct vm_spec spec = { .kvm = !strcmp(accel, "kvm") };
	struct strbuf note = STRBUF_INIT;
	char *log;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!strcmp(accel, "none")) {
		out->verdict = RUN_INFRA;
		out->reason = xstrdup(q->accel_note);
		return -1;
	}
	if (!(log = new_run_log(q, index, out)))
		return -1;
	machine_for(q, bzimage, &m);
	spec.cpu = spec.kvm ? q->kvm_cpu : NULL;
	spec.machine = m.machine;
	spec.console = m.console;
	spec.pvh = m.machine == MACHINE_MICROVM && m.pvh && vmlinux && file_exists(vmlinux);
	/* the guest's TSC is the host's (TCG reads it; KVM does not scale it) */
	if (spec.machine == MACHINE_MICROVM)
		spec.tsc_khz = host_tsc_khz(q);
	if (spec.machine == MACHINE_MICROVM && !m.confirmed)
		spec.stall = q->o.boot_timeout / 2 < MICROVM_FIRST_STALL ? q->o.boot_timeout / 2
									 : MICROVM_FIRST_STALL;
	strbuf_addf(&note, "%s\n# %s", q->accel_note,
		    m.note ? m.note : "machine: microvm (not yet booted with this kernel config)");
	ret = run_vm(q, &spec, false, note.buf, bzimage, vmlinux, src_root, index, log, out);
	if (spec.machine == MACHINE_MICROVM && no_boot(out) &&
	    !(q->o.machine && !strcmp(q->o.machine, "microvm"))) {
		struct run_result pc = { 0 };
		char *why = run_verdict_describe(out);
		char *pclog = new_run_log(q, index, &pc);

		if (pclog) {
			strbuf_reset(&note);
			strbuf_addf(&note, "%s\n# machine: pc (microvm did not boot: %s; see %s)",
				    q->accel_note, why, log);
			/* the way that always worked: pc, the bzImage */
			spec.machine = MACHINE_PC;
			spec.pvh = false;
			spec.tsc_khz = 0;
			spec.stall = 0;
			ret = run_vm(q, &spec, false, note.buf, bzimage, vmlinux, src_root, index,
				     pclog, &pc);
			if (!m.confirmed && pc.boot_seconds) {
				free(m.note);
				m.note = xstrfmt("machine: pc (microvm did not boot this kernel "
						 "config: %s; see %s)", why, log);
				m.machine = MACHINE_PC;
				machine_learn(q, &m);
			}
			/* the run cost both boots */
			pc.seconds += out->seconds;
			run_result_release(out);
			*out = pc;
			free(pclog);
		}
		free(why);
	} else if (!m.confirmed && out->boot_seconds) {
		free(m.note);
		m.note = xstrfmt("machine: microvm%s%s (booted to userspace in %.1fs)",
				 spec.console == CONSOLE_VIRTIO ? " (virtio console)" : "",
				 spec.pvh ? " (PVH)" : "", out->boot_seconds);
		machine_learn(q, &m);
	}
	/* how it ran, for the bisection log: the probe's answer and the machine */
	out->note = xstrfmt("%s; %s", q->accel_note, m.note ? m.note :
			    spec.machine == MACHINE_MICROVM ? "machine: microvm" : "machine: pc");
	free(m.note);
	strbuf_release(&note);
	free(log);
	return ret;
}
