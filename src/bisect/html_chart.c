// SPDX-License-Identifier: Apache-2.0
/*
 * html_chart.c - the search drawn as SVG for the page (show.h): the range
 * as a line of commits, oldest on the left, merges marked above it; below,
 * one row per tested commit, in test order: the commit as a point at its
 * place in the range, coloured by its verdict, with "k/n" (runs that showed
 * the crash, runs) on the right, and behind it the posterior over the
 * range after that step as a heat strip (bayes computes one each round).
 * The range is drawn in at most SHOW_BUCKETS buckets and equal neighbouring
 * cells are one rectangle, so the size does not grow with the range.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "showint.h"
#include "../util/util.h"

/* geometry, in viewBox units (the page scales it to its width) */
#define W 1000
#define X0 168		/* the range runs from X0 ... */
#define X1 884		/* ... to X1 */
#define OUT_X (X0 - 14)	/* commits outside the range (the ends, releases) */
#define TOP 62		/* first row */
#define RH 22		/* row height */
#define LEVELS 8

static const char *const heat[LEVELS] = {
	"#eceffa", "#d5dbf4", "#b9c1ec", "#98a3e0", "#7784d2", "#5866c0", "#3d4aa6", "#252f80",
};

static const char *verdict_colour(enum bisect_verdict v)
{
	return v == BISECT_VERDICT_BAD ? "#c62828" : v == BISECT_VERDICT_GOOD ? "#2e7d32" : "#8d8d8d";
}

/* x of the centre of the bucket holding pos */
static double pos_x(const struct show_record *rec, long pos)
{
	size_t b;

	if (pos < 0)
		return OUT_X;
	b = (size_t)pos * rec->buckets / rec->range_nr;
	return X0 + (b + 0.5) * (double)(X1 - X0) / (double)rec->buckets;
}

static double bucket_x(const struct show_record *rec, size_t b)
{
	return X0 + b * (double)(X1 - X0) / (double)rec->buckets;
}

/* heat level of a bucket's mass: -1 under 1e-4, else 0..LEVELS-1 on a log scale */
static int level(float m)
{
	double l;

	if (!(m >= 1e-4f))
		return -1;
	l = (log10((double)m) + 4) / 4 * LEVELS;
	return l >= LEVELS ? LEVELS - 1 : l < 0 ? 0 : (int)l;
}

static void axis(const struct show_record *rec, struct strbuf *out, bool fix)
{
	double bw = (double)(X1 - X0) / (double)rec->buckets;

	strbuf_addf(out, "<text x=\"%d\" y=\"16\" text-anchor=\"middle\" class=\"h\">%zu commit%s "
		    "in the range, %zu merge%s; oldest on the left</text>\n", (X0 + X1) / 2,
		    rec->range_nr, rec->range_nr == 1 ? "" : "s", rec->merges_nr,
		    rec->merges_nr == 1 ? "" : "s");
	strbuf_addf(out, "<text x=\"%d\" y=\"44\" text-anchor=\"end\">%s</text>\n", OUT_X - 8,
		    fix ? "crashing end" : "good end");
	strbuf_addf(out, "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"40\" stroke=\"#9aa0a6\" "
		    "stroke-width=\"3\"/>\n", X0, X1);
	strbuf_addf(out, "<text x=\"%d\" y=\"44\">%s</text>\n", X1 + 6, fix ? "fixed end" : "bad end");
	if (rec->range_nr <= 150)	/* few commits: each one a tick */
		for (size_t b = 0; b < rec->buckets; b++)
			strbuf_addf(out, "<rect x=\"%.1f\" y=\"36\" width=\"1\" height=\"8\" "
				    "fill=\"#5f6368\"/>\n", bucket_x(rec, b) + bw / 2 - 0.5);
	for (size_t b = 0; b < rec->buckets; b++) {
		if (!rec->bucket_merges[b])
			continue;
		strbuf_addf(out, "<path d=\"M%.1f 33l-3.5-7h7z\" fill=\"#5e35b1\"><title>%u "
			    "merge%s</title></path>\n", bucket_x(rec, b) + bw / 2,
			    rec->bucket_merges[b], rec->bucket_merges[b] == 1 ? "" : "s");
	}
}

