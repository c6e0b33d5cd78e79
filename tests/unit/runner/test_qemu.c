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
	assert_non_null(strstr(args.buf, "\n-kernel\n"));
	assert_non_null(strstr(args.buf, "\n-no-reboot\n"));
	assert_non_null(strstr(args.buf, "\n-accel\ntcg,thread=multi\n"));
	assert_non_null(strstr(args.buf, "\nconsole=ttyS0 panic=-1 no_timer_check culprit.run=3 extra=1\n"));
	/* the per-run log: header, then the console */
	assert_non_null(r.log_path);
	assert_true(starts_with(r.log_path, tmpdir));
	assert_true(strbuf_read_file(&log, r.log_path) > 0);
	assert_true(starts_with(log.buf, "# culprit qemu run: "));
	assert_non_null(strstr(log.buf, "accel: TCG (kvm = off)"));
	assert_non_null(strstr(log.buf, "CULPRIT-REPRO-END status=0"));
	strbuf_release(&args);
	strbuf_release(&log);
	free(p);
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

	NEED_BUSYBOX();
	set_error_quiet(true);
	o.workdir = wd;
	assert_null(qemu_runner_new(&o));	/* no reproducer */
	o.repro_c = bad;
	write_file_atomic(bad, "this is not C\n", 14);
	assert_null(qemu_runner_new(&o));
	o.repro_c = NULL;
	o.repro_bin = "/bin/true";	/* dynamically linked: no loader in the VM */
	assert_null(qemu_runner_new(&o));
	o.repro_bin = "/bin/busybox";	/* static */
	o.kvm = "maybe";
	assert_null(qemu_runner_new(&o));
	o.kvm = "off";
	q = qemu_runner_new(&o);
	assert_non_null(q);
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
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
