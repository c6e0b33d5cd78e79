// SPDX-License-Identifier: Apache-2.0
/*
 * ussteps.c - the steps of the user-space rule table (usrules.c): what a
 * rule's data cannot say. Each runs on a line, after its rule's regex
 * matched (the match's groups still valid) or alone, and returns true to
 * end the line (ClusterFuzz's `continue`).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "usint.h"
#include "util/util.h"

/* ClusterFuzz's match_assert(): the message is the state. */
static bool assert_message(struct ps *st, int g)
{
	const char *p;
	size_t n;

	if (st_group(st, g, &p, &n) && n)
		st_set_state(st, p, n, true);
	return false;
}

bool s_assert_g1(struct ps *st, const char *line, size_t len)
{
	(void)line;
	(void)len;
	return assert_message(st, 1);
}

bool s_assert_g2(struct ps *st, const char *line, size_t len)
{
	(void)line;
	(void)len;
	return assert_message(st, 2);
}

/* culprit: glibc's assertion names its function, for the title */
bool s_assert_function(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	if (!st->soft_frame && type_is(st, "ASSERT") && st_match(st, P_ASSERT_GLIBC_FUNCTION, line, len) &&
	    st_group(st, 1, &p, &n)) {
		char *f = xstrndup(p, n);

		st->soft_frame = filter_frame(f);
		free(f);
	}
	return false;
}

/* culprit: a current Rust panic gives its message on the next line */
bool s_rust_message(struct ps *st, const char *line, size_t len)
{
	if (!st->want_message || !len)
		return false;
	st->want_message = false;
	st->events++;
	st_set_state(st, line, len, true);
	st->frame_count = 1;
	return true;
}

bool s_rust_panic(struct ps *st, const char *line, size_t len)
{
	struct strbuf f = STRBUF_INIT;

	(void)line;
	(void)len;
	st_group_to(st, 1, &f);
	fix_filename(&f);
	free(st->soft_frame);
	st->soft_frame = strbuf_detach(&f, NULL);
	st->rust = st->want_message = true;
	return true;
}

/* cdb and KASAN print addresses without "0x" */
bool s_address_0x(struct ps *st, const char *line, size_t len)
{
	struct strbuf a = STRBUF_INIT;

	(void)line;
	(void)len;
	strbuf_addf(&a, "0x%s", st->address.buf);
	strbuf_reset(&st->address);
	strbuf_addbuf(&st->address, &a);
	strbuf_release(&a);
	return false;
}

bool s_msan_tsan(struct ps *st, const char *line, size_t len)
{
	if (has(line, len, " suppressions") || has(line, len, " warnings"))
		return false;
	upd_match(st, P_MSAN_TSAN, line, len, &(struct upd){ .reset = true, .type_group = 2,
		  .type_filter = TF_CAPITALIZE, .origin = O_LINE });
	return false;
}

static void bad_cast_to(struct ps *st, int g)
{
	struct strbuf t = STRBUF_INIT;

	st_group_to(st, g, &t);
	strip_chars(&t, "'");
	strbuf_reset(&st->state);
	strbuf_addf(&st->state, "Bad-cast to %s", t.buf);
	strbuf_release(&t);
	st->bad_cast_end = false;
}

bool s_ubsan_vptr(struct ps *st, const char *line, size_t len)
{
	(void)line;
	(void)len;
	bad_cast_to(st, 4);
	return false;
}

bool s_cfi_error(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	(void)line;
	(void)len;
	bad_cast_to(st, 2);
	if (st_group(st, 4, &p, &n) && n) {
		strbuf_reset(&st->address);
		strbuf_add(&st->address, p, n);
	}
	return false;
}

