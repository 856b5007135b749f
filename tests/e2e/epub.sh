#!/usr/bin/env bash
# The EPUB: valid (epubcheck, zero messages), complete (wordorder), every
# language change marked, reproducible byte for byte, fonts embedded as
# subsets that cover the foreign scripts, navigation and metadata as EPUB 3
# and EPUB Accessibility 1.1 want them, and no half-written file on failure.
# epubcheck takes ~8 s per run, so it runs twice: the book, and the example
# that uses every element of the vocabulary.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

ARTICLE=$FIXTURES/the-code-beyond-the-code.txt # the article as published, plain text
EPUBCHECK=/usr/share/java/epubcheck.jar
EPOCH=1764028800 # 2025-11-25T00:00:00Z
BOOK=$WS/book/bundle.epub
EXAMPLE=$WS/example/bundle.epub

# The structural checks: tests/tools/epub_checks.py (the standard library only).

# epub_py CMD ARGS...: run a check of tests/tools/epub_checks.py (see py_check in lib.sh).
epub_py() { py_check "$ROOT/tests/tools/epub_checks.py" "$@"; }

# epubcheck FILE: zero fatals, errors, warnings (and infos).
epubcheck() {
  if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
    problem "epubcheck is not installed ($EPUBCHECK, java)"
    return 1
  fi
  java -jar "$EPUBCHECK" "$1" >"$WS/epubcheck.out" 2>&1
  local rc=$? summary
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  note "epubcheck $(basename "$(dirname "$1")"): ${summary:-no summary}"
  if [ "$rc" != 0 ] || ! grep -q '0 fatals / 0 errors / 0 warnings' <<<"$summary"; then
    problem "epubcheck: ${summary:-exit $rc}: $(grep -E '^(FATAL|ERROR|WARNING)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
  elif ! grep -q '0 infos' <<<"$summary"; then
    note "epubcheck infos: $(grep -E '^INFO' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
  fi
}

# ---- building ---------------------------------------------------------------------------------

begin "epub: the book builds, with no warning"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --format epub -o "$WS/book" "$ROOT/sources/bundle.xml"
[ -s "$BOOK" ] || problem "no $BOOK"
if grep -q 'warning:' "$ERR_FILE"; then problem "warnings: $(excerpt "$ERR_FILE")"; fi
end

begin "epub: the example (every element of the vocabulary) builds"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --format epub -o "$WS/example" "$ROOT/docs/example/bundle.xml"
[ -s "$EXAMPLE" ] || problem "no $EXAMPLE"
end

# ---- validity and completeness ----------------------------------------------------------------

begin "epub: epubcheck finds nothing in the book"
epubcheck "$BOOK"
end

begin "epub: epubcheck finds nothing in the example"
epubcheck "$EXAMPLE"
end

begin "epub: the book's text is all there, in order (wordorder >= 99.5%)"
out=$(python3 "$ROOT/tests/tools/wordorder.py" --min 99.5 "$ARTICLE" "$BOOK" 2>&1) ||
  problem "$out"
note "$out"
end

begin "epub: every foreign word sits in an element with lang and xml:lang of its language"
epub_py lang "$BOOK" 'હાથe=gu' 'decisões=pt' '외부=ko' 'सिंगल=hi' '웹=ko'
epub_py lang "$EXAMPLE" 'vade mecum=la' 'Structure et interprétation=fr'
end

# ---- reproducibility ----------------------------------------------------------------------------

begin "epub: the same SOURCE_DATE_EPOCH gives the same bytes (another TZ, another folder)"
(cd "$WS" && SOURCE_DATE_EPOCH=$EPOCH TZ=Asia/Tokyo "$QUIRE" build --format epub -o "$WS/again" \
  "$ROOT/sources/bundle.xml") >"$OUT_FILE" 2>"$ERR_FILE"
RC=$?
check_no_crash
if [ "$RC" != 0 ]; then
  problem "second build: exit $RC: $(excerpt "$ERR_FILE")"
elif ! cmp -s "$BOOK" "$WS/again/bundle.epub"; then
  problem "the two EPUBs differ: $(cmp "$BOOK" "$WS/again/bundle.epub" | head -n 1)"
fi
end

