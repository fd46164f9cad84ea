// The loader's checks across a test: structure, ids, variables, files,
// stdin, exit, leaks and mechanisms, each asserted with its position.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "spec/spec_test_support.h"

namespace ipcgrade::spec {
namespace {

using testing::Errors;
using testing::errors_of;
using testing::test_errors;

TEST_CASE("a test has steps or processes, exactly one of them", "[spec]") {
  const std::string yaml =
      "programs: [prog]\n"
      "tests:\n"
      "  - name: both\n"
      "    steps: [{run: prog}]\n"
      "    processes: {p: {run: prog}}\n"
      "  - name: neither\n"
      "    points: 1\n";
  CHECK(errors_of(yaml) == Errors{"s.yaml:5:5: a test has steps or processes, not both",
                                  "s.yaml:6:5: a test needs steps or processes"});
}

TEST_CASE("a missing key points at the map that lacks it", "[spec]") {
  CHECK(errors_of("programs: [prog]\n") == Errors{"s.yaml:1:1: missing key 'tests'"});
  const std::string yaml =
      "tests:\n"
      "  - points: 2\n"
      "    steps: [{run: cat}]\n";
  CHECK(errors_of(yaml) == Errors{"s.yaml:2:5: missing key 'name'"});
}

TEST_CASE("wrong types say what was expected and what was found", "[spec]") {
  const std::string yaml =
      "title: [a, b]\n"
      "defaults: fast\n"
      "helpers: h\n"
      "tests:\n"
      "  - name: {a: 1}\n"
      "    tags: x\n"
      "    steps: {run: cat}\n";
  CHECK(errors_of(yaml) == Errors{"s.yaml:1:8: expected a string, got a list",
                                  "s.yaml:2:11: expected a map, got a string",
                                  "s.yaml:3:10: expected a list, got a string",
                                  "s.yaml:5:11: expected a string, got a map",
                                  "s.yaml:6:11: expected a list, got a string",
                                  "s.yaml:7:12: expected a list, got a map"});
}

TEST_CASE("step ids are unique, given or by default", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "      - {id: step1, run: prog}\n"
      "      - {id: x, run: prog}\n"
      "      - {id: x, run: prog}\n";
  CHECK(test_errors(body) == Errors{"s.yaml:7:9: duplicate process id 'step1' (first at line 6)",
                                    "s.yaml:9:9: duplicate process id 'x' (first at line 8)"});
}

TEST_CASE("after_exit, stdout_of and exited must name a process of the test", "[spec]") {
  const std::string body =
      "    processes:\n"
      "      server: {run: prog}\n"
      "      client:\n"
      "        run: other\n"
      "        start: {after_exit: sever}\n"
      "        signals: [{send: INT, when: {stdout_of: nobody, matches: x}}]\n"
      "        stdin: [{wait_for: {exited: srv}}]\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:9:29: unknown process id 'sever' (did you mean 'server'?)",
               "s.yaml:10:49: unknown process id 'nobody'",
               "s.yaml:11:37: unknown process id 'srv'"});
}

TEST_CASE("a process cannot wait for itself to start", "[spec]") {
  const std::string body =
      "    processes:\n"
      "      a: {run: prog, start: {after_exit: a}}\n"
      "      b: {run: prog, start: {when: {stdout: ready}}}\n"
      "      c: {run: prog, start: {when: {exists: f}, after_exit: a}}\n"
      "      d: {run: prog, start: {}}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:6:42: process 'a' cannot wait for itself to start",
               "s.yaml:7:36: process 'b' cannot wait for itself to start",
               "s.yaml:8:49: start waits for one event, got 'when' and 'after_exit'",
               "s.yaml:9:29: start needs after, after_exit or when"});
}

