#!/usr/bin/env python3
"""kjv.py OUTDIR: turn Debian's King James Version into quire bundles.

The text comes from the `bible` command of Debian's bible-kjv package (its data, from
bible-kjv-text, is /usr/lib/bible.data). `bible -l100000 Gen1:1-Rev22:21` prints the whole
text pretty-printed: a line "Book N" before each chapter, then one line "  V text" per verse
(the -l width is large enough that no verse is wrapped). This script parses that, checks the
counts (66 books, 1,189 chapters, 31,102 verses), and writes into OUTDIR:

  parts/NN-slug.xml         one DocBook <article> per book, <info><title> the book's name,
                            one <section> "Chapter N" per chapter, one <para> per verse that
                            starts with the verse number as the text prints it ("1 In the ...")
  parts/copy2/NN-slug.xml   the same books again with their own ids and titles "Name (II)"
  kjv.xml                   the bundle: the 66 books
  kjv-half.xml              the first books, up to the book boundary nearest half the text
                            (whole books, chapters in order: content as realistic as the full)
  kjv-double.xml            the 66 books, then their 132-part second copy: twice the text
  kjv.txt                   the reference text for the word-order judge: per book its name, then per
                            chapter "Chapter N", then the verses as in the paragraphs

Deterministic: the same bible-kjv-text gives the same bytes. Files are rewritten only when
their content changes, so make's time stamps stay meaningful. Standard library only.
"""
import os
import re
import subprocess
import sys
from xml.sax.saxutils import escape

EXPECT = (66, 1189, 31102)
DOCBOOK = "http://docbook.org/ns/docbook"


def read_bible(path=None):
    """[(name, [(chapter, [(verse, text)])])] from `bible`'s pretty-printed output."""
    if path:
        text = open(path, encoding="utf-8").read()
    else:
        text = subprocess.run(["bible", "-l100000", "Gen1:1-Rev22:21"], check=True,
                              capture_output=True, text=True, encoding="utf-8",
                              stdin=subprocess.DEVNULL).stdout
    books = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"(\S.*?) (\d+)", line)
        if m:
            name, ch = m.group(1), int(m.group(2))
            if not books or books[-1][0] != name:
                books.append((name, []))
            books[-1][1].append((ch, []))
            continue
        m = re.fullmatch(r" +(\d+) +(\S.*?)\s*", line)
        if not m or not books:
            sys.exit(f"kjv.py: line {n} of bible's output not understood: {line[:80]!r}")
        books[-1][1][-1][1].append((int(m.group(1)), m.group(2)))
    counts = (len(books), sum(len(c) for _, c in books),
              sum(len(v) for _, c in books for _, v in c))
    if counts != EXPECT:
        sys.exit(f"kjv.py: expected {EXPECT} books/chapters/verses, got {counts}")
    return books


def slug(i, name):
    return f"b{i:02d}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def article(xml_id, title, chapters):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           f'<article xmlns="{DOCBOOK}" version="5.0" xml:id="{xml_id}">\n',
           f"  <info><title>{escape(title)}</title></info>\n"]
    for ch, verses in chapters:
        out.append(f"  <section>\n    <title>Chapter {ch}</title>\n")
        for v, t in verses:
            out.append(f"    <para>{v} {escape(t)}</para>\n")
        out.append("  </section>\n")
    out.append("</article>\n")
    return "".join(out)


def bundle(title, ident, hrefs):
    incs = "".join(f'  <xi:include href="{h}"/>\n' for h in hrefs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<book xmlns="{DOCBOOK}"
      xmlns:xi="http://www.w3.org/2001/XInclude"
      xmlns:q="urn:x-quire:1"
      version="5.0" xml:lang="en">
  <info>
    <title>{escape(title)}</title>
    <subtitle>King James Version</subtitle>
    <biblioid class="uri">urn:x-quire:bench:{ident}</biblioid>
    <pubdate>2026-01-01</pubdate>
    <abstract>
      <para>The Authorized (King James) Version of the Bible, from Debian's bible-kjv-text
        package, as a benchmark input for quire.</para>
    </abstract>
    <q:theme>default</q:theme>
  </info>
{incs}</book>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    args = sys.argv[1:]
    src = None
    if len(args) == 3 and args[0] == "--from":
        src, args = args[1], args[2:]
    if len(args) != 1:
        sys.exit("usage: kjv.py [--from BIBLE-OUTPUT.txt] OUTDIR")
    outdir = args[0]
    books = read_bible(src)

    first, second, ref, sizes = [], [], [], []
    for i, (name, chapters) in enumerate(books, 1):
        s = slug(i, name)
        write(os.path.join(outdir, "parts", s + ".xml"), article(s, name, chapters))
        write(os.path.join(outdir, "parts", "copy2", s + ".xml"),
              article(s + "-ii", name + " (II)", chapters))
        first.append(f"parts/{s}.xml")
        second.append(f"parts/copy2/{s}.xml")
        ref.append(name + "\n")
        for ch, verses in chapters:
            ref.append(f"Chapter {ch}\n")
            ref.extend(f"{v} {t}\n" for v, t in verses)
        sizes.append(sum(len(t) for _, vs in chapters for _, t in vs))

    # Half: whole books from Genesis on, cut at the book boundary nearest half the text.
    total, acc, best = sum(sizes), 0, None
    for n, size in enumerate(sizes, 1):
        acc += size
        if best is None or abs(2 * acc - total) < abs(2 * best[1] - total):
            best = (n, acc)
    half = best[0]

    title = "The Holy Bible"
    write(os.path.join(outdir, "kjv.xml"), bundle(title, "kjv", first))
    write(os.path.join(outdir, "kjv-half.xml"),
          bundle(f"{title}: {books[0][0]} to {books[half - 1][0]}", "kjv-half", first[:half]))
    write(os.path.join(outdir, "kjv-double.xml"),
          bundle(f"{title}, twice", "kjv-double", first + second))
    write(os.path.join(outdir, "kjv.txt"), "".join(ref))
    print(f"kjv.py: {len(books)} books, {sum(len(c) for _, c in books)} chapters, "
          f"{sum(len(v) for _, c in books for _, v in c)} verses, {total} characters of verse "
          f"text; half = {books[0][0]} to {books[half - 1][0]} "
          f"({100.0 * best[1] / total:.1f}%) -> {outdir}")


if __name__ == "__main__":
    main()
