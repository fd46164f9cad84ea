#include "observe/mqueue_view.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "observe/ipc_readers.h"

namespace ipcgrade::observe {

namespace {

// /proc/self/mounts writes space, tab, newline and backslash as \ooo.
std::string unescape_mount_path(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() &&
        std::all_of(text.begin() + i + 1, text.begin() + i + 4,
                    [](char c) { return c >= '0' && c <= '7'; })) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Closes every descriptor but `a` and `b`, so that the holder keeps none of
// the runner's pipes open (a test's reader would never see end of file).
void close_all_but(int a, int b) {
  const unsigned lo = static_cast<unsigned>(std::min(a, b));
  const unsigned hi = static_cast<unsigned>(std::max(a, b));
  if (lo > 0) ::close_range(0, lo - 1, 0);
  if (hi > lo + 1) ::close_range(lo + 1, hi - 1, 0);
  ::close_range(hi + 1, ~0U, 0);
}

// The holder child: only system calls from here on, since the runner may
// have had other threads when it forked.
[[noreturn]] void hold_mount(const char* mount_point, int report_fd, int release_fd,
                             pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);
  // Its own session: a Ctrl-C meant for the runner must not end the view
  // while the runner cleans up.
  ::setsid();
  close_all_but(report_fd, release_fd);
  int error = 0;
  if (::unshare(CLONE_NEWNS) != 0)
    error = errno;
  // Private first: a mount under a shared "/" would propagate to the host.
  else if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    error = errno;
  else if (::mount("mqueue", mount_point, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0)
    error = errno;
  (void)!::write(report_fd, &error, sizeof error);
  ::close(report_fd);
  char byte;
  while (::read(release_fd, &byte, 1) < 0 && errno == EINTR) {
  }
  ::_exit(0);
}

int read_report(int fd) {
  int error = 0;
  ssize_t got;
  while ((got = ::read(fd, &error, sizeof error)) < 0 && errno == EINTR) {
  }
  return got == static_cast<ssize_t>(sizeof error) ? error : ECHILD;
}

std::string mount_failure(int error) {
  if (error == EPERM)
    return fmt::format(
        "no mqueue filesystem is mounted, and mounting one needs root (CAP_SYS_ADMIN): {}",
        std::strerror(error));
  return fmt::format("no mqueue filesystem is mounted, and mounting one failed: {}",
                     std::strerror(error));
}

}  // namespace

std::optional<std::string> find_mqueue_mount(const std::string& mounts_file) {
  std::ifstream in(mounts_file);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string source, target, type;
    if (fields >> source >> target >> type && type == "mqueue") return unescape_mount_path(target);
  }
  return std::nullopt;
}

MqueueView MqueueView::open() {
  const auto mounted = find_mqueue_mount();
  if (mounted && is_mqueue_fs(*mounted)) {
    MqueueView view;
    view.dir_ = *mounted;
    return view;
  }
  return open_private();
}

MqueueView MqueueView::open_private() {
  MqueueView view;
  char mount_point[] = "/tmp/ipcgrade-mqueue-XXXXXX";
  int report[2], release[2];
  if (!::mkdtemp(mount_point)) {
    view.unavailable_ = mount_failure(errno);
    return view;
  }
  if (::pipe2(report, O_CLOEXEC) != 0 || ::pipe2(release, O_CLOEXEC) != 0) {
    view.unavailable_ = mount_failure(errno);
    ::rmdir(mount_point);
    return view;
  }
  view.mount_point_ = mount_point;
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) hold_mount(mount_point, report[1], release[0], parent);
  ::close(report[1]);
  ::close(release[0]);
  view.holder_ = pid;
  view.release_fd_ = release[1];
  const int error = pid < 0 ? errno : read_report(report[0]);
  ::close(report[0]);
  if (error != 0) {
    view.release();
    view.unavailable_ = mount_failure(error);
    return view;
  }
  view.dir_ = fmt::format("/proc/{}/root{}", pid, view.mount_point_);
  return view;
}

MqueueView::MqueueView(MqueueView&& other) noexcept { *this = std::move(other); }

MqueueView& MqueueView::operator=(MqueueView&& other) noexcept {
  if (this == &other) return *this;
  release();
  dir_ = std::exchange(other.dir_, std::nullopt);
  unavailable_ = std::exchange(other.unavailable_, std::nullopt);
  holder_ = std::exchange(other.holder_, -1);
  release_fd_ = std::exchange(other.release_fd_, -1);
  mount_point_ = std::exchange(other.mount_point_, std::string());
  return *this;
}

MqueueView::~MqueueView() { release(); }

void MqueueView::release() {
  if (release_fd_ >= 0) ::close(release_fd_);
  release_fd_ = -1;
  if (holder_ > 0) {
    while (::waitpid(holder_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  holder_ = -1;
  if (!mount_point_.empty()) ::rmdir(mount_point_.c_str());
  mount_point_.clear();
  dir_.reset();
}

}  // namespace ipcgrade::observe
