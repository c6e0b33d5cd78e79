#!/bin/sh
# Config minimisation on the demo (issue 12, §2): the demo history (240
# commits) with a defconfig+debug config (x86_64 defconfig plus the debug
# options of culprit's fragment: lockdep, DEBUG_ATOMIC_SLEEP, DWARF),
# minimised with tests/tools/runner/minimize-tool at the demo's bad commit
# (clean end: its base), then both configs built from clean at the bad
# commit without ccache, one after the other, in one run: options, build
# seconds, ratio. BENCH_MINIMIZE_BISECT=1 then bisects the demo with
# `culprit bisect --minimize-config` and the original config (the
# minimiser's records answer), which must name the injected commit.
# Heavy: the original takes an hour or more to build on 2 cores. Work and
# results are kept in $CULPRIT_TEST_CACHE/bench-minimize (a rerun reads the
# minimisation back from its record); BENCH_MINIMIZE_JOBS=N is make -j (2).
set -u
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "skip: linux-source-6.1 not installed"; exit 0; }
. "$CULPRIT_TOP/tests/lib/kernel-src.sh"
src=$(kernel_src_dir) || exit 1
mtool=$CULPRIT_BUILD/tests/tools/runner/minimize-tool
ktool=$CULPRIT_BUILD/tests/tools/build/kbuild-tool
jobs=${BENCH_MINIMIZE_JOBS:-2}
info=$("$CULPRIT" demo --generate-only --cache "$cache") || exit 1
val() { echo "$info" | sed -n "s/^$1 //p" | cut -d' ' -f1; }
repo=$(val repo) base=$(val base) bad=$(val bad) culprit=$(val culprit) repro=$(val repro)
work=$cache/bench-minimize
mkdir -p "$work"

# the user's config: defconfig + debug, made at the base (linux-source-6.1 as unpacked)
if [ ! -f "$work/defconfig-debug.config" ]; then
	rm -rf "$work/defconfig-obj"
	make -s -C "$src" O="$work/defconfig-obj" ARCH=x86_64 defconfig >/dev/null &&
	"$src/scripts/config" --file "$work/defconfig-obj/.config" -e DEBUG_KERNEL \
		-e DEBUG_ATOMIC_SLEEP -e PROVE_LOCKING -e PROVE_RCU -e KALLSYMS -e KALLSYMS_ALL \
		-e STACKTRACE -e PANIC_ON_OOPS -d DEBUG_INFO_NONE \
		-e DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT &&
	make -s -C "$src" O="$work/defconfig-obj" ARCH=x86_64 olddefconfig >/dev/null &&
	cp "$work/defconfig-obj/.config" "$work/defconfig-debug.config" || exit 1
fi
echo "original: defconfig + debug, $(grep -c '=[ym]$' "$work/defconfig-debug.config") options y/m"

t0=$(date +%s)
nice "$mtool" --repo "$repo" --workdir "$work/mz" --config "$work/defconfig-debug.config" \
	--crashing "$bad" --clean "$base" --repro "$repro" --runs 4 --kvm auto \
	--jobs "$jobs" >"$work/minimize.out" 2>"$work/minimize.err"
rc=$?
cat "$work/minimize.out"
[ $rc -eq 0 ] || { tail -20 "$work/minimize.err"; echo "minimize-tool failed ($rc)"; exit 1; }
get() { sed -n "s/^$1 //p" "$work/minimize.out"; }
echo "SCORE minimize-config: $(get options | awk '{print $1 " -> " $2}') options, $(get tests), $(( $(date +%s) - t0 ))s (this run; the record keeps earlier ones)"
[ "$(get status)" = ok ] || { echo "the minimised config was refused: $(get reason)"; exit 1; }
min=$(get config)

# both from clean, no ccache, at the bad commit, one after the other (the
# minimised one first: its number comes in minutes, the original's in an hour)
tree=$work/mz/tree
git -C "$tree" checkout -q -f "$bad" 2>/dev/null || true
for which in minimized original; do
	cfg=$work/defconfig-debug.config
	[ $which = minimized ] && cfg=$min
	rm -rf "$work/clean-$which"
	out=$(nice "$ktool" --workdir "$work/clean-$which" --config "$cfg" --tree "$tree" \
		--commit "$bad" --clean --no-ccache --jobs "$jobs")
	echo "$out" | sed "s/^/  $which: /" | grep -E "status|seconds"
	echo "$out" | sed -n 's/^seconds //p' >"$work/secs-$which"
	rm -rf "$work/clean-$which/kbuild"
done
o=$(cat "$work/secs-original") m=$(cat "$work/secs-minimized")
echo "SCORE minimize-config build from clean (no ccache, -j$jobs): original ${o}s, minimized ${m}s, $(awk "BEGIN { printf \"%.1f\", $o / $m }")x faster"

[ "${BENCH_MINIMIZE_BISECT:-0}" = 1 ] || exit 0
# the bisection as users run it: --minimize-config with the original config in
# the minimiser's work directory (its records answer: nothing is minimised again)
nice "$CULPRIT" bisect --kernel --minimize-config --repo "$repo" --bad "$bad" --good "$base" \
	--kconfig "$work/defconfig-debug.config" --repro "$repro" --workdir "$work/mz" \
	--json "$work/bisect.json" --no-progress >"$work/bisect.log" 2>&1
grep -E "^kernel config:|is the first bad commit" "$work/bisect.log"
grep -q "^kernel config: minimized " "$work/bisect.log" ||
	{ echo "the bisection did not use the minimised config"; exit 1; }
grep -q "^$culprit is the first bad commit" "$work/bisect.log" &&
	echo "SCORE minimize-config bisection with --minimize-config: same culprit $culprit" ||
	{ echo "the bisection with the minimised config did not name $culprit"; exit 1; }
