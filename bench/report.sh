#!/bin/sh
# Crash-report parser throughput on one core: the crash-log corpus (when
# ../shared is there) and generated 10 MB / 100 MB console logs with no
# crash and with a crash at the end. Goals: >= 100 MB/s, linear cost (the
# 100 MB log takes at most 12x the time of the 10 MB one).
set -u
tool="$CULPRIT_BUILD/bench/report/bench-report"
[ -x "$tool" ] || { echo "SKIP: $tool not built"; exit 77; }
set -- --sizes "${REPORT_BENCH_SIZES:-10,100}"
[ -d "$CULPRIT_SHARED/corpus" ] && set -- "$@" --corpus "$CULPRIT_SHARED/corpus"
exec "$tool" "$@"	# single-threaded: one core