TEST_CASE("conditions have one kind and a well-formed operand", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "        stdin:\n"
      "          - wait_for: {exists: f, exited: step1}\n"
      "          - wait_for: {listening: \"tcp:99999\"}\n"
      "          - wait_for: {listening: \"unix:\"}\n"
      "          - wait_for: {stdout_of: step1}\n"
      "          - wait_for: {stdout: x, matches: y}\n"
      "          - wait_for: {}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:8:35: a condition has one kind, got 'exists' and 'exited'",
               "s.yaml:9:35: expected tcp:PORT, udp:PORT or unix:PATH, got 'tcp:99999'",
               "s.yaml:10:35: expected tcp:PORT, udp:PORT or unix:PATH, got 'unix:'",
               "s.yaml:11:23: missing key 'matches'",
               "s.yaml:12:35: 'matches' goes with 'stdout_of'",
               "s.yaml:13:23: a condition needs one of stdout, stdout_of, exists, listening, "
               "exited or captured"});
}

TEST_CASE("variables must be built in or captured in the same test", "[spec]") {
  const std::string body =
      "    processes:\n"
      "      a:\n"
      "        run: prog ${key} ${foo}\n"
      "        stdout: {contains: [\"${port}\", \"$${cost}\", \"${pid}\"]}\n"
      "        env: {X: \"${scratch\"}\n"
      "      b:\n"
      "        run: other ${pid}\n"
      "        start: {when: {captured: pid}}\n"
      "        stdin: [{wait_for: {captured: pdi}}]\n"
      "      c:\n"
      "        run: other\n"
      "        capture: {pid: \"pid (\\\\d+)\"}\n";
  CHECK(test_errors(body) == Errors{"s.yaml:7:14: unknown variable '${foo}'",
                                    "s.yaml:9:18: unterminated variable '${scratch'",
                                    "s.yaml:13:39: unknown captured variable 'pdi' (did you "
                                    "mean 'pid'?)"});
}

TEST_CASE("captures are named once, not after built-in variables", "[spec]") {
  const std::string body =
      "    processes:\n"
      "      a: {run: prog, capture: {v: \"(x)\", key: \"(y)\", \"a-b\": \"(z)\"}}\n"
      "      b: {run: prog, capture: {v: \"(w)\"}}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:6:42: 'key' is a built-in variable; choose another name",
               "s.yaml:6:54: expected a variable name (letters, digits and _), got 'a-b'",
               "s.yaml:7:32: variable 'v' is captured twice (first at line 6)"});
}

TEST_CASE("student programs cannot be given the suite or reference directory", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog ${suite_dir}/in.txt\n"
      "      - run: [prog, \"${reference_dir}\"]\n"
      "      - {run: prog, env: {D: \"${suite_dir}\"}, stdin: \"${suite_dir}\"}\n"
      "      - {run: prog, from: reference, stdin: \"${suite_dir}\"}\n"
      "      - run: helper ${suite_dir}\n"
      "      - run: cat ${reference_dir}/x\n"
      "      - {run: prog, stdout: {contains: \"${suite_dir}\"}}\n";
  const std::string message =
      "student programs cannot read the suite directory; pass data through files or stdin";
  CHECK(test_errors(body) == Errors{"s.yaml:6:14: " + message, "s.yaml:7:21: " + message,
                                    "s.yaml:8:30: " + message, "s.yaml:8:54: " + message});
}

TEST_CASE("files, which student programs read, cannot name the suite directory", "[spec]") {
  const std::string body =
      "    files:\n"
      "      conf: \"${suite_dir}/x\"\n"
      "      ${reference_dir}: {content: x}\n"
      "      ok: \"${scratch}/y\"\n"
      "    steps: [{run: helper}]\n";
  const std::string message =
      "student programs cannot read the suite directory; pass data through files or stdin";
  CHECK(test_errors(body) == Errors{"s.yaml:6:13: " + message, "s.yaml:7:7: " + message});
}

