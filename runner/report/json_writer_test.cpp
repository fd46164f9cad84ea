#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"
#include "report/report_text.h"
#include "report/writer.h"

using namespace ipcgrade;
using Json = nlohmann::ordered_json;

namespace {

std::string write_json(const RunReport& report) { return report_test::render("json", report); }

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> names;
  for (const auto& item : object.items()) names.push_back(item.key());
  return names;
}

}  // namespace

TEST_CASE("the JSON report matches its golden file", "[report]") {
  report_test::check_golden("report.json", write_json(report_test::sample_report()));
}

TEST_CASE("the JSON report has the documented keys in order", "[report]") {
  const Json r = Json::parse(write_json(report_test::sample_report()));
  CHECK(keys(r) == std::vector<std::string>{"ipcgrade", "isolation", "score", "max_score",
                                            "duration_ms", "shard", "unchecked", "suites"});
  CHECK(keys(r["shard"]) == std::vector<std::string>{"k", "n", "planned"});
  CHECK(keys(r["unchecked"][0]) == std::vector<std::string>{"check", "reason"});
  const Json& suite = r["suites"][0];
  CHECK(keys(suite) ==
        std::vector<std::string>{"suite", "submission", "score", "max_score", "tests"});
  CHECK(keys(suite["tests"][1]) == std::vector<std::string>{"name", "status", "score", "max_score",
                                                            "duration_ms", "runs", "failed_runs",
                                                            "failures", "reproduce", "hint", "tags",
                                                            "visibility"});
  CHECK(keys(suite["tests"][1]["failures"][0]) ==
        std::vector<std::string>{"kind", "process", "message", "diff"});
}

TEST_CASE("the JSON report leaves out what does not apply", "[report]") {
  RunReport report = report_test::sample_report();
  report.shard.reset();
  const Json r = Json::parse(write_json(report));
  CHECK_FALSE(r.contains("shard"));
  const Json& tests = r["suites"][0]["tests"];
  CHECK_FALSE(tests[0].contains("reproduce"));  // a pass needs no rerun
  CHECK_FALSE(tests[0].contains("hint"));
  CHECK(tests[1]["failures"][1]["kind"] == "leak");
  CHECK_FALSE(tests[1]["failures"][1].contains("diff"));
  CHECK(tests[3]["status"] == "skipped");
  CHECK(tests[3].contains("reproduce"));
  CHECK(tests[4]["visibility"] == "hidden");
}

TEST_CASE("the JSON report writes whole scores as integers", "[report]") {
  const Json r = Json::parse(write_json(report_test::sample_report()));
  CHECK(r["ipcgrade"] == 1);
  CHECK(r["score"].is_number_float());
  CHECK(r["score"] == 4.5);
  CHECK(r["max_score"] == 9.5);
  const Json& msgq = r["suites"][1];
  CHECK(msgq["score"].is_number_integer());
  CHECK(msgq["score"] == 2);
  const std::string text = write_json(report_test::sample_report());
  CHECK(text.find("\"max_score\": 2,") != std::string::npos);
  CHECK(text.find("2.0") == std::string::npos);
}

TEST_CASE("the JSON report shows hostile bytes visibly", "[report]") {
  const std::string text = write_json(report_test::sample_report());
  CHECK(visible(text) == text);  // no raw control byte, valid UTF-8
  const Json r = Json::parse(text);
  const Json& bad = r["suites"][0]["tests"][5];
  CHECK(bad["name"] == "bad&name");
  CHECK(bad["failures"][0]["message"] ==
        "saw ]]> then \\x00 then \\x1b[31mred\\x1b[0m and \xEF\xBF\xBD\nsecond line");
  CHECK(text.back() == '\n');
}

TEST_CASE("make_writer knows the six formats", "[report]") {
  for (const char* format : {"json", "junit", "tap", "markdown", "gradescope", "html"})
    CHECK(make_writer(format, {true}) != nullptr);
  CHECK(make_writer("yaml") == nullptr);
  CHECK(make_writer("") == nullptr);
}

TEST_CASE("the JSON report lists what recorded processes were seen to use", "[report]") {
  RunReport report = report_test::sample_report();
  report.suites[0].tests[1].mechanisms = {
      {"sender", {{"kill:SIGKILL", 1}, {"sysv_msg", 4}}, {{"msgget", 1}, {"msgsnd", 3}}, {}}};
  const Json r = Json::parse(write_json(report));
  const Json& tests = r["suites"][0]["tests"];
  CHECK_FALSE(tests[0].contains("processes"));  // nothing was recorded there
  CHECK(tests[1]["processes"] ==
        Json::parse(R"([{"process": "sender", "mechanisms": {"kill:SIGKILL": 1, "sysv_msg": 4},
                         "calls": {"msgget": 1, "msgsnd": 3}}])"));
  CHECK(mechanisms_text(report.suites[0].tests[1].mechanisms[0]) ==
        "sender: kill:SIGKILL 1, sysv_msg 4; calls msgget 1, msgsnd 3");
}
