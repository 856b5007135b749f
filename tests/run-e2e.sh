#!/usr/bin/env bash
# Run the end-to-end tests: every tests/e2e/*.sh (or the files named), each
# in its own bash process, from the repository's root, with $QUIRE the
# absolute path of the quire binary (default: builder/quire).
#
# Each file prints "ok NAME" / "FAIL NAME: why" per test and writes its
# counts ("PASSED FAILED") to the file named in $RESULTS. A file that ends
# without reporting counts as one failure.
#
# Prints "e2e: passed N, failed N"; if $QUIRE_COUNTS names a file, appends
# "PASSED FAILED" to it (run-all.sh adds them up). Exits 1 if anything failed.
set -u
cd "$(dirname "$0")/.." || exit 2

if [ -z "${QUIRE:-}" ]; then
  QUIRE=$PWD/builder/quire
fi
case "$QUIRE" in
  /*) ;;
  *) QUIRE=$PWD/$QUIRE ;;
esac
export QUIRE

# Time limit for one file, in seconds.
FILE_TIMEOUT=${QUIRE_E2E_TIMEOUT:-180}

passed=0
failed=0
report() {
  echo "e2e: passed $passed, failed $failed"
  if [ -n "${QUIRE_COUNTS:-}" ]; then
    echo "$passed $failed" >>"$QUIRE_COUNTS"
  fi
}

if [ ! -x "$QUIRE" ]; then
  echo "FAIL e2e: no quire binary at $QUIRE (make quire)"
  failed=1
  report
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-run-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then
  files=("$@")
else
  files=(tests/e2e/*.sh)
fi

for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "FAIL $f: no such test file"; failed=$((failed + 1)); continue; }
  name=$(basename "$f" .sh)
  results=$tmp/$name.results
  : >"$results"
  echo "== e2e/$name"
  start=$(date +%s%N)
  RESULTS=$results timeout -k 10 "$FILE_TIMEOUT" bash "$f"
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  p=0
  fl=0
  if [ -s "$results" ]; then
    while read -r a b; do
      p=$((p + a))
      fl=$((fl + b))
    done <"$results"
  fi
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "FAIL e2e/$name: stopped after ${FILE_TIMEOUT} s"
    fl=$((fl + 1))
  elif [ ! -s "$results" ]; then
    echo "FAIL e2e/$name: ended (exit $rc) without reporting its results"
    fl=$((fl + 1))
  fi
  echo "-- e2e/$name: passed $p, failed $fl (${ms} ms)"
  passed=$((passed + p))
  failed=$((failed + fl))
done

report
[ "$failed" = 0 ]
