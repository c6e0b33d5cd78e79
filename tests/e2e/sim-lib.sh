# Source this from a `culprit sim` test: `. "$CULPRIT_TOP/tests/e2e/sim-lib.sh"`.
# sim_setup COMMON-ARGS...: a temporary directory ($tmp, removed on exit)
# and the arguments every sim of the test gets (--json is added).
# sim OUT ARGS...: one `culprit sim`, its JSON kept as OUT and printed.
# f OUT FIELD: a number of OUT's JSON. check "description" awk-condition:
# prints ok/FAIL and sets $fail.
sim_setup() {
	: "${CULPRIT:?}"
	tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$tmp"' EXIT INT TERM
	sim_common="$*"
	fail=0
}
sim() {
	out=$1
	shift
	# shellcheck disable=SC2086
	"$CULPRIT" sim $sim_common --json "$@" >"$tmp/$out" ||
		{ echo "FAIL: culprit sim $sim_common $*"; exit 1; }
	cat "$tmp/$out"
}
f() { sed -n "s/.*\"$2\":\([-0-9.e]*\).*/\1/p" "$tmp/$1"; }
check() {
	if awk "BEGIN { exit !($2) }"; then echo "ok: $1"; else echo "FAIL: $1 ($2)"; fail=1; fi
}
