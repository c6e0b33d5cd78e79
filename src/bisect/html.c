// SPDX-License-Identifier: Apache-2.0
/*
 * html.c - the bisection as one self-contained web page (show.h): inline
 * CSS and SVG, no script, no font or image from the network, so it opens
 * from disk and as a mail attachment. Readable from phone width to 1280 px
 * and printable. Every string from the result (titles, subjects, reports,
 * names) is untrusted: it is cleaned to UTF-8 and HTML-escaped, and no link
 * is made from data.
 */
#include <stdlib.h>
#include <string.h>

#include "showint.h"
#include "../report/report.h"
#include "../util/util.h"

#ifndef CULPRIT_VERSION
#define CULPRIT_VERSION "?"
#endif

/* frames of the crash shown at most, lines of the report text inline */
#define FRAMES_SHOWN 48

static const char css[] =
	":root{--bad:#c62828;--good:#2e7d32;--skip:#8d8d8d;--other:#ef6c00;--accent:#5e35b1;"
	"--fg:#1d1d1f;--muted:#5f6368;--line:#dadce0;--card:#f6f7f9}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
	"sans-serif;color:var(--fg);background:#fff}\n"
	"main{max-width:1200px;margin:0 auto;padding:16px 20px}\n"
	"h1{font-size:1.45em;margin:.15em 0;overflow-wrap:anywhere}\n"
	"h2{font-size:1.15em;margin:1.6em 0 .5em;padding-bottom:.2em;"
	"border-bottom:1px solid var(--line)}\n"
	"h3{font-size:1em;margin:1.1em 0 .4em}\n"
	"code,pre,.mono{font-family:'DejaVu Sans Mono',ui-monospace,Menlo,Consolas,monospace;"
	"font-size:.88em}\n"
	".banner{border-left:6px solid var(--accent);background:var(--card);padding:12px 16px;"
	"border-radius:6px}\n"
	".banner.found{border-color:var(--bad)}.banner.fail{border-color:var(--skip)}\n"
	".kicker{color:var(--muted);font-size:.85em;letter-spacing:.04em;text-transform:uppercase}\n"
	".crash-title{margin:.3em 0 0;overflow-wrap:anywhere}\n"
	".hash{overflow-wrap:anywhere;font-size:1.05em}\n"
	".subject{font-size:1.2em;font-weight:600;margin:.2em 0;overflow-wrap:anywhere}\n"
	"dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:3px 18px;"
	"margin:.8em 0}\n"
	"dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}\n"
	".meter{display:inline-block;width:160px;max-width:40%;height:10px;background:#e3e3e3;"
	"border-radius:5px;vertical-align:middle;overflow:hidden;margin-right:8px}\n"
	".meter>span{display:block;height:100%;background:var(--accent)}\n"
	".flag{display:inline-block;padding:0 8px;border-radius:10px;font-size:.85em;"
	"margin:1px 4px 1px 0;border:1px solid}\n"
	".flag.warn{color:#8a4b00;border-color:#f0b37e;background:#fff4e5}\n"
	".flag.ok{color:var(--good);border-color:#a5d6a7;background:#edf7ee}\n"
	".wrap{overflow-x:auto}\n"
	"table{border-collapse:collapse;width:100%;font-size:.9em}\n"
	"th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);"
	"vertical-align:top}\n"
	"th{background:var(--card);font-weight:600;white-space:nowrap}\n"
	"td.num{text-align:right;white-space:nowrap}\n"
	"tr.culprit>td{background:#f3eefc}\n"
	"tr.notes>td{border-bottom:1px solid var(--line);color:var(--muted);font-size:.9em;"
	"padding-top:0}\n"
	".runs{display:inline-flex;flex-wrap:wrap;gap:1px;max-width:190px;vertical-align:middle;"
	"margin-right:6px}\n"
	".runs i{display:block;width:7px;height:12px;background:var(--good)}\n"
	".runs i.t{background:var(--bad)}.runs i.o{background:var(--other)}"
	".runs i.f{background:var(--skip)}\n"
	".v{font-weight:600}.v.bad{color:var(--bad)}.v.good{color:var(--good)}"
	".v.skip{color:var(--skip)}\n"
	".grp{display:inline-block;min-width:1.5em;text-align:center;border-radius:3px;color:#fff;"
	"background:#455a64;font-size:.8em;padding:0 3px;margin-left:4px}\n"
	".tag{display:inline-block;font-size:.78em;color:var(--muted);border:1px solid var(--line);"
	"border-radius:3px;padding:0 4px;margin-left:4px}\n"
	"pre{background:var(--card);border:1px solid var(--line);border-radius:4px;padding:8px 10px;"
	"overflow:auto;max-height:34em;margin:.4em 0}\n"
	"pre.trailer{max-height:none;white-space:pre-wrap;overflow-wrap:anywhere}\n"
	".chart{overflow-x:auto;border:1px solid var(--line);border-radius:4px}\n"
	".chart svg{width:100%;min-width:700px;height:auto;display:block}\n"
	".note{color:var(--muted);font-size:.9em}\n"
	"footer{color:var(--muted);font-size:.85em;margin:2.5em 0 1em;border-top:1px solid "
	"var(--line);padding-top:.6em}\n"
	"@media (max-width:700px){body{font-size:14px}main{padding:10px}"
	"dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dt{margin-top:.4em}"
	"th,td{padding:3px 4px}.narrow-hide{display:none}.runs{max-width:110px}}\n"
	"@media print{main{max-width:none;padding:0}body{font-size:10pt}"
	"pre{max-height:none;overflow:visible;white-space:pre-wrap;overflow-wrap:anywhere}"
	".chart{overflow:visible;border:0}.chart svg{min-width:0}"
	"h2,h3{break-after:avoid}tr,.banner,.chart{break-inside:avoid}"
	".runs i,.meter>span{print-color-adjust:exact;-webkit-print-color-adjust:exact}}\n";

