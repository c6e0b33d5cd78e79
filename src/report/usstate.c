// SPDX-License-Identifier: Apache-2.0
/*
 * usstate.c - the user-space parser's state and its primitives: matching,
 * ClusterFuzz's update_state_on_match() and add_frame_on_match(), the
 * clean-up of CHECK messages, file names and frames.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "anchors.h"
#include "usint.h"
#include "util/util.h"

bool st_match(struct ps *st, enum pat id, const char *s, size_t n)
{
	if (!us_need_met(id, s, n))
		return false;
	if (pcre2_match(us_rx[id], (PCRE2_SPTR)s, n, 0, 0, st->md, NULL) < 0)
		return false;
	st->subj = s;
	return true;
}

/* Group `g` of the last match, or false (and "") when it did not take part. */
bool st_group(struct ps *st, int g, const char **p, size_t *n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);

	if ((uint32_t)g >= pcre2_get_ovector_count(st->md) || ov[2 * g] == PCRE2_UNSET) {
		*p = "";
		*n = 0;
		return false;
	}
	*p = st->subj + ov[2 * g];
	*n = ov[2 * g + 1] - ov[2 * g];
	return true;
}

void st_group_to(struct ps *st, int g, struct strbuf *out)
{
	const char *p;
	size_t n;

	strbuf_reset(out);
	if (st_group(st, g, &p, &n))
		strbuf_add(out, p, n);
}

bool has(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

bool has_any(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (has(s, n, *list))
			return true;
	return false;
}

bool type_is(struct ps *st, const char *t)
{
	return !strcmp(st->type.buf, t);
}

bool type_in(struct ps *st, const char *const *list)
{
	for (; *list; list++)
		if (type_is(st, *list))
			return true;
	return false;
}

/* Python's str.strip(chars) on a strbuf. */
void strip_chars(struct strbuf *sb, const char *chars)
{
	size_t b = 0, e = sb->len;

	while (b < e && strchr(chars, sb->buf[b]))
		b++;
	while (e > b && strchr(chars, sb->buf[e - 1]))
		e--;
	memmove(sb->buf, sb->buf + b, e - b);
	strbuf_setlen(sb, e - b);
}

void strip_ws(struct strbuf *sb)
{
	strip_chars(sb, " \t\n\r\v\f");
}

static void capitalize(struct strbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++)
		sb->buf[i] = i ? tolower((unsigned char)sb->buf[i]) : toupper((unsigned char)sb->buf[i]);
}

static void upper(struct strbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++)
		sb->buf[i] = toupper((unsigned char)sb->buf[i]);
}

static void replace_char(struct strbuf *sb, char from, char to)
{
	for (size_t i = 0; i < sb->len; i++)
		if (sb->buf[i] == from)
			sb->buf[i] = to;
}

/* Replace the first `from` in sb by `to` (Python's str.replace on a unique word). */
static void replace_word(struct strbuf *sb, const char *from, const char *to)
{
	char *p = strstr(sb->buf, from);
	struct strbuf o = STRBUF_INIT;

	if (!p)
		return;
	strbuf_add(&o, sb->buf, p - sb->buf);
	strbuf_addstr(&o, to);
	strbuf_addstr(&o, p + strlen(from));
	strbuf_reset(sb);
	strbuf_addbuf(sb, &o);
	strbuf_release(&o);
}

/* Remove the first match of `id` from sb. */
static void remove_match(struct ps *st, enum pat id, struct strbuf *sb)
{
	PCRE2_SIZE *ov;
	size_t b, e;

	if (pcre2_match(us_rx[id], (PCRE2_SPTR)sb->buf, sb->len, 0, 0, st->md, NULL) < 0)
		return;
	ov = pcre2_get_ovector_pointer(st->md);
	b = ov[0];
	e = ov[1];
	memmove(sb->buf + b, sb->buf + e, sb->len - e);
	strbuf_setlen(sb, sb->len - (e - b));
}

