#!/bin/sh
# A Slurm job of culprit bisect --executor slurm cancelled with scancel
# while its runs go on is infrastructure: it is submitted once more, and
# the bisection ends on the right culprit with no run counted from the
# cancelled job (no infra verdict, no crash from it). Then SIGTERM to
# culprit cancels the jobs it has in flight (none is left in squeue).
. "$CULPRIT_TOP/tests/lib/slurm-local.sh"
. "$CULPRIT_TOP/tests/e2e/slurm-bisect-lib.sh"
SB_BEFORE=4 SB_AFTER=2
sb_setup
slurm_start
start=$(date +%s)

# the first batch of runs seen running: cancelled
# runs are slow (3 s) until one was cancelled
touch "$T/slow"
(SB_EXEC=exec SB_TEST="if [ -e '$T/slow' ]; then sleep 3; fi; ./prog"; sb_bisect "$R" -f "$T/job.conf" --executor slurm \
	--log "$T/log" --json "$T/result.json" 2>"$T/err") &
pid=$!
victim=
for _ in $(seq 1 300); do
	victim=$(squeue -h -t RUNNING -O JobID:12,STDOUT:500 | awk '$2 ~ /\/r-/ { print $1; exit }')
	[ -n "$victim" ] && break
	sleep 0.1
done
[ -n "$victim" ] || { kill "$pid"; fail "no batch of runs was seen running"; }
sleep 0.5
scancel "$victim" || fail "scancel $victim"
rm -f "$T/slow"
wait $pid
rc=$?
cat "$T/err"
[ $rc -eq 0 ] || { cat "$T/log"; fail "exit code $rc, want 0"; }
grep -q "^first bad commit: $culprit " "$T/log" || fail "wrong culprit"
grep -q "Slurm job $victim: CANCELLED.*submitted again" "$T/err" ||
	fail "the cancelled job $victim was not submitted again"
python3 - "$T/result.json" <<'PY' || fail "a run of the cancelled job was counted"
import json, sys
r = json.load(open(sys.argv[1]))
bad = [(s["hash"][:12], x.get("verdict")) for s in r["steps"] for x in s.get("runs", [])
       if "infra" in str(x.get("verdict", "")).lower()]
if bad:
    print("infra runs:", bad)
    sys.exit(1)
PY
sb_json_check "$T/result.json"
echo "scancel: $(( $(date +%s) - start ))s"

# SIGTERM: culprit cancels its jobs
rm -rf "$T/shared"/* "$T/log"
(SB_EXEC=exec SB_TEST='sleep 30; ./prog'; sb_bisect "$R" -f "$T/job.conf" --executor slurm \
	--log "$T/log" 2>"$T/err") &
pid=$!
for _ in $(seq 1 300); do
	[ -n "$(squeue -h -t RUNNING -O STDOUT:500 | grep '/r-')" ] && break
	sleep 0.1
done
[ -n "$(squeue -h -t RUNNING -O STDOUT:500 | grep '/r-')" ] || fail "no runs job ran"
kill -TERM $pid
wait $pid
sb_no_jobs_left "after SIGTERM"
echo "scancel + SIGTERM: $(( $(date +%s) - start ))s"
echo ok
