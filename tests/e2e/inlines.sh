#!/usr/bin/env bash
# DocBook's inlines and the book's metadata (issue 11), from one fixture
# that uses them all (tests/fixtures/inlines/): both outputs build without a
# message and pass their validators; quotations get their language's marks
# (English, French with narrow no-break spaces, German, Spanish inside an
# English part), nested ones the inner pair, alike in the PDF's text and in
# the EPUB; superscripts and subscripts are smaller and off the baseline in
# the trace; every inline keeps its class in the XHTML and is tagged in the
# PDF (Code, Quote); editors and other credits are EPUB contributors with
# MARC roles and are named on the title page; the copyright and the legal
# notice are in dc:rights and on the title page's back; a Japanese name, and
# a Korean one in Hangul (without a space), are written family name first;
# every word of the sources comes out in order.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPUBCHECK=/usr/share/java/epubcheck.jar
WORDCHECK=$ROOT/tests/tools/wordorder.py
EPOCH=1764028800
SRC=$FIXTURES/inlines
dir=$WS/inlines
NNBSP=$(printf '\u202f')

# The EPUB's XHTML and package, unzipped once.
unpack() {
  mkdir -p "$WS/epub" && (cd "$WS/epub" && unzip -qo "$dir/bundle.epub")
}

begin "every inline and metadata element builds into both outputs without a message"
mkdir -p "$dir"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --trace "$dir/bundle.trace" -o "$dir" "$SRC/bundle.xml"
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
[ -s "$dir/bundle.epub" ] && [ -s "$dir/bundle.pdf" ] || problem "an output is missing"
grep -q '^layout .* overfull=0$' "$dir/bundle.trace" || problem "overfull lines: $(head -n 1 "$dir/bundle.trace")"
end