/* The type a Bad-cast was cast from, on the lines after it. */
bool s_bad_cast_source(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	if (!type_is(st, "Bad-cast") || st->bad_cast_end)
		return false;
	if (st_match(st, P_UBSAN_VPTR_INVALID_DOWNCAST, line, len) ||
	    st_match(st, P_CFI_INVALID_DOWNCAST, line, len)) {
		struct strbuf t = STRBUF_INIT;

		st_group_to(st, 1, &t);
		strip_chars(&t, "'");
		strbuf_addf(&st->state, " from %s", t.buf);
		strbuf_release(&t);
		st->bad_cast_end = true;
	}
	if (st_match(st, P_UBSAN_VPTR_INVALID_VPTR, line, len) || st_match(st, P_CFI_INVALID_VPTR, line, len)) {
		strbuf_addstr(&st->state, " from invalid vptr");
		st->bad_cast_end = true;
	}
	if (st_match(st, P_CFI_FUNC_DEFINED_HERE, line, len))
		st->bad_cast_end = true;
	if (st_match(st, P_UBSAN_VPTR_INVALID_OFFSET, line, len) && st_group(st, 1, &p, &n)) {
		strbuf_addstr(&st->state, " from base class subobject at offset ");
		strbuf_add(&st->state, p, n);
		st->bad_cast_end = true;
	}
	if (st->bad_cast_end) {
		st->events++;
		strbuf_addch(&st->state, '\n');
		st->frame_count++;
	}
	return false;
}

/* A Go runtime error, a Python or JS uncaught exception: the frames follow. */
static bool found_language(struct ps *st, bool *flag)
{
	*flag = true;
	strbuf_reset(&st->state);
	st->frame_count = 0;
	return false;
}

bool s_found_golang(struct ps *st, const char *line, size_t len)
{
	(void)line;
	(void)len;
	return found_language(st, &st->found_golang);
}

bool s_found_python(struct ps *st, const char *line, size_t len)
{
	(void)line;
	(void)len;
	return found_language(st, &st->found_python);
}

bool s_ubsan_runtime_error(struct ps *st, const char *line, size_t len)
{
	struct strbuf reason = STRBUF_INIT, where = STRBUF_INIT;

	if (st->type.len || !st_match(st, P_UBSAN_RUNTIME_ERROR, line, len))
		return false;
	st->events++;
	st_reset(st);
	st_group_to(st, 2, &reason);
	/* culprit: "dir/file.c:12:3": without a stack, the file names the report */
	st_group_to(st, 1, &where);
	fix_filename(&where);
	if (where.len)
		st->soft_frame = strbuf_detach(&where, NULL);
	strbuf_release(&where);
	strbuf_reset(&st->type);
	strbuf_addstr(&st->type, "UNKNOWN");
	for (int i = P_UBSAN_DIV_ZERO; i <= P_UBSAN_ASSUMPTION; i++)
		if (st_match(st, i, reason.buf, reason.len)) {
			st_update_type(st, us_rx_type[i], strlen(us_rx_type[i]));
			break;
		}
	set_origin(st, O_TYPE, "UndefinedBehaviorSanitizer", line, len);
	strbuf_release(&reason);
	return false;
}

/* Trusty apps: every line is a trusted app crash. */
bool s_trusty(struct ps *st, const char *line, size_t len)
{
	(void)line;
	(void)len;
	if (!type_is(st, "Trusted app crash") && st_near(st, A_TRUSTY)) {
		strbuf_reset(&st->type);
		strbuf_addstr(&st->type, "Trusted app crash");
		set_origin(st, O_NONE, NULL, line, len);
		st->events++;
	}
	return false;
}

bool s_san_segv(struct ps *st, const char *line, size_t len)
{
	struct strbuf a = STRBUF_INIT;

	if (!st_match(st, P_SAN_SEGV, line, len))
		return false;
	st->events++;
	st_group_to(st, 3, &a);
	if (strstr(st->type.buf, "ASSERT")) {
		unsigned long long v = address_value(a.buf);

		for (size_t i = 0; assert_crash_addresses[i]; i++)
			if (v == assert_crash_addresses[i])
				goto out;
		if (san_signal(st))
			goto out;
	}
	st_update_type(st, "UNKNOWN", 7);
	strbuf_reset(&st->address);
	strbuf_addbuf(&st->address, &a);
	strbuf_reset(&st->state);
	st->frame_count = 0;
	set_origin(st, O_LINE, NULL, line, len);
out:
	strbuf_release(&a);
	return true;
}

