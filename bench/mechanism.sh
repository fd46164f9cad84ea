#!/usr/bin/env bash
# The cost of one recorded call of mechanism evidence (decisions.md 15):
# kill(self, 0), which the recording filter hands to the supervisor, timed
# by the program itself, with and without the recording filter (the best
# of five each). Prints the numbers with the kernel and the load; record
# them in bench/RESULTS.md under "Mechanism evidence".
set -euo pipefail
cd "$(dirname "$0")/.."
tests=${IPCGRADE_TESTS:-build/ipcgrade_tests}
[[ -x $tests ]] || { echo "build first: cmake --build build" >&2; exit 2; }
echo "$(nproc) cores, Linux $(uname -r), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tests" "bench: the cost of a recorded call" | grep -E '^(kill|cost)'
