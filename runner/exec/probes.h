// What the kernel shows about a test's world, for start conditions:
// whether a path exists, whether something listens on a port or a Unix
// socket path. Read on demand; the scenario polls them on a short backoff
// while a condition waits.
#pragma once

#include <filesystem>
#include <string>

namespace ipcgrade::exec {

// `path` is absolute, as the test sees it; `root` is where the test's "/"
// is reached from the runner (a box's /proc/PID/root/).
bool path_exists(const std::string& path, const std::filesystem::path& root = "/");

// `address` is "tcp:PORT", "udp:PORT" or "unix:PATH": a listening TCP socket
// on that port, a bound UDP socket on it, or a listening Unix stream socket
// bound to that path (from {tcp,tcp6,udp,udp6,unix} in `proc_net`, the
// test's /proc/net).
bool is_listening(const std::string& address,
                  const std::filesystem::path& proc_net = "/proc/net");

}  // namespace ipcgrade::exec
