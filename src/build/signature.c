// SPDX-License-Identifier: Apache-2.0
/*
 * signature.c - fingerprints of build artifacts.
 *
 * HOW IT WORKS
 *
 * Two commits that compile to the same code must get the same signature, so
 * their test evidence can be shared; what does not change the code must not
 * matter. For an ELF file we hash only what is loaded into memory: every
 * SHF_ALLOC section with file contents (not SHT_NOBITS, which has none, and
 * not SHT_NOTE, which holds the build id and other build metadata), in
 * section order. The signature is SHA-256 over the concatenated 32-byte
 * SHA-256 digests of those sections (as syzkaller's pkg/build does for
 * vmlinux). Debug info, symbol tables and section names are not allocated and
 * do not count, so a comment change that moves no line keeps the signature.
 * Any other file is hashed byte for byte. A directory artifact (a build
 * with several outputs, or "." when the job names none) is the hash of its
 * files' relative paths and signatures in path order, .git left out.
 *
 * LIMITATIONS
 *
 * __LINE__ and __FILE__ end up in .rodata: moving code lines (or building
 * in another directory) changes the signature, rightly so for assertions.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gelf.h>
#include <libelf.h>

#include "build.h"
#include "../util/strbuf.h"
#include "../util/sha256.h"
#include "../util/strvec.h"
#include "../util/util.h"

static pthread_once_t elf_once = PTHREAD_ONCE_INIT;
static bool elf_ok;

static void elf_init_once(void)
{
	elf_ok = elf_version(EV_CURRENT) != EV_NONE;
}

static int hash_elf(int fd, const char *path, char out[SIGNATURE_HEXSZ + 1])
{
	Elf *elf;
	Elf_Scn *scn = NULL;
	struct sha256 outer;
	int ret = -1;

	pthread_once(&elf_once, elf_init_once);
	if (!elf_ok)
		return error("libelf is out of date");
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		return error("%s: not a valid ELF file: %s", path, elf_errmsg(-1));
	}
	sha256_init(&outer);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *data;
		unsigned char inner[SHA256_RAWSZ];

		if (!gelf_getshdr(scn, &shdr)) {
			error("%s: bad section header: %s", path, elf_errmsg(-1));
			goto out;
		}
		if (!(shdr.sh_flags & SHF_ALLOC) || shdr.sh_type == SHT_NOBITS ||
		    shdr.sh_type == SHT_NOTE)
			continue;
		data = elf_rawdata(scn, NULL);
		if (!data && shdr.sh_size) {
			error("%s: cannot read a section: %s", path, elf_errmsg(-1));
			goto out;
		}
		sha256_raw(data && data->d_buf ? data->d_buf : "", data ? data->d_size : 0, inner);
		sha256_update(&outer, inner, sizeof(inner));
	}
	ret = 0;
out:
	if (ret == 0) {
		sha256_final_hex(&outer, out);
	} else {
		unsigned char discard[SHA256_RAWSZ];

		sha256_final(&outer, discard);
	}
	elf_end(elf);
	return ret;
}

static int file_signature(const char *path, char out[SIGNATURE_HEXSZ + 1]);

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* relative paths of the regular files and symlinks under dir/rel, no .git */
static int list_dir(const char *dir, const char *rel, struct strvec *out)
{
	char *path = *rel ? xstrfmt("%s/%s", dir, rel) : xstrdup(dir);
	DIR *d = opendir(path);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		ret = error("cannot read directory %s: %s", path, strerror(errno));
		free(path);
		return ret;
	}
	while (!ret && (de = readdir(d))) {
		char *sub, *full;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		sub = *rel ? xstrfmt("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		full = xstrfmt("%s/%s", dir, sub);
		if (lstat(full, &st) < 0)
			ret = error("cannot stat %s: %s", full, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			ret = list_dir(dir, sub, out);
		else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
			strvec_push(out, sub);
		free(full);
		free(sub);
	}
	closedir(d);
	free(path);
	return ret;
}

/*
 * A directory: SHA-256 over "relative path\0" and the 32-byte signature of
 * each file (symlinks: of their target text), in path order, .git left out.
 */
static int dir_signature(const char *dir, char out[SIGNATURE_HEXSZ + 1])
{
	struct strvec files = STRVEC_INIT;
	struct strbuf all = STRBUF_INIT;
	int ret = -1;

	if (list_dir(dir, "", &files) < 0)
		goto out;
	qsort(files.v, files.nr, sizeof(*files.v), cmp_str);
	for (size_t i = 0; i < files.nr; i++) {
		char *full = xstrfmt("%s/%s", dir, files.v[i]);
		char sig[SIGNATURE_HEXSZ + 1], target[4096];
		struct stat st;
		ssize_t n;

		if (lstat(full, &st) == 0 && S_ISLNK(st.st_mode)) {
			n = readlink(full, target, sizeof(target));
			sha256_hex(target, n > 0 ? (size_t)n : 0, sig);
		} else if (file_signature(full, sig) < 0) {
			free(full);
			goto out;
		}
		free(full);
		strbuf_addstr(&all, files.v[i]);
		strbuf_addch(&all, '\0');
		strbuf_add(&all, sig, SIGNATURE_HEXSZ);
	}
	sha256_hex(all.buf, all.len, out);
	ret = 0;
out:
	strvec_clear(&files);
	strbuf_release(&all);
	return ret;
}

int artifact_signature(const char *path, char out[SIGNATURE_HEXSZ + 1])
{
	out[0] = '\0';
	if (is_directory(path))
		return dir_signature(path, out);
	return file_signature(path, out);
}

static int file_signature(const char *path, char out[SIGNATURE_HEXSZ + 1])
{
	unsigned char magic[4];
	struct stat st;
	int fd, ret;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error("cannot open artifact %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("artifact %s is not a regular file", path);
	}
	n = pread(fd, magic, sizeof(magic), 0);
	if (n == (ssize_t)sizeof(magic) && !memcmp(magic, ELFMAG, SELFMAG))
		ret = hash_elf(fd, path, out);
	else
		ret = sha256_file_hex(fd, path, out);
	close(fd);
	return ret;
}

void build_result_release(struct build_result *r)
{
	free(r->reason);
	free(r->compiler);
	free(r->artifact_dir);
	memset(r, 0, sizeof(*r));
}
