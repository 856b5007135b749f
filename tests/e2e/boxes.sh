#!/usr/bin/env bash
# Boxes and set-apart blocks (docs/vocabulary.md, docs/styles.md): the
# fixture tests/fixtures/boxes/ holds every admonition, a sidebar, examples,
# an epigraph, a bridgehead, a formal and a simple paragraph, a part's
# abstract and an attributed quotation. Built with the default theme on A4,
# and on a small page where its long note crosses two page breaks. The
# judges: epubcheck, Ace, pdfinfo -struct, pdftotext, the layout's trace
# (rules around the text, open at a break), typography.py, wordorder.py.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/ace.sh disable=SC1091
. "$(dirname "$0")/../ace.sh"

DIR=$FIXTURES/boxes
TOOLS=$ROOT/tests/tools
A4=$WS/a4
SMALL=$WS/small
export SOURCE_DATE_EPOCH=1700000000

# The default theme on a small page.
{ cat "$ROOT/styles/default.css"; printf '\n@page {\n  size: 105mm 148mm;\n  margin: 12mm;\n}\n'; } \
  >"$WS/small.css"

# The fixture's words in reading order, as both outputs set them: an
# attribution after the text it attributes, a part's abstract after its
# title, a formalpara's title before its text.
python3 "$TOOLS/reference_text.py" blocks "$DIR/boxes.xml" "$DIR/more.xml" >"$WS/reference.txt"

# The trace's checks, on pages of body text:
#   rules: every glyph run inside a Note lies inside a background rule of
#          its page, and every Note on a page has rules drawn for it;
#   labels: a box's label line is never the last line of its page;
#   crossing: some box is open at a break (a page where it has no top
#          border, one where it has no bottom border).

begin "boxes: both outputs build from the fixture, on A4 and on a small page"
run "$QUIRE" build --strict --trace "$WS/a4.trace" -o "$A4" "$DIR/bundle.xml"
expect_rc 0
[ -s "$A4/bundle.pdf" ] && [ -s "$A4/bundle.epub" ] || problem "missing outputs in $A4"
run "$QUIRE" build --strict --style "$WS/small.css" --trace "$WS/small.trace" -o "$SMALL" "$DIR/bundle.xml"
expect_rc 0
[ -s "$SMALL/bundle.pdf" ] || problem "missing $SMALL/bundle.pdf"
end

begin "boxes: epubcheck reports no message"
run java -jar /usr/share/java/epubcheck.jar "$A4/bundle.epub"
grep -q "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" "$OUT_FILE" ||
  problem "epubcheck: $(grep -E '^(ERROR|WARNING|FATAL|INFO|USAGE)' "$OUT_FILE" "$ERR_FILE" | head -n 3 | tr '\n' '|')"
end

begin "boxes: Ace by DAISY finds no violation"
ace_check "$A4/bundle.epub"
end

begin "boxes: qpdf --check passes"
run qpdf --check "$A4/bundle.pdf"
expect_rc 0
end

begin "boxes: the PDF tags admonitions as Note, with a Lbl and a P inside"
pdfinfo -struct "$A4/bundle.pdf" >"$WS/struct.txt" 2>&1
notes=$(grep -c '^ *Note' "$WS/struct.txt")
[ "$notes" = 7 ] || problem "$notes Note elements, want 7 (six admonitions and the long note)"
python3 "$ROOT/tests/tools/pdfstruct.py" notes "$WS/struct.txt" >"$WS/struct.bad" || problem "$(head -n 2 "$WS/struct.bad")"
grep -q '^ *BlockQuote' "$WS/struct.txt" || problem "no BlockQuote (epigraph, quotation)"
grep -q '^ *Caption' "$WS/struct.txt" || problem "no Caption (example)"
end

begin "boxes: each box's kind is said in words before its text (pdftotext, EPUB)"
pdftotext -enc UTF-8 "$A4/bundle.pdf" "$WS/a4.txt"
python3 "$ROOT/tests/tools/boxes_labels.py" "$WS/a4.txt" "$A4/bundle.epub" >"$WS/labels.bad" || problem "$(head -n 3 "$WS/labels.bad" | tr '\n' '|')"
end

