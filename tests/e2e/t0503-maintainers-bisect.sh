#!/bin/sh
# What `culprit bisect` reports as recipients of the culprit it finds: the
# commit's own people (author; Signed-off-by, Reviewed-by, Acked-by,
# Tested-by to "to" as syzbot; Cc: and Reported-by: to "cc") and the
# MAINTAINERS people of the files it changes, in the log's
# "recipients (to|cc):" lines and in the JSON result, the same as
# `culprit maintainers --commit` says for that commit.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
bl_setup
R=$T/repo
bl_repo "$R"
cat >"$R/MAINTAINERS" <<'EOM'
PROG
M:	Mae Ntainer <mae@example.org>
R:	Rev Iewer <rev@example.org>
L:	prog-devel@lists.example.org
S:	Maintained
F:	bug.h
F:	prog.c

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
EOM
git -C "$R" add MAINTAINERS && git -C "$R" commit -q -m "MAINTAINERS: add" || exit 1
bl_commit "$R" 6
printf '#define BUG 1\n' >"$R/bug.h"
git -C "$R" commit -q -a -F - <<'MSG' || exit 1
prog: release the buffer early

Reported-by: syzbot+0123abcd@syzkaller.appspotmail.com
Cc: Cc Person <cc@example.org>
Acked-by: Ack Er <ack@example.org>
Reviewed-by: Rev Iewer <rev@example.org>
Tested-by: Tess Ter <tess@example.org>
Signed-off-by: A U Thor <author@example.com>
MSG
culprit=$(git -C "$R" rev-parse HEAD)
bl_commit "$R" 5
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

bl_bisect "$R" --bad HEAD --good "$good" --log "$T/log" --json "$T/result.json"
rc=$?
[ $rc -eq 0 ] || { cat "$T/log"; bl_fail "exit code $rc, want 0"; }
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit (want $culprit)"
want_to='recipients (to): ["ack@example.org" "author@example.com" "mae@example.org" "prog-devel@lists.example.org" "rev@example.org" "tess@example.org"]'
want_cc='recipients (cc): ["cc@example.org" "linux-kernel@vger.kernel.org" "syzbot+0123abcd@syzkaller.appspotmail.com"]'
grep -Fqx "$want_to" "$T/log" || bl_fail "log: $(grep '^recipients (to)' "$T/log")"
grep -Fqx "$want_cc" "$T/log" || bl_fail "log: $(grep '^recipients (cc)' "$T/log")"
# the JSON result holds the same lists
tr -d ' \n' <"$T/result.json" | grep -Fq '"cc":["cc@example.org","linux-kernel@vger.kernel.org","syzbot+0123abcd@syzkaller.appspotmail.com"]' ||
	bl_fail "JSON recipients: $(cat "$T/result.json")"
# and `culprit maintainers --commit` agrees
"$CULPRIT" maintainers --commit "$culprit" --repo "$R" >"$T/m" || bl_fail "maintainers --commit exit $?"
printf '%s\n%s\n' "$want_to" "$want_cc" | cmp -s - "$T/m" || bl_fail "maintainers --commit: $(cat "$T/m")"
echo "ok"
