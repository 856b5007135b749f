#!/usr/bin/env bash
# The printed handout: part breaks by theme, the booklet, the 2-up sheets and
# the offprints, judged from the files with poppler and qpdf, not from quire.
#
# - The handout theme (part-break: none, A5) sets the article on fewer pages
#   than the default theme, with several parts sharing a page.
# - part-break: recto opens every part on a right-hand (odd) page; the blank
#   pages put in before them carry nothing, not even a folio (the trace
#   shows no operation on them, pdftotext no word).
# - The booklet: sheets twice the page's size (A4 landscape for A5, A3 for
#   A4), as many as the pages padded to a multiple of four need, and folded
#   in software (tests/tools/imposition.py, from pdftotext crops of each half
#   sheet) the pages read 1..n then blanks, for 4, 5, 6, 8 and 13 reading
#   pages; the 2-up sheets hold the pages in reading order.
# - Offprints: one PDF per part, NAME-PART.pdf, with that part's words in
#   order (wordorder.py against the part's own source), the book's title,
#   no other part's title, tags and an outline.
# - qpdf --check finds nothing in any file; a failed build (a bad theme)
#   leaves the output folder exactly as it was.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPOCH=1764028800
BUNDLE=$ROOT/sources/bundle.xml
HANDOUT=$ROOT/styles/handout.css
IMPOSITION=$ROOT/tests/tools/imposition.py
WORDORDER=$ROOT/tests/tools/wordorder.py

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
# The page size in whole points, "W x H".
size() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *\([0-9]*\)[.0-9]* x \([0-9]*\)[.0-9]*.*/\1 x \2/p'; }

# build DIR [ARGS...]: the article into DIR; no warning allowed.
build() {
  local dir=$1
  shift
  SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -q -o "$dir" "$@" "$BUNDLE"
  if grep -q 'warning:' "$ERR_FILE"; then problem "warnings: $(excerpt "$ERR_FILE")"; fi
}

# qpdf_clean FILE...: qpdf --check finds nothing in each.
qpdf_clean() {
  local f
  for f in "$@"; do
    qpdf --check "$f" >"$WS/qpdf.out" 2>&1 || problem "qpdf --check $(basename "$f"): $(excerpt "$WS/qpdf.out" 3)"
    if grep -qi 'warning' "$WS/qpdf.out"; then problem "qpdf warns on $(basename "$f"): $(excerpt "$WS/qpdf.out" 3)"; fi
  done
}

# ---- part breaks --------------------------------------------------------------------------

begin "handout: the article in the handout theme takes fewer pages than in the default theme"
build "$WS/default"
build "$WS/handout" --style "$HANDOUT"
pd=$(pages "$WS/default/bundle.pdf")
ph=$(pages "$WS/handout/bundle.pdf")
note "default theme: $pd pages; handout theme: $ph pages"
if [ -z "$ph" ] || [ -z "$pd" ] || [ "$ph" -ge "$pd" ]; then problem "handout $ph pages, default $pd"; fi
if [ "$(size "$WS/handout/bundle.pdf")" != "419 x 595" ]; then problem "handout page size $(size "$WS/handout/bundle.pdf"), not A5"; fi
end

begin "handout: several parts share a page (part-break: none)"
shared=0
for ((p = 1; p <= ${ph:-0}; p++)); do
  # Numbered part titles ("2. The ...") set on the page, not in its running head.
  n=$(pdftotext -f "$p" -l "$p" "$WS/handout/bundle.pdf" - 2>/dev/null | grep -c '^[0-9]\. ')
  [ "$n" -ge 2 ] && shared=$((shared + 1))
done
note "$shared pages with two part titles or more"
[ "$shared" -ge 1 ] || problem "no page holds two parts' titles"
end

begin "handout: no contents page when the book fits on 4 pages (contents: auto)"
mkdir -p "$WS/short"
cat "$FIXTURES/bundle-head.xml" >"$WS/short/bundle.xml"
printf '  <xi:include href="a.xml"/>\n  <xi:include href="b.xml"/>\n</book>\n' >>"$WS/short/bundle.xml"
for x in a b; do
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:id="part-%s">\n  <info><title>Part %s</title></info>\n  <para>Short text of part %s.</para>\n</article>\n' "$x" "$x" "$x" >"$WS/short/$x.xml"
done
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -q --format pdf --style "$HANDOUT" -o "$WS/short/out" "$WS/short/bundle.xml"
if pdftotext "$WS/short/out/bundle.pdf" - 2>/dev/null | grep -q '^Contents$'; then problem "a contents page in a 2-page book"; fi
[ "$(pages "$WS/short/out/bundle.pdf")" = 2 ] || problem "$(pages "$WS/short/out/bundle.pdf") pages, not 2 (title page and one body page)"
end

