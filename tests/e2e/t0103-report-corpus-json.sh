#!/bin/sh
# Every crash found in ../shared/corpus has a non-empty JSON "report" and
# every field of `culprit report --json` (printed by the command's own code).
set -u
corpus=${CULPRIT_SHARED:?}/corpus
if [ ! -d "$corpus/linux_report" ]; then
	echo "SKIP: no crash-log corpus at $corpus"
	exit 77
fi
tool=${CULPRIT_BUILD:?}/tests/tools/report/report-json
dirs=
for d in linux_report all_report linux_guilty sanitizer; do
	[ -d "$corpus/$d" ] && dirs="$dirs $corpus/$d"
done
out=$("$tool" $dirs)
rc=$?
echo "$out" | tail -n 20
[ $rc -eq 0 ] || { echo "FAIL: report-json exited $rc"; exit 1; }
set -- $(echo "$out" | sed -n 's/^JSON files \([0-9]*\) crashes \([0-9]*\) .*/\1 \2/p')
[ "${2:-0}" -gt 500 ] || { echo "FAIL: only ${2:-0} crashes in ${1:-0} files"; exit 1; }
echo "ok"
