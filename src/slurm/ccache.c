// SPDX-License-Identifier: Apache-2.0
/*
 * The environment of a build job that uses a shared ccache, and the counters
 * of one build read back from its stats log.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "ccache.h"
#include "util/strbuf.h"
#include "util/util.h"

/* one URL of CCACHE_REMOTE_STORAGE, without its "|attr=value" tail */
static int check_url(const char *url, size_t len)
{
	static const char *const schemes[] = { "file:", "http://", "redis://", "redis+unix:" };
	char *u = xstrndup(url, len);
	const char *rest = NULL;
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(schemes) && !rest; i++)
		skip_prefix(u, schemes[i], &rest);
	if (starts_with(u, "https://"))
		ret = error("ccache remote storage '%s': ccache 4.7 has no https; use http:// "
			    "or a file: directory", u);
	else if (!rest)
		ret = error("ccache remote storage '%s': not a file:, http://, redis:// or "
			    "redis+unix: URL", u);
	else if (starts_with(u, "file:") && rest[0] != '/')
		ret = error("ccache remote storage '%s': the directory must be absolute "
			    "(file:/shared/ccache)", u);
	else if (!*rest)
		ret = error("ccache remote storage '%s': nothing after the scheme", u);
	free(u);
	return ret;
}

int ccache_env(const struct ccache_config *cfg, struct strvec *env)
{
	bool remote = false;

	if (cfg->remote) {
		for (const char *p = cfg->remote; *p;) {
			size_t len = strcspn(p, " \t");

			if (len) {
				if (check_url(p, strcspn(p, " \t|")) < 0)
					return -1;
				remote = true;
			}
			p += len;
			p += strspn(p, " \t");
		}
	}
	if (cfg->remote_only && !remote)
		return error("ccache: remote-only needs a remote storage URL");
	if (cfg->prefix && (!*cfg->prefix || strchr(cfg->prefix, '=')))
		return error("ccache: bad prefix command '%s'", cfg->prefix);
	if (cfg->dir)
		strvec_pushf(env, "CCACHE_DIR=%s", cfg->dir);
	if (remote)
		strvec_pushf(env, "CCACHE_REMOTE_STORAGE=%s", cfg->remote);
	if (cfg->remote_only)
		strvec_push(env, "CCACHE_REMOTE_ONLY=true");
	if (cfg->prefix)
		strvec_pushf(env, "CCACHE_PREFIX=%s", cfg->prefix);
	if (cfg->statslog)
		strvec_pushf(env, "CCACHE_STATSLOG=%s", cfg->statslog);
	return 0;
}

static void count(struct ccache_stats *st, const char *counter)
{
	static const struct {
		const char *name;
		size_t off;
	} map[] = {
		{ "cache_miss", offsetof(struct ccache_stats, misses) },
		{ "direct_cache_hit", offsetof(struct ccache_stats, direct_hits) },
		{ "preprocessed_cache_hit", offsetof(struct ccache_stats, preprocessed_hits) },
		{ "local_storage_hit", offsetof(struct ccache_stats, local_hits) },
		{ "remote_storage_hit", offsetof(struct ccache_stats, remote_hits) },
		{ "remote_storage_error", offsetof(struct ccache_stats, errors) },
		{ "remote_storage_timeout", offsetof(struct ccache_stats, errors) },
		{ "internal_error", offsetof(struct ccache_stats, errors) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(counter, map[i].name))
			(*(unsigned long *)((char *)st + map[i].off))++;
}

int ccache_stats_read(const char *statslog, struct ccache_stats *st)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *next;

	memset(st, 0, sizeof(*st));
	if (strbuf_read_file(&sb, statslog) < 0) {
		int e = errno;

		strbuf_release(&sb);
		if (e == ENOENT)
			return 0;
		return error("cannot read ccache stats log '%s': %s", statslog, strerror(e));
	}
	for (line = sb.buf; line < sb.buf + sb.len; line = next) {
		next = memchr(line, '\n', sb.buf + sb.len - line);
		if (next)
			*next++ = '\0';
		else
			next = sb.buf + sb.len;
		if (line[0] == '#')
			st->calls++;
		else if (line[0])
			count(st, line);
	}
	st->hits = st->direct_hits + st->preprocessed_hits;
	st->uncacheable = st->calls > st->hits + st->misses ? st->calls - st->hits - st->misses : 0;
	strbuf_release(&sb);
	return 0;
}

double ccache_hit_rate(const struct ccache_stats *st)
{
	if (!st->hits && !st->misses)
		return -1;
	return (double)st->hits / (double)(st->hits + st->misses);
}