TEST_CASE("stdin forms are checked", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - {run: prog, stdin: {file: missing.txt}}\n"
      "      - {run: prog, stdin: {file: a, generate: {bytes: 1}}}\n"
      "      - {run: prog, stdin: {generate: {bytes: 1KiB, lines: 3}}}\n"
      "      - {run: prog, stdin: {generate: {bytes: 1, width: 10}}}\n"
      "      - {run: prog, stdin: [{write: a}, {wait: soon}, open, close, {write: b}]}\n"
      "      - {run: prog, stdin: [{write: a, wait: 1s}]}\n"
      "      - {run: prog, stdin: }\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:6:35: stdin file 'missing.txt' not found in the suite directory",
               "s.yaml:7:38: stdin has one form, got 'file' and 'generate'",
               "s.yaml:8:53: generate makes bytes or lines, got 'bytes' and 'lines'",
               "s.yaml:9:50: 'width' goes with 'lines'",
               "s.yaml:10:48: expected a duration like 250ms, 5s, 1.5s or 2m, got 'soon'",
               "s.yaml:10:55: expected write, wait, wait_for or close, got 'open'",
               "s.yaml:10:68: nothing can follow close in a stdin script",
               "s.yaml:11:40: a script step does one thing, got 'write' and 'wait'",
               "s.yaml:12:21: expected a string, a map or a list, got nothing"});
}

TEST_CASE("a stdin file is found relative to the suite directory", "[spec]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ipcgrade-spec-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "data");
  std::ofstream(dir / "data" / "in.txt") << "x\n";
  const std::string yaml =
      testing::one_test("    steps: [{run: prog, stdin: {file: data/in.txt}}]\n");
  const LoadResult result = load_suite_text(yaml, dir / "suite.yaml");
  std::filesystem::remove_all(dir);
  REQUIRE(result.diagnostics.empty());
  const StdinSpec& in = result.suite->tests.at(0).processes.at(0).stdin_spec;
  CHECK(in.kind == StdinSpec::Kind::file);
  CHECK(in.file == dir / "data" / "in.txt");
  CHECK(result.suite->id == dir.filename());
}

TEST_CASE("files are relative, with octal modes, and FIFOs have no content", "[spec]") {
  const std::string body =
      "    files:\n"
      "      /etc/passwd: x\n"
      "      ../up: x\n"
      "      a: {content: x, mode: 0999}\n"
      "      f: {fifo: true, content: x}\n"
      "      g: [x]\n"
      "    steps: [{run: prog}]\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:6:7: a file name is a relative path inside the scratch directory, got "
               "'/etc/passwd'",
               "s.yaml:7:7: a file name is a relative path inside the scratch directory, got "
               "'../up'",
               "s.yaml:8:29: expected an octal mode like 0644, got '0999'",
               "s.yaml:9:23: a FIFO has no content",
               "s.yaml:10:10: expected a string or a map, got a list"});
}

TEST_CASE("exit expectations are codes, nonzero, any or a signal", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - {run: prog, exit: 256}\n"
      "      - {run: prog, exit: [0, x]}\n"
      "      - {run: prog, exit: []}\n"
      "      - {run: prog, exit: {signal: 9}}\n"
      "      - {run: prog, exit: {code: 1}}\n";
  const std::string expected =
      "expected an exit status 0-255, a list of them, nonzero, any or {signal: NAME}, got ";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:6:27: " + expected + "'256'", "s.yaml:7:31: " + expected + "'x'",
               "s.yaml:8:27: " + expected + "a list",
               "s.yaml:9:36: signals are written by name (SIGUSR1), not number: '9'",
               "s.yaml:10:27: missing key 'signal'", "s.yaml:10:28: unknown key 'code'"});
}

TEST_CASE("leak policies name the documented kinds", "[spec]") {
  const std::string body =
      "    leaks: {allow: [fifo, sysv_sm]}\n"
      "    steps: [{run: prog}]\n"
      "  - name: u\n"
      "    leaks: sometimes\n"
      "    steps: [{run: prog}]\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:5:27: unknown leak kind 'sysv_sm' (did you mean 'sysv_shm'?)",
               "s.yaml:8:12: expected forbid, allow or {allow: [kinds]}, got 'sometimes'"});
}

