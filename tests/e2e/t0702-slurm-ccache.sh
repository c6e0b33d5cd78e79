#!/bin/sh
# A compiler cache shared by build jobs on different nodes: two builds of
# the same small C project run as Slurm jobs, each in its own source
# directory with its own (empty) local ccache, and one shared remote
# storage directory (CCACHE_REMOTE_STORAGE=file:...), the environment made
# by src/slurm/ccache.c. The first build misses everything and fills the
# remote storage; the second hits everything there. Each build's counters
# come from its own CCACHE_STATSLOG (src/slurm/ccache.c reads it) and agree
# with `ccache --show-log-stats`; a third build with
# remote-only storage hits too and writes no local cache.
. "$CULPRIT_TOP/tests/lib/slurm-local.sh"
command -v ccache >/dev/null || slurm_skip "ccache is not installed"
command -v gcc >/dev/null || slurm_skip "gcc is not installed"
slurm_setup
slurm_start
for v in $(env | sed -n 's/^\(CCACHE_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done

nfiles=6
mkdir -p "$T/src"
i=0
while [ $i -lt $nfiles ]; do
	printf 'int f%d(int x)\n{\n\treturn x * %d + %d;\n}\n' $i $((i + 3)) $i >"$T/src/f$i.c"
	i=$((i + 1))
done

# build N [ccache-env options]: a Slurm job compiles the project in its own
# copy of the sources, with that ccache environment; prints the counters
build() {
	n=$1
	shift
	cp -r "$T/src" "$T/build$n"
	set -- $("$TOOL" ccache-env --dir "$T/local$n" --statslog "$T/stats$n.log" "$@") ||
		fail "ccache-env"
	envargs=
	for e in "$@"; do envargs="$envargs --env $e"; done
	# shellcheck disable=SC2086
	line=$("$TOOL" run --name "build$n" --dir "$T/build$n" $envargs -- \
		sh -c 'for f in *.c; do ccache gcc -O2 -c "$f" || exit 1; done' sh | tail -n 1)
	expect "$line" state=COMPLETED outcome=done exit=0 >&2
	ls "$T/build$n"/*.o >/dev/null || fail "build $n made no objects"
	"$TOOL" ccache-stats "$T/stats$n.log"
}

# ccache's own reading of a stats log (ccache 4.7 prints it for people
# only): "hits misses remote_hits"
ccache_says() {
	CCACHE_DIR=$T/scratch CCACHE_STATSLOG=$1 ccache --show-log-stats |
		awk '/^[^ ]/ { sec = $1 }
		     sec == "Cacheable" && $1 == "Hits:" { h = $2 }
		     sec == "Cacheable" && $1 == "Misses:" { m = $2 }
		     sec == "Remote" && $1 == "Hits:" { r = $2 }
		     END { print h + 0, m + 0, r + 0 }'
}

remote="file:$T/remote"
s1=$(build 1 --remote "$remote")
echo "build 1: $s1"
expect "$s1" calls=$nfiles hits=0 misses=$nfiles remote_hits=0 errors=0
[ -n "$(find "$T/remote" -type f ! -name CACHEDIR.TAG)" ] || fail "nothing in the remote storage"
s2=$(build 2 --remote "$remote")
echo "build 2: $s2"
expect "$s2" calls=$nfiles hits=$nfiles misses=0 remote_hits=$nfiles local_hits=0 errors=0
[ "$(ccache_says "$T/stats1.log")" = "0 $nfiles 0" ] || fail "ccache reads build 1 otherwise"
[ "$(ccache_says "$T/stats2.log")" = "$nfiles 0 $nfiles" ] || fail "ccache reads build 2 otherwise"
cmp -s "$T/build1/f0.o" "$T/build2/f0.o" || fail "the remote hit gave another object"

s3=$(build 3 --remote "$remote" --remote-only)
echo "build 3 (remote only): $s3"
expect "$s3" hits=$nfiles misses=0 remote_hits=$nfiles
# results in a local cache are files named <hash>R (and manifests <hash>M)
results() { find "$1" -type f -name '*[RM]' 2>/dev/null | wc -l; }
[ "$(results "$T/local2")" -gt 0 ] || fail "build 2 copied no remote hit into its local cache"
[ "$(results "$T/local3")" -eq 0 ] || fail "remote-only wrote results to its local cache"

# bad settings are refused before any job runs
"$TOOL" ccache-env --remote "https://cache.invalid/x" 2>"$T/err" && fail "https accepted"
grep -q 'no https' "$T/err" || fail "unclear: $(cat "$T/err")"
"$TOOL" ccache-env --remote "file:relative/dir" 2>"$T/err" && fail "relative file: accepted"
"$TOOL" ccache-env --remote-only 2>"$T/err" && fail "remote-only without a remote accepted"
echo "SCORE ccache remote hit rate of the second build: $(field "$s2" hits)/$nfiles"
echo "all ok"
