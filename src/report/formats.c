// SPDX-License-Identifier: Apache-2.0
/*
 * formats.c - THE table of kernel crash formats, and everything else that is
 * knowledge rather than code: frames to skip, corrupted-report rules,
 * suppressions, title normalisation, crash types, guilty-file rules.
 *
 * Ported from syzkaller's pkg/report (linux.go, report.go,
 * crash/title_to_type.go), Apache-2.0, so that titles match syzbot's.
 * See formats.h for the placeholder syntax.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "util/strbuf.h"
#include "util/util.h"

/* ---------------------------------------------------------------------- */
/* Stack formats shared by several rows. */

#define RIP_CALLTRACE_STACK { .parts = { "{{RIP}}", "{{CALLTRACE}}", STACK } }
#define CALLTRACE_STACK { .parts = { "{{CALLTRACE}}", STACK } }

/* WARNINGs trap on an invalid opcode: the stack starts after the RIP line. */
#define WARNING_STACK(...)                                                        \
	(&(const struct stack_fmt){                                               \
		.parts = { "(?:{{RIP}}|--- interrupt: [0-9]+ at {{FUNC}})", STACK }, \
		.parts2 = { "{{CALLTRACE}}", STACK },                             \
		.skip = { __VA_ARGS__ },                                          \
	})

static const struct stack_fmt rip_calltrace = RIP_CALLTRACE_STACK;
static const struct stack_fmt calltrace = CALLTRACE_STACK;
static const struct stack_fmt rip_only = { .parts = { "{{RIP}}" } };

#define FMT_END { .fmt = NULL }

/* ---------------------------------------------------------------------- */
/* The table. Row order matters: the first header found on a line wins, and
 * within a row the format whose title matches earliest in the report wins
 * (ties: the first row).
 */

static const struct oops_format bug_formats[] = {
	{
		.title = "BUG: KASAN:",
		.report = "BUG: KASAN: ([a-z\\-]+) in {{FUNC}}(?:.*\\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)",
		.fmt = "KASAN: %[1]v %[3]v in %[4]v",
		.alt = { "bad-access in %[4]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}", "{{CALLTRACE}}", STACK },
			/* present in KASAN_HW_TAGS reports */
			.skip = { "kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_" },
		},
	},
	{
		.title = "BUG: KASAN:",
		.report = "BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}",
		.fmt = "KASAN: invalid-free in %[2]v",
		.alt = { "invalid-free in %[2]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}",
				   "{{CALLTRACE}}", STACK },
			.skip = { "slab_", "kfree", "vunmap", "vfree" },
		},
	},
	{
		.title = "BUG: KASAN: ([a-z\\-]+) on address(?:.*\\n)+?.*(Read|Write) of size ([0-9]+)",
		.fmt = "KASAN: %[1]v %[2]v",
	},
	{
		.title = "BUG: KASAN: (.*)",
		.fmt = "KASAN: %[1]v",
		.corrupted = true,
	},
	{
		.title = "BUG: KMSAN: kernel-usb-infoleak",
		.report = "BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}",
		.fmt = "KMSAN: kernel-usb-infoleak in %[2]v",
		.alt = { "KMSAN origin in %[3]v" },
		.stack = &(const struct stack_fmt){
			.parts = { STACK, "(Local variable .* created at:|Uninit was created at:)", STACK },
			.skip = { "alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg",
				  "usb_interrupt_msg", "usb_control_msg" },
		},
		.no_stack_trace = true,
	},
	{
		.title = "BUG: KMSAN:",
		.report = "BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}",
		.fmt = "KMSAN: %[1]v in %[3]v",
		.alt = { "bad-access in %[3]v" },
		.stack = &(const struct stack_fmt){
			.parts = { STACK, "(Local variable .* created at:|Uninit was created at:)", STACK },
			/* crypto routines hit the bug but are bad titles */
			.skip = { "alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$",
				  "^(?:crypto|cipher|drbg|rng)_" },
		},
		.no_stack_trace = true,
	},
	{
		.title = "BUG: KCSAN: data-race",
		.report = "BUG: KCSAN: (.*)",
		.fmt = "KCSAN: %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: KCSAN:",
		.report = "BUG: KCSAN: (.*)",
		.fmt = "KCSAN: %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}",
		.fmt = "KFENCE: %[1]v %[2]v in %[4]v",
		.alt = { "bad-access in %[4]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}", STACK },
		},
	},
	{
		.title = "BUG: KFENCE: invalid free in {{FUNC}}",
		.fmt = "KFENCE: invalid free in %[2]v",
		.alt = { "invalid-free in %[2]v" },
		.no_stack_trace = true,
		.stack = &(const struct stack_fmt){
			.parts = { "BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}", STACK },
		},
	},
	{
		.title = "BUG: KFENCE: invalid (read|write) in {{FUNC}}",
		.fmt = "KFENCE: invalid %[1]v in %[3]v",
		.alt = { "bad-access in %[3]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}", STACK },
		},
	},
	{
		.title = "BUG: KFENCE: memory corruption in {{FUNC}}",
		.fmt = "KFENCE: memory corruption in %[2]v",
		.no_stack_trace = true,
		.stack = &(const struct stack_fmt){
			.parts = { "BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}", STACK },
		},
	},
	{
		.title = "BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)",
		.fmt = "BUG: unable to handle kernel paging request in %[1]v",
		.alt = { "bad-access in %[1]v" },
		.stack = &rip_calltrace,
	},
	{
		.title = "BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)",
		.fmt = "BUG: unable to handle kernel NULL pointer dereference in %[1]v",
		.alt = { "bad-access in %[1]v" },
		.stack = &rip_calltrace,
	},
	{
		/* the second half of the header is a separate printk and may be lost */
		.title = "BUG: (?:unable to handle kernel|Unable to handle kernel)",
		.fmt = "BUG: unable to handle kernel",
		.corrupted = true,
	},
	{
		.title = "BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion"
			 "|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)",
		.fmt = "BUG: %[1]v %[2]v in %[3]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "spin_", "_lock", "_unlock" },
		},
	},
	{
		.title = "BUG: soft lockup",
		.fmt = "BUG: soft lockup in %[1]v",
		.alt = { "stall in %[1]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "{{RIP}}", "{{CALLTRACE}}", STACK },
			.extractor = EXTRACT_STALL,
		},
	},
	{
		.title = "BUG: .*still has locks held!",
		.report = "BUG: .*still has locks held!(?:.*\\n)+?.*{{PC}} +{{FUNC}}",
		.fmt = "BUG: still has locks held in %[1]v",
	},
	{
		.title = "BUG: scheduling while atomic",
		.fmt = "BUG: scheduling while atomic in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "schedule" },
		},
	},
	{
		.title = "BUG: lock held when returning to user space",
		.report = "BUG: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
		.fmt = "BUG: lock held when returning to user space in %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: bad unlock balance detected!",
		.fmt = "BUG: bad unlock balance in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{PC}} +{{FUNC}}", "{{CALLTRACE}}", STACK },
		},
	},
	{
		.title = "BUG: held lock freed!",
		.report = "BUG: held lock freed!(?:.*\\n)+?.*{{PC}} +{{FUNC}}",
		.fmt = "BUG: held lock freed in %[1]v",
	},
	{
		.title = "BUG: Bad rss-counter state",
		.fmt = "BUG: Bad rss-counter state",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: non-zero nr_ptes on freeing mm",
		.fmt = "BUG: non-zero nr_ptes on freeing mm",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: non-zero nr_pmds on freeing mm",
		.fmt = "BUG: non-zero nr_pmds on freeing mm",
		.no_stack_trace = true,
	},
	{
		/* file system type and block device name would split one bug in many */
		.title = "BUG: Dentry .* still in use",
		.report = "BUG: Dentry .* still in use \\([0-9]+\\) \\[(unmount) of ([^\\]]+)\\]",
		.fmt = "BUG: Dentry still in use in %[1]v",
		.alt = { "BUG: Dentry still in use [%[1]v of %[2]v]" },
	},
	{
		.title = "BUG: Bad page (state|cache)",
		.fmt = "BUG: Bad page %[1]v in %[2]v",
		.stack = &(const struct stack_fmt){
			.parts = { "page last allocated", STACK },
			.skip = { "(free|put|get|update|release)_page", "free_unref", "^_*folio",
				  "truncate_inode_pages", "page_frag_free", "alloc", "vmap", "page_owner" },
		},
	},
	{
		.title = "BUG: Bad page map",
		.fmt = "BUG: Bad page map",
	},
	{
		/* named by what the first stalled pool's busy worker runs */
		.title = "BUG: workqueue lockup",
		.report = "BUG: workqueue lockup(?:.*\\n)+?.*Showing backtraces of busy workers in stalled worker pools:"
			  "(?:.*\\n)+?.*Workqueue: [^ ]+ ([a-zA-Z0-9_]+)",
		.fmt = "BUG: workqueue lockup in %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: workqueue lockup",
		.fmt = "BUG: workqueue lockup",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: sleeping function called from invalid context at (.*)",
		.fmt = "BUG: sleeping function called from invalid context in %[2]v",
		.stack = &calltrace,
	},
	{
		.title = "BUG: using ([a-z_]+)\\(\\) in preemptible",
		.fmt = "BUG: using %[1]v() in preemptible code in %[2]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu" },
		},
	},
	{
		.title = "BUG: workqueue leaked lock or atomic",
		.report = "BUG: workqueue leaked lock or atomic(?:.*\\n)+?.*last function: ([a-zA-Z0-9_]+)\\n",
		.fmt = "BUG: workqueue leaked lock or atomic in %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "BUG: memory leak",
		.fmt = "memory leak in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "backtrace(?: \\(crc [[:xdigit:]]*\\))?:", STACK },
			.skip = { "kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get",
				  "list_lru_init", "kasprintf", "kvasprintf", "pcpu_create", "strdup",
				  "strndup", "memdup" },
		},
	},
	{
		.title = "BUG: .*stack guard page was hit at",
		.fmt = "BUG: stack guard page was hit in %[1]v",
		.alt = { "stack-overflow in %[1]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "{{RIP}}", "{{CALLTRACE}}", STACK },
			.extractor = EXTRACT_STALL,
		},
	},
	{
		/* arm64 prints lockdep's invalid wait context differently; same title as amd64 */
		.title = "BUG: Invalid wait context",
		.fmt = "WARNING: locking bug in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "lock_sock", "release_sock" },
		},
	},
	{
		.title = "BUG:[[:space:]]*(?:\\n|$)",
		.fmt = "BUG: corrupted",
		.corrupted = true,
	},
	FMT_END,
};

