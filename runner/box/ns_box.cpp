#include "box/ns_box.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "box/box_connection.h"
#include "box/box_init.h"
#include "box/slots.h"
#include "exec/child_state.h"
#include "exec/evidence_channel.h"
#include "observe/processes.h"

namespace ipcgrade::box {
namespace {

namespace asio = boost::asio;
using exec::UniqueFd;
using nlohmann::json;
using namespace std::chrono_literals;

// Generous: on a loaded 2-core machine a box is made in milliseconds, but
// the audit of a fork bomb's leftovers may take a while.
constexpr auto kAnswerTimeout = 20s;

std::string system_error(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// The pid in the Pid: line of /proc/self/fdinfo/FD, for a pidfd: the
// process as this runner's PID namespace numbers it.
pid_t pid_of_pidfd(int pidfd) {
  std::ifstream in("/proc/self/fdinfo/" + std::to_string(pidfd));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Pid:", 0) == 0) return static_cast<pid_t>(std::stol(line.substr(4)));
  return 0;
}

// The box server (box_init.h): `/proc/self/exe __box-init 3` with its end
// of the socket as fd 3, stdin and stdout on /dev/null, a clean signal
// state and an empty environment. posix_spawn uses vfork: no copy of the
// runner. The process started forks the server and exits at once.
bool spawn_server(int socket, std::string& error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, socket, 3);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attributes, &signals);
  sigfillset(&signals);
  posix_spawnattr_setsigdefault(&attributes, &signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  char* argv[] = {const_cast<char*>("ipcgrade"), const_cast<char*>(kBoxInitCommand),
                  const_cast<char*>("3"), nullptr};
  char* envp[] = {nullptr};
  pid_t pid = -1;
  const int failed = ::posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv, envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (failed != 0) {
    error = std::string("cannot start the box server: ") + std::strerror(failed);
    return false;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  error = "the box server did not start";
  return false;
}

// The runner's end of the box server's socket: closing it ends the server.
class BoxServer {
 public:
  bool start(std::string& error) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
      error = system_error("socketpair");
      return false;
    }
    UniqueFd theirs(ends[1]);
    socket_ = UniqueFd(ends[0]);
    return spawn_server(theirs.get(), error);
  }
  // Asks for a box whose init will talk over `socket`.
  bool request_box(int socket, std::string& error) {
    return send_message(socket_.get(), {{"type", "box"}}, {socket}, error);
  }

 private:
  UniqueFd socket_;
};

class BoxLauncher final : public exec::Launcher {
 public:
  BoxLauncher(asio::io_context& io, std::shared_ptr<BoxConnection> connection,
              const BoxConfig& config, pid_t init_pid)
      : io_(io), connection_(std::move(connection)), config_(config), init_pid_(init_pid) {}
  std::unique_ptr<exec::Child> launch(const exec::LaunchRequest& request,
                                      exec::ChildObserver& observer, std::string& error) override {
    return start(request, observer, error, false);
  }
  std::unique_ptr<exec::Child> prepare(const exec::LaunchRequest& request,
                                       exec::ChildObserver& observer,
                                       std::string& error) override {
    return start(request, observer, error, true);
  }
  // A slot uid's processes, or without one every process of the box's own
  // user namespace (one uid there), as the kernel counts them: the box's
  // helpers outside its PID namespace included.
  std::optional<std::size_t> processes_counted(std::optional<uid_t> uid) const override {
    return uid ? observe::processes_of(*uid).size()
               : observe::count_sharing_namespace(init_pid_, "user");
  }

 private:
  std::unique_ptr<exec::Child> start(const exec::LaunchRequest& request,
                                     exec::ChildObserver& observer, std::string& error,
                                     bool parked);

