#!/usr/bin/env python3
"""fonts_embedded.py: each script of the sources has an embedded font covering it, in the PDF
and in the EPUB (e2e/fonts.sh).

    python3 tests/tools/fonts_embedded.py BOOK.pdf BOOK.epub SOURCE.xml...

Reads the PDF's embedded font programs and the EPUB's font files (names and cmaps) and
prints "PROBLEM ..." for each script sample that no font covers; exit 1 if any, else 0.
"""
import re, struct, sys, zipfile, zlib

def pdf_fonts(path):
    data = open(path, "rb").read()
    objs = {}
    for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S):
        objs[int(m.group(1))] = m.group(2)
    def stream(n):
        body = objs[n]
        m = re.search(rb"stream\r?\n", body)
        raw = body[m.end():body.rindex(b"endstream")]
        return zlib.decompress(raw) if b"FlateDecode" in body[:m.start()] else raw
    fonts = {}
    for n, body in objs.items():
        m = re.search(rb"/BaseFont\s*/([A-Z]{6}\+)?([^\s/<>\[\]]+)", body)
        t = re.search(rb"/ToUnicode\s+(\d+) 0 R", body)
        if not m or not t:
            continue
        chars = fonts.setdefault(m.group(2).decode(), set())
        cmap = stream(int(t.group(1))).decode("latin-1")
        def text(h):
            return bytes.fromhex(h).decode("utf-16-be", "replace")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for _, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                chars.update(text(dst))
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            for lo, hi, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
                if rest.startswith("["):
                    for dst in re.findall(r"<([0-9A-Fa-f]+)>", rest):
                        chars.update(text(dst))
                else:
                    start = text(rest[1:-1])
                    for k in range(int(hi, 16) - int(lo, 16) + 1):
                        chars.add(chr(ord(start[-1]) + k))
    return fonts

def sfnt_tables(b):
    n = struct.unpack(">H", b[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", b[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = b[off:off + ln]
    return tables

def ps_name(t):
    name = t["name"]
    count, strings = struct.unpack(">HH", name[2:6])
    for i in range(count):
        pid, eid, lid, nid, ln, off = struct.unpack(">6H", name[6 + 12 * i:18 + 12 * i])
        if nid == 6:
            s = name[strings + off:strings + off + ln]
            return s.decode("utf-16-be") if pid in (0, 3) else s.decode("latin-1")

def cmap_chars(t):
    cmap = t["cmap"]
    chars = set()
    n = struct.unpack(">H", cmap[2:4])[0]
    for i in range(n):
        off = struct.unpack(">I", cmap[8 + 8 * i:12 + 8 * i])[0]
        sub = cmap[off:]
        fmt = struct.unpack(">H", sub[:2])[0]
        if fmt == 4:
            segs = struct.unpack(">H", sub[6:8])[0] // 2
            ends = struct.unpack(">%dH" % segs, sub[14:14 + 2 * segs])
            starts = struct.unpack(">%dH" % segs, sub[16 + 2 * segs:16 + 4 * segs])
            for s, e in zip(starts, ends):
                chars.update(chr(c) for c in range(s, min(e, 0xFFFE) + 1) if not 0xD800 <= c <= 0xDFFF)
        elif fmt == 12:
            groups = struct.unpack(">I", sub[12:16])[0]
            for g in range(groups):
                s, e, _ = struct.unpack(">III", sub[16 + 12 * g:28 + 12 * g])
                chars.update(chr(c) for c in range(s, e + 1))
    return chars

def epub_fonts(path):
    z = zipfile.ZipFile(path)
    fonts = {}
    for name in z.namelist():
        if name.startswith("OEBPS/fonts/"):
            t = sfnt_tables(z.read(name))
            fonts[ps_name(t)] = (name, cmap_chars(t))
    return fonts

pdf = pdf_fonts(sys.argv[1])
epub = epub_fonts(sys.argv[2])
# Only the characters of the sources: a ToUnicode map also names what a
# ligature or a conjunct glyph stands for (U+FB01, U+FFFD).
source = set("".join(open(f, encoding="utf-8").read() for f in sys.argv[3:]))
samples = {"Latin": "é", "Greek": "λ", "Cyrillic": "ж", "Devanagari": "क", "Gujarati": "ક",
           "Hangul": "한", "kana": "カ", "Han": "漢"}
problems = 0
def problem(msg):
    global problems
    problems += 1
    print("PROBLEM " + msg)
for script, c in samples.items():
    in_pdf = sorted(f for f, cs in pdf.items() if c in cs)
    in_epub = sorted(f for f, (_, cs) in epub.items() if c in cs)
    if not in_pdf:
        problem("%s: the PDF draws no %s" % (script, c))
    elif in_pdf != in_epub:
        problem("%s: %s is drawn with %s in the PDF, embedded in %s in the EPUB" % (script, c, in_pdf, in_epub))
    else:
        print("%s %s: %s = %s" % (script, c, in_pdf[0], epub[in_epub[0]][0]))
# Every character beyond ASCII: the same fonts on both sides.
for f, cs in sorted(pdf.items()):
    for c in sorted(cs):
        if ord(c) < 0x80 or c.isspace() or c not in source:
            continue
        if f not in epub or c not in epub[f][1]:
            problem("U+%04X is drawn with %s in the PDF, but the EPUB's subset of it lacks it" % (ord(c), f))
for f, (name, cs) in sorted(epub.items()):
    for c in sorted(cs):
        if ord(c) < 0x80 or c.isspace() or c not in source:
            continue
        drawn = [g for g, pcs in pdf.items() if c in pcs]
        if drawn and f not in drawn:
            problem("U+%04X is embedded in %s (%s) but the PDF draws it with %s" % (ord(c), f, name, drawn))
sys.exit(1 if problems else 0)
