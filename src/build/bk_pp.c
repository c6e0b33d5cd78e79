// SPDX-License-Identifier: Apache-2.0
/*
 * bk_pp.c - the second level of build keys: preprocessed translation units
 * (see buildkey.h).
 *
 * HOW IT WORKS
 * <dir>/obj holds a copy of the generated files the compiler read in the
 * learnt build (include/generated/..., generated asm wrappers), made when
 * the set was learnt, and is the working directory of gcc -E (kbuild's
 * commands name generated files relative to O=). <dir>/src is a scratch
 * tree holding the set's compiled files at some commit, written from blobs:
 * each file is rewritten only when the wanted blob differs from the one
 * already there. Recorded commands name the learnt source tree and O=;
 * both prefixes are replaced by <dir>/src and <dir>/obj, -c becomes -E,
 * dependency and output options go. A unit reads exactly its recorded deps
 * at any commit the set vouches for, and all of them are in the scratch
 * tree (a file it does not read cannot be found earlier on a search path,
 * since the real tree has every file the scratch tree has), so its output
 * is the real build's, line markers naming the scratch tree at every
 * commit alike. Outputs are memoised by the blob ids of the changed files
 * the unit reads.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bk_internal.h"
#include "../util/run.h"
#include "../util/util.h"

struct bk_pp {
	struct vcs_repo *repo;
	struct buildkey_set *s;
	char (*scratch)[VCS_HEXSZ + 1];	/* blob id written in <dir>/src per file */
	struct bk_map memo;		/* "target:state" -> index into out */
	char (*out)[SHA256_HEXSZ + 1];
	size_t out_nr, out_alloc;
	char *src, *obj;
};

struct bk_pp *bk_pp_new(struct vcs_repo *repo, struct buildkey_set *s)
{
	struct bk_pp *pp = xcalloc(1, sizeof(*pp));

	pp->repo = repo;
	pp->s = s;
	pp->scratch = xcalloc(s->files_nr + 1, sizeof(*pp->scratch));
	pp->src = xstrfmt("%s/src", s->dir);
	pp->obj = xstrfmt("%s/obj", s->dir);
	return pp;
}

void bk_pp_free(struct bk_pp *pp)
{
	if (!pp)
		return;
	bk_map_release(&pp->memo);
	free(pp->scratch);
	free(pp->out);
	free(pp->src);
	free(pp->obj);
	free(pp);
}

/*
 * A scratch file, its directory made first; no fsync (write_file_atomic()'s
 * is too slow for thousands of files).
 */
static int write_scratch(char *path, const struct strbuf *sb)
{
	char *slash = strrchr(path, '/');
	int ret;

	*slash = '\0';
	ret = mkdir_p(path, 0777);
	*slash = '/';
	return ret < 0 ? ret : strbuf_write_file(sb, path);
}

static int copy_file(const char *from, char *to)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&sb, from) < 0) {
		strbuf_release(&sb);
		return error("cannot read %s: %s", from, strerror(errno));
	}
	ret = write_scratch(to, &sb);
	strbuf_release(&sb);
	return ret;
}

/*
 * Generated directories copied whole: fixdep leaves autoconf.h out of the
 * deps it records (the config options replace it), and the asm wrappers
 * are cheap.
 */
static int copy_generated_file(void *obj, const char *path, const char *dir, const char *name)
{
	char *to = xstrfmt("%s/%s/%s", (const char *)obj, dir, name);
	int ret = copy_file(path, to);

	free(to);
	return ret;
}

static int copy_generated_dir(const char *kbuild, const char *obj, const char *rel)
{
	char *dir = xstrfmt("%s/%s", kbuild, rel);
	int ret = is_directory(dir) ?
		  bk_walk_dir(kbuild, rel, NULL, copy_generated_file, (void *)obj) : 0;

	free(dir);
	return ret;
}

static int copy_generated_dirs(const char *kbuild, const char *obj)
{
	char *arch = xstrfmt("%s/arch", kbuild);
	DIR *d = opendir(arch);
	struct dirent *de;
	int ret = copy_generated_dir(kbuild, obj, "include/generated");

	while (d && !ret && (de = readdir(d))) {
		char *sub = xstrfmt("arch/%s/include/generated", de->d_name);

		if (de->d_name[0] != '.')
			ret = copy_generated_dir(kbuild, obj, sub);
		free(sub);
	}
	if (d)
		closedir(d);
	free(arch);
	return ret;
}

