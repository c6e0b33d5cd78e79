#!/bin/sh
# culprit bisect --kernel with bad input (no kernel is built): a missing or
# non-kernel config, a missing, empty or unreadable reproducer, bad values
# of the [kernel] keys -> exit 2 with a message naming the problem, and
# nothing created (no work directory, nothing in the cache).
set -u
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export CULPRIT_CACHE="$T/cache"

git init -q "$T/repo" && git -C "$T/repo" -c user.name=A -c user.email=a@b \
	commit -q --allow-empty -m one || fail "git init"
printf 'CONFIG_64BIT=y\n# CONFIG_SWAP is not set\n' >"$T/config"
printf 'int main(void) { return 0; }\n' >"$T/repro.c"
printf 'int main(void) { return nope; }\n' >"$T/broken.c"
: >"$T/empty.c"
printf 'int main(void) { return 0; }\n' >"$T/secret.c"
chmod 000 "$T/secret.c"
echo "hello" >"$T/notconfig"

# expect <message regex> <args...>: exit 2, the message on stderr, nothing made
n=0
expect() {
	msg=$1
	shift
	n=$((n + 1))
	"$CULPRIT" bisect --repo "$T/repo" --bad HEAD --workdir "$T/work" --no-progress "$@" \
		>"$T/out" 2>"$T/err"
	rc=$?
	echo "case $n: $* -> exit $rc: $(cat "$T/err")"
	[ $rc -eq 2 ] || fail "case $n ($*): exit $rc, want 2"
	grep -q "$msg" "$T/err" || fail "case $n ($*): no message matching '$msg'"
	[ ! -e "$T/work" ] || fail "case $n ($*): the work directory was created"
	[ ! -e "$T/cache" ] || fail "case $n ($*): the cache was written"
}

expect "no kernel config given" --kernel --repro "$T/repro.c"
expect "no kernel config given" --repro "$T/repro.c"
expect "kernel config '$T/nope' does not exist" --kconfig "$T/nope" --repro "$T/repro.c"
expect "kernel config '$T/notconfig' has no CONFIG_ lines" --kconfig "$T/notconfig" \
	--repro "$T/repro.c"
expect "kernel config '$T' is not a regular file" --kconfig "$T" --repro "$T/repro.c"
expect "no reproducer given" --kconfig "$T/config"
expect "reproducer '$T/nope.c' does not exist" --kconfig "$T/config" --repro "$T/nope.c"
expect "reproducer '$T/empty.c' is empty" --kconfig "$T/config" --repro "$T/empty.c"
expect "reproducer '$T' is not a regular file" --kconfig "$T/config" --repro "$T"
if [ "$(id -u)" != 0 ]; then	# root reads mode-000 files
	expect "reproducer '$T/secret.c' cannot be read" --kconfig "$T/config" \
		--repro "$T/secret.c"
fi
expect "kernel.kvm must be auto, on or off, not 'maybe'" --kconfig "$T/config" \
	--repro "$T/repro.c" --kvm maybe
expect "vms: '0' is not a whole number" --kconfig "$T/config" --repro "$T/repro.c" --vms 0
expect "kernel.memory: '12' is not a size" --kconfig "$T/config" --repro "$T/repro.c" \
	--memory 12
# a reproducer that does not compile is the job's fault, as in run-kernel
if [ -x /bin/busybox ] && command -v gcc >/dev/null; then
	expect "cannot compile reproducer '$T/broken.c'" --kconfig "$T/config" --repro "$T/broken.c"
fi

# the same through a job file's [kernel] section
cat >"$T/job.conf" <<CONF
[bisect]
	repo = $T/repo
	bad = HEAD
[kernel]
	config = $T/config
	repro = $T/missing.c
CONF
expect "reproducer '$T/missing.c' does not exist" -f "$T/job.conf"
sed -i "s|repro = .*|repro = $T/repro.c\n\tvmz = 2|" "$T/job.conf"
expect "unknown kernel key 'vmz'" -f "$T/job.conf"

sed -i "s|vmz = 2|minimize-config = allnoconfig|" "$T/job.conf"
expect "kernel.minimize-config must be true, false, tinyconfig or defconfig (the baseline), not 'allnoconfig'" -f "$T/job.conf"

sed -i "s|minimize-config = allnoconfig|compilers = $T/no-such-table|" "$T/job.conf"
expect "compiler table '$T/no-such-table' does not exist" -f "$T/job.conf"

# every [kernel] key accepted: the backend is made, then the engine rejects
# the bad revision (exit 2 too, but from the engine, after setup)
printf 'default gcc\nv6.1 gcc\n' >"$T/compilers"
cat >"$T/all.conf" <<CONF
[bisect]
	repo = $T/repo
	bad = HEAD
	workdir = $T/all-work
[kernel]
	kconfig = $T/config
	repro = $T/repro.c
	vms = 1
	cpus = 1
	memory = 1G
	kvm = off
	targets = bzImage,vmlinux
	compilers = $T/compilers
	make-jobs = 2
	boot-timeout = 30
	repro-timeout = 10
	append = quiet
	minimize-config = defconfig
CONF
"$CULPRIT" bisect -f "$T/all.conf" --no-progress >"$T/out" 2>"$T/err"
rc=$?
cat "$T/err"
# the ends are checked before the backend; an empty tree then fails to
# build at once: the backend took every key (exit 3, not 2)
[ $rc -eq 3 ] || fail "all keys: exit $rc, want 3 (the bad commit does not build)"
grep -q "does not build" "$T/err" || fail "all keys: the engine did not get to the build"
grep -q "kernel\.\|kernel config\|reproducer" "$T/err" && fail "all keys: the backend rejected one"
[ -d "$T/all-work/qemu" ] || fail "all keys: the runner was not made"

"$CULPRIT" bisect --help | grep -q -- "--kconfig <file>" || fail "--help does not show --kconfig"
"$CULPRIT" bisect --help | grep -q -- "--minimize-config " || fail "--help does not show --minimize-config"
echo "ok ($n cases)"
