// One process of a test: launch, stdin (a source or a script), output
// (captures, lines for conditions, the output limit) and injected signals.
#include <fmt/format.h>

#include <csignal>

#include "exec/build.h"
#include "exec/scenario_parts.h"
#include "judge/matchers.h"
#include "mechanism/demand.h"
#include "mechanism/filter.h"
#include "spec/loader.h"
#include "spec/variables.h"

namespace ipcgrade::exec::detail {

namespace {

constexpr std::size_t kStdinChunk = 64 * 1024;
constexpr std::size_t kStdinQueueHigh = 256 * 1024;
constexpr std::size_t kExcerptKeep = 64 * 1024;
constexpr std::size_t kLineLogCap = 1 << 20;  // stdout kept for late conditions
constexpr std::size_t kPartialLineCap = 64 * 1024;

std::string human_size(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::uint64_t signal_bit(int signo) { return 1ull << (signo - 1); }

}  // namespace

ProcessRun::ProcessRun(Scenario& scenario, const spec::ProcessSpec& spec,
                       ProcessObservation& seen)
    : scenario_(scenario), spec_(spec), seen_(seen), timeout_timer_(scenario.io()),
      script_timer_(scenario.io()), signal_timer_(scenario.io()) {
  seen_.id = spec.id;
  seen_.program = spec.run.empty() ? "" : spec.run.front();
  seen_.from_reference = spec.from_reference;
  std::vector<std::string> strings = spec.run;
  for (const auto& [name, value] : spec.env) strings.push_back(value);
  strings.push_back(spec.stdin_spec.text);
  for (const auto& step : spec.stdin_spec.script) strings.push_back(step.data);
  for (const auto& text : strings)
    for (const auto& name : spec::variables_in(text))
      if (scenario.is_capture(name)) needs_.insert(name);
}

void ProcessRun::fail_to_start(std::string why, FailureKind kind) {
  seen_.not_started = std::move(why);
  seen_.not_started_kind = kind;
  state_ = State::done;
}

std::string ProcessRun::last_line() const {
  return partial_line_.empty() ? last_complete_line_ : partial_line_;
}

bool ProcessRun::prepare(LaunchRequest& request, bool quiet) {
  const TestEnvironment& env = scenario_.env();
  const auto expand = [&](const std::string& text) {
    return quiet ? scenario_.expand_quiet(text) : scenario_.expand(text);
  };
  ResolvedProgram program = env.resolve(seen_.program, spec_.from_reference || env.all_reference);
  if (program.error) {
    if (!quiet) fail_to_start(*program.error, program.error_kind);
    return false;
  }
  request.exe = program.exe;
  for (const auto& word : spec_.run) {
    auto expanded = expand(word);
    if (!expanded) return false;
    request.argv.push_back(*expanded);
  }
  // The process's `env` and `tty` replace the clean environment's entries
  // of the same name (getenv() returns the first one).
  std::map<std::string, std::string> vars;
  for (const auto& entry : clean_environment(env.scratch)) {
    const auto eq = entry.find('=');
    vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  if (spec_.tty) vars["TERM"] = "xterm";
  for (const auto& [name, value] : spec_.env) {
    auto expanded = expand(value);
    if (!expanded) return false;
    vars[name] = *expanded;
  }
  for (const auto& [name, value] : vars) request.env.push_back(name + "=" + value);
  request.cwd = env.scratch;
  request.uid = env.uid;
  request.gid = env.gid;
  request.limits = scenario_.limits().rlimits;
  request.tty = spec_.tty;
  request.stdin_pipe = spec_.stdin_spec.kind != spec::StdinSpec::Kind::none || spec_.tty;
  choose_filter(request, quiet);
  // Stdin and captures are the start's business.
  if (quiet) return true;
  seen_.cpu_limit_seconds = request.limits.cpu_seconds;
  if (spec_.stdin_spec.kind != spec::StdinSpec::Kind::script) {
    auto text = scenario_.expand(spec_.stdin_spec.text);
    if (!text) return false;
    std::string error;
    stdin_ = make_stdin_source(spec_.stdin_spec, *text, error);
    if (!stdin_) {
      fail_to_start(error, FailureKind::internal);
      return false;
    }
  }
  for (const auto& capture : spec_.captures) {
    auto pattern = scenario_.expand(capture.regex);
    if (!pattern) return false;
    captures_.emplace_back(capture.var, scenario_.regex(*pattern));
  }
  return true;
}

// Every program gets the filter that refuses ptrace (decisions.md 1); one
// whose test asks what it uses gets the recording one, where the kernel
// allows it, and otherwise the reason for the report's `unchecked`.
void ProcessRun::choose_filter(LaunchRequest& request, bool quiet) {
  const mechanism::Support& support = mechanism::support();
  const mechanism::Demand demand = mechanism::demand_of(scenario_.suite(), spec_);
  if (!demand.empty() && support.user_notification) {
    request.seccomp = mechanism::recording_filter(demand.countable_calls());
    return;
  }
  if (!demand.empty() && !quiet) seen_.evidence.unavailable = support.reason;
  if (support.seccomp) request.seccomp = mechanism::deny_filter();
}

void ProcessRun::set_up_captures() {
  const std::uint64_t limit = scenario_.limits().output;
  auto make = [&](const std::vector<spec::Matcher>& matchers) {
    bool text = false, sha = false, same_as_stdin = false;
    for (const auto& m : matchers) {
      text = text || needs_text(m);
      sha = sha || m.kind == spec::Matcher::Kind::sha256;
      same_as_stdin = same_as_stdin || m.kind == spec::Matcher::Kind::same_as_stdin;
    }
    ByteSource compare;
    if (same_as_stdin) {
      std::string error;
      std::shared_ptr<StdinSource> again = make_stdin_source(
          spec_.stdin_spec, scenario_.expand(spec_.stdin_spec.text).value_or(""), error);
      if (again) compare = [again](std::size_t max) { return again->next(max); };
    }
    return StreamCapture(text ? static_cast<std::size_t>(limit) : kExcerptKeep, sha,
                         std::move(compare));
  };
  seen_.out = make(spec_.stdout_matchers);
  seen_.err = make(spec_.stderr_matchers);
}

void ProcessRun::start() {
  LaunchRequest request;
  if (!prepare(request)) {
    if (state_ != State::done)
      fail_to_start("not started: the suite has a mistake", FailureKind::spec);
    return;
  }
  set_up_captures();
  std::string error;
  // Prepared ahead (park): one write lets it exec. One that has gone is
  // launched instead, as if it had never been prepared.
  if (parked_ && !parked_gone_ && parked_->release()) {
    child_ = std::move(parked_);
  } else {
    parked_.reset();
    child_ = scenario_.launcher().launch(request, *this, error);
  }
  if (!child_) {
    fail_to_start(error, FailureKind::exit);
    return;
  }
  state_ = State::running;
  seen_.pid = child_->pid();
  started_ = last_signal_time_ = Clock::now();
  if (spec_.timeout) {
    seen_.timeout_bound = scenario_.scaled(*spec_.timeout);
    timeout_timer_.expires_after(seen_.timeout_bound);
    timeout_timer_.async_wait([this](boost::system::error_code ec) {
      if (ec || state_ != State::running) return;
      seen_.stopped_at_timeout = stopped_by_runner_ = true;
      scenario_.count_processes_at_timeout();
      child_->stop(scenario_.kill_grace());
    });
  }
  if (spec_.stdin_spec.kind == spec::StdinSpec::Kind::script)
    run_script();
  else if (request.stdin_pipe)
    pump_stdin();
  schedule_signal();
}

void ProcessRun::park() {
  LaunchRequest request;
  if (state_ != State::waiting || parked_ || !prepare(request, true)) return;
  std::string ignored;  // the start launches instead, and says why if that fails too
  parked_ = scenario_.launcher().prepare(request, *this, ignored);
}

// A released program whose exec failed: reported as its failed launch would
// have been, with nothing of a run (no pid, no exit, no signals).
void ProcessRun::launch_failed(std::string why) {
  timeout_timer_.cancel();
  script_timer_.cancel();
  signal_timer_.cancel();
  next_signal_ = spec_.signals.size();
  seen_.pid = 0;
  seen_.timeout_bound = milliseconds(0);
  fail_to_start(std::move(why), FailureKind::exit);
  scenario_.start_failed();
}

void ProcessRun::pump_stdin() {
  if (!stdin_ || stdin_broken_ || state_ != State::running) return;
  while (child_->stdin_queued() < kStdinQueueHigh) {
    std::string chunk = stdin_->next(kStdinChunk);
    if (chunk.empty()) {
      stdin_.reset();
      child_->close_stdin();
      return;
    }
    child_->write_stdin(std::move(chunk));
  }
}

// Stdin scripts: writes are queued without blocking; waits are timers or
// conditions, so a program that stops reading never blocks the runner.
void ProcessRun::run_script() {
  const auto& script = spec_.stdin_spec.script;
  while (state_ == State::running && script_step_ < script.size()) {
    const spec::StdinStep& step = script[script_step_++];
    switch (step.kind) {
      case spec::StdinStep::Kind::write: {
        auto data = scenario_.expand(step.data);
        if (data && !stdin_broken_) child_->write_stdin(*data);
        break;
      }
      case spec::StdinStep::Kind::close:
        child_->close_stdin();
        return;
      case spec::StdinStep::Kind::wait:
        script_timer_.expires_after(scenario_.scaled(step.wait));
        script_timer_.async_wait([this](boost::system::error_code ec) {
          if (!ec) run_script();
        });
        return;
      case spec::StdinStep::Kind::wait_for:
        scenario_.wait_for(*step.cond, this, fmt::format("the stdin script of '{}'", id()),
                           [this] { run_script(); });
        return;
    }
  }
  if (state_ == State::running && script_step_ >= script.size()) child_->close_stdin();
}

void ProcessRun::on_output(Stream stream, std::string_view chunk) {
  if (state_ != State::running) return;  // a prepared program writes nothing
  StreamCapture& capture = stream == Stream::out ? seen_.out : seen_.err;
  if (seen_.limit_hit) return;
  const std::uint64_t limit = scenario_.limits().output;
  if (capture.total_bytes() + chunk.size() > limit) {
    capture.feed(chunk.substr(0, static_cast<std::size_t>(limit - capture.total_bytes())));
    seen_.limit_hit = fmt::format("wrote more than {} to {} (limits.output) and was stopped",
                                  human_size(limit), stream == Stream::out ? "stdout" : "stderr");
    stopped_by_runner_ = true;
    child_->kill_now();
    return;
  }
  capture.feed(chunk);
  if (stream == Stream::out) take_lines(chunk);
}

// Conditions and captures look at stdout line by line; a line still being
// written counts as it grows.
void ProcessRun::take_lines(std::string_view chunk) {
  while (!chunk.empty()) {
    const std::size_t nl = chunk.find('\n');
    const std::string_view piece = chunk.substr(0, nl);
    if (partial_line_.size() < kPartialLineCap)
      partial_line_.append(piece.substr(0, kPartialLineCap - partial_line_.size()));
    if (nl == std::string_view::npos) {
      line_seen(partial_line_);
      return;
    }
    if (stdout_log_.size() < kLineLogCap) stdout_log_ += partial_line_ + '\n';
    last_complete_line_ = std::move(partial_line_);
    partial_line_.clear();
    line_seen(last_complete_line_);
    chunk.remove_prefix(nl + 1);
  }
}

void ProcessRun::line_seen(std::string_view line) {
  for (auto it = captures_.begin(); it != captures_.end();) {
    std::string value;
    if (RE2::PartialMatch(line, *it->second, &value)) {
      scenario_.captured(it->first, value);
      it = captures_.erase(it);
    } else {
      ++it;
    }
  }
  scenario_.line_seen(*this, line);
}

void ProcessRun::on_finished(const ExitInfo& info) {
  if (state_ != State::running) {
    parked_gone_ = true;  // prepared and gone before its start: never a run
    return;
  }
  if (info.launch_error) return launch_failed(*info.launch_error);
  timeout_timer_.cancel();
  script_timer_.cancel();
  signal_timer_.cancel();
  if (!partial_line_.empty() && stdout_log_.size() < kLineLogCap) stdout_log_ += partial_line_;
  seen_.wait_status = info.wait_status;
  seen_.cpu = info.cpu_user + info.cpu_system;
  seen_.wall = std::chrono::duration_cast<milliseconds>(info.exited - info.started);
  // Processes the runner killed itself are not the program's orphans.
  seen_.group_survivors = info.group_survivors && !stopped_by_runner_;
  if (info.evidence) seen_.evidence = *info.evidence;
  seen_.out.finish();
  seen_.err.finish();
  state_ = State::done;
  if (!stopped_by_runner_) report_unsent_signals("had already exited");
  scenario_.process_finished(*this);
}

void ProcessRun::stop_at_test_end(milliseconds bound, bool timed_out) {
  if (state_ == State::waiting) {
    if (timed_out)
      fail_to_start(fmt::format("did not start: the test's {} ran out first",
                                human_duration(bound)), FailureKind::timeout);
    else
      fail_to_start("did not start: the run was interrupted", FailureKind::internal);
    return;
  }
  if (state_ != State::running || stopped_by_runner_) return;
  stopped_by_runner_ = true;
  if (pending_backoff_.count() > 0 && next_signal_ < spec_.signals.size())
    scenario_.add_failure(FailureKind::signal, id(),
                          fmt::format("{} could not be sent: the {} sent before it was still "
                                      "pending (blocked or not handled) when the test ended",
                                      spec::signal_name(spec_.signals[next_signal_].signo),
                                      spec::signal_name(last_signal_)));
  if (timed_out) {
    seen_.stopped_at_timeout = true;
    seen_.timeout_bound = bound;
    scenario_.count_processes_at_timeout();
    child_->stop(scenario_.kill_grace());
  } else {
    child_->kill_now();
  }
}

void ProcessRun::release() {
  timeout_timer_.cancel();
  script_timer_.cancel();
  signal_timer_.cancel();
  child_.reset();
  parked_.reset();  // killed and reaped unreleased: nobody hears of it
}

// ---- injected signals, one after another ----

void ProcessRun::schedule_signal() {
  if (next_signal_ >= spec_.signals.size() || state_ != State::running) return;
  const spec::SignalSpec& s = spec_.signals[next_signal_];
  switch (s.timing) {
    case spec::SignalSpec::Timing::at:
      signal_timer_.expires_at(started_ + scenario_.scaled(s.delay));
      break;
    case spec::SignalSpec::Timing::after:
      signal_timer_.expires_at(last_signal_time_ + scenario_.scaled(s.delay));
      break;
    case spec::SignalSpec::Timing::when:
      scenario_.wait_for(*s.when, this,
                         fmt::format("{} to '{}'", spec::signal_name(s.signo), id()),
                         [this] { deliver_signal(); });
      return;
  }
  signal_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) deliver_signal();
  });
}

