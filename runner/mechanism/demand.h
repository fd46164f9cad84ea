// What a test asks of one process's mechanisms: its own `uses` and
// `not_uses` together with those its program carries in the suite's
// `programs` list (every run of that program).
#pragma once

#include <set>
#include <string>

#include "spec/model.h"

namespace ipcgrade::mechanism {

struct Demand {
  spec::Uses uses;
  spec::Uses not_uses;
  bool empty() const { return uses.empty() && not_uses.empty(); }
  // Every call name of `calls:` that can be recorded (countable()).
  std::set<std::string> countable_calls() const;
};

Demand demand_of(const spec::Suite& suite, const spec::ProcessSpec& process);

}  // namespace ipcgrade::mechanism
