#include "judge/limit_check.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>

namespace ipcgrade {

namespace {

bool explained(const Failure& f, bool student_ran) {
  switch (f.kind) {
    case FailureKind::exit:
    case FailureKind::crash:
    case FailureKind::timeout:
    case FailureKind::output:
    case FailureKind::signal:
    case FailureKind::cpu:
    case FailureKind::leak:
    case FailureKind::orphan:
    // A program killed early never got to use its mechanism.
    case FailureKind::mechanism:
      return true;
    // In a test of reference programs only, every failure is the
    // reference's (decisions.md 4), the limit's effects included.
    case FailureKind::reference:
      return !student_ran;
    default:
      return false;
  }
}

// The programs the kernel killed: SIGKILL that the runner did not send.
std::vector<const ProcessObservation*> killed_by_kernel(
    const std::vector<ProcessObservation>& processes) {
  std::vector<const ProcessObservation*> out;
  for (const auto& p : processes)
    if (!p.not_started && !p.stopped_at_timeout && !p.limit_hit && WIFSIGNALED(p.wait_status) &&
        WTERMSIG(p.wait_status) == SIGKILL)
      out.push_back(&p);
  return out;
}

std::string names(const std::vector<const ProcessObservation*>& killed) {
  std::string out;
  for (std::size_t i = 0; i < killed.size(); ++i) {
    if (i > 0) out += i + 1 == killed.size() ? " and " : ", ";
    out += killed[i]->program;
  }
  return out;
}

Failure blamed(Failure f, bool student_ran) {
  if (student_ran) return f;
  f.message = fmt::format("the reference build failed this test: [limit] {}", f.message);
  f.kind = FailureKind::reference;
  return f;
}

}  // namespace

std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::vector<Failure> explain_limits(std::vector<Failure> failures, const LimitsHit& hit,
                                    const std::vector<ProcessObservation>& processes,
                                    bool student_ran) {
  if (!hit.memory && !hit.processes) return failures;
  // The limit is blamed on the first process whose failure it explains.
  std::string culprit;
  for (const auto& f : failures)
    if (explained(f, student_ran) && !f.process.empty()) {
      culprit = f.process;
      break;
    }
  std::erase_if(failures, [&](const Failure& f) { return explained(f, student_ran); });
  std::vector<Failure> limits;
  if (hit.memory) {
    const auto killed = killed_by_kernel(processes);
    std::string message = fmt::format(
        "the test's processes together tried to use more than {} of memory (limits.memory)",
        size_text(hit.memory_limit));
    message += killed.empty() ? ", and the kernel killed one of them"
                              : ", and the kernel killed " + names(killed);
    limits.push_back(
        blamed({FailureKind::limit, killed.empty() ? culprit : killed.front()->id, message, ""},
               student_ran));
  }
  if (hit.processes)
    limits.push_back(
        blamed({FailureKind::limit, culprit,
                fmt::format("the test's processes tried to run more than {} processes at once "
                            "(limits.processes), and fork() failed: is fork() called in a loop "
                            "without an end?",
                            hit.processes_limit),
                ""},
               student_ran));
  failures.insert(failures.begin(), limits.begin(), limits.end());
  return failures;
}

}  // namespace ipcgrade
