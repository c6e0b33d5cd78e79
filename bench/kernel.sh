#!/bin/sh
# Kernel bisection costs on the demo history (240 commits on linux-source-6.1):
#  1. build time of the commits a bisection tests, built as culprit does
#     (one persistent O= directory, incremental) against a clean build at
#     every step (O= removed first), in the same run: total and ratio.
#     Clean builds use ccache too unless BENCH_KERNEL_NOCCACHE=1 (then they
#     are what a fresh builder without ccache pays; slow: ~3 min a step).
#  2. total VM (test) time of the bisection, bayes policy against syzbot's,
#     from `culprit demo --policy P --json` (skipped while the engine or the
#     QEMU runner is missing).
# The commit sequence of part 1 is git bisect's (midpoints of the remaining
# range, good/bad from the known culprit, the next commit when a build
# fails), so it does not depend on the engine. BENCH_KERNEL_STEPS=N stops
# after N commits; BENCH_KERNEL_VM=0 skips part 2.
set -u
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
tool=$CULPRIT_BUILD/tests/tools/build/kbuild-tool
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "skip: linux-source-6.1 not installed"; exit 0; }
info=$("$CULPRIT" demo --generate-only --cache "$cache") || exit 1
val() { echo "$info" | sed -n "s/^$1 //p" | cut -d' ' -f1; }
repo=$(val repo) config=$(val config) base=$(val base) bad=$(val bad) culprit=$(val culprit)
work=$cache/bench-kernel
mkdir -p "$work"

tree_for() {	# tree_for DIR: a build tree of the demo repo
	[ -d "$1/tree/.git" ] || git clone -q --shared -n "$repo" "$1/tree" || exit 1
	git -C "$1/tree" fetch -q "$repo" '+refs/heads/*:refs/remotes/origin/*'
}
# build DIR COMMIT [opts]: prints "status seconds"
build() {
	d=$1 c=$2
	shift 2
	git -C "$d/tree" checkout -q -f "$c" || exit 1
	out=$("$tool" --workdir "$d" --config "$config" --tree "$d/tree" --commit "$c" "$@")
	echo "$(echo "$out" | sed -n 's/^status //p') $(echo "$out" | sed -n 's/^seconds //p')"
}

# the bisection's sequence of commits
git -C "$repo" rev-list --reverse "$base..$bad" >"$work/commits"
n=$(wc -l <"$work/commits")
ci=$(grep -n "^$culprit" "$work/commits" | cut -d: -f1)
at() { sed -n "${1}p" "$work/commits"; }
seq="$bad $base"
lo=0 hi=$n	# lo: last good index (0 = base), hi: first bad index
while [ $((hi - lo)) -gt 1 ]; do
	mid=$(( (lo + hi) / 2 ))
	seq="$seq $(at $mid)"
	if [ "$mid" -ge "$ci" ]; then hi=$mid; else lo=$mid; fi
done
# BENCH_KERNEL_STEPS=N: only the first N commits of the sequence
[ -n "${BENCH_KERNEL_STEPS:-}" ] && seq=$(echo $seq | cut -d' ' -f1-"$BENCH_KERNEL_STEPS")
steps=$(echo "$seq" | wc -w)
echo "bisection sequence: $steps commits (range $n, culprit at $ci)"

rm -rf "$work/clean"
mkdir -p "$work/inc" "$work/clean"
tree_for "$work/inc"
tree_for "$work/clean"
clean_opts=--clean
[ "${BENCH_KERNEL_NOCCACHE:-0}" = 1 ] && clean_opts="--clean --no-ccache"
inc_total=0 clean_total=0 first=1
for c in $seq; do
	set -- $(build "$work/inc" "$c")
	inc_st=$1 inc_s=$2
	set -- $(build "$work/clean" "$c" $clean_opts)
	clean_st=$1 clean_s=$2
	echo "  $(git -C "$repo" log -1 --format='%h %s' "$c" | cut -c1-60): incremental ${inc_s}s ($inc_st), clean ${clean_s}s ($clean_st)"
	# the first build is from scratch either way: the ratio is over the others
	if [ $first = 1 ]; then
		first=0
		echo "SCORE kernel first build (both from scratch): ${inc_s}s / ${clean_s}s"
		continue
	fi
	inc_total=$(awk "BEGIN { print $inc_total + $inc_s }")
	clean_total=$(awk "BEGIN { print $clean_total + $clean_s }")
done
ratio=$(awk "BEGIN { printf \"%.2f\", $clean_total / $inc_total }")
echo "SCORE kernel bisection build time after the first build: incremental ${inc_total}s, clean every step ${clean_total}s ($clean_opts), ratio ${ratio}x over $((steps - 1)) builds"
[ "${BENCH_KERNEL_VM:-1}" = 0 ] && exit 0

# VM time: bayes against syzbot
for p in bayes syzbot; do
	start=$(date +%s)
	"$CULPRIT" demo --cache "$cache" --policy $p --workdir "$work/demo-$p" \
		--json "$work/demo-$p.json" >"$work/demo-$p.log" 2>"$work/demo-$p.err"
	rc=$?
	if grep -q "not available in this build\|not implemented" "$work/demo-$p.err"; then
		echo "skip VM time: $(grep -m1 'not available\|not implemented' "$work/demo-$p.err")"
		exit 0
	fi
	t=$(sed -n 's/.*"test_seconds": *\([0-9.]*\).*/\1/p' "$work/demo-$p.json" | tail -1)
	echo "SCORE kernel demo $p: exit $rc, VM time ${t:-?}s, wall $(( $(date +%s) - start ))s, $(grep -m1 '^revisions tested' "$work/demo-$p.log")"
done
