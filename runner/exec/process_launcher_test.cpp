// The real launcher against tiny helper programs (runner/tests/test_helpers),
// one behaviour each.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#define CATCH_CONFIG_EXTERNAL_INTERFACES  // for the listener below
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include "exec/launcher_test_support.h"
#include "exec/scenario.h"

namespace ipcgrade::exec {
namespace {

using namespace std::chrono_literals;
using namespace launcher_test;

// The runner ignores SIGPIPE (main() does it in production); a stdin write
// to a program that exited must be an error code, not the runner's death.
struct IgnoreSigpipe : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testRunStarting(const Catch::TestRunInfo&) override { ::signal(SIGPIPE, SIG_IGN); }
};
CATCH_REGISTER_LISTENER(IgnoreSigpipe)

}  // namespace

TEST_CASE("a program's exit code comes back", "[launcher]") {
  for (int code : {0, 3}) {
    Run run(request_for("exit_with", {std::to_string(code)}));
    REQUIRE(run.child);
    const ExitInfo& info = run.finished();
    CHECK(info.exited_normally());
    CHECK(info.exit_code() == code);
    CHECK(info.term_signal() == 0);
    CHECK_FALSE(info.group_survivors);
    CHECK_FALSE(info.pipes_held);
    CHECK(info.exited >= info.started);
  }
  CHECK(no_children_left());
}

TEST_CASE("death by a signal is a signal, not an exit code", "[launcher]") {
  Run run(request_for("crash_segv"));
  const ExitInfo& info = run.finished();
  CHECK_FALSE(info.exited_normally());
  CHECK(info.term_signal() == SIGSEGV);
}

TEST_CASE("argv, the whole environment and the directory are passed exactly", "[launcher]") {
  SECTION("argv, argv[0] included") {
    auto request = request_for("echo_args", {"", "two words", "tab\there"});
    request.argv[0] = "shown-name";
    Run run(request);
    run.finished();
    CHECK(run.recorder.out == "[shown-name]\n[]\n[two words]\n[tab\there]\n");
  }
  SECTION("the environment is the request's, nothing of the runner's") {
    auto request = request_for("print_env");
    request.env = {"A=1", "B=two words", "EMPTY="};
    Run run(request);
    run.finished();
    CHECK(run.recorder.out == "A=1\nB=two words\nEMPTY=\n");
  }
  SECTION("the working directory") {
    auto request = request_for("print_cwd");
    request.cwd = IPCGRADE_TEST_HELPERS;
    Run run(request);
    run.finished();
    CHECK(run.recorder.out == std::filesystem::canonical(IPCGRADE_TEST_HELPERS).string() + "\n");
  }
  SECTION("stdout and stderr arrive apart") {
    Run run(request_for("write_both"));
    run.finished();
    CHECK(run.recorder.out == "to stdout\n");
    CHECK(run.recorder.err == "to stderr\n");
  }
}

TEST_CASE("a program leads its own group, with clean signals and no stray fds", "[launcher]") {
  SECTION("own process group") {
    Run run(request_for("print_pgid"));
    run.finished();
    CHECK(run.recorder.out == "leader\n");
  }
  SECTION("only stdin, stdout and stderr are open") {
    Run run(request_for("list_fds"));
    run.finished();
    CHECK(run.recorder.out == "0 1 2\n");
  }
  SECTION("the runner's blocked and ignored signals are not inherited") {
    sigset_t usr1, old_mask;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    ::sigprocmask(SIG_BLOCK, &usr1, &old_mask);
    auto old_int = ::signal(SIGINT, SIG_IGN);
    Run run(request_for("print_sigstate"));
    ::signal(SIGINT, old_int);
    ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    run.finished();
    CHECK(run.recorder.out == "blocked:\nignored:\n");
  }
}

TEST_CASE("rlimits are applied and CPU time is reported", "[launcher]") {
  SECTION("limits") {
    auto request = request_for("print_rlimits");
    request.limits.open_files = 10;
    request.limits.cpu_seconds = 5;
    request.limits.file_size = 1 << 20;
    request.limits.address_space = 1ull << 30;
    request.limits.processes = 7;  // ignored: no uid is given
    Run run(request);
    run.finished();
    rlimit nproc{};
    ::getrlimit(RLIMIT_NPROC, &nproc);
    auto shown = [](rlim_t value) {
      return value == RLIM_INFINITY ? std::string("inf") : std::to_string(value);
    };
    CHECK(run.recorder.out ==
          "cpu 5 6\nas 1073741824 1073741824\nfsize 1048576 1048576\n"
          "nofile 10 10\nnproc " +
              shown(nproc.rlim_cur) + " " + shown(nproc.rlim_max) + "\ncore 0 0\n");
  }
  SECTION("CPU time of a program that spins 200 ms") {
    Run run(request_for("spin_cpu"));
    const ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK(info.cpu_user + info.cpu_system > 100ms);
  }
}

