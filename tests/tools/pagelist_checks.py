#!/usr/bin/env python3
"""pagelist_checks.py: the EPUB's page list against the PDF's pages (e2e/pagelist.sh).

    python3 tests/tools/pagelist_checks.py check BOOK.epub BOOK.pdf PRINT-ID
    python3 tests/tools/pagelist_checks.py alone BOOK.epub
    python3 tests/tools/pagelist_checks.py same-text PAGED.epub ALONE.epub
    python3 tests/tools/pagelist_checks.py break SRC.epub DST.epub HOW

Problems are printed as "PROBLEM ..." lines (see py_check in lib.sh); exit 1 if any, else
0. break writes a copy of an EPUB with its page list damaged in the way HOW names.
"""
import json, posixpath, re, subprocess, sys, unicodedata, zipfile
import xml.etree.ElementTree as ET
import os
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pagelabels import page_labels
from html.parser import HTMLParser

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
WORDS = 5  # words compared after each marker
BLOCKS = {"html", "body", "p", "div", "section", "nav", "ol", "ul", "li", "blockquote", "figure",
          "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "dl", "dt", "dd"}
problems = []

def problem(msg):
    problems.append(msg)

def squeeze(s):
    """NFKC, casefolded, without punctuation, symbols or white space: the
    letters and digits a reader reads, whatever the line breaks did."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(c for c in s if unicodedata.category(c)[0] not in "PSZC" and not c.isspace())

def words(s):
    out = []
    for w in s.split():
        w = squeeze(w)
        if w:
            out.append(w)
    return out

class Book:
    """The EPUB read in spine order: the text of the bodies (hidden
    elements and heads left out; the number of an ordered list's item, as
    a reader shows it), the markers with where they stand in that text,
    every element's place in document order, and the page list."""

    def __init__(self, path):
        self.z = zipfile.ZipFile(path)
        opf_path = re.search(r'full-path="([^"]+)"', self.z.read("META-INF/container.xml").decode()).group(1)
        self.base = posixpath.dirname(opf_path)
        self.opf = ET.fromstring(self.z.read(opf_path))
        items = {i.get("id"): i for i in self.opf.iter(OPF + "item")}
        self.spine = [posixpath.join(self.base, items[r.get("idref")].get("href"))
                      for r in self.opf.iter(OPF + "itemref")]
        self.nav = [posixpath.join(self.base, i.get("href")) for i in items.values()
                    if "nav" in (i.get("properties") or "").split()][0]
        ncx = [i for i in items.values() if i.get("media-type") == "application/x-dtbncx+xml"]
        self.ncx = posixpath.join(self.base, ncx[0].get("href")) if ncx else None
        self.text = []       # pieces of text
        self.length = 0      # characters in self.text
        self.seq = 0         # elements started so far
        self.places = {}     # (doc, id) or (doc, "") -> element order
        self.markers = {}    # (doc, id) -> dict
        self.order = []      # markers in document order
        self.page_list = []  # (doc, id, label, href)
        for name in self.spine:
            Reader(self, name).feed(self.z.read(name).decode())
        self.all = "".join(self.text)

    def add_text(self, s):
        self.text.append(s)
        self.length += len(s)

    def resolve(self, doc, href):
        f, _, frag = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(doc), f)) if f else doc
        return target, frag

