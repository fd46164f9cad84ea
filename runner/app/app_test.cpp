// End-to-end checks of the ipcgrade binary: exit statuses, and a report
// written whatever the tests did.
#include <chrono>
#include <csignal>

#include "app/app_test_support.h"

using namespace ipcgrade::app_test;
namespace fs = std::filesystem;

TEST_CASE("a passing run exits 0 and says so on the last line", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  CHECK(run_ipcgrade(s, "run suites/greet --reference") == 0);
  const std::string out = s.read("out.txt");
  CHECK(out.find("PASS  greet  says hello") != std::string::npos);
  CHECK(out.substr(out.rfind('\n', out.size() - 2) + 1) == "1 passed, 0 failed\n");
}

TEST_CASE("a failing student exits 1 with a JSON report and a reproduce line", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  s.write("student/greet.c", "#include <stdio.h>\nint main(void) { puts(\"bye\"); return 0; }\n");
  CHECK(run_ipcgrade(s, "run suites/greet --submission student --json r.json --junit r.xml") == 1);
  const auto report = nlohmann::json::parse(s.read("r.json"));
  const auto& test = report["suites"][0]["tests"][0];
  CHECK(test["status"] == "fail");
  CHECK(test["failures"][0]["kind"] == "output");
  CHECK(test["reproduce"] == std::string(IPCGRADE_BINARY) +
                                 " run suites/greet --submission student --filter '^says hello$'");
  CHECK(s.read("r.xml").find("<failure") != std::string::npos);
}

TEST_CASE("a failing reference is an error of the suite: exit 3, report still written", "[app]") {
  Scratch s;
  write_greet_suite(s, "  - name: wants bye\n    steps: [{run: greet, stdout: \"bye\\n\"}]\n");
  CHECK(run_ipcgrade(s, "run suites/greet --reference --json r.json") == 3);
  const auto report = nlohmann::json::parse(s.read("r.json"));
  const auto& test = report["suites"][0]["tests"][0];
  CHECK(test["status"] == "error");
  CHECK(test["failures"][0]["kind"] == "reference");
}

TEST_CASE("a malformed suite exits 2 with file:line:col and runs nothing", "[app]") {
  Scratch s;
  write_greet_suite(s, "  - name: typo\n    timout: 5s\n    steps: [{run: greet}]\n");
  CHECK(run_ipcgrade(s, "run suites/greet --reference --json r.json") == 2);
  CHECK(s.read("err.txt") ==
        "suites/greet/suite.yaml:4:5: unknown key 'timout' (did you mean 'timeout'?)\n");
  CHECK_FALSE(fs::exists(s.dir / "r.json"));
  CHECK(run_ipcgrade(s, "validate suites/greet") == 2);
}

TEST_CASE("a submission without the program fails with kind build", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  fs::create_directories(s.dir / "empty");
  CHECK(run_ipcgrade(s, "run suites/greet --submission empty --json r.json") == 1);
  const auto report = nlohmann::json::parse(s.read("r.json"));
  const auto& failure = report["suites"][0]["tests"][0]["failures"][0];
  CHECK(failure["kind"] == "build");
  CHECK(failure["message"] == "there is no greet.c (and no Makefile) to build greet from");
}

TEST_CASE("usage mistakes exit 2", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  CHECK(run_ipcgrade(s, "run suites/greet") == 2);  // neither --submission nor --reference
  CHECK(run_ipcgrade(s, "run suites/greet --reference --filter '('") == 2);
  CHECK(run_ipcgrade(s, "frobnicate") == 2);
}

// It threw out of main and aborted (exit 134), leaving no word of why.
TEST_CASE("a work directory that cannot be made exits 2 and says why", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  CHECK(run_ipcgrade(s, "run suites/greet --reference", "TMPDIR=/nonexistent") == 2);
  CHECK(s.read("err.txt").rfind("ipcgrade: cannot create a work directory under /nonexistent/", 0) ==
        0);
}

// Without a box the slot uid reaches its programs through every directory
// above the work directory; one it may not pass gave each test a false
// "Permission denied (is it executable?)".
TEST_CASE("without a box, a TMPDIR the slot uid cannot pass through exits 2", "[app]") {
  if (::geteuid() != 0) return;  // not root: no slot uid
  Scratch s;
  write_greet_suite(s, kGreetTest);
  fs::create_directories(s.dir / "private");
  fs::permissions(s.dir / "private", fs::perms::owner_all);
  CHECK(run_ipcgrade(s, "run suites/greet --reference --isolation none",
                     "TMPDIR=" + (s.dir / "private").string()) == 2);
  CHECK(s.read("err.txt").find("cannot reach the work directory") != std::string::npos);
  CHECK(s.read("err.txt").find("is mode 0700") != std::string::npos);
}

TEST_CASE("SIGINT stops the run: exit 130, a partial report, nothing left running", "[app]") {
  Scratch s;
  write_greet_suite(s,
                    "  - name: hangs\n    steps: [{run: greet, stdin: \"x\"}]\n"
                    "  - name: never runs\n    steps: [{run: greet}]\n");
  s.write("student/greet.c", "#include <unistd.h>\nint main(void) { for (;;) pause(); }\n");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::chdir(s.dir.c_str());
    ::freopen("out.txt", "w", stdout);
    ::execl(IPCGRADE_BINARY, "ipcgrade", "run", "suites/greet", "--submission", "student", "--json",
            "r.json", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait until the hanging program runs (its process exists), then interrupt.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool running = false;
  while (!running && std::chrono::steady_clock::now() < deadline) {
    running = std::system("pgrep -x greet >/dev/null") == 0;
    if (!running) ::usleep(10000);  // polling a condition, bounded by the deadline
  }
  REQUIRE(running);
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  const auto report = nlohmann::json::parse(s.read("r.json"));
  CHECK(report["suites"][0]["tests"][0]["status"] == "skipped");
  CHECK(report["suites"][0]["tests"][1]["status"] == "skipped");
  CHECK(std::system("pgrep -x greet >/dev/null") != 0);
}

TEST_CASE("a Makefile builds in a box of its own, where the suite is hidden", "[app]") {
  if (::geteuid() != 0) {
    WARN("needs root: a box per build is checked as root");
    return;
  }
  Scratch s;
  write_greet_suite(s, kGreetTest);
  // Readable by the slot uid on the host, so that only a box hides it.
  fs::permissions(s.dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  const fs::path suite_file = s.dir / "suites/greet/suite.yaml";
  const std::string host_pids = fs::read_symlink("/proc/self/ns/pid").string();
  // The build fails where it can see the suite, or runs in the host's PID
  // namespace.
  s.write("student/Makefile",
          "greet: greet.c\n"
          "\ttest ! -e " + suite_file.string() + "\n"
          "\ttest \"$$(readlink /proc/self/ns/pid)\" != '" + host_pids + "'\n"
          "\tcc -o greet greet.c\n");
  s.write("student/greet.c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
  const int status = run_ipcgrade(s, "run suites/greet --submission student --json r.json");
  const auto report = s.json("r.json");
  if (report["isolation"] != "box") {
    WARN("no box on this machine: " << s.read("out.txt"));
    return;
  }
  INFO(s.read("out.txt"));
  CHECK(status == 0);
  CHECK(report["suites"][0]["tests"][0]["status"] == "pass");
}
