#!/usr/bin/env bash
# The page test (CTest report/html-page): writes the sample run and class
# pages with the test binary, opens each in headless Chromium, and checks
# that a PNG screenshot came out. Without a browser it exits 77, which CTest
# reports as skipped, never passed (decisions.md 6; `ci/setup.sh --dev`
# installs one). The pages and screenshots stay in OUT_DIR to look at.
#
#   html_page_test.sh TESTS_BINARY OUT_DIR
set -euo pipefail

tests_binary=$1
out_dir=$2

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  echo "html-page: no chromium on PATH, so the page test is skipped (ci/setup.sh --dev installs it)"
  exit 77
fi

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
rm -f "$out_dir"/*.html "$out_dir"/*.png
IPCGRADE_PAGE_DIR="$out_dir" "$tests_binary" "[.page]" >/dev/null

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for page in run class; do
  # A fresh profile and no background traffic: the page must render from
  # the file alone. The timeout keeps a hung browser from hanging CTest.
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --screenshot="$out_dir/$page.png" --window-size=1200,900 \
    "file://$out_dir/$page.html" >"$out_dir/$page.log" 2>&1 || {
    echo "html-page: chromium failed on $page.html:"; cat "$out_dir/$page.log"; exit 1; }
  if [[ ! -s "$out_dir/$page.png" ]]; then
    echo "html-page: no screenshot of $page.html"; cat "$out_dir/$page.log"; exit 1
  fi
  magic=$(head -c 8 "$out_dir/$page.png" | od -An -tx1 | tr -d ' \n')
  if [[ "$magic" != 89504e470d0a1a0a ]]; then
    echo "html-page: $page.png is not a PNG"; exit 1
  fi
  echo "html-page: $page.html -> $page.png ($(stat -c %s "$out_dir/$page.png") bytes)"
done
