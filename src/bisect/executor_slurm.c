// SPDX-License-Identifier: Apache-2.0
/*
 * executor_slurm.c - the Slurm executor (see executor.h): each build and
 * each batch of runs is one sbatch job.
 *
 * A job's batch script is src/slurm's fixed one (exec "$@"); its argv is
 * `<this program> step --request <dir>/<tag>.req`, so nothing built from
 * data is ever read by a shell. The request (JSON, executor_slurm_io.c)
 * names the job file this executor wrote (<dir>/job.conf: the job's keys,
 * so the node builds and runs with the same backend), the build tree, the
 * commit and the runs; the node side (cli/step.c) writes <dir>/<tag>.res,
 * and nothing else of the work directory's bookkeeping: the journal is
 * this process's.
 *
 * Every job of one work directory has the same Slurm name (culprit-<hash
 * of the work directory>): on SIGINT/SIGTERM one `scancel --name` (its argv
 * made beforehand, run from the signal handler with fork + execv) cancels
 * them all, and re-attaching after a restart checks an id still names one
 * of ours. Each submitted job is a journal note "slurm.<build|runs>.<commit>
 * [.<first run>.<runs>]" = "<id> <tag>" (host->record); "done" once its
 * result was read. A resumed job (kill -9) that submits the same work finds
 * the note: a job still pending or running, or done with its result file,
 * is re-attached; one Slurm forgot or ended is submitted again.
 *
 * How a job ended (src/slurm: squeue, then sacct / the job completion log):
 * a job whose script ran to its end with status 0 and left its result file
 * is done. Anything else (a lost node, a preempted, cancelled or timed-out
 * job, a node side that failed) is infrastructure: the job is submitted
 * once more, and if that one fails too the build is BUILD_INFRA, the runs
 * RUN_INFRA: a skip, never good or bad.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bisect.h"
#include "executor.h"
#include "show.h"
#include "../slurm/slurm.h"
#include "../util/run.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/* a job's tries: the first and one more */
#define SLURM_TRIES 2

struct sjob {
	const struct bisect_work *w;
	unsigned long id;
	char *tag;		/* file stem under dir: <tag>.req, .res, .out, .ccache */
	char *key;		/* its journal note */
	int tries;
	bool told;		/* its phase was told */
};

struct sx {
	struct bisect_executor *ex;
	struct slurm s;
	struct bisect_slurm_opts o;
	const struct bisect_job *job;
	const struct builder_ops *b;
	char *workdir, *dir, *jobfile, *self, *name, *cwd;
	struct sjob **jobs;
	size_t nr, alloc;
	unsigned long serial;
	bool started;		/* the constructor succeeded */
};

/* ----------------------------------------------------- SIGINT, SIGTERM */

/* one executor at a time owns the handler: scancel --name=<its name> */
static char *sig_argv[4];
static struct sigaction sig_old_int, sig_old_term;
static volatile sig_atomic_t sig_installed;

static void on_signal(int sig)
{
	struct sigaction *old = sig == SIGINT ? &sig_old_int : &sig_old_term;
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	pid_t p = fork();

	if (p == 0) {
		execv(sig_argv[0], sig_argv);
		_exit(127);
	}
	for (int i = 0; p > 0 && i < 50 && waitpid(p, NULL, WNOHANG) == 0; i++)
		nanosleep(&ts, NULL);
	if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
	} else {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static void signals_install(struct sx *x)
{
	struct sigaction sa;

	if (sig_installed)
		return;
	/* the full path: the handler cannot search PATH */
	sig_argv[0] = find_in_path("scancel");
	if (!sig_argv[0])
		return;
	sig_argv[1] = xstrfmt("--name=%s", x->name);
	sig_argv[2] = xstrfmt("--user=%lu", (unsigned long)getuid());
	sig_argv[3] = NULL;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, &sig_old_int);
	sigaction(SIGTERM, &sa, &sig_old_term);
	sig_installed = 1;
}

