#!/usr/bin/env bash
# Fonts: the EPUB embeds, for every script, the font the PDF draws it with,
# holding the characters the PDF draws in it; the PDF embeds every font as a
# subset (the CJK collection too, drawn from a subset of its own) and gives
# the text back. On the fixture in eight scripts (tests/fixtures/scripts/).
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

EPUBCHECK=/usr/share/java/epubcheck.jar
EPOCH=1764028800
BUNDLE=$FIXTURES/scripts/bundle.xml
OUT=$WS/out

# Under LeakSanitizer (make asan): cairo 1.16's own leak with the CJK font is
# suppressed by tests/lsan.supp (tests/lib.sh); its full stack is needed to see that
# cairo_surface_finish made it.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"

# Which characters each font draws, on both sides, by PostScript name: the
# PDF's from each font's ToUnicode map, the EPUB's from each embedded
# subset's cmap (a subset holds exactly what that font draws).

begin "fonts: the fixture in eight scripts builds both outputs, with no warning"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -o "$OUT" "$BUNDLE"
[ -s "$ERR_FILE" ] && problem "warnings: $(excerpt "$ERR_FILE")"
[ -s "$OUT/bundle.epub" ] && [ -s "$OUT/bundle.pdf" ] || problem "missing outputs in $OUT"
end

begin "fonts: the EPUB embeds, for each script, the font the PDF draws it with"
py_check "$ROOT/tests/tools/fonts_embedded.py" "$OUT/bundle.pdf" "$OUT/bundle.epub" "$FIXTURES"/scripts/*.xml &&
  while IFS= read -r l; do note "$l"; done <<<"$PY_OUT"
end

begin "fonts: the PDF embeds every font as a subset, the CJK one from its own subset"
pdffonts "$OUT/bundle.pdf" >"$WS/pdffonts" 2>&1 || problem "pdffonts failed: $(excerpt "$WS/pdffonts")"
awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { print }' "$WS/pdffonts" >"$WS/bad"
[ -s "$WS/bad" ] && problem "not embedded as subsets: $(excerpt "$WS/bad")"
grep -q '+NotoSerifCJKjp-Regular ' "$WS/pdffonts" || problem "no NotoSerifCJKjp-Regular subset: $(excerpt "$WS/pdffonts")"
grep -q '+NanumMyeongjo ' "$WS/pdffonts" || problem "no NanumMyeongjo subset"
end

begin "fonts: the PDF gives the text of every script back"
pdftotext "$OUT/bundle.pdf" "$WS/text" || problem "pdftotext failed"
for s in 'データベースの「テスト」です' '我们的测试句子' '다람쥐 헌 쳇바퀴에 타고파' 'यह एक परीक्षण वाक्य है' \
  'Съешь же ещё этих мягких' 'Η γρήγορη καφέ αλεπού'; do
  grep -qF "$s" "$WS/text" || problem "no '$s' in the PDF's text"
done
end

begin "fonts: the fixture's EPUB passes epubcheck with no message"
if [ ! -f "$EPUBCHECK" ] || ! command -v java >/dev/null; then
  problem "epubcheck is not installed ($EPUBCHECK, java)"
else
  java -jar "$EPUBCHECK" "$OUT/bundle.epub" >"$WS/epubcheck.out" 2>&1
  summary=$(grep -E '^Messages:' "$WS/epubcheck.out")
  note "epubcheck: ${summary:-no summary}"
  grep -q '0 fatals / 0 errors / 0 warnings / 0 infos' <<<"$summary" ||
    problem "epubcheck: ${summary:-no summary}: $(grep -E '^(FATAL|ERROR|WARNING|INFO)' "$WS/epubcheck.out" | head -n 3 | tr '\n' '|')"
fi
end

begin "fonts: a font file cut short is one error, told by check as by build, and nothing is left"
head -c 30000 /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf >"$WS/cut.ttf"
sed "s|^body regular .*|body regular $WS/cut.ttf|" "$ROOT/fonts/manifest" >"$WS/cut.manifest"
line=$(grep -n "^body regular" "$WS/cut.manifest" | cut -d: -f1)
want="^$(re_quote "$WS/cut.manifest"):$line:[0-9]+: error: font '$(re_quote "$WS/cut.ttf")' \(face 0\): the file is damaged or cut short"
expect_exit 1 "$QUIRE" check --fonts "$WS/cut.manifest" "$ROOT/sources/bundle.xml"
expect_stderr_match "$want"
expect_exit 1 "$QUIRE" build --fonts "$WS/cut.manifest" -o "$WS/cut" "$ROOT/sources/bundle.xml"
expect_stderr_match "$want"
n=$(grep -c 'error:' "$ERR_FILE")
[ "$n" = 1 ] || problem "$n error messages, not one: $(excerpt "$ERR_FILE")"
[ -e "$WS/cut/bundle.pdf" ] || [ -e "$WS/cut/bundle.epub" ] && problem "an output was written in $WS/cut"
[ -d "$WS/cut" ] && expect_no_strays "$WS/cut"
end

begin "fonts: check opens every font of the manifest: a file that is not a font is an error"
printf 'not a font, only text\n' >"$WS/junk.ttf"
sed "s|^mono regular .*|mono regular $WS/junk.ttf|" "$ROOT/fonts/manifest" >"$WS/junk.manifest"
expect_exit 1 "$QUIRE" check --fonts "$WS/junk.manifest" "$ROOT/sources/bundle.xml"
expect_stderr_match "^$(re_quote "$WS/junk.manifest"):[0-9]+:[0-9]+: error: font '$(re_quote "$WS/junk.ttf")' \(face 0\): not a font"
end
