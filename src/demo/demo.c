// SPDX-License-Identifier: Apache-2.0
/*
 * The demo kernel history (see demo.h).
 *
 * HOW IT WORKS
 * The base is imported once (tar, then one tree builder per directory,
 * ~75k blobs) into base.git; every generated history lives in its own bare
 * repository borrowing base.git's objects, so a short test history and the
 * full demo share the expensive part. A history is a list of commits, each
 * a few edits of whole files (read from the previous tree, edited in memory,
 * written with git_tree_create_updated()): nothing re-reads the tree.
 *
 * Randomness is a xorshift64* generator with a fixed seed, and every commit
 * has fixed author and committer times, so a seed always gives the same
 * hashes for the same tarball.
 */
#include "demo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "../build/kernel.h"
#include "../util/run.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../util/util.h"
#include "../vcs/write.h"

#define DEFAULT_TARBALL "/usr/src/linux-source-6.1.tar.xz"
#define DEFAULT_COMMITS 240
#define DEFAULT_SEED 0x5eed6c1u
#define BASE_TIME 1767614400	/* 2026-01-05 12:00:00 UTC */
#define STEP_TIME 5400		/* 1h30 between commits */

/* Files the demo config compiles (tinyconfig + fragment, x86_64). */
static const char *const built_files[] = {
	"kernel/fork.c", "kernel/exit.c", "kernel/signal.c", "kernel/panic.c",
	"kernel/printk/printk.c", "kernel/sched/core.c", "kernel/time/timekeeping.c",
	"kernel/workqueue.c", "kernel/cpu.c", "kernel/params.c", "mm/mmap.c",
	"mm/memory.c", "mm/page_alloc.c", "mm/slub.c", "mm/vmscan.c", "mm/util.c",
	"fs/exec.c", "fs/namei.c", "fs/super.c", "init/main.c", "lib/vsprintf.c",
	"arch/x86/kernel/setup.c", "arch/x86/kernel/smpboot.c",
	"drivers/tty/serial/8250/8250_core.c", "drivers/base/core.c",
};

/* Files it does not compile (drivers and subsystems left out by tinyconfig). */
static const char *const unbuilt_files[] = {
	"drivers/net/ethernet/intel/e1000/e1000_main.c",
	"drivers/net/ethernet/realtek/r8169_main.c",
	"drivers/usb/core/hub.c", "drivers/scsi/sd.c", "drivers/md/dm.c",
	"drivers/gpu/drm/drm_drv.c", "drivers/input/mouse/psmouse-base.c",
	"drivers/net/wireless/ath/ath9k/main.c", "sound/core/pcm_native.c",
	"fs/btrfs/ctree.c", "fs/ext4/super.c", "net/ipv4/tcp.c",
	"drivers/nvme/host/core.c", "drivers/hid/hid-core.c",
};

static const char *const doc_files[] = {
	"Documentation/admin-guide/README.rst", "Documentation/process/howto.rst",
	"Documentation/mm/index.rst", "Documentation/core-api/index.rst",
};

static const struct { const char *name, *email; } people[] = {
	{ "Alice Maintainer", "alice@example.org" },
	{ "Bob Hacker", "bob@example.com" },
	{ "Carol Reviewer", "carol@example.net" },
	{ "Dmitry Tester", "dmitry@example.org" },
	{ "Erin Developer", "erin@example.com" },
	{ "Farid Kernel", "farid@example.net" },
	{ "Grace Patch", "grace@example.org" },
	{ "Hiro Fixes", "hiro@example.com" },
};

struct file_state {
	char *path;
	struct strbuf content;
	bool dirty;
};

struct gen {
	struct vcs_writer *w;
	uint64_t rng;
	char tree[VCS_HEXSZ + 1], head[VCS_HEXSZ + 1];
	struct file_state *files;
	size_t files_nr, files_alloc;
	int64_t time;
	int sublevel;
	int serial;
};

static uint64_t rnd(struct gen *g)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 0x2545F4914F6CDD1DULL;
}

static size_t rnd_below(struct gen *g, size_t n)
{
	return n ? (size_t)(rnd(g) % n) : 0;
}

static struct strbuf *file_get(struct gen *g, const char *path)
{
	for (size_t i = 0; i < g->files_nr; i++)
		if (!strcmp(g->files[i].path, path))
			return &g->files[i].content;
	ALLOC_GROW(g->files, g->files_nr + 1, g->files_alloc);
	struct file_state *f = &g->files[g->files_nr];

