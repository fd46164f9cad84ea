#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and grades
# the bundled example submissions (fixtures/<suite>/<name>/) with the bundled
# suites, printing each report.
set -euo pipefail
cd "$(dirname "$0")/.."

ci/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target ipcgrade >/dev/null

for suite in suites/*/; do
  suite=${suite%/}
  for submission in fixtures/"$(basename "$suite")"/*/; do
    [[ -d "$submission" ]] || continue
    echo
    echo "### $(basename "$suite") — example submission ${submission%/}"
    if [[ -f "$submission/expect.yaml" ]]; then
      sed -n 's/^bug: /### what is wrong with it: /p' "$submission/expect.yaml"
    fi
    ./build/ipcgrade run "$suite" --submission "${submission%/}" || true
  done
done
echo
echo "(Each example above is graded on purpose: most are buggy. 'ipcgrade selftest suites' checks"
echo " that every one fails exactly as its expect.yaml says.)"
exit 0
