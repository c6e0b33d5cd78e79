#!/bin/sh
# The QEMU runner on the runner's test kernel (tests/lib/runner-kernel.sh):
# VM throughput for a few VMs x CPUs layouts (8 runs of a trivial
# reproducer, TCG), and the time from boot to a symbolized crash verdict.
# Prints "SCORE runner-<layout>-runs-per-min N" lines and the symbolization
# time the run logs record.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup

printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$work/hello.c"
cat >"$work/bug.c" <<'C'
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>
int main(void)
{
	unsigned long one = 1;

	syscall(SYS_migrate_pages, 0, 8, &one, &one);
	return 0;
}
C
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for layout in 2x2 4x1 2x1 1x2; do
	vms=${layout%x*}
	cpus=${layout#*x}
	t0=$(date +%s.%N)
	"$CULPRIT" run-kernel --bzimage "$kdir/bzImage" --repro "$work/hello.c" --runs 8 \
		--vms "$vms" --cpus "$cpus" --kvm off --quiet --workdir "$work/wd" >"$work/out" 2>&1 ||
		{ cat "$work/out"; exit 1; }
	t1=$(date +%s.%N)
	tail -1 "$work/out"
	echo "SCORE runner-${vms}vms-${cpus}cpus-runs-per-min $(echo "8 * 60 / ($t1 - $t0)" | bc)"
done
t0=$(date +%s.%N)
"$CULPRIT" run-kernel --bzimage "$kdir/bzImage" --repro "$work/bug.c" --kvm off \
	--workdir "$work/wd2" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
t1=$(date +%s.%N)
head -1 "$work/out"
echo "SCORE runner-crash-verdict-seconds $(echo "$t1 - $t0" | bc)"
grep -h '^# culprit: symbolized' "$work"/wd2/logs/*.log
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
