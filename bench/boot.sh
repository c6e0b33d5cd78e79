#!/bin/sh
# Boot costs of the QEMU runner under TCG on the runner's test kernel
# (tests/lib/runner-kernel.sh): seconds from starting QEMU to the guest's
# userspace (run_result.boot_seconds) and of the whole run (a trivial
# reproducer, then power off), on the pc machine (with the bzImage, as the
# runner always did) and on microvm (the runner's choice: PVH when the
# config has it), one boot of each in turn so the host's load falls on all
# alike. BENCH_BOOTS=N boots each (10). BENCH_BOOT_BEFORE=DIR adds, in the
# same rotation, pc boots of another kernel (DIR/bzImage, e.g. one built
# with an older fragment). Prints "SCORE boot-..." lines and the ratios.
. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"
runner_kernel_setup
tool=$CULPRIT_BUILD/tests/tools/runner/runner-tool
n=${BENCH_BOOTS:-10}
printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$work/hello.c"
variants="pc microvm"
[ -n "${BENCH_BOOT_BEFORE:-}" ] && variants="before $variants"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ $i -lt "$n" ]; do
	for v in $variants; do
		k=$kdir m=$v
		[ $v = before ] && k=$BENCH_BOOT_BEFORE m=pc
		"$tool" --bzimage "$k/bzImage" --vmlinux "$k/vmlinux" --repro "$work/hello.c" \
			--workdir "$work/$v" --machine "$m" --kvm off --runs 1 >"$work/out" 2>/dev/null ||
			{ cat "$work/out"; echo "FAIL: a boot ($v) failed"; exit 1; }
		sed -n "s/^run 0: OK machine \"\(.*\)\" boot \([0-9.]*\) total \([0-9.]*\)$/$v	\2	\3	\1/p" \
			"$work/out" >>"$work/times"
	done
	i=$((i + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' -v n="$n" '
	{ boot[$1] += $2; total[$1] += $3; name[$1] = $4 }
	END {
		for (v in boot)
			printf "SCORE boot-%s: boot to userspace %.2fs, whole run %.2fs (mean of %d; %s)\n",
				v, boot[v] / n, total[v] / n, n, name[v]
		printf "SCORE boot-microvm-vs-pc: boot to userspace %.2fx faster, whole run %.2fx faster\n",
			boot["pc"] / boot["microvm"], total["pc"] / total["microvm"]
		if ("before" in boot)
			printf "SCORE boot-microvm-vs-before: boot to userspace %.2fx faster, whole run %.2fx faster\n",
				boot["before"] / boot["microvm"], total["before"] / total["microvm"]
	}' "$work/times"
