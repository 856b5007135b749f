#!/usr/bin/env bash
# Hostile input: entity expansion, external entities, paths out of the
# bundle's folder, URLs, deep nesting. Every one is refused with exit 1,
# quickly, in little memory, without reading the file or the network it
# names.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

STRACE=no
if strace_works; then
  STRACE=yes
fi

# in_bundle DIR FIXTURE: DIR/bundle.xml is a copy of tests/fixtures/bundles/FIXTURE,
# with the good part it names next to it.
in_bundle() {
  mkdir -p "$1"
  cp "$FIXTURES/bundles/$2" "$1/bundle.xml"
  cp "$FIXTURES/parts/good.xml" "$1/good.xml"
}

# traced WHAT TRACE CMD...: run CMD under strace -e trace=WHAT (trace in the
# file TRACE), or plainly when strace cannot run here. LeakSanitizer cannot
# work under ptrace, so a traced run of a sanitizer build checks no leaks
# (the untraced runs of the same inputs do).
traced() {
  local what=$1 trace=$2
  shift 2
  if [ "$STRACE" = yes ]; then
    run env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -f -q -e trace="$what" -o "$trace" "$@"
  else
    : >"$trace"
    run "$@"
  fi
}

# The file /etc/passwd was never opened (per the trace), and no output
# shows its first line.
expect_passwd_untouched() {
  local trace=$1
  if grep -q 'root:x:0:0' "$OUT_FILE" "$ERR_FILE"; then
    problem "the contents of /etc/passwd appear in quire's output"
  fi
  if [ "$STRACE" = yes ]; then
    if ! grep -q 'open.*bundle\.xml' "$trace"; then
      problem "the trace does not show quire opening the bundle: strace saw nothing?"
    fi
    if grep -F '/etc/passwd' "$trace" | grep -qvF 'execve'; then
      problem "/etc/passwd was opened: $(grep -F '/etc/passwd' "$trace" | head -n 1 | cut -c1-200)"
    fi
  fi
}

strace_note() {
  if [ "$STRACE" != yes ]; then
    note "strace cannot trace here: the sub-check that /etc/passwd is never opened was skipped"
  fi
}

# ---- entity expansion ---------------------------------------------------------------

# lol9 expands to 10^9 "lol"s: 3 GB if anything expanded it.
laughs() {
  local name=$1 bundle=$2 file=$3
  local t0 t1 ms mem
  begin "$name"
  t0=$(now_ms)
  if [ -x /usr/bin/time ]; then
    expect_exit 1 /usr/bin/time -f %M -o "$WS/mem" "$QUIRE" check "$bundle"
  else
    expect_exit 1 "$QUIRE" check "$bundle"
  fi
  t1=$(now_ms)
  ms=$((t1 - t0))
  expect_diag "$file" 2 1 '.*DOCTYPE'
  if [ "$ms" -ge 1000 ]; then
    problem "took $ms ms (limit 1000 ms)"
  fi
  if [ -x /usr/bin/time ] && [ -s "$WS/mem" ]; then
    mem=$(tail -n 1 "$WS/mem")
    if is_asan; then
      note "peak memory ${mem} kB (AddressSanitizer build: not limited)"
    elif ! [ "$mem" -lt 102400 ] 2>/dev/null; then
      problem "peak memory ${mem} kB (limit 100 MB)"
    fi
  fi
  end
}

dir=$WS/lol-bundle
in_bundle "$dir" billion-laughs.xml
laughs "billion laughs in the bundle: refused at the DOCTYPE, fast, small" "$dir/bundle.xml" "$dir/bundle.xml"

dir=$WS/lol-part
fixture_bundle "$dir" good.xml billion-laughs.xml
laughs "billion laughs in a part: refused at the DOCTYPE, fast, small" "$dir/bundle.xml" "$dir/billion-laughs.xml"

# ---- external entities ----------------------------------------------------------------

begin "external entity (file:///etc/passwd) in a part: refused, never read"
dir=$WS/xxe
fixture_bundle "$dir" xxe.xml
traced openat,open,creat "$WS/xxe.trace" "$QUIRE" build -o "$WS/xxe-out" "$dir/bundle.xml"
expect_rc 1
expect_diag "$dir/xxe.xml" 2 1 '.*DOCTYPE'
expect_passwd_untouched "$WS/xxe.trace"
if [ -e "$WS/xxe-out" ]; then problem "a refused build wrote an output folder"; fi
end
strace_note

