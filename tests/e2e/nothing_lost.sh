#!/usr/bin/env bash
# Output integrity: a build that fails, is interrupted, is killed or runs out
# of room leaves the previous outputs byte for byte as they were and no
# temporary folder (.quire-*) behind; a killed build's folder is swept by
# the next build.
# shellcheck source=tests/lib.sh disable=SC1091
. "$(dirname "$0")/../lib.sh"

# Builds killed by SIGSEGV and SIGABRT below: no core files.
ulimit -c 0

copy_sources "$WS/book"
GOOD=$WS/book/sources/bundle.xml
OUT=$WS/out
SNAP=$WS/snapshot
mkdir -p "$OUT"

# Something of the user's that lives in the output folder too.
echo "my own notes, not quire's" >"$OUT/notes.txt"

# ---- a good build, then a failed one -------------------------------------------------------

GOOD_BUILD=no
begin "a good build (the previous outputs for what follows)"
expect_exit 0 "$QUIRE" build -o "$OUT" "$GOOD"
if [ -s "$OUT/bundle.epub" ]; then
  GOOD_BUILD=yes
else
  problem "no bundle.epub"
fi
expect_no_strays "$OUT"
end
if [ "$GOOD_BUILD" = no ]; then
  # Stand-in previous outputs, so the tests below still test something.
  printf 'previous output: bundle.epub\n' >"$OUT/bundle.epub"
  note "using a stand-in $OUT/bundle.epub as the previous output"
fi

# fresh_start: each test below starts from the folder as it is, less any
# temporary folder an earlier test left (that test has failed for it), so
# that one failure does not become many.
fresh_start() {
  local s
  s=$(strays "$OUT")
  if [ -n "$s" ]; then
    note "removing what an earlier test left: $(echo "$s" | tr '\n' ' ')"
    (cd "$OUT" && echo "$s" | xargs rm -rf)
  fi
  snapshot "$OUT" >"$SNAP"
}
fresh_start

begin "a failed build (bad input) into the same folder: outputs identical, no strays"
copy_sources "$WS/bad"
# The first paragraph of the opening gets an unknown element.
sed -i '0,/<para>/s|<para>|<para><foo/>|' "$WS/bad/sources/opening.xml"
expect_exit 1 "$QUIRE" build -o "$OUT" "$WS/bad/sources/bundle.xml"
expect_stderr_match 'error: unknown element <foo>'
expect_same_snapshot "$SNAP" "$OUT"
expect_no_strays "$OUT"
end

fresh_start
begin "a failed build (bad theme) into the same folder: outputs identical, no strays"
printf 'body { font-colour: red; }\n' >"$WS/bad.css"
expect_exit 1 "$QUIRE" build -o "$OUT" --style "$WS/bad.css" "$GOOD"
expect_same_snapshot "$SNAP" "$OUT"
expect_no_strays "$OUT"
end

begin "a failed build does not create its output folder"
expect_exit 1 "$QUIRE" build -o "$WS/fresh" "$WS/bad/sources/bundle.xml"
if [ -e "$WS/fresh" ]; then problem "$WS/fresh was created"; fi
end

begin "-o naming a file: an error, the file untouched"
echo "a file, not a folder" >"$WS/plain"
before=$(sha256sum <"$WS/plain")
expect_exit 1 "$QUIRE" build -o "$WS/plain" "$GOOD"
expect_stderr_match "^$(re_quote "$WS/plain")(:[0-9]+)*: error: "
[ "$(sha256sum <"$WS/plain")" = "$before" ] || problem "the file changed"
end

# ---- interrupted builds ---------------------------------------------------------------------

