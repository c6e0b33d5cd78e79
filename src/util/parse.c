// SPDX-License-Identifier: Apache-2.0
/*
 * parse.c - numbers, durations and sizes for flags and job files (parse.h).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* a plain decimal number: digits, at most one '.', no sign, no exponent */
static const char *plain_number(const char *s, double *out)
{
	const char *p = s;
	bool dot = false, digit = false;
	char buf[64];

	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digit = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			break;
	}
	if (!digit || (size_t)(p - s) >= sizeof(buf))
		return NULL;
	memcpy(buf, s, p - s);
	buf[p - s] = '\0';
	*out = strtod(buf, NULL);
	return p;
}

int parse_duration(const char *s, double lo, double hi, double *out, char *err, size_t errlen)
{
	static const struct {
		const char *unit;
		double seconds;
	} units[] = { { "h", 3600 }, { "ms", 0.001 }, { "m", 60 }, { "s", 1 } };
	static const int order[] = { 0, 3, 1, 2 };	/* rank of units[i] in "h m s ms" */
	const char *p = s;
	double total = 0;
	int last = -1;

	if (!s || !*s)
		return fail(err, errlen, "'' is not a duration (seconds, or 90s, 10m, 1h30m)");
	while (*p) {
		double v;
		const char *q = plain_number(p, &v);
		size_t i;

		if (!q)
			goto bad;
		if (!*q && last < 0) {	/* a bare number: seconds */
			total = v;
			p = q;
			break;
		}
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strncmp(q, units[i].unit, strlen(units[i].unit)))
				break;	/* "ms" is tried before "m" */
		if (i == sizeof(units) / sizeof(units[0]) || order[i] <= last)
			goto bad;
		last = order[i];
		total += v * units[i].seconds;
		p = q + strlen(units[i].unit);
	}
	if (!isfinite(total))
		goto bad;
	if (total < lo || total > hi)
		return fail(err, errlen, "'%s' is out of range (%g to %g seconds)", s, lo, hi);
	*out = total;
	return 0;
bad:
	return fail(err, errlen, "'%s' is not a duration (seconds, or 90s, 10m, 1h30m)", s);
}

int parse_int_range(const char *s, long lo, long hi, long *out, char *err, size_t errlen)
{
	char *end;
	long n;

	if (!s || !*s || isspace((unsigned char)*s) || (*s == '+'))
		return fail(err, errlen, "'%s' is not a whole number from %ld to %ld", s ? s : "", lo, hi);
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < lo || n > hi)
		return fail(err, errlen, "'%s' is not a whole number from %ld to %ld", s, lo, hi);
	*out = n;
	return 0;
}

int parse_double_range(const char *s, double lo, double hi, double *out, char *err, size_t errlen)
{
	char *end;
	double d;

	if (!s || !*s || isspace((unsigned char)*s))
		return fail(err, errlen, "'%s' is not a number from %g to %g", s ? s : "", lo, hi);
	errno = 0;
	d = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(d) || d < lo || d > hi)
		return fail(err, errlen, "'%s' is not a number from %g to %g", s, lo, hi);
	*out = d;
	return 0;
}

int parse_size_mib(const char *s, long lo, long hi, long *out, char *err, size_t errlen)
{
	static const struct {
		const char *suffix;
		long mib;
	} units[] = { { "", 1 }, { "M", 1 }, { "MiB", 1 }, { "MB", 1 },
		      { "G", 1024 }, { "GiB", 1024 }, { "GB", 1024 } };
	char *end;
	long n;

	if (!s || !isdigit((unsigned char)*s))
		goto bad;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno)
		goto bad;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].suffix))
			continue;
		if (n > hi / units[i].mib || n * units[i].mib < lo)
			return fail(err, errlen, "'%s' is out of range (%ld to %ld MiB)", s, lo, hi);
		*out = n * units[i].mib;
		return 0;
	}
bad:
	return fail(err, errlen, "'%s' is not a size (MiB, or 512M, 2G)", s ? s : "");
}
