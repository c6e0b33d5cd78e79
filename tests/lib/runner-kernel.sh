# Source this from a test: `. "$CULPRIT_TOP/tests/lib/runner-kernel.sh"`.
# runner_kernel_dir prints the directory holding bzImage and vmlinux of the
# kernel the runner tests boot: linux-source-6.1 with tinyconfig + the culprit
# fragment (the demo's config), and the reference bug re-created in
# kernel_migrate_pages() (mm/mempolicy.c calls mm_access() inside
# rcu_read_lock(); the patch is tests/lib/mempolicy-bug.patch). Built once,
# out of tree, under $CULPRIT_TEST_CACHE/runner-kernel, by the kernel builder
# (kbuild-tool), through ccache when installed.
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
	# the demo's config (tinyconfig + the fragment, made once per cache)
	info=$("$CULPRIT" demo --generate-only --commits 24 --cache "$cache") || return 1
	config=$(echo "$info" | sed -n 's/^config //p' | cut -d' ' -f1)
	[ -f "$config" ] || return 1
	mkdir -p "$top"
	(
		flock 9
		# the stamps name what the tree and the kernel are made of
		tstamp=$(sha256sum <"$patch" | cut -c1-16)
		stamp=$(cat "$patch" "$config" | sha256sum | cut -c1-16)
		if [ -f "$top/.done-$stamp" ] && [ -e "$top/kernel/bzImage" ]; then
			exit 0
		fi
		# (out/ and artifacts/bzImage: the layout before the kernel builder)
		rm -rf "$top/.done-"* "$top/out" "$top/artifacts/bzImage" "$top/artifacts/vmlinux"
		if [ ! -f "$top/tree/.done-$tstamp" ]; then
			rm -rf "$top/tree"
			cp -al "$src" "$top/tree" || exit 1
			rm -f "$top/tree/.culprit-unpacked"
			# a new file: the hard link to the shared tree is broken first
			rm -f "$top/tree/mm/mempolicy.c"
			cp "$src/mm/mempolicy.c" "$top/tree/mm/mempolicy.c" || exit 1
			patch -s -p1 -d "$top/tree" <"$patch" || exit 1
			touch "$top/tree/.done-$tstamp"
		fi
		# the kernel builder, as a bisection builds: the same command
		# lines and ccache (CULPRIT_CACHE) as the demo's builds in the
		# other kernel tests, so every unit the bug patch does not touch
		# is a ccache hit once one of them has built the demo
		out=$(CULPRIT_CACHE=$cache "$CULPRIT_BUILD/tests/tools/build/kbuild-tool" \
			--workdir "$top" --config "$config" --tree "$top/tree" \
			--commit runner-kernel --jobs "${CULPRIT_TEST_JOBS:-$(nproc)}" \
			--timeout 3600 2>"$top/build.log")
		echo "$out" >>"$top/build.log"
		echo "$out" | grep -q '^status ok$' || { tail -20 "$top/build.log" >&2; exit 1; }
		art=$(echo "$out" | sed -n 's/^artifacts //p')
		[ -f "$art/bzImage" ] && [ -f "$art/vmlinux" ] || exit 1
		mkdir -p "$top/kernel"
		ln -sf "$art/bzImage" "$top/kernel/bzImage"
		ln -sf "$art/vmlinux" "$top/kernel/vmlinux"
		touch "$top/.done-$stamp"
	) 9>"$top/.lock" || return 1
	echo "$top/kernel"
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
