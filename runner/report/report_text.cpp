#include "report/report_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "judge/visible.h"

namespace ipcgrade {

std::string failure_heading(const Failure& failure) {
  std::string text = "[" + std::string(to_string(failure.kind)) + "] ";
  if (!failure.process.empty()) text += visible(failure.process) + ": ";
  return text + visible(failure.message);
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

}  // namespace ipcgrade
