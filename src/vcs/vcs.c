// SPDX-License-Identifier: Apache-2.0
/*
 * vcs.c - git repositories through libgit2.
 *
 * HOW IT WORKS
 *
 * The user's repository is opened with git_repository_open_ext() and only
 * ever read: revparse, commit lookups, tree diffs, revwalks and tag
 * iteration. No call here writes to it (no index, no refs, no config).
 * libgit2 objects must not be used by two threads at once, so every public
 * function takes the repository's mutex; libgit2 itself is initialised once
 * through pthread_once().
 *
 * `git show --stat` is rebuilt from git's own rules (pretty.c and diff.c of
 * git 2.39): the medium header (Merge: with abbreviated parents, mailmapped
 * author, the author date in the author's zone), the message indented by four
 * spaces with tabs expanded to 8 columns and trailing whitespace stripped, a
 * blank line, and the diffstat of the first-parent diff with rename
 * detection, scaled to 80 columns (what git prints when its output is not a
 * terminal).
 *
 * The DAG slice comes from one revwalk (topological, reversed) and one
 * open-addressing hash table from object id to index, so loading N commits
 * costs O(N) lookups.
 *
 * The build tree is a plain non-bare repository created with
 * git_repository_init() whose objects/info/alternates points at the user's
 * object directory; a forced checkout of the target tree against the
 * previous HEAD rewrites only files whose content or mode changed, deletes
 * files the previous commit tracked and the new one does not, and leaves
 * untracked and ignored files (build outputs) alone.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

struct vcs_repo {
	git_repository *repo;
	pthread_mutex_t lock;
};

static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;

static void libgit2_init_once(void)
{
	git_libgit2_init();
}

static void vcs_global_init(void)
{
	pthread_once(&libgit2_once, libgit2_init_once);
}

/* error() with libgit2's last message appended */
static int git_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int git_fail(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	const git_error *e = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (e && e->message)
		strbuf_addf(&sb, ": %s", e->message);
	error("%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

struct vcs_repo *vcs_open(const char *path)
{
	struct vcs_repo *r;
	git_repository *repo;

	vcs_global_init();
	if (git_repository_open_ext(&repo, path, 0, NULL) < 0) {
		git_fail("cannot open git repository at '%s'", path);
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->repo = repo;
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

void vcs_close(struct vcs_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->repo);
	pthread_mutex_destroy(&repo->lock);
	free(repo);
}

static void lock(struct vcs_repo *r)
{
	pthread_mutex_lock(&r->lock);
}

static void unlock(struct vcs_repo *r)
{
	pthread_mutex_unlock(&r->lock);
}

char *vcs_objects_dir(struct vcs_repo *repo)
{
	const char *common;
	char *dir, *abs;

	lock(repo);
	common = git_repository_commondir(repo->repo);
	dir = xstrfmt("%s%sobjects", common, ends_with(common, "/") ? "" : "/");
	unlock(repo);
	abs = real_path(dir);
	if (abs) {
		free(dir);
		return abs;
	}
	return dir;
}

/* rev -> commit (peeling tags); the caller frees the commit; quiet: no error() */
static int lookup_commit_q(git_repository *repo, const char *rev, git_commit **out, bool quiet)
{
	git_object *obj = NULL, *peeled = NULL;

	if (!rev || !*rev)
		return quiet ? -1 : error("empty revision");
	if (git_revparse_single(&obj, repo, rev) < 0)
		return quiet ? -1 : git_fail("bad revision '%s'", rev);
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return quiet ? -1 : git_fail("'%s' does not name a commit", rev);
	}
	git_object_free(obj);
	*out = (git_commit *)peeled;
	return 0;
}

static int lookup_commit(git_repository *repo, const char *rev, git_commit **out)
{
	return lookup_commit_q(repo, rev, out, false);
}

static int resolve_oid(git_repository *repo, const char *rev, git_oid *oid)
{
	git_commit *c;

	if (lookup_commit(repo, rev, &c) < 0)
		return -1;
	git_oid_cpy(oid, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int vcs_resolve(struct vcs_repo *repo, const char *rev, char out[VCS_HEXSZ + 1])
{
	git_oid oid;
	int ret;

	lock(repo);
	ret = resolve_oid(repo->repo, rev, &oid);
	unlock(repo);
	if (ret < 0)
		return -1;
	git_oid_tostr(out, VCS_HEXSZ + 1, &oid);
	return 0;
}

/* ---------------------------------------------------------------- commits */

static void split_message(const char *msg, char **subject, char **body)
{
	const char *nl, *rest;
	size_t len;

	while (*msg == '\n')
		msg++;
	nl = strchr(msg, '\n');
	if (!nl) {
		*subject = xstrdup(msg);
		*body = xstrdup("");
		return;
	}
	len = nl - msg;
	if (len && msg[len - 1] == '\r')
		len--;
	*subject = xstrndup(msg, len);
	rest = nl + 1;
	/* the body starts after the blank line(s) that end the subject ("\r\n" too) */
	for (;;) {
		const char *p = rest;

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p != '\n')
			break;
		rest = p + 1;
	}
	*body = xstrdup(rest);
}

/* CRLF messages: no CR in trailer values (they become e-mail recipients) */
static char *strip_cr(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++)
		if (*r != '\r')
			*w++ = *r;
	*w = '\0';
	return s;
}

static int fill_commit(git_commit *c, struct vcs_commit *out)
{
	const git_signature *a = git_commit_author(c), *m = git_commit_committer(c);
	const char *msg = git_commit_message(c);
	git_message_trailer_array tr = { 0 };

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->hash, sizeof(out->hash), git_commit_id(c));
	out->parents_nr = git_commit_parentcount(c);
	out->parents = xcalloc(out->parents_nr + 1, sizeof(*out->parents));
	for (size_t i = 0; i < out->parents_nr; i++) {
		out->parents[i] = xmalloc(VCS_HEXSZ + 1);
		git_oid_tostr(out->parents[i], VCS_HEXSZ + 1, git_commit_parent_id(c, i));
	}
	out->author_name = xstrdup(a->name ? a->name : "");
	out->author_email = xstrdup(a->email ? a->email : "");
	out->author_time = a->when.time;
	out->author_tz = a->when.offset;
	out->committer_name = xstrdup(m->name ? m->name : "");
	out->committer_email = xstrdup(m->email ? m->email : "");
	out->commit_time = m->when.time;
	out->message = xstrdup(msg ? msg : "");
	split_message(out->message, &out->subject, &out->body);
	if (git_message_trailers(&tr, out->message) == 0) {
		out->trailers = xcalloc(tr.count + 1, sizeof(*out->trailers));
		for (size_t i = 0; i < tr.count; i++) {
			out->trailers[i].key = xstrdup(tr.trailers[i].key);
			out->trailers[i].value = strip_cr(xstrdup(tr.trailers[i].value));
		}
		out->trailers_nr = tr.count;
		git_message_trailer_array_free(&tr);
	}
	return 0;
}

int vcs_commit_info(struct vcs_repo *repo, const char *rev, struct vcs_commit *out)
{
	git_commit *c;
	int ret;

	memset(out, 0, sizeof(*out));
	lock(repo);
	ret = lookup_commit(repo->repo, rev, &c);
	if (!ret) {
		ret = fill_commit(c, out);
		git_commit_free(c);
	}
	unlock(repo);
	return ret;
}

void vcs_commit_release(struct vcs_commit *c)
{
	for (size_t i = 0; i < c->parents_nr; i++)
		free(c->parents[i]);
	free(c->parents);
	free(c->author_name);
	free(c->author_email);
	free(c->committer_name);
	free(c->committer_email);
	free(c->subject);
	free(c->body);
	free(c->message);
	for (size_t i = 0; i < c->trailers_nr; i++) {
		free(c->trailers[i].key);
		free(c->trailers[i].value);
	}
	free(c->trailers);
	memset(c, 0, sizeof(*c));
}

/* git's diff.renameLimit default: inexact renames only up to 1000x1000 pairs */
#define RENAME_LIMIT 1000

static void count_unpaired(git_diff *diff, size_t *adds, size_t *dels)
{
	*adds = *dels = 0;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		git_delta_t st = git_diff_get_delta(diff, i)->status;

		*adds += st == GIT_DELTA_ADDED;
		*dels += st == GIT_DELTA_DELETED;
	}
}

