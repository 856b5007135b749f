# shellcheck shell=bash
# tests/lib.sh: what every end-to-end test file sources.
#
# Each e2e file is a bash script that run-e2e.sh runs in its own process,
# from the repository's root, with $QUIRE the absolute path of the binary.
# It prints one line per test, "ok NAME" or "FAIL NAME: why", and when it
# ends writes "PASSED FAILED" to the file named in $RESULTS (if set).
#
# A test is written as
#
#   begin "name"
#   expect_exit 1 "$QUIRE" check "$dir/bundle.xml"
#   expect_diag "$dir/a.xml" 5 1 'malformed XML: '
#   end
#
# Every expect_* records the first thing that went wrong; end prints the
# verdict. pass NAME and fail NAME WHY report a test directly.

set -u

if [ -z "${QUIRE:-}" ] || [ ! -x "${QUIRE}" ]; then
  echo "FAIL setup: \$QUIRE must name the quire binary (got '${QUIRE:-}')" >&2
  exit 1
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FIXTURES=$ROOT/tests/fixtures
# Under LeakSanitizer, the third-party leaks tests/lsan.supp names are not
# quire's (any other is).
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
SCRIPT_NAME=$(basename "$0" .sh)

PASSED=0
FAILED=0
SKIPPED=0

# A private workspace, removed when the file ends however it ends.
WS=$(mktemp -d "${TMPDIR:-/tmp}/quire-e2e-$SCRIPT_NAME.XXXXXX")
OUT_FILE=$WS/.stdout
ERR_FILE=$WS/.stderr
RC=0

# Children started in the background that must not outlive the file.
BG_PIDS=()

_finish() {
  local pid
  for pid in "${BG_PIDS[@]+"${BG_PIDS[@]}"}"; do
    kill -KILL "$pid" 2>/dev/null
  done
  chmod -R u+rwx "$WS" 2>/dev/null
  rm -rf "$WS"
  if [ -n "${RESULTS:-}" ]; then
    echo "$PASSED $FAILED" >>"$RESULTS"
  else
    echo "$SCRIPT_NAME: passed $PASSED, failed $FAILED, skipped $SKIPPED"
  fi
}
trap _finish EXIT

pass() {
  PASSED=$((PASSED + 1))
  echo "ok $1"
}

fail() {
  FAILED=$((FAILED + 1))
  echo "FAIL $1: $2"
}

skip() {
  SKIPPED=$((SKIPPED + 1))
  echo "skip $1: $2"
}

# A note under the current test (kept on one line, prefixed with '#').
note() {
  echo "#   $*"
}

# ---- one test ---------------------------------------------------------------

T_NAME=
WHY=
MORE=()

begin() {
  T_NAME=$1
  WHY=
  MORE=()
}

# Record why the current test fails: the first reason is the message, the
# others are listed under it.
problem() {
  if [ -z "$WHY" ]; then
    WHY=$1
  else
    MORE+=("$1")
  fi
}

end() {
  local m
  if [ -z "$WHY" ]; then
    pass "$T_NAME"
  else
    fail "$T_NAME" "$WHY"
    for m in "${MORE[@]+"${MORE[@]}"}"; do
      note "and: $(printf '%s' "$m" | cut -c1-300)"
    done
  fi
}

# The first lines of a file on one line, for messages.
excerpt() {
  local f=$1 max=${2:-4}
  if [ ! -s "$f" ]; then
    echo "(empty)"
    return
  fi
  head -n "$max" "$f" | tr '\n' '|' | sed 's/|$//; s/|/ | /g' | cut -c1-400
}

# Escape a string for use as a literal inside an extended regular expression.
re_quote() {
  printf '%s' "$1" | sed 's/[][\.*^$?+(){}|/]/\\&/g'
}

# ---- running quire ------------------------------------------------------------

# Is this binary built with AddressSanitizer? (Memory limits do not apply.)
is_asan() {
  grep -qa '__asan_init' "$QUIRE"
}

# run CMD...: run a command (at most 60 s), stdout in $OUT_FILE, stderr in
# $ERR_FILE, exit code in $RC. A sanitizer report in stderr is a failure of
# the current test whatever the exit code.
run() {
  timeout -k 5 60 "$@" >"$OUT_FILE" 2>"$ERR_FILE"
  RC=$?
  check_no_crash
}

check_no_crash() {
  if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
    problem "timed out or was killed (exit $RC)"
  elif grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$ERR_FILE" 2>/dev/null; then
    problem "sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' "$ERR_FILE" | cut -c1-200)"
  elif [ "$RC" -ge 128 ] 2>/dev/null; then
    problem "crashed: exit $RC (signal $((RC - 128))); stderr: $(excerpt "$ERR_FILE" 3)"
  fi
}

# expect_rc CODE: the last command run exited with CODE.
expect_rc() {
  if [ "$RC" != "$1" ]; then
    problem "expected exit $1, got $RC; stderr: $(excerpt "$ERR_FILE")"
    return 1
  fi
}

# expect_exit CODE CMD...: run CMD and expect it to exit with CODE.
expect_exit() {
  local want=$1
  shift
  run "$@"
  expect_rc "$want"
}

