#!/usr/bin/env bash
# Writes the benchmarks' trivial suite: N tests (default 300), each running
# bench/echo_args.c with two arguments and checking its stdout exactly.
# Usage: bench/trivial_suite.sh SUITE_DIR SUBMISSION_DIR [N]
# (the reference goes to SUITE_DIR/reference, the submission's copy of the
# same program to SUBMISSION_DIR).
set -euo pipefail
suite=$1 submission=$2 count=${3:-300}
bench=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$suite/reference" "$submission"
cp "$bench/echo_args.c" "$suite/reference/"
cp "$bench/echo_args.c" "$submission/"
{
  echo "suite: trivial"
  echo "programs: [echo_args]"
  echo "tests:"
  for i in $(seq 1 "$count"); do
    echo "  - name: echo $i"
    echo "    steps: [{run: echo_args hello world, stdout: \"hello world\\n\"}]"
  done
} >"$suite/suite.yaml"
