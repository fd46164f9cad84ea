// The gradebook CSV (RFC 4180) and the class summary, from hand-made class
// reports.
#include "app/gradebook.h"

#include <catch2/catch.hpp>

#include "app/class_results.h"
#include "app/class_summary.h"

using namespace ipcgrade;

namespace {

TestResult result(const std::string& name, double points, std::vector<Failure> failures = {}) {
  TestResult t;
  t.name = name;
  t.max_score = points;
  t.failures = std::move(failures);
  settle(t);
  return t;
}

Failure output_failure(const std::string& message) {
  return {FailureKind::output, "relay", message, ""};
}

// Three students, two suites; carol's pipes suite did not run "big".
RunReport sample_class() {
  RunReport klass;
  klass.suites = {
      {"pipes", "", "alice", 0, 0, {result("small", 1), result("big", 2)}},
      {"fifo", "", "alice", 0, 0, {result("cleanup", 1)}},
      {"pipes",
       "",
       "bob",
       0,
       0,
       {result("small", 1, {output_failure("stdout did not match")}),
        result("big", 2, {output_failure("saw 3 bytes")})}},
      {"fifo", "", "bob", 0, 0, {result("cleanup", 1, {{FailureKind::leak, "", "FIFO left", ""}})}},
      {"pipes",
       "",
       "carol, \"the\" =1",
       0,
       0,
       {result("small", 1, {output_failure("stdout did not match")})}},
      {"fifo", "", "carol, \"the\" =1", 0, 0, {result("cleanup", 1)}},
  };
  total(klass);
  return klass;
}

}  // namespace

TEST_CASE("CSV fields are quoted only when RFC 4180 needs it", "[app]") {
  CHECK(csv_field("plain text") == "plain text");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
  CHECK(csv_field("") == "");
  CHECK(csv_row({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
}

TEST_CASE("a submission name that a spreadsheet would run as a formula is defused", "[app]") {
  CHECK(name_cell("alice") == "alice");
  CHECK(name_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")");
  CHECK(name_cell("+1") == "'+1");
  CHECK(name_cell("-x") == "'-x");
  CHECK(name_cell("@sum") == "'@sum");
  CHECK(name_cell("a\x1b") == "a\\x1b");
}

TEST_CASE("the gradebook has a row per submission and a column per suite/test", "[app]") {
  CHECK(gradebook_csv(sample_class()) ==
        "submission,score,max_score,pipes/small,pipes/big,fifo/cleanup\r\n"
        "alice,4,4,1,2,1\r\n"
        "bob,0,4,0,0,0\r\n"
        "\"carol, \"\"the\"\" =1\",1,2,0,,1\r\n");
}

TEST_CASE("with one suite, gradebook columns are the test names", "[app]") {
  RunReport klass;
  klass.suites = {{"pipes", "", "alice", 0, 0, {result("small", 1), result("big, slow", 2.5)}}};
  total(klass);
  CHECK(gradebook_csv(klass) ==
        "submission,score,max_score,small,\"big, slow\"\r\nalice,3.5,3.5,1,2.5\r\n");
  CHECK(gradebook_csv(RunReport{}) == "submission,score,max_score\r\n");
}

TEST_CASE("the summary gives each test's pass rate and most common failure", "[app]") {
  const std::string summary = class_summary(sample_class());
  CHECK(summary ==
        "# Class summary\n\n"
        "3 submissions graded; mean score 1.67/4.\n\n"
        "| test | points | passed | pass rate | most common failure |\n"
        "| --- | ---: | ---: | ---: | --- |\n"
        "| pipes/small | 1 | 1/3 | 33% | `output` (2): stdout did not match |\n"
        "| pipes/big | 2 | 1/2 | 50% | `output` (1): saw 3 bytes |\n"
        "| fifo/cleanup | 1 | 2/3 | 67% | `leak` (1): FIFO left |\n");
}
