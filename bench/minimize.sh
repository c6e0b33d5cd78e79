#!/bin/sh
# Config minimisation on the demo (issue 12, §2): the demo history (240
# commits) with a defconfig+debug config (x86_64 defconfig plus the debug
# options of culprit's fragment: lockdep, DEBUG_ATOMIC_SLEEP, DWARF),
# minimised with tests/tools/runner/minimize-tool at the demo's bad commit
# (clean end: its base); both configs built from clean at the bad commit
# in one run (below): options, build seconds, ratio. BENCH_MINIMIZE_BISECT=1
# then bisects the demo with `culprit bisect --minimize-config` and the
# original config (the minimiser's records answer), which must name the
# injected commit.
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

# Both configs are built from clean at the bad commit, each with a ccache
# of its own that starts empty (no hit: every unit compiled, as without
# ccache, plus its small cost, the same for both). The original is built
# first, where the minimiser builds (<work>/mz: its tree and O= directory)
# and into the cache the minimiser uses: its own build of the original is
# then incremental instead of another hour. Wall seconds and CPU seconds
# (user + system of every compiler: what a busy machine does not inflate)
# are printed; the ratio is of both.
clean_build() { # which config workdir cache
	rm -rf "$4" && mkdir -p "$4" || exit 1
	"$mtool" --repo "$repo" --workdir "$work/mz" --crashing "$bad" --checkout-only >/dev/null ||
		{ echo "cannot put the build tree at $bad"; exit 1; }
	out=$(nice "$ktool" --workdir "$3" --config "$2" --tree "$work/mz/tree" \
		--commit "$bad" --clean --cache "$4" --jobs "$jobs" --timeout 14400)
	echo "$out" | sed "s/^/  $1: /" | grep -E "status|seconds"
	echo "$out" | grep -q "^status ok" || { echo "the $1 config does not build"; exit 1; }
	echo "$out" | sed -n 's/^seconds //p' >"$work/secs-$1"
	echo "$out" | sed -n 's/^cpu_seconds //p' >"$work/cpu-$1"
}
cc_orig=$work/ccache-original
if [ ! -s "$work/cpu-original" ]; then
	rm -f "$work/secs-original"
	clean_build original "$work/defconfig-debug.config" "$work/mz" "$cc_orig"
fi

t0=$(date +%s)
CULPRIT_CACHE=$cc_orig nice "$mtool" --repo "$repo" --workdir "$work/mz" \
	--config "$work/defconfig-debug.config" --crashing "$bad" --clean "$base" \
	--repro "$repro" --runs 4 --kvm auto --jobs "$jobs" \
	>"$work/minimize.out" 2>"$work/minimize.err"
rc=$?
cat "$work/minimize.out"
[ $rc -eq 0 ] || { tail -20 "$work/minimize.err"; echo "minimize-tool failed ($rc)"; exit 1; }
get() { sed -n "s/^$1 //p" "$work/minimize.out"; }
echo "SCORE minimize-config: $(get options | awk '{print $1 " -> " $2}') options, $(get tests), $(( $(date +%s) - t0 ))s (this run; the record keeps earlier ones)"
[ "$(get status)" = ok ] || { echo "the minimised config was refused: $(get reason)"; exit 1; }

clean_build minimized "$(get config)" "$work/clean-minimized" "$work/ccache-minimized"
rm -rf "$work/clean-minimized/kbuild" "$work/ccache-minimized"
o=$(cat "$work/secs-original") m=$(cat "$work/secs-minimized")
oc=$(cat "$work/cpu-original") mc=$(cat "$work/cpu-minimized")
echo "SCORE minimize-config build from clean (cold ccache, -j$jobs): original ${o}s (${oc} CPU s), minimized ${m}s (${mc} CPU s): $(awk "BEGIN { printf \"%.1fx wall, %.1fx CPU\", $o / $m, $oc / $mc }") faster"

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
