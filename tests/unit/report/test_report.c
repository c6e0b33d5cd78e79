// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the crash-report parser, independent of ../shared: one log
 * per format of the table (and a check that every format is exercised),
 * printk prefixes, interleaving, truncation, garbage, empty input, huge lines.
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

#include "report/demangle.h"
#include "report/linux.h"
#include "report/report.h"
#include "util/strbuf.h"
#include "util/util.h"

/* A register dump and a call trace where guilty_fn is the guilty frame. */
#define RIP "RIP: 0010:guilty_fn+0x10/0x20\n"
#define TRACE                                   \
	"Call Trace:\n"                         \
	" guilty_fn+0x10/0x20\n"                \
	" caller_fn+0x30/0x40\n"                \
	" do_syscall_64+0x1/0x2\n"              \
	" entry_SYSCALL_64_after_hwframe+0x1/0x2\n"
#define STD RIP TRACE
#define LOCK_AT(f) " #0: ffff888000000000 (&m){+.+.}, at: " f "+0x1/0x2\n"
#define PCLOCK_AT(f) " #0: (&m){+.+.}, at: [<ffffffff81234567>] " f "+0x1/0x2\n"

struct format_case {
	const char *log;
	const char *title;
	const char *type; /* NULL: not checked */
};

static const struct format_case format_cases[] = {
	/* BUG: */
	{ "BUG: KASAN: use-after-free in guilty_fn+0x1/0x2\nRead of size 8 at addr ffff888012345678 by task a/1\n" TRACE,
	  "KASAN: use-after-free Read in guilty_fn", "KASAN-USE-AFTER-FREE-READ" },
	{ "BUG: KASAN: double-free or invalid-free in kfree+0x1/0x2\n" TRACE,
	  "KASAN: invalid-free in guilty_fn", "KASAN-INVALID-FREE" },
	{ "BUG: KASAN: use-after-free on address ffff888012345678\nRead of size 4 by task a/1\n",
	  "KASAN: use-after-free Read", NULL },
	{ "BUG: KASAN: weird stuff\n", "KASAN: weird stuff", "KASAN-UNKNOWN" },
	{ "BUG: KMSAN: kernel-usb-infoleak in usb_submit_urb+0x1/0x2\n usb_submit_urb+0x1/0x2\n guilty_fn+0x1/0x2\n"
	  "Uninit was created at:\n origin_fn+0x1/0x2\n",
	  "KMSAN: kernel-usb-infoleak in guilty_fn", "KMSAN-INFO-LEAK" },
	{ "BUG: KMSAN: uninit-value in guilty_fn+0x1/0x2\n guilty_fn+0x1/0x2\n caller_fn+0x1/0x2\n"
	  "Uninit was created at:\n origin_fn+0x1/0x2\n",
	  "KMSAN: uninit-value in guilty_fn", "KMSAN-UNINIT-VALUE" },
	{ "BUG: KCSAN: data-race in foo_fn / bar_fn\n", "KCSAN: data-race in foo_fn / bar_fn", "KCSAN-DATARACE" },
	{ "BUG: KCSAN: assert: race in foo_fn\n", "KCSAN: assert: race in foo_fn", "KCSAN-ASSERT" },
	{ "BUG: KFENCE: use-after-free read in guilty_fn+0x1/0x2\n\nUse-after-free read at 0xffff:\n guilty_fn+0x1/0x2\n caller_fn+0x1/0x2\n",
	  "KFENCE: use-after-free read in guilty_fn", "KFENCE-USE-AFTER-FREE-READ" },
	{ "BUG: KFENCE: invalid free in guilty_fn+0x1/0x2\n", "KFENCE: invalid free in guilty_fn", "KFENCE-INVALID-FREE" },
	{ "BUG: KFENCE: invalid read in guilty_fn+0x1/0x2\n guilty_fn+0x1/0x2\n", "KFENCE: invalid read in guilty_fn", "KFENCE-READ" },
	{ "BUG: KFENCE: memory corruption in guilty_fn+0x1/0x2\n", "KFENCE: memory corruption in guilty_fn",
	  "KFENCE-MEMORY-CORRUPTION" },
	{ "BUG: unable to handle page fault for address: ffffc90000000000\n" STD,
	  "BUG: unable to handle kernel paging request in guilty_fn", "MEMORY_SAFETY_BUG" },
	{ "BUG: kernel NULL pointer dereference, address: 0000000000000000\n" STD,
	  "BUG: unable to handle kernel NULL pointer dereference in guilty_fn", "NULL-POINTER-DEREFERENCE" },
	{ "BUG: Unable to handle kernel instruction fetch\n", "BUG: unable to handle kernel", NULL },
	{ "BUG: spinlock bad magic on CPU#0, syz/1\n" TRACE, "BUG: spinlock bad magic in guilty_fn", "LOCKDEP" },
	{ "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [syz:1]\n" STD, "BUG: soft lockup in caller_fn", "HANG" },
	{ "BUG: syz/1 still has locks held!\n1 lock held by syz/1:\n" PCLOCK_AT("guilty_fn"),
	  "BUG: still has locks held in guilty_fn", "LOCKDEP" },
	{ "BUG: scheduling while atomic: syz/1/0x00000002\n" TRACE, "BUG: scheduling while atomic in guilty_fn",
	  "ATOMIC_SLEEP" },
	{ "BUG: lock held when returning to user space!\nsyz/1 is leaving the kernel with locks still held!\n"
	  LOCK_AT("guilty_fn"), "BUG: lock held when returning to user space in guilty_fn", NULL },
	{ "BUG: bad unlock balance detected!\nsyz/1 is trying to release lock (m) at:\n[<ffffffff81234567>] guilty_fn+0x1/0x2\n" TRACE,
	  "BUG: bad unlock balance in guilty_fn", "LOCKDEP" },
	{ "BUG: held lock freed!\n" PCLOCK_AT("guilty_fn"), "BUG: held lock freed in guilty_fn", "LOCKDEP" },
	{ "BUG: Bad rss-counter state mm:ffff888000000000 idx:0 val:1\n", "BUG: Bad rss-counter state", NULL },
	{ "BUG: non-zero nr_ptes on freeing mm: 1\n", "BUG: non-zero nr_ptes on freeing mm", NULL },
	{ "BUG: non-zero nr_pmds on freeing mm: 1\n", "BUG: non-zero nr_pmds on freeing mm", NULL },
	{ "BUG: Dentry ffff888000000000{i=0,n=/}  still in use (1) [unmount of proc proc]\n",
	  "BUG: Dentry still in use in unmount", NULL },
	{ "BUG: Bad page state in process syz  pfn:1234\npage last allocated via order 0\n guilty_fn+0x1/0x2\n" TRACE,
	  "BUG: Bad page state in guilty_fn", NULL },
	{ "BUG: Bad page map in process syz  pte:1\n", "BUG: Bad page map", NULL },
	{ "BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 30s!\n"
	  "workqueue events: flags=0x100\n    in-flight: 9:other_work for 58s\n"
	  "Showing backtraces of busy workers in stalled worker pools:\npool 2:\n"
	  "task:kworker/0:0     state:R  running task\nWorkqueue: events guilty_work\n" TRACE,
	  "BUG: workqueue lockup in guilty_work", "" },
	{ "BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 30s!\n", "BUG: workqueue lockup", NULL },
	{ "BUG: sleeping function called from invalid context at mm/slab.h:123\n" TRACE,
	  "BUG: sleeping function called from invalid context in guilty_fn", "ATOMIC_SLEEP" },
	{ "BUG: using smp_processor_id() in preemptible [00000000] code: syz/1\n" TRACE,
	  "BUG: using smp_processor_id() in preemptible code in guilty_fn", "LOCKDEP" },
	{ "BUG: workqueue leaked lock or atomic: kworker/0:1/0x00000000/1\n     last function: guilty_fn\n",
	  "BUG: workqueue leaked lock or atomic in guilty_fn", NULL },
	{ "BUG: memory leak\nunreferenced object 0xffff888000000000 (size 32):\n  backtrace:\n"
	  "    [<ffffffff81234567>] kmalloc+0x1/0x2\n    [<ffffffff81234567>] guilty_fn+0x1/0x2\n",
	  "memory leak in guilty_fn", "LEAK" },
	{ "BUG: TASK stack guard page was hit at ffffc90000000000 (stack is ffffc9..ffffc9)\n" STD,
	  "BUG: stack guard page was hit in caller_fn", "" },
	{ "BUG: Invalid wait context\n" TRACE, "WARNING: locking bug in guilty_fn", "LOCKDEP" },
	{ "BUG:\n", "BUG: corrupted", "" },
	/* WARNING: */
	{ "WARNING: CPU: 0 PID: 1 at lib/debugobjects.c:328 debug_print_object+0x1/0x2\n" STD,
	  "WARNING: ODEBUG bug in guilty_fn", "WARNING" },
	{ "WARNING: CPU: 0 PID: 1 at mm/usercopy.c:10 usercopy_warn+0x1/0x2\n" STD, "WARNING: bad usercopy in guilty_fn", NULL },
	{ "WARNING: CPU: 0 PID: 1 at lib/kobject.c:10 kobject_add_internal+0x1/0x2\n" STD, "WARNING: kobject bug in guilty_fn", NULL },
	{ "WARNING: CPU: 0 PID: 1 at fs/proc/generic.c:10 proc_register+0x1/0x2\n" STD,
	  "WARNING: proc registration bug in guilty_fn", NULL },
	{ "WARNING: CPU: 0 PID: 1 at lib/refcount.c:25 refcount_warn_saturate+0x1/0x2\n" STD,
	  "WARNING: refcount bug in guilty_fn", "REFCOUNT_WARNING" },
	{ "WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:10 lock_acquire+0x1/0x2\n" STD,
	  "WARNING: locking bug in guilty_fn", "LOCKDEP" },
	{ "WARNING: syz/1 still has locks held!\n" LOCK_AT("guilty_fn"), "WARNING: still has locks held in guilty_fn", NULL },
	{ "WARNING: Nested lock was not taken\n" STD, "WARNING: nested lock was not taken in guilty_fn", NULL },
	{ "WARNING: lock held when returning to user space!\nsyz/1 is leaving the kernel with locks still held!\n"
	  LOCK_AT("guilty_fn"), "WARNING: lock held when returning to user space in guilty_fn", "LOCKDEP" },
	{ "WARNING: CPU: 0 PID: 1 at mm/slab_common.c:10 kmalloc_slab+0x1/0x2\n" STD, "WARNING: kmalloc bug in guilty_fn", NULL },
	{ "WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:10 __vmalloc_node_range+0x1/0x2\n" STD,
	  "WARNING: zero-size vmalloc in guilty_fn", NULL },
	{ "WARNING: CPU: 0 PID: 1 at drivers/usb/core/urb.c:10 usb_submit_urb+0x1/0x2\n" STD,
	  "WARNING in guilty_fn/usb_submit_urb", NULL },
	{ "WARNING: net/core/dev.c:10 at 0x0, CPU#0: syz/1\n" STD, "WARNING in guilty_fn", "WARNING" },
	{ "WARNING: CPU: 0 PID: 1 at net/core/dev.c:10 guilty_fn+0x1/0x2\n" STD, "WARNING in guilty_fn", "WARNING" },
	{ "WARNING: net/core/dev.c:10 at guilty_fn+0x1/0x2, CPU#0: syz/1\n" STD, "WARNING in guilty_fn", "WARNING" },
	{ "WARNING: [x] net/core/dev.c:10 at guilty_fn+0x1/0x2\n" STD, "WARNING in guilty_fn", "WARNING" },
	{ "WARNING: possible circular locking dependency detected\nsyz/1 is trying to acquire lock:\n"
	  "ffff888000000000 (&a){+.+.}, at: guilty_fn+0x1/0x2\n\nbut task is already holding lock:\n"
	  "ffff888000000000 (&b){+.+.}, at: other_fn+0x1/0x2\n" TRACE, "possible deadlock in guilty_fn", "LOCKDEP" },
	{ "WARNING: possible irq lock inversion dependency detected\nsyz/1 just changed the state of lock:\n"
	  LOCK_AT("guilty_fn"), "possible deadlock in guilty_fn", NULL },
	{ "WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected\nwhich became SOFTIRQ-irq-unsafe at:\n  guilty_fn+0x1/0x2\n" TRACE,
	  "possible deadlock in guilty_fn", NULL },
	{ "WARNING: possible recursive locking detected\nsyz/1 is trying to acquire lock:\n" LOCK_AT("guilty_fn"),
	  "possible deadlock in guilty_fn", NULL },
	{ "WARNING: inconsistent lock state\n{SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.\nsyz/1 takes:\n" LOCK_AT("first_fn") TRACE,
	  "inconsistent lock state in guilty_fn", "LOCKDEP" },
	{ "WARNING: suspicious RCU usage\n-----\nnet/core/dev.c:10 suspicious rcu_dereference_check() usage!\n" TRACE,
	  "WARNING: suspicious RCU usage in guilty_fn", "LOCKDEP" },
	{ "WARNING: kernel stack regs at 00000000abcd in syz:1 has bad 'bp' value 0000\n",
	  "WARNING: kernel stack regs has bad 'bp' value", "" },
	{ "WARNING: kernel stack frame pointer at 00000000abcd in syz:1 has bad value 0000\n",
	  "WARNING: kernel stack frame pointer has bad value", "" },
	{ "WARNING: bad unlock balance detected!\n[<ffffffff81234567>] guilty_fn+0x1/0x2\n" TRACE,
	  "WARNING: bad unlock balance in guilty_fn", "LOCKDEP" },
	{ "WARNING: held lock freed!\n" LOCK_AT("guilty_fn"), "WARNING: held lock freed in guilty_fn", "LOCKDEP" },
	{ "WARNING: kernel stack regs on cpu has bad 'bp' value\n", "WARNING: kernel stack regs has bad value", "" },
	{ "WARNING: kernel stack frame pointer on cpu has bad value\n", "WARNING: kernel stack regs has bad value", "" },
	{ "WARNING:\n", "WARNING: corrupted", "" },
	/* INFO: */
	{ "INFO: possible circular locking dependency detected ]\nsyz/1 is trying to acquire lock:\n" PCLOCK_AT("guilty_fn"),
	  "possible deadlock in guilty_fn", "LOCKDEP" },
	{ "INFO: possible irq lock inversion dependency detected ]\nsyz/1 just changed the state of lock:\n" PCLOCK_AT("guilty_fn"),
	  "possible deadlock in guilty_fn", NULL },
	{ "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected ]\nsyz/1 is trying to acquire:\n" PCLOCK_AT("guilty_fn"),
	  "possible deadlock in guilty_fn", NULL },
	{ "INFO: possible recursive locking detected ]\nsyz/1 is trying to acquire lock:\n" PCLOCK_AT("guilty_fn"),
	  "possible deadlock in guilty_fn", NULL },
	{ "INFO: inconsistent lock state ]\nsyz/1 takes:\n" PCLOCK_AT("guilty_fn"), "inconsistent lock state in guilty_fn", NULL },
	{ "INFO: rcu_sched self-detected stall on CPU\n<IRQ>\n apic_timer_interrupt+0x1/0x2\n</IRQ>\n" RIP
	  " guilty_fn+0x10/0x20\n caller_fn+0x30/0x40\n do_syscall_64+0x1/0x2\n",
	  "INFO: rcu detected stall in caller_fn", "HANG" },
	{ "INFO: rcu_tasks detected stalls on tasks:\nffff888000000000: .. nvcsw: 2/2 holdout: 1\n"
	  "Call Trace:\n <TASK>\n ? __schedule+0x1/0x2\n </TASK>\n",
	  "INFO: rcu detected stall in corrupted", "HANG" },
	{ "INFO: trying to register non-static key.\n" TRACE, "INFO: trying to register non-static key in guilty_fn", "" },
	{ "INFO: suspicious RCU usage\n-----\nnet/core/dev.c:10 suspicious!\n" TRACE, "INFO: suspicious RCU usage in guilty_fn", "" },
	{ "INFO: task syz:1 blocked for more than 143 seconds.\n" TRACE, "INFO: task hung in guilty_fn", "HANG" },
	{ "INFO: task syz:1 can't die for more than 143 seconds.\n" TRACE, "INFO: task can't die in guilty_fn", "HANG" },
	{ "INFO: Freed in guilty_fn age=1 cpu=0 pid=1\n", "INFO: Freed in guilty_fn age=NUM cpu=NUM pid=NUM", "" },
	{ "INFO:\n", "INFO: corrupted", "" },
	/* the others */
	{ "Unable to handle kernel paging request at virtual address ffff800000000000\npc : guilty_fn+0x1/0x2\n" TRACE,
	  "BUG: unable to handle kernel paging request in guilty_fn", "MEMORY_SAFETY_BUG" },
	{ "general protection fault: 0000 [#1] SMP KASAN\n" STD, "general protection fault in guilty_fn", "DoS" },
	{ "stack segment: 0000 [#1] SMP\n" STD, "stack segment fault in guilty_fn", "DoS" },
	{ "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: guilty_fn+0x1/0x2\n",
	  "kernel panic: stack is corrupted in guilty_fn", "DoS" },
	{ "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ffffffff81234567\n" TRACE,
	  "kernel panic: stack is corrupted in guilty_fn", "DoS" },
	{ "Kernel panic - not syncing: corrupted stack end detected inside scheduler\n" TRACE,
	  "kernel panic: corrupted stack end in caller_fn", "DoS" },
	{ "Kernel panic - not syncing: kernel stack overflow\n" TRACE, "kernel stack overflow in caller_fn", "DoS" },
	{ "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009\n", "kernel panic: Attempted to kill init!", "DoS" },
	{ "Kernel panic - not syncing: Couldn't open N_TTY ldisc for ptm1 --- error -12.\n",
	  "kernel panic: Couldn't open N_TTY ldisc", "DoS" },
	{ "Kernel panic - not syncing: Fatal exception\n", "kernel panic: Fatal exception", "DoS" },
	{ "Kernel panic - not syncing: panic_on_warn set ...\n", "kernel panic: panic_on_warn set", "DoS" },
	{ "Kernel panic - not syncing: hung_task: blocked tasks\n", "kernel panic: hung_task: blocked tasks", "DoS" },
	{ "Kernel panic - not syncing: Out of memory and no killable processes...\n",
	  "kernel panic: Out of memory and no killable processes...", "DoS" },
	{ "PANIC: double fault, error_code: 0x0\n" RIP, "PANIC: double fault in guilty_fn", "DoS" },
	{ "rust_kernel: panicked at foo.rs:10:5:\nattempt to add with overflow\n" TRACE,
	  "attempt to add with overflow in guilty_fn", NULL },
	{ "kernel BUG at mm/usercopy.c:99!\n" TRACE, "BUG: bad usercopy in guilty_fn", "BUG" },
	{ "kernel BUG at lib/list_debug.c:53!\n" TRACE, "BUG: corrupted list in guilty_fn", "MEMORY_SAFETY_BUG" },
	{ "kernel BUG at net/core/skbuff.c:100!\n" STD, "kernel BUG in guilty_fn", "BUG" },
	{ "Kernel BUG at 0000 [verbose debug info unavailable]\n", "kernel BUG at NUM [verbose debug info unavailable]", "BUG" },
	{ "BUG kmalloc-128 (Not tainted): Object already free\n", "BUG: Object already free", "DoS" },
	{ "divide error: 0000 [#1] SMP\n" STD, "divide error in guilty_fn", "DoS" },
	{ "divide_error: 0000 [#1] SMP\n" STD, "divide error in guilty_fn", "DoS" },
	{ "invalid opcode: 0000 [#1] SMP\n" STD, "invalid opcode in guilty_fn", "DoS" },
	{ "Oops: int3: 0000 [#1] SMP\n" STD, "int3 in guilty_fn", "DoS" },
	{ "UBSAN: Undefined behaviour in net/core/dev.c:10:5\n" TRACE, "UBSAN: undefined-behaviour in guilty_fn", "UBSAN" },
	{ "UBSAN: array-index-out-of-bounds in net/core/dev.c:10:5\n" TRACE,
	  "UBSAN: array-index-out-of-bounds in guilty_fn", "MEMORY_SAFETY_UBSAN" },
	{ "UBSAN: shift-out-of-bounds in net/core/dev.c:10:5\n" TRACE, "UBSAN: shift-out-of-bounds in guilty_fn", "UBSAN" },
	{ "Booting the kernel.\n", "unexpected kernel reboot", "REBOOT" },
	{ "unregister_netdevice: waiting for lo to become free. Usage count = 2\n",
	  "unregister_netdevice: waiting for DEV to become free", "DoS" },
	{ "VFS: Close: file count is 0\n", "VFS: Close: file count is zero (use-after-free)", "DoS" },
	{ "VFS: Busy inodes after unmount of sda. Self-destruct in 5 seconds.\n",
	  "VFS: Busy inodes after unmount (use-after-free)", "DoS" },
	{ "Internal error: Oops: 96000004 [#1] PREEMPT SMP\npc : guilty_fn+0x1/0x2\n" TRACE, "Internal error in guilty_fn", "DoS" },
	{ "Unhandled fault: page domain fault (0x01b) at 0x00000000\nPC is at guilty_fn+0x1/0x2\n" TRACE,
	  "Unhandled fault in guilty_fn", "DoS" },
	{ "Alignment trap: not handling instruction\nPC is at guilty_fn+0x1/0x2\n" TRACE, "Alignment trap in guilty_fn", "DoS" },
	{ "trusty: panic (0): ASSERT FAILED at (lib/foo.c:10): x == 1\n", "trusty: ASSERT FAILED: x == NUM", "DoS" },
	{ "trusty: panic notes ASSERT FAILED: boom\n", "trusty: ASSERT FAILED: boom", "DoS" },
	{ "trusty: panic (0): something bad\n", "trusty: panic: something bad", "DoS" },
	{ "fatal error: all goroutines are asleep - deadlock!\n", "go runtime error", "DoS" },
	{ "SYZFAIL: failed to recv rpc\n", "SYZFAIL: failed to recv rpc", "SYZ_FAILURE" },
	{ "SYZFATAL: executor failed\n", "SYZFATAL: executor failed", "SYZ_FAILURE" },
	{ "panic: Sentry detected 1 stuck task(s)\n", "panic: Sentry detected stuck tasks", "DoS" },
	{ "panic: runtime error: index out of range\n", "panic: runtime error: index out of range", "DoS" },
};

