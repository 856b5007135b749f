#!/usr/bin/env bash
# Figures and images: a fixture with a PNG, a JPEG, an SVG (with a PNG
# fallback), a decorative image and an image far wider than the page builds
# in both outputs; the JPEG goes into the PDF as it is (DCT), the SVG as
# vectors, every Figure has its /Alt; the EPUB carries the files with their
# media types, <img alt> and numbered <figcaption>s. Each bad input (no alt
# text, no file, a path out of the bundle's folder, a format the bytes
# belie, a corrupt file, an SVG that is not self-contained) is one error at
# its position, and nothing is written.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

SRC=$FIXTURES/figures
OUT=$WS/out
EPOCH=1767225600

for tool in pdfimages pdfinfo pdftotext qpdf unzip python3 java; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    fail "setup" "$tool is not installed"
    exit 1
  fi
done

begin "the figures fixture builds both outputs"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -q --trace "$WS/figures.trace" -o "$OUT" "$SRC/bundle.xml"
[ -s "$OUT/bundle.pdf" ] || problem "no PDF"
[ -s "$OUT/bundle.epub" ] || problem "no EPUB"
end

begin "epubcheck: 0 messages"
run java -jar /usr/share/java/epubcheck.jar "$OUT/bundle.epub"
grep -q 'Messages: 0 fatals / 0 errors / 0 warnings / 0 infos' "$OUT_FILE" "$ERR_FILE" ||
  problem "epubcheck: $(grep -hE 'ERROR|WARNING|Messages' "$OUT_FILE" "$ERR_FILE" | head -3 | tr '\n' '|')"
end

begin "qpdf --check: the PDF is sound"
run qpdf --check "$OUT/bundle.pdf"
grep -q 'No syntax or stream encoding errors' "$OUT_FILE" || problem "qpdf: $(excerpt "$OUT_FILE")"
end

# pdfimages -list: the chart, the photograph, the rule, the strip, the
# photograph on its side and the note's book cover; the SVG (drawn as
# vectors) is no image.
begin "pdfimages: the JPEG passed through, the PNGs, no raster for the SVG"
run pdfimages -list "$OUT/bundle.pdf"
rows=$(tail -n +3 "$OUT_FILE")
[ "$(printf '%s\n' "$rows" | grep -c .)" = 6 ] || problem "expected 6 images, got: $(printf '%s' "$rows" | tr '\n' '|')"
printf '%s\n' "$rows" | grep -qE '^ +[0-9]+ +[0-9]+ +image +120 +80 +rgb +3 +8 +jpeg ' ||
  problem "the JPEG (120x80) is not there as enc jpeg"
printf '%s\n' "$rows" | grep -qE '^ +[0-9]+ +[0-9]+ +image +96 +64 +rgb +3 +8 +image ' ||
  problem "the PNG chart (96x64) is not there"
printf '%s\n' "$rows" | grep -qE ' 240 +120 ' && problem "the SVG became a raster"
end

begin "the JPEG's bytes are the file's own"
python3 "$ROOT/tests/tools/pdf_checks.py" contains "$OUT/bundle.pdf" "$SRC/images/photo.jpg" || problem "the JPEG file is not in the PDF as it is"
end

begin "the SVG's text is in the text layer (vectors, not pixels)"
run pdftotext "$OUT/bundle.pdf" -
grep -q 'Reader' "$OUT_FILE" || problem "no 'Reader' from the SVG in pdftotext"
end

begin "captions numbered under their images, in the PDF"
run pdftotext "$OUT/bundle.pdf" -
for c in 'Figure 1. The chart of the reads' 'Figure 2. A photograph of the desk' \
  'Figure 3. A very wide strip' 'The reader and the writer.'; do
  grep -qF "$c" "$OUT_FILE" || problem "no caption '$c'"
done
end

begin "pdfinfo -struct: a Figure per described image, with a Caption"
run pdfinfo -struct "$OUT/bundle.pdf"
[ "$(grep -c '^ *Figure$' "$OUT_FILE")" = 6 ] || problem "expected 6 Figure elements: $(grep -c Figure "$OUT_FILE")"
[ "$(grep -c '^ *Caption$' "$OUT_FILE")" = 5 ] || problem "expected 5 Caption elements"
end

begin "every Figure has its /Alt, the alt text and not the caption"
python3 "$ROOT/tests/tools/pdf_checks.py" figure-alts "$OUT/bundle.pdf" || problem "the Figures' /Alt are not the alt texts"
end