begin "boxes: a box's rules surround its text, in the trace"
run python3 "$TOOLS/boxes_frames.py" rules "$WS/a4.trace"
[ "$RC" = 0 ] || problem "$(excerpt "$OUT_FILE" 3)"
run python3 "$TOOLS/boxes_frames.py" rules "$WS/small.trace"
[ "$RC" = 0 ] || problem "small page: $(excerpt "$OUT_FILE" 3)"
end

begin "boxes: on a small page the long note crosses a page, drawn open at the break"
run python3 "$TOOLS/boxes_frames.py" crossing "$WS/small.trace"
[ "$RC" = 0 ] || problem "$(excerpt "$OUT_FILE" 3)"
run python3 "$TOOLS/boxes_frames.py" labels "$WS/small.trace"
[ "$RC" = 0 ] || problem "$(excerpt "$OUT_FILE" 3)"
end

begin "boxes: no paragraph indent after a box, a quote or an epigraph, in both outputs"
for start in "A paragraph opens the part" "The paragraph after a box" "After the quotation"; do
  x=$(grep -F "\"$start" "$WS/a4.trace" | head -n 1 | awk '{print $2}')
  [ "$x" = "70.866" ] || problem "print: '$start' begins at x=$x, not at the margin 70.866"
done
unzip -p "$A4/bundle.epub" OEBPS/style.css >"$WS/style.css"
for sel in ".admonition + p" ".epigraph + p" "blockquote + p" "figure.quote + p" ".sidebar + p" ".example + p"; do
  grep -qF "$sel" "$WS/style.css" || problem "EPUB: no '$sel' rule dropping the indent"
done
end

begin "boxes: a bridgehead is in neither the outline nor the contents"
grep -q '^outline .*A heading outside the tree' "$WS/a4.trace" && problem "the bridgehead is in the PDF outline"
unzip -p "$A4/bundle.epub" OEBPS/nav.xhtml | grep -q 'A heading outside the tree' &&
  problem "the bridgehead is in the EPUB's navigation"
unzip -p "$A4/bundle.epub" OEBPS/boxes.xhtml |
  grep -q '<p class="bridgehead" role="heading" aria-level="3">A heading outside the tree</p>' ||
  problem "the EPUB's bridgehead is not a heading of level 3"
end

begin "boxes: a long book's later parts, set on the second thread, draw their boxes too"
# Over Q_LAYOUT_SPLIT_BYTES of text: the parts after the middle are set on
# a helper thread, and their frames join the list with the rest.
mkdir -p "$WS/long"
python3 "$ROOT/tests/tools/fixtures.py" long-boxes "$DIR" "$WS/long"
run "$QUIRE" build --format pdf --trace "$WS/long.trace" -o "$WS/long/out" "$WS/long/bundle.xml"
expect_rc 0
run python3 "$TOOLS/boxes_frames.py" rules "$WS/long.trace"
[ "$RC" = 0 ] || problem "$(excerpt "$OUT_FILE" 3)"
n=$(grep -c '#f2f2f2' "$WS/long.trace")
pages=$(grep -c '^page ' "$WS/long.trace")
last=$(awk '/^page /{p=$0} /#f2f2f2/{q=p} END{print q}' "$WS/long.trace")
[ "$n" -ge 8 ] || problem "$n box grounds for 8 long notes"
lastno=${last#page }
lastno=${lastno%% *}
[ -n "$lastno" ] && [ "$lastno" -ge $((pages - 3)) ] ||
  problem "the last box ground is on '$last', of $pages pages: the later parts lost their boxes"
end

begin "boxes: no overfull line (typography.py), on A4 and on the small page"
for pdf in "$A4/bundle.pdf" "$SMALL/bundle.pdf"; do
  run python3 "$TOOLS/typography.py" --json "$pdf"
  if ! bad=$(python3 "$TOOLS/pdf_checks.py" metrics "$OUT_FILE" "overfull_lines == 0" 2>&1) || [ -n "$bad" ]; then
    problem "${pdf#"$WS"/}: $bad"
  fi
done
end

begin "boxes: every word of the sources, in order, in both outputs (wordorder)"
for out in "$A4/bundle.pdf" "$A4/bundle.epub" "$SMALL/bundle.pdf"; do
  run python3 "$TOOLS/wordorder.py" "$WS/reference.txt" "$out" --min 100
  [ "$RC" = 0 ] || problem "${out#"$WS"/}: $(excerpt "$OUT_FILE" 2)"
done
end

