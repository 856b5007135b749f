#!/usr/bin/env python3
"""pdfdraw.py: small PDFs set by hand, good and deliberately bad, to test the judges on.

    python3 tests/tools/pdfdraw.py SAMPLE OUT.pdf [REFERENCE.txt]

Every sample sets the same text (the ASCII words of tests/fixtures'
the-code-beyond-the-code.txt, in order) in justified paragraphs on A4 pages, in Courier
at 10 pt (one of the PDF's standard fonts, not embedded: every character is 6 pt wide,
so each word's box is known without a font file). Words are placed one by one, so the
gaps between them are exactly what the sample wants; the PDF has no space characters,
and poppler finds the words from the gaps, as it does in a typeset book.

  good      lines filled greedily, a word hyphenated when that fills a line better,
            never three hyphenated lines in a row; gaps stretched to the right edge.
  overfull  good, but one line on the second page is set 6 pt wider than the measure.
  hyphens   every line that can end in a hyphenated word does: long runs of them.
  loose     good, but every fourth line is broken with a third of the measure left
            and stretched to the edge: wide gaps.
  shuffled  good, with its paragraphs in another order (a fixed one).

REFERENCE, when given, receives the text the PDF carries, in order, one paragraph a
line, for the word-order judge. Deterministic; standard library only.
"""
import os
import random
import re
import sys

SIZE = 10.0          # pt
CHAR = 0.6 * SIZE    # Courier's advance, every character
LEFT, RIGHT = 72.0, 523.0
TOP, BOTTOM, LEADING = 770.0, 72.0, 12.0
GAP = 2.5            # the natural gap between words, pt
SHRUNK = 1.5         # the narrowest gap a line may be set with, pt
PARA_WORDS = 70

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                       "the-code-beyond-the-code.txt")


def paragraphs():
    """The fixture's ASCII words, cut into paragraphs of PARA_WORDS words."""
    with open(FIXTURE, encoding="utf-8") as f:
        ws = [w for w in f.read().split()
              if re.fullmatch(r"[A-Za-z0-9.,;:!?()'-]+", w) and re.search(r"[A-Za-z0-9]", w)]
    return [ws[k:k + PARA_WORDS] for k in range(0, len(ws), PARA_WORDS)]


def width(word):
    return CHAR * len(word)


def set_lines(para, hyphenate, loose_every=0, start=0):
    """Break one paragraph into lines: a list of (words, justified)."""
    lines, line, run, queue, n = [], [], 0, list(para), start
    while queue:
        w = queue.pop(0)
        used = sum(width(x) for x in line) + SHRUNK * len(line)
        limit = RIGHT - LEFT
        if loose_every and (n + 1) % loose_every == 0:
            limit = (RIGHT - LEFT) * 2 / 3
        if not line or used + width(w) <= limit:
            line.append(w)
            continue
        # The word does not fit: a piece of it, with a hyphen, may.
        room = int((limit - used) / CHAR) - 1  # letters that fit before the hyphen
        letters = re.fullmatch(r"[A-Za-z]+", w) is not None
        if hyphenate(run) and letters and room >= 2 and len(w) - room >= 2:
            line.append(w[:room] + "-")
            queue.insert(0, w[room:])
            run += 1
        else:
            queue.insert(0, w)
            run = 0
        lines.append((line, True))
        line, n = [], n + 1
    if line:
        lines.append((line, False))
    return lines


def sample(name):
    """(pages, text): pages as lists of (x, y, word); the text, one paragraph a line."""
    paras = paragraphs()
    if name == "shuffled":
        random.Random(16).shuffle(paras)
    hyphenate = {"hyphens": lambda run: True}.get(name, lambda run: run < 2)
    pages, page, y, n, text, widened = [], [], TOP, 0, [], False
    for para in paras:
        lines = set_lines(para, hyphenate, 4 if name == "loose" else 0, n)
        text.append(" ".join(para))
        for words, justified in lines:
            if y < BOTTOM:
                pages.append(page)
                page, y = [], TOP
            ink = sum(width(w) for w in words)
            gap = GAP
            if len(words) > 1:  # a last line too keeps inside the measure
                gap = min(GAP, (RIGHT - LEFT - ink) / (len(words) - 1))
            if justified and len(words) > 1:
                measure = RIGHT - LEFT
                if name == "overfull" and len(pages) == 1 and not widened:
                    measure += 6.0
                    widened = True
                gap = (measure - ink) / (len(words) - 1)
            x = LEFT
            for w in words:
                page.append((x, y, w))
                x += width(w) + gap
            y -= LEADING
            n += 1
        y -= LEADING / 2
    pages.append(page)
    return pages, text


def pdf_string(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def write_pdf(path, pages):
    """A PDF 1.4 file: one Courier font, one content stream a page."""
    objs = []  # bodies, object k+1 at index k
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(None)  # the page tree, written once the pages are known
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier "
                b"/Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        ops = ["BT", f"/F1 {SIZE:g} Tf"]
        for x, y, w in page:
            ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm {pdf_string(w)} Tj")
        ops.append("ET")
        data = "\n".join(ops).encode("latin-1")
        objs.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] "
                    b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(len(objs))
    objs[1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
               + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


SAMPLES = ("good", "overfull", "hyphens", "loose", "shuffled")


def main(argv):
    if len(argv) not in (2, 3) or argv[0] not in SAMPLES:
        print(f"usage: pdfdraw.py {{{'|'.join(SAMPLES)}}} OUT.pdf [REFERENCE.txt]",
              file=sys.stderr)
        return 2
    pages, text = sample(argv[0])
    write_pdf(argv[1], pages)
    if len(argv) == 3:
        with open(argv[2], "w", encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
