#!/bin/sh
# --test-exit: the test's exit status is the verdict, as `git bisect run`
# reads it (0 good, 125 skip, 1-127 bad, >= 128 stop). culprit and git
# bisect run, given the same script and history, name the same commit, with
# skipped commits too; a status >= 128 stops both (culprit: exit 4 and a
# message); with --title, bad needs the crash in the output as well.
. "$CULPRIT_TOP/tests/e2e/cli-lib.sh"
cl_setup
R=$T/repo
cl_repo "$R" 40 23
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
want=$(git -C "$R" log --format=%H --grep='^v: 23$')
cat >"$T/test.sh" <<'SCRIPT'
n=$(cat v)
case " ${SKIPS:-} " in *" $n "*) echo "cannot test $n"; exit 125 ;; esac
[ -n "${ABORT:-}" ] && exit "$ABORT"
[ -f bug ] && { echo "broken at $n"; exit 3; }
exit 0
SCRIPT

# git bisect run in a clone, same script
git_run() {
	rm -rf "$T/clone"
	git clone -q "$R" "$T/clone" || exit 1
	(cd "$T/clone" && git bisect start HEAD "$good" >/dev/null &&
		git bisect run sh "$T/test.sh") >"$T/git.out" 2>&1
	git_rc=$?
	git_bad=$(cl_git_first_bad "$T/git.out")
}

for skips in "" "5 11 12 30 31 32"; do
	export SKIPS="$skips"
	git_run
	[ -n "$git_bad" ] || { cat "$T/git.out"; cl_fail "git bisect run found nothing (skips '$skips')"; }
	rm -rf "$T/work"
	cl_bisect "$R" --test-exit --test "sh $T/test.sh" --runs 3 HEAD "$good" >"$T/out" 2>"$T/err" ||
		{ cat "$T/out" "$T/err"; cl_fail "culprit failed (skips '$skips')"; }
	got=$(cl_culprit_of "$T/out")
	echo "skips '$skips': git bisect run $git_bad, culprit $got"
	[ "$got" = "$git_bad" ] && [ "$got" = "$want" ] || cl_fail "different answers"
	if [ -n "$skips" ]; then
		grep -q "untestable (git bisect run's skip)" "$T/out" || cl_fail "no skipped commit in the log"
	fi
done
export SKIPS=

# >= 128: git bisect run stops, and so does culprit (exit 4, a clear message)
for status in 128 200; do
	export ABORT=$status
	git_run
	[ $git_rc -ne 0 ] && [ -z "$git_bad" ] || cl_fail "git bisect run did not stop at $status"
	rm -rf "$T/work"
	cl_bisect "$R" --test-exit --test "sh $T/test.sh" HEAD "$good" >"$T/out" 2>"$T/err"
	rc=$?
	echo "exit status $status: culprit exit $rc: $(head -n 1 "$T/err")"
	[ $rc -eq 4 ] || { cat "$T/out" "$T/err"; cl_fail "status $status: exit $rc, want 4"; }
	grep -q "exited with status $status (>= 128" "$T/err" || cl_fail "no clear message"
done
export ABORT=

# the job key, in a job file: the same answer
printf '[bisect]\n\ttest-exit = true\n\ttest = sh %s/test.sh\n\truns = 2\n' "$T" >"$T/job.conf"
rm -rf "$T/work"
cl_bisect "$R" -f "$T/job.conf" --bad HEAD --good "$good" >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; cl_fail "job file with test-exit"; }
[ "$(cl_culprit_of "$T/out")" = "$want" ] || cl_fail "job file: another answer"

# with --title, bad needs the status and that crash: this script never
# prints one, so the bad commit does not reproduce (exit 3)
rm -rf "$T/work"
cl_bisect "$R" --test-exit --title "KASAN: use-after-free Read in foo" --test "sh $T/test.sh" \
	HEAD "$good" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 3 ] || { cat "$T/out" "$T/err"; cl_fail "--title without the crash: exit $rc, want 3"; }
echo "ok"
