#!/usr/bin/env python3
"""typography.py: typographic measures of a typeset PDF, from its text layer's word boxes.

    python3 tests/tools/typography.py [--json] [--em PT] [--tol PT] FILE.pdf...

The word boxes come from poppler's `pdftotext -bbox-layout` (pages, blocks, lines,
words, each with its box in points); the body font size from `pdftohtml -xml`, the
size that carries the most characters (poppler gives it in whole points), unless --em
says it. The text is taken to be one column, left to right. What is measured:

  body lines       lines whose median word height is within 10% of the most common
                   word height (weighted by characters): running text, list items and
                   code at the body size; headings and notes drop out. Furniture is
                   left out too: a line whose text (digits masked) stands at the same
                   height on two pages or more, and a line that is only a page number.
  text block       per page parity (odd, even pages), the right edge is the most
                   common right end of body lines of three words or more (to 0.25 pt):
                   in justified text most lines end exactly there.
  overfull_lines   body lines whose right end passes the right edge by more than
                   --tol points (default 1 pt, a tenth of an em at 10 pt: a smaller
                   overshoot cannot be seen on paper), with up to five examples. No
                   allowance is made for punctuation hung in the margin.
                   overshoot_max_pt is the largest overshoot of any body line, under
                   the tolerance or not, so that a near miss is seen.
  hyphen_lines     body lines whose last word ends in a hyphen (-, U+2010, U+00AD);
  hyphen_max_run   the longest run of such lines one after another, in reading order
                   (a page break does not end a run; lines that are not body lines are
                   passed over). A compound broken at its own hyphen counts too.
  justified_lines  body lines of three words or more that reach the right edge (within
                   0.5 pt), leaving out contents entries (three lone dots or more in a
                   row: leaders). A paragraph's last line counts only when it is full.
  space_*_em       the gaps between neighbouring words of justified lines, in em of the
                   body size: median, p95 (nearest rank) and max. A gap under 0.05 em
                   is a change of font inside a word, not a space, and is skipped.
  loose_line_frac  the share of justified lines whose mean gap is more than twice the
                   median gap of the whole document; loosest_line quotes the line with
                   the widest gap.

Prints one summary line per PDF, or with --json a JSON list of one object per PDF
(keys as above, plus pdf, pages, em_pt, frame_pt, body_lines, overfull_examples).
Exits 0 when every PDF could be measured, 2 otherwise. Standard library only.
"""
import argparse
import collections
import json
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

HYPHENS = ("-", "\u2010", "\u00ad")
PAGE_NUMBER = re.compile(r"(\d+|[ivxlcdm]+)", re.IGNORECASE)
XHTML = "{http://www.w3.org/1999/xhtml}"


def _run(cmd):
    done = subprocess.run(cmd, capture_output=True)
    if done.returncode != 0:
        raise OSError(f"{cmd[0]}: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8", "replace")


class Line:
    """One line of the text layer: its page and its words' boxes and texts, left to right."""

    __slots__ = ("page", "words", "x0", "x1", "y0", "height", "text")

    def __init__(self, page, words):
        self.page, self.words = page, words
        self.x0 = words[0][0]
        self.x1 = max(w[2] for w in words)
        self.y0 = min(w[1] for w in words)
        self.height = statistics.median(w[3] - w[1] for w in words)
        self.text = " ".join(w[4] for w in words)


def read_lines(pdf):
    """(pages, lines): the page count and every line, top to bottom on each page.

    poppler cuts a line where a gap is wide (it takes the pieces for columns), which
    would hide the loosest lines: its lines are merged again when the middle of one
    lies between the top and the bottom of the line above it."""
    raw = _run(["pdftotext", "-bbox-layout", pdf, "-"])
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", raw, count=1))
    lines, pages = [], 0
    for page in root.iter(XHTML + "page"):
        pieces = []
        for ln in page.iter(XHTML + "line"):
            words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                      float(w.get("yMax")), w.text or "") for w in ln.iter(XHTML + "word")]
            if words:
                y0, y1 = float(ln.get("yMin")), float(ln.get("yMax"))
                pieces.append(((y0 + y1) / 2, y0, y1, words))
        pieces.sort(key=lambda p: p[0])
        groups = []  # [top, bottom, words]
        for mid, y0, y1, words in pieces:
            if groups and groups[-1][0] <= mid <= groups[-1][1]:
                groups[-1][2].extend(words)
            else:
                groups.append([y0, y1, list(words)])
        for _, _, words in groups:
            lines.append(Line(pages, sorted(words)))
        pages += 1
    return pages, lines


def body_size(pdf):
    """The font size in points that carries the most characters, per pdftohtml."""
    xml = _run(["pdftohtml", "-xml", "-i", "-q", "-zoom", "1", "-stdout", pdf])
    size = {m.group(1): float(m.group(2))
            for m in re.finditer(r'<fontspec id="(\d+)" size="([0-9.]+)"', xml)}
    chars = collections.Counter()
    for m in re.finditer(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml):
        if m.group(1) in size:
            chars[size[m.group(1)]] += len(re.sub(r"<[^>]*>", "", m.group(2)))
    return chars.most_common(1)[0][0] if chars else None


def _mode(values, step):
    """The most common value of VALUES to STEP, then the largest value that near it."""
    bins = collections.Counter(round(v / step) for v in values)
    top = bins.most_common(1)[0][0] * step
    return max(v for v in values if abs(v - top) <= step)


