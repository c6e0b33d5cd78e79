// SPDX-License-Identifier: Apache-2.0
/*
 * buildkey-tool - learn build-key sets from kernel builds and print the keys
 * of commits (the kernel e2e tests t042x and bench/kernel-buildkey.sh).
 *
 *   buildkey-tool learn --repo R --workdir W --config C --commit H --set F
 *                       [--tree T] [--kbuild K] [--pp-dir D]
 *       learns from W/kbuild (a build of H in W/tree by the kernel builder)
 *       and saves the set to F; prints "key value" statistics.
 *   buildkey-tool keys --repo R --workdir W --config C --set F [--set F2 ...]
 *                      [--preprocess] (--range GOOD..BAD | COMMIT...)
 *       prints one line per commit, oldest first:
 *       "key <commit> <parent|-> <key> <kind> <changed> <units> <ms> <why>"
 *       then "commits N", "classes N", "noop N" (key equal to the first
 *       parent's), "unique N", "preprocessed N", "ms_per_commit X",
 *       "units N".
 * W and C give the kernel builder whose context (compiler, config) keys use.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/buildkey.h"
#include "build/kernel.h"
#include "util/run.h"
#include "util/strvec.h"
#include "util/util.h"
#include "vcs/vcs.h"

struct args {
	const char *repo, *workdir, *config, *commit, *tree, *kbuild, *ppdir, *range;
	struct strvec sets;
	bool preprocess;
};

static int learn(struct vcs_repo *repo, struct kernel_builder *kb, struct args *a)
{
	char *tree = a->tree ? xstrdup(a->tree) : xstrfmt("%s/tree", a->workdir);
	char *kbuild = a->kbuild ? xstrdup(a->kbuild) : NULL;
	char *ctx = kernel_builder_context(kb, a->commit);
	const char *ccs[] = { kernel_builder_cc(kb, a->commit), "gcc", NULL };
	struct buildkey_learn_opts lo = { .kbuild = kbuild, .tree = tree, .commit = a->commit,
					  .context = ctx, .compilers = ccs, .dir = a->ppdir };
	struct buildkey_set *set = NULL;
	struct buildkey_set_stats st;
	int ret = 1;

	if (!a->sets.nr) {
		error("--set FILE is required");
		goto out;
	}
	/* as the engine does; --kbuild: another builder's O= */
	ret = kbuild ? buildkey_learn_kbuild(repo, &lo, &set)
		     : kernel_builder_learn(kb, repo, a->commit, tree, a->ppdir, &set);
	if (ret) {
		ret = ret < 0 ? 1 : 3;	/* 3: this build cannot be keyed */
		goto out;
	}
	ret = 1;
	if (buildkey_set_save(set, a->sets.v[0]) < 0)
		goto out;
	buildkey_set_stats(set, &st);
	printf("commit %s\nfiles %zu\ncompiled %zu\ndirs %zu\ntargets %zu\n", st.commit, st.files,
	       st.compiled, st.dirs, st.targets);
	printf("preprocessable %zu\nnames %zu\nversion_sensitive %d\nlearn_seconds %.2f\n",
	       st.preprocessable, st.names, st.version_sensitive, st.seconds);
	ret = 0;
out:
	buildkey_set_free(set);
	free(ctx);
	free(tree);
	free(kbuild);
	return ret;
}

static void print_key(const char *commit, const char *parent, const struct buildkey *k)
{
	static const char *const kinds[] = { "unique", "inputs", "preprocessed" };

	printf("key %s %s %s %s %zu %zu %.1f %s\n", commit, parent ? parent : "-", k->key,
	       kinds[k->kind], k->changed, k->units, k->seconds * 1000, k->why[0] ? k->why : "-");
}

