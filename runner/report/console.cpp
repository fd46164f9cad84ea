#include "report/console.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <vector>

#include "judge/visible.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

struct StatusLook {
  std::string_view label;  // the test line's first word
  std::string_view color;  // ANSI colour of that word
};

// Indexed by Status, like kFailureKinds by FailureKind.
constexpr std::array<StatusLook, 4> kLooks{{
    {"PASS", "\x1b[32m"},
    {"FAIL", "\x1b[31m"},
    {"ERROR", "\x1b[33m"},
    {"SKIP", "\x1b[33m"},
}};
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kEraseLine = "\r\x1b[K";
constexpr std::size_t kLabelWidth = 5;
constexpr int kDefaultWidth = 80;

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
  if (!test.reproduce.empty()) write_indented(out, "reproduce: " + visible(test.reproduce), "    ");
}

// The progress line on one row: line breaks and tabs become spaces, and the
// text is cut to one column less than the terminal, because a terminal that
// wraps at the last column would move `\r` to the wrong row.
std::string progress_text(std::string text, int width) {
  for (char& c : text)
    if (c == '\n' || c == '\t') c = ' ';
  const std::size_t columns = static_cast<std::size_t>(std::max(width, 2) - 1);
  std::vector<std::size_t> starts;  // where each code point starts: one column each, near enough
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (starts.size() <= columns) return text;
  text.resize(starts[columns - 1]);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text + "\u2026";
}

}  // namespace

int terminal_width(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

ConsoleReporter::ConsoleReporter(std::ostream& out, ConsoleOptions options)
    : out_(out), options_(options) {}

void ConsoleReporter::erase_progress() {
  if (!progress_shown_) return;
  out_ << kEraseLine;
  progress_shown_ = false;
}

void ConsoleReporter::suite_started(const SuiteResult& suite) {
  if (options_.verbosity < 0) return;
  erase_progress();
  out_ << "== " << visible(suite.suite);
  if (!suite.title.empty()) out_ << ": " << visible(suite.title);
  out_ << " (submission: " << visible(suite.submission) << ")\n";
}

// Quiet mode shows no progress: it promises failures and the closing line.
void ConsoleReporter::test_started(const SuiteResult& suite, const std::string& test_name,
                                   int index, int total) {
  if (!options_.progress || options_.verbosity < 0) return;
  erase_progress();
  const std::string text = "[" + std::to_string(index) + "/" + std::to_string(total) + "] " +
                           visible(suite.suite) + ": " + visible(test_name);
  out_ << '\r' << progress_text(text, options_.width > 0 ? options_.width : kDefaultWidth)
       << std::flush;
  progress_shown_ = true;
}

void ConsoleReporter::test_finished(const SuiteResult& suite, const TestResult& test) {
  if (options_.verbosity < 0 && !is_failing(test.status)) return;
  erase_progress();
  const StatusLook& l = look(test.status);
  if (options_.color)
    out_ << l.color << l.label << kReset;
  else
    out_ << l.label;
  out_ << std::string(kLabelWidth + 1 - l.label.size(), ' ') << visible(suite.suite) << "  "
       << visible(test.name) << "  (" << test.duration_ms << " ms)\n";
  if (options_.verbosity > 0) {
    out_ << "    runs: " << test.runs << ", failed runs: " << test.failed_runs << '\n';
    for (const auto& seen : test.mechanisms) out_ << "    used: " << mechanisms_text(seen) << '\n';
  }
  else if (test.runs > 1 && test.failed_runs > 0)
    // A race shows in some runs only: say how often, then the first failure.
    out_ << "    failed " << test.failed_runs << " of " << test.runs
         << " runs; the first failure:\n";
  if (test.status != Status::pass) write_details(out_, test);
}

void ConsoleReporter::notice(const std::string& text) {
  if (options_.verbosity < 0 || !noticed_.insert(text).second) return;
  erase_progress();
  write_indented(out_, "note: " + visible(text), "");
}

void ConsoleReporter::run_finished(const RunReport& report) {
  erase_progress();
  if (options_.verbosity >= 0)
    out_ << "score: " << points_text(report.score) << '/' << points_text(report.max_score) << '\n';
  out_ << status_counts(report) << '\n';
}

}  // namespace ipcgrade
