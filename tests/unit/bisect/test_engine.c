// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the engine's interfaces: both policies driven through their
 * ops (policy.h) without the engine, the events an observer sees (event.h),
 * an executor that answers in parts and keeps facts in the journal
 * (executor.h), and --replay giving the same log as the run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bisect/bisect.h"
#include "bisect/executor.h"
#include "bisect/policy.h"
#include "util/strbuf.h"
#include "util/util.h"

#define TITLE "KASAN: use-after-free Read in f"
#define N 40

#include "engine_fixture.h"

/* ------------------------------------------------- policies by their ops */

static void note_count(void *ctx, const char *text)
{
	(void)text;
	++*(int *)ctx;
}

/* a step as the engine makes one: runs while the policy wants them */
static enum bisect_verdict policy_step(const struct bisect_policy_ops *pol, void *ps,
				       struct bisect_state *st, struct unit *u,
				       enum bisect_plan plan, bool crashes,
				       struct bisect_step *s)
{
	int from = u->runs, limit = pol->runs_wanted(ps, st, u, plan);

	if (pol->settled(ps, st, u, from, plan))
		limit = u->runs;
	while (u->runs < limit) {
		add_run(st, u, crashes);
		if (pol->settled(ps, st, u, from, plan))
			break;
	}
	memset(s, 0, sizeof(*s));
	s->runs = xcalloc(u->jruns_nr + 1, sizeof(*s->runs));
	for (size_t i = from; i < u->jruns_nr; i++)
		s->runs[s->runs_nr++].verdict = u->jruns[i].verdict;
	return pol->verdict(ps, st, s, u);
}

/* both policies find the culprit of a deterministic crash, through their ops alone */
static void test_policies_by_ops(void **state)
{
	const struct bisect_policy_ops *pols[] = { &bisect_policy_bayes, &bisect_policy_syzbot };

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(pols); k++) {
		const struct bisect_policy_ops *pol = pols[k];
		struct bisect_job job = BISECT_JOB_INIT;
		struct bisect_result res = BISECT_RESULT_INIT;
		struct bisect_state st;
		struct bisect_step s;
		struct bisect_probe probe;
		struct bisect_round round = { .max = 1, .probes = &probe };
		struct bisect_answer ans;
		struct vcs_dag dag;
		size_t culprit = 23, rounds = 0;
		void *ps;
		struct unit *u;

		bisect_state_init(&st, &job, &res);
		st.runs = 10;
		st.conf = 0.99;
		ps = pol->start(&st);
		linear_dag(&dag, N);
		bisect_state_set_slice(&st, &dag);
		/* the bad end (the slice's head) */
		u = tested(&st, N - 1);
		st.bad_unit = (int)(u - st.units);
		/* no title given: bayes may run the bad end on until one title leads */
		assert_int_equal(pol->runs_wanted(ps, &st, u, BISECT_PLAN_FIRST),
				 pol == &bisect_policy_bayes ? 120 : 20);
		for (int i = 0; i < 20; i++) {
			if (pol == &bisect_policy_bayes)
				assert_false(pol->settled(ps, &st, u, 0, BISECT_PLAN_FIRST));
			add_run(&st, u, true);
		}
		/* 20 runs, one title: settled */
		if (pol == &bisect_policy_bayes)
			assert_true(pol->settled(ps, &st, u, 0, BISECT_PLAN_FIRST));
		bisect_choose_target(&st);
		unit_recount(&st, u);
		assert_string_equal(st.target, TITLE);
		assert_int_equal(u->crashes, 20);
		pol->search_begin(ps, &st, N - 1);
		for (;;) {
			enum bisect_verdict v;

			pol->next(ps, &st, &round);
			if (!round.nr)
				break;
			assert_true(round.nr <= round.max);
			assert_true(probe.node < N && probe.reaches <= probe.remaining);
			u = tested(&st, probe.node);
			v = policy_step(pol, ps, &st, u, BISECT_PLAN_PROBE, probe.node >= culprit, &s);
			assert_int_equal(v, probe.node >= culprit ? BISECT_VERDICT_BAD :
								    BISECT_VERDICT_GOOD);
			pol->update(ps, &st, &probe, v, &s, &st.tested[st.tested_nr - 1]);
			free(s.runs);
			res.steps_nr++;
			assert_true(++rounds < 20);
		}
		assert_int_equal(round.end, BISECT_SEARCH_FOUND);
		assert_int_equal(round.culprit, culprit);
		/* a perfect reproducer: git bisect's ceil(log2 N) + 2 steps at most */
		assert_true(rounds <= 8);
		bisect_posterior(&st);
		pol->answer(ps, &st, round.end, round.culprit, &ans);
		assert_true(ans.found);
		assert_true(st.post[culprit] > 0.99);
		bisect_answer_release(&ans);
		pol->release(ps);
		bisect_state_release(&st);
		dag_free(&dag);
		res.steps_nr = 0;
		bisect_result_release(&res);
	}
}

