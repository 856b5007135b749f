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

# The progress line: shown on a terminal (script(1) gives the build one),
# each status replacing the last and the line cleared at the end; never in a
# pipe or a log, and not with -q.
begin "a progress line on a terminal, cleared at the end; none in a pipe or with -q"
if command -v script >/dev/null; then
  timeout 60 script -qec "'$QUIRE' build -o '$WS/tty' '$BUNDLE'" /dev/null >"$WS/tty.out" 2>&1
  RC=$?
  [ "$RC" = 0 ] || problem "build on a terminal: exit $RC: $(excerpt "$WS/tty.out")"
  grep -q 'quire: read 7 parts' "$WS/tty.out" || problem "no 'read 7 parts' status on the terminal"
  grep -q 'quire: set [0-9]* pages' "$WS/tty.out" || problem "no 'set N pages' status"
  # What is left on screen after the last carriage return: nothing.
  last=$(tr -d '\n' <"$WS/tty.out" | awk -F '\r' '{print $NF}' | sed 's/\x1b\[K//g')
  [ -z "$last" ] || problem "the line is not cleared at the end: '$last'"
  timeout 60 script -qec "'$QUIRE' build -q -o '$WS/tty' '$BUNDLE'" /dev/null >"$WS/tty-q.out" 2>&1
  if grep -q 'quire:' "$WS/tty-q.out"; then problem "-q still shows progress: $(excerpt "$WS/tty-q.out")"; fi
else
  note "script(1) is not installed: the terminal half is not checked"
fi
expect_exit 0 "$QUIRE" build -o "$WS/pipe" "$BUNDLE"
[ ! -s "$ERR_FILE" ] || problem "progress (or anything) on stderr in a pipe: $(excerpt "$ERR_FILE" 2)"
end

begin "-o with an empty name: a usage error that says so"
expect_exit 2 "$QUIRE" build -o "" "$BUNDLE"
expect_stderr_match '^quire: error: -o needs a folder \(got an empty name\)'
end

begin "an output path longer than PATH_MAX: says so (not 'Success')"
long=$WS/$(for _ in $(seq 1 25); do printf '%0200d/' 0; done)
expect_exit 1 "$QUIRE" build -o "$long" "$BUNDLE"
expect_stderr_match 'error: cannot create the output folder: its path is longer than the system allows'
grep -q 'Success' "$ERR_FILE" && problem "the message says 'Success'"
end