static int keys(struct vcs_repo *repo, struct kernel_builder *kb, struct args *a,
		char **commits, size_t nr, long *parents)
{
	struct buildkeys *bk = buildkeys_new(repo);
	struct buildkey *k = xcalloc(nr + 1, sizeof(*k));
	size_t *cls = xcalloc(nr + 1, sizeof(*cls)), noop = 0, unique = 0, pre = 0, units = 0;
	double total = 0;
	int ret = 1;

	for (size_t i = 0; i < a->sets.nr; i++) {
		struct buildkey_set *s = buildkey_set_load(a->sets.v[i]);

		if (!s)
			goto out;
		buildkeys_add_set(bk, s);
	}
	for (size_t i = 0; i < nr; i++) {
		char *ctx = kernel_builder_context(kb, commits[i]);
		int r = buildkeys_of(bk, commits[i], ctx, a->preprocess, &k[i]);

		free(ctx);
		if (r < 0)
			goto out;
		print_key(commits[i], parents[i] >= 0 ? commits[parents[i]] : NULL, &k[i]);
		fflush(stdout);
		total += k[i].seconds;
		units += k[i].units;
		unique += k[i].kind == BUILDKEY_UNIQUE;
		pre += k[i].kind == BUILDKEY_PREPROCESSED;
		if (parents[i] >= 0 && buildkey_same(&k[i], &k[parents[i]]))
			noop++;
	}
	printf("commits %zu\nclasses %zu\nnoop %zu\nunique %zu\npreprocessed %zu\n", nr,
	       buildkey_classes(k, nr, cls), noop, unique, pre);
	printf("units %zu\nms_per_commit %.2f\n", units, nr ? total * 1000 / nr : 0.0);
	ret = 0;
out:
	free(k);
	free(cls);
	buildkeys_free(bk);
	return ret;
}

/* commits of GOOD..BAD oldest first, GOOD itself first (parent of the oldest) */
static int range_keys(struct vcs_repo *repo, struct kernel_builder *kb, struct args *a)
{
	const char *dots = strstr(a->range, "..");
	char *good, **commits;
	char hash[VCS_HEXSZ + 1];
	struct vcs_dag dag;
	long *parents;
	int ret;

	if (!dots)
		return error("--range GOOD..BAD");
	good = xstrndup(a->range, dots - a->range);
	if (vcs_resolve(repo, good, hash) < 0 ||
	    vcs_load_dag(repo, dots + 2, (const char *const *)&good, 1, 0, &dag) < 0) {
		free(good);
		return 1;
	}
	commits = xcalloc(dag.nr + 2, sizeof(*commits));
	parents = xcalloc(dag.nr + 2, sizeof(*parents));
	commits[0] = hash;
	parents[0] = -1;
	for (size_t i = 0; i < dag.nr; i++) {
		commits[i + 1] = dag.hash[i];
		parents[i + 1] = dag.parents_nr[i] ? (long)dag.parents[i][0] + 1 : 0;
	}
	ret = keys(repo, kb, a, commits, dag.nr + 1, parents);
	free(commits);
	free(parents);
	free(good);
	vcs_dag_release(&dag);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "config", required_argument, NULL, 'c' },
		{ "commit", required_argument, NULL, 'm' },
		{ "tree", required_argument, NULL, 't' },
		{ "kbuild", required_argument, NULL, 'k' },
		{ "pp-dir", required_argument, NULL, 'p' },
		{ "set", required_argument, NULL, 's' },
		{ "range", required_argument, NULL, 'R' },
		{ "preprocess", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { .sets = STRVEC_INIT };
	struct kernel_build_opts ko = { 0 };
	struct vcs_repo *repo;
	struct kernel_builder *kb;
	const char *cmd;
	int c, ret;

	children_install_cleanup();
	if (argc < 2)
		goto usage;
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': a.repo = optarg; break;
		case 'w': a.workdir = optarg; break;
		case 'c': a.config = optarg; break;
		case 'm': a.commit = optarg; break;
		case 't': a.tree = optarg; break;
		case 'k': a.kbuild = optarg; break;
		case 'p': a.ppdir = optarg; break;
		case 's': strvec_push(&a.sets, optarg); break;
		case 'R': a.range = optarg; break;
		case 'P': a.preprocess = true; break;
		default: goto usage;
		}
	}
	if (!a.repo || !a.workdir || !a.config)
		goto usage;
	repo = vcs_open(a.repo);
	ko.workdir = a.workdir;
	ko.config = a.config;
	kb = repo ? kernel_builder_new(&ko) : NULL;
	if (!kb)
		return 2;
	if (!strcmp(cmd, "learn") && a.commit)
		ret = learn(repo, kb, &a);
	else if (!strcmp(cmd, "keys") && a.range)
		ret = range_keys(repo, kb, &a);
	else if (!strcmp(cmd, "keys")) {
		long *none = xcalloc(argc + 1, sizeof(*none));

		for (int i = 0; i <= argc; i++)
			none[i] = -1;
		ret = keys(repo, kb, &a, argv + optind, argc - optind, none);
		free(none);
	} else
		ret = 2;
	kernel_builder_free(kb);
	vcs_close(repo);
	strvec_clear(&a.sets);
	return ret;
usage:
	fputs("usage: buildkey-tool learn|keys --repo R --workdir W --config C ...\n", stderr);
	return 2;
}
