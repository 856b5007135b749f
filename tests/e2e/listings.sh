#!/usr/bin/env bash
# Listings and lists in both outputs, from one fixture that uses every kind:
# programlisting (numbered, with tabs and a line too long for the measure),
# screen, synopsis, literallayout, variablelist, simplelist of each type,
# orderedlist in each numeration with startingnumber, an override and a
# continuation, itemizedlist marks and nested lists. The print edition keeps
# each listing line's indentation (tabs expanded to 8 columns), marks a
# wrapped line, numbers lines, sets no line past the measure and tags Code
# and L/LI/Lbl/LBody; the e-book has <pre>/<code>, <dl>, start, value and
# list-style-type, and epubcheck says nothing. Every word of the source is in
# both, in order.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPUBCHECK=/usr/share/java/epubcheck.jar
WORDCHECK=$ROOT/tests/tools/wordorder.py
TYPOGRAPHY=$ROOT/tests/tools/typography.py
REFERENCE=$FIXTURES/listings.txt
EPOCH=1764028800

dir=$WS/listings
fixture_bundle "$dir" listings.xml
PDF=$dir/out/bundle.pdf
EPUB=$dir/out/bundle.epub

begin "listings and lists: both outputs build without a message"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -o "$dir/out" "$dir/bundle.xml"
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
[ -s "$PDF" ] && [ -s "$EPUB" ] || problem "an output is missing"
end

begin "listings and lists: epubcheck gives no message, qpdf finds nothing wrong"
if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
  problem "epubcheck is not installed ($EPUBCHECK, java)"
elif [ -s "$EPUB" ]; then
  java -jar "$EPUBCHECK" "$EPUB" >"$WS/epubcheck.out" 2>&1
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  grep -q '0 fatals / 0 errors / 0 warnings / 0 infos' <<<"$summary" ||
    problem "epubcheck: ${summary:-no summary}: $(grep -E '^(FATAL|ERROR|WARNING|INFO)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
fi
if [ -s "$PDF" ]; then
  qpdf --check "$PDF" >"$WS/qpdf.out" 2>&1 || problem "qpdf --check: $(excerpt "$WS/qpdf.out" 3)"
fi
end

pdftotext -layout -enc UTF-8 "$PDF" "$WS/layout.txt" 2>/dev/null

begin "the listing's lines keep their indentation, tabs expanded to 8 columns, numbered in the gutter"
# pdftotext -layout places words by their x on a character grid: the lines
# must come in order, each after its number, indented deeper where the
# source is (4 spaces, then one tab: 8 columns, then two: 16).
indent() { # the spaces between a numbered line's number and its text
  grep -E "^ *$1 +$2" "$WS/layout.txt" | head -n 1 | sed -E "s/^ *$1( +)$2.*/\\1/" | awk '{ print length($0) }'
}
i1=$(indent 1 'def greet')
i2=$(indent 2 '"""Say hello')
i3=$(indent 3 'if name:')
i4=$(indent 4 'return "hello, " \+ name')
i7=$(indent 7 'print\(greet')
for v in i1 i2 i3 i4 i7; do
  [ -n "${!v}" ] || problem "a numbered line is missing from pdftotext -layout ($v): $(grep -n 'greet\|name' "$WS/layout.txt" | head -n 5 | tr '\n' '|')"
done
if [ -n "$i1$i2$i3$i4" ]; then
  [ "$((i2 - i1))" -ge 3 ] && [ "$((i2 - i1))" -le 5 ] || problem "4 spaces show as $((i2 - i1)) columns"
  [ "$((i3 - i1))" -ge 7 ] && [ "$((i3 - i1))" -le 9 ] || problem "a tab shows as $((i3 - i1)) columns"
  [ "$((i4 - i1))" -ge 15 ] && [ "$((i4 - i1))" -le 18 ] || problem "two tabs show as $((i4 - i1)) columns"
  [ "$i7" = "$i1" ] || problem "an unindented line is indented ($i7 against $i1)"
fi
# Exactly, from the word boxes: the mono face's advance times the columns.
pdftotext -bbox -enc UTF-8 "$PDF" "$WS/bbox.html" 2>/dev/null
python3 "$ROOT/tests/tools/pdfwords.py" columns "$WS/bbox.html" >"$WS/cols.out" 2>&1 || problem "columns: $(excerpt "$WS/cols.out" 3)"
end

