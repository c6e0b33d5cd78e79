#!/bin/sh
# Issue 17 §4: the posterior's mass computation is near-linear on
# merge-heavy DAGs. `culprit sim --commits 1000000 --trials 1` (10% merges,
# both policies) must finish within 60 s of CPU time (a CPU limit, not a
# wall clock: the machine may be shared) and name the culprit. Before,
# every merge walked all its ancestors on every step: 64k commits took
# 30 s and 10^6 did not finish in hours. Takes about 6 s of CPU.
set -u
: "${CULPRIT:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

(ulimit -t 60; exec "$CULPRIT" sim --commits 1000000 --merges 0.1 --trials 1 --no-verify --json) \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out" "$tmp/err"
[ $rc -eq 0 ] || { echo "FAIL: culprit sim exit $rc (killed by the 60 s CPU limit?)"; exit 1; }
for policy in bayes syzbot; do
	grep "\"policy\":\"$policy\"" "$tmp/out" | grep -q '"exact":1\.0' || {
		echo "FAIL: $policy did not name the culprit"; exit 1; }
done
echo "ok: 10^6 commits with 10% merges, both policies, within 60 s of CPU"
