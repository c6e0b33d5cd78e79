// SPDX-License-Identifier: Apache-2.0
/*
 * repo_config.c - one value of a repository's git configuration, as git
 * reads it (the repository's, the user's and the system's files), through
 * libgit2 (see config.h).
 */
#include <git2.h>

#include "config.h"
#include "../util/util.h"

int vcs_repo_config_get(const char *repo_path, const char *key, char **out)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	int ret = 1;

	*out = NULL;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, repo_path, 0, NULL) < 0 ||
	    git_repository_config_snapshot(&cfg, repo) < 0) {
		ret = -1;
		goto out;
	}
	if (git_config_get_string_buf(&buf, cfg, key) == 0) {
		*out = xstrdup(buf.ptr ? buf.ptr : "");
		ret = 0;
	}
out:
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}
