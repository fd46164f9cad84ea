// The scenario engine's parts, shared by scenario.cpp (the test as a whole:
// starting, conditions, the test timeout) and process_run.cpp (one process:
// launch, stdin, output, signals). Internal to exec/.
#pragma once

#include <re2/re2.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <list>
#include <memory>
#include <set>

#include "exec/scenario.h"
#include "exec/stdin_source.h"

namespace ipcgrade::exec::detail {

using std::chrono::milliseconds;
namespace asio = boost::asio;

class Scenario;

// One process of the test: launched, fed, watched and recorded.
class ProcessRun final : public ChildObserver {
 public:
  enum class State { waiting, running, done };

  ProcessRun(Scenario& scenario, const spec::ProcessSpec& spec, ProcessObservation& seen);
  void start();
  // Prepares its program ahead of its start condition (Launcher::prepare),
  // so that start() only releases it; silently nothing when it cannot.
  void park();
  void stop_at_test_end(milliseconds bound, bool timed_out);
  void release();  // cancels timers; a child still running is killed and reaped
  void fail_to_start(std::string why, FailureKind kind);

  State state() const { return state_; }
  const spec::ProcessSpec& spec() const { return spec_; }
  const std::string& id() const { return spec_.id; }
  const std::string& program() const { return seen_.program; }
  // The stdout lines seen so far (bounded), for conditions registered late.
  const std::string& stdout_log() const { return stdout_log_; }
  std::string last_line() const;
  // Captured variables its strings use: it starts only once all are set.
  const std::set<std::string>& needs() const { return needs_; }
  bool scheduled = false;  // a start timer or condition is armed

  void on_output(Stream stream, std::string_view chunk) override;
  void on_stdin_drained() override { pump_stdin(); }
  void on_stdin_error(std::error_code) override { stdin_broken_ = true; }
  void on_finished(const ExitInfo& info) override;

 private:
  // `quiet`: for park(), no trace of a failure nor any other side effect
  // (the start does it all again and reports as usual).
  bool prepare(LaunchRequest& request, bool quiet = false);
  void choose_filter(LaunchRequest& request, bool quiet);
  void launch_failed(std::string why);
  void set_up_captures();
  void pump_stdin();
  void run_script();
  void take_lines(std::string_view chunk);
  void line_seen(std::string_view line);
  void schedule_signal();
  void deliver_signal();
  void report_unsent_signals(const std::string& why);

  Scenario& scenario_;
  const spec::ProcessSpec& spec_;
  ProcessObservation& seen_;
  State state_ = State::waiting;
  std::unique_ptr<Child> child_;
  std::unique_ptr<Child> parked_;  // prepared, waiting for its start
  bool parked_gone_ = false;       // it ended before its start
  std::unique_ptr<StdinSource> stdin_;
  std::size_t script_step_ = 0;
  bool stdin_broken_ = false;
  bool stopped_by_runner_ = false;
  std::set<std::string> needs_;
  std::string partial_line_;
  std::string last_complete_line_;
  std::string stdout_log_;
  std::vector<std::pair<std::string, std::shared_ptr<RE2>>> captures_;  // not yet captured
  std::size_t next_signal_ = 0;
  int last_signal_ = 0;
  Clock::time_point started_{};
  Clock::time_point last_signal_time_{};
  std::chrono::microseconds pending_backoff_{0};  // nonzero while waiting on a pending signal
  asio::steady_timer timeout_timer_;
  asio::steady_timer script_timer_;
  asio::steady_timer signal_timer_;
};

// A condition being waited for, and what to do when it comes true.
struct Waiter {
  spec::Condition cond;  // strings expanded
  const ProcessRun* self = nullptr;
  ProcessRun* starts = nullptr;  // the process this condition starts
  std::string purpose;  // "the start of 'sender'"
  std::function<void()> then;
  std::shared_ptr<RE2> regex;
  bool done = false;
};

class Scenario {
 public:
  Scenario(asio::io_context& io, Launcher& launcher, const spec::Suite& suite,
           const spec::TestSpec& test, const TestEnvironment& env, const bool& interrupted);

  ScenarioResult run();

  // Events from processes.
  void process_finished(ProcessRun& run);
  void line_seen(const ProcessRun& run, std::string_view line);
  void captured(const std::string& var, const std::string& value);

  // Calls `then` (posted, never inline) once `cond` holds. `self` is the
  // process whose own stdout `{stdout: RE}` means.
  void wait_for(const spec::Condition& cond, const ProcessRun* self, std::string purpose,
                std::function<void()> then);
  void add_failure(FailureKind kind, const std::string& process, std::string message);
  // Before a program is stopped at a timeout: whether the test's processes
  // are at the RLIMIT_NPROC that holds them (ScenarioResult).
  void count_processes_at_timeout();

  asio::io_context& io() { return io_; }
  Launcher& launcher() { return launcher_; }
  const TestEnvironment& env() const { return env_; }
  const spec::Suite& suite() const { return suite_; }
  const std::map<std::string, std::string>& vars() const { return vars_; }
  const EffectiveLimits& limits() const { return limits_; }
  milliseconds scaled(milliseconds d) const;
  milliseconds kill_grace() const { return scaled(suite_.defaults.kill_grace); }
  bool is_capture(const std::string& name) const { return capture_names_.count(name) > 0; }
  // Expands ${vars}; a missing one is a mistake of the suite.
  std::optional<std::string> expand(const std::string& text);
  // The same, but a missing variable is nobody's mistake yet: nullopt.
  std::optional<std::string> expand_quiet(const std::string& text) const;
  // After a released program's exec failed: what a failed start does.
  void start_failed() { start_ready(); }
  std::shared_ptr<RE2> regex(const std::string& pattern);
  ProcessRun* find(const std::string& id);

 private:
  void start_ready();
  void park_waiting();
  bool may_start(std::size_t i) const;
  bool all_done() const;
  void on_test_timeout();
  void stop_everything();
  bool holds(Waiter& w);
  void fire(Waiter& w);
  void recheck(std::function<bool(const Waiter&)> affected);
  void poll_probes();
  std::string describe(const Waiter& w) const;
  void report_unmet_waiters();

  asio::io_context& io_;
  Launcher& launcher_;
  const spec::Suite& suite_;
  const spec::TestSpec& test_;
  const TestEnvironment& env_;
  const bool& interrupted_;
  EffectiveLimits limits_;
  ScenarioResult result_;
  std::map<std::string, std::string> vars_;
  std::set<std::string> capture_names_;
  std::vector<std::unique_ptr<ProcessRun>> runs_;
  std::list<Waiter> waiters_;
  std::map<std::string, std::shared_ptr<RE2>> regexes_;
  asio::steady_timer test_timer_;
  asio::steady_timer probe_timer_;
  std::chrono::microseconds probe_backoff_{0};
  std::vector<std::unique_ptr<asio::steady_timer>> start_timers_;
  bool ended_ = false;
};

std::string human_duration(milliseconds d);

}  // namespace ipcgrade::exec::detail