# The strip is 3000 px wide (2250 pt at 96 ppi): set at the measure,
# 453.543 pt (A4 less 2 x 25 mm), its height scaled alike (40 x 453.543 /
# 3000 px = 6.047 pt).
begin "an image wider than the page is scaled to the measure"
grep -qE '^  image [0-9.]+ [0-9.]+ 453\.543 6\.047 "images/huge\.png"$' "$WS/figures.trace" ||
  problem "huge.png not at the measure: $(grep 'huge' "$WS/figures.trace")"
grep -qE '^  image [0-9.]+ [0-9.]+ 144\.000 96\.000 "images/photo\.jpg"$' "$WS/figures.trace" ||
  problem "photo.jpg not 2in wide: $(grep 'photo' "$WS/figures.trace")"
# EXIF orientation 6 (a quarter turn): the 120 x 80 px file is shown 80 x 120,
# 60 x 90 pt at 96 ppi.
grep -qE '^  image [0-9.]+ [0-9.]+ 60\.000 90\.000 "images/turned\.jpg"$' "$WS/figures.trace" ||
  problem "turned.jpg not turned: $(grep 'turned' "$WS/figures.trace")"
end

begin "EPUB: the image files, once each, with their media types"
run unzip -Z1 "$OUT/bundle.epub"
[ "$(grep -c '^OEBPS/images/' "$OUT_FILE")" = 7 ] || problem "expected 7 image files: $(grep images "$OUT_FILE" | tr '\n' ' ')"
run unzip -p "$OUT/bundle.epub" OEBPS/package.opf
for t in image/png image/jpeg image/svg+xml; do
  grep -q "media-type=\"$t\"" "$OUT_FILE" || problem "no $t in the manifest"
done
end

begin "EPUB: <figure>, <img alt>, numbered <figcaption>, decorative images presentational"
run unzip -p "$OUT/bundle.epub" OEBPS/figures.xhtml
grep -q '<img src="images/image-1.png" alt="A checkerboard of blue and cream squares"/>' "$OUT_FILE" ||
  problem "no img with the chart's alt"
grep -q 'alt="Two boxes joined by a line, labelled Reader"' "$OUT_FILE" || problem "no SVG alt"
grep -q 'src="images/image-3.svg"' "$OUT_FILE" || problem "the SVG is not kept as SVG"
grep -q 'alt="" role="presentation"' "$OUT_FILE" || problem "the decorative image is not presentational"
grep -qE 'Figure 3\.</span></b> A very wide strip</span></figcaption>' "$OUT_FILE" ||
  problem "no numbered caption 'Figure 3.'"
grep -q 'alt="The chart of the reads' "$OUT_FILE" && problem "the caption was copied into the alt"
grep -q 'style="width: 144.00pt;"' "$OUT_FILE" || problem "the photograph's width is not kept"
end

begin "reproducible: two builds give the same bytes"
SOURCE_DATE_EPOCH=$EPOCH expect_exit 0 "$QUIRE" build -q -o "$WS/again" "$SRC/bundle.xml"
cmp -s "$OUT/bundle.pdf" "$WS/again/bundle.pdf" || problem "the PDFs differ"
cmp -s "$OUT/bundle.epub" "$WS/again/bundle.epub" || problem "the EPUBs differ"
end

# ---- bad input: one positioned error, nothing written ---------------------------

# bad_dir DIR: a bundle of figures.xml alone (to be written), with the
# fixture's images.
bad_dir() {
  mkdir -p "$1"
  cp -r "$SRC/images" "$1/"
  sed '/note.xml/d' "$SRC/bundle.xml" >"$1/bundle.xml"
}

# bad NAME MEDIA LINE COL MESSAGE: a part whose line 4 is MEDIA (one line),
# with the fixture's images beside it; build it, expect one error at
# figures.xml:LINE:COL and no output.
bad() {
  local name=$1 media=$2 line=$3 col=$4 msg=$5
  local dir=$WS/bad-$RANDOM$RANDOM
  begin "$name"
  bad_dir "$dir"
  printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
    '  <info><title>Bad</title></info>' "$media" '</article>' >"$dir/figures.xml"
  expect_exit 1 "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
  expect_diag "$dir/figures.xml" "$line" "$col" "$msg"
  expect_errors 1
  [ -e "$dir/out" ] && problem "an output was written"
  end
}

# "  <mediaobject><imageobject>" is 28 characters: <imagedata at column 29,
# its fileref at column 40. With "<alt>x</alt>" before the imageobject (as
# DocBook orders them), at 41 and 52.
IMG='  <mediaobject><imageobject><imagedata fileref="'
IMGA='  <mediaobject><alt>x</alt><imageobject><imagedata fileref="'
bad "no alt text: an error at the imagedata" \
  "$IMG"'images/chart.png"/></imageobject></mediaobject>' 4 29 \
  "image 'images/chart.png' has no text alternative: give its <mediaobject> an <alt>"
