#!/usr/bin/env python3
"""pdf_checks.py: facts of a built PDF through qpdf --json and poppler (e2e/pdf.sh).

    python3 tests/tools/pdf_checks.py labels|outline|langs BOOK.pdf
    python3 tests/tools/pdf_checks.py margins BOOK.pdf TOP BOTTOM
    python3 tests/tools/pdf_checks.py metrics TYPOGRAPHY.json CONDITION...
    python3 tests/tools/pdf_checks.py get BOOK.pdf KEY
    python3 tests/tools/pdf_checks.py contains BOOK.pdf FILE
    python3 tests/tools/pdf_checks.py figure-alts BOOK.pdf

Each prints what it finds, one item a line, for the shell to compare: labels the page
labels, outline the bookmarks, langs the languages, margins each page's text above and
below the text block, get one qpdf JSON key; metrics prints each condition "key op number"
that typography.py --json's output does not meet (none printed: all met; also used by
e2e/judges.sh). contains (FILE's bytes are in the PDF as they are) and figure-alts (the
Figures' /Alt are e2e/figures.sh's alt texts) answer by exit status alone. Otherwise exit
0, or non-zero with Python's message when a tool or file fails.
"""
import json, re, subprocess, sys
import os
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pagelabels import page_labels, pdf_string

def out(cmd):
    return subprocess.run(cmd, check=True, capture_output=True).stdout.decode("utf-8", "replace")

def qpdf_json(path, *keys):
    cmd = ["qpdf", "--json=2"] + ["--json-key=" + k for k in keys] + [path]
    return json.loads(out(cmd))

def cmd_labels(path):
    """The page label of every page, one a line (see pagelabels.py)."""
    print("\n".join(page_labels(path)))

def cmd_outline(path):
    """The outline's top entries: page (from 1), a tab, the title."""
    for o in qpdf_json(path, "outlines")["outlines"]:
        print(f'{o.get("destpageposfrom1")}\t{o["title"]}')

def cmd_langs(path):
    """'catalog LANG', then 'Span LANG' for every structure element with /Lang."""
    objs = qpdf_json(path, "qpdf")["qpdf"][1]
    root = objs["trailer"]["value"]["/Root"]
    cat = objs["obj:" + root]["value"]
    print("catalog", pdf_string(cat["/Lang"]) if "/Lang" in cat else "-")
    for v in objs.values():
        v = v.get("value")
        if isinstance(v, dict) and v.get("/Type") == "/StructElem" and "/Lang" in v:
            print(v.get("/S", "?")[1:], pdf_string(v["/Lang"]))

def cmd_margins(path, top, bottom):
    """Per page: number, then the text in the top margin, then the text in the
    bottom margin (words wholly above the frame, or wholly below it), separated
    by U+001F (not a tab: the shell's read merges empty whitespace fields)."""
    top, bottom = float(top), float(bottom)
    html = out(["pdftotext", "-bbox", path, "-"])
    pages = re.split(r"<page ", html)[1:]
    for n, p in enumerate(pages, 1):
        h = float(re.search(r'height="([0-9.]+)"', p).group(1))
        head, foot = [], []
        for m in re.finditer(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>', p):
            y0, y1, w = float(m.group(2)), float(m.group(3)), m.group(4)
            if y1 < top - 0.5:
                head.append(w)
            elif y0 > h - bottom + 0.5:
                foot.append(w)
        print(f"{n}\x1f{' '.join(head)}\x1f{' '.join(foot)}")

def cmd_metrics(path, *conds):
    """typography.py's JSON (a list of one) against conditions 'key op number'."""
    m = json.load(open(path))[0]
    ops = {"==": lambda a, b: a == b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b,
           ">=": lambda a, b: a >= b, ">": lambda a, b: a > b}
    for c in conds:
        key, op, val = c.split()
        got = m.get(key)
        if got is None or not ops[op](got, float(val)):
            extra = ""
            if key == "overfull_lines":
                extra = f" {m.get('overfull_examples', [])[:2]}"
            elif key.startswith("space") or key == "loose_line_frac":
                extra = f" (loosest: {m.get('loosest_line', '')[:120]})"
            print(f"{key} = {got}, want {op} {val}{extra}")

def cmd_get(path, key):
    print(json.load(open(path))[0].get(key))

def cmd_contains(path, part):
    """Exit 0 if PART's bytes appear as they are in the PDF (an image passed through)."""
    sys.exit(0 if open(part, "rb").read() in open(path, "rb").read() else 1)

def cmd_figure_alts(path):
    """Exit 0 if the /Alt texts of the Figure elements are exactly the fixture's."""
    pdf = open(path, "rb").read()
    alts = re.findall(rb"/S /Figure[^>]*?/Alt \(([^)]*)\)", pdf, re.S)
    want = [b"A checkerboard of blue and cream squares", b"A red to blue gradient",
            b"Two boxes joined by a line, labelled Reader", b"A long strip of colour",
            b"The cover of Pictures in Print: a blue band over cream",
            b"The red to blue gradient, upright"]
    sys.exit(0 if sorted(alts) == sorted(want) else 1)

globals()["cmd_" + sys.argv[1].replace("-", "_")](*sys.argv[2:])