static void signals_restore(void)
{
	if (!sig_installed)
		return;
	sigaction(SIGINT, &sig_old_int, NULL);
	sigaction(SIGTERM, &sig_old_term, NULL);
	sig_installed = 0;
	for (int i = 0; i < 3; i++) {
		free(sig_argv[i]);
		sig_argv[i] = NULL;
	}
}

/* ----------------------------------------------------------- the jobs */

static void phase(struct sx *x, const struct bisect_work *w, enum bisect_event_type p)
{
	const struct bisect_executor_host *host = x->ex->host;

	if (host && host->phase)
		host->phase(host->ctx, w, p);
}

static void record(struct sx *x, const char *key, const char *value)
{
	const struct bisect_executor_host *host = x->ex->host;

	if (host && host->record && host->record(host->ctx, key, value) < 0)
		warning("cannot keep %s = %s in the journal", key, value);
}

static const char *recall(struct sx *x, const char *key)
{
	const struct bisect_executor_host *host = x->ex->host;

	return host && host->recall ? host->recall(host->ctx, key) : NULL;
}

static char *file_of(const struct sx *x, const struct sjob *j, const char *ext)
{
	return xstrfmt("%s/%s.%s", x->dir, j->tag, ext);
}

static char *work_key(const struct bisect_work *w)
{
	if (w->kind == BISECT_WORK_BUILD)
		return xstrfmt("slurm.build.%s", w->commit);
	return xstrfmt("slurm.runs.%s.%d.%zu", w->commit, w->nr ? w->indices[0] : 0, w->nr);
}

static int write_request(struct sx *x, struct sjob *j)
{
	const struct bisect_work *w = j->w;
	struct bisect_step_request r = { .kind = w->kind };
	char *req = file_of(x, j, "req");
	int ret;

	strcpy(r.commit, w->commit);
	r.jobfile = x->jobfile;
	r.workdir = x->workdir;
	r.tree = (char *)w->tree;
	r.result = file_of(x, j, "res");
	r.cwd = x->cwd;
	if (w->kind == BISECT_WORK_RUNS) {
		r.build = *w->build;
		r.indices = (int *)w->indices;
		r.nr = w->nr;
	}
	unlink(r.result);	/* a result is this try's */
	ret = bisect_step_request_write(req, &r);
	free(r.result);
	free(req);
	return ret;
}

/*
 * The build job's environment: the shared compiler cache, one stats log per
 * build. (Never the work directory owner's marker: slurm_submit() runs
 * sbatch unmarked, so a culprit that takes the work directory over after a
 * kill -9 does not kill the jobs as leftovers on a node that is this host.)
 */
static int job_env(struct sx *x, struct sjob *j, struct strvec *env)
{
	struct ccache_config cc = x->o.ccache;
	char *log;
	int ret;

	if (j->w->kind != BISECT_WORK_BUILD)
		return 0;
	log = file_of(x, j, "ccache");
	unlink(log);
	cc.statslog = log;
	ret = ccache_env(&cc, env);
	free(log);
	return ret;
}

/* write the request and sbatch it: 0 with j->id set, or -1 after error() */
static int submit_job(struct sx *x, struct sjob *j)
{
	struct slurm_job_spec spec = SLURM_JOB_SPEC_INIT;
	struct strvec env = STRVEC_INIT, argv = STRVEC_INIT;
	char *out, *value;
	int ret;

	free(j->tag);
	j->tag = xstrfmt("%c-%.12s-%ld-%lu", j->w->kind == BISECT_WORK_BUILD ? 'b' : 'r',
			 j->w->commit, (long)getpid(), ++x->serial);
	out = file_of(x, j, "out");
	strvec_push(&argv, x->self);
	strvec_pushl(&argv, "step", "--request", NULL);
	strvec_pushf(&argv, "%s/%s.req", x->dir, j->tag);
	ret = write_request(x, j);
	if (!ret)
		ret = job_env(x, j, &env);
	if (!ret) {
		spec.name = x->name;
		spec.script_dir = x->dir;
		spec.argv = (const char *const *)argv.v;
		spec.output = out;
		spec.workdir = x->dir;
		spec.partition = x->o.partition;
		spec.account = x->o.account;
		spec.time_limit = x->o.time_limit;
		spec.extra_args = (const char *const *)x->o.sbatch_args.v;
		spec.env = (const char *const *)env.v;
		ret = slurm_submit(&x->s, &spec, &j->id);
	}
	if (!ret) {
		value = xstrfmt("%lu %s", j->id, j->tag);
		record(x, j->key, value);
		free(value);
	}
	strvec_clear(&env);
	strvec_clear(&argv);
	free(out);
	return ret;
}

