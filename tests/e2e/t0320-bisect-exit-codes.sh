#!/bin/sh
# One bisection per exit code (0 culprit, 1 inconclusive, 2 bad input,
# 3 the bad commit does not reproduce, 4 infrastructure), and the table of
# codes: `culprit bisect --help` and the README list the same codes and
# meanings (src/cli/exit.c is their one source).
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
bl_commit "$R" 20
culprit=$(bl_bug "$R")
bl_commit "$R" 20
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

# want CODE WHAT [flags...]: a fresh work directory each time
want() {
	code=$1
	what=$2
	shift 2
	rm -rf "$T/work"
	bl_bisect "$R" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	echo "exit $rc ($what): $(tail -n 1 "$T/err")"
	[ $rc -eq "$code" ] || { cat "$T/out" "$T/err"; bl_fail "$what: exit $rc, want $code"; }
}

want 0 "culprit found" --bad HEAD --good "$good"
grep -q "^first bad commit: $culprit " "$T/out" || bl_fail "exit 0 without the culprit"

# one build in all (the bad end): the budget ends the search, no commit holds half the mass
want 1 "inconclusive" --bad HEAD --good "$good" --max-builds 1
grep -q "^bisection is inconclusive" "$T/out" || bl_fail "exit 1 without the candidates"

want 2 "unknown revision" --bad no-such-revision --good "$good"
grep -q "cannot resolve 'no-such-revision'" "$T/err" || bl_fail "exit 2 without a reason"
[ ! -e "$T/work/journal" ] || bl_fail "bad input wrote a journal"
want 2 "no test command" --bad HEAD --good "$good" --test ""

want 3 "does not reproduce" --bad HEAD --good "$good" --test true
grep -q "wasn't reproduced" "$T/out" || bl_fail "exit 3 without a reason"

# the test cannot be started at all in any run: never "good", never "no crash"
want 4 "runner cannot start" --bad HEAD --good "$good" --test "$T/no-such-program"
grep -q "^infrastructure failure" "$T/out" || bl_fail "exit 4 without a reason"
want 4 "build command cannot start" --bad HEAD --good "$good" --build "$T/no-such-compiler"

# the table: --help lists every code, and the README says the same
"$CULPRIT" bisect --help >"$T/help" || bl_fail "bisect --help failed"
sed -n 's/^   \([0-9]\)  \(.*\)$/\1 \2/p' "$T/help" >"$T/help-codes"
[ "$(cut -d' ' -f1 "$T/help-codes" | tr -d '\n')" = 01234 ] ||
	bl_fail "bisect --help does not list codes 0-4: $(cat "$T/help-codes")"
sed -n '/^## Exit codes/,/^## [^E]/s/^| \([0-9]\) | \(.*\) |$/\1 \2/p' "$CULPRIT_TOP/README.md" >"$T/readme-codes"
diff "$T/help-codes" "$T/readme-codes" || bl_fail "README's exit codes differ from --help"
echo ok