/*
 * Rename detection as git diff does it by default: exact renames always;
 * inexact ones only when the files left unpaired after exact matching make
 * at most RENAME_LIMIT^2 candidate pairs (git's too_many_rename_candidates()).
 * libgit2's own per-file limit is lifted so only git's rule applies.
 */
static int find_renames(git_repository *repo, git_tree *ptree, git_tree *tree, git_diff **diff)
{
	git_diff_find_options fopts = GIT_DIFF_FIND_OPTIONS_INIT;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	size_t adds, dels;

	count_unpaired(*diff, &adds, &dels);
	fopts.rename_limit = (size_t)RENAME_LIMIT * RENAME_LIMIT;
	if ((unsigned long long)adds * dels <= (unsigned long long)RENAME_LIMIT * RENAME_LIMIT) {
		fopts.flags = GIT_DIFF_FIND_RENAMES;
		return git_diff_find_similar(*diff, &fopts);
	}
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_EXACT_MATCH_ONLY;
	if (git_diff_find_similar(*diff, &fopts) < 0)
		return -1;
	count_unpaired(*diff, &adds, &dels);
	if ((unsigned long long)adds * dels > (unsigned long long)RENAME_LIMIT * RENAME_LIMIT)
		return 0;
	/* few enough left after exact matching: start over with inexact renames */
	git_diff_free(*diff);
	*diff = NULL;
	if (git_diff_tree_to_tree(diff, repo, ptree, tree, &opts) < 0)
		return -1;
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	return git_diff_find_similar(*diff, &fopts);
}

/* diff of a commit against its first parent (empty tree for a root commit) */
static int parent_diff(git_repository *repo, git_commit *c, unsigned int nth, bool renames,
		       git_diff **out);

static int first_parent_diff(git_repository *repo, git_commit *c, bool renames, git_diff **out)
{
	return parent_diff(repo, c, 0, renames, out);
}

/* the diff of c against its nth parent (the empty tree when it has none) */
static int parent_diff(git_repository *repo, git_commit *c, unsigned int nth, bool renames,
		       git_diff **out)
{
	git_tree *tree = NULL, *ptree = NULL;
	git_commit *parent = NULL;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	int ret = -1;

	if (git_commit_tree(&tree, c) < 0) {
		git_fail("cannot read tree of commit");
		goto out;
	}
	if (git_commit_parentcount(c) > nth) {
		if (git_commit_parent(&parent, c, nth) < 0 || git_commit_tree(&ptree, parent) < 0) {
			git_fail("cannot read parent of commit");
			goto out;
		}
	}
	if (git_diff_tree_to_tree(out, repo, ptree, tree, &opts) < 0) {
		git_fail("cannot diff commit");
		goto out;
	}
	if (renames && find_renames(repo, ptree, tree, out) < 0) {
		git_diff_free(*out);
		*out = NULL;
		git_fail("rename detection failed");
		goto out;
	}
	ret = 0;
out:
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int vcs_changed_files(struct vcs_repo *repo, const char *rev, struct strvec *paths)
{
	return vcs_changed_files_parent(repo, rev, 0, paths);
}

int vcs_changed_files_parent(struct vcs_repo *repo, const char *rev, unsigned int nth,
			     struct strvec *paths)
{
	git_commit *c = NULL;
	git_diff *diff = NULL;
	char **names;
	size_t n, nr = 0;
	int ret = -1;

	lock(repo);
	if (lookup_commit(repo->repo, rev, &c) < 0)
		goto out;
	/* no rename detection: a move changes both paths, both matter */
	if (parent_diff(repo->repo, c, nth, false, &diff) < 0)
		goto out;
	n = git_diff_num_deltas(diff);
	names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;

		names[nr++] = (char *)p;
	}
	qsort(names, nr, sizeof(*names), cmp_str);
	for (size_t i = 0; i < nr; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			strvec_push(paths, names[i]);
	free(names);
	ret = 0;
out:
	git_diff_free(diff);
	git_commit_free(c);
	unlock(repo);
	return ret;
}

/* ------------------------------------------------------ git show --stat */

/* git's quote_c_style() with core.quotePath=true; false when no quoting is needed */
static bool needs_quote(const char *s)
{
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch < 0x20 || ch == '"' || ch == '\\' || ch >= 0x7f)
			return true;
	}
	return false;
}

