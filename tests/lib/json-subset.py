#!/usr/bin/env python3
"""json-subset.py OLD NEW: exit 0 when every field of OLD is in NEW with the
same value (objects compared key by key, lists element by element, same
length); fields NEW adds are allowed (later issues add outputs). Values that
were renamed on purpose are listed in RENAMED with the reason. Prints the
first differences otherwise."""
import json
import sys

# (key, old value) -> new value, each with the change that made it
RENAMED = {
    ("build", "ok"): "built",  # issue 12: a step's build is built or reused
}

diffs = []


def same(path, old, new):
    if isinstance(old, dict):
        if not isinstance(new, dict):
            diffs.append(f"{path}: an object became {json.dumps(new)[:80]}")
            return
        for k, v in old.items():
            if k not in new:
                diffs.append(f"{path}.{k}: missing")
                continue
            if not isinstance(v, (dict, list)) and RENAMED.get((k, v), v) == new[k]:
                continue
            same(f"{path}.{k}", v, new[k])
    elif isinstance(old, list):
        if not isinstance(new, list) or len(old) != len(new):
            diffs.append(f"{path}: list of {len(old)} became {json.dumps(new)[:80]}")
            return
        for i, (a, b) in enumerate(zip(old, new)):
            same(f"{path}[{i}]", a, b)
    elif old != new:
        diffs.append(f"{path}: {json.dumps(old)} became {json.dumps(new)}")


with open(sys.argv[1]) as f:
    old = json.load(f)
with open(sys.argv[2]) as f:
    new = json.load(f)
same("", old, new)
for d in diffs[:20]:
    print(d)
sys.exit(1 if diffs else 0)
