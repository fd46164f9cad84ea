// The namespace box against the helper programs: what a program sees in
// it, what two boxes share (nothing), what a test leaves behind, and that
// nothing of a box survives it.
#include "box/ns_box.h"

#include <poll.h>
#include <signal.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "box/box_test_support.h"
#include "exec/probes.h"
#include "exec/unique_fd.h"

namespace ipcgrade::box {

using namespace box_test;
using namespace std::chrono_literals;

TEST_CASE("namespaces are the isolation 'box' as root", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  CHECK(isolation->name() == "box");
  CHECK_FALSE(isolation->reason());
  CHECK(isolation->max_parallel() >= 1);
}

TEST_CASE("a program in a box sees the box's init as pid 1 and a small pid of its own", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  BoxRun run(box, request_for("print_box_view"));
  CHECK(run.finished().exit_code() == 0);
  const std::string& out = run.recorder.out;
  REQUIRE(out.rfind("pid ", 0) == 0);
  CHECK(std::stoi(out.substr(4)) < 10);
  CHECK(out.find("\ninit ipcgrade __box-init 3\n") != std::string::npos);
  // The runner sees it under its host pid, which is not that small pid.
  CHECK(run.child->pid() != std::stoi(out.substr(4)));
}

TEST_CASE("two boxes use the same key, shm name and port at once", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box first(*isolation);
  Box second(*isolation);
  REQUIRE(first.box);
  REQUIRE(second.box);
  auto request = request_for("claim_ipc", {"1234", "/OS", "8080"});
  request.stdin_pipe = true;
  BoxRun one(first, request);
  BoxRun two(second, request);
  REQUIRE(one.until([&] { return one.recorder.out == "ready\n" || one.recorder.exit; }));
  REQUIRE(two.until([&] { return two.recorder.out == "ready\n" || two.recorder.exit; }));
  CHECK(one.recorder.err == "");
  CHECK(two.recorder.err == "");
  CHECK(one.child->running());
  CHECK(two.child->running());
  CHECK(exec::is_listening("tcp:8080", first.box->proc_net()));
  CHECK(exec::is_listening("tcp:8080", second.box->proc_net()));
  one.child->close_stdin();
  two.child->close_stdin();
  CHECK(one.finished().exit_code() == 0);
  CHECK(two.finished().exit_code() == 0);
}

TEST_CASE("what a test leaves is listed, then removed", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  const key_t key = 0x1b0c5;  // checked absent on the host, so its absence after proves something
  const bool host_had_queue = ::msgget(key, 0) >= 0;
  Box box(*isolation);
  REQUIRE(box.box);
  auto request = request_for("leak_ipc", {std::to_string(key)});
  request.cwd = box.scratch.path();
  BoxRun run(box, request);
  CHECK(run.finished().exit_code() == 0);
  CHECK(run.recorder.err == "");
  CHECK(std::filesystem::exists(box.box->root() / "tmp/leak_fifo"));
  CHECK_FALSE(std::filesystem::exists("/tmp/leak_fifo"));

  const Leftovers left = box.box->collect({});
  std::set<std::pair<spec::LeakKind, std::string>> found;
  for (const auto& object : left.objects) found.insert({object.kind, object.name});
  using spec::LeakKind;
  const std::set<std::pair<LeakKind, std::string>> expected = {
      {LeakKind::sysv_msg, std::to_string(key)},
      {LeakKind::posix_shm, "/leak_shm"},
      {LeakKind::posix_mq, "/leak_mq"},
      {LeakKind::fifo, "/tmp/leak_fifo"},
      {LeakKind::fifo, "leak_fifo"}};
  CHECK(found == expected);
  CHECK(left.processes.empty());
  CHECK(left.unchecked.empty());
  CHECK(left.cleanup_errors.empty());
  for (const auto& object : left.objects) CHECK(object.uid == 60000);
  // Removed: the scratch directory is the host's own, /tmp the box's.
  CHECK_FALSE(std::filesystem::exists(box.scratch.path() / "leak_fifo"));
  CHECK_FALSE(std::filesystem::exists(box.box->root() / "tmp/leak_fifo"));
  CHECK(box.box->collect({}).objects.empty());
  box.box.reset();
  if (!host_had_queue) CHECK(::msgget(key, 0) < 0);
}

TEST_CASE("a daemon is listed, killed, and nothing of a box outlives it", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  const pid_t init = box.init_pid();
  const std::string ns = pid_namespace_of(init);
  REQUIRE_FALSE(ns.empty());
  CHECK(ns != pid_namespace_of(::getpid()));

  SECTION("collect lists the daemon with host pids and kills it") {
    BoxRun run(box, request_for("daemonize"));
    CHECK(run.finished().exit_code() == 0);
    const Leftovers left = box.box->collect({});
    REQUIRE(left.processes.size() == 1);
    const observe::ProcessInfo& daemon = left.processes[0];
    CHECK(daemon.comm == "daemonize");
    CHECK(daemon.argv == std::vector<std::string>{"daemonize"});
    CHECK(daemon.uid == 60000);
    CHECK(daemon.pid > 0);
    CHECK(daemon.sid != run.child->pid());  // it left the program's session
    CHECK(daemon.ppid == init);             // reparented to the box's init
    CHECK(daemon.pid != std::stoi(run.recorder.out));  // a host pid, not the box's
    CHECK(::kill(daemon.pid, 0) == -1);
  }
  SECTION("closing the box ends a running program and a daemon") {
    BoxRun run(box, request_for("daemonize"));
    CHECK(run.finished().exit_code() == 0);
    BoxRun sleeper(box, request_for("sleep_forever"));
    REQUIRE(sleeper.child);
    const pid_t sleeping = sleeper.child->pid();
    CHECK(namespace_has_members(ns));
    box.box.reset();
    CHECK(::kill(sleeping, 0) == -1);
    CHECK_FALSE(namespace_has_members(ns));  // the init is gone too
  }
  if (box.box) {
    CHECK(box.box->collect({}).processes.empty());
    // Audited, the box holds only its init, which ends by itself once the
    // box is closed (the runner does not wait for it).
    const exec::UniqueFd init_fd(static_cast<int>(::syscall(SYS_pidfd_open, init, 0)));
    REQUIRE(init_fd.valid());
    box.box.reset();
    pollfd exited{init_fd.get(), POLLIN, 0};
    CHECK(::poll(&exited, 1, 10000) == 1);
  }
  CHECK_FALSE(namespace_has_members(ns));
  CHECK(no_children_left());
}

TEST_CASE("a hidden directory cannot be read in a box", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  // Outside /tmp, which a box replaces anyway.
  const auto hidden = std::filesystem::path(IPCGRADE_TEST_HELPERS).parent_path() /
                      ("box_hidden." + std::to_string(::getpid()));
  std::filesystem::create_directories(hidden);
  std::ofstream(hidden / "secret.txt") << "the answer\n";
  ::chmod(hidden.c_str(), 0755);
  ::chmod((hidden / "secret.txt").c_str(), 0644);
  BoxConfig config;
  config.hidden = {hidden};
  Box box(*isolation, config);
  REQUIRE(box.box);
  SECTION("in the box") {
    BoxRun run(box, request_for("read_path", {(hidden / "secret.txt").string()}));
    CHECK(run.finished().exit_code() == 1);
    CHECK(run.recorder.out.rfind("cannot read: ", 0) == 0);
  }
  SECTION("the same program on the host reads it") {
    auto request = request_for("read_path", {(hidden / "secret.txt").string()});
    request.uid = 60000;
    request.gid = 60000;
    Run run(request);
    run.finished();
    CHECK(run.recorder.out == "the answer\n");
  }
  box.box.reset();
  std::filesystem::remove_all(hidden);
}

}  // namespace ipcgrade::box
