// SPDX-License-Identifier: Apache-2.0
/*
 * culprit run-kernel: boot a built kernel in QEMU with culprit's initramfs
 * and run a reproducer in it, a few times, with the verdicts and the
 * (symbolized) crash reports a bisection would see. For checking a kernel,
 * a config or a reproducer before bisecting, and for the runner's tests.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runner/qemu.h"
#include "../util/parse.h"
#include "../util/util.h"
#include "cli.h"

static const char usage_text[] =
	"usage: culprit run-kernel --bzimage <file> --repro <file.c|static binary> [<options>]\n"
	"\n"
	"    --bzimage <file>       kernel image to boot\n"
	"    --vmlinux <file>       its vmlinux, to symbolize reports (default: vmlinux next\n"
	"                           to the image, or at the top of its kernel build tree)\n"
	"    --src <dir>            kernel source root (file names in reports are relative to it)\n"
	"    --repro <file>         reproducer: a C file (compiled static) or a static binary\n"
	"    --runs <n>             number of runs (default 1)\n"
	"    --first <n>            index of the first run (default 0; the VM sees it as\n"
	"                           culprit.run=<index> and /repro's first argument)\n"
	"    --vms <n>              VMs at once (default 2)\n"
	"    --cpus <n>             CPUs per VM (default 2)\n"
	"    --memory <size>        memory per VM: MiB, or 512M, 2G (default 512)\n"
	"    --kvm auto|on|off      accelerator (default auto: KVM only if a probe boot works)\n"
	"    --boot-timeout <s>     time to reach userspace (default 120)\n"
	"    --repro-timeout <s>    time the reproducer may run (default 60)\n"
	"    --append <args>        more kernel command line\n"
	"    --workdir <dir>        where logs go (default: <cache>/run-kernel)\n"
	"    -q, --quiet            print only the summary\n"
	"    --version              culprit's version\n"
	"\n"
	"Prints one line per run (\"run 2: crashed: <title>\"), the report of each\n"
	"crashed run, then \"crashed in <k> of <n> runs\". Exit 0, or 4 when a run\n"
	"could not be done (infrastructure), 2 on bad usage.\n";

struct job {
	struct qemu_runner *q;
	const char *bzimage, *vmlinux, *src;
	int first, runs, next;
	bool quiet;
	int counts[RUN_TIMED_OUT + 1];
	pthread_mutex_t lock;
};

static void *worker(void *arg)
{
	struct job *j = arg;

	for (;;) {
		struct run_result r;
		char *desc;
		int idx;

		pthread_mutex_lock(&j->lock);
		idx = j->next < j->runs ? j->first + j->next++ : -1;
		pthread_mutex_unlock(&j->lock);
		if (idx < 0)
			return NULL;
		qemu_run_kernel(j->q, j->bzimage, j->vmlinux, j->src, idx, &r);
		desc = run_verdict_describe(&r);
		pthread_mutex_lock(&j->lock);
		j->counts[r.verdict]++;
		printf("run %d: %s (%.1fs, log %s)\n", idx, desc, r.seconds,
		       r.log_path ? r.log_path : "-");
		if (r.reason && (r.verdict == RUN_OK || r.verdict == RUN_CRASHED))
			printf("run %d: note: %s\n", idx, r.reason);
		if (!j->quiet && r.verdict == RUN_CRASHED) {
			for (size_t i = 0; i < r.crashes.nr; i++) {
				const struct crash_report *c = &r.crashes.items[i];
				const char *text;

				if (c->suppressed || !c->report)
					continue;
				printf("crash: %s\n", c->title);
				if (c->guilty_file)
					printf("guilty file: %s\n", c->guilty_file);
				text = c->report + (c->prefix_len <= strlen(c->report) ?
						    c->prefix_len : 0);
				fputs(text, stdout);
				if (*text && text[strlen(text) - 1] != '\n')
					putchar('\n');
				break;
			}
		}
		fflush(stdout);
		pthread_mutex_unlock(&j->lock);
		free(desc);
		run_result_release(&r);
	}
}

/* "vmlinux" beside the image, or three levels up from arch/x86/boot/bzImage */
static const char *guess_vmlinux(const char *bzimage, char **keep)
{
	const char *slash = strrchr(bzimage, '/');
	int dir = slash ? (int)(slash - bzimage) : 1;
	const char *base = slash ? bzimage : ".";

	*keep = xstrfmt("%.*s/vmlinux", dir, base);
	if (file_exists(*keep))
		return *keep;
	free(*keep);
	*keep = xstrfmt("%.*s/../../../vmlinux", dir, base);
	if (file_exists(*keep))
		return *keep;
	free(*keep);
	*keep = NULL;
	return NULL;
}

