// SPDX-License-Identifier: Apache-2.0
/*
 * The QEMU runner's verdicts, without QEMU: the runner is pointed at small
 * shell scripts that print what a guest's console would (markers of
 * culprit's init, a panic, a report, silence) and end as QEMU would. The
 * real kernels are booted by the e2e tests (t045-t049).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/qemu.h"
#include "util/strbuf.h"
#include "util/util.h"

static char *tmpdir;
static char *bzimage;

#define BOOT_LINES                                                  \
	"echo 'Linux version 6.1.192 (culprit@culprit)'\n"         \
	"echo 'Run /init as init process'\n"
#define TO_REPRO                                                    \
	BOOT_LINES                                                  \
	"echo 'CULPRIT-BOOT-OK 6.1.192'\n"                          \
	"echo 'CULPRIT-CHECK-OK'\n"                                 \
	"echo 'CULPRIT-REPRO-START'\n"

static const char report[] =
	"BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1542\n"
	"in_atomic(): 0, irqs_disabled(): 0, non_block: 0, pid: 40, name: repro\n"
	"preempt_count: 0, expected: 0\n"
	"RCU nest depth: 1, expected: 0\n"
	"1 lock held by repro/40:\n"
	" #0: ffffffff81acc5e0 (rcu_read_lock){....}-{1:2}, at: __x64_sys_migrate_pages+0x6e/0x420\n"
	"CPU: 0 PID: 40 Comm: repro Not tainted 6.1.192 #1\n"
	"Call Trace:\n"
	" <TASK>\n"
	" dump_stack_lvl+0x4c/0x5f\n"
	" __might_resched.cold+0xe0/0xf3\n"
	" down_read_killable+0x1a/0x190\n"
	" mm_access+0x1f/0xc0\n"
	" __x64_sys_migrate_pages+0xda/0x420\n"
	" do_syscall_64+0x2b/0x50\n"
	" entry_SYSCALL_64_after_hwframe+0x4b/0xb5\n"
	"RIP: 0033:0x438c99\n"
	"RSP: 002b:00007ffce14f5fc8 EFLAGS: 00000202 ORIG_RAX: 0000000000000100\n"
	"RAX: ffffffffffffffda RBX: 00007ffce14f5fd8 RCX: 0000000000438c99\n"
	"RDX: 00007ffce14f5fd8 RSI: 0000000000000008 RDI: 0000000000000000\n"
	"RBP: 00000000004a06f0 R08: 00000000056af6a0 R09: 00007ffce14f6000\n"
	"R10: 00007ffce14f5fd8 R11: 0000000000000202 R12: 00007ffce14f61b8\n"
	"R13: 0000000000000001 R14: 0000000000000001 R15: 0000000000000002\n"
	" </TASK>\n";

/* a fake QEMU: writes its arguments to <tmp>/<name>.args, then runs `body` */
static char *fake(const char *name, const char *body)
{
	char *path = xstrfmt("%s/%s", tmpdir, name);
	char *script = xstrfmt("#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done >'%s.args'\n%s",
			       path, body);

	write_file_atomic(path, script, strlen(script));
	chmod(path, 0755);
	free(script);
	return path;
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/culprit-test-qemu-XXXXXX";
	static const char repro[] = "int main(void) { return 0; }\n";
	char *p;

	(void)state;
	if (!file_exists("/bin/busybox"))
		return 0;
	if (!mkdtemp(tmpl))
		return -1;
	tmpdir = xstrdup(tmpl);
	bzimage = xstrfmt("%s/bzImage", tmpdir);
	write_file_atomic(bzimage, "not a kernel", 12);
	p = xstrfmt("%s/repro.c", tmpdir);
	write_file_atomic(p, repro, strlen(repro));
	free(p);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (tmpdir)
		remove_tree(tmpdir);
	free(tmpdir);
	free(bzimage);
	return 0;
}

