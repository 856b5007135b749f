#!/usr/bin/env python3
"""boxes_frames.py: the rules drawn around boxed blocks in a layout trace (e2e/boxes.sh).

    python3 tests/tools/boxes_frames.py rules|crossing|labels FILE.trace

rules: every box has its sides, left open where a page break cuts it; crossing: some box
crosses a page break; labels: box labels sit inside their boxes. Prints the faults; exit 1
if any, else 0.
"""
import re, sys
what, path = sys.argv[1], sys.argv[2]
pages, cur = [], None
for line in open(path, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("page "):
        cur = {"name": line, "ops": []}
        pages.append(cur)
    elif cur is not None and line.startswith("  "):
        cur["ops"].append(line.strip())
bad = []
def grounds(p):
    out = []
    for op in p["ops"]:
        m = re.match(r"rule ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) #f2f2f2", op)
        if m:
            x, y, w, h = map(float, m.groups())
            out.append((x, y, x + w, y + h))
    return out
stack, crossing_top, crossing_bottom, boxes_seen = [], False, False, 0
for p in pages:
    g = grounds(p)
    last_glyph_in = None
    for op in p["ops"]:
        if op.startswith("begin "):
            stack.append(op.split()[1])
            if op == "begin Note":
                boxes_seen += 1
        elif op == "end":
            if stack:
                stack.pop()
        elif op.startswith("glyphs ") and "artifact" not in op.split('"')[0]:
            f = op.split()
            x, y = float(f[1]), float(f[2])
            inside = "Note" in stack
            if inside and what == "rules":
                if not any(a <= x <= c and b <= y <= d for a, b, c, d in g):
                    bad.append(f"{p['name']}: text of a Note outside its box: {op[:90]}")
            last_glyph_in = stack[-1] if stack else None
    if what == "labels" and last_glyph_in == "Lbl":
        bad.append(f"{p['name']}: a box's label is the last line of the page")
    # Open at a break: a ground with no border rule at its top or bottom.
    for a, b, c, d in g:
        tops = [op for op in p["ops"] if op.startswith(f"rule {a:.3f} {b:.3f} ") and "#555555" in op]
        bottoms = [op for op in p["ops"] if re.match(rf"rule {a:.3f} [\d.]+ [\d.]+ 0\.600 #555555", op)
                   and abs(float(op.split()[2]) + 0.6 - d) < 0.01]
        if not any(float(op.split()[4]) == 0.6 for op in tops):
            crossing_top = True
        if not bottoms:
            crossing_bottom = True
if what == "rules" and boxes_seen == 0:
    bad.append("no Note in the trace")
if what == "crossing" and not (crossing_top and crossing_bottom):
    bad.append(f"no box open at a page break (open top: {crossing_top}, open bottom: {crossing_bottom})")
print("\n".join(bad))
sys.exit(1 if bad else 0)
