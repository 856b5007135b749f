#!/usr/bin/env python3
"""fixtures.py: generators of the test inputs the e2e files build at run time.

    python3 tests/tools/fixtures.py long-boxes SRC-DIR OUT-DIR     (e2e/boxes.sh)
        OUT-DIR/bundle.xml: SRC-DIR's bundle head over eight long articles, each followed
        by a copy of SRC-DIR/more.xml, so that boxes cross pages.
    python3 tests/tools/fixtures.py bomb-png FILE.png              (e2e/figures.sh)
        a valid PNG that claims 20000 x 20000 pixels over a few bytes of data.
    python3 tests/tools/fixtures.py shuffle-lines TEXT SHUFFLED DROPPED   (e2e/judges.sh)
        TEXT's lines in a fixed random order, and TEXT without its longest line.
    python3 tests/tools/fixtures.py reverse-spine IN.epub OUT.epub       (e2e/judges.sh)
        a copy of IN.epub with its spine's itemrefs in reverse order.
    python3 tests/tools/fixtures.py private-use-mark PART.xml            (e2e/pdf.sh)
        puts U+E000 (a letter no font has) before "Elite developers understand".
    python3 tests/tools/fixtures.py long-book OUT-DIR                    (e2e/pdf.sh)
        OUT-DIR/long.xml and OUT-DIR/parts/bNN.xml: 40 articles of 24 long paragraphs,
        books 3 and 38 opening with U+E000.
    python3 tests/tools/fixtures.py long-words PART.xml                  (e2e/security.sh)
        a 6,000-letter word at the first paragraph, a 9,000-letter word in the first title.
    python3 tests/tools/fixtures.py one-paragraph PART.xml BYTES         (e2e/security.sh)
        an article of exactly BYTES bytes that is one paragraph of varied words.

The same arguments give the same bytes. Exit 0, or non-zero with Python's message when a
file cannot be read or written (or the text to mark is not found exactly once).
"""
import random
import re
import struct
import sys
import zipfile
import zlib


def cmd_long_boxes(src, out):
    head = open(src + "/bundle.xml").read().split("<xi:include")[0]
    words = "the quick brown fox jumps over a lazy dog while printers set type in lead".split()
    para = " ".join(words[(k * 7) % len(words)] for k in range(300))
    incs = []
    for k in range(8):
        name = f"long{k}.xml"
        open(f"{out}/{name}", "w").write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="en">\n'
            f"<title>Long part {k}</title>\n" + f"<para>{para}</para>\n" * 24 + "</article>\n")
        incs.append(name)
        box = f"boxes{k}.xml"
        open(f"{out}/{box}", "w").write(open(src + "/more.xml").read())
        incs.append(box)
    open(f"{out}/bundle.xml", "w").write(head + "".join(f'<xi:include href="{i}"/>\n' for i in incs) + "</book>\n")


def cmd_bomb_png(path):
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 20000, 20000, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(b'\0' * 1000)) + chunk(b'IEND', b''))


def cmd_shuffle_lines(text, shuffled_path, dropped_path):
    lines = open(text, encoding="utf-8").read().split("\n")
    shuffled = list(lines)
    random.Random(16).shuffle(shuffled)
    open(shuffled_path, "w", encoding="utf-8").write("\n".join(shuffled))
    # The longest paragraph left out.
    k = max(range(len(lines)), key=lambda i: len(lines[i]))
    open(dropped_path, "w", encoding="utf-8").write("\n".join(lines[:k] + lines[k + 1:]))


def cmd_reverse_spine(src_path, dst_path):
    src, dst = zipfile.ZipFile(src_path), zipfile.ZipFile(dst_path, "w")
    opf = re.search(r'full-path="([^"]+)"', src.read("META-INF/container.xml").decode()).group(1)
    for info in src.infolist():
        data = src.read(info)
        if info.filename == opf:
            t = data.decode()
            refs = re.findall(r"<itemref\b[^>]*/>", t)
            body = iter(reversed(refs))
            data = re.sub(r"<itemref\b[^>]*/>", lambda m: next(body), t).encode()
        dst.writestr(info, data)
    dst.close()


def cmd_private_use_mark(p):
    s = open(p, encoding="utf-8").read()
    old = "    <para>Elite developers understand"
    assert s.count(old) == 1
    s = s.replace(old, "    <para>\ue000Elite developers understand")
    open(p, "w", encoding="utf-8").write(s)


def cmd_long_book(out):
    words = ("the quick typesetter justified every line of the handout with patience and care while "
             "hyphenation dictionaries waited in the background for words that would not fit").split()
    incl = []
    for b in range(1, 41):
        paras = []
        for p in range(24):
            n = 300 + (b * 7 + p * 13) % 60
            text, k = [], b + p
            while sum(len(w) + 1 for w in text) < n:
                text.append(words[k % len(words)])
                k += 3
            line = " ".join(text)
            if p == 0 and b in (3, 38):
                line = "\ue000" + line
            paras.append(f"    <para>Book {b} paragraph {p + 1}: {line}.</para>")
        with open(f"{out}/parts/b{b:02d}.xml", "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    f'<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:id="b{b:02d}">\n'
                    f'  <info><title>Book {b}</title></info>\n  <section>\n    <title>Chapter 1</title>\n'
                    + "\n".join(paras) + "\n  </section>\n</article>\n")
        incl.append(f'  <xi:include href="parts/b{b:02d}.xml"/>')
    with open(f"{out}/long.xml", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<book xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2001/XInclude"\n'
                '      version="5.0" xml:lang="en">\n'
                '  <info>\n    <title>A Long Book</title>\n'
                '    <biblioid class="uri">urn:x-quire:test:long</biblioid>\n'
                '    <pubdate>2026-01-01</pubdate>\n  </info>\n' + "\n".join(incl) + "\n</book>\n")


def cmd_long_words(p):
    s = open(p, encoding="utf-8").read()
    s = s.replace("<para>", "<para>" + "a" * 6000 + " ", 1)
    s = re.sub(r"<title>([^<]*)</title>", lambda m: "<title>" + m.group(1) + " " + "c" * 9000 + "</title>", s, count=1)
    open(p, "w", encoding="utf-8").write(s)


def cmd_one_paragraph(p, size):
    size = int(size)
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<article xmlns="http://docbook.org/ns/docbook" version="5.0">\n'
            '  <info><title>One long paragraph</title></info>\n  <para>')
    tail = "</para>\n</article>\n"
    rng = random.Random(9)
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    weights = [12, 9, 8, 8, 7, 7, 6, 6, 6, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    vocab = ["".join(rng.choices(letters, weights, k=rng.randint(1, 11))) for _ in range(5000)]
    room = size - len(head) - len(tail)
    words, n = [], 0
    while n < room - 12:
        w = rng.choice(vocab)
        words.append(w)
        n += len(w) + 1
    body = " ".join(words)
    body += "x" * (room - len(body))
    open(p, "w", encoding="utf-8").write(head + body + tail)


if __name__ == "__main__":
    globals()["cmd_" + sys.argv[1].replace("-", "_")](*sys.argv[2:])
