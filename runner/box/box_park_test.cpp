// Prepared starts in a box (Launcher::prepare, issue 3): the init forks and
// sets up the program, which waits parked before execve; the runner releases
// it with one write of its gate, not through the init.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "box/box_test_support.h"

namespace ipcgrade::box {
namespace {

using namespace box_test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Alive: neither gone nor a zombie.
bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto end = line.rfind(')');
  return end != std::string::npos && end + 2 < line.size() && line[end + 2] != 'Z';
}

struct BoxPrepared {
  BoxPrepared(Box& in, const exec::LaunchRequest& request) : box(in) {
    child = box.box->launcher().prepare(request, recorder, error);
  }
  bool until(const std::function<bool()>& done) { return run_until(box.io, done); }

  Box& box;
  Recorder recorder;
  std::string error;
  std::unique_ptr<exec::Child> child;
};

}  // namespace

TEST_CASE("in a box: a prepared program runs only once released", "[box][park]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  const std::string file = box.scratch.path().string() + "/created";
  auto request = request_for("create_file", {file});
  request.cwd = box.scratch.path();

  SECTION("not before its release; after it, its output and exit arrive") {
    BoxPrepared run(box, request);
    INFO(run.error);
    REQUIRE(run.child);
    CHECK(exe_of(run.child->pid()) != helper("create_file").string());
    run.box.io.poll();
    CHECK_FALSE(fs::exists(file));
    CHECK_FALSE(run.recorder.exit);
    const auto released = exec::Clock::now();
    REQUIRE(run.child->release());
    REQUIRE(run.until([&] { return run.recorder.exit.has_value(); }));
    box.io.poll();
    const exec::ExitInfo& info = *run.recorder.exit;
    CHECK_FALSE(info.launch_error);
    CHECK(info.exit_code() == 0);
    CHECK(info.started >= released);
    CHECK(run.recorder.out == "created\n");
    CHECK(run.recorder.finished_calls == 1);
    CHECK(fs::exists(file));
  }
  SECTION("dropped unreleased: no process is left, the audit finds nothing") {
    BoxPrepared run(box, request);
    REQUIRE(run.child);
    const pid_t pid = run.child->pid();
    run.child.reset();
    CHECK_FALSE(alive(pid));
    const Leftovers leftovers = box.box->collect(Footprint{});
    CHECK(leftovers.processes.empty());
    CHECK_FALSE(fs::exists(file));
    box.io.poll();
    CHECK_FALSE(run.recorder.exit);
  }
}

TEST_CASE("in a box: a parked program holds no stdin of another program", "[box][park]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  auto cat_request = request_for("cat_stdin");
  cat_request.stdin_pipe = true;
  BoxRun cat(box, cat_request);
  REQUIRE(cat.child);
  BoxPrepared parked(box, request_for("sleep_forever"));
  INFO(parked.error);
  REQUIRE(parked.child);
  CHECK(open_fds(parked.child->pid()) == 5);  // 0, 1, 2, its gate and error pipe
  cat.child->write_stdin("through\n");
  cat.child->close_stdin();
  CHECK(cat.finished().exit_code() == 0);
  CHECK(cat.recorder.out == "through\n");
  CHECK(parked.child->running());
}

TEST_CASE("in a box: a released program whose exec fails gives the usual message",
          "[box][park]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  const fs::path exe = box.scratch.path() / "program";
  fs::copy_file(helper("exit_with"), exe);
  fs::permissions(exe, fs::perms::all);
  auto request = request_for("exit_with", {"0"});
  request.exe = exe;
  BoxPrepared run(box, request);
  INFO(run.error);
  REQUIRE(run.child);
  fs::remove(exe);
  std::ofstream(exe) << "not a program\n";
  fs::permissions(exe, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                           fs::perms::others_read);
  REQUIRE(run.child->release());
  REQUIRE(run.until([&] { return run.recorder.exit.has_value(); }));
  const exec::ExitInfo& info = *run.recorder.exit;
  REQUIRE(info.launch_error);
  std::string launch_error;
  CHECK_FALSE(box.box->launcher().launch(request, run.recorder, launch_error));
  CHECK(*info.launch_error == launch_error);
  CHECK(*info.launch_error ==
        "cannot run " + exe.string() + ": Permission denied (is it executable?)");
}

}  // namespace ipcgrade::box
