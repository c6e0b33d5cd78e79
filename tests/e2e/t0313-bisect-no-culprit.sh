#!/bin/sh
# "No culprit in range" (issue 10): the crash (a use-after-free that shows
# in 40% of runs) is already in the good end, so no commit of the range
# introduced it. culprit answers so, not with a commit: exit 1, JSON
# outcome "no_culprit" with the rates it measured at both ends (each run
# tens of times before it is believed), reliable at the job's confidence,
# the log's line with the rates; a replay gives the same answer from the
# journal alone; the user's repository is never touched.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
command -v jq >/dev/null || bl_skip "jq is not installed"
R=$T/repo
bl_repo "$R"
bl_commit "$R" 1
old=$(bl_bug "$R" 400)
bl_commit "$R" 12
before=$(bl_tree_sum "$R")

bl_bisect "$R" --bad HEAD --good "$old" --runs 5 --log "$T/log" --json "$T/r.json"
rc=$?
grep -v '^run #' "$T/log"
[ $rc -eq 1 ] || bl_fail "exit code $rc, want 1"
j() { jq -r "$1" "$T/r.json"; }
[ "$(j .outcome)" = no_culprit ] || bl_fail "outcome $(j .outcome), want no_culprit"
[ "$(j .culprit)" = null ] || bl_fail "a culprit was named"
[ "$(j .reliable)" = true ] || bl_fail "not reliable at the job's confidence"
awk "BEGIN { exit !($(j .confidence) >= 0.99) }" || bl_fail "confidence $(j .confidence)"
for side in bad good; do
	n=$(j ".rates.$side.runs") k=$(j ".rates.$side.crashes") r=$(j ".rates.$side.rate")
	echo "$side end: $k of $n runs crashed ($r)"
	[ "$n" -ge 40 ] || bl_fail "$side end: $n runs, want at least 40"
	# 40% for both: far from 0 and from 1 after 40 runs and more
	awk "BEGIN { exit !($r > 0.15 && $r < 0.7 && $k / $n == $r) }" ||
		bl_fail "$side end: rate $r ($k of $n)"
done
grep -q "^no culprit in range: the crash happens on the good end too (bad side $(j .rates.bad.crashes) of $(j .rates.bad.runs) runs, good side $(j .rates.good.crashes) of $(j .rates.good.runs))$" "$T/log" ||
	bl_fail "no 'no culprit in range' line with the rates"
grep -q "first bad commit" "$T/log" && bl_fail "the log names a first bad commit"

# the same answer from the journal alone
bl_bisect "$R" --bad HEAD --good "$old" --runs 5 --replay --json "$T/r2.json" >"$T/log2"
rc=$?
[ $rc -eq 1 ] || bl_fail "replay: exit code $rc, want 1"
[ "$(jq -c '{outcome, rates, confidence}' "$T/r.json")" = \
	"$(jq -c '{outcome, rates, confidence}' "$T/r2.json")" ] || bl_fail "the replay's answer differs"
[ "$(jq -r .builds "$T/r2.json")" -eq 0 ] || bl_fail "the replay built"
[ "$(bl_tree_sum "$R")" = "$before" ] || bl_fail "the user's repository changed"
echo ok
