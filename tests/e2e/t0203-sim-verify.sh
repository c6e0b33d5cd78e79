#!/bin/sh
# culprit sim verifies as culprit bisect does by default (issue 10): the
# culprit and its parents rerun until each verdict holds, and the revert on
# the crashing end. Verification keeps what the search found and catches what
# it got wrong: with a reproducer at 5% (where the search alone reports a
# wrong culprit at >= 0.99 now and then) no verified answer is wrong and
# every one reported at >= 0.99 is right; with look-alike crashes at 5%
# (which used to make the parent "crash too"), right answers stay reliable.
# A revert that still crashes is tested before the answer and sends the
# search on (p 0.2, other crashes 5%, look-alikes 5%: 7 of 200 trials ended
# without the culprit in the answer when it came after it). "No culprit"
# holds at p 0.1 on a seed of its own. 100 seeded trials of 1000 commits
# per cell (200 for the revert's and the no-culprit one).
set -u
. "$CULPRIT_TOP/tests/e2e/sim-lib.sh"
sim_setup --commits 1000 --trials 100 --seed 1 --policies bayes
# results reported at >= 0.99: "trials right" summed over those buckets
cal() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
hi = [b for b in d["calibration"] if b["min"] >= 0.99]
print(sum(b["trials"] for b in hi), sum(b["right"] for b in hi))' "$tmp/$1"
}
sim low --p 0.05
sim look --p 0.5 --fp 0.05
sim look0 --p 0.5 --fp 0.05 --no-verify
sim rev --p 0.2 --other 0.05 --fp 0.05 --trials 200
# "no culprit" at p 0.1 on a seed the grid does not use (seed 1 flattered
# the old constants: 95.5% there, 91-93% on seeds 2-5)
sim none --no-culprit --p 0.1 --trials 200 --seed 3
set -- $(cal low)
echo "SCORE sim verify: p 0.05 right at >= 0.99 $2/$1, wrong $(f low wrong); p 0.5 fp 0.05 exact $(f look exact) (search alone $(f look0 exact)), runs $(f look mean_runs) ($(f look0 mean_runs))"
echo "SCORE sim verify: p 0.2 other 0.05 fp 0.05 culprit in the answer $(f rev culprit_in_result), no culprit $(f rev no_culprit), runs $(f rev mean_runs)"
check "p 0.05: no verified answer is wrong" "$(f low wrong) == 0"
check "p 0.05: right at >= 0.99 in >= 99%" "$1 > 0 && $2 >= 0.99 * $1"
check "look-alikes 5%: no verified answer is wrong" "$(f look wrong) == 0"
check "look-alikes 5%: verification keeps the right answers reliable" \
	"$(f look exact) >= $(f look0 exact) - 0.03"
check "look-alikes 5%: verification costs < 25% more runs" \
	"$(f look mean_runs) < 1.25 * $(f look0 mean_runs)"
check "p 0.2, 5% look-alikes: the culprit is in the answer in >= 98.5% of trials" \
	"$(f rev culprit_in_result) >= 0.985"
echo "SCORE sim verify: --no-culprit p 0.1 seed 3 answered 'no culprit' $(f none no_culprit), runs $(f none mean_runs)"
check "--no-culprit p 0.1 (seed 3): 'no culprit' in >= 95% of trials" "$(f none no_culprit) >= 0.95"
exit $fail
