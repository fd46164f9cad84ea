// The class summary (summary.md of `grade --out`): how the class did on
// each test, to find the tests that most students fail and why.
#pragma once

#include <string>

#include "judge/verdict.h"

namespace ipcgrade {

// Per test: points, how many passed, the pass rate, and the most common
// failure kind with its most common message.
std::string class_summary(const RunReport& klass);

}  // namespace ipcgrade
