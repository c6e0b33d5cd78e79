#!/bin/sh
# `culprit sim` across reproduction probabilities and kinds of noise: the
# accuracy and cost of the bayes and syzbot policies on 1000-commit
# histories (500 trials each, seeded). Prints a Markdown table; the last
# measured one is kept in bench/sim-results.md.
# Environment: TRIALS (500), COMMITS (1000).
set -u
: "${CULPRIT:?}"
trials=${TRIALS:-500}
commits=${COMMITS:-1000}

echo "| scenario | policy | exact | wrong | inconclusive | builds | runs | modelled wall |"
echo "|---|---|---|---|---|---|---|---|"
run() {	# run "name" sim-args...
	name=$1
	shift
	"$CULPRIT" sim --commits "$commits" --trials "$trials" --seed 1 --json "$@" |
	while IFS= read -r line; do
		echo "$line" | awk -v name="$name" '
		function f(k,   r) { r = $0; sub(".*\"" k "\":", "", r); sub("[,}].*", "", r); gsub("\"", "", r); return r }
		{ printf "| %s | %s | %.1f%% | %.1f%% | %.1f%% | %.1f | %.1f | %.1fh |\n", name, f("policy"),
			100 * f("exact"), 100 * f("wrong"), 100 * f("inconclusive"), f("mean_builds"),
			f("mean_runs"), f("mean_wall_seconds") / 3600 }'
	done
}
run "p=1" --p 1
run "p=0.5, 2% other crashes" --p 0.5 --other 0.02
run "p=0.3, 2% other crashes" --p 0.3 --other 0.02
run "p=0.2, 2% other crashes" --p 0.2 --other 0.02
run "p=0.1, 2% other crashes" --p 0.1 --other 0.02
run "p=0.3, 5% broken builds, 5% no-op, 2% infra" --p 0.3 --other 0.02 --skip-rate 0.05 --noop-rate 0.05 --infra-rate 0.02
run "p=0.3, 1% look-alike crashes on good commits" --p 0.3 --fp 0.01
run "p=0.5, fix mode" --p 0.5 --mode fix
run "p=0.3, 4 VMs" --p 0.3 --other 0.02 --vms 4
