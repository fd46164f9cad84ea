#include <catch2/catch.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"
#include "report/writer.h"

using namespace ipcgrade;

namespace {

std::string write_markdown(const RunReport& report, WriterOptions options = {}) {
  return report_test::render("markdown", report, options);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The sample with its hidden test failing, so that withholding shows.
RunReport with_failing_hidden_test(spec::Visibility visibility) {
  RunReport report = report_test::sample_report();
  TestResult& slow = report.suites[0].tests[4];
  slow.visibility = visibility;
  slow.failures.push_back({FailureKind::timeout, "reader", "SECRET timed out", ""});
  slow.hint = "SECRET hint";
  settle(slow);
  total(report);
  return report;
}

}  // namespace

TEST_CASE("the Markdown report matches its golden file", "[report]") {
  report_test::check_golden("report.md", write_markdown(report_test::sample_report()));
}

TEST_CASE("the Markdown report leads with the score and a table of tests", "[report]") {
  const std::string md = write_markdown(report_test::sample_report());
  CHECK(
      md.starts_with("# ipcgrade: 4.5/9.5 points\n\n"
                     "**students/alice** \xC2\xB7 3 passed, 2 failed, 1 error, 1 skipped"));
  CHECK(has(md,
            "| Test | Result | Points |\n| :--- | :--- | ---: |\n"
            "| pipe-relay: relays a short line | \u2705 passed | 1/1 |\n"));
  CHECK(has(md, "| pipe-relay: bad\\&name | \u274c failed | 0/1 |\n"));
  CHECK(has(md, "> - mechanism: seccomp user notification is unavailable\n"));
  CHECK(visible(md) == md);  // no raw control byte, valid UTF-8
}

TEST_CASE("the Markdown report explains each failed test", "[report]") {
  const std::string md = write_markdown(report_test::sample_report());
  CHECK(
      has(md,
          "## Failed tests\n\n### \u274c failed: pipe-relay: relays 32 MiB byte for byte\n\n"
          "Failed 1 of 3 runs.\n\n"
          "**\\[output\\] relay:** stdout did not match: expected 33554432 bytes, saw 33554431\n\n"
          "```diff\n--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n line 1\n-line 2\n+line 2 \n```\n\n"
          "**\\[leak\\] relay:** FIFO /tmp/relay.fifo was left behind\n\n"
          "**Hint:** Does the relay loop handle short writes?\n\n"
          "**Reproduce:**\n\n```sh\nipcgrade run suites/pipe-relay --submission students/alice "
          "--filter '^relays 32 MiB byte for byte$'\n```\n"));
  // A message of several lines is fenced, so none of its lines is markup.
  CHECK(has(md,
            "**\\[output\\] \\<reader\\>:**\n\n```text\nsaw ]]> then \\x00 then "
            "\\x1b[31mred\\x1b[0m and \xEF\xBF\xBD\nsecond line\n```\n"));
  CHECK(has(md, "**Hint:** Quote \"it\" \\& \\<escape\\> it\n"));
  CHECK_FALSE(has(md, "uses splice\n"));  // skipped without a reason: the table says enough
}

TEST_CASE("the Markdown report withholds what the suite keeps from students", "[report]") {
  for (auto visibility : {spec::Visibility::hidden, spec::Visibility::after_due_date,
                          spec::Visibility::after_published}) {
    const RunReport report = with_failing_hidden_test(visibility);
    const std::string before = write_markdown(report);
    CHECK(has(before,
              "| pipe-relay: survives a slow reader | \U0001f512 details withheld | 0/1.5 |\n"));
    CHECK_FALSE(has(before, "SECRET"));
    const std::string after = write_markdown(report, {true});
    CHECK(has(after, "SECRET") == (visibility != spec::Visibility::hidden));
  }
}

TEST_CASE("a Markdown report of a class has a section per submission", "[report]") {
  const std::string md = write_markdown(report_test::class_report());
  CHECK(
      md.starts_with("# ipcgrade: 3 submissions\n\n## students/alice: 4.5/9.5 points\n\n"
                     "3 passed, 2 failed, 1 error, 1 skipped\n\n"));
  CHECK(has(md, "\n## students/bob: 9.5/9.5 points\n\n7 passed, 0 failed\n\n"));
  CHECK(has(md, "\n## students/carol: 0/9.5 points\n\n0 passed, 7 failed\n\n"));
  CHECK(has(md,
            "\n#### \u274c failed: msgq-sysv: round trip\n\n"
            "**\\[build\\] relay:**\n\n```text\nrelay.c:3:1: error: expected ';'\n"));
}
