#!/usr/bin/env bash
# The command line: help, version, check and build on the real book.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

BUNDLE=$ROOT/sources/bundle.xml

begin "--help exits 0 and names build and check"
expect_exit 0 "$QUIRE" --help
expect_stdout_match 'quire build'
expect_stdout_match 'quire check'
expect_stdout_match '(-o|--output)'
[ ! -s "$ERR_FILE" ] || problem "wrote to stderr: $(excerpt "$ERR_FILE" 2)"
end

begin "-h is --help"
expect_exit 0 "$QUIRE" -h
expect_stdout_match 'quire build'
end

begin "build --help exits 0"
expect_exit 0 "$QUIRE" build --help
expect_stdout_match 'build'
end

begin "--version prints 'quire X.Y.Z' and exits 0"
expect_exit 0 "$QUIRE" --version
expect_stdout_match '^quire [0-9]+\.[0-9]+\.[0-9]+'
[ ! -s "$ERR_FILE" ] || problem "wrote to stderr: $(excerpt "$ERR_FILE" 2)"
end

begin "check sources/bundle.xml exits 0 and writes nothing"
work=$WS/check-cwd
mkdir -p "$work"
before=$(snapshot "$ROOT/sources")
(cd "$work" && timeout 60 "$QUIRE" check "$BUNDLE" >"$OUT_FILE" 2>"$ERR_FILE")
RC=$?
check_no_crash
[ "$RC" = 0 ] || problem "expected exit 0, got $RC; stderr: $(excerpt "$ERR_FILE")"
if grep -q 'error:' "$ERR_FILE"; then problem "errors: $(excerpt "$ERR_FILE")"; fi
written=$(find "$work" -mindepth 1 -printf '%P ')
if [ -n "$written" ]; then problem "wrote in the current folder: $written"; fi
if [ "$(snapshot "$ROOT/sources")" != "$before" ]; then problem "changed sources/"; fi
end

begin "build -o DIR sources/bundle.xml exits 0 and writes DIR/bundle.epub"
out=$WS/out
expect_exit 0 "$QUIRE" build -o "$out" "$BUNDLE"
if [ ! -s "$out/bundle.epub" ]; then
  problem "no $out/bundle.epub"
else
  # An EPUB is a ZIP whose first entry is the uncompressed "mimetype".
  if [ "$(head -c 2 "$out/bundle.epub")" != PK ] ||
    [ "$(head -c 58 "$out/bundle.epub" | tail -c 28)" != "mimetypeapplication/epub+zip" ]; then
    problem "bundle.epub does not begin like an EPUB (PK, then mimetype)"
  fi
fi
left=$(find "$out" -mindepth 1 ! -name bundle.epub ! -name bundle.pdf -printf '%P ' 2>/dev/null)
if [ -n "$left" ]; then problem "other files in the output folder: $left"; fi
end

begin "build without -o writes ./out/bundle.epub"
work=$WS/default-out
mkdir -p "$work"
(cd "$work" && timeout 60 "$QUIRE" build "$BUNDLE" >"$OUT_FILE" 2>"$ERR_FILE")
RC=$?
check_no_crash
[ "$RC" = 0 ] || problem "expected exit 0, got $RC; stderr: $(excerpt "$ERR_FILE")"
[ -s "$work/out/bundle.epub" ] || problem "no out/bundle.epub in the current folder"
end

begin "build twice: the same bytes (the output folder is replaced, not appended to)"
if [ -s "$WS/out/bundle.epub" ]; then
  first=$(sha256sum <"$WS/out/bundle.epub")
  expect_exit 0 "$QUIRE" build -o "$WS/out" "$BUNDLE"
  [ "$(sha256sum <"$WS/out/bundle.epub")" = "$first" ] || problem "the second build differs from the first"
  expect_no_strays "$WS/out"
else
  problem "no first build to compare with (see above)"
fi
end

begin "--format epub writes only the EPUB"
expect_exit 0 "$QUIRE" build -o "$WS/fmt" --format epub "$BUNDLE"
[ -s "$WS/fmt/bundle.epub" ] || problem "no bundle.epub"
left=$(find "$WS/fmt" -mindepth 1 ! -name bundle.epub -printf '%P ' 2>/dev/null)
if [ -n "$left" ]; then problem "other files in the output folder: $left"; fi
end
