#!/bin/sh
# No good commit given: release tags are walked back from bad
# ("testing release vX.Y") until one does not crash, then the range is
# bisected.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
culprit=
for v in 0 1 2 3 4 5 6 7 8 9; do
	git -C "$R" tag -a "v1.$v" -m "v1.$v" || exit 1
	bl_commit "$R" 9
	[ $v -eq 6 ] && culprit=$(bl_bug "$R")
done

bl_bisect "$R" --bad HEAD --log "$T/log" --json "$T/result.json"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
for v in v1.9 v1.8 v1.7 v1.6; do
	grep -q "^testing release $v$" "$T/log" || bl_fail "release $v not tested"
done
grep -q "^testing release v1.5$" "$T/log" && bl_fail "walked past the first good release"
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit (want $culprit)"
[ "$(bl_json "$T/result.json" good)" = "$(git -C "$R" rev-parse 'v1.6^{commit}')" ] ||
	bl_fail "JSON good is not v1.6"

# syzbot's rule thins the tags as syzbot does: every release down to the
# third, then every other one (v1.6 is not tried, v1.5 is the good end)
bl_bisect "$R" --bad HEAD --policy syzbot --log "$T/log2" --workdir "$T/work2"
cat "$T/log2"
for v in v1.9 v1.8 v1.7 v1.5; do
	grep -q "^testing release $v$" "$T/log2" || bl_fail "syzbot: release $v not tested"
done
grep -q "^testing release v1.6$" "$T/log2" && bl_fail "syzbot: v1.6 tested (no thinning)"
echo ok
