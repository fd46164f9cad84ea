#include "exec/probes.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace ipcgrade::exec {

namespace {

// /proc/net/tcp lines: "sl local_address rem_address st ...", addresses as
// HEX_IP:HEX_PORT. TCP state 0A is LISTEN; a bound UDP socket shows 07.
bool inet_table_has(const std::filesystem::path& table, unsigned port, const char* state) {
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, st;
    if (!(fields >> slot >> local >> remote >> st)) continue;
    const auto colon = local.rfind(':');
    if (colon == std::string::npos) continue;
    if (std::stoul(local.substr(colon + 1), nullptr, 16) == port && st == state) return true;
  }
  return false;
}

// /proc/net/unix lines: "Num RefCount Protocol Flags Type St Inode Path";
// flag 00010000 (__SO_ACCEPTCON) marks a listening socket.
bool unix_listening(const std::filesystem::path& proc_net, const std::string& path) {
  std::ifstream in(proc_net / "unix");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string num, refs, protocol, flags, type, st, inode, name;
    if (!(fields >> num >> refs >> protocol >> flags >> type >> st >> inode >> name)) continue;
    if (name == path && (std::stoul(flags, nullptr, 16) & 0x10000)) return true;
  }
  return false;
}

}  // namespace

bool path_exists(const std::string& path, const std::filesystem::path& root) {
  struct stat st;
  if (root == "/") return ::lstat(path.c_str(), &st) == 0;
  const std::string inside = (root / std::filesystem::path(path).relative_path()).string();
  return ::lstat(inside.c_str(), &st) == 0;
}

bool is_listening(const std::string& address, const std::filesystem::path& proc_net) {
  const auto colon = address.find(':');
  if (colon == std::string::npos) return false;
  const std::string kind = address.substr(0, colon);
  const std::string rest = address.substr(colon + 1);
  if (kind == "unix") return unix_listening(proc_net, rest);
  unsigned port = 0;
  try {
    port = static_cast<unsigned>(std::stoul(rest));
  } catch (const std::exception&) {
    return false;
  }
  if (kind == "tcp")
    return inet_table_has(proc_net / "tcp", port, "0A") ||
           inet_table_has(proc_net / "tcp6", port, "0A");
  if (kind == "udp")
    return inet_table_has(proc_net / "udp", port, "07") ||
           inet_table_has(proc_net / "udp6", port, "07");
  return false;
}

}  // namespace ipcgrade::exec
