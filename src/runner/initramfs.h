/* SPDX-License-Identifier: Apache-2.0 */
/*
 * initramfs.h - writing the initramfs culprit boots its kernels with: an
 * uncompressed "newc" cpio archive (the format the kernel unpacks into its
 * rootfs), built in memory without any external tool.
 *
 * An initramfs needs /dev/console as a real character device node in the
 * archive (DEVTMPFS_MOUNT does not apply to an initramfs, and without it
 * /init has no stdin/stdout); initramfs_add_chardev() writes it.
 *
 * Steps:
 *	struct initramfs ird = INITRAMFS_INIT;
 *	initramfs_add_dir(&ird, "dev", 0755);
 *	initramfs_add_chardev(&ird, "dev/console", 0600, 5, 1);
 *	initramfs_add_busybox(&ird, "/bin/busybox");  // + its applet links
 *	initramfs_add_file(&ird, "init", 0755, script, strlen(script));
 *	if (initramfs_write(&ird, "/work/x/initramfs.cpio") < 0) ...;
 *	initramfs_release(&ird);
 *
 * Paths inside the archive are relative ("bin/sh"); a leading '/' is
 * dropped. Parent directories must be added before their entries (the kernel
 * does not create them); initramfs_add_busybox() adds the ones it needs.
 * Adding an existing path again is allowed (the later entry wins in the
 * kernel's unpacker) but initramfs_add_dir() skips directories already added.
 */
#ifndef CULPRIT_INITRAMFS_H
#define CULPRIT_INITRAMFS_H

#include <stddef.h>
#include "../util/strbuf.h"
#include "../util/strvec.h"

struct initramfs {
	struct strbuf buf;	/* the archive so far, without the trailer */
	unsigned ino;		/* next inode number */
	struct strvec dirs;	/* directories added */
};

#define INITRAMFS_INIT { .buf = STRBUF_INIT, .ino = 1, .dirs = STRVEC_INIT }

void initramfs_release(struct initramfs *ird);

void initramfs_add_dir(struct initramfs *ird, const char *path, unsigned mode);
/* Each parent directory of `path` that is not there yet (mode 0755). */
void initramfs_add_parents(struct initramfs *ird, const char *path);
void initramfs_add_file(struct initramfs *ird, const char *path, unsigned mode,
			const void *data, size_t len);
/* A file with the contents of `host_path`. Returns 0 or error(). */
int initramfs_add_host_file(struct initramfs *ird, const char *path, unsigned mode,
			    const char *host_path);
void initramfs_add_symlink(struct initramfs *ird, const char *path, const char *target);
void initramfs_add_chardev(struct initramfs *ird, const char *path, unsigned mode,
			   unsigned major, unsigned minor);

/*
 * A static busybox as /bin/busybox and a symlink for each of its applets
 * where busybox itself installs it ("busybox --list-full": bin/sh,
 * sbin/poweroff, usr/bin/timeout...). When the list cannot be had, a fixed
 * set of the applets culprit's init uses goes to /bin. Returns 0 or error().
 */
int initramfs_add_busybox(struct initramfs *ird, const char *busybox);

/* The archive with its trailer, written atomically. Returns 0 or error(). */
int initramfs_write(struct initramfs *ird, const char *out_path);

/* The archive with its trailer appended into `out` (for tests). */
void initramfs_finish(struct initramfs *ird, struct strbuf *out);

#endif
