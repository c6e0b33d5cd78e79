/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cppscan.h - what decides which files a C preprocessor reads: the
 * directives of a source (a build-key helper, see buildkey.h).
 *
 * Which files cpp opens depends only on the command line, on the
 * directory listings it searches and on the directive lines of the files it
 * reads (#include targets, and the #define/#if that select them). Code and
 * comments do not matter. So when a file's directives are the same at two
 * commits, a translation unit that reads it reads the same files at both.
 *
 *	struct strbuf d = STRBUF_INIT;
 *	cpp_directives(buf, len, &d);	// "#include <linux/mm.h>\n#define X 1\n"
 *	cpp_include_names(d.buf, add_name, data);  // "linux/mm.h", quoted: false
 */
#ifndef CULPRIT_BUILD_CPPSCAN_H
#define CULPRIT_BUILD_CPPSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include "../util/strbuf.h"

/*
 * Append the directives of a C or assembler source to out, one a line,
 * canonical: backslash-newlines spliced, comments removed, blanks
 * squeezed ("#  define X  1" and a comment -> "#define X 1"), the digraph "%:"
 * read as '#'. A directive that mentions __LINE__ also records its line
 * number (" @123"), since moving it changes what it computes. Lines of
 * code, comments and blank lines leave no trace, so two versions of a file
 * that differ only there give the same text.
 */
void cpp_directives(const char *buf, size_t len, struct strbuf *out);

/*
 * Call fn for every file name a directive text (from cpp_directives())
 * may look up: #include, #include_next and #import targets ("linux/mm.h",
 * quoted or not) and __has_include / __has_include_next arguments
 * (probe: only whether the file exists matters). Computed includes
 * (#include MACRO) name nothing here.
 */
void cpp_include_names(const char *directives,
		       void (*fn)(void *data, const char *name, bool quoted, bool probe),
		       void *data);

#endif
