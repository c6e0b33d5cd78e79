#!/bin/sh
# The user's repository is never touched: a dirty work tree (a modified
# tracked file, an untracked file, a staged change) comes out byte for byte
# the same, HEAD and the index included, whatever commits were built.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 30
culprit=$(bl_bug "$R")
bl_commit "$R" 20
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
git -C "$R" checkout -q HEAD~7 || exit 1
echo "local edit" >>"$R/prog.c"
echo "scratch" >"$R/notes.txt"
echo "staged" >"$R/staged.txt"
git -C "$R" add staged.txt
status_before=$(git -C "$R" status --porcelain=v1 -b)
before=$(bl_tree_sum "$R")

bl_bisect "$R" --bad master --good "$good" --log "$T/log"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit"
[ "$(bl_tree_sum "$R")" = "$before" ] || bl_fail "the user's repository changed"
[ "$(git -C "$R" status --porcelain=v1 -b)" = "$status_before" ] || bl_fail "git status changed"
echo ok
