// SPDX-License-Identifier: Apache-2.0
/*
 * culprit sim - the bisection engine against a simulated oracle: accuracy
 * and cost per policy (see src/bisect/sim.h).
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../bisect/sim.h"
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
	"Trials and cost:\n"
	"  --trials <n> (100)   --seed <n> (1)   --policies bayes,syzbot (both)\n"
	"  --build-cost <s> (600)   --run-cost <s> (60)   --vms <n> (1)\n"
	"  --runs <n>           job runs per commit (10)\n"
	"  --confidence <p>     job confidence (0.99)\n"
	"Output:\n"
	"  --json               one JSON object per policy instead of the table\n"
	"  --verbose            the engine's log of every trial on stderr\n";

static int num(const char *opt, const char *v, double lo, double hi, double *out)
{
	char *end;
	double d;

	if (!v)
		return error("%s needs a value", opt);
	errno = 0;
	d = strtod(v, &end);
	if (errno || end == v || *end || !(d >= lo && d <= hi))
		return error("%s: '%s' is not a number in [%g, %g]", opt, v, lo, hi);
	*out = d;
	return 0;
}

int cmd_sim(int argc, const char **argv)
{
	struct sim_params p = SIM_PARAMS_INIT;
	struct strvec policies = STRVEC_INIT;
	bool json = false;
	double d;
	int ret = EXIT_FOUND;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int r = 0;

#define NUMOPT(name, lo, hi, field, conv)                                  \
		if (!strcmp(a, name)) {                                    \
			r = num(a, v, lo, hi, &d);                         \
			if (!r)                                            \
				field = conv d;                            \
			i++;                                               \
			goto next;                                         \
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			strvec_clear(&policies);
			return EXIT_FOUND;
		}
		NUMOPT("--commits", 2, 10000000, p.commits, (size_t))
		NUMOPT("--merges", 0, 0.5, p.merge_share, (double))
		NUMOPT("--p", 0, 1, p.p, (double))
		NUMOPT("--fp", 0, 1, p.fp, (double))
		NUMOPT("--other", 0, 1, p.other, (double))
		NUMOPT("--skip-rate", 0, 0.9, p.skip_rate, (double))
		NUMOPT("--infra-rate", 0, 0.9, p.infra_rate, (double))
		NUMOPT("--noop-rate", 0, 0.9, p.noop_rate, (double))
		NUMOPT("--trials", 1, 10000000, p.trials, (int))
		NUMOPT("--seed", 0, 1e15, p.seed, (uint64_t))
		NUMOPT("--build-cost", 0, 1e9, p.build_cost, (double))
		NUMOPT("--run-cost", 0, 1e9, p.run_cost, (double))
		NUMOPT("--vms", 1, 1024, p.vms, (int))
		NUMOPT("--runs", 1, 1000, p.runs, (int))
		NUMOPT("--confidence", 0.5, 0.999999, p.confidence, (double))
#undef NUMOPT
		if (!strcmp(a, "--repo") || !strcmp(a, "--bad") || !strcmp(a, "--good") ||
		    !strcmp(a, "--policies") || !strcmp(a, "--mode")) {
			if (!v) {
				r = error("%s needs a value", a);
			} else if (!strcmp(a, "--repo")) {
				p.repo = v;
			} else if (!strcmp(a, "--bad")) {
				p.bad = v;
			} else if (!strcmp(a, "--good")) {
				p.good = v;
			} else if (!strcmp(a, "--mode")) {
				if (bisect_parse_mode(v, &p.mode) < 0)
					r = error("--mode: '%s' is neither cause nor fix", v);
			} else {
				char *s = xstrdup(v), *tok, *save = NULL;

				strvec_clear(&policies);
				for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
					enum bisect_policy pol;

					if (bisect_parse_policy(tok, &pol) < 0)
						r = error("--policies: unknown policy '%s'", tok);
					strvec_push(&policies, tok);
				}
				free(s);
			}
			i++;
		} else if (!strcmp(a, "--verbose")) {
			p.log = stderr;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else {
			r = error("unknown option '%s' (see culprit sim --help)", a);
		}
next:
		if (r < 0) {
			strvec_clear(&policies);
			return EXIT_USAGE;
		}
	}
	if (p.repo && !p.good) {
		error("--repo needs --good (and --bad, default HEAD)");
		strvec_clear(&policies);
		return EXIT_USAGE;
	}
	if ((p.bad || p.good) && !p.repo) {
		error("--bad and --good need --repo");
		strvec_clear(&policies);
		return EXIT_USAGE;
	}
	if (!policies.nr)
		strvec_pushl(&policies, "bayes", "syzbot", NULL);
	if (!json)
		printf("%-8s %7s %8s %8s %8s %8s %8s %12s %8s\n", "policy", "trials", "exact",
		       "wrong", "inconcl", "builds", "runs", "wall", "cpu");
	for (size_t k = 0; k < policies.nr; k++) {
		struct sim_stats st;
		enum bisect_policy pol;
		double t;

		bisect_parse_policy(policies.v[k], &pol);
		if (sim_run(&p, pol, &st) < 0) {
			ret = EXIT_USAGE;
			break;
		}
		t = st.trials ? st.trials : 1;
		if (json) {
			json_t *o = json_object();
			char *text;

			json_object_set_new(o, "policy", json_string(policies.v[k]));
			json_object_set_new(o, "commits", json_integer((json_int_t)st.dag_size));
			json_object_set_new(o, "trials", json_integer(st.trials));
			json_object_set_new(o, "p", json_real(p.p));
			json_object_set_new(o, "exact", json_real(st.exact / t));
			json_object_set_new(o, "wrong", json_real(st.wrong / t));
			json_object_set_new(o, "inconclusive", json_real(st.inconclusive / t));
			json_object_set_new(o, "mean_builds", json_real(st.builds / t));
			json_object_set_new(o, "max_builds", json_integer(st.max_builds));
			json_object_set_new(o, "max_revisions_tested", json_integer(st.max_tested));
			json_object_set_new(o, "exact_within_log2_plus_2",
					    json_real(st.max_builds_exact_ok / t));
			json_object_set_new(o, "mean_runs", json_real(st.runs / t));
			json_object_set_new(o, "mean_wall_seconds", json_real(st.wall / t));
			json_object_set_new(o, "cpu_seconds", json_real(st.cpu_seconds));
			text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
			puts(text);
			free(text);
			json_decref(o);
		} else {
			char *wall = format_duration(st.wall / t);

			printf("%-8s %7d %7.1f%% %7.1f%% %7.1f%% %8.1f %8.1f %12s %7.1fs\n",
			       policies.v[k], st.trials, 100 * st.exact / t, 100 * st.wrong / t,
			       100 * st.inconclusive / t, st.builds / t, st.runs / t, wall,
			       st.cpu_seconds);
			free(wall);
		}
		fflush(stdout);
	}
	strvec_clear(&policies);
	return ret;
}