/* Higher ranked types are not overwritten by lower ranked ones. */
static int type_rank(const char *t)
{
	if (!strcmp(t, "V8 sandbox violation"))
		return 2;
	if (!strcmp(t, "Timeout"))
		return 1;
	return 0;
}

void st_update_type(struct ps *st, const char *t, size_t n)
{
	char *nt = xstrndup(t, n);

	if (type_rank(nt) >= type_rank(st->type.buf)) {
		strbuf_reset(&st->type);
		strbuf_addstr(&st->type, nt);
	}
	free(nt);
}

void st_set_state(struct ps *st, const char *s, size_t n, bool newline)
{
	strbuf_reset(&st->state);
	strbuf_add(&st->state, s, n);
	if (newline)
		strbuf_addch(&st->state, '\n');
}

/*
 * ClusterFuzz's reset: a new crash starts. Its state and address go, and
 * so does what names the title; raw frames stay (cycle detection).
 */
void st_reset(struct ps *st)
{
	strbuf_reset(&st->address);
	strbuf_reset(&st->state);
	st->frame_count = 0;
	st->stopped = false;
	free(st->title_frame);
	free(st->title_file);
	free(st->first_frame);
	free(st->soft_frame);
	st->title_frame = st->title_file = st->first_frame = st->soft_frame = NULL;
}

/* Forget the report: the next one starts from nothing. */
void st_clear(struct ps *st)
{
	strbuf_reset(&st->type);
	strbuf_reset(&st->check_file);
	strbuf_reset(&st->tool);
	strbuf_reset(&st->kind);
	strbuf_reset(&st->process_name);
	st_reset(st);
	st->process_died = st->found_java = st->bad_cast_end = false;
	st->fatal_error = st->found_golang = st->saw_frame = false;
	st->found_python = st->found_android_kernel = false;
	st->rust = st->want_message = st->python = false;
	strbuf_reset(&st->py_frames);
	for (size_t i = 0; i < st->raw_nr; i++)
		free(st->raw[i]);
	st->raw_nr = 0;
}

/* The title's "tool: kind" from the sanitizer's or libFuzzer's words on a line. */
static void set_origin_line(struct ps *st, const char *line, size_t len)
{
	static const char *const cuts[] = { " on ", " (", " at ", ": ", " for ",
					    " after ", " 0x", "; ", " of " };
	const char *p = NULL, *tool = NULL;
	size_t tl = 0;

	strbuf_reset(&st->tool);
	strbuf_reset(&st->kind);
	for (const char *s = line; (s = memmem(s, line + len - s, "Sanitizer", 9)); s += 9) {
		const char *b = s;

		while (b > line && isalpha((unsigned char)b[-1]))
			b--;
		if (s + 10 < line + len && s[9] == ':' && s[10] == ' ') {
			tool = b;
			tl = s + 9 - b;
			p = s + 11;
			break;
		}
	}
	if (!p) {
		const char *f = memmem(line, len, "libFuzzer: ", 11);

		if (!f)
			return;
		tool = "libFuzzer";
		tl = 9;
		p = f + 11;
	}
	strbuf_add(&st->tool, tool, tl);
	while (p < line + len && *p == ' ')
		p++;
	strbuf_add(&st->kind, p, line + len - p);
	for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
		char *c = memmem(st->kind.buf, st->kind.len, cuts[i], strlen(cuts[i]));

		if (c)
			strbuf_setlen(&st->kind, c - st->kind.buf);
	}
	strip_chars(&st->kind, " \t:;,.");
}

void set_origin(struct ps *st, enum origin o, const char *tool, const char *line, size_t len)
{
	switch (o) {
	case O_KEEP:
		break;
	case O_LINE:
		set_origin_line(st, line, len);
		break;
	case O_TYPE:
		strbuf_reset(&st->tool);
		strbuf_addstr(&st->tool, tool);
		strbuf_reset(&st->kind);
		for (size_t i = 0; i < st->type.len && st->type.buf[i] != '\n'; i++)
			strbuf_addch(&st->kind, tolower((unsigned char)st->type.buf[i]));
		break;
	case O_NONE:
		strbuf_reset(&st->tool);
		strbuf_reset(&st->kind);
		break;
	}
}