	f->path = xstrdup(path);
	strbuf_init(&f->content, 0);
	f->dirty = false;
	if (vcs_write_read_file(g->w, g->tree, path, &f->content) < 0) {
		free(f->path);
		strbuf_release(&f->content);
		return NULL;
	}
	g->files_nr++;
	return &f->content;
}

static void file_dirty(struct gen *g, const char *path)
{
	for (size_t i = 0; i < g->files_nr; i++)
		if (!strcmp(g->files[i].path, path))
			g->files[i].dirty = true;
}

/* Commit the dirty files. */
static int gen_commit(struct gen *g, int who, const char *subject, const char *body,
		      char out[VCS_HEXSZ + 1])
{
	struct vcs_edit *edits = xcalloc(g->files_nr + 1, sizeof(*edits));
	struct vcs_person p;
	struct strbuf msg = STRBUF_INIT;
	size_t n = 0;
	const char *parents[1] = { g->head };
	int ret;

	for (size_t i = 0; i < g->files_nr; i++) {
		if (!g->files[i].dirty)
			continue;
		edits[n].path = g->files[i].path;
		edits[n].data = g->files[i].content.buf;
		edits[n].len = g->files[i].content.len;
		edits[n].executable = false;
		n++;
		g->files[i].dirty = false;
	}
	ret = vcs_write_tree_edit(g->w, g->tree, edits, n, g->tree);
	free(edits);
	if (ret < 0)
		return -1;
	who %= (int)ARRAY_SIZE(people);
	g->time += STEP_TIME;
	p.name = people[who].name;
	p.email = people[who].email;
	p.time = g->time;
	p.tz = 0;
	strbuf_addf(&msg, "%s\n\n", subject);
	if (body && *body)
		strbuf_addf(&msg, "%s\n\n", body);
	strbuf_addf(&msg, "Signed-off-by: %s <%s>\n", p.name, p.email);
	ret = vcs_write_commit(g->w, g->tree, parents, 1, &p, &p, msg.buf, g->head);
	strbuf_release(&msg);
	if (!ret && out)
		memcpy(out, g->head, VCS_HEXSZ + 1);
	return ret;
}

/* "mm/mmap.c" -> "mm/mmap", "kernel/sched/core.c" -> "sched/core" */
static char *subsys_of(const char *path)
{
	const char *p = path, *dot;

	const char *slash, *dir;

	skip_prefix(p, "kernel/", &p);
	skip_prefix(p, "drivers/", &p);
	skip_prefix(p, "arch/", &p);
	dot = strrchr(p, '.');
	slash = strrchr(p, '/');
	if (slash && slash > strchr(p, '/')) {
		/* deep path: "<last dir>/<file>" ("e1000/e1000_main") */
		for (dir = slash; dir > p && dir[-1] != '/'; dir--)
			;
		p = dir;
	}
	return xstrndup(p, dot ? (size_t)(dot - p) : strlen(p));
}

/* Replace the first `old` after offset `from` with `new`. -1 if absent. */
static int replace_at(struct strbuf *sb, size_t from, const char *old, const char *new)
{
	const char *hit = from <= sb->len ? strstr(sb->buf + from, old) : NULL;
	struct strbuf out = STRBUF_INIT;

	if (!hit)
		return -1;
	strbuf_add(&out, sb->buf, hit - sb->buf);
	strbuf_addstr(&out, new);
	strbuf_addstr(&out, hit + strlen(old));
	strbuf_release(sb);
	*sb = out;
	return 0;
}

static int replace1(struct strbuf *sb, const char *old, const char *new)
{
	return replace_at(sb, 0, old, new);
}

/*
 * Offsets of the ends of lines that lie wholly inside a block comment
 * (begun on an earlier line, not ended on this one): text appended there
 * changes a comment and moves no line.
 */
