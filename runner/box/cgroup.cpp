#include "box/cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace ipcgrade::box {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kKillDeadline = std::chrono::seconds(5);
constexpr auto kFreezeDeadline = std::chrono::seconds(2);
constexpr const char* kParentPrefix = "ipcgrade-";

bool write_file(const fs::path& file, const std::string& text, std::string& error) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    error = file.string() + ": " + std::strerror(errno);
    return false;
  }
  const ssize_t wrote = ::write(fd, text.data(), text.size());
  const int saved = errno;
  ::close(fd);
  if (wrote == static_cast<ssize_t>(text.size())) return true;
  error = file.string() + ": " + std::strerror(wrote < 0 ? saved : EIO);
  return false;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The number after `key` in a flat-keyed file ("max 3", "oom_kill 1").
std::uint64_t read_key(const fs::path& file, const std::string& key) {
  std::istringstream in(read_file(file));
  std::string name;
  std::uint64_t value = 0;
  while (in >> name >> value)
    if (name == key) return value;
  return 0;
}

bool writable_dir(const fs::path& dir) { return ::access(dir.c_str(), W_OK) == 0; }

// Waits for `done` with a growing pause between looks, until `deadline`.
// Used where the kernel offers no event: a freezer's state, an emptying
// cgroup.procs (v1).
template <class Done>
bool wait_until(Done done, Clock::time_point deadline) {
  auto pause = std::chrono::microseconds(100);
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(5000));
  }
  return true;
}

void parse_mounts(const std::string& mounts, CgroupSupport& out) {
  std::istringstream lines(mounts);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string device, point, type, options;
    if (!(words >> device >> point >> type >> options)) continue;
    if (type == "cgroup2") {
      const std::string controllers = read_file(fs::path(point) / "cgroup.controllers");
      std::istringstream names(controllers);
      std::set<std::string> have{std::istream_iterator<std::string>(names), {}};
      if (have.count("pids") && have.count("memory") && out.unified.empty()) out.unified = point;
      continue;
    }
    if (type != "cgroup") continue;
    std::istringstream opts(options);
    for (std::string opt; std::getline(opts, opt, ',');) {
      if (opt == "pids" && out.pids.empty()) out.pids = point;
      if (opt == "memory" && out.memory.empty()) out.memory = point;
      if (opt == "freezer" && out.freezer.empty()) out.freezer = point;
    }
  }
}

CgroupSupport detect_now() {
  CgroupSupport out;
  parse_mounts(read_file("/proc/self/mounts"), out);
  if (!out.unified.empty()) {
    out.pids = out.memory = out.freezer = fs::path();
    if (!writable_dir(out.unified)) {
      out.reason =
          "cgroup v2 is not writable (the runner is not root): processes and memory "
          "are held by rlimits only";
      return out;
    }
    out.version = CgroupSupport::Version::v2;
    return out;
  }
  for (fs::path* dir : {&out.pids, &out.memory, &out.freezer})
    if (!dir->empty() && !writable_dir(*dir)) *dir = fs::path();
  if (out.pids.empty() && out.memory.empty()) {
    out.freezer = fs::path();
    out.reason =
        "no writable cgroup (v2 with pids and memory, or v1 pids or memory): processes "
        "and memory are held by rlimits only";
    return out;
  }
  out.version = CgroupSupport::Version::v1;
  if (out.pids.empty())
    out.reason =
        "cgroup v1 has no pids controller: processes are held by "
        "rlimits only";
  else if (out.memory.empty())
    out.reason =
        "cgroup v1 has no memory controller: memory is held "
        "by rlimits only";
  else if (out.freezer.empty())
    out.reason =
        "cgroup v1 has no freezer: a fork bomb is killed in "
        "rounds";
  return out;
}

