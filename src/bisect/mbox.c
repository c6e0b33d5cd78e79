// SPDX-License-Identifier: Apache-2.0
/*
 * mbox.c - the bisection as a mail to send (show.h): an mbox holding one
 * message in the shape of syzbot's bisection mails (its "syzbot has
 * bisected this issue to:" template: the commit as `git log` shows it, the
 * start commit, the tree, config and reproducer, a Fixes: tag), plus what
 * syzbot's mail lacks: how sure the answer is and how that was reached, and
 * the crash report itself. The bisection log is attached (text/plain), or
 * inline when it is short. Nothing is sent.
 *
 * The sender: the opts' from, else the job's report.from, else git's
 * committer identity in the repository (GIT_COMMITTER_NAME/EMAIL, else
 * user.name/user.email). Recipients are the result's: To and Cc.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "showint.h"
#include "../util/util.h"
#include "../vcs/config.h"

#ifndef CULPRIT_VERSION
#define CULPRIT_VERSION "?"
#endif

/* the log goes inline when it is at most this long, else attached */
#define LOG_INLINE_LINES 40
#define LOG_INLINE_BYTES 4096
/* lines of the crash report in the body; a longer one is attached whole */
#define REPORT_INLINE_LINES 200

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n + (s && s[-1] != '\n');
}

static char *ident_part(const char *env, const char *repo, const char *key)
{
	const char *e = getenv(env);
	char *v = NULL;

	if (e && *e)
		return xstrdup(e);
	if (repo && vcs_repo_config_get(repo, key, &v) == 0 && v && *v)
		return v;
	free(v);
	return NULL;
}

/* "Name <addr>" of the sender */
static char *sender(const struct show_record *rec, const struct bisect_show_opts *o)
{
	const char *repo = jstr(rec->res, "repo");
	char *name, *email, *ret;

	if (o->from && *o->from)
		return xstrdup(o->from);
	if (rec->from && *rec->from)
		return xstrdup(rec->from);
	if (repo && !is_directory(repo))
		repo = NULL;
	name = ident_part("GIT_COMMITTER_NAME", repo, "user.name");
	email = ident_part("GIT_COMMITTER_EMAIL", repo, "user.email");
	if (!email && getenv("EMAIL") && *getenv("EMAIL"))
		email = xstrdup(getenv("EMAIL"));
	ret = xstrfmt("%s <%s>", name ? name : "culprit", email ? email : "culprit@localhost");
	free(name);
	free(email);
	return ret;
}

/* ---------------------------------------------------------------- body */

static const char *subject_of(const struct show_record *rec, const char *hash)
{
	const char *s = jstr(show_find_step(rec, hash, NULL), "subject");

	return s ? s : "";
}

/* the commit as `git log` shows it */
static void commit_block(const struct show_record *rec, struct strbuf *b)
{
	const json_t *c = jobj(rec->res, "culprit");
	char date[64] = "";

	if (rec->culprit_date)
		snprintf(date, sizeof(date), "%s", rec->culprit_date);
	else
		show_git_date(jstr(c, "date"), date, sizeof(date));
	strbuf_addf(b, "commit %s\nAuthor: %s <%s>\n", jstr(c, "hash"),
		    jstr(c, "author") ? jstr(c, "author") : "",
		    jstr(c, "author_email") ? jstr(c, "author_email") : "");
	if (*date)
		strbuf_addf(b, "Date:   %s\n", date);
	strbuf_addf(b, "\n    %s\n\n", jstr(c, "subject") ? jstr(c, "subject") : "");
}