static struct crash_report *parse_first(const char *log, struct report_list *list)
{
	*list = (struct report_list)REPORT_LIST_INIT;
	report_parse(log, strlen(log), list);
	return list->nr ? &list->items[0] : NULL;
}

static void test_formats_one_by_one(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(format_cases); i++) {
		const struct format_case *fc = &format_cases[i];
		struct report_list list;
		struct crash_report *r = parse_first(fc->log, &list);

		if (!r || strcmp(r->title, fc->title) || (fc->type && strcmp(r->type, fc->type))) {
			print_error("case %zu: got '%s' (%s), want '%s' (%s)\nlog:\n%s\n", i,
				    r ? r->title : "(none)", r ? r->type : "", fc->title,
				    fc->type ? fc->type : "", fc->log);
			bad++;
		}
		report_list_release(&list);
	}
	assert_int_equal(bad, 0);
}

static void *parse_all_cases(void *arg)
{
	long bad = 0;

	(void)arg;
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < ARRAY_SIZE(format_cases); i++) {
			struct report_list list;
			struct crash_report *r = parse_first(format_cases[i].log, &list);

			if (!r || strcmp(r->title, format_cases[i].title))
				bad++;
			report_list_release(&list);
		}
	}
	return (void *)bad;
}

/* report_parse() from several threads at once (first use included). */
static void test_threads(void **state)
{
	pthread_t th[4];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(th); i++)
		assert_int_equal(pthread_create(&th[i], NULL, parse_all_cases, NULL), 0);
	for (size_t i = 0; i < ARRAY_SIZE(th); i++) {
		void *bad;

		assert_int_equal(pthread_join(th[i], &bad), 0);
		assert_int_equal((long)bad, 0);
	}
}

