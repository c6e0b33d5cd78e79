// SPDX-License-Identifier: Apache-2.0
/*
 * bench-report - throughput of the crash-report parser (report_parse) on
 * one core.
 *
 * usage: bench-report [--corpus DIR] [--sizes MB,MB,...]
 *
 * Times are CPU times of the parsing thread (best of several runs).
 * Measures MB/s over every file of the crash-log corpus (when DIR is
 * given) and on generated console logs of each size (default 10,100), with
 * no crash and with a crash at the very end. Prints "BENCH ..." lines and a
 * linearity line: the largest size against the smallest (goal: time ratio
 * at most 1.2x the size ratio). Exit status 1 when a goal is missed
 * (>= 100 MB/s on the largest logs, linear cost).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/util.h"

static uint32_t seed = 1;

/* CPU time of this thread: the machine may be shared, wall time is noisy. */
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

/* Typical syzkaller console output: timestamps, callers, audit, programs. */
static void gen_line(struct strbuf *sb, double *t)
{
	unsigned task = 1000 + rnd() % 9000, k = rnd() % 10;

	*t += (rnd() % 1000) / 1e6;
	strbuf_addf(sb, "[%12.6f][ T%u] ", *t, task);
	switch (k) {
	case 0:
		strbuf_addf(sb, "audit: type=1400 audit(%u.%03u:%u): avc:  denied  { read write } for  pid=%u "
			    "comm=\"syz-executor.%u\" name=\"ptmx\" dev=\"devtmpfs\" ino=%u "
			    "scontext=root:sysadm_r:sysadm_t tcontext=system_u:object_r:ptmx_t tclass=chr_file\n",
			    rnd() % 100000, rnd() % 1000, rnd() % 1000, task, rnd() % 6, rnd());
		break;
	case 1:
		strbuf_addf(sb, "netdevsim netdevsim%u netdevsim%u: set [1, 0] type 2 family 0 port 6081 - 0\n",
			    rnd() % 4, rnd() % 4);
		break;
	case 2:
		strbuf_addf(sb, "loop%u: detected capacity change from 0 to %u\n", rnd() % 8, rnd() % 65536);
		break;
	case 3:
		strbuf_addf(sb, "EXT4-fs (loop%u): mounted filesystem without journal. Quota mode: none.\n", rnd() % 8);
		break;
	case 4:
		strbuf_addf(sb, "Bluetooth: hci%u: command 0x%04x tx timeout\n", rnd() % 4, rnd() % 65536);
		break;
	case 5:
		strbuf_addf(sb, "device veth%u_to_batadv entered promiscuous mode\n", rnd() % 16);
		break;
	case 6:
		strbuf_addf(sb, "IPv6: ADDRCONF(NETDEV_CHANGE): veth%u: link becomes ready\n", rnd() % 16);
		break;
	case 7:
		strbuf_addf(sb, "FAULT_FLAG_ALLOW_RETRY missing %u\n", rnd() % 100);
		break;
	case 8:
		strbuf_addf(sb, "syz-executor.%u: vmalloc error: size %u, page order 0, mode:0xcc0, nodemask=(null)\n",
			    rnd() % 6, rnd());
		break;
	default:
		strbuf_addf(sb, "executing program %u:\nr0 = openat$ptmx(0xffffffffffffff9c, &(0x7f0000000040), 0x%x, 0x0)\n"
			    "ioctl$TIOCSETD(r0, 0x5423, &(0x7f0000000080)=0x%x)\n", rnd() % 6, rnd(), rnd() % 32);
		break;
	}
}

static const char crash[] =
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

static void gen_log(struct strbuf *sb, size_t bytes, bool with_crash)
{
	double t = 100;

	strbuf_reset(sb);
	seed = 1;
	while (sb->len < bytes - (with_crash ? sizeof(crash) : 0))
		gen_line(sb, &t);
	if (with_crash)
		strbuf_addstr(sb, crash);
}

/* Seconds per parse of buf (best of `reps`); checks the expected crash count. */
static double time_parse(const char *buf, size_t len, int reps, size_t want)
{
	double best = 1e9;

	for (int i = 0; i < reps; i++) {
		struct report_list list = REPORT_LIST_INIT;
		double t0 = cpu_seconds(), dt;

		report_parse(buf, len, &list);
		dt = cpu_seconds() - t0;
		if (list.nr != want) {
			fprintf(stderr, "bench-report: %zu crashes found, %zu expected\n", list.nr, want);
			exit(2);
		}
		report_list_release(&list);
		if (dt < best)
			best = dt;
	}
	return best;
}

