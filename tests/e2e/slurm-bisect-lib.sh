# Helpers of the t07* tests that bisect with --executor slurm (sourced
# after tests/lib/slurm-local.sh; the runner only picks up t[0-9]*.sh).
#
#	sb_setup          # slurm_setup, a repository $R (culprit $culprit,
#	                  # good $good) and $T/job.conf ([executor] on $T/shared)
#	sb_bisect R ...   # culprit bisect of the generic build and test
#	sb_json_check F   # every tested step of result F ran as Slurm jobs
#	sb_no_jobs_left W # no job in squeue within 10 s, else fail "jobs left W"
: "${CULPRIT:?}"
SB_EXEC=

sb_setup() {
	slurm_setup
	command -v git >/dev/null || slurm_skip "git is not installed"
	command -v cc >/dev/null || slurm_skip "no C compiler"
	export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL="author@example.com"
	export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL="committer@example.com"
	export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
	export CULPRIT_CACHE="$T/cache"
	R=$T/repo
	mkdir -p "$R" "$T/shared" && git -C "$R" init -q -b master || exit 1
	echo '#include "code.h"' >"$R/prog.c"
	echo 'int main(void) { return CODE; }' >>"$R/prog.c"
	echo '#define CODE 0' >"$R/code.h"
	git -C "$R" add -A && git -C "$R" commit -q -m "first" || exit 1
	good=$(git -C "$R" rev-parse HEAD)
	for i in $(seq 1 ${SB_BEFORE:-12}); do
		echo "/* $i */" >>"$R/prog.c"
		git -C "$R" commit -q -a -m "step $i" || exit 1
	done
	echo '#define CODE 3' >"$R/code.h"
	git -C "$R" commit -q -a -m "prog: exit 3" || exit 1
	culprit=$(git -C "$R" rev-parse HEAD)
	for i in $(seq 1 ${SB_AFTER:-6}); do
		echo "/* after $i */" >>"$R/prog.c"
		git -C "$R" commit -q -a -m "after $i" || exit 1
	done
	cat >"$T/job.conf" <<CONF
[executor]
	shared-dir = $T/shared
	time-limit = 5m
	poll = 0.3
	sbatch-args = --cpus-per-task=1
CONF
}

# the test: a program that exits 3 is bad (git bisect run's reading);
# `(SB_EXEC=exec; sb_bisect ...) &`: $! is culprit itself (for kill)
sb_bisect() {
	sb_r=$1
	shift
	$SB_EXEC "$CULPRIT" bisect --repo "$sb_r" --no-progress --good "$good" --bad HEAD \
		--build "${SB_BUILD:-cc -o prog prog.c}" --artifact prog \
		--test "${SB_TEST:-./prog}" --test-exit --runs 2 --timeout 60 \
		--build-timeout 120 "$@"
}

# every step that built or ran says executor "slurm" and has job ids
sb_json_check() {
	python3 - "$1" <<'PY' || fail "JSON steps without Slurm jobs"
import json, sys
r = json.load(open(sys.argv[1]))
steps = [s for s in r["steps"] if s.get("runs") or s.get("build") == "ok"]
bad = [s["hash"][:12] for s in steps if s.get("executor") != "slurm" or not s.get("job_ids")]
if bad or not steps:
    print("steps without executor/job_ids:", bad, "of", len(steps))
    sys.exit(1)
print("steps with Slurm jobs:", len(steps))
PY
}

# sb_no_jobs_left WHEN: squeue is empty within 10 s (cancelled jobs end)
sb_no_jobs_left() {
	left=
	for _ in $(seq 1 50); do
		left=$(squeue -h -O JobID:12,State:20)
		[ -z "$left" ] && return 0
		sleep 0.2
	done
	fail "jobs left $1: $left"
}
