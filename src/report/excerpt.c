// SPDX-License-Identifier: Apache-2.0
/*
 * excerpt.c - what `culprit report` shows of a crash: its report from the
 * first line to the end of its stack, and the frames of that text
 * (function, file, line, inline) in every format the parser reads.
 *
 * Both work on the report's text (struct crash_report.report), one pass,
 * no regexes: the frames are asked for only when printing.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util/util.h"

/* a kernel report stops after this many lines that are not stack or registers */
#define IDLE_LINES 16
/* the first lines of a report (header, CPU, hardware) always belong to it */
#define HEADER_LINES 6

static bool starts(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && !memcmp(s, p, pl);
}

static bool contains(const char *s, size_t n, const char *needle)
{
	size_t nl = strlen(needle);

	if (nl > n)
		return false;
	for (size_t i = 0; i + nl <= n; i++)
		if (s[i] == needle[0] && !memcmp(s + i, needle, nl))
			return true;
	return false;
}

/* "RIP: 0010:...", "RAX: ...", "R10: ...", "CR2: ...", "Code: ..." */
static bool register_line(const char *s, size_t n)
{
	size_t i = 0;

	if (starts(s, n, "Code: "))
		return true;
	while (i < n && i < 4 && (isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i])))
		i++;
	return i >= 2 && i < n && s[i] == ':' && isupper((unsigned char)s[0]);
}

/* a line of the stack or of its dumps: indented, a frame, registers */
static bool stack_line(const char *s, size_t n)
{
	return (n && (s[0] == ' ' || s[0] == '\t')) || contains(s, n, "+0x") || register_line(s, n);
}

/* "==================================================================" */
static bool rule_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == '=')
		i++;
	return i >= 20 && i == n;
}

/* the first line of another kernel crash */
static bool new_crash(const char *s, size_t n)
{
	static const char *const heads[] = {
		"BUG: ", "WARNING: ", "general protection fault", "Unable to handle kernel",
		"kernel BUG at", "INFO: task ", "INFO: rcu", "Kernel panic - not syncing",
		"UBSAN: ", "KASAN: ", "KMSAN: ", "KCSAN: ", "Oops: ", "Internal error: ", NULL,
	};

	for (size_t i = 0; heads[i]; i++)
		if (starts(s, n, heads[i]))
			return true;
	return false;
}

static size_t kernel_excerpt_end(const char *t, size_t len)
{
	size_t pos = 0, end = 0, idle = 0, nr = 0;

	while (pos < len) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		size_t e = nl ? (size_t)(nl - t) + 1 : len, n = (nl ? (size_t)(nl - t) : len) - pos;
		const char *s = t + pos;

		if (nr >= HEADER_LINES) {
			if (new_crash(s, n) || starts(s, n, "Kernel Offset:") || starts(s, n, "Rebooting in") ||
			    starts(s, n, "Dumping ftrace buffer"))
				break;
			if (starts(s, n, "---[ end ") || rule_line(s, n))
				return e;
		}
		if (nr < HEADER_LINES || stack_line(s, n)) {
			idle = 0;
			end = e;
		} else if (n && ++idle >= IDLE_LINES) {
			break;
		}
		nr++;
		pos = e;
	}
	return end;
}

void report_excerpt(const struct crash_report *r, const char **text, size_t *len)
{
	const char *t = r->report ? r->report : "";
	/* a caller that replaced the text (symbolized it) may not have set its length */
	size_t n = r->report ? strnlen(r->report, r->report_len) : 0, skip = 0;

	if (!r->userspace && r->prefix_len <= n)
		skip = r->prefix_len;
	t += skip;
	n -= skip;
	if (!r->userspace)
		n = kernel_excerpt_end(t, n);
	if (n > REPORT_TEXT_MAX) {
		/* at a line end */
		const char *nl = NULL;

		for (size_t i = REPORT_TEXT_MAX; i > 0 && !nl; i--)
			if (t[i - 1] == '\n')
				nl = t + i;
		n = nl ? (size_t)(nl - t) : REPORT_TEXT_MAX;
	}
	if (!n && r->report && r->report[skip]) {
		/* never empty: the report's first line at least */
		const char *s = r->report + skip, *nl = strchr(s, '\n');

		t = s;
		n = nl ? (size_t)(nl - t) + 1 : strlen(s);
	}
	*text = t;
	*len = n;
}

/* ---- frames ---- */

static const char *skip_ws(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static bool hex_prefixed(const char *s, const char *e)
{
	return e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2]);
}

/* "path/file.c:123[:4]" at [s, e): file and line; false if it is not one */
static bool file_line(const char *s, const char *e, char **file, unsigned *line)
{
	const char *c = NULL;

	/* the first ':' followed by digits (not a Windows drive letter) */
	for (const char *p = s; p < e; p++)
		if (*p == ':' && p + 1 < e && isdigit((unsigned char)p[1]) && p > s + 1) {
			c = p;
			break;
		}
	if (!c || memchr(s, ' ', c - s))
		return false;
	*file = xstrndup(s, c - s);
	*line = (unsigned)strtoul(c + 1, NULL, 10);
	return true;
}