static void el(struct strbuf *out, const char *tag, const char *cls, const char *text)
{
	strbuf_addf(out, "<%s", tag);
	if (cls)
		strbuf_addf(out, " class=\"%s\"", cls);
	strbuf_addch(out, '>');
	html_esc(out, text);
	strbuf_addf(out, "</%s>", tag);
}

static void fact(struct strbuf *out, const char *name, const char *text)
{
	if (!text || !*text)
		return;
	el(out, "dt", NULL, name);
	el(out, "dd", NULL, text);
}

static void short_hash(struct strbuf *out, const char *hash)
{
	char buf[13];

	strbuf_addstr(out, "<code title=\"");
	html_esc(out, hash);
	strbuf_addstr(out, "\">");
	html_esc(out, show_short(hash, 12, buf));
	strbuf_addstr(out, "</code>");
}

/* ------------------------------------------------------------ answer */

static void banner(const struct show_record *rec, struct strbuf *out)
{
	const json_t *res = rec->res, *crash = jobj(res, "crash"), *c = jobj(res, "culprit");
	char o[32];

	show_outcome(rec, o, sizeof(o));
	strbuf_addf(out, "<header class=\"banner %s\">\n<div class=\"kicker\">culprit &middot; "
		    "bisection of the %s</div>\n<h1>",
		    !strcmp(o, "found") ? "found" : !strcmp(o, "inconclusive") ? "open" : "fail",
		    show_is_fix(rec) ? "fix" : "cause");
	html_esc(out, show_headline(rec));
	if (c && jstr(c, "hash")) {
		char buf[13];

		strbuf_addstr(out, ": <span class=\"mono\">");
		html_esc(out, show_short(jstr(c, "hash"), 12, buf));
		strbuf_addstr(out, "</span>");
	}
	strbuf_addstr(out, "</h1>\n");
	if (jstr(crash, "title")) {
		strbuf_addstr(out, "<p class=\"crash-title\">Crash: <strong id=\"crash-title\">");
		html_esc(out, jstr(crash, "title"));
		strbuf_addstr(out, "</strong></p>\n");
	}
	if (jstr(res, "error")) {
		strbuf_addstr(out, "<p>");
		html_esc(out, jstr(res, "error"));
		strbuf_addstr(out, "</p>\n");
	}
	strbuf_addstr(out, "</header>\n");
}

