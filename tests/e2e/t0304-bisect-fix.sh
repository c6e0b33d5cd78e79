#!/bin/sh
# Fix mode: the crash is there from an old commit on and a later commit
# fixes it; bad = the old crashing commit, good = HEAD (the fixed end).
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 3
bad=$(bl_bug "$R")
bl_commit "$R" 70
fix=$(bl_fix "$R")
bl_commit "$R" 25

bl_bisect "$R" --mode fix --bad "$bad" \
	--log "$T/log" --json "$T/result.json"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
grep -q "^bisecting fixing commit since $bad$" "$T/log" || bl_fail "no fix-mode header"
grep -q "^first good commit: $fix prog: keep the buffer until the end$" "$T/log" ||
	bl_fail "wrong fix commit (want $fix)"
[ "$(bl_json "$T/result.json" mode)" = fix ] || bl_fail "JSON mode"
echo ok
