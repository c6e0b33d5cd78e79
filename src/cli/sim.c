// SPDX-License-Identifier: Apache-2.0
/*
 * culprit sim - the bisection engine against a simulated oracle: accuracy
 * and cost per policy (see src/bisect/sim.h).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../bisect/sim.h"
#include "../util/parse.h"
#include "../util/strvec.h"
#include "../util/util.h"

static const char usage_text[] =
	"usage: culprit sim [<options>]\n"
	"\n"
	"History (one of):\n"
	"  --commits <n>        synthetic DAG of n commits (default 1000)\n"
	"  --merges <share>     share of merge commits in it (default 0.1)\n"
	"  --repo <dir> --bad <rev> --good <rev>\n"
	"                       the DAG between two commits of a real repository (bare too)\n"
	"Oracle:\n"
	"  --p <prob>           chance a run on a commit with the culprit shows the crash (1)\n"
	"  --fp <prob>          chance a run without it shows the target title anyway (0)\n"
	"  --other <prob>       chance of an unrelated crash (0)\n"
	"  --skip-rate <share>  commits that fail to build (0)\n"
	"  --infra-rate <prob>  runs lost to infrastructure trouble (0)\n"
	"  --noop-rate <share>  commits whose artifact equals their parent's (0)\n"
	"  --mode cause|fix     (cause)\n"
	"  --no-culprit         every commit crashes at --p, the good end too\n"
	"  --sim-title-unknown  the job names no target title (the engine picks it)\n"
	"  --no-verify          the search alone: bayes does not verify its culprit\n"
	"                       (by default it does, as culprit bisect does)\n"
	"Trials and cost:\n"
	"  --trials <n> (100)   --seed <n> (1)   --policies bayes,syzbot (both)\n"
	"  --build-cost <s> (600)   --run-cost <s> (60)   --vms <n> (1)\n"
	"  --runs <n>           job runs per commit (10)\n"
	"  --probes <k> (1)     commits tested at once per round\n"
	"  --workers <n>        modelled machines (--probes; more ones build ahead)\n"
	"  --round-choice greedy|quantiles\n"
	"                       how bayes picks a round's probes (greedy)\n"
	"  --confidence <p>     job confidence (0.99)\n"
	"Output:\n"
	"  --json               one JSON object per policy instead of the table\n"
	"  --verbose            the engine's log of every trial on stderr\n";

/* a number flag (util/parse.h): whole numbers for counts, decimals for rates */
static int num(const char *opt, const char *v, double lo, double hi, bool whole, double *out)
{
	char err[160];
	long n;

	if (!v)
		return error("%s needs a value", opt);
	if (whole) {
		if (parse_int_range(v, (long)lo, (long)hi, &n, err, sizeof(err)) < 0)
			return error("%s: %s", opt, err);
		*out = (double)n;
	} else if (parse_double_range(v, lo, hi, out, err, sizeof(err)) < 0) {
		return error("%s: %s", opt, err);
	}
	return 0;
}

/* a numeric flag: its range and where it goes */
struct num_flag {
	const char *name;
	double lo, hi;
	enum { F_DOUBLE, F_INT, F_SIZE, F_U64 } kind;
	void *dst;
};

/* --policies bayes,syzbot */
static int parse_policies(const char *v, struct strvec *policies)
{
	char *s = xstrdup(v), *tok, *save = NULL;
	int r = 0;

	strvec_clear(policies);
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum bisect_policy pol;

		if (bisect_parse_policy(tok, &pol) < 0)
			r = error("--policies: unknown policy '%s'", tok);
		strvec_push(policies, tok);
	}
	free(s);
	return r;
}