TEST_CASE("uses and not_uses take mechanisms and system-call counts", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "        uses: [sysv_msgq, fork]\n"
      "        not_uses: {mechanisms: [pipe], calls: {mq_send: \">=1\", msgsnd: \"1\", kill: \">= "
      "x\"}}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:7:16: unknown mechanism 'sysv_msgq' (did you mean 'sysv_msg'?)",
               "s.yaml:8:48: 'mq_send' is a library function; count the system call "
               "'mq_timedsend'",
               "s.yaml:8:72: expected a count like \">=1\" (>=, <=, ==, > or < and a whole "
               "number), got '1'",
               "s.yaml:8:83: expected a count like \">=1\" (>=, <=, ==, > or < and a whole "
               "number), got '>= x'"});
}

TEST_CASE("only kill and signal_handler take signals", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "        uses: [{pipe: SIGUSR1}, {kill: SIGFOO}]\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:7:17: only kill and signal_handler take signals, got 'pipe'",
               "s.yaml:7:40: unknown signal 'SIGFOO'"});
}

TEST_CASE("numbers, counts, choices and flags are checked", "[spec]") {
  const std::string body =
      "    points: -1\n"
      "    repeat: 0\n"
      "    visibility: secret\n"
      "    build: make\n"
      "    steps:\n"
      "      - {run: prog, tty: yes, cpu: {}, duration: {min: 2s, max: 1s}}\n"
      "      - {run: prog, cpu: {max_ratio: lots}, env: {\"A-B\": x}, timeout: 0ms}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:5:13: expected a number >= 0, got '-1'",
               "s.yaml:6:13: expected a whole number from 1 to 1000000, got '0'",
               "s.yaml:7:17: expected visible, hidden, after_due_date or after_published, got "
               "'secret'",
               "s.yaml:8:5: unknown key 'build'", "s.yaml:10:26: expected true or false, got 'yes'",
               "s.yaml:10:36: cpu needs max or max_ratio",
               "s.yaml:10:50: duration min is above max",
               "s.yaml:11:38: expected a number >= 0, got 'lots'",
               "s.yaml:11:51: expected an environment variable name, got 'A-B'",
               "s.yaml:11:71: expected a duration like 250ms, 5s, 1.5s or 2m, got '0ms'"});
}

TEST_CASE("programs and helpers are plain names, each given once", "[spec]") {
  const std::string yaml =
      "programs: [a, b/c, {a: {uses: [pipe]}}, [x]]\n"
      "helpers: [a]\n"
      "build: cmake\n"
      "tests: []\n";
  CHECK(errors_of(yaml) ==
        Errors{"s.yaml:1:15: a program name is a file name without '/', got 'b/c'",
               "s.yaml:1:21: duplicate program 'a' (first at line 1)",
               "s.yaml:1:41: expected a program name or {name: {uses: ...}}, got a list",
               "s.yaml:2:11: duplicate program 'a' (first at line 1)",
               "s.yaml:3:8: expected auto or make, got 'cmake'"});
}

TEST_CASE("every mistake is reported, sorted by position, and no suite is given", "[spec]") {
  const std::string yaml =
      "tests:\n"
      "  - name: t\n"
      "    steps: [{run: cat, stdout: {matches: \"(\"}, timeout: 1x}]\n"
      "defaults: {timeout: never}\n"
      "suite: [x]\n";
  const LoadResult result = load_suite_text(yaml, "s.yaml");
  CHECK_FALSE(result.suite);
  std::vector<std::string> got;
  for (const Diagnostic& d : result.diagnostics) got.push_back(d.str());
  CHECK(got == Errors{"s.yaml:3:42: invalid regex '(': missing ): (",
                      "s.yaml:3:57: expected a duration like 250ms, 5s, 1.5s or 2m, got '1x'",
                      "s.yaml:4:21: expected a duration like 250ms, 5s, 1.5s or 2m, got 'never'",
                      "s.yaml:5:8: expected a string, got a list"});
}

TEST_CASE("a file that cannot be read is a diagnostic without a line", "[spec]") {
  const LoadResult result = load_suite_file("/nonexistent/suite.yaml");
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].str() ==
        "/nonexistent/suite.yaml: cannot read the suite file: No such file or directory");
}

}  // namespace
}  // namespace ipcgrade::spec
