#!/bin/sh
# Config minimisation on a real kernel (src/bisect/minimize.h, through
# tests/tools/runner/minimize-tool until `culprit bisect --minimize-config`
# is wired): the demo's short history, its config plus a few dozen options
# the crash does not need. The minimiser must find that the baseline
# (tinyconfig + the VM's fragment + what the crash's stack needs: NUMA for
# mm/mempolicy.c) reproduces the crash at the bad commit and not at the
# good one, drop the extra options it does not need, and, run again, read
# every build and run back from its record.
set -u
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "SKIP: linux-source-6.1 not installed"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: qemu-system-x86_64 not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "SKIP: /bin/busybox not installed (package busybox-static)"; exit 77; }
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
tool=$CULPRIT_BUILD/tests/tools/runner/minimize-tool
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

info=$("$CULPRIT" demo --generate-only --commits 24 --cache "$cache") || fail "demo generation"
val() { echo "$info" | sed -n "s/^$1 //p" | cut -d' ' -f1; }
repo=$(val repo) config=$(val config) base=$(val base) bad=$(val bad) repro=$(val repro)
[ -d "$repo" ] && [ -f "$config" ] && [ -f "$repro" ] || fail "no demo repository, config or reproducer: $info"

# options the reproducer does not need (none is guarded in the crash's files)
extra="IKCONFIG IKCONFIG_PROC BSD_PROCESS_ACCT CROSS_MEMORY_ATTACH RELAY SIGNALFD TIMERFD
EVENTFD AIO ADVISE_SYSCALLS SYSVIPC INOTIFY_USER FANOTIFY TMPFS CRC32 CRC16 CRC_ITU_T
LIBCRC32C XZ_DEC AUTOFS_FS FUSE_FS HIGH_RES_TIMERS FHANDLE PRINTK_TIME PROC_KCORE
CONFIGFS_FS KCMP DNOTIFY FILE_LOCKING"
cp "$config" "$tmp/full.config"
for o in $extra; do echo "CONFIG_$o=y" >>"$tmp/full.config"; done

# the build tree and O= directory stay from one run of the test to the next
# (a checkout of the kernel takes minutes), the minimiser's records do not
wd=$cache/t0455-work
rm -rf "$wd/minimize" "$wd/artifacts"
start=$(date +%s)
nice "$tool" --repo "$repo" --workdir "$wd" --config "$tmp/full.config" --crashing "$bad" \
	--clean "$base" --repro "$repro" --runs 2 --kvm off >"$tmp/out" 2>"$tmp/err"
rc=$?
secs=$(( $(date +%s) - start ))
cat "$tmp/out"
tail -n 20 "$tmp/err"
[ $rc -eq 0 ] || fail "minimize-tool exited $rc"
get() { sed -n "s/^$1 //p" "$tmp/out"; }
[ "$(get status)" = ok ] || fail "the minimised config was refused: $(get reason)"
[ "$(get title)" = "BUG: sleeping function called from invalid context in mm_access" ] ||
	fail "wrong title: $(get title)"
set -- $(get options)
before=$1 after=$2
[ "$after" -lt "$before" ] || fail "not smaller: $before -> $after options"
echo "SCORE minimize-config demo+$(echo $extra | wc -w) options: $before -> $after options, $(get tests), ${secs}s"
grep -q "^the crash needs: .*NUMA (builds mm/mempolicy.c)" "$tmp/out" ||
	fail "NUMA not found as needed by mm/mempolicy.c"
grep -q "^the minimized config at the clean end $base: OK (0 of 2 runs" "$tmp/out" ||
	fail "the clean end was not checked"
min=$(get config)
[ -f "$min" ] || fail "no minimised config $min"
grep -q "^CONFIG_NUMA=y$" "$min" || fail "NUMA is not in the minimised config"
grep -q "^CONFIG_DEBUG_ATOMIC_SLEEP=y$" "$min" || fail "DEBUG_ATOMIC_SLEEP is not in the minimised config"
dropped=0
for o in FUSE_FS AUTOFS_FS XZ_DEC IKCONFIG CONFIGFS_FS RELAY; do
	grep -q "^CONFIG_$o=y" "$min" || dropped=$((dropped + 1))
done
[ $dropped -eq 6 ] || fail "only $dropped of 6 unneeded options dropped"
cp "$min" "$tmp/first.config"

# again: nothing is built or run, the same answer
nice "$tool" --repo "$repo" --workdir "$wd" --config "$tmp/full.config" --crashing "$bad" \
	--clean "$base" --repro "$repro" --runs 2 --kvm off >"$tmp/out2" 2>&1 || fail "second run"
grep -q "^tests [0-9]* builds 0 runs 0 cached [0-9]*$" "$tmp/out2" || fail "the second run built or ran"
[ "$(sed -n 's/^config //p' "$tmp/out2")" = "$min" ] || fail "the second run gave another config"
cmp -s "$min" "$tmp/first.config" || fail "the minimised config changed"
echo PASS
