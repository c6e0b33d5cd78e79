// SPDX-License-Identifier: Apache-2.0
/*
 * The configs of a minimisation (see minimize.h): the original resolved,
 * the baseline, the difference and the candidates, and the builds.
 */
#include "minimize_int.h"

#include <stdlib.h>
#include <string.h>

#include "../util/run.h"
#include "../util/util.h"

int mz_checkout(struct mz *m, const char *commit)
{
	if (m->at && !strcmp(m->at, commit))
		return 0;
	if (m->o->checkout(m->o->checkout_ctx, m->o->tree, commit) < 0)
		return error("cannot check out %s in %s", commit, m->o->tree);
	m->at = commit;
	return 0;
}

static int run_make(struct mz *m, const char *target)
{
	const struct minimize_hooks *h = m->o->hooks;
	struct child c = CHILD_INIT;
	int ret = 0;

	if (h && h->make)
		return h->make(h->ctx, m->o->tree, m->olddef, target);
	/* the same checks as the kernel builder's make (a baseline target is the caller's) */
	if (kernel_make_value_check("the kernel tree", m->o->tree, KERNEL_MAKE_PATH) < 0 ||
	    kernel_make_value_check("the config directory", m->olddef, KERNEL_MAKE_PATH) < 0 ||
	    kernel_make_value_check("kernel.arch", m->arch, KERNEL_MAKE_NAME) < 0 ||
	    kernel_make_value_check("the compiler", m->cc, KERNEL_MAKE_WORDS) < 0 ||
	    kernel_make_value_check("the config target", target, KERNEL_MAKE_TARGET) < 0)
		return -1;
	strvec_pushl(&c.args, "make", "-C", m->o->tree, NULL);
	strvec_pushf(&c.args, "O=%s", m->olddef);
	strvec_pushf(&c.args, "ARCH=%s", m->arch);
	strvec_pushf(&c.args, "CC=%s", m->cc);
	strvec_push(&c.args, target);
	kernel_build_env(&c.env);
	c.merge_stderr = true;
	c.timeout = 600;
	if (child_run(&c) < 0) {
		ret = -1;
	} else if (!child_ok(&c)) {
		char *how = child_describe(&c);

		ret = error("make %s: %s\n%s", target, how, c.out.buf);
		free(how);
	}
	child_release(&c);
	return ret;
}

int mz_build(struct mz *m, const char *config, const char *commit, struct build_result *out)
{
	const struct minimize_hooks *h = m->o->hooks;
	struct kernel_build_opts bo = *m->o->build;
	struct kernel_builder *kb;
	struct builder_ops ops;
	int ret;

	if (h && h->build)
		return h->build(h->ctx, config, commit, m->o->tree, out);
	bo.workdir = m->o->workdir;
	bo.config = config;
	kb = kernel_builder_new(&bo);
	if (!kb)
		return -1;
	ops = kernel_builder_ops(kb);
	ret = ops.build(ops.ctx, commit, m->o->tree, out);
	kernel_builder_free(kb);
	return ret;
}

/* olddefconfig (or `target`) on `in` (may be NULL: the target makes it) */
static int make_config(struct mz *m, const char *target, const struct kconfig_file *in,
		       struct kconfig_file *out)
{
	char *dot = xstrfmt("%s/.config", m->olddef);
	int ret = -1;

	if (mz_checkout(m, m->o->crashing) < 0 || mkdir_p(m->olddef, 0777) < 0 ||
	    (in && kconfig_file_write(in, dot) < 0) || run_make(m, target) < 0)
		goto out;
	kconfig_file_release(out);
	ret = kconfig_file_read(out, dot);
out:
	free(dot);
	return ret;
}

int mz_resolve(struct mz *m, const struct kconfig_file *in, struct kconfig_file *out)
{
	return make_config(m, "olddefconfig", in, out);
}

static bool is_bool_value(const char *v)
{
	return !strcmp(v, "y") || !strcmp(v, "m") || !strcmp(v, "n");
}

