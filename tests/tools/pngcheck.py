#!/usr/bin/env python3
"""pngcheck: read a PNG the way a strict decoder does, and judge a cover.

Decodes 8-bit RGB and RGBA PNGs with the standard library alone (zlib for
the data, its crc32 for each chunk's CRC), undoing the five row filters, so
that a test sees the pixels a reader would see without trusting the encoder.

    pngcheck.py info FILE                size, chunk list; exit 1 if invalid
    pngcheck.py cover FILE RRGGBB        a valid 1200x1800 cover whose band is
                                         in RRGGBB and holds drawn text
    pngcheck.py tallest FILE             the most consecutive rows of the top
                                         three fifths holding light (title) pixels
    pngcheck.py diff A B                 how many pixels differ, and where
"""
import struct
import sys
import zlib

SIG = b"\x89PNG\r\n\x1a\n"


class PngError(Exception):
    pass


def chunks(data):
    """The (type, body) chunks of data, each CRC checked."""
    if data[:8] != SIG:
        raise PngError("not a PNG signature")
    at, out = 8, []
    while at < len(data):
        if at + 8 > len(data):
            raise PngError("truncated chunk header")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if len(body) != length or at + 12 + length > len(data):
            raise PngError(f"truncated {kind!r} chunk")
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise PngError(f"bad CRC in {kind.decode('latin-1')}")
        out.append((kind.decode("latin-1"), body))
        at += 12 + length
        if kind == b"IEND":
            break
    if not out or out[0][0] != "IHDR" or out[-1][0] != "IEND":
        raise PngError("IHDR must come first and IEND last")
    if at != len(data):
        raise PngError("bytes after IEND")
    return out


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(data):
    """(width, height, rows): rows are bytes of RGB triples."""
    cs = chunks(data)
    w, h, depth, ctype, comp, filt, inter = struct.unpack(">IIBBBBB", cs[0][1])
    if depth != 8 or ctype not in (2, 6) or comp or filt or inter:
        raise PngError(f"unsupported IHDR: depth {depth}, colour type {ctype}, interlace {inter}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(b for k, b in cs if k == "IDAT"))
    stride = w * bpp
    if len(raw) != h * (stride + 1):
        raise PngError(f"image data is {len(raw)} bytes, want {h * (stride + 1)}")
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft > 4:
            raise PngError(f"row {y}: filter type {ft}")
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            pred = (0, a, b, (a + b) // 2, paeth(a, b, c))[ft]
            line[i] = (line[i] + pred) & 255
        prev = line
        rows.append(bytes(line) if bpp == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3))
    return w, h, rows


def read(path):
    with open(path, "rb") as f:
        return decode(f.read())


def cover(path, accent):
    """Problems with a cover: its size, the band's colour, text in the band."""
    w, h, rows = read(path)
    problems = []
    if (w, h) != (1200, 1800):
        return [f"{path}: {w}x{h}, want 1200x1800"]
    want = bytes.fromhex(accent)
    band = int(0.6 * h)
    # The band: the top rows and the band's foot are flat in the accent.
    for y in (0, 10, band // 4, band - 1):
        if rows[y] != want * w:
            problems.append(f"row {y} is not all #{accent}")
    # The title is drawn in the band: rows with pixels that are not the accent.
    inked = [y for y in range(band) if rows[y] != want * w]
    if len(inked) < 40:
        problems.append(f"only {len(inked)} rows of the band hold anything but #{accent}")
    # Light pixels are the title's (white) and the subtitle's; none may
    # stand outside the margins (a tenth of the width, and a little for
    # overhanging letters).
    margin, slack = w // 10, 12
    light, outside = 0, 0
    for y in inked:
        for x in range(w):
            if min(rows[y][3 * x:3 * x + 3]) > 0xE0:
                light += 1
                if x < margin - slack or x >= w - margin + slack:
                    outside += 1
    if light < 2000:
        problems.append(f"only {light} light (text) pixels in the band")
    if outside:
        problems.append(f"{outside} text pixels of the band outside the margins")
    return problems


def tallest(path):
    """The longest run of consecutive rows of the band holding light pixels:
    about one line of the title, so it grows and shrinks with its size."""
    w, h, rows = read(path)
    best = cur = 0
    for y in range(int(0.6 * h)):
        lit = any(min(rows[y][x:x + 3]) > 0xE0 for x in range(0, 3 * w, 3))
        cur = cur + 1 if lit else 0
        best = max(best, cur)
    return best


def main(argv):
    if len(argv) == 3 and argv[1] == "info":
        try:
            with open(argv[2], "rb") as f:
                data = f.read()
            kinds = [k for k, _ in chunks(data)]
            w, h, _ = decode(data)
        except (PngError, zlib.error, OSError, struct.error) as e:
            print(f"{argv[2]}: {e}")
            return 1
        print(f"{w}x{h} {len(data)} bytes {' '.join(kinds)}")
        return 0
    if len(argv) == 4 and argv[1] == "cover":
        try:
            problems = cover(argv[2], argv[3])
        except (PngError, zlib.error, OSError, struct.error) as e:
            problems = [f"{argv[2]}: {e}"]
        for p in problems:
            print(p)
        return 1 if problems else 0
    if len(argv) == 3 and argv[1] == "tallest":
        print(tallest(argv[2]))
        return 0
    if len(argv) == 4 and argv[1] == "diff":
        (wa, ha, a), (wb, hb, b) = read(argv[2]), read(argv[3])
        if (wa, ha) != (wb, hb):
            print(f"sizes differ: {wa}x{ha} against {wb}x{hb}")
            return 1
        n, ys, big = 0, set(), 0
        for y in range(ha):
            if a[y] == b[y]:
                continue
            for x in range(wa):
                pa, pb = a[y][3 * x:3 * x + 3], b[y][3 * x:3 * x + 3]
                if pa != pb:
                    n += 1
                    ys.add(y)
                    big = max(big, max(abs(i - j) for i, j in zip(pa, pb)))
        span = f"rows {min(ys)}-{max(ys)}" if ys else "no rows"
        print(f"{n} pixels differ, {span}, largest channel difference {big}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
