#!/bin/sh
# src/slurm/ against a real one-host cluster: a job that exits 0 and one
# that exits 3 are done with their exit status (read back from squeue, and
# from the job completion log once squeue forgot them); a lost node
# (slurmd stopped: NODE_FAIL), a preempted job (PREEMPTED), a job past its
# time limit (TIMEOUT) and one cancelled with scancel mid-run (CANCELLED)
# are infrastructure results; a
# job whose submitter was killed with kill -9 is re-attached by its id, and
# an id that now names another job is not taken for it; a controller that
# does not answer and missing tools give clear errors.
#
# The TIMEOUT job runs beside the others: Slurm counts limits in minutes and
# checks them every 30 s, so it ends 60-90 s after it starts.
. "$CULPRIT_TOP/tests/lib/slurm-local.sh"
slurm_setup
# squeue forgets finished jobs after a few seconds: the history path is used
slurm_start SLURM_LOCAL_MIN_JOB_AGE=2
J=$T/jobs
mkdir -p "$J"
start=$(date +%s)

# --- a lost node: slurmd stops answering while a job runs
id=$("$TOOL" submit --name lost --dir "$J" -- sleep 3081) || fail "submit"
line=$("$TOOL" wait --timeout 20 --any "$id")
sd=$(cat "$SLURM_LOCAL_DIR/run/slurmd.pid")
for _ in $(seq 1 50); do
	[ "$(field "$("$TOOL" query "$id")" state)" = RUNNING ] && break
	sleep 0.2
done
kill -STOP "$sd"
line=$("$TOOL" wait --timeout 60 "$id")
kill -CONT "$sd"
expect "$line" state=NODE_FAIL outcome=infra
for _ in $(seq 1 100); do
	[ "$(sinfo -h -p culprit -o %T)" = idle ] && break
	sleep 0.3
done
[ "$(sinfo -h -p culprit -o %T)" = idle ] || fail "the node did not come back: $(sinfo -h -o '%T %E')"
echo "lost node: $(( $(date +%s) - start ))s"

# --- preempted: a job of the higher-tier partition needs the whole node
lo=$("$TOOL" submit --name low --dir "$J" --sbatch --cpus-per-task=2 -- sleep 3084) ||
	fail "submit"
for _ in $(seq 1 50); do
	[ "$(field "$("$TOOL" query "$lo")" state)" = RUNNING ] && break
	sleep 0.2
done
hi=$("$TOOL" submit --name high --dir "$J" --partition culprit-high \
	--sbatch --cpus-per-task=2 -- true) || fail "submit"
lines=$("$TOOL" wait --timeout 60 "$lo" "$hi")
expect "$(echo "$lines" | grep "id=$lo ")" state=PREEMPTED outcome=infra
expect "$(echo "$lines" | grep "id=$hi ")" state=COMPLETED outcome=done exit=0
pgrep -f 'sleep 3084' >/dev/null && fail "the preempted job's process still runs"

# --- the TIMEOUT job, in the background while the rest runs
to=$("$TOOL" submit --name too-long --time 1 --dir "$J" -- sleep 3082) || fail "submit"
to_start=$(date +%s)
"$TOOL" wait --timeout 150 "$to" >"$T/timeout.line" 2>&1 &
to_wait=$!

# --- exit 0 and exit 3, output and environment
ok=$("$TOOL" submit --name ok --dir "$J" --env CULPRIT_T=from-env \
	-- sh -c 'echo "out $CULPRIT_T"; echo err >&2' sh) || fail "submit"
bad=$("$TOOL" submit --name exit3 --dir "$J" --output "$J/exit3-%j.log" --error "$J/exit3.err" \
	-- sh -c 'echo three; exit 3') || fail "submit"
lines=$("$TOOL" wait --timeout 60 "$ok" "$bad")
expect "$(echo "$lines" | grep "id=$ok ")" state=COMPLETED outcome=done exit=0 signal=0 name=ok
expect "$(echo "$lines" | grep "id=$bad ")" state=FAILED outcome=done exit=3 name=exit3
grep -qx 'out from-env' "$J/ok.out" || fail "job output/environment: $(cat "$J/ok.out")"
grep -qx 'err' "$J/ok.out" || fail "stderr not merged into the output"
grep -qx 'three' "$J/exit3-%j.log" || fail "a '%' in --output must stay literal"
[ -f "$J/exit3.err" ] || fail "no --error file"

