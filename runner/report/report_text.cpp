#include "report/report_text.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "judge/visible.h"

namespace ipcgrade {

std::string failure_heading(const Failure& failure) {
  std::string text = "[" + std::string(to_string(failure.kind)) + "] ";
  if (!failure.process.empty()) text += visible(failure.process) + ": ";
  return text + visible(failure.message);
}

std::string failure_details(const TestResult& test, bool with_reproduce) {
  std::string text;
  for (const auto& failure : test.failures) {
    text += failure_heading(failure) + "\n";
    std::string diff = visible(failure.diff);
    if (!diff.empty() && diff.back() != '\n') diff += '\n';
    text += diff;
  }
  if (!test.hint.empty()) text += "hint: " + visible(test.hint) + "\n";
  if (with_reproduce && !test.reproduce.empty())
    text += "reproduce: " + visible(test.reproduce) + "\n";
  return text;
}

std::string first_line(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

std::string seconds_text(std::int64_t ms) {
  // Integer arithmetic keeps 0.0005-style rounding out of the way; a
  // negative duration can only be a clock glitch and shows as zero.
  ms = std::max<std::int64_t>(ms, 0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

std::string points_text(double points) {
  char buf[32];
  if (std::isfinite(points) && points == std::trunc(points) && std::fabs(points) < 1e15)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(points));
  else
    std::snprintf(buf, sizeof buf, "%g", points);
  return buf;
}

int count_status(const SuiteResult& suite, Status status) {
  return static_cast<int>(std::count_if(suite.tests.begin(), suite.tests.end(),
                                        [&](const TestResult& t) { return t.status == status; }));
}

int count_status(const RunReport& report, Status status) {
  int n = 0;
  for (const auto& suite : report.suites) n += count_status(suite, status);
  return n;
}

namespace {

struct CountWords {
  std::string_view one;
  std::string_view many;
  bool always;  // shown even when the count is 0
};

// Indexed by Status, like kFailureKinds by FailureKind.
constexpr std::array<CountWords, 4> kCountWords{{
    {"passed", "passed", true},
    {"failed", "failed", true},
    {"error", "errors", false},
    {"skipped", "skipped", false},
}};

}  // namespace

std::string status_counts(const RunReport& report) {
  std::string text;
  for (std::size_t i = 0; i < kCountWords.size(); ++i) {
    const int n = count_status(report, static_cast<Status>(i));
    if (!kCountWords[i].always && n == 0) continue;
    if (!text.empty()) text += ", ";
    text += std::to_string(n) + " ";
    text += n == 1 ? kCountWords[i].one : kCountWords[i].many;
  }
  return text;
}

std::string test_label(const SuiteResult& suite, const TestResult& test) {
  return visible(suite.suite) + ": " + visible(test.name);
}

bool needs_explaining(const TestResult& test) {
  if (test.status == Status::skipped) return !test.failures.empty();
  return test.status != Status::pass;
}

bool details_shown(const TestResult& test, const WriterOptions& options) {
  switch (test.visibility) {
    case spec::Visibility::visible:
      return true;
    case spec::Visibility::hidden:
      return false;
    case spec::Visibility::after_due_date:
    case spec::Visibility::after_published:
      return options.after_due_date;
  }
  return false;
}

bool several_submissions(const RunReport& report) {
  for (const auto& suite : report.suites)
    if (suite.submission != report.suites.front().submission) return true;
  return false;
}

std::vector<RunReport> split_by_submission(const RunReport& report) {
  std::vector<RunReport> parts;
  for (const auto& suite : report.suites) {
    auto part = std::find_if(parts.begin(), parts.end(), [&](const RunReport& p) {
      return p.suites.front().submission == suite.submission;
    });
    if (part == parts.end()) {
      RunReport fresh = report;
      fresh.suites.clear();
      parts.push_back(std::move(fresh));
      part = parts.end() - 1;
    }
    part->suites.push_back(suite);
  }
  // A run of one submission keeps its wall time; a class's parts get the sum
  // of their tests' times, since submissions may have been graded apart.
  if (parts.size() <= 1) {
    if (parts.empty()) parts.push_back(report);
    return parts;
  }
  for (auto& part : parts) {
    part.duration_ms = 0;
    for (const auto& suite : part.suites)
      for (const auto& test : suite.tests) part.duration_ms += test.duration_ms;
    total(part);
  }
  return parts;
}

std::string mechanisms_text(const ProcessMechanisms& seen) {
  auto counts = [](const std::map<std::string, std::int64_t>& map) {
    std::string text;
    for (const auto& [name, count] : map)
      text += (text.empty() ? "" : ", ") + name + " " + std::to_string(count);
    return text;
  };
  std::string text = visible(seen.process) + ": ";
  text += seen.mechanisms.empty() ? "no mechanism" : counts(seen.mechanisms);
  if (!seen.calls.empty()) text += "; calls " + counts(seen.calls);
  for (const auto& note : seen.notes) text += "; " + visible(note);
  return text;
}

}  // namespace ipcgrade
