// A fixture's expect.yaml: which tests a sample submission must fail, and
// with which failure kinds. `ipcgrade selftest` holds a suite to it.
//
//   bug: the child never closes the pipe's write end
//   fails:
//     empty input gives empty output: [timeout]
//
// A fixture kept outside fixtures/<suite>/ (fixtures/hostile/) names its
// suite, and may run only some of the suite's tests:
//
//   suite: pipe-relay
//   tests: [empty input gives empty output]
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
  std::string suite;               // the suite it is a submission for (optional)
  std::vector<std::string> tests;  // the only tests to run; empty: all
};

// nullopt with diagnostics when the file is missing or malformed.
std::optional<FixtureExpectation> load_expectation(const std::filesystem::path& file,
                                                   std::vector<Diagnostic>& diagnostics);

}  // namespace ipcgrade::spec
