#!/usr/bin/env python3
"""wordorder.py: how much of a reference text an output carries, in the reference's order.

    python3 tests/tools/wordorder.py [--min PERCENT] REFERENCE OUTPUT

REFERENCE is plain UTF-8 text. OUTPUT is read by its name's ending:

  .pdf    the text layer, through poppler's `pdftotext -enc UTF-8` (which itself joins
          most words hyphenated inside a paragraph). A line-end hyphenation it leaves
          ("hyphen-" then "ated" on the next line, or after a blank line or a page
          break) is undone when the joined word is one of the reference's words;
          otherwise (a compound broken at its own hyphen, "well-" "known") the two
          halves stay two words, as the reference spells them. A word broken across
          pages with a running head between its halves is counted missing.
  .epub   the XHTML documents of the package's spine, in spine order, without their
          <head>; block elements separate words, inline elements do not.
  other   plain UTF-8 text (what a reading system's text export gives).

Both sides are cut into words the same way: NFC, case-folded, a word being a run of
letters, digits and combining marks (so punctuation, quotes and dashes never decide).

The score is the share of the reference's words that belong to a common subsequence of
the two word lists, found by anchored alignment: words that occur exactly once on each
side of a stretch are anchors; the longest chain of anchors in increasing order on both
sides (patience sorting, O(n log n)) fixes them, and each stretch between two fixed
anchors is aligned the same way, with its own unique words. A stretch with no unique
common word (a text that repeats itself) is solved exactly when it is small, and else
walked: equal words match, and at a difference both sides skip to the nearest place
where three words agree again (resynchronisation, within 1,500 words). Every pair
found is a real match in order, so the score is a lower bound of the longest common
subsequence; on a faithful output the two are equal or nearly. The run is linear in
practice (a few passes over the words): 825,000 words take a few seconds.

Prints one line (here folded),

    wordorder: 99.90% of 1922 reference words in order in bundle.pdf (2016 words);
    longest miss: 1 word at reference word 1440 ("forloop"); pass (--min 99.5)

and exits 0 when the share is at least --min (default 99), 1 when it is below, 2 when
an input cannot be read. As a module: words(text), pdf_text(path), epub_text(path),
output_words(path, vocabulary), align(ref, out) -> bytearray of matched flags, score().
"""
import argparse
import bisect
import html.parser
import os
import posixpath
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter

WORD = re.compile(r"[^\W_]+")
# A letter, a hyphen (ASCII, U+2010 or a soft hyphen), the line's end, and a letter.
# Blank lines or a page break (a form feed) may come between the two halves: poppler
# sometimes starts a new block after a hyphenated line.
LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)[-\u2010\u00ad]\n[\n\f]*([^\W\d_]+)")


def words(text):
    """The words of TEXT: NFC, case-folded runs of letters, digits and marks."""
    return WORD.findall(unicodedata.normalize("NFC", text).casefold())


# ---- reading the outputs ---------------------------------------------------------------