static const char *const bug_suppressions[] = {
	"ODEBUG:",		/* CONFIG_DEBUG_OBJECTS output */
	"Boot_DEBUG:",		/* Android, during boot */
	"xlog_status:",
	"DEBUG:",		/* Android ART */
	"BUG: no syscalls can create resource",
	NULL,
};

static const struct oops_format warning_formats[] = {
	{
		.title = "WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check|at)",
		.fmt = "WARNING: ODEBUG bug in %[1]v",
		/* skip the users of ODEBUG too */
		.stack = WARNING_STACK("debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap",
				       "vfree", "__free_", "debug_check", "kobject_"),
	},
	{
		.title = "WARNING: .*mm/usercopy\\.c.* (?:usercopy_warn|at)",
		.fmt = "WARNING: bad usercopy in %[1]v",
		.stack = WARNING_STACK("usercopy", "__check"),
	},
	{
		.title = "WARNING: .*lib/kobject\\.c.* (?:kobject_|at)",
		.fmt = "WARNING: kobject bug in %[1]v",
		.stack = WARNING_STACK("kobject_"),
	},
	{
		.title = "WARNING: .*fs/proc/generic\\.c.* (?:proc_register|at)",
		.fmt = "WARNING: proc registration bug in %[1]v",
		.stack = WARNING_STACK("proc_"),
	},
	{
		.title = "WARNING: .*lib/refcount\\.c.* (?:refcount_|at)",
		.fmt = "WARNING: refcount bug in %[1]v",
		.stack = WARNING_STACK("refcount", "kobject_"),
	},
	{
		.title = "WARNING: .*kernel/locking/lockdep\\.c.*lock_",
		.fmt = "WARNING: locking bug in %[1]v",
		.stack = WARNING_STACK("lock_sock", "release_sock"),
	},
	{
		.title = "WARNING: .*still has locks held!",
		.report = "WARNING: .*still has locks held!(?:.*\\n)+?.*at: {{FUNC}}",
		.fmt = "WARNING: still has locks held in %[1]v",
	},
	{
		.title = "WARNING: Nested lock was not taken",
		.fmt = "WARNING: nested lock was not taken in %[1]v",
		.stack = WARNING_STACK(NULL),
	},
	{
		.title = "WARNING: lock held when returning to user space",
		.report = "WARNING: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
		.fmt = "WARNING: lock held when returning to user space in %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "WARNING: .*mm/.*\\.c.* k?.?malloc",
		.fmt = "WARNING: kmalloc bug in %[1]v",
		.stack = WARNING_STACK("kmalloc", "krealloc", "slab", "kmem"),
	},
	{
		.title = "WARNING: .*mm/vmalloc.c.*__vmalloc_node",
		.fmt = "WARNING: zero-size vmalloc in %[1]v",
		.stack = WARNING_STACK(NULL),
	},
	{
		.title = "WARNING: .* usb_submit_urb",
		.fmt = "WARNING in %[1]v/usb_submit_urb",
		.stack = WARNING_STACK("usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg",
				       "usb_interrupt_msg", "usb_control_msg"),
	},
	{
		/* format of Linux 6.19+ */
		.title = "WARNING: {{SRC}} at 0x\\d+, CPU#\\d+",
		.fmt = "WARNING in %[2]v",
		.stack = WARNING_STACK(NULL),
	},
	{
		.title = "WARNING: .* at {{SRC}} {{FUNC}}",
		.fmt = "WARNING in %[3]v",
		.stack = WARNING_STACK(NULL),
	},
	{
		.title = "WARNING: {{SRC}} at {{FUNC}}",
		.fmt = "WARNING in %[3]v",
		.stack = WARNING_STACK(NULL),
	},
	{
		.title = "WARNING: \\[.*\\] {{SRC}} at {{FUNC}}.*",
		.fmt = "WARNING in %[3]v",
		.stack = WARNING_STACK(NULL),
	},
	{
		.title = "WARNING: possible circular locking dependency detected",
		.report = "WARNING: possible circular locking dependency detected(?:.*\\n)+?.*is trying to acquire lock",
		.fmt = "possible deadlock in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "at: (?:{{PC}} +)?{{FUNC}}", "at: (?:{{PC}} +)?{{FUNC}}", STACK },
			/* workqueue functions take locks of work items */
			.skip = { "process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue" },
		},
	},
	{
		.title = "WARNING: possible irq lock inversion dependency detected",
		.report = "WARNING: possible irq lock inversion dependency detected(?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
		.fmt = "possible deadlock in %[1]v",
	},
	{
		.title = "WARNING: .*-safe -> .*-unsafe lock order detected",
		.fmt = "possible deadlock in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "which became (?:.*) at:", STACK },
		},
	},
	{
		.title = "WARNING: possible recursive locking detected",
		.report = "WARNING: possible recursive locking detected(?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
		.fmt = "possible deadlock in %[1]v",
	},
	{
		.title = "WARNING: inconsistent lock state",
		.report = "WARNING: inconsistent lock state(?:.*\\n)+?.*takes(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}",
		.fmt = "inconsistent lock state in %[2]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			/* lockdep's own checker and the socket lock wrappers */
			.skip = { "valid_state", "lock_sock", "release_sock" },
		},
	},
	{
		.title = "WARNING: suspicious RCU usage",
		.report = "WARNING: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}",
		.fmt = "WARNING: suspicious RCU usage in %[2]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "rcu", "kmem", "slab" },
		},
	},
	{
		.title = "WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value",
		.fmt = "WARNING: kernel stack regs has bad '%[1]v' value",
		.no_stack_trace = true,
	},
	{
		.title = "WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value",
		.fmt = "WARNING: kernel stack frame pointer has bad value",
		.no_stack_trace = true,
	},
	{
		.title = "WARNING: bad unlock balance detected!",
		.fmt = "WARNING: bad unlock balance in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{PC}} +{{FUNC}}", "{{CALLTRACE}}", STACK },
		},
	},
	{
		.title = "WARNING: held lock freed!",
		.report = "WARNING: held lock freed!(?:.*\\n)+?.*at:(?: {{PC}})? +{{FUNC}}",
		.fmt = "WARNING: held lock freed in %[1]v",
	},
	{
		.title = "WARNING: kernel stack regs .* has bad 'bp' value",
		.fmt = "WARNING: kernel stack regs has bad value",
		.no_stack_trace = true,
	},
	{
		.title = "WARNING: kernel stack frame pointer .* has bad value",
		.fmt = "WARNING: kernel stack regs has bad value",
		.no_stack_trace = true,
	},
	{
		.title = "WARNING:[[:space:]]*(?:\\n|$)",
		.fmt = "WARNING: corrupted",
		.corrupted = true,
	},
	FMT_END,
};

