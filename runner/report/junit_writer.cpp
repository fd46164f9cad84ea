// JUnit XML as the Surefire schema reads it: one <testsuite> per suite
// result, one <testcase> per test, times in seconds with three decimals.
// pugixml does the escaping; visible() has already turned the bytes XML 1.0
// cannot carry at all (NUL and other control bytes) into `\xNN`, so no
// CDATA is needed and `]]>` is plain text.
#include <array>
#include <pugixml.hpp>

#include "judge/visible.h"
#include "report/formats.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

// The child element of <testcase> for each status, indexed by Status;
// a pass has none.
constexpr std::array<const char*, 4> kOutcomeElement{nullptr, "failure", "error", "skipped"};

void set_counts(pugi::xml_node node, int tests, int failures, int errors, int skipped,
                std::int64_t ms) {
  node.append_attribute("tests") = tests;
  node.append_attribute("failures") = failures;
  node.append_attribute("errors") = errors;
  node.append_attribute("skipped") = skipped;
  node.append_attribute("time") = seconds_text(ms).c_str();
}

void add_outcome(pugi::xml_node testcase, const TestResult& test) {
  const char* element = kOutcomeElement[static_cast<std::size_t>(test.status)];
  if (element == nullptr) return;
  pugi::xml_node outcome = testcase.append_child(element);
  if (!test.failures.empty()) {
    const Failure& first = test.failures.front();
    outcome.append_attribute("message") = first_line(visible(first.message)).c_str();
    outcome.append_attribute("type") = std::string(to_string(first.kind)).c_str();
  }
  if (test.status == Status::skipped) return;
  outcome.text().set(failure_details(test).c_str());
}

void add_suite(pugi::xml_node testsuites, const SuiteResult& suite) {
  std::int64_t ms = 0;
  for (const auto& test : suite.tests) ms += test.duration_ms;
  const std::string name = visible(suite.suite);
  pugi::xml_node node = testsuites.append_child("testsuite");
  node.append_attribute("name") = name.c_str();
  set_counts(node, static_cast<int>(suite.tests.size()), count_status(suite, Status::fail),
             count_status(suite, Status::error), count_status(suite, Status::skipped), ms);
  for (const auto& test : suite.tests) {
    pugi::xml_node testcase = node.append_child("testcase");
    testcase.append_attribute("name") = visible(test.name).c_str();
    testcase.append_attribute("classname") = name.c_str();
    testcase.append_attribute("time") = seconds_text(test.duration_ms).c_str();
    add_outcome(testcase, test);
  }
}

class JunitWriter final : public ReportWriter {
 public:
  void write(const RunReport& report, std::ostream& out) const override {
    pugi::xml_document doc;
    pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    pugi::xml_node root = doc.append_child("testsuites");
    root.append_attribute("name") = "ipcgrade";
    int tests = 0;
    for (const auto& suite : report.suites) tests += static_cast<int>(suite.tests.size());
    set_counts(root, tests, count_status(report, Status::fail), count_status(report, Status::error),
               count_status(report, Status::skipped), report.duration_ms);
    for (const auto& suite : report.suites) add_suite(root, suite);
    doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  }
};

}  // namespace

std::unique_ptr<ReportWriter> make_junit_writer(WriterOptions) {
  return std::make_unique<JunitWriter>();
}

}  // namespace ipcgrade
