#!/bin/sh
# Ten commits around the culprit do not compile: they are skips, never
# good or bad, and the answer is the exact set git bisect would give: the
# broken commits and the first buildable commit after them (exit 1).
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 60
bl_broken "$R" 5
first_broken=$(git -C "$R" rev-list --reverse HEAD | sed -n 62p)
# the culprit breaks the build as well (its version.h is still broken)
printf '#define BUG 1\n' >"$R/bug.h"
git -C "$R" commit -q -a -m "prog: release the buffer early" || exit 1
bl_broken "$R" 4
bl_commit "$R" 1
first_ok=$(git -C "$R" rev-parse HEAD)
bl_commit "$R" 40
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
want=$(git -C "$R" rev-list "$first_broken^..$first_ok" | LC_ALL=C sort)

bl_bisect "$R" --bad HEAD --good "$good" \
	--log "$T/log" --json "$T/result.json"
rc=$?
cat "$T/log"
[ $rc -eq 1 ] || bl_fail "exit code $rc, want 1 (inconclusive)"
grep -q "^bisection is inconclusive, the first bad commit could be any of:$" "$T/log" ||
	bl_fail "no inconclusive line"
got=$(sed -n '/could be any of:$/,/^revisions tested/p' "$T/log" | grep -E '^[0-9a-f]{40}$' | LC_ALL=C sort)
[ "$got" = "$want" ] || { echo "want:"; echo "$want"; echo "got:"; echo "$got"; bl_fail "wrong candidate set"; }
grep -q "^failed building " "$T/log" || bl_fail "no build failure in the log"
echo ok
