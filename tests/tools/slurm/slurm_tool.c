// SPDX-License-Identifier: Apache-2.0
/*
 * slurm-tool: drive src/slurm/ from the shell (the e2e tests against
 * scripts/slurm-local.sh, debugging against a real cluster).
 *
 *	slurm-tool check
 *	slurm-tool submit OPTIONS -- ARGV...     prints the job id
 *	slurm-tool run OPTIONS -- ARGV...        submit, print "submitted ID", wait
 *	slurm-tool wait [--timeout S] [--any] ID...
 *	slurm-tool query ID...
 *	slurm-tool attach ID NAME                status, checked against the name
 *	slurm-tool find NAME                     ids of active jobs so called
 *	slurm-tool cancel ID...
 *	slurm-tool ccache-env [--dir D] [--remote URL] [--remote-only] [--prefix P] [--statslog F]
 *	slurm-tool ccache-stats STATSLOG
 * OPTIONS: --name N --dir D [--time SECONDS] [--partition P] [--account A]
 *	[--output F] [--error F] [--workdir D] [--env NAME=VALUE]... [--sbatch ARG]...
 *	[--requeue]
 * A status line: "id=5 state=FAILED outcome=done exit=3 signal=0
 * source=squeue name=NAME reason=R". SLURM_CONF is inherited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slurm/ccache.h"
#include "slurm/slurm.h"
#include "util/strvec.h"
#include "util/util.h"

static int usage(void)
{
	fprintf(stderr, "usage: slurm-tool check|submit|run|wait|query|attach|find|cancel|"
		"ccache-env|ccache-stats ...\n");
	return 2;
}

static void print_status(const struct slurm_status *st)
{
	printf("id=%lu state=%s outcome=%s exit=%d signal=%d source=%s name=%s reason=%s\n",
	       st->id, slurm_state_name(st->state), slurm_outcome_name(st->outcome),
	       st->exit_code, st->signo, st->source, st->name[0] ? st->name : "-",
	       st->reason[0] ? st->reason : "-");
	fflush(stdout);
}

static size_t read_ids(char **argv, int argc, unsigned long *ids)
{
	size_t n = 0;

	for (int i = 0; i < argc; i++)
		ids[n++] = strtoul(argv[i], NULL, 10);
	return n;
}

/* options of submit/run; returns the index of the first argv word, or -1 */
static int parse_spec(int argc, char **argv, struct slurm_job_spec *j, struct strvec *env,
		      struct strvec *extra)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--requeue")) {
			j->requeue = true;
			continue;
		}
		if (!v)
			return -1;
		i++;
		if (!strcmp(a, "--name"))
			j->name = v;
		else if (!strcmp(a, "--dir"))
			j->script_dir = v;
		else if (!strcmp(a, "--time"))
			j->time_limit = atof(v);
		else if (!strcmp(a, "--partition"))
			j->partition = v;
		else if (!strcmp(a, "--account"))
			j->account = v;
		else if (!strcmp(a, "--output"))
			j->output = v;
		else if (!strcmp(a, "--error"))
			j->error = v;
		else if (!strcmp(a, "--workdir"))
			j->workdir = v;
		else if (!strcmp(a, "--env"))
			strvec_push(env, v);
		else if (!strcmp(a, "--sbatch"))
			strvec_push(extra, v);
		else
			return -1;
	}
	j->env = env->v;
	j->extra_args = extra->v;
	j->argv = (const char *const *)argv + i;
	return i;
}

static int cmd_submit(struct slurm *s, int argc, char **argv, bool wait)
{
	struct slurm_job_spec j = SLURM_JOB_SPEC_INIT;
	struct strvec env = STRVEC_INIT, extra = STRVEC_INIT;
	struct slurm_status st;
	unsigned long id;
	int ret = 1;

	if (parse_spec(argc, argv, &j, &env, &extra) < 0) {
		ret = usage();
		goto out;
	}
	if (slurm_submit(s, &j, &id) < 0)
		goto out;
	printf(wait ? "submitted %lu\n" : "%lu\n", id);
	fflush(stdout);
	ret = 0;
	if (wait) {
		ret = slurm_wait(s, &id, 1, SLURM_WAIT_ALL, 0, &st) ? 1 : 0;
		print_status(&st);
	}
out:
	strvec_clear(&env);
	strvec_clear(&extra);
	return ret;
}

