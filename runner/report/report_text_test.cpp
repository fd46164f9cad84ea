#include "report/report_text.h"

#include <catch2/catch.hpp>

#include "report/report_test_support.h"

using namespace ipcgrade;

TEST_CASE("report times are seconds with three decimals", "[report]") {
  CHECK(seconds_text(0) == "0.000");
  CHECK(seconds_text(812) == "0.812");
  CHECK(seconds_text(61005) == "61.005");
  CHECK(seconds_text(-3) == "0.000");
}

TEST_CASE("report points are whole numbers without decimals", "[report]") {
  CHECK(points_text(7) == "7");
  CHECK(points_text(0) == "0");
  CHECK(points_text(2.5) == "2.5");
}

TEST_CASE("a failure heading names kind, process and visible message", "[report]") {
  CHECK(failure_heading({FailureKind::leak, "rx", "queue left", ""}) == "[leak] rx: queue left");
  CHECK(failure_heading({FailureKind::internal, "", "no pipe\x01", ""}) ==
        "[internal] no pipe\\x01");
  CHECK(first_line("one\ntwo") == "one");
  CHECK(first_line("one") == "one");
}

TEST_CASE("failure details hold every failure, the hint and the command", "[report]") {
  TestResult test;
  test.failures = {{FailureKind::output, "rx", "stdout did not match", "-a\n+b"},
                   {FailureKind::leak, "", "queue left", ""}};
  test.hint = "call msgctl";
  test.reproduce = "ipcgrade run x";
  CHECK(failure_details(test) ==
        "[output] rx: stdout did not match\n-a\n+b\n[leak] queue left\nhint: call msgctl\n"
        "reproduce: ipcgrade run x\n");
  CHECK(failure_details(test, false).find("reproduce") == std::string::npos);
}

TEST_CASE("details are withheld by visibility until the due date", "[report]") {
  TestResult test;
  const WriterOptions before{false}, after{true};
  CHECK(details_shown(test, before));
  test.visibility = spec::Visibility::hidden;
  CHECK_FALSE(details_shown(test, before));
  CHECK_FALSE(details_shown(test, after));
  for (auto v : {spec::Visibility::after_due_date, spec::Visibility::after_published}) {
    test.visibility = v;
    CHECK_FALSE(details_shown(test, before));
    CHECK(details_shown(test, after));
  }
}

TEST_CASE("a class report splits into one report per submission", "[report]") {
  const RunReport klass = report_test::class_report();
  CHECK(several_submissions(klass));
  const std::vector<RunReport> parts = split_by_submission(klass);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].suites.size() == 2);
  CHECK(parts[1].suites.front().submission == "students/bob");
  CHECK(parts[1].score == 9.5);
  CHECK(parts[2].score == 0);
  CHECK(parts[2].max_score == 9.5);
  CHECK(parts[0].duration_ms == 12 + 812 + 3 + 0 + 2041 + 7 + 25);
  CHECK(status_counts(parts[2]) == "0 passed, 7 failed");

  const RunReport one = report_test::sample_report();
  CHECK_FALSE(several_submissions(one));
  REQUIRE(split_by_submission(one).size() == 1);
  CHECK(split_by_submission(one)[0].duration_ms == 2900);  // a run keeps its wall time
  CHECK(split_by_submission(RunReport{}).size() == 1);
}

TEST_CASE("a test needs explaining when it did not pass, or was skipped for a reason", "[report]") {
  const SuiteResult suite = report_test::pipe_relay_suite();
  CHECK_FALSE(needs_explaining(suite.tests[0]));  // pass
  CHECK(needs_explaining(suite.tests[1]));        // fail
  CHECK(needs_explaining(suite.tests[2]));        // error
  CHECK_FALSE(needs_explaining(suite.tests[3]));  // skipped without a reason
  TestResult skipped = suite.tests[3];
  skipped.failures.push_back({FailureKind::build, "", "no splice", ""});
  CHECK(needs_explaining(skipped));
  CHECK(test_label(suite, suite.tests[5]) == "pipe-relay: bad&name");
}
