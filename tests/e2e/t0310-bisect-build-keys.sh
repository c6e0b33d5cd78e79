#!/bin/sh
# Build keys on the generic backend (issue 12 section 1): the build command
# leaves a Make-style depfile (cc -MD), so after the first build culprit
# knows which files the build reads and keys every commit of the range from
# git blob ids before building it. Commits that touch only a file no
# compiler reads (unused.h) build the same program as their parent: no-op
# commits, never the culprit. The JSON's range counts commits, build
# classes and no-op commits; the culprit is the same with --build-keys off,
# which builds more; the culprit's parent (a no-op commit) takes the build
# of its tested class member instead of a build of its own; a resume of the
# finished job builds and runs nothing and tells the same story.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
mkdir -p "$R" && git -C "$R" init -q -b master || exit 1
cat >"$R/prog.c" <<'PROG'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "version.h"
#include "bug.h"

int main(void)
{
	char *buf = malloc(32);

	strcpy(buf, version);
	if (bug)
		free(buf);
	printf("%s %c\n", version, buf[0]);
	if (!bug)
		free(buf);
	return 0;
}
PROG
echo 'static const char version[] = "v0";' >"$R/version.h"
echo 'static const int bug = 0;' >"$R/bug.h"
echo '/* no compiler reads this */' >"$R/unused.h"
printf 'build/\n' >"$R/.gitignore"
git -C "$R" add -A && git -C "$R" commit -q -m "prog: first version" || exit 1
good=$(git -C "$R" rev-parse HEAD)
n=0 noops=0
for i in $(seq 1 30); do
	if [ $((i % 3)) -eq 0 ]; then
		echo "/* note $i */" >>"$R/unused.h"
		git -C "$R" commit -q -a -m "unused: note $i" || exit 1
		noops=$((noops + 1))
	else
		n=$((n + 1))
		echo "static const char version[] = \"v$n\";" >"$R/version.h"
		git -C "$R" commit -q -a -m "version: v$n" || exit 1
	fi
	if [ $i -eq 15 ]; then	# after a no-op commit: the culprit's parent is one
		echo 'static const int bug = 1;' >"$R/bug.h"
		git -C "$R" commit -q -a -m "prog: release the buffer early" || exit 1
		culprit=$(git -C "$R" rev-parse HEAD)
	fi
done
commits=$(git -C "$R" rev-list --count "$good..HEAD")
build="mkdir -p build && cc -MD -MF build/prog.d -fsanitize=address -g -O0 -o build/prog prog.c"

keys() {	# keys on|off: bisect with build keys on or off
	"$CULPRIT" bisect --repo "$R" --workdir "$T/work-$1" --no-progress --build "$build" \
		--artifact build/prog --test ./build/prog --timeout 60 --build-timeout 120 \
		--runs 3 --bad HEAD --good "$good" --build-keys "$1" \
		--log "$T/log-$1" --json "$T/$1.json"
}
# field of the result JSON at an indentation (2: top level, 4: culprit, range)
jf() { sed -n "s/^ \{$3\}\"$2\": \"*\([^\",]*\)\"*,*$/\1/p" "$1" | head -n 1; }

keys on
rc=$?
cat "$T/log-on"
[ $rc -eq 0 ] || bl_fail "exit code $rc with keys on, want 0"
keys off >/dev/null
rc=$?
[ $rc -eq 0 ] || { cat "$T/log-off"; bl_fail "exit code $rc with keys off, want 0"; }
for m in on off; do
	[ "$(jf "$T/$m.json" hash 4)" = "$culprit" ] || bl_fail "keys $m: wrong culprit (want $culprit)"
done
[ "$(jf "$T/on.json" commits 4)" = "$commits" ] || bl_fail "range.commits is not $commits"
[ "$(jf "$T/on.json" noop_commits 4)" = "$noops" ] || bl_fail "range.noop_commits is not $noops"
classes=$(jf "$T/on.json" build_classes 4)
[ "$classes" = $((commits - noops)) ] ||
	bl_fail "range.build_classes is '$classes', want $((commits - noops))"
[ "$(jf "$T/off.json" build_classes 4)" = null ] || bl_fail "keys off: build_classes is not null"
grep -q "^build keys: the $commits commits build $classes different artifacts ($noops no-op commits" \
	"$T/log-on" || bl_fail "no 'build keys:' line"
# the culprit's parent is a no-op commit: never probed, its build is its parent's
parent=$(git -C "$R" rev-parse "$culprit~1")
grep -q "^commit $parent builds the same artifact as [0-9a-f]\{40\} (no compiled input changed): sharing its results$" \
	"$T/log-on" || bl_fail "the culprit's parent did not share its class member's build"
# no probe is a no-op commit (they are never the culprit, and weigh like their class)
for h in $(sed -n 's/^# git bisect \(good\|bad\) \([0-9a-f]*\)$/\2/p' "$T/log-on"); do
	case "$(git -C "$R" log -1 --format=%s "$h")" in
	unused:*) bl_fail "probed the no-op commit $h" ;;
	esac
done
b_on=$(jf "$T/on.json" builds 2) b_off=$(jf "$T/off.json" builds 2)
echo "SCORE build keys (generic): builds $b_on with keys, $b_off without; $classes classes of $commits commits"
[ "$b_on" -lt "$b_off" ] || bl_fail "keys on built $b_on, off $b_off: want fewer"
# a second run of the finished job: everything from the journal, the same answer
keys on >/dev/null || bl_fail "the resumed job failed"
[ "$(jf "$T/on.json" builds 2)" = 0 ] || bl_fail "the resumed job built again"
[ "$(jf "$T/on.json" hash 4)" = "$culprit" ] || bl_fail "the resumed job changed its answer"
grep -q "^commit $parent builds the same artifact as" "$T/log-on" ||
	bl_fail "the resumed log lost the shared build"
echo "ok"
