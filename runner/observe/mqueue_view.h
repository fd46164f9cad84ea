// Where this IPC namespace's POSIX message queues can be listed. Queues
// work without any mount (mq_open uses the kernel's internal one), but only
// a mounted mqueue filesystem shows them as files, and many machines (this
// one included) have no /dev/mqueue. As root, MqueueView mounts one for
// the runner alone: a small holder child unshares its mount namespace,
// makes it private, mounts mqueue on an empty temporary directory, and
// waits; the runner reaches that mount through /proc/HOLDER/root. Nothing
// is ever mounted on the host, and when the runner dies the holder, its
// namespace and the mount go with it.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace ipcgrade::observe {

// The first mqueue filesystem listed in a /proc/self/mounts-like file.
std::optional<std::string> find_mqueue_mount(const std::string& mounts_file = "/proc/self/mounts");

class MqueueView {
 public:
  // Uses a mounted mqueue filesystem if there is one, else mounts one
  // privately; else dir() is unset and unavailable() says why.
  static MqueueView open();
  // Always mounts privately (tests use it to exercise that path).
  static MqueueView open_private();

  MqueueView(MqueueView&& other) noexcept;
  MqueueView& operator=(MqueueView&& other) noexcept;
  MqueueView(const MqueueView&) = delete;
  MqueueView& operator=(const MqueueView&) = delete;
  ~MqueueView();

  const std::optional<std::string>& dir() const { return dir_; }
  const std::optional<std::string>& unavailable() const { return unavailable_; }
  // The holder child's pid, or -1 when no private mount is held.
  pid_t holder() const { return holder_; }

 private:
  MqueueView() = default;
  void release();

  std::optional<std::string> dir_;
  std::optional<std::string> unavailable_;
  pid_t holder_ = -1;
  int release_fd_ = -1;        // closing it tells the holder to exit
  std::string mount_point_;  // the empty directory on the host
};

}  // namespace ipcgrade::observe
