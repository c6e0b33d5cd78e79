// SPDX-License-Identifier: Apache-2.0
/*
 * bisect_args.c - the command line of `culprit bisect` (see bisect_args.h):
 * one table of options for getopt_long, --help and the job keys.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "bisect_args.h"
#include "../bisect/bisect.h"
#include "../util/strvec.h"
#include "../util/util.h"
#include "../vcs/config.h"

enum flag_kind {
	F_SECTION,	/* a heading of --help (name is the heading) */
	F_KEY,		/* sets the job key `key` (a flag without a value: "true") */
	F_KERNEL,	/* ... and makes the job a kernel job */
	F_OUT,		/* an output file: slot `id` (enum bisect_output) */
	F_SPECIAL,	/* handled by apply_special(): `id` (enum special) */
};

enum special {
	S_JOB, S_JOB_OLD, S_OLD, S_NEW, S_JOBS, S_TERM_OLD, S_TERM_NEW, S_REPLAY,
	S_NO_PROGRESS, S_QUIET, S_KERNEL, S_HELP, S_VERSION,
};

struct flag {
	const char *name;	/* long name */
	char short_name;	/* or 0 */
	int has_arg;		/* no_argument / required_argument */
	enum flag_kind kind;
	const char *key;	/* F_KEY / F_KERNEL */
	int id;			/* F_OUT / F_SPECIAL */
	const char *arg;	/* the value's name in --help */
	const char *help;	/* NULL: not listed (a deprecated spelling) */
};

#define SECTION(title) { title, 0, no_argument, F_SECTION, NULL, 0, NULL, NULL }
#define KEY(n, s, a, help) { n, s, a ? required_argument : no_argument, F_KEY, n, 0, a, help }
#define KERNEL(n, key, a, help) { n, 0, required_argument, F_KERNEL, key, 0, a, help }
#define OUT(n, slot, help) { n, 0, required_argument, F_OUT, NULL, slot, "file", help }
#define SPECIAL(n, s, id, a, help) \
	{ n, s, a ? required_argument : no_argument, F_SPECIAL, NULL, id, a, help }

