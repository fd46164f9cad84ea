#include "exec/child_setup.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mechanism/filter.h"

namespace ipcgrade::exec {
namespace {

const char* step_name(SetupStep step) {
  switch (step) {
    case SetupStep::process_group:
      return "setting its process group";
    case SetupStep::terminal:
      return "taking its terminal";
    case SetupStep::signals:
      return "resetting its signals";
    case SetupStep::parent_death:
      return "tying it to the runner's life";
    case SetupStep::cgroups:
      return "joining the test's cgroup";
    case SetupStep::rlimits:
      return "setting its resource limits";
    case SetupStep::groups:
      return "dropping supplementary groups";
    case SetupStep::gid:
      return "switching its group id";
    case SetupStep::uid:
      return "switching its user id";
    case SetupStep::no_new_privs:
      return "setting no_new_privs";
    case SetupStep::seccomp:
      return "installing its seccomp filter";
    case SetupStep::close_fds:
      return "closing inherited descriptors";
    case SetupStep::exec:
      return "exec";
    case SetupStep::parked:
      return "waiting to start";
  }
  return "setup";
}

// What a student can do about a failed exec, where there is a usual cause.
const char* exec_hint(int error) {
  switch (error) {
    case EACCES:
      return " (is it executable?)";
    case ENOEXEC:
      return " (is it a compiled program?)";
    default:
      return "";
  }
}

// close_range() needs Linux 5.11 for CLOEXEC; the static Gradescope build
// may meet an older kernel, so walk the descriptors there instead.
bool mark_fds_cloexec() noexcept {
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return true;
  if (errno != ENOSYS && errno != EINVAL) return false;
  rlimit open_files{};
  if (::getrlimit(RLIMIT_NOFILE, &open_files) != 0) return false;
  const rlim_t last = open_files.rlim_cur < 65536 ? open_files.rlim_cur : 65536;
  for (rlim_t fd = 3; fd < last; ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
  return true;
}

// Only SIG_IGN and the mask survive exec, but resetting every disposition
// first means no handler of the runner can run in the child once the mask
// is emptied.
bool reset_signals() noexcept {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  for (int signo = 1; signo < NSIG; ++signo) {
    if (signo == SIGKILL || signo == SIGSTOP) continue;
    ::sigaction(signo, &default_action, nullptr);  // glibc's own signals refuse: fine
  }
  sigset_t none;
  sigemptyset(&none);
  return ::sigprocmask(SIG_SETMASK, &none, nullptr) == 0;
}

// Closes every descriptor from 3 up but `keep_a` and `keep_b`.
bool close_all_but(int keep_a, int keep_b) noexcept {
  unsigned low = keep_a < keep_b ? keep_a : keep_b;
  unsigned high = keep_a < keep_b ? keep_b : keep_a;
  const unsigned ranges[3][2] = {{3, low - 1}, {low + 1, high - 1}, {high + 1, ~0U}};
  for (const auto& range : ranges) {
    if (range[0] > range[1] || range[0] < 3) continue;
    if (::close_range(range[0], range[1], 0) == 0) continue;
    if (errno != ENOSYS && errno != EINVAL) return false;
    rlimit open_files{};
    if (::getrlimit(RLIMIT_NOFILE, &open_files) != 0) return false;
    const rlim_t limit = open_files.rlim_cur < 65536 ? open_files.rlim_cur : 65536;
    const unsigned last = range[1] < limit ? range[1] : static_cast<unsigned>(limit - 1);
    for (unsigned fd = range[0]; fd <= last; ++fd) ::close(static_cast<int>(fd));
  }
  return true;
}

}  // namespace

std::string describe_failure(const std::string& exe, const SetupFailure& failure) {
  std::string message = "cannot run " + exe + ": ";
  if (failure.step != SetupStep::exec)
    message += std::string(step_name(failure.step)) + " failed: ";
  message += std::strerror(failure.error);
  if (failure.step == SetupStep::exec) message += exec_hint(failure.error);
  return message;
}

ChildSetup::ChildSetup(const char* exe, const char* const* argv, const char* const* envp,
                       const Rlimits& limits, std::optional<uid_t> uid, std::optional<gid_t> gid,
                       bool tty)
    : exe_(exe), argv_(argv), envp_(envp), parent_(::getpid()), uid_(uid), gid_(gid), tty_(tty) {
  plan_limits(limits);
}

ChildSetup::~ChildSetup() {
  if (error_read_ >= 0) ::close(error_read_);
  if (error_write_ >= 0) ::close(error_write_);
}

boost::system::error_code ChildSetup::open_error_pipe() {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return {errno, boost::system::system_category()};
  error_read_ = ends[0];
  error_write_ = ends[1];
  return {};
}

// Limits are worked out in the parent: the child may only copy them.
void ChildSetup::plan_limits(const Rlimits& limits) {
  // The hard CPU limit is one second above the soft one, so the program
  // gets SIGXCPU (a limit) before the kernel's SIGKILL.
  if (limits.cpu_seconds != 0) add_limit(RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1);
  if (limits.address_space != 0) add_limit(RLIMIT_AS, limits.address_space, limits.address_space);
  if (limits.file_size != 0) add_limit(RLIMIT_FSIZE, limits.file_size, limits.file_size);
  if (limits.open_files != 0) add_limit(RLIMIT_NOFILE, limits.open_files, limits.open_files);
  // RLIMIT_NPROC counts every process of the uid; under the runner's own
  // uid it would stop the user's session from forking (decisions.md 1),
  // unless the box's user namespace counts the test's processes apart.
  if (limits.processes != 0 && (uid_ || limits.processes_apart))
    add_limit(RLIMIT_NPROC, limits.processes, limits.processes);
  // Core files of crashing student programs would fill the disk.
  add_limit(RLIMIT_CORE, 0, 0);
}

void ChildSetup::add_limit(int resource, rlim_t soft, rlim_t hard) {
  limits_[limit_count_++] = LimitSetting{resource, rlimit{soft, hard}};
}

std::optional<SetupFailure> ChildSetup::read_failure() {
  if (error_write_ >= 0) ::close(error_write_);
  error_write_ = -1;
  if (error_read_ < 0) return std::nullopt;
  SetupFailure failure;
  ssize_t got;
  do {
    got = ::read(error_read_, &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof failure) && failure.step == SetupStep::parked &&
      gate_ >= 0)
    return std::nullopt;  // the read end stays open for take_error_pipe
  ::close(error_read_);
  error_read_ = -1;
  // A parked child never execs without its release: EOF means it died.
  if (got == 0 && gate_ >= 0) return SetupFailure{SetupStep::parked, ECHILD};
  if (got == 0) return std::nullopt;
  if (got != static_cast<ssize_t>(sizeof failure)) return SetupFailure{SetupStep::exec, EIO};
  return failure;
}

// Between fork and exec: async-signal-safe calls only.
void ChildSetup::exec_or_die() const noexcept {
  lead_group();
  if (!reset_signals()) fail(SetupStep::signals, errno);
  if (!join_cgroups_now()) fail(SetupStep::cgroups, errno);
  if (!apply_limits()) fail(SetupStep::rlimits, errno);
  drop_privileges();
  // If the runner dies, the program dies with it; the parent may already
  // have gone before the prctl took effect, hence the check. After the uid
  // change, which clears the parent-death signal (credentials(7)).
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(SetupStep::parent_death, errno);
  if (::getppid() != parent_) fail(SetupStep::parent_death, ESRCH);
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail(SetupStep::no_new_privs, errno);
  // Last before exec, so that no call of the setup itself is recorded; no
  // unfiltered program ever runs: a failure ends the child here.
  if (filter_)
    if (const int error = mechanism::install_in_child(*filter_, listener_socket_))
      fail(SetupStep::seccomp, error);
  if (!mark_fds_cloexec()) fail(SetupStep::close_fds, errno);
  if (gate_ >= 0) wait_at_gate();
  ::execve(exe_, const_cast<char* const*>(argv_), const_cast<char* const*>(envp_));
  fail(SetupStep::exec, errno);
}

// Its own process group, so that a stop reaches what it started. Under a
// terminal, a new session instead (which makes a group of its own too):
// only a session leader can take a controlling terminal, and a program that
// has one gets SIGINT from ^C and can use tcsetpgrp as at a real terminal.
void ChildSetup::lead_group() const noexcept {
  // Every program starts with the usual umask, whatever the runner's, so
  // that the modes a program creates (a FIFO's 0600) are judged the same
  // on every machine.
  ::umask(022);
  if (!tty_) {
    if (::setpgid(0, 0) != 0) fail(SetupStep::process_group, errno);
    return;
  }
  if (::setsid() < 0) fail(SetupStep::process_group, errno);
  if (::ioctl(STDIN_FILENO, TIOCSCTTY, 0) != 0) fail(SetupStep::terminal, errno);
}

bool ChildSetup::apply_limits() const noexcept {
  for (int i = 0; i < limit_count_; ++i) {
    if (::setrlimit(limits_[i].resource, &limits_[i].value) != 0) return false;
  }
  return true;
}

// Joined while still root (the files belong to root) and before exec, so
// that everything the program starts is in the cgroup from its first
// instruction.
bool ChildSetup::join_cgroups_now() const noexcept {
  if (!cgroups_) return true;
  for (const auto& file : *cgroups_) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool joined = ::write(fd, "0", 1) == 1;
    const int saved = errno;
    ::close(fd);
    if (!joined) {
      errno = saved;
      return false;
    }
  }
  return true;
}

// Raw system calls: glibc's set*id wrappers synchronise every thread of the
// process, machinery a forked child of a threaded runner must not touch.
void ChildSetup::drop_privileges() const noexcept {
  if (!uid_ && !gid_) return;
  if (::syscall(SYS_setgroups, 0, nullptr) != 0) fail(SetupStep::groups, errno);
  if (gid_ && ::syscall(SYS_setgid, *gid_) != 0) fail(SetupStep::gid, errno);
  if (uid_ && ::syscall(SYS_setuid, *uid_) != 0) fail(SetupStep::uid, errno);
}

// Parked: nothing of the runner's is held (another program's stdin write
// end would keep that program from ever seeing EOF; Boost's exec-error pipe
// would keep the launch from returning), then the gate decides.
void ChildSetup::wait_at_gate() const noexcept {
  if (!close_all_but(gate_, error_write_)) fail(SetupStep::close_fds, errno);
  const SetupFailure parked{SetupStep::parked, 0};
  if (::write(error_write_, &parked, sizeof parked) != static_cast<ssize_t>(sizeof parked))
    ::_exit(0);
  char go = 0;
  ssize_t got;
  do {
    got = ::read(gate_, &go, 1);
  } while (got < 0 && errno == EINTR);
  if (got != 1) ::_exit(0);  // dropped unreleased: the program never runs
  ::close(gate_);
}

void ChildSetup::fail(SetupStep step, int error) const noexcept {
  const SetupFailure failure{step, error};
  ssize_t ignored = ::write(error_write_, &failure, sizeof failure);
  (void)ignored;
  ::_exit(127);
}

}  // namespace ipcgrade::exec
