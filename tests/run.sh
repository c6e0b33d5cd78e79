#!/bin/sh
# Run every test: unit tests (cmocka, built under ASan+UBSan in build-asan/),
# then end-to-end scripts tests/e2e/t*.sh against build/culprit.
# A test passes with exit 0, is skipped with exit 77, fails otherwise.
# Output of each test goes to build/test-logs/<name>.log; failures are shown.
# Ends with "N passed, N failed, N skipped".
#
# Environment: TESTS="pattern" runs only tests whose name matches the glob.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
ASAN=${ASAN:-$top/build-asan}
logs=$BUILD/test-logs
mkdir -p "$logs"
export CULPRIT="$BUILD/culprit"
export CULPRIT_TOP="$top"
export CULPRIT_BUILD="$BUILD"
export CULPRIT_SHARED="${CULPRIT_SHARED:-$top/../shared}"
# Kernel sources and other expensive shared inputs live in one cache that
# the tests share (never the user's own ~/.cache).
export CULPRIT_TEST_CACHE="${CULPRIT_TEST_CACHE:-$top/.cache}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

passed=0 failed=0 skipped=0
failures=""

run_one() {
	name=$1
	shift
	case "$name" in ${TESTS:-*}) ;; *) return ;; esac
	start=$(date +%s)
	mkdir -p "$(dirname "$logs/$name.log")"
	"$@" >"$logs/$name.log" 2>&1 </dev/null
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok      $name (${secs}s)"
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
		why=$(grep -m1 '^SKIP' "$logs/$name.log" || true)
		echo "skip    $name ${why:+($why)}"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		echo "FAIL    $name (exit $rc, ${secs}s); last lines of $logs/$name.log:"
		tail -n 30 "$logs/$name.log" | sed 's/^/    | /'
	fi
	# a test that prints a "SCORE" line reports a measurement worth seeing
	grep '^SCORE' "$logs/$name.log" 2>/dev/null | sed 's/^/        /'
}

for t in "$ASAN"/tests/unit/test_*; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	run_one "unit/$(basename "$t")" timeout 600 "$t"
done

for t in "$top"/tests/e2e/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	run_one "e2e/$(basename "$t" .sh)" timeout 1800 sh "$t"
done

if [ -n "$failures" ]; then
	echo "failed:$failures"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
