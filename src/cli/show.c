// SPDX-License-Identifier: Apache-2.0
/*
 * culprit show - the web page and the mail of a bisection that already ran:
 * from its work directory (the journal replayed with the job file the
 * bisection left there: every detail, nothing built or run) or from its
 * JSON result alone (less detail: no range, posterior or log).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../bisect/bisect.h"
#include "../bisect/show.h"
#include "../maintainers/maintainers.h"
#include "../util/util.h"

static const char usage_text[] =
	"usage: culprit show [--html <file>] [--mbox <file>] [<options>] <workdir>|<result.json>\n"
	"\n"
	"  --html <file>          a self-contained web page of the bisection\n"
	"  --mbox <file>          a mail in syzbot's bisection-mail shape (mbox, one\n"
	"                         message; nothing is sent)\n"
	"  --from <addr>          the mail's sender (default: the job's report.from,\n"
	"                         else git's user.name and user.email)\n"
	"  --in-reply-to <id>     answer this Message-ID (default: the job's\n"
	"                         report.in-reply-to)\n"
	"\n"
	"A work directory (bisect --workdir, or the one in the cache) is replayed from\n"
	"its journal with the job file the bisection wrote there (" BISECT_JOB_FILE "):\n"
	"nothing is built or run. A JSON result (bisect --json) gives the answer,\n"
	"the steps and the crash, without the range, the posterior and the log.\n"
	"\n";

struct show_args {
	struct bisect_show_opts o;
	const char *input;
};

static int parse_args(int argc, const char **argv, struct show_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *f = argv[i];
		const char **dst = !strcmp(f, "--html") ? &a->o.html_path :
				   !strcmp(f, "--mbox") ? &a->o.mbox_path :
				   !strcmp(f, "--from") ? &a->o.from :
				   !strcmp(f, "--in-reply-to") ? &a->o.in_reply_to : NULL;

		if (!strcmp(f, "-h") || !strcmp(f, "--help")) {
			fputs(usage_text, stdout);
			cli_print_exit_codes(stdout);
			return 1;
		} else if (dst) {
			if (i + 1 >= argc)
				return error("%s needs a value", f);
			*dst = argv[++i];
		} else if (f[0] == '-' && f[1]) {
			return error("unknown option '%s' (see culprit show --help)", f);
		} else if (a->input) {
			return error("one work directory or result at a time (see culprit show --help)");
		} else {
			a->input = f;
		}
	}
	if (!a->input)
		return error("no work directory or result given (see culprit show --help)");
	if (!a->o.html_path && !a->o.mbox_path)
		return error("nothing to write: give --html <file> and/or --mbox <file>");
	return 0;
}

/* replay the journal of a work directory through the page and mail observer */
static int show_workdir(const struct show_args *a)
{
	struct bisect_job job = BISECT_JOB_INIT;
	struct bisect_result res = BISECT_RESULT_INIT;
	struct bisect_show show;
	char *conf = xstrfmt("%s/" BISECT_JOB_FILE, a->input);
	int ret = EXIT_USAGE;

	if (!file_exists(conf)) {
		error("%s has no job file (%s): it was not made by culprit bisect, or by an "
		      "older one; show its JSON result instead", a->input, BISECT_JOB_FILE);
		goto out;
	}
	if (bisect_job_read_file(&job, conf) < 0 || bisect_job_set(&job, "workdir", a->input) < 0)
		goto out;
	if (!job.repo || !is_directory(job.repo)) {
		error("the repository of this job (%s) is gone", job.repo ? job.repo : "none");
		goto out;
	}
	bisect_show_init(&show, &a->o);
	bisect_job_add_observer(&job, &bisect_show_ops, &show);
	job.replay = true;
	job.recipients = maintainers_bisect_recipients;
	if (bisect_run(&job, &res) < 0)
		ret = EXIT_INFRA;
	else
		ret = show.failed ? EXIT_INFRA : 0;
	bisect_show_release(&show);
out:
	free(conf);
	bisect_result_release(&res);
	bisect_job_release(&job);
	return ret;
}

static int show_result(const struct show_args *a)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&sb, a->input) < 0) {
		error("cannot read %s", a->input);
		strbuf_release(&sb);
		return EXIT_USAGE;
	}
	ret = bisect_show_json(sb.buf, a->input, &a->o) < 0 ? EXIT_USAGE : 0;
	strbuf_release(&sb);
	return ret;
}

int cmd_show(int argc, const char **argv)
{
	struct show_args a = { 0 };
	int r = parse_args(argc, argv, &a);

	if (r)
		return r > 0 ? 0 : EXIT_USAGE;
	if (is_directory(a.input))
		return show_workdir(&a);
	if (!file_exists(a.input)) {
		error("'%s' is neither a work directory nor a result file", a.input);
		return EXIT_USAGE;
	}
	return show_result(&a);
}
