/* SPDX-License-Identifier: Apache-2.0 */
/*
 * demangle.h - C++ (Itanium) and Rust (v0) symbol names as function names
 * without parameters, internal to src/report/ (see demangle.c).
 * demangle_symbol() always returns a malloced string: the input itself when
 * it is not a mangled name this code understands.
 */
#ifndef CULPRIT_REPORT_DEMANGLE_H
#define CULPRIT_REPORT_DEMANGLE_H

char *demangle_symbol(const char *s);

#endif