# A large book: 200 parts of 80 paragraphs each (about 4 MB of XML), named
# bundle.xml so that it writes the same bundle.epub as the good build.
BIG=$WS/big/bundle.xml
make_big_book() {
  local dir=$WS/big i para body
  mkdir -p "$dir"
  para='  <para>Lorem ipsum dolor sit amet, <emphasis>consectetur</emphasis> adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco <code>laboris_nisi()</code> ut aliquip ex ea commodo consequat; Καλημέρα, Привет.</para>'
  body=$(for ((i = 0; i < 80; i++)); do echo "$para"; done)
  {
    cat "$FIXTURES/bundle-head.xml"
    for ((i = 1; i <= 200; i++)); do
      printf '<?xml version="1.0" encoding="UTF-8"?>\n<article xmlns="http://docbook.org/ns/docbook" version="5.0">\n  <info><title>Part %d</title></info>\n%s\n</article>\n' \
        "$i" "$body" >"$dir/part$i.xml"
      printf '  <xi:include href="part%d.xml"/>\n' "$i"
    done
    echo '</book>'
  } >"$BIG"
}
make_big_book

# The state of a process: R, S, D, Z (zombie: it has ended), or X when gone.
proc_state() {
  local state=X
  if [ -r "/proc/$1/stat" ]; then
    read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null || state=X
  fi
  echo "$state"
}

# start_big_build: start building the large book into $OUT in the background
# (its own process group, so SIGINT is not ignored); $BG is its pid. Then
# wait until it has made its private folder and written for 20 ms: $CAUGHT
# is yes if the build was caught half-way, no if it ended first (or 30 s
# passed).
start_big_build() {
  set -m
  "$QUIRE" build -o "$OUT" "$BIG" >"$OUT_FILE" 2>"$ERR_FILE" &
  BG=$!
  set +m
  BG_PIDS+=("$BG")
  CAUGHT=no
  local deadline=$(($(now_ms) + 30000)) state
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if compgen -G "$OUT/.quire-$BG-*" >/dev/null; then
      # Let the writer get going before the signal (the moment right after
      # the folder is made has a test of its own below).
      sleep 0.02
      state=$(proc_state "$BG")
      if [ "$state" != Z ] && [ "$state" != X ]; then
        CAUGHT=yes
      fi
      return
    fi
    state=$(proc_state "$BG")
    if [ "$state" = Z ] || [ "$state" = X ]; then
      return
    fi
    sleep 0.002
  done
}

# interrupted SIG CODE: a build stopped by SIG exits with CODE (128 + the
# signal's number), leaves the previous outputs and no temporary folder.
interrupted() {
  local sig=$1 code=$2
  fresh_start
  begin "a build interrupted by SIG$sig half-way: outputs identical, no strays"
  start_big_build
  kill -s "$sig" "$BG" 2>/dev/null
  { wait "$BG"; } 2>/dev/null
  RC=$?
  if [ "$CAUGHT" = no ]; then
    problem "the build ended (exit $RC) before it made its private folder, so it could not be interrupted half-way; stderr: $(excerpt "$ERR_FILE" 2)"
  elif [ "$RC" != "$code" ]; then
    problem "expected the build to die of SIG$sig (exit $code), got exit $RC; stderr: $(excerpt "$ERR_FILE" 2)"
  fi
  expect_same_snapshot "$SNAP" "$OUT"
  expect_no_strays "$OUT"
  end
}

interrupted INT 130
interrupted TERM 143
# A crash, or a library that aborts: the same clean-up (issue 17, defect 5).
interrupted SEGV 139
interrupted ABRT 134

fresh_start
begin "a SIGKILLed build leaves its .quire-* folder; the next build sweeps it"
start_big_build
kill -s KILL "$BG" 2>/dev/null
{ wait "$BG"; } 2>/dev/null
RC=$?
killed=$(strays "$OUT")
if [ "$CAUGHT" = no ]; then
  problem "the build ended (exit $RC) before it made its private folder; stderr: $(excerpt "$ERR_FILE" 2)"
elif [ "$RC" != 137 ]; then
  problem "expected exit 137 (SIGKILL), got $RC"
elif [ -z "$killed" ]; then
  problem "no .quire-* folder after SIGKILL (expected one to sweep)"
