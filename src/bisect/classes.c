// SPDX-License-Identifier: Apache-2.0
/*
 * classes.c - build classes: which commits of the slice build the same
 * kernel, known before building them (issue 12, section 1; the keys are
 * src/build/buildkey.h's). See engine.h for the calls.
 *
 * 1. After the first successful build of the job (the bad end), the builder
 *    learns the input set of that build (builder_ops.learn); it is saved in
 *    <workdir>/buildkeys/set so a resumed or replayed job has the same keys.
 * 2. When the slice is loaded, every commit of it gets its key from git blob
 *    ids (no checkout), and so do the other ends (the goods) and the parents
 *    of slice commits outside the slice (each an ancestor of a good end).
 *    Commits with equal keys form a class: they build the same kernel.
 * 3. What a class says, under the model's one culprit: every commit of a
 *    class crashes or not alike, so a candidate that is an ancestor of some
 *    but not all members of a class cannot be the culprit (it would make one
 *    crash and not the other). Members outside the slice have no ancestor
 *    in it. A commit whose key equals a parent's (a no-op commit) is the
 *    simplest case. The posterior is restricted to the other candidates
 *    (bisect_restrict_posterior()), so the members of a class weigh the
 *    same for the policy: it probes classes, not commits, and the range
 *    shrinks before the first probe.
 * 4. A commit asked for whose class has a tested member takes that
 *    member's build (its signature, hence its unit and runs): "same build
 *    as X", journalled as a build record plus a note "buildkey.same.<c>".
 * Keys of commits no set vouches for are unique ("when in doubt, a new
 * key"), so they join no class.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../build/buildkey.h"
#include "../util/strbuf.h"
#include "../util/util.h"

/*
 * The second level (preprocessed units) costs about 0.5 s a commit on the
 * demo kernel (buildkey.h), the first 5 ms; it merges comment-only commits
 * (54 classes of 240 commits instead of 139), worth about one probe per
 * doubling of the classes. Over this many commits a build (10-40 s) saved
 * no longer pays for it: larger slices get the first level only.
 */
#define LEVEL2_MAX_COMMITS 256

/* a keyed commit outside the slice (a good end, a parent of a slice commit) */
struct outside {
	char hash[VCS_HEXSZ + 1];
	struct buildkey key;
};

struct bisect_classes {
	struct vcs_repo *repo;
	const struct builder_ops *b;
	struct buildkeys *bk;
	char *set_path, *pp_dir;
	bool have_set;		/* a set was learnt (or loaded) */
	bool tried;		/* learning was tried (once a job) */
	bool kernel;		/* the words of the log */
	bool level2;		/* preprocess (small slices) */

	/* once the slice is loaded */
	bool keyed;
	struct buildkey *keys;	/* per slice index (e->st.dag) */
	struct outside *out;
	size_t out_nr, out_alloc;
	uint64_t *impossible;	/* candidates no class allows */
};

/* ------------------------------------------------------------ the option */

int bisect_job_build_keys(const struct bisect_job *job, bool *on)
{
	const char *v = NULL;

	*on = true;
	for (size_t i = 0; i < job->extra.nr; i++) {
		const char *rest;

		if (skip_prefix(job->extra.v[i], "build.keys=", &rest))
			v = rest;	/* the last one wins (flags after the job file) */
	}
	if (!v)
		return 0;
	if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
		return 0;
	if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0")) {
		*on = false;
		return 0;
	}
	return error("build.keys must be on or off, not '%s'", v);
}

/* ----------------------------------------------------------- set-up */

struct bisect_classes *classes_open(struct engine *e, const char *workdir)
{
	const struct bisect_job *job = e->job;
	struct bisect_classes *c;
	bool on;

	if (bisect_job_build_keys(job, &on) < 0 || !on || !workdir || !job->repo ||
	    job->history || job->executor || !job->builder || !job->builder->learn ||
	    !job->builder->context)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->repo = vcs_open(job->repo);
	if (!c->repo) {
		free(c);
		return NULL;
	}
	c->b = job->builder;
	c->bk = buildkeys_new(c->repo);
	c->kernel = job->backend && !strcmp(job->backend, "kernel");
	c->set_path = xstrfmt("%s/buildkeys/set", workdir);
	c->pp_dir = xstrfmt("%s/buildkeys/pp", workdir);
	if (file_exists(c->set_path)) {
		struct buildkey_set *set = buildkey_set_load(c->set_path);

		c->tried = true;
		if (set) {
			buildkeys_add_set(c->bk, set);
			c->have_set = true;
		}
	}
	return c;
}

void classes_close(struct bisect_classes *c)
{
	if (!c)
		return;
	buildkeys_free(c->bk);
	if (c->repo)
		vcs_close(c->repo);
	free(c->set_path);
	free(c->pp_dir);
	free(c->keys);
	free(c->out);
	free(c->impossible);
	free(c);
}

static void note(struct engine *e, const char *text)
{
	struct bisect_event ev = { .type = BISECT_EV_NOTE, .text = text };

	engine_emit(e, &ev);
}