begin "a line too long for the measure wraps, with a continuation mark at its end"
grep -qE 'very long +→ *$' "$WS/layout.txt" || problem "no → at the end of the wrapped line: $(grep -n 'very long' "$WS/layout.txt" | head -n 2)"
grep -A1 'very long' "$WS/layout.txt" | tail -n 1 | grep -q 'line of code today, here and now"' ||
  problem "the wrapped line's rest is not on the next line"
grep -qE '^ *6 *$' "$WS/layout.txt" || problem "the blank line 6 has no number"
end

begin "screen, synopsis and literallayout keep their lines and indentation"
grep -q '^\$ quire build -o out bundle.xml$' "$WS/layout.txt" || problem "the screen's first line"
grep -q '^wrote out/bundle.pdf$' "$WS/layout.txt" || problem "the screen's last line"
grep -q '^quire build \[-o DIR\] \[--format epub,pdf\] BUNDLE.xml$' "$WS/layout.txt" || problem "the synopsis"
grep -qE '^ +violets are blue,$' "$WS/layout.txt" || problem "the poem's indented line"
grep -qE '^Roses are red,$' "$WS/layout.txt" || problem "the poem's first line"
end

begin "lists: terms, columns, numerations, starting numbers, overrides, continuation, marks"
for want in '^epub$' '^ +The e-book, for reading systems\.' '^pdf$' '^print$' \
  '^apples, pears, plums$' '^ +alpha +gamma$' '^ +beta +delta$' '^ +one +two +three$' \
  '^a\. first lettered' '^b\. second lettered' '^IV\. fourth roman' '^IX\. ninth roman' \
  '^ *X\. tenth roman' '^XI\. eleventh roman' '^ *i\. small roman' '^A\. capital letter' \
  '^1\. plain number' '^ *• outer disc' '^ +○ +middle circle' '^ +■ +inner square' \
  '^ *– dashed item' '^ +unmarked item' '^ *■ +square item' '^ *○ +circle item' '^ *• bullet item' \
  '^ *▸ starred item'; do
  grep -qE "$want" "$WS/layout.txt" || problem "not in pdftotext -layout: $want"
done
end

begin "listings and lists: no overfull line in the PDF"
run python3 "$TYPOGRAPHY" --json "$PDF"
if ! bad=$(python3 "$ROOT/tests/tools/pdf_checks.py" metrics "$OUT_FILE" "overfull_lines == 0" 2>&1) ||
  [ -n "$bad" ]; then
  problem "overfull lines: $bad"
fi
end

begin "listings and lists: every word, in order, in the PDF's text and in the EPUB"
# Simple lists in columns are a grid on the page, which pdftotext reads as
# columns of text blocks, in an order of its own: their words are left out
# of the PDF's reference (the lists test above finds each row where it is).
grep -v -e '^alpha beta gamma delta$' -e '^one two three four five$' "$REFERENCE" >"$WS/reference-pdf.txt"
run python3 "$WORDCHECK" --min 100 "$WS/reference-pdf.txt" "$PDF"
[ "$RC" = 0 ] || problem "pdf: $(excerpt "$OUT_FILE" 1) $(excerpt "$ERR_FILE" 1)"
run python3 "$WORDCHECK" --min 100 "$REFERENCE" "$EPUB"
[ "$RC" = 0 ] || problem "epub: $(excerpt "$OUT_FILE" 1) $(excerpt "$ERR_FILE" 1)"
end

begin "the PDF's structure: Code for listings, L/LI/Lbl/LBody for lists of terms and simple lists"
pdfinfo -struct "$PDF" >"$WS/struct.txt" 2>&1
n_code=$(grep -c '^ *Code' "$WS/struct.txt")
[ "$n_code" = 3 ] || problem "$n_code Code elements, not 3 (programlisting, screen, synopsis)"
for el in L LI Lbl LBody; do
  grep -qE "^ *$el \(block\)" "$WS/struct.txt" || problem "no $el element"
done
# The variablelist: an LI holding a Lbl (the terms) then an LBody with the P.
python3 "$ROOT/tests/tools/pdfstruct.py" list-items "$WS/struct.txt" >"$WS/dl.out" 2>&1 || problem "$(excerpt "$WS/dl.out" 2)"
end