[ -s "$dir/bundle.epub" ] && unpack
pdftotext -enc UTF-8 "$dir/bundle.pdf" "$WS/pdf.txt" 2>/dev/null
cat "$WS"/epub/OEBPS/*.xhtml >"$WS/xhtml.txt" 2>/dev/null
# The XHTML's text, markup taken out (inline elements join their text).
sed -e 's/<[^>]*>//g' "$WS/xhtml.txt" >"$WS/epubtext.txt"

begin "epubcheck gives no message; qpdf finds the PDF clean"
if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
  problem "epubcheck is not installed ($EPUBCHECK, java)"
else
  java -jar "$EPUBCHECK" "$dir/bundle.epub" >"$WS/epubcheck.out" 2>&1
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  grep -q '0 fatals / 0 errors / 0 warnings / 0 infos' <<<"$summary" ||
    problem "epubcheck: ${summary:-no summary}: $(grep -E '^(FATAL|ERROR|WARNING|INFO)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
fi
qpdf --check "$dir/bundle.pdf" >"$WS/qpdf.out" 2>&1 || problem "qpdf: $(excerpt "$WS/qpdf.out" 3)"
end

begin "Ace by DAISY finds no violation in the EPUB"
ACE_JS=$ROOT/build/tools/node_modules/@daisy/ace/bin/ace-puppeteer.js
if [ ! -f "$ACE_JS" ] || ! command -v node >/dev/null || [ ! -x /usr/bin/chromium ]; then
  problem "Ace is not installed ($ACE_JS, node, chromium): run make deps"
else
  mkdir -p "$WS/home"
  HOME=$WS/home PUPPETEER_EXECUTABLE_PATH=$ROOT/tests/tools/chromium-headless \
    run node "$ACE_JS" -E -f -o "$WS/ace/out" -t "$WS/ace/tmp" "$dir/bundle.epub"
  [ "$RC" = 0 ] || problem "Ace exited $RC: $(excerpt "$ERR_FILE" 3)"
  python3 "$ROOT/tests/tools/ace_outcome.py" --checked "$WS/ace/out/report.json" >"$WS/ace.txt" 2>&1 || problem "Ace: $(excerpt "$WS/ace.txt" 3)"
fi
end

begin "quotations have their language's marks, the inner pair inside, in the PDF and the EPUB"
for want in "“keep the ‘small’ notebook dry”" \
            "«${NNBSP}gardez le “petit” carnet au sec${NNBSP}»" \
            "„halte das ‚kleine‘ Notizbuch trocken“" "«hola»"; do
  grep -qF "$want" "$WS/epubtext.txt" || problem "not in the EPUB's text: $want"
  # pdftotext gives the narrow no-break space as a space; the trace has it.
  grep -qF "${want//$NNBSP/ }" "$WS/pdf.txt" || problem "not in the PDF's text: $want"
done
grep -qF "\"«${NNBSP}\"" "$dir/bundle.trace" || problem "no narrow no-break space in the trace"
# The marks are text, never <q> (whose marks a reading system would add again).
grep -q '<q[ >]' "$WS/xhtml.txt" && problem "a <q> element in the XHTML"
grep -q 'class="quote"' "$WS/xhtml.txt" || problem "no class=\"quote\" in the XHTML"
end

begin "superscripts and subscripts are smaller, raised and lowered (from the trace)"
# "H" then the subscript "2" then "O and the area is 3 m" then the superscript "2".
python3 "$ROOT/tests/tools/trace_checks.py" shift "$dir/bundle.trace" >"$WS/shift.out" 2>&1 || problem "$(cat "$WS/shift.out")"
end

begin "underline and strikethrough are rules in print"
grep -q '^  rule ' "$dir/bundle.trace" || problem "no rule in the trace"
[ "$(grep -c '^  rule ' "$dir/bundle.trace")" -ge 4 ] || problem "fewer rules than ruled words"
end

begin "every inline keeps its class in the XHTML, each with its element"
for cls in quote superscript subscript literal tag filename command option replaceable userinput \
           computeroutput varname function parameter classname type constant envar prompt keycap \
           guilabel guimenu email uri abbrev acronym trademark firstterm glossterm wordasword \
           foreignphrase phrase anchor underline strikethrough; do
  grep -q "class=\"$cls\"" "$WS/xhtml.txt" || problem "no class=\"$cls\""
done
grep -q '<sup class="superscript">2</sup>' "$WS/xhtml.txt" || problem "no <sup>"
grep -q '<sub class="subscript">2</sub>' "$WS/xhtml.txt" || problem "no <sub>"
grep -q '<abbr class="acronym">NASA</abbr>' "$WS/xhtml.txt" || problem "no <abbr> for the acronym"
grep -q '<kbd class="userinput">' "$WS/xhtml.txt" || problem "no <kbd> for userinput"
grep -q 'href="mailto:ada@example.org"' "$WS/xhtml.txt" || problem "the email is no mailto: link"
grep -q 'href="https://example.org/quire"' "$WS/xhtml.txt" || problem "the uri is no link"
grep -q '<span id="here" class="anchor">' "$WS/xhtml.txt" || problem "the anchor is no target"
grep -q 'href="en.xhtml#here"' "$WS/xhtml.txt" || problem "the link to the anchor"
grep -qF 'Quire™' "$WS/pdf.txt" && grep -qF 'Folio®' "$WS/pdf.txt" || problem "trademark signs"
# The theme's selectors for them reach the style sheet.
grep -q '^\.filename {' "$WS"/epub/OEBPS/style.css || problem "no .filename rule in the CSS"
end

begin "section roles are classes, an unknown one kept"
grep -q '<section id="en-s1" class="key-features">' "$WS/xhtml.txt" || problem "role key-features"
grep -q 'class="a-role-no-theme-knows"' "$WS/xhtml.txt" || problem "the unknown role"
end

begin "a theme selects a section role as section.ROLE, in both outputs"
cp "$ROOT/styles/default.css" "$WS/roles.css"
printf '\nsection.key-features {\n  color: #336699;\n}\n' >>"$WS/roles.css"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --style "$WS/roles.css" --trace "$WS/roles.trace" \
  -o "$WS/roles" "$SRC/bundle.xml"
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
grep -q '"Some"' "$WS/roles.trace" || problem "no paragraph of the section in the trace"
grep '"Some"' "$WS/roles.trace" | grep -q '#336699' || problem "the role's colour is not the paragraph's"
grep 'Er sagte' "$WS/roles.trace" | grep -q '#336699' && problem "the role's colour leaks out"
unzip -p "$WS/roles/bundle.epub" OEBPS/style.css | grep -q '^section.key-features {' ||
  problem "no section.key-features rule in the EPUB's CSS"
end

begin "the PDF tags code as Code, quotations as Quote, and a language span as Span"
pdfinfo -struct "$dir/bundle.pdf" >"$WS/struct.txt" 2>&1
for t in Code Quote Span Link; do
  grep -q "^ *$t (inline)" "$WS/struct.txt" || problem "no $t in the structure tree"
done
# The Spanish phrase (holding a quotation) is a Span with /Lang (es).
qpdf --qdf --object-streams=disable "$dir/bundle.pdf" "$WS/qdf.pdf" 2>/dev/null
grep -a -A3 "/Lang (es)" "$WS/qdf.pdf" | grep -aq "/S /Span" || problem "no Span with /Lang (es)"
end

begin "editors and other credits are EPUB contributors with MARC roles"
opf=$WS/epub/OEBPS/package.opf
python3 "$ROOT/tests/tools/epub_checks.py" roles "$opf" >"$WS/opf.out" 2>&1 || problem "$(cat "$WS/opf.out")"
for line in "Edited by Grace Hopper (Navy Computing Office) and 김민준" "Translated by Jean Sammet" \
            "Illustrated by Difference Drawings" "Analytical Engine Society"; do
  grep -qF "$line" "$WS/pdf.txt" || problem "not on the PDF's title page: $line"
  grep -qF "$line" "$WS/epub/OEBPS/titlepage.xhtml" 2>/dev/null ||
    grep -qF "$line" "$WS/xhtml.txt" || problem "not on the EPUB's title page: $line"
done
# An author's organisation stands under that author's name.
grep -A1 -F "Dr. Ada King Lovelace Jr." "$WS/pdf.txt" | grep -qF "Analytical Engine Society" ||
  problem "the affiliation is not under its author in the PDF"
grep -A1 -F ">Dr. Ada King Lovelace Jr.<" "$WS/xhtml.txt" | grep -qF 'class="affiliation">Analytical Engine Society<' ||
  problem "the affiliation is not under its author in the EPUB"
end

begin "the copyright and legal notice: dc:rights, and the title page's back"
grep -qF '<dc:rights>© 2025, 2026 Ada Lovelace. Permission is granted to copy this fixture for any purpose.</dc:rights>' "$opf" ||
  problem "dc:rights: $(grep -o '<dc:rights>.*</dc:rights>' "$opf")"
grep -q '<dc:date>2026-03</dc:date>' "$opf" || problem "dc:date is not the ISO <date>"
# Page ii of the print edition (the second page, before the contents).
pdftotext -enc UTF-8 -f 2 -l 2 "$dir/bundle.pdf" - >"$WS/page2.txt"
for line in "© 2025, 2026 Ada Lovelace" "Permission is granted" "Second edition" \
            "Draft three for review" "2026-03"; do
  grep -qF "$line" "$WS/page2.txt" || problem "not on page ii: $line"
done
end

begin "a Japanese name is written family name first, in both outputs"
grep -qF "Yamada Taro" "$WS/pdf.txt" || problem "PDF"
grep -qF "Yamada Taro" "$WS/xhtml.txt" || problem "EPUB"
grep -qF "Taro Yamada" "$WS/pdf.txt" "$WS/xhtml.txt" && problem "given name first somewhere"
end

begin "a note's book details, from bibliomixed and from biblioentry, in both outputs"
for line in "Publisher: Pocket Press" "Published: March 2021" "Edition: Third edition" \
            "ISBN: 978-0-00-000000-2" "DOI: 10.1000/field.notes" "Pages: xii and 240 pages" \
            "Note: Out of print since the flood" "Link: the publisher's page" \
            "Authors: Ada Lovelace and Grace Hopper" "Publisher: Quarto House" \
            "URI: urn:x-quire:margins"; do
  grep -qF "$line" "$WS/pdf.txt" || problem "not in the PDF: $line"
  grep -qF "$line" "$WS/epubtext.txt" || problem "not in the EPUB: $line"
done
grep -qF "Author: by Yamada Taro" "$WS/pdf.txt" || problem "the authors took the details' punctuation"
grep -q 'href="https://example.org/field-notes"' "$WS/xhtml.txt" || problem "the book's link"
end

begin "every word of the sources, in order, in the PDF and in the EPUB"
# Names in parts are reordered by design: their lines are left out.
python3 "$ROOT/tests/tools/reference_text.py" inlines "$SRC" >"$WS/words.txt"
for out in bundle.pdf bundle.epub; do
  run python3 "$WORDCHECK" --min 100 "$WS/words.txt" "$dir/$out"
  [ "$RC" = 0 ] || problem "$out: $(excerpt "$OUT_FILE" 1) $(excerpt "$ERR_FILE" 1)"
done
end
