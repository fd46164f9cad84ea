// `ipcgrade selftest`: proves a suite. The reference must pass every test,
// and every fixture (a sample submission with an expect.yaml) must fail
// exactly the tests it declares, each with one of the declared kinds and no
// other kind (decisions.md 12).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "app/commands.h"
#include "app/session.h"
#include "judge/visible.h"
#include "spec/expectation.h"

namespace ipcgrade {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> fixtures_of(const spec::Suite& suite, const CommandLine& command) {
  std::vector<fs::path> dirs;
  if (!command.fixtures.empty()) {
    for (const auto& f : command.fixtures) dirs.emplace_back(f);
    return dirs;
  }
  const fs::path root = suite.dir.parent_path().parent_path() / "fixtures" / suite.id;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (fs::exists(entry.path() / "expect.yaml")) dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::string failure_summary(const TestResult& test) {
  std::string out;
  for (const auto& f : test.failures)
    out += fmt::format("\n      [{}] {}{}", to_string(f.kind),
                       f.process.empty() ? "" : f.process + ": ", visible(f.message));
  return out;
}

// The differences between what a fixture did and what it declares.
std::vector<std::string> compare(const SuiteResult& result, const spec::FixtureExpectation& want) {
  std::vector<std::string> problems;
  std::set<std::string> names;
  for (const auto& test : result.tests) {
    names.insert(test.name);
    auto declared = want.fails.find(test.name);
    if (declared == want.fails.end()) {
      if (test.status != Status::pass)
        problems.push_back(fmt::format("'{}' should pass but ended {}:{}", test.name,
                                       to_string(test.status), failure_summary(test)));
      continue;
    }
    if (test.status == Status::pass) {
      problems.push_back(fmt::format("'{}' should fail but passed", test.name));
      continue;
    }
    const std::set<std::string> allowed(declared->second.begin(), declared->second.end());
    bool any_declared = false;
    for (const auto& f : test.failures) {
      const std::string kind(to_string(f.kind));
      if (allowed.count(kind))
        any_declared = true;
      else
        problems.push_back(fmt::format("'{}' failed with kind {}, which expect.yaml does not "
                                       "declare:{}", test.name, kind, failure_summary(test)));
    }
    if (!any_declared && test.failures.empty())
      problems.push_back(fmt::format("'{}' ended {} without a failure", test.name,
                                     to_string(test.status)));
  }
  for (const auto& [name, kinds] : want.fails)
    if (!names.count(name))
      problems.push_back(fmt::format("expect.yaml names '{}', which is not a test of the suite{}",
                                     name, want.tests.empty() ? "" : " or not in its 'tests'"));
  return problems;
}

// A fixture's own `suite` and `tests` keys, checked against the suite.
std::vector<std::string> check_selection(const spec::Suite& suite,
                                         const spec::FixtureExpectation& want) {
  std::vector<std::string> problems;
  if (!want.suite.empty() && want.suite != suite.id)
    problems.push_back(fmt::format("expect.yaml is for the suite '{}', not '{}'", want.suite,
                                   suite.id));
  for (const auto& name : want.tests)
    if (std::none_of(suite.tests.begin(), suite.tests.end(),
                     [&](const auto& test) { return test.name == name; }))
      problems.push_back(fmt::format("expect.yaml's tests name '{}', which is not a test of the "
                                     "suite", name));
  return problems;
}

int prove_reference(const spec::Suite& suite, const CommandLine& command) {
  SessionOptions options;
  options.time_scale = command.time_scale;
  options.allow_namespaces = command.isolation != "none";
  Session session(options, nullptr);
  const RunReport report = session.run({suite});
  int problems = 0;
  for (const auto& test : report.suites.front().tests)
    if (test.status != Status::pass) {
      ++problems;
      std::cout << fmt::format("FAIL  {}  reference: '{}' ended {}:{}\n", suite.id, test.name,
                               to_string(test.status), failure_summary(test));
    }
  if (!problems)
    std::cout << fmt::format("ok    {}  reference passes all {} tests\n", suite.id,
                             report.suites.front().tests.size());
  return problems;
}

int prove_fixture(const spec::Suite& suite, const fs::path& dir, const CommandLine& command) {
  std::vector<spec::Diagnostic> diagnostics;
  auto want = spec::load_expectation(dir / "expect.yaml", diagnostics);
  for (const auto& d : diagnostics) std::cout << d.str() << "\n";
  if (!want) return 1;
  const std::string name = dir.filename().string();
  if (const auto wrong = check_selection(suite, *want); !wrong.empty()) {
    for (const auto& p : wrong)
      std::cout << fmt::format("FAIL  {}  fixture {}: {}\n", suite.id, name, p);
    return 1;
  }
  SessionOptions options;
  options.submission = dir;
  options.time_scale = command.time_scale;
  if (!want->tests.empty())
    options.select = [&want](const spec::Suite&, const spec::TestSpec& test) {
      return std::find(want->tests.begin(), want->tests.end(), test.name) != want->tests.end();
    };
  options.allow_namespaces = command.isolation != "none";
  Session session(options, nullptr);
  const RunReport report = session.run({suite});
  const auto problems = compare(report.suites.front(), *want);
  if (problems.empty()) {
    std::cout << fmt::format("ok    {}  fixture {}: fails exactly its {} declared tests\n",
                             suite.id, name, want->fails.size());
    return 0;
  }
  for (const auto& p : problems)
    std::cout << fmt::format("FAIL  {}  fixture {}: {}\n", suite.id, name, p);
  return 1;
}

}  // namespace

int command_selftest(const CommandLine& command) {
  auto suites = load_suites(command.suites);
  if (!suites) return 2;
  int passed = 0, failed = 0;
  for (const auto& suite : *suites) {
    if (command.fixtures.empty()) (prove_reference(suite, command) ? failed : passed)++;
    if (command.reference_only) continue;
    for (const auto& dir : fixtures_of(suite, command))
      (prove_fixture(suite, dir, command) ? failed : passed)++;
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed ? 1 : 0;
}

}  // namespace ipcgrade
