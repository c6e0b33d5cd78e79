#!/bin/sh
# Issue 17 §5: make expands "$(shell ...)" in the values culprit puts on a
# kernel make command line, and the kernel's Makefiles paste O= unquoted
# into shell commands. culprit bisect --kernel with a work directory named
# 'w$(shell touch X)' must refuse it with a message naming the character,
# run nothing (X is never created) and create nothing. (No kernel is built:
# the refusal comes before any make.)
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export CULPRIT_CACHE="$T/cache"

git init -q "$T/repo" && git -C "$T/repo" -c user.name=A -c user.email=a@b \
	commit -q --allow-empty -m one || fail "git init"
printf 'CONFIG_64BIT=y\n' >"$T/config"
printf 'int main(void) { return 0; }\n' >"$T/repro.c"

for wd in "$T/w\$(shell touch $T/X)" "$T/w\`touch $T/X\`" "$T/w;touch $T/X" "$T/w \$\$(touch $T/X)"; do
	"$CULPRIT" bisect --repo "$T/repo" --bad HEAD --good HEAD --workdir "$wd" --no-progress \
		--kconfig "$T/config" --repro "$T/repro.c" >"$T/out" 2>"$T/err"
	rc=$?
	echo "workdir '$wd' -> exit $rc: $(cat "$T/err")"
	[ $rc -ne 0 ] || fail "'$wd' accepted"
	grep -q "kernel work directory .* holds '.'" "$T/err" || fail "no message naming the character"
	[ ! -e "$T/X" ] || fail "the command in '$wd' ran"
	[ ! -e "$wd" ] || fail "'$wd' was created"
done
echo PASS