/* Android kernel fault status codes (ANDROID_KERNEL_STATUS_TO_STRING). */
static const char *const fsr_status[16] = {
	[0x1] = "Alignment Fault", [0x4] = "Instruction Cache Maintenance Fault",
	[0xc] = "L1 Translation", [0xe] = "L2 Translation",
	[0x5] = "Translation Fault, Section", [0x7] = "Translation Fault, Page",
	[0x3] = "Access Flag Fault, Section", [0x6] = "Access Flag Fault, Page",
	[0x9] = "Domain Fault, Section", [0xb] = "Domain Fault, Page",
	[0xd] = "Permission Fault, Section", [0xf] = "Permissions Fault, Page",
};

/*
 * "Internal error: Oops - 805" gives "805": "Kernel failure\nWRITE Translation
 * Fault, Section (2053)" (ClusterFuzz's get_fault_description_for_android_kernel()).
 */
static void android_kernel_fault(struct strbuf *t)
{
	char *end;
	unsigned long code = strtoul(t->buf, &end, 16);
	const char *status;

	if (!t->len || *end) {
		strbuf_reset(t);
		strbuf_addstr(t, "BUG");
		return;
	}
	status = fsr_status[code & 0xf] ? fsr_status[code & 0xf] : "Unknown";
	strbuf_reset(t);
	strbuf_addf(t, "Kernel failure\n%s %s (%lu)", code & 0x800 ? "WRITE" : "READ", status, code);
}

static void prepend(struct strbuf *t, const char *s)
{
	struct strbuf o = STRBUF_INIT;

	strbuf_addstr(&o, s);
	strbuf_addbuf(&o, t);
	strbuf_reset(t);
	strbuf_addbuf(t, &o);
	strbuf_release(&o);
}

/* ClusterFuzz's type filters (fix_sanitizer_crash_type() and friends). */
static void filter_type(struct strbuf *t, enum type_filter f)
{
	switch (f) {
	case TF_NONE:
		break;
	case TF_UPPER:
		upper(t);
		break;
	case TF_CAPITALIZE:
		capitalize(t);
		break;
	case TF_SANITIZER:
		replace_char(t, '_', '-');
		capitalize(t);
		replace_word(t, "Int-divide-by-zero", "Divide-by-zero");
		break;
	case TF_CDB:
		if (t->len >= 5 && !strcmp(t->buf + t->len - 5, "_AVRF"))
			strbuf_setlen(t, t->len - 5);
		replace_char(t, '_', '-');
		capitalize(t);
		replace_word(t, "Status-integer-overflow", "Integer-overflow");
		replace_word(t, "Status-integer-divide-by-zero", "Divide-by-zero");
		break;
	case TF_KASAN:
		replace_char(t, ' ', '-');
		capitalize(t);
		prepend(t, "Kernel failure\n");
		break;
	case TF_KERNEL_PANIC:
		replace_char(t, ' ', '-');
		prepend(t, "Kernel failure\n");
		break;
	case TF_ANDROID_KERNEL:
		android_kernel_fault(t);
		break;
	}
}