/* syzbot's rule through its ops: 2 of 10 crashed is bad and makes it flaky */
static void test_syzbot_ops(void **state)
{
	const struct bisect_policy_ops *pol = &bisect_policy_syzbot;
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct bisect_state st;
	struct bisect_step s = { 0 };
	struct bisect_run runs[20] = { 0 };
	struct unit u = { 0 };
	int notes = 0;
	void *ps;

	(void)state;
	bisect_state_init(&st, &job, &res);
	st.runs = 10;
	st.conf = 0.99;
	st.note = note_count;
	st.note_ctx = &notes;
	ps = pol->start(&st);
	assert_int_equal(pol->runs_wanted(ps, &st, &u, BISECT_PLAN_PROBE), 10);
	runs[3].verdict = runs[7].verdict = RUN_CRASHED;
	s.runs = runs;
	s.runs_nr = 10;
	assert_int_equal(pol->verdict(ps, &st, &s, &u), BISECT_VERDICT_BAD);
	assert_int_equal(notes, 1);	/* "the reproducer is flaky" */
	assert_int_equal(pol->runs_wanted(ps, &st, &u, BISECT_PLAN_PROBE), 20);
	/* flaky now: 14 OK of 20 (the rest did not boot) is under 3/4 */
	runs[3].verdict = runs[7].verdict = RUN_OK;
	for (int i = 14; i < 20; i++)
		runs[i].verdict = RUN_BOOT_FAILED;
	s.runs_nr = 20;
	assert_int_equal(pol->verdict(ps, &st, &s, &u), BISECT_VERDICT_SKIP);
	assert_false(pol->settled(ps, &st, &u, 0, BISECT_PLAN_PROBE));
	/* 16 OK, 4 "lost connection": syzbot ignores those (neither bad nor OK) */
	for (int i = 14; i < 20; i++)
		runs[i].verdict = i < 16 ? RUN_OK : RUN_CRASHED;
	for (int i = 16; i < 20; i++)
		runs[i].title = (char *)"lost connection to test machine";
	assert_int_equal(pol->verdict(ps, &st, &s, &u), BISECT_VERDICT_GOOD);
	runs[16].title = (char *)"KASAN: use-after-free Read in f";
	runs[17].title = runs[18].title = runs[16].title;	/* 3 of 20: bad */
	assert_int_equal(pol->verdict(ps, &st, &s, &u), BISECT_VERDICT_BAD);
	pol->release(ps);
	bisect_state_release(&st);
}

static void test_decision_text(void **state)
{
	(void)state;
	assert_string_equal(bisect_decision_text(BISECT_VERDICT_SKIP, true, true), "skip");
	assert_string_equal(bisect_decision_text(BISECT_VERDICT_BAD, false, true), "bad");
	/* git's terms in fix mode: the crashing (old) side is "good" */
	assert_string_equal(bisect_decision_text(BISECT_VERDICT_BAD, true, true), "good");
	assert_string_equal(bisect_decision_text(BISECT_VERDICT_GOOD, true, true), "bad");
	/* the ends and release tags: "bad" always means it crashes */
	assert_string_equal(bisect_decision_text(BISECT_VERDICT_BAD, true, false), "bad");
	assert_string_equal(bisect_decision_text(BISECT_VERDICT_GOOD, true, false), "good");
}