TEST_CASE("stop is SIGTERM to the group, then SIGKILL after the grace", "[launcher]") {
  SECTION("a program that dies of SIGTERM does not wait for the grace") {
    Run run(request_for("sleep_forever"));
    run.child->stop(5s);
    const ExitInfo& info = run.finished();
    CHECK(info.term_signal() == SIGTERM);
    CHECK(info.exited - info.started < 4s);
  }
  SECTION("a program that ignores SIGTERM is killed after the grace") {
    Run run(request_for("ignore_term"));
    REQUIRE(run.until([&] { return run.recorder.out == "ready\n"; }));
    const auto stopped_at = Clock::now();
    run.child->stop(200ms);
    const ExitInfo& info = run.finished();
    CHECK(info.term_signal() == SIGKILL);
    CHECK(info.exited - stopped_at >= 200ms);
  }
  SECTION("a stopped program is still ended") {
    Run run(request_for("stop_self"));
    siginfo_t stopped{};
    REQUIRE(::waitid(P_PID, run.child->pid(), &stopped, WSTOPPED | WNOWAIT) == 0);
    run.child->stop(100ms);
    const ExitInfo& info = run.finished();
    CHECK((info.term_signal() == SIGTERM || info.term_signal() == SIGKILL));
  }
  CHECK(no_children_left());
}

TEST_CASE("signals reach the process until it is reaped", "[launcher]") {
  Run run(request_for("sleep_forever"));
  CHECK(run.child->send_signal(SIGUSR1, false));
  const ExitInfo& info = run.finished();
  CHECK(info.term_signal() == SIGUSR1);
  CHECK_FALSE(run.child->send_signal(SIGUSR1, false));
  CHECK_FALSE(run.child->send_signal(SIGUSR1, true));
}

TEST_CASE("pending signals are those not yet delivered", "[launcher]") {
  constexpr std::uint64_t usr1 = 1ull << (SIGUSR1 - 1);
  SECTION("a blocked signal stays pending") {
    Run run(request_for("block_usr1"));
    REQUIRE(run.until([&] { return run.recorder.out == "ready\n"; }));
    CHECK(run.child->pending_signals() == 0);
    REQUIRE(run.child->send_signal(SIGUSR1, false));
    CHECK(run.child->pending_signals() == usr1);
    CHECK(run.child->pending_signals() == usr1);  // until it is unblocked
    REQUIRE(run.child->send_signal(SIGUSR2, true));
    CHECK(run.finished().term_signal() == SIGUSR2);
    CHECK(run.child->pending_signals() == 0);
  }
  SECTION("a caught signal leaves the set once its handler ran") {
    Run run(request_for("catch_usr1"));
    REQUIRE(run.until([&] { return run.recorder.out == "ready\n"; }));
    REQUIRE(run.child->send_signal(SIGUSR1, false));
    REQUIRE(run.until([&] { return run.recorder.out == "ready\ncaught\n"; }));
    CHECK(run.child->pending_signals() == 0);
  }
}

TEST_CASE("the end of a program is its exit, not EOF on its pipes", "[launcher]") {
  SECTION("a grandchild holding stdout is killed with the group") {
    Run run(request_for("fork_grandchild"));
    const ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK(info.group_survivors);
    CHECK_FALSE(info.pipes_held);
    CHECK(Clock::now() - info.started < 1s);
  }
  SECTION("a dead, unreaped child is not a survivor") {
    Run run(request_for("fork_unwaited"));
    const ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK_FALSE(info.group_survivors);
  }
  SECTION("a setsid() escapee holding stdout gives pipes_held") {
    Run run(request_for("setsid_escape"));
    const ExitInfo& info = run.finished();
    const pid_t escapee = std::atoi(run.recorder.out.c_str());
    REQUIRE(escapee > 0);
    CHECK(::kill(escapee, SIGKILL) == 0);
    CHECK(info.exit_code() == 0);
    CHECK(info.pipes_held);
    CHECK_FALSE(info.group_survivors);
    CHECK(Clock::now() - info.started < 1s);
  }
}

TEST_CASE("stdin is fed without blocking the runner", "[launcher]") {
  SECTION("1 MiB, more than a pipe holds, comes back byte for byte") {
    std::string data(1 << 20, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 % 251);
    auto request = request_for("cat_stdin");
    request.stdin_pipe = true;
    Run run(request);
    run.child->write_stdin(data);
    CHECK(run.child->stdin_queued() == data.size());
    run.child->close_stdin();
    const ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK(run.recorder.out.size() == data.size());
    CHECK(run.recorder.out == data);
    CHECK(run.recorder.drained == 1);
    CHECK(run.recorder.stdin_errors.empty());
    CHECK(run.child->stdin_queued() == 0);
  }
  SECTION("a program that never reads its stdin") {
    auto request = request_for("exit_with", {"0"});
    request.stdin_pipe = true;
    Run run(request);
    run.child->write_stdin(std::string(1 << 20, 'x'));
    const ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK(run.recorder.drained == 0);
    REQUIRE(run.recorder.stdin_errors.size() <= 1);
    if (!run.recorder.stdin_errors.empty())
      CHECK(run.recorder.stdin_errors[0] == std::errc::broken_pipe);
  }
  SECTION("without a stdin pipe the program reads /dev/null") {
    Run run(request_for("cat_stdin"));
    const ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK(run.recorder.out.empty());
  }
}

