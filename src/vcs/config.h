/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config.h - reading files in git-config syntax with libgit2's parser
 * (job files of `culprit bisect -c job.conf`).
 *
 *	[bisect]
 *		repo = /src/prog
 *		good = v1.0
 *		good = v1.1        # repeated keys come out in file order
 *	[kernel]
 *		config = kernel.config
 *
 * vcs_config_read() calls fn(key, value, data) for every entry in file
 * order, with key lower-cased by libgit2 as "section.name" (or
 * "section.subsection.name"; subsection case is kept). A value-less
 * boolean ("[s] flag") gives value NULL. A non-zero return from fn stops
 * the walk and is returned. Returns 0, or -1 after error() when the file
 * cannot be read or parsed (the message names file and line).
 */
#ifndef CULPRIT_VCS_CONFIG_H
#define CULPRIT_VCS_CONFIG_H

typedef int (*vcs_config_fn)(const char *key, const char *value, void *data);

int vcs_config_read(const char *path, vcs_config_fn fn, void *data);

/*
 * One value of the configuration of the repository at or above `repo_path`
 * as git sees it (its .git/config, then ~/.gitconfig and the system file):
 * 0 with *out malloced, 1 when the key is not set, -1 (quiet) when the
 * repository cannot be opened.
 */
int vcs_repo_config_get(const char *repo_path, const char *key, char **out);

#endif
