#!/bin/sh
# kill -9 in the middle of a bisection, then the same command again: no
# finished build is repeated, the result is the same, and --replay prints
# the log from the journal alone (building and running nothing).
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 70
culprit=$(bl_bug "$R")
bl_commit "$R" 57
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
builds=$T/builds
# every build notes which version it built (outside the work directory)
set -- --repo "$R" --workdir "$T/work" --no-progress --bad HEAD --good "$good" \
	--build "mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c && echo \$(cat version.h bug.h) >>$builds && sleep 0.3" \
	--artifact build/prog --test ./build/prog --timeout 60

"$CULPRIT" bisect "$@" >"$T/log1" 2>&1 &
pid=$!
# (up to 2 minutes: on a loaded machine a build with ASan takes seconds)
n=0
while [ $n -lt 1200 ]; do
	done_builds=$(grep -c '^build' "$T/work/journal" 2>/dev/null)
	[ "${done_builds:-0}" -ge 4 ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
	n=$((n + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
killed_at=$(grep -c . "$builds")
echo "killed after $killed_at builds"
[ "$killed_at" -ge 2 ] || bl_fail "the first run did not get far enough to test a resume"

"$CULPRIT" bisect "$@" --json "$T/result.json" >"$T/log2" 2>&1
rc=$?
cat "$T/log2"
[ $rc -eq 0 ] || bl_fail "resumed run: exit code $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/log2" || bl_fail "resumed run: wrong culprit"
dups=$(sort "$builds" | uniq -d)
[ -z "$dups" ] || bl_fail "builds repeated after the resume: $dups"

# a third run finds everything in the journal: no build at all
before=$(grep -c . "$builds")
"$CULPRIT" bisect "$@" >"$T/log3" 2>&1 || bl_fail "third run failed"
[ "$(grep -c . "$builds")" = "$before" ] || bl_fail "a finished job rebuilt something"

# --replay: the log from the journal alone, the same lines as the run
"$CULPRIT" bisect "$@" --replay >"$T/log4" 2>&1
rc=$?
[ $rc -eq 0 ] || bl_fail "replay: exit code $rc"
[ "$(grep -c . "$builds")" = "$before" ] || bl_fail "replay built something"
grep -v '^revisions tested' "$T/log3" >"$T/a"
grep -v '^revisions tested' "$T/log4" >"$T/b"
diff "$T/a" "$T/b" || bl_fail "replay log differs from the run's log"
grep -q "^first bad commit: $culprit " "$T/log4" || bl_fail "replay: wrong culprit"
echo ok