static void add_quoted(struct strbuf *sb, const char *s)
{
	if (!needs_quote(s)) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char ch = *s;

		switch (ch) {
		case '\a': strbuf_addstr(sb, "\\a"); break;
		case '\b': strbuf_addstr(sb, "\\b"); break;
		case '\t': strbuf_addstr(sb, "\\t"); break;
		case '\n': strbuf_addstr(sb, "\\n"); break;
		case '\v': strbuf_addstr(sb, "\\v"); break;
		case '\f': strbuf_addstr(sb, "\\f"); break;
		case '\r': strbuf_addstr(sb, "\\r"); break;
		case '"': strbuf_addstr(sb, "\\\""); break;
		case '\\': strbuf_addstr(sb, "\\\\"); break;
		default:
			if (ch < 0x20 || ch >= 0x7f)
				strbuf_addf(sb, "\\%03o", ch);
			else
				strbuf_addch(sb, ch);
		}
	}
	strbuf_addch(sb, '"');
}

/* git's pprint_rename(): "dir/{old => new}/file" */
static char *pprint_rename(const char *a, const char *b)
{
	struct strbuf name = STRBUF_INIT;
	const char *old_name = a, *new_name = b;
	int len_a = strlen(a), len_b = strlen(b);
	int pfx_length = 0, sfx_length = 0, pfx_adjust_for_slash;
	int a_midlen, b_midlen;

	if (needs_quote(a) || needs_quote(b)) {
		add_quoted(&name, a);
		strbuf_addstr(&name, " => ");
		add_quoted(&name, b);
		return strbuf_detach(&name, NULL);
	}
	while (*old_name && *new_name && *old_name == *new_name) {
		if (*old_name == '/')
			pfx_length = old_name - a + 1;
		old_name++;
		new_name++;
	}
	old_name = a + len_a;
	new_name = b + len_b;
	pfx_adjust_for_slash = pfx_length ? 1 : 0;
	while (a + pfx_length - pfx_adjust_for_slash <= old_name &&
	       b + pfx_length - pfx_adjust_for_slash <= new_name &&
	       *old_name == *new_name) {
		if (*old_name == '/')
			sfx_length = len_a - (old_name - a);
		old_name--;
		new_name--;
	}
	a_midlen = len_a - pfx_length - sfx_length;
	b_midlen = len_b - pfx_length - sfx_length;
	if (a_midlen < 0)
		a_midlen = 0;
	if (b_midlen < 0)
		b_midlen = 0;
	if (pfx_length + sfx_length) {
		strbuf_add(&name, a, pfx_length);
		strbuf_addch(&name, '{');
	}
	strbuf_add(&name, a + pfx_length, a_midlen);
	strbuf_addstr(&name, " => ");
	strbuf_add(&name, b + pfx_length, b_midlen);
	if (pfx_length + sfx_length) {
		strbuf_addch(&name, '}');
		strbuf_add(&name, a + len_a - sfx_length, sfx_length);
	}
	return strbuf_detach(&name, NULL);
}

struct stat_file {
	char *name;
	uintmax_t added, deleted;
	bool binary;
};

static int decimal_width(uintmax_t n)
{
	int w = 1;

	while (n >= 10) {
		n /= 10;
		w++;
	}
	return w;
}

static int scale_linear(int it, int width, int max_change)
{
	if (!it)
		return 0;
	/* at least one column for any change: scale to width-1, add 1 */
	return 1 + (it * (width - 1) / max_change);
}

static void show_graph(struct strbuf *sb, char ch, int cnt)
{
	for (int i = 0; i < cnt; i++)
		strbuf_addch(sb, ch);
}

/* git's show_stats() with stat width 80 and no name/graph limits */
static void format_diffstat(struct stat_file *files, size_t nr, struct strbuf *out)
{
	uintmax_t max_change = 0, max_len = 0, adds = 0, dels = 0;
	int width = 80, name_width, graph_width, number_width = 0, bin_width = 0;
	int total_files = nr;

	if (!nr)
		return;
	for (size_t i = 0; i < nr; i++) {
		uintmax_t change = files[i].added + files[i].deleted;
		uintmax_t len = strlen(files[i].name);

		if (max_len < len)
			max_len = len;
		if (files[i].binary) {
			int w = 14 + decimal_width(files[i].added) + decimal_width(files[i].deleted);

			if (bin_width < w)
				bin_width = w;
			number_width = 3;
			continue;
		}
		if (max_change < change)
			max_change = change;
	}
	if (decimal_width(max_change) > number_width)
		number_width = decimal_width(max_change);
	if (width < 16 + 6 + number_width)
		width = 16 + 6 + number_width;
	graph_width = (int)max_change + 4 > bin_width ? (int)max_change : bin_width - 4;
	name_width = max_len;
	if (name_width + number_width + 6 + graph_width > width) {
		if (graph_width > width * 3 / 8 - number_width - 6) {
			graph_width = width * 3 / 8 - number_width - 6;
			if (graph_width < 6)
				graph_width = 6;
		}
		if (name_width > width - number_width - 6 - graph_width)
			name_width = width - number_width - 6 - graph_width;
		else
			graph_width = width - number_width - 6 - name_width;
	}

	for (size_t i = 0; i < nr; i++) {
		const char *prefix = "", *name = files[i].name;
		uintmax_t added = files[i].added, deleted = files[i].deleted;
		int len = name_width, name_len = strlen(name), padding, add, del;

		if (name_width < name_len) {
			const char *slash;

			prefix = "...";
			len -= 3;
			if (len < 0)
				len = 0;
			name += name_len - len;
			slash = strchr(name, '/');
			if (slash)
				name = slash;
		}
		padding = len - (int)strlen(name);
		if (padding < 0)
			padding = 0;
		if (files[i].binary) {
			strbuf_addf(out, " %s%s%*s | %*s", prefix, name, padding, "", number_width,
				    "Bin");
			if (!added && !deleted) {
				strbuf_addch(out, '\n');
				continue;
			}
			strbuf_addf(out, " %ju -> %ju bytes\n", deleted, added);
			continue;
		}
		add = added;
		del = deleted;
		if ((uintmax_t)graph_width <= max_change) {
			int total = scale_linear(add + del, graph_width, max_change);

			if (total < 2 && add && del)
				total = 2;
			if (add < del) {
				add = scale_linear(add, graph_width, max_change);
				del = total - add;
			} else {
				del = scale_linear(del, graph_width, max_change);
				add = total - del;
			}
		}
		strbuf_addf(out, " %s%s%*s | %*ju%s", prefix, name, padding, "", number_width,
			    added + deleted, added + deleted ? " " : "");
		show_graph(out, '+', add);
		show_graph(out, '-', del);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < nr; i++) {
		if (!files[i].binary) {
			adds += files[i].added;
			dels += files[i].deleted;
		}
	}
	strbuf_addf(out, total_files == 1 ? " %d file changed" : " %d files changed", total_files);
	if (adds || dels == 0)
		strbuf_addf(out, adds == 1 ? ", %ju insertion(+)" : ", %ju insertions(+)", adds);
	if (dels || adds == 0)
		strbuf_addf(out, dels == 1 ? ", %ju deletion(-)" : ", %ju deletions(-)", dels);
	strbuf_addch(out, '\n');
}

