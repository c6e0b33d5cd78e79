#!/bin/sh
# Time `culprit maintainers FILE` against the kernel's
# `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f FILE`
# on the same paths as the peer test (tests/lib/maintainers-sample.sh), one
# process per query, so each query includes loading MAINTAINERS and .mailmap.
# Prints ms per query for both, and the ratio (goal: culprit >= 20x faster).
# Also prints culprit's in-process time (load + query, no process start-up)
# from build/bench/maintainers/bench_maintainers.
# MAINTAINERS_BENCH_SAMPLE=N sets the uniform part of the sample (default 100).
set -u
: "${CULPRIT:?}" "${CULPRIT_TOP:?}" "${CULPRIT_TEST_CACHE:?}"
. "$CULPRIT_TOP/tests/lib/kernel-src.sh"
src=$(kernel_src_dir) || { echo "skipped: no kernel source"; exit 0; }
. "$CULPRIT_TOP/tests/lib/maintainers-sample.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
maintainers_sample "$src" "${MAINTAINERS_BENCH_SAMPLE:-100}" >"$tmp/files" || exit 1
n=$(wc -l <"$tmp/files")
cd "$src" || exit 1

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# best of two passes for each tool (the machine is shared)
best_perl= best_culprit=
for pass in 1 2; do
	t0=$(now_ms)
	while IFS= read -r f; do
		timeout 60 perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats \
			-f "$f" >/dev/null 2>&1
	done <"$tmp/files"
	t1=$(now_ms)
	while IFS= read -r f; do
		"$CULPRIT" maintainers "$f" >/dev/null 2>&1
	done <"$tmp/files"
	t2=$(now_ms)
	p=$((t1 - t0)) c=$((t2 - t1))
	[ -z "$best_perl" ] || [ "$p" -lt "$best_perl" ] && best_perl=$p
	[ -z "$best_culprit" ] || [ "$c" -lt "$best_culprit" ] && best_culprit=$c
done
[ "$best_culprit" -gt 0 ] || best_culprit=1
awk -v n="$n" -v p="$best_perl" -v c="$best_culprit" 'BEGIN {
	printf "queries: %d paths of linux-source-6.1\n", n
	printf "get_maintainer.pl: %.1f ms/query\n", p / n
	printf "culprit maintainers: %.2f ms/query (one process per query)\n", c / n
	printf "SCORE maintainers speedup %.1fx (goal >= 20x)\n", p / c
}'
bench=${CULPRIT_BUILD:-$CULPRIT_TOP/build}/bench/maintainers/bench_maintainers
if [ -x "$bench" ]; then
	# shellcheck disable=SC2046
	set -- $(xargs "$bench" . <"$tmp/files")
	awk -v p="$best_perl" -v n="$n" -v l="$1" -v q="$2" -v t="$3" 'BEGIN {
		printf "culprit in-process: load %.2f ms + query %.2f ms = %.2f ms/query\n", l, q, t
		printf "SCORE maintainers in-process speedup %.1fx\n", (p / n) / t
	}'
fi