// Removes the empty parents of runners that died without cleaning up.
void sweep_dead_parents(const fs::path& mount) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(mount, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kParentPrefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + std::strlen(kParentPrefix), nullptr, 10);
    if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
      continue;
    std::error_code inner;
    for (const auto& child : fs::directory_iterator(entry.path(), inner))
      if (child.is_directory()) ::rmdir(child.path().c_str());
    ::rmdir(entry.path().c_str());
  }
}

// This runner's parent directory under each mount, made on first use and
// removed when the runner exits. Slots make their tests' cgroups from
// threads of their own, at once: every member is behind the mutex.
class Parents {
 public:
  ~Parents() {
    for (const auto& dir : made_) ::rmdir(dir.c_str());
  }
  std::optional<fs::path> under(const fs::path& mount, bool v2, std::string& error) {
    const std::lock_guard lock(mutex_);
    if (auto it = made_by_mount_.find(mount); it != made_by_mount_.end()) return it->second;
    sweep_dead_parents(mount);
    const fs::path dir = mount / (kParentPrefix + std::to_string(::getpid()));
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
      error = "cannot create " + dir.string() + ": " + std::strerror(errno);
      return std::nullopt;
    }
    made_.push_back(dir);
    made_by_mount_[mount] = dir;
    // v2: the children get the pids and memory controllers.
    if (v2 && (!write_file(mount / "cgroup.subtree_control", "+pids +memory", error) ||
               !write_file(dir / "cgroup.subtree_control", "+pids +memory", error)))
      return std::nullopt;
    return dir;
  }
  std::uint64_t next() {
    const std::lock_guard lock(mutex_);
    return ++counter_;
  }

 private:
  std::mutex mutex_;
  std::vector<fs::path> made_;
  std::map<fs::path, fs::path> made_by_mount_;
  std::uint64_t counter_ = 0;
};

Parents& parents() {
  static Parents instance;
  return instance;
}

}  // namespace

bool CgroupSupport::holds_processes() const {
  return version == Version::v2 || (version == Version::v1 && !pids.empty());
}

bool CgroupSupport::holds_memory() const {
  return version == Version::v2 || (version == Version::v1 && !memory.empty());
}

const CgroupSupport& detect_cgroups() {
  static const CgroupSupport support = detect_now();
  return support;
}

std::unique_ptr<TestCgroup> TestCgroup::create(const CgroupLimits& limits, std::string& error) {
  const CgroupSupport& support = detect_cgroups();
  if (support.version == CgroupSupport::Version::none) {
    error = support.reason;
    return nullptr;
  }
  std::unique_ptr<TestCgroup> cgroup(new TestCgroup(limits));
  if (!cgroup->make(support, error)) return nullptr;  // the destructor removes what was made
  return cgroup;
}

bool TestCgroup::make(const CgroupSupport& support, std::string& error) {
  const bool v2 = support.version == CgroupSupport::Version::v2;
  const std::string name = "run-" + std::to_string(parents().next());
  std::map<fs::path, fs::path> by_mount;  // co-mounted controllers share a directory
  auto dir_in = [&](const fs::path& mount) -> std::optional<fs::path> {
    if (auto it = by_mount.find(mount); it != by_mount.end()) return it->second;
    auto parent = parents().under(mount, v2, error);
    if (!parent) return std::nullopt;
    const fs::path dir = *parent / name;
    if (::mkdir(dir.c_str(), 0755) != 0) {
      error = "cannot create " + dir.string() + ": " + std::strerror(errno);
      return std::nullopt;
    }
    dirs_.push_back(dir);
    by_mount[mount] = dir;
    return dir;
  };
  for (auto [mount, slot] : {std::pair{v2 ? support.unified : support.pids, &pids_dir_},
                             std::pair{v2 ? support.unified : support.memory, &memory_dir_},
                             std::pair{v2 ? fs::path() : support.freezer, &freezer_dir_}}) {
    if (mount.empty()) continue;
    auto dir = dir_in(mount);
    if (!dir) return false;
    *slot = *dir;
  }
  procs_dir_ = dirs_.front();
  if (v2 && fs::exists(dirs_.front() / "cgroup.kill")) kill_file_ = dirs_.front() / "cgroup.kill";
  if (limits_.processes != 0 && !pids_dir_.empty() &&
      !write_file(pids_dir_ / "pids.max", std::to_string(limits_.processes), error))
    return false;
  if (limits_.memory == 0 || memory_dir_.empty()) return true;
  const std::string bytes = std::to_string(limits_.memory);
  if (v2) {
    if (!write_file(memory_dir_ / "memory.max", bytes, error)) return false;
    // Swap would let a memory bomb run on, slowly, past its limit.
    if (fs::exists(memory_dir_ / "memory.swap.max"))
      return write_file(memory_dir_ / "memory.swap.max", "0", error);
    return true;
  }
  // memsw (memory and swap) may never be below the memory limit: set that first.
  if (!write_file(memory_dir_ / "memory.limit_in_bytes", bytes, error)) return false;
  if (fs::exists(memory_dir_ / "memory.memsw.limit_in_bytes"))
    return write_file(memory_dir_ / "memory.memsw.limit_in_bytes", bytes, error);
  return true;
}

