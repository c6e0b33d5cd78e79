#!/bin/sh
# culprit report: output (title, blank line, report; --title-only; --json),
# --all, stdin, pipes, exit codes (no ../shared needed).
set -u
: "${CULPRIT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat >"$tmp/two.log" <<'LOG'
[   10.000000][ T100] booting
[   12.000000][ T200] WARNING: CPU: 0 PID: 200 at net/core/dev.c:10 dev_foo+0x1/0x2
[   12.000001][ T200] RIP: 0010:dev_foo+0x1/0x2
[   12.000002][ T200] Call Trace:
[   12.000003][ T200]  dev_foo+0x1/0x2
[   12.000004][ T200]  __x64_sys_ioctl+0x1/0x2
[   13.000000][ T300] BUG: KASAN: slab-out-of-bounds in bar_read+0x10/0x20
[   13.000001][ T300] Read of size 4 at addr ffff888012345678 by task syz/300
[   13.000002][ T300] Call Trace:
[   13.000003][ T300]  bar_read+0x10/0x20 fs/bar.c:42
[   13.000004][ T300]  vfs_read+0x1/0x2 fs/read_write.c:10
LOG
printf 'nothing to see\nhere\n' >"$tmp/quiet.log"

out=$("$CULPRIT" report --title-only "$tmp/two.log") || fail "exit $? on a crash log"
[ "$out" = "WARNING in dev_foo" ] || fail "first title: '$out'"

out=$("$CULPRIT" report --title-only --all "$tmp/two.log") || fail "--all exit $?"
[ "$(echo "$out" | wc -l)" -eq 2 ] || fail "--all: '$out'"
echo "$out" | sed -n 2p | grep -qx "KASAN: slab-out-of-bounds Read in bar_read" || fail "--all second: '$out'"

out=$("$CULPRIT" report --title-only - <"$tmp/two.log") || fail "stdin exit $?"
[ "$out" = "WARNING in dev_foo" ] || fail "stdin: '$out'"
out=$("$CULPRIT" report --title-only <"$tmp/two.log") || fail "implicit stdin exit $?"
[ "$out" = "WARNING in dev_foo" ] || fail "implicit stdin: '$out'"
out=$(cat "$tmp/two.log" | "$CULPRIT" report --title-only) || fail "pipe exit $?"
[ "$out" = "WARNING in dev_foo" ] || fail "pipe: '$out'"

# text: the title, a blank line, the report from its first line to the end
# of its stack (prefixes stripped); with --all, crashes apart by a blank line
"$CULPRIT" report "$tmp/two.log" >"$tmp/text" || fail "text exit $?"
cat >"$tmp/want" <<'TEXT'
WARNING in dev_foo

WARNING: CPU: 0 PID: 200 at net/core/dev.c:10 dev_foo+0x1/0x2
RIP: 0010:dev_foo+0x1/0x2
Call Trace:
 dev_foo+0x1/0x2
 __x64_sys_ioctl+0x1/0x2
TEXT
cmp -s "$tmp/text" "$tmp/want" || fail "text output: $(cat "$tmp/text")"
"$CULPRIT" report --all "$tmp/two.log" >"$tmp/text" || fail "text --all exit $?"
{ cat "$tmp/want"; echo; cat <<'TEXT'
KASAN: slab-out-of-bounds Read in bar_read

BUG: KASAN: slab-out-of-bounds in bar_read+0x10/0x20
Read of size 4 at addr ffff888012345678 by task syz/300
Call Trace:
 bar_read+0x10/0x20 fs/bar.c:42
 vfs_read+0x1/0x2 fs/read_write.c:10
TEXT
} >"$tmp/want2"
cmp -s "$tmp/text" "$tmp/want2" || fail "text --all output: $(cat "$tmp/text")"

out=$("$CULPRIT" report --all "$tmp/quiet.log") || fail "no-crash exit $?"
[ -z "$out" ] || fail "no crash printed '$out'"
out=$("$CULPRIT" report --json </dev/null) || fail "empty input exit $?"
[ -z "$out" ] || fail "empty input printed '$out'"

"$CULPRIT" report "$tmp/missing.log" >"$tmp/o" 2>"$tmp/e"
[ $? -eq 2 ] || fail "missing file: exit not 2"
[ -s "$tmp/o" ] && fail "missing file printed to stdout"
grep -q "cannot read" "$tmp/e" || fail "missing file: no clear message: $(cat "$tmp/e")"
"$CULPRIT" report "$tmp" >/dev/null 2>&1
[ $? -eq 2 ] || fail "directory: exit not 2"
"$CULPRIT" report --bogus "$tmp/two.log" >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown option: exit not 2"
"$CULPRIT" report --help | grep -q "usage: culprit report" || fail "--help"

"$CULPRIT" report --all --json "$tmp/two.log" >"$tmp/json" || fail "--json exit $?"
[ "$(wc -l <"$tmp/json")" -eq 2 ] || fail "--json lines: $(cat "$tmp/json")"
if command -v python3 >/dev/null; then
	python3 - "$tmp/json" <<'PY' || fail "--json content"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
need = ["title", "alt_titles", "type", "frame", "guilty_file", "corrupted", "suppressed",
        "panicked", "start", "end", "report", "frames", "crash_type", "crash_state",
        "crash_address", "security"]
for r in rows:
    missing = [k for k in need if k not in r]
    assert not missing, missing
w, k = rows
assert w["title"] == "WARNING in dev_foo" and w["type"] == "WARNING", w
assert w["frame"] == "dev_foo" and w["guilty_file"] == "net/core/dev.c", w
assert "WARNING in __x64_sys_ioctl" not in w["alt_titles"], w
assert k["type"] == "KASAN-READ" and k["guilty_file"] == "fs/bar.c", k
assert "bad-access in bar_read" in k["alt_titles"], k
assert k["start"] > w["start"] and k["end"] > k["start"], k
assert k["report"].startswith("BUG: KASAN: slab-out-of-bounds in bar_read"), k
assert not k["corrupted"] and not k["suppressed"] and not k["panicked"], k
assert k["frames"][0] == {"function": "bar_read", "file": "fs/bar.c", "line": 42, "inline": False}, k
assert k["crash_type"] == "Kernel failure\nSlab-out-of-bounds\nREAD 4", k
assert k["crash_state"] == "bar_read\nvfs_read\n" and k["security"] is True, k
assert k["crash_address"] == "0xffff888012345678", k
assert w["crash_type"] == "Kernel failure\nWARNING" and w["security"] is False, w
assert [f["function"] for f in w["frames"]] == ["dev_foo", "__x64_sys_ioctl"], w
PY
fi

# bytes that are not UTF-8 still give valid JSON
printf 'Kernel panic - not syncing: bad \377\376 bytes\n' | "$CULPRIT" report --json >"$tmp/j2" ||
	fail "binary --json exit $?"
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["title"]=="kernel panic: bad bytes", r' \
		"$tmp/j2" || fail "binary --json: $(cat "$tmp/j2")"
fi
echo "ok"
