// SPDX-License-Identifier: Apache-2.0
/*
 * stat.c - `git show --stat` rebuilt from git's own rules (pretty.c and
 * diff.c of git 2.39): the medium header (Merge: with abbreviated parents,
 * mailmapped author, the author date in the author's zone), the message
 * indented by four spaces with tabs expanded to 8 columns and trailing
 * whitespace stripped, a blank line, and the diffstat of the first-parent
 * diff with rename detection, scaled to 80 columns (what git prints when its
 * output is not a terminal).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

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
			vcs_git_fail("cannot compute diff");
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

	if (vcs_first_parent_diff(repo, c, true, &diff) < 0)
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

	vcs_lock(repo);
	ret = vcs_lookup_commit(repo->repo, rev, &c);
	if (!ret) {
		ret = show_stat(repo->repo, c, out);
		git_commit_free(c);
	}
	vcs_unlock(repo);
	return ret;
}