/* Every format of the table gives the title of at least one case. */
static void test_every_format_exercised(void **state)
{
	const struct ctable *t = formats_get();
	struct lctx c;
	bool *seen;
	size_t total = 0, base = 0;

	(void)state;
	for (size_t i = 0; i < t->noopses; i++)
		total += t->oopses[i].nformats;
	seen = xcalloc(total, sizeof(*seen));
	lctx_init(&c);
	for (size_t k = 0; k < ARRAY_SIZE(format_cases); k++) {
		const char *log = format_cases[k].log;
		size_t start;
		const struct coops *o = find_first_oops(&c, log, strlen(log), &start);
		struct description d;
		size_t b = 0;

		assert_non_null(o);
		extract_description(&c, log + start, strlen(log) - start, o, &d);
		for (size_t i = 0; i < o->index; i++)
			b += t->oopses[i].nformats;
		if (d.format)
			seen[b + (size_t)(d.format - o->formats)] = true;
		description_release(&d);
	}
	lctx_release(&c);
	for (size_t i = 0; i < t->noopses; i++) {
		for (size_t j = 0; j < t->oopses[i].nformats; j++)
			if (!seen[base + j])
				fail_msg("format '%s' of row '%s' is exercised by no test log",
					 t->oopses[i].formats[j].src->title, t->oopses[i].src->header);
		base += t->oopses[i].nformats;
	}
	free(seen);
}