/* the posterior after `row` + 1 steps, or NULL */
static const struct show_strip *strip_of(const struct show_record *rec, size_t row, size_t rows)
{
	const struct show_strip *found = NULL;

	for (size_t i = 0; i < rec->strips_nr; i++) {
		size_t r = rec->strips[i].after ? rec->strips[i].after - 1 : 0;

		if (r >= rows)
			r = rows - 1;
		if (r == row)
			found = &rec->strips[i];
	}
	return found;
}

static void heat_row(const struct show_record *rec, struct strbuf *out,
		     const struct show_strip *s, int y)
{
	for (size_t b = 0; b < rec->buckets;) {
		int lv = level(s->mass[b]);
		size_t e = b + 1;

		while (e < rec->buckets && level(s->mass[e]) == lv)
			e++;
		if (lv >= 0)
			strbuf_addf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" "
				    "fill=\"%s\"/>\n", bucket_x(rec, b), y + 3,
				    bucket_x(rec, e) - bucket_x(rec, b), heat[lv]);
		b = e;
	}
}

static void row_label(struct strbuf *out, const json_t *step, size_t i, int y)
{
	char buf[13];

	strbuf_addf(out, "<text x=\"4\" y=\"%d\" class=\"m\">%zu ", y + 15, i + 1);
	html_esc(out, show_short(jstr(step, "commit"), 10, buf));
	if (jstr(step, "release")) {
		strbuf_addch(out, ' ');
		html_esc(out, jstr(step, "release"));
	}
	strbuf_addstr(out, "</text>\n");
}

static void point(const struct show_record *rec, struct strbuf *out, const json_t *step,
		  size_t i, double x, int y)
{
	enum bisect_verdict v = show_step_verdict(rec, i);
	struct strbuf sb = STRBUF_INIT;
	struct show_runs r;
	char buf[13];

	show_step_runs(show_runs_holder(rec, step), &r);
	strbuf_addf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%s\" stroke=\"#fff\" "
		    "stroke-width=\"1.5\"><title>", x, y + 11, verdict_colour(v));
	strbuf_addf(&sb, "step %zu: %s %s: %s; ", i + 1,
		    show_short(jstr(step, "commit"), 12, buf),
		    jstr(step, "subject") ? jstr(step, "subject") : "",
		    jstr(step, "decision") ? jstr(step, "decision") : "?");
	show_step_runs_phrase(rec, &sb, step);
	html_esc(out, sb.buf);
	strbuf_addstr(out, "</title></circle>\n");
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%d/%d</text>\n", X1 + 8, y + 15,
		    verdict_colour(v), r.target, r.n);
	strbuf_release(&sb);
}

static void legend(struct strbuf *out, int y, bool have_heat)
{
	static const char *const what[] = { "crashes", "no crash", "skipped" };
	static const enum bisect_verdict v[] = { BISECT_VERDICT_BAD, BISECT_VERDICT_GOOD,
						 BISECT_VERDICT_SKIP };
	int x = X0;

	for (size_t i = 0; i < 3; i++, x += 110)
		strbuf_addf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/><text x=\"%d\" "
			    "y=\"%d\">%s</text>\n", x, y, verdict_colour(v[i]), x + 10, y + 4,
			    what[i]);
	if (!have_heat)
		return;
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\">posterior per bucket: 10&#8315;&#8308;</text>\n",
		    x, y + 4);
	x += 190;
	for (int i = 0; i < LEVELS; i++)
		strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\"/>\n",
			    x + 14 * i, y - 6, heat[i]);
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\">1</text>\n", x + 14 * LEVELS + 4, y + 4);
}

