#include "exec/fake_launcher.h"

#include <signal.h>

#include <array>
#include <optional>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <utility>

namespace ipcgrade::exec {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// Above PID_MAX_LIMIT (2^22): a fake pid that reaches a real system call
// finds no process there.
constexpr pid_t kFirstFakePid = (1 << 22) + 1;
constexpr int kLastSignal = 64;

bool valid_signal(int signo) { return signo >= 1 && signo <= kLastSignal; }
std::uint64_t bit(int signo) { return 1ull << (signo - 1); }

// wait4's status for an exit code and for death by a signal.
int exited_with(int code) { return (code & 0xff) << 8; }
int killed_by(int signo) { return signo & 0x7f; }

enum class Action { kill, ignore, stop, resume };

// The kernel's default action for a signal nobody handles (signal(7)).
Action default_action(int signo) {
  switch (signo) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
      return Action::ignore;
    case SIGCONT:
      return Action::resume;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return Action::stop;
    default:
      return Action::kill;
  }
}

// A running script. Completion handlers hold it by shared_ptr, so they
// stay harmless after the Child is gone: they find no observer and return.
class FakeProcess : public std::enable_shared_from_this<FakeProcess> {
 public:
  // A launch whose record is the last of `launches`, or with `parked` a
  // prepared one whose record joins them when it is released.
  FakeProcess(asio::io_context& io, const FakeProgram& program, ChildObserver& observer,
              std::shared_ptr<std::vector<FakeLaunch>> launches,
              std::optional<FakeLaunch> parked = std::nullopt,
              std::shared_ptr<std::vector<FakePrepared>> prepared = nullptr)
      : io_(io),
        program_(program),
        observer_(&observer),
        launches_(std::move(launches)),
        parked_(std::move(parked)),
        prepared_(std::move(prepared)),
        prepared_index_(prepared_ ? prepared_->size() - 1 : 0),
        index_(launches_->size() - 1),
        sleep_timer_(io),
        stop_timer_(io),
        input_closed_(!record().request.stdin_pipe) {
    info_.started = record().started;
  }

  // The script starts from the event loop: the launcher's caller must have
  // its Child before any callback comes.
  void start() { schedule(); }
  bool running() const { return !ended_; }
  bool send_signal(int signo, bool to_group);
  void write_stdin(std::string data);
  void close_stdin();
  void stop(std::chrono::milliseconds grace);
  void kill_now() { send_signal(SIGKILL, true); }
  std::uint64_t pending_signals() const { return ended_ ? 0 : held_; }
  void abandon() {
    if (parked_) {
      (*prepared_)[prepared_index_].dropped = true;
      ended_ = true;
    }
    kill_now();
    observer_ = nullptr;
  }
  // A prepared script starts now, as a launch of its own.
  bool release() {
    if (!parked_) return true;
    if (ended_ || observer_ == nullptr) return false;
    parked_->started = info_.started = Clock::now();
    (*prepared_)[prepared_index_].released = info_.started;
    launches_->push_back(std::move(*parked_));
    parked_.reset();
    index_ = launches_->size() - 1;
    start();
    return true;
  }

 private:
  FakeLaunch& record() { return parked_ ? *parked_ : (*launches_)[index_]; }
  void deliver(int signo);
  void resume();
  void schedule();
  void run();
  bool perform(const FakeStep& step);
  bool sleep(std::chrono::milliseconds duration);
  bool read_line();
  void end(int wait_status);
  void tell_drained();

  asio::io_context& io_;
  const FakeProgram program_;
  ChildObserver* observer_;
  std::shared_ptr<std::vector<FakeLaunch>> launches_;
  std::optional<FakeLaunch> parked_;  // prepared, not yet released
  std::shared_ptr<std::vector<FakePrepared>> prepared_;
  std::size_t prepared_index_;
  std::size_t index_;
  asio::steady_timer sleep_timer_;
  asio::steady_timer stop_timer_;
  std::size_t next_step_ = 0;
  bool scheduled_ = false;
  bool sleeping_ = false;
  bool slept_ = false;
  bool stopped_ = false;
  std::uint64_t held_ = 0;                     // signals that came while stopped
  std::array<int, kLastSignal + 1> caught_{};  // caught and not yet consumed
  std::string input_;
  bool input_closed_;
  bool drained_posted_ = false;
  bool ended_ = false;
  ExitInfo info_;
};

bool FakeProcess::send_signal(int signo, bool to_group) {
  if (ended_ || !valid_signal(signo)) return false;
  record().signals.push_back(FakeSignal{signo, to_group, Clock::now()});
  deliver(signo);
  return true;
}

