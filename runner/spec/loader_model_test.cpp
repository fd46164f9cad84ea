// Complete suites load into the model values they describe.
#include <catch2/catch.hpp>
#include <csignal>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

using namespace std::chrono_literals;

// The example of spec-format.md, as written there.
const char* const kFormatExample =
    R"(suite: msgq-sysv                    # id; defaults to the folder name
title: System V message queues
programs: [msgq_sender, msgq_receiver]   # what a submission must provide
# an item may also carry checks for every run of that program:
#   programs: [msgq_sender, {msgq_receiver: {uses: [sysv_msg]}}]
helpers: [slow_writer]              # test-only tools, always built from reference/
build: auto       # Makefile if present, else `cc ... -o NAME NAME.c` per program
defaults:
  timeout: 5s
  kill_grace: 200ms                 # SIGTERM -> this -> SIGKILL
  limits: {cpu: 5s, memory: 512MiB, processes: 64, output: 8MiB, file_size: 64MiB, open_files: 256}
  leaks: forbid   # any IPC object, FIFO, socket file or process left fails
tests:
  - name: receiver prints every message then removes the queue
    points: 2
    hint: Did the receiver call msgctl(IPC_RMID)?
    processes:
      receiver:
        run: msgq_receiver ${key}
        stdout: {lines: ["Receive: this", "Receive: is", "Receive: end"]}
      sender:
        run: msgq_sender ${key}
        start: {after: 50ms}
        stdin: "this\nis\nend\n"
)";

Suite load_ok(const std::string& yaml, const std::string& file = "suites/x/suite.yaml") {
  LoadResult result = load_suite_text(yaml, file);
  for (const Diagnostic& d : result.diagnostics) UNSCOPED_INFO(d.str());
  REQUIRE(result.diagnostics.empty());
  REQUIRE(result.suite);
  return *result.suite;
}

TEST_CASE("the format's example suite loads as documented", "[spec]") {
  const Suite suite = load_ok(kFormatExample);
  CHECK(suite.id == "msgq-sysv");
  CHECK(suite.title == "System V message queues");
  REQUIRE(suite.programs.size() == 2);
  CHECK(suite.programs[1].name == "msgq_receiver");
  CHECK(suite.programs[1].uses.empty());
  CHECK(suite.helpers == std::vector<std::string>{"slow_writer"});
  CHECK(suite.build == "auto");
  CHECK(suite.defaults.timeout == 5s);
  CHECK(suite.defaults.kill_grace == 200ms);
  const Limits& limits = suite.defaults.limits;
  CHECK(limits.cpu == Duration(5000));
  CHECK(limits.memory == 512ull << 20);
  CHECK(limits.processes == 64u);
  CHECK(limits.output == 8ull << 20);
  CHECK(limits.file_size == 64ull << 20);
  CHECK(limits.open_files == 256u);
  CHECK(suite.defaults.leaks.mode == LeakPolicy::Mode::forbid);

  REQUIRE(suite.tests.size() == 1);
  const TestSpec& test = suite.tests[0];
  CHECK(test.name == "receiver prints every message then removes the queue");
  CHECK(test.points == 2);
  CHECK(test.hint == "Did the receiver call msgctl(IPC_RMID)?");
  CHECK_FALSE(test.sequential);
  CHECK(test.pos.line == 14);
  REQUIRE(test.processes.size() == 2);
  const ProcessSpec& receiver = test.processes[0];
  CHECK(receiver.id == "receiver");
  CHECK(receiver.run == std::vector<std::string>{"msgq_receiver", "${key}"});
  REQUIRE(receiver.stdout_matchers.size() == 1);
  const Matcher& lines = receiver.stdout_matchers[0];
  CHECK(lines.kind == Matcher::Kind::lines);
  REQUIRE(lines.lines.size() == 3);
  CHECK(lines.lines[2].text == "Receive: end");
  CHECK_FALSE(lines.lines[2].is_regex);
  CHECK(receiver.exit.kind == ExitExpect::Kind::codes);
  CHECK(receiver.exit.codes == std::vector<int>{0});
  const ProcessSpec& sender = test.processes[1];
  CHECK(sender.id == "sender");
  CHECK(sender.start.after == 50ms);
  CHECK(sender.stdin_spec.kind == StdinSpec::Kind::text);
  CHECK(sender.stdin_spec.text == "this\nis\nend\n");
}

TEST_CASE("the suite id defaults to the folder of a suite.yaml, else the file's stem", "[spec]") {
  CHECK(load_ok("tests: []\n", "suites/pipes/suite.yaml").id == "pipes");
  CHECK(load_ok("tests: []\n", "extra/fifo-more.yaml").id == "fifo-more");
}

TEST_CASE("programs may carry uses and not_uses", "[spec]") {
  const Suite suite = load_ok(
      "programs: [a, {b: {uses: [sysv_msg], not_uses: {calls: {msgsnd: \">= 2\"}}}}, {c: }]\n"
      "tests: []\n");
  REQUIRE(suite.programs.size() == 3);
  CHECK(suite.programs[1].name == "b");
  CHECK(suite.programs[1].uses.mechanisms == std::vector<std::string>{"sysv_msg"});
  CHECK(suite.programs[1].not_uses.calls == std::map<std::string, std::string>{{"msgsnd", ">=2"}});
  CHECK(suite.programs[2].name == "c");
}

TEST_CASE("kill and signal_handler take signals, kept as kill:SIGNAME", "[spec]") {
  const Suite suite = load_ok(
      "programs: [{k: {uses: [fork, {kill: KILL}, {signal_handler: [SIGUSR1, INT]}]}}]\n"
      "tests: []\n");
  REQUIRE(suite.programs.size() == 1);
  CHECK(suite.programs[0].uses.mechanisms ==
        std::vector<std::string>{"fork", "kill:SIGKILL", "signal_handler:SIGUSR1",
                                 "signal_handler:SIGINT"});
}

}  // namespace
}  // namespace ipcgrade::spec
