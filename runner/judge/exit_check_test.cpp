#include "judge/exit_check.h"

#include <catch2/catch.hpp>
#include <csignal>

using ipcgrade::check_exit;
using ipcgrade::FailureKind;
namespace spec = ipcgrade::spec;
using ExitKind = spec::ExitExpect::Kind;

namespace {

// Raw wait statuses as wait4 gives them.
int exited(int code) { return code << 8; }
int killed(int signo) { return signo; }

spec::ExitExpect expect_codes(std::vector<int> codes) {
  spec::ExitExpect e;
  e.codes = std::move(codes);
  return e;
}

spec::ExitExpect expect(ExitKind kind, int signo = 0) {
  spec::ExitExpect e;
  e.kind = kind;
  e.signal = signo;
  return e;
}

// "kind: message", or "ok".
std::string judged(const spec::ExitExpect& e, int status) {
  const auto failure = check_exit(e, status, "receiver");
  if (!failure) return "ok";
  CHECK(failure->process == "receiver");
  CHECK(failure->diff.empty());
  return std::string(ipcgrade::to_string(failure->kind)) + ": " + failure->message;
}

}  // namespace

TEST_CASE("an expected exit status passes, another is kind exit", "[judge]") {
  CHECK(judged(spec::ExitExpect{}, exited(0)) == "ok");
  CHECK(judged(spec::ExitExpect{}, exited(1)) == "exit: exited with status 1, expected 0");
  CHECK(judged(expect_codes({0, 2}), exited(2)) == "ok");
  CHECK(judged(expect_codes({0, 2}), exited(1)) ==
        "exit: exited with status 1, expected one of 0, 2");
  CHECK(judged(expect(ExitKind::nonzero), exited(3)) == "ok");
  CHECK(judged(expect(ExitKind::nonzero), exited(0)) ==
        "exit: exited with status 0, expected a nonzero exit status");
  CHECK(judged(expect(ExitKind::any), exited(255)) == "ok");
}

TEST_CASE("crash signals are kind crash, with a short explanation", "[judge]") {
  CHECK(judged(spec::ExitExpect{}, killed(SIGSEGV)) ==
        "crash: crashed with SIGSEGV (segmentation fault)");
  CHECK(judged(spec::ExitExpect{}, killed(SIGABRT)) ==
        "crash: crashed with SIGABRT (aborted: abort() or a failed assert())");
  CHECK(judged(spec::ExitExpect{}, killed(SIGFPE)) ==
        "crash: crashed with SIGFPE (arithmetic error, e.g. division by zero)");
  for (int signo : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP}) {
    const auto failure = check_exit(expect(ExitKind::any), killed(signo), "p");
    REQUIRE(failure);
    CHECK(failure->kind == FailureKind::crash);
  }
  CHECK_FALSE(ipcgrade::crash_description(SIGTERM).has_value());
}

TEST_CASE("other unexpected signals are kind exit", "[judge]") {
  CHECK(judged(spec::ExitExpect{}, killed(SIGTERM)) ==
        "exit: was killed by SIGTERM, expected exit status 0");
  CHECK(judged(expect_codes({0, 1, 2}), killed(SIGKILL)) ==
        "exit: was killed by SIGKILL, expected exit status 0, 1 or 2");
  CHECK(judged(expect(ExitKind::nonzero), killed(SIGPIPE)) ==
        "exit: was killed by SIGPIPE (it wrote to a pipe or socket that nobody reads), expected "
        "a nonzero exit status");
  CHECK(judged(expect(ExitKind::any), killed(SIGTERM)) == "ok");
}

TEST_CASE("an expected death by signal", "[judge]") {
  CHECK(judged(expect(ExitKind::signal, SIGINT), killed(SIGINT)) == "ok");
  CHECK(judged(expect(ExitKind::signal, SIGABRT), killed(SIGABRT)) == "ok");
  CHECK(judged(expect(ExitKind::signal, SIGINT), exited(0)) ==
        "exit: exited with status 0, expected to be killed by SIGINT");
  CHECK(judged(expect(ExitKind::signal, SIGINT), killed(SIGTERM)) ==
        "exit: was killed by SIGTERM, expected to be killed by SIGINT");
  CHECK(judged(expect(ExitKind::signal, SIGINT), killed(SIGSEGV)) ==
        "crash: crashed with SIGSEGV (segmentation fault)");
}
