// SPDX-License-Identifier: Apache-2.0
/*
 * Kernel config minimisation (see minimize.h).
 *
 * HOW IT WORKS
 * One test = one resolved config (after olddefconfig at the crashing
 * commit) at one commit: a kernel build through the kernel builder and
 * `runs` runs through the runner, recorded under results/<key>: the build's
 * status and seconds, each run's verdict and the titles of its crashes, and
 * the reports of the first crashed run (their stacks name the files whose
 * options the baseline needs). Verdicts are counted against the target
 * title when read, so a record serves whatever title is asked.
 * The search over the difference is ddmin (Zeller) with a budget: halves
 * first, then complements of ever smaller chunks; every candidate carries
 * the Kconfig dependencies of its options along (kconfig.h).
 */
#include "minimize_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../build/compilers.h"
#include "../report/report.h"
#include "../util/run.h"
#include "../util/sha256.h"
#include "../util/util.h"

#define DEFAULT_RUNS 4
#define DEFAULT_MAX_TESTS 8
#define REPORT_SEP "\n# culprit-report: "

struct raw_run {
	enum run_verdict verdict;
	char *desc;		/* run_verdict_describe() */
	struct strvec titles;	/* its crashes' titles and alt titles (kernel bugs only) */
};

struct outcome {
	enum build_status build;
	double build_seconds;
	long long image_bytes;	/* the kernel image's size (bzImage), 0: unknown */
	char *build_reason;
	size_t nr;
	struct raw_run *runs;
	struct strbuf reports;	/* REPORT_SEP title \n report, of the first crashed run */
	bool cached;
};

struct count {
	int runs, crashed, other, ok, failed;
	const char *first_other, *first_failure;
};

static void mlog(struct mz *m, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void mlog(struct mz *m, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (m->o->log)
		m->o->log(m->o->log_ctx, sb.buf);
	strbuf_release(&sb);
}

void minimize_result_release(struct minimize_result *r)
{
	free(r->config);
	free(r->reason);
	free(r->title);
	memset(r, 0, sizeof(*r));
}

static void outcome_init(struct outcome *oc)
{
	memset(oc, 0, sizeof(*oc));
	strbuf_init(&oc->reports, 0);
}

static void outcome_release(struct outcome *oc)
{
	for (size_t i = 0; i < oc->nr; i++) {
		free(oc->runs[i].desc);
		strvec_clear(&oc->runs[i].titles);
	}
	free(oc->runs);
	free(oc->build_reason);
	strbuf_release(&oc->reports);
	outcome_init(oc);
}

static void count_outcome(const struct outcome *oc, const char *title, struct count *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < oc->nr; i++) {
		const struct raw_run *r = &oc->runs[i];
		bool hit = false;

		c->runs++;
		for (size_t j = 0; title && j < r->titles.nr; j++)
			hit = hit || !strcmp(r->titles.v[j], title);
		if (hit) {
			c->crashed++;
		} else if (r->verdict == RUN_CRASHED) {
			c->other++;
			if (!c->first_other)
				c->first_other = r->desc;
		} else if (r->verdict == RUN_OK) {
			c->ok++;
		} else {
			c->failed++;
			if (!c->first_failure)
				c->first_failure = r->desc;
		}
	}
}

/* "crashed: T (3 of 4 runs; build 120s)" (malloced) */
static char *describe(const struct outcome *oc, const char *title)
{
	struct count c;
	struct strbuf sb = STRBUF_INIT;

	if (oc->build != BUILD_OK) {
		strbuf_addf(&sb, "%s: %s", oc->build == BUILD_FAILED ? "build failed" : "build trouble",
			    oc->build_reason ? oc->build_reason : "unknown");
		return strbuf_detach(&sb, NULL);
	}
	count_outcome(oc, title, &c);
	if (c.crashed)
		strbuf_addf(&sb, "crashed: %s (%d of %d runs", title, c.crashed, c.runs);
	else if (c.other)
		strbuf_addf(&sb, "%s (other crash; 0 of %d runs", c.first_other, c.runs);
	else if (c.failed && !c.ok)
		strbuf_addf(&sb, "%s (%d of %d runs", c.first_failure, c.failed, c.runs);
	else
		strbuf_addf(&sb, "OK (0 of %d runs", c.runs);
	strbuf_addf(&sb, "; build %.0fs%s)", oc->build_seconds, oc->cached ? ", recorded" : "");
	return strbuf_detach(&sb, NULL);
}

/* ---- the record of a test ---- */

