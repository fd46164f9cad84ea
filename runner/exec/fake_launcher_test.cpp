// The scripted fake launcher that the scenario engine's tests run on:
// scripts run in order, stdin, signals caught or fatal, stop, and launches
// recorded for assertions.
#include "exec/fake_launcher.h"

#include <signal.h>

#include <catch2/catch.hpp>

#include "exec/launcher_test_support.h"

namespace ipcgrade::exec {
namespace {

using namespace launcher_test;

constexpr std::uint64_t bit(int signo) { return 1ull << (signo - 1); }

// One fake launch observed by a Recorder; the program is scripted before
// start().
struct FakeRun {
  boost::asio::io_context io;
  FakeLauncher launcher{io};
  Recorder recorder;
  std::string error;
  std::unique_ptr<Child> child;

  FakeProgram& program() { return launcher.program("prog"); }
  void start(bool stdin_pipe = false, bool tty = false) {
    LaunchRequest request;
    request.exe = "/submission/prog";
    request.argv = {"prog", "arg"};
    request.env = {"A=1"};
    request.cwd = "/scratch";
    request.stdin_pipe = stdin_pipe;
    request.tty = tty;
    child = launcher.launch(request, recorder, error);
    REQUIRE(child);
  }
  bool until(const std::function<bool()>& done) { return run_until(io, done); }
  // Lets every ready handler run: what has not happened now waits for
  // something outside the script.
  void settle() {
    io.restart();
    io.poll();
  }
  const ExitInfo& finished() {
    REQUIRE(until([&] { return recorder.exit.has_value(); }));
    settle();
    CHECK(recorder.finished_calls == 1);
    CHECK_FALSE(recorder.output_after_finish);
    CHECK_FALSE(child->running());
    return *recorder.exit;
  }
  const FakeLaunch& launch() { return launcher.launches().at(0); }
  std::vector<int> signals() {
    std::vector<int> signos;
    for (const FakeSignal& signal : launch().signals) signos.push_back(signal.signo);
    return signos;
  }
};

}  // namespace

TEST_CASE("a fake program runs its script in order", "[fake]") {
  FakeRun run;
  run.program().prints("one\n").errs("oops\n").waits(30ms).prints("two\n").uses_cpu(7ms).exits(3);
  run.start();
  CHECK(run.recorder.out.empty());  // nothing before the event loop runs
  CHECK(run.child->running());
  REQUIRE(run.until([&] { return !run.recorder.out.empty(); }));
  CHECK(run.recorder.out == "one\n");
  CHECK(run.recorder.err == "oops\n");
  const ExitInfo& info = run.finished();
  CHECK(run.recorder.out == "one\ntwo\n");
  CHECK(info.exited_normally());
  CHECK(info.exit_code() == 3);
  CHECK(info.exited - info.started >= 30ms);
  CHECK(info.cpu_user == 7ms);
  CHECK_FALSE(info.group_survivors);
  CHECK_FALSE(run.child->send_signal(SIGTERM, false));
  const FakeLaunch& launch = run.launch();
  CHECK(launch.request.argv == std::vector<std::string>{"prog", "arg"});
  CHECK(launch.request.env == std::vector<std::string>{"A=1"});
  CHECK(launch.request.cwd == "/scratch");
  CHECK(launch.started == info.started);
  REQUIRE(launch.exit);
  CHECK(launch.exit->wait_status == info.wait_status);
  CHECK(launch.signals.empty());
}

TEST_CASE("a fake script that runs out of steps exits 0; dies and leaves_children", "[fake]") {
  SECTION("end of script") {
    FakeRun run;
    run.program().prints("x");
    run.start();
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out == "x");
  }
  SECTION("dies") {
    FakeRun run;
    run.program().dies(SIGSEGV).prints("never");
    run.start();
    CHECK(run.finished().term_signal() == SIGSEGV);
    CHECK(run.recorder.out.empty());
  }
  SECTION("leaves children") {
    FakeRun run;
    run.program().leaves_children();
    run.start();
    CHECK(run.finished().group_survivors);
  }
  SECTION("under tty stderr comes as stdout") {
    FakeRun run;
    run.program().prints("a\n").errs("b\n");
    run.start(false, true);
    run.finished();
    CHECK(run.recorder.out == "a\nb\n");
    CHECK(run.recorder.err.empty());
  }
}

TEST_CASE("a fake program that is not registered fails to launch", "[fake]") {
  FakeRun run;
  run.program();
  LaunchRequest request;
  request.exe = "/submission/missing";
  CHECK_FALSE(run.launcher.launch(request, run.recorder, run.error));
  CHECK(run.error == "cannot run missing: No such file or directory");
  CHECK(run.launcher.launches().empty());
}

