#!/usr/bin/env bash
# The EPUB: valid (epubcheck, zero messages), complete (wordorder), every
# language change marked, reproducible byte for byte, fonts embedded as
# subsets that cover the foreign scripts, navigation and metadata as EPUB 3
# and EPUB Accessibility 1.1 want them, and no half-written file on failure.
# epubcheck takes ~8 s per run, so it runs twice: the book, and the example
# that uses every element of the vocabulary.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

ARTICLE=$FIXTURES/the-code-beyond-the-code.txt # the article as published, plain text
EPUBCHECK=/usr/share/java/epubcheck.jar
EPOCH=1764028800 # 2025-11-25T00:00:00Z
BOOK=$WS/book/bundle.epub
EXAMPLE=$WS/example/bundle.epub

# The structural checks, in Python (the standard library only).
cat >"$WS/epub.py" <<'EOF'
import re, sys, uuid, zipfile, posixpath, struct, glob, os
import xml.etree.ElementTree as ET

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
problems = []

def problem(msg):
    problems.append(msg)

def load(path):
    z = zipfile.ZipFile(path)
    opf_path = re.search(r'full-path="([^"]+)"', z.read("META-INF/container.xml").decode()).group(1)
    base = posixpath.dirname(opf_path)
    opf = ET.fromstring(z.read(opf_path))
    items = {}
    for it in opf.iter(OPF + "item"):
        items[it.get("id")] = (posixpath.join(base, it.get("href")), it.get("media-type"), it.get("properties") or "")
    spine = [items[r.get("idref")][0] for r in opf.iter(OPF + "itemref")]
    return z, opf, items, spine, base

def texts(el):
    """(element, its own text) for every piece of text in the tree."""
    for e in el.iter():
        if e.text:
            yield e, e.text
        for c in e:
            if c.tail:
                yield e, c.tail

def cmd_lang(path, *pairs):
    z, opf, items, spine, base = load(path)
    for pair in pairs:
        word, lang = pair.rsplit("=", 1)
        seen = 0
        for name in spine:
            root = ET.fromstring(z.read(name))
            for e, t in texts(root):
                if word in t:
                    seen += 1
                    if e.get("lang") != lang or e.get(XML_LANG) != lang:
                        problem(f"'{word}' in {name} sits in <{e.tag.replace(XHTML, '')}> with lang={e.get('lang')!r} xml:lang={e.get(XML_LANG)!r}, not {lang}")
        if not seen:
            problem(f"'{word}' is not in any content document")

def cmd_container(path):
    raw = open(path, "rb").read()
    if raw[:4] != b"PK\x03\x04" or raw[30:38] != b"mimetype" or raw[38:58] != b"application/epub+zip":
        problem("mimetype is not the first entry at offset 30 with its content at 38")
    method, = struct.unpack("<H", raw[8:10]); extra, = struct.unpack("<H", raw[28:30])
    if method != 0 or extra != 0:
        problem(f"mimetype: compression {method}, extra field {extra} bytes (want 0, 0)")
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    names = [i.filename for i in infos]
    if names[:3] != ["mimetype", "META-INF/container.xml", "OEBPS/package.opf"]:
        problem(f"first entries: {names[:3]}")
    if len({i.date_time for i in infos}) != 1:
        problem(f"more than one timestamp: {sorted({i.date_time for i in infos})[:3]}")
    modes = {(i.external_attr >> 16) & 0o177777 for i in infos}
    if modes != {0o100644}:
        problem(f"file modes {sorted(oct(m) for m in modes)}, want 0100644 only")
    z2, opf, items, spine, base = load(path)
    listed = {v[0] for v in items.values()}
    extra_files = [n for n in names if n not in listed and n not in ("mimetype", "META-INF/container.xml", "OEBPS/package.opf")]
    if extra_files:
        problem(f"files not in the manifest: {extra_files}")
    for n in listed:
        if n not in names:
            problem(f"manifest item missing from the archive: {n}")

