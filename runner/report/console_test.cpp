#include "report/console.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"
#include "report/report_text.h"

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
        "3 passed, 2 failed, 1 error, 1 skipped\n");
  CHECK(text.find("score: 4.5/9.5\n") != std::string::npos);
  const std::string plain = console_text(two_tests(Status::pass), {false, 0});
  CHECK(plain.substr(plain.rfind("score")) == "score: 2/2\n2 passed, 0 failed\n");
}

TEST_CASE("the console says a notice once", "[report]") {
  const std::string text = console_text(report_test::sample_report(), {false, 0});
  const std::string note =
      "note: cannot check mechanism: seccomp user notification is unavailable\n";
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

TEST_CASE("the closing line says 1 error but 2 errors", "[report]") {
  RunReport report = two_tests(Status::error);
  CHECK(status_counts(report) == "1 passed, 0 failed, 1 error");
  report.suites[0].tests[0] = report.suites[0].tests[1];
  CHECK(status_counts(report) == "0 passed, 0 failed, 2 errors");
}

namespace {

ConsoleOptions progress_options(int verbosity, int width = 0) {
  ConsoleOptions options;
  options.verbosity = verbosity;
  options.progress = true;
  options.width = width;
  return options;
}

}  // namespace

TEST_CASE("the progress line shows the test and is erased before the next line", "[report]") {
  const RunReport report = two_tests(Status::fail);
  const SuiteResult& suite = report.suites[0];
  std::ostringstream out;
  ConsoleReporter console(out, progress_options(0));
  console.suite_started(suite);
  console.test_started(suite, "one", 1, 2);
  CHECK(out.str() == "== pipes (submission: a)\n\r[1/2] pipes: one");
  console.test_finished(suite, suite.tests[0]);
  console.test_started(suite, "two", 2, 2);
  console.test_started(suite, "two", 2, 2);  // a repeat replaces the line
  console.test_finished(suite, suite.tests[1]);
  console.run_finished(report);
  CHECK(out.str() ==
        "== pipes (submission: a)\n"
        "\r[1/2] pipes: one\r\x1b[KPASS  pipes  one  (5 ms)\n"
        "\r[2/2] pipes: two\r\x1b[K\r[2/2] pipes: two\r\x1b[KFAIL  pipes  two  (6 ms)\n"
        "    [exit] p: exited 1, expected 0\n"
        "score: 1/2\n1 passed, 1 failed\n");
}

TEST_CASE("the progress line is erased at the end even after a quiet pass", "[report]") {
  const RunReport report = two_tests(Status::pass);
  const SuiteResult& suite = report.suites[0];
  std::ostringstream verbose_out;
  ConsoleReporter verbose(verbose_out, progress_options(1));
  verbose.test_started(suite, "two", 2, 2);
  verbose.notice("note once");
  verbose.test_started(suite, "two", 2, 2);
  verbose.run_finished(report);
  CHECK(verbose_out.str() ==
        "\r[2/2] pipes: two\r\x1b[Knote: note once\n"
        "\r[2/2] pipes: two\r\x1b[Kscore: 2/2\n2 passed, 0 failed\n");
  // Quiet promises failures and the closing line only: no progress at all.
  std::ostringstream quiet_out;
  ConsoleReporter quiet(quiet_out, progress_options(-1));
  quiet.test_started(suite, "one", 1, 2);
  quiet.test_finished(suite, suite.tests[0]);
  quiet.run_finished(report);
  CHECK(quiet_out.str() == "2 passed, 0 failed\n");
}

TEST_CASE("the progress line is cut to the terminal's width", "[report]") {
  SuiteResult suite{"msgq-sysv", "", "a", 0, 0, {}};
  const std::string name = "receiver removes the queue";  // "[12/40] msgq-sysv: " is 19 columns
  std::ostringstream out;
  ConsoleReporter narrow(out, progress_options(0, 30));
  narrow.test_started(suite, name, 12, 40);
  // 28 columns fit before the ellipsis; the space that would end them goes.
  CHECK(out.str() == "\r[12/40] msgq-sysv: receiver\u2026");
  std::ostringstream wide_out;
  ConsoleReporter wide(wide_out, progress_options(0));  // unknown width: 80
  wide.test_started(suite, name + "\nwith a break and \x1b bytes" + std::string(60, 'x'), 12, 40);
  const std::string line = wide_out.str();
  CHECK(line.starts_with("\r[12/40] msgq-sysv: receiver removes the queue with a break and \\x1b"));
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.size() == 1 + 78 + 3);  // \r, 78 ASCII columns, a 3-byte ellipsis
  std::ostringstream off_out;
  ConsoleReporter off(off_out, {false, 0});
  off.test_started(suite, name, 1, 1);
  CHECK(off_out.str().empty());
}

TEST_CASE("terminal_width is 0 for what is not a terminal", "[report]") {
  CHECK(terminal_width(-1) == 0);
}
