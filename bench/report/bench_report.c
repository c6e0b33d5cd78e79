// SPDX-License-Identifier: Apache-2.0
/*
 * bench-report - throughput of the crash-report pipeline as `culprit report`
 * runs it (report_parse(): kernel formats, then user-space formats) on one
 * core.
 *
 * usage: bench-report [--corpus DIR] [--sizes MB,MB] [--only NAME]
 *        bench-report [--corpus DIR] --write NAME MB FILE
 *
 * Generates console logs the way a syzkaller run looks, from the crash-log
 * corpus when DIR is given (built-in samples otherwise), at each size
 * (default 10 and 100 MB):
 *   noise      kernel boot, "syzkaller login:", syz-fuzzer and executor
 *              output, audit lines, fault-injection stacks, "[ T1234]"
 *              caller prefixes; no crash
 *   crashes    the same with the kernel reports of DIR/linux_report pasted
 *              at random places (one every 2 MB or so)
 *   userspace  a fuzzer's and a test suite's output (libFuzzer progress,
 *              googletest, Go, Python) with the sanitizer and user-space
 *              reports of DIR/sanitizer pasted at random places
 * Times are CPU times of this thread (the machine may be shared), best of
 * several runs. Prints "BENCH" lines: MB/s per log and size, the time
 * ratio of the largest to the smallest size, and whether the goals hold:
 * >= 300 MB/s on kernel noise with and without crashes, >= 200 MB/s on
 * user-space output, ratio <= 1.1 x the size ratio. Exit 1 when a goal
 * is missed. --write saves one generated log (for the memory tests and by
 * hand) instead.
 */
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

static uint32_t seed = 1;

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* ---- pieces pasted into the logs ---- */

struct pieces {
	struct strvec kernel;	/* console logs with one kernel crash each */
	struct strvec user;	/* user-space crash outputs */
};

static const char builtin_kernel[] =
	"[  999.000000][ T4242] ==================================================================\n"
	"[  999.000001][ T4242] BUG: KASAN: slab-use-after-free in tty_ldisc_ref+0x90/0xa0\n"
	"[  999.000002][ T4242] Read of size 8 at addr ffff888012345678 by task syz-executor.0/4242\n"
	"[  999.000003][ T4242] \n"
	"[  999.000004][ T4242] CPU: 0 PID: 4242 Comm: syz-executor.0 Not tainted 6.1.0 #1\n"
	"[  999.000005][ T4242] Call Trace:\n"
	"[  999.000006][ T4242]  <TASK>\n"
	"[  999.000007][ T4242]  dump_stack_lvl+0x1e3/0x2cb\n"
	"[  999.000008][ T4242]  print_report+0x15c/0x4f0\n"
	"[  999.000009][ T4242]  kasan_report+0x124/0x150\n"
	"[  999.000010][ T4242]  tty_ldisc_ref+0x90/0xa0\n"
	"[  999.000011][ T4242]  tty_ioctl+0x11f/0x1770\n"
	"[  999.000012][ T4242]  __x64_sys_ioctl+0xf1/0x160\n"
	"[  999.000013][ T4242]  do_syscall_64+0x3b/0xb0\n"
	"[  999.000014][ T4242]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	"[  999.000015][ T4242]  </TASK>\n"
	"[  999.000016][ T4242] ==================================================================\n";

static const char builtin_user[] =
	"=================================================================\n"
	"==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x4c1a2b bp 0x7ffd sp 0x7ffd\n"
	"READ of size 4 at 0x602000000010 thread T0\n"
	"    #0 0x4c1a2b in use_after_free /src/uaf.c:16:9\n"
	"    #1 0x4c1b3c in main /src/uaf.c:22:9\n"
	"    #2 0x7f0e1b2c3d4e in __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x21bf6)\n"
	"SUMMARY: AddressSanitizer: heap-use-after-free /src/uaf.c:16:9 in use_after_free\n"
	"==4242==ABORTING\n";

