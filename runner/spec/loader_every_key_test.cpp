// A suite that uses every key of the format once loads into exactly the
// model values it describes.
#include <catch2/catch.hpp>
#include <csignal>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

const char* const kEveryKey = R"yaml(suite: everything
title: Every key once
programs: [prod, {cons: {uses: [posix_shm], not_uses: [sysv_shm]}}]
helpers: [slow_writer]
build: make
defaults:
  timeout: 10s
  kill_grace: 1.5s
  limits: {cpu: 2m, memory: 1GiB, processes: 32, output: 64KiB, file_size: 4096, open_files: 64}
  leaks: {allow: [zombie, posix_mq]}
tests:
  - name: all process keys
    points: 0.5
    visibility: after_due_date
    tags: [shm, slow]
    hint: Look at the semaphores.
    timeout: 20s
    repeat: 3
    leaks: allow
    files:
      input.txt: "line ${test}\n"
      run.sh: {content: "#!/bin/sh\n", mode: 0755}
      pipe: {fifo: true}
    processes:
      server:
        run: [prod, "${scratch}/input.txt", "${port}"]
        from: reference
        env: {MODE: fast, DATA: "${suite_dir}/data"}
        capture: {pid: "pid=(\\d+)"}
        stdout:
          - "exact\n"
          - {contains: [a, b], normalize: [trailing_space, crlf]}
          - {not_contains: error}
          - {matches: "(?m)^ok$", normalize: case}
          - {unordered_lines: [x, {matches: "y+"}]}
          - {in_order: [first, last]}
          - {line_count: 4}
          - {numbers: [1.5, -2, 3e3], tolerance: 0.01}
          - {numbers: [7], relative: 0.1}
        stderr: {empty: true}
        exit: [0, 1]
        cpu: {max: 200ms, max_ratio: 0.25}
        duration: {min: 1s, max: 15s}
        timeout: 12s
        uses: {mechanisms: [posix_shm, fork], calls: {mq_timedsend: ">=1", kill: "== 2"}}
        not_uses: [sysv_shm]
      client:
        run: cons --pid ${pid} 'two words' "a \"q\"" $$HOME
        tty: true
        start: {when: {stdout_of: server, matches: ready}, after: 500ms}
        signals:
          - {send: SIGUSR1, at: 100ms}
          - {send: USR2, after: 20ms, to: group}
          - {send: SIGINT, when: {captured: pid}}
        stdin:
          - {write: "a\n"}
          - {wait: 100ms}
          - {wait_for: {listening: "tcp:${port}"}}
          - {wait_for: {exists: "${scratch}/flag"}}
          - {wait_for: {exited: server}}
          - {wait_for: {stdout: "prompt> "}}
          - close
        stdout: {same_as: reference}
        exit: {signal: SIGINT}
      checker:
        run: slow_writer ${reference_dir}
        start: {after_exit: client}
        stdin: {generate: {bytes: 16MiB, seed: 7}}
        stdout: [{same_as: stdin}, {sha256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08}, {bytes: 16777216}]
        exit: nonzero
      lines:
        run: cat
        stdin: {generate: {lines: 1000, width: 72, seed: 1}}
        exit: any
        stdout: {numbers: [8], tolerance: 0.5, relative: true, normalize: [blank_lines, final_newline]}
  - name: steps take ids or number themselves
    visibility: hidden
    leaks: forbid
    steps:
      - run: prod
        stdin: [{write: x}]
      - id: check
        run: cat
        exit: 3
)yaml";

Suite load_every_key() {
  LoadResult result = load_suite_text(kEveryKey, "suites/everything/suite.yaml");
  for (const Diagnostic& d : result.diagnostics) UNSCOPED_INFO(d.str());
  REQUIRE(result.diagnostics.empty());
  return *result.suite;
}

