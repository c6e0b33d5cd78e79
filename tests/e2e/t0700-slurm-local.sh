#!/bin/sh
# scripts/slurm-local.sh brings up a real one-host Slurm cluster (munge,
# slurmctld, slurmd from Debian's packages) on 127.0.0.1 only, with all its
# state under one directory; `start` again after a crash (daemons killed
# with SIGKILL, stale pid files, a job's processes still running) clears
# the old cluster and comes up; `stop` leaves no process and no file, and
# nothing outside the directory was written.
. "$CULPRIT_TOP/tests/lib/slurm-local.sh"
slurm_setup

marker=$T/marker
touch "$marker"
sleep 1

# --- start, status, what it configured
slurm_start
dir=$SLURM_LOCAL_DIR
"$CULPRIT_TOP/scripts/slurm-local.sh" status "$dir" || fail "status after start"
node=$(sinfo -h -N -p culprit -o '%N %T %c')
echo "node: $node"
[ "$(echo "$node" | awk '{print $2}')" = idle ] || fail "node not idle: $node"
[ "$(echo "$node" | awk '{print $3}')" = "$(nproc)" ] || fail "node CPUs != nproc: $node"
grep -q "^JobCompType=jobcomp/filetxt" "$SLURM_CONF" || fail "no job completion log"
[ "$(stat -c %a "$dir/munge/munge.key")" = 400 ] || fail "munge key mode"

# listening sockets of the cluster's daemons: 127.0.0.1 only
pids=$(cat "$dir"/run/*.pid | tr '\n' '|' | sed 's/|$//')
socks=$(ss -Hltnp | grep -E "pid=($pids)," || true)
echo "$socks"
[ -n "$socks" ] || fail "no listening socket found for the daemons"
echo "$socks" | awk '{print $4}' | grep -v '^127\.0\.0\.1:' && fail "a daemon listens beyond loopback"
"$TOOL" check || fail "slurm-tool check"

# --- a crash: every daemon killed while a job runs, pid files left behind
mkdir -p "$T/jobs"
id=$("$TOOL" submit --name crash --dir "$T/jobs" -- sh -c 'echo up >"$1"; exec sleep 3071' sh \
	"$T/jobs/up") || fail "submit"
for _ in $(seq 1 100); do [ -s "$T/jobs/up" ] && break; sleep 0.1; done
[ -s "$T/jobs/up" ] || fail "job $id did not start"
for f in "$dir"/run/*.pid; do kill -KILL "$(cat "$f")"; done
sleep 0.5
[ -n "$(procs_naming "$dir/etc/slurm.conf")" ] || fail "the job's processes should still run"
ls "$dir"/run/*.pid >/dev/null || fail "pid files gone"
t0=$(date +%s)
"$CULPRIT_TOP/scripts/slurm-local.sh" start "$dir" >/dev/null || fail "start after a crash"
echo "restart after a crash: $(( $(date +%s) - t0 ))s"
pgrep -f "sleep 3071" >/dev/null && fail "the crashed cluster's job still runs"
"$TOOL" check || fail "check after restart"
line=$("$TOOL" run --name after --dir "$T/jobs" -- true | tail -n 1)
expect "$line" state=COMPLETED outcome=done exit=0

# --- stop with a job running: no process, no file
"$TOOL" submit --name running --dir "$T/jobs" -- sleep 3072 >/dev/null || fail "submit"
sleep 1
t0=$(date +%s)
"$CULPRIT_TOP/scripts/slurm-local.sh" stop "$dir" || fail "stop"
echo "stop: $(( $(date +%s) - t0 ))s"
left=$(procs_naming "$dir")
[ -z "$left" ] || fail "processes left after stop: $left"
pgrep -f "sleep 3072" >/dev/null && fail "a job's process is left after stop"
[ ! -e "$dir" ] || fail "$dir is left after stop"
# nothing written where the packages keep their state
outside=$(find /etc /run /var/spool /var/log /var/lib/slurm* /var/run -newer "$marker" \
	2>/dev/null | grep -iE 'slurm|munge' || true)
[ -z "$outside" ] || fail "files written outside the cluster directory: $outside"

# --- KEEP=1 keeps the directory (logs) and stops everything; an unrelated
# non-empty directory is refused
slurm_start
dir=$SLURM_LOCAL_DIR
KEEP=1 "$CULPRIT_TOP/scripts/slurm-local.sh" stop "$dir" || fail "KEEP=1 stop"
[ -s "$dir/log/slurmctld.log" ] || fail "KEEP=1 did not keep the logs"
[ -z "$(procs_naming "$dir")" ] || fail "processes left after KEEP=1 stop"
"$CULPRIT_TOP/scripts/slurm-local.sh" stop "$dir" || fail "second stop"
[ ! -e "$dir" ] || fail "second stop did not remove $dir"
SLURM_LOCAL_DIR=
mkdir -p "$T/other" && echo x >"$T/other/file"
if "$CULPRIT_TOP/scripts/slurm-local.sh" start "$T/other" 2>"$T/err"; then
	"$CULPRIT_TOP/scripts/slurm-local.sh" stop "$T/other"
	fail "start in a non-empty directory"
fi
grep -q 'not empty' "$T/err" || fail "unclear refusal: $(cat "$T/err")"
[ -f "$T/other/file" ] || fail "the unrelated directory was touched"
echo "all ok"
