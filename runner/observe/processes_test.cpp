#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "observe/observe_test_support.h"
#include "observe/processes.h"

namespace ipcgrade::observe {
namespace {

using testing::Cleanup;

bool lists(const std::vector<ProcessInfo>& processes, pid_t pid) {
  return std::any_of(processes.begin(), processes.end(),
                     [pid](const ProcessInfo& p) { return p.pid == pid; });
}

// Starts `sleep 100` in a session of its own and returns once the exec has
// completed: a stop signal is acted on only on the way back to user space,
// so the child is seen stopped only after execve() has returned.
pid_t start_sleep_in_own_session() {
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    ::execl("/bin/sleep", "sleep", "100", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(ready[1]);
  char byte;
  while (::read(ready[0], &byte, 1) < 0 && errno == EINTR) {
  }
  ::close(ready[0]);  // end of file: the exec is under way
  if (pid < 0) return -1;
  siginfo_t info{};
  // WEXITED too, so that a failed exec cannot leave us waiting forever.
  if (::kill(pid, SIGSTOP) != 0 ||
      ::waitid(P_PID, pid, &info, WSTOPPED | WEXITED | WNOWAIT) != 0 ||
      info.si_code != CLD_STOPPED) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return -1;
  }
  ::kill(pid, SIGCONT);
  return pid;
}

TEST_CASE("a /proc/PID/stat line, with a name holding ') '", "[observe]") {
  const auto info = parse_proc_stat(
      "4242 (a) b) c) S 1 4240 4200 34816 4242 4194560 120 0 0 0 1 2 0 0 20 0 1 0 987654 "
      "2449408 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0");
  REQUIRE(info);
  CHECK(info->pid == 4242);
  CHECK(info->comm == "a) b) c");
  CHECK(info->state == 'S');
  CHECK(info->ppid == 1);
  CHECK(info->pgid == 4240);
  CHECK(info->sid == 4200);
  CHECK(info->start_ticks == 987654);
  CHECK_FALSE(parse_proc_stat("garbage"));
  CHECK_FALSE(parse_proc_stat("12 (x)"));
}

TEST_CASE("the runner's own process as /proc shows it", "[observe]") {
  const auto self = read_process(::getpid());
  REQUIRE(self);
  CHECK(self->ppid == ::getppid());
  CHECK(self->sid == ::getsid(0));
  CHECK(self->pgid == ::getpgrp());
  CHECK(self->uid == ::getuid());
  REQUIRE_FALSE(self->argv.empty());
  CHECK(self->argv[0].find("ipcgrade_tests") != std::string::npos);
  CHECK(self->state == 'R');
  CHECK_FALSE(read_process(-5));
}

TEST_CASE("a process still running in its session and group", "[observe]") {
  const pid_t pid = start_sleep_in_own_session();
  REQUIRE(pid > 0);
  Cleanup stop([pid] {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  });
  const auto session = processes_in_session(pid);
  REQUIRE(session.size() == 1);
  const ProcessInfo& sleeper = session[0];
  CHECK(sleeper.pid == pid);
  CHECK(sleeper.ppid == ::getpid());
  CHECK(sleeper.pgid == pid);
  CHECK(sleeper.argv == std::vector<std::string>{"sleep", "100"});
  CHECK(sleeper.comm == "sleep");
  CHECK_FALSE(sleeper.zombie());
  CHECK(sleeper.leak_kind() == spec::LeakKind::process);
  CHECK(process_message(sleeper, "msgq_receiver") ==
        "process 'sleep 100' (started by msgq_receiver) was still running after the test (it "
        "was killed) — every process a program starts must end, and be waited for, before the "
        "program exits");
  CHECK(process_message(sleeper, "") ==
        "process 'sleep 100' was still running after the test (it was killed) — every process "
        "a program starts must end, and be waited for, before the program exits");

  CHECK(processes_in_group(pid).size() == 1);
  const auto mine = processes_of(::getuid());
  CHECK(lists(mine, pid));
  CHECK(std::all_of(mine.begin(), mine.end(),
                    [](const ProcessInfo& p) { return p.uid == ::getuid(); }));
  CHECK_FALSE(lists(processes_in_session(::getsid(0)), pid));
}

TEST_CASE("an unreaped child is a zombie named by its comm", "[observe]") {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_NAME, "worker");
    ::_exit(0);
  }
  REQUIRE(pid > 0);
  Cleanup reap([pid] { ::waitpid(pid, nullptr, 0); });
  siginfo_t info{};
  // WNOWAIT waits for the exit but leaves the child a zombie.
  REQUIRE(::waitid(P_PID, pid, &info, WEXITED | WNOWAIT) == 0);

  const auto zombie = read_process(pid);
  REQUIRE(zombie);
  CHECK(zombie->zombie());
  CHECK(zombie->leak_kind() == spec::LeakKind::zombie);
  CHECK(zombie->argv.empty());
  CHECK(zombie->command() == "worker");
  CHECK(process_message(*zombie, "msgq_receiver") ==
        "zombie process 'worker' (started by msgq_receiver) was never reaped — its parent must "
        "wait() or waitpid() for it");
}

TEST_CASE("a long command line is cut in messages", "[observe]") {
  ProcessInfo process;
  process.state = 'S';
  process.argv = {"writer", std::string(200, 'x')};
  const std::string command = process.command();
  CHECK(command.size() == 123);
  CHECK(command.substr(0, 10) == "writer xxx");
  CHECK(command.substr(120) == "...");
}

}  // namespace
}  // namespace ipcgrade::observe