TEST_CASE("every suite and test key", "[spec]") {
  const Suite suite = load_every_key();
  CHECK(suite.id == "everything");
  CHECK(suite.build == "make");
  CHECK(suite.programs.at(1).not_uses.mechanisms == Strings{"sysv_shm"});
  CHECK(suite.defaults.kill_grace == 1500ms);
  CHECK(suite.defaults.limits.cpu == Duration(120000));
  CHECK(suite.defaults.limits.output == 65536u);
  CHECK(suite.defaults.limits.file_size == 4096u);
  CHECK(suite.defaults.leaks.mode == LeakPolicy::Mode::allow_some);
  CHECK(suite.defaults.leaks.allowed ==
        std::vector<LeakKind>{LeakKind::zombie, LeakKind::posix_mq});

  const TestSpec& test = suite.tests.at(0);
  CHECK(test.points == 0.5);
  CHECK(test.visibility == Visibility::after_due_date);
  CHECK(test.tags == Strings{"shm", "slow"});
  CHECK(test.hint == "Look at the semaphores.");
  CHECK(test.timeout == 20s);
  CHECK(test.repeat == 3);
  REQUIRE(test.leaks);
  CHECK(test.leaks->mode == LeakPolicy::Mode::allow);
  REQUIRE(test.files.size() == 3);
  CHECK(test.files[0].name == "input.txt");
  CHECK(test.files[0].content == "line ${test}\n");
  CHECK(test.files[0].mode == 0644);
  CHECK(test.files[1].mode == 0755);
  CHECK(test.files[2].fifo);
  CHECK(suite.tests.at(1).visibility == Visibility::hidden);
  CHECK(suite.tests.at(1).leaks->mode == LeakPolicy::Mode::forbid);
}

TEST_CASE("every process key of a reference server", "[spec]") {
  const Suite suite = load_every_key();
  const ProcessSpec& server = suite.tests.at(0).processes.at(0);
  CHECK(server.run == Strings{"prod", "${scratch}/input.txt", "${port}"});
  CHECK(server.from_reference);
  CHECK(server.env ==
        std::map<std::string, std::string>{{"DATA", "${suite_dir}/data"}, {"MODE", "fast"}});
  REQUIRE(server.captures.size() == 1);
  CHECK(server.captures[0].var == "pid");
  CHECK(server.captures[0].regex == "pid=(\\d+)");
  CHECK(server.exit.codes == std::vector<int>{0, 1});
  CHECK(server.cpu.max == 200ms);
  CHECK(server.cpu.max_ratio == 0.25);
  CHECK(server.duration.min == 1s);
  CHECK(server.duration.max == 15s);
  CHECK(server.timeout == 12s);
  CHECK(server.uses.mechanisms == Strings{"posix_shm", "fork"});
  CHECK(server.uses.calls ==
        std::map<std::string, std::string>{{"kill", "==2"}, {"mq_timedsend", ">=1"}});
  CHECK(server.not_uses.mechanisms == Strings{"sysv_shm"});
  REQUIRE(server.stderr_matchers.size() == 1);
  CHECK(server.stderr_matchers[0].kind == Matcher::Kind::empty);
}

TEST_CASE("every matcher kind with its operand and options", "[spec]") {
  const Suite suite = load_every_key();
  const auto& m = suite.tests.at(0).processes.at(0).stdout_matchers;
  REQUIRE(m.size() == 9);
  CHECK(m[0].kind == Matcher::Kind::equals);
  CHECK(m[0].text == "exact\n");
  CHECK(m[0].pos.line == 31);
  CHECK(m[1].kind == Matcher::Kind::contains);
  CHECK(m[1].texts == Strings{"a", "b"});
  CHECK(m[1].normalize == (kTrailingSpace | kCrlf));
  CHECK(m[2].kind == Matcher::Kind::not_contains);
  CHECK(m[2].texts == Strings{"error"});
  CHECK(m[3].kind == Matcher::Kind::matches);
  CHECK(m[3].text == "(?m)^ok$");
  CHECK(m[3].normalize == kCase);
  CHECK(m[4].kind == Matcher::Kind::unordered_lines);
  REQUIRE(m[4].lines.size() == 2);
  CHECK(m[4].lines[1].text == "y+");
  CHECK(m[4].lines[1].is_regex);
  CHECK(m[5].kind == Matcher::Kind::in_order);
  CHECK(m[6].kind == Matcher::Kind::line_count);
  CHECK(m[6].count == 4);
  CHECK(m[7].numbers == std::vector<double>{1.5, -2, 3000});
  CHECK(m[7].tolerance == 0.01);
  CHECK_FALSE(m[7].relative);
  CHECK(m[8].tolerance == 0.1);
  CHECK(m[8].relative);
}

