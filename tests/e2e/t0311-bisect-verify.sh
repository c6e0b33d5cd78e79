#!/bin/sh
# Verification of the culprit (issue 10): after the answer, the culprit is
# rerun (it crashes), its parent too (clean), and the bad commit with the
# culprit reverted in culprit's own build tree is built and tested (clean).
# A revert that conflicts (a later commit edits the same lines) is reported
# as a conflict and never as a pass; --verify=no skips it all; a replay
# shows the same block from the journal alone (the verification runs are
# journalled); the user's repository is never touched.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
command -v jq >/dev/null || bl_skip "jq is not installed"
R=$T/repo
bl_repo "$R"
bl_commit "$R" 2
culprit=$(bl_bug "$R")
parent=$(git -C "$R" rev-parse "$culprit^")
bl_commit "$R" 2
bad=$(git -C "$R" rev-parse HEAD)
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
before=$(bl_tree_sum "$R")

# 1. the verification block: culprit crashes, parent clean, revert clean
bl_bisect "$R" --bad HEAD --good "$good" --runs 3 --log "$T/log" --json "$T/r1.json"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
v() { jq -r ".verification.$2" "$1"; }
[ "$(jq -r .culprit.hash "$T/r1.json")" = "$culprit" ] || bl_fail "wrong culprit"
[ "$(v "$T/r1.json" verified)" = true ] || bl_fail "not verified"
[ "$(v "$T/r1.json" culprit.status)" = crashes ] || bl_fail "culprit status"
[ "$(v "$T/r1.json" culprit.commit)" = "$culprit" ] || bl_fail "culprit commit"
[ "$(v "$T/r1.json" parent.status)" = clean ] || bl_fail "parent status"
[ "$(v "$T/r1.json" parent.commit)" = "$parent" ] || bl_fail "parent commit"
[ "$(v "$T/r1.json" revert.status)" = clean ] || bl_fail "revert status"
[ "$(v "$T/r1.json" revert_onto)" = "$bad" ] || bl_fail "the revert is not on the bad commit"
rev=$(v "$T/r1.json" revert.commit)
[ "$rev" != "$bad" ] && [ "$rev" != "$parent" ] || bl_fail "the revert commit is $rev"
for k in culprit parent revert; do
	n=$(v "$T/r1.json" $k.runs)
	[ "$n" -ge 2 ] || bl_fail "$k: $n runs, want at least 2"
done
[ "$(v "$T/r1.json" culprit.crashes)" -ge 2 ] || bl_fail "culprit crashes"
[ "$(v "$T/r1.json" parent.crashes)" -eq 0 ] || bl_fail "parent crashes"
[ "$(v "$T/r1.json" revert.crashes)" -eq 0 ] || bl_fail "revert crashes"
[ "$(jq -r .reliable "$T/r1.json")" = true ] || bl_fail "not reliable"
# the revert commit is in the build tree only, and reverts the culprit there
git -C "$R" cat-file -e "$rev" 2>/dev/null && bl_fail "the revert was written to the repository"
git -C "$T/work/tree" log -1 --format=%s "$rev" | grep -q '^Revert "prog: release the buffer early"$' ||
	bl_fail "the revert commit's subject"
[ "$(git -C "$T/work/tree" rev-parse "$rev^")" = "$bad" ] || bl_fail "the revert's parent"
git -C "$T/work/tree" diff --quiet "$parent" "$rev" -- bug.h || bl_fail "the revert keeps the bug"
# the log prints the block after the culprit
sed -n '/^first bad commit: /,$p' "$T/log" >"$T/tail"
for line in "^verification: passed$" "^  culprit  crashes ([0-9]* of [0-9]* runs crashed), commit " \
	"^  parent   clean (0 of [0-9]* runs crashed), commit " \
	"^  revert of the culprit on $bad:$" "^  revert   clean (0 of [0-9]* runs crashed), commit "; do
	grep -q "$line" "$T/tail" || bl_fail "no line matching '$line' after the culprit"
done

# 2. replay: the same block from the journal alone (nothing built or run)
bl_bisect "$R" --bad HEAD --good "$good" --runs 3 --replay --log "$T/log2" --json "$T/r2.json" ||
	bl_fail "replay failed"
[ "$(jq -c .verification "$T/r1.json")" = "$(jq -c .verification "$T/r2.json")" ] ||
	bl_fail "the replay's verification differs"
[ "$(jq -r .builds "$T/r2.json")" -eq 0 ] || bl_fail "the replay built"

# 3. --verify=no on the same work directory: no verification, nothing redone
bl_bisect "$R" --bad HEAD --good "$good" --runs 3 --verify=no --log "$T/log3" --json "$T/r3.json"
rc=$?
[ $rc -eq 0 ] || bl_fail "--verify=no: exit code $rc"
grep -q "^verification: skipped (--verify=no)$" "$T/log3" || bl_fail "--verify=no: log line"
grep -q "reverted on" "$T/log3" && bl_fail "--verify=no tested a revert"
[ "$(v "$T/r3.json" enabled)" = false ] || bl_fail "--verify=no: enabled"
[ "$(v "$T/r3.json" verified)" = false ] || bl_fail "--verify=no: verified"
for k in culprit parent revert; do
	[ "$(v "$T/r3.json" $k.status)" = skipped ] || bl_fail "--verify=no: $k status"
done
[ "$(jq -r .builds "$T/r3.json")" -eq 0 ] || bl_fail "--verify=no: the journal's builds were redone"
[ "$(bl_tree_sum "$R")" = "$before" ] || bl_fail "the user's repository changed"

# 4. a revert that conflicts: a later commit rewrites the culprit's line
R2=$T/repo2
bl_repo "$R2"
bl_commit "$R2" 1
culprit2=$(bl_bug "$R2")
printf '#define BUG 1 /* the buffer goes early */\n' >"$R2/bug.h"
git -C "$R2" commit -q -a -m "prog: say why" || exit 1
good2=$(git -C "$R2" rev-list --max-parents=0 HEAD)
rm -rf "$T/work"
bl_bisect "$R2" --bad HEAD --good "$good2" --runs 3 --log "$T/log4" --json "$T/r4.json"
rc=$?
cat "$T/log4"
[ $rc -eq 0 ] || bl_fail "conflict: exit code $rc"
[ "$(jq -r .culprit.hash "$T/r4.json")" = "$culprit2" ] || bl_fail "conflict: wrong culprit"
[ "$(v "$T/r4.json" revert.status)" = conflict ] || bl_fail "conflict: revert status"
[ "$(v "$T/r4.json" revert.note)" = bug.h ] || bl_fail "conflict: the conflicting path"
[ "$(v "$T/r4.json" revert.runs)" -eq 0 ] || bl_fail "conflict: the revert was run"
[ "$(v "$T/r4.json" verified)" = false ] || bl_fail "conflict: counted as a pass"
[ "$(v "$T/r4.json" culprit.status)" = crashes ] || bl_fail "conflict: culprit status"
grep -q "^verification: not passed$" "$T/log4" || bl_fail "conflict: log says passed"
grep -q "^  revert   conflict: bug.h$" "$T/log4" || bl_fail "conflict: log line"
echo "ok"
