#!/usr/bin/env bash
# Two independent readers of the EPUB, neither of them ours:
#   - Ace by DAISY (npm @daisy/ace, installed by `make deps` in build/tools),
#     through its puppeteer runner on Debian's chromium: axe-core's WCAG
#     rules and the EPUB accessibility checks find no violation at all;
#   - calibre's ebook-convert (Debian's calibre) turns the EPUB into plain
#     text without a warning or an error, and that text is the article.
# One build (--format epub) serves both. Ace takes ~8 s (a browser start and
# axe on every content document), calibre ~1.5 s.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/ace.sh disable=SC1091
. "$(dirname "$0")/../ace.sh"

ARTICLE=$FIXTURES/the-code-beyond-the-code.txt # the article as published, plain text
BOOK=$WS/book/bundle.epub

# Both tools keep settings and logs under $HOME: keep them in the workspace.
export HOME=$WS/home
mkdir -p "$HOME"

# calibre_check EPUB TXT: ebook-convert EPUB TXT exits 0, writes TXT, and
# says nothing that is a warning or an error.
#
# What counts: calibre's log prints every message plainly, whatever its
# level, unless it writes to a terminal; CALIBRE_FORCE_ANSI makes it colour
# the levels anyway, so a message logged at WARN (yellow, ESC[33m) or ERROR
# (red, ESC[31m) level is a problem; so is any line that says "warning",
# "error" or "traceback" in any case (Python's warnings and tracebacks on
# stderr bypass calibre's log). Everything else is INFO: the progress lines
# ("34% Running transforms on e-book..."), the pipeline's steps, and
# "Trimming 'OEBPS/toc.ncx' from manifest" (the TXT output has no use for
# the NCX table of contents and drops it, as for any EPUB that has one).
calibre_check() {
  local epub=$1 txt=$2 log=$WS/calibre.log
  if ! command -v ebook-convert >/dev/null; then
    problem "ebook-convert is not installed (Debian's calibre): run make deps"
    return 1
  fi
  rm -f "$txt"
  CALIBRE_FORCE_ANSI=1 run ebook-convert "$epub" "$txt"
  cat "$OUT_FILE" "$ERR_FILE" >"$log"
  expect_rc 0
  if [ ! -s "$txt" ]; then
    problem "ebook-convert wrote no text to $txt"
  fi
  grep -E $'\033''\[3[13]m' "$log" | sed "s/$ANSI//g" >"$WS/calibre.bad"
  sed "s/$ANSI//g" "$log" | grep -iE 'warning|error|traceback' >>"$WS/calibre.bad"
  sort -u -o "$WS/calibre.bad" "$WS/calibre.bad"
  if [ -s "$WS/calibre.bad" ]; then
    problem "ebook-convert: $(wc -l <"$WS/calibre.bad") warning(s): $(excerpt "$WS/calibre.bad" 3)"
    sed 's/^/#   /' "$WS/calibre.bad" | head -n 20
  fi
}

begin "readers: quire builds the EPUB"
run "$QUIRE" build --format epub -o "$WS/book" "$ROOT/sources/bundle.xml"
expect_rc 0
[ -s "$BOOK" ] || problem "no $BOOK"
end

begin "readers: Ace by DAISY finds no violation in the EPUB"
if [ -s "$BOOK" ]; then
  ace_check "$BOOK"
else
  problem "no EPUB to check"
fi
end

begin "readers: calibre's ebook-convert reads the EPUB without a warning"
if [ -s "$BOOK" ]; then
  calibre_check "$BOOK" "$WS/book.txt"
else
  problem "no EPUB to convert"
fi
end

begin "readers: calibre's text is the article (wordorder >= 99.5%)"
if [ ! -s "$WS/book.txt" ]; then
  problem "no text from ebook-convert"
else
  run python3 "$ROOT/tests/tools/wordorder.py" "$ARTICLE" "$WS/book.txt" --min 99.5
  [ "$RC" = 0 ] || problem "wordorder exit $RC: $(excerpt "$OUT_FILE" 2); stderr: $(excerpt "$ERR_FILE" 2)"
fi
end
