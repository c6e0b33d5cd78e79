#!/bin/sh
# Peer comparison: `culprit maintainers FILE` against the kernel's own
# `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f FILE`
# on Debian's linux-source-6.1 tree: a seeded random sample of files
# (tests/lib/maintainers-sample.sh; MAINTAINERS_SEED, default "t0500"),
# MAINTAINERS_SAMPLE of them (default 520), plus paths hit by N: regexes, K:
# keywords, X: exclusions, deep paths, yaml bindings and directories. Each
# file's output must be the same lines in the same order.
#
# get_maintainer.pl takes sections of equal pattern depth in the order of a
# Perl hash, which perl randomises per process (PERL_HASH_SEED): for such a
# file the script itself prints one of several answers. A difference counts
# as a match only when a run of the script with a fixed PERL_HASH_SEED
# prints exactly what culprit printed (the seed is printed, so it can be
# checked by hand); culprit takes equal sections in MAINTAINERS order.
#
# MAINTAINERS_SEEDS=N: how many PERL_HASH_SEED values to try (default 64).
# Prints "SCORE maintainers match N/M"; fails below 99.5%, or on a mismatch
# not listed in known_misses below with its reason.
set -u
: "${CULPRIT:?}" "${CULPRIT_TOP:?}" "${CULPRIT_TEST_CACHE:?}"
. "$CULPRIT_TOP/tests/lib/kernel-src.sh"
src=$(kernel_src_dir) || exit $?
command -v perl >/dev/null || { echo "SKIP: perl not installed"; exit 77; }
. "$CULPRIT_TOP/tests/lib/maintainers-sample.sh"

# Files where culprit knowingly differs from the script, one per line:
# "path<TAB>reason". None today.
known_misses=''

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
maintainers_sample "$src" "${MAINTAINERS_SAMPLE:-520}" "${MAINTAINERS_SEED:-t0500}" \
	>"$tmp/files" || exit 1
total=$(wc -l <"$tmp/files")
[ "$total" -ge 500 ] || { echo "sample too small: $total"; exit 1; }

cd "$src" || exit 1
# HOME: a ~/.get_maintainer.conf would add options to the script
gm() { HOME=$tmp timeout 60 perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f "$1"; }
start=$(date +%s)
match=0 n=0 ties=0 unexplained=0
while IFS= read -r f; do
	n=$((n + 1))
	gm "$f" >"$tmp/want" 2>"$tmp/want.err"
	"$CULPRIT" maintainers "$f" >"$tmp/got" 2>"$tmp/got.err"
	if cmp -s "$tmp/want" "$tmp/got"; then
		match=$((match + 1))
		continue
	fi
	same=
	for seed in $(seq 1 ${MAINTAINERS_SEEDS:-64}); do
		PERL_HASH_SEED=$seed gm "$f" >"$tmp/want2" 2>/dev/null
		cmp -s "$tmp/want2" "$tmp/got" && { same=$seed; break; }
	done
	if [ -n "$same" ]; then
		match=$((match + 1)) ties=$((ties + 1))
		echo "equal sections in hash order: PERL_HASH_SEED=$same prints culprit's answer: $f"
		continue
	fi
	reason=$(printf '%s\n' "$known_misses" | awk -F '\t' -v f="$f" '$1 == f { print $2 }')
	if [ -n "$reason" ]; then
		echo "known miss ($reason): $f"
	else
		unexplained=$((unexplained + 1))
		echo "MISMATCH: $f"
	fi
	diff "$tmp/want" "$tmp/got" | sed 's/^/    /' | head -20
done <"$tmp/files"
secs=$(( $(date +%s) - start ))
echo "compared $n paths in ${secs}s ($ties decided by Perl's hash order)"
echo "SCORE maintainers match $match/$n"
[ "$unexplained" -eq 0 ] && [ "$n" -gt 0 ] && [ $((match * 1000)) -ge $((n * 995)) ]