/* "key value\n", the value on one line */
static void add_line(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addf(sb, "%s ", key);
	for (const char *p = value ? value : ""; *p; p++)
		strbuf_addch(sb, *p == '\n' || *p == '\r' ? ' ' : *p);
	strbuf_addch(sb, '\n');
}

static int save_outcome(const char *path, const struct outcome *oc)
{
	struct strbuf sb = STRBUF_INIT;
	char *rp = xstrfmt("%s.reports", path);
	int ret;

	strbuf_addf(&sb, "build %d\nseconds %.3f\nimage %lld\n", (int)oc->build,
		    oc->build_seconds, oc->image_bytes);
	add_line(&sb, "reason", oc->build_reason);
	for (size_t i = 0; i < oc->nr; i++) {
		char *v = xstrfmt("%d %s", (int)oc->runs[i].verdict, oc->runs[i].desc);

		add_line(&sb, "run", v);
		free(v);
		for (size_t j = 0; j < oc->runs[i].titles.nr; j++)
			add_line(&sb, "title", oc->runs[i].titles.v[j]);
	}
	/* the reports first: a record without them is never read as complete */
	ret = write_file_atomic(rp, oc->reports.buf, oc->reports.len);
	if (!ret)
		ret = write_file_atomic(path, sb.buf, sb.len);
	free(rp);
	strbuf_release(&sb);
	return ret;
}

static bool load_outcome(const char *path, struct outcome *oc)
{
	struct strbuf sb = STRBUF_INIT;
	char *rp = xstrfmt("%s.reports", path);
	const char *p;
	bool ok = strbuf_read_file(&sb, path) >= 0 && strbuf_read_file(&oc->reports, rp) >= 0;

	free(rp);
	for (p = ok ? sb.buf : NULL; p && *p;) {
		const char *nl = strchr(p, '\n');
		char *l = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		const char *v;

		if (skip_prefix(l, "build ", &v)) {
			oc->build = (enum build_status)atoi(v);
		} else if (skip_prefix(l, "seconds ", &v)) {
			oc->build_seconds = atof(v);
		} else if (skip_prefix(l, "image ", &v)) {
			oc->image_bytes = atoll(v);
		} else if (skip_prefix(l, "reason ", &v)) {
			oc->build_reason = *v ? xstrdup(v) : NULL;
		} else if (skip_prefix(l, "run ", &v)) {
			struct raw_run *r;

			oc->runs = xrealloc(oc->runs, (oc->nr + 1) * sizeof(*oc->runs));
			r = &oc->runs[oc->nr++];
			r->verdict = (enum run_verdict)atoi(v);
			v = strchr(v, ' ');
			r->desc = xstrdup(v ? v + 1 : "");
			strvec_init(&r->titles);
		} else if (skip_prefix(l, "title ", &v) && oc->nr) {
			strvec_push(&oc->runs[oc->nr - 1].titles, v);
		}
		free(l);
		p = nl ? nl + 1 : NULL;
	}
	strbuf_release(&sb);
	oc->cached = ok;
	return ok;
}

/* ---- building and running ---- */

struct run_pool {
	const struct runner_ops *ops;
	const struct build_result *build;
	const char *tree;
	struct run_result *results;
	int n, next;
	pthread_mutex_t lock;
};

static void *run_worker(void *arg)
{
	struct run_pool *p = arg;

	for (;;) {
		int i;

		pthread_mutex_lock(&p->lock);
		i = p->next < p->n ? p->next++ : -1;
		pthread_mutex_unlock(&p->lock);
		if (i < 0)
			return NULL;
		p->ops->run(p->ops->ctx, p->build, p->tree, i, &p->results[i]);
	}
}

