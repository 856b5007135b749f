#!/usr/bin/env python3
"""wordcheck_chapters.py TOOLS REF FILE [--min PCT]: wordcheck.py's measure, chapter by chapter.

shared/tools/wordcheck.py aligns all of REF's words against all of FILE's with one
difflib.SequenceMatcher. On the KJV (790,000 words, "the" 64,000 times on each side) that
match is quadratic in the common words and does not end in reasonable time (it was stopped
after 15 minutes; cut book by book it still took more than 10). This script
imports wordcheck.py from the TOOLS folder and uses its own word splitting and its own PDF
and EPUB text extraction, so the words are the same; it only cuts the alignment in pieces:
REF (bench/kjv.py's kjv.txt) is cut before each "Chapter N" line (a book's title goes with its
first chapter), and each chapter is matched against the stretch of FILE that follows the
previous chapter's last matched word (the chapter's length and half again, plus 2,000 words
of slack for running heads and page numbers; a chapter that matches less than half there is
tried again against 20,000 more words, for the title and contents pages). Only blocks up to
a chapter's last block of 8 words or more count, and the next chapter starts after it. A
chapter still less than half matched counts 0 and leaves the place in FILE where it was, so
that a missing chapter does not send the rest astray on a phrase repeated further on. The matches, taken in order, are a common subsequence of REF and FILE, so the
percentage is a lower bound of what one whole alignment would find. Prints the percentage,
the weakest chapter, and exits 0 if it is at least --min (default 97).
"""
import difflib
import importlib.util
import os
import re
import sys


def main():
    args = sys.argv[1:]
    minpct = 97.0
    if "--min" in args:
        i = args.index("--min")
        minpct = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 3:
        sys.exit("usage: wordcheck_chapters.py TOOLS REF FILE [--min PCT]")
    tools, ref, path = args
    spec = importlib.util.spec_from_file_location("wordcheck", os.path.join(tools, "wordcheck.py"))
    wc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wc)

    chunks, book, title = [], "", []  # chunks: [label, words]; title: a book's, until its chapter 1
    for line in open(ref, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r"Chapter (\d+)", line)
        if m:
            chunks.append([f"{book} {m.group(1)}", title + wc.words(line)])
            title = []
        elif not line[0].isdigit():
            book, title = line, wc.words(line)
        else:
            chunks[-1][1].extend(wc.words(line))
    if path.endswith(".epub"):
        text = wc.epub_text(path)
    elif path.endswith(".pdf"):
        text = wc.pdf_text(path)
    else:
        text = open(path, encoding="utf-8").read()
    fw = wc.words(text)

    total = matched = cursor = 0
    worst = (101.0, "")
    def match(rw, start, slack):
        """Matched words and the end of the match in FILE, counting blocks up to the last one
        of 8 words or more (what lies after it may be common words strewn further on)."""
        window = fw[start:start + len(rw) * 3 // 2 + slack]
        sm = difflib.SequenceMatcher(None, rw, window, autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        last = max((i for i, b in enumerate(blocks) if b.size >= 8), default=None)
        if last is None:
            return 0, start
        return sum(b.size for b in blocks[:last + 1]), start + blocks[last].b + blocks[last].size

    for label, rw in chunks:
        got, end = match(rw, cursor, 2000)
        if got < 0.5 * len(rw):
            got, end = max((got, end), match(rw, cursor, 22000))
        if got < 0.5 * len(rw):
            got, end = 0, cursor  # not found: counts nothing, and the cursor stays
        cursor = end
        total += len(rw)
        matched += got
        worst = min(worst, (100.0 * got / max(1, len(rw)), label))
    pct = 100.0 * matched / max(1, total)
    print(f"{pct:.2f}% of {total} reference words in order, chapter by chapter "
          f"({len(fw)} words in {os.path.basename(path)}; weakest chapter: {worst[1]}, {worst[0]:.2f}%)")
    sys.exit(0 if pct >= minpct else 1)


if __name__ == "__main__":
    main()