static int collect_stats(git_repository *repo, git_diff *diff, struct stat_file **out, size_t *nr)
{
	size_t n = git_diff_num_deltas(diff);
	struct stat_file *files = xcalloc(n + 1, sizeof(*files));

	*nr = 0;
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d;
		git_patch *patch = NULL;
		struct stat_file *f = &files[*nr];
		size_t adds = 0, dels = 0;

		if (git_patch_from_diff(&patch, diff, i) < 0) {
			git_fail("cannot compute diff");
			for (size_t j = 0; j < *nr; j++)
				free(files[j].name);
			free(files);
			return -1;
		}
		d = git_patch_get_delta(patch);
		if (d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED) {
			f->name = pprint_rename(d->old_file.path, d->new_file.path);
		} else {
			struct strbuf sb = STRBUF_INIT;

			add_quoted(&sb, d->new_file.path);
			f->name = strbuf_detach(&sb, NULL);
		}
		if (d->flags & GIT_DIFF_FLAG_BINARY) {
			f->binary = true;
			if (!git_oid_equal(&d->old_file.id, &d->new_file.id)) {
				git_blob *b;

				if (!git_oid_is_zero(&d->new_file.id) &&
				    !git_blob_lookup(&b, repo, &d->new_file.id)) {
					f->added = git_blob_rawsize(b);
					git_blob_free(b);
				}
				if (!git_oid_is_zero(&d->old_file.id) &&
				    !git_blob_lookup(&b, repo, &d->old_file.id)) {
					f->deleted = git_blob_rawsize(b);
					git_blob_free(b);
				}
			}
		} else {
			git_patch_line_stats(NULL, &adds, &dels, patch);
			f->added = adds;
			f->deleted = dels;
		}
		(*nr)++;
		git_patch_free(patch);
	}
	*out = files;
	return 0;
}

/* git's DATE_NORMAL: "Fri Dec 11 10:46:19 2020 -0800" */
static void add_git_date(struct strbuf *sb, int64_t t, int offset)
{
	static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t local = (time_t)(t + (int64_t)offset * 60);
	struct tm tm;
	int tz = offset < 0 ? -offset : offset;

	gmtime_r(&local, &tm);
	tz = tz / 60 * 100 + tz % 60;
	if (offset < 0)
		tz = -tz;
	strbuf_addf(sb, "%s %s %d %02d:%02d:%02d %d %+05d", wday[tm.tm_wday], mon[tm.tm_mon],
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900, tz);
}

/* git's wcwidth for the characters that matter in commit messages */
static int char_width(unsigned cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;	/* control characters */
	if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))
		return 0;	/* combining marks, zero-width spaces, selectors */
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;	/* East Asian wide and emoji */
	return 1;
}

/*
 * Columns of a run as git's pp_utf8_width() counts them, or -1 when it
 * holds a control character or is not valid UTF-8 (git then stops
 * expanding tabs on that line).
 */
static int segment_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	int w = 0;

	while (p < end) {
		unsigned cp;
		int n, cw;

		if (*p < 0x80) {
			cp = *p;
			n = 1;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			n = 2;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			n = 3;
		} else if ((*p & 0xf8) == 0xf0) {
			cp = *p & 0x07;
			n = 4;
		} else {
			return -1;
		}
		if (end - p < n)
			return -1;
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		cw = char_width(cp);
		if (cw < 0)
			return -1;
		w += cw;
		p += n;
	}
	return w;
}

/* git's strbuf_add_tabexpand() with a tab width of 8 */
static void add_tabexpand(struct strbuf *sb, const char *line, size_t len)
{
	const char *tab;

	while ((tab = memchr(line, '\t', len))) {
		int width = segment_width(line, tab - line);

		if (width < 0)
			break;
		strbuf_add(sb, line, tab - line);
		for (int i = 0; i < 8 - width % 8; i++)
			strbuf_addch(sb, ' ');
		len -= tab + 1 - line;
		line = tab + 1;
	}
	strbuf_add(sb, line, len);
}

/*
 * git's pp_remainder() for the medium format: leading blank lines skipped,
 * trailing whitespace of each line dropped, indent 4, tabs expanded; then
 * the whole thing right-trimmed and ended with one newline. git trims the
 * blank line before the message too, so an empty message leaves none: the
 * trimming may go back to `start` (the end of the header's last line).
 */