def pdf_text(path):
    """The text layer of a PDF, as pdftotext gives it (pages separated by form feeds)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True)
    if done.returncode != 0:
        raise OSError(f"pdftotext {path}: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8", "replace")


def join_hyphens(text, vocabulary):
    """TEXT with line-end hyphenations undone where the joined word is in VOCABULARY
    (a set of words as words() gives them; None joins every one); other line-end
    hyphens are left alone."""

    def mend(m):
        joined = m.group(1) + m.group(2)
        if vocabulary is None or words(joined)[0] in vocabulary:
            return joined
        return m.group(0)

    return LINE_END_HYPHEN.sub(mend, text)


# Elements whose edges do not separate words: a word may be split across them.
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd",
          "mark", "q", "rb", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
          "sub", "sup", "time", "u", "var", "wbr"}


class _XhtmlText(html.parser.HTMLParser):
    """Collects the text of an XHTML document's body, a space at every block edge."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0  # inside <head>, <script> or <style>

    def _edge(self, tag):
        if tag.split(":")[-1] not in INLINE:
            self.parts.append(" ")

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "script", "style"):
            self.skip += 1
        self._edge(tag)

    def handle_startendtag(self, tag, attrs):
        self._edge(tag)

    def handle_endtag(self, tag):
        if tag in ("head", "script", "style") and self.skip:
            self.skip -= 1
        self._edge(tag)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def epub_text(path):
    """The text of an EPUB's spine documents, in spine order."""
    with zipfile.ZipFile(path) as z:
        container = ET.fromstring(z.read("META-INF/container.xml"))
        rootfile = next(e for e in container.iter() if e.tag.endswith("}rootfile"))
        opf_path = rootfile.get("full-path")
        opf = ET.fromstring(z.read(opf_path))
        base = posixpath.dirname(opf_path)
        manifest = {e.get("id"): e.get("href") for e in opf.iter() if e.tag.endswith("}item")}
        texts = []
        for ref in (e for e in opf.iter() if e.tag.endswith("}itemref")):
            href = manifest.get(ref.get("idref"))
            if href is None:
                raise OSError(f"{path}: the spine names '{ref.get('idref')}', not in the manifest")
            p = _XhtmlText()
            p.feed(z.read(posixpath.normpath(posixpath.join(base, href))).decode("utf-8"))
            p.close()
            texts.append("".join(p.parts))
        return "\n".join(texts)


def output_words(path, vocabulary=None):
    """The words of an output file, read by its name's ending (see the module's text)."""
    if path.endswith(".pdf"):
        return words(join_hyphens(pdf_text(path), vocabulary))
    if path.endswith(".epub"):
        return words(epub_text(path))
    with open(path, encoding="utf-8") as f:
        return words(f.read())


# ---- aligning ------------------------------------------------------------------------------

# A stretch with no unique common word is aligned exactly (dynamic programming) when
# the product of its two lengths is at most this.
EXACT_CELLS = 40000


def _chain(pairs):
    """The longest chain of (i, j) pairs increasing in both, PAIRS sorted by i with
    distinct i and distinct j: patience sorting on j."""
    tops, top_pair, back = [], [], [None] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pile = bisect.bisect_left(tops, j)
        back[k] = top_pair[pile - 1] if pile else None
        if pile == len(tops):
            tops.append(j)
            top_pair.append(k)
        else:
            tops[pile] = j
            top_pair[pile] = k
    chain, k = [], top_pair[-1] if top_pair else None
    while k is not None:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain


def _exact(a, b, a0, a1, b0, b1, hit):
    """Longest common subsequence of a[a0:a1] and b[b0:b1] by dynamic programming;
    marks the matched words of A in HIT."""
    n, m = a1 - a0, b1 - b0
    rows = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        ai, row, below = a[a0 + i], rows[i], rows[i + 1]
        for j in range(m - 1, -1, -1):
            if ai == b[b0 + j]:
                row[j] = below[j + 1] + 1
            else:
                row[j] = below[j] if below[j] >= row[j + 1] else row[j + 1]
    i = j = 0
    while i < n and j < m:
        if a[a0 + i] == b[b0 + j]:
            hit[a0 + i] = 1
            i += 1
            j += 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1


# The walk's resynchronisation: runs of GRAM words, looked for within WINDOW words.
GRAM = 3
WINDOW = 1500


def _resync(a, b, i, a1, j, b1):
    """The nearest (i', j'), i' >= i and j' >= j, where GRAM words agree, by the sum of
    the two skips; None if there is none within WINDOW words on either side."""
    first = {}
    for q in range(j, min(b1, j + WINDOW) - GRAM + 1):
        first.setdefault(tuple(b[q:q + GRAM]), q)
    best = None
    for p in range(i, min(a1, i + WINDOW) - GRAM + 1):
        if best is not None and p - i >= best[0]:
            break
        q = first.get(tuple(a[p:p + GRAM]))
        if q is not None and (best is None or (p - i) + (q - j) < best[0]):
            best = ((p - i) + (q - j), p, q)
    return None if best is None else best[1:]