static const struct flag flags[] = {
	SECTION("What to bisect"),
	SPECIAL("job", 'f', S_JOB, "file",
		"job file (git-config syntax: the [bisect] keys are these\n"
		"options' names, [kernel] the kernel's; flags win)"),
	SPECIAL("config", 'c', S_JOB_OLD, "file", NULL),	/* deprecated: -f */
	{ "repo", 'C', required_argument, F_KEY, "repo", 0, "dir",
	  "the repository (only read, never written)" },
	KEY("bad", 0, "rev", "a commit that shows the crash (or the first <rev> argument)"),
	KEY("good", 0, "rev", "a commit that does not (repeatable; the next <rev>\n"
			      "arguments; none: release tags are walked back)"),
	SPECIAL("new", 0, S_NEW, "rev", "the newer end: --bad in cause mode, --good in fix mode"),
	SPECIAL("old", 0, S_OLD, "rev", "the older end: --good in cause mode, --bad in fix mode"),
	KEY("mode", 0, "cause|fix", "find what introduced (default) or what fixed the crash"),
	KEY("first-parent", 0, NULL, "only commits on the first-parent chain are candidates"),
	KEY("skip", 0, "rev|a..b", "never test these commits (repeatable), as git bisect skip"),
	SECTION("The test (generic backend)"),
	KEY("build", 0, "cmd", "build command, run in the build tree"),
	KEY("artifact", 0, "path", "build output to fingerprint (relative to the tree)"),
	KEY("test", 0, "cmd", "the reproducer, run per run with CULPRIT_RUN=<n>; its output\n"
			      "is read by the crash parser"),
	KEY("test-exit", 0, NULL, "the test's exit status is the verdict, as git bisect run\n"
				  "reads it: 0 good, 125 skip, 1-127 bad, >= 128 stops\n"
				  "(with --title, bad also needs that crash in the output)"),
	KEY("make-jobs", 0, "n", "make -j for the build (MAKEFLAGS; kernel: make -j)"),
	SECTION("Runs and decisions"),
	KEY("runs", 0, "n", "runs per commit (10, twice that on the bad commit). syzbot:\n"
			    "exactly these, doubled once the reproducer proved flaky;\n"
			    "bayes: the cap of a step's runs, which adapt below it"),
	KEY("vms", 0, "n", "runs at once: test processes or VMs (1; kernel: 2)"),
	SPECIAL("jobs", 0, S_JOBS, "n", NULL),	/* deprecated: --vms */
	KEY("timeout", 0, "time", "per run (600s; durations: 90, 90s, 10m, 1h30m)"),
	KEY("build-timeout", 0, "time", "per build (1h)"),
	KEY("policy", 0, "bayes|syzbot", "decision policy (bayes)"),
	KEY("confidence", 0, "p", "bayes stops when one commit holds this posterior (0.99)"),
	KEY("title", 0, "title", "the target crash (default: what the bad commit shows)"),
	KEY("max-builds", 0, "n", "give up after this many builds"),
	KEY("probes", 0, "k", "commits tested at once per round (1; each in its own\n"
			      "build tree; bayes picks the k most informative)"),
	KEY("verify", 0, "yes|no", "check the culprit: rerun it and its parent, test the bad\n"
				  "commit with the culprit reverted (yes)"),
	{ "build-keys", 0, required_argument, F_KEY, "build.keys", 0, "on|off",
	  "know which commits build the same thing before building\n"
	  "them, from the first build's inputs (on; job key build.keys)" },
	KEY("executor", 0, "local|slurm", "where builds and runs go: here (local), or one Slurm\n"
					  "job each (slurm; the [executor] keys of the job file)"),
	KEY("release-pattern", 0, "glob", "release tags to walk when no good commit is given"),
	KEY("release-floor", 0, "tag", "the oldest release tag to try"),
	KEY("release-limit", 0, "n", "release tags to try at most (10)"),
	KEY("workdir", 0, "dir", "journal, build tree, artifacts (default: in the cache)"),
	KEY("wait", 0, NULL, "wait for another culprit that owns the work directory\n"
			     "(default: exit 4 saying which process owns it)"),
	SECTION("The kernel backend"),
	SPECIAL("kernel", 0, S_KERNEL, NULL, "use it (implied by the options below or a [kernel]\n"
					      "section)"),
	KERNEL("kconfig", "kernel.config", "file", "a full kernel .config"),
	KERNEL("repro", "kernel.repro", "file", "C reproducer or static binary, run in the VM"),
	KERNEL("cpus", "kernel.cpus", "n", "CPUs per VM (2)"),
	KERNEL("memory", "kernel.memory", "size", "memory per VM: MiB, or with M/G (512)"),
	KERNEL("kvm", "kernel.kvm", "auto|on|off", "the accelerator (auto: used when a real\n"
						   "boot works)"),
	{ "minimize-config", 0, no_argument, F_KERNEL, "kernel.minimize-config", 0, NULL,
	  "first shrink the config to what reproduces the crash\n"
	  "(kernel.minimize-config = true|tinyconfig|defconfig)" },
	SECTION("Output"),
	OUT("log", BISECT_OUT_LOG, "the log there instead of stdout (the terminal still gets\n"
				   "the progress line and the summary)"),
	OUT("json", BISECT_OUT_JSON, "the result as JSON"),
	OUT("git-log", BISECT_OUT_GITLOG, "the bisection as a git bisect log: `git bisect replay\n"
					  "<file>` in a clone ends on the same commit"),
	OUT("html", BISECT_OUT_HTML, "the bisection as a self-contained web page"),
	OUT("mbox", BISECT_OUT_MBOX, "the report as a mail (mbox; nothing is sent)"),
	SPECIAL("term-old", 0, S_TERM_OLD, "term", "git bisect's term for the old state in\n"
						   "--git-log (good; fix mode: the crash)"),
	SPECIAL("term-new", 0, S_TERM_NEW, "term", "... and for the new state (bad)"),
	SPECIAL("quiet", 'q', S_QUIET, NULL, "no progress line, no log on stdout"),
	SPECIAL("no-progress", 0, S_NO_PROGRESS, NULL, "no progress line on the terminal"),
	SPECIAL("replay", 0, S_REPLAY, NULL, "the log from the journal alone (builds and runs\n"
					     "nothing)"),
	SPECIAL("help", 'h', S_HELP, NULL, "this text"),
	SPECIAL("version", 0, S_VERSION, NULL, "culprit's version"),
};

