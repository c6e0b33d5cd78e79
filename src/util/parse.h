/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parse.h - the one grammar for numbers, durations and sizes that flags and
 * job files share, so `--timeout 10m` and `kernel.boot-timeout = 10m` mean
 * the same thing.
 *
 *	durations	"90", "90s", "1.5", "10m", "1h", "1h30m", "2m30s", "500ms"
 *			(units h, m, s, ms, in that order, each at most once; a
 *			bare number is seconds)
 *	integers	decimal, no sign unless the range allows it, no suffix
 *	sizes (MiB)	"512", "512M", "512MiB", "2G", "2GiB"
 *
 * Each returns 0, or -1 with a message in err (for the caller's error():
 * "'%s' is not ..." naming the expected form). Overflow, NaN, infinity,
 * trailing garbage and values outside [lo, hi] are errors.
 */
#ifndef CULPRIT_UTIL_PARSE_H
#define CULPRIT_UTIL_PARSE_H

#include <stddef.h>

int parse_duration(const char *s, double lo, double hi, double *out, char *err, size_t errlen);
int parse_int_range(const char *s, long lo, long hi, long *out, char *err, size_t errlen);
int parse_double_range(const char *s, double lo, double hi, double *out, char *err, size_t errlen);
int parse_size_mib(const char *s, long lo, long hi, long *out, char *err, size_t errlen);

#endif
