#!/usr/bin/env python3
"""forpandoc.py FLAT.xml OUT.xml META.yaml: the flattened bundle as pandoc 2.17 reads it best.

pandoc's DocBook reader (2.17) takes an <article>'s <info><title> for the document's title
instead of a heading, so every part title would be lost and each chapter would become its own
EPUB file. Renaming <article> to <chapter> (a DocBook 5 element with the same content model
for this use) makes each part a level-1 heading, as in quire. The book's <info> goes to a
metadata file (title, subtitle, author, lang) for --metadata-file, since the reader would
otherwise take the last title it saw. Nothing else changes. Standard library only.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

DB = "{http://docbook.org/ns/docbook}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def text(el):
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: forpandoc.py FLAT.xml OUT.xml META.yaml")
    src, out, meta = sys.argv[1:]
    data = open(src, encoding="utf-8").read()
    # In well-formed XML a "<" in text is always escaped, so this touches only tags.
    data = re.sub(r"<article\b", "<chapter", data)
    data = data.replace("</article>", "</chapter>")
    with open(out, "w", encoding="utf-8") as f:
        f.write(data)

    root = ET.parse(src).getroot()
    info = root.find(DB + "info")
    lines = [f"title: {json.dumps(text(info.find(DB + 'title')), ensure_ascii=False)}"]
    sub = info.find(DB + "subtitle")
    if sub is not None:
        lines.append(f"subtitle: {json.dumps(text(sub), ensure_ascii=False)}")
    authors = [text(a) for a in info.findall(DB + "author")]
    if authors:
        lines.append("author:")
        lines.extend(f"  - {json.dumps(a, ensure_ascii=False)}" for a in authors)
    lines.append(f"lang: {json.dumps(root.get(XML_LANG) or 'en')}")
    with open(meta, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
