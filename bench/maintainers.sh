#!/bin/sh
# Time `culprit maintainers FILE` against the kernel's
# `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f FILE`
# on the same paths as the peer test (tests/lib/maintainers-sample.sh), one
# process per query, so each query includes loading MAINTAINERS and .mailmap.
# Prints ms per query for both, and the ratio (goal: culprit >= 20x faster).
# Also prints culprit's in-process time (load + query, no process start-up)
# from build/bench/maintainers/bench_maintainers.
# MAINTAINERS_BENCH_SAMPLE=N sets the uniform part of the sample (default 100).
# CULPRIT_BASELINE=/path/to/an/older/culprit is timed in the same passes
# (before/after ratio of a change).
set -u
: "${CULPRIT:?}" "${CULPRIT_TOP:?}" "${CULPRIT_TEST_CACHE:?}"
. "$CULPRIT_TOP/tests/lib/kernel-src.sh"
src=$(kernel_src_dir) || { echo "skipped: no kernel source"; exit 0; }
. "$CULPRIT_TOP/tests/lib/maintainers-sample.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
maintainers_sample "$src" "${MAINTAINERS_BENCH_SAMPLE:-100}" >"$tmp/files" || exit 1
n=$(wc -l <"$tmp/files")
# a ~/.get_maintainer.conf would add options to the script
export HOME="$tmp"
cd "$src" || exit 1

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# CPU time (user + system) of finished children so far, in ms: `times` must
# run in this shell (not in a $(...) subshell), so it writes to a file first.
cpu_ms() {
	sed -n 2p "$tmp/times" | awk '{
		t = 0
		for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] }
		printf "%d\n", t * 1000 }'
}

# one pass of `"$@" FILE` over the sample, CPU of the children in ms into $cpu
run_pass() {
	times >"$tmp/times"; c0=$(cpu_ms) t0=$(now_ms)
	while IFS= read -r f; do
		"$@" "$f" >/dev/null 2>&1
	done <"$tmp/files"
	t1=$(now_ms); times >"$tmp/times"; c1=$(cpu_ms)
	wall=$((t1 - t0)) cpu=$((c1 - c0))
}
min() { if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }

# best of two passes for each tool (the machine is shared): wall and CPU
bp= bc= bpc= bcc= bbc=
base=${CULPRIT_BASELINE:-}
for pass in 1 2; do
	run_pass timeout 60 perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f
	bp=$(min "$bp" $wall) bpc=$(min "$bpc" $cpu)
	run_pass "$CULPRIT" maintainers
	bc=$(min "$bc" $wall) bcc=$(min "$bcc" $cpu)
	if [ -n "$base" ]; then
		run_pass "$base" maintainers
		bbc=$(min "$bbc" $cpu)
	fi
done
[ "$bc" -gt 0 ] || bc=1
[ "$bcc" -gt 0 ] || bcc=1
awk -v n="$n" -v p="$bp" -v c="$bc" -v pc="$bpc" -v cc="$bcc" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
	printf "queries: %d paths of linux-source-6.1, one process per query (load average %s)\n", n, load
	printf "get_maintainer.pl:   %6.1f ms/query wall, %6.1f ms/query CPU\n", p / n, pc / n
	printf "culprit maintainers: %6.2f ms/query wall, %6.2f ms/query CPU\n", c / n, cc / n
	printf "SCORE maintainers speedup %.1fx CPU, %.1fx wall (goal >= 20x)\n", pc / cc, p / c
}'
if [ -n "$bbc" ]; then
	awk -v n="$n" -v pc="$bpc" -v cc="$bcc" -v bc="$bbc" -v b="$base" 'BEGIN {
		printf "baseline %s: %6.2f ms/query CPU (%.1fx faster than the script)\n", b, bc / n, pc / bc
		printf "SCORE maintainers after/before %.1fx CPU\n", bc / cc
	}'
fi
bench=${CULPRIT_BUILD:-$CULPRIT_TOP/build}/bench/maintainers/bench_maintainers
if [ -x "$bench" ]; then
	# shellcheck disable=SC2046
	set -- $(xargs "$bench" . <"$tmp/files")
	awk -v p="$bpc" -v n="$n" -v l="$1" -v q="$2" -v t="$3" 'BEGIN {
		printf "culprit in-process:  load %.2f ms + query %.2f ms = %.2f ms/query CPU\n", l, q, t
		printf "SCORE maintainers in-process speedup %.1fx CPU\n", (p / n) / t
	}'
fi
