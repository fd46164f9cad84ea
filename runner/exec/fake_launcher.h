// A scripted Launcher, so that the scenario engine can be tested without
// forking (style.md habit 3, as ninja's FakeCommandRunner). A test registers
// programs by name, each with a script of what it does once launched, and
// afterwards asserts on every launch: its request, the stdin it received and
// the signals sent to it, with their times.
//
//   launcher.program("sender").prints("ready\n").waits_for_signal(SIGUSR1).exits(0);
//
// Scripts run on the caller's io_context. Signals act as on a program whose
// script installs its handlers first: SIGKILL always kills; a signal that
// some `waits_for_signal` step names is caught and counted, and that step
// consumes one; SIGSTOP (and SIGTSTP, SIGTTIN, SIGTTOU) pause the script and
// hold further signals pending until SIGCONT; SIGCHLD, SIGURG, SIGWINCH and
// SIGCONT are ignored by default; any other signal kills unless `ignores`.
// pending_signals() is what a stopped program holds, else 0. stop(grace) is
// SIGTERM, then SIGKILL after `grace`; kill_now() and destroying a running
// Child are SIGKILL. Stdin takes every write at once (stdin_queued() is 0,
// on_stdin_drained follows); without stdin_pipe it is empty. Under `tty`,
// errs() text arrives as Stream::out. Pids are above any real pid.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/launcher.h"

namespace ipcgrade::exec {

// One step of a fake program's script.
struct FakeStep {
  enum class Kind { print, wait, read_line, read_all, wait_for_signal, exit, die, hang };
  Kind kind = Kind::hang;
  Stream stream = Stream::out;            // print
  std::string text;                       // print
  std::chrono::milliseconds duration{0};  // wait
  int number = 0;                         // the exit code, or the signal
};

// What a fake program does, step by step; a script that runs out of steps
// exits 0. Each launch runs its own copy of the script.
class FakeProgram {
 public:
  FakeProgram& prints(std::string text);
  FakeProgram& errs(std::string text);
  FakeProgram& waits(std::chrono::milliseconds duration);
  FakeProgram& reads_line();  // through the next newline, or to EOF
  FakeProgram& reads_all();   // until stdin is closed
  FakeProgram& waits_for_signal(int signo);
  FakeProgram& exits(int code);
  FakeProgram& dies(int signo);
  FakeProgram& hangs();  // until killed

  FakeProgram& ignores(int signo);
  FakeProgram& uses_cpu(std::chrono::milliseconds cpu);  // reported as cpu_user
  FakeProgram& leaves_children();                        // group_survivors

  const std::vector<FakeStep>& steps() const { return steps_; }
  bool catches(int signo) const;
  bool ignores_signal(int signo) const;
  std::chrono::milliseconds cpu() const { return cpu_; }
  bool children_left() const { return leaves_children_; }

 private:
  FakeProgram& add(FakeStep::Kind kind, int number = 0);

  std::vector<FakeStep> steps_;
  std::uint64_t ignored_ = 0;  // bit signo-1
  std::chrono::milliseconds cpu_{0};
  bool leaves_children_ = false;
};

struct FakeSignal {
  int signo = 0;
  bool to_group = false;
  Clock::time_point at;
};

// One launch, as the test may assert on it.
struct FakeLaunch {
  LaunchRequest request;
  Clock::time_point started;
  std::string stdin_data;  // every byte written to its stdin
  bool stdin_closed = false;
  // Every signal that reached it while it ran, stop() and kill_now() included.
  std::vector<FakeSignal> signals;
  std::optional<ExitInfo> exit;  // once it has ended
};

// One prepare (Launcher::prepare): parked until released; a released one
// is also a FakeLaunch from then on (its `started` is the release).
struct FakePrepared {
  LaunchRequest request;
  Clock::time_point prepared;
  std::optional<Clock::time_point> released;
  bool dropped = false;  // its Child went away unreleased
};

class FakeLauncher final : public Launcher {
 public:
  explicit FakeLauncher(boost::asio::io_context& io);

  // The program run for an exe whose filename is `name`; registers it on
  // first use. Launching an exe of no registered name fails.
  FakeProgram& program(const std::string& name) { return programs_[name]; }
  // Every successful launch, in order.
  const std::vector<FakeLaunch>& launches() const { return *launches_; }

  std::unique_ptr<Child> launch(const LaunchRequest& request, ChildObserver& observer,
                                std::string& error) override;
  // A parked script: it starts at Child::release(), as a launch (its
  // FakeLaunch is added then). With prepares(false), nullptr: cannot prepare.
  std::unique_ptr<Child> prepare(const LaunchRequest& request, ChildObserver& observer,
                                 std::string& error) override;
  void prepares(bool on) { prepares_ = on; }
  // Every prepare, in order.
  const std::vector<FakePrepared>& prepared() const { return *prepared_; }

 private:
  boost::asio::io_context& io_;
  std::map<std::string, FakeProgram> programs_;
  std::shared_ptr<std::vector<FakeLaunch>> launches_;
  std::shared_ptr<std::vector<FakePrepared>> prepared_;
  std::size_t next_pid_ = 0;
  bool prepares_ = true;
};

}  // namespace ipcgrade::exec