/* how sure, and how that was reached */
static void evidence(const struct show_record *rec, struct strbuf *b)
{
	const json_t *res = rec->res, *c = jobj(res, "culprit"), *v = jobj(res, "verification");
	const json_t *reasons = jarr(res, "unreliable_reasons"), *parent;
	const char *phash;
	char buf[13];

	strbuf_addf(b, "bisection found the first %s commit with confidence %.4f (%s policy):\n",
		    show_is_fix(rec) ? "good (fixed)" : "bad", jnum(res, "confidence"),
		    jstr(res, "policy") ? jstr(res, "policy") : "?");
	strbuf_addf(b, "  %-16s ", "the culprit:");
	show_step_runs_phrase(rec, b, show_find_step(rec, jstr(c, "hash"), NULL));
	parent = show_parent_step(rec, &phash);
	if (phash) {
		strbuf_addf(b, "\n  %-16s %s: ", "its parent:", show_short(phash, 12, buf));
		show_step_runs_phrase(rec, b, parent);
	}
	if (v && !json_is_false(json_object_get(v, "enabled"))) {
		static const char *const parts[][2] = {
			{ "culprit", "verify culprit" }, { "parent", "verify parent" },
			{ "revert", "revert check" },
		};

		if (show_verified(v))
			strbuf_addf(b, "\n  %-16s %s", "verification:", show_verified(v));
		for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
			if (!jobj(v, parts[i][0]))
				continue;
			strbuf_addf(b, "\n  %s:%*s", parts[i][1], (int)(16 - strlen(parts[i][1])), "");
			show_verify_phrase(b, jobj(v, parts[i][0]));
		}
	} else {
		strbuf_addf(b, "\n  %-16s not done", "revert check:");
	}
	strbuf_addf(b, "\n  %zu commits tested, %lld runs in all\n\n", jlen(jarr(res, "steps")),
		    (long long)jnum(res, "runs"));
	if (jlen(reasons)) {
		strbuf_addstr(b, "The result may be wrong:\n");
		for (size_t i = 0; i < jlen(reasons); i++)
			strbuf_addf(b, "  - %s\n", json_string_value(json_array_get(reasons, i)));
		strbuf_addch(b, '\n');
	}
}

static void candidate_list(const struct show_record *rec, struct strbuf *b, bool probs)
{
	const json_t *a = jarr(rec->res, "candidates");
	char buf[13];

	for (size_t i = 0; i < jlen(a); i++) {
		const json_t *c = json_array_get(a, i);

		strbuf_addf(b, "  %s", show_short(jstr(c, "hash"), 12, buf));
		if (probs)
			strbuf_addf(b, " (%.4f)", jnum(c, "probability"));
		strbuf_addf(b, " %s\n", jstr(c, "subject") ? jstr(c, "subject") : "");
	}
	strbuf_addch(b, '\n');
}

static void answer(const struct show_record *rec, struct strbuf *b)
{
	const json_t *res = rec->res;
	char o[32];

	show_outcome(rec, o, sizeof(o));
	if (!strcmp(o, "found")) {
		strbuf_addstr(b, show_is_fix(rec) ?
			      "culprit suspects this issue was fixed by commit:\n\n" :
			      "culprit has bisected this issue to:\n\n");
		commit_block(rec, b);
		evidence(rec, b);
		if (jlen(jarr(res, "candidates"))) {
			strbuf_addstr(b, "Runner-up candidates:\n");
			candidate_list(rec, b, true);
		}
	} else if (!strcmp(o, "inconclusive")) {
		strbuf_addf(b, "Bisection is inconclusive: the %s commit could be any of:\n\n",
			    show_is_fix(rec) ? "fix" : "first bad");
		candidate_list(rec, b, !strcmp(jstr(res, "policy") ? jstr(res, "policy") : "", "bayes"));
	} else if (!strcmp(o, "no_culprit")) {
		strbuf_addstr(b, "Bisection found no culprit in this range: the crash happens at "
			      "its good end too.\n\n");
	} else if (!strcmp(o, "already")) {
		strbuf_addf(b, "Bisection is inconclusive: the issue happens on the %s tested "
			    "release.\n\n", show_is_fix(rec) ? "latest" : "oldest");
	} else {
		strbuf_addf(b, "Bisection failed: %s\n\n", jstr(res, "error") ? jstr(res, "error") :
			    show_headline(rec));
	}
}

static void facts(const struct show_record *rec, struct strbuf *b, bool log_inline)
{
	const json_t *res = rec->res;
	const char *bad = jstr(res, "bad"), *good = jstr(res, "good");
	char buf[13];

	if (bad)
		strbuf_addf(b, "start commit:   %s%s%s\n", show_short(bad, 12, buf),
			    *subject_of(rec, bad) ? " " : "", subject_of(rec, bad));
	if (good)
		strbuf_addf(b, "%s   %s%s%s\n",
			    show_is_fix(rec) ? "fixed commit:" : "good commit: ",
			    show_short(good, 12, buf), *subject_of(rec, good) ? " " : "",
			    subject_of(rec, good));
	if (jstr(res, "repo"))
		strbuf_addf(b, "git tree:       %s\n", jstr(res, "repo"));
	if (rec->config)
		strbuf_addf(b, "kernel config:  %s\n", rec->config);
	if (rec->repro)
		strbuf_addf(b, "C reproducer:   %s\n", rec->repro);
	if (rec->build)
		strbuf_addf(b, "build command:  %s\n", rec->build);
	if (rec->test)
		strbuf_addf(b, "reproducer:     %s\n", rec->test);
	if (rec->log)
		strbuf_addf(b, "bisection log:  %s\n", log_inline ? "below" : "attached (bisect.log)");
	else
		strbuf_addstr(b, "bisection log:  not available (made from a JSON result)\n");
	strbuf_addch(b, '\n');
}

