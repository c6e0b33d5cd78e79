/* SPDX-License-Identifier: Apache-2.0 */
/*
 * internal.h - shared by the files of src/slurm/ (and its unit tests): the
 * tool runner and the parsers of squeue's and sacct's output.
 */
#ifndef CULPRIT_SLURM_INTERNAL_H
#define CULPRIT_SLURM_INTERNAL_H

#include <stdbool.h>
#include "slurm.h"
#include "util/run.h"

/* ids per squeue/sacct/scancel call, so argv stays small */
#define SLURM_IDS_PER_CALL 200

/*
 * Run a Slurm tool (c->args set) with SLURM_CONF and the timeout of s.
 * Returns 0 when it ran to an exit (inspect c->status), -1 (with an
 * error() unless s->quiet) when it is not installed, could not start or
 * timed out.
 */
int slurm_tool_run(struct slurm *s, struct child *c);
/*
 * -1, with an error() (unless s->quiet) for a tool that exited non-zero;
 * says so when the controller is down.
 */
int slurm_tool_error(struct slurm *s, const struct child *c);
/* the tool's stderr says the controller could not be reached */
bool slurm_unreachable(const struct child *c);
/* "1,2,3" as one argument */
void slurm_push_id_list(struct strvec *args, const unsigned long *ids, size_t n);

/*
 * One line of `squeue --Format=JobID:|,State:|,exit_code:|,Reason:|,Name:|`
 * ("8|FAILED|768|NonZeroExitCode|name|"; exit_code is a wait status) into
 * st. Returns 0, or -1 when the line is not of that form.
 */
int slurm_parse_squeue_line(const char *line, struct slurm_status *st);
/*
 * One line of `sacct -n -P -X -o JobID,JobName,State,ExitCode`
 * ("8|name|CANCELLED by 0|0:15"; ExitCode is "status:signal"). Returns 0,
 * or -1 when the line is not of that form (a step "8.batch", a header).
 */
int slurm_parse_sacct_line(const char *line, struct slurm_status *st);

#endif
