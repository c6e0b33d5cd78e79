// SPDX-License-Identifier: Apache-2.0
/*
 * Submitting and cancelling Slurm jobs through sbatch, scancel and squeue,
 * and the one helper every call of a Slurm tool goes through (query.c asks
 * for states through it too).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "slurm.h"
#include "internal.h"
#include "util/run.h"
#include "util/strbuf.h"
#include "util/util.h"

/* First line of a tool's stderr (or stdout), for error messages. */
static char *first_line(const struct child *c)
{
	const struct strbuf *sb = c->err.len ? &c->err : &c->out;
	const char *nl = memchr(sb->buf, '\n', sb->len);
	size_t len = nl ? (size_t)(nl - sb->buf) : sb->len;

	if (len > 300)
		len = 300;
	return xstrndup(sb->buf, len);
}

bool slurm_unreachable(const struct child *c)
{
	return strstr(c->err.buf, "Unable to contact slurm controller") ||
	       strstr(c->err.buf, "Socket timed out") ||
	       strstr(c->err.buf, "Zero Bytes were transmitted") ||
	       strstr(c->err.buf, "Communication connection failure");
}

int slurm_tool_run(struct slurm *s, struct child *c)
{
	bool quiet = s->quiet;
	const char *tool = c->args.v[0];
	char *path = find_in_path(tool);

	if (!path)
		return quiet ? -1 : error("%s is not installed (not in PATH): Slurm's command-line "
					  "tools are missing (Debian: slurm-client)", tool);
	free(path);
	if (s->conf)
		strvec_pushf(&c->env, "SLURM_CONF=%s", s->conf);
	c->timeout = s->timeout > 0 ? s->timeout : 30;
	if (child_run(c) < 0)
		return -1;	/* child_run() said why */
	if (c->timed_out)
		return quiet ? -1 : error("%s: no answer within %.0fs: is the Slurm controller "
					  "reachable?", tool, c->timeout);
	return 0;
}

int slurm_tool_error(struct slurm *s, const struct child *c)
{
	char *line, *how;
	int ret;

	if (s->quiet)
		return -1;
	line = first_line(c);
	how = child_describe(c);
	if (slurm_unreachable(c))
		ret = error("%s: the Slurm controller does not answer: %s", c->args.v[0], line);
	else
		ret = error("%s failed (%s): %s", c->args.v[0], how, line);
	free(line);
	free(how);
	return ret;
}

int slurm_check(struct slurm *s)
{
	static const char *const tools[] = { "sbatch", "squeue", "scancel", "scontrol", "sacct" };
	struct child c = CHILD_INIT;
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		char *p = find_in_path(tools[i]);

		if (!p)
			return error("%s is not installed (not in PATH): Slurm's command-line tools "
				     "are missing (Debian: slurm-client)", tools[i]);
		free(p);
	}
	strvec_pushl(&c.args, "scontrol", "ping", NULL);
	if (slurm_tool_run(s, &c) < 0) {
		ret = -1;
	} else if (!child_ok(&c) || !strstr(c.out.buf, "is UP")) {
		/* "Slurmctld(primary) at host is DOWN", or an error about the config */
		char *line = first_line(&c);

		ret = error("the Slurm controller does not answer (scontrol ping: %s)%s%s", line,
			    s->conf ? "; SLURM_CONF=" : "", s->conf ? s->conf : "");
		free(line);
	}
	child_release(&c);
	return ret;
}

static bool valid_name(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > 100 || name[0] == '.' || name[0] == '-')
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789._-") == n;
}

/*
 * sbatch expands %j, %x, ... in --output/--error; "%%" is a plain "%". A
 * backslash turns the expansion off for the whole name, so paths with one
 * are refused rather than guessed at.
 */
static int push_path_option(struct strvec *args, const char *opt, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strpbrk(path, "\\\n"))
		return error("slurm: cannot pass a path with a backslash or newline to sbatch: %s",
			     path);
	strbuf_addf(&sb, "%s=", opt);
	for (const char *p = path; *p; p++) {
		if (*p == '%')
			strbuf_addch(&sb, '%');
		strbuf_addch(&sb, *p);
	}
	strvec_push(args, sb.buf);
	strbuf_release(&sb);
	return 0;
}

static int build_sbatch_args(const struct slurm_job_spec *j, const char *script,
			     struct strvec *args)
{
	char *out = j->output ? NULL : xstrfmt("%s/%s.out", j->script_dir, j->name);
	int ret = 0;

	strvec_pushl(args, "sbatch", "--parsable", NULL);
	strvec_pushf(args, "--job-name=%s", j->name);
	strvec_pushf(args, "--chdir=%s", j->workdir ? j->workdir : j->script_dir);
	ret |= push_path_option(args, "--output", j->output ? j->output : out);
	if (j->error)
		ret |= push_path_option(args, "--error", j->error);
	if (j->partition && *j->partition)
		strvec_pushf(args, "--partition=%s", j->partition);
	if (j->account && *j->account)
		strvec_pushf(args, "--account=%s", j->account);
	if (j->time_limit > 0) {
		/* whole minutes: Slurm keeps limits in minutes and rounds up */
		unsigned long min = (unsigned long)((j->time_limit + 59.999) / 60);

		strvec_pushf(args, "--time=%lu", min ? min : 1);
	}
	strvec_push(args, j->requeue ? "--requeue" : "--no-requeue");
	for (size_t i = 0; j->extra_args && j->extra_args[i]; i++)
		strvec_push(args, j->extra_args[i]);
	strvec_push(args, script);
	for (size_t i = 0; j->argv && j->argv[i]; i++)
		strvec_push(args, j->argv[i]);
	free(out);
	return ret ? -1 : 0;
}