static struct qemu_runner *runner_kvm(const char *qemu, double boot, double repro,
				      const char *kvm)
{
	struct qemu_opts o = { 0 };
	struct qemu_runner *q;
	char *src = xstrfmt("%s/repro.c", tmpdir);
	char *wd = xstrfmt("%s/work", tmpdir);

	o.workdir = wd;
	o.repro_c = src;
	o.qemu = qemu;
	o.kvm = kvm;
	o.boot_timeout = boot;
	o.repro_timeout = repro;
	o.hang_grace = 1;
	o.append = "extra=1";
	o.quiet = true;
	q = qemu_runner_new(&o);
	assert_non_null(q);
	free(src);
	free(wd);
	return q;
}

static struct qemu_runner *runner(const char *qemu, double boot, double repro)
{
	return runner_kvm(qemu, boot, repro, "off");
}

/* One run of `body` as QEMU; returns the verdict description (malloced). */
static char *run_fake(const char *name, const char *body, double boot, double repro,
		      struct run_result *r)
{
	char *qemu = fake(name, body);
	struct qemu_runner *q = runner(qemu, boot, repro);
	char *desc;

	qemu_run_kernel(q, bzimage, NULL, NULL, 3, r);
	desc = run_verdict_describe(r);
	qemu_runner_free(q);
	free(qemu);
	return desc;
}

#define NEED_BUSYBOX()                  \
	do {                            \
		(void)state;            \
		if (!tmpdir)            \
			skip();         \
	} while (0)

static void test_ok(void **state)
{
	struct run_result r;
	struct strbuf args = STRBUF_INIT, log = STRBUF_INIT;
	char *desc, *p;

	NEED_BUSYBOX();
	desc = run_fake("ok", TO_REPRO "echo 'CULPRIT-REPRO-END status=0'\necho 'reboot: Power down'\n",
			30, 10, &r);
	assert_string_equal(desc, "OK");
	assert_null(r.reason);
	assert_int_equal(r.crashes.nr, 0);
	/* what QEMU was asked to do */
	p = xstrfmt("%s/ok.args", tmpdir);
	assert_true(strbuf_read_file(&args, p) > 0);
	free(p);
	assert_non_null(strstr(args.buf, "\n-kernel\n"));
	assert_non_null(strstr(args.buf, "\n-no-reboot\n"));
	assert_non_null(strstr(args.buf, "\n-accel\ntcg,thread=multi\n"));
	p = strstr(args.buf, "\nconsole=ttyS0 panic=-1 no_timer_check culprit.run=3 ");
	assert_non_null(p);
	/* microvm under TCG: the host's TSC rate, for a guest without HPET */
#if defined(__x86_64__)
	assert_true(starts_with(p, "\nconsole=ttyS0 panic=-1 no_timer_check culprit.run=3 "
				   "tsc_early_khz="));
	assert_true(atoi(p + strlen("\nconsole=ttyS0 panic=-1 no_timer_check culprit.run=3 "
				    "tsc_early_khz=")) > 100000);
#endif
	assert_non_null(strstr(p, " extra=1\n"));
	/* no .config beside the image: microvm first, on its serial port */
	assert_non_null(strstr(args.buf, "\n-machine\nmicrovm,x-option-roms=off\n-serial\nstdio\n"));
	assert_string_equal(r.machine, "microvm, TCG");
	assert_true(r.boot_seconds > 0 && r.boot_seconds <= r.seconds);
	/* the per-run log: header, then the console */
	assert_non_null(r.log_path);
	assert_true(starts_with(r.log_path, tmpdir));
	assert_true(strbuf_read_file(&log, r.log_path) > 0);
	assert_true(starts_with(log.buf, "# culprit qemu run: "));
	assert_non_null(strstr(log.buf, "accel: TCG (kvm = off)"));
	assert_non_null(strstr(log.buf, "CULPRIT-REPRO-END status=0"));
	strbuf_release(&args);
	strbuf_release(&log);
	free(desc);
	run_result_release(&r);
}

