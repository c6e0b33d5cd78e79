#!/bin/sh
# Build keys on the demo kernel history (issue 12 §1), checked by building:
# learn the input set from one real kernel build, key a chain of
# consecutive commits of the 240-commit demo history (first level, and with
# the preprocessed second level), then build every commit of the chain with
# the kernel builder in one O= directory, as a bisection does, and compare
# kernel signatures. Every commit whose key equals its parent's (or any
# other commit's of the chain) must have the same signature - always; the
# pairs called different are counted with how many differ indeed.
#
# BUILDKEY_COMMITS=N sets the chain's length (default 20: 13 of its pairs
# are equal, at least 10 are required; bench/kernel-buildkey.sh runs a
# longer one and keys the whole history). The first build is shared through ccache with the other kernel
# tests (same builder, same layout); later builds are incremental.
# Many kernel builds: in `make check-slow` (CULPRIT_SLOW_TESTS=1), not in
# `make check`, which stays under 50 minutes on 2 cores.
[ -n "${CULPRIT_SLOW_TESTS:-}" ] || { echo "SKIP: slow test (make check-slow runs it)"; exit 77; }
set -u
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "SKIP: linux-source-6.1 not installed"; exit 77; }
command -v gcc >/dev/null || { echo "SKIP: gcc not installed"; exit 77; }
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
tool=$CULPRIT_BUILD/tests/tools/build/buildkey-tool
kbt=$CULPRIT_BUILD/tests/tools/build/kbuild-tool
n=${BUILDKEY_COMMITS:-20}
fail() { echo "FAIL: $*"; exit 1; }

info=$("$CULPRIT" demo --generate-only --cache "$cache") || fail "demo generation"
val() { echo "$info" | sed -n "s/^$1 //p" | cut -d' ' -f1; }
repo=$(val repo) config=$(val config) bad=$(val bad)
work=$cache/t0420-work
mkdir -p "$work"
exec 9>"$work/.lock"
flock 9
[ -d "$work/tree/.git" ] || git clone -q --shared -n "$repo" "$work/tree" || fail "clone"
git -C "$work/tree" fetch -q "$repo" '+refs/heads/*:refs/remotes/origin/*' || fail "fetch"

# the chain: the last n+1 first-parent commits up to the bad one
git -C "$repo" rev-list --first-parent -n $((n + 1)) "$bad" | tac >"$work/chain"
[ "$(wc -l <"$work/chain")" -eq $((n + 1)) ] || fail "history shorter than the chain"

# build COMMIT: the signature, or fail
build() {
	git -C "$work/tree" checkout -q -f "$1" || fail "checkout $1"
	out=$("$kbt" --workdir "$work" --config "$config" --tree "$work/tree" --commit "$1" \
		--timeout 3600) || fail "kbuild-tool on $1"
	[ "$(echo "$out" | sed -n 's/^status //p')" = ok ] ||
		fail "build of $1: $(echo "$out" | sed -n 's/^reason //p')"
	echo "$out" | sed -n 's/^seconds //p' >>"$work/seconds"
	echo "$out" | sed -n 's/^signature //p'
}

: >"$work/seconds"
first=$(head -1 "$work/chain")
start=$(date +%s)
sig0=$(build "$first")
echo "first build ($first): $(( $(date +%s) - start ))s"
"$tool" learn --repo "$repo" --workdir "$work" --config "$config" --commit "$first" \
	--set "$work/set" --pp-dir "$work/pp" >"$work/learn" || fail "learning the input set"
sed 's/^/learn: /' "$work/learn"

# keys of the chain, both levels
# shellcheck disable=SC2046
"$tool" keys --repo "$repo" --workdir "$work" --config "$config" --set "$work/set" \
	$(cat "$work/chain") >"$work/keys1" || fail "keys"
# shellcheck disable=SC2046
"$tool" keys --preprocess --repo "$repo" --workdir "$work" --config "$config" \
	--set "$work/set" $(cat "$work/chain") >"$work/keys2" || fail "preprocessed keys"
key1() { awk -v c="$1" '$1 == "key" && $2 == c { print $4 }' "$work/keys1"; }
key2() { awk -v c="$1" '$1 == "key" && $2 == c { print $4 }' "$work/keys2"; }
grep '^ms_per_commit\|^units' "$work/keys2" | sed 's/^/preprocessed level: /'

# build the chain, commit after commit, and compare
echo "$first $sig0" >"$work/sigs"
prev=$first prevsig=$sig0
eq1=0 eq2=0 diff=0 diffsig=0
for c in $(tail -n +2 "$work/chain"); do
	sig=$(build "$c")
	echo "$c $sig" >>"$work/sigs"
	k1=$(key1 "$c") p1=$(key1 "$prev") k2=$(key2 "$c") p2=$(key2 "$prev")
	if [ "$k2" = "$p2" ]; then
		[ "$sig" = "$prevsig" ] ||
			fail "$c: same key as its parent ($k2) but another kernel ($prevsig -> $sig)"
		if [ "$k1" = "$p1" ]; then eq1=$((eq1 + 1)); else eq2=$((eq2 + 1)); fi
		verdict="same kernel: $k2"
	else
		diff=$((diff + 1))
		[ "$sig" != "$prevsig" ] && diffsig=$((diffsig + 1))
		verdict="new key $k2 ($(awk -v c="$c" '$2 == c { $1=$2=$3=$4=$5=$6=$7=$8=""; print }' \
			"$work/keys2" | sed 's/^ *//'))"
	fi
	echo "$c $(git -C "$repo" log -1 --format=%s "$c" | cut -c1-50): $verdict"
	prev=$c prevsig=$sig
done

# any two commits of a class, adjacent or not: one kernel
while read -r c sig; do
	echo "$(key2 "$c") $sig"
done <"$work/sigs" | sort -u | awk '{ n[$1]++ } END { for (k in n) if (n[k] > 1) print k }' \
	>"$work/mixed"
[ -s "$work/mixed" ] && fail "a class holds two kernels: $(cat "$work/mixed")"

classes=$(for c in $(cat "$work/chain"); do key2 "$c"; done | sort -u | wc -l)
kernels=$(cut -d' ' -f2 "$work/sigs" | sort -u | wc -l)
echo "SCORE buildkey pairs: $((eq1 + eq2)) called equal ($eq1 same inputs, $eq2 same preprocessed units), all with the same kernel signature"
echo "SCORE buildkey pairs: $diff called different, $diffsig of them with another signature"
echo "SCORE buildkey chain: $((n + 1)) commits, $classes classes, $kernels distinct kernels"
need=$(( n >= 20 ? 10 : n / 2 ))
[ $((eq1 + eq2)) -ge $need ] || fail "$((eq1 + eq2)) equal pairs, fewer than $need: too few to say anything"
[ "$classes" -ge "$kernels" ] || fail "fewer classes than kernels"
echo PASS
