// The file system of a box, made by its init (PID 1) in the box's own
// mount namespace: nothing here touches the host's mounts.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "exec/unique_fd.h"

namespace ipcgrade::box {

struct MountPlan {
  std::filesystem::path scratch;  // kept at the same path (may be empty)
  std::vector<std::filesystem::path> visible;  // kept at the same path
  std::vector<std::filesystem::path> hidden;   // emptied
};

struct BoxMounts {
  // The box's POSIX message queues, as files: a detached mqueue mount held
  // by `mqueue` and reached through "/proc/1/fd/N" inside the box. Unset
  // when the kernel cannot make one, with the reason.
  std::optional<std::string> mqueue_dir;
  std::optional<std::string> mqueue_unavailable;
  exec::UniqueFd mqueue;
  // The host's /proc, kept open to tell a box pid's host pid.
  exec::UniqueFd host_proc;
};

// Makes every mount private, then: a fresh proc on /proc, fresh tmpfs on
// /dev/shm and /tmp (mode 1777) with the scratch and visible directories
// bound back at their paths (the visible ones read-only), an empty
// read-only tmpfs over each hidden directory, the mqueue mount, and the
// loopback interface up. False with `error` set when a step fails.
bool make_box_mounts(const MountPlan& plan, BoxMounts& mounts, std::string& error);

}  // namespace ipcgrade::box
