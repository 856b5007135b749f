#!/usr/bin/env bash
# The print-aware EPUB: built with the PDF in one run, the EPUB marks where
# every page of the PDF begins (an empty div or span, role doc-pagebreak)
# and lists those pages under the PDF's own labels (nav page-list, NCX
# pageList), with the print edition named as the source of the pagination.
#
# The central check reads both files as a reader would: for every entry of
# the page list, the first words after its marker in the EPUB (in spine
# order) are the first words of the body of the PDF page with that label
# (pdftotext, without the running head and the folio). The book is built on
# A4 and on A5 (a copy of the theme): the markers move with the text.
# epubcheck and Ace (when installed) run on the A5 EPUB, whose markers
# include spans in the middle of paragraphs and of a hyphenated word.
# A checker that cannot fail proves nothing: it is also run on EPUBs broken
# on purpose (a marker moved by one word, an entry dropped, playOrder
# swapped), and must complain about each.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPUBCHECK=/usr/share/java/epubcheck.jar
ACE_JS=$ROOT/build/tools/node_modules/@daisy/ace/bin/ace-puppeteer.js
CHROMIUM=$ROOT/tests/tools/chromium-headless
EPOCH=1764028800 # 2025-11-25T00:00:00Z
BUNDLE=$ROOT/sources/bundle.xml
A4=$WS/a4
A5=$WS/a5
ALONE=$WS/alone
ANSI=$'\033''\[[0-9;]*m'

# The identifier of the bundle, and so of its print edition.
IDENT=$(sed -n 's:.*<biblioid class="uri">\([^<]*\)</biblioid>.*:\1:p' "$BUNDLE" | head -n 1)
PRINT_ID=$IDENT#print


# page_py CMD ARGS...: run a check of tests/tools/pagelist_checks.py (see py_check in lib.sh).
page_py() { py_check "$ROOT/tests/tools/pagelist_checks.py" "$@"; }

# build DIR FORMATS [STYLE]: build the book into DIR; no warning allowed.
build() {
  local dir=$1 formats=$2 style=${3:-}
  if [ -n "$style" ]; then
    SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --format "$formats" --style "$style" -o "$dir" "$BUNDLE"
  else
    SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --format "$formats" -o "$dir" "$BUNDLE"
  fi
  if grep -q 'warning:' "$ERR_FILE"; then problem "warnings: $(excerpt "$ERR_FILE")"; fi
}

# ---- A4: the book as the theme sets it ----------------------------------------------------

begin "pagelist: the book builds as EPUB and PDF in one run (A4), with no warning"
build "$A4" epub,pdf
if [ ! -s "$A4/bundle.epub" ] || [ ! -s "$A4/bundle.pdf" ]; then problem "no $A4/bundle.epub and bundle.pdf"; fi
if grep -q 'no page list' "$ERR_FILE"; then problem "the note about a missing page list, with the PDF built"; fi
end

begin "pagelist: A4: every PDF page is listed, and its marker is where its text begins"
page_py check "$A4/bundle.epub" "$A4/bundle.pdf" "$PRINT_ID" && note "A4: $PY_OUT"
end

# ---- A5: another page size moves the text, and the markers with it --------------------------

begin "pagelist: the book builds on A5 (a copy of the theme), with no warning"
sed 's/^\([[:space:]]*size:\)[^;]*;/\1 A5;/' "$ROOT/styles/default.css" >"$WS/a5.css"
grep -q 'size: A5;' "$WS/a5.css" || problem "could not make the A5 theme"
build "$A5" epub,pdf "$WS/a5.css"
end

begin "pagelist: A5: every PDF page is listed, and its marker is where its text begins"
page_py check "$A5/bundle.epub" "$A5/bundle.pdf" "$PRINT_ID" && note "A5: $PY_OUT"
end

# ---- the handout theme: parts run on, so pages begin in the middle of a part ---------------

begin "pagelist: the book builds in the handout theme (parts on shared pages), with no warning"
build "$WS/handout" epub,pdf "$ROOT/styles/handout.css"
end

begin "pagelist: handout: every PDF page is listed, and its marker is where its text begins"
page_py check "$WS/handout/bundle.epub" "$WS/handout/bundle.pdf" "$PRINT_ID" && note "handout: $PY_OUT"
end

