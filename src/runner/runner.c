// SPDX-License-Identifier: Apache-2.0
/* The parts of runner.h every runner shares: releasing and describing results. */
#include "runner.h"

#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

void run_result_release(struct run_result *r)
{
	free(r->title);
	report_list_release(&r->crashes);
	free(r->reason);
	free(r->log_path);
	free(r->note);
	memset(r, 0, sizeof(*r));
}

char *run_verdict_describe(const struct run_result *r)
{
	const char *why = r->reason ? r->reason : "unknown";

	switch (r->verdict) {
	case RUN_OK:
		return xstrdup("OK");
	case RUN_CRASHED:
		return xstrfmt("crashed: %s", r->title ? r->title : "unknown");
	case RUN_BOOT_FAILED:
		return xstrfmt("boot failed: %s", why);
	case RUN_TEST_FAILED:
		return xstrfmt("basic kernel testing failed: %s", why);
	case RUN_INFRA:
		return xstrfmt("infra problem: %s", why);
	case RUN_TIMED_OUT:
		return xstrdup("timed out");
	}
	BUG("unknown run verdict %d", (int)r->verdict);
}
