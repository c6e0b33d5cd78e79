# Source this from a test: `. "$CULPRIT_TOP/tests/lib/kernel-src.sh"`.
# kernel_src_dir prints the directory of Debian's linux-source-6.1 tree,
# unpacked once into the test cache ($CULPRIT_TEST_CACHE/linux-source-6.1)
# and shared by every kernel test (maintainers peer test, kernel builds).
# Returns 77 (skip) when the tarball is not installed.
KERNEL_TARBALL=${KERNEL_TARBALL:-/usr/src/linux-source-6.1.tar.xz}

kernel_src_dir() {
	cache=${CULPRIT_TEST_CACHE:?}
	dir=$cache/linux-source-6.1
	if [ ! -f "$KERNEL_TARBALL" ]; then
		echo "SKIP: $KERNEL_TARBALL not installed (package linux-source-6.1)" >&2
		return 77
	fi
	mkdir -p "$cache"
	(
		flock 9
		if [ ! -f "$dir/.culprit-unpacked" ]; then
			rm -rf "$dir" "$dir.tmp"
			mkdir -p "$dir.tmp"
			timeout 600 tar -xJf "$KERNEL_TARBALL" -C "$dir.tmp" --strip-components=1 &&
				touch "$dir.tmp/.culprit-unpacked" &&
				mv "$dir.tmp" "$dir"
		fi
	) 9>"$cache/.linux-source.lock"
	[ -f "$dir/.culprit-unpacked" ] || return 1
	echo "$dir"
}
