#include "box/host_box.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <fmt/format.h>

#include "exec/launcher.h"

namespace ipcgrade::box {

namespace fs = std::filesystem;

namespace {

// Where slot locks live: a folder only root may write, so that a program
// under test cannot take the lock file's place.
constexpr const char* kLockDir = "/run/ipcgrade";

// How long killed survivors get to die before collect() goes on.
constexpr std::chrono::milliseconds kDeathDeadline{2000};

// The host launcher, with the box's cgroups added to every request.
class HostLauncher final : public exec::Launcher {
 public:
  HostLauncher(boost::asio::io_context& io, std::vector<std::string> cgroup_procs)
      : inner_(exec::make_process_launcher(io)), cgroup_procs_(std::move(cgroup_procs)) {}

  std::unique_ptr<exec::Child> launch(const exec::LaunchRequest& request,
                                      exec::ChildObserver& observer,
                                      std::string& error) override {
    return with_cgroups(request, [&](const exec::LaunchRequest& r) {
      return inner_->launch(r, observer, error);
    });
  }
  std::unique_ptr<exec::Child> prepare(const exec::LaunchRequest& request,
                                       exec::ChildObserver& observer,
                                       std::string& error) override {
    return with_cgroups(request, [&](const exec::LaunchRequest& r) {
      return inner_->prepare(r, observer, error);
    });
  }
  std::optional<std::size_t> processes_counted(std::optional<uid_t> uid) const override {
    if (!uid) return std::nullopt;  // RLIMIT_NPROC is not set under the runner's own uid
    return observe::processes_of(*uid).size();
  }

 private:
  // `start` with the request, the slot's cgroup.procs files added (copied
  // only when there are some).
  template <class Start>
  std::unique_ptr<exec::Child> with_cgroups(const exec::LaunchRequest& request, Start start) {
    if (cgroup_procs_.empty()) return start(request);
    exec::LaunchRequest copy = request;
    copy.cgroups = cgroup_procs_;
    return start(copy);
  }

  std::unique_ptr<exec::Launcher> inner_;
  std::vector<std::string> cgroup_procs_;
};

// Whether `word` names `name`: it holds it, not followed by more of a
// name ("/OS" is not in "/OSX").
bool mentions(const std::string& word, const std::string& name) {
  if (name.empty()) return false;
  for (auto at = word.find(name); at != std::string::npos; at = word.find(name, at + 1)) {
    const auto end = at + name.size();
    if (end == word.size()) return true;
    const unsigned char next = static_cast<unsigned char>(word[end]);
    if (!std::isalnum(next) && next != '_' && next != '-' && next != '.') return true;
  }
  return false;
}

// Where an orphan of the test can be reparented: init, or a subreaper
// among the runner's ancestors (the runner itself is none).
std::set<pid_t> adopters() {
  std::set<pid_t> found = {1};
  for (pid_t pid = ::getppid(); pid > 1 && found.insert(pid).second;) {
    const auto process = observe::read_process(pid);
    if (!process) break;
    pid = process->ppid;
  }
  return found;
}

bool contains(const std::vector<pid_t>& pids, pid_t pid) {
  return pid > 0 && std::find(pids.begin(), pids.end(), pid) != pids.end();
}

// Kills one process through a pidfd, after checking that the pid still
// names the process that was listed, so that a reused pid is never hit.
// Returns the pidfd to wait on, or -1 when it is gone already.
int kill_listed(const observe::ProcessInfo& process, std::vector<std::string>& errors) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, process.pid, 0));
  if (pidfd < 0) return -1;  // gone
  const auto now = observe::read_process(process.pid);
  if (!now || now->start_ticks != process.start_ticks) {
    ::close(pidfd);
    return -1;
  }
  ::syscall(SYS_pidfd_send_signal, pidfd, SIGCONT, nullptr, 0);
  if (::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0) != 0 && errno != ESRCH)
    errors.push_back(fmt::format("cannot kill process {} ('{}'): {}", process.pid,
                                 process.command(), std::strerror(errno)));
  return pidfd;
}

// A pidfd turns readable when its process has died (zombies included).
void wait_for_deaths(std::vector<int>& pidfds, std::vector<std::string>& errors) {
  const auto deadline = std::chrono::steady_clock::now() + kDeathDeadline;
  std::vector<pollfd> fds;
  for (int fd : pidfds) fds.push_back({fd, POLLIN, 0});
  while (!fds.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      errors.push_back(fmt::format("{} killed process(es) of the test did not die within {} ms",
                                   fds.size(), kDeathDeadline.count()));
      break;
    }
    if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR)
      break;
    std::erase_if(fds, [](const pollfd& p) { return p.revents != 0; });
  }
  for (int fd : pidfds) ::close(fd);
  pidfds.clear();
}

class HostTestBox final : public TestBox {
 public:
  HostTestBox(boost::asio::io_context& io, const BoxConfig& config,
              const observe::MqueueView& mqueue)
      : config_(config), lock_(config.uid), launcher_(io, config.cgroup_procs) {
    places_.mqueue_dir = mqueue.dir();
    places_.mqueue_unavailable = mqueue.unavailable();
    places_.scan_recursive = {config.scratch.string()};
    places_.scan_top_level = {"/tmp"};
    places_.working_dir = config.scratch.string();
    before_ = observe::take_snapshot(places_);
    for (const auto& process : processes_to_watch())
      processes_before_.insert({process.pid, process.start_ticks});
    own_pid_namespace_ = observe::pid_namespace(::getpid());
  }

