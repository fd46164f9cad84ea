// Every suite mistake is a diagnostic with its whole message and position.
#include <catch2/catch.hpp>

#include "spec/spec_test_support.h"

namespace ipcgrade::spec {
namespace {

using testing::Errors;
using testing::errors_of;
using testing::test_errors;

TEST_CASE("an unknown key suggests the close one", "[spec]") {
  const std::string yaml =
      "programs: [prog]\n"
      "tests:\n"
      "  - name: t\n"
      "    timout: 5s\n"
      "    steps: [{run: prog}]\n";
  CHECK(errors_of(yaml) == Errors{"s.yaml:4:5: unknown key 'timout' (did you mean 'timeout'?)"});
}

TEST_CASE("an unknown key far from every known one has no suggestion", "[spec]") {
  CHECK(test_errors("    xyz: 1\n    steps: [{run: prog}]\n") ==
        Errors{"s.yaml:5:5: unknown key 'xyz'"});
  CHECK(errors_of("tests: []\ntitel: x\n") ==
        Errors{"s.yaml:2:1: unknown key 'titel' (did you mean 'title'?)"});
}

TEST_CASE("bad durations and sizes say what is expected", "[spec]") {
  const std::string yaml =
      "defaults:\n"
      "  timeout: 5x\n"
      "  limits: {memory: -1, output: 8MB, cpu: 0s}\n"
      "tests: []\n";
  CHECK(errors_of(yaml) ==
        Errors{"s.yaml:2:12: expected a duration like 250ms, 5s, 1.5s or 2m, got '5x'",
               "s.yaml:3:20: expected a size like 4096, 64KiB, 8MiB or 1GiB, got '-1'",
               "s.yaml:3:32: expected a size like 4096, 64KiB, 8MiB or 1GiB, got '8MB'",
               "s.yaml:3:42: expected a duration like 250ms, 5s, 1.5s or 2m, got '0s'"});
}

TEST_CASE("signals are checked by name", "[spec]") {
  const std::string body =
      "    processes:\n"
      "      p:\n"
      "        run: prog\n"
      "        signals:\n"
      "          - {send: SIGFOO, at: 1s}\n"
      "          - {send: 10, after: 1s}\n"
      "          - {send: usr1, after: 1s}\n"
      "        exit: {signal: SIGBAR}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:9:20: unknown signal 'SIGFOO'",
               "s.yaml:10:20: signals are written by name (SIGUSR1), not number: '10'",
               "s.yaml:11:20: unknown signal 'usr1' (did you mean 'USR1'?)",
               "s.yaml:12:24: unknown signal 'SIGBAR'"});
}

TEST_CASE("a signal is sent at exactly one moment", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "        signals: [{send: INT}, {send: INT, at: 1s, when: {exists: f}}]\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:7:19: a signal needs at, after or when",
               "s.yaml:7:52: a signal has one of at, after or when, got 'at' and 'when'"});
}

TEST_CASE("duplicate test names point at the first", "[spec]") {
  const std::string yaml =
      "programs: [prog]\n"
      "tests:\n"
      "  - name: x\n"
      "    steps: [{run: prog}]\n"
      "  - name: x\n"
      "    steps: [{run: prog}]\n";
  CHECK(errors_of(yaml) == Errors{"s.yaml:5:11: duplicate test name 'x' (first at line 3)"});
}

TEST_CASE("a command's program must be known", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: foo --bar\n"
      "      - run: [prog]\n"
      "      - run: helper x\n"
      "      - run: cat\n"
      "      - run: /bin/sh -c true\n"
      "      - run: ./prog\n";
  CHECK(test_errors(body) == Errors{"s.yaml:6:14: program 'foo' is not a program of this suite, a "
                                    "helper, or a command on PATH",
                                    "s.yaml:11:14: program './prog' is not a program of this "
                                    "suite, a helper, or a command on PATH"});
}

TEST_CASE("a command must split and name something", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog 'oops\n"
      "      - run: \"  \"\n"
      "      - run: {prog: 1}\n"
      "      - exit: 0\n";
  CHECK(test_errors(body) == Errors{"s.yaml:6:14: unterminated single quote in command",
                                    "s.yaml:7:14: a command needs a program to run",
                                    "s.yaml:8:14: expected a string or a list, got a map",
                                    "s.yaml:9:9: missing key 'run'"});
}

TEST_CASE("from: reference needs a suite program or helper", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - {run: cat, from: reference}\n"
      "      - {run: prog, from: reference}\n"
      "      - {run: prog, from: teacher}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:6:26: from: reference runs a program or helper of this suite, not 'cat'",
               "s.yaml:8:27: expected student or reference, got 'teacher'"});
}

TEST_CASE("a matcher has exactly one kind", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "        stdout: {equals: a, contains: b}\n"
      "        stderr: {normalize: [case]}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:7:29: a matcher has one kind, got 'equals' and 'contains'",
               "s.yaml:8:17: a matcher needs one of equals, contains, not_contains, matches, "
               "lines, unordered_lines, in_order, line_count, empty, numbers, same_as, sha256 "
               "or bytes"});
}

TEST_CASE("matcher operands are checked", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "        stdout:\n"
      "          - {sha256: abc}\n"
      "          - {bytes: -1}\n"
      "          - {line_count: many}\n"
      "          - {same_as: stderr}\n"
      "          - {empty: false}\n"
      "          - {lines: [a, {matches: x, equals: y}]}\n"
      "          - {contains: a, normalize: [trailing_spaces]}\n"
      "          - {equals: a, tolerance: 0.1}\n"
      "          - {numbers: [1, two]}\n"
      "          - [a]\n";
  CHECK(
      test_errors(body) ==
      Errors{
          "s.yaml:8:22: expected 64 hex digits (a SHA-256), got 'abc'",
          "s.yaml:9:21: expected a whole number >= 0, got '-1'",
          "s.yaml:10:26: expected a whole number >= 0, got 'many'",
          "s.yaml:11:23: expected stdin or reference, got 'stderr'",
          "s.yaml:12:21: expected true, got 'false'", "s.yaml:13:38: unknown key 'equals'",
          "s.yaml:14:39: unknown normalization 'trailing_spaces' (did you mean 'trailing_space'?)",
          "s.yaml:15:25: 'tolerance' goes with 'numbers'",
          "s.yaml:16:27: expected a number, got 'two'",
          "s.yaml:17:13: expected a matcher (a string or a map), got a list"});
}

TEST_CASE("regexes are compiled when the suite loads", "[spec]") {
  const std::string body =
      "    steps:\n"
      "      - run: prog\n"
      "        stdout: {matches: \"(\"}\n"
      "        stderr: {in_order: [{matches: \"[z-a]\"}]}\n"
      "        capture: {v: \"(\\\\d+)\", w: \"x+\", z: \"a**\"}\n";
  CHECK(test_errors(body) ==
        Errors{"s.yaml:7:27: invalid regex '(': missing ): (",
               "s.yaml:8:39: invalid regex '[z-a]': invalid character class range: z-a",
               "s.yaml:9:35: a capture regex needs exactly one group, got 0",
               "s.yaml:9:44: invalid regex 'a**': bad repetition operator: **"});
}

}  // namespace
}  // namespace ipcgrade::spec