begin "pagelist: A5 has more pages than A4, and so more page-list entries"
p4=$(pdfinfo "$A4/bundle.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
p5=$(pdfinfo "$A5/bundle.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
e4=$(unzip -p "$A4/bundle.epub" OEBPS/nav.xhtml 2>/dev/null | grep -c '#page-')
e5=$(unzip -p "$A5/bundle.epub" OEBPS/nav.xhtml 2>/dev/null | grep -c '#page-')
note "A4: $p4 pages, $e4 entries; A5: $p5 pages, $e5 entries"
if ! [ "${p5:-0}" -gt "${p4:-0}" ] || ! [ "$e5" -gt "$e4" ] || [ "$e5" != "$p5" ] || [ "$e4" != "$p4" ]; then
  problem "A4 $p4 pages / $e4 entries, A5 $p5 pages / $e5 entries"
fi
end

# ---- contents over several pages -------------------------------------------------------------

begin "pagelist: contents over several PDF pages: ii at their start, iii (iv) at the entries that open them"
# 60 short parts, on A5: the contents take three pages (two at least). One paragraph has
# the xml:id a marker would take.
MANY=$WS/many
mkdir -p "$MANY"
{
  cat "$FIXTURES/bundle-head.xml"
  for i in $(seq 1 60); do
    para="<para>Text of part $i, with a few more words so that there is a line of them.</para>"
    [ "$i" = 3 ] && para="<para xml:id=\"page-3\">Text of part $i, whose paragraph has the id page-3.</para>"
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<article xmlns="http://docbook.org/ns/docbook" version="5.0">\n  <info><title>Part number %s of many</title></info>\n  %s\n</article>\n' "$i" "$para" >"$MANY/p$i.xml"
    printf '  <xi:include href="p%s.xml"/>\n' "$i"
  done
  echo '</book>'
} >"$MANY/bundle.xml"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --format epub,pdf --style "$WS/a5.css" -o "$MANY/out" "$MANY/bundle.xml"
if grep -q 'warning:' "$ERR_FILE"; then problem "warnings: $(excerpt "$ERR_FILE")"; fi
if [ -s "$MANY/out/bundle.epub" ]; then
  page_py check "$MANY/out/bundle.epub" "$MANY/out/bundle.pdf" "urn:x-quire:fixture#print" && note "many: ${PY_OUT%%;*}"
  nav=$(unzip -p "$MANY/out/bundle.epub" OEBPS/nav.xhtml)
  grep -q '^<div id="page-ii" role="doc-pagebreak"[^>]*></div>$' <<<"$nav" || problem "no div for page ii at the start of the contents"
  for p in iii iv; do
    [ "$p" = iii ] || grep -q "#page-$p\"" <<<"$nav" || continue # iv: if the contents reach it
    grep -qE "^<li><a href=\"[^\"]*\"><span id=\"page-$p\" role=\"doc-pagebreak\"[^>]*></span>Part number" <<<"$nav" ||
      problem "page $p is not marked at the start of a contents entry"
  done
fi
end

# ---- validity ---------------------------------------------------------------------------------

begin "pagelist: epubcheck finds nothing in the A5 EPUB (div and span markers, page list, pageList)"
if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
  problem "epubcheck is not installed ($EPUBCHECK, java)"
else
  java -jar "$EPUBCHECK" "$A5/bundle.epub" >"$WS/epubcheck.out" 2>&1
  rc=$?
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  note "epubcheck: ${summary:-no summary}"
  if [ "$rc" != 0 ] || ! grep -q '0 fatals / 0 errors / 0 warnings' <<<"$summary"; then
    problem "epubcheck: ${summary:-exit $rc}: $(grep -E '^(FATAL|ERROR|WARNING)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
  fi
fi
end

begin "pagelist: Ace by DAISY finds no violation in the A5 EPUB"
if [ ! -f "$ACE_JS" ] || ! command -v node >/dev/null || [ ! -x /usr/bin/chromium ]; then
  skip "pagelist: Ace" "Ace is not installed ($ACE_JS, node, chromium): make deps"
else
  export HOME=$WS/home
  mkdir -p "$HOME"
  PUPPETEER_EXECUTABLE_PATH=$CHROMIUM run node "$ACE_JS" -E -f -o "$WS/ace/out" -t "$WS/ace/tmp" "$A5/bundle.epub"
  sed -i "s/$ANSI//g" "$OUT_FILE" "$ERR_FILE"
  if [ ! -f "$WS/ace/out/report.json" ]; then
    problem "Ace wrote no report (exit $RC); stderr: $(excerpt "$ERR_FILE" 4)"
  else
    python3 "$ROOT/tests/tools/ace_outcome.py" --page-breaks "$WS/ace/out/report.json" >"$WS/ace.txt" 2>&1 || problem "Ace: $(excerpt "$WS/ace.txt" 3)"
    if grep -qE '^(warn|error):' "$OUT_FILE" "$ERR_FILE"; then
      problem "Ace: $(cat "$OUT_FILE" "$ERR_FILE" | grep -E '^(warn|error):' | head -n 3 | tr '\n' '|')"
    fi
    [ "$RC" = 0 ] || problem "Ace exited $RC; stderr: $(excerpt "$ERR_FILE" 4)"
    [ -z "$WHY" ] && note "Ace: no violation, page breaks seen"
  fi
  end
fi

# ---- the EPUB alone -------------------------------------------------------------------------------

begin "pagelist: --format epub alone: no page list, no markers, and a note that says why"
build "$ALONE" epub
expect_stderr_match 'note: the EPUB has no page list.*--format epub,pdf'
[ ! -e "$ALONE/bundle.pdf" ] || problem "a PDF was written"
[ -s "$ALONE/bundle.epub" ] && page_py alone "$ALONE/bundle.epub"
end

begin "pagelist: the markers add nothing else: without them the content documents are the EPUB built alone"
page_py same-text "$A5/bundle.epub" "$ALONE/bundle.epub"
page_py same-text "$A4/bundle.epub" "$ALONE/bundle.epub"
end

# ---- the checker can fail ---------------------------------------------------------------------------

# broken HOW WHAT REGEX: break the A5 EPUB (HOW), and expect the check to
# report a problem that matches REGEX.
broken() {
  local how=$1 what=$2 re=$3 out
  begin "pagelist: the check catches $what"
  if page_py break "$A5/bundle.epub" "$WS/broken-$how.epub" "$how"; then
    out=$(python3 "$ROOT/tests/tools/pagelist_checks.py" check "$WS/broken-$how.epub" "$A5/bundle.pdf" "$PRINT_ID" 2>&1)
    if ! grep -qE -- "^PROBLEM .*$re" <<<"$out"; then
      problem "no problem matching /$re/ reported for the EPUB broken ($how): $(echo "$out" | tail -n 2 | tr '\n' '|')"
    fi
  fi
  end
}
broken shift "a marker one word late" 'the EPUB reads .* after its marker'
broken drop "a page missing from the page list" 'page list \['
broken order "two page targets in the wrong playOrder" 'not the reading order'
