// SPDX-License-Identifier: Apache-2.0
/*
 * culprit maintainers - who should hear about files, a patch or a commit.
 *
 *   culprit maintainers [--roles] [--json] [-C DIR] [--patch|-f] PATH...
 *	the people and lists for files of the tree and patch files, like
 *	scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats
 *	run at the top of the kernel tree DIR (default: the current directory)
 *	with -f for files and without it for patches. A PATH ending in .patch
 *	or .diff, or "-" (standard input), or any PATH after --patch, is a
 *	patch; any other must be a file or directory inside the tree.
 *   culprit maintainers --commit REV [--repo DIR] [--json]
 *	the "to"/"cc" recipients of a commit, as syzbot's log prints them.
 *
 * This file is also the lean `culprit` front's (see main.c): it does not
 * reach git. The --commit mode gets the recipients through the function
 * the caller passes (cmd_maintainers() in maintainers_commit.c, in
 * culprit-core); without one it returns CLI_RUN_CORE before printing
 * anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "maintainers/maintainers.h"
#include "util/util.h"

/* Patches bigger than this are refused (the kernel's biggest are a few MB). */
#define MAX_PATCH (64u << 20)

static const char usage_text[] =
	"usage: culprit maintainers [--roles] [--json] [-C <dir>] [--patch | -f] <path>...\n"
	"   or: culprit maintainers --commit <rev> [--repo <dir>] [--json]\n"
	"\n"
	"Print who should hear about files and patches (people, then mailing\n"
	"lists), as scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats\n"
	"does (with -f for files), or the recipients of a commit split into \"to\"\n"
	"and \"cc\" as syzbot does.\n"
	"\n"
	"A <path> ending in .patch or .diff, or \"-\" (standard input), is a patch:\n"
	"its diff names the files. Any other <path> is a file or directory of the\n"
	"tree; paths outside the tree are refused. Relative paths are taken from\n"
	"<dir>, as with git -C.\n"
	"\n"
	"    -C, --root <dir>   top of the tree holding MAINTAINERS (default: .)\n"
	"    --patch            every <path> is a patch\n"
	"    -f, --file         every <path> is a file or directory of the tree\n"
	"    --roles            show why each address is there\n"
	"    --json             print JSON\n"
	"    --commit <rev>     recipients of a commit\n"
	"    --repo <dir>       repository for --commit (default: .)\n";

struct maint_opts {
	const char *root, *repo, *commit;
	bool json, roles, all_patches, all_files;
	struct strvec paths;
};

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

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);

	if (s)
		puts(s);
	free(s);
	json_decref(j);
}

/* ------------------------------------------------------------ --commit */

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

static int do_commit(const struct maint_opts *o, cli_maintainers_commit_fn *get)
{
	struct recipients r = RECIPIENTS_INIT;
	int ret = get(o->repo, o->commit, &r);

	if (ret < 0) {
		recipients_release(&r);
		return EXIT_USAGE;
	}
	if (ret == MAINTAINERS_ABSENT)
		warning("no MAINTAINERS file at %s: only the author and trailers", o->commit);
	if (o->json) {
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

/* ------------------------------------------------- files and patches */

static bool is_patch_name(const struct maint_opts *o, const char *p)
{
	if (o->all_files)
		return false;
	return o->all_patches || !strcmp(p, "-") || ends_with(p, ".patch") ||
	       ends_with(p, ".diff");
}

/* A patch file (or standard input) into sb; -1 after error(). */
static int read_patch(const char *path, struct strbuf *sb)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	struct stat st;
	char buf[65536];
	ssize_t n;

	if (fd < 0)
		return error("cannot open patch '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return error("'%s' is a directory, not a patch", path);
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || sb->len + n > MAX_PATCH) {
			if (fd)
				close(fd);
			return n < 0 ? error("cannot read '%s': %s", path, strerror(errno))
				     : error("'%s' is larger than %u MB: not a patch", path,
					     MAX_PATCH >> 20);
		}
		strbuf_add(sb, buf, n);
	}
	if (fd)
		close(fd);
	return 0;
}

/*
 * A PATH of the tree `top` (its real path) as the script's -f takes it:
 * relative to the top. Paths outside the tree (also through symbolic links
 * or "..") are refused without being read; so are paths that are not a
 * regular file or a directory. Returns the malloced relative path or NULL.
 */
