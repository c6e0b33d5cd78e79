/* SPDX-License-Identifier: Apache-2.0 */
/*
 * userspace.h - user-space crash formats (ASan, HWASan, MSan, TSan, UBSan,
 * LSan, libFuzzer deadly signals/timeouts/OOMs), internal to src/report/.
 * report_parse() calls this after the kernel formats; it appends to `list`
 * and returns the number appended.
 */
#ifndef CULPRIT_REPORT_USERSPACE_H
#define CULPRIT_REPORT_USERSPACE_H

#include "report.h"

size_t report_parse_userspace(const char *buf, size_t len, struct report_list *list);

#endif