/* --------------------------------------------- the engine on a fake world */

struct world {
	size_t culprit;
	int builds, runs;
	bool machines;		/* runs report a machine, a boot time and a note */
	int checkouts;
};

static long index_of(const char *hash)
{
	return (long)strtoull(hash, NULL, 16) - 1;	/* -1: the good end */
}

static int h_resolve(void *ctx, const char *rev, char out[VCS_HEXSZ + 1])
{
	(void)ctx;
	if (strlen(rev) != VCS_HEXSZ)
		return error("unknown revision %s", rev);
	strcpy(out, rev);
	return 0;
}

static int h_load_dag(void *ctx, const char *head, const char *const *bases, size_t bases_nr,
		      struct vcs_dag *out)
{
	(void)ctx;
	(void)head;
	(void)bases;
	(void)bases_nr;
	linear_dag(out, N);
	return 0;
}

static void h_release_dag(void *ctx, struct vcs_dag *dag)
{
	(void)ctx;
	dag_free(dag);
}

static int h_commit_info(void *ctx, const char *hash, struct vcs_commit *out)
{
	long i = index_of(hash);

	(void)ctx;
	memset(out, 0, sizeof(*out));
	strcpy(out->hash, hash);
	out->subject = xstrfmt("commit %ld", i);
	out->parents_nr = 1;
	out->parents = xcalloc(1, sizeof(char *));
	out->parents[0] = xmalloc(VCS_HEXSZ + 1);
	hash_of((size_t)(i - 1), out->parents[0]);
	if (i <= 0)
		snprintf(out->parents[0], VCS_HEXSZ + 1, "%040d", 0);
	return 0;
}

static void h_release_commit(void *ctx, struct vcs_commit *c)
{
	(void)ctx;
	free(c->parents[0]);
	free(c->parents);
	free(c->subject);
}

static int b_build(void *ctx, const char *commit, const char *tree, struct build_result *out)
{
	struct world *w = ctx;

	(void)tree;
	memset(out, 0, sizeof(*out));
	out->status = BUILD_OK;
	out->seconds = 2;
	snprintf(out->signature, sizeof(out->signature), "%064lx", index_of(commit) + 1);
	w->builds++;
	return 0;
}

static int r_run(void *ctx, const struct build_result *b, const char *tree, int index,
		 struct run_result *out)
{
	struct world *w = ctx;
	long i = (long)strtoull(b->signature + 48, NULL, 16) - 1;

	(void)tree;
	memset(out, 0, sizeof(*out));
	out->seconds = 1;
	if (w->machines) {
		strcpy(out->machine, index % 2 ? "pc, TCG" : "microvm, TCG");
		out->boot_seconds = index % 2 ? 2.5 : 1.5;
		out->note = xstrdup("accel: TCG (-cpu host: MSR 0x10a)");
	}
	/* flaky: every third run of a bad commit is OK */
	if (i >= (long)w->culprit && index % 3 != 2) {
		out->verdict = RUN_CRASHED;
		out->crashes.items = xcalloc(1, sizeof(struct crash_report));
		out->crashes.nr = out->crashes.alloc = 1;
		out->crashes.items[0].title = xstrdup(TITLE);
		out->crashes.items[0].report = xstrdup("BUG: KASAN: use-after-free in f\n");
	} else {
		out->verdict = RUN_OK;
	}
	w->runs++;
	return 0;
}

/* remove <dir>/journal and dir */
static void rm_workdir(const char *dir)
{
	char *path = xstrfmt("%s/journal", dir);

	unlink(path);
	free(path);
	rmdir(dir);
}

struct fake {
	struct world w;
	struct bisect_history h;
	struct builder_ops b;
	struct runner_ops r;
	char good[VCS_HEXSZ + 1], bad[VCS_HEXSZ + 1];
};

