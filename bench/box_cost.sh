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
#
# Last, the whole runner: 300 trivial tests (bench/echo_args.c, stdout
# checked) with -j 1, in boxes and with --isolation none, the best of three
# each; the difference per test is what a box costs a class run.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=${IPCGRADE_TESTS:-build/ipcgrade_tests}
ipcgrade=${IPCGRADE:-build/ipcgrade}
[[ -x $tests && -x $ipcgrade ]] || { echo "build first: cmake --build build" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "a box needs root" >&2; exit 2; }
echo "$(nproc) cores, $(uname -r), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tests" "[box-bench]" | grep -E '^box '

# Not under /tmp: a box has its own.
work=$(mktemp -d /var/tmp/ipcgrade-box-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
bench/trivial_suite.sh "$work/suite" "$work/submission" 300
seconds() {  # seconds ISOLATION: the wall time of one run of the 300 tests
  local start end
  start=$(date +%s.%N)
  "$ipcgrade" run "$work/suite" --submission "$work/submission" -q -j 1 --isolation "$1" \
    --json "$work/$1.json" >/dev/null
  end=$(date +%s.%N)
  grep -q '"score": 300' "$work/$1.json" || { echo "not every test passed ($1)" >&2; exit 1; }
  echo "$end - $start" | bc
}
best() { printf '%s\n' "$@" | sort -g | head -1; }
boxed=() bare=()
for _ in 1 2 3; do
  boxed+=("$(seconds auto)")
  bare+=("$(seconds none)")
done
grep -q '"isolation": "box"' "$work/auto.json" || echo "note: no box was made (isolation none)"
awk -v boxed="$(best "${boxed[@]}")" -v bare="$(best "${bare[@]}")" 'BEGIN {
  printf "runner, 300 tests, -j 1: box %.3f s, none %.3f s: the box costs %.3f ms per test\n",
         boxed, bare, (boxed - bare) / 300 * 1000
}'