/* The log part of a syzkaller corpus file (see the corpus README), or NULL. */
static char *corpus_log(const struct strbuf *f)
{
	const char *log = strstr(f->buf, "\n\n"), *end;

	if (!log || !starts_with(f->buf, "TITLE: "))
		return NULL;	/* no header, or no crash expected */
	log += 2;
	end = strstr(log, "\n\nREPORT:\n");
	return xstrndup(log, end ? (size_t)(end - log) + 1 : strlen(log));
}

static void load_dir(const char *dir, const char *sub, bool kernel, struct strvec *out)
{
	char *path = xstrfmt("%s/%s", dir, sub);
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		struct strbuf f = STRBUF_INIT;
		char *file = xstrfmt("%s/%s", path, e->d_name);

		if (e->d_name[0] != '.' && !ends_with(e->d_name, ".tsv") &&
		    !ends_with(e->d_name, ".md") && strbuf_read_file(&f, file) >= 0) {
			if (kernel) {
				char *log = corpus_log(&f);

				if (log)
					strvec_push(out, log);
				free(log);
			} else if (strcmp(e->d_name, "asan_in_drt_string.txt")) {
				strvec_push(out, f.buf);
			}
		}
		strbuf_release(&f);
		free(file);
	}
	if (d)
		closedir(d);
	free(path);
}

/* ---- kernel console noise ---- */

static const char *const boot_lines[] = {
	"Linux version 6.1.0-syzkaller (syzkaller@syzkaller.com) (gcc (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC",
	"Command line: BOOT_IMAGE=/boot/bzImage root=/dev/sda1 console=ttyS0 earlyprintk=serial panic_on_warn=1",
	"x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'",
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
	"ACPI: RSDP 0x00000000000F0B80 000014 (v00 BOCHS )",
	"PCI: Using configuration type 1 for base access",
	"clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x1fb6bd0c1f8, max_idle_ns: 440795243396 ns",
	"Memory: 6893448K/8388088K available (145414K kernel code, 26634K rwdata)",
	"rcu: Hierarchical RCU implementation.",
	"Freeing unused kernel image (initmem) memory: 3476K",
	"random: crng init done",
	"systemd[1]: Started Journal Service.",
	"EXT4-fs (sda1): re-mounted. Opts: (null). Quota mode: none.",
	"Starting OpenBSD Secure Shell server...",
};

static void add_prefixed(struct strbuf *sb, double *t, bool caller, const char *fmt, ...)
	PRINTF_LIKE(4, 5);

static void add_prefixed(struct strbuf *sb, double *t, bool caller, const char *fmt, ...)
{
	va_list ap;

	*t += (rnd() % 1000) / 1e6;
	if (caller)
		strbuf_addf(sb, "[%12.6f][ T%u] ", *t, 1000 + rnd() % 9000);
	else
		strbuf_addf(sb, "[%12.6f] ", *t);
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	strbuf_addch(sb, '\n');
}

static void gen_boot(struct strbuf *sb, double *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(boot_lines); i++)
		add_prefixed(sb, t, false, "%s", boot_lines[i]);
	strbuf_addstr(sb, "\nDebian GNU/Linux 12 syzkaller ttyS0\n\nsyzkaller login: ");
	strbuf_addf(sb, "[%12.6f][ T1] audit: type=1400 audit(1680000000.100:2): avc:  denied  { map } for  pid=5020 comm=\"syz-fuzzer\"\n",
		    *t);
	strbuf_addstr(sb, "Warning: Permanently added '10.128.0.28' (ECDSA) to the list of known hosts.\n");
	strbuf_addstr(sb, "2023/04/10 08:44:50 fuzzer started\n2023/04/10 08:44:51 dialing manager at 10.128.0.163:33745\n");
}