TestCgroup::~TestCgroup() {
  std::string ignored;
  if (!dirs_.empty()) kill_all(ignored);
  remove();
}

void TestCgroup::remove() {
  for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) ::rmdir(it->c_str());
  dirs_.clear();
}

std::vector<std::string> TestCgroup::procs_files() const {
  std::vector<std::string> files;
  for (const auto& dir : dirs_) files.push_back((dir / "cgroup.procs").string());
  return files;
}

std::vector<int> TestCgroup::pids() const {
  std::vector<int> out;
  std::istringstream in(read_file(procs_dir_ / "cgroup.procs"));
  for (int pid; in >> pid;) out.push_back(pid);
  return out;
}

bool TestCgroup::kill_all(std::string& error) {
  const auto deadline = Clock::now() + kKillDeadline;
  const auto kill_listed = [this] {
    for (int pid : pids()) ::kill(pid, SIGKILL);
  };
  // Empty, nothing can fork into it: no freeze, no kill (the freezer's
  // FROZEN write alone costs milliseconds). A process joins only by being
  // written into cgroup.procs, which this runner does before a test, never
  // after it.
  if (pids().empty()) return true;
  if (!kill_file_.empty()) {
    if (!write_file(kill_file_, "1", error)) kill_listed();
  } else if (!freezer_dir_.empty()) {
    // Frozen, nothing forks: the list read now is complete, and every
    // process on it dies once thawed.
    const fs::path state = freezer_dir_ / "freezer.state";
    std::string ignored;
    write_file(state, "FROZEN", ignored);
    wait_until([&] { return read_file(state).rfind("FROZEN", 0) == 0; },
               Clock::now() + kFreezeDeadline);
    kill_listed();
    write_file(state, "THAWED", ignored);
  }
  // Without a freezer, a fork bomb's new children are killed in later rounds.
  const bool empty = wait_until(
      [&] {
        if (pids().empty()) return true;
        kill_listed();
        return false;
      },
      deadline);
  if (!empty)
    error = "processes of " + procs_dir_.string() + " were still alive " +
            std::to_string(kKillDeadline.count()) + "s after SIGKILL";
  return empty;
}

bool TestCgroup::pids_limit_hit() const {
  return !pids_dir_.empty() && read_key(pids_dir_ / "pids.events", "max") > 0;
}

bool TestCgroup::memory_limit_hit() const {
  if (memory_dir_.empty()) return false;
  if (fs::exists(memory_dir_ / "memory.events"))
    return read_key(memory_dir_ / "memory.events", "oom_kill") > 0;
  return read_key(memory_dir_ / "memory.oom_control", "oom_kill") > 0;
}

}  // namespace ipcgrade::box
