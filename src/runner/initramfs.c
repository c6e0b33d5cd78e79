// SPDX-License-Identifier: Apache-2.0
/*
 * The "newc" cpio format (see the kernel's Documentation/driver-api/
 * early-userspace/buffer-format.rst): each entry is a 110-byte ASCII header
 * ("070701" then 13 fields of 8 hex digits), the NUL-terminated name padded
 * to a multiple of 4 bytes (counting the header), then the data padded to a
 * multiple of 4. The archive ends with an entry named "TRAILER!!!".
 */
#include "initramfs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/run.h"
#include "../util/util.h"

/* the applets culprit's init script needs, when busybox cannot list its own */
static const char *const fallback_applets[] = {
	"sh", "mount", "poweroff", "echo", "cat", "sleep", "timeout", "uname",
	"mkdir", "ls", "true", "false", "dmesg", "kill", "test", "[",
};

void initramfs_release(struct initramfs *ird)
{
	strbuf_release(&ird->buf);
	strvec_clear(&ird->dirs);
	ird->ino = 1;
}

static void pad4(struct strbuf *sb)
{
	while (sb->len % 4)
		strbuf_addch(sb, '\0');
}

static void add_entry(struct strbuf *sb, unsigned ino, unsigned mode, unsigned nlink,
		      const char *name, const void *data, size_t len, unsigned rmajor,
		      unsigned rminor)
{
	size_t namesize = strlen(name) + 1;

	strbuf_addf(sb, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		    ino, mode, 0u, 0u, nlink, 0u, len, 0u, 0u, rmajor, rminor, namesize, 0u);
	strbuf_add(sb, name, namesize);
	pad4(sb);
	if (len) {
		strbuf_add(sb, data, len);
		pad4(sb);
	}
}

static const char *strip_slash(const char *path)
{
	while (*path == '/')
		path++;
	return path;
}

static bool has_dir(const struct initramfs *ird, const char *path)
{
	for (size_t i = 0; i < ird->dirs.nr; i++)
		if (!strcmp(ird->dirs.v[i], path))
			return true;
	return false;
}

void initramfs_add_dir(struct initramfs *ird, const char *path, unsigned mode)
{
	path = strip_slash(path);
	if (!*path || has_dir(ird, path))
		return;
	strvec_push(&ird->dirs, path);
	add_entry(&ird->buf, ird->ino++, S_IFDIR | (mode & 07777), 2, path, NULL, 0, 0, 0);
}

void initramfs_add_parents(struct initramfs *ird, const char *path)
{
	const char *p;

	path = strip_slash(path);
	for (p = strchr(path, '/'); p; p = strchr(p + 1, '/')) {
		char *dir = xstrndup(path, (size_t)(p - path));

		initramfs_add_dir(ird, dir, 0755);
		free(dir);
	}
}

void initramfs_add_file(struct initramfs *ird, const char *path, unsigned mode,
			const void *data, size_t len)
{
	add_entry(&ird->buf, ird->ino++, S_IFREG | (mode & 07777), 1, strip_slash(path), data,
		  len, 0, 0);
}

int initramfs_add_host_file(struct initramfs *ird, const char *path, unsigned mode,
			    const char *host_path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, host_path) < 0) {
		int e = errno;

		strbuf_release(&sb);
		return error("cannot read '%s': %s", host_path, strerror(e));
	}
	initramfs_add_file(ird, path, mode, sb.buf, sb.len);
	strbuf_release(&sb);
	return 0;
}

void initramfs_add_symlink(struct initramfs *ird, const char *path, const char *target)
{
	add_entry(&ird->buf, ird->ino++, S_IFLNK | 0777, 1, strip_slash(path), target,
		  strlen(target), 0, 0);
}

void initramfs_add_chardev(struct initramfs *ird, const char *path, unsigned mode,
			   unsigned major, unsigned minor)
{
	add_entry(&ird->buf, ird->ino++, S_IFCHR | (mode & 07777), 1, strip_slash(path), NULL,
		  0, major, minor);
}

/* "../../bin/busybox" from the directory of `link` ("usr/bin/x") */
static char *relative_target(const char *link)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = strchr(link, '/'); p; p = strchr(p + 1, '/'))
		strbuf_addstr(&sb, "../");
	strbuf_addstr(&sb, "bin/busybox");
	return strbuf_detach(&sb, NULL);
}

int initramfs_add_busybox(struct initramfs *ird, const char *busybox)
{
	struct child c = CHILD_INIT;
	struct strvec links = STRVEC_INIT;
	int ret;

	initramfs_add_dir(ird, "bin", 0755);
	ret = initramfs_add_host_file(ird, "bin/busybox", 0755, busybox);
	if (ret < 0)
		return ret;

	strvec_pushl(&c.args, busybox, "--list-full", NULL);
	c.timeout = 30;
	if (!child_run(&c) && child_ok(&c))
		strvec_split(&links, c.out.buf);
	child_release(&c);
	if (!links.nr)
		for (size_t i = 0; i < ARRAY_SIZE(fallback_applets); i++)
			strvec_pushf(&links, "bin/%s", fallback_applets[i]);

	for (size_t i = 0; i < links.nr; i++) {
		const char *l = strip_slash(links.v[i]);
		char *target;

		if (!*l || !strcmp(l, "bin/busybox") || strstr(l, ".."))
			continue;
		initramfs_add_parents(ird, l);
		target = relative_target(l);
		initramfs_add_symlink(ird, l, target);
		free(target);
	}
	strvec_clear(&links);
	return 0;
}

void initramfs_finish(struct initramfs *ird, struct strbuf *out)
{
	strbuf_addbuf(out, &ird->buf);
	add_entry(out, 0, 0, 1, "TRAILER!!!", NULL, 0, 0, 0);
	/* the kernel's unpacker is happy with any length; pad to 512 like cpio(1) */
	while (out->len % 512)
		strbuf_addch(out, '\0');
}

int initramfs_write(struct initramfs *ird, const char *out_path)
{
	struct strbuf out = STRBUF_INIT;
	int ret;

	initramfs_finish(ird, &out);
	ret = write_file_atomic(out_path, out.buf, out.len);
	strbuf_release(&out);
	return ret;
}
