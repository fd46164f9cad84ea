#include "app/class_results.h"

#include <algorithm>
#include <set>

#include "report/report_text.h"

namespace ipcgrade {

std::vector<TestColumn> test_columns(const RunReport& klass) {
  std::vector<TestColumn> columns;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& suite : klass.suites)
    for (const auto& test : suite.tests)
      if (seen.emplace(suite.suite, test.name).second)
        columns.push_back({suite.suite, test.name, test.max_score});
  return columns;
}

bool several_suites(const std::vector<TestColumn>& columns) {
  return std::any_of(columns.begin(), columns.end(),
                     [&](const TestColumn& c) { return c.suite != columns.front().suite; });
}

std::string column_name(const TestColumn& column, bool with_suite) {
  return with_suite ? column.suite + "/" + column.test : column.test;
}

std::vector<RunReport> submission_reports(const RunReport& klass) {
  std::vector<RunReport> parts;
  for (auto& part : split_by_submission(klass)) {
    if (part.suites.empty()) continue;
    part.shard.reset();  // a submission's report is not a shard of the run
    total(part);
    parts.push_back(std::move(part));
  }
  return parts;
}

std::string submission_name(const RunReport& part) {
  return part.suites.empty() ? std::string() : part.suites.front().submission;
}

const TestResult* find_test(const RunReport& report, const TestColumn& column) {
  for (const auto& suite : report.suites) {
    if (suite.suite != column.suite) continue;
    for (const auto& test : suite.tests)
      if (test.name == column.test) return &test;
  }
  return nullptr;
}

bool has_error(const RunReport& report) {
  for (const auto& suite : report.suites)
    for (const auto& test : suite.tests)
      if (test.status == Status::error) return true;
  return false;
}

void add_unchecked(std::vector<Unchecked>& into, const std::vector<Unchecked>& more) {
  for (const auto& u : more)
    if (std::none_of(into.begin(), into.end(), [&](const Unchecked& m) {
          return m.check == u.check && m.reason == u.reason;
        }))
      into.push_back(u);
}

}  // namespace ipcgrade
