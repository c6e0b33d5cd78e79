#!/bin/sh
# slurm-local.sh - a one-host Slurm cluster from Debian 12's packages, for tests
# and for trying `culprit --executor slurm` on one machine.
#
#   scripts/slurm-local.sh start [DIR]   bring it up; prints SLURM_LOCAL_DIR=... and
#                                        SLURM_CONF=... (eval-able) on stdout
#   scripts/slurm-local.sh status [DIR]  daemons and node state; exit 0 when all is up
#   scripts/slurm-local.sh stop [DIR]    cancel jobs, stop the daemons, remove DIR
#                                        (KEEP=1 keeps it, for the logs)
#
# DIR is the argument, else $SLURM_LOCAL_DIR; `start` without either makes a
# new directory under ${TMPDIR:-/tmp}. Everything lives under DIR: munge's key,
# socket, pid, log and seed; slurm.conf; slurmctld's state; slurmd's spool; the
# logs; the pid files; the job completion log (jobcomp/filetxt, which
# `sacct --completion` reads). Nothing under /etc, /run or /var is written:
# the daemons get every path on their command line or in slurm.conf, and the
# Slurm commands find the cluster through SLURM_CONF. The controller and the
# node talk over 127.0.0.1 only (NodeAddr, SlurmctldHost's address and
# CommunicationParameters=NoCtldInAddrAny,NoInAddrAny), on two free ports
# picked at start, so two clusters can run on one host. Partitions: culprit
# (the default) and culprit-high, whose jobs preempt (cancel) culprit's.
#
# Runs as root (slurmd starts jobs as the submitting user). `start` on a DIR
# left by a crash (stale pid files, daemons still running or not) first clears
# it. Tunables (environment): SLURM_LOCAL_TIMEOUT (seconds `start` waits for
# the node to become idle, default 60), SLURM_LOCAL_MIN_JOB_AGE (seconds a
# finished job stays visible to squeue/scontrol, default 300).
set -eu

prog=slurm-local
MARK=.culprit-slurm-local

say() { echo "$prog: $*" >&2; }
fail() { say "$*"; exit 1; }

need_tools() {
	missing=
	for t in munged mungekey slurmctld slurmd slurmstepd sinfo squeue scancel sbatch; do
		command -v "$t" >/dev/null 2>&1 || \
			[ -x "/usr/sbin/$t" ] || missing="$missing $t"
	done
	if [ -n "$missing" ]; then
		say "missing:$missing (scripts/install-deps.sh installs munge slurmctld slurmd slurm-client)"
		exit 3
	fi
}

# Pid from a pid file if that process is alive and is ours (its command line
# or environment names $DIR): a stale file after a crash or a reused pid
# never gets a signal.
ours() {
	pid=$1
	[ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
	grep -qzF "$DIR/" "/proc/$pid/cmdline" 2>/dev/null ||
		grep -qzxF "CULPRIT_SLURM_LOCAL=$DIR" "/proc/$pid/environ" 2>/dev/null
}

pid_of() {
	f=$DIR/run/$1.pid
	[ -s "$f" ] || return 1
	p=$(tr -dc 0-9 <"$f")
	ours "$p" || return 1
	echo "$p"
}

# Every live process of this cluster: daemons (started with
# CULPRIT_SLURM_LOCAL=$DIR), slurmstepd and job processes (SLURM_CONF
# pointing here, and an slurmstepd binary or SLURM_JOB_ID set). This script and its
# ancestors are left out: they may carry SLURM_CONF too.
cluster_pids() {
	ancestors=" "
	a=$$
	while [ -n "$a" ] && [ "$a" -gt 1 ]; do
		ancestors="$ancestors$a "
		a=$(awk '/^PPid:/ { print $2 }' "/proc/$a/status" 2>/dev/null || true)
	done
	{
		grep -lzxF "CULPRIT_SLURM_LOCAL=$DIR" /proc/[0-9]*/environ 2>/dev/null || true
		for e in $(grep -lzxF "SLURM_CONF=$DIR/etc/slurm.conf" /proc/[0-9]*/environ \
				2>/dev/null || true); do
			if grep -qz '^SLURM_JOB_ID=' "$e" 2>/dev/null; then
				echo "$e"
			else
				case $(readlink "${e%/environ}/exe" 2>/dev/null) in
				*/slurmstepd*) echo "$e" ;;
				esac
			fi
		done
	} | sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p' | sort -un | while read -r p; do
		case "$ancestors" in *" $p "*) continue ;; esac
		# a zombie is dead already (its parent has not reaped it)
		grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null && continue
		echo "$p"
	done
}

