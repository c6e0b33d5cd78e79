#!/bin/sh
# The web page a bisection leaves behind (`culprit bisect --html`, `culprit
# show --html`), in a real browser: headless Chromium renders the page of a
# real bisection (a history with merges); the DOM it builds holds the
# culprit's hash, every tested commit and the crash title; its screenshots
# at desktop (1280 px) and phone (390 px) width are not blank and show the
# verdict colours of the chart (the PNG decoded here with zlib). The page is
# self-contained: no script, nothing loaded from anywhere.
. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
# Debian's python3 (a version manager's shim in PATH costs seconds a call)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || bl_skip "python3 is not installed"
CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
	bl_skip "chromium is not installed (scripts/install-deps.sh installs it)"
bl_setup
R=$T/repo
bl_repo "$R"
good=$(git -C "$R" rev-parse HEAD)
for b in 1 2 3; do
	git -C "$R" checkout -q -b "topic$b" master || exit 1
	echo "int topic$b;" >"$R/topic$b.c"
	git -C "$R" add "topic$b.c" && git -C "$R" commit -q -m "topic$b: add" || exit 1
	git -C "$R" checkout -q master || exit 1
	bl_commit "$R" 3
	git -C "$R" merge -q --no-ff -m "Merge branch topic$b" "topic$b" || exit 1
	[ $b -eq 2 ] && culprit=$(bl_bug "$R")
done
bl_commit "$R" 3

bl_bisect "$R" --bad HEAD --good "$good" --runs 3 --log "$T/log" --json "$T/result.json" \
	--html "$T/page.html"
rc=$?
[ $rc -eq 0 ] || { cat "$T/log"; bl_fail "exit code $rc, want 0"; }
grep -q "^first bad commit: $culprit " "$T/log" || bl_fail "wrong culprit (want $culprit)"
[ -s "$T/page.html" ] || bl_fail "no page written"
# self-contained: no script, no link or source to load, no style sheet from elsewhere
grep -Eiq '<script|<link|<img|<iframe| src=|@import|url\(' "$T/page.html" &&
	bl_fail "the page loads something: $(grep -Eio '<script|<link|<img|<iframe| src=|@import|url\(' "$T/page.html" | head -3)"
# the page from the work directory is the same page (but for its footer and
# the wall-clock total time, which a replay measures again)
"$CULPRIT" show --html "$T/page2.html" "$T/work" || bl_fail "culprit show WORKDIR: exit $?"
for f in page page2; do
	sed -E '/<footer>/d; s/[0-9]+\.[0-9]+s/N.Ns/g' "$T/$f.html" >"$T/$f.cmp" || exit 1
done
cmp -s "$T/page.cmp" "$T/page2.cmp" ||
	bl_fail "show WORKDIR gives another page: $(diff "$T/page.cmp" "$T/page2.cmp" | head -20)"

# the browser: its own profile, no network, a timeout
browse() {
	timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--no-first-run --no-default-browser-check --user-data-dir="$T/profile" \
		--proxy-server=127.0.0.1:9 --hide-scrollbars "$@" "file://$T/page.html" 2>>"$T/chromium.err"
}
browse --dump-dom >"$T/dom.html" || bl_fail "chromium --dump-dom: exit $? ($(tail -3 "$T/chromium.err"))"
[ -s "$T/dom.html" ] || bl_fail "chromium dumped no DOM"
"$PY" - "$T/dom.html" "$T/result.json" "$culprit" <<'PY' || bl_fail "the DOM (above)"
import html.parser, json, sys

dom_path, res_path, culprit = sys.argv[1:4]
res = json.load(open(res_path))

class Text(html.parser.HTMLParser):
    """the text and attribute values of the DOM the browser built"""
    def __init__(self):
        super().__init__()
        self.parts, self.ids = [], set()
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            self.parts.append(v or "")
            if k == "id":
                self.ids.add(v)
    def handle_data(self, data):
        self.parts.append(data)

p = Text()
p.feed(open(dom_path, encoding="utf-8").read())
text = "\n".join(p.parts)
assert res["culprit"]["hash"] == culprit, res["culprit"]
assert culprit in text, "no culprit hash"
title = res["crash"]["title"]
assert title in text, "no crash title %r" % title
steps = res["steps"]
assert len(steps) >= 3, "%d steps" % len(steps)
for s in steps:
    assert s["commit"] in text, "tested commit %s is not on the page" % s["commit"]
for section in ("answer", "search", "steps", "crash", "log", "culprit", "crash-title"):
    assert section in p.ids, "no #%s" % section
assert "Fixes: %s" % culprit[:12] in text, "no Fixes: trailer"
for a in res["recipients"]["to"] + res["recipients"]["cc"]:
    assert a in text, "recipient %s missing" % a
print("DOM ok: %d steps, %d bytes" % (len(steps), len(text)))
PY

# the screenshots: not blank, and the verdict colours of the chart are there
browse --window-size=1280,1100 --screenshot="$T/desktop.png" >/dev/null ||
	bl_fail "chromium --screenshot: exit $? ($(tail -3 "$T/chromium.err"))"
browse --window-size=390,1100 --screenshot="$T/phone.png" >/dev/null ||
	bl_fail "chromium --screenshot (phone): exit $? ($(tail -3 "$T/chromium.err"))"
for shot in desktop phone; do
	"$PY" - "$T/$shot.png" <<'PY' || bl_fail "screenshot $shot (above)"
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, ihdr = 8, [], None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat.append(body)
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = ihdr
assert depth == 8 and ctype in (2, 6) and not interlace, ihdr
bpp = 4 if ctype == 6 else 3
raw = zlib.decompress(b"".join(idat))
stride = w * bpp
prev = bytearray(stride)
hist, colours = {}, set()
n = total = total2 = 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    for x in range(0, stride, bpp):
        rgb = bytes(line[x:x + 3])
        colours.add(rgb)
        lum = (line[x] * 299 + line[x + 1] * 587 + line[x + 2] * 114) // 1000
        n += 1
        total += lum
        total2 += lum * lum
mean = total / n
var = total2 / n - mean * mean
dark = sum(1 for c in colours if sum(c) < 300)
# the chart's and the table's verdict colours (html.c, html_chart.c)
red, green = bytes((0xc6, 0x28, 0x28)), bytes((0x2e, 0x7d, 0x32))
print("%s: %dx%d, luminance mean %.1f variance %.1f, %d colours" %
      (sys.argv[1].rsplit("/", 1)[-1], w, h, mean, var, len(colours)))
assert var > 200, "blank: luminance variance %.1f" % var
assert len(colours) > 50 and dark > 5, "too few colours: %d" % len(colours)
assert red in colours and green in colours, "no verdict colours (red %s, green %s)" % (
    red in colours, green in colours)
PY
done
echo "ok"