static char *tree_path(const char *top, const char *arg)
{
	size_t toplen = strlen(top);
	char *full = arg[0] == '/' ? xstrdup(arg) : xstrfmt("%s/%s", top, arg);
	char *real = real_path(full), *rel = NULL;
	struct stat st;

	if (!real || stat(real, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		error("file '%s' not found", arg);
	} else if (strncmp(real, top, toplen) ||
		   (real[toplen] != '/' && real[toplen] && strcmp(top, "/"))) {
		error("'%s' is outside the tree %s", arg, top);
	} else if (arg[0] != '/') {
		rel = xstrdup(arg);	/* as given: the script does not resolve links */
	} else if (!strncmp(arg, top, toplen) && arg[toplen] == '/') {
		rel = xstrdup(arg + toplen + 1);
	} else {
		rel = xstrdup(real[toplen] ? real + toplen + 1 : ".");
	}
	free(real);
	free(full);
	return rel;
}

static void print_result(const struct maint_opts *o, const struct maintainers_result *r)
{
	if (o->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < r->nr; i++) {
			json_t *e = json_object();

			json_object_set_new(e, "email", json_string(r->v[i].email));
			json_object_set_new(e, "address", json_string(r->v[i].address));
			json_object_set_new(e, "kind", json_string(kind_name(r->v[i].kind)));
			json_object_set_new(e, "role", json_string(r->v[i].role));
			json_array_append_new(a, e);
		}
		print_json(a);
		return;
	}
	for (size_t i = 0; i < r->nr; i++) {
		if (o->roles)
			printf("%s (%s)\n", r->v[i].email, r->v[i].role);
		else
			puts(r->v[i].email);
	}
}

/* The inputs of the query: tree paths and patch texts (kept in `texts`). */
static int collect_inputs(const struct maint_opts *o, const char *top,
			  struct maintainers_input *in, struct strbuf *texts)
{
	for (size_t i = 0; i < o->paths.nr; i++) {
		const char *p = o->paths.v[i];

		in[i].path = p;
		if (is_patch_name(o, p)) {
			char *full = p[0] == '/' || !strcmp(p, "-") ? xstrdup(p)
								  : xstrfmt("%s/%s", top, p);
			int r = read_patch(full, &texts[i]);

			free(full);
			if (r < 0)
				return -1;
			in[i].patch = texts[i].buf;
			in[i].patch_len = texts[i].len;
		} else if (!(in[i].path = tree_path(top, p))) {
			return -1;
		}
	}
	return 0;
}

static int do_paths(const struct maint_opts *o)
{
	struct maintainers_input *in = xcalloc(o->paths.nr + 1, sizeof(*in));
	struct strbuf *texts = xcalloc(o->paths.nr + 1, sizeof(*texts));
	struct maintainers_result r = MAINTAINERS_RESULT_INIT;
	struct maintainers_source src;
	struct maintainers *m = NULL;
	char *top = real_path(o->root);
	int ret = EXIT_USAGE;

	if (!top) {
		error("cannot open %s: %s", o->root, strerror(errno));
		goto out;
	}
	if (collect_inputs(o, top, in, texts) < 0 || !(m = maintainers_load_dir(top)))
		goto out;
	maintainers_source_dir(&src, top);
	if (maintainers_query_inputs(m, in, o->paths.nr, &src, &r) < 0)
		goto out;
	print_result(o, &r);
	ret = EXIT_FOUND;
out:
	for (size_t i = 0; i < o->paths.nr; i++) {
		if (!in[i].patch && in[i].path != o->paths.v[i])
			free((char *)in[i].path);
		strbuf_release(&texts[i]);
	}
	maintainers_result_release(&r);
	maintainers_free(m);
	free(texts);
	free(in);
	free(top);
	return ret;
}

/* ------------------------------------------------------------ options */

/* -1 to go on; else the exit code (after --help, or a usage error) */
static int parse_options(int argc, const char **argv, struct maint_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "--roles")) {
			o->roles = true;
		} else if (!strcmp(a, "--patch")) {
			o->all_patches = true;
		} else if (!strcmp(a, "-f") || !strcmp(a, "--file")) {
			o->all_files = true;
		} else if ((!strcmp(a, "-C") || !strcmp(a, "--root")) && i + 1 < argc) {
			o->root = argv[++i];
		} else if (skip_prefix(a, "--root=", &o->root)) {
		} else if (!strcmp(a, "--commit") && i + 1 < argc) {
			o->commit = argv[++i];
		} else if (skip_prefix(a, "--commit=", &o->commit)) {
		} else if (!strcmp(a, "--repo") && i + 1 < argc) {
			o->repo = argv[++i];
		} else if (skip_prefix(a, "--repo=", &o->repo)) {
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strvec_push(&o->paths, argv[i]);
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "culprit maintainers: unknown option '%s'\n%s", a,
				usage_text);
			return EXIT_USAGE;
		} else {
			strvec_push(&o->paths, a);
		}
	}
	if (o->commit && o->paths.nr) {
		fprintf(stderr, "culprit maintainers: --commit takes no paths\n%s", usage_text);
		return EXIT_USAGE;
	}
	if (o->all_patches && o->all_files) {
		fprintf(stderr, "culprit maintainers: --patch and --file exclude each other\n");
		return EXIT_USAGE;
	}
	if (!o->commit && !o->paths.nr) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	return -1;
}

int cli_maintainers(int argc, const char **argv, cli_maintainers_commit_fn *commit)
{
	struct maint_opts o = { ".", ".", NULL, false, false, false, false, STRVEC_INIT };
	int ret = parse_options(argc, argv, &o);

	if (ret < 0 && o.commit)
		ret = commit ? do_commit(&o, commit) : CLI_RUN_CORE;
	else if (ret < 0)
		ret = do_paths(&o);
	strvec_clear(&o.paths);
	return ret;
}

int cmd_maintainers_paths(int argc, const char **argv)
{
	return cli_maintainers(argc, argv, NULL);
}
