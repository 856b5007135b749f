#!/usr/bin/env python3
"""trace_checks.py: checks of a layout trace (quire build --trace) as text.

    python3 tests/tools/trace_checks.py shift FILE.trace
    python3 tests/tools/trace_checks.py cover-beside FILE.trace

shift (e2e/inlines.sh): in "Water is H2O" the subscript and superscript "2" are smaller
than the text and below and above its baseline, and the text after them is back on it.
cover-beside (e2e/figures.sh): the 24.3 pt book cover image sits at the left margin with
the "Title:" details to its right. Exit 0 on pass; exit 1 with a message (shift) or
silently (cover-beside, whose caller shows the trace) on failure.
"""
import re
import sys


def cmd_shift(path):
    ops = [l.rstrip("\n").split(None, 8) for l in open(path, encoding="utf-8")
           if l.startswith("  glyphs ")]

    def find(text):
        for i, o in enumerate(ops):
            if o[8].endswith('"%s"' % text):
                return i
        sys.exit("no glyph run ending with %r" % text)
    h = find("and moved on. Water is H")
    sub, o_run, sup = ops[h + 1], ops[h + 2], ops[h + 3]
    base = float(ops[h][2])
    size = float(ops[h][4])
    for name, run, sign in (("subscript", sub, 1), ("superscript", sup, -1)):
        if run[8] != '"2"':
            sys.exit("%s: the run after the base text is %s" % (name, run[8]))
        if not float(run[4]) < size:
            sys.exit("%s: size %s is not smaller than %s" % (name, run[4], size))
        shift = (float(run[2]) - base) * sign
        if not shift > 0.5:
            sys.exit("%s: y %s against the baseline %s" % (name, run[2], base))
    if float(o_run[2]) != base:
        sys.exit("the text after the subscript is off the baseline")
    return 0


def cmd_cover_beside(path):
    t = open(path).read()
    m = re.search(r'  image ([0-9.]+) ([0-9.]+) 24\.300 36\.450 "images/book\.png"\n  end\n  begin P\n'
                  r'  glyphs ([0-9.]+) ([0-9.]+) \S+ [0-9.]+ #000000 w=[0-9.]+ n=6 "Title:"', t)
    ok = m and float(m.group(3)) > float(m.group(1)) + 24.3 and abs(float(m.group(1)) - 70.866) < 0.01
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(globals()["cmd_" + sys.argv[1].replace("-", "_")](*sys.argv[2:]))