static size_t comment_line_ends(const struct strbuf *sb, size_t **ends)
{
	size_t nr = 0, alloc = 0;
	bool in_comment = false;
	const char *line = sb->buf, *end = sb->buf + sb->len;

	*ends = NULL;
	while (line < end) {
		const char *nl = memchr(line, '\n', end - line);
		const char *le = nl ? nl : end;
		bool started_in = in_comment;

		/* track comment state through the line (strings ignored: good enough) */
		for (const char *p = line; p + 1 < le; p++) {
			if (!in_comment && p[0] == '/' && p[1] == '/')
				break;
			if (!in_comment && p[0] == '/' && p[1] == '*') {
				in_comment = true;
				p++;
			} else if (in_comment && p[0] == '*' && p[1] == '/') {
				in_comment = false;
				p++;
			}
		}
		if (started_in && in_comment && le - line > 6 && le[-1] != '\\' &&
		    memchr(line, '*', le - line) && line - sb->buf > 200) {
			const char *q = line;

			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			if (q + 2 < le && q[0] == '*' && q[1] == ' ' &&
			    ((q[2] >= 'a' && q[2] <= 'z') || (q[2] >= 'A' && q[2] <= 'Z'))) {
				ALLOC_GROW(*ends, nr + 1, alloc);
				(*ends)[nr++] = le - sb->buf;
			}
		}
		line = nl ? nl + 1 : end;
	}
	return nr;
}

static const char *const comment_words[] = {
	" (see above)", " as well", " here", " too", " again", " in this case",
};

static int edit_comment(struct gen *g, const char *path)
{
	struct strbuf *sb = file_get(g, path);
	size_t *ends, nr;
	struct strbuf out = STRBUF_INIT;

	if (!sb)
		return -1;
	nr = comment_line_ends(sb, &ends);
	if (!nr) {
		free(ends);
		return -1;
	}
	size_t at = ends[rnd_below(g, nr)];

	/* drop trailing blanks before the appended words */
	size_t cut = at;

	while (cut > 0 && (sb->buf[cut - 1] == ' ' || sb->buf[cut - 1] == '\t'))
		cut--;
	strbuf_add(&out, sb->buf, cut);
	strbuf_addstr(&out, comment_words[rnd_below(g, ARRAY_SIZE(comment_words))]);
	strbuf_addstr(&out, sb->buf + at);
	strbuf_release(sb);
	*sb = out;
	free(ends);
	file_dirty(g, path);
	return 0;
}

/* A change to a kernel message: different code, same behaviour. */
static int edit_printk(struct gen *g, const char *path)
{
	/* not pr_debug(): it compiles to nothing without DEBUG */
	static const char *const calls[] = { "pr_info(\"", "pr_warn(\"", "pr_notice(\"",
					     "pr_err(\"" };
	struct strbuf *sb = file_get(g, path);
	size_t *at = NULL, nr = 0, alloc = 0;

	if (!sb)
		return -1;
	for (size_t c = 0; c < ARRAY_SIZE(calls); c++) {
		for (const char *p = strstr(sb->buf, calls[c]); p; p = strstr(p + 1, calls[c])) {
			const char *bol = p;

			while (bol > sb->buf && bol[-1] != '\n')
				bol--;
			if (*bol == '#')
				continue;
			ALLOC_GROW(at, nr + 1, alloc);
			at[nr++] = p - sb->buf + strlen(calls[c]);
		}
	}
	if (!nr) {
		free(at);
		return -1;
	}
	size_t pos = at[rnd_below(g, nr)];
	struct strbuf out = STRBUF_INIT;
	static const char *const words[] = { "note: ", "info: ", "demo: ", "notice: " };

	strbuf_add(&out, sb->buf, pos);
	strbuf_addstr(&out, words[rnd_below(g, ARRAY_SIZE(words))]);
	strbuf_addstr(&out, sb->buf + pos);
	strbuf_release(sb);
	*sb = out;
	free(at);
	file_dirty(g, path);
	return 0;
}

static int edit_append(struct gen *g, const char *path, const char *text)
{
	struct strbuf *sb = file_get(g, path);

	if (!sb)
		return -1;
	strbuf_addstr(sb, text);
	file_dirty(g, path);
	return 0;
}

