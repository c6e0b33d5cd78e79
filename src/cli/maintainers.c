// SPDX-License-Identifier: Apache-2.0
/*
 * culprit maintainers - who should hear about files or a commit.
 *
 *   culprit maintainers [--roles] [--json] [-C DIR] FILE...
 *	the people and lists for the files, like
 *	scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f FILE...
 *	run at the top of the kernel tree DIR (default: the current directory).
 *   culprit maintainers --commit REV [--repo DIR] [--json]
 *	the "to"/"cc" recipients of a commit, as syzbot's log prints them.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "maintainers/maintainers.h"
#include "util/util.h"

static const char usage_text[] =
	"usage: culprit maintainers [--roles] [--json] [-C <dir>] <file>...\n"
	"   or: culprit maintainers --commit <rev> [--repo <dir>] [--json]\n"
	"\n"
	"Print who should hear about the files (people, then mailing lists), as\n"
	"scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f does,\n"
	"or the recipients of a commit split into \"to\" and \"cc\" as syzbot does.\n"
	"\n"
	"    -C, --root <dir>   top of the tree holding MAINTAINERS (default: .)\n"
	"    --roles            show why each address is there\n"
	"    --json             print JSON\n"
	"    --commit <rev>     recipients of a commit\n"
	"    --repo <dir>       repository for --commit (default: .)\n";

static const char *kind_name(enum maintainers_kind k)
{
	switch (k) {
	case MAINT_PERSON:
		return "maintainer";
	case MAINT_REVIEWER:
		return "reviewer";
	case MAINT_LIST:
		return "list";
	case MAINT_FILE_EMAIL:
		return "file";
	}
	return "unknown";
}

static void print_quoted_list(const char *label, const struct strvec *sv)
{
	printf("recipients (%s): [", label);
	for (size_t i = 0; i < sv->nr; i++)
		printf("%s\"%s\"", i ? " " : "", sv->v[i]);
	puts("]");
}

static json_t *json_strvec(const struct strvec *sv)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);

	if (s)
		puts(s);
	free(s);
	json_decref(j);
}

static int do_commit(const char *repo, const char *rev, bool json)
{
	struct recipients r = RECIPIENTS_INIT;
	int ret = maintainers_repo_recipients(repo, rev, &r);

	if (ret < 0) {
		recipients_release(&r);
		return EXIT_USAGE;
	}
	if (ret == MAINTAINERS_ABSENT)
		warning("no MAINTAINERS file at %s: only the author and trailers", rev);
	if (json) {
		json_t *j = json_object();

		json_object_set_new(j, "to", json_strvec(&r.to));
		json_object_set_new(j, "cc", json_strvec(&r.cc));
		json_object_set_new(j, "maintainers_file", json_boolean(ret == 0));
		print_json(j);
	} else {
		print_quoted_list("to", &r.to);
		print_quoted_list("cc", &r.cc);
	}
	recipients_release(&r);
	return EXIT_FOUND;
}

static int do_files(const char *root, const char **files, size_t nr, bool roles, bool json)
{
	struct maintainers *m;
	struct maintainers_source src;
	struct maintainers_result r = MAINTAINERS_RESULT_INIT;
	struct strvec rel = STRVEC_INIT;
	char *top = real_path(root);
	size_t toplen;

	if (!top) {
		error("cannot open %s", root);
		return EXIT_USAGE;
	}
	toplen = strlen(top);
	m = maintainers_load_dir(top);
	if (!m) {
		free(top);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < nr; i++) {
		const char *f = files[i];
		char *full = f[0] == '/' ? xstrdup(f) : xstrfmt("%s/%s", top, f);

		if (!file_exists(full) && !is_directory(full)) {
			error("file '%s' not found", f);
			free(full);
			free(top);
			maintainers_free(m);
			strvec_clear(&rel);
			return EXIT_USAGE;
		}
		free(full);
		/* strip the path of the tree from absolute names, as get_maintainer.pl */
		if (f[0] == '/' && !strncmp(f, top, toplen) && f[toplen] == '/')
			f += toplen + 1;
		strvec_push(&rel, f);
	}
	maintainers_source_dir(&src, top);
	maintainers_query(m, rel.v, rel.nr, &src, &r);
	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; i < r.nr; i++) {
			json_t *e = json_object();

			json_object_set_new(e, "email", json_string(r.v[i].email));
			json_object_set_new(e, "address", json_string(r.v[i].address));
			json_object_set_new(e, "kind", json_string(kind_name(r.v[i].kind)));
			json_object_set_new(e, "role", json_string(r.v[i].role));
			json_array_append_new(a, e);
		}
		print_json(a);
	} else {
		for (size_t i = 0; i < r.nr; i++) {
			if (roles)
				printf("%s (%s)\n", r.v[i].email, r.v[i].role);
			else
				puts(r.v[i].email);
		}
	}
	maintainers_result_release(&r);
	maintainers_free(m);
	strvec_clear(&rel);
	free(top);
	return EXIT_FOUND;
}

int cmd_maintainers(int argc, const char **argv)
{
	const char *root = ".", *repo = ".", *commit = NULL;
	bool json = false, roles = false;
	struct strvec files = STRVEC_INIT;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			strvec_clear(&files);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--roles")) {
			roles = true;
		} else if ((!strcmp(a, "-C") || !strcmp(a, "--root")) && i + 1 < argc) {
			root = argv[++i];
		} else if (skip_prefix(a, "--root=", &root)) {
		} else if (!strcmp(a, "--commit") && i + 1 < argc) {
			commit = argv[++i];
		} else if (skip_prefix(a, "--commit=", &commit)) {
		} else if (!strcmp(a, "--repo") && i + 1 < argc) {
			repo = argv[++i];
		} else if (skip_prefix(a, "--repo=", &repo)) {
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strvec_push(&files, argv[i]);
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "culprit maintainers: unknown option '%s'\n%s", a,
				usage_text);
			strvec_clear(&files);
			return EXIT_USAGE;
		} else {
			strvec_push(&files, a);
		}
	}
	if (commit && files.nr) {
		fprintf(stderr, "culprit maintainers: --commit takes no files\n%s", usage_text);
		ret = EXIT_USAGE;
	} else if (commit) {
		ret = do_commit(repo, commit, json);
	} else if (!files.nr) {
		fputs(usage_text, stderr);
		ret = EXIT_USAGE;
	} else {
		ret = do_files(root, files.v, files.nr, roles, json);
	}
	strvec_clear(&files);
	return ret;
}