int slurm_submit(struct slurm *s, const struct slurm_job_spec *j, unsigned long *id)
{
	static const char wrapper[] = "#!/bin/sh\n# written by culprit: runs its arguments\n"
				      "exec \"$@\"\n";
	const char *body = j->script ? j->script : wrapper;
	struct child c = CHILD_INIT;
	char *script, *end;
	int ret = -1;

	if (!j->name || !valid_name(j->name))
		return error("slurm: job name '%s' must be 1-100 of [A-Za-z0-9._-], not starting "
			     "with '.' or '-'", j->name ? j->name : "");
	if (!j->script_dir || !is_directory(j->script_dir))
		return error("slurm: no directory '%s' for the job script",
			     j->script_dir ? j->script_dir : "");
	script = xstrfmt("%s/%s.sbatch", j->script_dir, j->name);
	if (write_file_atomic(script, body, strlen(body)) < 0)
		goto out;
	if (build_sbatch_args(j, script, &c.args) < 0)
		goto out;
	for (size_t i = 0; j->env && j->env[i]; i++) {
		if (!strchr(j->env[i], '=')) {
			error("slurm: environment entry '%s' is not NAME=value", j->env[i]);
			goto out;
		}
		strvec_push(&c.env, j->env[i]);
	}
	/*
	 * sbatch exports its environment to the job: without the leftovers'
	 * marker, which a culprit taking the work directory over after a
	 * kill -9 kills by (the jobs are the cluster's; it re-attaches to
	 * them). A batch script that unset it left its first milliseconds
	 * marked: a new owner killed a job starting then.
	 */
	c.unmarked = true;
	if (slurm_tool_run(s, &c) < 0)
		goto out;
	if (!child_ok(&c)) {
		slurm_tool_error(s, &c);
		goto out;
	}
	/* "123" or "123;cluster" */
	errno = 0;
	*id = strtoul(c.out.buf, &end, 10);
	if (errno || end == c.out.buf || *id == 0 || (*end && *end != ';' && *end != '\n')) {
		error("sbatch: cannot read a job id from '%.80s'", c.out.buf);
		goto out;
	}
	ret = 0;
out:
	child_release(&c);
	free(script);
	return ret;
}

void slurm_push_id_list(struct strvec *args, const unsigned long *ids, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%lu", i ? "," : "", ids[i]);
	strvec_push(args, sb.buf);
	strbuf_release(&sb);
}

int slurm_cancel(struct slurm *s, const unsigned long *ids, size_t n)
{
	int ret = 0;

	for (size_t done = 0; done < n; done += SLURM_IDS_PER_CALL) {
		size_t k = n - done < SLURM_IDS_PER_CALL ? n - done : SLURM_IDS_PER_CALL;
		struct child c = CHILD_INIT;

		strvec_push(&c.args, "scancel");
		for (size_t i = 0; i < k; i++)
			strvec_pushf(&c.args, "%lu", ids[done + i]);
		if (slurm_tool_run(s, &c) < 0) {
			ret = -1;
		} else if (!child_ok(&c)) {
			/*
			 * Jobs that already ended or that Slurm forgot are
			 * not errors; anything else (permission, controller) is.
			 */
			struct strbuf sb = STRBUF_INIT;
			const char *line = c.err.buf, *nl;

			for (; *line; line = nl ? nl + 1 : line + strlen(line)) {
				nl = strchr(line, '\n');
				strbuf_reset(&sb);
				strbuf_add(&sb, line, nl ? (size_t)(nl - line) : strlen(line));
				if (!sb.len || strstr(sb.buf, "already completing or completed") ||
				    strstr(sb.buf, "Invalid job id specified"))
					continue;
				ret = slurm_tool_error(s, &c);
				break;
			}
			strbuf_release(&sb);
		}
		child_release(&c);
	}
	return ret;
}

int slurm_find(struct slurm *s, const char *name, unsigned long *ids, size_t max)
{
	struct child c = CHILD_INIT;
	int found = 0;

	if (!valid_name(name))
		return error("slurm: '%s' is not a job name culprit submits", name);
	strvec_pushl(&c.args, "squeue", "--noheader", "--me", NULL);
	strvec_pushf(&c.args, "--name=%s", name);
	strvec_pushl(&c.args, "--Format=JobID:|", NULL);
	if (slurm_tool_run(s, &c) < 0 || (!child_ok(&c) && slurm_tool_error(s, &c) < 0)) {
		child_release(&c);
		return -1;
	}
	for (const char *p = c.out.buf; *p;) {
		char *end;
		unsigned long id = strtoul(p, &end, 10);

		if (end != p && *end == '|' && (size_t)found < max)
			ids[found++] = id;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	child_release(&c);
	return found;
}