static void test_boot_timeout(void **state)
{
	struct run_result r;
	double t = now_seconds();
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("silent", BOOT_LINES "sleep 60\n", 1, 10, &r);
	assert_true(now_seconds() - t < 10);
	assert_int_equal(r.verdict, RUN_BOOT_FAILED);
	assert_true(starts_with(desc, "boot failed: timed out after 1s waiting for the boot marker"));
	assert_non_null(strstr(desc, "Run /init as init process"));
	free(desc);
	run_result_release(&r);
}

static void test_boot_panic(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("panic",
			BOOT_LINES
			"echo 'Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000'\n"
			"echo 'CPU: 0 PID: 1 Comm: init Not tainted 6.1.192 #1'\n"
			"echo 'Call Trace:'\n"
			"echo ' <TASK>'\n"
			"echo ' dump_stack_lvl+0x4c/0x5f'\n"
			"echo ' panic+0x11f/0x2c9'\n"
			"echo ' do_exit.cold+0x15/0x15'\n"
			"echo ' </TASK>'\n"
			"echo 'Kernel Offset: disabled'\n"
			"echo 'Rebooting in 1 seconds..'\n",
			30, 10, &r);
	assert_int_equal(r.verdict, RUN_BOOT_FAILED);
	assert_true(starts_with(desc, "boot failed: "));
	assert_non_null(strstr(desc, "kill init"));
	free(desc);
	run_result_release(&r);
}

static void test_check_failed(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("check",
			BOOT_LINES "echo 'CULPRIT-BOOT-OK 6.1'\n"
				   "echo 'CULPRIT-CHECK-FAILED: no executable /repro'\nsleep 60\n",
			30, 10, &r);
	assert_string_equal(desc, "basic kernel testing failed: no executable /repro");
	free(desc);
	run_result_release(&r);
}

/* a report: the VM is stopped soon after it, not at the end of its time */
static void test_crash(void **state)
{
	struct run_result r;
	struct strbuf body = STRBUF_INIT;
	double t = now_seconds();
	char *desc;

	NEED_BUSYBOX();
	strbuf_addstr(&body, TO_REPRO "cat <<'EOF'\n");
	strbuf_addstr(&body, report);
	strbuf_addstr(&body, "EOF\nsleep 60\n");
	desc = run_fake("crash", body.buf, 30, 30, &r);
	assert_true(now_seconds() - t < 15);
	assert_int_equal(r.verdict, RUN_CRASHED);
	assert_true(starts_with(desc, "crashed: BUG: sleeping function called from invalid context"));
	assert_true(r.crashes.nr >= 1);
	assert_non_null(strstr(r.crashes.items[0].report, "mm_access+0x1f/0xc0"));
	strbuf_release(&body);
	free(desc);
	run_result_release(&r);
}

static void test_repro_timeout(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("repro-timeout",
			TO_REPRO "sleep 1.1\necho 'CULPRIT-REPRO-END status=137'\n", 30, 1, &r);
	assert_string_equal(desc, "OK");
	assert_string_equal(r.reason, "reproducer timed out after 1s");
	free(desc);
	run_result_release(&r);
}

static void test_kernel_hang(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("hang", TO_REPRO "sleep 60\n", 30, 1, &r);
	assert_string_equal(desc, "timed out");
	assert_non_null(strstr(r.reason, "hung"));
	free(desc);
	run_result_release(&r);
}

static void test_repro_cannot_run(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("cannot-run", TO_REPRO "echo 'CULPRIT-REPRO-END status=127'\n", 30, 10, &r);
	assert_string_equal(desc, "infra problem: the reproducer could not be run in the VM "
				  "(exit status 127)");
	free(desc);
	run_result_release(&r);
}

static void test_lost_connection(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("lost", TO_REPRO "exit 0\n", 30, 10, &r);
	assert_string_equal(desc, "crashed: lost connection to test machine");
	free(desc);
	run_result_release(&r);
}

