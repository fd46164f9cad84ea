// The scenario engine driven by the scripted fake launcher: ordering,
// conditions, timeouts, signals, captures and stdin scripts, without forking.
#include "exec/scenario.h"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <csignal>

#include "exec/fake_launcher.h"
#include "spec/loader.h"

using namespace ipcgrade;
using namespace ipcgrade::exec;
using namespace std::chrono_literals;

namespace {

struct Harness {
  explicit Harness(const std::string& tests) {
    auto loaded = spec::load_suite_text(
        "programs: [a, b]\ntests:\n" + tests, "/suites/fake/suite.yaml");
    for (const auto& d : loaded.diagnostics) FAIL(d.str());
    suite = std::move(*loaded.suite);
    env.scratch = "/nonexistent-scratch";
    env.vars = {{"scratch", "/nonexistent-scratch"}, {"key", "1234"}};
    env.resolve = [](const std::string& name, bool) {
      return ResolvedProgram{"/fake/" + name, std::nullopt, FailureKind::exit};
    };
  }
  ScenarioResult run() {
    bool interrupted = false;
    return run_scenario(io, fake, suite, suite.tests.front(), env, interrupted);
  }
  const FakeLaunch& launch_of(const std::string& program) const {
    for (const auto& l : fake.launches())
      if (l.request.exe.filename() == program) return l;
    FAIL("not launched: " + program);
    return fake.launches().front();
  }
  bool launched(const std::string& program) const {
    for (const auto& l : fake.launches())
      if (l.request.exe.filename() == program) return true;
    return false;
  }

  boost::asio::io_context io;
  FakeLauncher fake{io};
  spec::Suite suite;
  TestEnvironment env;
};

}  // namespace

TEST_CASE("steps run one after another", "[scenario]") {
  Harness h("  - name: t\n    steps: [{run: a}, {run: b}]\n");
  h.fake.program("a").waits(20ms).prints("one\n").exits(0);
  h.fake.program("b").prints("two\n").exits(0);
  const ScenarioResult r = h.run();
  REQUIRE(r.processes.size() == 2);
  CHECK(r.processes[0].out.text() == "one\n");
  CHECK(r.processes[1].out.text() == "two\n");
  CHECK(h.launch_of("b").started >= h.launch_of("a").exit->exited);
}

TEST_CASE("a process starts when another prints the awaited line, not before", "[scenario]") {
  Harness h(
      "  - name: t\n    processes:\n"
      "      server: {run: a}\n"
      "      client: {run: b, start: {when: {stdout_of: server, matches: '^ready$'}}}\n");
  h.fake.program("a").prints("starting\n").waits(30ms).prints("ready\n").reads_all().exits(0);
  h.fake.program("b").exits(0);
  const ScenarioResult r = h.run();
  CHECK(r.failures.empty());
  const auto& server = h.launch_of("a");
  CHECK(h.launch_of("b").started - server.started >= 30ms);
}

TEST_CASE("a condition that never comes true fails at the test's timeout, naming it",
          "[scenario]") {
  Harness h(
      "  - name: t\n    timeout: 100ms\n    processes:\n"
      "      server: {run: a}\n"
      "      client: {run: b, start: {when: {stdout_of: server, matches: '^ready$'}}}\n");
  h.fake.program("a").prints("booting\n").hangs();
  h.fake.program("b").exits(0);
  const ScenarioResult r = h.run();
  CHECK(r.test_timed_out);
  CHECK_FALSE(h.launched("b"));
  REQUIRE(r.processes[1].not_started);
  CHECK(r.processes[1].not_started_kind == FailureKind::timeout);
  CHECK(*r.processes[1].not_started ==
        "did not start: it waited for a line of the stdout of 'server' matching /^ready$/, "
        "which never came (the last line of 'server' was \"booting\")");
  CHECK(r.processes[0].stopped_at_timeout);
}

TEST_CASE("signals go out on output, one after another, in order", "[scenario]") {
  Harness h(
      "  - name: t\n    processes:\n"
      "      catcher:\n        run: a\n        signals:\n"
      "          - {send: SIGUSR1, when: {stdout: '^ready$'}}\n"
      "          - {send: SIGUSR2, after: 20ms}\n"
      "          - {send: SIGTERM, after: 20ms}\n");
  h.fake.program("a")
      .prints("ready\n")
      .waits_for_signal(SIGUSR1)
      .waits_for_signal(SIGUSR2)
      .waits_for_signal(SIGTERM)
      .exits(0);
  const ScenarioResult r = h.run();
  CHECK(r.failures.empty());
  const auto& signals = h.launch_of("a").signals;
  REQUIRE(signals.size() == 3);
  CHECK(signals[0].signo == SIGUSR1);
  CHECK(signals[1].signo == SIGUSR2);
  CHECK(signals[2].signo == SIGTERM);
  CHECK(signals[1].at - signals[0].at >= 20ms);
  CHECK(signals[2].at - signals[1].at >= 20ms);
}

TEST_CASE("a signal due after the process exited is reported, not dropped", "[scenario]") {
  Harness h(
      "  - name: t\n    processes:\n"
      "      p: {run: a, signals: [{send: SIGUSR1, at: 50ms}]}\n");
  h.fake.program("a").exits(0);
  const ScenarioResult r = h.run();
  REQUIRE(r.failures.size() == 1);
  CHECK(r.failures[0].kind == FailureKind::signal);
  CHECK(r.failures[0].message == "SIGUSR1 was not sent: a had already exited");
}

