// A class report is a RunReport with one `suites` entry per submission and
// suite (spec-format.md, `grade --out`), each entry's `submission` being
// the submission's folder name. These functions read it by submission and
// by test, for the gradebook, the summary and the feedback files.
#pragma once

#include <string>
#include <vector>

#include "judge/verdict.h"

namespace ipcgrade {

// One test of the class, a column of the gradebook.
struct TestColumn {
  std::string suite;
  std::string test;
  double max_score = 0;
};

// Every (suite, test) the report holds, in the order it first lists them:
// suite order, then test order, since every submission runs the same plan.
std::vector<TestColumn> test_columns(const RunReport& klass);

// Whether the columns come from more than one suite, so that test names
// need their suite in front (spec-format.md: `suite/test`).
bool several_suites(const std::vector<TestColumn>& columns);
std::string column_name(const TestColumn& column, bool with_suite);

// One report per submission, in class order, each with its totals
// (split_by_submission of report_text.h, without the empty part it gives
// for an empty class).
std::vector<RunReport> submission_reports(const RunReport& klass);

// The name of the submission a part of a class report belongs to; empty
// for a part without suites.
std::string submission_name(const RunReport& part);

// The result of `column` in a submission's report, or nullptr.
const TestResult* find_test(const RunReport& report, const TestColumn& column);

// Whether a submission could not be graded in full: a test ended in error.
bool has_error(const RunReport& report);

// Adds to `into` the unchecked checks of `more` that it does not hold yet:
// parts of one run (submissions, shards) say the same things.
void add_unchecked(std::vector<Unchecked>& into, const std::vector<Unchecked>& more);

}  // namespace ipcgrade
