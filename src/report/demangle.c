// SPDX-License-Identifier: Apache-2.0
/*
 * demangle.c - names of C++ and Rust functions in kernel stack frames, like
 * syzkaller's demangle.Filter(name, demangle.NoParams):
 *
 *	_Z8fakeNameiii				-> fakeName
 *	_ZN2ns3fooEv				-> ns::foo
 *	_RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt
 *						-> core::panicking::panic_fmt
 *	_RNvXs1_Cs..._11ashmem_rustNtB5_6AshmemNtNtCs..._6kernel10miscdevice10MiscDevice4mmap
 *						-> <ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap
 *
 * Only what kernel stacks need: Itanium plain and nested names, and Rust v0
 * paths (crate roots, nested names, inherent and trait impls, generic
 * arguments skipped, back references). Anything else is returned unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "util/strbuf.h"
#include "util/util.h"

/* ---- Itanium C++ ---- */

static char *demangle_itanium(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = s + 2;
	bool nested;

	if (*p == 'L')
		p++;
	nested = *p == 'N';
	if (nested)
		for (p++; *p == 'K' || *p == 'V' || *p == 'r'; p++)
			;
	do {
		char *end;
		unsigned long n;

		if (*p < '1' || *p > '9')
			goto fail;
		n = strtoul(p, &end, 10);
		if (strnlen(end, n) < n)
			goto fail;
		if (sb.len)
			strbuf_addstr(&sb, "::");
		strbuf_add(&sb, end, n);
		p = end + n;
	} while (nested && *p != 'E');
	return strbuf_detach(&sb, NULL);
fail:
	strbuf_release(&sb);
	return NULL;
}

/* ---- Rust v0 ---- */

struct rust {
	const char *s;		/* after "_R" */
	size_t len, pos;
	int depth;
	bool err;
};

#define MAX_DEPTH 64

static bool rs_eat(struct rust *r, char c)
{
	if (r->pos < r->len && r->s[r->pos] == c) {
		r->pos++;
		return true;
	}
	return false;
}

static char rs_next(struct rust *r)
{
	if (r->pos >= r->len) {
		r->err = true;
		return 0;
	}
	return r->s[r->pos++];
}

/* {0-9a-zA-Z} "_": "_" is 0, otherwise the value plus one */
static size_t rs_base62(struct rust *r)
{
	size_t v = 0;

	if (rs_eat(r, '_'))
		return 0;
	for (;;) {
		char c = rs_next(r);
		size_t d;

		if (r->err)
			return 0;
		if (c == '_')
			break;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = 10 + c - 'a';
		else if (c >= 'A' && c <= 'Z')
			d = 36 + c - 'A';
		else {
			r->err = true;
			return 0;
		}
		if (v > ((size_t)-1 - d) / 62) {
			r->err = true;
			return 0;
		}
		v = v * 62 + d;
	}
	return v + 1;
}

static void rs_disambiguator(struct rust *r)
{
	if (rs_eat(r, 's'))
		rs_base62(r);
}

static size_t rs_decimal(struct rust *r)
{
	size_t v = 0;

	if (r->pos >= r->len || r->s[r->pos] < '0' || r->s[r->pos] > '9') {
		r->err = true;
		return 0;
	}
	if (rs_eat(r, '0'))
		return 0;
	while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') {
		if (v > 100000) {
			r->err = true;
			return 0;
		}
		v = v * 10 + (r->s[r->pos++] - '0');
	}
	return v;
}

static void rs_identifier(struct rust *r, struct strbuf *out)
{
	size_t n;

	rs_disambiguator(r);
	if (rs_eat(r, 'u')) {	/* punycode: not supported */
		r->err = true;
		return;
	}
	n = rs_decimal(r);
	if (r->err)
		return;
	rs_eat(r, '_');
	if (n > r->len - r->pos) {
		r->err = true;
		return;
	}
	if (out)
		strbuf_add(out, r->s + r->pos, n);
	r->pos += n;
}

static void rs_path(struct rust *r, struct strbuf *out);
static void rs_type(struct rust *r, struct strbuf *out);

static void rs_backref(struct rust *r, struct strbuf *out, bool type)
{
	size_t start = r->pos - 1, target = rs_base62(r), save;

	if (r->err || target >= start) {
		r->err = true;
		return;
	}
	save = r->pos;
	r->pos = target;
	if (type)
		rs_type(r, out);
	else
		rs_path(r, out);
	r->pos = save;
}

static void rs_const(struct rust *r)
{
	if (rs_eat(r, 'p'))
		return;
	if (rs_eat(r, 'B')) {
		rs_base62(r);
		return;
	}
	rs_next(r);	/* the type of the constant */
	rs_eat(r, 'n');
	while (!r->err && !rs_eat(r, '_'))
		rs_next(r);
}

static void rs_generic_args(struct rust *r)
{
	while (!r->err && !rs_eat(r, 'E')) {
		if (rs_eat(r, 'L'))
			rs_base62(r);
		else if (rs_eat(r, 'K'))
			rs_const(r);
		else
			rs_type(r, NULL);
	}
}

