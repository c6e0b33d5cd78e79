// SPDX-License-Identifier: Apache-2.0
/*
 * What a crash needs of a kernel config, for the minimiser's baseline (see
 * minimize.h): the debug options of its crash type, and the options that
 * compile the source files of its stack (kbuild Makefiles) or guard code in
 * them (#ifdef CONFIG_X, IS_ENABLED(CONFIG_X)).
 */
#include "minimize_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

/*
 * Title pattern (a substring) -> the debug options that report needs. Only
 * the options the original config has on are kept.
 */
static const struct {
	const char *pattern;
	const char *const options[12];
} debug_table[] = {
	{ "KASAN", { "KASAN", "KASAN_GENERIC", "KASAN_INLINE", "KASAN_OUTLINE", "KASAN_STACK",
		     "KASAN_VMALLOC", "STACKDEPOT", NULL } },
	{ "KMSAN", { "KMSAN", NULL } },
	{ "KCSAN", { "KCSAN", NULL } },
	{ "KFENCE", { "KFENCE", NULL } },
	{ "UBSAN", { "UBSAN", "UBSAN_BOUNDS", "UBSAN_SHIFT", "UBSAN_BOOL", "UBSAN_ENUM", NULL } },
	{ "sleeping function called from invalid context", { "DEBUG_ATOMIC_SLEEP", NULL } },
	{ "scheduling while atomic", { "DEBUG_ATOMIC_SLEEP", "DEBUG_PREEMPT", NULL } },
	{ "possible deadlock", { "PROVE_LOCKING", "LOCKDEP", "DEBUG_LOCK_ALLOC", NULL } },
	{ "circular locking", { "PROVE_LOCKING", "LOCKDEP", "DEBUG_LOCK_ALLOC", NULL } },
	{ "inconsistent lock state", { "PROVE_LOCKING", "LOCKDEP", "TRACE_IRQFLAGS", NULL } },
	{ "lock inversion", { "PROVE_LOCKING", "LOCKDEP", NULL } },
	{ "Invalid wait context", { "PROVE_LOCKING", "PROVE_RAW_LOCK_NESTING", NULL } },
	{ "bad unlock balance", { "PROVE_LOCKING", "LOCKDEP", NULL } },
	{ "held lock freed", { "DEBUG_LOCK_ALLOC", "LOCKDEP", NULL } },
	{ "lock held when returning", { "PROVE_LOCKING", "LOCKDEP", NULL } },
	{ "locking bug", { "LOCKDEP", "PROVE_LOCKING", NULL } },
	{ "suspicious RCU usage", { "PROVE_RCU", "PROVE_LOCKING", NULL } },
	{ "ODEBUG", { "DEBUG_OBJECTS", "DEBUG_OBJECTS_FREE", "DEBUG_OBJECTS_TIMERS",
		      "DEBUG_OBJECTS_WORK", "DEBUG_OBJECTS_RCU_HEAD", NULL } },
	{ "memory leak", { "DEBUG_KMEMLEAK", NULL } },
	{ "list_add corruption", { "DEBUG_LIST", NULL } },
	{ "list_del corruption", { "DEBUG_LIST", NULL } },
	{ "BUG: spinlock", { "DEBUG_SPINLOCK", NULL } },
	{ "task hung", { "DETECT_HUNG_TASK", NULL } },
	{ "soft lockup", { "SOFTLOCKUP_DETECTOR", NULL } },
	{ "hard LOCKUP", { "HARDLOCKUP_DETECTOR", NULL } },
	{ "workqueue lockup", { "WQ_WATCHDOG", NULL } },
	{ "stall", { "RCU_STALL_COMMON", NULL } },
	{ "usercopy", { "HARDENED_USERCOPY", NULL } },
	{ "stack-protector", { "STACKPROTECTOR", "STACKPROTECTOR_STRONG", NULL } },
	{ "stack guard page", { "VMAP_STACK", NULL } },
	{ "Bad page", { "DEBUG_VM", NULL } },
	{ "VM_BUG_ON", { "DEBUG_VM", NULL } },
	{ "bad page", { "DEBUG_VM", NULL } },
	{ "refcount", { "REFCOUNT_FULL", NULL } },
	{ "WARNING: kmalloc bug", { "SLUB_DEBUG", NULL } },
	{ "KASAN: slab", { "SLUB_DEBUG", NULL } },
};

/* every report shows its stack by symbol: these are always kept when on */
static const char *const always[] = {
	"DEBUG_KERNEL", "KALLSYMS", "KALLSYMS_ALL", "STACKTRACE", "PANIC_ON_OOPS",
	"DEBUG_INFO", "DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT", "DEBUG_INFO_DWARF4",
	"DEBUG_INFO_DWARF5", "FRAME_POINTER", "UNWINDER_ORC", "UNWINDER_FRAME_POINTER",
	"BUG", "PRINTK", NULL,
};

