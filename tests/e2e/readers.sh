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

ARTICLE=$FIXTURES/the-code-beyond-the-code.txt # the article as published, plain text
ACE_JS=$ROOT/build/tools/node_modules/@daisy/ace/bin/ace-puppeteer.js
CHROMIUM=$ROOT/tests/tools/chromium-headless
BOOK=$WS/book/bundle.epub
ANSI=$'\033''\[[0-9;]*m' # a colour code, as both tools' logs use them

# Both tools keep settings and logs under $HOME: keep them in the workspace.
export HOME=$WS/home
mkdir -p "$HOME"

# Ace's JSON report, read back: every violation, one a line, as
# "document: rule (impact): what; the element". Exit 1 if the report says
# the book failed, has a violation, or did not check every content document
# of the spine (a browser that never ran would check none).
cat >"$WS/ace_report.py" <<'EOF'
import json, posixpath, re, sys, zipfile
import xml.etree.ElementTree as ET

report, epub = sys.argv[1], sys.argv[2]
r = json.load(open(report))
bad = []
checked = set()
for doc in r.get("assertions", []):
    url = doc.get("earl:testSubject", {}).get("url", "?")
    checked.add(posixpath.basename(url))
    for a in doc.get("assertions", []):
        if a.get("earl:result", {}).get("earl:outcome") != "pass":
            test = a.get("earl:test", {})
            res = a.get("earl:result", {})
            html = re.sub(r"\s+", " ", res.get("html") or "")[:120]
            bad.append(f"{url}: {test.get('dct:title', '?')} ({test.get('earl:impact', '?')}): "
                       f"{test.get('dct:description', '')}; {html}")
z = zipfile.ZipFile(epub)
opf_path = re.search(r'full-path="([^"]+)"', z.read("META-INF/container.xml").decode()).group(1)
OPF = "{http://www.idpf.org/2007/opf}"
opf = ET.fromstring(z.read(opf_path))
href = {i.get("id"): i.get("href") for i in opf.iter(OPF + "item")}
spine = [posixpath.basename(href[i.get("idref")]) for i in opf.iter(OPF + "itemref")]
for name in spine:
    if name not in checked:
        bad.append(f"{name}: not checked by Ace (no assertion in the report)")
outcome = r.get("earl:result", {}).get("earl:outcome")
if outcome != "pass" and not bad:
    bad.append(f"the book's outcome is {outcome!r}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF

# ace_check EPUB: Ace finds no violation in EPUB (problems recorded).
ace_check() {
  local epub=$1 rep=$WS/ace
  if [ ! -f "$ACE_JS" ] || ! command -v node >/dev/null; then
    problem "Ace is not installed ($ACE_JS, node): run make deps"
    return 1
  fi
  if [ ! -x /usr/bin/chromium ]; then
    problem "no /usr/bin/chromium (Debian's chromium): run make deps"
    return 1
  fi
  rm -rf "$rep"
  # -E: exit 2 when the book has violations (1 when Ace itself fails).
  PUPPETEER_EXECUTABLE_PATH=$CHROMIUM \
    run node "$ACE_JS" -E -f -o "$rep/out" -t "$rep/tmp" "$epub"
  # Ace's log: "info:" lines on stdout, "warn:" on stdout, "error:" on
  # stderr, coloured; a warning or an error is a problem whatever the exit.
  sed -i "s/$ANSI//g" "$OUT_FILE" "$ERR_FILE"
  if [ ! -f "$rep/out/report.json" ]; then
    problem "Ace wrote no report (exit $RC); stderr: $(excerpt "$ERR_FILE" 4)"
    return 1
  fi
  if grep -qE '^(warn|error):' "$OUT_FILE" "$ERR_FILE"; then
    problem "Ace: $(cat "$OUT_FILE" "$ERR_FILE" | grep -E '^(warn|error):' | head -n 3 | tr -s ' ' | tr '\n' '|' | sed 's/|$//')"
  fi
  python3 "$WS/ace_report.py" "$rep/out/report.json" "$epub" >"$WS/ace.txt" 2>&1
  local prc=$?
  if [ "$prc" != 0 ]; then
    problem "Ace: $(wc -l <"$WS/ace.txt") violation(s): $(excerpt "$WS/ace.txt" 3)"
    sed 's/^/#   /' "$WS/ace.txt" | head -n 20
  fi
  if [ "$RC" != 0 ]; then
    problem "Ace exited $RC; stderr: $(excerpt "$ERR_FILE" 4)"
  fi
}

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
