#!/usr/bin/env bash
# Each class of bad input gets its own positioned error ("FILE:LINE:COL:
# error: MESSAGE" on stderr) and exit status 1; usage errors exit 2.
# The expected positions are counted by hand from the fixtures in
# tests/fixtures/ (columns count characters, from 1).
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

# A book with one bad part; check it and expect one error at LINE:COL.
one_bad_part() {
  local name=$1 part=$2 line=$3 col=$4 msg=$5
  local dir=$WS/${part%.xml}
  begin "$name"
  fixture_bundle "$dir" "$part"
  expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
  expect_diag "$dir/$part" "$line" "$col" "$msg"
  end
}

# ---- well-formedness -------------------------------------------------------------

# The file ends inside <para> (line 4): the end of the file is line 5, column 1.
one_bad_part "malformed XML: unclosed tag" unclosed-tag.xml 5 1 \
  'malformed XML: .*tag para line 4'

# "  <para>One <emphasis>two</para>": </para> begins at column 26.
one_bad_part "malformed XML: mismatched end tag points at the end tag" mismatched-tag.xml 4 26 \
  'malformed XML: .*emphasis line 4 and para'

begin "invalid UTF-8: the position of the bad byte"
dir=$WS/utf8
fixture_bundle "$dir" good.xml
# Line 4 is "  <para>Café x" then 0xFF: the byte is the 15th character
# (é is two bytes but one column).
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
  '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
  '  <info><title>Bad bytes</title></info>' >"$dir/good.xml"
printf '  <para>Caf\xc3\xa9 x\xffy</para>\n</article>\n' >>"$dir/good.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/good.xml" 4 15 'invalid UTF-8 .*0xFF'
end

begin "invalid UTF-8 in the bundle itself"
dir=$WS/utf8-bundle
fixture_bundle "$dir" good.xml
# Line 5 of the bundle is "    <title>Fixture</title>...": put 0xC3 0x28
# (a lead byte without its continuation) after "Fix", column 15.
sed -i '5s/Fixture/Fix\xc3(ture/' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 5 15 'invalid UTF-8'
end

# ---- structure ---------------------------------------------------------------------

one_bad_part "wrong root element: <chapter>" root-chapter.xml 3 1 'wrong root element <chapter>'
one_bad_part "wrong root element: <html>" root-html.xml 2 1 'wrong root element <html>'

# "  <para>Some text with a <foo>": <foo> begins at column 26.
one_bad_part "unknown element <foo> in a para" unknown-element.xml 4 26 'unknown element <foo>'

one_bad_part "missing title: an article without info/title" no-title.xml 2 1 \
  'missing required title'

begin "missing title: a bundle without info/title"
dir=$WS/no-title-bundle
mkdir -p "$dir"
cp "$FIXTURES/bundles/no-title.xml" "$dir/bundle.xml"
cp "$FIXTURES/parts/good.xml" "$dir/good.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
# The <info> that lacks it is on line 4, column 3.
expect_diag "$dir/bundle.xml" 4 3 'missing required title'
end

# ---- attributes ---------------------------------------------------------------------

begin "bad xml:lang: 'english!' and 'xx', at the attribute"
dir=$WS/lang
fixture_bundle "$dir" bad-lang.xml
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
# "  <para>In <phrase xml:lang=...": the attribute is at column 20.
expect_diag "$dir/bad-lang.xml" 4 20 "bad xml:lang 'english!'"
# "  <para xml:lang=...": column 9.
expect_diag "$dir/bad-lang.xml" 5 9 "bad xml:lang 'xx'"
expect_errors 2
end

begin "bad xml:lang on the book"
dir=$WS/lang-book
fixture_bundle "$dir" good.xml
# Line 3 is '      xmlns:q="urn:x-quire:1" version="5.0" xml:lang="en">'.
sed -i '3s/xml:lang="en"/xml:lang="english!"/' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
# The attribute begins at column 45.
expect_diag "$dir/bundle.xml" 3 45 "bad xml:lang 'english!'"
end

# ---- parts ------------------------------------------------------------------------------

begin "a part file that does not exist, at the href"
dir=$WS/missing
fixture_bundle "$dir" good.xml
sed -i 's|href="good.xml"|href="missing.xml"|' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 8 15 "part file '$(re_quote "$dir/missing.xml")' does not exist"
end