begin "external parameter entity in a part: refused, never read"
dir=$WS/xxe-param
fixture_bundle "$dir" xxe-parameter.xml
traced openat,open,creat "$WS/xxe-param.trace" "$QUIRE" check "$dir/bundle.xml"
expect_rc 1
expect_diag "$dir/xxe-parameter.xml" 2 1 '.*DOCTYPE'
expect_passwd_untouched "$WS/xxe-param.trace"
end

# A DOCTYPE without an internal subset declares nothing: quire ignores it
# and never loads the DTD it names.
begin "external DTD (SYSTEM file:///etc/passwd) on the bundle: ignored, never read"
dir=$WS/xxe-bundle
in_bundle "$dir" xxe.xml
traced openat,open,creat "$WS/xxe-bundle.trace" "$QUIRE" check "$dir/bundle.xml"
expect_rc 0
expect_passwd_untouched "$WS/xxe-bundle.trace"
end

# Were the DTD a part's DOCTYPE names ever opened, opening this fifo would
# block until the time limit; a file that does not exist would give a
# "failed to load" message. Neither happens: the build is quick and quiet.
begin "a DOCTYPE naming a fifo or a missing file as its DTD: never opened"
dir=$WS/dtd-fifo
fixture_bundle "$dir" good.xml
sed -i 's|<xi:include href="good.xml"/>|<xi:include href="fifo.xml"/><xi:include href="missing.xml"/>|' \
  "$dir/bundle.xml"
mkfifo "$dir/docbook.dtd"
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo '<!DOCTYPE article SYSTEM "docbook.dtd">'
  sed 1d "$FIXTURES/parts/good.xml"
} >"$dir/fifo.xml"
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo '<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" "no-such-dir/docbookx.dtd">'
  sed 1d "$FIXTURES/parts/good.xml"
} >"$dir/missing.xml"
t0=$(now_ms)
expect_exit 0 timeout 10 "$QUIRE" check "$dir/bundle.xml"
if [ $(($(now_ms) - t0)) -ge 5000 ]; then problem "took more than 5 s: the fifo was opened"; fi
[ ! -s "$ERR_FILE" ] || problem "messages: $(excerpt "$ERR_FILE" 3)"
grep -q 'href="missing.xml"' "$dir/bundle.xml" || problem "the bundle does not name both parts"
end

begin "a DOCTYPE hidden in UTF-16: refused, /etc/passwd never read"
dir=$WS/utf16
fixture_bundle "$dir" xxe.xml
iconv -f UTF-8 -t UTF-16LE "$FIXTURES/parts/xxe.xml" | sed 's/8\x00"/1\x006\x00"/' >"$dir/xxe.xml"
traced openat,open,creat "$WS/utf16.trace" "$QUIRE" check "$dir/bundle.xml"
expect_rc 1
expect_stderr_match "^$(re_quote "$dir/xxe.xml"):[0-9]+:[0-9]+: error: "
expect_passwd_untouched "$WS/utf16.trace"
end

begin "xi:include inside a part (href=/etc/passwd parse=text): refused, never read"
dir=$WS/nested
fixture_bundle "$dir" nested-include.xml
traced openat,open,creat "$WS/nested.trace" "$QUIRE" build -o "$WS/nested-out" "$dir/bundle.xml"
expect_rc 1
# "  <para><xi:include": the element is at line 5, column 9.
expect_diag "$dir/nested-include.xml" 5 9 ''
expect_passwd_untouched "$WS/nested.trace"
end

# ---- paths -------------------------------------------------------------------------------

begin "a part that is a link to /etc/passwd: refused, never read"
dir=$WS/link
fixture_bundle "$dir" good.xml
ln -s /etc/passwd "$dir/evil.xml"
sed -i 's|href="good.xml"|href="evil.xml"|' "$dir/bundle.xml"
traced openat,open,creat "$WS/link.trace" "$QUIRE" check "$dir/bundle.xml"
expect_rc 1
expect_diag "$dir/bundle.xml" 8 15 "part path 'evil\.xml' leaves the bundle's folder"
expect_passwd_untouched "$WS/link.trace"
end

