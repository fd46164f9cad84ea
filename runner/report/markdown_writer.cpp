// Markdown for students and CI job summaries: the score, a table of tests
// with their status, then each failed test with its failures, diffs (in
// fenced blocks), hint and reproduce line. Tests the suite keeps from
// students show only their name and points (details_shown()). A class
// report gets one such section per submission.
#include <array>
#include <sstream>

#include "judge/visible.h"
#include "report/formats.h"
#include "report/md_text.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

// Indexed by Status: the icon reads at a glance in a table, the word for
// those who cannot see it.
constexpr std::array<std::string_view, 4> kStatusCells{
    "\u2705 passed", "\u274c failed", "\u26a0\ufe0f error", "\u23ed\ufe0f skipped"};
constexpr std::string_view kWithheldCell = "\U0001f512 details withheld";

std::string_view status_cell(Status status) {
  return kStatusCells[static_cast<std::size_t>(status)];
}

std::string heading(int level, std::string_view text) {
  return std::string(static_cast<std::size_t>(level), '#') + " " + std::string(text) + "\n\n";
}

std::string points_of(double score, double max_score) {
  return points_text(score) + "/" + points_text(max_score);
}

// The submission (unless a heading names it already), the counts, the
// shard, then the checks this machine could not make.
void write_summary(std::ostream& out, const RunReport& report, bool name_submission) {
  if (name_submission && !report.suites.empty() && !report.suites.front().submission.empty())
    out << "**" << md_inline(visible(report.suites.front().submission)) << "** \u00b7 ";
  out << status_counts(report);
  if (report.shard) out << " \u00b7 shard " << report.shard->k << " of " << report.shard->n;
  out << "\n\n";
  if (report.unchecked.empty()) return;
  out << "> **Not checked on this machine:**\n";
  for (const auto& u : report.unchecked)
    out << "> - " << md_inline(visible(u.check)) << ": " << md_inline(visible(u.reason)) << '\n';
  out << '\n';
}

void write_table(std::ostream& out, const RunReport& report, const WriterOptions& options) {
  out << "| Test | Result | Points |\n| :--- | :--- | ---: |\n";
  for (const auto& suite : report.suites)
    for (const auto& test : suite.tests) {
      const bool shown = details_shown(test, options);
      out << "| " << md_inline(test_label(suite, test)) << " | "
          << (shown ? status_cell(test.status) : kWithheldCell) << " | "
          << points_of(test.score, test.max_score) << " |\n";
    }
  out << '\n';
}

void write_failed_test(std::ostream& out, int level, const SuiteResult& suite,
                       const TestResult& test) {
  out << heading(level,
                 std::string(status_cell(test.status)) + ": " + md_inline(test_label(suite, test)));
  if (test.runs > 1 && test.failed_runs > 0)
    out << "Failed " << test.failed_runs << " of " << test.runs << " runs.\n\n";
  for (const auto& failure : test.failures) {
    std::string label = "[" + std::string(to_string(failure.kind)) + "]";
    if (!failure.process.empty()) label += " " + visible(failure.process);
    out << md_labelled(label + ":", visible(failure.message));
    if (!failure.diff.empty()) out << md_fenced(visible(failure.diff), "diff") << '\n';
  }
  if (!test.hint.empty()) out << md_labelled("Hint:", visible(test.hint));
  if (!test.reproduce.empty())
    out << "**Reproduce:**\n\n" << md_fenced(visible(test.reproduce), "sh") << '\n';
}

void write_failed_tests(std::ostream& out, int level, const RunReport& report,
                        const WriterOptions& options) {
  bool any = false;
  for (const auto& suite : report.suites)
    for (const auto& test : suite.tests) {
      if (!needs_explaining(test) || !details_shown(test, options)) continue;
      if (!any) out << heading(level, "Failed tests");
      any = true;
      write_failed_test(out, level + 1, suite, test);
    }
}

// One submission's part, its headings starting at `level`.
void write_part(std::ostream& out, int level, const std::string& title, const RunReport& part,
                const WriterOptions& options) {
  out << heading(level, title);
  write_summary(out, part, level == 1);
  write_table(out, part, options);
  write_failed_tests(out, level + 1, part, options);
}

class MarkdownWriter final : public ReportWriter {
 public:
  explicit MarkdownWriter(WriterOptions options) : options_(options) {}

  void write(const RunReport& report, std::ostream& out) const override {
    const std::vector<RunReport> parts = split_by_submission(report);
    if (parts.size() == 1) {
      write_part(out, 1, "ipcgrade: " + points_of(report.score, report.max_score) + " points",
                 parts.front(), options_);
      return;
    }
    out << heading(1, "ipcgrade: " + std::to_string(parts.size()) + " submissions");
    for (const auto& part : parts)
      write_part(out, 2,
                 md_inline(visible(part.suites.front().submission)) + ": " +
                     points_of(part.score, part.max_score) + " points",
                 part, options_);
  }

 private:
  WriterOptions options_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_markdown_writer(WriterOptions options) {
  return std::make_unique<MarkdownWriter>(options);
}

}  // namespace ipcgrade
