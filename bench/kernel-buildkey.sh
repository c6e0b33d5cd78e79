#!/bin/sh
# Build keys on the whole demo history (240 commits on linux-source-6.1),
# what a bisection of it would know before building:
#  1. the input set learnt from one build of the bad commit (the first build
#     of a bisection), its size and learning time;
#  2. keys of every commit, first level (blob ids) and second level
#     (preprocessed units): build classes, no-op commits (key equal to the
#     parent's), commits the set cannot vouch for, time per commit, gcc -E
#     runs, side by side with the time of one incremental kernel build;
#  3. the equal-key check by building (tests/e2e/t0420 with a longer chain,
#     BENCH_BUILDKEY_CHAIN commits, default 40; 0 skips it).
set -u
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
tool=$CULPRIT_BUILD/tests/tools/build/buildkey-tool
kbt=$CULPRIT_BUILD/tests/tools/build/kbuild-tool
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "skip: linux-source-6.1 not installed"; exit 0; }
info=$("$CULPRIT" demo --generate-only --cache "$cache") || exit 1
val() { echo "$info" | sed -n "s/^$1 //p" | cut -d' ' -f1; }
repo=$(val repo) config=$(val config) base=$(val base) bad=$(val bad)
work=$cache/bench-buildkey
mkdir -p "$work"
[ -d "$work/tree/.git" ] || git clone -q --shared -n "$repo" "$work/tree" || exit 1
git -C "$work/tree" fetch -q "$repo" '+refs/heads/*:refs/remotes/origin/*' || exit 1

build() {	# build COMMIT: prints the build's seconds
	git -C "$work/tree" checkout -q -f "$1" || exit 1
	out=$("$kbt" --workdir "$work" --config "$config" --tree "$work/tree" --commit "$1")
	[ "$(echo "$out" | sed -n 's/^status //p')" = ok ] || { echo "build of $1 failed"; exit 1; }
	echo "$out" | sed -n 's/^seconds //p'
}

first=$(build "$bad")
echo "build of the bad commit: ${first}s"
"$tool" learn --repo "$repo" --workdir "$work" --config "$config" --commit "$bad" \
	--set "$work/set" --pp-dir "$work/pp" >"$work/learn" || exit 1
sed 's/^/input set: /' "$work/learn"
keys() {	# keys LEVEL [--preprocess]
	level=$1
	shift
	start=$(date +%s.%N)
	"$tool" keys "$@" --repo "$repo" --workdir "$work" --config "$config" --set "$work/set" \
		--range "$base..$bad" >"$work/keys$level" || exit 1
	end=$(date +%s.%N)
	v() { sed -n "s/^$1 //p" "$work/keys$level"; }
	echo "level $level: $(v commits) commits, $(v classes) build classes, $(v noop) no-op commits," \
	     "$(v unique) unique (not vouched for), $(v ms_per_commit) ms a commit," \
	     "$(v units) gcc -E runs, $(echo "$end - $start" | bc) s in all"
	awk '$1 == "key" && $5 == "unique" { $1=$2=$3=$4=$5=$6=$7=$8=""; print }' \
		"$work/keys$level" | sort | uniq -c | sort -rn | head -5 | sed 's/^/    unique because: /'
}
keys 1
keys 2 --preprocess
# one incremental build next to it: the parent of the bad commit
inc=$(build "$(git -C "$repo" rev-parse "$bad~1")")
build "$bad" >/dev/null
echo "one incremental build (bad~1 after bad): ${inc}s"
l1=$(sed -n 's/^ms_per_commit //p' "$work/keys1")
l2=$(sed -n 's/^ms_per_commit //p' "$work/keys2")
echo "ratio: keying the 240 commits costs $(echo "scale=3; $l1 * 240 / 1000 / $inc" | bc) incremental builds (level 1), $(echo "scale=3; $l2 * 240 / 1000 / $inc" | bc) (level 2)"

chain=${BENCH_BUILDKEY_CHAIN:-40}
if [ "$chain" -gt 0 ]; then
	BUILDKEY_COMMITS=$chain sh "$CULPRIT_TOP/tests/e2e/t0420-kernel-buildkey.sh" |
		grep -v '^learn: \|^[0-9a-f]\{40\} '
fi
