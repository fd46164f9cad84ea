#include "mechanism/demand.h"

#include <algorithm>

#include "mechanism/vocabulary.h"

namespace ipcgrade::mechanism {
namespace {

void add(spec::Uses& into, const spec::Uses& more) {
  for (const auto& m : more.mechanisms)
    if (std::find(into.mechanisms.begin(), into.mechanisms.end(), m) == into.mechanisms.end())
      into.mechanisms.push_back(m);
  for (const auto& [call, bound] : more.calls) into.calls.emplace(call, bound);
}

}  // namespace

std::set<std::string> Demand::countable_calls() const {
  std::set<std::string> calls;
  for (const auto* u : {&uses, &not_uses})
    for (const auto& [call, bound] : u->calls)
      if (countable(call)) calls.insert(call);
  return calls;
}

Demand demand_of(const spec::Suite& suite, const spec::ProcessSpec& process) {
  Demand demand;
  add(demand.uses, process.uses);
  add(demand.not_uses, process.not_uses);
  if (process.run.empty()) return demand;
  for (const auto& program : suite.programs) {
    if (program.name != process.run.front()) continue;
    add(demand.uses, program.uses);
    add(demand.not_uses, program.not_uses);
  }
  return demand;
}

}  // namespace ipcgrade::mechanism
