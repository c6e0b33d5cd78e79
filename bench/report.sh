#!/bin/sh
# Crash-report parser throughput on one core (CPU time of the parsing
# thread, best of several runs: the machine is shared): the crash-log
# corpus (when ../shared is there) and generated syzkaller-like consoles of
# 10 MB and 100 MB (kernel boot, "syzkaller login:", executor output,
# audit lines, "[ T1234]" prefixes) with no crash ("noise"), with kernel
# crashes pasted at random places ("crashes"), and with sanitizer and
# user-space reports ("userspace"). Goals (bench-report prints ok/MISSED):
# >= 300 MB/s for noise and crashes, >= 200 MB/s for userspace, and the
# 100 MB / 10 MB time ratio <= 11. Then the memory of `culprit report` on
# a 100 MB console (file and pipe) by /usr/bin/time -v when it is there.
set -u
tool="$CULPRIT_BUILD/bench/report/bench-report"
[ -x "$tool" ] || { echo "SKIP: $tool not built"; exit 77; }
set -- --sizes "${REPORT_BENCH_SIZES:-10,100}"
[ -d "$CULPRIT_SHARED/corpus" ] && set -- "$@" --corpus "$CULPRIT_SHARED/corpus"
"$tool" "$@" || exit 1	# single-threaded: one core

if [ -x /usr/bin/time ] && [ -x "${CULPRIT:-}" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for kind in noise crashes userspace; do
		"$tool" --write "$kind" 100 "$tmp/$kind.log" >/dev/null || exit 1
		/usr/bin/time -v "$CULPRIT" report --all --json "$tmp/$kind.log" >/dev/null 2>"$tmp/t" || exit 1
		file=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/t")
		/usr/bin/time -v sh -c 'cat "$2" | "$1" report --all --json >/dev/null' sh "$CULPRIT" "$tmp/$kind.log" 2>"$tmp/t" || exit 1
		pipe=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/t")
		echo "BENCH rss $kind 100 MB: file $((file / 1024)) MB, pipe $((pipe / 1024)) MB (goal: file < size + 64 MB, pipe < 64 MB)"
		rm -f "$tmp/$kind.log"
	done
fi
