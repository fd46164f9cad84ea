#include "report/console.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"

using namespace ipcgrade;

namespace {

// Plays a finished run through the reporter in the order the engine calls it.
std::string console_text(const RunReport& report, ConsoleOptions options) {
  std::ostringstream out;
  ConsoleReporter console(out, options);
  for (const auto& u : report.unchecked) {
    console.notice("cannot check " + u.check + ": " + u.reason);
    console.notice("cannot check " + u.check + ": " + u.reason);
  }
  for (const auto& suite : report.suites) {
    console.suite_started(suite);
    for (const auto& test : suite.tests) console.test_finished(suite, test);
  }
  console.run_finished(report);
  return out.str();
}

RunReport two_tests(Status second) {
  RunReport r;
  SuiteResult s{"pipes", "", "a", 0, 0, {}};
  s.tests.push_back(report_test::make_test("one", 1, 5));
  s.tests.push_back(report_test::make_test("two", 1, 6));
  // settle() derives fail or error from the failure's kind; skipped stays.
  s.tests.back().status = second;
  if (second == Status::error)
    s.tests.back().failures.push_back({FailureKind::internal, "", "no pipe", ""});
  else if (second != Status::pass)
    s.tests.back().failures.push_back({FailureKind::exit, "p", "exited 1, expected 0", ""});
  settle(s.tests.back());
  REQUIRE(s.tests.back().status == second);
  r.suites.push_back(s);
  total(r);
  return r;
}

}  // namespace

TEST_CASE("the console matches its golden file", "[report]") {
  const std::string text = console_text(report_test::sample_report(), {false, 0});
  report_test::check_golden("console.txt", text);
  CHECK(visible(text) == text);  // no raw control byte, valid UTF-8
}

TEST_CASE("the console's last line counts tests across suites", "[report]") {
  const std::string text = console_text(report_test::sample_report(), {false, 0});
  CHECK(text.substr(text.rfind('\n', text.size() - 2) + 1) ==
        "3 passed, 2 failed, 1 errors, 1 skipped\n");
  CHECK(text.find("score: 4.5/9.5\n") != std::string::npos);
  const std::string plain = console_text(two_tests(Status::pass), {false, 0});
  CHECK(plain.substr(plain.rfind("score")) == "score: 2/2\n2 passed, 0 failed\n");
}

TEST_CASE("the console says a notice once", "[report]") {
  const std::string text = console_text(report_test::sample_report(), {false, 0});
  const std::string note = "note: cannot check mechanism: seccomp user notification is unavailable\n";
  REQUIRE(text.find(note) != std::string::npos);
  CHECK(text.find(note) == text.rfind(note));
}

TEST_CASE("the quiet console shows failing tests and the closing line only", "[report]") {
  CHECK(console_text(two_tests(Status::fail), {false, -1}) ==
        "FAIL  pipes  two  (6 ms)\n"
        "    [exit] p: exited 1, expected 0\n"
        "1 passed, 1 failed\n");
  CHECK(console_text(two_tests(Status::pass), {false, -1}) == "2 passed, 0 failed\n");
}

TEST_CASE("the verbose console shows runs for every test", "[report]") {
  CHECK(console_text(two_tests(Status::skipped), {false, 1}) ==
        "== pipes (submission: a)\n"
        "PASS  pipes  one  (5 ms)\n"
        "    runs: 1, failed runs: 0\n"
        "SKIP  pipes  two  (6 ms)\n"
        "    runs: 1, failed runs: 0\n"
        "    [exit] p: exited 1, expected 0\n"
        "score: 1/2\n"
        "1 passed, 0 failed, 1 skipped\n");
}

TEST_CASE("the console colours the status word only when asked", "[report]") {
  const std::string text = console_text(two_tests(Status::error), {true, 0});
  CHECK(text.find("\x1b[32mPASS\x1b[0m  pipes  one  (5 ms)\n") != std::string::npos);
  CHECK(text.find("\x1b[33mERROR\x1b[0m pipes  two  (6 ms)\n") != std::string::npos);
  CHECK(console_text(two_tests(Status::error), {false, 0}).find('\x1b') == std::string::npos);
}