/* a flag with a value other than a number; 1 when `a` is none of them */
static int string_flag(const char *a, const char *v, struct sim_params *p,
		       struct strvec *policies)
{
	if (strcmp(a, "--repo") && strcmp(a, "--bad") && strcmp(a, "--good") &&
	    strcmp(a, "--policies") && strcmp(a, "--mode") && strcmp(a, "--round-choice"))
		return 1;
	if (!v)
		return error("%s needs a value", a);
	if (!strcmp(a, "--round-choice")) {
		if (strcmp(v, "greedy") && strcmp(v, "quantiles"))
			return error("--round-choice: '%s' is neither greedy nor quantiles", v);
		p->quantiles = !strcmp(v, "quantiles");
		return 0;
	}
	if (!strcmp(a, "--repo"))
		p->repo = v;
	else if (!strcmp(a, "--bad"))
		p->bad = v;
	else if (!strcmp(a, "--good"))
		p->good = v;
	else if (!strcmp(a, "--mode"))
		return bisect_parse_mode(v, &p->mode) < 0 ?
		       error("--mode: '%s' is neither cause nor fix", v) : 0;
	else
		return parse_policies(v, policies);
	return 0;
}

/* 0, 1 after --help, -1 on bad usage (after a message) */
static int parse_args(int argc, const char **argv, struct sim_params *p,
		      struct strvec *policies, bool *json)
{
	const struct num_flag flags[] = {
		{ "--commits", 2, 10000000, F_SIZE, &p->commits },
		{ "--merges", 0, 0.5, F_DOUBLE, &p->merge_share },
		{ "--p", 0, 1, F_DOUBLE, &p->p },
		{ "--fp", 0, 1, F_DOUBLE, &p->fp },
		{ "--other", 0, 1, F_DOUBLE, &p->other },
		{ "--skip-rate", 0, 0.9, F_DOUBLE, &p->skip_rate },
		{ "--infra-rate", 0, 0.9, F_DOUBLE, &p->infra_rate },
		{ "--noop-rate", 0, 0.9, F_DOUBLE, &p->noop_rate },
		{ "--trials", 1, 10000000, F_INT, &p->trials },
		{ "--seed", 0, 1e15, F_U64, &p->seed },
		{ "--build-cost", 0, 1e9, F_DOUBLE, &p->build_cost },
		{ "--run-cost", 0, 1e9, F_DOUBLE, &p->run_cost },
		{ "--vms", 1, 1024, F_INT, &p->vms },
		{ "--runs", 1, 1000, F_INT, &p->runs },
		{ "--probes", 1, BISECT_MAX_PROBES, F_INT, &p->probes },
		{ "--workers", 1, 1024, F_INT, &p->workers },
		{ "--confidence", 0.5, 0.999999, F_DOUBLE, &p->confidence },
	};

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const struct num_flag *f = NULL;
		double d;
		int r;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (!strcmp(a, "--verbose")) {
			p->log = stderr;
			continue;
		}
		if (!strcmp(a, "--json")) {
			*json = true;
			continue;
		}
		if (!strcmp(a, "--verify") || !strcmp(a, "--no-verify")) {
			p->verify = a[2] == 'v';
			continue;
		}
		if (!strcmp(a, "--no-culprit") || !strcmp(a, "--sim-title-unknown")) {
			*(a[2] == 'n' ? &p->no_culprit : &p->title_unknown) = true;
			continue;
		}
		for (size_t k = 0; k < ARRAY_SIZE(flags); k++)
			if (!strcmp(a, flags[k].name))
				f = &flags[k];
		if (f) {
			if (num(a, v, f->lo, f->hi, f->kind != F_DOUBLE, &d) < 0)
				return -1;
			if (f->kind == F_DOUBLE)
				*(double *)f->dst = d;
			else if (f->kind == F_INT)
				*(int *)f->dst = (int)d;
			else if (f->kind == F_SIZE)
				*(size_t *)f->dst = (size_t)d;
			else
				*(uint64_t *)f->dst = (uint64_t)d;
			i++;
			continue;
		}
		r = string_flag(a, v, p, policies);
		if (r > 0)
			return error("unknown option '%s' (see culprit sim --help)", a);
		if (r < 0)
			return -1;
		i++;
	}
	if (p->repo && !p->good)
		return error("--repo needs --good (and --bad, default HEAD)");
	if ((p->bad || p->good) && !p->repo)
		return error("--bad and --good need --repo");
	return 0;
}