static void fake_job(struct fake *f, struct bisect_job *job, const char *workdir)
{
	memset(f, 0, sizeof(*f));
	f->w.culprit = 17;
	f->h = (struct bisect_history){ .ctx = &f->w, .resolve = h_resolve,
					.load_dag = h_load_dag, .release_dag = h_release_dag,
					.commit_info = h_commit_info,
					.release_commit = h_release_commit };
	f->b = (struct builder_ops){ .ctx = &f->w, .build = b_build };
	f->r = (struct runner_ops){ .ctx = &f->w, .parallel = 1, .run = r_run };
	snprintf(f->good, sizeof(f->good), "%040d", 0);
	hash_of(N - 1, f->bad);
	bisect_job_init(job);
	bisect_job_set(job, "bad", f->bad);
	bisect_job_set(job, "good", f->good);
	bisect_job_set(job, "workdir", workdir);
	job->history = &f->h;
	job->builder = &f->b;
	job->runner = &f->r;
	job->jobs = 2;
}

/* every event, in order, and enough of each to check what an observer sees */
struct recorder {
	int count[BISECT_EV_RESULT + 1];
	enum bisect_event_type first, last;
	int events;
	int decided_with_runs;	/* STEP_DECIDED of a built step carries its runs */
	int posteriors_ok;	/* POSTERIOR sums to 1 over the slice and "none" */
	bool culprit_seen;
	char culprit[VCS_HEXSZ + 1];
};

static void rec_event(void *ctx, const struct bisect_event *ev)
{
	struct recorder *r = ctx;

	if (!r->events++)
		r->first = ev->type;
	r->last = ev->type;
	r->count[ev->type]++;
	assert_non_null(ev->job);
	assert_non_null(ev->res);
	switch (ev->type) {
	case BISECT_EV_STEP_DECIDED:
		assert_non_null(ev->step->decision);
		if (ev->step->build == BUILD_OK && ev->step->runs_nr)
			r->decided_with_runs++;
		break;
	case BISECT_EV_POSTERIOR: {
		double sum = ev->none;

		for (size_t i = 0; i < ev->dag->nr; i++)
			sum += ev->posterior[i];
		r->posteriors_ok += sum > 0.999 && sum < 1.001;
		break;
	}
	case BISECT_EV_CULPRIT:
		r->culprit_seen = true;
		strcpy(r->culprit, ev->hash);
		break;
	case BISECT_EV_RUN_FINISHED:
		assert_non_null(ev->run);
		break;
	default:
		break;
	}
}

static const struct bisect_observer_ops rec_ops = { "recorder", rec_event };

static void test_events(void **state)
{
	char dir[] = "/tmp/culprit-test-events-XXXXXX";
	struct bisect_job job;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct recorder rec = { 0 };
	struct fake f;
	char want[VCS_HEXSZ + 1];

	(void)state;
	assert_non_null(mkdtemp(dir));
	fake_job(&f, &job, dir);
	bisect_job_add_observer(&job, &rec_ops, &rec);
	assert_int_equal(bisect_run(&job, &res), 0);
	hash_of(f.w.culprit, want);
	assert_int_equal(res.outcome, BISECT_FOUND);
	assert_string_equal(res.culprit, want);
	assert_int_equal(rec.first, BISECT_EV_JOB_STARTED);
	assert_int_equal(rec.last, BISECT_EV_RESULT);
	assert_int_equal(rec.count[BISECT_EV_RESULT], 1);
	assert_true(rec.culprit_seen);
	assert_string_equal(rec.culprit, want);
	/* every step started, built and decided; actual work seen as it happened */
	assert_int_equal(rec.count[BISECT_EV_STEP_STARTED], (int)res.steps_nr);
	assert_int_equal(rec.count[BISECT_EV_STEP_DECIDED], (int)res.steps_nr);
	assert_int_equal(rec.decided_with_runs, (int)res.steps_nr);
	assert_int_equal(rec.count[BISECT_EV_BUILD_FINISHED], res.builds);
	assert_int_equal(rec.count[BISECT_EV_BUILD_STARTED], res.builds);
	assert_int_equal(rec.count[BISECT_EV_RUN_FINISHED], res.runs);
	assert_int_equal(f.w.runs, res.runs);
	/* bayes: a posterior for every round (each probe, and the last), and one after */
	assert_int_equal(rec.count[BISECT_EV_STEP_CHOSEN], (int)res.steps_nr - 1);
	assert_int_equal(rec.count[BISECT_EV_POSTERIOR], (int)res.steps_nr + 1);
	assert_int_equal(rec.posteriors_ok, rec.count[BISECT_EV_POSTERIOR]);
	bisect_result_release(&res);
	bisect_job_release(&job);
	rm_workdir(dir);
}

