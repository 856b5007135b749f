#!/usr/bin/env bash
# The judges the other tests lean on (tests/tools/wordorder.py and typography.py) can
# fail: each is shown a faithful input and deliberately bad ones, and must tell them
# apart. The bad PDFs are drawn by tests/tools/pdfdraw.py (every word placed by hand)
# or built by quire with a theme that cannot be set well; the bad texts are the
# article's fixture with paragraphs shuffled or dropped.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

TOOLS=$ROOT/tests/tools
ARTICLE=$FIXTURES/the-code-beyond-the-code.txt
BUNDLE=$ROOT/sources/bundle.xml
EPOCH=1767225600

for tool in pdftotext pdftohtml python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    fail "setup" "$tool is not installed"
    exit 1
  fi
done

words() { python3 "$TOOLS/wordorder.py" "$@"; }
typo() { python3 "$TOOLS/typography.py" --json "$1" >"$1.json" 2>"$1.err"; }

# share LINE: the percentage wordorder printed.
share() { sed -n 's/^wordorder: \([0-9.]*\)% .*/\1/p' <<<"$1"; }

# measure PDF 'key op number'...: conditions on typography.py's measures of PDF.
measure() {
  local pdf=$1 bad
  shift
  if ! typo "$pdf"; then
    problem "typography.py failed on ${pdf#"$WS"/}: $(excerpt "$pdf.err" 2)"
    return 1
  fi
  bad=$(python3 "$ROOT/tests/tools/pdf_checks.py" metrics "$pdf.json" "$@")
  if [ -n "$bad" ]; then
    while IFS= read -r line; do problem "${pdf#"$WS"/}: $line"; done <<<"$bad"
  fi
}

# The drawn samples, each with the text it carries.
for s in good overfull hyphens loose shuffled; do
  python3 "$TOOLS/pdfdraw.py" "$s" "$WS/$s.pdf" "$WS/$s.txt" ||
    { fail "setup" "pdfdraw.py $s failed"; exit 1; }
done

# ---- word order ------------------------------------------------------------------------

begin "wordorder: the article against itself is 100%, exit 0"
run python3 "$TOOLS/wordorder.py" --min 100 "$ARTICLE" "$ARTICLE"
expect_rc 0
expect_stdout_match '^wordorder: 100\.00% of [0-9]+ reference words in order in .*; none missing; pass'
end

# The article's lines (its paragraphs) in a fixed other order.
python3 "$ROOT/tests/tools/fixtures.py" shuffle-lines "$ARTICLE" "$WS/shuffled.txt" "$WS/dropped.txt"

begin "wordorder: the article's paragraphs shuffled fail, well under 99%"
run python3 "$TOOLS/wordorder.py" --min 99 "$ARTICLE" "$WS/shuffled.txt"
expect_rc 1
expect_stdout_match '; FAIL \(--min 99\)$'
pct=$(share "$(cat "$OUT_FILE")")
awk -v p="${pct:-100}" 'BEGIN { exit !(p < 70) }' || problem "shuffled: $pct%, want under 70%"
end

begin "wordorder: a paragraph left out costs exactly its words"
run python3 "$TOOLS/wordorder.py" --min 0 "$ARTICLE" "$WS/dropped.txt"
expect_rc 0
want=$(python3 "$TOOLS/wordorder_trial.py" kept "$TOOLS" "$ARTICLE" "$WS/dropped.txt")
[ "$(share "$(cat "$OUT_FILE")")" = "$want" ] || problem "got: $(excerpt "$OUT_FILE" 1); want $want%"
grep -q 'longest miss: [1-9][0-9]* words' "$OUT_FILE" || problem "no longest miss named: $(excerpt "$OUT_FILE" 1)"
end

begin "wordorder: a line-end hyphen is undone when the joined word is the reference's"
out=$(python3 "$TOOLS/wordorder_trial.py" join-hyphens "$TOOLS")
[ "$out" = "['a', 'hyphenated', 'and', 'well', 'known', 'word', 'hyphenated']" ] ||
  problem "join_hyphens gave $out"
end

begin "wordorder: a drawn PDF hyphenated on every line it can is 100%"
run python3 "$TOOLS/wordorder.py" --min 100 "$WS/hyphens.txt" "$WS/hyphens.pdf"
expect_rc 0
n=$(pdftotext -bbox-layout "$WS/hyphens.pdf" - | grep -c -- '-</word>')
[ "$n" -ge 20 ] || problem "only $n hyphenated words in the drawn PDF: the test shows nothing"
end