static void fixes(const struct show_record *rec, struct strbuf *b)
{
	const json_t *c = jobj(rec->res, "culprit");
	char buf[13];

	if (!c || !jstr(c, "hash"))
		return;
	if (show_is_fix(rec)) {
		strbuf_addf(b, "If the result looks correct, please mark the issue as fixed "
			    "(syzbot: reply with)\n\n#syz fix: %s\n\n", jstr(c, "subject"));
		return;
	}
	strbuf_addf(b, "If the result looks correct, please add this tag to the fix:\n\n"
		    "Fixes: %s (\"%s\")\n\n", show_short(jstr(c, "hash"), 12, buf),
		    jstr(c, "subject") ? jstr(c, "subject") : "");
}

/* the crash report, cut when long (true: it is attached whole) */
static bool crash(const struct show_record *rec, struct strbuf *b)
{
	const json_t *crash = jobj(rec->res, "crash");
	const char *report = jstr(crash, "report"), *p;
	size_t lines = 0;

	if (!crash)
		return false;
	strbuf_addf(b, "The crash: %s\n\n", jstr(crash, "title") ? jstr(crash, "title") : "?");
	if (!report)
		return false;
	for (p = report; *p && lines < REPORT_INLINE_LINES; p++)
		lines += *p == '\n';
	strbuf_add(b, report, p - report);
	if (*p) {
		strbuf_addf(b, "[... %zu more lines: the whole report is attached (report.txt)]\n",
			    count_lines(p));
		return true;
	}
	if (b->len && b->buf[b->len - 1] != '\n')
		strbuf_addch(b, '\n');
	return false;
}

static void body(const struct show_record *rec, struct strbuf *b, bool log_inline,
		 bool *report_attached)
{
	answer(rec, b);
	facts(rec, b, log_inline);
	fixes(rec, b);
	*report_attached = crash(rec, b);
	if (log_inline && rec->log) {
		strbuf_addstr(b, "\nbisection log:\n\n");
		strbuf_addstr(b, rec->log);
	}
	strbuf_addstr(b, "\n-- \nWritten by culprit " CULPRIT_VERSION ". Nothing was sent.\n");
}

/* ------------------------------------------------------------- message */

/* a part's Content-Transfer-Encoding and its encoded text */
static void part(struct strbuf *out, const char *type_extra, const char *disp,
		 const char *raw)
{
	struct strbuf clean = STRBUF_INIT;
	bool qp, ascii = true;

	show_clean(&clean, raw);
	if (clean.len && clean.buf[clean.len - 1] != '\n')
		strbuf_addch(&clean, '\n');
	for (size_t i = 0; i < clean.len; i++)
		ascii &= (unsigned char)clean.buf[i] < 0x80;
	qp = mail_needs_qp(clean.buf);
	strbuf_addf(out, "Content-Type: text/plain; charset=UTF-8%s\n", type_extra);
	if (disp)
		strbuf_addf(out, "Content-Disposition: %s\n", disp);
	strbuf_addf(out, "Content-Transfer-Encoding: %s\n\n",
		    qp ? "quoted-printable" : ascii ? "7bit" : "8bit");
	if (qp)
		mail_qp(out, clean.buf);
	else
		strbuf_addbuf(out, &clean);
	strbuf_release(&clean);
}

static void message_id(struct strbuf *out, const char *from, const char *culprit)
{
	const char *at = strrchr(from, '@');
	struct strbuf dom = STRBUF_INIT;
	struct timespec ts;
	char buf[13];

	for (at = at ? at + 1 : ""; *at && *at != '>'; at++)
		if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') ||
		    (*at >= '0' && *at <= '9') || *at == '.' || *at == '-')
			strbuf_addch(&dom, *at);
	clock_gettime(CLOCK_REALTIME, &ts);
	strbuf_addf(out, "Message-ID: <culprit.%s.%lld.%09ld.%ld@%s>\n",
		    culprit ? show_short(culprit, 12, buf) : "result", (long long)ts.tv_sec,
		    ts.tv_nsec, (long)getpid(), dom.len ? dom.buf : "localhost");
	strbuf_release(&dom);
}

/*
 * In-Reply-To and References for a message id given by the job ("<id>" or
 * "id"): the first id only, printable ASCII up to '>' or a blank
 */