def _quantile(sorted_values, q):
    """Nearest-rank quantile of a sorted list."""
    k = max(0, min(len(sorted_values) - 1, int(-(-q * len(sorted_values) // 1)) - 1))
    return sorted_values[k]


def _leaders(words):
    run = 0
    for w in words:
        run = run + 1 if w[4] == "." else 0
        if run >= 3:
            return True
    return False


def measure(pdf, em=None, tol=1.0):
    """The measures of one PDF as a dict (see the module's text)."""
    pages, lines = read_lines(pdf)
    if not lines:
        return {"pdf": pdf, "pages": pages, "error": "no text"}
    em = em or body_size(pdf)
    heights = collections.Counter()
    for ln in lines:
        for w in ln.words:
            heights[round(w[3] - w[1], 1)] += len(w[4])
    body_h = heights.most_common(1)[0][0]
    if not em:
        return {"pdf": pdf, "pages": pages, "error": "no font size"}

    # Furniture: the same text (digits masked) at the same height on two pages or more.
    def key(ln):
        return (round(ln.y0), re.sub(r"\d+", "#", ln.text))

    seen = collections.defaultdict(set)
    for ln in lines:
        seen[key(ln)].add(ln.page)
    body = [ln for ln in lines
            if abs(ln.height - body_h) <= 0.1 * body_h and len(seen[key(ln)]) < 2
            and not PAGE_NUMBER.fullmatch(ln.text)]
    if not body:
        return {"pdf": pdf, "pages": pages, "error": "no body lines"}

    right = {}
    for parity in (0, 1):
        ends = [ln.x1 for ln in body if ln.page % 2 == parity and len(ln.words) >= 3]
        if ends:
            right[parity] = _mode(ends, 0.25)
    if not right:
        right[0] = _mode([ln.x1 for ln in body], 0.25)
    for parity in (0, 1):
        right.setdefault(parity, right.get(1 - parity))

    over, over_examples, overshoot = 0, [], 0.0
    hyph, run, max_run = 0, 0, 0
    gaps, line_means, justified = [], [], 0
    loosest = (0.0, "")
    for ln in body:
        edge = right[ln.page % 2]
        overshoot = max(overshoot, ln.x1 - edge)
        if ln.x1 > edge + tol:
            over += 1
            if len(over_examples) < 5:
                tail = " ".join(w[4] for w in ln.words[-4:])
                over_examples.append(f"page {ln.page + 1}: +{ln.x1 - edge:.2f} pt: ...{tail}")
        if ln.words[-1][4].endswith(HYPHENS):
            hyph += 1
            run += 1
            max_run = max(max_run, run)
        else:
            run = 0
        if len(ln.words) >= 3 and ln.x1 >= edge - 0.5 and not _leaders(ln.words):
            justified += 1
            mine = [(b[0] - a[2]) / em for a, b in zip(ln.words, ln.words[1:])]
            mine = [g for g in mine if g >= 0.05]
            if mine:
                gaps.extend(mine)
                line_means.append(sum(mine) / len(mine))
                if max(mine) > loosest[0]:
                    loosest = (max(mine), f"page {ln.page + 1}, gap {max(mine):.2f} em: {ln.text}")
    gaps.sort()
    median = statistics.median(gaps) if gaps else None
    r3 = lambda v: None if v is None else round(v, 3)
    return {
        "pdf": pdf, "pages": pages, "em_pt": em,
        "frame_pt": {"odd_right": r3(right[0]), "even_right": r3(right[1])},
        "body_lines": len(body), "justified_lines": justified,
        "overfull_lines": over, "overfull_examples": over_examples,
        "overshoot_max_pt": r3(overshoot),
        "hyphen_lines": hyph, "hyphen_max_run": max_run,
        "space_median_em": r3(median),
        "space_p95_em": r3(_quantile(gaps, 0.95)) if gaps else None,
        "space_max_em": r3(gaps[-1]) if gaps else None,
        "loose_line_frac": r3(sum(1 for m in line_means if m > 2 * median) / len(line_means))
        if line_means else None,
        "loosest_line": loosest[1],
    }


def summary(m):
    """One line for a human."""
    if "error" in m:
        return f"typography: {m['pdf']}: {m['error']}"
    return (f"typography: {m['pdf']}: {m['pages']} pages, {m['body_lines']} body lines at "
            f"{m['em_pt']:g} pt, {m['justified_lines']} justified; overfull {m['overfull_lines']} "
            f"(largest overshoot {m['overshoot_max_pt']} pt); "
            f"hyphens {m['hyphen_lines']} (longest run {m['hyphen_max_run']}); spaces median "
            f"{m['space_median_em']} em, p95 {m['space_p95_em']} em, loose lines "
            f"{m['loose_line_frac']}")


def main(argv):
    ap = argparse.ArgumentParser(prog="typography.py", description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="a JSON list, one object per PDF")
    ap.add_argument("--em", type=float, metavar="PT", help="the body font size, in points")
    ap.add_argument("--tol", type=float, default=1.0, metavar="PT",
                    help="how far past the right edge a line may end (default 1)")
    ap.add_argument("pdf", nargs="+")
    args = ap.parse_args(argv)
    results, ok = [], True
    for pdf in args.pdf:
        try:
            m = measure(pdf, args.em, args.tol)
        except (OSError, ET.ParseError) as e:
            m = {"pdf": pdf, "error": str(e)}
        ok = ok and "error" not in m
        results.append(m)
    if args.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
    else:
        for m in results:
            print(summary(m))
            for ex in m.get("overfull_examples", []):
                print(f"  overfull: {ex}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