else
  # Everything but the killed build's folder is as it was.
  diff <(grep -vF "./.quire-$BG-" <(snapshot "$OUT")) "$SNAP" >/dev/null ||
    problem "the previous outputs changed under the killed build"
  run "$QUIRE" build -o "$OUT" "$GOOD"
  if [ "$GOOD_BUILD" = yes ] && [ "$RC" != 0 ]; then
    problem "the next build failed: exit $RC; stderr: $(excerpt "$ERR_FILE")"
  fi
  left=$(strays "$OUT")
  if [ -n "$left" ]; then problem "still there after the next build: $left"; fi
fi
end

# The folder exists from mkdtemp() on; a signal in the moment between it and
# the handler's arming must not leave it behind either. strace makes that
# moment long (every mkdir returns 0.3 s late) so the test does not depend
# on luck.
fresh_start
race="SIGTERM right after the private folder is made (mkdir slowed by strace): no strays"
if ! strace -f -q -o /dev/null -e trace=mkdir,mkdirat -e inject=mkdir,mkdirat:delay_exit=1000 \
  mkdir "$WS/strace-probe" >/dev/null 2>&1; then
  skip "$race" "strace cannot trace or inject delays here"
else
  begin "$race"
  set -m
  strace -f -q -o /dev/null -e trace=mkdir,mkdirat -e inject=mkdir,mkdirat:delay_exit=300000 \
    "$QUIRE" build -o "$OUT" "$GOOD" >"$OUT_FILE" 2>"$ERR_FILE" &
  BG=$!
  set +m
  BG_PIDS+=("$BG")
  private=
  deadline=$(($(now_ms) + 20000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    private=$(strays "$OUT" | head -n 1)
    [ -z "$private" ] || break
    state=$(proc_state "$BG")
    if [ "$state" = Z ] || [ "$state" = X ]; then break; fi
  done
  if [ -z "$private" ]; then
    { wait "$BG"; } 2>/dev/null
    problem "the build never made its private folder (exit $?); stderr: $(excerpt "$ERR_FILE" 2)"
  else
    # .quire-PID-XXXXXX: the pid is quire's (strace's child).
    qpid=${private#.quire-}
    qpid=${qpid%%-*}
    kill -s TERM "$qpid" 2>/dev/null
    { wait "$BG"; } 2>/dev/null
    RC=$?
    [ "$RC" = 143 ] || problem "expected the build to die of SIGTERM (exit 143), got $RC"
    expect_same_snapshot "$SNAP" "$OUT"
    expect_no_strays "$OUT"
    # Leave the folder as the tests below expect it.
    rm -rf "${OUT:?}/$private"
  fi
  end
fi

# ---- what the sweep may and may not remove ------------------------------------------------

fresh_start
begin "the sweep removes dead builds' folders, keeps a running build's"
sleep 0 &
dead=$!
wait "$dead"
sleep 60 &
live=$!
BG_PIDS+=("$live")
mkdir -p "$OUT/.quire-$dead-Ab12Cd" "$OUT/.quire-$live-Ef34Gh"
echo partial >"$OUT/.quire-$dead-Ab12Cd/bundle.epub"
echo partial >"$OUT/.quire-$live-Ef34Gh/bundle.epub"
run "$QUIRE" build -o "$OUT" "$GOOD"
if [ "$GOOD_BUILD" = yes ] && [ "$RC" != 0 ]; then
  problem "the build failed: exit $RC; stderr: $(excerpt "$ERR_FILE")"
fi
if [ -e "$OUT/.quire-$dead-Ab12Cd" ]; then problem "the dead build's folder .quire-$dead-Ab12Cd was not swept"; fi
if [ ! -e "$OUT/.quire-$live-Ef34Gh/bundle.epub" ]; then problem "the running build's folder .quire-$live-Ef34Gh was removed"; fi
kill "$live" 2>/dev/null
wait "$live" 2>/dev/null
rm -rf "$OUT/.quire-$live-Ef34Gh"
end

begin "the sweep leaves alone a folder that only looks like quire's (.quire-99999999backup)"
mkdir -p "$OUT/.quire-99999999backup"
echo "keep me" >"$OUT/.quire-99999999backup/keep.txt"
run "$QUIRE" build -o "$OUT" "$GOOD"
if [ ! -e "$OUT/.quire-99999999backup/keep.txt" ]; then
  problem "the user's file .quire-99999999backup/keep.txt was deleted (its name is not of the form .quire-PID-XXXXXX)"
fi
[ "$(cat "$OUT/notes.txt")" = "my own notes, not quire's" ] || problem "notes.txt changed"
rm -rf "$OUT/.quire-99999999backup"
end

# A shared output folder: someone else's name of the private folders' form
# must never lead the sweep out of the folder or to what is not quire's.
begin "the sweep never follows a link named like a dead build's folder (issue 17, defect 1)"
sleep 0 &
dead=$!
wait "$dead"
mkdir -p "$WS/precious"
echo "keep me" >"$WS/precious/f"
ln -s "$WS/precious" "$OUT/.quire-$dead-AAAAAA"
run "$QUIRE" build -o "$OUT" "$GOOD"
if [ "$GOOD_BUILD" = yes ] && [ "$RC" != 0 ]; then
  problem "the build failed: exit $RC; stderr: $(excerpt "$ERR_FILE")"
fi
[ "$(cat "$WS/precious/f" 2>/dev/null)" = "keep me" ] ||
  problem "the file the link points to was deleted: $WS/precious/f"
[ -L "$OUT/.quire-$dead-AAAAAA" ] || problem "the link itself was removed (it is not quire's)"
rm -f "$OUT/.quire-$dead-AAAAAA"
end

begin "the sweep leaves a dead build's folder of another user, and what is not a file in one"
sleep 0 &
dead=$!
wait "$dead"
mkdir -p "$OUT/.quire-$dead-Mine00/sub" "$WS/elsewhere"
echo "keep me" >"$OUT/.quire-$dead-Mine00/sub/f"
echo "keep me" >"$WS/elsewhere/f"
ln -s "$WS/elsewhere" "$OUT/.quire-$dead-Mine00/link"
echo partial >"$OUT/.quire-$dead-Mine00/bundle.epub"
others=no
if [ "$(id -u)" = 0 ]; then
  others=yes
  mkdir -p "$OUT/.quire-$dead-Theirs"
  echo "theirs" >"$OUT/.quire-$dead-Theirs/f"
  chown -R nobody "$OUT/.quire-$dead-Theirs"
fi
run "$QUIRE" build -o "$OUT" "$GOOD"
[ -e "$OUT/.quire-$dead-Mine00/bundle.epub" ] && problem "the stale file bundle.epub was not swept"
[ "$(cat "$OUT/.quire-$dead-Mine00/sub/f" 2>/dev/null)" = "keep me" ] ||
  problem "a file inside a folder inside the stale folder was deleted"
[ "$(cat "$WS/elsewhere/f" 2>/dev/null)" = "keep me" ] || problem "a link inside the stale folder was followed"
if [ "$others" = yes ] && [ ! -e "$OUT/.quire-$dead-Theirs/f" ]; then
  problem "another user's folder .quire-$dead-Theirs was swept"
fi
rm -rf "$OUT/.quire-$dead-Mine00" "$OUT/.quire-$dead-Theirs"
end

# ---- a full disk ---------------------------------------------------------------------------

fresh_start
begin "a full disk (ulimit -f): an error, outputs identical, no strays"
# 50 blocks of 1 KiB, or less when the EPUB is small, so the limit bites.
blocks=50
if [ "$GOOD_BUILD" = yes ]; then
  size=$(stat -c %s "$OUT/bundle.epub")
  if [ $((size / 2048)) -lt "$blocks" ]; then blocks=$((size / 2048)); fi
  if [ "$blocks" -lt 1 ]; then blocks=1; fi
fi
(
  ulimit -f "$blocks"
  exec timeout 60 "$QUIRE" build -o "$OUT" "$BIG"
) >"$OUT_FILE" 2>"$ERR_FILE"
RC=$?
check_no_crash
if [ "$RC" = 0 ]; then
  problem "the build succeeded under a $blocks KiB file size limit"
elif [ "$RC" != 1 ]; then
  problem "expected exit 1, got $RC; stderr: $(excerpt "$ERR_FILE")"
fi
expect_stderr_match 'error: .*([Ff]ile too large|EFBIG|[Nn]o space)'
expect_same_snapshot "$SNAP" "$OUT"
expect_no_strays "$OUT"
end

# The private folder is gone by the time the user reads the message, so the
# message should name the output as the user knows it: OUT/bundle.epub.
begin "a write error names the output file, not the removed private folder"
if grep -q 'error: ' "$ERR_FILE"; then
  if grep -qF '/.quire-' "$ERR_FILE"; then
    problem "the message names a temporary path: $(grep -m1 -F '/.quire-' "$ERR_FILE" | cut -c1-200)"
  fi
  expect_stderr_match "^$(re_quote "$OUT/bundle.epub")(:[0-9]+)*: error: "
else
  problem "no write error to look at (see the test above)"
fi
end

# ---- the commit: all or nothing across the outputs (issue 17, defect 4) ---------------------

# pair_of DIR: the hashes of DIR's EPUB and PDF, on one line.
pair_of() {
  echo "$(sha256sum <"$1/bundle.epub" 2>/dev/null | cut -c1-16) $(sha256sum <"$1/bundle.pdf" 2>/dev/null | cut -c1-16)"
}

# An old pair and the new pair a build with another date makes, to tell
# a mix of the two from either.
PAIR=$WS/pair
SOURCE_DATE_EPOCH=1600000000 "$QUIRE" build -o "$WS/pair-old" "$GOOD" >/dev/null 2>&1
SOURCE_DATE_EPOCH=1700000000 "$QUIRE" build -o "$WS/pair-new" "$GOOD" >/dev/null 2>&1
OLD_PAIR=$(pair_of "$WS/pair-old")
NEW_PAIR=$(pair_of "$WS/pair-new")
reset_pair() {
  chattr -i "$PAIR/bundle.pdf" 2>/dev/null
  rm -rf "$PAIR"
  mkdir -p "$PAIR"
  cp "$WS/pair-old/bundle.epub" "$WS/pair-old/bundle.pdf" "$PAIR/"
}

begin "a folder named bundle.pdf: an error before anything is replaced"
reset_pair
rm -f "$PAIR/bundle.pdf"
mkdir "$PAIR/bundle.pdf"
SOURCE_DATE_EPOCH=1700000000 run "$QUIRE" build -o "$PAIR" "$GOOD"
expect_rc 1
expect_stderr_match "^$(re_quote "$PAIR/bundle.pdf"): error: .*folder"
[ "$(sha256sum <"$PAIR/bundle.epub" | cut -c1-16)" = "${OLD_PAIR%% *}" ] ||
  problem "the EPUB was replaced although the PDF could not be"
expect_no_strays "$PAIR"
end

begin "a second rename that fails puts the first output back"
reset_pair
if ! chattr +i "$PAIR/bundle.pdf" 2>/dev/null; then
  skip "$T_NAME" "chattr +i does not work here"
else
  SOURCE_DATE_EPOCH=1700000000 run "$QUIRE" build -o "$PAIR" "$GOOD"
  chattr -i "$PAIR/bundle.pdf"
  expect_rc 1
  expect_stderr_match "^$(re_quote "$PAIR/bundle.pdf"): error: cannot put the output in place"
  [ "$(pair_of "$PAIR")" = "$OLD_PAIR" ] || problem "the folder holds a mix: $(pair_of "$PAIR") (old $OLD_PAIR, new $NEW_PAIR)"
  expect_no_strays "$PAIR"
  end
fi

begin "a second build into a folder another build holds fails with a clear message"
reset_pair
flock "$PAIR" sleep 30 &
holder=$!
BG_PIDS+=("$holder")
sleep 0.2
SOURCE_DATE_EPOCH=1700000000 run "$QUIRE" build -o "$PAIR" "$GOOD"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
expect_rc 1
expect_stderr_match "^$(re_quote "$PAIR"): error: another quire build is writing into this folder"
[ "$(pair_of "$PAIR")" = "$OLD_PAIR" ] || problem "the outputs changed under the other build"
expect_no_strays "$PAIR"
end

# SIGTERM while the first output is renamed (every rename slowed by strace):
# the folder ends with the old pair or the new one, never a mix.
sig_race="SIGTERM between the two renames (rename slowed by strace): old pair or new pair"
if ! strace -f -q -o /dev/null -e trace=mkdir -e inject=mkdir:delay_exit=1000 \
  mkdir "$WS/strace-probe2" >/dev/null 2>&1; then
  skip "$sig_race" "strace cannot trace or inject delays here"
else
  begin "$sig_race"
  reset_pair
  before=$(stat -c %i "$PAIR/bundle.epub")
  set -m
  SOURCE_DATE_EPOCH=1700000000 strace -f -q -o /dev/null -e trace=rename,renameat,renameat2 \
    -e inject=rename,renameat,renameat2:delay_exit=700000 \
    "$QUIRE" build -o "$PAIR" "$GOOD" >"$OUT_FILE" 2>"$ERR_FILE" &
  BG=$!
  set +m
  BG_PIDS+=("$BG")
  qpid=
  deadline=$(($(now_ms) + 30000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if [ -z "$qpid" ]; then
      qpid=$(strays "$PAIR" | head -n 1)
      qpid=${qpid#.quire-}
      qpid=${qpid%%-*}
    fi
    # The EPUB has its new inode: the first rename is done, the process is
    # held in it for 0.7 s.
    if [ -n "$qpid" ] && [ "$(stat -c %i "$PAIR/bundle.epub")" != "$before" ]; then
      kill -s TERM "$qpid"
      break
    fi
    state=$(proc_state "$BG")
    if [ "$state" = Z ] || [ "$state" = X ]; then break; fi
    sleep 0.01
  done
  { wait "$BG"; } 2>/dev/null
  RC=$?
  if [ "$(stat -c %i "$PAIR/bundle.epub")" = "$before" ]; then
    problem "the build never renamed the EPUB (exit $RC); stderr: $(excerpt "$ERR_FILE" 2)"
  fi
  now=$(pair_of "$PAIR")
  [ "$now" = "$OLD_PAIR" ] || [ "$now" = "$NEW_PAIR" ] ||
    problem "the folder holds a mix: $now (old $OLD_PAIR, new $NEW_PAIR)"
  expect_no_strays "$PAIR"
  end
fi

# ---- every way out removes the private folder (issue 17, defect 5) -------------------------

begin "stderr into a pipe that closes (quire build 2>&1 | true): the build ends, nothing left"
rm -rf "$WS/piped"
# The note about the missing page list comes after the outputs are written;
# the reader is gone long before.
( sleep 0.5; exec "$QUIRE" build --format epub -o "$WS/piped" "$GOOD" 2>&1; ) | true
wait
[ -s "$WS/piped/bundle.epub" ] || problem "no bundle.epub: the build did not finish"
expect_no_strays "$WS/piped"
end

begin "out of memory (ulimit -v) leaves no private folder"
if is_asan; then
  skip "$T_NAME" "memory limits do not apply to an AddressSanitizer build"
else
  oom=no
  for v in 150000 180000 250000; do
    rm -rf "$WS/oom"
    (
      ulimit -v "$v"
      exec "$QUIRE" build -o "$WS/oom" "$BIG"
    ) >"$OUT_FILE" 2>"$ERR_FILE"
    RC=$?
    if [ "$RC" = 1 ] && grep -q 'out of memory' "$ERR_FILE"; then oom=yes; fi
    [ -d "$WS/oom" ] && expect_no_strays "$WS/oom"
  done
  [ "$oom" = yes ] || note "no limit tried ran the build out of memory"
  end
fi
