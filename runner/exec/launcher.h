// The process boundary. Everything the scenario engine knows of a running
// program goes through these interfaces, so that the engine can be driven by
// a scripted fake in tests and by Boost.Process on a real machine.
//
// Process rules (one place, written down):
//  - every program gets its own process group; a stop reaches what it started;
//  - stopping is SIGTERM to the group, `grace`, then SIGCONT + SIGKILL;
//  - every child is reaped (wait4, which also gives CPU time of the process
//    and the children it reaped);
//  - stdin comes from the spec (a pipe) or /dev/null; under `tty` the
//    program's stdin, stdout and stderr are one pseudo-terminal instead;
//  - the child starts with an empty signal mask and default dispositions;
//  - the end of a program is its exit, never EOF on its pipes: when it has
//    exited, whatever is left of its group is killed, the pipes are drained
//    for a short bounded time and closed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "mechanism/evidence.h"

namespace boost::asio {
class io_context;
}

namespace ipcgrade::mechanism {
struct Filter;
}

namespace ipcgrade::exec {

using Clock = std::chrono::steady_clock;

// Resolved resource limits, applied as rlimits in the child. 0 = unlimited.
struct Rlimits {
  std::uint64_t cpu_seconds = 0;
  std::uint64_t address_space = 0;
  std::uint64_t processes = 0;  // only applied under a slot uid, or with processes_apart
  std::uint64_t file_size = 0;
  std::uint64_t open_files = 0;
  // RLIMIT_NPROC counts only the test's processes though they run under the
  // runner's own uid: they are in a user namespace of the box's own, where
  // the kernel counts the namespace's processes apart (decisions.md 1).
  bool processes_apart = false;
};

struct LaunchRequest {
  std::filesystem::path exe;       // resolved, absolute
  std::vector<std::string> argv;   // argv[0] as the program sees it
  std::vector<std::string> env;    // the whole environment, "KEY=VALUE"
  std::filesystem::path cwd;
  Rlimits limits;
  std::optional<uid_t> uid;        // drop to this uid/gid (runner is root)
  std::optional<gid_t> gid;
  bool stdin_pipe = false;         // false: stdin is /dev/null
  // Under tty, stderr arrives as Stream::out; the program leads a new session
  // with the terminal as its controlling one; close_stdin types VEOF, and
  // without stdin_pipe the input ends at once.
  bool tty = false;                // stdin, stdout and stderr on one pseudo-terminal
  // cgroup.procs files the child joins before dropping privileges (the
  // test's cgroup, box/cgroup.h); failing to join is a setup failure.
  std::vector<std::string> cgroups;
  // The seccomp filter the child installs after no_new_privs, built before
  // the fork (mechanism/filter.h); null: none. A filter with a listener is
  // sent over `listener_socket` (SCM_RIGHTS) by the child before exec, to
  // the launcher that opened the socket (exec/evidence_channel.h).
  std::shared_ptr<const mechanism::Filter> seccomp;
  int listener_socket = -1;
};

enum class Stream { out = 1, err = 2 };

struct ExitInfo {
  int wait_status = 0;  // raw status from wait4
  std::chrono::microseconds cpu_user{0};
  std::chrono::microseconds cpu_system{0};
  Clock::time_point started;
  Clock::time_point exited;
  // Other members of its process group were still alive when it exited
  // (they have been killed since).
  bool group_survivors = false;
  // What the program and its descendants were seen to use, when its
  // launch recorded mechanism evidence.
  std::optional<mechanism::Evidence> evidence;
  // The output pipes were still open when the drain deadline passed:
  // something outside the group (a setsid() escapee) held them.
  bool pipes_held = false;
  // A prepared program was released but never ran: its exec failed (the
  // child then exits 127). The message is what a failed launch would have
  // given ("cannot run X: ..."); nothing else of this ExitInfo counts.
  std::optional<std::string> launch_error;

  bool exited_normally() const;
  int exit_code() const;     // valid when exited_normally()
  int term_signal() const;   // 0 unless killed by a signal
};

class ChildObserver {
 public:
  virtual ~ChildObserver() = default;
  // Output as it arrives, in order per stream.
  virtual void on_output(Stream stream, std::string_view chunk) = 0;
  // Every queued stdin byte has been written; a good time to queue more.
  virtual void on_stdin_drained() {}
  // Writing stdin failed (EPIPE: the program closed its stdin). Not an error
  // of the runner; further writes are dropped.
  virtual void on_stdin_error(std::error_code) {}
  // The process was reaped and its pipes drained: no more calls follow.
  virtual void on_finished(const ExitInfo& info) = 0;
};

class Child {
 public:
  virtual ~Child() = default;  // a child still running is killed and reaped
  virtual pid_t pid() const = 0;
  virtual bool running() const = 0;
  // Sends a signal to the process or its group; false when it has exited.
  virtual bool send_signal(int signo, bool to_group) = 0;
  // Queues bytes for stdin without blocking the runner.
  virtual void write_stdin(std::string data) = 0;
  virtual std::size_t stdin_queued() const = 0;
  virtual void close_stdin() = 0;
  // SIGTERM to the group, then after `grace` SIGCONT + SIGKILL.
  virtual void stop(std::chrono::milliseconds grace) = 0;
  // SIGCONT + SIGKILL to the group at once (limits, test end).
  virtual void kill_now() = 0;
  // The signals sent but not yet delivered to the process (bit signo-1),
  // from /proc: shared ones and those of every thread; 0 once reaped. The
  // engine sends a signal only when the previous one has left this set, so
  // that signals never merge or overtake.
  virtual std::uint64_t pending_signals() const = 0;
  // A prepared child (Launcher::prepare) execs its program now; `started`
  // of its ExitInfo is this moment. A failed exec arrives as on_finished
  // with `launch_error`. False when the parked child is gone (nothing was
  // released: launch the program instead). Nothing to do for a launched one.
  virtual bool release() { return true; }
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  // Starts a program. On failure returns nullptr with a message a student can
  // act on in `error` (no zombie is left). Callbacks run on the io_context.
  virtual std::unique_ptr<Child> launch(const LaunchRequest& request, ChildObserver& observer,
                                        std::string& error) = 0;
  // Does all that `launch` does (fork, the child's whole set-up with its
  // cgroups, limits, uid and seccomp filter) but the child then waits,
  // parked before execve, until Child::release(). A parked child holds no
  // descriptor but its own standard streams, makes no call a filter
  // records and writes nothing; dropping the Child unreleased kills and
  // reaps it, and its observer never hears of it. nullptr: cannot prepare
  // (the caller launches at the start instead); `error` says why, if
  // something failed.
  virtual std::unique_ptr<Child> prepare(const LaunchRequest&, ChildObserver&, std::string&) {
    return nullptr;
  }
  // How many processes the kernel now counts against the RLIMIT_NPROC of
  // programs launched as `uid` (a slot uid, or none: the runner's own):
  // the uid's, or those of the box's own user namespace. nullopt: not
  // known. Without a pids cgroup this is how a fork bomb held by the
  // rlimit is told from a hang (decisions.md 3).
  virtual std::optional<std::size_t> processes_counted(std::optional<uid_t> /*uid*/) const {
    return std::nullopt;
  }
};

// The real launcher: Boost.Process v2 with a custom initializer.
std::unique_ptr<Launcher> make_process_launcher(boost::asio::io_context& io);

}  // namespace ipcgrade::exec
