#!/bin/sh
# --probes 2: two commits a round, each in its own build tree. The same
# culprit as one probe a round, in fewer rounds than steps, and the
# journal replays to the same log.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 41
culprit=$(bl_bug "$R")
bl_commit "$R" 21
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
before=$(bl_tree_sum "$R")

bl_bisect "$R" --bad HEAD --good "$good" --probes 2 --runs 3 \
	--log "$T/log" --json "$T/result.json"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit (want $culprit)"
[ "$(bl_json "$T/result.json" hash)" = "$culprit" ] || bl_fail "JSON culprit"
[ "$(bl_json "$T/result.json" probes)" = 2 ] || bl_fail "JSON probes"
rounds=$(bl_json "$T/result.json" rounds)
tested=$(sed -n 's/^revisions tested: \([0-9]*\),.*/\1/p' "$T/log")
echo "SCORE bisect probes 2: rounds $rounds, revisions tested $tested"
[ "$rounds" -lt "$tested" ] || bl_fail "$rounds rounds for $tested revisions: nothing at once"
ls -d "$T/work"/tree-1 "$T/work"/tree-2 >/dev/null 2>&1 ||
	ls -d "$T"/work/*/tree-1 >/dev/null 2>&1 || bl_fail "no build tree per probe"

# the journal alone tells the same story
bl_bisect "$R" --bad HEAD --good "$good" --probes 2 --runs 3 --replay --log "$T/replay" ||
	bl_fail "replay failed"
grep -v "total time" "$T/log" >"$T/a"
grep -v "total time" "$T/replay" >"$T/b"
cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b"; bl_fail "the replay differs"; }
[ "$(bl_tree_sum "$R")" = "$before" ] || bl_fail "the user's repository changed"
echo "ok"
