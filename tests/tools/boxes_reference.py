#!/usr/bin/env python3
"""boxes_reference.py: the words of DocBook sources in reading order (e2e/boxes.sh).

    python3 tests/tools/boxes_reference.py SOURCE.xml... >REFERENCE.txt

Prints the text of each block on a line of its own: the reference for wordorder.py. Exit 0.
"""
import sys
import xml.etree.ElementTree as ET
DB = "{http://docbook.org/ns/docbook}"
def text(e):
    return " ".join("".join(e.itertext()).split())
def blocks(e, out):
    later = []
    for c in e:
        tag = c.tag.replace(DB, "")
        if tag == "info":
            for t in c:
                if t.tag == DB + "title":
                    out.append(text(t))
            for t in c:
                if t.tag == DB + "abstract":
                    blocks(t, out)
        elif tag == "attribution":
            later.append(text(c))
        elif tag in ("title", "para", "simpara", "bridgehead"):
            out.append(text(c))
        else:
            blocks(c, out)
    out.extend(later)
for path in sys.argv[1:]:
    out = []
    blocks(ET.parse(path).getroot(), out)
    print("\n".join(out))