/* ClusterFuzz's update_state_on_match(). */
bool upd_match(struct ps *st, enum pat id, const char *line, size_t len, const struct upd *u)
{
	struct strbuf tmp = STRBUF_INIT, addr = STRBUF_INIT, stg = STRBUF_INIT;
	bool have_type = false, have_addr = false, have_state = false;
	const char *p;
	size_t n;

	if (!st_match(st, id, line, len))
		return false;
	st->events++;
	/* Copy the groups first: nothing below may run another match. */
	if (u->type_group && st_group(st, u->type_group, &p, &n)) {
		strbuf_add(&tmp, p, n);
		have_type = true;
	}
	if (u->address_group) {
		st_group_to(st, u->address_group, &addr);
		have_addr = true;
	}
	if (u->state_group) {
		st_group_to(st, u->state_group, &stg);
		have_state = true;
	}
	if (u->reset)
		st_reset(st);
	if (u->new_type)
		st_update_type(st, u->new_type, strlen(u->new_type));
	if (u->new_state)
		st_set_state(st, u->new_state, strlen(u->new_state), false);
	if (u->set_frame_count)
		st->frame_count = u->new_frame_count;
	if (u->new_address) {
		strbuf_reset(&st->address);
		strbuf_addstr(&st->address, u->new_address);
	}
	if (have_type) {
		filter_type(&tmp, u->type_filter);
		strip_ws(&tmp);
		st_update_type(st, tmp.buf, tmp.len);
	}
	if (have_addr) {
		strbuf_reset(&st->address);
		if (u->address_0x)
			strbuf_addstr(&st->address, "0x");
		strbuf_addbuf(&st->address, &addr);
		strip_ws(&st->address);
	}
	if (have_state) {
		strbuf_reset(&st->state);
		strbuf_addbuf(&st->state, &stg);
	}
	set_origin(st, u->origin, u->tool, line, len);
	strbuf_release(&tmp);
	strbuf_release(&addr);
	strbuf_release(&stg);
	return true;
}

/* ClusterFuzz's fix_check_failure_string(). */
void fix_check_failure(struct ps *st, struct strbuf *s)
{
	static const char prefix[] = "Check failed: ";

	if (!strncmp(s->buf, prefix, strlen(prefix))) {
		memmove(s->buf, s->buf + strlen(prefix), s->len - strlen(prefix));
		strbuf_setlen(s, s->len - strlen(prefix));
	}
	remove_match(st, P_FIX_FAILED_VS, s);
	remove_match(st, P_FIX_PAREN_VS, s);
	remove_match(st, P_FIX_QUOTED_VALUE, s);
	strip_chars(s, " .'\"[]");
}

/* ClusterFuzz's fix_filename_string(): the base name, without line numbers. */
void fix_filename(struct strbuf *s)
{
	char *p;

	strip_chars(s, " .'\"[]");
	p = strchr(s->buf, ':');
	if (p)
		strbuf_setlen(s, p - s->buf);
	p = strchr(s->buf, '(');
	if (p)
		strbuf_setlen(s, p - s->buf);
	replace_char(s, '\\', '/');
	p = strrchr(s->buf, '/');
	if (p) {
		size_t n = s->buf + s->len - (p + 1);

		memmove(s->buf, p + 1, n);
		strbuf_setlen(s, n);
	}
}

/* ClusterFuzz's _filter_stack_frame(). */
char *filter_frame(const char *frame)
{
	static const char *const anon[] = { "non-virtual thunk to ", "(anonymous namespace)::",
					    "`anonymous namespace'::" };
	struct strbuf sb = STRBUF_INIT, o = STRBUF_INIT;
	const char *p;
	char *bang, *sp;
	size_t n;

	strbuf_addstr(&sb, frame);
	for (size_t i = 0; i < ARRAY_SIZE(anon); i++) {
		char *q;

		while ((q = strstr(sb.buf, anon[i]))) {
			size_t l = strlen(anon[i]);

			memmove(q, q + l, sb.buf + sb.len - (q + l) + 1);
			sb.len -= l;
		}
	}
	bang = strrchr(sb.buf, '!');
	p = bang ? bang + 1 : sb.buf;
	/* the text before the first '(' or '[', when there is some */
	n = strcspn(p, "([");
	if (p[n] && n) {
		strbuf_add(&o, p, n);
		strip_ws(&o);
	} else {
		strbuf_addstr(&o, p);
		strip_ws(&o);
		sp = strchr(o.buf, ' ');
		if (sp)
			strbuf_setlen(&o, sp - o.buf);
	}
	strbuf_release(&sb);
	return strbuf_detach(&o, NULL);
}

bool title_skip(const char *frame)
{
	for (const char *const *t = title_skip_frames; *t; t++)
		if (!strcmp(frame, *t))
			return true;
	return false;
}

