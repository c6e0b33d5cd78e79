// SPDX-License-Identifier: Apache-2.0
/*
 * usfinish.c - a finished user-space report: ClusterFuzz's clean-up of the
 * crash state (filter_crash_parameters()), stack-overflow cycles, the
 * security flag (crash_analyzer.is_security_issue()), and culprit's title,
 * type and struct crash_report.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "usint.h"
#include "util/util.h"

/* Replace every match of `id` in sb with `repl` (literal). */
static void replace_all(struct ps *st, enum pat id, struct strbuf *sb, const char *repl)
{
	struct strbuf out = STRBUF_INIT;
	size_t pos = 0, last = 0;
	bool any = false;

	while (pos <= sb->len &&
	       pcre2_match(us_rx[id], (PCRE2_SPTR)sb->buf, sb->len, pos, 0, st->md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);

		strbuf_add(&out, sb->buf + last, ov[0] - last);
		strbuf_addstr(&out, repl);
		last = ov[1];
		pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
		any = true;
	}
	if (any) {
		strbuf_add(&out, sb->buf + last, sb->len - last);
		strbuf_reset(sb);
		strbuf_addbuf(sb, &out);
	}
	strbuf_release(&out);
}

static bool frames_equal(struct ps *st, size_t a, size_t b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(st->raw[a + i], st->raw[b + i]))
			return false;
	return true;
}

/* A stack overflow names the recursion cycle, not wherever it was cut. */
static void stack_overflow_cycle(struct ps *st)
{
	if (!type_is(st, "Stack-overflow"))
		return;
	for (size_t start = 0; start < st->raw_nr; start++) {
		for (size_t cl = 1; cl <= MAX_CYCLE_LENGTH; cl++) {
			bool ok = true;

			if (start + REPEATED_CYCLE_COUNT * cl >= st->raw_nr)
				continue;
			for (size_t r = 1; r < REPEATED_CYCLE_COUNT && ok; r++)
				ok = frames_equal(st, start, start + r * cl, cl);
			if (!ok)
				continue;
			strbuf_reset(&st->state);
			for (size_t i = 0; i < cl && i < MAX_STATE_FRAMES; i++) {
				if (i)
					strbuf_addch(&st->state, '\n');
				strbuf_addstr(&st->state, st->raw[start + i]);
			}
			strbuf_addch(&st->state, '\n');
			free(st->title_frame);
			free(st->title_file);
			st->title_frame = xstrdup(st->raw[start]);
			st->title_file = NULL;
			return;
		}
	}
}

