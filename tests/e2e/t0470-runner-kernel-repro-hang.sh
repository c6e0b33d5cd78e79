#!/bin/sh
# A reproducer that never ends is killed when its time is up: the run is OK
# (no crash was seen) with the note "reproducer timed out after 8s", and it
# takes about boot + 8 s, not the VM's whole timeout.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup

cat >"$work/hang.c" <<'C'
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	puts("hanging");
	fflush(stdout);
	for (;;)
		pause();
}
C
t0=$(date +%s)
out=$("$CULPRIT" run-kernel --bzimage "$kdir/bzImage" --vmlinux "$kdir/vmlinux" \
	--repro "$work/hang.c" --repro-timeout 8 --kvm off --workdir "$work/wd") || fail "exit $?"
t1=$(date +%s)
echo "$out"
echo "$out" | grep -q '^run 0: OK (' || fail "a hanging reproducer is not OK"
echo "$out" | grep -q '^run 0: note: reproducer timed out after 8s$' || fail "no timeout note"
[ $((t1 - t0)) -lt 60 ] || fail "took $((t1 - t0))s"
echo "SCORE runner-repro-hang-seconds $((t1 - t0))"
pgrep -f "$work/wd" && fail "QEMU left running"
exit 0