bool ignore_frame(struct ps *st, const char *frame)
{
	struct strbuf n = STRBUF_INIT;
	bool ret;

	if (strlen(frame) < 3)
		return true;
	strbuf_addstr(&n, frame);
	replace_char(&n, '\\', '/');
	ret = st_match(st, P_FRAME_IGNORE, n.buf, n.len) ||
	      st_match(st, P_FRAME_IGNORE_ANYWHERE, n.buf, n.len) ||
	      st_match(st, P_FRAME_IGNORE_SYMBOLIZED, n.buf, n.len);
	strbuf_release(&n);
	return ret;
}

/* The fuzz target's file names a frame better than its entry point. */
static void llvm_test_one_input_override(struct strbuf *frame, struct strbuf *file)
{
	struct strbuf o = STRBUF_INIT;
	const char *base;
	char *q;

	if (strncmp(frame->buf, "LLVMFuzzerTestOneInput", 22) || !file->len)
		return;
	replace_char(file, '\\', '/');
	base = strrchr(file->buf, '/');
	base = base ? base + 1 : file->buf;
	for (const char *s = frame->buf; (q = strstr(s, "LLVMFuzzerTestOneInput")); s = q + 22) {
		strbuf_add(&o, s, q - s);
		strbuf_addstr(&o, base);
		if (!strstr(q + 22, "LLVMFuzzerTestOneInput")) {
			strbuf_addstr(&o, q + 22);
			break;
		}
	}
	strbuf_reset(frame);
	strbuf_addbuf(frame, &o);
	strbuf_release(&o);
}

/* Function and file groups of a sanitizer frame: the frame is a bare module+offset without a function. */
static bool san_frame_parts(struct ps *st, struct strbuf *file)
{
	static const int fn_groups[] = { 7, 5, 23 }, file_groups[] = { 12, 16 },
			 modoff_groups[] = { 21, 32 };
	bool fn = false, modoff = false;
	const char *p;
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(fn_groups); i++)
		if (st_group(st, fn_groups[i], &p, &n) && n)
			fn = true;
	for (size_t i = 0; i < ARRAY_SIZE(modoff_groups); i++)
		if (st_group(st, modoff_groups[i], &p, &n) && n)
			modoff = true;
	for (size_t i = 0; i < ARRAY_SIZE(file_groups); i++)
		if (st_group(st, file_groups[i], &p, &n) && n) {
			strbuf_add(file, p, n);
			strip_ws(file);
			break;
		}
	return modoff && !fn;
}

/* A frame that passed the ignore rules goes into the state (and names the title). */
static void keep_frame(struct ps *st, const char *filtered, const char *file)
{
	if (st->raw_nr < MAX_RAW_FRAMES) {
		ALLOC_GROW(st->raw, st->raw_nr + 1, st->raw_alloc);
		st->raw[st->raw_nr++] = xstrdup(filtered);
	}
	if (st->frame_count < MAX_STATE_FRAMES) {
		strbuf_addstr(&st->state, filtered);
		strbuf_addch(&st->state, '\n');
		st->frame_count++;
		if (!st->first_frame)
			st->first_frame = xstrdup(filtered);
	}
	if (!st->title_frame && !st->stopped && !title_skip(filtered)) {
		st->title_frame = xstrdup(filtered);
		if (file && *file)
			st->title_file = xstrdup(file);
	}
}

/*
 * ClusterFuzz's add_frame_on_match(): group `g` of `id` on the line is a
 * frame; unless ignored it goes into the state. True on a match, ignored
 * or not.
 */
