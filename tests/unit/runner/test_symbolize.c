// SPDX-License-Identifier: Apache-2.0
/*
 * Symbolization against a real ELF with DWARF: a small C program with a
 * nest of always-inline functions is compiled with -g -O2 at test time, and
 * synthetic report frames ("outer+0x1c/0x40") are resolved against it.
 * It is linked -no-pie: an ET_EXEC at fixed addresses, like vmlinux.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/symbolize.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/util.h"

static const char program[] =
	"extern int ext(int);\n"				/* 1 */
	"__attribute__((noinline)) int ext(int x)\n"		/* 2 */
	"{\n"							/* 3 */
	"\t__asm__ volatile(\"\" : \"+r\"(x));\n"		/* 4 */
	"\treturn x + 1;\n"					/* 5 */
	"}\n"							/* 6 */
	"static inline __attribute__((always_inline)) int leaf(int x)\n" /* 7 */
	"{\n"							/* 8 */
	"\treturn ext(x * 3) + 7; /* LEAF */\n"			/* 9 */
	"}\n"							/* 10 */
	"static inline __attribute__((always_inline)) int mid(int x)\n" /* 11 */
	"{\n"							/* 12 */
	"\treturn leaf(x + 5) * 2; /* MID */\n"			/* 13 */
	"}\n"							/* 14 */
	"__attribute__((noinline)) int outer(int x)\n"		/* 15 */
	"{\n"							/* 16 */
	"\tint r = ext(x);\n"					/* 17 */
	"\treturn mid(r) + ext(r); /* OUTER */\n"		/* 18 */
	"}\n"							/* 19 */
	"int main(int argc, char **argv)\n"			/* 20 */
	"{\n"							/* 21 */
	"\t(void)argv;\n"					/* 22 */
	"\treturn outer(argc) & 1;\n"				/* 23 */
	"}\n";							/* 24 */

static char *tmpdir, *binary;
static unsigned long long outer_addr, outer_size;

static int find_symbol(const char *path, const char *name, unsigned long long *addr,
		       unsigned long long *size)
{
	int fd = open(path, O_RDONLY);
	Elf *elf;
	Elf_Scn *scn = NULL;
	int ret = -1;

	if (fd < 0)
		return -1;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	while (elf && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *n;

			if (!gelf_getsym(d, (int)i, &sym))
				continue;
			n = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (n && !strcmp(n, name)) {
				*addr = sym.st_value;
				*size = sym.st_size;
				ret = 0;
			}
		}
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/culprit-test-symbolize-XXXXXX";
	struct child c = CHILD_INIT;
	char *src, *dir;

	(void)state;
	if (!mkdtemp(tmpl))
		return -1;
	tmpdir = xstrdup(tmpl);
	dir = xstrfmt("%s/src/sub", tmpdir);
	mkdir_p(dir, 0755);
	src = xstrfmt("%s/prog.c", dir);
	write_file_atomic(src, program, strlen(program));
	binary = xstrfmt("%s/prog", tmpdir);
	strvec_pushl(&c.args, "gcc", "-g", "-O2", "-no-pie", "-o", binary, src,
		     NULL);
	c.timeout = 120;
	c.merge_stderr = true;
	if (child_run(&c) < 0 || !child_ok(&c)) {
		print_error("cannot compile the test program: %s\n", c.out.buf);
		child_release(&c);
		free(src);
		free(dir);
		return -1;
	}
	child_release(&c);
	free(src);
	free(dir);
	return find_symbol(binary, "outer", &outer_addr, &outer_size);
}

static int teardown(void **state)
{
	(void)state;
	symbolize_cache_clear();
	if (tmpdir)
		remove_tree(tmpdir);
	free(tmpdir);
	free(binary);
	return 0;
}

static const char *const *roots(void)
{
	static const char *r[2];

	r[0] = tmpdir;
	return r;
}

/* Symbolize one frame line of `outer` at `off`; malloced result. */
static char *frame_at(const char *fmt, unsigned long long off)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;

	strbuf_addf(&in, fmt, off, outer_size);
	symbolize_report(binary, roots(), in.buf, in.len, &out);
	strbuf_release(&in);
	return strbuf_detach(&out, NULL);
}

/* the return address after the call to ext() inside leaf(), inside mid(), inside outer() */
static void test_inline_nest(void **state)
{
	bool found = false;

	(void)state;
	for (unsigned long long off = 1; off <= outer_size && !found; off++) {
		char *got = frame_at(" outer+0x%llx/0x%llx\n", off);
		char *want;

		if (strstr(got, "[inline]") && strstr(got, "leaf ")) {
			want = xstrfmt(" leaf src/sub/prog.c:9 [inline]\n"
				       " mid src/sub/prog.c:13 [inline]\n"
				       " outer+0x%llx/0x%llx src/sub/prog.c:18\n",
				       off, outer_size);
			assert_string_equal(got, want);
			free(want);
			found = true;
		}
		free(got);
	}
	assert_true(found);
}

/* a plain return address in outer: one line, no [inline] */
static void test_plain_frame(void **state)
{
	bool found = false;

	(void)state;
	for (unsigned long long off = 1; off <= outer_size && !found; off++) {
		char *got = frame_at("[  12.345678][  T42]  ? outer+0x%llx/0x%llx [prog]\n", off);

		if (!strstr(got, "[inline]") && strstr(got, "prog.c:17")) {
			char *want = xstrfmt("[  12.345678][  T42]  ? outer+0x%llx/0x%llx "
					     "src/sub/prog.c:17 [prog]\n", off, outer_size);

			assert_string_equal(got, want);
			free(want);
			found = true;
		}
		free(got);
	}
	assert_true(found);
}

