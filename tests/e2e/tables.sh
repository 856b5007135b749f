#!/usr/bin/env bash
# Tables, both DocBook models, in both outputs: the fixture tests/fixtures/
# tables/ holds "the five books at a glance" as a CALS table, a schedule with
# row and column spans, prices aligned on the decimal point, an HTML-model table with th scopes and spans, and a
# table of 120 rows that crosses pages. Both outputs build without a
# message, the EPUB passes epubcheck and Ace, the PDF qpdf; the PDF's text
# shows the cells in columns and the head rows at the top of every page the
# long table goes on to (drawn there as furniture: the structure holds them
# once); the structure tree has Table, THead, TBody, TR, TH, TD, Caption; no
# line is overfull and every word is there in order. Each kind of bad table
# is one error at its position (columns counted by hand from the fixtures).
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPUBCHECK=/usr/share/java/epubcheck.jar
TOOLS=$ROOT/tests/tools
ACE_JS=$ROOT/build/tools/node_modules/@daisy/ace/bin/ace-puppeteer.js
DIR=$FIXTURES/tables
OUT=$WS/out
PDF=$OUT/bundle.pdf
EPUB=$OUT/bundle.epub
EPOCH=1764028800
export HOME=$WS/home
mkdir -p "$HOME"

begin "tables: both outputs build without a message"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -o "$OUT" "$DIR/bundle.xml"
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
[ -s "$PDF" ] && [ -s "$EPUB" ] || problem "missing output"
end

begin "tables: two builds give the same bytes"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -o "$WS/again" "$DIR/bundle.xml"
cmp -s "$PDF" "$WS/again/bundle.pdf" || problem "the PDFs differ"
cmp -s "$EPUB" "$WS/again/bundle.epub" || problem "the EPUBs differ"
end

begin "tables: epubcheck 0 messages"
run java -jar "$EPUBCHECK" "$EPUB"
grep -q 'Messages: 0 fatals / 0 errors / 0 warnings / 0 infos' "$OUT_FILE" ||
  problem "epubcheck: $(grep -E 'ERROR|WARNING|Messages' "$OUT_FILE" "$ERR_FILE" | head -3 | tr '\n' '|')"
end

begin "tables: Ace finds no violation"
if [ ! -f "$ACE_JS" ] || [ ! -x /usr/bin/chromium ]; then
  problem "Ace or chromium is not installed: run make deps"
else
  PUPPETEER_EXECUTABLE_PATH=$TOOLS/chromium-headless \
    run node "$ACE_JS" -E -f -o "$WS/ace/out" -t "$WS/ace/tmp" "$EPUB"
  if [ -f "$WS/ace/out/report.json" ]; then
    run python3 "$TOOLS/ace_outcome.py" "$WS/ace/out/report.json"
    [ "$RC" = 0 ] || problem "Ace: $(excerpt "$OUT_FILE" 3)"
  else
    problem "Ace wrote no report: $(excerpt "$ERR_FILE" 3)"
  fi
fi
end

