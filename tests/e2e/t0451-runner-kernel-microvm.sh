#!/bin/sh
# The QEMU runner picks the machine: the runner's test kernel (its config
# has the 8250 console) boots on microvm under TCG (with the host's TSC rate
# on its command line: microvm has no timer to calibrate the TSC against),
# the reference bug crashes it with the same title as on pc, every run
# reports its machine and boot seconds, and the choice is kept in the work
# directory. A forced pc gives the same verdict.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup
tool=$CULPRIT_BUILD/tests/tools/runner/runner-tool

cat >"$work/bug.c" <<'C'
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned long one = 1;

	syscall(SYS_migrate_pages, 0, 8, &one, &one);
	syscall(SYS_migrate_pages, getpid(), 8, &one, &one);
	return 0;
}
C
title="BUG: sleeping function called from invalid context in mm_access"
"$tool" --bzimage "$kdir/bzImage" --vmlinux "$kdir/vmlinux" --repro "$work/bug.c" \
	--workdir "$work/wd" --kvm off --runs 2 >"$work/out" 2>&1
rc=$?
cat "$work/out"
[ $rc -eq 0 ] || fail "runner-tool exited $rc"
[ "$(grep -c "^run [01]: crashed: $title machine \"microvm[^\"]*, TCG\" boot [1-9]" "$work/out")" = 2 ] ||
	fail "not two crashes on microvm with boot seconds"
grep -q "^machine microvm$" "$work"/wd/probe-machine-* || fail "the machine was not recorded"
grep -q "^# machine: microvm (not yet booted" "$work"/wd/logs/run-1-0.log ||
	fail "the first run's log does not say the machine was being tried"
grep -q "tsc_early_khz=[1-9][0-9]*" "$work"/wd/logs/run-1-0.log || fail "no tsc_early_khz"
# a runner of the same work directory knows
"$tool" --bzimage "$kdir/bzImage" --repro "$work/bug.c" --workdir "$work/wd" --kvm off \
	--runs 1 >"$work/out2" 2>&1 || fail "second runner"
log=$(ls -t "$work"/wd/logs/run-*.log | head -1)
grep -q "^# machine: microvm.* (booted to userspace in " "$log" || fail "the choice was not read back"
mv_boot=$(sed -n 's/^runs .* boot-mean \([0-9.]*\) .*/\1/p' "$work/out")

"$tool" --bzimage "$kdir/bzImage" --vmlinux "$kdir/vmlinux" --repro "$work/bug.c" \
	--workdir "$work/wd-pc" --machine pc --kvm off --runs 1 >"$work/out-pc" 2>&1
cat "$work/out-pc"
grep -q "^run 0: crashed: $title machine \"pc, TCG\" boot [1-9]" "$work/out-pc" ||
	fail "not the same crash on pc"
pc_boot=$(sed -n 's/^runs .* boot-mean \([0-9.]*\) .*/\1/p' "$work/out-pc")
echo "SCORE runner boot to userspace (TCG, under whatever load): microvm ${mv_boot}s, pc ${pc_boot}s (bench/boot.sh measures)"
pgrep -f "$work/wd" && fail "QEMU left running"
exit 0