static void print_json(const struct sim_params *p, const char *policy, const struct sim_stats *st)
{
	double t = st->trials ? st->trials : 1;
	json_t *o = json_object(), *cal;
	char *text;

	json_object_set_new(o, "policy", json_string(policy));
	json_object_set_new(o, "commits", json_integer((json_int_t)st->dag_size));
	json_object_set_new(o, "trials", json_integer(st->trials));
	json_object_set_new(o, "p", json_real(p->p));
	json_object_set_new(o, "verify", json_boolean(p->verify && strcmp(policy, "syzbot")));
	json_object_set_new(o, "exact", json_real(st->exact / t));
	json_object_set_new(o, "wrong", json_real(st->wrong / t));
	json_object_set_new(o, "inconclusive", json_real(st->inconclusive / t));
	json_object_set_new(o, "no_repro", json_real(st->no_repro / t));
	json_object_set_new(o, "no_culprit", json_real(st->no_culprit / t));
	json_object_set_new(o, "culprit_in_result", json_real(st->in_result / t));
	cal = json_array();
	for (int b = 0; b < SIM_CALIBRATION_BUCKETS; b++)
		json_array_append_new(cal, json_pack("{s:f,s:f,s:i,s:i}", "min", st->calibration[b].min,
						     "max", st->calibration[b].max, "trials",
						     st->calibration[b].trials, "right",
						     st->calibration[b].right));
	json_object_set_new(o, "calibration", cal);
	json_object_set_new(o, "mean_builds", json_real(st->builds / t));
	json_object_set_new(o, "max_builds", json_integer(st->max_builds));
	json_object_set_new(o, "max_revisions_tested", json_integer(st->max_tested));
	json_object_set_new(o, "exact_within_log2_plus_2", json_real(st->max_builds_exact_ok / t));
	json_object_set_new(o, "mean_runs", json_real(st->runs / t));
	json_object_set_new(o, "mean_wall_seconds", json_real(st->wall / t));
	json_object_set_new(o, "mean_machine_seconds", json_real(st->work / t));
	json_object_set_new(o, "probes", json_integer(p->probes > 0 ? p->probes : 1));
	json_object_set_new(o, "workers", json_integer(p->workers > p->probes ? p->workers :
						       p->probes > 0 ? p->probes : 1));
	json_object_set_new(o, "mean_rounds", json_real(st->rounds / t));
	json_object_set_new(o, "mean_speculative_builds", json_real(st->speculative_builds / t));
	json_object_set_new(o, "mean_speculative_used", json_real(st->speculative_used / t));
	json_object_set_new(o, "cpu_seconds", json_real(st->cpu_seconds));
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	puts(text);
	free(text);
	json_decref(o);
}

static void print_row(const char *policy, const struct sim_stats *st)
{
	double t = st->trials ? st->trials : 1;
	char *wall = format_duration(st->wall / t);

	printf("%-8s %7d %7.1f%% %7.1f%% %7.1f%% %8.1f %8.1f %12s %7.1fs\n", policy, st->trials,
	       100 * st->exact / t, 100 * st->wrong / t, 100 * st->inconclusive / t, st->builds / t,
	       st->runs / t, wall, st->cpu_seconds);
	free(wall);
}

int cmd_sim(int argc, const char **argv)
{
	struct sim_params p = SIM_PARAMS_INIT;
	struct strvec policies = STRVEC_INIT;
	bool json = false;
	int ret = EXIT_FOUND, r = parse_args(argc, argv, &p, &policies, &json);

	if (r) {
		strvec_clear(&policies);
		return r > 0 ? EXIT_FOUND : EXIT_USAGE;
	}
	if (!policies.nr)
		strvec_pushl(&policies, "bayes", "syzbot", NULL);
	if (!json)
		printf("%-8s %7s %8s %8s %8s %8s %8s %12s %8s\n", "policy", "trials", "exact",
		       "wrong", "inconcl", "builds", "runs", "wall", "cpu");
	for (size_t k = 0; k < policies.nr; k++) {
		struct sim_stats st;
		enum bisect_policy pol;

		bisect_parse_policy(policies.v[k], &pol);
		if (sim_run(&p, pol, &st) < 0) {
			ret = EXIT_USAGE;
			break;
		}
		if (json)
			print_json(&p, policies.v[k], &st);
		else
			print_row(policies.v[k], &st);
		fflush(stdout);
	}
	strvec_clear(&policies);
	return ret;
}
