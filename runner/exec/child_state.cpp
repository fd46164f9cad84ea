#include "exec/child_state.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "exec/child_setup.h"
#include "mechanism/supervisor.h"

namespace ipcgrade::exec {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// How long the pipes may stay open once the program has exited and its
// group has been killed; only a process outside the group can hold them.
constexpr std::chrono::milliseconds drain_deadline{100};

// The hexadecimal mask after `field` (e.g. "SigPnd:") in a /proc status
// file; 0 when the file is gone (the thread or process has exited).
std::uint64_t status_mask(const char* path, const char* field) {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[8192];
  const ssize_t got = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (got <= 0) return 0;
  text[got] = '\0';
  const char* found = std::strstr(text, field);
  return found ? std::strtoull(found + std::strlen(field), nullptr, 16) : 0;
}

// Signals aimed at the process are pending in its shared set (ShdPnd);
// those aimed at one thread in that thread's own set (SigPnd).
std::uint64_t read_pending_signals(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/status", static_cast<int>(pid));
  std::uint64_t pending = status_mask(path, "\nShdPnd:");
  std::snprintf(path, sizeof path, "/proc/%d/task", static_cast<int>(pid));
  DIR* tasks = ::opendir(path);
  if (tasks == nullptr) return pending;
  while (const dirent* entry = ::readdir(tasks)) {
    if (entry->d_name[0] == '.') continue;
    char task_path[sizeof path + sizeof entry->d_name + 8];
    std::snprintf(task_path, sizeof task_path, "%s/%s/status", path, entry->d_name);
    pending |= status_mask(task_path, "\nSigPnd:");
  }
  ::closedir(tasks);
  return pending;
}

}  // namespace

void ChildState::attach(StdioEnds& ends) {
  if (ends.out.valid()) out_.assign(ends.out.release());
  if (ends.err.valid()) err_.assign(ends.err.release());
  if (ends.in.valid()) in_.assign(ends.in.release());
  if (ends.end_of_input) use_terminal(*ends.end_of_input);
}

// The pidfd tells of the exit through the event loop, and names this very
// process for signals even if its pid were reused.
bool ChildState::start(pid_t pid, Clock::time_point started) {
  pid_ = pid;
  info_.started = started;
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return false;
  if (!watch(pidfd)) return false;
  watch_exit();
  return true;
}

bool ChildState::start_reported(pid_t pid, int pidfd, Clock::time_point started) {
  pid_ = pid;
  info_.started = started;
  reaped_here_ = false;
  return watch(pidfd);
}

void ChildState::park(ParkedEnds ends, std::string exe) {
  gate_ = std::move(ends.gate);
  if (ends.errors.valid()) setup_errors_.assign(ends.errors.release());
  exe_ = std::move(exe);
}

// One write: the child was forked and set up long ago. Its program's time
// starts now.
bool ChildState::release() {
  if (!gate_.valid()) return true;
  if (reaped_ || !active()) {
    gate_ = UniqueFd();
    return false;
  }
  info_.started = Clock::now();
  const char go = 1;
  ssize_t put;
  do {
    put = ::write(gate_.get(), &go, 1);
  } while (put < 0 && errno == EINTR);
  gate_ = UniqueFd();
  if (put != 1) return false;  // it died parked (EPIPE; SIGPIPE is ignored)
  if (setup_errors_.is_open()) {
    ++open_streams_;
    read_setup();
  }
  return true;
}

// EOF: the program was exec'd. A SetupFailure: it was not (the child has
// _exit(127)ed), and the program's end says so as a failed launch would.
void ChildState::read_setup() {
  setup_errors_.async_read_some(
      asio::buffer(setup_buffer_), [self = shared_from_this()](const error_code& ec, std::size_t size) {
        if (!self->active()) return;
        self->setup_record_.append(self->setup_buffer_.data(), size);
        if (!ec) return self->read_setup();
        error_code ignored;
        self->setup_errors_.close(ignored);
        if (self->setup_record_.size() >= sizeof(SetupFailure)) {
          SetupFailure failure;
          std::memcpy(&failure, self->setup_record_.data(), sizeof failure);
          self->info_.launch_error = describe_failure(self->exe_, failure);
        }
        if (--self->open_streams_ == 0 && self->reaped_) self->finish();
      });
}

