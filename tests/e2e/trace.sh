#!/usr/bin/env bash
# Golden layout traces, with the real fonts: the whole path from the XML to
# the pages. Each bundle under tests/fixtures/trace/ is built on a small page
# (tests/fixtures/trace/small.css) with --trace, and its trace must equal the
# checked-in NAME.trace:
#   paragraph  emphasis, strong, code, an external and an internal link
#   list       a bulleted and a numbered list, an entry on two lines
#   foreign    German (hyphenated by its own patterns), Greek and Hindi words
#   heading    a section heading that fits at a page's foot only alone, so it
#              opens the next page with its text
#   pagebreak  a part over two pages (no widow, no orphan), then a part that
#              opens a page of its own
# A changed trace fails with its diff -u. After a change to the typesetter
# whose diff has been reviewed, write the new golden files with
#   QUIRE_UPDATE_GOLDEN=1 QUIRE=$PWD/builder/quire bash tests/e2e/trace.sh
# and commit them with the change (docs/typesetting.md, "Layout traces").
# Also: the trace is the same twice and whatever the locale, and --trace is
# refused without the PDF and reported when it cannot be written.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

DIR=$FIXTURES/trace
STYLE=$DIR/small.css
export SOURCE_DATE_EPOCH=1700000000

# trace NAME OUT: build fixture NAME with its trace at OUT.
trace() {
  run "$QUIRE" build -q --format pdf -o "$WS/out-$1" --style "$STYLE" --trace "$2" "$DIR/$1.xml"
  expect_rc 0
}

for name in paragraph list foreign heading pagebreak; do
  begin "trace of $name"
  got=$WS/$name.trace
  want=$DIR/$name.trace
  trace "$name" "$got"
  if [ -z "$WHY" ]; then
    if [ "${QUIRE_UPDATE_GOLDEN:-}" = 1 ]; then
      cp "$got" "$want"
      note "updated $want"
    elif [ ! -f "$want" ]; then
      problem "no golden file $want (QUIRE_UPDATE_GOLDEN=1 writes it)"
    elif ! diff -u "$want" "$got" >"$WS/$name.diff"; then
      problem "the trace differs from $(basename "$want") (diff -u below; if the change is"\
" right, QUIRE_UPDATE_GOLDEN=1 rewrites it)"
    fi
  fi
  end
  if [ -s "$WS/$name.diff" ]; then
    sed 's/^/#   /' "$WS/$name.diff"
  fi
done

begin "the trace is the same twice, whatever the locale"
trace paragraph "$WS/a.trace"
LC_ALL=C.UTF-8 LANG=de_DE.UTF-8 TZ=Asia/Tokyo \
  run "$QUIRE" build -q --format pdf -o "$WS/out-b" --style "$STYLE" --trace "$WS/b.trace" \
  "$DIR/paragraph.xml"
expect_rc 0
if ! cmp -s "$WS/a.trace" "$WS/b.trace"; then
  problem "two traces of one bundle differ"
fi
if grep -qvE '^(layout|outline|page|  (glyphs|begin|end|dest|rule))( |$)' "$WS/a.trace"; then
  problem "a line that is not a record: $(grep -vE '^(layout|outline|page|  )' "$WS/a.trace" | head -n 1)"
fi
end

begin "--trace needs the PDF"
expect_exit 2 "$QUIRE" build -q --format epub -o "$WS/out-e" --trace "$WS/e.trace" "$DIR/list.xml"
expect_stderr_match "^quire: error: --trace .*needs --format pdf"
if [ -e "$WS/e.trace" ]; then
  problem "a trace was written anyway"
fi
end

begin "an unwritable trace is an error"
expect_exit 1 "$QUIRE" build -q --format pdf -o "$WS/out-u" --style "$STYLE" \
  --trace "$WS/no/such/dir.trace" "$DIR/list.xml"
expect_stderr_match "no/such/dir.trace: error: cannot write the layout trace: No such file or directory"
if [ -e "$WS/out-u/list.pdf" ]; then
  problem "the PDF was committed anyway"
fi
end
