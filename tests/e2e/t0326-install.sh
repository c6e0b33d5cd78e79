#!/bin/sh
# `meson install --destdir`: culprit and culprit-core in bin/, the man page
# culprit(1) that `man -l` renders, bash completion that completes commands
# and options; the installed culprit answers --version and runs a command
# that needs culprit-core.
set -u
: "${CULPRIT_BUILD:?}" "${CULPRIT_TOP:?}"
fail() { echo "FAIL: $*"; exit 1; }
command -v meson >/dev/null || { echo "SKIP: meson is not installed"; exit 77; }
[ -f "$CULPRIT_BUILD/culprit.1" ] ||
	{ echo "SKIP: no man page built (scdoc missing; scripts/install-deps.sh installs it)"; exit 77; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

meson install -C "$CULPRIT_BUILD" --no-rebuild --destdir "$T/dest" >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; fail "meson install failed"; }
prefix=$(meson introspect "$CULPRIT_BUILD" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root=$T/dest$prefix
for f in bin/culprit bin/culprit-core share/man/man1/culprit.1 \
	share/bash-completion/completions/culprit; do
	[ -f "$root/$f" ] || { find "$T/dest"; fail "not installed: $f"; }
	echo "installed $f"
done

# the man page renders (man -l reads the file itself)
if command -v man >/dev/null; then
	MANWIDTH=80 man -l "$root/share/man/man1/culprit.1" >"$T/man.txt" 2>"$T/man.err" ||
		{ cat "$T/man.err"; fail "man -l failed"; }
	grep -q "find the commit that introduced" "$T/man.txt" || fail "the page has no NAME line"
	grep -q -- "--test-exit" "$T/man.txt" && grep -q "EXIT STATUS" "$T/man.txt" ||
		fail "the page lacks its sections"
	echo "man -l: $(wc -l <"$T/man.txt") lines"
else
	echo "note: man is not installed, the page was not rendered"
fi

# the installed programs: culprit runs culprit-core next to it
"$root/bin/culprit" --version | grep -q "^culprit version" || fail "culprit --version"
for c in bisect report show sim maintainers demo run-kernel; do
	"$root/bin/culprit" $c --version | grep -q "^culprit version" || fail "culprit $c --version"
done
"$root/bin/culprit" bisect --help | grep -q -- "--first-parent" || fail "culprit bisect --help"

# completion: commands, then a command's options from its --help
if command -v bash >/dev/null; then
	out=$(PATH="$root/bin:$PATH" bash -c '. "$1"
		COMP_WORDS=(culprit bis); COMP_CWORD=1; _culprit; echo "${COMPREPLY[*]}"
		COMP_WORDS=(culprit sh); COMP_CWORD=1; _culprit; echo "${COMPREPLY[*]}"
		COMP_WORDS=(culprit bisect --first); COMP_CWORD=2; _culprit; echo "${COMPREPLY[*]}"' \
		sh "$root/share/bash-completion/completions/culprit")
	echo "completion: $out"
	echo "$out" | grep -qx "bisect" || fail "no command completion"
	echo "$out" | grep -qx "show" || fail "no completion of the show command"
	echo "$out" | grep -qx -- "--first-parent" || fail "no option completion"
fi
echo "ok"