/* Cut a C++ parameter list ("foo(int, char) const") off a function name. */
static char *function_name(const char *s, const char *e)
{
	const char *p = e;
	int depth = 0;

	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - s > 6 && !memcmp(e - 6, " const", 6))
		e -= 6;
	p = e;
	if (p > s && p[-1] == ')') {
		/* the '(' matching the last ')', unless it opens the name */
		for (p = e; p > s; p--) {
			if (p[-1] == ')')
				depth++;
			else if (p[-1] == '(' && !--depth)
				break;
		}
		if (p > s + 1 && depth == 0)
			e = p - 1;
	}
	return xstrndup(s, e - s);
}

static void add(struct report_frames *out, char *function, char *file, unsigned line, bool inlined)
{
	struct report_frame *f;

	if (!function || !*function || out->nr >= REPORT_FRAMES_MAX) {
		free(function);
		free(file);
		return;
	}
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	f = &out->v[out->nr++];
	f->function = function;
	f->file = file;
	f->line = line;
	f->inlined = inlined;
}

/* "#3 0x55d0a2c1e3b7 in func(args) /src/x.cc:48:5" or "... in func (module+0x10)" */
static bool sanitizer_frame(struct report_frames *out, const char *s, const char *e)
{
	const char *p = skip_ws(s, e), *in, *loc;
	char *file = NULL;
	unsigned line = 0;

	if (p >= e || *p != '#' || p + 1 >= e || !isdigit((unsigned char)p[1]))
		return false;
	while (p < e && *p != ' ')
		p++;
	p = skip_ws(p, e);
	if (!hex_prefixed(p, e))
		return false;
	while (p < e && *p != ' ')
		p++;
	p = skip_ws(p, e);
	if (e - p < 3 || memcmp(p, "in ", 3)) {
		/* Chrome: "#5 0x55999f2c4d18 content::Foo::Bar()" */
		if (p < e && *p != '(')
			add(out, function_name(p, e), NULL, 0, false);
		return true;
	}
	in = p + 3;
	/* the location is the last word: "file:line[:col]" or "(module+0x1)" */
	loc = e;
	while (loc > in && loc[-1] != ' ')
		loc--;
	if (loc > in && file_line(loc, e, &file, &line))
		add(out, function_name(in, loc - 1), file, line, false);
	else if (loc > in && *loc == '(')
		add(out, function_name(in, loc - 1), NULL, 0, false);
	else
		add(out, function_name(in, e), NULL, 0, false);
	return true;
}

/*
 * Kernel: " func+0x1c/0x30 [module] fs/x.c:12", " func fs/x.c:12 [inline]",
 * "[<ffffffc0>] func+0x1/0x2"; " ? func" frames (not reliable) are left
 * out, and so is "RIP: 0010:func+0x1/0x2" (the call trace has it too).
 */
static bool kernel_frame(struct report_frames *out, const char *s, const char *e)
{
	const char *p = skip_ws(s, e), *name, *ne, *q;
	bool inlined = false, off = false;
	char *file = NULL;
	unsigned line = 0;

	if (p < e && p[0] == '[' && p + 1 < e && p[1] == '<') {
		p = memchr(p, ']', e - p);
		if (!p)
			return false;
		p = skip_ws(p + 1, e);
		if (p < e && *p == '(')
			p++;
	}
	if (p < e && *p == '?')
		return true;	/* an unreliable frame: seen, not kept */
	name = p;
	while (p < e && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '$'))
		p++;
	ne = p;
	if (ne == name)
		return false;
	if (p + 3 < e && p[0] == '+' && p[1] == '0' && p[2] == 'x') {
		off = true;
		while (p < e && *p != ' ' && *p != ')')
			p++;
	}
	if (p < e && *p == ')')
		p++;
	p = skip_ws(p, e);
	if (p < e && *p == '[' && !starts(p, e - p, "[inline]")) {
		q = memchr(p, ']', e - p);	/* " [module]" */
		p = q ? skip_ws(q + 1, e) : e;
	}
	if (p < e && p[0] != '[') {
		q = p;
		while (q < e && *q != ' ')
			q++;
		if (!file_line(p, q, &file, &line))
			return off ? (add(out, xstrndup(name, ne - name), NULL, 0, false), true) : false;
		p = skip_ws(q, e);
	}
	inlined = starts(p, e - p, "[inline]");
	if (!off && !file)
		return false;
	add(out, xstrndup(name, ne - name), file, line, inlined);
	return true;
}