def cmd_metadata(path, identifier, modified):
    z, opf, items, spine, base = load(path)
    md = opf.find(OPF + "metadata")
    uid = opf.get("unique-identifier")
    ident = [e for e in md.iter(DC + "identifier") if e.get("id") == uid]
    want = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, identifier))
    if not ident or ident[0].text != want:
        problem(f"dc:identifier {ident[0].text if ident else None}, want {want}")
    if opf.get("version") != "3.0" or not opf.get(XML_LANG):
        problem("package: version 3.0 with xml:lang wanted")
    for tag in ("title", "creator", "language", "date", "description", "subject"):
        if md.find(DC + tag) is None or not (md.find(DC + tag).text or "").strip():
            problem(f"no dc:{tag}")
    props = {}
    for m in md.iter(OPF + "meta"):
        if m.get("property"):
            props.setdefault(m.get("property"), []).append(m.text)
    if props.get("dcterms:modified") != [modified]:
        problem(f"dcterms:modified {props.get('dcterms:modified')}, want {modified}")
    for p, v in (("schema:accessMode", "textual"), ("schema:accessModeSufficient", "textual"),
                 ("schema:accessibilityFeature", "structuralNavigation"),
                 ("schema:accessibilityFeature", "tableOfContents"),
                 ("schema:accessibilityHazard", "none")):
        if v not in (props.get(p) or []):
            problem(f"no {p} {v}")
    if not props.get("schema:accessibilitySummary"):
        problem("no schema:accessibilitySummary")
    if not props.get("dcterms:conformsTo"):
        problem("no dcterms:conformsTo")
    print(want)

def cmd_nav(path, *parts):
    """parts: the expected part files in order, with their section counts: file:N"""
    z, opf, items, spine, base = load(path)
    navs = [v[0] for v in items.values() if "nav" in v[2].split()]
    if len(navs) != 1:
        problem(f"{len(navs)} nav documents")
        return
    if navs[0] not in spine:
        problem("the nav document is not in the spine (it is the contents page)")
    nav = ET.fromstring(z.read(navs[0]))
    toc = [n for n in nav.iter(XHTML + "nav") if n.get(EPUB_TYPE) == "toc"]
    marks = [n for n in nav.iter(XHTML + "nav") if n.get(EPUB_TYPE) == "landmarks"]
    if not toc or not marks:
        problem("nav: toc or landmarks missing")
        return
    top = toc[0].find(XHTML + "ol")
    entries = top.findall(XHTML + "li")
    got = []
    for li in entries:
        a = li.find(XHTML + "a")
        sub = li.find(XHTML + "ol")
        got.append(f"{a.get('href')}:{len(sub.findall(XHTML + 'li')) if sub is not None else 0}")
    if got != list(parts):
        problem(f"toc entries {got}, want {list(parts)}")
    kinds = {a.get(EPUB_TYPE) for a in marks[0].iter(XHTML + "a")}
    for k in ("cover", "toc", "bodymatter"):
        if k not in kinds:
            problem(f"landmarks lack {k}")
    ncx = [v[0] for v in items.values() if v[1] == "application/x-dtbncx+xml"]
    if not ncx:
        problem("no NCX")
        return
    n = ET.fromstring(z.read(ncx[0]))
    uid = [m.get("content") for m in n.iter(NCX + "meta") if m.get("name") == "dtb:uid"]
    ident = opf.find(OPF + "metadata").find(DC + "identifier").text
    if uid != [ident]:
        problem(f"NCX dtb:uid {uid}, package {ident}")
    points = list(n.iter(NCX + "navPoint"))
    orders = [int(p.get("playOrder")) for p in points]
    if orders != list(range(1, len(points) + 1)):
        problem(f"NCX playOrder {orders[:8]}...")
    nav_links = [a.get("href") for a in toc[0].iter(XHTML + "a")]
    ncx_links = [p.find(NCX + "content").get("src") for p in points]
    if nav_links != ncx_links:
        problem("the NCX does not mirror the nav toc")

def cmd_docs(path, lang):
    z, opf, items, spine, base = load(path)
    for name in spine:
        root = ET.fromstring(z.read(name))
        if root.get("lang") != lang or root.get(XML_LANG) != lang:
            problem(f"{name}: <html> lang {root.get('lang')!r} xml:lang {root.get(XML_LANG)!r}, want {lang}")
        title = root.find(XHTML + "head/" + XHTML + "title")
        if title is None or not (title.text or "").strip():
            problem(f"{name}: no <title>")
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        if len(ids) != len(set(ids)):
            problem(f"{name}: duplicate ids")
        for a in root.iter(XHTML + "a"):
            href = a.get("href") or ""
            if "://" in href or href.startswith("mailto:"):
                continue
            f, _, frag = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), f)) if f else name
            if target not in z.namelist():
                problem(f"{name}: link to missing {href}")
            elif frag and f'id="{frag}"' not in z.read(target).decode():
                problem(f"{name}: link to missing anchor {href}")
    print(" ".join(posixpath.basename(s) for s in spine))

