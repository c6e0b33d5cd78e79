#!/bin/sh
# The mail a bisection leaves behind (`culprit bisect --mbox`, `culprit show
# --mbox`), read by Python's mailbox and email modules as a mail client would
# (and by git mailsplit/mailinfo):
# one message, From: git's identity (or report.from), To:/Cc: exactly the
# JSON result's recipients, "Subject: [culprit] <crash title>" (Re: and
# In-Reply-To: with report.in-reply-to), a body in syzbot's bisection-mail
# shape naming the culprit, with a Fixes: tag, and the bisection log attached
# as text/plain when it is long. `culprit show WORKDIR` replays the journal
# (nothing is built or run again) and gives the same mail.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
# Debian's python3 (a version manager's shim in PATH costs seconds a call)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || bl_skip "python3 is not installed"
bl_setup
R=$T/repo
bl_repo "$R"
cat >"$R/MAINTAINERS" <<'EOM'
PROG
M:	Mae Ntainer <mae@example.org>
L:	prog-devel@lists.example.org
S:	Maintained
F:	bug.h
EOM
git -C "$R" add MAINTAINERS && git -C "$R" commit -q -m "MAINTAINERS: add" || exit 1
git -C "$R" config user.name "Bi Sector"
git -C "$R" config user.email "bisector@example.net"
bl_commit "$R" 12
printf '#define BUG 1\n' >"$R/bug.h"
git -C "$R" commit -q -a -F - <<'MSG' || exit 1
prog: release the buffer early

Reported-by: syzbot+0123abcd@syzkaller.appspotmail.com
Cc: Cc Person <cc@example.org>
Signed-off-by: A U Thor <author@example.com>
MSG
culprit=$(git -C "$R" rev-parse HEAD)
bl_commit "$R" 12
good=$(git -C "$R" rev-list --max-parents=0 HEAD)

# the job's report.from and report.in-reply-to (a job file's [report]) name
# the sender and the thread; without them, git's user.name/user.email (the
# environment's committer identity wins in git: unset it)
unset GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL EMAIL
printf '[report]\n\tfrom = "Rep Orter <rep@example.com>"\n\tin-reply-to = "<abc.123@example.com>"\n' \
	>"$T/report.conf"
bl_bisect "$R" -f "$T/report.conf" --bad HEAD --good "$good" --runs 3 --log "$T/log" \
	--json "$T/result.json" --mbox "$T/mail.mbox" --html "$T/page.html"
rc=$?
[ $rc -eq 0 ] || { cat "$T/log"; bl_fail "exit code $rc, want 0"; }
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit (want $culprit)"
[ -s "$T/mail.mbox" ] || bl_fail "no mbox written"
[ -s "$T/page.html" ] || bl_fail "no page written"
[ -s "$T/work/job.conf" ] || bl_fail "no job file in the work directory"