TEST_CASE("a fake program reads lines and reads to the end of stdin", "[fake]") {
  SECTION("line by line, then to EOF") {
    FakeRun run;
    run.program().reads_line().prints("line\n").reads_all().prints("eof\n");
    run.start(true);
    run.child->write_stdin("one");
    run.settle();
    CHECK(run.recorder.out.empty());  // no newline yet
    CHECK(run.recorder.drained == 1);
    run.child->write_stdin("\ntwo\n");
    REQUIRE(run.until([&] { return run.recorder.out == "line\n"; }));
    run.settle();
    CHECK(run.recorder.out == "line\n");  // reads_all waits for the close
    run.child->close_stdin();
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out == "line\neof\n");
    CHECK(run.launch().stdin_data == "one\ntwo\n");
    CHECK(run.launch().stdin_closed);
    CHECK(run.child->stdin_queued() == 0);
  }
  SECTION("a partial last line is read at EOF") {
    FakeRun run;
    run.program().reads_line().prints("1\n").reads_line().prints("2\n").hangs();
    run.start(true);
    run.child->write_stdin("tail");
    run.child->close_stdin();
    REQUIRE(run.until([&] { return run.recorder.out == "1\n2\n"; }));
  }
  SECTION("without a stdin pipe stdin is empty and writes go nowhere") {
    FakeRun run;
    run.program().reads_all().prints("eof\n");
    run.start(false);
    run.child->write_stdin("lost");
    run.finished();
    CHECK(run.recorder.out == "eof\n");
    CHECK(run.launch().stdin_data.empty());
    CHECK(run.recorder.drained == 0);
  }
}

TEST_CASE("a fake program consumes the signals it waits for", "[fake]") {
  FakeRun run;
  run.program().prints("ready\n").waits_for_signal(SIGUSR1).waits_for_signal(SIGUSR1).prints(
      "two\n");
  run.start();
  REQUIRE(run.until([&] { return run.recorder.out == "ready\n"; }));
  CHECK(run.child->send_signal(SIGUSR1, false));
  run.settle();
  CHECK(run.recorder.out == "ready\n");
  CHECK(run.child->send_signal(SIGUSR1, true));
  CHECK(run.finished().exit_code() == 0);
  CHECK(run.recorder.out == "ready\ntwo\n");
  REQUIRE(run.launch().signals.size() == 2);
  CHECK_FALSE(run.launch().signals[0].to_group);
  CHECK(run.launch().signals[1].to_group);
  CHECK(run.launch().signals[0].at <= run.launch().signals[1].at);
  CHECK(run.child->pending_signals() == 0);
}

TEST_CASE("a signal caught before the script waits for it is counted", "[fake]") {
  FakeRun run;
  run.program().reads_line().waits_for_signal(SIGUSR2).prints("done\n");
  run.start(true);
  run.settle();
  CHECK(run.child->send_signal(SIGUSR2, false));
  run.settle();
  CHECK(run.child->running());
  run.child->write_stdin("go\n");
  CHECK(run.finished().exit_code() == 0);
  CHECK(run.recorder.out == "done\n");
}

TEST_CASE("other signals kill a fake program unless ignored", "[fake]") {
  SECTION("fatal") {
    FakeRun run;
    run.program().prints("a\n").waits_for_signal(SIGUSR1).prints("b\n");
    run.start();
    REQUIRE(run.until([&] { return run.recorder.out == "a\n"; }));
    CHECK(run.child->send_signal(SIGUSR2, false));
    CHECK(run.finished().term_signal() == SIGUSR2);
    CHECK(run.recorder.out == "a\n");
    CHECK(run.signals() == std::vector<int>{SIGUSR2});
  }
  SECTION("ignored by the script, or by default") {
    FakeRun run;
    run.program().ignores(SIGINT).waits_for_signal(SIGUSR1).exits(4);
    run.start();
    for (int signo : {SIGINT, SIGCHLD, SIGURG, SIGWINCH, SIGCONT}) {
      CHECK(run.child->send_signal(signo, false));
      run.settle();
      CHECK(run.child->running());
    }
    CHECK(run.child->send_signal(SIGUSR1, false));
    CHECK(run.finished().exit_code() == 4);
    CHECK(run.signals() == std::vector<int>{SIGINT, SIGCHLD, SIGURG, SIGWINCH, SIGCONT, SIGUSR1});
  }
  SECTION("SIGKILL kills even a program that ignores everything else") {
    FakeRun run;
    run.program().ignores(SIGTERM).hangs();
    run.start();
    CHECK(run.child->send_signal(SIGKILL, false));
    CHECK(run.finished().term_signal() == SIGKILL);
  }
}