/* the log of a run and of its replay (without the line of wall-clock times) */
static void log_of(struct bisect_job *job, struct bisect_result *res, struct strbuf *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct bisect_log log;
	size_t keep = job->observers_nr;

	bisect_log_init(&log, f);
	bisect_job_add_observer(job, &bisect_log_ops, &log);
	assert_int_equal(bisect_run(job, res), 0);
	job->observers_nr = keep;
	fclose(f);
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!starts_with(line, "revisions tested:"))
			strbuf_addf(out, "%s\n", line);
	free(buf);
}

static void test_replay_same_log(void **state)
{
	char dir[] = "/tmp/culprit-test-replay-XXXXXX";
	struct bisect_job job;
	struct bisect_result res = BISECT_RESULT_INIT, res2 = BISECT_RESULT_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct fake f;
	int builds;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fake_job(&f, &job, dir);
	bisect_job_set(&job, "policy", "syzbot");
	log_of(&job, &res, &a);
	builds = f.w.builds;
	assert_true(builds > 0);
	job.replay = true;
	log_of(&job, &res2, &b);
	assert_int_equal(f.w.builds, builds);	/* the replay built nothing */
	assert_string_equal(a.buf, b.buf);
	assert_string_equal(res.culprit, res2.culprit);
	assert_true(strstr(a.buf, "# git bisect start") != NULL);
	strbuf_release(&a);
	strbuf_release(&b);
	bisect_result_release(&res);
	bisect_result_release(&res2);
	bisect_job_release(&job);
	rm_workdir(dir);
}

/* ------------------------------------------------------------- executor */

/*
 * An executor that does the work through the local one but hands runs
 * back one at a time, last first, and keeps a "job id" per piece of work
 * in the journal, as a cluster executor would.
 */
struct parts {
	struct bisect_executor local;
	struct bisect_executor *self;
	struct bisect_done pending;
	size_t left;
	int submitted, parts;
};

static int parts_submit(void *ctx, const struct bisect_work *w)
{
	struct parts *p = ctx;
	char key[64], id[32];

	p->local.host = p->self->host;
	snprintf(key, sizeof(key), "fake.job.%lu", w->id);
	snprintf(id, sizeof(id), "%d", 1000 + ++p->submitted);
	if (p->self->host->record(p->self->host->ctx, key, id) < 0)
		return -1;
	return p->local.submit(p->local.ctx, w);
}

static int parts_wait(void *ctx, struct bisect_done *out)
{
	struct parts *p = ctx;

	if (!p->left) {
		if (p->local.wait(p->local.ctx, &p->pending) < 0)
			return -1;
		if (p->pending.kind == BISECT_WORK_BUILD || p->pending.runs_nr < 2) {
			*out = p->pending;
			memset(&p->pending, 0, sizeof(p->pending));
			return 0;
		}
		p->left = p->pending.runs_nr;
	}
	/* the last run not handed back yet, alone */
	memset(out, 0, sizeof(*out));
	out->id = p->pending.id;
	out->kind = BISECT_WORK_RUNS;
	out->first = --p->left;
	out->runs_nr = 1;
	p->parts++;
	out->runs = xcalloc(1, sizeof(*out->runs));
	out->runs[0] = p->pending.runs[out->first];
	memset(&p->pending.runs[out->first], 0, sizeof(*out->runs));
	if (!p->left)
		bisect_done_release(&p->pending);
	return 0;
}