#define MAX_DEBUG_OPTIONS 64

const char *const *minimize_debug_options(const char *title)
{
	static _Thread_local const char *list[MAX_DEBUG_OPTIONS + 1];
	size_t n = 0;

	for (size_t i = 0; title && i < ARRAY_SIZE(debug_table); i++) {
		if (!strstr(title, debug_table[i].pattern))
			continue;
		for (const char *const *o = debug_table[i].options; *o && n < MAX_DEBUG_OPTIONS; o++) {
			bool dup = false;

			for (size_t j = 0; j < n; j++)
				dup = dup || !strcmp(list[j], *o);
			if (!dup)
				list[n++] = *o;
		}
	}
	list[n] = NULL;
	return list;
}

static bool listed(const struct strvec *v, const char *name)
{
	for (size_t i = 0; i < v->nr; i++)
		if (!strcmp(v->v[i], name))
			return true;
	return false;
}

static void add_need(struct minimize_needs *needs, const char *name, const char *why)
{
	if (listed(&needs->names, name))
		return;
	strvec_push(&needs->names, name);
	strvec_push(&needs->why, why);
}

static void add_hint(struct minimize_needs *needs, const char *name, const char *why)
{
	if (listed(&needs->names, name) || listed(&needs->hints, name))
		return;
	strvec_push(&needs->hints, name);
	strvec_push(&needs->hints_why, why);
}

void minimize_needs_release(struct minimize_needs *needs)
{
	strvec_clear(&needs->names);
	strvec_clear(&needs->why);
	strvec_clear(&needs->hints);
	strvec_clear(&needs->hints_why);
}

/* files of the stack that say nothing about the config: the reporting code */
static bool generic_file(const char *f)
{
	static const char *const prefixes[] = {
		"include/", "arch/x86/include/", "lib/", "kernel/locking/", "kernel/sched/",
		"arch/x86/entry/", "kernel/printk/", "kernel/panic.c", "kernel/entry/",
		"mm/kasan/", "mm/kfence/", "mm/kmsan/", "kernel/kcsan/", "arch/x86/kernel/dumpstack",
		"kernel/rcu/", "kernel/trace/", "arch/x86/kernel/traps.c",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (starts_with(f, prefixes[i]))
			return true;
	return false;
}

/* "X" of "CONFIG_X" at `c` (malloced; "" when no name follows), up to `end` */
static char *config_name(const char *c, const char *end)
{
	size_t n = 0;

	c += strlen("CONFIG_");
	while (c + n < end && (isalnum((unsigned char)c[n]) || c[n] == '_'))
		n++;
	return xstrndup(c, n);
}

/* "mm/mempolicy.c" from the frames "... mm/mempolicy.c:1630 [inline]" */
void minimize_stack_files(const char *report, struct strvec *files)
{
	const char *p = report;

	while (p && *p) {
		const char *colon = strchr(p, ':');
		const char *b;

		if (!colon)
			break;
		b = colon;
		while (b > report && (isalnum((unsigned char)b[-1]) || strchr("_./-+", b[-1])))
			b--;
		if (colon - b > 2 && colon[-2] == '.' && strchr("cS", colon[-1]) &&
		    isdigit((unsigned char)colon[1]) && (b == report || b[-1] == ' ')) {
			char *f = xstrndup(b, (size_t)(colon - b));

			if (!listed(files, f) && !generic_file(f) && f[0] != '/' &&
			    !starts_with(f, "../"))
				strvec_push(files, f);
			free(f);
		}
		p = colon + 1;
	}
}

/* The text of a Makefile with continuation lines joined. */
static bool read_makefile(const char *tree, const char *dir, struct strbuf *out)
{
	static const char *const names[] = { "Makefile", "Kbuild" };
	bool any = false;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *path = *dir ? xstrfmt("%s/%s/%s", tree, dir, names[i])
				  : xstrfmt("%s/%s", tree, names[i]);
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_read_file(&sb, path) >= 0) {
			for (size_t j = 0; j < sb.len; j++) {
				if (sb.buf[j] == '\\' && j + 1 < sb.len && sb.buf[j + 1] == '\n') {
					sb.buf[j] = ' ';
					sb.buf[j + 1] = ' ';
				}
			}
			strbuf_addbuf(out, &sb);
			strbuf_addch(out, '\n');
			any = true;
		}
		strbuf_release(&sb);
		free(path);
	}
	return any;
}

static bool has_word(const char *rhs, size_t len, const char *word)
{
	size_t wl = strlen(word);

	for (size_t i = 0; i + wl <= len; i++) {
		if (strncmp(rhs + i, word, wl))
			continue;
		if ((i == 0 || isspace((unsigned char)rhs[i - 1])) &&
		    (i + wl == len || isspace((unsigned char)rhs[i + wl])))
			return true;
	}
	return false;
}

