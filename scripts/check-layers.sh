#!/bin/sh
# check-layers.sh [SRC_DIR]: fail (exit 1, one line per offence) when a file
# under SRC_DIR/<subsystem>/ includes a header of a subsystem, or an external
# library, that SRC_DIR/layers.txt does not allow it. SRC_DIR defaults to
# the src/ next to this script. One python3 pass over the tree (the shell
# version spawned awk per include: 20 s a run under load).
set -u
src=${1:-$(dirname "$0")/../src}
[ -f "$src/layers.txt" ] || { echo "check-layers: no $src/layers.txt" >&2; exit 2; }
exec python3 - "$src" <<'PY'
import os, re, sys

src = os.path.abspath(sys.argv[1])
allow, ext = {}, {}
for line in open(os.path.join(src, "layers.txt")):
    line = line.strip()
    if not line or line.startswith("#") or ":" not in line:
        continue
    key, _, rest = line.partition(":")
    (ext if key.startswith("@") else allow)[key.lstrip("@")] = set(rest.split())

quoted = re.compile(r'^\s*#\s*include\s*"([^"]*)"', re.M)
angled = re.compile(r'^\s*#\s*include\s*<([^>]*)>', re.M)
bad = False
files = []
for root, dirs, names in os.walk(src):
    files += [os.path.relpath(os.path.join(root, n), src)
              for n in names if n.endswith((".c", ".h"))]
for f in sorted(files):
    if "/" in f:
        sub = f.split("/", 1)[0]
    elif f == "main.c":
        sub = "main"
    else:
        continue
    if sub not in allow:
        print(f"{f}: subsystem '{sub}' is not in layers.txt")
        bad = True
        continue
    d = os.path.dirname(f)
    text = open(os.path.join(src, f), errors="replace").read()
    for inc in quoted.findall(text):
        if inc.startswith("../") or os.path.exists(os.path.join(src, d, inc)):
            path = os.path.normpath(os.path.join(d, inc))
        elif "/" in inc:
            path = inc
        else:
            path = os.path.join(d, inc)
        target = path.split("/", 1)[0] if "/" in path else "main"
        if target != sub and target not in allow[sub]:
            print(f'{f}: includes "{inc}": {sub} may not use {target} (src/layers.txt)')
            bad = True
    for inc in angled.findall(text):
        e = inc.split("/", 1)[0]
        e = e[:-2] if e.endswith(".h") else e
        if e in ext and sub not in ext[e]:
            only = " ".join(sorted(ext[e]))
            print(f"{f}: includes <{inc}>: only {only} may (src/layers.txt)")
            bad = True
sys.exit(1 if bad else 0)
PY