begin "a part in a linked folder outside the bundle: refused"
dir=$WS/linkdir
fixture_bundle "$dir" good.xml
mkdir -p "$WS/elsewhere"
cp "$FIXTURES/parts/good.xml" "$WS/elsewhere/good.xml"
ln -s "$WS/elsewhere" "$dir/notes"
sed -i 's|href="good.xml"|href="notes/good.xml"|' "$dir/bundle.xml"
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 8 15 "part path 'notes/good\.xml' leaves the bundle's folder"
end

begin "a part that is a named pipe: refused without hanging"
dir=$WS/fifo
fixture_bundle "$dir" good.xml
rm -f "$dir/good.xml"
mkfifo "$dir/good.xml"
t0=$(now_ms)
expect_exit 1 timeout 10 "$QUIRE" check "$dir/bundle.xml"
expect_diag "$dir/bundle.xml" 8 15 ''
if [ $(($(now_ms) - t0)) -ge 5000 ]; then problem "took more than 5 s"; fi
end

begin "a part href with a URL: refused without network access"
dir=$WS/url
in_bundle "$dir" url-href.xml
traced network "$WS/url.trace" "$QUIRE" check "$dir/bundle.xml"
expect_rc 1
# <xi:include href=...> on line 9: the href at column 15.
expect_diag "$dir/bundle.xml" 9 15 "part path 'http://example\.org/x\.xml' leaves the bundle's folder"
if [ "$STRACE" = yes ] && ! grep -q 'exited with 1' "$WS/url.trace"; then
  problem "the trace does not show quire exiting: strace saw nothing?"
fi
if [ "$STRACE" = yes ] && grep -qE '(socket|connect|sendto)\(' "$WS/url.trace"; then
  problem "network calls: $(grep -E '(socket|connect|sendto)\(' "$WS/url.trace" | head -n 1 | cut -c1-200)"
fi
end
strace_note

# ---- size ----------------------------------------------------------------------------------

begin "10000 nested elements: an error, no crash, fast"
dir=$WS/deep
fixture_bundle "$dir" good.xml
{
  sed -n 1,3p "$FIXTURES/parts/good.xml"
  printf '  <para>'
  for _ in $(seq 1 1000); do printf '<emphasis><emphasis><emphasis><emphasis><emphasis><emphasis><emphasis><emphasis><emphasis><emphasis>'; done
  for _ in $(seq 1 10); do printf 'x'; done
  echo
} >"$dir/good.xml"
t0=$(now_ms)
expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
expect_stderr_match "^$(re_quote "$dir/good.xml"):4:[0-9]+: error: "
if [ $(($(now_ms) - t0)) -ge 2000 ]; then problem "took $(($(now_ms) - t0)) ms (limit 2000 ms)"; fi
end

begin "nesting within the parser's limit but deep: no crash"
dir=$WS/deep2
fixture_bundle "$dir" good.xml
{
  sed -n 1,3p "$FIXTURES/parts/good.xml"
  printf '  <para>'
  for _ in $(seq 1 200); do printf '<emphasis>'; done
  printf 'deep'
  for _ in $(seq 1 200); do printf '</emphasis>'; done
  printf '</para>\n'
  for _ in $(seq 1 150); do printf '<section><title>s</title>'; done
  printf '<para>deeper</para>'
  for _ in $(seq 1 150); do printf '</section>'; done
  printf '\n</article>\n'
} >"$dir/good.xml"
run "$QUIRE" check "$dir/bundle.xml"
case "$RC" in
  0 | 1) ;;
  *) problem "expected exit 0 or 1, got $RC; stderr: $(excerpt "$ERR_FILE")" ;;
esac
end