class Reader(HTMLParser):
    def __init__(self, book, name):
        super().__init__(convert_charrefs=True)
        self.b, self.name = book, name
        self.stack = []  # [tag, silent, text length at start, marker or None, seq at start, items]
        self.in_page_list = 0
        self.link = None

    def silent(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        b = self.b
        silent = self.silent() or tag == "head" or "hidden" in a
        if tag in BLOCKS and not silent:
            b.add_text(" ")
        b.seq += 1
        if tag == "html":
            b.places[(self.name, "")] = b.seq
        if a.get("id"):
            if (self.name, a["id"]) in b.places:
                problem(f"{self.name}: two elements with id {a['id']}")
            b.places[(self.name, a["id"])] = b.seq
        marker = None
        types = (a.get("epub:type") or "").split()
        if "pagebreak" in types or a.get("role") == "doc-pagebreak":
            marker = {"doc": self.name, "id": a.get("id"), "label": a.get("aria-label"), "tag": tag,
                      "role": a.get("role"), "types": types, "at": b.length, "seq": b.seq,
                      "parent": self.stack[-1][0] if self.stack else None, "empty": True}
            if marker["id"]:
                if (self.name, marker["id"]) in b.markers:
                    problem(f"{self.name}: two markers with id {marker['id']}")
                b.markers[(self.name, marker["id"])] = marker
            else:
                problem(f"{self.name}: a page-break marker without an id")
            b.order.append(marker)
        for e in self.stack:
            if e[3] is not None:
                e[3]["empty"] = False
        if tag == "nav" and "page-list" in types:
            self.in_page_list += 1
        if self.in_page_list and tag == "a":
            self.link = [a.get("href") or "", ""]
        self.stack.append([tag, silent, b.length, marker, b.seq, 0])
        if tag == "li" and len(self.stack) > 1 and self.stack[-2][0] == "ol" and not silent and \
                not any(e[0] == "nav" for e in self.stack):
            self.stack[-2][5] += 1  # the number a reader shows (and the PDF sets)
            b.add_text(f"{self.stack[-2][5]}. ")

    def handle_endtag(self, tag):
        while self.stack:
            e = self.stack.pop()
            if e[0] == tag:
                break
        if tag in BLOCKS and not e[1]:
            self.b.add_text(" ")
        if tag == "nav" and self.in_page_list:
            self.in_page_list -= 1
        if tag == "a" and self.link is not None:
            doc, frag = self.b.resolve(self.name, self.link[0])
            self.b.page_list.append((doc, frag, self.link[1].strip(), self.link[0]))
            self.link = None

    def handle_data(self, data):
        if self.link is not None:
            self.link[1] += data
        for e in self.stack:
            if e[3] is not None and data.strip():
                e[3]["empty"] = False
        if not self.silent() and self.stack:
            self.b.add_text(data)

def pdf_pages(pdf, title):
    """[(label, body text)]: each page as pdftotext -layout sets it, less
    its folio (a last line that is the label) and its running head (a first
    line that is the book's title, a gap, and the part's title)."""
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    npages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    labels = page_labels(pdf, npages)
    raw = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout.split("\f")
    if len(raw) < npages:
        problem(f"pdftotext gave {len(raw)} pages, pdfinfo says {npages}")
    head = re.compile(re.escape(title) + r"\s{2,}\S")
    pages = []
    for i in range(npages):
        lines = [l for l in (raw[i] if i < len(raw) else "").split("\n") if l.strip()]
        folio = bool(lines) and lines[-1].strip() == labels[i]
        if folio:
            lines.pop()
        running = bool(lines) and head.match(lines[0].strip()) is not None
        if running:
            lines.pop(0)
        if folio and labels[i].isdigit() and not running:
            problem(f"PDF page {labels[i]}: a folio but no running head found")
        pages.append((labels[i], "\n".join(lines)))
    return npages, pages

def check(epub, pdf, want_id):
    b = Book(epub)
    title = b.opf.find(OPF + "metadata").find(DC + "title").text
    npages, pages = pdf_pages(pdf, title)
    by_label = dict(pages)
    with_text = [lab for lab, body in pages if squeeze(body)]

    # The page list: one entry per PDF page with text, in the PDF's order,
    # under its label, to a marker of that label, in reading order.
    labels = [e[2] for e in b.page_list]
    if labels != with_text:
        problem(f"page list {labels}, want the PDF's pages with text {with_text}")
    if len(labels) != npages:
        problem(f"{len(labels)} page-list entries for {npages} PDF pages")
    last = 0
    for doc, frag, label, href in b.page_list:
        m = b.markers.get((doc, frag))
        if not m:
            problem(f"page-list entry {label} -> {href}: no page-break marker there")
            continue
        if m["label"] != label:
            problem(f"marker {href}: aria-label {m['label']!r}, page list says {label!r}")
        if m["seq"] <= last:
            problem(f"page-list entry {label} is out of reading order")
        last = m["seq"]
    listed = {(d, f) for d, f, _, _ in b.page_list}
    for m in b.order:
        if (m["doc"], m["id"]) not in listed:
            problem(f"marker {m['doc']}#{m['id']} is not in the page list")
        if m["role"] != "doc-pagebreak" or "pagebreak" not in m["types"]:
            problem(f"marker {m['id']}: role {m['role']!r}, epub:type {m['types']}")
        if not m["empty"]:
            problem(f"marker {m['id']} is not empty")
        if m["tag"] not in ("span", "div") or (m["tag"] == "div" and m["parent"] in ("p", "li", "span", "a")):
            problem(f"marker {m['id']}: <{m['tag']}> in <{m['parent']}>")

    # The first words after each marker are the first words of its page.
    compared = 0
    for doc, frag, label, href in b.page_list:
        m = b.markers.get((doc, frag))
        if not m or label not in by_label:
            continue
        after = words(b.all[m["at"]:])[:WORDS]
        body = by_label[label]
        if not after:
            problem(f"page {label}: no text after its marker")
            continue
        want = "".join(after)
        got = squeeze(body)
        if not (got.startswith(want) or want.startswith(got)):  # a page may hold fewer words
            problem(f"page {label}: the EPUB reads {' '.join(after)!r} after its marker, "
                    f"the PDF page begins {' '.join(words(body)[:WORDS])!r}")
        compared += 1

    # The NCX's pageList mirrors the page list; playOrder is one sequence in
    # reading order with the navMap's points.
    if b.ncx:
        n = ET.fromstring(b.z.read(b.ncx))
        targets = list(n.iter(NCX + "pageTarget"))
        got = [(t.find(NCX + "navLabel").find(NCX + "text").text,
                b.resolve(b.ncx, t.find(NCX + "content").get("src"))) for t in targets]
        want = [(label, (doc, frag)) for doc, frag, label, _ in b.page_list]
        if got != want:
            problem(f"NCX pageList {[g[0] for g in got]} does not mirror the page list {labels}")
        for t in targets:
            lab = t.find(NCX + "navLabel").find(NCX + "text").text
            kind = "front" if re.fullmatch(r"[ivxlcdm]+", lab or "") else "normal"
            if t.get("type") != kind:
                problem(f"NCX pageTarget {lab}: type {t.get('type')!r}, want {kind}")
        points = [(int(p.get("playOrder")), b.resolve(b.ncx, p.find(NCX + "content").get("src")), "point")
                  for p in n.iter(NCX + "navPoint")]
        points += [(int(t.get("playOrder")), b.resolve(b.ncx, t.find(NCX + "content").get("src")), "page")
                   for t in targets]
        orders = [p[0] for p in points]
        if len(set(orders)) != len(orders):
            problem("NCX: two targets share a playOrder")
        seqs = [(o, b.places.get(t), t) for o, t, _ in sorted(points)]
        for (o1, s1, t1), (o2, s2, t2) in zip(seqs, seqs[1:]):
            if s1 is None or s2 is None or s1 >= s2:
                problem(f"NCX: playOrder {o1} ({t1}) then {o2} ({t2}) is not the reading order")
                break
        total = [m.get("content") for m in n.iter(NCX + "meta") if m.get("name") == "dtb:totalPageCount"]
        normal = sum(1 for t in targets if t.get("type") == "normal")
        if total != [str(normal)]:
            problem(f"NCX dtb:totalPageCount {total}, want {normal}")

    # The package names the print edition as the source of the pagination.
    md = b.opf.find(OPF + "metadata")
    src = [e for e in md.iter(DC + "source") if e.text == want_id]
    if not src or not src[0].get("id"):
        problem(f"no dc:source {want_id} with an id")
    else:
        refines = [m for m in md.iter(OPF + "meta")
                   if m.get("refines") == "#" + src[0].get("id") and m.get("property") == "source-of"]
        if [m.text for m in refines] != ["pagination"]:
            problem("dc:source is not refined as the source-of pagination")
    feats = [m.text for m in md.iter(OPF + "meta") if m.get("property") == "schema:accessibilityFeature"]
    for f in ("printPageNumbers", "pageNavigation", "pageBreakMarkers"):
        if f not in feats:
            problem(f"no schema:accessibilityFeature {f}")
    spans = sum(1 for m in b.order if m["tag"] == "span")
    inword = sum(1 for m in b.order if m["tag"] == "span" and b.all[m["at"] - 1:m["at"]].isalpha()
                 and b.all[m["at"]:m["at"] + 1].isalpha())
    print(f"{len(labels)} entries ({' '.join(labels)}) for {npages} PDF pages; {compared} pages compared; "
          f"{len(b.order) - spans} div and {spans} span markers, {inword} inside a word")

def cmd_check(epub, pdf, want_id):
    check(epub, pdf, want_id)

def cmd_alone(epub):
    """An EPUB built without the PDF: no trace of pages."""
    z = zipfile.ZipFile(epub)
    for name in z.namelist():
        if not name.endswith((".xhtml", ".ncx", ".opf")):
            continue
        s = z.read(name).decode()
        for bad in ("pagebreak", "page-list", "<pageList", "dc:source", "printPageNumbers", "pageNavigation"):
            if bad in s:
                problem(f"{name} has {bad!r}")
        if name.endswith(".ncx") and '"dtb:totalPageCount" content="0"' not in s:
            problem(f"{name}: dtb:totalPageCount is not 0")

MARKER = re.compile(r'<(div|span) id="[^"]*" role="doc-pagebreak"[^>]*></\1>\n?')

def cmd_same_text(paged, alone):
    """The content documents of both are the same, markers aside."""
    a, b = Book(paged), Book(alone)
    for name in a.spine:
        if name == a.nav:
            continue
        x = MARKER.sub("", a.z.read(name).decode())
        y = b.z.read(name).decode()
        if x != y:
            at = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]), min(len(x), len(y)))
            problem(f"{name}: without its markers it differs from the EPUB built alone at "
                    f"{x[max(0, at - 40):at + 40]!r}")

