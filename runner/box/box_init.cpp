#include "box/box_init.h"

#include "mechanism/filter.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "box/box_mounts.h"
#include "box/box_protocol.h"
#include "exec/spawn.h"
#include "observe/ipc_objects.h"
#include "observe/processes.h"

namespace ipcgrade::box {
namespace {

using exec::UniqueFd;
using nlohmann::json;

constexpr int kNamespaces = CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWUTS;

std::string system_error(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

void send_failure(int socket, const std::string& message) {
  std::string ignored;
  send_message(socket, {{"type", "failed"}, {"error", message}}, {}, ignored);
}

std::chrono::microseconds micros(const timeval& time) {
  return std::chrono::seconds(time.tv_sec) + std::chrono::microseconds(time.tv_usec);
}

// The pid `fdinfo` names in the Pid: line of a pidfd's fdinfo file.
pid_t pid_in_fdinfo(int dir, const std::string& path) {
  UniqueFd fd(::openat(dir, path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return 0;
  char text[1024];
  const ssize_t got = ::read(fd.get(), text, sizeof text - 1);
  if (got <= 0) return 0;
  text[got] = '\0';
  const char* line = std::strstr(text, "\nPid:");
  return line ? static_cast<pid_t>(std::strtol(line + 5, nullptr, 10)) : 0;
}

class Init {
 public:
  Init(int socket, int signals) : socket_(socket), signals_(signals) {}
  int run();

 private:
  bool set_up();
  bool serve(const Message& message);
  void launch(const Message& message);
  void reply_launch_failure(std::int64_t id, const std::string& error);
  void reap_ready();
  void report_exit(pid_t pid, int status, const rusage& usage);
  void collect();
  void audit_processes(Leftovers& out);
  pid_t host_pid(pid_t pid);
  void kill_all();
  bool send(const json& body, const std::vector<int>& fds = {});

  int socket_;
  int signals_;
  boost::asio::io_context io_;  // Boost.Process wants an executor; never run
  MountPlan plan_;
  BoxMounts mounts_;
  std::map<pid_t, std::int64_t> launched_;  // box pid -> launch id
  bool runner_gone_ = false;
};

int Init::run() {
  if (!set_up()) return 1;
  while (!runner_gone_) {
    pollfd watched[2] = {{socket_, POLLIN, 0}, {signals_, POLLIN, 0}};
    if (::poll(watched, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (watched[1].revents & POLLIN) reap_ready();
    if (watched[0].revents == 0) continue;
    Message message;
    std::string error;
    const Receive got = receive_message(socket_, message, error);
    if (got == Receive::would_block) continue;
    if (got != Receive::message || !serve(message)) break;
  }
  kill_all();
  return 0;
}

bool Init::set_up() {
  Message message;
  std::string error;
  pollfd watched{socket_, POLLIN, 0};
  while (::poll(&watched, 1, -1) < 0 && errno == EINTR) {
  }
  if (receive_message(socket_, message, error) != Receive::message) return false;
  try {
    const json& body = message.body;
    plan_.scratch = body.at("scratch").get<std::string>();
    for (const auto& dir : body.at("visible")) plan_.visible.push_back(dir.get<std::string>());
    for (const auto& dir : body.at("hidden")) plan_.hidden.push_back(dir.get<std::string>());
  } catch (const json::exception& e) {
    send_failure(socket_, std::string("bad setup message: ") + e.what());
    return false;
  }
  if (!make_box_mounts(plan_, mounts_, error)) {
    send_failure(socket_, error);
    return false;
  }
  UniqueFd self(static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0)));
  if (!self.valid()) {
    send_failure(socket_, system_error("pidfd_open"));
    return false;
  }
  json ready = {{"type", "ready"}, {"mqueue", nullptr}, {"mqueue_unavailable", nullptr}};
  if (mounts_.mqueue_dir) ready["mqueue"] = *mounts_.mqueue_dir;
  if (mounts_.mqueue_unavailable) ready["mqueue_unavailable"] = *mounts_.mqueue_unavailable;
  return send(ready, {self.get()});
}

bool Init::serve(const Message& message) {
  try {
    const std::string type = message.body.at("type").get<std::string>();
    if (type == "launch") launch(message);
    if (type == "collect") collect();
  } catch (const json::exception& e) {
    send_failure(socket_, std::string("bad message: ") + e.what());
    return false;
  }
  return !runner_gone_;
}

void Init::launch(const Message& message) {
  const json& body = message.body;
  const std::int64_t id = body.at("id").get<std::int64_t>();
  exec::LaunchRequest request = launch_request_from(body.at("request"));
  // The socket the program sends its seccomp listener over, to the runner
  // (mechanism evidence); ours closes when this message is dropped.
  if (request.seccomp && request.seccomp->listener) {
    if (message.fds.empty()) return reply_launch_failure(id, "the listener socket is missing");
    request.listener_socket = message.fds.front().get();
  }
  if (auto problem = exec::launch_problem(request)) return reply_launch_failure(id, *problem);
  exec::StdioEnds ends;
  std::string error;
  if (!exec::open_stdio(request, ends, error)) return reply_launch_failure(id, error);
  // Prepared (Launcher::prepare): parked before execve; its gate and error
  // pipe go to the runner, which releases it with one write, not through us.
  const bool parked = body.value("parked", false);
  exec::ParkedEnds gate;
  const pid_t pid = exec::spawn_program(io_, request, ends, error, parked ? &gate : nullptr);
  if (pid < 0) return reply_launch_failure(id, error);
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd.valid()) {
    // It is killed here and reaped with the others; nobody hears of it.
    error = "cannot watch " + request.exe.string() + ": " + std::strerror(errno);
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    return reply_launch_failure(id, error);
  }
  launched_[pid] = id;
  // Told now: once the program has been reaped its pidfd names no pid.
  json reply = {{"type", "launched"}, {"id", id}, {"box_pid", pid}, {"host_pid", host_pid(pid)},
                {"stderr", ends.err.valid()}, {"stdin", ends.in.valid()}, {"eof", nullptr}};
  if (ends.end_of_input) reply["eof"] = static_cast<int>(*ends.end_of_input);
  std::vector<int> fds = {pidfd.get(), ends.out.get()};
  if (ends.err.valid()) fds.push_back(ends.err.get());
  if (ends.in.valid()) fds.push_back(ends.in.get());
  if (parked) {
    reply["parked"] = true;
    fds.push_back(gate.gate.get());
    fds.push_back(gate.errors.get());
  }
  send(reply, fds);
}

void Init::reply_launch_failure(std::int64_t id, const std::string& error) {
  send({{"type", "launched"}, {"id", id}, {"error", error}});
}

// Every process of the box that ends becomes a child of PID 1 at last; the
// programs it launched are reported, the rest only reaped.
void Init::reap_ready() {
  signalfd_siginfo info;
  while (::read(signals_, &info, sizeof info) == sizeof info) {
  }
  for (;;) {
    int status = 0;
    rusage usage{};
    const pid_t pid = ::wait4(-1, &status, WNOHANG, &usage);
    if (pid <= 0) return;
    report_exit(pid, status, usage);
  }
}

void Init::report_exit(pid_t pid, int status, const rusage& usage) {
  const auto found = launched_.find(pid);
  if (found == launched_.end()) return;
  exec::ExitInfo info;
  info.wait_status = status;
  info.cpu_user = micros(usage.ru_utime);
  info.cpu_system = micros(usage.ru_stime);
  info.group_survivors = exec::end_group(pid);
  json body = exit_json(info);
  body["type"] = "exited";
  body["id"] = found->second;
  launched_.erase(found);
  send(body);
}

// The audit happens inside the box, where the test's objects are visible
// as the test saw them; then everything is killed and removed, and only
// then does the runner hear of it.
void Init::collect() {
  reap_ready();
  Leftovers out;
  observe::SnapshotPlaces places;
  places.mqueue_dir = mounts_.mqueue_dir;
  places.mqueue_unavailable = mounts_.mqueue_unavailable;
  if (!plan_.scratch.empty()) {
    places.scan_recursive = {plan_.scratch.string()};
    places.working_dir = plan_.scratch.string();
  }
  places.scan_top_level = {"/tmp"};
  const observe::Snapshot snapshot = observe::take_snapshot(places);
  out.objects = observe::appeared(observe::Snapshot{}, snapshot);
  if (snapshot.mqueue_unavailable) out.unchecked.push_back(*snapshot.mqueue_unavailable);
  out.unchecked.insert(out.unchecked.end(), snapshot.errors.begin(), snapshot.errors.end());
  audit_processes(out);
  kill_all();
  for (const auto& object : out.objects) {
    std::string error;
    if (!observe::remove_object(object, error))
      out.cleanup_errors.push_back("cannot remove " + object.name + ": " + error);
  }
  send({{"type", "collected"}, {"leftovers", leftovers_json(out)}});
}

// What is alive or unreaped now, but PID 1 and the dead children it has
// not reaped yet. Pids are told as the host sees them (0: gone meanwhile).
void Init::audit_processes(Leftovers& out) {
  std::map<pid_t, pid_t> host;
  auto translate = [&](pid_t& pid) {
    if (pid <= 0) return;
    auto [it, fresh] = host.try_emplace(pid, 0);
    if (fresh) it->second = host_pid(pid);
    pid = it->second;
  };
  for (auto process : observe::all_processes("/proc")) {
    if (process.pid == 1 || (process.zombie() && process.ppid == 1)) continue;
    translate(process.pid);
    translate(process.ppid);
    translate(process.pgid);
    translate(process.sid);
    out.processes.push_back(std::move(process));
  }
}

// A pidfd made here names the process; its fdinfo read through the host's
// /proc gives the pid in the host's namespace.
pid_t Init::host_pid(pid_t pid) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd.valid()) return 0;
  return pid_in_fdinfo(mounts_.host_proc.get(), "self/fdinfo/" + std::to_string(pidfd.get()));
}

// kill(-1) from PID 1 reaches every other process of the namespace. It is
// repeated after each reap, so that a child forked during the kill dies too.
void Init::kill_all() {
  for (;;) {
    ::kill(-1, SIGKILL);
    int status = 0;
    rusage usage{};
    const pid_t pid = ::wait4(-1, &status, 0, &usage);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) return;
    report_exit(pid, status, usage);
  }
}

bool Init::send(const json& body, const std::vector<int>& fds) {
  std::string error;
  if (send_message(socket_, body, fds, error)) return true;
  runner_gone_ = true;
  return false;
}

// PID 1 of the box.
int run_pid1(int socket) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t child;
  sigemptyset(&child);
  sigaddset(&child, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &child, nullptr);
  const int signals = ::signalfd(-1, &child, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signals < 0) {
    send_failure(socket, system_error("signalfd"));
    return 1;
  }
  widen_sends(socket);
  Init init(socket, signals);
  return init.run();
}