/* An ordinary commit of one of the kinds; returns 0 or -1. */
static int ordinary_commit(struct gen *g, int i)
{
	unsigned kind = rnd_below(g, 100);
	int who = (int)rnd_below(g, ARRAY_SIZE(people));
	char *sub = NULL, *subject = NULL;
	const char *path;
	int ret = -1;

	if (kind < 35) {
		path = built_files[rnd_below(g, ARRAY_SIZE(built_files))];
		if (edit_comment(g, path) < 0)
			return error("demo: no comment to edit in %s", path);
		sub = subsys_of(path);
		subject = xstrfmt("%s: clarify a comment", sub);
	} else if (kind < 55) {
		bool code;

		path = built_files[rnd_below(g, ARRAY_SIZE(built_files))];
		code = edit_printk(g, path) == 0;
		if (!code && edit_comment(g, path) < 0)
			return error("demo: nothing to edit in %s", path);
		sub = subsys_of(path);
		subject = xstrfmt("%s: %s", sub, code ? "reword a kernel message"
						      : "clarify a comment");
	} else if (kind < 85) {
		path = unbuilt_files[rnd_below(g, ARRAY_SIZE(unbuilt_files))];
		if ((rnd_below(g, 2) || edit_printk(g, path) < 0) && edit_comment(g, path) < 0)
			return error("demo: nothing to edit in %s", path);
		sub = subsys_of(path);
		subject = xstrfmt("%s: %s", sub, rnd_below(g, 2) ? "tidy up" : "improve messages");
	} else {
		path = doc_files[rnd_below(g, ARRAY_SIZE(doc_files))];
		char *text = xstrfmt("\n.. demo note %d: see the mailing list archives.\n", i);

		ret = edit_append(g, path, text);
		free(text);
		if (ret < 0)
			return error("demo: cannot edit %s", path);
		subject = xstrfmt("docs: update %s", strrchr(path, '/') + 1);
	}
	ret = gen_commit(g, who, subject, "Small change generated for the culprit demo.", NULL);
	free(sub);
	free(subject);
	return ret;
}

static int release_commit(struct gen *g, struct vcs_writer *w)
{
	struct strbuf *mk = file_get(g, "Makefile");
	char *old = xstrfmt("SUBLEVEL = %d\n", g->sublevel);
	char *new = xstrfmt("SUBLEVEL = %d\n", g->sublevel + 1);
	char *subject = xstrfmt("Linux 6.1.%d", g->sublevel + 1);
	char *tag = xstrfmt("v6.1.%d", g->sublevel + 1);
	char *tagmsg = xstrfmt("Linux 6.1.%d\n", g->sublevel + 1);
	int ret = -1;

	if (!mk || replace1(mk, old, new) < 0) {
		error("demo: no '%.*s' in the Makefile", (int)strlen(old) - 1, old);
		goto out;
	}
	file_dirty(g, "Makefile");
	if (gen_commit(g, 0, subject, NULL, NULL) < 0)
		goto out;
	struct vcs_person p = { people[0].name, people[0].email, g->time, 0 };

	if (vcs_write_tag(w, tag, g->head, &p, tagmsg) < 0)
		goto out;
	g->sublevel++;
	ret = 0;
out:
	free(old);
	free(new);
	free(subject);
	free(tag);
	free(tagmsg);
	return ret;
}

#define MEMPOLICY "mm/mempolicy.c"

static int warn_commit(struct gen *g, bool add, char out[VCS_HEXSZ + 1])
{
	struct strbuf *sb = file_get(g, MEMPOLICY);
	const char *anchor = "\tnew = &scratch->mask2;\n";
	const char *warn = "\tnew = &scratch->mask2;\n\n\tWARN_ON_ONCE(maxnode == 8);\n";

	if (!sb || (add ? replace1(sb, anchor, warn) : replace1(sb, warn, anchor)) < 0)
		return error("demo: kernel_migrate_pages() is not as expected");
	file_dirty(g, MEMPOLICY);
	if (add)
		return gen_commit(g, 5, "mm/mempolicy: sanity-check maxnode in kernel_migrate_pages()",
				  "Callers are not expected to pass a node mask of exactly eight\n"
				  "bits here; warn once so that we learn who does.", out);
	return gen_commit(g, 2, "mm/mempolicy: drop the maxnode warning from kernel_migrate_pages()",
			  "The warning fires for legitimate callers (migratepages(8) passes\n"
			  "small masks). Remove it.", out);
}

