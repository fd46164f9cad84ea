#!/usr/bin/env bash
# Benchmarks of the runner without a box (decisions.md 8). Prints the
# numbers; record them in bench/RESULTS.md with the machine they ran on.
#
#  1. 300 trivial tests (a program that echoes its arguments, stdout checked
#     exactly) against a plain C loop of fork/exec/wait doing the same.
#     Target: the runner under 2x the loop's time per test.
#  2. The runner's peak memory while checking 2 MiB and 200 MiB of output by
#     sha256. Target: the same footprint (streamed, nothing kept).
set -euo pipefail
cd "$(dirname "$0")/.."
ipcgrade=${IPCGRADE:-build/ipcgrade}
[[ -x $ipcgrade ]] || { echo "build first: cmake --build build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

cc -O2 -o "$work/spawn_loop" bench/spawn_loop.c
cc -O2 -o "$work/maxrss" bench/maxrss.c
cc -O2 -o "$work/echo_args" bench/echo_args.c

# --- 1. per-test overhead -------------------------------------------------
suite=$work/suites/trivial
bench/trivial_suite.sh "$suite" "$work/submission" 300

# Each side runs three times and its fastest run counts: the machine's other
# load only ever adds time.
best() {  # best SECONDS-EXPRESSION... : the smallest of the numbers
  printf '%s\n' "$@" | sort -g | head -1
}
timed() {  # timed COMMAND...: prints the wall seconds it took
  local a b
  a=$(now); "$@" >/dev/null; b=$(now)
  echo "$b - $a" | bc
}
# The runner's time includes building echo_args twice (reference and
# submission); a run of the same suite with one test measures that.
mkdir -p "$work/empty/suites/trivial/reference"
sed -n '1,2p' "$suite/suite.yaml" >"$work/empty/suites/trivial/suite.yaml"
echo "tests: [{name: none, steps: [{run: echo_args, stdout: \"\\n\"}]}]" >>"$work/empty/suites/trivial/suite.yaml"
cp bench/echo_args.c "$work/empty/suites/trivial/reference/"

loops=() runners=() fixeds=()
for _ in 1 2 3; do
  loops+=("$(timed "$work/spawn_loop" 300 "$work/echo_args" hello world)")
  runners+=("$(timed "$ipcgrade" run "$suite" --submission "$work/submission" -q --json "$work/r.json")")
  fixeds+=("$(timed "$ipcgrade" run "$work/empty/suites/trivial" --submission "$work/submission" -q)")
done

awk -v loop="$(best "${loops[@]}")" -v runner="$(best "${runners[@]}")" \
    -v fixed="$(best "${fixeds[@]}")" 'BEGIN {
  per_loop = loop / 300 * 1000; per_runner = (runner - fixed) / 299 * 1000;
  printf "loop:   %.3f s for 300 runs = %.3f ms per test\n", loop, per_loop;
  printf "runner: %.3f s for 300 tests, %.3f s of it fixed (builds) = %.3f ms per test\n", runner, fixed, per_runner;
  printf "ratio:  %.2fx (target < 2x)\n", per_runner / per_loop;
}'
grep -q '"score": 300' "$work/r.json" || { echo "the runner did not pass all 300 tests" >&2; exit 1; }

# --- 2. memory for streamed output ----------------------------------------
for mib in 2 200; do
  s=$work/suites/flood$mib
  mkdir -p "$s/reference"
  sum=$(head -c $((mib << 20)) /dev/zero | sha256sum | cut -d' ' -f1)
  cat >"$s/suite.yaml" <<YAML
suite: flood$mib
programs: []
defaults: {limits: {output: 1GiB}, timeout: 60s}
tests:
  - name: $mib MiB checked by sha256
    steps: [{run: head -c $((mib << 20)) /dev/zero, stdout: {sha256: $sum}}]
YAML
  rss=$("$work/maxrss" "$ipcgrade" run "$s" --reference -q 2>&1 >/dev/null | awk '/maxrss_kib/ {print $2}')
  echo "memory: $mib MiB of output checked by sha256: runner peak RSS $rss KiB"
done
