#!/usr/bin/env python3
"""pagelabels.py: a PDF's page labels as a reader sees them, from qpdf's JSON.

    python3 tests/tools/pagelabels.py BOOK.pdf

Prints the label of every page, one a line, following the /PageLabels number tree
(ISO 32000-1, 12.4.2): decimal, lower or upper roman and letter numbering, a prefix, a
start number; a page before any range is labelled with its number. Exit 0, or non-zero
with Python's message when qpdf fails. pdf_checks.py and pagelist_checks.py import
page_labels() and pdf_string() from here.
"""
import json
import subprocess
import sys


def pdf_string(v):
    """A string of qpdf's JSON v2: u:text or b:hex (UTF-16BE or PDFDocEncoding)."""
    if v.startswith("u:"):
        return v[2:]
    raw = bytes.fromhex(v[2:])
    return raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")


def roman(n):
    s = ""
    for v, r in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            s += r
            n -= v
    return s


def letters(n):
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def page_labels(path, npages=None):
    """The label of each page of PATH (of its first NPAGES pages if given), as strings."""
    cmd = ["qpdf", "--json=2", "--json-key=pages", "--json-key=pagelabels", path]
    d = json.loads(subprocess.run(cmd, check=True, capture_output=True).stdout.decode("utf-8", "replace"))
    ranges = sorted(((r["index"], r["label"]) for r in d.get("pagelabels") or []), key=lambda r: r[0])
    out = []
    for i in range(len(d["pages"]) if npages is None else npages):
        start, lab = None, {}
        for s, l in ranges:
            if s <= i:
                start, lab = s, l
        if start is None:
            out.append(str(i + 1))
            continue
        n = lab.get("/St", 1) + i - start
        style = lab.get("/S")
        num = {"/D": str(n), "/r": roman(n), "/R": roman(n).upper(), "/a": letters(n),
               "/A": letters(n).upper()}.get(style, "")
        out.append(pdf_string(lab["/P"]) + num if "/P" in lab else num)
    return out


if __name__ == "__main__":
    print("\n".join(page_labels(sys.argv[1])))
