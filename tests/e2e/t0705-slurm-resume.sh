#!/bin/sh
# culprit bisect --executor slurm --probes 2 killed with kill -9 while its
# Slurm jobs go on, then run again: the second culprit re-attaches to the
# jobs the journal shows in flight (it says so) instead of submitting them
# again, builds nothing that was built, ends on the right culprit and
# leaves no job behind.
. "$CULPRIT_TOP/tests/lib/slurm-local.sh"
. "$CULPRIT_TOP/tests/e2e/slurm-bisect-lib.sh"
SB_BEFORE=10 SB_AFTER=4
sb_setup
slurm_start
start=$(date +%s)
# runs take a second (jobs in flight to kill culprit under) until it was killed
touch "$T/slow"
export SB_TEST="if [ -e '$T/slow' ]; then sleep 1; fi; ./prog"

(SB_EXEC=exec; sb_bisect "$R" -f "$T/job.conf" --executor slurm --probes 2 --log "$T/log1" \
	2>"$T/err1") &
pid=$!
inflight=
for _ in $(seq 1 600); do
	j=$(find "$T/shared" -name journal 2>/dev/null | head -n 1)
	if [ -n "$j" ] && [ "$(grep -c '^build	' "$j")" -ge 2 ]; then
		# a job counts once the journal names it: killed between sbatch
		# and that note, culprit cannot know the job (it is cancelled at
		# the end as nobody's), and the test raced there once
		for id in $(squeue -h -O JobID:12 | tr -d ' '); do
			grep -q "^note	slurm\.[^	]*	$id " "$j" && inflight="$inflight $id"
		done
		[ -n "$inflight" ] && break
	fi
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
[ -n "$inflight" ] || { kill $pid; cat "$T/log1"; fail "no job in flight after two builds"; }
kill -9 $pid
wait $pid 2>/dev/null
rm -f "$T/slow"
echo "killed with jobs in flight: $(echo $inflight)"

sb_bisect "$R" -f "$T/job.conf" --executor slurm --probes 2 --log "$T/log2" \
	--json "$T/result.json" 2>"$T/err2"
rc=$?
cat "$T/err2"
[ $rc -eq 0 ] || { cat "$T/log2"; fail "exit code $rc, want 0"; }
grep -q "^first bad commit: $culprit " "$T/log2" || fail "wrong culprit"
grep -q "of an earlier run" "$T/err2" || fail "no job of the killed culprit was re-attached"
# ... and they ran to their end: the new owner of the work directory did
# not kill their processes as the killed one's leftovers (same host)
if grep -q "submitted again" "$T/err2"; then fail "a re-attached job failed"; fi
sb_json_check "$T/result.json"
j=$(find "$T/shared" -name journal | head -n 1)
twice=$(sed -n 's/^build	\([0-9a-f]*\)	.*/\1/p' "$j" | sort | uniq -d)
[ -z "$twice" ] || fail "built twice: $twice"
# each build was one Slurm job: one job id per commit in the journal
again=$(sed -n 's/^note	slurm\.build\.\([0-9a-f]*\)	\([0-9][0-9]*\) .*/\1/p' "$j" | sort | uniq -d)
[ -z "$again" ] || fail "builds submitted again: $again"
# what the killed culprit left that this one did not need is cancelled
sb_no_jobs_left "after the bisection"
echo "kill -9 and resume: $(( $(date +%s) - start ))s"
echo ok
