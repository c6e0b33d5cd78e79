#!/bin/sh
# Boots that go wrong, on the runner's real test kernel: an init that hangs
# before the boot marker (rdinit=/bin/sleep), an init that exits (the kernel
# panics: "Attempted to kill init!"), and a missing init ("Requested init
# /nonexistent failed"). Each is "boot failed: <why>", quickly, with no QEMU left
# behind.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup

printf 'int main(void) { return 0; }\n' >"$work/true.c"
run() {
	"$CULPRIT" run-kernel --bzimage "$kdir/bzImage" --vmlinux "$kdir/vmlinux" \
		--repro "$work/true.c" --kvm off --workdir "$work/wd" "$@"
}

t0=$(date +%s)
out=$(run --boot-timeout 15 --append "rdinit=/bin/sleep -- 1000") || fail "exit $?"
t1=$(date +%s)
echo "$out"
echo "$out" | grep -q '^run 0: boot failed: timed out after 15s waiting for the boot marker' ||
	fail "a hung init is not a boot timeout"
[ $((t1 - t0)) -lt 40 ] || fail "the boot timeout took $((t1 - t0))s"

t0=$(date +%s)
out=$(run --append "rdinit=/bin/true") || fail "exit $?"
t1=$(date +%s)
echo "$out"
echo "$out" | grep -q '^run 0: boot failed: .*kill init' || fail "init exiting is not a boot failure"
[ $((t1 - t0)) -lt 60 ] || fail "a panic at boot took $((t1 - t0))s"
echo "SCORE runner-boot-panic-seconds $((t1 - t0))"

out=$(run --append "rdinit=/nonexistent init=/nonexistent") || fail "exit $?"
echo "$out"
echo "$out" | grep -q "^run 0: boot failed: .*Requested init /nonexistent failed" ||
	fail "no init is not a boot failure"

pgrep -f "$work/wd" && fail "QEMU left running"
exit 0