static void test_prefixes(void **state)
{
	static const char *const logs[] = {
		"[   12.345678][ T1234] BUG: KASAN: use-after-free in guilty_fn+0x1/0x2\n"
		"[   12.345678][ T1234] Read of size 8 at addr ffff888012345678 by task a/1\n"
		"[   12.345678][ T1234] Call Trace:\n"
		"[   12.345678][ T1234]  guilty_fn+0x1/0x2\n",
		"[   12.345678][    C1] BUG: KASAN: use-after-free in guilty_fn+0x1/0x2\n"
		"[   12.345678][    C1] Read of size 8 at addr ffff888012345678 by task a/1\n"
		"[   12.345678][    C1] Call Trace:\n"
		"[   12.345678][    C1]  guilty_fn+0x1/0x2\n",
		"<4>[   12.345678] BUG: KASAN: use-after-free in guilty_fn+0x1/0x2\n"
		"<4>[   12.345678] Read of size 8 at addr ffff888012345678 by task a/1\n"
		"<4>[   12.345678] Call Trace:\n"
		"<4>[   12.345678]  ? unrelated_fn+0x1/0x2\n"
		"<4>[   12.345678]  guilty_fn+0x1/0x2\n",
		"** 3 printk messages dropped ** [   12.345678] BUG: KASAN: use-after-free in guilty_fn+0x1/0x2\n"
		"[   12.345678] Read of size 8 at addr ffff888012345678 by task a/1\n"
		"syzkaller login: [   12.345678] Call Trace:\n"
		"[   12.345678]  guilty_fn+0x1/0x2\n",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(logs); i++) {
		struct report_list list;
		struct crash_report *r = parse_first(logs[i], &list);

		assert_non_null(r);
		assert_string_equal(r->title, "KASAN: use-after-free Read in guilty_fn");
		/* the report is free of prefixes */
		assert_true(starts_with(r->report, "BUG: KASAN: use-after-free in guilty_fn"));
		assert_null(strstr(r->report, "12.345678"));
		report_list_release(&list);
	}
}