/*
 * Lines "<lhs> += ... target ..." of a Makefile: the CONFIG_ names in lhs
 * ("obj-$(CONFIG_NUMA)") are needed; a composite object ("foo-y +=
 * target" where foo-objs or foo.o is itself listed) is followed, a few
 * levels deep.
 */
static void makefile_needs(const char *mk, const char *target, const struct kconfig_file *orig,
			   const char *why, struct minimize_needs *needs, int depth)
{
	const char *p = mk;

	while (p && *p && depth < 4) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *eq = memchr(p, '=', len);

		if (eq && eq > p && *p != '#' && !isspace((unsigned char)*p) &&
		    has_word(eq + 1, len - (size_t)(eq + 1 - p), target)) {
			const char *lhs_end = eq;
			const char *c;

			while (lhs_end > p && strchr("+:? \t", lhs_end[-1]))
				lhs_end--;
			for (c = p; c < lhs_end; c++) {
				if (strncmp(c, "CONFIG_", 7))
					continue;
				char *name = config_name(c, lhs_end);

				if (kconfig_enabled(orig, name))
					add_need(needs, name, why);
				free(name);
			}
			/* "foo-y", "foo-objs", "foo-$(CONFIG_X)": foo.o is the object to follow */
			if (strncmp(p, "obj-", 4) && strncmp(p, "lib-", 4)) {
				const char *dash = memchr(p, '-', (size_t)(lhs_end - p));

				if (dash && dash > p) {
					char *comp = xstrfmt("%.*s.o", (int)(dash - p), p);

					if (strcmp(comp, target))
						makefile_needs(mk, comp, orig, why, needs, depth + 1);
					free(comp);
				}
			}
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* CONFIG_X named in preprocessor conditions and IS_ENABLED() of a file */
static void guard_needs(const char *text, const struct kconfig_file *orig, const char *why,
			struct minimize_needs *needs)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		const char *q = line;
		bool cond;

		while (*q == ' ' || *q == '\t')
			q++;
		cond = (*q == '#' && (strstr(q, "if") || strstr(q, "elif"))) ||
		       strstr(line, "IS_ENABLED(") || strstr(line, "IS_BUILTIN(");
		for (const char *c = line; cond && (c = strstr(c, "CONFIG_")); c += 7) {
			char *name = config_name(c, line + len);
			const char *v = *name ? kconfig_get(orig, name) : NULL;

			if (v && !strcmp(v, "y"))
				add_hint(needs, name, why);
			free(name);
		}
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

void minimize_crash_needs(const char *tree, const char *report, const struct kconfig_file *orig,
			  struct minimize_needs *needs)
{
	struct strvec files = STRVEC_INIT;

	minimize_stack_files(report, &files);
	for (size_t i = 0; i < files.nr; i++) {
		char *dir = xstrdup(files.v[i]);
		char *slash = strrchr(dir, '/');
		const char *base = slash ? slash + 1 : dir;
		char *target = xstrfmt("%.*s.o", (int)(strlen(base) - 2), base);
		char *why = xstrfmt("builds %s", files.v[i]);

		if (slash)
			*slash = '\0';
		else
			dir[0] = '\0';
		/* the file's object, then each directory up to the top */
		for (;;) {
			struct strbuf mk = STRBUF_INIT;

			if (read_makefile(tree, dir, &mk))
				makefile_needs(mk.buf, target, orig, why, needs, 0);
			strbuf_release(&mk);
			if (!*dir)
				break;
			slash = strrchr(dir, '/');
			free(target);
			target = xstrfmt("%s/", slash ? slash + 1 : dir);
			if (slash)
				*slash = '\0';
			else
				dir[0] = '\0';
		}
		free(why);
		free(target);
		free(dir);
	}
	/* then the guards (after every need is known: a need is no hint) */
	for (size_t i = 0; i < files.nr; i++) {
		char *path = xstrfmt("%s/%s", tree, files.v[i]);
		char *why = xstrfmt("guards code in %s", files.v[i]);
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_read_file(&sb, path) >= 0)
			guard_needs(sb.buf, orig, why, needs);
		strbuf_release(&sb);
		free(why);
		free(path);
	}
	strvec_clear(&files);
}

void minimize_type_needs(const char *title, const struct kconfig_file *orig,
			 struct minimize_needs *needs)
{
	const char *const *opts = minimize_debug_options(title);

	for (; *opts; opts++)
		if (kconfig_enabled(orig, *opts))
			add_need(needs, *opts, "the crash type's debug option");
	for (const char *const *o = always; *o; o++)
		if (kconfig_enabled(orig, *o))
			add_need(needs, *o, "reports with symbols");
}
