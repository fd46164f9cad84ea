// Boost.Process v2 forks, ChildSetup applies the process rules in the child
// and execs; see docs/architecture.md for the 1.81 defects worked around.
#include "exec/spawn.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/v2.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "exec/child_setup.h"
#include "exec/terminal.h"

namespace ipcgrade::exec {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
using boost::system::error_code;

void reap_quietly(pid_t pid) {
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

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

std::filesystem::path directory_of(const LaunchRequest& request) {
  return request.cwd.empty() ? std::filesystem::path(".") : request.cwd;
}

// A null-terminated array for execve; the strings must outlive it.
std::vector<const char*> pointers_to(const std::vector<std::string>& strings) {
  std::vector<const char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const auto& text : strings) pointers.push_back(text.c_str());
  pointers.push_back(nullptr);
  return pointers;
}

bool make_pipe(UniqueFd& read_end, UniqueFd& write_end, const char* stream, std::string& error) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) {
    error = std::string("cannot create a pipe for ") + stream + ": " + std::strerror(errno);
    return false;
  }
  read_end = UniqueFd(ends[0]);
  write_end = UniqueFd(ends[1]);
  return true;
}

// Our own pipes, not Boost's pipe bindings: 1.81 ignores a binding's error
// and would then give the child the runner's own stream. stdin is a pipe
// the runner writes, or /dev/null, never the runner's stdin.
bool open_pipes(bool stdin_pipe, StdioEnds& ends, std::string& error) {
  if (!make_pipe(ends.out, ends.child_out, "stdout", error)) return false;
  if (!make_pipe(ends.err, ends.child_err, "stderr", error)) return false;
  if (stdin_pipe) return make_pipe(ends.child_in, ends.in, "stdin", error);
  ends.child_in = UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!ends.child_in.valid()) error = std::string("cannot open /dev/null: ") + std::strerror(errno);
  return ends.child_in.valid();
}

// Under a terminal the slave is all three of the child's streams. The
// master is the watcher's twice: stdin writes go through a duplicate.
bool open_pty(StdioEnds& ends, std::string& error) {
  TerminalFds terminal;
  if (!open_terminal(terminal, error)) return false;
  ends.out = UniqueFd(terminal.master);
  UniqueFd slave(terminal.slave);
  ends.in = UniqueFd(::fcntl(ends.out.get(), F_DUPFD_CLOEXEC, 0));
  ends.end_of_input = terminal.end_of_input;
  ends.child_in = UniqueFd(::fcntl(slave.get(), F_DUPFD_CLOEXEC, 0));
  ends.child_err = UniqueFd(::fcntl(slave.get(), F_DUPFD_CLOEXEC, 0));
  ends.child_out = std::move(slave);
  if (ends.in.valid() && ends.child_in.valid() && ends.child_err.valid()) return true;
  error = std::string("cannot open a terminal (dup): ") + std::strerror(errno);
  return false;
}

// Whether /proc shows a live process in group `pgid`: members that have
// already exited and wait for their reaper (init) do not count.
bool live_member_of(pid_t pid, pid_t pgid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char stat[512];
  const ssize_t got = ::read(fd, stat, sizeof stat - 1);
  ::close(fd);
  if (got <= 0) return false;
  stat[got] = '\0';
  // The command name may hold ')' itself: the fields start after the last.
  const char* fields = std::strrchr(stat, ')');
  char state = 0;
  int group = 0;
  if (fields == nullptr || std::sscanf(fields + 1, " %c %*d %d", &state, &group) != 2) return false;
  return group == pgid && state != 'Z' && state != 'X';
}

bool group_has_live_members(pid_t pgid) {
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return false;
  bool found = false;
  while (const dirent* entry = ::readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    if (live_member_of(static_cast<pid_t>(pid), pgid)) {
      found = true;
      break;
    }
  }
  ::closedir(proc);
  return found;
}

}  // namespace

std::optional<std::string> launch_problem(const LaunchRequest& request) {
  auto problem = check_executable(request.exe);
  if (!problem) problem = check_directory(directory_of(request));
  if (!problem) return std::nullopt;
  return "cannot run " + request.exe.string() + ": " + *problem;
}

bool open_stdio(const LaunchRequest& request, StdioEnds& ends, std::string& error) {
  return request.tty ? open_pty(ends, error) : open_pipes(request.stdin_pipe, ends, error);
}

pid_t spawn_program(asio::io_context& io, const LaunchRequest& request, StdioEnds& ends,
                    std::string& error, ParkedEnds* parked) {
  const std::string exe = request.exe.string();
  const std::string cwd = directory_of(request).string();
  std::vector<const char*> argv = pointers_to(request.argv);
  if (request.argv.empty()) argv.insert(argv.begin(), exe.c_str());
  const std::vector<const char*> envp = pointers_to(request.env);
  ChildSetup setup(exe.c_str(), argv.data(), envp.data(), request.limits, request.uid, request.gid,
                   request.tty);
  setup.join_cgroups(request.cgroups);
  setup.install_filter(request.seccomp.get(), request.listener_socket);
  UniqueFd gate_read;
  UniqueFd gate_write;
  if (parked && !make_pipe(gate_read, gate_write, "the start gate", error)) return -1;
  if (parked) setup.park_on(gate_read.get());

  bp::posix::default_launcher launcher;
  error_code ec;
  // The executor overload: in 1.81 the io_context one drops `ec` and throws.
  // ChildSetup is last: stdio and chdir are done when it runs, and it execs.
  auto process = launcher(
      io.get_executor(), ec, boost::filesystem::path(exe), std::vector<std::string>{},
      bp::process_stdio{ends.child_in.get(), ends.child_out.get(), ends.child_err.get()},
      bp::process_start_dir{boost::filesystem::path(cwd)}, setup);
  // From here on the pid is ours to reap: Boost must neither kill nor wait it.
  process.detach();
  // Our copies of the child's ends close now, so that EOF can come.
  ends.child_in = UniqueFd();
  ends.child_out = UniqueFd();
  ends.child_err = UniqueFd();
  gate_read = UniqueFd();
  const pid_t pid = launcher.pid;
  auto failure = setup.read_failure();
  if (ec && !failure) failure = SetupFailure{SetupStep::exec, ec.value()};
  if (!failure && parked) {
    parked->gate = std::move(gate_write);
    parked->errors = UniqueFd(setup.take_error_pipe());
  }
  if (!failure) return pid;
  if (pid > 0) reap_quietly(pid);
  error = describe_failure(exe, *failure);
  return -1;
}

// Before the leader is reaped, kill(-pgid, 0) cannot tell: the zombie
// leader is a member itself. After, the group id exists only while members
// hold it, and while they do it cannot name another group, so the kill
// reaches only them. The usual case, an empty group, costs one system call.
bool end_group(pid_t pgid) {
  if (::kill(-pgid, 0) != 0) return false;
  const bool survivors = group_has_live_members(pgid);
  ::kill(-pgid, SIGCONT);
  ::kill(-pgid, SIGKILL);
  return survivors;
}

}  // namespace ipcgrade::exec
