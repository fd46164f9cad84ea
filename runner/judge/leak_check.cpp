#include "judge/leak_check.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace ipcgrade {

namespace {

observe::PidNames names_of(const std::map<pid_t, LaunchedProgram>& launched) {
  observe::PidNames names;
  for (const auto& [pid, program] : launched) names[pid] = program.program;
  return names;
}

const LaunchedProgram* launched_as(const std::map<pid_t, LaunchedProgram>& launched, pid_t pid) {
  const auto it = pid > 0 ? launched.find(pid) : launched.end();
  return it == launched.end() ? nullptr : &it->second;
}

// The test's program a leftover process came from. Its parent, group or
// session still names one when it did not escape far; a setsid() daemon
// whose parent has exited names none, and then only a test that ran one
// program can say which.
const LaunchedProgram* starter(const observe::ProcessInfo& process,
                               const std::map<pid_t, LaunchedProgram>& launched) {
  for (pid_t pid : {process.ppid, process.pgid, process.sid})
    if (auto* program = launched_as(launched, pid)) return program;
  std::set<std::string> programs;
  for (const auto& [pid, program] : launched) programs.insert(program.program);
  if (programs.size() == 1) return &launched.begin()->second;
  return nullptr;
}

// The process of the test an object is reported under: its creator, when
// the kernel recorded it (System V shared memory). The last sender of a
// queue is named in the message only: the owner who should have removed
// the queue is usually the receiver.
std::string process_of(const observe::IpcObject& object,
                       const std::map<pid_t, LaunchedProgram>& launched) {
  if (auto* program = launched_as(launched, object.creator)) return program->id;
  return "";
}

Failure blamed(Failure f, bool student_ran) {
  if (student_ran) return f;
  f.message = fmt::format("the reference build failed this test: [{}] {}", to_string(f.kind),
                          f.message);
  f.kind = FailureKind::reference;
  return f;
}

}  // namespace

bool leak_allowed(const spec::LeakPolicy& policy, spec::LeakKind kind) {
  switch (policy.mode) {
    case spec::LeakPolicy::Mode::forbid:
      return false;
    case spec::LeakPolicy::Mode::allow:
      return true;
    case spec::LeakPolicy::Mode::allow_some:
      return std::find(policy.allowed.begin(), policy.allowed.end(), kind) !=
             policy.allowed.end();
  }
  return false;
}

std::vector<Failure> check_leftovers(const LeftoverFindings& left, const LeakJudgement& how) {
  std::vector<Failure> failures;
  const observe::PidNames names = names_of(how.launched);
  for (const auto& object : left.objects) {
    if (how.runner_stopped || leak_allowed(how.policy, object.kind)) continue;
    failures.push_back(blamed({FailureKind::leak, process_of(object, how.launched),
                               observe::leak_message(object, names), ""},
                              how.student_ran));
  }
  for (const auto& process : left.processes) {
    if (leak_allowed(how.policy, process.leak_kind())) continue;
    // A member of a launched program's own group was killed by the runner
    // when that program ended, and reported there (decisions.md 12).
    if (launched_as(how.launched, process.pgid)) continue;
    const LaunchedProgram* by = starter(process, how.launched);
    failures.push_back(blamed({FailureKind::orphan, by ? by->id : "",
                               observe::process_message(process, by ? by->program : ""), ""},
                              how.student_ran));
  }
  for (const auto& error : left.cleanup_errors)
    failures.push_back({FailureKind::internal, "",
                        "the runner could not clean up after the test: " + error, ""});
  return failures;
}

}  // namespace ipcgrade