# The writers on deep input, not only the reader: nesting near the reader's
# limit of 100 levels, built to both outputs (issue 17, defect 2: eight
# nested lists freed the EPUB writer's style stack under it). Run under
# make asan too, where a read of freed memory is a report.
deep_build() {
  local name=$1 levels=$2 open=$3 close=$4 inner=$5 before=${6:-} after=${7:-} dir
  dir=$WS/deep-${name// /-}
  begin "$levels nested ${name} within the reader's limit: built to EPUB and PDF"
  fixture_bundle "$dir" good.xml
  {
    sed -n 1,3p "$FIXTURES/parts/good.xml"
    printf '%s' "$before"
    for _ in $(seq 1 "$levels"); do printf '%s' "$open"; done
    printf '%s' "$inner"
    for _ in $(seq 1 "$levels"); do printf '%s' "$close"; done
    printf '%s\n</article>\n' "$after"
  } >"$dir/good.xml"
  run "$QUIRE" build -o "$dir/out" "$dir/bundle.xml"
  expect_rc 0
  [ -s "$dir/out/bundle.epub" ] && [ -s "$dir/out/bundle.pdf" ] || problem "an output is missing"
  unzip -p "$dir/out/bundle.epub" '*.xhtml' 2>/dev/null | grep -q 'deep<' ||
    problem "the EPUB does not hold the innermost text"
  end
}
deep_build lists 45 '<itemizedlist><listitem>' '</listitem></itemizedlist>' '<para>deep</para>'
deep_build sections 90 '<section><title>s</title>' '</section>' '<para>deep</para>'
deep_build "lists in a quotation" 40 '<orderedlist><listitem>' '</listitem></orderedlist>' \
  '<para>deep</para>' '<blockquote><attribution>a</attribution>' '</blockquote>'
deep_build emphases 90 '<emphasis>' '</emphasis>' 'deep' '<para>' '</para>'

# ---- link addresses (issue 17, defect 6) ---------------------------------------------------

# link_part DIR HREF...: DIR/links.xml, one link a line from line 4 on, each
# href attribute at column 30; DIR/bundle.xml names it.
link_part() {
  local dir=$1 h
  shift
  fixture_bundle "$dir" good.xml
  {
    sed -n 1,3p "$FIXTURES/parts/good.xml"
    for h in "$@"; do
      printf '  <para>See <link xlink:href="%s" xmlns:xlink="http://www.w3.org/1999/xlink">it</link>.</para>\n' "$h"
    done
    echo '</article>'
  } >"$dir/links.xml"
  sed -i 's|href="good.xml"/>|href="good.xml"/>\n  <xi:include href="links.xml"/>|' "$dir/bundle.xml"
}

begin "javascript:, data:, file:, vbscript: links: an error at each address, nothing written"
dir=$WS/links-bad
link_part "$dir" 'javascript:alert(1)' 'JaVaScRiPt:alert(1)' 'data:text/html,&lt;script&gt;x&lt;/script&gt;' \
  'file:///etc/passwd' 'vbscript:msgbox' 'x-custom:anything'
run "$QUIRE" build -o "$dir/out" "$dir/bundle.xml"
expect_rc 1
for line in 4 5 6 7 8 9; do
  expect_diag "$dir/links.xml" "$line" 19 "link address '.*' is refused: " || true
done
expect_errors 6
[ -e "$dir/out" ] && [ -n "$(ls -A "$dir/out")" ] && problem "something was written: $(ls -A "$dir/out")"
run "$QUIRE" check "$dir/bundle.xml"
expect_rc 1
expect_errors 6
end

begin "a control character in an address is escaped in the message (one line per message)"
dir=$WS/links-tab
link_part "$dir" 'java&#9;script:alert(1)'
run "$QUIRE" check "$dir/bundle.xml"
expect_rc 1
grep -q $'\t' "$ERR_FILE" && problem "a tab reached the message unescaped"
expect_stderr_match "java\\\\tscript:alert"
end

begin "http, https, mailto and tel links are kept"
dir=$WS/links-good
link_part "$dir" 'http://example.org/' 'HTTPS://example.org/a?b=c#d' 'mailto:someone@example.org' \
  'tel:+1-555-0100'
run "$QUIRE" build -o "$dir/out" "$dir/bundle.xml"
expect_rc 0
for h in 'http://example.org/' 'HTTPS://example.org/a?b=c#d' 'mailto:someone@example.org' 'tel:+1-555-0100'; do
  unzip -p "$dir/out/bundle.epub" '*.xhtml' | grep -qF "href=\"$h\"" || problem "no link to $h in the EPUB"
done
end

# Lengths past what a 32-bit count of scaled points holds (about 32,767 pt):
# a word of 6,000 letters and a title word of 9,000 are overfull lines, each
# told at its paragraph, and every sum of widths stays right (under make asan,
# UBSan stops the build at the first overflow).
begin "a 6,000-letter word and a 9,000-letter title word: overfull lines, told, no overflow"
dir=$WS/longword
copy_sources "$dir"
python3 "$ROOT/tests/tools/fixtures.py" long-words "$dir/sources/opening.xml"
run "$QUIRE" build -q -o "$dir/out" --trace "$dir/out.trace" "$dir/sources/bundle.xml"
expect_rc 0
grep -q '^.*sources/opening\.xml:4:3: warning: a line of this paragraph is too wide for the measure$' "$ERR_FILE" ||
  problem "no warning at the long word's paragraph: $(excerpt "$ERR_FILE" 3)"
[ "$(wc -l <"$ERR_FILE")" -le 6 ] || problem "$(wc -l <"$ERR_FILE") lines of messages: $(excerpt "$ERR_FILE" 3)"
w=$(grep -o 'w=[-0-9.]* n=6000 "aaaa' "$dir/out.trace" | head -1 | sed 's/^w=//; s/ .*//')
case "$w" in
  3[0-9][0-9][0-9][0-9].*) ;;
  *) problem "the long word's run is $w pt wide in the trace, want its 6,000 advances (above 30,000 pt)" ;;
