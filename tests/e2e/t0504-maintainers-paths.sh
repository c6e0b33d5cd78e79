#!/bin/sh
# `culprit maintainers` arguments: paths of the tree (relative to -C, or
# absolute inside it), patch files (.patch, .diff, "-" for standard input,
# --patch), and paths outside the tree, which are refused (exit 2) without
# being read - through "..", absolute paths or symbolic links alike. Also the
# lean front: `culprit maintainers` must not load libgit2 (it is exec'd
# into culprit-core only for --commit).
set -u
: "${CULPRIT:?}"
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
T=$tmp/tree
mkdir -p "$T/drivers/foo" "$T/lib"
cat >"$T/MAINTAINERS" <<'EOM'
FOO DRIVER
M:	Alice Example <alice@example.org>
L:	foo-devel@lists.example.org
S:	Maintained
F:	drivers/foo/

SECRET WATCHERS
M:	Keith Word <kw@example.org>
S:	Maintained
K:	secretword

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
EOM
echo 'int x;' >"$T/drivers/foo/a.c"
echo 'int y;' >"$T/lib/b.c"
echo 'secretword' >"$tmp/outside.c"
ln -s "$tmp/outside.c" "$T/lib/link.c"

expect() {	# expect WANT_EXIT WANT_OUTPUT ARGS...
	want_rc=$1 want_out=$2
	shift 2
	"$CULPRIT" maintainers "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	[ "$rc" -eq "$want_rc" ] || fail "maintainers $*: exit $rc, want $want_rc: $(cat "$tmp/err")"
	printf '%s' "$want_out" | cmp -s - "$tmp/out" ||
		fail "maintainers $*: got '$(cat "$tmp/out")', want '$want_out'"
}

foo='Alice Example <alice@example.org>
foo-devel@lists.example.org
linux-kernel@vger.kernel.org
'
expect 0 "$foo" -C "$T" drivers/foo/a.c
expect 0 "$foo" -C "$T" "$T/drivers/foo/a.c"
expect 0 "$foo" -C "$T" ./drivers//foo/a.c
(cd "$T" && expect 0 "$foo" drivers/foo/a.c) || exit 1

# outside the tree: refused, nothing printed, the file not read
for p in /etc/passwd "$tmp/outside.c" ../outside.c lib/../../outside.c lib/link.c \
	"$T/lib/link.c"; do
	expect 2 "" -C "$T" "$p"
	grep -q "outside the tree" "$tmp/err" || fail "$p: $(cat "$tmp/err")"
done
if command -v strace >/dev/null; then
	strace -f -e trace=open,openat -o "$tmp/trace" "$CULPRIT" maintainers -C "$T" \
		"$tmp/outside.c" >/dev/null 2>&1
	grep -q 'outside\.c' "$tmp/trace" && fail "the outside file was opened: $(grep outside "$tmp/trace")"
	# the front loads neither libgit2 nor OpenSSL for files
	strace -f -e trace=open,openat -o "$tmp/trace" "$CULPRIT" maintainers -C "$T" lib/b.c \
		>/dev/null 2>&1
	grep -E 'libgit2|libcrypto|libdw' "$tmp/trace" && fail "culprit maintainers loads git/crypto/dw"
fi
expect 2 "" -C "$T" lib/missing.c
grep -q "not found" "$tmp/err" || fail "missing file: $(cat "$tmp/err")"

# patches: outside the tree is fine (they are inputs, not tree files)
cat >"$tmp/fix.patch" <<'EOP'
Subject: [PATCH] foo: the secretword fix

diff --git a/drivers/foo/a.c b/drivers/foo/a.c
--- a/drivers/foo/a.c
+++ b/drivers/foo/a.c
@@ -1 +1 @@
-int x;
+int x = 1;
EOP
both='Alice Example <alice@example.org>
Keith Word <kw@example.org>
foo-devel@lists.example.org
linux-kernel@vger.kernel.org
'
expect 0 "$both" -C "$T" "$tmp/fix.patch"
cp "$tmp/fix.patch" "$tmp/fix.diff"
expect 0 "$both" -C "$T" "$tmp/fix.diff"
cp "$tmp/fix.patch" "$tmp/fix.mbox"
expect 0 "$both" -C "$T" --patch "$tmp/fix.mbox"
# -f (as get_maintainer.pl's): a tree file named like a patch is a file
cp "$T/drivers/foo/a.c" "$T/drivers/foo/notes.patch"
expect 0 "$foo" -C "$T" -f drivers/foo/notes.patch
expect 2 "" -C "$T" -f "$tmp/fix.patch"
expect 2 "" -C "$T" -f --patch drivers/foo/a.c
"$CULPRIT" maintainers -C "$T" - <"$tmp/fix.patch" >"$tmp/out" || fail "stdin patch: exit $?"
printf '%s' "$both" | cmp -s - "$tmp/out" || fail "stdin patch: $(cat "$tmp/out")"
echo 'not a diff' >"$tmp/junk.patch"
expect 2 "" -C "$T" "$tmp/junk.patch"
grep -q "does not look like a patch" "$tmp/err" || fail "junk patch: $(cat "$tmp/err")"

# JSON
"$CULPRIT" maintainers -C "$T" --json drivers/foo/a.c >"$tmp/json" || fail "--json exit $?"
grep -q '"kind": "maintainer"' "$tmp/json" && grep -q '"role": "maintainer:FOO DRIVER"' "$tmp/json" ||
	fail "JSON: $(cat "$tmp/json")"
# usage errors
expect 2 "" -C "$T"
expect 2 "" -C "$T" --commit HEAD drivers/foo/a.c
expect 2 "" -C "$T" --no-such-option
echo "ok"