static const char usage_head[] =
	"usage: culprit bisect [<options>] [<bad> [<good>...]] [-- <path>...]\n"
	"       culprit bisect -f <job.conf> [<options>]\n"
	"\n"
	"Finds the commit that introduced (or, with --mode fix, fixed) a crash.\n"
	"<path>...: only commits that touch these paths are candidates, as with\n"
	"`git bisect start -- <path>...`.\n";

static void usage(FILE *f)
{
	fputs(usage_head, f);
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		const struct flag *fl = &flags[i];
		char left[64];
		const char *h;

		if (fl->kind == F_SECTION) {
			fprintf(f, "\n%s:\n", fl->name);
			continue;
		}
		if (!fl->help)
			continue;
		snprintf(left, sizeof(left), "%s%c%s--%s%s%s%s", fl->short_name ? "-" : "",
			 fl->short_name ? fl->short_name : ' ', fl->short_name ? ", " : " ",
			 fl->name, fl->arg ? " <" : "", fl->arg ? fl->arg : "", fl->arg ? ">" : "");
		fprintf(f, "  %-27s", fl->short_name ? left : left + 2);
		if (strlen(fl->short_name ? left : left + 2) > 27)
			fprintf(f, "\n  %27s", "");
		for (h = fl->help; *h;) {
			size_t n = strcspn(h, "\n");

			fprintf(f, " %.*s\n", (int)n, h);
			h += n;
			if (*h == '\n' && *++h)
				fprintf(f, "  %27s", "");
		}
	}
	fputs("\nThe user's defaults: $XDG_CONFIG_HOME/culprit/config (~/.config/culprit/config),\n"
	      "the keys of a job file; job files and flags override them.\n\n", f);
	cli_print_exit_codes(f);
}

/* getopt_long's table from ours: val = 256 + index into flags[] */
static struct option *long_options(char *shorts, size_t shorts_len)
{
	struct option *lo = xcalloc(ARRAY_SIZE(flags) + 1, sizeof(*lo));
	size_t n = 0, s = 0;

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (flags[i].kind == F_SECTION)
			continue;
		lo[n++] = (struct option){ flags[i].name, flags[i].has_arg, NULL, 256 + (int)i };
		if (flags[i].short_name && s + 3 < shorts_len) {
			shorts[s++] = flags[i].short_name;
			if (flags[i].has_arg == required_argument)
				shorts[s++] = ':';
		}
	}
	shorts[s] = '\0';
	return lo;
}

static const struct flag *flag_of(int c)
{
	if (c >= 256 && c < 256 + (int)ARRAY_SIZE(flags))
		return &flags[c - 256];
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (c && flags[i].short_name == c)
			return &flags[i];
	return NULL;
}

/* Does this word take the next one as its value? (as getopt_long reads it) */
static bool takes_next(const char *a)
{
	const char *name;

	if (skip_prefix(a, "--", &name)) {
		size_t len = strlen(name);
		const struct flag *hit = NULL;
		int hits = 0;

		if (strchr(name, '='))
			return false;
		for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
			if (flags[i].kind == F_SECTION || strncmp(flags[i].name, name, len))
				continue;
			if (strlen(flags[i].name) == len)
				return flags[i].has_arg == required_argument;
			hit = &flags[i];	/* getopt_long takes unique prefixes */
			hits++;
		}
		return hits == 1 && hit->has_arg == required_argument;
	}
	if (a[0] == '-' && a[1] && a[1] != '-') {
		/* -qf FILE: the last of a cluster takes the next word */
		const struct flag *fl = flag_of((unsigned char)a[strlen(a) - 1]);

		for (size_t i = 1; a[i + 1]; i++) {
			const struct flag *c = flag_of((unsigned char)a[i]);

			if (c && c->has_arg == required_argument)
				return false;	/* -fjob.conf */
		}
		return fl && fl->has_arg == required_argument;
	}
	return false;
}

/* the index of the "--" that ends options and revisions, or argc */
static int find_dashdash(int argc, const char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return i;
		if (takes_next(argv[i]))
			i++;
	}
	return argc;
}

struct parse {
	struct bisect_job *job;
	struct bisect_opts *o;
	struct strvec jobfiles, olds, news;
	struct strvec user_kernel;	/* [kernel] defaults of the user's file */
	bool bad_flag;
};