static int break_commit(struct gen *g, bool add, char out[VCS_HEXSZ + 1])
{
	struct strbuf *sb = file_get(g, "kernel/sys.c");
	const char *good = "SYSCALL_DEFINE0(getpid)\n{\n\treturn task_tgid_vnr(current);\n}\n";
	const char *bad = "SYSCALL_DEFINE0(getpid)\n{\n\treturn task_tgid_vnr(current)\n}\n";

	if (!sb || (add ? replace1(sb, good, bad) : replace1(sb, bad, good)) < 0)
		return error("demo: getpid() in kernel/sys.c is not as expected");
	file_dirty(g, "kernel/sys.c");
	if (add)
		return gen_commit(g, 6, "kernel/sys: simplify getpid()",
				  "No functional change intended.", out);
	return gen_commit(g, 3, "kernel/sys: fix the build after \"simplify getpid()\"",
			  "A semicolon went missing.", out);
}

/* Re-create the reference bug: mm_access() under rcu_read_lock(). */
static int culprit_commit(struct gen *g, char out[VCS_HEXSZ + 1], char **subject)
{
	struct strbuf *sb = file_get(g, MEMPOLICY);
	const char *fn;
	size_t from;

	if (!sb || !(fn = strstr(sb->buf, "static int kernel_migrate_pages(")))
		return error("demo: no kernel_migrate_pages() in " MEMPOLICY);
	from = fn - sb->buf;
	if (replace_at(sb, from,
		       "\tif (!ptrace_may_access(task, PTRACE_MODE_READ_REALCREDS)) {\n"
		       "\t\trcu_read_unlock();\n"
		       "\t\terr = -EPERM;\n"
		       "\t\tgoto out_put;\n"
		       "\t}\n",
		       "\tmm = mm_access(task, PTRACE_MODE_READ_REALCREDS);\n"
		       "\tif (IS_ERR_OR_NULL(mm)) {\n"
		       "\t\trcu_read_unlock();\n"
		       "\t\terr = mm ? PTR_ERR(mm) : -ESRCH;\n"
		       "\t\tgoto out_put;\n"
		       "\t}\n") < 0)
		return error("demo: ptrace check not found in kernel_migrate_pages()");
	/* the three error exits after the check now hold a reference on mm */
	size_t after = strstr(sb->buf + from, "task_nodes = cpuset_mems_allowed(task);") - sb->buf;

	for (int k = 0; k < 3; k++)
		if (replace_at(sb, after, "\t\tgoto out_put;\n", "\t\tgoto out_mmput;\n") < 0)
			return error("demo: kernel_migrate_pages() exits not as expected");
	if (replace_at(sb, from,
		       "\tmm = get_task_mm(task);\n"
		       "\tput_task_struct(task);\n"
		       "\n"
		       "\tif (!mm) {\n"
		       "\t\terr = -EINVAL;\n"
		       "\t\tgoto out;\n"
		       "\t}\n",
		       "\tput_task_struct(task);\n") < 0 ||
	    replace_at(sb, from,
		       "out_put:\n\tput_task_struct(task);\n\tgoto out;\n",
		       "out_mmput:\n\tmmput(mm);\nout_put:\n\tput_task_struct(task);\n\tgoto out;\n") < 0)
		return error("demo: kernel_migrate_pages() tail not as expected");
	file_dirty(g, MEMPOLICY);
	*subject = xstrdup("mm/mempolicy: take the mm with mm_access() in kernel_migrate_pages()");
	return gen_commit(g, 1, *subject,
			  "kernel_migrate_pages() open-codes the ptrace check and then takes\n"
			  "the mm with get_task_mm(). mm_access() does both in one go, and\n"
			  "under the same lock as the check, so the task cannot exec in\n"
			  "between. Use it.", out);
}

/* ---- the base ---- */

static int read_kv(const char *path, const char *key, char *out, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	if (strbuf_read_file(&sb, path) < 0)
		return -1;
	for (char *line = sb.buf; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (starts_with(line, key) && line[strlen(key)] == ' ') {
			snprintf(out, size, "%s", line + strlen(key) + 1);
			ret = 0;
			break;
		}
		line = nl ? nl + 1 : NULL;
	}
	strbuf_release(&sb);
	return ret;
}