static void run_all(struct mz *m, const struct build_result *br, struct outcome *oc)
{
	const struct runner_ops *ops = m->o->runner;
	struct run_pool p = { .ops = ops, .build = br, .tree = m->o->tree, .n = m->runs };
	int threads = ops->parallel > 1 ? ops->parallel : 1;
	pthread_t t[16];
	int started = 0;

	if (threads > m->runs)
		threads = m->runs;
	if (threads > 16)
		threads = 16;
	p.results = xcalloc((size_t)m->runs, sizeof(*p.results));
	pthread_mutex_init(&p.lock, NULL);
	for (int i = 1; i < threads; i++)
		if (!pthread_create(&t[started], NULL, run_worker, &p))
			started++;
	run_worker(&p);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	pthread_mutex_destroy(&p.lock);
	oc->runs = xcalloc((size_t)m->runs, sizeof(*oc->runs));
	oc->nr = (size_t)m->runs;
	for (int i = 0; i < m->runs; i++) {
		struct run_result *rr = &p.results[i];
		struct raw_run *r = &oc->runs[i];
		bool take;

		r->verdict = rr->verdict;
		r->desc = run_verdict_describe(rr);
		strvec_init(&r->titles);
		/* the reports of one run only: the first that crashed */
		take = !oc->reports.len;
		for (size_t j = 0; j < rr->crashes.nr; j++) {
			const struct crash_report *c = &rr->crashes.items[j];

			if (c->suppressed || !c->title)
				continue;
			strvec_push(&r->titles, c->title);
			for (size_t k = 0; k < c->alt_nr; k++)
				strvec_push(&r->titles, c->alt_titles[k]);
			if (take && c->report)
				strbuf_addf(&oc->reports, REPORT_SEP "%s\n%s", c->title, c->report);
		}
		run_result_release(rr);
	}
	free(p.results);
}

/* the size of the build's kernel image (bzImage; vmlinux else), 0 when there is none */
static long long image_size(const struct build_result *br)
{
	static const char *const names[] = { "bzImage", "vmlinux" };
	struct stat st;

	for (size_t i = 0; br->status == BUILD_OK && br->artifact_dir && i < ARRAY_SIZE(names);
	     i++) {
		char *p = xstrfmt("%s/%s", br->artifact_dir, names[i]);
		int r = stat(p, &st);

		free(p);
		if (!r && S_ISREG(st.st_mode))
			return (long long)st.st_size;
	}
	return 0;
}

/*
 * Test `cfg` (resolved) at `commit`: from the record when there is one, else
 * build and run. 0, or -1 on a hard error.
 */
static int test_config(struct mz *m, const struct kconfig_file *cfg, const char *commit,
		       struct outcome *oc)
{
	struct strbuf text = STRBUF_INIT;
	char key[SHA256_HEXSZ + 1], *record, *cfgpath;
	struct build_result br = { 0 };
	int ret = -1;

	outcome_init(oc);
	kconfig_file_format(cfg, &text);
	strbuf_addf(&text, "%c%s%c%s%c%d", 0, commit, 0, m->cc_id, 0, m->runs);
	sha256_hex(text.buf, text.len, key);
	record = xstrfmt("%s/%s", m->results, key);
	cfgpath = xstrfmt("%s/%s.config", m->configs, key);
	m->res->tests++;
	if (load_outcome(record, oc)) {
		m->res->cached++;
		ret = 0;
		goto out;
	}
	outcome_release(oc);
	if (kconfig_file_write(cfg, cfgpath) < 0 || mz_checkout(m, commit) < 0)
		goto out;
	if (mz_build(m, cfgpath, commit, &br) < 0)
		goto out;
	m->res->builds++;
	oc->build = br.status;
	oc->build_seconds = br.seconds;
	oc->build_reason = br.reason ? xstrdup(br.reason) : NULL;
	oc->image_bytes = image_size(&br);
	if (br.status == BUILD_OK) {
		run_all(m, &br, oc);
		m->res->runs += m->runs;
	}
	ret = save_outcome(record, oc);
out:
	build_result_release(&br);
	strbuf_release(&text);
	free(record);
	free(cfgpath);
	return ret;
}

static bool reproduces(const struct mz *m, const struct outcome *oc)
{
	struct count c;
	double need = m->orig_rate < 1.0 / 3 ? m->orig_rate : 1.0 / 3;

	if (oc->build != BUILD_OK)
		return false;
	count_outcome(oc, m->res->title, &c);
	return c.crashed > 0 && c.crashed >= need * c.runs - 1e-9;
}

/* ---- the search ---- */

struct search {
	struct strvec keep;		/* the difference still needed */
	struct kconfig_file best;	/* smallest config that reproduced */
	struct outcome best_oc;
	bool found;			/* best is a candidate, not the original */
};

