#!/bin/sh
# Options as a kernel developer types them: --opt=value and --opt value
# alike, -f/--job for the job file (-c and --jobs warn but work), one name
# per concept, --version everywhere, --runs documented for both policies,
# user defaults in ~/.config/culprit/config that job files and flags
# override, and unknown options refused with exit 2 before anything runs.
. "$CULPRIT_TOP/tests/e2e/cli-lib.sh"
cl_setup
R=$T/repo
cl_repo "$R" 12 7
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
want=$(git -C "$R" log --format=%H --grep='^v: 7$')
printf '[ -f bug ] && exit 1\nexit 0\n' >"$T/test.sh"

run() { rm -rf "$T/work"; cl_bisect "$R" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
found() {
	[ $rc -eq 0 ] || { cat "$T/out" "$T/err"; cl_fail "$1: exit $rc"; }
	[ "$(cl_culprit_of "$T/out")" = "$want" ] || cl_fail "$1: wrong culprit"
}

# --opt=value everywhere, --json=FILE included
run --test-exit --test="sh $T/test.sh" --runs=2 --vms=2 --json="$T/r.json" --bad=HEAD --good="$good"
found "--opt=value"
grep -q '"outcome": "found"' "$T/r.json" || cl_fail "--json=FILE wrote no result"
# the same with separate values, and the positional form
run --test-exit --test "sh $T/test.sh" --runs 2 --json "$T/r2.json" HEAD "$good"
found "--opt value, positional"

# the job file: -f, --job, --job=; -c and --jobs still work, with a warning
printf '[bisect]\n\ttest = sh %s/test.sh\n\ttest-exit = true\n\truns = 2\n' "$T" >"$T/job.conf"
for f in "-f $T/job.conf" "--job $T/job.conf" "--job=$T/job.conf"; do
	# shellcheck disable=SC2086
	run $f HEAD "$good"
	found "$f"
	[ ! -s "$T/err" ] || { cat "$T/err"; cl_fail "$f: unexpected messages"; }
done
run -c "$T/job.conf" --jobs 2 HEAD "$good"
found "-c / --jobs"
grep -q -- "-c is deprecated" "$T/err" || cl_fail "-c: no deprecation warning"
grep -q -- "--jobs is deprecated" "$T/err" || cl_fail "--jobs: no deprecation warning"

# flags win over the job file, the job file over the user's defaults
mkdir -p "$T/config/culprit"
printf '[bisect]\n\ttest = true\n\ttest-exit = true\n\truns = 2\n' >"$T/config/culprit/config"
run HEAD "$good"
[ $rc -eq 3 ] || { cat "$T/out" "$T/err"; cl_fail "user defaults not read (exit $rc)"; }
run -f "$T/job.conf" HEAD "$good"
found "job file over user defaults"
run --test "sh $T/test.sh" HEAD "$good"
found "flag over user defaults"
printf '[bisect]\n\tno-such-key = 1\n' >"$T/config/culprit/config"
run -f "$T/job.conf" HEAD "$good"
[ $rc -eq 2 ] && grep -q "user's defaults" "$T/err" || cl_fail "a bad user defaults file: exit $rc"
rm -f "$T/config/culprit/config"

# refused before anything runs: exit 2, no work directory
for bad in "--no-such-option" "--runs=many" "--runs" "--policy=coin"; do
	run --test "sh $T/test.sh" HEAD "$good" $bad
	[ $rc -eq 2 ] || cl_fail "'$bad': exit $rc, want 2"
	[ ! -e "$T/work/journal" ] || cl_fail "'$bad': a journal was written"
done
run --test "sh $T/test.sh" --bad HEAD HEAD~1 "$good"
[ $rc -eq 2 ] || cl_fail "--bad and a positional bad: exit $rc, want 2"

# a user-space build is a "build signature"; the compiler line names the
# compiler the build command invokes (CC=), not whatever cc is
if command -v clang >/dev/null; then
	run --build "true CC=clang" --test-exit --test "sh $T/test.sh" --runs 1 HEAD "$good"
	found "CC= in the build command"
	grep -q "^testing commit [0-9a-f]* with .*clang version" "$T/out" ||
		{ grep -m1 "^testing commit" "$T/out"; cl_fail "the compiler line is not clang's"; }
	grep -q "^build signature: [0-9a-f]\{64\}$" "$T/out" || cl_fail "no build signature line"
	grep -q "^kernel signature" "$T/out" && cl_fail "a user-space build called a kernel"
fi

# --help: --runs for both policies; --version for culprit and its commands
"$CULPRIT" bisect --help >"$T/help" || cl_fail "--help"
grep -q "syzbot:" "$T/help" && grep -q "bayes: the cap" "$T/help" || cl_fail "--runs undocumented"
grep -q -- "--make-jobs" "$T/help" && grep -q -- "--vms" "$T/help" || cl_fail "--help names"
for cmd in "" "bisect" "run-kernel"; do
	# shellcheck disable=SC2086
	v=$("$CULPRIT" $cmd --version) || cl_fail "culprit $cmd --version failed"
	echo "$v" | grep -q "^culprit version [0-9]" || cl_fail "culprit $cmd --version: '$v'"
done
# run-kernel takes --opt=value too (a missing image is reported as such)
"$CULPRIT" run-kernel --bzimage="$T/none" --repro="$T/r.c" 2>"$T/err"
grep -q "no kernel image '$T/none'" "$T/err" || { cat "$T/err"; cl_fail "run-kernel --bzimage=F"; }
echo "ok"