// Takes the pidfd and starts reading the output pipes.
bool ChildState::watch(int pidfd) {
  error_code ec;
  exit_watch_.assign(pidfd, ec);
  if (ec) {
    ::close(pidfd);
    errno = ec.value();
    return false;
  }
  for (Stream stream : {Stream::out, Stream::err}) {
    if (!pipe_for(stream).is_open()) continue;  // stderr under a terminal
    ++open_streams_;
    read_next(stream);
  }
  return true;
}

bool ChildState::send_signal(int signo, bool to_group) {
  if (reaped_) return false;
  if (!to_group)
    return ::syscall(SYS_pidfd_send_signal, exit_watch_.native_handle(), signo, nullptr, 0) == 0;
  return ::kill(-pid_, signo) == 0;
}

void ChildState::kill_now() {
  if (reaped_) return;
  // SIGCONT first, as the process rules ask: it costs nothing, and a
  // stopped member then dies like any other. The pidfd reaches the program
  // even if it moved itself to another group, so reaping it cannot hang.
  ::kill(-pid_, SIGCONT);
  ::kill(-pid_, SIGKILL);
  ::syscall(SYS_pidfd_send_signal, exit_watch_.native_handle(), SIGKILL, nullptr, 0);
}

void ChildState::stop(std::chrono::milliseconds grace) {
  if (reaped_) return;
  ::kill(-pid_, SIGTERM);
  stop_timer_.expires_after(grace);
  stop_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (!ec && self->active()) self->kill_now();
  });
}

void ChildState::read_next(Stream stream) {
  auto& buffer = stream == Stream::out ? out_buffer_ : err_buffer_;
  pipe_for(stream).async_read_some(
      asio::buffer(buffer),
      [self = shared_from_this(), stream](const error_code& ec, std::size_t size) {
        self->on_read(stream, ec, size);
      });
}

void ChildState::on_read(Stream stream, const error_code& ec, std::size_t size) {
  if (!active()) return;
  const auto& buffer = stream == Stream::out ? out_buffer_ : err_buffer_;
  if (size > 0) observer_->on_output(stream, std::string_view(buffer.data(), size));
  if (!active()) return;  // the observer may have destroyed the Child
  if (!ec) return read_next(stream);
  error_code ignored;
  pipe_for(stream).close(ignored);
  if (--open_streams_ == 0 && reaped_) finish();
}

void ChildState::watch_exit() {
  exit_watch_.async_wait(asio::posix::stream_descriptor::wait_read,
                         [self = shared_from_this()](const error_code& ec) {
                           if (!ec && self->active()) self->on_exit();
                         });
}

// The pidfd is readable: the program has exited.
void ChildState::on_exit() {
  info_.exited = Clock::now();
  reap();
  info_.group_survivors = exec::end_group(pid_);
  after_exit();
}

void ChildState::report_exit(const ExitInfo& reaped) {
  if (reaped_ || !active()) return;
  info_.exited = Clock::now();
  info_.wait_status = reaped.wait_status;
  info_.cpu_user = reaped.cpu_user;
  info_.cpu_system = reaped.cpu_system;
  info_.group_survivors = reaped.group_survivors;
  reaped_ = true;
  error_code ignored;
  stop_timer_.cancel();
  exit_watch_.close(ignored);
  after_exit();
}

// Reaped, its group ended: the pipes get a bounded time to drain.
void ChildState::after_exit() {
  if (open_streams_ == 0) return finish();
  drain_timer_.expires_after(drain_deadline);
  drain_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (ec || !self->active()) return;
    self->info_.pipes_held = true;
    self->finish();
  });
}

// wait4 rather than waitpid: its rusage adds the CPU time of the children
// the program reaped itself.
void ChildState::reap() {
  int status = 0;
  rusage usage{};
  while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  info_.wait_status = status;
  info_.cpu_user = std::chrono::seconds(usage.ru_utime.tv_sec) +
                   std::chrono::microseconds(usage.ru_utime.tv_usec);
  info_.cpu_system = std::chrono::seconds(usage.ru_stime.tv_sec) +
                     std::chrono::microseconds(usage.ru_stime.tv_usec);
  if (info_.exited == Clock::time_point{}) info_.exited = Clock::now();
  error_code ignored;
  stop_timer_.cancel();
  exit_watch_.close(ignored);
}