  asio::io_context& io_;
  std::shared_ptr<BoxConnection> connection_;
  const BoxConfig& config_;
  pid_t init_pid_;  // as the host sees it
  std::int64_t next_id_ = 1;
};

// Launched, or prepared: the init leaves the child parked before execve
// and passes its gate and error pipe back with the other descriptors.
std::unique_ptr<exec::Child> BoxLauncher::start(const exec::LaunchRequest& request,
                                                exec::ChildObserver& observer,
                                                std::string& error, bool parked) {
  exec::LaunchRequest fitted = request;
  if (!fitted.uid && config_.uid) {
    fitted.uid = config_.uid;
    fitted.gid = config_.gid;
  }
  // Each program joins the test's cgroups before it runs (ChildSetup), and
  // what it starts inherits them; the box's init stays out, so that it
  // may end after the audit without holding the cgroups up.
  if (fitted.cgroups.empty()) fitted.cgroups = config_.cgroup_procs;
  const std::int64_t id = next_id_++;
  const auto started = exec::Clock::now();
  Message reply;
  std::string problem;
  exec::EvidenceChannel evidence;
  if (!evidence.open(fitted, error)) return nullptr;
  std::vector<int> fds;
  if (evidence.active()) fds.push_back(evidence.child_end());
  json order = {{"type", "launch"}, {"id", id}, {"request", launch_request_json(fitted)}};
  if (parked) order["parked"] = true;
  if (!connection_->send(order, problem, fds) ||
      !connection_->wait_for("launched", id, kAnswerTimeout, reply, problem)) {
    error = "cannot run " + request.exe.string() + " in the box: " + problem;
    return nullptr;
  }
  if (reply.body.contains("error")) {
    error = reply.body.at("error").get<std::string>();
    return nullptr;
  }
  const bool has_err = reply.body.value("stderr", false);
  const bool has_in = reply.body.value("stdin", false);
  const bool was_parked = reply.body.value("parked", false);
  if (was_parked != parked || reply.fds.size() != 2u + has_err + has_in + 2u * parked) {
    error = "cannot run " + request.exe.string() + " in the box: descriptors missing";
    return nullptr;
  }
  exec::StdioEnds ends;
  ends.out = std::move(reply.fds[1]);
  if (has_err) ends.err = std::move(reply.fds[2]);
  if (has_in) ends.in = std::move(reply.fds[2 + has_err]);
  exec::ParkedEnds gate;
  if (parked) {
    gate.gate = std::move(reply.fds[2 + has_err + has_in]);
    gate.errors = std::move(reply.fds[3 + has_err + has_in]);
  }
  if (!reply.body.at("eof").is_null())
    ends.end_of_input = static_cast<char>(reply.body.at("eof").get<int>());
  UniqueFd pidfd = std::move(reply.fds[0]);
  auto state = std::make_shared<exec::ChildState>(io_, observer);
  state->attach(ends);
  const pid_t host_pid = reply.body.value("host_pid", pid_t{0});
  if (evidence.active()) {
    // The child sent its listener before exec, and the init answered after.
    auto recording = evidence.serve(problem);
    if (!recording) {
      error = "cannot record " + request.exe.string() + " in the box: " + problem;
      if (host_pid > 0) ::kill(-host_pid, SIGKILL);
      return nullptr;
    }
    state->record(std::move(recording));
  }
  if (host_pid <= 0 || !state->start_reported(host_pid, pidfd.release(), started)) {
    error = "cannot watch " + request.exe.string() + " in the box";
    ::kill(-host_pid, SIGKILL);
    return nullptr;
  }
  connection_->track(id, state);
  if (parked) state->park(std::move(gate), request.exe.string());
  // A terminal without scripted input reads as empty, as /dev/null would.
  if (request.tty && !request.stdin_pipe) state->close_stdin();
  return exec::make_child(std::move(state));
}

// Asks the server for a box and sends it its setup (what the init mounts),
// without waiting: the runner's end of the box's socket, on which the
// init's "ready" or "failed" arrives once the box is made.
UniqueFd ask_for_box(BoxServer& server, const BoxConfig& config, std::string& error) {
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
    error = system_error("socketpair");
    return UniqueFd();
  }
  UniqueFd ours(ends[0]);
  UniqueFd theirs(ends[1]);
  widen_sends(ours.get());
  if (!server.request_box(theirs.get(), error)) return UniqueFd();
  theirs = UniqueFd();
  json hidden = json::array();
  for (const auto& dir : config.hidden) hidden.push_back(dir.string());
  json visible = json::array();
  for (const auto& dir : config.visible) visible.push_back(dir.string());
  if (!send_message(ours.get(),
                    {{"type", "setup"},
                     {"scratch", config.scratch.string()},
                     {"visible", visible},
                     {"hidden", hidden}},
                    {}, error))
    return UniqueFd();
  return ours;
}

class NamespaceBox final : public TestBox {
 public:
  NamespaceBox(asio::io_context& io, const BoxConfig& config) : io_(io), config_(config) {}
  ~NamespaceBox() override;
  // With the runner's end of a box asked for (ask_for_box).
  bool open(UniqueFd socket, std::string& error);

  exec::Launcher& launcher() override { return *launcher_; }
  std::filesystem::path root() const override {
    return "/proc/" + std::to_string(init_pid_) + "/root/";
  }
  std::filesystem::path proc_net() const override {
    return "/proc/" + std::to_string(init_pid_) + "/net";
  }
  Leftovers collect(const Footprint& footprint) override;

