// SPDX-License-Identifier: Apache-2.0
/*
 * The initramfs writer: the archive is read back entry by entry (newc
 * headers, 4-byte alignment, trailer), and, when cpio(1) is installed,
 * listed by it as an independent reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runner/initramfs.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/util.h"

struct entry {
	char name[256];
	unsigned mode, nlink, rmajor, rminor;
	const char *data;
	size_t len;
};

static unsigned long hex8(const char *p)
{
	char tmp[9];

	memcpy(tmp, p, 8);
	tmp[8] = '\0';
	return strtoul(tmp, NULL, 16);
}

/* Parse the archive into e[]; returns the number of entries before the trailer. */
static size_t parse(const struct strbuf *a, struct entry *e, size_t max)
{
	size_t off = 0, n = 0;

	for (;;) {
		const char *h = a->buf + off;
		size_t namesize, filesize;

		assert_true(off + 110 <= a->len);
		assert_int_equal(off % 4, 0);
		assert_memory_equal(h, "070701", 6);
		namesize = hex8(h + 94);
		filesize = hex8(h + 54);
		assert_true(namesize > 1 && namesize < sizeof(e->name));
		assert_int_equal(h[110 + namesize - 1], '\0');
		if (!strcmp(h + 110, "TRAILER!!!"))
			return n;
		assert_true(n < max);
		strcpy(e[n].name, h + 110);
		e[n].mode = (unsigned)hex8(h + 14);
		e[n].nlink = (unsigned)hex8(h + 38);
		e[n].rmajor = (unsigned)hex8(h + 78);
		e[n].rminor = (unsigned)hex8(h + 86);
		off += 110 + namesize;
		off = (off + 3) & ~(size_t)3;
		e[n].data = a->buf + off;
		e[n].len = filesize;
		off += filesize;
		off = (off + 3) & ~(size_t)3;
		n++;
	}
}

static const struct entry *find(const struct entry *e, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e[i].name, name))
			return &e[i];
	return NULL;
}

static void test_entries(void **state)
{
	struct initramfs ird = INITRAMFS_INIT;
	struct strbuf a = STRBUF_INIT;
	struct entry e[32];
	const struct entry *x;
	size_t n;

	(void)state;
	initramfs_add_dir(&ird, "/dev", 0755);
	initramfs_add_dir(&ird, "dev", 0755);	/* twice: one entry */
	initramfs_add_chardev(&ird, "dev/console", 0600, 5, 1);
	initramfs_add_parents(&ird, "usr/bin/tool");
	initramfs_add_symlink(&ird, "usr/bin/tool", "../../bin/busybox");
	initramfs_add_file(&ird, "init", 0755, "#!/bin/sh\n", 10);
	initramfs_add_file(&ird, "empty", 0644, "", 0);
	initramfs_finish(&ird, &a);
	assert_int_equal(a.len % 512, 0);

	n = parse(&a, e, 32);
	assert_int_equal(n, 7);
	assert_string_equal(e[0].name, "dev");
	assert_int_equal(e[0].mode, S_IFDIR | 0755);
	x = find(e, n, "dev/console");
	assert_non_null(x);
	assert_int_equal(x->mode, S_IFCHR | 0600);
	assert_int_equal(x->rmajor, 5);
	assert_int_equal(x->rminor, 1);
	assert_non_null(find(e, n, "usr"));
	assert_non_null(find(e, n, "usr/bin"));
	x = find(e, n, "usr/bin/tool");
	assert_int_equal(x->mode, S_IFLNK | 0777);
	assert_int_equal(x->len, strlen("../../bin/busybox"));
	assert_memory_equal(x->data, "../../bin/busybox", x->len);
	x = find(e, n, "init");
	assert_int_equal(x->mode, S_IFREG | 0755);
	assert_int_equal(x->len, 10);
	assert_memory_equal(x->data, "#!/bin/sh\n", 10);
	assert_int_equal(find(e, n, "empty")->len, 0);
	strbuf_release(&a);
	initramfs_release(&ird);
}

/* busybox with its applet links; cpio(1) agrees on the listing */
static void test_busybox(void **state)
{
	struct initramfs ird = INITRAMFS_INIT;
	struct strbuf a = STRBUF_INIT;
	static struct entry e[1024];
	const struct entry *x;
	char *dir, *path, *cpio;
	struct child c = CHILD_INIT;
	size_t n;

	(void)state;
	if (!file_exists("/bin/busybox"))
		skip();
	assert_int_equal(initramfs_add_busybox(&ird, "/bin/busybox"), 0);
	initramfs_finish(&ird, &a);
	n = parse(&a, e, ARRAY_SIZE(e));
	x = find(e, n, "bin/busybox");
	assert_non_null(x);
	assert_int_equal(x->mode, S_IFREG | 0755);
	assert_true(x->len > 100000);
	assert_memory_equal(x->data, "\177ELF", 4);
	x = find(e, n, "bin/sh");
	assert_non_null(x);
	assert_int_equal(x->mode, S_IFLNK | 0777);
	assert_int_equal(x->len, strlen("../bin/busybox"));
	assert_memory_equal(x->data, "../bin/busybox", x->len);
	x = find(e, n, "usr/bin/timeout");
	assert_non_null(x);
	assert_int_equal(x->len, strlen("../../bin/busybox"));
	assert_memory_equal(x->data, "../../bin/busybox", x->len);
	/* every link's directory comes before it */
	for (size_t i = 0; i < n; i++) {
		char *slash = strrchr(e[i].name, '/');

		if (slash) {
			char *d = xstrndup(e[i].name, (size_t)(slash - e[i].name));
			const struct entry *de = find(e, i, d);

			assert_non_null(de);
			assert_int_equal(de->mode & S_IFMT, S_IFDIR);
			free(d);
		}
	}

	dir = xstrdup("/tmp/culprit-test-initramfs-XXXXXX");
	assert_non_null(mkdtemp(dir));
	path = xstrfmt("%s/a.cpio", dir);
	assert_int_equal(initramfs_write(&ird, path), 0);
	cpio = find_in_path("cpio");
	if (cpio) {
		strvec_pushl(&c.args, "cpio", "-it", "--quiet", NULL);
		c.stdin_path = path;
		c.timeout = 60;
		assert_int_equal(child_run(&c), 0);
		assert_true(child_ok(&c));
		assert_non_null(strstr(c.out.buf, "bin/busybox\n"));
		assert_non_null(strstr(c.out.buf, "usr/bin/timeout\n"));
		child_release(&c);
	}
	free(cpio);
	remove_tree(dir);
	free(path);
	free(dir);
	strbuf_release(&a);
	initramfs_release(&ird);
}

static void test_missing_file(void **state)
{
	struct initramfs ird = INITRAMFS_INIT;

	(void)state;
	set_error_quiet(true);
	assert_int_equal(initramfs_add_host_file(&ird, "x", 0755, "/nonexistent/file"), -1);
	assert_int_equal(initramfs_add_busybox(&ird, "/nonexistent/busybox"), -1);
	set_error_quiet(false);
	initramfs_release(&ird);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_busybox),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
