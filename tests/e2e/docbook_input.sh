#!/usr/bin/env bash
# DocBook as people and other tools write it: a DOCTYPE line, titles
# directly in article and section, no version, sect1..sect5 and simplesect.
# Such an article builds unchanged into both outputs. What quire cannot take
# gets one positioned message that says the fix: the DocBook 5 form of a
# DocBook 4 name, the element a misspelling meant, the character reference
# for an HTML entity, that an element holds text only. Positions are
# counted by hand from the fixtures (columns count characters, from 1).
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPUBCHECK=/usr/share/java/epubcheck.jar
WORDCHECK=$ROOT/tests/tools/wordorder.py
EPOCH=1764028800

# The words of a part, in order: its text with the markup taken out, the
# DOCTYPE and the XML declaration skipped. An attribution, written before
# its quotation as DocBook wants, is printed after it: it is left out here
# (and looked for on its own).
part_words() {
  grep -v -e '^<?xml' -e '^<!DOCTYPE' -e '<attribution>' "$1" | sed -e 's/<[^>]*>/ /g'
}

# ---- a DocBook writer's article -------------------------------------------------

begin "a DocBook writer's article (DOCTYPE, title in article, no version, sect1, simplesect) builds unchanged"
dir=$WS/writer
fixture_bundle "$dir" docbook-writer.xml
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -o "$dir/out" "$dir/bundle.xml"
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
cmp -s "$dir/docbook-writer.xml" "$FIXTURES/parts/docbook-writer.xml" || problem "the source changed"
[ -s "$dir/out/bundle.epub" ] && [ -s "$dir/out/bundle.pdf" ] || problem "an output is missing"
end

begin "the writer's article: epubcheck gives no message"
if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
  problem "epubcheck is not installed ($EPUBCHECK, java)"
elif [ -s "$dir/out/bundle.epub" ]; then
  java -jar "$EPUBCHECK" "$dir/out/bundle.epub" >"$WS/epubcheck.out" 2>&1
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  grep -q '0 fatals / 0 errors / 0 warnings / 0 infos' <<<"$summary" ||
    problem "epubcheck: ${summary:-no summary}: $(grep -E '^(FATAL|ERROR|WARNING|INFO)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
fi
end

begin "the writer's article: every word, in order, in the PDF's text and in the EPUB"
part_words "$FIXTURES/parts/docbook-writer.xml" >"$WS/writer.txt"
for out in bundle.pdf bundle.epub; do
  if [ -s "$dir/out/$out" ]; then
    run python3 "$WORDCHECK" "$WS/writer.txt" "$dir/out/$out" --min 100
    [ "$RC" = 0 ] || problem "$out: wordcheck $(excerpt "$OUT_FILE" 1) $(excerpt "$ERR_FILE" 1)"
  fi
done
if [ -s "$dir/out/bundle.pdf" ]; then
  pdftotext -enc UTF-8 "$dir/out/bundle.pdf" - | grep -q "A surveyor's rule of thumb" ||
    problem "the quotation's attribution is not in the PDF's text"
fi
end

# ---- one model, however DocBook places things ------------------------------------

# same_outputs NAME A B: parts A and B (two ways of writing one article)
# give byte-identical outputs.
same_outputs() {
  local name=$1 a=$2 b=$3
  begin "$name"
  mkdir -p "$WS/$name-a" "$WS/$name-b"
  printf '%s\n' "$a" >"$WS/a.xml"
  printf '%s\n' "$b" >"$WS/b.xml"
  for side in a b; do
    fixture_bundle "$WS/$name-$side" good.xml
    cp "$WS/$side.xml" "$WS/$name-$side/good.xml"
    SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -o "$WS/$name-$side/out" "$WS/$name-$side/bundle.xml"
    [ ! -s "$ERR_FILE" ] || problem "$side: messages: $(excerpt "$ERR_FILE" 3)"
  done
  for out in bundle.pdf bundle.epub; do
    cmp -s "$WS/$name-a/out/$out" "$WS/$name-b/out/$out" || problem "the two ${out#bundle.}s differ"
  done
  end
}

HEAD='<?xml version="1.0" encoding="UTF-8"?>'
NS='xmlns="http://docbook.org/ns/docbook"'
same_outputs "titles in info or directly inside: the same book" \
  "$HEAD
<article $NS version=\"5.0\"><info><title>Titles</title><titleabbrev>T</titleabbrev></info>
  <section><info><title>One</title></info><para>First.</para></section>
</article>" \
  "$HEAD