 private:
  bool start(UniqueFd socket, std::string& error);

  asio::io_context& io_;
  BoxConfig config_;
  pid_t init_pid_ = -1;  // as the host sees it
  UniqueFd init_pidfd_;
  std::optional<std::string> mqueue_unavailable_;
  std::shared_ptr<BoxConnection> connection_;
  std::unique_ptr<BoxLauncher> launcher_;
  bool audited_ = false;  // collect() heard the init's answer
};

bool NamespaceBox::open(UniqueFd socket, std::string& error) {
  if (!start(std::move(socket), error)) return false;
  connection_->start_reading();
  launcher_ = std::make_unique<BoxLauncher>(io_, connection_, config_, init_pid_);
  return true;
}

// Waits for the init of the box asked for over `socket` (ask_for_box) to
// be ready.
bool NamespaceBox::start(UniqueFd socket, std::string& error) {
  connection_ = std::make_shared<BoxConnection>(io_, std::move(socket));
  Message ready;
  if (!connection_->wait_for("ready", -1, kAnswerTimeout, ready, error)) return false;
  if (ready.fds.size() != 1) {
    error = "the box's init sent no pidfd";
    return false;
  }
  init_pidfd_ = std::move(ready.fds[0]);
  init_pid_ = pid_of_pidfd(init_pidfd_.get());
  if (!ready.body.at("mqueue_unavailable").is_null())
    mqueue_unavailable_ = ready.body.at("mqueue_unavailable").get<std::string>();
  if (init_pid_ > 0) return true;
  error = "cannot find the box's init";
  return false;
}

Leftovers NamespaceBox::collect(const Footprint&) {
  Leftovers leftovers;
  Message reply;
  std::string error;
  if (connection_->send({{"type", "collect"}}, error) &&
      connection_->wait_for("collected", -1, kAnswerTimeout, reply, error)) {
    try {
      leftovers = leftovers_from(reply.body.at("leftovers"));
      audited_ = true;
      return leftovers;
    } catch (const nlohmann::json::exception& e) {
      error = e.what();
    }
  }
  leftovers.unchecked.push_back("the box could not be audited: " + error);
  leftovers.cleanup_errors.push_back("the box could not be audited: " + error);
  return leftovers;
}

// Closing the socket makes the init kill and reap everything and exit. Its
// pidfd turns readable once it has exited, and a PID namespace's init
// exits only when every other member has been reaped: then nothing of the
// box is left (the server reaps the shim).
//
// After the audit there is nothing to wait for: the init answers it only
// once it has killed and reaped every other process of the box (it has no
// child left, and every process of a PID namespace descends from its init),
// and removed what they left. It is in none of the test's cgroups. Its own
// exit, in which the kernel takes the empty namespaces and mounts down
// (milliseconds, mostly waiting for RCU grace periods), then overlaps the
// next test instead of delaying it.
NamespaceBox::~NamespaceBox() {
  launcher_.reset();
  if (connection_) connection_->close();
  if (audited_ || !init_pidfd_.valid()) return;
  pollfd exited{init_pidfd_.get(), POLLIN, 0};
  const int timeout_ms = static_cast<int>(std::chrono::milliseconds(kAnswerTimeout).count());
  while (::poll(&exited, 1, timeout_ms) < 0 && errno == EINTR) {
  }
}

// Ends a box that was asked for and never used (nothing ran in it): told
// EOF, its init exits; waits for that, up to kAnswerTimeout.
void end_unused(UniqueFd socket) {
  ::shutdown(socket.get(), SHUT_WR);
  const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
  const auto left = [&] {
    return static_cast<int>(std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(
               deadline - std::chrono::steady_clock::now())
               .count()));
  };
  UniqueFd init;
  for (;;) {
    pollfd readable{socket.get(), POLLIN, 0};
    const int polled = ::poll(&readable, 1, left());
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) return;
    Message message;
    std::string ignored;
    const Receive got = receive_message(socket.get(), message, ignored);
    if (got == Receive::would_block) continue;
    if (got != Receive::message) break;
    if (message.body.value("type", "") == "ready" && message.fds.size() == 1)
      init = std::move(message.fds[0]);
  }
  if (!init.valid()) return;
  pollfd exited{init.get(), POLLIN, 0};
  while (::poll(&exited, 1, left()) < 0 && errno == EINTR) {
  }
}

// Where one directory of a box's setup is, when it was asked for: a box
// binds the scratch and visible directories as they are when it is made.
struct DirIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool exists = false;
  bool operator==(const DirIdentity&) const = default;
};

