#!/usr/bin/env python3
"""notes_checks.py: footnotes and cross-references in a built book (e2e/notes.sh).

    python3 tests/tools/notes_checks.py pdf TOOLS BOOK.pdf
    python3 tests/tools/notes_checks.py epub TOOLS BOOK.epub
    python3 tests/tools/notes_checks.py reference TOOLS BOOK.epub OUT.txt

TOOLS is tests/tools (for wordorder). pdf and epub print one problem a line and exit 1 if
there is any; reference writes the text as a reader meets it, for wordorder.py.
"""
import json, re, subprocess, sys, zipfile
from html.parser import HTMLParser
sys.path.insert(0, sys.argv[2])
import wordorder

def out(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

def flat(s):
    """A page's text as one line: hyphenated line ends joined, a line end
    after / . ? & # inside an address joined, white space as one space."""
    s = re.sub(r"(\w)-\n(\w)", r"\1\2", s)
    s = re.sub(r"([/?&#])\n", r"\1", s)
    s = re.sub(r"(https?://\S*\.)\n", r"\1", s)
    return re.sub(r"\s+", " ", s)

def labels(pdf, n):
    data = json.loads(out(["qpdf", "--json", "--json-key=pagelabels", pdf]))
    ranges = sorted(data["pagelabels"], key=lambda r: r["index"])
    res = []
    for p in range(n):
        r = [x for x in ranges if x["index"] <= p][-1]
        lab = r["label"]
        prefix = lab.get("/P", "")
        prefix = prefix[2:] if prefix.startswith("u:") else prefix
        num = str(lab.get("/St", 1) + p - r["index"]) if lab.get("/S") == "/D" else ""
        res.append(prefix + num)
    return res

def check_pdf(pdf):
    problems = []
    n = int(re.search(r"Pages:\s+(\d+)", out(["pdfinfo", pdf])).group(1))
    pages = [flat(out(["pdftotext", "-enc", "UTF-8", "-f", str(i), "-l", str(i), pdf, "-"]))
             for i in range(1, n + 1)]
    def page_of(phrase):
        found = [i for i, t in enumerate(pages) if phrase in t]
        return found[0] if found else None
    # Each note on the page of its mark: (the words before the mark, the note's start).
    notes = [("follows this sentence.1", "1 Bravo is the first note"),
             ("whose text is its address.2", "2 Delta opens a long note"),
             ("the sentences are short.3", "3 Juliet is a note"),
             ("list item with a note.4", "4 Lima is the note"),
             ("note about a book.1", "1 Papa is the first note"),
             ("quoted here, with a note.2", "2 Uniform is the note")]
    for mark, start in notes:
        pm, pn = page_of(mark), page_of(start)
        if pm is None or pn is None:
            problems.append(f"{pdf}: mark '{mark}' on page {pm}, note '{start}' on page {pn}")
        elif pm != pn:
            problems.append(f"{pdf}: mark '{mark}' on page {pm + 1}, its note on page {pn + 1}")
    # The long note's end: on its first page or the pages after it, in order.
    first, last = page_of("Delta opens a long note"), page_of("Golf, the list’s second item")
    if first is None or last is None or last < first:
        problems.append(f"{pdf}: the long note runs from page {first} to {last}")
    # The footnoteref repeats the mark: "here2" (or "here2 " before "without").
    if page_of("repeats the long note’s mark here2") is None:
        problems.append(f"{pdf}: no repeated mark after 'here'")
    if sum(t.count("Delta opens a long note") for t in pages) != 1:
        problems.append(f"{pdf}: the long note is not set exactly once")
    # Page references: the text before " on page N", and the words of its target.
    lab = labels(pdf, n)
    refs = [("note 1, “The Speed Demon’s Grimoire” on page ", "Oscar opens the second part"),
            ("the section “Tricks of the Trade” on page ", "Sierra describes the tricks"),
            ("on to “Tricks of the Trade” on page ", "Sierra describes the tricks"),
            ("refers to note 2 on page ", "2 Delta opens a long note"),
            ("The End of the Opening on page ", "November closes the opening"),
            ("the labelled paragraph on page ", "November closes the opening"),
            ("“A Section in the Middle” on page ", "India fills the middle section"),
            ("“Where the Notes Begin” on page ", "Alpha begins the opening")]
    text = " ".join(pages)
    for before, target in refs:
        m = re.search(re.escape(before) + r"([0-9ivxlc]+)", text)
        pt = page_of(target)
        if not m:
            problems.append(f"{pdf}: no '{before}N'")
        elif pt is None or lab[pt] != m.group(1):
            problems.append(f"{pdf}: '{before}{m.group(1)}', but the target is on page "
                            f"{lab[pt] if pt is not None else None}")
    # Addresses in print: after the link's text, once; never twice for a link
    # whose text is the address.
    for want in ["O’Reilly learning platform (https://learning.oreilly.com/)",
                 "timeit documentation (https://docs.python.org/3/library/timeit.html)",
                 "the example site (https://www.example.org/a/rather/long/address/that/must/break?at=slashes&and=ampersands)"]:
        if want not in text:
            problems.append(f"{pdf}: no '{want}'")
    if text.count("realpython.com") != 1:
        problems.append(f"{pdf}: realpython.com printed {text.count('realpython.com')} times")
    return problems

class Epub(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.refs, self.asides, self.backs, self.in_aside = set(), [], [], [], 0
        self.after_aside_text = False
        self.text = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("epub:type") == "noteref":
            self.refs.append(a)
            if a.get("role") != "doc-noteref":
                self.asides.append(("bad noteref role", a))
        if tag == "aside":
            self.in_aside += 1
            self.asides.append(a)
        if tag == "a" and a.get("role") == "doc-backlink":
            self.backs.append(a)
    def handle_endtag(self, tag):
        if tag == "aside":
            self.in_aside -= 1
    def handle_data(self, data):
        if self.in_aside:
            return
        if self.asides and data.strip() and not self.in_aside:
            self.after_aside_text = True
        self.text.append(data)

def check_epub(epub):
    problems = []
    z = zipfile.ZipFile(epub)
    counts = {"OEBPS/opening.xhtml": (5, 4), "OEBPS/grimoire.xhtml": (2, 2)}
    for name, (nrefs, nasides) in counts.items():
        p = Epub()
        p.feed(z.read(name).decode("utf-8"))
        if len(p.refs) != nrefs or len(p.asides) != nasides or len(p.backs) != nasides:
            problems.append(f"{name}: {len(p.refs)} noterefs, {len(p.asides)} asides, "
                            f"{len(p.backs)} backlinks; want {nrefs}, {nasides}, {nasides}")
        for a in p.asides:
            if not isinstance(a, dict) or a.get("epub:type") != "footnote" or a.get("role") != "doc-footnote":
                problems.append(f"{name}: aside {a}")
        for r in p.refs:
            if r["href"].lstrip("#") not in {a.get("id") for a in p.asides if isinstance(a, dict)}:
                problems.append(f"{name}: noteref to {r['href']}, which is no aside")
        for b in p.backs:
            if b["href"].lstrip("#") not in p.ids:
                problems.append(f"{name}: backlink to {b['href']}, which is no id")
        if p.after_aside_text:
            problems.append(f"{name}: text after the notes: they are not at the document's end")
        prose = "".join(p.text)
        if "(https://" in prose:
            problems.append(f"{name}: an address in the prose")
        if "on page" in prose:
            problems.append(f"{name}: a print page in the prose")
    return problems

def reference(epub, path):
    """The EPUB's words without its notes: the running text, which the PDF
    must hold in order."""
    z = zipfile.ZipFile(epub)
    words = []
    for name in ["OEBPS/opening.xhtml", "OEBPS/grimoire.xhtml"]:
        s = z.read(name).decode("utf-8")
        s = re.sub(r"<aside.*?</aside>", " ", s, flags=re.S)
        s = re.sub(r"<sup>.*?</sup>", "", s)
        s = re.sub(r"<head>.*?</head>", " ", s, flags=re.S)
        s = re.sub(r"<[^>]+>", " ", s)
        words.append(s)
    import html
    open(path, "w").write(html.unescape(" ".join(words)))

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "pdf":
        probs = check_pdf(sys.argv[3])
    elif cmd == "epub":
        probs = check_epub(sys.argv[3])
    else:
        reference(sys.argv[3], sys.argv[4])
        probs = []
    for p in probs:
        print(p)
