#!/bin/sh
# The status line on a real terminal (tmux): one line, redrawn in place,
# ticking every second during runs, with step, steps left, phase "run j of
# n", elapsed and ETA and the leading candidate; cleared before any log line
# or warning, so the screen never holds a line mixing the two; gone at the
# end. With --log FILE the terminal shows the progress and the summary. On
# a pipe: no status line at all.
. "$CULPRIT_TOP/tests/e2e/cli-lib.sh"
command -v tmux >/dev/null || cl_skip "tmux is not installed (scripts/install-deps.sh installs it)"
cl_setup
R=$T/repo
cl_repo "$R" 10 6
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
want=$(git -C "$R" log --format=%H --grep='^v: 6$')
# every run takes a second and a half and says something on stderr
cat >"$T/test.sh" <<'SCRIPT'
[ -n "${FAST:-}" ] || sleep 1.5
echo "run $CULPRIT_RUN of $(cat v)" >&2
[ -f bug ] && exit 1
exit 0
SCRIPT
sock="$T/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM

cmd="cd $T && '$CULPRIT' bisect --repo '$R' --workdir '$T/work' --build true --test-exit \
--test 'sh $T/test.sh' --runs 2 HEAD $good $*"
# shellcheck disable=SC2016
tmux -S "$sock" new-session -d -x 100 -y 50 -s t "sh -c \"$cmd\"; echo EXIT=\$? >'$T/rc'; sleep 60"
status_re='^step [0-9]+(, about [0-9]+ more|, the last)?: [0-9a-f]{12} '
shots=0 seen=0 ticks=""
while [ ! -e "$T/rc" ] && [ $shots -lt 120 ]; do
	sleep 0.5
	shots=$((shots + 1))
	tmux -S "$sock" capture-pane -p -t t >"$T/pane" 2>/dev/null || break
	line=$(grep -E "$status_re" "$T/pane" | tail -n 1)
	[ -n "$line" ] || continue
	seen=$((seen + 1))
	[ "$(grep -cE "$status_re" "$T/pane")" -eq 1 ] || { cat "$T/pane"; cl_fail "two status lines"; }
	echo "$line" | grep -qE ' \| [0-9]' || cl_fail "no elapsed time: $line"
	case "$line" in *"run "*" of "*) ticks="$ticks
$line" ;; esac
done
[ -e "$T/rc" ] || cl_fail "the bisection did not end"
echo "$seen screenshots with a status line; the last with a run:"
echo "$ticks" | tail -n 1
[ $seen -ge 3 ] || cl_fail "the status line was seen $seen times"
# the clock moves while a run goes on (the line is redrawn without events)
[ "$(echo "$ticks" | sed -n 's/.*(\([^)]*\)).*/\1/p' | sort -u | wc -l)" -ge 3 ] ||
	{ echo "$ticks"; cl_fail "the status line does not tick"; }
echo "$ticks" | grep -q "ETA" || cl_fail "no ETA"
echo "$ticks" | grep -qE '\| [0-9a-f]{12} [0-9]+%' || cl_fail "no leading candidate"

# the whole screen and its history: no status fragment anywhere at the end
tmux -S "$sock" capture-pane -p -S - -t t >"$T/screen"
grep -E 'step [0-9]+(, about [0-9]+ more|, the last)?: ' "$T/screen" &&
	cl_fail "a status fragment is left on the screen"
grep -q "^first bad commit: $want" "$T/screen" || { cat "$T/screen"; cl_fail "no answer on the screen"; }

# with --log FILE: the summary still reaches the terminal
rm -rf "$T/work" "$T/rc"
tmux -S "$sock" kill-server
sock="$T/tmux2.sock"
cmd="export FAST=1; $cmd --log '$T/log'"
# shellcheck disable=SC2016
tmux -S "$sock" new-session -d -x 100 -y 50 -s t "sh -c \"$cmd\"; echo EXIT=\$? >'$T/rc'; sleep 60"
n=0
while [ ! -e "$T/rc" ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
[ -e "$T/rc" ] || cl_fail "--log: the bisection did not end"
tmux -S "$sock" capture-pane -p -S - -t t >"$T/screen"
grep -q "^first bad commit: $want" "$T/screen" || { cat "$T/screen"; cl_fail "--log: no summary on the terminal"; }
grep -q "^first bad commit: $want" "$T/log" || cl_fail "--log: no answer in the log"
grep -q "^testing commit" "$T/screen" && cl_fail "--log: the log went to the terminal too"

# on a pipe: no escape sequence at all
rm -rf "$T/work"
FAST=1 cl_bisect "$R" --test-exit --test "sh $T/test.sh" --runs 1 HEAD "$good" >"$T/out" 2>"$T/err" </dev/null
grep -q "$(printf '\033')" "$T/err" "$T/out" && cl_fail "escape sequences on a pipe"
echo "ok"
