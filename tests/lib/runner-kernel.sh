# Source this from a test: `. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"`.
# runner_kernel_dir prints the directory holding bzImage and vmlinux of the
# kernel the runner tests boot: linux-source-6.1 with tinyconfig + the culprit
# fragment, and the reference bug re-created in kernel_migrate_pages()
# (mm/mempolicy.c calls mm_access() inside rcu_read_lock(); the patch is
# tests/lib/mempolicy-bug.patch). Built once, out of tree, under
# $CULPRIT_TEST_CACHE/runner-kernel, through ccache when installed.
#
# The shared unpacked tree is never written: the patched tree is a hard-link
# copy (cp -al) in which only mm/mempolicy.c is replaced by a fresh file.
# Returns 77 (skip) when the kernel source is not installed.
. "$CULPRIT_TOP/tests/lib/kernel-src.sh"

runner_kernel_dir() {
	cache=${CULPRIT_TEST_CACHE:?}
	src=$(kernel_src_dir) || return $?
	top=$cache/runner-kernel
	patch=$CULPRIT_TOP/tests/lib/mempolicy-bug.patch
	frag=$CULPRIT_TOP/src/build/kconfig/culprit-x86_64.fragment
	mkdir -p "$top"
	(
		flock 9
		# the stamp names what the kernel is made of: rebuild when it changes
		stamp=$(cat "$patch" "$frag" | sha256sum | cut -c1-16)
		if [ -f "$top/out/.done-$stamp" ] && [ -e "$top/artifacts/bzImage" ]; then
			exit 0
		fi
		rm -rf "$top/out/.done-"*
		if [ ! -f "$top/tree/.done-$stamp" ]; then
			rm -rf "$top/tree"
			cp -al "$src" "$top/tree" || exit 1
			rm -f "$top/tree/.culprit-unpacked"
			# a new file: the hard link to the shared tree is broken first
			rm -f "$top/tree/mm/mempolicy.c"
			cp "$src/mm/mempolicy.c" "$top/tree/mm/mempolicy.c" || exit 1
			patch -s -p1 -d "$top/tree" <"$patch" || exit 1
			touch "$top/tree/.done-$stamp"
		fi
		out=$top/out
		mkdir -p "$out"
		cc=gcc
		if command -v ccache >/dev/null 2>&1; then
			cc="ccache gcc"
			export CCACHE_DIR=${CCACHE_DIR:-$cache/ccache}
			export CCACHE_NOHASHDIR=true
			# "../tree/mm/x.c" from out/, as the kernel builder's
			# layout: objects can be shared with its builds
			export CCACHE_BASEDIR="$top"
		fi
		export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
		export KBUILD_BUILD_USER=culprit KBUILD_BUILD_HOST=culprit KBUILD_BUILD_VERSION=1
		jobs=${CULPRIT_TEST_JOBS:-$(nproc)}
		m() { timeout 3600 make -s -C "$top/tree" O="$out" ARCH=x86_64 CC="$cc" "$@"; }
		m tinyconfig >/dev/null || exit 1
		args=
		while IFS= read -r line; do
			case $line in
			CONFIG_*=y) args="$args -e ${line%%=*}" ;;
			CONFIG_*=n) args="$args -d ${line%%=*}" ;;
			CONFIG_*=*) args="$args --set-val ${line%%=*} ${line#*=}" ;;
			esac
		done <"$frag"
		# shellcheck disable=SC2086
		"$top/tree/scripts/config" --file "$out/.config" $args || exit 1
		m olddefconfig >/dev/null || exit 1
		m -j"$jobs" bzImage >"$top/build.log" 2>&1 || { tail -20 "$top/build.log" >&2; exit 1; }
		[ -f "$out/arch/x86/boot/bzImage" ] && [ -f "$out/vmlinux" ] || exit 1
		mkdir -p "$top/artifacts"
		ln -sf "$out/arch/x86/boot/bzImage" "$top/artifacts/bzImage"
		ln -sf "$out/vmlinux" "$top/artifacts/vmlinux"
		touch "$out/.done-$stamp"
	) 9>"$top/.lock" || return 1
	echo "$top/artifacts"
}

# runner_kernel_setup: common start of the runner's kernel tests. Sets
# $kdir (bzImage, vmlinux), $ksrc (its source tree), $work (a fresh work
# directory, removed on exit); exits 77 when QEMU or busybox-static is
# missing, and fails when the kernel does not build.
runner_kernel_setup() {
	if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
		echo "SKIP: qemu-system-x86_64 not installed"
		exit 77
	fi
	if [ ! -x /bin/busybox ]; then
		echo "SKIP: /bin/busybox not installed (package busybox-static)"
		exit 77
	fi
	start=$(date +%s)
	kdir=$(runner_kernel_dir)
	rc=$?
	[ $rc -eq 77 ] && exit 77
	if [ $rc -ne 0 ]; then
		echo "FAIL: the runner's test kernel does not build (see $CULPRIT_TEST_CACHE/runner-kernel/build.log)"
		exit 1
	fi
	echo "test kernel ready in $(( $(date +%s) - start ))s: $kdir"
	ksrc=$CULPRIT_TEST_CACHE/runner-kernel/tree
	work=$(mktemp -d "${TMPDIR:-/tmp}/culprit-krun.XXXXXX")
	trap 'rm -rf "$work"' EXIT
}

# fail MESSAGE: print and exit 1
fail() {
	echo "FAIL: $*"
	exit 1
}