def cmd_titles(path, *want):
    z, opf, items, spine, base = load(path)
    got = []
    for name in spine:
        root = ET.fromstring(z.read(name))
        h1 = root.find(".//" + XHTML + "h1")
        if h1 is not None and root.find(".//" + XHTML + "section[@" + EPUB_TYPE + "='chapter']") is not None:
            got.append("".join(h1.itertext())[:3])
    if got != list(want):
        problem(f"part h1 openings {got}, want {list(want)}")

def cmap(data):
    """Code points a TrueType/OpenType font maps (formats 4 and 12)."""
    n, = struct.unpack(">H", data[4:6])
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, ln)
    off = tables[b"cmap"][0]
    count, = struct.unpack(">H", data[off + 2:off + 4])
    cps = set()
    for i in range(count):
        pid, eid, sub = struct.unpack(">HHI", data[off + 4 + 8 * i:off + 12 + 8 * i])
        s = off + sub
        fmt, = struct.unpack(">H", data[s:s + 2])
        if fmt == 4:
            segx2, = struct.unpack(">H", data[s + 6:s + 8])
            seg = segx2 // 2
            ends = struct.unpack(f">{seg}H", data[s + 14:s + 14 + segx2])
            starts = struct.unpack(f">{seg}H", data[s + 16 + segx2:s + 16 + 2 * segx2])
            deltas = struct.unpack(f">{seg}h", data[s + 16 + 2 * segx2:s + 16 + 3 * segx2])
            ro_at = s + 16 + 3 * segx2
            ros = struct.unpack(f">{seg}H", data[ro_at:ro_at + segx2])
            for k in range(seg):
                for c in range(starts[k], ends[k] + 1):
                    if c == 0xFFFF:
                        continue
                    if ros[k] == 0:
                        g = (c + deltas[k]) & 0xFFFF
                    else:
                        at = ro_at + 2 * k + ros[k] + 2 * (c - starts[k])
                        g, = struct.unpack(">H", data[at:at + 2])
                        g = (g + deltas[k]) & 0xFFFF if g else 0
                    if g:
                        cps.add(c)
        elif fmt == 12:
            ngroups, = struct.unpack(">I", data[s + 12:s + 16])
            for k in range(ngroups):
                a, b, g = struct.unpack(">III", data[s + 16 + 12 * k:s + 28 + 12 * k])
                cps.update(range(a, b + 1))
    return cps

def cmd_fonts(path, *words):
    z, opf, items, spine, base = load(path)
    fonts = [v for v in items.values() if v[1] in ("font/ttf", "font/otf", "application/font-sfnt")]
    if not fonts:
        problem("no embedded fonts")
        return
    css = "".join(z.read(v[0]).decode() for v in items.values() if v[1] == "text/css")
    covered = set()
    for name, mt, _ in fonts:
        data = z.read(name)
        covered |= cmap(data)
        rel = posixpath.relpath(name, base)
        if f'url("{rel}")' not in css:
            problem(f"no @font-face for {rel}")
        stem = re.sub(r"(-\d+)?\.(ttf|otf)$", "", posixpath.basename(name))
        orig = [p for p in glob.glob("/usr/share/fonts/**/" + stem + ".tt[fc]", recursive=True)]
        if orig and len(data) * 10 > os.path.getsize(orig[0]):
            problem(f"{rel}: {len(data)} bytes is not a subset of {orig[0]} ({os.path.getsize(orig[0])} bytes)")
        print(f"{rel} {len(data)} bytes" + (f" (from {os.path.getsize(orig[0])})" if orig else ""))
    for w in words:
        missing = [f"U+{ord(c):04X}" for c in w if ord(c) not in covered]
        if missing:
            problem(f"no embedded font maps {' '.join(missing)} of '{w}'")

