#!/bin/sh
# Journals written by an earlier culprit replay to the same bytes: the
# syzbot-format log of `--replay` must equal, byte for byte, what the binary
# that wrote them printed, and its JSON result must hold every field it wrote
# (tests/e2e/fixtures/replay/make.sh made
# them: bayes and syzbot, cause and fix, a release walk, a build budget cut
# short, a crash that does not reproduce). The repository is re-created from
# its fast-export stream, so its hashes are the journal's.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
F=$CULPRIT_TOP/tests/e2e/fixtures/replay
R=$T/repo
git init -q -b master "$R" && git -C "$R" fast-import --quiet <"$F/repo.fi" &&
	git -C "$R" reset -q --hard master || bl_fail "cannot re-create the fixture repository"
n=0
for args in "$F"/*.args; do
	name=$(basename "$args" .args)
	mkdir -p "$T/work"
	rm -rf "$T/work"/*
	cp "$F/$name.journal" "$T/work/journal"
	# one flag or value per line
	set --
	while IFS= read -r a; do set -- "$@" "$a"; done <"$args"
	bl_bisect "$R" "$@" --replay --json "$T/$name.json" >"$T/$name.log" 2>"$T/$name.err"
	rc=$?
	echo "$name: exit $rc"
	[ "$rc" = "$(cat "$F/$name.exit")" ] ||
		bl_fail "$name: exit code $rc, the fixture's was $(cat "$F/$name.exit")"
	cmp -s "$F/$name.log" "$T/$name.log" || {
		diff -u "$F/$name.log" "$T/$name.log" | head -n 40
		bl_fail "$name: the replayed log differs from the fixture"
	}
	sed "s|$R|@REPO@|g" "$T/$name.json" >"$T/$name.json.n"
	# every field the old binary wrote, with its value (new fields may be
	# added; values renamed on purpose are listed in json-subset.py)
	python3 "$CULPRIT_TOP/tests/lib/json-subset.py" "$F/$name.json" "$T/$name.json.n" ||
		bl_fail "$name: the replayed JSON differs from the fixture"
	# replay builds and runs nothing: no build tree appeared
	[ ! -e "$T/work/tree" ] || bl_fail "$name: replay checked out a build tree"
	n=$((n + 1))
done
[ $n -ge 6 ] || bl_fail "only $n fixtures found in $F"
echo "ok ($n fixtures)"
