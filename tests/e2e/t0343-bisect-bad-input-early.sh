#!/bin/sh
# Issue 17 §6: bad input is a clear error, early, and nothing is built.
#  - job files: a misspelled section ([kernal]) or a quote left open: exit
#    2 with file:line (they ran the generic job: exit 0/3/4);
#  - --json / --log where they cannot be written: exit 2 before any build
#    (it was exit 4 after the whole bisection); --log on a FIFO gets the log;
#  - good == bad, and good newer than bad: exit 2 before any build, no
#    leak under ASan;
#  - another user's repository: what to do about git's safe.directory;
#  - run-kernel --runs 1e9, --mem 5e9 and overflows: exit 2;
#  - the log on a stdout that cannot be written (>/dev/full): exit 4, not 0.
# Takes about 10 s.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
culprit=$(bl_bug "$R")
good=$(git -C "$R" rev-list --max-parents=0 HEAD)
mark=$T/built
set -- --repo "$R" --workdir "$T/work" --no-progress --bad HEAD --good "$good" \
	--build "touch $mark && mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c" \
	--artifact build/prog --test ./build/prog --timeout 60

expect2() {	# expect2 <regex> <args...>: exit 2, the message, nothing built
	msg=$1
	shift
	"$CULPRIT" bisect "$@" >"$T/out" 2>"$T/err"
	rc=$?
	echo "$* -> exit $rc: $(cat "$T/err")"
	[ $rc -eq 2 ] || bl_fail "exit $rc, want 2"
	grep -q -- "$msg" "$T/err" || bl_fail "no '$msg' in the error"
	[ ! -e "$mark" ] || bl_fail "something was built"
}
printf '[bisect]\n\truns = 3\n[kernal]\n\tconfig = x\n' >"$T/typo.job"
expect2 "typo.job:3: unknown section \[kernal\]" -c "$T/typo.job" "$@"
printf '[bisect]\n\ttitle = "KASAN\n\truns = 3\n' >"$T/quote.job"
expect2 "quote.job:2: a quote is not closed" -c "$T/quote.job" "$@"
expect2 "cannot write --json" "$@" --json "$T/no/such/dir/r.json"
expect2 "cannot write --log" "$@" --log "$T/no/such/dir/r.log"
expect2 "are the same commit" "$@" --good HEAD
# good newer than bad (the ends swapped): exit 2 naming the wrong end, nothing built
expect2 "is newer than --bad" --repo "$R" --workdir "$T/work" --no-progress --bad "$good" \
	--good HEAD --build "touch $mark" --artifact build/prog --test ./build/prog
[ ! -e "$T/work" ] || bl_fail "a work directory was made for a job that did not start"
# good == bad under ASan: no leak (58 bytes from load_dag)
asan=${CULPRIT_TOP}/build-asan/culprit
if [ -x "$asan" ]; then
	ASAN_OPTIONS=detect_leaks=1 "$asan" bisect "$@" --good HEAD >"$T/out" 2>"$T/err"
	rc=$?
	grep -q "LeakSanitizer" "$T/err" && { cat "$T/err"; bl_fail "a leak on good == bad"; }
	[ $rc -eq 2 ] || bl_fail "good == bad under ASan: exit $rc"
fi
# a repository of another user: git's safe.directory check, said as what to do
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	cp -r "$R" "$T/foreign" && chown -R nobody "$T/foreign"
	"$CULPRIT" bisect --repo "$T/foreign" --workdir "$T/wf" --bad HEAD --build true \
		--test true --artifact prog.c >"$T/out" 2>"$T/err"
	rc=$?
	cat "$T/err"
	[ $rc -eq 2 ] || bl_fail "another user's repository: exit $rc, want 2"
	grep -q "git config --global --add safe.directory" "$T/err" ||
		bl_fail "libgit2's safe.directory error is not translated"
fi
for a in "--runs 1e9" "--mem 5e9" "--runs 99999999999999999999"; do
	# shellcheck disable=SC2086
	"$CULPRIT" run-kernel $a --bzimage "$T/none" --repro "$T/none.c" >"$T/out" 2>"$T/err"
	rc=$?
	echo "run-kernel $a -> exit $rc: $(head -n 1 "$T/err")"
	[ $rc -eq 2 ] || bl_fail "run-kernel $a: exit $rc, want 2"
done

"$CULPRIT" bisect "$@" >/dev/full 2>"$T/err"
rc=$?
cat "$T/err"
[ $rc -eq 4 ] || bl_fail "log to /dev/full: exit $rc, want 4"
grep -q "cannot write the log" "$T/err" || bl_fail "no word about the log"

# --log on a named pipe: the early check must not open it (its reader
# would take that open and close for the whole log, and the real open
# would then wait for a reader forever)
mkfifo "$T/fifo" || bl_fail "mkfifo"
cat "$T/fifo" >"$T/fifo.out" &
reader=$!
timeout 120 "$CULPRIT" bisect "$@" --log "$T/fifo" 2>"$T/err"
rc=$?
wait $reader
[ $rc -eq 0 ] || { cat "$T/err"; bl_fail "--log on a FIFO: exit $rc, want 0"; }
grep -q "^first bad commit: $culprit " "$T/fifo.out" || bl_fail "--log on a FIFO: the log is not there"
echo ok