static void test_qemu_fails(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("bad-args",
			"echo 'qemu-system-x86_64: -accel kvm: failed to initialize kvm' >&2\nexit 1\n",
			30, 10, &r);
	assert_int_equal(r.verdict, RUN_INFRA);
	assert_string_equal(desc, "infra problem: qemu failed (exit status 1): "
				  "qemu-system-x86_64: -accel kvm: failed to initialize kvm");
	free(desc);
	run_result_release(&r);
}

static void test_qemu_missing(void **state)
{
	struct qemu_runner *q;
	struct run_result r;
	char *missing;

	NEED_BUSYBOX();
	missing = xstrfmt("%s/no-such-qemu", tmpdir);
	q = runner(missing, 30, 10);
	set_error_quiet(true);
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), -1);
	set_error_quiet(false);
	assert_int_equal(r.verdict, RUN_INFRA);
	run_result_release(&r);
	/* no kernel image: infra too */
	assert_int_equal(qemu_run_kernel(q, "/nonexistent/bzImage", NULL, NULL, 0, &r), -1);
	assert_int_equal(r.verdict, RUN_INFRA);
	run_result_release(&r);
	qemu_runner_free(q);
	free(missing);
}

/* bad options and a reproducer that does not compile are errors up front */
static void test_bad_setup(void **state)
{
	struct qemu_opts o = { 0 };
	struct qemu_runner *q;
	char *bad = xstrfmt("%s/bad.c", tmpdir);
	char *wd = xstrfmt("%s/work", tmpdir);
	bool bad_repro = false;

	NEED_BUSYBOX();
	set_error_quiet(true);
	o.workdir = wd;
	o.bad_repro = &bad_repro;
	assert_null(qemu_runner_new(&o));	/* no reproducer */
	assert_false(bad_repro);
	o.repro_c = bad;
	write_file_atomic(bad, "this is not C\n", 14);
	assert_null(qemu_runner_new(&o));
	assert_true(bad_repro);			/* the reproducer's fault */
	bad_repro = false;
	o.repro_c = NULL;
	o.repro_bin = "/bin/true";	/* dynamically linked: no loader in the VM */
	assert_null(qemu_runner_new(&o));
	assert_true(bad_repro);
	bad_repro = false;
	o.repro_bin = "/bin/busybox";	/* static */
	o.kvm = "maybe";
	assert_null(qemu_runner_new(&o));
	assert_false(bad_repro);
	o.kvm = "off";
	q = qemu_runner_new(&o);
	assert_non_null(q);
	assert_false(bad_repro);
	qemu_runner_free(q);
	set_error_quiet(false);
	free(bad);
	free(wd);
}

/* KVM is used only when a probe boot under it reaches userspace */
static void test_kvm_probe(void **state)
{
	bool dev_kvm = !access("/dev/kvm", R_OK | W_OK);
	char *works = fake("kvm-works", TO_REPRO "echo 'CULPRIT-REPRO-END status=0'\n");
	char *broken = fake("kvm-broken",
			    "case \"$*\" in *kvm*) sleep 60 ;; esac\n" TO_REPRO
			    "echo 'CULPRIT-REPRO-END status=0'\n");
	struct qemu_runner *q;
	struct run_result r;

	NEED_BUSYBOX();
	q = runner_kvm(works, 30, 10, "auto");
	assert_string_equal(qemu_accel(q, bzimage), dev_kvm ? "kvm" : "tcg");
	qemu_runner_free(q);

	/* a guest that hangs under KVM (nested /dev/kvm): TCG, after ~8 s of silence */
	q = runner_kvm(broken, 30, 10, "auto");
	assert_string_equal(qemu_accel(q, bzimage), "tcg");
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_OK);
	run_result_release(&r);
	qemu_runner_free(q);

	/* kvm = on never falls back: infra */
	q = runner_kvm(broken, 30, 10, "on");
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), -1);
	assert_int_equal(r.verdict, RUN_INFRA);
	assert_non_null(strstr(r.reason, "kvm = on"));
	run_result_release(&r);
	qemu_runner_free(q);
	free(works);
	free(broken);
}