# --- once squeue forgot them, the job completion log tells the same
for _ in $(seq 1 60); do
	[ "$(field "$("$TOOL" query "$bad")" source)" = squeue ] || break
	sleep 0.5
done
line=$("$TOOL" query "$bad")
expect "$line" state=FAILED outcome=done exit=3 name=exit3 source=jobcomp

# --- cancelled mid-run
c=$("$TOOL" submit --name cancel-me --dir "$J" -- sh -c 'echo up >"$1"; exec sleep 3083' sh \
	"$J/c.up") || fail "submit"
for _ in $(seq 1 100); do [ -s "$J/c.up" ] && break; sleep 0.1; done
[ -s "$J/c.up" ] || fail "job $c did not start"
"$TOOL" cancel "$c" || fail "cancel"
line=$("$TOOL" wait --timeout 30 "$c")
expect "$line" state=CANCELLED outcome=infra
pgrep -f 'sleep 3083' >/dev/null && fail "the cancelled job's process still runs"
"$TOOL" cancel "$c" || fail "cancelling an ended job is not an error"

# --- the submitter killed with kill -9; re-attach by the id it recorded
"$TOOL" run --name reattach --dir "$J" -- sh -c 'sleep 4; exit 5' >"$T/run.out" 2>&1 &
runner=$!
for _ in $(seq 1 100); do grep -q '^submitted ' "$T/run.out" && break; sleep 0.1; done
rid=$(sed -n 's/^submitted //p' "$T/run.out")
[ -n "$rid" ] || fail "no job id from the submitter: $(cat "$T/run.out")"
kill -KILL "$runner"
wait "$runner" 2>/dev/null
line=$("$TOOL" attach "$rid" reattach)
expect "$line" outcome=active name=reattach source=squeue
[ "$("$TOOL" find reattach)" = "$rid" ] || fail "find by name"
line=$("$TOOL" wait --timeout 60 "$rid")
expect "$line" state=FAILED outcome=done exit=5
line=$("$TOOL" attach "$rid" reattach)
expect "$line" outcome=done exit=5
line=$("$TOOL" attach "$rid" someone-else)
expect "$line" state=UNKNOWN outcome=infra
line=$("$TOOL" query 999999)
expect "$line" state=UNKNOWN outcome=infra source=none

# --- clear errors
sed 's/^SlurmctldPort=.*/SlurmctldPort=9/' "$SLURM_CONF" >"$T/down.conf"
SLURM_CONF=$T/down.conf "$TOOL" check 2>"$T/err" && fail "check with no controller"
grep -q 'controller does not answer' "$T/err" || fail "unclear: $(cat "$T/err")"
SLURM_CONF=$T/down.conf "$TOOL" submit --name x --dir "$J" -- true 2>"$T/err" &&
	fail "submit with no controller"
grep -q 'controller does not answer' "$T/err" || fail "unclear: $(cat "$T/err")"
PATH=/nonexistent "$TOOL" check 2>"$T/err" && fail "check without the tools"
grep -q 'not installed' "$T/err" || fail "unclear: $(cat "$T/err")"
"$TOOL" submit --name 'bad name' --dir "$J" -- true 2>"$T/err" && fail "a bad job name"
grep -q 'job name' "$T/err" || fail "unclear: $(cat "$T/err")"

# --- the TIMEOUT job
wait "$to_wait" || fail "waiting for the TIMEOUT job: $(cat "$T/timeout.line")"
line=$(cat "$T/timeout.line")
expect "$line" state=TIMEOUT outcome=infra
echo "timeout after $(( $(date +%s) - to_start ))s"
pgrep -f 'sleep 3082' >/dev/null && fail "the timed-out job's process still runs"
echo "all ok in $(( $(date +%s) - start ))s"