/* a job of an earlier culprit for this work (the journal's note): 1 re-attached, 0 not */
static int reattach(struct sx *x, struct sjob *j)
{
	const char *v = recall(x, j->key);
	struct slurm_status st;
	unsigned long id;
	char tag[128];

	if (!v || sscanf(v, "%lu %127s", &id, tag) != 2)
		return 0;
	if (slurm_attach(&x->s, id, x->name, &st) < 0 || st.outcome == SLURM_INFRA)
		return 0;
	j->id = id;
	j->tag = xstrdup(tag);
	fprintf(stderr, "culprit: Slurm job %lu (%s) of an earlier run: %s, waited for\n", id,
		j->key, st.state_name);
	return 1;
}

static int sx_submit(void *ctx, const struct bisect_work *w)
{
	struct sx *x = ctx;
	struct sjob *j = xcalloc(1, sizeof(*j));

	j->w = w;
	j->key = work_key(w);
	if (w->kind == BISECT_WORK_RUNS && !w->build) {
		free(j->key);
		free(j);
		return error("executor slurm: runs without a build");
	}
	if (!reattach(x, j) && submit_job(x, j) < 0) {
		free(j->tag);
		free(j->key);
		free(j);
		return -1;
	}
	ALLOC_GROW(x->jobs, x->nr + 1, x->alloc);
	x->jobs[x->nr++] = j;
	return 0;
}

static void sjob_free(struct sjob *j)
{
	free(j->tag);
	free(j->key);
	free(j);
}

static void tell_phases(struct sx *x)
{
	for (size_t i = 0; i < x->nr; i++) {
		struct sjob *j = x->jobs[i];

		if (j->told)
			continue;
		j->told = true;
		if (j->w->kind == BISECT_WORK_BUILD) {
			phase(x, j->w, BISECT_EV_CHECKOUT);
			phase(x, j->w, BISECT_EV_BUILD_STARTED);
		} else {
			phase(x, j->w, BISECT_EV_RUN_STARTED);
		}
	}
}

/* the work could not be done: a skip (BUILD_INFRA, RUN_INFRA), never a verdict */
static void infra_done(const struct sjob *j, const char *why, struct bisect_done *d)
{
	if (j->w->kind == BISECT_WORK_BUILD) {
		build_result_release(&d->build);
		d->build.status = BUILD_INFRA;
		d->build.reason = xstrdup(why);
		return;
	}
	for (size_t i = 0; i < d->runs_nr; i++)
		run_result_release(&d->runs[i]);
	free(d->runs);
	d->runs = xcalloc(j->w->nr + 1, sizeof(*d->runs));
	d->runs_nr = j->w->nr;
	for (size_t i = 0; i < j->w->nr; i++) {
		d->runs[i].verdict = RUN_INFRA;
		d->runs[i].reason = xstrdup(why);
	}
}

/* the result file of a job that ended well: 0, or -1 after error() */
static int read_result(struct sx *x, const struct sjob *j, struct bisect_done *d)
{
	char *res = file_of(x, j, "res"), *log;
	int ret = bisect_step_result_read(res, d);

	free(res);
	if (ret < 0)
		return -1;
	if (j->w->kind == BISECT_WORK_RUNS && d->runs_nr != j->w->nr)
		return error("Slurm job %lu: %zu runs in its result, %zu asked", j->id, d->runs_nr,
			     j->w->nr);
	if (j->w->kind == BISECT_WORK_BUILD) {
		log = file_of(x, j, "ccache");
		if ((x->o.have_ccache || file_exists(log)) && !ccache_stats_read(log, &d->ccache))
			d->have_ccache = true;
		free(log);
	}
	return 0;
}