begin "the EPUB: <pre> with <code> and the language, <dl>, start, value, list-style-type"
rm -rf "$WS/x" && mkdir -p "$WS/x" && (cd "$WS/x" && unzip -q "$EPUB")
doc=$(find "$WS/x" -name 'listings.xhtml' | head -n 1)
css=$(find "$WS/x" -name 'style.css' | head -n 1)
for want in '<pre class="programlisting numbered"><code class="language-python"><span class="line">def <em>greet</em>\(name\):</span>' \
  '<span class="line">        if name:</span>' '<span class="line">                return &quot;hello' \
  '<pre class="screen"><samp>\$ <strong>quire</strong> build' '<pre class="synopsis"><code>quire build' \
  '<pre class="literallayout">Roses are red,' '^    violets are blue,$' \
  '<dl>' '<dt>epub</dt>' '<dt id="print-edition">pdf</dt>' '<dt>print</dt>' '<dd><p>The print edition' \
  '<p class="simplelist inline"><span>apples</span>, <span>pears</span>' \
  '<ul class="simplelist vertical" style="column-count: 2">' \
  '<ul class="simplelist horizontal" style="grid-template-columns: repeat\(3, auto\)">' \
  '<ol style="list-style-type: lower-alpha">' '<ol start="4" style="list-style-type: upper-roman">' \
  '<li value="9">' '<ol start="11" style="list-style-type: upper-roman">' \
  '<ol style="list-style-type: lower-roman">' '<ol style="list-style-type: upper-alpha">' \
  '<ul style="list-style-type: &quot;– &quot;">' '<ul style="list-style-type: none">' \
  '<ul style="list-style-type: square">' '<ul style="list-style-type: circle">' \
  '<ul style="list-style-type: &quot;▸ &quot;">'; do
  grep -qE "$want" "$doc" || problem "not in the XHTML: $want"
done
grep -q $'\t' "$doc" && problem "a tab left in the XHTML"
grep -q '<ol start="1"' "$doc" && problem "start=\"1\" written"
for want in 'white-space: pre-wrap' 'counter-increment: line' 'content: counter\(line\)' \
  '^ul ul \{' 'list-style-type: circle' '^ul ul ul \{' 'ul \+ p, ol \+ p, dl \+ p, pre \+ p'; do
  grep -qE "$want" "$css" || problem "not in the style sheet: $want"
done
end

begin "inline code is never stretched: its spaces keep their width in a justified line"
python3 "$ROOT/tests/tools/pdfwords.py" code-spaces "$WS/bbox.html" >"$WS/code.out" 2>&1 || problem "$(excerpt "$WS/code.out" 2)"
end

begin "a listing crosses a page but never leaves one line alone on either side"
# Listings of 48 to 56 lines after three paragraphs: the page breaks at
# each place in the last lines in turn; every page must hold two or more.
pages_dir=$WS/pages
mkdir -p "$pages_dir"
crossed=0
for n in 48 49 50 51 52 53 54 55 56; do
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><info><title>Pages</title></info>'
    for _ in 1 2 3; do
      echo '<para>Text that runs on for a while so that the listing below begins down the page and'
      echo 'must cross into the next one, which is what this test is about; more words, more words.</para>'
    done
    printf '<programlisting linenumbering="numbered">'
    seq -f 'codeline %g' 1 "$n"
    echo '</programlisting><para>After.</para></article>'
  } >"$pages_dir/pages.xml"
  { cat "$FIXTURES/bundle-head.xml"; echo '<xi:include href="pages.xml"/></book>'; } >"$pages_dir/bundle.xml"
  run "$QUIRE" build -q --format pdf -o "$pages_dir/out" "$pages_dir/bundle.xml"
  [ "$RC" = 0 ] || { problem "$n lines: exit $RC: $(excerpt "$ERR_FILE" 2)"; continue; }
  np=$(pdfinfo "$pages_dir/out/bundle.pdf" | awk '/^Pages:/ { print $2 }')
  total=0 counts=
  for ((pg = 1; pg <= np; pg++)); do
    c=$(pdftotext -f "$pg" -l "$pg" -layout "$pages_dir/out/bundle.pdf" - | grep -c 'codeline')
    total=$((total + c))
    [ "$c" = 0 ] || counts="$counts $c"
    [ "$c" != 1 ] || problem "$n lines: page $pg holds one line of the listing (pages:$counts)"
  done
  [ "$total" = "$n" ] || problem "$n lines: $total set"
  [ "$(wc -w <<<"$counts")" -lt 2 ] || crossed=$((crossed + 1))
done
[ "$crossed" -ge 3 ] || problem "only $crossed of the listings crossed a page: the test proves little"
end