/* lines that are not frames, and unknown functions, are copied */
static void test_untouched(void **state)
{
	static const char text[] =
		"BUG: sleeping function called from invalid context at x.c:1\n"
		"Call Trace:\n"
		" <TASK>\n"
		" no_such_function+0x10/0x20\n"
		"RIP: 0033:0x45e219\n"
		"outer+0x1/0x2 (no blank before the name)\n"
		"last line without newline";
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(symbolize_report(binary, roots(), text, strlen(text), &out), 0);
	assert_string_equal(out.buf, text);
	strbuf_release(&out);
}

/* the location of outer's first instruction (line 16 or 17, as the compiler likes) */
static char *outer_entry(void)
{
	char *fl, *fn;

	assert_int_equal(symbolize_addr(binary, roots(), outer_addr, &fl, &fn), 0);
	assert_string_equal(fn, "outer");
	assert_true(!strcmp(fl, "src/sub/prog.c:16") || !strcmp(fl, "src/sub/prog.c:17"));
	free(fn);
	return fl;
}

/* RIP lines hold the exact address: no -1 (which would be before outer) */
static void test_rip_line(void **state)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	char *want, *entry = outer_entry();

	(void)state;
	strbuf_addf(&in, "RIP: 0010:outer+0x0/0x%llx", outer_size);
	assert_int_equal(symbolize_report(binary, roots(), in.buf, in.len, &out), 1);
	want = xstrfmt("RIP: 0010:outer+0x0/0x%llx %s", outer_size, entry);
	assert_string_equal(out.buf, want);
	free(want);
	free(entry);
	strbuf_release(&in);
	strbuf_release(&out);
}

/* a name from another tree is cut to the tail the source root has */
static void test_other_tree_name(void **state)
{
	char *other = xstrfmt("%s/other", tmpdir);
	char *file = xstrfmt("%s/other/src/sub/prog.c", tmpdir);
	char *dir = xstrfmt("%s/other/src/sub", tmpdir);
	const char *r[] = { other, NULL };
	char *fl, *fn, *entry = outer_entry();

	(void)state;
	mkdir_p(dir, 0755);
	write_file_atomic(file, program, strlen(program));
	assert_int_equal(symbolize_addr(binary, r, outer_addr, &fl, &fn), 0);
	assert_string_equal(fl, entry);
	free(fl);
	free(fn);
	/* without roots the name stays absolute, minus the leading '/' */
	assert_int_equal(symbolize_addr(binary, NULL, outer_addr, &fl, &fn), 0);
	assert_true(ends_with(fl, entry));
	assert_true(strlen(fl) > strlen(entry) + 1 && fl[0] != '/');
	free(fl);
	free(fn);
	free(entry);
	free(other);
	free(file);
	free(dir);
}

static void test_missing_vmlinux(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	set_error_quiet(true);
	assert_int_equal(symbolize_report("/nonexistent/vmlinux", NULL, " a+0x1/0x2\n", 11, &out),
			 -1);
	set_error_quiet(false);
	assert_string_equal(out.buf, " a+0x1/0x2\n");
	strbuf_release(&out);
}

struct par {
	const char *path;
	int ok;
};

static void *par_symbolize(void *arg)
{
	struct par *p = arg;

	for (int i = 0; i < 20; i++) {
		struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;

		strbuf_addf(&in, "RIP: 0010:outer+0x0/0x%llx\n", outer_size);
		if (symbolize_report(p->path, roots(), in.buf, in.len, &out) == 1 &&
		    strstr(out.buf, " src/sub/prog.c:"))
			p->ok++;
		strbuf_release(&in);
		strbuf_release(&out);
	}
	return NULL;
}

/* threads share cached sessions; more files than the cache holds evict idle ones */
static void test_threads_and_eviction(void **state)
{
	struct par p[6];
	pthread_t t[6];
	char *paths[6];
	struct strbuf bin = STRBUF_INIT;

	(void)state;
	assert_true(strbuf_read_file(&bin, binary) > 0);
	for (int i = 0; i < 6; i++) {
		/* half the threads on the same file, the others on copies */
		paths[i] = i < 3 ? xstrdup(binary) : xstrfmt("%s/copy%d", tmpdir, i);
		if (i >= 3)
			assert_int_equal(write_file_atomic(paths[i], bin.buf, bin.len), 0);
		p[i] = (struct par){ .path = paths[i] };
	}
	for (int i = 0; i < 6; i++)
		assert_int_equal(pthread_create(&t[i], NULL, par_symbolize, &p[i]), 0);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(p[i].ok, 20);
		free(paths[i]);
	}
	/* more files than the cache holds: idle sessions make room */
	for (int i = 0; i < 6; i++) {
		char *extra = xstrfmt("%s/copy-evict%d", tmpdir, i);
		struct par q = { .path = extra };

		assert_int_equal(write_file_atomic(extra, bin.buf, bin.len), 0);
		par_symbolize(&q);
		assert_int_equal(q.ok, 20);
		free(extra);
	}
	strbuf_release(&bin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inline_nest),
		cmocka_unit_test(test_plain_frame),
		cmocka_unit_test(test_untouched),
		cmocka_unit_test(test_rip_line),
		cmocka_unit_test(test_other_tree_name),
		cmocka_unit_test(test_missing_vmlinux),
		cmocka_unit_test(test_threads_and_eviction),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