begin "epub: another SOURCE_DATE_EPOCH changes dcterms:modified and the archive's times"
LATER=$((EPOCH + 86400 * 40 + 3661))
SOURCE_DATE_EPOCH=$LATER expect_exit 0 "$QUIRE" build --format epub -o "$WS/later" "$ROOT/sources/bundle.xml"
want=$(date -u -d "@$LATER" +%Y-%m-%dT%H:%M:%SZ)
got=$(unzip -p "$WS/later/bundle.epub" OEBPS/package.opf 2>/dev/null |
  sed -n 's|.*<meta property="dcterms:modified">\([^<]*\)</meta>.*|\1|p')
[ "$got" = "$want" ] || problem "dcterms:modified '$got', want '$want'"
cmp -s "$BOOK" "$WS/later/bundle.epub" && problem "the EPUB did not change"
zipinfo -T "$WS/later/bundle.epub" 2>/dev/null | grep -q " $(date -u -d "@$LATER" +%Y%m%d)\." ||
  problem "the archive's entries do not carry the new date: $(zipinfo -T "$WS/later/bundle.epub" | sed -n 3p)"
end

# ---- structure ------------------------------------------------------------------------------------

begin "epub: container: mimetype first, stored, no extra field; one timestamp; mode 0644; nothing unlisted"
epub_py container "$BOOK"
end

begin "epub: package: UUID v5 of the identifier, Dublin Core, dcterms:modified, accessibility metadata"
epub_py metadata "$BOOK" "urn:x-quire:the-code-beyond-the-code" "$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)" &&
  note "identifier $PY_OUT"
end

begin "epub: navigation: parts in order with their sections, landmarks, an NCX that mirrors it"
epub_py nav "$BOOK" opening.xhtml:0 clean-architecture.xhtml:3 high-performance-python.xhtml:3 \
  using-asyncio.xhtml:3 fluent-python.xhtml:3 cpython-internals.xhtml:3 closing.xhtml:0
epub_py nav "$EXAMPLE" intro.xhtml:0 sicp.xhtml:2
end

begin "epub: content documents: cover, title page, contents, then the parts; lang, title, links resolve"
epub_py docs "$BOOK" en &&
  { [ "$PY_OUT" = "cover.xhtml titlepage.xhtml nav.xhtml opening.xhtml clean-architecture.xhtml high-performance-python.xhtml using-asyncio.xhtml fluent-python.xhtml cpython-internals.xhtml closing.xhtml" ] ||
    problem "spine: $PY_OUT"; }
epub_py docs "$EXAMPLE" en
unzip -p "$EXAMPLE" OEBPS/sicp.xhtml | grep -q '<a href="intro.xhtml">introduction</a>' ||
  problem "the example's linkend to the introduction is not a link to intro.xhtml"
end

begin "epub: notes are numbered in their h1 (1. to 5.), the opening and closing are not"
epub_py titles "$BOOK" "The" "1. " "2. " "3. " "4. " "5. " "You"
end

begin "epub: the bibliography entry reads Title: / Author: or Authors:"
unzip -p "$BOOK" OEBPS/clean-architecture.xhtml | grep -q 'Authors:</span> Harry Percival and Bob Gregory' ||
  problem "clean-architecture: no 'Authors: Harry Percival and Bob Gregory'"
unzip -p "$BOOK" OEBPS/fluent-python.xhtml | grep -q 'Author:</span> Luciano Ramalho' ||
  problem "fluent-python: no 'Author: Luciano Ramalho'"
end

# ---- fonts and cover --------------------------------------------------------------------------------

begin "epub: fonts are small subsets, declared in the CSS, covering the foreign scripts"
epub_py fonts "$BOOK" 'હાથe' 'decisões' '외부' 'सिंगल' '웹' 'The Code Beyond the Code' &&
  while IFS= read -r l; do note "$l"; done <<<"$PY_OUT"
end

begin "epub: the cover is a PNG, declared cover-image, shown first with a text alternative"
epub_py cover "$BOOK" && note "$PY_OUT"
end

# ---- failure --------------------------------------------------------------------------------------

begin "epub: a font that cannot be read is an error, and no EPUB is left"
printf 'not a font\n' >"$WS/junk.ttf"
sed "s|^body regular .*|body regular $WS/junk.ttf|" "$ROOT/fonts/manifest" >"$WS/manifest"
expect_exit 1 "$QUIRE" build --format epub --fonts "$WS/manifest" -o "$WS/bad" "$ROOT/sources/bundle.xml"
expect_stderr_match "error: font '$(re_quote "$WS/junk.ttf")' \(face 0\): not a font"
[ -e "$WS/bad/bundle.epub" ] && problem "$WS/bad/bundle.epub was written"
[ -d "$WS/bad" ] && expect_no_strays "$WS/bad"
end