// As the kernel would, for a program that installed a handler for each
// signal it waits for and the disposition SIG_IGN for each it ignores.
void FakeProcess::deliver(int signo) {
  if (signo == SIGKILL) return end(killed_by(SIGKILL));
  if (signo == SIGSTOP) {
    stopped_ = true;
    return;
  }
  if (signo == SIGCONT) {
    resume();
  } else if (stopped_) {
    held_ |= bit(signo);  // standard signals merge while pending
    return;
  }
  if (program_.catches(signo)) {
    ++caught_[signo];
    return schedule();
  }
  if (program_.ignores_signal(signo)) return;
  switch (default_action(signo)) {
    case Action::kill:
      return end(killed_by(signo));
    case Action::stop:
      stopped_ = true;
      return;
    case Action::ignore:
    case Action::resume:
      return;
  }
}

// Signals held while stopped arrive in number order, as the kernel
// dequeues them; one that stops it again holds the rest once more.
void FakeProcess::resume() {
  if (!stopped_) return;
  stopped_ = false;
  const std::uint64_t held = std::exchange(held_, 0);
  for (int signo = 1; signo <= kLastSignal && !ended_; ++signo)
    if (held & bit(signo)) deliver(signo);
  schedule();
}

void FakeProcess::schedule() {
  if (ended_ || scheduled_) return;
  scheduled_ = true;
  asio::post(io_, [self = shared_from_this()] { self->run(); });
}

// Runs steps until one has to wait; whatever it waits for schedules the
// next run. The observer may stop, signal or destroy the Child from inside
// on_output, so every turn looks again.
void FakeProcess::run() {
  scheduled_ = false;
  const std::vector<FakeStep>& steps = program_.steps();
  while (observer_ != nullptr && !ended_ && !stopped_) {
    if (next_step_ == steps.size()) return end(exited_with(0));
    if (!perform(steps[next_step_])) return;
    ++next_step_;
  }
}

// True when the step is done; false while it waits (or ended the program).
bool FakeProcess::perform(const FakeStep& step) {
  const int number = step.number;
  switch (step.kind) {
    case FakeStep::Kind::print: {
      // Under a terminal, stderr is the same stream as stdout.
      const Stream stream = record().request.tty ? Stream::out : step.stream;
      if (!step.text.empty()) observer_->on_output(stream, step.text);
      return true;
    }
    case FakeStep::Kind::wait:
      return sleep(step.duration);
    case FakeStep::Kind::read_line:
      return read_line();
    case FakeStep::Kind::read_all:
      if (!input_closed_) return false;
      input_.clear();
      return true;
    case FakeStep::Kind::wait_for_signal:
      if (!valid_signal(number) || caught_[number] == 0) return false;
      --caught_[number];
      return true;
    case FakeStep::Kind::exit:
      end(exited_with(number));
      return false;
    case FakeStep::Kind::die:
      end(killed_by(number));
      return false;
    case FakeStep::Kind::hang:
      return false;
  }
  return false;
}

// The timer runs on while the program is stopped, as nanosleep's does; the
// script goes on once it is continued.
bool FakeProcess::sleep(std::chrono::milliseconds duration) {
  if (std::exchange(slept_, false)) return true;
  if (sleeping_) return false;
  sleeping_ = true;
  sleep_timer_.expires_after(duration);
  sleep_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (ec) return;
    self->sleeping_ = false;
    self->slept_ = true;
    self->schedule();
  });
  return false;
}

bool FakeProcess::read_line() {
  const std::size_t newline = input_.find('\n');
  if (newline != std::string::npos) {
    input_.erase(0, newline + 1);
    return true;
  }
  if (!input_closed_) return false;
  input_.clear();  // the last line has no newline, or there is none: EOF
  return true;
}

// The fake's stdin never fills up: every write is taken at once.
void FakeProcess::write_stdin(std::string data) {
  if (ended_ || input_closed_ || data.empty()) return;
  record().stdin_data += data;
  input_ += data;
  schedule();
  tell_drained();
}

void FakeProcess::tell_drained() {
  if (std::exchange(drained_posted_, true)) return;
  asio::post(io_, [self = shared_from_this()] {
    self->drained_posted_ = false;
    if (self->observer_ != nullptr && !self->ended_) self->observer_->on_stdin_drained();
  });
}

void FakeProcess::close_stdin() {
  if (ended_) return;
  record().stdin_closed = true;
  input_closed_ = true;
  schedule();
}

void FakeProcess::stop(std::chrono::milliseconds grace) {
  if (!send_signal(SIGTERM, true) || ended_) return;
  stop_timer_.expires_after(grace);
  stop_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (!ec && self->observer_ != nullptr) self->kill_now();
  });
}

// on_finished comes from the event loop, after every output the script made.
void FakeProcess::end(int wait_status) {
  if (std::exchange(ended_, true)) return;
  info_.wait_status = wait_status;
  info_.exited = Clock::now();
  info_.cpu_user = program_.cpu();
  info_.group_survivors = program_.children_left();
  record().exit = info_;
  sleep_timer_.cancel();
  stop_timer_.cancel();
  asio::post(io_, [self = shared_from_this()] {
    if (ChildObserver* observer = std::exchange(self->observer_, nullptr))
      observer->on_finished(self->info_);
  });
}

