#!/bin/sh
# A merge-heavy history (side branches merged back with --no-ff); the
# culprit is an ordinary commit on one side branch. The answer must be that
# commit, not the merge that brought it in.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
good=$(git -C "$R" rev-parse HEAD)
culprit=
for b in 1 2 3 4 5 6 7 8; do
	git -C "$R" checkout -q -b "topic$b" master || exit 1
	# side branches touch their own file, so merges never conflict
	for i in 1 2 3 4; do
		echo "int topic${b}_$i;" >>"$R/topic$b.c"
		git -C "$R" add "topic$b.c"
		git -C "$R" commit -q -m "topic$b: part $i" || exit 1
		if [ $b -eq 5 ] && [ $i -eq 3 ]; then
			culprit=$(bl_bug "$R")
		fi
	done
	git -C "$R" checkout -q master || exit 1
	bl_commit "$R" 3
	git -C "$R" merge -q --no-ff -m "Merge branch topic$b" "topic$b" || exit 1
done
bl_commit "$R" 2

bl_bisect "$R" --bad HEAD --good "$good" \
	--log "$T/log" --json "$T/result.json"
rc=$?
cat "$T/log"
[ $rc -eq 0 ] || bl_fail "exit code $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit (want $culprit)"
echo ok