/* a numeric option's value (util/parse.h: the grammar of every flag); `a` without "--" */
static int num_opt(const char *a, const char *v, struct qemu_opts *o, struct job *j)
{
	const struct {
		const char *name;
		long lo, hi;
		int *dst;
	} ints[] = {
		{ "runs", 1, 100000, &j->runs }, { "first", 0, 1000000, &j->first },
		{ "vms", 1, 64, &o->vms },	 { "cpus", 1, 64, &o->cpus },
	};
	char err[160];
	long n;
	double d;

	for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
		if (strcmp(a, ints[i].name))
			continue;
		if (parse_int_range(v, ints[i].lo, ints[i].hi, &n, err, sizeof(err)) < 0)
			return error("--%s: %s", a, err);
		*ints[i].dst = (int)n;
		return 0;
	}
	if (!strcmp(a, "memory") || !strcmp(a, "mem")) {
		if (parse_size_mib(v, 64, 1024 * 1024, &n, err, sizeof(err)) < 0)
			return error("--%s: %s", a, err);
		o->mem_mb = (int)n;
		return 0;
	}
	if (!strcmp(a, "boot-timeout") || !strcmp(a, "repro-timeout")) {
		if (parse_duration(v, 0, 1e6, &d, err, sizeof(err)) < 0)
			return error("--%s: %s", a, err);
		*(a[0] == 'b' ? &o->boot_timeout : &o->repro_timeout) = d;
		return 0;
	}
	return error("unknown option '--%s'", a);
}

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },	{ "bzimage", required_argument, NULL, 0 },
	{ "vmlinux", required_argument, NULL, 0 }, { "src", required_argument, NULL, 0 },
	{ "repro", required_argument, NULL, 0 }, { "kvm", required_argument, NULL, 0 },
	{ "append", required_argument, NULL, 0 }, { "workdir", required_argument, NULL, 0 },
	{ "runs", required_argument, NULL, 0 },	{ "first", required_argument, NULL, 0 },
	{ "vms", required_argument, NULL, 0 },	{ "cpus", required_argument, NULL, 0 },
	{ "memory", required_argument, NULL, 0 }, { "mem", required_argument, NULL, 0 },
	{ "boot-timeout", required_argument, NULL, 0 },
	{ "repro-timeout", required_argument, NULL, 0 },
	{ NULL, 0, NULL, 0 },
};

/* one --name value; 0 or -1 after a message */
static int apply_opt(const char *a, const char *v, struct qemu_opts *o, struct job *j)
{
	if (!strcmp(a, "bzimage"))
		j->bzimage = v;
	else if (!strcmp(a, "vmlinux"))
		j->vmlinux = v;
	else if (!strcmp(a, "src"))
		j->src = v;
	else if (!strcmp(a, "repro"))
		*(ends_with(v, ".c") ? &o->repro_c : &o->repro_bin) = v;
	else if (!strcmp(a, "kvm"))
		o->kvm = v;
	else if (!strcmp(a, "append"))
		o->append = v;
	else if (!strcmp(a, "workdir"))
		o->workdir = v;
	else
		return num_opt(a, v, o, j);
	return 0;
}

/* 0, 1 after --help / --version, -1 on bad usage (after a message) */
static int parse_args(int argc, const char **argv, struct qemu_opts *o, struct job *j)
{
	int c, idx;

	optind = 0;
	opterr = 1;
	while ((c = getopt_long(argc, (char *const *)argv, "hq", longopts, &idx)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		case 'V':
			cli_print_version();
			return 1;
		case 'q':
			j->quiet = o->quiet = true;
			break;
		case 0:
			if (!strcmp(longopts[idx].name, "mem"))
				warning("--mem is deprecated: --memory, as culprit bisect calls it");
			if (apply_opt(longopts[idx].name, optarg, o, j) < 0) {
				fputs(usage_text, stderr);
				return -1;
			}
			break;
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "culprit run-kernel: unexpected argument '%s'\n%s", argv[optind],
			usage_text);
		return -1;
	}
	return 0;
}

int cmd_run_kernel(int argc, const char **argv)
{
	struct qemu_opts o = { 0 };
	struct job j = { .runs = 1 };
	char *workdir = NULL, *vmlinux = NULL;
	pthread_t *threads;
	int nthreads, ret = EXIT_FOUND, r = parse_args(argc, argv, &o, &j);

	if (r)
		return r > 0 ? EXIT_FOUND : EXIT_USAGE;
	if (!j.bzimage || (!o.repro_c && !o.repro_bin) || j.runs < 1) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!file_exists(j.bzimage)) {
		fprintf(stderr, "culprit run-kernel: no kernel image '%s'\n", j.bzimage);
		return EXIT_USAGE;
	}
	if (!j.vmlinux)
		j.vmlinux = guess_vmlinux(j.bzimage, &vmlinux);
	if (!o.workdir) {
		char *cache = cache_dir();

		workdir = xstrfmt("%s/run-kernel", cache);
		free(cache);
		o.workdir = workdir;
	}
	if (mkdir_p(o.workdir, 0755) < 0) {
		free(workdir);
		free(vmlinux);
		return EXIT_INFRA;
	}
	j.q = qemu_runner_new(&o);
	if (!j.q) {
		free(workdir);
		free(vmlinux);
		return EXIT_USAGE;
	}
	pthread_mutex_init(&j.lock, NULL);
	/* decide the accelerator (maybe a KVM probe boot) before the VMs start */
	qemu_accel(j.q, j.bzimage);
	nthreads = o.vms > 0 ? o.vms : 2;
	if (nthreads > j.runs)
		nthreads = j.runs;
	threads = xcalloc((size_t)nthreads, sizeof(*threads));
	for (int t = 0; t < nthreads; t++)
		if (pthread_create(&threads[t], NULL, worker, &j))
			die("cannot create a thread");
	for (int t = 0; t < nthreads; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	printf("crashed in %d of %d runs", j.counts[RUN_CRASHED], j.runs);
	if (j.counts[RUN_BOOT_FAILED])
		printf(", boot failed %d", j.counts[RUN_BOOT_FAILED]);
	if (j.counts[RUN_TEST_FAILED])
		printf(", basic testing failed %d", j.counts[RUN_TEST_FAILED]);
	if (j.counts[RUN_TIMED_OUT])
		printf(", timed out %d", j.counts[RUN_TIMED_OUT]);
	if (j.counts[RUN_INFRA])
		printf(", infra problems %d", j.counts[RUN_INFRA]);
	putchar('\n');
	if (j.counts[RUN_INFRA])
		ret = EXIT_INFRA;
	pthread_mutex_destroy(&j.lock);
	qemu_runner_free(j.q);
	free(workdir);
	free(vmlinux);
	return ret;
}