/* the reliability flags: a green one, or one per reason */
static void flags(const struct show_record *rec, struct strbuf *out)
{
	const json_t *reasons = jarr(rec->res, "unreliable_reasons");

	el(out, "dt", NULL, "Reliability");
	strbuf_addstr(out, "<dd>");
	if (json_is_true(json_object_get(rec->res, "reliable")) && !jlen(reasons))
		strbuf_addstr(out, "<span class=\"flag ok\">reliable</span>");
	for (size_t i = 0; i < jlen(reasons); i++) {
		const char *r = json_string_value(json_array_get(reasons, i));
		const char *name = !r ? "?" : strstr(r, "merge") ? "merge commit" :
				   strstr(r, "signature") ? "no-op change" :
				   strstr(r, "confidence") ? "low confidence" : "unreliable";

		strbuf_addstr(out, "<span class=\"flag warn\" title=\"");
		html_esc(out, r);
		strbuf_addstr(out, "\">");
		html_esc(out, name);
		strbuf_addstr(out, "</span> ");
		html_esc(out, r);
		strbuf_addstr(out, "<br>");
	}
	strbuf_addstr(out, "</dd>\n");
}

static void confidence(const struct show_record *rec, struct strbuf *out)
{
	double c = jnum(rec->res, "confidence");

	if (c < 0 || c > 1)
		c = 0;
	el(out, "dt", NULL, "Confidence");
	strbuf_addf(out, "<dd><span class=\"meter\"><span style=\"width:%.1f%%\"></span></span>"
		    "<strong>%.4f</strong></dd>\n", 100 * c, c);
}

static void list_fact(struct strbuf *out, const char *name, const json_t *a)
{
	if (!jlen(a))
		return;
	el(out, "dt", NULL, name);
	strbuf_addstr(out, "<dd class=\"recipients\">");
	for (size_t i = 0; i < jlen(a); i++) {
		if (i)
			strbuf_addstr(out, ", ");
		html_esc(out, json_string_value(json_array_get(a, i)));
	}
	strbuf_addstr(out, "</dd>\n");
}

/* runs on the culprit and its parent, or the verification when the engine made one */
static void evidence(const struct show_record *rec, struct strbuf *out)
{
	const json_t *c = jobj(rec->res, "culprit"), *parent;
	struct strbuf sb = STRBUF_INIT;
	const char *phash;
	char buf[13];

	if (!c)
		return;
	strbuf_addstr(&sb, "culprit: ");
	show_step_runs_phrase(rec, &sb, show_find_step(rec, jstr(c, "hash"), NULL));
	parent = show_parent_step(rec, &phash);
	if (phash) {
		strbuf_addf(&sb, "; parent %s: ", show_short(phash, 12, buf));
		show_step_runs_phrase(rec, &sb, parent);
	}
	fact(out, "Runs", sb.buf);
	strbuf_release(&sb);
}

static void search_facts(const struct show_record *rec, struct strbuf *out)
{
	const json_t *res = rec->res;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s policy, %zu commit%s tested, %lld runs, ",
		    jstr(res, "policy") ? jstr(res, "policy") : "?", jlen(jarr(res, "steps")),
		    jlen(jarr(res, "steps")) == 1 ? "" : "s", (long long)jnum(res, "runs"));
	show_duration(&sb, jnum(res, "total_seconds"));
	strbuf_addstr(&sb, " (build ");
	show_duration(&sb, jnum(res, "build_seconds"));
	strbuf_addstr(&sb, ", test ");
	show_duration(&sb, jnum(res, "test_seconds"));
	strbuf_addch(&sb, ')');
	fact(out, "Search", sb.buf);
	strbuf_reset(&sb);
	if (jstr(res, "good") || jstr(res, "bad")) {
		char g[13], b[13];

		strbuf_addf(&sb, "%s %s .. %s %s", show_is_fix(rec) ? "crashes" : "good",
			    show_short(jstr(res, show_is_fix(rec) ? "bad" : "good"), 12, g),
			    show_is_fix(rec) ? "fixed" : "bad",
			    show_short(jstr(res, show_is_fix(rec) ? "good" : "bad"), 12, b));
		if (rec->have_range)
			strbuf_addf(&sb, " (%zu commits, %zu merges)", rec->range_nr,
				    rec->merges_nr);
		fact(out, "Range", sb.buf);
	}
	strbuf_release(&sb);
	fact(out, "Repository", jstr(res, "repo"));
	fact(out, "Kernel config", rec->config);
	fact(out, "Reproducer", rec->repro ? rec->repro : rec->test);
	fact(out, "Build", rec->build);
}

