// The exec-time initializer for Boost.Process v2: everything the process
// rules of launcher.h ask of a child between fork and exec.
//
// Boost 1.81 never calls an initializer's error hooks, leaves a zombie when
// exec fails and calls ::exit() in the child. So this initializer does the
// whole job itself, execve included, and reports a failed step through its
// own close-on-exec pipe: the parent reads EOF when exec succeeded, or a
// SetupFailure when it did not (the child has then called _exit(127)).
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <array>
#include <boost/system/error_code.hpp>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "exec/launcher.h"

namespace ipcgrade::exec {

// The steps of the child's setup, in the order they run.
enum class SetupStep : int {
  process_group = 1,
  terminal,
  signals,
  parent_death,
  cgroups,
  rlimits,
  groups,
  gid,
  uid,
  no_new_privs,
  seccomp,
  close_fds,
  exec,
  // Not a failure: a prepared child has done every step and waits at its
  // gate (error 0).
  parked,
};

struct SetupFailure {
  SetupStep step = SetupStep::exec;
  int error = 0;  // errno
};

// "cannot run /x/prog: Permission denied (is it executable?)" and the like.
std::string describe_failure(const std::string& exe, const SetupFailure& failure);

class ChildSetup {
 public:
  // `argv` and `envp` must stay valid until the launch returns. The
  // environment is ours, not a process_environment: in 1.81 header-only mode
  // its on_setup is declared but never defined (a link error). With `tty`,
  // stdin is a pty slave that the child makes its controlling terminal.
  ChildSetup(const char* exe, const char* const* argv, const char* const* envp,
             const Rlimits& limits, std::optional<uid_t> uid, std::optional<gid_t> gid, bool tty);
  ~ChildSetup();
  ChildSetup(const ChildSetup&) = delete;
  ChildSetup& operator=(const ChildSetup&) = delete;

  // Boost hook, in the parent before fork: creates the error pipe.
  template <class Launcher, class Path>
  boost::system::error_code on_setup(Launcher& launcher, const Path&, const char* const*) {
    if (auto ec = open_error_pipe()) return ec;
    launcher.fd_whitelist.push_back(error_write_);
    if (listener_socket_ >= 0) launcher.fd_whitelist.push_back(listener_socket_);
    launcher.env = envp_;
    return {};
  }

  // Boost hook, in the child after stdio and chdir: never returns.
  template <class Launcher, class Path>
  boost::system::error_code on_exec_setup(Launcher&, const Path&, const char* const*) {
    exec_or_die();
    return {};  // not reached; GCC does not see it through the template
  }

  // The cgroup.procs files the child joins (writing "0") before its limits
  // and uid change; `files` must stay valid until the launch returns.
  void join_cgroups(const std::vector<std::string>& files) { cgroups_ = &files; }

  // The seccomp filter to install after no_new_privs (and, with a listener,
  // the socket to send it over); both must outlive the launch.
  void install_filter(const mechanism::Filter* filter, int socket) {
    filter_ = filter;
    listener_socket_ = socket;
  }

  // Parked mode (Launcher::prepare): after every step the child closes
  // every descriptor but its standard streams, `gate_read` and the error
  // pipe, writes a `parked` record and blocks reading `gate_read`: one byte
  // and it execs, EOF and it exits 0 without exec. `gate_read` must outlive
  // the launch.
  void park_on(int gate_read) { gate_ = gate_read; }

  // In the parent after the launch call: closes our copy of the write end
  // and waits for the child's verdict. nullopt means exec succeeded, or in
  // parked mode that the child is parked (the read end then stays open for
  // take_error_pipe).
  std::optional<SetupFailure> read_failure();
  // Parked mode: the read end of the error pipe, which gives EOF once the
  // released child has exec'd, or its SetupFailure.
  int take_error_pipe() { return std::exchange(error_read_, -1); }

 private:
  struct LimitSetting {
    int resource = 0;
    rlimit value{};
  };

  boost::system::error_code open_error_pipe();
  void plan_limits(const Rlimits& limits);
  void add_limit(int resource, rlim_t soft, rlim_t hard);
  [[noreturn]] void exec_or_die() const noexcept;
  void lead_group() const noexcept;
  [[noreturn]] void fail(SetupStep step, int error) const noexcept;
  bool apply_limits() const noexcept;
  bool join_cgroups_now() const noexcept;
  void drop_privileges() const noexcept;
  void wait_at_gate() const noexcept;

  const char* exe_;
  const char* const* argv_;
  const char* const* envp_;
  pid_t parent_;
  std::optional<uid_t> uid_;
  std::optional<gid_t> gid_;
  bool tty_;
  const std::vector<std::string>* cgroups_ = nullptr;
  const mechanism::Filter* filter_ = nullptr;
  int listener_socket_ = -1;
  std::array<LimitSetting, 6> limits_{};
  int limit_count_ = 0;
  int error_read_ = -1;
  int error_write_ = -1;
  int gate_ = -1;
};

}  // namespace ipcgrade::exec
