// SUITE arguments: a suite directory, a suite file, or a folder of suites.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

namespace fs = std::filesystem;
using Paths = std::vector<fs::path>;

// A folder of suites `a` and `b`, a folder `c` without one, and a loose
// suite file, removed again at the end of the test.
struct SuiteTree {
  fs::path root = fs::temp_directory_path() / ("ipcgrade-suites-" + std::to_string(::getpid()));
  SuiteTree() {
    for (const char* name : {"a", "b"}) {
      fs::create_directories(root / name);
      std::ofstream(root / name / "suite.yaml") << "tests: []\n";
    }
    fs::create_directories(root / "c");
    std::ofstream(root / "single.yaml") << "tests: []\n";
  }
  ~SuiteTree() { fs::remove_all(root); }
  std::string arg(const std::string& rest) const { return (root / rest).string(); }
};

TEST_CASE("a suite directory, a suite file and a folder of suites", "[spec]") {
  const SuiteTree tree;
  std::vector<Diagnostic> diagnostics;
  CHECK(find_suite_files({tree.arg("a")}, diagnostics) == Paths{tree.root / "a" / "suite.yaml"});
  CHECK(find_suite_files({tree.arg("single.yaml")}, diagnostics) ==
        Paths{tree.root / "single.yaml"});
  CHECK(find_suite_files({tree.root.string()}, diagnostics) ==
        Paths{tree.root / "a" / "suite.yaml", tree.root / "b" / "suite.yaml"});
  CHECK(diagnostics.empty());
}

TEST_CASE("suite arguments come back sorted and once each", "[spec]") {
  const SuiteTree tree;
  std::vector<Diagnostic> diagnostics;
  const Paths found = find_suite_files(
      {tree.arg("b"), tree.arg("a/suite.yaml"), tree.arg("a"), tree.arg("./a/../a")}, diagnostics);
  CHECK(found == Paths{tree.root / "a" / "suite.yaml", tree.root / "b" / "suite.yaml"});
  CHECK(diagnostics.empty());
}

TEST_CASE("missing suites are diagnostics naming the argument", "[spec]") {
  const SuiteTree tree;
  std::vector<Diagnostic> diagnostics;
  CHECK(find_suite_files({tree.arg("nope"), tree.arg("c"), tree.arg("a")}, diagnostics) ==
        Paths{tree.root / "a" / "suite.yaml"});
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].str() == tree.arg("nope") + ": no such suite file or directory");
  CHECK(diagnostics[1].str() ==
        tree.arg("c") + ": no suite.yaml in this folder or the folders inside it");
}

TEST_CASE("a loaded suite file knows its file and folder", "[spec]") {
  const SuiteTree tree;
  const LoadResult result = load_suite_file(tree.root / "a" / "suite.yaml");
  REQUIRE(result.suite);
  CHECK(result.suite->id == "a");
  CHECK(result.suite->file == tree.root / "a" / "suite.yaml");
  CHECK(result.suite->dir == tree.root / "a");
}

}  // namespace
}  // namespace ipcgrade::spec