static const char *const warning_suppressions[] = {
	"WARNING: /etc/ssh/moduli does not exist, using fixed modulus", /* sshd */
	"WARNING: workqueue cpumask: online intersect > possible intersect",
	"WARNING: [Tt]he mand mount option",
	"WARNING: Unsupported flag value\\(s\\) of 0x%x in DT_FLAGS_1", /* glibc being dumped */
	"WARNING: Unprivileged eBPF is enabled", /* with eIBRS; data leaks via Spectre v2 BHB */
	"WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size (\\((?:\\d+)x(?:\\d+) vs\\. (?:\\d+)x(?:\\d+)\\))",
	"WARNING: See https.* for mitigation options.",
	"WARNING: kernel not compiled with CPU_SRSO",
	"EXT4-[Ff][Ss](?: \\(.*\\))?:", /* __ext4_msg */
	"(?i)warning: .* uses (deprecated v2 capabilities|wireless extensions)",
	"XFS \\(\\w+\\): WARNING",
	NULL,
};

static const struct oops_format info_formats[] = {
	{
		.title = "INFO: possible circular locking dependency detected",
		.report = "INFO: possible circular locking dependency detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
		.fmt = "possible deadlock in %[1]v",
	},
	{
		.title = "INFO: possible irq lock inversion dependency detected",
		.report = "INFO: possible irq lock inversion dependency detected \\](?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
		.fmt = "possible deadlock in %[1]v",
	},
	{
		.title = "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
		.report = "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\](?:.*\\n)+?.*is trying to acquire(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
		.fmt = "possible deadlock in %[1]v",
	},
	{
		.title = "INFO: possible recursive locking detected",
		.report = "INFO: possible recursive locking detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
		.fmt = "possible deadlock in %[1]v",
	},
	{
		.title = "INFO: inconsistent lock state",
		.report = "INFO: inconsistent lock state \\](?:.*\\n)+?.*takes(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}",
		.fmt = "inconsistent lock state in %[1]v",
	},
	{
		.title = "INFO: rcu_(?:preempt|sched|bh|tasks(?:_trace|_rude)?) (?:self-)?detected(?: expedited)? stalls?",
		.fmt = "INFO: rcu detected stall in %[1]v",
		.alt = { "stall in %[1]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "apic_timer_interrupt", "{{RIP}}", STACK },
			.parts2 = { "(?:apic_timer_interrupt|Exception stack|el1h_64_irq)", STACK },
			.skip = { "apic_timer_interrupt", "rcu" },
			.extractor = EXTRACT_STALL,
		},
	},
	{
		.title = "INFO: trying to register non-static key",
		.fmt = "INFO: trying to register non-static key in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "stack", "lock", "IRQ" },
		},
	},
	{
		.title = "INFO: suspicious RCU usage",
		.report = "INFO: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}",
		.fmt = "INFO: suspicious RCU usage in %[2]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "rcu", "kmem", "slab" },
		},
	},
	{
		/* the task name may be garbage that breaks the line */
		.title = "INFO: task .*(?:\\n.*)? blocked for more than [0-9]+ seconds",
		.fmt = "INFO: task hung in %[1]v",
		.alt = { "hang in %[1]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.extractor = EXTRACT_HANG,
		},
	},
	{
		.title = "INFO: task .* can't die for more than .* seconds",
		.fmt = "INFO: task can't die in %[1]v",
		.alt = { "hang in %[1]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "schedule" },
		},
	},
	{
		/* corrupted old-style KASAN reports */
		.title = "INFO: (Freed|Allocated) in (.*)",
		.fmt = "INFO: %[1]v in %[2]v",
		.corrupted = true,
	},
	{
		.title = "INFO:[[:space:]]*(?:\\n|$)",
		.fmt = "INFO: corrupted",
		.corrupted = true,
	},
	FMT_END,
};

static const char *const info_suppressions[] = {
	"INFO: lockdep is turned off",
	"INFO: Stall ended before state dump start",
	"INFO: NMI handler",
	"INFO: recovery required on readonly filesystem",
	"(handler|interrupt).*took too long",
	"INFO: sys_.* is not present in /proc/kallsyms",
	"INFO: no syscalls can create resource",
	"rmt_storage:INFO:",	/* Android */
	"_INFO:",		/* "INVALID BTF_INFO:NUM" */
	NULL,
};

static const struct oops_format unable_formats[] = {
	{
		.title = "Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)",
		.fmt = "BUG: unable to handle kernel %[1]v in %[2]v",
		.alt = { "bad-access in %[2]v" },
		.stack = &rip_calltrace,
	},
	FMT_END,
};

static const struct oops_format gpf_formats[] = {
	{
		.title = "general protection fault.*:",
		.fmt = "general protection fault in %[1]v",
		.alt = { "bad-access in %[1]v" },
		.stack = &rip_calltrace,
	},
	FMT_END,
};

static const char *const gpf_suppressions[] = {
	"general protection fault .* error:\\d+ in ", /* user space */
	NULL,
};

static const struct oops_format stack_segment_formats[] = {
	{
		.title = "stack segment: ",
		.fmt = "stack segment fault in %[1]v",
		.stack = &rip_calltrace,
	},
	FMT_END,
};

static const struct oops_format panic_formats[] = {
	/* for stack corruption the kernel may fail to print the symbol or to unwind */
	{
		.title = "Kernel panic - not syncing: stack-protector:",
		.report = "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}",
		.fmt = "kernel panic: stack is corrupted in %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "Kernel panic - not syncing: stack-protector:",
		.report = "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+",
		.fmt = "kernel panic: stack is corrupted in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "stack_chk" },
		},
	},
	{
		.title = "Kernel panic - not syncing: corrupted stack end",
		.report = "Kernel panic - not syncing: corrupted stack end detected inside scheduler",
		.fmt = "kernel panic: corrupted stack end in %[1]v",
		.alt = { "stack-overflow in %[1]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "schedule", "retint_kernel" },
			.extractor = EXTRACT_STALL,
		},
	},
	{
		.title = "Kernel panic - not syncing: kernel stack overflow",
		.fmt = "kernel stack overflow in %[1]v",
		.alt = { "stack-overflow in %[1]v" },
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "bad_stack" },
			.extractor = EXTRACT_STALL,
		},
	},
	{
		.title = "Kernel panic - not syncing: Attempted to kill init!",
		.fmt = "kernel panic: Attempted to kill init!",
	},
	{
		.title = "Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+",
		.fmt = "kernel panic: Couldn't open N_TTY ldisc",
	},
	{
		/* printed after a BUG: as a title it means the BUG header was lost */
		.title = "Kernel panic - not syncing: Fatal exception",
		.fmt = "kernel panic: Fatal exception",
		.corrupted = true,
	},
	{
		/* same for WARNINGs and KASAN */
		.title = "Kernel panic - not syncing: panic_on_warn set",
		.fmt = "kernel panic: panic_on_warn set",
		.corrupted = true,
	},
	{
		/* same for hung tasks */
		.title = "Kernel panic - not syncing: hung_task: blocked tasks",
		.fmt = "kernel panic: hung_task: blocked tasks",
		.corrupted = true,
	},
	{
		.title = "Kernel panic - not syncing: (.*)",
		.fmt = "kernel panic: %[1]v",
	},
	FMT_END,
};