static void candidates(const struct show_record *rec, struct strbuf *out, const char *title)
{
	const json_t *a = jarr(rec->res, "candidates");

	if (!jlen(a))
		return;
	el(out, "h3", NULL, title);
	strbuf_addstr(out, "<div class=\"wrap\"><table class=\"candidates\"><tr><th>commit</th>"
		      "<th>subject</th><th>probability</th></tr>\n");
	for (size_t i = 0; i < jlen(a); i++) {
		const json_t *c = json_array_get(a, i);

		strbuf_addstr(out, "<tr><td>");
		short_hash(out, jstr(c, "hash"));
		strbuf_addstr(out, "</td><td>");
		html_esc(out, jstr(c, "subject"));
		strbuf_addf(out, "</td><td class=\"num\">%.4f</td></tr>\n", jnum(c, "probability"));
	}
	strbuf_addstr(out, "</table></div>\n");
}

static void verification(const struct show_record *rec, struct strbuf *out)
{
	static const char *const parts[][2] = {
		{ "culprit", "the culprit again" },
		{ "parent", "its parent(s)" },
		{ "revert", "the bad commit with the culprit reverted" },
	};
	const json_t *v = jobj(rec->res, "verification");
	const char *verdict = show_verified(v);

	if (!v)
		return;
	strbuf_addstr(out, "<h3 id=\"verification\">Verification");
	if (verdict) {
		strbuf_addf(out, " <span class=\"flag %s\">", !strcmp(verdict, "passed") ? "ok" : "warn");
		html_esc(out, verdict);
		strbuf_addstr(out, "</span>");
	}
	strbuf_addstr(out, "</h3>\n");
	if (json_is_false(json_object_get(v, "enabled"))) {
		strbuf_addstr(out, "<p class=\"note\">The culprit was not verified (--verify=no).</p>\n");
		return;
	}
	strbuf_addstr(out, "<div class=\"wrap\"><table><tr><th>check</th><th>what was tested</th>"
		      "<th>commit</th><th>result</th></tr>\n");
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		struct strbuf sb = STRBUF_INIT;
		const json_t *p = jobj(v, parts[i][0]);

		if (!p)
			continue;
		show_verify_phrase(&sb, p);
		strbuf_addstr(out, "<tr><td>");
		html_esc(out, parts[i][0]);
		strbuf_addstr(out, "</td><td>");
		html_esc(out, parts[i][1]);
		if (i == 2 && jstr(v, "revert_onto")) {
			strbuf_addstr(out, " ");
			short_hash(out, jstr(v, "revert_onto"));
		}
		strbuf_addstr(out, "</td><td>");
		if (jstr(p, "commit"))
			short_hash(out, jstr(p, "commit"));
		strbuf_addstr(out, "</td><td>");
		html_esc(out, sb.buf);
		strbuf_addstr(out, "</td></tr>\n");
		strbuf_release(&sb);
	}
	strbuf_addstr(out, "</table></div>\n");
}

