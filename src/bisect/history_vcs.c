// SPDX-License-Identifier: Apache-2.0
/*
 * history_vcs.c - the engine's view of a real repository through src/vcs/.
 * Stub until src/vcs/ lands on main.
 */
#include "bisect.h"

int bisect_history_vcs_open(const char *path, struct bisect_history *h)
{
	(void)h;
	return error("cannot open '%s': repository access is not available yet", path);
}

void bisect_history_vcs_close(struct bisect_history *h)
{
	(void)h;
}
