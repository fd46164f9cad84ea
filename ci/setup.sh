#!/usr/bin/env bash
# Installs what ipcgrade needs on Debian 12, and only what is missing, so it is
# quick when everything is there. Runs apt as root, or through sudo.
#
#   ci/setup.sh           build and runtime dependencies
#   ci/setup.sh --dev     also what the test suite needs (a browser for the page test)
set -euo pipefail

packages=(
  build-essential cmake pkg-config make
  libboost1.81-dev libboost-filesystem1.81-dev   # Boost.Process v2 and Asio
  libyaml-cpp-dev       # suite files
  catch2                # unit tests
  libcli11-dev          # command line
  nlohmann-json3-dev    # JSON reports
  libdtl-dev            # diffs
  libpugixml-dev        # JUnit XML
  libre2-dev            # regexes on student output (never std::regex)
  libssl-dev            # SHA-256 of streamed output
  libfmt-dev            # message formatting (GCC 12 has no <format>)
)
dev_packages=()
if [[ "${1:-}" == "--dev" ]]; then
  dev_packages=(chromium bubblewrap jq zip unzip)  # page test; Gradescope test (ci/gradescope)
fi

missing=()
for p in "${packages[@]}" "${dev_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "setup: these packages are missing and I am not root and have no sudo: ${missing[*]}" >&2
  exit 1
fi

# Debian's default Boost (1.74) dev packages conflict with 1.81's. apt
# replaces them when it installs 1.81; say so first, since other software on
# this machine may build against 1.74.
# dpkg-query fails when no package matches a pattern (a machine without any
# Boost): that is not an error here.
conflicting=$( (dpkg-query -W -f='${Package} ${Status}\n' 'libboost*1.74*-dev' 'libboost-dev' 2>/dev/null || true) \
  | awk '/install ok installed/ {print $1}' | tr '\n' ' ')
if [[ -n "$conflicting" ]]; then
  echo "setup: replacing Boost 1.74 development packages with 1.81 (ipcgrade needs Boost.Process v2):"
  echo "setup:   removing $conflicting"
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
