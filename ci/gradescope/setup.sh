#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (Ubuntu). ipcgrade itself is a static binary in the zip (decisions.md 9),
# so the image only needs what students' programs need: a C compiler, make
# and the C library's headers (build-essential).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential

# zip files may lose the executable bit on the way; set it again.
source_dir="$(cd "$(dirname "$0")" && pwd)"
chmod 0755 "$source_dir/ipcgrade" "$source_dir/run_autograder"
