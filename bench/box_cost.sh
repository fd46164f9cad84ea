#!/usr/bin/env bash
# The cost of a namespace box per test (decisions.md 8): open (unshare,
# mounts, the init), audit and teardown, alone and with one trivial program
# launched in it. Needs root. Prints the numbers; record them in
# bench/RESULTS.md under "Box cost" with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=${IPCGRADE_TESTS:-build/ipcgrade_tests}
[[ -x $tests ]] || { echo "build first: cmake --build build" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "a box needs root" >&2; exit 2; }
echo "$(nproc) cores, $(uname -r), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tests" "[box-bench]" | grep -E '^box '
