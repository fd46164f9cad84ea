#!/usr/bin/env bash
# Packs a Gradescope autograder zip for the chosen suites:
#
#   ci/gradescope/pack.sh [-o ZIP] [--build-dir DIR | --binary FILE] SUITE...
#
# SUITE is a suite's name (pipe-relay) or folder (suites/pipe-relay). It
# builds the statically linked ipcgrade (cmake -DIPCGRADE_STATIC=ON, in
# build-static/ unless --build-dir says otherwise; --binary packs one built
# before), checks the suites with it, and writes ZIP (default autograder.zip)
# holding, at its root:
#   setup.sh  run_autograder  ipcgrade
#   suites/<suite>/     reference/<suite>/     reference/common/
# Gradescope unpacks it into /autograder/source (docs/grading.md).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
zip_out="autograder.zip"
build_dir="$repo/build-static"
binary=""
suites=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -o|--output) zip_out="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "pack: unknown option $1" >&2; exit 2 ;;
    *) suites+=("$(basename "${1%/}")"); shift ;;
  esac
done
if [[ ${#suites[@]} -eq 0 ]]; then
  echo "pack: name at least one suite, e.g. ci/gradescope/pack.sh pipe-relay" >&2
  exit 2
fi
for suite in "${suites[@]}"; do
  if [[ ! -f "$repo/suites/$suite/suite.yaml" ]]; then
    echo "pack: no suite '$suite' (no suites/$suite/suite.yaml)" >&2
    exit 2
  fi
done
command -v zip >/dev/null || { echo "pack: zip is missing (ci/setup.sh --dev installs it)" >&2; exit 1; }

if [[ -z "$binary" ]]; then
  cmake -S "$repo" -B "$build_dir" -DIPCGRADE_STATIC=ON -DBUILD_TESTING=OFF \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build_dir" --target ipcgrade -j"$(nproc)"
  binary="$build_dir/ipcgrade"
fi
# Gradescope's image has no Boost 1.81: a dynamic binary would not start.
[[ -x "$binary" ]] || { echo "pack: no executable $binary" >&2; exit 1; }
if ldd "$binary" >/dev/null 2>&1; then
  echo "pack: $binary is dynamically linked; refusing to pack it" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$repo/ci/gradescope/setup.sh" "$repo/ci/gradescope/run_autograder" "$stage/"
strip -o "$stage/ipcgrade" "$binary"
mkdir -p "$stage/suites" "$stage/reference"
cp -r "$repo/reference/common" "$stage/reference/"
[[ -d "$repo/reference/helpers" ]] && cp -r "$repo/reference/helpers" "$stage/reference/"
for suite in "${suites[@]}"; do
  cp -r "$repo/suites/$suite" "$stage/suites/"
  [[ -d "$repo/reference/$suite" ]] && cp -r "$repo/reference/$suite" "$stage/reference/"
done
chmod 0755 "$stage/setup.sh" "$stage/run_autograder" "$stage/ipcgrade"
"$stage/ipcgrade" validate "$stage/suites"

zip_out="$(realpath -m "$zip_out")"
rm -f "$zip_out"
(cd "$stage" && zip -q -r -X "$zip_out" .)
echo "pack: wrote $zip_out (suites: ${suites[*]})"
