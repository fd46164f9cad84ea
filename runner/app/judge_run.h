// Judges one run of a test from what its scenario observed: every process
// against its spec, the scenario's own failures, and blame by the contract
// (decisions.md 4).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "box/box.h"
#include "exec/scenario.h"
#include "judge/verdict.h"
#include "spec/model.h"

namespace ipcgrade {

// Output of each process of the reference run, by process id, for
// `same_as: reference`.
using ReferenceOutputs = std::map<std::string, std::pair<std::string, std::string>>;

struct RunJudgement {
  bool student_ran = false;  // a program from the student's build ran in the test
  // Outputs of the reference run; null when the test compares with none,
  // and while judging the reference run itself (same_as: reference skipped).
  const ReferenceOutputs* reference = nullptr;
  bool skip_same_as_reference = false;
  // What the test left behind, found by its box after the scenario; null
  // when nothing was collected.
  const box::Leftovers* leftovers = nullptr;
};

std::vector<Failure> judge_run(const spec::Suite& suite, const spec::TestSpec& test,
                               const exec::ScenarioResult& result, const RunJudgement& how);

// Whether any matcher of the test compares with the reference.
bool compares_with_reference(const spec::TestSpec& test);

// The stdout and stderr each process of a run kept, by process id.
ReferenceOutputs outputs_of(const exec::ScenarioResult& result);

}  // namespace ipcgrade
