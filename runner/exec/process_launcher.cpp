// The real launcher: Boost.Process v2 forks, ChildSetup does the rest of
// the process rules (launcher.h) and execs, and a ChildState watches the
// program on the caller's io_context until it has been reaped and drained.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/v2.hpp>
#include <cerrno>
#include <cstring>

#include "exec/child_setup.h"
#include "exec/child_state.h"
#include "exec/launcher.h"
#include "exec/terminal.h"

namespace ipcgrade::exec {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
using boost::system::error_code;

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    UniqueFd old(std::exchange(fd_, other.release()));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void reap_quietly(pid_t pid) {
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

class ProcessChild final : public Child {
 public:
  explicit ProcessChild(std::shared_ptr<ChildState> state) : state_(std::move(state)) {}
  ~ProcessChild() override { state_->abandon(); }
  ProcessChild(const ProcessChild&) = delete;
  ProcessChild& operator=(const ProcessChild&) = delete;

  pid_t pid() const override { return state_->pid(); }
  bool running() const override { return state_->running(); }
  bool send_signal(int signo, bool to_group) override {
    return state_->send_signal(signo, to_group);
  }
  void write_stdin(std::string data) override { state_->write_stdin(std::move(data)); }
  std::size_t stdin_queued() const override { return state_->stdin_queued(); }
  void close_stdin() override { state_->close_stdin(); }
  void stop(std::chrono::milliseconds grace) override { state_->stop(grace); }
  void kill_now() override { state_->kill_now(); }
  std::uint64_t pending_signals() const override { return state_->pending_signals(); }

 private:
  std::shared_ptr<ChildState> state_;
};

// Checking before the fork gives the clearest message at no cost; the
// child still reports what the check could not foresee.
std::optional<std::string> check_executable(const std::filesystem::path& exe) {
  struct stat info {};
  if (::stat(exe.c_str(), &info) != 0) return std::strerror(errno);
  if (S_ISDIR(info.st_mode)) return std::strerror(EISDIR);
  if (!S_ISREG(info.st_mode)) return "not a regular file";
  if ((info.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0)
    return std::string(std::strerror(EACCES)) + " (is it executable?)";
  return std::nullopt;
}

// Boost's own chdir failure would ::exit() the child (atexit handlers and
// all), so a missing directory is caught here.
std::optional<std::string> check_directory(const std::filesystem::path& cwd) {
  struct stat info {};
  if (::stat(cwd.c_str(), &info) != 0)
    return "working directory " + cwd.string() + ": " + std::strerror(errno);
  if (!S_ISDIR(info.st_mode))
    return "working directory " + cwd.string() + ": " + std::strerror(ENOTDIR);
  return std::nullopt;
}

// A null-terminated array for execve; the strings must outlive it.
std::vector<const char*> pointers_to(const std::vector<std::string>& strings) {
  std::vector<const char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const auto& text : strings) pointers.push_back(text.c_str());
  pointers.push_back(nullptr);
  return pointers;
}

// The child's ends of its standard streams; ChildState holds the others.
struct ChildStdio {
  UniqueFd in;
  UniqueFd out;
  UniqueFd err;
};

bool make_pipe(int ends[2], const char* stream, std::string& error) {
  if (::pipe2(ends, O_CLOEXEC) == 0) return true;
  error = std::string("cannot create a pipe for ") + stream + ": " + std::strerror(errno);
  return false;
}

// Our own pipes, not Boost's pipe bindings: 1.81 ignores a binding's error
// and would then give the child the runner's own stream. stdin is a pipe
// the runner writes, or /dev/null, never the runner's stdin.
bool open_child_stdio(bool stdin_pipe, ChildState& state, ChildStdio& stdio, std::string& error) {
  int ends[2];
  if (!make_pipe(ends, "stdout", error)) return false;
  state.out().assign(ends[0]);
  stdio.out = UniqueFd(ends[1]);
  if (!make_pipe(ends, "stderr", error)) return false;
  state.err().assign(ends[0]);
  stdio.err = UniqueFd(ends[1]);
  if (stdin_pipe) {
    if (!make_pipe(ends, "stdin", error)) return false;
    state.in().assign(ends[1]);
    stdio.in = UniqueFd(ends[0]);
    return true;
  }
  stdio.in = UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (stdio.in.get() < 0) error = std::string("cannot open /dev/null: ") + std::strerror(errno);
  return stdio.in.get() >= 0;
}

// Under a terminal the slave is all three of the child's streams. The
// master is ours twice: asio's reactor takes a descriptor once, so stdin
// writes go through a duplicate of it.
bool open_child_terminal(ChildState& state, ChildStdio& stdio, std::string& error) {
  TerminalFds terminal;
  if (!open_terminal(terminal, error)) return false;
  UniqueFd master(terminal.master);
  UniqueFd slave(terminal.slave);
  UniqueFd writer(::fcntl(master.get(), F_DUPFD_CLOEXEC, 0));
  if (writer.get() < 0) {
    error = std::string("cannot open a terminal (dup): ") + std::strerror(errno);
    return false;
  }
  state.out().assign(master.release());
  state.in().assign(writer.release());
  state.use_terminal(terminal.end_of_input);
  stdio.in = UniqueFd(::fcntl(slave.get(), F_DUPFD_CLOEXEC, 0));
  stdio.err = UniqueFd(::fcntl(slave.get(), F_DUPFD_CLOEXEC, 0));
  stdio.out = std::move(slave);
  if (stdio.in.get() >= 0 && stdio.err.get() >= 0) return true;
  error = std::string("cannot open a terminal (dup): ") + std::strerror(errno);
  return false;
}

class ProcessLauncher final : public Launcher {
 public:
  explicit ProcessLauncher(asio::io_context& io) : io_(io) {}
  std::unique_ptr<Child> launch(const LaunchRequest& request, ChildObserver& observer,
                                std::string& error) override;

 private:
  pid_t spawn(const LaunchRequest& request, const std::filesystem::path& cwd, ChildState& state,
              std::string& error);

  asio::io_context& io_;
};

std::unique_ptr<Child> ProcessLauncher::launch(const LaunchRequest& request,
                                               ChildObserver& observer, std::string& error) {
  const std::filesystem::path cwd = request.cwd.empty() ? std::filesystem::path(".") : request.cwd;
  auto problem = check_executable(request.exe);
  if (!problem) problem = check_directory(cwd);
  if (problem) {
    error = "cannot run " + request.exe.string() + ": " + *problem;
    return nullptr;
  }
  auto state = std::make_shared<ChildState>(io_, observer);
  const auto started = Clock::now();
  const pid_t pid = spawn(request, cwd, *state, error);
  if (pid < 0) return nullptr;
  if (!state->start(pid, started)) {
    error = "cannot watch " + request.exe.string() + ": " + std::strerror(errno);
    ::kill(-pid, SIGKILL);
    reap_quietly(pid);
    return nullptr;
  }
  // A terminal without scripted input reads as empty, as /dev/null would.
  if (request.tty && !request.stdin_pipe) state->close_stdin();
  return std::make_unique<ProcessChild>(std::move(state));
}

// Forks and execs; returns the pid, or -1 with `error` set and no zombie.
pid_t ProcessLauncher::spawn(const LaunchRequest& request, const std::filesystem::path& cwd,
                             ChildState& state, std::string& error) {
  ChildStdio stdio;
  const bool opened = request.tty ? open_child_terminal(state, stdio, error)
                                  : open_child_stdio(request.stdin_pipe, state, stdio, error);
  if (!opened) return -1;
  const std::string exe = request.exe.string();
  std::vector<const char*> argv = pointers_to(request.argv);
  if (request.argv.empty()) argv.insert(argv.begin(), exe.c_str());
  const std::vector<const char*> envp = pointers_to(request.env);
  ChildSetup setup(exe.c_str(), argv.data(), envp.data(), request.limits, request.uid, request.gid,
                   request.tty);
  setup.join_cgroups(request.cgroups);

  bp::posix::default_launcher launcher;
  error_code ec;
  // The executor overload: in 1.81 the io_context one drops `ec` and throws.
  // ChildSetup is last: stdio and chdir are done when it runs, and it execs.
  // Our ends of the child's stdio close when this returns, so EOF can come.
  auto process =
      launcher(io_.get_executor(), ec, boost::filesystem::path(exe), std::vector<std::string>{},
               bp::process_stdio{stdio.in.get(), stdio.out.get(), stdio.err.get()},
               bp::process_start_dir{boost::filesystem::path(cwd.string())}, setup);
  // From here on the pid is ours to reap: Boost must neither kill nor wait it.
  process.detach();
  const pid_t pid = launcher.pid;
  auto failure = setup.read_failure();
  if (ec && !failure) failure = SetupFailure{SetupStep::exec, ec.value()};
  if (!failure) return pid;
  if (pid > 0) reap_quietly(pid);
  error = describe_failure(exe, *failure);
  return -1;
}

}  // namespace

std::unique_ptr<Launcher> make_process_launcher(asio::io_context& io) {
  return std::make_unique<ProcessLauncher>(io);
}

}  // namespace ipcgrade::exec
