/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface between minimize.c and minimize_needs.c. */
#ifndef CULPRIT_BISECT_MINIMIZE_INT_H
#define CULPRIT_BISECT_MINIMIZE_INT_H

#include "kconfig.h"
#include "minimize.h"

/*
 * Options the baseline needs, each with why ("builds mm/mempolicy.c"), and
 * hints: options that guard code in the stack's files, which may matter
 * (tried as one group when the baseline alone does not reproduce).
 */
struct minimize_needs {
	struct strvec names;
	struct strvec why;
	struct strvec hints;
	struct strvec hints_why;
};

#define MINIMIZE_NEEDS_INIT { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT }

void minimize_needs_release(struct minimize_needs *needs);

/* One minimisation (minimize.c); configs made by minimize_config.c. */
struct mz {
	const struct minimize_opts *o;
	struct minimize_result *res;
	char *dir, *results, *configs, *olddef;	/* <workdir>/minimize/... */
	const char *arch, *srcarch, *at;	/* `at`: the commit the tree is at */
	char *cc;		/* compiler command for the crashing commit */
	const char *cc_id;
	struct kconfig_file orig, base;
	struct kconfig_deps *deps;
	struct strvec fragment_names;	/* options the VM's fragment sets */
	double orig_rate;
	int runs;
};

/* Move the build tree to `commit` (unless it is there). */
int mz_checkout(struct mz *m, const char *commit);
/* `in` through olddefconfig at the crashing commit, into `out` */
int mz_resolve(struct mz *m, const struct kconfig_file *in, struct kconfig_file *out);
/*
 * m->base: the baseline target or file, the fragment (the original's value
 * where the original sets an option) and the needs, resolved.
 */
int mz_make_baseline(struct mz *m, const struct minimize_needs *needs);
/* The options the original has =y and the baseline not, in Kconfig order. */
void mz_make_diff(struct mz *m, struct strvec *out);
/* baseline + the original's values + `set` with its dependencies, resolved */
int mz_candidate(struct mz *m, const struct strvec *set, struct kconfig_file *out,
		 size_t *added);
/* Build `commit` with the config file `config` (hooks, or the kernel builder). */
int mz_build(struct mz *m, const char *config, const char *commit, struct build_result *out);

/* Source files of a symbolized report's frames, without the reporting code's. */
void minimize_stack_files(const char *report, struct strvec *files);

/*
 * Options (on in `orig`) that compile the stack's files in `tree` (their
 * Makefiles, up to the top): needs; the =y ones that guard code in them:
 * hints.
 */
void minimize_crash_needs(const char *tree, const char *report, const struct kconfig_file *orig,
			  struct minimize_needs *needs);

/* The crash type's debug options and the symbolization ones, when on in `orig`. */
void minimize_type_needs(const char *title, const struct kconfig_file *orig,
			 struct minimize_needs *needs);

#endif