def _walk(a, b, a0, a1, b0, b1, hit):
    """Aligns a stretch that has no unique common word (a text that repeats itself)
    by walking both sides: equal words match; at a difference, both sides skip to the
    nearest place where GRAM words agree again. Linear in the stretch's length times
    the number of differences, not in the product of the lengths."""
    i, j = a0, b0
    while i < a1 and j < b1:
        if a[i] == b[j]:
            hit[i] = 1
            i += 1
            j += 1
            continue
        found = _resync(a, b, i, a1, j, b1)
        if found is None:
            # Nothing agrees within the window: what is left is aligned exactly if
            # small, and else this side's next words are taken as missing.
            if (a1 - i) * (b1 - j) <= EXACT_CELLS:
                _exact(a, b, i, a1, j, b1, hit)
                return
            i += WINDOW // 2
            continue
        i, j = found


def align(a, b):
    """A common subsequence of word lists A and B: a bytearray, 1 for each word of A
    that is matched (in order) with a word of B."""
    hit = bytearray(len(a))
    todo = [(0, len(a), 0, len(b))]
    while todo:
        a0, a1, b0, b1 = todo.pop()
        # The common head and tail need no search.
        while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
            hit[a0] = 1
            a0 += 1
            b0 += 1
        while a0 < a1 and b0 < b1 and a[a1 - 1] == b[b1 - 1]:
            hit[a1 - 1] = 1
            a1 -= 1
            b1 -= 1
        if a0 == a1 or b0 == b1:
            continue
        ca = Counter(a[a0:a1])
        cb = Counter(b[b0:b1])
        once_b = {}
        for j in range(b0, b1):
            w = b[j]
            if cb[w] == 1 and ca.get(w) == 1:
                once_b[w] = j
        pairs = [(i, once_b[a[i]]) for i in range(a0, a1) if a[i] in once_b]
        if not pairs:
            if (a1 - a0) * (b1 - b0) <= EXACT_CELLS:
                _exact(a, b, a0, a1, b0, b1, hit)
            else:
                _walk(a, b, a0, a1, b0, b1, hit)
            continue
        pairs = _chain(pairs)
        prev_i, prev_j = a0, b0
        for i, j in pairs:
            hit[i] = 1
            if prev_i < i and prev_j < j:
                todo.append((prev_i, i, prev_j, j))
            prev_i, prev_j = i + 1, j + 1
        if prev_i < a1 and prev_j < b1:
            todo.append((prev_i, a1, prev_j, b1))
    return hit


def longest_miss(hit):
    """(length, start) of the longest run of unmatched words, (0, 0) if none."""
    best, start, run = (0, 0), 0, 0
    for k, h in enumerate(hit):
        if h:
            run = 0
        else:
            if run == 0:
                start = k
            run += 1
            if run > best[0]:
                best = (run, start)
    return best


def score(ref_words, out_words):
    """(percent, hit): the share of REF_WORDS matched in order in OUT_WORDS."""
    hit = align(ref_words, out_words)
    return 100.0 * sum(hit) / max(1, len(ref_words)), hit


def main(argv):
    ap = argparse.ArgumentParser(prog="wordorder.py", description=__doc__.split("\n")[0])
    ap.add_argument("--min", type=float, default=99.0, metavar="PERCENT",
                    help="the least share that passes (default 99)")
    ap.add_argument("reference")
    ap.add_argument("output")
    args = ap.parse_args(argv)
    try:
        with open(args.reference, encoding="utf-8") as f:
            ref = words(f.read())
        out = output_words(args.output, frozenset(ref))
    except (OSError, ValueError, KeyError, StopIteration, ET.ParseError, zipfile.BadZipFile) as e:
        print(f"wordorder: cannot read the inputs: {e}", file=sys.stderr)
        return 2
    pct, hit = score(ref, out)
    n, at = longest_miss(hit)
    miss = "none missing"
    if n:
        quoted = " ".join(ref[at:at + min(n, 8)]) + (" ..." if n > 8 else "")
        miss = f'longest miss: {n} word{"s" if n > 1 else ""} at reference word {at + 1} ("{quoted}")'
    passed = pct >= args.min
    print(f"wordorder: {pct:.2f}% of {len(ref)} reference words in order in "
          f"{os.path.basename(args.output)} ({len(out)} words); {miss}; "
          f"{'pass' if passed else 'FAIL'} (--min {args.min:g})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