/* Try baseline + `set`; on a reproduction it becomes the best. 1, 0, -1. */
static int try_set(struct mz *m, struct search *s, const struct strvec *set, const char *what)
{
	struct kconfig_file c = KCONFIG_FILE_INIT;
	struct outcome oc;
	size_t added = 0;
	char *desc;
	int ret;

	if (mz_candidate(m, set, &c, &added) < 0) {
		kconfig_file_release(&c);
		return -1;
	}
	if (test_config(m, &c, m->o->crashing, &oc) < 0) {
		outcome_release(&oc);
		kconfig_file_release(&c);
		return -1;
	}
	ret = reproduces(m, &oc);
	desc = describe(&oc, m->res->title);
	mlog(m, "candidate %d: %s (%zu with dependencies): %zu options: %s", m->res->tests, what,
	     added, kconfig_count_on(&c), desc);
	free(desc);
	/* ddmin only ever narrows the set: the last config that reproduced is the best */
	if (ret) {
		kconfig_file_release(&s->best);
		s->best = c;
		outcome_release(&s->best_oc);
		s->best_oc = oc;
		s->found = true;
		return 1;
	}
	outcome_release(&oc);
	kconfig_file_release(&c);
	return ret;
}

static void slice(const struct strvec *v, size_t from, size_t to, bool complement,
		  struct strvec *out)
{
	for (size_t i = 0; i < v->nr; i++)
		if ((i >= from && i < to) != complement)
			strvec_push(out, v->v[i]);
}

/* ddmin over s->keep within the test budget */
static int search_diff(struct mz *m, struct search *s, int budget)
{
	size_t n = 2;

	while (s->keep.nr >= 2 && m->res->tests < budget) {
		size_t len = s->keep.nr, chunk = (len + n - 1) / n;
		/* halves: each alone; smaller chunks: all but one (the other half is a half) */
		bool complement = n != 2, reduced = false;

		for (size_t i = 0; i * chunk < len && !reduced && m->res->tests < budget; i++) {
			struct strvec set = STRVEC_INIT;
			char *what;
			int r;

			slice(&s->keep, i * chunk, (i + 1) * chunk, complement, &set);
			what = xstrfmt("baseline + %zu of %zu options (%s %zu/%zu)", set.nr, len,
				       complement ? "all but part" : "part", i + 1, n);
			r = try_set(m, s, &set, what);
			free(what);
			if (r < 0) {
				strvec_clear(&set);
				return -1;
			}
			if (r > 0) {
				strvec_clear(&s->keep);
				s->keep = set;
				reduced = true;
				n = complement && n > 2 ? n - 1 : 2;
			} else {
				strvec_clear(&set);
			}
		}
		if (reduced)
			continue;
		if (n >= len)
			break;
		n = 2 * n < len ? 2 * n : len;
	}
	return 0;
}

/* ---- the whole ---- */

static int setup(struct mz *m, const struct minimize_opts *o, struct minimize_result *res)
{
	const char *arch = o->build && o->build->arch ? o->build->arch : "x86_64";

	m->o = o;
	m->res = res;
	m->arch = arch;
	m->srcarch = !strcmp(arch, "x86_64") || !strcmp(arch, "i386") ? "x86" : arch;
	m->runs = o->runs > 0 ? o->runs : DEFAULT_RUNS;
	strvec_init(&m->fragment_names);
	if (!o->workdir || !o->config || !o->crashing || !o->tree || !o->checkout || !o->build ||
	    !o->runner)
		return error("config minimisation: workdir, config, crashing commit, tree, "
			     "checkout, build options and runner are required");
	m->dir = xstrfmt("%s/minimize", o->workdir);
	m->results = xstrfmt("%s/results", m->dir);
	m->configs = xstrfmt("%s/configs", m->dir);
	m->olddef = xstrfmt("%s/olddef", m->dir);
	if (mkdir_p(m->results, 0777) < 0 || mkdir_p(m->configs, 0777) < 0)
		return -1;
	struct kernel_build_opts bo = *o->build;
	struct kernel_builder *kb;

	bo.workdir = o->workdir;
	bo.config = o->config;
	kb = kernel_builder_new(&bo);
	if (!kb)
		return -1;
	m->cc = xstrdup(kernel_builder_cc(kb, o->crashing));
	kernel_builder_free(kb);
	m->cc_id = compiler_identity(m->cc);
	if (!m->cc_id)
		return error("compiler %s cannot be run", m->cc);
	return 0;
}

static void teardown(struct mz *m)
{
	free(m->dir);
	free(m->results);
	free(m->configs);
	free(m->olddef);
	free(m->cc);
	kconfig_file_release(&m->orig);
	kconfig_file_release(&m->base);
	kconfig_deps_free(m->deps);
	strvec_clear(&m->fragment_names);
}

static void refuse(struct minimize_result *res, char *reason)
{
	res->status = MINIMIZE_REFUSED;
	free(res->reason);
	res->reason = reason;
}

