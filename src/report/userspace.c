// SPDX-License-Identifier: Apache-2.0
#include "userspace.h"

size_t report_parse_userspace(const char *buf, size_t len, struct report_list *list)
{
	(void)buf;
	(void)len;
	(void)list;
	return 0;
}
