// The test as a whole: which process starts when, conditions and who waits
// for them, the test's timeout, and the end of the test.
#include "exec/scenario.h"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "exec/probes.h"
#include "exec/scenario_parts.h"
#include "judge/visible.h"
#include "spec/variables.h"

namespace ipcgrade::exec {

namespace detail {

namespace {

constexpr std::chrono::microseconds kProbeFirst{250};
constexpr std::chrono::microseconds kProbeMax{2000};

bool is_probe(const spec::Condition& c) {
  return c.kind == spec::Condition::Kind::exists || c.kind == spec::Condition::Kind::listening;
}

}  // namespace

std::string human_duration(milliseconds d) {
  if (d.count() % 1000 == 0) return fmt::format("{}s", d.count() / 1000);
  return fmt::format("{}ms", d.count());
}

Scenario::Scenario(asio::io_context& io, Launcher& launcher, const spec::Suite& suite,
                   const spec::TestSpec& test, const TestEnvironment& env,
                   const bool& interrupted)
    : io_(io), launcher_(launcher), suite_(suite), test_(test), env_(env),
      interrupted_(interrupted), vars_(env.vars), test_timer_(io), probe_timer_(io) {
  limits_ = effective_limits(suite.defaults.limits, env.uid.has_value(), env.memory_in_cgroup,
                             env.processes_in_cgroup, env.processes_apart);
  for (const auto& process : test.processes)
    for (const auto& capture : process.captures) capture_names_.insert(capture.var);
  result_.processes.resize(test.processes.size());
  for (std::size_t i = 0; i < test.processes.size(); ++i)
    runs_.push_back(std::make_unique<ProcessRun>(*this, test.processes[i], result_.processes[i]));
}

milliseconds Scenario::scaled(milliseconds d) const {
  return milliseconds(static_cast<milliseconds::rep>(static_cast<double>(d.count()) *
                                                     env_.time_scale));
}

std::optional<std::string> Scenario::expand(const std::string& text) {
  std::string missing;
  std::string out = spec::expand(text, vars_, &missing);
  if (missing.empty()) return out;
  const std::string message = fmt::format("variable '${{{}}}' has no value in this run", missing);
  if (std::find(result_.spec_errors.begin(), result_.spec_errors.end(), message) ==
      result_.spec_errors.end())
    result_.spec_errors.push_back(message);
  return std::nullopt;
}

std::optional<std::string> Scenario::expand_quiet(const std::string& text) const {
  std::string missing;
  std::string out = spec::expand(text, vars_, &missing);
  if (missing.empty()) return out;
  return std::nullopt;
}

std::shared_ptr<RE2> Scenario::regex(const std::string& pattern) {
  auto& slot = regexes_[pattern];
  if (!slot) {
    RE2::Options options;
    options.set_log_errors(false);
    slot = std::make_shared<RE2>(pattern, options);
  }
  return slot;
}

ProcessRun* Scenario::find(const std::string& id) {
  for (auto& run : runs_)
    if (run->id() == id) return run.get();
  return nullptr;
}

void Scenario::add_failure(FailureKind kind, const std::string& process, std::string message) {
  result_.failures.push_back({kind, process, std::move(message), ""});
}

void Scenario::count_processes_at_timeout() {
  const std::uint64_t limit = limits_.rlimits.processes;
  if (limit == 0 || result_.processes_limit_reached) return;
  const auto counted = launcher_.processes_counted(env_.uid);
  if (counted && *counted >= limit) result_.processes_limit_reached = limit;
}

// ---- starting ----

bool Scenario::all_done() const {
  for (const auto& run : runs_)
    if (run->state() != ProcessRun::State::done) return false;
  return true;
}

// A step waits for the step before it; a process for `after_exit` and for
// the captured variables its command uses.
bool Scenario::may_start(std::size_t i) const {
  const ProcessRun& run = *runs_[i];
  for (const auto& var : run.needs())
    if (!vars_.count(var)) return false;
  if (test_.sequential) return i == 0 || runs_[i - 1]->state() == ProcessRun::State::done;
  const auto& after_exit = run.spec().start.after_exit;
  if (!after_exit) return true;
  for (const auto& other : runs_)
    if (other->id() == *after_exit) return other->state() == ProcessRun::State::done;
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
      if (run.state() != ProcessRun::State::waiting || run.scheduled || !may_start(i)) continue;
      const spec::StartSpec& start = run.spec().start;
      const auto later = [this, &run] {
        if (ended_ || run.state() != ProcessRun::State::waiting) return;
        run.start();
        if (run.state() == ProcessRun::State::done) start_ready();
      };
      const auto after = [this, &run, later, delay = start.after] {
        if (!delay) return later();
        auto timer = std::make_unique<asio::steady_timer>(io_, scaled(*delay));
        timer->async_wait([later](boost::system::error_code ec) {
          if (!ec) later();
        });
        start_timers_.push_back(std::move(timer));
      };
      if (start.when) {
        run.scheduled = true;
        wait_for(*start.when, nullptr, fmt::format("the start of '{}'", run.id()), after);
        waiters_.back().starts = &run;
      } else if (start.after && !test_.sequential) {
        run.scheduled = true;
        after();
      } else {
        run.start();
        progress = progress || run.state() == ProcessRun::State::done;
      }
    }
  }
}

