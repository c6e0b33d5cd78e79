// SPDX-License-Identifier: Apache-2.0
/*
 * vcs-tool: drive src/vcs/ from the shell (benchmarks, debugging, e2e tests).
 *
 *	vcs-tool dag REPO BAD [GOOD...]    commits, merges, seconds of vcs_load_dag()
 *	vcs-tool show REPO REV             what vcs_format_show_stat() prints
 *	vcs-tool tags REPO REV [PATTERN]   release tags, newest first
 *	vcs-tool checkout REPO DIR REV     move the build tree DIR to REV
 */
#include <stdio.h>
#include <string.h>

#include "util/util.h"
#include "vcs/vcs.h"

static int usage(void)
{
	fprintf(stderr, "usage: vcs-tool dag|show|tags|checkout REPO ...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct vcs_repo *r;
	int ret = 1;

	if (argc < 4)
		return usage();
	r = vcs_open(argv[2]);
	if (!r)
		return 1;
	if (!strcmp(argv[1], "dag")) {
		struct vcs_dag dag;
		double t = now_seconds();
		size_t merges = 0, edges = 0;

		if (!vcs_load_dag(r, argv[3], (const char *const *)argv + 4, argc - 4, 0, &dag)) {
			t = now_seconds() - t;
			for (size_t i = 0; i < dag.nr; i++) {
				merges += dag.is_merge[i];
				edges += dag.parents_nr[i];
			}
			printf("commits %zu merges %zu edges %zu seconds %.3f\n", dag.nr, merges,
			       edges, t);
			vcs_dag_release(&dag);
			ret = 0;
		}
	} else if (!strcmp(argv[1], "show")) {
		struct strbuf sb = STRBUF_INIT;

		if (!vcs_format_show_stat(r, argv[3], &sb)) {
			fwrite(sb.buf, 1, sb.len, stdout);
			ret = 0;
		}
		strbuf_release(&sb);
	} else if (!strcmp(argv[1], "tags")) {
		struct strvec tags = STRVEC_INIT, commits = STRVEC_INIT;

		if (!vcs_release_tags(r, argv[3], argc > 4 ? argv[4] : NULL, &tags, &commits)) {
			for (size_t i = 0; i < tags.nr; i++)
				printf("%s %s\n", tags.v[i], commits.v[i]);
			ret = 0;
		}
		strvec_clear(&tags);
		strvec_clear(&commits);
	} else if (!strcmp(argv[1], "checkout") && argc == 5) {
		ret = vcs_build_tree_checkout(r, argv[3], argv[4]) ? 1 : 0;
	} else {
		ret = usage();
	}
	vcs_close(r);
	return ret;
}
