// A cgroup per run of a test (decisions.md 3): it holds the test's
// processes and memory together, tells afterwards whether a limit was hit,
// and kills everything in it, a fork bomb racing the kill included.
//
// Cgroup v1 (pids, memory and freezer controllers, each its own mount) and
// v2 (one unified tree with cgroup.kill) are both supported. The runner
// makes one parent, ipcgrade-<runner pid>, directly under each controller's
// mount and one child per run inside it; the parent goes when the runner
// exits (and a dead runner's empty parent at the next runner's start).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ipcgrade::box {

// What the machine offers, found once per runner.
struct CgroupSupport {
  enum class Version { none, v1, v2 };
  Version version = Version::none;
  // v1: the mount point of each controller (empty when it is missing);
  // v2: the unified mount in `unified`.
  std::filesystem::path pids;
  std::filesystem::path memory;
  std::filesystem::path freezer;
  std::filesystem::path unified;
  // Why there is no usable cgroup, or what is missing, to say once.
  std::string reason;

  bool holds_processes() const;
  bool holds_memory() const;
};

// Reads /proc/self/mounts once. Needs root (or write access to the mounts).
const CgroupSupport& detect_cgroups();

struct CgroupLimits {
  std::uint64_t processes = 0;  // tasks at once (pids.max); 0: no limit
  std::uint64_t memory = 0;     // bytes of memory, without swap; 0: no limit
};

class TestCgroup {
 public:
  // A fresh cgroup with these limits, or nullptr and why in `error`.
  static std::unique_ptr<TestCgroup> create(const CgroupLimits& limits, std::string& error);
  ~TestCgroup();  // kills what is left and removes the directories
  TestCgroup(const TestCgroup&) = delete;
  TestCgroup& operator=(const TestCgroup&) = delete;

  // The cgroup.procs files a program writes "0" into to join (one per v1
  // controller, one in v2): for BoxConfig::cgroup_procs.
  std::vector<std::string> procs_files() const;
  // Pids of the processes in it now (zombies are not listed).
  std::vector<int> pids() const;
  // SIGKILL to everything in it, until it is empty. v2: cgroup.kill. v1:
  // freeze, kill every listed pid, thaw, so that no process forks past the
  // kill. False, with why in `error`, if something was still alive after a
  // few seconds.
  bool kill_all(std::string& error);

  // A fork failed because the processes limit was reached (pids.events).
  bool pids_limit_hit() const;
  // The kernel's OOM killer killed a process of the cgroup for its memory
  // limit (v1 memory.oom_control, v2 memory.events oom_kill).
  bool memory_limit_hit() const;

  const CgroupLimits& limits() const { return limits_; }
  bool holds_processes() const { return !pids_dir_.empty(); }
  bool holds_memory() const { return !memory_dir_.empty(); }

 private:
  explicit TestCgroup(const CgroupLimits& limits) : limits_(limits) {}
  bool make(const CgroupSupport& support, std::string& error);
  void remove();

  CgroupLimits limits_;
  std::vector<std::filesystem::path> dirs_;  // every directory made, in order
  std::filesystem::path pids_dir_;           // where pids.* live (v2: the one dir)
  std::filesystem::path memory_dir_;         // where memory.* live
  std::filesystem::path freezer_dir_;        // v1 only
  std::filesystem::path kill_file_;          // v2 cgroup.kill, when it exists
  std::filesystem::path procs_dir_;          // a directory whose cgroup.procs lists all
};

}  // namespace ipcgrade::box
