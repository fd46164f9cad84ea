// The console: one line per test as it ends, failures with message, diff,
// hint and the reproduce command, then `N passed, N failed`. Colour only
// when the stream is a terminal.
#pragma once

#include <ostream>
#include <set>
#include <string>

#include "judge/verdict.h"

namespace ipcgrade {

struct ConsoleOptions {
  bool color = false;
  int verbosity = 0;  // -1 quiet (failures and the closing line), 0 normal, 1 verbose
};

class ConsoleReporter {
 public:
  ConsoleReporter(std::ostream& out, ConsoleOptions options);
  void suite_started(const SuiteResult& suite);  // suite, title, submission set
  void test_finished(const SuiteResult& suite, const TestResult& test);
  void notice(const std::string& text);  // said once per run, e.g. unchecked checks
  void run_finished(const RunReport& report);

 private:
  std::ostream& out_;
  ConsoleOptions options_;
  std::set<std::string> noticed_;  // notices already said, so each is said once
};

}  // namespace ipcgrade