/* The report of the target crash in a record, or the first one. */
static const char *target_report(const struct outcome *oc, const char *title)
{
	const char *p = oc->reports.buf, *hit;
	size_t tl = title ? strlen(title) : 0;

	for (hit = strstr(p, REPORT_SEP); hit; hit = strstr(hit + 1, REPORT_SEP)) {
		const char *t = hit + strlen(REPORT_SEP);

		if (title && !strncmp(t, title, tl) && t[tl] == '\n')
			return t + tl + 1;
	}
	return oc->reports.len ? oc->reports.buf : "";
}

/* 1: the original reproduces (title and rate set), 0: it does not, -1 */
static int test_original(struct mz *m, struct outcome *oc)
{
	struct kconfig_file user = KCONFIG_FILE_INIT;
	struct count c;
	char *desc;
	int ret;

	if (kconfig_file_read(&user, m->o->config) < 0 || mz_resolve(m, &user, &m->orig) < 0) {
		kconfig_file_release(&user);
		return -1;
	}
	kconfig_file_release(&user);
	m->res->options_before = (int)kconfig_count_on(&m->orig);
	mlog(m, "minimizing the kernel config %s: %d options", m->o->config,
	     m->res->options_before);
	if (test_config(m, &m->orig, m->o->crashing, oc) < 0)
		return -1;
	m->res->build_before = oc->build_seconds;
	m->res->image_before = oc->image_bytes;
	if (!m->res->title) {
		/* the first crash of the first crashed run */
		for (size_t i = 0; i < oc->nr && !m->res->title; i++)
			if (oc->runs[i].titles.nr)
				m->res->title = xstrdup(oc->runs[i].titles.v[0]);
	}
	count_outcome(oc, m->res->title, &c);
	desc = describe(oc, m->res->title);
	mlog(m, "the original config at %s: %s", m->o->crashing, desc);
	ret = oc->build == BUILD_OK && c.crashed > 0;
	if (ret)
		m->orig_rate = (double)c.crashed / c.runs;
	else
		refuse(m->res, xstrfmt("the original config does not reproduce the crash at %s: %s",
				       m->o->crashing, desc));
	free(desc);
	return ret;
}

static void log_list(struct mz *m, const char *what, const struct strvec *names,
		     const struct strvec *why)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < names->nr; i++)
		strbuf_addf(&sb, "%s%s (%s)", i ? ", " : "", names->v[i], why->v[i]);
	mlog(m, "%s: %s", what, sb.len ? sb.buf : "none");
	strbuf_release(&sb);
}

/*
 * The baseline, then (when it does not reproduce) the baseline with the
 * options guarding code in the stack's files, narrowed down when that
 * reproduces. 1: s->best is the answer so far, 0: bisect the difference.
 */
static int baseline_step(struct mz *m, const struct outcome *orig_oc, struct search *s,
			 int budget)
{
	struct minimize_needs needs = MINIMIZE_NEEDS_INIT;
	struct strvec none = STRVEC_INIT;
	int ret;

	minimize_type_needs(m->res->title, &m->orig, &needs);
	if (!m->o->no_crash_needs)
		minimize_crash_needs(m->o->tree, target_report(orig_oc, m->res->title), &m->orig,
				     &needs);
	log_list(m, "the crash needs", &needs.names, &needs.why);
	ret = mz_make_baseline(m, &needs);
	if (ret < 0)
		goto out;
	mlog(m, "baseline: %s + the VM's fragment + what the crash needs: %zu options",
	     m->o->baseline ? m->o->baseline : "tinyconfig", kconfig_count_on(&m->base));
	/* hints the baseline has anyway are none */
	struct strvec hints = STRVEC_INIT, why = STRVEC_INIT;

	for (size_t i = 0; i < needs.hints.nr; i++) {
		if (kconfig_enabled(&m->base, needs.hints.v[i]))
			continue;
		strvec_push(&hints, needs.hints.v[i]);
		strvec_push(&why, needs.hints_why.v[i]);
	}
	strvec_clear(&needs.hints);
	strvec_clear(&needs.hints_why);
	needs.hints = hints;
	needs.hints_why = why;
	if (needs.hints.nr)
		log_list(m, "maybe also (guards in its stack's files)", &needs.hints,
			 &needs.hints_why);
	ret = try_set(m, s, &none, "the baseline");
	if (ret || !needs.hints.nr)
		goto out;
	ret = try_set(m, s, &needs.hints, "baseline + the guards in the stack's files");
	if (ret > 0) {
		strvec_clear(&s->keep);
		strvec_pushv(&s->keep, needs.hints.v);
		if (search_diff(m, s, budget) < 0)
			ret = -1;
	}
out:
	minimize_needs_release(&needs);
	return ret;
}