esac
qpdf --check "$dir/out/bundle.pdf" >"$WS/longword.qpdf" 2>&1 || problem "qpdf --check: $(excerpt "$WS/longword.qpdf" 3)"
end

# A source file holds at most 10,000,000 bytes (docs/vocabulary.md, "Limits").
# One of exactly that size that is a single paragraph builds, in memory of the
# order of an ordinary book's (about 33 bytes a byte of text: TeX's way of
# keeping every break of a paragraph took 700 MB); one byte more is one error
# at 1:1 in quire's words (not libxml2's "Huge input lookup"), and no output.
# PEAK_KB FILE CMD...: run CMD, its peak resident memory in kB into FILE, its
# messages into FILE.err.
PEAK_KB=(python3 -c 'import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1] + ".err", "w")).returncode
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc)')

size=10000000
if is_asan; then size=1000000; fi
begin "a $size-byte part that is one paragraph: built, in bounded memory"
dir=$WS/one-para
mkdir -p "$dir"
python3 "$ROOT/tests/tools/fixtures.py" one-paragraph "$dir/long.xml" "$size"
{ cat "$FIXTURES/bundle-head.xml"; echo '  <xi:include href="long.xml"/>'; echo '</book>'; } >"$dir/bundle.xml"
run "${PEAK_KB[@]}" "$dir/mem" "$QUIRE" build -q -o "$dir/out" "$dir/bundle.xml"
expect_rc 0
[ -s "$dir/mem.err" ] && problem "messages: $(excerpt "$dir/mem.err" 3)"
pages=$(pdfinfo "$dir/out/bundle.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
want=$((size / 8000))
[ "${pages:-0}" -ge "$want" ] || problem "the PDF has ${pages:-no} pages, want at least $want"
mem=$(cat "$dir/mem" 2>/dev/null)
if is_asan; then
  note "peak memory ${mem} kB (AddressSanitizer build: not limited)"
elif ! [ "${mem:-0}" -gt 0 ] || [ "$mem" -gt 500000 ]; then
  problem "peak memory ${mem:-unknown} kB (limit 500 MB: 50 bytes a byte of text)"
else
  note "peak memory $((mem / 1024)) MB, $pages pages"
fi
end

begin "a part one byte over 10,000,000: one error at 1:1 that names the limit, nothing written"
dir=$WS/too-big
mkdir -p "$dir"
python3 "$ROOT/tests/tools/fixtures.py" one-paragraph "$dir/long.xml" 10000001
{ cat "$FIXTURES/bundle-head.xml"; echo '  <xi:include href="long.xml"/>'; echo '</book>'; } >"$dir/bundle.xml"
run "$QUIRE" build -o "$dir/out" "$dir/bundle.xml"
expect_rc 1
expect_diag "$dir/long.xml" 1 1 'the file is larger than 10,000,000 bytes, the most quire reads in one file'
[ "$(wc -l <"$ERR_FILE")" -eq 1 ] || problem "$(wc -l <"$ERR_FILE") lines of messages: $(excerpt "$ERR_FILE" 3)"
[ -e "$dir/out" ] && problem "a refused build wrote an output folder"
end