bool add_frame(struct ps *st, enum pat id, const char *line, size_t len, int g, enum frame_kind kind)
{
	struct strbuf frame = STRBUF_INIT, file = STRBUF_INIT;
	bool identity = kind == FK_RAW;
	char *filtered;

	if (!st_match(st, id, line, len))
		return false;
	st->saw_frame = true;
	st->events++;
	st_group_to(st, g, &frame);
	strip_ws(&frame);
	if (kind == FK_SAN)
		identity = san_frame_parts(st, &file);
	/* sanitizers prefix functions with "in " and wrap bare modules */
	if (st_match(st, P_STRIP_IN, frame.buf, frame.len) ||
	    st_match(st, P_STRIP_PARENS, frame.buf, frame.len)) {
		struct strbuf in = STRBUF_INIT;

		st_group_to(st, 1, &in);
		strbuf_reset(&frame);
		strbuf_addbuf(&frame, &in);
		strbuf_release(&in);
	}
	if (kind == FK_SAN)
		llvm_test_one_input_override(&frame, &file);
	if (kind == FK_DEMANGLE) {
		char *d = demangle_symbol(frame.buf);

		strbuf_reset(&frame);
		strbuf_addstr(&frame, d);
		free(d);
	}
	if (!frame.len || ignore_frame(st, frame.buf)) {
		if (frame.len && !st->soft_frame && !strncmp(frame.buf, "main", 4))
			st->soft_frame = filter_frame(frame.buf);
		goto out;
	}
	if (identity) {
		filtered = xstrdup(frame.buf);
	} else if (kind == FK_GOLANG) {
		const char *slash = strrchr(frame.buf, '/');

		filtered = xstrdup(slash ? slash + 1 : frame.buf);
	} else {
		filtered = filter_frame(frame.buf);
	}
	keep_frame(st, filtered, file.buf);
	free(filtered);
out:
	strbuf_release(&frame);
	strbuf_release(&file);
	return true;
}

unsigned long long address_value(const char *s)
{
	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
		s += 2;
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return 0;
	return strtoull(s, NULL, 16);
}

/* "SCARINESS: N (signal)" anywhere in the input (ClusterFuzz: SAN_SIGNAL_REGEX). */
bool san_signal(struct ps *st)
{
	if (st->san_signal < 0) {
		const char *p = st->buf, *end = st->buf + st->len;

		st->san_signal = 0;
		while ((p = memmem(p, end - p, "SCARINESS: ", 11))) {
			const char *q = p + 11;

			while (q < end && isdigit((unsigned char)*q))
				q++;
			if (q > p + 11 && (size_t)(end - q) >= 9 && !memcmp(q, " (signal)", 9)) {
				st->san_signal = 1;
				break;
			}
			p += 11;
		}
	}
	return st->san_signal;
}

/* ---- the report's neighbourhood ---- */

#define ANCHOR_WINDOW (4u << 20)	/* anchors are looked for this far */
#define TARGET_WINDOW (1u << 20)	/* a fuzzer's command line this far back */

const char *const anchor_lits[A__COUNT + 1] = {
	[A_GO] = ".go:",
	[A_KASAN] = "KASAN",
	[A_LKL] = "Linux Kernel Library Stack Trace:",
	[A_PYTHON] = ".py\", line",
	[A_JS] = "Uncaught Exception: Jazzer.js",
	[A_TRUSTY] = "Trusted App crash stacktrace",
};

void st_init(struct ps *st, const char *buf, size_t len)
{
	memset(st, 0, sizeof(*st));
	st->md = pcre2_match_data_create(40, NULL);
	if (!st->md)
		out_of_memory();
	st->buf = buf;
	st->len = len;
	st->san_signal = -1;
	strbuf_init(&st->type, 0);
	strbuf_init(&st->state, 0);
	strbuf_init(&st->address, 0);
	strbuf_init(&st->check_file, 0);
	strbuf_init(&st->process_name, 0);
	strbuf_init(&st->tool, 0);
	strbuf_init(&st->kind, 0);
	strbuf_init(&st->py_frames, 0);
	for (int i = 0; i < A__COUNT; i++)
		st->anchors[i] = (struct anchor){ anchor_lits[i], len, len };
	st->targets = (struct target_finder){ .lits = { "Command: ", ": Running " } };
}