void ChildState::write_stdin(std::string data) {
  if (!active() || !in_.is_open() || stdin_close_requested_ || data.empty()) return;
  at_line_start_ = data.back() == '\n';
  stdin_queued_ += data.size();
  stdin_queue_.push_back(std::move(data));
  if (!writing_) write_next();
}

// A terminal has no end of file: its VEOF character at the start of a line
// makes read() return 0 instead. In the middle of a line the first one only
// hands the partial line to read(), so a second one follows it.
void ChildState::queue_end_of_input() {
  std::string end(at_line_start_ ? 1 : 2, *end_of_input_);
  at_line_start_ = true;
  stdin_queued_ += end.size();
  stdin_queue_.push_back(std::move(end));
  if (!writing_) write_next();
}

void ChildState::close_stdin() {
  if (end_of_input_ && !stdin_close_requested_ && in_.is_open()) queue_end_of_input();
  stdin_close_requested_ = true;
  error_code ignored;
  if (!writing_) in_.close(ignored);
}

void ChildState::write_next() {
  writing_ = true;
  asio::async_write(in_, asio::buffer(stdin_queue_.front()),
                    [self = shared_from_this()](const error_code& ec, std::size_t size) {
                      self->on_written(ec, size);
                    });
}

void ChildState::on_written(const error_code& ec, std::size_t size) {
  writing_ = false;
  if (!active()) return;
  error_code ignored;
  if (ec) {
    // The program closed its stdin (EPIPE) or went away: its business, not
    // the runner's. Whatever is still queued is dropped.
    stdin_queue_.clear();
    stdin_queued_ = 0;
    in_.close(ignored);
    observer_->on_stdin_error(std::error_code(ec.value(), std::generic_category()));
    return;
  }
  stdin_queued_ -= size;
  stdin_queue_.pop_front();
  if (!stdin_queue_.empty()) return write_next();
  if (stdin_close_requested_) in_.close(ignored);
  observer_->on_stdin_drained();
}

void ChildState::finish() {
  ChildObserver* observer = std::exchange(observer_, nullptr);
  if (recording_) info_.evidence = recording_->snapshot();
  close_all();
  observer->on_finished(info_);
}

void ChildState::close_all() {
  error_code ignored;
  out_.close(ignored);
  err_.close(ignored);
  in_.close(ignored);
  setup_errors_.close(ignored);
  gate_ = UniqueFd();
  exit_watch_.close(ignored);
  drain_timer_.cancel();
  stop_timer_.cancel();
}

std::uint64_t ChildState::pending_signals() const {
  return reaped_ ? 0 : read_pending_signals(pid_);
}

// The Child is going away: a running program is killed and reaped here and
// now (or by its reaper), so that nothing outlives it, and every pending
// handler is cancelled.
void ChildState::abandon() {
  const bool was_parked = std::exchange(gate_, UniqueFd()).valid();
  if (pid_ > 0 && !reaped_) {
    kill_now();
    if (reaped_here_) {
      reap();
    } else if (was_parked) {
      // Its reaper reaps it; the test's audit must not find it still dying.
      pollfd gone{exit_watch_.native_handle(), POLLIN, 0};
      while (::poll(&gone, 1, 2000) < 0 && errno == EINTR) {
      }
    }
    reaped_ = true;
  }
  observer_ = nullptr;
  close_all();
}

namespace {

class StateChild final : public Child {
 public:
  explicit StateChild(std::shared_ptr<ChildState> state) : state_(std::move(state)) {}
  ~StateChild() override { state_->abandon(); }
  StateChild(const StateChild&) = delete;
  StateChild& operator=(const StateChild&) = delete;

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
  bool release() override { return state_->release(); }

 private:
  std::shared_ptr<ChildState> state_;
};

}  // namespace

std::unique_ptr<Child> make_child(std::shared_ptr<ChildState> state) {
  return std::make_unique<StateChild>(std::move(state));
}

}  // namespace ipcgrade::exec