/* ------------------------------------------------------ user defaults */

char *cli_user_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return xstrfmt("%s/culprit/config", xdg);
	if (home && *home)
		return xstrfmt("%s/.config/culprit/config", home);
	return NULL;
}

static int user_entry(const char *key, const char *value, void *data)
{
	struct parse *p = data;
	const char *name;

	if (skip_prefix(key, "bisect.", &name) || skip_prefix(key, "job.", &name))
		return bisect_job_set(p->job, name, value) < 0 ? -1 : 0;
	if (skip_prefix(key, "kernel.", &name)) {
		if (!value)
			return error("'%s' has no value", key);
		strvec_pushf(&p->user_kernel, "%s=%s", key, value);
		return 0;
	}
	return error("unknown section in '%s' (bisect and kernel are known)", key);
}

/* the user's defaults, when the file exists: 0, or -1 after error() */
static int read_user_defaults(struct parse *p)
{
	char *path = cli_user_config_path();
	int ret = 0;

	if (path && file_exists(path) && vcs_config_read(path, user_entry, p) != 0)
		ret = error("in the user's defaults %s", path);
	free(path);
	return ret;
}

/* [kernel] defaults go before the job's own kernel keys (the later one wins) */
static void apply_user_kernel(struct parse *p)
{
	struct strvec v = STRVEC_INIT;

	strvec_pushv(&v, p->user_kernel.v);
	strvec_pushv(&v, p->job->extra.v);
	strvec_clear(&p->job->extra);
	p->job->extra = v;
}

/* ------------------------------------------------------------- flags */

static int apply_special(struct parse *p, const struct flag *fl, const char *v)
{
	struct bisect_opts *o = p->o;

	switch ((enum special)fl->id) {
	case S_JOB:
	case S_JOB_OLD:
		return 0;	/* read before the flags */
	case S_OLD:
		strvec_push(&p->olds, v);
		return 0;
	case S_NEW:
		strvec_push(&p->news, v);
		return 0;
	case S_JOBS:
		warning("--jobs is deprecated: --vms sets the runs at once (--make-jobs is make -j)");
		return bisect_job_set(p->job, "vms", v);
	case S_TERM_OLD:
		o->term_old = v;
		return 0;
	case S_TERM_NEW:
		o->term_new = v;
		return 0;
	case S_REPLAY:
		o->replay = true;
		return 0;
	case S_NO_PROGRESS:
		o->progress = false;
		return 0;
	case S_QUIET:
		o->quiet = true;
		o->progress = false;
		return 0;
	case S_KERNEL:
		o->kernel = true;
		return 0;
	case S_HELP:
	case S_VERSION:
		return 0;	/* answered before */
	}
	return 0;
}

static int apply_flag(struct parse *p, const struct flag *fl, const char *v)
{
	switch (fl->kind) {
	case F_KERNEL:
		p->o->kernel = true;
		/* fall through */
	case F_KEY:
		if (!strcmp(fl->key, "bad"))
			p->bad_flag = true;
		return bisect_job_set(p->job, fl->key, v ? v : "true");
	case F_OUT:
		if (p->o->out[fl->id])
			return error("--%s is given twice", fl->name);
		p->o->out[fl->id] = v;
		return 0;
	case F_SPECIAL:
		return apply_special(p, fl, v);
	case F_SECTION:
		break;
	}
	return 0;
}

/*
 * One getopt_long pass over argv[0..argc). Pass 1 only collects the job
 * files and answers --help / --version (1); pass 2 applies every flag.
 * Returns the index of the first non-option, or -1 (after a message).
 */
static int getopt_pass(struct parse *p, int argc, char **argv, int pass)
{
	char shorts[32];
	struct option *lo = long_options(shorts, sizeof(shorts));
	int c, ret = 0;

	optind = 0;	/* glibc: start over */
	opterr = pass == 2;
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct flag *fl = flag_of(c);

		if (!fl) {
			if (pass == 2)
				error("see 'culprit bisect --help'");
			ret = -1;
			break;
		}
		if (pass == 1) {
			if (fl->kind == F_SPECIAL && fl->id == S_HELP) {
				usage(stdout);
				ret = -2;
				break;
			}
			if (fl->kind == F_SPECIAL && fl->id == S_VERSION) {
				cli_print_version();
				ret = -2;
				break;
			}
			if (fl->kind == F_SPECIAL && fl->id == S_JOB_OLD)
				warning("-c is deprecated (git's -c means name=value): use -f or --job");
			if (fl->kind == F_SPECIAL && (fl->id == S_JOB || fl->id == S_JOB_OLD))
				strvec_push(&p->jobfiles, optarg);
			continue;
		}
		if (apply_flag(p, fl, optarg) < 0) {
			ret = -1;
			break;
		}
	}
	free(lo);
	if (ret == -1 && pass == 1)
		ret = 0;	/* pass 2 says what is wrong */
	return ret < 0 ? ret : optind;
}

