#!/bin/sh
# Issue 17 §2: a journal that proves what it holds.
#  - a 0-byte journal (a disk full at start, a kill between create and
#    header) gets its header: a job with another test (--test true, which
#    never crashes) then refuses the work directory (exit 2), never reuses
#    the evidence to name a culprit;
#  - a journal cut in the middle of its last record: the resumed job names
#    the culprit, and every line of the journal is whole;
#  - runs that timed out under --timeout 0.2 are made again under
#    --timeout 60: the culprit is found (they were reused, exit 3).
# Takes about 30 s.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 3
culprit=$(bl_bug "$R")
bl_commit "$R" 3
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

# 1. a 0-byte journal, then a job with another test
mkdir -p "$T/work"
: >"$T/work/journal"
bl_bisect "$R" --bad HEAD --good "$good" >"$T/a.log" 2>&1
rc=$?
[ $rc -eq 0 ] || { cat "$T/a.log"; bl_fail "on a 0-byte journal: exit $rc"; }
head -n 1 "$T/work/journal" | grep -q "^culprit-journal " || bl_fail "the journal has no header"
"$CULPRIT" bisect --repo "$R" --workdir "$T/work" --no-progress --bad HEAD --good "$good" \
	--build "mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c" \
	--artifact build/prog --test true >"$T/b.log" 2>&1
rc=$?
cat "$T/b.log"
grep -q "^first bad commit" "$T/b.log" && bl_fail "--test true named a culprit from another job's runs"
[ $rc -eq 2 ] || bl_fail "another job's journal: exit $rc, want 2"

# 2. a journal cut mid-record
size=$(wc -c <"$T/work/journal")
truncate -s $((size - 7)) "$T/work/journal"
tail -c 80 "$T/work/journal" | od -c | tail -n 3
bl_bisect "$R" --bad HEAD --good "$good" >"$T/c.log" 2>&1
rc=$?
cat "$T/c.log"
[ $rc -eq 0 ] || bl_fail "after a torn journal: exit $rc"
grep -q "^first bad commit: $culprit " "$T/c.log" || bl_fail "after a torn journal: wrong culprit"
bl_bisect "$R" --bad HEAD --good "$good" --replay >"$T/d.log" 2>&1 ||
	bl_fail "the journal does not replay after the torn tail was cut"
grep -q "^first bad commit: $culprit " "$T/d.log" || bl_fail "replay: wrong culprit"

# 3. a timeout raised after the runs timed out
set -- --repo "$R" --workdir "$T/w3" --no-progress --bad HEAD --good "$good" \
	--build "mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c" \
	--artifact build/prog --test "sleep 1; ./build/prog"
"$CULPRIT" bisect "$@" --timeout 0.2 >"$T/e.log" 2>&1
echo "with --timeout 0.2: exit $?"
"$CULPRIT" bisect "$@" --timeout 60 >"$T/f.log" 2>&1
rc=$?
cat "$T/f.log"
[ $rc -eq 0 ] || bl_fail "with the timeout raised: exit $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/f.log" || bl_fail "with the timeout raised: wrong culprit"

# 4. HOME unset: no shared /tmp/.cache/culprit, a clear error instead
env -u HOME -u XDG_CACHE_HOME -u CULPRIT_CACHE "$CULPRIT" bisect --repo "$R" --no-progress \
	--bad HEAD --good "$good" --build true --artifact prog.c --test true >"$T/g.log" 2>&1
rc=$?
cat "$T/g.log"
[ $rc -eq 2 ] || bl_fail "HOME unset: exit $rc, want 2"
grep -q "CULPRIT_CACHE" "$T/g.log" || bl_fail "HOME unset: the error does not name CULPRIT_CACHE"
echo ok
