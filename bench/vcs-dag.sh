#!/bin/sh
# vcs_load_dag() on a Linux-sized slice: a synthetic history of $N commits
# (default 300000; a side branch merged back every 50 commits), made once
# with git fast-import and cached in $CULPRIT_TEST_CACHE. Prints the time of
# the whole history and of a slice bounded by a good commit, and checks the
# commit count against git rev-list.
set -eu
N=${N:-300000}
tool="$CULPRIT_BUILD/tests/tools/vcs/vcs-tool"
repo="$CULPRIT_TEST_CACHE/bench-vcs-dag-$N.git"
[ -x "$tool" ] || { echo "SKIP: $tool not built"; exit 77; }
if [ ! -f "$repo/done" ]; then
	rm -rf "$repo"
	mkdir -p "$repo"
	git init -q --bare "$repo"
	awk -v n="$N" 'BEGIN {
		main = 0; side = 0; t = 1500000000
		for (i = 0; i < n; i++) {
			m = i + 1
			br = (i % 50 >= 40) ? "side" : "master"
			printf "commit refs/heads/%s\nmark :%d\n", br, m
			printf "committer A <a@example.com> %d +0000\ndata 8\nc%06d\n", t + i, i
			if (br == "master") {
				if (main) printf "from :%d\n", main
				if (i % 50 == 0 && side) printf "merge :%d\n", side
				main = m
			} else {
				printf "from :%d\n", side ? side : main
				side = m
			}
			printf "M 644 inline f%d\ndata 8\nv%06d\n\n", i % 1000, i
		}
	}' | git -C "$repo" fast-import --quiet
	git -C "$repo" repack -adq
	touch "$repo/done"
fi
want=$(git -C "$repo" rev-list --count master)
out=$("$tool" dag "$repo" master)
echo "full history: $out"
got=$(echo "$out" | awk '{print $2}')
[ "$got" = "$want" ] || { echo "commit count $got, git says $want"; exit 1; }
echo "SCORE vcs_load_dag_${N}_seconds=$(echo "$out" | awk '{print $8}')"
half=$((want / 2))
out=$("$tool" dag "$repo" master "master~$half")
echo "slice above master~$half: $out"
