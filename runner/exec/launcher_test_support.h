// For the launcher's tests only: requests for the helper programs
// (runner/tests/test_helpers), an observer that records every call, and a
// run whose every wait drives the io_context until an event, with a
// deadline so that a bug fails the test instead of hanging it.
#pragma once

#include <sys/wait.h>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exec/launcher.h"

namespace ipcgrade::exec::launcher_test {

using namespace std::chrono_literals;

inline std::filesystem::path helper(const std::string& name) {
  return std::filesystem::path(IPCGRADE_TEST_HELPERS) / name;
}

inline LaunchRequest request_for(const std::string& name, std::vector<std::string> args = {}) {
  LaunchRequest request;
  request.exe = helper(name);
  request.argv = {name};
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  request.env = {"PATH=/usr/bin:/bin"};
  request.cwd = "/";
  return request;
}

// Runs the event loop until `done` holds or 10 s have passed. A fake
// program waiting for input leaves the loop without work, which stops it:
// it is restarted for what the test does next.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  const auto deadline = Clock::now() + 10s;
  while (!done() && Clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_one_for(deadline - Clock::now());
  }
  return done();
}

class Recorder : public ChildObserver {
 public:
  void on_output(Stream stream, std::string_view chunk) override {
    if (exit) output_after_finish = true;
    (stream == Stream::out ? out : err).append(chunk);
    if (on_chunk) on_chunk(chunk);
  }
  void on_stdin_drained() override { ++drained; }
  void on_stdin_error(std::error_code ec) override { stdin_errors.push_back(ec); }
  void on_finished(const ExitInfo& info) override {
    ++finished_calls;
    exit = info;
  }

  std::string out;
  std::string err;
  int drained = 0;
  std::vector<std::error_code> stdin_errors;
  std::optional<ExitInfo> exit;
  int finished_calls = 0;
  bool output_after_finish = false;
  std::function<void(std::string_view)> on_chunk;
};

class Run {
 public:
  explicit Run(const LaunchRequest& request) { child = launcher->launch(request, recorder, error); }

  bool until(const std::function<bool()>& done) { return run_until(io, done); }

  // Waits for on_finished, then checks the promises around it: exactly one
  // call, after every on_output.
  const ExitInfo& finished() {
    REQUIRE(until([&] { return recorder.exit.has_value(); }));
    io.poll();
    CHECK(recorder.finished_calls == 1);
    CHECK_FALSE(recorder.output_after_finish);
    CHECK_FALSE(child->running());
    return *recorder.exit;
  }

  boost::asio::io_context io;
  std::unique_ptr<Launcher> launcher = make_process_launcher(io);
  Recorder recorder;
  std::string error;
  std::unique_ptr<Child> child;
};

// The program a process runs now, as /proc/PID/exe names it.
inline std::string exe_of(pid_t pid) {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec).string();
}

// Its open descriptors, as /proc/PID/fd lists them.
inline std::size_t open_fds(pid_t pid) {
  std::error_code ec;
  std::size_t count = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++count;
  return count;
}

// No zombie: every child of the test process has been reaped.
inline bool no_children_left() { return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD; }

}  // namespace ipcgrade::exec::launcher_test
