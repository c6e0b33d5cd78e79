// SPDX-License-Identifier: Apache-2.0
/*
 * engine.c - the bisection loop (see bisect.h). Stub: the API is in place
 * so backends can code against it; the search lands next.
 */
#include "bisect.h"

int bisect_run(const struct bisect_job *job, struct bisect_result *res)
{
	(void)job;
	(void)res;
	return error("bisect: the engine is not implemented yet");
}