DirIdentity identity_of(const std::filesystem::path& dir) {
  struct stat info {};
  if (dir.empty() || ::stat(dir.c_str(), &info) != 0) return {};
  return {info.st_dev, info.st_ino, true};
}

std::vector<DirIdentity> bound_dirs(const BoxConfig& config) {
  std::vector<DirIdentity> out = {identity_of(config.scratch)};
  for (const auto& dir : config.visible) out.push_back(identity_of(dir));
  return out;
}

// A slot's next box, asked for while its current test runs (decisions.md
// 8: a box per test costs the test only what it waits for). Used only by a
// box with the same setup whose directories are still the same ones;
// otherwise closed unused.
struct PreparedBox {
  BoxConfig setup;  // scratch, visible and hidden as sent
  std::vector<DirIdentity> dirs;
  UniqueFd socket;

  bool fits(const BoxConfig& config) const {
    return config.scratch == setup.scratch && config.visible == setup.visible &&
           config.hidden == setup.hidden && bound_dirs(config) == dirs;
  }
};

class NamespaceIsolation final : public Isolation {
 public:
  explicit NamespaceIsolation(std::unique_ptr<BoxServer> server) : server_(std::move(server)) {}
  ~NamespaceIsolation() override {
    for (auto& [slot, prepared] : prepared_) end_unused(std::move(prepared.socket));
  }
  std::string name() const override { return "box"; }
  std::optional<std::string> reason() const override { return std::nullopt; }
  // As many as -j asks: boxes share no name, key or port, so only the slot
  // uids bound them (the default, the number of cores, is the session's).
  int max_parallel() const override { return kMaxSlots; }
  bool counts_processes_apart() const override { return ::geteuid() != 0; }
  // The slot's prepared box when it fits, else one asked for now; its init
  // is waited for here either way, so that a box that cannot be made fails
  // this test with the init's own words. Then the slot's next box is asked
  // for.
  std::unique_ptr<TestBox> open(asio::io_context& io, const BoxConfig& config,
                                std::string& error) override {
    UniqueFd socket = take_prepared(config);
    if (!socket.valid()) socket = ask_for_box(*server_, config, error);
    auto box = std::make_unique<NamespaceBox>(io, config);
    if (socket.valid() && box->open(std::move(socket), error)) {
      prepare(config);
      return box;
    }
    error = "cannot make the test's box: " + error;
    return nullptr;
  }

 private:
  UniqueFd take_prepared(const BoxConfig& config) {
    std::optional<PreparedBox> prepared;
    {
      std::lock_guard lock(mutex_);
      auto found = prepared_.find(config.slot);
      if (found == prepared_.end()) return UniqueFd();
      prepared = std::move(found->second);
      prepared_.erase(found);
    }
    if (prepared->fits(config)) return std::move(prepared->socket);
    return UniqueFd();  // closed: its init ends on EOF, nothing ran in it
  }
  // A failure to ask is not reported here: the next test of the slot asks
  // again, and fails as a box that cannot be made.
  void prepare(const BoxConfig& config) {
    PreparedBox prepared;
    prepared.setup.scratch = config.scratch;
    prepared.setup.visible = config.visible;
    prepared.setup.hidden = config.hidden;
    prepared.dirs = bound_dirs(config);
    std::string ignored;
    prepared.socket = ask_for_box(*server_, config, ignored);
    if (!prepared.socket.valid()) return;
    std::lock_guard lock(mutex_);
    prepared_[config.slot] = std::move(prepared);
  }

  std::unique_ptr<BoxServer> server_;
  std::mutex mutex_;  // slots open boxes from their own threads
  std::map<int, PreparedBox> prepared_;  // by slot
};

}  // namespace

std::unique_ptr<Isolation> make_namespace_isolation(std::string& why_not) {
  // Not as root, each box begins with a user namespace (box_init.cpp),
  // where the kernel lets an unprivileged user make one. One box made and
  // torn down proves every step works here.
  auto server = std::make_unique<BoxServer>();
  asio::io_context io;
  std::string error;
  if (!server->start(error)) {
    why_not = "cannot create namespaces: " + error;
    return nullptr;
  }
  UniqueFd socket = ask_for_box(*server, BoxConfig{}, error);
  if (!socket.valid() || !NamespaceBox(io, BoxConfig{}).open(std::move(socket), error)) {
    why_not = "cannot create namespaces: " + error;
    return nullptr;
  }
  return std::make_unique<NamespaceIsolation>(std::move(server));
}

}  // namespace ipcgrade::box
