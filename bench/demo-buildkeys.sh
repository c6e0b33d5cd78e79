#!/bin/sh
# The demo bisection (linux-source-6.1 history with an injected bug, real
# kernel builds and QEMU boots) with --build-keys off and on, side by side
# in one run, each from a cold start: a fresh work directory (no build
# tree, no journal, no artifacts) and no compiler cache (CCACHE_DISABLE=1,
# so neither run profits from the other's compilations). Prints, for both,
# the culprit, builds, runs, build seconds and total seconds, the range's
# commits / build classes / no-op commits, and the ratios.
# Issue 12's acceptance: the same culprit, <= 6 builds where off built 9,
# lower total time, build_classes < commits.
# BENCH_DEMO_KEYS="off on" by default (the order of the runs);
# BENCH_DEMO_PARALLEL=1 runs them at the same time (the same machine load
# for both; the one that ends first leaves the other more CPU);
# BENCH_DEMO_CCACHE=warm uses the shared compiler cache of the test cache
# instead (builds cost less for both; the numbers of builds do not change).
set -u
cache=${CULPRIT_TEST_CACHE:?}
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "skip: linux-source-6.1 not installed"; exit 0; }
command -v qemu-system-x86_64 >/dev/null || { echo "skip: qemu-system-x86_64 not installed"; exit 0; }
work=$cache/bench-demo-buildkeys
mkdir -p "$work" || exit 1
"$CULPRIT" demo --generate-only --cache "$cache" >"$work/info" || exit 1

# jget FILE KEY INDENT: a scalar of the result JSON at that indentation
jget() {
	sed -n "s/^ \{$3\}\"$2\": \"*\([^\",]*\)\"*,*$/\1/p" "$1" | head -n 1
}

if [ "${BENCH_DEMO_CCACHE:-cold}" = cold ]; then
	export CCACHE_DISABLE=1
else
	unset CCACHE_DISABLE
fi
demo() {	# demo off|on
	rm -rf "$work/$1"
	start=$(date +%s.%N)
	"$CULPRIT" demo --cache "$cache" --workdir "$work/$1" \
		--json "$work/$1.json" --build-keys "$1" >"$work/$1.log" 2>&1
	echo "$?" >"$work/$1.rc"
	end=$(date +%s.%N)
	echo "$end - $start" | bc >"$work/$1.wall"
}
[ "${BENCH_DEMO_PARALLEL:-0}" = 1 ] && order="at the same time" || order="one after the other"
echo "compiler cache: ${BENCH_DEMO_CCACHE:-cold}; runs $order"
pids=""
for mode in ${BENCH_DEMO_KEYS:-off on}; do
	if [ "${BENCH_DEMO_PARALLEL:-0}" = 1 ]; then
		demo "$mode" &
		pids="$pids $!"
	else
		demo "$mode"
	fi
done
for p in $pids; do
	wait "$p"
done

want=$(sed -n 's/^culprit \([0-9a-f]*\) .*/\1/p' "$work/info")
printf '%-14s %10s %10s\n' "" off on
row() {	# row LABEL KEY INDENT
	printf '%-14s %10s %10s\n' "$1" "$(jget "$work/off.json" "$2" "$3")" \
		"$(jget "$work/on.json" "$2" "$3")"
}
printf '%-14s %10s %10s\n' culprit "$(jget "$work/off.json" hash 4 | cut -c1-10)" \
	"$(jget "$work/on.json" hash 4 | cut -c1-10)"
row builds builds 2
row runs runs 2
row "build s" build_seconds 2
row "total s" total_seconds 2
row commits commits 4
row "build classes" build_classes 4
row "no-op commits" noop_commits 4
printf '%-14s %10s %10s\n' "wall s" "$(cat "$work/off.wall")" "$(cat "$work/on.wall")"
echo "injected culprit: $want"
for mode in off on; do
	got=$(jget "$work/$mode.json" hash 4)
	[ "$got" = "$want" ] || echo "keys $mode: WRONG culprit '$got' (exit $(cat "$work/$mode.rc"))"
done
b0=$(jget "$work/off.json" builds 2) b1=$(jget "$work/on.json" builds 2)
t0=$(jget "$work/off.json" total_seconds 2) t1=$(jget "$work/on.json" total_seconds 2)
[ -n "$b0" ] && [ -n "$b1" ] && [ -n "$t0" ] && [ -n "$t1" ] &&
	echo "ratio on/off: builds $(echo "scale=2; $b1 / $b0" | bc), total time $(echo "scale=2; $t1 / $t0" | bc)"
grep -h "^build keys:\|builds the same kernel as" "$work/on.log" | sed 's/^/keys on: /'
