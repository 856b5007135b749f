#!/usr/bin/env bash
# Every test: tests/run-all.sh UNIT_BINARY...
#
# Runs the unit test binaries (run-unit.sh), then the end-to-end tests
# (run-e2e.sh, with $QUIRE the quire binary), and ends with one line,
#
#   N passed, N failed
#
# which CI reads. Exits 1 if any test failed or if no test ran at all.
set -u
cd "$(dirname "$0")/.." || exit 2

counts=$(mktemp "${TMPDIR:-/tmp}/quire-run-all.XXXXXX")
trap 'rm -f "$counts"' EXIT
export QUIRE_COUNTS=$counts

extra=0
if [ $# -gt 0 ]; then
  bash tests/run-unit.sh "$@"
  rc=$?
  lines=$(wc -l <"$counts")
else
  echo "unit: no test binaries given"
  rc=0
  lines=0
fi
if [ "$rc" != 0 ] && [ "$lines" = 0 ]; then
  echo "FAIL unit: run-unit.sh exited $rc without reporting"
  extra=$((extra + 1))
fi

bash tests/run-e2e.sh
rc=$?
if [ "$rc" != 0 ] && [ "$(wc -l <"$counts")" = "$lines" ]; then
  echo "FAIL e2e: run-e2e.sh exited $rc without reporting"
  extra=$((extra + 1))
fi

passed=0
failed=$extra
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done <"$counts"

if [ $((passed + failed)) = 0 ]; then
  echo "FAIL: no test ran" >&2
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
