# Source this from a t07*-slurm-*.sh test: `. "$CULPRIT_TOP/tests/lib/slurm-local.sh"`.
#
#	slurm_setup              # $T: scratch dir; skips (77) without the packages
#	slurm_start [VAR=value]  # a one-host cluster under $T/cluster (scripts/slurm-local.sh),
#	                         # SLURM_CONF and SLURM_LOCAL_DIR exported, stopped on exit
#	$TOOL ...                # tests/tools/slurm/slurm-tool
#	field id=... NAME        # one key of a slurm-tool status line
#
# The test skips only when the Slurm and munge packages are missing, and not
# even then under CI (CI=true): scripts/install-deps.sh installs them there.
set -u
: "${CULPRIT_TOP:?}" "${CULPRIT_BUILD:?}"

fail() { echo "FAIL: $*"; exit 1; }

slurm_skip() {
	if [ "${CI:-}" = true ]; then
		fail "$* (CI must have them: scripts/install-deps.sh)"
	fi
	echo "SKIP: $*"
	exit 77
}

slurm_setup() {
	for t in munged mungekey slurmctld slurmd slurmstepd sbatch squeue sacct scancel; do
		command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] ||
			slurm_skip "$t is missing: the Slurm and munge packages are not installed"
	done
	[ "$(id -u)" -eq 0 ] || slurm_skip "needs root (slurmd starts jobs as their user)"
	TOOL=$CULPRIT_BUILD/tests/tools/slurm/slurm-tool
	[ -x "$TOOL" ] || fail "no $TOOL (build first)"
	T=$(mktemp -d) || exit 1
	SLURM_LOCAL_DIR=
	trap 'slurm_cleanup $?' EXIT
	trap 'exit 1' INT TERM
}

slurm_cleanup() {
	if [ -n "$SLURM_LOCAL_DIR" ] && [ -e "$SLURM_LOCAL_DIR" ]; then
		if [ "$1" -ne 0 ]; then
			for l in slurmctld slurmd munged; do
				echo "--- $l.log (last lines)"
				tail -n 20 "$SLURM_LOCAL_DIR/log/$l.log" 2>/dev/null
			done
		fi
		"$CULPRIT_TOP/scripts/slurm-local.sh" stop "$SLURM_LOCAL_DIR" ||
			echo "slurm-local.sh stop failed"
	fi
	rm -rf "$T"
}

# slurm_start [NAME=value...]: environment for slurm-local.sh (tunables)
slurm_start() {
	out=$(env "$@" "$CULPRIT_TOP/scripts/slurm-local.sh" start "$T/cluster") ||
		fail "slurm-local.sh start failed"
	SLURM_LOCAL_DIR=$(printf '%s\n' "$out" | sed -n 's/^SLURM_LOCAL_DIR=//p')
	SLURM_CONF=$(printf '%s\n' "$out" | sed -n 's/^SLURM_CONF=//p')
	[ -f "$SLURM_CONF" ] || fail "slurm-local.sh printed no SLURM_CONF"
	export SLURM_LOCAL_DIR SLURM_CONF
}

# field LINE KEY: the value of KEY=value in a slurm-tool status line
field() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# expect LINE KEY=value...: each key has that value, else fail
expect() {
	line=$1
	shift
	for kv in "$@"; do
		v=$(field "$line" "${kv%%=*}")
		[ "$v" = "${kv#*=}" ] || fail "expected $kv in: $line"
	done
	echo "ok: $line"
}

# live (not zombie) processes whose command line or environment names $1
procs_naming() {
	{
		grep -lzF "$1" /proc/[0-9]*/cmdline 2>/dev/null
		grep -lzF "$1" /proc/[0-9]*/environ 2>/dev/null
	} | sed -n 's|^/proc/\([0-9]*\)/.*|\1|p' | sort -un | while read -r p; do
		[ "$p" = "$$" ] && continue
		grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null && continue
		# a process that ends while we look (the last of a stop, or the
		# grep above) is not left over: only one still there after its
		# command line was read counts
		cmd=$( { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null) || continue
		[ -d "/proc/$p" ] && echo "$p $cmd"
	done
}
