#!/bin/bash
# bench/check.sh: the checks behind `make bench-check` (see docs/benchmarks.md).
#
# Builds the KJV with quire (timed once), then judges the outputs: epubcheck on the EPUB
# (0 errors, 0 warnings), the project's typographic judge on the PDF (0 overfull lines), and
# its word-order judge of the text against the reference bench/kjv.py writes (kjv.txt), on
# the PDF and the EPUB (tests/tools/typography.py and wordorder.py). Each
# judge is timed and its peak memory taken. Prints the results and writes them into
# docs/benchmarks.md between <!-- bench-check:begin --> and <!-- bench-check:end -->.
#
#   QUIRE=PATH    the quire binary (default builder/quire)
#   TOOLS=DIR     the judges typography.py and wordorder.py (default tests/tools)
#   QUIRE_REV=TEXT  what that binary was built from, for the report (default: this tree's
#                 commit, and whether builder/ has uncommitted changes)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

QUIRE=${QUIRE:-builder/quire}
TOOLS=${TOOLS:-tests/tools}
B=build/bench
C=$B/check
EPUBCHECK=/usr/share/java/epubcheck.jar
mkdir -p "$C"
rm -f "$C"/*.time

python3 bench/kjv.py "$B/kjv" || exit 1
"$QUIRE" check "$B/kjv/kjv.xml" || exit 1

# cost NAME: "seconds, MB" of a timed run; timed NAME CMD...: run CMD, its output to
# $C/NAME.out, its "seconds KB" (the last line /usr/bin/time writes) to $C/NAME.time.
cost() { awk 'END {printf "%.1f s, %.0f MB", $1, $2*1024/1e6}' "$C/$1.time"; }
timed() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$C/$name.time" "$@" > "$C/$name.out" 2>&1
  local rc=$?
  echo "  $name: exit $rc, $(cost "$name")"
  return $rc
}

echo "bench-check: building the KJV"
timed build "$QUIRE" build -o "$C" "$B/kjv/kjv.xml" || { cat "$C/build.out"; exit 1; }
pages=$(pdfinfo "$C/kjv.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')

echo "bench-check: epubcheck"
timed epubcheck java -jar "$EPUBCHECK" "$C/kjv.epub"
ec_rc=$?
ec=$(grep -E '^Messages:' "$C/epubcheck.out" | tail -1)
[ -n "$ec" ] || ec=$(grep -qE 'No errors or warnings detected' "$C/epubcheck.out" &&
                     echo "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" || echo "?")
ec_errors=$(echo "$ec" | sed -nE 's/.* ([0-9]+) fatals \/ ([0-9]+) errors \/ ([0-9]+) warnings.*/\1 \2 \3/p')
read -r f e w <<< "${ec_errors:-x x x}"
ec_ok=no; [ "$ec_rc" = 0 ] && [ "$f" = 0 ] && [ "$e" = 0 ] && [ "$w" = 0 ] && ec_ok=yes

echo "bench-check: typography"
timed typography python3 "$TOOLS/typography.py" --json "$C/kjv.pdf"
typo=$(python3 - "$C/typography.out" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))[0]
except Exception as e:
    print(f"?|could not read typography.py's output: {e}"); sys.exit()
print(f"{d['overfull_lines']}|{d['pages']} pages, {d['body_lines']} body lines, "
      f"{d['justified_lines']} justified; space median {d['space_median_em']} em, p95 "
      f"{d['space_p95_em']} em; {d['hyphen_lines']} hyphenated lines (longest run "
      f"{d['hyphen_max_run']}); largest overshoot {d['overshoot_max_pt']} pt")
EOF
)
overfull=${typo%%|*}; typo_rest=${typo#*|}
typo_ok=no; [ "$overfull" = 0 ] && typo_ok=yes

echo "bench-check: wordorder (PDF, EPUB)"
timed words-pdf python3 "$TOOLS/wordorder.py" --min 99.5 "$B/kjv/kjv.txt" "$C/kjv.pdf"
wp_rc=$?
timed words-epub python3 "$TOOLS/wordorder.py" --min 99.5 "$B/kjv/kjv.txt" "$C/kjv.epub"
we_rc=$?
yn() { [ "$1" = 0 ] && echo yes || echo no; }

if [ -z "${QUIRE_REV:-}" ]; then
  QUIRE_REV="commit $(git rev-parse --short HEAD)"
  [ -z "$(git status --porcelain builder)" ] || QUIRE_REV+=" plus uncommitted changes in builder/"
fi
report=$(cat <<EOF
Measured $(date -u '+%Y-%m-%d %H:%M') UTC; quire from ${QUIRE_REV}. quire \`build\` of the KJV: $(cost build), ${pages} PDF pages.

| check | result | passes | cost |
|---|---|:---:|---|
| epubcheck 4 on \`kjv.epub\` (0 errors, 0 warnings) | ${ec} | ${ec_ok} | $(cost epubcheck) |
| typography.py on \`kjv.pdf\`: overfull lines = 0 | ${overfull} overfull; ${typo_rest} | ${typo_ok} | $(cost typography) |
| wordorder.py of \`kjv.txt\` in \`kjv.pdf\` (≥ 99.5 %) | $(tail -1 "$C/words-pdf.out") | $(yn $wp_rc) | $(cost words-pdf) |
| wordorder.py of \`kjv.txt\` in \`kjv.epub\` (≥ 99.5 %) | $(tail -1 "$C/words-epub.out") | $(yn $we_rc) | $(cost words-epub) |
EOF
)
echo
echo "$report"
python3 - "$report" <<'EOF'
import sys
path, begin, end = "docs/benchmarks.md", "<!-- bench-check:begin -->", "<!-- bench-check:end -->"
doc = open(path, encoding="utf-8").read()
if begin not in doc or end not in doc:
    sys.exit(f"check.sh: {path} lacks the {begin} … {end} markers")
doc = doc[:doc.index(begin) + len(begin)] + "\n" + sys.argv[1] + "\n" + doc[doc.index(end):]
open(path, "w", encoding="utf-8").write(doc)
print(f"check.sh: wrote the results into {path}")
EOF
[ "$ec_ok" = yes ] && [ "$typo_ok" = yes ] && [ "$wp_rc" = 0 ] && [ "$we_rc" = 0 ]