static int cmd_ids(struct slurm *s, const char *cmd, int argc, char **argv)
{
	double timeout = 0;
	enum slurm_wait_mode mode = SLURM_WAIT_ALL;
	unsigned long *ids;
	struct slurm_status *st;
	size_t n;
	int ret;

	while (argc > 0 && !strncmp(argv[0], "--", 2)) {
		if (!strcmp(argv[0], "--any")) {
			mode = SLURM_WAIT_ANY;
			argv++, argc--;
		} else if (!strcmp(argv[0], "--timeout") && argc > 1) {
			timeout = atof(argv[1]);
			argv += 2, argc -= 2;
		} else {
			return usage();
		}
	}
	if (argc < 1)
		return usage();
	ids = xcalloc(argc, sizeof(*ids));
	st = xcalloc(argc, sizeof(*st));
	n = read_ids(argv, argc, ids);
	if (!strcmp(cmd, "cancel"))
		ret = slurm_cancel(s, ids, n);
	else if (!strcmp(cmd, "query"))
		ret = slurm_query(s, ids, n, st);
	else
		ret = slurm_wait(s, ids, n, mode, timeout, st);
	if (ret >= 0 && strcmp(cmd, "cancel"))
		for (size_t i = 0; i < n; i++)
			print_status(&st[i]);
	free(ids);
	free(st);
	return ret ? 1 : 0;
}

static int cmd_ccache(int argc, char **argv)
{
	if (!strcmp(argv[1], "ccache-stats")) {
		struct ccache_stats cs;

		if (argc != 3 || ccache_stats_read(argv[2], &cs) < 0)
			return argc != 3 ? usage() : 1;
		printf("calls=%lu hits=%lu misses=%lu direct=%lu preprocessed=%lu "
		       "remote_hits=%lu local_hits=%lu uncacheable=%lu errors=%lu\n",
		       cs.calls, cs.hits, cs.misses, cs.direct_hits, cs.preprocessed_hits,
		       cs.remote_hits, cs.local_hits, cs.uncacheable, cs.errors);
		return 0;
	}
	struct ccache_config cfg = CCACHE_CONFIG_INIT;
	struct strvec env = STRVEC_INIT;
	int ret = 0;

	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--remote-only"))
			cfg.remote_only = true;
		else if (!v)
			return usage();
		else if (!strcmp(argv[i], "--dir"))
			cfg.dir = argv[++i];
		else if (!strcmp(argv[i], "--remote"))
			cfg.remote = argv[++i];
		else if (!strcmp(argv[i], "--prefix"))
			cfg.prefix = argv[++i];
		else if (!strcmp(argv[i], "--statslog"))
			cfg.statslog = argv[++i];
		else
			return usage();
	}
	if (ccache_env(&cfg, &env) < 0)
		ret = 1;
	for (size_t i = 0; i < env.nr; i++)
		printf("%s\n", env.v[i]);
	strvec_clear(&env);
	return ret;
}

int main(int argc, char **argv)
{
	struct slurm s = SLURM_INIT;
	const char *cmd;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	if (!strncmp(cmd, "ccache-", 7))
		return cmd_ccache(argc, argv);
	s.poll = 0.5;
	if (!strcmp(cmd, "check"))
		return slurm_check(&s) ? 1 : 0;
	if (!strcmp(cmd, "submit") || !strcmp(cmd, "run"))
		return cmd_submit(&s, argc - 2, argv + 2, !strcmp(cmd, "run"));
	if (!strcmp(cmd, "attach") && argc == 4) {
		struct slurm_status st;

		if (slurm_attach(&s, strtoul(argv[2], NULL, 10), argv[3], &st) < 0)
			return 1;
		print_status(&st);
		return 0;
	}
	if (!strcmp(cmd, "find") && argc == 3) {
		unsigned long ids[64];
		int n = slurm_find(&s, argv[2], ids, ARRAY_SIZE(ids));

		for (int i = 0; i < n; i++)
			printf("%lu\n", ids[i]);
		return n < 0 ? 1 : 0;
	}
	if (!strcmp(cmd, "wait") || !strcmp(cmd, "query") || !strcmp(cmd, "cancel"))
		return cmd_ids(&s, cmd, argc - 2, argv + 2);
	return usage();
}
