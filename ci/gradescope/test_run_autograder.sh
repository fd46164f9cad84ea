#!/usr/bin/env bash
# CTest: packs the Gradescope zip for pipe-relay, unpacks it into a fake
# /autograder, and runs run_autograder the way Gradescope does (as root, cwd
# /autograder) in a bubblewrap sandbox whose /usr has no Boost, yaml-cpp, RE2,
# pugixml or fmt, and with the repository hidden (decisions.md 9). A buggy
# fixture submission must get the right score and per-test statuses. Then a
# crashing ipcgrade must still leave a valid results.json.
#
#   test_run_autograder.sh IPCGRADE STATIC_BUILD_DIR
#
# IPCGRADE is the ordinary build, asked whether --gradescope exists yet; the
# static one is built (incrementally) in STATIC_BUILD_DIR. Exit 77 = skipped.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
ipcgrade=$1
static_build=$2

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAILED: $*" >&2; exit 1; }

for tool in bwrap jq zip unzip; do
  command -v "$tool" >/dev/null || skip "$tool is missing (ci/setup.sh --dev installs it)"
done
"$ipcgrade" run --help 2>&1 | grep -q -- '--gradescope' \
  || skip "ipcgrade run has no --gradescope option yet"
[[ $(id -u) -eq 0 ]] || skip "Gradescope runs run_autograder as root; this test must too"
bwrap --ro-bind / / --dev /dev --proc /proc true 2>/dev/null \
  || skip "bubblewrap cannot make a sandbox on this machine"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$repo/ci/gradescope/pack.sh" -o "$tmp/autograder.zip" --build-dir "$static_build" pipe-relay

# Gradescope's layout: the zip in source/, run_autograder copied beside it,
# the submission (here a folder the student uploaded) in submission/.
root="$tmp/autograder"
mkdir -p "$root/source" "$root/submission" "$root/results"
unzip -q "$tmp/autograder.zip" -d "$root/source"
for f in setup.sh run_autograder ipcgrade suites/pipe-relay/suite.yaml \
         reference/pipe-relay/pipe_relay.c reference/common/nodump.c; do
  [[ -f "$root/source/$f" ]] || fail "the zip has no $f"
done
cp "$root/source/run_autograder" "$root/run_autograder"
cp -r "$repo/fixtures/pipe-relay/fgets-fputs" "$root/submission/"

# The host's root, entry by entry on bwrap's own tmpfs root, so that
# /autograder can be made there.
root_binds=()
for path in /*; do
  case ${path#/} in
    dev|proc|tmp|autograder) ;;
    *) if [[ -L $path ]]; then
         root_binds+=(--symlink "$(readlink "$path")" "$path")
       else
         root_binds+=(--ro-bind "$path" "$path")
       fi ;;
  esac
done
# /usr/lib without the libraries a dynamic ipcgrade would need: an empty
# tmpfs with every other entry bound back in.
libdir=/usr/lib/x86_64-linux-gnu
hidden='^lib(boost_|yaml-cpp|re2|pugixml|fmt)'
lib_binds=(--tmpfs "$libdir")
shopt -s dotglob
for path in "$libdir"/*; do
  [[ ${path##*/} =~ $hidden ]] || lib_binds+=(--ro-bind "$path" "$path")
done

sandbox=(bwrap "${root_binds[@]}" "${lib_binds[@]}"
  --tmpfs /usr/include/boost --tmpfs /usr/include/yaml-cpp
  --tmpfs "$repo" --bind "$root" /autograder
  --dev /dev --proc /proc --tmpfs /tmp
  --unshare-pid --unshare-ipc --die-with-parent --cap-add ALL
  --unsetenv AUTOGRADER_ROOT --setenv PATH /usr/sbin:/usr/bin:/sbin:/bin
  --chdir /autograder)

left=$("${sandbox[@]}" sh -c "ls -A $libdir | grep -E '$hidden'; find /usr/include/boost $repo -mindepth 1" || true)
[[ -z "$left" ]] || fail "the sandbox still has: $left"

status=0
"${sandbox[@]}" /autograder/run_autograder >"$tmp/stdout" 2>&1 || status=$?
[[ $status -eq 0 ]] || { cat "$tmp/stdout"; fail "run_autograder exited $status"; }

results="$root/results/results.json"
check() {  # check DESCRIPTION JQ-FILTER [jq args...]: the filter must be true
  local what=$1 filter=$2
  shift 2
  jq -e "$@" "$filter" "$results" >/dev/null || {
    cat "$tmp/stdout"
    jq . "$results" || cat "$results"
    fail "results.json: $what"
  }
}
check "is a JSON object" 'type == "object"'
check "score 3 (of 8)" '.score == 3'
check "execution_time is a number" '.execution_time | type == "number"'
check "4 tests" '.tests | length == 4'
check "every test visible, with a score, max_score and status" \
  'all(.tests[]; .visibility == "visible" and (.score | type == "number")
       and (.max_score | type == "number") and (.status | IN("passed", "failed")))'
# name, status, score, max_score: fgets/fputs drops bytes after a NUL.
while IFS='|' read -r name status score max; do
  # shellcheck disable=SC2016  # $n, $s, ... are jq's variables
  check "'$name' $status $score/$max" \
    '[.tests[] | select(.name | contains($n))] | length == 1 and .[0].status == $s
     and .[0].score == ($sc | tonumber) and .[0].max_score == ($m | tonumber)' \
    --arg n "$name" --arg s "$status" --arg sc "$score" --arg m "$max"
done <<'EXPECTED'
empty input gives empty output|passed|1|1
relays a few text lines unchanged|passed|2|2
relays binary input including NUL bytes|failed|0|2
relays 32 MiB byte for byte|failed|0|3
EXPECTED
check "failed tests explain themselves" \
  'all(.tests[] | select(.status == "failed"); (.output | length) > 0)'

# A crashing ipcgrade (outside the sandbox: AUTOGRADER_ROOT instead of
# /autograder) leaves half a file; run_autograder must replace it.
cat >"$root/source/ipcgrade" <<'STUB'
#!/bin/sh
printf '{"score": ' >"$AUTOGRADER_ROOT/results/results.json"
ulimit -c 0
kill -SEGV $$
STUB
status=0
AUTOGRADER_ROOT="$root" "$root/run_autograder" >"$tmp/stdout" 2>&1 || status=$?
[[ $status -eq 0 ]] || { cat "$tmp/stdout"; fail "run_autograder exited $status after a crash"; }
check "after a crash: score 0, no tests" '.score == 0 and .tests == []'
check "after a crash: the exit status of the killed ipcgrade" \
  '.extra_data.ipcgrade_exit_status == 139'
check "after a crash: says it is not a verdict" \
  '.output | contains("could not finish grading")'
echo "run_autograder: results.json correct in the sandbox and after a crash"
