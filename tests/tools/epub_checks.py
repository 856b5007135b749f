#!/usr/bin/env python3
"""epub_checks.py: checks of a built EPUB's package, documents and fonts (e2e/epub.sh).

    python3 tests/tools/epub_checks.py COMMAND BOOK.epub ARGS...

COMMAND is lang (FILE=LANG pairs), container, metadata IDENTIFIER MODIFIED, nav PARTS...,
docs LANG, titles WANT..., fonts WORDS... or cover. Each problem is printed as a line
"PROBLEM ..." (lib.sh's py_check makes each a problem of the test); exit 1 if any, else 0.

    python3 tests/tools/epub_checks.py roles PACKAGE.opf

reads an unzipped package document (e2e/inlines.sh): each credited person has the MARC
relator role the fixture gives; exits 1 with a message at the first one wrong.
"""
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

def cmd_roles(opf_path):
    """The MARC relator role of each credited person in a package document (e2e/inlines.sh):
    exits with a message at the first one missing or wrong."""
    opf = open(opf_path, encoding="utf-8").read()
    roles = dict(re.findall(r'<meta refines="#([^"]+)" property="role" scheme="marc:relators">([a-z]+)</meta>', opf))
    def role_of(tag, name):
        m = re.search(r'<%s id="([^"]+)">%s</%s>' % (tag, re.escape(name), tag), opf)
        if not m:
            sys.exit("no %s %s" % (tag, name))
        return roles.get(m.group(1))
    want = [("dc:creator", "Dr. Ada King Lovelace Jr.", "aut"), ("dc:creator", "Yamada Taro", "aut"),
            ("dc:contributor", "Grace Hopper", "edt"), ("dc:contributor", "김민준", "edt"),
            ("dc:contributor", "Jean Sammet", "trl"), ("dc:contributor", "Difference Drawings", "ill")]
    for tag, name, role in want:
        got = role_of(tag, name)
        if got != role:
            sys.exit("%s %s: role %s, not %s" % (tag, name, got, role))

cmd = globals()["cmd_" + sys.argv[1]]
cmd(*sys.argv[2:])
for p in problems:
    print("PROBLEM " + p)
sys.exit(1 if problems else 0)
