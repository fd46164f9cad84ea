// What the kernel shows about a test's world, for start conditions:
// whether a path exists, whether something listens on a port or a Unix
// socket path. Read on demand; the scenario polls them on a short backoff
// while a condition waits.
#pragma once

#include <string>

namespace ipcgrade::exec {

bool path_exists(const std::string& path);

// `address` is "tcp:PORT", "udp:PORT" or "unix:PATH": a listening TCP socket
// on that port, a bound UDP socket on it, or a listening Unix stream socket
// bound to that path (from /proc/net/{tcp,tcp6,udp,udp6,unix}).
bool is_listening(const std::string& address);

}  // namespace ipcgrade::exec