bool s_unknown_crash(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	if (type_is(st, "Unknown-crash")) {
		strbuf_reset(&st->type);
		strbuf_addstr(&st->type, "UNKNOWN");
	}
	if (type_is(st, "UNKNOWN") && st_match(st, P_SAN_SEGV_CRASH_TYPE, line, len) &&
	    st_group(st, 1, &p, &n) && !(n == 7 && !memcmp(p, "UNKNOWN", 7))) {
		st->events++;
		strbuf_addch(&st->type, ' ');
		strbuf_add(&st->type, p, n);
	}
	return false;
}

bool s_access_size(struct ps *st, const char *line, size_t len)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)line;
	(void)len;
	st_group_to(st, 1, &a);
	st_group_to(st, 2, &b);
	if (strncmp(st->type.buf, "UNKNOWN", 7)) {
		for (size_t i = 0; i < a.len; i++)
			a.buf[i] = toupper((unsigned char)a.buf[i]);
		strbuf_addf(&st->type, "\n%s %s", a.buf, b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return false;
}

bool s_android_segv(struct ps *st, const char *line, size_t len)
{
	struct strbuf a = STRBUF_INIT, rest = STRBUF_INIT;

	if (!strncmp(st->type.buf, "UNKNOWN", 7) && has(line, len, "Fatal signal"))
		return false;
	if (!st_match(st, P_ANDROID_SEGV, line, len))
		return false;
	st_group_to(st, 1, &a);
	st_group_to(st, 2, &rest);
	upd_match(st, P_ANDROID_SEGV, line, len, &(struct upd){ .new_type = "UNKNOWN", .reset = true,
		  .origin = O_NONE });
	st->found_java = false;
	if (has(line, len, "SEGV_MTESERR")) {
		/* an MTE fault: "Tag-mismatch" and whatever follows the address */
		strbuf_reset(&st->type);
		strbuf_addf(&st->type, "Tag-mismatch%s", rest.buf);
	}
	if (has(line, len, "SIGSEGV")) {
		strbuf_reset(&st->address);
		if (strncmp(a.buf, "0x", 2))
			strbuf_addstr(&st->address, "0x");
		strbuf_addbuf(&st->address, &a);
	}
	if (st_match(st, P_ANDROID_PROCESS_NAME, rest.buf, rest.len)) {
		struct strbuf name = STRBUF_INIT;

		st_group_to(st, 1, &name);
		for (size_t i = 0; i < name.len; i++)
			name.buf[i] = i ? tolower((unsigned char)name.buf[i]) : toupper((unsigned char)name.buf[i]);
		strbuf_reset(&st->process_name);
		strbuf_addbuf(&st->process_name, &name);
		strbuf_release(&name);
	}
	strbuf_release(&a);
	strbuf_release(&rest);
	return false;
}

bool s_android_sigtrap(struct ps *st, const char *line, size_t len)
{
	struct strbuf a = STRBUF_INIT;

	if (!st_match(st, P_ANDROID_SIGTRAP, line, len))
		return false;
	st_group_to(st, 1, &a);
	upd_match(st, P_ANDROID_SIGTRAP, line, len, &(struct upd){ .new_type = "Trap",
		  .new_address = a.buf, .origin = O_NONE });
	strbuf_release(&a);
	return false;
}

/* "Abort message: 'file.cc:12] Check failed: x'" */
bool s_android_abort(struct ps *st, const char *line, size_t len)
{
	struct strbuf msg = STRBUF_INIT, file = STRBUF_INIT;
	char *sp;

	(void)line;
	(void)len;
	st_group_to(st, 1, &msg);
	st->found_java = true;
	sp = strchr(msg.buf, ' ');
	if (sp) {
		struct strbuf f = STRBUF_INIT;
		char *fatal;

		strbuf_add(&file, msg.buf, sp - msg.buf);
		while ((fatal = strstr(file.buf, "FATAL:"))) {
			memmove(fatal, fatal + 6, file.buf + file.len - (fatal + 6) + 1);
			file.len -= 6;
		}
		strbuf_addstr(&f, sp + 1);
		fix_check_failure(st, &f);
		fix_filename(&file);
		strbuf_reset(&st->state);
		strbuf_addf(&st->state, "%s in %s\n", f.buf, file.buf);
		strbuf_release(&f);
	} else {
		fix_check_failure(st, &msg);
		strbuf_reset(&st->state);
		strbuf_addf(&st->state, "%s\n", msg.buf);
	}
	st->frame_count = 1;
	strbuf_release(&msg);
	strbuf_release(&file);
	return false;
}

/* KASAN's access on a later line: "Write of size 8 at addr ..." */
bool s_kasan_details(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	if (strncmp(st->type.buf, "Kernel failure", 14))
		return false;
	if (st_match(st, P_KASAN_ACCESS_ADDRESS, line, len)) {
		if (!st->address.len && st_group(st, 4, &p, &n)) {
			strbuf_addstr(&st->address, "0x");
			strbuf_add(&st->address, p, n);
		}
	} else if (!st_match(st, P_KASAN_ACCESS, line, len)) {
		return false;
	}
	st->events++;
	strbuf_addch(&st->type, '\n');
	st_group(st, 1, &p, &n);
	for (size_t i = 0; i < n; i++)
		strbuf_addch(&st->type, toupper((unsigned char)p[i]));
	strbuf_addch(&st->type, ' ');
	st_group(st, 2, &p, &n);
	strbuf_add(&st->type, p, n);
	return false;
}

bool s_sanitizer_check(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	(void)line;
	(void)len;
	st_group(st, 1, &p, &n);
	st_set_state(st, p, n, true);
	st->process_died = true;
	return true;
}

/* ClusterFuzz's update_state_on_check_failure(): "<message> in <file>". */
bool s_check_failure(struct ps *st, const char *line, size_t len)
{
	struct strbuf file = STRBUF_INIT, msg = STRBUF_INIT;

	(void)line;
	(void)len;
	st_group_to(st, 1, &file);
	st_group_to(st, 2, &msg);
	fix_check_failure(st, &msg);
	fix_filename(&file);
	strbuf_reset(&st->state);
	strbuf_addf(&st->state, "%s in %s\n", msg.buf, file.buf);
	if (file.len) {
		/* culprit: names the report when no frame follows */
		free(st->soft_frame);
		st->soft_frame = strbuf_detach(&file, NULL);
	}
	strbuf_release(&file);
	strbuf_release(&msg);
	return false;
}

/* culprit: timeouts and OOMs are crashes to culprit, but not after another one */
bool s_engine_limit(struct ps *st, const char *line, size_t len)
{
	if (st->type.len)
		return false;
	if (!upd_match(st, P_LIBFUZZER_TIMEOUT, line, len, &(struct upd){ .new_type = "Timeout",
		       .reset = true, .origin = O_LINE }))
		upd_match(st, P_CENTIPEDE_TIMEOUT, line, len, &(struct upd){ .new_type = "Timeout",
			  .reset = true, .origin = O_NONE });
	if (!st->type.len)
		upd_match(st, P_OUT_OF_MEMORY, line, len, &(struct upd){ .new_type = "Out-of-memory",
			  .reset = true, .origin = O_LINE });
	return false;
}

/* "Java: java.lang.IllegalStateException" for the title. */
bool s_found_java(struct ps *st, const char *line, size_t len)
{
	st->found_java = true;
	strbuf_reset(&st->tool);
	strbuf_reset(&st->kind);
	if (st_match(st, P_JAVA_EXCEPTION_CLASS, line, len)) {
		strbuf_addstr(&st->tool, "Java");
		st_group_to(st, 1, &st->kind);
	}
	return false;
}

bool s_found_java_plain(struct ps *st, const char *line, size_t len)
{
	(void)line;
	(void)len;
	st->found_java = true;
	return false;
}

/* "# Fatal error in ../src/objects.cc": V8 and Go, the message follows */
bool s_fatal_error(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;
	char *g1, *f;

	(void)line;
	(void)len;
	st->fatal_error = true;
	st_group(st, 1, &p, &n);
	g1 = xstrndup(p, n);
	f = filter_frame(g1);
	st_set_state(st, f, strlen(f), false);
	free(f);
	free(g1);
	return false;
}

bool s_message_is_state(struct ps *st, const char *line, size_t len)
{
	const char *p;
	size_t n;

	(void)line;
	(void)len;
	st_group(st, 1, &p, &n);
	st_set_state(st, p, n, true);
	return false;
}

/* "abort: CSA_ASSERT failed: x [file.cc:12]" */
bool s_v8_abort(struct ps *st, const char *line, size_t len)
{
	struct strbuf err = STRBUF_INIT;

	(void)line;
	(void)len;
	st_group_to(st, 1, &err);
	strbuf_reset(&st->state);
	if (st_match(st, P_V8_ABORT_METADATA, err.buf, err.len)) {
		struct strbuf a = STRBUF_INIT, f = STRBUF_INIT;

		st_group_to(st, 1, &a);
		st_group_to(st, 2, &f);
		fix_filename(&f);
		strbuf_addf(&st->state, "%s\n%s", a.buf, f.buf);
		strbuf_release(&a);
		strbuf_release(&f);
	} else {
		strbuf_addbuf(&st->state, &err);
	}
	st->frame_count = MAX_STATE_FRAMES;
	strbuf_release(&err);
	return false;
}

/* The lines after "# Fatal error in": the file, then the CHECK that failed. */
bool s_fatal_error_lines(struct ps *st, const char *line, size_t len)
{
	bool cf;

	if (upd_match(st, P_FATAL_ERROR_LINE, line, len, &(struct upd){ .new_type = "Fatal error" })) {
		st_group_to(st, 1, &st->check_file);
		fix_filename(&st->check_file);
		strbuf_reset(&st->state);
		strbuf_addf(&st->state, "%s\n", st->check_file.buf);
		return true;
	}
	cf = upd_match(st, P_FATAL_ERROR_DCHECK, line, len, &(struct upd){ .new_type = "DCHECK failure",
		       .reset = true }) ||
	     upd_match(st, P_FATAL_ERROR_CHECK, line, len, &(struct upd){ .new_type = "CHECK failure",
		       .reset = true }) ||
	     upd_match(st, P_FATAL_ERROR_GENERIC, line, len, &(struct upd){ .reset = true });
	if (cf) {
		struct strbuf msg = STRBUF_INIT;

		st_group_to(st, 2, &msg);
		strip_ws(&msg);
		if (msg.len) {
			fix_check_failure(st, &msg);
			strbuf_reset(&st->state);
			if (st->check_file.len)
				strbuf_addf(&st->state, "%s in %s\n", msg.buf, st->check_file.buf);
			else
				strbuf_addf(&st->state, "%s\n", msg.buf);
			st->frame_count = 1;
		}
		strbuf_release(&msg);
	}
	if (st->check_file.len) {
		char *ns = xstrfmt("%s\n", st->check_file.buf);

		upd_match(st, P_FATAL_ERROR_UNREACHABLE, line, len, &(struct upd){ .new_state = ns,
			  .new_type = "Unreachable code", .reset = true });
		free(ns);
	} else {
		upd_match(st, P_FATAL_ERROR_UNREACHABLE, line, len, &(struct upd){
			  .new_type = "Unreachable code", .reset = true });
	}
	return false;
}

bool s_state_stop(struct ps *st, const char *line, size_t len)
{
	if (!st->state.len || !has_any(line, len, state_stop_markers))
		return false;
	st->frame_count = MAX_STATE_FRAMES;
	st->stopped = true;
	st->events++;
	return true;
}

