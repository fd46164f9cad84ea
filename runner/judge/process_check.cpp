#include "judge/process_check.h"

#include <sys/wait.h>

#include <csignal>
#include <fmt/format.h>

#include "judge/exit_check.h"
#include "judge/matchers.h"

namespace ipcgrade {

namespace {

std::string seconds(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

// A limit enforced by the kernel shows as the signal it sends: SIGXCPU at
// the soft CPU limit, SIGKILL at the hard one (a second later) when the
// program handled or ignored SIGXCPU, SIGXFSZ at the file size limit.
std::optional<std::string> kernel_limit(const ProcessObservation& seen) {
  if (!WIFSIGNALED(seen.wait_status)) return std::nullopt;
  switch (WTERMSIG(seen.wait_status)) {
    case SIGXCPU: return "used all the CPU time it may (limits.cpu) and was killed by SIGXCPU";
    case SIGXFSZ: return "wrote a file larger than limits.file_size and was killed by SIGXFSZ";
    case SIGKILL:
      if (seen.cpu_limit_seconds == 0 || seen.cpu < std::chrono::seconds(seen.cpu_limit_seconds))
        return std::nullopt;
      return "used all the CPU time it may (limits.cpu), did not stop at SIGXCPU and was killed "
             "by SIGKILL";
    default: return std::nullopt;
  }
}

void check_duration(const ProcessJudgement& j, std::vector<Failure>& failures) {
  const auto& want = j.spec->duration;
  const auto wall = j.seen->wall;
  if (want.min && wall < *want.min)
    failures.push_back({FailureKind::exit, j.seen->id,
                        fmt::format("ended after {} ms, expected it to run at least {}",
                                    wall.count(), seconds(*want.min)), ""});
  if (want.max && wall > *want.max)
    failures.push_back({FailureKind::timeout, j.seen->id,
                        fmt::format("ran for {} ms, expected at most {}", wall.count(),
                                    seconds(*want.max)), ""});
}

void check_cpu(const ProcessJudgement& j, std::vector<Failure>& failures) {
  const auto& want = j.spec->cpu;
  const auto cpu_ms = std::chrono::duration_cast<std::chrono::milliseconds>(j.seen->cpu);
  if (want.max && cpu_ms > *want.max)
    failures.push_back({FailureKind::cpu, j.seen->id,
                        fmt::format("used {} ms of CPU, at most {} allowed: is it busy waiting?",
                                    cpu_ms.count(), seconds(*want.max)), ""});
  if (want.max_ratio && j.seen->wall.count() > 0) {
    const double ratio = static_cast<double>(cpu_ms.count()) / j.seen->wall.count();
    if (ratio > *want.max_ratio)
      failures.push_back({FailureKind::cpu, j.seen->id,
                          fmt::format("used {} ms of CPU in {} ms ({:.0f}%), at most {:.0f}% "
                                      "allowed: is it busy waiting?",
                                      cpu_ms.count(), j.seen->wall.count(), ratio * 100,
                                      *want.max_ratio * 100), ""});
  }
}

void check_stream(const std::vector<spec::Matcher>& matchers, const StreamCapture& capture,
                  std::string_view name, const std::string* reference, const std::string& id,
                  std::vector<Failure>& failures) {
  for (const auto& m : matchers) {
    MatchResult r = check_matcher(m, capture, name, reference);
    if (!r.ok) failures.push_back({FailureKind::output, id, r.message, r.diff});
  }
}

}  // namespace

std::vector<Failure> check_process(const ProcessJudgement& j) {
  const ProcessObservation& seen = *j.seen;
  std::vector<Failure> failures;
  if (seen.not_started) {
    failures.push_back({seen.not_started_kind, seen.id,
                        *seen.not_started, ""});
    return failures;
  }
  if (seen.limit_hit) {
    failures.push_back({FailureKind::limit, seen.id, *seen.limit_hit, ""});
    return failures;
  }
  if (seen.stopped_at_timeout) {
    failures.push_back({FailureKind::timeout, seen.id,
                        fmt::format("{} did not finish within {} and was stopped", seen.program,
                                    seconds(seen.timeout_bound)), ""});
    return failures;
  }
  if (auto limit = kernel_limit(seen)) {
    failures.push_back({FailureKind::limit, seen.id, *limit, ""});
    return failures;
  }
  if (auto f = check_exit(j.spec->exit, seen.wait_status, seen.id)) failures.push_back(*f);
  check_duration(j, failures);
  check_cpu(j, failures);
  check_stream(j.spec->stdout_matchers, seen.out, "stdout", j.reference_stdout, seen.id, failures);
  check_stream(j.spec->stderr_matchers, seen.err, "stderr", j.reference_stderr, seen.id, failures);
  if (seen.group_survivors && !j.processes_may_leak)
    failures.push_back({FailureKind::orphan, seen.id,
                        fmt::format("{} exited while processes it started were still running "
                                    "(they were killed): wait for every child before exiting",
                                    seen.program), ""});
  return failures;
}

}  // namespace ipcgrade
