// For the box's tests only: a namespace isolation made once, a box with a
// scratch directory of its own, and programs launched in it, recorded as
// the launcher's tests record them (exec/launcher_test_support.h).
#pragma once

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "box/ns_box.h"
#include "exec/launcher_test_support.h"

namespace ipcgrade::box::box_test {

using namespace exec::launcher_test;

// The isolation of every [box] test, or nullptr with a WARN saying why.
// These tests give programs the slot uid 60000, which only root can: not
// as root, a box of a user namespace is checked end to end by the CTest
// box/userns-parallel-isolation instead.
inline Isolation* namespaces() {
  static std::string why_not = ::geteuid() == 0 ? "" : "not root, so no slot uid 60000";
  static std::unique_ptr<Isolation> isolation =
      why_not.empty() ? make_namespace_isolation(why_not) : nullptr;
  if (!isolation) WARN("no namespace box here, test skipped: " << why_not);
  return isolation.get();
}

// A scratch directory under /tmp, as the session makes them: the slot uid
// owns it. Removed with its contents at the end.
class Scratch {
 public:
  Scratch() {
    path_ = std::filesystem::temp_directory_path() /
            ("box_test." + std::to_string(::getpid()) + "." + std::to_string(++count_));
    std::filesystem::create_directories(path_);
    ::chmod(path_.c_str(), 0700);
    if (::geteuid() == 0) (void)::chown(path_.c_str(), 60000, 60000);
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int count_ = 0;
  std::filesystem::path path_;
};

// One box with its own io_context; programs run as the slot uid 60000.
struct Box {
  explicit Box(Isolation& isolation, BoxConfig config = {}) {
    config.scratch = scratch.path();
    config.uid = 60000;
    config.gid = 60000;
    // The helpers live in the build directory, which may be under /tmp.
    config.visible.push_back(IPCGRADE_TEST_HELPERS);
    box = isolation.open(io, config, error);
  }
  pid_t init_pid() const {
    return static_cast<pid_t>(std::stol(box->proc_net().parent_path().filename().string()));
  }

  Scratch scratch;
  boost::asio::io_context io;
  std::string error;
  std::unique_ptr<TestBox> box;
};

// One program in a box, as launcher_test::Run runs one on the host.
struct BoxRun {
  BoxRun(Box& in, const exec::LaunchRequest& request) : box(in) {
    child = box.box->launcher().launch(request, recorder, error);
  }
  bool until(const std::function<bool()>& done) { return run_until(box.io, done); }
  const exec::ExitInfo& finished() {
    INFO(error);
    REQUIRE(child);
    REQUIRE(until([&] { return recorder.exit.has_value(); }));
    box.io.poll();
    CHECK(recorder.finished_calls == 1);
    CHECK_FALSE(recorder.output_after_finish);
    CHECK_FALSE(child->running());
    return *recorder.exit;
  }

  Box& box;
  Recorder recorder;
  std::string error;
  std::unique_ptr<exec::Child> child;
};

// The PID namespace of a process ("pid:[4026532...]"), or "" when gone.
inline std::string pid_namespace_of(pid_t pid) {
  std::error_code ec;
  auto link = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/ns/pid", ec);
  return ec ? "" : link.string();
}

// Whether a live process of the host is still in that PID namespace (the
// init's zombie, which its shim reaps at once, does not count).
inline bool namespace_has_members(const std::string& ns) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (pid_namespace_of(std::stoi(name)) != ns) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto end = line.rfind(')');
    if (end != std::string::npos && end + 2 < line.size() && line[end + 2] != 'Z') return true;
  }
  return false;
}

}  // namespace ipcgrade::box::box_test