/* 0: fine (or no clean end), 1: refused, -1: error */
static int check_clean(struct mz *m, struct search *s)
{
	struct outcome oc;
	struct count c;
	char *desc;
	int ret;

	if (!m->o->clean)
		return 0;
	if (test_config(m, &s->best, m->o->clean, &oc) < 0) {
		outcome_release(&oc);
		return -1;
	}
	count_outcome(&oc, m->res->title, &c);
	desc = describe(&oc, m->res->title);
	mlog(m, "the minimized config at the clean end %s: %s", m->o->clean, desc);
	ret = oc.build != BUILD_OK || c.crashed || !c.ok;
	if (ret)
		refuse(m->res, xstrfmt("the minimized config at the clean end %s: %s", m->o->clean,
				       desc));
	free(desc);
	outcome_release(&oc);
	return ret;
}

static int write_answer(struct mz *m, struct search *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = xstrfmt("%s/minimized.config", m->dir);
	int ret;

	strbuf_addf(&sb, "# Minimized by culprit from %s (%d -> %zu options) at %s\n",
		    m->o->config, m->res->options_before, kconfig_count_on(&s->best),
		    m->o->crashing);
	kconfig_file_format(&s->best, &sb);
	ret = write_file_atomic(path, sb.buf, sb.len);
	strbuf_release(&sb);
	if (ret < 0) {
		free(path);
		return -1;
	}
	m->res->config = path;
	return 0;
}

int kernel_minimize_config(const struct minimize_opts *o, struct minimize_result *res)
{
	struct mz m = { 0 };
	struct search s = { .keep = STRVEC_INIT, .best = KCONFIG_FILE_INIT };
	struct outcome orig_oc;
	double t0 = now_seconds();
	int ret = -1, r, budget = o->max_tests > 0 ? o->max_tests : DEFAULT_MAX_TESTS;

	memset(res, 0, sizeof(*res));
	res->status = MINIMIZE_REFUSED;
	outcome_init(&orig_oc);
	outcome_init(&s.best_oc);
	res->title = o->title ? xstrdup(o->title) : NULL;
	if (setup(&m, o, res) < 0)
		goto out;
	r = test_original(&m, &orig_oc);
	if (r <= 0) {
		ret = r < 0 ? -1 : 0;
		goto out;
	}
	m.deps = kconfig_deps_load(o->tree, m.srcarch);
	if (!m.deps)
		goto out;
	/* the tests of the original and the baseline are not part of the budget */
	budget += res->tests + 1;
	r = baseline_step(&m, &orig_oc, &s, budget);
	if (r < 0)
		goto out;
	if (!r) {
		mz_make_diff(&m, &s.keep);
		mlog(&m, "bisecting the %zu options the original has on and the baseline has not",
		     s.keep.nr);
		if (search_diff(&m, &s, budget) < 0)
			goto out;
	}
	ret = 0;
	if (s.found)
		res->options_after = (int)kconfig_count_on(&s.best);
	if (!s.found || res->options_after >= res->options_before) {
		refuse(res, xstrfmt("no config smaller than the original reproduces the crash "
				    "(%d configs tested)", res->tests));
		goto out;
	}
	res->build_after = s.best_oc.build_seconds;
	if (s.best_oc.build_seconds <= 0)
		res->build_after = 0;
	res->image_after = s.best_oc.image_bytes;
	mlog(&m, "minimized config: %d options (from %d); build %.0fs (from %.0fs)",
	     res->options_after, res->options_before, res->build_after, res->build_before);
	ret = check_clean(&m, &s);
	if (ret) {
		ret = ret < 0 ? -1 : 0;
		goto out;
	}
	ret = write_answer(&m, &s);
	if (!ret) {
		res->status = MINIMIZE_OK;
		mlog(&m, "using the minimized config %s", res->config);
	}
out:
	if (res->status == MINIMIZE_REFUSED && res->reason)
		mlog(&m, "keeping the original config: %s", res->reason);
	res->seconds = now_seconds() - t0;
	outcome_release(&orig_oc);
	outcome_release(&s.best_oc);
	kconfig_file_release(&s.best);
	strvec_clear(&s.keep);
	teardown(&m);
	return ret;
}
