#!/bin/sh
# The dependency direction of src/layers.txt holds, and the checker catches
# a forbidden include (one added to a copy of the tree).
set -u
: "${CULPRIT_TOP:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
check=$CULPRIT_TOP/scripts/check-layers.sh

out=$("$check" "$CULPRIT_TOP/src") || fail "the tree breaks its own layering:
$out"

cp -r "$CULPRIT_TOP/src" "$tmp/src"
# the engine reaching up into the command layer
printf '#include "../cli/cli.h"\n' >>"$tmp/src/bisect/posterior.c"
out=$("$check" "$tmp/src") && fail "bisect -> cli was not caught"
echo "$out" | grep -q 'bisect/posterior.c: includes "../cli/cli.h": bisect may not use cli' ||
	fail "unexpected message: $out"

cp "$CULPRIT_TOP/src/bisect/posterior.c" "$tmp/src/bisect/posterior.c"
# a low layer reaching sideways, spelled from src/
printf '#include "vcs/vcs.h"\n' >>"$tmp/src/report/report.c"
out=$("$check" "$tmp/src") && fail "report -> vcs was not caught"
echo "$out" | grep -q 'report may not use vcs' || fail "unexpected message: $out"

cp "$CULPRIT_TOP/src/report/report.c" "$tmp/src/report/report.c"
# libgit2 outside src/vcs/
printf '#include <git2.h>\n' >>"$tmp/src/build/generic.c"
out=$("$check" "$tmp/src") && fail "libgit2 in build/ was not caught"
echo "$out" | grep -q 'build/generic.c: includes <git2.h>' || fail "unexpected message: $out"

cp "$CULPRIT_TOP/src/build/generic.c" "$tmp/src/build/generic.c"
# a subsystem the table does not know
mkdir "$tmp/src/newsub" && printf 'int x;\n' >"$tmp/src/newsub/x.c"
out=$("$check" "$tmp/src") && fail "an unknown subsystem was not caught"
echo "$out" | grep -q "subsystem 'newsub' is not in layers.txt" || fail "unexpected message: $out"
echo "ok"