static const struct oops_format double_fault_formats[] = {
	{
		.title = "PANIC: double fault",
		.fmt = "PANIC: double fault in %[1]v",
		.stack = &rip_only,
	},
	FMT_END,
};

static const struct oops_format rust_formats[] = {
	{
		.title = "rust_kernel: panicked",
		.report = "rust_kernel: panicked at [^\\n]*?\\n(.+?)\\n",
		.fmt = "%[1]v in %[2]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "__rustc::rust_begin_unwind" },
		},
	},
	FMT_END,
};

static const struct oops_format kernel_bug_formats[] = {
	{
		.title = "kernel BUG at mm/usercopy.c",
		.fmt = "BUG: bad usercopy in %[1]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{CALLTRACE}}", STACK },
			.skip = { "usercopy", "__check" },
		},
	},
	{
		.title = "kernel BUG at lib/list_debug.c",
		.fmt = "BUG: corrupted list in %[1]v",
		.alt = { "bad-access in %[1]v" }, /* often memory corruption or a race */
		.stack = &calltrace,
	},
	{
		.title = "kernel BUG at (.*)",
		.fmt = "kernel BUG in %[2]v",
		.stack = &(const struct stack_fmt){
			.parts = { "{{RIP}}", "{{CALLTRACE}}", STACK },
			/* skb wrappers BUG_ON, the bug is in the caller */
			.skip = { "^skb_" },
		},
	},
	FMT_END,
};

static const struct oops_format kernel_bug2_formats[] = {
	{ .title = "Kernel BUG (.*)", .fmt = "kernel BUG %[1]v" },
	FMT_END,
};

static const struct oops_format kmalloc_formats[] = {
	{ .title = "BUG kmalloc-.*: Object already free", .fmt = "BUG: Object already free" },
	FMT_END,
};

static const struct oops_format divide_formats[] = {
	{ .title = "divide error: ", .fmt = "divide error in %[1]v", .stack = &rip_only },
	FMT_END,
};

/* misspelling from 9d06c4027f21 ("x86/entry: Convert Divide Error to IDTENTRY") */
static const struct oops_format divide2_formats[] = {
	{ .title = "divide_error: ", .fmt = "divide error in %[1]v", .stack = &rip_only },
	FMT_END,
};

static const struct oops_format invalid_opcode_formats[] = {
	{ .title = "invalid opcode: ", .fmt = "invalid opcode in %[1]v", .stack = &rip_only },
	FMT_END,
};

static const struct stack_fmt ubsan_stack = {
	.parts = { "{{CALLTRACE}}", STACK },
	.skip = { "ubsan", "overflow" },
};

static const struct oops_format int3_formats[] = {
	{ .title = "Oops: int3", .fmt = "int3 in %[1]v", .stack = &rip_calltrace },
	FMT_END,
};

static const struct oops_format ubsan_formats[] = {
	{
		.title = "UBSAN:",
		.report = "UBSAN: Undefined behaviour in",
		.fmt = "UBSAN: undefined-behaviour in %[1]v",
		.stack = &ubsan_stack,
	},
	{
		.title = "UBSAN: array-index-out-of-bounds in",
		.fmt = "UBSAN: array-index-out-of-bounds in %[1]v",
		.alt = { "bad-access in %[1]v" },
		.stack = &ubsan_stack,
	},
	{
		.title = "UBSAN:",
		.report = "UBSAN: (.*?) in",
		.fmt = "UBSAN: %[1]v in %[2]v",
		.stack = &ubsan_stack,
	},
	FMT_END,
};

static const struct oops_format reboot_formats[] = {
	{ .title = "^Booting the kernel", .fmt = "unexpected kernel reboot", .no_stack_trace = true },
	FMT_END,
};

static const char *const reboot_suppressions[] = {
	/* the fuzzer fed boot messages back as mount options */
	"Parsing ELF|Decompressing Linux|Unknown parameter '",
	NULL,
};

static const struct oops_format netdev_formats[] = {
	{
		.title = "unregister_netdevice: waiting for (?:.*) to become free",
		.fmt = "unregister_netdevice: waiting for DEV to become free",
		.no_stack_trace = true,
	},
	FMT_END,
};

static const struct oops_format vfs_close_formats[] = {
	{
		.title = "VFS: Close: file count is 0",
		.fmt = "VFS: Close: file count is zero (use-after-free)",
		.no_stack_trace = true,
	},
	FMT_END,
};

static const struct oops_format vfs_busy_formats[] = {
	{
		.title = "VFS: Busy inodes after unmount",
		.fmt = "VFS: Busy inodes after unmount (use-after-free)",
		.no_stack_trace = true,
	},
	FMT_END,
};

static const struct oops_format internal_error_formats[] = {
	{
		/* arm64 "synchronous external abort" is arm's "paging request" */
		.title = "Internal error:",
		.fmt = "Internal error in %[1]v",
		.alt = { "bad-access in %[1]v" },
		.stack = &rip_calltrace,
	},
	FMT_END,
};

static const struct oops_format unhandled_fault_formats[] = {
	{
		/* arm's NULL dereference */
		.title = "Unhandled fault:",
		.fmt = "Unhandled fault in %[1]v",
		.alt = { "bad-access in %[1]v" },
		.stack = &rip_calltrace,
	},
	FMT_END,
};

static const struct oops_format alignment_formats[] = {
	{ .title = "Alignment trap:", .fmt = "Alignment trap in %[1]v", .stack = &rip_calltrace },
	FMT_END,
};

static const struct oops_format trusty_formats[] = {
	{
		.title = "trusty: panic.* ASSERT FAILED",
		.report = "trusty: panic \\(.*?\\):(?: DEBUG)? ASSERT FAILED at \\(.*?\\): (.+)",
		.fmt = "trusty: ASSERT FAILED: %[1]v",
		.no_stack_trace = true,
	},
	{
		.title = "trusty: panic.* ASSERT FAILED.*: *(.*)",
		.fmt = "trusty: ASSERT FAILED: %[1]v",
		.corrupted = true,
	},
	{
		.title = "trusty: panic",
		.report = "trusty: panic \\(.*?\\): (.+)",
		.fmt = "trusty: panic: %[1]v",
		.no_stack_trace = true,
	},
	FMT_END,
};

static const struct oops_format go_fatal_formats[] = {
	{ .title = "fatal error:", .fmt = "go runtime error", .no_stack_trace = true },
	FMT_END,
};

static const char *const go_fatal_suppressions[] = {
	"ALSA",
	"fatal error: cannot create timer",
	NULL,
};

/* Produced by syzkaller itself (executor failures, Go panics). */
static const struct oops_format syzfail_formats[] = {
	{ .title = "SYZFAIL:(.*)", .fmt = "SYZFAIL:%[1]v", .no_stack_trace = true },
	FMT_END,
};

static const struct oops_format syzfatal_formats[] = {
	{
		.title = "SYZFATAL:(.*)()",
		.alt = { "SYZFATAL%[2]s" },
		.fmt = "SYZFATAL:%[1]v",
		.no_stack_trace = true,
	},
	FMT_END,
};

static const struct oops_format go_panic_formats[] = {
	{
		.title = "panic: Sentry detected .* stuck task",
		.fmt = "panic: Sentry detected stuck tasks",
		.no_stack_trace = true,
	},
	{ .title = "panic:(.*)", .fmt = "panic:%[1]v", .no_stack_trace = true },
	FMT_END,
};

static const char *const go_panic_suppressions[] = {
	"_panic:",	/* kernel functions: skb_panic, skb_over_panic */
	"\\Spanic:",	/* in the middle of a word or path: .../parameters/panic: -2 */
	"xlog_status:",
	"ddb\\.onpanic:",
	"evtlog_status:",
	NULL,
};

static const char *const no_suppressions[] = { NULL };