check_mail() {
	"$PY" - "$1" "$T/result.json" "$culprit" "$2" "$3" <<'PY' || bl_fail "mail $1 (above)"
import email, email.policy, json, mailbox, sys
from email.utils import getaddresses

path, res_path, culprit, want_from, attached = sys.argv[1:6]
res = json.load(open(res_path))
box = mailbox.mbox(path, create=False)
msgs = list(box)
assert len(msgs) == 1, "%d messages" % len(msgs)
raw = msgs[0].as_bytes()
m = email.message_from_bytes(raw, policy=email.policy.default)
assert m.defects == [] and all(not p.defects for p in m.walk()), m.defects

def addrs(name):
    return [a for _, a in getaddresses(m.get_all(name, []))]

rc = res["recipients"]
assert addrs("To") == rc["to"], (addrs("To"), rc["to"])
assert addrs("Cc") == rc["cc"], (addrs("Cc"), rc["cc"])
assert "mae@example.org" in rc["to"] + rc["cc"], rc
assert addrs("From") == [want_from], addrs("From")
title = res["crash"]["title"]
subj = str(m["Subject"])
assert subj in ("[culprit] " + title, "Re: [culprit] " + title), subj
assert m["Message-ID"] and m["Date"], "no Message-ID or Date"
body = m.get_body(preferencelist=("plain",)).get_content()
short = culprit[:12]
subject = res["culprit"]["subject"]
for want in ("bisection found the first bad commit", "commit " + culprit,
             "Author: A U Thor <author@example.com>", subject,
             'Fixes: %s ("%s")' % (short, subject), "start commit:", title):
    assert want in body, "body lacks %r:\n%s" % (want, body)
fixes = [l for l in body.splitlines() if l.startswith("Fixes: ")]
assert fixes == ['Fixes: %s ("%s")' % (short, subject)], fixes
logs = [p for p in m.walk() if p.get_filename() == "bisect.log"]
if attached == "yes":
    assert len(logs) == 1, "no bisect.log attachment"
    assert logs[0].get_content_type() == "text/plain"
    log = logs[0].get_content()
    assert "first bad commit: " + culprit in log, log[:400]
    for s in res["steps"]:
        assert s["commit"] in log, s["commit"]
print("mail ok: %d to, %d cc, %d bytes" % (len(rc["to"]), len(rc["cc"]), len(raw)))
PY
}
check_mail "$T/mail.mbox" rep@example.com yes
check_reply() {
	"$PY" - "$1" <<'PY' || bl_fail "reply headers of $1"
import mailbox, sys
m = list(mailbox.mbox(sys.argv[1]))[0]
assert m["Subject"].startswith("Re: [culprit] "), m["Subject"]
assert m["In-Reply-To"] == "<abc.123@example.com>", m["In-Reply-To"]
assert m["References"] == "<abc.123@example.com>", m["References"]
PY
}
check_reply "$T/mail.mbox"
# git's own mbox reader (git am's, beside send-email's) takes it as one mail
[ "$(git mailsplit -o"$T" "$T/mail.mbox")" = 1 ] || bl_fail "git mailsplit: not one message"
git mailinfo -k "$T/msg" "$T/patch" <"$T/0001" >"$T/info" || bl_fail "git mailinfo: exit $?"
grep -qx "Email: rep@example.com" "$T/info" || bl_fail "git mailinfo: $(cat "$T/info")"
grep -q "^Subject: Re: \[culprit\] " "$T/info" || bl_fail "git mailinfo: $(cat "$T/info")"

# again from the work directory: a replay of the journal with the job file
# the bisection left there (nothing is built or run: the journal is unchanged)
sum=$(sha256sum <"$T/work/journal")
"$CULPRIT" show --mbox "$T/mail2.mbox" --html "$T/page2.html" "$T/work" ||
	bl_fail "culprit show WORKDIR: exit $?"
[ "$(sha256sum <"$T/work/journal")" = "$sum" ] || bl_fail "show changed the journal"
check_mail "$T/mail2.mbox" rep@example.com yes
check_reply "$T/mail2.mbox"
[ -s "$T/page2.html" ] || bl_fail "no page from the work directory"

# from the JSON result alone: the sender is git's user.name/user.email of
# the repository, and no thread; the log is not in a JSON result
"$CULPRIT" show --mbox "$T/mail3.mbox" --html "$T/page3.html" "$T/result.json" ||
	bl_fail "show RESULT: exit $?"
# (the page from the result alone has the answer and every tested commit)
for c in $culprit $(sed -n 's/^ *"commit": "\([0-9a-f]*\)",*$/\1/p' "$T/result.json"); do
	grep -q "$c" "$T/page3.html" || bl_fail "the page from the result lacks $c"
done
check_mail "$T/mail3.mbox" bisector@example.net no
"$PY" - "$T/mail3.mbox" <<'PY' || bl_fail "a reply from a result without one"
import mailbox, sys
m = list(mailbox.mbox(sys.argv[1]))[0]
assert m["Subject"].startswith("[culprit] ") and m["In-Reply-To"] is None, m["Subject"]
PY
# and the command line's sender
"$CULPRIT" show --mbox "$T/mail4.mbox" --from "Other Person <other@example.com>" \
	"$T/result.json" || bl_fail "show --from: exit $?"
check_mail "$T/mail4.mbox" other@example.com no

# bad input changes nothing
"$CULPRIT" show --mbox "$T/x.mbox" "$T/nothing" 2>/dev/null && bl_fail "a missing input was accepted"
"$CULPRIT" show "$T/result.json" 2>/dev/null && bl_fail "show without an output was accepted"
echo '{"x": 1}' >"$T/bad.json"
"$CULPRIT" show --mbox "$T/x.mbox" "$T/bad.json" 2>/dev/null && bl_fail "a non-result was accepted"
[ -e "$T/x.mbox" ] && bl_fail "a mail was written from bad input"
echo "ok"