# SIGTERM, up to $2 seconds for it to go, then SIGKILL.
stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while [ -d "/proc/$1" ] && [ "$i" -lt $(($2 * 10)) ]; do
		# a zombie child of ours counts as gone
		grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null || true
}

free_port() {
	tries=0
	while [ "$tries" -lt 50 ]; do
		# below the ephemeral range (32768 up): a client's connection
		# never holds it; any socket on it (not just a listener) is in the way
		p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 12000 + 20000 ))
		if ! ss -Htan "sport = :$p" 2>/dev/null | grep -q . &&
		   ! ss -Htan "sport = :$((p + 1))" 2>/dev/null | grep -q .; then
			echo "$p"
			return 0
		fi
		tries=$((tries + 1))
	done
	fail "no free port pair found"
}

write_conf() {
	host=$(hostname -s)
	# what slurmd sees on this host; a node configured with more CPUs or
	# memory than it has would be drained as "Low RealMemory"
	hw=$(slurmd -C | head -n 1)
	cpus=$(printf '%s\n' "$hw" | sed -n 's/.* CPUs=\([0-9]*\).*/\1/p')
	sockets=$(printf '%s\n' "$hw" | sed -n 's/.* SocketsPerBoard=\([0-9]*\).*/\1/p')
	cores=$(printf '%s\n' "$hw" | sed -n 's/.* CoresPerSocket=\([0-9]*\).*/\1/p')
	threads=$(printf '%s\n' "$hw" | sed -n 's/.* ThreadsPerCore=\([0-9]*\).*/\1/p')
	mem=$(printf '%s\n' "$hw" | sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p')
	[ -n "$cpus" ] && [ -n "$mem" ] || fail "cannot read this host's CPUs and memory from 'slurmd -C': $hw"
	user=$(id -un)
	cat >"$DIR/etc/slurm.conf" <<EOF
# generated by scripts/slurm-local.sh: a one-host cluster under $DIR
ClusterName=culprit
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=$user
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/spool/%n
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups (containers, gVisor): processes are tracked through /proc
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# No slurmdbd: sacct's accounting is off; the job completion log gives
# sacct --completion the state and exit code of every finished job.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
# short timers: tests cancel, time out and lose jobs within seconds
SlurmctldTimeout=10
SlurmdTimeout=10
MessageTimeout=5
InactiveLimit=0
KillWait=2
OverTimeLimit=0
MinJobAge=${SLURM_LOCAL_MIN_JOB_AGE:-300}
Waittime=0
TCPTimeout=2
UnkillableStepTimeout=30
# a submitted job is scheduled at once, not after batch_sched_delay (3 s)
SchedulerParameters=sched_interval=2,bf_interval=2,batch_sched_delay=0,sched_min_interval=0
PreemptType=preempt/partition_prio
PreemptMode=CANCEL
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus SocketsPerBoard=${sockets:-1} CoresPerSocket=${cores:-$cpus} ThreadsPerCore=${threads:-1} RealMemory=$mem State=UNKNOWN
PartitionName=culprit Nodes=$host Default=YES MaxTime=INFINITE State=UP PriorityTier=1
# a higher tier on the same node: its jobs preempt (cancel) those of "culprit"
PartitionName=culprit-high Nodes=$host MaxTime=INFINITE State=UP PriorityTier=2
EOF
	echo "$host" >"$DIR/nodename"
}

start_daemons() {
	mungekey --create --keyfile="$DIR/munge/munge.key" >/dev/null
	chmod 0400 "$DIR/munge/munge.key"
	CULPRIT_SLURM_LOCAL=$DIR munged --force \
		--socket="$DIR/munge/munge.socket" \
		--key-file="$DIR/munge/munge.key" \
		--pid-file="$DIR/run/munged.pid" \
		--log-file="$DIR/log/munged.log" \
		--seed-file="$DIR/munge/munged.seed" ||
		fail "munged did not start; see $DIR/log/munged.log"
	export SLURM_CONF="$DIR/etc/slurm.conf"
	CULPRIT_SLURM_LOCAL=$DIR slurmctld -f "$SLURM_CONF" -i ||
		fail "slurmctld did not start; see $DIR/log/slurmctld.log"
	CULPRIT_SLURM_LOCAL=$DIR slurmd -f "$SLURM_CONF" ||
		fail "slurmd did not start; see $DIR/log/slurmd.log"
}

wait_idle() {
	node=$(cat "$DIR/nodename")
	deadline=$(( $(date +%s) + ${SLURM_LOCAL_TIMEOUT:-60} ))
	while :; do
		st=$(SLURM_CONF=$DIR/etc/slurm.conf sinfo -h -p culprit -n "$node" -o %T 2>/dev/null || true)
		case "$st" in idle*) return 0 ;; esac
		if [ "$(date +%s)" -ge "$deadline" ]; then
			say "node $node is not idle after ${SLURM_LOCAL_TIMEOUT:-60}s (state: ${st:-no answer})"
			for l in munged slurmctld slurmd; do
				say "--- $DIR/log/$l.log"
				tail -n 15 "$DIR/log/$l.log" >&2 2>/dev/null || true
			done
			return 1
		fi
		sleep 0.3
	done
}

