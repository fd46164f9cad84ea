#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"
#include "report/writer.h"

using namespace ipcgrade;

namespace {

std::string write_junit(const RunReport& report) { return report_test::render("junit", report); }

pugi::xml_node testcase(const pugi::xml_document& doc, const char* name) {
  return doc.child("testsuites")
      .find_child_by_attribute("testsuite", "name", "pipe-relay")
      .find_child_by_attribute("testcase", "name", name);
}

}  // namespace

TEST_CASE("the JUnit report matches its golden file", "[report]") {
  report_test::check_golden("report.junit.xml", write_junit(report_test::sample_report()));
}

TEST_CASE("the JUnit report parses back with its counts and times", "[report]") {
  const std::string text = write_junit(report_test::sample_report());
  pugi::xml_document doc;
  REQUIRE(doc.load_string(text.c_str()).status == pugi::status_ok);
  const pugi::xml_node root = doc.child("testsuites");
  CHECK(std::string(root.attribute("name").value()) == "ipcgrade");
  CHECK(root.attribute("tests").as_int() == 7);
  CHECK(root.attribute("failures").as_int() == 2);
  CHECK(root.attribute("errors").as_int() == 1);
  CHECK(root.attribute("skipped").as_int() == 1);
  CHECK(std::string(root.attribute("time").value()) == "2.900");
  const pugi::xml_node suite = root.child("testsuite");
  CHECK(std::string(suite.attribute("name").value()) == "pipe-relay");
  CHECK(suite.attribute("tests").as_int() == 6);
  CHECK(std::string(suite.attribute("time").value()) == "2.875");
  const pugi::xml_node relay = testcase(doc, "relays 32 MiB byte for byte");
  CHECK(std::string(relay.attribute("classname").value()) == "pipe-relay");
  CHECK(std::string(relay.attribute("time").value()) == "0.812");
}

TEST_CASE("a JUnit failure lists every failure, the hint and the command", "[report]") {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(write_junit(report_test::sample_report()).c_str()));
  const pugi::xml_node failure = testcase(doc, "relays 32 MiB byte for byte").child("failure");
  CHECK(std::string(failure.attribute("type").value()) == "output");
  CHECK(std::string(failure.attribute("message").value()) ==
        "stdout did not match: expected 33554432 bytes, saw 33554431");
  CHECK(std::string(failure.text().get()) ==
        "[output] relay: stdout did not match: expected 33554432 bytes, saw 33554431\n"
        "--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n line 1\n-line 2\n+line 2 \n"
        "[leak] relay: FIFO /tmp/relay.fifo was left behind\n"
        "hint: Does the relay loop handle short writes?\n"
        "reproduce: ipcgrade run suites/pipe-relay --submission students/alice"
        " --filter '^relays 32 MiB byte for byte$'\n");
  const pugi::xml_node error = testcase(doc, "stops on SIGTERM").child("error");
  CHECK(std::string(error.attribute("type").value()) == "spec");
  CHECK(std::string(error.text().get()).rfind("[spec] variable PORT is not set\n", 0) == 0);
  CHECK(testcase(doc, "uses splice").child("skipped"));
  CHECK_FALSE(testcase(doc, "relays a short line").first_child());
}

TEST_CASE("the JUnit report stays valid XML with hostile bytes", "[report]") {
  const std::string text = write_junit(report_test::sample_report());
  CHECK(visible(text) == text);  // no raw control byte, valid UTF-8
  CHECK(text.find("CDATA") == std::string::npos);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(text.c_str()));
  const pugi::xml_node failure = testcase(doc, "bad&name").child("failure");
  REQUIRE(failure);
  CHECK(std::string(failure.attribute("message").value()) ==
        "saw ]]> then \\x00 then \\x1b[31mred\\x1b[0m and \xEF\xBF\xBD");
  const std::string details = failure.text().get();
  CHECK(details.find("[output] <reader>: saw ]]> then \\x00") == 0);
  CHECK(details.find("\nsecond line\nhint: Quote \"it\" & <escape> it\n") != std::string::npos);
}
