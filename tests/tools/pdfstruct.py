#!/usr/bin/env python3
"""pdfstruct.py: checks of a PDF's structure tree as `pdfinfo -struct` prints it.

    python3 tests/tools/pdfstruct.py notes STRUCT.txt
    python3 tests/tools/pdfstruct.py list-items STRUCT.txt

STRUCT.txt is `pdfinfo -struct`'s output: one element a line, indented two spaces a
level. notes: every Note element's children begin with a Lbl and include a P (e2e/boxes.sh);
prints each Note that does not, exit 1 if any. list-items: some LI holds a Lbl then an
LBody holding a P (e2e/listings.sh); exit 1 with a message if none does. Exit 0 on pass.
"""
import sys


def depth(line):
    return len(line) - len(line.lstrip(" "))


def read(path):
    return [l.rstrip("\n") for l in open(path, encoding="utf-8")]


def cmd_notes(path):
    lines = read(path)
    bad = 0
    for i, l in enumerate(lines):
        if l.strip().startswith("Note"):
            d = depth(l)
            kids = []
            for m in lines[i + 1:]:
                if depth(m) <= d:
                    break
                if depth(m) == d + 2:
                    kids.append(m.split()[0])
            if not kids or kids[0] != "Lbl" or "P" not in kids:
                print(f"Note at line {i + 1} holds {kids}")
                bad += 1
    return 1 if bad else 0


def cmd_list_items(path):
    lines = read(path)
    for i, l in enumerate(lines):
        if l.strip().startswith("LI ") and i + 3 < len(lines):
            d = depth(l)
            a, b, c = lines[i + 1], lines[i + 2], lines[i + 3]
            if a.strip().startswith("Lbl") and b.strip().startswith("LBody") and depth(a) == d + 2 \
                    and c.strip().startswith("P ") and depth(c) == d + 4:
                return 0
    sys.exit("no LI > Lbl, LBody > P")


if __name__ == "__main__":
    sys.exit(globals()["cmd_" + sys.argv[1].replace("-", "_")](*sys.argv[2:]))