begin "wordorder: a drawn PDF with its paragraphs in another order fails"
run python3 "$TOOLS/wordorder.py" --min 99.5 "$WS/good.txt" "$WS/shuffled.pdf"
expect_rc 1
end

# The book's EPUB, and a copy whose spine lists the documents backwards.
run env SOURCE_DATE_EPOCH=$EPOCH "$QUIRE" build --format epub -o "$WS/book" "$BUNDLE"
python3 "$ROOT/tests/tools/fixtures.py" reverse-spine "$WS/book/bundle.epub" "$WS/backwards.epub"

begin "wordorder: the EPUB read in spine order passes; spine reversed, it fails"
run python3 "$TOOLS/wordorder.py" --min 99.5 "$ARTICLE" "$WS/book/bundle.epub"
expect_rc 0
run python3 "$TOOLS/wordorder.py" --min 99.5 "$ARTICLE" "$WS/backwards.epub"
expect_rc 1
end

# 430 copies of the article (826,000 words, none of them unique), each with five words
# left out in the output and a page number added: no anchor, only the walk can align it.
begin "wordorder: 826,000 words of a text that repeats itself, in seconds and to the word"
t0=$(now_ms)
out=$(python3 "$TOOLS/wordorder_trial.py" cut-copies "$TOOLS" "$ARTICLE")
ms=$(($(now_ms) - t0))
read -r n pct best <<<"$out"
note "$n words: $pct% in order, $best% at best, $ms ms"
[ "${n:-0}" -gt 800000 ] || problem "the test text has ${n:-no} words: $out"
awk -v p="${pct:-0}" -v b="${best:-100}" 'BEGIN { exit !(p >= b - 0.01 && p <= b) }' ||
  problem "$pct% in order, the best alignment has $best%"
[ "$ms" -lt 60000 ] || problem "took $ms ms"
end

# ---- typography ------------------------------------------------------------------------

begin "typography: a drawn PDF set well has no overfull line and no three hyphens in a row"
measure "$WS/good.pdf" 'overfull_lines == 0' 'hyphen_max_run <= 2' 'hyphen_lines > 10' \
  'justified_lines > 100' 'em_pt == 10'
end

begin "typography: one line set 6 pt too wide is found, on its page"
measure "$WS/overfull.pdf" 'overfull_lines == 1' 'overshoot_max_pt >= 5.9' 'overshoot_max_pt <= 6.1'
grep -q '"page 2: +6.00 pt' "$WS/overfull.pdf.json" ||
  problem "no example on page 2: $(grep -A2 overfull_examples "$WS/overfull.pdf.json" | tr '\n' ' ')"
end

begin "typography: hyphens on line after line make a run of three or more"
measure "$WS/hyphens.pdf" 'hyphen_max_run >= 3'
end

begin "typography: every fourth line stretched is seen in p95 and in the loose lines"
measure "$WS/loose.pdf" 'space_p95_em > 1' 'loose_line_frac > 0.2' 'overfull_lines == 0'
end

# quire's own bad PDF: a 100 mm measure with hyphenation off cannot be set well (the
# contents' titles and some lines overrun; the spaces open up).
begin "typography: the book on a narrow page without hyphenation fails the book's thresholds"
sed -e 's/size: A4;/size: 100mm 297mm;/' -e 's/hyphens: auto;/hyphens: none;/' \
  "$ROOT/styles/default.css" >"$WS/narrow.css"
run env SOURCE_DATE_EPOCH=$EPOCH "$QUIRE" build --format pdf --style "$WS/narrow.css" \
  -o "$WS/narrow" "$BUNDLE"
expect_rc 0
if [ -s "$WS/narrow/bundle.pdf" ]; then
  measure "$WS/narrow/bundle.pdf" 'overfull_lines > 0' 'space_median_em > 0.278' \
    'space_p95_em > 0.381' 'loose_line_frac > 0.02'
else
  problem "no narrow/bundle.pdf"
fi
end

begin "typography: --json gives one object per PDF; a file that is no PDF exits 2"
run python3 "$TOOLS/typography.py" --json "$WS/good.pdf" "$WS/loose.pdf"
expect_rc 0
n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$OUT_FILE" 2>&1)
[ "$n" = 2 ] || problem "--json of two PDFs: $n"
echo "not a pdf" >"$WS/not.pdf"
run python3 "$TOOLS/typography.py" "$WS/not.pdf"
expect_rc 2
end
