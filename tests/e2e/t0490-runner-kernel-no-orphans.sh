#!/bin/sh
# No QEMU outlives culprit: while two VMs run a hanging reproducer, culprit
# is sent SIGTERM (its handler kills the VMs' process groups), and in a
# second round SIGKILL (the VMs get SIGKILL from PR_SET_PDEATHSIG). Either
# way no process with the run's work directory in its command line remains.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup

printf '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' >"$work/hang.c"

for sig in TERM KILL; do
	wd=$work/wd-$sig
	"$CULPRIT" run-kernel --bzimage "$kdir/bzImage" --repro "$work/hang.c" --runs 2 --vms 2 \
		--repro-timeout 300 --kvm off --workdir "$wd" >"$work/out-$sig" 2>&1 &
	pid=$!
	# wait for both VMs to be up
	n=0
	for _ in $(seq 1 120); do
		n=$(pgrep -f "qemu-system-x86_64 .*$wd/" | wc -l)
		[ "$n" -ge 2 ] && break
		sleep 0.5
	done
	[ "$n" -ge 2 ] || { kill -KILL $pid; fail "VMs did not start ($sig)"; }
	kill -$sig $pid
	wait $pid
	echo "culprit ended by SIG$sig: exit $?"
	left=
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		left=$(pgrep -f "$wd/")
		[ -z "$left" ] && break
		sleep 0.5
	done
	if [ -n "$left" ]; then
		ps -o pid,args -p "$(echo $left | tr ' ' ',')"
		kill -KILL $left
		fail "QEMU left running after SIG$sig"
	fi
	echo "SIG$sig: no QEMU left"
done