// Sends the next signal once the one before it is no longer pending, so
// that counted signals never merge (spec-format.md, "Signals never merge").
void ProcessRun::deliver_signal() {
  if (state_ != State::running) return;
  const spec::SignalSpec& s = spec_.signals[next_signal_];
  // SIGCONT and SIGKILL reach a stopped process, whose other signals stay
  // pending until it continues: they never wait.
  const bool waits = s.signo != SIGCONT && s.signo != SIGKILL;
  if (waits && last_signal_ != 0 && (child_->pending_signals() & signal_bit(last_signal_))) {
    // The previous signal is still pending (blocked, or not yet handled):
    // look again soon, more slowly as it lasts.
    pending_backoff_ = std::clamp(pending_backoff_ * 2, std::chrono::microseconds(250),
                                  std::chrono::microseconds(2000));
    signal_timer_.expires_after(pending_backoff_);
    signal_timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) deliver_signal();
    });
    return;
  }
  pending_backoff_ = std::chrono::microseconds(0);
  child_->send_signal(s.signo, s.to_group);
  last_signal_ = s.signo;
  last_signal_time_ = Clock::now();
  ++next_signal_;
  schedule_signal();
}

void ProcessRun::report_unsent_signals(const std::string& why) {
  for (std::size_t i = next_signal_; i < spec_.signals.size(); ++i)
    scenario_.add_failure(FailureKind::signal, id(),
                          fmt::format("{} was not sent: {} {}",
                                      spec::signal_name(spec_.signals[i].signo), program(), why));
  next_signal_ = spec_.signals.size();
}

}  // namespace ipcgrade::exec::detail
