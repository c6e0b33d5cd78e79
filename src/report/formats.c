// SPDX-License-Identifier: Apache-2.0
/*
 * formats.c - THE table of kernel crash formats: one row per kind of oops
 * (the "BUG:" and "WARNING:" rows are in formats_bug.c). Everything else
 * that is knowledge rather than code (frames to skip, corrupted-report
 * rules, suppressions, title normalisation, crash types, guilty-file rules)
 * is in rules.c.
 *
 * Ported from syzkaller's pkg/report (linux.go, report.go,
 * crash/title_to_type.go), Apache-2.0, so that titles match syzbot's.
 * See formats.h for the placeholder syntax.
 */
#include "formats_table.h"
#include "util/util.h"

/* ---------------------------------------------------------------------- */
/* Stack formats shared by several rows. */

const struct stack_fmt rip_calltrace = RIP_CALLTRACE_STACK;
const struct stack_fmt calltrace = CALLTRACE_STACK;
const struct stack_fmt rip_only = { .parts = { "{{RIP}}" } };

/* ---------------------------------------------------------------------- */
/* The table. Row order matters: the first header found on a line wins, and
 * within a row the format whose title matches earliest in the report wins
 * (ties: the first row).
 */

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
