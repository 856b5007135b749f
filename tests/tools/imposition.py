#!/usr/bin/env python3
"""imposition.py: which reading page sits on each half of each sheet side of an imposed PDF.

    python3 tests/tools/imposition.py booklet|2up READING.pdf IMPOSED.pdf

READING is the print edition, IMPOSED its booklet or 2-up edition. Each page of READING is
read with poppler's `pdftotext`; each sheet side of IMPOSED is read twice, cropped to its
left and to its right half (`pdftotext -x -y -W -H` at 72 dpi, so in points). A half is
the reading page whose words it holds (the same words, in the same order), or blank when
it holds none; anything else is an error.

The order is then judged as a reader of the printed sheets would see it:

  booklet  the sheets are folded in software: sheet 1 (the outside one) with its front
           (the odd sides of the file) outwards, sheet 2 inside it, and so on; the
           folded booklet is read from its front: the right half of each sheet's front,
           then the left half of its back, sheet after sheet inwards, then, from the
           innermost sheet outwards, the right half of the back and the left half of
           the front. That must give the reading pages 1, 2, ..., n in order, followed
           by fewer than four blanks (padding to a multiple of four), and nothing else.
  2up      reading order: side k holds pages 2k-1 on the left and 2k on the right,
           the last right half blank when n is odd.

Prints one line per sheet side ("side 3: 6 | 3", "-" for a blank) and, when the order is
wrong, what is wrong; exits 0 when it is right, 1 when not, 2 on a usage error.
"""
import re
import subprocess
import sys


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pages_of(pdf):
    return int(re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", pdf]), re.M).group(1))


def size_of(pdf):
    m = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", run(["pdfinfo", pdf]), re.M)
    return float(m.group(1)), float(m.group(2))


def words(text):
    return text.split()


def text_of(pdf, page, crop=None):
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    if crop:
        x, y, w, h = crop
        args += ["-r", "72", "-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h))]
    return words(run(args + [pdf, "-"]))


def identify(reading, half):
    """The 1-based reading page whose words half holds, 0 for a blank, None if none fits."""
    if not half:
        return 0
    found = [i + 1 for i, page in enumerate(reading) if page == half]
    return found[0] if len(found) == 1 else None


def main(argv):
    if len(argv) != 4 or argv[1] not in ("booklet", "2up"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    kind, reading_pdf, imposed_pdf = argv[1:]
    reading = [text_of(reading_pdf, p) for p in range(1, pages_of(reading_pdf) + 1)]
    n = len(reading)
    w, h = size_of(imposed_pdf)
    half = int(w // 2)
    sides = []
    problems = []
    for s in range(1, pages_of(imposed_pdf) + 1):
        left = identify(reading, text_of(imposed_pdf, s, (0, 0, half, h + 1)))
        right = identify(reading, text_of(imposed_pdf, s, (half, 0, w - half + 1, h + 1)))
        for name, v in (("left", left), ("right", right)):
            if v is None:
                problems.append(f"side {s}: the {name} half is no one reading page")
        sides.append((left, right))
        show = lambda v: "?" if v is None else "-" if v == 0 else str(v)
        print(f"side {s}: {show(left)} | {show(right)}")

    if kind == "booklet":
        if len(sides) % 2:
            problems.append(f"{len(sides)} sheet sides: a booklet's sheets have two each")
        sheets = [(sides[k], sides[k + 1]) for k in range(0, len(sides) - 1, 2)]
        order = []
        for front, back in sheets:
            order += [front[1], back[0]]
        for front, back in reversed(sheets):
            order += [back[1], front[0]]
        want = list(range(1, n + 1))
        pad = len(order) - n
        if order[:n] != want or any(v != 0 for v in order[n:]) or not 0 <= pad < 4:
            problems.append(f"folded, the booklet reads {order}; expected 1..{n} then {(-n) % 4} blanks")
    else:
        expect = [(2 * k + 1, 2 * k + 2 if 2 * k + 2 <= n else 0) for k in range((n + 1) // 2)]
        if sides != expect:
            problems.append(f"the sides hold {sides}; expected {expect}")
    for p in problems:
        print("problem:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