int bk_pp_snapshot(struct buildkey_set *s, const char *dir)
{
	char *obj = xstrfmt("%s/obj", dir), *src = xstrfmt("%s/src", dir);
	int ret = 0;

	/* a new snapshot for a new set: nothing of an older one may leak in */
	if (remove_tree(obj) < 0 || remove_tree(src) < 0 || mkdir_p(obj, 0777) < 0 ||
	    mkdir_p(src, 0777) < 0)
		ret = error("cannot prepare %s", dir);
	if (!ret && s->kbuild)
		ret = copy_generated_dirs(s->kbuild, obj);
	for (size_t i = 0; !ret && i < s->generated.nr; i++) {
		char *from = xstrfmt("%s/%s", s->kbuild, s->generated.v[i]);
		char *to = xstrfmt("%s/%s", obj, s->generated.v[i]);

		if (file_exists(from))
			ret = copy_file(from, to);
		free(from);
		free(to);
	}
	if (!ret) {
		free(s->dir);
		s->dir = real_path(dir);
	}
	free(obj);
	free(src);
	return ret;
}

/* ---- running a unit ---- */

/* every occurrence of prefix `from` (a directory) in word replaced by `to` */
static char *rewrite(const char *word, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	size_t fl = strlen(from);
	const char *p = word, *hit;

	while ((hit = strstr(p, from))) {
		strbuf_add(&sb, p, hit - p);
		if (hit[fl] == '/' || hit[fl] == '\0' || hit[fl] == '=')
			strbuf_addstr(&sb, to);
		else
			strbuf_add(&sb, hit, fl);
		p = hit + fl;
	}
	strbuf_addstr(&sb, p);
	return strbuf_detach(&sb, NULL);
}

static bool allowed(const struct buildkey_set *s, const char *cc)
{
	for (size_t i = 0; i < s->compilers.nr; i++)
		if (!strcmp(s->compilers.v[i], cc))
			return true;
	return false;
}

/* the recorded compiler command turned into gcc -E; false if it cannot be */
static bool pp_argv(struct bk_pp *pp, const struct bk_target *t, const char *outfile,
		    struct strvec *argv)
{
	const struct strvec *a = &t->argv;

	if (!a->nr || !allowed(pp->s, a->v[0]))
		return false;
	for (size_t i = 0; i < a->nr; i++) {
		const char *w = a->v[i];
		char *x, *y;

		if (starts_with(w, "-Wp,-MMD,") || starts_with(w, "-Wp,-MD,") ||
		    !strcmp(w, "-MD") || !strcmp(w, "-MMD"))
			continue;
		if (!strcmp(w, "-o") || !strcmp(w, "-MF") || !strcmp(w, "-MT") ||
		    !strcmp(w, "-MQ")) {
			i++;
			continue;
		}
		if (!strcmp(w, "-c"))
			w = "-E";
		x = rewrite(w, pp->s->tree, pp->src);
		y = rewrite(x, pp->s->kbuild, pp->obj);
		strvec_push(argv, y);
		free(x);
		free(y);
	}
	strvec_pushl(argv, "-o", outfile, NULL);
	return true;
}

/* write the compiled files of the set as they are at the state `want` */
static int materialize(struct bk_pp *pp, const char *const *want)
{
	struct buildkey_set *s = pp->s;
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	for (size_t f = 0; f < s->files_nr && !ret; f++) {
		const char *id = want[f] ? want[f] : s->files[f].id;
		char *path;

		if (!(s->files[f].cls & BK_COMPILED) || !*id || !strcmp(pp->scratch[f], id))
			continue;
		path = xstrfmt("%s/%s", pp->src, s->files[f].path);
		strbuf_reset(&sb);
		ret = vcs_read_blob(pp->repo, id, &sb);
		if (!ret)
			ret = write_scratch(path, &sb);
		if (!ret)
			memcpy(pp->scratch[f], id, VCS_HEXSZ + 1);
		free(path);
	}
	strbuf_release(&sb);
	return ret;
}

/* 0 with the output's hash, 1 when gcc -E failed (why), -1 on error */
static int run_unit(struct bk_pp *pp, size_t t, const char *const *want,
		    char hash[SHA256_HEXSZ + 1], char *why, size_t why_len)
{
	char *outfile = xstrfmt("%s/pp.%ld.i", pp->s->dir, (long)getpid());
	struct child c = CHILD_INIT;
	int ret = -1, fd;

	if (materialize(pp, want) < 0)
		goto out;
	if (!pp_argv(pp, &pp->s->targets[t], outfile, &c.args)) {
		snprintf(why, why_len, "%s: no command to preprocess", pp->s->targets[t].name);
		ret = 1;
		goto out;
	}
	c.dir = pp->obj;
	c.timeout = 300;
	c.merge_stderr = true;
	if (child_run(&c) < 0)
		goto out;
	if (!child_ok(&c)) {
		snprintf(why, why_len, "gcc -E of %s failed: %.80s", pp->s->targets[t].name,
			 c.out.buf);
		ret = 1;
		goto out;
	}
	fd = open(outfile, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error("cannot open %s: %s", outfile, strerror(errno));
		goto out;
	}
	ret = sha256_file_hex(fd, outfile, hash);
	close(fd);
out:
	unlink(outfile);
	child_release(&c);
	free(outfile);
	return ret;
}