/* Python: '  File "x.py", line 12, in func' */
static bool python_frame(struct report_frames *out, const char *s, const char *e)
{
	const char *p = skip_ws(s, e), *q, *in;

	if (!starts(p, e - p, "File \""))
		return false;
	p += 6;
	q = memchr(p, '"', e - p);
	if (!q || !starts(q, e - q, "\", line "))
		return false;
	in = q + 8;
	while (in < e && isdigit((unsigned char)*in))
		in++;
	if (!starts(in, e - in, ", in "))
		return false;
	add(out, xstrndup(in + 5, e - in - 5), xstrndup(p, q - p), (unsigned)strtoul(q + 8, NULL, 10),
	    false);
	return true;
}

/* Java and JavaScript: "at pkg.Class.method(File.java:12)", "at f (/x.js:1:2)" */
static bool at_frame(struct report_frames *out, const char *s, const char *e)
{
	const char *p = skip_ws(s, e), *open, *close;
	char *file = NULL;
	unsigned line = 0;

	if (!starts(p, e - p, "at "))
		return false;
	p += 3;
	open = memchr(p, '(', e - p);
	close = e;
	while (close > p && close[-1] != ')')
		close--;
	if (!open || close <= open + 1) {
		/* Rust: "at src/x.rs:10:5" under its "N: function" line */
		if (file_line(p, e, &file, &line)) {
			if (out->nr && !out->v[out->nr - 1].file) {
				out->v[out->nr - 1].file = file;
				out->v[out->nr - 1].line = line;
			} else {
				free(file);
			}
		} else {
			add(out, xstrndup(p, e - p), NULL, 0, false);
		}
		return true;
	}
	/* "File.java:12" or "/path/x.js:1:2" */
	if (!file_line(open + 1, close - 1, &file, &line))
		file = NULL;
	add(out, function_name(p, open), file, line, false);
	return true;
}

/* Rust: "  12: mycrate::parse::h0123abcd" (its location on the next line) */
static bool rust_frame(struct report_frames *out, const char *s, const char *e)
{
	const char *p = skip_ws(s, e), *d = p;

	if (p == s)
		return false;
	while (p < e && isdigit((unsigned char)*p))
		p++;
	if (p == d || e - p < 3 || p[0] != ':' || p[1] != ' ' ||
	    !(isalpha((unsigned char)p[2]) || p[2] == '_' || p[2] == '<'))
		return false;
	add(out, xstrndup(p + 2, e - p - 2), NULL, 0, false);
	return true;
}

/* Go: "pkg.(*T).f(0x1, ...)" then "\t/path/f.go:12 +0x1d" */
static bool go_frame(struct report_frames *out, const char *s, const char *e, const char *next,
		     const char *next_end)
{
	const char *p, *q;
	char *file = NULL;
	unsigned line = 0;

	if (!next || next >= next_end || *next != '\t' || e == s || e[-1] != ')' || *s == ' ' || *s == '\t')
		return false;
	p = skip_ws(next, next_end);
	q = p;
	while (q < next_end && *q != ' ')
		q++;
	if (q - p < 4 || !contains(p, q - p, ".go:") || !file_line(p, q, &file, &line))
		return false;
	add(out, function_name(s, e), file, line, false);
	return true;
}

/* Windows cdb: "0137f670 71a2c8e1 imgdec!DecodeRow+0x35" */
static bool cdb_frame(struct report_frames *out, const char *s, const char *e)
{
	const char *bang = memchr(s, '!', e - s), *p, *plus;

	if (!bang)
		return false;
	p = bang;
	while (p > s && p[-1] != ' ')
		p--;
	if (p == s)
		return false;	/* the two columns before the module */
	plus = bang + 1;
	while (plus < e && *plus != '+' && *plus != ' ')
		plus++;
	if (plus >= e || *plus != '+' || !hex_prefixed(plus + 1, e))
		return false;
	add(out, xstrndup(bang + 1, plus - bang - 1), NULL, 0, false);
	return true;
}

size_t report_frames(const char *text, size_t len, struct report_frames *out)
{
	size_t pos = 0, before = out->nr;

	while (pos < len && out->nr < REPORT_FRAMES_MAX) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		const char *e = nl ? nl : text + len, *next = nl ? nl + 1 : NULL, *next_end = NULL;

		if (next) {
			const char *nn = memchr(next, '\n', text + len - next);

			next_end = nn ? nn : text + len;
		}
		if (!sanitizer_frame(out, s, e) && !python_frame(out, s, e) && !at_frame(out, s, e) &&
		    !go_frame(out, s, e, next, next_end) && !cdb_frame(out, s, e) && !rust_frame(out, s, e))
			kernel_frame(out, s, e);
		pos = (size_t)(e - text) + 1;
	}
	return out->nr - before;
}

void report_frames_release(struct report_frames *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		free(f->v[i].function);
		free(f->v[i].file);
	}
	free(f->v);
	f->v = NULL;
	f->nr = f->alloc = 0;
}
