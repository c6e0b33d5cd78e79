#!/bin/sh
# culprit bisect --executor slurm --probes 2 --vms 2 on a one-host cluster
# (scripts/slurm-local.sh): each build and each batch of runs is a Slurm job
# running `culprit step` on the node; the culprit is the local executor's,
# every tested step says so in the JSON (executor, job_ids) and the
# journal keeps the job ids; the build jobs share a ccache and their hits
# and misses are in the JSON steps. Bad [executor] keys are refused (exit 2)
# before anything is made.
. "$CULPRIT_TOP/tests/lib/slurm-local.sh"
. "$CULPRIT_TOP/tests/e2e/slurm-bisect-lib.sh"
sb_setup
start=$(date +%s)

# bad input first: exit 2, no work directory made
printf '[executor]\n\tpartition = "a b"\n\tshared-dir = %s\n' "$T/shared" >"$T/bad.conf"
sb_bisect "$R" -f "$T/bad.conf" --executor slurm >"$T/bad.log" 2>&1
rc=$?
[ $rc -eq 2 ] || { cat "$T/bad.log"; fail "a bad partition: exit $rc, want 2"; }
grep -q "executor.partition" "$T/bad.log" || fail "the error does not name the key"
printf '[executor]\n\tpartition = culprit\n' >"$T/noshared.conf"
sb_bisect "$R" -f "$T/noshared.conf" --executor slurm >"$T/bad.log" 2>&1
[ $? -eq 2 ] || fail "no shared dir: want exit 2"
grep -q "shared-dir" "$T/bad.log" || fail "the error does not say shared-dir"
printf '[executor]\n\tsbatch-args = "--wrap=true"\n\tshared-dir = %s\n' "$T/shared" >"$T/bad.conf"
sb_bisect "$R" -f "$T/bad.conf" --executor slurm >"$T/bad.log" 2>&1
[ $? -eq 2 ] || fail "--wrap in sbatch-args: want exit 2"
sb_bisect "$R" -f "$T/job.conf" >"$T/bad.log" 2>&1
[ $? -eq 2 ] || fail "[executor] keys without --executor slurm: want exit 2"
[ -z "$(ls -A "$T/shared")" ] || fail "bad input left files: $(ls -A "$T/shared")"

# the local executor's answer
sb_bisect "$R" --workdir "$T/local" --probes 2 --log "$T/local.log" || fail "local bisect"
grep -q "^first bad commit: $culprit " "$T/local.log" || fail "local: wrong culprit"

# the build jobs share a compiler cache (a file: remote every node sees)
mkdir -p "$T/ccache-remote"
cat "$T/job.conf" - >"$T/ccache.conf" <<CONF
	ccache-dir = $T/ccache-local
	ccache-remote = file:$T/ccache-remote
CONF
slurm_start
SB_BUILD="ccache cc -c -o prog.o prog.c && cc -o prog prog.o" sb_bisect "$R" -f "$T/ccache.conf" --executor slurm \
	--probes 2 --vms 2 --log "$T/slurm.log" --json "$T/slurm.json"
rc=$?
cat "$T/slurm.log"
[ $rc -eq 0 ] || fail "exit code $rc, want 0"
grep -q "^first bad commit: $culprit " "$T/slurm.log" || fail "slurm: wrong culprit"
grep -q "^verification: passed" "$T/slurm.log" || fail "slurm: the verification did not pass"
sb_json_check "$T/slurm.json"
python3 - "$T/slurm.json" <<'PY' || fail "no compiler cache statistics in the JSON steps"
import json, sys
steps = [s for s in json.load(open(sys.argv[1]))["steps"] if "ccache" in s]
hits = sum(s["ccache"]["hits"] for s in steps)
misses = sum(s["ccache"]["misses"] for s in steps)
print("ccache: %d builds, %d hits, %d misses" % (len(steps), hits, misses))
sys.exit(0 if steps and misses >= 1 and hits >= 1 else 1)
PY
jobs=$(find "$T/shared" -path '*/slurm/*.req' | wc -l)
[ "$jobs" -gt 2 ] || fail "only $jobs Slurm jobs"
grep -rq 'slurm\.build\.' "$T/shared" --include='journal*' || fail "no job id in the journal"
echo "slurm jobs: $jobs, $(( $(date +%s) - start ))s"
echo ok
