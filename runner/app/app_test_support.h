// For the end-to-end tests of the ipcgrade binary only: a temporary
// directory to run it in, the run itself, and a tiny suite to run.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace ipcgrade::app_test {

namespace fs = std::filesystem;

struct Scratch {
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "ipcgrade-app-test-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  ~Scratch() { fs::remove_all(dir); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name) << text;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir / name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  nlohmann::json json(const std::string& name) const { return nlohmann::json::parse(read(name)); }
  fs::path dir;
};

// Runs ipcgrade with `args` in the scratch directory, its output in out.txt
// and err.txt there; returns its exit status. The run does not see the
// GitHub Actions variables of a CI job running these tests (it would
// annotate and fill that job's summary), only those of `env` ("A=1 B=2").
inline int run_ipcgrade(const Scratch& s, const std::string& args, const std::string& env = "") {
  const std::string command = "cd '" + s.dir.string() +
                              "' && env -u GITHUB_ACTIONS -u GITHUB_STEP_SUMMARY " + env + " '" +
                              IPCGRADE_BINARY "' " + args + " >out.txt 2>err.txt </dev/null";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A suite with one program, `greet`, whose reference prints "hello".
inline void write_greet_suite(const Scratch& s, const std::string& tests) {
  s.write("suites/greet/suite.yaml", "programs: [greet]\ntests:\n" + tests);
  s.write("reference/greet/greet.c",
          "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
}

inline const char* const kGreetTest =
    "  - name: says hello\n"
    "    steps: [{run: greet, stdout: \"hello\\n\"}]\n";

// A JSON report without its timings, which differ from run to run.
inline nlohmann::json without_durations(nlohmann::json j) {
  if (j.is_object()) {
    j.erase("duration_ms");
    for (auto& [key, value] : j.items()) value = without_durations(value);
  } else if (j.is_array()) {
    for (auto& value : j) value = without_durations(value);
  }
  return j;
}

}  // namespace ipcgrade::app_test
