#!/bin/sh
# The crash-report parser against the shared crash-log corpus (syzkaller's
# pkg/report testdata sample and clusterfuzz's sanitizer logs).
#
# Fails when a score drops below its record in report-scores.txt (a ratchet:
# raise the records when the parser improves) or below the acceptance
# thresholds: title >= 95% of linux_report, every no-crash file without a
# crash, type >= 95%, corrupted >= 90%, guilty file >= 90%, and on the
# user-space sanitizer logs crash_type and crash_state of report_parse()'s
# first crash (what culprit reads: kernel catch-alls must not shadow the
# sanitizer report) >= 90%.
set -u
corpus=${CULPRIT_SHARED:?}/corpus
if [ ! -d "$corpus/linux_report" ]; then
	echo "SKIP: no crash-log corpus at $corpus"
	exit 77
fi
tool=${CULPRIT_BUILD:?}/tests/tools/report/report-corpus
records=${CULPRIT_TOP:?}/tests/e2e/report-scores.txt
out=$("$tool" "$corpus")
rc=$?
echo "$out"
if [ $rc -ne 0 ]; then
	echo "FAIL: report-corpus exited $rc"
	exit 1
fi

fail=0
score() {	# folder field -> "matched total"
	echo "$out" | awk -v f="$1" -v k="$2" '$1 == "SCORE" && $2 == f && $3 == k { print $4, $5 }'
}

while read -r folder field best; do
	case "$folder" in ''|\#*) continue ;; esac
	set -- $(score "$folder" "$field")
	got=${1:-0}
	if [ "$got" -lt "$best" ]; then
		echo "FAIL: $folder $field: $got below the record $best"
		fail=1
	elif [ "$got" -gt "$best" ]; then
		echo "note: $folder $field improved to $got (record $best): raise it in $records"
	fi
done <"$records"

threshold() {	# folder field percent
	set -- "$1" "$2" "$3" $(score "$1" "$2")
	if [ -z "${4:-}" ] || [ $(( $4 * 100 )) -lt $(( $3 * $5 )) ]; then
		echo "FAIL: $1 $2 ${4:-0}/${5:-0} below the acceptance threshold of $3%"
		fail=1
	fi
}
threshold linux_report title 95
threshold linux_report nocrash 100
threshold linux_report type 95
threshold linux_report corrupted 90
threshold linux_guilty guilty_file 90
threshold sanitizer crash_type 90
threshold sanitizer crash_state 90
exit $fail