bad "a missing file" \
  "$IMGA"'images/none.png"/></imageobject></mediaobject>' 4 52 \
  "image file '.*images/none.png' does not exist"
bad "a path out of the bundle's folder" \
  "$IMGA"'../chart.png"/></imageobject></mediaobject>' 4 52 \
  "image path '../chart.png' leaves the bundle's folder"
bad "an absolute path" \
  "$IMGA"'/etc/passwd"/></imageobject></mediaobject>' 4 52 \
  "image path '/etc/passwd' leaves the bundle's folder"
bad "a URL" \
  "$IMGA"'https://example.org/a.png"/></imageobject></mediaobject>' 4 52 \
  "image path 'https://example.org/a.png' leaves the bundle's folder"
bad "a PNG named as a JPEG" \
  "$IMGA"'images/chart.png" format="JPEG"/></imageobject></mediaobject>' 4 52 \
  "image file '.*images/chart.png' is named as JPEG but its bytes are PNG"
bad "no format quire can show" \
  "$IMGA"'images/chart.gif"/></imageobject></mediaobject>' 4 41 \
  "<mediaobject> has no imageobject quire can show"

begin "a link out of the bundle's folder"
dir=$WS/link
mkdir -p "$WS/elsewhere"
bad_dir "$dir"
cp "$SRC/images/chart.png" "$WS/elsewhere/chart.png"
ln -s "$WS/elsewhere/chart.png" "$dir/images/linked.png"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
  '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
  '  <info><title>Bad</title></info>' \
  "$IMGA"'images/linked.png"/></imageobject></mediaobject>' '</article>' >"$dir/figures.xml"
expect_exit 1 "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
expect_diag "$dir/figures.xml" 4 52 "image path 'images/linked.png' leaves the bundle's folder '.*' \(through a link\)"
end

begin "a corrupt PNG: an error at its imagedata, nothing written"
dir=$WS/corrupt
bad_dir "$dir"
head -c 200 "$SRC/images/chart.png" >"$dir/images/broken.png"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
  '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
  '  <info><title>Bad</title></info>' \
  "$IMGA"'images/broken.png"/></imageobject></mediaobject>' '</article>' >"$dir/figures.xml"
expect_exit 1 "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
expect_diag "$dir/figures.xml" 4 41 "image file '.*broken.png' is a corrupt PNG"
[ -e "$dir/out" ] && problem "an output was written"
end

begin "a corrupt JPEG"
dir=$WS/corrupt-jpeg
bad_dir "$dir"
printf '\377\330\377\340garbage' >"$dir/images/broken.jpg"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
  '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
  '  <info><title>Bad</title></info>' \
  "$IMGA"'images/broken.jpg"/></imageobject></mediaobject>' '</article>' >"$dir/figures.xml"
expect_exit 1 "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
expect_diag "$dir/figures.xml" 4 41 "image file '.*broken.jpg' is a corrupt JPEG"
end

# svg NAME BODY MESSAGE: an SVG with BODY inside its root is refused.
svg() {
  local name=$1 body=$2 msg=$3
  local dir=$WS/svg-$RANDOM$RANDOM
  begin "$name"
  bad_dir "$dir"
  printf '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">%s</svg>\n' \
    "$body" >"$dir/images/bad.svg"
  printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
    '  <info><title>Bad</title></info>' \
    "$IMGA"'images/bad.svg"/></imageobject></mediaobject>' '</article>' >"$dir/figures.xml"
  expect_exit 1 "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
  expect_diag "$dir/figures.xml" 4 52 "SVG image '.*bad.svg' is refused: $msg"
  end
}
svg "an SVG that refers to another file" '<image xlink:href="photo.jpg" width="5" height="5"/>' \
  "it refers to another file \('photo.jpg'\)"
svg "an SVG with a script" '<script>alert(1)</script>' "it holds a <script>"
svg "an SVG with an event attribute" '<rect width="5" height="5" onclick="x()"/>' \
  "it has an event attribute 'onclick'"

# ---- the cover ----------------------------------------------------------------

begin "info/cover: the EPUB's cover image is the user's, not the drawn one"
run unzip -p "$OUT/bundle.epub" OEBPS/package.opf
grep -q '<item id="cover-image" href="cover.jpg" media-type="image/jpeg" properties="cover-image"/>' "$OUT_FILE" ||
  problem "no cover-image item for cover.jpg: $(grep -o '<item id="cover-image"[^>]*>' "$OUT_FILE")"
unzip -p "$OUT/bundle.epub" OEBPS/cover.jpg | cmp -s - "$SRC/images/photo.jpg" ||
  problem "cover.jpg is not the file the bundle names"