void classes_learn(struct engine *e, const char *hash)
{
	struct bisect_classes *c = e->cls;
	struct buildkey_set *set = NULL;
	int r;

	/* not from a commit only the build tree holds (the revert): its blobs are not here */
	if (!c || c->tried || !vcs_has_commit(c->repo, hash))
		return;
	c->tried = true;
	if (mkdir_p(c->pp_dir, 0755) < 0)
		return;
	r = c->b->learn(c->b->ctx, c->repo, hash, e->tree, c->kernel ? c->pp_dir : NULL, &set);
	if (r != 0)
		return;	/* cannot be keyed (the builder said why when it matters): no keys */
	if (buildkey_set_save(set, c->set_path) < 0) {
		buildkey_set_free(set);
		return;
	}
	buildkeys_add_set(c->bk, set);
	c->have_set = true;
}

/* ------------------------------------------------------------- keys */

/* "when in doubt, a new key" */
static void unique_key(const char *hash, struct buildkey *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->key, sizeof(out->key), "u1:%s", hash);
	out->kind = BUILDKEY_UNIQUE;
}

static void key_of(struct bisect_classes *c, const char *hash, struct buildkey *out)
{
	char *context = c->b->context(c->b->ctx, hash);

	if (buildkeys_of(c->bk, hash, context, c->level2, out) < 0)
		unique_key(hash, out);
	free(context);
}

static const struct buildkey *outside_key(struct bisect_classes *c, const char *hash)
{
	for (size_t i = 0; i < c->out_nr; i++)
		if (!strcmp(c->out[i].hash, hash))
			return &c->out[i].key;
	return NULL;
}

static const struct buildkey *add_outside(struct bisect_classes *c, const char *hash)
{
	const struct buildkey *k = outside_key(c, hash);
	struct outside *o;

	if (k)
		return k;
	ALLOC_GROW(c->out, c->out_nr + 1, c->out_alloc);
	o = &c->out[c->out_nr++];
	snprintf(o->hash, sizeof(o->hash), "%s", hash);
	/*
	 * The slice was loaded from c->repo; a commit outside it may be one
	 * only the build tree holds (the verification's revert), with no
	 * blobs here to key: a new key, quietly (a replay never asks).
	 */
	if (vcs_has_commit(c->repo, hash))
		key_of(c, hash, &o->key);
	else
		unique_key(hash, &o->key);
	return &o->key;
}

/* the key of hash (slice or outside), NULL when it has none */
static const struct buildkey *find_key(struct engine *e, const char *hash)
{
	struct bisect_classes *c = e->cls;
	long node;

	if (!c || !c->keyed)
		return NULL;
	node = bisect_node_of(&e->st, hash);
	return node >= 0 ? &c->keys[node] : outside_key(c, hash);
}

/*
 * Is slice commit i a no-op (its key equals one of its parents')? Keys the
 * parents outside the slice on the way.
 */
static bool is_noop(struct engine *e, size_t i)
{
	struct bisect_classes *c = e->cls;
	struct vcs_commit info = { 0 };
	bool noop = false;

	if (c->keys[i].kind == BUILDKEY_UNIQUE || vcs_commit_info(c->repo, e->st.dag.hash[i], &info) < 0)
		return false;
	for (size_t k = 0; k < info.parents_nr && !noop; k++) {
		long p = bisect_node_of(&e->st, info.parents[k]);
		const struct buildkey *pk = p >= 0 ? &c->keys[p] : add_outside(c, info.parents[k]);

		noop = buildkey_same(&c->keys[i], pk);
	}
	vcs_commit_release(&info);
	return noop;
}

/*
 * The candidates no class allows: for each class, those that are ancestors
 * of some member but not of all (members outside the slice have none).
 */
static void mark_impossible(struct engine *e, const size_t *class_of, size_t classes)
{
	struct bisect_classes *c = e->cls;
	size_t n = e->st.dag.nr, words = bitset_words(n) + 1;
	size_t *count = xcalloc(classes + 1, sizeof(*count));
	bool *outside = xcalloc(classes + 1, sizeof(*outside));
	uint64_t **any = xcalloc(classes + 1, sizeof(*any)), **all = xcalloc(classes + 1, sizeof(*all));

	for (size_t i = 0; i < n; i++)
		count[class_of[i]]++;
	for (size_t o = 0; o < c->out_nr; o++)
		for (size_t i = 0; i < n; i++)
			if (buildkey_same(&c->out[o].key, &c->keys[i]))
				outside[class_of[i]] = true;
	for (size_t i = 0; i < n; i++) {
		size_t k = class_of[i];
		uint64_t *anc;

		if (count[k] < 2 && !outside[k])
			continue;
		anc = bgraph_ancestors(&e->st.g, i);
		if (!any[k]) {
			any[k] = xcalloc(words, sizeof(uint64_t));
			all[k] = xcalloc(words, sizeof(uint64_t));
			if (!outside[k])
				memcpy(all[k], anc, words * sizeof(uint64_t));
		}
		for (size_t w = 0; w < words; w++) {
			any[k][w] |= anc[w];
			all[k][w] &= anc[w];
		}
		free(anc);
	}
	c->impossible = xcalloc(words, sizeof(uint64_t));
	for (size_t k = 0; k < classes; k++) {
		for (size_t w = 0; any[k] && w < words; w++)
			c->impossible[w] |= any[k][w] & ~all[k][w];
		free(any[k]);
		free(all[k]);
	}
	free(any);
	free(all);
	free(count);
	free(outside);
}

