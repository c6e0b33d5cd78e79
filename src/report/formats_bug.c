// SPDX-License-Identifier: Apache-2.0
/*
 * formats_bug.c - the "BUG:" and "WARNING:" rows of the kernel format table
 * (see formats.c for the rest and formats.h for the syntax), ported from
 * syzkaller's pkg/report/linux.go (Apache-2.0).
 */
#include "formats_table.h"

const struct oops_format bug_formats[] = {
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

const char *const bug_suppressions[] = {
	"ODEBUG:",		/* CONFIG_DEBUG_OBJECTS output */
	"Boot_DEBUG:",		/* Android, during boot */
	"xlog_status:",
	"DEBUG:",		/* Android ART */
	"BUG: no syscalls can create resource",
	NULL,
};

const struct oops_format warning_formats[] = {
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

const char *const warning_suppressions[] = {
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
