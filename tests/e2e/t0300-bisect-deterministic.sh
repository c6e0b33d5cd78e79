#!/bin/sh
# culprit bisect on a real repository: 200 commits, one introduces a heap
# use-after-free that ASan reports every run. The exact culprit must come
# out within ceil(log2 200) + 2 = 10 revisions tested, with syzbot's log
# lines, the JSON result, and the user's repository untouched.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 136
culprit=$(bl_bug "$R")
bl_commit "$R" 62
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
before=$(bl_tree_sum "$R")

bl_bisect "$R" --bad HEAD --good "$good" \
	--log "$T/log" --json "$T/result.json"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
grep -q "^first bad commit: $culprit prog: release the buffer early$" "$T/log" ||
	bl_fail "wrong culprit (want $culprit)"
[ "$(bl_json "$T/result.json" hash)" = "$culprit" ] || bl_fail "JSON culprit"
[ "$(bl_json "$T/result.json" reliable)" = true ] || bl_fail "JSON reliable"
tested=$(sed -n 's/^revisions tested: \([0-9]*\),.*/\1/p' "$T/log")
echo "SCORE bisect deterministic: revisions tested $tested (limit 10)"
[ "$tested" -le 10 ] || bl_fail "$tested revisions tested, want <= 10"
for line in "^bisecting cause commit starting from " "^testing commit [0-9a-f]\{40\}" \
	"^build signature: [0-9a-f]\{64\}$" "^all runs: crashed: " "^all runs: OK$" \
	"^# git bisect start " "^Bisecting: [0-9]* revisions\{0,1\} left to test after this (roughly [0-9]* steps\{0,1\})$" \
	"^$culprit is the first bad commit$" "^commit $culprit$" "^Author: A U Thor <author@example.com>$" \
	"^culprit signature: " "^parent  signature: " "^revisions tested: [0-9]*, total time: .* (build: .*, test: .*)$" \
	"^confidence: " "^recipients (to): \[" "^recipients (cc): \[" "^crash: "; do
	grep -q "$line" "$T/log" || bl_fail "no line matching '$line' in the log"
done
grep -q "use-after-free" "$T/log" || bl_fail "the crash report is missing"
[ "$(bl_tree_sum "$R")" = "$before" ] || bl_fail "the user's repository changed"
echo "ok"
