#!/bin/sh
# A reproducer that crashes the kernel in one run of three: the run index
# reaches the VM (culprit.run=<i> on the kernel command line, /repro's first
# argument), the reproducer calls migrate_pages(2) only when i % 3 == 0, and
# the runner sees exactly runs 0 and 3 of 0..5 crash, on 2 parallel VMs.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup

cat >"$work/flaky.c" <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long one = 1;
	int run = argc > 1 ? atoi(argv[1]) : 0;

	if (run % 3 == 0)
		syscall(SYS_migrate_pages, 0, 8, &one, &one);
	printf("run %d done\n", run);
	return 0;
}
C
t0=$(date +%s)
# no --vmlinux, no --src: the vmlinux beside the image is found, and the
# source root is read off its DWARF (the directory of init/main.c)
out=$("$CULPRIT" run-kernel --bzimage "$kdir/bzImage" \
	--repro "$work/flaky.c" --runs 6 --vms 2 --kvm off --workdir "$work/wd") ||
	fail "exit $?"
t1=$(date +%s)
echo "$out"
echo "$out" | grep -q '^crashed in 2 of 6 runs$' || fail "not 2 of 6"
for i in 0 3; do
	echo "$out" | grep -q "^run $i: crashed: BUG: sleeping function called from invalid context in mm_access" ||
		fail "run $i did not crash"
done
for i in 1 2 4 5; do
	echo "$out" | grep -q "^run $i: OK (" || fail "run $i not OK"
done
echo "$out" | grep -q '^ kernel_migrate_pages mm/mempolicy.c:[0-9]* \[inline\]$' ||
	fail "not symbolized relative to the source root"
echo "SCORE runner-6-runs-2-vms-seconds $((t1 - t0))"
pgrep -f "$work/wd/" && fail "QEMU left running"
exit 0
