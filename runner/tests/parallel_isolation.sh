#!/usr/bin/env bash
# CTest: two tests that use System V key 1234, POSIX shared memory "/OS" and
# TCP port 8080 pass only when they run at the same time without
# interfering (runner/tests/parallel/). With -j 2 both pass; with -j 1 the
# first waits for its partner in vain, which proves the check can fail.
# Exit 77 (skipped) where the runner cannot make boxes.
set -euo pipefail
ipcgrade=$1
here=$(cd "$(dirname "$0")" && pwd)
# Not under /tmp (a box has its own /tmp, and the barrier must be shared
# between two boxes), wherever the build directory is.
work=$(mktemp -d /var/tmp/ipcgrade-parallel-isolation.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/suite" "$work/barrier"
chmod 0755 "$work"
chmod 1777 "$work/barrier"
cp -r "$here/parallel/reference" "$work/suite/"
sed "s|@BARRIER@|$work/barrier|" "$here/parallel/suite.yaml.in" >"$work/suite/suite.yaml"

status=0
"$ipcgrade" run "$work/suite" --reference -j 2 -q --json "$work/together.json" || status=$?
isolation=$(jq -r .isolation "$work/together.json")
if [[ $isolation != box ]]; then
  echo "skipped: isolation is '$isolation' here, so tests cannot share names at once"
  exit 77
fi
if [[ $status -ne 0 ]]; then
  echo "FAIL: with -j 2 the two tests interfered or did not run at the same time:"
  jq -r '.suites[].tests[] | "  \(.name): \(.status) \(.failures | map(.message) | join("; "))"' \
    "$work/together.json"
  exit 1
fi
echo "ok: with -j 2 both tests held key 1234, /OS and port 8080 at the same time"

rm -f "$work"/barrier/*
if "$ipcgrade" run "$work/suite" --reference -j 1 -q --json "$work/alone.json" >/dev/null; then
  echo "FAIL: with -j 1 the tests passed, so the check proves nothing"
  exit 1
fi
echo "ok: with -j 1 they fail, as they must"