/* Serial consoles end lines with "\r\n": same report, no '\r' in it. */
static void test_crlf(void **state)
{
	const char *log = "[   12.000000][ T200] BUG: KASAN: use-after-free in guilty_fn+0x1/0x2\r\n"
			  "[   12.000001][ T200] Read of size 8 at addr ffff888012345678 by task a/1\r\n"
			  "[   12.000002][ T200] Call Trace:\r\n"
			  "[   12.000003][ T200]  guilty_fn+0x1/0x2 fs/file.c:12\r\n"
			  "[   12.000004][ T200]  caller_fn+0x1/0x2\r\n";
	struct report_list list;
	struct crash_report *r;

	(void)state;
	r = parse_first(log, &list);
	assert_non_null(r);
	assert_string_equal(r->title, "KASAN: use-after-free Read in guilty_fn");
	assert_null(strchr(r->report, '\r'));
	assert_false(r->corrupted);
	assert_string_equal(r->guilty_file, "fs/file.c");
	report_list_release(&list);
}

/* Output of another task between the lines of a report stays out of it. */
static void test_interleaving(void **state)
{
	const char *log =
		"[   10.000000][ T100] some context line\n"
		"[   12.000000][ T200] BUG: sleeping function called from invalid context at mm/slab.h:123\n"
		"[   12.000001][ T300] audit: type=1400 audit(1.2:3): avc: denied\n"
		"[   12.000002][ T200] in_atomic(): 1, irqs_disabled(): 0, pid: 200, name: syz\n"
		"[   12.000003][ T300] Call Trace:\n"
		"[   12.000003][ T300]  wrong_fn+0x1/0x2\n"
		"[   12.000004][ T200] Call Trace:\n"
		"[   12.000005][ T300]  other_task_fn+0x1/0x2\n"
		"[   12.000006][ T200]  guilty_fn+0x1/0x2\n"
		"[   12.000007][ T200]  caller_fn+0x1/0x2\n";
	struct report_list list;
	struct crash_report *r;

	(void)state;
	r = parse_first(log, &list);
	assert_non_null(r);
	assert_string_equal(r->title, "BUG: sleeping function called from invalid context in guilty_fn");
	assert_string_equal(r->type, "ATOMIC_SLEEP");
	assert_string_equal(r->frame, "guilty_fn");
	assert_null(strstr(r->report, "audit"));
	assert_null(strstr(r->report, "wrong_fn"));
	assert_false(r->corrupted);
	assert_int_equal(r->start, strstr(log, "[   12.000000]") - log);
	report_list_release(&list);
}

/* A report cut right after its header is corrupted and has no frame. */
static void test_truncation(void **state)
{
	const char *full = "general protection fault: 0000 [#1] SMP KASAN\n" STD;
	struct report_list list;
	struct crash_report *r;
	char *cut;

	(void)state;
	r = parse_first(full, &list);
	assert_non_null(r);
	assert_false(r->corrupted);
	assert_string_equal(r->title, "general protection fault in guilty_fn");
	assert_true(report_matches_title(r, "bad-access in guilty_fn"));
	assert_false(report_matches_title(r, "bad-access in other"));
	report_list_release(&list);

	cut = xstrndup(full, strlen("general protection fault: 0000 [#1] SMP KASAN\n"));
	r = parse_first(cut, &list);
	assert_non_null(r);
	assert_true(r->corrupted);
	assert_string_equal(r->title, "general protection fault in corrupted");
	report_list_release(&list);
	free(cut);

	/* cut in the middle of a line, without a final newline */
	cut = xstrndup(full, strlen(full) - 10);
	r = parse_first(cut, &list);
	assert_non_null(r);
	assert_string_equal(r->title, "general protection fault in guilty_fn");
	report_list_release(&list);
	free(cut);
}

static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static void test_binary_garbage(void **state)
{
	size_t n = 1 << 20;
	char *buf = xmalloc(n + 200);
	struct report_list list = REPORT_LIST_INIT;
	const char *hdr = "\nBUG: KASAN: use-after-free in guilty_fn+0x1/0x2\nRead of size 1 at addr ffff888012345678\n";

	(void)state;
	for (size_t i = 0; i < n; i++) {
		buf[i] = (char)rnd();
		/* no accidental headers: keep out ':' */
		if (buf[i] == ':')
			buf[i] = ';';
	}
	report_parse(buf, n, &list);
	assert_int_equal(list.nr, 0);
	assert_false(report_contains_crash(buf, n));
	/* a report in the middle of garbage (with NULs and bytes >= 0x80) is found */
	memcpy(buf + n / 2, hdr, strlen(hdr));
	report_parse(buf, n, &list);
	assert_true(list.nr >= 1);
	assert_true(starts_with(list.items[0].title, "KASAN: use-after-free Read in guilty_fn"));
	assert_true(report_contains_crash(buf, n));
	report_list_release(&list);
	free(buf);
}

static void test_empty_input(void **state)
{
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	assert_int_equal(report_parse("", 0, &list), 0);
	assert_int_equal(report_parse(NULL, 0, &list), 0);
	assert_int_equal(report_parse("\n\n\n", 3, &list), 0);
	assert_int_equal(list.nr, 0);
	assert_false(report_contains_crash("", 0));
	assert_false(report_contains_crash(NULL, 0));
	report_list_release(&list);
}

static void test_huge_lines(void **state)
{
	size_t n = 8 << 20;
	struct strbuf sb = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	/* one 8 MiB line, no newline at all */
	strbuf_grow(&sb, n + 256);
	for (size_t i = 0; i < n; i++)
		strbuf_addch(&sb, 'a' + (char)(i % 26));
	report_parse(sb.buf, sb.len, &list);
	assert_int_equal(list.nr, 0);
	/* the same with a WARNING at its very end: a title of at most 120 bytes */
	strbuf_addstr(&sb, " WARNING: CPU: 0 PID: 1 at net/core/dev.c:10 guilty_fn+0x1/0x2");
	report_parse(sb.buf, sb.len, &list);
	assert_int_equal(list.nr, 1);
	assert_string_equal(list.items[0].title, "WARNING in corrupted");
	assert_true(list.items[0].corrupted);
	report_list_release(&list);
	/* a huge line inside a report */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "general protection fault: 0000 [#1] SMP KASAN\n" RIP "Call Trace:\n ");
	for (size_t i = 0; i < (1u << 20); i++)
		strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, "\n guilty_fn+0x10/0x20\n");
	report_parse(sb.buf, sb.len, &list);
	assert_int_equal(list.nr, 1);
	assert_string_equal(list.items[0].title, "general protection fault in guilty_fn");
	report_list_release(&list);
	strbuf_release(&sb);
}

