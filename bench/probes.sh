#!/bin/sh
# Parallel probes (issue 15): `culprit sim` on 10000-commit histories with a
# flaky reproducer (p = 0.3, 2% unrelated crashes), bayes, K probes a round
# on K workers, K = 1, 2, 4, 8, 16, side by side in one run (seeded).
# Prints a Markdown table: mean rounds and their ratio to K = 1, the culprit
# in the answer, builds (speculative ones: built ahead of the next round),
# runs and the modelled wall time (600 s a build, 60 s a batch of runs).
# Acceptance: rounds at K = 8 <= 0.45 x rounds at K = 1, the culprit in the
# answer (exact, or inside the reported candidate set) within 1 point.
# Environment: TRIALS (100), COMMITS (10000), PROBES ("1 2 4 8 16"),
# CHOICE (greedy | quantiles).
set -u
: "${CULPRIT:?}"
trials=${TRIALS:-100}
commits=${COMMITS:-10000}
probes=${PROBES:-1 2 4 8 16}
choice=${CHOICE:-greedy}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

f() {	# f FILE KEY
	sed -n "s/.*\"$2\":\([-0-9.e]*\).*/\1/p" "$1"
}
echo "| K | rounds | rounds / K=1 | exact | in answer | builds | speculative (used) | runs | modelled wall | wall / K=1 | cpu |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
r1= w1= i1= fail=0
for k in $probes; do
	"$CULPRIT" sim --commits "$commits" --trials "$trials" --seed 1 --p 0.3 --other 0.02 \
		--policies bayes --probes "$k" --workers "$k" --round-choice "$choice" \
		--json >"$tmp/$k" || { echo "culprit sim --probes $k failed"; exit 1; }
	r=$(f "$tmp/$k" mean_rounds) w=$(f "$tmp/$k" mean_wall_seconds) e=$(f "$tmp/$k" exact)
	i=$(f "$tmp/$k" culprit_in_result)
	[ -n "$r1" ] || { r1=$r w1=$w i1=$i; }
	awk -v k="$k" -v r="$r" -v r1="$r1" -v e="$e" -v i="$i" -v w="$w" -v w1="$w1" \
		-v b="$(f "$tmp/$k" mean_builds)" -v s="$(f "$tmp/$k" mean_speculative_builds)" \
		-v u="$(f "$tmp/$k" mean_speculative_used)" -v runs="$(f "$tmp/$k" mean_runs)" \
		-v cpu="$(f "$tmp/$k" cpu_seconds)" 'BEGIN {
		printf "| %d | %.2f | %.3f | %.1f%% | %.1f%% | %.1f | %.1f (%.1f) | %.0f | %.2fh | %.3f | %.0fs |\n",
			k, r, r / r1, 100 * e, 100 * i, b, s, u, runs, w / 3600, w / w1, cpu }'
	if [ "$k" = 8 ]; then
		awk -v r="$r" -v r1="$r1" 'BEGIN { exit !(r <= 0.45 * r1) }' ||
			{ echo "FAIL: rounds at K=8 ($r) > 0.45 x rounds at K=1 ($r1)"; fail=1; }
		awk -v i="$i" -v i1="$i1" 'BEGIN { exit !(i >= i1 - 0.01) }' ||
			{ echo "FAIL: culprit in the answer at K=8 ($i) more than 1 point below K=1 ($i1)"; fail=1; }
	fi
done
exit $fail
