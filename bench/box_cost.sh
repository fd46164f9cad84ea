#!/usr/bin/env bash
# The cost of a namespace box per test (decisions.md 8): open (unshare,
# mounts, the init), audit and teardown, alone, with one trivial program
# launched in it, and with the run's cgroup as the session makes it (v1:
# pids, memory, freezer). Needs root. Prints the numbers; record them in
# bench/RESULTS.md under "Box cost" with the machine and its load.
#
# What is measured is what a test waits for. A slot's next box is asked
# for as soon as its current box is open (runner/box/ns_box.cpp), so the
# making of a box overlaps the test before it: "open" is the wait for a
# box that is ready or nearly so. After the audit the runner does not wait
# for the box's init to exit: "close" is closing its socket (and removing
# the cgroup). The boxes here follow each other with no test in between,
# which leaves a box less time to be made than a real test does.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=${IPCGRADE_TESTS:-build/ipcgrade_tests}
[[ -x $tests ]] || { echo "build first: cmake --build build" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "a box needs root" >&2; exit 2; }
echo "$(nproc) cores, $(uname -r), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tests" "[box-bench]" | grep -E '^box '
