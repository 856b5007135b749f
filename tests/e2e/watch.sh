#!/usr/bin/env bash
# quire watch: a build on start, a build after an edit with the new text in
# both outputs, a failed build that keeps the last good outputs and prints
# the error, and a clean stop on SIGINT. Every wait is bounded.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

book=$WS/book
out=$book/out
log=$WS/watch.out
errs=$WS/watch.err
QUIRE_DATADIR=$ROOT "$QUIRE" init "$book" >/dev/null 2>&1

# wait_for FILE REGEX SECONDS: until a line of FILE matches; false on time out.
wait_for() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The text of the closing part in the PDF and in the EPUB.
pdf_text() { pdftotext "$out/bundle.pdf" - 2>/dev/null | tr -s ' \n' ' '; }
epub_text() { unzip -p "$out/bundle.epub" OEBPS/closing.xhtml 2>/dev/null; }

(cd "$book" && QUIRE_DATADIR=$ROOT exec "$QUIRE" watch -o out bundle.xml >"$log" 2>"$errs") &
pid=$!
BG_PIDS+=("$pid")

begin "watch: builds at once and says so on one line"
wait_for "$log" '^quire: watching ' 60 || problem "no 'watching' line: $(excerpt "$log")"
grep -qE '^quire: build 1 in [0-9]+ ms: no problems; wrote out/bundle\.epub, out/bundle\.pdf$' "$log" ||
  problem "no line for build 1: $(excerpt "$log")"
[ -s "$out/bundle.pdf" ] && [ -s "$out/bundle.epub" ] || problem "no outputs"
end

begin "watch: an edited part is rebuilt, the new text in both outputs"
sed -i 's/A last word for the reader\./A zephyrquartz word for the reader./' "$book/closing.xml"
wait_for "$log" '^quire: build 2 ' 60 || problem "no second build: $(excerpt "$log")"
grep -qE '^quire: build 2 in [0-9]+ ms: no problems; wrote ' "$log" ||
  problem "build 2 did not succeed: $(excerpt "$log" 6); $(excerpt "$errs")"
pdf_text | grep -q 'zephyrquartz' || problem "the PDF lacks the new text"
epub_text | grep -q 'zephyrquartz' || problem "the EPUB lacks the new text"
end

begin "watch: saves in quick succession make one build"
n0=$(grep -c '^quire: build ' "$log")
# Three writes from bash's builtins, microseconds apart (no process started
# between them).
text=$(<"$book/closing.xml")
for w in one two three; do
  printf '%s\n' "${text/A zephyrquartz word/A zephyrquartz$w word}" >"$book/closing.xml"
done
wait_for "$log" "^quire: build $((n0 + 1)) " 60 || problem "no build after the saves"
sleep 1
n1=$(grep -c '^quire: build ' "$log")
[ "$n1" = $((n0 + 1)) ] || problem "$((n1 - n0)) builds for three quick saves"
epub_text | grep -q 'zephyrquartzthree' || problem "the EPUB lacks the last save's text"
end

begin "watch: a broken part keeps the last good outputs and prints the error"
cp "$out/bundle.pdf" "$WS/good.pdf"
cp "$out/bundle.epub" "$WS/good.epub"
n0=$(grep -c '^quire: build ' "$log")
text=$(<"$book/closing.xml")
printf '%s\n' "${text/<para>A zephyr/<para A zephyr}" >"$book/closing.xml"
wait_for "$log" "^quire: build $((n0 + 1)) " 60 || problem "no build after the break"
grep -qE "^quire: build $((n0 + 1)) failed in [0-9]+ ms: 1 error, 0 warnings; out keeps the last good outputs\$" "$log" ||
  problem "no failed-build line: $(excerpt "$log" 8)"
grep -qE 'closing\.xml:[0-9]+:[0-9]+: error: ' "$errs" || problem "no error printed: $(excerpt "$errs")"
cmp -s "$out/bundle.pdf" "$WS/good.pdf" || problem "the PDF changed"
cmp -s "$out/bundle.epub" "$WS/good.epub" || problem "the EPUB changed"
end

begin "watch: SIGINT stops it cleanly"
kill -INT "$pid"
for ((i = 0; i < 100; i++)); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  problem "still running 10 s after SIGINT"
else
  wait "$pid"
  rc=$?
  [ "$rc" = 0 ] || problem "exit $rc after SIGINT"
  grep -q '^quire: watch stopped$' "$log" || problem "no 'watch stopped' line"
  RC=0
  ERR_FILE=$errs check_no_crash
  strays=$(find "$out" -mindepth 1 -name '.*' | head -n 3)
  [ -z "$strays" ] || problem "left behind: $strays"
fi
end
