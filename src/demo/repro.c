// SPDX-License-Identifier: Apache-2.0
/*
 * Reproducer of the demo kernel bug: migrate_pages(2) on the calling
 * process, by pid 0 and by its own pid. With mm_access() called under
 * rcu_read_lock() in kernel_migrate_pages() this reports "BUG: sleeping
 * function called from invalid context". Built statically by the runner.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned long one = 1;
	long r1, r2;

	r1 = syscall(SYS_migrate_pages, 0, 8, &one, &one);
	r2 = syscall(SYS_migrate_pages, getpid(), 8, &one, &one);
	printf("migrate_pages: %ld %ld\n", r1, r2);
	return 0;
}
