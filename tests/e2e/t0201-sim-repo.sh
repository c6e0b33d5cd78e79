#!/bin/sh
# culprit sim on the DAG of a real repository (a bare clone, merges in it):
# a deterministic reproducer gives the exact culprit every time, a flaky
# one almost always; bad usage is exit 2.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
command -v git >/dev/null || bl_skip "git is not installed"
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL="committer@example.com"
R=$T/repo
bl_repo "$R"
good=$(git -C "$R" rev-parse HEAD)
for b in 1 2 3 4 5 6; do
	git -C "$R" checkout -q -b "topic$b" master || exit 1
	for i in 1 2 3 4 5; do
		echo "int t${b}_$i;" >>"$R/topic$b.c"
		git -C "$R" add "topic$b.c" && git -C "$R" commit -q -m "topic$b: $i" || exit 1
	done
	git -C "$R" checkout -q master || exit 1
	bl_commit "$R" 4
	git -C "$R" merge -q --no-ff -m "Merge topic$b" "topic$b" || exit 1
done
git clone -q --bare "$R" "$T/bare.git" || exit 1

"$CULPRIT" sim --repo "$T/bare.git" --bad master --good "$good" --trials 200 --p 1 --no-verify --json >"$T/p1" ||
	bl_fail "sim --repo failed"
cat "$T/p1"
grep -q '"policy":"bayes","commits":60,' "$T/p1" || bl_fail "the DAG should have 60 commits"
# exact counts reliable answers only: a merge culprit is flagged unreliable,
# so p=1 must put the culprit in the answer every time and never be wrong
for pol in bayes syzbot; do
	grep "\"policy\":\"$pol\"" "$T/p1" | grep -q '"wrong":0.0,' || bl_fail "p=1: $pol wrong"
	grep "\"policy\":\"$pol\"" "$T/p1" | grep -q '"culprit_in_result":1.0,' ||
		bl_fail "p=1: $pol did not always have the culprit in its answer"
done
"$CULPRIT" sim --repo "$T/bare.git" --bad master --good "$good" --trials 200 --p 0.3 --other 0.02 --no-verify \
	--policies bayes --json >"$T/p03" || bl_fail "sim --repo (p=0.3) failed"
cat "$T/p03"
# in the answer: the culprit, or (a merge, flagged unreliable) in the set
inres=$(python3 -c 'import json,sys; print(round(100 * json.load(open(sys.argv[1]))["culprit_in_result"], 1))' "$T/p03")
wrong=$(python3 -c 'import json,sys; print(round(100 * json.load(open(sys.argv[1]))["wrong"], 1))' "$T/p03")
echo "SCORE sim real DAG p=0.3: bayes culprit in the answer $inres%, wrong $wrong%"
awk "BEGIN { exit !($inres >= 95 && $wrong <= 1) }" || bl_fail "p=0.3: bayes in answer $inres% < 95% or wrong $wrong% > 1%"
"$CULPRIT" sim --repo "$T/bare.git" --trials 5 >/dev/null 2>&1
[ $? -eq 2 ] || bl_fail "--repo without --good: want exit 2"
"$CULPRIT" sim --p 2 >/dev/null 2>&1
[ $? -eq 2 ] || bl_fail "--p 2: want exit 2"
echo ok