/* the last line of a job's output (what the node side said last), or NULL */
static char *last_line(const struct sx *x, const struct sjob *j)
{
	struct strbuf sb = STRBUF_INIT;
	char *out = file_of(x, j, "out"), *ret = NULL;
	const char *nl;

	if (strbuf_read_file(&sb, out) >= 0) {
		strbuf_rtrim(&sb);
		nl = strrchr(sb.buf, '\n');
		nl = nl ? nl + 1 : sb.buf;
		if (*nl)
			ret = xstrndup(nl, 200);
	}
	strbuf_release(&sb);
	free(out);
	return ret;
}

/*
 * Job i ended (st): 0 with *d filled and the job gone from the list, or 1
 * when it was submitted again.
 */
static int job_ended(struct sx *x, size_t i, const struct slurm_status *st,
		     struct bisect_done *d)
{
	struct sjob *j = x->jobs[i];
	char *why = NULL;

	memset(d, 0, sizeof(*d));
	d->id = j->w->id;
	d->kind = j->w->kind;
	if (st->outcome == SLURM_DONE && st->exit_code == 0 && read_result(x, j, d) == 0)
		goto done;
	bisect_done_release(d);
	d->id = j->w->id;
	d->kind = j->w->kind;
	if (st->outcome == SLURM_DONE) {
		char *last = last_line(x, j);

		why = xstrfmt("Slurm job %lu: the node side ended with status %d%s%s (%s/%s.out)",
			      j->id, st->exit_code, last ? ": " : "", last ? last : "", x->dir,
			      j->tag);
		free(last);
	} else
		why = xstrfmt("Slurm job %lu: %s%s%s%s", j->id, st->state_name,
			      st->reason[0] ? " (" : "", st->reason, st->reason[0] ? ")" : "");
	if (++j->tries < SLURM_TRIES) {
		warning("%s: submitted again", why);
		free(why);
		if (submit_job(x, j) == 0)
			return 1;
		why = xstrdup("the job could not be submitted again");
	}
	infra_done(j, why, d);
	free(why);
done:
	d->job_id = xstrfmt("%lu", j->id);
	record(x, j->key, "done");
	memmove(x->jobs + i, x->jobs + i + 1, (x->nr - i - 1) * sizeof(*x->jobs));
	x->nr--;
	sjob_free(j);
	return 0;
}

/* the controller stayed away: the first job's work is infrastructure trouble */
static int unreachable(struct sx *x, struct bisect_done *d)
{
	struct sjob *j = x->jobs[0];

	memset(d, 0, sizeof(*d));
	d->id = j->w->id;
	d->kind = j->w->kind;
	infra_done(j, "the Slurm controller does not answer", d);
	d->job_id = xstrfmt("%lu", j->id);
	slurm_cancel(&x->s, &j->id, 1);
	memmove(x->jobs, x->jobs + 1, (x->nr - 1) * sizeof(*x->jobs));
	x->nr--;
	sjob_free(j);
	return 0;
}

static int sx_wait(void *ctx, struct bisect_done *d)
{
	struct sx *x = ctx;

	memset(d, 0, sizeof(*d));
	for (;;) {
		unsigned long *ids;
		struct slurm_status *st;
		int r;

		if (!x->nr)
			return error("executor slurm: nothing to wait for");
		tell_phases(x);
		ids = xcalloc(x->nr, sizeof(*ids));
		st = xcalloc(x->nr, sizeof(*st));
		for (size_t i = 0; i < x->nr; i++)
			ids[i] = x->jobs[i]->id;
		r = slurm_wait(&x->s, ids, x->nr, SLURM_WAIT_ANY, 0, st);
		for (size_t i = 0; r == 0 && i < x->nr; i++) {
			if (st[i].outcome == SLURM_ACTIVE)
				continue;
			r = job_ended(x, i, &st[i], d) ? 2 : 3;
		}
		free(ids);
		free(st);
		if (r == 3)
			return 0;
		if (r < 0)
			return unreachable(x, d);
	}
}

