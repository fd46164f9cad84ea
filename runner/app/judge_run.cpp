#include "app/judge_run.h"

#include <fmt/format.h>

#include "judge/leak_check.h"
#include "judge/mechanism_check.h"
#include "judge/process_check.h"
#include "spec/variables.h"

namespace ipcgrade {

namespace {

using Kind = spec::Matcher::Kind;

// A copy of a process spec with the variables of its matchers expanded
// (captured ones included).
spec::ProcessSpec expanded_matchers(const spec::ProcessSpec& process,
                                    const std::map<std::string, std::string>& vars,
                                    bool skip_same_as_reference, std::vector<std::string>& missing) {
  spec::ProcessSpec copy = process;
  auto expand = [&](std::string& text) {
    std::string unknown;
    text = spec::expand(text, vars, &unknown);
    if (!unknown.empty()) missing.push_back(unknown);
  };
  for (auto* matchers : {&copy.stdout_matchers, &copy.stderr_matchers}) {
    if (skip_same_as_reference)
      std::erase_if(*matchers,
                    [](const spec::Matcher& m) { return m.kind == Kind::same_as_reference; });
    for (auto& m : *matchers) {
      expand(m.text);
      for (auto& t : m.texts) expand(t);
      for (auto& l : m.lines) expand(l.text);
    }
  }
  return copy;
}

// In a test where no student program ran, every failure is the
// reference's; in a student test, messages about a reference program say
// that it ran against the student's.
Failure blamed(Failure f, const ProcessObservation* seen, bool student_ran) {
  if (is_error_kind(f.kind)) return f;
  if (!student_ran) {
    f.message = fmt::format("the reference build failed this test: [{}] {}", to_string(f.kind),
                            f.message);
    f.kind = FailureKind::reference;
  } else if (seen && seen->from_reference) {
    f.message = fmt::format("the reference {}, run with your programs: {}", seen->program,
                            f.message);
  }
  return f;
}

// A reference program that does not use what its own `uses` says is the
// suite's problem, never the student's, whatever else ran in the test.
Failure reference_own_mechanism(Failure f, const ProcessObservation& seen) {
  if (f.kind != FailureKind::mechanism || !seen.from_reference) return f;
  f.kind = FailureKind::reference;
  f.message = fmt::format("the reference build failed this test: [mechanism] {}", f.message);
  return f;
}

}  // namespace

bool compares_with_reference(const spec::TestSpec& test) {
  for (const auto& process : test.processes)
    for (const auto* matchers : {&process.stdout_matchers, &process.stderr_matchers})
      for (const auto& m : *matchers)
        if (m.kind == Kind::same_as_reference) return true;
  return false;
}

ReferenceOutputs outputs_of(const exec::ScenarioResult& result) {
  ReferenceOutputs out;
  for (const auto& seen : result.processes) out[seen.id] = {seen.out.text(), seen.err.text()};
  return out;
}

std::vector<Failure> judge_run(const spec::Suite& suite, const spec::TestSpec& test,
                               const exec::ScenarioResult& result, const RunJudgement& how) {
  std::vector<Failure> failures;
  for (const auto& error : result.spec_errors)
    failures.push_back({FailureKind::spec, "", error, ""});
  const spec::LeakPolicy leaks = test.leaks.value_or(suite.defaults.leaks);
  const bool processes_may_leak = leak_allowed(leaks, spec::LeakKind::process);
  for (const Failure& f : result.failures) {
    const auto seen = std::find_if(result.processes.begin(), result.processes.end(),
                                   [&](const auto& p) { return p.id == f.process; });
    failures.push_back(
        blamed(f, seen == result.processes.end() ? nullptr : &*seen, how.student_ran));
  }
  for (std::size_t i = 0; i < test.processes.size(); ++i) {
    const ProcessObservation& seen = result.processes[i];
    std::vector<std::string> missing;
    const spec::ProcessSpec expanded =
        expanded_matchers(test.processes[i], result.vars, how.skip_same_as_reference, missing);
    for (const auto& name : missing)
      failures.push_back({FailureKind::spec, seen.id,
                          fmt::format("variable '${{{}}}' has no value in this run", name), ""});
    if (!missing.empty()) continue;
    const std::pair<std::string, std::string>* reference = nullptr;
    if (how.reference)
      if (auto it = how.reference->find(seen.id); it != how.reference->end())
        reference = &it->second;
    ProcessJudgement judgement{&expanded, &seen, reference ? &reference->first : nullptr,
                               reference ? &reference->second : nullptr, processes_may_leak};
    bool ended_badly = false;  // then what it did not get to use is no second failure
    for (Failure f : check_process(judgement)) {
      ended_badly = ended_badly || f.kind == FailureKind::exit || f.kind == FailureKind::crash;
      failures.push_back(blamed(std::move(f), &seen, how.student_ran));
    }
    if (!ended_badly)
      for (Failure f : check_mechanisms(mechanism::demand_of(suite, test.processes[i]), seen))
        failures.push_back(blamed(reference_own_mechanism(std::move(f), seen), &seen,
                                  how.student_ran));
  }
  if (how.leftovers) {
    // Leftovers are blamed by the contract inside check_leftovers: an
    // object is not one process's failure, whoever made it.
    LeakJudgement leak{leaks, how.student_ran, result.test_timed_out, {}};
    for (const auto& seen : result.processes) {
      if (seen.pid > 0) leak.launched[seen.pid] = {seen.id, seen.program};
      if (seen.stopped_at_timeout || seen.limit_hit) leak.runner_stopped = true;
    }
    const auto& left = *how.leftovers;
    for (Failure f : check_leftovers({left.objects, left.processes, left.cleanup_errors}, leak))
      failures.push_back(std::move(f));
  }
  return failures;
}

}  // namespace ipcgrade
