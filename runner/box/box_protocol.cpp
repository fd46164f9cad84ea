#include "box/box_protocol.h"

#include "mechanism/filter.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace ipcgrade::box {
namespace {

using nlohmann::json;

// A launch passes at most four descriptors (pidfd, stdout, stderr, stdin).
constexpr std::size_t kMaxFds = 8;

std::string system_error(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

template <class T>
std::optional<T> optional_from(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

json object_json(const observe::IpcObject& o) {
  return {{"kind", static_cast<int>(o.kind)},
          {"name", o.name},
          {"path", o.path},
          {"in_working_dir", o.in_working_dir},
          {"key", o.key},
          {"id", o.id},
          {"device", o.device},
          {"inode", o.inode},
          {"uid", o.uid},
          {"mode", o.mode},
          {"creator", o.creator},
          {"last_user", o.last_user},
          {"last_receiver", o.last_receiver},
          {"bytes", o.bytes},
          {"messages", o.messages},
          {"nattch", o.nattch},
          {"nsems", o.nsems}};
}

observe::IpcObject object_from(const json& j) {
  observe::IpcObject o;
  o.kind = static_cast<spec::LeakKind>(j.at("kind").get<int>());
  j.at("name").get_to(o.name);
  j.at("path").get_to(o.path);
  j.at("in_working_dir").get_to(o.in_working_dir);
  j.at("key").get_to(o.key);
  j.at("id").get_to(o.id);
  j.at("device").get_to(o.device);
  j.at("inode").get_to(o.inode);
  j.at("uid").get_to(o.uid);
  j.at("mode").get_to(o.mode);
  j.at("creator").get_to(o.creator);
  j.at("last_user").get_to(o.last_user);
  j.at("last_receiver").get_to(o.last_receiver);
  j.at("bytes").get_to(o.bytes);
  j.at("messages").get_to(o.messages);
  j.at("nattch").get_to(o.nattch);
  j.at("nsems").get_to(o.nsems);
  return o;
}

json process_json(const observe::ProcessInfo& p) {
  return {{"pid", p.pid},   {"ppid", p.ppid}, {"pgid", p.pgid},
          {"sid", p.sid},   {"state", std::string(1, p.state)},
          {"comm", p.comm}, {"argv", p.argv}, {"uid", p.uid},
          {"start_ticks", p.start_ticks}};
}

observe::ProcessInfo process_from(const json& j) {
  observe::ProcessInfo p;
  j.at("pid").get_to(p.pid);
  j.at("ppid").get_to(p.ppid);
  j.at("pgid").get_to(p.pgid);
  j.at("sid").get_to(p.sid);
  const auto state = j.at("state").get<std::string>();
  p.state = state.empty() ? '?' : state[0];
  j.at("comm").get_to(p.comm);
  j.at("argv").get_to(p.argv);
  j.at("uid").get_to(p.uid);
  j.at("start_ticks").get_to(p.start_ticks);
  return p;
}

// A seccomp filter travels as what it records: null (none), or
// {"record": false} (deny only) or {"record": true, "calls": [...]}.
json seccomp_json(const mechanism::Filter* filter) {
  if (!filter) return nullptr;
  json calls = json::array();
  for (const auto& call : filter->extra_calls) calls.push_back(call);
  return {{"record", filter->listener}, {"calls", calls}};
}

std::shared_ptr<const mechanism::Filter> seccomp_from(const json& j) {
  if (j.is_null()) return nullptr;
  if (!j.at("record").get<bool>()) return mechanism::deny_filter();
  return mechanism::recording_filter(j.at("calls").get<std::set<std::string>>());
}

}  // namespace

void widen_sends(int socket) {
  const int size = 8 << 20;
  // Root may pass net.core.wmem_max; others get what it allows.
  if (::setsockopt(socket, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    ::setsockopt(socket, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

bool send_message(int socket, const json& body, const std::vector<int>& fds, std::string& error) {
  // Invalid UTF-8 (a student's argv) is replaced rather than refused.
  const std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  iovec data{const_cast<char*>(text.data()), text.size()};
  msghdr header{};
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
  if (!fds.empty()) {
    header.msg_control = control;
    header.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
    cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(cmsg), fds.data(), sizeof(int) * fds.size());
  }
  ssize_t sent;
  do {
    sent = ::sendmsg(socket, &header, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent == static_cast<ssize_t>(text.size())) return true;
  error = sent < 0 ? system_error("sending to the box") : "sending to the box: message cut short";
  return false;
}

Receive receive_message(int socket, Message& message, std::string& error) {
  // The packet's size first, so that any size fits. The callers poll first:
  // this never blocks.
  ssize_t size;
  do {
    size = ::recv(socket, nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
  } while (size < 0 && errno == EINTR);
  if (size < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Receive::would_block;
  if (size < 0) {
    error = system_error("reading from the box");
    return Receive::failed;
  }
  std::string text(static_cast<std::size_t>(size) + 1, '\0');
  iovec data{text.data(), text.size()};
  msghdr header{};
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
  header.msg_control = control;
  header.msg_controllen = sizeof control;
  ssize_t got;
  do {
    got = ::recvmsg(socket, &header, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Receive::would_block;
  if (got < 0) {
    error = system_error("reading from the box");
    return Receive::failed;
  }
  message.fds.clear();
  for (cmsghdr* cmsg = CMSG_FIRSTHDR(&header); cmsg; cmsg = CMSG_NXTHDR(&header, cmsg)) {
    if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof fd);
      message.fds.emplace_back(fd);
    }
  }
  if (got == 0) return Receive::closed;
  if (header.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
    error = "reading from the box: message cut short";
    return Receive::failed;
  }
  text.resize(static_cast<std::size_t>(got));
  message.body = json::parse(text, nullptr, false);
  if (message.body.is_discarded()) {
    error = "reading from the box: not a JSON message";
    return Receive::failed;
  }
  return Receive::message;
}

json launch_request_json(const exec::LaunchRequest& r) {
  const exec::Rlimits& l = r.limits;
  return {{"exe", r.exe.string()},
          {"argv", r.argv},
          {"env", r.env},
          {"cwd", r.cwd.string()},
          {"limits",
           {{"cpu_seconds", l.cpu_seconds},
            {"address_space", l.address_space},
            {"processes", l.processes},
            {"processes_apart", l.processes_apart},
            {"file_size", l.file_size},
            {"open_files", l.open_files}}},
          {"uid", r.uid ? json(*r.uid) : json()},
          {"gid", r.gid ? json(*r.gid) : json()},
          {"stdin_pipe", r.stdin_pipe},
          {"tty", r.tty},
          {"cgroups", r.cgroups},
          {"seccomp", seccomp_json(r.seccomp.get())}};
}

exec::LaunchRequest launch_request_from(const json& j) {
  exec::LaunchRequest r;
  r.exe = j.at("exe").get<std::string>();
  j.at("argv").get_to(r.argv);
  j.at("env").get_to(r.env);
  r.cwd = j.at("cwd").get<std::string>();
  const json& l = j.at("limits");
  l.at("cpu_seconds").get_to(r.limits.cpu_seconds);
  l.at("address_space").get_to(r.limits.address_space);
  l.at("processes").get_to(r.limits.processes);
  l.at("processes_apart").get_to(r.limits.processes_apart);
  l.at("file_size").get_to(r.limits.file_size);
  l.at("open_files").get_to(r.limits.open_files);
  r.uid = optional_from<uid_t>(j.at("uid"));
  r.gid = optional_from<gid_t>(j.at("gid"));
  j.at("stdin_pipe").get_to(r.stdin_pipe);
  j.at("tty").get_to(r.tty);
  j.at("cgroups").get_to(r.cgroups);
  // The filter is built again here, before the fork, from what it records;
  // the listener's socket arrives beside the message (SCM_RIGHTS).
  r.seccomp = seccomp_from(j.value("seccomp", json()));
  return r;
}

json leftovers_json(const Leftovers& leftovers) {
  json objects = json::array();
  for (const auto& object : leftovers.objects) objects.push_back(object_json(object));
  json processes = json::array();
  for (const auto& process : leftovers.processes) processes.push_back(process_json(process));
  return {{"objects", objects},
          {"processes", processes},
          {"unchecked", leftovers.unchecked},
          {"cleanup_errors", leftovers.cleanup_errors}};
}

Leftovers leftovers_from(const json& j) {
  Leftovers leftovers;
  for (const auto& object : j.at("objects")) leftovers.objects.push_back(object_from(object));
  for (const auto& process : j.at("processes"))
    leftovers.processes.push_back(process_from(process));
  j.at("unchecked").get_to(leftovers.unchecked);
  j.at("cleanup_errors").get_to(leftovers.cleanup_errors);
  return leftovers;
}

json exit_json(const exec::ExitInfo& info) {
  return {{"status", info.wait_status},
          {"cpu_user_us", info.cpu_user.count()},
          {"cpu_system_us", info.cpu_system.count()},
          {"group_survivors", info.group_survivors}};
}

exec::ExitInfo exit_info_from(const json& j) {
  exec::ExitInfo info;
  j.at("status").get_to(info.wait_status);
  info.cpu_user = std::chrono::microseconds(j.at("cpu_user_us").get<std::int64_t>());
  info.cpu_system = std::chrono::microseconds(j.at("cpu_system_us").get<std::int64_t>());
  j.at("group_survivors").get_to(info.group_survivors);
  return info;
}

}  // namespace ipcgrade::box