static void add_indented_message(struct strbuf *sb, const char *msg, size_t start)
{
	bool first = true;

	while (*msg) {
		const char *eol = strchrnul(msg, '\n');
		size_t len = eol - msg;

		while (len && isspace((unsigned char)msg[len - 1]))
			len--;
		if (len || !first) {
			first = false;
			strbuf_addstr(sb, "    ");
			add_tabexpand(sb, msg, len);
			strbuf_addch(sb, '\n');
		}
		msg = *eol ? eol + 1 : eol;
	}
	while (sb->len > start && isspace((unsigned char)sb->buf[sb->len - 1]))
		strbuf_setlen(sb, sb->len - 1);
	strbuf_addch(sb, '\n');
}

static int msb(unsigned long n)
{
	int r = 0;

	while (n >>= 1)
		r++;
	return r;
}

/* objects in the pack indexes of one object directory and its alternates */
static unsigned long count_packed(const char *objects, int depth)
{
	char *dir = xstrfmt("%s/pack", objects), *alt;
	struct strbuf alts = STRBUF_INIT;
	unsigned long count = 0;
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		unsigned char hdr[8 + 256 * 4];
		char *p;
		FILE *f;

		if (!ends_with(de->d_name, ".idx"))
			continue;
		p = xstrfmt("%s/%s", dir, de->d_name);
		f = fopen(p, "rb");
		if (f && fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr) &&
		    !memcmp(hdr, "\377tOc", 4)) {
			const unsigned char *x = hdr + 8 + 255 * 4;

			count += (unsigned long)x[0] << 24 | x[1] << 16 | x[2] << 8 | x[3];
		}
		if (f)
			fclose(f);
		free(p);
	}
	if (d)
		closedir(d);
	free(dir);
	/* git follows alternates up to 5 levels deep */
	alt = xstrfmt("%s/info/alternates", objects);
	if (depth < 5 && strbuf_read_file(&alts, alt) >= 0) {
		char *save = NULL;

		for (char *l = strtok_r(alts.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *o;

			if (!*l || *l == '#')
				continue;
			o = *l == '/' ? xstrdup(l) : xstrfmt("%s/%s", objects, l);
			count += count_packed(o, depth + 1);
			free(o);
		}
	}
	strbuf_release(&alts);
	free(alt);
	return count;
}

/*
 * git's repo_approximate_object_count(): objects in packs (loose ones do
 * not count), alternates included.
 */
static unsigned long approximate_object_count(git_repository *repo)
{
	const char *common = git_repository_commondir(repo);
	char *objects = xstrfmt("%s%sobjects", common, ends_with(common, "/") ? "" : "/");
	unsigned long count = count_packed(objects, 0);

	free(objects);
	return count;
}

/* git's default abbreviation: at least 7, more in big repositories, always unique */
static void add_abbrev(struct strbuf *sb, git_repository *repo, const git_oid *oid)
{
	char hex[VCS_HEXSZ + 1];
	int len = (msb(approximate_object_count(repo)) + 2) / 2;
	git_odb *odb = NULL;

	if (len < 7)
		len = 7;
	git_oid_tostr(hex, sizeof(hex), oid);
	if (!git_repository_odb(&odb, repo)) {
		for (; len < VCS_HEXSZ; len++) {
			git_oid full;

			if (git_odb_exists_prefix(&full, odb, oid, len) != GIT_EAMBIGUOUS)
				break;
		}
		git_odb_free(odb);
	}
	strbuf_add(sb, hex, len);
}

static int show_stat(git_repository *repo, git_commit *c, struct strbuf *out)
{
	git_mailmap *mm = NULL;
	git_signature *author = NULL;
	const git_signature *a;
	char hex[VCS_HEXSZ + 1];
	git_diff *diff = NULL;
	struct stat_file *files = NULL;
	size_t nr = 0, start;

	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	strbuf_addf(out, "commit %s\n", hex);
	if (git_commit_parentcount(c) > 1) {
		strbuf_addstr(out, "Merge:");
		for (unsigned i = 0; i < git_commit_parentcount(c); i++) {
			strbuf_addch(out, ' ');
			add_abbrev(out, repo, git_commit_parent_id(c, i));
		}
		strbuf_addch(out, '\n');
	}
	/* git show applies .mailmap (log.mailmap defaults to true) */
	if (git_mailmap_from_repository(&mm, repo) < 0)
		mm = NULL;
	if (git_commit_author_with_mailmap(&author, c, mm) < 0)
		author = NULL;
	a = author ? author : git_commit_author(c);
	strbuf_addf(out, "Author: %s <%s>\n", a->name, a->email);
	strbuf_addstr(out, "Date:   ");
	add_git_date(out, a->when.time, a->when.offset);
	start = out->len;
	strbuf_addstr(out, "\n\n");
	git_signature_free(author);
	git_mailmap_free(mm);
	add_indented_message(out, git_commit_message(c) ? git_commit_message(c) : "", start);

	if (first_parent_diff(repo, c, true, &diff) < 0)
		return -1;
	if (collect_stats(repo, diff, &files, &nr) < 0) {
		git_diff_free(diff);
		return -1;
	}
	if (nr) {
		strbuf_addch(out, '\n');
		format_diffstat(files, nr, out);
	}
	for (size_t i = 0; i < nr; i++)
		free(files[i].name);
	free(files);
	git_diff_free(diff);
	return 0;
}

int vcs_format_show_stat(struct vcs_repo *repo, const char *rev, struct strbuf *out)
{
	git_commit *c;
	int ret;

	lock(repo);
	ret = lookup_commit(repo->repo, rev, &c);
	if (!ret) {
		ret = show_stat(repo->repo, c, out);
		git_commit_free(c);
	}
	unlock(repo);
	return ret;
}

/* -------------------------------------------------------------- the DAG */

/* open addressing from object id to slice index */
struct oidmap {
	size_t mask;
	git_oid *keys;
	size_t *vals;		/* SIZE_MAX: empty */
};

static void oidmap_init(struct oidmap *m, size_t nr)
{
	size_t cap = 16;

	while (cap < nr * 2)
		cap <<= 1;
	m->mask = cap - 1;
	m->keys = xmalloc(cap * sizeof(*m->keys));
	m->vals = xmalloc(cap * sizeof(*m->vals));
	for (size_t i = 0; i < cap; i++)
		m->vals[i] = SIZE_MAX;
}