int mz_make_baseline(struct mz *m, const struct minimize_needs *needs)
{
	const char *frag = m->o->fragment ? m->o->fragment : kernel_default_fragment;
	const char *target = m->o->baseline ? m->o->baseline : "tinyconfig";
	struct kconfig_file f = KCONFIG_FILE_INIT, b = KCONFIG_FILE_INIT;
	int ret = -1;

	/* the target (or file) as it is */
	if (file_exists(target)) {
		struct kconfig_file file = KCONFIG_FILE_INIT;

		ret = kconfig_file_read(&file, target);
		if (!ret)
			ret = mz_resolve(m, &file, &b);
		kconfig_file_release(&file);
	} else {
		ret = make_config(m, target, NULL, &b);
	}
	if (ret < 0)
		goto out;
	/* then the fragment: where the original sets an option, its value */
	kconfig_file_parse(&f, frag, strlen(frag));
	for (size_t i = 0; i < f.nr; i++) {
		const char *ov = kconfig_get(&m->orig, f.items[i].name);

		strvec_push(&m->fragment_names, f.items[i].name);
		kconfig_set(&b, f.items[i].name, ov ? ov : f.items[i].value);
	}
	for (size_t i = 0; i < needs->names.nr; i++)
		kconfig_set(&b, needs->names.v[i], "y");
	ret = mz_resolve(m, &b, &m->base);
out:
	kconfig_file_release(&f);
	kconfig_file_release(&b);
	return ret;
}

static bool named(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], s))
			return true;
	return false;
}

struct diff_item {
	const char *name;
	const char *file;
	int line;
};

static int cmp_diff(const void *a, const void *b)
{
	const struct diff_item *x = a, *y = b;
	int c = strcmp(x->file ? x->file : "~", y->file ? y->file : "~");

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * In Kconfig order, so related options (one file, one menu) stay in one
 * group; the fragment's options and the other members of their choices
 * stay as the baseline has them.
 */
void mz_make_diff(struct mz *m, struct strvec *out)
{
	struct diff_item *items = xcalloc(m->orig.nr ? m->orig.nr : 1, sizeof(*items));
	size_t n = 0;

	for (size_t i = 0; i < m->orig.nr; i++) {
		const char *name = m->orig.items[i].name;
		int ch = kconfig_deps_choice(m->deps, name);
		bool frag_choice = false;

		if (strcmp(m->orig.items[i].value, "y") || kconfig_enabled(&m->base, name) ||
		    named(&m->fragment_names, name))
			continue;
		for (size_t j = 0; ch && j < m->fragment_names.nr; j++)
			frag_choice = frag_choice ||
				      kconfig_deps_choice(m->deps, m->fragment_names.v[j]) == ch;
		if (frag_choice)
			continue;
		items[n].name = name;
		items[n].file = kconfig_deps_where(m->deps, name, &items[n].line);
		n++;
	}
	qsort(items, n, sizeof(*items), cmp_diff);
	for (size_t i = 0; i < n; i++)
		strvec_push(out, items[i].name);
	free(items);
}

/* `set` and every dependency the original has on and the baseline not */
static void closure(struct mz *m, const struct strvec *set, struct strvec *out)
{
	for (size_t i = 0; i < set->nr; i++)
		if (!named(out, set->v[i]))
			strvec_push(out, set->v[i]);
	for (size_t i = 0; i < out->nr; i++) {
		const struct strvec *deps = kconfig_deps_of(m->deps, out->v[i]);

		for (size_t j = 0; deps && j < deps->nr; j++) {
			const char *v = kconfig_get(&m->orig, deps->v[j]);

			if (v && !strcmp(v, "y") && !kconfig_enabled(&m->base, deps->v[j]) &&
			    !named(out, deps->v[j]))
				strvec_push(out, deps->v[j]);
		}
	}
}

int mz_candidate(struct mz *m, const struct strvec *set, struct kconfig_file *out, size_t *added)
{
	struct kconfig_file c = KCONFIG_FILE_INIT;
	struct strvec all = STRVEC_INIT;
	int ret;

	kconfig_file_copy(&c, &m->base);
	for (size_t i = 0; i < m->orig.nr; i++)
		if (!is_bool_value(m->orig.items[i].value) &&
		    !named(&m->fragment_names, m->orig.items[i].name))
			kconfig_set(&c, m->orig.items[i].name, m->orig.items[i].value);
	closure(m, set, &all);
	for (size_t i = 0; i < all.nr; i++) {
		int ch = kconfig_deps_choice(m->deps, all.v[i]);

		/* one member of a choice: the others off, so the order does not pick */
		for (size_t j = 0; ch && j < c.nr; j++)
			if (kconfig_deps_choice(m->deps, c.items[j].name) == ch &&
			    strcmp(c.items[j].name, all.v[i]) && !strcmp(c.items[j].value, "y"))
				kconfig_set(&c, c.items[j].name, "n");
		kconfig_set(&c, all.v[i], "y");
	}
	*added = all.nr;
	ret = mz_resolve(m, &c, out);
	strvec_clear(&all);
	kconfig_file_release(&c);
	return ret;
}
