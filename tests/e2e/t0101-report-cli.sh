#!/bin/sh
# culprit report: output, --all, --json, stdin, exit codes (no ../shared needed).
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

out=$("$CULPRIT" report "$tmp/two.log") || fail "exit $? on a crash log"
[ "$out" = "WARNING in dev_foo" ] || fail "first title: '$out'"

out=$("$CULPRIT" report --all "$tmp/two.log") || fail "--all exit $?"
[ "$(echo "$out" | wc -l)" -eq 2 ] || fail "--all: '$out'"
echo "$out" | sed -n 2p | grep -qx "KASAN: slab-out-of-bounds Read in bar_read" || fail "--all second: '$out'"

out=$("$CULPRIT" report - <"$tmp/two.log") || fail "stdin exit $?"
[ "$out" = "WARNING in dev_foo" ] || fail "stdin: '$out'"
out=$("$CULPRIT" report <"$tmp/two.log") || fail "implicit stdin exit $?"
[ "$out" = "WARNING in dev_foo" ] || fail "implicit stdin: '$out'"

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
        "panicked", "start", "end", "report"]
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
