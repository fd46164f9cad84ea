// `tty: true` in the real launcher, against the helper programs: one pty
// for stdin, stdout and stderr, in the mode spec-format.md describes.
#include <signal.h>

#include <catch2/catch.hpp>

#include "exec/launcher_test_support.h"

namespace ipcgrade::exec {
namespace {

using namespace launcher_test;

LaunchRequest tty_request_for(const std::string& name, bool stdin_pipe) {
  LaunchRequest request = request_for(name);
  request.tty = true;
  request.stdin_pipe = stdin_pipe;
  return request;
}

}  // namespace

TEST_CASE("under tty the program's three streams are one terminal, its own", "[launcher]") {
  Run run(tty_request_for("print_terminal", false));
  CHECK(run.finished().exit_code() == 0);
  CHECK(run.recorder.out ==
        "isatty 1 1 1\n"
        "session leader 1 foreground 1\n"
        "echo 0 opost 0 icanon 1\n");
  CHECK(run.recorder.err.empty());
}

TEST_CASE("without tty no stream is a terminal", "[launcher]") {
  Run run(request_for("print_terminal"));
  run.finished();
  CHECK(run.recorder.out == "isatty 0 0 0\n");
}

TEST_CASE("under tty stderr arrives on the one stream and newlines stay newlines", "[launcher]") {
  Run run(tty_request_for("write_both", false));
  CHECK(run.finished().exit_code() == 0);
  CHECK(run.recorder.out == "to stdout\nto stderr\n");
  CHECK(run.recorder.err.empty());
  CHECK_FALSE(run.recorder.exit->pipes_held);
}

TEST_CASE("under tty input arrives by lines and close_stdin ends it", "[launcher]") {
  SECTION("a line is read before input ends; a partial last line then EOF") {
    Run run(tty_request_for("cat_stdin", true));
    run.child->write_stdin("one\n");
    REQUIRE(run.until([&] { return run.recorder.out == "one\n"; }));
    run.child->write_stdin("two");
    run.child->close_stdin();
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out == "one\ntwo");  // echo is off: each byte once
    CHECK(run.recorder.stdin_errors.empty());
  }
  SECTION("input ending with a newline, closed at once") {
    Run run(tty_request_for("cat_stdin", true));
    run.child->write_stdin("a\nb\n");
    run.child->close_stdin();
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out == "a\nb\n");
  }
  SECTION("nothing written: EOF at once") {
    Run run(tty_request_for("cat_stdin", true));
    run.child->close_stdin();
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out.empty());
  }
  SECTION("without a stdin pipe the terminal's input is empty") {
    Run run(tty_request_for("cat_stdin", false));
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out.empty());
  }
  CHECK(no_children_left());
}

TEST_CASE("under tty stop and kill reach the session's group", "[launcher]") {
  Run run(tty_request_for("ignore_term", false));
  REQUIRE(run.until([&] { return run.recorder.out == "ready\n"; }));
  run.child->stop(50ms);
  CHECK(run.finished().term_signal() == SIGKILL);
  CHECK(no_children_left());
}

}  // namespace ipcgrade::exec
