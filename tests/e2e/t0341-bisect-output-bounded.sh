#!/bin/sh
# Issue 17 §3: every byte of output read, logs bounded, no process left.
#  - a test that prints 20 MB before its sanitizer report, with --jobs 8:
#    the crash is found (the capture stopped at 4 MiB: "ok", exit 3), the
#    work directory stays <= 32 MB (logs are head + tail) and culprit's
#    peak RSS <= 256 MB;
#  - kill -9 during a build that left a grandchild (sh -> sleep): the next
#    start kills it, says so, and finishes;
#  - SIGTERM and SIGINT: "interrupted; run the same command to resume".
# Takes about 40 s.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 2
culprit=$(bl_bug "$R")
bl_commit "$R" 2
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

# 1. 20 MB of chatter, then the crash; 8 runs at once
/usr/bin/time -f "%M" -o "$T/rss" "$CULPRIT" bisect --repo "$R" --workdir "$T/w1" \
	--no-progress --bad HEAD --good "$good" --jobs 8 --runs 8 \
	--build "mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c" \
	--artifact build/prog --timeout 120 \
	--test "yes 'chatter chatter chatter chatter chatter' | head -c 20000000; ./build/prog" \
	>"$T/a.log" 2>&1
rc=$?
tail -n 5 "$T/a.log"
[ $rc -eq 0 ] || bl_fail "a crash after 20 MB of output: exit $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/a.log" || bl_fail "wrong culprit"
mb=$(du -sm "$T/w1" | cut -f1)
rss=$(tail -n 1 "$T/rss")
echo "work directory: $mb MB, peak RSS: $((rss / 1024)) MB"
[ "$mb" -le 32 ] || bl_fail "work directory of $mb MB (> 32 MB)"
[ "$rss" -le 262144 ] || bl_fail "peak RSS $((rss / 1024)) MB (> 256 MB)"
grep -rq "bytes left out\|left out" "$T/w1/runs" || bl_fail "no log says what it left out"

# 2. kill -9 during a build with a grandchild
set -- --repo "$R" --workdir "$T/w2" --no-progress --bad HEAD --good "$good" \
	--build "if [ ! -f $T/once ]; then touch $T/once; sleep 1000 & echo \$! >$T/gc.pid; wait; fi; mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c" \
	--artifact build/prog --test ./build/prog --timeout 60
"$CULPRIT" bisect "$@" >"$T/b.log" 2>&1 &
pid=$!
n=0
while [ ! -s "$T/gc.pid" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
[ -s "$T/gc.pid" ] || bl_fail "the build did not start"
kill -9 $pid
wait $pid 2>/dev/null
gc=$(cat "$T/gc.pid")
sleep 0.3
kill -0 "$gc" 2>/dev/null || bl_fail "the grandchild died with culprit: nothing to test"
"$CULPRIT" bisect "$@" >"$T/c.log" 2>&1
rc=$?
cat "$T/c.log"
[ $rc -eq 0 ] || bl_fail "resumed after kill -9: exit $rc"
kill -0 "$gc" 2>/dev/null && { kill "$gc"; bl_fail "the grandchild $gc of the dead culprit still runs"; }
grep -q "killed 1 process left running" "$T/c.log" || bl_fail "the leftover was not reported"

# 3. SIGTERM and SIGINT say how to resume
for sig in TERM INT; do
	rm -rf "$T/w3"
	"$CULPRIT" bisect --repo "$R" --workdir "$T/w3" --no-progress --bad HEAD --good "$good" \
		--build "sleep 30" --artifact prog.c --test true >"$T/d.log" 2>&1 &
	pid=$!
	n=0
	while [ ! -s "$T/w3/journal" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	sleep 0.5
	kill -$sig $pid
	wait $pid
	rc=$?
	cat "$T/d.log"
	[ $rc -ne 0 ] || bl_fail "SIG$sig: exit 0"
	grep -q "interrupted; run the same command to resume" "$T/d.log" ||
		bl_fail "SIG$sig: no word on how to resume"
done
echo ok
