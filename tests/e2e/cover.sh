#!/usr/bin/env bash
# The EPUB's cover picture, judged as a reader would see it: a valid PNG
# (every chunk's CRC, the image data decoding to exactly its rows, read by
# tests/tools/pngcheck.py with Python's zlib, not by quire's encoder) of
# 1200 x 1800 pixels, the band in the theme's link colour, the title drawn
# in it within the margins. Titles with Hangul and Devanagari words, a long
# title that must shrink, and many authors all build and draw; the same
# inputs give the same picture.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPOCH=1764028800
PNGCHECK=$ROOT/tests/tools/pngcheck.py
# The theme's link colour, as the cover's band shows it.
ACCENT=$(sed -n '/^a *{/,/}/s/.*color: *#\([0-9a-fA-F]\{6\}\).*/\1/p' "$ROOT/styles/default.css" | head -n 1)

# A copy of the article's sources with its title, subtitle and authors
# replaced: make_bundle DIR TITLE SUBTITLE AUTHOR...
make_bundle() {
  local dir=$1 title=$2 subtitle=$3
  shift 3
  mkdir -p "$dir"
  cp -r "$ROOT/sources/." "$dir/"
  local authors="" a
  for a in "$@"; do
    authors="$authors<author><personname>$a</personname></author>"
  done
  local sub=""
  [ -n "$subtitle" ] && sub="<subtitle>$subtitle</subtitle>"
  local line
  line=$(grep -n '<title>' "$dir/bundle.xml" | head -n 1 | cut -d: -f1)
  # The first <title> (the book's) and every <author> line are replaced.
  awk -v n="$line" -v t="    <title>$title</title>$sub" -v a="    $authors" '
    NR == n { print t; next }
    /<author>/ { if (!done) print a; done = 1; next }
    { print }' "$dir/bundle.xml" >"$dir/bundle.new" && mv "$dir/bundle.new" "$dir/bundle.xml"
}

# Build DIR's bundle (EPUB only) and check its cover; $1: test name.
check_cover() {
  local name=$1 dir=$2
  begin "$name"
  SOURCE_DATE_EPOCH=$EPOCH run "$QUIRE" build -q --format epub -o "$dir/out" "$dir/bundle.xml"
  expect_rc 0
  if [ "$RC" = 0 ]; then
    if grep -v 'has no page list' "$ERR_FILE" | grep -q .; then
      problem "the build said: $(head -c 300 "$ERR_FILE")"
    fi
    unzip -p "$dir/out/bundle.epub" OEBPS/cover.png >"$dir/cover.png"
    local why
    if ! why=$(python3 "$PNGCHECK" cover "$dir/cover.png" "$ACCENT" 2>&1); then
      problem "$why"
    else
      note "$(python3 "$PNGCHECK" info "$dir/cover.png")"
    fi
  fi
  end
}

begin "cover: the theme's link colour is found"
[ ${#ACCENT} = 6 ] || problem "no link colour in styles/default.css"
end

# The article, with the PDF in the same run, as `make` builds it.
begin "cover: the article's cover is a valid 1200x1800 PNG, band in the link colour, title drawn in it"
SOURCE_DATE_EPOCH=$EPOCH run "$QUIRE" build -q -o "$WS/article" "$ROOT/sources/bundle.xml"
expect_rc 0
if [ "$RC" = 0 ]; then
  unzip -p "$WS/article/bundle.epub" OEBPS/cover.png >"$WS/article.png"
  why=$(python3 "$PNGCHECK" cover "$WS/article.png" "$ACCENT" 2>&1) || problem "$why"
  note "$(python3 "$PNGCHECK" info "$WS/article.png")"
fi
end

begin "cover: the same inputs draw the same picture"
SOURCE_DATE_EPOCH=$EPOCH run "$QUIRE" build -q -o "$WS/again" "$ROOT/sources/bundle.xml"
expect_rc 0
unzip -p "$WS/again/bundle.epub" OEBPS/cover.png >"$WS/again.png"
cmp -s "$WS/article.png" "$WS/again.png" || problem "two builds gave different cover.png bytes"
end

make_bundle "$WS/hangul" "The Code 코드 Beyond the Code" "" "Anonymous"
check_cover "cover: a title with a Hangul word builds and is drawn" "$WS/hangul"

make_bundle "$WS/deva" "कोड: The Code Beyond the Code" "पढ़ने की सूची, a reading list" "Anonymous"
check_cover "cover: a title and subtitle with Devanagari words build and are drawn" "$WS/deva"

make_bundle "$WS/long" "A Very Long Title About the Code Beyond the Code, the Books That Teach It, the People Who Write It and the Machines That Run It Late at Night" \
  "With a Subtitle" "Ada Lovelace" "Alan Turing" "Grace Hopper"
check_cover "cover: a long title shrinks into the band, with three authors" "$WS/long"

# A long title is set smaller than the article's: its letters take fewer
# rows each, but it still has text in the band.
begin "cover: the long title is smaller than the article's"
if [ -s "$WS/long/cover.png" ] && [ -s "$WS/article.png" ]; then
  a=$(python3 "$PNGCHECK" tallest "$WS/article.png")
  b=$(python3 "$PNGCHECK" tallest "$WS/long/cover.png")
  note "rows of one title line: article $a, long title $b"
  [ "$b" -lt "$a" ] || problem "the long title's lines are not shorter ($b rows against $a)"
else
  problem "a cover is missing"
fi
end
