// SPDX-License-Identifier: Apache-2.0
/*
 * fuzz_report - libFuzzer target for the crash-report parser.
 *
 * Built and run by bench/fuzz.sh (clang -fsanitize=fuzzer,address,undefined).
 * Any input must parse without a crash, leak, sanitizer report or timeout,
 * and give reports whose fields hold their invariants.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_list list = REPORT_LIST_INIT;
	const char *buf = (const char *)data;
	size_t prev_start = 0;

	report_parse(buf, size, &list);
	for (size_t i = 0; i < list.nr; i++) {
		const struct crash_report *r = &list.items[i];

		if (!r->title || !r->type || !r->report || r->start > r->end || r->end > size ||
		    strlen(r->title) > 120 || r->prefix_len > r->report_len ||
		    (r->crash_type == NULL && r->report[r->report_len] != '\0'))
			abort();
		if (r->start < prev_start && r->crash_type == NULL)
			abort();	/* kernel reports come in order */
		if (!report_matches_title(r, r->title))
			abort();
		for (size_t k = 0; k < r->alt_nr; k++)
			if (!r->alt_titles[k] || !report_matches_title(r, r->alt_titles[k]))
				abort();
		if (r->crash_type == NULL)
			prev_start = r->start;
	}
	if (list.nr && !report_contains_crash(buf, size))
		abort();
	report_list_release(&list);
	return 0;
}