void classes_slice(struct engine *e, const char *const *bases, size_t bases_nr)
{
	struct bisect_classes *c = e->cls;
	size_t n = e->st.dag.nr, *class_of, classes, noops = 0, unique = 0;
	double t0 = now_seconds();
	struct strbuf sb = STRBUF_INIT;

	e->res->range.commits = n;
	if (!c || !c->have_set || c->keyed)
		return;
	c->level2 = n <= LEVEL2_MAX_COMMITS;
	c->keys = xcalloc(n + 1, sizeof(*c->keys));
	for (size_t i = 0; i < n; i++) {
		key_of(c, e->st.dag.hash[i], &c->keys[i]);
		unique += c->keys[i].kind == BUILDKEY_UNIQUE;
	}
	for (size_t i = 0; i < bases_nr; i++)
		if (bisect_node_of(&e->st, bases[i]) < 0)
			add_outside(c, bases[i]);
	c->keyed = true;
	for (size_t i = 0; i < n; i++)
		noops += is_noop(e, i);
	class_of = xcalloc(n + 1, sizeof(*class_of));
	classes = buildkey_classes(c->keys, n, class_of);
	mark_impossible(e, class_of, classes);
	e->st.impossible = c->impossible;
	e->res->range.keyed = true;
	e->res->range.build_classes = classes;
	e->res->range.noop_commits = noops;
	strbuf_addf(&sb, "build keys: the %zu commits build %zu different %s (%zu no-op commits, "
		    "%zu not vouched for), known before building (%.1fs)", n, classes,
		    c->kernel ? "kernels" : "artifacts", noops, unique, now_seconds() - t0);
	note(e, sb.buf);
	strbuf_release(&sb);
	free(class_of);
}

/* ------------------------------------------------------------- sharing */

bool classes_same_inputs(struct engine *e, const char *a, const char *b)
{
	const struct buildkey *ka = find_key(e, a), *kb = find_key(e, b);

	return ka && kb && buildkey_same(ka, kb);
}

int classes_reuse(struct engine *e, const char *hash, struct jbuild *out)
{
	const struct buildkey *k = find_key(e, hash);
	const struct tcommit *same = NULL;
	char *key;
	int ret;

	if (!k || k->kind == BUILDKEY_UNIQUE)
		return 0;
	for (size_t i = 0; i < e->st.tested_nr && !same; i++) {
		const struct tcommit *t = &e->st.tested[i];
		const struct buildkey *tk;

		if (t->status == BUILD_INFRA || !(tk = find_key(e, t->hash)))
			continue;
		if (buildkey_same(k, tk))
			same = t;
	}
	if (!same)
		return 0;
	memset(out, 0, sizeof(*out));
	strcpy(out->hash, hash);
	out->status = same->status;
	if (same->status == BUILD_OK)
		strcpy(out->signature, e->st.units[same->unit].sig);
	out->compiler = same->compiler ? xstrdup(same->compiler) : NULL;
	out->artifact_dir = same->artifact_dir ? xstrdup(same->artifact_dir) : NULL;
	out->reason = same->reason ? xstrdup(same->reason) : NULL;
	key = xstrfmt("buildkey.same.%s", hash);
	ret = journal_add_note(e->jr, key, same->hash);
	free(key);
	if (ret < 0) {
		jbuild_release(out);
		return -1;
	}
	return 1;
}

const char *classes_same_as(struct engine *e, const char *hash)
{
	char *key = xstrfmt("buildkey.same.%s", hash);
	const char *v = journal_find_note(e->jr, key);

	free(key);
	return v;
}

void classes_announce(struct engine *e, const char *hash, const char *other)
{
	char *text = xstrfmt("commit %s builds the same %s as %s (no compiled input changed): "
			     "sharing its results", hash,
			     e->cls && !e->cls->kernel ? "artifact" : "kernel", other);

	note(e, text);
	free(text);
}

/* ---------------------------------------------------------- the model */

void bisect_restrict_posterior(struct bisect_state *st)
{
	double sum = 0;

	if (!st->impossible || !st->have_dag)
		return;
	for (size_t c = 0; c < st->dag.nr; c++)
		if (!bitset_test(st->impossible, c))
			sum += st->post[c];
	if (!(sum > 0))
		return;	/* the runs contradict the classes: keep the model's answer */
	for (size_t c = 0; c < st->dag.nr; c++)
		st->post[c] = bitset_test(st->impossible, c) ? 0 : st->post[c] / sum;
}