const struct oops linux_oopses[] = {
	{ "BUG:", bug_formats, bug_suppressions },
	{ "WARNING:", warning_formats, warning_suppressions },
	{ "INFO:", info_formats, info_suppressions },
	{ "Unable to handle kernel", unable_formats, no_suppressions },
	{ "general protection fault", gpf_formats, gpf_suppressions },
	{ "stack segment: ", stack_segment_formats, no_suppressions },
	{ "Kernel panic", panic_formats, no_suppressions },
	{ "PANIC: double fault", double_fault_formats, no_suppressions },
	{ "rust_kernel: panicked", rust_formats, no_suppressions },
	{ "kernel BUG", kernel_bug_formats, no_suppressions },
	{ "Kernel BUG", kernel_bug2_formats, no_suppressions },
	{ "BUG kmalloc-", kmalloc_formats, no_suppressions },
	{ "divide error:", divide_formats, no_suppressions },
	{ "divide_error:", divide2_formats, no_suppressions },
	{ "invalid opcode:", invalid_opcode_formats, no_suppressions },
	{ "Oops: int3", int3_formats, no_suppressions },
	{ "UBSAN:", ubsan_formats, no_suppressions },
	{ "Booting the kernel.", reboot_formats, reboot_suppressions },
	{ "unregister_netdevice: waiting for", netdev_formats, no_suppressions },
	/* printed by old kernels, syzkaller #3621 */
	{ "VFS: Close: file count is 0", vfs_close_formats, no_suppressions },
	{ "VFS: Busy inodes after unmount", vfs_busy_formats, no_suppressions },
	{ "Internal error:", internal_error_formats, no_suppressions },
	{ "Unhandled fault:", unhandled_fault_formats, no_suppressions },
	{ "Alignment trap:", alignment_formats, no_suppressions },
	{ "trusty: panic", trusty_formats, no_suppressions },
	{ "fatal error:", go_fatal_formats, go_fatal_suppressions },
	{ "SYZFAIL:", syzfail_formats, no_suppressions },
	{ "SYZFATAL:", syzfatal_formats, no_suppressions },
	{ "panic:", go_panic_formats, go_panic_suppressions },
};
const size_t linux_oopses_nr = ARRAY_SIZE(linux_oopses);

/* ---------------------------------------------------------------------- */
/* Rules around the table. */

/* Not bugs themselves but they print a stack: in the middle of a report, the
 * report is probably corrupted. */
const char *const info_messages_with_stack[] = {
	"vmalloc: allocation failure:",
	"FAULT_INJECTION: forcing a failure",
	"FAULT_FLAG_ALLOW_RETRY missing",
	NULL,
};

/* These do not start a new report inside another one. */
static const char *const report_start_ignores[] = {
	"invalid opcode: 0000",
	"Kernel panic - not syncing",
	"unregister_netdevice: waiting for",
	/* a double fault can happen while handling a page fault */
	"PANIC: double fault",
	"Internal error:",
	NULL,
};

/*
 * Output that means "not a bug of the kernel under test" (OOM of the fuzzer,
 * executor failures...): a line regex, and a literal every match contains
 * (the cheap prefilter that finds candidate lines in huge logs).
 */
static const struct {
	const char *literal, *re;
} suppressions[] = {
	{ "panic: failed to start executor binary", "panic: failed to start executor binary" },
	{ "panic: executor failed: pthread_create failed", "panic: executor failed: pthread_create failed" },
	{ "panic: failed to create temp dir", "panic: failed to create temp dir" },
	/* OOM turned into SIGBUS */
	{ "fatal error: unexpected signal during runtime execution",
	  "fatal error: unexpected signal during runtime execution" },
	{ "signal SIGBUS: bus error", "signal SIGBUS: bus error" },
	{ "SYZFAIL: SIGBUS", "SYZFAIL: SIGBUS" },
	{ "Out of memory: Kill process ", "Out of memory: Kill process .* \\(syz-executor\\)" },
	{ "Out of memory: Kill process ", "Out of memory: Kill process .* \\(sshd\\)" },
	{ "Killed process ", "Killed process .* \\(syz-executor\\)" },
	{ "Killed process ", "Killed process .* \\(sshd\\)" },
	{ "lowmemorykiller: Killing 'syz-executor'", "lowmemorykiller: Killing 'syz-executor'" },
	{ "lowmemorykiller: Killing 'sshd'", "lowmemorykiller: Killing 'sshd'" },
	{ "INIT: PANIC: segmentation violation!", "INIT: PANIC: segmentation violation!" },
	{ "*** stack smashing detected ***: terminated",
	  "\\*\\*\\* stack smashing detected \\*\\*\\*: terminated" },
	/* Go runtime out of memory */
	{ "fatal error: runtime: out of memory", "fatal error: runtime: out of memory" },
	{ "fatal error: runtime: cannot allocate memory", "fatal error: runtime: cannot allocate memory" },
	{ "fatal error: out of memory", "fatal error: out of memory" },
	{ "fatal error: newosproc", "fatal error: newosproc" },
	{ "cannot allocate memory", "panic: .*cannot allocate memory" },
};

/* Timestamps merged into the middle of a title. */
static const char *const corrupted_titles[] = {
	"\\[ *[0-9]+\\.[0-9]+\\]",
	NULL,
};

static const char *const stack_start_res[] = {
	"Call (?:T|t)race",
	"Allocated:",
	"Allocated by task [0-9]+:",
	"Freed:",
	"Freed by task [0-9]+:",
	/* "backtrace:" but not "stack backtrace:"; kmemleak adds a crc */
	"[^k] backtrace(?: \\(crc [[:xdigit:]]*\\))?:",
	"Backtrace:",
	"Uninit was stored to memory at",
	/* riscv show_regs() prints no marker before the stack */
	"status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}",
	NULL,
};
#define RISCV_STACK_START_INDEX 8

static const char *const frame_res[] = {
	"^ *(?:{{PC}} ){0,2}{{FUNC}}",
	/* arm: both the current and the next frame (the top one is only in LR) */
	"^ *{{PC}} \\(([a-zA-Z0-9_.]+)\\) from {{PC}} \\({{FUNC}}",
	NULL,
};