static void answer(const struct show_record *rec, struct strbuf *out)
{
	const json_t *res = rec->res, *c = jobj(res, "culprit");
	const json_t *rcpt = jobj(res, "recipients");
	char date[64] = "";

	strbuf_addstr(out, "<section id=\"answer\">\n");
	if (c) {
		strbuf_addstr(out, "<div class=\"hash mono\" id=\"culprit\">");
		html_esc(out, jstr(c, "hash"));
		strbuf_addstr(out, "</div>\n");
		el(out, "div", "subject", jstr(c, "subject"));
	}
	strbuf_addstr(out, "<dl class=\"facts\">\n");
	if (c) {
		struct strbuf who = STRBUF_INIT;

		strbuf_addf(&who, "%s <%s>", jstr(c, "author") ? jstr(c, "author") : "",
			    jstr(c, "author_email") ? jstr(c, "author_email") : "");
		fact(out, "Author", who.buf);
		strbuf_release(&who);
		if (rec->culprit_date)
			snprintf(date, sizeof(date), "%s", rec->culprit_date);
		else
			show_git_date(jstr(c, "date"), date, sizeof(date));
		fact(out, "Date", date);
		confidence(rec, out);
		flags(rec, out);
		evidence(rec, out);
	}
	search_facts(rec, out);
	list_fact(out, "To", jarr(rcpt, "to"));
	list_fact(out, "Cc", jarr(rcpt, "cc"));
	strbuf_addstr(out, "</dl>\n");
	if (c && !show_is_fix(rec)) {
		char buf[13];

		strbuf_addstr(out, "<h3>Suggested trailer for the fix</h3>\n<pre class=\"trailer\">"
			      "Fixes: ");
		html_esc(out, show_short(jstr(c, "hash"), 12, buf));
		strbuf_addstr(out, " (&quot;");
		html_esc(out, jstr(c, "subject"));
		strbuf_addstr(out, "&quot;)</pre>\n");
	}
	verification(rec, out);
	candidates(rec, out, c ? "Runner-up candidates" : "Candidates");
	if (rec->show_stat) {
		strbuf_addstr(out, "<h3>The commit</h3>\n<pre class=\"stat\">");
		html_esc(out, rec->show_stat);
		strbuf_addstr(out, "</pre>\n");
	}
	strbuf_addstr(out, "</section>\n");
}

/* ------------------------------------------------------------- steps */

static void step_runs(struct strbuf *out, const json_t *step)
{
	const json_t *runs = jarr(step, "runs");
	struct strbuf sb = STRBUF_INIT;

	show_runs_phrase(&sb, step);
	strbuf_addstr(out, "<span class=\"runs\" title=\"");
	html_esc(out, sb.buf);
	strbuf_addstr(out, "\">");
	for (size_t i = 0; i < jlen(runs); i++) {
		const json_t *r = json_array_get(runs, i);
		const char *v = jstr(r, "verdict");

		strbuf_addstr(out, json_is_true(json_object_get(r, "target")) ? "<i class=t></i>" :
			      v && !strcmp(v, "crashed") ? "<i class=o></i>" :
			      v && !strcmp(v, "OK") ? "<i></i>" : "<i class=f></i>");
	}
	strbuf_addstr(out, "</span>");
	html_esc(out, sb.buf);
	strbuf_release(&sb);
}

static void step_commit(const struct show_record *rec, struct strbuf *out, const json_t *step)
{
	const char *hash = jstr(step, "commit"), *bad = jstr(rec->res, "bad");
	const char *good = jstr(rec->res, "good");

	short_hash(out, hash);
	if (jstr(step, "release"))
		el(out, "span", "tag", jstr(step, "release"));
	else if (hash && bad && !strcmp(hash, bad))
		el(out, "span", "tag", show_is_fix(rec) ? "crashing end" : "bad end");
	else if (hash && good && !strcmp(hash, good))
		el(out, "span", "tag", show_is_fix(rec) ? "fixed end" : "good end");
}

