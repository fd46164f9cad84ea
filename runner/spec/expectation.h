// A fixture's expect.yaml: which tests a sample submission must fail, and
// with which failure kinds. `ipcgrade selftest` holds a suite to it.
//
//   bug: the child never closes the pipe's write end
//   fails:
//     empty input gives empty output: [timeout]
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "spec/loader.h"

namespace ipcgrade::spec {

struct FixtureExpectation {
  std::string bug;  // what is wrong with it, in a sentence
  // test name -> failure kinds it may show (at least one must appear)
  std::map<std::string, std::vector<std::string>> fails;
};

// nullopt with diagnostics when the file is missing or malformed.
std::optional<FixtureExpectation> load_expectation(const std::filesystem::path& file,
                                                   std::vector<Diagnostic>& diagnostics);

}  // namespace ipcgrade::spec
