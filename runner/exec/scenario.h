// Runs the processes of one test (one run of it) and records what happened.
// `steps` run one after another; `processes` start together unless their
// `start` says otherwise. Judging is not done here: the result is a list of
// observations for judge/.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exec/launcher.h"
#include "judge/observation.h"
#include "spec/model.h"

namespace ipcgrade::exec {

// How a program name of a command becomes a file to run.
struct ResolvedProgram {
  std::filesystem::path exe;
  std::optional<std::string> error;  // why it cannot run
  FailureKind error_kind = FailureKind::exit;  // build: it did not build
};
using ProgramResolver =
    std::function<ResolvedProgram(const std::string& name, bool from_reference)>;

struct TestEnvironment {
  std::filesystem::path scratch;
  std::map<std::string, std::string> vars;  // ${name} values of this run
  ProgramResolver resolve;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  double time_scale = 1.0;
  // Every program from the reference build (for same_as: reference).
  bool all_reference = false;
  // The test's cgroup holds its memory and its processes together
  // (box/cgroup.h), so the rlimits that would otherwise stand in for it
  // are lifted (see effective_limits).
  bool memory_in_cgroup = false;
  bool processes_in_cgroup = false;
  // The programs run in a user namespace of the box's own, where
  // RLIMIT_NPROC counts only their processes (Isolation::counts_processes_apart).
  bool processes_apart = false;
  // Where the test's "/" and /proc/net are reached from the runner, for the
  // `exists` and `listening` conditions (a box's, or the host's).
  std::filesystem::path root = "/";
  std::filesystem::path proc_net = "/proc/net";
};

struct ScenarioResult {
  std::vector<ProcessObservation> processes;  // in spec order
  // Mistakes of the suite found only at run time (an unset variable): the
  // test is an `error` of kind spec.
  std::vector<std::string> spec_errors;
  // Failures of the scenario itself: a condition that never came true, a
  // signal that could not be sent.
  std::vector<Failure> failures;
  // The variables at the end, captured ones included, for the matchers.
  std::map<std::string, std::string> vars;
  bool test_timed_out = false;
  // Without a pids cgroup, RLIMIT_NPROC holds the test's processes and
  // the kernel keeps no record of a fork it refused: when a program is
  // stopped at its timeout, the processes the kernel counts are counted.
  // At the limit, the run hit it (decisions.md 3): this is that limit.
  std::optional<std::uint64_t> processes_limit_reached;
};

// Runs one test on `io` until every process has finished or was stopped.
// `interrupted` is polled: when it turns true the test is stopped at once.
ScenarioResult run_scenario(boost::asio::io_context& io, Launcher& launcher,
                            const spec::Suite& suite, const spec::TestSpec& test,
                            const TestEnvironment& env, const bool& interrupted);

// The spec's resolved limits with the runner's defaults for unset ones.
// With a memory cgroup the address space is not limited: the cgroup's OOM
// killer stops a memory bomb, not a malloc() that fails, and programs that
// reserve much and touch little (threads, sanitizers) run as usual. With a
// pids cgroup RLIMIT_NPROC is not set: it counts every process of the uid,
// and the cgroup must be what stops a fork bomb, so that the runner sees it.
// Without one, RLIMIT_NPROC is set only where it counts the test's
// processes alone: under a slot uid, or in the box's own user namespace
// (`processes_apart`).
struct EffectiveLimits {
  Rlimits rlimits;
  std::uint64_t output = 8ull << 20;
  std::uint64_t memory = 1ull << 30;  // for the cgroup, whatever the rlimits
  std::uint64_t processes = 64;
};
EffectiveLimits effective_limits(const spec::Limits& limits, bool under_slot_uid,
                                 bool memory_in_cgroup = false, bool processes_in_cgroup = false,
                                 bool processes_apart = false);

}  // namespace ipcgrade::exec
