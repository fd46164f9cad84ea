// Shared by the loader's tests: load YAML text as "s.yaml" and see every
// diagnostic as the command line prints it.
#pragma once

#include <string>
#include <vector>

#include "spec/loader.h"

namespace ipcgrade::spec::testing {

inline std::vector<std::string> errors_of(const std::string& yaml) {
  std::vector<std::string> out;
  for (const Diagnostic& d : load_suite_text(yaml, "s.yaml").diagnostics) out.push_back(d.str());
  return out;
}

// A suite with programs `prog` and `other`, helper `helper`, and one test
// `t` whose remaining lines are `body`, which starts on line 5 and is
// indented by four spaces.
inline std::string one_test(const std::string& body) {
  return "programs: [prog, other]\nhelpers: [helper]\ntests:\n  - name: t\n" + body;
}

inline std::vector<std::string> test_errors(const std::string& body) {
  return errors_of(one_test(body));
}

using Errors = std::vector<std::string>;

}  // namespace ipcgrade::spec::testing
