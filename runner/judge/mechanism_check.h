// Mechanism evidence against what the test asks (`uses`, `not_uses`, with
// the program-level ones of the suite's `programs` list): one `mechanism`
// failure per missing or forbidden mechanism or call bound, with a
// sentence a student can act on. Evidence that could not be recorded gives
// no failure: the session lists it under `unchecked` (decisions.md 13).
#pragma once

#include <vector>

#include "judge/observation.h"
#include "judge/verdict.h"
#include "mechanism/demand.h"

namespace ipcgrade {

std::vector<Failure> check_mechanisms(const mechanism::Demand& demand,
                                      const ProcessObservation& seen);

}  // namespace ipcgrade