struct par {
	struct qemu_runner *q;
	int index;
	struct run_result r;
};

static void *par_run(void *arg)
{
	struct par *p = arg;

	qemu_run_kernel(p->q, bzimage, NULL, NULL, p->index, &p->r);
	return NULL;
}

/* runs from several threads at once each get their own log and verdict */
static void test_parallel(void **state)
{
	char *qemu;
	struct qemu_runner *q;
	struct par p[4];
	pthread_t t[4];

	NEED_BUSYBOX();
	qemu = fake("par", TO_REPRO "sleep 0.3\necho 'CULPRIT-REPRO-END status=0'\n");
	q = runner(qemu, 30, 10);
	for (int i = 0; i < 4; i++) {
		p[i] = (struct par){ .q = q, .index = i };
		assert_int_equal(pthread_create(&t[i], NULL, par_run, &p[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(p[i].r.verdict, RUN_OK);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(p[i].r.log_path, p[j].r.log_path);
	}
	for (int i = 0; i < 4; i++)
		run_result_release(&p[i].r);
	qemu_runner_free(q);
	free(qemu);
}

/* a runner with every option the probe tests vary */
static struct qemu_runner *runner_full(const char *qemu, const char *kvm, const char *kvm_dev,
				       const char *machine, const char *workdir)
{
	struct qemu_opts o = { 0 };
	struct qemu_runner *q;
	char *src = xstrfmt("%s/repro.c", tmpdir);

	o.workdir = workdir;
	o.repro_c = src;
	o.qemu = qemu;
	o.kvm = kvm;
	o.kvm_device = kvm_dev;
	o.machine = machine;
	o.boot_timeout = 30;
	o.repro_timeout = 10;
	o.hang_grace = 1;
	o.quiet = true;
	q = qemu_runner_new(&o);
	assert_non_null(q);
	free(src);
	return q;
}

static bool file_has(const char *path, const char *needle)
{
	struct strbuf sb = STRBUF_INIT;
	bool ret = strbuf_read_file(&sb, path) >= 0 && strstr(sb.buf, needle);

	strbuf_release(&sb);
	return ret;
}

/*
 * A nested /dev/kvm: -cpu host aborts on MSR 0x10a, host without
 * arch-capabilities hangs; max works. The answer is kept for the work
 * directory: a second runner does not probe again.
 */
static void test_kvm_cpu_models(void **state)
{
	char *kvm = xstrfmt("%s/fake-kvm", tmpdir);
	char *wd = xstrfmt("%s/work-kvm-models", tmpdir);
	char *qemu = fake("kvm-models",
			  "case \"$*\" in\n"
			  "*\"-cpu host,-arch-capabilities \"*) sleep 60 ;;\n"
			  "*\"-cpu host \"*) echo 'qemu-system-x86_64: error: failed to set MSR 0x10a "
			  "to 0x2000c04' >&2; kill -ABRT $$ ;;\n"
			  "esac\n" TO_REPRO "echo 'CULPRIT-REPRO-END status=0'\n");
	char *args = xstrfmt("%s.args", qemu);
	struct qemu_runner *q;
	struct run_result r;

	NEED_BUSYBOX();
	write_file_atomic(kvm, "", 0);
	q = runner_full(qemu, "auto", kvm, "pc", wd);
	assert_string_equal(qemu_accel(q, bzimage), "kvm");
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_OK);
	assert_string_equal(r.machine, "pc, KVM -cpu max");
	assert_true(file_has(args, "\n-accel\nkvm\n-cpu\nmax\n"));
	assert_true(file_has(r.log_path, "accel: KVM -cpu max (a probe boot reached userspace in "));
	assert_true(file_has(r.log_path, "-cpu host: infra problem: qemu failed (killed by signal 6):"
					 " qemu-system-x86_64: error: failed to set MSR 0x10a"));
	assert_true(file_has(r.log_path, "-cpu host,-arch-capabilities: boot failed: no console "
					 "output in 8s"));
	run_result_release(&r);
	qemu_runner_free(q);

	/* the same work directory: the recorded answer, no probe boot */
	unlink(args);
	q = runner_full(qemu, "auto", kvm, "pc", wd);
	assert_string_equal(qemu_accel(q, bzimage), "kvm");
	assert_false(file_exists(args));
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 1, &r), 0);
	assert_string_equal(r.machine, "pc, KVM -cpu max");
	assert_true(file_has(r.log_path, "(probed before: "));
	run_result_release(&r);
	qemu_runner_free(q);
	free(qemu);
	free(args);

	/* no model works: TCG for auto, never for on (infra) */
	qemu = fake("kvm-none", "case \"$*\" in *\"-accel kvm\"*) kill -ABRT $$ ;; esac\n"
				TO_REPRO "echo 'CULPRIT-REPRO-END status=0'\n");
	q = runner_full(qemu, "on", kvm, "pc", wd);
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), -1);
	assert_int_equal(r.verdict, RUN_INFRA);
	assert_non_null(strstr(r.reason, "kvm = on"));
	assert_non_null(strstr(r.reason, "-cpu host,-arch-capabilities: boot failed: qemu ended "
					 "(killed by signal 6)"));
	assert_non_null(strstr(r.reason, "-cpu max: boot failed"));
	run_result_release(&r);
	qemu_runner_free(q);
	q = runner_full(qemu, "auto", kvm, "pc", wd);
	assert_string_equal(qemu_accel(q, bzimage), "tcg");
	qemu_runner_free(q);
	free(qemu);
	free(kvm);
	free(wd);
}

