#include "app/options.h"

#include <CLI/CLI.hpp>
#include <re2/re2.h>

namespace ipcgrade {

namespace {

void add_run_options(CLI::App& cmd, CommandLine& c) {
  cmd.add_option("SUITE", c.suites, "suite directory, suite file, or folder of suites");
  auto* sub = cmd.add_option("--submission", c.submission, "the submission directory")
                  ->check(CLI::ExistingDirectory);
  cmd.add_flag("--reference", c.reference, "grade the reference build itself")->excludes(sub);
  cmd.add_option("-j,--jobs", c.jobs, "tests at once (1 until isolation lands)")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--filter", c.filter, "run only tests whose name matches this RE2 regex");
  cmd.add_option("--repeat", c.repeat, "run every test N times")->check(CLI::PositiveNumber);
  cmd.add_option("--shard", c.shard, "run the K-th of N parts (K/N)");
  cmd.add_option("--time-scale", c.time_scale, "multiply timeouts and delays")
      ->check(CLI::PositiveNumber);
  cmd.add_flag("--keep", c.keep, "keep the scratch directory of each failed test");
  cmd.add_flag_function("-q,--quiet", [&c](std::int64_t) { c.verbosity = -1; },
                        "only failures and the closing line");
  cmd.add_flag_function("-v,--verbose", [&c](std::int64_t) { c.verbosity = 1; }, "more detail");
  cmd.add_option("--json", c.reports.json, "write the JSON report to this file");
  cmd.add_option("--junit", c.reports.junit, "write a JUnit XML report to this file");
}

}  // namespace

ParseOutcome parse_command_line(int argc, char** argv) {
  CommandLine c;
  CLI::App app{"ipcgrade: grades IPC programs against YAML suites"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ipcgrade 0.1");

  auto* run = app.add_subcommand("run", "run suites against a submission or the reference");
  add_run_options(*run, c);

  auto* validate = app.add_subcommand("validate", "check suites; print file:line:col errors");
  validate->add_option("SUITE", c.suites, "suites to check");

  auto* list = app.add_subcommand("list", "list the tests, their points and tags");
  list->add_option("SUITE", c.suites, "suites to list");
  list->add_flag("--json", c.json_listing, "as JSON");

  auto* selftest = app.add_subcommand(
      "selftest", "prove a suite: the reference passes every test and each fixture fails "
                  "exactly the tests its expect.yaml declares");
  selftest->add_option("SUITE", c.suites, "suites to prove");
  selftest->add_option("--fixture", c.fixtures, "only this fixture directory (repeatable)")
      ->check(CLI::ExistingDirectory);
  selftest->add_flag("--reference-only", c.reference_only, "only run the reference");
  selftest->add_option("--time-scale", c.time_scale, "multiply timeouts and delays")
      ->check(CLI::PositiveNumber);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage mistakes exit 2 as every other input error does; --help exits 0.
    const int code = app.exit(e);
    return {std::nullopt, code == 0 ? 0 : 2};
  }
  if (*validate) c.kind = CommandKind::validate;
  if (*list) c.kind = CommandKind::list;
  if (*selftest) c.kind = CommandKind::selftest;
  if (c.kind == CommandKind::run) {
    if (!c.submission && !c.reference) {
      std::cerr << "run: give --submission DIR, or --reference to grade the reference itself\n";
      return {std::nullopt, 2};
    }
    if (!c.filter.empty() && !RE2(c.filter, RE2::Quiet).ok()) {
      std::cerr << "run: --filter is not a valid regex: " << RE2(c.filter, RE2::Quiet).error()
                << "\n";
      return {std::nullopt, 2};
    }
  }
  if (c.suites.empty()) c.suites.push_back("suites");
  if (argc > 0) c.program_name = argv[0];
  return {c, 0};
}

}  // namespace ipcgrade
