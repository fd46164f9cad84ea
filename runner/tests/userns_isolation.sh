#!/usr/bin/env bash
# CTest (issue 4, decisions.md 1): a runner that is not root still gets a
# box per test, through a user namespace of its own. Run by root, this
# drops to uid/gid 65534 (setpriv) and runs the parallel-isolation check
# as that user: two tests that both hold System V key 1234, POSIX shm /OS
# and TCP port 8080 pass with -j 2, each in its box, and fail with -j 1;
# then a test's forks stop at its processes limit and a reference binary
# can be neither read nor chmodded by a program (runner/tests/userns/), and
# a fork bomb ends as `limit`.
# Exit 77 (skipped) when not run as root, or where this kernel does not
# let an unprivileged user make a user namespace; there, a runner that is
# not root has no box, by design.
set -euo pipefail
ipcgrade=$1
here=$(cd "$(dirname "$0")" && pwd)
user=65534
drop=(setpriv --reuid=$user --regid=$user --clear-groups --inh-caps=-all --reset-env)
if [[ $(id -u) != 0 ]]; then
  echo "skipped: run as root, which drops to uid $user for the check"
  exit 77
fi
if ! "${drop[@]}" unshare --user --map-current-user true 2>/dev/null; then
  echo "skipped: an unprivileged user cannot make a user namespace on this kernel"
  exit 77
fi
# The user namespace can be made: from here on, a runner without a box fails.
status=0
"${drop[@]}" bash "$here/parallel_isolation.sh" "$ipcgrade" || status=$?
if [[ $status == 77 ]]; then
  echo "FAIL: uid $user can make a user namespace, yet its runner made no box"
  exit 1
fi
[[ $status == 0 ]] || exit $status

# The processes limit: without a slot uid or a cgroup, RLIMIT_NPROC holds
# it, counted apart in the box's user namespace, so that the user's own
# session keeps forking (decisions.md 1). A runner that did not set it
# lets all 200 forks through. The reference's binaries belong to the user
# the programs run as: execute-only for the owner too, on a read-only
# mount so that no chmod can undo that.
work=$(mktemp -d /var/tmp/ipcgrade-userns.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$here/userns" "$work/suite"
chmod -R a+rwX "$work"
if ! "${drop[@]}" "$ipcgrade" run "$work/suite" --reference -q --json "$work/report.json" \
    >"$work/out" 2>&1; then
  echo "FAIL: as uid $user, a test's forks were not held at its processes limit, or a program"
  echo "      could read or chmod a reference binary:"
  cat "$work/out"
  exit 1
fi
echo "ok: as uid $user, the processes limit held (RLIMIT_NPROC in the box's user namespace),"
echo "    and the reference's binaries could be neither read nor made readable"

# A fork bomb held there ends as `limit`, not as a timeout (decisions.md
# 3): the processes of the box's user namespace are counted when it is
# stopped.
root=$(cd "$here/../.." && pwd)
cp -r "$root/suites/pipe-relay" "$work/pipe-relay"
cp -r "$root/fixtures/hostile/fork-bomb" "$work/fork-bomb"
chmod -R a+rwX "$work"
if ! "${drop[@]}" env TMPDIR="$work" "$ipcgrade" selftest "$work/pipe-relay" \
    --fixture "$work/fork-bomb" >"$work/out" 2>&1; then
  echo "FAIL: as uid $user, the fork bomb did not end as a processes limit:"
  cat "$work/out"
  exit 1
fi
echo "ok: as uid $user, the fork bomb ended as a processes limit"