begin "handout: part-break: recto opens every part on an odd page; the blank pages before them are bare"
sed 's/part-break: none;/part-break: recto;/' "$HANDOUT" >"$WS/recto.css"
grep -q 'part-break: recto;' "$WS/recto.css" || problem "could not make the recto theme"
build "$WS/recto" --style "$WS/recto.css" --trace "$WS/recto.trace"
# Per page of the trace: its number, label, kind and how many operations it has.
awk '/^page /{ if (n) print num, label, kind, ops; n = 1; num = $2; label = $3; kind = $4; ops = 0; next }
     /^  /{ ops++ } END { if (n) print num, label, kind, ops }' "$WS/recto.trace" | tr -d '"' >"$WS/recto.pages"
blanks=0
while read -r num label kind ops; do
  if [ "$ops" = 0 ]; then
    blanks=$((blanks + 1))
    [ $((num % 2)) = 0 ] || problem "blank page $num (label $label) is a right-hand page"
    words=$(pdftotext -f "$num" -l "$num" "$WS/recto/bundle.pdf" - 2>/dev/null | wc -w)
    [ "$words" = 0 ] || problem "blank page $num has $words words (a folio?)"
  fi
done <"$WS/recto.pages"
# Every part's destination is on an odd (physical and body-numbered) page.
for id in $(sed -n 's/.*xml:id="\([^"]*\)".*/\1/p' "$ROOT"/sources/opening.xml "$ROOT"/sources/notes/*.xml "$ROOT"/sources/closing.xml | sort -u); do
  at=$(awk -v id="\"$id\"" '/^page /{ num = $2; label = $3 } $1 == "dest" && $4 == id { print num, label; exit }' "$WS/recto.trace" | tr -d '"')
  [ -z "$at" ] && continue
  set -- $at
  if [ $(($1 % 2)) != 1 ] || [ $(($2 % 2)) != 1 ]; then problem "part $id opens on page $1 (label $2)"; fi
done
note "$blanks blank pages, $(pages "$WS/recto/bundle.pdf") in all"
[ "$blanks" -ge 1 ] || problem "no blank page put in"
end

# ---- booklet and 2-up ---------------------------------------------------------------------

begin "handout: the article's booklet: A4 landscape sheets for A5 pages, folded it reads in order"
build "$WS/imp" --style "$HANDOUT" --imposition booklet,2up --fold-marks --creep 0.2mm
n=$(pages "$WS/imp/bundle.pdf")
[ "$(size "$WS/imp/bundle-booklet.pdf")" = "841 x 595" ] || problem "booklet sheet $(size "$WS/imp/bundle-booklet.pdf"), not A4 landscape"
want=$(( (n + 3) / 4 * 2 ))
[ "$(pages "$WS/imp/bundle-booklet.pdf")" = "$want" ] || problem "$(pages "$WS/imp/bundle-booklet.pdf") sheet sides for $n pages, not $want"
python3 "$IMPOSITION" booklet "$WS/imp/bundle.pdf" "$WS/imp/bundle-booklet.pdf" >"$WS/fold.out" 2>&1 || problem "$(grep problem "$WS/fold.out" | head -n 3)"
note "$n pages: $(tr '\n' ' ' <"$WS/fold.out")"
end

begin "handout: the article's 2-up sheets hold the pages in reading order"
[ "$(size "$WS/imp/bundle-2up.pdf")" = "841 x 595" ] || problem "2-up sheet $(size "$WS/imp/bundle-2up.pdf")"
python3 "$IMPOSITION" 2up "$WS/imp/bundle.pdf" "$WS/imp/bundle-2up.pdf" >"$WS/2up.out" 2>&1 || problem "$(grep problem "$WS/2up.out" | head -n 3)"
end

begin "handout: the fold check catches pages out of saddle-stitch order (the 2-up sheets judged as a booklet)"
if python3 "$IMPOSITION" booklet "$WS/imp/bundle.pdf" "$WS/imp/bundle-2up.pdf" >"$WS/wrong.out" 2>&1; then
  problem "the 2-up sheets pass as a booklet"
fi
grep -q 'problem: folded, the booklet reads' "$WS/wrong.out" || problem "$(excerpt "$WS/wrong.out" 2)"
end

begin "handout: imposed files have the book's metadata and fonts, and no tags or links"
for f in "$WS/imp/bundle-booklet.pdf" "$WS/imp/bundle-2up.pdf"; do
  pdfinfo "$f" 2>/dev/null | grep -q '^Title: *The Code Beyond the Code' || problem "$(basename "$f"): no title"
  pdfinfo "$f" 2>/dev/null | grep -q '^Tagged: *no' || problem "$(basename "$f"): tagged"
  [ "$(pdffonts "$f" 2>/dev/null | tail -n +3 | wc -l)" -ge 3 ] || problem "$(basename "$f"): fonts missing"
  if qpdf --qdf --object-streams=disable "$f" - 2>/dev/null | grep -aq '/Subtype /Link'; then problem "$(basename "$f"): a link"; fi
done
qpdf_clean "$WS/imp"/*.pdf
end

# A bundle of K one-page parts, so that the book has K+2 pages (title, contents):
# parts DIR K.
parts() {
  local dir=$1 k=$2 i
  mkdir -p "$dir"
  cat "$FIXTURES/bundle-head.xml" >"$dir/bundle.xml"
  for ((i = 1; i <= k; i++)); do
    printf '  <xi:include href="p%d.xml"/>\n' "$i" >>"$dir/bundle.xml"
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:id="p%d">\n  <info><title>Chapter %d</title></info>\n  <para>The text of chapter %d, which fits on its page.</para>\n</article>\n' "$i" "$i" "$i" >"$dir/p$i.xml"
  done
  echo '</book>' >>"$dir/bundle.xml"
}

for n in 4 5 6 8 13; do
  begin "handout: a booklet of $n A4 pages: A3 sheets, folded it reads 1..$n then blanks; 2-up in order"
  parts "$WS/n$n" $((n - 2))
  SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -q --format pdf --imposition booklet,2up -o "$WS/n$n/out" "$WS/n$n/bundle.xml"
  out=$WS/n$n/out
  [ "$(pages "$out/bundle.pdf")" = "$n" ] || problem "the book has $(pages "$out/bundle.pdf") pages, not $n"
  [ "$(size "$out/bundle-booklet.pdf")" = "1190 x 841" ] || problem "booklet sheet $(size "$out/bundle-booklet.pdf"), not A3 landscape"
  [ "$(pages "$out/bundle-booklet.pdf")" = $(( (n + 3) / 4 * 2 )) ] || problem "$(pages "$out/bundle-booklet.pdf") sheet sides"
  [ "$(pages "$out/bundle-2up.pdf")" = $(( (n + 1) / 2 )) ] || problem "$(pages "$out/bundle-2up.pdf") 2-up sides"
  python3 "$IMPOSITION" booklet "$out/bundle.pdf" "$out/bundle-booklet.pdf" >"$WS/fold$n.out" 2>&1 || problem "$(grep problem "$WS/fold$n.out" | head -n 3)"
  python3 "$IMPOSITION" 2up "$out/bundle.pdf" "$out/bundle-2up.pdf" >"$WS/2up$n.out" 2>&1 || problem "$(grep problem "$WS/2up$n.out" | head -n 3)"
  note "$(tr '\n' ' ' <"$WS/fold$n.out")"
  qpdf_clean "$out"/*.pdf
  end
done

# ---- offprints ----------------------------------------------------------------------------

begin "handout: --offprints writes one PDF per part, each with its part's words in order and no other's"
build "$WS/off" --offprints
files=("$ROOT"/sources/opening.xml "$ROOT"/sources/notes/*.xml "$ROOT"/sources/closing.xml)
count=0
for f in "${files[@]}"; do
  id=$(tr '\n' ' ' <"$f" | sed -n 's/.*<article[^>]*xml:id="\([^"]*\)".*/\1/p')
  pdf=$WS/off/bundle-$id.pdf
  if [ ! -s "$pdf" ]; then problem "no offprint bundle-$id.pdf"; continue; fi
  count=$((count + 1))
  # The part's own text, from its source: every word, in order.
  tr '\n' ' ' <"$f" | sed -e 's/<[^>]*>/ /g' -e 's/&amp;/\&/g' >"$WS/$id.txt"
  python3 "$WORDORDER" --min 98 "$WS/$id.txt" "$pdf" >"$WS/$id.wo" 2>&1 || problem "$id: $(excerpt "$WS/$id.wo" 2)"
  # Nothing else: the book's title, the part's label ("1."), running heads
  # and folios are all it may add.
  pdftotext "$pdf" "$WS/$id.pdftxt" 2>/dev/null
  ref=$(wc -w <"$WS/$id.txt")
  got=$(wc -w <"$WS/$id.pdftxt")
  [ "$got" -le $((ref + 40)) ] || problem "$id: $got words for the $ref of its source"
  head -n 3 "$WS/$id.pdftxt" | grep -q 'The Code Beyond the Code' || problem "$id: no book title on its first page"
  pdfinfo "$pdf" 2>/dev/null | grep -q '^Tagged: *yes' || problem "$id: not tagged"
  pdfinfo -struct "$pdf" 2>/dev/null | grep -q 'H1' || problem "$id: no H1 in its structure tree"
  [ "$(qpdf --json "$pdf" 2>/dev/null | jq '.outlines | length')" -ge 1 ] || problem "$id: no outline"
done
note "$count offprints for ${#files[@]} parts"
[ "$count" = "${#files[@]}" ] || problem "$count offprints for ${#files[@]} parts"
qpdf_clean "$WS/off"/*.pdf
end

begin "handout: offprint pages are labelled from 1, or with offprint-numbers: book as in the book"
# The first page's label number (/St: labels here have no prefix).
first_label() { qpdf --json "$1" 2>/dev/null | jq -r '.pagelabels[0].label | (.["/P"] // "") + (.["/St"] | tostring)'; }
l1=$(first_label "$WS/off/bundle-closing.pdf")
[ "$l1" = 1 ] || problem "closing offprint's first label '$l1', not 1"
sed 's/^@page {/@page {\n  offprint-numbers: book;/' "$ROOT/styles/default.css" >"$WS/book-numbers.css"
build "$WS/offb" --offprints --style "$WS/book-numbers.css"
n=$(pages "$WS/offb/bundle.pdf")
l2=$(first_label "$WS/offb/bundle-closing.pdf")
note "closing: own $l1, book $l2 (the book has $n pages, two of front matter)"
[ "$l2" = $((n - 2)) ] || problem "closing offprint's first label '$l2', not $((n - 2))"
end

# ---- several paper sizes ------------------------------------------------------------------

begin "handout: --paper a4,letter,a5 writes three editions, each laid out for its size with no overfull line"
build "$WS/papers" --paper a4,letter,a5 --imposition booklet
for p in "a4 595 x 841" "letter 612 x 792" "a5 419 x 595"; do
  set -- $p
  f=$WS/papers/bundle-$1.pdf
  [ "$(size "$f")" = "$2 x $4" ] || problem "$1: page size $(size "$f")"
  over=$(python3 "$ROOT/tests/tools/typography.py" --json "$f" 2>/dev/null | jq '.[0].overfull_lines')
  [ "$over" = 0 ] || problem "$1: $over overfull lines"
  python3 "$WORDORDER" --min 99 "$FIXTURES/the-code-beyond-the-code.txt" "$f" >"$WS/$1.wo" 2>&1 || problem "$1: $(excerpt "$WS/$1.wo" 1)"
done
[ ! -e "$WS/papers/bundle.pdf" ] || problem "a bundle.pdf beside the sized editions"
# Laid out, not scaled: A5 takes more pages than A4.
[ "$(pages "$WS/papers/bundle-a5.pdf")" -gt "$(pages "$WS/papers/bundle-a4.pdf")" ] || problem "A5 has no more pages than A4"
# The booklet and the EPUB's page list follow the first size (A4 pages, A3 sheets).
[ "$(size "$WS/papers/bundle-booklet.pdf")" = "1190 x 841" ] || problem "booklet sheet $(size "$WS/papers/bundle-booklet.pdf")"
e=$(unzip -p "$WS/papers/bundle.epub" OEBPS/nav.xhtml 2>/dev/null | grep -c '#page-')
[ "$e" = "$(pages "$WS/papers/bundle-a4.pdf")" ] || problem "$e page-list entries for $(pages "$WS/papers/bundle-a4.pdf") A4 pages"
qpdf_clean "$WS/papers"/*.pdf
note "pages: a4 $(pages "$WS/papers/bundle-a4.pdf"), letter $(pages "$WS/papers/bundle-letter.pdf"), a5 $(pages "$WS/papers/bundle-a5.pdf")"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 1 "$QUIRE" build -q -o "$WS/papers-bad" --paper a4,b5 "$BUNDLE"
expect_stderr_match "unknown paper size 'b5'"
[ ! -e "$WS/papers-bad/bundle-a4.pdf" ] || problem "a failed --paper build left bundle-a4.pdf"
end

# ---- print-shop output --------------------------------------------------------------------

begin "handout: --bleed 3mm --marks crop: TrimBox the page, BleedBox 3 mm round it, marks outside both"
build "$WS/shop" --bleed 3mm --marks crop
f=$WS/shop/bundle.pdf
pdfinfo -box -f 1 -l 1 "$f" >"$WS/boxes.txt" 2>&1
# Box "NAME": its width and height in whole points.
box() { awk -v n="$1:" '$3 == n { printf "%d x %d", $6 - $4 + 0.5, $7 - $5 + 0.5 }' "$WS/boxes.txt"; }
note "TrimBox $(box TrimBox), BleedBox $(box BleedBox), MediaBox $(box MediaBox)"
[ "$(box TrimBox)" = "595 x 842" ] || problem "TrimBox $(box TrimBox), not A4"
[ "$(box BleedBox)" = "612 x 859" ] || problem "BleedBox $(box BleedBox), not A4 and 3 mm round it"
m=$(box MediaBox)
[ "${m%% *}" -gt 612 ] || problem "MediaBox $m: no room for the marks outside the bleed"
for p in 1 2 3; do
  python3 "$ROOT/tests/tools/cropmarks.py" "$f" "$p" >"$WS/marks$p.out" 2>&1 || problem "page $p: $(excerpt "$WS/marks$p.out" 1)"
done
[ "$(pages "$f")" = "$(pages "$WS/default/bundle.pdf")" ] || problem "$(pages "$f") pages, not $(pages "$WS/default/bundle.pdf")"
python3 "$WORDORDER" --min 99 "$FIXTURES/the-code-beyond-the-code.txt" "$f" >"$WS/shop.wo" 2>&1 || problem "$(excerpt "$WS/shop.wo" 1)"
qpdf_clean "$f"
end

# ---- all or nothing -----------------------------------------------------------------------

begin "handout: a failed build (a bad theme) leaves every output as it was, and no new file"
mkdir -p "$WS/keep"
build "$WS/keep" --style "$HANDOUT"
find "$WS/keep" -printf '%P %s %T@\n' | sort >"$WS/before.ls"
printf '@page { part-break: sideways; }\n' >"$WS/bad.css"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 1 "$QUIRE" build -q -o "$WS/keep" --style "$WS/bad.css" --imposition booklet,2up --offprints "$BUNDLE"
expect_stderr_match "bad value 'sideways' for @page part-break"
find "$WS/keep" -printf '%P %s %T@\n' | sort >"$WS/after.ls"
cmp -s "$WS/before.ls" "$WS/after.ls" || problem "the folder changed: $(diff "$WS/before.ls" "$WS/after.ls" | head -n 4 | tr '\n' ' ')"
end

begin "handout: --creep and --imposition refuse what they cannot use"
expect_exit 2 "$QUIRE" build --imposition booklet,3up "$BUNDLE"
expect_stderr_match "unknown imposition"
expect_exit 2 "$QUIRE" build --imposition booklet --creep 2cm "$BUNDLE"
expect_stderr_match "--creep takes a length"
expect_exit 2 "$QUIRE" build --format epub --offprints "$BUNDLE"
expect_stderr_match "they need --format pdf"
end
