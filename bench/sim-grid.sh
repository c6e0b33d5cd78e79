#!/bin/sh
# The acceptance grid of issue 10: `culprit sim` (bayes, 1000 commits,
# seeded) over p x other crashes x broken builds x look-alikes, and the
# --no-culprit runs. Per cell: exact (reliable and right), wrong (reliable
# and wrong), in-answer (the culprit is the answer or in the candidate
# set), does-not-reproduce, no-culprit, and how often results reported at
# >= 0.99 were right. Prints a Markdown table; the last one measured is in
# bench/sim-results.md.
# Environment: TRIALS (40 per cell), COMMITS (1000), PS, OTHERS, SKIPS, FPS
# (space-separated lists to run a part of the grid), VERIFY=0: the search
# alone (sim --no-verify; by default bayes verifies its culprits as
# `culprit bisect` does).
set -u
: "${CULPRIT:?}"
trials=${TRIALS:-40}
commits=${COMMITS:-1000}
ps=${PS:-"1 0.5 0.3 0.2 0.1 0.05"}
others=${OTHERS:-"0 0.02 0.05"}
skips=${SKIPS:-"0 0.03"}
fps=${FPS:-"0 0.01 0.05"}
verify=
[ "${VERIFY:-1}" = 0 ] && verify=--no-verify

row() {	# row LABEL sim-args...
	label=$1
	shift
	"$CULPRIT" sim --commits "$commits" --trials "$trials" --seed 1 --policies bayes --json $verify "$@" |
	python3 -c '
import json, sys
label = sys.argv[1]
for line in sys.stdin:
    d = json.loads(line)
    hi = [b for b in d["calibration"] if b["min"] >= 0.99]
    t = sum(b["trials"] for b in hi)
    r = sum(b["right"] for b in hi)
    cal = "%d/%d" % (r, t)
    print("| %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %s | %.1f | %.0f |" % (
        label, d["trials"], 100 * d["exact"], 100 * d["wrong"], 100 * d["culprit_in_result"],
        100 * d["no_repro"], 100 * d["no_culprit"], cal, d["mean_builds"], d["mean_runs"]))
' "$label"
}

echo "| cell | trials | exact | wrong | in answer | no repro | no culprit | right at >=0.99 | builds | runs |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for p in $ps; do
	for o in $others; do
		for s in $skips; do
			for f in $fps; do
				row "p=$p other=$o skip=$s fp=$f" --p "$p" --other "$o" --skip-rate "$s" --fp "$f"
			done
		done
	done
done
for p in 0.1 0.3; do
	row "no culprit, p=$p" --no-culprit --p "$p"
done