/* A fault-injection stack: kernel context and frames, but no crash. */
static void gen_fault_injection(struct strbuf *sb, double *t)
{
	static const char *const frames[] = {
		"dump_stack_lvl+0xd9/0x150", "should_fail_ex+0x4a0/0x5b0", "should_failslab+0x9/0x20",
		"__kmem_cache_alloc_node+0x5a/0x320", "kmalloc_trace+0x26/0xe0",
		"tty_ioctl+0x11f/0x1770", "__x64_sys_ioctl+0xf1/0x160", "do_syscall_64+0x39/0xb0",
		"entry_SYSCALL_64_after_hwframe+0x63/0xcd",
	};
	unsigned pid = 1000 + rnd() % 9000;

	add_prefixed(sb, t, true, "FAULT_INJECTION: forcing a failure.");
	add_prefixed(sb, t, true, "name failslab, interval 1, probability 0, space 0, times 0");
	add_prefixed(sb, t, true, "CPU: %u PID: %u Comm: syz-executor.%u Not tainted 6.1.0-syzkaller #0",
		     rnd() % 2, pid, rnd() % 6);
	add_prefixed(sb, t, true, "Call Trace:");
	add_prefixed(sb, t, true, " <TASK>");
	for (size_t i = 0; i < ARRAY_SIZE(frames); i++)
		add_prefixed(sb, t, true, " %s", frames[i]);
	add_prefixed(sb, t, true, " </TASK>");
}

/* The OOM killer: a stack dump and "out of memory" lines, no crash. */
static void gen_oom_kill(struct strbuf *sb, double *t)
{
	unsigned pid = 1000 + rnd() % 9000;

	add_prefixed(sb, t, true, "syz-executor.%u invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000",
		     rnd() % 6);
	add_prefixed(sb, t, true, "CPU: %u PID: %u Comm: syz-executor.%u Not tainted 6.1.0-syzkaller #0", rnd() % 2,
		     pid, rnd() % 6);
	add_prefixed(sb, t, true, "Call Trace:");
	add_prefixed(sb, t, true, " <TASK>");
	add_prefixed(sb, t, true, " dump_stack_lvl+0xd9/0x150");
	add_prefixed(sb, t, true, " dump_header+0x10a/0x630");
	add_prefixed(sb, t, true, " oom_kill_process+0x200/0x630");
	add_prefixed(sb, t, true, " out_of_memory+0x352/0x1730");
	add_prefixed(sb, t, true, " mem_cgroup_out_of_memory+0x24c/0x320");
	add_prefixed(sb, t, true, " </TASK>");
	add_prefixed(sb, t, true, "memory: usage %ukB, limit 2048kB, failcnt %u", rnd() % 4096, rnd() % 100);
	add_prefixed(sb, t, true, "Memory cgroup out of memory: Killed process %u (syz-executor.%u) total-vm:%ukB, "
		     "anon-rss:%ukB, file-rss:%ukB, shmem-rss:0kB, UID:0 pgtables:%ukB oom_score_adj:1000",
		     pid, rnd() % 6, rnd() % 100000, rnd() % 4096, rnd() % 4096, rnd() % 200);
}