// A process that waits for a condition is forked and set up now, parked
// before execve, so that its condition only has to release it (issue 3:
// within 2 ms). Not in sequential tests, nor for a process whose command,
// environment or stdin uses a captured variable (it is made at its start).
void Scenario::park_waiting() {
  if (test_.sequential) return;
  for (auto& run : runs_) {
    const spec::StartSpec& start = run->spec().start;
    if (!start.when && !start.after && !start.after_exit) continue;
    if (!run->needs().empty()) continue;
    run->park();
  }
}

void Scenario::process_finished(ProcessRun& run) {
  recheck([&](const Waiter& w) {
    return w.cond.kind == spec::Condition::Kind::exited && w.cond.process == run.id();
  });
  start_ready();
}

// ---- conditions ----

void Scenario::wait_for(const spec::Condition& cond, const ProcessRun* self, std::string purpose,
                        std::function<void()> then) {
  Waiter w;
  w.cond = cond;
  w.self = self;
  w.purpose = std::move(purpose);
  w.then = std::move(then);
  for (std::string* text : {&w.cond.regex, &w.cond.path, &w.cond.address}) {
    auto expanded = expand(*text);
    if (!expanded) return;  // a spec error; the test ends as error
    *text = *expanded;
  }
  if (w.cond.kind == spec::Condition::Kind::exists && !w.cond.path.empty() &&
      w.cond.path.front() != '/')
    w.cond.path = (env_.scratch / w.cond.path).string();
  if (!w.cond.regex.empty()) w.regex = regex(w.cond.regex);
  waiters_.push_back(std::move(w));
  Waiter& added = waiters_.back();
  if (holds(added)) return fire(added);
  if (is_probe(added.cond)) {
    probe_backoff_ = std::chrono::microseconds(0);
    poll_probes();
  }
}

// Whether a condition holds now, counting output that came before it was
// registered.
bool Scenario::holds(Waiter& w) {
  using Kind = spec::Condition::Kind;
  const ProcessRun* watched = nullptr;
  switch (w.cond.kind) {
    case Kind::exists: return path_exists(w.cond.path, env_.root);
    case Kind::listening: return is_listening(w.cond.address, env_.proc_net);
    case Kind::captured: return vars_.count(w.cond.var) > 0;
    case Kind::exited: {
      const ProcessRun* run = find(w.cond.process);
      return run && run->state() == ProcessRun::State::done;
    }
    case Kind::stdout_self: watched = w.self; break;
    case Kind::stdout_of: watched = find(w.cond.process); break;
  }
  if (!watched || !w.regex->ok()) return false;
  std::string_view log = watched->stdout_log();
  while (!log.empty()) {
    const std::size_t nl = log.find('\n');
    if (RE2::PartialMatch(log.substr(0, nl), *w.regex)) return true;
    if (nl == std::string_view::npos) break;
    log.remove_prefix(nl + 1);
  }
  const std::string partial = watched->last_line();
  return !partial.empty() && RE2::PartialMatch(partial, *w.regex);
}

void Scenario::fire(Waiter& w) {
  if (w.done) return;
  w.done = true;
  asio::post(io_, std::move(w.then));
}

void Scenario::recheck(std::function<bool(const Waiter&)> affected) {
  for (auto it = waiters_.begin(); it != waiters_.end();) {
    if (!it->done && affected(*it) && holds(*it)) fire(*it);
    it = it->done ? waiters_.erase(it) : std::next(it);
  }
}

void Scenario::line_seen(const ProcessRun& run, std::string_view line) {
  for (auto it = waiters_.begin(); it != waiters_.end();) {
    const auto kind = it->cond.kind;
    const bool mine = (kind == spec::Condition::Kind::stdout_self && it->self == &run) ||
                      (kind == spec::Condition::Kind::stdout_of && it->cond.process == run.id());
    if (!it->done && mine && it->regex->ok() && RE2::PartialMatch(line, *it->regex)) fire(*it);
    it = it->done ? waiters_.erase(it) : std::next(it);
  }
}

void Scenario::captured(const std::string& var, const std::string& value) {
  if (vars_.count(var)) return;  // the first match wins
  vars_[var] = value;
  recheck([&](const Waiter& w) {
    return w.cond.kind == spec::Condition::Kind::captured && w.cond.var == var;
  });
  asio::post(io_, [this] { start_ready(); });
}

