#!/bin/sh
# git bisect's habits on a merge-heavy history: the positional form
# (BAD GOOD...), --first-parent, -- PATH... and --skip give the same first
# bad commit as git bisect with the same arguments and the same test
# script (git bisect run; culprit --test-exit).
. "$CULPRIT_TOP/tests/e2e/cli-lib.sh"
cl_setup
R=$T/repo
mkdir -p "$R/src" "$R/doc" && git -C "$R" init -q -b master || exit 1
echo 0 >"$R/src/main" && echo 0 >"$R/doc/readme"
git -C "$R" add -A && git -C "$R" commit -q -m "initial" || exit 1
good=$(git -C "$R" rev-parse HEAD)
# six side branches, each with commits to src/ and doc/, merged with
# --no-ff while master moves on; side 4's second commit adds src/bug
for k in 1 2 3 4 5 6; do
	git -C "$R" checkout -q -b side$k master
	for j in 1 2 3; do
		if [ $k -eq 4 ] && [ $j -eq 2 ]; then
			echo bug >"$R/src/bug"
			git -C "$R" add src/bug
		fi
		case $j in 2) f=src/s$k ;; *) f=doc/d$k-$j ;; esac
		echo "$k.$j" >"$R/$f"
		git -C "$R" add "$f" && git -C "$R" commit -q -m "side $k: $f" || exit 1
	done
	git -C "$R" checkout -q master
	echo "m$k" >"$R/doc/m$k" && git -C "$R" add -A && git -C "$R" commit -q -m "master: doc m$k"
	echo "m$k" >"$R/src/m$k" && git -C "$R" add -A && git -C "$R" commit -q -m "master: src m$k"
	git -C "$R" merge -q --no-ff -m "merge side $k" side$k || exit 1
done
cat >"$T/test.sh" <<'SCRIPT'
[ -f src/bug ] && exit 1
exit 0
SCRIPT

# same START-ARGS for both, then culprit's extra flags after ':'
compare() {
	what=$1
	shift
	gargs="" cargs="" side=git
	for a in "$@"; do
		if [ "$a" = ":" ]; then side=culprit; continue; fi
		if [ $side = git ]; then gargs="$gargs $a"; else cargs="$cargs $a"; fi
	done
	rm -rf "$T/clone" "$T/work"
	git clone -q "$R" "$T/clone" || exit 1
	# shellcheck disable=SC2086
	(cd "$T/clone" && git bisect start $gargs >/dev/null &&
		git bisect run sh "$T/test.sh") >"$T/git.out" 2>&1
	g=$(cl_git_first_bad "$T/git.out")
	# shellcheck disable=SC2086
	cl_bisect "$R" --test-exit --runs 2 --test "sh $T/test.sh" $cargs $gargs \
		>"$T/out" 2>"$T/err" || { cat "$T/out" "$T/err"; cl_fail "$what: culprit failed"; }
	c=$(cl_culprit_of "$T/out")
	tested=$(grep -c '^testing commit' "$T/out")
	echo "$what: git bisect $g, culprit $c ($tested commits tested)"
	[ -n "$g" ] || { cat "$T/git.out"; cl_fail "$what: git bisect found nothing"; }
	[ "$g" = "$c" ] || { cat "$T/out"; cl_fail "$what: different answers"; }
}

culprit=$(git -C "$R" log --format=%H -1 side4 -- src/bug)
merge4=$(git -C "$R" log --format=%H --grep='^merge side 4$')

compare "positional" HEAD "$good"
[ "$c" = "$culprit" ] || cl_fail "positional: not the commit that added src/bug"
compare "first-parent" --first-parent HEAD "$good"
[ "$c" = "$merge4" ] || cl_fail "--first-parent: not the merge of side 4"
compare "-- src" HEAD "$good" -- src
[ "$c" = "$culprit" ] || cl_fail "-- src: not the commit that added src/bug"
# a path the culprit does not touch: git and culprit agree on what is left
compare "-- doc" HEAD "$good" -- doc
compare "first-parent -- src" --first-parent HEAD "$good" -- src

# fewer candidates with a path: the doc-only commits are never tested
rm -rf "$T/work"
cl_bisect "$R" --test-exit --test "sh $T/test.sh" HEAD "$good" -- src >"$T/out" 2>&1 ||
	cl_fail "-- src failed"
for h in $(grep '^testing commit' "$T/out" | sed 's/^testing commit \([0-9a-f]*\).*/\1/'); do
	[ "$h" = "$(git -C "$R" rev-parse HEAD)" ] && continue
	git -C "$R" show --format= --name-only "$h" | grep -q '^src/' ||
		[ "$(git -C "$R" rev-list --count --merges "$h^!")" = 1 ] ||
		cl_fail "-- src: tested $h, which does not touch src/"
done

# --skip: never tested, as git bisect skip
parent=$(git -C "$R" rev-parse "$culprit^")
rm -rf "$T/work"
cl_bisect "$R" --test-exit --test "sh $T/test.sh" --skip "$parent" --skip "$good..side1" \
	HEAD "$good" >"$T/out" 2>&1
grep -q "^testing commit $parent" "$T/out" && cl_fail "--skip: the skipped commit was tested"
for h in $(git -C "$R" rev-list "$good..side1"); do
	grep -q "^testing commit $h" "$T/out" && cl_fail "--skip A..B: $h was tested"
done
echo "ok"