static void gen_kernel_line(struct strbuf *sb, double *t)
{
	unsigned k = rnd() % 20, task = 1000 + rnd() % 9000;

	switch (k) {
	case 0:
	case 1:
		add_prefixed(sb, t, true, "audit: type=1400 audit(%u.%03u:%u): avc:  denied  { read write } for  pid=%u "
			     "comm=\"syz-executor.%u\" name=\"ptmx\" dev=\"devtmpfs\" ino=%u "
			     "scontext=root:sysadm_r:sysadm_t tcontext=system_u:object_r:ptmx_t tclass=chr_file permissive=1",
			     rnd() % 100000, rnd() % 1000, rnd() % 1000, task, rnd() % 6, rnd());
		break;
	case 2:
		add_prefixed(sb, t, true, "netdevsim netdevsim%u netdevsim%u: set [1, 0] type 2 family 0 port 6081 - 0",
			     rnd() % 4, rnd() % 4);
		break;
	case 3:
		add_prefixed(sb, t, true, "loop%u: detected capacity change from 0 to %u", rnd() % 8, rnd() % 65536);
		break;
	case 4:
		add_prefixed(sb, t, true, "EXT4-fs (loop%u): mounted filesystem without journal. Quota mode: none.",
			     rnd() % 8);
		break;
	case 5:
		add_prefixed(sb, t, true, "Bluetooth: hci%u: command 0x%04x tx timeout", rnd() % 4, rnd() % 65536);
		break;
	case 6:
		add_prefixed(sb, t, true, "device veth%u_to_batadv entered promiscuous mode", rnd() % 16);
		break;
	case 7:
		add_prefixed(sb, t, true, "IPv6: ADDRCONF(NETDEV_CHANGE): veth%u: link becomes ready", rnd() % 16);
		break;
	case 8:
		add_prefixed(sb, t, true, "syz-executor.%u: vmalloc error: size %u, page order 0, mode:0xcc0, nodemask=(null)",
			     rnd() % 6, rnd());
		break;
	case 9:
		add_prefixed(sb, t, true, "kobject: '%s' (%08x): kobject_uevent_env", "loop3", rnd());
		break;
	case 10:
		add_prefixed(sb, t, false, "BTRFS info (device loop%u): using free space tree", rnd() % 8);
		break;
	case 11:
		strbuf_addf(sb, "2023/04/10 08:%02u:%02u executed programs: %u\n", rnd() % 60, rnd() % 60, rnd());
		break;
	case 12:
		if (rnd() % 50 == 0)
			gen_fault_injection(sb, t);
		else if (rnd() % 40 == 0)
			gen_oom_kill(sb, t);
		else
			add_prefixed(sb, t, true, "hrtimer: interrupt took %u ns", rnd() % 100000);
		break;
	case 13:
		if (rnd() % 100 == 0)
			strbuf_addstr(sb, "\nsyzkaller login: ");
		add_prefixed(sb, t, true, "batman_adv: batadv%u: Interface activated: batadv_slave_%u",
			     rnd() % 4, rnd() % 2);
		break;
	default:
		strbuf_addf(sb, "executing program %u:\nr0 = openat$ptmx(0xffffffffffffff9c, &(0x7f0000000040), 0x%x, 0x0)\n"
			    "ioctl$TIOCSETD(r0, 0x5423, &(0x7f0000000080)=0x%x)\n", rnd() % 6, rnd(), rnd() % 32);
		break;
	}
}

/* ---- user-space output ---- */

/*
 * One block of a fuzzer's or a test suite's output: a libFuzzer run (its
 * INFO banner, then progress lines), a googletest or Go test suite, pytest,
 * or an application's log.
 */
static void gen_user_block(struct strbuf *sb)
{
	unsigned n = 50 + rnd() % 400;

	switch (rnd() % 5) {
	case 0:
	case 1:
		strbuf_addf(sb, "INFO: Running with entropic power schedule (0xFF, 100).\nINFO: Seed: %u\n"
			    "INFO: Loaded 1 modules   (%u inline 8-bit counters): %u [0x5f4d80, 0x5f8a1c),\n"
			    "INFO: Loaded 1 PC tables (%u PCs): %u [0x5f8a20,0x6333e0),\n"
			    "INFO: -max_len is not provided; libFuzzer will not generate inputs larger than 4096 bytes\n"
			    "INFO: A corpus is not provided, starting from an empty corpus\n",
			    rnd(), rnd() % 90000, rnd() % 90000, rnd() % 90000, rnd() % 90000);
		for (unsigned i = 0; i < n; i++)
			strbuf_addf(sb, "#%u\t%s cov: %u ft: %u corp: %u/%uKb lim: 4096 exec/s: %u rss: %uMb L: %u/%u MS: 2 ChangeBit-CrossOver-\n",
				    rnd() % 1000000, rnd() % 3 ? "NEW   " : "REDUCE", rnd() % 5000, rnd() % 9000,
				    rnd() % 500, rnd() % 900, rnd() % 9000, rnd() % 500, rnd() % 100, rnd() % 4096);
		strbuf_addf(sb, "Done %u runs in %u second(s)\n", rnd(), rnd() % 100);
		break;
	case 2:
		strbuf_addf(sb, "[==========] Running %u tests from 5 test suites.\n[----------] Global test environment set-up.\n", n);
		for (unsigned i = 0; i < n; i++)
			strbuf_addf(sb, "[ RUN      ] ParserTest.Case%u\n[       OK ] ParserTest.Case%u (%u ms)\n", i, i,
				    rnd() % 30);
		strbuf_addf(sb, "[==========] %u tests from 5 test suites ran. (%u ms total)\n[  PASSED  ] %u tests.\n", n,
			    rnd() % 9000, n);
		break;
	case 3:
		for (unsigned i = 0; i < n; i++)
			strbuf_addf(sb, "=== RUN   TestDecode%u\n--- PASS: TestDecode%u (0.%02us)\n", i, i, rnd() % 100);
		strbuf_addf(sb, "PASS\nok  \tgithub.com/example/codec\t%u.%03us\n", rnd() % 10, rnd() % 1000);
		break;
	default:
		for (unsigned i = 0; i < n; i++)
			strbuf_addf(sb, "2023-04-10 08:44:%02u,%03u INFO worker-%u: processed %u records from /data/input-%u.bin\n",
				    rnd() % 60, rnd() % 1000, rnd() % 8, rnd(), rnd() % 100);
		break;
	}
}