static void reply_headers(struct strbuf *out, const char *id)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = id;

	while (*p == ' ' || *p == '\t' || *p == '<')
		p++;
	for (; (unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f && *p != '>'; p++)
		if (*p != '<')
			strbuf_addch(&sb, *p);
	if (sb.len) {
		strbuf_addf(out, "In-Reply-To: <%s>\n", sb.buf);
		strbuf_addf(out, "References: <%s>\n", sb.buf);
	}
	strbuf_release(&sb);
}

static void headers(const struct show_record *rec, const struct bisect_show_opts *o,
		    const char *from, struct strbuf *h)
{
	const json_t *crash = jobj(rec->res, "crash"), *rcpt = jobj(rec->res, "recipients");
	const char *reply = o->in_reply_to ? o->in_reply_to : rec->in_reply_to;
	struct strvec atoms = STRVEC_INIT;
	struct strbuf subj = STRBUF_INIT;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;

	if (mail_address(&atoms, from, true) < 0) {
		warning("the sender '%s' is not a mail address; using culprit@localhost", from);
		strvec_push(&atoms, "culprit <culprit@localhost>");
	}
	strbuf_addstr(h, "From:");
	for (size_t i = 0; i < atoms.nr; i++)
		strbuf_addf(h, " %s", atoms.v[i]);
	strbuf_addch(h, '\n');
	strvec_clear(&atoms);
	mail_address_header(h, "To", jarr(rcpt, "to"));
	mail_address_header(h, "Cc", jarr(rcpt, "cc"));
	strbuf_addf(&subj, "%s[culprit] ", reply && *reply ? "Re: " : "");
	if (jstr(crash, "title"))
		strbuf_addstr(&subj, jstr(crash, "title"));
	else
		strbuf_addstr(&subj, show_headline(rec));
	mail_text_header(h, "Subject", subj.buf);
	strbuf_release(&subj);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	strbuf_addf(h, "Date: %s\n", date);
	message_id(h, from, jstr(jobj(rec->res, "culprit"), "hash"));
	if (reply && *reply)
		reply_headers(h, reply);
	strbuf_addstr(h, "MIME-Version: 1.0\nX-Mailer: culprit " CULPRIT_VERSION "\n");
}

int bisect_mbox_render(const struct show_record *rec, const struct bisect_show_opts *o,
		       struct strbuf *out)
{
	struct strbuf msg = STRBUF_INIT, b = STRBUF_INIT, addr = STRBUF_INIT;
	bool log_inline, report_attached;
	char *from, date[64], boundary[64];
	time_t now = time(NULL);
	struct tm tm;

	if (!rec || !rec->res)
		return error("no result to write a mail about");
	log_inline = !rec->log || (count_lines(rec->log) <= LOG_INLINE_LINES &&
				   strlen(rec->log) <= LOG_INLINE_BYTES);
	from = sender(rec, o);
	headers(rec, o, from, &msg);
	body(rec, &b, log_inline, &report_attached);
	if (log_inline && !report_attached) {
		part(&msg, "", NULL, b.buf);
	} else {
		snprintf(boundary, sizeof(boundary), "culprit-%08lx%08lx", (unsigned long)now,
			 (unsigned long)getpid() * 2654435761ul & 0xffffffff);
		strbuf_addf(&msg, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n"
			    "This is a multi-part message in MIME format.\n\n--%s\n", boundary, boundary);
		part(&msg, "", "inline", b.buf);
		if (!log_inline) {
			strbuf_addf(&msg, "\n--%s\n", boundary);
			part(&msg, "; name=\"bisect.log\"", "attachment; filename=\"bisect.log\"",
			     rec->log);
		}
		if (report_attached) {
			strbuf_addf(&msg, "\n--%s\n", boundary);
			part(&msg, "; name=\"report.txt\"", "attachment; filename=\"report.txt\"",
			     jstr(jobj(rec->res, "crash"), "report"));
		}
		strbuf_addf(&msg, "\n--%s--\n", boundary);
	}
	/* the mbox "From " line: the sender's address and the date, as asctime() */
	for (const char *p = strrchr(from, '<') ? strrchr(from, '<') + 1 : from; *p && *p != '>'; p++)
		if ((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f)
			strbuf_addch(&addr, *p);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm);
	strbuf_addf(out, "From %s %s\n", addr.len ? addr.buf : "culprit@localhost", date);
	mail_mboxrd(out, msg.buf);
	strbuf_addch(out, '\n');
	strbuf_release(&msg);
	strbuf_release(&b);
	strbuf_release(&addr);
	free(from);
	return 0;
}