/* number of lines in a file (the fake's invocation counter) */
static int lines_of(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	if (strbuf_read_file(&sb, path) >= 0)
		for (size_t i = 0; i < sb.len; i++)
			n += sb.buf[i] == '\n';
	strbuf_release(&sb);
	return n;
}

/* microvm that does not boot: the run is done again on pc, and pc stays */
static void test_machine_fallback(void **state)
{
	char *wd = xstrfmt("%s/work-machine", tmpdir);
	char *count = xstrfmt("%s/machine-count", tmpdir);
	char *body = xstrfmt("echo x >>'%s'\n"
			     "case \"$*\" in *microvm*) echo 'qemu-system-x86_64: unsupported "
			     "machine' >&2; exit 1 ;; esac\n"
			     TO_REPRO "echo 'CULPRIT-REPRO-END status=0'\n", count);
	char *qemu = fake("no-microvm", body);
	char *args = xstrfmt("%s.args", qemu);
	struct qemu_runner *q;
	struct run_result r;

	NEED_BUSYBOX();
	q = runner_full(qemu, "off", NULL, NULL, wd);
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_OK);
	assert_string_equal(r.machine, "pc, TCG");
	assert_int_equal(lines_of(count), 2);
	assert_true(file_has(r.log_path, "machine: pc (microvm did not boot: infra problem: qemu "
					 "failed (exit status 1): qemu-system-x86_64: unsupported"));
	run_result_release(&r);
	/* from now on, pc only */
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 1, &r), 0);
	assert_string_equal(r.machine, "pc, TCG");
	assert_int_equal(lines_of(count), 3);
	run_result_release(&r);
	qemu_runner_free(q);
	/* ... and for the next runner of this work directory too */
	q = runner_full(qemu, "off", NULL, NULL, wd);
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 2, &r), 0);
	assert_string_equal(r.machine, "pc, TCG");
	assert_int_equal(lines_of(count), 4);
	assert_false(file_has(args, "microvm"));
	run_result_release(&r);
	qemu_runner_free(q);

	/* forced microvm: no fallback */
	q = runner_full(qemu, "off", NULL, "microvm", wd);
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), -1);
	assert_int_equal(r.verdict, RUN_INFRA);
	assert_string_equal(r.machine, "microvm, TCG");
	assert_true(r.boot_seconds == 0);
	run_result_release(&r);
	qemu_runner_free(q);
	free(qemu);
	free(args);
	free(body);
	free(count);
	free(wd);
}

