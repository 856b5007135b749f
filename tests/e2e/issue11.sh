#!/usr/bin/env bash
# Issue 11's "done when", in one run: tests/fixtures/issue11/ is one book
# that uses every block, inline and detail the issue names (its metadata and
# titles.xml, with the parts of the fixtures that show them one group at a
# time: parts/docbook-writer.xml, parts/listings.xml, inlines/, boxes/).
# The judges: epubcheck (0 messages), Ace (0 violations), qpdf --check,
# pdfinfo -struct (Code, BlockQuote, Note, L/LI/Lbl/LBody, a Span with a
# Lang), typography.py (0 overfull lines) and wordorder.py (every word of
# the sources, in order, in both outputs).
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/ace.sh disable=SC1091
. "$(dirname "$0")/../ace.sh"

TOOLS=$ROOT/tests/tools
EPUBCHECK=/usr/share/java/epubcheck.jar
SRC=$WS/src
OUT=$WS/out
export SOURCE_DATE_EPOCH=1700000000

# Parts must sit in the bundle's folder: the shared ones are gathered beside
# the bundle, in the order it includes them.
PARTS="titles.xml docbook-writer.xml listings.xml en.xml fr.xml de.xml note.xml entry.xml boxes.xml more.xml"
mkdir -p "$SRC"
cp "$FIXTURES/issue11/bundle.xml" "$FIXTURES/issue11/titles.xml" \
  "$FIXTURES/parts/docbook-writer.xml" "$FIXTURES/parts/listings.xml" \
  "$FIXTURES/inlines/en.xml" "$FIXTURES/inlines/fr.xml" "$FIXTURES/inlines/de.xml" \
  "$FIXTURES/inlines/note.xml" "$FIXTURES/inlines/entry.xml" \
  "$FIXTURES/boxes/boxes.xml" "$FIXTURES/boxes/more.xml" "$SRC/"

begin "issue 11: the fixture builds with no message, even with --strict"
run "$QUIRE" build --strict -o "$OUT" "$SRC/bundle.xml"
expect_rc 0
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
[ -s "$OUT/bundle.epub" ] && [ -s "$OUT/bundle.pdf" ] || problem "an output is missing"
end

begin "issue 11: epubcheck gives no message"
if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
  problem "epubcheck is not installed ($EPUBCHECK, java)"
elif [ -s "$OUT/bundle.epub" ]; then
  java -jar "$EPUBCHECK" "$OUT/bundle.epub" >"$WS/epubcheck.out" 2>&1
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  grep -q '0 fatals / 0 errors / 0 warnings / 0 infos' <<<"$summary" ||
    problem "epubcheck: ${summary:-no summary}: $(grep -E '^(FATAL|ERROR|WARNING|INFO)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
fi
end

begin "issue 11: Ace by DAISY finds no violation"
if [ -s "$OUT/bundle.epub" ]; then
  ace_check "$OUT/bundle.epub"
else
  problem "no EPUB to check"
fi
end

begin "issue 11: qpdf --check finds nothing wrong"
if [ -s "$OUT/bundle.pdf" ]; then
  run qpdf --check "$OUT/bundle.pdf"
  [ "$RC" = 0 ] || problem "qpdf --check exit $RC: $(excerpt "$OUT_FILE" 3)"
  grep -qiE 'warning|error:' "$OUT_FILE" "$ERR_FILE" && problem "qpdf: $(grep -iE 'warning|error:' "$OUT_FILE" "$ERR_FILE" | head -n 2 | tr '\n' '|')"
fi
end

begin "issue 11: the PDF is tagged (Code, BlockQuote, Note, L/LI/Lbl/LBody, a Span with a Lang)"
if [ -s "$OUT/bundle.pdf" ]; then
  pdfinfo -struct "$OUT/bundle.pdf" >"$WS/struct.txt" 2>&1 || problem "pdfinfo -struct failed"
  for el in Code BlockQuote Note L LI Lbl LBody Span; do
    grep -qE "^ *$el( \(|$)" "$WS/struct.txt" || problem "no $el in the structure tree"
  done
  qpdf --qdf --object-streams=disable "$OUT/bundle.pdf" "$WS/qdf.pdf" 2>/dev/null
  grep -a -A3 "/Lang (es)" "$WS/qdf.pdf" | grep -aq "/S /Span" || problem "no Span with /Lang (es)"
fi
end

begin "issue 11: no overfull line (typography.py)"
if [ -s "$OUT/bundle.pdf" ]; then
  run python3 "$TOOLS/typography.py" --json "$OUT/bundle.pdf"
  over=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0].get("overfull_lines", "?"))' "$OUT_FILE")
  [ "$over" = 0 ] || problem "$over overfull line(s): $(excerpt "$OUT_FILE" 20 | grep -A2 overfull_examples | tr -s ' \n' ' ')"
fi
end

# The sources' words in reading order, as both outputs set them. Left out:
# the book's metadata (the title page sets names in the language's order and
# credits under their own labels), personal names in a note's book (the
# same), a titleabbrev (it runs at the head of pages, not where it stands)
# and the simplelists set in columns, vertical and horizontal (a text
# extraction reads their cells in an order of its own). Moved: an attribution after what it
# attributes, a part's abstract after its title.
# shellcheck disable=SC2086
(cd "$SRC" && python3 "$ROOT/tests/tools/docbook_text.py" $PARTS) >"$WS/reference.txt"

begin "issue 11: every word of the sources, in order, in both outputs (wordorder)"
for out in "$OUT/bundle.pdf" "$OUT/bundle.epub"; do
  if [ -s "$out" ]; then
    run python3 "$TOOLS/wordorder.py" --min 100 "$WS/reference.txt" "$out"
    [ "$RC" = 0 ] || problem "${out#"$WS"/}: $(excerpt "$OUT_FILE" 2) $(excerpt "$ERR_FILE" 1)"
  fi
done
end
