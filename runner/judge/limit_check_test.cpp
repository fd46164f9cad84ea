#include "judge/limit_check.h"

#include <catch2/catch.hpp>
#include <csignal>

namespace ipcgrade {
namespace {

// One observed process, in a vector as a run has them (observations are
// move-only).
std::vector<ProcessObservation> one(std::string id, std::string program, int wait_status,
                                    bool stopped_at_timeout = false) {
  std::vector<ProcessObservation> out(1);
  out[0].id = std::move(id);
  out[0].program = std::move(program);
  out[0].wait_status = wait_status;
  out[0].stopped_at_timeout = stopped_at_timeout;
  return out;
}

constexpr int kKilled = SIGKILL;  // a wait status: killed by SIGKILL
constexpr int kExited1 = 1 << 8;  // a wait status: exit(1)

}  // namespace

TEST_CASE("no limit hit leaves the failures alone", "[limits]") {
  const std::vector<Failure> failures{{FailureKind::exit, "relay", "exited with status 1", ""}};
  const auto out = explain_limits(failures, {}, one("relay", "pipe_relay", kExited1), true);
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "exited with status 1");
}

TEST_CASE("an OOM kill replaces the failures it caused with one limit", "[limits]") {
  const std::vector<Failure> failures{
      {FailureKind::exit, "relay", "was killed by SIGKILL, expected exit status 0", ""},
      {FailureKind::output, "relay", "expected no output", ""},
      {FailureKind::leak, "", "POSIX shared memory \"/x\" was not removed", ""},
      {FailureKind::mechanism, "relay", "did not use a pipe", ""},
      {FailureKind::internal, "", "cannot remove /x", ""}};
  LimitsHit hit;
  hit.memory = true;
  hit.memory_limit = 512ull << 20;
  const auto out = explain_limits(failures, hit, one("relay", "pipe_relay", kKilled), true);
  REQUIRE(out.size() == 2);
  CHECK(out[0].kind == FailureKind::limit);
  CHECK(out[0].process == "relay");
  CHECK(out[0].message ==
        "the test's processes together tried to use more than 512 MiB of memory "
        "(limits.memory), and the kernel killed pipe_relay");
  CHECK(out[1].kind == FailureKind::internal);
}

TEST_CASE("a fork bomb's timeout becomes a processes limit", "[limits]") {
  const std::vector<Failure> failures{
      {FailureKind::timeout, "relay", "pipe_relay did not finish within 5s and was stopped", ""},
      {FailureKind::orphan, "", "process 'pipe_relay' was still running after the test", ""}};
  LimitsHit hit;
  hit.processes = true;
  hit.processes_limit = 64;
  const auto out = explain_limits(failures, hit, one("relay", "pipe_relay", kKilled, true), true);
  REQUIRE(out.size() == 1);
  CHECK(out[0].kind == FailureKind::limit);
  CHECK(out[0].process == "relay");
  CHECK(out[0].message ==
        "the test's processes tried to run more than 64 processes at once (limits.processes), "
        "and fork() failed: is fork() called in a loop without an end?");
}

TEST_CASE("a reference-only test's limit is the reference's", "[limits]") {
  const std::vector<Failure> failures{
      {FailureKind::reference, "relay", "the reference build failed this test: [exit] ...", ""}};
  LimitsHit hit;
  hit.memory = true;
  hit.memory_limit = 1ull << 30;
  const auto out = explain_limits(failures, hit, one("relay", "pipe_relay", kExited1), false);
  REQUIRE(out.size() == 1);
  CHECK(out[0].kind == FailureKind::reference);
  CHECK(out[0].message ==
        "the reference build failed this test: [limit] the test's processes together tried to "
        "use more than 1 GiB of memory (limits.memory), and the kernel killed one of them");
}

TEST_CASE("sizes read as people write them", "[limits]") {
  CHECK(size_text(1ull << 30) == "1 GiB");
  CHECK(size_text(48ull << 20) == "48 MiB");
  CHECK(size_text(4096) == "4 KiB");
  CHECK(size_text(1000) == "1000 bytes");
}

}  // namespace ipcgrade
