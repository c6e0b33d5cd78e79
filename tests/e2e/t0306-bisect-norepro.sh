#!/bin/sh
# A bad commit that does not crash: exit code 3 and a clear message; bad
# input (unknown revision, missing repository, unknown option): exit 2 and
# no work directory created.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 20
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

bl_bisect "$R" --bad HEAD --good "$good" --runs 3 >"$T/log" 2>"$T/err"
rc=$?
cat "$T/log" "$T/err"
[ $rc -eq 3 ] || bl_fail "no reproduction: exit code $rc, want 3"
grep -q "reproduced" "$T/err" || bl_fail "no clear message on stderr"

rm -rf "$T/work"
bl_bisect "$R" --bad no-such-rev --good "$good" >/dev/null 2>"$T/err"
rc=$?
cat "$T/err"
[ $rc -eq 2 ] || bl_fail "unknown revision: exit code $rc, want 2"
[ -e "$T/work" ] && bl_fail "a work directory was created for bad input"
"$CULPRIT" bisect --repo "$T/nowhere" --bad HEAD --build true --test true >/dev/null 2>&1
[ $? -eq 2 ] || bl_fail "missing repository: want exit 2"
"$CULPRIT" bisect --frobnicate >/dev/null 2>&1
[ $? -eq 2 ] || bl_fail "unknown option: want exit 2"
"$CULPRIT" bisect --repo "$R" --bad HEAD --runs many --build true --test true >/dev/null 2>&1
[ $? -eq 2 ] || bl_fail "bad number: want exit 2"
echo ok