static void test_executor_in_parts(void **state)
{
	char dir[] = "/tmp/culprit-test-exec-XXXXXX";
	struct bisect_job job, job2;
	struct bisect_result res = BISECT_RESULT_INIT, res2 = BISECT_RESULT_INIT;
	struct bisect_executor ex;
	struct parts p = { 0 };
	struct fake f, f2;
	struct strbuf text = STRBUF_INIT;
	char *wd2, *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fake_job(&f, &job, dir);
	job.jobs = 3;
	bisect_executor_local(&p.local, &f.h, &f.b, &f.r, 1);
	ex = (struct bisect_executor){ .name = "parts", .ctx = &p, .submit = parts_submit,
				       .wait = parts_wait };
	p.self = &ex;
	job.executor = &ex;
	assert_int_equal(bisect_run(&job, &res), 0);
	assert_true(p.parts > 2 * 3);	/* batches of 3 runs came back one by one */
	/* the same answer and evidence as the local executor in one piece */
	wd2 = xstrfmt("%s/local", dir);
	fake_job(&f2, &job2, wd2);
	job2.jobs = 3;
	assert_int_equal(bisect_run(&job2, &res2), 0);
	assert_int_equal(res.outcome, BISECT_FOUND);
	assert_string_equal(res.culprit, res2.culprit);
	assert_int_equal(res.runs, res2.runs);
	assert_int_equal(res.steps_nr, res2.steps_nr);
	for (size_t i = 0; i < res.steps_nr; i++) {
		assert_int_equal(res.steps[i].runs_nr, res2.steps[i].runs_nr);
		for (size_t k = 0; k < res.steps[i].runs_nr; k++)
			assert_int_equal(res.steps[i].runs[k].verdict, res2.steps[i].runs[k].verdict);
	}
	/* the executor's facts are in the journal for the next process */
	path = xstrfmt("%s/journal", dir);
	assert_true(strbuf_read_file(&text, path) >= 0);
	assert_non_null(strstr(text.buf, "\nnote\tfake.job.1\t1001\n"));
	assert_non_null(strstr(text.buf, "\nnote\tfake.job.3\t1003\n"));
	strbuf_release(&text);
	free(path);
	p.local.release(p.local.ctx);
	bisect_result_release(&res);
	bisect_result_release(&res2);
	bisect_job_release(&job);
	bisect_job_release(&job2);
	rm_workdir(wd2);
	free(wd2);
	rm_workdir(dir);
}

