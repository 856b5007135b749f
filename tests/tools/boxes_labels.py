#!/usr/bin/env python3
"""boxes_labels.py: each boxed block's label stands right before its text (e2e/boxes.sh).

    python3 tests/tools/boxes_labels.py BOOK.txt BOOK.epub

BOOK.txt is pdftotext's text of the PDF. In it and in the EPUB's documents each label
("Tip: Keep the kettle warm", "Example 1. ...") comes within a few letters before its
box's first words, no label repeats a title that says it, and each admonition is a
<div role="note"> with an accessible name. Prints each fault; exit 1 if any, else 0.
"""
import re
import sys
import zipfile


def main(pdf_text, epub_path):
    pdf = " ".join(open(pdf_text, encoding="utf-8").read().split())
    z = zipfile.ZipFile(epub_path)
    html = " ".join(z.read(n).decode() for n in sorted(z.namelist()) if n.endswith(".xhtml") and "nav" not in n)
    epub = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    pairs = [("Note", "Plain notes carry no title"),
             ("Tip: Keep the kettle warm", "Tips are friendly advice"),
             ("Important", "Important things are said once"),
             ("Caution: wet floor", "Caution boxes whose title"),
             ("Warning: Hot surface", "Warnings hold lists"),
             ("Danger", "Danger is the strongest word"),
             ("Why boxes?", "Sidebars hold material"),
             ("Example 1. A worked example", "Examples are numbered"),
             ("Example 2. A second example", "The second example of the book"),
             ("A note that crosses a page", "Long note, paragraph 1:")]
    bad = 0
    for name, text in (("PDF", pdf), ("EPUB", epub)):
        for label, body in pairs:
            b = text.find(body)
            a = text.rfind(label, 0, b) if b >= 0 else -1
            if b < 0 or a < 0 or b - a > len(label) + 8:
                print(f"{name}: '{label}' is not right before '{body}'")
                bad += 1
        if "Caution: Caution" in text:
            print(f"{name}: a label repeats a title that says it")
            bad += 1
    for kind in ("note", "tip", "important", "caution", "warning", "danger"):
        if not re.search(rf'<div class="admonition {kind}" role="note" aria-label="[^"]+">', html):
            print(f"EPUB: no {kind} with role note and an accessible name")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