/* the console microvm gets follows the kernel's .config */
static void test_machine_config(void **state)
{
	char *dir = xstrfmt("%s/artifacts", tmpdir);
	char *bz = xstrfmt("%s/bzImage", dir);
	char *cfg = xstrfmt("%s/.config", dir);
	char *wd = xstrfmt("%s/work-config", tmpdir);
	char *qemu = fake("config", TO_REPRO "echo 'CULPRIT-REPRO-END status=0'\n");
	char *args = xstrfmt("%s.args", qemu);
	static const char virtio[] = "CONFIG_64BIT=y\nCONFIG_VIRTIO_MMIO=y\n"
				     "CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES=y\nCONFIG_VIRTIO_CONSOLE=y\n";
	static const char none[] = "CONFIG_64BIT=y\n# CONFIG_SERIAL_8250 is not set\n";
	static const char pvh[] = "CONFIG_64BIT=y\nCONFIG_SERIAL_8250_CONSOLE=y\nCONFIG_PVH=y\n"
				  "CONFIG_VIRTIO_MMIO=y\nCONFIG_VIRTIO_MMIO_CMDLINE_DEVICES=y\n"
				  "CONFIG_VIRTIO_CONSOLE=y\n";
	char *vml = xstrfmt("%s/vmlinux", dir), *p;
	struct qemu_runner *q;
	struct run_result r;

	NEED_BUSYBOX();
	assert_int_equal(mkdir_p(dir, 0777), 0);
	write_file_atomic(bz, "not a kernel", 12);
	write_file_atomic(vml, "not an ELF", 10);
	write_file_atomic(cfg, virtio, strlen(virtio));
	q = runner_full(qemu, "off", NULL, NULL, wd);
	assert_int_equal(qemu_run_kernel(q, bz, NULL, NULL, 0, &r), 0);
	assert_string_equal(r.machine, "microvm (virtio console), TCG");
	assert_true(file_has(args, "\nmicrovm,x-option-roms=off,isa-serial=off\n"));
	assert_true(file_has(args, "\n-device\nvirtconsole,chardev=con0\n"));
	assert_true(file_has(args, "\nconsole=hvc0 panic=-1"));
	assert_false(file_has(args, "\n-serial\n"));
	run_result_release(&r);
	/* another config: decided again */
	write_file_atomic(cfg, none, strlen(none));
	assert_int_equal(qemu_run_kernel(q, bz, NULL, NULL, 1, &r), 0);
	assert_string_equal(r.machine, "pc, TCG");
	assert_true(file_has(r.log_path, "the kernel config has no console microvm has"));
	assert_false(file_has(args, "microvm"));
	run_result_release(&r);
	/* PVH: vmlinux itself is booted (no decompression), the 8250 console */
	write_file_atomic(cfg, pvh, strlen(pvh));
	assert_int_equal(qemu_run_kernel(q, bz, vml, NULL, 2, &r), 0);
	assert_string_equal(r.machine, "microvm (PVH), TCG");
	p = xstrfmt("\n-kernel\n%s\n", vml);
	assert_true(file_has(args, p));
	free(p);
	assert_true(file_has(args, "\n-serial\nstdio\n"));
	run_result_release(&r);
	/* without a vmlinux to give, the bzImage */
	assert_int_equal(qemu_run_kernel(q, bz, NULL, NULL, 3, &r), 0);
	assert_string_equal(r.machine, "microvm, TCG");
	run_result_release(&r);
	qemu_runner_free(q);
	/* forced pc */
	write_file_atomic(cfg, virtio, strlen(virtio));
	q = runner_full(qemu, "off", NULL, "pc", wd);
	assert_int_equal(qemu_run_kernel(q, bz, NULL, NULL, 0, &r), 0);
	assert_string_equal(r.machine, "pc, TCG");
	assert_true(file_has(args, "\nconsole=ttyS0 "));
	run_result_release(&r);
	qemu_runner_free(q);
	free(qemu);
	free(args);
	free(dir);
	free(bz);
	free(vml);
	free(cfg);
	free(wd);
}