TEST_CASE("SIGSTOP pauses a fake program, holding signals until SIGCONT", "[fake]") {
  FakeRun run;
  run.program().prints("a\n").waits(20ms).prints("b\n").hangs();
  run.start();
  CHECK(run.child->send_signal(SIGSTOP, false));
  const auto stopped_at = Clock::now();
  run.settle();
  CHECK(run.recorder.out.empty());
  CHECK(run.child->send_signal(SIGTERM, false));
  CHECK(run.child->send_signal(SIGTERM, false));
  CHECK(run.child->pending_signals() == bit(SIGTERM));
  CHECK(run.child->running());
  CHECK(run.child->send_signal(SIGCONT, false));
  CHECK(run.finished().term_signal() == SIGTERM);
  CHECK(run.recorder.out.empty());  // it died before its first step
  CHECK(run.child->pending_signals() == 0);
  CHECK(run.recorder.exit->exited >= stopped_at);
}

TEST_CASE("a stopped fake program finishes its sleep once continued", "[fake]") {
  FakeRun run;
  run.program().prints("a\n").waits(20ms).prints("b\n");
  run.launcher.program("clock").waits(60ms);
  run.start();
  REQUIRE(run.until([&] { return run.recorder.out == "a\n"; }));
  CHECK(run.child->send_signal(SIGTSTP, false));
  // A second program is the clock: when it ends, the sleep is long over.
  LaunchRequest clock_request;
  clock_request.exe = "clock";
  Recorder clock_recorder;
  auto clock = run.launcher.launch(clock_request, clock_recorder, run.error);
  REQUIRE(run.until([&] { return clock_recorder.exit.has_value(); }));
  CHECK(run.recorder.out == "a\n");
  CHECK(run.child->send_signal(SIGCONT, false));
  CHECK(run.finished().exit_code() == 0);
  CHECK(run.recorder.out == "a\nb\n");
}

TEST_CASE("stop on a fake program: SIGTERM, then SIGKILL after the grace", "[fake]") {
  SECTION("a program that dies of SIGTERM does not wait for the grace") {
    FakeRun run;
    run.program().hangs();
    run.start();
    run.child->stop(5s);
    const ExitInfo& info = run.finished();
    CHECK(info.term_signal() == SIGTERM);
    CHECK(info.exited - info.started < 1s);
    CHECK(run.signals() == std::vector<int>{SIGTERM});
    CHECK(run.launch().signals[0].to_group);
  }
  SECTION("a program that ignores SIGTERM is killed after the grace") {
    FakeRun run;
    run.program().ignores(SIGTERM).hangs();
    run.start();
    const auto stopped_at = Clock::now();
    run.child->stop(50ms);
    const ExitInfo& info = run.finished();
    CHECK(info.term_signal() == SIGKILL);
    CHECK(info.exited - stopped_at >= 50ms);
    CHECK(run.signals() == std::vector<int>{SIGTERM, SIGKILL});
    CHECK(run.launch().signals[1].at - run.launch().signals[0].at >= 50ms);
  }
  SECTION("kill_now") {
    FakeRun run;
    run.program().ignores(SIGTERM).hangs();
    run.start();
    run.child->kill_now();
    CHECK(run.finished().term_signal() == SIGKILL);
    CHECK(run.signals() == std::vector<int>{SIGKILL});
  }
}

TEST_CASE("a fake Child destroyed from on_output ends its program quietly", "[fake]") {
  FakeRun run;
  run.program().prints("a\n").prints("b\n").exits(0);
  run.start();
  run.recorder.on_chunk = [&](std::string_view) { run.child.reset(); };
  REQUIRE(run.until([&] { return !run.child; }));
  run.settle();
  CHECK(run.recorder.out == "a\n");
  CHECK(run.recorder.finished_calls == 0);
  REQUIRE(run.launch().exit);
  CHECK(run.launch().exit->term_signal() == SIGKILL);
}

TEST_CASE("fake programs get distinct pids that no real process has", "[fake]") {
  FakeRun run;
  run.program().hangs();
  run.start();
  auto second = run.launcher.launch(run.launch().request, run.recorder, run.error);
  REQUIRE(second);
  CHECK(run.child->pid() != second->pid());
  CHECK(run.child->pid() > (1 << 22));
  CHECK(run.launcher.launches().size() == 2);
}

}  // namespace ipcgrade::exec