// Files and sockets have no event to wait on here: look again soon, then
// less often (250 µs doubling to 2 ms) while any such condition waits.
void Scenario::poll_probes() {
  recheck([](const Waiter& w) { return is_probe(w.cond); });
  const bool waiting = std::any_of(waiters_.begin(), waiters_.end(),
                                   [](const Waiter& w) { return !w.done && is_probe(w.cond); });
  if (!waiting || ended_) return;
  probe_backoff_ = std::clamp(probe_backoff_ * 2, kProbeFirst, kProbeMax);
  probe_timer_.expires_after(probe_backoff_);
  probe_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) poll_probes();
  });
}

// What a waiter waited for, and what was seen instead.
std::string Scenario::describe(const Waiter& w) const {
  using Kind = spec::Condition::Kind;
  const auto seen = [&](const ProcessRun* run) -> std::string {
    if (!run) return "";
    const std::string line = run->last_line();
    if (line.empty()) return fmt::format(" ('{}' printed nothing)", run->id());
    return fmt::format(" (the last line of '{}' was \"{}\")", run->id(), visible(line));
  };
  std::string what;
  switch (w.cond.kind) {
    case Kind::stdout_self:
      return fmt::format("a line of its stdout matching /{}/, which never came{}",
                         visible(w.cond.regex), seen(w.self));
    case Kind::stdout_of: {
      const ProcessRun* run = const_cast<Scenario*>(this)->find(w.cond.process);
      return fmt::format("a line of the stdout of '{}' matching /{}/, which never came{}",
                         w.cond.process, visible(w.cond.regex), seen(run));
    }
    case Kind::exists: what = fmt::format("{} to exist", visible(w.cond.path)); break;
    case Kind::listening:
      what = fmt::format("something listening on {}", visible(w.cond.address));
      break;
    case Kind::exited: what = fmt::format("'{}' to exit", w.cond.process); break;
    case Kind::captured: what = fmt::format("${{{}}} to be captured", w.cond.var); break;
  }
  return what + ", which never happened";
}

void Scenario::report_unmet_waiters() {
  for (const auto& w : waiters_) {
    if (w.done) continue;
    if (w.starts) {
      w.starts->fail_to_start(fmt::format("did not start: it waited for {}", describe(w)),
                              FailureKind::timeout);
    } else if (!(w.self && w.self->state() == ProcessRun::State::done)) {
      // A process that already exited has its unsent signals reported as such.
      add_failure(FailureKind::timeout, w.self ? w.self->id() : "",
                  fmt::format("{} waited for {}", w.purpose, describe(w)));
    }
  }
}

// ---- the end ----

void Scenario::on_test_timeout() {
  result_.test_timed_out = true;
  report_unmet_waiters();
  waiters_.clear();
  ended_ = true;
  const milliseconds bound = scaled(test_.timeout.value_or(suite_.defaults.timeout));
  for (auto& run : runs_) run->stop_at_test_end(bound, true);
}

void Scenario::stop_everything() {
  ended_ = true;
  waiters_.clear();
  for (auto& run : runs_) run->stop_at_test_end(milliseconds(0), false);
}

ScenarioResult Scenario::run() {
  io_.restart();
  test_timer_.expires_after(scaled(test_.timeout.value_or(suite_.defaults.timeout)));
  test_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) on_test_timeout();
  });
  park_waiting();
  start_ready();
  while (!all_done()) {
    if (interrupted_ && !ended_) stop_everything();
    if (io_.run_one() == 0) break;
  }
  ended_ = true;
  test_timer_.cancel();
  probe_timer_.cancel();
  for (auto& timer : start_timers_) timer->cancel();
  for (auto& run : runs_) run->release();
  io_.restart();
  io_.poll();
  result_.vars = vars_;
  return std::move(result_);
}

}  // namespace detail

EffectiveLimits effective_limits(const spec::Limits& limits, bool under_slot_uid,
                                 bool memory_in_cgroup, bool processes_in_cgroup,
                                 bool processes_apart) {
  using std::chrono::milliseconds;
  EffectiveLimits out;
  const auto seconds = [](milliseconds d) {
    return static_cast<std::uint64_t>((d.count() + 999) / 1000);
  };
  out.rlimits.cpu_seconds = seconds(limits.cpu.value_or(milliseconds(10000)));
  out.memory = limits.memory.value_or(1ull << 30);
  out.processes = limits.processes.value_or(64);
  out.rlimits.address_space = memory_in_cgroup ? 0 : out.memory;
  const bool counted_apart = under_slot_uid || processes_apart;
  out.rlimits.processes = counted_apart && !processes_in_cgroup ? out.processes : 0;
  out.rlimits.processes_apart = processes_apart && !under_slot_uid;
  out.rlimits.file_size = limits.file_size.value_or(64ull << 20);
  out.rlimits.open_files = limits.open_files.value_or(256);
  out.output = limits.output.value_or(8ull << 20);
  return out;
}

ScenarioResult run_scenario(boost::asio::io_context& io, Launcher& launcher,
                            const spec::Suite& suite, const spec::TestSpec& test,
                            const TestEnvironment& env, const bool& interrupted) {
  detail::Scenario scenario(io, launcher, suite, test, env, interrupted);
  return scenario.run();
}

}  // namespace ipcgrade::exec