run unzip -Z1 "$OUT/bundle.epub"
grep -q '^OEBPS/cover.png$' "$OUT_FILE" && problem "the drawn cover is still there"
run unzip -p "$OUT/bundle.epub" OEBPS/cover.xhtml
grep -q '<img src="cover.jpg" alt="Cover: Figures"' "$OUT_FILE" || problem "the cover page does not show it"
end

# ---- a note's book cover ------------------------------------------------------------

# In the PDF: three .biblio lines tall (3 x 9 pt x 1.35 = 36.45 pt; 60 x 90
# px keeps 24.3 pt wide), at the text's left edge, the details to its right.
begin "a note's book cover beside the book's details, in the PDF"
python3 "$ROOT/tests/tools/trace_checks.py" cover-beside "$WS/figures.trace" || problem "the cover is not beside the details: $(grep -A4 'book.png' "$WS/figures.trace" | tr '\n' '|')"
end

begin "a note's book cover beside the book's details, in the EPUB"
run unzip -p "$OUT/bundle.epub" OEBPS/a-note.xhtml
grep -qE '<div class="biblio">$' "$OUT_FILE" || problem "no biblio"
grep -q '<img class="book-cover" src="images/image-7.png" alt="The cover of Pictures in Print: a blue band over cream" style="height: 36.45pt;"/>' "$OUT_FILE" ||
  problem "no book cover in the biblio: $(grep -n img "$OUT_FILE" | head -2)"
end

# ---- inline images ------------------------------------------------------------------

begin "an inline image: an <img> in the EPUB's paragraph; the PDF says it leaves it out"
run unzip -p "$OUT/bundle.epub" OEBPS/figures.xhtml
grep -qE '<p>That is all for the pictures, but for a small grey bar <img src="images/image-4.png" alt="a grey bar"/> in the text.</p>' "$OUT_FILE" ||
  problem "no inline img: $(grep -n 'grey bar' "$OUT_FILE" | head -2)"
expect_exit 0 "$QUIRE" check "$SRC/bundle.xml"
expect_stderr_match "figures.xml:[0-9]+:[0-9]+: warning: an inline image is shown in the EPUB only"
end

begin "a decompression bomb (400 megapixels) is refused from its header"
dir=$WS/bomb
bad_dir "$dir"
python3 "$ROOT/tests/tools/fixtures.py" bomb-png "$dir/images/bomb.png"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
  '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
  '  <info><title>Bad</title></info>' \
  "$IMGA"'images/bomb.png"/></imageobject></mediaobject>' '</article>' >"$dir/figures.xml"
expect_exit 1 "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
expect_diag "$dir/figures.xml" 4 41 "image file '.*bomb.png' is 20000 x 20000 pixels: more than 100 megapixels is refused"
[ -e "$dir/out" ] && problem "an output was written"
end

# 96 x 64 px set at its natural 72 x 48 pt: 96 ppi. The strip (3000 px in
# 453.5 pt: 476 ppi), the SVG and the note's cover (60 px in 24.3 pt) pass.
begin "a raster image printed below 150 ppi is warned about, at its imagedata"
expect_exit 0 "$QUIRE" build -q -o "$WS/ppi" "$SRC/bundle.xml"
expect_stderr_match "figures.xml:9:20: warning: image 'images/chart.png' prints at 96 pixels per inch at its set size, below 150"
expect_stderr_match "figures.xml:16:20: warning: image 'images/photo.jpg' prints at 60 pixels per inch"
grep -qE "huge.png|diagram.svg|book.png" "$ERR_FILE" && problem "a warning for an image that prints well: $(excerpt "$ERR_FILE")"
end

begin "an image shown twice is embedded once in the PDF"
dir=$WS/twice
bad_dir "$dir"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
  '<article xmlns="http://docbook.org/ns/docbook" version="5.0">' \
  '  <info><title>Twice</title></info>' \
  "$IMGA"'images/chart.png"/></imageobject></mediaobject>' \
  "$IMGA"'images/chart.png" width="1in"/></imageobject></mediaobject>' '</article>' >"$dir/figures.xml"
expect_exit 0 "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
run pdfimages -list "$dir/out/bundle.pdf"
objs=$(tail -n +3 "$OUT_FILE" | awk '$3 == "image" && $4 == 96 {print $11}' | sort -u | wc -l)
uses=$(tail -n +3 "$OUT_FILE" | awk '$3 == "image" && $4 == 96' | wc -l)
[ "$uses" = 2 ] && [ "$objs" = 1 ] || problem "expected 2 uses of 1 image object, got $uses uses of $objs"
end