static void test_several_reports(void **state)
{
	const char *log =
		"boot\n"
		"WARNING: CPU: 0 PID: 1 at net/core/dev.c:10 first_fn+0x1/0x2\n" RIP TRACE
		"some noise\n"
		"BUG: KASAN: slab-out-of-bounds in second_fn+0x1/0x2\nWrite of size 4 at addr ffff888012345678 by task a/1\n"
		"Call Trace:\n second_fn+0x1/0x2\n"
		"Kernel panic - not syncing: panic_on_warn set ...\n";
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	report_parse(log, strlen(log), &list);
	assert_int_equal(list.nr, 3);
	assert_string_equal(list.items[0].title, "WARNING in guilty_fn");
	assert_string_equal(list.items[1].title, "KASAN: slab-out-of-bounds Write in second_fn");
	assert_string_equal(list.items[1].type, "KASAN-WRITE");
	assert_string_equal(list.items[2].title, "kernel panic: panic_on_warn set");
	assert_true(list.items[0].panicked);
	assert_int_equal(list.items[0].start, 5);
	assert_true(list.items[0].start < list.items[1].start);
	assert_true(list.items[1].start < list.items[2].start);
	assert_int_equal(list.items[2].end, strlen(log) - 1);
	report_list_release(&list);
}

/* Thousands of crashes: at most 1000 reports, later ones with bounded text. */
static void test_many_reports(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	for (int i = 0; i < 1500; i++)
		strbuf_addf(&sb, "WARNING: CPU: 0 PID: 1 at net/core/dev.c:10 fn_%d+0x1/0x2\n"
			    "RIP: 0010:fn_%d+0x1/0x2\nCall Trace:\n caller+0x1/0x2\n", i % 10, i % 10);
	for (int i = 0; i < 20000; i++)
		strbuf_addstr(&sb, "some boring line of the console after the crashes\n");
	report_parse(sb.buf, sb.len, &list);
	assert_int_equal(list.nr, 1000);
	assert_int_equal(list.dropped, 500);	/* counted, not dropped silently */
	assert_string_equal(list.items[0].title, "WARNING in fn_0");
	assert_string_equal(list.items[999].title, "WARNING in fn_9");
	/* the first report runs to the end of the log, like syzkaller's: its first 256 KiB kept */
	assert_true(list.items[0].report_len > 256 * 1024 && list.items[0].report_len < 260 * 1024);
	assert_non_null(strstr(list.items[0].report, "more bytes of this report not kept]"));
	assert_true(list.items[999].report_len < 300 * 1024);
	report_list_release(&list);
	strbuf_release(&sb);
}

/*
 * An input fed in pieces (report_stream_*) gives the crashes report_parse()
 * gives on the whole, with the same offsets, in windows much smaller than
 * the input, whatever the size of the pieces.
 */
static void test_stream(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct report_list whole = REPORT_LIST_INIT;
	static const size_t pieces[] = { 1, 7, 100, 4096, 100000 };

	(void)state;
	for (int i = 0; i < 40; i++) {
		for (int k = 0; k < 30 + i * 7; k++)
			strbuf_addf(&sb, "[ %4d.%06d][ T%d] audit: type=1400 audit(%d.1:%d): avc: denied\n",
				    i, k, 900 + k % 13, i, k);
		strbuf_addf(&sb, "[ %4d.999000][ T%d] BUG: KASAN: use-after-free in fn_%d+0x10/0x20\n"
			    "[ %4d.999001][ T%d] Read of size 8 at addr ffff888012345678 by task a/1\n"
			    "[ %4d.999002][ T%d] Call Trace:\n"
			    "[ %4d.999003][ T%d]  fn_%d+0x10/0x20 fs/f.c:%d\n",
			    i, 100 + i, i, i, 100 + i, i, 100 + i, i, 100 + i, i, i + 1);
		if (i % 5 == 0)
			strbuf_addf(&sb, "==%d==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 "
				    "at pc 0x1 bp 0x2 sp 0x3\nREAD of size 4 at 0x602000000010 thread T0\n"
				    "    #0 0x4f2a10 in user_fn_%d /src/a.c:3:1\n\n"
				    "SUMMARY: AddressSanitizer: heap-use-after-free /src/a.c:3:1 in user_fn_%d\n",
				    i, i, i);
	}
	report_parse(sb.buf, sb.len, &whole);
	assert_int_equal(whole.nr, 48);
	for (size_t w = 0; w < 2; w++) {
		for (size_t p = 0; p < ARRAY_SIZE(pieces); p++) {
			struct report_stream *s = report_stream_new(w ? 16384 : 8192);
			struct report_list got = REPORT_LIST_INIT;

			for (size_t pos = 0; pos < sb.len; pos += pieces[p])
				report_stream_feed(s, sb.buf + pos,
						   sb.len - pos < pieces[p] ? sb.len - pos : pieces[p], &got);
			report_stream_finish(s, &got);
			report_stream_free(s);
			assert_int_equal(got.nr, whole.nr);
			for (size_t i = 0; i < got.nr; i++) {
				assert_string_equal(got.items[i].title, whole.items[i].title);
				assert_int_equal(got.items[i].start, whole.items[i].start);
			}
			report_list_release(&got);
		}
	}
	report_list_release(&whole);
	strbuf_release(&sb);
}

/* What culprit report shows: the report to the end of its stack, and its frames. */
static void test_excerpt_frames(void **state)
{
	const char *log =
		"[   10.000000][ T100] booting\n"
		"[   12.000000][ T200] WARNING: CPU: 0 PID: 200 at net/core/dev.c:10 dev_foo+0x1/0x2\n"
		"[   12.000001][ T200] RIP: 0010:dev_foo+0x1/0x2\n"
		"[   12.000002][ T200] Call Trace:\n"
		"[   12.000003][ T200]  <TASK>\n"
		"[   12.000004][ T200]  __dump_stack lib/dump_stack.c:88 [inline]\n"
		"[   12.000005][ T200]  dev_foo+0x1/0x2 net/core/dev.c:10\n"
		"[   12.000006][ T200]  ? mod_fn+0x5/0x9 [some_mod]\n"
		"[   12.000007][ T200]  __x64_sys_ioctl+0x1/0x2\n"
		"[   12.000008][ T200]  </TASK>\n"
		"[   12.000009][ T200] ---[ end trace 0000000000000000 ]---\n"
		"[   12.000010][ T200] some line after the report\n";
	static const char frames_text[] =
		"    #0 0x4f2a10 in ns::Cls::method(int, char const*) const /src/a.cc:12:3\n"
		"    #1 0x4f2b10 in helper (/lib/libx.so+0x1234)\n"
		"main.parse(0xc000010000, 0x5)\n"
		"\t/src/go/main.go:42 +0x1d\n"
		"  File \"/src/x.py\", line 7, in lookup\n"
		"\tat com.example.Foo.bar(Foo.java:31)\n"
		"    at parseManifest (/src/lib/manifest.js:41:28)\n"
		"  12: mycrate::parse::h0123456789abcdef\n"
		"             at src/parse.rs:10:5\n"
		"0137f670 71a2c8e1 imgdec!DecodeRow+0x35\n"
		"[<ffffffc00079e2c8>] ion_ioctl+0x3b4/0x5e0\n";
	static const struct { const char *function, *file; unsigned line; bool inlined; } want[] = {
		{ "ns::Cls::method", "/src/a.cc", 12, false }, { "helper", NULL, 0, false },
		{ "main.parse", "/src/go/main.go", 42, false }, { "lookup", "/src/x.py", 7, false },
		{ "com.example.Foo.bar", "Foo.java", 31, false },
		{ "parseManifest", "/src/lib/manifest.js", 41, false },
		{ "mycrate::parse::h0123456789abcdef", "src/parse.rs", 10, false },
		{ "DecodeRow", NULL, 0, false }, { "ion_ioctl", NULL, 0, false },
	};
	struct report_list list;
	struct report_frames f = REPORT_FRAMES_INIT;
	struct crash_report *r;
	const char *text;
	size_t len;

	(void)state;
	r = parse_first(log, &list);
	assert_non_null(r);
	report_excerpt(r, &text, &len);
	/* from the WARNING line to the end marker, prefixes stripped */
	assert_true(len > 0 && !strncmp(text, "WARNING: CPU: 0 PID: 200", 24));
	assert_true(len >= 37 && !memcmp(text + len - 37, "---[ end trace 0000000000000000 ]---\n", 37));
	report_frames(text, len, &f);
	assert_int_equal(f.nr, 3);
	assert_string_equal(f.v[0].function, "__dump_stack");
	assert_string_equal(f.v[0].file, "lib/dump_stack.c");
	assert_int_equal(f.v[0].line, 88);
	assert_true(f.v[0].inlined);
	assert_string_equal(f.v[1].function, "dev_foo");
	assert_false(f.v[1].inlined);
	assert_string_equal(f.v[2].function, "__x64_sys_ioctl");	/* "? mod_fn" left out */
	report_frames_release(&f);
	report_list_release(&list);

	report_frames(frames_text, strlen(frames_text), &f);
	assert_int_equal(f.nr, ARRAY_SIZE(want));
	for (size_t i = 0; i < f.nr; i++) {
		assert_string_equal(f.v[i].function, want[i].function);
		if (want[i].file)
			assert_string_equal(f.v[i].file, want[i].file);
		else
			assert_null(f.v[i].file);
		assert_int_equal(f.v[i].line, want[i].line);
	}
	report_frames_release(&f);
}

