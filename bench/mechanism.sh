#!/usr/bin/env bash
# The costs of mechanism evidence (issue 7, decisions.md 15), each timed by
# the programs themselves:
#  - per recorded call: kill(self, 0), which the recording filter hands to
#    the supervisor, against the deny-only filter every program has (best
#    of five each); target 10 µs;
#  - untraced calls: getppid() with no filter, the deny filter and the
#    recording filter; target: unchanged within noise;
#  - per process: a program that exits at once, launched and reaped, with
#    the recording filter against the deny filter; target 1 ms;
#  - the machine's floor: bench/notif_floor.c, the same recorded call
#    served by a bare C supervisor in another process (no classification,
#    no counting), so that the runner's share can be told from the
#    machine's.
# Prints the numbers with the kernel and the load; record them in
# bench/RESULTS.md under "Mechanism evidence".
set -euo pipefail
cd "$(dirname "$0")/.."
tests=${IPCGRADE_TESTS:-build/ipcgrade_tests}
[[ -x $tests ]] || { echo "build first: cmake --build build" >&2; exit 2; }
echo "$(nproc) cores, Linux $(uname -r), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tests" "bench: the costs of mechanism evidence" | grep -E '^(kill|cost|getppid|process|fixed)'
floor=$(mktemp)
trap 'rm -f "$floor"' EXIT
cc -O2 -o "$floor" bench/notif_floor.c
for _ in 1 2 3; do "$floor"; done
