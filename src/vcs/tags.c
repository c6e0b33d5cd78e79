// SPDX-License-Identifier: Apache-2.0
/*
 * tags.c - release tags reachable from a commit, in version order.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "vcs.h"
#include "internal.h"
#include "../util/util.h"

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

	if (vcs_refuse_shallow(repo) < 0 || vcs_resolve_oid(repo, rev, &start) < 0)
		return -1;
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") < 0)
		return vcs_git_fail("cannot list tags");
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
		struct vcs_oidmap map;

		vcs_oidmap_init(&map, nr);
		for (size_t i = 0; i < nr; i++) {
			size_t h = vcs_oidmap_slot(&map, &list[i].commit);

			if (map.vals[h] == SIZE_MAX)
				vcs_oidmap_put(&map, &list[i].commit, i);
		}
		if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push(walk, &start) < 0) {
			vcs_git_fail("cannot walk history");
			vcs_oidmap_release(&map);
			goto out;
		}
		git_revwalk_sorting(walk, GIT_SORT_TIME);
		while (left && !git_revwalk_next(&oid, walk)) {
			size_t idx = vcs_oidmap_get(&map, &oid);
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
		vcs_oidmap_release(&map);
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

	vcs_lock(repo);
	ret = release_tags(repo->repo, rev, pattern, tags, tag_commits);
	vcs_unlock(repo);
	return ret;
}
