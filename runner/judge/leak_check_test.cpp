#include "judge/leak_check.h"

#include <catch2/catch.hpp>

namespace ipcgrade {
namespace {

using spec::LeakKind;
using spec::LeakPolicy;

observe::IpcObject sysv_queue() {
  observe::IpcObject o;
  o.kind = LeakKind::sysv_msg;
  o.name = "1234";
  o.key = 1234;
  o.id = 3;
  o.last_user = 101;
  o.messages = 2;
  return o;
}

observe::IpcObject posix_shm() {
  observe::IpcObject o;
  o.kind = LeakKind::posix_shm;
  o.name = "/OS";
  o.path = "/dev/shm/OS";
  o.bytes = 4096;
  return o;
}

observe::ProcessInfo daemon_process() {
  observe::ProcessInfo p;
  p.pid = 300;
  p.ppid = 1;
  p.pgid = 300;
  p.sid = 300;
  p.state = 'S';
  p.comm = "sleep";
  p.argv = {"sleep", "100"};
  return p;
}

LeakJudgement student_test() {
  LeakJudgement how;
  how.student_ran = true;
  how.launched = {{101, {"sender", "msgq_sender"}}, {102, {"receiver", "msgq_receiver"}}};
  return how;
}

std::vector<std::string> kinds(const std::vector<Failure>& failures) {
  std::vector<std::string> out;
  for (const auto& f : failures) out.emplace_back(to_string(f.kind));
  return out;
}

TEST_CASE("leftover objects are leaks and processes orphans, messages verbatim", "[leaks]") {
  LeftoverFindings left;
  left.objects = {sysv_queue(), posix_shm()};
  auto daemon = daemon_process();
  daemon.ppid = 102;  // its parent, the receiver, was still there to see
  left.processes = {daemon};
  const auto failures = check_leftovers(left, student_test());
  REQUIRE(failures.size() == 3);
  CHECK(failures[0].kind == FailureKind::leak);
  CHECK(failures[0].process == "");
  CHECK(failures[0].message ==
        "System V message queue key 1234 (id 3, last message sent by msgq_sender, pid 101) still "
        "holds 2 messages and was not removed — call msgctl(id, IPC_RMID, NULL)");
  CHECK(failures[1].kind == FailureKind::leak);
  CHECK(failures[1].process == "");
  CHECK(failures[1].message ==
        "POSIX shared memory \"/OS\" (4096 bytes) was not removed — call shm_unlink()");
  CHECK(failures[2].kind == FailureKind::orphan);
  CHECK(failures[2].process == "receiver");
  CHECK(failures[2].message ==
        "process 'sleep 100' (started by msgq_receiver) was still running after the test (it "
        "was killed) — every process a program starts must end, and be waited for, before the "
        "program exits");
}

TEST_CASE("a System V segment is reported under the test's process that created it",
          "[leaks]") {
  observe::IpcObject segment;
  segment.kind = LeakKind::sysv_shm;
  segment.name = "0";
  segment.id = 9;
  segment.bytes = 4096;
  segment.creator = 102;
  LeftoverFindings left;
  left.objects = {segment};
  const auto failures = check_leftovers(left, student_test());
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].process == "receiver");
  CHECK(failures[0].message ==
        "System V shared memory segment key 0 (IPC_PRIVATE, id 9, 4096 bytes, created by "
        "msgq_receiver, pid 102) was not removed — call shmctl(id, IPC_RMID, NULL)");
}

TEST_CASE("a daemon whose parent is gone names the program only when the test ran one",
          "[leaks]") {
  LeftoverFindings left;
  left.processes = {daemon_process()};
  auto two = check_leftovers(left, student_test());
  REQUIRE(two.size() == 1);
  CHECK(two[0].process == "");
  CHECK(two[0].message.rfind("process 'sleep 100' was still running after the test", 0) == 0);

  LeakJudgement one = student_test();
  one.launched.erase(101);
  auto single = check_leftovers(left, one);
  REQUIRE(single.size() == 1);
  CHECK(single[0].process == "receiver");
  CHECK(single[0].message.rfind("process 'sleep 100' (started by msgq_receiver)", 0) == 0);
}

TEST_CASE("a zombie is an orphan that says to wait for it", "[leaks]") {
  LeftoverFindings left;
  auto zombie = daemon_process();
  zombie.state = 'Z';
  zombie.argv.clear();
  zombie.ppid = 102;
  left.processes = {zombie};
  const auto failures = check_leftovers(left, student_test());
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].kind == FailureKind::orphan);
  CHECK(failures[0].message ==
        "zombie process 'sleep' (started by msgq_receiver) was never reaped — its parent must "
        "wait() or waitpid() for it");
}

TEST_CASE("a member of a launched program's group is reported where it was killed", "[leaks]") {
  LeftoverFindings left;
  auto member = daemon_process();
  member.pgid = 101;
  left.processes = {member};
  CHECK(check_leftovers(left, student_test()).empty());
}

TEST_CASE("the leaks policy allows all kinds or some", "[leaks]") {
  LeftoverFindings left;
  left.objects = {sysv_queue(), posix_shm()};
  left.processes = {daemon_process()};
  left.cleanup_errors = {"cannot remove /tmp/x: Permission denied"};

  LeakJudgement how = student_test();
  how.policy.mode = LeakPolicy::Mode::allow;
  auto all = check_leftovers(left, how);
  CHECK(kinds(all) == std::vector<std::string>{"internal"});
  CHECK(all[0].message ==
        "the runner could not clean up after the test: cannot remove /tmp/x: Permission denied");

  how.policy.mode = LeakPolicy::Mode::allow_some;
  how.policy.allowed = {LeakKind::process, LeakKind::posix_shm};
  CHECK(kinds(check_leftovers(left, how)) == std::vector<std::string>{"leak", "internal"});

  how.policy.allowed = {LeakKind::zombie};
  CHECK(kinds(check_leftovers(left, how)) ==
        std::vector<std::string>{"leak", "leak", "orphan", "internal"});
  CHECK(leak_allowed(how.policy, LeakKind::zombie));
  CHECK_FALSE(leak_allowed(how.policy, LeakKind::process));
  CHECK_FALSE(leak_allowed(LeakPolicy{}, LeakKind::fifo));
}

TEST_CASE("objects left by a program the runner stopped are not reported; processes are",
          "[leaks]") {
  LeftoverFindings left;
  left.objects = {sysv_queue()};
  left.processes = {daemon_process()};
  LeakJudgement how = student_test();
  how.runner_stopped = true;
  CHECK(kinds(check_leftovers(left, how)) == std::vector<std::string>{"orphan"});
}

TEST_CASE("in a test of reference programs only, leftovers are the reference's", "[leaks]") {
  LeftoverFindings left;
  left.objects = {posix_shm()};
  left.processes = {daemon_process()};
  LeakJudgement how = student_test();
  how.student_ran = false;
  const auto failures = check_leftovers(left, how);
  CHECK(kinds(failures) == std::vector<std::string>{"reference", "reference"});
  CHECK(failures[0].message ==
        "the reference build failed this test: [leak] POSIX shared memory \"/OS\" (4096 bytes) "
        "was not removed — call shm_unlink()");
  CHECK(failures[1].message.rfind(
            "the reference build failed this test: [orphan] process 'sleep 100' was still", 0) ==
        0);
}

}  // namespace
}  // namespace ipcgrade