  exec::Launcher& launcher() override { return launcher_; }
  fs::path root() const override { return "/"; }
  fs::path proc_net() const override { return "/proc/net"; }

  Leftovers collect(const Footprint& footprint) override {
    Leftovers left;
    collect_objects(footprint, left);
    collect_processes(footprint, left);
    if (before_.mqueue_unavailable)
      left.unchecked.push_back("posix_mq: " + *before_.mqueue_unavailable);
    return left;
  }

 private:
  // Every process that may be the test's: the slot uid's, or as the
  // runner's own user every process (the footprint narrows it later).
  std::vector<observe::ProcessInfo> processes_to_watch() const {
    return config_.uid ? observe::processes_of(*config_.uid) : observe::all_processes();
  }

  void collect_objects(const Footprint& footprint, Leftovers& left) {
    const observe::Snapshot after = observe::take_snapshot(places_);
    for (const auto& error : after.errors) left.cleanup_errors.push_back(error);
    for (auto& object : observe::appeared(before_, after)) {
      if (!detail::belongs_to_test(object, config_.uid, footprint)) continue;
      std::string error;
      if (!observe::remove_object(object, error)) left.cleanup_errors.push_back(error);
      left.objects.push_back(std::move(object));
    }
  }

  void collect_processes(const Footprint& footprint, Leftovers& left) {
    auto candidates = processes_to_watch();
    std::erase_if(candidates, [&](const observe::ProcessInfo& p) {
      return p.pid == ::getpid() || observe::pid_namespace(p.pid) != own_pid_namespace_;
    });
    auto found = detail::test_processes(candidates, processes_before_, config_.uid, footprint,
                                        adopters());
    // Everything of the test's is killed, launched groups included (the
    // launcher has killed those already: this only makes sure).
    std::vector<int> pidfds;
    for (const auto& process : found.to_kill) {
      const int fd = kill_listed(process, left.cleanup_errors);
      if (fd >= 0) pidfds.push_back(fd);
    }
    wait_for_deaths(pidfds, left.cleanup_errors);
    left.processes = std::move(found.to_report);
  }

  BoxConfig config_;
  SlotLock lock_;
  HostLauncher launcher_;
  observe::SnapshotPlaces places_;
  observe::Snapshot before_;
  std::set<detail::ProcessKey> processes_before_;
  std::string own_pid_namespace_;
};

}  // namespace

SlotLock::SlotLock(std::optional<uid_t> uid) {
  if (!uid || ::geteuid() != 0) return;
  if (::mkdir(kLockDir, 0755) != 0 && errno != EEXIST) return;
  const std::string path = fmt::format("{}/slot-{}.lock", kLockDir, *uid);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) return;
  while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
  }
}

SlotLock::~SlotLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

HostIsolation::HostIsolation(std::string reason)
    : reason_(std::move(reason)), mqueue_(observe::MqueueView::open()) {}

std::unique_ptr<TestBox> HostIsolation::open(boost::asio::io_context& io, const BoxConfig& config,
                                             std::string& error) {
  error.clear();
  return std::make_unique<HostTestBox>(io, config, mqueue_);
}

namespace detail {

bool belongs_to_test(const observe::IpcObject& object, const std::optional<uid_t>& slot_uid,
                     const Footprint& footprint) {
  if (slot_uid && object.uid == *slot_uid) return true;
  if (object.in_working_dir) return true;
  switch (object.kind) {
    case spec::LeakKind::sysv_shm:
    case spec::LeakKind::sysv_msg:
    case spec::LeakKind::sysv_sem:
      return contains(footprint.pids, object.creator) ||
             contains(footprint.pids, object.last_user) ||
             contains(footprint.pids, object.last_receiver);
    default:
      break;
  }
  return std::any_of(footprint.words.begin(), footprint.words.end(), [&](const std::string& w) {
    return mentions(w, object.name) || mentions(w, object.path);
  });
}

TestProcesses test_processes(const std::vector<observe::ProcessInfo>& candidates,
                             const std::set<ProcessKey>& before,
                             const std::optional<uid_t>& slot_uid, const Footprint& footprint,
                             const std::set<pid_t>& adopters) {
  // The new processes that may be the test's, by pid.
  std::map<pid_t, const observe::ProcessInfo*> fresh;
  for (const auto& p : candidates) {
    if (before.count({p.pid, p.start_ticks})) continue;
    const bool related = slot_uid ? p.uid == *slot_uid
                                  : contains(footprint.pids, p.pgid) ||
                                        contains(footprint.pids, p.sid);
    if (related) fresh[p.pid] = &p;
  }
  // Whether a process descends from the test, following parents through
  // the fresh ones (each looked at once, so a pid cycle cannot loop).
  std::map<pid_t, bool> descends;
  std::function<bool(const observe::ProcessInfo&)> of_test = [&](const observe::ProcessInfo& p) {
    if (auto known = descends.find(p.pid); known != descends.end()) return known->second;
    descends[p.pid] = false;
    bool yes = adopters.count(p.ppid) > 0 || contains(footprint.pids, p.ppid);
    if (!yes)
      if (auto parent = fresh.find(p.ppid); parent != fresh.end()) yes = of_test(*parent->second);
    return descends[p.pid] = yes;
  };
  TestProcesses found;
  for (const auto& [pid, p] : fresh) {
    if (!of_test(*p)) continue;
    found.to_kill.push_back(*p);
    if (!contains(footprint.pids, p->pgid)) found.to_report.push_back(*p);
  }
  return found;
}

}  // namespace detail

}  // namespace ipcgrade::box
