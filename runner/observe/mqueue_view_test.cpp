// POSIX message queues. Found on the development machine (Linux 6.18, as
// root with every capability, decisions.md 5): no /dev/mqueue and no
// mqueue mount anywhere, though /proc/filesystems lists mqueue; a private
// mount from a holder child with its own mount namespace works and shows
// the host's queues. Where that cannot be done (not root, no
// CAP_SYS_ADMIN), the queue tests are skipped with the reason.
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "observe/ipc_readers.h"
#include "observe/mqueue_view.h"
#include "observe/observe_test_support.h"

namespace ipcgrade::observe {
namespace {

using testing::Cleanup;
using testing::find_object;
using testing::TempDir;
using testing::unique_name;

bool has_cap_sys_admin() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> 21) & 1;
  }
  return false;
}

// A private view, or nothing when this machine cannot have one (then the
// test is skipped with the reason; with CAP_SYS_ADMIN it must work).
std::optional<MqueueView> private_view() {
  auto view = MqueueView::open_private();
  if (view.dir()) return view;
  if (has_cap_sys_admin()) FAIL("cannot mount mqueue with CAP_SYS_ADMIN: " << *view.unavailable());
  WARN("POSIX message queue checks skipped: " << *view.unavailable());
  return std::nullopt;
}

bool mounted_on_host(const std::string& path) {
  std::ifstream mounts("/proc/self/mounts");
  std::string line;
  while (std::getline(mounts, line)) {
    if (line.find(path) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("find_mqueue_mount reads a mounts table and its escapes", "[observe]") {
  TempDir dir;
  const std::string table = dir.path() + "/mounts";
  std::ofstream(table) << "proc /proc proc rw 0 0\n"
                          "mqueue /dev/my\\040queues mqueue rw,nosuid 0 0\n";
  CHECK(find_mqueue_mount(table) == "/dev/my queues");
  std::ofstream(table) << "proc /proc proc rw 0 0\n";
  CHECK_FALSE(find_mqueue_mount(table));
}

TEST_CASE("a private mqueue view shows queues and stays off the host", "[observe]") {
  auto view = private_view();
  if (!view) return;
  const std::string dir = *view->dir();
  CHECK(is_mqueue_fs(dir));
  const std::string mount_point = dir.substr(dir.find("/root/") + 5);
  CHECK(std::filesystem::is_directory(mount_point));
  CHECK_FALSE(is_mqueue_fs(mount_point));
  CHECK_FALSE(mounted_on_host(mount_point));

  const pid_t holder = view->holder();
  view.reset();
  CHECK_FALSE(std::filesystem::exists(mount_point));
  CHECK(::kill(holder, 0) == -1);  // reaped, not a zombie
}

TEST_CASE("a POSIX message queue left by a test: seen, counted, removed", "[observe]") {
  auto view = private_view();
  if (!view) return;
  SnapshotPlaces places;
  places.mqueue_dir = view->dir();
  const std::string name = unique_name("q");
  Cleanup unlink_it([&] { ::mq_unlink(name.c_str()); });
  const auto before = take_snapshot(places);
  CHECK_FALSE(before.mqueue_unavailable);

  mq_attr attr{};
  attr.mq_maxmsg = 4;
  attr.mq_msgsize = 64;
  const mqd_t queue = ::mq_open(name.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600, &attr);
  REQUIRE(queue != static_cast<mqd_t>(-1));
  REQUIRE(::mq_send(queue, "hello", 5, 0) == 0);
  REQUIRE(::mq_send(queue, "world!", 6, 0) == 0);
  ::mq_close(queue);

  const auto after = take_snapshot(places);
  CHECK(after.errors.empty());
  const auto found = find_object(appeared(before, after), spec::LeakKind::posix_mq, name);
  REQUIRE(found);
  CHECK(found->messages == 2);
  CHECK(found->bytes == 11);
  CHECK(found->uid == ::geteuid());
  CHECK(found->mode == 0600);
  CHECK(leak_message(*found) ==
        fmt::format("POSIX message queue \"{}\" (2 messages) was not removed — call mq_unlink()",
                    name));

  std::string error;
  CHECK(remove_object(*found, error));
  CHECK(error.empty());
  CHECK(::mq_open(name.c_str(), O_RDONLY) == static_cast<mqd_t>(-1));
  CHECK(errno == ENOENT);
}

TEST_CASE("MqueueView::open gives a directory or says why not", "[observe]") {
  const auto view = MqueueView::open();
  CHECK(view.dir().has_value() != view.unavailable().has_value());
  if (view.dir()) CHECK(is_mqueue_fs(*view.dir()));
  if (!view.dir() && has_cap_sys_admin()) FAIL(*view.unavailable());
}

}  // namespace
}  // namespace ipcgrade::observe