/* Syscall prefixes are dropped from titles; the long forms are alt titles. */
static void test_syscall_prefix(void **state)
{
	const char *log = "general protection fault: 0000 [#1] SMP KASAN\n"
			  "RIP: 0010:__x64_sys_foo+0x1/0x2\n"
			  "Call Trace:\n do_syscall_64+0x1/0x2\n";
	struct report_list list;
	struct crash_report *r;

	(void)state;
	r = parse_first(log, &list);
	assert_non_null(r);
	assert_string_equal(r->title, "general protection fault in sys_foo");
	assert_true(report_matches_title(r, "general protection fault in __x64_sys_foo"));
	assert_true(report_matches_title(r, "bad-access in sys_foo"));
	for (size_t i = 1; i < r->alt_nr; i++)
		assert_true(strcmp(r->alt_titles[i - 1], r->alt_titles[i]) <= 0);
	report_list_release(&list);
}

static void test_suppressed_and_no_crash(void **state)
{
	const char *oom = "Out of memory: Kill process 123 (syz-executor) score 1\n"
			  "general protection fault: 0000 [#1] SMP KASAN\n" STD;
	const char *quiet = "WARNING: /etc/ssh/moduli does not exist, using fixed modulus\n"
			    "WARNING: Unprivileged eBPF is enabled, data leaks possible via Spectre v2 BHB attacks!\n"
			    "9pnet_fd: problem connecting socket: ./sys/module/kernel/parameters/panic: -2\n"
			    "INFO: lockdep is turned off.\n"
			    "ODEBUG: object is on stack\n";
	struct report_list list;
	struct crash_report *r;

	(void)state;
	r = parse_first(oom, &list);
	assert_non_null(r);
	assert_true(r->suppressed);
	report_list_release(&list);
	assert_null(parse_first(quiet, &list));
	assert_false(report_contains_crash(quiet, strlen(quiet)));
	report_list_release(&list);
}

/*
 * User-space output: lines that start like a kernel oops but carry no kernel
 * console context (no printk prefix, no "CPU: N PID: N", no call trace with
 * kernel frames) are not crashes; a sanitizer report after symbolizer noise
 * keeps its own title; a real kernel WARNING is still found.
 */
static void test_userspace_lines(void **state)
{
	const char *quiet =
		"INFO: Running with entropic power schedule (0xFF, 100).\n"
		"INFO: Seed: 1234567890\n"
		"INFO: Loaded 1 modules   (1234 inline 8-bit counters): 1234 [0x5f0, 0x6c4),\n"
		"WARNING: deprecated flag -foo, use -bar\n"
		"WARNING: Failed to initialize DbgHelp!\n"
		"BUG: the frobnicator is not configured\n"
		"#2\tINITED cov: 12 ft: 13 corp: 1/1b exec/s: 0 rss: 30Mb\n"
		"Done 100 runs in 1 second(s)\n";
	const char *msan =
		"WARNING: Failed to use and restart external symbolizer!\n"
		"==18306== WARNING: MemorySanitizer: use-of-uninitialized-value\n"
		"    #0 0x7fcf2c332fe2 in msan_victim(int) src/victim.cc:144:12\n"
		"    #1 0x7fcf1efb30a4 in msan_caller(int) src/caller.cc:904:5\n"
		"    #2 0x7fcf2c334dc1 in main src/main.cc:89:15\n"
		"\n"
		"SUMMARY: MemorySanitizer: use-of-uninitialized-value src/victim.cc:144:12 in msan_victim(int)\n"
		"Exiting\n";
	const char *tsan =
		"WARNING: Cant read from symbolizer at fd 13\n"
		"==================\n"
		"WARNING: ThreadSanitizer: data race (pid=18457)\n"
		"  Write of size 4 at 0x7f15d580f30c by thread T11:\n"
		"    #0 0x7f15ceac9f57 in race_writer src/race.c:12:3\n"
		"    #1 0x7f15ceac9f58 in thread_main src/race.c:30\n"
		"\n"
		"  Previous read of size 4 at 0x7f15d580f30c by main thread:\n"
		"    #0 0x7f15ceac9f60 in race_reader src/race.c:20:3\n"
		"    #1 0x7f15ceac9f61 in main src/race.c:40\n"
		"\n"
		"SUMMARY: ThreadSanitizer: data race src/race.c:12:3 in race_writer\n"
		"==================\n";
	const char *kernel =
		"WARNING: deprecated flag -foo\n"
		"WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 foo+0x1/0x2\n"
		"Modules linked in:\n"
		"RIP: 0010:foo+0x1/0x2\n"
		"Call Trace:\n"
		" bar+0x10/0x20\n"
		" do_syscall_64+0x1/0x2\n";
	/* with kernel console context, syzkaller's raw-line titles stay */
	const char *printk = "[   12.345678] WARNING: the frobnicator melted\n"
			     "[   12.345679] other line\n";
	const char *dev = "usb 5-1: WARNING: ath10k USB support is incomplete\n";
	struct report_list list = REPORT_LIST_INIT;
	struct crash_report *r;

	(void)state;
	assert_int_equal(report_parse(quiet, strlen(quiet), &list), 0);
	assert_false(report_contains_crash(quiet, strlen(quiet)));
	report_list_release(&list);

	assert_int_equal(report_parse(msan, strlen(msan), &list), 1);
	assert_string_equal(list.items[0].title, "MemorySanitizer: use-of-uninitialized-value in msan_victim");
	assert_string_equal(list.items[0].crash_type, "Use-of-uninitialized-value");
	assert_true(report_contains_crash(msan, strlen(msan)));
	report_list_release(&list);

	assert_int_equal(report_parse(tsan, strlen(tsan), &list), 1);
	assert_string_equal(list.items[0].title, "ThreadSanitizer: data race in race_writer");
	report_list_release(&list);

	r = parse_first(kernel, &list);
	assert_non_null(r);
	assert_int_equal(list.nr, 1);
	assert_string_equal(r->title, "WARNING in foo");
	assert_int_equal(r->start, strlen("WARNING: deprecated flag -foo\n"));
	assert_true(report_contains_crash(kernel, strlen(kernel)));
	report_list_release(&list);

	r = parse_first(printk, &list);
	assert_non_null(r);
	assert_string_equal(r->title, "WARNING: the frobnicator melted");
	report_list_release(&list);
	r = parse_first(dev, &list);
	assert_non_null(r);
	assert_string_equal(r->title, "WARNING: ath10k USB support is incomplete");
	report_list_release(&list);
}

