#!/usr/bin/env python3
"""cropmarks.py: whether a page's marks lie outside its TrimBox and BleedBox.

    python3 tests/tools/cropmarks.py PDF PAGE

Reads the page's boxes with `pdfinfo -box` and renders the page's MediaBox in grey at
72 dpi with `pdftoppm` (so one pixel is one point). Ink is a pixel darker than mid-grey.
The page passes when there is ink outside the BleedBox (the crop marks) and none in the
bleed itself, between the BleedBox and the TrimBox (marks must stay out of it; the
book's pages put nothing there either). Prints the counts; exits 0 when it passes, 1
when not, 2 on a usage error.
"""
import re
import subprocess
import sys


def boxes(pdf, page):
    out = subprocess.run(["pdfinfo", "-box", "-f", page, "-l", page, pdf], check=True,
                         capture_output=True, text=True).stdout
    found = {}
    for name, nums in re.findall(r"Page\s+\d+\s+(\w+):\s+([-\d. ]+)", out):
        found[name] = [float(v) for v in nums.split()]
    return found


def render(pdf, page):
    ppm = subprocess.run(["pdftoppm", "-gray", "-r", "72", "-f", page, "-l", page, pdf],
                         check=True, capture_output=True).stdout
    head = ppm.split(b"\n", 3)
    w, h = map(int, head[1].split())
    return w, h, head[3]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    pdf, page = argv[1], argv[2]
    b = boxes(pdf, page)
    media, bleed, trim = b["MediaBox"], b["BleedBox"], b["TrimBox"]
    w, h, px = render(pdf, page)
    top = media[3]  # PDF y runs upwards; image rows downwards

    def inside(box, x, y):
        return box[0] <= x + 0.5 <= box[2] and box[1] <= top - (y + 0.5) <= box[3]

    outside = in_bleed = 0
    for y in range(h):
        row = px[y * w:(y + 1) * w]
        for x in range(w):
            if row[x] >= 128:
                continue
            if not inside(bleed, x, y):
                outside += 1
            elif not inside(trim, x, y):
                in_bleed += 1
    print(f"ink outside the BleedBox: {outside} px; in the bleed: {in_bleed} px")
    return 0 if outside > 0 and in_bleed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
