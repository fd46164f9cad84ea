// TAP version 14: the plan, one test point per test (`ok N - suite: test`),
// a YAML diagnostic block under each failed test with its failures, and
// `# SKIP` for skipped tests. Scalars are double-quoted (a JSON string is a
// valid YAML one) unless they span lines, which read better as literal
// blocks.
#include <nlohmann/json.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/formats.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

// Characters that YAML allows in quoted scalars but not in literal blocks:
// C1 controls, the byte order mark and the non-characters U+FFFE/U+FFFF.
bool literal_safe(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto d = static_cast<unsigned char>(text[i + 1]);
    if (c == 0xC2 && d >= 0x80 && d <= 0x9F && d != 0x85) return false;
    if (c == 0xEF && i + 2 < text.size()) {
      const auto e = static_cast<unsigned char>(text[i + 2]);
      if ((d == 0xBB && e == 0xBF) || (d == 0xBF && (e == 0xBE || e == 0xBF))) return false;
    }
  }
  return true;
}

// `key: value` at `indent` columns. A literal block gets an explicit
// indentation indicator, because its first line may start with a space
// (a diff's context line), and the chomping that keeps its exact ending.
void write_scalar(std::ostream& out, std::size_t indent, std::string_view key,
                  std::string_view text) {
  const std::string pad(indent, ' ');
  out << pad << key << ':';
  if (text.find('\n') == std::string_view::npos || !literal_safe(text)) {
    out << ' ' << nlohmann::json(std::string(text)).dump() << '\n';
    return;
  }
  std::size_t body_end = text.size();
  while (body_end > 0 && text[body_end - 1] == '\n') --body_end;
  const std::size_t trailing = text.size() - body_end;
  out << " |2" << (trailing == 0 ? "-" : trailing == 1 ? "" : "+") << '\n';
  std::string_view body = text.substr(0, body_end);
  while (true) {
    const std::size_t end = body.find('\n');
    const std::string_view line = body.substr(0, end);
    if (!line.empty()) out << pad << "  " << line;
    out << '\n';
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  for (std::size_t i = 1; i < trailing; ++i) out << '\n';
}

void write_failures(std::ostream& out, const std::vector<Failure>& failures) {
  if (failures.empty()) return;
  out << "failures:\n";
  for (const auto& failure : failures) {
    out << "  - kind: " << to_string(failure.kind) << '\n';
    if (!failure.process.empty()) write_scalar(out, 4, "process", visible(failure.process));
    write_scalar(out, 4, "message", visible(failure.message));
    if (!failure.diff.empty()) write_scalar(out, 4, "diff", visible(failure.diff));
  }
}

// The diagnostic block at the document's own indentation; the caller
// indents it under its test point.
std::string diagnostics(const TestResult& test) {
  std::ostringstream out;
  out << "status: " << to_string(test.status) << '\n'
      << "score: " << points_text(test.score) << '\n'
      << "max_score: " << points_text(test.max_score) << '\n'
      << "duration_ms: " << test.duration_ms << '\n';
  if (test.runs > 1) out << "runs: " << test.runs << "\nfailed_runs: " << test.failed_runs << '\n';
  write_failures(out, test.failures);
  if (!test.hint.empty()) write_scalar(out, 0, "hint", visible(test.hint));
  if (!test.reproduce.empty()) write_scalar(out, 0, "reproduce", visible(test.reproduce));
  return out.str();
}

void write_indented_block(std::ostream& out, const std::string& block) {
  out << "  ---\n";
  std::istringstream lines(block);
  for (std::string line; std::getline(lines, line);)
    out << (line.empty() ? "" : "  ") << line << '\n';
  out << "  ...\n";
}

// A description is one line, and `#` starts a directive unless escaped.
std::string description(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t') c = ' ';
    if (c == '#' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void write_test(std::ostream& out, int number, const std::string& label, const TestResult& test) {
  const bool ok = test.status == Status::pass || test.status == Status::skipped;
  out << (ok ? "ok " : "not ok ") << number << " - " << description(label);
  if (test.status == Status::skipped) {
    out << " # SKIP";
    if (!test.failures.empty())
      out << ' ' << description(first_line(failure_heading(test.failures.front())));
  }
  out << '\n';
  if (!ok) write_indented_block(out, diagnostics(test));
}

class TapWriter final : public ReportWriter {
 public:
  void write(const RunReport& report, std::ostream& out) const override {
    const bool several = several_submissions(report);
    std::size_t count = 0;
    for (const auto& suite : report.suites) count += suite.tests.size();
    out << "TAP version 14\n1.." << count << '\n';
    for (const auto& u : report.unchecked)
      out << "# not checked: " << description(visible(u.check) + ": " + visible(u.reason)) << '\n';
    int number = 0;
    for (const auto& suite : report.suites)
      for (const auto& test : suite.tests) {
        const std::string label = test_label(suite, test);
        write_test(out, ++number, several ? visible(suite.submission) + ": " + label : label, test);
      }
    out << "# score: " << points_text(report.score) << '/' << points_text(report.max_score) << '\n'
        << "# " << status_counts(report) << '\n';
  }
};

}  // namespace

std::unique_ptr<ReportWriter> make_tap_writer(WriterOptions) {
  return std::make_unique<TapWriter>();
}

}  // namespace ipcgrade