begin "tables: the EPUB's tables: caption, thead, th scope, colspan, rowspan, col widths"
rm -rf "$WS/x" && mkdir -p "$WS/x" && (cd "$WS/x" && unzip -q "$EPUB")
X=$WS/x/OEBPS/books.xhtml
[ -f "$X" ] || X=$(ls "$WS"/x/OEBPS/*.xhtml | grep -v -e nav -e cover -e titlepage | head -1)
for want in '<caption><span class="label">Table 1.</span> The five books at a glance</caption>' \
  '<thead>' '<tbody>' '<th scope="col">' '<th scope="row">' 'colspan="2"' 'rowspan="2"' \
  '<col style="width: 30.0%"/>' '<td rowspan="2">'; do
  grep -qF -- "$want" "$X" || problem "no $want in $(basename "$X")"
done
end

begin "tables: qpdf --check is clean"
run qpdf --check "$PDF"
grep -q 'No syntax or stream encoding errors' "$OUT_FILE" || problem "qpdf: $(excerpt "$OUT_FILE" 3)"
end

begin "tables: pdftotext -layout shows the cells in columns"
pdftotext -layout "$PDF" "$WS/layout.txt"
for re in '^ *Title +Author +Year +Free +Where to get it' \
  '^ *Fluent Python +Ramalho +2015 +no +Any bookshop' \
  '^ *Week +Monday +Wednesday +Friday' '^ *Two +Field trip' \
  '^ *Crafting Interpreters +2021 and after'; do
  grep -qE -- "$re" "$WS/layout.txt" || problem "no line like '$re'"
done
end

begin "tables: a column with align=char puts its decimal points on one vertical"
# The figures are tabular: a digit's width is a third of "120"'s; where a
# number's point is = its left edge + its whole digits' widths.
pdftotext -bbox "$PDF" - | grep -E '>(49\.99|5\.5|120|0\.125)<' | head -4 >"$WS/dec.txt"
spread=$(awk -F'"' '{
    w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
    x0 = $2 + 0; x1 = $6 + 0; n = split(w, part, ".")
    if (w == "120") d = (x1 - x0) / 3
    xs[NR] = x0; ints[NR] = length(part[1])
  } END {
    if (NR != 4 || !d) { print "missing"; exit }
    lo = 1e9; hi = -1e9
    for (i = 1; i <= NR; i++) { p = xs[i] + ints[i] * d; if (p < lo) lo = p; if (p > hi) hi = p }
    printf "%.2f", hi - lo
  }' "$WS/dec.txt")
if [ "$spread" = missing ] || awk -v s="$spread" 'BEGIN { exit !(s > 0.3) }'; then
  problem "the points are $spread pt apart: $(excerpt "$WS/dec.txt" 4)"
fi
end

begin "tables: the long table's head rows open every page it goes on to"
n=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
crossed=0
for ((p = 1; p <= n; p++)); do
  pdftotext -layout -f "$p" -l "$p" "$PDF" "$WS/p.txt"
  grep -qE 'Reading number [0-9]+ of the course' "$WS/p.txt" || continue
  crossed=$((crossed + 1))
  head_at=$(grep -nE '^ *Number +Reading +Pages' "$WS/p.txt" | head -1 | cut -d: -f1)
  row_at=$(grep -nE 'Reading number [0-9]+ of the course' "$WS/p.txt" | head -1 | cut -d: -f1)
  if [ -z "$head_at" ] || [ "$head_at" -gt "$row_at" ]; then
    problem "page $p: no head row above its first row"
  fi
done
[ "$crossed" -ge 3 ] || problem "the long table is on $crossed pages, want 3 or more"
end

begin "tables: the structure tree holds Table, Caption, THead, TBody, TR, TH (with /Scope), TD, each head once"
pdfinfo -struct "$PDF" >"$WS/struct.txt" 2>&1
for e in Table Caption THead TBody TR TH TD; do
  grep -qE "^ *$e( \(|:|$)" "$WS/struct.txt" || problem "no $e element"
done
# Header cells: 5 + 4 + 2 + 4 (2 col, 2 row) + 3; the long table's repeats are furniture.
th=$(grep -cE '^ *TH:?$' "$WS/struct.txt")
[ "$th" = 18 ] || problem "$th TH elements, want 18"
cols=$(grep -cE '^ */Scope /Column$' "$WS/struct.txt")
rows=$(grep -cE '^ */Scope /Row$' "$WS/struct.txt")
[ "$cols" = 16 ] && [ "$rows" = 2 ] || problem "/Scope: $cols Column and $rows Row, want 16 and 2"
end

begin "tables: no overfull line, every word in order"
# typography.py finds the right edge as the commonest line end of each
# page parity, which on pages of table rows is the table's edge, not the
# text block's: here the edge is the theme's (A4, 25 mm margins), and no
# word of any page may pass it (nor the left one) by more than 1 pt.
pdftotext -bbox "$PDF" - | awk -F'"' '/<word / && ($6 > 524.41 + 1 || $2 < 70.87 - 1) {
    w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w); print w " at " $2 "-" $6 }' >"$WS/over.txt"
[ ! -s "$WS/over.txt" ] || problem "words outside the text block: $(excerpt "$WS/over.txt" 3)"
grep -v '^<?xml' "$DIR/books.xml" | sed -e 's/<[^>]*>/ /g' >"$WS/words.txt"
run python3 "$TOOLS/wordorder.py" "$WS/words.txt" "$PDF" --min 99.5
[ "$RC" = 0 ] || problem "PDF wordorder: $(excerpt "$OUT_FILE" 1)"
run python3 "$TOOLS/wordorder.py" "$WS/words.txt" "$EPUB" --min 100
[ "$RC" = 0 ] || problem "EPUB wordorder: $(excerpt "$OUT_FILE" 1)"
end

# bad_table PART LINE COL MESSAGE: a bundle of that part gives exactly one
# error, there.
bad_table() {
  local part=$1 line=$2 col=$3 msg=$4 d=$WS/bad-${1%.xml}
  mkdir -p "$d"
  cp "$DIR/$part" "$d/$part"
  sed "s/books.xml/$part/" "$DIR/bundle.xml" >"$d/bundle.xml"
  expect_exit 1 "$QUIRE" check "$d/bundle.xml"
  expect_errors 1
  expect_diag "$d/$part" "$line" "$col" "$msg"
}

begin "tables: a row with more entries than cols"
bad_table bad-too-many.xml 7 46 "this row has more cells than the table's 2 columns"
end

begin "tables: spans that overlap"
bad_table bad-overlap.xml 9 14 "this cell, from column 1, overlaps another"
end

begin "tables: a row span that runs out of the table (CALS morerows)"
bad_table bad-rows-out.xml 7 21 "this cell spans 3 rows, but its row group has 2 from here"
end

begin "tables: a row span that runs out of the table (HTML rowspan)"
bad_table bad-html-rows-out.xml 6 23 "this cell spans 3 rows, but its row group has 1 from here"
end

begin "tables: a namest naming no column"
bad_table bad-namest.xml 8 21 "namest='c3' names no column"
end

begin "tables: a table with no rows"
bad_table bad-no-rows.xml 4 3 "<table> has no rows"
end
