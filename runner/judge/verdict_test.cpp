#include "judge/verdict.h"

#include <catch2/catch.hpp>

using namespace ipcgrade;

TEST_CASE("failure kinds are one table indexed by the enum", "[verdict]") {
  for (std::size_t i = 0; i < kFailureKinds.size(); ++i) {
    CHECK(static_cast<std::size_t>(kFailureKinds[i].kind) == i);
    CHECK(failure_kind_from(kFailureKinds[i].name) == kFailureKinds[i].kind);
  }
  CHECK_FALSE(failure_kind_from("bogus").has_value());
}

TEST_CASE("a test's status and score follow its failures", "[verdict]") {
  TestResult t;
  t.max_score = 2;
  settle(t);
  CHECK(t.status == Status::pass);
  CHECK(t.score == 2);

  t.failures.push_back({FailureKind::output, "p", "differs", ""});
  settle(t);
  CHECK(t.status == Status::fail);
  CHECK(t.score == 0);

  t.failures.push_back({FailureKind::internal, "", "pipe failed", ""});
  settle(t);
  CHECK(t.status == Status::error);
}

TEST_CASE("run totals add every suite's tests", "[verdict]") {
  RunReport r;
  r.suites.resize(2);
  r.suites[0].tests = {TestResult{}, TestResult{}};
  r.suites[0].tests[0].score = 1;
  r.suites[1].tests = {TestResult{}};
  r.suites[1].tests[0].max_score = 3;
  r.suites[1].tests[0].score = 3;
  total(r);
  CHECK(r.suites[0].score == 1);
  CHECK(r.suites[0].max_score == 2);
  CHECK(r.score == 4);
  CHECK(r.max_score == 5);
}
