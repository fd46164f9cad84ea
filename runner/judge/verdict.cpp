#include "judge/verdict.h"

#include <algorithm>

namespace ipcgrade {

namespace {

constexpr std::array<std::string_view, 4> kStatusNames{"pass", "fail", "error", "skipped"};

const FailureKindInfo& info(FailureKind kind) {
  return kFailureKinds[static_cast<std::size_t>(kind)];
}

}  // namespace

std::string_view to_string(FailureKind kind) { return info(kind).name; }

bool is_error_kind(FailureKind kind) { return info(kind).is_error; }

std::optional<FailureKind> failure_kind_from(std::string_view name) {
  for (const auto& k : kFailureKinds)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

std::string_view to_string(Status status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<Status> status_from(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == name) return static_cast<Status>(i);
  return std::nullopt;
}

std::string_view to_string(spec::Visibility visibility) {
  switch (visibility) {
    case spec::Visibility::visible: return "visible";
    case spec::Visibility::hidden: return "hidden";
    case spec::Visibility::after_due_date: return "after_due_date";
    case spec::Visibility::after_published: return "after_published";
  }
  return "visible";
}

void settle(TestResult& test) {
  if (test.status != Status::skipped) {
    const bool any_error = std::any_of(test.failures.begin(), test.failures.end(),
                                       [](const Failure& f) { return is_error_kind(f.kind); });
    if (any_error)
      test.status = Status::error;
    else
      test.status = test.failures.empty() ? Status::pass : Status::fail;
  }
  test.score = test.status == Status::pass ? test.max_score : 0;
}

void total(RunReport& report) {
  report.score = report.max_score = 0;
  for (auto& suite : report.suites) {
    suite.score = suite.max_score = 0;
    for (const auto& test : suite.tests) {
      suite.score += test.score;
      suite.max_score += test.max_score;
    }
    report.score += suite.score;
    report.max_score += suite.max_score;
  }
}

}  // namespace ipcgrade
