// Prepared starts on the host (Launcher::prepare, issue 3): a program forked
// and set up ahead of time waits, parked before execve, until its release.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "exec/launcher_test_support.h"

namespace ipcgrade::exec {
namespace {

using namespace std::chrono_literals;
using namespace launcher_test;
namespace fs = std::filesystem;

// A fresh path under /tmp that nothing has yet; removed at the end.
class TempPath {
 public:
  explicit TempPath(const std::string& what) {
    path_ = fs::temp_directory_path() /
            ("park_test." + std::to_string(::getpid()) + "." + std::to_string(++count_) + "." + what);
    fs::remove(path_);
  }
  ~TempPath() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const fs::path& path() const { return path_; }

 private:
  static inline int count_ = 0;
  fs::path path_;
};


// A prepared program and what it told its observer.
struct Prepared {
  explicit Prepared(const LaunchRequest& request) {
    child = launcher->prepare(request, recorder, error);
  }
  bool until(const std::function<bool()>& done) { return run_until(io, done); }

  boost::asio::io_context io;
  std::unique_ptr<Launcher> launcher = make_process_launcher(io);
  Recorder recorder;
  std::string error;
  std::unique_ptr<Child> child;
};

}  // namespace

TEST_CASE("a prepared program does not run before its release, and runs after it",
          "[launcher][park]") {
  TempPath file("created");
  Prepared run(request_for("create_file", {file.path().string()}));
  INFO(run.error);
  REQUIRE(run.child);
  const pid_t pid = run.child->pid();
  // Parked: the fork of the runner, set up and waiting, not the program.
  CHECK(exe_of(pid) != helper("create_file").string());
  CHECK(run.child->running());
  run.io.poll();
  CHECK_FALSE(fs::exists(file.path()));
  CHECK(run.recorder.out.empty());
  CHECK_FALSE(run.recorder.exit);

  const auto released = Clock::now();
  REQUIRE(run.child->release());
  REQUIRE(run.until([&] { return run.recorder.exit.has_value(); }));
  run.io.poll();
  const ExitInfo& info = *run.recorder.exit;
  CHECK_FALSE(info.launch_error);
  CHECK(info.exited_normally());
  CHECK(info.exit_code() == 0);
  CHECK(info.started >= released);  // its time starts at the release
  CHECK(run.recorder.out == "created\n");
  CHECK(run.recorder.finished_calls == 1);
  CHECK(fs::exists(file.path()));
  run.child.reset();
  CHECK(no_children_left());
}

TEST_CASE("a prepared program dropped unreleased leaves no process and never runs",
          "[launcher][park]") {
  TempPath file("never");
  Prepared run(request_for("create_file", {file.path().string()}));
  REQUIRE(run.child);
  const pid_t pid = run.child->pid();
  run.child.reset();
  CHECK(::kill(pid, 0) == -1);
  CHECK(no_children_left());
  run.io.poll();
  CHECK_FALSE(run.recorder.exit);  // its observer never hears of it
  CHECK_FALSE(fs::exists(file.path()));
}

TEST_CASE("a parked program holds no descriptor of another program", "[launcher][park]") {
  // cat reads its stdin to EOF; a parked program forked after it must not
  // keep the write end of that stdin open, or cat would never end.
  Run cat([] {
    auto request = request_for("cat_stdin");
    request.stdin_pipe = true;
    return request;
  }());
  REQUIRE(cat.child);
  Prepared parked(request_for("sleep_forever"));
  REQUIRE(parked.child);
  // Its standard streams, its gate and its error pipe: nothing else.
  CHECK(open_fds(parked.child->pid()) == 5);
  cat.child->write_stdin("through\n");
  cat.child->close_stdin();
  const ExitInfo& info = cat.finished();
  CHECK(info.exit_code() == 0);
  CHECK(cat.recorder.out == "through\n");
  CHECK(parked.child->running());
  parked.child.reset();
  cat.child.reset();
  CHECK(no_children_left());
}

TEST_CASE("a released program whose exec fails gives the usual 'cannot run' message",
          "[launcher][park]") {
  TempPath exe("exe");
  fs::copy_file(helper("exit_with"), exe.path());
  fs::permissions(exe.path(), fs::perms::owner_all);
  auto request = request_for("exit_with", {"0"});
  request.exe = exe.path();
  Prepared run(request);
  INFO(run.error);
  REQUIRE(run.child);
  // Replaced between prepare and release by a file that is not executable.
  fs::remove(exe.path());
  std::ofstream(exe.path()) << "not a program\n";
  fs::permissions(exe.path(), fs::perms::owner_read | fs::perms::owner_write);
  REQUIRE(run.child->release());
  REQUIRE(run.until([&] { return run.recorder.exit.has_value(); }));
  const ExitInfo& info = *run.recorder.exit;
  REQUIRE(info.launch_error);
  // What launching it now says, word for word.
  std::string launch_error;
  CHECK_FALSE(run.launcher->launch(request, run.recorder, launch_error));
  CHECK(*info.launch_error == launch_error);
  CHECK(*info.launch_error ==
        "cannot run " + exe.path().string() + ": Permission denied (is it executable?)");
  run.child.reset();
  CHECK(no_children_left());
}

}  // namespace ipcgrade::exec
