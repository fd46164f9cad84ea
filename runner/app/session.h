// A grading session: builds the submission and the reference of each suite,
// runs the chosen tests, judges them and collects the report. The console
// hears about each test as it ends.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "judge/verdict.h"
#include "report/console.h"
#include "spec/model.h"

namespace ipcgrade {

struct SessionOptions {
  // The submission directory; unset with `--reference` (the reference
  // build stands in for the student's).
  std::optional<std::filesystem::path> submission;
  std::string filter;      // RE2 over test names; empty: every test
  int repeat = 0;          // > 0 overrides every test's `repeat`
  double time_scale = 1.0;
  bool keep = false;       // keep scratch directories of failed tests
  // Tests at once (-j); 0: the number of cores. Without a box always 1
  // (decisions.md 5).
  int jobs = 0;
  // Namespaces when the machine allows them (--isolation auto); false
  // (--isolation none) runs every test on the host (decisions.md 5).
  bool allow_namespaces = true;
  // How the reproduce line names the program ("ipcgrade").
  std::string program_name = "ipcgrade";
  // Which of the tests that pass `filter` run; unset: all of them. Sharding
  // uses it to run this machine's part of the plan.
  std::function<bool(const spec::Suite&, const spec::TestSpec&)> select;
  // Called as each test starts (not for tests skipped by an interruption),
  // for a live progress line.
  std::function<void(const spec::Suite&, const spec::TestSpec&)> on_test_started;
};

class Session {
 public:
  Session(SessionOptions options, ConsoleReporter* console);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs every suite; stops early, with a partial report, when interrupted.
  RunReport run(const std::vector<spec::Suite>& suites);

  // Set from a signal handler (through the io_context): stop soon.
  int interrupted_by() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where a suite's reference sources live: `<suite dir>/reference` when it
// exists, else `reference/<suite id>` beside the suites folder.
std::filesystem::path reference_dir_of(const spec::Suite& suite);

}  // namespace ipcgrade
