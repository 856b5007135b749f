#!/usr/bin/env python3
"""pdfwords.py: measures of word positions in `pdftotext -bbox` output (e2e/listings.sh).

    python3 tests/tools/pdfwords.py columns BBOX.html
    python3 tests/tools/pdfwords.py code-spaces BBOX.html

columns: in the Python listing, "if" starts 8 and "return" 16 monospace columns right of
"def" (a column measured as a third of "def"'s width). code-spaces: the spaces of the
inline code "a = b" keep the mono face's width while the line around it is stretched.
Exit 0 on pass; otherwise exit 1 with a message saying what was measured.
"""
import re
import sys

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def words(path):
    """(xMin, yMin, xMax, text) of every word, as strings, in the file's order."""
    return WORD.findall(open(path, encoding="utf-8").read())


def cmd_columns(path):
    ws = words(path)

    def first(text, after=0):
        for i, w in enumerate(ws):
            if i >= after and w[3] == text:
                return i, float(w[0]), float(w[2])
        sys.exit(f"no word {text!r}")
    i, x_def, x_def_end = first("def")
    col = (x_def_end - x_def) / 3
    _, x_if, _ = first("if", i)
    j, _, _ = first("&quot;hello,", i)
    x_ret = float(ws[j - 1][0])
    for name, x, cols in (("if", x_if, 8), ("return", x_ret, 16)):
        got = (x - x_def) / col
        if abs(got - cols) > 0.05:
            sys.exit(f"{name} starts {got:.2f} columns in, not {cols}")
    return 0


def cmd_code_spaces(path):
    ws = words(path)
    for i in range(len(ws) - 3):
        if [w[3] for w in ws[i:i + 4]] == ["code", "a", "=", "b"]:
            a, eq, b = (tuple(map(float, w[:3])) for w in ws[i + 1:i + 4])
            space = eq[2] - eq[0]          # the mono face: every advance is one space's
            prose = a[0] - float(ws[i][2])
            for name, gap in (("a =", eq[0] - a[2]), ("= b", b[0] - eq[2])):
                if abs(gap - space) > 0.2:
                    sys.exit(f"the space of '{name}' is {gap:.2f} pt, not the mono space's {space:.2f} pt")
            # The paragraph's last line is ragged: its spaces are natural.
            k = next(k for k in range(i, len(ws)) if ws[k][3] == "here.")
            natural = float(ws[k][0]) - float(ws[k - 1][2])
            if prose < natural + 0.3:
                sys.exit(f"the line is not stretched ({prose:.2f} pt between words, "
                         f"{natural:.2f} pt natural): the test proves nothing")
            return 0
    sys.exit("the inline code 'a = b' is not in the PDF's words")


if __name__ == "__main__":
    sys.exit(globals()["cmd_" + sys.argv[1].replace("-", "_")](*sys.argv[2:]))
