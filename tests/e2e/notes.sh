#!/usr/bin/env bash
# Footnotes, cross-references with page numbers, and printed addresses, on
# the fixture tests/fixtures/notes/ (two parts: six footnotes, one long
# enough to split across pages on the fixture's small page, one in a list
# item and one in a quotation, a footnoteref; xrefs to parts, sections, a
# footnote, through an endterm and an xreflabel; external links, one whose
# text is its address). Built on the small page and on A4:
# - both outputs build without a message; epubcheck says nothing;
# - in the PDF, read page by page (pdftotext -f N -l N), every note starts
#   on the page of its mark, and the long one goes on to the next page;
# - every "on page N" is the label of the page where the target's text is;
# - the addresses are in the PDF's text, not twice where the link's text is
#   the address, and not in the EPUB's prose;
# - the EPUB's marks are noteref links to asides, one per note, each with
#   a link back, at the end of the part's document;
# - no overfull line, and every word of the text in order;
# - a dangling linkend or endterm is an error at the reference.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPUBCHECK=/usr/share/java/epubcheck.jar
ACE_JS=$ROOT/build/tools/node_modules/@daisy/ace/bin/ace-puppeteer.js
CHROMIUM=$ROOT/tests/tools/chromium-headless
ANSI=$'\033''\[[0-9;]*m'
TOOLS=$ROOT/tests/tools
FIX=$FIXTURES/notes
SMALL=$WS/small
A4=$WS/a4

cat >"$WS/notes.py" <<'EOF'
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
EOF

NOTES_PY=("$WS/notes.py") # notes.py COMMAND TOOLS FILE...

begin "builds: the fixture on a small page and on A4, without a message"
run "$QUIRE" build -q -o "$SMALL" --style "$FIX/small.css" "$FIX/bundle.xml"
[ "$RC" = 0 ] || problem "exit $RC: $(excerpt "$ERR_FILE" 3)"
[ -s "$ERR_FILE" ] && problem "messages: $(excerpt "$ERR_FILE" 3)"
run "$QUIRE" build -q -o "$A4" "$FIX/bundle.xml"
[ "$RC" = 0 ] || problem "exit $RC: $(excerpt "$ERR_FILE" 3)"
[ -s "$ERR_FILE" ] && problem "messages: $(excerpt "$ERR_FILE" 3)"
end

begin "epubcheck: not a message"
if [ -f "$EPUBCHECK" ]; then
  run java -jar "$EPUBCHECK" "$SMALL/bundle.epub"
  grep -q "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" "$OUT_FILE" "$ERR_FILE" ||
    problem "$(grep -hE 'ERROR|WARNING|Messages' "$OUT_FILE" "$ERR_FILE" | head -n 3)"
else
  skip "epubcheck is not installed"
fi
end

begin "Ace by DAISY: no violation in the notes' EPUB"
if [ ! -f "$ACE_JS" ] || ! command -v node >/dev/null || [ ! -x /usr/bin/chromium ]; then
  skip "notes: Ace" "Ace is not installed ($ACE_JS, node, chromium): make deps"
else
  export HOME=$WS/home
  mkdir -p "$HOME"
  PUPPETEER_EXECUTABLE_PATH=$CHROMIUM run node "$ACE_JS" -E -f -o "$WS/ace/out" -t "$WS/ace/tmp" "$SMALL/bundle.epub"
  sed -i "s/$ANSI//g" "$OUT_FILE" "$ERR_FILE"
  if [ ! -f "$WS/ace/out/report.json" ]; then
    problem "Ace wrote no report (exit $RC); stderr: $(excerpt "$ERR_FILE" 4)"
  else
    python3 - "$WS/ace/out/report.json" >"$WS/ace.txt" 2>&1 <<'EOF' || problem "Ace: $(excerpt "$WS/ace.txt" 3)"
import json, sys
r = json.load(open(sys.argv[1]))
bad = []
for doc in r.get("assertions", []):
    for a in doc.get("assertions", []):
        if a.get("earl:result", {}).get("earl:outcome") != "pass":
            bad.append(f"{doc.get('earl:testSubject', {}).get('url', '?')}: {a.get('earl:test', {}).get('dct:title', '?')}")
if r.get("earl:result", {}).get("earl:outcome") != "pass" and not bad:
    bad.append(f"outcome {r.get('earl:result')}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
  fi
fi
end

begin "qpdf --check: both PDFs"
for d in "$SMALL" "$A4"; do
  run qpdf --check "$d/bundle.pdf"
  [ "$RC" = 0 ] || problem "${d#"$WS"/}: $(excerpt "$OUT_FILE" 2)"
done
end

begin "print: notes on the page of their mark, pages of references, addresses"
for d in "$SMALL" "$A4"; do
  run python3 "${NOTES_PY[@]}" pdf "$TOOLS" "$d/bundle.pdf"
  [ "$RC" = 0 ] || problem "notes.py exit $RC: $(excerpt "$ERR_FILE" 3)"
  [ -s "$OUT_FILE" ] && problem "$(excerpt "$OUT_FILE" 6)"
done
end

begin "print: the long note splits across pages on the small page"
pn=$(pdfinfo "$SMALL/bundle.pdf" | sed -n 's/^Pages: *//p')
start="" cont=""
for ((i = 1; i <= pn; i++)); do
  t=$(pdftotext -f "$i" -l "$i" "$SMALL/bundle.pdf" - | tr '\n' ' ')
  case $t in *"Delta opens a long note"*) start=$i ;; esac
  case $t in *"Golf, the list’s second item"*) cont=$i ;; esac
