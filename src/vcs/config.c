// SPDX-License-Identifier: Apache-2.0
/*
 * config.c - git-config syntax files through libgit2 (see config.h).
 */
#include <git2.h>

#include "config.h"
#include "../util/util.h"

struct walk {
	vcs_config_fn fn;
	void *data;
	int ret;
};

static int each_entry(const git_config_entry *e, void *payload)
{
	struct walk *w = payload;

	w->ret = w->fn(e->name, e->value, w->data);
	return w->ret ? GIT_EUSER : 0;
}

int vcs_config_read(const char *path, vcs_config_fn fn, void *data)
{
	git_config *cfg = NULL;
	struct walk w = { fn, data, 0 };
	int ret = 0;

	if (!file_exists(path))
		return error("cannot read job file '%s'", path);
	git_libgit2_init();
	if (git_config_new(&cfg) < 0 ||
	    git_config_add_file_ondisk(cfg, path, GIT_CONFIG_LEVEL_APP, NULL, 1) < 0) {
		const git_error *e = git_error_last();

		ret = error("cannot parse '%s': %s", path, e && e->message ? e->message : "?");
		goto out;
	}
	if (git_config_foreach(cfg, each_entry, &w) < 0) {
		if (w.ret)
			ret = w.ret;
		else
			ret = error("cannot read '%s'", path);
	}
out:
	git_config_free(cfg);
	git_libgit2_shutdown();
	return ret;
}
