#!/usr/bin/env bash
# Run cmocka unit test binaries: tests/run-unit.sh BINARY...
#
# Each binary's output is shown (cmocka prints its summary to stderr, so
# stderr goes to stdout). Passed and failed tests are counted from cmocka's
# "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)" lines. A binary
# that exits non-zero without a failed test to show for it (a crash, a
# sanitizer report, a leak) or that runs no test counts as one failure.
#
# Prints "unit: passed N, failed N"; if $QUIRE_COUNTS names a file, appends
# "PASSED FAILED" to it (run-all.sh adds them up). Exits 1 if anything failed.
set -u
cd "$(dirname "$0")/.." || exit 2

# cmocka's plain format, whatever the environment asks for.
export CMOCKA_MESSAGE_OUTPUT=STDOUT

# Time limit for one binary, in seconds.
BIN_TIMEOUT=${QUIRE_UNIT_TIMEOUT:-300}

passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/quire-run-unit.XXXXXX")
trap 'rm -f "$log"' EXIT

for bin in "$@"; do
  echo "== unit/$(basename "$bin")"
  if [ ! -x "$bin" ]; then
    echo "FAIL $bin: not an executable test binary"
    failed=$((failed + 1))
    continue
  fi
  timeout -k 10 "$BIN_TIMEOUT" "$bin" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  p=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) test.*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
  fl=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) test\(s\).*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "FAIL $bin: stopped after ${BIN_TIMEOUT} s"
    fl=$((fl + 1))
  elif [ "$rc" != 0 ] && [ "$fl" = 0 ]; then
    echo "FAIL $bin: exited with status $rc without a failed test to show for it"
    fl=$((fl + 1))
  elif [ $((p + fl)) = 0 ]; then
    echo "FAIL $bin: ran no tests"
    fl=$((fl + 1))
  fi
  echo "-- unit/$(basename "$bin"): passed $p, failed $fl"
  passed=$((passed + p))
  failed=$((failed + fl))
done

echo "unit: passed $passed, failed $failed"
if [ -n "${QUIRE_COUNTS:-}" ]; then
  echo "$passed $failed" >>"$QUIRE_COUNTS"
fi
[ "$failed" = 0 ]