def cmd_cover(path):
    z, opf, items, spine, base = load(path)
    img = [v for v in items.values() if "cover-image" in v[2].split()]
    if len(img) != 1 or img[0][1] != "image/png" or z.read(img[0][0])[:8] != b"\x89PNG\r\n\x1a\n":
        problem("no PNG cover-image in the manifest")
        return
    first = ET.fromstring(z.read(spine[0]))
    imgs = list(first.iter(XHTML + "img"))
    if not imgs or posixpath.normpath(posixpath.join(posixpath.dirname(spine[0]), imgs[0].get("src"))) != img[0][0]:
        problem(f"the first spine item {spine[0]} does not show the cover image")
    elif len((imgs[0].get("alt") or "").strip()) < 10:
        problem(f"cover alt text too short: {imgs[0].get('alt')!r}")
    import zlib
    png, at, idat, size = z.read(img[0][0]), 8, b"", None
    while at < len(png):
        n, = struct.unpack(">I", png[at:at + 4])
        kind, body = png[at + 4:at + 8], png[at + 8:at + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack(">I", png[at + 8 + n:at + 12 + n])[0]:
            problem(f"cover.png: bad CRC in {kind}")
        if kind == b"IHDR":
            size = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    if not size or size[2:] != (8, 2):
        problem(f"cover.png: IHDR {size}, want 8-bit RGB")
        return
    w, h = size[:2]
    raw = zlib.decompress(idat)
    if len(raw) != h * (1 + 3 * w) or any(raw[y * (1 + 3 * w)] > 4 for y in range(h)):
        problem("cover.png: the image data does not decode to its rows")
    print(f"cover {w}x{h}, {len(png)} bytes")

cmd = globals()["cmd_" + sys.argv[1]]
cmd(*sys.argv[2:])
for p in problems:
    print("PROBLEM " + p)
sys.exit(1 if problems else 0)
EOF

# epub_py CMD ARGS...: run a check of epub.py (see py_check in lib.sh).
epub_py() { py_check "$WS/epub.py" "$@"; }

# epubcheck FILE: zero fatals, errors, warnings (and infos).
epubcheck() {
  if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
    problem "epubcheck is not installed ($EPUBCHECK, java)"
    return 1
  fi
  java -jar "$EPUBCHECK" "$1" >"$WS/epubcheck.out" 2>&1
  local rc=$? summary
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  note "epubcheck $(basename "$(dirname "$1")"): ${summary:-no summary}"
  if [ "$rc" != 0 ] || ! grep -q '0 fatals / 0 errors / 0 warnings' <<<"$summary"; then
    problem "epubcheck: ${summary:-exit $rc}: $(grep -E '^(FATAL|ERROR|WARNING)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
  elif ! grep -q '0 infos' <<<"$summary"; then
    note "epubcheck infos: $(grep -E '^INFO' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
  fi
}

# ---- building ---------------------------------------------------------------------------------

begin "epub: the book builds, with no warning"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --format epub -o "$WS/book" "$ROOT/sources/bundle.xml"
[ -s "$BOOK" ] || problem "no $BOOK"
if grep -q 'warning:' "$ERR_FILE"; then problem "warnings: $(excerpt "$ERR_FILE")"; fi
end

begin "epub: the example (every element of the vocabulary) builds"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --format epub -o "$WS/example" "$ROOT/docs/example/bundle.xml"
[ -s "$EXAMPLE" ] || problem "no $EXAMPLE"
end

# ---- validity and completeness ----------------------------------------------------------------

begin "epub: epubcheck finds nothing in the book"
epubcheck "$BOOK"
end

begin "epub: epubcheck finds nothing in the example"
epubcheck "$EXAMPLE"
end

begin "epub: the book's text is all there, in order (wordorder >= 99.5%)"
out=$(python3 "$ROOT/tests/tools/wordorder.py" --min 99.5 "$ARTICLE" "$BOOK" 2>&1) ||
  problem "$out"
note "$out"
end

begin "epub: every foreign word sits in an element with lang and xml:lang of its language"
epub_py lang "$BOOK" 'હાથe=gu' 'decisões=pt' '외부=ko' 'सिंगल=hi' '웹=ko'
epub_py lang "$EXAMPLE" 'vade mecum=la' 'Structure et interprétation=fr'
end

# ---- reproducibility ----------------------------------------------------------------------------

begin "epub: the same SOURCE_DATE_EPOCH gives the same bytes (another TZ, another folder)"
(cd "$WS" && SOURCE_DATE_EPOCH=$EPOCH TZ=Asia/Tokyo "$QUIRE" build --format epub -o "$WS/again" \
  "$ROOT/sources/bundle.xml") >"$OUT_FILE" 2>"$ERR_FILE"
RC=$?
check_no_crash
if [ "$RC" != 0 ]; then
  problem "second build: exit $RC: $(excerpt "$ERR_FILE")"
elif ! cmp -s "$BOOK" "$WS/again/bundle.epub"; then
  problem "the two EPUBs differ: $(cmp "$BOOK" "$WS/again/bundle.epub" | head -n 1)"
fi
end

begin "epub: another SOURCE_DATE_EPOCH changes dcterms:modified and the archive's times"
LATER=$((EPOCH + 86400 * 40 + 3661))
SOURCE_DATE_EPOCH=$LATER expect_exit 0 "$QUIRE" build --format epub -o "$WS/later" "$ROOT/sources/bundle.xml"
want=$(date -u -d "@$LATER" +%Y-%m-%dT%H:%M:%SZ)
got=$(unzip -p "$WS/later/bundle.epub" OEBPS/package.opf 2>/dev/null |
  sed -n 's|.*<meta property="dcterms:modified">\([^<]*\)</meta>.*|\1|p')
[ "$got" = "$want" ] || problem "dcterms:modified '$got', want '$want'"
cmp -s "$BOOK" "$WS/later/bundle.epub" && problem "the EPUB did not change"
zipinfo -T "$WS/later/bundle.epub" 2>/dev/null | grep -q " $(date -u -d "@$LATER" +%Y%m%d)\." ||
  problem "the archive's entries do not carry the new date: $(zipinfo -T "$WS/later/bundle.epub" | sed -n 3p)"
end

# ---- structure ------------------------------------------------------------------------------------

begin "epub: container: mimetype first, stored, no extra field; one timestamp; mode 0644; nothing unlisted"
epub_py container "$BOOK"
end

begin "epub: package: UUID v5 of the identifier, Dublin Core, dcterms:modified, accessibility metadata"
epub_py metadata "$BOOK" "urn:x-quire:the-code-beyond-the-code" "$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)" &&
  note "identifier $PY_OUT"
end

begin "epub: navigation: parts in order with their sections, landmarks, an NCX that mirrors it"
epub_py nav "$BOOK" opening.xhtml:0 clean-architecture.xhtml:3 high-performance-python.xhtml:3 \
  using-asyncio.xhtml:3 fluent-python.xhtml:3 cpython-internals.xhtml:3 closing.xhtml:0
epub_py nav "$EXAMPLE" intro.xhtml:0 sicp.xhtml:2
end

begin "epub: content documents: cover, title page, contents, then the parts; lang, title, links resolve"
epub_py docs "$BOOK" en &&
  { [ "$PY_OUT" = "cover.xhtml titlepage.xhtml nav.xhtml opening.xhtml clean-architecture.xhtml high-performance-python.xhtml using-asyncio.xhtml fluent-python.xhtml cpython-internals.xhtml closing.xhtml" ] ||
    problem "spine: $PY_OUT"; }
epub_py docs "$EXAMPLE" en
unzip -p "$EXAMPLE" OEBPS/sicp.xhtml | grep -q '<a href="intro.xhtml">introduction</a>' ||
  problem "the example's linkend to the introduction is not a link to intro.xhtml"
end

begin "epub: notes are numbered in their h1 (1. to 5.), the opening and closing are not"
epub_py titles "$BOOK" "The" "1. " "2. " "3. " "4. " "5. " "You"
end

begin "epub: the bibliography entry reads Title: / Author: or Authors:"
unzip -p "$BOOK" OEBPS/clean-architecture.xhtml | grep -q 'Authors:</span> Harry Percival and Bob Gregory' ||
  problem "clean-architecture: no 'Authors: Harry Percival and Bob Gregory'"
unzip -p "$BOOK" OEBPS/fluent-python.xhtml | grep -q 'Author:</span> Luciano Ramalho' ||
  problem "fluent-python: no 'Author: Luciano Ramalho'"
end

# ---- fonts and cover --------------------------------------------------------------------------------

begin "epub: fonts are small subsets, declared in the CSS, covering the foreign scripts"
epub_py fonts "$BOOK" 'હાથe' 'decisões' '외부' 'सिंगल' '웹' 'The Code Beyond the Code' &&
  while IFS= read -r l; do note "$l"; done <<<"$PY_OUT"
end

begin "epub: the cover is a PNG, declared cover-image, shown first with a text alternative"
epub_py cover "$BOOK" && note "$PY_OUT"
end

# ---- failure --------------------------------------------------------------------------------------

begin "epub: a font that cannot be read is an error, and no EPUB is left"
printf 'not a font\n' >"$WS/junk.ttf"
sed "s|^body regular .*|body regular $WS/junk.ttf|" "$ROOT/fonts/manifest" >"$WS/manifest"
expect_exit 1 "$QUIRE" build --format epub --fonts "$WS/manifest" -o "$WS/bad" "$ROOT/sources/bundle.xml"
expect_stderr_match "error: font '$(re_quote "$WS/junk.ttf")' \(face 0\): not a font"
[ -e "$WS/bad/bundle.epub" ] && problem "$WS/bad/bundle.epub was written"
[ -d "$WS/bad" ] && expect_no_strays "$WS/bad"
end
