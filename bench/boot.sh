#!/bin/sh
# Boot costs of the QEMU runner under TCG on the runner's test kernel
# (tests/lib/runner-kernel.sh): seconds from starting QEMU to the guest's
# userspace (run_result.boot_seconds) and of the whole run (a trivial
# reproducer, then power off), on the pc machine and on microvm, one boot
# of each in turn so the host's load falls on both alike. BENCH_BOOTS=N
# boots each (10). Prints "SCORE boot-..." lines and the ratios.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup
tool=$CULPRIT_BUILD/tests/tools/runner/runner-tool
n=${BENCH_BOOTS:-10}
printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$work/hello.c"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ $i -lt "$n" ]; do
	for m in pc microvm; do
		"$tool" --bzimage "$kdir/bzImage" --repro "$work/hello.c" --workdir "$work/$m" \
			--machine "$m" --kvm off --runs 1 >"$work/out" 2>/dev/null ||
			{ cat "$work/out"; echo "FAIL: a boot on $m failed"; exit 1; }
		sed -n "s/^run 0: OK machine \"\(.*\)\" boot \([0-9.]*\) total \([0-9.]*\)$/$m \2 \3 \1/p" \
			"$work/out" >>"$work/times"
	done
	i=$((i + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$n" '
	{ boot[$1] += $2; total[$1] += $3; name[$1] = substr($0, index($0, $4)) }
	END {
		for (m in boot)
			printf "SCORE boot-%s: boot to userspace %.2fs, whole run %.2fs (mean of %d; %s)\n",
				m, boot[m] / n, total[m] / n, n, name[m]
		printf "SCORE boot-microvm-vs-pc: boot to userspace %.2fx faster, whole run %.2fx faster\n",
			boot["pc"] / boot["microvm"], total["pc"] / total["microvm"]
	}' "$work/times"
