#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"
#include "report/writer.h"

using namespace ipcgrade;
using Json = nlohmann::ordered_json;

namespace {

std::string write_gradescope(const RunReport& report, WriterOptions options = {}) {
  return report_test::render("gradescope", report, options);
}

// The fields of Gradescope's specification (autograder_samples
// docs/specs.md, "Output format"), with the JSON type each must have.
const std::map<std::string, Json::value_t> kTopFields{
    {"score", Json::value_t::number_float},
    {"execution_time", Json::value_t::number_integer},
    {"output", Json::value_t::string},
    {"output_format", Json::value_t::string},
    {"test_output_format", Json::value_t::string},
    {"test_name_format", Json::value_t::string},
    {"visibility", Json::value_t::string},
    {"stdout_visibility", Json::value_t::string},
    {"extra_data", Json::value_t::object},
    {"tests", Json::value_t::array},
    {"leaderboard", Json::value_t::array}};
const std::map<std::string, Json::value_t> kTestFields{
    {"score", Json::value_t::number_float}, {"max_score", Json::value_t::number_float},
    {"status", Json::value_t::string},      {"name", Json::value_t::string},
    {"name_format", Json::value_t::string}, {"number", Json::value_t::string},
    {"output", Json::value_t::string},      {"output_format", Json::value_t::string},
    {"tags", Json::value_t::array},         {"visibility", Json::value_t::string},
    {"extra_data", Json::value_t::object}};
const std::set<std::string> kFormats{"text", "html", "simple_format", "md", "ansi"};
const std::set<std::string> kVisibilities{"hidden", "after_due_date", "after_published", "visible"};

bool is_number(const Json& value) { return value.is_number(); }

// Every key is documented, with the documented type; numbers may be
// integers or floats.
void check_fields(const Json& object, const std::map<std::string, Json::value_t>& fields) {
  for (const auto& [key, value] : object.items()) {
    INFO("key " << key);
    REQUIRE(fields.count(key) == 1);
    if (fields.at(key) == Json::value_t::number_float ||
        fields.at(key) == Json::value_t::number_integer)
      CHECK(is_number(value));
    else
      CHECK(value.type() == fields.at(key));
  }
}

void check_shape(const Json& r) {
  check_fields(r, kTopFields);
  CHECK(kFormats.count(r["output_format"]) == 1);
  CHECK(kFormats.count(r["test_output_format"]) == 1);
  CHECK(kFormats.count(r["test_name_format"]) == 1);
  CHECK(kVisibilities.count(r["visibility"]) == 1);
  CHECK(kVisibilities.count(r["stdout_visibility"]) == 1);
  for (const auto& test : r["tests"]) {
    check_fields(test, kTestFields);
    CHECK(test.contains("name"));
    CHECK(test.contains("score"));
    CHECK(test.contains("max_score"));
    CHECK((test["status"] == "passed" || test["status"] == "failed"));
    CHECK(kVisibilities.count(test["visibility"]) == 1);
    if (test.contains("output_format")) CHECK(kFormats.count(test["output_format"]) == 1);
    for (const auto& tag : test["tags"]) CHECK(tag.is_string());
  }
}

}  // namespace

TEST_CASE("the Gradescope results match their golden file", "[report]") {
  report_test::check_golden("results.gradescope.json",
                            write_gradescope(report_test::sample_report()));
}

TEST_CASE("the Gradescope results have the documented fields only", "[report]") {
  const Json r = Json::parse(write_gradescope(report_test::sample_report()));
  check_shape(r);
  CHECK(r["score"] == 4.5);
  CHECK(r["execution_time"] == 3);            // 2.9 s, in whole seconds
  CHECK(r["stdout_visibility"] == "hidden");  // the console shows hidden tests in full
  REQUIRE(r["tests"].size() == 7);
  const Json& relay = r["tests"][1];
  CHECK(relay["name"] == "pipe-relay: relays 32 MiB byte for byte");
  CHECK(relay["score"] == 0);
  CHECK(relay["max_score"] == 2);
  CHECK(relay["status"] == "failed");
  CHECK(relay["output_format"] == "text");
  CHECK(relay["tags"] == Json::array({"large", "stress"}));
  CHECK(relay["output"] ==
        "failed 1 of 3 runs\n"
        "[output] relay: stdout did not match: expected 33554432 bytes, saw 33554431\n"
        "--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n line 1\n-line 2\n+line 2 \n"
        "[leak] relay: FIFO /tmp/relay.fifo was left behind\n"
        "hint: Does the relay loop handle short writes?\n");
  CHECK(r["tests"][0]["status"] == "passed");
  CHECK_FALSE(r["tests"][0].contains("output"));  // nothing to say about a pass
  CHECK(r["tests"][2]["status"] == "failed");     // error: no points either
  CHECK(r["tests"][2]["output"] ==
        "error: this test could not be judged; the fault is the grader's, not yours\n"
        "[spec] variable PORT is not set\n");
  CHECK(r["tests"][3]["status"] == "failed");  // skipped
  CHECK(r["tests"][3]["output"] == "skipped: this test was not run\n");
  CHECK(r["tests"][4]["visibility"] == "hidden");
  CHECK(r["tests"][4]["score"] == 1.5);
}

TEST_CASE("the Gradescope results withhold output the suite keeps from students", "[report]") {
  RunReport report = report_test::sample_report();
  TestResult& bad = report.suites[0].tests[5];
  for (auto visibility : {spec::Visibility::hidden, spec::Visibility::after_due_date,
                          spec::Visibility::after_published}) {
    bad.visibility = visibility;
    const Json before = Json::parse(write_gradescope(report));
    check_shape(before);
    CHECK_FALSE(before["tests"][5].contains("output"));
    CHECK(before["tests"][5]["visibility"] == std::string(to_string(visibility)));
    CHECK(before["tests"][5]["status"] == "failed");
    const Json after = Json::parse(write_gradescope(report, {true}));
    CHECK(after["tests"][5].contains("output") == (visibility != spec::Visibility::hidden));
  }
  // The total would tell a hidden test's result; Gradescope shows it when it may.
  const Json r = Json::parse(write_gradescope(report));
  CHECK(r["output"] ==
        "Graded by ipcgrade.\n\n**Not checked on this machine:**\n\n"
        "- mechanism: seccomp user notification is unavailable\n");
}

TEST_CASE("the Gradescope results show hostile bytes visibly", "[report]") {
  const std::string text = write_gradescope(report_test::sample_report());
  CHECK(visible(text) == text);
  const Json r = Json::parse(text);
  CHECK(r["tests"][5]["name"] == "pipe-relay: bad&name");
  CHECK(r["tests"][5]["output"] ==
        "[output] <reader>: saw ]]> then \\x00 then \\x1b[31mred\\x1b[0m and \xEF\xBF\xBD\n"
        "second line\nhint: Quote \"it\" & <escape> it\n");
}

TEST_CASE("Gradescope test names carry the suite only when there are several", "[report]") {
  RunReport report = report_test::sample_report();
  report.suites.pop_back();
  total(report);
  const Json r = Json::parse(write_gradescope(report));
  CHECK(r["tests"][0]["name"] == "relays a short line");
  CHECK(r["score"] == 2.5);
}