begin "a part path that leaves sources/: ../../etc/passwd"
dir=$WS/leave
fixture_bundle "$dir" good.xml
sed -i 's|href="good.xml"|href="../../etc/passwd"|' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 8 15 "part path '\.\./\.\./etc/passwd' leaves the bundle's folder"
end

begin "a part path that is absolute: /etc/passwd"
dir=$WS/absolute
fixture_bundle "$dir" good.xml
sed -i 's|href="good.xml"|href="/etc/passwd"|' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 8 15 "part path '/etc/passwd' leaves the bundle's folder"
end

begin "a bundle that does not exist"
expect_exit 1 "$QUIRE" check "$WS/nowhere/bundle.xml"
expect_stderr_match "^$(re_quote "$WS/nowhere/bundle.xml")(:[0-9]+)*: error: .*(No such file|does not exist)"
end

# ---- the theme and the fonts --------------------------------------------------------

begin "unknown style property 'font-colour', at its line:col"
dir=$WS/style
fixture_bundle "$dir" good.xml
css=$WS/style/theme.css
body_line=$(grep -n '^body {' "$ROOT/styles/default.css" | head -n 1 | cut -d: -f1)
if [ -z "$body_line" ]; then
  problem "styles/default.css has no 'body {' line to add to"
else
  sed "${body_line}a\\  font-colour: red;" "$ROOT/styles/default.css" >"$css"
  expect_exit 1 "$QUIRE" check --style "$css" "$dir/bundle.xml"
  expect_diag "$css" $((body_line + 1)) 3 "unknown style property 'font-colour'"
fi
end

begin "a font the manifest names that is not installed, at its line"
dir=$WS/fonts
fixture_bundle "$dir" good.xml
manifest=$WS/fonts/manifest
missing=/usr/share/fonts/truetype/noto/NoSuchFont.ttf
# The first "body italic" line names the missing file instead.
awk -v f="$missing" '!done && $1 == "body" && $2 == "italic" { $3 = f; done = 1 } { print }' \
  "$ROOT/fonts/manifest" >"$manifest"
font_line=$(grep -n -F "$missing" "$manifest" | head -n 1 | cut -d: -f1)
if [ -z "$font_line" ]; then
  problem "fonts/manifest has no 'body italic' line to break"
else
  font_col=$(sed -n "${font_line}p" "$manifest" | awk -v f="$missing" '{ print index($0, f) }')
  expect_exit 1 "$QUIRE" check --fonts "$manifest" "$dir/bundle.xml"
  expect_diag "$manifest" "$font_line" "$font_col" "font '$(re_quote "$missing")' is not installed"
fi
end

# ---- several problems, one run -----------------------------------------------------------

begin "two broken parts: two errors, one per part, in one run"
dir=$WS/two
fixture_bundle "$dir" unknown-element.xml root-chapter.xml
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/unknown-element.xml" 4 26 'unknown element <foo>'
expect_diag "$dir/root-chapter.xml" 3 1 'wrong root element <chapter>'
expect_errors 2
end

begin "a broken part, a broken theme and a missing font: all three in one run"
dir=$WS/three
fixture_bundle "$dir" good.xml unknown-element.xml
if [ -n "${body_line:-}" ] && [ -n "${font_line:-}" ]; then
  expect_exit 1 "$QUIRE" build -o "$WS/three-out" --style "$css" --fonts "$manifest" "$dir/bundle.xml"
  expect_diag "$dir/unknown-element.xml" 4 26 'unknown element <foo>'
  expect_diag "$css" $((body_line + 1)) 3 "unknown style property 'font-colour'"
  expect_diag "$manifest" "$font_line" "$font_col" "font .* is not installed"
  expect_errors 3
  [ ! -e "$WS/three-out" ] || problem "a failed build created its output folder"
else
  problem "no broken theme or manifest to use (see the tests above)"
fi
end

# ---- usage errors ------------------------------------------------------------------------

usage_error() {
  local name=$1 re=$2
  shift 2
  begin "usage error: $name"
  expect_exit 2 "$@"
  expect_stderr_match "$re"
  expect_stderr_match '^usage: quire build'
  [ ! -s "$OUT_FILE" ] || problem "wrote to stdout: $(excerpt "$OUT_FILE" 2)"
  end
}