static size_t oidmap_slot(const struct oidmap *m, const git_oid *oid)
{
	size_t h;

	memcpy(&h, oid->id, sizeof(h));
	h &= m->mask;
	while (m->vals[h] != SIZE_MAX && !git_oid_equal(&m->keys[h], oid))
		h = (h + 1) & m->mask;
	return h;
}

static void oidmap_put(struct oidmap *m, const git_oid *oid, size_t val)
{
	size_t h = oidmap_slot(m, oid);

	git_oid_cpy(&m->keys[h], oid);
	m->vals[h] = val;
}

static size_t oidmap_get(const struct oidmap *m, const git_oid *oid)
{
	return m->vals[oidmap_slot(m, oid)];
}

static void oidmap_release(struct oidmap *m)
{
	free(m->keys);
	free(m->vals);
}

/*
 * The parents of a commit straight from its raw object ("tree X\nparent Y\n
 * parent Z\nauthor ..."): cheaper than git_commit_lookup(), which also
 * parses identities and copies the message, on hundreds of thousands of
 * commits. *pv starts as a caller's array of *palloc entries and is
 * malloced when it must grow.
 */
static int commit_parents(git_odb *odb, const git_oid *oid, git_oid **pv, size_t *pc,
			  size_t *palloc)
{
	git_odb_object *obj;
	const char *p, *end;

	if (git_odb_read(&obj, odb, oid) < 0)
		return -1;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(obj);
		return -1;
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);

		if (!nl)
			break;
		if ((size_t)(nl - p) == 7 + VCS_HEXSZ && !memcmp(p, "parent ", 7)) {
			if (*pc == *palloc) {
				git_oid *n = xmalloc(2 * *palloc * sizeof(*n));

				memcpy(n, *pv, *pc * sizeof(*n));
				if (*palloc > 64)
					free(*pv);
				*pv = n;
				*palloc *= 2;
			}
			if (git_oid_fromstrn(&(*pv)[*pc], p + 7, VCS_HEXSZ) < 0)
				break;
			(*pc)++;
		} else if (!starts_with(p, "tree ")) {
			break;	/* parents come right after the tree */
		}
		p = nl + 1;
	}
	git_odb_object_free(obj);
	return 0;
}

/*
 * libgit2 1.5 cannot walk past a shallow clone's boundary (and leaks when it
 * tries); even a walk that hides a good commit reaches it. Say so up front.
 */
static int refuse_shallow(git_repository *repo)
{
	if (git_repository_is_shallow(repo) != 1)
		return 0;
	return error("'%s' is a shallow clone: culprit needs the history between the good "
		     "and bad commits (git fetch --unshallow)",
		     git_repository_workdir(repo) ? git_repository_workdir(repo)
						  : git_repository_path(repo));
}

static int load_dag(git_repository *repo, const char *bad, const char *const *goods,
		    size_t goods_nr, size_t limit, struct vcs_dag *out)
{
	git_revwalk *walk = NULL;
	git_odb *odb = NULL;
	git_oid oid, *oids = NULL;
	size_t nr = 0, alloc = 0;
	struct oidmap map;
	int ret = -1, err;

	if (refuse_shallow(repo) < 0 || resolve_oid(repo, bad, &oid) < 0)
		return -1;
	if (git_revwalk_new(&walk, repo) < 0)
		return git_fail("cannot walk history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_push(walk, &oid) < 0) {
		git_fail("cannot walk from '%s'", bad);
		goto out;
	}
	for (size_t i = 0; i < goods_nr; i++) {
		git_oid g;

		if (resolve_oid(repo, goods[i], &g) < 0)
			goto out;
		if (git_revwalk_hide(walk, &g) < 0) {
			git_fail("cannot hide '%s'", goods[i]);
			goto out;
		}
	}
	while (!(err = git_revwalk_next(&oid, walk))) {
		if (limit && nr >= limit) {
			error("more than %zu commits between the good and bad commits", limit);
			goto out;
		}
		ALLOC_GROW(oids, nr + 1, alloc);
		git_oid_cpy(&oids[nr++], &oid);
	}
	if (err != GIT_ITEROVER) {
		git_fail("history walk failed");
		goto out;
	}

	oidmap_init(&map, nr);
	for (size_t i = 0; i < nr; i++)
		oidmap_put(&map, &oids[i], i);
	out->nr = nr;
	out->hash = xcalloc(nr + 1, sizeof(*out->hash));
	out->parents = xcalloc(nr + 1, sizeof(*out->parents));
	out->parents_nr = xcalloc(nr + 1, sizeof(*out->parents_nr));
	out->is_merge = xcalloc(nr + 1, sizeof(*out->is_merge));
	if (git_repository_odb(&odb, repo) < 0) {
		git_fail("cannot read the object database");
		oidmap_release(&map);
		vcs_dag_release(out);
		goto out;
	}
	for (size_t i = 0; i < nr; i++) {
		git_oid parents[64], *pv = parents;
		size_t pc = 0, palloc = ARRAY_SIZE(parents);

		git_oid_tostr(out->hash[i], VCS_HEXSZ + 1, &oids[i]);
		if (commit_parents(odb, &oids[i], &pv, &pc, &palloc) < 0) {
			git_fail("cannot read commit %s", out->hash[i]);
			if (pv != parents)
				free(pv);
			oidmap_release(&map);
			vcs_dag_release(out);
			goto out;
		}
		out->is_merge[i] = pc > 1;
		out->parents[i] = xcalloc(pc + 1, sizeof(**out->parents));
		for (size_t p = 0; p < pc; p++) {
			size_t idx = oidmap_get(&map, &pv[p]);

			if (idx == SIZE_MAX)
				continue;	/* outside the slice */
			if (idx >= i)
				BUG("revwalk gave a child before its parent");
			out->parents[i][out->parents_nr[i]++] = idx;
		}
		if (pv != parents)
			free(pv);
	}
	oidmap_release(&map);
	ret = 0;
out:
	git_odb_free(odb);
	free(oids);
	git_revwalk_free(walk);
	return ret;
}

