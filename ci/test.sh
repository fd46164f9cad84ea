#!/usr/bin/env bash
# Builds ipcgrade and runs every test: the unit tests and, for every bundled
# suite, the proof that its reference passes and each fixture fails exactly
# the tests it declares. The README's second command; .ci/run runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

ci/setup.sh --dev   # with the browser and sandbox tools of the page and Gradescope tests
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
