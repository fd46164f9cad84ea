#!/usr/bin/env bash
# Latency of the scenario engine (issue 3), with helpers that timestamp with
# CLOCK_MONOTONIC: from the line "go" appearing on a program's stdout to
#  - a process started on that condition running its main(): target 2 ms median;
#  - a signal sent on that condition arriving in the handler: target 1 ms median.
# Prints medians and 90th percentiles over RUNS runs (default 200).
# ISOLATION=none runs without the box; STATIC=1 links the two helpers
# statically, which leaves the dynamic loader's share of exec out. Last,
# the machine's floor for the first (bench/exec_floor.c: a parked child
# released by a pipe, no runner), linked the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
ipcgrade=${IPCGRADE:-build/ipcgrade}
runs=${RUNS:-200}
# Not under /tmp: the log is written from inside each test's box, whose
# /tmp is its own.
work=$(mktemp -d "$PWD/.latency.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 0777 "$work"   # the programs may run under the slot uid
mkdir -p "$work/suite"
cp -r bench/latency/reference "$work/suite/"
[[ -n ${STATIC:-} ]] && printf "all: stamp_then_wait stamp_start\n%%: %%.c\n\tcc -O2 -static -o \$@ \$<\n" >"$work/suite/reference/Makefile"
sed "s|@LOG@|$work/log|" bench/latency/suite.yaml.in >"$work/suite/suite.yaml"
touch "$work/log" && chmod 0666 "$work/log"

"$ipcgrade" run "$work/suite" --reference --repeat "$runs" -q ${ISOLATION:+--isolation "$ISOLATION"} >/dev/null

# Each run writes "go T" first, then "start T" and "signal T" in either order.
awk '
  /^go/     { go = $2 }
  /^signal/ { sig[n_sig++] = ($2 - go) / 1e6 }
  /^start/  { start[n_start++] = ($2 - go) / 1e6 }
  function report(name, a, n,    i, j, t) {
    for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    printf "%-28s median %.3f ms, p90 %.3f ms (%d runs)\n", name, a[int(n / 2)], a[int(n * 0.9)], n
  }
  END {
    report("start on output:", start, n_start)
    report("signal on output:", sig, n_sig)
  }' "$work/log"
cc -O2 ${STATIC:+-static} -o "$work/exec_floor" bench/exec_floor.c
"$work/exec_floor" "$runs"