void st_release(struct ps *st)
{
	st_clear(st);
	free(st->raw);
	free(st->targets.target);
	strbuf_release(&st->type);
	strbuf_release(&st->state);
	strbuf_release(&st->address);
	strbuf_release(&st->check_file);
	strbuf_release(&st->process_name);
	strbuf_release(&st->tool);
	strbuf_release(&st->kind);
	strbuf_release(&st->py_frames);
	pcre2_match_data_free(st->md);
}

void st_start(struct ps *st, size_t pos)
{
	st->seg_pos = pos;
	memset(st->near, -1, sizeof(st->near));
	st->is_python = false;
}

bool st_near(struct ps *st, enum anchor_id id)
{
	struct anchor *a = &st->anchors[id];
	size_t pos = st->seg_pos;

	if (st->near[id] >= 0)
		return st->near[id];
	if (st->anchor_hits) {
		/* report_parse()'s one scan found them all */
		const struct offsets *o = &st->anchor_hits[id];
		size_t k = offsets_from(o, pos);

		a->at = k < o->nr ? o->v[k] : st->len;
	} else if (pos < a->from || pos > a->at) {
		const char *p = memmem(st->buf + pos, st->len - pos, a->lit, strlen(a->lit));

		a->from = pos;
		a->at = p ? (size_t)(p - st->buf) : st->len;
	}
	st->near[id] = a->at < st->len && a->at - pos < ANCHOR_WINDOW;
	return st->near[id];
}

/*
 * The fuzz target of a command line: the last word before the first
 * libFuzzer flag ("-timeout=25"), without its directories. "Command:
 * /bin/unshare -c -n /out/fuzz_x -runs=100" names fuzz_x.
 */
static char *target_of_command(const char *p, const char *end)
{
	const char *word = NULL, *word_end = NULL, *base;

	while (p < end) {
		const char *w = p;

		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (*w == '-' && memchr(w, '=', p - w))
			break;	/* libFuzzer's flags have a value */
		if (*w != '-' && p > w) {
			word = w;
			word_end = p;
		}
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	if (!word)
		return NULL;
	for (base = word_end; base > word && base[-1] != '/' && base[-1] != '\\'; base--)
		;
	return base < word_end ? xstrndup(base, word_end - base) : NULL;
}

/* "Command: ..." (ClusterFuzz) or "/out/fuzz_x: Running 1 inputs 1 time(s) each." */
static char *target_of_line(const char *line, const char *end)
{
	const char *r = memmem(line, end - line, ": Running ", 10);

	if (end - line > 9 && !memcmp(line, "Command: ", 9))
		return target_of_command(line + 9, end);
	if (r && r > line && (line[0] == '/' || line[0] == '.'))
		return target_of_command(line, r);
	return NULL;
}

/* The last line before pos that names a fuzz target (each literal searched once). */
static void targets_before(struct target_finder *tf, const char *buf, size_t len, size_t pos)
{
	for (size_t i = 0; i < ARRAY_SIZE(tf->lits); i++) {
		size_t n = strlen(tf->lits[i]);

		while (tf->scanned[i] < pos) {
			size_t to = pos + n - 1 < len ? pos + n - 1 : len, ls, le;
			const char *p = memmem(buf + tf->scanned[i], to - tf->scanned[i], tf->lits[i], n);
			const char *nl;
			char *t;

			if (!p) {
				tf->scanned[i] = pos;
				break;
			}
			tf->scanned[i] = p - buf + 1;
			for (ls = p - buf; ls > 0 && buf[ls - 1] != '\n'; ls--)
				;
			nl = memchr(p, '\n', buf + len - p);
			le = nl ? (size_t)(nl - buf) : len;
			t = target_of_line(buf + ls, buf + le);
			if (t && (!tf->target || ls >= tf->at)) {
				free(tf->target);
				tf->target = t;
				tf->at = ls;
			} else {
				free(t);
			}
		}
	}
}

char *st_fuzz_target(struct ps *st)
{
	struct target_finder *tf = &st->targets;

	targets_before(tf, st->buf, st->len, st->seg_pos);
	if (!tf->target || st->seg_pos - tf->at > TARGET_WINDOW)
		return NULL;
	return xstrdup(tf->target);
}