<!DOCTYPE article>
<article $NS><title>Titles</title><titleabbrev>T</titleabbrev>
  <section><title>One</title><para>First.</para></section>
</article>"

same_outputs "sect1 to sect5 and simplesect: the same book as nested sections" \
  "$HEAD
<article $NS version=\"5.0\"><info><title>Levels</title></info>
  <section><title>L1</title><para>a</para>
    <section><title>L2</title><para>b</para>
      <section><title>L3</title><para>c</para>
        <section><title>L4</title><para>d</para>
          <section><title>L5</title><para>e</para>
            <section><title>L6</title><para>f</para></section>
          </section>
        </section>
      </section>
    </section>
  </section>
  <section><title>Alone</title><para>g</para></section>
</article>" \
  "$HEAD
<article $NS version=\"5.2\"><title>Levels</title>
  <sect1><title>L1</title><para>a</para>
    <sect2><title>L2</title><para>b</para>
      <sect3><title>L3</title><para>c</para>
        <sect4><title>L4</title><para>d</para>
          <sect5><title>L5</title><para>e</para>
            <simplesect><title>L6</title><para>f</para></simplesect>
          </sect5>
        </sect4>
      </sect3>
    </sect2>
  </sect1>
  <simplesect><title>Alone</title><para>g</para></simplesect>
</article>"

begin "sect2 directly in article: refused where DocBook refuses it"
dir=$WS/sect2
fixture_bundle "$dir" good.xml
printf '%s\n' "$HEAD" "<article $NS><title>T</title>" \
  '  <sect2><title>Too deep</title><para>x</para></sect2>' '</article>' >"$dir/good.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
# "  <sect2>": column 3.
expect_diag "$dir/good.xml" 3 3 ".*<sect2> is not allowed here, inside <article>"
expect_errors 1
end

begin "a part's titleabbrev is its running head in the PDF"
dir=$WS/abbrev
fixture_bundle "$dir" good.xml
{
  printf '%s\n' "$HEAD" "<article $NS>" \
    '  <title>A title far too long to print in full at the top of every page</title>' \
    '  <titleabbrev>Short head</titleabbrev>'
  for _ in $(seq 1 60); do
    echo '  <para>Filler text that runs on, so that the part takes more than one page of the book.</para>'
  done
  echo '</article>'
} >"$dir/good.xml"
expect_exit 0 "$QUIRE" build --format pdf -o "$dir/out" "$dir/bundle.xml"
pages=$(pdftotext -enc UTF-8 "$dir/out/bundle.pdf" - 2>/dev/null)
grep -q 'Short head' <<<"$pages" || problem "no running head 'Short head' in the PDF's text"
end

# ---- version -------------------------------------------------------------------

begin "version 4.5: one error naming the versions quire reads"
dir=$WS/version
fixture_bundle "$dir" good.xml
sed -i 's/version="5.0"/version="4.5"/' "$dir/good.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
# '<article xmlns="http://docbook.org/ns/docbook" version=': column 48.
expect_diag "$dir/good.xml" 2 48 "version '4\.5' is not accepted: quire reads DocBook 5\.0, 5\.1 and 5\.2"
expect_errors 1
end