int vcs_load_dag(struct vcs_repo *repo, const char *bad, const char *const *goods,
		 size_t goods_nr, size_t limit, struct vcs_dag *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	lock(repo);
	ret = load_dag(repo->repo, bad, goods, goods_nr, limit, out);
	unlock(repo);
	return ret;
}

void vcs_dag_release(struct vcs_dag *dag)
{
	if (dag->parents)
		for (size_t i = 0; i < dag->nr; i++)
			free(dag->parents[i]);
	free(dag->parents);
	free(dag->parents_nr);
	free(dag->hash);
	free(dag->is_merge);
	memset(dag, 0, sizeof(*dag));
}

int vcs_is_ancestor(struct vcs_repo *repo, const char *ancestor, const char *descendant)
{
	git_oid a, d;
	int ret;

	lock(repo);
	if (resolve_oid(repo->repo, ancestor, &a) < 0 ||
	    resolve_oid(repo->repo, descendant, &d) < 0) {
		unlock(repo);
		return -1;
	}
	if (git_oid_equal(&a, &d))
		ret = 1;
	else if ((ret = git_graph_descendant_of(repo->repo, &d, &a)) < 0)
		git_fail("cannot test ancestry of %s and %s", ancestor, descendant);
	unlock(repo);
	return ret < 0 ? -1 : ret;
}

/* ------------------------------------------------------- release tags */

/*
 * Version order: digit runs compare as numbers, other runs as strings; when
 * one name is a prefix of the other, a longer name continuing with '.'
 * is newer (v6.1.1 > v6.1) and one continuing with anything else is a
 * pre-release (v6.2 > v6.2-rc7).
 */
int vcs_version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long long x = strtoull(a, &ea, 10), y = strtoull(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (!*a && !*b)
		return 0;
	if (!*a)
		return *b == '.' ? -1 : 1;
	return *a == '.' ? 1 : -1;
}

struct tag_entry {
	char *name;
	git_oid commit;
	bool found;
};

static int cmp_tag(const void *x, const void *y)
{
	const struct tag_entry *a = x, *b = y;

	return -vcs_version_cmp(a->name, b->name);	/* newest first */
}

static bool is_rc(const char *name)
{
	return strstr(name, "-rc") != NULL;
}

static int release_tags(git_repository *repo, const char *rev, const char *pattern,
			struct strvec *tags, struct strvec *tag_commits)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	struct tag_entry *list = NULL;
	size_t nr = 0, alloc = 0, left;
	git_revwalk *walk = NULL;
	git_oid start, oid;
	int64_t oldest = INT64_MAX;
	int ret = -1;

	if (refuse_shallow(repo) < 0 || resolve_oid(repo, rev, &start) < 0)
		return -1;
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") < 0)
		return git_fail("cannot list tags");
	while (!git_reference_next(&ref, it)) {
		const char *name = git_reference_shorthand(ref);
		git_object *obj = NULL;
		bool match;

		if (pattern)
			match = !fnmatch(pattern, name, 0);
		else
			match = !fnmatch("v[0-9]*.[0-9]*", name, 0) && !is_rc(name);
		if (match && !git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT)) {
			git_commit *c = (git_commit *)obj;
			int64_t t = git_commit_time(c);

			ALLOC_GROW(list, nr + 1, alloc);
			list[nr].name = xstrdup(name);
			git_oid_cpy(&list[nr].commit, git_object_id(obj));
			list[nr].found = false;
			nr++;
			if (t < oldest)
				oldest = t;
		}
		git_object_free(obj);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);

	/*
	 * Which tagged commits are reachable from rev: one walk newest first,
	 * done when every tag is found or the walk is a day older than the
	 * oldest tagged commit (a day of slack for clock skew, as git's
	 * name-rev has).
	 */
	left = nr;
	if (nr) {
		struct oidmap map;

		oidmap_init(&map, nr);
		for (size_t i = 0; i < nr; i++) {
			size_t h = oidmap_slot(&map, &list[i].commit);

			if (map.vals[h] == SIZE_MAX)
				oidmap_put(&map, &list[i].commit, i);
		}
		if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push(walk, &start) < 0) {
			git_fail("cannot walk history");
			oidmap_release(&map);
			goto out;
		}
		git_revwalk_sorting(walk, GIT_SORT_TIME);
		while (left && !git_revwalk_next(&oid, walk)) {
			size_t idx = oidmap_get(&map, &oid);
			git_commit *c;

			if (idx != SIZE_MAX) {
				/* several tags may name one commit */
				for (size_t i = 0; i < nr; i++)
					if (!list[i].found && git_oid_equal(&list[i].commit, &oid)) {
						list[i].found = true;
						left--;
					}
				continue;
			}
			if (!git_commit_lookup(&c, repo, &oid)) {
				bool old = git_commit_time(c) < oldest - 86400;

				git_commit_free(c);
				if (old)
					break;
			}
		}
		oidmap_release(&map);
	}
	if (nr)
		qsort(list, nr, sizeof(*list), cmp_tag);
	for (size_t i = 0; i < nr; i++) {
		char hex[VCS_HEXSZ + 1];

		if (!list[i].found)
			continue;
		git_oid_tostr(hex, sizeof(hex), &list[i].commit);
		strvec_push(tags, list[i].name);
		strvec_push(tag_commits, hex);
	}
	ret = 0;
out:
	for (size_t i = 0; i < nr; i++)
		free(list[i].name);
	free(list);
	git_revwalk_free(walk);
	return ret;
}

int vcs_release_tags(struct vcs_repo *repo, const char *rev, const char *pattern,
		     struct strvec *tags, struct strvec *tag_commits)
{
	int ret;

	lock(repo);
	ret = release_tags(repo->repo, rev, pattern, tags, tag_commits);
	unlock(repo);
	return ret;
}

/* --------------------------------------------------------- build tree */