/* Frames never guilty: sanitizers, reporting, allocation, locking, library. */
static const char *const skip_patterns[] = {
	"__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan", "kcsan_setup_watchpoint",
	"check_memory_region", "check_heap_object", "check_object", "read_word_at_a_time",
	"(read|write)_once_.*nocheck", "print_address_description", "panic", "invalid_op",
	"report_bug", "fixup_bug", "print_report", "print_usage_bug", "do_error", "invalid_op",
	"_trap$|do_trap", "show_stack", "dump_stack", "walk_stack", "dump_backtrace",
	"warn_slowpath", "warn_alloc", "warn_bogus", "__warn", "alloc_page", "k?v?(?:m|z|c)alloc",
	"krealloc", "kmem_cache", "allocate_slab", "__alloc_frozen_pages_noprof",
	"folio_(?:alloc|unlock)", "filemap_alloc_folio", "__filemap_get_folio",
	"find_or_create_page", "do_read_cache_folio", "read_cache_page", "pagecache_get_page",
	"grab_cache_page_write_begin", "slab_", "debug_object", "timer_is_static_object",
	"work_is_static_object", "__might_fault", "print_unlock", "imbalance_bug", "lockdep",
	"bh_enable", "bh_disable", "perf_trace", "lock_acquire", "lock_release", "lock_class",
	"mark_lock", "(reacquire|mark)_held_locks", "raw_spin_rq", "spin_lock", "spin_trylock",
	"spin_unlock", "read_lock", "read_trylock", "write_lock", "write_trylock", "read_unlock",
	"write_unlock", "^down$", "down_read", "down_write", "down_read_trylock",
	"down_write_trylock", "down_trylock", "up_read", "up_write", "^mutex_", "^__mutex_",
	"^rt_mutex_", "owner_on_cpu", "osq_lock", "osq_unlock",
	"atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)",
	"(set|clear|change|test)_bit", "__wake_up", "^refcount_", "^kref_", "ref_tracker",
	"seqprop_assert", "memcpy", "memcmp", "memset", "memchr", "memmove", "memdup", "strcmp",
	"strncmp", "strcpy", "strlcpy", "strncpy", "strscpy", "strlen", "strstr", "strnstr",
	"strnlen", "strchr", "strdup", "strndup", "copy_to_user", "copy_from_user",
	"copy_to_iter", "copy_from_iter", "copy_page_to_iter", "copy_page_from_iter",
	"copy_folio_to_iter", "^copyin$", "^copyout$", "put_user", "get_user", "might_fault",
	"might_sleep", "list_add", "list_del", "list_replace", "list_move", "list_splice",
	"^rb_", "^__rb_", "_indirect_thunk_" /* retpolines */, "string", "pointer", "snprintf",
	"scnprintf", "kasprintf", "kvasprintf", "printk", "va_format", "dev_info", "dev_notice",
	"dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg", "program_check_exception",
	"program_check_common", "del_timer", "flush_work", "__cancel_work_timer",
	"cancel_work_sync", "try_to_grab_pending", "flush_workqueue", "drain_workqueue",
	"destroy_workqueue", "queue_work", "finish_wait", "kthread_stop", "kobject_",
	"add_uevent_var", "get_device_parent", "device_add", "device_del", "device_unregister",
	"device_destroy", "device_release", "devres_release_all", "hwrng_unregister",
	"i2c_del_adapter", "__unregister_client", "device_for_each_child",
	"rollback_registered", "unregister_netdev", "sysfs_remove", "device_remove_file",
	"tty_unregister_device", "dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs",
	"usb_control_msg", "usb_hcd_submit_urb", "usb_submit_urb", "^complete$",
	"wait_for_completion", "^kv?free$", "kfree_skb", "readb$", "readw$", "readl$", "readq$",
	"writeb$", "writew$", "writel$", "writeq$", "logic_in", "logic_out", "^crc\\d+",
	"crc_itu_t", "__might_resched", "assertfail", "^iput$", "^iput_final$", "^ihold$",
	"hex_dump_to_buffer", "print_hex_dump", "^klist_", "(trace|lockdep)_(hard|soft)irq",
	"^(un)?lock_page", "stack_trace_consume_entry", "arch_stack_walk", "stack_trace_save",
	"insert_work", "__queue_delayed_work", "queue_delayed_work_on", "ida_free",
	/* arm64 translation fault path */
	"do_(kernel|translation)_fault", "do_mem_abort", "el1_abort", "el1h_64_sync(?:_handler)?",
	"print_tainted", "xas_(?:start|load|find)", "find_lock_entries",
	"truncate_inode_pages_range", "__phys_addr", "__fortify_report", "cleanup_srcu_struct",
	"rhashtable_lookup", "extract_(user|iter)_to_sg", "drop_nlink", "^get_taint$",
	"^put_device$", "lock_timer_base", "__timer_delete_sync", "sk_stop_timer_sync",
	"__mod_timer", "fast_dput", "dput", "mark_buffer_dirty",
	/* page cache helpers: a WARNING there is the file system's */
	"ifs_free", "truncate_cleanup_folio",
	NULL,
};

/* Fault injection stacks are often intermixed with crash reports. */
static const char *const corrupted_lines[] = {
	"^( \\[\\<?(?:0x)?[0-9a-f]+\\>?\\])? should_fail(slab)?(\\.[a-z0-9.]+)?\\+0x",
	NULL,
};

/*
 * Kernel console context: what the kernel prints around an oops and a
 * user-space program (sanitizers, libFuzzer, Java) does not. A report whose
 * title is the raw line (no format of its oops matched) needs one of these
 * in its text or its prefix lines, or a printk or dev_printk prefix on its
 * first line.
 */
static const char *const kernel_context_res[] = {
	"\\bCPU: \\d+ (?:UID: \\d+ )?PID: \\d+",	/* dump_stack, WARN */
	"\\bPID: \\d+ at \\S+:\\d+",		/* WARN: at file:line */
	"Call [Tt]race:",
	"\\[ cut here \\]",
	"Kernel panic",
	"Modules linked in:",
	"Hardware name: ",
	"[a-zA-Z0-9_.]\\+0x[0-9a-f]+/0x[0-9a-f]+",	/* frames, "RIP: 0010:f+0x1/0x2" */
	"\\[<(?:0x)?[0-9a-f]{8,}>\\]",		/* old "[<ffffffff81234567>]" frames */
	NULL,
};

/* Syscall prefixes differ per arch: the shortest stripped name is the title. */
const char *const strip_frame_prefixes[] = {
	"SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_", "___sys_",
	"__sys_", "__se_", "__se_sys_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_",
	NULL,
};

/* Stalls loop over several functions; these dispatchers anchor the choice. */
static const char *const stall_anchor_frames[] = {
	"process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch",
	"tracesys_phase2", "el0_svc_handler", "invoke_syscall", "ret_fast_syscall",
	"netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers", "run_timer_softirq",
	"hrtimer_run", "run_ksoftirqd", "smpboot_thread_fn", "^kthread$", "start_secondary",
	"cpu_startup_entry", "ret_from_fork",
	/* discriminating syscalls (file_operations callbacks etc) */
	"vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write", "do_iter_read",
	"do_iter_write", "call_read_iter", "call_write_iter", "new_sync_read", "new_sync_write",
	"vfs_ioctl", "ksys_ioctl", "compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl",
	"blkdev_ioctl", "^call_read_iter", "^call_write_iter", "do_iter_readv_writev",
	"^call_mmap", "mmap_region", "do_mmap", "do_dentry_open", "vfs_open",
	/* sockets */
	"^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release", "^setsockopt$",
	"kernel_setsockopt", "sock_common_setsockopt", "^listen$", "kernel_listen",
	"sk_common_release", "^sock_mmap", "^accept$", "kernel_accept", "^sock_do_ioctl",
	"^sock_ioctl", "^compat_sock_ioctl", "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg",
	"^netlink_dump", "^(sys_)?(socketpair|connect|ioctl)",
	/* page faults */
	"__do_fault", "do_page_fault", "^page_fault$",
	/* exit_to_usermode_loop callbacks */
	"__fput", "task_work_run", "exit_to_usermode", "smp_call_function", "tasklet_action",
	"tasklet_hi_action",
	NULL,
};

/* Title normalisation, applied in order, each until nothing changes. */
static const char *const title_repl_re[] = {
	"syz-executor\\.?[0-9]+((/|:)[0-9]+)?",			/* executor pids */
	"syzkaller[0-9]+((/|:)[0-9]+)?",
	"([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}",			/* addresses */
	"([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3})",	/* IPv4 */
	"(\\.\\w+)(:[0-9]+)+",					/* file:line */
	"([a-zA-Z][a-zA-Z0-9_.]+)\\+0x[0-9a-z]+/0x[0-9a-z]+",	/* func+0x1/0x2 */
	"CPU#[0-9]+",
	"(\\W)(\\d+)(\\W|$)",					/* numbers */
	"(\\d+){7,}",						/* long numbers in names */
	NULL,
};
static const char *const title_repl_with[] = {
	"syz-executor", "syzkaller", "${1}ADDR", "IP", "${1}:LINE", "${1}", "CPU",
	"${1}NUM${3}", "NUM", NULL,
};

/* Files that are never guilty: headers, library, mm and scheduling internals. */
static const char *const guilty_file_ignores[] = {
	".*\\.h", "^lib/.*", "^virt/lib/.*", "^mm/kasan/.*", "^mm/kmsan/.*", "^kernel/kcov.c",
	"^mm/sl.b.c", "^mm/filemap.c", "^mm/folio-compat.c", "^mm/truncate.c", "^mm/memory.c",
	"^mm/percpu.*", "^mm/vmalloc.c", "^mm/page_alloc.c", "^mm/mempool.c", "^mm/util.c",
	"^kernel/rcu/.*", "^arch/.*/kernel/traps.c", "^arch/.*/kernel/unwind.*.c",
	"^arch/.*/mm/fault.c", "^arch/.*/mm/physaddr.c", "^arch/.*/kernel/stacktrace.c",
	"^arch/.*/kernel/apic/apic.c", "^arch/arm64/kernel/entry.*.c",
	"^arch/arm64/kernel/process\\.c", "^kernel/locking/.*", "^kernel/panic.c",
	"^kernel/printk/printk.*.c", "^kernel/softirq.c", "^kernel/kthread.c",
	"^kernel/sched/.*.c", "^kernel/stacktrace.c", "^kernel/time/timer.c",
	"^kernel/workqueue.c", "^net/core/dev.c", "^net/core/sock.c", "^net/core/skbuff.c",
	"^fs/proc/generic.c", "^trusty/" /* not in the kernel tree */,
	"^drivers/usb/core/urb.c" /* a WARNING here is a bug of a driver */,
	"^arch/.*/lib/crc.*" /* crashes here are the caller's */,
	NULL,
};

