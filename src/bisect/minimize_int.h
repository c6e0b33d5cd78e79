/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface between minimize.c and minimize_needs.c. */
#ifndef CULPRIT_BISECT_MINIMIZE_INT_H
#define CULPRIT_BISECT_MINIMIZE_INT_H

#include "kconfig.h"
#include "minimize.h"

/* Options the baseline needs, each with why ("builds mm/mempolicy.c"). */
struct minimize_needs {
	struct strvec names;
	struct strvec why;
};

#define MINIMIZE_NEEDS_INIT { STRVEC_INIT, STRVEC_INIT }

void minimize_needs_release(struct minimize_needs *needs);

/* Source files of a symbolized report's frames, without the reporting code's. */
void minimize_stack_files(const char *report, struct strvec *files);

/*
 * Options (on in `orig`) that compile the stack's files in `tree` (their
 * Makefiles, up to the top) or guard code in them.
 */
void minimize_crash_needs(const char *tree, const char *report, const struct kconfig_file *orig,
			  struct minimize_needs *needs);

/* The crash type's debug options and the symbolization ones, when on in `orig`. */
void minimize_type_needs(const char *title, const struct kconfig_file *orig,
			 struct minimize_needs *needs);

#endif
