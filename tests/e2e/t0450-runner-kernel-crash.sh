#!/bin/sh
# The QEMU runner against a real kernel (linux-source-6.1, tinyconfig +
# culprit's fragment, the reference bug re-created in kernel_migrate_pages):
# the migrate_pages(2) reproducer crashes it with the reference title, the
# report is symbolized (kernel_migrate_pages shows only as an [inline]
# frame), a harmless program runs OK on the same kernel, and the accelerator
# is chosen by a KVM probe boot (TCG on machines where KVM does not work).
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup

cat >"$work/bug.c" <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned long one = 1;

	syscall(SYS_migrate_pages, 0, 8, &one, &one);
	syscall(SYS_migrate_pages, getpid(), 8, &one, &one);
	puts("reproducer done");
	return 0;
}
C
cat >"$work/hello.c" <<'C'
#include <stdio.h>
int main(int argc, char **argv)
{
	printf("hello from run %s\n", argc > 1 ? argv[1] : "?");
	return 0;
}
C

t0=$(date +%s)
"$CULPRIT" run-kernel --bzimage "$kdir/bzImage" --vmlinux "$kdir/vmlinux" --src "$ksrc" \
	--repro "$work/bug.c" --runs 2 --vms 2 --kvm auto --workdir "$work/wd" \
	>"$work/out" 2>"$work/err"
rc=$?
t1=$(date +%s)
cat "$work/out" "$work/err"
[ $rc -eq 0 ] || fail "run-kernel exited $rc"
grep -q '^accel: \(TCG\|KVM\) (' "$work/err" || fail "no accelerator note"
grep -q '^crashed in 2 of 2 runs$' "$work/out" || fail "the bug did not crash both runs"
grep -q '^run [01]: crashed: BUG: sleeping function called from invalid context in mm_access (' \
	"$work/out" || fail "wrong title"
# symbolized as in syzbot's log, file names relative to the source root
grep -q '^ mm_access+0x[0-9a-f]*/0x[0-9a-f]* kernel/fork.c:[0-9]*$' "$work/out" ||
	fail "mm_access frame not symbolized"
grep -q '^ kernel_migrate_pages mm/mempolicy.c:[0-9]* \[inline\]$' "$work/out" ||
	fail "no inline kernel_migrate_pages frame"
grep -q '^ __dump_stack lib/dump_stack.c:[0-9]* \[inline\]$' "$work/out" ||
	fail "no inline __dump_stack frame"
grep -q 'Invalid wait context' "$work/out" || fail "lockdep's report is missing"
grep -q "$ksrc" "$work/out" && fail "absolute source paths in the report"
# the per-run log has the console and the QEMU command line
log=$(sed -n 's/^run 0: .*log \(.*\))$/\1/p' "$work/out")
[ -f "$log" ] || fail "no run log"
grep -q '^# culprit qemu run: qemu-system-x86_64 ' "$log" || fail "no header in $log"
grep -q 'CULPRIT-REPRO-START' "$log" || fail "no console in $log"
echo "SCORE runner-crash-2-runs-seconds $((t1 - t0))"

t0=$(date +%s)
"$CULPRIT" run-kernel --bzimage "$kdir/bzImage" --vmlinux "$kdir/vmlinux" --src "$ksrc" \
	--repro "$work/hello.c" --runs 2 --first 5 --kvm off --workdir "$work/wd" \
	>"$work/out2" 2>&1 || fail "run-kernel failed on a harmless program"
t1=$(date +%s)
cat "$work/out2"
grep -q '^run 5: OK ' "$work/out2" || fail "run 5 not OK"
grep -q '^run 6: OK ' "$work/out2" || fail "run 6 not OK"
grep -q '^crashed in 0 of 2 runs$' "$work/out2" || fail "harmless program crashed"
log=$(sed -n 's/^run 6: .*log \(.*\))$/\1/p' "$work/out2")
grep -q '^hello from run 6' "$log" || fail "the run index did not reach the reproducer"
echo "SCORE runner-ok-2-runs-seconds $((t1 - t0))"
pgrep -f "$work/wd/" && fail "QEMU left running"
exit 0
