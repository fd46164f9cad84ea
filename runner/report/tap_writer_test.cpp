#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"
#include "report/writer.h"

using namespace ipcgrade;

namespace {

std::string write_tap(const RunReport& report) { return report_test::render("tap", report); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The YAML block under the test point that starts with `point`, without
// the TAP indentation, parsed as a TAP 14 consumer would.
YAML::Node diagnostics_after(const std::string& tap, const std::string& point) {
  const std::vector<std::string> lines = lines_of(tap);
  auto it = std::find(lines.begin(), lines.end(), point);
  REQUIRE(it != lines.end());
  REQUIRE(++it != lines.end());
  REQUIRE(*it == "  ---");
  std::string yaml;
  for (++it; it != lines.end() && *it != "  ..."; ++it) {
    if (!it->empty()) REQUIRE(it->starts_with("  "));
    yaml += (it->empty() ? "" : it->substr(2)) + "\n";
  }
  REQUIRE(it != lines.end());
  return YAML::Load(yaml);
}

}  // namespace

TEST_CASE("the TAP report matches its golden file", "[report]") {
  report_test::check_golden("report.tap", write_tap(report_test::sample_report()));
}

TEST_CASE("the TAP report has a version, a plan and one point per test", "[report]") {
  const std::string tap = write_tap(report_test::sample_report());
  CHECK(tap.starts_with("TAP version 14\n1..7\n"));
  const std::vector<std::string> lines = lines_of(tap);
  std::vector<std::string> points;
  for (const auto& line : lines)
    if (line.starts_with("ok ") || line.starts_with("not ok ")) points.push_back(line);
  CHECK(points == std::vector<std::string>{
                      "ok 1 - pipe-relay: relays a short line",
                      "not ok 2 - pipe-relay: relays 32 MiB byte for byte",
                      "not ok 3 - pipe-relay: stops on SIGTERM",
                      "ok 4 - pipe-relay: uses splice # SKIP",
                      "ok 5 - pipe-relay: survives a slow reader",
                      "not ok 6 - pipe-relay: bad&name",
                      "ok 7 - msgq-sysv: round trip",
                  });
  CHECK(lines.back() == "# 3 passed, 2 failed, 1 error, 1 skipped");
  CHECK(lines[lines.size() - 2] == "# score: 4.5/9.5");
  CHECK(visible(tap) == tap);  // no raw control byte, valid UTF-8
}

TEST_CASE("the TAP diagnostics are YAML holding the failures exactly", "[report]") {
  const RunReport report = report_test::sample_report();
  const std::string tap = write_tap(report);
  const YAML::Node relay =
      diagnostics_after(tap, "not ok 2 - pipe-relay: relays 32 MiB byte for byte");
  CHECK(relay["status"].as<std::string>() == "fail");
  CHECK(relay["max_score"].as<double>() == 2);
  CHECK(relay["runs"].as<int>() == 3);
  CHECK(relay["failed_runs"].as<int>() == 1);
  REQUIRE(relay["failures"].size() == 2);
  CHECK(relay["failures"][0]["kind"].as<std::string>() == "output");
  CHECK(relay["failures"][0]["process"].as<std::string>() == "relay");
  // A diff whose lines start with a space survives as a literal block.
  CHECK(relay["failures"][0]["diff"].as<std::string>() ==
        report.suites[0].tests[1].failures[0].diff);
  CHECK_FALSE(relay["failures"][1]["diff"]);
  CHECK(relay["hint"].as<std::string>() == "Does the relay loop handle short writes?");

  const YAML::Node bad = diagnostics_after(tap, "not ok 6 - pipe-relay: bad&name");
  CHECK(bad["failures"][0]["process"].as<std::string>() == "<reader>");
  CHECK(bad["failures"][0]["message"].as<std::string>() ==
        "saw ]]> then \\x00 then \\x1b[31mred\\x1b[0m and \xEF\xBF\xBD\nsecond line");
  CHECK(bad["hint"].as<std::string>() == "Quote \"it\" & <escape> it");
  CHECK(diagnostics_after(tap, "not ok 3 - pipe-relay: stops on SIGTERM")["status"]
            .as<std::string>() == "error");
}

TEST_CASE("the TAP report keeps every text ending and escapes # in names", "[report]") {
  RunReport report;
  SuiteResult suite{"s", "", "a", 0, 0, {}};
  for (const std::string message : {"two\nlines", "ends\n", "ends twice\n\n", "\n indented\n"}) {
    suite.tests.push_back(
        report_test::make_test("t #1 \\ x", 1, 1, {{FailureKind::output, "", message, ""}}));
    report.suites = {suite};
    const std::string tap = write_tap(report);
    const YAML::Node d = diagnostics_after(tap, "not ok 1 - s: t \\#1 \\\\ x");
    CHECK(d["failures"][0]["message"].as<std::string>() == message);
    suite.tests.clear();
  }
  suite.tests.push_back(
      report_test::make_test("skips", 1, 0, {{FailureKind::build, "", "no cc # here", ""}}));
  suite.tests.back().status = Status::skipped;
  report.suites = {suite};
  CHECK(write_tap(report).find("ok 1 - s: skips # SKIP [build] no cc \\# here\n") !=
        std::string::npos);
}

TEST_CASE("a TAP report of a class names each submission", "[report]") {
  const std::string tap = write_tap(report_test::class_report());
  CHECK(tap.starts_with("TAP version 14\n1..21\n"));
  CHECK(tap.find("\nok 8 - students/bob: pipe-relay: relays a short line\n") != std::string::npos);
  CHECK(tap.find("\nnot ok 21 - students/carol: msgq-sysv: round trip\n") != std::string::npos);
}
