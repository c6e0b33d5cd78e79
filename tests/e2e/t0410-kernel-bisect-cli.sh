#!/bin/sh
# culprit bisect on real kernels through the command line: a job file with
# a [kernel] section (config, reproducer, CPUs, memory, kvm) plus kernel
# flags (--vms), on a SHORT range of the 24-commit demo history that
# t0401 generates: good = two commits before the injected mm_access()
# commit, bad = its child. Builds kernels, boots them in QEMU, and must
# name the injected commit, with the syzbot-format log ending in the crash.
# Cheap on purpose: it reuses the demo repository and the ccache t0401 left
# in CULPRIT_TEST_CACHE (and skips when they are not there: it never
# generates a history itself), and keeps its build directory between runs
# (only the journal is dropped, so every commit is built and run again).
set -u
command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: qemu-system-x86_64 not installed"; exit 77; }
cache=${CULPRIT_TEST_CACHE:?}
info=
for f in "$cache"/demo/h24-*.git/demo.info; do
	[ -f "$f" ] && info=$f
done
[ -n "$info" ] && [ -f "$cache/demo/config" ] && [ -f "$cache/demo/repro.c" ] || {
	echo "SKIP: no 24-commit demo history in $cache/demo (run t0401-kernel-demo-bisect first)"
	exit 77
}
[ -d "$cache/ccache" ] || { echo "SKIP: no ccache in $cache (run t0401-kernel-demo-bisect first)"; exit 77; }
export CULPRIT_CACHE="$cache"
R=${info%/demo.info}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

culprit=$(sed -n 's/^culprit //p' "$info")
subject=$(sed -n 's/^culprit_subject //p' "$info")
head=$(sed -n 's/^bad //p' "$info")
bad=$(git -C "$R" rev-list --ancestry-path --reverse "$culprit..$head" | head -n 1)
good=$(git -C "$R" rev-parse "$culprit~2")
[ -n "$culprit" ] && [ -n "$bad" ] && [ -n "$good" ] || fail "cannot read $info"
echo "repo $R: good $good, culprit $culprit, bad $bad"

wd=$cache/t0410-work
rm -f "$wd/journal"
cat >"$T/job.conf" <<CONF
[bisect]
	repo = $R
	bad = $bad
	good = $good
	workdir = $wd
[kernel]
	config = $cache/demo/config
	repro = $cache/demo/repro.c
	cpus = 1
	memory = 512M
	kvm = auto
	repro-timeout = 30
	boot-timeout = 90
	compilers = $T/compilers
CONF
# a compiler table (looked up by each commit's release tag); both rows are
# the host gcc, so the build directory stays valid
printf 'default gcc\n%s gcc\n' "$(git -C "$R" describe --tags --abbrev=0 "$culprit")" >"$T/compilers"
start=$(date +%s)
"$CULPRIT" bisect -f "$T/job.conf" --vms 2 --no-progress --log "$T/log" \
	--json "$T/result.json" 2>"$T/err"
rc=$?
secs=$(( $(date +%s) - start ))
cat "$T/log"
tail -n 20 "$T/err"
echo "SCORE kernel bisect CLI (3 commits): ${secs}s, exit $rc"
[ $rc -eq 0 ] || fail "culprit bisect exited $rc"
for line in "^bisecting cause commit starting from $bad" \
	"^testing commit [0-9a-f]\{40\} with gcc" "^kernel signature: [0-9a-f]\{64\}$" \
	"^$culprit is the first bad commit$" "^first bad commit: $culprit $subject$" \
	"^crash: BUG: sleeping function called from invalid context"; do
	grep -q "$line" "$T/log" || fail "no line matching '$line' in the log"
done
tail -n 40 "$T/log" | grep -q "kernel_migrate_pages" ||
	fail "the log does not end with the crash report (kernel_migrate_pages)"
# the culprit object's "hash" is the first one (fields keep their order)
grep -q '^  "outcome": "found",$' "$T/result.json" || fail "JSON outcome is not found"
hash=$(sed -n 's/^ *"hash": "\([0-9a-f]*\)",*$/\1/p' "$T/result.json" | head -n 1)
[ "$hash" = "$culprit" ] || fail "JSON culprit is $hash, want $culprit"
echo "ok"
