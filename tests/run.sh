#!/bin/sh
# Run every test: unit tests (cmocka, built under ASan+UBSan in build-asan/,
# run by `meson test`), then end-to-end scripts tests/e2e/t*.sh against
# build/culprit.
# A test passes with exit 0, is skipped with exit 77, fails otherwise.
# Output of each test goes to build/test-logs/<name>.log; failures are shown.
# Ends with "N passed, N failed, N skipped".
#
# Environment: TESTS="pattern" runs only tests whose name matches the glob;
# CHECK_LANES=1 runs the end-to-end tests one after the other (default: the
# kernel tests beside the others, two lanes).
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
	# one write per test, so two lanes never interleave inside a report
	{
		if [ $rc -eq 0 ]; then
			echo "ok      $name (${secs}s)"
		elif [ $rc -eq 77 ]; then
			why=$(grep -m1 '^SKIP' "$logs/$name.log" || true)
			echo "skip    $name ${why:+($why)}"
		else
			echo "FAIL    $name (exit $rc, ${secs}s); last lines of $logs/$name.log:"
			tail -n 30 "$logs/$name.log" | sed 's/^/    | /'
		fi
		# a test that prints a "SCORE" line reports a measurement worth seeing
		grep '^SCORE' "$logs/$name.log" 2>/dev/null | sed 's/^/        /'
	} >"$logs/$name.result"
	cat "$logs/$name.result"
	echo "$rc" >"$logs/$name.rc"
}

# Unit tests: one `meson test` run (every test registered in
# tests/unit/meson.build), its per-test results read back from meson's log.
# Runs in the lane beside the kernel tests; its counts reach the summary
# through $logs/unit.counts (a lane is a subshell).
unit_tests() {
	unit_log=$ASAN/meson-logs/testlog.json
	unit_names=""
	for name in $(meson test -C "$ASAN" --no-rebuild --suite unit --list 2>/dev/null | sed 's/^.* \/ //'); do
		case "unit/$name" in ${TESTS:-*}) unit_names="$unit_names $name" ;; esac
	done
	if [ -n "$unit_names" ]; then
		rm -f "$unit_log"
		# shellcheck disable=SC2086
		meson test -C "$ASAN" --no-rebuild --suite unit $unit_names >"$logs/unit-meson.log" 2>&1
	fi
	if [ -n "$unit_names" ] && [ -f "$unit_log" ]; then
		# name result seconds, one line per test
		python3 -c '
import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)
    print(t["name"], t["result"], int(t.get("duration", 0)))
	' "$unit_log" >"$logs/unit-results.txt"
		while read -r name result secs; do
			mkdir -p "$logs/unit"
			python3 -c '
import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)
    if t["name"] == sys.argv[2]:
        sys.stdout.write(t.get("stdout") or "")
        sys.stdout.write(t.get("stderr") or "")
	' "$unit_log" "$name" >"$logs/unit/$name.log"
			case "$result" in
			OK) passed=$((passed + 1)); echo "ok      unit/$name (${secs}s)" ;;
			SKIP) skipped=$((skipped + 1)); echo "skip    unit/$name" ;;
			*)
				failed=$((failed + 1))
				failures="$failures unit/$name"
				echo "FAIL    unit/$name ($result, ${secs}s); last lines of $logs/unit/$name.log:"
				tail -n 30 "$logs/unit/$name.log" | sed 's/^/    | /'
				;;
			esac
		done <"$logs/unit-results.txt"
	elif [ -n "$unit_names" ] || [ -z "${TESTS:-}" ]; then
		failed=$((failed + 1))
		failures="$failures unit(meson)"
		echo "FAIL    unit tests: meson test wrote no results; see $logs/unit-meson.log"
		tail -n 30 "$logs/unit-meson.log" 2>/dev/null | sed 's/^/    | /'
	fi
	echo "$passed $failed $skipped$failures" >"$logs/unit.counts"
}

# End-to-end tests in two lanes on two cores (CHECK_LANES=1: one after the
# other): the kernel tests (t04*: builds and QEMU boots that share one cache
# and must not run beside each other) in one, everything else in the other.
e2e_names=""
for t in "$top"/tests/e2e/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	name="e2e/$(basename "$t" .sh)"
	case "$name" in ${TESTS:-*}) ;; *) continue ;; esac
	rm -f "$logs/$name.rc"
	e2e_names="$e2e_names $name"
done
lane() {
	for name in $e2e_names; do
		case "$(basename "$name")" in t04*) [ "$1" = kernel ] || continue ;; *) [ "$1" = other ] || continue ;; esac
		run_one "$name" timeout 1800 sh "$top/tests/$name.sh"
	done
}
rm -f "$logs/unit.counts"
if [ "${CHECK_LANES:-2}" -ge 2 ]; then
	lane kernel &
	kernel_lane=$!
	(unit_tests) >"$logs/unit.result"
	cat "$logs/unit.result"
	lane other
	wait $kernel_lane
else
	(unit_tests)
	lane kernel
	lane other
fi
if [ -f "$logs/unit.counts" ]; then
	read -r passed failed skipped failures <"$logs/unit.counts"
	failures=${failures:+ $failures}
fi
for name in $e2e_names; do
	[ -f "$logs/$name.rc" ] || continue
	case "$(cat "$logs/$name.rc")" in
	0) passed=$((passed + 1)) ;;
	77) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)); failures="$failures $name" ;;
	esac
done

if [ -n "$failures" ]; then
	echo "failed:$failures"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
