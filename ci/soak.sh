#!/usr/bin/env bash
# The soak (decisions.md 7): every bundled suite's reference, 20 times over,
# must pass every run. Run before resolving an issue that adds a suite and
# record the result in bench/RESULTS.md. Usage: ci/soak.sh [REPEAT] [SUITE...]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-20}
shift || true
suites=("$@")
[[ ${#suites[@]} -gt 0 ]] || suites=(suites/*/)
ipcgrade=${IPCGRADE:-build/ipcgrade}
[[ -x $ipcgrade ]] || { echo "build first: cmake --build build" >&2; exit 2; }

status=0
for suite in "${suites[@]}"; do
  suite=${suite%/}
  if out=$("$ipcgrade" run "$suite" --reference --repeat "$repeat" -q 2>&1); then
    echo "ok    $(basename "$suite"): every test passed $repeat runs out of $repeat"
  else
    status=1
    echo "FAIL  $(basename "$suite"):"
    echo "$out" | sed 's/^/      /'
  fi
done
exit $status
