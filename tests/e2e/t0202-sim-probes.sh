#!/bin/sh
# culprit sim --probes K --workers W (issue 15): K commits a round cut the
# rounds (towards log_(K+1) N) without losing the culprit, and workers
# beyond the probes build ahead of the next round, which shortens the
# modelled wall time. 40 seeded trials of 1000 commits, p = 0.3.
set -u
. "$CULPRIT_TOP/tests/e2e/sim-lib.sh"
sim_setup --commits 1000 --trials 40 --seed 1 --p 0.3 --other 0.02 --policies bayes --no-verify
sim k1 --probes 1
sim k4 --probes 4 --workers 4
sim k4w8 --probes 4 --workers 8
sim k4q --probes 4 --workers 4 --round-choice quantiles
echo "SCORE sim probes: rounds K=1 $(f k1 mean_rounds), K=4 $(f k4 mean_rounds) (quantiles $(f k4q mean_rounds)); wall K=4 $(f k4 mean_wall_seconds), 8 workers $(f k4w8 mean_wall_seconds)"
check "K=4 rounds <= 0.6 x K=1 rounds" "$(f k4 mean_rounds) <= 0.6 * $(f k1 mean_rounds)"
check "K=4 exact within 1 point of K=1" "$(f k4 exact) >= $(f k1 exact) - 0.01"
check "K=1: wall is the sum of the work" "$(f k1 mean_wall_seconds) == $(f k1 mean_machine_seconds)"
check "K=4: wall below the work" "$(f k4 mean_wall_seconds) < $(f k4 mean_machine_seconds)"
check "8 workers build ahead" "$(f k4w8 mean_speculative_builds) > 0"
check "8 workers: less wall than 4" "$(f k4w8 mean_wall_seconds) < $(f k4 mean_wall_seconds)"
check "K=4 quantiles exact within 1 point" "$(f k4q exact) >= $(f k1 exact) - 0.01"
exit $fail
