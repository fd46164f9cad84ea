// End-to-end checks of the ipcgrade binary: exit statuses, and a report
// written whatever the tests did.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

struct Scratch {
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "ipcgrade-app-test-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  ~Scratch() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name) << text;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir;
};

// Runs ipcgrade with `args` in `cwd`; returns its exit status.
int ipcgrade(const Scratch& s, const std::string& args) {
  const std::string command = "cd '" + s.dir.string() + "' && '" IPCGRADE_BINARY "' " + args +
                              " >out.txt 2>err.txt </dev/null";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A suite with one program, `greet`, whose reference prints "hello".
void write_greet_suite(const Scratch& s, const std::string& tests) {
  s.write("suites/greet/suite.yaml", "programs: [greet]\ntests:\n" + tests);
  s.write("reference/greet/greet.c",
          "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
}

const char* kGreetTest =
    "  - name: says hello\n"
    "    steps: [{run: greet, stdout: \"hello\\n\"}]\n";

}  // namespace

TEST_CASE("a passing run exits 0 and says so on the last line", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  CHECK(ipcgrade(s, "run suites/greet --reference") == 0);
  const std::string out = s.read("out.txt");
  CHECK(out.find("PASS  greet  says hello") != std::string::npos);
  CHECK(out.substr(out.rfind('\n', out.size() - 2) + 1) == "1 passed, 0 failed\n");
}

TEST_CASE("a failing student exits 1 with a JSON report and a reproduce line", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  s.write("student/greet.c", "#include <stdio.h>\nint main(void) { puts(\"bye\"); return 0; }\n");
  CHECK(ipcgrade(s, "run suites/greet --submission student --json r.json --junit r.xml") == 1);
  const auto report = nlohmann::json::parse(s.read("r.json"));
  const auto& test = report["suites"][0]["tests"][0];
  CHECK(test["status"] == "fail");
  CHECK(test["failures"][0]["kind"] == "output");
  CHECK(test["reproduce"] ==
        std::string(IPCGRADE_BINARY) +
            " run suites/greet --submission student --filter '^says hello$'");
  CHECK(s.read("r.xml").find("<failure") != std::string::npos);
}

TEST_CASE("a failing reference is an error of the suite: exit 3, report still written",
          "[app]") {
  Scratch s;
  write_greet_suite(s, "  - name: wants bye\n    steps: [{run: greet, stdout: \"bye\\n\"}]\n");
  CHECK(ipcgrade(s, "run suites/greet --reference --json r.json") == 3);
  const auto report = nlohmann::json::parse(s.read("r.json"));
  const auto& test = report["suites"][0]["tests"][0];
  CHECK(test["status"] == "error");
  CHECK(test["failures"][0]["kind"] == "reference");
}

TEST_CASE("a malformed suite exits 2 with file:line:col and runs nothing", "[app]") {
  Scratch s;
  write_greet_suite(s, "  - name: typo\n    timout: 5s\n    steps: [{run: greet}]\n");
  CHECK(ipcgrade(s, "run suites/greet --reference --json r.json") == 2);
  CHECK(s.read("err.txt") ==
        "suites/greet/suite.yaml:4:5: unknown key 'timout' (did you mean 'timeout'?)\n");
  CHECK_FALSE(fs::exists(s.dir / "r.json"));
  CHECK(ipcgrade(s, "validate suites/greet") == 2);
}

TEST_CASE("a submission without the program fails with kind build", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  fs::create_directories(s.dir / "empty");
  CHECK(ipcgrade(s, "run suites/greet --submission empty --json r.json") == 1);
  const auto report = nlohmann::json::parse(s.read("r.json"));
  const auto& failure = report["suites"][0]["tests"][0]["failures"][0];
  CHECK(failure["kind"] == "build");
  CHECK(failure["message"] == "there is no greet.c (and no Makefile) to build greet from");
}

TEST_CASE("usage mistakes exit 2", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  CHECK(ipcgrade(s, "run suites/greet") == 2);  // neither --submission nor --reference
  CHECK(ipcgrade(s, "run suites/greet --reference --filter '('") == 2);
  CHECK(ipcgrade(s, "frobnicate") == 2);
}
