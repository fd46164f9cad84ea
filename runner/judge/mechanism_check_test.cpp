// Mechanism failures from hand-made evidence: what the test asked against
// what the kernel showed.
#include "judge/mechanism_check.h"

#include <catch2/catch.hpp>

namespace ipcgrade {
namespace {

ProcessObservation seen_with(std::map<std::string, std::int64_t> mechanisms,
                             std::map<std::string, std::int64_t> calls = {}) {
  ProcessObservation seen;
  seen.id = "sender";
  seen.program = "msgq_sender";
  seen.evidence.recorded = true;
  seen.evidence.mechanisms = std::move(mechanisms);
  seen.evidence.calls = std::move(calls);
  return seen;
}

mechanism::Demand uses(std::vector<std::string> mechanisms,
                       std::map<std::string, std::string> calls = {}) {
  mechanism::Demand demand;
  demand.uses.mechanisms = std::move(mechanisms);
  demand.uses.calls = std::move(calls);
  return demand;
}

}  // namespace

TEST_CASE("a mechanism used passes, one missing fails with kind mechanism", "[judge]") {
  CHECK(check_mechanisms(uses({"sysv_msg"}), seen_with({{"sysv_msg", 3}})).empty());
  const auto failures = check_mechanisms(uses({"sysv_msg"}), seen_with({{"pipe", 1}}));
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].kind == FailureKind::mechanism);
  CHECK(failures[0].process == "sender");
  CHECK(failures[0].message ==
        "msgq_sender never used a System V message queue (msgget(), msgsnd(), msgrcv()): this "
        "assignment passes messages through a System V message queue");
}

TEST_CASE("call bounds in uses and not_uses", "[judge]") {
  const auto missing =
      check_mechanisms(uses({}, {{"msgsnd", ">=1"}}), seen_with({}, {{"msgget", 1}}));
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].message ==
        "msgq_sender never sent a message with msgsnd(): this assignment passes messages "
        "through a System V message queue");
  CHECK(check_mechanisms(uses({}, {{"msgsnd", ">=1"}}), seen_with({}, {{"msgsnd", 2}})).empty());
  mechanism::Demand forbid;
  forbid.not_uses.calls = {{"msgsnd", ">=2"}};
  CHECK(check_mechanisms(forbid, seen_with({}, {{"msgsnd", 1}})).empty());
  const auto too_many = check_mechanisms(forbid, seen_with({}, {{"msgsnd", 2}}));
  REQUIRE(too_many.size() == 1);
  CHECK(too_many[0].message ==
        "msgq_sender called msgsnd() 2 times, which this test does not allow (>=2)");
}

TEST_CASE("a call bound of a mechanism never used is not a second failure", "[judge]") {
  const auto failures =
      check_mechanisms(uses({"sysv_msg"}, {{"msgsnd", ">=5"}}), seen_with({{"pipe", 1}}));
  REQUIRE(failures.size() == 1);
  CHECK_THAT(failures[0].message, Catch::Contains("never used a System V message queue"));
  // The mechanism used, too few calls: the bound speaks.
  const auto few = check_mechanisms(uses({"sysv_msg"}, {{"msgsnd", ">=5"}}),
                                    seen_with({{"sysv_msg", 3}}, {{"msgsnd", 2}}));
  REQUIRE(few.size() == 1);
  CHECK_THAT(few[0].message, Catch::Contains("msgsnd()"));
}

TEST_CASE("not_uses names the calls that gave the forbidden mechanism away", "[judge]") {
  mechanism::Demand demand;
  demand.not_uses.mechanisms = {"pipe", "fifo"};
  const auto failures = check_mechanisms(demand, seen_with({{"pipe", 1}}, {{"pipe2", 1}}));
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].kind == FailureKind::mechanism);
  CHECK(failures[0].message ==
        "msgq_sender used an anonymous pipe (pipe2: 1), which this test does not allow");
}

TEST_CASE("per-signal forms count only their signal", "[judge]") {
  const auto seen = seen_with({{"kill", 1}, {"kill:SIGTERM", 1}});
  CHECK(check_mechanisms(uses({"kill"}), seen).empty());
  const auto failures = check_mechanisms(uses({"kill:SIGKILL"}), seen);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].message ==
        "msgq_sender never sent SIGKILL with kill(): this assignment sends signals with kill()");
}

TEST_CASE("no evidence, no judgement: unrecorded, never started, or stopped by the runner",
          "[judge]") {
  ProcessObservation unrecorded = seen_with({});
  unrecorded.evidence.recorded = false;
  unrecorded.evidence.unavailable = "the kernel has no seccomp user notification";
  CHECK(check_mechanisms(uses({"sysv_msg"}), unrecorded).empty());
  ProcessObservation timed_out = seen_with({});
  timed_out.stopped_at_timeout = true;
  CHECK(check_mechanisms(uses({"sysv_msg"}), timed_out).empty());
  ProcessObservation limited = seen_with({});
  limited.limit_hit = "output";
  CHECK(check_mechanisms(uses({"sysv_msg"}), limited).empty());
  CHECK(check_mechanisms(mechanism::Demand{}, seen_with({})).empty());
}

TEST_CASE("a call that cannot be recorded is the suite's mistake", "[judge]") {
  const auto failures = check_mechanisms(uses({}, {{"sendmsg", ">=1"}}), seen_with({}));
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].kind == FailureKind::spec);
  CHECK_THAT(failures[0].message,
             Catch::StartsWith("'sendmsg' is not a system call ipcgrade records; it records "));
}

TEST_CASE("program-level uses join the process's own", "[judge]") {
  spec::Suite suite;
  suite.programs = {{"msgq_sender", {{"sysv_msg"}, {}}, {}}, {"other", {{"pipe"}, {}}, {}}};
  spec::ProcessSpec process;
  process.run = {"msgq_sender", "1234"};
  process.uses.mechanisms = {"fork"};
  const mechanism::Demand demand = mechanism::demand_of(suite, process);
  CHECK(demand.uses.mechanisms == std::vector<std::string>{"fork", "sysv_msg"});
  process.run = {"third"};
  CHECK(mechanism::demand_of(suite, process).uses.mechanisms == std::vector<std::string>{"fork"});
}

}  // namespace ipcgrade
