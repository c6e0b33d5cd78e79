#!/bin/sh
# `culprit maintainers --commit`: the to/cc split of a commit's recipients on
# a small git history made here (MAINTAINERS, .mailmap and trailers as they
# are at each commit), and the answer without a MAINTAINERS file.
set -u
: "${CULPRIT:?}"
command -v git >/dev/null || { echo "SKIP: git not installed"; exit 77; }
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$tmp/repo/drivers/foo/core" "$tmp/repo/lib"
cd "$tmp/repo" || exit 1
git init -q . || exit 1
echo a >lib/x.c
git add -A && git -c user.name=Init -c user.email=init@x.org commit -qm "no MAINTAINERS yet" || exit 1

"$CULPRIT" maintainers --commit HEAD --repo "$tmp/repo" >"$tmp/out" 2>"$tmp/err" ||
	fail "exit $? without MAINTAINERS: $(cat "$tmp/err")"
grep -q 'no MAINTAINERS' "$tmp/err" || fail "no warning about the missing MAINTAINERS"
printf '%s\n' 'recipients (to): ["init@x.org"]' 'recipients (cc): []' | cmp -s - "$tmp/out" ||
	fail "without MAINTAINERS: $(cat "$tmp/out")"

cat >MAINTAINERS <<'EOM'
FOO DRIVER
M:	Alice Example <alice@example.org>
R:	Bob Review <bob@example.org>
L:	foo-devel@lists.example.org
S:	Maintained
F:	drivers/foo/

FOO CORE
M:	Carol Core <carol@example.org>
L:	secret@lists.example.org (subscribers-only)
S:	Supported
F:	drivers/foo/core

LIB X
M:	Lex Ample <lex@example.org>
S:	Maintained
F:	lib/x.c
F:	lib/gone

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
EOM
printf 'Alice New <alice@new.org> <alice@example.org>\n' >.mailmap
echo a >drivers/foo/core/dev.c
git add -A && git -c user.name=Init -c user.email=init@x.org commit -qm "add MAINTAINERS" || exit 1
echo b >>drivers/foo/core/dev.c
echo b >>lib/x.c
git add -A && git -c user.name="Zed Author" -c user.email=Zed@Example.org commit -qm "foo: fix

Body text.

Reported-by: syzbot+0123abcd@syzkaller.appspotmail.com
Cc: Cc Person <cc@example.org>
Cc: <stable@vger.kernel.org> # 6.1
Reviewed-by: Bob Review <BOB@example.org>
Acked-by: Ack Er <ack@example.org>
Tested-by: Tess Ter <tess@example.org>
Suggested-by: Sue Gest <sue@example.org>
Signed-off-by: Zed Author <zed@example.org>" || exit 1

"$CULPRIT" maintainers --commit HEAD --repo "$tmp/repo" >"$tmp/out" 2>"$tmp/err" ||
	fail "exit $?: $(cat "$tmp/err")"
cat "$tmp/out"
# drivers/foo/core is a directory at that commit, so FOO CORE covers dev.c;
# .mailmap maps Alice; the reviewer is in "to" through his trailer, with the
# author and the Acked-by/Tested-by people (as syzbot); Cc: and Reported-by:
# people go to cc (Suggested-by: is nobody's); LKML goes to cc next to the
# specific list.
printf '%s\n' 'recipients (to): ["BOB@example.org" "Zed@Example.org" "ack@example.org" "alice@new.org" "carol@example.org" "foo-devel@lists.example.org" "lex@example.org" "tess@example.org"]' \
	'recipients (cc): ["cc@example.org" "linux-kernel@vger.kernel.org" "stable@vger.kernel.org" "syzbot+0123abcd@syzkaller.appspotmail.com"]' |
	cmp -s - "$tmp/out" || fail "HEAD: unexpected recipients"

"$CULPRIT" maintainers --commit HEAD --repo "$tmp/repo" --json >"$tmp/json" || fail "--json exit $?"
grep -q '"cc": \[' "$tmp/json" && grep -q '"maintainers_file": true' "$tmp/json" || fail "bad JSON: $(cat "$tmp/json")"

"$CULPRIT" maintainers --commit HEAD~1 --repo "$tmp/repo" >"$tmp/out" || fail "HEAD~1 exit $?"
cat "$tmp/out"
printf '%s\n' 'recipients (to): ["alice@new.org" "carol@example.org" "foo-devel@lists.example.org" "init@x.org"]' \
	'recipients (cc): ["bob@example.org" "linux-kernel@vger.kernel.org"]' | cmp -s - "$tmp/out" ||
	fail "HEAD~1: unexpected recipients"

# "F: drivers/foo/core" is a directory (core.c is not below it: no match);
# "F: lib/gone" names nothing, so it is a prefix in lib/ (lib/gone.c matches);
# "F: lib/x.c" names a file. As get_maintainer.pl run in the checkout says.
echo c >drivers/foo/core.c
echo c >lib/gone.c
git add -A && git -c user.name=Ann -c user.email=ann@example.org commit -qm "two new files" || exit 1
"$CULPRIT" maintainers --commit HEAD --repo "$tmp/repo" >"$tmp/out" || fail "HEAD exit $?"
cat "$tmp/out"
printf '%s\n' 'recipients (to): ["alice@new.org" "ann@example.org" "foo-devel@lists.example.org" "lex@example.org"]' \
	'recipients (cc): ["bob@example.org" "linux-kernel@vger.kernel.org"]' | cmp -s - "$tmp/out" ||
	fail "new files: unexpected recipients"
echo d >>lib/x.c
git add -A && git -c user.name=Ann -c user.email=ann@example.org commit -qm "x" || exit 1
"$CULPRIT" maintainers --commit HEAD --repo "$tmp/repo" >"$tmp/out" || fail "HEAD exit $?"
printf '%s\n' 'recipients (to): ["ann@example.org" "lex@example.org" "linux-kernel@vger.kernel.org"]' \
	'recipients (cc): []' | cmp -s - "$tmp/out" || fail "lib/x.c: unexpected recipients: $(cat "$tmp/out")"

"$CULPRIT" maintainers --commit no-such-rev --repo "$tmp/repo" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad revision must exit 2"
echo "ok"