# Stop what runs under $DIR; $1=keep: leave the files.
do_stop() {
	conf=$DIR/etc/slurm.conf
	if pid_of slurmctld >/dev/null && [ -f "$conf" ]; then
		# cancel every job first, so slurmstepd ends the job processes
		SLURM_CONF=$conf timeout 10 scancel --quiet --full \
			--partition=culprit 2>/dev/null || true
		i=0
		while [ "$i" -lt 50 ] &&
		      [ -n "$(SLURM_CONF=$conf timeout 5 squeue -h -o %i 2>/dev/null)" ]; do
			sleep 0.2
			i=$((i + 1))
		done
	fi
	for d in slurmd slurmctld munged; do
		p=$(pid_of "$d") && stop_pid "$p" 10
	done
	# whatever is left: slurmstepd, job processes, daemons whose pid file
	# was lost
	left=$(cluster_pids)
	if [ -n "$left" ]; then
		for p in $left; do
			kill -KILL "$p" 2>/dev/null || true
		done
		i=0
		while [ "$i" -lt 50 ] && [ -n "$(cluster_pids)" ]; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
	rm -f "$DIR"/run/*.pid
	left=$(cluster_pids)
	[ -z "$left" ] || say "processes still alive after stop: $left"
	if [ "${1:-}" != keep ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "$DIR"
	fi
	[ -z "$left" ]
}

cmd=${1:-}
DIR=${2:-${SLURM_LOCAL_DIR:-}}

case "$cmd" in
start)
	need_tools
	[ "$(id -u)" -eq 0 ] || fail "must run as root (slurmd starts jobs as their user)"
	if [ -z "$DIR" ]; then
		DIR=$(mktemp -d "${TMPDIR:-/tmp}/culprit-slurm.XXXXXX")
	else
		mkdir -p "$DIR"
		DIR=$(cd "$DIR" && pwd -P)
		if [ -e "$DIR/$MARK" ]; then
			do_stop keep || fail "cannot clear the cluster left in $DIR"
			find "$DIR" -mindepth 1 -delete
		elif [ -n "$(ls -A "$DIR")" ]; then
			fail "$DIR is not empty and holds no earlier cluster"
		fi
	fi
	chmod 0755 "$DIR"
	: >"$DIR/$MARK"
	mkdir -p "$DIR/etc" "$DIR/munge" "$DIR/ctld" "$DIR/spool" "$DIR/log" "$DIR/run"
	chmod 0755 "$DIR/munge"
	ctld_port=$(free_port)
	slurmd_port=$((ctld_port + 1))
	write_conf
	if ! start_daemons || ! wait_idle; then
		do_stop keep || true
		fail "start failed; state kept in $DIR"
	fi
	echo "SLURM_LOCAL_DIR=$DIR"
	echo "SLURM_CONF=$DIR/etc/slurm.conf"
	;;
stop)
	[ -n "$DIR" ] || fail "stop: no directory (argument or SLURM_LOCAL_DIR)"
	[ -e "$DIR/$MARK" ] || { say "stop: no cluster in $DIR"; exit 0; }
	DIR=$(cd "$DIR" && pwd -P)
	do_stop
	;;
status)
	[ -n "$DIR" ] || fail "status: no directory (argument or SLURM_LOCAL_DIR)"
	[ -e "$DIR/$MARK" ] || fail "status: no cluster in $DIR"
	DIR=$(cd "$DIR" && pwd -P)
	rc=0
	for d in munged slurmctld slurmd; do
		if p=$(pid_of "$d"); then
			echo "$d: running (pid $p)"
		else
			echo "$d: not running"
			rc=1
		fi
	done
	SLURM_CONF=$DIR/etc/slurm.conf timeout 10 sinfo -N -o '%N %T %c %m %P' || rc=1
	exit "$rc"
	;;
*)
	echo "usage: $0 start|stop|status [DIR]   (or SLURM_LOCAL_DIR=DIR)" >&2
	exit 2
	;;
esac
