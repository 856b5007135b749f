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


NOTES_PY=("$TOOLS/notes_checks.py") # notes_checks.py COMMAND TOOLS FILE...

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
    python3 "$ROOT/tests/tools/ace_outcome.py" "$WS/ace/out/report.json" >"$WS/ace.txt" 2>&1 || problem "Ace: $(excerpt "$WS/ace.txt" 3)"
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
  [ "$RC" = 0 ] || problem "notes_checks.py exit $RC: $(excerpt "$ERR_FILE" 3)"
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
[ "$RC" = 0 ] || problem "notes_checks.py exit $RC: $(excerpt "$ERR_FILE" 3)"
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
  if ! bad=$(python3 "$TOOLS/pdf_checks.py" metrics "$OUT_FILE" "overfull_lines == 0" 2>&1) || [ -n "$bad" ]; then
    problem "${d#"$WS"/}: $bad"
  fi
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
