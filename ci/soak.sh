#!/usr/bin/env bash
# The soak (decisions.md 7): every bundled suite's reference, 20 times over,
# must pass every run. Run before resolving an issue that adds a suite and
# record the result in bench/RESULTS.md.
#
# Usage: [JOBS=N] [IPCGRADE=path] ci/soak.sh [REPEAT] [SUITE...]
#   REPEAT    runs of every test (default 20)
#   SUITE     suite folders (default: every suite under suites/)
#   JOBS      passed as `-j JOBS`: tests of a suite run N at a time, each in
#             its own box (`JOBS=4 ci/soak.sh 10` is issue 4's parallel
#             soak). Unset: the runner's default (the number of cores; 1
#             without a box).
#   IPCGRADE  the runner (default build/ipcgrade)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-20}
shift || true
suites=("$@")
[[ ${#suites[@]} -gt 0 ]] || suites=(suites/*/)
ipcgrade=${IPCGRADE:-build/ipcgrade}
[[ -x $ipcgrade ]] || { echo "build first: cmake --build build" >&2; exit 2; }
jobs=()
if [[ -n ${JOBS:-} ]]; then
  [[ $JOBS =~ ^[1-9][0-9]*$ ]] || { echo "JOBS must be a positive number, not '$JOBS'" >&2; exit 2; }
  jobs=(-j "$JOBS")
fi

status=0
for suite in "${suites[@]}"; do
  suite=${suite%/}
  if out=$("$ipcgrade" run "$suite" --reference --repeat "$repeat" "${jobs[@]}" -q 2>&1); then
    echo "ok    $(basename "$suite"): every test passed $repeat runs out of $repeat${JOBS:+ (-j $JOBS)}"
  else
    status=1
    echo "FAIL  $(basename "$suite"):"
    echo "$out" | sed 's/^/      /'
  fi
done
exit $status
