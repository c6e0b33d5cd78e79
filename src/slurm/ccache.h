/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ccache.h - a compiler cache shared by the build jobs of every node, and
 * the hit rate of one build.
 *
 * ccache 4.7 (Debian 12's "4.8+really4.7.5") looks in its local cache
 * (CCACHE_DIR) first, then in its remote storage (CCACHE_REMOTE_STORAGE, a
 * space-separated list of URLs): "file:/dir" (a directory every node
 * mounts: NFS, the shared dir), "http://host[:port]/path" (any server that
 * takes GET/PUT/HEAD, e.g. nginx with WebDAV; no https), "redis://host[:port]"
 * and "redis+unix:/socket". A local miss that hits remotely is copied into
 * the local cache; a miss in both is compiled and written to both (unless
 * "|read-only" follows the URL). CCACHE_REMOTE_ONLY=true skips the local
 * cache, for nodes without a disk worth keeping. CCACHE_PREFIX=icecc runs
 * each compile that missed through icecc, which sends it to a free machine
 * of the icecream cluster (iceccd on each node, one icecc-scheduler).
 *
 * Statistics per build: ccache's counters in CCACHE_DIR are shared by every
 * build that uses that directory, so "ccache -s before and after" is wrong
 * as soon as two builds run at once. CCACHE_STATSLOG=<file> makes ccache
 * append, for each call, "# <input>" and the counters that call touched;
 * one fresh file per build gives that build's hits and misses, whoever
 * else uses the cache (`ccache --show-log-stats` prints the same file).
 */
#ifndef CULPRIT_SLURM_CCACHE_H
#define CULPRIT_SLURM_CCACHE_H

#include <stdbool.h>
#include "util/strvec.h"

struct ccache_config {
	const char *dir;	/* CCACHE_DIR, the node-local cache; NULL: as inherited */
	const char *remote;	/* CCACHE_REMOTE_STORAGE (job key executor.ccache-remote) */
	bool remote_only;	/* CCACHE_REMOTE_ONLY=true (executor.ccache-remote-only) */
	const char *prefix;	/* CCACHE_PREFIX, "icecc" for executor.icecc = true */
	const char *statslog;	/* CCACHE_STATSLOG: one fresh file per build */
};
#define CCACHE_CONFIG_INIT { .dir = NULL }

/*
 * Append to env the "NAME=value" entries that give a build job this cache
 * (for struct child's env, or a Slurm job's). Checks the remote URLs
 * (schemes ccache 4.7 has; file: paths absolute; no https) and that
 * remote_only has a remote. Returns 0, or -1 with an error().
 */
int ccache_env(const struct ccache_config *cfg, struct strvec *env);

struct ccache_stats {
	unsigned long calls;		/* ccache invocations logged */
	unsigned long hits;		/* results taken from a cache */
	unsigned long direct_hits;	/*   of which in direct mode */
	unsigned long preprocessed_hits;/*   of which in preprocessor mode */
	unsigned long misses;		/* compiled, then cached */
	unsigned long local_hits;	/* hits served by CCACHE_DIR */
	unsigned long remote_hits;	/* hits served by remote storage */
	unsigned long uncacheable;	/* links, -E, failed compiles, unsupported options */
	unsigned long errors;		/* remote storage errors and timeouts, internal errors */
};

/*
 * Read a build's CCACHE_STATSLOG file. A file that does not exist is a
 * build that called no compiler through ccache: all zeros. Returns 0, or
 * -1 with an error() when it cannot be read.
 */
int ccache_stats_read(const char *statslog, struct ccache_stats *st);

/* hits / (hits + misses), or -1 when nothing cacheable was compiled */
double ccache_hit_rate(const struct ccache_stats *st);

#endif