static void step_row(const struct show_record *rec, struct strbuf *out, size_t i,
		     const int *group, double *t)
{
	const json_t *step = json_array_get(jarr(rec->res, "steps"), i);
	const json_t *c = jobj(rec->res, "culprit");
	const struct show_step *ex = show_step_at(rec, i);
	const char *sig = jstr(step, "signature"), *hash = jstr(step, "commit");
	static const char *const vcls[] = { "good", "bad", "skip" };
	enum bisect_verdict v = show_step_verdict(rec, i);
	char buf[13];

	*t += jnum(step, "build_seconds") + jnum(step, "test_seconds");
	strbuf_addf(out, "<tr id=\"step-%zu\"%s><td class=\"num\">%zu</td><td>", i + 1,
		    c && hash && jstr(c, "hash") && !strcmp(hash, jstr(c, "hash")) ?
		    " class=\"culprit\"" : "", i + 1);
	step_commit(rec, out, step);
	strbuf_addstr(out, "</td><td>");
	html_esc(out, jstr(step, "subject"));
	strbuf_addstr(out, "</td><td class=\"narrow-hide\">");
	if (sig && *sig) {
		strbuf_addstr(out, "<code title=\"");
		html_esc(out, sig);
		strbuf_addstr(out, "\">");
		html_esc(out, show_short(sig, 8, buf));
		strbuf_addstr(out, "</code>");
	}
	if (group[i])
		strbuf_addf(out, "<span class=\"grp\" title=\"same artifact as the other steps "
			    "marked %c: their runs are shared\">%c</span>",
			    'A' + (group[i] - 1) % 26, 'A' + (group[i] - 1) % 26);
	strbuf_addstr(out, "</td><td class=\"num\">");
	if (show_build_failed(step)) {
		strbuf_addstr(out, "<span class=\"v skip\" title=\"");
		html_esc(out, jstr(step, "build_error"));
		strbuf_addstr(out, "\">");
		html_esc(out, jstr(step, "build"));
		strbuf_addstr(out, "</span> ");
	}
	show_duration(out, jnum(step, "build_seconds"));
	strbuf_addstr(out, "</td><td>");
	step_runs(out, step);
	strbuf_addf(out, "</td><td><span class=\"v %s\">", vcls[v % 3]);
	html_esc(out, jstr(step, "decision"));
	strbuf_addstr(out, "</span></td><td class=\"num narrow-hide\">");
	show_duration(out, *t);
	strbuf_addstr(out, "</td></tr>\n");
	if (ex && (ex->same_as || ex->notes.nr)) {
		strbuf_addstr(out, "<tr class=\"notes\"><td></td><td colspan=\"6\">");
		if (ex->same_as) {
			strbuf_addstr(out, "same artifact as ");
			short_hash(out, ex->same_as);
			strbuf_addf(out, ": its %d runs count here too. ", ex->same_count);
		}
		for (size_t k = 0; k < ex->notes.nr; k++) {
			html_esc(out, ex->notes.v[k]);
			strbuf_addstr(out, k + 1 < ex->notes.nr ? "<br>" : "");
		}
		strbuf_addstr(out, "</td></tr>\n");
	}
}

static void steps(const struct show_record *rec, struct strbuf *out)
{
	const json_t *a = jarr(rec->res, "steps");
	int groups_nr, *group;
	double t = 0;

	strbuf_addstr(out, "<section id=\"steps\">\n<h2>Tested commits</h2>\n");
	if (!jlen(a)) {
		strbuf_addstr(out, "<p class=\"note\">No commit was tested.</p>\n</section>\n");
		return;
	}
	group = show_signature_groups(rec, &groups_nr);
	strbuf_addstr(out, "<div class=\"wrap\"><table class=\"steps\"><tr><th>#</th>"
		      "<th>commit</th><th>subject</th><th class=\"narrow-hide\">signature</th>"
		      "<th>build</th><th>runs</th><th>decision</th>"
		      "<th class=\"narrow-hide\">time</th></tr>\n");
	for (size_t i = 0; i < jlen(a); i++)
		step_row(rec, out, i, group, &t);
	strbuf_addstr(out, "</table></div>\n<p class=\"note\">Runs: <span class=\"v bad\">"
		      "&#9632;</span> the crash, <span style=\"color:var(--other)\">&#9632;</span>"
		      " another crash, <span class=\"v good\">&#9632;</span> OK, <span class=\"v "
		      "skip\">&#9632;</span> could not run. Time: build and test time so far.");
	if (groups_nr)
		strbuf_addstr(out, " Letters mark commits that built to the same artifact "
			      "(same signature): they share their runs.");
	strbuf_addstr(out, "</p>\n</section>\n");
	free(group);
}

/* ------------------------------------------------------------- crash */