/* memoised output of unit t at the state `want` (state: its changed deps) */
static int unit_hash(struct bk_pp *pp, size_t t, const char *const *want,
		     char hash[SHA256_HEXSZ + 1], size_t *runs, char *why, size_t why_len)
{
	const struct bk_target *tg = &pp->s->targets[t];
	struct sha256 h;
	char state[SHA256_HEXSZ + 1], *key;
	size_t m;
	int ret;

	sha256_init(&h);
	for (size_t i = 0; i < tg->deps_nr; i++) {
		const char *id = want[tg->deps[i]];

		if (id) {
			sha256_update(&h, pp->s->files[tg->deps[i]].path,
				      strlen(pp->s->files[tg->deps[i]].path) + 1);
			sha256_update(&h, id, VCS_HEXSZ);
		}
	}
	sha256_final_hex(&h, state);
	key = xstrfmt("%zu:%s", t, state);
	m = bk_map_get(&pp->memo, key);
	if (m != BK_NONE) {
		memcpy(hash, pp->out[m], SHA256_HEXSZ + 1);
		free(key);
		return 0;
	}
	ret = run_unit(pp, t, want, hash, why, why_len);
	if (!ret) {
		ALLOC_GROW(pp->out, pp->out_nr + 1, pp->out_alloc);
		memcpy(pp->out[pp->out_nr], hash, SHA256_HEXSZ + 1);
		bk_map_put(&pp->memo, key, pp->out_nr++);
		(*runs)++;
	}
	free(key);
	return ret;
}

int bk_pp_key(struct bk_pp *pp, const char *context, const struct bk_diff *diffs,
	      size_t nr, char out[BUILDKEY_MAX], size_t *units, char *why, size_t why_len)
{
	struct buildkey_set *s = pp->s;
	const char **want = xcalloc(s->files_nr + 1, sizeof(*want));
	const char **none = xcalloc(s->files_nr + 1, sizeof(*none));
	bool *affected = xcalloc(s->targets_nr + 1, sizeof(*affected));
	struct sha256 h;
	char hex[SHA256_HEXSZ + 1];
	int ret = 0;

	bool version = false;

	*units = 0;
	sha256_init(&h);
	sha256_update(&h, s->id, SHA256_HEXSZ);
	sha256_update(&h, context, strlen(context) + 1);
	for (size_t i = 0; i < nr; i++) {
		size_t f = diffs[i].index;

		if (diffs[i].kind != BK_DIFF_FILE)
			BUG("level 2 given a difference that is not a file");
		if (!(s->files[f].cls & BK_COMPILED) || (s->files[f].cls & BK_BUILD)) {
			/* the top Makefile's version lines: in the key as they are */
			version = true;
			sha256_update(&h, s->files[f].path, strlen(s->files[f].path) + 1);
			sha256_update(&h, diffs[i].id, VCS_HEXSZ);
			continue;
		}
		want[f] = diffs[i].id;
		for (size_t r = s->rdeps_start[f]; r < s->rdeps_start[f + 1]; r++)
			affected[s->rdeps[r]] = true;
	}
	for (size_t t = 0; t < s->targets_nr && !ret; t++) {
		char at[SHA256_HEXSZ + 1], base[SHA256_HEXSZ + 1];

		if (!affected[t])
			continue;
		if (version && s->targets[t].reads_version) {
			/* the generated headers of the learnt build hold another version */
			snprintf(why, why_len, "%s reads the kernel version", s->targets[t].name);
			ret = 1;
			break;
		}
		ret = unit_hash(pp, t, want, at, units, why, why_len);
		if (!ret)
			ret = unit_hash(pp, t, none, base, units, why, why_len);
		if (!ret && strcmp(at, base)) {
			sha256_update(&h, s->targets[t].name, strlen(s->targets[t].name) + 1);
			sha256_update(&h, at, SHA256_HEXSZ);
		}
	}
	sha256_final_hex(&h, hex);
	if (!ret)
		snprintf(out, BUILDKEY_MAX, "p1:%s", hex);
	free(want);
	free(none);
	free(affected);
	return ret;
}
