#!/usr/bin/env bash
# CTest: the runner's own signals, end to end (decisions.md 11).
#
# A run of runner/tests/signals/ (one test that ends at once, two that
# create IPC objects and a daemon, announce themselves by a file and wait
# forever, one that never starts) is interrupted once its holders are ready:
#   - SIGINT, without a box (--isolation none): exit 130, a report that
#     holds the finished test, nothing of the run left;
#   - SIGKILL without a box: the program the runner started dies with it
#     (what it forked itself is out of reach without a box);
#   - SIGINT in boxes with -j 2, SIGTERM in a box with -j 1: exit 130 and
#     143, the report, and nothing of the run left: no process (the
#     programs, the daemon, the box server, shims and inits), no cgroup, no
#     mount, no IPC object, no work directory;
#   - SIGKILL in boxes: within a deadline no process of the run is left (the
#     kernel tears the boxes down). Only empty cgroups under
#     ipcgrade-<pid> stay, by design, and the next runner that makes a
#     cgroup removes them.
# Every process of a run is known by a marker: the runner is a copy of
# ipcgrade inside this test's own work directory, the runner's TMPDIR (its
# work directory, builds included) is there too, and every program has the
# directory in its arguments. Exit 77 (skipped) when this is not root (the
# host side then cannot tell a setsid() daemon of the run from the user's
# own processes, a known limit) and after the cases without a box where no
# box can be made.
set -euo pipefail
source_binary=$1
if [[ $(id -u) -ne 0 ]]; then
  echo "skipped: not root (the runner's programs would run as this user)"
  exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
# Not under /tmp: a box has its own /tmp, and the ready files must be seen
# from outside.
work=$(mktemp -d /var/tmp/ipcgrade-runner-signals.XXXXXX)
chmod 0755 "$work"
tag=$(basename "$work")
key=$((0x5100000 + RANDOM * 8))  # two keys: ${key}1 and ${key}2, in decimal
mkdir -p "$work/bin" "$work/suite/reference" "$work/ready" "$work/tmp"
chmod 1777 "$work/ready"
cp "$source_binary" "$work/bin/ipcgrade"
ipcgrade=$work/bin/ipcgrade
cp "$here/signals/reference/announce_forever.c" "$work/suite/reference/"
sed -e "s|@READY@|$work/ready|" -e "s|@TAG@|$tag|" -e "s|@KEY@|$key|" \
  "$here/signals/suite.yaml.in" >"$work/suite/suite.yaml"
# The same program, built here, checks the host for the objects.
cc -o "$work/check" "$here/signals/reference/announce_forever.c"

cleanup() {
  # Whatever a failed case left: end it, so that the next test starts clean.
  local pid
  for pid in $(run_processes | cut -d' ' -f1); do kill -KILL "$pid" 2>/dev/null || true; done
  "$work/check" remove "$tag-first" "${key}1" || true
  "$work/check" remove "$tag-second" "${key}2" || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  exit 1
}

