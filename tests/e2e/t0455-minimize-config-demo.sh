#!/bin/sh
# Config minimisation on a real kernel, the way users get it: `culprit
# bisect --kernel --minimize-config` on the demo's short history, with its
# config plus a few dozen options the crash does not need. The minimiser
# must find that the baseline (tinyconfig + the VM's fragment + what the
# crash's stack needs: NUMA for mm/mempolicy.c) reproduces the crash at the
# bad commit and not at the good one, drop the extra options, and the
# bisection must build with the minimised config and name the injected
# commit; the log and the JSON say what the minimisation gave and how each
# run booted. Run again, nothing is built or run (the minimiser's records
# and the journal).
# Many kernel builds: in `make check-slow` (CULPRIT_SLOW_TESTS=1), not in
# `make check`, which stays under 50 minutes on 2 cores.
[ -n "${CULPRIT_SLOW_TESTS:-}" ] || { echo "SKIP: slow test (make check-slow runs it)"; exit 77; }
set -u
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "SKIP: linux-source-6.1 not installed"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: qemu-system-x86_64 not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "SKIP: /bin/busybox not installed (package busybox-static)"; exit 77; }
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

info=$("$CULPRIT" demo --generate-only --commits 24 --cache "$cache") || fail "demo generation"
val() { echo "$info" | sed -n "s/^$1 //p" | cut -d' ' -f1; }
repo=$(val repo) config=$(val config) base=$(val base) bad=$(val bad) repro=$(val repro)
culprit=$(val culprit)
[ -d "$repo" ] && [ -f "$config" ] && [ -f "$repro" ] || fail "no demo repository, config or reproducer: $info"

# options the reproducer does not need (none is guarded in the crash's files)
extra="IKCONFIG IKCONFIG_PROC BSD_PROCESS_ACCT CROSS_MEMORY_ATTACH RELAY SIGNALFD TIMERFD
EVENTFD AIO ADVISE_SYSCALLS SYSVIPC INOTIFY_USER FANOTIFY TMPFS CRC32 CRC16 CRC_ITU_T
LIBCRC32C XZ_DEC AUTOFS_FS FUSE_FS HIGH_RES_TIMERS FHANDLE PRINTK_TIME PROC_KCORE
CONFIGFS_FS KCMP DNOTIFY FILE_LOCKING"
cp "$config" "$tmp/full.config"
for o in $extra; do echo "CONFIG_$o=y" >>"$tmp/full.config"; done

# the build tree, O= directory and the accelerator probe stay from one run of
# the test to the next (a checkout of the kernel takes minutes); the
# minimiser's records, the artifacts and the journal do not
wd=$cache/t0455-work
rm -rf "$wd/minimize" "$wd/artifacts" "$wd/journal"
bisect() {
	nice "$CULPRIT" bisect --kernel --minimize-config --repo "$repo" --bad "$bad" \
		--good "$base" --kconfig "$tmp/full.config" --repro "$repro" --workdir "$wd" \
		--runs 4 --log "$tmp/$1.log" --json "$tmp/$1.json" --no-progress 2>"$tmp/$1.err"
}
start=$(date +%s)
bisect first
rc=$?
secs=$(( $(date +%s) - start ))
grep -E "minimiz|the crash needs|kernel config|accel:|boot:|first bad commit" "$tmp/first.log" |
	head -n 40
tail -n 5 "$tmp/first.err"
[ $rc -eq 0 ] || fail "culprit bisect exited $rc"
j() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$tmp/$1.json"; }
is_culprit() { case "$1" in "$culprit"*) return 0 ;; esac; return 1; }
is_culprit "$(j first '(d["culprit"] or {}).get("hash")')" || fail "not the injected commit $culprit"
[ "$(j first 'd["kconfig"]["used"]')" = True ] ||
	fail "the minimised config was not used: $(j first 'd["kconfig"].get("reason")')"
before=$(j first 'd["kconfig"]["options"]["before"]') after=$(j first 'd["kconfig"]["options"]["after"]')
[ "$after" -lt "$before" ] || fail "not smaller: $before -> $after options"
min=$(j first 'd["kconfig"]["config"]')
[ "$min" = "$wd/minimize/minimized.config" ] && [ -f "$min" ] || fail "no minimised config $min"
grep -q "^the crash needs: .*NUMA (builds mm/mempolicy.c)" "$tmp/first.log" ||
	fail "NUMA not found as needed by mm/mempolicy.c"
grep -q "^the minimized config at the clean end $base[0-9a-f]*: OK" "$tmp/first.log" ||
	fail "the clean end was not checked"
grep -q "^kernel config: minimized $min: $after options (original $before), image " \
	"$tmp/first.log" || fail "the log does not report the minimised config"
grep -q "^CONFIG_NUMA=y$" "$min" || fail "NUMA is not in the minimised config"
grep -q "^CONFIG_DEBUG_ATOMIC_SLEEP=y$" "$min" || fail "DEBUG_ATOMIC_SLEEP is not in the minimised config"
dropped=0
for o in FUSE_FS AUTOFS_FS XZ_DEC IKCONFIG CONFIGFS_FS RELAY; do
	grep -q "^CONFIG_$o=y" "$min" || dropped=$((dropped + 1))
done
[ $dropped -eq 6 ] || fail "only $dropped of 6 unneeded options dropped"
# the bisection built with it: the kernel builder's copy of its last config
cmp -s "$min" "$wd/kbuild/.culprit-config" || fail "the bisection did not build with the minimised config"
# how the runs booted: machine and boot seconds per run, the accelerator's note
[ "$(j first 'sum(1 for s in d["steps"] for r in s["runs"] if r.get("machine") and r["boot_seconds"] > 0)')" -gt 0 ] ||
	fail "no run has its machine and boot seconds in the JSON"
grep -q "^boot: [0-9.]*s" "$tmp/first.log" || fail "no boot line in the log"
grep -q "^accel: " "$tmp/first.log" || fail "no accelerator note in the log"
echo "SCORE minimize-config demo+$(echo $extra | wc -w) options via culprit bisect: $before -> $after options, $(j first 'd["kconfig"]["tests"]') configs tried, same culprit, ${secs}s"

# again: the minimiser's records and the journal answer; nothing is built or run
bisect again || fail "second run"
[ "$(j again 'd["kconfig"]["builds"], d["kconfig"]["runs"], d["builds"]')" = "(0, 0, 0)" ] ||
	fail "the second run built or ran: $(j again 'd["kconfig"]["builds"], d["kconfig"]["runs"], d["builds"]')"
is_culprit "$(j again '(d["culprit"] or {}).get("hash")')" || fail "the second run gave another culprit"
[ "$(j again 'd["kconfig"]["config"]')" = "$min" ] || fail "the second run gave another config"
echo PASS