done
{ [ -n "$start" ] && [ -n "$cont" ] && [ "$cont" -gt "$start" ]; } ||
  problem "the long note starts on page '$start' and ends on page '$cont'"
end

begin "EPUB: noteref links to asides at the end of each part, with links back; no print addresses"
run python3 "${NOTES_PY[@]}" epub "$TOOLS" "$SMALL/bundle.epub"
[ "$RC" = 0 ] || problem "notes.py exit $RC: $(excerpt "$ERR_FILE" 3)"
[ -s "$OUT_FILE" ] && problem "$(excerpt "$OUT_FILE" 6)"
end

begin "PDF tags: Note elements, marks and references as Links"
pdfinfo -struct "$SMALL/bundle.pdf" >"$WS/struct.txt" 2>&1
n=$(grep -cE '^ *Note( |$)' "$WS/struct.txt")
[ "$n" -ge 6 ] || problem "$n Note elements, want 6 or more (a split note is one per page)"
grep -qE '^ *Link( |$)' "$WS/struct.txt" || problem "no Link element"
end

begin "typography: no overfull line on either page size"
for d in "$SMALL" "$A4"; do
  run python3 "$TOOLS/typography.py" --json "$d/bundle.pdf"
  [ "$RC" = 0 ] || { problem "typography.py exit $RC: $(excerpt "$ERR_FILE" 2)"; continue; }
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))[0]; sys.exit(m["overfull_lines"] != 0)' "$OUT_FILE" ||
    problem "${d#"$WS"/}: $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))[0]; print(m["overfull_lines"], m.get("overfull_examples", [])[:2])' "$OUT_FILE")"
done
end

begin "words: the running text in order in both PDFs"
python3 "${NOTES_PY[@]}" reference "$TOOLS" "$SMALL/bundle.epub" "$WS/text.txt"
for d in "$SMALL" "$A4"; do
  run python3 "$TOOLS/wordorder.py" --min 99.5 "$WS/text.txt" "$d/bundle.pdf"
  [ "$RC" = 0 ] || problem "${d#"$WS"/}: $(excerpt "$OUT_FILE" 1)"
done
end

begin "print-address: none in the theme prints no address"
printf '@page { size: 100mm 130mm; margin: 12mm; }\na { print-address: none; }\n' >"$WS/none.css"
run "$QUIRE" build -q -o "$WS/none" --style "$WS/none.css" "$FIX/bundle.xml"
[ "$RC" = 0 ] || problem "exit $RC: $(excerpt "$ERR_FILE" 3)"
pdftotext "$WS/none/bundle.pdf" "$WS/none.txt"
n=$(grep -c "(https://" "$WS/none.txt")
[ "$n" = 0 ] || problem "$n addresses printed"
end

begin "note-marks: symbols marks the notes * and † in both outputs"
printf '@page { size: 100mm 130mm; margin: 12mm; }\n.footnote { note-marks: symbols; }\n' >"$WS/sym.css"
run "$QUIRE" build -q -o "$WS/sym" --style "$WS/sym.css" "$FIX/bundle.xml"
[ "$RC" = 0 ] || problem "exit $RC: $(excerpt "$ERR_FILE" 3)"
pdftotext "$WS/sym/bundle.pdf" "$WS/sym.txt"
grep -q "follows this sentence\.\*" "$WS/sym.txt" || problem "no * after the first note's sentence"
grep -q "^† Delta opens" "$WS/sym.txt" || problem "the second note does not open with †"
unzip -p "$WS/sym/bundle.epub" OEBPS/opening.xhtml | grep -q '<sup>†</sup>' || problem "no † in the EPUB"
end

# ---- errors ----------------------------------------------------------------------

mkdir -p "$WS/bad"
cp "$FIX/bundle.xml" "$WS/bad/bundle.xml"
cp "$FIX/grimoire.xml" "$WS/bad/grimoire.xml"
cat >"$WS/bad/opening.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:id="opening">
  <info><title>Bad references</title></info>
  <para>To <xref linkend="nowhere"/> and
    to <xref linkend="grimoire" endterm="nothing"/>, and a mark<footnoteref linkend="grimoire"/>.</para>
</article>
EOF

begin "errors: a dangling linkend or endterm, a footnoteref to no footnote, at the reference"
expect_exit 1 "$QUIRE" check "$WS/bad/bundle.xml"
expect_diag "$WS/bad/opening.xml" 4 12 "xref to an unknown id 'nowhere'"
expect_diag "$WS/bad/opening.xml" 5 8 "xref endterm names an unknown id 'nothing'"
expect_diag "$WS/bad/opening.xml" 5 64 "footnoteref to 'grimoire', which is a part, not a footnote"
end

mkdir -p "$WS/js"
cp "$FIX/bundle.xml" "$FIX/grimoire.xml" "$WS/js/"
sed 's|https://learning.oreilly.com/|javascript:alert(1)|' "$FIX/opening.xml" >"$WS/js/opening.xml"
begin "errors: a javascript: link is refused at its address, and nothing is written"
expect_exit 1 "$QUIRE" build -o "$WS/js/out" "$WS/js/bundle.xml"
expect_diag "$WS/js/opening.xml" 10 33 "link address 'javascript:alert\(1\)' is refused: a link may be http:, https:, mailto:, tel: or relative to the book"
[ -e "$WS/js/out/bundle.pdf" ] && problem "a PDF was written"
end
