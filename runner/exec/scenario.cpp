#include "exec/scenario.h"

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "exec/build.h"
#include "exec/stdin_source.h"
#include "judge/matchers.h"
#include "spec/variables.h"

namespace ipcgrade::exec {

namespace {

using std::chrono::milliseconds;
namespace asio = boost::asio;

constexpr std::size_t kStdinChunk = 64 * 1024;
constexpr std::size_t kStdinQueueHigh = 256 * 1024;
constexpr std::size_t kExcerptKeep = 64 * 1024;

std::string human_size(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::string human_duration(milliseconds d) {
  if (d.count() % 1000 == 0) return fmt::format("{}s", d.count() / 1000);
  return fmt::format("{}ms", d.count());
}

milliseconds scaled(milliseconds d, double factor) {
  return milliseconds(static_cast<milliseconds::rep>(static_cast<double>(d.count()) * factor));
}

class Scenario;

// One process of the test: launched, fed, watched and recorded.
class ProcessRun final : public ChildObserver {
 public:
  enum class State { waiting, running, done };

  ProcessRun(Scenario& scenario, const spec::ProcessSpec& spec, ProcessObservation& seen);
  void start();
  void stop_at_test_timeout(milliseconds bound);
  void stop_now() {
    if (child_ && state_ == State::running) child_->kill_now();
  }
  void release();  // cancels timers and lets the child go (it kills if still running)
  State state() const { return state_; }
  const spec::ProcessSpec& spec() const { return spec_; }
  bool scheduled = false;  // a start timer is armed

  void on_output(Stream stream, std::string_view chunk) override;
  void on_stdin_drained() override { pump_stdin(); }
  void on_stdin_error(std::error_code) override { stdin_broken_ = true; }
  void on_finished(const ExitInfo& info) override;

 private:
  bool prepare(LaunchRequest& request);
  void set_up_captures();
  void pump_stdin();
  void run_script();
  void fail_to_start(std::string why, FailureKind kind);

  Scenario& scenario_;
  const spec::ProcessSpec& spec_;
  ProcessObservation& seen_;
  State state_ = State::waiting;
  std::unique_ptr<Child> child_;
  std::unique_ptr<StdinSource> stdin_;
  std::size_t script_step_ = 0;
  bool stdin_broken_ = false;
  asio::steady_timer timeout_timer_;
  asio::steady_timer script_timer_;
};

class Scenario {
 public:
  Scenario(asio::io_context& io, Launcher& launcher, const spec::Suite& suite,
           const spec::TestSpec& test, const TestEnvironment& env, const bool& interrupted)
      : io_(io), launcher_(launcher), suite_(suite), test_(test), env_(env),
        interrupted_(interrupted), test_timer_(io) {
    limits_ = effective_limits(suite.defaults.limits, env.uid.has_value());
    result_.processes.resize(test.processes.size());
    for (std::size_t i = 0; i < test.processes.size(); ++i)
      runs_.push_back(std::make_unique<ProcessRun>(*this, test.processes[i], result_.processes[i]));
  }

  ScenarioResult run();
  void process_finished(ProcessRun& run);

  asio::io_context& io() { return io_; }
  Launcher& launcher() { return launcher_; }
  const TestEnvironment& env() const { return env_; }
  const EffectiveLimits& limits() const { return limits_; }
  const spec::Suite& suite() const { return suite_; }
  milliseconds scaled(milliseconds d) const { return exec::scaled(d, env_.time_scale); }
  milliseconds test_timeout() const {
    return scaled(test_.timeout.value_or(suite_.defaults.timeout));
  }
  milliseconds kill_grace() const { return scaled(suite_.defaults.kill_grace); }
  // Expands ${vars}; a missing one is a mistake of the suite.
  std::optional<std::string> expand(const std::string& text);

 private:
  void start_ready();
  bool may_start(std::size_t i) const;
  bool all_done() const;
  void on_test_timeout();
  void stop_everything();

  asio::io_context& io_;
  Launcher& launcher_;
  const spec::Suite& suite_;
  const spec::TestSpec& test_;
  const TestEnvironment& env_;
  const bool& interrupted_;
  EffectiveLimits limits_;
  ScenarioResult result_;
  std::vector<std::unique_ptr<ProcessRun>> runs_;
  asio::steady_timer test_timer_;
  std::vector<std::unique_ptr<asio::steady_timer>> start_timers_;
  bool ended_ = false;
};

// ---- ProcessRun ----

ProcessRun::ProcessRun(Scenario& scenario, const spec::ProcessSpec& spec,
                       ProcessObservation& seen)
    : scenario_(scenario), spec_(spec), seen_(seen), timeout_timer_(scenario.io()),
      script_timer_(scenario.io()) {
  seen_.id = spec.id;
  seen_.program = spec.run.empty() ? "" : spec.run.front();
  seen_.from_reference = spec.from_reference;
}

void ProcessRun::fail_to_start(std::string why, FailureKind kind) {
  seen_.not_started = std::move(why);
  seen_.not_started_kind = kind;
  state_ = State::done;
}

bool ProcessRun::prepare(LaunchRequest& request) {
  const TestEnvironment& env = scenario_.env();
  ResolvedProgram program = env.resolve(seen_.program, spec_.from_reference);
  if (program.error) {
    fail_to_start(*program.error, program.error_kind);
    return false;
  }
  request.exe = program.exe;
  for (const auto& word : spec_.run) {
    auto expanded = scenario_.expand(word);
    if (!expanded) return false;
    request.argv.push_back(*expanded);
  }
  request.env = clean_environment(env.scratch);
  for (const auto& [name, value] : spec_.env) {
    auto expanded = scenario_.expand(value);
    if (!expanded) return false;
    request.env.push_back(name + "=" + *expanded);
  }
  request.cwd = env.scratch;
  request.uid = env.uid;
  request.gid = env.gid;
  request.limits = scenario_.limits().rlimits;
  request.stdin_pipe = spec_.stdin_spec.kind != spec::StdinSpec::Kind::none;
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
  return true;
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
    if (state_ != State::done) fail_to_start("not started: the suite has a mistake", FailureKind::spec);
    return;
  }
  set_up_captures();
  std::string error;
  child_ = scenario_.launcher().launch(request, *this, error);
  if (!child_) {
    fail_to_start(error, FailureKind::exit);
    return;
  }
  state_ = State::running;
  if (spec_.timeout) {
    seen_.timeout_bound = scenario_.scaled(*spec_.timeout);
    timeout_timer_.expires_after(seen_.timeout_bound);
    timeout_timer_.async_wait([this](boost::system::error_code ec) {
      if (ec || state_ != State::running) return;
      seen_.stopped_at_timeout = true;
      child_->stop(scenario_.kill_grace());
    });
  }
  if (spec_.stdin_spec.kind == spec::StdinSpec::Kind::script)
    run_script();
  else if (request.stdin_pipe)
    pump_stdin();
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

// Stdin scripts: writes are queued without blocking; waits are timers.
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
      case spec::StdinStep::Kind::wait_for:  // conditions arrive with the scenario work
        script_timer_.expires_after(scenario_.scaled(step.wait));
        script_timer_.async_wait([this](boost::system::error_code ec) {
          if (!ec) run_script();
        });
        return;
    }
  }
  if (state_ == State::running && script_step_ >= script.size()) child_->close_stdin();
}