begin "version 5.1, 5.2 or none: accepted"
for v in 'version="5.1"' 'version="5.2"' ''; do
  dir=$WS/version-${v//[^0-9]/}
  fixture_bundle "$dir" good.xml
  sed -i "s/version=\"5.0\"/$v/" "$dir/good.xml" "$dir/bundle.xml"
  expect_exit 0 "$QUIRE" check "$dir/bundle.xml"
done
end

# ---- messages: one problem, one message, with the fix ---------------------------------

# one_message NAME PART LINE COL REGEX: checking a book with PART gives
# exactly one error, at LINE:COL, matching REGEX.
one_message() {
  local name=$1 part=$2 line=$3 col=$4 msg=$5
  local dir=$WS/${part%.xml}
  begin "$name"
  fixture_bundle "$dir" "$part"
  expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
  expect_diag "$dir/$part" "$line" "$col" "$msg"
  expect_errors 1
  end
}

# "  <para>See <ulink": column 13.
one_message "a DocBook 4 name (<ulink>): its DocBook 5 form" docbook4-ulink.xml 4 13 \
  'unknown element <ulink>: .*<link xlink:href=".*"> in DocBook 5'

# "  <para>A <emphsis>": column 11.
one_message "a misspelled element (<emphsis>): the nearest known one" misspelled.xml 4 11 \
  'unknown element <emphsis>: did you mean <emphasis>\?'

# "  <para>Ten&nbsp;": the '&' at column 12.
one_message "an HTML entity (&nbsp;): the character reference to write" html-entity.xml 4 12 \
  'undefined entity &nbsp;: write &#160; \(no-break space\) instead of &nbsp;'

# "  <para>Run <code>make <emphasis>": column 24.
one_message "markup in text-only content (<emphasis> in <code>): the element holds text only" \
  text-only-markup.xml 4 24 ".*<code> holds text only: take the <emphasis> markup out of it"

# The root, after a three-line DOCTYPE, is on line 4.
one_message "a DocBook 4 article (no namespace): what makes it DocBook 5" docbook4-article.xml 4 1 \
  'wrong root element <article> without a namespace, as DocBook 4 writes it: .*xmlns="http://docbook\.org/ns/docbook"'

one_message "a mismatched end tag: one message, not one per enclosing element" mismatched-tag.xml 4 26 \
  'malformed XML: .*emphasis line 4 and para'

begin "two HTML entities in one part: two messages, one each"
dir=$WS/entities
fixture_bundle "$dir" good.xml
sed -i 's|<para>Nothing wrong here.</para>|<para>Nothing\&hellip; wrong \&mdash; here.</para>|' "$dir/good.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
# "  <para>Nothing&hellip; wrong &mdash;": columns 16 and 31.
expect_diag "$dir/good.xml" 4 16 'undefined entity &hellip;: write &#8230;'
expect_diag "$dir/good.xml" 4 31 'undefined entity &mdash;: write &#8212; \(em dash\)'
expect_errors 2
end

begin "a part's and a section's subtitle: under the heading in both outputs, not in the navigation, no message"
dir=$WS/subtitle
fixture_bundle "$dir" good.xml
sed -i -e 's|<info><title>A good part</title></info>|<title>A good part</title><subtitle>And its subtitle</subtitle>|' \
  -e 's|<para>Nothing wrong here.</para>|&<section><info><title>A section</title><subtitle>Subtitled too</subtitle></info><para>Its text.</para></section>|' \
  "$dir/good.xml"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build --strict -o "$dir/out" "$dir/bundle.xml"
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
if [ -s "$dir/out/bundle.pdf" ]; then
  text=$(pdftotext -enc UTF-8 "$dir/out/bundle.pdf" - | tr -s ' \n' '  ')
  grep -q "A good part And its subtitle Nothing wrong here. A section Subtitled too Its text." <<<"$text" ||
    problem "the PDF's text has not the subtitles under their headings: $text"
  pdfinfo -struct "$dir/out/bundle.pdf" >"$WS/subtitle.struct" 2>&1 || problem "pdfinfo -struct failed"
  grep -A1 -E '^ *H1' "$WS/subtitle.struct" | grep -q -E '^ *P' || problem "the part's subtitle is not a P after its H1"
  grep -A1 -E '^ *H2' "$WS/subtitle.struct" | grep -q -E '^ *P' || problem "the section's subtitle is not a P after its H2"
fi
if [ -s "$dir/out/bundle.epub" ]; then
  unzip -p "$dir/out/bundle.epub" '*.xhtml' >"$WS/subtitle.xhtml"
  grep -A1 '</h1>$' "$WS/subtitle.xhtml" |
    grep -q '^<p class="subtitle">And its subtitle</p>$' || problem "no <p class=\"subtitle\"> after the part's h1"
  grep -A1 '</h2>$' "$WS/subtitle.xhtml" | grep -q '^<p class="subtitle">Subtitled too</p>$' ||
    problem "no <p class=\"subtitle\"> after the section's h2"
  unzip -p "$dir/out/bundle.epub" '*nav.xhtml' '*.ncx' 2>/dev/null | grep -q -e 'And its subtitle' -e 'Subtitled too' &&
    problem "a subtitle is in the navigation"
  unzip -p "$dir/out/bundle.epub" '*.css' | grep -q 'p.subtitle' || problem "the style sheet has no subtitle rule"
fi
end

begin "markup in the book's text-only metadata (<emphasis> in <keyword>): one message at the markup"
dir=$WS/keyword
fixture_bundle "$dir" good.xml
sed -i 's|<pubdate>2026-01-01</pubdate>|&<keywordset><keyword>a <emphasis>b</emphasis></keyword></keywordset>|' \
  "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
# "    <pubdate>2026-01-01</pubdate><keywordset><keyword>a <emphasis>": column 57.
expect_diag "$dir/bundle.xml" 6 57 "<keyword> holds text only: take the <emphasis> markup out of it"
expect_errors 1
end