static int sx_tree_holds(void *ctx, const char *tree, const char *signature)
{
	struct sx *x = ctx;

	return x->b && x->b->verify ? x->b->verify(x->b->ctx, tree, signature) : -1;
}

/* the engine stops: its jobs go (their notes stay: a resumed job submits again) */
static void sx_cancel(void *ctx)
{
	struct sx *x = ctx;
	unsigned long *ids;

	if (!x->nr)
		return;
	ids = xcalloc(x->nr, sizeof(*ids));
	for (size_t i = 0; i < x->nr; i++)
		ids[i] = x->jobs[i]->id;
	slurm_cancel(&x->s, ids, x->nr);
	free(ids);
	for (size_t i = 0; i < x->nr; i++)
		sjob_free(x->jobs[i]);
	x->nr = 0;
}

/*
 * Jobs of this work directory that nobody waits for: those of a killed
 * culprit for work this one planned otherwise. Only the holder of the work
 * directory submits under its name, so every active one is an orphan now.
 */
static void cancel_orphans(struct sx *x)
{
	unsigned long ids[256];
	int n = slurm_find(&x->s, x->name, ids, ARRAY_SIZE(ids));

	if (n > 0)
		slurm_cancel(&x->s, ids, (size_t)n);
}

static void sx_release(void *ctx)
{
	struct sx *x = ctx;

	sx_cancel(x);
	if (x->started)
		cancel_orphans(x);
	signals_restore();
	bisect_slurm_opts_release(&x->o);
	free(x->jobs);
	free(x->workdir);
	free(x->dir);
	free(x->jobfile);
	free(x->self);
	free(x->name);
	free(x->cwd);
	free(x);
}

/* culprit-<FNV-1a of the work directory>: the name of all its jobs */
static char *job_name(const char *workdir)
{
	uint64_t h = fnv1a64(workdir, strlen(workdir));

	return xstrfmt("culprit-%012llx", (unsigned long long)(h & 0xffffffffffffULL));
}

int bisect_executor_slurm(struct bisect_executor *ex, const struct bisect_job *job,
			  const char *workdir, const struct builder_ops *b)
{
	struct sx *x = xcalloc(1, sizeof(*x));
	struct strvec goods = STRVEC_INIT;

	x->ex = ex;
	x->job = job;
	x->b = b;
	x->s.conf = getenv("SLURM_CONF");
	if (bisect_slurm_opts_parse(job, &x->o) < 0) {
		free(x);
		return -1;
	}
	x->s.poll = x->o.poll;
	x->workdir = real_path(workdir);
	if (!x->workdir)
		x->workdir = xstrdup(workdir);
	x->dir = xstrfmt("%s/slurm", x->workdir);
	x->jobfile = xstrfmt("%s/" BISECT_JOB_FILE, x->dir);
	x->name = job_name(x->workdir);
	x->self = self_exe_path();
	x->cwd = getcwd(NULL, 0);
	*ex = (struct bisect_executor){ .name = "slurm", .ctx = x,
					.slots = job->probes > 0 ? (size_t)job->probes : 1,
					.submit = sx_submit, .wait = sx_wait,
					.tree_holds = sx_tree_holds, .cancel = sx_cancel,
					.release = sx_release };
	for (size_t i = 0; i < job->goods.nr; i++)
		strvec_push(&goods, job->goods.v[i]);
	if (!x->self || slurm_check(&x->s) < 0 || mkdir_p(x->dir, 0777) < 0 ||
	    bisect_job_write_file(job, job->bad, &goods, x->jobfile) < 0) {
		strvec_clear(&goods);
		sx_release(x);
		memset(ex, 0, sizeof(*ex));
		return -1;
	}
	strvec_clear(&goods);
	signals_install(x);
	x->started = true;
	return 0;
}
