#!/bin/sh
# Issue 17 §1 and §5 (work directories): one owner per work directory.
#  - while a bisection holds --workdir, a second one exits 4 naming the
#    holder's pid and leaving the holder's --log as it was, and waits
#    for it with --wait (then both name the culprit);
#  - two jobs started together on one --workdir, 3 trials: never a wrong
#    culprit (each one names the culprit, or exits 4 because the other
#    holds the directory);
#  - the same on the default directory in the cache (jobs that differ only
#    in --runs share it);
#  - a test command that cannot be executed (EACCES, ENOENT) is
#    infrastructure trouble, never a run outcome: no culprit, exit 4;
#  - a work directory of another user is refused (exit 2), a journal that
#    is a symbolic link is refused (exit 2, the link's target untouched).
# Takes about 30 s.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 3
culprit=$(bl_bug "$R")
bl_commit "$R" 3
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

# slow builds, so that two jobs overlap
bisect_in() {
	wd=$1
	shift
	"$CULPRIT" bisect --repo "$R" --no-progress --bad HEAD --good "$good" \
		--build "mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c && sleep 0.5" \
		--artifact build/prog --test ./build/prog --timeout 60 ${wd:+--workdir "$wd"} "$@"
}

# 1. a holder, a second process: exit 4 naming it, the holder's --log
# untouched; --wait: both right
bisect_in "$T/w1" --log "$T/a.log" 2>"$T/a.err" &
a=$!
n=0
while { [ ! -s "$T/w1/journal" ] || [ ! -s "$T/a.log" ]; } && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
first=$(head -n 1 "$T/a.log")
bisect_in "$T/w1" --log "$T/a.log" >"$T/b.log" 2>&1
rc=$?
cat "$T/b.log"
[ $rc -eq 4 ] || bl_fail "second process on a held work directory: exit $rc, want 4"
[ -n "$first" ] && [ "$(head -n 1 "$T/a.log")" = "$first" ] ||
	bl_fail "the second process emptied the holder's --log"
holder=$(cut -d' ' -f1 "$T/w1/lock")
grep -q "in use by process $holder " "$T/b.log" || bl_fail "the holder's pid $holder is not named"
bisect_in "$T/w1" --wait >"$T/c.log" 2>&1
rc=$?
wait $a
rca=$?
[ $rca -eq 0 ] && [ $rc -eq 0 ] || bl_fail "holder exit $rca, --wait exit $rc; want 0 and 0"
grep -q "waiting for process $holder" "$T/c.log" || bl_fail "--wait did not say whom it waits for"
for f in a c; do
	grep -q "^first bad commit: $culprit " "$T/$f.log" || bl_fail "$f: wrong culprit"
done

# 2. two at once, 3 trials, on one --workdir and on the default directory
check_pair() {
	for f in "$T/p1.log" "$T/p2.log"; do
		rc=$(cat "$f.rc")
		if [ "$rc" -eq 0 ]; then
			grep -q "^first bad commit: $culprit " "$f" || { cat "$f"; bl_fail "$1: a wrong culprit"; }
		elif [ "$rc" -eq 4 ]; then
			grep -q "in use by" "$f" || { cat "$f"; bl_fail "$1: exit 4 without a reason"; }
		else
			cat "$f"
			bl_fail "$1: exit $rc"
		fi
	done
	[ "$(cat "$T/p1.log.rc") $(cat "$T/p2.log.rc")" != "4 4" ] || bl_fail "$1: nobody ran"
}
for trial in 1 2 3; do
	(bisect_in "$T/wp$trial" >"$T/p1.log" 2>&1; echo $? >"$T/p1.log.rc") &
	(bisect_in "$T/wp$trial" >"$T/p2.log" 2>&1; echo $? >"$T/p2.log.rc") &
	wait
	check_pair "same --workdir, trial $trial"
	(bisect_in "" --runs 5 >"$T/p1.log" 2>&1; echo $? >"$T/p1.log.rc") &
	(bisect_in "" --runs 6 >"$T/p2.log" 2>&1; echo $? >"$T/p2.log.rc") &
	wait
	check_pair "default work directory, trial $trial"
	rm -rf "$CULPRIT_CACHE"
done

# 3. a test that cannot be executed is infrastructure trouble
for t in ./build/prog ./no-such-program; do
	rm -rf "$T/w3"
	"$CULPRIT" bisect --repo "$R" --workdir "$T/w3" --no-progress --bad HEAD --good "$good" \
		--build "mkdir -p build && cc -o build/prog prog.c && chmod -x build/prog" \
		--artifact build/prog --test "$t" --timeout 60 >"$T/x.log" 2>&1
	rc=$?
	cat "$T/x.log"
	[ $rc -eq 4 ] || bl_fail "test '$t' cannot be executed: exit $rc, want 4"
	grep -q "^first bad commit" "$T/x.log" && bl_fail "a culprit from runs that never ran"
	grep -q "^run.*	ok" "$T/w3/journal" && bl_fail "an unexecuted run journalled as ok"
done

# 4. another user's work directory; a journal that is a symbolic link
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	mkdir -p "$T/w4" && chown nobody "$T/w4"
	bisect_in "$T/w4" >"$T/y.log" 2>&1
	rc=$?
	cat "$T/y.log"
	[ $rc -eq 2 ] || bl_fail "another user's work directory: exit $rc, want 2"
	grep -q "another user" "$T/y.log" || bl_fail "no reason given for refusing $T/w4"
else
	echo "(not root: another user's directory not tried)"
fi
mkdir -p "$T/w5"
echo "precious" >"$T/target"
ln -s "$T/target" "$T/w5/journal"
bisect_in "$T/w5" >"$T/z.log" 2>&1
rc=$?
cat "$T/z.log"
[ $rc -eq 2 ] || bl_fail "a journal that is a symbolic link: exit $rc, want 2"
[ "$(cat "$T/target")" = "precious" ] || bl_fail "written through the journal's link"
echo "ok"