/* <bad> [<good>...] after the options, and --old / --new by the mode */
static int apply_revisions(struct parse *p, int argc, char **argv, int first)
{
	struct bisect_job *job = p->job;
	bool fix = job->mode == BISECT_FIX;

	for (int i = first; i < argc; i++) {
		if (i == first && !p->bad_flag && !job->bad) {
			p->bad_flag = true;
			if (bisect_job_set(job, "bad", argv[i]) < 0)
				return -1;
		} else if (i == first && p->bad_flag) {
			return error("'%s': the bad commit is given by --bad already (the first <rev> "
				     "argument is the bad one)", argv[i]);
		} else if (bisect_job_set(job, "good", argv[i]) < 0) {
			return -1;
		}
	}
	for (size_t i = 0; i < p->news.nr; i++)
		if (bisect_job_set(job, fix ? "good" : "bad", p->news.v[i]) < 0)
			return -1;
	for (size_t i = 0; i < p->olds.nr; i++)
		if (bisect_job_set(job, fix ? "bad" : "good", p->olds.v[i]) < 0)
			return -1;
	return 0;
}

/* what must hold before anything is made */
static int check_args(struct bisect_job *job, struct bisect_opts *o)
{
	if (o->kernel)
		bisect_job_set(job, "backend", "kernel");
	if (job->test_exit && job->backend && !strcmp(job->backend, "kernel"))
		return error("--test-exit reads a test command's exit status: the kernel backend "
			     "has none (its reproducer runs in a VM)");
	if (!o->replay && bisect_job_check(job) < 0)
		return -1;
	if (o->replay && (!job->repo || !job->bad))
		return error("--replay needs the job (repo, bad, ...) to find its journal");
	if (!is_directory(job->repo))
		return error("repository '%s' does not exist", job->repo);
	return 0;
}

int bisect_parse_args(int argc, const char **argv, struct bisect_job *job,
		      struct bisect_opts *o)
{
	struct parse p = { .job = job, .o = o, .jobfiles = STRVEC_INIT, .olds = STRVEC_INIT,
			   .news = STRVEC_INIT, .user_kernel = STRVEC_INIT };
	int dd = find_dashdash(argc, argv), ret = -1, first;
	char **av = xcalloc(dd + 1, sizeof(*av));

	o->progress = true;
	/* getopt_long permutes: our own array, named for its messages */
	av[0] = (char *)"culprit bisect";
	for (int i = 1; i < dd; i++)
		av[i] = (char *)argv[i];
	first = getopt_pass(&p, dd, av, 1);
	if (first == -2) {
		ret = 1;
		goto out;
	}
	if (argc < 2) {
		usage(stderr);
		goto out;
	}
	if (read_user_defaults(&p) < 0)
		goto out;
	for (size_t i = 0; i < p.jobfiles.nr; i++)
		if (bisect_job_read_file(job, p.jobfiles.v[i]) < 0)
			goto out;
	first = getopt_pass(&p, dd, av, 2);
	if (first < 0 || apply_revisions(&p, dd, av, first) < 0)
		goto out;
	for (int i = dd + 1; i < argc; i++)
		if (bisect_job_set(job, "path", argv[i]) < 0)
			goto out;
	if (job->backend && !strcmp(job->backend, "kernel"))
		o->kernel = true;
	if (o->kernel && p.user_kernel.nr)
		apply_user_kernel(&p);
	ret = check_args(job, o) < 0 ? -1 : 0;
out:
	free(av);
	strvec_clear(&p.jobfiles);
	strvec_clear(&p.olds);
	strvec_clear(&p.news);
	strvec_clear(&p.user_kernel);
	return ret;
}
