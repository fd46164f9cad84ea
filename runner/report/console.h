// The console: one line per test as it ends, failures with message, diff,
// hint and the reproduce command, then `N passed, N failed`. Colour and the
// live progress line only when the stream is a terminal.
#pragma once

#include <ostream>
#include <set>
#include <string>

#include "judge/verdict.h"

namespace ipcgrade {

struct ConsoleOptions {
  bool color = false;
  int verbosity = 0;      // -1 quiet (failures and the closing line), 0 normal, 1 verbose
  bool progress = false;  // a live `[12/40] suite: test` line while a test runs
  int width = 0;          // terminal columns for the progress line; 0 unknown (80)
};

// The columns of the terminal on `fd`, or 0 when it is not a terminal or
// does not say.
int terminal_width(int fd);

class ConsoleReporter {
 public:
  ConsoleReporter(std::ostream& out, ConsoleOptions options);
  void suite_started(const SuiteResult& suite);  // suite, title, submission set
  // Shows `[index/total] suite: test` in place until the next line is
  // printed; index counts from 1 across the run.
  void test_started(const SuiteResult& suite, const std::string& test_name, int index, int total);
  void test_finished(const SuiteResult& suite, const TestResult& test);
  void notice(const std::string& text);  // said once per run, e.g. unchecked checks
  void run_finished(const RunReport& report);

 private:
  void erase_progress();

  std::ostream& out_;
  ConsoleOptions options_;
  bool progress_shown_ = false;    // a progress line is on screen, to be erased
  std::set<std::string> noticed_;  // notices already said, so each is said once
};

}  // namespace ipcgrade
