#!/bin/sh
# `make bench`: run every benchmark script bench/*.sh (each prints its own
# measurements). Long measurements live here, never in `make check`.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
export CULPRIT="${CULPRIT:-$top/build/culprit}"
export CULPRIT_TOP="$top"
export CULPRIT_BUILD="${CULPRIT_BUILD:-$top/build}"
export CULPRIT_SHARED="${CULPRIT_SHARED:-$top/../shared}"
export CULPRIT_TEST_CACHE="${CULPRIT_TEST_CACHE:-$top/.cache}"
rc=0
for b in "$top"/bench/*.sh; do
	[ -f "$b" ] || continue
	[ "$(basename "$b")" = run.sh ] && continue
	case "$(basename "$b" .sh)" in ${BENCH:-*}) ;; *) continue ;; esac
	echo "== $(basename "$b" .sh)"
	sh "$b" || { echo "bench $(basename "$b") failed"; rc=1; }
done
exit $rc
