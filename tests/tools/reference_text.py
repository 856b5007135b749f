#!/usr/bin/env python3
"""reference_text.py: the words of DocBook sources in reading order, for wordorder.py.

    python3 tests/tools/reference_text.py blocks SOURCE.xml... >REFERENCE.txt   (e2e/boxes.sh)
    python3 tests/tools/reference_text.py inlines DIR >REFERENCE.txt            (e2e/inlines.sh)

blocks parses each source and prints the text of each block on a line of its own, titles
first and attributions after their quotation. inlines reads DIR's en, fr, de, note and
entry parts with regular expressions: block tags separate words, inline tags (as in
H<subscript>2</subscript>O) do not, and person names are left out. Exit 0.
"""
import re
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
def cmd_blocks(*paths):
    for path in paths:
        out = []
        blocks(ET.parse(path).getroot(), out)
        print("\n".join(out))

def cmd_inlines(src):
    for p in ("en", "fr", "de", "note", "entry"):
        text = open("%s/%s.xml" % (src, p), encoding="utf-8").read()
        text = re.sub(r"<personname.*?</personname>", " ", text, flags=re.S)
        text = re.sub(r"<\?xml.*?\?>", " ", text, flags=re.S)
        # Block tags separate words; inline ones (H<subscript>2</subscript>O) do not.
        text = re.sub(r"</?(article|title|para|section|bibliolist|bibliomixed|biblioentry|author|"
                      r"publisher|publishername|pubdate|edition|biblioid|pagenums|bibliomisc)\b[^>]*>",
                      " ", text)
        print(re.sub(r"<[^>]*>", "", text))

if __name__ == "__main__":
    globals()["cmd_" + sys.argv[1]](*sys.argv[2:])
