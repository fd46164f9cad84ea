// The launcher's promises (launcher.h) hold for programs in a box as they
// do on the host: a selection of process_launcher_test.cpp run through the
// box's launcher.
#include <signal.h>

#include <catch2/catch.hpp>

#include "box/box_test_support.h"

namespace ipcgrade::box {

using namespace box_test;
using namespace std::chrono_literals;

TEST_CASE("in a box: exit codes, signals, argv, environment, directory, both streams",
          "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  SECTION("exit codes") {
    for (int code : {0, 3}) {
      BoxRun run(box, request_for("exit_with", {std::to_string(code)}));
      const exec::ExitInfo& info = run.finished();
      CHECK(info.exited_normally());
      CHECK(info.exit_code() == code);
      CHECK_FALSE(info.group_survivors);
      CHECK_FALSE(info.pipes_held);
      CHECK(info.exited >= info.started);
    }
  }
  SECTION("death by a signal") {
    BoxRun run(box, request_for("crash_segv"));
    CHECK(run.finished().term_signal() == SIGSEGV);
  }
  SECTION("argv, environment and directory") {
    auto request = request_for("echo_args", {"", "two words"});
    request.argv[0] = "shown-name";
    BoxRun args(box, request);
    args.finished();
    CHECK(args.recorder.out == "[shown-name]\n[]\n[two words]\n");
    request = request_for("print_env");
    request.env = {"A=1", "EMPTY="};
    BoxRun env(box, request);
    env.finished();
    CHECK(env.recorder.out == "A=1\nEMPTY=\n");
    request = request_for("print_cwd");
    request.cwd = box.scratch.path();
    BoxRun cwd(box, request);
    cwd.finished();
    CHECK(cwd.recorder.out == box.scratch.path().string() + "\n");
  }
  SECTION("stdout and stderr apart, only three descriptors, own group, slot uid") {
    BoxRun both(box, request_for("write_both"));
    both.finished();
    CHECK(both.recorder.out == "to stdout\n");
    CHECK(both.recorder.err == "to stderr\n");
    BoxRun fds(box, request_for("list_fds"));
    fds.finished();
    CHECK(fds.recorder.out == "0 1 2\n");
    BoxRun group(box, request_for("print_pgid"));
    group.finished();
    CHECK(group.recorder.out == "leader\n");
    BoxRun ids(box, request_for("print_ids"));
    ids.finished();
    CHECK(ids.recorder.out == "uid 60000 gid 60000 groups 0 no_new_privs 1\n");
  }
  SECTION("a program that cannot run gives the host launcher's message") {
    const std::string missing = box.scratch.path().string() + "/missing";
    auto request = request_for("exit_with");
    request.exe = missing;
    BoxRun run(box, request);
    CHECK_FALSE(run.child);
    CHECK(run.error == "cannot run " + missing + ": No such file or directory");
  }
}

TEST_CASE("in a box: stop, kill, signals and their pending set", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  SECTION("SIGTERM ends a program at once") {
    BoxRun run(box, request_for("sleep_forever"));
    REQUIRE(run.child);
    run.child->stop(5s);
    const exec::ExitInfo& info = run.finished();
    CHECK(info.term_signal() == SIGTERM);
    CHECK(info.exited - info.started < 4s);
  }
  SECTION("a program that ignores SIGTERM is killed after the grace") {
    BoxRun run(box, request_for("ignore_term"));
    REQUIRE(run.until([&] { return run.recorder.out == "ready\n"; }));
    const auto stopped_at = exec::Clock::now();
    run.child->stop(200ms);
    CHECK(run.finished().term_signal() == SIGKILL);
    CHECK(run.recorder.exit->exited - stopped_at >= 200ms);
  }
  SECTION("a blocked signal stays pending, another one kills") {
    constexpr std::uint64_t usr1 = 1ull << (SIGUSR1 - 1);
    BoxRun run(box, request_for("block_usr1"));
    REQUIRE(run.until([&] { return run.recorder.out == "ready\n"; }));
    CHECK(run.child->pending_signals() == 0);
    REQUIRE(run.child->send_signal(SIGUSR1, false));
    CHECK(run.child->pending_signals() == usr1);
    REQUIRE(run.child->send_signal(SIGUSR2, true));
    CHECK(run.finished().term_signal() == SIGUSR2);
    CHECK_FALSE(run.child->send_signal(SIGUSR1, false));
  }
  SECTION("a flood ends when the observer kills the program") {
    BoxRun run(box, request_for("flood_stdout"));
    std::size_t seen = 0;
    run.recorder.on_chunk = [&](std::string_view chunk) {
      seen += chunk.size();
      if (seen >= (1u << 20)) run.child->kill_now();
    };
    CHECK(run.finished().term_signal() == SIGKILL);
  }
  SECTION("a Child destroyed while running is killed, and the box reaps it") {
    BoxRun run(box, request_for("sleep_forever"));
    REQUIRE(run.child);
    const pid_t pid = run.child->pid();
    run.child.reset();
    // The init reports the exit once it has reaped it; nobody listens.
    CHECK(run.until([&] { return ::kill(pid, 0) == -1; }));
    CHECK(run.recorder.finished_calls == 0);
  }
}

TEST_CASE("in a box: the end of a program is its exit, and stdin is fed", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  Box box(*isolation);
  REQUIRE(box.box);
  SECTION("a grandchild holding stdout is killed with the group") {
    BoxRun run(box, request_for("fork_grandchild"));
    const exec::ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK(info.group_survivors);
    CHECK_FALSE(info.pipes_held);
  }
  SECTION("a dead, unreaped child is not a survivor") {
    BoxRun run(box, request_for("fork_unwaited"));
    CHECK_FALSE(run.finished().group_survivors);
  }
  SECTION("a setsid() escapee holding stdout gives pipes_held") {
    BoxRun run(box, request_for("setsid_escape"));
    const exec::ExitInfo& info = run.finished();
    CHECK(info.exit_code() == 0);
    CHECK(info.pipes_held);
    CHECK_FALSE(info.group_survivors);
  }
  SECTION("1 MiB of stdin comes back byte for byte") {
    std::string data(1 << 20, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 % 251);
    auto request = request_for("cat_stdin");
    request.stdin_pipe = true;
    BoxRun run(box, request);
    run.child->write_stdin(data);
    run.child->close_stdin();
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out == data);
    CHECK(run.recorder.drained == 1);
  }
  SECTION("a terminal: one stream, input ended by VEOF") {
    auto request = request_for("cat_stdin");
    request.tty = true;
    request.stdin_pipe = true;
    BoxRun run(box, request);
    run.child->write_stdin("line\n");
    run.child->close_stdin();
    CHECK(run.finished().exit_code() == 0);
    CHECK(run.recorder.out == "line\n");
  }
}

}  // namespace ipcgrade::box
