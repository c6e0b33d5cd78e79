// SPDX-License-Identifier: Apache-2.0
/*
 * sanitizer-parse [--all] [FILE|-]
 *
 * Prints every user-space crash report_parse_userspace() finds in FILE (or
 * stdin; with --all every crash of the whole pipeline, report_parse()), one block per crash: title, type, frame, corrupted, start/end,
 * then crash_type and crash_state with newlines shown as "\n". For tests
 * and for looking at a log by hand. Exit 0, or 2 when FILE cannot be read.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/userspace.h"
#include "util/strbuf.h"
#include "util/util.h"

static void put_escaped(const char *key, const char *s)
{
	printf("%s: ", key);
	for (; s && *s; s++)
		if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	putchar('\n');
}

int main(int argc, char **argv)
{
	struct strbuf in = STRBUF_INIT;
	struct report_list list = REPORT_LIST_INIT;
	bool all = argc > 1 && !strcmp(argv[1], "--all");
	long rc;

	if (all) {
		argc--;
		argv++;
	}
	if (argc > 1 && strcmp(argv[1], "-"))
		rc = strbuf_read_file(&in, argv[1]);
	else
		rc = strbuf_read_fd(&in, STDIN_FILENO);
	if (rc < 0) {
		fprintf(stderr, "cannot read %s\n", argc > 1 ? argv[1] : "stdin");
		return 2;
	}
	if (all)
		report_parse(in.buf, in.len, &list);
	else
		report_parse_userspace(in.buf, in.len, &list);
	for (size_t i = 0; i < list.nr; i++) {
		struct crash_report *r = &list.items[i];

		printf("title: %s\n", r->title);
		printf("type: %s\n", r->type);
		printf("frame: %s\n", r->frame ? r->frame : "");
		printf("guilty_file: %s\n", r->guilty_file ? r->guilty_file : "");
		printf("corrupted: %s\n", r->corrupted ? "Y" : "N");
		printf("start: %zu\nend: %zu\n", r->start, r->end);
		put_escaped("crash_type", r->crash_type);
		put_escaped("crash_state", r->crash_state);
		put_escaped("crash_address", r->crash_address);
		printf("security: %s\n", r->security ? "Y" : "N");
		putchar('\n');
	}
	report_list_release(&list);
	strbuf_release(&in);
	return 0;
}
