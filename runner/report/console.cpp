#include "report/console.h"

#include <array>

#include "judge/visible.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

struct StatusLook {
  std::string_view label;    // the test line's first word
  std::string_view color;    // ANSI colour of that word
  std::string_view counted;  // the word after its count on the closing line
  bool always_counted;       // on the closing line even when the count is 0
};

// Indexed by Status, like kFailureKinds by FailureKind.
constexpr std::array<StatusLook, 4> kLooks{{
    {"PASS", "\x1b[32m", "passed", true},
    {"FAIL", "\x1b[31m", "failed", true},
    {"ERROR", "\x1b[33m", "errors", false},
    {"SKIP", "\x1b[33m", "skipped", false},
}};
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::size_t kLabelWidth = 5;

const StatusLook& look(Status status) { return kLooks[static_cast<std::size_t>(status)]; }

bool is_failing(Status status) { return status == Status::fail || status == Status::error; }

// Writes text with every line indented, so that a message or diff of many
// lines stays visibly under its test.
void write_indented(std::ostream& out, std::string_view text, std::string_view indent) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    out << indent << text.substr(0, end) << '\n';
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

void write_details(std::ostream& out, const TestResult& test) {
  for (const auto& failure : test.failures) {
    write_indented(out, failure_heading(failure), "    ");
    write_indented(out, visible(failure.diff), "      ");
  }
  if (!is_failing(test.status)) return;
  if (!test.hint.empty()) write_indented(out, "hint: " + visible(test.hint), "    ");
  if (!test.reproduce.empty())
    write_indented(out, "reproduce: " + visible(test.reproduce), "    ");
}

}  // namespace

ConsoleReporter::ConsoleReporter(std::ostream& out, ConsoleOptions options)
    : out_(out), options_(options) {}

void ConsoleReporter::suite_started(const SuiteResult& suite) {
  if (options_.verbosity < 0) return;
  out_ << "== " << visible(suite.suite);
  if (!suite.title.empty()) out_ << ": " << visible(suite.title);
  out_ << " (submission: " << visible(suite.submission) << ")\n";
}

void ConsoleReporter::test_finished(const SuiteResult& suite, const TestResult& test) {
  if (options_.verbosity < 0 && !is_failing(test.status)) return;
  const StatusLook& l = look(test.status);
  if (options_.color) out_ << l.color << l.label << kReset;
  else out_ << l.label;
  out_ << std::string(kLabelWidth + 1 - l.label.size(), ' ') << visible(suite.suite) << "  "
       << visible(test.name) << "  (" << test.duration_ms << " ms)\n";
  if (options_.verbosity > 0)
    out_ << "    runs: " << test.runs << ", failed runs: " << test.failed_runs << '\n';
  if (test.status != Status::pass) write_details(out_, test);
}

void ConsoleReporter::notice(const std::string& text) {
  if (options_.verbosity < 0 || !noticed_.insert(text).second) return;
  write_indented(out_, "note: " + visible(text), "");
}

void ConsoleReporter::run_finished(const RunReport& report) {
  if (options_.verbosity >= 0)
    out_ << "score: " << points_text(report.score) << '/' << points_text(report.max_score)
         << '\n';
  // Passed and failed always show, so that scripts can read the line; the
  // rarer statuses only when they happened.
  std::string closing;
  for (std::size_t i = 0; i < kLooks.size(); ++i) {
    const int n = count_status(report, static_cast<Status>(i));
    if (!kLooks[i].always_counted && n == 0) continue;
    if (!closing.empty()) closing += ", ";
    closing += std::to_string(n) + " " + std::string(kLooks[i].counted);
  }
  out_ << closing << '\n';
}

}  // namespace ipcgrade
