#!/bin/sh
# The user-space crash parser against real sanitizer output.
#
# 1. A C program built here with `cc -fsanitize=address` reads freed memory
#    in use_after_free(): the title must name that function, whatever the
#    addresses and pids of the run (the bisection engine matches titles).
# 2. Throughput on 100 MB of made-up console output (SCORE lines only).
# 3. Every log of ../shared/corpus/sanitizer (ClusterFuzz's stack analyzer
#    data): exact crash_type and crash_state must stay >= 90% and never fall
#    below the best recorded in tests/e2e/sanitizer-scores.txt.
# Skips (77) when ../shared/corpus is absent.
set -u
tools=$CULPRIT_BUILD/tests/tools/sanitizer
scores=$CULPRIT_TOP/tests/e2e/sanitizer-scores.txt
for t in sanitizer-parse sanitizer-corpus; do
	[ -x "$tools/$t" ] || { echo "missing $tools/$t"; exit 1; }
done

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/uaf.c" <<'PROG'
#include <stdlib.h>
#include <string.h>

static int *make_buffer(void)
{
	int *p = malloc(4 * sizeof(int));
	memset(p, 0, 4 * sizeof(int));
	return p;
}

int use_after_free(int n)
{
	int *p = make_buffer();
	free(p);
	return p[n];
}

int main(int argc, char **argv)
{
	(void)argv;
	return use_after_free(argc);
}
PROG
if cc -g -O0 -fsanitize=address -o "$tmp/uaf" "$tmp/uaf.c" 2>"$tmp/cc.log"; then
	for run in 1 2; do
		ASAN_OPTIONS=detect_leaks=0 "$tmp/uaf" >"$tmp/out$run" 2>&1
		"$tools/sanitizer-parse" "$tmp/out$run" >"$tmp/parsed$run" || exit 1
	done
	want="title: AddressSanitizer: heap-use-after-free in use_after_free"
	if ! grep -qx "$want" "$tmp/parsed1"; then
		echo "FAIL: real ASan log: want '$want', got:"
		cat "$tmp/parsed1" "$tmp/out1"
		exit 1
	fi
	grep -qx 'crash_type: Heap-use-after-free\\nREAD 4' "$tmp/parsed1" ||
		{ echo "FAIL: crash_type"; cat "$tmp/parsed1"; exit 1; }
	# same title, type and state on a second run (other pid, addresses)
	if [ "$(grep -v '^start\|^end' "$tmp/parsed1")" != "$(grep -v '^start\|^end' "$tmp/parsed2")" ]; then
		echo "FAIL: two runs parse differently"
		diff "$tmp/parsed1" "$tmp/parsed2"
		exit 1
	fi
	echo "ok: cc -fsanitize=address use-after-free: $(head -1 "$tmp/parsed1")"
else
	echo "note: cc -fsanitize=address unavailable, real-program check skipped"
	cat "$tmp/cc.log"
fi

# throughput on 100 MB of console without (then with) a user-space crash;
# reported, not judged: the machine is shared
"$tools/sanitizer-corpus" --bench 100 || exit 1

corpus=${CULPRIT_SHARED:-$CULPRIT_TOP/../shared}/corpus/sanitizer
if [ ! -f "$corpus/INDEX.tsv" ]; then
	echo "SKIP: no sanitizer corpus at $corpus"
	exit 77
fi
"$tools/sanitizer-corpus" "$corpus" >"$tmp/corpus" || { cat "$tmp/corpus"; exit 1; }
cat "$tmp/corpus"

fail=0
for key in crash_type crash_state; do
	got=$(sed -n "s|^SCORE sanitizer $key \([0-9]*\)/\([0-9]*\) .*|\1 \2|p" "$tmp/corpus")
	best=$(sed -n "s|^$key \([0-9]*\)/\([0-9]*\)$|\1 \2|p" "$scores")
	[ -n "$got" ] || { echo "FAIL: no $key score"; exit 1; }
	set -- $got
	n=$1 total=$2
	if [ $((n * 100)) -lt $((total * 90)) ]; then
		echo "FAIL: $key $n/$total is below 90%"
		fail=1
	fi
	if [ -n "$best" ]; then
		set -- $best
		if [ $((n * $2)) -lt $(($1 * total)) ]; then
			echo "FAIL: $key $n/$total is below the best recorded, $1/$2 ($scores)"
			fail=1
		elif [ $((n * $2)) -gt $(($1 * total)) ]; then
			echo "note: $key $n/$total beats $1/$2: raise it in $scores"
		fi
	fi
done
exit $fail