static void no_chart(const struct show_record *rec, struct strbuf *out)
{
	strbuf_addstr(out, "<p class=\"note\">");
	if (!rec->events)
		strbuf_addstr(out, "A JSON result holds no commit range or posterior: run "
			      "<code>culprit show --html FILE WORKDIR</code> on the work directory "
			      "for the chart of the search.");
	else
		strbuf_addstr(out, "The search did not start (no range of commits to draw).");
	strbuf_addstr(out, "</p>\n");
}

void html_chart(const struct show_record *rec, struct strbuf *out)
{
	const json_t *steps = jarr(rec->res, "steps"), *c = jobj(rec->res, "culprit");
	size_t rows = jlen(steps);
	int height = TOP + (int)rows * RH + 40;
	struct strbuf path = STRBUF_INIT;
	long cpos;

	strbuf_addstr(out, "<section id=\"search\">\n<h2>The search</h2>\n");
	if (!rec->have_range || !rows) {
		no_chart(rec, out);
		strbuf_addstr(out, "</section>\n");
		return;
	}
	strbuf_addf(out, "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"chart-title\" "
		    "font-family=\"'DejaVu Sans',sans-serif\" font-size=\"11\" fill=\"#3c4043\">\n"
		    "<title id=\"chart-title\">The range of commits and where each tested commit "
		    "lies in it</title>\n<style>.m{font-family:'DejaVu Sans Mono',monospace}"
		    ".h{font-weight:bold}</style>\n", W, height);
	axis(rec, out, show_is_fix(rec));
	cpos = show_position(rec, jstr(c, "hash"));
	for (size_t i = 0; i < rows; i++) {
		const json_t *step = json_array_get(steps, i);
		const struct show_strip *s = strip_of(rec, i, rows);
		const struct show_step *ex = show_step_at(rec, i);
		long pos = ex ? ex->pos : SHOW_POS_UNKNOWN;
		int y = TOP + (int)i * RH;

		if (i % 2)
			strbuf_addf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
				    "fill=\"#fafafa\"/>\n", y, W, RH);
		strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#f1f3f4\"/>\n",
			    X0, y + 3, X1 - X0);
		if (s)
			heat_row(rec, out, s, y);
		row_label(out, step, i, y);
		if (pos == SHOW_POS_UNKNOWN)
			continue;
		strbuf_addf(&path, "%s%.1f %d", path.len ? " " : "", pos_x(rec, pos), y + 11);
	}
	if (cpos >= 0)
		strbuf_addf(out, "<line x1=\"%.1f\" y1=\"28\" x2=\"%.1f\" y2=\"%d\" stroke=\"#5e35b1\" "
			    "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n<text x=\"%.1f\" "
			    "y=\"%d\" text-anchor=\"middle\" fill=\"#5e35b1\" class=\"h\">culprit"
			    "</text>\n", pos_x(rec, cpos), pos_x(rec, cpos), height - 30,
			    pos_x(rec, cpos), height - 20);
	if (path.len)
		strbuf_addf(out, "<polyline points=\"%s\" fill=\"none\" stroke=\"#9aa0a6\" "
			    "stroke-width=\"1\"/>\n", path.buf);
	for (size_t i = 0; i < rows; i++) {
		const struct show_step *ex = show_step_at(rec, i);

		if (ex && ex->pos != SHOW_POS_UNKNOWN)
			point(rec, out, json_array_get(steps, i), i, pos_x(rec, ex->pos),
			      TOP + (int)i * RH);
	}
	legend(out, height - 8, rec->strips_nr > 0);
	strbuf_addstr(out, "</svg></div>\n<p class=\"note\">One row per tested commit, in the "
		      "order they were tested: its place in the range (left of the line: outside "
		      "it) and k/n, the runs that showed the crash of all its runs.");
	if (rec->strips_nr)
		strbuf_addstr(out, " Behind each row, the probability that each part of the range "
			      "holds the culprit, after that step.");
	if (rec->buckets < rec->range_nr)
		strbuf_addf(out, " The range is drawn in %zu buckets of about %zu commits.",
			    rec->buckets, (rec->range_nr + rec->buckets - 1) / rec->buckets);
	strbuf_addstr(out, "</p>\n</section>\n");
	strbuf_release(&path);
}