/* ---------------------------------------------------------------------- */
/* Crash types from titles (after syzkaller's crash/title_to_type.go): the
 * first row with a matching prefix wins. */

static const struct {
	const char *type;
	const char *prefixes[20];
} title_types[] = {
	{ "KFENCE-USE-AFTER-FREE-WRITE", { "KFENCE: use-after-free write" } },
	{ "KFENCE-USE-AFTER-FREE-READ", { "KFENCE: use-after-free read", "KFENCE: use-after-free" } },
	{ "KFENCE-WRITE", { "KFENCE: invalid write", "KFENCE: out-of-bounds write" } },
	{ "KFENCE-READ", { "KFENCE: invalid read", "KFENCE: out-of-bounds read", "KFENCE: out-of-bounds" } },
	{ "KFENCE-MEMORY-CORRUPTION", { "KFENCE: memory corruption" } },
	{ "KFENCE-INVALID-FREE", { "KFENCE: invalid free" } },
	{ "KMSAN-UNINIT-VALUE", { "KMSAN: uninit-value" } },
	{ "KMSAN-USE-AFTER-FREE-READ", { "KMSAN: kernel-infoleak-after-free",
					 "KMSAN: kernel-usb-infoleak-after-free", "KMSAN: use-after-free" } },
	{ "KMSAN-INFO-LEAK", { "KMSAN: kernel-infoleak", "KMSAN: kernel-usb-infoleak" } },
	{ "KASAN-NULL-POINTER-DEREFERENCE-WRITE", { "KASAN: null-ptr-deref Write" } },
	{ "KASAN-NULL-POINTER-DEREFERENCE-READ", { "KASAN: null-ptr-deref Read" } },
	{ "NULL-POINTER-DEREFERENCE", { "BUG: unable to handle kernel NULL pointer dereference in" } },
	{ "KASAN-WRITE", { "KASAN: global-out-of-bounds Write", "KASAN: out-of-bounds Write",
			   "KASAN: slab-out-of-bounds Write", "KASAN: stack-out-of-bounds Write",
			   "KASAN: user-memory-access Write", "KASAN: vmalloc-out-of-bounds Write",
			   "KASAN: wild-memory-access Write" } },
	{ "KASAN-READ", { "KASAN: global-out-of-bounds Read", "KASAN: invalid-access Read",
			  "KASAN: out-of-bounds Read", "KASAN: slab-out-of-bounds Read",
			  "KASAN: slab-out-of-bounds", "KASAN: stack-out-of-bounds Read",
			  "KASAN: stack-out-of-bounds", "KASAN: unknown-crash Read",
			  "KASAN: user-memory-access Read", "KASAN: vmalloc-out-of-bounds Read",
			  "KASAN: wild-memory-access Read", "KASAN: wild-memory-access" } },
	{ "KASAN-INVALID-FREE", { "KASAN: double-free or invalid-free", "KASAN: invalid-free" } },
	{ "KASAN-USE-AFTER-FREE-WRITE", { "KASAN: slab-use-after-free Write", "KASAN: use-after-free Write" } },
	{ "KASAN-USE-AFTER-FREE-READ", { "KASAN: slab-use-after-free Read", "KASAN: use-after-free Read",
					 "KASAN: use-after-free" } },
	{ "MEMORY_SAFETY_BUG", { "BUG: corrupted list", "BUG: unable to handle kernel paging request" } },
	{ "REFCOUNT_WARNING", { "WARNING: refcount bug" } },
	{ "MEMORY_SAFETY_UBSAN", { "UBSAN: array-index-out-of-bounds" } },
	{ "KCSAN-DATARACE", { "KCSAN: data-race" } },
	{ "KCSAN-ASSERT", { "KCSAN: assert: race in" } },
	{ "LOCKDEP", { "BUG: bad unlock balance in", "BUG: held lock freed in", "BUG: rwlock",
		       "BUG: spinlock", "BUG: still has locks held in", "BUG: using",
		       "WARNING: bad unlock balance in", "WARNING: held lock freed in",
		       "WARNING: lock held", "WARNING: locking bug in",
		       "WARNING: nested lock was not taken in", "WARNING: still has locks held in",
		       "WARNING: suspicious RCU usage in", "inconsistent lock state in",
		       "possible deadlock in" } },
	{ "ATOMIC_SLEEP", { "BUG: scheduling while atomic in",
			    "BUG: sleeping function called from invalid context in" } },
	{ "LEAK", { "memory leak in" } },
	{ "BUG", { "BUG: bad usercopy in", "kernel BUG" } },
	{ "WARNING", { "WARNING in" } },
	{ "", { "BUG: stack guard page was hit in", "WARNING: corrupted",
		"WARNING: kernel stack frame pointer has bad value", "WARNING: kernel stack regs has bad" } },
	{ "HANG", { "BUG: soft lockup in", "INFO: rcu detected stall in", "INFO: task can't die in",
		    "INFO: task hung in" } },
	{ "DoS", { "Alignment trap in", "BUG: Object already free", "Internal error in",
		   "PANIC: double fault", "Unhandled fault in",
		   "VFS: Busy inodes after unmount (use-after-free)",
		   "VFS: Close: file count is zero (use-after-free)", "divide error in",
		   "general protection fault in", "go runtime error", "int3 in", "invalid opcode in",
		   "kernel panic:", "kernel stack overflow", "panic:", "rust_kernel panicked",
		   "stack segment fault in", "trusty:",
		   "unregister_netdevice: waiting for DEV to become free" } },
	{ "REBOOT", { "unexpected kernel reboot" } },
	{ "SYZ_FAILURE", { "SYZFAIL", "SYZFATAL:" } },
	/* defaults */
	{ "WARNING", { "WARNING:" } },
	{ "", { "BUG:", "INFO:" } },
	{ "KASAN-UNKNOWN", { "KASAN:" } },
	{ "KFENCE-UNKNOWN", { "KFENCE:" } },
	{ "KMSAN-UNKNOWN", { "KMSAN:" } },
	{ "UBSAN", { "UBSAN:" } },
	{ "KCSAN-UNKNOWN", { "KCSAN:" } },
};

const char *title_to_type(const char *title)
{
	for (size_t i = 0; i < ARRAY_SIZE(title_types); i++)
		for (size_t j = 0; j < ARRAY_SIZE(title_types[i].prefixes) && title_types[i].prefixes[j]; j++)
			if (starts_with(title, title_types[i].prefixes[j]))
				return title_types[i].type;
	return "";
}

/* ---------------------------------------------------------------------- */
/* Compilation. */

#define RE_PC "\\[\\<?(?:0x)?[0-9a-f]+\\>?\\]"
#define RE_FUNC "([a-zA-Z0-9_]+)(?:\\.|\\+)"
#define RE_RIP "(?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\\[< *\\(null\\)>\\] +\\(null\\)|[0-9]+: +\\(null\\))"

static void replace_all(struct strbuf *sb, const char *from, const char *to)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = sb->buf, *hit;
	size_t flen = strlen(from);

	if (!strstr(p, from))
		return;
	while ((hit = strstr(p, from))) {
		strbuf_add(&out, p, hit - p);
		strbuf_addstr(&out, to);
		p = hit + flen;
	}
	strbuf_addstr(&out, p);
	strbuf_reset(sb);
	strbuf_addbuf(sb, &out);
	strbuf_release(&out);
}

