#include "spec/expectation.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

namespace ipcgrade::spec {
namespace {

namespace fs = std::filesystem;

fs::path write_expectation(const std::string& text) {
  const fs::path file =
      fs::temp_directory_path() / ("ipcgrade-expect-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << text;
  return file;
}

}  // namespace

TEST_CASE("expect.yaml may name its suite and the only tests to run", "[expectation]") {
  const fs::path file = write_expectation(
      "bug: a fork bomb\n"
      "suite: pipe-relay\n"
      "tests: [empty input gives empty output]\n"
      "fails:\n"
      "  empty input gives empty output: [limit]\n");
  std::vector<Diagnostic> diagnostics;
  const auto want = load_expectation(file, diagnostics);
  fs::remove(file);
  REQUIRE(want);
  CHECK(diagnostics.empty());
  CHECK(want->suite == "pipe-relay");
  CHECK(want->tests == std::vector<std::string>{"empty input gives empty output"});
  CHECK(want->fails.at("empty input gives empty output") == std::vector<std::string>{"limit"});
}

TEST_CASE("expect.yaml's tests must be names", "[expectation]") {
  const fs::path file = write_expectation("bug: x\ntests: [[a]]\nfails: {}\n");
  std::vector<Diagnostic> diagnostics;
  const auto want = load_expectation(file, diagnostics);
  fs::remove(file);
  CHECK_FALSE(want);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].message == "expected a test name");
  CHECK(diagnostics[0].pos.line == 2);
}

}  // namespace ipcgrade::spec