void ProcessRun::on_output(Stream stream, std::string_view chunk) {
  StreamCapture& capture = stream == Stream::out ? seen_.out : seen_.err;
  if (seen_.limit_hit) return;
  const std::uint64_t limit = scenario_.limits().output;
  if (capture.total_bytes() + chunk.size() > limit) {
    capture.feed(chunk.substr(0, static_cast<std::size_t>(limit - capture.total_bytes())));
    seen_.limit_hit = fmt::format("wrote more than {} to {} (limits.output) and was stopped",
                                  human_size(limit), stream == Stream::out ? "stdout" : "stderr");
    child_->kill_now();
    return;
  }
  capture.feed(chunk);
}

void ProcessRun::on_finished(const ExitInfo& info) {
  timeout_timer_.cancel();
  script_timer_.cancel();
  seen_.wait_status = info.wait_status;
  seen_.cpu = info.cpu_user + info.cpu_system;
  seen_.wall = std::chrono::duration_cast<milliseconds>(info.exited - info.started);
  seen_.group_survivors = info.group_survivors;
  seen_.out.finish();
  seen_.err.finish();
  state_ = State::done;
  scenario_.process_finished(*this);
}

void ProcessRun::stop_at_test_timeout(milliseconds bound) {
  if (state_ == State::waiting) {
    fail_to_start(fmt::format("did not start: the test's {} ran out first", human_duration(bound)),
                  FailureKind::timeout);
    return;
  }
  if (state_ != State::running || seen_.stopped_at_timeout) return;
  seen_.stopped_at_timeout = true;
  seen_.timeout_bound = bound;
  child_->stop(scenario_.kill_grace());
}

