#!/bin/sh
# culprit report in bounded memory: a log of 1,005 crash headers (1,000 kept,
# the rest said), a 40 MB console as a file and as a pipe, /dev/zero under
# `ulimit -v 2000000` (ends with a clear error, never an abort), NUL bytes
# and console garbage inside titles. RSS is read with /usr/bin/time -v when
# it is there.
set -u
: "${CULPRIT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

have_time=false
if [ -x /usr/bin/time ] && /usr/bin/time -v true 2>&1 | grep -q "Maximum resident"; then
	have_time=true
fi
# a sanitizer build's memory is its own (shadow, quarantine): RSS not
# judged, and no `ulimit -v` (ASan maps terabytes of shadow)
vlimit=2000000
if grep -qa __asan_init "$CULPRIT" 2>/dev/null; then
	have_time=false
	vlimit=unlimited
fi
# rss_kb CMD... : runs CMD (stdout to $tmp/out), prints its peak RSS in kB
rss_kb() {
	/usr/bin/time -v "$@" >"$tmp/out" 2>"$tmp/time" || return $?
	sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time"
}

# 1,005 KASAN headers of 5 lines each (~300 KB)
awk 'BEGIN {
	for (i = 0; i < 1005; i++) {
		printf "[ %5d.%06d][ T%d] BUG: KASAN: slab-out-of-bounds in func_%d+0x10/0x20\n", i, i, 100 + i, i
		printf "[ %5d.%06d][ T%d] Read of size 4 at addr ffff888012345678 by task syz/%d\n", i, i, 100 + i, i
		printf "[ %5d.%06d][ T%d] Call Trace:\n", i, i, 100 + i
		printf "[ %5d.%06d][ T%d]  func_%d+0x10/0x20 fs/f%d.c:42\n", i, i, 100 + i, i, i
		printf "[ %5d.%06d][ T%d]  vfs_read+0x1/0x2 fs/read_write.c:10\n", i, i, 100 + i
	}
}' >"$tmp/headers.log"
"$CULPRIT" report --all --title-only "$tmp/headers.log" >"$tmp/titles" || fail "headers: exit $?"
[ "$(grep -c '^KASAN: slab-out-of-bounds Read in func_' "$tmp/titles")" -eq 1000 ] ||
	fail "headers: not 1000 titles: $(wc -l <"$tmp/titles")"
tail -n 1 "$tmp/titles" | grep -q "^\.\.\. 5 more crashes found, not shown (at most 1000 are kept)$" ||
	fail "headers: the crashes past the cap are not said: $(tail -n 1 "$tmp/titles")"
"$CULPRIT" report --all --json "$tmp/headers.log" >"$tmp/json" || fail "headers --json: exit $?"
[ "$(wc -l <"$tmp/json")" -eq 1001 ] || fail "headers --json: $(wc -l <"$tmp/json") lines"
tail -n 1 "$tmp/json" | grep -q '^{"more_crashes":5,"max_crashes":1000}$' || fail "headers --json: no last count"
size=$(wc -c <"$tmp/json")
[ "$size" -lt 4000000 ] || fail "headers --json: $size bytes of JSON"
if $have_time; then
	for args in "--all --json" "--all" ""; do
		kb=$(rss_kb "$CULPRIT" report $args "$tmp/headers.log") || fail "headers $args: exit $?"
		echo "headers $args: ${kb} kB RSS"
		[ "$kb" -lt 65536 ] || fail "headers $args: ${kb} kB RSS (over 64 MB)"
	done
fi

# a 40 MB console: noise of many tasks, one report in its middle
awk 'BEGIN {
	srand(7)
	for (i = 0; i < 400000; i++) {
		if (i == 200000) {
			print "[ 2000.000000][ T4242] BUG: KASAN: use-after-free in middle_fn+0x10/0x20"
			print "[ 2000.000001][ T4242] Write of size 8 at addr ffff888012345678 by task syz/4242"
			print "[ 2000.000002][ T4242] Call Trace:"
			print "[ 2000.000003][ T4242]  middle_fn+0x10/0x20 fs/mid.c:7"
			print "[ 2000.000004][ T4242]  vfs_write+0x1/0x2 fs/read_write.c:20"
			print "[ 2000.000005][ T4242] =================================================================="
		}
		printf "[ %4d.%06d][ T%d] audit: type=1400 audit(%d.123:%d): avc:  denied  { read } for  pid=%d comm=\"syz-executor\"\n", i / 100, i % 1000000, 1000 + i % 97, i, i, i % 9000
	}
}' >"$tmp/console.log"
mb=$(( $(wc -c <"$tmp/console.log") / 1048576 ))
want="KASAN: use-after-free Write in middle_fn"
out=$("$CULPRIT" report --all --title-only "$tmp/console.log") || fail "console: exit $?"
[ "$out" = "$want" ] || fail "console: '$out'"
out=$(cat "$tmp/console.log" | "$CULPRIT" report --all --title-only) || fail "console pipe: exit $?"
[ "$out" = "$want" ] || fail "console pipe: '$out'"
if $have_time; then
	kb=$(rss_kb "$CULPRIT" report --all --json "$tmp/console.log") || fail "console rss: exit $?"
	echo "console (${mb} MB file): ${kb} kB RSS"
	[ "$kb" -lt $(( (mb + 64) * 1024 )) ] || fail "console: ${kb} kB RSS over the file's size + 64 MB"
	kb=$(cat "$tmp/console.log" | rss_kb "$CULPRIT" report --all) || fail "console pipe rss: exit $?"
	echo "console (${mb} MB pipe): ${kb} kB RSS"
	[ "$kb" -lt 65536 ] || fail "console pipe: ${kb} kB RSS over 64 MB"
