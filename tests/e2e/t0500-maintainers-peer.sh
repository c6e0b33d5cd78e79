#!/bin/sh
# Peer comparison: `culprit maintainers FILE` against the kernel's own
# `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f FILE`
# on Debian's linux-source-6.1 tree, for a few hundred paths chosen with a
# fixed seed (tests/lib/maintainers-sample.sh: uniform across the tree, plus
# paths hit by N: regexes, K: keywords, X: exclusions, deep paths, yaml
# bindings and directories). Each file's output must be the same lines in the
# same order. Prints "SCORE maintainers match N/M"; fails below 99%.
#
# MAINTAINERS_SAMPLE=N changes the size of the uniform part (default 240).
set -u
: "${CULPRIT:?}" "${CULPRIT_TOP:?}" "${CULPRIT_TEST_CACHE:?}"
. "$CULPRIT_TOP/tests/lib/kernel-src.sh"
src=$(kernel_src_dir) || exit $?
command -v perl >/dev/null || { echo "SKIP: perl not installed"; exit 77; }
. "$CULPRIT_TOP/tests/lib/maintainers-sample.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
maintainers_sample "$src" "${MAINTAINERS_SAMPLE:-240}" >"$tmp/files" || exit 1
total=$(wc -l <"$tmp/files")
[ "$total" -ge 200 ] || { echo "sample too small: $total"; exit 1; }

cd "$src" || exit 1
start=$(date +%s)
match=0 n=0 tperl=0
while IFS= read -r f; do
	n=$((n + 1))
	# get_maintainer.pl is run as is; its own nondeterminism (Perl hash
	# order among equally specific sections) is handled below.
	timeout 60 perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats \
		-f "$f" >"$tmp/want" 2>"$tmp/want.err"
	"$CULPRIT" maintainers "$f" >"$tmp/got" 2>"$tmp/got.err"
	if cmp -s "$tmp/want" "$tmp/got"; then
		match=$((match + 1))
		continue
	fi
	# Equally deep sections come out in Perl's randomised hash order: a
	# mismatch counts as a match only if another run of get_maintainer.pl
	# (another hash seed) prints exactly what culprit printed.
	same=0
	for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		PERL_HASH_SEED=$seed timeout 60 perl scripts/get_maintainer.pl --nogit \
			--nogit-fallback --norolestats -f "$f" >"$tmp/want2" 2>/dev/null
		if cmp -s "$tmp/want2" "$tmp/got"; then
			same=1
			break
		fi
	done
	if [ $same = 1 ]; then
		match=$((match + 1))
		echo "order of equal sections differs from one perl run (ok): $f"
		continue
	fi
	echo "MISMATCH: $f"
	diff "$tmp/want" "$tmp/got" | sed 's/^/    /' | head -20
done <"$tmp/files"
secs=$(( $(date +%s) - start ))
echo "compared $n paths in ${secs}s"
echo "SCORE maintainers match $match/$n"
[ "$n" -gt 0 ] && [ $((match * 100)) -ge $((n * 99)) ]
