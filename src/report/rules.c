// SPDX-License-Identifier: Apache-2.0
/*
 * rules.c - the rules around the kernel format table (formats.c): frames to
 * skip, corrupted-report rules, suppressions, title normalisation, crash
 * types, guilty-file rules; and compiling all of it once (formats_get()).
 *
 * Ported from syzkaller's pkg/report (linux.go, report.go,
 * crash/title_to_type.go), Apache-2.0, so that titles match syzbot's.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "util/strbuf.h"
#include "util/util.h"

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

/*
 * The literal text every match of `re` starts with, or NULL: the pattern up
 * to its first metacharacter, less a last character that a quantifier
 * follows. Case-insensitive patterns and top-level alternations have none.
 * A memmem() of it spares a regex search of text that cannot match.
 */
static char *literal_prefix(const char *re, size_t *len)
{
	size_t n = 0;
	int depth = 0;
	bool in_class = false;

	if (re[0] == '(' && re[1] == '?' && re[2] != ':')
		return NULL;	/* inline flags: (?i), (?s) */
	for (const char *p = re; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (in_class) {
			in_class = *p != ']';
		} else if (*p == '[') {
			in_class = true;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		} else if (*p == '|' && !depth) {
			return NULL;
		}
	}
	while (re[n] && !strchr("\\()[]{}.*+?|^$", re[n]))
		n++;
	if (n && re[n] && strchr("*+?{", re[n]))
		n--;
	if (n < 4)
		return NULL;
	*len = n;
	return xstrndup(re, n);
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

void litset_init(struct litset *ls, const char *const *lits)
{
	memset(ls, 0, sizeof(*ls));
	for (; *lits; lits++)
		litset_add(ls, *lits);
}

int litset_which(const struct litset *ls, const char *buf, size_t len, size_t i)
{
	uint32_t v, h;

	if (i + 4 > len)
		return -1;
	v = load32(buf + i);
	h = hash32(v);
	if (!(ls->bits[h / 64] & (1ull << (h % 64))))
		return -1;
	for (size_t k = 0; k < ls->nr; k++)
		if (ls->lits[k].head == v && ls->lits[k].len <= len - i &&
		    !memcmp(buf + i, ls->lits[k].s, ls->lits[k].len))
			return (int)k;
	return -1;
}

bool litset_at(const struct litset *ls, const char *buf, size_t len, size_t i)
{
	return litset_which(ls, buf, len, i) >= 0;
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

uint64_t litset_mask(const struct litset *ls, const char *buf, size_t len)
{
	uint64_t mask = 0;

	for (size_t i = 0; (i = litset_find(ls, buf, len, i)) < len; i++) {
		uint32_t v = load32(buf + i);

		for (size_t k = 0; k < ls->nr; k++)
			if (ls->lits[k].head == v && ls->lits[k].len <= len - i &&
			    !memcmp(buf + i, ls->lits[k].s, ls->lits[k].len))
				mask |= 1ull << k;
	}
	return mask;
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
			cf->title_lit = literal_prefix(f->title, &cf->title_lit_len);
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
		if (table.headers.nr != i + 1)
			BUG("oops header '%s' is not unique", o->header);
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