good=$WS/usage
fixture_bundle "$good" good.xml
cd "$WS" || exit 1
usage_error "no command" '^quire: error: ' "$QUIRE"
usage_error "no bundle" '^quire: error: no bundle' "$QUIRE" build
usage_error "no bundle (check)" '^quire: error: no bundle' "$QUIRE" check
usage_error "unknown command" "^quire: error: unknown command 'make'" "$QUIRE" make "$good/bundle.xml"
usage_error "unknown option" "^quire: error: unknown option '--frobnicate'" \
  "$QUIRE" build --frobnicate "$good/bundle.xml"
usage_error "unknown format" "^quire: error: unknown format .*mobi" \
  "$QUIRE" build -o "$WS/usage-out" --format mobi "$good/bundle.xml"
usage_error "-o without a folder" '^quire: error: -o needs' "$QUIRE" build "$good/bundle.xml" -o
usage_error "two bundles" '^quire: error: one bundle at a time' \
  "$QUIRE" check "$good/bundle.xml" "$good/bundle.xml"
begin "usage errors write nothing"
for d in "$WS/usage-out" "$WS/out"; do
  if [ -e "$d" ]; then problem "'$d' appeared"; fi
done
end
cd "$ROOT" || exit 1

# ---- messages that name the problem (issue 17, defect 8) ----------------------------------

begin "an empty part: 1:1 and 'the file is empty'"
dir=$WS/empty-part
fixture_bundle "$dir" good.xml
: >"$dir/empty.xml"
sed -i 's|href="good.xml"/>|href="good.xml"/>\n  <xi:include href="empty.xml"/>|' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/empty.xml" 1 1 'the file is empty'
expect_errors 1
end

begin "a bundle that is a folder: 'Is a directory'"
mkdir -p "$WS/folder.xml"
expect_exit 1 "$QUIRE" check "$WS/folder.xml"
expect_stderr_match "^$(re_quote "$WS/folder.xml"): error: .*[Ii]s a directory"
end

# CR-only line ends (old Mac files) count as line ends, as XML says: the
# unknown element on the fourth line is at 4:17.
begin "CR-only line ends: the right line and column"
dir=$WS/cr
fixture_bundle "$dir" good.xml
printf '<?xml version="1.0" encoding="UTF-8"?>\r<article xmlns="http://docbook.org/ns/docbook" version="5.0">\r  <info><title>A part</title></info>\r  <para>Nothing <foo/> here.</para>\r</article>\r' >"$dir/good.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/good.xml" 4 17 'unknown element <foo>'
end

begin "a part included twice: one error naming both places, with or without ids"
dir=$WS/twice
fixture_bundle "$dir" good.xml
sed -i 's|href="good.xml"/>|href="good.xml"/>\n  <xi:include href="good.xml"/>|' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 9 15 "part file '.*good.xml' is included twice, at $(re_quote "$dir/bundle.xml"):8:15 and 9:15"
expect_errors 1
sed -i 's|<article |<article xml:id="the-part" |' "$dir/good.xml"
ln -s good.xml "$dir/same.xml"
sed -i '0,/href="good.xml"/s//href="same.xml"/' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 9 15 "part file '.*good.xml' is included twice"
expect_errors 1
end

# ---- a theme the typesetter cannot hold (issue 17, defect 3) -------------------------------

begin "a theme with sizes out of range: errors at their declarations, in check and build"
printf 'body {\n  font-size: 100000pt;\n}\n@page {\n  margin: 100000mm;\n}\nh1 { font-size: 0.00001pt; }\n' >"$WS/huge.css"
for cmd in check build; do
  if [ "$cmd" = build ]; then
    expect_exit 1 "$QUIRE" build -o "$WS/huge-out" --style "$WS/huge.css" "$ROOT/sources/bundle.xml"
  else
    expect_exit 1 "$QUIRE" check --style "$WS/huge.css" "$ROOT/sources/bundle.xml"
  fi
  expect_diag "$WS/huge.css" 2 14 'body: the font size comes to 100000pt'
  expect_diag "$WS/huge.css" 5 11 'the @page margins leave a text block'
  expect_diag "$WS/huge.css" 7 17 'h1: the font size comes to 1e-05pt'
  expect_errors 3
done
[ -e "$WS/huge-out" ] && problem "the build made its output folder"
end