fi

# /dev/zero: streamed in bounded memory, ends with a clear error (not an abort)
if [ -c /dev/zero ]; then
	( ulimit -v $vlimit; exec "$CULPRIT" report /dev/zero ) >"$tmp/o" 2>"$tmp/e"
	rc=$?
	[ $rc -eq 2 ] || fail "/dev/zero: exit $rc: $(cat "$tmp/e")"
	grep -q "'/dev/zero' did not end" "$tmp/e" || fail "/dev/zero: no clear message: $(cat "$tmp/e")"
	[ -s "$tmp/o" ] && fail "/dev/zero: printed a crash: $(head -c 200 "$tmp/o")"
fi

# out of memory is an error naming the input (exit 4), never an abort:
# whatever the limit, the command ends cleanly, with 4 for some of them
if [ "$vlimit" != unlimited ]; then
	saw4=false
	for v in 16000 20000 24000 28000 32000 36000 40000 60000 90000; do
		( ulimit -v $v; exec "$CULPRIT" report --all --json "$tmp/console.log" ) >/dev/null 2>"$tmp/e"
		rc=$?
		case $rc in
		0) ;;
		4) grep -q "out of memory reading '$tmp/console.log'" "$tmp/e" ||
			fail "out of memory at $v kB: $(cat "$tmp/e")"
		   saw4=true ;;
		127) ;;	# the loader itself had no room
		*) fail "ulimit -v $v: exit $rc: $(tail -n 3 "$tmp/e")" ;;
		esac
	done
	$saw4 || echo "note: no limit made the command run out of memory"
fi

# NUL bytes and console garbage inside title lines are skipped: whole titles
printf '[   13.000000][ T300] BUG: KASAN: glo\000\000bal-out-of-bounds in bar_\000read+0x10/0x20\n[   13.000001][ T300] Read of size 4 at addr ffff888012345678 by task syz/300\n[   13.000002][ T300] Call Trace:\n[   13.000003][ T300]  bar_read+0x10/0x20 fs/bar.c:42\n' >"$tmp/nul.log"
out=$("$CULPRIT" report --title-only "$tmp/nul.log") || fail "NUL: exit $?"
[ "$out" = "KASAN: global-out-of-bounds Read in bar_read" ] || fail "NUL kernel title: '$out'"
"$CULPRIT" report "$tmp/nul.log" | grep -q "^BUG: KASAN: global-out-of-bounds in bar_read+0x10/0x20$" ||
	fail "NUL: the report keeps the NULs"
printf '\033[1;31m[   14.000000][ T301] WARNING: CPU: 0 PID: 301 at net/core/dev.c:10 dev_\033[0mfoo+0x1/0x2\r\n[   14.000001][ T301] Call Trace:\r\n[   14.000002][ T301]  dev_foo+0x1/0x2\r\n' >"$tmp/esc.log"
out=$("$CULPRIT" report --title-only "$tmp/esc.log") || fail "escapes: exit $?"
[ "$out" = "WARNING in dev_foo" ] || fail "escape sequences in a title: '$out'"
printf '==1==ERROR: AddressSanitizer: heap-use-after-\000free on address 0x602000000010 at pc 0x1 bp 0x2 sp 0x3\nREAD of size 4 at 0x602000000010 thread T0\n    #0 0x4f2a10 in par\000se_header /src/a.c:3:1\n    #1 0x4f2b10 in main /src/a.c:9:1\n' >"$tmp/nul2.log"
out=$("$CULPRIT" report --title-only "$tmp/nul2.log") || fail "NUL user-space: exit $?"
[ "$out" = "AddressSanitizer: heap-use-after-free in parse_header" ] || fail "NUL user-space title: '$out'"
echo "ok"