TEST_CASE("every start, signal and stdin script form", "[spec]") {
  const Suite suite = load_every_key();
  const ProcessSpec& client = suite.tests.at(0).processes.at(1);
  CHECK(client.run == Strings{"cons", "--pid", "${pid}", "two words", "a \"q\"", "$$HOME"});
  CHECK(client.tty);
  REQUIRE(client.start.when);
  CHECK(client.start.when->kind == Condition::Kind::stdout_of);
  CHECK(client.start.when->process == "server");
  CHECK(client.start.when->regex == "ready");
  CHECK(client.start.after == 500ms);
  REQUIRE(client.signals.size() == 3);
  CHECK(client.signals[0].signo == SIGUSR1);
  CHECK(client.signals[0].timing == SignalSpec::Timing::at);
  CHECK(client.signals[0].delay == 100ms);
  CHECK(client.signals[1].signo == SIGUSR2);
  CHECK(client.signals[1].timing == SignalSpec::Timing::after);
  CHECK(client.signals[1].to_group);
  CHECK(client.signals[2].timing == SignalSpec::Timing::when);
  CHECK(client.signals[2].when->kind == Condition::Kind::captured);
  CHECK(client.signals[2].when->var == "pid");
  const auto& script = client.stdin_spec.script;
  CHECK(client.stdin_spec.kind == StdinSpec::Kind::script);
  REQUIRE(script.size() == 7);
  CHECK(script[0].data == "a\n");
  CHECK(script[1].wait == 100ms);
  CHECK(script[2].cond->address == "tcp:${port}");
  CHECK(script[3].cond->path == "${scratch}/flag");
  CHECK(script[4].cond->kind == Condition::Kind::exited);
  CHECK(script[5].cond->kind == Condition::Kind::stdout_self);
  CHECK(script[5].cond->regex == "prompt> ");
  CHECK(script[6].kind == StdinStep::Kind::close);
  CHECK(client.stdout_matchers.at(0).kind == Matcher::Kind::same_as_reference);
  CHECK(client.exit.kind == ExitExpect::Kind::signal);
  CHECK(client.exit.signal == SIGINT);
}

TEST_CASE("generated stdin, streamed matchers and other exits", "[spec]") {
  const TestSpec test = load_every_key().tests.at(0);
  const ProcessSpec& checker = test.processes.at(2);
  CHECK(checker.start.after_exit == "client");
  CHECK(checker.stdin_spec.kind == StdinSpec::Kind::generate_bytes);
  CHECK(checker.stdin_spec.bytes == 16u << 20);
  CHECK(checker.stdin_spec.seed == 7u);
  REQUIRE(checker.stdout_matchers.size() == 3);
  CHECK(checker.stdout_matchers[0].kind == Matcher::Kind::same_as_stdin);
  CHECK(checker.stdout_matchers[1].kind == Matcher::Kind::sha256);
  CHECK(checker.stdout_matchers[1].text ==
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  CHECK(checker.stdout_matchers[2].count == 16777216);
  CHECK(checker.exit.kind == ExitExpect::Kind::nonzero);
  const ProcessSpec& lines = test.processes.at(3);
  CHECK(lines.stdin_spec.kind == StdinSpec::Kind::generate_lines);
  CHECK(lines.stdin_spec.lines == 1000u);
  CHECK(lines.stdin_spec.width == 72u);
  CHECK(lines.exit.kind == ExitExpect::Kind::any);
  const Matcher& numbers = lines.stdout_matchers.at(0);
  CHECK(numbers.tolerance == 0.5);
  CHECK(numbers.relative);
  CHECK(numbers.normalize == (kBlankLines | kFinalNewline));
}

TEST_CASE("steps number themselves unless given an id", "[spec]") {
  const TestSpec test = load_every_key().tests.at(1);
  CHECK(test.sequential);
  REQUIRE(test.processes.size() == 2);
  CHECK(test.processes[0].id == "step1");
  CHECK(test.processes[1].id == "check");
  CHECK(test.processes[1].exit.codes == std::vector<int>{3});
  CHECK(test.processes[0].stdin_spec.script.at(0).data == "x");
}

}  // namespace
}  // namespace ipcgrade::spec