class FakeChild final : public Child {
 public:
  FakeChild(std::shared_ptr<FakeProcess> process, pid_t pid)
      : process_(std::move(process)), pid_(pid) {}
  ~FakeChild() override { process_->abandon(); }
  FakeChild(const FakeChild&) = delete;
  FakeChild& operator=(const FakeChild&) = delete;

  pid_t pid() const override { return pid_; }
  bool running() const override { return process_->running(); }
  bool send_signal(int signo, bool to_group) override {
    return process_->send_signal(signo, to_group);
  }
  void write_stdin(std::string data) override { process_->write_stdin(std::move(data)); }
  std::size_t stdin_queued() const override { return 0; }
  void close_stdin() override { process_->close_stdin(); }
  void stop(std::chrono::milliseconds grace) override { process_->stop(grace); }
  void kill_now() override { process_->kill_now(); }
  std::uint64_t pending_signals() const override { return process_->pending_signals(); }
  bool release() override { return process_->release(); }

 private:
  std::shared_ptr<FakeProcess> process_;
  pid_t pid_;
};

}  // namespace

FakeProgram& FakeProgram::prints(std::string text) {
  add(FakeStep::Kind::print).steps_.back().text = std::move(text);
  return *this;
}

FakeProgram& FakeProgram::errs(std::string text) {
  prints(std::move(text)).steps_.back().stream = Stream::err;
  return *this;
}

FakeProgram& FakeProgram::waits(std::chrono::milliseconds duration) {
  add(FakeStep::Kind::wait).steps_.back().duration = duration;
  return *this;
}

FakeProgram& FakeProgram::reads_line() { return add(FakeStep::Kind::read_line); }
FakeProgram& FakeProgram::reads_all() { return add(FakeStep::Kind::read_all); }
FakeProgram& FakeProgram::waits_for_signal(int signo) {
  return add(FakeStep::Kind::wait_for_signal, signo);
}
FakeProgram& FakeProgram::exits(int code) { return add(FakeStep::Kind::exit, code); }
FakeProgram& FakeProgram::dies(int signo) { return add(FakeStep::Kind::die, signo); }
FakeProgram& FakeProgram::hangs() { return add(FakeStep::Kind::hang); }

FakeProgram& FakeProgram::ignores(int signo) {
  if (valid_signal(signo)) ignored_ |= bit(signo);
  return *this;
}

FakeProgram& FakeProgram::uses_cpu(std::chrono::milliseconds cpu) {
  cpu_ = cpu;
  return *this;
}

FakeProgram& FakeProgram::leaves_children() {
  leaves_children_ = true;
  return *this;
}

bool FakeProgram::catches(int signo) const {
  for (const FakeStep& step : steps_)
    if (step.kind == FakeStep::Kind::wait_for_signal && step.number == signo) return true;
  return false;
}

bool FakeProgram::ignores_signal(int signo) const {
  return valid_signal(signo) && (ignored_ & bit(signo)) != 0;
}

FakeProgram& FakeProgram::add(FakeStep::Kind kind, int number) {
  FakeStep& step = steps_.emplace_back();
  step.kind = kind;
  step.number = number;
  return *this;
}

FakeLauncher::FakeLauncher(asio::io_context& io)
    : io_(io),
      launches_(std::make_shared<std::vector<FakeLaunch>>()),
      prepared_(std::make_shared<std::vector<FakePrepared>>()) {}

std::unique_ptr<Child> FakeLauncher::prepare(const LaunchRequest& request,
                                             ChildObserver& observer, std::string& error) {
  if (!prepares_) return nullptr;
  const std::string name = request.exe.filename().string();
  const auto found = programs_.find(name);
  if (found == programs_.end()) {
    error = "cannot run " + name + ": No such file or directory";
    return nullptr;
  }
  FakeLaunch launch;
  launch.request = request;
  FakePrepared record;
  record.request = request;
  record.prepared = Clock::now();
  prepared_->push_back(std::move(record));
  const pid_t pid = kFirstFakePid + static_cast<pid_t>(next_pid_++);
  auto process = std::make_shared<FakeProcess>(io_, found->second, observer, launches_,
                                               std::move(launch), prepared_);
  return std::make_unique<FakeChild>(std::move(process), pid);
}

std::unique_ptr<Child> FakeLauncher::launch(const LaunchRequest& request, ChildObserver& observer,
                                            std::string& error) {
  const std::string name = request.exe.filename().string();
  const auto found = programs_.find(name);
  if (found == programs_.end()) {
    error = "cannot run " + name + ": No such file or directory";
    return nullptr;
  }
  FakeLaunch launch;  // filled first: `request` may be a launch of ours
  launch.request = request;
  launch.started = Clock::now();
  launches_->push_back(std::move(launch));
  const auto pid = kFirstFakePid + static_cast<pid_t>(next_pid_++);
  auto process = std::make_shared<FakeProcess>(io_, found->second, observer, launches_);
  process->start();
  return std::make_unique<FakeChild>(std::move(process), pid);
}

}  // namespace ipcgrade::exec