pcre2_code *formats_compile(const char *pattern)
{
	struct strbuf sb = STRBUF_INIT;
	pcre2_code *re;

	strbuf_addstr(&sb, pattern);
	replace_all(&sb, "{{RIP}}", RE_RIP);
	replace_all(&sb, "{{CALLTRACE}}", "(?:Call (?:T|t)race:)|(?:Backtrace:)");
	replace_all(&sb, "{{ADDR}}", "0x[0-9a-f]+");
	replace_all(&sb, "{{PC}}", RE_PC);
	replace_all(&sb, "{{FUNC}}", RE_FUNC);
	replace_all(&sb, "{{SRC}}", "([a-zA-Z0-9\\-_/.]+\\.[a-z]+:[0-9]+)");
	/* Go's regexp: '$' is the end of text; no UTF requirement on input. */
	re = regex_compile_internal(sb.buf, sb.len, PCRE2_DOLLAR_ENDONLY);
	strbuf_release(&sb);
	return re;
}

/* One regex that matches when any of `list` does. */
static pcre2_code *compile_any(const char *const *list, const char *const *extra)
{
	struct strbuf sb = STRBUF_INIT;
	pcre2_code *re;

	for (; list && *list; list++)
		strbuf_addf(&sb, "%s(?:%s)", sb.len ? "|" : "", *list);
	for (; extra && *extra; extra++)
		strbuf_addf(&sb, "%s(?:%s)", sb.len ? "|" : "", *extra);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	re = formats_compile(sb.buf);
	strbuf_release(&sb);
	return re;
}

static pcre2_code **compile_list(const char *const *list, size_t *nr)
{
	size_t n = 0;
	pcre2_code **res;

	while (list[n])
		n++;
	res = xcalloc(n + 1, sizeof(*res));
	for (size_t i = 0; i < n; i++)
		res[i] = formats_compile(list[i]);
	*nr = n;
	return res;
}

static size_t compile_parts(struct cpart *out, const char *const *parts, size_t max)
{
	size_t n = 0;

	for (; n < max && parts[n]; n++) {
		out[n].is_stack = !strcmp(parts[n], STACK);
		out[n].re = out[n].is_stack ? NULL : formats_compile(parts[n]);
	}
	return n;
}

static struct ctable table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static uint32_t load32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint32_t hash32(uint32_t v)
{
	return (v * 0x9e3779b1u) >> 16;
}

static void litset_add(struct litset *ls, const char *lit)
{
	size_t n = strlen(lit);

	if (n < 4)
		BUG("prefilter literal '%s' is shorter than 4 bytes", lit);
	for (size_t i = 0; i < ls->nr; i++)
		if (!strcmp(ls->lits[i].s, lit))
			return;
	if (ls->nr == ARRAY_SIZE(ls->lits))
		BUG("too many prefilter literals");
	ls->lits[ls->nr].s = lit;
	ls->lits[ls->nr].len = n;
	ls->lits[ls->nr].head = load32(lit);
	ls->bits[hash32(ls->lits[ls->nr].head) / 64] |= 1ull << (hash32(ls->lits[ls->nr].head) % 64);
	{
		uint16_t two;

		memcpy(&two, lit, 2);
		ls->first2[two / 64] |= 1ull << (two % 64);
	}
	ls->nr++;
}

static void litset_init(struct litset *ls, const char *const *lits)
{
	memset(ls, 0, sizeof(*ls));
	for (; *lits; lits++)
		litset_add(ls, *lits);
}

size_t litset_find(const struct litset *ls, const char *buf, size_t len, size_t pos)
{
	if (len < 4)
		return len;
	for (size_t i = pos; i + 4 <= len; i++) {
		uint32_t v, h;
		uint16_t two;

		/* two cheap filters: the first two bytes, then a hash of four */
		memcpy(&two, buf + i, 2);
		if (!(ls->first2[two / 64] & (1ull << (two % 64))))
			continue;
		v = load32(buf + i);
		h = hash32(v);
		if (!(ls->bits[h / 64] & (1ull << (h % 64))))
			continue;
		for (size_t k = 0; k < ls->nr; k++)
			if (ls->lits[k].head == v && ls->lits[k].len <= len - i &&
			    !memcmp(buf + i, ls->lits[k].s, ls->lits[k].len))
				return i;
	}
	return len;
}

static void table_init(void)
{
	table.noopses = linux_oopses_nr;
	table.oopses = xcalloc(table.noopses, sizeof(*table.oopses));
	for (size_t i = 0; i < table.noopses; i++) {
		const struct oops *o = &linux_oopses[i];
		struct coops *c = &table.oopses[i];

		c->src = o;
		c->index = i;
		c->header_len = strlen(o->header);
		while (o->formats[c->nformats].fmt)
			c->nformats++;
		c->formats = xcalloc(c->nformats, sizeof(*c->formats));
		for (size_t j = 0; j < c->nformats; j++) {
			const struct oops_format *f = &o->formats[j];
			struct cformat *cf = &c->formats[j];

			cf->src = f;
			cf->title = formats_compile(f->title);
			cf->report = f->report ? formats_compile(f->report) : NULL;
			if (f->stack) {
				struct cstack *cs = xcalloc(1, sizeof(*cs));

				cs->nparts = compile_parts(cs->parts, f->stack->parts, ARRAY_SIZE(cs->parts));
				cs->nparts2 = compile_parts(cs->parts2, f->stack->parts2, ARRAY_SIZE(cs->parts2));
				cs->skip = compile_any(skip_patterns, f->stack->skip);
				cs->extractor = f->stack->extractor;
				cf->stack = cs;
			}
		}
		c->suppress = compile_any(o->suppressions, NULL);
		litset_add(&table.prefilter, o->header);
		litset_add(&table.headers, o->header);
	}
	/* lines that findReport must look at closely */
	for (size_t i = 0; info_messages_with_stack[i]; i++)
		litset_add(&table.prefilter, info_messages_with_stack[i]);
	litset_add(&table.prefilter, "Disabling lock debugging due to kernel taint");
	litset_add(&table.prefilter, "Sending NMI from CPU");

	{
		const char *res[ARRAY_SIZE(suppressions) + 1] = { NULL };
		const char *lits[ARRAY_SIZE(suppressions) + 1] = { NULL };

		for (size_t i = 0; i < ARRAY_SIZE(suppressions); i++) {
			res[i] = suppressions[i].re;
			lits[i] = suppressions[i].literal;
		}
		table.suppressions = compile_any(res, NULL);
		litset_init(&table.suppression_lits, lits);
		/* the other whole-output markers, found in the same pass */
		litset_add(&table.suppression_lits, PANIC_MARKER);
		litset_add(&table.suppression_lits, HANGUP_MARKER);
	}
	table.corrupted_title = compile_any(corrupted_titles, NULL);
	table.report_start_ignores = compile_any(report_start_ignores, NULL);
	table.stack_start = compile_any(stack_start_res, NULL);
	table.stack_starts = compile_list(stack_start_res, &table.nstack_starts);
	table.riscv_stack_start = table.stack_starts[RISCV_STACK_START_INDEX];
	table.frame_res = compile_list(frame_res, &table.nframe_res);
	table.skip_common = compile_any(skip_patterns, NULL);
	table.corrupted_lines = compile_any(corrupted_lines, NULL);
	table.stall_anchor = compile_any(stall_anchor_frames, NULL);
	table.kernel_context = compile_any(kernel_context_res, NULL);
	/* dev_printk(): "usb 5-1: ", "ath9k_htc 1-1:1.0: ", "hid-generic 0003:1D6B:0104.0001: " */
	table.kernel_msg_prefix = formats_compile("^[a-zA-Z0-9_.\\-]+ [0-9a-f][0-9a-zA-Z:._\\-]*: $");
	table.title_repl = compile_list(title_repl_re, &table.ntitle_repl);
	table.title_repl_with = title_repl_with;
	table.frame_from_title = formats_compile(".* in ((?:<[a-zA-Z0-9_: ]+>)?[a-zA-Z0-9_:]+)");
	table.guilty_ignore = compile_any(guilty_file_ignores, NULL);
	table.guilty_line_ignore = formats_compile(
		"(hardirqs|softirqs)\\s+last\\s+(enabled|disabled)|^Register r\\d+ information"
		/* "locks held by": where the locks were taken, not the bug */
		"|^ *#[0-9]+: [0-9a-f]+ \\(");
	table.deeper_path = formats_compile("^/[a-zA-Z0-9_\\-\\./]+/[a-zA-Z0-9_\\-]+\\.(c|h)$");
}

const struct ctable *formats_get(void)
{
	pthread_once(&table_once, table_init);
	return &table;
}
