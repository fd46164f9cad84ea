// Gradescope's results.json (autograder_samples docs/specs.md, "Output
// format"): the documented keys in the documented order and nothing else.
// Test output is `text`, which Gradescope puts in a <pre>: a diff keeps its
// columns and no byte of a student's output can turn into markup. Tests the
// suite keeps from students carry no output (details_shown()), and the
// top-level output names no score, since Gradescope hides the total itself
// while tests are hidden.
#include <cmath>
#include <nlohmann/json.hpp>

#include "judge/visible.h"
#include "report/formats.h"
#include "report/json_points.h"
#include "report/md_text.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

using Json = nlohmann::ordered_json;

// With one suite a test's own name is enough; with several, `suite: test`,
// as the gradebook names its columns.
std::string test_name(const RunReport& report, const SuiteResult& suite, const TestResult& test) {
  std::string name = report.suites.size() > 1 ? test_label(suite, test) : visible(test.name);
  if (several_submissions(report)) name = visible(suite.submission) + ": " + name;
  return name;
}

// What a student reads under a test: the failures with their diffs and the
// hint. The reproduce line names paths of the grading machine, so it stays
// in the instructor's reports.
std::string test_output(const TestResult& test) {
  std::string text;
  // Gradescope knows only passed and failed; say what the other two mean.
  if (test.status == Status::skipped) text = "skipped: this test was not run\n";
  if (test.status == Status::error)
    text = "error: this test could not be judged; the fault is the grader's, not yours\n";
  if (test.runs > 1 && test.failed_runs > 0)
    text += "failed " + std::to_string(test.failed_runs) + " of " + std::to_string(test.runs) +
            " runs\n";
  return text + failure_details(test, false);
}

Json test_json(const RunReport& report, const SuiteResult& suite, const TestResult& test,
               const WriterOptions& options) {
  Json t{{"score", json_points(test.score)},
         {"max_score", json_points(test.max_score)},
         {"status", test.status == Status::pass ? "passed" : "failed"},
         {"name", test_name(report, suite, test)}};
  const std::string output = details_shown(test, options) ? test_output(test) : "";
  if (!output.empty()) {
    t["output"] = output;
    t["output_format"] = "text";
  }
  Json tags = Json::array();
  for (const auto& tag : test.tags) tags.push_back(visible(tag));
  t["tags"] = std::move(tags);
  t["visibility"] = to_string(test.visibility);
  return t;
}

// Notes for the whole submission, in Markdown: the checks this machine
// could not make, so that a student knows what was not judged.
std::string overall_output(const RunReport& report) {
  std::string text = "Graded by ipcgrade.\n";
  if (report.unchecked.empty()) return text;
  text += "\n**Not checked on this machine:**\n\n";
  for (const auto& u : report.unchecked)
    text += "- " + md_inline(visible(u.check)) + ": " + md_inline(visible(u.reason)) + "\n";
  return text;
}

class GradescopeWriter final : public ReportWriter {
 public:
  explicit GradescopeWriter(WriterOptions options) : options_(options) {}

  void write(const RunReport& report, std::ostream& out) const override {
    Json tests = Json::array();
    for (const auto& suite : report.suites)
      for (const auto& test : suite.tests)
        tests.push_back(test_json(report, suite, test, options_));
    // Whole seconds, as the specification's example gives them.
    const Json seconds = static_cast<std::int64_t>(std::llround(report.duration_ms / 1000.0));
    Json r{{"score", json_points(report.score)},
           {"execution_time", seconds},
           {"output", overall_output(report)},
           {"output_format", "md"},
           {"test_output_format", "text"},
           {"test_name_format", "text"},
           {"visibility", "visible"},
           {"stdout_visibility", "hidden"},
           {"tests", std::move(tests)}};
    out << r.dump(2) << '\n';
  }

 private:
  WriterOptions options_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_gradescope_writer(WriterOptions options) {
  return std::make_unique<GradescopeWriter>(options);
}

}  // namespace ipcgrade
