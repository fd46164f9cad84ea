// The box without namespaces. The rules that pick a test's objects and
// processes run on hand-made data; the box itself runs as root (it works
// with the slot uid), on a slot of its own (uid 60000 + 41) so that other
// runs on the machine, which use slot 0, do not meet it.
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>

#include "box/host_box.h"
#include "exec/launcher_test_support.h"
#include "observe/observe_test_support.h"

namespace ipcgrade::box {
namespace {

using observe::IpcObject;
using observe::ProcessInfo;
using spec::LeakKind;

constexpr uid_t kSlotUid = 60041;

IpcObject object(LeakKind kind, const std::string& name, uid_t uid) {
  IpcObject o;
  o.kind = kind;
  o.name = name;
  o.uid = uid;
  return o;
}

ProcessInfo process(pid_t pid, pid_t pgid, pid_t sid, uid_t uid) {
  ProcessInfo p;
  p.pid = pid;
  p.pgid = pgid;
  p.sid = sid;
  p.uid = uid;
  p.start_ticks = 100;
  return p;
}

TEST_CASE("an object is the test's by slot uid, creator pid, name in its words or scratch",
          "[box-host]") {
  Footprint footprint{{"fifo_reader /tmp/myfifo", "/OS"}, {500}};
  CHECK(detail::belongs_to_test(object(LeakKind::sysv_msg, "1234", kSlotUid), kSlotUid, footprint));
  CHECK_FALSE(detail::belongs_to_test(object(LeakKind::sysv_msg, "1234", 0), kSlotUid, footprint));

  auto sysv = object(LeakKind::sysv_shm, "77", 1000);
  CHECK_FALSE(detail::belongs_to_test(sysv, std::nullopt, footprint));
  sysv.creator = 500;
  CHECK(detail::belongs_to_test(sysv, std::nullopt, footprint));
  sysv.creator = 501;
  sysv.last_user = 500;
  CHECK(detail::belongs_to_test(sysv, std::nullopt, footprint));

  CHECK(detail::belongs_to_test(object(LeakKind::posix_shm, "/OS", 1000), std::nullopt, footprint));
  CHECK_FALSE(
      detail::belongs_to_test(object(LeakKind::posix_shm, "/other", 1000), std::nullopt, footprint));
  CHECK_FALSE(
      detail::belongs_to_test(object(LeakKind::posix_shm, "/tmp/my", 1000), std::nullopt, footprint));
  auto fifo = object(LeakKind::fifo, "/tmp/myfifo", 1000);
  fifo.path = "/tmp/myfifo";
  CHECK(detail::belongs_to_test(fifo, std::nullopt, footprint));
  auto in_scratch = object(LeakKind::socket, "sock", 1000);
  in_scratch.in_working_dir = true;
  CHECK(detail::belongs_to_test(in_scratch, std::nullopt, footprint));
  // A System V object's key in the words does not make it the test's: keys
  // are small numbers that many tests share.
  CHECK_FALSE(detail::belongs_to_test(object(LeakKind::sysv_msg, "/OS", 1000), std::nullopt,
                                      footprint));
}

std::vector<pid_t> pids_of(const std::vector<ProcessInfo>& processes) {
  std::vector<pid_t> pids;
  for (const auto& p : processes) pids.push_back(p.pid);
  return pids;
}

TEST_CASE("the test's processes are new, the slot's, and descend from the test", "[box-host]") {
  const Footprint footprint{{}, {500, 600}};
  const std::set<pid_t> adopters = {1, 90};  // init, and a subreaper above the runner
  std::vector<ProcessInfo> candidates = {
      process(501, 500, 1, kSlotUid),      // in a launched group: the launcher's
      process(502, 502, 502, kSlotUid),    // setsid() daemon, adopted by init
      process(503, 503, 503, 0),           // root's
      process(400, 400, 400, kSlotUid),    // there before the test
      process(504, 502, 502, kSlotUid),    // the daemon's child
      process(505, 505, 505, kSlotUid),    // another runner's, under its runner
      process(506, 505, 505, kSlotUid),    // ... and that one's child
      process(507, 507, 507, kSlotUid),    // adopted by the subreaper
  };
  const std::vector<pid_t> parents = {1, 1, 1, 1, 502, 77, 505, 90};
  for (std::size_t i = 0; i < candidates.size(); ++i) candidates[i].ppid = parents[i];
  const std::set<detail::ProcessKey> before = {{400, 100}};
  const auto found = detail::test_processes(candidates, before, kSlotUid, footprint, adopters);
  CHECK(pids_of(found.to_kill) == std::vector<pid_t>{501, 502, 504, 507});
  CHECK(pids_of(found.to_report) == std::vector<pid_t>{502, 504, 507});

  // Without a slot uid, only the group or session of one of the test's
  // programs.
  std::vector<ProcessInfo> mine = {
      process(700, 700, 600, 1000),  // left the group, kept the session of 600
      process(701, 701, 701, 1000),  // someone else's
  };
  mine[0].ppid = mine[1].ppid = 1;
  const auto own = detail::test_processes(mine, {}, std::nullopt, footprint, adopters);
  CHECK(pids_of(own.to_report) == std::vector<pid_t>{700});
}

bool root() { return ::geteuid() == 0; }

TEST_CASE("the host box reports and removes the test's objects and leaves others alone",
          "[box-host]") {
  if (!root()) {
    WARN("host box checks skipped: they need root, to work under a slot uid");
    return;
  }
  observe::testing::TempDir scratch;
  boost::asio::io_context io;
  HostIsolation isolation("testing");
  CHECK(isolation.name() == "none");
  CHECK(isolation.max_parallel() == 1);
  BoxConfig config;
  config.uid = kSlotUid;
  config.gid = kSlotUid;
  config.scratch = scratch.path();

  // The slot's object from before the box opened is not the test's.
  const long old_key = observe::testing::unique_key(1);
  const int old_queue = ::msgget(old_key, IPC_CREAT | IPC_EXCL | 0600);
  REQUIRE(old_queue >= 0);
  observe::testing::Cleanup drop_old([&] { ::msgctl(old_queue, IPC_RMID, nullptr); });
  auto give_to_slot = [](int queue) {
    msqid_ds ds{};
    REQUIRE(::msgctl(queue, IPC_STAT, &ds) == 0);
    ds.msg_perm.uid = kSlotUid;
    REQUIRE(::msgctl(queue, IPC_SET, &ds) == 0);
  };
  give_to_slot(old_queue);

  std::string error;
  auto box = isolation.open(io, config, error);
  REQUIRE(box);
  CHECK(box->root() == "/");
  CHECK(box->proc_net() == "/proc/net");

  // Made during the test: the slot uid's queue, shm and scratch FIFO, and
  // an object of root's that is none of the test's business.
  const int queue = ::msgget(observe::testing::unique_key(2), IPC_CREAT | IPC_EXCL | 0600);
  REQUIRE(queue >= 0);
  observe::testing::Cleanup drop_queue([&] { ::msgctl(queue, IPC_RMID, nullptr); });
  give_to_slot(queue);
  const std::string shm = observe::testing::unique_name("hostbox");
  const int fd = ::shm_open(shm.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  REQUIRE(fd >= 0);
  observe::testing::Cleanup drop_shm([&] { ::shm_unlink(shm.c_str()); });
  REQUIRE(::ftruncate(fd, 4096) == 0);
  REQUIRE(::fchown(fd, kSlotUid, kSlotUid) == 0);
  ::close(fd);
  const std::string fifo = scratch.path() + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string roots = observe::testing::unique_name("hostbox-root");
  const int root_fd = ::shm_open(roots.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  REQUIRE(root_fd >= 0);
  ::close(root_fd);
  observe::testing::Cleanup drop_roots([&] { ::shm_unlink(roots.c_str()); });

  const Leftovers left = box->collect(Footprint{});
  CHECK(left.cleanup_errors.empty());
  std::vector<std::string> names;
  for (const auto& o : left.objects) names.push_back(o.name);
  std::sort(names.begin(), names.end());
  std::vector<std::string> want = {std::to_string(observe::testing::unique_key(2)), shm, "fifo"};
  std::sort(want.begin(), want.end());
  CHECK(names == want);

  msqid_ds ds{};
  CHECK(::msgctl(queue, IPC_STAT, &ds) != 0);      // removed
  CHECK(::msgctl(old_queue, IPC_STAT, &ds) == 0);  // untouched
  CHECK(::access(("/dev/shm" + shm).c_str(), F_OK) != 0);
  CHECK(::access(("/dev/shm" + roots).c_str(), F_OK) == 0);
  CHECK(::access(fifo.c_str(), F_OK) != 0);
}

TEST_CASE("the host box reports and kills a setsid() daemon of the slot uid", "[box-host]") {
  if (!root()) {
    WARN("host box checks skipped: they need root, to work under a slot uid");
    return;
  }
  observe::testing::TempDir scratch;
  ::chmod(scratch.path().c_str(), 0755);
  boost::asio::io_context io;
  HostIsolation isolation("testing");
  BoxConfig config;
  config.uid = kSlotUid;
  config.gid = kSlotUid;
  config.scratch = scratch.path();
  std::string error;
  auto box = isolation.open(io, config, error);
  REQUIRE(box);

  auto request = exec::launcher_test::request_for("setsid_escape");
  request.uid = kSlotUid;
  request.gid = kSlotUid;
  exec::launcher_test::Recorder recorder;
  auto child = box->launcher().launch(request, recorder, error);
  REQUIRE(child);
  const pid_t leader = child->pid();
  REQUIRE(exec::launcher_test::run_until(io, [&] { return recorder.exit.has_value(); }));
  const pid_t daemon = static_cast<pid_t>(std::stol(recorder.out));
  observe::testing::Cleanup kill_daemon([&] { ::kill(daemon, SIGKILL); });

  const Leftovers left = box->collect(Footprint{{"setsid_escape"}, {leader}});
  CHECK(left.cleanup_errors.empty());
  REQUIRE(left.processes.size() == 1);
  CHECK(left.processes[0].pid == daemon);
  CHECK(left.processes[0].command() == "setsid_escape");
  // Dead: gone, or a zombie until init reaps it.
  const auto after = observe::read_process(daemon);
  CHECK((!after || after->zombie() || after->start_ticks != left.processes[0].start_ticks));
}

TEST_CASE("the host box's launcher prepares parked starts too", "[box-host][park]") {
  observe::testing::TempDir scratch;
  boost::asio::io_context io;
  HostIsolation isolation("testing");
  BoxConfig config;
  config.scratch = scratch.path();
  std::string error;
  auto box = isolation.open(io, config, error);
  REQUIRE(box);
  exec::launcher_test::Recorder recorder;
  auto child = box->launcher().prepare(exec::launcher_test::request_for("exit_with", {"4"}),
                                       recorder, error);
  INFO(error);
  REQUIRE(child);  // not nullptr: the start would launch instead of releasing
  REQUIRE(child->release());
  REQUIRE(exec::launcher_test::run_until(io, [&] { return recorder.exit.has_value(); }));
  CHECK(recorder.exit->exit_code() == 4);
  child.reset();
  box->collect(Footprint{});
}

}  // namespace
}  // namespace ipcgrade::box