TEST_CASE("a captured value starts the process that uses it", "[scenario]") {
  Harness h(
      "  - name: t\n    processes:\n"
      "      master: {run: a, capture: {id: '^id=([0-9]+)$'}}\n"
      "      slave: {run: 'b ${id}'}\n");
  h.fake.program("a").waits(20ms).prints("id=42\n").waits(20ms).exits(0);
  h.fake.program("b").exits(0);
  const ScenarioResult r = h.run();
  CHECK(h.launch_of("b").request.argv == std::vector<std::string>{"b", "42"});
  CHECK(r.vars.at("id") == "42");
}

TEST_CASE("a stdin script writes, waits for a condition, and closes", "[scenario]") {
  Harness h(
      "  - name: t\n    processes:\n"
      "      echo: {run: a}\n"
      "      feeder:\n        run: b\n        stdin:\n"
      "          - {write: \"first\\n\"}\n"
      "          - {wait_for: {stdout_of: echo, matches: go}}\n"
      "          - {write: \"second\\n\"}\n");
  h.fake.program("a").waits(20ms).prints("go\n").exits(0);
  h.fake.program("b").reads_all().exits(0);
  const ScenarioResult r = h.run();
  const auto& feeder = h.launch_of("b");
  CHECK(feeder.stdin_data == "first\nsecond\n");
  CHECK(feeder.stdin_closed);
}

TEST_CASE("a process past its own timeout is stopped and judged for that", "[scenario]") {
  Harness h("  - name: t\n    steps: [{run: a, timeout: 50ms}]\n");
  h.fake.program("a").hangs();
  const ScenarioResult r = h.run();
  CHECK(r.processes[0].stopped_at_timeout);
  CHECK(r.processes[0].timeout_bound == 50ms);
  CHECK_FALSE(r.test_timed_out);
  REQUIRE_FALSE(h.launch_of("a").signals.empty());
  CHECK(h.launch_of("a").signals.front().signo == SIGTERM);
}

TEST_CASE("after_exit waits for the named process", "[scenario]") {
  Harness h(
      "  - name: t\n    processes:\n"
      "      second: {run: b, start: {after_exit: first}}\n"
      "      first: {run: a}\n");
  h.fake.program("a").waits(30ms).exits(0);
  h.fake.program("b").exits(0);
  h.run();
  CHECK(h.launch_of("b").started >= h.launch_of("a").exit->exited);
}

// ---- prepared starts (issue 3: within 2 ms of the condition) ----

TEST_CASE("a process waiting for a line is prepared at the start and released on the line",
          "[scenario][park]") {
  Harness h(
      "  - name: t\n    processes:\n"
      "      server: {run: a}\n"
      "      client: {run: b, start: {when: {stdout_of: server, matches: '^ready$'}}}\n");
  h.fake.program("a").prints("starting\n").waits(30ms).prints("ready\n").reads_all().exits(0);
  h.fake.program("b").prints("hi\n").exits(0);
  const ScenarioResult r = h.run();
  CHECK(r.failures.empty());
  REQUIRE(h.fake.prepared().size() == 1);
  const FakePrepared& prepared = h.fake.prepared().front();
  CHECK(prepared.request.exe == "/fake/b");
  const auto& server = h.launch_of("a");
  CHECK(prepared.prepared <= server.started);  // made before anything ran
  REQUIRE(prepared.released);
  CHECK(*prepared.released - server.started >= 30ms);  // not before the line
  CHECK(h.launch_of("b").started == *prepared.released);
  CHECK_FALSE(prepared.dropped);
  CHECK(r.processes[1].out.text() == "hi\n");
  CHECK(r.processes[1].wait_status == 0);
  CHECK_FALSE(r.processes[1].not_started);
}

TEST_CASE("a prepared process whose condition never comes true is dropped, never run",
          "[scenario][park]") {
  Harness h(
      "  - name: t\n    timeout: 200ms\n    processes:\n"
      "      server: {run: a}\n"
      "      client: {run: b, start: {when: {stdout_of: server, matches: '^ready$'}}}\n");
  h.fake.program("a").prints("starting\n").hangs();
  h.fake.program("b").prints("should not\n").exits(0);
  const ScenarioResult r = h.run();
  REQUIRE(h.fake.prepared().size() == 1);
  CHECK_FALSE(h.fake.prepared().front().released);
  CHECK(h.fake.prepared().front().dropped);
  CHECK_FALSE(h.launched("b"));
  REQUIRE(r.processes[1].not_started);
  CHECK(r.processes[1].not_started->rfind("did not start: it waited for", 0) == 0);
  CHECK(r.processes[1].out.text().empty());
  CHECK(r.processes[1].pid == 0);
}

TEST_CASE("prepared or not, the verdicts are the same", "[scenario][park]") {
  const std::string tests =
      "  - name: t\n    timeout: 300ms\n    processes:\n"
      "      server: {run: a}\n"
      "      client: {run: b, start: {when: {stdout_of: server, matches: '^ready$'}}}\n"
      "      late: {run: b, start: {after_exit: client}}\n"
      "      never: {run: b, start: {when: {stdout_of: server, matches: '^never$'}}}\n";
  auto outcome = [&](bool prepares) {
    Harness h(tests);
    h.fake.prepares(prepares);
    h.fake.program("a").prints("ready\n").waits(20ms).exits(0);
    h.fake.program("b").prints("b\n").exits(3);
    const ScenarioResult r = h.run();
    CHECK(h.fake.prepared().size() == (prepares ? 3u : 0u));
    std::vector<std::string> seen;
    for (const auto& f : r.failures) seen.push_back(f.process + ": " + f.message);
    for (const auto& p : r.processes)
      seen.push_back(p.id + " " + p.out.text() + " " + std::to_string(p.wait_status) + " " +
                     p.not_started.value_or("started"));
    return seen;
  };
  const auto prepared = outcome(true);
  const auto launched = outcome(false);
  CHECK(prepared == launched);
  CHECK(std::find(launched.begin(), launched.end(), "never  0 started") == launched.end());
}
