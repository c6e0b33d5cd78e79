#!/bin/sh
# A real kernel bisection: `culprit demo` on a SHORT generated history
# (24 commits on top of linux-source-6.1, with a build break, an unrelated
# WARN and comment-only changes in the range) builds kernels, boots them in
# QEMU, runs the reproducer, and must name the injected mm_access() commit.
# Skips while the engine or the QEMU runner is not in the build.
set -u
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "SKIP: linux-source-6.1 not installed"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: qemu-system-x86_64 not installed"; exit 77; }
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

info=$("$CULPRIT" demo --generate-only --commits 24 --cache "$cache") || fail "demo generation"
echo "$info"
culprit=$(echo "$info" | sed -n 's/^culprit //p' | cut -d' ' -f1)

start=$(date +%s)
"$CULPRIT" demo --commits 24 --cache "$cache" --workdir "$cache/t0401-work" \
	--json "$tmp/result.json" >"$tmp/log" 2>"$tmp/err"
rc=$?
secs=$(( $(date +%s) - start ))
cat "$tmp/log"
tail -n 20 "$tmp/err"
echo "SCORE kernel demo bisection (24 commits): ${secs}s, exit $rc"
grep "^revisions tested" "$tmp/log" | sed 's/^/SCORE /'
[ $rc -eq 0 ] || fail "culprit demo exited $rc"
grep -q "^first bad commit: $culprit " "$tmp/log" || fail "log does not name $culprit"
grep -q "\"$culprit\"" "$tmp/result.json" || fail "JSON result does not name $culprit"
grep -q "^kernel signature: [0-9a-f]\{64\}$" "$tmp/log" || fail "no kernel signature lines"
grep -q "^testing commit [0-9a-f]\{40\} with gcc" "$tmp/log" || fail "no 'testing commit ... with gcc' lines"
grep -q "sleeping function called from invalid context" "$tmp/log" || fail "no crash report in the log"
# __FILE__ is relative to the tree, as in syzbot's reports (not ../tree/...)
grep -q "invalid context at kernel/locking/rwsem.c:[0-9]" "$tmp/log" ||
	fail "the report's file name is not relative to the source tree"
# the culprit is verified on real kernels: it crashes, its parent does not,
# and the bad commit with the culprit reverted does not (issue 10)
for line in "^verification: passed$" \
	"^  culprit  crashes ([1-9][0-9]* of [0-9]* runs crashed), commit " \
	"^  parent   clean (0 of [1-9][0-9]* runs crashed), commit " \
	"^  revert   clean (0 of [1-9][0-9]* runs crashed), commit "; do
	grep -q "$line" "$tmp/log" || fail "no verification line '$line'"
done
for w in culprit:crashes parent:clean revert:clean; do
	[ "$(jq -r ".verification.${w%%:*}.status" "$tmp/result.json")" = "${w#*:}" ] ||
		fail "JSON verification.${w%%:*}.status is not ${w#*:}"
done
echo "PASS"