/*
 * A raw-line catch-all that has kernel context (a console without printk
 * times: the kernel's "Call Trace:" right after a user program's TSan
 * report) but runs over a structured sanitizer report yields to it.
 */
static void test_sanitizer_beats_catch_all(void **state)
{
	const char *log =
		"WARNING: ThreadSanitizer: data race (pid=18457)\n"
		"  Write of size 4 at 0x7f15d580f30c by thread T11:\n"
		"    #0 0x7f15ceac9f57 in race_writer src/race.c:12:3\n"
		"    #1 0x7f15ceac9f58 in thread_main src/race.c:30\n"
		"\n"
		"  Previous read of size 4 at 0x7f15d580f30c by main thread:\n"
		"    #0 0x7f15ceac9f60 in race_reader src/race.c:20:3\n"
		"    #1 0x7f15ceac9f61 in main src/race.c:40\n"
		"\n"
		"SUMMARY: ThreadSanitizer: data race src/race.c:12:3 in race_writer\n"
		"==================\n"
		"sysrq: Show Blocked State\n"
		"task:kworker/0:1 state:D stack:0 pid:5\n"
		"Call Trace:\n"
		" __schedule+0x1/0x2\n";
	struct report_list list = REPORT_LIST_INIT;

	(void)state;
	report_parse(log, strlen(log), &list);
	assert_int_equal(list.nr, 1);
	assert_string_equal(list.items[0].title, "ThreadSanitizer: data race in race_writer");
	assert_string_equal(list.items[0].crash_type, "Data race\nWRITE 4");
	report_list_release(&list);
}

static void test_title_normalisation(void **state)
{
	const char *log = "Kernel panic - not syncing: boom at 0xffffffff81234567 on CPU#3, 1234 times in syz-executor.5 \t\t end\n";
	struct report_list list;
	struct crash_report *r;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	r = parse_first(log, &list);
	assert_non_null(r);
	assert_string_equal(r->title, "kernel panic: boom at ADDR on CPU, NUM times in syz-executor end");
	report_list_release(&list);
	strbuf_addstr(&sb, "Kernel panic - not syncing: ");
	for (int i = 0; i < 50; i++)
		strbuf_addstr(&sb, "long ");
	strbuf_addch(&sb, '\n');
	r = parse_first(sb.buf, &list);
	assert_non_null(r);
	assert_true(strlen(r->title) <= 120);
	report_list_release(&list);
	strbuf_release(&sb);
}

static void test_guilty_file(void **state)
{
	const char *rep = "BUG: KASAN: use-after-free in foo+0x1/0x2 net/ipv6/ip6_output.c:1748\n"
			  "Call Trace:\n"
			  " dump_stack+0x1/0x2 lib/dump_stack.c:52\n"
			  " kasan_report+0x1/0x2 mm/kasan/report.c:408\n"
			  " foo+0x1/0x2 net/ipv6/ip6_output.c:1748\n"
			  " bar+0x1/0x2 net/ipv6/raw.c:932\n";
	char *g;

	(void)state;
	g = report_guilty_file("KASAN: use-after-free Read in foo", rep, strlen(rep));
	assert_non_null(g);
	assert_string_equal(g, "net/ipv6/ip6_output.c");
	free(g);
	g = report_guilty_file(NULL, "no files here\n", 14);
	assert_null(g);
	/* only ignored files: the first one rather than nothing */
	g = report_guilty_file(NULL, " x+0x1/0x2 include/linux/list.h:10\n", 35);
	assert_non_null(g);
	assert_string_equal(g, "include/linux/list.h");
	free(g);
	assert_string_equal(report_title_type("WARNING in foo"), "WARNING");
	assert_string_equal(report_title_type("something else"), "");
}

static void test_demangle(void **state)
{
	static const char *const cases[][2] = {
		{ "_Z8fakeNameiii", "fakeName" },
		{ "_ZN2ns3fooEv", "ns::foo" },
		{ "_ZL5localv", "local" },
		{ "_RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind", "__rustc::rust_begin_unwind" },
		{ "_RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt", "core::panicking::panic_fmt" },
		{ "_RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_6kernel10miscdevice10MiscDevice4mmap",
		  "<ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap" },
		{ "_RNvMNtCs1_5alloc3vecINtB2_3VecpE4push", "<alloc::vec::Vec>::push" },
		{ "_RNCNvCs1_4test4main0B3_", "test::main::{closure}" },
		/* not mangled, or not understood: unchanged */
		{ "plain_function", "plain_function" },
		{ "_Z", "_Z" },
		{ "_Z99short", "_Z99short" },
		{ "_RNvB9_3foo", "_RNvB9_3foo" },	/* a back reference forward */
		{ "_RNvCu3abc3foo", "_RNvCu3abc3foo" },	/* punycode */
		{ "_RIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII",
		  "_RIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *d = demangle_symbol(cases[i][0]);

		if (strcmp(d, cases[i][1]))
			fail_msg("demangle '%s': got '%s', want '%s'", cases[i][0], d, cases[i][1]);
		free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_formats_one_by_one),
		cmocka_unit_test(test_every_format_exercised),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_interleaving),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_huge_lines),
		cmocka_unit_test(test_several_reports),
		cmocka_unit_test(test_many_reports),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_excerpt_frames),
		cmocka_unit_test(test_syscall_prefix),
		cmocka_unit_test(test_suppressed_and_no_crash),
		cmocka_unit_test(test_userspace_lines),
		cmocka_unit_test(test_sanitizer_beats_catch_all),
		cmocka_unit_test(test_title_normalisation),
		cmocka_unit_test(test_guilty_file),
		cmocka_unit_test(test_demangle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