/* a replay with nothing in the journal: the executor refuses, nothing is built */
static void test_replay_refuses(void **state)
{
	char dir[] = "/tmp/culprit-test-refuse-XXXXXX";
	struct bisect_job job;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct fake f;
	char *path;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xstrfmt("%s/journal", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	fake_job(&f, &job, dir);
	job.replay = true;
	assert_int_equal(bisect_run(&job, &res), 0);
	assert_int_equal(res.outcome, BISECT_INCONCLUSIVE);
	assert_non_null(strstr(res.error, "journal ends here"));
	assert_int_equal(f.w.builds, 0);
	bisect_result_release(&res);
	bisect_job_release(&job);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* ------------------------------------------- machines, the prepare step */

static int h_checkout(void *ctx, const char *dir, const char *hash)
{
	struct world *w = ctx;

	(void)dir;
	(void)hash;
	w->checkouts++;
	return 0;
}

struct prep {
	int calls;
	char clean[VCS_HEXSZ + 1], crashing[VCS_HEXSZ + 1];
};

static int prep_run(void *ctx, const struct bisect_prepare_args *a)
{
	struct prep *p = ctx;

	p->calls++;
	strcpy(p->crashing, a->crashing);
	strcpy(p->clean, a->clean ? a->clean : "");
	assert_non_null(a->tree);
	a->line(a->line_ctx, "minimizing the kernel config full.config: 100 options");
	a->line(a->line_ctx, "the baseline reproduces");
	a->kconfig->tried = a->kconfig->used = true;
	a->kconfig->original = xstrdup("full.config");
	a->kconfig->config = xstrdup("min.config");
	a->kconfig->options_before = 100;
	a->kconfig->options_after = 10;
	a->kconfig->image_before = 8 << 20;
	a->kconfig->image_after = 2 << 20;
	a->kconfig->build_before = 300;
	a->kconfig->build_after = 60;
	*a->moved = true;
	return 0;
}

static void test_machines_and_prepare(void **state)
{
	char dir[] = "/tmp/culprit-test-prepare-XXXXXX";
	struct bisect_job job;
	struct bisect_result res = BISECT_RESULT_INIT, res2 = BISECT_RESULT_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, json = STRBUF_INIT;
	struct recorder rec = { 0 };
	struct prep p = { 0 };
	struct bisect_prepare prepare = { &p, prep_run };
	struct fake f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fake_job(&f, &job, dir);
	f.w.machines = true;
	f.h.checkout = h_checkout;
	job.prepare = &prepare;
	bisect_job_add_observer(&job, &rec_ops, &rec);
	log_of(&job, &res, &a);
	assert_int_equal(res.outcome, BISECT_FOUND);
	/* the prepare step: once, with the ends, its lines, then the tree back to bad */
	assert_int_equal(p.calls, 1);
	assert_string_equal(p.crashing, f.bad);
	assert_string_equal(p.clean, f.good);
	assert_int_equal(rec.count[BISECT_EV_PREPARE], 2);
	assert_int_equal(rec.count[BISECT_EV_PREPARED], 1);
	assert_true(f.w.checkouts >= 1);
	assert_non_null(strstr(a.buf, "\nthe baseline reproduces\n"));
	assert_non_null(strstr(a.buf, "kernel config: minimized min.config: 10 options "
				      "(original 100), image 2.0 MiB (original 8.0 MiB), "
				      "build 60s (original 300s)"));
	/* the runner's note once, boot times per step */
	assert_non_null(strstr(a.buf, "accel: TCG (-cpu host: MSR 0x10a)"));
	assert_null(strstr(strstr(a.buf, "MSR 0x10a") + 1, "MSR 0x10a"));
	assert_non_null(strstr(a.buf, "boot: 1.5s-2.5s on microvm, TCG; pc, TCG ("));
	assert_int_equal(bisect_result_to_json(&job, &res, &json), 0);
	assert_non_null(strstr(json.buf, "\"machine\": \"microvm, TCG\""));
	assert_non_null(strstr(json.buf, "\"boot_seconds\": 2.5"));
	assert_non_null(strstr(json.buf, "\"kconfig\": {"));
	assert_non_null(strstr(json.buf, "\"config\": \"min.config\""));
	assert_string_equal(res.steps[0].runs[1].machine, "pc, TCG");

	/* replay: no prepare step, machines and boot times from the journal */
	job.replay = true;
	log_of(&job, &res2, &b);
	assert_int_equal(p.calls, 1);
	assert_false(res2.kconfig.tried);
	assert_string_equal(res2.steps[0].runs[1].machine, "pc, TCG");
	assert_true(res2.steps[0].runs[0].boot_seconds == 1.5);
	assert_non_null(strstr(b.buf, "boot: 1.5s-2.5s on microvm, TCG; pc, TCG ("));
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&json);
	bisect_result_release(&res);
	bisect_result_release(&res2);
	bisect_job_release(&job);
	rm_workdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policies_by_ops),
		cmocka_unit_test(test_syzbot_ops),
		cmocka_unit_test(test_decision_text),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_replay_same_log),
		cmocka_unit_test(test_executor_in_parts),
		cmocka_unit_test(test_replay_refuses),
		cmocka_unit_test(test_machines_and_prepare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