TEST_CASE("a flood ends when the observer kills the program", "[launcher]") {
  Run run(request_for("flood_stdout"));
  std::size_t seen = 0;
  run.recorder.on_chunk = [&](std::string_view chunk) {
    seen += chunk.size();
    if (seen >= (1u << 20)) run.child->kill_now();
  };
  const ExitInfo& info = run.finished();
  CHECK(info.term_signal() == SIGKILL);
  CHECK(run.recorder.out.size() >= (1u << 20));
}

TEST_CASE("a program that cannot run gives a message and no zombie", "[launcher]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("launcher_test." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto make_file = [&](const std::string& name, const std::string& text, mode_t mode) {
    const auto path = dir / name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  };
  auto failure_of = [](const std::filesystem::path& exe) {
    LaunchRequest request;
    request.exe = exe;
    request.argv = {exe.filename().string()};
    request.cwd = "/";
    Run run(request);
    CHECK_FALSE(run.child);
    return run.error;
  };
  const std::string missing = (dir / "missing").string();
  CHECK(failure_of(missing) == "cannot run " + missing + ": No such file or directory");
  const auto plain = make_file("plain", "#!/bin/sh\n", 0644);
  CHECK(failure_of(plain) ==
        "cannot run " + plain.string() + ": Permission denied (is it executable?)");
  CHECK(failure_of(dir) == "cannot run " + dir.string() + ": Is a directory");
  // These pass the checks before the fork and fail in the child's execve.
  const auto garbage = make_file("garbage", "not a program\n", 0755);
  CHECK(failure_of(garbage) ==
        "cannot run " + garbage.string() + ": Exec format error (is it a compiled program?)");
  const auto no_interpreter = make_file("no_interpreter", "#!/nonexistent/sh\n", 0755);
  CHECK(failure_of(no_interpreter) ==
        "cannot run " + no_interpreter.string() + ": No such file or directory");
  CHECK(no_children_left());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a Child destroyed while running kills and reaps its program", "[launcher]") {
  Run run(request_for("sleep_forever"));
  const pid_t pid = run.child->pid();
  run.child.reset();
  CHECK(::waitpid(pid, nullptr, WNOHANG) == -1);
  CHECK(errno == ECHILD);
  CHECK(::kill(pid, 0) == -1);
  run.io.poll();  // the cancelled handlers run harmlessly
  CHECK(run.recorder.finished_calls == 0);
}

TEST_CASE("a Child may be destroyed from inside its observer's on_output", "[launcher]") {
  Run run(request_for("flood_stdout"));
  const pid_t pid = run.child->pid();
  run.recorder.on_chunk = [&](std::string_view) { run.child.reset(); };
  REQUIRE(run.until([&] { return !run.child; }));
  const std::size_t seen = run.recorder.out.size();
  run.io.poll();
  CHECK(run.recorder.out.size() == seen);
  CHECK(run.recorder.finished_calls == 0);
  CHECK(::waitpid(pid, nullptr, WNOHANG) == -1);
  CHECK(errno == ECHILD);
}

TEST_CASE("as root, a program runs under the given uid and gid", "[launcher]") {
  if (::geteuid() != 0) {
    WARN("not root: uid switching not tested");
    return;
  }
  SECTION("ids, no groups, no_new_privs") {
    auto request = request_for("print_ids");
    request.uid = 60000;
    request.gid = 60000;
    Run run(request);
    run.finished();
    CHECK(run.recorder.out == "uid 60000 gid 60000 groups 0 no_new_privs 1\n");
  }
  SECTION("RLIMIT_NPROC applies under a uid") {
    auto request = request_for("print_rlimits");
    request.uid = 60000;
    request.gid = 60000;
    request.limits.processes = 7;
    Run run(request);
    run.finished();
    CHECK(run.recorder.out.find("\nnproc 7 7\n") != std::string::npos);
  }
}

TEST_CASE("RLIMIT_NPROC without a uid only where the processes are counted apart",
          "[launcher]") {
  auto request = request_for("print_rlimits");
  request.limits.processes = 7;
  request.limits.processes_apart = true;  // a box's own user namespace
  Run run(request);
  run.finished();
  CHECK(run.recorder.out.find("\nnproc 7 7\n") != std::string::npos);
}

TEST_CASE("the processes limit is an rlimit only where it counts the test's processes alone",
          "[launcher]") {
  const spec::Limits none;
  CHECK(effective_limits(none, false).rlimits.processes == 0);  // the runner's own uid
  CHECK(effective_limits(none, true).rlimits.processes == 64);  // a slot uid
  CHECK_FALSE(effective_limits(none, true).rlimits.processes_apart);
  const EffectiveLimits apart = effective_limits(none, false, false, false, true);
  CHECK(apart.rlimits.processes == 64);
  CHECK(apart.rlimits.processes_apart);
  CHECK(effective_limits(none, false, false, true, true).rlimits.processes == 0);  // a pids cgroup
}

}  // namespace ipcgrade::exec