# Every process whose executable or arguments name the work directory:
# "PID COMMAND LINE", one a line.
run_processes() {
  local dir pid exe cmd
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    exe=$(readlink "$dir/exe" 2>/dev/null) || exe=
    cmd=$({ tr '\0' ' ' <"$dir/cmdline"; } 2>/dev/null) || cmd=
    if [[ $exe == "$work"/* || $cmd == *"$work"/* ]]; then echo "$pid $cmd"; fi
  done
}

# Polls a condition (a command) every 20 ms until it holds or SECONDS pass.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.02  # a poll of the condition, bounded by the deadline
  done
}

holders_ready() {
  local name
  for name in "$@"; do [[ -s $work/ready/$name ]] || return 1; done
}
no_run_process() { [[ -z $(run_processes) ]]; }

cgroup_dirs_of() {
  local controller
  for controller in pids memory freezer; do
    [[ -d /sys/fs/cgroup/$controller/ipcgrade-$1 ]] && echo "/sys/fs/cgroup/$controller/ipcgrade-$1"
  done
  return 0
}

# Nothing of the run with runner pid $1 is left on the host.
check_nothing_left() {
  local runner=$1 what=$2 left
  # The box server and each box's init end when they read EOF on their
  # socket, which the runner's exit closes: a moment after it, not before.
  wait_for 10 no_run_process ||
    fail "$what: 10 s after the runner's exit, processes of the run are still there:"$'\n'"$(run_processes)"
  left=$(cgroup_dirs_of "$runner")
  [[ -z $left ]] || fail "$what: cgroups of the run are still there: $left"
  if grep -F "$work" /proc/self/mountinfo; then fail "$what: mounts of the run are still there"; fi
  "$work/check" check "$tag-first" "${key}1" || fail "$what: IPC objects of the run are left"
  "$work/check" check "$tag-second" "${key}2" || fail "$what: IPC objects of the run are left"
  left=$(find "$work/tmp" -mindepth 1 -maxdepth 1)
  [[ -z $left ]] || fail "$what: the runner's work directory is left: $left"
}

# Proves that the checks can see what they look for: while the holders wait,
# each holder, its child and the daemon are found by the marker, and so are
# the box server's processes in a box and the run's cgroups where cgroup v1
# is writable (this machine and CI; the cgroup checks look at v1 only).
seen_while_running() {
  local name=$1 holders=$2 seen count
  seen=$(run_processes)
  count=$(grep -c "announce_forever hold" <<<"$seen" || true)
  ((count == 3 * $(wc -w <<<"$holders"))) ||
    fail "$name: the marker finds $count holder processes, not 3 per holder:"$'\n'"$seen"
  if [[ $name == box-* ]] && ! grep -q "__box-init" <<<"$seen"; then
    fail "$name: the marker finds no box server:"$'\n'"$seen"
  fi
  if [[ -w /sys/fs/cgroup/pids && -z $(cgroup_dirs_of "$runner") ]]; then
    fail "$name: no cgroup ipcgrade-$runner was made"
  fi
}

# Starts a run in the background: sets $runner (its pid).
start_run() {
  local name=$1
  shift
  rm -f "$work"/ready/*
  TMPDIR=$work/tmp "$ipcgrade" run "$work/suite" --reference --json "$work/$name.json" "$@" \
    >"$work/$name.out" 2>&1 &
  runner=$!
}

# Waits for the holders, interrupts, and checks the status and the report.
interrupt_run() {
  local name=$1 signal=$2 expected=$3 holders=$4
  shift 4
  start_run "$name" "$@"
  if ! wait_for 120 holders_ready $holders; then
    kill -KILL "$runner" 2>/dev/null || true
    cat "$work/$name.out"
    fail "$name: the holders did not announce themselves within 120 s"
  fi
  seen_while_running "$name" "$holders"
  kill "-$signal" "$runner"
  local status=0
  wait "$runner" || status=$?
  if [[ $status -ne $expected ]]; then
    cat "$work/$name.out"
    fail "$name: SIG$signal gave exit status $status, not $expected"
  fi
  jq -e . "$work/$name.json" >/dev/null || fail "$name: the report does not parse"
  local statuses
  statuses=$(jq -r '[.suites[0].tests[] | "\(.name)=\(.status)"] | join(", ")' "$work/$name.json")
  [[ $statuses == "finishes=pass, holds first=skipped, holds second=skipped, never runs=skipped" ]] ||
    fail "$name: the report says: $statuses"
  check_nothing_left "$runner" "$name"
  echo "ok: $name: SIG$signal gave $status, a report ($statuses) and nothing left"
}

interrupt_run no-box INT 130 "first" --isolation none

# SIGKILL without a box: the program the runner started dies with it (its
# parent-death signal). What that program forked itself, a child and a
# daemon here, and its IPC objects are out of reach without a box: they
# are reported, then ended here.
start_run no-box-sigkill --isolation none
wait_for 120 holders_ready first || fail "no-box-sigkill: the holder did not announce itself"
seen_while_running no-box-sigkill first
holder=$(<"$work/ready/first")
kill -KILL "$runner"
wait "$runner" 2>/dev/null || true
holder_gone() { ! grep -q "^$holder " <<<"$(run_processes)"; }
wait_for 10 holder_gone ||
  fail "no-box-sigkill: the program was still running 10 s after the runner got SIGKILL"
echo "ok: no-box-sigkill: the program the runner started died with it"
left=$(run_processes)
echo "left after SIGKILL without a box, as expected: $(wc -l <<<"$left") processes the program" \
  "forked itself, and its IPC objects"
for pid in $(cut -d' ' -f1 <<<"$left"); do kill -KILL "$pid" 2>/dev/null || true; done
wait_for 10 no_run_process || fail "no-box-sigkill: its processes did not die"
"$work/check" remove "$tag-first" "${key}1"
rm -rf "${work:?}"/tmp/*

start_run probe --filter '^finishes$'
wait "$runner" || fail "the probe run failed: $(cat "$work/probe.out")"
isolation=$(jq -r .isolation "$work/probe.json")
if [[ $isolation != box ]]; then
  echo "skipped: isolation is '$isolation' here"
  exit 77
fi

interrupt_run box-sigint INT 130 "first second" -j 2
interrupt_run box-sigterm TERM 143 "first" -j 1

# SIGKILL: nothing can clean up but the kernel.
start_run box-sigkill -j 2
wait_for 120 holders_ready first second || fail "box-sigkill: the holders did not announce themselves"
killed=$runner
seen_while_running box-sigkill "first second"
kill -KILL "$killed"
wait "$killed" 2>/dev/null || true
if ! wait_for 10 no_run_process; then
  fail "box-sigkill: 10 s after SIGKILL, processes of the run are still there:"$'\n'"$(run_processes)"
fi
if grep -F "$work" /proc/self/mountinfo; then fail "box-sigkill: mounts of the run are still there"; fi
"$work/check" check "$tag-first" "${key}1" || fail "box-sigkill: IPC objects of the run are left"
"$work/check" check "$tag-second" "${key}2" || fail "box-sigkill: IPC objects of the run are left"
echo "ok: box-sigkill: no process, mount or IPC object of the run is left"
# Left by design: the runner's work directory and its cgroups, which hold
# no process; the next runner that makes a cgroup removes the cgroups.
for dir in $(cgroup_dirs_of "$killed"); do
  procs=$(find "$dir" -name cgroup.procs -exec cat {} +)
  [[ -z $procs ]] || fail "box-sigkill: $dir still holds processes: $procs"
done
echo "left by design after SIGKILL: $(cgroup_dirs_of "$killed" | wc -l) empty cgroup folders," \
  "$(find "$work/tmp" -mindepth 1 -maxdepth 1 | wc -l) work directory"
start_run next --filter '^finishes$'
wait "$runner" || fail "the next run failed: $(cat "$work/next.out")"
left=$(cgroup_dirs_of "$killed")
[[ -z $left ]] || fail "the next runner did not remove the killed runner's cgroups: $left"
echo "ok: the next runner removed the killed runner's cgroups"
