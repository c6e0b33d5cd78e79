#!/bin/sh
# src/vcs/ against git itself on real histories: culprit's own repository
# (when the source tree is a git checkout or worktree) and the demo kernel
# history (when it is in the test cache). For each, `git show --stat` of up
# to 40 commits must match byte for byte, the DAG slice must hold what
# git rev-list counts, and the build tree (small trees only) must end up exactly at the commit.
set -u
tool="$CULPRIT_BUILD/tests/tools/vcs/vcs-tool"
[ -x "$tool" ] || { echo "SKIP: $tool not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# git with no user or system configuration (diff.renames, log.date...)
export HOME="$tmp" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
unset COLUMNS GIT_DIR GIT_WORK_TREE

repos=""
git -C "$CULPRIT_TOP" rev-parse --git-dir >/dev/null 2>&1 && repos="$CULPRIT_TOP"
for r in "$CULPRIT_TEST_CACHE"/demo/h*.git; do
	[ -d "$r" ] && repos="$repos $r" && break
done
[ -n "$repos" ] || { echo "SKIP: no git history here (not a checkout, no demo kernel)"; exit 77; }

fail=0
for repo in $repos; do
	n=0
	for c in $(git -C "$repo" rev-list --max-count=40 HEAD); do
		git -C "$repo" show --stat --format=medium "$c" >"$tmp/want" || exit 1
		"$tool" show "$repo" "$c" >"$tmp/got" || { echo "vcs-tool show $c failed"; exit 1; }
		if ! cmp -s "$tmp/want" "$tmp/got"; then
			echo "show --stat differs for $c in $repo:"
			diff "$tmp/want" "$tmp/got" | head -20
			fail=1
		fi
		n=$((n + 1))
	done
	want=$(git -C "$repo" rev-list --count HEAD)
	got=$("$tool" dag "$repo" HEAD | awk '{print $2}')
	if [ "$got" != "$want" ]; then
		echo "dag of $repo: $got commits, git rev-list: $want"
		fail=1
	fi
	# a full kernel checkout costs minutes: the build tree on small trees only
	files=$(git -C "$repo" ls-tree -r HEAD | wc -l)
	if [ "$files" -gt 5000 ]; then
		echo "$repo: $n commits compared, dag $got commits"
		continue
	fi
	first=$(git -C "$repo" rev-list --max-count=20 HEAD | tail -n 1)
	"$tool" checkout "$repo" "$tmp/tree" "$first" || { echo "checkout failed"; exit 1; }
	"$tool" checkout "$repo" "$tmp/tree" HEAD || { echo "checkout failed"; exit 1; }
	head=$(git -C "$tmp/tree" rev-parse HEAD)
	[ "$head" = "$(git -C "$repo" rev-parse HEAD)" ] || { echo "build tree at $head"; fail=1; }
	if [ -n "$(git -C "$tmp/tree" status --porcelain --untracked-files=no)" ]; then
		echo "build tree of $repo is not clean after checkout"
		fail=1
	fi
	rm -rf "$tmp/tree"
	echo "$repo: $n commits compared, dag $got commits"
done
exit $fail