static void rs_type(struct rust *r, struct strbuf *out)
{
	static const char *const basic[26] = {
		['a' - 'a'] = "i8", ['b' - 'a'] = "bool", ['c' - 'a'] = "char", ['d' - 'a'] = "f64",
		['e' - 'a'] = "str", ['f' - 'a'] = "f32", ['h' - 'a'] = "u8", ['i' - 'a'] = "isize",
		['j' - 'a'] = "usize", ['l' - 'a'] = "i32", ['m' - 'a'] = "u32", ['n' - 'a'] = "i128",
		['o' - 'a'] = "u128", ['p' - 'a'] = "_", ['s' - 'a'] = "i16", ['t' - 'a'] = "u16",
		['u' - 'a'] = "()", ['v' - 'a'] = "...", ['x' - 'a'] = "i64", ['y' - 'a'] = "u64",
		['z' - 'a'] = "!",
	};
	char c;

	if (++r->depth > MAX_DEPTH || r->pos >= r->len) {
		r->err = true;
		return;
	}
	c = r->s[r->pos];
	if (c >= 'a' && c <= 'z' && basic[c - 'a']) {
		r->pos++;
		if (out)
			strbuf_addstr(out, basic[c - 'a']);
	} else if (c == 'R' || c == 'Q') {
		r->pos++;
		if (rs_eat(r, 'L'))
			rs_base62(r);
		if (out)
			strbuf_addstr(out, c == 'R' ? "&" : "&mut ");
		rs_type(r, out);
	} else if (c == 'P' || c == 'O') {
		r->pos++;
		if (out)
			strbuf_addstr(out, c == 'P' ? "*const " : "*mut ");
		rs_type(r, out);
	} else if (c == 'S' || c == 'A') {
		r->pos++;
		if (out)
			strbuf_addch(out, '[');
		rs_type(r, out);
		if (c == 'A')
			rs_const(r);
		if (out)
			strbuf_addch(out, ']');
	} else if (c == 'T') {
		r->pos++;
		if (out)
			strbuf_addch(out, '(');
		for (int i = 0; !r->err && !rs_eat(r, 'E'); i++) {
			if (out && i)
				strbuf_addstr(out, ", ");
			rs_type(r, out);
		}
		if (out)
			strbuf_addch(out, ')');
	} else if (c == 'B') {
		r->pos++;
		rs_backref(r, out, true);
	} else if (c == 'C' || c == 'N' || c == 'M' || c == 'X' || c == 'Y' || c == 'I') {
		rs_path(r, out);
	} else {
		r->err = true;	/* fn pointers, dyn: not needed for kernel frames */
	}
	r->depth--;
}

static void rs_path(struct rust *r, struct strbuf *out)
{
	char c;

	if (++r->depth > MAX_DEPTH) {
		r->err = true;
		return;
	}
	c = rs_next(r);
	switch (c) {
	case 'C':
		rs_identifier(r, out);
		break;
	case 'N': {
		char ns = rs_next(r);
		struct strbuf id = STRBUF_INIT;

		rs_path(r, out);
		rs_identifier(r, &id);
		if (out && !r->err) {
			if (ns >= 'A' && ns <= 'Z')
				strbuf_addf(out, "::{%s%s%s}", ns == 'C' ? "closure" : ns == 'S' ? "shim" : "?",
					    id.len ? ":" : "", id.buf);
			else
				strbuf_addf(out, "::%s", id.buf);
		}
		strbuf_release(&id);
		break;
	}
	case 'M':
		rs_disambiguator(r);
		rs_path(r, NULL);
		if (out)
			strbuf_addch(out, '<');
		rs_type(r, out);
		if (out)
			strbuf_addch(out, '>');
		break;
	case 'X':
		rs_disambiguator(r);
		rs_path(r, NULL);
		/* fall through */
	case 'Y':
		if (out)
			strbuf_addch(out, '<');
		rs_type(r, out);
		if (out)
			strbuf_addstr(out, " as ");
		rs_path(r, out);
		if (out)
			strbuf_addch(out, '>');
		break;
	case 'I':
		rs_path(r, out);
		rs_generic_args(r);	/* NoParams: not printed */
		break;
	case 'B':
		rs_backref(r, out, false);
		break;
	default:
		r->err = true;
	}
	r->depth--;
}

static char *demangle_rust(const char *s)
{
	struct rust r = { .s = s + 2, .len = strlen(s + 2) };
	struct strbuf out = STRBUF_INIT;

	if (r.len && r.s[0] >= '0' && r.s[0] <= '9')
		rs_decimal(&r);	/* encoding version */
	rs_path(&r, &out);
	if (r.err) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

char *demangle_symbol(const char *s)
{
	char *res = NULL;

	if (s[0] == '_' && s[1] == 'Z')
		res = demangle_itanium(s);
	else if (s[0] == '_' && s[1] == 'R' && s[2] >= 'A' && s[2] <= 'Z')
		res = demangle_rust(s);
	return res ? res : xstrdup(s);
}