# _expect_line NAME FILE REGEX: some line of FILE matches (ERE).
_expect_line() {
  if ! grep -qE -- "$3" "$2"; then
    problem "no $1 line matches /$3/; $1: $(excerpt "$2")"
    return 1
  fi
}

# expect_stderr_match REGEX, expect_stdout_match REGEX: of the last command run.
expect_stderr_match() { _expect_line stderr "$ERR_FILE" "$1"; }
expect_stdout_match() { _expect_line stdout "$OUT_FILE" "$1"; }

# expect_diag FILE LINE COL REGEX: a line "FILE:LINE:COL: error: ..." whose
# message matches REGEX (ERE, anchored at the message's start).
expect_diag() {
  local file=$1 line=$2 col=$3 msg=$4
  local re
  re="^$(re_quote "$file"):$line:$col: error: $msg"
  if ! grep -qE -- "$re" "$ERR_FILE"; then
    local near
    near=$(grep -F -- "$(basename "$file")" "$ERR_FILE" | head -n 3 | tr '\n' '|' | cut -c1-400)
    problem "expected '$file:$line:$col: error: $msg'; got: ${near:-$(excerpt "$ERR_FILE")}"
    return 1
  fi
}

# expect_errors N: exactly N lines of the last stderr are errors.
expect_errors() {
  local n
  n=$(grep -cE '^[^ ]*(:[0-9]+)*: error: ' "$ERR_FILE")
  if [ "$n" != "$1" ]; then
    problem "expected $1 error line(s), got $n; stderr: $(excerpt "$ERR_FILE" 6)"
    return 1
  fi
}

# ---- inputs ---------------------------------------------------------------------

# copy_sources DIR: a private copy of the book to break: DIR/sources (the
# bundle and its parts), DIR/styles and DIR/fonts. Run quire with
# QUIRE_DATADIR=DIR to make it use the copied theme and manifest.
copy_sources() {
  local dir=$1
  mkdir -p "$dir"
  cp -R "$ROOT/sources" "$dir/sources"
  cp -R "$ROOT/styles" "$dir/styles"
  cp -R "$ROOT/fonts" "$dir/fonts"
}

# fixture_bundle DIR PART...: DIR/bundle.xml, a small valid book naming the
# given parts, each copied from tests/fixtures/parts/. The first
# <xi:include> is on line 8, its href attribute at column 15.
fixture_bundle() {
  local dir=$1 p
  shift
  mkdir -p "$dir"
  {
    cat "$FIXTURES/bundle-head.xml"
    for p in "$@"; do
      cp "$FIXTURES/parts/$p" "$dir/$p"
      printf '  <xi:include href="%s"/>\n' "$p"
    done
    echo '</book>'
  } >"$dir/bundle.xml"
}

# ---- outputs ------------------------------------------------------------------------

# snapshot DIR: every entry of DIR (hidden ones too) with a checksum of each
# file, one a line, sorted: two equal snapshots mean nothing changed.
snapshot() {
  (cd "$1" && find . -mindepth 1 -printf '%y %p\n' | sort | while read -r kind path; do
    if [ "$kind" = f ]; then
      echo "f $path $(sha256sum <"$path" | cut -d' ' -f1)"
    else
      echo "$kind $path"
    fi
  done)
}

# expect_same_snapshot BEFORE_FILE DIR: DIR still matches the snapshot.
expect_same_snapshot() {
  local before=$1 dir=$2 now
  now=$(snapshot "$dir")
  if [ "$now" != "$(cat "$before")" ]; then
    problem "the output folder changed: $(diff <(cat "$before") <(echo "$now") | grep '^[<>]' | head -n 4 | tr '\n' '|' | cut -c1-400)"
    return 1
  fi
}

# The private folders of builds (.quire-*) in DIR, one a line.
strays() {
  find "$1" -mindepth 1 -maxdepth 1 -name '.quire-*' -printf '%f\n' | sort
}

expect_no_strays() {
  local s
  s=$(strays "$1")
  if [ -n "$s" ]; then
    problem "left behind in the output folder: $(echo "$s" | tr '\n' ' ')"
    return 1
  fi
}

# Milliseconds since the epoch.
now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

# Can strace trace a child here (ptrace may be forbidden in containers)?
strace_works() {
  command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true >/dev/null 2>&1
}

# py_check SCRIPT ARGS...: run a checker module of tests/tools. Each
# line it prints as "PROBLEM ..." becomes a problem of the current test; the
# rest of its output is left in $PY_OUT. Fails when the checker does.
# shellcheck disable=SC2034 # PY_OUT is read by the files that source this
PY_OUT=
py_check() {
  local script=$1 out rc line
  shift
  out=$(python3 "$script" "$@" 2>&1)
  rc=$?
  # shellcheck disable=SC2034
  PY_OUT=$(grep -v '^PROBLEM' <<<"$out")
  if [ "$rc" != 0 ]; then
    while IFS= read -r line; do
      case "$line" in
        PROBLEM*) problem "${line#PROBLEM }" ;;
      esac
    done <<<"$out"
    grep -q '^PROBLEM' <<<"$out" ||
      problem "$(basename "$script") $1 failed: $(echo "$out" | tail -n 3 | tr '\n' '|')"
    return 1
  fi
}
