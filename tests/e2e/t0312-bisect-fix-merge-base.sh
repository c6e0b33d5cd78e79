#!/bin/sh
# Fix mode when the crash was seen on a side branch the fixed end does not
# contain: as syzbot, the fix is searched from the merge base of the two
# ("... is a merge base, check if it has the bug"). A merge base without
# the crash ends as "no repro" (exit 3; syzbot policy, the check is the
# engine's for both); no merge base at all, or two (a criss-cross merge),
# is refused (exit 2) before anything is made.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 2
early=$(git -C "$R" rev-parse HEAD)	# before the bug
bl_bug "$R" >/dev/null
bl_commit "$R" 3
base=$(git -C "$R" rev-parse HEAD)	# the merge base: crashes
# the side branch where the crash was seen, never merged
git -C "$R" checkout -q -b side
bl_commit "$R" 2
side=$(git -C "$R" rev-parse HEAD)
git -C "$R" checkout -q master
bl_commit "$R" 6
fix=$(bl_fix "$R")
bl_commit "$R" 2

bl_bisect "$R" --mode fix --bad "$side" --verify=no --runs 3 --log "$T/log" \
	--git-log "$T/git.log" --json "$T/result.json"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
grep -q "^determining the merge base between $side and $(git -C "$R" rev-parse master)$" \
	"$T/log" || bl_fail "no merge-base line"
grep -q "^$base/version: bump to v.* is a merge base, check if it has the bug$" "$T/log" ||
	bl_fail "the merge base $base is not named"
grep -q "^first good commit: $fix prog: keep the buffer until the end$" "$T/log" ||
	bl_fail "wrong fix commit (want $fix)"
[ "$(bl_json "$T/result.json" merge_base)" = "$base" ] || bl_fail "JSON merge_base"
[ "$(bl_json "$T/result.json" bad)" = "$side" ] || bl_fail "JSON bad"
# git bisect replay ends on the same fix (the start line names the merge
# base as an old end: git would stop to test it)
rm -rf "$T/clone"
git clone -q "$R" "$T/clone" || exit 1
(cd "$T/clone" && git bisect replay "$T/git.log") >"$T/replay.out" 2>&1 ||
	{ cat "$T/git.log" "$T/replay.out"; bl_fail "git bisect replay failed"; }
grep -q "^$fix is the first fixed commit" "$T/replay.out" ||
	{ cat "$T/git.log" "$T/replay.out"; bl_fail "the replay does not end on $fix"; }

# a side branch that got the bug on its own: the merge base does not crash
git -C "$R" checkout -q -b side2 "$early"
bl_commit "$R" 1
side2=$(bl_bug "$R")
git -C "$R" checkout -q master
rm -rf "$T/work"
bl_bisect "$R" --mode fix --bad "$side2" --runs 3 --policy syzbot --log "$T/log2"
rc=$?
cat "$T/log2"
[ $rc -eq 3 ] || bl_fail "merge base without the crash: exit code $rc, want 3"
grep -q "reproducer does not crash the merge base, so there's no known bad commit" \
	"$T/log2" || bl_fail "no 'does not crash the merge base' line"

# unrelated histories: refused, nothing made or changed
git -C "$R" checkout -q --orphan lone
git -C "$R" commit -q -m "lone: unrelated root" || exit 1
lone=$(git -C "$R" rev-parse HEAD)
git -C "$R" checkout -q master
rm -rf "$T/work"
sum=$(bl_tree_sum "$R")
bl_bisect "$R" --mode fix --bad "$lone" --good master >"$T/out3" 2>&1
rc=$?
cat "$T/out3"
[ $rc -eq 2 ] || bl_fail "no merge base: exit code $rc, want 2"
grep -q "have no merge base" "$T/out3" || bl_fail "no 'no merge base' error"
[ ! -e "$T/work" ] || bl_fail "the refused job made $T/work"
[ "$(bl_tree_sum "$R")" = "$sum" ] || bl_fail "the refused job changed the repository"

# a criss-cross merge: two merge bases, refused as syzbot refuses them
git -C "$R" checkout -q -b x master~1 && bl_commit "$R" 1 && x1=$(git -C "$R" rev-parse HEAD)
git -C "$R" checkout -q -b y master~1 && echo y >"$R/y.txt" && git -C "$R" add y.txt &&
	git -C "$R" commit -q -m y1 && y1=$(git -C "$R" rev-parse HEAD)
git -C "$R" merge -q --no-edit "$x1" >/dev/null && my=$(git -C "$R" rev-parse HEAD)
git -C "$R" checkout -q x && git -C "$R" merge -q --no-edit "$y1" >/dev/null &&
	mx=$(git -C "$R" rev-parse HEAD)
git -C "$R" checkout -q master
bl_bisect "$R" --mode fix --bad "$mx" --good "$my" >"$T/out4" 2>&1
rc=$?
cat "$T/out4"
[ $rc -eq 2 ] || bl_fail "two merge bases: exit code $rc, want 2"
grep -q "have 2 merge bases" "$T/out4" || bl_fail "no 'have 2 merge bases' error"
[ ! -e "$T/work" ] || bl_fail "the refused job made $T/work"
echo ok