void ProcessRun::release() {
  timeout_timer_.cancel();
  script_timer_.cancel();
  child_.reset();
}

// ---- Scenario ----

std::optional<std::string> Scenario::expand(const std::string& text) {
  std::string missing;
  std::string out = spec::expand(text, env_.vars, &missing);
  if (missing.empty()) return out;
  const std::string message = fmt::format("variable '${{{}}}' has no value in this run", missing);
  if (std::find(result_.spec_errors.begin(), result_.spec_errors.end(), message) ==
      result_.spec_errors.end())
    result_.spec_errors.push_back(message);
  return std::nullopt;
}

bool Scenario::all_done() const {
  for (const auto& run : runs_)
    if (run->state() != ProcessRun::State::done) return false;
  return true;
}

// Starts every process whose start condition holds. A process that fails
// to start counts as done, which may let others start: loop until stable.
void Scenario::start_ready() {
  if (ended_) return;
  for (bool progress = true; progress;) {
    progress = false;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      ProcessRun& run = *runs_[i];
      if (run.state() != ProcessRun::State::waiting || run.scheduled) continue;
      if (!may_start(i)) continue;
      if (const auto& after = run.spec().start.after; after && !test_.sequential) {
        run.scheduled = true;
        auto timer = std::make_unique<asio::steady_timer>(io_, scaled(*after));
        timer->async_wait([this, &run](boost::system::error_code ec) {
          if (ec || ended_ || run.state() != ProcessRun::State::waiting) return;
          run.start();
          if (run.state() == ProcessRun::State::done) start_ready();
        });
        start_timers_.push_back(std::move(timer));
        continue;
      }
      run.start();
      progress = progress || run.state() == ProcessRun::State::done;
    }
  }
}

// A step waits for the step before it; a process with `after_exit` for
// that process.
bool Scenario::may_start(std::size_t i) const {
  if (test_.sequential) return i == 0 || runs_[i - 1]->state() == ProcessRun::State::done;
  const auto& after_exit = runs_[i]->spec().start.after_exit;
  if (!after_exit) return true;
  for (const auto& other : runs_)
    if (other->spec().id == *after_exit) return other->state() == ProcessRun::State::done;
  return true;
}

void Scenario::process_finished(ProcessRun&) { start_ready(); }

void Scenario::on_test_timeout() {
  result_.test_timed_out = true;
  for (auto& run : runs_) run->stop_at_test_timeout(test_timeout());
}

void Scenario::stop_everything() {
  ended_ = true;
  for (auto& run : runs_) {
    if (run->state() == ProcessRun::State::waiting)
      run->stop_at_test_timeout(test_timeout());
    else
      run->stop_now();
  }
}

ScenarioResult Scenario::run() {
  io_.restart();
  test_timer_.expires_after(test_timeout());
  test_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) on_test_timeout();
  });
  start_ready();
  while (!all_done()) {
    if (interrupted_) stop_everything();
    if (io_.run_one() == 0) break;
  }
  test_timer_.cancel();
  for (auto& timer : start_timers_) timer->cancel();
  for (auto& run : runs_) run->release();
  io_.restart();
  io_.poll();
  return std::move(result_);
}

}  // namespace

EffectiveLimits effective_limits(const spec::Limits& limits, bool under_slot_uid) {
  EffectiveLimits out;
  const auto seconds = [](milliseconds d) {
    return static_cast<std::uint64_t>((d.count() + 999) / 1000);
  };
  out.rlimits.cpu_seconds = seconds(limits.cpu.value_or(milliseconds(10000)));
  out.rlimits.address_space = limits.memory.value_or(1ull << 30);
  out.rlimits.processes = under_slot_uid ? limits.processes.value_or(64) : 0;
  out.rlimits.file_size = limits.file_size.value_or(64ull << 20);
  out.rlimits.open_files = limits.open_files.value_or(256);
  out.output = limits.output.value_or(8ull << 20);
  return out;
}

ScenarioResult run_scenario(asio::io_context& io, Launcher& launcher, const spec::Suite& suite,
                            const spec::TestSpec& test, const TestEnvironment& env,
                            const bool& interrupted) {
  Scenario scenario(io, launcher, suite, test, env, interrupted);
  return scenario.run();
}

}  // namespace ipcgrade::exec