static int ensure_alternates(const char *dir, const char *objects)
{
	char *path = xstrfmt("%s/.git/objects/info/alternates", dir);
	char *want = xstrfmt("%s\n", objects);
	struct strbuf cur = STRBUF_INIT;
	int ret = 0;

	if (strbuf_read_file(&cur, path) < 0 || strcmp(cur.buf, want)) {
		char *info = xstrfmt("%s/.git/objects/info", dir);

		ret = mkdir_p(info, 0777);
		if (!ret)
			ret = write_file_atomic(path, want, strlen(want));
		free(info);
	}
	strbuf_release(&cur);
	free(want);
	free(path);
	return ret;
}

static int build_tree_checkout(const char *objects, const char *dir, const git_oid *oid)
{
	git_repository *b = NULL;
	git_commit *c = NULL;
	git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
	char *gitdir = xstrfmt("%s/.git", dir);
	int ret = -1;
	bool fresh = false;

again:
	if (!is_directory(gitdir)) {
		git_repository_init_options io = GIT_REPOSITORY_INIT_OPTIONS_INIT;

		if (mkdir_p(dir, 0777) < 0)
			goto out;
		io.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
		if (git_repository_init_ext(&b, dir, &io) < 0) {
			git_fail("cannot create build tree at '%s'", dir);
			goto out;
		}
		git_repository_free(b);
		b = NULL;
	}
	if (ensure_alternates(dir, objects) < 0)
		goto out;
	/*
	 * Locks left by a culprit killed mid-checkout (kill -9): the build tree
	 * is ours alone (the engine holds the work directory), so they are stale.
	 */
	{
		static const char *const locks[] = { "index.lock", "HEAD.lock" };

		for (size_t i = 0; i < ARRAY_SIZE(locks); i++) {
			char *lock = xstrfmt("%s/.git/%s", dir, locks[i]);

			if (unlink(lock) < 0 && errno != ENOENT)
				warning("cannot remove stale %s: %s", lock, strerror(errno));
			free(lock);
		}
	}
	/* open after writing alternates: they are read when the odb loads */
	if (git_repository_open_ext(&b, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		git_fail("cannot open build tree at '%s'", dir);
		goto out;
	}
	/*
	 * A build tree whose HEAD is not in the objects it now borrows was made
	 * for another repository: its files cannot be compared with anything,
	 * so start afresh (it is ours, under the work directory).
	 */
	if (!fresh && git_repository_head_unborn(b) == 0) {
		git_oid head;
		git_odb *odb = NULL;
		bool known;

		/* (not git_revparse_single(): libgit2 1.5 leaks when it fails) */
		known = !git_reference_name_to_id(&head, b, "HEAD") &&
			!git_repository_odb(&odb, b) && git_odb_exists(odb, &head);
		git_odb_free(odb);
		if (!known) {
			warning("build tree '%s' was made for another repository: recreating it",
				dir);
			git_repository_free(b);
			b = NULL;
			if (remove_tree(dir) < 0) {
				error("cannot remove '%s'", dir);
				goto out;
			}
			fresh = true;
			goto again;
		}
	}
	if (git_commit_lookup(&c, b, oid) < 0) {
		git_fail("build tree at '%s' cannot read the commit", dir);
		goto out;
	}
	/*
	 * FORCE: overwrite local changes (a build may touch tracked files).
	 * Files the old HEAD tracked and the new tree lacks are removed;
	 * untracked and ignored files (build outputs) are kept: neither
	 * REMOVE_UNTRACKED nor REMOVE_IGNORED. Unchanged files are not
	 * rewritten, so their mtimes stay and builds stay incremental.
	 */
	opts.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (git_checkout_tree(b, (git_object *)c, &opts) < 0) {
		git_fail("checkout in build tree '%s' failed", dir);
		goto out;
	}
	if (git_repository_set_head_detached(b, oid) < 0) {
		git_fail("cannot move HEAD of build tree '%s'", dir);
		goto out;
	}
	ret = 0;
out:
	git_commit_free(c);
	git_repository_free(b);
	free(gitdir);
	return ret;
}

int vcs_build_tree_checkout(struct vcs_repo *repo, const char *dir, const char *rev)
{
	git_oid oid;
	char *objects, *abs_dir;
	int ret;

	lock(repo);
	ret = resolve_oid(repo->repo, rev, &oid);
	unlock(repo);
	if (ret < 0)
		return -1;
	objects = vcs_objects_dir(repo);
	if (mkdir_p(dir, 0777) < 0) {
		free(objects);
		return -1;
	}
	abs_dir = real_path(dir);
	/* never the user's own repository: the build tree is written and may be wiped */
	{
		char *git = xstrfmt("%s/.git", abs_dir ? abs_dir : dir);
		char *mine = real_path(git), *theirs, *common;

		lock(repo);
		theirs = real_path(git_repository_path(repo->repo));
		common = real_path(git_repository_commondir(repo->repo));
		unlock(repo);
		ret = mine && ((theirs && !strcmp(mine, theirs)) || (common && !strcmp(mine, common)));
		free(git);
		free(mine);
		free(theirs);
		free(common);
		if (ret) {
			free(abs_dir);
			free(objects);
			return error("'%s' is the repository itself, not a build tree", dir);
		}
	}
	ret = build_tree_checkout(objects, abs_dir ? abs_dir : dir, &oid);
	free(abs_dir);
	free(objects);
	return ret;
}

int vcs_tree_read_blob(git_repository *repo, git_tree *tree, const char *path,
		       struct strbuf *out)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int ret = -1;

	if (git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0)
		goto out;
	strbuf_add(out, git_blob_rawcontent(blob), git_blob_rawsize(blob));
	ret = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return ret;
}

int vcs_read_file(struct vcs_repo *repo, const char *rev, const char *path, struct strbuf *out)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	int ret = -1;

	lock(repo);
	if (lookup_commit_q(repo->repo, rev, &c, true) < 0)
		goto out;
	if (git_commit_tree(&tree, c) < 0)
		goto out;
	ret = vcs_tree_read_blob(repo->repo, tree, path, out);
out:
	git_tree_free(tree);
	git_commit_free(c);
	unlock(repo);
	return ret;
}
