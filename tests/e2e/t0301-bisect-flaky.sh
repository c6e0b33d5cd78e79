#!/bin/sh
# A flaky reproducer: the use-after-free fires in about 30% of the runs.
# bayes must still name the exact culprit (200 commits).
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 81
culprit=$(bl_bug "$R" 300)
bl_commit "$R" 117
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

bl_bisect "$R" --bad HEAD --good "$good" --policy bayes --vms 2 \
	--log "$T/log" --json "$T/result.json"
rc=$?
cat "$T/log"
runs=$(grep -c '"verdict"' "$T/result.json")
tested=$(sed -n 's/^revisions tested: \([0-9]*\),.*/\1/p' "$T/log")
echo "SCORE bisect flaky p=0.3: revisions tested $tested, runs $runs"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit (want $culprit)"
grep -q "^confidence: 0\.99" "$T/log" || grep -q "^confidence: 1\.0" "$T/log" ||
	bl_fail "confidence under 0.99"
echo ok
