#!/usr/bin/env python3
"""docbook_text.py PART.xml...: the words of DocBook parts in reading order, as a reference.

    python3 tests/tools/docbook_text.py PART.xml [PART.xml ...] > reference.txt

Prints, for each part in turn, the text of its blocks one per line, white space
collapsed, in the order a reader meets them in quire's outputs: titles and
subtitles (also those in an info), a part's abstract after its title, paragraphs,
terms, listings, bridgeheads, a note's book as one line, inline simplelists as
one line; an attribution after what it attributes. Left out: titleabbrev (a
running head) and simplelists set in columns (a text extraction reads their
cells in an order of its own); personal names count as a space. Used by
tests/e2e/issue11.sh as wordorder.py's reference. Exit status 0; a file that is
not XML ends it with Python's error (status 1).
"""
import sys
import xml.etree.ElementTree as ET
DB = "{http://docbook.org/ns/docbook}"
TEXT = {"title", "subtitle", "para", "simpara", "bridgehead", "term",
        "programlisting", "screen", "synopsis", "literallayout"}
def text(e):
    def walk(x):
        if x.tag == DB + "personname":
            yield " "
        else:
            yield x.text or ""
            for c in x:
                yield from walk(c)
        yield (x.tail or "") if x is not e else ""
    return " ".join("".join(walk(e)).split())
def blocks(e, out):
    later = []
    for c in e:
        if not isinstance(c.tag, str):
            continue
        tag = c.tag.replace(DB, "")
        if tag == "info":
            for t in c:
                if t.tag in (DB + "title", DB + "subtitle"):
                    out.append(text(t))
            for t in c:
                if t.tag == DB + "abstract":
                    blocks(t, out)
        elif tag == "attribution":
            later.append(text(c))
        elif tag == "titleabbrev":
            continue
        elif tag == "simplelist" and c.get("type") == "inline":
            out.append(" ".join(text(m) for m in c))
        elif tag == "simplelist":
            continue
        elif tag in ("bibliomixed", "biblioentry"):
            out.append(text(c))
        elif tag in TEXT:
            out.append(text(c))
        else:
            blocks(c, out)
    out.extend(later)
for path in sys.argv[1:]:
    out = []
    blocks(ET.parse(path).getroot(), out)
    print("\n".join(out))