static void add_dir(const char *dir, const char *sub, struct strvec *files)
{
	char *path = xstrfmt("%s/%s", dir, sub);
	DIR *d = opendir(path);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.' && !strstr(e->d_name, ".tsv"))
				strvec_pushf(files, "%s/%s", path, e->d_name);
		closedir(d);
	}
	free(path);
}

static void bench_corpus(const char *dir)
{
	struct strvec files = STRVEC_INIT;
	struct strbuf *data;
	size_t total = 0, crashes = 0;
	double t0, dt;
	int rounds = 0;

	add_dir(dir, "linux_report", &files);
	add_dir(dir, "all_report", &files);
	add_dir(dir, "linux_guilty", &files);
	add_dir(dir, "sanitizer", &files);
	if (!files.nr) {
		printf("BENCH corpus: no files in %s\n", dir);
		return;
	}
	data = xcalloc(files.nr, sizeof(*data));
	for (size_t i = 0; i < files.nr; i++) {
		strbuf_init(&data[i], 0);
		strbuf_read_file(&data[i], files.v[i]);
		total += data[i].len;
	}
	t0 = cpu_seconds();
	do {
		for (size_t i = 0; i < files.nr; i++) {
			struct report_list list = REPORT_LIST_INIT;

			crashes += report_parse(data[i].buf, data[i].len, &list);
			report_list_release(&list);
		}
		rounds++;
	} while ((dt = cpu_seconds() - t0) < 1.0);
	printf("BENCH corpus: %zu files, %.2f MB, %d rounds, %.1f MB/s, %.0f us/file (%zu crashes per round)\n",
	       files.nr, total / 1e6, rounds, total * rounds / 1e6 / dt, dt / rounds / files.nr * 1e6,
	       crashes / rounds);
	for (size_t i = 0; i < files.nr; i++)
		strbuf_release(&data[i]);
	free(data);
	strvec_clear(&files);
}

int main(int argc, char **argv)
{
	const char *corpus = NULL, *sizes = "10,100";
	struct strbuf sb = STRBUF_INIT;
	double first_mb = 0, first_t[2] = { 0, 0 }, last_mb = 0, last_t[2] = { 0, 0 }, last_rate = 1e9;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
			corpus = argv[++i];
		else if (!strcmp(argv[i], "--sizes") && i + 1 < argc)
			sizes = argv[++i];
		else {
			fputs("usage: bench-report [--corpus DIR] [--sizes MB,MB,...]\n", stderr);
			return 2;
		}
	}
	if (corpus)
		bench_corpus(corpus);
	for (const char *p = sizes; *p;) {
		char *end;
		double mb = strtod(p, &end);
		size_t bytes = (size_t)(mb * 1e6);

		if (end == p || mb <= 0) {
			fputs("bench-report: bad --sizes\n", stderr);
			return 2;
		}
		last_rate = 1e9;
		for (int with = 0; with < 2; with++) {
			double t;

			gen_log(&sb, bytes, with);
			t = time_parse(sb.buf, sb.len, mb <= 20 ? 7 : 3, with);
			printf("BENCH generated %.0f MB %s: %.3f s CPU, %.1f MB/s\n", mb,
			       with ? "crash at the end" : "no crash", t, sb.len / 1e6 / t);
			if (!first_mb)
				first_t[with] = t;
			last_t[with] = t;
			if (sb.len / 1e6 / t < last_rate)
				last_rate = sb.len / 1e6 / t;
		}
		if (!first_mb)
			first_mb = mb;
		last_mb = mb;
		p = *end == ',' ? end + 1 : end;
	}
	for (int with = 0; with < 2 && last_mb > first_mb; with++) {
		double ratio = last_t[with] / first_t[with], allowed = 1.2 * last_mb / first_mb;

		printf("BENCH linearity %s: %.0f MB takes %.1fx the time of %.0f MB (goal <= %.0fx): %s\n",
		       with ? "crash at the end" : "no crash", last_mb, ratio, first_mb, allowed,
		       ratio <= allowed ? "ok" : "MISSED");
		if (ratio > allowed)
			rc = 1;
	}
	printf("BENCH throughput on the largest logs: %.1f MB/s (goal >= 100): %s\n", last_rate,
	       last_rate >= 100 ? "ok" : "MISSED");
	if (last_rate < 100)
		rc = 1;
	strbuf_release(&sb);
	return rc;
}