int exit_status_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool write_proc_file(const char* path, const std::string& text) {
  UniqueFd fd(::open(path, O_WRONLY | O_CLOEXEC));
  return fd.valid() &&
         ::write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

// Not root: the box starts with a user namespace of its own, in which the
// runner's uid and gid are mapped to themselves (decisions.md 1: programs
// run as the runner's uid) and the box's PID 1 holds the capabilities
// that its mounts need, over the box's namespaces only.
bool map_own_ids(uid_t uid, gid_t gid, std::string& error) {
  if (!write_proc_file("/proc/self/setgroups", "deny") ||
      !write_proc_file("/proc/self/uid_map",
                       std::to_string(uid) + ' ' + std::to_string(uid) + " 1") ||
      !write_proc_file("/proc/self/gid_map",
                       std::to_string(gid) + ' ' + std::to_string(gid) + " 1")) {
    error = system_error("map the runner's uid in the box's user namespace");
    return false;
  }
  return true;
}

// The shim of one box, forked by the server.
int run_shim(int socket) {
  const uid_t uid = ::geteuid();
  const gid_t gid = ::getegid();
  if (::unshare(kNamespaces | (uid != 0 ? CLONE_NEWUSER : 0)) != 0) {
    send_failure(socket, system_error("unshare"));
    return 1;
  }
  std::string error;
  if (uid != 0 && !map_own_ids(uid, gid, error)) {
    send_failure(socket, error);
    return 1;
  }
  const pid_t init = ::fork();
  if (init < 0) {
    send_failure(socket, system_error("fork"));
    return 1;
  }
  if (init == 0) std::_Exit(run_pid1(socket));
  // The shim keeps no end of the socket: when PID 1 dies the runner sees EOF.
  ::close(socket);
  int status = 0;
  while (::waitpid(init, &status, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  return exit_status_of(status);
}

// Forks a shim for the box whose socket came with the request.
void make_box(int server, Message& request) {
  if (request.fds.size() != 1) return;
  const int socket = request.fds[0].get();
  const pid_t server_pid = ::getpid();
  const pid_t shim = ::fork();
  if (shim != 0) return;  // the shim's socket closes with `request`
  ::close(server);
  ::signal(SIGCHLD, SIG_DFL);
  // The server may have died before the prctl took effect, hence the check.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != server_pid) std::_Exit(1);
  std::_Exit(run_shim(socket));
}

}  // namespace

int box_init_main(int argc, char** argv) {
  if (argc != 3) return 2;
  const int server = std::atoi(argv[2]);
  ::fcntl(server, F_SETFD, FD_CLOEXEC);
  // Out of the runner's children: its parent, the first process, exits now.
  const pid_t daemon = ::fork();
  if (daemon != 0) return daemon < 0 ? 1 : 0;
  // Shims are reaped by the kernel; each resets this for its own children.
  ::signal(SIGCHLD, SIG_IGN);
  for (;;) {
    pollfd watched{server, POLLIN, 0};
    if (::poll(&watched, 1, -1) < 0 && errno != EINTR) return 1;
    Message request;
    std::string error;
    const Receive got = receive_message(server, request, error);
    if (got == Receive::would_block) continue;
    if (got != Receive::message) return 0;  // the runner has gone
    make_box(server, request);
  }
}

}  // namespace ipcgrade::box
