/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kconfig.h - kernel .config files and the dependencies Kconfig declares,
 * for the config minimiser (minimize.h).
 *
 * A kconfig_file is a .config as name -> value: "y", "m", a number or a
 * quoted string; "# CONFIG_X is not set" reads as "n". Names are kept
 * without the CONFIG_ prefix, sorted, so two files compare entry by entry.
 *
 * kconfig_deps is a light reading of the Kconfig files of a tree (from the
 * top-level Kconfig, following `source`): for each symbol, the file and line
 * that declare it and every symbol named in its `depends on` lines and in the
 * enclosing `if`, `menu ... depends on` and `choice` blocks. It does not
 * evaluate expressions: "A || !B" gives A and B. That is enough to carry a
 * symbol's dependencies along when it is enabled on its own (olddefconfig
 * drops a symbol whose dependencies are off), and to sort symbols so that
 * related ones (one Kconfig file, one menu) stay together.
 */
#ifndef CULPRIT_BISECT_KCONFIG_H
#define CULPRIT_BISECT_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "../util/strbuf.h"
#include "../util/strvec.h"

struct kconfig_entry {
	char *name;		/* "NUMA" */
	char *value;		/* "y", "m", "n", "64", "\"text\"" */
};

struct kconfig_file {
	struct kconfig_entry *items;	/* sorted by name */
	size_t nr, alloc;
};

#define KCONFIG_FILE_INIT { NULL, 0, 0 }

void kconfig_file_release(struct kconfig_file *f);
/* Lines that are neither "CONFIG_X=v" nor "# CONFIG_X is not set" are ignored. */
void kconfig_file_parse(struct kconfig_file *f, const char *buf, size_t len);
int kconfig_file_read(struct kconfig_file *f, const char *path);
/* "CONFIG_X=v" lines, and "# CONFIG_X is not set" for "n", in name order */
void kconfig_file_format(const struct kconfig_file *f, struct strbuf *out);
int kconfig_file_write(const struct kconfig_file *f, const char *path);
void kconfig_file_copy(struct kconfig_file *dst, const struct kconfig_file *src);

/* The value of NAME, "n" when the file says it is not set, NULL when absent. */
const char *kconfig_get(const struct kconfig_file *f, const char *name);
/* y or m */
bool kconfig_enabled(const struct kconfig_file *f, const char *name);
void kconfig_set(struct kconfig_file *f, const char *name, const char *value);
/* Options that are on: y, m, or a number/string value. */
size_t kconfig_count_on(const struct kconfig_file *f);

struct kconfig_deps;

/*
 * Read `srcdir`/Kconfig and every file it sources ($(SRCARCH) is `srcarch`,
 * e.g. "x86"). NULL after error() when the top file cannot be read; files
 * that a `source` names but that do not exist are skipped.
 */
struct kconfig_deps *kconfig_deps_load(const char *srcdir, const char *srcarch);
void kconfig_deps_free(struct kconfig_deps *d);
/* Symbols NAME depends on (directly), or NULL when NAME is not declared. */
const struct strvec *kconfig_deps_of(const struct kconfig_deps *d, const char *name);
/* "mm/Kconfig" and the line that declares NAME first; NULL when unknown. */
const char *kconfig_deps_where(const struct kconfig_deps *d, const char *name, int *line);
/* The choice block NAME is a member of (a number from 1), or 0. */
int kconfig_deps_choice(const struct kconfig_deps *d, const char *name);
size_t kconfig_deps_count(const struct kconfig_deps *d);

#endif
