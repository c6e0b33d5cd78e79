#!/bin/sh
# --git-log FILE: `git bisect replay FILE` in a clone ends on culprit's
# answer: a clean case, fix mode (git's terms broken/fixed), -- PATH with
# --first-parent on merges, and a flaky test under bayes (each tested commit
# with its final classification under the answer).
. "$CULPRIT_TOP/tests/e2e/cli-lib.sh"
cl_setup
R=$T/repo
cl_repo "$R" 30 17
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
want=$(git -C "$R" log --format=%H --grep='^v: 17$')
# FLAKY=DIR: the bug shows in every other run of a commit (the first run
# of each is clean), counted in DIR: flaky, but the same every time (with
# /dev/urandom the 1% of answers a 0.99 confidence allows to be wrong made
# the test fail now and then)
cat >"$T/test.sh" <<'SCRIPT'
[ -f bug ] || exit 0
if [ -n "${FLAKY:-}" ]; then
	n=$(cat "$FLAKY/runs-$(cat v)" 2>/dev/null)
	n=${n:-0}
	echo $((n + 1)) >"$FLAKY/runs-$(cat v)"
	[ $((n % 2)) -eq 0 ] && exit 0
fi
exit 1
SCRIPT

# replay LOG WANT: git bisect replay in a fresh clone ends on WANT
replay() {
	rm -rf "$T/clone"
	git clone -q "$R" "$T/clone" || exit 1
	(cd "$T/clone" && git bisect replay "$1") >"$T/replay.out" 2>&1 ||
		{ cat "$1" "$T/replay.out"; cl_fail "git bisect replay failed"; }
	got=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first \(bad\|fixed\) commit.*/\1/p' "$T/replay.out" | tail -n 1)
	echo "replay of $(grep -c '^git bisect' "$1") lines: $got"
	[ "$got" = "$2" ] || { cat "$1" "$T/replay.out"; cl_fail "replay ends on '$got', want $2"; }
}

rm -rf "$T/work"
cl_bisect "$R" --test-exit --test "sh $T/test.sh" --runs 2 --git-log="$T/a.log" HEAD "$good" \
	>"$T/out" 2>&1 || { cat "$T/out"; cl_fail "clean case"; }
[ "$(cl_culprit_of "$T/out")" = "$want" ] || cl_fail "clean case: wrong culprit"
replay "$T/a.log" "$want"

# fix mode: the bug is there from the start, commit 17 removes it
F=$T/fixrepo
mkdir -p "$F" && git -C "$F" init -q -b master && echo bug >"$F/bug"
i=1
while [ $i -le 30 ]; do
	[ $i -eq 17 ] && git -C "$F" rm -q bug
	cl_commit "$F" $i
	i=$((i + 1))
done
fixed=$(git -C "$F" log --format=%H --grep='^v: 17$')
rm -rf "$T/work"
cl_bisect "$F" --mode fix --test-exit --test "sh $T/test.sh" --runs 2 --git-log "$T/f.log" \
	--bad "$(git -C "$F" rev-list --max-parents=0 HEAD)" --good HEAD >"$T/out" 2>&1 ||
	{ cat "$T/out"; cl_fail "fix mode"; }
grep -q "^git bisect start '--term-old=broken' '--term-new=fixed'" "$T/f.log" ||
	{ cat "$T/f.log"; cl_fail "fix mode: not git's terms"; }
R=$F replay "$T/f.log" "$fixed"
R=$T/repo

# flaky, bayes: every commit it tested, classified under the answer
export FLAKY=$T/flaky
rm -rf "$T/work" "$FLAKY"
mkdir -p "$FLAKY"
cl_bisect "$R" --test-exit --test "sh $T/test.sh" --git-log "$T/b.log" HEAD "$good" \
	>"$T/out" 2>&1 || { cat "$T/out"; cl_fail "flaky case"; }
c=$(cl_culprit_of "$T/out")
echo "flaky: culprit $c (want $want), $(grep -c '^testing commit' "$T/out") commits tested"
[ "$c" = "$want" ] || cl_fail "flaky: wrong culprit"
# some bad commit showed no crash in some runs: its line still says bad
replay "$T/b.log" "$c"
echo "ok"
