# shellcheck shell=bash
# tests/ace.sh: Ace by DAISY as a judge, for the e2e files that check an
# EPUB's accessibility (sourced after tests/lib.sh).
#
# Ace (npm @daisy/ace, installed by `make deps` in build/tools) runs through
# its puppeteer runner on Debian's chromium: axe-core's WCAG rules and the
# EPUB accessibility checks. ace_check EPUB records a problem for every
# violation, for a report that is missing or incomplete, and for any
# warning or error in Ace's log. Ace keeps settings under $HOME, which is
# moved into the workspace.

ACE_JS=$ROOT/build/tools/node_modules/@daisy/ace/bin/ace-puppeteer.js
CHROMIUM=$ROOT/tests/tools/chromium-headless
ANSI=$'\033''\[[0-9;]*m' # a colour code, as the tools' logs use them

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