enum kind { NOISE, CRASHES, USERSPACE, NKINDS };
static const char *const kind_name[] = { "noise", "crashes", "userspace" };

/* `bytes` of log of `kind`; returns the number of pieces pasted in. */
static size_t gen_log(struct strbuf *sb, size_t bytes, enum kind kind, const struct pieces *p)
{
	const struct strvec *paste = kind == CRASHES ? &p->kernel : kind == USERSPACE ? &p->user : NULL;
	/* one piece every 2 MB, at 1, 3, 5... MB give or take 0.5 MB: 10x the log, 10x the pieces */
	size_t pasted = 0, next = 1000000 - 500000 + rnd() % 1000000;
	double t = 1;

	strbuf_reset(sb);
	seed = 1;
	if (kind != USERSPACE)
		gen_boot(sb, &t);
	while (sb->len < bytes) {
		if (paste && paste->nr && sb->len >= next) {
			strbuf_addstr(sb, paste->v[rnd() % paste->nr]);
			pasted++;
			next = 2000000 * pasted + 500000 + rnd() % 1000000;
		}
		if (kind == USERSPACE)
			gen_user_block(sb);
		else
			gen_kernel_line(sb, &t);
	}
	return pasted;
}

/* Seconds of CPU per parse of buf (best of `reps`); the crash count in *found. */
static double time_parse(const char *buf, size_t len, int reps, size_t *found)
{
	double best = 1e9;

	for (int i = 0; i < reps; i++) {
		struct report_list list = REPORT_LIST_INIT;
		double t0 = cpu_seconds(), dt;

		report_parse(buf, len, &list);
		dt = cpu_seconds() - t0;
		*found = list.nr;
		report_list_release(&list);
		if (dt < best)
			best = dt;
	}
	return best;
}

static void bench_corpus(const char *dir)
{
	struct strvec files = STRVEC_INIT;
	struct strbuf *data;
	size_t total = 0;
	double t0, dt;
	int rounds = 0;

	load_dir(dir, "linux_report", false, &files);
	load_dir(dir, "sanitizer", false, &files);
	if (!files.nr)
		return;
	data = xcalloc(files.nr, sizeof(*data));
	for (size_t i = 0; i < files.nr; i++) {
		strbuf_init(&data[i], 0);
		strbuf_addstr(&data[i], files.v[i]);
		total += data[i].len;
	}
	t0 = cpu_seconds();
	do {
		for (size_t i = 0; i < files.nr; i++) {
			struct report_list list = REPORT_LIST_INIT;

			report_parse(data[i].buf, data[i].len, &list);
			report_list_release(&list);
		}
		rounds++;
	} while ((dt = cpu_seconds() - t0) < 1.0);
	printf("BENCH corpus: %zu files, %.2f MB, %.1f MB/s, %.0f us/file\n", files.nr, total / 1e6,
	       total * rounds / 1e6 / dt, dt / rounds / files.nr * 1e6);
	for (size_t i = 0; i < files.nr; i++)
		strbuf_release(&data[i]);
	free(data);
	strvec_clear(&files);
}

