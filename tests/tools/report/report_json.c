// SPDX-License-Identifier: Apache-2.0
/*
 * report-json FILE|DIR...
 *
 * Parses every file given (every regular file of a directory given) and
 * prints each crash the way `culprit report --all --json` does, then checks
 * each JSON object: it parses, has a non-empty "report" and every field of
 * the JSON output. One process for a whole corpus (the command would compile
 * its regexes once per file). Prints "JSON files F crashes N empty E bad B"
 * and exits 1 when E or B is not 0, 2 when a file cannot be read.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/report.h"
#include "util/strbuf.h"
#include "util/util.h"

/* src/cli/report.c: what `culprit report` prints (mode 'j': JSON) */
void report_print_list(FILE *out, const struct report_list *list, int mode, bool all);

static size_t files, crashes, empty, bad;

static void check_file(const char *path)
{
	static const char *const fields[] = {
		"title", "alt_titles", "type", "frame", "guilty_file", "corrupted", "suppressed",
		"panicked", "start", "end", "report", "frames", "crash_type", "crash_state",
		"crash_address", "security", NULL,
	};
	struct strbuf in = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;
	char *out = NULL, *line, *save = NULL;
	size_t outlen = 0;
	FILE *f;

	if (strbuf_read_file(&in, path) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	files++;
	report_parse(in.buf, in.len, &list);
	f = open_memstream(&out, &outlen);
	if (!f)
		exit(2);
	report_print_list(f, &list, 'j', true);
	fclose(f);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_error_t err;
		json_t *o = json_loads(line, 0, &err), *r;

		if (!o) {
			printf("bad JSON: %s: %s\n", path, err.text);
			bad++;
			continue;
		}
		if (json_object_get(o, "more_crashes")) {
			json_decref(o);
			continue;
		}
		crashes++;
		for (size_t i = 0; fields[i]; i++)
			if (!json_object_get(o, fields[i])) {
				printf("no \"%s\": %s\n", fields[i], path);
				bad++;
			}
		r = json_object_get(o, "report");
		if (!json_is_string(r) || !json_string_length(r)) {
			printf("empty report: %s: %s\n", path, json_string_value(json_object_get(o, "title")));
			empty++;
		}
		json_decref(o);
	}
	free(out);
	report_list_release(&list);
	strbuf_release(&in);
}

static void check_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		check_file(path);
		return;
	}
	d = opendir(path);
	if (!d)
		exit(2);
	while ((e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = xstrfmt("%s/%s", path, e->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			check_file(p);
		free(p);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: report-json FILE|DIR...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		check_path(argv[i]);
	printf("JSON files %zu crashes %zu empty %zu bad %zu\n", files, crashes, empty, bad);
	return empty || bad ? 1 : 0;
}
