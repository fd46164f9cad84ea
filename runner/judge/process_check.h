// Judges one process of a test: from its spec (variables expanded) and what
// was observed, the failures it had. One failure, one cause: a process the
// runner stopped (timeout, limit) is judged for that alone (decisions.md 12).
#pragma once

#include <string>
#include <vector>

#include "judge/observation.h"
#include "judge/verdict.h"
#include "spec/model.h"

namespace ipcgrade {

struct ProcessJudgement {
  const spec::ProcessSpec* spec = nullptr;  // matchers already expanded
  const ProcessObservation* seen = nullptr;
  const std::string* reference_stdout = nullptr;  // for same_as: reference
  const std::string* reference_stderr = nullptr;
  bool processes_may_leak = false;  // leaks policy allows `process`
};

std::vector<Failure> check_process(const ProcessJudgement& j);

}  // namespace ipcgrade