/* a first boot on microvm that stalls is given up early, and done on pc */
static void test_machine_stall(void **state)
{
	char *wd = xstrfmt("%s/work-stall", tmpdir);
	char *qemu = fake("microvm-stalls",
			  "case \"$*\" in *microvm*) " BOOT_LINES
			  "echo 'tsc: Marking TSC unstable due to could not calculate TSC khz'; "
			  "sleep 60 ;; esac\n" TO_REPRO "echo 'CULPRIT-REPRO-END status=0'\n");
	struct qemu_opts o = { .workdir = wd, .qemu = qemu, .kvm = "off", .boot_timeout = 4,
			       .repro_timeout = 10, .hang_grace = 1, .quiet = true };
	struct qemu_runner *q;
	struct run_result r;

	NEED_BUSYBOX();
	o.repro_c = xstrfmt("%s/repro.c", tmpdir);
	q = qemu_runner_new(&o);
	assert_non_null(q);
	assert_int_equal(qemu_run_kernel(q, bzimage, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.verdict, RUN_OK);
	assert_string_equal(r.machine, "pc, TCG");
	/* given up at the stall (2s), not at the boot timeout (4s) */
	assert_true(file_has(r.log_path, "microvm did not boot: boot failed: no console output for "
					 "2s while booting; last output: tsc: Marking TSC unstable"));
	run_result_release(&r);
	qemu_runner_free(q);
	free((char *)o.repro_c);
	free(qemu);
	free(wd);
}

/* boot_seconds: QEMU's start to the boot marker */
static void test_boot_seconds(void **state)
{
	struct run_result r;
	char *desc;

	NEED_BUSYBOX();
	desc = run_fake("slow-boot", BOOT_LINES "sleep 0.6\n" TO_REPRO
			"sleep 0.4\necho 'CULPRIT-REPRO-END status=0'\n", 30, 10, &r);
	assert_string_equal(desc, "OK");
	assert_true(r.boot_seconds >= 0.5);
	assert_true(r.seconds >= r.boot_seconds + 0.3);
	free(desc);
	run_result_release(&r);
	desc = run_fake("no-boot", BOOT_LINES "exit 1\n", 30, 10, &r);
	assert_int_equal(r.verdict, RUN_BOOT_FAILED);
	assert_true(r.boot_seconds == 0);
	free(desc);
	run_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_boot_timeout),
		cmocka_unit_test(test_boot_panic),
		cmocka_unit_test(test_check_failed),
		cmocka_unit_test(test_crash),
		cmocka_unit_test(test_repro_timeout),
		cmocka_unit_test(test_kernel_hang),
		cmocka_unit_test(test_repro_cannot_run),
		cmocka_unit_test(test_lost_connection),
		cmocka_unit_test(test_qemu_fails),
		cmocka_unit_test(test_qemu_missing),
		cmocka_unit_test(test_bad_setup),
		cmocka_unit_test(test_kvm_probe),
		cmocka_unit_test(test_parallel),
		cmocka_unit_test(test_kvm_cpu_models),
		cmocka_unit_test(test_machine_fallback),
		cmocka_unit_test(test_machine_config),
		cmocka_unit_test(test_machine_stall),
		cmocka_unit_test(test_boot_seconds),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
