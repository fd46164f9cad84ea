#include "app/class_summary.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "app/class_results.h"
#include "judge/visible.h"
#include "report/md_text.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

// Long messages are cut at a character boundary: the summary is a table
// to scan, the whole message is in the submission's feedback.
constexpr std::size_t kMessageBytes = 160;

std::string cut(std::string text) {
  if (text.size() <= kMessageBytes) return text;
  std::size_t end = kMessageBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

// The most frequent key; the first seen wins a tie, so the summary does
// not change from run to run.
template <typename Key>
struct Tally {
  std::map<Key, int> counts;
  std::vector<Key> order;
  void add(const Key& key) {
    if (counts[key]++ == 0) order.push_back(key);
  }
  const Key* most() const {
    const Key* best = nullptr;
    for (const auto& key : order)
      if (!best || counts.at(key) > counts.at(*best)) best = &key;
    return best;
  }
};

struct TestStats {
  int ran = 0;
  int passed = 0;
  Tally<FailureKind> kinds;                            // once per submission
  std::map<FailureKind, Tally<std::string>> messages;  // first line of each
};

void count(TestStats& stats, const TestResult& test) {
  ++stats.ran;
  if (test.status == Status::pass) ++stats.passed;
  std::set<FailureKind> seen;
  for (const auto& failure : test.failures) {
    if (seen.insert(failure.kind).second) stats.kinds.add(failure.kind);
    stats.messages[failure.kind].add(first_line(visible(failure.message)));
  }
}

std::string most_common_failure(const TestStats& stats) {
  const FailureKind* kind = stats.kinds.most();
  if (!kind) return "";
  const std::string* message = stats.messages.at(*kind).most();
  return fmt::format("`{}` ({}): {}", to_string(*kind), stats.kinds.counts.at(*kind),
                     md_inline(cut(*message)));
}

std::string overview(const RunReport& klass, const std::vector<RunReport>& submissions) {
  int errors = 0;
  for (const auto& s : submissions) errors += has_error(s) ? 1 : 0;
  const double n = static_cast<double>(submissions.size());
  std::string text =
      fmt::format("{} submission{} graded", submissions.size(), submissions.size() == 1 ? "" : "s");
  if (!submissions.empty())
    text += fmt::format("; mean score {}/{}", points_text(std::round(klass.score / n * 100) / 100),
                        points_text(submissions.front().max_score));
  if (errors > 0)
    text += fmt::format("; {} with a test that ended in error (see their feedback)", errors);
  return text + ".\n";
}

}  // namespace

std::string class_summary(const RunReport& klass) {
  const auto columns = test_columns(klass);
  const bool with_suite = several_suites(columns);
  const auto submissions = submission_reports(klass);
  std::string md = "# Class summary\n\n" + overview(klass, submissions) + "\n";
  md += "| test | points | passed | pass rate | most common failure |\n";
  md += "| --- | ---: | ---: | ---: | --- |\n";
  for (const auto& column : columns) {
    TestStats stats;
    for (const auto& s : submissions)
      if (const TestResult* test = find_test(s, column)) count(stats, *test);
    const int rate =
        stats.ran ? static_cast<int>(std::lround(100.0 * stats.passed / stats.ran)) : 0;
    md += fmt::format(
        "| {} | {} | {}/{} | {}% | {} |\n", md_inline(visible(column_name(column, with_suite))),
        points_text(column.max_score), stats.passed, stats.ran, rate, most_common_failure(stats));
  }
  return md;
}

}  // namespace ipcgrade