int main(int argc, char **argv)
{
	/* the heap as `culprit report` sets it (src/cli/report.c) */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	const char *corpus = NULL, *sizes = "10,100", *only = NULL, *write_to = NULL;
	double write_mb = 0;
	struct strbuf sb = STRBUF_INIT;
	struct pieces p = { STRVEC_INIT, STRVEC_INIT };
	double first_mb = 0, last_mb = 0, first_t[NKINDS] = { 0 }, last_t[NKINDS] = { 0 };
	double rate[NKINDS] = { 0 };
	static const double goal[NKINDS] = { 300, 300, 200 };
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
			corpus = argv[++i];
		else if (!strcmp(argv[i], "--sizes") && i + 1 < argc)
			sizes = argv[++i];
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--write") && i + 3 < argc) {
			only = argv[++i];
			write_mb = atof(argv[++i]);
			write_to = argv[++i];
		}
		else {
			fputs("usage: bench-report [--corpus DIR] [--sizes MB,MB] [--only noise|crashes|userspace]\n",
			      stderr);
			return 2;
		}
	}
	if (corpus) {
		load_dir(corpus, "linux_report", true, &p.kernel);
		load_dir(corpus, "sanitizer", false, &p.user);
		if (!write_to && !only)
			bench_corpus(corpus);
	}
	if (!p.kernel.nr)
		strvec_push(&p.kernel, builtin_kernel);
	if (!p.user.nr)
		strvec_push(&p.user, builtin_user);
	if (write_to) {
		for (int k = 0; k < NKINDS; k++)
			if (!strcmp(only, kind_name[k])) {
				gen_log(&sb, (size_t)(write_mb * 1e6), k, &p);
				return strbuf_write_file(&sb, write_to) < 0 ? 1 : 0;
			}
		fprintf(stderr, "bench-report: unknown log '%s'\n", only);
		return 2;
	}
	printf("BENCH pieces: %zu kernel crash logs, %zu user-space crash logs%s\n", p.kernel.nr, p.user.nr,
	       corpus ? "" : " (built in: no corpus)");
	for (const char *s = sizes; *s;) {
		char *end;
		double mb = strtod(s, &end);

		if (end == s || mb <= 0) {
			fputs("bench-report: bad --sizes\n", stderr);
			return 2;
		}
		for (int k = 0; k < NKINDS; k++) {
			size_t pasted, found;
			double t;

			if (only && strcmp(only, kind_name[k]))
				continue;
			pasted = gen_log(&sb, (size_t)(mb * 1e6), k, &p);
			t = time_parse(sb.buf, sb.len, mb <= 20 ? 15 : 5, &found);
			printf("BENCH %-9s %4.0f MB: %7.3f s CPU, %7.1f MB/s (%zu pasted, %zu crashes found)\n",
			       kind_name[k], sb.len / 1e6, t, sb.len / 1e6 / t, pasted, found);
			if (!first_mb)
				first_t[k] = t;
			last_t[k] = t;
			rate[k] = sb.len / 1e6 / t;
		}
		if (!first_mb)
			first_mb = mb;
		last_mb = mb;
		s = *end == ',' ? end + 1 : end;
	}
	for (int k = 0; k < NKINDS; k++) {
		double ratio = first_t[k] > 0 ? last_t[k] / first_t[k] : 0, allowed = 1.1 * last_mb / first_mb;
		bool ok_rate = rate[k] >= goal[k], ok_ratio = last_mb == first_mb || ratio <= allowed;

		if (only && strcmp(only, kind_name[k]))
			continue;
		if (last_mb > first_mb)
			printf("BENCH ratio %-9s %.0f/%.0f MB: %.1f (goal <= %.0f): %s\n", kind_name[k], last_mb,
			       first_mb, ratio, allowed, ok_ratio ? "ok" : "MISSED");
		printf("BENCH goal  %-9s %.0f MB: %.1f MB/s (goal >= %.0f): %s\n", kind_name[k], last_mb,
		       rate[k], goal[k], ok_rate ? "ok" : "MISSED");
		if (!ok_rate || !ok_ratio)
			rc = 1;
	}
	strvec_clear(&p.kernel);
	strvec_clear(&p.user);
	strbuf_release(&sb);
	return rc;
}