def rewrite(src, dst, edit):
    zi, zo = zipfile.ZipFile(src), zipfile.ZipFile(dst, "w")
    for info in zi.infolist():
        data = zi.read(info)
        if info.filename.endswith((".xhtml", ".ncx")):
            data = edit(info.filename, data.decode()).encode()
        zo.writestr(info, data, compress_type=info.compress_type)
    zo.close()

def cmd_break(src, dst, how):
    """An EPUB broken on purpose, for the checker to catch."""
    done = []
    def edit(name, s):
        if done:
            return s
        if how == "shift":  # the first marker inside a paragraph, one word later
            m = re.search(r'(<span id="page-[^"]*" role="doc-pagebreak"[^>]*></span>)(\w+[^\s<]*\s+)', s)
            if m:
                done.append(name)
                return s[:m.start()] + m.group(2) + m.group(1) + s[m.end():]
        if how == "drop" and 'epub:type="page-list"' in s:  # the last entry of the page list
            m = list(re.finditer(r'<li><a href="[^"]*#page-[^"]*">[^<]*</a></li>\n', s))
            if m:
                done.append(name)
                return s[:m[-1].start()] + s[m[-1].end():]
        if how == "order" and name.endswith(".ncx"):  # two page targets' playOrder swapped
            m = re.findall(r'<pageTarget [^>]*playOrder="(\d+)"', s)
            if len(m) > 3:
                done.append(name)
                a, b = m[2], m[3]
                s = s.replace(f'playOrder="{a}"', 'playOrder="X"').replace(f'playOrder="{b}"', f'playOrder="{a}"')
                return s.replace('playOrder="X"', f'playOrder="{b}"')
        return s
    rewrite(src, dst, edit)
    if not done:
        problem(f"could not break the EPUB ({how})")
    else:
        print(done[0])

cmd = globals()["cmd_" + sys.argv[1].replace("-", "_")]
cmd(*sys.argv[2:])
for p in problems:
    print("PROBLEM " + p)
sys.exit(1 if problems else 0)