static void frames(struct strbuf *out, const char *report)
{
	struct report_frames f = REPORT_FRAMES_INIT;

	if (!report_frames(report, strlen(report), &f)) {
		report_frames_release(&f);
		return;
	}
	strbuf_addstr(out, "<h3>Stack</h3>\n<div class=\"wrap\"><table class=\"frames\"><tr>"
		      "<th>#</th><th>function</th><th>source</th></tr>\n");
	for (size_t i = 0; i < f.nr && i < FRAMES_SHOWN; i++) {
		strbuf_addf(out, "<tr><td class=\"num\">%zu</td><td><code>", i);
		html_esc(out, f.v[i].function);
		strbuf_addstr(out, "</code>");
		if (f.v[i].inlined)
			strbuf_addstr(out, "<span class=\"tag\">inline</span>");
		strbuf_addstr(out, "</td><td><code>");
		if (f.v[i].file) {
			html_esc(out, f.v[i].file);
			if (f.v[i].line)
				strbuf_addf(out, ":%u", f.v[i].line);
		}
		strbuf_addstr(out, "</code></td></tr>\n");
	}
	if (f.nr > FRAMES_SHOWN)
		strbuf_addf(out, "<tr><td></td><td colspan=\"2\">%zu more in the report</td></tr>\n",
			    f.nr - FRAMES_SHOWN);
	strbuf_addstr(out, "</table></div>\n");
	report_frames_release(&f);
}

static void crash(const struct show_record *rec, struct strbuf *out)
{
	const json_t *crash = jobj(rec->res, "crash"), *other = jarr(rec->res, "other_crashes");
	const char *report = jstr(crash, "report");

	if (!crash && !jlen(other))
		return;
	strbuf_addstr(out, "<section id=\"crash\">\n<h2>The crash</h2>\n");
	if (crash) {
		el(out, "h3", "crash-title", jstr(crash, "title"));
		if (report) {
			frames(out, report);
			strbuf_addstr(out, "<h3>Report</h3>\n<pre class=\"report\">");
			html_esc(out, report);
			strbuf_addstr(out, "</pre>\n");
		}
	}
	if (jlen(other)) {
		strbuf_addstr(out, "<h3>Other crashes seen on the way (not evidence)</h3>\n<ul>\n");
		for (size_t i = 0; i < jlen(other); i++)
			el(out, "li", NULL, json_string_value(json_array_get(other, i)));
		strbuf_addstr(out, "</ul>\n");
	}
	strbuf_addstr(out, "</section>\n");
}

/* -------------------------------------------------------------- page */

static void head(const struct show_record *rec, struct strbuf *out)
{
	const json_t *crash = jobj(rec->res, "crash");

	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"generator\" content=\"culprit " CULPRIT_VERSION "\">\n<title>");
	html_esc(out, show_headline(rec));
	if (jstr(crash, "title")) {
		strbuf_addstr(out, ": ");
		html_esc(out, jstr(crash, "title"));
	}
	strbuf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
}

static void footer(const struct show_record *rec, struct strbuf *out)
{
	strbuf_addstr(out, "<footer>Made by culprit " CULPRIT_VERSION);
	if (rec->origin) {
		strbuf_addstr(out, " from ");
		html_esc(out, rec->origin);
	}
	strbuf_addstr(out, ".");
	if (!rec->events)
		strbuf_addstr(out, " A JSON result holds no commit range, posterior, policy "
			      "verdicts or remarks, log, <code>git show --stat</code>, build and "
			      "reproducer names: <code>culprit show --html FILE WORKDIR</code> "
			      "shows them from the work directory.");
	strbuf_addstr(out, " This page runs no script and loads nothing.</footer>\n");
}

int bisect_html_render(const struct show_record *rec, struct strbuf *out)
{
	if (!rec || !rec->res)
		return error("no result to show");
	head(rec, out);
	banner(rec, out);
	answer(rec, out);
	html_chart(rec, out);
	steps(rec, out);
	crash(rec, out);
	if (rec->log && *rec->log) {
		strbuf_addstr(out, "<section id=\"log\">\n<h2>Bisection log</h2>\n<pre class=\"log\">");
		html_esc(out, rec->log);
		strbuf_addstr(out, "</pre>\n</section>\n");
	}
	footer(rec, out);
	strbuf_addstr(out, "</main>\n</body>\n</html>\n");
	return 0;
}