/* Printable characters only, addresses and numbers replaced, lines capped. */
static void clean_state(struct ps *st)
{
	static const char jni[] = "JNI DETECTED ERROR IN APPLICATION:";
	struct strbuf out = STRBUF_INIT;
	const char *p, *e, *j;

	for (size_t i = 0; i < st->state.len; i++) {
		unsigned char c = st->state.buf[i];

		if ((c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r'))
			strbuf_addch(&out, c);
	}
	strbuf_reset(&st->state);
	while ((j = strstr(out.buf, jni))) {
		size_t at = j - out.buf;

		strbuf_add(&st->state, out.buf, at);
		strbuf_addstr(&st->state, "JNI:");
		memmove(out.buf, j + strlen(jni), out.len - at - strlen(jni) + 1);
		out.len -= at + strlen(jni);
	}
	strbuf_addbuf(&st->state, &out);
	strbuf_reset(&out);
	/* V8 correctness failures keep their numbers: the state is metadata */
	if (!type_is(st, "V8 correctness failure")) {
		replace_all(st, P_STATE_OFFSET, &st->state, "\n");
		replace_all(st, P_STATE_ADDRESS, &st->state, "ADDRESS");
		replace_all(st, P_STATE_NUMBER, &st->state, "NUMBER");
	}
	/* lines of at most LINE_LENGTH_CAP characters, but Bad-cast ones */
	for (p = st->state.buf; p < st->state.buf + st->state.len; p = e + 1) {
		size_t l;

		e = memchr(p, '\n', st->state.buf + st->state.len - p);
		if (!e)
			e = st->state.buf + st->state.len;
		l = e - p;
		if (strncmp(p, "Bad-cast", 8) && l > LINE_LENGTH_CAP)
			l = LINE_LENGTH_CAP;
		strbuf_add(&out, p, l);
		strbuf_addch(&out, '\n');
	}
	strbuf_reset(&st->state);
	strbuf_addbuf(&st->state, &out);
	strbuf_release(&out);
}

/* Access sizes above 16 bytes are all alike: "READ {*}". */
static void normalize_access_size(struct ps *st)
{
	const char *p;
	size_t n;

	if (st_match(st, P_ACCESS_SIZE, st->type.buf, st->type.len) && st_group(st, 2, &p, &n)) {
		size_t head = p - st->type.buf, tail = head + n;
		unsigned long long v = strtoull(p, NULL, 10);
		struct strbuf t = STRBUF_INIT;

		strbuf_add(&t, st->type.buf, head);
		if (n > 18 || v > 16)
			strbuf_addstr(&t, "{*}");
		else
			strbuf_addf(&t, "%llu", v);
		strbuf_addstr(&t, st->type.buf + tail);
		strbuf_reset(&st->type);
		strbuf_addbuf(&st->type, &t);
		strbuf_release(&t);
	}
}

/* ClusterFuzz's filter_crash_parameters(). */
static void finish_params(struct ps *st)
{
	size_t n = 0;

	clean_state(st);
	for (size_t i = 0; i < st->state.len; i++)
		if (!isspace((unsigned char)st->state.buf[i]))
			n++;
	if (st->type.len && !n) {
		strbuf_reset(&st->state);
		strbuf_addstr(&st->state, st->process_name.len ? st->process_name.buf : "NULL");
	}
	/* a timeout's or an OOM's stack does not tell one from another: the fuzz target does */
	if (type_is(st, "Out-of-memory") || type_is(st, "Timeout") || type_is(st, "Overwrites-const-input")) {
		char *target = st_fuzz_target(st);

		if (target) {
			strbuf_reset(&st->state);
			strbuf_addstr(&st->state, target);
		}
		free(target);
	}
	if (st->state.len && strcmp(st->state.buf, "NULL") && st->state.buf[st->state.len - 1] != '\n')
		strbuf_addch(&st->state, '\n');
	normalize_access_size(st);
	if (st->address.len == 18 && !strncmp(st->address.buf, "0x0000", 6)) {
		memmove(st->address.buf + 2, st->address.buf + 6, 13);
		strbuf_setlen(&st->address, 14);
	}
	if (st->address.len && !strncmp(st->type.buf, "UNKNOWN", 7) &&
	    address_value(st->address.buf) < NULL_DEREF_BOUNDARY) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addstr(&t, "Null-dereference");
		strbuf_addstr(&t, st->type.buf + 7);
		strbuf_reset(&st->type);
		strbuf_addbuf(&st->type, &t);
		strbuf_release(&t);
	}
}

/* ---- the security flag (crash_analyzer.is_security_issue()) ---- */

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static bool ends_with_str(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* "    #0 0x7f0e in gsignal " at the start of a line */
static bool gsignal_frame0(const char *ls, const char *le)
{
	const char *p = ls;

	if (p == le || (*p != ' ' && *p != '\t'))
		return false;
	while (p < le && (*p == ' ' || *p == '\t'))
		p++;
	if (le - p < 4 || memcmp(p, "#0", 2) || (p[2] != ' ' && p[2] != '\t'))
		return false;
	for (p += 2; p < le && (*p == ' ' || *p == '\t'); p++)
		;
	if (le - p < 3 || memcmp(p, "0x", 2) || !isxdigit((unsigned char)p[2]))
		return false;
	for (p += 2; p < le && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')); p++)
		;
	if (p == le || (*p != ' ' && *p != '\t'))
		return false;
	while (p < le && (*p == ' ' || *p == '\t'))
		p++;
	return le - p >= 11 && !memcmp(p, "in gsignal ", 11);
}

/* A report that died in gsignal, or on a signal that is not memory corruption. */
static bool non_security_signal(const char *text, size_t len)
{
	static const char *const sigs[] = { "Sanitizer: ABRT", "Sanitizer: BUS", "Sanitizer: FPE",
					    "Sanitizer: ILL", "Sanitizer: breakpoint", NULL };
	const char *p = text, *end = text + len;

	if (has_any(text, len, sigs))
		return true;
	while ((p = memmem(p, end - p, "gsignal ", 8))) {
		const char *ls = p, *le = memchr(p, '\n', end - p);

		while (ls > text && ls[-1] != '\n')
			ls--;
		le = le ? le : end;
		if (gsignal_frame0(ls, le))
			return true;
		p += 8;
	}
	return false;
}

bool crash_is_security(const char *text, size_t len, const char *type, const char *address)
{
	static const char *const nil_pc[] = { "pc (nil) ", "pc 0x00000000 ", "pc 0x000000000000 ", NULL };
	static const char *const hard_crash[] = {
		"Fatal error", "Unreachable code", "Stack-overflow", "Fatal-signal", "Missing-library",
		"Overwrites-const-input", "ASSERT_NOT_REACHED", NULL,
	};
	static const char *const ubsan_security[] = {
		"Bad-cast", "Index-out-of-bounds", "Incorrect-function-pointer-type",
		"Non-positive-vla-bound-value", "Object-size", NULL,
	};
	static const char *const not_security[] = {
		/* UBSan */
		"Divide-by-zero", "Float-cast-overflow", "Implicit-conversion", "Integer-overflow", "Invalid-bool-value",
		"Invalid-builtin-use", "Invalid-enum-value", "Invalid-null-argument",
		"Invalid-null-return", "Misaligned-address", "No-return-value", "Pointer-overflow",
		"Potential-null-reference", "Undefined-shift", "Unsigned-integer-overflow",
		"Unreachable code", "Upcast-of-null-pointer", "Assumption-violation",
		/* Go */
		"Index out of range", "Integer divide by zero", "Makeslice: len out of range",
		"Slice bounds out of range", "Stack overflow",
		"Floating-point-exception", "RUNTIME_ASSERT", "V8 correctness failure", NULL,
	};
	static const char *const extra_security[] = {
		"Arbitrary file open", "Command injection", "Wycheproof error", NULL,
	};
	static const char *const generic[] = {
		"Null-dereference", "Null-dereference READ", "Null-dereference WRITE", "READ",
		"UNKNOWN", "UNKNOWN READ", "UNKNOWN WRITE", "WRITE", "Uncaught exception", NULL,
	};
	unsigned long long addr;

	/* in the order of is_security_issue(): the first rule that applies decides */
	if (has(text, len, "FuzzerSecurityIssueCritical") || has(text, len, "FuzzerSecurityIssueHigh") ||
	    has(text, len, "FuzzerSecurityIssueMedium") || has(text, len, "FuzzerSecurityIssueLow") ||
	    has_any(text, len, nil_pc))
		return true;
	if (!strcmp(type, "CHECK failure") || !strcmp(type, "Security CHECK failure"))
		return false;
	if (!strcmp(type, "Security DCHECK failure") || !strcmp(type, "DCHECK failure"))
		return true;
	if (in_list(type, hard_crash) || ends_with_str(type, "Exception") ||
	    ends_with_str(type, "CHECK failure") || strstr(type, "-leak") ||
	    strstr(type, "Data race") || strstr(type, "Lock-order-inversion"))
		return false;
	if (in_list(type, ubsan_security))
		return true;
	if (in_list(type, not_security))
		return false;
	if (!strcmp(type, "ASSERT") || has(text, len, "ASSERTION FAILED"))
		return true;	/* ASSERTS_HAVE_SECURITY_IMPLICATION */
	if (!strcmp(type, "Timeout") || !strcmp(type, "Out-of-memory") || !strcmp(type, "Unexpected-exit"))
		return false;
	if (!strncmp(type, "Kernel failure", 14) || in_list(type, extra_security))
		return true;
	if (!*type || non_security_signal(text, len))
		return false;
	if (!in_list(type, generic))
		return true;
	addr = address_value(address);
	for (size_t i = 0; assert_crash_addresses[i]; i++)
		if (addr == assert_crash_addresses[i])
			return false;
	return addr >= NULL_DEREF_BOUNDARY;
}

/* ---- culprit's naming ---- */

static const struct {
	const char *tool, *prefix;
} TOOL_PREFIXES[] = {
	{ "AddressSanitizer", "ASAN" }, { "HWAddressSanitizer", "HWASAN" },
	{ "MemorySanitizer", "MSAN" }, { "ThreadSanitizer", "TSAN" },
	{ "LeakSanitizer", "LSAN" }, { "UndefinedBehaviorSanitizer", "UBSAN" },
	{ "libFuzzer", "LIBFUZZER" },
};

static void add_type_word(struct strbuf *t, const char *s, size_t n)
{
	bool dash = t->len && t->buf[t->len - 1] != '-';

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (isalnum(c)) {
			if (dash)
				strbuf_addch(t, '-');
			dash = false;
			strbuf_addch(t, toupper(c));
		} else if (t->len && t->buf[t->len - 1] != '-') {
			dash = true;
		}
	}
}

/* "ASAN-HEAP-USE-AFTER-FREE-READ": tool, kind, access */
static char *make_type(struct ps *st)
{
	struct strbuf t = STRBUF_INIT;
	const char *nl = strchr(st->type.buf, '\n');
	const char *paren = strstr(st->type.buf, " (");
	size_t first = nl ? (size_t)(nl - st->type.buf) : st->type.len;

	/* "Alloc-dealloc-mismatch (operator new [] vs free)": the kind only */
	if (paren && (size_t)(paren - st->type.buf) < first)
		first = paren - st->type.buf;
	for (size_t i = 0; i < ARRAY_SIZE(TOOL_PREFIXES); i++)
		if (!strcmp(st->tool.buf, TOOL_PREFIXES[i].tool))
			strbuf_addstr(&t, TOOL_PREFIXES[i].prefix);
	if (!t.len && st->tool.len)
		add_type_word(&t, st->tool.buf, st->tool.len);
	add_type_word(&t, st->type.buf, first);
	if (nl) {
		/* "READ 4": the access kind, not its size (kernels: the kind, then it) */
		const char *w = nl + 1, *we = w;

		while (*we && *we != ' ' && *we != '\n')
			we++;
		add_type_word(&t, w, we - w);
	}
	return strbuf_detach(&t, NULL);
}

/* "tool: kind in frame", addresses as ADDR, printable, at most TITLE_MAX. */
static char *make_title(struct ps *st, const char *frame)
{
	struct strbuf t = STRBUF_INIT;

	if (st->tool.len && st->kind.len && !type_is(st, "V8 sandbox violation")) {
		strbuf_addf(&t, "%s: %s", st->tool.buf, st->kind.buf);
	} else {
		const char *nl = strchr(st->type.buf, '\n');

		if (!strncmp(st->type.buf, "Kernel failure\n", 15)) {
			/* the kind of failure, not the words that introduce it */
			const char *k = st->type.buf + 15, *ke = strchr(k, '\n');

			strbuf_addstr(&t, "Kernel failure: ");
			strbuf_add(&t, k, ke ? (size_t)(ke - k) : strlen(k));
		} else {
			strbuf_add(&t, st->type.buf, nl ? (size_t)(nl - st->type.buf) : st->type.len);
		}
	}
	if (frame) {
		strbuf_addf(&t, " in %s", frame);
	} else if (st->state.len && strcmp(st->state.buf, "NULL") && (!st->tool.len || !st->kind.len)) {
		/* no frame: the first line of the state ("IsMarked(x) in heap.cc") */
		const char *nl = memchr(st->state.buf, '\n', st->state.len);

		strbuf_addstr(&t, ": ");
		strbuf_add(&t, st->state.buf, nl ? (size_t)(nl - st->state.buf) : st->state.len);
	}
	replace_all(st, P_STATE_ADDRESS, &t, "ADDR");
	for (size_t i = 0; i < t.len; i++)
		if ((unsigned char)t.buf[i] < 0x20 || (unsigned char)t.buf[i] >= 0x7f)
			t.buf[i] = '?';
	if (t.len > TITLE_MAX)
		strbuf_setlen(&t, TITLE_MAX);
	return strbuf_detach(&t, NULL);
}

/* The report's bytes, without '\r' and console garbage, at most REPORT_TEXT_MAX. */
static char *report_text(struct ps *st, size_t start, size_t end, size_t *len)
{
	struct strbuf text = STRBUF_INIT;

	if (end - start > REPORT_TEXT_MAX + 4096)
		end = start + REPORT_TEXT_MAX + 4096;
	add_clean(&text, st->buf + start, end - start);
	text_cap(&text, REPORT_TEXT_MAX);
	return strbuf_detach(&text, len);
}

void fill_fields(struct ps *st, struct crash_report *r, size_t start, size_t end)
{
	stack_overflow_cycle(st);
	finish_params(st);
	free(r->crash_type);
	free(r->crash_state);
	free(r->crash_address);
	r->crash_type = xstrdup(st->type.buf);
	r->crash_state = xstrdup(st->state.buf);
	r->crash_address = xstrdup(st->address.buf);
	r->security = crash_is_security(st->buf + start, end - start, st->type.buf, st->address.buf);
}

void emit(struct ps *st, struct report_list *list, size_t start, size_t end)
{
	struct crash_report *r;
	const char *frame;

	stack_overflow_cycle(st);
	finish_params(st);
	frame = st->title_frame ? st->title_frame
		: st->first_frame ? st->first_frame
		: st->raw_nr ? st->raw[0] : st->soft_frame;

	if (list->nr > st->first_item && type_is(st, "Direct-leak") &&
	    list->items[list->nr - 1].crash_type &&
	    !strcmp(list->items[list->nr - 1].crash_type, "Indirect-leak")) {
		/* an indirect leak does not matter next to a direct one */
		r = &list->items[list->nr - 1];
		start = r->start;
		crash_report_release(r);
	} else if (list->nr - st->first_item >= REPORT_MAX_CRASHES) {
		list->dropped++;	/* counted, not kept */
		return;
	} else {
		ALLOC_GROW(list->items, list->nr + 1, list->alloc);
		r = &list->items[list->nr++];
	}
	memset(r, 0, sizeof(*r));
	r->title = make_title(st, frame);
	r->type = make_type(st);
	r->frame = frame ? xstrdup(frame) : NULL;
	if (frame && frame == st->title_frame && st->title_file)
		r->guilty_file = xstrdup(st->title_file);
	/* a sanitizer report without a single usable frame was cut or garbled */
	r->corrupted = !frame && ends_with(st->tool.buf, "Sanitizer");
	r->start = start;
	r->end = end;
	r->report = report_text(st, start, end, &r->report_len);
	r->crash_type = xstrdup(st->type.buf);
	r->crash_state = xstrdup(st->state.buf);
	r->crash_address = xstrdup(st->address.buf);
	r->security = crash_is_security(st->buf + start, end - start, st->type.buf, st->address.buf);
	r->userspace = true;
}