static int drop_debian_gitignore(const char *src, struct strbuf *note)
{
	char *path = xstrfmt("%s/.gitignore", src);
	struct strbuf sb = STRBUF_INIT;
	const char *stanza;
	int ret = 0;

	if (strbuf_read_file(&sb, path) < 0) {
		free(path);
		return 0;	/* no .gitignore: nothing to drop */
	}
	stanza = strstr(sb.buf, "#\n# Debian packaging");
	if (stanza) {
		strbuf_addf(note, "\nDebian's packaging stanza at the end of .gitignore ignores the\n"
				  "whole tree (\"/*\" then \"!/debian/\"), so it is dropped here:\n\n");
		for (const char *l = stanza; *l;) {
			const char *nl = strchr(l, '\n');
			size_t len = nl ? (size_t)(nl - l) : strlen(l);

			strbuf_addf(note, "    %.*s\n", (int)len, l);
			l += len + (nl ? 1 : 0);
		}
		strbuf_setlen(&sb, stanza - sb.buf);
		ret = write_file_atomic(path, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	free(path);
	return ret;
}

static int make_base(const char *dir, const char *tarball, bool verbose)
{
	char *src = xstrfmt("%s/src", dir);
	char *git = xstrfmt("%s/base.git", dir);
	char *objdir = xstrfmt("%s/config-build", dir);
	char *config = xstrfmt("%s/config", dir);
	char *info = xstrfmt("%s/base.info", dir);
	struct strbuf note = STRBUF_INIT, mk = STRBUF_INIT, msg = STRBUF_INIT;
	struct child c = CHILD_INIT;
	struct vcs_writer *w = NULL;
	char tree[VCS_HEXSZ + 1], commit[VCS_HEXSZ + 1];
	int sublevel = 0, ret = -1;
	double t0 = now_seconds();

	if (!file_exists(tarball)) {
		error("%s is not installed (Debian package linux-source-6.1; "
		      "scripts/install-deps.sh installs it)", tarball);
		goto out;
	}
	remove_tree(src);
	remove_tree(git);
	remove_tree(objdir);
	if (mkdir_p(src, 0777) < 0)
		goto out;
	if (verbose)
		fprintf(stderr, "demo: unpacking %s\n", tarball);
	strvec_pushl(&c.args, "tar", "-xJf", tarball, "-C", src, "--strip-components=1", NULL);
	c.timeout = 1200;
	if (child_run(&c) < 0)
		goto out;
	if (!child_ok(&c)) {
		error("tar -xJf %s: %s", tarball, c.err.buf);
		goto out;
	}
	char *mkpath = xstrfmt("%s/Makefile", src);

	if (strbuf_read_file(&mk, mkpath) < 0 || !strstr(mk.buf, "\nSUBLEVEL = ")) {
		free(mkpath);
		error("%s does not look like a Linux source tree", src);
		goto out;
	}
	free(mkpath);
	sublevel = atoi(strstr(mk.buf, "\nSUBLEVEL = ") + 12);
	if (drop_debian_gitignore(src, &note) < 0)
		goto out;
	if (verbose)
		fprintf(stderr, "demo: importing the tree into %s (%.0fs so far)\n", git,
			now_seconds() - t0);
	w = vcs_writer_open(git, true);
	if (!w || vcs_write_tree_from_dir(w, src, tree) < 0)
		goto out;
	strbuf_addf(&msg, "Linux 6.1.%d\n\nImported from %s.\n%s", sublevel, tarball, note.buf);
	struct vcs_person p = { people[0].name, people[0].email, BASE_TIME, 0 };
	char *tag = xstrfmt("v6.1.%d", sublevel);
	char *tagmsg = xstrfmt("Linux 6.1.%d\n", sublevel);

	ret = vcs_write_commit(w, tree, NULL, 0, &p, &p, msg.buf, commit);
	if (!ret)
		ret = vcs_write_ref(w, "refs/heads/master", commit);
	if (!ret)
		ret = vcs_write_tag(w, tag, commit, &p, tagmsg);
	free(tag);
	free(tagmsg);
	if (ret)
		goto out;
	ret = -1;
	if (verbose)
		fprintf(stderr, "demo: making the kernel config (%.0fs so far)\n", now_seconds() - t0);
	if (kernel_make_config(src, objdir, NULL, kernel_default_fragment, "x86_64", config) < 0)
		goto out;
	char *kv = xstrfmt("base %s\nsublevel %d\n", commit, sublevel);

	ret = write_file_atomic(info, kv, strlen(kv));
	free(kv);
	if (verbose)
		fprintf(stderr, "demo: base ready in %.0fs\n", now_seconds() - t0);
out:
	vcs_writer_close(w);
	child_release(&c);
	remove_tree(src);
	remove_tree(objdir);
	strbuf_release(&note);
	strbuf_release(&mk);
	strbuf_release(&msg);
	free(src);
	free(git);
	free(objdir);
	free(config);
	free(info);
	return ret;
}

/* ---- the history ---- */

static int make_history(const char *dir, const char *hist, const char *base, int sublevel,
			int n, uint64_t seed, bool verbose)
{
	char *tmp = xstrfmt("%s.tmp", hist);
	char *base_objects = xstrfmt("%s/base.git/objects", dir);
	struct gen g = { 0 };
	struct strbuf info = STRBUF_INIT;
	char warn_c[VCS_HEXSZ + 1] = "", warn_f[VCS_HEXSZ + 1] = "";
	char break_c[VCS_HEXSZ + 1] = "", break_f[VCS_HEXSZ + 1] = "";
	char culprit[VCS_HEXSZ + 1] = "";
	char *culprit_subject = NULL;
	int tag_every = n / 6 < 5 ? 5 : n / 6;
	int warn_at, warn_fix_at, break_at, break_fix_at, culprit_at;
	double t0 = now_seconds();
	int ret = -1;

	remove_tree(tmp);
	g.w = vcs_writer_open(tmp, true);
	if (!g.w || vcs_write_alternate(g.w, base_objects) < 0)
		goto out;
	g.rng = seed ? seed : DEFAULT_SEED;
	for (int k = 0; k < 4; k++)
		rnd(&g);
	memcpy(g.head, base, VCS_HEXSZ + 1);
	memcpy(g.tree, base, VCS_HEXSZ + 1);	/* peeled to its tree when read */
	g.time = BASE_TIME;
	g.sublevel = sublevel;

	/* where the special commits go (distinct, never a release commit) */
	int spec[5];

	warn_at = n * 20 / 100;
	warn_fix_at = warn_at + (n / 30 < 2 ? 2 : n / 30);
	break_at = n * 38 / 100;
	break_fix_at = break_at + 3;
	culprit_at = n * 55 / 100 + (int)rnd_below(&g, n / 10 + 1);
	spec[0] = warn_at;
	spec[1] = warn_fix_at;
	spec[2] = break_at;
	spec[3] = break_fix_at;
	spec[4] = culprit_at;
	for (int a = 0; a < 5; a++) {
		bool moved;

		do {
			moved = false;
			if (spec[a] % tag_every == 0) {
				spec[a]++;
				moved = true;
			}
			for (int b = 0; b < a; b++)
				if (spec[a] == spec[b]) {
					spec[a]++;
					moved = true;
				}
		} while (moved);
	}
	if (spec[4] >= n)
		spec[4] = n - 1;
	if (n < 12 || spec[4] <= spec[3]) {
		error("demo: a history needs at least 12 commits (got %d)", n);
		goto out;
	}
	for (int i = 1; i <= n; i++) {
		int r;

		if (i == spec[0] || i == spec[1])
			r = warn_commit(&g, i == spec[0], i == spec[0] ? warn_c : warn_f);
		else if (i == spec[2] || i == spec[3])
			r = break_commit(&g, i == spec[2], i == spec[2] ? break_c : break_f);
		else if (i == spec[4])
			r = culprit_commit(&g, culprit, &culprit_subject);
		else if (i % tag_every == 0)
			r = release_commit(&g, g.w);
		else
			r = ordinary_commit(&g, i);
		if (r < 0)
			goto out;
		if (!memcmp(g.tree, base, VCS_HEXSZ)) {
			error("demo: tree tracking lost");
			goto out;
		}
	}
	if (vcs_write_ref(g.w, "refs/heads/master", g.head) < 0)
		goto out;
	/* the base release, so that release walks find it here too */
	char *btag = xstrfmt("v6.1.%d", sublevel);
	char *bmsg = xstrfmt("Linux 6.1.%d\n", sublevel);
	struct vcs_person bp = { people[0].name, people[0].email, BASE_TIME, 0 };

	ret = vcs_write_tag(g.w, btag, base, &bp, bmsg);
	free(btag);
	free(bmsg);
	if (ret)
		goto out;
	ret = -1;
	strbuf_addf(&info, "base %s\nbad %s\nculprit %s\nculprit_subject %s\n"
		    "break %s\nbreak_fix %s\nwarn %s\nwarn_fix %s\ncommits %d\n",
		    base, g.head, culprit, culprit_subject, break_c, break_f, warn_c, warn_f, n);
	char *infopath = xstrfmt("%s/demo.info", tmp);

	ret = write_file_atomic(infopath, info.buf, info.len);
	free(infopath);
	if (ret)
		goto out;
	vcs_writer_close(g.w);
	g.w = NULL;
	remove_tree(hist);
	if (rename(tmp, hist) < 0)
		ret = error("cannot rename %s: %s", tmp, strerror(errno));
	if (verbose)
		fprintf(stderr, "demo: %d commits generated in %.1fs\n", n, now_seconds() - t0);
out:
	vcs_writer_close(g.w);
	for (size_t i = 0; i < g.files_nr; i++) {
		free(g.files[i].path);
		strbuf_release(&g.files[i].content);
	}
	free(g.files);
	free(culprit_subject);
	strbuf_release(&info);
	if (ret)
		remove_tree(tmp);
	free(tmp);
	free(base_objects);
	return ret;
}

static int load_info(const char *hist, struct demo_repo *out)
{
	char *path = xstrfmt("%s/demo.info", hist);
	char subject[512], num[32];
	int ret = -1;

	if (read_kv(path, "base", out->base, sizeof(out->base)) ||
	    read_kv(path, "bad", out->bad, sizeof(out->bad)) ||
	    read_kv(path, "culprit", out->culprit, sizeof(out->culprit)) ||
	    read_kv(path, "break", out->break_commit, sizeof(out->break_commit)) ||
	    read_kv(path, "break_fix", out->break_fix, sizeof(out->break_fix)) ||
	    read_kv(path, "warn", out->warn_commit, sizeof(out->warn_commit)) ||
	    read_kv(path, "warn_fix", out->warn_fix, sizeof(out->warn_fix)) ||
	    read_kv(path, "culprit_subject", subject, sizeof(subject)) ||
	    read_kv(path, "commits", num, sizeof(num)))
		goto out;
	out->culprit_subject = xstrdup(subject);
	out->commits = atoi(num);
	ret = 0;
out:
	free(path);
	return ret;
}

int demo_prepare(const struct demo_opts *opts, struct demo_repo *out)
{
	char *cache = opts->cache ? xstrdup(opts->cache) : cache_dir();
	char *dir = xstrfmt("%s/demo", cache ? cache : "");	/* (unused without a cache) */
	int n = opts->commits > 0 ? opts->commits : DEFAULT_COMMITS;
	uint64_t seed = opts->seed ? opts->seed : DEFAULT_SEED;
	char *hist = xstrfmt("%s/h%d-%llx.git", dir, n, (unsigned long long)seed);
	char *lockpath = xstrfmt("%s/.lock", dir);
	char *baseinfo = xstrfmt("%s/base.info", dir);
	char *repro = xstrfmt("%s/repro.c", dir);
	char base[VCS_HEXSZ + 1], sub[32];
	int fd = -1, ret = -1;

	memset(out, 0, sizeof(*out));
	if (!cache || mkdir_p(dir, 0777) < 0)
		goto out;
	fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		error("cannot lock %s: %s", lockpath, strerror(errno));
		goto out;
	}
	if (read_kv(baseinfo, "base", base, sizeof(base)) < 0 &&
	    make_base(dir, opts->tarball ? opts->tarball : DEFAULT_TARBALL, opts->verbose) < 0)
		goto out;
	if (read_kv(baseinfo, "base", base, sizeof(base)) < 0 ||
	    read_kv(baseinfo, "sublevel", sub, sizeof(sub)) < 0) {
		error("demo: %s is incomplete", baseinfo);
		goto out;
	}
	if (write_file_atomic(repro, demo_repro_source, strlen(demo_repro_source)) < 0)
		goto out;
	if (load_info(hist, out) < 0) {
		if (make_history(dir, hist, base, atoi(sub), n, seed, opts->verbose) < 0 ||
		    load_info(hist, out) < 0)
			goto out;
	}
	out->dir = xstrdup(hist);
	out->config = xstrfmt("%s/config", dir);
	out->repro = xstrdup(repro);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);	/* releases the lock */
	free(cache);
	free(dir);
	free(hist);
	free(lockpath);
	free(baseinfo);
	free(repro);
	if (ret)
		demo_repo_release(out);
	return ret;
}

void demo_repo_release(struct demo_repo *r)
{
	free(r->dir);
	free(r->config);
	free(r->repro);
	free(r->culprit_subject);
	memset(r, 0, sizeof(*r));
}
