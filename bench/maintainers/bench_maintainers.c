// SPDX-License-Identifier: Apache-2.0
/*
 * bench_maintainers ROOT FILE... - for each file, load ROOT/MAINTAINERS and
 * .mailmap and answer the query (what one `culprit maintainers FILE` does,
 * minus process start-up), and print the mean time per query, split into
 * load and query, as "load_ms query_ms total_ms lines" (CPU time of the
 * process, which a shared machine disturbs less than wall time).
 */
#include <stdio.h>
#include <time.h>
#include "maintainers/maintainers.h"
#include "util/util.h"

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, const char **argv)
{
	double load = 0, query = 0;
	struct maintainers_source src = { 0 };
	size_t lines = 0;

	if (argc < 3) {
		fputs("usage: bench_maintainers ROOT FILE...\n", stderr);
		return 2;
	}
	maintainers_source_dir(&src, argv[1]);
	for (int i = 2; i < argc; i++) {
		struct maintainers_result r = MAINTAINERS_RESULT_INIT;
		double t0 = cpu_seconds(), t1, t2;
		struct maintainers *m = maintainers_load_dir(argv[1]);

		if (!m)
			return 1;
		t1 = cpu_seconds();
		maintainers_query(m, &argv[i], 1, &src, &r);
		t2 = cpu_seconds();
		lines += r.nr;
		maintainers_result_release(&r);
		maintainers_free(m);
		load += t1 - t0;
		query += t2 - t1;
	}
	printf("%.3f %.3f %.3f %zu\n", load * 1000 / (argc - 2), query * 1000 / (argc - 2),
	       (load + query) * 1000 / (argc - 2), lines);
	return 0;
}
